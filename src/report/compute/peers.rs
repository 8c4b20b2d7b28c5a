//! Peers (organisations of the subject's kind with similar themes) and the ego network drawn
//! around the subject.

use super::{Ctx, Focus, OrgThemes, org_ref, round};
use crate::model::ThemeId;
use crate::report::model::{EgoNetwork, EgoNode, Gap, Peer};
use crate::vocab::pg;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode};
use oxigraph::store::StorageError;
use std::collections::{BTreeMap, BTreeSet};

/// Weight per theme: projects plus expertise areas.
type ThemeVector = BTreeMap<ThemeId, f64>;

fn norm(v: &ThemeVector) -> f64 {
    v.values().map(|x| x * x).sum::<f64>().sqrt()
}

/// Cosine similarity of two non-empty theme vectors.
fn cosine(ours: &ThemeVector, theirs: &ThemeVector) -> f64 {
    let dot: f64 = ours
        .iter()
        .map(|(t, x)| x * theirs.get(t).unwrap_or(&0.0))
        .sum();
    dot / (norm(ours) * norm(theirs))
}

impl Ctx<'_> {
    /// The organisation's weight per specific (not top-level) theme.
    fn theme_vector(&self, themes: &OrgThemes) -> ThemeVector {
        let mut v = ThemeVector::new();
        for (t, p) in &themes.projects {
            *v.entry(t.clone()).or_default() += p.len() as f64;
        }
        for (t, e) in &themes.expertise {
            *v.entry(t.clone()).or_default() += e.len() as f64;
        }
        v.retain(|t, _| !self.is_top(t));
        v
    }

    /// Organisations of the subject's kind whose themes are most like its own.
    pub(super) fn peers(&self, focus: &Focus<'_>, limit: usize) -> Result<Vec<Peer>, StorageError> {
        let Some(kind) = &focus.org.org_type else {
            return Ok(Vec::new());
        };
        let ours = self.theme_vector(focus.themes);
        let mut peers = Vec::new();
        for org in self.same_kind(kind, focus.iri)? {
            let theirs = self.theme_vector(&self.org_themes(&org)?);
            if theirs.is_empty() || ours.is_empty() {
                continue;
            }
            let similarity = cosine(&ours, &theirs);
            if similarity <= 0.0 {
                continue;
            }
            peers.push((similarity, org, theirs));
        }
        peers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        peers.truncate(limit);
        peers
            .into_iter()
            .map(|(similarity, org, theirs)| self.peer(focus, &ours, similarity, &org, &theirs))
            .collect()
    }

    /// Every organisation but the subject with `kind` as activity or organisation type.
    fn same_kind(
        &self,
        kind: &str,
        subject: &NamedNode,
    ) -> Result<BTreeSet<NamedNode>, StorageError> {
        let mut pool = BTreeSet::new();
        for predicate in [pg::ACTIVITY_TYPE, pg::ORGANISATION_TYPE] {
            for quad in self.data.store.quads_for_pattern(
                None,
                Some(predicate),
                Some(Literal::new_simple_literal(kind).as_ref().into()),
                None,
            ) {
                if let NamedOrBlankNode::NamedNode(org) = quad?.subject {
                    pool.insert(org);
                }
            }
        }
        pool.remove(subject);
        Ok(pool)
    }

    /// A peer with the themes it covers that the subject does not, and its partners that are
    /// not yet the subject's.
    fn peer(
        &self,
        focus: &Focus<'_>,
        ours: &ThemeVector,
        similarity: f64,
        org: &NamedNode,
        theirs: &ThemeVector,
    ) -> Result<Peer, StorageError> {
        let mut covers: Vec<(&ThemeId, &f64)> = theirs
            .iter()
            .filter(|(t, _)| !ours.contains_key(*t))
            .collect();
        covers.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let mut new_partners: Vec<(usize, NamedNode)> = self
            .net
            .partners_of(org)
            .into_iter()
            .filter(|(p, _)| p != focus.iri && !focus.partners.contains_key(p))
            .map(|(p, shared)| (shared.len(), p))
            .collect();
        new_partners.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(Peer {
            organisation: org_ref(&self.data, org)?,
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
        })
    }

    pub(super) fn ego(
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

#[cfg(test)]
mod tests {
    use super::super::testgraph;
    use super::*;

    fn vector(entries: &[(&str, f64)]) -> ThemeVector {
        entries
            .iter()
            .map(|(t, x)| (ThemeId::new(*t), *x))
            .collect()
    }

    #[test]
    fn cosine_is_one_for_the_same_direction_and_zero_for_disjoint_themes() {
        let a = vector(&[("cancer", 2.0), ("dental-care", 1.0)]);
        let b = vector(&[("cancer", 4.0), ("dental-care", 2.0)]);
        let c = vector(&[("genomics", 3.0)]);
        assert!((cosine(&a, &b) - 1.0).abs() < 1e-12);
        assert_eq!(cosine(&a, &c), 0.0);
        let d = vector(&[("cancer", 1.0), ("genomics", 1.0)]);
        assert!((cosine(&a, &d) - 2.0 / (5f64.sqrt() * 2f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn peers_are_of_the_same_kind_with_similar_themes() {
        let store = testgraph::store();
        let ctx = testgraph::ctx(&store);
        let region = testgraph::Subject::of(&ctx, "region");
        let focus = region.focus();
        let peers = ctx.peers(&focus, 5).unwrap();
        let found: Vec<(&str, f64)> = (peers.iter())
            .map(|p| (p.organisation.label.as_str(), p.similarity))
            .collect();
        // The hospital is the only other public body; both work on cancer only.
        assert_eq!(found, [("Norrland Hospital", 1.0)]);
        assert!(peers[0].covers.is_empty() && peers[0].new_partners.is_empty());

        let ego = ctx.ego(&region.iri, &region.partners, &[]).unwrap();
        let nodes: Vec<(&str, &str)> = (ego.nodes.iter())
            .map(|n| (n.label.as_str(), n.role.as_str()))
            .collect();
        assert_eq!(
            nodes,
            [
                ("Region Norrland", "subject"),
                ("Norrland University", "partner")
            ]
        );
        assert_eq!(ego.edges, [(0, 1, 1)]);
    }
}
