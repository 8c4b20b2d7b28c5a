//! CORDIS CSV exports: what the graph holds is checked against figures computed independently
//! from the same CSV files by a Python csv-module script, and the CORDIS records join the
//! profiles' and strategies' organisations and projects.

use crate::common::{Env, fixture, seeds};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn expected(folder: &std::path::Path) -> Value {
    figures("cordis_expected.py", folder)
}

/// The JSON a script of tests/python prints about `folder`.
pub(crate) fn figures(script: &str, folder: &std::path::Path) -> Value {
    let script = crate::common::repo().join("tests/python").join(script);
    let output = Command::new("python3")
        .arg(script)
        .arg(folder)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

pub(crate) fn count(env: &Env, pattern: &str) -> u64 {
    let rows = env.csv(&[
        "query",
        "-e",
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"),
    ]);
    rows[1][0].parse().unwrap()
}

/// Projects, participations and organisations (by PIC) in the graph, as `want` counts them.
fn assert_entity_counts(env: &Env, want: &Value) {
    let patterns = [
        ("projects", "SELECT DISTINCT ?p { ?p a pg:Project }"),
        (
            "participations",
            "SELECT DISTINCT ?p { ?p a pg:Participation }",
        ),
        (
            "organisations",
            "SELECT DISTINCT ?o { ?o a pg:Organisation ; pg:pic ?pic }",
        ),
    ];
    for (figure, pattern) in patterns {
        assert_eq!(count(env, pattern), want[figure], "{figure}");
    }
}

#[test]
fn cordis_figures_match_an_independent_reading_of_the_csv() {
    let folder = fixture("cordis/h2020");
    let want = expected(&folder);
    let env = Env::new();
    env.ok(&["build", folder.to_str().unwrap()]);

    assert_entity_counts(&env, &want);
    assert_eq!(
        count(
            &env,
            "SELECT DISTINCT ?p { ?p a pg:Participation FILTER NOT EXISTS { ?p pg:ecContribution ?c } }"
        ),
        want["empty_contributions"]
    );
    for (role, n) in want["roles"].as_object().unwrap() {
        assert_eq!(
            count(
                &env,
                &format!("SELECT DISTINCT ?p {{ ?p pg:role \"{role}\" }}")
            ),
            n.as_u64().unwrap(),
            "{role}"
        );
    }
    let by_org = env.csv(&[
        "query",
        "-e",
        "SELECT ?name (SUM(?c) AS ?total) WHERE { SELECT DISTINCT ?p ?name ?c WHERE { ?p pg:roleOf ?o ; pg:ecContribution ?c . ?o pg:legalName ?name } } GROUP BY ?name ORDER BY ?name",
    ]);
    let actual: BTreeMap<String, f64> = by_org[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect();
    let wanted: BTreeMap<String, f64> = want["ec_contribution_by_org"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
        .collect();
    assert_eq!(actual, wanted);

    // Every pair of organisations in a project: fine on a fixture, a million rows at H2020 scale,
    // which is why the curated shared-projects takes the two organisations as parameters.
    let edges = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?a ?b { ?pa pg:inProject ?project ; pg:roleOf ?a . \
         ?pb pg:inProject ?project ; pg:roleOf ?b . FILTER(STR(?a) < STR(?b)) }",
    ]);
    let distinct: std::collections::BTreeSet<(String, String)> = edges[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        distinct.len() as u64,
        want["projection_edges"].as_u64().unwrap()
    );
    assert_eq!(
        count(&env, "SELECT DISTINCT ?p ?f { ?p pg:fieldOfScience ?f }"),
        want["fields_of_science"]
    );
    for (name, partners) in want["partners_by_org"].as_object().unwrap() {
        let rows = env.csv(&[
            "query",
            "organisation-partners",
            "-p",
            &format!("org={name}"),
        ]);
        assert_eq!(rows.len() as u64 - 1, partners.as_u64().unwrap(), "{name}");
    }
}

#[test]
fn profile_organisations_and_projects_are_the_cordis_ones() {
    let env = Env::new();
    let report = env.ok(&[
        "build",
        seeds().to_str().unwrap(),
        fixture("cordis/h2020").to_str().unwrap(),
    ]);
    assert!(report.contains("h2020-organization"), "{report}");
    let rows = env.csv(&[
        "query",
        "organisation-projects",
        "-p",
        "org=Region Örebro län",
    ]);
    let projects: Vec<(&str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    let org = "https://w3id.org/partnergraph/id/org/pic-999901234";
    assert_eq!(
        projects,
        [
            (org, "3TR", "thirdParty", ""),
            (org, "ASCAPE", "participant", "405000"),
            (org, "CHERRIES", "participant", "254000"),
            (org, "PAPA-ARTIS", "participant", "220000"),
        ]
    );
    // The profile's and the CORDIS record's sources both back each project.
    assert!(
        rows[1][5].contains("orebro-lans-landsting-profile")
            && rows[1][5].contains("h2020-organization"),
        "{rows:?}"
    );

    let aliases = env.csv(&[
        "query",
        "organisation-aliases",
        "-p",
        "org=OREBRO LANS LANDSTING",
    ]);
    assert!(
        aliases[1..]
            .iter()
            .any(|r| r[1] == "Region Örebro län" && r[2] == "cordis-name"),
        "{aliases:?}"
    );

    // 12 CORDIS projects; of the profiles' 21 acronyms, 11 are CORDIS projects of the fixture.
    assert_eq!(count(&env, "SELECT DISTINCT ?p { ?p a pg:Project }"), 22);
    // Names a strategy uses resolve to the CORDIS organisations too.
    let karolinska = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?o WHERE { ?s pg:names ?o . ?o pg:legalName \"KAROLINSKA INSTITUTET\" }",
    ]);
    assert_eq!(karolinska.len(), 2, "{karolinska:?}");
    let kth = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?o WHERE { ?s pg:names ?o . ?o pg:pic \"999922222\" }",
    ]);
    assert_eq!(
        kth.len(),
        2,
        "the Royal Institute of Technology is KTH: {kth:?}"
    );
}

