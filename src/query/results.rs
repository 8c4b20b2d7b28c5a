//! Serialising SPARQL results, shared by `partnergraph query` and the endpoint: solutions and
//! booleans in a results format, graphs in an RDF syntax that knows the built-in [`PREFIXES`].

use super::{PREFIXES, QueryError};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter, QueryTripleIter};
use std::io::Write;

/// How many rows or triples were written, and whether more were found and left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub count: usize,
    pub truncated: bool,
}

fn evaluation(origin: &str) -> impl Fn(QueryEvaluationError) -> QueryError + '_ {
    move |source| QueryError::Evaluation {
        origin: origin.to_owned(),
        source,
    }
}

/// Writes at most `limit` solutions to `out`; an error evaluating them names `origin`.
pub fn solutions<W: Write>(
    solutions: QuerySolutionIter<'_>,
    format: QueryResultsFormat,
    out: W,
    limit: Option<usize>,
    origin: &str,
) -> Result<(W, Written), QueryError> {
    let mut serializer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, solutions.variables().to_vec())?;
    let mut written = Written {
        count: 0,
        truncated: false,
    };
    for solution in solutions {
        let solution = solution.map_err(evaluation(origin))?;
        if Some(written.count) == limit {
            written.truncated = true;
            break;
        }
        serializer.serialize(&solution)?;
        written.count += 1;
    }
    Ok((serializer.finish()?, written))
}

/// Writes the answer of an ASK query to `out`.
pub fn boolean<W: Write>(value: bool, format: QueryResultsFormat, out: W) -> Result<W, QueryError> {
    Ok(QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(out, value)?)
}

/// Writes at most `limit` triples to `out`; an error evaluating them names `origin`.
pub fn graph<W: Write>(
    triples: QueryTripleIter<'_>,
    format: RdfFormat,
    out: W,
    limit: Option<usize>,
    origin: &str,
) -> Result<(W, Written), QueryError> {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(out);
    let mut written = Written {
        count: 0,
        truncated: false,
    };
    for triple in triples {
        let triple = triple.map_err(evaluation(origin))?;
        if Some(written.count) == limit {
            written.truncated = true;
            break;
        }
        writer.serialize_triple(&triple)?;
        written.count += 1;
    }
    Ok((writer.finish()?, written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{QueryFile, evaluator, execute, prepare};
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    use oxigraph::sparql::QueryResults;
    use oxigraph::store::Store;

    fn store() -> Store {
        let store = Store::new().unwrap();
        let s = NamedNode::new_unchecked("https://w3id.org/partnergraph/id/x");
        for n in 0..3 {
            store
                .insert(&Quad::new(
                    s.clone(),
                    s.clone(),
                    Literal::from(n),
                    GraphName::DefaultGraph,
                ))
                .unwrap();
        }
        store
    }

    fn run(store: &Store, text: &str) -> QueryResults<'static> {
        let file = QueryFile::inline(text);
        let prepared = prepare(evaluator(), store, &file, &[]).unwrap();
        execute(prepared, store, "-e").unwrap()
    }

    #[test]
    fn a_limit_cuts_solutions_and_triples_and_says_so() {
        let store = store();
        let QueryResults::Solutions(rows) = run(&store, "SELECT ?o { ?s ?p ?o }") else {
            panic!("solutions")
        };
        let (csv, written) =
            solutions(rows, QueryResultsFormat::Csv, Vec::new(), Some(2), "-e").unwrap();
        assert_eq!(
            written,
            Written {
                count: 2,
                truncated: true
            }
        );
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 3);
        let QueryResults::Graph(triples) = run(&store, "CONSTRUCT WHERE { ?s ?p ?o }") else {
            panic!("a graph")
        };
        let (turtle, written) = graph(triples, RdfFormat::Turtle, Vec::new(), None, "-e").unwrap();
        assert_eq!(
            written,
            Written {
                count: 3,
                truncated: false
            }
        );
        // The built-in prefixes shorten the IRIs.
        assert!(String::from_utf8(turtle).unwrap().contains("id:x"));
        let json = boolean(true, QueryResultsFormat::Json, Vec::new()).unwrap();
        assert!(String::from_utf8(json).unwrap().contains("true"));
    }
}
