//! `partnergraph build`: documents → graph, committed atomically.
//!
//! The build is a sequence of stages, each in its own file:
//!
//! ```text
//! recorded  what the published generation holds (and the document `remove` takes out)
//! plan      the documents to read: those given, and those recorded read again
//! parse     every document read and parsed, before the store is touched
//! graphs    CORDIS organisations registered first, then each document's graph
//! diff      which graphs changed against the record; nothing changed → nothing published
//! load      the changes, the identity graph and the participation index into a staged copy
//! publish   compact if asked, write the search index and the rejects file, switch readers to
//!           the new generation
//! ```
//!
//! Every document is read, parsed and turned into quads before the store is touched, so a bad
//! document fails the build with the store unchanged. Documents already in the store are read
//! again from where they were ingested, because what a document's names resolve to can change
//! when another document arrives (a profile's organisation becomes the CORDIS organisation of the
//! same name). A document's graph is replaced only when the quads it produces change, so
//! re-ingesting unchanged documents is a no-op that publishes nothing.
//!
//! `partnergraph remove` runs the same pipeline without the removed document, so identities that
//! were merged through it are worked out again from the documents that remain.

mod diff;
mod graphs;
mod interrupt;
mod load;
mod parse;
mod plan;
mod publish;
mod recorded;
mod report;

pub use report::{BuildReport, QualityLine, SourceReport, SourceStatus};

use crate::ingest::IngestError;
use crate::ingest::cordis::ReadPolicy;
use crate::ingest::cordis::quality::RejectedRow;
use crate::model::SourceId;
use crate::rdf::participations;
use crate::stats::{self, Stats};
use crate::store::{StoreDir, StoreError, WaitPolicy, Writer};
use diff::Changes;
use interrupt::Interrupt;
use oxigraph::store::StorageError;
use plan::Plan;
use recorded::Records;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Files and folders to ingest.
    pub inputs: Vec<PathBuf>,
    pub store: PathBuf,
    pub wait: WaitPolicy,
    /// Rough memory cap for the bulk loader, in megabytes.
    pub loader_memory_mb: usize,
    /// Compact the database before publishing it (also when no document changed).
    pub compact: bool,
    /// Fail on the first anomaly of a CORDIS export instead of repairing or rejecting it.
    pub strict: bool,
    /// The identity corrections to apply, instead of an `identities.toml` among the inputs or
    /// the file the last build applied.
    pub identities: Option<PathBuf>,
}

/// Progress of a long build, reported to whoever draws it.
pub trait Progress: Sync {
    fn parsed(&self, _done: usize, _total: usize) {}
    /// Quads copied so far from the published generation into one that starts empty (the
    /// metadata and the graphs whose files are gone).
    fn copying(&self, _quads: usize) {}
    fn loading(&self, _source: &SourceId, _triples: usize) {}
    fn compacting(&self) {}
    fn committing(&self) {}
}

/// Reports nothing.
pub struct Silent;
impl Progress for Silent {}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("{} documents could not be read:\n  {}", .0.len(), .0.iter().map(|e| crate::describe(e)).collect::<Vec<_>>().join("\n  "))]
    Many(Vec<IngestError>),
    #[error(
        "two documents would share the graph {id}: {first} and {second}; give one of them another id in a sources.toml manifest"
    )]
    DuplicateId {
        id: SourceId,
        first: String,
        second: String,
    },
    #[error("nothing to build: no documents in {0}")]
    NoDocuments(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Identities(#[from] crate::identities::IdentitiesError),
    #[error("writing the graph failed")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] participations::IndexError),
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    #[error("cannot write the rejects file {path}", path = .path.display())]
    Rejects {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("interrupted by a signal before the new graph was published")]
    Interrupted,
    #[error("cannot watch for Ctrl-C")]
    Signals(#[source] std::io::Error),
    #[error("the store holds no source {id}; its sources are: {}", .known.join(", "))]
    UnknownSource { id: String, known: Vec<String> },
    #[error(
        "{id} is {what}, not a document: it cannot be removed (the sources that can are: {})",
        .removable.join(", ")
    )]
    NotRemovable {
        id: String,
        what: &'static str,
        removable: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct RemoveOptions {
    /// The id of the document to remove, as `partnergraph stats` lists it.
    pub source: String,
    pub store: PathBuf,
    pub wait: WaitPolicy,
    pub loader_memory_mb: usize,
}

pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    run(options, None, progress)
}

/// Removes one document's graph and its metadata, and rebuilds everything derived from the
/// documents that remain; published atomically like a build.
pub fn remove(options: &RemoveOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let build = BuildOptions {
        inputs: Vec::new(),
        store: options.store.clone(),
        wait: options.wait,
        loader_memory_mb: options.loader_memory_mb,
        compact: false,
        strict: false,
        identities: None,
    };
    run(&build, Some(&options.source), progress)
}

/// What every stage may need: the options, and how to report progress and notice a signal.
struct Context<'a> {
    options: &'a BuildOptions,
    progress: &'a dyn Progress,
    interrupt: Interrupt,
    started: Instant,
}

