//! `partnergraph build`: documents → graph, committed atomically.
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

use crate::ingest::cordis::quality::{self, Quirk};
use crate::ingest::cordis::{CordisKind, ReadPolicy};
use crate::ingest::{self, Document, IngestError, Loaded, SourceSpec};
use crate::model::SourceId;
use crate::rdf::identity::{DocumentNames, Labels};
use crate::rdf::participations;
use crate::rdf::{self, SourceGraph};
use crate::resolve::{Identities, themes::ThemeIndex};
use crate::stats::{self, Stats};
use crate::store::{Staging, StoreDir, StoreError, WaitPolicy};
use crate::vocab::{META_GRAPH, pg};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    Added,
    Replaced,
    Unchanged,
    /// In the store, but its file is gone: its graph is kept as it was.
    Kept,
    /// Taken out of the store by `partnergraph remove`.
    Removed,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceReport {
    pub id: SourceId,
    pub kind: String,
    pub path: String,
    pub triples: usize,
    pub status: SourceStatus,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildReport {
    pub sources: Vec<SourceReport>,
    /// Whether a new graph was committed (false when nothing changed).
    pub committed: bool,
    pub warnings: Vec<String>,
    /// How many sorted runs per index the bulk loader left for RocksDB to merge (none when the
    /// build compacted or loaded nothing): every read of the published store visits each.
    pub sorted_runs: Option<usize>,
    /// What reading the CORDIS exports repaired and rejected, by document and quirk.
    pub data_quality: Vec<QualityLine>,
    /// Rows skipped because they could not be read; listed in the generation's rejects file.
    pub rejected: usize,
    /// What the store holds after the build.
    pub stats: Stats,
}

/// One quirk of one document in the build's data-quality summary.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QualityLine {
    pub source: SourceId,
    pub quirk: Quirk,
    pub count: usize,
    pub line: usize,
    pub example: String,
}

impl BuildReport {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let width = self
            .sources
            .iter()
            .map(|s| s.id.as_str().len())
            .max()
            .unwrap_or(0);
        for s in &self.sources {
            let _ = writeln!(
                out,
                "{:<10} {:<width$}  {:>9} triples  {}",
                format!("{:?}", s.status).to_lowercase(),
                s.id.as_str(),
                s.triples,
                s.kind
            );
        }
        let _ = writeln!(
            out,
            "{}\n",
            if self.committed {
                "Committed a new graph."
            } else {
                "Nothing changed; the store was left as it was."
            }
        );
        if !self.data_quality.is_empty() {
            out.push_str(&render_quality(&self.data_quality, self.rejected));
        }
        if let Some(runs) = self.sorted_runs.filter(|&runs| runs > 1) {
            let _ = writeln!(
                out,
                "The loader wrote {runs} sorted runs per index, which every query reads side by \
                 side: `build --compact` with the same inputs merges them without reloading \
                 (several times faster reads of a large graph).\n"
            );
        }
        out.push_str(&self.stats.render());
        out
    }
}

/// Progress of a long build, reported to whoever draws it.
pub trait Progress: Sync {
    fn parsed(&self, _done: usize, _total: usize) {}
    /// Quads copied so far from the published generation into one that starts empty.
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
    #[error("{} documents could not be read:\n  {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
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
    #[error("writing the graph failed: {0}")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] participations::IndexError),
    #[error("cannot write the rejects file {path}: {source}", path = .path.display())]
    Rejects {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("interrupted by a signal before the new graph was published")]
    Interrupted,
    #[error("cannot watch for Ctrl-C: {0}")]
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

/// SIGINT and SIGTERM set a flag that the build checks between steps and between loaded
/// chunks, so that it stops, deletes its staging copy and says the store is unchanged. A second
/// signal ends the process at once (the staging copy is then removed by the next build).
struct Interrupt {
    flag: Arc<AtomicBool>,
    handlers: Vec<signal_hook::SigId>,
}

impl Interrupt {
    fn install() -> Result<Self, BuildError> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        let mut handlers = Vec::new();
        for signal in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag as it was before this signal set it.
            handlers.push(
                signal_hook::flag::register_conditional_shutdown(signal, 130, flag.clone())
                    .map_err(BuildError::Signals)?,
            );
            handlers.push(
                signal_hook::flag::register(signal, flag.clone()).map_err(BuildError::Signals)?,
            );
        }
        Ok(Self { flag, handlers })
    }

    fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    fn check(&self) -> Result<(), BuildError> {
        if self.is_set() {
            Err(BuildError::Interrupted)
        } else {
            Ok(())
        }
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Why the build stopped loading: a signal, or the database.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
struct Stopped;

/// A document the store already holds, as its metadata records it.
#[derive(Debug, Clone)]
struct Recorded {
    path: String,
    kind: String,
    digest: String,
    triples: usize,
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
    };
    run(&build, Some(&options.source), progress)
}

