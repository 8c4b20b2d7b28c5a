//! Blocking evaluation of one request on one generation: queries with a row cap, updates through
//! the store's writer.

use super::ServeError;
use super::negotiate;
use super::protocol::QueryRequest;
use crate::query::results::{self, Written};
use crate::query::{self, QueryFile};
use crate::store::{ReadStore, StoreDir, WaitPolicy};
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphName;
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::{CancellationToken, QueryResults};
use spargebra::GraphUpdateOperation;
use spargebra::algebra::GraphTarget;
use spargebra::term::{GraphName as SparqlGraphName, GraphNamePattern};
use std::time::Duration;

/// A serialised response body.
pub struct Answer {
    pub body: Vec<u8>,
    pub media_type: &'static str,
    /// Rows or triples written (1 for a boolean).
    pub count: usize,
    /// Whether more than `max_results` rows or triples were found and the rest left out.
    pub truncated: bool,
}

const ORIGIN: &str = "query";

pub fn query(
    read: &ReadStore,
    request: QueryRequest,
    accept: Option<&str>,
    token: CancellationToken,
    max_results: usize,
) -> Result<Answer, ServeError> {
    // The text may declare typed parameters (`# param org: organisation`) like a query file.
    let file = QueryFile::parse(ORIGIN.to_owned(), request.text)
        .map_err(|e| ServeError::BadRequest(e.to_string()))?;
    let store = read.store();
    let evaluator = query::evaluator_on(read).with_cancellation_token(token);
    let mut prepared = query::prepare_on(evaluator, read, &file, &request.params)?;
    if !request.default_graphs.is_empty() || !request.named_graphs.is_empty() {
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(
            request
                .default_graphs
                .into_iter()
                .map(GraphName::from)
                .collect(),
        );
        dataset
            .set_available_named_graphs(request.named_graphs.into_iter().map(Into::into).collect());
    }
    let results = query::execute(prepared, store, ORIGIN)?;
    let format = request.format.as_deref();
    let limit = Some(max_results);
    match results {
        QueryResults::Solutions(solutions) => {
            let results_format: QueryResultsFormat = negotiate::choose(accept, format)?;
            let (body, written) =
                results::solutions(solutions, results_format, Vec::new(), limit, ORIGIN)?;
            Ok(Answer::new(body, results_format.media_type(), written))
        }
        QueryResults::Boolean(value) => {
            let results_format: QueryResultsFormat = negotiate::choose(accept, format)?;
            let body = results::boolean(value, results_format, Vec::new())?;
            let written = Written {
                count: 1,
                truncated: false,
            };
            Ok(Answer::new(body, results_format.media_type(), written))
        }
        QueryResults::Graph(triples) => {
            let rdf_format: RdfFormat = negotiate::choose(accept, format)?;
            let (body, written) = results::graph(triples, rdf_format, Vec::new(), limit, ORIGIN)?;
            Ok(Answer::new(body, rdf_format.media_type(), written))
        }
    }
}

impl Answer {
    fn new(body: Vec<u8>, media_type: &'static str, written: Written) -> Self {
        Self {
            body,
            media_type,
            count: written.count,
            truncated: written.truncated,
        }
    }
}

/// Applies a SPARQL Update the way a build changes the store: under the write lock, on a staged
/// copy of the published generation, published atomically only if it succeeds. Readers, this
/// server's included, never see a half-applied update.
pub fn update(
    dir: &StoreDir,
    text: &str,
    token: CancellationToken,
    timeout: Duration,
) -> Result<(), ServeError> {
    let parsed = query::parser()
        .parse_update(text)
        .map_err(|raw| ServeError::UpdateSyntax {
            explanation: query::syntax::explain(text, &raw),
            raw,
        })?;
    // Without an HTTP client oxigraph would fail at LOAD anyway, with a message about its build.
    if parsed
        .operations
        .iter()
        .any(|operation| matches!(operation, GraphUpdateOperation::Load { .. }))
    {
        return Err(ServeError::LoadRefused);
    }
    if parsed.operations.iter().any(writes_default_graph) {
        return Err(ServeError::DefaultGraphWrite);
    }
    let update = query::evaluator()
        .with_cancellation_token(token.clone())
        .for_update(parsed);
    let writer = dir.lock_for_write(WaitPolicy::Wait(timeout))?;
    let staging = writer.stage(false)?;
    let applied = update.on_store(staging.store()).execute();
    if token.is_cancelled() {
        // Dropping the staged copy discards whatever the update did before it was stopped.
        return Err(ServeError::Timeout(timeout));
    }
    applied.map_err(ServeError::Update)?;
    staging.commit()?;
    Ok(())
}

/// Whether `operation` changes the default graph, which the store derives from the named graphs
/// at every commit: what an update wrote there would vanish.
fn writes_default_graph(operation: &GraphUpdateOperation) -> bool {
    match operation {
        GraphUpdateOperation::InsertData { data } => data
            .iter()
            .any(|q| q.graph_name == SparqlGraphName::DefaultGraph),
        GraphUpdateOperation::DeleteData { data } => data
            .iter()
            .any(|q| q.graph_name == SparqlGraphName::DefaultGraph),
        GraphUpdateOperation::DeleteInsert { delete, insert, .. } => {
            delete
                .iter()
                .any(|q| q.graph_name == GraphNamePattern::DefaultGraph)
                || insert
                    .iter()
                    .any(|q| q.graph_name == GraphNamePattern::DefaultGraph)
        }
        GraphUpdateOperation::Clear { graph, .. } | GraphUpdateOperation::Drop { graph, .. } => {
            matches!(graph, GraphTarget::DefaultGraph)
        }
        GraphUpdateOperation::Load { destination, .. } => {
            *destination == SparqlGraphName::DefaultGraph
        }
        GraphUpdateOperation::Create { .. } => false,
    }
}
