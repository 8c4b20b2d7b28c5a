//! `partnergraph network export`: the co-participation projection, or the bipartite
//! organisation–project graph, in the formats network tools open — GraphML (NetworkX, igraph,
//! yEd, Cytoscape), GEXF 1.3 (Gephi), CSV node and edge tables (Gephi's spreadsheet import),
//! Cytoscape.js JSON and Graphviz DOT.
//!
//! Every format writes the same rows: nodes in projection order (the bipartite view: all
//! organisations, then all projects), edges in projection order (the bipartite view: the
//! participations, organisation → project). Output is streamed — H2020 has ~836,000 edges — so
//! besides the network only its node ids and project acronyms are held (a few MB), and two
//! writes of the same network are byte-identical.
//!
//! Node ids are the last two path segments of the node's IRI — `org/pic-999979694`,
//! `project/cordis-101057` — readable, stable across builds (IRIs are minted deterministically),
//! the same for an organisation in every view and filter, and never shared by an organisation and
//! a project. Nodes that would share a short id (only possible for IRIs we did not mint) use their
//! full IRIs instead. The full IRI is always the `iri` attribute.
//!
//! Missing values (`None`, and non-finite numbers) are left out of GraphML, GEXF, JSON and DOT and
//! are empty cells in CSV. Doubles are written as their shortest round-trip form (`ryu`). XML
//! readers turn newlines and tabs in attribute values into spaces, so GEXF labels (attributes
//! there) lose them; GraphML keeps them (element text).

use crate::analysis::network::{Bipartite, Edge, Metrics, Participation, Projection, SharedFacts};
use quick_xml::Writer;
use quick_xml::escape::escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::HashSet;
use std::convert::Infallible;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFormat {
    GraphMl,
    Gexf,
    /// Two files, `nodes.csv` and `edges.csv`: see [`write_csv_dir`].
    Csv,
    /// Cytoscape.js JSON (`elements.nodes`/`elements.edges`), which Cytoscape desktop imports too.
    Cytoscape,
    Dot,
}

impl NetworkFormat {
    /// The usual file extension, so that tools recognise the file (`.cyjs` for Cytoscape).
    pub fn extension(self) -> &'static str {
        match self {
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Csv => "csv",
            Self::Cytoscape => "cyjs",
            Self::Dot => "dot",
        }
    }
}

/// What to export: the bipartite graph the network was read from, and which view of it.
#[derive(Debug, Clone, Copy)]
pub struct NetworkExport<'a> {
    pub bipartite: &'a Bipartite,
    pub view: View<'a>,
}

#[derive(Debug, Clone, Copy)]
pub enum View<'a> {
    /// Organisations joined by shared projects. A node's `projects` and `ec_funding` count only
    /// the participations the projection kept, which only the metrics know, so they come with
    /// the metrics.
    Projection {
        projection: &'a Projection,
        metrics: Option<&'a Metrics>,
    },
    /// Organisations and projects, one edge per participation, each node with a `kind`.
    Bipartite,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("a CSV network is two files (nodes.csv and edges.csv): give a directory")]
    CsvNeedsDirectory,
    #[error("the network does not fit its bipartite graph: {0}")]
    Inconsistent(String),
    #[error("writing the network failed: {0}")]
    Io(#[from] io::Error),
    #[error("writing the CSV tables failed: {0}")]
    Csv(#[from] csv::Error),
}

/// Streams the network to `out` in `format` (not [`NetworkFormat::Csv`], which is two files:
/// use [`write_csv_dir`]). `out` needn't be buffered: `write` buffers it itself (64 KiB) and
/// flushes it before returning.
pub fn write(
    export: &NetworkExport<'_>,
    format: NetworkFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let writer: fn(&Rows<'_>, &mut Buffered<'_>) -> io::Result<()> = match format {
        NetworkFormat::GraphMl => graphml,
        NetworkFormat::Gexf => gexf,
        NetworkFormat::Cytoscape => cytoscape,
        NetworkFormat::Dot => dot,
        NetworkFormat::Csv => return Err(ExportError::CsvNeedsDirectory),
    };
    let rows = Rows::new(export)?;
    let mut out = Buffered::new(out);
    writer(&rows, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Writes `nodes.csv` (`Id,Label,…`) and `edges.csv` (`Source,Target,Weight,Type,…`) into `dir`,
/// creating it, as Gephi's spreadsheet import expects; returns the two paths. Every row has all
/// of the view's columns, so headers do not depend on the data.
pub fn write_csv_dir(export: &NetworkExport<'_>, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let rows = Rows::new(export)?;
    fs::create_dir_all(dir)?;
    let nodes = dir.join("nodes.csv");
    let edges = dir.join("edges.csv");
    csv_nodes(&rows, File::create(&nodes)?)?;
    csv_edges(&rows, File::create(&edges)?)?;
    Ok(vec![nodes, edges])
}

const BUFFER: usize = 1 << 16;

/// Buffers the output like `BufWriter`, but copies the short slices that make up most writes
/// (a `<`, an id, a number) with fixed-size moves instead of a memmove call each: those calls
/// took a quarter of the time of a GraphML export at H2020 scale.
struct Buffered<'w> {
    out: &'w mut dyn Write,
    buf: Box<[u8]>,
    len: usize,
}

impl<'w> Buffered<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Self {
            out,
            buf: vec![0; BUFFER].into_boxed_slice(),
            len: 0,
        }
    }

    #[inline(always)]
    fn put(&mut self, data: &[u8]) -> io::Result<()> {
        if data.len() > BUFFER - self.len {
            self.drain()?;
            if data.len() > BUFFER {
                return self.out.write_all(data);
            }
        }
        copy(&mut self.buf[self.len..self.len + data.len()], data);
        self.len += data.len();
        Ok(())
    }

    fn drain(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf[..self.len])?;
        self.len = 0;
        Ok(())
    }
}

