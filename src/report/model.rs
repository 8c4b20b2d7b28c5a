//! The partnership-gap report as data: computed once, rendered to Markdown, HTML and JSON, so
//! that all three state the same facts. Every claim carries its evidence.

use serde::Serialize;

/// Where a claim comes from: a quoted span of a document, or a CORDIS record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Source document id (`region-orebro-life-science-strategy`, `h2020-organization`).
    pub source: String,
    /// The document's title, when it has one.
    pub source_title: Option<String>,
    /// The quoted sentence, or a description of the record ("CORDIS participation in 3TR").
    pub quote: String,
    /// 1-based line of the quote in the document, for text documents.
    pub line: Option<u64>,
    /// CORDIS project identifier, for CORDIS records.
    pub cordis_project: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgRef {
    pub iri: String,
    pub label: String,
    pub country: Option<String>,
    /// CORDIS activity type (HES, REC, PRC, PUB, OTH) or the profile's organisation type.
    pub org_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeRef {
    /// Theme id (`biobanks`).
    pub id: String,
    pub label_en: String,
    pub label_sv: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectFact {
    pub iri: String,
    pub acronym: String,
    pub title: Option<String>,
    /// CORDIS role code, when CORDIS records it.
    pub role: Option<String>,
    pub ec_contribution: Option<f64>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub themes: Vec<ThemeRef>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpertiseFact {
    pub name: String,
    /// primary, secondary or emerging.
    pub level: String,
    pub project_count: Option<u64>,
    pub projects: Vec<String>,
    pub themes: Vec<ThemeRef>,
    pub evidence: Evidence,
}

/// Section 1: who the organisation is in the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub organisation: OrgRef,
    /// Every name the documents use for it.
    pub aliases: Vec<String>,
    pub projects: Vec<ProjectFact>,
    /// Number of projects per role (coordinator, participant, thirdParty, unknown).
    pub roles: Vec<(String, u64)>,
    /// EC contribution over its CORDIS participations, in euro; `None` when no participation of
    /// the organisation records one (no CORDIS data), which is not the same as zero.
    pub ec_contribution: Option<f64>,
    /// Headline figures as a profile document states them (may differ from CORDIS).
    pub stated: Vec<StatedFigure>,
    pub partners: Vec<Partner>,
    /// Partner countries with the number of partners from each, most first.
    pub partner_countries: Vec<(String, u64)>,
    pub expertise: Vec<ExpertiseFact>,
    pub early_focus: Option<String>,
    pub recent_focus: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedFigure {
    /// "H2020 projects", "As coordinator", "Total EC funding (EUR)", "Unique partners", "Countries".
    pub name: String,
    pub value: f64,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub organisation: OrgRef,
    /// Acronyms of the projects shared with the subject.
    pub shared_projects: Vec<String>,
}

/// Section 2: what the strategy prioritises.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub theme: ThemeRef,
    /// The strategy's priority areas and commitments linked to the theme, with their sentences.
    pub statements: Vec<PriorityStatement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityStatement {
    /// The heading or area label ("Bättre utnyttjande av biobanker").
    pub label: String,
    /// "priority area" or "commitment".
    pub kind: String,
    pub evidence: Evidence,
}

/// How well the subject covers a theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The subject's projects about the theme (or a narrower one).
    pub projects: Vec<String>,
    /// The subject's expertise areas about the theme, with their level.
    pub expertise: Vec<(String, String)>,
    /// The subject's partners active in the theme.
    pub partners_active: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapKind {
    /// No project and no expertise area of the subject in the theme.
    Missing,
    /// Some evidence, but thin: at most one project and no primary or secondary expertise.
    Weak,
}

/// Section 3 and 4: a prioritised theme the subject does not cover, and who could close it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub theme: ThemeRef,
    pub kind: GapKind,
    /// How many of the strategy's statements point at the theme.
    pub priority_weight: u64,
    pub coverage: Coverage,
    pub evidence: Vec<Evidence>,
    pub candidates: Vec<Candidate>,
}

/// How close a candidate already is to the subject in the co-participation network.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proximity {
    /// Already shares projects with the subject.
    Partner {
        shared_projects: Vec<String>,
    },
    /// Shares partners with the subject: a warm introduction is possible through them.
    Warm {
        shared_partners: Vec<String>,
    },
    Unconnected,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreParts {
    /// 0–1: projects and expertise in the theme.
    pub theme: f64,
    /// 0–1: partner 1, warm 0.5–0.9 by shared partners, unconnected 0.
    pub proximity: f64,
    /// 0–1: another country, another organisation type, coordinator experience.
    pub complementarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub organisation: OrgRef,
    /// 0–1, the weighted sum of `parts` (weights in [`super::SCORE_WEIGHTS`]).
    pub score: f64,
    pub parts: ScoreParts,
    pub proximity: Proximity,
    /// The candidate's projects in the theme (acronyms).
    pub theme_projects: Vec<String>,
    /// The candidate's expertise areas in the theme, with level.
    pub theme_expertise: Vec<(String, String)>,
    pub coordinated: u64,
    /// The reasons in words, e.g. "5 projects in biobanks: A, B, C".
    pub why: Vec<String>,
}

/// A theme where the subject is strong but its strategy is silent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strength {
    pub theme: ThemeRef,
    pub projects: Vec<String>,
    pub expertise: Vec<(String, String)>,
}

/// Section 5: an organisation with a similar profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peer {
    pub organisation: OrgRef,
    /// Cosine similarity of theme profiles, 0–1.
    pub similarity: f64,
    /// Themes the peer works in that the subject does not.
    pub covers: Vec<ThemeRef>,
    /// Partners of the peer the subject has never worked with.
    pub new_partners: Vec<OrgRef>,
}

/// Section 6 data: one bar of the coverage chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeBar {
    pub theme: ThemeRef,
    pub priority_weight: u64,
    pub projects: u64,
    pub expertise: u64,
}

/// Section 6 data: the ego network (subject, partners, candidates) with edges between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EgoNetwork {
    pub nodes: Vec<EgoNode>,
    /// Index pairs into `nodes` with the number of shared projects.
    pub edges: Vec<(usize, usize, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EgoNode {
    pub label: String,
    /// "subject", "partner" or "candidate".
    pub role: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// partnergraph version and store generation the report was computed from.
    pub generator: String,
    pub generation: String,
    pub profile: Profile,
    /// Strategies considered: (source id, title).
    pub strategies: Vec<(String, String)>,
    pub priorities: Vec<Priority>,
    /// The strategies' priorities that no specific theme places (none at all, or only a top
    /// concept of the scheme, too broad to compare): listed so that none is silently left out.
    pub priorities_without_theme: Vec<PriorityStatement>,
    pub gaps: Vec<Gap>,
    pub strengths: Vec<Strength>,
    pub peers: Vec<Peer>,
    pub coverage_chart: Vec<ThemeBar>,
    pub ego: EgoNetwork,
    /// How candidates are scored, in words, for the reader.
    pub method: Vec<String>,
    /// What the report could not do with the data it had (no CORDIS data, no strategy, …).
    pub limitations: Vec<String>,
}
