//! Every curated query in queries/ runs against the seeds and returns exactly its expected
//! result, kept in tests/fixtures/queries/NAME.csv (with its parameters in NAME.args, one
//! NAME=VALUE per line). Adding a query without an expectation fails this test. SPARQL leaves the
//! order of GROUP_CONCAT unspecified, so list cells ("a, b") compare as sets.

use crate::common::{Env, fixture, normalised};

#[test]
fn every_curated_query_returns_its_expected_result_on_the_seeds() {
    let env = Env::with_seeds();
    let mut failures = Vec::new();
    for (name, _) in partnergraph::query::curated::QUERIES {
        let expected_path = fixture("queries").join(format!("{name}.csv"));
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!(
                "{name}: no expectation at {}",
                expected_path.display()
            ));
            continue;
        };
        let mut args = vec![
            "query".to_owned(),
            (*name).to_owned(),
            "--format".to_owned(),
            "csv".to_owned(),
        ];
        if let Ok(params) = std::fs::read_to_string(fixture("queries").join(format!("{name}.args")))
        {
            for line in params.lines().filter(|l| !l.trim().is_empty()) {
                args.push("--param".to_owned());
                args.push(line.to_owned());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let actual = env.ok(&args);
        if normalised(&actual) != normalised(&expected) {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
