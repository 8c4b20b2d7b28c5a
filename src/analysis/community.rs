//! Communities by the Leiden algorithm (Traag, Waltman & van Eck 2019) maximising weighted
//! modularity, and modularity itself.
//!
//! Leiden rather than Louvain because Louvain can leave communities internally disconnected; the
//! refinement phase guarantees connected, well-separated communities and usually finds a higher
//! modularity. The phases follow igraph's `community_leiden`: a queue-based local moving of nodes,
//! a refinement that merges singletons inside each community (randomly among the merges that do
//! not lower the quality, with probability ∝ exp(gain / 0.01)), and aggregation on the refined
//! partition with the unrefined one as the starting point. Where igraph stops after
//! `n_iterations = 2` passes, this runs passes until one raises modularity by less than
//! [`MIN_GAIN`] or changes nothing: on a CORDIS-sized network the third pass still adds about
//! 0.001, later ones a few 1e-4 each for the cost of a whole pass. All randomness (the
//! visiting orders and the refinement's choices) comes from one ChaCha8 generator seeded by the
//! caller, and no step depends on hash order, so a seed always gives the same partition.

use super::components::number_by_size;
use super::csr::Csr;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

/// igraph's default randomness of the refinement merges.
const BETA: f64 = 0.01;

/// The modularity gain below which another Leiden pass is not worth its time (a tenth of the
/// tolerance the results are compared with against igraph).
const MIN_GAIN: f64 = 1e-3;

/// Leiden passes after which [`communities`] stops whatever the gains.
const MAX_PASSES: usize = 20;

/// Communities of the weighted graph maximising modularity at the given resolution, and that
/// modularity.
///
/// The modularity is computed afresh on `csr` for the returned partition by [`modularity`], so it
/// equals igraph's `Graph.modularity(membership, weights=..., resolution=...)`. Nodes without
/// edges are communities of their own.
///
/// # Arguments
/// * `csr`: the graph, with non-negative weights.
/// * `seed`: seeds the node orders and refinement choices; the same seed gives the same result.
/// * `resolution`: γ; above 1 favours more and smaller communities.
///
/// # Returns
/// The community of each node, numbered 0, 1, … by decreasing size (ties by smallest node), and
/// the modularity of that partition.
///
/// # Complexity
/// * Time complexity: **O(|E|)** per pass of local moving in practice, a few passes.
/// * Auxiliary space: **O(|V| + |E|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, communities};
///
/// // Two triangles joined by one edge fall apart into the two triangles.
/// let edges = [(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0), (3, 5, 1.0), (4, 5, 1.0)];
/// let (community, q) = communities(&Csr::from_edges(6, &edges), 42, 1.0);
/// assert_eq!(community, vec![0, 0, 0, 1, 1, 1]);
/// assert!((q - 5.0 / 14.0).abs() < 1e-12);
/// ```
pub fn communities(csr: &Csr, seed: u64, resolution: f64) -> (Vec<u32>, f64) {
    let graph = Level::from_csr(csr);
    let mut membership: Vec<u32> = (0..graph.len() as u32).collect();
    let total: f64 = graph.node_weight.iter().sum();
    if total > 0.0 {
        // With node weights = strengths, resolution γ / 2m turns the quality into modularity.
        let gamma = resolution / total;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut q = modularity(csr, &membership, resolution);
        for _ in 0..MAX_PASSES {
            let changed = leiden_pass(&graph, &mut membership, gamma, &mut rng);
            let before = std::mem::replace(&mut q, modularity(csr, &membership, resolution));
            if !changed || q - before < MIN_GAIN {
                break;
            }
        }
    }
    number_by_size(&mut membership);
    let q = modularity(csr, &membership, resolution);
    (membership, q)
}