impl Write for Buffered<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.put(data).map(|()| data.len())
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        self.put(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.out.flush()
    }
}

/// `dst.copy_from_slice(src)`, with up to 32 bytes copied as two overlapping fixed-size moves.
#[inline(always)]
fn copy(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    match n {
        0 => {}
        1..=3 => {
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        4..=7 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        8..=15 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=32 => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

// ---------------------------------------------------------------------------------------------
// The rows every format writes.

#[derive(Debug, Clone, Copy)]
enum Type {
    String,
    Int,
    Double,
    Boolean,
}

struct Attr {
    name: &'static str,
    ty: Type,
}

const fn attr(name: &'static str, ty: Type) -> Attr {
    Attr { name, ty }
}

/// Projection node attributes; those after the first four come from the metrics.
const PROJECTION_NODE: [Attr; 13] = [
    attr("iri", Type::String),
    attr("country", Type::String),
    attr("type", Type::String),
    attr("sme", Type::Boolean),
    attr("projects", Type::Int),
    attr("ec_funding", Type::Double),
    attr("degree", Type::Int),
    attr("strength", Type::Double),
    attr("betweenness", Type::Double),
    attr("pagerank", Type::Double),
    attr("component", Type::Int),
    attr("clustering", Type::Double),
    attr("community", Type::Int),
];
const ORG_ATTRS: usize = 4;

/// Projection edge attributes; the last comes from the metrics.
const PROJECTION_EDGE: [Attr; 6] = [
    attr("shared", Type::Int),
    attr("projects", Type::String),
    attr("ec_funding", Type::Double),
    attr("first_year", Type::Int),
    attr("last_year", Type::Int),
    attr("shared_partners", Type::Int),
];

const BIPARTITE_NODE: [Attr; 12] = [
    attr("kind", Type::String),
    attr("iri", Type::String),
    attr("country", Type::String),
    attr("type", Type::String),
    attr("sme", Type::Boolean),
    attr("projects", Type::Int),
    attr("ec_funding", Type::Double),
    attr("acronym", Type::String),
    attr("programme", Type::String),
    attr("start_year", Type::Int),
    attr("end_year", Type::Int),
    attr("ec_max_contribution", Type::Double),
];

const BIPARTITE_EDGE: [Attr; 2] = [
    attr("role", Type::String),
    attr("ec_contribution", Type::Double),
];

#[derive(Debug, Clone, Copy)]
enum Value<'r> {
    Str(&'r str),
    Int(i64),
    /// Always finite: see [`double`].
    Double(f64),
    Bool(bool),
}

fn int<'r>(value: impl Into<i64>) -> Option<Value<'r>> {
    Some(Value::Int(value.into()))
}

/// NaN and infinities are missing values: no reader agrees on how to spell them.
fn double<'r>(value: f64) -> Option<Value<'r>> {
    value.is_finite().then_some(Value::Double(value))
}

fn text(value: &str) -> Option<Value<'_>> {
    Some(Value::Str(value))
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Str(s) => serializer.serialize_str(s),
            Self::Int(i) => serializer.serialize_i64(i),
            Self::Double(x) => serializer.serialize_f64(x),
            Self::Bool(b) => serializer.serialize_bool(b),
        }
    }
}

/// Number formatting buffers, kept across rows so that no value allocates.
#[derive(Default)]
struct Numbers {
    float: ryu::Buffer,
    int: itoa::Buffer,
    whole: String,
}

impl Numbers {
    /// The shortest round-trip text of a finite double, as ryu writes it. Whole numbers below
    /// 10^16 (shared-project counts, many euro amounts) skip ryu's digit search, which costs
    /// several times as much.
    fn double(&mut self, x: f64) -> &str {
        if x.fract() == 0.0 && x.abs() < 1e16 && x != 0.0 {
            self.whole.clear();
            self.whole.push_str(self.int.format(x as i64));
            self.whole.push_str(".0");
            &self.whole
        } else {
            self.float.format_finite(x)
        }
    }

    fn format<'s>(&'s mut self, value: Value<'s>) -> &'s str {
        match value {
            Value::Str(s) => s,
            Value::Int(i) => self.int.format(i),
            Value::Double(x) => self.double(x),
            Value::Bool(b) => {
                if b {
                    "true"
                } else {
                    "false"
                }
            }
        }
    }
}

struct NodeRow<'r> {
    /// Index into [`Rows::ids`].
    node: usize,
    label: &'r str,
    project: bool,
    /// One per attribute of [`Rows::node_attrs`].
    values: &'r [Option<Value<'r>>],
}

struct EdgeRow<'r> {
    /// Position in the edge order, for formats that need edge ids.
    index: usize,
    /// Indices into [`Rows::ids`].
    source: usize,
    target: usize,
    weight: Option<f64>,
    /// One per attribute of [`Rows::edge_attrs`].
    values: &'r [Option<Value<'r>>],
}

/// Strings kept end to end in one buffer: the writers look ids and acronyms up at random, a
/// million times, and one buffer stays in cache where a string per allocation does not.
#[derive(Default)]
struct Texts {
    text: String,
    ends: Vec<usize>,
}

impl Texts {
    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }
}

impl<S: AsRef<str>> FromIterator<S> for Texts {
    fn from_iter<I: IntoIterator<Item = S>>(strings: I) -> Self {
        let mut texts = Texts::default();
        for s in strings {
            texts.text.push_str(s.as_ref());
            texts.ends.push(texts.text.len());
        }
        texts
    }
}

