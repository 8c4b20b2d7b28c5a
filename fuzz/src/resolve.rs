//! The two name functions the ingest module uses, from partnergraph's `resolve/names.rs`.

#[path = "../../src/resolve/names.rs"]
mod names;
pub use names::{fold, slug};
