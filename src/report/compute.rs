//! Computes a gap report for one organisation (or the body a region's strategy speaks for).

use super::SCORE_WEIGHTS;
use super::model::*;
use crate::model::ThemeId;
use crate::rdf::participations::{IndexError, Participations};
use crate::rdf::{self, iri};
use crate::resolve::themes::ThemeIndex;
use crate::resolve::{self, LookupError, fold};
use crate::store::ReadStore;
use crate::store::lookup::Lookup;
use crate::vocab::{pg, skos};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::store::StorageError;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Whom the report is about.
#[derive(Debug, Clone)]
pub enum Subject {
    /// An organisation, by any of its names.
    Organisation(String),
    /// A region: the report is about the body its strategy speaks for.
    Region(String),
}

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub subject: Subject,
    /// Candidates listed per gap.
    pub candidates: usize,
    /// Peers listed.
    pub peers: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("no region named {name:?} has a strategy in the graph{}", closest_regions(.closest))]
    UnknownRegion { name: String, closest: Vec<String> },
    #[error("the strategies for {name:?} speak for several organisations ({}); use --org", .issuers.join(", "))]
    SeveralIssuers { name: String, issuers: Vec<String> },
    #[error("reading the graph failed: {0}")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn closest_regions(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!("; regions with strategies: {}", closest.join(", "))
    }
}

/// An organisation's projects (acronyms) and expertise areas (name, level) in a theme.
type InTheme = (BTreeSet<String>, Vec<(String, String)>);

/// Cached theme profile of an organisation: for each theme, its projects and expertise areas.
#[derive(Debug, Default, Clone)]
struct OrgThemes {
    projects: BTreeMap<ThemeId, BTreeSet<String>>,
    expertise: BTreeMap<ThemeId, Vec<(String, String)>>,
}

struct Ctx<'a> {
    data: Lookup<'a>,
    /// Who takes part in what: the walks over many organisations and projects read this.
    net: Participations,
    themes: ThemeIndex,
    /// Theme → itself and every narrower theme.
    below: HashMap<ThemeId, BTreeSet<ThemeId>>,
    /// Theme → every broader theme.
    above: HashMap<ThemeId, BTreeSet<ThemeId>>,
    org_themes: std::cell::RefCell<HashMap<NamedNode, OrgThemes>>,
    /// Expertise areas: (organisation, area, themes); few, and read once.
    expertise: Vec<(NamedNode, NamedNode, BTreeSet<ThemeId>)>,
}