enum Shape<'a> {
    Projection {
        projection: &'a Projection,
        metrics: Option<&'a Metrics>,
        acronyms: Texts,
    },
    /// Per organisation: participations and the sum of the known EC contributions.
    Bipartite { totals: Vec<(u32, Option<f64>)> },
}

/// Which attributes some node or edge has a value for: the XML formats declare only those.
struct Used {
    node: Vec<bool>,
    edge: Vec<bool>,
    /// The lightest and the heaviest finite edge weight, if any.
    weights: Option<(f64, f64)>,
}

fn mark(used: &mut [bool], values: &[Option<Value<'_>>]) {
    for (used, value) in used.iter_mut().zip(values) {
        *used |= value.is_some();
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn widen(range: Option<(f64, f64)>, x: Option<f64>) -> Option<(f64, f64)> {
    match (range, x) {
        (Some((low, high)), Some(x)) => Some((low.min(x), high.max(x))),
        (None, Some(x)) => Some((x, x)),
        (range, None) => range,
    }
}

/// A projection edge's values in [`PROJECTION_EDGE`] order.
fn edge_values<'r>(
    edge: &Edge,
    facts: SharedFacts,
    acronyms: &'r str,
    shared_partners: Option<u32>,
) -> [Option<Value<'r>>; PROJECTION_EDGE.len()] {
    [
        int(edge.shared),
        (edge.shared > 0).then_some(Value::Str(acronyms)),
        double(facts.ec_funding),
        facts.first_year.and_then(int),
        facts.last_year.and_then(int),
        shared_partners.and_then(int),
    ]
}

/// A participation's values in [`BIPARTITE_EDGE`] order.
fn participation_values(p: &Participation) -> [Option<Value<'static>>; BIPARTITE_EDGE.len()] {
    [
        p.role.map(|role| Value::Str(role.code())),
        p.ec_contribution.and_then(double),
    ]
}

/// A checked network, its node ids and the attributes it uses, handing out rows one at a time.
struct Rows<'a> {
    bipartite: &'a Bipartite,
    shape: Shape<'a>,
    /// Node ids of the organisations, then of the projects.
    ids: Texts,
    node_attrs: &'static [Attr],
    edge_attrs: &'static [Attr],
    used: Used,
}

impl<'a> Rows<'a> {
    /// Checks every index and length up front, so that the writers never panic half-way
    /// through a file, and finds the attributes in use on the way.
    fn new(export: &NetworkExport<'a>) -> Result<Self, ExportError> {
        let bipartite = export.bipartite;
        let orgs = bipartite.orgs.len();
        let projects = bipartite.projects.len();
        let bad = |what: String| Err(ExportError::Inconsistent(what));
        let (shape, node_attrs, edge_attrs, edge_used, weights): (
            _,
            &'static [Attr],
            &'static [Attr],
            _,
            _,
        ) = match export.view {
            View::Projection {
                projection,
                metrics,
            } => {
                let mut in_view = vec![false; orgs];
                for &node in &projection.nodes {
                    match in_view.get_mut(node as usize) {
                        Some(seen) => *seen = true,
                        None => return bad(format!("node {node} of {orgs} organisations")),
                    }
                }
                if let Some(metrics) = metrics {
                    check_metrics(metrics, projection)?;
                }
                let edge_attrs = match metrics {
                    Some(_) => &PROJECTION_EDGE[..],
                    None => &PROJECTION_EDGE[..PROJECTION_EDGE.len() - 1],
                };
                let mut used = vec![false; edge_attrs.len()];
                let mut weights = None;
                for (i, edge) in projection.edges.iter().enumerate() {
                    for end in [edge.a, edge.b] {
                        if !in_view.get(end as usize).copied().unwrap_or(false) {
                            return bad(format!("edge end {end} is not a node of the projection"));
                        }
                    }
                    if let Some(&p) = projection
                        .projects(i)
                        .iter()
                        .find(|&&p| p as usize >= projects)
                    {
                        return bad(format!("shared project {p} of {projects} projects"));
                    }
                    let shared_partners = metrics.map(|m| m.shared_partners[i]);
                    let facts = projection.shared_facts(i, bipartite);
                    mark(&mut used, &edge_values(edge, facts, "", shared_partners));
                    weights = widen(weights, finite(edge.weight));
                }
                let acronyms = bipartite.projects.iter().map(|p| &p.acronym).collect();
                let shape = Shape::Projection {
                    projection,
                    metrics,
                    acronyms,
                };
                let node_attrs = match metrics {
                    Some(_) => &PROJECTION_NODE[..],
                    None => &PROJECTION_NODE[..ORG_ATTRS],
                };
                (shape, node_attrs, edge_attrs, used, weights)
            }
            View::Bipartite => {
                let mut totals = vec![(0, None); orgs];
                let mut used = vec![false; BIPARTITE_EDGE.len()];
                for p in &bipartite.participations {
                    if p.project as usize >= projects {
                        return bad(format!(
                            "participation in project {} of {projects}",
                            p.project
                        ));
                    }
                    let Some((count, funding)) = totals.get_mut(p.org as usize) else {
                        return bad(format!("participation of organisation {} of {orgs}", p.org));
                    };
                    *count += 1;
                    if let Some(euro) = p.ec_contribution {
                        *funding = Some(funding.unwrap_or(0.0) + euro);
                    }
                    mark(&mut used, &participation_values(p));
                }
                let weights = (!bipartite.participations.is_empty()).then_some((1.0, 1.0));
                let shape = Shape::Bipartite { totals };
                (
                    shape,
                    &BIPARTITE_NODE[..],
                    &BIPARTITE_EDGE[..],
                    used,
                    weights,
                )
            }
        };
        let mut rows = Self {
            bipartite,
            shape,
            ids: node_ids(bipartite)?,
            node_attrs,
            edge_attrs,
            used: Used {
                node: Vec::new(),
                edge: edge_used,
                weights,
            },
        };
        let mut node_used = vec![false; node_attrs.len()];
        let Ok(()) = rows.nodes(|row| {
            mark(&mut node_used, row.values);
            Ok::<_, Infallible>(())
        });
        rows.used.node = node_used;
        Ok(rows)
    }

    fn id(&self, node: usize) -> &str {
        self.ids.get(node)
    }

    fn nodes<E>(&self, mut f: impl FnMut(&NodeRow<'_>) -> Result<(), E>) -> Result<(), E> {
        let orgs = &self.bipartite.orgs;
        match &self.shape {
            Shape::Projection {
                projection,
                metrics,
                ..
            } => {
                for (i, &node) in projection.nodes.iter().enumerate() {
                    let org = &orgs[node as usize];
                    let mut values = [None; PROJECTION_NODE.len()];
                    values[..ORG_ATTRS].copy_from_slice(&[
                        text(&org.iri),
                        org.country.as_deref().and_then(text),
                        org.org_type.as_deref().and_then(text),
                        org.sme.map(Value::Bool),
                    ]);
                    if let Some(m) = metrics {
                        values[ORG_ATTRS..].copy_from_slice(&[
                            int(m.projects[i]),
                            double(m.ec_funding[i]),
                            int(m.degree[i]),
                            double(m.strength[i]),
                            double(m.betweenness[i]),
                            double(m.pagerank[i]),
                            int(m.component[i]),
                            double(m.clustering[i]),
                            int(m.community[i]),
                        ]);
                    }
                    f(&NodeRow {
                        node: node as usize,
                        label: &org.label,
                        project: false,
                        values: &values[..self.node_attrs.len()],
                    })?;
                }
            }
            Shape::Bipartite { totals } => {
                for (node, (org, &(projects, funding))) in orgs.iter().zip(totals).enumerate() {
                    let values = [
                        text("organisation"),
                        text(&org.iri),
                        org.country.as_deref().and_then(text),
                        org.org_type.as_deref().and_then(text),
                        org.sme.map(Value::Bool),
                        int(projects),
                        funding.and_then(double),
                        None,
                        None,
                        None,
                        None,
                        None,
                    ];
                    f(&NodeRow {
                        node,
                        label: &org.label,
                        project: false,
                        values: &values,
                    })?;
                }
                for (p, project) in self.bipartite.projects.iter().enumerate() {
                    let values = [
                        text("project"),
                        text(&project.iri),
                        None,
                        None,
                        None,
                        None,
                        None,
                        text(&project.acronym),
                        project.programme.as_deref().and_then(text),
                        project.start_year.and_then(int),
                        project.end_year.and_then(int),
                        project.ec_max_contribution.and_then(double),
                    ];
                    f(&NodeRow {
                        node: orgs.len() + p,
                        label: &project.acronym,
                        project: true,
                        values: &values,
                    })?;
                }
            }
        }
        Ok(())
    }

    fn edges<E>(&self, mut f: impl FnMut(&EdgeRow<'_>) -> Result<(), E>) -> Result<(), E> {
        match &self.shape {
            Shape::Projection {
                projection,
                metrics,
                acronyms,
            } => {
                let mut joined = String::new();
                for (index, edge) in projection.edges.iter().enumerate() {
                    joined.clear();
                    for (k, &p) in projection.projects(index).iter().enumerate() {
                        if k > 0 {
                            joined.push(';');
                        }
                        joined.push_str(acronyms.get(p as usize));
                    }
                    let shared_partners = metrics.map(|m| m.shared_partners[index]);
                    let facts = projection.shared_facts(index, self.bipartite);
                    let values = edge_values(edge, facts, &joined, shared_partners);
                    f(&EdgeRow {
                        index,
                        source: edge.a as usize,
                        target: edge.b as usize,
                        weight: finite(edge.weight),
                        values: &values[..self.edge_attrs.len()],
                    })?;
                }
            }
            Shape::Bipartite { .. } => {
                let orgs = self.bipartite.orgs.len();
                for (index, p) in self.bipartite.participations.iter().enumerate() {
                    f(&EdgeRow {
                        index,
                        source: p.org as usize,
                        target: orgs + p.project as usize,
                        // Each participation counts once, as in an unweighted bipartite graph
                        // (and as `weights` in `new` says).
                        weight: Some(1.0),
                        values: &participation_values(p),
                    })?;
                }
            }
        }
        Ok(())
    }

    fn description(&self) -> &'static str {
        match self.shape {
            Shape::Projection { .. } => {
                "Co-participation network of organisations in EU research projects: an edge joins \
                 two organisations that took part in the same projects; its weight counts the \
                 shared projects (or their Newman weighting)."
            }
            Shape::Bipartite { .. } => {
                "Organisations and the EU research projects they took part in: one edge per \
                 participation; the kind attribute tells organisations from projects."
            }
        }
    }
}

fn check_metrics(metrics: &Metrics, projection: &Projection) -> Result<(), ExportError> {
    let nodes = projection.nodes.len();
    let lengths = [
        ("degree", metrics.degree.len(), nodes),
        ("strength", metrics.strength.len(), nodes),
        ("betweenness", metrics.betweenness.len(), nodes),
        ("pagerank", metrics.pagerank.len(), nodes),
        ("component", metrics.component.len(), nodes),
        ("clustering", metrics.clustering.len(), nodes),
        ("community", metrics.community.len(), nodes),
        ("projects", metrics.projects.len(), nodes),
        ("ec_funding", metrics.ec_funding.len(), nodes),
        (
            "shared_partners",
            metrics.shared_partners.len(),
            projection.edges.len(),
        ),
    ];
    match lengths.iter().find(|(_, len, expected)| len != expected) {
        Some((name, len, expected)) => Err(ExportError::Inconsistent(format!(
            "{len} {name} metrics for {expected} nodes or edges"
        ))),
        None => Ok(()),
    }
}

/// Ids of all organisations and projects, whatever the view, so that an organisation keeps its
/// id across views and filters: short ids, except where two nodes would share one, which then
/// both use their IRIs.
fn node_ids(bipartite: &Bipartite) -> Result<Texts, ExportError> {
    let orgs = bipartite.orgs.iter().map(|org| org.iri.as_str());
    let iris: Vec<&str> = orgs
        .chain(bipartite.projects.iter().map(|p| p.iri.as_str()))
        .collect();
    let mut ids: Vec<&str> = iris.iter().map(|iri| short_id(iri)).collect();
    let shared = repeated(&ids);
    if !shared.is_empty() {
        for (id, iri) in ids.iter_mut().zip(&iris) {
            if shared.contains(id) {
                *id = iri;
            }
        }
        if let Some(id) = repeated(&ids).into_iter().next() {
            return Err(ExportError::Inconsistent(format!(
                "two nodes have the id {id:?}"
            )));
        }
    }
    Ok(ids.into_iter().collect())
}

/// The strings that occur more than once; sorting is cheaper than hashing every id.
fn repeated<'a>(strings: &[&'a str]) -> HashSet<&'a str> {
    let mut sorted = strings.to_vec();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

