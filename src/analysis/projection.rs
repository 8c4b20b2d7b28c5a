//! The weighted co-participation projection: organisations linked by the projects they share.
//!
//! Filters come first and everything after is computed on what they keep: a project's size `k` is
//! its number of kept participants, both for `max_consortium` and for Newman's 1/(k − 1) weight,
//! exactly as projecting the filtered participation table would give. Edges are accumulated per
//! organisation over `u32` arrays (for each of its projects, the co-participants of higher index
//! as packed `(partner, project)` keys, sorted and grouped), in parallel over organisations; no
//! hash map and no string is touched after filtering.

use super::network::{Bipartite, Edge, Projection, ProjectionOptions};
use crate::model::Role;
use rayon::prelude::*;

/// The co-participation network of `bipartite` under `options`.
///
/// Nodes are the organisations with at least one kept participation, isolated or not. Two
/// organisations are linked when they share a kept project (with `coordinator_edges_only`, when
/// one of them coordinates it), weighted by the number of shared projects or, with `newman`, by
/// Σ 1/(k − 1) over them; edges sharing fewer than `min_shared` projects are dropped. Each edge
/// lists its shared projects ascending, the sum of their EC maximum contributions (missing
/// counts 0), the earliest start year and the latest end year among them.
///
/// # Arguments
/// * `bipartite`: organisations, projects and participations, participations sorted by
///   (project, org).
/// * `options`: the filters and the weighting.
///
/// # Returns
/// The projection, nodes ascending, edges sorted by (a, b) with a < b.
///
/// # Complexity
/// * Time complexity: **O(P + Σ_p k_p² log k_max)** for P participations and projects of k_p
///   kept participants.
/// * Auxiliary space: **O(P + |E|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::network::{Bipartite, OrgNode, Participation, ProjectNode, ProjectionOptions};
/// use partnergraph::analysis::project;
///
/// let org = |iri: &str| OrgNode { iri: iri.into(), label: iri.into(), country: None, org_type: None, sme: None };
/// let project_node = |acronym: &str| ProjectNode {
///     iri: acronym.into(), acronym: acronym.into(), programme: None, start_year: None,
///     end_year: None, ec_max_contribution: None, themes: vec![],
/// };
/// let part = |project, org| Participation { org, project, role: None, ec_contribution: None };
/// let bipartite = Bipartite {
///     orgs: vec![org("a"), org("b"), org("c")],
///     projects: vec![project_node("P"), project_node("Q")],
///     participations: vec![part(0, 0), part(0, 1), part(1, 0), part(1, 1), part(1, 2)],
/// };
/// let projection = project(&bipartite, &ProjectionOptions::default());
/// assert_eq!(projection.nodes, vec![0, 1, 2]);
/// let pairs: Vec<_> = projection.edges.iter().map(|e| (e.a, e.b, e.shared)).collect();
/// assert_eq!(pairs, vec![(0, 1, 2), (0, 2, 1), (1, 2, 1)]);
/// ```
pub fn project(bipartite: &Bipartite, options: &ProjectionOptions) -> Projection {
    let kept = kept_participations(bipartite, options);
    let parts = &bipartite.participations;

    // Kept participations are in (project, org) order: project p's members are
    // member[project_start[p]..project_start[p + 1]], orgs ascending.
    let mut project_start = vec![0u32; bipartite.projects.len() + 1];
    for &i in &kept {
        project_start[parts[i as usize].project as usize + 1] += 1;
    }
    prefix_sum(&mut project_start);
    let member: Vec<u32> = kept.iter().map(|&i| parts[i as usize].org).collect();
    let project_of: Vec<u32> = kept.iter().map(|&i| parts[i as usize].project).collect();
    let coordinates: Vec<bool> = kept
        .iter()
        .map(|&i| parts[i as usize].role == Some(Role::Coordinator))
        .collect();
    let facts: Vec<Facts> = bipartite
        .projects
        .iter()
        .zip(project_start.windows(2))
        .map(|(p, range)| Facts {
            // Projects of fewer than two kept participants make no edge and never use theirs.
            weight: if options.newman {
                1.0 / (f64::from(range[1] - range[0]) - 1.0)
            } else {
                1.0
            },
            ec: p.ec_max_contribution.unwrap_or(0.0),
            start: p.start_year,
            end: p.end_year,
        })
        .collect();

    // Each organisation's slots in `member`, projects ascending.
    let mut org_start = vec![0u32; bipartite.orgs.len() + 1];
    for &o in &member {
        org_start[o as usize + 1] += 1;
    }
    prefix_sum(&mut org_start);
    let mut fill = org_start.clone();
    let mut slots = vec![0u32; kept.len()];
    for (slot, &o) in member.iter().enumerate() {
        slots[fill[o as usize] as usize] = slot as u32;
        fill[o as usize] += 1;
    }
    let nodes: Vec<u32> = (0..bipartite.orgs.len() as u32)
        .filter(|&o| org_start[o as usize + 1] > org_start[o as usize])
        .collect();

    let index = Index {
        org_start: &org_start,
        slots: &slots,
        project_start: &project_start,
        project_of: &project_of,
        member: &member,
        coordinates: &coordinates,
        coordinator_edges_only: options.coordinator_edges_only,
    };
    // Count, then fill and sort each node's pairs in its own slice of one buffer.
    let counts: Vec<usize> = nodes.par_iter().map(|&a| index.count(a)).collect();
    let mut keys = vec![0u64; counts.iter().sum()];
    let mut rest = keys.as_mut_slice();
    let mut own = Vec::with_capacity(nodes.len());
    for &count in &counts {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(count);
        own.push(head);
        rest = tail;
    }
    own.par_iter_mut().zip(&nodes).for_each(|(own, &a)| {
        index.fill(a, own);
        own.sort_unstable();
    });
    // A run of equal partners in a node's slice is one edge.
    let mut runs = Vec::new();
    let mut offset = 0;
    for (&a, &count) in nodes.iter().zip(&counts) {
        for run in keys[offset..offset + count].chunk_by(|x, y| x >> 32 == y >> 32) {
            if run.len() as u64 >= u64::from(options.min_shared) {
                runs.push((a, offset..offset + run.len()));
            }
            offset += run.len();
        }
    }
    let edges = runs
        .into_par_iter()
        .map(|(a, run)| edge(a, &keys[run], &facts))
        .collect();
    Projection { nodes, edges }
}

