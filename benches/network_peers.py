#!/usr/bin/env python3
"""partnergraph's network analysis against igraph and NetworkX on the same data, in one run
(not run by CI).

    cargo build --release
    python3 benches/network_peers.py [--projects 35000] [--seed 1] [--exact [--exact-igraph]]
                                     [--skip-networkx]

Generates a synthetic CORDIS export (`partnergraph synth cordis`, workload M by default) and
builds it into a store under target/bench-network (both kept for the next run), then times:

- partnergraph: `network --metrics --sample K --timings` prints the time of each step on stderr
  (projection, communities, sampled betweenness, shared partners, …); `network --format graphml`
  and `--format gexf` time the writes; with --exact a run with exact betweenness too.
- igraph, in a Python child of its own: the projection of the bipartite edge list read from
  organization.csv (`bipartite_projection(multiplicity=True)`), betweenness from the same number
  of sources (`betweenness(sources=...)`; all of them with --exact-igraph, else its exact time is
  extrapolated as n/k times that, each source being one full search), Leiden (modularity, as
  igraph's defaults) and multilevel, shared-partner counts from its adjacency sets, GraphML write
  of its projection (name and weight) and of partnergraph's GraphML read back (the same
  attributes, so the same bytes to write).
- NetworkX: shared-partner counts over all edges, and (unless --skip-networkx; about 110 s)
  `bipartite.weighted_projected_graph`.

With --index it times instead what the analytical index (`participations.arrow`) is for, whole
processes alternating in one run (pass --rounds N): `network --format csv` end to end against a
pandas + scipy script going from organization.csv to the same weighted edges (sparse incidence
matrix, Bᵀ·B), `network --metrics --sample 256`, `partners` for the organisation with the most
participations, and a fresh build of the export and the seeds followed by `network` and
`report gaps --region` for one region; with --baseline BINARY the builds alternate with that
binary's (the build time the index adds) and its network and partners runs are timed too.

Prints a table of seconds, the ratio partnergraph/peer (below 1 is faster), peak resident memory
of each process by the end of the step, and checksums that must agree between the tools: distinct
edges, weight sum, Σ shared partners; and modularity (partnergraph's may not be below igraph's
− 0.01). Exits 1 if a checksum disagrees. igraph and NetworkX install into a venv in
~/.cache/partnergraph-venv (the one the tests use) on the first run.
"""

import argparse
import csv
import json
import os
import re
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(os.path.expanduser("~"), ".cache", "partnergraph-venv")
REQUIREMENTS = ["networkx==3.6.1", "igraph==0.11.8", "numpy==2.4.6", "scipy==1.17.1",
                "pandas==3.1.1"]


