"""The changes between two CORDIS export folders, computed from their CSV files alone (stdlib
csv), as the ids the graph mints from them: projects by projectID, organisations by PIC,
participations by (projectID, PIC), changed when their roles or EC contribution differ.

    python3 release_diff.py OLD_DIR NEW_DIR [--org PIC]

prints JSON {section: {change: [key, ...]}}. With --org, the sections are those of `diff --org`
for that organisation: its own participations, its partners (organisations sharing a project
with it) gained and lost, and its partners' participations (partners in either release).
"""

import argparse
import csv
import json
from pathlib import Path


def rows(folder, name):
    with open(Path(folder) / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=";"))


def release(folder):
    # An organisation has a row per role in a project: its participation is the set of its
    # roles and the sum of their contributions.
    roles, amounts = {}, {}
    for r in rows(folder, "organization.csv"):
        key = f"{r['projectID']} {r['organisationID']}"
        roles.setdefault(key, set()).add(r["role"])
        if r["ecContribution"]:
            amounts[key] = amounts.get(key, 0.0) + float(r["ecContribution"])
    participations = {
        key: (sorted(roles[key]), round(amounts[key], 2) if key in amounts else None)
        for key in roles
    }
    return {
        "projects": {r["id"]: None for r in rows(folder, "project.csv")},
        "organisations": {key.split()[1]: None for key in participations},
        "participations": participations,
    }


def compare(before, after):
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": sorted(k for k in set(before) & set(after) if before[k] != after[k]),
    }


def partners(participations, org):
    ours = {key.split()[0] for key in participations if key.split()[1] == org}
    return {
        key.split()[1]: None
        for key in participations
        if key.split()[0] in ours and key.split()[1] != org
    }


def focus(old, new, changes, org):
    def keep(want):
        return {
            change: [k for k in keys if want(k.split()[1])]
            for change, keys in changes["participations"].items()
        }

    before, after = partners(old["participations"], org), partners(new["participations"], org)
    either = set(before) | set(after)
    gained_lost = compare(before, after)
    gained_lost["changed"] = []
    return {
        "participations of ours": keep(lambda pic: pic == org),
        "partners": gained_lost,
        "participations of partners": keep(lambda pic: pic in either),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--org")
    args = parser.parse_args()
    old, new = release(args.old), release(args.new)
    changes = {section: compare(old[section], new[section]) for section in old}
    if args.org:
        changes = focus(old, new, changes, args.org)
    print(json.dumps(changes, indent=1))


if __name__ == "__main__":
    main()
