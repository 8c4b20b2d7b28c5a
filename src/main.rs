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
use cli::{Cli, Command, ReportCommand, SynthCommand};
use indicatif::{ProgressBar, ProgressStyle};
use partnergraph::build::{self, BuildError, Progress};
use partnergraph::model::SourceId;
use partnergraph::query::QueryOutcome;
use partnergraph::store::{ReadStore, StoreDir};
use partnergraph::{
    analysis, diff, export, identities, query, report, search, serve, stats, synth, validate,
};
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

/// The error and its causes, then what the command line can change about it.
fn describe(error: &anyhow::Error) -> String {
    match cli::hint(error) {
        Some(hint) => format!("{error:#}; {hint}"),
        None => format!("{error:#}"),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

// One short arm per subcommand: the match is the table of contents of the binary, longer than
// 80 lines only because there are many subcommands.
fn run(cli: Cli) -> Result<ExitCode> {
    let store = StoreDir::new(&cli.store);
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => {
            let progress = Bar::new(quiet);
            let report = build::build(&args.options(&cli.store), &progress)
                .with_context(|| unchanged("build", &cli.store))?;
            progress.finish();
            print_build_report(&report, args.json)?;
            if let Some(name) = &args.snapshot {
                say(quiet, snapshot_line("kept", &store.snapshot(name)?));
            }
        }
        Command::Remove(args) => {
            let progress = Bar::new(quiet);
            let report = build::remove(&args.options(&cli.store), &progress)
                .with_context(|| unchanged("remove", &cli.store))?;
            progress.finish();
            print_build_report(&report, args.json)?;
        }
        Command::Query(args) if args.list => print(&query::curated::render_list())?,
        Command::Query(args) => {
            let file = args.query_file()?;
            let read = store.open_read()?;
            let mut out = output(args.output.as_deref())?;
            let progress = still_working(quiet);
            let limits = query::Limits {
                timeout: args.time_limit(),
                progress: &progress,
                stuck: &stuck,
            };
            let format = args.format.map(Into::into);
            let outcome = query::run(&read, &file, &args.params, format, &mut out, &limits)?;
            out.flush()?;
            say(quiet, query_summary(outcome));
        }
        Command::Search(args) => {
            let mut out = output(None)?;
            let hits = search::run(&args.options(&cli.store)?, &mut out)?;
            out.flush()?;
            say(quiet, format!("{hits} hits"));
        }
        Command::Stats(args) => {
            let read = store.open_read()?;
            let stats = stats::compute(read.store(), read.generation())?;
            print_json_or(args.json, &stats, || stats.render())?;
        }
        Command::Export(args) => {
            let read = store.open_read()?;
            let line = match args.format.rdf() {
                None => parquet_tables(&read, args.output.as_deref())?,
                Some(format) => {
                    let mut out = output(args.output.as_deref())?;
                    let graph = args.graph.map(SourceId::new);
                    let count = export::dump(read.store(), format, graph.as_ref(), &mut out)?;
                    out.flush()?;
                    format!("{count} statement{}", plural(count))
                }
            };
            say(quiet, line);
        }
        Command::Validate(args) => {
            let read = store.open_read()?;
            let report = validate::validate(read.store(), args.shapes.as_deref())?;
            print_json_or(args.json, &report, || report.render())?;
            if !report.conforms {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Network(args) => {
            let read = store.open_read()?;
            let mut stdout = io::stdout().lock();
            let summary =
                export::network(&read, &args.request()?, args.output.as_deref(), &mut stdout)?;
            say(quiet, network_summary(&summary));
        }
        Command::Partners(args) => {
            let read = store.open_read()?;
            let organisation = &args.organisation;
            let report = analysis::partners(&read, organisation, args.with.as_deref(), args.top)?;
            print_json_or(args.json, &report, || report.render())?;
        }
        Command::Snapshot(args) => match (&args.name, &args.remove) {
            (_, Some(name)) => say(
                quiet,
                snapshot_line("removed", &store.remove_snapshot(name)?),
            ),
            (Some(name), None) => say(quiet, snapshot_line("kept", &store.snapshot(name)?)),
            (None, None) => {
                let list = store.snapshots()?;
                let lines: String = list.iter().map(|s| snapshot_line("", s) + "\n").collect();
                print_json_or(args.json, &list, || lines)?;
            }
        },
        Command::Diff(args) => print(&diff::run(&store, &args.options())?)?,
        Command::Identities(args) => {
            let read = store.open_read()?;
            print(&identities::run(read.store(), &args.options())?)?;
        }
        Command::Report(ReportCommand::Gaps(args)) => {
            let read = store.open_read()?;
            let text = report::gaps(&read, &args.options()?, args.format.into())?;
            let mut out = output(args.output.as_deref())?;
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Command::Synth(SynthCommand::Cordis(args)) => {
            let summary = synth::synth_cordis(&args.output, &(&args).into())?;
            if !quiet {
                eprint!("{summary}");
            }
        }
        Command::Serve(args) => serve::run(&args.options(&cli.store)?)
            .with_context(|| format!("cannot serve {}", cli.store.display()))?,
        Command::ServeWorker => serve::run_worker(&cli.store)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The context of a failed `build` or `remove`.
fn unchanged(command: &str, store: &Path) -> String {
    format!(
        "{command} failed; the store {} is unchanged",
        store.display()
    )
}

/// A line on stderr, unless `--quiet` or there is nothing to say.
fn say(quiet: bool, line: String) {
    if !quiet && !line.is_empty() {
        eprintln!("{line}");
    }
}

/// The evaluation could not be stopped in time: end the process with the same error, said as
/// any other (a busy machine is slow to stop a large sort).
fn stuck(error: query::QueryError) {
    eprintln!("error: {}", describe(&error.into()));
    std::process::exit(1);
}

/// What a query printed; nothing for a boolean.
fn query_summary(outcome: QueryOutcome) -> String {
    match outcome {
        QueryOutcome::Rows(n) => format!("{n} row{}", plural(n)),
        QueryOutcome::Triples(n) => format!("{n} triple{}", plural(n)),
        QueryOutcome::Boolean(_) => String::new(),
    }
}

/// Says every few seconds that a long query is still running.
fn still_working(quiet: bool) -> impl Fn(Duration) + Sync {
    move |spent: Duration| {
        say(
            quiet,
            format!("still working: {} s so far", spent.as_secs()),
        )
    }
}

fn network_summary(summary: &export::NetworkSummary) -> String {
    let timings: Vec<String> = summary
        .timings
        .iter()
        .map(|(step, s)| format!("{step} {s:.2}s"))
        .collect();
    format!(
        "{} nodes, {} edges ({}){}",
        summary.nodes,
        summary.edges,
        timings.join(", "),
        summary
            .modularity
            .map(|m| format!(", modularity {m:.4}"))
            .unwrap_or_default()
    )
}

/// `export --format parquet`: the tables go into a folder, never to stdout.
fn parquet_tables(read: &ReadStore, dir: Option<&Path>) -> Result<String> {
    let dir = dir.context("--format parquet writes a folder of tables: give it with -o DIR")?;
    let files = export::parquet_tables(read, dir)?;
    Ok(format!("{} tables in {}", files.len(), dir.display()))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A snapshot as `snapshot` and `build --snapshot` report it.
fn snapshot_line(done: &str, s: &partnergraph::store::snapshot::SnapshotInfo) -> String {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    format!(
        "{done}{}snapshot {} of {} taken {}: {:.1} MiB, {:.1} MiB of it shared with the store",
        if done.is_empty() { "" } else { " " },
        s.name,
        s.generation,
        s.created,
        mib(s.bytes),
        mib(s.shared_bytes)
    )
}

fn print(text: &str) -> Result<()> {
    Ok(write!(io::stdout().lock(), "{text}")?)
}

/// `value` as pretty JSON, or its text rendering, on stdout.
fn print_json_or(
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", text())?;
    }
    Ok(())
}

fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn print_build_report(report: &build::BuildReport, json: bool) -> Result<()> {
    for warning in &report.warnings {
        tracing::warn!("{warning}");
    }
    print_json_or(json, report, || report.render())
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
        self.set(|| format!("copying what the store keeps ({quads} quads)"));
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