fn run(
    options: &BuildOptions,
    removing: Option<&str>,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    let dir = StoreDir::new(&options.store);
    let writer = dir.lock_for_write(options.wait)?;
    let cx = Context {
        options,
        progress,
        // Only now: while it waits for the lock, Ctrl-C should end the process as usual.
        interrupt: Interrupt::install()?,
        started: Instant::now(),
    };
    let records = Records::read(&dir, removing)?;
    let plan = Plan::make(&options.inputs, &records)?;
    let mut warnings = plan.warnings;
    let policy = ReadPolicy {
        strict: options.strict,
    };
    let mut documents = parse::parse(plan.specs, policy, progress, &cx.interrupt)?;
    tracing::info!(elapsed = ?cx.started.elapsed(), "parsed {} documents", documents.len());
    let (data_quality, rejects) = report::take_quality(&mut documents);
    let corrections = crate::identities::locate(
        options.identities.as_deref(),
        &options.inputs,
        records.corrections_path().as_deref(),
    )?;
    let graphs = graphs::make_graphs(documents, corrections.as_ref(), &mut warnings)?;
    tracing::info!(elapsed = ?cx.started.elapsed(), "resolved identities and made graphs");
    cx.interrupt.check()?;
    let (mut sources, changes) = diff::diff(graphs, &records, plan.kept);
    let committed = !changes.is_empty() || options.compact;
    let sorted_runs = if committed {
        write(
            &cx,
            &dir,
            &writer,
            &records,
            changes,
            &mut sources,
            &rejects,
        )?
    } else {
        None
    };
    drop(writer);
    Ok(BuildReport {
        sources,
        committed,
        warnings,
        sorted_runs,
        data_quality,
        rejected: rejects.len(),
        stats: current_stats(&dir)?,
    })
}

/// Stages a new generation, loads `changes` into it and publishes it; sets the loaded
/// documents' sizes in `sources`, and returns how many sorted runs the loader left.
fn write(
    cx: &Context<'_>,
    dir: &StoreDir,
    writer: &Writer,
    records: &Records,
    changes: Changes,
    sources: &mut [SourceReport],
    rejects: &[RejectedRow],
) -> Result<Option<usize>, BuildError> {
    // When the graphs this build replaces or takes out are a large part of the store, the new
    // generation starts empty and the rest is copied into it by the bulk loader, instead of
    // deleting them from a copy quad by quad (BENCHMARKS.md: refreshing CORDIS).
    let dropped = changes.dropped();
    let published = if load::rebuilds(records, &dropped) {
        Some(dir.open_read()?)
    } else {
        None
    };
    let mut staging = writer.stage(published.is_some())?;
    tracing::info!(elapsed = ?cx.started.elapsed(), rebuild = published.is_some(), "staged");
    // Compacting alone: the copy already holds every graph, the identity graph and the index
    // (unless the index is not the published generation's, which the full path rebuilds).
    let only_compacting = changes.is_empty()
        && participations::adopt(
            &staging.file(participations::FILE),
            dir.current_generation()?.as_deref(),
        )?;
    let mut sorted_runs = None;
    if !only_compacting {
        let memory = cx.options.loader_memory_mb;
        let (progress, interrupt) = (cx.progress, &cx.interrupt);
        let loaded = load::load(
            &staging,
            published.as_ref(),
            changes,
            &dropped,
            memory,
            progress,
            interrupt,
        )?;
        tracing::info!(elapsed = ?cx.started.elapsed(), "loaded {} documents", loaded.sizes.len());
        for (id, triples) in loaded.sizes {
            if let Some(report) = sources.iter_mut().find(|r| r.id == id) {
                report.triples = triples;
            }
        }
        sorted_runs = (!cx.options.compact).then_some(loaded.sorted_runs);
    }
    // Loading writes every triple into the default graph too, and dropping a graph takes out
    // what only it stated (or the copy held the merge already, when only compacting).
    staging.kept_merge();
    // Read no longer: the published generation is collected once the new one replaces it.
    drop(published);
    publish::publish(cx, staging, rejects)?;
    Ok(sorted_runs)
}

fn current_stats(dir: &StoreDir) -> Result<Stats, BuildError> {
    let read = dir.open_read()?;
    stats::compute(read.store(), read.generation())
        .map_err(|e| BuildError::Storage(StorageError::Other(Box::new(e))))
}
