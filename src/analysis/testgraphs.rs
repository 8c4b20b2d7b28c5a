//! Graphs with known answers for the unit tests: Zachary's karate club with NetworkX's values,
//! and seeded random graphs for brute-force comparisons.

use super::csr::Csr;
use super::network::{Bipartite, OrgNode, Participation, ProjectNode};
use crate::model::Role;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Zachary's karate club, unweighted.
pub fn karate() -> Csr {
    let edges: Vec<_> = KARATE_EDGES.iter().map(|&(a, b)| (a, b, 1.0)).collect();
    Csr::from_edges(34, &edges)
}

/// Two triangles, 0-1-2 and 3-4-5, joined by the bridge 2-3.
pub fn bridged_triangles() -> Csr {
    let edges = [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (4, 5)];
    Csr::from_edges(6, &edges.map(|(a, b)| (a, b, 1.0)))
}

/// An Erdős–Rényi G(n, p) graph with weights in 1..=3, from a seeded generator.
pub fn random_graph(n: u32, p: f64, seed: u64) -> Csr {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if rng.random_bool(p) {
                edges.push((a, b, f64::from(rng.random_range(1..=3u8))));
            }
        }
    }
    Csr::from_edges(n as usize, &edges)
}

/// Four organisations (0 and 1 Swedish, 2 Finnish, 3 without country) in four projects:
///
/// | project | programme | years     | EC max | theme | participants (role)          |
/// | 0       | H2020     | 2015–2018 | 100    | ai    | 0 (coord), 1, 2              |
/// | 1       | H2020     | 2017–2020 | 50     |       | 0, 1 (coord)                 |
/// | 2       | HORIZON   | 2022–2026 | —      | ai    | 1 (coord), 2, 3              |
/// | 3       | H2020     | 2019–2021 | 10     |       | 3 (coord)                    |
pub fn example() -> Bipartite {
    let org = |i: u32, country: Option<&str>| OrgNode {
        iri: format!("org{i}"),
        label: format!("Org {i}"),
        country: country.map(str::to_owned),
        org_type: None,
        sme: None,
    };
    let project =
        |acronym: &str, programme: &str, years: (i32, i32), ec, theme: bool| ProjectNode {
            iri: acronym.to_lowercase(),
            acronym: acronym.to_owned(),
            programme: Some(programme.to_owned()),
            start_year: Some(years.0),
            end_year: Some(years.1),
            ec_max_contribution: ec,
            themes: if theme { vec!["ai".to_owned()] } else { vec![] },
        };
    let part = |project, org, coordinator: bool| {
        let role = if coordinator {
            Role::Coordinator
        } else {
            Role::Participant
        };
        Participation::new(org, project, Some(role), Some(f64::from(10 * (org + 1))))
    };
    Bipartite {
        orgs: vec![
            org(0, Some("SE")),
            org(1, Some("SE")),
            org(2, Some("FI")),
            org(3, None),
        ],
        projects: vec![
            project("P0", "H2020", (2015, 2018), Some(100.0), true),
            project("P1", "H2020", (2017, 2020), Some(50.0), false),
            project("P2", "HORIZON", (2022, 2026), None, true),
            project("P3", "H2020", (2019, 2021), Some(10.0), false),
        ],
        participations: vec![
            part(0, 0, true),
            part(0, 1, false),
            part(0, 2, false),
            part(1, 0, false),
            part(1, 1, true),
            part(2, 1, true),
            part(2, 2, false),
            part(2, 3, false),
            part(3, 3, true),
        ],
    }
}

/// `orgs` organisations in `projects` projects of 1 to 12 distinct participants each (one in
/// five coordinating), with years and EC contributions, from a seeded generator.
pub fn random_bipartite(orgs: u32, projects: u32, seed: u64) -> Bipartite {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut participations = Vec::new();
    let project_nodes = (0..projects)
        .map(|p| {
            let size = rng.random_range(1..=12.min(orgs));
            let mut members: Vec<u32> = Vec::new();
            while members.len() < size as usize {
                let org = rng.random_range(0..orgs);
                if !members.contains(&org) {
                    members.push(org);
                }
            }
            members.sort_unstable();
            participations.extend(members.into_iter().map(|org| {
                let role = if rng.random_bool(0.2) {
                    Role::Coordinator
                } else {
                    Role::Participant
                };
                Participation::new(org, p, Some(role), None)
            }));
            let start = rng.random_range(2014..2024);
            ProjectNode {
                iri: format!("p{p}"),
                acronym: format!("P{p}"),
                programme: None,
                start_year: Some(start),
                end_year: rng.random_bool(0.9).then_some(start + 3),
                ec_max_contribution: rng.random_bool(0.9).then_some(f64::from(p % 7) * 1000.0),
                themes: vec![],
            }
        })
        .collect();
    Bipartite {
        orgs: (0..orgs)
            .map(|i| OrgNode {
                iri: format!("org{i}"),
                label: format!("Org {i}"),
                country: None,
                org_type: None,
                sme: None,
            })
            .collect(),
        projects: project_nodes,
        participations,
    }
}

/// The 78 edges of Zachary's karate club, members numbered as NetworkX does.
#[rustfmt::skip]
pub const KARATE_EDGES: [(u32, u32); 78] = [
    (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8),
    (0, 10), (0, 11), (0, 12), (0, 13), (0, 17), (0, 19), (0, 21), (0, 31),
    (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19), (1, 21), (1, 30),
    (2, 3), (2, 7), (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32),
    (3, 7), (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10), (5, 16),
    (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32), (14, 33),
    (15, 32), (15, 33), (18, 32), (18, 33), (19, 33), (20, 32), (20, 33), (22, 32),
    (22, 33), (23, 25), (23, 27), (23, 29), (23, 32), (23, 33), (24, 25), (24, 27),
    (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32),
    (29, 33), (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
];

/// The two clubs the members joined after the split (0: Mr. Hi, 1: Officer).
#[rustfmt::skip]
pub const KARATE_CLUBS: [u32; 34] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0,
    0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
];

/// NetworkX 3.6's values for Zachary's karate club, by measure (`karate_networkx.json`, which
/// says how each was computed).
pub fn karate_networkx(measure: &str) -> Vec<f64> {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("karate_networkx.json")).unwrap();
    let values = all[measure]["values"]
        .as_array()
        .unwrap_or_else(|| panic!("{measure}"));
    values.iter().map(|v| v.as_f64().unwrap()).collect()
}
