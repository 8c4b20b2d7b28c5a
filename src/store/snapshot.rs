//! Named snapshots of the published graph, kept until removed:
//!
//! ```text
//! STORE/snapshots/NAME/      a copy of the generation published when it was taken
//! STORE/snapshots/NAME/SNAPSHOT.json   which generation, and when
//! ```
//!
//! A snapshot is copied the way a RocksDB checkpoint is made: the table files, which RocksDB
//! never changes, are hard-linked, so a snapshot costs the disk space of the files no generation
//! or other snapshot shares. The files kept beside the database (the participation index, the
//! rejects file) are copied with it. Garbage collection only considers `gen-*` directories, so
//! later builds never remove a snapshot.

use super::{ReadStore, StoreDir, StoreError, copy_database, io_err};
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

pub(super) const SNAPSHOTS: &str = "snapshots";
/// The names `diff` gives the published graph and the one it replaced; no snapshot takes them.
pub const CURRENT: &str = "current";
pub const PREVIOUS: &str = "previous";
const INFO: &str = "SNAPSHOT.json";

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(
        "{0:?} is not a snapshot name: use letters, digits, '.', '-' and '_', not starting with '.'"
    )]
    BadName(String),
    #[error("{0:?} names a version of the graph every store has; give the snapshot another name")]
    Reserved(String),
    #[error("the store already has a snapshot named {0}")]
    Exists(String),
    #[error("the store has no snapshot named {name}; its snapshots are: {}", if .known.is_empty() { "none".to_owned() } else { .known.join(", ") })]
    Unknown { name: String, known: Vec<String> },
    #[error("the description of snapshot {name} cannot be read")]
    Info {
        name: String,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What `snapshot --list` says of a snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub name: String,
    /// The generation the snapshot copies.
    pub generation: String,
    /// When it was taken (UTC, RFC 3339).
    pub created: String,
    /// Bytes on disk, and of those the bytes in files that a generation or another snapshot
    /// shares (hard links), which the snapshot costs nothing.
    #[serde(default)]
    pub bytes: u64,
    #[serde(default)]
    pub shared_bytes: u64,
}

fn check_name(name: &str) -> Result<(), SnapshotError> {
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if name == CURRENT || name == PREVIOUS {
        Err(SnapshotError::Reserved(name.to_owned()))
    } else if valid {
        Ok(())
    } else {
        Err(SnapshotError::BadName(name.to_owned()))
    }
}

impl StoreDir {
    fn snapshot_dir(&self, name: &str) -> PathBuf {
        self.root.join(SNAPSHOTS).join(name)
    }

