//! `partnergraph network export`: the co-participation projection, or the bipartite
//! organisation–project graph, in the formats network tools open — GraphML (NetworkX, igraph,
//! yEd, Cytoscape), GEXF 1.3 (Gephi), CSV node and edge tables (Gephi's spreadsheet import),
//! Cytoscape.js JSON and Graphviz DOT.
//!
//! Every format writes the same rows: nodes in projection order (the bipartite view: all
//! organisations, then all projects), edges in projection order (the bipartite view: the
//! participations, organisation → project). Output is streamed — H2020 has ~836,000 edges — so
//! besides the network only its node ids and project acronyms are held (a few MB), and two
//! writes of the same network are byte-identical.
//!
//! Node ids are the last two path segments of the node's IRI — `org/pic-999979694`,
//! `project/cordis-101057` — readable, stable across builds (IRIs are minted deterministically),
//! the same for an organisation in every view and filter, and never shared by an organisation and
//! a project. Nodes that would share a short id (only possible for IRIs we did not mint) use their
//! full IRIs instead. The full IRI is always the `iri` attribute.
//!
//! Missing values (`None`, and non-finite numbers) are left out of GraphML, GEXF, JSON and DOT and
//! are empty cells in CSV. Doubles are written as their shortest round-trip form (`ryu`). XML
//! readers turn newlines and tabs in attribute values into spaces, so GEXF labels (attributes
//! there) lose them; GraphML keeps them (element text).

mod buffered;
mod csv_tables;
mod cytoscape;
mod dot;
mod gexf;
mod graphml;
mod parquet;
mod rows;
#[cfg(test)]
mod tests;
mod xml;

use crate::analysis::network::{Bipartite, Metrics, Projection};
use buffered::Buffered;
use rows::Rows;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFormat {
    GraphMl,
    Gexf,
    /// Two files, `nodes.csv` and `edges.csv`: see [`write_csv_dir`].
    Csv,
    /// Cytoscape.js JSON (`elements.nodes`/`elements.edges`), which Cytoscape desktop imports too.
    Cytoscape,
    Dot,
    /// Two files, `nodes.parquet` and `edges.parquet`: see [`write_parquet_dir`].
    Parquet,
}

impl NetworkFormat {
    /// The usual file extension, so that tools recognise the file (`.cyjs` for Cytoscape).
    pub fn extension(self) -> &'static str {
        match self {
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Csv => "csv",
            Self::Cytoscape => "cyjs",
            Self::Dot => "dot",
            Self::Parquet => "parquet",
        }
    }
}

/// What to export: the bipartite graph the network was read from, and which view of it.
#[derive(Debug, Clone, Copy)]
pub struct NetworkExport<'a> {
    pub bipartite: &'a Bipartite,
    pub view: View<'a>,
}

#[derive(Debug, Clone, Copy)]
pub enum View<'a> {
    /// Organisations joined by shared projects. A node's `projects` and `ec_funding` count only
    /// the participations the projection kept, which only the metrics know, so they come with
    /// the metrics.
    Projection {
        projection: &'a Projection,
        metrics: Option<&'a Metrics>,
    },
    /// Organisations and projects, one edge per participation, each node with a `kind`.
    Bipartite,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("a CSV or Parquet network is two files (nodes and edges): give a directory")]
    CsvNeedsDirectory,
    #[error("the network does not fit its bipartite graph: {0}")]
    Inconsistent(String),
    #[error("writing the network failed")]
    Io(#[from] io::Error),
    #[error("writing the CSV tables failed")]
    Csv(#[from] csv::Error),
    #[error("writing the Parquet tables failed")]
    Parquet(#[from] ::parquet::errors::ParquetError),
}

/// Streams the network to `out` in `format` (not [`NetworkFormat::Csv`], which is two files:
/// use [`write_csv_dir`]). `out` needn't be buffered: `write` buffers it itself (64 KiB) and
/// flushes it before returning.
pub fn write(
    export: &NetworkExport<'_>,
    format: NetworkFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let writer: fn(&Rows<'_>, &mut Buffered<'_>) -> io::Result<()> = match format {
        NetworkFormat::GraphMl => graphml::graphml,
        NetworkFormat::Gexf => gexf::gexf,
        NetworkFormat::Cytoscape => cytoscape::cytoscape,
        NetworkFormat::Dot => dot::dot,
        NetworkFormat::Csv | NetworkFormat::Parquet => {
            return Err(ExportError::CsvNeedsDirectory);
        }
    };
    let rows = Rows::new(export)?;
    let mut out = Buffered::new(out);
    writer(&rows, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Writes `nodes.csv` (`Id,Label,…`) and `edges.csv` (`Source,Target,Weight,Type,…`) into `dir`,
/// creating it, as Gephi's spreadsheet import expects; returns the two paths. Every row has all
/// of the view's columns, so headers do not depend on the data.
pub fn write_csv_dir(export: &NetworkExport<'_>, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let rows = Rows::new(export)?;
    fs::create_dir_all(dir)?;
    let nodes = dir.join("nodes.csv");
    let edges = dir.join("edges.csv");
    csv_tables::csv_nodes(&rows, File::create(&nodes)?)?;
    csv_tables::csv_edges(&rows, File::create(&edges)?)?;
    Ok(vec![nodes, edges])
}

/// Writes `nodes.parquet` (`id, label, …`) and `edges.parquet` (`source, target, weight, …`)
/// into `dir`, creating it, with the CSV tables' columns; returns the two paths.
pub fn write_parquet_dir(
    export: &NetworkExport<'_>,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let rows = Rows::new(export)?;
    fs::create_dir_all(dir)?;
    let nodes = dir.join("nodes.parquet");
    let edges = dir.join("edges.parquet");
    parquet::parquet_nodes(&rows, &nodes)?;
    parquet::parquet_edges(&rows, &edges)?;
    Ok(vec![nodes, edges])
}
