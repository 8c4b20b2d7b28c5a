//! The on-disk graph store: Oxigraph/RocksDB databases in generation directories.
//!
//! ```text
//! STORE/
//!   write.lock            held exclusively by the one process that may change the store
//!   current -> gen-000004 symlink, replaced atomically by rename(2) when a build commits
//!   gen-000004/           the published RocksDB database, never written to again
//!   gen-000004.lock       held shared by every process reading that generation (if it may)
//!   snapshots/NAME/       named copies of published generations, kept until removed (snapshot.rs)
//! ```
//!
//! A build copies the published generation (hard links for RocksDB's immutable table files),
//! changes the copy, syncs it to disk and only then swaps `current`. Whatever happens before the
//! swap (a parse error, a full disk, Ctrl-C, SIGKILL, power loss) leaves `current` pointing at the
//! previous graph, which readers keep querying throughout. Generations no reader holds are removed
//! after the swap, and leftovers of interrupted builds at the start of the next one.

pub mod lookup;
pub mod snapshot;

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
        let opened = match current {
            Some(current) if !start_empty => copy_database(&root.join(current), &path),
            _ => fs::create_dir(&path).map_err(io_err(&path)),
        }
        .and_then(|()| {
            Store::open(&path).map_err(|source| StoreError::Storage {
                path: path.clone(),
                source,
            })
        });
        // A copy cut short (e.g. by a full disk) is removed now, not left to the next build.
        let store = opened.inspect_err(|_| {
            let _ = fs::remove_dir_all(&path);
        })?;
        Ok(Staging {
            writer: self,
            name,
            path,
            store: Some(store),
        })
    }

    /// Removes generations that are neither published nor read, and debris of killed builds.
    fn collect_garbage(&self) -> Result<(), StoreError> {
        let root = &self.dir.root;
        let current = self.dir.current_generation()?;
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
            if generation.ends_with(".lock") || Some(name.as_str()) == current.as_deref() {
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

    /// Flushes and syncs the staged database, then publishes it atomically.
    pub fn commit(mut self) -> Result<(), StoreError> {
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
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};

    fn quad(s: &str) -> QuadRef<'_> {
        let n = NamedNodeRef::new_unchecked(s);
        QuadRef::new(n, n, n, GraphNameRef::DefaultGraph)
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
        assert_eq!(dir.open_read().unwrap().store().len().unwrap(), 1);
        staging.commit().unwrap();

        // The reader opened before the commit keeps its generation; a new reader sees both quads.
        assert_eq!(before.store().len().unwrap(), 1);
        assert_eq!(dir.open_read().unwrap().store().len().unwrap(), 2);
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
        assert_eq!(dir.open_read().unwrap().store().len().unwrap(), 1);
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
