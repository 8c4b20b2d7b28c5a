//! Helpers to run the real binary against a fresh store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    repo().join("seeds")
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A scratch directory with its own store; removed when dropped.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// A store with the bundled seeds built into it.
    pub fn with_seeds() -> Self {
        let env = Self::new();
        env.ok(&["build", seeds().to_str().unwrap()]);
        env
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_partnergraph"));
        command
            .current_dir(self.dir.path())
            .env("PARTNERGRAPH_STORE", self.store())
            .env_remove("PARTNERGRAPH_LOG");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("the binary runs")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "partnergraph {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    /// Runs and expects failure; returns stderr.
    pub fn fail(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "partnergraph {args:?} succeeded but should have failed:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stderr).expect("stderr is UTF-8")
    }

    /// A query's CSV result as rows of fields (header first).
    pub fn csv(&self, args: &[&str]) -> Vec<Vec<String>> {
        let mut full = args.to_vec();
        full.extend(["--format", "csv"]);
        parse_csv(&self.ok(&full))
    }

    /// The N-Quads dump of the store, sorted, as a fingerprint of its exact content.
    pub fn dump(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .ok(&["export", "--format", "nquads"])
            .lines()
            .filter(|l| !l.contains("generatedAtTime"))
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    }
}

pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

/// Copies the seeds folder, so a test can change documents without touching the repository.
pub fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
