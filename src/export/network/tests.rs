use super::buffered::{BUFFER, Buffered};
use super::rows::{Numbers, node_ids, short_id};
use super::*;
use crate::analysis::network::{Edge, OrgNode, Participation, ProjectNode};
use crate::model::Role;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

const NS: &str = "https://w3id.org/partnergraph/id/";

fn org(
    local: &str,
    label: &str,
    country: Option<&str>,
    ty: Option<&str>,
    sme: Option<bool>,
) -> OrgNode {
    OrgNode {
        iri: format!("{NS}org/{local}"),
        label: label.to_owned(),
        country: country.map(str::to_owned),
        org_type: ty.map(str::to_owned),
        sme,
    }
}

fn project(
    local: &str,
    acronym: &str,
    programme: Option<&str>,
    years: (Option<i32>, Option<i32>),
    ec: Option<f64>,
) -> ProjectNode {
    ProjectNode {
        iri: format!("{NS}project/{local}"),
        acronym: acronym.to_owned(),
        programme: programme.map(str::to_owned),
        start_year: years.0,
        end_year: years.1,
        ec_max_contribution: ec,
        themes: Vec::new(),
    }
}

fn participation(project: u32, org: u32, role: Option<Role>, ec: Option<f64>) -> Participation {
    Participation::new(org, project, role, ec)
}

const VASTERBOTTEN: &str = "Region Västerbotten & \"Norrlands\" universitetssjukhus";
const DEMOKRITOS: &str = "Εθνικό Κέντρο Έρευνας <Δημόκριτος> & 'ΕΚΕΦΕ'";
const SKOGSBOLAGET: &str = "Skogsbolaget Öst AB \\ \"Norr\"\nfilial";

fn bipartite() -> Bipartite {
    Bipartite {
        orgs: vec![
            org(
                "pic-999979694",
                VASTERBOTTEN,
                Some("SE"),
                Some("PUB"),
                Some(false),
            ),
            org(
                "pic-999990001",
                DEMOKRITOS,
                Some("EL"),
                Some("REC"),
                Some(false),
            ),
            org(
                "pic-999990002",
                "Åbo Akademi",
                Some("FI"),
                Some("HES"),
                None,
            ),
            org("skogsbolaget-ost-ab", SKOGSBOLAGET, None, None, Some(true)),
            org(
                "pic-999990004",
                "Αριστοτέλειο Πανεπιστήμιο Θεσσαλονίκης",
                Some("EL"),
                Some("HES"),
                Some(false),
            ),
        ],
        projects: vec![
            project(
                "cordis-101000001",
                "R&D<1>",
                Some("H2020"),
                (Some(2018), Some(2021)),
                Some(1_500_000.5),
            ),
            project(
                "cordis-101000002",
                "ÖRESUND",
                Some("H2020"),
                (Some(2019), Some(2023)),
                None,
            ),
            project(
                "cordis-101000003",
                "\"QUOTE\"",
                Some("HORIZON"),
                (Some(2022), None),
                Some(2e6),
            ),
            project("nordic-health", "NORDIC", None, (None, None), None),
        ],
        participations: vec![
            participation(0, 0, Some(Role::Coordinator), Some(500_000.0)),
            participation(0, 1, Some(Role::Participant), Some(250_000.25)),
            participation(0, 2, Some(Role::Participant), None),
            participation(1, 0, Some(Role::Participant), Some(100_000.0)),
            participation(1, 1, Some(Role::Coordinator), None),
            participation(2, 1, Some(Role::Participant), Some(300_000.0)),
            participation(2, 3, Some(Role::ThirdParty), None),
            participation(3, 4, None, None),
        ],
    }
}

fn edge(a: u32, b: u32, weight: f64, projects: &[u32]) -> (Edge, &[u32]) {
    let edge = Edge {
        a,
        b,
        weight,
        shared: projects.len() as u32,
    };
    (edge, projects)
}

fn projection() -> Projection {
    let (edges, projects): (Vec<Edge>, Vec<&[u32]>) = [
        edge(0, 1, 2.0, &[0, 1]),
        edge(0, 2, 1.0, &[0]),
        edge(1, 2, 1.0, &[0]),
        edge(1, 3, 0.5, &[2]),
    ]
    .into_iter()
    .unzip();
    Projection::new(vec![0, 1, 2, 3, 4], edges, projects.concat())
}