#[test]
fn rebuilding_cordis_is_a_no_op() {
    let env = Env::new();
    let folder = fixture("cordis/h2020");
    env.ok(&["build", folder.to_str().unwrap()]);
    let before = env.dump();
    let report: Value =
        serde_json::from_str(&env.ok(&["build", "--json", folder.to_str().unwrap()])).unwrap();
    assert_eq!(report["committed"], false);
    assert_eq!(env.dump(), before);
}

/// Each malformed file fails with its path, line and column, and the store is unchanged.
/// `build --strict` keeps the policy of earlier versions: the first bad row fails the build.
#[test]
fn malformed_cordis_files_are_refused_with_line_and_column() {
    let env = Env::new();
    let good = fixture("cordis/h2020");
    env.ok(&["build", good.to_str().unwrap()]);
    let before = env.dump();
    let organisations = std::fs::read_to_string(good.join("organization.csv")).unwrap();
    let projects = std::fs::read_to_string(good.join("project.csv")).unwrap();
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let cases: Vec<(&str, String, String)> = vec![
        (
            "organization.csv",
            organisations.replacen("\"410000,00\"", "\"41,00,00\"", 3),
            format!(
                "line {}, column ecContribution",
                line_of(&organisations, "410000,00")
            ),
        ),
        (
            "organization.csv",
            organisations.replacen("\"thirdParty\"", "\"sponsor\"", 1),
            format!(
                "line {}, column role",
                line_of(&organisations, "thirdParty")
            ),
        ),
        (
            "organization.csv",
            {
                let dup = organisations.lines().nth(2).unwrap().to_owned();
                format!("{organisations}{dup}\n")
            },
            format!(
                "twice, at lines 3 and {}",
                organisations.lines().count() + 1
            ),
        ),
        (
            "project.csv",
            projects.replacen("\"PAPA-ARTIS\";", "\"PAPA-ARTIS;", 1),
            format!(
                "line {}, column grantDoi: the record has 19 fields where the header has 20",
                line_of(&projects, "PAPA-ARTIS")
            ),
        ),
        (
            "project.csv",
            {
                let cut = projects.trim_end().trim_end_matches('"');
                let last = cut.rfind("\"SOLARFLEX").unwrap();
                format!("{}\"unfinished objective\n", &cut[..last])
            },
            format!("line {}", line_of(&projects, "SOLARFLEX")),
        ),
        (
            "project.csv",
            projects.replacen("\"2017-05-01\"", "\"2017-13-45\"", 1),
            format!(
                "line {}, column startDate",
                line_of(&projects, "2017-05-01")
            ),
        ),
    ];
    for (file, content, message) in cases {
        let folder = env.path("bad");
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        for name in ["project.csv", "organization.csv", "euroSciVoc.csv"] {
            std::fs::copy(good.join(name), folder.join(name)).unwrap();
        }
        std::fs::write(folder.join(file), content).unwrap();
        let stderr = env.fail(&["build", "--strict", folder.to_str().unwrap()]);
        assert!(
            stderr.contains(&folder.join(file).display().to_string()) && stderr.contains(&message),
            "{file} / {message}: {stderr}"
        );
        assert_eq!(env.dump(), before, "{message}: the store changed");
    }
}

