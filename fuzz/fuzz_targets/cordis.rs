//! CORDIS CSV exports, as bytes because real exports may be Latin-1.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = partnergraph_fuzz::ingest::cordis::detect(bytes);
    let _ = partnergraph_fuzz::ingest::cordis::parse(bytes, Default::default());
});
