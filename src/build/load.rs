//! Stage 7, load: the changed graphs, the identity graph and the participation index go into
//! the staging copy in one bulk load, with what the new generation keeps of the published one
//! either left in the copy (the dropped graphs deleted from it) or copied into an empty one.

use super::diff::Changes;
use super::interrupt::Interrupt;
use super::recorded::Records;
use super::{BuildError, Progress};
use crate::model::SourceId;
use crate::rdf::identity::{DocumentNames, Labels};
use crate::rdf::{self, SourceGraph, participations};
use crate::search;
use crate::store::{ReadStore, Staging};
use crate::vocab::META_GRAPH;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;

/// What loading wrote.
#[derive(Debug)]
pub(super) struct Load {
    /// The size of each loaded document.
    pub sizes: Vec<(SourceId, usize)>,
    /// How many sorted runs per index the loader wrote.
    pub sorted_runs: usize,
}

/// Why the build stopped loading: a signal, or the database.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
struct Stopped;

/// Loads `changes` into `staging`. `published` is the generation to copy what is kept from
/// when the copy starts empty; otherwise the copy holds it and the `dropped` graphs are
/// deleted from it first.
pub(super) fn load(
    staging: &Staging<'_>,
    published: Option<&ReadStore>,
    changes: Changes,
    dropped: &[SourceId],
    memory_mb: usize,
    progress: &dyn Progress,
    interrupt: &Interrupt,
) -> Result<Load, BuildError> {
    let store = staging.store();
    // A generation that starts empty gets the unchanged graphs from the documents this build
    // has just read, as a fresh build would: copying them out of the published generation
    // decodes every term again and cost more than the rest of the refresh (BENCHMARKS.md).
    // Their equal digests say they are the quads the store holds.
    let (observed, reloaded) = match published {
        Some(_) => (Vec::new(), changes.unchanged),
        None => (changes.unchanged, Vec::new()),
    };
    let carry = published.map(|read| Carry::new(read.store(), dropped, &reloaded));
    // What the new generation keeps is read from where it is: the copy, or the published
    // generation when the copy starts empty.
    let old = published.map_or(store, |read| read.store());
    if published.is_none() {
        for id in dropped {
            drop_graph(store, id)?;
        }
    }
    let derived = Derived::of_unloaded(&observed, old, &changes.kept, interrupt)?;
    let graphs = Graphs {
        changed: changes.changed,
        reloaded,
    };
    let loaded = load_graphs(
        staging, graphs, carry, derived, memory_mb, progress, interrupt,
    );
    loaded.map_err(|e| {
        if interrupt.is_set() {
            BuildError::Interrupted
        } else {
            e
        }
    })
}

/// The documents' graphs a build loads: those that changed, with their descriptions, and
/// the unchanged ones a generation that starts empty loads again, whose descriptions it copies.
struct Graphs {
    changed: Vec<SourceGraph>,
    reloaded: Vec<SourceGraph>,
}

/// What the build derives from every document's quads: the display labels of the identity
/// graph, the participation index and the text the search index holds. Each document's graph is observed once: a loaded one as
/// it loads, an unchanged one from memory, one whose file is gone from the store.
#[derive(Default)]
pub(super) struct Derived {
    labels: Labels,
    participations: participations::Collector,
    search: search::Collector,
}

impl Derived {
    /// Observes the graphs that are not loaded: `unchanged` from memory, `kept` from `store`.
    fn of_unloaded(
        unchanged: &[SourceGraph],
        store: &Store,
        kept: &HashSet<NamedNode>,
        interrupt: &Interrupt,
    ) -> Result<Self, BuildError> {
        let mut derived = Self::default();
        for graph in unchanged {
            interrupt.check()?;
            let mut names = DocumentNames::new(graph.kind);
            graph.stream(&mut |chunk: Vec<Quad>| {
                derived.observe(&mut names, &chunk);
                Ok::<_, StorageError>(())
            })?;
            derived.labels.add(names);
        }
        if !kept.is_empty() {
            derived.labels.add_stored(store, kept)?;
            for graph in kept {
                derived
                    .participations
                    .observe_stored(store, Some(graph.into()))?;
                derived.search.observe_stored(store, Some(graph.into()))?;
            }
        }
        Ok(derived)
    }

    /// Observes one chunk of a document's quads.
    fn observe(&mut self, names: &mut DocumentNames, chunk: &[Quad]) {
        names.observe(chunk);
        self.participations.observe(chunk);
        self.search.observe(chunk);
    }

