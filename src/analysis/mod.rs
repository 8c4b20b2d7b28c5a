//! Network analysis of the participation graph: the weighted co-participation projection and its
//! metrics (degree, strength, betweenness, PageRank, components, clustering, Leiden communities,
//! shared partners).
//!
//! [`project`] turns the bipartite organisation–project graph into the organisation network;
//! [`metrics`] computes everything at once. Each algorithm is also a function of its own on a
//! [`Csr`], the compressed-sparse-row layout they all run on, one file per algorithm.

mod betweenness;
mod clustering;
mod community;
mod components;
mod csr;
mod metrics;
pub mod network;
mod pagerank;
pub mod partners;
mod projection;
mod shared_partners;
#[cfg(test)]
mod testgraphs;

pub use betweenness::{betweenness, parallel_betweenness, sample_sources};
pub use clustering::clustering;
pub use community::{communities, modularity};
pub use components::connected_components;
pub use csr::Csr;
pub use metrics::{Betweenness, MetricOptions, metrics, timed_metrics};
pub use pagerank::pagerank;
pub use partners::{PartnersReport, partners};
pub use projection::project;
pub use shared_partners::shared_partners;
