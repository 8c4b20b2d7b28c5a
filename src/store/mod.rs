//! The on-disk graph store: Oxigraph/RocksDB databases in generation directories.
//!
//! ```text
//! STORE/
//!   write.lock            held exclusively by the one process that may change the store
//!   current -> gen-000004 symlink, replaced atomically by rename(2) when a build commits
//!   gen-000004/           the published RocksDB database, never written to again
//!   gen-000004.lock       held shared by every process reading that generation (if it may)
//!   gen-000003/           the generation gen-000004 replaced, kept for `diff` (see below)
//!   snapshots/NAME/       named copies of published generations, kept until removed (snapshot.rs)
//! ```
//!
//! A build copies the published generation (hard links for RocksDB's immutable table files),
//! changes the copy, syncs it to disk and only then swaps `current`. Whatever happens before the
//! swap (a parse error, a full disk, Ctrl-C, SIGKILL, power loss) leaves `current` pointing at the
//! previous graph, which readers keep querying throughout. Generations no reader holds are removed
//! after the swap, and leftovers of interrupted builds at the start of the next one.
//!
//! Each generation names the one it replaced in its file `previous-generation`, written while it
//! is staged, and collection spares that one: `diff` compares the two. Since the name is
//! published with the generation by the same rename, a kill at any moment leaves a current
//! generation whose predecessor is on disk. It costs the previous generation's files that the
//! current one does not share: all of them after a build that starts from an empty store.
//!
//! Every statement lives in its document's named graph. The default graph is derived: the RDF
//! merge of all named graphs (each triple once, whichever documents state it), rewritten by
//! every commit, so that a query's default graph is a set as SPARQL defines it while `GRAPH ?g`
//! still says which document stated what.

pub mod lookup;
pub mod snapshot;

use oxigraph::model::{GraphName, GraphNameRef, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Directory used when neither `--store` nor `PARTNERGRAPH_STORE` says otherwise.
pub const DEFAULT_DIR: &str = ".partnergraph";

const CURRENT: &str = "current";
const WRITE_LOCK: &str = "write.lock";
const GEN_PREFIX: &str = "gen-";
/// The file in a generation naming the generation it replaced.
const PREVIOUS_FILE: &str = "previous-generation";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no graph has been built in {0} yet: run `partnergraph build` first")]
    Empty(PathBuf),
    #[error("{path}")]
    Io { path: PathBuf, source: io::Error },
    #[error("the store database in {path} could not be used")]
    Storage {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
    #[error(
        "another partnergraph process is changing the store {0} (a build, a remove or a server \
         with --allow-update); wait for it to finish or stop it"
    )]
    Busy(PathBuf),
    #[error("{0} is not a partnergraph store (it has files but no `current` generation)")]
    NotAStore(PathBuf),
}

/// Opens (creating, never truncating) a file that is only ever locked, not read or written.
fn lock_file(path: &Path) -> io::Result<fs::File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A store directory; nothing is opened until a read or a write begins.
#[derive(Debug, Clone)]
pub struct StoreDir {
    root: PathBuf,
}

/// How a writer behaves when another process holds the write lock.
#[derive(Debug, Clone, Copy)]
pub enum WaitPolicy {
    /// Fail at once with [`StoreError::Busy`].
    Fail,
    /// Wait up to this long, then fail.
    Wait(Duration),
}

