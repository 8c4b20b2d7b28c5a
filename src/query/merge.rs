//! The default graph as an RDF graph, that is a set: SPARQL defines a query's default graph as the
//! RDF merge of the graphs it is made of, so a triple that two documents state is one triple. The
//! store evaluates the union of the documents' graphs as a bag instead (one solution per graph
//! stating the triple), and `COUNT` over it disagrees with `partnergraph stats`.
//!
//! The query is rewritten so that each basic graph pattern (and property path) evaluated on the
//! default graph keeps one solution per distinct binding: a BGP's solutions under set semantics
//! are exactly the distinct solutions of the same BGP over the bag. Blank nodes of the pattern
//! (also those a path sequence `a/b` introduces) take part in the distinction, so solutions that
//! differ only in them still count separately, as the SPARQL semantics says. Patterns inside
//! `GRAPH` read one document's graph, which is a set already, and keep their provenance.

use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern, PropertyPathExpression};

/// Rewrites `query` so that its default graph is read with set semantics.
pub fn set_semantics(query: &mut Query) {
    match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => default_graph(pattern),
    }
}

fn distinct(pattern: &mut GraphPattern) {
    let taken = std::mem::replace(
        pattern,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    *pattern = GraphPattern::Distinct {
        inner: Box::new(taken),
    };
}

/// Whether the pairs a path matches can repeat when a triple is stated in several graphs. The
/// closures (`*`, `+`, `?`) are defined on sets of pairs already.
fn path_repeats(path: &PropertyPathExpression) -> bool {
    !matches!(
        path,
        PropertyPathExpression::ZeroOrMore(_)
            | PropertyPathExpression::OneOrMore(_)
            | PropertyPathExpression::ZeroOrOne(_)
    )
}

/// Rewrites the parts of `pattern` that read the default graph.
fn default_graph(pattern: &mut GraphPattern) {
    match pattern {
        GraphPattern::Bgp { patterns } => {
            if !patterns.is_empty() {
                distinct(pattern);
            }
        }
        GraphPattern::Path { path, .. } => {
            if path_repeats(path) {
                distinct(pattern);
            }
        }
        // One document's graph: a set, and the provenance the user asked for.
        GraphPattern::Graph { .. } | GraphPattern::Service { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            default_graph(left);
            default_graph(right);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            default_graph(left);
            default_graph(right);
            if let Some(expression) = expression {
                expression_patterns(expression);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            default_graph(inner);
            expression_patterns(expr);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            default_graph(inner);
            expression_patterns(expression);
        }
        GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. } => default_graph(inner),
        GraphPattern::Values { .. } => {}
    }
}

/// `EXISTS { … }` in an expression reads the default graph too (only whether, not how often,
/// but its pattern may hold a counted subquery).
fn expression_patterns(expression: &mut Expression) {
    match expression {
        Expression::Exists(pattern) => default_graph(pattern),
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            expression_patterns(a);
            expression_patterns(b);
        }
        Expression::UnaryPlus(e) | Expression::UnaryMinus(e) | Expression::Not(e) => {
            expression_patterns(e);
        }
        Expression::If(a, b, c) => {
            expression_patterns(a);
            expression_patterns(b);
            expression_patterns(c);
        }
        Expression::In(a, list) => {
            expression_patterns(a);
            list.iter_mut().for_each(expression_patterns);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter_mut().for_each(expression_patterns);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef, Term};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;
    use spargebra::SparqlParser;

    /// Two documents' graphs that state some of the same triples.
    fn store() -> Store {
        let store = Store::new().unwrap();
        let n = |s: &'static str| NamedNodeRef::new_unchecked(s);
        let (p1, p2, org) = (n("http://e/p1"), n("http://e/p2"), n("http://e/org"));
        let (a, project, role, in_project) = (
            n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            n("http://e/Project"),
            n("http://e/role"),
            n("http://e/in"),
        );
        let (r1, r2) = (n("http://e/r1"), n("http://e/r2"));
        for graph in ["http://e/projects", "http://e/organisations"] {
            let g = GraphNameRef::NamedNode(n(graph));
            for quad in [
                QuadRef::new(p1, a, project, g),
                QuadRef::new(p2, a, project, g),
                QuadRef::new(r1, role, org, g),
                QuadRef::new(r2, role, org, g),
                QuadRef::new(r1, in_project, p1, g),
                QuadRef::new(r2, in_project, p1, g),
            ] {
                store.insert(quad).unwrap();
            }
        }
        store
    }

    fn count(store: &Store, query: &str, merged: bool) -> i64 {
        let mut parsed = SparqlParser::new().parse_query(query).unwrap();
        if merged {
            set_semantics(&mut parsed);
        }
        let mut prepared = SparqlEvaluator::new().for_query(parsed);
        prepared.dataset_mut().set_default_graph_as_union();
        let QueryResults::Solutions(mut solutions) = prepared.on_store(store).execute().unwrap()
        else {
            panic!("solutions")
        };
        let solution = solutions.next().unwrap().unwrap();
        let Some(Term::Literal(n)) = solution.get("n") else {
            panic!("a count")
        };
        n.value().parse().unwrap()
    }

    #[test]
    fn counts_each_triple_of_the_merge_once() {
        let store = store();
        let projects = "SELECT (COUNT(?s) AS ?n) { ?s a <http://e/Project> }";
        assert_eq!(count(&store, projects, false), 4, "the bag: one per graph");
        assert_eq!(count(&store, projects, true), 2);
        // Joins keep their own multiplicity: two roles in p1.
        let roles = "SELECT (COUNT(*) AS ?n) { ?r <http://e/role> <http://e/org> ; <http://e/in> ?p . ?p a <http://e/Project> }";
        assert_eq!(count(&store, roles, false), 16);
        assert_eq!(count(&store, roles, true), 2);
        // A blank node (here the middle of a path sequence) still counts its bindings.
        let via = "SELECT (COUNT(*) AS ?n) { <http://e/org> ^<http://e/role>/<http://e/in> ?p }";
        assert_eq!(count(&store, via, true), 2, "through r1 and through r2");
        // GRAPH keeps provenance: each graph is a set of its own.
        let graphs = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s a <http://e/Project> } }";
        assert_eq!(count(&store, graphs, true), 4);
    }
}
