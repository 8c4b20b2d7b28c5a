//! `partnergraph validate`: SHACL validation of the whole graph (the union of all documents'
//! graphs) against `ontology/shapes.ttl`.
//!
//! Implements the SHACL Core subset the shapes use — node shapes with `sh:targetClass`, property
//! shapes with a predicate path and `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
//! `sh:nodeKind` (IRI, Literal), `sh:in`, `sh:pattern` (with `sh:flags`), `sh:minInclusive` and
//! `sh:maxInclusive`, `sh:message` and `sh:severity` — each constraint checked by one SPARQL
//! query. Class membership follows `rdfs:subClassOf` as SHACL requires. A shapes file using any
//! other SHACL feature is refused rather than half-checked.

use crate::model::SourceKind;
use crate::vocab::{META_GRAPH, pg};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, Literal, NamedNode, NamedOrBlankNodeRef, Term, TermRef};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Bundled shapes.
pub const SHAPES: &str = include_str!("../ontology/shapes.ttl");

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("{path}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: invalid Turtle")]
    Parse {
        path: String,
        source: oxigraph::io::RdfSyntaxError,
    },
    #[error("{path}: {message}")]
    Unsupported { path: String, message: String },
    #[error("validation query failed")]
    Query(#[from] QueryEvaluationError),
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub focus: String,
    pub path: String,
    pub value: Option<String>,
    pub constraint: String,
    pub severity: String,
    pub message: String,
    /// The source graph the offending statement is in, when there is one.
    pub graph: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub conforms: bool,
    pub shapes: usize,
    pub constraints: usize,
    pub violations: Vec<Violation>,
}

