//! Parameters bound before planning: the bound term replaces the variable in the query's algebra,
//! so the optimiser sees a constant (an index lookup) where it would otherwise plan for every
//! value and filter at the end. The query means what it would mean with the term written in
//! place of the variable; where the variable is projected, the answer still has a column for it
//! (`BIND(term AS ?var)` just below the projection).
//!
//! Scope follows SPARQL: a subquery that does not project the variable has a variable of its own
//! with that name, which is left alone.

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use spargebra::Query;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, TriplePattern};

/// Why a variable cannot be bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("the query has no variable ?{0} to bind")]
    NotFound(String),
    #[error("the query assigns ?{0} itself (BIND or an aggregate), so it cannot be bound")]
    Assigned(String),
    #[error("only an IRI or a literal can be bound to ?{0}")]
    NotGround(String),
}

/// The constant a variable is replaced by.
#[derive(Clone)]
enum Constant {
    Iri(NamedNode),
    Literal(Literal),
}

impl Constant {
    fn term_pattern(&self) -> TermPattern {
        match self {
            Self::Iri(iri) => iri.clone().into(),
            Self::Literal(literal) => literal.clone().into(),
        }
    }

    fn expression(&self) -> Expression {
        match self {
            Self::Iri(iri) => iri.clone().into(),
            Self::Literal(literal) => literal.clone().into(),
        }
    }

    fn is(&self, term: &GroundTerm) -> bool {
        match (self, term) {
            (Self::Iri(a), GroundTerm::NamedNode(b)) => a == b,
            (Self::Literal(a), GroundTerm::Literal(b)) => a == b,
            _ => false,
        }
    }
}

/// Replaces `variable` by `term` throughout `query`.
pub fn substitute(query: &mut Query, variable: &Variable, term: &Term) -> Result<(), BindError> {
    let constant = match term {
        Term::NamedNode(iri) => Constant::Iri(iri.clone()),
        Term::Literal(literal) => Constant::Literal(literal.clone()),
        _ => return Err(BindError::NotGround(variable.as_str().to_owned())),
    };
    let mut walk = Walk {
        variable,
        constant,
        found: false,
    };
    match query {
        Query::Select { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => walk.root(pattern)?,
        Query::Construct {
            template, pattern, ..
        } => {
            for triple in template {
                walk.triple(triple);
            }
            walk.root(pattern)?;
        }
    }
    if walk.found {
        Ok(())
    } else {
        Err(BindError::NotFound(variable.as_str().to_owned()))
    }
}

struct Walk<'a> {
    variable: &'a Variable,
    constant: Constant,
    found: bool,
}

/// A pattern without solutions, for a triple that cannot match (a literal as predicate).
fn nothing() -> GraphPattern {
    GraphPattern::Values {
        variables: Vec::new(),
        bindings: Vec::new(),
    }
}

