//! The JSON form CORDIS also publishes a release in: `project.json`, an array of objects keyed
//! by the CSV's column names, every value a string. It is converted from the CSV files just
//! written, so both formats carry the same values, quirks included.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{FILE_NAMES, SynthError};

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    #[default]
    Csv,
    Json,
    /// CSV and JSON.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

impl Formats {
    pub(super) fn list(self) -> &'static [Format] {
        match self {
            Formats::Csv => &[Format::Csv],
            Formats::Json => &[Format::Json],
            Formats::All => &[Format::Csv, Format::Json],
        }
    }
}

/// Every path a release writes, the intermediate CSV files included: all must be free.
pub(super) fn planned(dir: &Path, formats: Formats) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = FILE_NAMES.iter().map(|name| dir.join(name)).collect();
    if formats.list().contains(&Format::Json) {
        paths.extend(loose(dir, Format::Json));
    }
    paths
}

fn loose(dir: &Path, format: Format) -> Vec<PathBuf> {
    FILE_NAMES
        .iter()
        .map(|name| dir.join(Path::new(name).with_extension(format.extension())))
        .collect()
}

/// Turns the CSV files in `dir` into the requested formats; returns the files left.
pub(super) fn convert(dir: &Path, formats: Formats) -> Result<Vec<PathBuf>, SynthError> {
    let csv = loose(dir, Format::Csv);
    let mut kept = Vec::new();
    for &format in formats.list() {
        let files = loose(dir, format);
        if format == Format::Json {
            for (from, to) in csv.iter().zip(&files) {
                to_json(from, to)?;
            }
        }
        kept.extend(files);
    }
    if !formats.list().contains(&Format::Csv) {
        remove(&csv)?;
    }
    Ok(kept)
}

fn remove(files: &[PathBuf]) -> Result<(), SynthError> {
    for path in files {
        fs::remove_file(path).map_err(|source| SynthError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

fn create(path: &Path) -> Result<BufWriter<File>, SynthError> {
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => Ok(BufWriter::with_capacity(1 << 20, file)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(SynthError::Exists {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(SynthError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn reader(path: &Path) -> Result<csv::Reader<File>, SynthError> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .map_err(|source| SynthError::Reread {
            path: path.to_path_buf(),
            source,
        })
}

/// `[{"id":"…","acronym":"…",…},…]`, one object per line.
fn to_json(from: &Path, to: &Path) -> Result<(), SynthError> {
    let reread = |source| SynthError::Reread {
        path: from.to_path_buf(),
        source,
    };
    let io_error = |source| SynthError::Io {
        path: to.to_path_buf(),
        source,
    };
    let mut rows = reader(from)?;
    let keys: Vec<String> = rows
        .headers()
        .map_err(reread)?
        .iter()
        .map(|key| serde_json::to_string(key).expect("a string serialises"))
        .collect();
    let mut out = create(to)?;
    let mut line = String::new();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    out.write_all(b"[").map_err(io_error)?;
    while rows.read_record(&mut record).map_err(reread)? {
        line.clear();
        line.push_str(if first { "\n{" } else { ",\n{" });
        first = false;
        for (i, (key, value)) in keys.iter().zip(record.iter()).enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(key);
            line.push(':');
            line.push_str(&serde_json::to_string(value).expect("a string serialises"));
        }
        line.push('}');
        out.write_all(line.as_bytes()).map_err(io_error)?;
    }
    out.write_all(b"\n]\n").map_err(io_error)?;
    out.flush().map_err(io_error)
}

#[cfg(test)]
mod release_tests {
    use super::super::testing::{generate, read_csv};
    use super::super::{Formats, Programme, Programmes, SynthOptions};

    fn json_rows(path: &std::path::Path, header: &[String]) -> Vec<Vec<String>> {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|object| {
                let object = object.as_object().unwrap();
                assert_eq!(object.len(), header.len());
                header
                    .iter()
                    .map(|key| object[key].as_str().expect("string values").to_string())
                    .collect()
            })
            .collect()
    }

    /// CSV and JSON of one release hold the same values, quirks included; JSON alone leaves
    /// no CSV behind.
    #[test]
    fn csv_and_json_carry_the_same_values() {
        let options = SynthOptions {
            quirks: true,
            programmes: Programmes::One(Programme::Horizon),
            ..SynthOptions::new(1_500, 4)
        };
        let (_a, dir, summary) = generate(SynthOptions {
            formats: Formats::All,
            ..options
        });
        assert_eq!(summary.files.len(), 7, "{:?}", summary.files);
        let (_b, json_only, _) = generate(SynthOptions {
            formats: Formats::Json,
            ..options
        });
        for stem in ["project", "organization", "euroSciVoc"] {
            let (header, rows, _) = read_csv(&dir.join(format!("{stem}.csv")));
            assert!(!rows.is_empty());
            let json = dir.join(format!("{stem}.json"));
            assert!(json_rows(&json, &header) == rows, "{stem}.json");
            let alone = std::fs::read(json_only.join(format!("{stem}.json"))).unwrap();
            assert!(alone == std::fs::read(&json).unwrap());
            assert!(!json_only.join(format!("{stem}.csv")).exists());
        }
    }
}