impl StoreDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The published generation's directory name, if any graph was ever committed. Cheap (one
    /// readlink), so a long-running reader can check it per request to notice a new build.
    pub fn current_generation(&self) -> Result<Option<String>, StoreError> {
        let link = self.root.join(CURRENT);
        match fs::read_link(&link) {
            Ok(target) => Ok(Some(target.to_string_lossy().into_owned())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let has_files = fs::read_dir(&self.root)
                    .map(|mut entries| entries.next().is_some())
                    .unwrap_or(false);
                let only_ours = fs::read_dir(&self.root).is_ok_and(|entries| {
                    entries.flatten().all(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        name == WRITE_LOCK
                            || name == snapshot::SNAPSHOTS
                            || name.starts_with(GEN_PREFIX)
                            || name.starts_with(CURRENT)
                    })
                });
                if has_files && !only_ours {
                    Err(StoreError::NotAStore(self.root.clone()))
                } else {
                    Ok(None)
                }
            }
            Err(e) => Err(io_err(&link)(e)),
        }
    }

    /// Opens the published graph for reading. The generation stays on disk while the returned
    /// reader lives, even if builds publish newer ones meanwhile.
    pub fn open_read(&self) -> Result<ReadStore, StoreError> {
        // A build may publish and collect the generation between readlink and locking it: retry.
        for _ in 0..16 {
            let Some(generation) = self.current_generation()? else {
                return Err(StoreError::Empty(self.root.clone()));
            };
            let lock = reader_lock(&self.root.join(format!("{generation}.lock")))?;
            let dir = self.root.join(&generation);
            if !dir.is_dir() {
                continue;
            }
            let store = Store::open_read_only(&dir).map_err(|source| StoreError::Storage {
                path: dir.clone(),
                source,
            })?;
            return Ok(ReadStore {
                store,
                generation,
                path: dir,
                _lock: lock,
            });
        }
        Err(StoreError::Busy(self.root.clone()))
    }

    /// Opens the generation that `current` replaced, kept for `diff`; `None` when `current` is
    /// the first generation (or was written by a version that kept none).
    pub fn open_previous(&self, current: &ReadStore) -> Result<Option<ReadStore>, StoreError> {
        let Some(generation) = previous_of(&current.path)? else {
            return Ok(None);
        };
        let lock = reader_lock(&self.root.join(format!("{generation}.lock")))?;
        let dir = self.root.join(&generation);
        // A build that published after `current` was opened may have collected it.
        if !dir.is_dir() {
            return Err(StoreError::Busy(self.root.clone()));
        }
        let store = Store::open_read_only(&dir).map_err(|source| StoreError::Storage {
            path: dir.clone(),
            source,
        })?;
        Ok(Some(ReadStore {
            store,
            generation,
            path: dir,
            _lock: lock,
        }))
    }

    /// Whether a graph was ever committed here.
    pub fn exists(&self) -> Result<bool, StoreError> {
        Ok(self.current_generation()?.is_some())
    }

    /// Takes the write lock. Only one writer per store exists at a time; readers are unaffected.
    pub fn lock_for_write(&self, wait: WaitPolicy) -> Result<Writer, StoreError> {
        fs::create_dir_all(&self.root).map_err(io_err(&self.root))?;
        // Fail early on a directory that holds something else, before creating any file in it.
        self.current_generation()?;
        let lock_path = self.root.join(WRITE_LOCK);
        let lock = lock_file(&lock_path).map_err(io_err(&lock_path))?;
        let deadline = match wait {
            WaitPolicy::Fail => Instant::now(),
            WaitPolicy::Wait(d) => Instant::now() + d,
        };
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy(self.root.clone()));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_err(&lock_path)(e)),
            }
        }
        let writer = Writer {
            dir: self.clone(),
            _lock: lock,
        };
        writer.collect_garbage()?;
        Ok(writer)
    }
}

/// The shared lock that keeps a generation from being collected while it is read. A store the
/// reader may not write (a read-only mount, another user's files) cannot be changed by a build
/// either, unless its owner runs one: the lock is then taken on the file opened read-only if it
/// exists (flock needs no write access), and skipped if it does not.
fn reader_lock(path: &Path) -> Result<Option<File>, StoreError> {
    let opened = lock_file(path);
    let lock = match opened {
        Ok(file) => file,
        Err(e) if cannot_write(&e) => match File::open(path) {
            Ok(file) => file,
            Err(e) if cannot_write(&e) || e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(path)(e)),
        },
        Err(e) => return Err(io_err(path)(e)),
    };
    lock.lock_shared().map_err(io_err(path))?;
    Ok(Some(lock))
}

/// Whether an error says the file system or its permissions forbid writing.
fn cannot_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// A read-only view of the published graph.
pub struct ReadStore {
    store: Store,
    generation: String,
    path: PathBuf,
    _lock: Option<File>,
}

impl ReadStore {
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The generation directory name, e.g. `gen-000004`; it changes with every committed build.
    pub fn generation(&self) -> &str {
        &self.generation
    }