/// The kept participations grouped both ways, to list an organisation's co-participants.
struct Index<'a> {
    /// Organisation o's slots are `slots[org_start[o]..org_start[o + 1]]`, projects ascending.
    org_start: &'a [u32],
    slots: &'a [u32],
    /// Project p's slots are `project_start[p]..project_start[p + 1]`, members ascending.
    project_start: &'a [u32],
    /// Per slot: its project, organisation and whether that organisation coordinates.
    project_of: &'a [u32],
    member: &'a [u32],
    coordinates: &'a [bool],
    coordinator_edges_only: bool,
}

impl Index<'_> {
    /// Each of `a`'s projects with the slots of its co-participants of higher index: members
    /// are sorted, so those follow a's own slot.
    fn partners(&self, a: u32) -> impl Iterator<Item = (u32, u32, std::ops::Range<u32>)> + '_ {
        let own = self.org_start[a as usize] as usize..self.org_start[a as usize + 1] as usize;
        self.slots[own].iter().map(|&slot| {
            let p = self.project_of[slot as usize];
            (slot, p, slot + 1..self.project_start[p as usize + 1])
        })
    }

    fn linked(&self, slot: u32, other: u32) -> bool {
        !self.coordinator_edges_only
            || self.coordinates[slot as usize]
            || self.coordinates[other as usize]
    }

    /// The number of (partner, project) pairs of `a` with partners of higher index.
    fn count(&self, a: u32) -> usize {
        self.partners(a)
            .map(|(slot, _, others)| {
                if self.coordinator_edges_only {
                    others.filter(|&o| self.linked(slot, o)).count()
                } else {
                    others.len()
                }
            })
            .sum()
    }

    /// Writes those pairs into `out` as `partner << 32 | project`.
    fn fill(&self, a: u32, out: &mut [u64]) {
        let mut i = 0;
        for (slot, p, others) in self.partners(a) {
            for other in others {
                if self.linked(slot, other) {
                    out[i] = u64::from(self.member[other as usize]) << 32 | u64::from(p);
                    i += 1;
                }
            }
        }
    }
}

