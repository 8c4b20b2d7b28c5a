//! `partnergraph serve`: a SPARQL 1.1 Protocol endpoint at `/sparql` and a query page at `/`.
//!
//! The server is one more reader of the store: it holds the published generation read-only, so
//! `partnergraph build` may run beside it. Each request checks which generation is published (one
//! readlink) and the first request after a build commits reopens the new one; queries in flight
//! finish on the old one, which stays on disk until they let go of it.
//!
//! Queries are evaluated in worker processes (see [`worker`]), at most `concurrency` at a time
//! with a bounded queue behind them; a worker whose query outlives `timeout`, loses its client
//! or passes `memory_limit` is killed and replaced, so a runaway query gives back its CPU and
//! memory at once. A query whose algebra is heavy (a cartesian product, a full scan under a sort),
//! or that ran long once, waits in a narrow heavy lane (see [`lanes`]), which keeps slots free for
//! small queries; `/health` takes no slot at all. Results are serialised by oxigraph into a buffer
//! of at most `max_results` rows before the status line is sent, so an error or a timeout half-way through
//! still gets its own status code rather than a truncated 200.
//!
//! SERVICE (federated query) and LOAD are refused: a server must not make HTTP requests on
//! behalf of whoever can reach it (oxigraph is built without its `http-client` feature). The
//! one SERVICE answered is `pg:search`, the store's own text index (`/search` answers the same).
//!
//! Browsers are kept out unless the user lets them in (see [`guard`]).

mod evaluate;
mod guard;
mod lanes;
mod negotiate;
mod protocol;
mod search;
mod worker;

use crate::query::{self, QueryError};
use crate::store::{ReadStore, StoreDir, StoreError};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use guard::Guard;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, UpdateEvaluationError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;
use tower_http::cors::CorsLayer;

/// Number of result rows (or triples) in the response.
pub const ROWS_HEADER: &str = "x-partnergraph-rows";
/// Present, with the value `true`, when `max_results` cut the results short.
pub const TRUNCATED_HEADER: &str = "x-partnergraph-truncated";
/// The store generation that answered, e.g. `gen-000004`; it changes when a build commits.
pub const GENERATION_HEADER: &str = "x-partnergraph-generation";

const PAGE: &str = include_str!("page.html");

/// What `partnergraph serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub store: PathBuf,
    pub bind: SocketAddr,
    /// A query running longer is cancelled and answered with 503.
    pub timeout: Duration,
    /// Rows (or triples) per response; more are cut off and the response says so.
    pub max_results: usize,
    /// Request bodies larger than this are refused with 413.
    pub max_body: usize,
    /// Queries evaluated at once; `None` means twice the number of CPUs.
    pub concurrency: Option<usize>,
    /// Requests that may wait for a free evaluation slot before the server answers 503.
    pub queue: usize,
    /// Resident memory a query's worker process may reach before it is killed (bytes).
    pub memory_limit: u64,
    /// Where the bearer token for SPARQL Update comes from; `None` keeps the server read-only.
    pub update_token: Option<TokenSource>,
    /// Origins whose pages may read the answers (CORS), e.g. `http://localhost:8888`; `*` allows
    /// every origin. Empty: only the server's own query page.
    pub cors_origins: Vec<String>,
    /// Host names the server answers to besides `localhost`, loopback addresses and the address
    /// it listens on (e.g. the DNS name of a reverse proxy in front of it).
    pub allowed_hosts: Vec<String>,
}

/// The shortest update token accepted when the server listens beyond the loopback interface.
pub const MIN_PUBLIC_TOKEN_CHARS: usize = 16;

