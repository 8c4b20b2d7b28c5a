//! All per-node metrics of a projection in one call, as the network export writes them.

use super::betweenness::{parallel_betweenness, sample_sources};
use super::clustering::clustering_from_shared;
use super::community::communities;
use super::components::connected_components;
use super::csr::Csr;
use super::network::{Bipartite, Metrics, Projection, ProjectionOptions};
use super::pagerank::pagerank;
use super::projection::kept_participations;
use super::shared_partners::shared_partners;
use std::time::Instant;

/// How to compute betweenness centrality, the one metric whose exact value is expensive
/// (one breadth-first search per node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Betweenness {
    /// From every node.
    Exact,
    /// Estimated from `sources` nodes drawn with `seed` (see [`sample_sources`]); exact when
    /// `sources` is at least the number of nodes.
    Sample { sources: usize, seed: u64 },
    /// Not computed: [`Metrics::betweenness`] is left empty.
    Skip,
}

/// What [`metrics`] computes and with which parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricOptions {
    pub betweenness: Betweenness,
    /// Seeds the community detection; the same seed gives the same communities.
    pub community_seed: u64,
    /// PageRank's probability of following an edge (0.85).
    pub pagerank_damping: f64,
    /// Modularity resolution γ for the communities (1.0).
    pub resolution: f64,
}

impl Default for MetricOptions {
    fn default() -> Self {
        Self {
            betweenness: Betweenness::Exact,
            community_seed: 0,
            pagerank_damping: 0.85,
            resolution: 1.0,
        }
    }
}

/// PageRank's convergence tolerance on the L1 change of an iteration.
const PAGERANK_TOLERANCE: f64 = 1e-10;

/// Every metric of [`Metrics`] for the nodes and edges of `projection`.
///
/// `filters` must be the options `projection` was made with: the projects and EC funding per
/// organisation count the participations they keep, which the projection alone does not record
/// (an organisation's only kept project may have had no other kept participant).
///
/// # Arguments
/// * `bipartite`: the graph the projection was made from.
/// * `projection`: the result of [`project`](super::project)`(bipartite, filters)`.
/// * `filters`: the projection's options.
/// * `options`: which betweenness, the community seed, PageRank damping and resolution.
///
/// # Returns
/// The metrics, each per-node vector indexed like `projection.nodes` and `shared_partners`
/// like `projection.edges`.
///
/// # Complexity
/// * Time complexity: dominated by betweenness, **O(k·(|V| + |E|))** for k sources.
/// * Auxiliary space: **O(|V| + |E|)** plus betweenness's per-thread buffers.
///
/// # Example
/// ```
/// use partnergraph::analysis::network::{Bipartite, OrgNode, Participation, ProjectNode, ProjectionOptions};
/// use partnergraph::analysis::{MetricOptions, metrics, project};
///
/// let org = |iri: &str| OrgNode { iri: iri.into(), label: iri.into(), country: None, org_type: None, sme: None };
/// let project_node = ProjectNode {
///     iri: "p".into(), acronym: "P".into(), programme: None, start_year: None,
///     end_year: None, ec_max_contribution: None, themes: vec![],
/// };
/// let part = |org| Participation::new(org, 0, None, Some(5.0));
/// let bipartite = Bipartite {
///     orgs: vec![org("a"), org("b"), org("c")],
///     projects: vec![project_node],
///     participations: vec![part(0), part(1), part(2)],
/// };
/// let filters = ProjectionOptions::default();
/// let projection = project(&bipartite, &filters);
/// let m = metrics(&bipartite, &projection, &filters, &MetricOptions::default());
/// assert_eq!(m.degree, vec![2, 2, 2]);
/// assert_eq!(m.clustering, vec![1.0, 1.0, 1.0]);
/// assert_eq!(m.shared_partners, vec![1, 1, 1]);
/// assert_eq!(m.ec_funding, vec![5.0, 5.0, 5.0]);
/// ```
pub fn metrics(
    bipartite: &Bipartite,
    projection: &Projection,
    filters: &ProjectionOptions,
    options: &MetricOptions,
) -> Metrics {
    compute(bipartite, projection, filters, options, None)
}