/// What an edge needs of a project, packed away from the strings of [`ProjectNode`](super::network::ProjectNode).
struct Facts {
    /// 1, or 1/(k − 1) with Newman weighting.
    weight: f64,
    ec: f64,
    start: Option<i32>,
    end: Option<i32>,
}

/// The edge from `a` to the partner of a run of `partner << 32 | project` keys.
fn edge(a: u32, run: &[u64], facts: &[Facts]) -> Edge {
    let projects: Vec<u32> = run.iter().map(|&key| key as u32).collect();
    let of = || projects.iter().map(|&p| &facts[p as usize]);
    Edge {
        a,
        b: (run[0] >> 32) as u32,
        weight: of().map(|f| f.weight).sum(),
        shared: projects.len() as u32,
        ec_funding: of().map(|f| f.ec).sum(),
        first_year: of().filter_map(|f| f.start).min(),
        last_year: of().filter_map(|f| f.end).max(),
        projects,
    }
}

/// Indices into `bipartite.participations` of the participations the filters keep, ascending:
/// those of projects passing the programme, year and theme filters, in a kept role, by an
/// organisation of a kept country, and then only in projects with at most `max_consortium` of
/// them. Programmes and countries compare case-insensitively; a filter on a missing value rejects.
pub(crate) fn kept_participations(bipartite: &Bipartite, options: &ProjectionOptions) -> Vec<u32> {
    let listed = |list: &Option<Vec<String>>, value: &Option<String>| {
        list.as_ref().is_none_or(|list| {
            value
                .as_ref()
                .is_some_and(|v| list.iter().any(|l| l.eq_ignore_ascii_case(v)))
        })
    };
    let project_kept: Vec<bool> = bipartite
        .projects
        .iter()
        .map(|p| {
            listed(&options.programmes, &p.programme)
                && options
                    .years
                    .is_none_or(|(from, to)| p.start_year.is_some_and(|y| (from..=to).contains(&y)))
                && options
                    .theme
                    .as_ref()
                    .is_none_or(|theme| p.themes.contains(theme))
        })
        .collect();
    let org_kept: Vec<bool> = bipartite
        .orgs
        .iter()
        .map(|o| listed(&options.countries, &o.country))
        .collect();
    let mut kept: Vec<u32> = (0..bipartite.participations.len() as u32)
        .filter(|&i| {
            let part = &bipartite.participations[i as usize];
            project_kept[part.project as usize]
                && org_kept[part.org as usize]
                && options
                    .roles
                    .as_ref()
                    .is_none_or(|roles| part.role.is_some_and(|role| roles.contains(&role)))
        })
        .collect();
    if let Some(max) = options.max_consortium {
        let mut size = vec![0u32; bipartite.projects.len()];
        for &i in &kept {
            size[bipartite.participations[i as usize].project as usize] += 1;
        }
        kept.retain(|&i| size[bipartite.participations[i as usize].project as usize] <= max);
    }
    kept
}

