//! partnergraph turns documents about European research and innovation into a knowledge graph of
//! organisations, projects, expertise areas, themes and regional strategies.
//!
//! The modules follow the data: [`ingest`] parses documents into records, [`resolve`] decides
//! which names denote the same organisation and which themes a text is about, [`rdf`] turns
//! records into one named graph per document, [`store`] keeps the graph on disk and swaps it
//! atomically, and [`query`], [`stats`], [`export`] and [`validate`] read it. [`build`] runs the
//! first four for `partnergraph build`. [`serve`] answers SPARQL over HTTP.
//!
//! ```text
//! documents ─ ingest ─────────── resolve ──── rdf ────────── build ─────────── store
//!             cordis/ (CSV,      names,       one graph      recorded → plan   generations,
//!             JSON, XLSX, zip,   identity,    per document,  → parse → graphs  published
//!             quirks)            themes       identity graph → diff → load     atomically
//!             profile/ strategy/                             → publish
//!             text/ pdf html table manifest archive
//!
//! store ─┬─ query/    SPARQL: curated queries, bound parameters, one results serialiser
//!        ├─ serve/    the HTTP endpoint (protocol, content negotiation, query page)
//!        ├─ search/   the full-text index of every generation, `search`, SERVICE pg:search
//!        ├─ analysis/ co-participation network: projection, metrics, communities, partners
//!        ├─ export/   RDF dumps; network/ one file per format (GraphML, GEXF, CSV, Cytoscape, DOT)
//!        ├─ report/   gap reports: compute/ (profile, priorities, candidates, peers), render/
//!        ├─ identities/ which names were taken as one organisation, why; identities.toml
//!        ├─ diff/     what changed between two snapshots (store/snapshot: kept generations)
//!        ├─ stats, validate (SHACL shapes of ontology/)
//! synth/  synthetic CORDIS releases for tests and benchmarks (tables/ as data files)
//! vocab   every IRI of ontology/*.ttl, checked against it; model: the typed values
//! ```

pub mod analysis;
pub mod build;
pub mod diff;
pub mod export;
pub mod identities;
pub mod ingest;
pub mod model;
pub mod output;
pub mod query;
pub mod rdf;
pub mod report;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod stats;
pub mod store;
pub mod synth;
pub mod validate;
pub mod vocab;

/// An error and its causes on one line, as the binary prints them: each message says what
/// failed, and its source says why, so each cause is said once.
pub fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        cause = inner.source();
    }
    message
}
