//! Priority extraction measured on an evaluation set: strategy texts written for this test in the
//! layouts real smart-specialisation strategies use (Swedish web pages and PDF extractions; Greek,
//! Spanish, Polish, Finnish, Irish, Dutch, Italian, Portuguese, Austrian, Czech, German, French,
//! Baltic, Croatian, Hungarian, Belgian, Slovak, Norwegian, Danish, Romanian, Bulgarian,
//! Cypriot and Slovenian strategies in English), each with
//! hand labels beside it (`NAME.labels.toml`: issuer (and other names the text gives it), priority
//! areas as written, supporting areas,
//! and the themes each should be linked to).
//!
//! The real binary builds all texts into one store; the priorities and their themes are read back
//! with SPARQL and compared with the labels. A found priority whose label is neither a labelled
//! priority nor a labelled supporting area is a fragment.
//!
//! Theme keys in the labels are theme ids or theme labels (any language), so that they name the
//! concept a reader expects however the vocabulary spells it; `themes` are expected, `also` are
//! acceptable (a description that names sensors may link the sensors theme).

use crate::common::{Env, fixture};
use partnergraph::resolve::{fold, slug};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

#[derive(Deserialize)]
struct Labels {
    issuer: String,
    /// Other names the text gives the same body (`Marshal's Office` and `Management Board` of one
    /// voivodeship's self-government); any of them is right.
    #[serde(default)]
    issuer_also: Vec<String>,
    #[serde(default)]
    priority: Vec<Area>,
    #[serde(default)]
    supporting: Vec<Area>,
    /// Written after the extraction rules, to check that they generalise; reported apart.
    #[serde(default)]
    heldout: bool,
    /// A round of held-out texts written together (`probe-2`), whose figures are also reported
    /// on their own: what a round measured before the rules were changed for it is its finding.
    #[serde(default)]
    batch: Option<String>,
}

#[derive(Deserialize)]
struct Area {
    phrase: String,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    also: Vec<String>,
}

