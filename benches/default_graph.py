#!/usr/bin/env python3
"""The default graph as the RDF merge of the documents' graphs: what it costs the build, and how
long every curated query takes on the H2020-scale store (not run by CI).

    cargo build --release
    python3 benches/default_graph.py --base OLD_BINARY --projects 35000 --scratch DIR

Writes synthetic CORDIS CSVs (`partnergraph synth cordis --seed 1`), then builds the seeds and
those CSVs into a fresh store with the binary of this tree and with `--base` (a binary without
the merge), taking turns (`--repeat` builds each, after a `sync`), and reports the median build
time and the published generation's size on disk. Then times every `queries/*.rq` on this
tree's store, as built and after `build --compact`: each query with the parameters of tests/fixtures/queries/*.args (seed
organisations) and, for queries about one organisation, also with the organisation that has the
most participations in the synthetic data. Wall time of the whole `partnergraph query` process
(opening the store included), median of `--repeat` runs.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUSIEST = """SELECT ?name WHERE {
  { SELECT ?org (COUNT(?p) AS ?n) WHERE { ?p pg:roleOf ?org } GROUP BY ?org ORDER BY DESC(?n) LIMIT 1 }
  ?org skos:prefLabel ?name } LIMIT 1"""


def run(binary, store, args, capture=True):
    env = dict(os.environ, PARTNERGRAPH_STORE=store) if store else None
    start = time.perf_counter()
    out = subprocess.run([binary, *args], env=env, capture_output=capture, text=True, check=True)
    return time.perf_counter() - start, out.stdout if capture else ""


def size(path):
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="a partnergraph binary without the merge")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/partnergraph"))
    parser.add_argument("--projects", type=int, default=35000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--skip-builds", action="store_true")
    args = parser.parse_args()
    data = os.path.join(args.scratch, f"cordis-{args.projects}")
    if not os.path.isdir(data):
        run(args.binary, None, ["synth", "cordis", "--projects", str(args.projects), "--seed", "1", "-o", data])
    seeds = os.path.join(ROOT, "seeds")
    stores = {name: os.path.join(args.scratch, f"store-{name}") for name in ("base", "merge")}
    binaries = {"base": args.base, "merge": args.binary}
    if not args.skip_builds:
        times = {name: [] for name in stores}
        for _ in range(args.repeat):
            for name, store in stores.items():
                shutil.rmtree(store, ignore_errors=True)
                subprocess.run(["sync"], check=True)
                elapsed, _ = run(binaries[name], store, ["build", seeds, data])
                times[name].append(elapsed)
        print("| binary | build (median, range) | generation on disk | quads and triples |")
        print("| --- | ---: | ---: | ---: |")
        for name, store in stores.items():
            generation = os.path.join(store, os.readlink(os.path.join(store, "current")))
            _, stated = run(args.binary, store, ["query", "-e", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }", "--format", "tsv"])
            _, merged = run(args.binary, store, ["query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "tsv"])
            t = sorted(times[name])
            print(
                f"| {name} | {statistics.median(t):.1f} s ({t[0]:.1f}–{t[-1]:.1f}) | {size(generation) / 2**20:,.0f} MiB "
                f"| {stated.split()[-1]} in the documents' graphs, {merged.split()[-1] if name == 'merge' else '0'} in the default graph |"
            )
    store = stores["merge"]
    _, busiest = run(args.binary, store, ["query", "-e", BUSIEST, "--format", "tsv"])
    busiest = busiest.split("\n")[1].strip().strip('"')
    print(f"\nmost active organisation: {busiest}\n")
    cases = []
    for path in sorted(glob.glob(os.path.join(ROOT, "queries/*.rq"))):
        name = os.path.basename(path)[:-3]
        fixture = os.path.join(ROOT, "tests/fixtures/queries", f"{name}.args")
        param_sets = [[]]
        if os.path.exists(fixture):
            with open(fixture, encoding="utf-8") as f:
                param_sets = [[line.strip()] for line in f if line.strip()]
            if "param org: organisation — the organisation" in open(path, encoding="utf-8").read():
                param_sets.append([f"org={busiest}"])
        cases += [(name, params) for params in param_sets]
    # Each query on the store as built, then on the same store after `build --compact` (nothing
    # reloaded: it compacts a copy), which README advises after a large load.
    timings = {case_key: [] for case_key in range(len(cases))}
    for state in ("as built", "compacted"):
        if state == "compacted":
            run(args.binary, store, ["build", "--compact", seeds, data])
        for i, (name, params) in enumerate(cases):
            argv = ["query", name, "--format", "csv", "--timeout", "20s"]
            for p in params:
                argv += ["--param", p]
            times, rows = [], 0
            try:
                for _ in range(args.repeat):
                    elapsed, out = run(args.binary, store, argv)
                    times.append(elapsed)
                    rows = max(0, len(out.splitlines()) - 1)
                took = f"{statistics.median(times) * 1000:,.0f} ms"
            except subprocess.CalledProcessError as e:
                took = "failed: " + e.stderr.strip().splitlines()[-1][:60]
            timings[i].append((rows, took))
    print("| query | parameters | rows | as built | compacted |")
    print("| --- | --- | ---: | ---: | ---: |")
    for i, (name, params) in enumerate(cases):
        (rows, built), (_, compacted) = timings[i]
        print(f"| {name} | {', '.join(params) or '–'} | {rows} | {built} | {compacted} |")

if __name__ == "__main__":
    main()
