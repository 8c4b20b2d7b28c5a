//! `partnergraph build` on the real seed documents: what the graph holds, idempotence, atomic
//! replacement of one document's graph, and refusal of bad input with the store unchanged.

use crate::common::{Env, copy_seeds, fixture, seeds, source_ids, source_status};
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
/// same statements, which RocksDB then holds in no more table files.
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
    // A store this small already has about one file per index (the default graph's included)
    // once RocksDB compacts on its own; the 35,000-project figures are in BENCHMARKS.md.
    assert!(
        tables(&env) <= files_before,
        "{files_before} table files before"
    );
    // Nothing was reloaded, so the participation index is the copy's.
    let generation = std::fs::read_link(env.store().join("current")).unwrap();
    assert!(
        env.store()
            .join(generation)
            .join("participations.arrow")
            .exists()
    );
}

#[test]
fn a_changed_document_replaces_exactly_its_own_graph() {
    let (env, folder) = Env::with_seeds_copy();
    let stockholm_before = env.graph("region-stockholm-profile");
    let orebro_before = env.graph("orebro-lans-landsting-profile");

    let path = folder.join("orebro-lans-landsting-profile.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Unique partners\n142", "Unique partners\n143"),
    )
    .unwrap();
    let report = summary(&env, &[folder.to_str().unwrap()]);
    let status = |id: &str| source_status(&report, id).unwrap();
    assert_eq!(status("orebro-lans-landsting-profile"), "replaced");
    assert_eq!(status("region-stockholm-profile"), "unchanged");
    assert_eq!(env.graph("region-stockholm-profile"), stockholm_before);
    let orebro_after = env.graph("orebro-lans-landsting-profile");
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
    let path = env.write("bad-level.ttl", "@prefix pg: <https://w3id.org/partnergraph/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/area> a pg:ExpertiseArea ; skos:prefLabel \"x\" ; pg:level \"legendary\" ; pg:line 1 .\n");
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

/// A CORDIS table as a spreadsheet saves it again: the same fields, another delimiter.
fn resave(from: &std::path::Path, to: &std::path::Path, delimiter: u8) {
    let text = std::fs::read_to_string(from).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(to)
        .unwrap();
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    writer.flush().unwrap();
}

/// Re-saved with commas (a spreadsheet's default) or tabs, a CORDIS table was once read as a
/// strategy text, then refused; its header tells the delimiter, and it builds the graph the
/// download as it came builds.
#[test]
fn a_cordis_export_resaved_with_commas_or_tabs_builds_the_same_graph() {
    let env = Env::new();
    let data = env.path("original/download");
    env.synth(20, 3, &data);
    let statements = |folder: &std::path::Path| {
        let built = Env::new();
        built.ok(&["build", folder.to_str().unwrap()]);
        built.csv(&[
            "query",
            "-e",
            "SELECT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/partnergraph/graph/meta>) } ORDER BY ?s ?p ?o",
        ])
    };
    let original = statements(&data);
    assert!(original.len() > 100, "{}", original.len());
    for (delimiter, name) in [(b',', "commas"), (b'\t', "tabs")] {
        let resaved = env.path(&format!("resaved-{name}/download"));
        std::fs::create_dir_all(&resaved).unwrap();
        for file in ["project.csv", "organization.csv"] {
            resave(&data.join(file), &resaved.join(file), delimiter);
        }
        std::fs::copy(data.join("euroSciVoc.csv"), resaved.join("euroSciVoc.csv")).unwrap();
        assert_eq!(statements(&resaved), original, "{name}");
    }
}

#[test]
fn a_table_that_is_not_a_cordis_export_is_not_read_as_prose() {
    let env = Env::new();
    let table = env.write("partners.txt", "organisation,country,projects\nRegion Stockholm,SE,12\nKarolinska Institutet,SE,40\nLund University,SE,31\n");
    let stderr = env.fail(&["build", table.to_str().unwrap()]);
    assert!(
        stderr.contains(&format!(
            "{}: this is a table (3 columns separated by commas; first row: \"organisation\"",
            table.display()
        )),
        "{stderr}"
    );
}

