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

use super::{Hit, Kind, Request, SearchError, SearchIndex};
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
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, TriplePattern};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

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
    evaluator.with_service_handler(pg::SEARCH.into_owned(), SearchService::new(read))
}

/// Answers every `SERVICE pg:search` block of `query` from the index before the query is
/// planned, and puts its rows in its place as `VALUES`. Oxigraph's planner cannot see into a
/// SERVICE block: it estimates one as large as its triple patterns would be on the store, so
/// it starts from the graph patterns around the block and joins the hits last (every
/// coordinator of every project read, where the hits' projects alone would do). The rows of a
/// `VALUES` are counted, so the plan starts from the hits. The block never sees the bindings
/// around it, inline or not, so the answers are the same; a block whose rows hold blank nodes
/// (which `VALUES` cannot hold) is left to the service handler.
pub fn inline(query: &mut Query, read: &ReadStore) -> Result<(), ServiceError> {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let service = SearchService::new(read);
    inline_in(pattern, &service)
}

fn inline_in(pattern: &mut GraphPattern, service: &SearchService) -> Result<(), ServiceError> {
    match pattern {
        GraphPattern::Service {
            name: NamedNodePattern::NamedNode(name),
            inner,
            silent,
        } if name.as_ref() == pg::SEARCH => {
            let values = match service.cached(inner) {
                Ok((variables, rows)) => values(&variables, &rows),
                // As oxigraph answers a failed SILENT block: one solution binding nothing.
                Err(_) if *silent => Some(GraphPattern::Values {
                    variables: Vec::new(),
                    bindings: vec![Vec::new()],
                }),
                Err(e) => return Err(e),
            };
            if let Some(values) = values {
                *pattern = values;
            }
            Ok(())
        }
        GraphPattern::Join { left, right }
        | GraphPattern::LeftJoin { left, right, .. }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            inline_in(left, service)?;
            inline_in(right, service)
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. } => inline_in(inner, service),
        // Triple patterns, VALUES, other services; and anything newer, left to the handler.
        _ => Ok(()),
    }
}

/// A block's rows as `VALUES`; `None` when a row holds a blank node or a triple.
fn values(variables: &[Variable], rows: &[Row]) -> Option<GraphPattern> {
    let ground = |term: &Option<Term>| -> Option<Option<GroundTerm>> {
        match term {
            None => Some(None),
            Some(Term::NamedNode(node)) => Some(Some(node.clone().into())),
            Some(Term::Literal(literal)) => Some(Some(literal.clone().into())),
            Some(_) => None,
        }
    };
    let bindings = rows
        .iter()
        .map(|row| row.iter().map(ground).collect::<Option<Vec<_>>>())
        .collect::<Option<Vec<_>>>()?;
    Some(GraphPattern::Values {
        variables: variables.to_vec(),
        bindings,
    })
}

struct SearchService {
    store: Store,
    path: PathBuf,
    index: Mutex<Option<Arc<SearchIndex>>>,
    /// Whether the store's default graph is the merge of its graphs: looked up once a query.
    merged: OnceLock<bool>,
    /// The answer of each block this query has evaluated, by the block's text.
    answers: Mutex<HashMap<String, Cached>>,
}

/// One solution: a value, or none, for each variable.
type Row = Vec<Option<Term>>;

/// A block's answer: its variables and its rows.
type Cached = (Arc<[Variable]>, Arc<Vec<Row>>);

impl SearchService {
    fn new(read: &ReadStore) -> Self {
        Self {
            store: read.store().clone(),
            path: read.file(super::DIR),
            index: Mutex::new(None),
            merged: OnceLock::new(),
            answers: Mutex::new(HashMap::new()),
        }
    }

    fn index(&self) -> Result<Arc<SearchIndex>, SearchError> {
        let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(open) = &*index {
            return Ok(Arc::clone(open));
        }
        let open = Arc::new(super::open_at(&self.path, &self.store)?);
        *index = Some(Arc::clone(&open));
        Ok(open)
    }

    fn merged(&self) -> bool {
        *self
            .merged
            .get_or_init(|| crate::store::has_merged_default_graph(&self.store).unwrap_or(true))
    }

    /// The answer of `pattern`, worked out once per query: oxigraph may call the handler once
    /// per solution of what the block is joined to, with the same block every time.
    fn cached(&self, pattern: &GraphPattern) -> Result<Cached, ServiceError> {
        let key = pattern.to_string();
        let answers = || self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(answer) = answers().get(&key) {
            return Ok(answer.clone());
        }
        let (variables, rows) = self.answer(pattern)?;
        let answer = (Arc::<[Variable]>::from(variables), Arc::new(rows));
        answers().insert(key, answer.clone());
        Ok(answer)
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
        let (variables, rows) = self.cached(pattern)?;
        let rows: Vec<_> = rows.iter().cloned().map(Ok).collect();
        Ok(QuerySolutionIter::from_tuples(variables, rows))
    }
}

/// A block's variables and its solutions.
type Answer = (Vec<Variable>, Vec<Row>);

/// A block taken apart: what its search node asks for, its words (a literal, or a variable
/// bound by the other patterns) and those other patterns.
struct Block<'a> {
    search: Search,
    words: TermPattern,
    rest: Vec<&'a TriplePattern>,
}

impl<'a> Block<'a> {
    fn read(pattern: &'a GraphPattern) -> Result<Self, ServiceError> {
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
        let words = search.query.clone().expect("the node has pg:query");
        if !matches!(words, TermPattern::Literal(_) | TermPattern::Variable(_)) {
            return Err(pattern_error("pg:query takes a literal or a variable"));
        }
        Ok(Self {
            search,
            words,
            rest,
        })
    }