/// Case, punctuation and whitespace do not make two labels different.
fn norm(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("strategy-eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The graph a text is built into: its file stem as the build names it (`es-basque-pdf` folds to
/// `es-basqu-pdf`).
fn source_id(path: &std::path::Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    slug(&fold(name.split('.').next().unwrap()))
}

fn labels(path: &std::path::Path) -> Labels {
    let file = path.with_extension("labels.toml");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

struct Found {
    label: String,
    themes: BTreeSet<String>,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

/// Counts of one text or of a set of texts.
#[derive(Default)]
struct Tally {
    labelled: usize,
    recalled: usize,
    supporting: usize,
    supporting_found: usize,
    found: usize,
    links: usize,
    right_links: usize,
    with_theme: usize,
    themed: usize,
    unplaced: usize,
    misses: Vec<String>,
    fragments: Vec<String>,
    wrong_links: Vec<String>,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.labelled += o.labelled;
        self.recalled += o.recalled;
        self.supporting += o.supporting;
        self.supporting_found += o.supporting_found;
        self.found += o.found;
        self.links += o.links;
        self.right_links += o.right_links;
        self.with_theme += o.with_theme;
        self.themed += o.themed;
        self.unplaced += o.unplaced;
        self.misses.extend(o.misses.iter().cloned());
        self.fragments.extend(o.fragments.iter().cloned());
        self.wrong_links.extend(o.wrong_links.iter().cloned());
    }

    fn recall(&self) -> f64 {
        ratio(self.recalled, self.labelled)
    }

    fn theme_precision(&self) -> f64 {
        ratio(self.right_links, self.links)
    }

    fn summary(&self) -> String {
        format!(
            "priority recall {:.3} ({}/{}), fragments {}/{} found, theme-link precision {:.3} ({}/{}), theme recall {:.3} ({}/{})",
            self.recall(),
            self.recalled,
            self.labelled,
            self.fragments.len(),
            self.found,
            self.theme_precision(),
            self.right_links,
            self.links,
            ratio(self.themed, self.with_theme),
            self.themed,
            self.with_theme,
        )
    }
}

/// Compares the priorities found in one text with its labels.
fn score(
    doc: &str,
    labels: &Labels,
    priorities: &BTreeMap<String, Found>,
    accepts: &dyn Fn(&[String], &str) -> bool,
) -> Tally {
    let mut t = Tally {
        found: priorities.len(),
        ..Tally::default()
    };
    let by_label: HashMap<String, &Found> =
        priorities.values().map(|p| (norm(&p.label), p)).collect();
    let areas = labels.priority.iter().map(|a| (a, true));
    for (area, is_priority) in areas.chain(labels.supporting.iter().map(|a| (a, false))) {
        if is_priority {
            t.labelled += 1;
            t.with_theme += usize::from(!area.themes.is_empty());
        } else {
            t.supporting += 1;
        }
        let Some(p) = by_label.get(&norm(&area.phrase)) else {
            if is_priority {
                t.misses.push(format!("missed: {doc}: {}", area.phrase));
            }
            continue;
        };
        if is_priority {
            t.recalled += 1;
            t.themed += usize::from(p.themes.iter().any(|th| accepts(&area.themes, th)));
        } else {
            t.supporting_found += 1;
        }
        let acceptable: Vec<String> = area.themes.iter().chain(&area.also).cloned().collect();
        for theme in &p.themes {
            t.links += 1;
            if accepts(&acceptable, theme) {
                t.right_links += 1;
            } else {
                t.wrong_links
                    .push(format!("wrong theme: {doc}: {} → {theme}", area.phrase));
            }
        }
    }
    let known: BTreeSet<String> = labels
        .priority
        .iter()
        .chain(&labels.supporting)
        .map(|a| norm(&a.phrase))
        .collect();
    for p in priorities.values() {
        t.unplaced += usize::from(p.themes.is_empty());
        if !known.contains(&norm(&p.label)) {
            t.fragments.push(format!("fragment: {doc}: {:?}", p.label));
        }
    }
    t
}

/// The targets: priority-area recall ≥ 0.9, theme-link precision ≥ 0.9 and no fragments, over
/// the original and the held-out texts together. Run with `-- --nocapture` to print the figures
/// per text and per set.
#[test]
fn priorities_and_their_themes_on_the_evaluation_set() {
    let files = texts();
    assert!(
        files.len() >= 12,
        "the evaluation set has {} texts",
        files.len()
    );
    let env = Env::new();
    let mut args = vec!["build".to_owned()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_owned()));
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());

    // Every theme's id and labels, lowercased: what the label files' theme keys are matched with.
    let mut theme_keys: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in &env.csv(&[
        "query",
        "-e",
        "SELECT ?t ?l WHERE { ?t a pg:Theme . OPTIONAL { ?t skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l } }",
    ])[1..]
    {
        let id = row[0].rsplit('/').next().unwrap().to_owned();
        let keys = theme_keys.entry(row[0].clone()).or_default();
        keys.insert(id.to_lowercase());
        if !row[1].is_empty() {
            keys.insert(norm(&row[1]));
        }
    }
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?g ?p ?label ?theme WHERE { GRAPH ?g { ?s a pg:RegionalStrategy ; pg:hasPriority ?p . \
         ?p a pg:PriorityArea ; skos:prefLabel ?label . OPTIONAL { ?p pg:aboutTheme ?theme } } }",
    ]);
    let mut found: BTreeMap<String, BTreeMap<String, Found>> = BTreeMap::new();
    for row in &rows[1..] {
        let doc = row[0].rsplit('/').next().unwrap().to_owned();
        let priority = found
            .entry(doc)
            .or_default()
            .entry(row[1].clone())
            .or_insert_with(|| Found {
                label: row[2].clone(),
                themes: BTreeSet::new(),
            });
        if !row[3].is_empty() {
            priority.themes.insert(row[3].clone());
        }
    }
    let issuers = env.csv(&[
        "query",
        "-e",
        "SELECT ?g ?name WHERE { GRAPH ?g { ?s pg:issuedBy ?o . ?o skos:altLabel ?name } }",
    ]);

    let accepts = |keys: &[String], theme: &str| {
        let names = &theme_keys[theme];
        keys.iter()
            .any(|k| names.contains(&norm(k)) || names.contains(&k.to_lowercase()))
    };
    let mut sets = [Tally::default(), Tally::default()];
    let mut batches: BTreeMap<String, (Tally, usize, usize)> = BTreeMap::new();
    let mut per_text = Vec::new();
    let mut issuers_right = 0;
    let mut issuer_misses = Vec::new();
    for file in &files {
        let doc = source_id(file);
        let labels = labels(file);
        let empty = BTreeMap::new();
        let priorities = found.get(&doc).unwrap_or(&empty);
        let tally = score(&doc, &labels, priorities, &accepts);
        sets[usize::from(labels.heldout)].add(&tally);
        let issuer: Vec<String> = std::iter::once(&labels.issuer)
            .chain(&labels.issuer_also)
            .map(|i| norm(i))
            .collect();
        let named: Vec<&str> = issuers[1..]
            .iter()
            .filter(|r| r[0].ends_with(&format!("/{doc}")))
            .map(|r| r[1].as_str())
            .collect();
        let issuer_right = named.iter().any(|n| issuer.contains(&norm(n)));
        if let Some(batch) = &labels.batch {
            let (t, right, texts) = batches.entry(batch.clone()).or_default();
            t.add(&tally);
            *right += usize::from(issuer_right);
            *texts += 1;
        }
        per_text.push((doc.clone(), labels.heldout, tally));
        if issuer_right {
            issuers_right += 1;
        } else {
            issuer_misses.push(format!(
                "issuer: {doc}: {:?}, found {named:?}",
                labels.issuer
            ));
        }
    }
    let mut all = Tally::default();
    sets.iter().for_each(|t| all.add(t));
    println!("strategy evaluation set: {} texts", files.len());
    for (doc, heldout, t) in &per_text {
        let set = if *heldout { "held-out" } else { "original" };
        println!("  {doc} ({set}): {}", t.summary());
    }
    println!("  original set: {}", sets[0].summary());
    println!("  held-out set: {}", sets[1].summary());
    for (batch, (t, right, texts)) in &batches {
        println!("  batch {batch}: {}, issuer {right}/{texts}", t.summary());
    }
    println!("  all: {}", all.summary());
    println!(
        "  supporting areas found: {}/{}",
        all.supporting_found, all.supporting
    );
    println!("  found priorities without a theme: {}", all.unplaced);
    println!(
        "  issuer accuracy {:.3} ({issuers_right}/{})",
        ratio(issuers_right, files.len()),
        files.len()
    );
    for line in all
        .misses
        .iter()
        .chain(&all.fragments)
        .chain(&all.wrong_links)
        .chain(&issuer_misses)
    {
        println!("  {line}");
    }
    let (recall, theme_precision) = (all.recall(), all.theme_precision());
    let fragments = &all.fragments;
    assert!(recall >= 0.9, "priority recall {recall:.3} < 0.9");
    assert!(fragments.is_empty(), "fragments: {fragments:#?}");
    assert!(
        theme_precision >= 0.9,
        "theme-link precision {theme_precision:.3} < 0.9"
    );
}
