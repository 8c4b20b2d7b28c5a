//! partnergraph's parsers, compiled from the library's own source files so that fuzzing them
//! does not build RocksDB: the document parsers need only `model` and two name functions.
#![allow(dead_code, unused_imports)]

#[path = "../../src/model.rs"]
pub mod model;

pub mod resolve;

#[path = "../../src/ingest/mod.rs"]
pub mod ingest;