/// `build DIR` reads the documents in DIR's sub-folders too (a manifest folder through its
/// manifest, a CORDIS download by content), and says what it skipped and why.
#[test]
fn a_folder_is_read_with_its_sub_folders_and_skips_are_said() {
    let env = Env::new();
    let root = env.path("documents");
    copy_seeds(&root.join("regions"));
    let cordis = root.join("downloads/cordis/h2020");
    std::fs::create_dir_all(&cordis).unwrap();
    for name in ["project.csv", "organization.csv"] {
        std::fs::copy(fixture("cordis/h2020").join(name), cordis.join(name)).unwrap();
    }
    std::fs::write(root.join(".notes.txt"), "private").unwrap();
    std::os::unix::fs::symlink(root.join("regions"), root.join("again")).unwrap();

    let report = summary(&env, &[root.to_str().unwrap()]);
    let ids = source_ids(&report);
    for id in [
        "region-stockholm-profile",
        "region-orebro-life-science-strategy",
        "h2020-project",
        "h2020-organization",
    ] {
        assert!(ids.contains(&id), "{id} was not read: {ids:?}");
    }
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    for skipped in [
        format!("{}: skipped: hidden", root.join(".notes.txt").display()),
        format!(
            "{}: skipped: a link to a folder, which is not followed",
            root.join("again").display()
        ),
    ] {
        assert!(warnings.contains(&skipped.as_str()), "{warnings:?}");
    }
}

/// With stderr going to a log (not a terminal), a build says what it is doing in plain lines
/// every few seconds, without a bar's control characters; `-q` silences them.
#[test]
fn a_build_logged_to_a_file_prints_progress_lines() {
    let env = Env::new();
    let data = env.path("h2020");
    env.synth(3000, 4, &data);
    let run = |quiet: bool| {
        let mut command = env.command();
        if quiet {
            command.arg("-q");
        }
        let output = command
            .args(["build", data.to_str().unwrap()])
            .env("PARTNERGRAPH_PROGRESS_SECONDS", "0.05")
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = run(false);
    let line = regex::Regex::new(r"^\[\s*\d+s\] (starting|read \d+/\d+ documents|loading \S+ \(\d+ triples\)|copying .*|committing)$").unwrap();
    let progress: Vec<&str> = stderr.lines().filter(|l| line.is_match(l)).collect();
    assert!(progress.len() >= 2, "{stderr}");
    assert!(
        progress.iter().any(|l| l.contains("loading h2020-")),
        "{stderr}"
    );
    assert!(!stderr.contains(['\r', '\u{1b}']), "{stderr:?}");
    std::fs::remove_dir_all(env.store()).unwrap();
    let quiet = run(true);
    assert!(!quiet.lines().any(|l| line.is_match(l)), "{quiet}");
}

/// How a test refreshes a store holding one synthetic CORDIS export.
#[derive(Debug, Clone, Copy)]
enum Refresh {
    /// The three files replaced by another export's.
    AllThree,
    /// Only `organization.csv` replaced.
    Organisations,
    /// `partnergraph remove h2020-organization`.
    Remove,
}

/// The participation index files of the published generation, by name.
fn index_files(env: &Env) -> Vec<(String, Vec<u8>)> {
    let current = env.store().join("current");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&current)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("participations")
        })
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no participation index in {current:?}");
    // The index is stamped with the generation it belongs to, which differs between stores.
    let generation = std::fs::read_link(&current).unwrap();
    let stamp = generation.file_name().unwrap().as_encoded_bytes();
    for (_, bytes) in &mut files {
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(stamp.len()).position(|w| w == stamp) {
            bytes[at + found..at + found + stamp.len()].fill(b'#');
            at += found + stamp.len();
        }
    }
    files
}