impl ValidationReport {
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.conforms {
            let _ = writeln!(
                out,
                "The graph conforms: {} shapes, {} constraints checked.",
                self.shapes, self.constraints
            );
            if self.violations.is_empty() {
                return out;
            }
        }
        if self.conforms {
            let _ = writeln!(
                out,
                "{} warning{}:",
                self.violations.len(),
                plural(self.violations.len())
            );
        } else {
            let _ = writeln!(
                out,
                "{} violation{} ({} shapes, {} constraints checked):",
                self.violations.len(),
                plural(self.violations.len()),
                self.shapes,
                self.constraints
            );
        }
        for v in &self.violations {
            let _ = writeln!(out, "- [{}] {}", v.severity, v.message);
            let _ = writeln!(out, "    focus: {}", v.focus);
            let _ = writeln!(out, "    path:  {}", v.path);
            if let Some(value) = &v.value {
                let _ = writeln!(out, "    value: {value}");
            }
            if let Some(graph) = &v.graph {
                let _ = writeln!(out, "    in:    {graph}");
            }
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A document's id from its graph's IRI (`…/graph/region-stockholm-profile`).
fn source_of(graph: &str) -> &str {
    graph.rsplit('/').next().unwrap_or(graph)
}

/// Figures a profile states about an organisation that the CORDIS participations in the store
/// contradict: the H2020 project count, and the EC funding beyond the profile's rounding (it
/// gives three significant figures, `€879K`, so differences within 1% are not conflicts). Both
/// figures stay in the graph, each in its source's graph; this says where they disagree.
/// Organisations CORDIS does not list at all are not conflicts: the data is just not there.
fn conflicting_figures(store: &Store) -> Result<Vec<Violation>, ValidateError> {
    use std::collections::{BTreeMap, BTreeSet};
    let run = |query: String| -> Result<Vec<oxigraph::sparql::QuerySolution>, ValidateError> {
        let QueryResults::Solutions(solutions) = crate::query::evaluator()
            .parse_query(&query)
            .unwrap_or_else(|e| panic!("the figures query is valid SPARQL ({e}): {query}"))
            .on_store(store)
            .execute()?
        else {
            return Ok(Vec::new());
        };
        Ok(solutions.collect::<Result<_, _>>()?)
    };
    let stated = run(format!(
        "SELECT ?org ?g ?property ?value WHERE {{
            VALUES ?property {{ {count} {funding} }}
            GRAPH {meta} {{ ?doc {graph} ?g ; {kind} \"{profile}\" }}
            GRAPH ?g {{ ?org ?property ?value }}
        }}",
        count = pg::H2020_PROJECT_COUNT,
        funding = pg::EC_FUNDING,
        meta = META_GRAPH,
        graph = pg::GRAPH,
        kind = pg::SOURCE_KIND,
        profile = SourceKind::Profile,
    ))?;
    if stated.is_empty() {
        return Ok(Vec::new());
    }
    // Every H2020 (or programme-less) participation of those organisations in CORDIS files.
    let listed = run(format!(
        "SELECT DISTINCT ?org ?part ?project ?amount ?g WHERE {{
            GRAPH {meta} {{ ?doc {graph} ?g ; {kind} \"{organisations}\" }}
            GRAPH ?g {{ ?part {role_of} ?org ; {in_project} ?project
                        OPTIONAL {{ ?part {contribution} ?amount }} }}
            FILTER EXISTS {{ GRAPH ?profile {{ ?org {count}|{funding} ?figure }} }}
            FILTER NOT EXISTS {{ GRAPH ?any {{ ?project {programme} ?p }} FILTER(STR(?p) != \"H2020\") }}
        }}",
        meta = META_GRAPH,
        graph = pg::GRAPH,
        kind = pg::SOURCE_KIND,
        organisations = SourceKind::CordisOrganisations,
        role_of = pg::ROLE_OF,
        in_project = pg::IN_PROJECT,
        contribution = pg::EC_CONTRIBUTION,
        count = pg::H2020_PROJECT_COUNT,
        funding = pg::EC_FUNDING,
        programme = pg::PROGRAMME,
    ))?;
    #[derive(Default)]
    struct Listed {
        projects: BTreeSet<String>,
        funding: BTreeMap<String, f64>,
        sources: BTreeSet<String>,
    }
    let mut by_org: BTreeMap<String, Listed> = BTreeMap::new();
    let text = |solution: &oxigraph::sparql::QuerySolution, name: &str| match solution.get(name) {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(term) => term.to_string(),
        None => String::new(),
    };
    for row in &listed {
        let entry = by_org.entry(text(row, "org")).or_default();
        entry.projects.insert(text(row, "project"));
        let amount = text(row, "amount").parse().unwrap_or(0.0);
        entry.funding.insert(text(row, "part"), amount);
        entry
            .sources
            .insert(source_of(&text(row, "g")).trim_end_matches('>').to_owned());
    }
    let mut out = Vec::new();
    for row in &stated {
        let org = text(row, "org");
        let Some(cordis) = by_org.get(&org) else {
            continue;
        };
        let graph = text(row, "g");
        let profile = source_of(&graph).trim_end_matches('>');
        let sources = cordis
            .sources
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let value = text(row, "value");
        let Ok(stated_value) = value.parse::<f64>() else {
            continue;
        };
        let property = text(row, "property");
        let (conflict, what, listed) = if property == pg::H2020_PROJECT_COUNT.to_string() {
            let n = cordis.projects.len();
            (stated_value != n as f64, "H2020 projects", n.to_string())
        } else {
            let sum: f64 = cordis.funding.values().sum();
            (
                (sum - stated_value).abs() > 0.01 * stated_value.abs(),
                "EUR of EC funding",
                format!("{sum:.2}"),
            )
        };
        if conflict {
            out.push(Violation {
                focus: org.clone(),
                path: property,
                value: Some(value.clone()),
                constraint: "pg:consistentFigures".to_owned(),
                severity: "Warning".to_owned(),
                message: format!(
                    "{} and {sources} disagree: the profile states {value} {what}, CORDIS lists {listed}; both are kept, each in its source's graph",
                    profile
                ),
                graph: Some(graph),
            });
        }
    }
    Ok(out)
}

/// Strategy priorities that no theme places: not an error in the graph, but the gap report
/// cannot compare them with anyone's projects, so the reader is told which ones they are.
fn unplaced_priorities(store: &Store) -> Result<Vec<Violation>, ValidateError> {
    Ok(crate::stats::unplaced_priorities(store)?
        .into_iter()
        .map(|p| Violation {
            message: format!(
                "{}{}: the {} “{}” has no theme in the vocabulary: “{}”",
                p.source,
                p.line.map(|l| format!(":{l}")).unwrap_or_default(),
                p.kind,
                p.label,
                p.statement
            ),
            focus: format!("<{}>", p.priority),
            path: pg::ABOUT_THEME.to_string(),
            value: None,
            constraint: "pg:priorityWithoutTheme".to_owned(),
            severity: "Warning".to_owned(),
            graph: Some(
                crate::rdf::iri::graph(&crate::model::SourceId::new(&p.source)).to_string(),
            ),
        })
        .collect())
}

/// One constraint of one property shape.
#[derive(Debug, Clone)]
enum Constraint {
    MinCount(u64),
    MaxCount(u64),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NamedNode),
    In(Vec<Term>),
    Pattern(String, Option<String>),
    MinInclusive(Literal),
    MaxInclusive(Literal),
}

#[derive(Debug)]
struct PropertyShape {
    target: NamedNode,
    path: NamedNode,
    constraints: Vec<Constraint>,
    message: Option<String>,
    severity: String,
}

pub fn validate(store: &Store, shapes: Option<&Path>) -> Result<ValidationReport, ValidateError> {
    let (path, text) = match shapes {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path).map_err(|source| ValidateError::Io {
                path: path.display().to_string(),
                source,
            })?,
        ),
        None => ("ontology/shapes.ttl".to_owned(), SHAPES.to_owned()),
    };
    let shapes_graph: Graph = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|t| t.map(oxigraph::model::Triple::from))
        .collect::<Result<_, _>>()
        .map_err(|source| ValidateError::Parse {
            path: path.clone(),
            source,
        })?;
    let (node_shapes, properties) =
        read_shapes(&shapes_graph).map_err(|message| ValidateError::Unsupported {
            path: path.clone(),
            message,
        })?;
    let mut violations = Vec::new();
    let mut constraints = 0;
    for shape in &properties {
        for constraint in &shape.constraints {
            constraints += 1;
            violations.extend(check(store, shape, constraint)?);
        }
    }
    violations.extend(conflicting_figures(store)?);
    violations.extend(unplaced_priorities(store)?);
    violations.sort();
    violations.dedup();
    Ok(ValidationReport {
        conforms: violations.iter().all(|v| v.severity != "Violation"),
        shapes: node_shapes,
        constraints,
        violations,
    })
}

fn object<'a>(
    graph: &'a Graph,
    subject: NamedOrBlankNodeRef<'a>,
    predicate: &NamedNode,
) -> Option<TermRef<'a>> {
    graph.object_for_subject_predicate(subject, predicate)
}

