//! The identity graph: derived from all documents after they are loaded, it gives every
//! organisation exactly one display label (`skos:prefLabel`). Documents only state the names
//! they use (`skos:altLabel`, `pg:englishName`, `pg:legalName`), so that no document overrides
//! another's; this graph picks one by a fixed preference and is rebuilt on every build.
//! It also records the match key of every name (`pg:nameKey`), so that finding an
//! organisation by any spelling is one index lookup rather than a scan of every name.

use super::SourceGraph;
use crate::model::{SourceId, SourceKind};
use crate::resolve::match_key;
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub const SOURCE: &str = "identity";

/// Lower is preferred: the label a user's correction gives, then a document's English name,
/// then how strategies and profiles write the name, then the (upper-case) CORDIS legal name.
fn rank(property: &str, kind: SourceKind) -> u8 {
    match (property, kind) {
        (p, _) if p == pg::CORRECTED_LABEL.as_str() => 0,
        (p, _) if p == pg::ENGLISH_NAME.as_str() => 1,
        (p, SourceKind::Strategy) if p == skos::ALT_LABEL.as_str() => 2,
        (p, SourceKind::Profile) if p == skos::ALT_LABEL.as_str() => 3,
        (p, _) if p == pg::LEGAL_NAME.as_str() => 5,
        _ => 4,
    }
}

/// Display-label candidates, gathered document by document.
#[derive(Default)]
pub struct Labels {
    best: BTreeMap<NamedNode, (u8, String)>,
    keys: BTreeMap<NamedNode, BTreeSet<String>>,
}

/// One document's organisations and their names, gathered from its quads in any order: a name
/// counts only if the same document says its subject is an organisation.
pub struct DocumentNames {
    kind: SourceKind,
    organisations: HashSet<NamedNode>,
    names: Vec<(NamedNode, u8, String)>,
    /// Names that are never display labels but still find the organisation.
    short_names: Vec<(NamedNode, String)>,
}

impl DocumentNames {
    pub fn new(kind: SourceKind) -> Self {
        Self {
            kind,
            organisations: HashSet::new(),
            names: Vec::new(),
            short_names: Vec::new(),
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
                    if [
                        pg::CORRECTED_LABEL,
                        pg::ENGLISH_NAME,
                        skos::ALT_LABEL,
                        pg::LEGAL_NAME,
                    ]
                    .contains(&predicate) =>
                {
                    let rank = rank(predicate.as_str(), self.kind);
                    self.names
                        .push((subject.clone(), rank, label.value().to_owned()));
                }
                Term::Literal(label) if predicate == pg::SHORT_NAME => {
                    self.short_names
                        .push((subject.clone(), label.value().to_owned()));
                }
                _ => {}
            }
        }
    }
}

