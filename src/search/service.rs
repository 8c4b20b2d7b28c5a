//! Text search inside SPARQL: `SERVICE pg:search { … }` answered from the index.
//!
//! ```sparql
//! SELECT ?project ?score WHERE {
//!   SERVICE pg:search { [] pg:query "biobank" ; pg:kind "project" ; pg:hit ?project ; pg:score ?score }
//!   ?project pg:startYear ?year .
//! }
//! ```
//!
//! The block's node with `pg:query` is the search: `pg:query` (the words), `pg:kind`,
//! `pg:lang` and `pg:limit` (1000 unless given) say what to find; `pg:hit`, `pg:score`,
//! `pg:snippet`, `pg:label` and `pg:sourceGraph` bind what was found (one row per graph when
//! `pg:sourceGraph` is asked for). Oxigraph hands the block over unevaluated and without the
//! bindings around it, so words taken from the graph are matched inside the block: when
//! `pg:query` is a variable, the block's other triple patterns are evaluated on the store's
//! default graph (the merge of the documents' graphs, as for the query around it) and each of
//! their solutions is searched with its value.

use super::{Kind, Request, SearchError, SearchIndex};
use crate::model::Lang;
use crate::store::ReadStore;
use crate::vocab::pg;
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolutionIter, ServiceHandler, SparqlEvaluator,
    Variable,
};
use oxigraph::store::Store;
use oxiri::Iri;
use spargebra::Query;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// Hits a SERVICE block returns unless its `pg:limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("SERVICE pg:search: {0}")]
    Pattern(String),
    #[error("SERVICE pg:search")]
    Search(#[source] SearchError),
    #[error("SERVICE pg:search: evaluating the block's other patterns failed")]
    Evaluation(#[source] QueryEvaluationError),
}

impl From<SearchError> for ServiceError {
    fn from(source: SearchError) -> Self {
        Self::Search(source)
    }
}

/// Adds `SERVICE pg:search` on the generation `read` to `evaluator`. The index is opened when
/// a query first uses it.
pub fn register(evaluator: SparqlEvaluator, read: &ReadStore) -> SparqlEvaluator {
    let handler = SearchService {
        store: read.store().clone(),
        path: read.file(super::DIR),
        index: Mutex::new(None),
        answers: Mutex::new(HashMap::new()),
    };
    evaluator.with_service_handler(pg::SEARCH.into_owned(), handler)
}

struct SearchService {
    store: Store,
    path: PathBuf,
    index: Mutex<Option<Arc<SearchIndex>>>,
    /// The answer of each block this query has evaluated, by the block's text.
    answers: Mutex<HashMap<String, Cached>>,
}

/// A block's answer: its variables and its rows.
type Cached = (Arc<[Variable]>, Arc<Vec<Vec<Option<Term>>>>);

impl SearchService {
    fn index(&self) -> Result<Arc<SearchIndex>, SearchError> {
        let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(open) = &*index {
            return Ok(Arc::clone(open));
        }
        let open = Arc::new(super::open_at(&self.path, &self.store)?);
        *index = Some(Arc::clone(&open));
        Ok(open)
    }
}

/// What the search node of a block asks for and binds.
#[derive(Default)]
struct Search {
    query: Option<TermPattern>,
    kind: Option<Kind>,
    lang: Option<Lang>,
    limit: Option<usize>,
    outputs: Vec<(Output, TermPattern)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Hit,
    Score,
    Snippet,
    Label,
    Graph,
}

const OUTPUTS: [(NamedNodeRef<'static>, Output); 5] = [
    (pg::HIT, Output::Hit),
    (pg::SCORE, Output::Score),
    (pg::SNIPPET, Output::Snippet),
    (pg::LABEL, Output::Label),
    (pg::SOURCE_GRAPH, Output::Graph),
];

fn pattern_error(message: impl Into<String>) -> ServiceError {
    ServiceError::Pattern(message.into())
}

fn literal<'a>(object: &'a TermPattern, what: &str) -> Result<&'a str, ServiceError> {
    match object {
        TermPattern::Literal(literal) => Ok(literal.value()),
        _ => Err(pattern_error(format!("{what} takes a literal"))),
    }
}

