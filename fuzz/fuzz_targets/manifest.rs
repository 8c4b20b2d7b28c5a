//! `sources.toml` manifests, read from a folder holding a few files and a link out of it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::create_dir(dir.join("docs")).unwrap();
        std::fs::write(dir.join("docs/a.txt"), "a").unwrap();
        std::fs::write(dir.join("outside.txt"), "o").unwrap();
        std::os::unix::fs::symlink(dir.join("outside.txt"), dir.join("docs/link.txt")).unwrap();
        dir.join("docs")
    })
}

fuzz_target!(|text: &str| {
    let _ = partnergraph_fuzz::ingest::manifest::parse(text, &folder().join("sources.toml"));
});