/// The last two path segments of a hierarchical IRI (`org/pic-999979694`), else the whole IRI.
fn short_id(iri: &str) -> &str {
    let Some((_, rest)) = iri.split_once("://") else {
        return iri;
    };
    let Some(path) = rest.find('/').map(|slash| &rest[slash..]) else {
        return iri;
    };
    let mut slashes = path.rmatch_indices('/').map(|(at, _)| at);
    match (slashes.next(), slashes.next()) {
        (Some(last), Some(before)) if last > before + 1 && last + 1 < path.len() => {
            &path[before + 1..]
        }
        _ => iri,
    }
}

// ---------------------------------------------------------------------------------------------
// XML: GraphML and GEXF.

/// XML 1.0 cannot carry most C0 controls nor U+FFFE/U+FFFF, not even as character references:
/// they become U+FFFD so that the document stays well-formed.
fn xml_safe(s: &str) -> Cow<'_, str> {
    fn allowed(c: char) -> bool {
        !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}')
    }
    // Fast path on bytes, without early exit so that it vectorises: no control character and
    // no 0xEF (the lead byte of U+FFFE/U+FFFF).
    let suspect = s
        .bytes()
        .fold(false, |suspect, b| suspect | (b < 0x20) | (b == 0xEF));
    if !suspect || s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// A string as escaped XML text or attribute value (quick-xml's escaping).
