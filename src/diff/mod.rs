//! `partnergraph diff`: what changed between two versions of the graph (a snapshot, or the
//! published graph): organisations, projects, participations (added, removed, or with another
//! role or EC contribution), theme links and strategy priorities. Each part is one SPARQL query
//! on each store, compared as sets keyed by the deterministic IRIs both versions mint.

use crate::store::snapshot::SnapshotError;
use crate::store::{ReadStore, StoreDir, StoreError};
use crate::vocab::PG_NS;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The name of the published graph among the versions `diff` compares.
pub const CURRENT: &str = "current";

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("the store has no snapshot to compare the published graph with")]
    NoSnapshot,
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("querying the graph failed")]
    Query(#[from] QueryEvaluationError),
    #[error("writing CSV failed")]
    Csv(#[from] csv::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// A snapshot name or `current`; the latest snapshot when not given.
    pub from: Option<String>,
    /// A snapshot name or `current` (the default).
    pub to: Option<String>,
    pub format: Format,
}

/// One change: what it is about, and its value before and after (empty when absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub section: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub id: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub from: String,
    pub to: String,
    pub changes: Vec<Change>,
}

/// What one version holds, by part: id → (label, value compared).
type Part = BTreeMap<String, (String, String)>;

const SECTIONS: [(&str, &str); 5] = [
    (
        "organisations",
        "SELECT ?id (SAMPLE(?l) AS ?label) (\"\" AS ?value) WHERE { GRAPH ?g { ?id a pg:Organisation } \
         OPTIONAL { GRAPH ?h { ?id skos:prefLabel ?l } } } GROUP BY ?id",
    ),
    (
        "projects",
        "SELECT ?id (SAMPLE(?a) AS ?label) (\"\" AS ?value) WHERE { GRAPH ?g { ?id a pg:Project } \
         OPTIONAL { GRAPH ?h { ?id pg:acronym ?a } } } GROUP BY ?id",
    ),
    (
        "participations",
        "SELECT ?id (CONCAT(STR(?o), \" in \", STR(?p)) AS ?label) \
         (CONCAT(COALESCE(STR(?role), \"\"), \" \", COALESCE(STR(?ec), \"\")) AS ?value) \
         WHERE { GRAPH ?g { ?id a pg:Participation ; pg:roleOf ?o ; pg:inProject ?p \
         OPTIONAL { ?id pg:role ?role } OPTIONAL { ?id pg:ecContribution ?ec } } }",
    ),
    (
        "theme links",
        "SELECT DISTINCT (CONCAT(STR(?s), \" \", STR(?t)) AS ?id) (STR(?t) AS ?label) (\"\" AS ?value) \
         WHERE { GRAPH ?g { ?s pg:aboutTheme ?t } }",
    ),
    (
        "strategy priorities",
        "SELECT DISTINCT ?id (STR(?l) AS ?label) (STR(?s) AS ?value) \
         WHERE { GRAPH ?g { ?s pg:hasPriority ?id . ?id skos:prefLabel ?l } }",
    ),
];

fn part(store: &Store, query: &str) -> Result<Part, DiffError> {
    let parsed = SparqlEvaluator::new()
        .with_prefix("pg", PG_NS)
        .and_then(|e| e.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
        .expect("the prefixes are valid IRIs")
        .parse_query(query)
        .expect("the diff queries are valid SPARQL");
    let mut out = Part::new();
    let QueryResults::Solutions(rows) = parsed.on_store(store).execute()? else {
        return Ok(out);
    };
    let text = |t: Option<&Term>| match t {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        _ => String::new(),
    };
    for row in rows {
        let row = row?;
        out.insert(
            text(row.get("id")),
            (text(row.get("label")), text(row.get("value"))),
        );
    }
    Ok(out)
}

/// The changes between two versions of the graph.
pub fn compare(from: &Store, to: &Store) -> Result<Vec<Change>, DiffError> {
    let mut changes = Vec::new();
    for (section, query) in SECTIONS {
        let (before, after) = (part(from, query)?, part(to, query)?);
        let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for id in ids {
            let (change, label, old, new) = match (before.get(id), after.get(id)) {
                (None, Some((label, new))) => ("added", label, "", new.as_str()),
                (Some((label, old)), None) => ("removed", label, old.as_str(), ""),
                (Some((_, old)), Some((label, new))) if old != new => {
                    ("changed", label, old.as_str(), new.as_str())
                }
                _ => continue,
            };
            changes.push(Change {
                section,
                change,
                id: id.clone(),
                label: label.clone(),
                before: old.to_owned(),
                after: new.to_owned(),
            });
        }
    }
    Ok(changes)
}

fn open(dir: &StoreDir, name: &str) -> Result<ReadStore, DiffError> {
    if name == CURRENT {
        Ok(dir.open_read()?)
    } else {
        Ok(dir.open_snapshot(name)?)
    }
}

/// Compares the versions `options` name in the store `dir`; returns the text to print.
pub fn run(dir: &StoreDir, options: &DiffOptions) -> Result<String, DiffError> {
    let from = match &options.from {
        Some(name) => name.clone(),
        None => dir.snapshots()?.pop().ok_or(DiffError::NoSnapshot)?.name,
    };
    let to = options.to.clone().unwrap_or_else(|| CURRENT.to_owned());
    let (before, after) = (open(dir, &from)?, open(dir, &to)?);
    let diff = Diff {
        changes: compare(before.store(), after.store())?,
        from,
        to,
    };
    match options.format {
        Format::Json => Ok(serde_json::to_string_pretty(&diff).expect("a diff serialises") + "\n"),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["section", "change", "id", "label", "before", "after"])?;
            for c in &diff.changes {
                writer.write_record([c.section, c.change, &c.id, &c.label, &c.before, &c.after])?;
            }
            let bytes = writer
                .into_inner()
                .map_err(|e| csv::Error::from(e.into_error()))?;
            Ok(String::from_utf8(bytes).expect("the CSV is UTF-8"))
        }
        Format::Markdown => Ok(markdown(&diff)),
    }
}

/// Items listed per section and kind of change before the rest is only counted.
const LISTED: usize = 20;

fn markdown(diff: &Diff) -> String {
    let mut out = format!("# Changes from {} to {}\n", diff.from, diff.to);
    if diff.changes.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    for (section, _) in SECTIONS {
        for change in ["added", "removed", "changed"] {
            let items: Vec<&Change> = diff
                .changes
                .iter()
                .filter(|c| c.section == section && c.change == change)
                .collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {} {section} {change}\n", items.len());
            for c in items.iter().take(LISTED) {
                let shown = if c.label.is_empty() { &c.id } else { &c.label };
                let _ = match change {
                    "changed" => {
                        writeln!(out, "- {shown}: {} → {}", c.before.trim(), c.after.trim())
                    }
                    _ => writeln!(out, "- {shown}"),
                };
            }
            if items.len() > LISTED {
                let _ = writeln!(out, "- … and {} more", items.len() - LISTED);
            }
        }
    }
    out
}
