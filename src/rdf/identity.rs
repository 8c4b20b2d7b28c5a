//! The identity graph: derived from all documents after they are loaded, it gives every
//! organisation exactly one display label (`skos:prefLabel`). Documents only state the names
//! they use (`skos:altLabel`, `pg:englishName`, `pg:legalName`), so that no document overrides
//! another's; this graph picks one by a fixed preference and is rebuilt on every build.

use crate::model::SourceId;
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const SOURCE: &str = "identity";
/// The source kind of graphs partnergraph computes rather than reads.
pub const DERIVED_KIND: &str = "derived";

/// Lower is preferred: a document's English name reads best, then how strategies and profiles
/// write the name, then the (upper-case) CORDIS legal name.
fn rank(property: &str, kind: &str) -> u8 {
    match (property, kind) {
        (p, _) if p == pg::ENGLISH_NAME.as_str() => 0,
        (p, "strategy") if p == skos::ALT_LABEL.as_str() => 1,
        (p, "profile") if p == skos::ALT_LABEL.as_str() => 2,
        (p, _) if p == pg::LEGAL_NAME.as_str() => 4,
        _ => 3,
    }
}

pub fn rebuild(store: &Store) -> Result<(), StorageError> {
    let id = SourceId::new(SOURCE);
    let graph = super::iri::graph(&id);
    store.remove_named_graph(&graph)?;
    let query = format!(
        "SELECT ?org ?p ?label ?kind WHERE {{
            VALUES ?p {{ {english} {alt} {legal} }}
            GRAPH ?g {{ ?org a {org} ; ?p ?label }}
            OPTIONAL {{ GRAPH {META_GRAPH} {{ ?doc {graph_p} ?g ; {kind_p} ?kind }} }}
        }}",
        english = pg::ENGLISH_NAME,
        alt = skos::ALT_LABEL,
        legal = pg::LEGAL_NAME,
        org = pg::ORGANISATION,
        graph_p = pg::GRAPH,
        kind_p = pg::SOURCE_KIND,
    );
    let results = SparqlEvaluator::new()
        .parse_query(&query)
        .expect("the identity query is valid SPARQL")
        .on_store(store)
        .execute()
        .map_err(|e| StorageError::Other(Box::new(e)))?;
    let QueryResults::Solutions(solutions) = results else {
        return Ok(());
    };
    let mut best: BTreeMap<NamedNode, (u8, String)> = BTreeMap::new();
    for solution in solutions {
        let solution = solution.map_err(|e| StorageError::Other(Box::new(e)))?;
        let (Some(Term::NamedNode(org)), Some(Term::NamedNode(p)), Some(Term::Literal(label))) = (
            solution.get("org"),
            solution.get("p"),
            solution.get("label"),
        ) else {
            continue;
        };
        let kind = match solution.get("kind") {
            Some(Term::Literal(k)) => k.value(),
            _ => "",
        };
        let candidate = (rank(p.as_str(), kind), label.value().to_owned());
        match best.get(org) {
            Some(current) if *current <= candidate => {}
            _ => {
                best.insert(org.clone(), candidate);
            }
        }
    }
    let graph_name = GraphName::from(graph);
    let quads: Vec<Quad> = best
        .into_iter()
        .map(|(org, (_, label))| {
            Quad::new(
                org,
                skos::PREF_LABEL,
                Literal::new_simple_literal(label),
                graph_name.clone(),
            )
        })
        .collect();
    let mut hasher = Sha256::new();
    for quad in &quads {
        hasher.update(quad.to_string().as_bytes());
    }
    let sha256 = format!("{:x}", hasher.finalize());
    let derived = super::finish(
        super::Description {
            id: &id,
            kind: DERIVED_KIND,
            path: "(derived from all documents)",
            sha256: &sha256,
            title: Some("Identity resolution: one display label per organisation"),
            language: None,
            speaks_for: None,
            origin: Some("computed by partnergraph build"),
        },
        quads,
        Vec::new(),
    );
    let document = super::iri::source_document(&id);
    for quad in store
        .quads_for_pattern(
            Some(document.as_ref().into()),
            None,
            None,
            Some(META_GRAPH.into()),
        )
        .collect::<Result<Vec<_>, _>>()?
    {
        store.remove(&quad)?;
    }
    let mut quads = Vec::new();
    let triples = derived.stream(&mut |chunk| {
        quads.extend(chunk);
        Ok::<_, StorageError>(())
    })?;
    quads.extend(derived.metadata(triples));
    store.extend(quads)
}