fn metrics() -> Metrics {
    Metrics {
        degree: vec![2, 3, 2, 1, 0],
        strength: vec![3.0, 3.5, 2.0, 0.5, 0.0],
        betweenness: vec![0.0, 3.0, 0.0, 0.0, 0.0],
        betweenness_samples: None,
        pagerank: vec![0.25, 0.3, 0.2, 0.1, f64::NAN],
        component: vec![0, 0, 0, 0, 1],
        clustering: vec![1.0, 1.0 / 3.0, 1.0, 0.0, 0.0],
        community: vec![0, 0, 0, 1, 2],
        modularity: 0.1,
        shared_partners: vec![1, 1, 1, 0],
        projects: vec![2, 3, 1, 1, 1],
        ec_funding: vec![600_000.0, 550_000.25, 0.0, 0.0, f64::INFINITY],
    }
}

fn render(export: &NetworkExport<'_>, format: NetworkFormat) -> String {
    let mut out = Vec::new();
    write(export, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Renders the projection with metrics in `format`.
fn full(format: NetworkFormat) -> String {
    let (bipartite, projection, metrics) = (bipartite(), projection(), metrics());
    let view = View::Projection {
        projection: &projection,
        metrics: Some(&metrics),
    };
    render(
        &NetworkExport {
            bipartite: &bipartite,
            view,
        },
        format,
    )
}

/// A parsed XML element, enough to check documents.
#[derive(Debug, Default)]
struct Xml {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Xml>,
    text: String,
}

impl Xml {
    fn parse(document: &str) -> Xml {
        fn element(start: &BytesStart<'_>) -> Xml {
            let attrs = start.attributes().map(|a| {
                let a = a.unwrap();
                let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                (key, a.unescape_value().unwrap().into_owned())
            });
            Xml {
                name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
                attrs: attrs.collect(),
                ..Xml::default()
            }
        }
        let mut reader = Reader::from_str(document);
        let mut stack = vec![Xml::default()];
        loop {
            match reader.read_event().unwrap() {
                Event::Start(start) => stack.push(element(&start)),
                Event::Empty(start) => stack.last_mut().unwrap().children.push(element(&start)),
                Event::End(_) => {
                    let done = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(done);
                }
                Event::Text(text) => stack.last_mut().unwrap().text += &text.unescape().unwrap(),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(stack.len(), 1, "unclosed elements");
        let mut root = stack.pop().unwrap();
        assert_eq!(root.children.len(), 1, "one root element");
        root.children.remove(0)
    }

    fn all<'x>(&'x self, name: &'x str) -> impl Iterator<Item = &'x Xml> + 'x {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn child(&self, name: &str) -> &Xml {
        (self.children.iter().find(|c| c.name == name))
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }

    fn attr(&self, name: &str) -> &str {
        &self.attrs[name]
    }
}

/// GraphML data of an element by attribute name: `key` maps key ids to (name, type).
fn graphml_data<'x>(
    element: &'x Xml,
    keys: &BTreeMap<&str, (&'x str, &str)>,
) -> BTreeMap<&'x str, &'x str> {
    (element.all("data"))
        .map(|d| (keys[d.attr("key")].0, d.text.as_str()))
        .collect()
}

#[test]
fn graphml_declares_typed_keys_and_writes_every_value() {
    let doc = Xml::parse(&full(NetworkFormat::GraphMl));
    assert_eq!(doc.name, "graphml");
    assert_eq!(doc.attr("xmlns"), "http://graphml.graphdrawing.org/xmlns");
    let keys: BTreeMap<&str, (&str, &str, &str)> = doc
        .all("key")
        .map(|k| {
            (
                k.attr("id"),
                (k.attr("for"), k.attr("attr.name"), k.attr("attr.type")),
            )
        })
        .collect();
    let declared: BTreeMap<(&str, &str), &str> = keys
        .values()
        .map(|&(domain, name, ty)| ((domain, name), ty))
        .collect();
    let expected_nodes = [
        ("label", "string"),
        ("iri", "string"),
        ("country", "string"),
        ("type", "string"),
        ("sme", "boolean"),
        ("projects", "int"),
        ("ec_funding", "double"),
        ("degree", "int"),
        ("strength", "double"),
        ("betweenness", "double"),
        ("pagerank", "double"),
        ("component", "int"),
        ("clustering", "double"),
        ("community", "int"),
    ];
    let expected_edges = [
        ("weight", "double"),
        ("shared", "int"),
        ("projects", "string"),
        ("ec_funding", "double"),
        ("first_year", "int"),
        ("last_year", "int"),
        ("shared_partners", "int"),
    ];
    let expected: BTreeMap<(&str, &str), &str> =
        (expected_nodes.iter().map(|&(n, t)| (("node", n), t)))
            .chain(expected_edges.iter().map(|&(n, t)| (("edge", n), t)))
            .collect();
    assert_eq!(declared, expected);

    let graph = doc.child("graph");
    assert_eq!(graph.attr("edgedefault"), "undirected");
    let by_id: BTreeMap<&str, (&str, &str)> =
        keys.iter().map(|(&id, &(_, n, t))| (id, (n, t))).collect();
    let nodes: Vec<_> = graph.all("node").collect();
    let ids: Vec<_> = nodes.iter().map(|n| n.attr("id")).collect();
    assert_eq!(
        ids,
        [
            "org/pic-999979694",
            "org/pic-999990001",
            "org/pic-999990002",
            "org/skogsbolaget-ost-ab",
            "org/pic-999990004"
        ]
    );
    let first = graphml_data(nodes[0], &by_id);
    assert_eq!(first["label"], VASTERBOTTEN);
    assert_eq!(first["iri"], format!("{NS}org/pic-999979694"));
    assert_eq!(first["sme"], "false");
    assert_eq!(first["degree"], "2");
    assert_eq!(first["strength"], "3.0");
    assert_eq!(first["ec_funding"], "600000.0");
    assert_eq!(graphml_data(nodes[1], &by_id)["label"], DEMOKRITOS);
    assert_eq!(
        graphml_data(nodes[1], &by_id)["clustering"],
        (1.0f64 / 3.0).to_string()
    );
    assert!(
        !graphml_data(nodes[2], &by_id).contains_key("sme"),
        "missing sme is omitted"
    );
    let skogsbolaget = graphml_data(nodes[3], &by_id);
    assert_eq!(skogsbolaget["label"], SKOGSBOLAGET);
    assert!(!skogsbolaget.contains_key("country") && !skogsbolaget.contains_key("type"));
    let isolated = graphml_data(nodes[4], &by_id);
    assert!(
        !isolated.contains_key("pagerank") && !isolated.contains_key("ec_funding"),
        "NaN and inf are omitted"
    );

    let edges: Vec<_> = graph.all("edge").collect();
    assert_eq!(edges.len(), 4);
    assert_eq!(
        (edges[0].attr("source"), edges[0].attr("target")),
        ("org/pic-999979694", "org/pic-999990001")
    );
    let shared = graphml_data(edges[0], &by_id);
    assert_eq!(shared["weight"], "2.0");
    assert_eq!(shared["projects"], "R&D<1>;ÖRESUND");
    assert_eq!(shared["shared"], "2");
    assert_eq!(shared["shared_partners"], "1");
    let newman = graphml_data(edges[3], &by_id);
    assert_eq!(newman["weight"], "0.5");
    assert_eq!(newman["first_year"], "2022");
    assert!(!newman.contains_key("last_year"));
}

#[test]
fn xml_is_escaped_by_the_writer() {
    let graphml = full(NetworkFormat::GraphMl);
    assert!(
        graphml.contains("Region Västerbotten &amp; &quot;Norrlands&quot;"),
        "UTF-8 kept"
    );
    assert!(graphml.contains("&lt;Δημόκριτος&gt;"));
    let gexf = full(NetworkFormat::Gexf);
    assert!(
        gexf.contains(
            "label=\"Region Västerbotten &amp; &quot;Norrlands&quot; universitetssjukhus\""
        )
    );
}

#[test]
fn gexf_is_gephis_1_3_with_typed_attributes() {
    let doc = Xml::parse(&full(NetworkFormat::Gexf));
    assert_eq!(
        (doc.name.as_str(), doc.attr("xmlns"), doc.attr("version")),
        ("gexf", "http://gexf.net/1.3", "1.3")
    );
    let meta = doc.child("meta");
    assert_eq!(meta.child("creator").text, "partnergraph");
    assert!(
        meta.child("description")
            .text
            .starts_with("Co-participation network")
    );
    let graph = doc.child("graph");
    assert_eq!(
        (graph.attr("defaultedgetype"), graph.attr("mode")),
        ("undirected", "static")
    );
    let attributes = |class: &str| -> BTreeMap<String, (String, String)> {
        let declarations = graph
            .all("attributes")
            .find(|a| a.attr("class") == class)
            .unwrap();
        (declarations.all("attribute"))
            .map(|a| {
                (
                    a.attr("id").to_owned(),
                    (a.attr("title").to_owned(), a.attr("type").to_owned()),
                )
            })
            .collect()
    };
    let node_attributes = attributes("node");
    let edge_attributes = attributes("edge");
    let types: BTreeMap<&str, &str> = node_attributes
        .values()
        .map(|(t, ty)| (t.as_str(), ty.as_str()))
        .collect();
    assert_eq!(types.len(), 13);
    assert_eq!(
        (
            types["sme"],
            types["degree"],
            types["pagerank"],
            types["iri"]
        ),
        ("boolean", "integer", "double", "string")
    );
    assert!(
        edge_attributes.values().all(|(title, _)| title != "weight"),
        "weight is the edge's XML attribute"
    );

    let values = |element: &Xml,
                  declared: &BTreeMap<String, (String, String)>|
     -> BTreeMap<String, String> {
        element
            .all("attvalues")
            .flat_map(|a| a.all("attvalue"))
            .map(|v| {
                (
                    declared[v.attr("for")].0.clone(),
                    v.attr("value").to_owned(),
                )
            })
            .collect()
    };
    let nodes: Vec<_> = graph.child("nodes").all("node").collect();
    assert_eq!(nodes.len(), 5);
    assert_eq!(nodes[0].attr("label"), VASTERBOTTEN);
    assert_eq!(nodes[3].attr("label"), SKOGSBOLAGET);
    let first = values(nodes[0], &node_attributes);
    assert_eq!(
        (
            first["country"].as_str(),
            first["sme"].as_str(),
            first["degree"].as_str()
        ),
        ("SE", "false", "2")
    );
    assert!(!values(nodes[2], &node_attributes).contains_key("sme"));
    assert!(!values(nodes[4], &node_attributes).contains_key("pagerank"));

    let edges: Vec<_> = graph.child("edges").all("edge").collect();
    let weights: Vec<_> = edges.iter().map(|e| e.attr("weight")).collect();
    assert_eq!(weights, ["2.0", "1.0", "1.0", "0.5"]);
    assert_eq!(edges[0].attr("id"), "e0");
    assert_eq!(
        values(edges[0], &edge_attributes)["projects"],
        "R&D<1>;ÖRESUND"
    );
    assert!(!values(edges[3], &edge_attributes).contains_key("last_year"));
}

#[test]
fn csv_tables_follow_gephis_spreadsheet_import() {
    let (bipartite, projection, metrics) = (bipartite(), projection(), metrics());
    let view = View::Projection {
        projection: &projection,
        metrics: Some(&metrics),
    };
    let dir = tempfile::tempdir().unwrap();
    let paths = write_csv_dir(
        &NetworkExport {
            bipartite: &bipartite,
            view,
        },
        &dir.path().join("net"),
    )
    .unwrap();
    assert_eq!(
        paths,
        [
            dir.path().join("net/nodes.csv"),
            dir.path().join("net/edges.csv")
        ]
    );

    let mut nodes = csv::Reader::from_path(&paths[0]).unwrap();
    let header: Vec<_> = nodes.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header[..6],
        ["Id", "Label", "iri", "country", "type", "sme"]
    );
    assert_eq!(header.len(), 2 + 13);
    let rows: Vec<csv::StringRecord> = nodes.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        (&rows[0][0], &rows[0][1]),
        ("org/pic-999979694", VASTERBOTTEN)
    );
    assert_eq!(
        &rows[3][1], SKOGSBOLAGET,
        "quotes and newlines survive RFC 4180 quoting"
    );
    assert_eq!(&rows[1][1], DEMOKRITOS);
    assert_eq!(&rows[2][5], "", "missing sme is an empty cell");
    assert_eq!(
        &rows[4][header.iter().position(|h| h == "pagerank").unwrap()],
        ""
    );

    let mut edges = csv::Reader::from_path(&paths[1]).unwrap();
    let header: Vec<_> = edges.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "Source",
            "Target",
            "Weight",
            "Type",
            "shared",
            "projects",
            "ec_funding",
            "first_year",
            "last_year",
            "shared_partners"
        ]
    );
    let rows: Vec<csv::StringRecord> = edges.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "org/pic-999979694",
            "org/pic-999990001",
            "2.0",
            "Undirected",
            "2",
            "R&D<1>;ÖRESUND",
            "1500000.5",
            "2018",
            // R&D<1> runs 2018–2021 and ÖRESUND 2019–2023.
            "2023",
            "1"
        ]
    );
    assert_eq!(&rows[3][8], "");
}

