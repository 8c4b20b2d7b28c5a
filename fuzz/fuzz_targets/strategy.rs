//! Strategy texts (English and Swedish): any text must give a strategy or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = partnergraph_fuzz::ingest::strategy::looks_like_strategy(text);
    let _ = partnergraph_fuzz::ingest::strategy::parse_strategy(text);
});
