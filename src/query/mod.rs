//! SPARQL queries from the command line and from the curated files in `queries/`.
//!
//! Parameters are bound as RDF terms substituted into the parsed query's algebra ([`bind`]),
//! never pasted into the query text, so a value cannot change the query's meaning whatever it
//! contains, and the optimiser plans with the constant.

pub mod bind;
pub mod cost;
pub mod curated;
mod params;
pub mod results;
pub mod syntax;
pub mod table;

pub use params::{DeclarationError, ParamDecl, ParamType, QueryFile, QueryFileError};
pub use table::{compact_iri, write as write_table};

use crate::resolve::{self, LookupError};
use crate::store::ReadStore;
use crate::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator,
    SparqlSyntaxError,
};
use oxigraph::store::Store;
use spargebra::SparqlParser;
use std::io::{self, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Output formats of `partnergraph query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    NTriples,
}

impl OutputFormat {
    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            Self::Table | Self::Turtle | Self::NTriples => None,
        }
    }

    fn graph_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle => Some(RdfFormat::Turtle),
            Self::NTriples => Some(RdfFormat::NTriples),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// `explanation` says in words what `raw` says in grammar tokens.
    #[error("{origin}: SPARQL syntax error at {explanation}")]
    Syntax {
        origin: String,
        explanation: String,
        raw: SparqlSyntaxError,
    },
    #[error(
        "{origin}: the query ran longer than the timeout of {timeout:?} and was stopped; make it \
         more specific (a LIMIT, a bound parameter)"
    )]
    Timeout { origin: String, timeout: Duration },
    #[error("{origin}: {message}")]
    Param { origin: String, message: String },
    #[error("{origin}: missing parameter {name} ({description})")]
    MissingParam {
        origin: String,
        name: String,
        description: String,
    },
    #[error("{origin}: parameter {name}")]
    Bind {
        origin: String,
        name: String,
        #[source]
        source: bind::BindError,
    },
    #[error("{origin}: parameter {name}")]
    Lookup {
        origin: String,
        name: String,
        #[source]
        source: LookupError,
    },
    #[error("{origin}: query evaluation failed")]
    Evaluation {
        origin: String,
        #[source]
        source: QueryEvaluationError,
    },
    #[error("{origin}: a {kind} query produces {produces}, which the format asked for cannot hold")]
    FormatMismatch {
        origin: String,
        kind: &'static str,
        produces: &'static str,
        suggestion: &'static str,
    },
    #[error("writing the results failed")]
    Write(#[from] io::Error),
}

/// What a query printed, for the summary line on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryOutcome {
    Rows(usize),
    Boolean(bool),
    Triples(usize),
}

/// How long `run` may take and how it reports that it is still working.
pub struct Limits<'a> {
    /// Stop the query after this long; `None` lets it run.
    pub timeout: Option<Duration>,
    /// Called every [`PROGRESS_EVERY`] while the query runs, with the time spent so far.
    pub progress: &'a (dyn Fn(Duration) + Sync),
    /// Called with the timeout error when the evaluation has not stopped [`GRACE`] after its
    /// cancellation: an operator working in memory (a sort, a join of materialised sides) only
    /// notices the cancellation at its next read of the store. A command line ends the process.
    pub stuck: &'a (dyn Fn(QueryError) + Sync),
}

/// How often [`Limits::progress`] is called.
pub const PROGRESS_EVERY: Duration = Duration::from_secs(5);
/// How long a cancelled evaluation may take to stop before [`Limits::stuck`] is called.
pub const GRACE: Duration = Duration::from_secs(2);

/// Runs `file` against `store`, binding `params` (name, value) as its declarations say, and
/// writes the results to `out`. With no explicit format, solutions print as a table and graphs
/// as Turtle.
pub fn run(
    read: &ReadStore,
    file: &QueryFile,
    params: &[(String, String)],
    format: Option<OutputFormat>,
    out: &mut dyn Write,
    limits: &Limits<'_>,
) -> Result<QueryOutcome, QueryError> {
    let token = CancellationToken::new();
    let (done, finished) = mpsc::channel::<()>();
    // A watchdog beside the evaluation: it reports progress and cancels at the timeout; the
    // evaluation notices the cancellation at its next read of the store.
    std::thread::scope(|scope| {
        let watchdog_token = token.clone();
        scope.spawn(move || {
            let started = Instant::now();
            let mut next_report = PROGRESS_EVERY;
            loop {
                let mut wait = next_report.saturating_sub(started.elapsed());
                if let Some(timeout) = limits.timeout {
                    wait = wait.min(timeout.saturating_sub(started.elapsed()));
                }
                if !matches!(
                    finished.recv_timeout(wait),
                    Err(mpsc::RecvTimeoutError::Timeout)
                ) {
                    return;
                }
                if let Some(timeout) = limits.timeout.filter(|t| started.elapsed() >= *t) {
                    watchdog_token.cancel();
                    if matches!(
                        finished.recv_timeout(GRACE),
                        Err(mpsc::RecvTimeoutError::Timeout)
                    ) {
                        (limits.stuck)(QueryError::Timeout {
                            origin: file.origin.clone(),
                            timeout,
                        });
                    }
                    return;
                }
                if started.elapsed() >= next_report {
                    (limits.progress)(started.elapsed());
                    next_report += PROGRESS_EVERY;
                }
            }
        });
        let outcome = (|| {
            let store = read.store();
            let prepared = prepare_on(
                evaluator_on(read).with_cancellation_token(token.clone()),
                read,
                file,
                params,
            )?;
            let results = execute(prepared, store, &file.origin)?;
            write_results(results, format, out, &file.origin)
        })();
        drop(done);
        match outcome {
            Err(QueryError::Evaluation {
                source: QueryEvaluationError::Cancelled,
                ..
            }) => Err(QueryError::Timeout {
                origin: file.origin.clone(),
                timeout: limits.timeout.unwrap_or_default(),
            }),
            other => other,
        }
    })
}

/// Parses `file` with `evaluator` (its default graph is the store's, the merge of the documents'
/// graphs, unless the query says FROM), and binds `params` as [`run`] does: each bound term replaces its
/// variable in the parsed query before the optimiser plans it.
pub fn prepare(
    evaluator: SparqlEvaluator,
    store: &Store,
    file: &QueryFile,
    params: &[(String, String)],
) -> Result<PreparedSparqlQuery, QueryError> {
    let query = parse_bound(store, file, params)?;
    Ok(for_store(evaluator, store, query))
}

/// [`prepare`] on the generation `read`, with its `SERVICE pg:search` blocks answered from the
/// generation's text index before the optimiser plans the query, so that it plans with the
/// hits counted ([`crate::search::service::inline`]).
pub fn prepare_on(
    evaluator: SparqlEvaluator,
    read: &ReadStore,
    file: &QueryFile,
    params: &[(String, String)],
) -> Result<PreparedSparqlQuery, QueryError> {
    let mut query = parse_bound(read.store(), file, params)?;
    crate::search::service::inline(&mut query, read).map_err(|e| QueryError::Evaluation {
        origin: file.origin.clone(),
        source: QueryEvaluationError::Service(Box::new(e)),
    })?;
    Ok(for_store(evaluator, read.store(), query))
}

fn parse_bound(
    store: &Store,
    file: &QueryFile,
    params: &[(String, String)],
) -> Result<spargebra::Query, QueryError> {
    let mut query = parser()
        .parse_query(&file.text)
        .map_err(|raw| QueryError::Syntax {
            origin: file.origin.clone(),
            explanation: syntax::explain(&file.text, &raw),
            raw,
        })?;
    for (variable, term) in bind_params(store, file, params)? {
        bind::substitute(&mut query, &variable, &term).map_err(|source| QueryError::Bind {
            origin: file.origin.clone(),
            name: variable.as_str().to_owned(),
            source,
        })?;
    }
    Ok(query)
}

fn for_store(
    evaluator: SparqlEvaluator,
    store: &Store,
    query: spargebra::Query,
) -> PreparedSparqlQuery {
    let mut prepared = evaluator.for_query(query);
    // The default graph is the merge of the documents' graphs, written by every build. A store
    // built before that has none: the union of the graphs then stands in (a bag, not a set).
    let merged = crate::store::has_merged_default_graph(store).unwrap_or(true);
    if prepared.dataset().is_default_dataset() && !merged && !store.is_empty().unwrap_or(true) {
        tracing::warn!(
            "this store was built by an older partnergraph: the default graph is the union of \
             the documents' graphs, where a triple two documents state counts twice; run \
             `partnergraph build --compact` once to write it as their merge"
        );
        prepared.dataset_mut().set_default_graph_as_union();
    }
    prepared
}

/// Starts evaluating a prepared query; solutions are computed as the results are iterated.
pub fn execute(
    prepared: PreparedSparqlQuery,
    store: &Store,
    origin: &str,
) -> Result<QueryResults<'static>, QueryError> {
    prepared
        .on_store(store)
        .execute()
        .map_err(|source| QueryError::Evaluation {
            origin: origin.to_owned(),
            source,
        })
}

/// A parser that knows the [`PREFIXES`], so that ad-hoc queries need no PREFIX lines.
pub fn parser() -> SparqlParser {
    PREFIXES
        .iter()
        .fold(SparqlParser::new(), |parser, (prefix, iri)| {
            parser
                .with_prefix(*prefix, *iri)
                .expect("the built-in prefixes are valid IRIs")
        })
}

/// An evaluator that knows the [`PREFIXES`], for the text it parses itself (updates, shapes).
pub fn evaluator() -> SparqlEvaluator {
    PREFIXES
        .iter()
        .fold(SparqlEvaluator::new(), |evaluator, (prefix, iri)| {
            evaluator
                .with_prefix(*prefix, *iri)
                .expect("the built-in prefixes are valid IRIs")
        })
}

/// An evaluator for queries on the generation `read`: the [`PREFIXES`], and text search as
/// `SERVICE pg:search` answered from that generation's index.
pub fn evaluator_on(read: &ReadStore) -> SparqlEvaluator {
    crate::search::service::register(evaluator(), read)
}

/// Turns `name=value` pairs into terms: organisations are looked up by any of their names,
/// everything else becomes a typed literal.
fn bind_params(
    store: &Store,
    file: &QueryFile,
    params: &[(String, String)],
) -> Result<Vec<(Variable, Term)>, QueryError> {
    let origin = &file.origin;
    let param_error = |message: String| QueryError::Param {
        origin: origin.clone(),
        message,
    };
    let mut bound = Vec::new();
    for (name, value) in params {
        if bound
            .iter()
            .any(|(v, _): &(Variable, Term)| v.as_str() == name)
        {
            return Err(param_error(format!("parameter {name} is given twice")));
        }
        let variable = Variable::new(name.as_str())
            .map_err(|_| param_error(format!("{name:?} is not a valid SPARQL variable name")))?;
        let kind = match file.param(name) {
            Some(decl) => decl.kind,
            None if file.params.is_empty() && file.mentions_variable(name) => ParamType::String,
            None => {
                let known = if file.params.is_empty() {
                    format!("the query has no variable ?{name}")
                } else {
                    format!(
                        "it declares {}",
                        file.params
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(param_error(format!("unknown parameter {name}: {known}")));
            }
        };
        bound.push((variable, param_term(store, origin, name, value, kind)?));
    }
    if let Some(missing) = file
        .params
        .iter()
        .find(|p| !p.optional && !bound.iter().any(|(v, _)| v.as_str() == p.name))
    {
        return Err(QueryError::MissingParam {
            origin: origin.clone(),
            name: missing.name.clone(),
            description: missing.description.clone(),
        });
    }
    Ok(bound)
}

/// The term a parameter's value is bound as, by the kind its query declares.
fn param_term(
    store: &Store,
    origin: &str,
    name: &str,
    value: &str,
    kind: ParamType,
) -> Result<Term, QueryError> {
    let param_error = |message: String| QueryError::Param {
        origin: origin.to_owned(),
        message,
    };
    let lookup_error = |source| QueryError::Lookup {
        origin: origin.to_owned(),
        name: name.to_owned(),
        source,
    };
    Ok(match kind {
        ParamType::String => Literal::new_simple_literal(value).into(),
        ParamType::Integer => {
            let n: i64 = value.trim().parse().map_err(|_| {
                param_error(format!(
                    "parameter {name} must be an integer, got {value:?}"
                ))
            })?;
            Literal::from(n).into()
        }
        ParamType::Iri => NamedNode::new(value.trim())
            .map_err(|e| param_error(format!("parameter {name} must be an IRI: {e}")))?
            .into(),
        ParamType::Organisation => resolve::lookup_organisation(store, value)
            .map_err(lookup_error)?
            .iri
            .into(),
        ParamType::Theme => resolve::lookup_theme(store, value)
            .map_err(lookup_error)?
            .into(),
    })
}

fn write_results(
    results: QueryResults<'_>,
    format: Option<OutputFormat>,
    out: &mut dyn Write,
    origin: &str,
) -> Result<QueryOutcome, QueryError> {
    let mismatch = |kind, produces, suggestion| QueryError::FormatMismatch {
        origin: origin.to_owned(),
        kind,
        produces,
        suggestion,
    };
    let evaluation = |source| QueryError::Evaluation {
        origin: origin.to_owned(),
        source,
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(OutputFormat::Table);
            if format.graph_format().is_some() {
                return Err(mismatch(
                    "SELECT",
                    "solutions",
                    "table, csv, tsv, json or xml",
                ));
            }
            if let Some(results_format) = format.results_format() {
                let (_, written) =
                    results::solutions(solutions, results_format, out, None, origin)?;
                Ok(QueryOutcome::Rows(written.count))
            } else {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v).map(table::display_term).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                let headers: Vec<&str> = variables.iter().map(Variable::as_str).collect();
                table::write(out, &headers, &rows)?;
                Ok(QueryOutcome::Rows(rows.len()))
            }
        }
        QueryResults::Boolean(value) => {
            match format.unwrap_or(OutputFormat::Table) {
                OutputFormat::Table => writeln!(out, "{value}")?,
                f => match f.results_format() {
                    Some(results_format) => {
                        results::boolean(value, results_format, out)?;
                    }
                    None => {
                        return Err(mismatch("ASK", "a boolean", "table, csv, tsv, json or xml"));
                    }
                },
            }
            Ok(QueryOutcome::Boolean(value))
        }
        QueryResults::Graph(triples) => {
            let format = format.unwrap_or(OutputFormat::Turtle);
            let Some(rdf_format) = format.graph_format() else {
                return Err(mismatch(
                    "CONSTRUCT or DESCRIBE",
                    "a graph",
                    "turtle or ntriples",
                ));
            };
            let (_, written) = results::graph(triples, rdf_format, out, None, origin)?;
            Ok(QueryOutcome::Triples(written.count))
        }
    }
}

/// Prefixes used to shorten IRIs in tables and Turtle output.
pub const PREFIXES: &[(&str, &str)] = &[
    ("pg", vocab::PG_NS),
    ("theme", vocab::THEME_NS),
    ("id", vocab::ID_NS),
    ("graph", vocab::GRAPH_NS),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
];
