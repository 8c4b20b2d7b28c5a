//! `partnergraph search`: the hits of one search as a table, CSV or JSON.

use super::{Hit, Request, SearchError};
use crate::store::StoreDir;
use crate::vocab::GRAPH_NS;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub store: PathBuf,
    pub request: Request,
    pub format: SearchFormat,
}

/// The answer as JSON, the same from the command line and from `serve`'s `/search`.
#[derive(Debug, Serialize)]
pub struct Answer<'a> {
    pub query: &'a str,
    pub generation: &'a str,
    pub hits: &'a [Hit],
}

/// A graph IRI as people name documents: the id `stats` lists.
fn document(graph: &str) -> &str {
    graph.strip_prefix(GRAPH_NS).unwrap_or(graph)
}

/// Searches the published generation of `options.store` and writes the hits to `out`; returns
/// how many there were.
pub fn run(options: &SearchOptions, out: &mut dyn Write) -> Result<usize, SearchError> {
    let read = StoreDir::new(&options.store).open_read()?;
    let index = super::open(&read)?;
    let hits = index
        .search(&options.request)
        .map_err(|source| SearchError::Index {
            path: read.file(super::DIR),
            source,
        })?;
    write(
        &hits,
        &options.request.text,
        read.generation(),
        options.format,
        out,
    )?;
    Ok(hits.len())
}

fn write(
    hits: &[Hit],
    query: &str,
    generation: &str,
    format: SearchFormat,
    out: &mut dyn Write,
) -> Result<(), SearchError> {
    let sources = |hit: &Hit| {
        hit.graphs
            .iter()
            .map(|g| document(g))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = match format {
        SearchFormat::Json => crate::output::json(&Answer {
            query,
            generation,
            hits,
        }),
        SearchFormat::Csv => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|hit| {
                    vec![
                        hit.score.to_string(),
                        hit.kind.name().to_owned(),
                        hit.label.clone(),
                        hit.node.clone(),
                        sources(hit),
                        hit.snippet.clone(),
                    ]
                })
                .collect();
            let headers = ["score", "kind", "label", "node", "sources", "snippet"];
            crate::output::csv(&headers, &rows).map_err(std::io::Error::other)?
        }
        SearchFormat::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|hit| {
                    vec![
                        format!("{:.3}", hit.score),
                        hit.kind.name().to_owned(),
                        hit.label.clone(),
                        hit.snippet.clone(),
                        crate::query::compact_iri(&hit.node),
                        sources(hit),
                    ]
                })
                .collect();
            let headers = ["score", "kind", "label", "snippet", "node", "source"];
            crate::output::table(&headers, &rows)
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
