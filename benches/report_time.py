#!/usr/bin/env python3
"""Gap-report timing at H2020 scale (not run by CI).

    cargo build --release
    python3 benches/report_time.py                       # 35,000 synthetic projects + seeds/
    python3 benches/report_time.py --runs 5 --workdir /tmp/rt

Builds a store from `seeds/` and a synthetic CORDIS export (`partnergraph synth cordis --seed 1`),
then times `partnergraph report gaps` in each format for the organisations a grants office would
ask about (Region Örebro län, Region Stockholm by region) and for the export's largest
organisation (a hub with thousands of projects), each run a fresh process. Prints wall time and
peak memory per run, and checks that the JSON report is the same in every run. No peer is
measured: no other tool makes this report.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

from cordis_load import peak_rss_mib, release_binary  # the same timing and binary lookup

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HUB_QUERY = """PREFIX pg: <https://w3id.org/partnergraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE {
  { SELECT ?org (COUNT(?p) AS ?n) WHERE { ?p pg:roleOf ?org } GROUP BY ?org ORDER BY DESC(?n) LIMIT 1 }
  ?org skos:prefLabel ?label
}"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=35000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=None, help="partnergraph binary (default: target/release)")
    parser.add_argument("--workdir", default=None, help="keep data and store here")
    args = parser.parse_args()

    binary = release_binary(args.binary)
    workdir = args.workdir or tempfile.mkdtemp(prefix="partnergraph-report-")
    os.makedirs(workdir, exist_ok=True)
    data = os.path.join(workdir, "h2020")
    store = os.path.join(workdir, "store")
    for path in (data, store):
        shutil.rmtree(path, ignore_errors=True)
    pg = [binary, "--quiet", "--store", store]
    subprocess.run([binary, "synth", "cordis", "--projects", str(args.projects), "--seed", "1",
                    "-o", data], check=True, capture_output=True)
    build_s, _, _ = peak_rss_mib([*pg, "build", os.path.join(ROOT, "seeds"), data])
    print(f"built seeds/ + {args.projects:,} synthetic projects in {build_s:.1f} s", file=sys.stderr)
    hub = subprocess.run([*pg, "query", "--format", "csv", "-e", HUB_QUERY], check=True,
                         capture_output=True, text=True).stdout.splitlines()[1]

    cases = [
        ("--org", "Region Örebro län", "json"),
        ("--org", "Region Örebro län", "md"),
        ("--org", "Region Örebro län", "html"),
        ("--region", "Stockholm", "json"),
        ("--org", hub, "json"),
    ]
    print("| subject | format | runs (s) | peak RSS |")
    print("| --- | --- | --- | ---: |")
    for flag, name, fmt in cases:
        times, rss, digests = [], 0.0, set()
        out = os.path.join(workdir, f"report.{fmt}")
        for _ in range(args.runs):
            seconds, peak, _ = peak_rss_mib([*pg, "report", "gaps", flag, name, "--format", fmt,
                                              "-o", out])
            times.append(seconds)
            rss = max(rss, peak)
            with open(out, "rb") as f:
                digests.add(hashlib.sha256(f.read()).hexdigest())
        if fmt == "json" and len(digests) != 1:
            sys.exit(f"the JSON report for {name} differs between runs")
        print(f"| {flag} {name} | {fmt} | {' / '.join(f'{t:.2f}' for t in times)} | {rss:.0f} MiB |")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