/// A header with a column twice (`title` renamed to a second `acronym`, which once cost every
/// project its title without a word) or without a column the layout needs is refused by a
/// default build, naming the file and the column, and the store is left as it was.
#[test]
fn a_duplicated_or_missing_header_column_is_refused_naming_it() {
    let env = Env::new();
    let good = fixture("cordis/h2020");
    env.ok(&["build", good.to_str().unwrap()]);
    let before = env.dump();
    let projects = std::fs::read_to_string(good.join("project.csv")).unwrap();
    let cases = [
        (
            projects.replacen("\"title\"", "\"acronym\"", 1),
            "line 1, column acronym: the column appears twice in the header",
        ),
        (
            projects.replacen("\"acronym\"", "\"shortName\"", 1),
            "line 1, column acronym: missing from the header",
        ),
    ];
    for (content, message) in cases {
        let folder = env.path("bad");
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("project.csv");
        std::fs::write(&file, content).unwrap();
        let stderr = env.fail(&["build", folder.to_str().unwrap()]);
        assert!(
            stderr.contains(&file.display().to_string()) && stderr.contains(message),
            "{message}: {stderr}"
        );
        assert_eq!(env.dump(), before, "{message}: the store changed");
    }
}

/// The loader's budget only changes how the quads are batched: at 1 MB every batch (500 quads)
/// is far smaller than the chunks the CORDIS tables are made in, and the graph must be the
/// same quads as with the default budget, its figures those of the CSV files.
#[test]
fn a_tiny_loader_budget_builds_the_same_graph() {
    let small = Env::new();
    let data = small.path("h2020");
    small.synth(300, 4, &data);
    let report = small.ok(&["build", "--loader-memory", "1", data.to_str().unwrap()]);
    // A batch of 500 quads per worker: the report counts the runs and points to --compact.
    let runs = report
        .lines()
        .find_map(|line| line.strip_prefix("The loader wrote "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no sorted-run count in:\n{report}"));
    assert!(
        runs > 10 && report.contains("`build --compact`"),
        "{report}"
    );
    let want = expected(&data);
    assert_eq!(
        count(&small, "SELECT DISTINCT ?p { ?p a pg:Participation }"),
        want["participations"]
    );
    let default = Env::new();
    let report = default.ok(&["build", data.to_str().unwrap()]);
    assert!(!report.contains("sorted runs"), "{report}");
    assert_eq!(small.dump(), default.dump());
    // Compacted, the store has no runs left to mention.
    let report = small.ok(&["build", "--compact", data.to_str().unwrap()]);
    assert!(!report.contains("sorted runs"), "{report}");
    // No budget at all is refused before anything is read.
    let stderr = small.fail(&["build", "--loader-memory", "0", data.to_str().unwrap()]);
    assert!(
        stderr.contains("--loader-memory") && stderr.contains("at least 1 MB"),
        "{stderr}"
    );
}

fn quirks_expected(folder: &Path) -> Value {
    figures("cordis_quirks_expected.py", folder)
}

/// Real exports' quirks (doubled values, two roles, a grant listed twice, FP7 and HORIZON role
/// codes, rows that cannot be read) are repaired by README's rules, counted in the summary,
/// noted in the graph, and unreadable rows are listed in the rejects file; the graph agrees
/// with an independent reading of the files by those rules.
#[test]
fn real_export_quirks_are_repaired_counted_and_rejects_listed() {
    let folder = fixture("cordis/quirks");
    let want = quirks_expected(&folder);
    let env = Env::new();
    let summary = env.ok(&["build", folder.to_str().unwrap()]);
    assert!(summary.contains("Data quality"), "{summary}");
    for expected in [
        "doubled values read once",
        "organisations with several roles in one project",
        "records listed twice; the most recent kept",
        "role codes without a partnergraph class",
        "3 rows could not be read and were skipped",
    ] {
        assert!(summary.contains(expected), "{expected}: {summary}");
    }

    assert_entity_counts(&env, &want);
    for (role, n) in want["roles"].as_object().unwrap() {
        let pattern = format!("SELECT DISTINCT ?p {{ ?p pg:role \"{role}\" }}");
        assert_eq!(count(&env, &pattern), n.as_u64().unwrap(), "{role}");
    }
    assert_eq!(
        count(
            &env,
            "SELECT ?o ?p { ?x pg:roleOf ?o ; pg:inProject ?p } GROUP BY ?o ?p HAVING (COUNT(DISTINCT ?x) > 1)"
        ),
        want["pairs_with_several_roles"]
    );
    for (id, end) in want["project_end_dates"].as_object().unwrap() {
        let rows = env.csv(&[
            "query",
            "-e",
            &format!("SELECT DISTINCT ?end {{ ?p pg:identifier \"{id}\" ; pg:endDate ?end }}"),
        ]);
        assert_eq!(rows[1..], [vec![end.as_str().unwrap().to_owned()]], "{id}");
    }
    for (code, n) in want["countries"].as_object().unwrap() {
        let pattern = format!(
            "SELECT DISTINCT ?o {{ ?o pg:pic ?pic ; pg:hasCountry ?c . ?c pg:countryCode \"{code}\" }}"
        );
        assert_eq!(count(&env, &pattern), n.as_u64().unwrap(), "{code}");
    }

    // The repaired facts say so, and the document says what was repaired.
    let notes = env.csv(&[
        "query",
        "-e",
        "SELECT ?note { ?x pg:repair ?note FILTER(CONTAINS(?note, \"FI;FI\")) }",
    ]);
    assert_eq!(
        notes[1..],
        [vec!["country \"FI;FI\" read as \"FI\"".to_owned()]]
    );
    let repairs = env.csv(&[
        "query",
        "-e",
        "SELECT ?quirk ?n ?line { GRAPH ?g { ?d pg:repaired ?r . ?r pg:quirk ?quirk ; pg:occurrences ?n ; pg:line ?line } } ORDER BY ?quirk",
    ]);
    let mut repairs: Vec<(String, String)> = repairs[1..]
        .iter()
        .filter(|r| ["rejected", "postcode-zeros", "superseded"].contains(&r[0].as_str()))
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    repairs.sort();
    assert_eq!(
        repairs,
        [
            ("postcode-zeros".to_owned(), "3".to_owned()),
            ("rejected".to_owned(), "1".to_owned()),
            ("rejected".to_owned(), "2".to_owned()),
            ("superseded".to_owned(), "1".to_owned()),
            ("superseded".to_owned(), "1".to_owned()),
        ]
    );

    // Every skipped row is in the rejects file with its file, line and reason.
    let rejects = std::fs::read_to_string(env.store().join("current/rejects.csv")).unwrap();
    let listed: Vec<String> = crate::common::parse_csv(&rejects)[1..]
        .iter()
        .map(|r| {
            let file = Path::new(&r[1])
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            format!("{file}:{}", r[2])
        })
        .collect();
    let mut listed = listed;
    listed.sort();
    let wanted: Vec<String> = want["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, wanted);
    assert!(
        rejects.contains("not disclosed\"\" is not an amount"),
        "{rejects}"
    );

    // The network counts a project once per pair, whatever the roles.
    let out = env.path("net");
    env.ok(&["network", "--format", "csv", "-o", out.to_str().unwrap()]);
    let edges = crate::common::parse_csv(&std::fs::read_to_string(out.join("edges.csv")).unwrap());
    assert_eq!(
        edges.len() as u64 - 1,
        want["projection_edges"].as_u64().unwrap()
    );
    let pic = |id: &str| id.trim_start_matches("org/pic-").to_owned();
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    for e in &edges[1..] {
        let (a, b) = (pic(&e[0]), pic(&e[1]));
        let key = if a < b {
            format!("{a}-{b}")
        } else {
            format!("{b}-{a}")
        };
        weights.insert(key, e[2].parse().unwrap());
    }
    let wanted: BTreeMap<String, f64> = want["edge_weights"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
        .collect();
    assert_eq!(weights, wanted);

    // A strict build refuses the file at its first anomaly and leaves the store as it was.
    let before = env.dump();
    let stderr = env.fail(&["build", "--strict", folder.to_str().unwrap()]);
    assert!(
        stderr.contains("project.csv: line 4, column id: project 656579 appears twice")
            || stderr.contains("organization.csv: line 2, column country"),
        "{stderr}"
    );
    assert_eq!(env.dump(), before);
}

/// A synthetic release of all three programmes with every quirk, built as `synth` wrote it: the
/// build counts each quirk exactly as often as the synthesiser's log (`.quirks.json`) says it
/// injected it, and lists every unreadable row in the rejects file.
#[test]
fn a_synthetic_release_builds_with_the_quirks_its_log_lists() {
    let env = Env::new();
    let release = quirky_release(&env, "all", 4000, 5);
    let mut injected: BTreeMap<String, u64> = BTreeMap::new();
    for programme in ["fp7", "h2020", "horizon"] {
        let log = std::fs::read(release.join(programme).join(".quirks.json")).unwrap();
        let log: Value = serde_json::from_slice(&log).unwrap();
        for (name, entry) in log["quirks"].as_object().unwrap() {
            *injected.entry(name.clone()).or_default() += entry["count"].as_u64().unwrap();
        }
    }
    let summary = env.ok(&["build", release.to_str().unwrap()]);
    assert!(summary.contains("Data quality"), "{summary}");

    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?quirk (SUM(?n) AS ?total) { GRAPH ?g { ?d pg:repaired ?r . ?r pg:quirk ?quirk ; pg:occurrences ?n } } GROUP BY ?quirk",
    ]);
    let repaired: BTreeMap<&str, u64> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].parse().unwrap()))
        .collect();
    let log = |names: &[&str]| names.iter().map(|n| injected[*n]).sum::<u64>();
    let want = [
        (
            "doubled-value",
            log(&["doubledCountry", "doubledActivityType"]),
        ),
        ("several-roles", log(&["twoRoles"])),
        ("superseded", log(&["amendedProject"])),
        ("decimal-comma", log(&["mixedDecimal"])),
        ("postcode-zeros", log(&["postCodeLostZeros"])),
        ("other-role", log(&["unknownRole"])),
        ("float-id", log(&["floatOrder"])),
        ("serial-date", log(&["serialStartDate"])),
        ("country-name", log(&["countryName"])),
        (
            "rejected",
            log(&["rejectEmptyProjectId", "rejectBadAmount"]),
        ),
    ];
    for (quirk, n) in want {
        assert!(n > 0, "{quirk}: the release should carry it: {injected:?}");
        assert_eq!(
            repaired.get(quirk).copied(),
            Some(n),
            "{quirk}: {repaired:?}"
        );
    }
    let rejects = std::fs::read_to_string(env.store().join("current/rejects.csv")).unwrap();
    assert_eq!(
        rejects.lines().count() as u64 - 1,
        log(&["rejectEmptyProjectId", "rejectBadAmount"]),
        "{rejects}"
    );

    // The programmes share one store: a PIC is one organisation whatever its programmes, and
    // `--programme` picks the projects of the programmes named, against an independent count.
    let want = figures("cordis_programmes_expected.py", &release);
    assert!(
        want["in_several_programmes"].as_u64().unwrap() > 100,
        "{want}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT DISTINCT ?o { ?o a pg:Organisation ; pg:pic ?pic }"
        ),
        want["organisations"]
    );
    for (programmes, figures) in want["networks"].as_object().unwrap() {
        let out = env.path(&format!("net-{programmes}"));
        let mut args = vec!["network", "--format", "csv", "-o", out.to_str().unwrap()];
        for programme in programmes.split('+') {
            args.extend(["--programme", programme]);
        }
        env.ok(&args);
        let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
        let edges = crate::common::parse_csv(&edges);
        let weight: f64 = edges[1..]
            .iter()
            .map(|e| e[2].parse::<f64>().unwrap())
            .sum();
        assert_eq!(
            (edges.len() as u64 - 1, weight as u64),
            (
                figures["edges"].as_u64().unwrap(),
                figures["weight"].as_u64().unwrap()
            ),
            "{programmes}"
        );
    }
}