fn run(
    options: &BuildOptions,
    removing: Option<&str>,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    let dir = StoreDir::new(&options.store);
    let writer = dir.lock_for_write(options.wait)?;
    // Only now: while it waits for the lock, Ctrl-C should end the process as usual.
    let interrupt = Interrupt::install()?;
    if removing.is_some() && !dir.exists()? {
        return Err(StoreError::Empty(options.store.clone()).into());
    }
    let mut recorded = if dir.exists()? {
        recorded_sources(dir.open_read()?.store())?
    } else {
        BTreeMap::new()
    };
    let removed = removing
        .map(|id| take_removed(&mut recorded, id))
        .transpose()?;

    let discovery = ingest::discover(&options.inputs)?;
    let mut specs = discovery.specs;
    if specs.is_empty() && recorded.is_empty() && removed.is_none() {
        return Err(BuildError::NoDocuments(
            options
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    let mut by_id: BTreeMap<SourceId, String> = BTreeMap::new();
    for spec in &specs {
        let path = spec.path.display().to_string();
        if let Some(first) = by_id.insert(spec.id.clone(), path.clone()) {
            return Err(BuildError::DuplicateId {
                id: spec.id.clone(),
                first,
                second: path,
            });
        }
    }
    let mut warnings: Vec<String> = discovery
        .skipped
        .iter()
        .map(|(path, why)| format!("{}: skipped: {why}", path.display()))
        .collect();
    let mut kept = Vec::new();
    for (id, record) in &recorded {
        if by_id.contains_key(id)
            || record.kind == rdf::identity::DERIVED_KIND
            || rdf::BUILTIN_SOURCES.iter().any(|b| b.id == id.as_str())
        {
            continue;
        }
        let path = PathBuf::from(&record.path);
        if path.is_file() {
            specs.push(reread_spec(id, path));
        } else if let Some(archive) = ingest::archive_of(&path) {
            let mut spec = reread_spec(id, path);
            spec.archive = Some(archive);
            specs.push(spec);
        } else {
            warnings.push(format!(
                "{id}: {} no longer exists; its graph is kept as it was ingested",
                record.path
            ));
            kept.push(SourceReport {
                id: id.clone(),
                kind: record.kind.clone(),
                path: record.path.clone(),
                triples: record.triples,
                status: SourceStatus::Kept,
            });
        }
    }

    let started = std::time::Instant::now();
    let policy = ReadPolicy {
        strict: options.strict,
    };
    let total = specs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parsed: Vec<Result<(Loaded, Document), IngestError>> = specs
        .into_par_iter()
        // After a signal, the documents not yet started are skipped.
        .filter(|_| !interrupt.is_set())
        .map(|spec| {
            let loaded = ingest::load(spec)?;
            let document = ingest::parse(&loaded, policy)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress.parsed(n, total);
            Ok((loaded, document))
        })
        .collect();
    interrupt.check()?;
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for result in parsed {
        match result {
            Ok(document) => documents.push(document),
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0).into()),
        _ => return Err(BuildError::Many(errors)),
    }

    tracing::info!(elapsed = ?started.elapsed(), "parsed {total} documents");
    let (data_quality, rejects) = take_quality(&mut documents);
    let themes = Arc::new(ThemeIndex::new(rdf::build_themes(&documents)));
    let fields = Arc::new(rdf::builtin_field_themes());
    let mut identities = Identities::new();
    documents.retain(|(loaded, document)| match document {
        Document::Cordis(file) => match (&file.table, file.kind) {
            (Some(table), _) => {
                rdf::cordis::register(table, &mut identities);
                true
            }
            (None, CordisKind::Unused(name)) => {
                warnings.push(format!(
                    "{}: skipped: a CORDIS {name} file, which partnergraph does not use",
                    loaded.spec.path.display()
                ));
                false
            }
            (None, _) => false,
        },
        _ => true,
    });
    let mut graphs: Vec<SourceGraph> = rdf::builtin_graphs();
    graphs.extend(
        documents
            .into_par_iter()
            .map(|(loaded, document)| {
                rdf::document_graph(&loaded, document, &identities, &themes, &fields)
            })
            .collect::<Vec<_>>(),
    );
    tracing::info!(elapsed = ?started.elapsed(), "resolved identities and made graphs");
    for graph in &graphs {
        warnings.extend(graph.warnings.iter().map(|w| format!("{}: {w}", graph.id)));
    }
    interrupt.check()?;

    let mut reports = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = Vec::new();
    for graph in graphs {
        let status = match recorded.get(&graph.id) {
            None => SourceStatus::Added,
            Some(r) if r.digest == graph.digest => SourceStatus::Unchanged,
            Some(_) => SourceStatus::Replaced,
        };
        reports.push(SourceReport {
            id: graph.id.clone(),
            kind: graph.kind.to_owned(),
            path: graph.path.clone(),
            triples: match (status, graph.known_len()) {
                (_, Some(n)) => n,
                (SourceStatus::Unchanged, None) => recorded.get(&graph.id).map_or(0, |r| r.triples),
                (_, None) => 0,
            },
            status,
        });
        if status == SourceStatus::Unchanged {
            unchanged.push(graph);
        } else {
            changed.push(graph);
        }
    }
    // Graphs whose files are gone are only in the store; their names still count.
    let kept_graphs: HashSet<NamedNode> = kept.iter().map(|k| rdf::iri::graph(&k.id)).collect();
    reports.extend(kept);
    if let Some((id, record)) = &removed {
        reports.push(SourceReport {
            id: id.clone(),
            kind: record.kind.clone(),
            path: record.path.clone(),
            triples: record.triples,
            status: SourceStatus::Removed,
        });
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    let rejected = rejects.len();
    if changed.is_empty() && removed.is_none() && !options.compact {
        drop(writer);
        return Ok(BuildReport {
            sources: reports,
            committed: false,
            warnings,
            sorted_runs: None,
            data_quality,
            rejected,
            stats: current_stats(&dir)?,
        });
    }

    // The graphs this build replaces or takes out. When they are a large part of the store, the
    // new generation starts empty and the rest is copied into it by the bulk loader, instead
    // of deleting them from a copy quad by quad (BENCHMARKS.md: refreshing CORDIS).
    let identity = SourceId::new(rdf::identity::SOURCE);
    let dropped: Vec<SourceId> = changed
        .iter()
        .map(|g| g.id.clone())
        .chain(removed.as_ref().map(|(id, _)| id.clone()))
        .chain([identity])
        .collect();
    let published = if rebuilds(&recorded, &dropped, removed.as_ref()) {
        Some(dir.open_read()?)
    } else {
        None
    };
    let staging = writer.stage(published.is_some())?;
    tracing::info!(elapsed = ?started.elapsed(), rebuild = published.is_some(), "staged");
    let store = staging.store();
    // Compacting alone: the copy already holds every graph, the identity graph and the index
    // (unless it comes from a version without the index, which the full path rebuilds).
    let only_compacting =
        changed.is_empty() && removed.is_none() && staging.file(participations::FILE).exists();
    let mut sorted_runs = None;
    if !only_compacting {
        let carry = published
            .as_ref()
            .map(|read| Carry::new(read.store(), &dropped));
        // What the new generation keeps is read from where it is: the copy, or the published
        // generation when the copy starts empty.
        let old = published.as_ref().map_or(store, |read| read.store());
        if published.is_none() {
            for id in &dropped {
                drop_graph(store, id)?;
            }
        }
        // The identity graph depends on every document's names: those not reloaded are read
        // from memory, or from the store when their files are gone.
        // So does the participation index.
        let mut labels = Labels::default();
        let mut participations = participations::Collector::default();
        for graph in &unchanged {
            interrupt.check()?;
            let mut names = DocumentNames::new(graph.kind);
            graph.stream(&mut |chunk: Vec<Quad>| {
                names.observe(&chunk);
                participations.observe(&chunk);
                Ok::<_, StorageError>(())
            })?;
            labels.add(names);
        }
        if !kept_graphs.is_empty() {
            labels.add_stored(old, &kept_graphs)?;
            for graph in &kept_graphs {
                participations.observe_stored(old, Some(graph.into()))?;
            }
        }
        let loaded = load_graphs(
            &staging,
            changed,
            carry,
            (labels, participations),
            options.loader_memory_mb,
            progress,
            &interrupt,
        );
        let (sizes, runs) = loaded.map_err(|e| {
            if interrupt.is_set() {
                BuildError::Interrupted
            } else {
                e
            }
        })?;
        let loaded_documents = sizes.len();
        for (id, triples) in sizes {
            if let Some(report) = reports.iter_mut().find(|r| r.id == id) {
                report.triples = triples;
            }
        }
        sorted_runs = (!options.compact).then_some(runs);
        tracing::info!(elapsed = ?started.elapsed(), "loaded {loaded_documents} documents");
    }
    // Read no longer: the published generation is collected once the new one replaces it.
    drop(published);
    if options.compact {
        interrupt.check()?;
        progress.compacting();
        // Bulk-loaded files wait for compaction until a writer opens the store again, and the
        // published store is only ever opened read-only: without this, every read stays slower.
        store.optimize()?;
        tracing::info!(elapsed = ?started.elapsed(), "compacted");
    }
    quality::write_rejects(&staging.file(quality::REJECTS_FILE), &rejects).map_err(|source| {
        BuildError::Rejects {
            path: staging.file(quality::REJECTS_FILE),
            source,
        }
    })?;
    // The last moment to stop: after this the new graph is published.
    interrupt.check()?;
    progress.committing();
    staging.commit()?;
    tracing::info!(elapsed = ?started.elapsed(), "committed");
    drop(writer);
    Ok(BuildReport {
        sources: reports,
        committed: true,
        warnings,
        sorted_runs,
        data_quality,
        rejected,
        stats: current_stats(&dir)?,
    })
}

/// Takes each CORDIS document's rejected rows (for the rejects file) and lists its quirks; the
/// counts stay with the document, whose metadata records them.
fn take_quality(
    documents: &mut [(Loaded, Document)],
) -> (Vec<QualityLine>, Vec<quality::RejectedRow>) {
    let mut lines = Vec::new();
    let mut rejects = Vec::new();
    for (loaded, document) in documents {
        let Document::Cordis(file) = document else {
            continue;
        };
        for (quirk, tally) in &file.quality.tallies {
            lines.push(QualityLine {
                source: loaded.spec.id.clone(),
                quirk: *quirk,
                count: tally.count,
                line: tally.line,
                example: tally.example.clone(),
            });
        }
        rejects.extend(
            std::mem::take(&mut file.quality.rejects)
                .into_iter()
                .map(|error| quality::RejectedRow {
                    source: loaded.spec.id.clone(),
                    path: loaded.spec.path.clone(),
                    error,
                }),
        );
    }
    lines.sort_by(|a, b| (&a.source, a.quirk).cmp(&(&b.source, b.quirk)));
    (lines, rejects)
}

fn render_quality(lines: &[QualityLine], rejected: usize) -> String {
    let mut out = String::from(
        "Data quality: CORDIS quirks repaired by fixed rules (the graph notes each repaired fact \
         with pg:repair)\n",
    );
    let width = lines
        .iter()
        .map(|l| l.source.as_str().len())
        .max()
        .unwrap_or(0);
    for l in lines {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {}\n  {:<width$}  {:>8}  e.g. line {}: {}",
            l.source.as_str(),
            l.count,
            l.quirk.description(),
            "",
            "",
            l.line,
            l.example,
        );
    }
    if rejected > 0 {
        let _ = writeln!(
            out,
            "{rejected} rows could not be read and were skipped; each is listed with its file, \
             line and reason in {} of the store's current generation (build --strict refuses \
             them instead).",
            quality::REJECTS_FILE
        );
    }
    out.push('\n');
    out
}

fn current_stats(dir: &StoreDir) -> Result<Stats, BuildError> {
    let read = dir.open_read()?;
    stats::compute(read.store(), read.generation())
        .map_err(|e| BuildError::Storage(StorageError::Other(Box::new(e))))
}

/// Takes the document to remove out of the recorded sources, or says which ones there are.
fn take_removed(
    recorded: &mut BTreeMap<SourceId, Recorded>,
    id: &str,
) -> Result<(SourceId, Recorded), BuildError> {
    let builtin = |id: &str| rdf::BUILTIN_SOURCES.iter().any(|b| b.id == id);
    let removable: Vec<String> = recorded
        .iter()
        .filter(|(id, r)| r.kind != rdf::identity::DERIVED_KIND && !builtin(id.as_str()))
        .map(|(id, _)| id.to_string())
        .collect();
    let key = SourceId::new(id);
    match recorded.get(&key) {
        None => Err(BuildError::UnknownSource {
            id: id.to_owned(),
            known: recorded.keys().map(ToString::to_string).collect(),
        }),
        Some(r) if r.kind == rdf::identity::DERIVED_KIND || builtin(id) => {
            Err(BuildError::NotRemovable {
                id: id.to_owned(),
                what: if builtin(id) {
                    "built into partnergraph (every build adds it again)"
                } else {
                    "derived from the other documents"
                },
                removable,
            })
        }
        Some(_) => Ok(recorded.remove_entry(&key).expect("checked above")),
    }
}

/// Removes a document's graph and its description in the metadata graph. The quads are read
/// once, from a snapshot, and removed in transactions of a bounded size: oxigraph's own
/// `remove_named_graph` reads the graph again from its start, through the transaction's
/// growing batch of deletions, for every thousand quads it removes, which made replacing a
/// large graph take minutes. The staging copy is private, so no atomicity is lost.
fn drop_graph(store: &Store, id: &SourceId) -> Result<(), StorageError> {
    const BATCH: usize = 100_000;
    let graph = rdf::iri::graph(id);
    let document = rdf::iri::source_document(id);
    let quads = store
        .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
        .chain(store.quads_for_pattern(
            Some(document.as_ref().into()),
            None,
            None,
            Some(META_GRAPH.into()),
        ));
    let mut batch = Vec::with_capacity(BATCH);
    let remove = |batch: &mut Vec<Quad>| -> Result<(), StorageError> {
        let mut transaction = store.start_transaction()?;
        for quad in batch.drain(..) {
            transaction.remove(&quad);
        }
        transaction.commit()
    };
    for quad in quads {
        batch.push(quad?);
        if batch.len() == BATCH {
            remove(&mut batch)?;
        }
    }
    remove(&mut batch)?;
    store.remove_named_graph(&graph)
}

/// How many times more a quad costs to delete from a copy of the published generation than to
/// copy into an empty one, conservatively: replacing the 35,000-project export by deletion took
/// 148-162 s against 14 s for loading all of it, about ten times more per quad. Below this
/// share, small changes to a large store (one profile) keep the cheap copy-and-delete.
const DELETE_PER_COPY: usize = 4;

/// Whether the new generation starts empty, with what it keeps copied from the published
/// one, rather than as a copy from which the dropped graphs are deleted: when deleting them
/// costs more than copying the rest. Deleted quads also stay behind as tombstones that every
/// later read of the published store steps over.
fn rebuilds(
    recorded: &BTreeMap<SourceId, Recorded>,
    dropped: &[SourceId],
    removed: Option<&(SourceId, Recorded)>,
) -> bool {
    let removed = removed.map_or(0, |(_, r)| r.triples);
    let size = |id: &SourceId| recorded.get(id).map_or(0, |r| r.triples);
    let dropping = dropped.iter().map(size).sum::<usize>() + removed;
    let total = recorded.values().map(|r| r.triples).sum::<usize>() + removed;
    dropping > 0 && dropping.saturating_mul(DELETE_PER_COPY) > total.saturating_sub(dropping)
}

/// What a generation that starts empty keeps of the published one: every quad but those of
/// the dropped graphs and of their descriptions in the metadata graph, as `drop_graph` leaves
/// a copy.
struct Carry<'a> {
    store: &'a Store,
    graphs: HashSet<NamedNode>,
    documents: HashSet<NamedNode>,
}

impl<'a> Carry<'a> {
    fn new(store: &'a Store, dropped: &[SourceId]) -> Self {
        Self {
            store,
            graphs: dropped.iter().map(rdf::iri::graph).collect(),
            documents: dropped.iter().map(rdf::iri::source_document).collect(),
        }
    }

    /// Sends the quads kept, in chunks; returns the named graphs kept that hold none (the
    /// loader only makes graphs it loads quads into).
    fn stream(
        &self,
        progress: &dyn Progress,
        send: &mut dyn FnMut(Vec<Quad>) -> Result<(), StorageError>,
    ) -> Result<Vec<NamedOrBlankNode>, StorageError> {
        const CHUNK: usize = 50_000;
        let mut empty = Vec::new();
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut copied = 0;
        let named: Vec<NamedOrBlankNode> = self.store.named_graphs().collect::<Result<_, _>>()?;
        let graphs = std::iter::once(GraphName::DefaultGraph).chain(named.into_iter().map(
            |graph| match graph {
                NamedOrBlankNode::NamedNode(node) => GraphName::NamedNode(node),
                NamedOrBlankNode::BlankNode(node) => GraphName::BlankNode(node),
            },
        ));
        for graph in graphs {
            if matches!(&graph, GraphName::NamedNode(node) if self.graphs.contains(node)) {
                continue;
            }
            let meta = graph.as_ref() == GraphNameRef::from(META_GRAPH);
            let mut any = false;
            for quad in self
                .store
                .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            {
                let quad = quad?;
                any = true;
                if meta
                    && matches!(&quad.subject, NamedOrBlankNode::NamedNode(s) if self.documents.contains(s))
                {
                    continue;
                }
                chunk.push(quad);
                if chunk.len() == CHUNK {
                    copied += CHUNK;
                    progress.copying(copied);
                    send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))?;
                }
            }
            match graph {
                GraphName::NamedNode(node) if !any => empty.push(node.into()),
                GraphName::BlankNode(node) if !any => empty.push(node.into()),
                _ => {}
            }
        }
        send(chunk)?;
        Ok(empty)
    }
}

