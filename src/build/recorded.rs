//! Stage 1, what the store records: the documents the published generation holds, from its
//! metadata graph, with the one `partnergraph remove` takes out set apart.

use super::BuildError;
use crate::model::{SourceId, SourceKind};
use crate::rdf;
use crate::store::{StoreDir, StoreError};
use crate::vocab::{META_GRAPH, pg};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::BTreeMap;

/// A document the store already holds, as its metadata records it.
#[derive(Debug, Clone)]
pub(super) struct Recorded {
    pub path: String,
    pub kind: SourceKind,
    pub digest: String,
    pub triples: usize,
}

/// The published generation's documents.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// Every document but the one being removed.
    pub documents: BTreeMap<SourceId, Recorded>,
    pub removed: Option<(SourceId, Recorded)>,
}

impl Records {
    /// Reads what the published generation holds (nothing before the first build) and takes
    /// out `removing`, which must be a document the store holds.
    pub fn read(dir: &StoreDir, removing: Option<&str>) -> Result<Self, BuildError> {
        if !dir.exists()? {
            return match removing {
                Some(_) => Err(StoreError::Empty(dir.path().to_owned()).into()),
                None => Ok(Self::default()),
            };
        }
        let mut documents = from_store(dir.open_read()?.store())?;
        let removed = removing
            .map(|id| take_removed(&mut documents, id))
            .transpose()?;
        Ok(Self { documents, removed })
    }

    /// The triples of the recorded documents, the removed one included.
    pub fn triples(&self) -> usize {
        let removed = self.removed.as_ref().map_or(0, |(_, r)| r.triples);
        self.documents.values().map(|r| r.triples).sum::<usize>() + removed
    }

    /// The identity corrections file the published generation applied, if any.
    pub fn corrections_path(&self) -> Option<std::path::PathBuf> {
        self.documents
            .get(&SourceId::new(crate::identities::SOURCE))
            .map(|r| r.path.clone().into())
    }

    /// The recorded size of `id`, or 0.
    pub fn triples_of(&self, id: &SourceId) -> usize {
        match &self.removed {
            Some((removed, record)) if removed == id => record.triples,
            _ => self.documents.get(id).map_or(0, |r| r.triples),
        }
    }
}

/// Whether a recorded graph is one a person gave, rather than one every build makes again (the
/// bundled ontology and themes, the identity graph).
pub(super) fn is_document(id: &SourceId, record: &Recorded) -> bool {
    record.kind != SourceKind::Derived && !rdf::BUILTIN_SOURCES.iter().any(|b| b.id == id.as_str())
}

/// Documents recorded in the published graph's metadata; a kind no version of partnergraph
/// writes is not one of them.
fn from_store(store: &Store) -> Result<BTreeMap<SourceId, Recorded>, StorageError> {
    let meta = GraphNameRef::from(META_GRAPH);
    let value = |subject: NamedNodeRef<'_>, predicate| -> Result<Option<String>, StorageError> {
        Ok(store
            .quads_for_pattern(Some(subject.into()), Some(predicate), None, Some(meta))
            .next()
            .transpose()?
            .and_then(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }))
    };
    let mut out = BTreeMap::new();
    for quad in store.quads_for_pattern(None, Some(pg::SOURCE_KIND), None, Some(meta)) {
        let quad = quad?;
        let NamedOrBlankNode::NamedNode(document) = &quad.subject else {
            continue;
        };
        let Some(id) = rdf::iri::source_id(document) else {
            continue;
        };
        let Some(kind) = (match &quad.object {
            Term::Literal(kind) => SourceKind::parse(kind.value()),
            _ => None,
        }) else {
            continue;
        };
        let document = document.as_ref();
        out.insert(
            id,
            Recorded {
                path: value(document, pg::SOURCE_PATH)?.unwrap_or_default(),
                kind,
                digest: value(document, pg::CONTENT_DIGEST)?.unwrap_or_default(),
                triples: value(document, pg::TRIPLE_COUNT)?
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0),
            },
        );
    }
    Ok(out)
}

