//! Candidates to close a gap: organisations active in the theme, scored by how much they do in
//! it, how close they are to the subject's network and how much they add to it.

use super::{Ctx, Focus, InTheme, list, org_ref, round};
use crate::model::ThemeId;
use crate::report::SCORE_WEIGHTS;
use crate::report::model::{Candidate, OrgRef, Proximity, ScoreParts};
use crate::vocab::{pg, skos};
use oxigraph::model::NamedNode;
use oxigraph::store::StorageError;
use std::collections::{BTreeMap, BTreeSet};

/// Theme score (0–1): 0.7 × log(1 + projects) / log(11), capped at 0.7, plus 0.3, 0.2 or 0.1
/// for the best of a primary, secondary or other expertise area.
fn theme_score(projects: usize, expertise: &[(String, String)]) -> f64 {
    let level_bonus = expertise
        .iter()
        .map(|(_, l)| match l.as_str() {
            "primary" => 0.3,
            "secondary" => 0.2,
            _ => 0.1,
        })
        .fold(0.0, f64::max);
    let n = projects as f64;
    let score = ((1.0 + n).ln() / 11f64.ln()).min(1.0) * 0.7 + level_bonus;
    score.min(1.0)
}

/// What a candidate adds to the subject: another country, another kind of organisation, and
/// the experience of having coordinated.
struct Complement {
    other_country: bool,
    other_type: bool,
    coordinated: u64,
}

impl Complement {
    fn new(candidate: &OrgRef, subject: &OrgRef, coordinated: u64) -> Self {
        Complement {
            other_country: candidate.country.is_some() && candidate.country != subject.country,
            other_type: candidate.org_type.is_some() && candidate.org_type != subject.org_type,
            coordinated,
        }
    }

