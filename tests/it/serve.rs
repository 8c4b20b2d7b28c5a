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
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(env: &Env, args: &[&str]) -> Self {
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

struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    fn ok(self) -> Self {
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

fn get(server: &Server, path: &str, query: &[(&str, &str)], accept: Option<&str>) -> Reply {
    let mut request = agent().get(server.url(path));
    for (key, value) in query {
        request = request.query(*key, *value);
    }
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    reply(request.call())
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
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let cli = env.ok(&["query", "-e", ORGANISATIONS, "--format", "csv"]);
    let expected = csv_rows(&cli);
    let rows = (normalised(&cli).len() - 1).to_string();
    assert!(expected.len() > 10, "{expected:?}");

    let by_get = get(
        &server,
        "/sparql",
        &[("query", ORGANISATIONS)],
        Some("text/csv"),
    )
    .ok();
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
    let all = get(&server, "/sparql", &[("query", count)], Some("text/csv")).ok();
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
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
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

    let ask = get(
        &server,
        "/sparql",
        &[("query", SHARED_ASK)],
        Some("application/sparql-results+json"),
    )
    .ok();
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
    let env = Env::with_seeds();
    let server = Server::start(&env, &["--max-body", "2048"]);

    let syntax = get(
        &server,
        "/sparql",
        &[("query", "SELECT ?x WHERE { ?x ")],
        None,
    );
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.body.contains("SPARQL syntax error"),
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
        get(
            &server,
            "/sparql",
            &[("query", "ASK { <http://e/s> ?p ?o }")],
            Some("text/csv")
        )
        .ok()
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
    let env = Env::with_seeds();
    // One evaluation slot: if the runaway kept running after its 503, the next query would wait
    // behind it and time out too.
    let server = Server::start(&env, &["--timeout", "1s", "--concurrency", "1"]);
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

#[test]
fn cuts_results_at_max_results_and_says_so() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &["--max-results", "3"]);
    let cut = get(
        &server,
        "/sparql",
        &[("query", ORGANISATIONS)],
        Some("text/csv"),
    )
    .ok();
    assert_eq!(cut.header("x-partnergraph-truncated"), Some("true"));
    assert_eq!(cut.header("x-partnergraph-rows"), Some("3"));
    assert_eq!(cut.body.lines().count(), 4, "a header and three rows");

    let whole = get(
        &server,
        "/sparql",
        &[("query", &format!("{ORGANISATIONS} LIMIT 3"))],
        Some("text/csv"),
    )
    .ok();
    assert_eq!(whole.header("x-partnergraph-truncated"), None);
    assert_eq!(whole.body, cut.body);

    let graph = get(
        &server,
        "/sparql",
        &[("query", PROJECT_GRAPH)],
        Some("application/n-triples"),
    )
    .ok();
    assert_eq!(graph.header("x-partnergraph-truncated"), Some("true"));
    assert_eq!(graph.body.lines().count(), 3);
}

#[test]
fn sends_cors_headers_health_and_the_curated_list() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let reply = reply(
        agent()
            .get(server.url("/sparql"))
            .query("query", ORGANISATIONS)
            .header("Origin", "http://localhost:8888")
            .call(),
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default();
    assert!(exposed.contains("x-partnergraph-truncated"), "{exposed}");

    let preflight = reply_of_options(&server);
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
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
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
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
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
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
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let ask = "ASK { ?s rdfs:label \"added while serving\" }";
    let before = get(&server, "/sparql", &[("query", ask)], Some("text/csv")).ok();
    assert_eq!(before.body.trim(), "false");
    let generation = before
        .header("x-partnergraph-generation")
        .unwrap()
        .to_owned();

    // `build` runs while the server holds its generation open.
    let extra = env.path("extra.ttl");
    std::fs::write(
        &extra,
        "<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> \"added while serving\" .\n",
    )
    .unwrap();
    env.ok(&["build", extra.to_str().unwrap(), "--wait", "0"]);

    let after = get(&server, "/sparql", &[("query", ask)], Some("text/csv")).ok();
    assert_eq!(after.body.trim(), "true");
    assert_ne!(
        after.header("x-partnergraph-generation").unwrap(),
        generation
    );
    server.log_with("now serving gen-");
    // Another build can collect the generation the server let go of.
    env.ok(&["build", extra.to_str().unwrap(), "--wait", "0"]);
    assert_eq!(
        get(&server, "/sparql", &[("query", ask)], Some("text/csv"))
            .ok()
            .body
            .trim(),
        "true"
    );
}

#[test]
fn applies_updates_only_with_the_token_and_through_the_writer() {
    let env = Env::with_seeds();
    let token_file = env.path("token");
    std::fs::write(&token_file, "s3cret-token-for-tests\n").unwrap();
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
    assert_eq!(
        get(&server, "/sparql", &[("query", ask)], Some("text/csv"))
            .ok()
            .body
            .trim(),
        "true"
    );
    assert_eq!(
        env.ok(&["query", "-e", ask, "--format", "csv"]).trim(),
        "true"
    );

    let bad = post_form(&server, &[("update", "INSERT DATA { oops }")], "*/*");
    assert_eq!(bad.status, 401, "the token is checked before anything else");
}

#[test]
fn shuts_down_gracefully_on_sigint() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    get(&server, "/health", &[], None).ok();
    signal(&server.child, "INT");
    let (status, log) = server.stop();
    assert!(status.success(), "{log}");
    assert!(log.ends_with("stopped"), "{log}");
}

#[test]
fn python_clients_get_the_cli_answers() {
    let python = python_with(
        &[
            "SPARQLWrapper==2.0.0",
            "rdflib==7.6.0",
            "pyoxigraph==0.5.13",
        ],
        "import SPARQLWrapper, rdflib, pyoxigraph; assert pyoxigraph.__version__ == '0.5.13'",
    );
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let mut cases = Vec::new();
    for (name, text, params) in curated_cases() {
        if params.is_empty() {
            let expected = env.ok(&["query", &name, "--format", "csv"]);
            cases.push(serde_json::json!({"name": name, "kind": "select", "query": text, "expected": expected}));
        }
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
    let spec = env.path("clients.json");
    std::fs::write(
        &spec,
        serde_json::json!({
            "endpoint": server.url("/sparql"),
            "store": env.store(),
            "cases": cases,
        })
        .to_string(),
    )
    .unwrap();
    let output = Command::new(python)
        .arg(repo().join("tests/python/clients.py"))
        .arg(&spec)
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

#[test]
fn query_page_runs_a_curated_query_in_headless_chromium() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("Chromium is missing: bash .ci/setup installs it (apt-get install chromium)");
    let node_modules = node_modules_with(&["playwright-core@1.65.1"]);
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let screenshot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    let output = Command::new("node")
        .arg(repo().join("tests/browser/page.cjs"))
        .arg(server.url("/"))
        .arg(&screenshot)
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
    let result: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
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
