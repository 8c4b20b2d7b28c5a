//! Blocking evaluation of one request on one generation: queries with a row cap, updates through
//! the store's writer.

use super::ServeError;
use super::negotiate;
use super::protocol::QueryRequest;
use crate::query::{self, QueryError, QueryFile};
use crate::store::{StoreDir, WaitPolicy};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::GraphName;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use spargebra::GraphUpdateOperation;
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
    store: &Store,
    request: QueryRequest,
    accept: Option<&str>,
    token: CancellationToken,
    max_results: usize,
) -> Result<Answer, ServeError> {
    // The text may declare typed parameters (`# param org: organisation`) like a query file.
    let file = QueryFile::parse(ORIGIN.to_owned(), request.text).map_err(ServeError::BadRequest)?;
    let evaluator = query::evaluator().with_cancellation_token(token);
    let mut prepared = query::prepare(evaluator, store, &file, &request.params)?;
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
    let evaluation = |source: QueryEvaluationError| {
        ServeError::Query(QueryError::Evaluation {
            origin: ORIGIN.to_owned(),
            source,
        })
    };
    let write = |e: std::io::Error| ServeError::Query(QueryError::Write(e));
    match results {
        QueryResults::Solutions(solutions) => {
            let results_format: QueryResultsFormat = negotiate::choose(accept, format)?;
            let mut serializer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(write)?;
            let (mut count, mut truncated) = (0, false);
            for solution in solutions {
                let solution = solution.map_err(evaluation)?;
                if count == max_results {
                    truncated = true;
                    break;
                }
                serializer.serialize(&solution).map_err(write)?;
                count += 1;
            }
            Ok(Answer {
                body: serializer.finish().map_err(write)?,
                media_type: results_format.media_type(),
                count,
                truncated,
            })
        }
        QueryResults::Boolean(value) => {
            let results_format: QueryResultsFormat = negotiate::choose(accept, format)?;
            Ok(Answer {
                body: QueryResultsSerializer::from_format(results_format)
                    .serialize_boolean_to_writer(Vec::new(), value)
                    .map_err(write)?,
                media_type: results_format.media_type(),
                count: 1,
                truncated: false,
            })
        }
        QueryResults::Graph(triples) => {
            let rdf_format: RdfFormat = negotiate::choose(accept, format)?;
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (prefix, iri) in query::PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("the built-in prefixes are valid IRIs");
            }
            let mut writer = serializer.for_writer(Vec::new());
            let (mut count, mut truncated) = (0, false);
            for triple in triples {
                let triple = triple.map_err(evaluation)?;
                if count == max_results {
                    truncated = true;
                    break;
                }
                writer.serialize_triple(&triple).map_err(write)?;
                count += 1;
            }
            Ok(Answer {
                body: writer.finish().map_err(write)?,
                media_type: rdf_format.media_type(),
                count,
                truncated,
            })
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
