//! `partnergraph partners`: an organisation's collaborators, or what two organisations share.

use crate::analysis::network::Bipartite;
use crate::rdf::participations::{self, IndexError, Participations};
use crate::resolve::{self, FoundOrganisation, LookupError};
use crate::store::ReadStore;
use oxigraph::model::NamedNode;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, thiserror::Error)]
pub enum PartnersError {
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerRow {
    pub label: String,
    pub iri: String,
    pub country: Option<String>,
    pub org_type: Option<String>,
    /// Acronyms of the shared projects.
    pub shared_projects: Vec<String>,
    /// Sum of the EC maximum contributions of the shared projects, in euro.
    pub shared_funding: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub label: String,
    pub iri: String,
    pub shared_projects: Vec<String>,
    /// Organisations both have worked with.
    pub shared_partners: Vec<String>,
    pub partners_only_first: usize,
    pub partners_only_second: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnersReport {
    pub label: String,
    pub iri: String,
    pub projects: usize,
    /// All partners, whatever `top` kept.
    pub partner_count: usize,
    pub top: Vec<PartnerRow>,
    pub pair: Option<Pair>,
}

/// An organisation's partners, from the generation's participation index; the names are
/// resolved in the store.
pub fn partners(
    read: &ReadStore,
    organisation: &str,
    with: Option<&str>,
    top: usize,
) -> Result<PartnersReport, PartnersError> {
    let store = read.store();
    let org = resolve::lookup_organisation(store, organisation)?;
    let index = Participations::open(&read.file(participations::FILE), store)?;
    let net = index.network();
    let mine = index.partner_ids(&org.iri);
    let mut rows: Vec<PartnerRow> = mine
        .iter()
        .map(|(&partner, shared)| {
            let node = &net.orgs[partner as usize];
            PartnerRow {
                label: node.label.clone(),
                iri: node.iri.clone(),
                country: node.country.clone(),
                org_type: node.org_type.clone(),
                shared_projects: acronyms(net, shared),
                // Added in IRI order, as the shared projects are numbered.
                shared_funding: shared
                    .iter()
                    .map(|&p| net.projects[p as usize].ec_max_contribution.unwrap_or(0.0))
                    .fold(0.0, |sum, ec| sum + ec),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.shared_projects
            .len()
            .cmp(&a.shared_projects.len())
            .then(b.shared_funding.total_cmp(&a.shared_funding))
            .then(a.label.cmp(&b.label))
    });
    let partner_count = rows.len();
    rows.truncate(top);
    let pair = match with {
        Some(other) => Some(pair(
            &index,
            &org.iri,
            &mine,
            &resolve::lookup_organisation(store, other)?,
        )),
        None => None,
    };
    Ok(PartnersReport {
        label: org.label,
        iri: org.iri.as_str().to_owned(),
        projects: index.project_count(&org.iri),
        partner_count,
        top: rows,
        pair,
    })
}

/// Acronyms shown in a table cell: a hub shares hundreds of projects with its top partners,
/// which would make one cell wider than any terminal (`--json` keeps them all).
const SHOWN_PROJECTS: usize = 6;

fn first_few(projects: &[String]) -> String {
    let shown = projects[..projects.len().min(SHOWN_PROJECTS)].join(", ");
    match projects.len().checked_sub(SHOWN_PROJECTS) {
        Some(more) if more > 0 => format!("{shown}, … {more} more"),
        _ => shown,
    }
}

impl PartnersReport {
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(pair) = &self.pair {
            let _ = writeln!(out, "{} and {}", self.label, pair.label);
            let _ = writeln!(
                out,
                "  shared projects ({}): {}",
                pair.shared_projects.len(),
                if pair.shared_projects.is_empty() {
                    "none".to_owned()
                } else {
                    pair.shared_projects.join(", ")
                }
            );
            let _ = writeln!(
                out,
                "  shared partners ({}): {}",
                pair.shared_partners.len(),
                if pair.shared_partners.is_empty() {
                    "none".to_owned()
                } else {
                    pair.shared_partners.join(", ")
                }
            );
            let _ = writeln!(
                out,
                "  partners only {} has: {}; only {} has: {}",
                self.label, pair.partners_only_first, pair.label, pair.partners_only_second
            );
            return out;
        }
        let _ = writeln!(
            out,
            "{}: {} projects, {} partners{}",
            self.label,
            self.projects,
            self.partner_count,
            if self.top.len() < self.partner_count {
                format!(" (top {})", self.top.len())
            } else {
                String::new()
            }
        );
        let rows: Vec<Vec<String>> = self
            .top
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.country.clone().unwrap_or_default(),
                    r.org_type.clone().unwrap_or_default(),
                    r.shared_projects.len().to_string(),
                    first_few(&r.shared_projects),
                ]
            })
            .collect();
        let mut buffer = Vec::new();
        let _ = crate::query::write_table(
            &mut buffer,
            &["partner", "country", "type", "shared", "projects"],
            &rows,
        );
        out.push_str(&String::from_utf8_lossy(&buffer));
        out
    }
}

/// The acronyms of `projects`, sorted.
fn acronyms(net: &Bipartite, projects: &[u32]) -> Vec<String> {
    let mut out: Vec<String> = projects
        .iter()
        .map(|&p| net.projects[p as usize].acronym.clone())
        .collect();
    out.sort();
    out
}

/// What `org` (whose partners are `mine`) and `other` share, and the partners each has alone.
fn pair(
    index: &Participations,
    org: &NamedNode,
    mine: &BTreeMap<u32, Vec<u32>>,
    other: &FoundOrganisation,
) -> Pair {
    let net = index.network();
    let other_id = index.organisation_number(&other.iri);
    let org_id = index.organisation_number(org);
    let theirs: BTreeMap<u32, Vec<u32>> = index.partner_ids(&other.iri);
    let is = |id: Option<u32>, p: u32| id == Some(p);
    let mut shared_partners: Vec<String> = mine
        .keys()
        .filter(|&&p| theirs.contains_key(&p) && !is(other_id, p))
        .map(|&p| net.orgs[p as usize].label.clone())
        .collect();
    shared_partners.sort();
    let common = shared_partners.len();
    let knows = |partners: &BTreeMap<u32, Vec<u32>>, id: Option<u32>| {
        usize::from(id.is_some_and(|id| partners.contains_key(&id)))
    };
    let first = mine.len() - common - knows(mine, other_id);
    let second = theirs.len() - common - knows(&theirs, org_id);
    let shared = other_id.and_then(|id| mine.get(&id));
    Pair {
        label: other.label.clone(),
        iri: other.iri.as_str().to_owned(),
        shared_projects: shared.map(|s| acronyms(net, s)).unwrap_or_default(),
        shared_partners,
        partners_only_first: first,
        partners_only_second: second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_cell_lists_a_few_projects_and_counts_the_rest() {
        let projects: Vec<String> = (1..=9).map(|i| format!("P{i}")).collect();
        assert_eq!(first_few(&projects), "P1, P2, P3, P4, P5, P6, … 3 more");
        assert_eq!(first_few(&projects[..6]), "P1, P2, P3, P4, P5, P6");
        assert_eq!(first_few(&projects[..1]), "P1");
        assert_eq!(first_few(&[]), "");
    }
}