fn escaped(s: &str) -> Cow<'_, str> {
    escape(xml_safe(s))
}

/// A value as escaped XML: numbers and booleans have nothing to escape.
fn xml_text<'s>(value: Value<'s>, numbers: &'s mut Numbers) -> Cow<'s, str> {
    match value {
        Value::Str(s) => escaped(s),
        other => Cow::Borrowed(numbers.format(other)),
    }
}

/// The markup around one attribute's values, as in `<data key="n3">…</data>`.
struct Leaf {
    open: String,
    close: &'static str,
}

impl Leaf {
    fn write(
        &self,
        out: &mut Buffered<'_>,
        value: Value<'_>,
        numbers: &mut Numbers,
    ) -> io::Result<()> {
        out.put(self.open.as_bytes())?;
        out.put(xml_text(value, numbers).as_bytes())?;
        out.put(self.close.as_bytes())
    }
}

/// Writes the present values of a row, each in its attribute's markup (`None`: undeclared).
fn leaves(
    out: &mut Buffered<'_>,
    markup: &[Option<Leaf>],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    for (leaf, value) in markup.iter().zip(values) {
        if let (Some(leaf), Some(value)) = (leaf, value) {
            leaf.write(out, *value, numbers)?;
        }
    }
    Ok(())
}

/// quick-xml's writer, without its indentation. It writes a document's frame: the prolog, the
/// root, the declarations, the containers. Nodes and edges — a million rows and six million
/// values at H2020 scale — are written as markup around quick-xml-escaped text, one row a
/// line: as quick-xml events (start, text and end for each value) a GraphML export took twice
/// the instructions.
fn xml_writer<'o, 'w>(out: &'o mut Buffered<'w>) -> io::Result<Writer<&'o mut Buffered<'w>>> {
    let mut writer = Writer::new(out);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// Writes `event` on a line of its own, indented for `depth`.
fn xml_line(
    writer: &mut Writer<&mut Buffered<'_>>,
    depth: usize,
    event: Event<'_>,
) -> io::Result<()> {
    writer.get_mut().put(&b"\n        "[..1 + 2 * depth])?;
    writer.write_event(event)
}

fn graphml_type(ty: Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Int => "int",
        Type::Double => "double",
        Type::Boolean => "boolean",
    }
}

