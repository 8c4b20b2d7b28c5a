//! `partnergraph serve`: the real binary on a free loopback port, queried over HTTP by a Rust
//! client, by Python's SPARQLWrapper and rdflib, and by headless Chromium on the query page.

use crate::common::{Env, fixture, node_modules_with, normalised, python_with, repo};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `partnergraph serve`; stopped with SIGTERM (or killed) when dropped.
pub(crate) struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(crate) fn start(env: &Env, args: &[&str]) -> Self {
        let mut child = env
            .command()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("listening on http://") {
                    let address = rest.split('/').next().unwrap_or_default().to_owned();
                    let _ = address_tx.send(address);
                }
                sink.lock().unwrap().push(line);
            }
        });
        let Ok(address) = address_rx.recv_timeout(Duration::from_secs(30)) else {
            let _ = child.kill();
            panic!(
                "the server did not say where it listens:\n{}",
                log.lock().unwrap().join("\n")
            );
        };
        Self {
            child,
            base: format!("http://{address}"),
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The log once it contains `text`: the server writes a line before it answers, but the
    /// thread reading its stderr may not have taken it in yet. Panics after 10 s.
    fn log_with(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if log.contains(text) {
                return log;
            }
            assert!(Instant::now() < deadline, "no {text:?} in the log:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then waits for a graceful exit.
    fn stop(mut self) -> (ExitStatus, String) {
        signal(&self.child, "TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return (status, self.log());
            }
            assert!(
                Instant::now() < deadline,
                "the server ignored SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A server on a store built from the seeds; the store lives as long as the `Env`, which the
/// caller keeps beside the server (dropped after it).
fn serve_seeds(args: &[&str]) -> (Env, Server) {
    let env = Env::with_seeds();
    let server = Server::start(&env, args);
    (env, server)
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

pub(crate) struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    pub(crate) body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    pub(crate) fn ok(self) -> Self {
        assert_eq!(self.status, 200, "{}", self.body);
        self
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("the server answers");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("a UTF-8 body"),
    }
}

pub(crate) fn get(
    server: &Server,
    path: &str,
    query: &[(&str, &str)],
    accept: Option<&str>,
) -> Reply {
    let mut request = agent().get(server.url(path));
    for (key, value) in query {
        request = request.query(*key, *value);
    }
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    reply(request.call())
}

/// A successful answer to a query sent by GET, in the format `accept` names.
fn sparql(server: &Server, query: &str, accept: &str) -> Reply {
    get(server, "/sparql", &[("query", query)], Some(accept)).ok()
}

/// The answer of the server to an ASK query.
fn asks(server: &Server, ask: &str) -> bool {
    let answer = sparql(server, ask, "text/csv");
    match answer.body.trim() {
        "true" => true,
        "false" => false,
        other => panic!("not an ASK answer: {other}"),
    }
}

fn post_form(server: &Server, fields: &[(&str, &str)], accept: &str) -> Reply {
    reply(
        agent()
            .post(server.url("/sparql"))
            .header("Accept", accept)
            .send_form(fields.iter().copied()),
    )
}

fn post_body(server: &Server, content_type: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent()
        .post(server.url("/sparql"))
        .header("Content-Type", content_type);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.send(body))
}

const ORGANISATIONS: &str =
    "SELECT ?name WHERE { ?o a pg:Organisation ; skos:prefLabel ?name } ORDER BY ?name";
const SHARED_ASK: &str = "ASK { ?p pg:acronym \"3TR\" }";
const PROJECT_GRAPH: &str =
    "CONSTRUCT { ?p pg:acronym ?a } WHERE { ?p a pg:Project ; pg:acronym ?a }";
/// Every triple times every triple times every triple: far beyond any timeout on the seeds.
const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

fn csv_rows(text: &str) -> BTreeSet<Vec<String>> {
    normalised(text).into_iter().collect()
}

#[test]
fn answers_every_request_form_of_the_protocol() {
    let (env, server) = serve_seeds(&[]);
    let cli = env.ok(&["query", "-e", ORGANISATIONS, "--format", "csv"]);
    let expected = csv_rows(&cli);
    let rows = (normalised(&cli).len() - 1).to_string();
    assert!(expected.len() > 10, "{expected:?}");

    let by_get = sparql(&server, ORGANISATIONS, "text/csv");
    let by_form = post_form(&server, &[("query", ORGANISATIONS)], "text/csv").ok();
    let direct = post_body(
        &server,
        "application/sparql-query",
        ORGANISATIONS,
        &[("Accept", "text/csv")],
    )
    .ok();
    for reply in [&by_get, &by_form, &direct] {
        assert!(reply.content_type().starts_with("text/csv"));
        assert_eq!(csv_rows(&reply.body), expected);
        assert_eq!(reply.header("x-partnergraph-rows"), Some(rows.as_str()));
    }

    // default-graph-uri and named-graph-uri replace the dataset: one document's graph only.
    let graph = "https://w3id.org/partnergraph/graph/region-stockholm-profile";
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let one = get(
        &server,
        "/sparql",
        &[("query", count), ("default-graph-uri", graph)],
        Some("text/csv"),
    )
    .ok();
    let all = sparql(&server, count, "text/csv");
    let n = |r: &Reply| r.body.lines().nth(1).unwrap().parse::<u64>().unwrap();
    assert!(
        0 < n(&one) && n(&one) < n(&all),
        "{} vs {}",
        one.body,
        all.body
    );
    let named = get(
        &server,
        "/sparql",
        &[
            (
                "query",
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            ),
            ("named-graph-uri", graph),
        ],
        Some("text/csv"),
    )
    .ok();
    assert_eq!(named.body.lines().collect::<Vec<_>>(), ["g", graph]);
}

#[test]
fn negotiates_the_format() {
    let (env, server) = serve_seeds(&[]);
    let select = |accept: &str| {
        get(
            &server,
            "/sparql",
            &[("query", ORGANISATIONS)],
            Some(accept),
        )
    };

    let json = select("application/sparql-results+json").ok();
    assert_eq!(json.content_type(), "application/sparql-results+json");
    let parsed: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(parsed["head"]["vars"][0], "name");
    assert!(
        select("application/sparql-results+xml")
            .ok()
            .body
            .contains("<sparql")
    );
    assert!(
        select("text/tab-separated-values")
            .ok()
            .body
            .starts_with("?name")
    );
    assert!(
        select("text/csv;q=0.2, application/sparql-results+xml;q=0.9")
            .ok()
            .content_type()
            .starts_with("application/sparql-results+xml")
    );
    assert_eq!(
        get(&server, "/sparql", &[("query", ORGANISATIONS)], None)
            .ok()
            .content_type(),
        "application/sparql-results+json",
        "JSON when the client does not say"
    );
    let refused = select("image/png");
    assert_eq!(refused.status, 406);
    assert!(refused.body.contains("text/csv"), "{}", refused.body);

    // `format` overrides Accept.
    let overridden = get(
        &server,
        "/sparql",
        &[("query", ORGANISATIONS), ("format", "csv")],
        Some("application/sparql-results+json"),
    )
    .ok();
    assert!(overridden.content_type().starts_with("text/csv"));

    let ask = sparql(&server, SHARED_ASK, "application/sparql-results+json");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ask.body).unwrap()["boolean"],
        true
    );

    let graph = |accept: &str| {
        get(
            &server,
            "/sparql",
            &[("query", PROJECT_GRAPH)],
            Some(accept),
        )
    };
    let expected_triples = env
        .ok(&["query", "-e", PROJECT_GRAPH, "--format", "ntriples"])
        .lines()
        .filter(|l| !l.is_empty())
        .count();
    let turtle = graph("text/turtle").ok();
    assert!(turtle.content_type().starts_with("text/turtle"));
    assert!(turtle.body.contains("@prefix pg:"), "{}", turtle.body);
    let ntriples = graph("application/n-triples").ok();
    assert_eq!(ntriples.body.lines().count(), expected_triples);
    assert_eq!(
        ntriples.header("x-partnergraph-rows"),
        Some(expected_triples.to_string().as_str())
    );
    assert!(graph("application/rdf+xml").ok().body.contains("<rdf:RDF"));
    let json_ld = graph("application/ld+json").ok();
    assert!(json_ld.content_type().starts_with("application/ld+json"));
    assert!(serde_json::from_str::<serde_json::Value>(&json_ld.body).is_ok());
    assert_eq!(graph("text/csv").status, 406);
    assert_eq!(
        get(
            &server,
            "/sparql",
            &[("query", PROJECT_GRAPH), ("format", "tsv")],
            None
        )
        .status,
        406
    );
    assert_eq!(
        get(
            &server,
            "/sparql",
            &[("query", PROJECT_GRAPH), ("format", "docx")],
            None
        )
        .status,
        400
    );
}

#[test]
fn refuses_bad_requests_with_their_status_codes() {
    let (_env, server) = serve_seeds(&["--max-body", "2048"]);

    let syntax = get(
        &server,
        "/sparql",
        &[("query", "SELECT ?x WHERE { ?x ")],
        None,
    );
    assert_eq!(syntax.status, 400);
    assert!(
        syntax
            .body
            .contains("SPARQL syntax error at line 1, column 22: expected ")
            && syntax.body.contains("found the end of the query"),
        "{}",
        syntax.body
    );

    let update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }";
    for reply in [
        post_body(&server, "application/sparql-update", update, &[]),
        post_form(&server, &[("update", update)], "*/*"),
    ] {
        assert_eq!(reply.status, 405, "{}", reply.body);
        assert!(reply.body.contains("read-only"), "{}", reply.body);
    }
    assert_eq!(
        sparql(&server, "ASK { <http://e/s> ?p ?o }", "text/csv")
            .body
            .trim(),
        "false",
        "the refused update changed nothing"
    );

    let padding = format!("# {}\nASK {{}}", "x".repeat(4096));
    let too_large = post_body(&server, "application/sparql-query", &padding, &[]);
    assert_eq!(too_large.status, 413);

    assert_eq!(post_body(&server, "text/plain", "ASK {}", &[]).status, 415);
    assert_eq!(get(&server, "/sparql", &[], None).status, 400);

    // SERVICE would make the server an HTTP client of whoever asks.
    let service = get(
        &server,
        "/sparql",
        &[(
            "query",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        )],
        None,
    );
    assert_eq!(service.status, 400, "{}", service.body);
    assert!(service.body.contains("not supported"), "{}", service.body);

    // The log has one line per request with time, status, method, path, rows and duration.
    let ok = get(&server, "/sparql", &[("query", ORGANISATIONS)], None).ok();
    let rows = ok.header("x-partnergraph-rows").unwrap().to_owned();
    let (status, log) = server.stop();
    assert!(status.success(), "{log}");
    assert!(
        log.lines()
            .any(|l| l.contains(&format!(" 200 GET /sparql rows={rows} "))
                && l.ends_with("ms")
                && l.starts_with("20")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains(" 400 GET /sparql rows=- ") && l.contains("error: "))
    );
    assert!(
        log.contains("shutting down") && log.ends_with("stopped"),
        "{log}"
    );
}

#[test]
fn cancels_a_runaway_query_at_the_timeout() {
    // One evaluation slot: if the runaway kept running after its 503, the next query would wait
    // behind it and time out too.
    let (_env, server) = serve_seeds(&["--timeout", "1s", "--concurrency", "1"]);
    let started = Instant::now();
    let runaway = get(&server, "/sparql", &[("query", RUNAWAY)], None);
    let took = started.elapsed();
    assert_eq!(runaway.status, 503, "{}", runaway.body);
    assert!(runaway.body.contains("timeout"), "{}", runaway.body);
    assert!(took < Duration::from_secs(3), "answered after {took:?}");

    // Uncancelled, the count would take hours. Oxigraph notices the cancellation at its next read
    // of the store, which for this plan is within a second or two; until then the slot stays
    // taken and the next query waits (and may itself get 503 after the timeout).
    let started = Instant::now();
    loop {
        let next = get(&server, "/sparql", &[("query", ORGANISATIONS)], None);
        if next.status == 200 {
            break;
        }
        assert_eq!(next.status, 503, "{}", next.body);
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the cancelled query still holds the only slot:\n{}",
            server.log()
        );
    }
}

