//! The identity graph: derived from all documents after they are loaded, it gives every
//! organisation exactly one display label (`skos:prefLabel`). Documents only state the names
//! they use (`skos:altLabel`, `pg:englishName`, `pg:legalName`), so that no document overrides
//! another's; this graph picks one by a fixed preference and is rebuilt on every build.

use super::SourceGraph;
use crate::model::SourceId;
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

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

/// Display-label candidates, gathered document by document.
#[derive(Default)]
pub struct Labels {
    best: BTreeMap<NamedNode, (u8, String)>,
}

/// One document's organisations and their names, gathered from its quads in any order: a name
/// counts only if the same document says its subject is an organisation.
pub struct DocumentNames<'a> {
    kind: &'a str,
    organisations: HashSet<NamedNode>,
    names: Vec<(NamedNode, u8, String)>,
}

impl<'a> DocumentNames<'a> {
    pub fn new(kind: &'a str) -> Self {
        Self {
            kind,
            organisations: HashSet::new(),
            names: Vec::new(),
        }
    }

    pub fn observe(&mut self, quads: &[Quad]) {
        for quad in quads {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let predicate = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(class)
                    if predicate == rdf::TYPE && class.as_ref() == pg::ORGANISATION =>
                {
                    self.organisations.insert(subject.clone());
                }
                Term::Literal(label)
                    if [pg::ENGLISH_NAME, skos::ALT_LABEL, pg::LEGAL_NAME].contains(&predicate) =>
                {
                    let rank = rank(predicate.as_str(), self.kind);
                    self.names
                        .push((subject.clone(), rank, label.value().to_owned()));
                }
                _ => {}
            }
        }
    }
}

impl Labels {
    pub fn add(&mut self, document: DocumentNames<'_>) {
        for (org, rank, label) in document.names {
            if !document.organisations.contains(&org) {
                continue;
            }
            let candidate = (rank, label);
            match self.best.get(&org) {
                Some(current) if *current <= candidate => {}
                _ => {
                    self.best.insert(org, candidate);
                }
            }
        }
    }

    /// Adds the names of `graphs`, documents already in `store`, by targeted index scans.
    pub fn add_stored(
        &mut self,
        store: &Store,
        graphs: &HashSet<NamedNode>,
    ) -> Result<(), StorageError> {
        let meta = GraphNameRef::from(META_GRAPH);
        for quad in store.quads_for_pattern(None, Some(pg::GRAPH), None, Some(meta)) {
            let quad = quad?;
            let (NamedOrBlankNode::NamedNode(document), Term::NamedNode(graph)) =
                (quad.subject, quad.object)
            else {
                continue;
            };
            if !graphs.contains(&graph) {
                continue;
            }
            let kind = match store
                .quads_for_pattern(
                    Some(document.as_ref().into()),
                    Some(pg::SOURCE_KIND),
                    None,
                    Some(meta),
                )
                .next()
                .transpose()?
                .map(|q| q.object)
            {
                Some(Term::Literal(kind)) => kind.value().to_owned(),
                _ => String::new(),
            };
            if kind == DERIVED_KIND {
                continue;
            }
            let mut names = DocumentNames::new(&kind);
            let graph = GraphNameRef::from(graph.as_ref());
            for (predicate, object) in [
                (rdf::TYPE, Some(pg::ORGANISATION.into())),
                (pg::ENGLISH_NAME, None),
                (skos::ALT_LABEL, None),
                (pg::LEGAL_NAME, None),
            ] {
                let quads = store
                    .quads_for_pattern(None, Some(predicate), object, Some(graph))
                    .collect::<Result<Vec<_>, _>>()?;
                names.observe(&quads);
            }
            self.add(names);
        }
        Ok(())
    }
}

impl Labels {
    /// The identity graph: one display label per organisation.
    pub fn into_graph(self) -> SourceGraph {
        let id = SourceId::new(SOURCE);
        let graph_name = GraphName::from(super::iri::graph(&id));
        let quads: Vec<Quad> = self
            .best
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
        super::finish(
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
        )
    }
}
