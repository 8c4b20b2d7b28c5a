//! Exports: the graph as RDF ([`rdf`]), the participation network as Parquet tables
//! ([`parquet_tables`]), and the co-participation network in the formats network tools read
//! ([`network`]).

pub mod network;
mod network_job;
pub mod rdf;
mod tables;

pub use network_job::{NetworkJobError, NetworkRequest, NetworkSummary, metric_options, network};
pub use rdf::{ExportError, RdfDump, dump};
pub use tables::{TablesError, parquet_tables};