/// The secret a client must present as `Authorization: Bearer TOKEN` to update the store.
#[derive(Clone)]
pub enum TokenSource {
    File(PathBuf),
    Value(String),
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
            Self::Value(_) => f.write_str("Value(<redacted>)"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("the HTTP server failed")]
    Io(#[from] io::Error),
    #[error("cannot read the update token from {path}")]
    TokenFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the update token is empty")]
    EmptyToken,
    #[error(
        "the update token has {length} characters; a server listening on {addr}, reachable from \
         other machines, needs at least {MIN_PUBLIC_TOKEN_CHARS} (e.g. `openssl rand -hex 16`)"
    )]
    WeakToken { length: usize, addr: SocketAddr },
    #[error("{0:?} is not an origin such as http://localhost:8888 or *")]
    BadOrigin(String),
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("SPARQL syntax error in the update at {explanation}")]
    UpdateSyntax {
        explanation: String,
        raw: oxigraph::sparql::SparqlSyntaxError,
    },
    #[error(
        "LOAD is not supported: the server never fetches documents from URLs; add the document \
         with `partnergraph build FILE` instead"
    )]
    LoadRefused,
    #[error(
        "an update may not write to the default graph: it is the merge of the documents' graphs, \
         rewritten at every change; write into a graph of your own, e.g. \
         INSERT DATA {{ GRAPH <https://example.org/notes> {{ … }} }}"
    )]
    DefaultGraphWrite,
    #[error("an update must be sent with POST (as application/sparql-update or a form), not GET")]
    UpdateNeedsPost,
    #[error("the update failed")]
    Update(#[source] UpdateEvaluationError),
    #[error(
        "unsupported Content-Type {0:?}: POST application/sparql-query, \
         application/sparql-update or application/x-www-form-urlencoded"
    )]
    UnsupportedMediaType(String),
    #[error("unknown format {0:?}: use json, xml, csv, tsv, turtle, ntriples, rdfxml or jsonld")]
    UnknownFormat(String),
    #[error("{kind} cannot be sent as {requested}; available: {available}")]
    NotAcceptable {
        kind: &'static str,
        requested: String,
        available: String,
    },
    #[error(
        "this endpoint is read-only; start the server with --allow-update and a token to accept \
         SPARQL Update"
    )]
    ReadOnly,
    #[error("SPARQL Update needs the header `Authorization: Bearer TOKEN` with the server's token")]
    Unauthorized,
    #[error("the operation ran longer than the server's timeout of {0:?} and was cancelled")]
    Timeout(Duration),
    #[error(
        "the server is busy: {} running and {} waiting (at most {} run at once and {} wait); \
         retry later",
        .0.running, .0.waiting, .0.concurrency, .0.queue
    )]
    Saturated(Load),
    #[error(
        "no evaluation slot became free within the timeout of {timeout:?}: {} running and {} \
         waiting; retry later",
        load.running, load.waiting
    )]
    QueueTimeout { timeout: Duration, load: Load },
    #[error(
        "this server does not answer to the host name {0:?} (a web page may be trying to reach it \
         through DNS rebinding); use http://localhost:PORT or start the server with \
         --allow-host NAME"
    )]
    MisdirectedHost(String),
    #[error(
        "requests from pages on {0} are refused; start the server with --cors-origin {0} to let \
         that page read the answers"
    )]
    ForeignOrigin(String),
    #[error("{message}")]
    Worker { status: u16, message: String },
    #[error(
        "the query needed more than the server's limit of {} MiB of memory and was stopped; make \
         it more specific (a LIMIT, fewer unbound patterns)",
        .0 >> 20
    )]
    OutOfMemory(u64),
    #[error("the request handler failed")]
    Panicked(#[source] tokio::task::JoinError),
    #[error("the search failed")]
    Search(#[from] crate::search::SearchError),
}

impl ServeError {
    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_)
            | Self::UpdateSyntax { .. }
            | Self::UnknownFormat(_)
            | Self::LoadRefused
            | Self::DefaultGraphWrite => StatusCode::BAD_REQUEST,
            Self::UpdateNeedsPost => StatusCode::METHOD_NOT_ALLOWED,
            Self::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            Self::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            Self::Query(e) => match e {
                QueryError::Evaluation { source, .. } => match source {
                    QueryEvaluationError::Cancelled => StatusCode::SERVICE_UNAVAILABLE,
                    QueryEvaluationError::Service(_)
                    | QueryEvaluationError::UnsupportedService(_)
                    | QueryEvaluationError::UnboundService
                    | QueryEvaluationError::InvalidServiceName(_)
                    | QueryEvaluationError::UnsupportedCustomFunction(_)
                    | QueryEvaluationError::UnsupportedCustomFunctionArity { .. } => {
                        StatusCode::BAD_REQUEST
                    }
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                },
                QueryError::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            },
            Self::Update(e) => match e {
                UpdateEvaluationError::Storage(_) | UpdateEvaluationError::Unexpected(_) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
                _ => StatusCode::BAD_REQUEST,
            },
            Self::Worker { status, .. } => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            Self::ReadOnly => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Timeout(_)
            | Self::OutOfMemory(_)
            | Self::Saturated(_)
            | Self::QueueTimeout { .. }
            | Self::Store(StoreError::Busy(_)) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The error message the log line repeats.
#[derive(Clone)]
struct LoggedError(String);

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = crate::describe(&self);
        let mut response = (status, format!("{message}\n")).into_response();
        let headers = response.headers_mut();
        match self {
            Self::ReadOnly => {
                headers.insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
            }
            Self::UpdateNeedsPost => {
                headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
            }
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::Saturated(_) | Self::QueueTimeout { .. } | Self::Store(StoreError::Busy(_)) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        response.extensions_mut().insert(LoggedError(message));
        response
    }
}