/// Takes the document to remove out of the recorded sources, or says which ones there are.
fn take_removed(
    recorded: &mut BTreeMap<SourceId, Recorded>,
    id: &str,
) -> Result<(SourceId, Recorded), BuildError> {
    let key = SourceId::new(id);
    match recorded.get(&key) {
        None => Err(BuildError::UnknownSource {
            id: id.to_owned(),
            known: recorded.keys().map(ToString::to_string).collect(),
        }),
        Some(record) if !is_document(&key, record) => Err(BuildError::NotRemovable {
            id: id.to_owned(),
            what: if record.kind == SourceKind::Derived {
                "derived from the other documents"
            } else {
                "built into partnergraph (every build adds it again)"
            },
            removable: recorded
                .iter()
                .filter(|(id, r)| is_document(id, r))
                .map(|(id, _)| id.to_string())
                .collect(),
        }),
        Some(_) => Ok(recorded.remove_entry(&key).expect("checked above")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, Quad};

    fn record(kind: SourceKind, triples: usize) -> Recorded {
        Recorded {
            path: String::new(),
            kind,
            digest: String::new(),
            triples,
        }
    }

    fn recorded() -> BTreeMap<SourceId, Recorded> {
        [
            ("identity", record(SourceKind::Derived, 5)),
            (rdf::BUILTIN_SOURCES[0].id, record(SourceKind::Rdf, 7)),
            ("a-profile", record(SourceKind::Profile, 11)),
        ]
        .into_iter()
        .map(|(id, r)| (SourceId::new(id), r))
        .collect()
    }

    #[test]
    fn only_documents_can_be_removed() {
        let mut documents = recorded();
        let err = take_removed(&mut documents, "nothing").unwrap_err();
        assert!(matches!(&err, BuildError::UnknownSource { known, .. } if known.len() == 3));
        for (id, what) in [
            ("identity", "derived from the other documents"),
            (rdf::BUILTIN_SOURCES[0].id, "built into partnergraph"),
        ] {
            match take_removed(&mut documents, id).unwrap_err() {
                BuildError::NotRemovable {
                    what: said,
                    removable,
                    ..
                } => {
                    assert!(said.starts_with(what), "{said}");
                    assert_eq!(removable, ["a-profile"]);
                }
                other => panic!("{other}"),
            }
        }
        let (id, removed) = take_removed(&mut documents, "a-profile").unwrap();
        assert_eq!((id.as_str(), removed.triples), ("a-profile", 11));
        assert_eq!(documents.len(), 2);
        let records = Records {
            documents,
            removed: Some((id.clone(), removed)),
        };
        assert_eq!(records.triples(), 23);
        assert_eq!(records.triples_of(&id), 11);
    }

    #[test]
    fn reads_every_described_document_of_a_known_kind() {
        let store = Store::new().unwrap();
        let meta = oxigraph::model::GraphName::from(META_GRAPH.into_owned());
        let describe = |id: &str, kind: &str, triples: i64| {
            let document = rdf::iri::source_document(&SourceId::new(id));
            [
                Quad::new(
                    document.clone(),
                    pg::SOURCE_KIND,
                    Literal::new_simple_literal(kind),
                    meta.clone(),
                ),
                Quad::new(
                    document,
                    pg::TRIPLE_COUNT,
                    Literal::from(triples),
                    meta.clone(),
                ),
            ]
        };
        store
            .extend(describe("org", "cordis-organization", 40))
            .unwrap();
        store.extend(describe("odd", "spreadsheet", 3)).unwrap();
        let documents = from_store(&store).unwrap();
        assert_eq!(documents.len(), 1);
        let org = &documents[&SourceId::new("org")];
        assert_eq!(
            (org.kind, org.triples),
            (SourceKind::CordisOrganisations, 40)
        );
    }

    #[test]
    fn an_absent_store_records_nothing_and_removes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreDir::new(dir.path().join("store"));
        let records = Records::read(&store, None).unwrap();
        assert!(records.documents.is_empty() && records.removed.is_none());
        assert!(matches!(
            Records::read(&store, Some("x")),
            Err(BuildError::Store(StoreError::Empty(_)))
        ));
    }
}
