//! Zip archives as CORDIS publishes its downloads (`cordis-h2020projects-csv.zip`, and the same
//! with JSON or XLSX files): each CORDIS table inside is a document of its own, read straight
//! from the archive. Workbooks are zips too, but they are one document: only `.zip` files are
//! opened as archives.
//!
//! An archive whose central directory cannot be read (an end record pointing past it, a
//! directory overwritten; some CORDIS releases were published so, and `unzip` refuses them) is
//! read as `bsdtar` reads it: member by member from their local headers. A member cut short
//! still fails its checksum, so an interrupted download is refused as before.

use super::{IngestError, cordis};
use std::io::{BufReader, Read};
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

/// What a zip holds: its CORDIS tables, each with its start (all of a workbook), and the names
/// of its other files, in the archive's order.
#[derive(Debug, Default)]
pub struct Members {
    pub tables: Vec<(String, Vec<u8>)>,
    pub others: Vec<String>,
}

fn archive_error(archive: &Path, e: impl std::fmt::Display) -> IngestError {
    IngestError::Archive {
        path: archive.to_owned(),
        message: e.to_string(),
    }
}

/// Calls `visit` with every member's name and a reader of its bytes, in the archive's order,
/// until it returns `false`: through the central directory, or from the local headers when the
/// directory cannot be read.
fn each_member(
    archive: &Path,
    visit: &mut dyn FnMut(&str, &mut dyn Read) -> Result<bool, IngestError>,
) -> Result<(), IngestError> {
    let file = || {
        std::fs::File::open(archive).map_err(|source| IngestError::Io {
            path: archive.to_owned(),
            source,
        })
    };
    let directory = match zip::ZipArchive::new(file()?) {
        Ok(mut zip) => {
            let names: Result<Vec<String>, _> = (0..zip.len())
                .map(|i| zip.by_index_raw(i).and_then(|e| Ok(e.name()?.into_owned())))
                .collect();
            names.map(|names| (zip, names))
        }
        Err(e) => Err(e),
    };
    match directory {
        Ok((mut zip, names)) => {
            for (index, name) in names.iter().enumerate() {
                let mut entry = zip.by_index(index).map_err(|e| archive_error(archive, e))?;
                if !visit(name, &mut entry)? {
                    break;
                }
            }
            Ok(())
        }
        Err(directory) => {
            tracing::warn!(
                "{}: the zip's central directory cannot be read ({directory}); reading its files from their local headers",
                archive.display()
            );
            let mut reader = BufReader::new(file()?);
            let mut read = 0;
            loop {
                // After the last member comes what is left of the directory, or nothing.
                let next = match zip::read::read_zipfile_from_stream(&mut reader) {
                    Ok(next) => next,
                    Err(_) if read > 0 => None,
                    Err(e) => {
                        return Err(archive_error(
                            archive,
                            format!("{directory}; reading its files in turn: {e}"),
                        ));
                    }
                };
                let Some(mut entry) = next else { break };
                read += 1;
                let name = entry
                    .name()
                    .map_err(|e| archive_error(archive, e))?
                    .into_owned();
                if !visit(&name, &mut entry)? {
                    break;
                }
                // The rest of the member is read to its end, where its checksum is checked.
                std::io::copy(&mut entry, &mut std::io::sink()).map_err(|source| {
                    IngestError::Io {
                        path: archive.join(&name),
                        source,
                    }
                })?;
            }
            if read == 0 {
                return Err(archive_error(archive, directory));
            }
            Ok(())
        }
    }
}

/// The members of `archive`. Folders, hidden files and macOS metadata (`__MACOSX/`) are left
/// out; other files that are not CORDIS tables (a readme) are listed, and skipped with a
/// warning naming them.
pub fn members(archive: &Path) -> Result<Members, IngestError> {
    let mut found = Members::default();
    each_member(archive, &mut |name, entry| {
        let hidden = Path::new(name)
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']));
        if name.ends_with('/') || hidden {
            return Ok(true);
        }
        let limit = if is_workbook(Path::new(name)) {
            u64::MAX
        } else {
            64 * 1024
        };
        let mut head = Vec::new();
        entry
            .take(limit)
            .read_to_end(&mut head)
            .map_err(|source| IngestError::Io {
                path: archive.join(name),
                source,
            })?;
        if cordis::detect(&head).is_some() {
            found.tables.push((name.to_owned(), head));
        } else {
            tracing::warn!("{}: skipped {name}: not a CORDIS table", archive.display());
            found.others.push(name.to_owned());
        }
        Ok(true)
    })?;
    Ok(found)
}

/// The bytes of the member that `path` (the archive's path joined with the member's name)
/// stands for.
pub fn read(archive: &Path, path: &Path) -> Result<Vec<u8>, IngestError> {
    let member: PathBuf = path.strip_prefix(archive).unwrap_or(path).to_owned();
    let wanted = member.to_string_lossy().replace('\\', "/");
    let mut bytes = None;
    each_member(archive, &mut |name, entry| {
        if name != wanted {
            return Ok(true);
        }
        let mut read = Vec::new();
        entry
            .read_to_end(&mut read)
            .map_err(|source| IngestError::Io {
                path: path.to_owned(),
                source,
            })?;
        bytes = Some(read);
        Ok(false)
    })?;
    bytes.ok_or_else(|| archive_error(archive, format!("{wanted}: no such file in the archive")))
}