/// Serves until SIGINT or SIGTERM, then lets the requests in flight finish.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let dir = StoreDir::new(&options.store);
    let reader = Reader::open(dir.clone())?;
    let token = options.update_token.as_ref().map(read_token).transpose()?;
    if let Some(token) = &token {
        let length = token.chars().count();
        if !options.bind.ip().is_loopback() && length < MIN_PUBLIC_TOKEN_CHARS {
            return Err(ServeError::WeakToken {
                length,
                addr: options.bind,
            });
        }
    }
    let token_digest = token.map(|token| Sha256::digest(token.as_bytes()).to_vec());
    let cors = guard::cors_layer(&options.cors_origins)?;
    let concurrency = options
        .concurrency
        .unwrap_or_else(|| {
            2 * std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        })
        .max(1);
    let generation = reader.get().generation().to_owned();
    let pool = worker::Pool::start(&options.store, concurrency, options.memory_limit)?;
    let state = Arc::new(AppState {
        pool,
        heavy: lanes::HeavyLane::new(concurrency),
        dir,
        reader,
        timeout: options.timeout,
        max_results: options.max_results,
        memory_limit: options.memory_limit,
        slots: Arc::new(Semaphore::new(concurrency)),
        admitted: Arc::new(Semaphore::new(concurrency + options.queue)),
        concurrency,
        queue: options.queue,
        token_digest,
        curated: curated_json(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let shutdown = shutdown_signal()?;
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|source| ServeError::Bind {
                addr: options.bind,
                source,
            })?;
        let addr = listener.local_addr()?;
        let guard = Arc::new(Guard::new(
            addr,
            &options.allowed_hosts,
            &options.cors_origins,
        ));
        eprintln!(
            "listening on http://{addr}/ (SPARQL endpoint http://{addr}/sparql; store {}, {generation}; {}; timeout {:?}, at most {} results; Ctrl-C stops)",
            options.store.display(),
            if state.token_digest.is_some() {
                "updates with the token"
            } else {
                "read-only"
            },
            options.timeout,
            options.max_results,
        );
        axum::serve(listener, router(state, options.max_body, guard, cors))
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok::<_, ServeError>(())
    })?;
    // Requests have been answered; a cancelled evaluation may still be unwinding on its thread.
    runtime.shutdown_timeout(Duration::from_secs(5));
    eprintln!("stopped");
    Ok(())
}

