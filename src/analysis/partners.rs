//! `partnergraph partners`: an organisation's collaborators, or what two organisations share.

use crate::resolve::{self, LookupError};
use crate::store::lookup::Lookup;
use crate::vocab::pg;
use oxigraph::model::NamedNode;
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

#[derive(Debug, thiserror::Error)]
pub enum PartnersError {
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("reading the graph failed")]
    Storage(#[from] StorageError),
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

pub fn partners(
    store: &Store,
    organisation: &str,
    with: Option<&str>,
    top: usize,
) -> Result<PartnersReport, PartnersError> {
    let lookup = Lookup::new(store)?;
    let org = resolve::lookup_organisation(store, organisation)?;
    let projects = lookup.projects_of(&org.iri)?;
    let mine = lookup.partners_of(&org.iri)?;
    let mut rows = Vec::new();
    for (partner, shared) in &mine {
        let country = match lookup.nodes(partner, pg::HAS_COUNTRY)?.first() {
            Some(c) => lookup.text(c, pg::COUNTRY_CODE)?,
            None => None,
        };
        let mut shared_funding = 0.0;
        for project in shared {
            shared_funding += lookup
                .number(project, pg::EC_MAX_CONTRIBUTION)?
                .unwrap_or(0.0);
        }
        rows.push(PartnerRow {
            label: lookup.label(partner)?,
            iri: partner.as_str().to_owned(),
            country,
            org_type: lookup
                .text(partner, pg::ACTIVITY_TYPE)?
                .or(lookup.text(partner, pg::ORGANISATION_TYPE)?),
            shared_projects: labels(&lookup, shared)?,
            shared_funding,
        });
    }
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
        Some(other) => {
            let other = resolve::lookup_organisation(store, other)?;
            let theirs = lookup.partners_of(&other.iri)?;
            let shared_projects = mine.get(&other.iri).cloned().unwrap_or_default();
            let mut shared_partners: Vec<String> = mine
                .keys()
                .filter(|p| theirs.contains_key(*p) && **p != other.iri)
                .map(|p| lookup.label(p))
                .collect::<Result<_, _>>()?;
            shared_partners.sort();
            let common = shared_partners.len();
            let first = mine.len() - common - usize::from(mine.contains_key(&other.iri));
            let second = theirs.len() - common - usize::from(theirs.contains_key(&org.iri));
            Some(Pair {
                label: other.label,
                iri: other.iri.as_str().to_owned(),
                shared_projects: labels(&lookup, &shared_projects)?,
                shared_partners,
                partners_only_first: first,
                partners_only_second: second,
            })
        }
        None => None,
    };
    Ok(PartnersReport {
        label: org.label,
        iri: org.iri.as_str().to_owned(),
        projects: projects.len(),
        partner_count,
        top: rows,
        pair,
    })
}

fn labels(
    lookup: &Lookup<'_>,
    projects: &BTreeSet<NamedNode>,
) -> Result<Vec<String>, StorageError> {
    let mut out: Vec<String> = projects
        .iter()
        .map(|p| lookup.label(p))
        .collect::<Result<_, _>>()?;
    out.sort();
    Ok(out)
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
