"""Independent figures for one CORDIS layout fixture (a file, a zip or a folder), read with
Python's csv, json, zipfile and xml modules only (no partnergraph code), for the integration
tests of tests/it/cordis_layouts.rs.

It reads what a careful analyst would: every table in folders and zips (resource forks and
hidden files aside), CSV with whichever delimiter its header uses, JSON as a list of records,
a `hits.hit` list or one object, XLSX sheets by their header row; it keeps the project and
organisation tables, told apart by their columns, and counts:

  projects        distinct grant numbers (of project tables and of participations)
  project_ids     those grant numbers, sorted
  organisations   distinct PICs
  pics            those PICs, sorted
  participations  distinct (grant, PIC, role)
  start_dates     projects of project tables with a start date
  dates           each such project's [start, end] dates, YYYY-MM-DD ("" where none)
  countries       organisations per country code (names turned into CORDIS's codes)
  cities          the organisations' cities, sorted
  contribution    the participations' EC contributions added up, in whole euros
  tables          project and organisation tables read

Text is read as UTF-16 after its byte-order mark, else line by line as UTF-8 or, where a line
is not, Windows-1252. A table's header is the first of its first lines that names CORDIS
columns; JSON is a document or one record per line (JSON Lines).

Dates a spreadsheet wrote back in its locale (`31/12/2023`, `12/31/23 4:42:46 PM`) are read
with `datetime.strptime`, a two-digit year by its `%y` rule. Whether a table's dates are day or
month first is decided per column: the one order in which all of its dates are calendar dates;
for a column whose dates are dates either way, the one order the table's other date columns
agree on; else day first.

Usage: python3 cordis_layouts_expected.py PATH  -> JSON on stdout
"""
import csv
import datetime
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

# The names the fixtures use, with the codes CORDIS writes (EL for Greece).
COUNTRY_CODES = {"sweden": "SE", "germany": "DE", "spain": "ES", "france": "FR",
                 "finland": "FI", "netherlands": "NL", "greece": "EL"}
DATE_COLUMNS = {"startdate", "enddate", "ecsignaturedate"}


def key(name):
    return re.sub(r"[^0-9a-z]", "", name.lower())


def ident(value):
    value = str(value).strip()
    whole = re.fullmatch(r"(\d+)\.0+", value)
    return whole.group(1) if whole else value


def decoded(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252"))
    return "".join(lines)


def csv_records(data):
    text = decoded(data)
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines[:10])
               if {"acronym", "role", "projectacronym"} & {key(c) for c in re.split("[;,\t]", line)}), 0)
    delimiter = max(";,\t", key=lines[at].count)
    reader = csv.reader(io.StringIO("".join(lines[at:]), newline=""), delimiter=delimiter)
    header = next(reader)
    return [dict(zip(header, row)) for row in reader if any(row)]


def flatten(record, into=None):
    into = {} if into is None else into
    for k, v in record.items():
        if isinstance(v, dict):
            flatten(v, into)
        elif k not in into:
            into[k] = v
    return into


def json_records(data):
    text = data.decode("utf-8-sig")
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(document, dict) and "hits" in document:
        document = document["hits"]["hit"]
    if isinstance(document, dict):
        lists = [v for v in document.values() if isinstance(v, list)]
        document = lists[0] if lists else [document]
    return [flatten(r) for r in document]


XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_records(data):
    book = zipfile.ZipFile(io.BytesIO(data))
    names = sorted((n for n in book.namelist() if n.startswith("xl/worksheets/sheet")),
                   key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
    for name in names:
        rows = []
        for row in ET.fromstring(book.read(name)).iter(f"{XLSX}row"):
            cells = {}
            for c in row.iter(f"{XLSX}c"):
                column = re.match(r"[A-Z]+", c.get("r")).group(0)
                index = 0
                for letter in column:
                    index = index * 26 + ord(letter) - 64
                if c.get("t") == "inlineStr":
                    cells[index - 1] = "".join(t.text or "" for t in c.iter(f"{XLSX}t"))
                else:
                    number = float(c.find(f"{XLSX}v").text)
                    cells[index - 1] = str(int(number)) if number.is_integer() else str(number)
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
        header_at = next((i for i, r in enumerate(rows) if {"acronym", "role"} & {key(c) for c in r}), None)
        if header_at is None:
            continue
        header = rows[header_at]
        records = []
        for row in rows[header_at + 1:]:
            record = dict(zip(header, row + [""] * (len(header) - len(row))))
            for column in header:
                value = record[column]
                if key(column) in DATE_COLUMNS and re.fullmatch(r"\d{5}", value):
                    record[column] = str(datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value)))
            records.append(record)
        return records
    return []


def documents(path):
    """(name, bytes) of every file the path holds, zips opened."""
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    for file in files:
        if file.suffix.lower() == ".zip":
            archive = zipfile.ZipFile(file)
            for member in archive.namelist():
                parts = member.split("/")
                if member.endswith("/") or any(p.startswith((".", "__MACOSX")) for p in parts):
                    continue
                yield f"{file.name}/{member}", archive.read(member)
        else:
            yield file.name, file.read_bytes()


def records_of(name, data):
    if name.lower().endswith(".xlsx"):
        return xlsx_records(data)
    if name.lower().endswith(".xml"):
        return []
    if data.lstrip(b"\xef\xbb\xbf \r\n")[:1] in (b"[", b"{"):
        return json_records(data)
    return csv_records(data)


