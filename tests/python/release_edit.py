"""Makes the next monthly release of a CORDIS export folder, as a republication changes one:
some participations added, some removed, some with another role, some with a second role,
some with another EC contribution, and some projects added (with their participants and fields of science, one of
them a new organisation). Reads and writes with the stdlib csv module only.

    python3 release_edit.py FROM_DIR TO_DIR [--each N] [--seed S]

Each kind of edit is made N times (default 1), on rows no other edit touches.
"""

import argparse
import csv
import random
import shutil
from pathlib import Path


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter=";")
        return reader.fieldnames, list(reader)


def write(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(
            f, fields, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--each", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.target.exists():
        shutil.rmtree(args.target)
    shutil.copytree(args.source, args.target)

    p_fields, projects = read(args.source / "project.csv")
    o_fields, orgs = read(args.source / "organization.csv")
    v_fields, fields_of_science = read(args.source / "euroSciVoc.csv")
    by_project = {}
    for row in orgs:
        by_project.setdefault(row["projectID"], []).append(row)
    # A project is edited once at most, so the edits never overlap.
    untouched = sorted(by_project)
    rng.shuffle(untouched)

    def next_project(want):
        while untouched:
            pid = untouched.pop()
            if want(by_project[pid]):
                return pid
        raise SystemExit("not enough projects to edit")

    def participant(rows):
        return [r for r in rows if r["role"] == "participant"]

    for _ in range(args.each):
        # Removed: a participant of a project that keeps two organisations at least.
        pid = next_project(lambda rows: len(rows) >= 3 and participant(rows))
        orgs.remove(rng.choice(participant(by_project[pid])))
        # Another role.
        pid = next_project(lambda rows: participant(rows))
        rng.choice(participant(by_project[pid]))["role"] = "partner"
        # Another EC contribution.
        pid = next_project(lambda rows: any(r["ecContribution"] for r in rows))
        row = rng.choice([r for r in by_project[pid] if r["ecContribution"]])
        amount = f"{float(row['ecContribution']) + 1000.25:.2f}"
        row["ecContribution"] = row["netEcContribution"] = amount
        # Added: an organisation of another project joins this one as a participant.
        pid = next_project(lambda rows: True)
        present = {r["organisationID"] for r in by_project[pid]}
        joining = rng.choice([r for r in orgs if r["organisationID"] not in present])
        template = by_project[pid][0]
        added = dict(joining)
        for key in ("projectID", "projectAcronym"):
            added[key] = template[key]
        added.update(role="participant", order=str(len(by_project[pid]) + 1))
        orgs.append(added)

    # Added projects: copies of existing ones under new ids, with the same participants and
    # one organisation no release had before.
    new_id = max(int(p["id"]) for p in projects) + 1
    known_pics = {int(r["organisationID"]) for r in orgs}
    new_pic = max(known_pics) + 1
    for i in range(args.each):
        pid = next_project(lambda rows: True)
        model = next(p for p in projects if p["id"] == pid)
        project = dict(model, id=str(new_id + i), acronym=f"NEWREL-{i + 1}")
        project["rcn"] = str(9000000 + i)
        projects.append(project)
        for r in by_project[pid]:
            orgs.append(dict(r, projectID=project["id"], projectAcronym=project["acronym"]))
        newcomer = dict(by_project[pid][-1])
        newcomer.update(
            projectID=project["id"],
            projectAcronym=project["acronym"],
            organisationID=str(new_pic + i),
            vatNumber="",
            name=f"NEWCOMER LABORATORY NUMBER {i + 1} LTD",
            shortName=f"NL{i + 1}",
            role="participant",
            order=str(len(by_project[pid]) + 1),
        )
        orgs.append(newcomer)
        for r in fields_of_science:
            if r["projectID"] == pid:
                fields_of_science.append(dict(r, projectID=project["id"]))
                break

    # A second role: a participant listed again as a third party of the same project, as
    # CORDIS lists an organisation once per role (no contribution of its own here). Made last,
    # so that the edits above stay those of the same seed without it.
    for _ in range(args.each):
        pid = next_project(lambda rows: participant(rows))
        row = rng.choice(participant(by_project[pid]))
        orgs.append(
            dict(
                row,
                role="thirdParty",
                ecContribution="",
                netEcContribution="",
                order=str(len(by_project[pid]) + 1),
            )
        )

    write(args.target / "project.csv", p_fields, projects)
    write(args.target / "organization.csv", o_fields, orgs)
    write(args.target / "euroSciVoc.csv", v_fields, fields_of_science)


if __name__ == "__main__":
    main()