    /// A file partnergraph keeps beside the database in the generation directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// Holder of the write lock.
pub struct Writer {
    dir: StoreDir,
    _lock: File,
}

impl Writer {
    /// Opens a staging copy of the published graph (or an empty store if there is none yet).
    /// Nothing a reader sees changes until [`Staging::commit`].
    pub fn stage(&self, start_empty: bool) -> Result<Staging<'_>, StoreError> {
        let root = &self.dir.root;
        let current = self.dir.current_generation()?;
        let next = 1 + current.as_deref().and_then(generation_number).unwrap_or(0);
        let name = format!("{GEN_PREFIX}{next:06}");
        let path = root.join(&name);
        if path.exists() {
            fs::remove_dir_all(&path).map_err(io_err(&path))?;
        }
        let opened = match &current {
            Some(current) if !start_empty => copy_database(&root.join(current), &path),
            _ => fs::create_dir(&path).map_err(io_err(&path)),
        }
        .and_then(|()| {
            // Overwrites the copied generation's own: this one replaces the published one.
            let previous = path.join(PREVIOUS_FILE);
            match &current {
                Some(current) => fs::write(&previous, current).map_err(io_err(&previous)),
                None => Ok(()),
            }
        })
        .and_then(|()| {
            let storage = |source| StoreError::Storage {
                path: path.clone(),
                source,
            };
            let store = Store::open(&path).map_err(storage)?;
            // An empty store is the merge of no graphs; a copy of one an older version wrote
            // has the union's place empty, and gets its merge written at commit.
            let merge_current = store.is_empty().map_err(storage)?
                || has_merged_default_graph(&store).map_err(storage)?;
            Ok((store, merge_current))
        });
        // A copy cut short (e.g. by a full disk) is removed now, not left to the next build.
        let (store, merge_current) = opened.inspect_err(|_| {
            let _ = fs::remove_dir_all(&path);
        })?;
        Ok(Staging {
            writer: self,
            name,
            path,
            store: Some(store),
            merge_current,
            merged: false,
        })
    }

    /// Removes generations that are neither published, nor the one the published one replaced,
    /// nor read, and debris of killed builds.
    fn collect_garbage(&self) -> Result<(), StoreError> {
        let root = &self.dir.root;
        let current = self.dir.current_generation()?;
        let previous = match &current {
            Some(current) => previous_of(&root.join(current))?,
            None => None,
        };
        let entries = fs::read_dir(root).map_err(io_err(root))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("current.tmp") {
                let _ = fs::remove_file(entry.path());
                continue;
            }
            let Some(generation) = name.strip_prefix(GEN_PREFIX) else {
                continue;
            };
            if generation.ends_with(".lock")
                || Some(name.as_str()) == current.as_deref()
                || Some(name.as_str()) == previous.as_deref()
            {
                continue;
            }
            let lock_path = root.join(format!("{name}.lock"));
            let lock = lock_file(&lock_path).map_err(io_err(&lock_path))?;
            // A reader still has it open: leave it for a later build.
            if lock.try_lock().is_err() {
                continue;
            }
            fs::remove_dir_all(entry.path()).map_err(io_err(&entry.path()))?;
            let _ = fs::remove_file(&lock_path);
        }
        Ok(())
    }
}

/// The generation the one in `dir` replaced, as it names it.
fn previous_of(dir: &Path) -> Result<Option<String>, StoreError> {
    let path = dir.join(PREVIOUS_FILE);
    match fs::read_to_string(&path) {
        Ok(name) if generation_number(name.trim()).is_some() => Ok(Some(name.trim().to_owned())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(&path)(e)),
    }
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GEN_PREFIX)?.parse().ok()
}

/// Copies a closed RocksDB database the way a RocksDB checkpoint does: table and blob files are
/// immutable, so they are hard-linked; the manifest, WAL and options files are copied.
fn copy_database(from: &Path, to: &Path) -> Result<(), StoreError> {
    fs::create_dir(to).map_err(io_err(to))?;
    for entry in fs::read_dir(from).map_err(io_err(from))? {
        let entry = entry.map_err(io_err(from))?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str == "LOCK" || name_str.starts_with("LOG") {
            continue;
        }
        let source = entry.path();
        // Indexes kept in directories (the search index) are written anew for every generation.
        if entry.file_type().map_err(io_err(&source))?.is_dir() {
            continue;
        }
        let target = to.join(&name);
        let immutable = name_str.ends_with(".sst") || name_str.ends_with(".blob");
        if immutable && fs::hard_link(&source, &target).is_ok() {
            continue;
        }
        fs::copy(&source, &target).map_err(io_err(&source))?;
    }
    Ok(())
}

