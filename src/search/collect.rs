//! What the search index holds, gathered from the graph: per node, its kind, the graphs that
//! describe it, its names and its prose, each with the language it is written in.

use super::Kind;
use crate::ingest::text::detect_language;
use crate::model::Lang;
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The classes that make a node searchable, most specific first: a strategic commitment is
/// also a priority, and is found as a statement.
const CLASSES: [(NamedNodeRef<'static>, Kind); 8] = [
    (pg::ORGANISATION, Kind::Organisation),
    (pg::PROJECT, Kind::Project),
    (pg::COMMITMENT, Kind::Statement),
    (pg::PRIORITY_AREA, Kind::Priority),
    (pg::PRIORITY, Kind::Priority),
    (pg::EXPERTISE_AREA, Kind::Expertise),
    (pg::THEME, Kind::Theme),
    (skos::CONCEPT, Kind::Theme),
];

/// Whether a value names its node (matched also with typos, shown as its label) or describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Prose,
}

/// The properties indexed for each kind; the first name found is the node's label.
const PROPERTIES: [(Kind, NamedNodeRef<'static>, Role); 18] = [
    (Kind::Organisation, skos::PREF_LABEL, Role::Name),
    (Kind::Organisation, pg::LEGAL_NAME, Role::Name),
    (Kind::Organisation, pg::ENGLISH_NAME, Role::Name),
    (Kind::Organisation, pg::SHORT_NAME, Role::Name),
    (Kind::Organisation, skos::ALT_LABEL, Role::Name),
    (Kind::Project, pg::ACRONYM, Role::Name),
    (Kind::Project, pg::TITLE, Role::Name),
    (Kind::Project, pg::OBJECTIVE, Role::Prose),
    (Kind::Statement, skos::PREF_LABEL, Role::Name),
    (Kind::Statement, pg::STATEMENT, Role::Prose),
    (Kind::Priority, skos::PREF_LABEL, Role::Name),
    (Kind::Priority, pg::STATEMENT, Role::Prose),
    (Kind::Expertise, skos::PREF_LABEL, Role::Name),
    (Kind::Expertise, pg::DESCRIPTION, Role::Prose),
    (Kind::Theme, skos::PREF_LABEL, Role::Name),
    (Kind::Theme, skos::ALT_LABEL, Role::Name),
    (Kind::Theme, skos::HIDDEN_LABEL, Role::Name),
    (Kind::Theme, skos::DEFINITION, Role::Prose),
];

/// Untagged text of at least this many words has its language guessed from its function
/// words; shorter untagged text (a name, an acronym, a title) is indexed as either language.
const GUESS_FROM_WORDS: usize = 6;

/// One value to index: its text and the languages it is analysed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    /// The language the value is written in, when its tag or its words say so; `None` for
    /// a short untagged value, which is analysed as English and as Swedish.
    pub lang: Option<Lang>,
    pub name: bool,
}

/// One node as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// The named graphs that state the indexed values.
    pub graphs: BTreeSet<String>,
    pub values: Vec<Value>,
}

/// The language a literal is analysed in: its tag (a regional variant such as `en-GB` is its
/// language), else a guess from the words of a long text.
fn language(text: &str, tag: Option<&str>) -> Option<Lang> {
    match tag {
        Some(tag) => Lang::from_tag(tag.split('-').next().unwrap_or(tag)),
        None if text.split_whitespace().count() >= GUESS_FROM_WORDS => Some(detect_language(text)),
        None => None,
    }
}

/// Where `predicate` first appears in [`PROPERTIES`], if it is indexed for some kind.
fn predicate_at(predicate: NamedNodeRef<'_>) -> Option<usize> {
    PROPERTIES.iter().position(|(_, p, _)| *p == predicate)
}

/// A literal of an indexed predicate, kept until the node's kind is known.
#[derive(Debug)]
struct Candidate {
    /// Where its predicate first appears in [`PROPERTIES`].
    predicate: usize,
    text: String,
    tag: Option<String>,
    /// The named graph stating it, by its position in [`Collector::graphs`].
    graph: Option<usize>,
}

/// Gathers what the index holds from quads as they go by: a build observes every quad it loads
/// (as the participation index does), so that the index is written without reading the store
/// again. A node's type and its text may come in any order and from different documents, so
/// the literals of the indexed predicates are kept until [`Collector::finish`].
#[derive(Debug, Default)]
pub struct Collector {
    /// Each typed node's most specific class, by its position in [`CLASSES`].
    kinds: HashMap<String, usize>,
    values: HashMap<String, Vec<Candidate>>,
    graphs: Vec<String>,
    graph_at: HashMap<String, usize>,
}

impl Collector {
    pub fn observe(&mut self, quads: &[Quad]) {
        for quad in quads {
            self.observe_quad(quad.as_ref());
        }
    }

