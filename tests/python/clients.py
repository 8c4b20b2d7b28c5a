"""Real clients against `partnergraph serve` and the store directory.

Run by tests/it/serve.rs inside a venv it creates (SPARQLWrapper, rdflib, pyoxigraph==0.5.13):

    python clients.py CASES.json

CASES.json names the endpoint, the store directory and, for each query, what the CLI answered
(CSV for SELECT, "true"/"false" for ASK, N-Triples for CONSTRUCT). Every client must give the same
answer: SELECT rows compare as sets (cells with GROUP_CONCAT lists as sets too), graphs as
isomorphic RDF graphs. Prints one line per check and a closing "N passed, N failed".
"""

import csv
import fcntl
import io
import json
import os
import sys

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, RDFXML, TURTLE, XML, SPARQLWrapper

# The server predefines these prefixes; pyoxigraph needs them spelled out.
PREFIXES = {
    "pg": "https://w3id.org/partnergraph/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def cell(text):
    return ", ".join(sorted(text.split(", ")))


def row_set(rows):
    return {tuple(cell(c) for c in row) for row in rows}


def expected_rows(case):
    rows = list(csv.reader(io.StringIO(case["expected"])))
    return rows[0], row_set(rows[1:])


def term_text(term):
    """A result term as CSV writes it: IRIs and literals by their lexical form."""
    if term is None:
        return ""
    if isinstance(term, dict):  # SPARQL JSON
        return term["value"]
    if isinstance(term, rdflib.term.Identifier):  # str() is the lexical form; .value a Python value
        return str(term)
    return term.value  # pyoxigraph


def sparqlwrapper_select(endpoint, case, return_format):
    client = SPARQLWrapper(endpoint)
    client.setQuery(case["query"])
    # Curated queries' parameters, bound by the server as terms (`param=NAME=VALUE`).
    for param in case.get("params", []):
        client.addParameter("param", param)
    client.setReturnFormat(return_format)
    result = client.query()
    if return_format == JSON:
        data = result.convert()
        variables = data["head"]["vars"]
        rows = [[term_text(b.get(v)) for v in variables] for b in data["results"]["bindings"]]
    elif return_format == CSV:
        rows = list(csv.reader(io.StringIO(result.convert().decode("utf-8"))))
        variables, rows = rows[0], rows[1:]
    else:  # XML: a DOM document
        document = result.convert()
        variables = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
        rows = []
        for node in document.getElementsByTagName("result"):
            values = {}
            for binding in node.getElementsByTagName("binding"):
                values[binding.getAttribute("name")] = "".join(
                    t.data for t in binding.getElementsByTagName("*")[0].childNodes if t.nodeType == t.TEXT_NODE
                )
            rows.append([values.get(v, "") for v in variables])
    return variables, row_set(rows)


def sparqlwrapper_ask(endpoint, case):
    client = SPARQLWrapper(endpoint)
    client.setQuery(case["query"])
    client.setReturnFormat(JSON)
    return client.query().convert()["boolean"]


def sparqlwrapper_construct(endpoint, case, return_format):
    client = SPARQLWrapper(endpoint)
    client.setQuery(case["query"])
    client.setReturnFormat(return_format)
    result = client.query().convert()
    if isinstance(result, rdflib.Graph):
        return result
    graph = rdflib.Graph()
    graph.parse(data=result, format="turtle" if return_format in (TURTLE, N3) else "xml")
    return graph


def rdflib_store(endpoint):
    return rdflib.Graph(SPARQLStore(endpoint, returnFormat="xml"))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    endpoint, store_dir = spec["endpoint"], spec["store"]
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {name}")
        else:
            failed += 1
            print(f"FAIL  {name}\n{detail}")

    # One read-only pyoxigraph store the way the README shows it: the current generation,
    # with its reader lock taken so that a build cannot delete it while the notebook reads.
    generation = os.readlink(os.path.join(store_dir, "current"))
    lock = open(os.path.join(store_dir, f"{generation}.lock"), "a")
    fcntl.flock(lock, fcntl.LOCK_SH)
    locked = pyoxigraph.Store.read_only(os.path.join(store_dir, generation))
    # ...and the one-liner through the `current` symlink.
    simple = pyoxigraph.Store.read_only(os.path.join(store_dir, "current"))

    for case in spec["cases"]:
        name, kind = case["name"], case["kind"]
        if kind == "select":
            header, rows = expected_rows(case)
            for return_format in (JSON, XML, CSV):
                got_header, got_rows = sparqlwrapper_select(endpoint, case, return_format)
                check(
                    f"SPARQLWrapper {return_format} {name}",
                    (got_header, got_rows) == (header, rows),
                    f"expected {header} {sorted(rows)}\n     got {got_header} {sorted(got_rows)}",
                )
            if case.get("params"):
                continue  # rdflib and pyoxigraph have no way to send the server's parameters
            result = rdflib_store(endpoint).query(case["query"])
            got = row_set([[term_text(row[v]) for v in result.vars] for row in result])
            check(f"rdflib SPARQLStore {name}", got == rows, f"expected {sorted(rows)}\n     got {sorted(got)}")
            for label, store in (("locked generation", locked), ("current symlink", simple)):
                solutions = store.query(case["query"], prefixes=PREFIXES)
                variables = [v.value for v in solutions.variables]
                got = row_set([[term_text(s[v]) for v in variables] for s in solutions])
                check(
                    f"pyoxigraph read_only ({label}) {name}",
                    (variables, got) == (header, rows),
                    f"expected {header} {sorted(rows)}\n     got {variables} {sorted(got)}",
                )
        elif kind == "ask":
            expected = case["expected"].strip() == "true"
            check(f"SPARQLWrapper ASK {name}", sparqlwrapper_ask(endpoint, case) is expected)
            check(f"rdflib SPARQLStore ASK {name}", rdflib_store(endpoint).query(case["query"]).askAnswer is expected)
            answer = locked.query(case["query"], prefixes=PREFIXES)
            check(f"pyoxigraph read_only ASK {name}", bool(answer) is expected)
        else:
            expected = rdflib.Graph().parse(data=case["expected"], format="nt")
            for return_format in (TURTLE, RDFXML, XML, N3):
                got = sparqlwrapper_construct(endpoint, case, return_format)
                check(
                    f"SPARQLWrapper {return_format} CONSTRUCT {name}",
                    len(expected) > 0 and isomorphic(got, expected),
                    f"expected {len(expected)} triples, got {len(got)}",
                )
            got = rdflib.Graph()
            for triple in rdflib_store(endpoint).query(case["query"]):
                got.add(triple)
            check(f"rdflib SPARQLStore CONSTRUCT {name}", isomorphic(got, expected), f"got {len(got)} triples")

    lock.close()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
