//! `partnergraph network`: reads the participation network from the generation's index,
//! projects it, optionally computes metrics, and writes it in the requested format.

use super::network::{self, NetworkExport, NetworkFormat, View};
use crate::analysis::network::{Bipartite, ProjectionOptions};
use crate::analysis::{self, Betweenness, MetricOptions};
use crate::rdf::participations::{self, IndexError};
use crate::store::ReadStore;
use oxigraph::store::StorageError;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct NetworkRequest {
    pub format: NetworkFormat,
    pub bipartite: bool,
    /// `filters.theme` may be a theme's id or any of its labels.
    pub filters: ProjectionOptions,
    /// Metrics to compute, if any.
    pub metrics: Option<MetricOptions>,
    /// Time each metric on its own (see [`analysis::timed_metrics`]) instead of all together.
    pub step_timings: bool,
}

/// What was written, with the time each step took (for people tuning big exports).
#[derive(Debug, Clone, Serialize)]
pub struct NetworkSummary {
    pub organisations: usize,
    pub projects: usize,
    pub participations: usize,
    pub nodes: usize,
    pub edges: usize,
    pub modularity: Option<f64>,
    pub files: Vec<PathBuf>,
    /// (step, seconds).
    pub timings: Vec<(&'static str, f64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum NetworkJobError {
    #[error("reading the network from the store failed")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Export(#[from] network::ExportError),
    #[error("{path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the csv and parquet formats write a nodes and an edges table into a folder, not to standard output"
    )]
    CsvNeedsFolder,
    #[error("the graph holds no participations: ingest CORDIS data or organisation profiles first")]
    Empty,
    #[error(transparent)]
    Theme(#[from] crate::resolve::LookupError),
}

/// Builds the network and writes it to `output` (a file, or a folder for CSV) or to `stdout`.
pub fn network(
    read: &ReadStore,
    request: &NetworkRequest,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<NetworkSummary, NetworkJobError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |step, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((step, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let store = read.store();
    let mut filters = request.filters.clone();
    if let Some(theme) = &filters.theme {
        let iri = crate::resolve::lookup_theme(store, theme)?;
        filters.theme = crate::rdf::iri::theme_id(iri.as_str()).map(|id| id.to_string());
    }
    let bipartite = participations::read_bipartite(&read.file(participations::FILE), store)?;
    lap("read", &mut timings);
    if bipartite.participations.is_empty() {
        return Err(NetworkJobError::Empty);
    }
    let projection;
    let metrics;
    let view = if request.bipartite {
        View::Bipartite
    } else {
        projection = analysis::project(&bipartite, &filters);
        lap("project", &mut timings);
        metrics = request.metrics.map(|options| {
            let metrics = if request.step_timings {
                analysis::timed_metrics(&bipartite, &projection, &filters, &options, &mut timings)
            } else {
                analysis::metrics(&bipartite, &projection, &filters, &options)
            };
            // With step timings, "metrics" after them is their total.
            lap("metrics", &mut timings);
            metrics
        });
        View::Projection {
            projection: &projection,
            metrics: metrics.as_ref(),
        }
    };
    let (nodes, edges, modularity) = size(&view, &bipartite);
    let export = NetworkExport {
        bipartite: &bipartite,
        view,
    };
    let files = write_export(&export, request.format, output, stdout)?;
    lap("write", &mut timings);
    Ok(NetworkSummary {
        organisations: bipartite.orgs.len(),
        projects: bipartite.projects.len(),
        participations: bipartite.participations.len(),
        nodes,
        edges,
        modularity,
        files,
        timings,
    })
}

/// Nodes, edges and modularity (with metrics) of the view.
fn size(view: &View<'_>, bipartite: &Bipartite) -> (usize, usize, Option<f64>) {
    match view {
        View::Projection {
            projection,
            metrics,
        } => (
            projection.nodes.len(),
            projection.edges.len(),
            metrics.map(|m| m.modularity),
        ),
        View::Bipartite => (
            bipartite.orgs.len() + bipartite.projects.len(),
            bipartite.participations.len(),
            None,
        ),
    }
}

/// Writes the export to `output` (a folder for CSV) or to `stdout`; returns the files written.
fn write_export(
    export: &NetworkExport<'_>,
    format: NetworkFormat,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Vec<PathBuf>, NetworkJobError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| NetworkJobError::Io { path, source }
    };
    Ok(match (format, output) {
        (NetworkFormat::Csv, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
            network::write_csv_dir(export, dir)?
        }
        (NetworkFormat::Parquet, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
            network::write_parquet_dir(export, dir)?
        }
        (NetworkFormat::Csv | NetworkFormat::Parquet, None) => {
            return Err(NetworkJobError::CsvNeedsFolder);
        }
        (format, Some(path)) => {
            let mut file = std::fs::File::create(path).map_err(io_error(path))?;
            network::write(export, format, &mut file)?;
            vec![path.to_owned()]
        }
        (format, None) => {
            network::write(export, format, stdout)?;
            Vec::new()
        }
    })
}

/// Metric options from the command line's choices.
pub fn metric_options(sample: Option<usize>, seed: u64) -> MetricOptions {
    MetricOptions {
        betweenness: match sample {
            Some(sources) => Betweenness::Sample { sources, seed },
            None => Betweenness::Exact,
        },
        community_seed: seed,
        ..MetricOptions::default()
    }
}
