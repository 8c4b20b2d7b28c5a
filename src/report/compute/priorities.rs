//! What the strategies ask for (priorities by theme) and what the subject is strong in that
//! they do not ask for (strengths).

use super::{Ctx, OrgThemes};
use crate::model::ThemeId;
use crate::report::model::{Priority, PriorityStatement, Strength};
use crate::vocab::{pg, skos};
use oxigraph::model::NamedNode;
use oxigraph::store::StorageError;
use std::collections::{BTreeMap, BTreeSet};

impl Ctx<'_> {
    /// The strategies' priorities by theme, and those that no specific theme places.
    pub(super) fn priorities(
        &self,
        strategies: &[NamedNode],
    ) -> Result<(Vec<Priority>, Vec<PriorityStatement>), StorageError> {
        let mut by_theme: BTreeMap<ThemeId, Vec<PriorityStatement>> = BTreeMap::new();
        let mut unplaced = Vec::new();
        for strategy in strategies {
            for priority in self.data.nodes(strategy, pg::HAS_PRIORITY)? {
                let (statement, themes) = self.priority_statement(strategy, &priority)?;
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

    /// One priority of a strategy as a statement with its evidence, and its specific (not
    /// top-level) themes.
    fn priority_statement(
        &self,
        strategy: &NamedNode,
        priority: &NamedNode,
    ) -> Result<(PriorityStatement, Vec<ThemeId>), StorageError> {
        let label = self
            .data
            .text(priority, skos::PREF_LABEL)?
            .unwrap_or_default();
        let statement = self.data.text(priority, pg::STATEMENT)?.unwrap_or_default();
        let line = self.data.number(priority, pg::LINE)?.map(|l| l as u64);
        let commitment = self
            .data
            .nodes(priority, oxigraph::model::vocab::rdf::TYPE)?
            .iter()
            .any(|c| c.as_ref() == pg::COMMITMENT);
        let source = self
            .data
            .sources_of(strategy, pg::HAS_PRIORITY, Some(&priority.clone().into()))?
            .into_iter()
            .next()
            .unwrap_or_default();
        let statement = PriorityStatement {
            label,
            kind: if commitment {
                "commitment"
            } else {
                "priority area"
            }
            .to_owned(),
            evidence: self.evidence(source, statement, line, None),
        };
        let themes: Vec<ThemeId> = self
            .theme_ids(priority)?
            .into_iter()
            .filter(|t| !self.is_top(t))
            .collect();
        Ok((statement, themes))
    }

    /// The subject's strong themes (two projects or more, or a primary or secondary expertise
    /// area) that no priority is about, nor broader or narrower than one.
    pub(super) fn strengths(&self, subject: &OrgThemes, priorities: &[Priority]) -> Vec<Strength> {
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
}

#[cfg(test)]
mod tests {
    use super::super::testgraph::{self, node};

    #[test]
    fn priorities_are_grouped_by_specific_theme() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let (priorities, unplaced) = ctx.priorities(&[node("strategy/norrland")]).unwrap();
        let found: Vec<(&str, &str, &str)> = (priorities.iter())
            .flat_map(|p| {
                (p.statements.iter())
                    .map(|s| (p.theme.id.as_str(), s.label.as_str(), s.kind.as_str()))
            })
            .collect();
        assert_eq!(
            found,
            [
                ("cancer", "Cancer care close to home", "priority area"),
                ("dental-care", "Good dental care for all", "commitment"),
            ]
        );
        assert_eq!(priorities[1].theme.label_en, "dental care");
        // Health as a whole is too broad to place a statement.
        let unplaced: Vec<&str> = unplaced.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(unplaced, ["A healthy region"]);
    }

    #[test]
    fn strengths_are_strong_themes_no_priority_is_about() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let institute = ctx.org_themes(&node("institute")).unwrap();
        let strengths = ctx.strengths(&institute, &[]);
        let found: Vec<(&str, &[String])> = (strengths.iter())
            .map(|s| (s.theme.id.as_str(), &s.projects[..]))
            .collect();
        assert_eq!(
            found,
            [(
                "dental-care",
                &["ENAMEL".to_owned(), "SMILE".to_owned()][..]
            )]
        );
        let (priorities, _) = ctx.priorities(&[node("strategy/norrland")]).unwrap();
        assert!(ctx.strengths(&institute, &priorities).is_empty());
        // One project in a theme is not a strength.
        let university = ctx.org_themes(&node("university")).unwrap();
        assert!(ctx.strengths(&university, &[]).is_empty());
    }
}
