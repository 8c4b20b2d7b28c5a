//! `partnergraph network`: every export is read back by the tool a user opens it with — NetworkX
//! (`read_graphml`, `read_gexf`), igraph (`Read_GraphML`), a JSON reading of the Cytoscape.js
//! elements, Graphviz (`dot -Tsvg`) — and what each tool sees and computes is compared with
//! partnergraph's own CSV tables: nodes, every edge and its weight, degrees, components,
//! communities, and the modularity of those communities against igraph's own Leiden and
//! multilevel. The projection itself is checked against NetworkX's projection of the bipartite
//! export and, for a store of CORDIS files alone, against a csv-module reading of the files.

use crate::common::{Env, fixture, parse_csv, python_with, repo, seeds};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// NetworkX 3.6 is the first to read GEXF 1.3.
fn python() -> PathBuf {
    python_with(
        &[
            "networkx==3.6.1",
            "igraph==0.11.8",
            "numpy==2.4.6",
            "scipy==1.17.1",
        ],
        "import networkx, igraph, scipy; assert networkx.__version__ == '3.6.1' and igraph.__version__ == '0.11.8'",
    )
}

/// partnergraph's own view of a network: its CSV tables and the modularity it reports.
struct Reference {
    /// Node id → the nodes.csv row by column name.
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    /// (smaller id, larger id) → weight.
    edges: BTreeMap<(String, String), f64>,
    modularity: f64,
}

impl Reference {
    fn column(&self, name: &str) -> BTreeMap<&str, f64> {
        self.nodes
            .iter()
            .map(|(id, row)| (id.as_str(), row[name].parse().unwrap()))
            .collect()
    }
}

