//! `partnergraph build` on the real seed documents: what the graph holds, idempotence, atomic
//! replacement of one document's graph, and refusal of bad input with the store unchanged.

use crate::common::{Env, copy_seeds, fixture, seeds};
use serde_json::Value;

fn summary(env: &Env, args: &[&str]) -> Value {
    let mut full = vec!["build", "--json"];
    full.extend(args);
    serde_json::from_str(&env.ok(&full)).expect("build --json prints JSON")
}

fn assert_all_unchanged(summary: &Value) {
    assert!(
        summary["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "unchanged"),
        "{summary}"
    );
}

fn entity_count(summary: &Value, label: &str) -> u64 {
    summary["stats"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == label)
        .unwrap_or_else(|| panic!("no count for {label}"))["count"]
        .as_u64()
        .unwrap()
}

#[test]
fn seeds_build_into_one_graph_per_document() {
    let env = Env::new();
    let report = summary(&env, &[seeds().to_str().unwrap()]);
    assert_eq!(report["committed"], true);
    let sources: Vec<(&str, &str)> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sources,
        [
            ("ontology", "added"),
            ("orebro-lans-landsting-profile", "added"),
            ("region-orebro-life-science-strategy", "added"),
            ("region-stockholm-profile", "added"),
            ("region-stockholm-research", "added"),
            ("smaland-blekinge-halland-health-innovation", "added"),
            ("themes", "added"),
        ]
    );
    // Örebro's profile names 4 projects and Stockholm's 18; 3TR is in both.
    assert_eq!(entity_count(&report, "projects"), 21);
    assert_eq!(entity_count(&report, "participations"), 22);
    // 5 expertise areas in Örebro's profile, 6 in Stockholm's.
    assert_eq!(entity_count(&report, "expertise areas"), 11);
    assert_eq!(entity_count(&report, "strategies"), 3);
    assert!(entity_count(&report, "themes") >= 35);
    assert!(
        entity_count(&report, "priority areas") >= 8,
        "3 areas in 003, 5 in 004"
    );
    assert!(entity_count(&report, "strategic commitments") >= 20);
}

#[test]
fn every_statement_lives_in_the_graph_of_a_described_document() {
    let env = Env::with_seeds();
    let dump = env.ok(&["export", "--format", "nquads"]);
    let graphs: std::collections::BTreeSet<&str> = dump
        .lines()
        .map(|line| {
            let graph = line
                .trim_end_matches(" .")
                .rsplit(' ')
                .next()
                .unwrap_or_default();
            assert!(
                graph.starts_with("<https://w3id.org/partnergraph/graph/"),
                "a statement outside the document graphs: {line}"
            );
            graph
        })
        .collect();
    let described = env.csv(&[
        "query",
        "-e",
        "SELECT DISTINCT ?g WHERE { GRAPH graph:meta { ?doc a pg:SourceDocument ; pg:graph ?g ; pg:sha256 ?sum } } ORDER BY ?g",
    ]);
    let described: std::collections::BTreeSet<String> = described[1..]
        .iter()
        .map(|r| format!("<{}>", r[0]))
        .collect();
    for graph in graphs {
        assert!(
            graph == "<https://w3id.org/partnergraph/graph/meta>" || described.contains(graph),
            "{graph} has no description in the metadata graph"
        );
    }
}

#[test]
fn rebuilding_unchanged_documents_changes_nothing() {
    let env = Env::with_seeds();
    let before = env.dump();
    let stats =
        |env: &Env| -> Value { serde_json::from_str(&env.ok(&["stats", "--json"])).unwrap() };
    let generation_before = stats(&env)["generation"].clone();
    let report = summary(&env, &[seeds().to_str().unwrap()]);
    assert_eq!(report["committed"], false);
    assert_all_unchanged(&report);
    assert_eq!(report["stats"]["generation"], generation_before);
    assert_eq!(env.dump(), before);
}

/// `--compact` publishes a compacted copy even when nothing changed: a new generation with the
/// same statements, which RocksDB then holds in fewer table files.
#[test]
fn compacting_publishes_the_same_graph_in_fewer_files() {
    let env = Env::new();
    let inputs = [
        seeds().to_str().unwrap().to_owned(),
        fixture("cordis/h2020").to_str().unwrap().to_owned(),
    ];
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    // Two builds, so that the second generation holds the first's files and its own.
    summary(&env, &inputs);
    env.ok(&["remove", "region-stockholm-profile"]);
    summary(&env, &inputs);
    let tables = |env: &Env| {
        let generation = std::fs::read_link(env.store().join("current")).unwrap();
        std::fs::read_dir(env.store().join(generation))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "sst")
            })
            .count()
    };
    let before = env.dump();
    let files_before = tables(&env);
    let mut args = vec!["--compact"];
    args.extend(&inputs);
    let report = summary(&env, &args);
    assert_eq!(report["committed"], true, "{report}");
    assert_all_unchanged(&report);
    assert_eq!(env.dump(), before);
    assert!(
        tables(&env) < files_before,
        "{files_before} table files before"
    );
    // Nothing was reloaded, so the participation index is the copy's.
    let generation = std::fs::read_link(env.store().join("current")).unwrap();
    assert!(
        env.store()
            .join(generation)
            .join("participations.json")
            .exists()
    );
}

