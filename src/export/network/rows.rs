//! The rows every format writes: the checked network, its node ids, and the attributes in use.

use super::{ExportError, NetworkExport, View};
use crate::analysis::network::{Bipartite, Edge, Metrics, Participation, Projection, SharedFacts};
use serde::ser::{Serialize, Serializer};
use std::collections::HashSet;
use std::convert::Infallible;

#[derive(Debug, Clone, Copy)]
pub(super) enum Type {
    String,
    Int,
    Double,
    Boolean,
}

pub(super) struct Attr {
    pub(super) name: &'static str,
    pub(super) ty: Type,
}

pub(super) const fn attr(name: &'static str, ty: Type) -> Attr {
    Attr { name, ty }
}

/// Projection node attributes; those after the first four come from the metrics.
pub(super) const PROJECTION_NODE: [Attr; 13] = [
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
pub(super) const ORG_ATTRS: usize = 4;

/// Projection edge attributes; the last comes from the metrics.
pub(super) const PROJECTION_EDGE: [Attr; 6] = [
    attr("shared", Type::Int),
    attr("projects", Type::String),
    attr("ec_funding", Type::Double),
    attr("first_year", Type::Int),
    attr("last_year", Type::Int),
    attr("shared_partners", Type::Int),
];

pub(super) const BIPARTITE_NODE: [Attr; 12] = [
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

pub(super) const BIPARTITE_EDGE: [Attr; 2] = [
    attr("role", Type::String),
    attr("ec_contribution", Type::Double),
];

#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'r> {
    Str(&'r str),
    Int(i64),
    /// Always finite: see [`double`].
    Double(f64),
    Bool(bool),
}

pub(super) fn int<'r>(value: impl Into<i64>) -> Option<Value<'r>> {
    Some(Value::Int(value.into()))
}

/// NaN and infinities are missing values: no reader agrees on how to spell them.
pub(super) fn double<'r>(value: f64) -> Option<Value<'r>> {
    value.is_finite().then_some(Value::Double(value))
}

pub(super) fn text(value: &str) -> Option<Value<'_>> {
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
pub(super) struct Numbers {
    float: ryu::Buffer,
    pub(super) int: itoa::Buffer,
    whole: String,
}

impl Numbers {
    /// The shortest round-trip text of a finite double, as ryu writes it. Whole numbers below
    /// 10^16 (shared-project counts, many euro amounts) skip ryu's digit search, which costs
    /// several times as much.
    pub(super) fn double(&mut self, x: f64) -> &str {
        if x.fract() == 0.0 && x.abs() < 1e16 && x != 0.0 {
            self.whole.clear();
            self.whole.push_str(self.int.format(x as i64));
            self.whole.push_str(".0");
            &self.whole
        } else {
            self.float.format_finite(x)
        }
    }

    pub(super) fn format<'s>(&'s mut self, value: Value<'s>) -> &'s str {
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

pub(super) struct NodeRow<'r> {
    /// Index into [`Rows::ids`].
    pub(super) node: usize,
    pub(super) label: &'r str,
    pub(super) project: bool,
    /// One per attribute of [`Rows::node_attrs`].
    pub(super) values: &'r [Option<Value<'r>>],
}

pub(super) struct EdgeRow<'r> {
    /// Position in the edge order, for formats that need edge ids.
    pub(super) index: usize,
    /// Indices into [`Rows::ids`].
    pub(super) source: usize,
    pub(super) target: usize,
    pub(super) weight: Option<f64>,
    /// One per attribute of [`Rows::edge_attrs`].
    pub(super) values: &'r [Option<Value<'r>>],
}

/// Strings kept end to end in one buffer: the writers look ids and acronyms up at random, a
/// million times, and one buffer stays in cache where a string per allocation does not.
#[derive(Default)]
pub(super) struct Texts {
    text: String,
    ends: Vec<usize>,
}

impl Texts {
    pub(super) fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
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
pub(super) struct Used {
    pub(super) node: Vec<bool>,
    pub(super) edge: Vec<bool>,
    /// The lightest and the heaviest finite edge weight, if any.
    pub(super) weights: Option<(f64, f64)>,
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
pub(super) struct Rows<'a> {
    bipartite: &'a Bipartite,
    shape: Shape<'a>,
    /// Node ids of the organisations, then of the projects.
    pub(super) ids: Texts,
    pub(super) node_attrs: &'static [Attr],
    pub(super) edge_attrs: &'static [Attr],
    pub(super) used: Used,
}

/// What a view decides before any row is written: its shape, its attributes, which edge
/// attributes have values, and the range of the edge weights.
struct Checked<'a> {
    shape: Shape<'a>,
    node_attrs: &'static [Attr],
    edge_attrs: &'static [Attr],
    edge_used: Vec<bool>,
    weights: Option<(f64, f64)>,
}

fn inconsistent<T>(what: String) -> Result<T, ExportError> {
    Err(ExportError::Inconsistent(what))
}

