//! Entity resolution: which names denote the same organisation or project, and which themes a
//! text is about.

mod identity;
mod names;
mod places;
pub mod themes;

pub use identity::{CorrectionConflict, Identities, OrgKey, ProjectKey, ResolvedOrg};
pub use names::{IdentityRule, MatchKey, acronym_key, fold, fold_letters, match_key, slug};
pub use places::{country_named_most, is_national_body, region_of_body};

use crate::vocab::{pg, skos};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// An organisation found by name in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundOrganisation {
    pub iri: NamedNode,
    /// The label the organisation is displayed with.
    pub label: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("no {kind} named {name:?} in the graph{}", Suggestions(.closest))]
    NotFound {
        kind: &'static str,
        name: String,
        closest: Vec<String>,
    },
    #[error("{name:?} names {} different {kind}s: {}; use a more specific name", .candidates.len(), .candidates.join("; "))]
    Ambiguous {
        kind: &'static str,
        name: String,
        candidates: Vec<String>,
    },
    #[error("querying the graph failed")]
    Query(#[from] QueryEvaluationError),
    #[error("reading the graph failed")]
    Storage(#[from] oxigraph::store::StorageError),
}

struct Suggestions<'a>(&'a [String]);

impl fmt::Display for Suggestions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        write!(f, "; closest matches: ")?;
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{s:?}")?;
        }
        Ok(())
    }
}

/// Every (entity, label) pair of the instances of `class`, with the display label first.
fn labels_of(
    store: &Store,
    class: oxigraph::model::NamedNodeRef<'_>,
    label_properties: &[oxigraph::model::NamedNodeRef<'_>],
) -> Result<BTreeMap<NamedNode, BTreeSet<String>>, QueryEvaluationError> {
    let mut out: BTreeMap<NamedNode, BTreeSet<String>> = BTreeMap::new();
    let values: Vec<String> = label_properties.iter().map(|p| p.to_string()).collect();
    let query = format!(
        "SELECT DISTINCT ?e ?l WHERE {{ GRAPH ?g {{ ?e a {class} }} VALUES ?p {{ {} }} GRAPH ?h {{ ?e ?p ?l }} }}",
        values.join(" ")
    );
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(&query)
        .expect("the label query is valid SPARQL")
        .on_store(store)
        .execute()?
    else {
        return Ok(out);
    };
    for solution in solutions {
        let solution = solution?;
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(l))) =
            (solution.get("e"), solution.get("l"))
        {
            out.entry(e.clone())
                .or_default()
                .insert(l.value().to_owned());
        }
    }
    Ok(out)
}

/// The label an entity is shown with: its `skos:prefLabel` if the identity graph gave it one.
pub fn display_label(store: &Store, entity: &NamedNode) -> Option<String> {
    store
        .quads_for_pattern(
            Some(entity.as_ref().into()),
            Some(skos::PREF_LABEL),
            None,
            None,
        )
        .filter_map(Result::ok)
        .find_map(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
}

/// Finds the organisation a user means by `name`, applying the same identity rules as the build
/// (so "Region Örebro län", "Region Örebro County" and "OREBRO LANS LANDSTING" all work).
pub fn lookup_organisation(store: &Store, name: &str) -> Result<FoundOrganisation, LookupError> {
    let wanted = match_key(name).key;
    // The identity graph's name keys find a known name in one index read; a miss (or a store
    // built before name keys) falls back to comparing every name, which also finds the closest.
    let mut keyed = BTreeSet::new();
    for quad in store.quads_for_pattern(
        None,
        Some(pg::NAME_KEY),
        Some(Literal::new_simple_literal(&wanted).as_ref().into()),
        None,
    ) {
        if let NamedOrBlankNode::NamedNode(org) = quad?.subject {
            keyed.insert(org);
        }
    }
    if keyed.len() == 1 {
        let iri = keyed.pop_first().expect("one organisation");
        let label = display_label(store, &iri).unwrap_or_else(|| iri.as_str().to_owned());
        return Ok(FoundOrganisation { iri, label });
    }
    let labels = labels_of(
        store,
        pg::ORGANISATION,
        &[
            skos::PREF_LABEL,
            skos::ALT_LABEL,
            pg::LEGAL_NAME,
            pg::ENGLISH_NAME,
            pg::SHORT_NAME,
        ],
    )?;
    let wanted_folded = fold(name);
    let matching: Vec<&NamedNode> = labels
        .iter()
        .filter(|(_, ls)| ls.iter().any(|l| match_key(l).key == wanted))
        .map(|(iri, _)| iri)
        .collect();
    let describe = |iri: &NamedNode| {
        display_label(store, iri)
            .or_else(|| labels.get(iri).and_then(|ls| ls.first().cloned()))
            .unwrap_or_else(|| iri.as_str().to_owned())
    };
    match matching.as_slice() {
        [iri] => Ok(FoundOrganisation {
            iri: (*iri).clone(),
            label: describe(iri),
        }),
        [] => Err(LookupError::NotFound {
            kind: "organisation",
            name: name.to_owned(),
            closest: closest(
                &wanted_folded,
                labels.iter().map(|(iri, ls)| (describe(iri), ls)),
            ),
        }),
        many => Err(LookupError::Ambiguous {
            kind: "organisation",
            name: name.to_owned(),
            candidates: many
                .iter()
                .map(|iri| format!("{} <{}>", describe(iri), iri.as_str()))
                .collect(),
        }),
    }
}

/// Finds a theme by its notation (`biobanks`) or any English or Swedish label.
pub fn lookup_theme(store: &Store, name: &str) -> Result<NamedNode, LookupError> {
    let labels = labels_of(
        store,
        skos::CONCEPT,
        &[skos::PREF_LABEL, skos::ALT_LABEL, skos::NOTATION],
    )?;
    let wanted = fold(name);
    let matching: Vec<&NamedNode> = labels
        .iter()
        .filter(|(_, ls)| ls.iter().any(|l| fold(l) == wanted))
        .map(|(iri, _)| iri)
        .collect();
    match matching.as_slice() {
        [iri] => Ok((*iri).clone()),
        [] => Err(LookupError::NotFound {
            kind: "theme",
            name: name.to_owned(),
            closest: closest(
                &wanted,
                labels.iter().map(|(iri, ls)| {
                    (
                        display_label(store, iri).unwrap_or_else(|| iri.as_str().to_owned()),
                        ls,
                    )
                }),
            ),
        }),
        many => Err(LookupError::Ambiguous {
            kind: "theme",
            name: name.to_owned(),
            candidates: many.iter().map(|iri| iri.as_str().to_owned()).collect(),
        }),
    }
}

/// The five display names whose labels are most similar to `wanted` (already folded).
fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (String, &'a BTreeSet<String>)>,
) -> Vec<String> {
    let mut scored: Vec<(f64, String)> = candidates
        .filter_map(|(display, labels)| {
            let best = labels
                .iter()
                .map(|l| {
                    let folded = fold(l);
                    let mut score = strsim::jaro_winkler(wanted, &folded);
                    if !wanted.is_empty() && (folded.contains(wanted) || wanted.contains(&folded)) {
                        score = score.max(0.9);
                    }
                    score
                })
                .fold(0.0, f64::max);
            (best >= 0.75).then_some((best, display))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, d)| d).collect()
}