impl Search {
    fn read(triples: &[&TriplePattern]) -> Result<Self, ServiceError> {
        let mut search = Search::default();
        for triple in triples {
            let NamedNodePattern::NamedNode(predicate) = &triple.predicate else {
                return Err(pattern_error("the search node's predicates must be IRIs"));
            };
            let object = &triple.object;
            match predicate.as_ref() {
                p if p == pg::QUERY => search.query = Some(object.clone()),
                p if p == pg::KIND => {
                    search.kind = Some(Kind::parse(literal(object, "pg:kind")?)?);
                }
                p if p == pg::LANG => {
                    let tag = literal(object, "pg:lang")?;
                    search.lang = Some(
                        Lang::from_tag(tag)
                            .ok_or_else(|| SearchError::UnknownLanguage(tag.to_owned()))?,
                    );
                }
                p if p == pg::LIMIT => {
                    let limit = literal(object, "pg:limit")?;
                    search.limit = Some(limit.parse().map_err(|_| {
                        pattern_error(format!("pg:limit {limit:?} is not a number"))
                    })?);
                }
                p => match OUTPUTS.iter().find(|(iri, _)| *iri == p) {
                    Some((_, output)) => search.outputs.push((*output, object.clone())),
                    None => {
                        return Err(pattern_error(format!(
                            "{p} is not one of pg:query, pg:kind, pg:lang, pg:limit, pg:hit, \
                             pg:score, pg:snippet, pg:label, pg:sourceGraph"
                        )));
                    }
                },
            }
        }
        Ok(search)
    }
}

impl ServiceHandler for SearchService {
    type Error = ServiceError;

