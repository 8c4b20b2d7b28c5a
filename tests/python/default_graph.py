"""The default graph is a set, for every client: counts on it agree with `partnergraph stats` and
with pyoxigraph's own RDF merge of the exported N-Quads.

Run by tests/it/serve.rs inside its venv (SPARQLWrapper, pyoxigraph==0.5.13):

    python default_graph.py SPEC.json

SPEC.json holds the endpoint, the store directory, the exported N-Quads file, `stats --json`
and, per class, the counts the CLI answered. Prints one line per check and "N passed, N failed".
"""

import json
import os
import sys

import pyoxigraph
from SPARQLWrapper import JSON, SPARQLWrapper

COUNT = "SELECT (COUNT(?s) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE {{ ?s a <{cls}> }}"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def numbers(solutions):
    """The integers of the first solution, in variable order, from pyoxigraph."""
    variables = solutions.variables
    row = next(iter(solutions))
    return tuple(int(row[v].value) for v in variables)


def endpoint_numbers(endpoint, query):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    row = data["results"]["bindings"][0]
    return tuple(int(row[v]["value"]) for v in data["head"]["vars"])


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    passed, failed = 0, 0

    def check(name, got, expected):
        nonlocal passed, failed
        if got == expected:
            passed += 1
            print(f"ok    {name}: {got}")
        else:
            failed += 1
            print(f"FAIL  {name}: expected {expected}, got {got}")

    # pyoxigraph's own merge: every quad of the export, its graph name dropped, into the default
    # graph of a fresh store, which (an RDF dataset) holds each triple once.
    documents = pyoxigraph.Store()
    documents.load(path=spec["nquads"], format=pyoxigraph.RdfFormat.N_QUADS)
    merge = pyoxigraph.Store()
    merge.extend(
        pyoxigraph.Quad(q.subject, q.predicate, q.object, pyoxigraph.DefaultGraph()) for q in documents
    )
    exported_quads = len(documents)
    merged_triples = len(merge)
    print(f"export: {exported_quads} quads, {merged_triples} distinct triples")
    if not merged_triples < exported_quads:
        failed += 1
        print("FAIL  the fixture must state some triples in several documents' graphs")

    # The store the way README shows it to notebooks: read-only, its default graph as is.
    store = pyoxigraph.Store.read_only(os.path.join(spec["store"], "current"))
    endpoint = spec["endpoint"]

    check("endpoint: triples in the default graph", endpoint_numbers(endpoint, TRIPLES), (merged_triples,))
    check("pyoxigraph read_only: triples in the default graph", numbers(store.query(TRIPLES)), (merged_triples,))
    check("endpoint: GRAPH ?g keeps every document's statement", endpoint_numbers(endpoint, QUADS), (exported_quads,))
    check("pyoxigraph read_only: GRAPH ?g", numbers(store.query(QUADS)), (exported_quads,))

    for entity in spec["stats"]["entities"]:
        cls, stated = entity["class"], entity["count"]
        query = COUNT.format(cls=cls)
        label = cls.rsplit("#", 1)[-1]
        expected = (stated, stated)
        check(f"pyoxigraph merge of the export: {label}", numbers(merge.query(query)), expected)
        check(f"CLI query: {label}", tuple(spec["cli"][cls]), expected)
        check(f"endpoint (SPARQLWrapper): {label}", endpoint_numbers(endpoint, query), expected)
        check(f"pyoxigraph read_only: {label}", numbers(store.query(query)), expected)

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
