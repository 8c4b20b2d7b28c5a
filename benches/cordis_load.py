#!/usr/bin/env python3
"""CORDIS ingestion benchmark: partnergraph against pyoxigraph's bulk loader (not run by CI).

    cargo build --release
    python3 benches/cordis_load.py                        # H2020 scale: 35,000 projects
    python3 benches/cordis_load.py --projects 35000 80000 # and FP7 + H2020 + HE scale
    python3 benches/cordis_load.py --repeat 5             # median of 5 loads each (default 3)
    python3 benches/cordis_load.py --quirks               # with real exports' anomalies injected
    python3 benches/cordis_load.py --programme all --projects 81000 --quirks
                                                          # FP7 + H2020 + HORIZON in one store

For each scale: writes synthetic CORDIS CSVs (`partnergraph synth cordis`), times `partnergraph
build` from the CSVs to a committed store (parsing, identity resolution, quads, bulk load, the
derived identity graph, the default graph as their merge, commit), exports the same store as
N-Quads (the documents' graphs and the merge), and times pyoxigraph
(0.5.13, the oxigraph version partnergraph links) bulk-loading that file into a fresh store in a
separate process. Both get the same machine in the same run; the ratio is pyoxigraph's time over
partnergraph's, so above 1 means partnergraph is faster although it starts from CSV and
pyoxigraph from ready-made quads. Each load runs `--repeat` times into a fresh store, the two
tools taking turns, after a `sync` so that the previous run's writeback does not land in the
next; the table shows the median and the range, because on a shared 2-core machine single runs
vary by 10-15%. Peak memory is the largest maximum resident set of a tool's runs. The two stores
must hold the same number of quads, or the run fails.

Then both stores are read back by the same engine (pyoxigraph, read-only): every participation
with its organisation and project. partnergraph's store is read as the build published it, and
again after `build --compact` (timed: with nothing changed it only compacts a copy).

pyoxigraph is installed into a venv under ~/.cache/partnergraph-bench (created on first use).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYOXIGRAPH = "pyoxigraph==0.5.13"
VENV = os.path.expanduser("~/.cache/partnergraph-bench/venv")

LOADER = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
print(len(store))
"""

# Reading the graph back: every participation with its organisation and project, decoded, by
# the same engine (pyoxigraph, read-only) on either store; slow reads mean SST files still
# waiting for compaction.
READER = """
import sys, time, pyoxigraph
store = pyoxigraph.Store.read_only(sys.argv[1])
start = time.perf_counter()
rows = sum(1 for _ in store.query(query=
    "PREFIX pg: <https://w3id.org/partnergraph/ontology#> "
    "SELECT ?part ?org ?project WHERE { ?part pg:roleOf ?org ; pg:inProject ?project }"))
print(rows, time.perf_counter() - start)
"""


def venv_python():
    python = os.path.join(VENV, "bin", "python")
    check = f"import pyoxigraph; assert pyoxigraph.__version__ == '{PYOXIGRAPH.split('==')[1]}'"
    if not os.path.exists(python) or subprocess.run([python, "-c", check]).returncode != 0:
        print(f"installing {PYOXIGRAPH} into {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", PYOXIGRAPH], check=True)
    return python


def release_binary(given=None):
    """The partnergraph binary: `given`, or the release build in CARGO_TARGET_DIR or target/."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = given or os.path.join(target, "release", "partnergraph")
    if not os.path.exists(binary):
        sys.exit(f"{binary} not found: run `cargo build --release` first")
    return binary


def peak_rss_mib(args, stdout=subprocess.DEVNULL):
    """Runs a command under /usr/bin/time; returns (seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], stdout=stdout, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    rss_kib = int(result.stderr.strip().splitlines()[-1])
    return elapsed, rss_kib / 1024, result.stdout


def repeated(times, runs):
    """Runs each of `runs` (name → function returning (seconds, peak RSS)) `times` times, the
    tools taking turns; returns name → (median seconds, fastest, slowest, peak RSS)."""
    results = {name: [] for name in runs}
    for _ in range(times):
        for name, run in runs.items():
            os.sync()
            results[name].append(run())
    summary = {}
    for name, measured in results.items():
        seconds = sorted(s for s, _ in measured)
        summary[name] = (statistics.median(seconds), seconds[0], seconds[-1],
                         max(rss for _, rss in measured))
    return summary


