//! Snapshots and `diff`: a synthetic CORDIS release is kept as a snapshot, edited as a monthly
//! republication would change it (a project withdrawn, a contribution amended), built again,
//! and the diff is checked against a comparison of the two releases' CSV files made here.

use crate::common::{Env, parse_csv};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// (projectID, organisationID, role) → ecContribution, read from `organization.csv`.
fn participations(dir: &Path) -> BTreeMap<(String, String, String), String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(dir.join("organization.csv"))
        .unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (project, pic, role, ec) = (
        column("projectID"),
        column("organisationID"),
        column("role"),
        column("ecContribution"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                (r[project].to_owned(), r[pic].to_owned(), r[role].to_owned()),
                r[ec].to_owned(),
            )
        })
        .collect()
}

/// Rewrites a `;`-separated file record by record (a record starts with its quoted numeric id;
/// an objective may go on over several lines), keeping those `keep` accepts, changed by `edit`.
fn rewrite(path: &Path, keep: impl Fn(&str) -> bool, edit: impl Fn(&str) -> String) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let starts_record = |l: &str| {
        l.strip_prefix('"')
            .and_then(|rest| rest.split_once("\";"))
            .is_some_and(|(id, _)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut records: Vec<String> = Vec::new();
    for line in lines {
        match records.last_mut() {
            Some(record) if !starts_record(line) => {
                record.push('\n');
                record.push_str(line);
            }
            _ => records.push(line.to_owned()),
        }
    }
    let mut out = format!("{header}\n");
    for record in records.iter().filter(|r| keep(r)) {
        out.push_str(&edit(record));
        out.push('\n');
    }
    fs::write(path, out).unwrap();
}

#[test]
fn a_snapshot_outlives_builds_and_diff_finds_exactly_the_edits() {
    let env = Env::new();
    let release = env.path("release");
    env.synth(60, 7, &release);
    let release_arg = release.to_str().unwrap();
    let out = env.run(&["build", "--snapshot", "may", release_arg]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept snapshot may of gen-000001"));
    let before = participations(&release);

    // The next release: one project withdrawn (its row and its participants' rows), one
    // contribution amended.
    let withdrawn = before.keys().next().unwrap().0.clone();
    let amended = before
        .iter()
        .find(|((p, _, role), ec)| *p != withdrawn && role == "participant" && !ec.is_empty())
        .map(|(k, _)| k.clone())
        .unwrap();
    let starts = |line: &str, id: &str| line.starts_with(&format!("\"{id}\";"));
    rewrite(
        &release.join("project.csv"),
        |l| !starts(l, &withdrawn),
        str::to_owned,
    );
    let (project, pic) = (amended.0.clone(), amended.1.clone());
    rewrite(
        &release.join("organization.csv"),
        |l| !starts(l, &withdrawn),
        |l| {
            if starts(l, &project) && l.contains(&format!("\"{pic}\"")) {
                let mut fields: Vec<String> = l.split(';').map(str::to_owned).collect();
                let ec = fields.len() - 5;
                fields[ec] = "\"12345.5\"".into();
                fields.join(";")
            } else {
                l.to_owned()
            }
        },
    );
    let after = participations(&release);
    env.ok(&["build", release_arg]);
    // A second build does not take the snapshot's generation with it either.
    env.ok(&["build", release_arg, "--compact"]);
    assert!(!env.store().join("gen-000001").exists());
    let listed = env.ok(&["snapshot", "--list"]);
    assert!(listed.starts_with("snapshot may of gen-000001"), "{listed}");

    // The independent comparison of the two releases' participation rows.
    let removed: BTreeSet<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: BTreeSet<_> = after
        .iter()
        .filter(|(k, ec)| before.get(*k).is_some_and(|old| old != *ec))
        .map(|(k, _)| k)
        .collect();
    assert!(removed.iter().all(|(p, ..)| *p == withdrawn) && !removed.is_empty());
    assert_eq!(changed, BTreeSet::from([&amended]));
    assert!(after.keys().all(|k| before.contains_key(k)));

    let rows = parse_csv(&env.ok(&["diff", "may", "--format", "csv"]));
    assert_eq!(
        rows[0],
        ["section", "change", "id", "label", "before", "after"]
    );
    let of = |section: &str, change: &str| -> Vec<&Vec<String>> {
        rows[1..]
            .iter()
            .filter(|r| r[0] == section && r[1] == change)
            .collect()
    };
    let diff_removed = of("participations", "removed");
    assert_eq!(diff_removed.len(), removed.len(), "{diff_removed:?}");
    assert!(
        diff_removed
            .iter()
            .all(|r| r[2].contains(&format!("cordis-{withdrawn}/")))
    );
    let diff_changed = of("participations", "changed");
    let [amended_row] = diff_changed.as_slice() else {
        panic!("one changed participation: {diff_changed:?}")
    };
    assert!(
        amended_row[2].contains(&format!("cordis-{project}/")) && amended_row[2].contains(&pic)
    );
    assert!(amended_row[5].ends_with(" 12345.5"), "{amended_row:?}");
    assert!(of("participations", "added").is_empty());
    let projects = of("projects", "removed");
    assert_eq!(projects.len(), 1);
    assert!(projects[0][2].ends_with(&format!("cordis-{withdrawn}")));
    assert!(of("projects", "added").is_empty());

    // Markdown for people says the same in counts.
    let markdown = env.ok(&["diff", "may", "current"]);
    assert!(
        markdown.starts_with("# Changes from may (gen-000001) to current (gen-000003)"),
        "{markdown}"
    );
    assert!(markdown.contains(&format!("## {} participations removed", removed.len())));
    assert!(markdown.contains("## 1 participations changed"));

    env.ok(&["snapshot", "--remove", "may"]);
    assert_eq!(env.ok(&["snapshot", "--list"]), "");
    let err = env.fail(&["diff", "may"]);
    assert!(err.contains("no snapshot named may"), "{err}");
}