    /// Where the words are in a row of the other patterns' solutions (`None`: a literal).
    fn words_at(&self, variables: &[Variable]) -> Result<Option<usize>, ServiceError> {
        let TermPattern::Variable(v) = &self.words else {
            return Ok(None);
        };
        let at = variables.iter().position(|known| known == v);
        at.map(Some).ok_or_else(|| {
            pattern_error(format!(
                "?{} of pg:query is bound by none of the block's other patterns",
                v.as_str()
            ))
        })
    }

    /// The words to search for in the solution `context`; `None` when they are no literal.
    fn words_in(&self, at: Option<usize>, context: &[Option<Term>]) -> Option<String> {
        match (at, &self.words) {
            (Some(at), _) => match &context[at] {
                Some(Term::Literal(literal)) => Some(literal.value().to_owned()),
                _ => None,
            },
            (None, TermPattern::Literal(literal)) => Some(literal.value().to_owned()),
            _ => None,
        }
    }

    /// The slot in a row of each output's variable (added to `variables` when new); `None`
    /// for a constant, which a hit must equal.
    fn slots(&self, variables: &mut Vec<Variable>) -> Result<Vec<Option<usize>>, ServiceError> {
        let mut slots = Vec::with_capacity(self.search.outputs.len());
        for (_, object) in &self.search.outputs {
            slots.push(match object {
                TermPattern::Variable(v) => Some(match variables.iter().position(|k| k == v) {
                    Some(at) => at,
                    None => {
                        variables.push(v.clone());
                        variables.len() - 1
                    }
                }),
                TermPattern::NamedNode(_) | TermPattern::Literal(_) => None,
                _ => {
                    return Err(pattern_error(
                        "the search outputs take variables or constants",
                    ));
                }
            });
        }
        Ok(slots)
    }

    /// The rows `hit` gives in the solution `context`: one, or one per graph when the block
    /// asks for `pg:sourceGraph`; none when an output disagrees with what the row holds.
    fn rows(
        &self,
        slots: &[Option<usize>],
        context: &[Option<Term>],
        width: usize,
        hit: &Hit,
        rows: &mut Vec<Row>,
    ) {
        let outputs = &self.search.outputs;
        let graphs: Vec<Option<&str>> = if outputs.iter().any(|(o, _)| *o == Output::Graph) {
            hit.graphs
                .iter()
                .map(|graph| Some(graph.as_str()))
                .collect()
        } else {
            vec![None]
        };
        'graphs: for graph in graphs {
            let mut row = context.to_vec();
            row.resize(width, None);
            for ((output, object), slot) in outputs.iter().zip(slots) {
                let value = output.value(hit, graph);
                let agrees = match (slot, object) {
                    (Some(at), _) => match &row[*at] {
                        Some(bound) => *bound == value,
                        None => {
                            row[*at] = Some(value);
                            true
                        }
                    },
                    (None, TermPattern::NamedNode(node)) => value == Term::from(node.clone()),
                    (None, TermPattern::Literal(literal)) => value == Term::from(literal.clone()),
                    (None, _) => true,
                };
                if !agrees {
                    continue 'graphs;
                }
            }
            rows.push(row);
        }
    }
}

impl Output {
    /// What this output binds for `hit` (and `graph`, one of its graphs, for `pg:sourceGraph`).
    fn value(self, hit: &Hit, graph: Option<&str>) -> Term {
        match self {
            Output::Hit => NamedNode::new_unchecked(&hit.node).into(),
            Output::Score => Literal::from(f64::from(hit.score)).into(),
            Output::Snippet => Literal::new_simple_literal(&hit.snippet).into(),
            Output::Label => Literal::new_simple_literal(&hit.label).into(),
            Output::Graph => NamedNode::new_unchecked(graph.expect("asked for")).into(),
        }
    }
}

impl SearchService {
    /// The block's rows: for each solution of its other patterns (one empty solution when it
    /// has none), a row per hit of the words.
    fn answer(&self, pattern: &GraphPattern) -> Result<Answer, ServiceError> {
        let block = Block::read(pattern)?;
        let (mut variables, contexts) = match &block.words {
            TermPattern::Literal(_) if block.rest.is_empty() => (Vec::new(), vec![Vec::new()]),
            _ => self.solutions(&block.rest)?,
        };
        let words_at = block.words_at(&variables)?;
        let slots = block.slots(&mut variables)?;
        let index = self.index()?;
        let mut found: HashMap<String, Arc<Vec<Hit>>> = HashMap::new();
        let mut rows = Vec::new();
        for context in contexts {
            let Some(words) = block.words_in(words_at, &context) else {
                continue;
            };
            let hits = match found.get(&words) {
                Some(hits) => Arc::clone(hits),
                None => {
                    let hits = Arc::new(self.search(&index, &block.search, &words)?);
                    found.insert(words, Arc::clone(&hits));
                    hits
                }
            };
            for hit in hits.iter() {
                block.rows(&slots, &context, variables.len(), hit, &mut rows);
            }
        }
        Ok((variables, rows))
    }

    fn search(
        &self,
        index: &SearchIndex,
        search: &Search,
        words: &str,
    ) -> Result<Vec<Hit>, SearchError> {
        let request = Request {
            text: words.to_owned(),
            kind: search.kind,
            lang: search.lang,
            limit: search.limit.unwrap_or(DEFAULT_LIMIT),
        };
        let snippets = search.outputs.iter().any(|(o, _)| *o == Output::Snippet);
        let hits = index.find(&request, snippets);
        hits.map_err(|source| SearchError::Index {
            path: self.path.clone(),
            source,
        })
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
        if !self.merged() {
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
