//! `partnergraph query`: facts extracted from the seeds, parameters bound safely, clear errors.

use crate::common::{self, Env};

#[test]
fn the_two_health_authorities_share_3tr() {
    let env = Env::with_seeds();
    let rows = env.csv(&[
        "query",
        "shared-projects",
        "-p",
        "org=OREBRO LANS LANDSTING",
        "-p",
        "partner=Region Stockholm",
    ]);
    let projects: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        projects,
        [
            ["acronym", "organisationA", "organisationB"],
            ["3TR", "Region Örebro County", "Region Stockholm"],
        ]
    );
}

#[test]
fn every_name_of_orebro_reaches_the_same_organisation() {
    let env = Env::with_seeds();
    let mut results = Vec::new();
    for name in [
        "OREBRO LANS LANDSTING",
        "Region Örebro County",
        "Region Örebro län",
        "region örebro läns",
        "Örebro läns landsting",
    ] {
        results.push(env.csv(&[
            "query",
            "organisation-projects",
            "--param",
            &format!("org={name}"),
        ]));
    }
    assert!(results.windows(2).all(|w| w[0] == w[1]), "{results:?}");
    let acronyms: Vec<&str> = results[0][1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(acronyms, ["3TR", "ASCAPE", "CHERRIES", "PAPA-ARTIS"]);

    let aliases = env.csv(&[
        "query",
        "organisation-aliases",
        "-p",
        "org=Region Örebro län",
    ]);
    let names: Vec<(&str, &str, &str)> = aliases[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[4].as_str()))
        .collect();
    assert!(names.contains(&(
        "OREBRO LANS LANDSTING",
        "swedish-region",
        "orebro-lans-landsting-profile"
    )));
    assert!(names.contains(&(
        "Region Örebro County",
        "swedish-region",
        "orebro-lans-landsting-profile"
    )));
    assert!(
        names.contains(&(
            "Region Örebro län",
            "swedish-region",
            "region-orebro-life-science-strategy"
        )),
        "{names:?}"
    );
}

#[test]
fn profile_figures_are_numbers() {
    let env = Env::with_seeds();
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?name ?funding (DATATYPE(?funding) AS ?type) ?partners WHERE { ?o pg:legalName ?name ; pg:ecFunding ?funding ; pg:uniquePartnerCount ?partners } ORDER BY ?name",
    ]);
    assert_eq!(
        rows[1..],
        [
            vec![
                "OREBRO LANS LANDSTING",
                "879000",
                "http://www.w3.org/2001/XMLSchema#decimal",
                "142"
            ],
            vec![
                "REGION STOCKHOLM",
                "12600000",
                "http://www.w3.org/2001/XMLSchema#decimal",
                "551"
            ],
        ]
    );
}

#[test]
fn a_swedish_commitment_carries_its_theme_and_quoted_evidence() {
    let env = Env::with_seeds();
    let rows = env.csv(&[
        "query",
        "strategy-priorities",
        "-p",
        "org=Region Örebro län",
    ]);
    let biobanks = rows
        .iter()
        .find(|r| r[3] == "Bättre utnyttjande av biobanker" && r[4] == "biobanks")
        .unwrap_or_else(|| panic!("no biobank commitment in {rows:?}"));
    assert_eq!(biobanks[2], "commitment");
    assert!(
        biobanks[5].starts_with("Regionstyrelsen anser det angeläget"),
        "{biobanks:?}"
    );
    assert_eq!(biobanks[7], "region-orebro-life-science-strategy");
    let line: usize = biobanks[6].parse().unwrap();
    let text = std::fs::read_to_string(
        crate::common::seeds().join("region-orebro-life-science-strategy.sv.txt"),
    )
    .unwrap();
    let source_line = text.lines().nth(line - 1).unwrap();
    assert!(
        source_line.contains("Regionstyrelsen anser") || source_line.contains("biobanker"),
        "line {line} is {source_line:?}"
    );
}

#[test]
fn parameters_are_bound_as_terms_not_pasted_into_the_query() {
    let env = Env::with_seeds();
    let hostile = r#"x" } UNION { ?s ?p ?o } #"#;
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?name ?o WHERE { ?o pg:legalName ?name }",
        "--param",
        &format!("name={hostile}"),
    ]);
    assert_eq!(
        rows.len(),
        1,
        "only the header: the value matched nothing and injected nothing"
    );
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?name ?o WHERE { ?o pg:legalName ?name }",
        "--param",
        "name=REGION STOCKHOLM",
    ]);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1][1],
        "https://w3id.org/partnergraph/id/org/region-stockholm"
    );
    // A parameter need not be projected: it is a constant in the pattern wherever it occurs.
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?o WHERE { ?o pg:legalName ?name }",
        "--param",
        "name=REGION STOCKHOLM",
    ]);
    assert_eq!(
        rows,
        [
            vec!["o".to_owned()],
            vec!["https://w3id.org/partnergraph/id/org/region-stockholm".to_owned()]
        ]
    );
}

