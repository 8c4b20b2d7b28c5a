//! The analytical index beside every generation: `network` reads it, and every filter gives the
//! edges a SPARQL reading of the same store gives; an index that is missing, damaged or of
//! another generation is rebuilt from the store, never used.

use crate::common::{Env, parse_csv, seeds};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every participation with what the filters look at, read with SPARQL.
const PARTICIPATIONS: &str = "SELECT ?org ?project ?role ?programme ?start ?country ?theme WHERE {
  ?part pg:roleOf ?org ; pg:inProject ?project .
  OPTIONAL { ?part pg:role ?role }
  OPTIONAL { ?project pg:programme ?programme }
  OPTIONAL { ?project pg:startDate ?start }
  OPTIONAL { ?org pg:hasCountry/pg:countryCode ?country }
  OPTIONAL { ?project pg:aboutTheme ?theme }
}";

/// CORDIS roles in the order the network ranks them: an organisation in two roles in one
/// project takes part in the first, and a role filter keeps it for either.
const ROLES: [&str; 6] = [
    "coordinator",
    "participant",
    "partner",
    "thirdparty",
    "associatedpartner",
    "internationalpartner",
];

/// Node ids as the exports write them: the IRI's last two path segments.
fn short(iri: &str) -> String {
    let mut parts = iri.rsplitn(3, '/');
    let last = parts.next().unwrap();
    format!("{}/{last}", parts.next().unwrap())
}

#[derive(Default)]
struct Project {
    programme: BTreeSet<String>,
    start: BTreeSet<i32>,
    themes: BTreeSet<String>,
    /// Organisation → the ranks of its roles (6 for none or an unknown one).
    members: BTreeMap<String, BTreeSet<usize>>,
}

/// The store's participations, by project, and each organisation's countries.
struct Reference {
    projects: BTreeMap<String, Project>,
    countries: BTreeMap<String, BTreeSet<String>>,
}

impl Reference {
    fn read(env: &Env) -> Self {
        let rows = parse_csv(&env.ok(&["query", "-e", PARTICIPATIONS, "--format", "csv"]));
        assert_eq!(rows[0][0], "org");
        let mut projects: BTreeMap<String, Project> = BTreeMap::new();
        let mut countries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in &rows[1..] {
            let [org, project, role, programme, start, country, theme] = &row[..] else {
                panic!("{row:?}");
            };
            let (org, entry) = (short(org), projects.entry(short(project)).or_default());
            let rank = ROLES
                .iter()
                .position(|r| r.eq_ignore_ascii_case(role.trim()))
                .unwrap_or(ROLES.len());
            entry.members.entry(org.clone()).or_default().insert(rank);
            if !programme.is_empty() {
                entry.programme.insert(programme.clone());
            }
            if let Some(year) = start.get(..4).and_then(|y| y.parse().ok()) {
                entry.start.insert(year);
            }
            if let Some(id) = theme.rsplit_once("/theme/") {
                entry.themes.insert(id.1.to_owned());
            }
            let known = countries.entry(org).or_default();
            if !country.is_empty() {
                known.insert(country.clone());
            }
        }
        for p in projects.values() {
            assert!(
                p.programme.len() <= 1 && p.start.len() <= 1,
                "one value each"
            );
        }
        Self {
            projects,
            countries,
        }
    }

    /// The edges (sorted id pair → shared projects) the filters keep, counted here.
    fn edges(&self, filter: &Filter) -> BTreeMap<(String, String), u32> {
        let mut edges = BTreeMap::new();
        for p in self.projects.values() {
            let programme = p.programme.first();
            if filter
                .programme
                .as_ref()
                .is_some_and(|want| programme.is_none_or(|have| !have.eq_ignore_ascii_case(want)))
                || filter.years.is_some_and(|(from, to)| {
                    p.start.first().is_none_or(|y| !(from..=to).contains(y))
                })
                || filter.theme.as_ref().is_some_and(|t| !p.themes.contains(t))
            {
                continue;
            }
            let kept: Vec<&String> = p
                .members
                .iter()
                .filter(|(org, ranks)| {
                    let country = self.countries[*org].first();
                    filter
                        .roles
                        .as_ref()
                        .is_none_or(|roles| ranks.iter().any(|rank| roles.contains(rank)))
                        && filter.countries.as_ref().is_none_or(|cs| {
                            country.is_some_and(|c| cs.iter().any(|w| w.eq_ignore_ascii_case(c)))
                        })
                })
                .map(|(org, _)| org)
                .collect();
            if filter.max_consortium.is_some_and(|max| kept.len() > max) {
                continue;
            }
            for (i, a) in kept.iter().enumerate() {
                for b in &kept[i + 1..] {
                    *edges.entry(((*a).clone(), (*b).clone())).or_insert(0) += 1;
                }
            }
        }
        edges.retain(|_, shared| *shared >= filter.min_shared);
        edges
    }
}