/// Replacing or removing most of a store starts the new generation empty, loads the unchanged
/// documents' graphs again from their files and copies what only the store holds: the result
/// is what a fresh build of the same documents gives, including a graph whose file is gone
/// (kept as it was), the descriptions of the documents not replaced and the participation index.
fn refreshing_gives_what_a_fresh_build_gives(refresh: Refresh) {
    let env = Env::new();
    let h2020 = env.path("h2020");
    env.synth(300, 1, &h2020);
    let notes = env.path("notes.ttl");
    let note = "<http://example.org/a> <http://example.org/b> \"c\" .\n";
    std::fs::write(&notes, note).unwrap();
    let (seeds, h2020_arg) = (seeds(), h2020.to_str().unwrap());
    let seeds_arg = seeds.to_str().unwrap();
    env.ok(&["build", seeds_arg, notes.to_str().unwrap(), h2020_arg]);
    std::fs::remove_file(&notes).unwrap();
    let other = env.path("other");
    env.synth(300, 2, &other);
    let build = ["build", seeds_arg, h2020_arg];
    // The command, the files it replaces, and the organisations' and projects' status after.
    let (args, replaced, expected): (&[&str], &[&str], _) = match refresh {
        Refresh::AllThree => (
            &build,
            &["project.csv", "organization.csv", "euroSciVoc.csv"],
            ["replaced", "replaced"],
        ),
        Refresh::Organisations => (&build, &["organization.csv"], ["replaced", "unchanged"]),
        Refresh::Remove => (
            &["remove", "h2020-organization"],
            &[],
            ["removed", "unchanged"],
        ),
    };
    for name in replaced {
        std::fs::copy(other.join(name), h2020.join(name)).unwrap();
    }
    let output = env
        .command()
        .args(args)
        .arg("--json")
        .env("PARTNERGRAPH_LOG", "partnergraph=info")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("rebuild=true"), "{refresh:?}: {stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let status = |id: &str| source_status(&report, id);
    let statuses = ["h2020-organization", "h2020-project"].map(status);
    assert_eq!(statuses, expected.map(Some), "{refresh:?}");
    assert_eq!(status("notes"), Some("kept"));

    // The same documents at the same paths, built into an empty store.
    if let Refresh::Remove = refresh {
        std::fs::remove_file(h2020.join("organization.csv")).unwrap();
    }
    let fresh = Env::new();
    std::fs::write(&notes, note).unwrap();
    fresh.ok(&["build", seeds_arg, notes.to_str().unwrap(), h2020_arg]);
    let (refreshed, built) = (env.dump(), fresh.dump());
    assert_eq!(refreshed.len(), built.len(), "{refresh:?}");
    assert!(
        refreshed == built,
        "{refresh:?}: the refreshed store differs from a fresh build"
    );
    assert!(
        index_files(&env) == index_files(&fresh),
        "{refresh:?}: the refreshed participation index differs from a fresh build's"
    );
}

#[test]
fn refreshing_most_of_the_store_gives_what_a_fresh_build_gives() {
    refreshing_gives_what_a_fresh_build_gives(Refresh::AllThree);
}

#[test]
fn replacing_one_cordis_file_gives_what_a_fresh_build_gives() {
    refreshing_gives_what_a_fresh_build_gives(Refresh::Organisations);
}

#[test]
fn removing_a_cordis_file_gives_what_a_fresh_build_gives() {
    refreshing_gives_what_a_fresh_build_gives(Refresh::Remove);
}

/// A profile page of the Horizon Europe era counts that programme's projects: the count is
/// stored as such, never as an H2020 count that the report and the CORDIS check would misread.
#[test]
fn a_project_count_labelled_for_another_programme_is_stored_under_it() {
    let env = Env::new();
    let seed = std::fs::read_to_string(seeds().join("orebro-lans-landsting-profile.txt")).unwrap();
    let page = env.write(
        "pages/orebro.txt",
        seed.replacen("H2020 projects", "Horizon Europe projects", 1),
    );
    env.ok(&["build", page.to_str().unwrap()]);
    let counts = env.csv(&[
        "query",
        "-e",
        "SELECT ?p ?n { ?o ?p ?n . FILTER(?p IN (pg:h2020ProjectCount, pg:horizonEuropeProjectCount)) }",
    ]);
    assert_eq!(
        counts[1..],
        [[
            "https://w3id.org/partnergraph/ontology#horizonEuropeProjectCount".to_owned(),
            "4".to_owned()
        ]]
    );
}

