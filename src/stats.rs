//! `partnergraph stats`: what the graph holds, by class and by source document.

use crate::vocab::{META_GRAPH, dcterms, pg, prov, skos};
use oxigraph::model::{NamedNodeRef, Term};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::fmt::Write as _;

/// The classes a summary counts, with the words it uses for them.
const COUNTED: &[(NamedNodeRef<'static>, &str)] = &[
    (pg::ORGANISATION, "organisations"),
    (pg::PROJECT, "projects"),
    (pg::PARTICIPATION, "participations"),
    (pg::EXPERTISE_AREA, "expertise areas"),
    (pg::THEME, "themes"),
    (pg::REGIONAL_STRATEGY, "strategies"),
    (pg::PRIORITY_AREA, "priority areas"),
    (pg::COMMITMENT, "strategic commitments"),
    (pg::THEME_MENTION, "theme mentions"),
    (pg::STATED_RELATION, "stated relations"),
];

#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    pub class: String,
    pub label: &'static str,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceStats {
    pub id: String,
    pub kind: String,
    pub title: Option<String>,
    pub path: Option<String>,
    pub triples: u64,
    pub ingested: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The store generation counted; it changes with every committed build.
    pub generation: String,
    pub entities: Vec<ClassCount>,
    pub sources: Vec<SourceStats>,
    /// Triples in all source graphs (without the metadata and identity graphs).
    pub triples: u64,
    /// Strategy priorities no theme of the vocabulary places: kept, and listed so that a reader
    /// sees what the gap analysis cannot compare.
    pub priorities_without_theme: Vec<UnplacedPriority>,
}

/// A priority area or commitment of a strategy linked to no theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnplacedPriority {
    pub priority: String,
    /// The source document's id.
    pub source: String,
    /// `priority area` or `commitment`.
    pub kind: &'static str,
    pub label: String,
    pub statement: String,
    pub line: Option<u64>,
}

/// Every strategy priority without a theme, by source document and line.
pub fn unplaced_priorities(store: &Store) -> Result<Vec<UnplacedPriority>, QueryEvaluationError> {
    let rows = select(
        store,
        &format!(
            "SELECT ?p ?g ?label ?statement ?line ?commitment WHERE {{
                GRAPH ?g {{
                    ?s {has} ?p . ?p {label} ?label .
                    OPTIONAL {{ ?p {statement} ?statement }}
                    OPTIONAL {{ ?p {line} ?line }}
                    BIND(EXISTS {{ ?p a {commitment} }} AS ?commitment)
                }}
                FILTER NOT EXISTS {{ GRAPH ?any {{ ?p {about} ?theme }} }}
            }} ORDER BY ?g ?line ?label",
            has = pg::HAS_PRIORITY,
            label = skos::PREF_LABEL,
            statement = pg::STATEMENT,
            line = pg::LINE,
            commitment = pg::COMMITMENT,
            about = pg::ABOUT_THEME,
        ),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let Some(Term::NamedNode(priority)) = &row[0] else {
                return None;
            };
            let Some(Term::NamedNode(graph)) = &row[1] else {
                return None;
            };
            let source = graph.as_str().rsplit('/').next().unwrap_or_default();
            Some(UnplacedPriority {
                priority: priority.as_str().to_owned(),
                source: source.to_owned(),
                kind: if literal(&row[5]).as_deref() == Some("true") {
                    "commitment"
                } else {
                    "priority area"
                },
                label: literal(&row[2]).unwrap_or_default(),
                statement: literal(&row[3]).unwrap_or_default(),
                line: literal(&row[4]).and_then(|n| n.parse().ok()),
            })
        })
        .collect())
}

fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>, QueryEvaluationError> {
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .expect("the stats queries are valid SPARQL")
        .on_store(store)
        .execute()?
    else {
        return Ok(Vec::new());
    };
    let variables = solutions.variables().to_vec();
    solutions
        .map(|s| s.map(|s| variables.iter().map(|v| s.get(v).cloned()).collect()))
        .collect()
}

fn literal(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}

pub fn compute(store: &Store, generation: &str) -> Result<Stats, QueryEvaluationError> {
    let mut entities = Vec::new();
    for (class, label) in COUNTED {
        let rows = select(
            store,
            &format!("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a {class} }} }}"),
        )?;
        let count = rows
            .first()
            .and_then(|r| literal(&r[0]))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        entities.push(ClassCount {
            class: class.as_str().to_owned(),
            label,
            count,
        });
    }
    let rows = select(
        store,
        &format!(
            "SELECT ?doc ?kind ?n ?title ?path ?time WHERE {{ GRAPH {META_GRAPH} {{
                ?doc {kind} ?kind ; {count} ?n .
                OPTIONAL {{ ?doc {title} ?title }}
                OPTIONAL {{ ?doc {path} ?path }}
                OPTIONAL {{ ?doc {time} ?time }}
            }} }} ORDER BY ?doc",
            kind = pg::SOURCE_KIND,
            count = pg::TRIPLE_COUNT,
            title = dcterms::TITLE,
            path = pg::SOURCE_PATH,
            time = prov::GENERATED_AT_TIME,
        ),
    )?;
    let mut sources = Vec::new();
    for row in rows {
        let Some(Term::NamedNode(doc)) = &row[0] else {
            continue;
        };
        let Some(id) = crate::rdf::iri::source_id(doc) else {
            continue;
        };
        sources.push(SourceStats {
            id: id.to_string(),
            kind: literal(&row[1]).unwrap_or_default(),
            triples: literal(&row[2]).and_then(|n| n.parse().ok()).unwrap_or(0),
            title: literal(&row[3]),
            path: literal(&row[4]),
            ingested: literal(&row[5]),
        });
    }
    let triples = sources.iter().map(|s| s.triples).sum();
    Ok(Stats {
        generation: generation.to_owned(),
        entities,
        sources,
        triples,
        priorities_without_theme: unplaced_priorities(store)?,
    })
}

impl Stats {
    pub fn count(&self, class: NamedNodeRef<'_>) -> u64 {
        self.entities
            .iter()
            .find(|c| c.class == class.as_str())
            .map_or(0, |c| c.count)
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Entities");
        for c in &self.entities {
            let _ = writeln!(out, "  {:>9}  {}", c.count, c.label);
        }
        let _ = writeln!(out, "Triples by source document");
        let width = self.sources.iter().map(|s| s.id.len()).max().unwrap_or(0);
        for s in &self.sources {
            let _ = writeln!(
                out,
                "  {:>9}  {:<width$}  {}{}",
                s.triples,
                s.id,
                s.kind,
                s.title
                    .as_deref()
                    .map(|t| format!("  {t}"))
                    .unwrap_or_default(),
            );
        }
        let _ = writeln!(out, "  {:>9}  total ({})", self.triples, self.generation);
        if !self.priorities_without_theme.is_empty() {
            let _ = writeln!(
                out,
                "Priorities without a theme ({}): no theme of the vocabulary places them",
                self.priorities_without_theme.len()
            );
            for p in &self.priorities_without_theme {
                let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(out, "  {}{line}  {}: {}", p.source, p.kind, p.label);
                if p.statement != p.label {
                    let _ = writeln!(out, "      “{}”", p.statement);
                }
            }
        }
        out
    }
}
