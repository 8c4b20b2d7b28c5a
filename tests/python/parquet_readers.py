"""Reads partnergraph's Parquet exports with pyarrow, pandas and DuckDB, and prints what each
sees as JSON, for tests/it/index.rs to compare with partnergraph's CSV tables. Asserts nothing
itself.

Usage: python parquet_readers.py NETWORK_DIR TABLES_DIR

NETWORK_DIR holds nodes.parquet and edges.parquet (`network --metrics --format parquet`);
TABLES_DIR the tables of `export --format parquet`.
"""
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

network, tables = Path(sys.argv[1]), Path(sys.argv[2])
nodes_file, edges_file = network / "nodes.parquet", network / "edges.parquet"
out = {}

nodes = pq.read_table(nodes_file)
edges = pq.read_table(edges_file)
out["pyarrow"] = {
    "node_columns": nodes.column_names,
    "edge_columns": edges.column_names,
    "nodes": nodes.num_rows,
    "edges": edges.num_rows,
    "weight": sum(edges.column("weight").to_pylist()),
    "tables": {f.stem: pq.read_table(f).num_rows for f in sorted(tables.glob("*.parquet"))},
}

n = pd.read_parquet(nodes_file)
e = pd.read_parquet(edges_file)
metrics = ["degree", "strength", "betweenness", "pagerank", "component", "clustering",
           "community", "projects", "ec_funding"]
out["pandas"] = {
    "nodes": {
        row["id"]: {m: (None if pd.isna(row[m]) else float(row[m])) for m in metrics}
        for _, row in n.iterrows()
    },
    "edges": {
        f"{min(s, t)} {max(s, t)}": [float(w), int(sp)]
        for s, t, w, sp in zip(e["source"], e["target"], e["weight"], e["shared_partners"])
    },
    "participations_ec": float(pd.read_parquet(tables / "participations.parquet")
                               ["ec_contribution"].sum()),
}

db = duckdb.connect()
one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
t = lambda name: f"'{tables / (name + '.parquet')}'"  # noqa: E731
out["duckdb"] = {
    "nodes": one(f"SELECT count(*) FROM '{nodes_file}'"),
    "edges": one(f"SELECT count(*) FROM '{edges_file}'"),
    "weight": one(f"SELECT sum(weight) FROM '{edges_file}'"),
    "degree_sum": one(f"SELECT sum(degree) FROM '{nodes_file}'"),
    "communities": one(f"SELECT count(DISTINCT community) FROM '{nodes_file}'"),
    # Every participation joins its organisation and its project.
    "joined": one(
        f"SELECT count(*) FROM {t('participations')} p "
        f"JOIN {t('organisations')} o ON p.organisation = o.iri "
        f"JOIN {t('projects')} j ON p.project = j.iri"
    ),
    "coordinators": one(f"SELECT count(*) FROM {t('participations')} WHERE role = 'coordinator'"),
    "themed_projects": one(f"SELECT count(DISTINCT project) FROM {t('project_themes')}"),
}
print(json.dumps(out))