fn read_token(source: &TokenSource) -> Result<String, ServeError> {
    let token = match source {
        TokenSource::Value(token) => token.trim().to_owned(),
        TokenSource::File(path) => std::fs::read_to_string(path)
            .map_err(|source| ServeError::TokenFile {
                path: path.clone(),
                source,
            })?
            .trim()
            .to_owned(),
    };
    if token.is_empty() {
        return Err(ServeError::EmptyToken);
    }
    Ok(token)
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed before the server starts, so a
/// signal arriving early is not lost to the default action.
fn shutdown_signal() -> Result<impl Future<Output = ()>, ServeError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        eprintln!("shutting down: answering the requests in flight");
    })
}

fn router(
    state: Arc<AppState>,
    max_body: usize,
    guard: Arc<Guard>,
    cors: Option<CorsLayer>,
) -> Router {
    let router = Router::new()
        .route("/", get(page))
        .route("/sparql", get(sparql).post(sparql))
        .route("/queries", get(queries))
        .route("/health", get(health))
        .route("/search", get(search::search))
        .layer(DefaultBodyLimit::max(max_body));
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(middleware::from_fn_with_state(guard, guard::guard_requests))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

struct AppState {
    pool: worker::Pool,
    heavy: lanes::HeavyLane,
    dir: StoreDir,
    reader: Reader,
    timeout: Duration,
    max_results: usize,
    memory_limit: u64,
    /// One permit per evaluation that may run now.
    slots: Arc<Semaphore>,
    /// One permit per request running or waiting for a slot; bounds the queue.
    admitted: Arc<Semaphore>,
    concurrency: usize,
    queue: usize,
    /// SHA-256 of the update token: comparing digests in constant time hides the token's length.
    token_digest: Option<Vec<u8>>,
    curated: String,
}

/// How long an operation may run once it has a slot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Deadline {
    /// Answer 503 at the timeout and let the cancelled evaluation unwind on its own.
    CutOff,
    /// Cancel at the timeout but report what really happened: an update that committed must not be
    /// answered with an error.
    AwaitOutcome,
}

/// What the server is doing, for the message of a 503.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub running: usize,
    pub waiting: usize,
    pub concurrency: usize,
    pub queue: usize,
}

impl AppState {
    fn load(&self) -> Load {
        let running = self.concurrency - self.slots.available_permits().min(self.concurrency);
        let admitted = (self.concurrency + self.queue) - self.admitted.available_permits();
        Load {
            running,
            waiting: admitted.saturating_sub(running),
            concurrency: self.concurrency,
            queue: self.queue,
        }
    }

