"""Independent figures for a folder of CORDIS releases, one per programme sub-folder (fp7/,
h2020/, horizon/), computed with Python's csv module only, for the test that the programmes
share one store: organisations, organisations in several programmes, and the co-participation
network of each pair of programmes.

A row the build must reject (no projectID, an ecContribution that is not a number) is left out,
as the build leaves it out; an organisation in one project under two roles is one member.

Usage: python3 cordis_programmes_expected.py FOLDER  -> JSON on stdout
"""
import csv
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

PROGRAMMES = {"fp7": "FP7", "h2020": "H2020", "horizon": "HORIZON"}


def readable(row):
    if not row["projectID"].strip():
        return False
    amount = row["ecContribution"].strip().replace(",", ".")
    try:
        amount and float(amount)
    except ValueError:
        return False
    return True


folder = Path(sys.argv[1])
members = {}  # programme -> project -> set of PICs
for sub, code in PROGRAMMES.items():
    projects = defaultdict(set)
    with open(folder / sub / "organization.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if readable(row):
                projects[row["projectID"]].add(row["organisationID"])
    members[code] = projects

programmes_of = defaultdict(set)
for code, projects in members.items():
    for pics in projects.values():
        for pic in pics:
            programmes_of[pic].add(code)


def network(codes):
    weights = defaultdict(int)
    for code in codes:
        for pics in members[code].values():
            for a, b in combinations(sorted(pics), 2):
                weights[f"{a}-{b}"] += 1
    return {"edges": len(weights), "weight": sum(weights.values())}


print(json.dumps({
    "organisations": len(programmes_of),
    "in_several_programmes": sum(1 for p in programmes_of.values() if len(p) > 1),
    "networks": {
        "+".join(pair): network(pair)
        for pair in [("FP7",), ("FP7", "HORIZON"), ("H2020", "HORIZON")]
    },
}))