#[test]
fn a_long_query_says_it_is_working_and_stops_at_the_timeout() {
    let env = Env::with_seeds();
    let runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = std::time::Instant::now();
    let stderr = env.fail(&["query", "-e", runaway, "--timeout", "6s"]);
    let took = started.elapsed();
    assert!(stderr.contains("still working: 5 s so far"), "{stderr}");
    assert!(
        stderr.contains("-e: the query ran longer than the timeout of 6s and was stopped"),
        "{stderr}"
    );
    assert!(
        took < std::time::Duration::from_secs(12),
        "stopped after {took:?}"
    );
    let quiet = env.fail(&["--quiet", "query", "-e", runaway, "--timeout", "500ms"]);
    assert!(!quiet.contains("still working"), "{quiet}");
    assert!(quiet.contains("timeout of 500ms"), "{quiet}");
}

#[test]
fn bad_queries_and_parameters_are_explained() {
    let env = Env::with_seeds();
    let stderr = env.fail(&["query", "-e", "SELECT ?x WHERE { ?x ?p }"]);
    assert!(
        stderr.contains("-e: SPARQL syntax error at line 1, column ")
            && stderr.contains(": expected ")
            && stderr.contains(", found ")
            && !stderr.contains("['"),
        "{stderr}"
    );

    let stderr = env.fail(&[
        "query",
        "organisation-projects",
        "-p",
        "company=Region Stockholm",
    ]);
    assert!(
        stderr.contains("unknown parameter company: it declares org"),
        "{stderr}"
    );

    let stderr = env.fail(&["query", "organisation-projects"]);
    assert!(stderr.contains("missing parameter org"), "{stderr}");

    let stderr = env.fail(&["query", "organisation-projects", "-p", "org=Region Orebo"]);
    assert!(
        stderr.contains("no organisation named \"Region Orebo\"")
            && stderr.contains("closest matches: \"Region Örebro County\""),
        "{stderr}"
    );

    let stderr = env.fail(&["query", "-e", "SELECT ?x WHERE { ?x ?p ?o }", "-p", "y=1"]);
    assert!(stderr.contains("the query has no variable ?y"), "{stderr}");

    let stderr = env.fail(&[
        "query",
        "-e",
        "SELECT ?x WHERE { BIND(1 AS ?year) ?x ?p ?year }",
        "-p",
        "year=1",
    ]);
    assert!(stderr.contains("assigns ?year itself"), "{stderr}");

    let stderr = env.fail(&[
        "query",
        "-e",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "--format",
        "csv",
    ]);
    assert!(
        stderr.contains("use --format turtle or ntriples"),
        "{stderr}"
    );

    let stderr = env.fail(&["query", "nonexistent-query"]);
    assert!(
        stderr.contains("no curated query is called \"nonexistent-query\""),
        "{stderr}"
    );
}

#[test]
fn queries_before_any_build_say_what_to_do() {
    let env = Env::new();
    let stderr = env.fail(&["stats"]);
    assert!(
        stderr.contains("run `partnergraph build` first"),
        "{stderr}"
    );
}

#[test]
fn graph_queries_print_turtle_that_parses() {
    let env = Env::with_seeds();
    let turtle = env.ok(&[
        "query",
        "-e",
        "CONSTRUCT { ?o ?p ?v } WHERE { ?o pg:legalName \"REGION STOCKHOLM\" ; ?p ?v }",
    ]);
    let triples: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .collect::<Result<_, _>>()
        .expect("valid Turtle");
    assert!(triples.len() > 15, "{turtle}");
}

#[test]
fn exports_round_trip_through_a_parser() {
    let env = Env::with_seeds();
    let nquads = env.ok(&["export", "--format", "nquads"]);
    let quads = nquads.lines().count();
    for (format, parser) in [
        ("trig", oxigraph::io::RdfFormat::TriG),
        ("nquads", oxigraph::io::RdfFormat::NQuads),
    ] {
        let text = env.ok(&["export", "--format", format]);
        let parsed: Vec<_> = oxigraph::io::RdfParser::from_format(parser)
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(parsed.len(), quads, "{format}");
    }
    let turtle = env.ok(&["export", "--format", "turtle"]);
    let triples: std::collections::HashSet<_> =
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .map(|q| q.unwrap())
            .collect();
    let distinct: std::collections::HashSet<_> =
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
            .for_slice(nquads.as_bytes())
            .map(|q| {
                let q = q.unwrap();
                oxigraph::model::Triple::new(q.subject, q.predicate, q.object)
            })
            .collect();
    assert_eq!(
        triples.len(),
        distinct.len(),
        "turtle merges graphs without losing or repeating triples"
    );
}

/// Each cause is said once (a library error keeps its cause as its source, not in its text
/// too), and the flag that would change the outcome is named by the command line only.
#[test]
fn errors_say_each_cause_once_and_name_the_flag_that_changes_them() {
    let env = Env::with_seeds();
    let stderr = env.fail(&[
        "query",
        "--timeout",
        "1ms",
        "-e",
        "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?a",
    ]);
    assert!(
        stderr.contains("was stopped") && stderr.matches("--timeout").count() == 1,
        "{stderr}"
    );
    let stderr = env.fail(&["query", "organisation-projects"]);
    assert!(
        stderr.contains("missing parameter org") && stderr.contains("with --param org=VALUE"),
        "{stderr}"
    );

    // A store path that is a file: the OS's reason appears once, after what failed.
    let file = env.write("not-a-folder", "");
    let output = env
        .command()
        .env("PARTNERGRAPH_STORE", &file)
        .args(["build", &common::seeds().display().to_string()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.matches("(os error").count() == 1,
        "{stderr}"
    );
}