impl Walk<'_> {
    /// The query's own modifiers and projection: the variable is in scope below them whether or
    /// not the projection keeps it.
    fn root(&mut self, pattern: &mut GraphPattern) -> Result<(), BindError> {
        match pattern {
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.root(inner),
            GraphPattern::Project { inner, variables } => {
                self.pattern(inner)?;
                self.keep_column(inner, variables);
                Ok(())
            }
            other => self.pattern(other),
        }
    }

    /// A projection that keeps the variable gets it back as a constant column.
    fn keep_column(&mut self, inner: &mut Box<GraphPattern>, variables: &[Variable]) {
        if variables.contains(self.variable) {
            self.found = true;
            let taken = std::mem::replace(inner.as_mut(), nothing());
            **inner = GraphPattern::Extend {
                inner: Box::new(taken),
                variable: self.variable.clone(),
                expression: self.constant.expression(),
            };
        }
    }

    fn is_ours(&self, variable: &Variable) -> bool {
        variable == self.variable
    }

    fn term(&mut self, term: &mut TermPattern) {
        if matches!(term, TermPattern::Variable(v) if v == self.variable) {
            *term = self.constant.term_pattern();
            self.found = true;
        }
    }

    /// Returns false when the triple can no longer match anything.
    fn triple(&mut self, triple: &mut TriplePattern) -> bool {
        self.term(&mut triple.subject);
        self.term(&mut triple.object);
        if matches!(&triple.predicate, NamedNodePattern::Variable(v) if v == self.variable) {
            self.found = true;
            match &self.constant {
                Constant::Iri(iri) => triple.predicate = iri.clone().into(),
                Constant::Literal(_) => return false,
            }
        }
        true
    }

    // One arm per algebra node: the walk has to see every kind of pattern, so it stays one
    // exhaustive match (a new node kind is then a compile error here, not a silent skip).
    fn pattern(&mut self, pattern: &mut GraphPattern) -> Result<(), BindError> {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                let mut possible = true;
                for triple in patterns {
                    possible &= self.triple(triple);
                }
                if !possible {
                    *pattern = nothing();
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                self.term(subject);
                self.term(object);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                self.pattern(left)?;
                self.pattern(right)?;
            }
            GraphPattern::Lateral { left, right } => {
                self.pattern(left)?;
                self.pattern(right)?;
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left)?;
                self.pattern(right)?;
                if let Some(expression) = expression {
                    self.expression(expression)?;
                }
            }
            GraphPattern::Filter { expr, inner } => {
                self.pattern(inner)?;
                self.expression(expr)?;
            }
            GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
                self.pattern(inner)?;
                if matches!(name, NamedNodePattern::Variable(v) if v == self.variable) {
                    self.found = true;
                    match &self.constant {
                        Constant::Iri(iri) => *name = iri.clone().into(),
                        Constant::Literal(_) => *pattern = nothing(),
                    }
                }
            }
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if self.is_ours(variable) {
                    return Err(BindError::Assigned(variable.as_str().to_owned()));
                }
                self.pattern(inner)?;
                self.expression(expression)?;
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => {
                if let Some(column) = variables.iter().position(|v| v == self.variable) {
                    self.found = true;
                    variables.remove(column);
                    bindings.retain(|row| row[column].as_ref().is_none_or(|t| self.constant.is(t)));
                    for row in bindings {
                        row.remove(column);
                    }
                }
            }
            GraphPattern::OrderBy { inner, expression } => {
                self.pattern(inner)?;
                for order in expression {
                    let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = order;
                    self.expression(e)?;
                }
            }
            GraphPattern::Project { inner, variables } => {
                // A subquery: its variables are its own unless it projects ours.
                if variables.contains(self.variable) {
                    self.pattern(inner)?;
                    self.keep_column(inner, variables);
                }
            }
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner)?,
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                self.pattern(inner)?;
                // Grouping by a constant is grouping by nothing; the projection above puts the
                // column back.
                variables.retain(|v| v != self.variable);
                for (variable, aggregate) in aggregates {
                    if self.is_ours(variable) {
                        return Err(BindError::Assigned(variable.as_str().to_owned()));
                    }
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.expression(expr)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn expression(&mut self, expression: &mut Expression) -> Result<(), BindError> {
        match expression {
            Expression::Variable(v) if v == self.variable => {
                *expression = self.constant.expression();
                self.found = true;
            }
            Expression::Bound(v) if v == self.variable => {
                *expression = Literal::from(true).into();
                self.found = true;
            }
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
                self.expression(a)?;
                self.expression(b)?;
            }
            Expression::UnaryPlus(e) | Expression::UnaryMinus(e) | Expression::Not(e) => {
                self.expression(e)?;
            }
            Expression::In(a, list) => {
                self.expression(a)?;
                for e in list {
                    self.expression(e)?;
                }
            }
            Expression::If(a, b, c) => {
                self.expression(a)?;
                self.expression(b)?;
                self.expression(c)?;
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for e in list {
                    self.expression(e)?;
                }
            }
            Expression::Exists(pattern) => self.pattern(pattern)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn bound(query: &str, name: &str, term: impl Into<Term>) -> Result<String, BindError> {
        let mut query = SparqlParser::new().parse_query(query).unwrap();
        substitute(&mut query, &Variable::new(name).unwrap(), &term.into())?;
        Ok(query.to_string())
    }

    fn iri(s: &str) -> NamedNode {
        NamedNode::new(s).unwrap()
    }

    #[test]
    fn replaces_the_variable_in_patterns_filters_and_groups() {
        let query = "SELECT ?org (COUNT(?p) AS ?n) WHERE { ?r <http://e/roleOf> ?org ; <http://e/in> ?p . FILTER(?p != ?org) } GROUP BY ?org";
        let out = bound(query, "org", iri("http://e/o")).unwrap();
        assert!(out.contains("<http://e/roleOf> <http://e/o>"), "{out}");
        assert!(out.contains("?p = <http://e/o>"), "{out}");
        // Only the projection still names ?org, as a column of the constant.
        assert_eq!(out.matches("?org").count(), 1, "{out}");
        assert!(!out.contains("GROUP BY ?org"), "{out}");
    }

    #[test]
    fn leaves_subqueries_that_do_not_project_it() {
        let query =
            "SELECT ?x WHERE { ?x <http://e/p> ?y { SELECT ?z WHERE { ?z <http://e/q> ?y } } }";
        let out = bound(query, "y", Literal::from(3)).unwrap();
        assert!(out.contains("<http://e/p> \"3\"^^"), "{out}");
        assert!(out.contains("<http://e/q> ?y"), "{out}");
    }

    #[test]
    fn filters_values_and_refuses_what_it_cannot_bind() {
        let out = bound(
            "SELECT ?n WHERE { VALUES (?k ?n) { (1 \"a\") (2 \"b\") (UNDEF \"c\") } }",
            "k",
            Literal::from(2),
        )
        .unwrap();
        assert!(out.contains("\"b\"") && out.contains("\"c\"") && !out.contains("\"a\""));
        assert_eq!(
            bound("SELECT * WHERE { ?s ?p ?o }", "nope", Literal::from(1)),
            Err(BindError::NotFound("nope".into()))
        );
        assert_eq!(
            bound("SELECT ?x WHERE { BIND(1 AS ?x) }", "x", Literal::from(1)),
            Err(BindError::Assigned("x".into()))
        );
        assert!(
            bound("SELECT * WHERE { ?s ?p ?o }", "p", Literal::from(1))
                .unwrap()
                .contains("VALUES")
        );
    }
}
