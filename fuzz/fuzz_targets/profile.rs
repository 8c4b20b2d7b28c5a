//! Organisation profiles: any text must give a profile or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = partnergraph_fuzz::ingest::profile::looks_like_profile(text);
    let _ = partnergraph_fuzz::ingest::profile::parse_profile(text);
});