/// The SHACL terms this validator understands; anything else in the sh: namespace is refused.
const SUPPORTED: &[&str] = &[
    "NodeShape",
    "PropertyShape",
    "targetClass",
    "property",
    "path",
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "in",
    "pattern",
    "flags",
    "minInclusive",
    "maxInclusive",
    "message",
    "severity",
    "name",
    "description",
    "IRI",
    "Literal",
    "Violation",
    "Warning",
    "Info",
    "order",
    "group",
];

// Long because it reads every SHACL term partnergraph supports in one pass over each shape;
// the unsupported ones are refused first, so nothing below silently ignores a constraint.
fn read_shapes(graph: &Graph) -> Result<(usize, Vec<PropertyShape>), String> {
    for t in graph {
        for term in [t.predicate.as_str().to_owned(), t.object.to_string()] {
            let term = term.trim_start_matches('<').trim_end_matches('>');
            if let Some(local) = term.strip_prefix(SH)
                && !SUPPORTED.contains(&local)
            {
                return Err(format!(
                    "SHACL feature sh:{local} is not supported by partnergraph validate"
                ));
            }
        }
    }
    let mut node_shapes = 0;
    let mut properties = Vec::new();
    let target_class = sh("targetClass");
    for shape in graph.subjects_for_predicate_object(rdf::TYPE, &sh("NodeShape")) {
        node_shapes += 1;
        let targets: Vec<NamedNode> = graph
            .objects_for_subject_predicate(shape, &target_class)
            .filter_map(|t| match t {
                TermRef::NamedNode(n) => Some(n.into_owned()),
                _ => None,
            })
            .collect();
        if targets.is_empty() {
            return Err(format!("shape {shape} has no sh:targetClass"));
        }
        for property in graph.objects_for_subject_predicate(shape, &sh("property")) {
            let property: NamedOrBlankNodeRef<'_> = match property {
                TermRef::NamedNode(n) => n.into(),
                TermRef::BlankNode(b) => b.into(),
                _ => return Err(format!("sh:property of {shape} is a literal")),
            };
            let Some(TermRef::NamedNode(path)) = object(graph, property, &sh("path")) else {
                return Err(format!(
                    "a property shape of {shape} has no predicate sh:path (paths other than a single predicate are not supported)"
                ));
            };
            let mut constraints = Vec::new();
            for t in graph.triples_for_subject(property) {
                let Some(local) = t.predicate.as_str().strip_prefix(SH) else {
                    continue;
                };
                let count = || match t.object {
                    TermRef::Literal(l) => l
                        .value()
                        .parse::<u64>()
                        .map_err(|_| format!("sh:{local} of {shape} is not a count")),
                    _ => Err(format!("sh:{local} of {shape} is not a count")),
                };
                let iri = || match t.object {
                    TermRef::NamedNode(n) => Ok(n.into_owned()),
                    _ => Err(format!("sh:{local} of {shape} is not an IRI")),
                };
                let literal = || match t.object {
                    TermRef::Literal(l) => Ok(l.into_owned()),
                    _ => Err(format!("sh:{local} of {shape} is not a literal")),
                };
                constraints.push(match local {
                    "minCount" => Constraint::MinCount(count()?),
                    "maxCount" => Constraint::MaxCount(count()?),
                    "datatype" => Constraint::Datatype(iri()?),
                    "class" => Constraint::Class(iri()?),
                    "nodeKind" => Constraint::NodeKind(iri()?),
                    "in" => Constraint::In(rdf_list(graph, t.object)?),
                    "pattern" => Constraint::Pattern(
                        literal()?.value().to_owned(),
                        match object(graph, property, &sh("flags")) {
                            Some(TermRef::Literal(l)) => Some(l.value().to_owned()),
                            _ => None,
                        },
                    ),
                    "minInclusive" => Constraint::MinInclusive(literal()?),
                    "maxInclusive" => Constraint::MaxInclusive(literal()?),
                    _ => continue,
                });
            }
            let message = match object(graph, property, &sh("message")) {
                Some(TermRef::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            };
            let severity = match object(graph, property, &sh("severity")) {
                Some(TermRef::NamedNode(n)) => n.as_str().trim_start_matches(SH).to_owned(),
                _ => "Violation".to_owned(),
            };
            for target in &targets {
                properties.push(PropertyShape {
                    target: target.clone(),
                    path: path.into_owned(),
                    constraints: constraints.clone(),
                    message: message.clone(),
                    severity: severity.clone(),
                });
            }
        }
    }
    Ok((node_shapes, properties))
}