    /// Streams a document's graph into `send`, observing it on the way; returns its size.
    fn stream(
        &mut self,
        graph: &SourceGraph,
        progress: &dyn Progress,
        send: &mut dyn FnMut(Vec<Quad>) -> Result<(), StorageError>,
    ) -> Result<usize, StorageError> {
        let mut loaded = 0;
        let mut names = DocumentNames::new(graph.kind);
        let triples = graph.stream(&mut |chunk: Vec<Quad>| {
            loaded += chunk.len();
            progress.loading(&graph.id, loaded);
            self.observe(&mut names, &chunk);
            send(chunk)
        })?;
        self.labels.add(names);
        Ok(triples)
    }
}

/// Removes a document's graph and its description in the metadata graph. The quads are read
/// once, from a snapshot, and removed in transactions of a bounded size: oxigraph's own
/// `remove_named_graph` reads the graph again from its start, through the transaction's
/// growing batch of deletions, for every thousand quads it removes, which made replacing a
/// large graph take minutes. The staging copy is private, so no atomicity is lost. What no
/// other graph states leaves the default graph too, which stays their merge.
pub(super) fn drop_graph(store: &Store, id: &SourceId) -> Result<(), StorageError> {
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
    for quad in quads {
        batch.push(quad?);
        if batch.len() == BATCH {
            crate::store::remove_quads(store, &batch)?;
            batch.clear();
        }
    }
    crate::store::remove_quads(store, &batch)?;
    store.remove_named_graph(&graph)
}

/// How many times more a quad costs to delete from a copy of the published generation than to
/// load into an empty one (again from its document, or copied), conservatively: replacing the 35,000-project export by deletion took
/// 148-162 s against 14 s for loading all of it, about ten times more per quad. Below this
/// share, small changes to a large store (one profile) keep the cheap copy-and-delete.
const DELETE_PER_COPY: usize = 4;

/// Whether the new generation starts empty, with what it keeps loaded again or copied from the
/// published one, rather than as a copy from which the dropped graphs are deleted: when
/// deleting them costs more than loading the rest. Deleted quads also stay behind as tombstones that every
/// later read of the published store steps over.
pub(super) fn rebuilds(records: &Records, dropped: &[SourceId]) -> bool {
    let dropping = dropped
        .iter()
        .map(|id| records.triples_of(id))
        .sum::<usize>();
    let total = records.triples();
    dropping > 0 && dropping.saturating_mul(DELETE_PER_COPY) > total.saturating_sub(dropping)
}

/// What a generation that starts empty copies from the published one: every quad but those
/// of the dropped graphs and of their descriptions in the metadata graph, as `drop_graph`
/// leaves a copy, and but those of the graphs loaded again from their documents.
struct Carry<'a> {
    store: &'a Store,
    graphs: HashSet<NamedNode>,
    documents: HashSet<NamedNode>,
}

impl<'a> Carry<'a> {
    fn new(store: &'a Store, dropped: &[SourceId], reloaded: &[SourceGraph]) -> Self {
        let reloaded = reloaded.iter().map(|g| &g.id);
        Self {
            store,
            graphs: dropped
                .iter()
                .chain(reloaded)
                .map(rdf::iri::graph)
                .collect(),
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
        // Not the default graph: it is the merge of these, written anew at commit.
        let graphs = named.into_iter().map(|graph| match graph {
            NamedOrBlankNode::NamedNode(node) => GraphName::NamedNode(node),
            NamedOrBlankNode::BlankNode(node) => GraphName::BlankNode(node),
        });
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
/// the names the other documents gave, in the staging store with one bulk load, and writes the
/// participation index gathered from them and the others; returns each document's size and the
/// number of sorted runs the loader wrote per index.
fn load_graphs(
    staging: &Staging<'_>,
    graphs: Graphs,
    carry: Option<Carry<'_>>,
    derived: Derived,
    memory_mb: usize,
    progress: &dyn Progress,
    interrupt: &Interrupt,
) -> Result<Load, BuildError> {
    let store = staging.store();
    let index = staging.file(participations::FILE);
    let text_index = staging.file(search::DIR);
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
    let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Quad>, StorageError>>(2);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let feed = Feed {
                sender,
                progress,
                interrupt,
            };
            feed.run(carry, graphs, derived, &index, &text_index)
        });
        // The loader sorts batches of its memory budget in quads, split between its workers.
        let batch = (memory_mb * 1000 / threads).max(1);
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
        let result = loader
            .load_ok_quads::<StorageError, StorageError>(with_merge(quads, batch))
            .and_then(|()| loader.commit());
        let loaded_at = std::time::Instant::now();
        let produced: Result<_, BuildError> =
            producer.join().expect("the quad producer does not panic");
        // What the indexes add to the build: how long the loader waited for them.
        tracing::info!(waited = ?loaded_at.elapsed(), "loaded the quads and wrote the indexes");
        result?;
        let Fed { sizes, empty } = produced?;
        for graph in &empty {
            store.insert_named_graph(graph)?;
        }
        Ok(Load {
            sizes,
            sorted_runs: loaded.div_ceil(batch),
        })
    })
}