def ensure_venv():
    """Re-runs this script with the venv's Python (the pinned peers), creating it if needed."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    check = "import igraph, networkx, pandas; assert (igraph.__version__, networkx.__version__, " \
        "pandas.__version__) == ('0.11.8', '3.6.1', '3.1.1')"
    if subprocess.run([python, "-c", check], capture_output=True).returncode != 0:
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             *REQUIREMENTS],
            check=True,
        )
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def partnergraph(binary, store, args):
    """One `partnergraph network` run: its step timings, modularity and peak RSS (MiB)."""
    env = dict(os.environ, PARTNERGRAPH_STORE=store)
    start = time.perf_counter()
    child = subprocess.Popen(
        [binary, "network", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    stderr = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"partnergraph network {' '.join(args)} failed:\n{stderr}")
    line = stderr.strip().splitlines()[-1]
    inside = line[line.index("(") + 1 : line.index(")")]
    steps = {name: float(s) for name, s in re.findall(r"([a-z ]+?) ([0-9.]+)s", inside)}
    steps = {name.strip(", "): s for name, s in steps.items()}
    modularity = re.search(r"modularity ([0-9.]+)", line)
    return {
        "steps": steps,
        "modularity": float(modularity.group(1)) if modularity else None,
        "rss": usage.ru_maxrss / 1024,
        "wall": wall,
    }


def csv_checksums(folder):
    edges, weight, shared = 0, 0.0, 0
    with open(os.path.join(folder, "edges.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            edges += 1
            weight += float(row["Weight"])
            shared += int(row["shared_partners"]) if row.get("shared_partners") else 0
    return {"edges": edges, "weight": weight, "shared": shared}


def peers_child(organization_csv, sources, exact, skip_networkx, graphml_out, seed, ours):
    """Runs in its own process, so that its peak RSS is the peers' own. Prints JSON."""
    import random

    import igraph
    import networkx as nx
    from networkx.algorithms import bipartite as nx_bipartite

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    orgs, projects, pairs = {}, {}, set()
    with open(organization_csv, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            o = orgs.setdefault(row["organisationID"], len(orgs))
            p = projects.setdefault(row["projectID"], len(projects))
            pairs.add((o, p))
    n = len(orgs)
    types = [False] * n + [True] * len(projects)
    bipartite_edges = sorted((o, n + p) for o, p in pairs)
    out = {"steps": {}, "loaded_rss": peak()}

    def step(name, f):
        start = time.perf_counter()
        value = f()
        out["steps"][name] = {"seconds": time.perf_counter() - start, "rss": peak()}
        return value

    b = igraph.Graph.Bipartite(types, bipartite_edges)
    g = step(
        "igraph projection",
        lambda: b.bipartite_projection(types=types, multiplicity=True, which=0),
    )
    out["nodes"] = g.vcount()
    out["edges"] = g.ecount()
    out["weight"] = float(sum(g.es["weight"]))
    random.seed(seed)
    sample = random.sample(range(g.vcount()), min(sources, g.vcount()))
    step("igraph betweenness k", lambda: g.betweenness(directed=False, sources=sample))
    if exact:
        step("igraph betweenness exact", lambda: g.betweenness(directed=False))
    random.seed(seed)
    leiden = step(
        "igraph leiden",
        lambda: g.community_leiden(objective_function="modularity", weights="weight"),
    )
    out["modularity_leiden"] = g.modularity(leiden.membership, weights="weight")
    multilevel = step("igraph multilevel", lambda: g.community_multilevel(weights="weight"))
    out["modularity_multilevel"] = g.modularity(multilevel.membership, weights="weight")

    def igraph_shared():
        neighbours = [set(a) for a in g.get_adjlist()]
        return sum(len(neighbours[e.source] & neighbours[e.target]) for e in g.es)

    out["shared_igraph"] = step("igraph shared partners", igraph_shared)
    g.vs["name"] = [str(i) for i in range(n)]
    step("igraph graphml write", lambda: g.write_graphml(graphml_out))
    out["graphml_bytes"] = os.path.getsize(graphml_out)

    # NetworkX on the same projection (built from igraph's edge list, not timed).
    h = nx.Graph()
    h.add_nodes_from(range(n))
    h.add_weighted_edges_from((e.source, e.target, w) for e, w in zip(g.es, g.es["weight"]))
    del g, b

    def networkx_shared():
        adj = h._adj
        return sum(len(adj[u].keys() & adj[v].keys()) for u, v in h.edges())

    out["shared_networkx"] = step("networkx shared partners", networkx_shared)
    if not skip_networkx:
        del h
        graph = nx.Graph()
        graph.add_nodes_from(range(n), bipartite=0)
        graph.add_nodes_from(range(n, n + len(projects)), bipartite=1)
        graph.add_edges_from(bipartite_edges)
        projection = step(
            "networkx projection",
            lambda: nx_bipartite.weighted_projected_graph(graph, range(n)),
        )
        out["networkx_edges"] = projection.number_of_edges()
        out["networkx_weight"] = float(projection.size(weight="weight"))
        del projection, graph
    # Last, as reading it costs memory: igraph writing partnergraph's GraphML (every attribute
    # partnergraph writes, so the same bytes to produce) after reading it.
    same = igraph.Graph.Read_GraphML(ours)
    step("igraph graphml write, same attributes", lambda: same.write_graphml(graphml_out))
    out["graphml_same_bytes"] = os.path.getsize(graphml_out)
    print(json.dumps(out))


# The data scientist's way from organization.csv to the weighted co-participation edges.
PANDAS_SCIPY = """
import sys, json, numpy as np, pandas as pd, scipy.sparse as sp
rows = pd.read_csv(sys.argv[1], sep=";", usecols=["projectID", "organisationID"], dtype=str)
rows = rows.drop_duplicates()
orgs, o = np.unique(rows["organisationID"].to_numpy(), return_inverse=True)
projects, p = np.unique(rows["projectID"].to_numpy(), return_inverse=True)
b = sp.csr_matrix((np.ones(len(o)), (p, o)), shape=(len(projects), len(orgs)))
w = sp.triu(b.T @ b, k=1).tocoo()
print(json.dumps({"edges": int(w.nnz), "weight": float(w.data.sum())}))
"""


def timed(command, env=None, stdout=subprocess.DEVNULL):
    """Wall seconds of one whole process and its stdout (when captured)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return wall, done.stdout


def largest_hub(organization_csv):
    counts, names = {}, {}
    with open(organization_csv, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            counts[row["organisationID"]] = counts.get(row["organisationID"], 0) + 1
            names[row["organisationID"]] = row["name"]
    pic = max(counts, key=counts.get)
    return names[pic], counts[pic]


def index_bench(binary, baseline, data, store, work, rounds, region):
    """The --index timings; every run a whole process, the tools alternating in each round."""
    organization_csv = os.path.join(data, "organization.csv")
    hub, participations = largest_hub(organization_csv)
    binaries = {"partnergraph": binary}
    if baseline:
        binaries["baseline"] = baseline
    # The baseline reads a store of its own build (no index of this version).
    stores = {"partnergraph": store, "baseline": f"{store}-baseline"}
    seeds = os.path.join(ROOT, "seeds")
    times = {}

    def add(name, seconds):
        times.setdefault(name, []).append(seconds)

    for name, exe in binaries.items():
        if not os.path.exists(os.path.join(stores[name], "current")):
            subprocess.run([exe, "--store", stores[name], "build", data], check=True,
                           stdout=subprocess.DEVNULL)
    for _ in range(rounds):
        for name, exe in binaries.items():
            env = dict(os.environ, PARTNERGRAPH_STORE=stores[name])
            add(f"{name} network csv", timed(
                [exe, "network", "--format", "csv", "-o", os.path.join(work, f"idx-{name}")],
                env)[0])
            add(f"{name} partners", timed([exe, "partners", hub], env)[0])
        wall, out = timed([sys.executable, "-c", PANDAS_SCIPY, organization_csv],
                          stdout=subprocess.PIPE)
        add("pandas+scipy", wall)
        peer = json.loads(out)
        env = dict(os.environ, PARTNERGRAPH_STORE=stores["partnergraph"])
        add("partnergraph metrics", timed(
            [binary, "network", "--metrics", "--sample", "256", "--format", "csv", "-o",
             os.path.join(work, "idx-metrics")], env)[0])
    ours = csv_checksums(os.path.join(work, "idx-partnergraph"))
    fresh = os.path.join(work, "idx-fresh")
    for _ in range(rounds):
        for name, exe in binaries.items():
            subprocess.run(["rm", "-rf", fresh], check=True)
            build = timed([exe, "--store", fresh, "build", data, seeds])[0]
            add(f"{name} build", build)
            env = dict(os.environ, PARTNERGRAPH_STORE=fresh)
            net = timed([exe, "network", "--format", "csv", "-o",
                         os.path.join(work, "idx-e2e")], env)[0]
            report = timed([exe, "report", "gaps", "--region", region, "--format", "md", "-o",
                            os.path.join(work, "idx-report.md")], env)[0]
            add(f"{name} build+network+report", build + net + report)
    generation = os.path.join(stores["partnergraph"], "current")
    index_size = os.path.getsize(os.path.join(generation, "participations.arrow"))
    print(f"hub: {hub} ({participations} participation rows); index {index_size / 2**20:.1f} MiB")
    print(f"checksums: partnergraph {ours['edges']} edges, weight {ours['weight']:.0f}; "
          f"pandas+scipy {peer['edges']} edges, weight {peer['weight']:.0f}")
    print("| run | seconds (each round) | median |")
    print("| --- | --- | ---: |")
    for name, values in times.items():
        median = sorted(values)[len(values) // 2]
        print(f"| {name} | {', '.join(f'{v:.2f}' for v in values)} | {median:.2f} |")
    if (ours["edges"], round(ours["weight"])) != (peer["edges"], round(peer["weight"])):
        sys.exit("the edges disagree")


def fmt_s(seconds):
    return "—" if seconds is None else f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=35000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=256, help="betweenness sources (k)")
    parser.add_argument("--exact", action="store_true",
                        help="partnergraph's exact betweenness too (minutes); igraph's is "
                             "extrapolated from its k sources unless --exact-igraph")
    parser.add_argument("--exact-igraph", action="store_true",
                        help="measure igraph's exact betweenness (≈ 8 minutes on workload M)")
    parser.add_argument("--skip-networkx", action="store_true", help="skip NetworkX's projection")
    parser.add_argument("--work", help="data folder (default target/bench-network)")
    parser.add_argument("--peers-child", nargs=6, help=argparse.SUPPRESS)
    parser.add_argument("--index", action="store_true",
                        help="time network, partners and report on the analytical index")
    parser.add_argument("--baseline", help="another partnergraph binary to alternate with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--region", default="Örebro", help="the region of the report (--index)")
    args = parser.parse_args()
    ensure_venv()
    if args.peers_child:
        organization_csv, sources, exact, skip, out, ours = args.peers_child
        peers_child(organization_csv, int(sources), exact == "1", skip == "1", out, args.seed, ours)
        return

    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "partnergraph")
    if not os.path.exists(binary):
        sys.exit(f"{binary} is missing: run `cargo build --release` first")
    work = args.work or os.path.join(target, "bench-network")
    data = os.path.join(work, f"cordis-{args.projects}-{args.seed}")
    store = os.path.join(work, f"store-{args.projects}-{args.seed}")
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(os.path.join(data, "organization.csv")):
        subprocess.run(
            [binary, "synth", "cordis", "--projects", str(args.projects), "--seed",
             str(args.seed), "-o", data],
            check=True,
        )
    if not os.path.exists(os.path.join(store, "current")):
        print(f"building {store} (a few minutes)…", file=sys.stderr)
        subprocess.run(
            [binary, "--store", store, "build", data], check=True, stdout=subprocess.DEVNULL
        )

    if args.index:
        index_bench(binary, args.baseline, data, store, work, args.rounds, args.region)
        return

    out = lambda name: os.path.join(work, name)  # noqa: E731
    seed = str(args.seed)
    metrics = partnergraph(
        binary, store,
        ["--metrics", "--timings", "--sample", str(args.sample), "--seed", seed,
         "--format", "csv", "-o", out("metrics-csv")],
    )
    graphml = partnergraph(binary, store, ["--format", "graphml", "-o", out("pg.graphml")])
    gexf = partnergraph(binary, store, ["--format", "gexf", "-o", out("pg.gexf")])
    exact = None
    if args.exact:
        exact = partnergraph(
            binary, store,
            ["--metrics", "--timings", "--seed", seed, "--format", "csv", "-o", out("exact-csv")],
        )
    ours = csv_checksums(out("metrics-csv"))

    stdout = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--seed", seed, "--peers-child",
         os.path.join(data, "organization.csv"), str(args.sample),
         "1" if args.exact_igraph else "0", "1" if args.skip_networkx else "0",
         out("igraph.graphml"), out("pg.graphml")],
        check=True, stdout=subprocess.PIPE, text=True,
    ).stdout
    peers = json.loads(stdout)
    peers_rss = max(s["rss"] for s in peers["steps"].values())
    ps = peers["steps"]

    def peer(name):
        return ps.get(name, {}).get("seconds"), ps.get(name, {}).get("rss")

    k = args.sample
    rows = [
        # (step, ours seconds, our RSS, peer name, peer step, target ratio)
        ("projection", metrics["steps"]["project"], metrics["rss"], "igraph", "igraph projection", 1 / 3),
        ("projection", metrics["steps"]["project"], metrics["rss"], "NetworkX", "networkx projection", None),
        (f"betweenness, k={k} sources", metrics["steps"]["betweenness"], metrics["rss"], "igraph", "igraph betweenness k", None),
    ]
    if exact:
        if "igraph betweenness exact" not in ps:
            # Every source is one full search, so igraph's exact time is n/k times its k sources.
            k_sources = ps["igraph betweenness k"]
            ps["igraph betweenness exact"] = {
                "seconds": k_sources["seconds"] * peers["nodes"] / min(args.sample, peers["nodes"]),
                "rss": k_sources["rss"],
            }
            print("igraph's exact betweenness is extrapolated from its k sources (--exact-igraph "
                  "measures it)", file=sys.stderr)
        peer_name = "igraph" if args.exact_igraph else "igraph (n/k est.)"
        rows.append(("betweenness, exact", exact["steps"]["betweenness"], exact["rss"], peer_name, "igraph betweenness exact", 1 / 3))
    rows += [
        ("communities (Leiden)", metrics["steps"]["communities"], metrics["rss"], "igraph Leiden", "igraph leiden", 1.0),
        ("communities (Leiden)", metrics["steps"]["communities"], metrics["rss"], "igraph multilevel", "igraph multilevel", None),
        ("shared partners, all edges", metrics["steps"]["shared partners"], metrics["rss"], "igraph + sets", "igraph shared partners", None),
        ("shared partners, all edges", metrics["steps"]["shared partners"], metrics["rss"], "NetworkX", "networkx shared partners", None),
        ("GraphML write", graphml["steps"]["write"], graphml["rss"], "igraph, same attrs", "igraph graphml write, same attributes", 1 / 2),
        ("GraphML write", graphml["steps"]["write"], graphml["rss"], "igraph, name+weight", "igraph graphml write", None),
        ("GEXF write", gexf["steps"]["write"], gexf["rss"], "igraph GraphML, same", "igraph graphml write, same attributes", 1 / 2),
    ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nworkload: {args.projects} projects (seed {args.seed}); {os.cpu_count()} CPUs, "
          f"load average {load} at the end; "
          f"store read {metrics['steps']['read']:.2f} s per partnergraph run (not compared)")
    print(f"{'step':<28} {'partnergraph s':>14} {'peer':<18} {'peer s':>8} {'ratio':>6} "
          f"{'target':>7} {'pg RSS MiB':>10} {'peer RSS MiB':>12}")
    for step, mine, rss, name, key, target in rows:
        theirs, their_rss = peer(key)
        if theirs is None:
            continue
        ratio = mine / theirs
        goal = "" if target is None else ("met" if ratio <= target else "MISSED") + f" ≤{target:.2g}"
        print(f"{step:<28} {fmt_s(mine):>14} {name:<18} {fmt_s(theirs):>8} {ratio:>6.2f} "
              f"{goal:>7} {rss:>10.0f} {their_rss:>12.0f}")
    absolute = [("betweenness k", metrics["steps"]["betweenness"], 1.5),
                ("shared partners", metrics["steps"]["shared partners"], 1.5)]
    for name, seconds, limit in absolute:
        print(f"target {name} ≤ {limit} s: {fmt_s(seconds)} s, {'met' if seconds <= limit else 'MISSED'}")
    print(f"partnergraph files: GraphML {os.path.getsize(out('pg.graphml')) / 2**20:.0f} MiB, "
          f"GEXF {os.path.getsize(out('pg.gexf')) / 2**20:.0f} MiB; igraph GraphML "
          f"{peers['graphml_same_bytes'] / 2**20:.0f} MiB with the same attributes, "
          f"{peers['graphml_bytes'] / 2**20:.0f} MiB with name and weight; peers' process peak "
          f"{peers_rss:.0f} MiB, after loading the edge list {peers['loaded_rss']:.0f} MiB")

    checks = [
        ("distinct edges", ours["edges"], peers["edges"], peers.get("networkx_edges")),
        ("weight sum", ours["weight"], peers["weight"], peers.get("networkx_weight")),
        ("Σ shared partners", ours["shared"], peers["shared_igraph"], peers["shared_networkx"]),
    ]
    ok = True
    print(f"\n{'checksum':<20} {'partnergraph':>14} {'igraph':>14} {'NetworkX':>14}")
    for name, a, b, c in checks:
        agree = a == b and (c is None or a == c)
        ok &= agree
        print(f"{name:<20} {a:>14,.0f} {b:>14,.0f} {'—' if c is None else f'{c:,.0f}':>14}"
              f"  {'agree' if agree else 'DISAGREE'}")
    q = metrics["modularity"]
    best = max(peers["modularity_leiden"], peers["modularity_multilevel"])
    modularity_ok = q >= best - 0.01
    ok &= modularity_ok
    print(f"{'modularity':<20} {q:>14.4f} {peers['modularity_leiden']:>14.4f} "
          f"{'(multilevel ' + format(peers['modularity_multilevel'], '.4f') + ')':>14}"
          f"  {'ok' if modularity_ok else 'LOWER'} (partnergraph ≥ igraph − 0.01)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
