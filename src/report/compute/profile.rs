//! Section 1 of the report: who the subject is — names, expertise areas, projects, the figures
//! its profile states, and its partners.

use super::{Ctx, literal_number, org_ref};
use crate::model::ThemeId;
use crate::rdf::iri;
use crate::report::model::{ExpertiseFact, Partner, Profile, ProjectFact, StatedFigure};
use crate::vocab::{pg, skos};
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::StorageError;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Project → the themes of the expertise areas that name it.
type ExpertiseByProject = BTreeMap<NamedNode, BTreeSet<ThemeId>>;

/// What the profile shows of one project, read from the store.
struct FetchedProject {
    project: NamedNode,
    role: Option<String>,
    ec: Option<f64>,
    acronym: String,
    cordis: Option<String>,
    themes: BTreeSet<ThemeId>,
    sources: Vec<(String, Option<String>)>,
    title: Option<String>,
    start_year: Option<i32>,
    end_year: Option<i32>,
}

/// The subject's projects with the roles counted and the EC contributions summed.
struct Projects {
    facts: Vec<ProjectFact>,
    roles: BTreeMap<String, u64>,
    ec_contribution: Option<f64>,
}

/// Primary areas first, then secondary, then the rest; by name within a level.
fn sort_expertise(expertise: &mut [ExpertiseFact]) {
    let level_rank = |l: &str| match l {
        "primary" => 0,
        "secondary" => 1,
        _ => 2,
    };
    expertise.sort_by(|a, b| {
        level_rank(&a.level)
            .cmp(&level_rank(&b.level))
            .then(a.name.cmp(&b.name))
    });
}

/// Partners by shared projects (most first), and their countries by count.
fn rank_partners(partners: &mut [Partner]) -> Vec<(String, u64)> {
    let mut countries: BTreeMap<String, u64> = BTreeMap::new();
    for partner in partners.iter() {
        if let Some(country) = &partner.organisation.country {
            *countries.entry(country.clone()).or_default() += 1;
        }
    }
    partners.sort_by(|a, b| {
        b.shared_projects
            .len()
            .cmp(&a.shared_projects.len())
            .then(a.organisation.label.cmp(&b.organisation.label))
    });
    let mut partner_countries: Vec<(String, u64)> = countries.into_iter().collect();
    partner_countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    partner_countries
}