#[test]
fn cytoscape_json_has_elements_with_typed_data() {
    let json: serde_json::Value = serde_json::from_str(&full(NetworkFormat::Cytoscape)).unwrap();
    let nodes = json["elements"]["nodes"].as_array().unwrap();
    let edges = json["elements"]["edges"].as_array().unwrap();
    assert_eq!((nodes.len(), edges.len()), (5, 4));
    let first = &nodes[0]["data"];
    assert_eq!(first["id"], "org/pic-999979694");
    assert_eq!(first["label"], VASTERBOTTEN);
    assert_eq!(first["name"], VASTERBOTTEN);
    assert_eq!(first["sme"], false);
    assert_eq!(first["degree"], 2);
    assert_eq!(first["strength"], 3.0);
    assert_eq!(nodes[3]["data"]["label"], SKOGSBOLAGET);
    assert!(nodes[2]["data"].get("sme").is_none());
    assert!(nodes[4]["data"].get("pagerank").is_none());
    let edge = &edges[3]["data"];
    assert_eq!(
        (&edge["id"], &edge["source"], &edge["target"]),
        (
            &"e3".into(),
            &"org/pic-999990001".into(),
            &"org/skogsbolaget-ost-ab".into()
        )
    );
    assert_eq!(edge["weight"], 0.5);
    assert_eq!(edge["projects"], "\"QUOTE\"");
    assert!(edge.get("last_year").is_none());
}

