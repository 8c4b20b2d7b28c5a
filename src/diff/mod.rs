//! `partnergraph diff`: what changed between two versions of the graph (the published one, the
//! one it replaced, or a snapshot): organisations, projects, participations (added, removed, or
//! with another role or EC contribution), theme links, strategy priorities and the source
//! documents (by the SHA-256 of their content). Each part is read from each version, compared
//! as maps keyed by the deterministic IRIs both versions mint. `--org` reads the changes for one
//! organisation: its own participations, its partners, its partners' participations and the new
//! organisations active in its themes.

use crate::model::{Role, SourceKind};
use crate::output;
use crate::rdf::{iri, participations};
use crate::resolve::{LookupError, lookup_organisation};
use crate::store::has_merged_default_graph;
use crate::store::snapshot::SnapshotError;
use crate::store::{ReadStore, StoreDir, StoreError};
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Variable};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

pub use crate::store::snapshot::{CURRENT, PREVIOUS};

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(
        "the store keeps no graph from before the published one (it was built once, or by an \
         older partnergraph): compare with a snapshot instead (`partnergraph diff NAME`)"
    )]
    NoPrevious,
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("querying the graph failed")]
    Query(#[from] QueryEvaluationError),
    #[error("reading the graph failed")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] participations::IndexError),
    #[error("writing CSV failed")]
    Csv(#[from] csv::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// A snapshot name, `previous` (the default) or `current`.
    pub from: Option<String>,
    /// A snapshot name, `previous` or `current` (the default).
    pub to: Option<String>,
    /// Only what changed for this organisation (by any of its names) and its partners.
    pub org: Option<String>,
    pub format: Format,
}

/// One change: what it is about, and its value before and after (empty when absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub section: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub id: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub from: String,
    pub to: String,
    /// The generations compared (a snapshot names the one it copies).
    pub from_generation: String,
    pub to_generation: String,
    /// The organisation `--org` named, as the graph labels it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub changes: Vec<Change>,
}

/// One thing a version holds: its label, the value compared, and the two nodes it joins (a
/// participation's organisation and project, a theme link's subject and theme).
#[derive(Debug, Clone, Default)]
struct Entry {
    label: String,
    value: String,
    a: String,
    b: String,
}

/// What one version holds of a section, by id.
type Part = BTreeMap<String, Entry>;

const ORGANISATIONS: usize = 0;
const PROJECTS: usize = 1;
const PARTICIPATIONS: usize = 2;
const THEME_LINKS: usize = 3;

const SECTIONS: [&str; 6] = [
    "organisations",
    "projects",
    "participations",
    "theme links",
    "strategy priorities",
    "source documents",
];

/// The priorities, few: a query, with the columns id, label, value and a.
const PRIORITY_QUERY: &str = "SELECT DISTINCT ?id (STR(?l) AS ?label) (STR(?a) AS ?value) ?a \
     WHERE { GRAPH ?g { ?a pg:hasPriority ?id . ?id skos:prefLabel ?l } }";

/// A term as the diff compares and prints it: an IRI, or a literal's value.
fn text(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => n.as_str().to_owned(),
        _ => String::new(),
    }
}

