//! `partnergraph identities`: which names were taken to be one organisation and why, what looks
//! wrong, and the user's corrections (`identities.toml`) that the build applies.

pub mod corrections;
mod listing;
mod suspicious;

pub use corrections::{Corrections, FILE_NAME, SOURCE, locate};
pub use listing::{CorrectionUse, NameUse, OrgIdentity, list};
pub use suspicious::{Suspicion, SuspicionKind, find};

use crate::output;
use crate::resolve::{LookupError, lookup_organisation};
use oxigraph::sparql::QueryEvaluationError;
use oxigraph::store::Store;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum IdentitiesError {
    #[error("cannot read {path}", path = .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default(), path = .path.display())]
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("{path}:{line}: no organisation of this build is called {name:?}", path = .path.display())]
    Unknown {
        path: PathBuf,
        line: usize,
        name: String,
    },
    #[error("{path}:{line}: {name:?} is the name of {} CORDIS organisations; give the PIC of the one meant ({})", .pics.len(), .pics.join(", "), path = .path.display())]
    Ambiguous {
        path: PathBuf,
        line: usize,
        name: String,
        pics: Vec<String>,
    },
    #[error("{path}:{line}: {name:?} is already joined to <{earlier}> by an earlier entry", path = .path.display())]
    Conflict {
        path: PathBuf,
        line: usize,
        name: String,
        earlier: String,
    },
    #[error("{path} already exists; partnergraph does not overwrite a corrections file", path = .path.display())]
    Exists { path: PathBuf },
    #[error("cannot write {path}", path = .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("querying the graph failed")]
    Query(#[from] QueryEvaluationError),
    #[error("writing CSV failed")]
    Csv(#[from] csv::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// One organisation, by any of its names.
    pub name: Option<String>,
    /// The likely errors instead of the identities.
    pub suspicious: bool,
    pub format: Format,
    /// Write the likely errors as a corrections file to edit.
    pub write: Option<PathBuf>,
}

/// Lists the identities or the likely errors of the graph in `store`, as `options` say; writes
/// the corrections file to edit when asked. Returns the text to print.
pub fn run(store: &Store, options: &Options) -> Result<String, IdentitiesError> {
    let only = match &options.name {
        Some(name) => Some(lookup_organisation(store, name)?.iri),
        None => None,
    };
    let orgs = list(store, only.as_ref())?;
    if !options.suspicious {
        return render_identities(&orgs, options.format);
    }
    // A duplicate of one organisation is found among all of them.
    let all = if only.is_some() {
        list(store, None)?
    } else {
        orgs
    };
    let mut found = find(&all);
    if let Some(iri) = &only {
        found.retain(|s| s.iri == iri.as_str() || s.other_iri.as_deref() == Some(iri.as_str()));
    }
    if let Some(path) = &options.write {
        write_suggestions(path, &found)?;
    }
    render_suspicions(&found, options.format)
}

/// A corrections file with every finding as a commented-out entry, to uncomment where the user
/// agrees.
pub fn suggestions_file(found: &[Suspicion]) -> String {
    let mut out = String::from(
        "# Identity corrections for partnergraph, applied at every build (see the README).\n\
         # Each entry below is a likely error found in the graph, most likely first; remove the\n\
         # `# ` before an entry you agree with, delete the others.\n",
    );
    for s in found {
        out.push_str(&format!(
            "\n# {:.2} {}: {} / {}: {}\n",
            s.score,
            s.kind.as_str(),
            s.label,
            s.other,
            s.reason
        ));
        for line in s.suggestion.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn write_suggestions(path: &Path, found: &[Suspicion]) -> Result<(), IdentitiesError> {
    use std::io::Write;
    let write = |source| IdentitiesError::Write {
        path: path.to_owned(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => IdentitiesError::Exists {
                path: path.to_owned(),
            },
            _ => write(e),
        })?;
    file.write_all(suggestions_file(found).as_bytes())
        .map_err(write)
}

fn line(line: Option<u64>) -> String {
    line.map(|l| l.to_string()).unwrap_or_default()
}

fn render_identities(orgs: &[OrgIdentity], format: Format) -> Result<String, IdentitiesError> {
    if format == Format::Json {
        return Ok(output::json(orgs));
    }
    let mut rows = Vec::new();
    for org in orgs {
        let corrected = org
            .corrections
            .iter()
            .map(|c| format!("{} (line {})", c.decision, line(c.line)))
            .collect::<Vec<_>>()
            .join("; ");
        for (i, name) in org.names.iter().enumerate() {
            // In a table the organisation is said once, over its first name.
            let first = i == 0 || format == Format::Csv;
            let shown = |v: String| if first { v } else { String::new() };
            let mut row = vec![
                shown(org.label.clone()),
                shown(org.pics.join(" ")),
                name.name.clone(),
                name.rule.clone(),
                name.document.clone(),
                line(name.line),
                shown(corrected.clone()),
            ];
            if format == Format::Csv {
                row.insert(0, org.iri.clone());
            }
            rows.push(row);
        }
    }
    let headers = [
        "organisation",
        "pic",
        "name",
        "rule",
        "document",
        "line",
        "corrected by",
    ];
    match format {
        Format::Csv => {
            let mut with_iri = vec!["iri"];
            with_iri.extend(headers);
            Ok(output::csv(&with_iri, &rows)?)
        }
        _ => Ok(output::table(&headers, &rows)),
    }
}

fn render_suspicions(found: &[Suspicion], format: Format) -> Result<String, IdentitiesError> {
    if format == Format::Json {
        return Ok(output::json(found));
    }
    let headers = [
        "score",
        "kind",
        "organisation",
        "iri",
        "other",
        "other_iri",
        "reason",
    ];
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|s| {
            vec![
                format!("{:.2}", s.score),
                s.kind.as_str().to_owned(),
                s.label.clone(),
                s.iri.clone(),
                s.other.clone(),
                s.other_iri.clone().unwrap_or_default(),
                s.reason.clone(),
            ]
        })
        .collect();
    if format == Format::Csv {
        return Ok(output::csv(&headers, &rows)?);
    }
    // People read the names; the IRIs are for programs.
    const SHOWN: [usize; 5] = [0, 1, 2, 4, 6];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| SHOWN.iter().map(|&i| row[i].clone()).collect())
        .collect();
    Ok(output::table(&SHOWN.map(|i| headers[i]), &rows))
}