impl Labels {
    pub fn add(&mut self, document: DocumentNames) {
        for (org, name) in document.short_names {
            if document.organisations.contains(&org) {
                self.keys
                    .entry(org)
                    .or_default()
                    .insert(match_key(&name).key);
            }
        }
        for (org, rank, label) in document.names {
            if !document.organisations.contains(&org) {
                continue;
            }
            self.keys
                .entry(org.clone())
                .or_default()
                .insert(match_key(&label).key);
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
                Some(Term::Literal(kind)) => SourceKind::parse(kind.value()),
                _ => None,
            };
            if kind == Some(SourceKind::Derived) {
                continue;
            }
            // A kind no version records ranks its names as any document's that is neither a
            // profile nor a strategy.
            let mut names = DocumentNames::new(kind.unwrap_or(SourceKind::Rdf));
            let graph = GraphNameRef::from(graph.as_ref());
            for (predicate, object) in [
                (rdf::TYPE, Some(pg::ORGANISATION.into())),
                (pg::ENGLISH_NAME, None),
                (skos::ALT_LABEL, None),
                (pg::LEGAL_NAME, None),
                (pg::SHORT_NAME, None),
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
    /// The identity graph: one display label per organisation, and the keys of its names.
    pub fn into_graph(self) -> SourceGraph {
        let id = SourceId::new(SOURCE);
        let graph_name = GraphName::from(super::iri::graph(&id));
        let quad = |org: &NamedNode, predicate, value: String| {
            Quad::new(
                org.clone(),
                predicate,
                Literal::new_simple_literal(value),
                graph_name.clone(),
            )
        };
        let mut quads: Vec<Quad> = Vec::new();
        for (org, (_, label)) in self.best {
            quads.push(quad(&org, skos::PREF_LABEL, label));
        }
        for (org, keys) in self.keys {
            quads.extend(
                keys.into_iter()
                    .filter(|k| !k.is_empty())
                    .map(|k| quad(&org, pg::NAME_KEY, k)),
            );
        }
        let mut hasher = Sha256::new();
        for quad in &quads {
            hasher.update(quad.to_string().as_bytes());
        }
        let sha256 = format!("{:x}", hasher.finalize());
        super::finish(
            super::Description {
                id: &id,
                kind: SourceKind::Derived,
                path: "(derived from all documents)",
                sha256: &sha256,
                title: Some(
                    "Identity resolution: one display label per organisation, and its name keys",
                ),
                language: None,
                speaks_for: None,
                origin: Some("computed by partnergraph build"),
            },
            quads,
            Vec::new(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(s: &str, p: oxigraph::model::NamedNodeRef<'_>, o: Term) -> Quad {
        Quad::new(NamedNode::new_unchecked(s), p, o, GraphName::DefaultGraph)
    }

    fn name(s: &str, p: oxigraph::model::NamedNodeRef<'_>, value: &str) -> Quad {
        quad(s, p, Literal::new_simple_literal(value).into())
    }

    #[test]
    fn every_name_of_an_organisation_gets_a_key_and_only_the_best_is_the_label() {
        let mut profile = DocumentNames::new(SourceKind::Profile);
        profile.observe(&[
            quad("x:org", rdf::TYPE, pg::ORGANISATION.into_owned().into()),
            name("x:org", skos::ALT_LABEL, "Region Örebro län"),
            name("x:org", pg::SHORT_NAME, "RÖL"),
            // Not an organisation in this document: neither a label nor a key.
            name("x:area", skos::ALT_LABEL, "Biobanks"),
        ]);
        let mut cordis = DocumentNames::new(SourceKind::CordisOrganisations);
        cordis.observe(&[
            name("x:org", pg::LEGAL_NAME, "OREBRO LANS LANDSTING"),
            quad("x:org", rdf::TYPE, pg::ORGANISATION.into_owned().into()),
        ]);
        let mut labels = Labels::default();
        labels.add(cordis);
        labels.add(profile);
        let mut values = Vec::new();
        labels
            .into_graph()
            .stream(&mut |quads: Vec<Quad>| {
                for q in quads {
                    if let Term::Literal(l) = q.object {
                        values.push((q.subject.to_string(), q.predicate, l.value().to_owned()));
                    }
                }
                Ok::<_, StorageError>(())
            })
            .unwrap();
        let of = |p: oxigraph::model::NamedNodeRef<'_>| -> Vec<&str> {
            values
                .iter()
                .filter(|(s, q, _)| s == "<x:org>" && q.as_ref() == p)
                .map(|(_, _, v)| v.as_str())
                .collect()
        };
        assert_eq!(of(skos::PREF_LABEL), ["Region Örebro län"]);
        let mut expected: Vec<String> = ["Region Örebro län", "OREBRO LANS LANDSTING", "RÖL"]
            .iter()
            .map(|n| match_key(n).key)
            .collect();
        expected.sort();
        expected.dedup();
        // The Swedish region's names share one key.
        assert_eq!(expected.len(), 2);
        assert_eq!(of(pg::NAME_KEY), expected);
        assert!(!values.iter().any(|(s, _, _)| s == "<x:area>"));
    }
}
