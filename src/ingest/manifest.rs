//! `sources.toml`: what each document in a folder is, who it speaks for and where it came from.
//!
//! ```toml
//! [[source]]
//! id = "region-stockholm-profile"        # names the document's graph; default: the file name
//! file = "region-stockholm-profile.txt"  # relative to the manifest, and must stay inside its folder
//! kind = "profile"                       # profile | strategy | cordis | rdf; default: detected by content
//! language = "en"                        # en | sv; default: detected
//! organisation = "REGION STOCKHOLM"      # the organisation the document speaks for
//! region = "Stockholm"                   # the region a strategy is for
//! title = "…"
//! origin = "…"                           # where the document came from
//! ```

use super::{DeclaredKind, IngestError, SourceSpec};
use crate::model::{Lang, SourceId};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

pub const FILE_NAME: &str = "sources.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default, rename = "source")]
    sources: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: Option<String>,
    file: String,
    kind: Option<String>,
    language: Option<String>,
    organisation: Option<String>,
    region: Option<String>,
    title: Option<String>,
    origin: Option<String>,
}

/// Reads the manifest at `path`; every error names the manifest and, where it can, the line.
pub fn read(path: &Path) -> Result<Vec<SourceSpec>, IngestError> {
    let text = std::fs::read_to_string(path).map_err(|source| IngestError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(&text, path)
}

/// Parses the text of the manifest at `path` (files are resolved against its folder, which must
/// exist); public so that the fuzzer can feed it text without writing files.
// Long because each entry's fields are checked in turn (file, kind, language, id), every error
// naming the entry's line; the checks share that line and the folder.
pub fn parse(text: &str, path: &Path) -> Result<Vec<SourceSpec>, IngestError> {
    let error = |line: Option<usize>, message: String| IngestError::Manifest {
        path: path.to_owned(),
        line,
        message,
    };
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start));
        error(line, e.message().to_owned())
    })?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let folder_canonical = folder.canonicalize().map_err(|source| IngestError::Io {
        path: folder.to_owned(),
        source,
    })?;
    let mut ids = BTreeSet::new();
    let mut specs = Vec::new();
    for entry in manifest.sources {
        let line = entry_line(text, &entry.file);
        let file = folder.join(&entry.file);
        let canonical = file.canonicalize().map_err(|e| {
            error(
                line,
                format!("source file {:?} cannot be read: {e}", entry.file),
            )
        })?;
        if !canonical.starts_with(&folder_canonical) {
            return Err(error(
                line,
                format!(
                    "source file {:?} is outside the manifest's folder; copy it into {} or give it on the command line",
                    entry.file,
                    folder.display()
                ),
            ));
        }
        let kind = entry
            .kind
            .as_deref()
            .map(|k| {
                DeclaredKind::parse(k).ok_or_else(|| {
                    error(
                        key_line(text, line, "kind"),
                        format!("unknown kind {k:?} (expected profile, strategy, cordis or rdf)"),
                    )
                })
            })
            .transpose()?;
        let language = entry
            .language
            .as_deref()
            .map(|l| {
                Lang::from_tag(l).ok_or_else(|| {
                    error(
                        key_line(text, line, "language"),
                        format!("unknown language {l:?} (expected en or sv)"),
                    )
                })
            })
            .transpose()?;
        let id = match entry.id.clone() {
            Some(id) if is_valid_id(&id) => SourceId::new(id),
            Some(id) => {
                return Err(error(
                    key_line(text, line, "id"),
                    format!(
                        "source id {id:?} must be lowercase letters, digits and hyphens (it names a graph IRI)"
                    ),
                ));
            }
            None => super::default_id(&file),
        };
        if !ids.insert(id.clone()) {
            return Err(error(
                key_line(text, line, "id"),
                format!("source id {id} is used twice"),
            ));
        }
        specs.push(SourceSpec {
            id_declared: entry.id.is_some(),
            id,
            path: file,
            kind,
            language,
            organisation: entry.organisation,
            region: entry.region,
            title: entry.title,
            origin: entry.origin,
            archive: None,
        });
    }
    Ok(specs)
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// The line of the `file = …` key of an entry, to point errors at the right entry.
fn entry_line(text: &str, file: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("file") && l.contains(file)
        })
        .map(|i| i + 1)
}