    /// Keeps the published graph as the snapshot `name`.
    pub fn snapshot(&self, name: &str) -> Result<SnapshotInfo, SnapshotError> {
        check_name(name)?;
        let target = self.snapshot_dir(name);
        if target.exists() {
            return Err(SnapshotError::Exists(name.to_owned()));
        }
        // The reader's lock keeps the generation from being collected while it is copied.
        let read = self.open_read()?;
        let parent = self.root.join(SNAPSHOTS);
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        // Copied under a hidden name and renamed, so a snapshot is whole or absent.
        let staging = parent.join(format!(".{name}.partial"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
        }
        copy_database(&read.path, &staging)?;
        let info = SnapshotInfo {
            name: name.to_owned(),
            generation: read.generation.clone(),
            created: oxsdatatypes::DateTime::now().to_string(),
            bytes: 0,
            shared_bytes: 0,
        };
        let info_path = staging.join(INFO);
        let json = serde_json::to_string_pretty(&info).expect("the description serialises");
        fs::write(&info_path, json).map_err(io_err(&info_path))?;
        super::sync_dir_tree(&staging)?;
        fs::rename(&staging, &target).map_err(io_err(&target))?;
        super::sync_dir(&parent)?;
        self.snapshot_info(name)
    }

    /// The snapshots, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, SnapshotError> {
        let parent = self.root.join(SNAPSHOTS);
        let entries = match fs::read_dir(&parent) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&parent)(e).into()),
        };
        let mut out = Vec::new();
        for entry in entries {
            let name = entry.map_err(io_err(&parent))?.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with('.') {
                out.push(self.snapshot_info(&name)?);
            }
        }
        out.sort_by(|a, b| (&a.created, &a.name).cmp(&(&b.created, &b.name)));
        Ok(out)
    }

    fn unknown(&self, name: &str) -> SnapshotError {
        SnapshotError::Unknown {
            name: name.to_owned(),
            known: self
                .snapshots()
                .map(|s| s.into_iter().map(|s| s.name).collect())
                .unwrap_or_default(),
        }
    }

    fn snapshot_info(&self, name: &str) -> Result<SnapshotInfo, SnapshotError> {
        let dir = self.snapshot_dir(name);
        if !dir.is_dir() {
            return Err(self.unknown(name));
        }
        let info_path = dir.join(INFO);
        let text = fs::read_to_string(&info_path).map_err(io_err(&info_path))?;
        let mut info: SnapshotInfo =
            serde_json::from_str(&text).map_err(|source| SnapshotError::Info {
                name: name.to_owned(),
                source,
            })?;
        for entry in fs::read_dir(&dir).map_err(io_err(&dir))? {
            let meta = entry.and_then(|e| e.metadata()).map_err(io_err(&dir))?;
            info.bytes += meta.len();
            if meta.nlink() > 1 {
                info.shared_bytes += meta.len();
            }
        }
        Ok(info)
    }

    /// Removes the snapshot `name`; the files it shares stay with whoever else holds them.
    pub fn remove_snapshot(&self, name: &str) -> Result<SnapshotInfo, SnapshotError> {
        check_name(name)?;
        let info = self.snapshot_info(name)?;
        let dir = self.snapshot_dir(name);
        fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(info)
    }

    /// Opens the snapshot `name` for reading, like the published graph.
    pub fn open_snapshot(&self, name: &str) -> Result<ReadStore, SnapshotError> {
        let info = self.snapshot_info(name)?;
        let dir = self.snapshot_dir(name);
        let store = Store::open_read_only(&dir).map_err(|source| StoreError::Storage {
            path: dir.clone(),
            source,
        })?;
        Ok(ReadStore {
            store,
            // The participation index names the generation it was written for.
            generation: info.generation,
            path: dir,
            _lock: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::WaitPolicy;
    use super::*;
    use oxigraph::model::{NamedNodeRef, QuadRef};

    // In a document's graph: the default graph is their merge, written at commit.
    fn quad(s: &str) -> QuadRef<'_> {
        let n = NamedNodeRef::new_unchecked(s);
        QuadRef::new(n, n, n, n)
    }

    fn publish(dir: &StoreDir, s: &str) {
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let staging = writer.stage(false).unwrap();
        staging.store().insert(quad(s)).unwrap();
        staging.commit().unwrap();
    }

    #[test]
    fn snapshots_outlive_later_builds_until_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StoreDir::new(tmp.path().join("store"));
        publish(&dir, "http://x/1");
        let taken = dir.snapshot("v1").unwrap();
        assert_eq!(taken.generation, "gen-000001");
        assert!(matches!(dir.snapshot("v1"), Err(SnapshotError::Exists(_))));
        assert!(matches!(
            dir.snapshot("../x"),
            Err(SnapshotError::BadName(_))
        ));
        assert!(matches!(
            dir.snapshot("previous"),
            Err(SnapshotError::Reserved(_))
        ));
        publish(&dir, "http://x/2");
        publish(&dir, "http://x/3");
        // Two builds later the generation is collected, the snapshot is not.
        assert!(!tmp.path().join("store/gen-000001").exists());
        let read = dir.open_snapshot("v1").unwrap();
        assert!(read.store().contains(quad("http://x/1")).unwrap());
        assert!(!read.store().contains(quad("http://x/2")).unwrap());
        drop(read);
        let listed: Vec<String> = dir
            .snapshots()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(listed, ["v1"]);
        dir.remove_snapshot("v1").unwrap();
        assert!(dir.snapshots().unwrap().is_empty());
        let Err(err) = dir.open_snapshot("v1") else {
            panic!("a removed snapshot opens")
        };
        let err = err.to_string();
        assert!(
            err.contains("no snapshot named v1; its snapshots are: none"),
            "{err}"
        );
    }
}