/// The modularity of a partition of the weighted graph at resolution γ:
/// Q = 1/2m · Σ_c (2·w_c − γ·K_c² / 2m), with w_c the weight inside community c and K_c the
/// summed strength of its nodes. 0 for a graph without edges (igraph gives NaN there).
///
/// # Arguments
/// * `csr`: the graph.
/// * `membership`: the community id of each node.
/// * `resolution`: γ.
///
/// # Returns
/// The modularity, igraph's `Graph.modularity(membership, weights=..., resolution=...)`.
///
/// # Complexity
/// * Time complexity: **O(|V| + |E|)**.
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use partnergraph::analysis::{Csr, modularity};
///
/// // Two disjoint edges, each its own community: Q = 1 − 2·(1/2)² = 1/2.
/// let graph = Csr::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]);
/// assert_eq!(modularity(&graph, &[0, 0, 1, 1], 1.0), 0.5);
/// ```
pub fn modularity(csr: &Csr, membership: &[u32], resolution: f64) -> f64 {
    let groups = membership.iter().max().map_or(0, |&c| c as usize + 1);
    let mut inside = vec![0.0; groups];
    let mut strength = vec![0.0; groups];
    let mut total = 0.0;
    for v in 0..csr.node_count() as u32 {
        let c = membership[v as usize] as usize;
        for (&u, &w) in csr.neighbors(v).iter().zip(csr.weights(v)) {
            strength[c] += w;
            if u > v {
                total += w;
                if membership[u as usize] as usize == c {
                    inside[c] += 2.0 * w;
                }
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    let two_m = 2.0 * total;
    let q: f64 = inside
        .iter()
        .zip(&strength)
        .map(|(&e, &k)| e - resolution * k * k / two_m)
        .sum();
    q / two_m
}

/// A graph at one level of aggregation: rows of (neighbour, weight) without self-loops (they do
/// not change any move's gain), and each node's weight (the summed strength it stands for).
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    node_weight: Vec<f64>,
}

impl Level {
    fn from_csr(csr: &Csr) -> Self {
        let n = csr.node_count() as u32;
        let mut offsets = vec![0];
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        for v in 0..n {
            targets.extend_from_slice(csr.neighbors(v));
            weights.extend_from_slice(csr.weights(v));
            offsets.push(targets.len());
        }
        let node_weight = (0..n).map(|v| csr.strength(v)).collect();
        Self {
            offsets,
            targets,
            weights,
            node_weight,
        }
    }

    fn len(&self) -> usize {
        self.node_weight.len()
    }

    fn row(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[v as usize]..self.offsets[v as usize + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }
}

/// One Leiden pass from `membership` (of the nodes of `graph`); returns whether the partition
/// changed.
fn leiden_pass(graph: &Level, membership: &mut [u32], gamma: f64, rng: &mut ChaCha8Rng) -> bool {
    let before = canonical(membership);
    // The node of the current level each original node is part of.
    let mut node_of: Vec<u32> = (0..graph.len() as u32).collect();
    let mut level_membership = membership.to_vec();
    let mut aggregated: Option<Level> = None;
    loop {
        let level = aggregated.as_ref().unwrap_or(graph);
        let clusters = move_nodes(level, &mut level_membership, gamma, rng);
        for (m, &a) in membership.iter_mut().zip(&node_of) {
            *m = level_membership[a as usize];
        }
        if clusters == level.len() {
            break;
        }
        let (mut refined, mut refined_count) =
            refine(level, &level_membership, clusters, gamma, rng);
        if refined_count == level.len() {
            // Nothing merged: aggregate on the communities themselves.
            refined.clone_from(&level_membership);
            refined_count = clusters;
        }
        for a in &mut node_of {
            *a = refined[*a as usize];
        }
        let (next, next_membership) = aggregate(level, &level_membership, &refined, refined_count);
        aggregated = Some(next);
        level_membership = next_membership;
    }
    canonical(membership) != before
}

/// Fast local moving: visits nodes from a queue (initially all, shuffled), moves each to the
/// neighbouring or empty community of largest gain, and queues the neighbours outside its new
/// community when it moves. Leaves `membership` numbered 0..k and returns k.
fn move_nodes(graph: &Level, membership: &mut [u32], gamma: f64, rng: &mut ChaCha8Rng) -> usize {
    let n = graph.len();
    let mut weight = vec![0.0; n];
    let mut size = vec![0u32; n];
    for (v, &c) in membership.iter().enumerate() {
        weight[c as usize] += graph.node_weight[v];
        size[c as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(rng);
    let mut queue = VecDeque::from(order);
    let mut queued = vec![true; n];
    let mut edge_to = vec![0.0; n];
    let mut seen = vec![false; n];
    let mut candidates = Vec::new();
    while let Some(v) = queue.pop_front() {
        queued[v as usize] = false;
        let current = membership[v as usize];
        let kv = graph.node_weight[v as usize];
        weight[current as usize] -= kv;
        size[current as usize] -= 1;
        if size[current as usize] == 0 {
            empty.push(current);
        }
        // Some community is empty now: v's if it was alone, else one of the n ids is unused.
        let vacant = *empty.last().expect("an empty community");
        candidates.clear();
        candidates.push(vacant);
        seen[vacant as usize] = true;
        for (u, w) in graph.row(v) {
            let c = membership[u as usize];
            if !seen[c as usize] {
                seen[c as usize] = true;
                candidates.push(c);
            }
            edge_to[c as usize] += w;
        }
        let gain = |c: u32| edge_to[c as usize] - kv * weight[c as usize] * gamma;
        let (mut best, mut best_gain) = (current, gain(current));
        for &c in &candidates {
            let g = gain(c);
            if g > best_gain {
                (best, best_gain) = (c, g);
            }
        }
        for &c in &candidates {
            edge_to[c as usize] = 0.0;
            seen[c as usize] = false;
        }
        weight[best as usize] += kv;
        size[best as usize] += 1;
        if best == vacant {
            empty.pop();
        }
        if best != current {
            membership[v as usize] = best;
            for (u, _) in graph.row(v) {
                if !queued[u as usize] && membership[u as usize] != best {
                    queued[u as usize] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    renumber(membership)
}

/// Refinement: inside each community, starting from singletons, each node still alone and well
/// connected to the rest of its community may join a well-connected sub-community, chosen at
/// random among the merges that do not lower the quality. Returns the refined partition numbered
/// 0..k and k.
// Long because it is one pass of the refinement, whose running totals (node weights, weights
// to the rest of the community, sub-community sizes) every merge updates; split, each piece
// would take all of them.
fn refine(
    graph: &Level,
    membership: &[u32],
    clusters: usize,
    gamma: f64,
    rng: &mut ChaCha8Rng,
) -> (Vec<u32>, usize) {
    let n = graph.len();
    let mut refined: Vec<u32> = (0..n as u32).collect();
    let mut weight = graph.node_weight.clone();
    // Weight from each sub-community to the rest of its community.
    let mut external: Vec<f64> = (0..n as u32)
        .map(|v| {
            let c = membership[v as usize];
            graph
                .row(v)
                .filter(|&(u, _)| membership[u as usize] == c)
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    let mut grown = vec![false; n];
    let mut edge_to = vec![0.0; n];
    let mut seen = vec![false; n];
    let mut candidates = Vec::new();
    let mut gains = Vec::new();
    let mut cumulative = Vec::new();
    let mut order = Vec::new();
    let groups = Groups::new(membership, clusters);
    for community in 0..clusters as u32 {
        let members = groups.get(community);
        let total: f64 = members.iter().map(|&v| graph.node_weight[v as usize]).sum();
        order.clear();
        order.extend_from_slice(members);
        order.shuffle(rng);
        for &v in &order {
            // Each node is visited once, so a node that has not moved is still its own id.
            let own = refined[v as usize];
            let well_connected = |s: u32, weight: &[f64], external: &[f64]| {
                let ws = weight[s as usize];
                external[s as usize] >= ws * (total - ws) * gamma
            };
            if grown[own as usize] || !well_connected(own, &weight, &external) {
                continue;
            }
            let kv = graph.node_weight[v as usize];
            weight[own as usize] = 0.0;
            candidates.clear();
            candidates.push(own);
            seen[own as usize] = true;
            for (u, w) in graph.row(v) {
                if membership[u as usize] == community {
                    let s = refined[u as usize];
                    if !seen[s as usize] {
                        seen[s as usize] = true;
                        candidates.push(s);
                    }
                    edge_to[s as usize] += w;
                }
            }
            gains.clear();
            gains.extend(candidates.iter().map(|&s| {
                let gain = edge_to[s as usize] - kv * weight[s as usize] * gamma;
                (well_connected(s, &weight, &external) && gain >= 0.0).then_some(gain)
            }));
            let best = gains.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
            cumulative.clear();
            let mut sum = 0.0;
            for gain in &gains {
                // Relative to the best gain, so exp never overflows; the best has weight 1.
                sum += gain.map_or(0.0, |g| ((g - best) / BETA).exp());
                cumulative.push(sum);
            }
            let r = rng.random::<f64>() * sum;
            let pick = cumulative
                .partition_point(|&c| c <= r)
                .min(candidates.len() - 1);
            let chosen = candidates[pick];
            for &s in &candidates {
                edge_to[s as usize] = 0.0;
                seen[s as usize] = false;
            }
            weight[chosen as usize] += kv;
            if chosen != own {
                for (u, w) in graph.row(v) {
                    if membership[u as usize] == community {
                        if refined[u as usize] == chosen {
                            external[chosen as usize] -= w;
                        } else {
                            external[chosen as usize] += w;
                        }
                    }
                }
                refined[v as usize] = chosen;
                grown[chosen as usize] = true;
            }
        }
    }
    let count = renumber(&mut refined);
    (refined, count)
}

/// The graph whose nodes are the refined communities, each starting in its unrefined community.
fn aggregate(
    graph: &Level,
    membership: &[u32],
    refined: &[u32],
    count: usize,
) -> (Level, Vec<u32>) {
    let mut offsets = vec![0];
    let (mut targets, mut weights) = (Vec::new(), Vec::new());
    let mut node_weight = vec![0.0; count];
    let mut next_membership = vec![0; count];
    let mut edge_to = vec![0.0; count];
    let mut seen = vec![false; count];
    let mut neighbours = Vec::new();
    let groups = Groups::new(refined, count);
    for s in 0..count {
        let members = groups.get(s as u32);
        for &v in members {
            node_weight[s] += graph.node_weight[v as usize];
            for (u, w) in graph.row(v) {
                let t = refined[u as usize];
                if t as usize != s {
                    if !seen[t as usize] {
                        seen[t as usize] = true;
                        neighbours.push(t);
                    }
                    edge_to[t as usize] += w;
                }
            }
        }
        next_membership[s] = membership[members[0] as usize];
        for t in neighbours.drain(..) {
            targets.push(t);
            weights.push(edge_to[t as usize]);
            edge_to[t as usize] = 0.0;
            seen[t as usize] = false;
        }
        offsets.push(targets.len());
    }
    let level = Level {
        offsets,
        targets,
        weights,
        node_weight,
    };
    (level, next_membership)
}

/// The nodes of each group 0..count, ascending, in one array.
struct Groups {
    starts: Vec<usize>,
    nodes: Vec<u32>,
}

impl Groups {
    fn new(labels: &[u32], count: usize) -> Self {
        let mut starts = vec![0; count + 1];
        for &l in labels {
            starts[l as usize + 1] += 1;
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut nodes = vec![0; labels.len()];
        for (v, &l) in labels.iter().enumerate() {
            nodes[fill[l as usize]] = v as u32;
            fill[l as usize] += 1;
        }
        Self { starts, nodes }
    }

    fn get(&self, group: u32) -> &[u32] {
        &self.nodes[self.starts[group as usize]..self.starts[group as usize + 1]]
    }
}

/// Renumbers the labels 0..k in order of first appearance and returns k.
fn renumber(labels: &mut [u32]) -> usize {
    let mut new = vec![u32::MAX; labels.len()];
    let mut count = 0;
    for l in labels.iter_mut() {
        if new[*l as usize] == u32::MAX {
            new[*l as usize] = count;
            count += 1;
        }
        *l = new[*l as usize];
    }
    count as usize
}

fn canonical(labels: &[u32]) -> Vec<u32> {
    let mut labels = labels.to_vec();
    renumber(&mut labels);
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testgraphs::{KARATE_CLUBS, KARATE_EDGES, karate, random_graph};

    #[test]
    fn modularity_of_the_karate_club_split_matches_igraph() {
        let graph = karate();
        let q = modularity(&graph, &KARATE_CLUBS, 1.0);
        assert!((q - 0.358_234_714_003_944_8).abs() < 1e-15, "{q}");
        let q = modularity(&graph, &KARATE_CLUBS, 0.5);
        assert!((q - 0.608_604_536_489_151_9).abs() < 1e-15, "{q}");
        // Weighted, with an isolated 35th node in a third community.
        let edges: Vec<_> = KARATE_EDGES
            .iter()
            .map(|&(a, b)| (a, b, f64::from((a + b) % 3 + 1)))
            .collect();
        let mut clubs = KARATE_CLUBS.to_vec();
        clubs.push(2);
        let q = modularity(&Csr::from_edges(35, &edges), &clubs, 1.0);
        assert!((q - 0.345_507_544_581_618_7).abs() < 1e-15, "{q}");
    }

    #[test]
    fn karate_club_reaches_the_best_known_modularity() {
        // igraph's Leiden, best of 50 runs: 0.4197896; multilevel: 0.4151.
        for seed in 0..10 {
            let (community, q) = communities(&karate(), seed, 1.0);
            assert!(q > 0.4151, "seed {seed}: {q}");
            assert_eq!(q, modularity(&karate(), &community, 1.0));
        }
    }

    #[test]
    fn same_seed_same_partition() {
        let graph = random_graph(400, 0.02, 11);
        let first = communities(&graph, 5, 1.0);
        assert_eq!(first, communities(&graph, 5, 1.0));
        let k = first.0.iter().max().map_or(0, |&c| c + 1);
        let groups = Groups::new(&first.0, k as usize);
        assert!((1..k).all(|c| groups.get(c - 1).len() >= groups.get(c).len()));
    }

    #[test]
    fn communities_are_connected() {
        let graph = random_graph(300, 0.015, 3);
        let (community, _) = communities(&graph, 1, 1.0);
        let k = community.iter().max().map_or(0, |&c| c as usize + 1);
        let groups = Groups::new(&community, k);
        for c in 0..k {
            let members = groups.get(c as u32);
            let mut reached = vec![members[0]];
            let mut stack = vec![members[0]];
            while let Some(v) = stack.pop() {
                for &u in graph.neighbors(v) {
                    if community[u as usize] as usize == c && !reached.contains(&u) {
                        reached.push(u);
                        stack.push(u);
                    }
                }
            }
            assert_eq!(reached.len(), members.len(), "community {c}");
        }
    }

    #[test]
    fn resolution_trades_size_for_number() {
        let graph = random_graph(300, 0.03, 9);
        let coarse = communities(&graph, 2, 0.5).0.into_iter().max();
        let fine = communities(&graph, 2, 2.0).0.into_iter().max();
        assert!(coarse < fine, "{coarse:?} vs {fine:?}");
    }

    #[test]
    fn edgeless_graphs_are_singletons() {
        assert_eq!(
            communities(&Csr::from_edges(3, &[]), 0, 1.0),
            (vec![0, 1, 2], 0.0)
        );
        assert_eq!(communities(&Csr::from_edges(0, &[]), 0, 1.0), (vec![], 0.0));
    }
}