impl Ctx<'_> {
    pub(super) fn profile(&self, org: &NamedNode) -> Result<Profile, StorageError> {
        let organisation = org_ref(&self.data, org)?;
        let mut aliases = self.aliases(org)?;
        aliases.remove(&organisation.label);
        let (expertise, expertise_by_project) = self.expertise_facts(org)?;
        let projects = self.project_facts(org, expertise_by_project)?;
        let stated = self.stated_figures(org)?;
        let mut partners = self.partners(org)?;
        let partner_countries = rank_partners(&mut partners);
        Ok(Profile {
            organisation,
            aliases: aliases.into_iter().collect(),
            projects: projects.facts,
            roles: projects.roles.into_iter().collect(),
            ec_contribution: projects.ec_contribution,
            stated,
            partners,
            partner_countries,
            expertise,
            early_focus: self.data.text(org, pg::EARLY_FOCUS)?,
            recent_focus: self.data.text(org, pg::RECENT_FOCUS)?,
        })
    }

    /// Every other name the graph gives the organisation.
    fn aliases(&self, org: &NamedNode) -> Result<BTreeSet<String>, StorageError> {
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        for predicate in [
            skos::ALT_LABEL,
            pg::LEGAL_NAME,
            pg::ENGLISH_NAME,
            pg::SHORT_NAME,
        ] {
            for term in self.data.objects(org, predicate)? {
                if let Term::Literal(l) = term {
                    aliases.insert(l.value().to_owned());
                }
            }
        }
        Ok(aliases)
    }

    /// The organisation's expertise areas, and the themes they lend the projects they name.
    fn expertise_facts(
        &self,
        org: &NamedNode,
    ) -> Result<(Vec<ExpertiseFact>, ExpertiseByProject), StorageError> {
        let mut expertise_by_project = ExpertiseByProject::new();
        let mut expertise = Vec::new();
        for area in self.data.nodes(org, pg::HAS_EXPERTISE)? {
            let themes = self.theme_ids(&area)?;
            let mut projects = Vec::new();
            for project in self.data.nodes(&area, pg::EVIDENCED_BY)? {
                projects.push(self.data.label(&project)?);
                expertise_by_project
                    .entry(project)
                    .or_default()
                    .extend(themes.iter().cloned());
            }
            let source = self
                .data
                .sources_of(org, pg::HAS_EXPERTISE, Some(&area.clone().into()))?
                .into_iter()
                .next()
                .unwrap_or_default();
            let name = self.data.text(&area, skos::PREF_LABEL)?.unwrap_or_default();
            let description = self
                .data
                .text(&area, pg::DESCRIPTION)?
                .unwrap_or_else(|| name.clone());
            let line = self.data.number(&area, pg::LINE)?.map(|l| l as u64);
            expertise.push(ExpertiseFact {
                name,
                level: self.data.text(&area, pg::LEVEL)?.unwrap_or_default(),
                project_count: self
                    .data
                    .number(&area, pg::PROJECT_COUNT)?
                    .map(|n| n as u64),
                projects,
                themes: themes.iter().map(|t| self.theme_ref(t)).collect(),
                evidence: self.evidence(source, description, line, None),
            });
        }
        sort_expertise(&mut expertise);
        Ok((expertise, expertise_by_project))
    }

    /// Each project is a dozen store reads and a hub has thousands: read them on every core,
    /// in project order so that the totals come out the same every run.
    fn fetch_projects(&self, org: &NamedNode) -> Result<Vec<FetchedProject>, StorageError> {
        let data = &self.data;
        let subject: Term = org.clone().into();
        self.data
            .projects_of(org)?
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(project, participation)| {
                let year = |p| -> Result<Option<i32>, StorageError> {
                    Ok(data
                        .text(&project, p)?
                        .and_then(|d| d.get(..4)?.parse().ok()))
                };
                Ok(FetchedProject {
                    role: data.text(&participation, pg::ROLE)?,
                    ec: data.number(&participation, pg::EC_CONTRIBUTION)?,
                    acronym: data.label(&project)?,
                    cordis: data.text(&project, pg::IDENTIFIER)?,
                    themes: data
                        .nodes(&project, pg::ABOUT_THEME)?
                        .iter()
                        .filter_map(|t| iri::theme_id(t.as_str()))
                        .collect(),
                    sources: data.sources_of(&participation, pg::ROLE_OF, Some(&subject))?,
                    title: data.text(&project, pg::TITLE)?,
                    start_year: year(pg::START_DATE)?,
                    end_year: year(pg::END_DATE)?,
                    project,
                })
            })
            .collect()
    }

    /// The organisation's projects, with the themes its expertise areas lend them.
    fn project_facts(
        &self,
        org: &NamedNode,
        mut expertise_by_project: ExpertiseByProject,
    ) -> Result<Projects, StorageError> {
        let mut projects = Projects {
            facts: Vec::new(),
            roles: BTreeMap::new(),
            ec_contribution: None,
        };
        for f in self.fetch_projects(org)? {
            if let Some(ec) = f.ec {
                *projects.ec_contribution.get_or_insert(0.0) += ec;
            }
            let role = f.role.clone().unwrap_or_else(|| "unknown".to_owned());
            *projects.roles.entry(role).or_default() += 1;
            let mut themes = f.themes.clone();
            themes.extend(expertise_by_project.remove(&f.project).unwrap_or_default());
            projects.facts.push(self.project_fact(f, &themes));
        }
        projects.facts.sort_by(|a, b| a.acronym.cmp(&b.acronym));
        Ok(projects)
    }

    fn project_fact(&self, f: FetchedProject, themes: &BTreeSet<ThemeId>) -> ProjectFact {
        let FetchedProject {
            role,
            acronym,
            cordis,
            ..
        } = &f;
        let evidence = f
            .sources
            .iter()
            .cloned()
            .map(|source| {
                let quote = match role {
                    Some(role) if source.0.contains("organization") => {
                        format!("CORDIS records a {role} participation in {acronym}")
                    }
                    _ => format!("names {acronym} among the organisation's projects"),
                };
                let cordis = cordis.clone().filter(|_| source.0.contains("organization"));
                self.evidence(source, quote, None, cordis)
            })
            .collect();
        ProjectFact {
            iri: f.project.as_str().to_owned(),
            acronym: f.acronym,
            title: f.title,
            role: f.role,
            ec_contribution: f.ec,
            start_year: f.start_year,
            end_year: f.end_year,
            themes: themes.iter().map(|t| self.theme_ref(t)).collect(),
            evidence,
        }
    }

    /// The figures the organisation's profile states about itself, each with its source.
    fn stated_figures(&self, org: &NamedNode) -> Result<Vec<StatedFigure>, StorageError> {
        let mut stated = Vec::new();
        for (name, predicate) in [
            ("H2020 projects", pg::H2020_PROJECT_COUNT),
            ("As coordinator", pg::COORDINATED_PROJECT_COUNT),
            ("Total EC funding (EUR)", pg::EC_FUNDING),
            ("Unique partners", pg::UNIQUE_PARTNER_COUNT),
            (
                "Countries collaborated with",
                pg::COLLABORATING_COUNTRY_COUNT,
            ),
        ] {
            for term in self.data.objects(org, predicate)? {
                let Some(value) = literal_number(&term) else {
                    continue;
                };
                for source in self.data.sources_of(org, predicate, Some(&term))? {
                    stated.push(StatedFigure {
                        name: name.to_owned(),
                        value,
                        evidence: self.evidence(source, format!("{name}: {value}"), None, None),
                    });
                }
            }
        }
        Ok(stated)
    }

    /// A hub has thousands of partners, each a few store reads: read them on every core.
    fn partners(&self, org: &NamedNode) -> Result<Vec<Partner>, StorageError> {
        let data = &self.data;
        let net = &self.net;
        self.net
            .partners_of(org)
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(partner, shared)| {
                Ok(Partner {
                    organisation: org_ref(data, &partner)?,
                    shared_projects: shared
                        .iter()
                        .map(|p| match net.acronym(p) {
                            Some(acronym) => Ok(acronym.to_owned()),
                            None => data.label(p),
                        })
                        .collect::<Result<_, StorageError>>()?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testgraph::{self, node};

    #[test]
    fn the_profile_lists_projects_roles_and_partners() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let profile = ctx.profile(&node("university")).unwrap();
        assert_eq!(profile.organisation.label, "Norrland University");
        assert_eq!(profile.organisation.country.as_deref(), Some("SE"));
        let projects: Vec<(&str, Option<&str>)> = (profile.projects.iter())
            .map(|p| (p.acronym.as_str(), p.role.as_deref()))
            .collect();
        assert_eq!(
            projects,
            [
                ("CAVITY", Some("participant")),
                ("SMILE", Some("participant"))
            ]
        );
        assert_eq!(profile.roles, [("participant".to_owned(), 2)]);
        assert_eq!(profile.projects[1].themes[0].id, "dental-care");
        let partners: Vec<(&str, usize)> = (profile.partners.iter())
            .map(|p| (p.organisation.label.as_str(), p.shared_projects.len()))
            .collect();
        assert_eq!(
            partners,
            [("Institute of Oral Health", 1), ("Region Norrland", 1)]
        );
        assert_eq!(
            profile.partner_countries,
            [("FI".to_owned(), 1), ("SE".to_owned(), 1)]
        );
        let company = ctx.profile(&node("company")).unwrap();
        assert!(company.projects.is_empty());
        assert_eq!(company.expertise[0].name, "Oral health devices");
        assert_eq!(company.expertise[0].themes[0].id, "dental-care");
    }
}
