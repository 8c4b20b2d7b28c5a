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
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::StorageError;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

mod candidates;
mod peers;
mod priorities;
mod profile;
#[cfg(test)]
mod testgraph;

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
    #[error("the strategies for {name:?} speak for several organisations ({}); name the one to report for", .issuers.join(", "))]
    SeveralIssuers { name: String, issuers: Vec<String> },
    #[error("reading the graph failed")]
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

/// The subject of the report as the computations need it.
struct Focus<'f> {
    iri: &'f NamedNode,
    org: &'f OrgRef,
    themes: &'f OrgThemes,
    /// Partner → the projects shared with the subject.
    partners: &'f BTreeMap<NamedNode, BTreeSet<NamedNode>>,
}

pub fn compute(read: &ReadStore, options: &ReportOptions) -> Result<GapReport, ReportError> {
    let store = read.store();
    let started = Instant::now();
    let net = Participations::open(&read.file(rdf::participations::FILE), store)?;
    let ctx = Ctx::new(store, net)?;
    tracing::info!(elapsed = ?started.elapsed(), "read the participation index");
    let subject = match &options.subject {
        Subject::Organisation(name) => resolve::lookup_organisation(store, name)?.iri,
        Subject::Region(name) => region_issuer(&ctx, name)?,
    };
    tracing::info!(elapsed = ?started.elapsed(), "found the subject");
    let profile = ctx.profile(&subject)?;
    tracing::info!(elapsed = ?started.elapsed(), "profile");
    let strategies = ctx.data.subjects(pg::ISSUED_BY, &subject)?;
    let limitations = limitations(&profile, &strategies);
    let (priorities, priorities_without_theme) = ctx.priorities(&strategies)?;
    let subject_partners = ctx.net.partners_of(&subject);
    let subject_themes = ctx.org_themes(&subject)?;
    tracing::info!(elapsed = ?started.elapsed(), "priorities, partners, themes");
    let focus = Focus {
        iri: &subject,
        org: &profile.organisation,
        themes: &subject_themes,
        partners: &subject_partners,
    };
    let gaps = ctx.gaps(&focus, &priorities, options.candidates, started)?;
    let strengths = ctx.strengths(&subject_themes, &priorities);
    let peers = ctx.peers(&focus, options.peers)?;
    tracing::info!(elapsed = ?started.elapsed(), "peers");
    let coverage_chart = ctx.coverage_chart(&priorities, &subject_themes);
    let ego = ctx.ego(&subject, &subject_partners, &gaps)?;
    tracing::info!(elapsed = ?started.elapsed(), "ego network");
    let strategy_list = ctx.strategy_list(&strategies)?;
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

/// What the report cannot say about the subject, and why.
fn limitations(profile: &Profile, strategies: &[NamedNode]) -> Vec<String> {
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
    limitations
}

/// Missing: no project and no expertise area in the theme; weak: at most one project and no
/// primary or secondary expertise area; `None`: covered.
fn gap_kind(coverage: &Coverage) -> Option<GapKind> {
    let strong_expertise = coverage
        .expertise
        .iter()
        .any(|(_, level)| level == "primary" || level == "secondary");
    if coverage.projects.is_empty() && coverage.expertise.is_empty() {
        Some(GapKind::Missing)
    } else if coverage.projects.len() <= 1 && !strong_expertise {
        Some(GapKind::Weak)
    } else {
        None
    }
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
        "A theme is a gap when a strategy statement of the organisation is about it (or a narrower theme) and the organisation has no project and no expertise area in it (missing), or at most one project and no primary or secondary expertise (weak). Top-level themes with narrower ones (e.g. health and life science) are too broad to be gaps and are left out; one without (e.g. tourism, energy) is a theme like any other.".to_owned(),
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
            // `Basque Country` asked, `Basque` the region a strategy's issuer gave; `Dalarnas
            // län`, the county's Swedish name, for `Dalarna`.
            let within = folded.split(' ').all(|w| {
                wanted
                    .split(' ')
                    .any(|v| v == w || v.strip_suffix('s') == Some(w))
            });
            // `Jämtlands län`, the county of `Region Jämtland Härjedalen`: a county asked by its
            // Swedish name is the region whose name opens with the county's place.
            let county = wanted.strip_suffix(" lan").is_some_and(|place| {
                let place = place.strip_suffix('s').unwrap_or(place);
                folded.split(' ').next() == Some(place)
            });
            folded == wanted || folded.contains(&wanted) || within || county
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

impl<'a> Ctx<'a> {
    fn new(store: &'a Store, net: Participations) -> Result<Self, StorageError> {
        let themes = ThemeIndex::new(rdf::builtin_themes());
        let (below, above) = hierarchy(&themes);
        let data = Lookup::new(store)?;
        let expertise = expertise_areas(&data)?;
        Ok(Ctx {
            net,
            data,
            themes,
            below,
            above,
            org_themes: Default::default(),
            expertise,
        })
    }
}

impl Ctx<'_> {
    /// The prioritised themes the subject misses or covers weakly, each with candidates to
    /// close it: missing ones first, then by the number of statements.
    fn gaps(
        &self,
        focus: &Focus<'_>,
        priorities: &[Priority],
        candidates: usize,
        started: Instant,
    ) -> Result<Vec<Gap>, StorageError> {
        // Needed only once there is a gap, and costly for an organisation with many partners.
        let mut introducers = None;
        let mut gaps = Vec::new();
        for priority in priorities {
            let theme = ThemeId::new(&priority.theme.id);
            let coverage = self.coverage(&theme, focus.themes, focus.partners)?;
            let Some(kind) = gap_kind(&coverage) else {
                continue;
            };
            let introducers = match introducers {
                Some(ref known) => known,
                None => introducers.insert(self.introducers(focus.iri, focus.partners)),
            };
            tracing::info!(elapsed = ?started.elapsed(), "gap {theme}: coverage");
            let candidates = self.candidates(&theme, focus, introducers, candidates)?;
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
        Ok(gaps)
    }

    fn coverage_chart(&self, priorities: &[Priority], subject: &OrgThemes) -> Vec<ThemeBar> {
        priorities
            .iter()
            .map(|p| {
                let covered = self.covered(&ThemeId::new(&p.theme.id), subject);
                ThemeBar {
                    theme: p.theme.clone(),
                    priority_weight: p.statements.len() as u64,
                    projects: covered.0.len() as u64,
                    expertise: covered.1.len() as u64,
                }
            })
            .collect()
    }

    /// Each strategy's source document and title.
    fn strategy_list(
        &self,
        strategies: &[NamedNode],
    ) -> Result<Vec<(String, String)>, StorageError> {
        strategies
            .iter()
            .map(|s| {
                let source = self
                    .data
                    .sources_of(s, pg::HAS_PRIORITY, None)?
                    .into_iter()
                    .next();
                let title = self.data.text(s, pg::TITLE)?;
                Ok((
                    source
                        .as_ref()
                        .map(|(id, _)| id.clone())
                        .unwrap_or_default(),
                    title.or(source.and_then(|(_, t)| t)).unwrap_or_default(),
                ))
            })
            .collect()
    }

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

    /// A domain heading of the scheme (health and life science), too broad to compare; a
    /// top-level theme without narrower ones (tourism, energy) is as specific as the scheme goes.
    fn is_top(&self, id: &ThemeId) -> bool {
        self.themes.get(id).is_none_or(|e| {
            e.broader.is_empty() && self.below.get(id).is_some_and(|below| below.len() > 1)
        })
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

    /// The organisation's themes: those of its projects (the project's own themes and those of
    /// the organisation's expertise areas that name the project) and of its expertise areas.
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

#[cfg(test)]
mod tests {
    use super::testgraph::{self, node};
    use super::*;

    fn coverage(projects: &[&str], expertise: &[(&str, &str)]) -> Coverage {
        Coverage {
            projects: projects.iter().map(|p| p.to_string()).collect(),
            expertise: (expertise.iter())
                .map(|(n, l)| (n.to_string(), l.to_string()))
                .collect(),
            partners_active: Vec::new(),
        }
    }

    #[test]
    fn a_gap_is_missing_without_evidence_and_weak_with_little() {
        assert_eq!(gap_kind(&coverage(&[], &[])), Some(GapKind::Missing));
        assert_eq!(gap_kind(&coverage(&["A"], &[])), Some(GapKind::Weak));
        assert_eq!(
            gap_kind(&coverage(&[], &[("Oral care", "emerging")])),
            Some(GapKind::Weak)
        );
        assert_eq!(
            gap_kind(&coverage(&["A"], &[("Oral care", "secondary")])),
            None
        );
        assert_eq!(gap_kind(&coverage(&["A", "B"], &[])), None);
    }

    #[test]
    fn gaps_of_the_region_are_its_uncovered_priorities_missing_first() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let region = testgraph::Subject::of(&ctx, "region");
        let focus = region.focus();
        let (priorities, _) = ctx.priorities(&[node("strategy/norrland")]).unwrap();
        let gaps = ctx.gaps(&focus, &priorities, 2, Instant::now()).unwrap();
        let kinds: Vec<(&str, GapKind)> =
            gaps.iter().map(|g| (g.theme.id.as_str(), g.kind)).collect();
        assert_eq!(
            kinds,
            [("dental-care", GapKind::Missing), ("cancer", GapKind::Weak)]
        );
        let dental = &gaps[0];
        assert!(dental.coverage.projects.is_empty());
        // The university, the region's partner, works on dental care.
        assert_eq!(dental.coverage.partners_active, ["Norrland University"]);
        assert_eq!(dental.candidates.len(), 2, "the limit");
        assert_eq!(gaps[1].coverage.projects, ["CAVITY"]);
        let cancer: Vec<&str> = (gaps[1].candidates.iter())
            .map(|c| c.organisation.label.as_str())
            .collect();
        assert_eq!(cancer, ["Norrland University", "Norrland Hospital"]);
        let chart = ctx.coverage_chart(&priorities, &region.themes);
        let bars: Vec<(&str, u64)> = chart
            .iter()
            .map(|b| (b.theme.id.as_str(), b.projects))
            .collect();
        assert_eq!(bars, [("cancer", 1), ("dental-care", 0)]);
    }

    #[test]
    fn the_hierarchy_links_a_theme_to_all_above_and_below() {
        let themes = ThemeIndex::new(rdf::builtin_themes());
        let (below, above) = hierarchy(&themes);
        let dental = ThemeId::new("dental-care");
        let delivery = ThemeId::new("healthcare-delivery");
        let health = ThemeId::new("health-life-science");
        assert_eq!(
            above[&dental],
            BTreeSet::from([delivery.clone(), health.clone()])
        );
        assert!(below[&health].contains(&dental) && below[&delivery].contains(&dental));
        assert!(below[&dental].contains(&dental));
    }

    #[test]
    fn only_top_level_themes_with_narrower_ones_are_too_broad_to_compare() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        assert!(ctx.is_top(&ThemeId::new("health-life-science")));
        assert!(ctx.is_top(&ThemeId::new("digital-technology")));
        for leaf in [
            "tourism",
            "energy",
            "transport",
            "creative-cultural-industries",
        ] {
            assert!(!ctx.is_top(&ThemeId::new(leaf)), "{leaf}");
        }
        assert!(!ctx.is_top(&ThemeId::new("dental-care")));
        assert!(ctx.is_top(&ThemeId::new("not-in-the-scheme")));
    }

    #[test]
    fn lists_are_cut_with_a_count_of_the_rest() {
        let items = ["A", "B", "C", "D"];
        assert_eq!(list(items.into_iter(), 4), "A, B, C, D");
        assert_eq!(list(items.into_iter(), 2), "A, B and 2 more");
    }
}