/// A directory page of labelled fields becomes an organisation with its identifiers, place,
/// keywords and every programme's count under that programme's property.
#[test]
fn a_directory_profile_page_gives_its_identifiers_place_keywords_and_counts() {
    let env = Env::new();
    let page = env.write(
        "pages/een.txt",
        std::fs::read_to_string(fixture("profile-eval/se-sme-een-glued.txt")).unwrap(),
    );
    env.ok(&["build", page.to_str().unwrap()]);
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?p ?v { ?o a pg:Organisation ; ?p ?v . FILTER(?p IN (pg:pic, pg:vatNumber, pg:city, \
         pg:homepage, pg:h2020ProjectCount, pg:horizonEuropeProjectCount, pg:keyword)) } ORDER BY ?p ?v",
    ]);
    let local = |r: &Vec<String>| {
        let p = r[0].rsplit('#').next().unwrap_or_default();
        format!("{p}={}", r[1])
    };
    let found: Vec<String> = rows[1..].iter().map(local).collect();
    assert_eq!(
        found,
        [
            "city=Umeå",
            "h2020ProjectCount=2",
            "homepage=https://www.norrskogen-foder.example.se",
            "horizonEuropeProjectCount=1",
            "keyword=aquaculture feed",
            "keyword=fermentation scale-up",
            "keyword=forest biorefinery",
            "keyword=single-cell protein",
            "pic=947201583",
            "vatNumber=SE556812430901",
        ]
    );
    env.ok(&["validate"]);
}

/// A profile page's PIC joins it to the CORDIS participant of that PIC, although the page and
/// CORDIS write the name differently; the alias says which rule joined them.
#[test]
fn a_profile_pages_pic_joins_it_to_the_cordis_organisation() {
    let env = Env::new();
    let page = env.write(
        "docs/een.txt",
        std::fs::read_to_string(fixture("profile-eval/se-sme-een-glued.txt")).unwrap(),
    );
    let layout = fixture("cordis/layouts/h2020-csv");
    let header = |table: &str| {
        let text = std::fs::read_to_string(layout.join(table)).unwrap();
        text.lines().next().unwrap().to_owned()
    };
    let project = "\"870901\";\"FEEDLOOP\";\"CLOSED\";\"Feed from forest sugars\";\"2020-01-01\";\"2022-12-31\";\"900000\";\"900000\";\"H2020-EU.3.2.\";\"BBI-2019\";\"2019-11-01\";\"H2020\";\"BBI-2019\";\"BBI-2019\";\"IA\";\"\";\"Single-cell protein for fish feed.\";\"2023-01-10 09:00:00\";\"230001\";\"10.3030/870901\"";
    let org = "\"870901\";\"FEEDLOOP\";\"947201583\";\"SE556812430901\";\"NORRSKOGEN FODER AKTIEBOLAG\";\"\";\"true\";\"PRC\";\"Skogsvagen 2\";\"903 30\";\"Umea\";\"SE\";\"SE331\";\"\";\"\";\"\";\"2023-01-10 09:00:00\";\"3000001\";\"1\";\"coordinator\";\"900000\";\"900000\";\"900000\";\"false\";\"true\"";
    env.write(
        "docs/cordis/project.csv",
        format!("{}\n{project}\n", header("project.csv")),
    );
    env.write(
        "docs/cordis/organization.csv",
        format!("{}\n{org}\n", header("organization.csv")),
    );
    env.ok(&["build", page.parent().unwrap().to_str().unwrap()]);
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?o ?rule { ?o pg:pic \"947201583\" ; pg:hasAlias ?a . ?a pg:label \"NORRSKOGEN FODERTEKNIK AB\" ; pg:identityRule ?rule }",
    ]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][1], "cordis-pic");
    let orgs = env.csv(&[
        "query",
        "-e",
        "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?o pg:pic \"947201583\" }",
    ]);
    assert_eq!(orgs[1], ["1"]);
}