/// A sort over a cross join: oxigraph evaluates it in memory, where it never looks at its
/// cancellation token, so only ending its process stops it.
const SORTED_CROSS_JOIN: &str = "SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?a LIMIT 1";

/// CPU seconds (user + system) used so far by `pid` and by its child processes, from /proc.
fn cpu_seconds_with_children(pid: u32) -> f64 {
    let ticks = |stat: &str| -> (u32, f64) {
        let after = stat
            .rsplit_once(") ")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        let fields: Vec<&str> = after.split_whitespace().collect();
        let parent = fields.get(1).and_then(|f| f.parse().ok()).unwrap_or(0);
        let used: f64 = fields[11..13]
            .iter()
            .map(|f| f.parse::<f64>().unwrap_or(0.0))
            .sum();
        (parent, used / 100.0)
    };
    let mut total = 0.0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(id) = name.parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let (parent, used) = ticks(&stat);
        if id == pid || parent == pid {
            total += used;
        }
    }
    total
}

#[test]
fn a_timed_out_sort_gives_back_its_cpu_at_once() {
    let (_env, server) = serve_seeds(&["--timeout", "1s", "--concurrency", "2"]);
    let started = Instant::now();
    let runaway = get(&server, "/sparql", &[("query", SORTED_CROSS_JOIN)], None);
    assert_eq!(runaway.status, 503, "{}", runaway.body);
    assert!(started.elapsed() < Duration::from_secs(3));
    // The killed worker's replacement starts (opening the store) in well under a second; after
    // that nothing runs: the server and its workers use no CPU.
    std::thread::sleep(Duration::from_millis(1500));
    let before = cpu_seconds_with_children(server.child.id());
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_seconds_with_children(server.child.id()) - before;
    assert!(
        used < 0.3,
        "{used:.2} CPU seconds in 2 s after the timeout:\n{}",
        server.log()
    );
    // The next query (the same text included) is answered by a fresh worker.
    assert_eq!(
        get(&server, "/sparql", &[("query", ORGANISATIONS)], None).status,
        200
    );
}

