//! The `partnergraph` binary: parses the command line, calls one library function per
//! subcommand, prints its result to stdout and errors to stderr.

mod alloc;
mod cli;

// The bulk loader allocates and frees one small key per quad and index; glibc's malloc spent
// a sixth of a build's CPU on them.
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

use anyhow::{Context, Result};
use clap::Parser;
use cli::{Cli, Command, ExportFormat, QueryFormat, ReportCommand, ReportFormat, SynthCommand};
use indicatif::{ProgressBar, ProgressStyle};
use partnergraph::analysis::network::ProjectionOptions;
use partnergraph::build::{self, BuildError, BuildOptions, Progress, RemoveOptions};
use partnergraph::export::network::NetworkFormat;
use partnergraph::model::Role;
use partnergraph::model::SourceId;
use partnergraph::query::{OutputFormat, QueryOutcome};
use partnergraph::serve::{self, ServeOptions, TokenSource};
use partnergraph::store::{StoreDir, WaitPolicy};
use partnergraph::{export, query, report, stats, synth, validate};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARTNERGRAPH_LOG")
                .unwrap_or_else(|_| if cli.quiet { "error" } else { "warn" }.into()),
        )
        .without_time()
        // Colour codes only for a terminal, not in logs.
        .with_ansi(io::stderr().is_terminal())
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            // 128 + SIGINT, as shells report an interrupted command, so scripts can tell a
            // stopped build from a failed one.
            let interrupted = e.chain().any(|cause| {
                matches!(
                    cause.downcast_ref::<BuildError>(),
                    Some(BuildError::Interrupted)
                )
            });
            if interrupted {
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The error and its causes, each said once: library errors often quote their cause in their
/// own message and also keep it as their source.
fn describe(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let store = StoreDir::new(&cli.store);
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                inputs: args.inputs,
                store: cli.store.clone(),
                wait: wait_policy(args.wait),
                loader_memory_mb: args.loader_memory,
                compact: args.compact,
                strict: args.strict,
            };
            let progress = Bar::new(cli.quiet);
            let report = build::build(&options, &progress).with_context(|| {
                format!(
                    "build failed; the store {} is unchanged",
                    cli.store.display()
                )
            })?;
            progress.finish();
            print_build_report(&report, args.json)?;
        }
        Command::Remove(args) => {
            let options = RemoveOptions {
                source: args.source,
                store: cli.store.clone(),
                wait: wait_policy(args.wait),
                loader_memory_mb: args.loader_memory,
            };
            let progress = Bar::new(cli.quiet);
            let report = build::remove(&options, &progress).with_context(|| {
                format!(
                    "remove failed; the store {} is unchanged",
                    cli.store.display()
                )
            })?;
            progress.finish();
            print_build_report(&report, args.json)?;
        }
        Command::Query(args) => {
            if args.list {
                write!(io::stdout().lock(), "{}", query::curated::render_list())?;
                return Ok(ExitCode::SUCCESS);
            }
            let file = match (args.expression, args.file) {
                (Some(text), _) => query::QueryFile::inline(text),
                (None, Some(path)) => query::curated::resolve(&path).map_err(anyhow::Error::msg)?,
                (None, None) => anyhow::bail!(
                    "give a query file, a curated query name or -e SPARQL (see --list)"
                ),
            };
            let read = store.open_read()?;
            let mut out = output(args.output.as_deref())?;
            let timeout = (!args.timeout.is_zero()).then_some(args.timeout);
            let progress = |spent: std::time::Duration| {
                if !cli.quiet {
                    eprintln!("still working: {} s so far", spent.as_secs());
                }
            };
            // The evaluation could not be stopped in time: end the process with the same error.
            let stuck = |e: query::QueryError| {
                eprintln!("error: {e}");
                std::process::exit(1);
            };
            let limits = query::Limits {
                timeout,
                progress: &progress,
                stuck: &stuck,
            };
            let format = args.format.map(query_format);
            let outcome = query::run(read.store(), &file, &args.params, format, &mut out, &limits)?;
            out.flush()?;
            if !cli.quiet {
                match outcome {
                    QueryOutcome::Rows(n) => eprintln!("{n} row{}", plural(n)),
                    QueryOutcome::Triples(n) => eprintln!("{n} triple{}", plural(n)),
                    QueryOutcome::Boolean(_) => {}
                }
            }
        }
        Command::Stats(args) => {
            let read = store.open_read()?;
            let stats = stats::compute(read.store(), read.generation())?;
            let mut out = io::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", stats.render())?;
            }
        }
        Command::Export(args) => {
            let read = store.open_read()?;
            let mut out = output(args.output.as_deref())?;
            let format = match args.format {
                ExportFormat::Nquads => export::RdfDump::NQuads,
                ExportFormat::Trig => export::RdfDump::TriG,
                ExportFormat::Turtle => export::RdfDump::Turtle,
                ExportFormat::Ntriples => export::RdfDump::NTriples,
            };
            let graph = args.graph.map(SourceId::new);
            let count = export::dump(read.store(), format, graph.as_ref(), &mut out)?;
            out.flush()?;
            if !cli.quiet {
                eprintln!("{count} statement{}", plural(count));
            }
        }
        Command::Validate(args) => {
            let read = store.open_read()?;
            let report = validate::validate(read.store(), args.shapes.as_deref())?;
            let mut out = io::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", report.render())?;
            }
            if !report.conforms {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Network(args) => {
            let read = store.open_read()?;
            let request = network_request(&args)?;
            let mut stdout = io::stdout().lock();
            let summary =
                export::network(read.store(), &request, args.output.as_deref(), &mut stdout)?;
            if !cli.quiet {
                let timings: Vec<String> = summary
                    .timings
                    .iter()
                    .map(|(step, s)| format!("{step} {s:.2}s"))
                    .collect();
                eprintln!(
                    "{} nodes, {} edges ({}){}",
                    summary.nodes,
                    summary.edges,
                    timings.join(", "),
                    summary
                        .modularity
                        .map(|m| format!(", modularity {m:.4}"))
                        .unwrap_or_default()
                );
            }
        }
        Command::Partners(args) => {
            let read = store.open_read()?;
            let report = partnergraph::analysis::partners(
                read.store(),
                &args.organisation,
                args.with.as_deref(),
                args.top,
            )?;
            let mut out = io::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", report.render())?;
            }
        }
        Command::Report(ReportCommand::Gaps(args)) => {
            let read = store.open_read()?;
            let options = report::ReportOptions {
                subject: match (args.org, args.region) {
                    (Some(org), _) => report::Subject::Organisation(org),
                    (None, Some(region)) => report::Subject::Region(region),
                    (None, None) => anyhow::bail!("give --org or --region"),
                },
                candidates: args.candidates,
                peers: args.peers,
            };
            let format = match args.format {
                ReportFormat::Md => report::ReportFormat::Markdown,
                ReportFormat::Html => report::ReportFormat::Html,
                ReportFormat::Json => report::ReportFormat::Json,
            };
            let text = report::gaps(&read, &options, format)?;
            let mut out = output(args.output.as_deref())?;
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Command::Synth(SynthCommand::Cordis(args)) => {
            let summary = synth::synth_cordis(&args.output, &(&args).into())?;
            if !cli.quiet {
                eprint!("{summary}");
            }
        }
        Command::Serve(args) => {
            let options = ServeOptions {
                store: cli.store.clone(),
                bind: args.bind,
                timeout: args.timeout,
                max_results: args.max_results,
                max_body: args.max_body,
                concurrency: args.concurrency,
                queue: args.queue,
                update_token: match (args.allow_update, args.token_file, args.token) {
                    (false, _, _) => None,
                    (true, Some(path), _) => Some(TokenSource::File(path)),
                    (true, None, Some(token)) => Some(TokenSource::Value(token)),
                    (true, None, None) => anyhow::bail!(
                        "--allow-update needs a token: --token-file FILE or PARTNERGRAPH_TOKEN"
                    ),
                },
                cors_origins: args.cors_origins,
                allowed_hosts: args.allowed_hosts,
            };
            serve::run(&options)
                .with_context(|| format!("cannot serve {}", cli.store.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The projection's filters and metric choices from the command line.
fn network_request(args: &cli::NetworkArgs) -> Result<export::NetworkRequest> {
    let roles = args
        .roles
        .iter()
        .map(|r| Role::from_code(r).with_context(|| format!("--role: unknown role {r:?}")))
        .collect::<Result<Vec<_>>>()?;
    let years = match &args.years {
        Some(range) => {
            let (from, to) = range.split_once('-').unwrap_or((range, range));
            let year = |s: &str| {
                s.trim()
                    .parse::<i32>()
                    .with_context(|| format!("--years: {range:?} is not YEAR or FROM-TO"))
            };
            Some((year(from)?, year(to)?))
        }
        None => None,
    };
    let non_empty = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    Ok(export::NetworkRequest {
        format: match args.format {
            cli::NetworkFormat::Graphml => NetworkFormat::GraphMl,
            cli::NetworkFormat::Gexf => NetworkFormat::Gexf,
            cli::NetworkFormat::Csv => NetworkFormat::Csv,
            cli::NetworkFormat::Cytoscape => NetworkFormat::Cytoscape,
            cli::NetworkFormat::Dot => NetworkFormat::Dot,
        },
        bipartite: args.bipartite,
        filters: ProjectionOptions {
            min_shared: args.min_shared,
            max_consortium: args.max_consortium,
            newman: args.newman,
            roles: (!roles.is_empty()).then_some(roles),
            coordinator_edges_only: args.coordinator_edges,
            programmes: non_empty(&args.programmes),
            years,
            countries: non_empty(&args.countries),
            theme: args.theme.clone(),
        },
        metrics: args
            .metrics
            .then(|| export::metric_options(args.sample, args.seed)),
        step_timings: args.timings,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn query_format(format: QueryFormat) -> OutputFormat {
    match format {
        QueryFormat::Table => OutputFormat::Table,
        QueryFormat::Csv => OutputFormat::Csv,
        QueryFormat::Tsv => OutputFormat::Tsv,
        QueryFormat::Json => OutputFormat::Json,
        QueryFormat::Xml => OutputFormat::Xml,
        QueryFormat::Turtle => OutputFormat::Turtle,
        QueryFormat::Ntriples => OutputFormat::NTriples,
    }
}

fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn wait_policy(seconds: u64) -> WaitPolicy {
    match seconds {
        0 => WaitPolicy::Fail,
        s => WaitPolicy::Wait(Duration::from_secs(s)),
    }
}

fn print_build_report(report: &build::BuildReport, json: bool) -> Result<()> {
    for warning in &report.warnings {
        tracing::warn!("{warning}");
    }
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.render())?;
    }
    Ok(())
}

/// Build progress on stderr: a spinner for a person at a terminal; elsewhere (CI, cron, nohup,
/// a pipe) a plain line every few seconds saying what the build is doing, so that logs show
/// it is alive without a bar's control characters.
enum Bar {
    Hidden,
    Spinner(ProgressBar),
    Lines(Lines),
}

impl Bar {
    fn new(quiet: bool) -> Self {
        if quiet {
            return Self::Hidden;
        }
        if !io::stderr().is_terminal() {
            return Self::Lines(Lines::start(progress_interval()));
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Self::Spinner(bar)
    }

    /// The message is made only if it is shown.
    fn set(&self, message: impl FnOnce() -> String) {
        match self {
            Self::Hidden => {}
            Self::Spinner(bar) => bar.set_message(message()),
            Self::Lines(lines) => lines.set(message()),
        }
    }

    fn finish(&self) {
        match self {
            Self::Hidden => {}
            Self::Spinner(bar) => bar.finish_and_clear(),
            Self::Lines(lines) => lines.stop(),
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Seconds between progress lines: `PARTNERGRAPH_PROGRESS_SECONDS`, 5 by default.
fn progress_interval() -> Duration {
    let seconds = std::env::var("PARTNERGRAPH_PROGRESS_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(5.0);
    Duration::from_secs_f64(seconds)
}

/// A thread that prints the latest progress message every interval until stopped.
struct Lines {
    message: std::sync::Arc<std::sync::Mutex<String>>,
    stop: std::sync::Mutex<Option<std::sync::mpsc::Sender<()>>>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Lines {
    fn start(interval: Duration) -> Self {
        let message = std::sync::Arc::new(std::sync::Mutex::new(String::from("starting")));
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let shown = std::sync::Arc::clone(&message);
        let started = std::time::Instant::now();
        let thread = std::thread::spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(interval)
            {
                let text = shown.lock().map(|m| m.clone()).unwrap_or_default();
                eprintln!("[{:>5.0}s] {text}", started.elapsed().as_secs_f64());
            }
        });
        Self {
            message,
            stop: std::sync::Mutex::new(Some(stop)),
            thread: std::sync::Mutex::new(Some(thread)),
        }
    }

    fn set(&self, text: String) {
        if let Ok(mut message) = self.message.lock() {
            *message = text;
        }
    }

    fn stop(&self) {
        if let Ok(mut stop) = self.stop.lock() {
            stop.take();
        }
        if let Some(thread) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = thread.join();
        }
    }
}

impl Progress for Bar {
    fn parsed(&self, done: usize, total: usize) {
        self.set(|| format!("read {done}/{total} documents"));
    }

    fn copying(&self, quads: usize) {
        self.set(|| format!("copying the unchanged graphs ({quads} quads)"));
    }

    fn loading(&self, source: &SourceId, triples: usize) {
        self.set(|| format!("loading {source} ({triples} triples)"));
    }

    fn compacting(&self) {
        self.set(|| "compacting".into());
    }

    fn committing(&self) {
        self.set(|| "committing".into());
    }
}
