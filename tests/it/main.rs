//! Integration tests: the real binary on the real seed documents (one test binary, one link).

mod build;
mod common;
mod cordis;
mod cordis_layouts;
mod formats;
mod formats_published;
mod identities;
mod index;
mod network;
mod profile_eval;
mod queries;
mod query;
mod releases;
mod reliability;
mod report;
mod search;
mod serve;
mod snapshot;
mod strategy_eval;
mod synth;