#[derive(Default, Debug)]
struct Filter {
    programme: Option<String>,
    years: Option<(i32, i32)>,
    countries: Option<Vec<String>>,
    roles: Option<Vec<usize>>,
    theme: Option<String>,
    min_shared: u32,
    max_consortium: Option<usize>,
}

impl Filter {
    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        let mut flag = |name: &str, value: String| {
            args.push(name.to_owned());
            args.push(value);
        };
        if let Some(p) = &self.programme {
            flag("--programme", p.clone());
        }
        if let Some((from, to)) = self.years {
            flag("--years", format!("{from}-{to}"));
        }
        for c in self.countries.iter().flatten() {
            flag("--country", c.clone());
        }
        for r in self.roles.iter().flatten() {
            flag("--role", ROLES[*r].to_owned());
        }
        if let Some(t) = &self.theme {
            flag("--theme", t.clone());
        }
        if self.min_shared > 1 {
            flag("--min-shared", self.min_shared.to_string());
        }
        if let Some(max) = self.max_consortium {
            flag("--max-consortium", max.to_string());
        }
        args
    }
}

/// The edges `network --format csv` writes with `filter`.
fn network_edges(env: &Env, filter: &Filter, dir: &Path) -> BTreeMap<(String, String), u32> {
    let mut args: Vec<String> = ["network", "--format", "csv", "-o"]
        .map(str::to_owned)
        .to_vec();
    args.push(dir.to_str().unwrap().to_owned());
    args.extend(filter.args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args);
    let rows = parse_csv(&std::fs::read_to_string(dir.join("edges.csv")).unwrap());
    assert_eq!(rows[0][..3], ["Source", "Target", "Weight"]);
    rows[1..]
        .iter()
        .map(|r| {
            let (a, b) = if r[0] < r[1] {
                (&r[0], &r[1])
            } else {
                (&r[1], &r[0])
            };
            ((a.clone(), b.clone()), r[2].parse::<f64>().unwrap() as u32)
        })
        .collect()
}

/// A store of two programmes' synthetic exports (the H2020 one with the quirks of real
/// exports: two roles in a project, unknown roles, doubled values) and the seed documents.
fn fixture_store(env: &Env) {
    let h2020 = env.path("h2020");
    let fp7 = env.path("fp7");
    env.ok(&[
        "synth",
        "cordis",
        "--projects",
        "300",
        "--seed",
        "11",
        "--quirks",
        "-o",
        h2020.to_str().unwrap(),
    ]);
    env.ok(&[
        "synth",
        "cordis",
        "--projects",
        "200",
        "--seed",
        "11",
        "--programme",
        "fp7",
        "-o",
        fp7.to_str().unwrap(),
    ]);
    env.ok(&[
        "build",
        h2020.to_str().unwrap(),
        fp7.to_str().unwrap(),
        seeds().to_str().unwrap(),
    ]);
}