#[test]
fn a_changed_document_replaces_exactly_its_own_graph() {
    let env = Env::new();
    let folder = env.path("seeds");
    copy_seeds(&folder);
    env.ok(&["build", folder.to_str().unwrap()]);
    let graph_of = |env: &Env, id: &str| {
        env.ok(&["export", "--format", "nquads", "--graph", id])
            .lines()
            .map(str::to_owned)
            .collect::<std::collections::BTreeSet<_>>()
    };
    let stockholm_before = graph_of(&env, "region-stockholm-profile");
    let orebro_before = graph_of(&env, "orebro-lans-landsting-profile");

    let path = folder.join("orebro-lans-landsting-profile.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Unique partners\n142", "Unique partners\n143"),
    )
    .unwrap();
    let report = summary(&env, &[folder.to_str().unwrap()]);
    let status = |id: &str| {
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("orebro-lans-landsting-profile"), "replaced");
    assert_eq!(status("region-stockholm-profile"), "unchanged");
    assert_eq!(graph_of(&env, "region-stockholm-profile"), stockholm_before);
    let orebro_after = graph_of(&env, "orebro-lans-landsting-profile");
    let removed: Vec<_> = orebro_before.difference(&orebro_after).collect();
    let added: Vec<_> = orebro_after.difference(&orebro_before).collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].contains("uniquePartnerCount") && added[0].contains("\"143\""));
}

/// Each bad document fails the build with its path (and line, where there is one), a non-zero
/// exit, and the store exactly as it was.
#[test]
fn bad_documents_fail_with_their_position_and_leave_the_store_unchanged() {
    let env = Env::with_seeds();
    let before = env.dump();
    let cases = [
        ("empty.txt", "the document is empty"),
        (
            "binary.txt",
            "not a text document (invalid UTF-8 at byte 0)",
        ),
        (
            "truncated-profile.txt",
            "missing the 'Their core work' text",
        ),
        (
            "shopping-list.txt",
            "cannot tell what kind of document this is",
        ),
    ];
    for (name, message) in cases {
        let path = fixture("bad").join(name);
        let stderr = env.fail(&["build", seeds().to_str().unwrap(), path.to_str().unwrap()]);
        assert!(
            stderr.contains(path.to_str().unwrap()) && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains("the store"),
            "{name}: says the store is unchanged: {stderr}"
        );
        assert_eq!(env.dump(), before, "{name} changed the store");
    }
    let stderr = env.fail(&["build", "no/such/folder"]);
    assert!(
        stderr.contains("no/such/folder: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn a_truncated_profile_error_names_the_line_where_the_document_ends() {
    let env = Env::new();
    let path = fixture("bad/truncated-profile.txt");
    let stderr = env.fail(&["build", path.to_str().unwrap()]);
    assert!(stderr.contains("after line 16"), "{stderr}");
    assert!(
        !env.store().join("current").exists(),
        "no graph was published"
    );
}

#[test]
fn a_manifest_error_names_the_manifest_line() {
    let env = Env::new();
    let folder = env.path("docs");
    copy_seeds(&folder);
    let manifest = folder.join("sources.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replacen("kind = \"profile\"", "kind = \"brochure\"", 1),
    )
    .unwrap();
    let stderr = env.fail(&["build", folder.to_str().unwrap()]);
    assert!(
        stderr.contains("sources.toml:10") && stderr.contains("unknown kind \"brochure\""),
        "{stderr}"
    );
}

#[test]
fn the_seed_graph_conforms_to_the_shapes() {
    let env = Env::with_seeds();
    let out = env.ok(&["validate"]);
    assert!(out.starts_with("The graph conforms"), "{out}");
}

#[test]
fn a_graph_breaking_a_shape_is_reported_with_its_focus_node() {
    let env = Env::new();
    // An RDF document that declares an expertise area with an invalid level.
    let path = env.path("bad-level.ttl");
    std::fs::write(
        &path,
        "@prefix pg: <https://w3id.org/partnergraph/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/area> a pg:ExpertiseArea ; skos:prefLabel \"x\" ; pg:level \"legendary\" ; pg:line 1 .\n",
    )
    .unwrap();
    env.ok(&["build", seeds().to_str().unwrap(), path.to_str().unwrap()]);
    let output = env.run(&["validate"]);
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("graded primary, secondary or emerging"),
        "{stdout}"
    );
    assert!(stdout.contains("<http://example.org/area>"), "{stdout}");
    assert!(
        stdout.contains("graph/bad-level"),
        "names the source graph: {stdout}"
    );
}