/// A generation being written. Dropping it without committing deletes it.
pub struct Staging<'a> {
    writer: &'a Writer,
    name: String,
    path: PathBuf,
    store: Option<Store>,
    /// Whether the default graph held the merge of the named graphs when staged.
    merge_current: bool,
    /// Whether the default graph holds the merge of the named graphs now.
    merged: bool,
}

impl Staging<'_> {
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("the store is open until commit")
    }

    /// A file kept beside the database (RocksDB leaves files it does not know alone); it is
    /// synced and published with the generation, and collected with it.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Tells commit that the writer kept the default graph the merge of the named graphs as it
    /// changed them (the build loads every triple into both, and [`remove_quads`] takes out of
    /// the default graph what no other graph states), so that it is not written anew. Nothing
    /// changes when the staged copy held no merge to keep.
    pub fn kept_merge(&mut self) {
        self.merged = self.merge_current;
    }

    /// Writes the default graph as the merge of the named graphs (see [`merge_default_graph`])
    /// and compacts the database, so that the published files are read at full speed.
    pub fn compact(&mut self) -> Result<(), StoreError> {
        self.merge()?;
        self.store()
            .optimize()
            .map_err(|source| StoreError::Storage {
                path: self.path.clone(),
                source,
            })
    }

    fn merge(&mut self) -> Result<(), StoreError> {
        if !self.merged {
            merge_default_graph(self.store()).map_err(|source| StoreError::Storage {
                path: self.path.clone(),
                source,
            })?;
            self.merged = true;
        }
        Ok(())
    }

    /// Writes the default graph as the merge of the named graphs, flushes and syncs the staged
    /// database, then publishes it atomically.
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.merge()?;
        let store = self.store.take().expect("the store is open until commit");
        store.flush().map_err(|source| StoreError::Storage {
            path: self.path.clone(),
            source,
        })?;
        drop(store);
        sync_dir_tree(&self.path)?;
        let root = &self.writer.dir.root;
        let tmp = root.join(format!("current.tmp{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        std::os::unix::fs::symlink(&self.name, &tmp).map_err(io_err(&tmp))?;
        let current = root.join(CURRENT);
        fs::rename(&tmp, &current).map_err(io_err(&current))?;
        sync_dir(root)?;
        self.name.clear();
        self.writer.collect_garbage()
    }
}

/// Memory the bulk loader may use while writing the merge: its sorted runs are of this size.
const MERGE_MEMORY_MB: usize = 512;

/// Replaces the default graph of `store` with the RDF merge of its named graphs: every triple
/// any graph states, once. The bulk loader sorts and writes index files directly; a triple
/// several graphs state is one key, so duplicates collapse without a set in memory.
pub fn merge_default_graph(store: &Store) -> Result<(), StorageError> {
    store.clear_graph(GraphNameRef::DefaultGraph)?;
    let triples = store
        .quads_for_pattern(None, None, None, None)
        .filter(|quad| !matches!(quad, Ok(q) if q.graph_name.is_default_graph()))
        .map(|quad| {
            quad.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
        });
    let mut loader = store
        .bulk_loader()
        .with_max_memory_size_in_megabytes(MERGE_MEMORY_MB)
        // The staging copy is private until published: the loader's atomicity buys nothing.
        .without_atomicity();
    loader.load_ok_quads::<StorageError, StorageError>(triples)?;
    loader.commit()
}

/// Removes `quads`, all in named graphs, and takes out of the default graph, the merge of the
/// named graphs, the triples no other graph still states.
pub fn remove_quads(store: &Store, quads: &[Quad]) -> Result<(), StorageError> {
    let mut transaction = store.start_transaction()?;
    for quad in quads {
        transaction.remove(quad);
    }
    transaction.commit()?;
    let mut transaction = store.start_transaction()?;
    for quad in quads {
        let stated = store
            .quads_for_pattern(
                Some(quad.subject.as_ref()),
                Some(quad.predicate.as_ref()),
                Some(quad.object.as_ref()),
                None,
            )
            .find(|q| !matches!(q, Ok(q) if q.graph_name.is_default_graph()))
            .transpose()?
            .is_some();
        if !stated {
            transaction.remove(QuadRef::new(
                &quad.subject,
                &quad.predicate,
                &quad.object,
                GraphNameRef::DefaultGraph,
            ));
        }
    }
    transaction.commit()
}