fn rdf_list<'a>(graph: &'a Graph, mut node: TermRef<'a>) -> Result<Vec<Term>, String> {
    let mut items = Vec::new();
    loop {
        let subject: NamedOrBlankNodeRef<'_> = match node {
            TermRef::NamedNode(n) if n == rdf::NIL => return Ok(items),
            TermRef::NamedNode(n) => n.into(),
            TermRef::BlankNode(b) => b.into(),
            _ => return Err("sh:in is not a list".to_owned()),
        };
        let first = graph
            .object_for_subject_predicate(subject, rdf::FIRST)
            .ok_or("sh:in is not a well-formed list")?;
        items.push(first.into_owned());
        node = graph
            .object_for_subject_predicate(subject, rdf::REST)
            .ok_or("sh:in is not a well-formed list")?;
        if items.len() > 10_000 {
            return Err("sh:in list is too long or cyclic".to_owned());
        }
    }
}

/// Runs one constraint as a query over the union of all graphs.
// One arm per SHACL constraint kind, each its query text: an exhaustive match, so that a new
// kind is a compile error here rather than a constraint silently not checked.
fn check(
    store: &Store,
    shape: &PropertyShape,
    constraint: &Constraint,
) -> Result<Vec<Violation>, ValidateError> {
    let target = &shape.target;
    let path = &shape.path;
    let focus = format!(
        "?focus <{rdf_type}>/<{sub}>* {target} .",
        rdf_type = rdf::TYPE.as_str(),
        sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    );
    let (query, name, default_message) = match constraint {
        Constraint::MinCount(n) => (
            format!(
                "SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})"
            ),
            "MinCount",
            format!("fewer than {n} value(s) of {path}"),
        ),
        Constraint::MaxCount(n) => (
            format!(
                "SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} ?focus {path} ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})"
            ),
            "MaxCount",
            format!("more than {n} value(s) of {path}"),
        ),
        Constraint::Datatype(d) => {
            // rdf:langString values carry a language tag; everything else is compared by datatype.
            let test = if d.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" {
                "!isLiteral(?v) || lang(?v) = \"\"".to_owned()
            } else {
                format!(
                    "!isLiteral(?v) || datatype(?v) != {d} || (isLiteral(?v) && lang(?v) != \"\")"
                )
            };
            (
                format!(
                    "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER({test}) }}"
                ),
                "Datatype",
                format!("value of {path} is not of datatype {d}"),
            )
        }
        Constraint::Class(c) => (
            format!(
                "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER NOT EXISTS {{ ?v <{}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {c} }} }}",
                rdf::TYPE.as_str()
            ),
            "Class",
            format!("value of {path} is not an instance of {c}"),
        ),
        Constraint::NodeKind(kind) => {
            let test = match kind.as_str().trim_start_matches(SH) {
                "IRI" => "!isIRI(?v)",
                _ => "!isLiteral(?v)",
            };
            (
                format!(
                    "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER({test}) }}"
                ),
                "NodeKind",
                format!(
                    "value of {path} is not a {}",
                    kind.as_str().trim_start_matches(SH)
                ),
            )
        }
        Constraint::In(values) => {
            // SHACL compares with sameTerm: "primary" is not "primary"@en.
            let list: Vec<String> = values.iter().map(ToString::to_string).collect();
            let same: Vec<String> = list.iter().map(|v| format!("sameTerm(?v, {v})")).collect();
            (
                format!(
                    "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER(!({})) }}",
                    same.join(" || ")
                ),
                "In",
                format!("value of {path} is not one of {}", list.join(", ")),
            )
        }
        Constraint::Pattern(pattern, flags) => {
            let pattern = Literal::new_simple_literal(pattern);
            let flags = Literal::new_simple_literal(flags.as_deref().unwrap_or(""));
            (
                format!(
                    "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER(isBlank(?v) || !regex(str(?v), {pattern}, {flags})) }}"
                ),
                "Pattern",
                format!("value of {path} does not match {pattern}"),
            )
        }
        Constraint::MinInclusive(min) => (
            format!(
                "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER(!(?v >= {min})) }}"
            ),
            "MinInclusive",
            format!("value of {path} is below {}", min.value()),
        ),
        Constraint::MaxInclusive(max) => (
            format!(
                "SELECT ?focus ?v ?g WHERE {{ {focus} GRAPH ?g {{ ?focus {path} ?v }} FILTER(!(?v <= {max})) }}"
            ),
            "MaxInclusive",
            format!("value of {path} is above {}", max.value()),
        ),
    };
    let mut prepared = crate::query::evaluator()
        .parse_query(&query)
        .unwrap_or_else(|e| panic!("generated validation query is valid SPARQL ({e}): {query}"));
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute()? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let Some(focus) = solution.get("focus") else {
            continue;
        };
        out.push(Violation {
            focus: focus.to_string(),
            path: path.to_string(),
            value: solution.get("v").map(ToString::to_string),
            constraint: format!("sh:{name}"),
            severity: shape.severity.clone(),
            message: shape.message.clone().unwrap_or_else(|| {
                format!(
                    "{}: {default_message}",
                    crate::query::compact_iri(target.as_str())
                )
            }),
            graph: solution.get("g").map(ToString::to_string),
        });
    }
    Ok(out)
}