/// Replaces the documents' graphs and metadata, and the identity graph derived from them and
/// the names the other documents gave (`derived.0`), in the staging store with one bulk load,
/// and writes the participation index gathered from them and the others (`derived.1`); returns
/// each document's size and the number of sorted runs the loader wrote per index.
fn load_graphs(
    staging: &Staging<'_>,
    graphs: Vec<SourceGraph>,
    carry: Option<Carry<'_>>,
    derived: (Labels, participations::Collector),
    memory_mb: usize,
    progress: &dyn Progress,
    interrupt: &Interrupt,
) -> Result<(Vec<(SourceId, usize)>, usize), BuildError> {
    let (labels, mut participations) = derived;
    let store = staging.store();
    let index = staging.file(participations::FILE);
    let threads = rayon::current_num_threads().max(1);
    let mut loader = store
        .bulk_loader()
        .with_num_threads(threads)
        .with_max_memory_size_in_megabytes(memory_mb)
        // The staging copy is private until it is published, so the loader's own atomicity
        // buys nothing; without it RocksDB compacts while loading. Atomic loads build faster
        // (35,000 projects 11.5 s → 10 s) but publish only level-0 files, which every query
        // then reads twice as slowly (BENCHMARKS.md).
        .without_atomicity();
    // The loader makes a sorted run of every batch of its target size and of the remainder of
    // every `load_*` call, so all the quads go through one call: handed over in the
    // generator's chunks, hundreds of tiny runs made loading several times slower. They come
    // from a producer thread through a channel two chunks deep, so that the only batch being
    // assembled is the loader's own, not a second copy of it.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Vec<Quad>, StorageError>>(2);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut send = |chunk: Vec<Quad>| {
                if interrupt.is_set() {
                    return Err(StorageError::Other(Box::new(Stopped)));
                }
                // A closed channel means the loader failed; it reports why.
                sender
                    .send(Ok(chunk))
                    .map_err(|_| StorageError::Other(Box::new(Stopped)))
            };
            let empty = match carry.map(|carry| carry.stream(progress, &mut send)) {
                Some(Ok(empty)) => empty,
                Some(Err(e)) => {
                    // Ignored when the loader is gone: its own error is the one to report.
                    let _ = sender.send(Err(e));
                    return Ok((Vec::new(), Vec::new()));
                }
                None => Vec::new(),
            };
            match produce(graphs, labels, &mut participations, progress, &mut send) {
                Ok(sizes) => {
                    drop(sender);
                    // Written while the loader sorts its last batches, which leave a core idle.
                    participations.finish().write(&index)?;
                    Ok((sizes, empty))
                }
                Err(e) => {
                    let _ = sender.send(Err(e));
                    Ok((Vec::new(), Vec::new()))
                }
            }
        });
        let mut loaded = 0;
        let quads = receiver.into_iter().flat_map(|chunk| {
            let (quads, error) = match chunk {
                Ok(quads) => {
                    loaded += quads.len();
                    (quads, None)
                }
                Err(e) => (Vec::new(), Some(e)),
            };
            quads.into_iter().map(Ok).chain(error.map(Err))
        });
        let result = loader.load_ok_quads::<StorageError, StorageError>(quads);
        let produced: Result<_, participations::IndexError> =
            producer.join().expect("the quad producer does not panic");
        result?;
        let (sizes, empty) = produced?;
        loader.commit()?;
        for graph in &empty {
            store.insert_named_graph(graph)?;
        }
        // The loader sorts batches of its memory budget in quads, split between its workers.
        let batch = (memory_mb * 1000 / threads).max(1);
        Ok((sizes, loaded.div_ceil(batch)))
    })
}

