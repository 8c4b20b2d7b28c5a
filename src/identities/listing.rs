//! Every organisation of the graph with its names, read back from the provenance the build
//! recorded when it resolved them: each name's `pg:Alias` (the rule that joined it, the document
//! and line it is read from) and the corrections that changed the node.

use super::IdentitiesError;
use crate::vocab::GRAPH_NS;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// One name of an organisation in one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NameUse {
    pub name: String,
    /// The identity rule that joined the name to the organisation (`cordis-pic`, `swedish-region`,
    /// `correction`, …).
    pub rule: String,
    /// The id of the document that uses the name.
    pub document: String,
    /// The first line (or CORDIS row's line) the name is read from.
    pub line: Option<u64>,
}

/// A correction that changed the organisation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CorrectionUse {
    pub decision: String,
    pub line: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgIdentity {
    pub iri: String,
    pub label: String,
    pub pics: Vec<String>,
    pub vat_numbers: Vec<String>,
    pub cities: Vec<String>,
    pub names: Vec<NameUse>,
    pub corrections: Vec<CorrectionUse>,
}

fn solutions(
    store: &Store,
    query: &str,
) -> Result<Vec<oxigraph::sparql::QuerySolution>, IdentitiesError> {
    let parsed = SparqlEvaluator::new()
        .with_prefix("pg", crate::vocab::PG_NS)
        .and_then(|e| e.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
        .expect("the prefixes are valid IRIs")
        .parse_query(query)
        .expect("the identity queries are valid SPARQL");
    let QueryResults::Solutions(rows) = parsed.on_store(store).execute()? else {
        return Ok(Vec::new());
    };
    Ok(rows.collect::<Result<_, _>>()?)
}

fn text(term: Option<&Term>) -> Option<String> {
    match term? {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

fn number(term: Option<&Term>) -> Option<u64> {
    text(term)?.parse().ok()
}

/// The organisations of the graph (only `only`, when given), sorted by label, each with every
/// name the documents give it.
pub fn list(store: &Store, only: Option<&NamedNode>) -> Result<Vec<OrgIdentity>, IdentitiesError> {
    let values = only.map_or(String::new(), |iri| format!("VALUES ?org {{ {iri} }}"));
    let mut orgs: BTreeMap<String, OrgIdentity> = BTreeMap::new();
    let mut lines: BTreeMap<(String, String, String, String), Option<u64>> = BTreeMap::new();
    for row in solutions(
        store,
        &format!(
            "SELECT ?org ?name ?rule ?g ?line WHERE {{ {values} GRAPH ?g {{ ?org pg:hasAlias ?a . \
             ?a pg:label ?name ; pg:identityRule ?rule . OPTIONAL {{ ?a pg:line ?line }} }} }}"
        ),
    )? {
        let (Some(org), Some(name), Some(rule), Some(graph)) = (
            text(row.get("org")),
            text(row.get("name")),
            text(row.get("rule")),
            text(row.get("g")),
        ) else {
            continue;
        };
        let document = graph.strip_prefix(GRAPH_NS).unwrap_or(&graph).to_owned();
        let line = number(row.get("line"));
        let slot = lines.entry((org, name, rule, document)).or_insert(line);
        *slot = match (*slot, line) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    for ((org, name, rule, document), line) in lines {
        orgs.entry(org.clone())
            .or_insert_with(|| OrgIdentity {
                iri: org,
                label: String::new(),
                pics: Vec::new(),
                vat_numbers: Vec::new(),
                cities: Vec::new(),
                names: Vec::new(),
                corrections: Vec::new(),
            })
            .names
            .push(NameUse {
                name,
                rule,
                document,
                line,
            });
    }
    for row in solutions(
        store,
        &format!(
            "SELECT DISTINCT ?org ?p ?v WHERE {{ {values} VALUES ?p {{ pg:pic pg:vatNumber pg:city skos:prefLabel }} \
             GRAPH ?g {{ ?org ?p ?v }} }}"
        ),
    )? {
        let (Some(org), Some(p), Some(v)) =
            (text(row.get("org")), text(row.get("p")), text(row.get("v")))
        else {
            continue;
        };
        let Some(identity) = orgs.get_mut(&org) else {
            continue;
        };
        match p.rsplit(['#', '/']).next().unwrap_or_default() {
            "pic" => identity.pics.push(v),
            "vatNumber" => identity.vat_numbers.push(v),
            "city" => identity.cities.push(v),
            _ => identity.label = v,
        }
    }
    for row in solutions(
        store,
        &format!(
            "SELECT DISTINCT ?org ?decision ?line WHERE {{ {values} GRAPH ?g {{ ?d a pg:IdentityCorrection ; \
             pg:decision ?decision ; pg:corrects ?org . OPTIONAL {{ ?d pg:line ?line }} }} }}"
        ),
    )? {
        if let (Some(org), Some(decision)) = (text(row.get("org")), text(row.get("decision")))
            && let Some(identity) = orgs.get_mut(&org)
        {
            identity.corrections.push(CorrectionUse {
                decision,
                line: number(row.get("line")),
            });
        }
    }
    let mut out: Vec<OrgIdentity> = orgs.into_values().collect();
    for org in &mut out {
        if org.label.is_empty() {
            org.label = org
                .names
                .first()
                .map(|n| n.name.clone())
                .unwrap_or_default();
        }
        for list in [&mut org.pics, &mut org.vat_numbers, &mut org.cities] {
            list.sort();
            list.dedup();
        }
        org.names
            .sort_by(|a, b| (&a.document, a.line, &a.name).cmp(&(&b.document, b.line, &b.name)));
        org.corrections.sort();
    }
    out.sort_by(|a, b| {
        (crate::resolve::fold(&a.label), &a.iri).cmp(&(crate::resolve::fold(&b.label), &b.iri))
    });
    Ok(out)
}
