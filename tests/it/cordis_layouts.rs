//! CORDIS data in every layout it has been published in, or saved again by the tools people use
//! (tests/fixtures/cordis/layouts, written by its make.py): each builds with the real binary,
//! and its graph holds the projects, organisations and participations an independent Python
//! reader (tests/python/cordis_layouts_expected.py) finds in the same files. Adding a layout is
//! adding its files; those that cannot be read say why, naming the file.

use crate::common::{Env, fixture};
use crate::cordis::count;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Layouts that are refused, each with the file the refusal names (its path starts so) and what
/// the refusal says of it.
const REFUSED: [(&str, &str, &str); 4] = [
    (
        "cut-zip",
        "cut-zip/cordis-h2020projects-csv.zip/organization.csv",
        "incomplete deflate stream",
    ),
    (
        "cordis-h2020projects-xml.zip",
        "cordis-h2020projects-xml.zip",
        "this is CORDIS's XML download (xml/project-rcn-225501_en.xml, …), which partnergraph does not read; download the same data as CSV, JSON or XLSX",
    ),
    (
        "damaged-xlsx",
        "damaged-xlsx/project.xlsx",
        "cannot read this XLSX workbook: not a readable XLSX workbook (damaged, or cut short",
    ),
    (
        "xml-unpacked",
        "xml-unpacked/xml/project-rcn-2255",
        "_en.xml: this is a record of CORDIS's XML download, which partnergraph does not read; download the same data as CSV, JSON or XLSX",
    ),
];

/// Layouts Python's zipfile cannot open (a damaged central directory), each with the layout
/// that holds the same tables, whose figures it must give.
const SAME_AS: [(&str, &str); 1] = [("broken-directory", "h2020-csv")];

fn layouts() -> PathBuf {
    fixture("cordis/layouts")
}

/// Every layout: each file or folder beside make.py.
fn every_layout() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(layouts())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !["make.py", "README.md"].contains(&file_name(path)))
        .collect();
    found.sort();
    found
}

fn file_name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

fn expected(layout: &Path) -> Value {
    crate::cordis::figures("cordis_layouts_expected.py", layout)
}

/// What the graph built from a layout holds, in the figures the Python reader gives.
fn figures(env: &Env) -> Value {
    let countries = env.csv(&[
        "query",
        "-e",
        "SELECT ?code (COUNT(DISTINCT ?o) AS ?n) { ?o pg:pic ?pic ; pg:hasCountry ?c . ?c pg:countryCode ?code } GROUP BY ?code",
    ]);
    let countries: BTreeMap<String, u64> = countries[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect();
    let values = |query: &str| -> Vec<String> {
        env.csv(&["query", "-e", query])[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect()
    };
    // Each project's start and end dates, as the reader wrote them to the graph.
    let dates: BTreeMap<String, [String; 2]> = env.csv(&[
        "query",
        "-e",
        "SELECT ?id ?start ?end { ?p a pg:Project ; pg:identifier ?id OPTIONAL { ?p pg:startDate ?start } OPTIONAL { ?p pg:endDate ?end } FILTER(BOUND(?start) || BOUND(?end)) }",
    ])[1..]
        .iter()
        .map(|r| (r[0].clone(), [r[1].clone(), r[2].clone()]))
        .collect();
    let contribution: f64 = values(
        "SELECT (SUM(?euros) AS ?total) { ?p a pg:Participation ; pg:ecContribution ?euros }",
    )[0]
    .parse()
    .unwrap_or(0.0);
    serde_json::json!({
        "projects": count(env, "SELECT DISTINCT ?p { ?p a pg:Project }"),
        "project_ids": values("SELECT DISTINCT ?id { ?p a pg:Project ; pg:identifier ?id } ORDER BY ?id"),
        "pics": values("SELECT DISTINCT ?pic { ?o a pg:Organisation ; pg:pic ?pic } ORDER BY ?pic"),
        "organisations": count(env, "SELECT DISTINCT ?o { ?o a pg:Organisation ; pg:pic ?pic }"),
        "participations": count(env, "SELECT DISTINCT ?p { ?p a pg:Participation }"),
        "start_dates": count(env, "SELECT DISTINCT ?p { ?p a pg:Project ; pg:startDate ?d }"),
        "dates": dates,
        "cities": values("SELECT DISTINCT ?city { ?o a pg:Organisation ; pg:city ?city } ORDER BY ?city"),
        "contribution": contribution.round() as i64,
        "countries": countries,
        "tables": count(
            env,
            "SELECT DISTINCT ?d { GRAPH ?g { ?d pg:sourceKind ?k FILTER(?k IN (\"cordis-project\", \"cordis-organization\")) } }",
        ),
    })
}

/// How often each quirk was repaired, over all documents.
fn quirks(env: &Env) -> BTreeMap<String, u64> {
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?quirk (SUM(?n) AS ?total) { GRAPH ?g { ?d pg:repaired ?r . ?r pg:quirk ?quirk ; pg:occurrences ?n } } GROUP BY ?quirk",
    ]);
    rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect()
}

