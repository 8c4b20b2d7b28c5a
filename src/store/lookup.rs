//! Targeted reads of the graph: index lookups around one organisation instead of
//! loading the whole network, so that a report or a partner list takes well under a second at
//! H2020 scale. Statements several documents make are read once.

use crate::vocab::{META_GRAPH, dcterms, pg, skos};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct Lookup<'a> {
    pub store: &'a Store,
    /// Source id and title by graph IRI.
    sources: HashMap<String, (String, Option<String>)>,
}

impl<'a> Lookup<'a> {
    pub fn new(store: &'a Store) -> Result<Self, StorageError> {
        let mut sources = HashMap::new();
        for quad in store.quads_for_pattern(None, Some(pg::GRAPH), None, Some(META_GRAPH.into())) {
            let quad = quad?;
            let (NamedOrBlankNode::NamedNode(document), Term::NamedNode(graph)) =
                (&quad.subject, &quad.object)
            else {
                continue;
            };
            let Some(id) = crate::rdf::iri::source_id(document) else {
                continue;
            };
            let title = store
                .quads_for_pattern(
                    Some(document.as_ref().into()),
                    Some(dcterms::TITLE),
                    None,
                    Some(META_GRAPH.into()),
                )
                .next()
                .transpose()?
                .and_then(|q| literal_value(&q.object));
            sources.insert(graph.as_str().to_owned(), (id.to_string(), title));
        }
        Ok(Self { store, sources })
    }

    /// Distinct objects of (subject, predicate), whatever graph states them, in term order.
    pub fn objects(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, StorageError> {
        let mut out = Vec::new();
        for quad in
            self.store
                .quads_for_pattern(Some(subject.as_ref().into()), Some(predicate), None, None)
        {
            out.push(quad?.object);
        }
        out.sort_by_cached_key(ToString::to_string);
        out.dedup();
        Ok(out)
    }

    pub fn nodes(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<NamedNode>, StorageError> {
        Ok(self
            .objects(subject, predicate)?
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect())
    }

    /// Distinct subjects of (predicate, object).
    pub fn subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: &NamedNode,
    ) -> Result<Vec<NamedNode>, StorageError> {
        let mut out = BTreeSet::new();
        for quad in
            self.store
                .quads_for_pattern(None, Some(predicate), Some(object.as_ref().into()), None)
        {
            if let NamedOrBlankNode::NamedNode(s) = quad?.subject {
                out.insert(s);
            }
        }
        Ok(out.into_iter().collect())
    }

    /// The first literal value of (subject, predicate), preferring a language if given.
    pub fn text(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<String>, StorageError> {
        Ok(self
            .objects(subject, predicate)?
            .iter()
            .find_map(literal_value))
    }

    pub fn number(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<f64>, StorageError> {
        Ok(self.text(subject, predicate)?.and_then(|t| t.parse().ok()))
    }

    /// The source documents (id, title) whose graphs state (subject, predicate, object).
    pub fn sources_of(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: Option<&Term>,
    ) -> Result<Vec<(String, Option<String>)>, StorageError> {
        let mut out = BTreeMap::new();
        for quad in self.store.quads_for_pattern(
            Some(subject.as_ref().into()),
            Some(predicate),
            object.map(Term::as_ref),
            None,
        ) {
            if let GraphName::NamedNode(graph) = quad?.graph_name
                && let Some((id, title)) = self.sources.get(graph.as_str())
            {
                out.insert(id.clone(), title.clone());
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Projects an organisation takes part in, with the participation node of each.
    pub fn projects_of(
        &self,
        org: &NamedNode,
    ) -> Result<BTreeMap<NamedNode, NamedNode>, StorageError> {
        let mut out = BTreeMap::new();
        for participation in self.subjects(pg::ROLE_OF, org)? {
            for project in self.nodes(&participation, pg::IN_PROJECT)? {
                out.insert(project, participation.clone());
            }
        }
        Ok(out)
    }

    /// Organisations taking part in a project.
    pub fn participants(&self, project: &NamedNode) -> Result<BTreeSet<NamedNode>, StorageError> {
        let mut out = BTreeSet::new();
        for participation in self.subjects(pg::IN_PROJECT, project)? {
            out.extend(self.nodes(&participation, pg::ROLE_OF)?);
        }
        Ok(out)
    }

    /// Partners of an organisation: who shares which projects with it.
    pub fn partners_of(
        &self,
        org: &NamedNode,
    ) -> Result<BTreeMap<NamedNode, BTreeSet<NamedNode>>, StorageError> {
        let mut out: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
        for project in self.projects_of(org)?.into_keys() {
            for other in self.participants(&project)? {
                if other != *org {
                    out.entry(other).or_default().insert(project.clone());
                }
            }
        }
        Ok(out)
    }

    pub fn label(&self, node: &NamedNode) -> Result<String, StorageError> {
        Ok(match self.text(node, skos::PREF_LABEL)? {
            Some(label) => label,
            None => self
                .text(node, pg::LEGAL_NAME)?
                .or(self.text(node, pg::ACRONYM)?)
                .unwrap_or_else(|| node.as_str().rsplit('/').next().unwrap_or("").to_owned()),
        })
    }
}

fn literal_value(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}