    /// Runs `work` on the blocking pool with a cancellation token that fires at the timeout or
    /// when the client goes away.
    async fn run_blocking<T: Send + 'static>(
        self: &Arc<Self>,
        deadline: Deadline,
        work: impl FnOnce(&Self, CancellationToken) -> Result<T, ServeError> + Send + 'static,
    ) -> Result<T, ServeError> {
        let admitted = Arc::clone(&self.admitted)
            .try_acquire_owned()
            .map_err(|_| ServeError::Saturated(self.load()))?;
        let slot = tokio::time::timeout(self.timeout, Arc::clone(&self.slots).acquire_owned())
            .await
            .map_err(|_| ServeError::QueueTimeout {
                timeout: self.timeout,
                load: self.load(),
            })?
            .expect("the semaphore is never closed");
        let token = CancellationToken::new();
        let _cancel_on_drop = CancelOnDrop(token.clone());
        let state = Arc::clone(self);
        let task_token = token.clone();
        let mut task = tokio::task::spawn_blocking(move || {
            // The slot is released when the evaluation really ends, not when the client is
            // answered, so runaway queries cannot pile up beyond `concurrency`.
            let _permits = (admitted, slot);
            work(&state, task_token)
        });
        match tokio::time::timeout(self.timeout, &mut task).await {
            Ok(joined) => joined.map_err(ServeError::Panicked)?,
            Err(_) => {
                token.cancel();
                match deadline {
                    Deadline::CutOff => Err(ServeError::Timeout(self.timeout)),
                    Deadline::AwaitOutcome => task.await.map_err(ServeError::Panicked)?,
                }
            }
        }
    }

    fn authorise(&self, headers: &HeaderMap) -> Result<(), ServeError> {
        let Some(expected) = &self.token_digest else {
            return Err(ServeError::ReadOnly);
        };
        // The scheme is case-insensitive (RFC 9110, section 11.1): `bearer` is `Bearer`.
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token)
            .ok_or(ServeError::Unauthorized)?;
        let digest = Sha256::digest(presented.trim().as_bytes());
        if bool::from(digest.as_slice().ct_eq(expected)) {
            Ok(())
        } else {
            Err(ServeError::Unauthorized)
        }
    }
}

/// Cancels the evaluation when the handler is dropped, e.g. because the client disconnected.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The generation queries read, replaced when a build publishes a newer one.
struct Reader {
    dir: StoreDir,
    current: Mutex<Arc<ReadStore>>,
}

impl Reader {
    fn open(dir: StoreDir) -> Result<Self, StoreError> {
        let current = Mutex::new(Arc::new(dir.open_read()?));
        Ok(Self { dir, current })
    }

    /// The published generation. Callers keep the `Arc` for the whole query, which keeps that
    /// generation open (and on disk) even if a build publishes another meanwhile.
    fn get(&self) -> Arc<ReadStore> {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let published = self.dir.current_generation();
        if matches!(&published, Ok(Some(name)) if name != current.generation()) {
            match self.dir.open_read() {
                Ok(newer) => {
                    eprintln!("now serving {}", newer.generation());
                    *current = Arc::new(newer);
                }
                // Keep answering from the generation we have; the next request tries again.
                Err(e) => tracing::warn!(
                    "cannot open the newly published graph: {}",
                    crate::describe(&e)
                ),
            }
        }
        Arc::clone(&current)
    }
}

async fn page() -> Response {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            // Everything the page needs is inline or on this server: nothing may load from elsewhere.
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
        )],
        Html(PAGE),
    )
        .into_response()
}

async fn queries(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.curated.clone(),
    )
        .into_response()
}

async fn health(State(state): State<Arc<AppState>>) -> Result<Response, ServeError> {
    #[derive(Serialize)]
    struct Health {
        status: &'static str,
        generation: String,
    }
    // Not through the evaluation slots: a server busy with long queries still says it is alive.
    let generation =
        tokio::task::spawn_blocking(move || state.reader.get().generation().to_owned())
            .await
            .map_err(ServeError::Panicked)?;
    Ok(axum::Json(Health {
        status: "ok",
        generation,
    })
    .into_response())
}