fn most_common<'a>(values: impl Iterator<Item = &'a String>, n: usize) -> Vec<String> {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut by_count: Vec<(&String, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    by_count
        .into_iter()
        .take(n)
        .map(|(v, _)| v.clone())
        .collect()
}

#[test]
fn every_filter_gives_the_edges_a_sparql_reading_gives() {
    let env = Env::new();
    fixture_store(&env);
    let reference = Reference::read(&env);
    let themes = most_common(reference.projects.values().flat_map(|p| &p.themes), 1);
    let countries = most_common(reference.countries.values().flatten(), 2);
    let filters = [
        Filter::default(),
        Filter {
            programme: Some("h2020".into()),
            ..Filter::default()
        },
        Filter {
            years: Some((2010, 2016)),
            ..Filter::default()
        },
        Filter {
            countries: Some(countries.clone()),
            ..Filter::default()
        },
        Filter {
            roles: Some(vec![0, 1]),
            ..Filter::default()
        },
        // Third parties, most of them participants of the same project too.
        Filter {
            roles: Some(vec![3]),
            ..Filter::default()
        },
        Filter {
            theme: Some(themes[0].clone()),
            ..Filter::default()
        },
        Filter {
            min_shared: 3,
            ..Filter::default()
        },
        Filter {
            max_consortium: Some(5),
            ..Filter::default()
        },
        Filter {
            programme: Some("FP7".into()),
            countries: Some(countries[..1].to_vec()),
            roles: Some(vec![0, 1, 3]),
            min_shared: 2,
            max_consortium: Some(12),
            ..Filter::default()
        },
    ];
    for (i, filter) in filters.iter().enumerate() {
        let want = reference.edges(filter);
        assert!(!want.is_empty(), "{filter:?} keeps no edge: a weak test");
        let got = network_edges(&env, filter, &env.path(&format!("net{i}")));
        assert_eq!(got.len(), want.len(), "{filter:?}");
        assert_eq!(got, want, "{filter:?}");
    }
}

/// The generation directory the store publishes.
fn generation(env: &Env) -> PathBuf {
    let store = env.store();
    store.join(std::fs::read_link(store.join("current")).unwrap())
}

#[test]
fn an_index_missing_damaged_or_of_another_generation_is_rebuilt_never_used() {
    let env = Env::new();
    fixture_store(&env);
    let index = generation(&env).join("participations.arrow");
    assert!(index.is_file());
    let net = |name: &str| {
        let dir = env.path(name);
        let output = env
            .command()
            .args(["network", "--format", "csv", "-o", dir.to_str().unwrap()])
            .env("PARTNERGRAPH_LOG", "warn")
            .output()
            .unwrap();
        assert!(output.status.success());
        let edges = std::fs::read(dir.join("edges.csv")).unwrap();
        let nodes = std::fs::read(dir.join("nodes.csv")).unwrap();
        (
            (nodes, edges),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (fresh, warned) = net("fresh");
    assert!(!warned.contains("participation index"), "{warned}");

    // Missing: read from the store, and written again.
    std::fs::remove_file(&index).unwrap();
    let (rebuilt, warned) = net("missing");
    assert!(
        warned.contains("not using the participation index"),
        "{warned}"
    );
    assert_eq!(rebuilt, fresh);
    assert!(index.is_file());

    // Another store's index, of another generation: never used.
    let other = Env::new();
    let cordis = other.path("cordis");
    other.synth(40, 3, &cordis);
    other.ok(&["build", cordis.to_str().unwrap()]);
    other.ok(&["build", cordis.to_str().unwrap(), seeds().to_str().unwrap()]);
    std::fs::copy(generation(&other).join("participations.arrow"), &index).unwrap();
    let (rebuilt, warned) = net("foreign");
    assert!(warned.contains("another generation"), "{warned}");
    assert_eq!(rebuilt, fresh);

    // Damaged.
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() / 3]).unwrap();
    let (rebuilt, warned) = net("damaged");
    assert!(
        warned.contains("not using the participation index"),
        "{warned}"
    );
    assert_eq!(rebuilt, fresh);
}

#[test]
fn compacting_alone_keeps_the_index_as_the_new_generation_s() {
    let env = Env::new();
    let cordis = env.path("cordis");
    env.synth(60, 5, &cordis);
    env.ok(&["build", cordis.to_str().unwrap()]);
    let first = generation(&env);
    env.ok(&["build", "--compact", cordis.to_str().unwrap()]);
    let second = generation(&env);
    assert_ne!(first, second);
    env.assert_network_reads_the_index();
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let rows = parse_csv(&std::fs::read_to_string(path).unwrap());
    rows[1..]
        .iter()
        .map(|r| rows[0].iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn header(path: &Path) -> Vec<String> {
    parse_csv(&std::fs::read_to_string(path).unwrap()).remove(0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn parquet_tables_read_back_in_pyarrow_pandas_and_duckdb() {
    let python = crate::common::python_with(
        &[
            "pyarrow==26.0.1",
            "pandas==3.1.1",
            "duckdb==2.0.1",
            "numpy==2.4.6",
        ],
        "import pyarrow, pandas, duckdb; assert pyarrow.__version__ == '26.0.1'",
    );
    let env = Env::new();
    fixture_store(&env);
    let dir = |name: &str| env.path(name).to_str().unwrap().to_owned();
    let metrics = ["network", "--metrics", "--seed", "3", "--format"];
    env.ok(&[&metrics[..], &["csv", "-o", &dir("csv")]].concat());
    env.ok(&[&metrics[..], &["parquet", "-o", &dir("parquet")]].concat());
    env.ok(&[
        "network",
        "--bipartite",
        "--format",
        "csv",
        "-o",
        &dir("bipartite"),
    ]);
    env.ok(&["export", "--format", "parquet", "-o", &dir("tables")]);
    let output = std::process::Command::new(python)
        .arg(crate::common::repo().join("tests/python/parquet_readers.py"))
        .args([dir("parquet"), dir("tables")])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    let csv = env.path("csv");
    let nodes = csv_rows(&csv.join("nodes.csv"));
    let edges = csv_rows(&csv.join("edges.csv"));
    let weight: f64 = edges
        .iter()
        .map(|e| e["Weight"].parse::<f64>().unwrap())
        .sum();
    // Every column of the CSV tables, under the names DataFrames use.
    let mut node_columns = vec!["id".to_owned(), "label".to_owned()];
    node_columns.extend(header(&csv.join("nodes.csv")).into_iter().skip(2));
    let mut edge_columns = ["source", "target", "weight"].map(str::to_owned).to_vec();
    edge_columns.extend(header(&csv.join("edges.csv")).into_iter().skip(4));
    let (pyarrow, pandas, duckdb) = (&read["pyarrow"], &read["pandas"], &read["duckdb"]);
    assert_eq!(pyarrow["node_columns"], serde_json::json!(node_columns));
    assert_eq!(pyarrow["edge_columns"], serde_json::json!(edge_columns));
    for reader in [pyarrow, duckdb] {
        assert_eq!(reader["nodes"], nodes.len());
        assert_eq!(reader["edges"], edges.len());
        assert!(close(reader["weight"].as_f64().unwrap(), weight));
    }
    let degrees: f64 = nodes
        .iter()
        .map(|n| n["degree"].parse::<f64>().unwrap())
        .sum();
    assert_eq!(duckdb["degree_sum"].as_f64().unwrap(), degrees);
    assert!(duckdb["communities"].as_u64().unwrap() > 1);

    // pandas sees every node's metrics and every edge's weight as the CSV tables say.
    let seen = pandas["nodes"].as_object().unwrap();
    assert_eq!(seen.len(), nodes.len());
    for node in &nodes {
        for (metric, value) in seen[&node["Id"]].as_object().unwrap() {
            match (node[metric].parse::<f64>(), value.as_f64()) {
                (Ok(want), Some(got)) => assert!(close(want, got), "{metric} {node:?}: {got}"),
                (Err(_), None) => assert!(node[metric].is_empty()),
                other => panic!("{metric} of {}: {other:?}", node["Id"]),
            }
        }
    }
    let seen = pandas["edges"].as_object().unwrap();
    assert_eq!(seen.len(), edges.len());
    for edge in &edges {
        let (a, b) = (&edge["Source"], &edge["Target"]);
        let key = if a < b {
            format!("{a} {b}")
        } else {
            format!("{b} {a}")
        };
        let got = &seen[&key];
        assert!(close(
            got[0].as_f64().unwrap(),
            edge["Weight"].parse().unwrap()
        ));
        assert_eq!(got[1].to_string(), edge["shared_partners"]);
    }

    // The exported tables hold the bipartite network's organisations, projects and
    // participations, and join on their IRIs.
    let bipartite = env.path("bipartite");
    let kinds = csv_rows(&bipartite.join("nodes.csv"));
    let count = |kind: &str| kinds.iter().filter(|n| n["kind"] == kind).count();
    let participations = csv_rows(&bipartite.join("edges.csv"));
    let tables = &pyarrow["tables"];
    assert_eq!(tables["organisations"], count("organisation"));
    assert_eq!(tables["projects"], count("project"));
    assert_eq!(tables["participations"], participations.len());
    assert_eq!(duckdb["joined"], participations.len());
    let coordinators = participations
        .iter()
        .filter(|p| p["role"] == "coordinator")
        .count();
    assert_eq!(duckdb["coordinators"], coordinators);
    let ec: f64 = participations
        .iter()
        .filter_map(|p| p["ec_contribution"].parse::<f64>().ok())
        .sum();
    assert!(close(pandas["participations_ec"].as_f64().unwrap(), ec));
    assert!(tables["project_themes"].as_u64().unwrap() > 0);
    assert!(duckdb["themed_projects"].as_u64().unwrap() > 0);
}