/// Declares a GraphML key; returns the markup of its values.
fn graphml_key(
    writer: &mut Writer<&mut Buffered<'_>>,
    id: &str,
    domain: &str,
    attr: &Attr,
) -> io::Result<Leaf> {
    let key = BytesStart::new("key").with_attributes([
        ("id", id),
        ("for", domain),
        ("attr.name", attr.name),
        ("attr.type", graphml_type(attr.ty)),
    ]);
    xml_line(writer, 1, Event::Empty(key))?;
    Ok(Leaf {
        open: format!("<data key=\"{id}\">"),
        close: "</data>",
    })
}

/// Declares the used attributes as keys `{prefix}1`, `{prefix}2`, … by position (`{prefix}0` is
/// the label or the weight); `None` for the unused ones.
fn graphml_keys(
    writer: &mut Writer<&mut Buffered<'_>>,
    prefix: &str,
    domain: &str,
    attrs: &[Attr],
    used: &[bool],
) -> io::Result<Vec<Option<Leaf>>> {
    (1..)
        .zip(attrs.iter().zip(used))
        .map(|(i, (attr, &used))| match used {
            true => graphml_key(writer, &format!("{prefix}{i}"), domain, attr).map(Some),
            false => Ok(None),
        })
        .collect()
}

/// GraphML with typed keys (`attr.type` int/double/boolean/string, as NetworkX and igraph read
/// them) and `label` as a node key; yEd shows it once mapped in its Properties Mapper.
fn graphml(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let used = &rows.used;
    let mut writer = xml_writer(out)?;
    let root = BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ]);
    xml_line(&mut writer, 0, Event::Start(root.borrow()))?;
    let label = attr("label", Type::String);
    let label = graphml_key(&mut writer, "n0", "node", &label)?;
    let node_leaves = graphml_keys(&mut writer, "n", "node", rows.node_attrs, &used.node)?;
    let weight = attr("weight", Type::Double);
    let weight = match used.weights {
        Some(_) => Some(graphml_key(&mut writer, "e0", "edge", &weight)?),
        None => None,
    };
    let edge_leaves = graphml_keys(&mut writer, "e", "edge", rows.edge_attrs, &used.edge)?;
    let graph = BytesStart::new("graph")
        .with_attributes([("id", "partnergraph"), ("edgedefault", "undirected")]);
    xml_line(&mut writer, 1, Event::Start(graph.borrow()))?;

    let ids: Texts = rows.ids.iter().map(escaped).collect();
    let mut numbers = Numbers::default();
    let out = writer.get_mut();
    rows.nodes(|row| {
        out.put(b"\n    <node id=\"")?;
        out.put(ids.get(row.node).as_bytes())?;
        out.put(b"\">")?;
        label.write(out, Value::Str(row.label), &mut numbers)?;
        leaves(out, &node_leaves, row.values, &mut numbers)?;
        out.put(b"</node>")
    })?;
    rows.edges(|row| {
        out.put(b"\n    <edge source=\"")?;
        out.put(ids.get(row.source).as_bytes())?;
        out.put(b"\" target=\"")?;
        out.put(ids.get(row.target).as_bytes())?;
        out.put(b"\">")?;
        if let (Some(leaf), Some(weight)) = (&weight, row.weight) {
            leaf.write(out, Value::Double(weight), &mut numbers)?;
        }
        leaves(out, &edge_leaves, row.values, &mut numbers)?;
        out.put(b"</edge>")
    })?;
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("graph")))?;
    xml_line(&mut writer, 0, Event::End(BytesEnd::new("graphml")))?;
    writer.get_mut().put(b"\n")
}

fn gexf_type(ty: Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Int => "integer",
        Type::Double => "double",
        Type::Boolean => "boolean",
    }
}

/// Declares the used attributes of a class; returns the markup of their values.
fn gexf_attributes(
    writer: &mut Writer<&mut Buffered<'_>>,
    class: &str,
    attrs: &[Attr],
    used: &[bool],
) -> io::Result<Vec<Option<Leaf>>> {
    let start = BytesStart::new("attributes").with_attributes([("class", class)]);
    xml_line(writer, 2, Event::Start(start.borrow()))?;
    let mut count = 0;
    let leaves = attrs
        .iter()
        .zip(used)
        .map(|(attr, &used)| {
            if !used {
                return Ok(None);
            }
            let id = count.to_string();
            count += 1;
            let declaration = BytesStart::new("attribute").with_attributes([
                ("id", id.as_str()),
                ("title", attr.name),
                ("type", gexf_type(attr.ty)),
            ]);
            xml_line(writer, 3, Event::Empty(declaration))?;
            Ok(Some(Leaf {
                open: format!("<attvalue for=\"{id}\" value=\""),
                close: "\"/>",
            }))
        })
        .collect::<io::Result<_>>()?;
    xml_line(writer, 2, Event::End(start.to_end()))?;
    Ok(leaves)
}

/// Ends the start tag of a node or an edge and writes its `<attvalues>`, or closes it as an
/// empty element when it has none (the GEXF schema does not allow an empty `<attvalues/>`).
fn gexf_values(
    out: &mut Buffered<'_>,
    element: &[u8],
    markup: &[Option<Leaf>],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    let mut present = markup.iter().zip(values);
    if !present.any(|(leaf, value)| leaf.is_some() && value.is_some()) {
        return out.put(b"/>");
    }
    out.put(b"><attvalues>")?;
    leaves(out, markup, values, numbers)?;
    out.put(b"</attvalues></")?;
    out.put(element)?;
    out.put(b">")
}

