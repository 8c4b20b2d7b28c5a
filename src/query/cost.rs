//! Whether a query is heavy, judged from its algebra before it runs, so that a server can send it
//! to a narrow lane the first time it sees it rather than after it has held a slot to its timeout.
//!
//! Two shapes make a query heavy whatever the store holds, and both are what a runaway looks like:
//! - a **cartesian product**: a join of two groups of patterns that share no variable and are
//!   both *broad* (no pattern anchored on a constant subject or object), e.g. `?a ?b ?c . ?d ?e ?f`
//!   or `?a a pg:Project . ?b a pg:Project`;
//! - a **full scan under a sort or a group**: a pattern with all three positions variable, joined
//!   with nothing that anchors it, below ORDER BY or GROUP BY (aggregates), which must read every
//!   triple before the first answer (`SELECT (COUNT(*) AS ?n) { ?s ?p ?o }`).
//!
//! A full scan that streams (`SELECT * { ?s ?p ?o } LIMIT 10`) is not heavy; nor is a query that
//! joins its broad patterns through variables (every curated query), however many rows it reads.
//! Parameters bound by the server count as constants: `?org` in `?p pg:roleOf ?org` anchors it.

use oxigraph::model::vocab::rdf;
use spargebra::Query;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};

/// Whether `query` is heavy (see the module documentation); `bound` names the variables the
/// caller will bind to constants before evaluation.
pub fn is_heavy(query: &Query, bound: &[&str]) -> bool {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    Judge { bound }.pattern(pattern).heavy
}

/// What a pattern may cost.
#[derive(Clone, Copy, Default)]
struct Shape {
    /// It contains a cartesian product of broad sides, or a full scan under a sort or a group.
    heavy: bool,
    /// No constant anchors it: it may produce a row for a large part of the store.
    broad: bool,
    /// It reads every triple: an all-variable pattern that nothing anchors.
    full_scan: bool,
}

/// One operand of a join: a triple pattern, or any other pattern judged on its own.
struct Factor {
    variables: Vec<String>,
    shape: Shape,
}

struct Judge<'a> {
    bound: &'a [&'a str],
}

impl Judge<'_> {
    fn pattern(&self, pattern: &GraphPattern) -> Shape {
        match pattern {
            GraphPattern::Bgp { .. } | GraphPattern::Join { .. } | GraphPattern::Path { .. } => {
                let mut factors = Vec::new();
                self.factors(pattern, &mut factors);
                join(&factors)
            }
            GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                let (left, right) = (self.pattern(left), self.pattern(right));
                Shape {
                    heavy: left.heavy || right.heavy,
                    ..left
                }
            }
            GraphPattern::Union { left, right } => {
                let (left, right) = (self.pattern(left), self.pattern(right));
                Shape {
                    heavy: left.heavy || right.heavy,
                    broad: left.broad || right.broad,
                    full_scan: left.full_scan || right.full_scan,
                }
            }
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => self.pattern(inner),
            GraphPattern::OrderBy { inner, .. } => {
                let inner = self.pattern(inner);
                Shape {
                    heavy: inner.heavy || inner.full_scan,
                    ..inner
                }
            }
            GraphPattern::Group {
                inner, variables, ..
            } => {
                let inner = self.pattern(inner);
                Shape {
                    heavy: inner.heavy || inner.full_scan,
                    // Without GROUP BY variables there is one group: one row.
                    broad: inner.broad && !variables.is_empty(),
                    full_scan: false,
                }
            }
            // A LIMIT stops a streaming evaluation early; what it cuts short is neither broad
            // nor a scan to its parents.
            GraphPattern::Slice {
                inner,
                length: Some(_),
                ..
            } => Shape {
                heavy: self.pattern(inner).heavy,
                ..Shape::default()
            },
            GraphPattern::Slice { inner, .. } => self.pattern(inner),
            // Inline rows, and the text index (`SERVICE pg:search`, which returns a few hits).
            GraphPattern::Values { .. } | GraphPattern::Service { .. } => Shape::default(),
        }
    }

    /// Flattens a join into its operands.
    fn factors(&self, pattern: &GraphPattern, factors: &mut Vec<Factor>) {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                factors.extend(patterns.iter().map(|triple| self.triple(triple)));
            }
            GraphPattern::Join { left, right } => {
                self.factors(left, factors);
                self.factors(right, factors);
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                let mut variables = Vec::new();
                let anchored = [subject, object]
                    .into_iter()
                    .any(|term| self.term(term, &mut variables));
                factors.push(Factor {
                    variables,
                    shape: Shape {
                        broad: !anchored,
                        ..Shape::default()
                    },
                });
            }
            other => {
                let mut variables = Vec::new();
                other.on_in_scope_variable(|v| {
                    if !self.bound.contains(&v.as_str()) {
                        variables.push(v.as_str().to_owned());
                    }
                });
                factors.push(Factor {
                    variables,
                    shape: self.pattern(other),
                });
            }
        }
    }

    fn triple(&self, triple: &TriplePattern) -> Factor {
        let mut variables = Vec::new();
        let subject = self.term(&triple.subject, &mut variables);
        let predicate = match &triple.predicate {
            NamedNodePattern::NamedNode(_) => true,
            NamedNodePattern::Variable(v) => self.constant_variable(v.as_str(), &mut variables),
        };
        let object = self.term(&triple.object, &mut variables);
        // A class is no anchor: `?x a pg:Project` matches every project.
        let typed = matches!(&triple.predicate, NamedNodePattern::NamedNode(p) if *p == rdf::TYPE);
        let anchored = subject || (object && !typed);
        Factor {
            variables,
            shape: Shape {
                heavy: false,
                broad: !anchored,
                full_scan: !(subject || predicate || object),
            },
        }
    }

    /// Whether `term` is a constant; a variable (or blank node) is added to `variables`.
    fn term(&self, term: &TermPattern, variables: &mut Vec<String>) -> bool {
        match term {
            TermPattern::Variable(v) => self.constant_variable(v.as_str(), variables),
            TermPattern::BlankNode(b) => {
                variables.push(format!("_:{}", b.as_str()));
                false
            }
            _ => true,
        }
    }

    fn constant_variable(&self, name: &str, variables: &mut Vec<String>) -> bool {
        if self.bound.contains(&name) {
            return true;
        }
        variables.push(name.to_owned());
        false
    }
}

