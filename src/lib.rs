//! partnergraph turns documents about European research and innovation into a knowledge graph of
//! organisations, projects, expertise areas, themes and regional strategies.
//!
//! The modules follow the data: [`ingest`] parses documents into records, [`resolve`] decides
//! which names denote the same organisation and which themes a text is about, [`rdf`] turns
//! records into one named graph per document, [`store`] keeps the graph on disk and swaps it
//! atomically, and [`query`], [`stats`], [`export`] and [`validate`] read it. [`build`] runs the
//! first four for `partnergraph build`. [`serve`] answers SPARQL over HTTP.

pub mod analysis;
pub mod build;
pub mod export;
pub mod ingest;
pub mod model;
pub mod query;
pub mod rdf;
pub mod report;
pub mod resolve;
pub mod serve;
pub mod stats;
pub mod store;
pub mod synth;
pub mod validate;
pub mod vocab;