/// The same release as CSV, JSON and XLSX, each in a folder and in a zip as CORDIS offers them
/// for download, gives the same graph.
#[test]
fn every_format_of_a_release_gives_the_same_graph() {
    let env = Env::new();
    let formats = env.path("formats");
    write_formats(&fixture("cordis/h2020"), &formats);
    let csv = statements(&formats.join("csv"), false);
    assert!(csv.len() > 300, "{} statements", csv.len());
    same_in_every_format(&formats, &csv, false);
}

/// A synthetic release of every programme with every quirk gives the same graph in every
/// format. Only the repair notes may differ: an XLSX cell holds a number, so an amount there
/// has no decimal comma to repair.
#[test]
fn a_synthetic_release_with_quirks_gives_the_same_graph_in_every_format() {
    let env = Env::new();
    let release = quirky_release(&env, "horizon", 1200, 7);
    let formats = env.path("formats");
    write_formats(&release, &formats);
    let csv = statements(&formats.join("csv"), true);
    assert!(csv.len() > 5000, "{} statements", csv.len());
    same_in_every_format(&formats, &csv, true);
}

/// A synthetic release of `programme` (or `all`) with every quirk, in the folder `release`.
fn quirky_release(env: &Env, programme: &str, projects: usize, seed: u64) -> PathBuf {
    let release = env.path("release");
    let (projects, seed) = (projects.to_string(), seed.to_string());
    env.ok(&[
        "synth",
        "cordis",
        "--programme",
        programme,
        "--projects",
        &projects,
        "--seed",
        &seed,
        "--quirks",
        "-o",
        release.to_str().unwrap(),
    ]);
    release
}

