"""Writes one CORDIS release (a folder of semicolon CSV files) in the other formats CORDIS
offers: JSON (an array of objects with the CSV's column names, values as strings) and XLSX
(one sheet, a header row; ids and amounts as numbers, dates as dates, as a spreadsheet holds
them), each as a folder and as a zip, for the test that every format gives the same graph.

Usage: python cordis_formats.py RELEASE_FOLDER OUT_FOLDER
"""
import csv
import datetime
import json
import sys
import zipfile
from pathlib import Path

import openpyxl

release, out = Path(sys.argv[1]), Path(sys.argv[2])
NUMBERS = {"id", "projectID", "organisationID", "rcn", "order", "totalCost", "ecMaxContribution",
           "ecContribution", "netEcContribution"}
DATES = {"startDate", "endDate", "ecSignatureDate", "contentUpdateDate"}


def cell(column, value):
    if value == "":
        return None
    if column in NUMBERS:
        try:
            number = float(value.replace(",", "."))
        except ValueError:  # text in a number column (`n/a`) stays text, as a spreadsheet keeps it
            return value
        return int(number) if number.is_integer() else number
    if column in DATES:
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:  # a date already a day number (`44927`) is a number to a spreadsheet
            return int(value)
    if value in ("true", "false"):
        return value == "true"
    return value


tables = {}
for path in sorted(release.glob("*.csv")):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        tables[path.stem] = (next(reader), list(reader))

for fmt in ("csv", "json", "xlsx"):
    folder = out / fmt
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in tables.items():
        target = folder / f"{name}.{fmt}"
        if fmt == "csv":
            target.write_bytes((release / f"{name}.csv").read_bytes())
        elif fmt == "json":
            records = [dict(zip(header, row)) for row in rows]
            target.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.append(header)
            for row in rows:
                sheet.append([cell(c, v) for c, v in zip(header, row)])
            book.save(target)
    with zipfile.ZipFile(out / f"{fmt}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
