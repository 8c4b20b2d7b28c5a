//! The weighted co-participation projection: organisations linked by the projects they share.
//!
//! Filters come first and everything after is computed on what they keep: a project's size `k` is
//! its number of kept participants, both for `max_consortium` and for Newman's 1/(k − 1) weight,
//! exactly as projecting the filtered participation table would give. Edges are accumulated per
//! organisation in a dense per-worker counter over its co-participants of higher index (counted,
//! then their shared projects placed), in parallel over organisations; no hash map, no pair sort
//! and no string is touched after filtering.

use super::network::{Bipartite, Edge, Projection, ProjectionOptions};
use crate::model::Role;
use rayon::prelude::*;
use std::mem::MaybeUninit;

/// The co-participation network of `bipartite` under `options`.
///
/// Nodes are the organisations with at least one kept participation, isolated or not. Two
/// organisations are linked when they share a kept project (with `coordinator_edges_only`, when
/// one of them coordinates it), weighted by the number of shared projects or, with `newman`, by
/// Σ 1/(k − 1) over them; edges sharing fewer than `min_shared` projects are dropped. Each edge's
/// shared projects are in [`Projection::projects`], and what they add up to (funding, years) in
/// [`Projection::shared_facts`].
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
/// * Time complexity: **O(P + Σ_p k_p² + Σ_a d_a log d_a)** for P participations, projects of
///   k_p kept participants and organisations of d_a partners.
/// * Auxiliary space: **O(P + |E| + Σ shared projects + N · threads)** for N organisations.
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
/// let part = |project, org| Participation::new(org, project, None, None);
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
    // Each project's share of an edge's weight: 1, or 1/(k − 1) with Newman weighting. Projects
    // of fewer than two kept participants make no edge and never use theirs.
    let weights: Vec<f64> = project_start
        .windows(2)
        .map(|range| {
            if options.newman {
                1.0 / (f64::from(range[1] - range[0]) - 1.0)
            } else {
                1.0
            }
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
        min_shared: options.min_shared.max(1),
    };
    // Twice over the nodes: first each one's number of edges and of shared projects, then
    // each fills its own slices of the output, so every edge is written once, in place and in
    // order, on all cores; no pair is sorted and nothing is concatenated.
    let orgs = bipartite.orgs.len();
    let sizes: Vec<(usize, usize)> = nodes
        .par_iter()
        .with_min_len(NODES_PER_TASK)
        .map_init(|| Scratch::new(orgs), |scratch, &a| index.sizes(a, scratch))
        .collect();
    let edge_count = sizes.iter().map(|s| s.0).sum();
    let mut edges: Vec<Edge> = Vec::with_capacity(edge_count);
    let mut projects = vec![0u32; sizes.iter().map(|s| s.1).sum()];
    let mut edge_slots = &mut edges.spare_capacity_mut()[..];
    let mut project_slots = &mut projects[..];
    let mut work = Vec::with_capacity(nodes.len());
    for (&a, &(n_edges, n_projects)) in nodes.iter().zip(&sizes) {
        let (own_edges, rest) = std::mem::take(&mut edge_slots).split_at_mut(n_edges);
        edge_slots = rest;
        let (own_projects, rest) = std::mem::take(&mut project_slots).split_at_mut(n_projects);
        project_slots = rest;
        work.push((a, own_edges, own_projects));
    }
    work.into_par_iter()
        .with_min_len(NODES_PER_TASK)
        .for_each_init(
            || Scratch::new(orgs),
            |scratch, (a, own_edges, own_projects)| {
                index.fill(a, &weights, scratch, own_edges, own_projects);
            },
        );
    // SAFETY: `fill` wrote every one of the first `edge_count` slots, or panicked: it writes as
    // many edges as `sizes` counted for its node, and asserts so.
    unsafe { edges.set_len(edge_count) };
    Projection::new(nodes, edges, projects)
}

/// Nodes per parallel task at least: enough to pay for a task and its scratch arrays.
const NODES_PER_TASK: usize = 64;