LOCAL_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d\d|\d{4})(?: .*)?")
ORDERED_COLUMNS = ("startdate", "enddate", "contentupdatedate")


def local_date(value, order):
    """`YYYY-MM-DD` of a local date read day first ("dmy") or month first ("mdy"); None if it
    is no calendar date in that order."""
    match = LOCAL_DATE.fullmatch(value)
    first, second, year = match.groups()
    text = "/".join((first, second, year) if order == "dmy" else (second, first, year))
    try:
        return str(datetime.datetime.strptime(text, "%d/%m/%Y" if len(year) == 4 else "%d/%m/%y").date())
    except ValueError:
        return None


def date_orders(rows):
    """The order of each date column of a table."""
    possible = {}
    for column in ORDERED_COLUMNS:
        values = [r[column] for r in rows if LOCAL_DATE.fullmatch(r.get(column, ""))]
        possible[column] = {order for order in ("dmy", "mdy")
                            if all(local_date(v, order) for v in values)}
    decided = {next(iter(orders)) for orders in possible.values() if len(orders) == 1}
    fallback = next(iter(decided)) if len(decided) == 1 else "dmy"
    return {column: next(iter(orders)) if len(orders) == 1 else fallback
            for column, orders in possible.items()}


def read_date(value, order):
    return local_date(value, order) if LOCAL_DATE.fullmatch(value) else value[:10]


AMOUNT_COLUMNS = ("eccontribution", "neteccontribution", "totalcost")
LONE_GROUP = re.compile(r"-?[1-9]\d{0,2}[.,]\d{3}")


def decimal_mark(value):
    """The decimal mark a grouped amount shows (`1,234.5` and `1,234,567` a point), else None."""
    value = value.replace("\u00a0", "").replace(" ", "")
    if "," in value and "." in value:
        return "." if value.rfind(",") < value.rfind(".") else ","
    if value.count(",") > 1:
        return "."
    if value.count(".") > 1:
        return ","
    return None


def amount_marks(rows):
    """The decimal mark of each amount column of a table: its grouped values', else the one all
    the table's other decided columns agree on, else None (a lone `450,000` groups)."""
    shown = {column: {decimal_mark(r.get(column, "")) for r in rows} - {None}
             for column in AMOUNT_COLUMNS}
    decided = {next(iter(marks)) for marks in shown.values() if len(marks) == 1}
    fallback = next(iter(decided)) if len(decided) == 1 else None
    return {column: next(iter(marks)) if len(marks) == 1 else fallback
            for column, marks in shown.items()}


def amount(value, mark=None):
    """An amount in any of the spellings the fixtures use: `2000000,00`, `1.234.567,89`,
    `1 234 567,89` (no-break spaces), `2000000.0`, `450,000` (grouped unless `mark` is its
    separator)."""
    value = value.replace("\u00a0", "").replace(" ", "")
    if LONE_GROUP.fullmatch(value) and mark not in value:
        return float(value.replace(",", "").replace(".", ""))
    if "," in value and "." in value:
        grouping = "," if value.rfind(",") < value.rfind(".") else "."
        value = value.replace(grouping, "")
    for separator in ",.":
        if value.count(separator) > 1:
            value = value.replace(separator, "")
    return float(value.replace(",", "."))


path = Path(sys.argv[1])
projects, project_starts, organisations, participations = set(), {}, {}, set()
project_dates = {}
cities, contributions = set(), {}
tables = 0
for name, data in documents(path):
    for_table = [{key(k): ("" if v is None else v if isinstance(v, str) else str(v)).strip()
                  for k, v in r.items()}
                 for r in records_of(name, data)]
    if not for_table:
        continue
    columns = set(for_table[0])
    if {"role", "name"} <= columns:
        tables += 1
        marks = amount_marks(for_table)
        for r in for_table:
            project = ident(r.get("projectid") or r.get("projectreference"))
            pic = ident(r.get("organisationid") or r.get("id"))
            projects.add(project)
            participations.add((project, pic, r["role"]))
            country = r.get("country", "")
            code = country.upper() if len(country) == 2 else COUNTRY_CODES.get(country.lower())
            organisations.setdefault(pic, code)
            if r.get("city"):
                cities.add(r["city"])
            if r.get("eccontribution"):
                contributions[(project, pic, r["role"])] = amount(r["eccontribution"], marks["eccontribution"])
    elif "acronym" in columns:
        tables += 1
        orders = date_orders(for_table)
        for r in for_table:
            project = ident(r.get("id") or r.get("reference") or r.get("projectid"))
            projects.add(project)
            if r.get("startdate"):
                project_starts[project] = r["startdate"][:10]
            start, end = (read_date(r.get(c, ""), orders[c]) for c in ("startdate", "enddate"))
            if start or end:
                project_dates[project] = [start, end]

print(json.dumps({
    "projects": len(projects),
    "project_ids": sorted(projects),
    "organisations": len(organisations),
    "pics": sorted(organisations),
    "participations": len(participations),
    "start_dates": len(project_starts),
    "dates": project_dates,
    "countries": dict(Counter(c for c in organisations.values() if c)),
    "cities": sorted(cities),
    "contribution": round(sum(contributions.values())),
    "tables": tables,
}, indent=1, sort_keys=True))
