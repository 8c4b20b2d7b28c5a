//! Connected components, numbered by decreasing size so that component 0 is the giant one.

use super::csr::Csr;

/// The connected component of every node, components numbered 0, 1, … by decreasing size (ties by
/// their smallest node).
///
/// # Arguments
/// * `csr`: the graph; weights are ignored.
///
/// # Returns
/// The component id of each node, indexed like the nodes of `csr`.
///
/// # Complexity
/// * Time complexity: **O(|V| + |E|)**.
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, connected_components};
///
/// // An edge 0 – 1, an isolated node 2 and a triangle 3 – 4 – 5.
/// let graph = Csr::from_edges(6, &[(0, 1, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0)]);
/// assert_eq!(connected_components(&graph), vec![1, 1, 2, 0, 0, 0]);
/// ```
pub fn connected_components(csr: &Csr) -> Vec<u32> {
    let n = csr.node_count();
    let mut label = vec![u32::MAX; n];
    let mut queue = Vec::new();
    let mut count = 0;
    for root in 0..n as u32 {
        if label[root as usize] != u32::MAX {
            continue;
        }
        label[root as usize] = count;
        queue.push(root);
        while let Some(v) = queue.pop() {
            for &w in csr.neighbors(v) {
                if label[w as usize] == u32::MAX {
                    label[w as usize] = count;
                    queue.push(w);
                }
            }
        }
        count += 1;
    }
    number_by_size(&mut label);
    label
}

/// Renames the groups of `labels` (any ids below `labels.len()`) to 0, 1, … by decreasing size,
/// ties broken by the group's first node, so the numbering never depends on how ids were drawn.
pub(crate) fn number_by_size(labels: &mut [u32]) {
    let n = labels.len();
    let mut size = vec![0u32; n];
    let mut first = vec![u32::MAX; n];
    for (v, &l) in labels.iter().enumerate() {
        size[l as usize] += 1;
        first[l as usize] = first[l as usize].min(v as u32);
    }
    let mut groups: Vec<u32> = (0..n as u32).filter(|&l| size[l as usize] > 0).collect();
    groups.sort_unstable_by_key(|&l| (std::cmp::Reverse(size[l as usize]), first[l as usize]));
    let mut rank = vec![0u32; n];
    for (r, &l) in groups.iter().enumerate() {
        rank[l as usize] = r as u32;
    }
    labels.iter_mut().for_each(|l| *l = rank[*l as usize]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_by_decreasing_size_then_first_node() {
        // Components {0, 4}, {1}, {2, 3, 5}, {6, 7}.
        let graph = Csr::from_edges(8, &[(0, 4, 1.0), (2, 3, 1.0), (3, 5, 1.0), (6, 7, 1.0)]);
        assert_eq!(connected_components(&graph), vec![1, 3, 0, 0, 1, 0, 2, 2]);
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        assert!(connected_components(&Csr::from_edges(0, &[])).is_empty());
        assert_eq!(
            connected_components(&Csr::from_edges(3, &[])),
            vec![0, 1, 2]
        );
    }
}
