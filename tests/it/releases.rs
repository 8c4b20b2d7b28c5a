//! Following monthly releases: a synthetic CORDIS release is built, edited as a republication
//! changes one (tests/python/release_edit.py: participations added and removed, a role, a second
//! role and a contribution changed, projects added with a new organisation) and built again; `diff` with
//! no arguments compares the two generations, and must find exactly the changes a comparison
//! of the two releases' CSV files in Python (tests/python/release_diff.py) finds.

use crate::common::{Env, parse_csv, repo};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg(repo().join("tests/python").join(script))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn replace_with(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A store holding release A, then release B (the same documents, edited): two generations.
struct Releases {
    env: Env,
    old: String,
    new: String,
}

fn two_releases(each: usize) -> Releases {
    let env = Env::new();
    let (a, b, input) = (env.path("a"), env.path("b"), env.path("h2020"));
    env.synth(150, 3, &a);
    let (old, new) = (
        a.to_str().unwrap().to_owned(),
        b.to_str().unwrap().to_owned(),
    );
    python(
        "release_edit.py",
        &[&old, &new, "--each", &each.to_string(), "--seed", "4"],
    );
    // The same folder both times, as a user refreshing their copy of the export: the
    // documents keep their ids and only their content changes.
    replace_with(&a, &input);
    env.ok(&["build", input.to_str().unwrap()]);
    replace_with(&b, &input);
    env.ok(&["build", input.to_str().unwrap()]);
    Releases { env, old, new }
}

/// The key release_diff.py gives the node an IRI of the graph names.
fn key(section: &str, iri: &str) -> String {
    let after = |marker: &str| {
        let at = iri
            .find(marker)
            .unwrap_or_else(|| panic!("{iri} has no {marker}"));
        iri[at + marker.len()..].to_owned()
    };
    match section {
        "projects" => after("/project/cordis-"),
        "organisations" | "partners" => after("/org/pic-"),
        _ => {
            let project = after("/project/cordis-");
            let (project, org) = project.split_once("/participant/pic-").unwrap();
            format!("{project} {org}")
        }
    }
}

/// The diff's rows as release_diff.py's JSON: {section: {change: [key, ...]}}, for `sections`.
fn as_keys(rows: &[Vec<String>], sections: &[&str]) -> Value {
    let mut out: BTreeMap<&str, BTreeMap<&str, BTreeSet<String>>> = BTreeMap::new();
    for section in sections {
        for change in ["added", "removed", "changed"] {
            out.entry(section).or_default().entry(change).or_default();
        }
    }
    for row in rows {
        if let Some(section) = sections.iter().find(|s| **s == row[0]) {
            let change = ["added", "removed", "changed"]
                .into_iter()
                .find(|c| *c == row[1])
                .unwrap();
            out.get_mut(section)
                .unwrap()
                .get_mut(change)
                .unwrap()
                .insert(key(section, &row[2]));
        }
    }
    serde_json::to_value(out).unwrap()
}

#[test]
fn diff_between_two_releases_finds_exactly_the_edits() {
    let r = two_releases(3);
    let expected: Value =
        serde_json::from_str(&python("release_diff.py", &[&r.old, &r.new])).unwrap();
    let rows = parse_csv(&r.env.ok(&["diff", "--format", "csv"]));
    assert_eq!(
        rows[0],
        ["section", "change", "id", "label", "before", "after"]
    );
    let sections = ["organisations", "projects", "participations"];
    assert_eq!(as_keys(&rows[1..], &sections), expected);
    // Every kind of edit was made and found.
    let count = |section: &str, change: &str| expected[section][change].as_array().unwrap().len();
    assert_eq!(count("projects", "added"), 3);
    assert!(count("organisations", "added") >= 3);
    assert!(count("participations", "removed") >= 3);
    assert_eq!(
        count("participations", "changed"),
        9,
        "3 roles, 3 second roles, 3 contributions"
    );
    // A second role reads as both roles.
    assert!(
        rows.iter().any(|r| r[0] == "participations"
            && r[1] == "changed"
            && r[4].starts_with("participant ")
            && r[5].starts_with("participant+thirdParty ")),
        "{rows:?}"
    );
    // Theme links change only with the projects added.
    let added: Vec<String> = expected["projects"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("/project/cordis-{} ", p.as_str().unwrap()))
        .collect();
    let links: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "theme links").collect();
    assert!(!links.is_empty());
    for link in links {
        assert_eq!(link[1], "added");
        assert!(
            added.iter().any(|p| link[2].contains(p.as_str())),
            "{link:?}"
        );
    }
    // The source documents changed are the files whose bytes changed, by their source ids.
    let edited: BTreeSet<String> = fs::read_dir(&r.old)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|old| {
            fs::read(old).ok() != fs::read(Path::new(&r.new).join(old.file_name().unwrap())).ok()
        })
        // Source ids are the lower-cased file stems.
        .map(|old| {
            let stem = old.file_stem().unwrap().to_str().unwrap();
            format!("h2020-{}", stem.to_lowercase())
        })
        .collect();
    assert!(!edited.is_empty());
    let documents: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| r[0] == "source documents")
        .map(|r| (r[1].clone(), r[3].clone()))
        .collect();
    let changed = edited
        .into_iter()
        .map(|id| ("changed".to_owned(), id))
        .collect();
    assert_eq!(documents, changed);

    // A changed contribution reads as the CSV wrote it, before and after.
    let changed = rows
        .iter()
        .find(|r| {
            r[0] == "participations"
                && r[1] == "changed"
                && r[4].split(' ').nth(1) != r[5].split(' ').nth(1)
        })
        .expect("a changed contribution");
    let (before, after): (f64, f64) = (
        changed[4].split(' ').nth(1).unwrap().parse().unwrap(),
        changed[5].split(' ').nth(1).unwrap().parse().unwrap(),
    );
    assert!((after - before - 1000.25).abs() < 0.01, "{changed:?}");

    // The same in JSON and, counted, in Markdown; the two generations are named.
    let json: Value = serde_json::from_str(&r.env.ok(&["diff", "--format", "json"])).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), rows.len() - 1);
    assert_eq!(
        (
            json["from_generation"].as_str(),
            json["to_generation"].as_str()
        ),
        (Some("gen-000001"), Some("gen-000002"))
    );
    let markdown = r.env.ok(&["diff"]);
    assert!(
        markdown.starts_with("# Changes from previous (gen-000001) to current (gen-000002)"),
        "{markdown}"
    );
    assert!(markdown.contains("## 3 projects added"), "{markdown}");

    // `previous` follows the builds: a build that changes nothing publishes nothing and keeps
    // the pair; the next that does makes the current graph the previous one.
    r.env.ok(&["build", r.env.path("h2020").to_str().unwrap()]);
    assert_eq!(parse_csv(&r.env.ok(&["diff", "--format", "csv"])), rows);
    replace_with(Path::new(&r.old), &r.env.path("h2020"));
    r.env.ok(&["build", r.env.path("h2020").to_str().unwrap()]);
    let back = parse_csv(&r.env.ok(&["diff", "--format", "csv"]));
    let reversed = as_keys(&back[1..], &sections);
    assert_eq!(
        reversed["projects"]["removed"],
        expected["projects"]["added"]
    );
    assert_eq!(
        reversed["participations"]["added"],
        expected["participations"]["removed"]
    );
    let generations: BTreeSet<String> = fs::read_dir(r.env.store())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-") && !n.ends_with(".lock"))
        .collect();
    assert_eq!(
        generations,
        BTreeSet::from(["gen-000002".into(), "gen-000003".into()])
    );
}