/// Whether the default graph of `store` holds the merge of its named graphs, as every commit
/// since set semantics writes it; `false` for an empty store or one built by an older version.
pub fn has_merged_default_graph(store: &Store) -> Result<bool, StorageError> {
    Ok(store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .next()
        .transpose()?
        .is_some())
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.name.is_empty() {
            drop(self.store.take());
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

fn sync_dir(path: &Path) -> Result<(), StoreError> {
    File::open(path)
        .and_then(|dir| dir.sync_all())
        .map_err(io_err(path))
}

fn sync_dir_tree(path: &Path) -> Result<(), StoreError> {
    for entry in fs::read_dir(path).map_err(io_err(path))? {
        let entry = entry.map_err(io_err(path))?;
        let entry_path = entry.path();
        if entry.file_type().map_err(io_err(&entry_path))?.is_file() {
            File::open(&entry_path)
                .and_then(|f| f.sync_all())
                .map_err(io_err(&entry_path))?;
        }
    }
    sync_dir(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNodeRef;
    use oxigraph::model::{NamedNode, QuadRef};

    fn quad(s: &str) -> QuadRef<'_> {
        let n = NamedNodeRef::new_unchecked(s);
        QuadRef::new(n, n, n, n)
    }

    /// Quads the documents' graphs hold (the default graph is their merge).
    fn stated(store: &Store) -> usize {
        store
            .iter()
            .filter(|q| !q.as_ref().unwrap().graph_name.is_default_graph())
            .count()
    }

    fn default_graph(store: &Store) -> Vec<Quad> {
        store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(Result::unwrap)
            .collect()
    }

    /// A store path in a scratch folder that is removed when the guard drops.
    fn temp_dir() -> (tempfile::TempDir, PathBuf) {
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().join("store");
        (scratch, root)
    }

    #[test]
    fn readers_see_old_graph_until_commit_and_keep_it_afterwards() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        assert!(matches!(dir.open_read(), Err(StoreError::Empty(_))));

        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let staging = writer.stage(false).unwrap();
        staging.store().insert(quad("http://e/a")).unwrap();
        staging.commit().unwrap();

        let before = dir.open_read().unwrap();
        let staging = writer.stage(false).unwrap();
        staging.store().insert(quad("http://e/b")).unwrap();
        assert_eq!(stated(dir.open_read().unwrap().store()), 1);
        staging.commit().unwrap();

        // The reader opened before the commit keeps its generation; a new reader sees both quads.
        assert_eq!(stated(before.store()), 1);
        assert_eq!(stated(dir.open_read().unwrap().store()), 2);
    }

    #[test]
    fn the_generation_a_commit_replaces_is_kept_until_the_next_one() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let commit = |s: &str, start_empty: bool| {
            let staging = writer.stage(start_empty).unwrap();
            staging.store().insert(quad(s)).unwrap();
            staging.commit().unwrap();
        };
        commit("http://e/a", false);
        assert!(
            dir.open_previous(&dir.open_read().unwrap())
                .unwrap()
                .is_none()
        );
        commit("http://e/b", false);
        // A build that starts empty replaces the published generation all the same.
        commit("http://e/c", true);
        let current = dir.open_read().unwrap();
        let previous = dir.open_previous(&current).unwrap().unwrap();
        assert_eq!(previous.generation(), "gen-000002");
        assert_eq!(stated(previous.store()), 2);
        assert_eq!(stated(current.store()), 1);
        drop((current, previous));
        assert!(
            !root.join("gen-000001").exists(),
            "two commits back is collected"
        );
        // An abandoned staging copy leaves the pair as it was.
        drop(writer.stage(false).unwrap());
        drop(writer);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        drop(writer);
        let current = dir.open_read().unwrap();
        let previous = dir.open_previous(&current).unwrap().unwrap();
        assert_eq!(
            (current.generation(), previous.generation()),
            ("gen-000003", "gen-000002")
        );
    }

    #[test]
    fn abandoned_staging_changes_nothing() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let staging = writer.stage(false).unwrap();
        staging.store().insert(quad("http://e/a")).unwrap();
        staging.commit().unwrap();
        {
            let staging = writer.stage(false).unwrap();
            staging.store().clear().unwrap();
        }
        assert_eq!(stated(dir.open_read().unwrap().store()), 1);
        let generations: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            generations,
            ["gen-000001"],
            "the abandoned generation was removed"
        );
    }

    #[test]
    fn the_default_graph_is_the_merge_of_the_named_graphs_after_every_commit() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let (s, p, o) = (
            NamedNodeRef::new_unchecked("http://e/s"),
            NamedNodeRef::new_unchecked("http://e/p"),
            NamedNodeRef::new_unchecked("http://e/o"),
        );
        let (g1, g2) = (
            NamedNodeRef::new_unchecked("http://e/g1"),
            NamedNodeRef::new_unchecked("http://e/g2"),
        );
        let staging = writer.stage(false).unwrap();
        // Two documents state the same triple; one states another.
        staging.store().insert(QuadRef::new(s, p, o, g1)).unwrap();
        staging.store().insert(QuadRef::new(s, p, o, g2)).unwrap();
        staging.store().insert(QuadRef::new(s, p, s, g2)).unwrap();
        staging.commit().unwrap();
        let read = dir.open_read().unwrap();
        assert!(has_merged_default_graph(read.store()).unwrap());
        let merged = default_graph(read.store());
        assert_eq!(merged.len(), 2, "each triple once: {merged:?}");
        drop(read);

        // A later commit that takes a document out takes out what only it stated.
        let staging = writer.stage(false).unwrap();
        assert_eq!(
            default_graph(staging.store()).len(),
            2,
            "a writer reads the merge it copied"
        );
        staging.store().remove_named_graph(g2).unwrap();
        staging.commit().unwrap();
        let read = dir.open_read().unwrap();
        let merged = default_graph(read.store());
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].object, o.into());
    }

    #[test]
    fn removing_quads_keeps_the_merge_without_writing_it_anew() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let n = |iri| NamedNode::new_unchecked(iri);
        let (s, p, o) = (n("http://e/s"), n("http://e/p"), n("http://e/o"));
        let (g1, g2) = (n("http://e/g1"), n("http://e/g2"));
        let shared = |g: &NamedNode| Quad::new(s.clone(), p.clone(), o.clone(), g.clone());
        let own = Quad::new(s.clone(), p.clone(), s.clone(), g2.clone());
        let staging = writer.stage(false).unwrap();
        for quad in [shared(&g1), shared(&g2), own.clone()] {
            staging.store().insert(&quad).unwrap();
        }
        staging.commit().unwrap();

        let mut staging = writer.stage(false).unwrap();
        remove_quads(staging.store(), &[shared(&g2), own]).unwrap();
        staging.kept_merge();
        // A stale merge would be published as it is: the default graph shows what was kept.
        let kept = default_graph(staging.store());
        assert_eq!(kept.len(), 1, "g1 still states the shared triple: {kept:?}");
        assert_eq!(kept[0].object, o.clone().into());
        staging.commit().unwrap();
        assert_eq!(default_graph(dir.open_read().unwrap().store()), kept);
    }

    #[test]
    fn second_writer_is_refused() {
        let (_scratch, root) = temp_dir();
        let dir = StoreDir::new(&root);
        let _writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let other =
            StoreDir::new(&root).lock_for_write(WaitPolicy::Wait(Duration::from_millis(300)));
        assert!(matches!(other, Err(StoreError::Busy(_))));
    }

    #[test]
    fn refuses_a_directory_that_is_not_a_store() {
        let (_scratch, root) = temp_dir();
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("thesis.tex"), "precious").unwrap();
        let dir = StoreDir::new(&root);
        assert!(matches!(
            dir.lock_for_write(WaitPolicy::Fail),
            Err(StoreError::NotAStore(_))
        ));
        assert_eq!(
            fs::read_dir(&root).unwrap().count(),
            1,
            "nothing was written"
        );
    }
}
