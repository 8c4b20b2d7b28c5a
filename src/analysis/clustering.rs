//! The local clustering coefficient: how many of a node's partners are partners of each other.

use super::csr::Csr;
use super::shared_partners::shared_partners;

/// The local clustering coefficient of every node in the unweighted graph: the fraction of pairs
/// of its neighbours that are adjacent, 0 for nodes of degree below 2 (NetworkX `clustering(G)`,
/// igraph `transitivity_local_undirected(mode="zero")`).
///
/// # Arguments
/// * `csr`: the graph; weights are ignored.
///
/// # Returns
/// The coefficient of each node, indexed like the nodes of `csr`.
///
/// # Complexity
/// * Time complexity: that of [`shared_partners`], **O(|E|^1.5)** at worst.
/// * Auxiliary space: **O(|E|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, clustering};
///
/// // A triangle 0 – 1 – 2 with a pendant edge 2 – 3: one of node 2's three pairs is closed.
/// let graph = Csr::from_edges(4, &[(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
/// assert_eq!(clustering(&graph), vec![1.0, 1.0, 1.0 / 3.0, 0.0]);
/// ```
pub fn clustering(csr: &Csr) -> Vec<f64> {
    clustering_from_shared(csr, &shared_partners(csr))
}

/// [`clustering`] from the edges' shared-partner counts, for callers that already have them:
/// each triangle at a node is counted by both of its edges there.
pub(crate) fn clustering_from_shared(csr: &Csr, shared: &[u32]) -> Vec<f64> {
    (0..csr.node_count() as u32)
        .map(|v| {
            let d = csr.degree(v) as u64;
            let closed: u64 = csr
                .edge_ids(v)
                .iter()
                .map(|&e| u64::from(shared[e as usize]))
                .sum();
            if closed == 0 {
                0.0
            } else {
                closed as f64 / (d * (d - 1)) as f64
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testgraphs::{bridged_triangles, karate, karate_networkx};

    #[test]
    fn karate_club_matches_networkx_exactly() {
        assert_eq!(clustering(&karate()), karate_networkx("clustering"));
    }

    #[test]
    fn path_star_and_bridged_triangles() {
        let path = Csr::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        assert_eq!(clustering(&path), vec![0.0; 3]);
        let star = Csr::from_edges(4, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
        assert_eq!(clustering(&star), vec![0.0; 4]);
        let bridge = bridged_triangles();
        assert_eq!(
            clustering(&bridge),
            vec![1.0, 1.0, 1.0 / 3.0, 1.0 / 3.0, 1.0, 1.0]
        );
    }
}