    fn handle(
        &self,
        pattern: &GraphPattern,
        _base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceError> {
        // Oxigraph calls the handler once per solution of what the block is joined to, with
        // the same block every time: its answer is worked out once per query.
        let key = pattern.to_string();
        let known = self
            .answers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        let (variables, rows) = match known {
            Some(answer) => answer,
            None => {
                let (variables, rows) = self.answer(pattern)?;
                let answer = (Arc::<[Variable]>::from(variables), Arc::new(rows));
                self.answers
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(key, answer.clone());
                answer
            }
        };
        let rows: Vec<_> = rows.iter().cloned().map(Ok).collect();
        Ok(QuerySolutionIter::from_tuples(variables, rows))
    }
}

/// A block's variables and its solutions.
type Answer = (Vec<Variable>, Vec<Vec<Option<Term>>>);

impl SearchService {
    fn answer(&self, pattern: &GraphPattern) -> Result<Answer, ServiceError> {
        let GraphPattern::Bgp { patterns } = pattern else {
            return Err(pattern_error(
                "the block holds triple patterns only (no FILTER, OPTIONAL or sub-queries)",
            ));
        };
        let mut searches = patterns.iter().filter(
            |t| matches!(&t.predicate, NamedNodePattern::NamedNode(p) if p.as_ref() == pg::QUERY),
        );
        let (Some(node), None) = (searches.next(), searches.next()) else {
            return Err(pattern_error("the block needs exactly one pg:query"));
        };
        let node = &node.subject;
        let (own, rest): (Vec<&TriplePattern>, Vec<&TriplePattern>) =
            patterns.iter().partition(|t| &t.subject == node);
        let search = Search::read(&own)?;
        let query = search.query.clone().expect("the node has pg:query");
        // The solutions whose words are searched: one empty solution for literal words, the
        // other patterns' solutions for words taken from the graph.
        let (mut variables, contexts): Answer = match &query {
            TermPattern::Literal(_) if rest.is_empty() => (Vec::new(), vec![Vec::new()]),
            TermPattern::Literal(_) | TermPattern::Variable(_) => self.solutions(&rest)?,
            _ => return Err(pattern_error("pg:query takes a literal or a variable")),
        };
        let words_at = match &query {
            TermPattern::Variable(v) => Some(
                variables
                    .iter()
                    .position(|known| known == v)
                    .ok_or_else(|| {
                        pattern_error(format!(
                            "?{} of pg:query is bound by none of the block's other patterns",
                            v.as_str()
                        ))
                    })?,
            ),
            _ => None,
        };
        let mut outputs = Vec::new();
        for (output, object) in &search.outputs {
            match object {
                TermPattern::Variable(v) if !variables.contains(v) => {
                    variables.push(v.clone());
                    outputs.push((*output, None));
                }
                TermPattern::Variable(v) => {
                    let at = variables.iter().position(|known| known == v);
                    outputs.push((*output, at));
                }
                TermPattern::NamedNode(_) | TermPattern::Literal(_) => {
                    outputs.push((*output, None));
                }
                _ => {
                    return Err(pattern_error(
                        "the search outputs take variables or constants",
                    ));
                }
            }
        }
        let index = self.index()?;
        let mut found: HashMap<String, Arc<Vec<super::Hit>>> = HashMap::new();
        let mut rows = Vec::new();
        for context in contexts {
            let words = match (words_at, &query) {
                (Some(at), _) => match &context[at] {
                    Some(Term::Literal(literal)) => literal.value().to_owned(),
                    _ => continue,
                },
                (None, TermPattern::Literal(literal)) => literal.value().to_owned(),
                _ => continue,
            };
            let hits =
                match found.get(&words) {
                    Some(hits) => Arc::clone(hits),
                    None => {
                        let request = Request {
                            text: words.clone(),
                            kind: search.kind,
                            lang: search.lang,
                            limit: search.limit.unwrap_or(DEFAULT_LIMIT),
                        };
                        let hits = Arc::new(index.search(&request).map_err(|source| {
                            SearchError::Index {
                                path: self.path.clone(),
                                source,
                            }
                        })?);
                        found.insert(words, Arc::clone(&hits));
                        hits
                    }
                };
            for hit in hits.iter() {
                let graphs: Vec<Option<&String>> = if search
                    .outputs
                    .iter()
                    .any(|(output, _)| *output == Output::Graph)
                {
                    hit.graphs.iter().map(Some).collect()
                } else {
                    vec![None]
                };
                'graphs: for graph in graphs {
                    let mut row = context.clone();
                    row.resize(variables.len(), None);
                    for ((output, at), (_, object)) in outputs.iter().zip(&search.outputs) {
                        let value: Term = match output {
                            Output::Hit => NamedNode::new_unchecked(&hit.node).into(),
                            Output::Score => Literal::from(f64::from(hit.score)).into(),
                            Output::Snippet => Literal::new_simple_literal(&hit.snippet).into(),
                            Output::Label => Literal::new_simple_literal(&hit.label).into(),
                            Output::Graph => {
                                NamedNode::new_unchecked(graph.expect("asked for")).into()
                            }
                        };
                        let constant = match object {
                            TermPattern::NamedNode(n) => Some(Term::from(n.clone())),
                            TermPattern::Literal(l) => Some(Term::from(l.clone())),
                            _ => None,
                        };
                        if constant.is_some_and(|c| c != value) {
                            continue 'graphs;
                        }
                        let slot = match (at, object) {
                            (Some(at), _) => *at,
                            (None, TermPattern::Variable(v)) => variables
                                .iter()
                                .position(|known| known == v)
                                .expect("every output variable is listed"),
                            _ => continue,
                        };
                        match &row[slot] {
                            Some(bound) if *bound != value => continue 'graphs,
                            _ => row[slot] = Some(value),
                        }
                    }
                    rows.push(row);
                }
            }
        }
        Ok((variables, rows))
    }

    /// The solutions of the block's patterns other than the search node's, on the store's
    /// default graph (the union of the documents' graphs on a store built before the merge).
    fn solutions(&self, patterns: &[&TriplePattern]) -> Result<Answer, ServiceError> {
        let query = Query::Select {
            dataset: None,
            pattern: GraphPattern::Bgp {
                patterns: patterns.iter().map(|t| (*t).clone()).collect(),
            },
            base_iri: None,
        };
        let mut prepared = SparqlEvaluator::new().for_query(query);
        if !crate::store::has_merged_default_graph(&self.store).unwrap_or(true) {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(ServiceError::Evaluation)?;
        let QueryResults::Solutions(solutions) = results else {
            return Err(pattern_error("the block's other patterns are not a SELECT"));
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(ServiceError::Evaluation)?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok((variables, rows))
    }
}
