"""Independent figures from CORDIS CSV files, computed with Python's csv module only, for the
integration tests to compare partnergraph's graph against.

Usage: python3 cordis_expected.py FOLDER  -> JSON on stdout
"""
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f, delimiter=";")


def amount(text):
    text = (text or "").strip()
    return float(text.replace(",", ".")) if text else None


folder = Path(sys.argv[1])
projects = list(rows(folder / "project.csv"))
participations = list(rows(folder / "organization.csv"))
fields = list(rows(folder / "euroSciVoc.csv")) if (folder / "euroSciVoc.csv").exists() else []

by_org = defaultdict(float)
partners = defaultdict(set)
members = defaultdict(set)
for p in participations:
    members[p["projectID"]].add(p["organisationID"])
    if amount(p["ecContribution"]) is not None:
        by_org[p["name"]] += amount(p["ecContribution"])
for pics in members.values():
    for a in pics:
        partners[a] |= pics - {a}
names = {p["organisationID"]: p["name"] for p in participations}
edges = {tuple(sorted((a, b))) for pics in members.values() for a in pics for b in pics if a < b}

print(json.dumps({
    "projects": len({p["id"] for p in projects}),
    "participations": len(participations),
    "organisations": len({p["organisationID"] for p in participations}),
    "roles": dict(Counter(p["role"] for p in participations)),
    "empty_contributions": sum(1 for p in participations if amount(p["ecContribution"]) is None),
    "ec_contribution_total": round(sum(v for v in by_org.values()), 2),
    "ec_contribution_by_org": {k: round(v, 2) for k, v in sorted(by_org.items())},
    "ec_max_total": round(sum(amount(p["ecMaxContribution"]) or 0 for p in projects), 2),
    "partners_by_org": {names[k]: len(v) for k, v in sorted(partners.items())},
    "projection_edges": len(edges),
    "fields_of_science": len(fields),
}, indent=1, sort_keys=True))