fn prefix_sum(counts: &mut [u32]) {
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testgraphs::example;
    use crate::model::Role;

    fn summary(projection: &Projection) -> Vec<(u32, u32, f64, u32, Vec<u32>)> {
        projection
            .edges
            .iter()
            .map(|e| (e.a, e.b, e.weight, e.shared, e.projects.clone()))
            .collect()
    }

    #[test]
    fn counts_shared_projects_with_their_funding_and_years() {
        let projection = project(&example(), &ProjectionOptions::default());
        assert_eq!(projection.nodes, vec![0, 1, 2, 3]);
        assert_eq!(
            summary(&projection),
            vec![
                (0, 1, 2.0, 2, vec![0, 1]),
                (0, 2, 1.0, 1, vec![0]),
                (1, 2, 2.0, 2, vec![0, 2]),
                (1, 3, 1.0, 1, vec![2]),
                (2, 3, 1.0, 1, vec![2]),
            ]
        );
        let e01 = &projection.edges[0];
        assert_eq!(e01.ec_funding, 150.0);
        assert_eq!((e01.first_year, e01.last_year), (Some(2015), Some(2020)));
        let e12 = &projection.edges[2];
        assert_eq!(e12.ec_funding, 100.0);
        assert_eq!((e12.first_year, e12.last_year), (Some(2015), Some(2026)));
    }

    #[test]
    fn newman_weights_divide_by_the_other_participants() {
        let options = ProjectionOptions {
            newman: true,
            ..Default::default()
        };
        let weights: Vec<f64> = project(&example(), &options)
            .edges
            .iter()
            .map(|e| e.weight)
            .collect();
        // P0 and P2 have 3 participants (1/2 each), P1 has 2 (1).
        assert_eq!(weights, vec![1.5, 0.5, 1.0, 0.5, 0.5]);
    }

    #[test]
    fn min_shared_and_max_consortium() {
        let options = ProjectionOptions {
            min_shared: 2,
            ..Default::default()
        };
        let projection = project(&example(), &options);
        assert_eq!(projection.nodes, vec![0, 1, 2, 3]);
        assert_eq!(
            summary(&projection),
            vec![(0, 1, 2.0, 2, vec![0, 1]), (1, 2, 2.0, 2, vec![0, 2])]
        );
        let options = ProjectionOptions {
            max_consortium: Some(2),
            newman: true,
            ..Default::default()
        };
        let projection = project(&example(), &options);
        // Only P1 (2 participants) and P3 (1) remain.
        assert_eq!(projection.nodes, vec![0, 1, 3]);
        assert_eq!(summary(&projection), vec![(0, 1, 1.0, 1, vec![1])]);
    }

    #[test]
    fn coordinator_edges_only_links_coordinators_to_their_partners() {
        let options = ProjectionOptions {
            coordinator_edges_only: true,
            ..Default::default()
        };
        // P0: 0–1, 0–2; P1: 0–1; P2: 1–2, 1–3.
        assert_eq!(
            summary(&project(&example(), &options)),
            vec![
                (0, 1, 2.0, 2, vec![0, 1]),
                (0, 2, 1.0, 1, vec![0]),
                (1, 2, 1.0, 1, vec![2]),
                (1, 3, 1.0, 1, vec![2]),
            ]
        );
    }

    #[test]
    fn filters_on_roles_programmes_years_countries_and_themes() {
        let run = |options: ProjectionOptions| {
            let projection = project(&example(), &options);
            (projection.nodes.clone(), summary(&projection))
        };
        let roles = run(ProjectionOptions {
            roles: Some(vec![Role::Coordinator]),
            ..Default::default()
        });
        assert_eq!(roles, (vec![0, 1, 3], vec![]));
        let programmes = run(ProjectionOptions {
            programmes: Some(vec!["horizon".to_owned()]),
            ..Default::default()
        });
        assert_eq!(programmes.0, vec![1, 2, 3]);
        assert_eq!(programmes.1.len(), 3);
        let years = run(ProjectionOptions {
            years: Some((2016, 2019)),
            ..Default::default()
        });
        assert_eq!(years, (vec![0, 1, 3], vec![(0, 1, 1.0, 1, vec![1])]));
        let countries = run(ProjectionOptions {
            countries: Some(vec!["se".to_owned(), "FI".to_owned()]),
            newman: true,
            ..Default::default()
        });
        // Org 3 has no country; P2 keeps 2 participants, so 1–2 weighs 1/2 + 1/1.
        assert_eq!(
            countries,
            (
                vec![0, 1, 2],
                vec![
                    (0, 1, 1.5, 2, vec![0, 1]),
                    (0, 2, 0.5, 1, vec![0]),
                    (1, 2, 1.5, 2, vec![0, 2]),
                ]
            )
        );
        let theme = run(ProjectionOptions {
            theme: Some("ai".to_owned()),
            ..Default::default()
        });
        assert_eq!(
            theme,
            (
                vec![0, 1, 2, 3],
                vec![
                    (0, 1, 1.0, 1, vec![0]),
                    (0, 2, 1.0, 1, vec![0]),
                    (1, 2, 2.0, 2, vec![0, 2]),
                    (1, 3, 1.0, 1, vec![2]),
                    (2, 3, 1.0, 1, vec![2]),
                ]
            )
        );
    }

    #[test]
    fn empty_bipartite_graph() {
        let projection = project(&Bipartite::default(), &ProjectionOptions::default());
        assert_eq!(projection, Projection::default());
    }
}
