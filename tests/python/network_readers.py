"""Reads partnergraph's network exports with the tools a user opens them with, and prints what
each tool sees (and computes) as JSON, for the integration tests to compare with partnergraph's
own figures. Asserts nothing itself: every comparison is in tests/it/network.rs.

Usage: python network_readers.py DIR [--cordis FOLDER] [--networkx-metrics]

DIR holds graph.graphml, graph.gexf, graph.cyjs and bipartite.graphml, and optionally graph.dot
(rendered with Graphviz `dot -Tsvg`). --cordis computes the projection straight from the CORDIS
organization.csv of a store built from that folder alone. --networkx-metrics adds NetworkX's
betweenness, PageRank and clustering (pure Python, so for small graphs only).
"""
import argparse
import csv
import html
import json
import random
import re
import subprocess
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import igraph
import networkx as nx
from networkx.algorithms import bipartite as nx_bipartite


def edge_key(a, b):
    return (a, b) if a < b else (b, a)


def summary(nodes, edges, community=None):
    """nodes: ids; edges: (a, b, weight); community: id -> int, if the reader kept it."""
    degree = Counter()
    for a, b, _ in edges:
        degree[a] += 1
        degree[b] += 1
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a, b, _ in edges)
    out = {
        "nodes": sorted(nodes),
        "edges": sorted([*edge_key(a, b), float(w)] for a, b, w in edges),
        "degree": {v: degree[v] for v in nodes},
        "components": nx.number_connected_components(graph),
    }
    if community is not None:
        out["community"] = {v: int(c) for v, c in community.items()}
    return out


def networkx_reader(graph):
    return summary(
        list(graph.nodes),
        [(a, b, d["weight"]) for a, b, d in graph.edges(data=True)],
        {v: d["community"] for v, d in graph.nodes(data=True) if "community" in d},
    )


def igraph_reader(path):
    g = igraph.Graph.Read_GraphML(str(path))
    ids = g.vs["id"]
    names = set(g.vs.attributes())
    return g, summary(
        ids,
        [(ids[e.source], ids[e.target], e["weight"]) for e in g.es],
        dict(zip(ids, g.vs["community"])) if "community" in names else None,
    ) | {"directed": g.is_directed(), "igraph_components": len(g.connected_components())}


def igraph_figures(g):
    """Modularity of partnergraph's communities, and of igraph's own Leiden and multilevel."""
    out = {}
    weights = g.es["weight"]
    if "community" in g.vs.attributes():
        membership = [int(c) for c in g.vs["community"]]
        out["modularity_of_partnergraph"] = g.modularity(membership, weights=weights)
    best = {}
    for seed in range(3):
        random.seed(seed)
        leiden = g.community_leiden(
            objective_function="modularity", weights=weights, n_iterations=-1
        )
        random.seed(seed)
        multilevel = g.community_multilevel(weights=weights)
        for name, clustering in (("leiden", leiden), ("multilevel", multilevel)):
            q = g.modularity(clustering.membership, weights=weights)
            best[name] = max(best.get(name, q), q)
    out["modularity_leiden"] = best["leiden"]
    out["modularity_multilevel"] = best["multilevel"]
    ids = g.vs["id"]
    out["betweenness"] = dict(zip(ids, g.betweenness(directed=False)))
    out["pagerank"] = dict(zip(ids, g.pagerank(weights=weights, damping=0.85)))
    out["clustering"] = dict(zip(ids, g.transitivity_local_undirected(mode="zero")))
    return out


def cytoscape_reader(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    elements = document["elements"]
    nodes = [n["data"] for n in elements["nodes"]]
    edges = [e["data"] for e in elements["edges"]]
    return summary(
        [n["id"] for n in nodes],
        [(e["source"], e["target"], e["weight"]) for e in edges],
        {n["id"]: n["community"] for n in nodes if "community" in n},
    ) | {
        "edge_ids_unique": len({e["id"] for e in edges}) == len(edges),
        "labels": sum(1 for n in nodes if n.get("label")),
    }


def graphviz_reader(path):
    svg = subprocess.run(
        ["dot", "-Tsvg", str(path)], check=True, capture_output=True, text=True
    ).stdout
    groups = re.findall(r'<g id="[^"]*" class="(node|edge)">\s*<title>(.*?)</title>', svg)
    nodes = [html.unescape(t) for kind, t in groups if kind == "node"]
    edges = [html.unescape(t).split("--") for kind, t in groups if kind == "edge"]
    return {
        "nodes": sorted(nodes),
        "edges": sorted(list(edge_key(a, b)) for a, b in edges),
    }


def bipartite_reader(path):
    """The bipartite export in NetworkX, and NetworkX's own weighted projection of it."""
    graph = nx.read_graphml(path)
    kinds = Counter(d.get("kind") for _, d in graph.nodes(data=True))
    orgs = [v for v, d in graph.nodes(data=True) if d.get("kind") == "organisation"]
    projection = nx_bipartite.weighted_projected_graph(graph, orgs)
    return {
        "kinds": dict(kinds),
        "edges": graph.number_of_edges(),
        "projection": sorted(
            [*edge_key(a, b), float(d["weight"])] for a, b, d in projection.edges(data=True)
        ),
    }


def cordis_projection(folder):
    """Shared projects per pair of organisations, from organization.csv with the csv module."""
    members = defaultdict(set)
    with open(folder / "organization.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            members[row["projectID"]].add(f"org/pic-{row['organisationID']}")
    weights = Counter()
    for orgs in members.values():
        for a, b in combinations(sorted(orgs), 2):
            weights[(a, b)] += 1
    return sorted([a, b, float(w)] for (a, b), w in weights.items())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--cordis", type=Path)
    parser.add_argument("--networkx-metrics", action="store_true")
    args = parser.parse_args()
    d = args.dir

    graphml = nx.read_graphml(d / "graph.graphml")
    g, igraph_summary = igraph_reader(d / "graph.graphml")
    out = {
        "readers": {
            "networkx read_graphml": networkx_reader(graphml),
            "networkx read_gexf": networkx_reader(nx.read_gexf(d / "graph.gexf")),
            "igraph Read_GraphML": igraph_summary,
            "cytoscape json": cytoscape_reader(d / "graph.cyjs"),
        },
        "igraph": igraph_figures(g),
        "bipartite": bipartite_reader(d / "bipartite.graphml"),
    }
    if (d / "graph.dot").exists():
        out["graphviz"] = graphviz_reader(d / "graph.dot")
    if args.cordis:
        out["cordis_projection"] = cordis_projection(args.cordis)
    if args.networkx_metrics:
        out["networkx"] = {
            "betweenness": nx.betweenness_centrality(graphml, normalized=False),
            "pagerank": nx.pagerank(graphml, alpha=0.85, weight="weight", tol=1e-12),
            "clustering": nx.clustering(graphml),
        }
    print(json.dumps(out))


main()
