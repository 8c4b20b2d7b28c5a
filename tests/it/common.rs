//! Helpers to run the real binary against a fresh store.

use std::fs::{self, File};
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

    /// A store built from a copy of the seeds, which the test may then edit: the copy's folder.
    pub fn with_seeds_copy() -> (Self, PathBuf) {
        let env = Self::new();
        let folder = env.path("seeds");
        copy_seeds(&folder);
        env.ok(&["build", folder.to_str().unwrap()]);
        (env, folder)
    }

    /// The statements of one source document's graph, as N-Quads lines.
    pub fn graph(&self, id: &str) -> std::collections::BTreeSet<String> {
        self.ok(&["export", "--format", "nquads", "--graph", id])
            .lines()
            .map(str::to_owned)
            .collect()
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` in the test's folder (making its parent folders); the path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().expect("a file in the test folder")).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Synthetic CORDIS CSV files (project, organization, euroSciVoc) in `dir`.
    pub fn synth(&self, projects: usize, seed: u64, dir: &Path) {
        self.ok(&[
            "synth",
            "cordis",
            "--projects",
            &projects.to_string(),
            "--seed",
            &seed.to_string(),
            "-o",
            dir.to_str().unwrap(),
        ]);
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

    /// `network` answers from the published participation index: it says nothing about having
    /// to read the participations from the store (or rebuild the index).
    pub fn assert_network_reads_the_index(&self) {
        let output = self
            .command()
            .args(["network", "--format", "csv", "-o"])
            .arg(self.path("net"))
            .env("PARTNERGRAPH_LOG", "warn")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(!stderr.contains("participation index"), "{stderr}");
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
/// The source ids a `build --json` summary or `stats --json` lists.
pub fn source_ids(summary: &serde_json::Value) -> Vec<&str> {
    sources(summary)
        .map(|s| s["id"].as_str().expect("a source id"))
        .collect()
}

/// The status a `build --json` summary gives the source `id`, if it lists it.
pub fn source_status<'a>(summary: &'a serde_json::Value, id: &str) -> Option<&'a str> {
    sources(summary)
        .find(|s| s["id"] == id)
        .map(|s| s["status"].as_str().expect("a status"))
}

fn sources(summary: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    summary["sources"]
        .as_array()
        .expect("a list of sources")
        .iter()
}

pub fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// CSV rows with list cells ("a, b", from GROUP_CONCAT, whose order SPARQL leaves open) sorted.
pub fn normalised(csv: &str) -> Vec<Vec<String>> {
    parse_csv(csv)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| {
                    let mut items: Vec<&str> = cell.split(", ").collect();
                    items.sort_unstable();
                    items.join(", ")
                })
                .collect()
        })
        .collect()
}

/// A directory under ~/.cache shared by test runs (and by concurrent tests, through a lock), so
/// that packages are downloaded once per machine.
fn cache_dir(name: &str) -> (PathBuf, File) {
    let home = std::env::var_os("HOME").expect("HOME is set");
    let cache = PathBuf::from(home).join(".cache");
    fs::create_dir_all(&cache).unwrap();
    let lock = File::create(cache.join(format!("{name}.lock"))).unwrap();
    lock.lock().unwrap();
    (cache.join(name), lock)
}

fn run_setup(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed (is the package registry reachable?): {command:?}\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The Python interpreter of a venv in ~/.cache/partnergraph-venv holding `requirements` (pip
/// specifiers). Fails, never skips, when Python or PyPI is unavailable: a client test that does
/// not run must not pass.
pub fn python_with(requirements: &[&str], check: &str) -> PathBuf {
    let (venv, _lock) = cache_dir("partnergraph-venv");
    let python = venv.join("bin/python");
    let ready = || {
        Command::new(&python)
            .args(["-c", check])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !ready() {
        if !python.exists() {
            run_setup(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "creating a Python venv (bash .ci/setup installs python3-venv)",
            );
        }
        run_setup(
            Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(requirements),
            &format!("pip install {}", requirements.join(" ")),
        );
        assert!(ready(), "the venv {} still fails `{check}`", venv.display());
    }
    python
}

/// A node_modules folder in ~/.cache/partnergraph-node holding `packages` (npm specifiers).
pub fn node_modules_with(packages: &[&str]) -> PathBuf {
    let (dir, _lock) = cache_dir("partnergraph-node");
    fs::create_dir_all(&dir).unwrap();
    let installed = packages.iter().all(|spec| {
        let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
        fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
            .is_ok_and(|manifest| manifest.contains(&format!("\"version\": \"{version}\"")))
    });
    if !installed {
        run_setup(
            Command::new("npm")
                .current_dir(&dir)
                .args(["install", "--no-audit", "--no-fund", "--silent"])
                .args(packages),
            &format!(
                "npm install {} (bash .ci/setup installs nodejs and npm)",
                packages.join(" ")
            ),
        );
    }
    dir.join("node_modules")
}