/// One worker's accumulator over all organisations, zero between nodes.
struct Scratch {
    /// Shared projects with each partner of the current node.
    count: Vec<u32>,
    /// Where the next shared project with each partner goes.
    cursor: Vec<u32>,
    /// The current node's partners, in first-seen order until sorted.
    touched: Vec<u32>,
}

impl Scratch {
    fn new(orgs: usize) -> Self {
        Self {
            count: vec![0; orgs],
            cursor: vec![0; orgs],
            touched: Vec::new(),
        }
    }
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
    min_shared: u32,
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

    /// Counts `a`'s shared projects with each partner of higher index into `scratch`, and
    /// lists those partners.
    fn tally(&self, a: u32, scratch: &mut Scratch) {
        let Scratch { count, touched, .. } = scratch;
        self.each_pair(a, |b, _| {
            if count[b as usize] == 0 {
                touched.push(b);
            }
            count[b as usize] += 1;
        });
    }

    /// `a`'s number of edges to partners of higher index and their total shared projects.
    fn sizes(&self, a: u32, scratch: &mut Scratch) -> (usize, usize) {
        self.tally(a, scratch);
        let (mut edges, mut projects) = (0, 0);
        for &b in &scratch.touched {
            let n = std::mem::take(&mut scratch.count[b as usize]);
            if n >= self.min_shared {
                edges += 1;
                projects += n as usize;
            }
        }
        scratch.touched.clear();
        (edges, projects)
    }

    /// Writes `a`'s edges to partners of higher index into `edges`, partners ascending, and
    /// their shared projects into `shared`, each edge's ascending as `a`'s own projects are.
    ///
    /// # Panics
    /// If `edges` and `shared` are not the lengths [`Index::sizes`] gives.
    fn fill(
        &self,
        a: u32,
        weights: &[f64],
        scratch: &mut Scratch,
        edges: &mut [MaybeUninit<Edge>],
        shared: &mut [u32],
    ) {
        self.tally(a, scratch);
        let Scratch {
            count,
            cursor,
            touched,
        } = scratch;
        touched.sort_unstable();
        let mut end = 0;
        for &b in touched.iter() {
            if count[b as usize] >= self.min_shared {
                cursor[b as usize] = end as u32;
                end += count[b as usize] as usize;
            }
        }
        assert_eq!(end, shared.len(), "shared projects of {a}");
        self.each_pair(a, |b, p| {
            if count[b as usize] >= self.min_shared {
                shared[cursor[b as usize] as usize] = p;
                cursor[b as usize] += 1;
            }
        });
        let (mut start, mut written) = (0, 0);
        for &b in touched.iter() {
            let n = std::mem::take(&mut count[b as usize]) as usize;
            if n >= self.min_shared as usize {
                edges[written].write(Edge {
                    a,
                    b,
                    weight: shared[start..start + n]
                        .iter()
                        .map(|&p| weights[p as usize])
                        .sum(),
                    shared: n as u32,
                });
                written += 1;
                start += n;
            }
        }
        assert_eq!(written, edges.len(), "edges of {a}");
        touched.clear();
    }