/// Streams the documents' graphs, each followed by its metadata, then the identity graph
/// derived from them and `labels`, into `send`; returns each document's size. Each document's
/// parsed table is dropped once it is sent, so that the loader reuses its memory.
fn produce(
    graphs: Vec<SourceGraph>,
    mut labels: Labels,
    participations: &mut participations::Collector,
    progress: &dyn Progress,
    send: &mut dyn FnMut(Vec<Quad>) -> Result<(), StorageError>,
) -> Result<Vec<(SourceId, usize)>, StorageError> {
    let mut sizes = Vec::with_capacity(graphs.len());
    for graph in graphs {
        let mut loaded = 0;
        let mut names = DocumentNames::new(graph.kind);
        let triples = graph.stream(&mut |chunk: Vec<Quad>| {
            loaded += chunk.len();
            progress.loading(&graph.id, loaded);
            names.observe(&chunk);
            participations.observe(&chunk);
            send(chunk)
        })?;
        send(graph.metadata(triples))?;
        labels.add(names);
        sizes.push((graph.id.clone(), triples));
    }
    let identity = labels.into_graph();
    let triples = identity.stream(send)?;
    send(identity.metadata(triples))?;
    Ok(sizes)
}

/// Documents recorded in the published graph's metadata.
fn recorded_sources(store: &Store) -> Result<BTreeMap<SourceId, Recorded>, StorageError> {
    let meta = GraphNameRef::from(META_GRAPH);
    let value = |subject: NamedNodeRef<'_>, predicate| -> Result<Option<String>, StorageError> {
        Ok(store
            .quads_for_pattern(Some(subject.into()), Some(predicate), None, Some(meta))
            .next()
            .transpose()?
            .and_then(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }))
    };
    let mut out = BTreeMap::new();
    for quad in store.quads_for_pattern(None, Some(pg::SOURCE_KIND), None, Some(meta)) {
        let quad = quad?;
        let oxigraph::model::NamedOrBlankNode::NamedNode(document) = &quad.subject else {
            continue;
        };
        let Some(id) = rdf::iri::source_id(document) else {
            continue;
        };
        let Term::Literal(kind) = &quad.object else {
            continue;
        };
        let document = document.as_ref();
        out.insert(
            id,
            Recorded {
                path: value(document, pg::SOURCE_PATH)?.unwrap_or_default(),
                kind: kind.value().to_owned(),
                digest: value(document, pg::CONTENT_DIGEST)?.unwrap_or_default(),
                triples: value(document, pg::TRIPLE_COUNT)?
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0),
            },
        );
    }
    Ok(out)
}

/// How to read a document the store holds again: through its folder's manifest if it was
/// declared there (so it keeps its kind, title and origin), else as a detected file.
fn reread_spec(id: &SourceId, path: PathBuf) -> SourceSpec {
    let declared = path
        .parent()
        .map(|folder| folder.join(ingest::manifest::FILE_NAME))
        .filter(|manifest| manifest.is_file())
        .and_then(|manifest| ingest::manifest::read(&manifest).ok())
        .and_then(|entries| entries.into_iter().find(|e| e.id == *id));
    declared.unwrap_or_else(|| {
        let mut spec = SourceSpec::detected(path);
        spec.id = id.clone();
        spec.id_declared = true;
        spec
    })
}