/// Writes `release`'s CSV tables as JSON and XLSX folders and as zips (tests/python/cordis_formats.py).
fn write_formats(release: &Path, formats: &Path) {
    let python = crate::common::python_with(&["openpyxl"], "import openpyxl");
    let script = crate::common::repo().join("tests/python/cordis_formats.py");
    let status = Command::new(python)
        .arg(script)
        .arg(release)
        .arg(formats)
        .status()
        .expect("python runs");
    assert!(status.success());
}

/// The graph built from `input`, as sorted statements wherever they stand: graph names and the
/// metadata differ with the file names, the statements must not.
fn statements(input: &Path, without_repairs: bool) -> BTreeSet<String> {
    let env = Env::new();
    env.ok(&["build", input.to_str().unwrap()]);
    let repairs = if without_repairs {
        " FILTER(?p != <https://w3id.org/partnergraph/ontology#repair>)"
    } else {
        ""
    };
    let rows = env.csv(&[
        "query",
        "-e",
        &format!("SELECT DISTINCT ?s ?p ?o {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <https://w3id.org/partnergraph/graph/meta>){repairs} }}"),
    ]);
    rows[1..].iter().map(|r| r.join(" ")).collect()
}

fn same_in_every_format(formats: &Path, csv: &BTreeSet<String>, without_repairs: bool) {
    for variant in ["json", "xlsx", "csv.zip", "json.zip", "xlsx.zip"] {
        let input = formats.join(variant);
        assert!(input.exists(), "{}", input.display());
        let other = statements(&input, without_repairs);
        let missing: Vec<_> = csv.difference(&other).take(5).collect();
        let extra: Vec<_> = other.difference(csv).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{variant}: missing {missing:#?}, extra {extra:#?}"
        );
    }
}