    /// Calls `f(partner, project)` for every co-participation of `a` with a partner of higher
    /// index, projects ascending.
    fn each_pair(&self, a: u32, mut f: impl FnMut(u32, u32)) {
        for (slot, p, others) in self.partners(a) {
            for other in others {
                if self.linked(slot, other) {
                    f(self.member[other as usize], p);
                }
            }
        }
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
                    .is_none_or(|roles| roles.iter().any(|role| part.roles.contains(*role)))
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
    use crate::analysis::network::Participation;
    use crate::analysis::testgraphs::{example, random_bipartite};
    use crate::model::Role;
    use std::collections::BTreeMap;

    fn summary(projection: &Projection) -> Vec<(u32, u32, f64, u32, Vec<u32>)> {
        projection
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    e.a,
                    e.b,
                    e.weight,
                    e.shared,
                    projection.projects(i).to_vec(),
                )
            })
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
        let bipartite = example();
        let e01 = projection.shared_facts(0, &bipartite);
        assert_eq!(e01.ec_funding, 150.0);
        assert_eq!((e01.first_year, e01.last_year), (Some(2015), Some(2020)));
        let e12 = projection.shared_facts(2, &bipartite);
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
        // Org 2, a participant of P0, is its third party too: it counts for either role.
        let mut second_role = example();
        second_role.participations[2].roles.insert(Role::ThirdParty);
        let options = ProjectionOptions {
            roles: Some(vec![Role::Coordinator, Role::ThirdParty]),
            ..Default::default()
        };
        let projection = project(&second_role, &options);
        assert_eq!(
            (projection.nodes.clone(), summary(&projection)),
            (vec![0, 1, 2, 3], vec![(0, 2, 1.0, 1, vec![0])])
        );
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

    /// The projection by brute force: every pair of members of every project, in a map.
    fn brute_force(
        bipartite: &Bipartite,
        options: &ProjectionOptions,
    ) -> Vec<(u32, u32, f64, u32, Vec<u32>)> {
        let mut members: BTreeMap<u32, Vec<&Participation>> = BTreeMap::new();
        for &i in &kept_participations(bipartite, options) {
            let part = &bipartite.participations[i as usize];
            members.entry(part.project).or_default().push(part);
        }
        let mut pairs: BTreeMap<(u32, u32), (f64, Vec<u32>)> = BTreeMap::new();
        for (&p, parts) in &members {
            let k = parts.len() as f64;
            for x in parts {
                for y in parts {
                    let coordinated = [x, y].iter().any(|q| q.role == Some(Role::Coordinator));
                    if x.org < y.org && (!options.coordinator_edges_only || coordinated) {
                        let entry = pairs.entry((x.org, y.org)).or_default();
                        entry.0 += if options.newman { 1.0 / (k - 1.0) } else { 1.0 };
                        entry.1.push(p);
                    }
                }
            }
        }
        pairs
            .into_iter()
            .filter(|(_, (_, projects))| projects.len() as u32 >= options.min_shared)
            .map(|((a, b), (weight, projects))| (a, b, weight, projects.len() as u32, projects))
            .collect()
    }

    #[test]
    fn equals_brute_force_on_random_graphs() {
        for seed in 0..20 {
            let bipartite = random_bipartite(60, 80, seed);
            for options in [
                ProjectionOptions::default(),
                ProjectionOptions {
                    min_shared: 2,
                    newman: true,
                    ..Default::default()
                },
                ProjectionOptions {
                    coordinator_edges_only: true,
                    max_consortium: Some(8),
                    ..Default::default()
                },
            ] {
                let projection = project(&bipartite, &options);
                let got = summary(&projection);
                let want = brute_force(&bipartite, &options);
                assert_eq!(got.len(), want.len(), "seed {seed}");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!((g.0, g.1, g.3, &g.4), (w.0, w.1, w.3, &w.4), "seed {seed}");
                    assert!((g.2 - w.2).abs() < 1e-9, "seed {seed}: {g:?} {w:?}");
                }
                for i in 0..projection.edges.len() {
                    let e = projection.shared_facts(i, &bipartite);
                    let facts = projection
                        .projects(i)
                        .iter()
                        .map(|&p| &bipartite.projects[p as usize]);
                    let ec: f64 = facts
                        .clone()
                        .map(|p| p.ec_max_contribution.unwrap_or(0.0))
                        .sum();
                    assert_eq!(e.ec_funding, ec);
                    assert_eq!(
                        e.first_year,
                        facts.clone().filter_map(|p| p.start_year).min()
                    );
                    assert_eq!(e.last_year, facts.filter_map(|p| p.end_year).max());
                }
            }
        }
    }

    #[test]
    fn empty_bipartite_graph() {
        let projection = project(&Bipartite::default(), &ProjectionOptions::default());
        assert_eq!(projection, Projection::default());
    }
}