/// The build's stderr with warnings on, and the store, for one layout.
fn build(layout: &Path) -> (Env, String) {
    let env = Env::new();
    let output = env
        .command()
        .args(["build", layout.to_str().unwrap()])
        .env("PARTNERGRAPH_LOG", "warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{}: the build failed:\n{stderr}",
        layout.display()
    );
    (env, stderr)
}

#[test]
fn cordis_layouts_build_with_the_figures_of_an_independent_reader() {
    let mut failures = Vec::new();
    let mut built = 0;
    for layout in every_layout() {
        if REFUSED
            .iter()
            .any(|(name, _, _)| *name == file_name(&layout))
        {
            continue;
        }
        let twin = SAME_AS
            .iter()
            .find(|(name, _)| *name == file_name(&layout))
            .map_or(layout.clone(), |(_, twin)| layouts().join(twin));
        let want = expected(&twin);
        assert!(want["tables"].as_u64().unwrap() > 0, "{}", layout.display());
        let (env, _) = build(&layout);
        let got = figures(&env);
        if got != want {
            failures.push(format!("{}: graph {got}, files {want}", file_name(&layout)));
        }
        built += 1;
    }
    assert!(built >= 20, "{built} layouts");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn cordis_layouts_that_cannot_be_read_are_refused_naming_the_file() {
    for (layout, file, message) in REFUSED {
        let env = Env::new();
        let path = layouts().join(layout);
        let stderr = env.fail(&["build", path.to_str().unwrap()]);
        let file = layouts().join(file).display().to_string();
        let named = stderr.find(&file).map(|at| &stderr[at + file.len()..]);
        assert!(
            named.is_some_and(|rest| rest.contains(message)),
            "{layout}: {stderr}"
        );
        assert!(!env.store().join("current").exists(), "{layout}: built");
    }
}

/// Normalisations of what other tools wrote are counted as quirks and kept as provenance.
#[test]
fn cordis_layouts_normalisations_are_counted_quirks() {
    let cases = [
        // The ids and RCNs of 3 projects; the project ids, PICs and orders of 8 participations.
        ("float-ids", "float-id", 3 * 2 + 8 * 3),
        // The start and end dates of 3 projects.
        ("xlsx-cover", "serial-date", 3 * 2),
        ("country-names", "country-name", 9),
        // Re-saved in a European locale: the start, end and update dates of 3 projects and the
        // update dates of 9 participations; the two amounts of 3 projects and the three of the 7
        // participations that have them, grouped (and with a decimal comma).
        ("excel-european", "local-date", 3 * 3 + 9),
        ("excel-european", "formatted-amount", 3 * 2 + 7 * 3),
        ("excel-european", "decimal-comma", 3 * 2 + 7 * 3),
        // Re-saved in a US locale: the same dates, month first; the same amounts, grouped;
        // and a participation the user added, its update date and three amounts with it.
        ("excel-us", "local-date", 3 * 3 + 10),
        ("excel-us", "formatted-amount", 3 * 2 + 8 * 3),
        // Text dates of a US workbook: 3 projects' three, 8 participations' update dates.
        ("xlsx-us-text", "local-date", 3 * 3 + 8),
        // The lines with an accent or an apostrophe: one project, two participations of the
        // FP7 tables, two participations appended to the UTF-8 organisations.
        ("latin-1", "latin-1", 1 + 2 + 2),
    ];
    for (layout, quirk, n) in cases {
        let (env, _) = build(&layouts().join(layout));
        assert_eq!(quirks(&env).get(quirk), Some(&n), "{layout} {quirk}");
    }
    // Lines above a table are skipped with a warning that says where the table starts.
    let (_, stderr) = build(&layouts().join("title-lines"));
    assert!(
        stderr.contains("line 4: the table starts here; the lines above it were skipped (\"CORDIS - HORIZON projects\")"),
        "{stderr}"
    );
    let (env, _) = build(&layouts().join("country-names"));
    let notes = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?note { ?x pg:repair ?note FILTER(CONTAINS(?note, \"Greece\")) }",
    ]);
    assert_eq!(
        notes[1..],
        [vec!["country \"Greece\" read as \"EL\"".to_owned()]]
    );
}

/// Two downloads that pack their tables in the same inner folder keep their graphs apart, each
/// named after its archive and the member's path; a zip whose central directory is damaged is
/// read from its members' local headers, saying so; junk members are left out without a word,
/// and tables partnergraph does not model are skipped with a warning.
#[test]
fn cordis_layouts_graph_names_and_skipped_tables() {
    let (env, _) = build(&layouts().join("inner-folders"));
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?name ?path { GRAPH ?m { ?d pg:sourceKind ?k ; pg:graph ?g ; pg:sourcePath ?path FILTER(STRSTARTS(?k, \"cordis\")) BIND(STRAFTER(STR(?g), \"/graph/\") AS ?name) } } ORDER BY ?name",
    ]);
    let named: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| {
            let path = r[1].rsplit("inner-folders/").next().unwrap_or_default();
            (r[0].as_str(), path)
        })
        .collect();
    assert_eq!(
        named,
        [
            (
                "cordis-fp7projects-csv-csv-organization",
                "cordis-fp7projects-csv.zip/csv/organization.csv"
            ),
            (
                "cordis-fp7projects-csv-csv-project",
                "cordis-fp7projects-csv.zip/csv/project.csv"
            ),
            (
                "cordis-h2020projects-csv-csv-organization",
                "cordis-h2020projects-csv.zip/csv/organization.csv"
            ),
            (
                "cordis-h2020projects-csv-csv-project",
                "cordis-h2020projects-csv.zip/csv/project.csv"
            ),
            (
                "cordis-horizonprojects-json-json-organization",
                "cordis-HORIZONprojects-json.zip/json/organization.json"
            ),
            (
                "cordis-horizonprojects-json-json-project",
                "cordis-HORIZONprojects-json.zip/json/project.json"
            ),
        ]
    );

    let (_, stderr) = build(&layouts().join("broken-directory"));
    assert!(
        stderr.contains("the zip's central directory cannot be read")
            && stderr.contains("reading its files from their local headers"),
        "{stderr}"
    );
    let (_, stderr) = build(&layouts().join("macos-junk.zip"));
    assert!(
        !stderr.contains("__MACOSX") && !stderr.contains("DS_Store"),
        "{stderr}"
    );

    let (_, stderr) = build(&layouts().join("extra-tables"));
    for table in [
        "policyPriorities.csv (policy priorities)",
        "webItem.csv (web items)",
        "webLink.csv (project web links)",
        "projectDeliverables.csv (deliverables)",
        "projectPublications.csv (publications)",
        "principal investigators",
    ] {
        assert!(stderr.contains(table), "{table}: {stderr}");
    }
}

/// The committed layouts are what make.py writes.
#[test]
fn cordis_layouts_are_what_make_py_writes() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(layouts().join("make.py"))
        .arg(out.path())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let files = |root: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        let mut found = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if !["make.py", "README.md"].contains(&file_name(&path)) {
                    let bytes = std::fs::read(&path).unwrap();
                    found.insert(path.strip_prefix(root).unwrap().to_owned(), bytes);
                }
            }
        }
        found
    };
    let (written, committed) = (files(out.path()), files(&layouts()));
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &written {
        assert!(committed[path] == *bytes, "{} differs", path.display());
    }
}