/// `/sparql`: a query or an update, in any of the protocol's request forms.
async fn sparql(
    State(state): State<Arc<AppState>>,
    method: Method,
    headers: HeaderMap,
    RawQuery(url_query): RawQuery,
    body: Bytes,
) -> Result<Response, ServeError> {
    match protocol::parse(&method, &headers, url_query.as_deref(), &body)? {
        protocol::Operation::Query(request) => {
            let accept = headers
                .get(header::ACCEPT)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let answered = answer_query(&state, request, accept).await?;
            Ok(query_response(answered))
        }
        protocol::Operation::Update(text) => {
            state.authorise(&headers)?;
            let timeout = state.timeout;
            state
                .run_blocking(Deadline::AwaitOutcome, move |state, token| {
                    evaluate::update(&state.dir, &text, token, timeout)
                })
                .await?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
    }
}

/// Evaluates a query in a worker, through the heavy lane when it is judged heavy, and remembers
/// it as heavy when it ran long.
async fn answer_query(
    state: &Arc<AppState>,
    request: protocol::QueryRequest,
    accept: Option<String>,
) -> Result<worker::Answered, ServeError> {
    let max_results = state.max_results;
    let judged = state.heavy.judge(&request);
    let _heavy = if judged.heavy {
        let permit = state.heavy.enter(state.timeout).await;
        Some(permit.ok_or_else(|| ServeError::QueueTimeout {
            timeout: state.timeout,
            load: state.load(),
        })?)
    } else {
        None
    };
    let answered = state
        .run_blocking(Deadline::CutOff, move |state, token| {
            // Time in the worker only: a query that waited long for a slot is not heavy.
            let started = Instant::now();
            let answered = match state.pool.query(request, accept, max_results, &token) {
                Ok(answered) => answered,
                Err(worker::Stopped::Cancelled) => Err(ServeError::Timeout(state.timeout)),
                Err(worker::Stopped::OutOfMemory(bytes)) => {
                    tracing::warn!("stopped a query at {} MiB", bytes >> 20);
                    Err(ServeError::OutOfMemory(state.memory_limit))
                }
            }?;
            Ok((answered, started.elapsed()))
        })
        .await;
    let ran_long = match &answered {
        Ok((_, took)) => *took >= lanes::SLOW,
        Err(e) => matches!(e, ServeError::Timeout(_) | ServeError::OutOfMemory(_)),
    };
    if ran_long {
        state.heavy.remember(&judged);
    }
    answered.map(|(answered, _)| answered)
}

fn query_response(answered: worker::Answered) -> Response {
    let worker::Answered { answer, generation } = answered;
    let mut response = (
        [
            (header::CONTENT_TYPE, answer.media_type),
            (header::VARY, "accept"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        answer.body,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(ROWS_HEADER, HeaderValue::from(answer.count));
    if answer.truncated {
        headers.insert(TRUNCATED_HEADER, HeaderValue::from_static("true"));
    }
    if let Ok(value) = HeaderValue::from_str(&generation) {
        headers.insert(GENERATION_HEADER, value);
    }
    response
}

/// One line per request on stderr: time, status, method, path, rows, duration, and the error.
async fn log(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let rows = response
        .headers()
        .get(ROWS_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    let error = response
        .extensions()
        .get::<LoggedError>()
        .map(|e| format!(" error: {}", e.0.lines().next().unwrap_or_default()))
        .unwrap_or_default();
    eprintln!(
        "{} {} {method} {path} rows={rows} {:.1}ms{error}",
        oxsdatatypes::DateTime::now(),
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0,
    );
    response
}

/// `GET /queries`: the curated queries with their parameters, as the page and notebooks use them.
fn curated_json() -> String {
    #[derive(Serialize)]
    struct Curated {
        name: String,
        description: String,
        parameters: Vec<Parameter>,
        text: String,
    }
    #[derive(Serialize)]
    struct Parameter {
        name: String,
        #[serde(rename = "type")]
        kind: &'static str,
        optional: bool,
        description: String,
    }
    let list: Vec<Curated> = query::curated::all()
        .into_iter()
        .map(|q| Curated {
            name: query::curated::name(&q).to_owned(),
            description: q.description,
            parameters: q
                .params
                .into_iter()
                .map(|p| Parameter {
                    name: p.name,
                    kind: p.kind.name(),
                    optional: p.optional,
                    description: p.description,
                })
                .collect(),
            text: q.text,
        })
        .collect();
    serde_json::to_string(&list).expect("the curated list serialises")
}

/// `partnergraph serve-worker`: evaluates the queries a server sends it (see [`worker`]).
pub fn run_worker(store: &std::path::Path) -> Result<(), ServeError> {
    worker::run(store)
}