/// The line of `key = …` in the entry whose `file` key is on `entry`.
fn key_line(text: &str, entry: Option<usize>, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let file_index = entry? - 1;
    let start = lines[..file_index]
        .iter()
        .rposition(|l| l.trim() == "[[source]]")
        .unwrap_or(0);
    let end = lines[file_index..]
        .iter()
        .position(|l| l.trim() == "[[source]]")
        .map_or(lines.len(), |i| file_index + i);
    (start..end)
        .find(|&i| {
            lines[i]
                .trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .or(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("pg-manifest-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.txt"), "text").unwrap();
        dir
    }

    #[test]
    fn reads_entries_and_defaults() {
        let dir = folder("ok");
        fs::write(
            dir.join(FILE_NAME),
            "[[source]]\nfile = \"a.txt\"\nkind = \"strategy\"\nlanguage = \"sv\"\nregion = \"Örebro län\"\n",
        )
        .unwrap();
        let specs = read(&dir.join(FILE_NAME)).unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].id.as_str(), "a");
        assert_eq!(specs[0].kind, Some(DeclaredKind::Strategy));
        assert_eq!(specs[0].language, Some(Lang::Sv));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn errors_name_the_line() {
        let dir = folder("bad");
        let manifest = dir.join(FILE_NAME);
        fs::write(&manifest, "[[source]]\nfile = \"a.txt\"\nkind = \"poem\"\n").unwrap();
        let err = read(&manifest).unwrap_err().to_string();
        assert!(
            err.contains("sources.toml:3") && err.contains("unknown kind \"poem\""),
            "{err}"
        );

        fs::write(
            &manifest,
            "[[source]]\nfile = \"a.txt\"\ncolour = \"red\"\n",
        )
        .unwrap();
        let err = read(&manifest).unwrap_err().to_string();
        assert!(
            err.contains("sources.toml:3") && err.contains("colour"),
            "{err}"
        );

        fs::write(&manifest, "[[source]]\nfile = \"../../etc/passwd\"\n").unwrap();
        let err = read(&manifest).unwrap_err().to_string();
        assert!(err.contains("outside the manifest's folder"), "{err}");

        fs::write(&manifest, "[[source]]\nfile = \"missing.txt\"\n").unwrap();
        let err = read(&manifest).unwrap_err().to_string();
        assert!(
            err.contains("sources.toml:2") && err.contains("missing.txt"),
            "{err}"
        );
        fs::remove_dir_all(dir).unwrap();
    }
}

#[cfg(test)]
mod properties {
    //! No manifest text makes the reader panic; its errors cite lines of the manifest; and
    //! whatever it accepts stays inside the manifest's folder.
    use super::*;
    use crate::ingest::damage;
    use proptest::prelude::*;

    const SEED: &str = include_str!("../../seeds/sources.toml");

    fn check(text: &str) {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sources.toml");
        match parse(text, &manifest) {
            Ok(specs) => {
                let folder = manifest.parent().unwrap().canonicalize().unwrap();
                for spec in specs {
                    let file = spec.path.canonicalize().unwrap();
                    assert!(file.starts_with(&folder), "{} escaped", file.display());
                }
            }
            Err(e) => damage::assert_lines_within(&e.to_string(), text),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_is_a_manifest_or_an_error(text in "\\PC{0,300}") {
            check(&text);
        }

        #[test]
        fn damaged_manifests_fail_at_lines_they_have(edits in damage::edits()) {
            check(&damage::apply(SEED, &edits));
        }

        #[test]
        fn file_names_cannot_leave_the_folder(file in "(\\.\\./|/|[a-z.]{0,3}/){0,4}[a-z.-]{0,30}") {
            check(&format!("[[source]]\nfile = {file:?}\n"));
        }
    }
}
