//! The participation network: organisations, projects and who took part in what, with dense
//! `u32` indices so that graph algorithms run on compact arrays.

use crate::model::{Role, RoleSet};
use serde::Serialize;

/// An organisation as a network node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgNode {
    /// The organisation's IRI in the graph.
    pub iri: String,
    pub label: String,
    pub country: Option<String>,
    /// CORDIS activity type (HES, REC, PRC, PUB, OTH) or the profile's type.
    pub org_type: Option<String>,
    pub sme: Option<bool>,
}

/// A project as a network node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectNode {
    pub iri: String,
    pub acronym: String,
    pub programme: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    /// EC maximum contribution to the whole project, in euro.
    pub ec_max_contribution: Option<f64>,
    /// Theme ids the project is linked to (for `--theme` filters).
    pub themes: Vec<String>,
}

/// One organisation's participation in one project.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Participation {
    /// Index into [`Bipartite::orgs`].
    pub org: u32,
    /// Index into [`Bipartite::projects`].
    pub project: u32,
    /// The leading one of `roles`, or none when CORDIS gave a role partnergraph does not know.
    pub role: Option<Role>,
    /// Every known role the organisation holds in the project.
    pub roles: RoleSet,
    /// The organisation's EC contribution in this project, in euro: of all its roles.
    pub ec_contribution: Option<f64>,
}

impl Participation {
    /// A participation in one role (or in one partnergraph does not know).
    pub fn new(org: u32, project: u32, role: Option<Role>, ec_contribution: Option<f64>) -> Self {
        Self {
            org,
            project,
            role,
            roles: role.map(RoleSet::of).unwrap_or_default(),
            ec_contribution,
        }
    }
}

/// The bipartite organisation–project graph as read from the store. Indices are dense and
/// sorted by IRI, so the same store always gives the same numbering.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bipartite {
    pub orgs: Vec<OrgNode>,
    pub projects: Vec<ProjectNode>,
    /// Sorted by (project, org); at most one per pair.
    pub participations: Vec<Participation>,
}

/// Which participations and projects the co-participation projection counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectionOptions {
    /// Keep only edges of at least this many shared projects (default 1).
    pub min_shared: u32,
    /// Drop projects with more participants than this: huge consortia connect everyone.
    pub max_consortium: Option<u32>,
    /// Weight each shared project 1/(k−1) for a project of k participants (Newman 2001) instead of 1.
    pub newman: bool,
    /// Only participations in these roles count (e.g. coordinator and participant).
    pub roles: Option<Vec<Role>>,
    /// Only edges between a coordinator and another participant of the same project.
    pub coordinator_edges_only: bool,
    /// Only projects of these framework programmes (e.g. "H2020").
    pub programmes: Option<Vec<String>>,
    /// Only projects starting in this inclusive range of years.
    pub years: Option<(i32, i32)>,
    /// Only organisations of these countries.
    pub countries: Option<Vec<String>>,
    /// Only projects linked to this theme id.
    pub theme: Option<String>,
}

/// An edge of the projection: two organisations and what they share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Org indices with `a < b`.
    pub a: u32,
    pub b: u32,
    /// Number of shared projects, or the Newman-weighted sum.
    pub weight: f64,
    /// Number of shared projects (whatever the weighting).
    pub shared: u32,
}

/// What an edge's shared projects add up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedFacts {
    /// Sum of the EC maximum contributions of the shared projects (missing counts 0), in euro.
    pub ec_funding: f64,
    /// The earliest start year among them.
    pub first_year: Option<i32>,
    /// The latest end year among them.
    pub last_year: Option<i32>,
}

/// The organisation co-participation network: nodes are the organisations that kept at least one
/// participation after filtering; edges are sorted by (a, b).
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Indices into [`Bipartite::orgs`] of the nodes, ascending.
    pub nodes: Vec<u32>,
    pub edges: Vec<Edge>,
    /// Every edge's shared projects (indices into [`Bipartite::projects`]) one after the other,
    /// in edge order; one array rather than a vector per edge, which cost more to allocate than
    /// the whole projection took to compute.
    projects: Vec<u32>,
    /// Edge i's shared projects are `projects[project_start[i]..project_start[i + 1]]`.
    project_start: Vec<usize>,
}

impl Projection {
    /// A projection of `edges`, whose shared projects are `projects` in edge order (each edge
    /// taking as many as it shares).
    ///
    /// # Panics
    /// If the edges share more or fewer projects than `projects` holds.
    pub fn new(nodes: Vec<u32>, edges: Vec<Edge>, projects: Vec<u32>) -> Self {
        let mut project_start = Vec::with_capacity(edges.len() + 1);
        project_start.push(0);
        for edge in &edges {
            project_start.push(project_start[project_start.len() - 1] + edge.shared as usize);
        }
        assert_eq!(
            project_start[edges.len()],
            projects.len(),
            "shared projects"
        );
        Self {
            nodes,
            edges,
            projects,
            project_start,
        }
    }

    /// The shared projects of edge `edge` (its index in [`Projection::edges`]), ascending.
    pub fn projects(&self, edge: usize) -> &[u32] {
        &self.projects[self.project_start[edge]..self.project_start[edge + 1]]
    }

    /// What edge `edge`'s shared projects add up to, read from `bipartite`, the graph projected;
    /// computed on demand, as exports write each edge, rather than stored with every edge.
    ///
    /// # Panics
    /// If a shared project is not one of `bipartite`'s.
    pub fn shared_facts(&self, edge: usize, bipartite: &Bipartite) -> SharedFacts {
        let mut facts = SharedFacts {
            ec_funding: 0.0,
            first_year: None,
            last_year: None,
        };
        for p in self
            .projects(edge)
            .iter()
            .map(|&p| &bipartite.projects[p as usize])
        {
            facts.ec_funding += p.ec_max_contribution.unwrap_or(0.0);
            facts.first_year = match (facts.first_year, p.start_year) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            // `None` orders before every `Some`, so `max` skips missing years.
            facts.last_year = facts.last_year.max(p.end_year);
        }
        facts
    }
}

impl Default for Projection {
    fn default() -> Self {
        Self::new(Vec::new(), Vec::new(), Vec::new())
    }
}

/// Per-node metrics of a projection, each vector indexed like [`Projection::nodes`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub degree: Vec<u32>,
    /// Weighted degree (sum of edge weights).
    pub strength: Vec<f64>,
    /// Betweenness centrality (unweighted shortest paths, undirected, not normalised; exact or
    /// estimated from a sample of sources — see `betweenness_samples`).
    pub betweenness: Vec<f64>,
    /// Number of BFS sources used; `None` when exact.
    pub betweenness_samples: Option<usize>,
    pub pagerank: Vec<f64>,
    /// Connected component id, components numbered by decreasing size.
    pub component: Vec<u32>,
    /// Local clustering coefficient.
    pub clustering: Vec<f64>,
    /// Community id (Louvain/Leiden), communities numbered by decreasing size.
    pub community: Vec<u32>,
    /// Modularity of `community` on the weighted projection.
    pub modularity: f64,
    /// For each edge of [`Projection::edges`] (same order): the number of organisations both
    /// ends have worked with (common neighbours) — how "warm" an introduction through them is.
    pub shared_partners: Vec<u32>,
    /// Projects each organisation took part in (after filtering).
    pub projects: Vec<u32>,
    /// EC contribution received by each organisation over its kept participations, in euro.
    pub ec_funding: Vec<f64>,
}
