//! PageRank on the weighted undirected graph, by power iteration on the CSR rows.
//!
//! petgraph's `page_rank` is not used: it ignores edge weights, runs a fixed number of iterations
//! with no tolerance, spreads the teleport term differently from NetworkX, and costs O(|V|²) per
//! iteration.

use super::csr::Csr;
use rayon::prelude::*;

/// Power iterations after which [`pagerank`] stops even if not converged; with damping below 1
/// the error shrinks by that factor per iteration, so this is only reached with a zero tolerance.
const MAX_ITERATIONS: usize = 10_000;

/// PageRank of every node as NetworkX's `pagerank(G, alpha=damping, weight="weight", tol=tolerance)`
/// computes it: a walker follows an edge with probability proportional to its weight, or with
/// probability 1 − `damping` jumps to a uniformly random node; nodes without edges (dangling)
/// send all of their rank to a uniformly random node.
///
/// Iterates from the uniform vector until the L1 change of an iteration is below `tolerance`,
/// stricter than NetworkX, which stops below `node_count × tol`: after that the L1 distance to
/// the exact ranks (igraph's PRPACK solution) is below `tolerance × damping / (1 − damping)`,
/// whatever the size of the graph. The ranks sum to 1.
///
/// # Arguments
/// * `csr`: the graph, with non-negative weights.
/// * `damping`: the probability of following an edge, in [0, 1) (0.85 usually).
/// * `tolerance`: the convergence tolerance on the L1 change (1e-10 usually).
///
/// # Returns
/// The rank of each node, indexed like the nodes of `csr`.
///
/// # Complexity
/// * Time complexity: **O((|V| + |E|)·log(tolerance) / log(damping))**.
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, pagerank};
///
/// // A heavy edge 0 – 1 and a light edge 1 – 2: node 1 collects most of the rank.
/// let graph = Csr::from_edges(3, &[(0, 1, 3.0), (1, 2, 1.0)]);
/// let rank = pagerank(&graph, 0.85, 1e-10);
/// assert!(rank[1] > rank[0] && rank[0] > rank[2]);
/// assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// ```
pub fn pagerank(csr: &Csr, damping: f64, tolerance: f64) -> Vec<f64> {
    let n = csr.node_count();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let strength: Vec<f64> = (0..n as u32).map(|v| csr.strength(v)).collect();
    let mut rank = vec![1.0 / nf; n];
    let mut share = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        let mut dangling = 0.0;
        for ((s, &r), &k) in share.iter_mut().zip(&rank).zip(&strength) {
            if k == 0.0 {
                dangling += r;
                *s = 0.0;
            } else {
                *s = r / k;
            }
        }
        let base = (1.0 - damping) / nf + damping * dangling / nf;
        let next: Vec<f64> = (0..n as u32)
            .into_par_iter()
            .map(|v| {
                let walk: f64 = csr
                    .neighbors(v)
                    .iter()
                    .zip(csr.weights(v))
                    .map(|(&u, &w)| w * share[u as usize])
                    .sum();
                base + damping * walk
            })
            .collect();
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < tolerance {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testgraphs::{KARATE_EDGES, karate_networkx};

    #[test]
    fn weighted_karate_with_a_dangling_node_matches_networkx() {
        let edges: Vec<_> = KARATE_EDGES
            .iter()
            .map(|&(a, b)| (a, b, f64::from((a + b) % 3 + 1)))
            .collect();
        let rank = pagerank(&Csr::from_edges(35, &edges), 0.85, 1e-10);
        for (v, (r, expected)) in rank
            .iter()
            .zip(karate_networkx("weighted_pagerank"))
            .enumerate()
        {
            assert!((r - expected).abs() < 1e-10, "node {v}: {r} vs {expected}");
        }
    }

    #[test]
    fn symmetric_graphs_get_uniform_rank() {
        let cycle = Csr::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 3, 1.0)]);
        for r in pagerank(&cycle, 0.85, 1e-10) {
            assert!((r - 0.25).abs() < 1e-12);
        }
        assert_eq!(
            pagerank(&Csr::from_edges(2, &[]), 0.85, 1e-10),
            vec![0.5, 0.5]
        );
        assert!(pagerank(&Csr::from_edges(0, &[]), 0.85, 1e-10).is_empty());
    }
}
