//! Shared partners: for every edge, the number of nodes adjacent to both ends (the triangles the
//! edge is in).

use super::csr::Csr;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// The number of common neighbours of the two ends of every edge, indexed like the edges the
/// graph was built from (for [`Csr::from_projection`], like `projection.edges`).
///
/// Each edge is counted once, from its end of higher (degree, index): that end marks its
/// neighbours, and the other end's neighbours are checked against the marks. The scan therefore
/// runs over the lower-degree side of every edge, as a merge of sorted rows would not, and hubs
/// cost no more than their own row. Nodes are spread over rayon's threads; each edge has exactly
/// one writer, so the counts need no lock.
///
/// # Arguments
/// * `csr`: the graph; weights are ignored.
///
/// # Returns
/// The count for each edge, indexed by edge id.
///
/// # Complexity
/// * Time complexity: **O(Σ over edges of the smaller end degree) ⊆ O(|E|^1.5)**.
/// * Auxiliary space: **O(|V|)** per thread.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, shared_partners};
///
/// // A triangle 0 – 1 – 2 with a pendant edge 2 – 3.
/// let graph = Csr::from_edges(4, &[(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
/// assert_eq!(shared_partners(&graph), vec![1, 1, 1, 0]);
/// ```
pub fn shared_partners(csr: &Csr) -> Vec<u32> {
    let n = csr.node_count();
    let counts: Vec<AtomicU32> = (0..csr.edge_count()).map(|_| AtomicU32::new(0)).collect();
    let rank = |v: u32| (csr.degree(v), v);
    (0..n as u32).into_par_iter().for_each_init(
        || vec![0u32; n],
        |mark, v| {
            // Marks are stamped with v + 1, unique per node, so they never need clearing.
            let stamp = v + 1;
            for &w in csr.neighbors(v) {
                mark[w as usize] = stamp;
            }
            for (&u, &e) in csr.neighbors(v).iter().zip(csr.edge_ids(v)) {
                if rank(u) < rank(v) {
                    let common = csr
                        .neighbors(u)
                        .iter()
                        .filter(|&&w| mark[w as usize] == stamp)
                        .count();
                    counts[e as usize].store(common as u32, Ordering::Relaxed);
                }
            }
        },
    );
    counts.into_iter().map(AtomicU32::into_inner).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testgraphs::{karate, random_graph};

    #[test]
    fn equals_brute_force_on_random_graphs() {
        for seed in 0..4 {
            let graph = random_graph(200, 0.05 + 0.05 * seed as f64, seed);
            let mut brute = vec![0; graph.edge_count()];
            for a in 0..200 {
                for (&b, &e) in graph.neighbors(a).iter().zip(graph.edge_ids(a)) {
                    brute[e as usize] = graph
                        .neighbors(a)
                        .iter()
                        .filter(|w| graph.neighbors(b).contains(w))
                        .count() as u32;
                }
            }
            assert_eq!(shared_partners(&graph), brute, "seed {seed}");
        }
    }

    #[test]
    fn karate_club_has_45_triangles() {
        let total: u32 = shared_partners(&karate()).iter().sum();
        assert_eq!(total, 3 * 45);
    }
}