#[test]
fn diff_for_one_organisation_reads_its_partners_and_their_projects() {
    let r = two_releases(2);
    let all: Value = serde_json::from_str(&python("release_diff.py", &[&r.old, &r.new])).unwrap();
    // An organisation of a project another one joined (not a project added): it gains a
    // partner. Read by its name, which must be its own in the release.
    let joined = all["participations"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().split_once(' ').unwrap())
        .find(|(p, _)| {
            !all["projects"]["added"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == p)
        })
        .expect("a participation added to an existing project");
    let orgs: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(Path::new(&r.old).join("organization.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let (name_col, pic_col) = (4, 2);
    assert_eq!(
        (orgs[0][name_col].as_str(), orgs[0][pic_col].as_str()),
        ("name", "organisationID")
    );
    let names_of = |pic: &str| -> BTreeSet<&str> {
        orgs.iter()
            .filter(|r| r[pic_col] == pic)
            .map(|r| r[name_col].as_str())
            .collect()
    };
    let member = orgs[1..]
        .iter()
        .filter(|r| r[0] == joined.0 && r[pic_col] != joined.1)
        .map(|r| r[pic_col].as_str())
        .find(|pic| {
            let names = names_of(pic);
            names.len() == 1
                && orgs
                    .iter()
                    .filter(|r| names.contains(r[name_col].as_str()))
                    .all(|r| r[pic_col] == *pic)
        })
        .expect("a member with a name of its own");
    let name = names_of(member).into_iter().next().unwrap().to_owned();

    let expected: Value = serde_json::from_str(&python(
        "release_diff.py",
        &[&r.old, &r.new, "--org", member],
    ))
    .unwrap();
    let rows = parse_csv(&r.env.ok(&["diff", "--org", &name, "--format", "csv"]));
    let sections = [
        "participations of ours",
        "partners",
        "participations of partners",
    ];
    assert_eq!(as_keys(&rows[1..], &sections), expected);
    assert!(
        expected["partners"]["added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == joined.1),
        "{expected}"
    );
    // New organisations are listed only where they work in the organisation's themes.
    let new_orgs: Vec<String> = all["organisations"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    for row in rows
        .iter()
        .filter(|r| r[0] == "organisations in our themes")
    {
        assert!(new_orgs.contains(&key("organisations", &row[2])), "{row:?}");
        assert!(!row[5].is_empty(), "{row:?}");
    }
    let markdown = r.env.ok(&["diff", "--org", &name]);
    assert!(
        markdown
            .lines()
            .next()
            .unwrap()
            .ends_with(&format!(" for {name}")),
        "{markdown}"
    );
    let err = r
        .env
        .fail(&["diff", "--org", "No Such Organisation Whatsoever"]);
    assert!(err.contains("No Such Organisation Whatsoever"), "{err}");
}
