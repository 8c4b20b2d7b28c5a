//! A small graph for the tests of the report's computations, with the shape the ingest stages
//! give real documents: a region (the subject), a university that is its partner, a research
//! institute that works with the university, and a company known only by an expertise area.
//!
//! | project | theme       | participants                                      |
//! |---------|-------------|---------------------------------------------------|
//! | CAVITY  | cancer      | region (coordinator), university                  |
//! | SMILE   | dental care | institute (coordinator), university               |
//! | ENAMEL  | dental care | institute (coordinator)                           |
//!
//! The company (DE, PRC) has a primary expertise area in dental care that names no project.
//! The region's strategy has a commitment about dental care and a priority area about cancer,
//! and one statement about health in general (a top-level theme, so it places nothing).

use super::{Ctx, Focus, OrgThemes, org_ref};
use crate::model::ThemeId;
use crate::rdf::iri;
use crate::rdf::participations::{Collector, Participations};
use crate::report::model::OrgRef;
use crate::vocab::{ID_NS, pg, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, QuadRef, TermRef};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn node(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_NS}{local}"))
}

pub(super) fn theme(id: &str) -> NamedNode {
    iri::theme(&ThemeId::new(id))
}

struct Graph(Store);

impl Graph {
    fn add<'t>(
        &self,
        s: &NamedNode,
        p: oxigraph::model::NamedNodeRef<'_>,
        o: impl Into<TermRef<'t>>,
    ) {
        let quad = QuadRef::new(s, p, o.into(), GraphNameRef::DefaultGraph);
        self.0.insert(quad).unwrap();
    }

    fn text(&self, s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, value: &str) {
        self.add(s, p, &Literal::new_simple_literal(value));
    }

    fn org(&self, local: &str, label: &str, country: &str, kind: &str) {
        let org = node(local);
        self.text(&org, skos::PREF_LABEL, label);
        let country_node = node(&format!("country/{country}"));
        self.add(&org, pg::HAS_COUNTRY, &country_node);
        self.text(&country_node, pg::COUNTRY_CODE, country);
        self.text(&org, pg::ACTIVITY_TYPE, kind);
    }

    fn project(&self, acronym: &str, theme_id: &str, participants: &[(&str, &str)]) {
        let project = node(&format!("project/{acronym}"));
        self.text(&project, pg::ACRONYM, acronym);
        self.add(&project, pg::ABOUT_THEME, &theme(theme_id));
        for (org, role) in participants {
            let participation = node(&format!("participation/{acronym}/{org}"));
            self.add(&participation, pg::IN_PROJECT, &project);
            self.add(&participation, pg::ROLE_OF, &node(org));
            self.text(&participation, pg::ROLE, role);
        }
    }

    fn priority(&self, local: &str, label: &str, theme_id: &str, commitment: bool) {
        let priority = node(local);
        self.add(&node("strategy/norrland"), pg::HAS_PRIORITY, &priority);
        self.text(&priority, skos::PREF_LABEL, label);
        self.text(&priority, pg::STATEMENT, label);
        self.add(&priority, pg::ABOUT_THEME, &theme(theme_id));
        if commitment {
            self.add(&priority, rdf::TYPE, pg::COMMITMENT);
        }
    }
}

/// The graph described in the module documentation.
pub(super) fn store() -> Store {
    let g = Graph(Store::new().unwrap());
    g.org("region", "Region Norrland", "SE", "PUB");
    g.org("university", "Norrland University", "SE", "HES");
    g.org("institute", "Institute of Oral Health", "FI", "REC");
    g.org("company", "Dentek GmbH", "DE", "PRC");
    g.org("hospital", "Norrland Hospital", "SE", "PUB");
    g.project(
        "CAVITY",
        "cancer",
        &[("region", "coordinator"), ("university", "participant")],
    );
    g.project(
        "SMILE",
        "dental-care",
        &[("institute", "coordinator"), ("university", "participant")],
    );
    g.project("ENAMEL", "dental-care", &[("institute", "coordinator")]);
    g.project("TUMOUR", "cancer", &[("hospital", "participant")]);
    let area = node("expertise/dentek-oral-devices");
    g.add(&node("company"), pg::HAS_EXPERTISE, &area);
    g.text(&area, skos::PREF_LABEL, "Oral health devices");
    g.text(&area, pg::LEVEL, "primary");
    g.add(&area, pg::ABOUT_THEME, &theme("dental-care"));
    let strategy = node("strategy/norrland");
    g.add(&strategy, pg::ISSUED_BY, &node("region"));
    g.priority(
        "priority/teeth",
        "Good dental care for all",
        "dental-care",
        true,
    );
    g.priority(
        "priority/cancer",
        "Cancer care close to home",
        "cancer",
        false,
    );
    g.priority(
        "priority/health",
        "A healthy region",
        "health-life-science",
        false,
    );
    g.0
}

/// The computations' context over `store`, with the participation index read from it.
pub(super) fn ctx(store: &Store) -> Ctx<'_> {
    let mut collector = Collector::default();
    collector.observe_stored(store, None).unwrap();
    Ctx::new(store, Participations::new(collector.finish())).unwrap()
}

/// What the computations know of the subject, owned, for a [`Focus`] on it.
pub(super) struct Subject {
    pub(super) iri: NamedNode,
    pub(super) org: OrgRef,
    pub(super) themes: OrgThemes,
    pub(super) partners: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
}

impl Subject {
    pub(super) fn of(ctx: &Ctx<'_>, local: &str) -> Self {
        let iri = node(local);
        Subject {
            org: org_ref(&ctx.data, &iri).unwrap(),
            themes: ctx.org_themes(&iri).unwrap(),
            partners: ctx.net.partners_of(&iri),
            iri,
        }
    }

    pub(super) fn focus(&self) -> Focus<'_> {
        Focus {
            iri: &self.iri,
            org: &self.org,
            themes: &self.themes,
            partners: &self.partners,
        }
    }
}