fn table(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let rows = parse_csv(&std::fs::read_to_string(path).unwrap());
    let header = rows[0].clone();
    let records = rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect();
    (header, records)
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// Writes the network with `args` in every format into `dir` (graph.graphml, graph.gexf,
/// graph.cyjs, bipartite.graphml, csv/, and graph.dot when `dot`), and reads the CSV tables.
fn export_all(env: &Env, dir: &Path, args: &[&str], dot: bool) -> Reference {
    std::fs::create_dir_all(dir).unwrap();
    let out = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let mut modularity = None;
    let mut formats = vec![
        ("csv", out("csv")),
        ("graphml", out("graph.graphml")),
        ("gexf", out("graph.gexf")),
        ("cytoscape", out("graph.cyjs")),
    ];
    if dot {
        formats.push(("dot", out("graph.dot")));
    }
    for (format, path) in &formats {
        let mut full = vec!["network", "--metrics", "--format", format, "-o", path];
        full.extend(args);
        let output = env.command().args(&full).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{full:?}: {stderr}");
        let q: f64 = stderr
            .rsplit_once("modularity ")
            .unwrap_or_else(|| panic!("no modularity in {stderr}"))
            .1
            .trim()
            .parse()
            .unwrap();
        // The same seed gives the same communities in every run.
        assert_eq!(*modularity.get_or_insert(q), q, "{format}");
    }
    env.ok(&["network", "--bipartite", "-o", &out("bipartite.graphml")]);

    let (node_header, node_rows) = table(&dir.join("csv/nodes.csv"));
    let (edge_header, edge_rows) = table(&dir.join("csv/edges.csv"));
    // Gephi's spreadsheet import recognises these columns.
    assert_eq!(node_header[..2], ["Id", "Label"]);
    assert_eq!(edge_header[..4], ["Source", "Target", "Weight", "Type"]);
    assert!(edge_rows.iter().all(|e| e["Type"] == "Undirected"));
    let nodes: BTreeMap<_, _> = node_rows
        .into_iter()
        .map(|row| (row["Id"].clone(), row))
        .collect();
    let edges: BTreeMap<_, _> = edge_rows
        .iter()
        .map(|e| {
            (
                pair(&e["Source"], &e["Target"]),
                e["Weight"].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(edges.len(), edge_rows.len(), "an edge is written twice");
    Reference {
        nodes,
        edges,
        modularity: modularity.unwrap(),
    }
}

fn read_back(dir: &Path, extra: &[&str]) -> Value {
    let output = Command::new(python())
        .arg(repo().join("tests/python/network_readers.py"))
        .arg(dir)
        .args(extra)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "a reader rejected the exports in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn edge_list(value: &Value) -> BTreeMap<(String, String), f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let key = pair(e[0].as_str().unwrap(), e[1].as_str().unwrap());
            (key, e[2].as_f64().unwrap())
        })
        .collect()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

/// Compares what every reader saw and igraph computed with partnergraph's reference, a network
/// of the edges of at least `min_shared` shared projects.
fn compare(reference: &Reference, read: &Value, min_shared: f64) {
    let ids: Vec<&str> = reference.nodes.keys().map(String::as_str).collect();
    let degree = reference.column("degree");
    let community = reference.column("community");
    let components: BTreeSet<&str> = reference
        .nodes
        .values()
        .map(|r| r["component"].as_str())
        .collect();
    for (reader, seen) in read["readers"].as_object().unwrap() {
        let nodes: Vec<&str> = seen["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(nodes, ids, "{reader}: nodes");
        let edges = edge_list(&seen["edges"]);
        assert_eq!(
            edges.len(),
            seen["edges"].as_array().unwrap().len(),
            "{reader}: an edge is read twice"
        );
        assert_eq!(edges, reference.edges, "{reader}: edges and weights");
        for (id, d) in &degree {
            assert_eq!(
                seen["degree"][id].as_f64(),
                Some(*d),
                "{reader}: degree of {id}"
            );
            assert_eq!(
                seen["community"][id].as_f64(),
                Some(community[id]),
                "{reader}: community of {id}"
            );
        }
        assert_eq!(
            seen["components"].as_u64(),
            Some(components.len() as u64),
            "{reader}: components"
        );
    }
    let igraph_reader = &read["readers"]["igraph Read_GraphML"];
    assert_eq!(igraph_reader["directed"], false);
    assert_eq!(
        igraph_reader["igraph_components"].as_u64(),
        Some(components.len() as u64)
    );
    assert_eq!(read["readers"]["cytoscape json"]["edge_ids_unique"], true);
    assert_eq!(
        read["readers"]["cytoscape json"]["labels"].as_u64(),
        Some(ids.len() as u64)
    );

    let igraph = &read["igraph"];
    let ours = igraph["modularity_of_partnergraph"].as_f64().unwrap();
    assert!(
        (ours - reference.modularity).abs() < 1e-4,
        "igraph's modularity of our communities {ours} vs the reported {}",
        reference.modularity
    );
    for peer in ["modularity_leiden", "modularity_multilevel"] {
        let theirs = igraph[peer].as_f64().unwrap();
        assert!(
            ours >= theirs - 0.01,
            "modularity {ours} vs igraph {peer} {theirs}"
        );
    }
    for (metric, tolerance) in [
        ("betweenness", 1e-9),
        ("pagerank", 1e-6),
        ("clustering", 1e-12),
    ] {
        let ours = reference.column(metric);
        for (id, value) in &ours {
            let theirs = igraph[metric][id].as_f64().unwrap();
            assert!(
                close(*value, theirs, tolerance),
                "{metric} of {id}: {value} vs igraph {theirs}"
            );
        }
    }

    // NetworkX's own projection of the bipartite export is the projection.
    let bipartite = &read["bipartite"];
    let projection: BTreeMap<_, _> = edge_list(&bipartite["projection"])
        .into_iter()
        .filter(|(_, w)| *w >= min_shared)
        .collect();
    assert_eq!(
        projection, reference.edges,
        "NetworkX's weighted_projected_graph of the bipartite export"
    );
    let participations: f64 = reference.column("projects").values().sum();
    assert_eq!(bipartite["edges"].as_f64(), Some(participations));
    assert_eq!(
        bipartite["kinds"]["organisation"].as_u64(),
        Some(ids.len() as u64)
    );
}

fn assert_graphviz(reference: &Reference, read: &Value) {
    let graphviz = &read["graphviz"];
    let nodes: Vec<&str> = graphviz["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        nodes,
        reference
            .nodes
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    let edges: BTreeSet<(String, String)> = graphviz["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| pair(e[0].as_str().unwrap(), e[1].as_str().unwrap()))
        .collect();
    assert_eq!(
        edges,
        reference.edges.keys().cloned().collect::<BTreeSet<_>>()
    );
    assert_eq!(
        graphviz["edges"].as_array().unwrap().len(),
        reference.edges.len()
    );
}

#[test]
fn fixture_network_reads_back_in_networkx_igraph_cytoscape_and_graphviz() {
    let env = Env::new();
    env.ok(&[
        "build",
        seeds().to_str().unwrap(),
        fixture("cordis/h2020").to_str().unwrap(),
    ]);
    let dir = env.path("exports");
    let reference = export_all(&env, &dir, &[], true);
    assert!(reference.nodes.len() > 10 && reference.edges.len() > 20);
    let read = read_back(&dir, &["--networkx-metrics"]);
    compare(&reference, &read, 1.0);
    assert_graphviz(&reference, &read);

    // NetworkX's pure-Python metrics agree too.
    let networkx = &read["networkx"];
    for (metric, tolerance) in [
        ("betweenness", 1e-9),
        ("pagerank", 1e-6),
        ("clustering", 1e-12),
    ] {
        for (id, value) in reference.column(metric) {
            let theirs = networkx[metric][id].as_f64().unwrap();
            assert!(
                close(value, theirs, tolerance),
                "{metric} of {id}: {value} vs NetworkX {theirs}"
            );
        }
    }
}

/// A synthetic CORDIS export of 500 projects: some 500 organisations and 13,000 edges, with hubs
/// and communities, where the readers and igraph have real work.
#[test]
fn synthetic_network_matches_the_csv_files_the_readers_and_igraph() {
    let env = Env::new();
    let cordis = env.path("cordis");
    env.synth(500, 7, &cordis);
    env.ok(&["build", cordis.to_str().unwrap()]);
    let dir = env.path("exports");
    let reference = export_all(&env, &dir, &["--seed", "3"], false);
    assert!(
        reference.nodes.len() > 500 && reference.edges.len() > 10_000,
        "{} nodes, {} edges",
        reference.nodes.len(),
        reference.edges.len()
    );
    let read = read_back(&dir, &["--cordis", cordis.to_str().unwrap()]);
    compare(&reference, &read, 1.0);
    assert_eq!(
        edge_list(&read["cordis_projection"]),
        reference.edges,
        "the projection counted from organization.csv"
    );

    // A filtered network, small enough for Graphviz's dot: the filter's edges are the CSV files'
    // pairs of at least 5 shared projects.
    let filtered = env.path("filtered");
    let reference = export_all(&env, &filtered, &["--min-shared", "5"], true);
    let want: BTreeMap<_, _> = edge_list(&read["cordis_projection"])
        .into_iter()
        .filter(|(_, w)| *w >= 5.0)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(reference.edges, want);
    let read = read_back(&filtered, &[]);
    compare(&reference, &read, 5.0);
    assert_graphviz(&reference, &read);
}