/// GEXF 1.3, as Gephi imports it: labels and weights are the XML attributes Gephi reads them
/// from, everything else typed `<attvalue>`s. No date in `<meta>`, to keep writes identical.
fn gexf(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let used = &rows.used;
    let mut writer = xml_writer(out)?;
    let root = BytesStart::new("gexf").with_attributes([
        ("xmlns", "http://gexf.net/1.3"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        ),
        ("version", "1.3"),
    ]);
    xml_line(&mut writer, 0, Event::Start(root.borrow()))?;
    xml_line(&mut writer, 1, Event::Start(BytesStart::new("meta")))?;
    for (name, text) in [
        ("creator", "partnergraph"),
        ("description", rows.description()),
    ] {
        writer.get_mut().put(b"\n    ")?;
        (writer.create_element(name)).write_text_content(BytesText::new(text))?;
    }
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("meta")))?;
    let graph = BytesStart::new("graph")
        .with_attributes([("defaultedgetype", "undirected"), ("mode", "static")]);
    xml_line(&mut writer, 1, Event::Start(graph.borrow()))?;
    let node_leaves = gexf_attributes(&mut writer, "node", rows.node_attrs, &used.node)?;
    let edge_leaves = gexf_attributes(&mut writer, "edge", rows.edge_attrs, &used.edge)?;

    let ids: Texts = rows.ids.iter().map(escaped).collect();
    let mut numbers = Numbers::default();
    xml_line(&mut writer, 2, Event::Start(BytesStart::new("nodes")))?;
    rows.nodes(|row| {
        let out = writer.get_mut();
        out.put(b"\n      <node id=\"")?;
        out.put(ids.get(row.node).as_bytes())?;
        out.put(b"\" label=\"")?;
        out.put(escaped(row.label).as_bytes())?;
        out.put(b"\"")?;
        gexf_values(out, b"node", &node_leaves, row.values, &mut numbers)
    })?;
    xml_line(&mut writer, 2, Event::End(BytesEnd::new("nodes")))?;

    xml_line(&mut writer, 2, Event::Start(BytesStart::new("edges")))?;
    rows.edges(|row| {
        let out = writer.get_mut();
        out.put(b"\n      <edge id=\"e")?;
        out.put(numbers.int.format(row.index).as_bytes())?;
        out.put(b"\" source=\"")?;
        out.put(ids.get(row.source).as_bytes())?;
        out.put(b"\" target=\"")?;
        out.put(ids.get(row.target).as_bytes())?;
        if let Some(weight) = row.weight {
            out.put(b"\" weight=\"")?;
            out.put(numbers.double(weight).as_bytes())?;
        }
        out.put(b"\"")?;
        gexf_values(out, b"edge", &edge_leaves, row.values, &mut numbers)
    })?;
    xml_line(&mut writer, 2, Event::End(BytesEnd::new("edges")))?;
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("graph")))?;
    xml_line(&mut writer, 0, Event::End(BytesEnd::new("gexf")))?;
    writer.get_mut().put(b"\n")
}

// ---------------------------------------------------------------------------------------------
// CSV, Cytoscape.js JSON and DOT.

fn csv_values<W: Write>(
    writer: &mut csv::Writer<W>,
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> csv::Result<()> {
    for value in values {
        match value {
            Some(value) => writer.write_field(numbers.format(*value))?,
            None => writer.write_field("")?,
        }
    }
    writer.write_record(None::<&[u8]>)
}

fn csv_nodes<W: Write>(rows: &Rows<'_>, out: W) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["Id", "Label"].into_iter();
    writer.write_record(header.chain(rows.node_attrs.iter().map(|a| a.name)))?;
    let mut numbers = Numbers::default();
    rows.nodes(|row| {
        writer.write_field(rows.id(row.node))?;
        writer.write_field(row.label)?;
        csv_values(&mut writer, row.values, &mut numbers)
    })?;
    writer.flush()?;
    Ok(())
}

fn csv_edges<W: Write>(rows: &Rows<'_>, out: W) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["Source", "Target", "Weight", "Type"].into_iter();
    writer.write_record(header.chain(rows.edge_attrs.iter().map(|a| a.name)))?;
    let mut numbers = Numbers::default();
    rows.edges(|row| {
        writer.write_field(rows.id(row.source))?;
        writer.write_field(rows.id(row.target))?;
        match row.weight {
            Some(weight) => writer.write_field(numbers.double(weight))?,
            None => writer.write_field("")?,
        }
        writer.write_field("Undirected")?;
        csv_values(&mut writer, row.values, &mut numbers)
    })?;
    writer.flush()?;
    Ok(())
}

/// A node or an edge as a Cytoscape.js element: `{"data": {…}}`.
struct Element<'r> {
    fixed: &'r [(&'r str, Option<Value<'r>>)],
    attrs: &'r [Attr],
    values: &'r [Option<Value<'r>>],
}

impl Serialize for Element<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut element = serializer.serialize_map(Some(1))?;
        element.serialize_entry("data", &Data(self))?;
        element.end()
    }
}

struct Data<'e, 'r>(&'e Element<'r>);

impl Serialize for Data<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Element {
            fixed,
            attrs,
            values,
        } = self.0;
        let mut data = serializer.serialize_map(None)?;
        let named = attrs
            .iter()
            .map(|attr| attr.name)
            .zip(values.iter().copied());
        for (key, value) in fixed.iter().copied().chain(named) {
            if let Some(value) = value {
                data.serialize_entry(key, &value)?;
            }
        }
        data.end()
    }
}

