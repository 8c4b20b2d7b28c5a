//! Gathers the participation network from quads in any order and any number of documents.
//!
//! Where a subject has several values of one property (two documents spelling a legal name
//! differently), the smallest that reads as the property's kind is kept, so the index never
//! depends on the order documents were loaded in.

use crate::analysis::network::{Bipartite, OrgNode, Participation, ProjectNode};
use crate::model::Role;
use crate::vocab::{pg, skos};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A property the index reads, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    // Of a participation.
    InProject,
    RoleOf,
    Role,
    EcContribution,
    // Of an organisation.
    PrefLabel,
    LegalName,
    HasCountry,
    ActivityType,
    OrganisationType,
    Sme,
    // Of a country.
    CountryCode,
    // Of a project.
    Acronym,
    Programme,
    StartDate,
    EndDate,
    EcMaxContribution,
}

const SINGLE: [(NamedNodeRef<'static>, Slot); 16] = [
    (pg::IN_PROJECT, Slot::InProject),
    (pg::ROLE_OF, Slot::RoleOf),
    (pg::ROLE, Slot::Role),
    (pg::EC_CONTRIBUTION, Slot::EcContribution),
    (skos::PREF_LABEL, Slot::PrefLabel),
    (pg::LEGAL_NAME, Slot::LegalName),
    (pg::HAS_COUNTRY, Slot::HasCountry),
    (pg::ACTIVITY_TYPE, Slot::ActivityType),
    (pg::ORGANISATION_TYPE, Slot::OrganisationType),
    (pg::SME, Slot::Sme),
    (pg::COUNTRY_CODE, Slot::CountryCode),
    (pg::ACRONYM, Slot::Acronym),
    (pg::PROGRAMME, Slot::Programme),
    (pg::START_DATE, Slot::StartDate),
    (pg::END_DATE, Slot::EndDate),
    (pg::EC_MAX_CONTRIBUTION, Slot::EcMaxContribution),
];

const SLOTS: usize = SINGLE.len();

impl Slot {
    /// Whether the property's values are IRIs (the others are literals).
    fn links(self) -> bool {
        matches!(self, Self::InProject | Self::RoleOf | Self::HasCountry)
    }

    /// Whether `value` reads as what the property holds.
    fn accepts(self, value: &str) -> bool {
        match self {
            Self::Role => Role::from_code(value).is_some(),
            Self::EcContribution | Self::EcMaxContribution => value.parse::<f64>().is_ok(),
            Self::StartDate | Self::EndDate => year(value).is_some(),
            _ => true,
        }
    }
}

fn year(value: &str) -> Option<i32> {
    value.get(..4)?.parse().ok()
}

/// The smallest accepted value of each property of one subject.
#[derive(Default)]
struct Values([Option<Box<str>>; SLOTS]);

impl Values {
    fn get(&self, slot: Slot) -> Option<&str> {
        self.0[slot as usize].as_deref()
    }
}

/// Gathers the index from quads in any order and any number of documents.
#[derive(Default)]
pub struct Collector {
    subjects: HashMap<Box<str>, Values>,
    themes: HashMap<Box<str>, BTreeSet<Box<str>>>,
}

impl Collector {
    pub fn observe(&mut self, quads: &[Quad]) {
        for quad in quads {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let predicate = quad.predicate.as_ref();
            if predicate == pg::ABOUT_THEME {
                if let Term::NamedNode(theme) = &quad.object
                    && let Some(id) = super::super::iri::theme_id(theme.as_str())
                {
                    self.themes
                        .entry(subject.as_str().into())
                        .or_default()
                        .insert(id.as_str().into());
                }
                continue;
            }
            let Some(&(_, slot)) = SINGLE.iter().find(|(p, _)| *p == predicate) else {
                continue;
            };
            let value = match (&quad.object, slot.links()) {
                (Term::NamedNode(node), true) => node.as_str(),
                (Term::Literal(literal), false) => literal.value(),
                _ => continue,
            };
            if !slot.accepts(value) {
                continue;
            }
            let values = match self.subjects.get_mut(subject.as_str()) {
                Some(values) => values,
                None => self.subjects.entry(subject.as_str().into()).or_default(),
            };
            let kept = &mut values.0[slot as usize];
            if kept.as_deref().is_none_or(|k| value < k) {
                *kept = Some(value.into());
            }
        }
    }

    /// Reads what `store` says in `graph` (a document already loaded), or in all its graphs,
    /// by targeted index scans.
    pub fn observe_stored(
        &mut self,
        store: &Store,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<(), StorageError> {
        let predicates = SINGLE.iter().map(|(p, _)| *p).chain([pg::ABOUT_THEME]);
        for predicate in predicates {
            let mut chunk = Vec::with_capacity(4096);
            for quad in store.quads_for_pattern(None, Some(predicate), None, graph) {
                chunk.push(quad?);
                if chunk.len() == chunk.capacity() {
                    self.observe(&chunk);
                    chunk.clear();
                }
            }
            self.observe(&chunk);
        }
        Ok(())
    }

    /// The network: organisations and projects numbered in IRI order, participations sorted
    /// by (project, organisation), one per pair.
    pub fn finish(self) -> Bipartite {
        let Self { subjects, themes } = self;
        let get = |subject: &str, slot| subjects.get(subject).and_then(|v| v.get(slot));
        // A participation names its organisation; it counts once it also names its project.
        let mut org_iris: BTreeMap<&str, u32> = BTreeMap::new();
        let mut project_iris: BTreeMap<&str, u32> = BTreeMap::new();
        let mut linked = Vec::new();
        for (participation, values) in &subjects {
            let Some(org) = values.get(Slot::RoleOf) else {
                continue;
            };
            org_iris.insert(org, 0);
            if let Some(project) = values.get(Slot::InProject) {
                project_iris.insert(project, 0);
                linked.push((&**participation, org, project));
            }
        }
        number(&mut org_iris);
        number(&mut project_iris);
        let orgs = org_iris
            .keys()
            .map(|&iri| OrgNode {
                iri: iri.to_owned(),
                label: get(iri, Slot::PrefLabel)
                    .or_else(|| get(iri, Slot::LegalName))
                    .map_or_else(|| local_name(iri), str::to_owned),
                country: get(iri, Slot::HasCountry)
                    .and_then(|country| get(country, Slot::CountryCode))
                    .map(str::to_owned),
                org_type: get(iri, Slot::ActivityType)
                    .or_else(|| get(iri, Slot::OrganisationType))
                    .map(str::to_owned),
                sme: get(iri, Slot::Sme).map(|v| v == "true"),
            })
            .collect();
        let projects = project_iris
            .keys()
            .map(|&iri| ProjectNode {
                iri: iri.to_owned(),
                acronym: get(iri, Slot::Acronym).map_or_else(|| local_name(iri), str::to_owned),
                programme: get(iri, Slot::Programme).map(str::to_owned),
                start_year: get(iri, Slot::StartDate).and_then(year),
                end_year: get(iri, Slot::EndDate).and_then(year),
                ec_max_contribution: get(iri, Slot::EcMaxContribution).and_then(|v| v.parse().ok()),
                themes: themes
                    .get(iri)
                    .map(|t| t.iter().map(|t| t.to_string()).collect())
                    .unwrap_or_default(),
            })
            .collect();
        let mut participations: Vec<Participation> = linked
            .into_iter()
            .map(|(p, org, project)| {
                Participation::new(
                    org_iris[org],
                    project_iris[project],
                    get(p, Slot::Role).and_then(Role::from_code),
                    get(p, Slot::EcContribution).and_then(|v| v.parse().ok()),
                )
            })
            .collect();
        // An organisation with several roles in one project (participant and third party)
        // takes part once, so that the network counts the project once per pair: in its
        // leading role, knowing all its roles, with the contributions of all of them added in a
        // fixed order.
        participations.sort_by(|a, b| {
            (a.project, a.org, a.role.is_none(), a.role)
                .cmp(&(b.project, b.org, b.role.is_none(), b.role))
                .then(
                    a.ec_contribution
                        .unwrap_or(0.0)
                        .total_cmp(&b.ec_contribution.unwrap_or(0.0)),
                )
        });
        participations.dedup_by(|later, kept| {
            let same = (later.project, later.org) == (kept.project, kept.org);
            if same {
                kept.roles = kept.roles.union(later.roles);
                if let Some(ec) = later.ec_contribution {
                    kept.ec_contribution = Some(kept.ec_contribution.unwrap_or(0.0) + ec);
                }
            }
            same
        });
        Bipartite {
            orgs,
            projects,
            participations,
        }
    }
}

fn number(map: &mut BTreeMap<&str, u32>) {
    for (index, value) in map.values_mut().enumerate() {
        *value = index as u32;
    }
}

fn local_name(iri: &str) -> String {
    iri.rsplit('/').next().unwrap_or(iri).to_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::ThemeId;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn quad(s: &str, p: NamedNodeRef<'_>, o: Term) -> Quad {
        Quad::new(NamedNode::new_unchecked(s), p, o, GraphName::DefaultGraph)
    }

    fn node(iri: &str) -> Term {
        NamedNode::new_unchecked(iri).into()
    }

    fn text(value: &str) -> Term {
        Literal::new_simple_literal(value).into()
    }

    /// Two documents, participations before their parts, a participation in two roles, two
    /// spellings of one legal name.
    pub(crate) fn sample() -> Vec<Vec<Quad>> {
        let theme = |id: &str| super::super::super::iri::theme(&ThemeId::new(id)).into();
        vec![
            vec![
                quad("x:part/a1", pg::ROLE, text("coordinator")),
                quad("x:part/a1", pg::ROLE_OF, node("x:org/a")),
                quad("x:part/a1", pg::IN_PROJECT, node("x:project/1")),
                quad("x:part/a1", pg::EC_CONTRIBUTION, text("1000.5")),
                quad("x:part/b1", pg::ROLE_OF, node("x:org/b")),
                quad("x:part/b1", pg::IN_PROJECT, node("x:project/1")),
                quad("x:part/b1", pg::ROLE, text("participant")),
                quad("x:part/b1t", pg::ROLE_OF, node("x:org/b")),
                quad("x:part/b1t", pg::IN_PROJECT, node("x:project/1")),
                quad("x:part/b1t", pg::ROLE, text("thirdParty")),
                quad("x:part/b1t", pg::EC_CONTRIBUTION, text("20")),
                quad("x:project/1", pg::ACRONYM, text("ONE")),
                quad("x:project/1", pg::PROGRAMME, text("H2020")),
                quad("x:project/1", pg::START_DATE, text("2018-01-01")),
                quad("x:project/1", pg::ABOUT_THEME, theme("biobanks")),
                quad("x:org/a", pg::LEGAL_NAME, text("ALPHA UNIVERSITY")),
                quad("x:org/a", pg::LEGAL_NAME, text("ALPHA UNIV")),
                quad("x:org/a", pg::HAS_COUNTRY, node("x:country/se")),
                quad("x:country/se", pg::COUNTRY_CODE, text("SE")),
                quad("x:org/a", pg::ACTIVITY_TYPE, text("HES")),
                quad("x:org/b", pg::SME, text("true")),
            ],
            vec![
                quad("x:part/b2", pg::IN_PROJECT, node("x:project/2")),
                quad("x:part/b2", pg::ROLE_OF, node("x:org/b")),
                quad("x:part/c2", pg::IN_PROJECT, node("x:project/2")),
                quad("x:part/c2", pg::ROLE_OF, node("x:org/c")),
                quad("x:org/b", skos::PREF_LABEL, text("Beta")),
                quad("x:project/2", pg::ABOUT_THEME, theme("genomics")),
                quad("x:project/2", pg::ABOUT_THEME, theme("biobanks")),
                quad("x:project/2", pg::EC_MAX_CONTRIBUTION, text("not a number")),
                // A highlight names a project but is no participation.
                quad("x:highlight", pg::IN_PROJECT, node("x:project/3")),
                // An organisation named by a participation without a project.
                quad("x:part/d", pg::ROLE_OF, node("x:org/d")),
            ],
        ]
    }

    pub(crate) fn collected() -> Bipartite {
        collect(&sample())
    }

    fn collect(documents: &[Vec<Quad>]) -> Bipartite {
        let mut collector = Collector::default();
        for quads in documents {
            collector.observe(quads);
        }
        collector.finish()
    }

    #[test]
    fn reads_organisations_projects_and_participations() {
        let net = collect(&sample());
        let iris: Vec<&str> = net.orgs.iter().map(|o| o.iri.as_str()).collect();
        assert_eq!(iris, ["x:org/a", "x:org/b", "x:org/c", "x:org/d"]);
        let a = &net.orgs[0];
        assert_eq!(a.label, "ALPHA UNIV");
        assert_eq!(a.country.as_deref(), Some("SE"));
        assert_eq!(a.org_type.as_deref(), Some("HES"));
        assert_eq!(net.orgs[1].label, "Beta");
        assert_eq!(net.orgs[1].sme, Some(true));
        assert_eq!(net.orgs[2].label, "c");
        let acronyms: Vec<&str> = net.projects.iter().map(|p| p.acronym.as_str()).collect();
        assert_eq!(acronyms, ["ONE", "2"]);
        assert_eq!(net.projects[0].start_year, Some(2018));
        assert_eq!(net.projects[0].programme.as_deref(), Some("H2020"));
        assert_eq!(net.projects[1].themes, ["biobanks", "genomics"]);
        assert_eq!(net.projects[1].ec_max_contribution, None);
        let links: Vec<(u32, u32, Option<Role>, Option<f64>)> = net
            .participations
            .iter()
            .map(|p| (p.project, p.org, p.role, p.ec_contribution))
            .collect();
        assert_eq!(
            links,
            [
                (0, 0, Some(Role::Coordinator), Some(1000.5)),
                (0, 1, Some(Role::Participant), Some(20.0)),
                (1, 1, None, None),
                (1, 2, None, None),
            ]
        );
        // Beta's second role in project 1 is kept beside the leading one.
        let roles: Vec<Vec<Role>> = net
            .participations
            .iter()
            .map(|p| p.roles.iter().collect())
            .collect();
        assert_eq!(
            roles,
            [
                vec![Role::Coordinator],
                vec![Role::Participant, Role::ThirdParty],
                vec![],
                vec![],
            ]
        );
    }

    #[test]
    fn the_order_of_documents_and_quads_does_not_matter() {
        let documents = sample();
        let forward = collect(&documents);
        let mut reversed: Vec<Vec<Quad>> = documents.into_iter().rev().collect();
        for quads in &mut reversed {
            quads.reverse();
        }
        assert_eq!(forward, collect(&reversed));
    }

    #[test]
    fn read_from_a_store_it_is_what_the_quads_say() {
        let store = Store::new().unwrap();
        for quads in sample() {
            store.extend(quads).unwrap();
        }
        let mut collector = Collector::default();
        collector.observe_stored(&store, None).unwrap();
        assert_eq!(collector.finish(), collect(&sample()));
    }
}
