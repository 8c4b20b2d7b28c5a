//! Exports: the graph as RDF ([`rdf`]) and the co-participation network in the formats network
//! tools read ([`network`]).

pub mod network;
mod network_job;
pub mod rdf;

pub use network_job::{NetworkJobError, NetworkRequest, NetworkSummary, metric_options, network};
pub use rdf::{ExportError, RdfDump, dump};
