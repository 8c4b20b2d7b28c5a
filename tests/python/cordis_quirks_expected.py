"""Independent figures for a CORDIS export with quirks, by README's repair rules, computed with
Python's csv and json modules only (no partnergraph code), for the integration tests.

Rules: a row without projectID/organisationID/name/role, or with an amount that is not a number,
is rejected; `A;A` in a one-value column is read as `A`; rows of one organisation in one project
with the same role are one participation (the latest contentUpdateDate, then the later line, is
kept); with different roles each is kept; a project listed twice keeps its latest record
(contentUpdateDate, then rcn, then line).

Usage: python3 cordis_quirks_expected.py FOLDER  -> JSON on stdout
"""
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        for record in reader:
            # The line of the record's first line: csv counts the lines it has read.
            yield reader.line_num - sum(field.count("\n") for field in record), dict(zip(header, record))


def is_amount(text):
    text = text.strip()
    return text == "" or re.fullmatch(r"-?\d+([.,]\d+)?", text) is not None


def single(text):
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return parts[0] if parts else ""


folder = Path(sys.argv[1])
rejected = []
projects = {}
for line, p in rows(folder / "project.csv"):
    if not p["id"].strip() or not p["acronym"].strip() or not all(
        is_amount(p[c]) for c in ("totalCost", "ecMaxContribution")
    ):
        rejected.append(("project.csv", line))
        continue
    key = (p["contentUpdateDate"], int(p["rcn"] or 0), line)
    if p["id"] not in projects or key > projects[p["id"]][0]:
        projects[p["id"]] = (key, p)

kept = {}
for line, o in rows(folder / "organization.csv"):
    required = ("projectID", "organisationID", "name", "role")
    amounts = ("ecContribution", "netEcContribution", "totalCost")
    if not all(o[c].strip() for c in required) or not all(is_amount(o[c]) for c in amounts):
        rejected.append(("organization.csv", line))
        continue
    key = (o["projectID"], o["organisationID"], o["role"].lower())
    recency = (o["contentUpdateDate"], line)
    if key not in kept or recency > kept[key][0]:
        kept[key] = (recency, o)

participations = [o for _, o in kept.values()]
roles_per_pair = Counter((o["projectID"], o["organisationID"]) for o in participations)
members = defaultdict(set)
for o in participations:
    members[o["projectID"]].add(o["organisationID"])
edges = Counter((a, b) for pics in members.values() for a in pics for b in pics if a < b)
countries = {o["organisationID"]: single(o["country"]) for o in participations}

print(json.dumps({
    "projects": len(projects),
    "project_end_dates": {k: p["endDate"] for k, (_, p) in sorted(projects.items())},
    "participations": len(participations),
    "organisations": len({o["organisationID"] for o in participations}),
    "roles": dict(Counter(o["role"] for o in participations)),
    "pairs_with_several_roles": sum(1 for n in roles_per_pair.values() if n > 1),
    "projection_edges": len(edges),
    "edge_weights": {f"{a}-{b}": n for (a, b), n in sorted(edges.items())},
    "countries": dict(Counter(countries.values())),
    "rejected": sorted(f"{file}:{line}" for file, line in rejected),
}, indent=1, sort_keys=True))