/// The worker processes serving `store`, by their command lines.
fn workers_of(store: &std::path::Path) -> Vec<u32> {
    let store = store.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            cmdline.contains("serve-worker") && cmdline.contains(&store)
        })
        .collect()
}

#[test]
fn workers_end_with_a_server_killed_outright() {
    let env = Env::with_seeds();
    let mut server = Server::start(&env, &["--timeout", "60s", "--concurrency", "2"]);
    let base = server.base.clone();
    // A worker busy with a runaway sort never reads its closed stdin.
    std::thread::spawn(move || {
        let _ = agent()
            .get(format!("{base}/sparql"))
            .query("query", SORTED_CROSS_JOIN)
            .call();
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!workers_of(&env.store()).is_empty());
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !workers_of(&env.store()).is_empty() {
        assert!(
            Instant::now() < deadline,
            "workers outlived their server: {:?}",
            workers_of(&env.store())
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_query_past_its_memory_limit_is_stopped_and_small_ones_keep_their_lane() {
    let (_env, server) = serve_seeds(&[
        "--timeout",
        "60s",
        "--query-memory",
        "300",
        "--concurrency",
        "4",
    ]);
    let runaways: Vec<_> = (0..3)
        .map(|_| {
            let url = server.url("/sparql");
            std::thread::spawn(move || {
                let started = Instant::now();
                let response = agent().get(&url).query("query", SORTED_CROSS_JOIN).call();
                (reply(response), started.elapsed())
            })
        })
        .collect();
    // While they grow, /health and small queries are answered at once.
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        let started = Instant::now();
        assert_eq!(get(&server, "/health", &[], None).status, 200);
        assert_eq!(
            get(&server, "/sparql", &[("query", SHARED_ASK)], None).status,
            200
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
    for runaway in runaways {
        let (answer, took) = runaway.join().unwrap();
        assert_eq!(answer.status, 503, "{}", answer.body);
        assert!(answer.body.contains("300 MiB"), "{}", answer.body);
        assert!(
            took < Duration::from_secs(50),
            "stopped by its memory, not the timeout"
        );
    }
}

#[test]
fn cuts_results_at_max_results_and_says_so() {
    let (_env, server) = serve_seeds(&["--max-results", "3"]);
    let cut = sparql(&server, ORGANISATIONS, "text/csv");
    assert_eq!(cut.header("x-partnergraph-truncated"), Some("true"));
    assert_eq!(cut.header("x-partnergraph-rows"), Some("3"));
    assert_eq!(cut.body.lines().count(), 4, "a header and three rows");

    let whole = sparql(&server, &format!("{ORGANISATIONS} LIMIT 3"), "text/csv");
    assert_eq!(whole.header("x-partnergraph-truncated"), None);
    assert_eq!(whole.body, cut.body);

    let graph = sparql(&server, PROJECT_GRAPH, "application/n-triples");
    assert_eq!(graph.header("x-partnergraph-truncated"), Some("true"));
    assert_eq!(graph.body.lines().count(), 3);
}

#[test]
fn sends_cors_headers_health_and_the_curated_list() {
    let (_env, server) = serve_seeds(&["--cors-origin", "http://localhost:8888/"]);
    let reply = reply(
        agent()
            .get(server.url("/sparql"))
            .query("query", ORGANISATIONS)
            .header("Origin", "http://localhost:8888")
            .call(),
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://localhost:8888")
    );
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default();
    assert!(exposed.contains("x-partnergraph-truncated"), "{exposed}");

    let preflight = reply_of_options(&server);
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://localhost:8888")
    );
    assert!(
        preflight
            .header("access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );

    let health = get(&server, "/health", &[], None).ok();
    let health: serde_json::Value = serde_json::from_str(&health.body).unwrap();
    assert_eq!(health["status"], "ok");
    assert!(health["generation"].as_str().unwrap().starts_with("gen-"));

    let queries = get(&server, "/queries", &[], None).ok();
    let queries: Vec<serde_json::Value> = serde_json::from_str(&queries.body).unwrap();
    assert_eq!(queries.len(), partnergraph::query::curated::QUERIES.len());
    for ((name, text), listed) in partnergraph::query::curated::QUERIES.iter().zip(&queries) {
        assert_eq!(listed["name"], *name);
        assert_eq!(listed["text"], *text);
        assert!(!listed["description"].as_str().unwrap().is_empty());
    }
    let projects = queries
        .iter()
        .find(|q| q["name"] == "organisation-projects")
        .unwrap();
    assert_eq!(projects["parameters"][0]["name"], "org");
    assert_eq!(projects["parameters"][0]["type"], "organisation");
    assert_eq!(projects["parameters"][0]["optional"], false);

    let page = get(&server, "/", &[], None).ok();
    assert!(page.content_type().starts_with("text/html"));
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(!page.body.contains(external), "the page loads {external}…");
    }
}

fn reply_of_options(server: &Server) -> Reply {
    reply(
        agent()
            .options(server.url("/sparql"))
            .header("Origin", "http://localhost:8888")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call(),
    )
}

/// The curated queries with their test parameters (tests/fixtures/queries/NAME.args).
fn curated_cases() -> Vec<(String, String, Vec<String>)> {
    partnergraph::query::curated::QUERIES
        .iter()
        .map(|(name, text)| {
            let params = std::fs::read_to_string(fixture("queries").join(format!("{name}.args")))
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            ((*name).to_owned(), (*text).to_owned(), params)
        })
        .collect()
}

#[test]
fn curated_queries_answer_as_the_cli_does() {
    let (env, server) = serve_seeds(&[]);
    for (name, text, params) in curated_cases() {
        let mut args = vec!["query", name.as_str(), "--format", "csv"];
        for param in &params {
            args.extend(["--param", param.as_str()]);
        }
        let cli = csv_rows(&env.ok(&args));
        let mut fields = vec![("query", text.as_str())];
        fields.extend(params.iter().map(|p| ("param", p.as_str())));
        let served = post_form(&server, &fields, "text/csv").ok();
        assert_eq!(csv_rows(&served.body), cli, "{name}");
    }
    // Parameters are bound as terms: a value full of SPARQL is just a name that is not found.
    let text = &curated_cases()[0].1;
    let injected = post_form(
        &server,
        &[("query", text), ("param", "org=x\" } ; DROP ALL ; #")],
        "text/csv",
    );
    assert_eq!(injected.status, 400, "{}", injected.body);
    assert!(injected.body.contains("parameter org"), "{}", injected.body);
}

#[test]
fn picks_up_a_build_while_serving() {
    let (env, server) = serve_seeds(&[]);
    let ask = "ASK { ?s rdfs:label \"added while serving\" }";
    let before = sparql(&server, ask, "text/csv");
    assert_eq!(before.body.trim(), "false");
    let generation = before
        .header("x-partnergraph-generation")
        .unwrap()
        .to_owned();

    // `build` runs while the server holds its generation open.
    let extra = env.write("extra.ttl", "<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> \"added while serving\" .\n");
    env.ok(&["build", extra.to_str().unwrap(), "--wait", "0"]);

    let after = sparql(&server, ask, "text/csv");
    assert_eq!(after.body.trim(), "true");
    assert_ne!(
        after.header("x-partnergraph-generation").unwrap(),
        generation
    );
    server.log_with("now serving gen-");
    // Another build can collect the generation the server let go of.
    env.ok(&["build", extra.to_str().unwrap(), "--wait", "0"]);
    assert!(asks(&server, ask));
}

#[test]
fn applies_updates_only_with_the_token_and_through_the_writer() {
    let env = Env::with_seeds();
    let token_file = env.write("token", "s3cret-token-for-tests\n");
    let server = Server::start(
        &env,
        &[
            "--allow-update",
            "--token-file",
            token_file.to_str().unwrap(),
        ],
    );
    let update = "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/x> rdfs:label \"from an update\" } }";
    let ask = "ASK { ?s rdfs:label \"from an update\" }";

    let anonymous = post_body(&server, "application/sparql-update", update, &[]);
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    let wrong = post_body(
        &server,
        "application/sparql-update",
        update,
        &[("Authorization", "Bearer s3cret-token-for-test")],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        env.ok(&["query", "-e", ask, "--format", "csv"]).trim(),
        "false"
    );

    let before = get(&server, "/health", &[], None).ok().body;
    let accepted = post_body(
        &server,
        "application/sparql-update",
        update,
        &[("Authorization", "Bearer s3cret-token-for-tests")],
    );
    assert_eq!(accepted.status, 204, "{}", accepted.body);
    // Published as a new generation, visible to the server and to every other reader.
    assert_ne!(get(&server, "/health", &[], None).ok().body, before);
    assert!(asks(&server, ask));
    assert_eq!(
        env.ok(&["query", "-e", ask, "--format", "csv"]).trim(),
        "true"
    );

    // The default graph is the merge of the named graphs, rewritten at every commit: a triple
    // written there would vanish, so the update is refused and nothing is published.
    let generation = get(&server, "/health", &[], None).ok().body;
    for into_default in [
        "INSERT DATA { <https://example.org/y> rdfs:label \"lost\" }",
        "CLEAR DEFAULT",
        "DELETE { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
    ] {
        let refused = post_body(
            &server,
            "application/sparql-update",
            into_default,
            &[("Authorization", "Bearer s3cret-token-for-tests")],
        );
        assert_eq!(refused.status, 400, "{into_default}: {}", refused.body);
        assert!(refused.body.contains("default graph"), "{}", refused.body);
    }
    assert_eq!(get(&server, "/health", &[], None).ok().body, generation);
    // The note written into its own graph is in the merge, once.
    assert_eq!(
        env.csv(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) { ?s rdfs:label \"from an update\" }"
        ])[1],
        ["1"]
    );

    // An update's WHERE reads the merge the store holds, not an empty default graph.
    let noted = post_body(
        &server,
        "application/sparql-update",
        "INSERT { GRAPH <https://example.org/notes> { ?p rdfs:comment \"noted\" } } \
         WHERE { ?p a pg:Project }",
        &[("Authorization", "Bearer s3cret-token-for-tests")],
    );
    assert_eq!(noted.status, 204, "{}", noted.body);
    let count = |pattern: &str| {
        env.csv(&[
            "query",
            "-e",
            &format!("SELECT (COUNT(*) AS ?n) {{ {pattern} }}"),
        ])[1]
            .clone()
    };
    assert_eq!(count("?p rdfs:comment \"noted\""), count("?p a pg:Project"));
    assert_ne!(count("?p rdfs:comment \"noted\""), ["0"]);

    let bad = post_form(&server, &[("update", "INSERT DATA { oops }")], "*/*");
    assert_eq!(bad.status, 401, "the token is checked before anything else");
}

#[test]
fn shuts_down_gracefully_on_sigint() {
    let (_env, server) = serve_seeds(&[]);
    get(&server, "/health", &[], None).ok();
    signal(&server.child, "INT");
    let (status, log) = server.stop();
    assert!(status.success(), "{log}");
    assert!(log.ends_with("stopped"), "{log}");
}

#[test]
fn python_clients_get_the_cli_answers() {
    let python = client_python();
    let (env, server) = serve_seeds(&[]);
    let mut cases = Vec::new();
    // Every curated query; SPARQLWrapper sends the parameters as `param=NAME=VALUE`.
    for (name, text, params) in curated_cases() {
        let mut args = vec!["query", name.as_str(), "--format", "csv"];
        for param in &params {
            args.extend(["--param", param.as_str()]);
        }
        let expected = env.ok(&args);
        cases.push(serde_json::json!({
            "name": name, "kind": "select", "query": text, "params": params, "expected": expected,
        }));
    }
    cases.push(serde_json::json!({
        "name": "organisations", "kind": "select", "query": ORGANISATIONS,
        "expected": env.ok(&["query", "-e", ORGANISATIONS, "--format", "csv"]),
    }));
    cases.push(serde_json::json!({
        "name": "3TR", "kind": "ask", "query": SHARED_ASK,
        "expected": env.ok(&["query", "-e", SHARED_ASK, "--format", "csv"]),
    }));
    cases.push(serde_json::json!({
        "name": "projects", "kind": "construct", "query": PROJECT_GRAPH,
        "expected": env.ok(&["query", "-e", PROJECT_GRAPH, "--format", "ntriples"]),
    }));
    let spec = serde_json::json!({
        "endpoint": server.url("/sparql"),
        "store": env.store(),
        "cases": cases,
    });
    run_python_checks(&python, "clients.py", &env, &server, &spec);
}

/// A venv with the Python clients a data team uses: SPARQLWrapper, rdflib and pyoxigraph.
fn client_python() -> std::path::PathBuf {
    python_with(
        &[
            "SPARQLWrapper==2.0.0",
            "rdflib==7.6.0",
            "pyoxigraph==0.5.13",
        ],
        "import SPARQLWrapper, rdflib, pyoxigraph; assert pyoxigraph.__version__ == '0.5.13'",
    )
}

/// Runs tests/python/SCRIPT on `spec` (written as JSON beside the store) against `server`; the
/// script prints a line per check and "N passed, 0 failed" when all pass.
fn run_python_checks(
    python: &std::path::Path,
    script: &str,
    env: &Env,
    server: &Server,
    spec: &serde_json::Value,
) {
    let path = env.write(&format!("{script}.json"), spec.to_string());
    let output = Command::new(python)
        .arg(repo().join("tests/python").join(script))
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}\n--- server\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.log()
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    eprintln!("{stdout}");
}

/// SPARQL 1.1 defines the default graph as an RDF graph, a set: CORDIS types a project in its
/// project file's graph and in its organisation file's, yet `COUNT` on the default graph must
/// count it once, through every client, as `stats` and pyoxigraph's own merge of the export do.
#[test]
fn counts_on_the_default_graph_agree_with_stats_and_with_an_rdf_merge() {
    let python = client_python();
    let env = Env::new();
    let cordis = env.path("cordis");
    env.synth(120, 7, &cordis);
    env.ok(&[
        "build",
        crate::common::seeds().to_str().unwrap(),
        cordis.to_str().unwrap(),
    ]);
    let stats: serde_json::Value = serde_json::from_str(&env.ok(&["stats", "--json"])).unwrap();
    let mut cli = serde_json::Map::new();
    for entity in stats["entities"].as_array().unwrap() {
        let class = entity["class"].as_str().unwrap();
        let rows = env.csv(&[
            "query",
            "-e",
            &format!("SELECT (COUNT(?s) AS ?n) (COUNT(DISTINCT ?s) AS ?d) {{ ?s a <{class}> }}"),
        ]);
        let counts: Vec<u64> = rows[1].iter().map(|n| n.parse().unwrap()).collect();
        assert_eq!(
            counts,
            [entity["count"].as_u64().unwrap(); 2],
            "CLI COUNT of {class} vs stats"
        );
        cli.insert(class.to_owned(), serde_json::json!(counts));
    }
    let nquads = env.path("export.nq");
    env.ok(&[
        "export",
        "--format",
        "nquads",
        "-o",
        nquads.to_str().unwrap(),
    ]);
    let server = Server::start(&env, &[]);
    let spec = serde_json::json!({
        "endpoint": server.url("/sparql"),
        "store": env.store(),
        "nquads": nquads,
        "stats": stats,
        "cli": cli,
    });
    run_python_checks(&python, "default_graph.py", &env, &server, &spec);
}

#[test]
fn query_page_runs_a_curated_query_in_headless_chromium() {
    let (env, server) = serve_seeds(&[]);
    let screenshot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    let result = run_in_chromium(
        "page.cjs",
        &[&server.url("/"), screenshot.to_str().unwrap()],
        &server,
    );
    let acronyms: Vec<&str> = result["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_str().unwrap())
        .collect();
    let expected = env.csv(&[
        "query",
        "organisation-projects",
        "--param",
        "org=Region Stockholm",
    ]);
    let expected: Vec<&str> = expected[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(acronyms, expected);
    assert!(screenshot.exists());
    eprintln!("screenshot: {}", screenshot.display());
}

/// Runs tests/browser/SCRIPT with `args` in node, driving headless Chromium through Playwright;
/// returns the JSON the script prints on its last line.
fn run_in_chromium(script: &str, args: &[&str], server: &Server) -> serde_json::Value {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("Chromium is missing: bash .ci/setup installs it (apt-get install chromium)");
    let node_modules = node_modules_with(&["playwright-core@1.65.1"]);
    let output = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .env("NODE_PATH", &node_modules)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs (bash .ci/setup installs nodejs)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}\n--- server\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.log()
    );
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

/// A page on another origin, in a real browser, reads the endpoint only if `--cors-origin`
/// names its origin: otherwise the server refuses the request (403) and the browser hides even
/// that from the page. The page elsewhere is a second server's query page (another port is
/// another origin).
#[test]
fn a_page_on_another_origin_reads_answers_only_when_allowed() {
    let (env, elsewhere) = serve_seeds(&[]);
    let page = elsewhere.url("/");
    let origin = page.trim_end_matches('/');
    let closed = Server::start(&env, &[]);
    let refused = run_in_chromium("cors.cjs", &[&page, &closed.url("/sparql")], &closed);
    assert_eq!(refused["read"], false, "{refused}");
    closed.log_with("403 POST /sparql rows=- ");

    let open = Server::start(&env, &["--cors-origin", origin]);
    let allowed = run_in_chromium("cors.cjs", &[&page, &open.url("/sparql")], &open);
    assert_eq!(allowed["read"], true, "{allowed}");
    assert_eq!(allowed["status"], 200, "{allowed}");
    let body: serde_json::Value = serde_json::from_str(allowed["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["boolean"], true, "{allowed}");
}

/// curl, as the README shows it and as an attacker would use it, against each point of issue 22:
/// a curated query with a parameter, COUNT on the default graph against `stats`, a runaway
/// stopped at the timeout while /health answers, a rebinding Host and a foreign Origin, and an
/// update sent with GET.
#[test]
fn curl_sees_every_point_of_the_trust_issue() {
    fn curl(args: &[&str]) -> (u16, String) {
        let output = Command::new("curl")
            .args(["-sS", "-w", "\n%{http_code}"])
            .args(args)
            .output()
            .expect("curl runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        let (body, code) = text.rsplit_once('\n').unwrap();
        (code.parse().unwrap(), body.to_owned())
    }
    let (env, server) = serve_seeds(&["--timeout", "2s"]);
    let sparql = server.url("/sparql");
    let query_file = format!(
        "query@{}",
        repo().join("queries/organisation-projects.rq").display()
    );
    let (status, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &query_file,
        "--data-urlencode",
        "param=org=Region Stockholm",
        &sparql,
    ]);
    assert_eq!(status, 200, "{body}");
    let cli = env.ok(&[
        "query",
        "organisation-projects",
        "--param",
        "org=Region Stockholm",
        "--format",
        "csv",
    ]);
    assert_eq!(csv_rows(&body), csv_rows(&cli));

    let stats: serde_json::Value = serde_json::from_str(&env.ok(&["stats", "--json"])).unwrap();
    let projects = stats["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["class"].as_str().unwrap().ends_with("#Project"))
        .unwrap()["count"]
        .to_string();
    let (status, body) = curl(&[
        "-G",
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        "query=SELECT (COUNT(?s) AS ?n) { ?s a pg:Project }",
        &sparql,
    ]);
    assert_eq!(
        (status, body.lines().nth(1)),
        (200, Some(projects.as_str())),
        "{body}"
    );

    let started = Instant::now();
    let runaway = format!("query={SORTED_CROSS_JOIN}");
    let (status, body) = curl(&["--data-urlencode", &runaway, &sparql]);
    assert_eq!(status, 503, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    let (status, body) = curl(&["--max-time", "2", &server.url("/health")]);
    assert_eq!(status, 200, "{body}");

    let ask = format!("{sparql}?query=ASK%20%7B%7D");
    let (status, body) = curl(&["-H", "Host: attacker.example", &ask]);
    assert_eq!(status, 421, "{body}");
    let (status, body) = curl(&["-H", "Origin: http://attacker.example", &ask]);
    assert_eq!(status, 403, "{body}");
    let (status, body) = curl(&[&format!("{sparql}?update=CLEAR%20ALL")]);
    assert_eq!(status, 405, "{body}");
}

/// A response to a request written by hand, as curl or a hostile script would send it.
struct Raw {
    status: u16,
    head: String,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// Sends `head` (request line and headers, without the final blank line) and `body` as they are.
fn raw(server: &Server, head: &str, body: &str) -> Raw {
    use std::io::{Read, Write};
    let address = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let request = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    Raw {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

#[test]
fn refuses_foreign_hosts_and_origins_and_any_framing() {
    let (env, server) = serve_seeds(&[]);
    let addr = server.base.trim_start_matches("http://").to_owned();

    // DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1.
    let rebound = raw(
        &server,
        "GET /health HTTP/1.1\r\nHost: attacker.example:7878",
        "",
    );
    assert_eq!(rebound.status, 421, "{}", rebound.body);
    assert!(rebound.body.contains("--allow-host"), "{}", rebound.body);
    let rebound = raw(
        &server,
        "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: attacker.example",
        "",
    );
    assert_eq!(rebound.status, 421, "{}", rebound.body);
    // Local names and addresses, with any port (an SSH tunnel may change it).
    for host in [
        addr.as_str(),
        "localhost:9000",
        "LOCALHOST",
        "127.0.0.1",
        "[::1]:7878",
        "app.localhost",
    ] {
        let reply = raw(
            &server,
            &format!("GET /health HTTP/1.1\r\nHost: {host}"),
            "",
        );
        assert_eq!(reply.status, 200, "Host {host}: {}", reply.body);
    }
    // Another machine's address cannot reach a loopback server honestly.
    let other = raw(&server, "GET /health HTTP/1.1\r\nHost: 192.0.2.7:7878", "");
    assert_eq!(other.status, 421, "{}", other.body);

    // A page on another origin may neither read answers nor make the server work for it.
    let ask = "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query";
    let ask = ask.replace("{addr}", &addr);
    let foreign = raw(
        &server,
        &format!("{ask}\r\nOrigin: https://attacker.example"),
        "ASK {}",
    );
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    assert!(
        foreign
            .body
            .contains("--cors-origin https://attacker.example"),
        "{}",
        foreign.body
    );
    assert_eq!(foreign.header("access-control-allow-origin"), None);
    let preflight = raw(
        &server,
        &format!(
            "OPTIONS /sparql HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://localhost:8888\r\n\
             Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization"
        ),
        "",
    );
    assert_eq!(preflight.status, 403, "{}", preflight.body);
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    let null = raw(&server, &format!("{ask}\r\nOrigin: null"), "ASK {}");
    assert_eq!(null.status, 403, "{}", null.body);
    // The server's own page is same-origin, and programs send no Origin at all.
    let own = raw(
        &server,
        &format!("{ask}\r\nOrigin: http://{addr}"),
        "ASK {}",
    );
    assert_eq!(own.status, 200, "{}", own.body);
    let curl = raw(&server, &ask, "ASK {}");
    assert_eq!(curl.status, 200, "{}", curl.body);
    assert_eq!(curl.header("access-control-allow-origin"), None);

    // No other page may frame any of it.
    for reply in [&rebound, &foreign, &own] {
        assert_eq!(
            reply.header("content-security-policy").as_deref(),
            Some("frame-ancestors 'none'")
        );
        assert_eq!(reply.header("x-frame-options").as_deref(), Some("DENY"));
    }

    // The user can name a proxy's host and allow a notebook's origin.
    let open = Server::start(
        &env,
        &[
            "--allow-host",
            "graph.example.org",
            "--cors-origin",
            "http://localhost:8888",
        ],
    );
    let proxied = raw(
        &open,
        "GET /health HTTP/1.1\r\nHost: Graph.Example.org.",
        "",
    );
    assert_eq!(proxied.status, 200, "{}", proxied.body);
    let open_addr = open.base.trim_start_matches("http://").to_owned();
    let notebook = raw(
        &open,
        &format!("GET /health HTTP/1.1\r\nHost: {open_addr}\r\nOrigin: http://localhost:8888"),
        "",
    );
    assert_eq!(notebook.status, 200, "{}", notebook.body);
    assert_eq!(
        notebook.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:8888")
    );
    let stranger = raw(
        &open,
        &format!("GET /health HTTP/1.1\r\nHost: {open_addr}\r\nOrigin: http://localhost:9999"),
        "",
    );
    assert_eq!(stranger.status, 403, "{}", stranger.body);

    let bad = env.fail(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--cors-origin",
        "localhost:8888",
    ]);
    assert!(bad.contains("is not an origin"), "{bad}");
}

#[test]
fn mends_the_protocol_faults() {
    let env = Env::with_seeds();
    let token = "a-token-of-twenty-six-chars";
    let token_file = env.write("token", token);
    let server = Server::start(
        &env,
        &[
            "--allow-update",
            "--token-file",
            token_file.to_str().unwrap(),
        ],
    );
    let addr = server.base.trim_start_matches("http://").to_owned();
    let ask = "ASK { ?s rdfs:label \"by GET\" }";
    let insert = "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/x> rdfs:label \"by GET\" } }";

    // An update in a URL is refused, token or not: links and <img> tags must not write.
    let by_get = agent()
        .get(server.url("/sparql"))
        .query("update", insert)
        .header("Authorization", &format!("Bearer {token}"))
        .call();
    let by_get = reply(by_get);
    assert_eq!(by_get.status, 405, "{}", by_get.body);
    assert_eq!(by_get.header("allow"), Some("POST"));
    assert!(
        by_get.body.contains("must be sent with POST"),
        "{}",
        by_get.body
    );
    assert!(!asks(&server, ask));

    // The scheme of Authorization is case-insensitive.
    let lower = post_body(
        &server,
        "application/sparql-update",
        insert,
        &[("Authorization", &format!("bearer {token}"))],
    );
    assert_eq!(lower.status, 204, "{}", lower.body);
    assert!(asks(&server, ask));

    // LOAD is refused in words a user understands, before anything is fetched.
    let load = post_body(
        &server,
        "application/sparql-update",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(load.status, 400, "{}", load.body);
    assert!(load.body.contains("LOAD is not supported"), "{}", load.body);
    assert!(!load.body.contains("feature"), "{}", load.body);

    // Malformed percent-encoding is an error, not U+FFFD in a query that then runs.
    for target in [
        "/sparql?query=ASK%7B%7D%zz",
        "/sparql?query=ASK%7B%7D%E",
        "/sparql?query=ASK%7B%7D%FF",
    ] {
        let bad = raw(
            &server,
            &format!("GET {target} HTTP/1.1\r\nHost: {addr}"),
            "",
        );
        assert_eq!(bad.status, 400, "{target}: {}", bad.body);
        assert!(
            bad.body.contains("percent-encoding") || bad.body.contains("not UTF-8"),
            "{target}: {}",
            bad.body
        );
    }
    let form = raw(
        &server,
        &format!(
            "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded"
        ),
        "query=ASK%20%7B%7D%2",
    );
    assert_eq!(form.status, 400, "{}", form.body);

    // Syntax errors in updates are explained too.
    let syntax = post_body(
        &server,
        "application/sparql-update",
        "INSERT DATA { <http://e/s> <http://e/p> }",
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(syntax.status, 400, "{}", syntax.body);
    assert!(
        syntax.body.contains("at line 1, column 41: expected "),
        "{}",
        syntax.body
    );

    // A short token is refused when the server would listen beyond this machine.
    let weak = env.fail(&[
        "serve",
        "--bind",
        "0.0.0.0:0",
        "--allow-update",
        "--token",
        "x",
    ]);
    assert!(
        weak.contains("the update token has 1 characters") && weak.contains("at least 16"),
        "{weak}"
    );
}

#[test]
fn health_does_not_queue_behind_queries_and_busy_reports_load() {
    let env = Env::with_seeds();
    let server = Arc::new(Server::start(
        &env,
        &["--timeout", "10s", "--concurrency", "1", "--queue", "0"],
    ));
    // With no queue, the runaway is refused while one of the probes below holds the slot: it
    // asks again until it gets the slot, and then holds it until its timeout.
    let runaway = {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            loop {
                let reply = get(&server, "/sparql", &[("query", RUNAWAY)], None);
                if !(reply.status == 503 && reply.body.contains("the server is busy")) {
                    return reply;
                }
            }
        })
    };
    // Wait until the runaway holds the only slot.
    let deadline = Instant::now() + Duration::from_secs(3);
    let busy = loop {
        let reply = get(&server, "/sparql", &[("query", "ASK {}")], None);
        if reply.status == 503 {
            break reply;
        }
        assert!(Instant::now() < deadline, "the runaway never took the slot");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        busy.body.contains("1 running and 0 waiting"),
        "{}",
        busy.body
    );
    // With no queue, a /health that needed a slot would get 503 at once.
    let started = Instant::now();
    let health = get(&server, "/health", &[], None);
    assert_eq!(health.status, 200, "{}", health.body);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "/health waited {:?}",
        started.elapsed()
    );
    assert_eq!(runaway.join().unwrap().status, 503);
}
