//! The curated queries of `queries/`, compiled in so that `partnergraph query NAME` works from
//! any directory and the server can offer them.

use super::{QueryFile, QueryFileError};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why `partnergraph query NAME` found no query.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    File(#[from] QueryFileError),
    #[error("{}: no such file, and no curated query is called {name:?}", .path.display())]
    Unknown { path: PathBuf, name: String },
}

/// (name, text) of every curated query.
pub const QUERIES: &[(&str, &str)] = &[
    (
        "organisation-projects",
        include_str!("../../queries/organisation-projects.rq"),
    ),
    (
        "organisation-figures",
        include_str!("../../queries/organisation-figures.rq"),
    ),
    (
        "organisation-partners",
        include_str!("../../queries/organisation-partners.rq"),
    ),
    (
        "expertise-by-level",
        include_str!("../../queries/expertise-by-level.rq"),
    ),
    (
        "strategy-priorities",
        include_str!("../../queries/strategy-priorities.rq"),
    ),
    (
        "shared-projects",
        include_str!("../../queries/shared-projects.rq"),
    ),
    (
        "strategy-organisations",
        include_str!("../../queries/strategy-organisations.rq"),
    ),
    (
        "organisation-aliases",
        include_str!("../../queries/organisation-aliases.rq"),
    ),
    (
        "priority-theme-projects",
        include_str!("../../queries/priority-theme-projects.rq"),
    ),
    (
        "organisations-by-name",
        include_str!("../../queries/organisations-by-name.rq"),
    ),
    (
        "theme-coverage",
        include_str!("../../queries/theme-coverage.rq"),
    ),
];

/// Every curated query, parsed.
pub fn all() -> Vec<QueryFile> {
    QUERIES
        .iter()
        .map(|(name, text)| {
            QueryFile::parse(format!("queries/{name}.rq"), (*text).to_owned())
                .unwrap_or_else(|e| panic!("curated query {name} is malformed: {e}"))
        })
        .collect()
}

/// The name of a curated query: its file name without `queries/` and `.rq`.
pub fn name(query: &QueryFile) -> &str {
    query
        .origin
        .trim_start_matches("queries/")
        .trim_end_matches(".rq")
}

/// A query file on disk, or else a curated query by name (with or without `.rq`).
pub fn resolve(path: &Path) -> Result<QueryFile, ResolveError> {
    if path.is_file() {
        return Ok(QueryFile::read(path)?);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".rq").to_owned())
        .unwrap_or_default();
    all()
        .into_iter()
        .find(|q| q.origin == format!("queries/{name}.rq"))
        .ok_or_else(|| ResolveError::Unknown {
            path: path.to_owned(),
            name,
        })
}

/// The list `partnergraph query --list` prints.
pub fn render_list() -> String {
    let mut out = String::new();
    for query in all() {
        let _ = writeln!(out, "{}\n    {}", name(&query), query.description);
        for param in &query.params {
            let _ = writeln!(
                out,
                "    --param {}=…  ({:?}{}) {}",
                param.name,
                param.kind,
                if param.optional { ", optional" } else { "" },
                param.description
            );
        }
    }
    out
}
