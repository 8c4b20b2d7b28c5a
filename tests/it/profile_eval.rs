//! Profile parsing measured on held-out pages: organisation profiles written for this test in the
//! layout of the scraped SciTransfer pages, but for organisations unlike the two seeds
//! (universities, research organisations, SMEs, large companies; many countries and sectors),
//! with the variations a real scrape brings (navigation and cookie lines, CRLF, missing or
//! reordered sections, lost bullets, Horizon Europe wording). Each text has the values a reader
//! takes from it beside it (`NAME.expected.toml`), written before the parser was run on it.
//!
//! A fourth round (`probe-4`) is pages of other sites, scraped as they come: the EU Funding &
//! Tenders Portal, Enterprise Europe Network profiles, contact-point and cluster directories,
//! research-group, company "About" and encyclopaedia infobox pages and a PDF member brochure, in
//! English, Swedish, German, French and Spanish, with labelled fields (glued, piped, tabbed, on
//! the next line), PIC and VAT numbers, addresses, keyword lists and per-programme counts.
//! `probe-5` is four more such pages written after the reader was built for `probe-4`.
//!
//! Every expected value is one check; an absent value is expected to stay absent, so invented
//! values count as errors too. Run with `--nocapture` to see the table by field and by text.

use crate::common::fixture;
use partnergraph::ingest::profile::{CountedProgramme, Profile, looks_like_profile, parse_profile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    legal_name: String,
    org_type: Option<String>,
    sector: Option<String>,
    country: Option<String>,
    quality: Option<String>,
    quality_score: Option<u8>,
    /// The headline project count: the first one the page gives.
    projects: Option<u32>,
    coordinated: Option<u32>,
    funding_eur: Option<f64>,
    partners: Option<u32>,
    countries: Option<u32>,
    role: Option<String>,
    reach: Option<String>,
    early_focus: Option<String>,
    recent_focus: Option<String>,
    /// The core-work text's first and last words: boilerplate must not leak into it.
    core_work_starts: String,
    core_work_ends: String,
    /// The analysis note's last words (a footer after it must not be glued on).
    note_ends: Option<String>,
    capabilities: usize,
    #[serde(default)]
    expertise: Vec<ExpectedExpertise>,
    #[serde(default)]
    notable: Vec<ExpectedNotable>,
    city: Option<String>,
    /// Digits only: the nine-digit participant identification code however it is spaced.
    pic: Option<String>,
    /// Without the spaces and dots pages put in it.
    vat: Option<String>,
    website: Option<String>,
    /// Expertise areas, keywords and hashtags the page lists, as written (without `#` or bullet).
    #[serde(default)]
    keywords: Vec<String>,
    /// Every programme's project count; texts written before it was read leave it out.
    counts: Option<ExpectedCounts>,
    /// A round of texts written together after the parser had been changed for earlier ones
    /// (`probe-2`): its figures are reported apart, since what it measured first is its finding.
    batch: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedCounts {
    h2020: Option<u32>,
    horizon_europe: Option<u32>,
    fp7: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedExpertise {
    name: String,
    level: String,
    count: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedNotable {
    acronym: String,
    funding_eur: Option<f64>,
    start: Option<i32>,
    end: Option<i32>,
}

/// One scored value: right when the rendering of what was found equals the expected one.
struct Check {
    field: &'static str,
    expected: String,
    found: String,
}

fn show<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn euros(value: Option<f64>) -> String {
    show(value.map(|v| format!("{v:.0}")))
}

fn years(start: Option<i32>, end: Option<i32>) -> String {
    format!("{}..{}", show(start), show(end))
}

fn texts() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("profile-eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn expected(path: &Path) -> Expected {
    let file = path.with_extension("expected.toml");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// All checks of one text; a page that does not parse fails every one of them.
fn checks(text: &str, e: &Expected) -> Vec<Check> {
    let parsed = parse_profile(text);
    let p: Option<&Profile> = parsed.as_ref().ok();
    let mut out = Vec::new();
    let mut check = |field: &'static str, expected: String, found: Option<String>| {
        let found = found.unwrap_or_else(|| "(no profile)".to_string());
        out.push(Check {
            field,
            expected,
            found,
        });
    };
    let detected = looks_like_profile(text).to_string();
    check("detected", "true".into(), Some(detected));
    let error = parsed.as_ref().err().map(ToString::to_string);
    check("parsed", "ok".into(), Some(error.unwrap_or("ok".into())));
    let text_of = |f: fn(&Profile) -> Option<&str>| p.map(|p| show(f(p)));
    check(
        "legal_name",
        e.legal_name.clone(),
        p.map(|p| p.legal_name.value.clone()),
    );
    check(
        "org_type",
        show(e.org_type.as_ref()),
        text_of(|p| p.org_type.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "sector",
        show(e.sector.as_ref()),
        text_of(|p| p.sector.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "country",
        show(e.country.as_ref()),
        text_of(|p| p.country.as_ref().map(|v| v.value.as_str())),
    );
    let quality = e
        .quality
        .as_ref()
        .map(|q| format!("{q} {}", show(e.quality_score)));
    check(
        "data_quality",
        show(quality),
        p.map(|p| {
            let q = p.data_quality.as_ref().map(|q| &q.value);
            show(q.map(|q| format!("{} {}", q.label, q.score)))
        }),
    );
    check(
        "projects",
        show(e.projects),
        p.map(|p| show(p.projects.as_ref().map(|v| v.value))),
    );
    if let Some(counts) = &e.counts {
        let programmes = [
            ("h2020_count", CountedProgramme::H2020, counts.h2020),
            (
                "horizon_europe_count",
                CountedProgramme::HorizonEurope,
                counts.horizon_europe,
            ),
            ("fp7_count", CountedProgramme::Fp7, counts.fp7),
        ];
        for (field, programme, expected) in programmes {
            check(
                field,
                show(expected),
                p.map(|p| {
                    let mut counts = p.project_counts.iter();
                    show(
                        counts
                            .find(|c| c.programme == programme)
                            .map(|c| c.count.value),
                    )
                }),
            );
        }
    }
    check(
        "coordinated",
        show(e.coordinated),
        p.map(|p| show(p.coordinated.as_ref().map(|v| v.value))),
    );
    check(
        "funding",
        euros(e.funding_eur),
        p.map(|p| euros(p.ec_funding_eur.as_ref().map(|v| v.value))),
    );
    check(
        "partners",
        show(e.partners),
        p.map(|p| show(p.unique_partners.as_ref().map(|v| v.value))),
    );
    check(
        "countries",
        show(e.countries),
        p.map(|p| show(p.countries_collaborated.as_ref().map(|v| v.value))),
    );
    check(
        "role",
        show(e.role.as_ref()),
        text_of(|p| p.collaboration_role.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "reach",
        show(e.reach.as_ref()),
        text_of(|p| p.reach.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "early_focus",
        show(e.early_focus.as_ref()),
        text_of(|p| p.early_focus.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "recent_focus",
        show(e.recent_focus.as_ref()),
        text_of(|p| p.recent_focus.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "city",
        show(e.city.as_ref()),
        text_of(|p| p.city.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "pic",
        show(e.pic.as_ref()),
        text_of(|p| p.pic.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "vat",
        show(e.vat.as_ref()),
        text_of(|p| p.vat_number.as_ref().map(|v| v.value.as_str())),
    );
    check(
        "website",
        show(e.website.as_ref()),
        text_of(|p| p.website.as_ref().map(|v| v.value.as_str())),
    );
    for keyword in &e.keywords {
        check(
            "keyword",
            keyword.clone(),
            p.map(|p| {
                let found = p.keywords.iter().any(|k| &k.value == keyword);
                if found { keyword.clone() } else { "-".into() }
            }),
        );
    }
    check(
        "keyword_spurious",
        "[]".into(),
        p.map(|p| {
            let extra = p.keywords.iter().map(|k| k.value.as_str());
            let extra: Vec<&str> = extra
                .filter(|k| !e.keywords.iter().any(|x| x == k))
                .collect();
            format!("{extra:?}")
        }),
    );
    let core = p
        .and_then(|p| p.core_work.as_ref())
        .map(|c| c.value.as_str());
    check(
        "core_work",
        format!("{} … {}", e.core_work_starts, e.core_work_ends),
        p.map(|_| {
            let core = core.unwrap_or_default();
            let (starts, ends) = (&e.core_work_starts, &e.core_work_ends);
            match (
                core.starts_with(starts.as_str()),
                core.ends_with(ends.as_str()),
            ) {
                (true, true) => format!("{starts} … {ends}"),
                _ => core.to_string(),
            }
        }),
    );
    check(
        "analysis_note",
        show(e.note_ends.as_ref()),
        text_of(|p| p.analysis_note.as_ref().map(|v| v.value.as_str())).map(|note| {
            match &e.note_ends {
                Some(end) if note.ends_with(end.as_str()) => end.clone(),
                _ => note,
            }
        }),
    );
    check(
        "capabilities",
        e.capabilities.to_string(),
        p.map(|p| {
            let caps: Vec<&str> = p.capabilities.iter().map(|c| c.value.as_str()).collect();
            match caps.len() == e.capabilities {
                true => caps.len().to_string(),
                false => format!("{} {caps:?}", caps.len()),
            }
        }),
    );
    for x in &e.expertise {
        let found = p.map(|p| p.expertise.iter().find(|f| f.name == x.name));
        check(
            "expertise_name",
            x.name.clone(),
            found.map(|f| show(f.map(|f| &f.name))),
        );
        check(
            "expertise_level",
            format!("{}: {}", x.name, x.level),
            found.map(|f| format!("{}: {}", x.name, show(f.map(|f| f.level.as_str())))),
        );
        check(
            "expertise_count",
            format!("{}: {}", x.name, x.count),
            found.map(|f| format!("{}: {}", x.name, show(f.map(|f| f.project_count)))),
        );
    }
    let names: Vec<&str> = e.expertise.iter().map(|x| x.name.as_str()).collect();
    check(
        "expertise_spurious",
        "[]".into(),
        p.map(|p| {
            let extra = p.expertise.iter().map(|f| f.name.as_str());
            format!(
                "{:?}",
                extra.filter(|n| !names.contains(n)).collect::<Vec<_>>()
            )
        }),
    );
    for x in &e.notable {
        let found = p.map(|p| {
            let acronym = |n: &&partnergraph::ingest::profile::NotableProject| {
                n.acronym.as_str() == x.acronym
            };
            p.notable_projects.iter().find(acronym)
        });
        check(
            "notable_acronym",
            x.acronym.clone(),
            found.map(|n| show(n.map(|n| n.acronym.as_str()))),
        );
        check(
            "notable_funding",
            format!("{}: {}", x.acronym, euros(x.funding_eur)),
            found.map(|n| format!("{}: {}", x.acronym, euros(n.and_then(|n| n.funding_eur)))),
        );
        check(
            "notable_years",
            format!("{}: {}", x.acronym, years(x.start, x.end)),
            found.map(|n| {
                let (start, end) = n.map_or((None, None), |n| (n.start_year, n.end_year));
                format!("{}: {}", x.acronym, years(start, end))
            }),
        );
    }
    let acronyms: Vec<&str> = e.notable.iter().map(|x| x.acronym.as_str()).collect();
    check(
        "notable_spurious",
        "[]".into(),
        p.map(|p| {
            let extra = p.notable_projects.iter().map(|n| n.acronym.as_str());
            format!(
                "{:?}",
                extra.filter(|a| !acronyms.contains(a)).collect::<Vec<_>>()
            )
        }),
    );
    out
}

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, right: bool) {
        self.right += usize::from(right);
        self.total += 1;
    }

    fn accuracy(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>4}/{:<4} {:.3}",
            self.right,
            self.total,
            self.accuracy()
        )
    }
}

#[test]
fn profile_field_accuracy() {
    let mut by_field: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_text: Vec<(String, Tally)> = Vec::new();
    let mut by_batch: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut wrong = Vec::new();
    let files = texts();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = expected(path);
        let batch = expected.batch.clone().unwrap_or_else(|| "probe-1".into());
        let mut tally = Tally::default();
        for c in checks(&text, &expected) {
            let right = c.expected == c.found;
            tally.add(right);
            total.add(right);
            by_batch.entry(batch.clone()).or_default().add(right);
            by_field.entry(c.field).or_default().add(right);
            if !right {
                wrong.push(format!(
                    "{name}: {}: expected {:?}, found {:?}",
                    c.field, c.expected, c.found
                ));
            }
        }
        by_text.push((name, tally));
    }
    println!("\n| field | right/total accuracy |\n| --- | --- |");
    for (field, t) in &by_field {
        println!("| {field} | {t} |");
    }
    println!("\n| text | right/total accuracy |\n| --- | --- |");
    for (name, t) in &by_text {
        println!("| {name} | {t} |");
    }
    for (batch, t) in &by_batch {
        println!("\n{batch}: {t}");
    }
    println!("\n**total** {total} over {} texts\n", files.len());
    for w in &wrong {
        println!("{w}");
    }
    assert!(
        files.len() >= 10,
        "the evaluation set has at least ten texts"
    );
    for field in ["detected", "parsed", "legal_name", "projects"] {
        let t = &by_field[field];
        assert_eq!(t.right, t.total, "{field}: {t}");
    }
    for (name, t) in &by_text {
        assert!(t.accuracy() >= 0.9, "{name}: {t}");
    }
    assert!(total.accuracy() >= 0.98, "total accuracy fell: {total}");
}

/// The strategies of the strategy evaluation are no profiles: a page of labelled fields is told by
/// a name and three kinds of field, one of which places the organisation, which a strategy's
/// contact box does not give.
#[test]
fn strategies_are_not_taken_for_profiles() {
    let strategies = std::fs::read_dir(fixture("strategy-eval")).unwrap();
    for path in strategies.map(|e| e.unwrap().path()) {
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!looks_like_profile(&text), "{}", path.display());
        }
    }
}