    /// 0.4 for another country, 0.3 for another type, 0.3 for having coordinated.
    fn score(&self) -> f64 {
        0.4 * f64::from(u8::from(self.other_country))
            + 0.3 * f64::from(u8::from(self.other_type))
            + 0.3 * f64::from(u8::from(self.coordinated > 0))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The facts behind a candidate's score, in words.
fn reasons(
    theme_label: &str,
    candidate: &OrgRef,
    in_theme: &InTheme,
    proximity: &Proximity,
    complement: &Complement,
) -> Vec<String> {
    let (projects, expertise) = in_theme;
    let mut why = Vec::new();
    if !projects.is_empty() {
        why.push(format!(
            "{} project{} in {theme_label}: {}",
            projects.len(),
            plural(projects.len()),
            list(projects.iter().map(String::as_str), 5)
        ));
    }
    for (name, level) in expertise {
        why.push(format!("{level} expertise: {name}"));
    }
    match proximity {
        Proximity::Partner { shared_projects } => why.push(format!(
            "already your partner in {}",
            list(shared_projects.iter().map(String::as_str), 5)
        )),
        Proximity::Warm { shared_partners } => why.push(format!(
            "shares {} partner{} with you: {}",
            shared_partners.len(),
            plural(shared_partners.len()),
            list(shared_partners.iter().map(String::as_str), 3)
        )),
        Proximity::Unconnected => why.push("not yet connected to your network".to_owned()),
    }
    let coordinated = complement.coordinated;
    if coordinated > 0 {
        why.push(format!(
            "coordinated {coordinated} project{}",
            plural(coordinated as usize)
        ));
    }
    if complement.other_country
        && let Some(country) = &candidate.country
    {
        why.push(format!("based in {country}"));
    }
    if complement.other_type
        && let Some(kind) = &candidate.org_type
    {
        why.push(format!("a different kind of organisation ({kind})"));
    }
    why
}

impl Ctx<'_> {
    /// Organisations with projects or expertise in the theme, best first.
    pub(super) fn candidates(
        &self,
        theme: &ThemeId,
        focus: &Focus<'_>,
        introducers: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        limit: usize,
    ) -> Result<Vec<Candidate>, StorageError> {
        let mut pool = self.candidate_pool(theme)?;
        pool.remove(focus.iri);
        let mut scored: Vec<(f64, NamedNode, InTheme)> = pool
            .into_iter()
            .map(|(org, in_theme)| (theme_score(in_theme.0.len(), &in_theme.1), org, in_theme))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Proximity needs each candidate's partners; only the best by theme can make the list.
        scored.truncate(limit.max(1) * 12);
        let label = self.theme_ref(theme).label_en;
        let mut candidates = Vec::new();
        for (theme_score, org, in_theme) in scored {
            let organisation = org_ref(&self.data, &org)?;
            let (proximity, proximity_score) = self.proximity(&org, focus.partners, introducers)?;
            let complement = Complement::new(&organisation, focus.org, self.net.coordinated(&org));
            let parts = ScoreParts {
                theme: round(theme_score),
                proximity: round(proximity_score),
                complementarity: round(complement.score()),
            };
            let score = round(
                SCORE_WEIGHTS[0].1 * parts.theme
                    + SCORE_WEIGHTS[1].1 * parts.proximity
                    + SCORE_WEIGHTS[2].1 * parts.complementarity,
            );
            let why = reasons(&label, &organisation, &in_theme, &proximity, &complement);
            let (projects, expertise) = in_theme;
            candidates.push(Candidate {
                organisation,
                score,
                parts,
                proximity,
                theme_projects: projects.into_iter().collect(),
                theme_expertise: expertise,
                coordinated: complement.coordinated,
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

    /// Every organisation with projects or expertise areas in the theme or a narrower one.
    fn candidate_pool(
        &self,
        theme: &ThemeId,
    ) -> Result<BTreeMap<NamedNode, InTheme>, StorageError> {
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
        Ok(pool)
    }

    /// Proximity (0–1): 1 for a partner, 0.5 + 0.1 per shared partner (at most 0.9) for a warm
    /// introduction, 0 when unconnected.
    fn proximity(
        &self,
        org: &NamedNode,
        partners: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
        introducers: &BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    ) -> Result<(Proximity, f64), StorageError> {
        if let Some(shared) = partners.get(org) {
            let shared_projects = shared
                .iter()
                .map(|p| self.data.label(p))
                .collect::<Result<_, _>>()?;
            return Ok((Proximity::Partner { shared_projects }, 1.0));
        }
        let mut shared: Vec<String> = introducers
            .get(org)
            .into_iter()
            .flatten()
            .map(|p| self.data.label(p))
            .collect::<Result<_, _>>()?;
        shared.sort();
        if shared.is_empty() {
            return Ok((Proximity::Unconnected, 0.0));
        }
        let score = (0.5 + 0.1 * shared.len() as f64).min(0.9);
        Ok((
            Proximity::Warm {
                shared_partners: shared,
            },
            score,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testgraph;
    use super::*;

    #[test]
    fn theme_score_grows_with_projects_and_expertise_and_stops_at_one() {
        assert_eq!(theme_score(0, &[]), 0.0);
        // log(1 + 10) / log(11) = 1: ten projects earn the whole 0.7.
        assert!((theme_score(10, &[]) - 0.7).abs() < 1e-12);
        assert_eq!(theme_score(100, &[]), 0.7);
        let primary = [("Oral care".to_owned(), "primary".to_owned())];
        let emerging = [("Oral care".to_owned(), "emerging".to_owned())];
        assert_eq!(theme_score(0, &primary), 0.3);
        assert_eq!(theme_score(0, &emerging), 0.1);
        assert_eq!(theme_score(100, &primary), 1.0);
    }

    #[test]
    fn candidates_for_dental_care_rank_theme_proximity_and_complement() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let region = testgraph::Subject::of(&ctx, "region");
        let focus = region.focus();
        let introducers = ctx.introducers(&region.iri, &region.partners);
        let theme = ThemeId::new("dental-care");
        let found = ctx.candidates(&theme, &focus, &introducers, 5).unwrap();
        let labels: Vec<&str> = found
            .iter()
            .map(|c| c.organisation.label.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "Institute of Oral Health",
                "Norrland University",
                "Dentek GmbH"
            ]
        );
        let [institute, university, company] = &found[..] else {
            unreachable!()
        };
        // Two projects: 0.7 × ln 3 / ln 11; introduced by the university; another country,
        // another kind, and it coordinated both.
        assert_eq!(
            (
                institute.parts.theme,
                institute.parts.proximity,
                institute.parts.complementarity
            ),
            (0.321, 0.6, 1.0)
        );
        assert_eq!(
            institute.proximity,
            Proximity::Warm {
                shared_partners: vec!["Norrland University".to_owned()]
            }
        );
        assert_eq!(institute.theme_projects, ["ENAMEL", "SMILE"]);
        assert_eq!(institute.coordinated, 2);
        assert_eq!(
            institute.why,
            [
                "2 projects in dental care: ENAMEL, SMILE",
                "shares 1 partner with you: Norrland University",
                "coordinated 2 projects",
                "based in FI",
                "a different kind of organisation (REC)",
            ]
        );
        // One project, already a partner (in CAVITY), same country, another kind.
        assert_eq!(
            (
                university.parts.theme,
                university.parts.proximity,
                university.parts.complementarity
            ),
            (0.202, 1.0, 0.3)
        );
        assert_eq!(
            university.proximity,
            Proximity::Partner {
                shared_projects: vec!["CAVITY".to_owned()]
            }
        );
        // Known only by a primary expertise area, and not connected.
        assert_eq!(
            (
                company.parts.theme,
                company.parts.proximity,
                company.parts.complementarity
            ),
            (0.3, 0.0, 0.7)
        );
        assert_eq!(company.proximity, Proximity::Unconnected);
        assert_eq!(
            company.theme_expertise,
            [("Oral health devices".to_owned(), "primary".to_owned())]
        );
        assert_eq!(company.score, 0.29);
        assert!(institute.score > university.score && university.score > company.score);
        let first = ctx.candidates(&theme, &focus, &introducers, 1).unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].organisation.label, "Institute of Oral Health");
    }
}
