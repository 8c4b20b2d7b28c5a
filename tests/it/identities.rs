//! `partnergraph identities` and the corrections file: on the seeds, the CORDIS fixture, and a
//! small release of our own (`fixtures/identities/release`) in which one research institute is
//! registered under two PICs with one VAT number.

use crate::common::{Env, fixture, parse_csv, seeds};
use serde_json::Value;
use std::fs;
use std::path::Path;

const INSTITUTE: &str = "NORTHERN LIGHTS ENERGY RESEARCH INSTITUTE";
const INSTITUTE_AB: &str = "NORTHERN LIGHTS ENERGY RESEARCH INSTITUTE AB";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut full = vec!["identities"];
    full.extend(args);
    full.extend(["--format", "json"]);
    serde_json::from_str(&env.ok(&full)).unwrap()
}

/// The names of an organisation of `identities --format json` as (name, rule, document, line).
fn names(org: &Value) -> Vec<(String, String, String, Option<u64>)> {
    org["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["name"].as_str().unwrap().to_owned(),
                n["rule"].as_str().unwrap().to_owned(),
                n["document"].as_str().unwrap().to_owned(),
                n["line"].as_u64(),
            )
        })
        .collect()
}

/// The 1-based line of the first row of `file` that contains `text`.
fn line_with(file: &Path, text: &str) -> u64 {
    let content = fs::read_to_string(file).unwrap();
    content.lines().position(|l| l.contains(text)).unwrap() as u64 + 1
}

fn network_edges(env: &Env) -> Vec<Vec<String>> {
    let dir = env.path("net");
    let _ = fs::remove_dir_all(&dir);
    env.ok(&["network", "--format", "csv", "-o", dir.to_str().unwrap()]);
    parse_csv(&fs::read_to_string(dir.join("edges.csv")).unwrap())
}

fn organisations(env: &Env) -> usize {
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?o a pg:Organisation } }",
    ]);
    rows[1][0].parse().unwrap()
}

#[test]
fn every_name_is_listed_with_its_rule_document_and_line() {
    let env = Env::new();
    let cordis = fixture("cordis/h2020");
    env.ok(&["build", seeds().to_str().unwrap(), cordis.to_str().unwrap()]);
    let listed = json(&env, &["Region Örebro län"]);
    let [org] = listed.as_array().unwrap().as_slice() else {
        panic!("one organisation: {listed:#}")
    };
    assert_eq!(org["pics"], serde_json::json!(["999901234"]));
    let names = names(org);
    // The CORDIS name rests on the PIC, in the organisation table.
    assert!(
        names
            .iter()
            .any(|(name, rule, document, _)| name == "OREBRO LANS LANDSTING"
                && rule == "cordis-pic"
                && document.ends_with("organization")),
        "{names:#?}"
    );
    // The documents' names joined the PIC by their CORDIS name; each line says the name.
    let documents = [
        "orebro-lans-landsting-profile",
        "region-orebro-life-science-strategy",
    ];
    for document in documents {
        assert!(
            names
                .iter()
                .any(|(_, rule, d, _)| d == document && rule == "cordis-name")
        );
    }
    let files = [
        (
            "orebro-lans-landsting-profile",
            "orebro-lans-landsting-profile.txt",
        ),
        (
            "region-orebro-life-science-strategy",
            "region-orebro-life-science-strategy.sv.txt",
        ),
    ];
    for (name, _, document, line) in &names {
        let Some((_, file)) = files.iter().find(|(id, _)| id == document) else {
            continue;
        };
        let text = fs::read_to_string(seeds().join(file)).unwrap();
        let at = text.lines().nth(line.unwrap() as usize - 1).unwrap();
        assert!(
            at.to_lowercase().contains(&name.to_lowercase()),
            "{document} line {line:?} is {at:?}, which does not say {name:?}"
        );
    }
    // CSV has a row per name, each with the organisation's IRI.
    let rows = parse_csv(&env.ok(&["identities", "Region Örebro län", "--format", "csv"]));
    assert_eq!(rows[0][..4], ["iri", "organisation", "pic", "name"]);
    assert_eq!(rows.len(), names.len() + 1);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[0].ends_with("/org/pic-999901234"))
    );
}