def disk_mib(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total / 2**20


def read_back(python, database):
    rows, seconds = subprocess.run([python, "-c", READER, database], check=True,
                                   capture_output=True, text=True).stdout.split()
    return int(rows), float(seconds)


def quad_count(binary, store):
    out = subprocess.run(
        [binary, "--store", store, "query", "--format", "csv", "-e",
         "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"],
        check=True, capture_output=True, text=True,
    ).stdout
    return int(out.splitlines()[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[35000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--programme", choices=["h2020", "all"], default="h2020",
                        help="`all`: FP7, H2020 and HORIZON releases at their real relative sizes")
    parser.add_argument("--quirks", action="store_true",
                        help="inject the quirks of real exports (synth cordis --quirks)")
    parser.add_argument("--repeat", type=int, default=3, help="loads per tool and scale")
    parser.add_argument("--loads-only", action="store_true",
                        help="skip the read-back and compaction timings")
    parser.add_argument("--binary", default=None, help="partnergraph binary (default: target/release)")
    parser.add_argument("--workdir", default=None, help="keep data and stores here")
    args = parser.parse_args()

    binary = release_binary(args.binary)
    python = venv_python()
    workdir = args.workdir or tempfile.mkdtemp(prefix="partnergraph-bench-")
    os.makedirs(workdir, exist_ok=True)

    rows = []
    reads = []
    for projects in args.projects:
        data = os.path.join(workdir, f"cordis-{projects}-{args.programme}")
        pg_store = os.path.join(workdir, f"pg-{projects}")
        py_store = os.path.join(workdir, f"py-{projects}")
        nquads = os.path.join(workdir, f"cordis-{projects}.nq")
        for path in (data, pg_store, py_store):
            shutil.rmtree(path, ignore_errors=True)
        synth = subprocess.run(
            [binary, "synth", "cordis", "--projects", str(projects), "--seed", str(args.seed),
             "--programme", args.programme, *(["--quirks"] if args.quirks else []), "-o", data],
            check=True, capture_output=True, text=True,
        )
        print(synth.stdout.strip() or synth.stderr.strip(), file=sys.stderr)
        participations = sum(
            sum(1 for _ in open(os.path.join(folder, "organization.csv"), "rb")) - 1
            for folder, _, files in os.walk(data) if "organization.csv" in files
        )

        def pg_build():
            shutil.rmtree(pg_store, ignore_errors=True)
            seconds, rss, _ = peak_rss_mib([binary, "--quiet", "--store", pg_store, "build", data])
            return seconds, rss

        py_quads = []

        def py_load():
            shutil.rmtree(py_store, ignore_errors=True)
            seconds, rss, out = peak_rss_mib([python, "-c", LOADER, py_store, nquads],
                                             stdout=subprocess.PIPE)
            py_quads.append(int(out.strip()))
            return seconds, rss

        # The N-Quads file pyoxigraph loads is the store partnergraph builds: the documents'
        # graphs, then their merge as the default graph (N-Triples lines are N-Quads without
        # a graph name).
        pg_build()
        with open(nquads, "w") as out:
            for fmt in ("nquads", "ntriples"):
                subprocess.run([binary, "--store", pg_store, "export", "--format", fmt],
                               stdout=out, check=True)
        timed = repeated(args.repeat, {"pg": pg_build, "py": py_load})
        pg_quads = quad_count(binary, pg_store)
        if set(py_quads) != {pg_quads}:
            sys.exit(f"quad counts differ: partnergraph {pg_quads}, pyoxigraph {py_quads}")
        pg_disk = disk_mib(pg_store)
        rows.append((projects, participations, pg_quads, timed["pg"], pg_disk, timed["py"],
                     disk_mib(py_store)))
        if args.loads_only:
            os.remove(nquads)
            continue
        pg_rows, pg_read = read_back(python, os.path.join(pg_store, "current"))
        py_rows, py_read = read_back(python, py_store)
        if pg_rows != py_rows:
            sys.exit(f"read-back rows differ: partnergraph {pg_rows}, pyoxigraph {py_rows}")
        # The same store compacted (`build --compact` with nothing changed compacts a copy).
        compact_s, _, _ = peak_rss_mib([binary, "--quiet", "--store", pg_store, "build",
                                        "--compact", data])
        compact_rows, compact_read = read_back(python, os.path.join(pg_store, "current"))
        assert compact_rows == pg_rows
        reads.append((projects, pg_rows, pg_read, compact_s, compact_read, py_read))
        os.remove(nquads)

    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Loads: median of {args.repeat} (fastest-slowest); programme {args.programme}, "
          f"quirks {'on' if args.quirks else 'off'}.")
    print("| projects | participations | quads | partnergraph (CSV → store) | quads/s | peak RSS | "
          "store | pyoxigraph bulk_load (N-Quads → store) | quads/s | peak RSS | store | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (projects, participations, quads, pg, pg_disk, py, py_disk) in rows:
        (pg_s, pg_min, pg_max, pg_rss), (py_s, py_min, py_max, py_rss) = pg, py
        print(f"| {projects:,} | {participations:,} | {quads:,} | "
              f"{pg_s:.1f} s ({pg_min:.1f}-{pg_max:.1f}) | {quads / pg_s / 1000:.0f} k | "
              f"{pg_rss:.0f} MiB | {pg_disk:.0f} MiB | {py_s:.1f} s ({py_min:.1f}-{py_max:.1f}) | "
              f"{quads / py_s / 1000:.0f} k | {py_rss:.0f} MiB | {py_disk:.0f} MiB | "
              f"{py_s / pg_s:.2f} |")
    if not reads:
        return
    print()
    print("| projects | participations read back | from partnergraph's store | "
          "`build --compact` (nothing changed) | from the compacted store | "
          "from pyoxigraph's store | ratio (pyoxigraph / compacted) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (projects, n, pg_read, compact_s, compact_read, py_read) in reads:
        print(f"| {projects:,} | {n:,} | {pg_read:.2f} s | {compact_s:.1f} s | "
              f"{compact_read:.2f} s | {py_read:.2f} s | {py_read / compact_read:.2f} |")


if __name__ == "__main__":
    main()
