//! Zip archives as CORDIS publishes its downloads (`cordis-h2020projects-csv.zip`, and the same
//! with JSON or XLSX files): each CORDIS table inside is a document of its own, read straight
//! from the archive. Workbooks are zips too, but they are one document: only `.zip` files are
//! opened as archives.

use super::{IngestError, cordis};
use std::io::Read;
use std::path::{Path, PathBuf};

fn has_extension(path: &Path, wanted: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(wanted))
}

pub fn is_zip(path: &Path) -> bool {
    has_extension(path, "zip")
}

/// A spreadsheet, which can only be read whole.
pub fn is_workbook(path: &Path) -> bool {
    has_extension(path, "xlsx")
}

fn open(archive: &Path) -> Result<zip::ZipArchive<std::fs::File>, IngestError> {
    let file = std::fs::File::open(archive).map_err(|source| IngestError::Io {
        path: archive.to_owned(),
        source,
    })?;
    zip::ZipArchive::new(file).map_err(|e| IngestError::Archive {
        path: archive.to_owned(),
        message: e.to_string(),
    })
}

/// What a zip holds: its CORDIS tables, each with its start (all of a workbook), and the names
/// of its other files, in the archive's order.
#[derive(Debug, Default)]
pub struct Members {
    pub tables: Vec<(String, Vec<u8>)>,
    pub others: Vec<String>,
}

/// The members of `archive`. Folders, hidden files and macOS metadata (`__MACOSX/`) are left
/// out; other files that are not CORDIS tables (a readme) are listed, and skipped with a
/// warning naming them.
pub fn members(archive: &Path) -> Result<Members, IngestError> {
    let mut zip = open(archive)?;
    let mut found = Members::default();
    for index in 0..zip.len() {
        let entry = zip.by_index(index).map_err(|e| IngestError::Archive {
            path: archive.to_owned(),
            message: e.to_string(),
        })?;
        let name = entry
            .name()
            .map_err(|e| IngestError::Archive {
                path: archive.to_owned(),
                message: e.to_string(),
            })?
            .into_owned();
        let hidden = Path::new(&name)
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']));
        if entry.is_dir() || hidden {
            continue;
        }
        let limit = if is_workbook(Path::new(&name)) {
            u64::MAX
        } else {
            64 * 1024
        };
        let mut head = Vec::new();
        entry
            .take(limit)
            .read_to_end(&mut head)
            .map_err(|source| IngestError::Io {
                path: archive.join(&name),
                source,
            })?;
        if cordis::detect(&head).is_some() {
            found.tables.push((name, head));
        } else {
            tracing::warn!("{}: skipped {name}: not a CORDIS table", archive.display());
            found.others.push(name);
        }
    }
    Ok(found)
}

/// The bytes of the member that `path` (the archive's path joined with the member's name)
/// stands for.
pub fn read(archive: &Path, path: &Path) -> Result<Vec<u8>, IngestError> {
    let member: PathBuf = path.strip_prefix(archive).unwrap_or(path).to_owned();
    let name = member.to_string_lossy().replace('\\', "/");
    let mut zip = open(archive)?;
    let mut entry = zip.by_name(&name).map_err(|e| IngestError::Archive {
        path: archive.to_owned(),
        message: format!("{name}: {e}"),
    })?;
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: path.to_owned(),
            source,
        })?;
    Ok(bytes)
}