#[test]
fn the_seeds_known_duplicate_is_the_first_suspicion() {
    let env = Env::with_seeds();
    let rows = parse_csv(&env.ok(&["identities", "--suspicious", "--format", "csv"]));
    assert_eq!(rows[0][..3], ["score", "kind", "organisation"]);
    let mut pair = [rows[1][2].as_str(), rows[1][4].as_str()];
    pair.sort();
    assert_eq!(
        pair,
        [
            "Stockholm Science City",
            "Stockholm Science City Foundation"
        ]
    );
    assert_eq!(rows[1][1], "possible-duplicate");
}

#[test]
fn a_same_entry_joins_two_pics_and_deleting_it_splits_them_again() {
    let env = Env::new();
    let release = env.path("release");
    copy_dir(&fixture("identities/release"), &release);
    let release_arg = release.to_str().unwrap();
    env.ok(&["build", release_arg]);
    let edges_before = network_edges(&env);
    let listed_before = env.ok(&["identities", "--format", "csv"]);
    assert_eq!(organisations(&env), 5);

    // The twin PICs lead the findings, and the file written for them applies once uncommented.
    let findings = parse_csv(&env.ok(&["identities", "--suspicious", "--format", "csv"]));
    assert_eq!(findings[1][6], "both have the VAT number SE556677001101");
    let corrections = release.join("identities.toml");
    let path = corrections.to_str().unwrap();
    env.ok(&["identities", "--suspicious", "--write", path]);
    let written = fs::read_to_string(&corrections).unwrap();
    assert!(
        written.contains("# [[same]]\n# names = [\"900100001\", \"900100002\"]\n"),
        "{written}"
    );
    let again = env.fail(&["identities", "--suspicious", "--write", path]);
    assert!(again.contains("already exists"), "{again}");
    let uncommented: String = written
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|entry| entry.starts_with("[[") || entry.contains(" = "))
                .unwrap_or(l)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let label =
        "\n[[label]]\nname = \"NLERI\"\nlabel = \"Northern Lights Energy Research Institute\"\n";
    fs::write(&corrections, uncommented + label).unwrap();
    env.ok(&["build", release_arg]);

    assert_eq!(organisations(&env), 4);
    let listed = json(&env, &[INSTITUTE_AB]);
    let [org] = listed.as_array().unwrap().as_slice() else {
        panic!("one organisation: {listed:#}")
    };
    assert_eq!(org["label"], "Northern Lights Energy Research Institute");
    assert_eq!(org["pics"], serde_json::json!(["900100001", "900100002"]));
    assert!(
        names(org)
            .iter()
            .any(|(name, rule, _, _)| name == INSTITUTE_AB && rule == "correction")
    );
    let decisions: Vec<&str> = org["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["label", "same"]);
    // The network: the joined institute is one node, partner of the Austrian company in both
    // of its projects.
    let edges = network_edges(&env);
    let joined = edges
        .iter()
        .find(|e| e[0] == "org/pic-900100001" && e[1] == "org/pic-900100004")
        .unwrap();
    assert_eq!(
        (joined[4].as_str(), joined[5].as_str()),
        ("2", "AURORA;FJORD")
    );
    assert!(!edges.iter().flatten().any(|f| f == "org/pic-900100002"));
    // The provenance names the line of the decision and the nodes it changed.
    let provenance = env.csv(&[
        "query",
        "-e",
        "SELECT ?decision ?line ?node WHERE { GRAPH ?g { ?d a pg:IdentityCorrection ; pg:decision ?decision ; pg:line ?line ; pg:corrects ?node } } ORDER BY ?decision ?node",
    ]);
    let same_line = line_with(&corrections, "[\"900100001\"").to_string();
    assert!(
        provenance
            .iter()
            .any(|r| r[0] == "same" && r[1] == same_line && r[2].ends_with("pic-900100002")),
        "{provenance:?}"
    );

    // Deleting the file undoes every decision at the next build.
    fs::remove_file(&corrections).unwrap();
    env.ok(&["build", release_arg]);
    assert_eq!(organisations(&env), 5);
    assert_eq!(network_edges(&env), edges_before);
    assert_eq!(env.ok(&["identities", "--format", "csv"]), listed_before);
}