/// The documents' quads, each with its triple in the default graph, the merge of the named
/// graphs that SPARQL's set semantics asks for: the loader writes a key once however many
/// graphs state the triple, so the merge costs no set in memory and no second pass over the
/// store. They go in blocks of one loader batch, `batch` quads and then their `batch` triples,
/// so that each batch the loader sorts fills only the named graphs' indexes or only the
/// default graph's: half as many sorted runs per index as batches of both, and every read of
/// the store as built visits each run (BENCHMARKS.md).
fn with_merge<E>(
    quads: impl Iterator<Item = Result<Quad, E>>,
    batch: usize,
) -> impl Iterator<Item = Result<Quad, E>> {
    let mut quads = quads.fuse();
    let mut triples: Vec<Quad> = Vec::new();
    let mut flushing = std::vec::IntoIter::default();
    std::iter::from_fn(move || {
        if let Some(triple) = flushing.next() {
            return Some(Ok(triple));
        }
        match quads.next() {
            Some(Ok(quad)) => {
                triples.push(Quad::new(
                    quad.subject.clone(),
                    quad.predicate.clone(),
                    quad.object.clone(),
                    GraphName::DefaultGraph,
                ));
                if triples.len() == batch {
                    flushing =
                        std::mem::replace(&mut triples, Vec::with_capacity(batch)).into_iter();
                }
                Some(Ok(quad))
            }
            Some(Err(e)) => Some(Err(e)),
            None => {
                flushing = std::mem::take(&mut triples).into_iter();
                flushing.next().map(Ok)
            }
        }
    })
}

/// What the producer sent: each document's size, and the kept graphs that hold no quad (the
/// loader only makes graphs it loads quads into).
#[derive(Default)]
struct Fed {
    sizes: Vec<(SourceId, usize)>,
    empty: Vec<NamedOrBlankNode>,
}

/// The producer's end of the channel to the loader.
struct Feed<'a> {
    sender: mpsc::SyncSender<Result<Vec<Quad>, StorageError>>,
    progress: &'a dyn Progress,
    interrupt: &'a Interrupt,
}

impl Feed<'_> {
    /// Sends what the new generation keeps, then the graphs, then writes the participation
    /// index to `index` and the search index to `text_index`.
    /// An error the loader must see goes down the channel, so that it stops.
    fn run(
        self,
        carry: Option<Carry<'_>>,
        graphs: Graphs,
        derived: Derived,
        index: &Path,
        text_index: &Path,
    ) -> Result<Fed, BuildError> {
        let Self {
            sender,
            progress,
            interrupt,
        } = self;
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
                return Ok(Fed::default());
            }
            None => Vec::new(),
        };
        match produce(graphs, derived, progress, &mut send) {
            Ok(Produced {
                sizes,
                participations,
                text,
            }) => {
                drop(sender);
                // Written while the loader sorts and writes its last batches, which leave a
                // core idle, instead of read back from the store once it is loaded
                // (BENCHMARKS.md: text search).
                participations::write(&participations.finish(), index)?;
                search::write_collected(text, text_index)?;
                Ok(Fed { sizes, empty })
            }
            Err(e) => {
                let _ = sender.send(Err(e));
                Ok(Fed::default())
            }
        }
    }
}

/// What the producer gathered besides sending the quads.
struct Produced {
    /// Each changed document's size.
    sizes: Vec<(SourceId, usize)>,
    participations: participations::Collector,
    text: search::Collector,
}

/// Streams the graphs loaded again, then the changed documents' graphs, each followed by its
/// metadata, then the identity graph derived from them and the documents observed before,
/// into `send`. Each document's parsed table is dropped once it is sent, so that the loader
/// reuses its memory.
fn produce(
    graphs: Graphs,
    mut derived: Derived,
    progress: &dyn Progress,
    send: &mut dyn FnMut(Vec<Quad>) -> Result<(), StorageError>,
) -> Result<Produced, StorageError> {
    for graph in graphs.reloaded {
        derived.stream(&graph, progress, send)?;
    }
    let mut sizes = Vec::with_capacity(graphs.changed.len());
    for graph in graphs.changed {
        let triples = derived.stream(&graph, progress, send)?;
        send(graph.metadata(triples))?;
        sizes.push((graph.id.clone(), triples));
    }
    let identity = derived.labels.into_graph();
    // The organisations' display labels are the identity graph's.
    let triples = identity.stream(&mut |chunk: Vec<Quad>| {
        derived.participations.observe(&chunk);
        derived.search.observe(&chunk);
        send(chunk)
    })?;
    send(identity.metadata(triples))?;
    Ok(Produced {
        sizes,
        participations: derived.participations,
        text: derived.search,
    })
}

