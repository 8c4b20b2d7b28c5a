//! `partnergraph stats`: what the graph holds, by class and by source document.

use crate::vocab::{META_GRAPH, dcterms, pg, prov};
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
        out
    }
}