    fn observe_quad(&mut self, quad: QuadRef<'_>) {
        let NamedOrBlankNodeRef::NamedNode(node) = quad.subject else {
            return;
        };
        if quad.predicate == rdf::TYPE {
            let TermRef::NamedNode(class) = quad.object else {
                return;
            };
            if let Some(rank) = CLASSES.iter().position(|(c, _)| *c == class) {
                let known = self.kinds.entry(node.as_str().to_owned()).or_insert(rank);
                *known = (*known).min(rank);
            }
            return;
        }
        let (Some(predicate), TermRef::Literal(literal)) =
            (predicate_at(quad.predicate), quad.object)
        else {
            return;
        };
        if quad.graph_name == GraphNameRef::from(META_GRAPH) {
            return;
        }
        let text = literal.value().trim();
        if text.is_empty() {
            return;
        }
        let graph = match quad.graph_name {
            GraphNameRef::NamedNode(graph) => Some(self.graph(graph.as_str())),
            _ => None,
        };
        self.values
            .entry(node.as_str().to_owned())
            .or_default()
            .push(Candidate {
                predicate,
                text: text.to_owned(),
                tag: literal.language().map(str::to_owned),
                graph,
            });
    }

    fn graph(&mut self, iri: &str) -> usize {
        if let Some(&at) = self.graph_at.get(iri) {
            return at;
        }
        self.graphs.push(iri.to_owned());
        self.graph_at.insert(iri.to_owned(), self.graphs.len() - 1);
        self.graphs.len() - 1
    }

    /// Observes what `store` holds in `graph` (every graph when `None`).
    pub fn observe_stored(
        &mut self,
        store: &Store,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<(), StorageError> {
        for quad in store.quads_for_pattern(None, None, None, graph) {
            self.observe_quad(quad?.as_ref());
        }
        Ok(())
    }

    /// Every searchable node observed, by IRI, its values in the order of [`PROPERTIES`] then
    /// by text, so that the same graph gives the same index and the same labels whatever
    /// order its quads came in.
    pub fn finish(self) -> BTreeMap<String, Entry> {
        let mut entries = BTreeMap::new();
        for (node, mut candidates) in self.values {
            let Some(&rank) = self.kinds.get(&node) else {
                continue;
            };
            let kind = CLASSES[rank].1;
            let mut indexed: Vec<(usize, Role, Candidate)> = candidates
                .drain(..)
                .filter_map(|c| {
                    let predicate = PROPERTIES[c.predicate].1;
                    let at = PROPERTIES
                        .iter()
                        .position(|(k, p, _)| *k == kind && *p == predicate)?;
                    Some((at, PROPERTIES[at].2, c))
                })
                .collect();
            if indexed.is_empty() {
                continue;
            }
            indexed.sort_by(|(a, _, x), (b, _, y)| {
                (a, &x.text, &x.tag, x.graph).cmp(&(b, &y.text, &y.tag, y.graph))
            });
            let mut entry = Entry {
                kind,
                graphs: BTreeSet::new(),
                values: Vec::new(),
            };
            let mut seen: HashSet<(&str, Option<&str>)> = HashSet::new();
            for (_, role, candidate) in &indexed {
                if let Some(graph) = candidate.graph {
                    entry.graphs.insert(self.graphs[graph].clone());
                }
                // The same value stated by several documents counts once.
                if seen.insert((&candidate.text, candidate.tag.as_deref())) {
                    entry.values.push(Value {
                        text: candidate.text.clone(),
                        lang: language(&candidate.text, candidate.tag.as_deref()),
                        name: *role == Role::Name,
                    });
                }
            }
            entries.insert(node, entry);
        }
        entries
    }
}

/// Every searchable node of `store`, by IRI, read from the store (an index made again for a
/// published generation, or for a build that only compacts).
pub fn gather(store: &Store) -> Result<BTreeMap<String, Entry>, StorageError> {
    let started = std::time::Instant::now();
    let mut collector = Collector::default();
    for (class, _) in CLASSES {
        for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None) {
            collector.observe_quad(quad?.as_ref());
        }
    }
    let mut predicates: Vec<NamedNodeRef<'static>> = Vec::new();
    for (_, predicate, _) in PROPERTIES {
        if !predicates.contains(&predicate) {
            predicates.push(predicate);
        }
    }
    for predicate in predicates {
        for quad in store.quads_for_pattern(None, Some(predicate), None, None) {
            collector.observe_quad(quad?.as_ref());
        }
    }
    let entries = collector.finish();
    tracing::info!(elapsed = ?started.elapsed(), "read the text of {} nodes from the store", entries.len());
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_or_the_words_of_a_long_text_give_the_language() {
        assert_eq!(language("biobank", Some("sv")), Some(Lang::Sv));
        assert_eq!(language("colour", Some("en-GB")), Some(Lang::En));
        assert_eq!(language("terveys", Some("fi")), None);
        assert_eq!(language("KAROLINSKA INSTITUTET", None), None);
        assert_eq!(
            language(
                "Regionen vill att samverkan mellan vården och akademin ska stärkas",
                None
            ),
            Some(Lang::Sv)
        );
    }
}