pub fn compute(read: &ReadStore, options: &ReportOptions) -> Result<GapReport, ReportError> {
    let store = read.store();
    let started = std::time::Instant::now();
    let themes = ThemeIndex::new(rdf::builtin_themes());
    let (below, above) = hierarchy(&themes);
    let data = Lookup::new(store)?;
    let expertise = expertise_areas(&data)?;
    let ctx = Ctx {
        net: Participations::open(&read.file(rdf::participations::FILE), store)?,
        data,
        themes,
        below,
        above,
        org_themes: Default::default(),
        expertise,
    };
    tracing::info!(elapsed = ?started.elapsed(), "read the participation index");
    let subject = match &options.subject {
        Subject::Organisation(name) => resolve::lookup_organisation(store, name)?.iri,
        Subject::Region(name) => region_issuer(&ctx, name)?,
    };
    tracing::info!(elapsed = ?started.elapsed(), "found the subject");
    let profile = ctx.profile(&subject)?;
    tracing::info!(elapsed = ?started.elapsed(), "profile");
    let strategies = ctx.data.subjects(pg::ISSUED_BY, &subject)?;
    let mut limitations = Vec::new();
    if strategies.is_empty() {
        limitations.push(format!(
            "No strategy in the graph speaks for {}: there are no priorities to compare with, so no gaps.",
            profile.organisation.label
        ));
    }
    if !profile.projects.iter().any(|p| p.role.is_some()) {
        limitations.push(
            "No CORDIS participation record for this organisation: projects come from its profile, without roles or EC contributions, and themes of projects only from its expertise areas.".to_owned(),
        );
    }
    let (priorities, priorities_without_theme) = ctx.priorities(&strategies)?;
    let subject_partners = ctx.net.partners_of(&subject);
    // Needed only once there is a gap, and costly for an organisation with many partners.
    let mut introducers = None;
    let subject_themes = ctx.org_themes(&subject)?;
    tracing::info!(elapsed = ?started.elapsed(), "priorities, partners, themes");
    let mut gaps = Vec::new();
    for priority in &priorities {
        let theme = ThemeId::new(&priority.theme.id);
        let coverage = ctx.coverage(&theme, &subject_themes, &subject_partners)?;
        let strong_expertise = coverage
            .expertise
            .iter()
            .any(|(_, level)| level == "primary" || level == "secondary");
        let kind = if coverage.projects.is_empty() && coverage.expertise.is_empty() {
            GapKind::Missing
        } else if coverage.projects.len() <= 1 && !strong_expertise {
            GapKind::Weak
        } else {
            continue;
        };
        let introducers = match introducers {
            Some(ref known) => known,
            None => introducers.insert(ctx.introducers(&subject, &subject_partners)),
        };
        tracing::info!(elapsed = ?started.elapsed(), "gap {theme}: coverage");
        let candidates = ctx.candidates(
            &theme,
            &subject,
            &profile.organisation,
            &subject_partners,
            introducers,
            options.candidates,
        )?;
        tracing::info!(elapsed = ?started.elapsed(), "gap {theme}: candidates");
        gaps.push(Gap {
            theme: priority.theme.clone(),
            kind,
            priority_weight: priority.statements.len() as u64,
            coverage,
            evidence: priority
                .statements
                .iter()
                .map(|s| s.evidence.clone())
                .collect(),
            candidates,
        });
    }
    gaps.sort_by(|a, b| {
        (a.kind != GapKind::Missing)
            .cmp(&(b.kind != GapKind::Missing))
            .then(b.priority_weight.cmp(&a.priority_weight))
            .then(a.theme.id.cmp(&b.theme.id))
    });
    let strengths = ctx.strengths(&subject_themes, &priorities);
    let peers = ctx.peers(
        &subject,
        &profile.organisation,
        &subject_themes,
        &subject_partners,
        options.peers,
    )?;
    tracing::info!(elapsed = ?started.elapsed(), "peers");
    let coverage_chart = priorities
        .iter()
        .map(|p| {
            let covered = ctx.covered(&ThemeId::new(&p.theme.id), &subject_themes);
            ThemeBar {
                theme: p.theme.clone(),
                priority_weight: p.statements.len() as u64,
                projects: covered.0.len() as u64,
                expertise: covered.1.len() as u64,
            }
        })
        .collect();
    let ego = ctx.ego(&subject, &subject_partners, &gaps)?;
    tracing::info!(elapsed = ?started.elapsed(), "ego network");
    let strategy_list = strategies
        .iter()
        .map(|s| {
            let source = ctx
                .data
                .sources_of(s, pg::HAS_PRIORITY, None)?
                .into_iter()
                .next();
            let title = ctx.data.text(s, pg::TITLE)?;
            Ok((
                source
                    .as_ref()
                    .map(|(id, _)| id.clone())
                    .unwrap_or_default(),
                title.or(source.and_then(|(_, t)| t)).unwrap_or_default(),
            ))
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(GapReport {
        generator: format!("partnergraph {}", env!("CARGO_PKG_VERSION")),
        generation: read.generation().to_owned(),
        profile,
        strategies: strategy_list,
        priorities,
        priorities_without_theme,
        gaps,
        strengths,
        peers,
        coverage_chart,
        ego,
        method: method(),
        limitations,
    })
}

/// Every organisation's expertise areas with their themes.
fn expertise_areas(
    data: &Lookup<'_>,
) -> Result<Vec<(NamedNode, NamedNode, BTreeSet<ThemeId>)>, StorageError> {
    let mut out = Vec::new();
    for quad in data
        .store
        .quads_for_pattern(None, Some(pg::HAS_EXPERTISE), None, None)
    {
        let quad = quad?;
        if let (oxigraph::model::NamedOrBlankNode::NamedNode(org), Term::NamedNode(area)) =
            (quad.subject, quad.object)
        {
            let themes = data
                .nodes(&area, pg::ABOUT_THEME)?
                .iter()
                .filter_map(|t| iri::theme_id(t.as_str()))
                .collect();
            out.push((org, area, themes));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn method() -> Vec<String> {
    let weights = SCORE_WEIGHTS
        .iter()
        .map(|(name, w)| format!("{name} {w}"))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        "A theme is a gap when a strategy statement of the organisation is about it (or a narrower theme) and the organisation has no project and no expertise area in it (missing), or at most one project and no primary or secondary expertise (weak). Top-level themes (e.g. health and life science) are too broad to be gaps and are left out.".to_owned(),
        "Candidates are organisations with projects or expertise areas in the theme. Theme (0–1): 0.7 × log(1 + projects in the theme) / log(11), capped at 0.7, plus 0.3, 0.2 or 0.1 for a primary, secondary or emerging expertise area.".to_owned(),
        "Proximity (0–1): 1 for an existing partner (a shared project), 0.5 + 0.1 per shared partner (at most 0.9) when the candidate has worked with your partners — a warm introduction — and 0 when unconnected.".to_owned(),
        "Complementarity (0–1): 0.4 for another country, 0.3 for another type of organisation, 0.3 for having coordinated a project.".to_owned(),
        format!("Score = weighted sum ({weights}); the reasons listed with each candidate are the facts behind the score."),
    ]
}

fn hierarchy(
    themes: &ThemeIndex,
) -> (
    HashMap<ThemeId, BTreeSet<ThemeId>>,
    HashMap<ThemeId, BTreeSet<ThemeId>>,
) {
    let mut above: HashMap<ThemeId, BTreeSet<ThemeId>> = HashMap::new();
    for entry in themes.entries() {
        let mut stack: Vec<ThemeId> = entry.broader.clone();
        let mut seen = BTreeSet::new();
        while let Some(theme) = stack.pop() {
            if seen.insert(theme.clone())
                && let Some(parent) = themes.get(&theme)
            {
                stack.extend(parent.broader.iter().cloned());
            }
        }
        above.insert(entry.id.clone(), seen);
    }
    let mut below: HashMap<ThemeId, BTreeSet<ThemeId>> = themes
        .entries()
        .iter()
        .map(|e| (e.id.clone(), BTreeSet::from([e.id.clone()])))
        .collect();
    for (theme, ancestors) in &above {
        for ancestor in ancestors {
            below
                .entry(ancestor.clone())
                .or_default()
                .insert(theme.clone());
        }
    }
    (below, above)
}

fn region_issuer(ctx: &Ctx<'_>, name: &str) -> Result<NamedNode, ReportError> {
    let wanted = fold(name);
    let mut regions = BTreeMap::new();
    for quad in ctx
        .data
        .store
        .quads_for_pattern(None, Some(pg::FOR_REGION), None, None)
    {
        let quad = quad?;
        if let (oxigraph::model::NamedOrBlankNode::NamedNode(strategy), Term::NamedNode(region)) =
            (quad.subject, quad.object)
        {
            let label = ctx.data.label(&region)?;
            regions.entry(label).or_insert_with(Vec::new).push(strategy);
        }
    }
    let matching: Vec<&Vec<NamedNode>> = regions
        .iter()
        .filter(|(label, _)| {
            let folded = fold(label);
            folded == wanted || folded.split(' ').any(|w| w == wanted) || folded.contains(&wanted)
        })
        .map(|(_, strategies)| strategies)
        .collect();
    if matching.is_empty() {
        return Err(ReportError::UnknownRegion {
            name: name.to_owned(),
            closest: regions.keys().cloned().collect(),
        });
    }
    let mut issuers = BTreeSet::new();
    for strategy in matching.into_iter().flatten() {
        issuers.extend(ctx.data.nodes(strategy, pg::ISSUED_BY)?);
    }
    match issuers.len() {
        1 => Ok(issuers.into_iter().next().expect("one issuer")),
        0 => Err(ReportError::UnknownRegion {
            name: name.to_owned(),
            closest: regions.keys().cloned().collect(),
        }),
        _ => Err(ReportError::SeveralIssuers {
            name: name.to_owned(),
            issuers: issuers
                .iter()
                .map(|i| ctx.data.label(i))
                .collect::<Result<_, _>>()?,
        }),
    }
}

impl Ctx<'_> {
    fn theme_ref(&self, id: &ThemeId) -> ThemeRef {
        ThemeRef {
            id: id.to_string(),
            label_en: self
                .themes
                .pref_label(id, crate::model::Lang::En)
                .unwrap_or(id.as_str())
                .to_owned(),
            label_sv: self
                .themes
                .pref_label(id, crate::model::Lang::Sv)
                .map(str::to_owned),
        }
    }

    fn is_top(&self, id: &ThemeId) -> bool {
        self.themes.get(id).is_none_or(|e| e.broader.is_empty())
    }

    fn theme_ids(&self, node: &NamedNode) -> Result<BTreeSet<ThemeId>, StorageError> {
        Ok(self
            .data
            .nodes(node, pg::ABOUT_THEME)?
            .iter()
            .filter_map(|t| iri::theme_id(t.as_str()))
            .collect())
    }

    fn evidence(
        &self,
        (source, title): (String, Option<String>),
        quote: String,
        line: Option<u64>,
        cordis: Option<String>,
    ) -> Evidence {
        Evidence {
            source,
            source_title: title,
            quote,
            line,
            cordis_project: cordis,
        }
    }

    /// The organisation's themes: those of its projects (the project's own themes and those of
    /// the organisation's expertise areas that name the project) and of its expertise areas.
    /// Organisation → our partners it has worked with (a warm introduction).
    fn introducers(
        &self,
        subject: &NamedNode,
        subject_partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    ) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
        let mut out: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
        for partner in subject_partners.keys() {
            for other in self.net.partners_of(partner).into_keys() {
                if other != *subject {
                    out.entry(other).or_default().insert(partner.clone());
                }
            }
        }
        out
    }

    fn org_themes(&self, org: &NamedNode) -> Result<OrgThemes, StorageError> {
        if let Some(cached) = self.org_themes.borrow().get(org) {
            return Ok(cached.clone());
        }
        let mut out = OrgThemes::default();
        let mut expertise_projects: BTreeMap<NamedNode, BTreeSet<ThemeId>> = BTreeMap::new();
        for (_, area, themes) in self.expertise.iter().filter(|(o, _, _)| o == org) {
            let name = self.data.text(area, skos::PREF_LABEL)?.unwrap_or_default();
            let level = self.data.text(area, pg::LEVEL)?.unwrap_or_default();
            for theme in themes {
                out.expertise
                    .entry(theme.clone())
                    .or_default()
                    .push((name.clone(), level.clone()));
            }
            for project in self.data.nodes(area, pg::EVIDENCED_BY)? {
                expertise_projects
                    .entry(project)
                    .or_default()
                    .extend(themes.iter().cloned());
            }
        }
        for (project, acronym, themes) in self.net.project_themes_of(org) {
            let extra = expertise_projects.remove(&project).unwrap_or_default();
            for theme in themes.iter().chain(&extra) {
                out.projects
                    .entry(theme.clone())
                    .or_default()
                    .insert(acronym.to_owned());
            }
        }
        self.org_themes
            .borrow_mut()
            .insert(org.clone(), out.clone());
        Ok(out)
    }

    /// The projects and expertise areas of an organisation in a theme or any narrower one.
    fn covered(
        &self,
        theme: &ThemeId,
        themes: &OrgThemes,
    ) -> (BTreeSet<String>, Vec<(String, String)>) {
        let mut projects = BTreeSet::new();
        let mut expertise = Vec::new();
        for t in self.below.get(theme).into_iter().flatten() {
            projects.extend(themes.projects.get(t).into_iter().flatten().cloned());
            for e in themes.expertise.get(t).into_iter().flatten() {
                if !expertise.contains(e) {
                    expertise.push(e.clone());
                }
            }
        }
        (projects, expertise)
    }

    fn coverage(
        &self,
        theme: &ThemeId,
        subject: &OrgThemes,
        partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    ) -> Result<Coverage, StorageError> {
        let (projects, expertise) = self.covered(theme, subject);
        let mut partners_active = Vec::new();
        for partner in partners.keys() {
            let (p, e) = self.covered(theme, &self.org_themes(partner)?);
            if !p.is_empty() || !e.is_empty() {
                partners_active.push(self.data.label(partner)?);
            }
        }
        partners_active.sort();
        Ok(Coverage {
            projects: projects.into_iter().collect(),
            expertise,
            partners_active,
        })
    }

    fn profile(&self, org: &NamedNode) -> Result<Profile, StorageError> {
        let organisation = org_ref(&self.data, org)?;
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
        aliases.remove(&organisation.label);
        let mut expertise_by_project: BTreeMap<NamedNode, BTreeSet<ThemeId>> = BTreeMap::new();
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

        // Each project is a dozen store reads and a hub has thousands: read them on every core,
        // then total in project order so that sums come out the same every run.
        let data = &self.data;
        let subject: Term = org.clone().into();
        let fetched = self
            .data
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
            .collect::<Result<Vec<_>, StorageError>>()?;
        let mut projects = Vec::new();
        let mut roles: BTreeMap<String, u64> = BTreeMap::new();
        let mut ec_contribution: Option<f64> = None;
        for f in fetched {
            let FetchedProject {
                role,
                ec,
                acronym,
                cordis,
                mut themes,
                ..
            } = f;
            if let Some(ec) = ec {
                *ec_contribution.get_or_insert(0.0) += ec;
            }
            *roles
                .entry(role.clone().unwrap_or_else(|| "unknown".to_owned()))
                .or_default() += 1;
            themes.extend(expertise_by_project.remove(&f.project).unwrap_or_default());
            let evidence = f
                .sources
                .into_iter()
                .map(|source| {
                    let quote = match &role {
                        Some(role) if source.0.contains("organization") => {
                            format!("CORDIS records a {role} participation in {acronym}")
                        }
                        _ => format!("names {acronym} among the organisation's projects"),
                    };
                    let cordis = cordis.clone().filter(|_| source.0.contains("organization"));
                    self.evidence(source, quote, None, cordis)
                })
                .collect();
            projects.push(ProjectFact {
                iri: f.project.as_str().to_owned(),
                acronym,
                title: f.title,
                role,
                ec_contribution: ec,
                start_year: f.start_year,
                end_year: f.end_year,
                themes: themes.iter().map(|t| self.theme_ref(t)).collect(),
                evidence,
            });
        }
        projects.sort_by(|a, b| a.acronym.cmp(&b.acronym));

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

        // A hub has thousands of partners, each a few store reads: read them on every core.
        let data = &self.data;
        let net = &self.net;
        let mut partners = self
            .net
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
            .collect::<Result<Vec<_>, StorageError>>()?;
        let mut countries: BTreeMap<String, u64> = BTreeMap::new();
        for partner in &partners {
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
        Ok(Profile {
            organisation,
            aliases: aliases.into_iter().collect(),
            projects,
            roles: roles.into_iter().collect(),
            ec_contribution,
            stated,
            partners,
            partner_countries,
            expertise,
            early_focus: self.data.text(org, pg::EARLY_FOCUS)?,
            recent_focus: self.data.text(org, pg::RECENT_FOCUS)?,
        })
    }

    /// The strategies' priorities by theme, and those that no specific theme places.
    fn priorities(
        &self,
        strategies: &[NamedNode],
    ) -> Result<(Vec<Priority>, Vec<PriorityStatement>), StorageError> {
        let mut by_theme: BTreeMap<ThemeId, Vec<PriorityStatement>> = BTreeMap::new();
        let mut unplaced = Vec::new();
        for strategy in strategies {
            for priority in self.data.nodes(strategy, pg::HAS_PRIORITY)? {
                let label = self
                    .data
                    .text(&priority, skos::PREF_LABEL)?
                    .unwrap_or_default();
                let statement = self
                    .data
                    .text(&priority, pg::STATEMENT)?
                    .unwrap_or_default();
                let line = self.data.number(&priority, pg::LINE)?.map(|l| l as u64);
                let commitment = self
                    .data
                    .nodes(&priority, oxigraph::model::vocab::rdf::TYPE)?
                    .iter()
                    .any(|c| c.as_ref() == pg::COMMITMENT);
                let source = self
                    .data
                    .sources_of(strategy, pg::HAS_PRIORITY, Some(&priority.clone().into()))?
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let statement = PriorityStatement {
                    label: label.clone(),
                    kind: if commitment {
                        "commitment"
                    } else {
                        "priority area"
                    }
                    .to_owned(),
                    evidence: self.evidence(source.clone(), statement.clone(), line, None),
                };
                let themes: Vec<ThemeId> = self
                    .theme_ids(&priority)?
                    .into_iter()
                    .filter(|t| !self.is_top(t))
                    .collect();
                if themes.is_empty() {
                    unplaced.push(statement);
                    continue;
                }
                for theme in themes {
                    by_theme.entry(theme).or_default().push(statement.clone());
                }
            }
        }
        let mut priorities: Vec<Priority> = by_theme
            .into_iter()
            .map(|(theme, statements)| Priority {
                theme: self.theme_ref(&theme),
                statements,
            })
            .collect();
        priorities.sort_by(|a, b| {
            b.statements
                .len()
                .cmp(&a.statements.len())
                .then(a.theme.id.cmp(&b.theme.id))
        });
        unplaced.sort_by(|a, b| {
            (&a.evidence.source, a.evidence.line).cmp(&(&b.evidence.source, b.evidence.line))
        });
        Ok((priorities, unplaced))
    }

    /// Organisations with projects or expertise in the theme, best first.
    fn candidates(
        &self,
        theme: &ThemeId,
        subject: &NamedNode,
        subject_ref: &OrgRef,
        subject_partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        introducers: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        limit: usize,
    ) -> Result<Vec<Candidate>, StorageError> {
        let subtree = self.below.get(theme).into_iter().flatten();
        let mut pool: BTreeMap<NamedNode, InTheme> = self
            .net
            .active_in(subtree.clone())
            .into_iter()
            .map(|(org, projects)| (org, (projects, Vec::new())))
            .collect();
        let subtree: BTreeSet<&ThemeId> = subtree.collect();
        for (org, area, themes) in &self.expertise {
            if !themes.iter().any(|t| subtree.contains(t)) {
                continue;
            }
            let name = self.data.text(area, skos::PREF_LABEL)?.unwrap_or_default();
            let level = self.data.text(area, pg::LEVEL)?.unwrap_or_default();
            let entry = pool.entry(org.clone()).or_default();
            if !entry.1.contains(&(name.clone(), level.clone())) {
                entry.1.push((name, level));
            }
            for project in self.data.nodes(area, pg::EVIDENCED_BY)? {
                entry.0.insert(match self.net.acronym(&project) {
                    Some(acronym) => acronym.to_owned(),
                    None => self.data.label(&project)?,
                });
            }
        }
        pool.remove(subject);
        let level_bonus = |expertise: &[(String, String)]| {
            expertise
                .iter()
                .map(|(_, l)| match l.as_str() {
                    "primary" => 0.3,
                    "secondary" => 0.2,
                    _ => 0.1,
                })
                .fold(0.0, f64::max)
        };
        let mut scored: Vec<(f64, NamedNode, InTheme)> = pool
            .into_iter()
            .map(|(org, (projects, expertise))| {
                let n = projects.len() as f64;
                let theme_score =
                    ((1.0 + n).ln() / 11f64.ln()).min(1.0) * 0.7 + level_bonus(&expertise);
                (theme_score.min(1.0), org, (projects, expertise))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Proximity needs each candidate's partners; only the best by theme can make the list.
        scored.truncate(limit.max(1) * 12);
        let label = self.theme_ref(theme).label_en;
        let mut candidates = Vec::new();
        for (theme_score, org, (projects, expertise)) in scored {
            let organisation = org_ref(&self.data, &org)?;
            let (proximity, proximity_score) = match subject_partners.get(&org) {
                Some(shared) => (
                    Proximity::Partner {
                        shared_projects: shared
                            .iter()
                            .map(|p| self.data.label(p))
                            .collect::<Result<_, _>>()?,
                    },
                    1.0,
                ),
                None => {
                    let mut shared: Vec<String> = introducers
                        .get(&org)
                        .into_iter()
                        .flatten()
                        .map(|p| self.data.label(p))
                        .collect::<Result<_, _>>()?;
                    shared.sort();
                    if shared.is_empty() {
                        (Proximity::Unconnected, 0.0)
                    } else {
                        let score = (0.5 + 0.1 * shared.len() as f64).min(0.9);
                        (
                            Proximity::Warm {
                                shared_partners: shared,
                            },
                            score,
                        )
                    }
                }
            };
            let coordinated = self.net.coordinated(&org);
            let other_country =
                organisation.country.is_some() && organisation.country != subject_ref.country;
            let other_type =
                organisation.org_type.is_some() && organisation.org_type != subject_ref.org_type;
            let complementarity = 0.4 * f64::from(u8::from(other_country))
                + 0.3 * f64::from(u8::from(other_type))
                + 0.3 * f64::from(u8::from(coordinated > 0));
            let parts = ScoreParts {
                theme: round(theme_score),
                proximity: round(proximity_score),
                complementarity: round(complementarity),
            };
            let score = round(
                SCORE_WEIGHTS[0].1 * parts.theme
                    + SCORE_WEIGHTS[1].1 * parts.proximity
                    + SCORE_WEIGHTS[2].1 * parts.complementarity,
            );
            let mut why = Vec::new();
            if !projects.is_empty() {
                why.push(format!(
                    "{} project{} in {label}: {}",
                    projects.len(),
                    if projects.len() == 1 { "" } else { "s" },
                    list(projects.iter().map(String::as_str), 5)
                ));
            }
            for (name, level) in &expertise {
                why.push(format!("{level} expertise: {name}"));
            }
            match &proximity {
                Proximity::Partner { shared_projects } => why.push(format!(
                    "already your partner in {}",
                    list(shared_projects.iter().map(String::as_str), 5)
                )),
                Proximity::Warm { shared_partners } => why.push(format!(
                    "shares {} partner{} with you: {}",
                    shared_partners.len(),
                    if shared_partners.len() == 1 { "" } else { "s" },
                    list(shared_partners.iter().map(String::as_str), 3)
                )),
                Proximity::Unconnected => why.push("not yet connected to your network".to_owned()),
            }
            if coordinated > 0 {
                why.push(format!(
                    "coordinated {coordinated} project{}",
                    if coordinated == 1 { "" } else { "s" }
                ));
            }
            if other_country && let Some(country) = &organisation.country {
                why.push(format!("based in {country}"));
            }
            if other_type && let Some(kind) = &organisation.org_type {
                why.push(format!("a different kind of organisation ({kind})"));
            }
            candidates.push(Candidate {
                organisation,
                score,
                parts,
                proximity,
                theme_projects: projects.into_iter().collect(),
                theme_expertise: expertise,
                coordinated,
                why,
            });
        }
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.organisation.label.cmp(&b.organisation.label))
        });
        candidates.truncate(limit);
        Ok(candidates)
    }

    fn strengths(&self, subject: &OrgThemes, priorities: &[Priority]) -> Vec<Strength> {
        let prioritised: BTreeSet<ThemeId> = priorities
            .iter()
            .map(|p| ThemeId::new(&p.theme.id))
            .collect();
        let related = |theme: &ThemeId| {
            prioritised.contains(theme)
                || self
                    .above
                    .get(theme)
                    .is_some_and(|a| a.iter().any(|t| prioritised.contains(t) && !self.is_top(t)))
                || self
                    .below
                    .get(theme)
                    .is_some_and(|b| b.iter().any(|t| prioritised.contains(t)))
        };
        let themes: BTreeSet<&ThemeId> = subject
            .projects
            .keys()
            .chain(subject.expertise.keys())
            .collect();
        let mut strengths: Vec<Strength> = themes
            .into_iter()
            .filter(|t| !self.is_top(t) && !related(t))
            .filter_map(|t| {
                let projects: Vec<String> = subject
                    .projects
                    .get(t)
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                let expertise = subject.expertise.get(t).cloned().unwrap_or_default();
                let strong = projects.len() >= 2
                    || expertise
                        .iter()
                        .any(|(_, l)| l == "primary" || l == "secondary");
                strong.then(|| Strength {
                    theme: self.theme_ref(t),
                    projects,
                    expertise,
                })
            })
            .collect();
        strengths.sort_by(|a, b| {
            b.projects
                .len()
                .cmp(&a.projects.len())
                .then(a.theme.id.cmp(&b.theme.id))
        });
        strengths
    }

    fn peers(
        &self,
        subject: &NamedNode,
        subject_ref: &OrgRef,
        subject_themes: &OrgThemes,
        subject_partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        limit: usize,
    ) -> Result<Vec<Peer>, StorageError> {
        let Some(kind) = &subject_ref.org_type else {
            return Ok(Vec::new());
        };
        let mut pool = BTreeSet::new();
        for predicate in [pg::ACTIVITY_TYPE, pg::ORGANISATION_TYPE] {
            for quad in self.data.store.quads_for_pattern(
                None,
                Some(predicate),
                Some(Literal::new_simple_literal(kind).as_ref().into()),
                None,
            ) {
                if let oxigraph::model::NamedOrBlankNode::NamedNode(org) = quad?.subject {
                    pool.insert(org);
                }
            }
        }
        pool.remove(subject);
        let vector = |themes: &OrgThemes| -> BTreeMap<ThemeId, f64> {
            let mut v: BTreeMap<ThemeId, f64> = BTreeMap::new();
            for (t, p) in &themes.projects {
                *v.entry(t.clone()).or_default() += p.len() as f64;
            }
            for (t, e) in &themes.expertise {
                *v.entry(t.clone()).or_default() += e.len() as f64;
            }
            v.retain(|t, _| !self.is_top(t));
            v
        };
        let ours = vector(subject_themes);
        let norm = |v: &BTreeMap<ThemeId, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
        let mut peers = Vec::new();
        for org in pool {
            let theirs = vector(&self.org_themes(&org)?);
            if theirs.is_empty() || ours.is_empty() {
                continue;
            }
            let dot: f64 = ours
                .iter()
                .map(|(t, x)| x * theirs.get(t).unwrap_or(&0.0))
                .sum();
            let similarity = dot / (norm(&ours) * norm(&theirs));
            if similarity <= 0.0 {
                continue;
            }
            peers.push((similarity, org, theirs));
        }
        peers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        peers.truncate(limit);
        let mut out = Vec::new();
        for (similarity, org, theirs) in peers {
            let mut covers: Vec<(&ThemeId, &f64)> = theirs
                .iter()
                .filter(|(t, _)| !ours.contains_key(*t))
                .collect();
            covers.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
            let mut new_partners: Vec<(usize, NamedNode)> = self
                .net
                .partners_of(&org)
                .into_iter()
                .filter(|(p, _)| p != subject && !subject_partners.contains_key(p))
                .map(|(p, shared)| (shared.len(), p))
                .collect();
            new_partners.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            out.push(Peer {
                organisation: org_ref(&self.data, &org)?,
                similarity: round(similarity),
                covers: covers
                    .into_iter()
                    .take(6)
                    .map(|(t, _)| self.theme_ref(t))
                    .collect(),
                new_partners: new_partners
                    .into_iter()
                    .take(6)
                    .map(|(_, p)| org_ref(&self.data, &p))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(out)
    }

    fn ego(
        &self,
        subject: &NamedNode,
        partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        gaps: &[Gap],
    ) -> Result<EgoNetwork, StorageError> {
        let mut members: Vec<(NamedNode, &str)> = vec![(subject.clone(), "subject")];
        let mut top: Vec<(&NamedNode, usize)> =
            partners.iter().map(|(p, s)| (p, s.len())).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        members.extend(
            top.into_iter()
                .take(12)
                .map(|(p, _)| (p.clone(), "partner")),
        );
        for gap in gaps {
            for candidate in gap.candidates.iter().take(2) {
                let node = NamedNode::new_unchecked(&candidate.organisation.iri);
                if members.len() < 24 && !members.iter().any(|(m, _)| *m == node) {
                    members.push((node, "candidate"));
                }
            }
        }
        let projects: Vec<BTreeSet<NamedNode>> = members
            .iter()
            .map(|(m, _)| {
                self.net
                    .projects_of(m)
                    .into_iter()
                    .map(|(p, _)| p)
                    .collect()
            })
            .collect();
        let mut edges = Vec::new();
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                let shared = projects[i].intersection(&projects[j]).count() as u64;
                if shared > 0 {
                    edges.push((i, j, shared));
                }
            }
        }
        let nodes = members
            .iter()
            .map(|(m, role)| {
                let r = org_ref(&self.data, m)?;
                Ok(EgoNode {
                    label: r.label,
                    role: (*role).to_owned(),
                    country: r.country,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        Ok(EgoNetwork { nodes, edges })
    }
}

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

/// Name, country and type of an organisation; a free function so that rayon can call it.
fn org_ref(data: &Lookup<'_>, org: &NamedNode) -> Result<OrgRef, StorageError> {
    let country = match data.nodes(org, pg::HAS_COUNTRY)?.first() {
        Some(c) => data.text(c, pg::COUNTRY_CODE)?,
        None => None,
    };
    Ok(OrgRef {
        iri: org.as_str().to_owned(),
        label: data.label(org)?,
        country,
        org_type: data
            .text(org, pg::ACTIVITY_TYPE)?
            .or(data.text(org, pg::ORGANISATION_TYPE)?),
    })
}

fn literal_number(term: &Term) -> Option<f64> {
    match term {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// "A, B, C and 4 more".
fn list<'a>(items: impl Iterator<Item = &'a str>, max: usize) -> String {
    let items: Vec<&str> = items.collect();
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}