/// Checks a projection against its bipartite graph (and its metrics, if any).
fn check_projection<'a>(
    bipartite: &'a Bipartite,
    projection: &'a Projection,
    metrics: Option<&'a Metrics>,
) -> Result<Checked<'a>, ExportError> {
    let orgs = bipartite.orgs.len();
    let projects = bipartite.projects.len();
    let mut in_view = vec![false; orgs];
    for &node in &projection.nodes {
        match in_view.get_mut(node as usize) {
            Some(seen) => *seen = true,
            None => return inconsistent(format!("node {node} of {orgs} organisations")),
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
                return inconsistent(format!("edge end {end} is not a node of the projection"));
            }
        }
        if let Some(&p) = projection
            .projects(i)
            .iter()
            .find(|&&p| p as usize >= projects)
        {
            return inconsistent(format!("shared project {p} of {projects} projects"));
        }
        let shared_partners = metrics.map(|m| m.shared_partners[i]);
        let facts = projection.shared_facts(i, bipartite);
        mark(&mut used, &edge_values(edge, facts, "", shared_partners));
        weights = widen(weights, finite(edge.weight));
    }
    let acronyms = bipartite.projects.iter().map(|p| &p.acronym).collect();
    Ok(Checked {
        shape: Shape::Projection {
            projection,
            metrics,
            acronyms,
        },
        node_attrs: match metrics {
            Some(_) => &PROJECTION_NODE[..],
            None => &PROJECTION_NODE[..ORG_ATTRS],
        },
        edge_attrs,
        edge_used: used,
        weights,
    })
}

/// Checks the participations of a bipartite graph, totalling them per organisation.
fn check_bipartite(bipartite: &Bipartite) -> Result<Checked<'static>, ExportError> {
    let orgs = bipartite.orgs.len();
    let projects = bipartite.projects.len();
    let mut totals = vec![(0, None); orgs];
    let mut used = vec![false; BIPARTITE_EDGE.len()];
    for p in &bipartite.participations {
        if p.project as usize >= projects {
            return inconsistent(format!(
                "participation in project {} of {projects}",
                p.project
            ));
        }
        let Some((count, funding)) = totals.get_mut(p.org as usize) else {
            return inconsistent(format!("participation of organisation {} of {orgs}", p.org));
        };
        *count += 1;
        if let Some(euro) = p.ec_contribution {
            *funding = Some(funding.unwrap_or(0.0) + euro);
        }
        mark(&mut used, &participation_values(p));
    }
    Ok(Checked {
        shape: Shape::Bipartite { totals },
        node_attrs: &BIPARTITE_NODE[..],
        edge_attrs: &BIPARTITE_EDGE[..],
        edge_used: used,
        weights: (!bipartite.participations.is_empty()).then_some((1.0, 1.0)),
    })
}

impl<'a> Rows<'a> {
    /// Checks every index and length up front, so that the writers never panic half-way
    /// through a file, and finds the attributes in use on the way.
    pub(super) fn new(export: &NetworkExport<'a>) -> Result<Self, ExportError> {
        let bipartite = export.bipartite;
        let checked = match export.view {
            View::Projection {
                projection,
                metrics,
            } => check_projection(bipartite, projection, metrics)?,
            View::Bipartite => check_bipartite(bipartite)?,
        };
        let mut rows = Self {
            bipartite,
            shape: checked.shape,
            ids: node_ids(bipartite)?,
            node_attrs: checked.node_attrs,
            edge_attrs: checked.edge_attrs,
            used: Used {
                node: Vec::new(),
                edge: checked.edge_used,
                weights: checked.weights,
            },
        };
        let mut node_used = vec![false; rows.node_attrs.len()];
        let Ok(()) = rows.nodes(|row| {
            mark(&mut node_used, row.values);
            Ok::<_, Infallible>(())
        });
        rows.used.node = node_used;
        Ok(rows)
    }

    pub(super) fn id(&self, node: usize) -> &str {
        self.ids.get(node)
    }

    pub(super) fn nodes<E>(&self, f: impl FnMut(&NodeRow<'_>) -> Result<(), E>) -> Result<(), E> {
        match &self.shape {
            Shape::Projection {
                projection,
                metrics,
                ..
            } => self.projection_nodes(projection, *metrics, f),
            Shape::Bipartite { totals } => self.bipartite_nodes(totals, f),
        }
    }

    fn projection_nodes<E>(
        &self,
        projection: &Projection,
        metrics: Option<&Metrics>,
        mut f: impl FnMut(&NodeRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let orgs = &self.bipartite.orgs;
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
        Ok(())
    }

    fn bipartite_nodes<E>(
        &self,
        totals: &[(u32, Option<f64>)],
        mut f: impl FnMut(&NodeRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let orgs = &self.bipartite.orgs;
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
        Ok(())
    }

    pub(super) fn edges<E>(&self, f: impl FnMut(&EdgeRow<'_>) -> Result<(), E>) -> Result<(), E> {
        self.edges_in(0..self.edge_count(), f)
    }

    pub(super) fn edge_count(&self) -> usize {
        match &self.shape {
            Shape::Projection { projection, .. } => projection.edges.len(),
            Shape::Bipartite { .. } => self.bipartite.participations.len(),
        }
    }

    /// The edges at the positions `range` of the edge order.
    pub(super) fn edges_in<E>(
        &self,
        range: std::ops::Range<usize>,
        mut f: impl FnMut(&EdgeRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.shape {
            Shape::Projection {
                projection,
                metrics,
                acronyms,
            } => {
                let mut joined = String::new();
                for (index, edge) in projection.edges[range.clone()].iter().enumerate() {
                    let index = range.start + index;
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
                for (index, p) in self.bipartite.participations[range.clone()]
                    .iter()
                    .enumerate()
                {
                    f(&EdgeRow {
                        index: range.start + index,
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

    pub(super) fn description(&self) -> &'static str {
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
pub(super) fn node_ids(bipartite: &Bipartite) -> Result<Texts, ExportError> {
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
pub(super) fn repeated<'a>(strings: &[&'a str]) -> HashSet<&'a str> {
    let mut sorted = strings.to_vec();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

/// The last two path segments of a hierarchical IRI (`org/pic-999979694`), else the whole IRI.
pub(super) fn short_id(iri: &str) -> &str {
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