/// [`metrics`] with the time of each step appended to `timings` as (step, seconds), for
/// benchmarks. The steps run one after another, each with all of rayon's threads, where
/// [`metrics`] runs the single-threaded community detection beside betweenness; so the total is
/// a little longer, but each step's time is its own.
pub fn timed_metrics(
    bipartite: &Bipartite,
    projection: &Projection,
    filters: &ProjectionOptions,
    options: &MetricOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Metrics {
    compute(bipartite, projection, filters, options, Some(timings))
}

fn compute(
    bipartite: &Bipartite,
    projection: &Projection,
    filters: &ProjectionOptions,
    options: &MetricOptions,
    timings: Option<&mut Vec<(&'static str, f64)>>,
) -> Metrics {
    let csr = Csr::from_projection(projection);
    let n = csr.node_count();
    let find_communities = || communities(&csr, options.community_seed, options.resolution);
    let find_betweenness = || match options.betweenness {
        Betweenness::Skip => (Vec::new(), None),
        Betweenness::Sample { sources, seed } if sources < n => {
            let sample = sample_sources(n, sources, seed);
            (parallel_betweenness(&csr, Some(&sample)), Some(sources))
        }
        Betweenness::Exact | Betweenness::Sample { .. } => (parallel_betweenness(&csr, None), None),
    };
    let (mut clock, (community, modularity), (betweenness, betweenness_samples), shared) =
        match timings {
            // Community detection runs on one thread; the parallel metrics take the others
            // meanwhile.
            None => {
                let (communities, (betweenness, shared)) = rayon::join(find_communities, || {
                    (find_betweenness(), shared_partners(&csr))
                });
                (Clock(None), communities, betweenness, shared)
            }
            Some(timings) => {
                let mut clock = Clock(Some(timings));
                let communities = clock.step("communities", find_communities);
                let betweenness = clock.step("betweenness", find_betweenness);
                let shared = clock.step("shared partners", || shared_partners(&csr));
                (clock, communities, betweenness, shared)
            }
        };

    let mut projects = vec![0u32; n];
    let mut ec_funding = vec![0.0; n];
    for i in kept_participations(bipartite, filters) {
        let part = &bipartite.participations[i as usize];
        let node = projection
            .nodes
            .binary_search(&part.org)
            .expect("the projection was made with these filters");
        projects[node] += 1;
        ec_funding[node] += part.ec_contribution.unwrap_or(0.0);
    }

    Metrics {
        degree: (0..n as u32).map(|v| csr.degree(v) as u32).collect(),
        strength: (0..n as u32).map(|v| csr.strength(v)).collect(),
        betweenness,
        betweenness_samples,
        pagerank: clock.step("pagerank", || {
            pagerank(&csr, options.pagerank_damping, PAGERANK_TOLERANCE)
        }),
        component: clock.step("components", || connected_components(&csr)),
        clustering: clock.step("clustering", || clustering_from_shared(&csr, &shared)),
        community,
        modularity,
        shared_partners: shared,
        projects,
        ec_funding,
    }
}

/// Times steps into a list when there is one.
struct Clock<'a>(Option<&'a mut Vec<(&'static str, f64)>>);

impl Clock<'_> {
    fn step<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        if let Some(timings) = &mut self.0 {
            timings.push((name, start.elapsed().as_secs_f64()));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::projection::project;
    use crate::analysis::testgraphs::example;

    #[test]
    fn metrics_of_the_small_example() {
        let bipartite = example();
        // Without org 3's country: nodes 0, 1, 2 in a triangle, P2 kept with orgs 1 and 2.
        let filters = ProjectionOptions {
            countries: Some(vec!["SE".into(), "FI".into()]),
            ..Default::default()
        };
        let projection = project(&bipartite, &filters);
        let m = metrics(&bipartite, &projection, &filters, &MetricOptions::default());
        assert_eq!(m.degree, vec![2, 2, 2]);
        assert_eq!(m.strength, vec![3.0, 4.0, 3.0]);
        assert_eq!(m.betweenness, vec![0.0; 3]);
        assert_eq!(m.betweenness_samples, None);
        assert_eq!(m.component, vec![0, 0, 0]);
        assert_eq!(m.clustering, vec![1.0; 3]);
        assert_eq!(m.community, vec![0, 0, 0]);
        assert_eq!(m.modularity, 0.0);
        assert_eq!(m.shared_partners, vec![1, 1, 1]);
        assert_eq!(m.projects, vec![2, 3, 2]);
        assert_eq!(m.ec_funding, vec![20.0, 60.0, 60.0]);
        assert!((m.pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(m.pagerank[1] > m.pagerank[0]);
    }

    #[test]
    fn sampled_skipped_and_oversampled_betweenness() {
        let bipartite = example();
        let filters = ProjectionOptions::default();
        let projection = project(&bipartite, &filters);
        let with = |betweenness| {
            let options = MetricOptions {
                betweenness,
                ..Default::default()
            };
            metrics(&bipartite, &projection, &filters, &options)
        };
        let exact = with(Betweenness::Exact);
        // Only the pair (0, 3) is not adjacent; it goes half through 1, half through 2.
        assert_eq!(exact.betweenness, vec![0.0, 0.5, 0.5, 0.0]);
        let skipped = with(Betweenness::Skip);
        assert!(skipped.betweenness.is_empty());
        let all = with(Betweenness::Sample {
            sources: 10,
            seed: 1,
        });
        assert_eq!(all.betweenness, exact.betweenness);
        assert_eq!(all.betweenness_samples, None);
        let sampled = with(Betweenness::Sample {
            sources: 2,
            seed: 1,
        });
        assert_eq!(sampled.betweenness_samples, Some(2));
        assert_eq!(sampled.betweenness.len(), 4);
    }

    #[test]
    fn timed_metrics_are_the_metrics_with_a_time_per_step() {
        let bipartite = example();
        let filters = ProjectionOptions::default();
        let projection = project(&bipartite, &filters);
        let options = MetricOptions::default();
        let mut timings = Vec::new();
        let timed = timed_metrics(&bipartite, &projection, &filters, &options, &mut timings);
        assert_eq!(timed, metrics(&bipartite, &projection, &filters, &options));
        let steps: Vec<&str> = timings.iter().map(|(step, _)| *step).collect();
        assert_eq!(
            steps,
            [
                "communities",
                "betweenness",
                "shared partners",
                "pagerank",
                "components",
                "clustering"
            ]
        );
    }
}