#[test]
fn a_different_entry_takes_a_name_off_the_organisation_it_joined() {
    let env = Env::new();
    let cordis = fixture("cordis/h2020");
    let (seeds, cordis) = (seeds(), cordis.to_str().unwrap().to_owned());
    env.ok(&["build", seeds.to_str().unwrap(), &cordis]);
    let before = json(&env, &["OREBRO LANS LANDSTING"]);
    assert!(
        names(&before[0])
            .iter()
            .any(|(n, ..)| n == "Region Örebro län")
    );

    let corrections = env.path("corrections.toml");
    fs::write(
        &corrections,
        "# the strategy's region is not the county council of CORDIS\n[[different]]\nname = \"Region Örebro län\"\nnot = \"OREBRO LANS LANDSTING\"\n",
    )
    .unwrap();
    let path = corrections.to_str().unwrap();
    env.ok(&[
        "build",
        "--identities",
        path,
        seeds.to_str().unwrap(),
        &cordis,
    ]);
    // Both nodes now have names of one key, so the PIC finds the county council.
    let all = json(&env, &[]);
    let council = all
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["pics"] == serde_json::json!(["999901234"]))
        .unwrap();
    assert!(
        !names(council)
            .iter()
            .any(|(n, ..)| n == "Region Örebro län")
    );
    let apart: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| names(o).iter().any(|(n, ..)| n == "Region Örebro län"))
        .collect();
    let [apart] = apart.as_slice() else {
        panic!("one organisation has the name: {apart:#?}")
    };
    assert!(
        names(apart)
            .iter()
            .all(|(_, rule, ..)| rule == "correction")
    );
    assert_eq!(apart["corrections"][0]["line"], 3);
    // The strategy is now issued by the separated organisation, not the PIC's.
    let issuers = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s pg:issuedBy ?o } FILTER(CONTAINS(STR(?s), \"orebro\")) }",
    ]);
    assert_eq!(
        issuers[1..],
        [vec![apart["iri"].as_str().unwrap().to_owned()]]
    );
    // The two nodes now share a name, which the findings say.
    let findings = env.ok(&["identities", "--suspicious", "--format", "csv"]);
    assert!(findings.contains("\"region orebro\""), "{findings}");
}

#[test]
fn bad_entries_fail_the_build_naming_the_line_and_leave_the_store_alone() {
    let env = Env::new();
    let release = env.path("release");
    copy_dir(&fixture("identities/release"), &release);
    let release_arg = release.to_str().unwrap();
    env.ok(&["build", release_arg]);
    let dump = env.dump();
    let corrections = release.join("identities.toml");

    fs::write(
        &corrections,
        "[[same]]\nnames = [\"BALTIC HARBOUR LOGISTICS FOUNDATION\",\n  \"Harbour of Nowhere\"]\n",
    )
    .unwrap();
    let err = env.fail(&["build", release_arg]);
    assert!(
        err.contains(
            "identities.toml:3: no organisation of this build is called \"Harbour of Nowhere\""
        ),
        "{err}"
    );

    // Two CORDIS organisations share the institute's name: the PIC must say which.
    fs::write(
        &corrections,
        format!("\n[[different]]\nname = \"NLERI\"\nnot = \"{INSTITUTE}\"\n"),
    )
    .unwrap();
    let err = env.fail(&["build", release_arg]);
    assert!(
        err.contains("identities.toml:4:") && err.contains("900100001, 900100002"),
        "{err}"
    );

    fs::write(&corrections, "[[same]]\nnames = [\"NLERI\"]\n").unwrap();
    let err = env.fail(&["build", release_arg]);
    assert!(
        err.contains("identities.toml:2: a `same` entry needs at least two names"),
        "{err}"
    );
    assert_eq!(env.dump(), dump);
}
