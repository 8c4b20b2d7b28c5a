//! `partnergraph search`, `SERVICE pg:search` and `/search` on the seeds, the CORDIS fixture and
//! a Swedish strategy written for these tests.

use crate::common::{Env, fixture, seeds};
use crate::serve::{Server, get};
use serde_json::Value;

/// Seeds, the H2020 fixture and the Swedish strategy of `tests/fixtures/search`.
fn env() -> Env {
    let env = Env::new();
    env.ok(&[
        "build",
        seeds().to_str().unwrap(),
        fixture("cordis/h2020").to_str().unwrap(),
        fixture("search").to_str().unwrap(),
    ]);
    env
}

/// The hits of `partnergraph search` as JSON: (node, label, kind, score, snippet).
fn hits(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["search"];
    full.extend(args);
    full.extend(["--format", "json"]);
    let answer: Value = serde_json::from_str(&env.ok(&full)).unwrap();
    answer["hits"].as_array().unwrap().clone()
}

fn labels(hits: &[Value]) -> Vec<&str> {
    hits.iter().map(|h| h["label"].as_str().unwrap()).collect()
}

#[test]
fn relevance_stemming_typos_and_stop_words() {
    let env = env();
    // An exact name ranks first, ahead of the names that share a word with it.
    let found = hits(&env, &["Karolinska Institutet", "--kind", "organisation"]);
    assert!(found.len() > 1, "{found:?}");
    assert_eq!(
        found[0]["label"],
        "Karolinska Institutet",
        "{:?}",
        labels(&found)
    );
    assert!(found[0]["score"].as_f64() > found[1]["score"].as_f64());
    // A typo of one letter still finds it, first.
    let found = hits(&env, &["Karolinska Insitutet", "--kind", "organisation"]);
    assert_eq!(
        found[0]["label"],
        "Karolinska Institutet",
        "{:?}",
        labels(&found)
    );
    let found = hits(&env, &["UPSALA UNIVERSITET"]);
    assert_eq!(
        found[0]["label"],
        "UPPSALA UNIVERSITET",
        "{:?}",
        labels(&found)
    );
    // Swedish "biobanker" (plural) finds the strategy that writes only "biobank", with the
    // word marked in the passage and the document it comes from.
    let found = hits(&env, &["biobanker", "--lang", "sv"]);
    let norrvik = found
        .iter()
        .find(|h| {
            h["graphs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g.as_str().unwrap().ends_with("/norrvik-strategy"))
        })
        .unwrap_or_else(|| panic!("nothing from the Norrvik strategy in {found:?}"));
    assert!(
        norrvik["snippet"].as_str().unwrap().contains("**biobank**"),
        "{norrvik}"
    );
    assert_eq!(norrvik["kind"], "priority");
    // Stop words match nothing, in either language; the table says so on stderr.
    assert!(hits(&env, &["the of and"]).is_empty());
    assert!(hits(&env, &["och att för"]).is_empty());
    // Kinds narrow the hits.
    let projects = hits(&env, &["cancer", "--kind", "project"]);
    assert!(!projects.is_empty());
    assert!(projects.iter().all(|h| h["kind"] == "project"));
    assert!(
        labels(&projects).contains(&"ASCAPE"),
        "{:?}",
        labels(&projects)
    );
}

/// `SELECT ?hit ?score` of the SERVICE form, in its order.
fn sparql_hits(rows: &[Vec<String>]) -> Vec<(String, f64)> {
    rows.iter()
        .skip(1)
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect()
}

fn same(a: &[(String, f64)], b: &[(String, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((n, s), (m, t))| n == m && (s - t).abs() < 1e-5)
}

#[test]
fn the_command_line_the_endpoint_and_sparql_give_the_same_hits() {
    let env = env();
    for words in ["precision medicine", "biobanker", "Orebro lans landsting"] {
        let cli: Vec<(String, f64)> = hits(&env, &[words, "--limit", "15"])
            .iter()
            .map(|h| {
                (
                    h["node"].as_str().unwrap().to_owned(),
                    h["score"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(!cli.is_empty(), "{words}: no hits");
        let query = format!(
            "SELECT ?hit ?score WHERE {{ SERVICE pg:search {{ [] pg:query {words:?} ; \
             pg:limit 15 ; pg:hit ?hit ; pg:score ?score }} }} ORDER BY DESC(?score)"
        );
        let sparql = sparql_hits(&env.csv(&["query", "-e", &query]));
        // Ties may come in another order from SPARQL's sort: compare as sorted sets too.
        let sorted = |hits: &[(String, f64)]| {
            let mut hits = hits.to_vec();
            hits.sort_by(|a, b| a.0.cmp(&b.0));
            hits
        };
        assert!(
            same(&sorted(&cli), &sorted(&sparql)),
            "{words}: {cli:?}\n{sparql:?}"
        );
        let server = Server::start(&env, &[]);
        let reply = get(&server, "/search", &[("q", words), ("limit", "15")], None).ok();
        let answer: Value = serde_json::from_str(&reply.body).unwrap();
        let endpoint: Vec<(String, f64)> = answer["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["node"].as_str().unwrap().to_owned(),
                    h["score"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(same(&cli, &endpoint), "{words}: {cli:?}\n{endpoint:?}");
    }
}

#[test]
fn sparql_joins_search_with_graph_patterns() {
    let env = env();
    // The projects an organisation takes part in whose text is about cancer.
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?acronym WHERE { \
           SERVICE pg:search { [] pg:query \"cancer\" ; pg:kind \"project\" ; pg:hit ?project } \
           ?project pg:acronym ?acronym . \
           ?participation pg:inProject ?project ; pg:roleOf ?org . \
           ?org pg:legalName \"OREBRO LANS LANDSTING\" \
         } ORDER BY ?acronym",
    ]);
    let acronyms: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert!(acronyms.contains(&"ASCAPE"), "{acronyms:?}");
    // Words taken from the graph: the curated query searches the themes of a region's priorities.
    let rows = env.csv(&[
        "query",
        "priority-theme-projects",
        "--param",
        "org=Region Norrvik",
    ]);
    assert!(rows.len() > 1, "{rows:?}");
    // The fuzzy-name query finds the organisation under a misspelt name.
    let rows = env.csv(&[
        "query",
        "organisations-by-name",
        "--param",
        "name=Karolinska Insitutet",
    ]);
    assert_eq!(rows[1][1], "Karolinska Institutet", "{rows:?}");
    // A malformed block is refused with what is wrong.
    let stderr = env.fail(&[
        "query",
        "-e",
        "SELECT * WHERE { SERVICE pg:search { [] pg:hit ?x } }",
    ]);
    assert!(stderr.contains("exactly one pg:query"), "{stderr}");
}

#[test]
fn a_block_answered_before_planning_and_one_left_to_the_service_handler_agree() {
    let env = env();
    // Inside FILTER EXISTS the block is not put in place as VALUES: the handler answers it,
    // once per project, with the project bound around it.
    let block = "SERVICE pg:search { [] pg:query \"cancer health data\" ; pg:kind \"project\" ; \
                 pg:hit ?project }";
    let inline = env.csv(&[
        "query",
        "-e",
        &format!("SELECT ?project WHERE {{ {block} }} ORDER BY ?project"),
    ]);
    let handled = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?project WHERE {{ ?project a pg:Project . FILTER EXISTS {{ {block} }} }} \
             ORDER BY ?project"
        ),
    ]);
    assert!(inline.len() > 2, "{inline:?}");
    assert_eq!(inline, handled);
}

#[test]
fn the_index_is_published_with_each_generation_and_made_again_when_missing() {
    let env = env();
    let current = env.store().join("current");
    assert!(current.join("search").join("meta.json").is_file());
    let before = hits(&env, &["vintertestning"]);
    assert_eq!(before.len(), 1, "{before:?}");
    // The build gathered the text as it loaded; made again, it is read from the store: the
    // same hits, in the same order.
    let words = [
        "cancer",
        "biobank",
        "region",
        "Karolinska Insitutet",
        "precisionsmedicin",
    ];
    let built: Vec<_> = words
        .iter()
        .map(|w| hits(&env, &[w, "--limit", "100"]))
        .collect();
    // Removed (or damaged): made again from the store, and kept.
    std::fs::remove_dir_all(current.join("search")).unwrap();
    let output = env
        .command()
        .args(["search", "vintertestning", "--format", "json"])
        .env("PARTNERGRAPH_LOG", "warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("not using the search index"), "{stderr}");
    let answer: Value = serde_json::from_str(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(answer["hits"].as_array().unwrap(), &before);
    assert!(current.join("search").join("meta.json").is_file());
    for (word, built) in words.iter().zip(&built) {
        assert!(!built.is_empty(), "{word}");
        assert_eq!(&hits(&env, &[word, "--limit", "100"]), built, "{word}");
    }
    // A build that removes the document publishes an index without it.
    env.ok(&["remove", "norrvik-strategy"]);
    assert!(hits(&env, &["vintertestning"]).is_empty());
}