/// Groups the operands of a join into the parts connected by shared variables: two broad parts
/// make a cartesian product; a part of nothing but full scans reads every triple.
fn join(factors: &[Factor]) -> Shape {
    // Union-find over the operands.
    let mut parent: Vec<usize> = (0..factors.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..factors.len() {
        for j in i + 1..factors.len() {
            if factors[i]
                .variables
                .iter()
                .any(|v| factors[j].variables.contains(v))
            {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut parts: Vec<(usize, Shape)> = Vec::new();
    for (i, factor) in factors.iter().enumerate() {
        let r = root(&mut parent, i);
        match parts.iter_mut().find(|(root, _)| *root == r) {
            Some((_, part)) => {
                part.heavy |= factor.shape.heavy;
                part.broad &= factor.shape.broad;
                part.full_scan &= factor.shape.full_scan;
            }
            None => parts.push((r, factor.shape)),
        }
    }
    let broad_parts = parts.iter().filter(|(_, part)| part.broad).count();
    Shape {
        heavy: broad_parts >= 2 || parts.iter().any(|(_, part)| part.heavy),
        broad: broad_parts > 0,
        full_scan: parts.iter().any(|(_, part)| part.full_scan),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heavy(text: &str, bound: &[&str]) -> bool {
        let query = super::super::parser()
            .parse_query(text)
            .expect("the test query parses");
        is_heavy(&query, bound)
    }

    #[test]
    fn a_cartesian_product_of_broad_patterns_is_heavy() {
        assert!(heavy(
            "SELECT ?a ?f { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?a LIMIT 1",
            &[]
        ));
        assert!(heavy("SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 1", &[]));
        assert!(heavy(
            "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            &[]
        ));
        // A class anchors nothing.
        assert!(heavy("SELECT * { ?a a pg:Project . ?b a pg:Project }", &[]));
        // In a subquery, too.
        assert!(heavy(
            "SELECT ?n { { SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } } }",
            &[]
        ));
    }

    #[test]
    fn a_full_scan_under_a_sort_or_a_group_is_heavy() {
        assert!(heavy("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", &[]));
        assert!(heavy(
            "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p",
            &[]
        ));
        assert!(heavy("SELECT * { ?s ?p ?o } ORDER BY ?o LIMIT 5", &[]));
        assert!(heavy("SELECT * { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", &[]));
    }

    #[test]
    fn streaming_and_anchored_queries_are_not_heavy() {
        assert!(!heavy("ASK {}", &[]));
        assert!(!heavy("SELECT * { ?s ?p ?o } LIMIT 10", &[]));
        assert!(!heavy("SELECT * { ?s ?p ?o }", &[]));
        // A scan joined with an anchored pattern reads what the anchor selects.
        assert!(!heavy(
            "SELECT ?p (COUNT(*) AS ?n) { ?s pg:acronym \"ASCAPE\" ; ?p ?o } GROUP BY ?p",
            &[]
        ));
        // Broad patterns joined through variables: no product.
        assert!(!heavy(
            "SELECT ?type (COUNT(*) AS ?n) { ?s a ?type . ?s skos:prefLabel ?l } GROUP BY ?type ORDER BY ?n",
            &[]
        ));
        // One broad side and one anchored side: as many rows as the broad side.
        assert!(!heavy(
            "SELECT * { <https://example.org/a> skos:prefLabel ?l . ?p a pg:Project }",
            &[]
        ));
        // A LIMITed subquery is a few rows, whatever it joins with.
        assert!(!heavy(
            "SELECT * { { SELECT ?a { ?a a pg:Project } LIMIT 3 } ?b a pg:Organisation }",
            &[]
        ));
        assert!(!heavy(
            "SELECT * { VALUES ?x { 1 2 } ?s ?p ?o } LIMIT 10",
            &[]
        ));
    }

    #[test]
    fn a_bound_parameter_anchors_its_patterns() {
        let text = "SELECT ?p (COUNT(*) AS ?n) { ?org ?p ?o } GROUP BY ?p";
        assert!(heavy(text, &[]));
        assert!(!heavy(text, &["org"]));
        let product = "SELECT * { ?org a pg:Organisation . ?p a pg:Project }";
        assert!(heavy(product, &[]));
        assert!(!heavy(product, &["org"]));
    }

    #[test]
    fn no_curated_query_is_heavy() {
        for query in super::super::curated::all() {
            let bound: Vec<&str> = query.params.iter().map(|p| p.name.as_str()).collect();
            let parsed = super::super::parser()
                .parse_query(&query.text)
                .expect("curated queries parse");
            assert!(
                !is_heavy(&parsed, &bound),
                "{} judged heavy",
                super::super::curated::name(&query)
            );
            // Nor when its optional parameters are left out.
            let required: Vec<&str> = query
                .params
                .iter()
                .filter(|p| !p.optional)
                .map(|p| p.name.as_str())
                .collect();
            assert!(!is_heavy(&parsed, &required));
        }
    }
}