#[cfg(test)]
mod tests {
    use super::super::recorded::Recorded;
    use super::super::{Silent, diff};
    use super::*;
    use crate::model::SourceKind;
    use crate::store::{StoreDir, WaitPolicy};

    fn records(sizes: &[(&str, usize)], removed: Option<(&str, usize)>) -> Records {
        let record = |triples| Recorded {
            path: String::new(),
            kind: SourceKind::Profile,
            digest: String::new(),
            triples,
        };
        Records {
            documents: sizes
                .iter()
                .map(|(id, n)| (SourceId::new(*id), record(*n)))
                .collect(),
            removed: removed.map(|(id, n)| (SourceId::new(id), record(n))),
        }
    }

    #[test]
    fn sends_each_batch_of_quads_then_their_triples_so_batches_fill_one_kind_of_index() {
        let quad = |i: usize| {
            let node = NamedNode::new_unchecked(format!("https://example.org/{i}"));
            Quad::new(node.clone(), node.clone(), node.clone(), node)
        };
        let fed: Vec<Result<Quad, ()>> = (0..5).map(quad).map(Ok).chain([Err(())]).collect();
        let sent: Vec<_> = with_merge(fed.into_iter(), 2)
            .map(|q| q.map(|q| (q.subject.to_string(), q.graph_name.is_default_graph())))
            .collect();
        let named = |i: usize| Ok((format!("<https://example.org/{i}>"), false));
        let merged = |i: usize| Ok((format!("<https://example.org/{i}>"), true));
        assert_eq!(
            sent,
            vec![
                named(0),
                named(1),
                merged(0),
                merged(1),
                named(2),
                named(3),
                merged(2),
                merged(3),
                named(4),
                Err(()),
                merged(4),
            ]
        );
    }

    #[test]
    fn starts_empty_only_when_deleting_costs_more_than_copying() {
        let ids = |ids: &[&str]| ids.iter().map(|id| SourceId::new(*id)).collect::<Vec<_>>();
        let store = records(&[("small", 10), ("large", 1000), ("identity", 5)], None);
        assert!(!rebuilds(&store, &ids(&["small", "identity"])));
        assert!(rebuilds(&store, &ids(&["large", "identity"])));
        assert!(!rebuilds(&Records::default(), &ids(&["identity"])));
        let removing = records(&[("small", 10), ("identity", 5)], Some(("large", 1000)));
        assert!(rebuilds(&removing, &ids(&["large", "identity"])));
    }

    /// Every quad of the published generation, as text, sorted.
    fn published(dir: &StoreDir) -> Vec<String> {
        let read = dir.open_read().unwrap();
        let mut quads: Vec<String> = read
            .store()
            .iter()
            .map(|q| q.unwrap().to_string())
            .filter(|q| !q.contains("generatedAtTime"))
            .collect();
        quads.sort();
        quads
    }

    /// Loads the bundled graphs into `dir` as a build would; `recorded` says what the store
    /// held, `start_empty` whether the new generation copies what it keeps.
    fn load_builtins(dir: &StoreDir, records: &Records, start_empty: bool) -> Load {
        let (_, changes) = diff::diff(rdf::builtin_graphs(), records, Vec::new());
        let dropped = changes.dropped();
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let read = start_empty.then(|| dir.open_read().unwrap());
        let staging = writer.stage(start_empty).unwrap();
        let interrupt = Interrupt::unhooked();
        let loaded = load(
            &staging,
            read.as_ref(),
            changes,
            &dropped,
            16,
            &Silent,
            &interrupt,
        )
        .unwrap();
        drop(read);
        staging.commit().unwrap();
        loaded
    }

    #[test]
    fn deleting_from_a_copy_and_copying_into_an_empty_one_publish_the_same_graph() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StoreDir::new(tmp.path().join("store"));
        let first = load_builtins(&dir, &Records::default(), false);
        assert_eq!(first.sizes.len(), rdf::BUILTIN_SOURCES.len());
        assert!(first.sizes.iter().all(|(_, n)| *n > 0));
        let fresh = published(&dir);
        // The store as recorded, with its first graph older: the build replaces just that one.
        let read = || Records::read(&dir, None).unwrap();
        let mut older = read();
        let first_id = SourceId::new(rdf::BUILTIN_SOURCES[0].id);
        older.documents.get_mut(&first_id).unwrap().digest = "older".into();
        let by_deletion = load_builtins(&dir, &older, false);
        assert_eq!(by_deletion.sizes.len(), 1);
        assert_eq!(published(&dir), fresh);
        let by_copy = load_builtins(&dir, &older, true);
        assert_eq!(by_copy.sizes, by_deletion.sizes);
        assert_eq!(published(&dir), fresh);
        assert!(
            dir.open_read()
                .unwrap()
                .file(participations::FILE)
                .is_file()
        );
    }
}