/// Cytoscape.js JSON, one element per line. Nodes carry `name` too: Cytoscape desktop labels
/// nodes by it.
fn cytoscape(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    write!(out, "{{\"data\":")?;
    let network = [
        ("name", "partnergraph"),
        ("description", rows.description()),
    ];
    serde_json::to_writer(&mut *out, &std::collections::BTreeMap::from(network))?;
    write!(out, ",\n\"elements\":{{\"nodes\":[")?;
    let mut separator = "\n";
    rows.nodes(|row| {
        out.put(separator.as_bytes())?;
        separator = ",\n";
        let fixed = [
            ("id", Some(Value::Str(rows.id(row.node)))),
            ("label", Some(Value::Str(row.label))),
            ("name", Some(Value::Str(row.label))),
        ];
        let element = Element {
            fixed: &fixed,
            attrs: rows.node_attrs,
            values: row.values,
        };
        serde_json::to_writer(&mut *out, &element).map_err(io::Error::from)
    })?;
    write!(out, "\n],\n\"edges\":[")?;
    separator = "\n";
    let (mut id, mut digits) = (String::new(), itoa::Buffer::new());
    rows.edges(|row| {
        out.put(separator.as_bytes())?;
        separator = ",\n";
        id.clear();
        id.push('e');
        id.push_str(digits.format(row.index));
        let fixed = [
            ("id", Some(Value::Str(&id))),
            ("source", Some(Value::Str(rows.id(row.source)))),
            ("target", Some(Value::Str(rows.id(row.target)))),
            ("weight", row.weight.map(Value::Double)),
        ];
        let element = Element {
            fixed: &fixed,
            attrs: rows.edge_attrs,
            values: row.values,
        };
        serde_json::to_writer(&mut *out, &element).map_err(io::Error::from)
    })?;
    writeln!(out, "\n]}}}}")
}

/// A DOT double-quoted string. `\"` is DOT's only escape; backslashes are doubled and newlines
/// written as `\n` because Graphviz reads labels as escString, where `\` starts an escape;
/// carriage returns are dropped.
fn dot_string(out: &mut Buffered<'_>, s: &str) -> io::Result<()> {
    out.put(b"\"")?;
    let mut rest = s;
    while let Some(at) = rest.find(['"', '\\', '\n', '\r']) {
        out.put(&rest.as_bytes()[..at])?;
        out.put(match rest.as_bytes()[at] {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            _ => b"",
        })?;
        rest = &rest[at + 1..];
    }
    out.put(rest.as_bytes())?;
    out.put(b"\"")
}

/// Numbers and booleans go unquoted where they are DOT ids; ryu's exponents (`1e21`) are not.
fn dot_value(out: &mut Buffered<'_>, value: Value<'_>, numbers: &mut Numbers) -> io::Result<()> {
    let text = numbers.format(value);
    match value {
        Value::Str(_) => dot_string(out, text),
        Value::Double(_) if text.contains('e') => dot_string(out, text),
        Value::Int(_) | Value::Double(_) | Value::Bool(_) => out.put(text.as_bytes()),
    }
}

fn dot_attributes(
    out: &mut Buffered<'_>,
    fixed: &[(&str, Option<Value<'_>>)],
    attrs: &[Attr],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    let named = attrs
        .iter()
        .map(|attr| attr.name)
        .zip(values.iter().copied());
    let present = fixed.iter().copied().chain(named);
    out.put(b" [")?;
    let mut separator: &[u8] = b"";
    for (name, value) in present.filter_map(|(name, value)| Some((name, value?))) {
        out.put(separator)?;
        separator = b", ";
        out.put(name.as_bytes())?;
        out.put(b"=")?;
        dot_value(out, value, numbers)?;
    }
    out.put(b"];\n")
}

/// Graphviz DOT: edges keep their `weight` (dot truncates it to an integer, neato and sfdp use
/// it as is) and get a `penwidth` from 0.5 (lightest) to 5 (heaviest) growing with the square
/// root of the weight, or Graphviz's 1 when all weigh the same. Projects are boxes.
fn dot(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let penwidth = |weight: f64| match rows.used.weights {
        Some((lightest, heaviest)) if heaviest > lightest => {
            let scaled = 0.5 + 4.5 * ((weight - lightest) / (heaviest - lightest)).sqrt();
            (scaled * 100.0).round() / 100.0
        }
        _ => 1.0,
    };
    writeln!(out, "// {}", rows.description())?;
    writeln!(out, "graph partnergraph {{")?;
    writeln!(out, "  graph [outputorder=edgesfirst];")?;
    let mut numbers = Numbers::default();
    rows.nodes(|row| {
        out.put(b"  ")?;
        dot_string(out, rows.id(row.node))?;
        let fixed = [
            ("label", Some(Value::Str(row.label))),
            ("shape", row.project.then_some(Value::Str("box"))),
        ];
        dot_attributes(out, &fixed, rows.node_attrs, row.values, &mut numbers)
    })?;
    rows.edges(|row| {
        out.put(b"  ")?;
        dot_string(out, rows.id(row.source))?;
        out.put(b" -- ")?;
        dot_string(out, rows.id(row.target))?;
        let fixed = [
            ("weight", row.weight.map(Value::Double)),
            ("penwidth", row.weight.map(|w| Value::Double(penwidth(w)))),
        ];
        dot_attributes(out, &fixed, rows.edge_attrs, row.values, &mut numbers)
    })?;
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::network::{OrgNode, ProjectNode};
    use crate::model::Role;
    use quick_xml::Reader;
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
        Participation {
            org,
            project,
            role,
            ec_contribution: ec,
        }
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
                    Event::Text(text) => {
                        stack.last_mut().unwrap().text += &text.unescape().unwrap()
                    }
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
        assert!(gexf.contains(
            "label=\"Region Västerbotten &amp; &quot;Norrlands&quot; universitetssjukhus\""
        ));
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
        let json: serde_json::Value =
            serde_json::from_str(&full(NetworkFormat::Cytoscape)).unwrap();
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
}
