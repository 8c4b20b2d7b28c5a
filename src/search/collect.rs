//! What the search index holds, gathered from the graph: per node, its kind, the graphs that
//! describe it, its names and its prose, each with the language it is written in.

use super::Kind;
use crate::ingest::text::detect_language;
use crate::model::Lang;
use crate::vocab::{META_GRAPH, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
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

/// Every searchable node of `store`, by IRI (so that the index is written in the same order
/// for the same graph).
pub fn gather(store: &Store) -> Result<BTreeMap<String, Entry>, StorageError> {
    let mut kinds: HashMap<String, Kind> = HashMap::new();
    for (class, kind) in CLASSES {
        for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None) {
            if let NamedOrBlankNode::NamedNode(node) = quad?.subject {
                kinds.entry(node.into_string()).or_insert(kind);
            }
        }
    }
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut seen: HashSet<(String, String, Option<String>)> = HashSet::new();
    let mut predicates: Vec<NamedNodeRef<'static>> = Vec::new();
    for (_, predicate, _) in PROPERTIES {
        if !predicates.contains(&predicate) {
            predicates.push(predicate);
        }
    }
    for predicate in predicates {
        for quad in store.quads_for_pattern(None, Some(predicate), None, None) {
            let quad = quad?;
            let (NamedOrBlankNode::NamedNode(node), Term::Literal(literal)) =
                (&quad.subject, &quad.object)
            else {
                continue;
            };
            if quad.graph_name.as_ref() == GraphNameRef::from(META_GRAPH) {
                continue;
            }
            let Some(&kind) = kinds.get(node.as_str()) else {
                continue;
            };
            let Some(role) = PROPERTIES
                .iter()
                .find(|(k, p, _)| *k == kind && *p == predicate)
                .map(|(_, _, role)| *role)
            else {
                continue;
            };
            let text = literal.value().trim();
            if text.is_empty() {
                continue;
            }
            let entry = entries
                .entry(node.as_str().to_owned())
                .or_insert_with(|| Entry {
                    kind,
                    graphs: BTreeSet::new(),
                    values: Vec::new(),
                });
            if let Some(graph) = graph_iri(&quad.graph_name) {
                entry.graphs.insert(graph);
            }
            // The same value stated by several documents counts once.
            let tag = literal.language().map(str::to_owned);
            if !seen.insert((node.as_str().to_owned(), text.to_owned(), tag)) {
                continue;
            }
            entry.values.push(Value {
                text: text.to_owned(),
                lang: language(text, literal.language()),
                name: role == Role::Name,
            });
        }
    }
    Ok(entries)
}

fn graph_iri(graph: &oxigraph::model::GraphName) -> Option<String> {
    match graph {
        oxigraph::model::GraphName::NamedNode(node) => Some(node.as_str().to_owned()),
        _ => None,
    }
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