#[test]
fn dot_quotes_and_escapes_names() {
    let dot = full(NetworkFormat::Dot);
    let lines: Vec<_> = dot.lines().collect();
    assert!(lines[0].starts_with("// "));
    assert_eq!(lines[1], "graph partnergraph {");
    assert_eq!(*lines.last().unwrap(), "}");
    assert!(lines[3].starts_with(
        r#"  "org/pic-999979694" [label="Region Västerbotten & \"Norrlands\" universitetssjukhus", iri="#
    ));
    assert!(dot.contains(
        r#""org/skogsbolaget-ost-ab" [label="Skogsbolaget Öst AB \\ \"Norr\"\nfilial", iri="#
    ));
    assert!(dot.contains(
        r#"  "org/pic-999979694" -- "org/pic-999990001" [weight=2.0, penwidth=5.0, shared=2, projects="R&D<1>;ÖRESUND", ec_funding=1500000.5"#
    ));
    assert!(dot.contains(r#"[weight=0.5, penwidth=0.5, shared=1, projects="\"QUOTE\"", "#));
    assert!(!dot.contains("NaN") && !dot.contains("inf"));
}

#[test]
fn every_format_writes_the_same_bytes_twice() {
    for format in [
        NetworkFormat::GraphMl,
        NetworkFormat::Gexf,
        NetworkFormat::Cytoscape,
        NetworkFormat::Dot,
    ] {
        assert_eq!(full(format), full(format), "{format:?}");
    }
}

#[test]
fn without_metrics_only_the_network_attributes_are_written() {
    let (bipartite, projection) = (bipartite(), projection());
    let view = View::Projection {
        projection: &projection,
        metrics: None,
    };
    let export = NetworkExport {
        bipartite: &bipartite,
        view,
    };
    let doc = Xml::parse(&render(&export, NetworkFormat::GraphMl));
    let names: Vec<_> = doc
        .all("key")
        .map(|k| (k.attr("for"), k.attr("attr.name")))
        .collect();
    assert_eq!(
        names,
        [
            ("node", "label"),
            ("node", "iri"),
            ("node", "country"),
            ("node", "type"),
            ("node", "sme"),
            ("edge", "weight"),
            ("edge", "shared"),
            ("edge", "projects"),
            ("edge", "ec_funding"),
            ("edge", "first_year"),
            ("edge", "last_year"),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let paths = write_csv_dir(&export, dir.path()).unwrap();
    let header = fs::read_to_string(&paths[0]).unwrap();
    assert!(header.starts_with("Id,Label,iri,country,type,sme\n"));
}

#[test]
fn bipartite_view_has_both_kinds_and_participations() {
    let bipartite = bipartite();
    let export = NetworkExport {
        bipartite: &bipartite,
        view: View::Bipartite,
    };
    let doc = Xml::parse(&render(&export, NetworkFormat::GraphMl));
    let keys: BTreeMap<&str, (&str, &str)> = doc
        .all("key")
        .map(|k| (k.attr("id"), (k.attr("attr.name"), k.attr("attr.type"))))
        .collect();
    let graph = doc.child("graph");
    let nodes: Vec<_> = graph.all("node").collect();
    assert_eq!(nodes.len(), 9);
    let org = graphml_data(nodes[0], &keys);
    assert_eq!(
        (org["kind"], org["projects"], org["ec_funding"]),
        ("organisation", "2", "600000.0")
    );
    assert!(
        !graphml_data(nodes[2], &keys).contains_key("ec_funding"),
        "no known contribution"
    );
    let project = graphml_data(nodes[5], &keys);
    assert_eq!(nodes[5].attr("id"), "project/cordis-101000001");
    assert_eq!(
        (project["kind"], project["label"], project["acronym"]),
        ("project", "R&D<1>", "R&D<1>")
    );
    assert_eq!(
        (
            project["programme"],
            project["start_year"],
            project["ec_max_contribution"]
        ),
        ("H2020", "2018", "1500000.5")
    );
    assert!(!project.contains_key("country"));
    let edges: Vec<_> = graph.all("edge").collect();
    assert_eq!(edges.len(), 8);
    assert_eq!(
        (edges[0].attr("source"), edges[0].attr("target")),
        ("org/pic-999979694", "project/cordis-101000001")
    );
    let first = graphml_data(edges[0], &keys);
    assert_eq!(
        (first["role"], first["ec_contribution"], first["weight"]),
        ("coordinator", "500000.0", "1.0")
    );
    assert!(!graphml_data(edges[7], &keys).contains_key("role"));
    assert_eq!(
        keys.values().find(|(n, _)| *n == "start_year").unwrap().1,
        "int"
    );

    let dot = render(&export, NetworkFormat::Dot);
    assert!(
        dot.contains(r#""project/nordic-health" [label="NORDIC", shape="box", kind="project""#)
    );
    let json: serde_json::Value =
        serde_json::from_str(&render(&export, NetworkFormat::Cytoscape)).unwrap();
    assert_eq!(json["elements"]["nodes"][8]["data"]["kind"], "project");
    assert_eq!(json["elements"]["edges"][6]["data"]["role"], "thirdParty");
}

#[test]
fn inconsistent_networks_are_refused_before_writing() {
    let (bipartite, projection, mut metrics) = (bipartite(), projection(), metrics());
    metrics.pagerank.pop();
    let view = View::Projection {
        projection: &projection,
        metrics: Some(&metrics),
    };
    let mut out = Vec::new();
    let error = write(
        &NetworkExport {
            bipartite: &bipartite,
            view,
        },
        NetworkFormat::GraphMl,
        &mut out,
    );
    assert!(matches!(error, Err(ExportError::Inconsistent(_))));
    assert!(out.is_empty());

    let mut dangling = projection.clone();
    dangling.nodes.retain(|&node| node != 3);
    let view = View::Projection {
        projection: &dangling,
        metrics: None,
    };
    let error = write(
        &NetworkExport {
            bipartite: &bipartite,
            view,
        },
        NetworkFormat::Dot,
        &mut out,
    );
    assert!(matches!(error, Err(ExportError::Inconsistent(m)) if m.contains("not a node")));

    let view = View::Bipartite;
    let error = write(
        &NetworkExport {
            bipartite: &bipartite,
            view,
        },
        NetworkFormat::Csv,
        &mut out,
    );
    assert!(matches!(error, Err(ExportError::CsvNeedsDirectory)));
}

#[test]
fn the_buffer_passes_every_byte_on_in_order() {
    let pieces: Vec<Vec<u8>> = (0..200)
        .chain([BUFFER - 3, BUFFER + 5, 7])
        .map(|len| (0..len).map(|i| (i * 7 + len) as u8).collect())
        .collect();
    let mut out = Vec::new();
    let mut buffered = Buffered::new(&mut out);
    for piece in &pieces {
        buffered.put(piece).unwrap();
    }
    buffered.flush().unwrap();
    assert_eq!(out, pieces.concat());
}

#[test]
fn doubles_are_written_as_ryu_writes_them() {
    let mut numbers = Numbers::default();
    let samples = [
        1.0,
        -3.0,
        2.5,
        0.1,
        1.0 / 3.0,
        1e15,
        9_999_999_999_999_998.0,
        1e16,
        1e21,
        1e-7,
        -0.0,
        0.0,
        1_500_000.5,
    ];
    for x in samples {
        assert_eq!(
            numbers.double(x),
            ryu::Buffer::new().format_finite(x),
            "{x}"
        );
        assert_eq!(
            numbers.double(x).parse::<f64>().unwrap().to_bits(),
            x.to_bits()
        );
    }
}

#[test]
fn ids_are_short_unique_and_fall_back_to_the_iri() {
    assert_eq!(
        short_id("https://w3id.org/partnergraph/id/org/pic-999979694"),
        "org/pic-999979694"
    );
    assert_eq!(short_id("https://example.org/a"), "https://example.org/a");
    assert_eq!(short_id("https://example.org/a/"), "https://example.org/a/");
    assert_eq!(short_id("urn:pic:1"), "urn:pic:1");
    let mut bipartite = bipartite();
    bipartite.orgs[1].iri = "https://elsewhere.example/org/pic-999979694".to_owned();
    let ids = node_ids(&bipartite).unwrap();
    assert_eq!(
        ids.iter().take(3).collect::<Vec<_>>(),
        [
            "https://w3id.org/partnergraph/id/org/pic-999979694",
            "https://elsewhere.example/org/pic-999979694",
            "org/pic-999990002",
        ]
    );
    assert_eq!(ids.get(5), "project/cordis-101000001");
    bipartite.orgs[1].iri = bipartite.orgs[0].iri.clone();
    assert!(node_ids(&bipartite).is_err());
}

#[test]
fn characters_xml_cannot_carry_are_replaced() {
    let mut bipartite = bipartite();
    bipartite.orgs[2].label = "Åbo\u{1}Akademi\u{FFFF}\tå".to_owned();
    let export = NetworkExport {
        bipartite: &bipartite,
        view: View::Bipartite,
    };
    for format in [NetworkFormat::GraphMl, NetworkFormat::Gexf] {
        let document = render(&export, format);
        Xml::parse(&document);
        assert!(
            document.contains("Åbo\u{FFFD}Akademi\u{FFFD}\tå"),
            "{format:?}"
        );
    }
}

#[test]
fn csv_edges_formatted_in_chunks_come_out_whole_and_in_order() {
    // More participations than three chunks of the parallel CSV writer hold.
    let (orgs, projects) = (97u32, 1_031u32);
    let bipartite = Bipartite {
        orgs: (0..orgs)
            .map(|o| org(&format!("pic-{o}"), &format!("Org {o}"), None, None, None))
            .collect(),
        projects: (0..projects)
            .map(|p| project(&format!("p{p}"), &format!("P{p}"), None, (None, None), None))
            .collect(),
        participations: (0..projects)
            .flat_map(|p| (0..orgs).map(move |o| (p, o)))
            .enumerate()
            .map(|(i, (p, o))| participation(p, o, Some(Role::Participant), Some(i as f64)))
            .collect(),
    };
    let total = bipartite.participations.len();
    assert!(total > 3 * super::csv_tables::CHUNK);
    let dir = tempfile::tempdir().unwrap();
    let export = NetworkExport {
        bipartite: &bipartite,
        view: View::Bipartite,
    };
    let paths = write_csv_dir(&export, dir.path()).unwrap();
    let mut edges = csv::Reader::from_path(&paths[1]).unwrap();
    let contribution = edges
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "ec_contribution")
        .unwrap();
    let rows: Vec<csv::StringRecord> = edges.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[contribution], format!("{i}.0"), "row {i}");
        let expected = &bipartite.participations[i];
        assert_eq!(row[0], format!("org/pic-{}", expected.org), "row {i}");
    }
}