/// The rows of a query of this module, each as its columns' text; `bound` gives a variable its
/// value as a term of the parsed query, never as text pasted into it.
fn rows(
    store: &Store,
    query: &str,
    columns: &[&str],
    bound: Option<(&str, NamedNodeRef<'_>)>,
) -> Result<Vec<Vec<String>>, QueryEvaluationError> {
    let mut parsed = crate::query::parser()
        .parse_query(query)
        .expect("the diff queries are valid SPARQL");
    if let Some((name, value)) = bound {
        crate::query::bind::substitute(
            &mut parsed,
            &Variable::new_unchecked(name),
            &value.into_owned().into(),
        )
        .expect("an IRI can stand for any variable of the diff queries");
    }
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .for_query(parsed)
        .on_store(store)
        .execute()?
    else {
        return Ok(Vec::new());
    };
    solutions
        .map(|row| {
            let row = row?;
            Ok(columns
                .iter()
                .map(|c| row.get(*c).map(text).unwrap_or_default())
                .collect())
        })
        .collect()
}

/// What one scan of the store asks: the subjects of a class, or the values of a predicate.
#[derive(Clone, Copy)]
enum Scan {
    Class(NamedNodeRef<'static>),
    Values(NamedNodeRef<'static>),
}

/// The values of each subject (for a class, the class), in order.
type Scanned = HashMap<String, BTreeSet<String>>;

/// Reads one pattern in index order. The large sections are read this way rather than by
/// SPARQL joins: on a store of sorted runs, a join looks up each row in every run
/// (BENCHMARKS.md: diff).
fn scan(
    store: &Store,
    graph: Option<GraphNameRef<'_>>,
    what: Scan,
) -> Result<Scanned, StorageError> {
    let (predicate, object) = match what {
        Scan::Class(class) => (rdf::TYPE, Some(class.into())),
        Scan::Values(predicate) => (predicate, None),
    };
    let started = std::time::Instant::now();
    let mut out = Scanned::new();
    for quad in store.quads_for_pattern(None, Some(predicate), object, graph) {
        let quad = quad?;
        let NamedOrBlankNode::NamedNode(subject) = quad.subject else {
            continue;
        };
        out.entry(subject.into_string())
            .or_default()
            .insert(text(&quad.object));
    }
    tracing::debug!(?predicate, elapsed = ?started.elapsed(), "scanned");
    Ok(out)
}

/// The documents the version was built from, by their source id, compared by the SHA-256 of
/// their content: a release that changed no fact partnergraph reads still shows what changed.
fn documents(store: &Store) -> Result<Part, StorageError> {
    let meta = Some(META_GRAPH.into());
    let hashes = scan(store, meta, Scan::Values(pg::SHA256))?;
    // The identity graph is computed from the others: it changes whenever they do.
    let kinds = scan(store, meta, Scan::Values(pg::SOURCE_KIND))?;
    let derived = |document: &str| {
        kinds
            .get(document)
            .is_some_and(|k| k.contains(SourceKind::Derived.as_str()))
    };
    Ok(hashes
        .into_iter()
        .filter(|(document, _)| !derived(document))
        .filter_map(|(document, hashes)| {
            let id = iri::source_id(&NamedNode::new_unchecked(document.as_str()))?;
            let entry = Entry {
                label: id.as_str().to_owned(),
                value: hashes.into_iter().next().unwrap_or_default(),
                ..Entry::default()
            };
            Some((document, entry))
        })
        .collect())
}

/// Everything `diff` compares of one version.
struct Version {
    parts: Vec<Part>,
}

impl Version {
    // Longer than 80 lines: the five parts are built from scans run in parallel at the top, and
    // each part is a few lines over their results; split, every piece would take them all.
    fn read(read: &ReadStore) -> Result<Self, DiffError> {
        let store = read.store();
        // The default graph is the merge of the documents' graphs; a snapshot an older version
        // took may lack it, and is read across all graphs (the same triple then twice, once).
        let graph = has_merged_default_graph(store)?.then_some(GraphNameRef::DefaultGraph);
        let scans = [
            Scan::Class(pg::ORGANISATION),
            Scan::Values(skos::PREF_LABEL),
            Scan::Class(pg::PROJECT),
            Scan::Values(pg::ACRONYM),
            Scan::Values(pg::ABOUT_THEME),
        ];
        // The participations, the largest part, come from the participation index written
        // with the generation: reading them from the store decodes every participation's IRI
        // four times (BENCHMARKS.md: diff).
        let (scanned, net) = rayon::join(
            || {
                scans
                    .par_iter()
                    .map(|&what| scan(store, graph, what))
                    .collect::<Result<Vec<Scanned>, _>>()
            },
            || {
                let index = read.file(participations::FILE);
                participations::read_bipartite_of(&index, read.generation(), store)
            },
        );
        let [orgs, labels, projects, acronyms, themes] =
            <[Scanned; 5]>::try_from(scanned?).expect("one result per scan");
        let net = net?;
        let first = |values: Option<&BTreeSet<String>>| {
            values.and_then(|v| v.first()).cloned().unwrap_or_default()
        };
        let nodes = |of: Scanned, names: &Scanned| -> Part {
            of.into_keys()
                .map(|id| {
                    let label = first(names.get(&id));
                    (
                        id,
                        Entry {
                            label,
                            ..Entry::default()
                        },
                    )
                })
                .collect()
        };
        let participations: Part = net
            .participations
            .iter()
            .map(|p| {
                let org = NamedNode::new_unchecked(&net.orgs[p.org as usize].iri);
                let project = NamedNode::new_unchecked(&net.projects[p.project as usize].iri);
                // Every role, so that a second role gained or lost is a change.
                let role = p.roles.iter().map(Role::code).collect::<Vec<_>>().join("+");
                let ec = p
                    .ec_contribution
                    .map(|ec| ec.to_string())
                    .unwrap_or_default();
                let entry = Entry {
                    label: String::new(),
                    value: format!("{role} {ec}"),
                    a: org.as_str().to_owned(),
                    b: project.as_str().to_owned(),
                };
                (iri::participation(&project, &org).into_string(), entry)
            })
            .collect();
        let theme_links: Part = themes
            .iter()
            .flat_map(|(subject, themes)| {
                themes.iter().map(move |theme| {
                    let entry = Entry {
                        a: subject.clone(),
                        b: theme.clone(),
                        ..Entry::default()
                    };
                    (format!("{subject} {theme}"), entry)
                })
            })
            .collect();
        let mut priorities = Part::new();
        for row in rows(store, PRIORITY_QUERY, &["id", "label", "value", "a"], None)? {
            let [id, label, value, a] = <[String; 4]>::try_from(row).expect("4 columns");
            let b = String::new();
            priorities.insert(id, Entry { label, value, a, b });
        }
        let mut version = Self {
            parts: vec![
                nodes(orgs, &labels),
                nodes(projects, &acronyms),
                participations,
                theme_links,
                priorities,
                documents(store)?,
            ],
        };
        version.name_links();
        Ok(version)
    }

    /// A node as people read it: its label in this version, else its IRI's last segment.
    fn name(&self, iri: &str) -> String {
        [ORGANISATIONS, PROJECTS]
            .iter()
            .find_map(|&s| self.parts[s].get(iri).filter(|e| !e.label.is_empty()))
            .map(|e| e.label.clone())
            .unwrap_or_else(|| iri.rsplit(['/', '#']).next().unwrap_or(iri).to_owned())
    }

    /// Labels participations and theme links by what they join.
    fn name_links(&mut self) {
        for (section, joiner) in [(PARTICIPATIONS, " in "), (THEME_LINKS, ": ")] {
            let labels: Vec<String> = self.parts[section]
                .values()
                .map(|e| format!("{}{joiner}{}", self.name(&e.a), self.name(&e.b)))
                .collect();
            for (entry, label) in self.parts[section].values_mut().zip(labels) {
                entry.label = label;
            }
        }
    }

    /// The projects `org` takes part in.
    fn projects_of(&self, org: &str) -> BTreeSet<&str> {
        self.parts[PARTICIPATIONS]
            .values()
            .filter(|e| e.a == org)
            .map(|e| e.b.as_str())
            .collect()
    }

    /// The organisations sharing a project with `org`, each with the projects they share.
    fn partners_of(&self, org: &str) -> BTreeMap<&str, BTreeSet<&str>> {
        let ours = self.projects_of(org);
        let mut partners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in self.parts[PARTICIPATIONS].values() {
            if e.a != org && ours.contains(e.b.as_str()) {
                partners.entry(&e.a).or_default().insert(&e.b);
            }
        }
        partners
    }

    /// The themes each node (project, priority, expertise area) is about.
    fn themes(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut themes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in self.parts[THEME_LINKS].values() {
            themes.entry(&e.a).or_default().insert(&e.b);
        }
        themes
    }
}

/// The changes between two versions of the graph, section by section.
fn compare(from: &Version, to: &Version) -> Vec<Change> {
    let mut changes = Vec::new();
    for (i, section) in SECTIONS.iter().enumerate() {
        let (before, after) = (&from.parts[i], &to.parts[i]);
        let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for id in ids {
            let (change, entry, old, new) = match (before.get(id), after.get(id)) {
                (None, Some(e)) => ("added", e, "", e.value.as_str()),
                (Some(e), None) => ("removed", e, e.value.as_str(), ""),
                (Some(old), Some(new)) if old.value != new.value => {
                    ("changed", new, old.value.as_str(), new.value.as_str())
                }
                _ => continue,
            };
            changes.push(Change {
                section,
                change,
                id: id.clone(),
                label: entry.label.clone(),
                before: old.to_owned(),
                after: new.to_owned(),
            });
        }
    }
    changes
}

/// The themes `org` gives priority to in `version`: those of the priorities of strategies it
/// issued and of its expertise areas; when it has neither, those of its projects.
fn priority_themes(
    store: &Store,
    version: &Version,
    org: &str,
) -> Result<BTreeSet<String>, DiffError> {
    const QUERY: &str = "SELECT DISTINCT ?t WHERE { { ?s pg:issuedBy ?org ; pg:hasPriority ?p . \
         ?p pg:aboutTheme ?t } UNION { ?org pg:hasExpertise ?e . ?e pg:aboutTheme ?t } }";
    let node = NamedNodeRef::new_unchecked(org);
    let stated: BTreeSet<String> = rows(store, QUERY, &["t"], Some(("org", node)))?
        .into_iter()
        .flatten()
        .collect();
    if !stated.is_empty() {
        return Ok(stated);
    }
    let themes = version.themes();
    Ok(version
        .projects_of(org)
        .iter()
        .filter_map(|p| themes.get(p))
        .flatten()
        .map(|t| t.to_string())
        .collect())
}

/// The changes as they concern `org`: its own participations, partners gained and lost, its
/// partners' participations (in either version), and the organisations added that take part
/// in projects about its priority themes.
fn focus(
    org: &str,
    changes: &[Change],
    from: &Version,
    to: &Version,
    themes: &BTreeSet<String>,
) -> Vec<Change> {
    let participation = |id: &str| {
        to.parts[PARTICIPATIONS]
            .get(id)
            .or_else(|| from.parts[PARTICIPATIONS].get(id))
    };
    let (before, after) = (from.partners_of(org), to.partners_of(org));
    let partners: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    let in_participations = |section: &'static str, keep: &dyn Fn(&str) -> bool| {
        changes
            .iter()
            .filter(|c| c.section == SECTIONS[PARTICIPATIONS])
            .filter(|c| participation(&c.id).is_some_and(|e| keep(&e.a)))
            .map(|c| Change {
                section,
                ..c.clone()
            })
            .collect::<Vec<_>>()
    };
    let mut out = in_participations("participations of ours", &|a| a == org);

    let shared = |version: &Version, projects: Option<&BTreeSet<&str>>| {
        let names: Vec<String> = projects
            .into_iter()
            .flatten()
            .map(|p| version.name(p))
            .collect();
        names.join("; ")
    };
    for partner in &partners {
        let change = match (before.get(partner), after.get(partner)) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => continue,
        };
        let version = if change == "added" { to } else { from };
        out.push(Change {
            section: "partners",
            change,
            id: partner.to_string(),
            label: version.name(partner),
            before: shared(from, before.get(partner)),
            after: shared(to, after.get(partner)),
        });
    }
    out.extend(in_participations("participations of partners", &|a| {
        partners.contains(a)
    }));

    let project_themes = to.themes();
    for c in changes {
        if c.section != SECTIONS[ORGANISATIONS] || c.change != "added" {
            continue;
        }
        let active: BTreeSet<String> = to
            .projects_of(&c.id)
            .iter()
            .filter_map(|p| project_themes.get(p))
            .flatten()
            .filter(|t| themes.contains(**t))
            .map(|t| to.name(t))
            .collect();
        if !active.is_empty() {
            out.push(Change {
                section: "organisations in our themes",
                after: active.into_iter().collect::<Vec<_>>().join("; "),
                ..c.clone()
            });
        }
    }
    out
}

/// Opens the version `name`: `None` stands for `current`, already open.
fn open(dir: &StoreDir, current: &ReadStore, name: &str) -> Result<Option<ReadStore>, DiffError> {
    match name {
        CURRENT => Ok(None),
        PREVIOUS => Ok(Some(
            dir.open_previous(current)?.ok_or(DiffError::NoPrevious)?,
        )),
        _ => Ok(Some(dir.open_snapshot(name)?)),
    }
}

/// Compares the versions `options` name in the store `dir`; returns the text to print.
pub fn run(dir: &StoreDir, options: &DiffOptions) -> Result<String, DiffError> {
    let from = options.from.as_deref().unwrap_or(PREVIOUS);
    let to = options.to.as_deref().unwrap_or(CURRENT);
    let current = dir.open_read()?;
    let (before, after) = (open(dir, &current, from)?, open(dir, &current, to)?);
    let (before, after) = (
        before.as_ref().unwrap_or(&current),
        after.as_ref().unwrap_or(&current),
    );
    let (old, new) = rayon::join(|| Version::read(before), || Version::read(after));
    let (old, new) = (old?, new?);
    let mut changes = compare(&old, &new);
    let mut organisation = None;
    if let Some(name) = &options.org {
        let found = match lookup_organisation(after.store(), name) {
            Ok(found) => found,
            // An organisation that left the graph is read in the version it was in.
            Err(_) => lookup_organisation(before.store(), name)?,
        };
        let org = found.iri.as_str();
        let themes = priority_themes(after.store(), &new, org)?;
        changes = focus(org, &changes, &old, &new, &themes);
        organisation = Some(found.label);
    }
    let diff = Diff {
        from: from.to_owned(),
        to: to.to_owned(),
        from_generation: before.generation().to_owned(),
        to_generation: after.generation().to_owned(),
        organisation,
        changes,
    };
    match options.format {
        Format::Json => Ok(output::json(&diff)),
        Format::Csv => {
            let rows: Vec<Vec<String>> = diff
                .changes
                .iter()
                .map(|c| {
                    vec![
                        c.section.to_owned(),
                        c.change.to_owned(),
                        c.id.clone(),
                        c.label.clone(),
                        c.before.clone(),
                        c.after.clone(),
                    ]
                })
                .collect();
            let headers = ["section", "change", "id", "label", "before", "after"];
            Ok(output::csv(&headers, &rows)?)
        }
        Format::Markdown => Ok(markdown(&diff)),
    }
}

/// Items listed per section and kind of change before the rest is only counted.
const LISTED: usize = 20;

fn markdown(diff: &Diff) -> String {
    let mut out = format!(
        "# Changes from {} ({}) to {} ({})",
        diff.from, diff.from_generation, diff.to, diff.to_generation
    );
    if let Some(org) = &diff.organisation {
        let _ = write!(out, " for {org}");
    }
    out.push('\n');
    if diff.changes.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    let mut sections: Vec<&str> = Vec::new();
    for c in &diff.changes {
        if !sections.contains(&c.section) {
            sections.push(c.section);
        }
    }
    for section in sections {
        for change in ["added", "removed", "changed"] {
            let items: Vec<&Change> = diff
                .changes
                .iter()
                .filter(|c| c.section == section && c.change == change)
                .collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {} {section} {change}\n", items.len());
            for c in items.iter().take(LISTED) {
                let shown = if c.label.is_empty() { &c.id } else { &c.label };
                let _ = match (change, section) {
                    ("changed", "source documents") => writeln!(out, "- {shown}: new content"),
                    ("changed", _) => {
                        writeln!(out, "- {shown}: {} → {}", c.before.trim(), c.after.trim())
                    }
                    (_, "partners" | "organisations in our themes") => {
                        let what = if change == "removed" {
                            &c.before
                        } else {
                            &c.after
                        };
                        writeln!(out, "- {shown} ({what})")
                    }
                    _ => writeln!(out, "- {shown}"),
                };
            }
            if items.len() > LISTED {
                let _ = writeln!(out, "- … and {} more", items.len() - LISTED);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version with participations (id, organisation, project, value) and theme links.
    fn version(participations: &[(&str, &str, &str, &str)], links: &[(&str, &str)]) -> Version {
        let mut parts = vec![Part::new(); SECTIONS.len()];
        for (id, a, b, value) in participations {
            for (section, node) in [(ORGANISATIONS, a), (PROJECTS, b)] {
                parts[section].insert(node.to_string(), Entry::default());
            }
            let entry = Entry {
                value: value.to_string(),
                a: a.to_string(),
                b: b.to_string(),
                ..Entry::default()
            };
            parts[PARTICIPATIONS].insert(id.to_string(), entry);
        }
        for (a, b) in links {
            let entry = Entry {
                a: a.to_string(),
                b: b.to_string(),
                ..Entry::default()
            };
            parts[THEME_LINKS].insert(format!("{a} {b}"), entry);
        }
        let mut version = Version { parts };
        version.name_links();
        version
    }

    fn kinds(changes: &[Change]) -> Vec<(&str, &str, &str)> {
        changes
            .iter()
            .map(|c| (c.section, c.change, c.id.as_str()))
            .collect()
    }

    #[test]
    fn one_organisation_reads_its_partners_and_the_newcomers_in_its_themes() {
        let before = version(
            &[
                ("us-p1", "us", "p1", "coordinator 10"),
                ("b-p1", "b", "p1", "participant 5"),
                ("b-p2", "b", "p2", "participant 5"),
                ("c-p3", "c", "p3", "participant 1"),
            ],
            &[("p1", "energy")],
        );
        let after = version(
            &[
                ("us-p1", "us", "p1", "coordinator 10"),
                ("b-p1", "b", "p1", "participant 5"),
                ("b-p2", "b", "p2", "partner 5"),
                ("c-p3", "c", "p3", "participant 2"),
                ("c-p1", "c", "p1", "participant 3"),
                ("new-p4", "new", "p4", "participant 1"),
            ],
            &[("p1", "energy"), ("p4", "energy")],
        );
        let changes = compare(&before, &after);
        assert!(kinds(&changes).contains(&("participations", "changed", "c-p3")));
        let themes = BTreeSet::from(["energy".to_owned()]);
        let ours = focus("us", &changes, &before, &after, &themes);
        assert_eq!(
            kinds(&ours),
            [
                ("partners", "added", "c"),
                // b was a partner before and after, c is one now: their participations count.
                ("participations of partners", "changed", "b-p2"),
                ("participations of partners", "added", "c-p1"),
                ("participations of partners", "changed", "c-p3"),
                ("organisations in our themes", "added", "new"),
            ]
        );
        assert_eq!(ours[0].after, "p1", "the project shared");
        assert_eq!(ours[4].after, "energy");
    }
}
