//! Renders a [`GapReport`] as Markdown, one self-contained HTML page, or JSON.
//!
//! The renderers only lay out what the model states, so the three formats carry the same facts.
//! Wording and number formats that Markdown and HTML share live here, so the two cannot drift.

mod html;
mod markdown;
pub mod svg;

use crate::report::SCORE_WEIGHTS;
use crate::report::model::{
    Evidence, GapKind, GapReport, OrgRef, Profile, ProjectFact, Proximity, ScoreParts, ThemeRef,
};
use std::collections::{BTreeMap, BTreeSet};

/// The report as GitHub-flavoured Markdown; the pictures are summarised as tables.
pub fn markdown(report: &GapReport) -> String {
    markdown::render(report)
}

/// The report as one self-contained HTML page: inline CSS and SVG, nothing loaded from elsewhere.
pub fn html(report: &GapReport) -> String {
    html::render(report)
}

/// The model itself, pretty-printed, for other tools.
pub fn json(report: &GapReport) -> serde_json::Result<String> {
    serde_json::to_string_pretty(report)
}

/// A top-level section: its anchor and heading, the same in Markdown and HTML.
struct Section {
    id: &'static str,
    title: &'static str,
}

impl Section {
    const fn new(id: &'static str, title: &'static str) -> Self {
        Self { id, title }
    }
}

const PROFILE: Section = Section::new("profile", "Who we are in the data");
const PRIORITIES: Section = Section::new("priorities", "What our strategy prioritises");
const GAPS: Section = Section::new("gaps", "The gaps");
const CANDIDATES: Section = Section::new("candidates", "Who could close each gap");
const STRENGTHS: Section = Section::new("strengths", "Untapped strengths");
const PEERS: Section = Section::new("peers", "Peers");
const PICTURES: Section = Section::new("pictures", "Pictures");

/// Reading order; the HTML table of contents and the tests follow it.
const SECTIONS: [&Section; 7] = [
    &PROFILE,
    &PRIORITIES,
    &GAPS,
    &CANDIDATES,
    &STRENGTHS,
    &PEERS,
    &PICTURES,
];

const SCORING_TITLE: &str = "How candidates are scored";

/// Expertise levels present in the profile, strongest first; unknown levels follow in the order
/// met, so that no expertise area is left out.
fn levels(profile: &Profile) -> Vec<&str> {
    let mut out = vec!["primary", "secondary", "emerging"];
    for e in &profile.expertise {
        if !out.contains(&e.level.as_str()) {
            out.push(&e.level);
        }
    }
    out
}

fn or_unknown(text: Option<&str>) -> &str {
    text.unwrap_or("not known")
}

/// "Biobanks (Biobanker)": the English label, with the strategy's Swedish one when known.
fn theme_label(theme: &ThemeRef) -> String {
    match &theme.label_sv {
        Some(sv) if sv != &theme.label_en => format!("{} ({sv})", theme.label_en),
        _ => theme.label_en.clone(),
    }
}

/// The full name of an evidence's document: "id (title)".
fn source_name(evidence: &Evidence) -> String {
    match &evidence.source_title {
        Some(title) => format!("{} ({title})", evidence.source),
        None => evidence.source.clone(),
    }
}

/// The citation a reader can check: "source (title), line N", or "CORDIS project ID".
fn citation(evidence: &Evidence) -> String {
    match (&evidence.cordis_project, evidence.line) {
        (Some(id), _) => format!("CORDIS project {id}"),
        (None, Some(line)) => format!("{}, line {line}", source_name(evidence)),
        (None, None) => source_name(evidence),
    }
}

fn cordis_url(project_id: &str) -> String {
    format!("https://cordis.europa.eu/project/id/{project_id}")
}

/// Whether the evidence is a quotation (shown as one) or a description of a record.
fn is_quotation(evidence: &Evidence) -> bool {
    evidence.cordis_project.is_none()
}

/// A proximity in words: a CSS class, a badge, and who or what connects us.
struct ProximityText {
    class: &'static str,
    badge: &'static str,
    detail: Option<String>,
}

impl ProximityText {
    fn of(proximity: &Proximity) -> Self {
        let (class, badge, detail) = match proximity {
            Proximity::Partner { shared_projects } => (
                "partner",
                "already a partner",
                (!shared_projects.is_empty())
                    .then(|| format!("through {}", shared_projects.join(", "))),
            ),
            Proximity::Warm { shared_partners } => (
                "warm",
                "warm introduction",
                (!shared_partners.is_empty())
                    .then(|| format!("via {}", shared_partners.join(", "))),
            ),
            Proximity::Unconnected => ("unconnected", "unconnected", None),
        };
        Self {
            class,
            badge,
            detail,
        }
    }

    /// "warm introduction via A, B".
    fn sentence(&self) -> String {
        match &self.detail {
            Some(detail) => format!("{} {detail}", self.badge),
            None => self.badge.to_owned(),
        }
    }
}

fn gap_kind(kind: GapKind) -> &'static str {
    match kind {
        GapKind::Missing => "missing",
        GapKind::Weak => "weak",
    }
}

/// The value of one named score part, in the order of [`SCORE_WEIGHTS`].
fn score_part(parts: &ScoreParts, name: &str) -> f64 {
    match name {
        "theme" => parts.theme,
        "proximity" => parts.proximity,
        "complementarity" => parts.complementarity,
        _ => 0.0,
    }
}

/// "score = 0.5 × theme + 0.3 × proximity + 0.2 × complementarity".
fn score_formula() -> String {
    let terms: Vec<String> = SCORE_WEIGHTS
        .iter()
        .map(|(name, weight)| format!("{weight} × {name}"))
        .collect();
    format!("score = {}", terms.join(" + "))
}

/// How one candidate's score adds up, for tooltips and the Markdown table.
fn score_breakdown(parts: &ScoreParts) -> String {
    let terms: Vec<String> = SCORE_WEIGHTS
        .iter()
        .map(|(name, _)| format!("{name} {:.2}", score_part(parts, name)))
        .collect();
    terms.join(" · ")
}

/// Whole numbers with thousands separators, others with two decimals.
fn number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value:.2}");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

fn euro(value: f64) -> String {
    format!("€{}", number(value.round()))
}

/// "€2.4 million": a headline figure people take in at a glance.
fn euro_short(value: Option<f64>) -> String {
    match euro_parts(value) {
        (amount, "") => amount,
        (amount, unit) => format!("{amount} {unit}"),
    }
}

/// An amount the graph may not record: "not recorded" rather than a misleading €0.
fn euro_or_unknown(value: Option<f64>) -> String {
    value.map_or_else(|| "not recorded".to_owned(), euro)
}

/// The amount and unit of [`euro_short`], for layouts that set the unit smaller.
fn euro_parts(value: Option<f64>) -> (String, &'static str) {
    let Some(value) = value else {
        return ("not recorded".to_owned(), "");
    };
    if value.abs() >= 1e6 {
        (format!("€{:.1}", value / 1e6), "million")
    } else {
        (euro(value), "")
    }
}

fn role_name(code: &str) -> &str {
    match code {
        "thirdParty" => "third party",
        "associatedPartner" => "associated partner",
        "unknown" => "role not recorded",
        other => other,
    }
}

/// CORDIS activity types in words; profile types pass through.
fn org_type_name(code: &str) -> &str {
    match code {
        "HES" => "higher education",
        "REC" => "research organisation",
        "PRC" => "company",
        "PUB" => "public body",
        "OTH" => "other",
        other => other,
    }
}

/// Country names for the codes CORDIS uses (EL for Greece, UK); unknown codes pass through.
fn country_name(code: &str) -> &str {
    crate::model::country_name(code).unwrap_or(code)
}

/// "Sweden, public body": what a reader needs to place an organisation.
fn org_meta(org: &OrgRef) -> String {
    let parts: Vec<&str> = [
        org.country.as_deref().map(country_name),
        org.org_type.as_deref().map(org_type_name),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(", ")
}

/// "Karolinska Institutet (Sweden)": an organisation named inline.
fn org_inline(org: &OrgRef) -> String {
    match org.country.as_deref() {
        Some(country) => format!("{} ({})", org.label, country_name(country)),
        None => org.label.clone(),
    }
}

/// "A, B, C", or "none", so an empty coverage reads as a finding rather than a blank.
fn list_or_none<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "Name (level)" for expertise pairs.
fn expertise_list(items: &[(String, String)]) -> Vec<String> {
    items
        .iter()
        .map(|(name, level)| format!("{name} ({level})"))
        .collect()
}

fn theme_list(themes: &[ThemeRef]) -> Vec<String> {
    themes.iter().map(|t| t.label_en.clone()).collect()
}

fn years(project: &ProjectFact) -> String {
    match (project.start_year, project.end_year) {
        (Some(start), Some(end)) if start != end => format!("{start}–{end}"),
        (Some(year), _) | (None, Some(year)) => year.to_string(),
        (None, None) => String::new(),
    }
}

/// "1 coordinator · 3 participant".
fn roles_summary(profile: &Profile) -> String {
    let parts: Vec<String> = profile
        .roles
        .iter()
        .map(|(role, n)| format!("{n} {}", role_name(role)))
        .collect();
    parts.join(" · ")
}

fn countries_summary(profile: &Profile) -> String {
    let parts: Vec<String> = profile
        .partner_countries
        .iter()
        .map(|(code, n)| format!("{} {n}", country_name(code)))
        .collect();
    parts.join(" · ")
}

/// What the graph counts for a figure the profile states, matched by the figure's name
/// (the names the profile importer writes); `None` when the graph has no such count.
fn counted(profile: &Profile, name: &str) -> Option<f64> {
    let name = name.to_lowercase();
    if name.contains("coordinat") {
        let n = profile
            .roles
            .iter()
            .find(|(role, _)| role == "coordinator")
            .map_or(0, |(_, n)| *n);
        Some(n as f64)
    } else if name.contains("fund") || name.contains("contribution") {
        profile.ec_contribution
    } else if name.contains("partner") {
        Some(profile.partners.len() as f64)
    } else if name.contains("countr") {
        Some(profile.partner_countries.len() as f64)
    } else if name.contains("project") {
        Some(profile.projects.len() as f64)
    } else {
        None
    }
}

/// A figure as the profile states it next to what the graph counts.
struct Stated<'a> {
    name: &'a str,
    stated: String,
    counted: String,
    differs: bool,
    evidence: &'a Evidence,
}

fn stated_figures(profile: &Profile) -> Vec<Stated<'_>> {
    profile
        .stated
        .iter()
        .map(|figure| {
            let counted = counted(profile, &figure.name);
            Stated {
                name: &figure.name,
                stated: number(figure.value),
                counted: counted.map_or_else(|| "not counted".to_owned(), number),
                differs: counted.is_some_and(|c| (c - figure.value).abs() >= 0.5),
                evidence: &figure.evidence,
            }
        })
        .collect()
}

/// Every piece of evidence the report cites, for the sources list.
fn all_evidence(report: &GapReport) -> impl Iterator<Item = &Evidence> {
    let profile = &report.profile;
    profile
        .projects
        .iter()
        .flat_map(|p| &p.evidence)
        .chain(profile.stated.iter().map(|s| &s.evidence))
        .chain(profile.expertise.iter().map(|e| &e.evidence))
        .chain(
            report
                .priorities
                .iter()
                .flat_map(|p| p.statements.iter().map(|s| &s.evidence)),
        )
        .chain(report.gaps.iter().flat_map(|g| &g.evidence))
}

/// Documents cited or considered, by id, with their titles when any source gives one.
fn sources(report: &GapReport) -> BTreeMap<&str, Option<&str>> {
    let mut out: BTreeMap<&str, Option<&str>> = report
        .strategies
        .iter()
        .map(|(id, title)| (id.as_str(), Some(title.as_str())))
        .collect();
    for evidence in all_evidence(report) {
        let title = out.entry(&evidence.source).or_default();
        if title.is_none() {
            *title = evidence.source_title.as_deref();
        }
    }
    out
}

/// An HTML id fragment from a free-form id: lowercase letters, digits and dashes.
fn anchor(prefix: &str, id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{slug}")
}

/// The headline numbers of the summary band and of Markdown's "At a glance".
struct Glance {
    projects: usize,
    ec_contribution: Option<f64>,
    partners: usize,
    countries: usize,
    missing: usize,
    weak: usize,
    candidates: usize,
}

impl Glance {
    fn of(report: &GapReport) -> Self {
        let profile = &report.profile;
        let count = |kind| report.gaps.iter().filter(|g| g.kind == kind).count();
        let candidates: BTreeSet<&str> = report
            .gaps
            .iter()
            .flat_map(|g| g.candidates.iter().map(|c| c.organisation.iri.as_str()))
            .collect();
        Self {
            projects: profile.projects.len(),
            ec_contribution: profile.ec_contribution,
            partners: profile.partners.len(),
            countries: profile.partner_countries.len(),
            missing: count(GapKind::Missing),
            weak: count(GapKind::Weak),
            candidates: candidates.len(),
        }
    }

    fn gaps_detail(&self) -> String {
        format!("{} missing · {} weak", self.missing, self.weak)
    }
}

/// "1 project", "3 projects".
fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::*;

    fn theme(id: &str, en: &str, sv: Option<&str>) -> ThemeRef {
        ThemeRef {
            id: id.into(),
            label_en: en.into(),
            label_sv: sv.map(Into::into),
        }
    }

    fn org(slug: &str, label: &str, country: &str, org_type: &str) -> OrgRef {
        OrgRef {
            iri: format!("https://partnergraph.example/org/{slug}"),
            label: label.into(),
            country: Some(country.into()),
            org_type: Some(org_type.into()),
        }
    }

    const STRATEGY: &str = "region-orebro-life-science-strategy";
    const STRATEGY_TITLE: &str = "Life science-strategi för Region Örebro län";
    const PROFILE_DOC: &str = "region-orebro-h2020-profile";

    fn quote(source: &str, title: Option<&str>, line: u64, text: &str) -> Evidence {
        Evidence {
            source: source.into(),
            source_title: title.map(Into::into),
            quote: text.into(),
            line: Some(line),
            cordis_project: None,
        }
    }

    fn strategy_quote(line: u64, text: &str) -> Evidence {
        quote(STRATEGY, Some(STRATEGY_TITLE), line, text)
    }

    fn cordis(acronym: &str, id: &str) -> Evidence {
        Evidence {
            source: "h2020-organization".into(),
            source_title: Some("CORDIS H2020 organisations".into()),
            quote: format!("CORDIS participation in {acronym}"),
            line: None,
            cordis_project: Some(id.into()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn project(
        acronym: &str,
        id: &str,
        title: &str,
        role: &str,
        ec: f64,
        years: (i32, i32),
        themes: Vec<ThemeRef>,
    ) -> ProjectFact {
        ProjectFact {
            iri: format!("https://partnergraph.example/project/{id}"),
            acronym: acronym.into(),
            title: Some(title.into()),
            role: Some(role.into()),
            ec_contribution: Some(ec),
            start_year: Some(years.0),
            end_year: Some(years.1),
            themes,
            evidence: vec![cordis(acronym, id)],
        }
    }

    fn candidate(
        organisation: OrgRef,
        parts: (f64, f64, f64),
        proximity: Proximity,
        theme_projects: &[&str],
        theme_expertise: &[(&str, &str)],
        why: &[&str],
    ) -> Candidate {
        let parts = ScoreParts {
            theme: parts.0,
            proximity: parts.1,
            complementarity: parts.2,
        };
        let score = SCORE_WEIGHTS
            .iter()
            .map(|(name, weight)| weight * score_part(&parts, name))
            .sum();
        Candidate {
            organisation,
            score,
            parts,
            proximity,
            theme_projects: theme_projects.iter().map(|s| (*s).into()).collect(),
            theme_expertise: theme_expertise
                .iter()
                .map(|(n, l)| ((*n).into(), (*l).into()))
                .collect(),
            coordinated: 2,
            why: why.iter().map(|s| (*s).into()).collect(),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).into()).collect()
    }

    /// Region Örebro län as the data show it: four H2020 projects, a life-science strategy
    /// that prioritises biobanks, ATMP and precision medicine, and candidates of every kind,
    /// with names that need escaping in Markdown and HTML.
    pub(super) fn sample() -> GapReport {
        let biobanks = theme("biobanks", "Biobanks", Some("Biobanker"));
        let atmp = theme(
            "atmp",
            "ATMP: advanced therapy medicinal products",
            Some("Avancerade terapiläkemedel"),
        );
        let precision = theme(
            "precision-medicine",
            "Precision medicine",
            Some("Precisionsmedicin"),
        );
        let ai = theme(
            "ai-cancer-care",
            "Artificial intelligence in cancer survivorship and follow-up care",
            None,
        );
        let vascular = theme("vascular-surgery", "Vascular surgery", Some("Kärlkirurgi"));
        let rri = theme(
            "rri",
            "Responsible research & innovation",
            Some("Ansvarsfull forskning och innovation"),
        );
        let autoimmune = theme("autoimmune", "Autoimmune diseases", None);

        let region = org("region-orebro", "Region Örebro län", "SE", "PUB");
        let charite = org(
            "charite",
            "Charité – Universitätsmedizin Berlin",
            "DE",
            "HES",
        );
        let clinic = org(
            "fcrb",
            "Fundació Clínic per a la Recerca Biomèdica",
            "ES",
            "REC",
        );
        let uke = org("uke", "Universitätsklinikum Hamburg-Eppendorf", "DE", "HES");
        let auth = org(
            "auth",
            "Aristotelio Panepistimio Thessalonikis",
            "EL",
            "HES",
        );
        let oru = org("oru", "Örebro universitet", "SE", "HES");
        let fbk = org("fbk", "Fondazione Bruno Kessler", "IT", "REC");
        let uu = org("uu", "Uppsala universitet", "SE", "HES");
        let bbmri = org("bbmri", "BBMRI-ERIC", "AT", "OTH");
        let ki = org("ki", "Karolinska Institutet", "SE", "HES");
        let catapult = org(
            "cgt",
            "Cell & Gene Therapy Catapult <CGT> | Ltd",
            "UK",
            "PRC",
        );
        let lu = org("lu", "Lunds universitet", "SE", "HES");

        let partner = |o: &OrgRef, shared: &[&str]| Partner {
            organisation: o.clone(),
            shared_projects: strings(shared),
        };
        let coverage =
            |projects: &[&str], expertise: &[(&str, &str)], partners: &[&str]| Coverage {
                projects: strings(projects),
                expertise: expertise
                    .iter()
                    .map(|(n, l)| ((*n).into(), (*l).into()))
                    .collect(),
                partners_active: strings(partners),
            };
        let statement = |label: &str, kind: &str, evidence: Evidence| PriorityStatement {
            label: label.into(),
            kind: kind.into(),
            evidence,
        };

        let biobank_law = strategy_quote(
            664,
            "Regionstyrelsen anser det angeläget att, på nationell nivå, beredningen av förslag \
             till ny biobankslag genomförs skyndsamt.",
        );
        let biobank_use = strategy_quote(
            412,
            "Region Örebro läns biobank ska göras tillgänglig för forskning och innovation i \
             samverkan med akademi och näringsliv.",
        );
        let biobank_infra = strategy_quote(
            418,
            "Provsamlingar och tillhörande data är en gemensam infrastruktur som ska utnyttjas \
             bättre.",
        );
        let atmp_lab = strategy_quote(
            530,
            "Regionen ska verka för att avancerade terapiläkemedel (ATMP) kan tillverkas och \
             prövas i Mellansverige.",
        );
        let atmp_trials = strategy_quote(
            536,
            "Kliniska prövningar med ATMP kräver samarbete med universitetssjukhus & industri.",
        );
        let precision_diag = strategy_quote(
            588,
            "Precisionsmedicin ska införas i cancervården där den visat nytta för patienten.",
        );
        let precision_data = strategy_quote(
            594,
            "Genomik och hälsodata ska användas för att ge rätt behandling till rätt patient.",
        );

        let ego_nodes = [
            (&region, "subject"),
            (&charite, "partner"),
            (&clinic, "partner"),
            (&uke, "partner"),
            (&auth, "partner"),
            (&oru, "partner"),
            (&fbk, "partner"),
            (&uu, "candidate"),
            (&bbmri, "candidate"),
            (&ki, "candidate"),
            (&catapult, "candidate"),
            (&lu, "candidate"),
        ];

        GapReport {
            generator: "partnergraph 0.1.0".into(),
            generation: "2026-11-20T09:14:03Z (generation 42)".into(),
            profile: Profile {
                organisation: region.clone(),
                aliases: strings(&[
                    "Region Orebro County",
                    "Örebro läns landsting",
                    "REGION OREBRO LAN",
                ]),
                projects: vec![
                    project(
                        "3TR",
                        "831434",
                        "Taxonomy, Targets, Treatment, and Remission",
                        "participant",
                        412_530.0,
                        (2019, 2026),
                        vec![autoimmune.clone(), precision.clone()],
                    ),
                    project(
                        "ASCAPE",
                        "875351",
                        "Artificial intelligence Supporting CAncer Patients across Europe",
                        "participant",
                        298_750.0,
                        (2020, 2024),
                        vec![ai.clone()],
                    ),
                    project(
                        "PAPA-ARTIS",
                        "733203",
                        "Paraplegia prevention in aortic aneurysm repair by thoracoabdominal \
                         staging with 'minimally-invasive segmental artery coil-embolization'",
                        "participant",
                        515_000.0,
                        (2017, 2023),
                        vec![vascular.clone()],
                    ),
                    project(
                        "CHERRIES",
                        "872873",
                        "Constructing Healthcare Environments through Responsible Research \
                         Innovation and Entrepreneurship Synergies",
                        "coordinator",
                        1_187_400.0,
                        (2020, 2023),
                        vec![rri.clone()],
                    ),
                ],
                roles: vec![("participant".into(), 3), ("coordinator".into(), 1)],
                ec_contribution: Some(2_413_680.0),
                stated: vec![
                    StatedFigure {
                        name: "H2020 projects".into(),
                        value: 5.0,
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            12,
                            "Region Örebro län has taken part in five Horizon 2020 projects.",
                        ),
                    },
                    StatedFigure {
                        name: "As coordinator".into(),
                        value: 1.0,
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            13,
                            "It coordinated one of them, CHERRIES.",
                        ),
                    },
                    StatedFigure {
                        name: "Total EC funding (EUR)".into(),
                        value: 2_650_000.0,
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            14,
                            "The EU contributed about EUR 2.65 million.",
                        ),
                    },
                ],
                partners: vec![
                    partner(&charite, &["3TR"]),
                    partner(&clinic, &["3TR", "ASCAPE"]),
                    partner(&uke, &["PAPA-ARTIS"]),
                    partner(&auth, &["ASCAPE"]),
                    partner(&oru, &["CHERRIES", "ASCAPE", "3TR"]),
                    partner(&fbk, &["ASCAPE"]),
                ],
                partner_countries: vec![
                    ("DE".into(), 2),
                    ("ES".into(), 1),
                    ("EL".into(), 1),
                    ("SE".into(), 1),
                    ("IT".into(), 1),
                ],
                expertise: vec![
                    ExpertiseFact {
                        name: "Clinical trials in autoimmune disease".into(),
                        level: "primary".into(),
                        project_count: Some(1),
                        projects: strings(&["3TR"]),
                        themes: vec![autoimmune.clone(), precision.clone()],
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            31,
                            "Clinical research on autoimmune disease is a core strength.",
                        ),
                    },
                    ExpertiseFact {
                        name: "Responsible research & innovation in health care".into(),
                        level: "secondary".into(),
                        project_count: Some(1),
                        projects: strings(&["CHERRIES"]),
                        themes: vec![rri.clone()],
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            37,
                            "CHERRIES built regional innovation ecosystems with citizens.",
                        ),
                    },
                    ExpertiseFact {
                        name: "AI-supported cancer follow-up".into(),
                        level: "emerging".into(),
                        project_count: Some(1),
                        projects: strings(&["ASCAPE"]),
                        themes: vec![ai.clone()],
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            42,
                            "ASCAPE introduced AI tools in cancer follow-up.",
                        ),
                    },
                    ExpertiseFact {
                        name: "Aortic surgery".into(),
                        level: "secondary".into(),
                        project_count: Some(1),
                        projects: strings(&["PAPA-ARTIS"]),
                        themes: vec![vascular.clone()],
                        evidence: quote(
                            PROFILE_DOC,
                            Some("Region Örebro län in Horizon 2020"),
                            46,
                            "The vascular surgery clinic recruits patients to PAPA-ARTIS.",
                        ),
                    },
                ],
                early_focus: Some("Vascular surgery and clinical trials (2017–2019)".into()),
                recent_focus: Some(
                    "Digital health, AI and responsible innovation (2020–2024)".into(),
                ),
            },
            strategies: vec![(STRATEGY.into(), STRATEGY_TITLE.into())],
            priorities: vec![
                Priority {
                    theme: biobanks.clone(),
                    statements: vec![
                        statement("Ny biobankslag", "commitment", biobank_law.clone()),
                        statement(
                            "Bättre utnyttjande av biobanker",
                            "priority area",
                            biobank_use.clone(),
                        ),
                        statement(
                            "Bättre utnyttjande av biobanker",
                            "priority area",
                            biobank_infra.clone(),
                        ),
                    ],
                },
                Priority {
                    theme: atmp.clone(),
                    statements: vec![
                        statement(
                            "Avancerade terapiläkemedel",
                            "priority area",
                            atmp_lab.clone(),
                        ),
                        statement("Kliniska prövningar", "commitment", atmp_trials.clone()),
                    ],
                },
                Priority {
                    theme: precision.clone(),
                    statements: vec![
                        statement("Precisionsmedicin", "priority area", precision_diag.clone()),
                        statement("Hälsodata", "commitment", precision_data.clone()),
                    ],
                },
            ],
            priorities_without_theme: vec![statement(
                "Besöksnäring och naturturism",
                "priority area",
                strategy_quote(
                    612,
                    "Besöksnäringen ska växa året runt med naturturism i hela länet.",
                ),
            )],
            gaps: vec![
                Gap {
                    theme: biobanks.clone(),
                    kind: GapKind::Missing,
                    priority_weight: 3,
                    coverage: coverage(&[], &[], &["Örebro universitet"]),
                    evidence: vec![biobank_law, biobank_use, biobank_infra],
                    candidates: vec![
                        candidate(
                            charite.clone(),
                            (0.62, 1.0, 0.67),
                            Proximity::Partner {
                                shared_projects: strings(&["3TR"]),
                            },
                            &["BBMRI-LPC", "EU-STANDS4PM"],
                            &[("Biobanking", "primary")],
                            &[
                                "2 projects in biobanks: BBMRI-LPC, EU-STANDS4PM",
                                "Already a partner through 3TR",
                                "Another country (Germany) and type (higher education)",
                            ],
                        ),
                        candidate(
                            uu.clone(),
                            (0.9, 0.7, 0.33),
                            Proximity::Warm {
                                shared_partners: strings(&[
                                    "Örebro universitet",
                                    "Charité – Universitätsmedizin Berlin",
                                ]),
                            },
                            &["B3Africa", "BBMRI-LPC", "ADOPT BBMRI-ERIC"],
                            &[],
                            &[
                                "3 projects in biobanks: B3Africa, BBMRI-LPC, ADOPT BBMRI-ERIC",
                                "Warm introduction through 2 shared partners",
                                "Coordinated 2 projects",
                            ],
                        ),
                        candidate(
                            bbmri.clone(),
                            (1.0, 0.0, 1.0),
                            Proximity::Unconnected,
                            &["ADOPT BBMRI-ERIC", "BBMRI-LPC", "B3Africa", "EOSC-Life"],
                            &[],
                            &[
                                "4 projects in biobanks: ADOPT BBMRI-ERIC, BBMRI-LPC, B3Africa, \
                                 EOSC-Life",
                                "Another country (Austria) and type (other)",
                            ],
                        ),
                    ],
                },
                Gap {
                    theme: atmp.clone(),
                    kind: GapKind::Missing,
                    priority_weight: 2,
                    coverage: coverage(&[], &[], &[]),
                    evidence: vec![atmp_lab, atmp_trials],
                    candidates: vec![
                        candidate(
                            ki.clone(),
                            (0.85, 0.5, 0.33),
                            Proximity::Warm {
                                shared_partners: strings(&["Charité – Universitätsmedizin Berlin"]),
                            },
                            &["RESTORE", "NSC-Reconstruct"],
                            &[("Cell therapy", "primary")],
                            &[
                                "2 projects in ATMP: RESTORE, NSC-Reconstruct",
                                "Warm introduction through Charité – Universitätsmedizin Berlin",
                            ],
                        ),
                        candidate(
                            clinic.clone(),
                            (0.4, 1.0, 0.33),
                            Proximity::Partner {
                                shared_projects: strings(&["3TR", "ASCAPE"]),
                            },
                            &["CARTAGO"],
                            &[],
                            &[
                                "1 project in ATMP: CARTAGO",
                                "Already a partner through 3TR, ASCAPE",
                            ],
                        ),
                        candidate(
                            catapult.clone(),
                            (0.7, 0.0, 1.0),
                            Proximity::Unconnected,
                            &["RESTORE"],
                            &[],
                            &[
                                "1 project in ATMP: RESTORE",
                                "Another country (United Kingdom) and type (company) | \
                                 manufacturing <GMP> capacity",
                            ],
                        ),
                    ],
                },
                Gap {
                    theme: precision.clone(),
                    kind: GapKind::Weak,
                    priority_weight: 2,
                    coverage: coverage(
                        &["3TR"],
                        &[("Clinical trials in autoimmune disease", "primary")],
                        &[
                            "Charité – Universitätsmedizin Berlin",
                            "Universitätsklinikum Hamburg-Eppendorf",
                        ],
                    ),
                    evidence: vec![precision_diag, precision_data],
                    candidates: vec![
                        candidate(
                            uke.clone(),
                            (0.55, 1.0, 0.33),
                            Proximity::Partner {
                                shared_projects: strings(&["PAPA-ARTIS"]),
                            },
                            &["iPC", "DECIDER"],
                            &[],
                            &["2 projects in precision medicine: iPC, DECIDER"],
                        ),
                        candidate(
                            lu.clone(),
                            (0.75, 0.6, 0.0),
                            Proximity::Warm {
                                shared_partners: strings(&["Fondazione Bruno Kessler"]),
                            },
                            &["PRECODE", "iPC", "EU-STANDS4PM"],
                            &[("Genomic medicine", "secondary")],
                            &["3 projects in precision medicine: PRECODE, iPC, EU-STANDS4PM"],
                        ),
                    ],
                },
            ],
            strengths: vec![
                Strength {
                    theme: ai.clone(),
                    projects: strings(&["ASCAPE"]),
                    expertise: vec![("AI-supported cancer follow-up".into(), "emerging".into())],
                },
                Strength {
                    theme: vascular.clone(),
                    projects: strings(&["PAPA-ARTIS"]),
                    expertise: vec![("Aortic surgery".into(), "secondary".into())],
                },
                Strength {
                    theme: rri.clone(),
                    projects: strings(&["CHERRIES"]),
                    expertise: vec![(
                        "Responsible research & innovation in health care".into(),
                        "secondary".into(),
                    )],
                },
            ],
            peers: vec![
                Peer {
                    organisation: org("rv", "Region Västerbotten", "SE", "PUB"),
                    similarity: 0.81,
                    covers: vec![biobanks.clone(), precision.clone()],
                    new_partners: vec![bbmri.clone(), uu.clone()],
                },
                Peer {
                    organisation: org("ous", "Oslo universitetssykehus HF", "NO", "PUB"),
                    similarity: 0.64,
                    covers: vec![atmp.clone()],
                    new_partners: vec![catapult.clone()],
                },
            ],
            coverage_chart: vec![
                ThemeBar {
                    theme: biobanks,
                    priority_weight: 3,
                    projects: 0,
                    expertise: 0,
                },
                ThemeBar {
                    theme: atmp,
                    priority_weight: 2,
                    projects: 0,
                    expertise: 0,
                },
                ThemeBar {
                    theme: precision,
                    priority_weight: 2,
                    projects: 1,
                    expertise: 1,
                },
                ThemeBar {
                    theme: ai,
                    priority_weight: 0,
                    projects: 1,
                    expertise: 1,
                },
                ThemeBar {
                    theme: vascular,
                    priority_weight: 0,
                    projects: 1,
                    expertise: 1,
                },
                ThemeBar {
                    theme: rri,
                    priority_weight: 0,
                    projects: 1,
                    expertise: 1,
                },
            ],
            ego: EgoNetwork {
                nodes: ego_nodes
                    .iter()
                    .map(|(o, role)| EgoNode {
                        label: o.label.clone(),
                        role: (*role).into(),
                        country: o.country.clone(),
                    })
                    .collect(),
                edges: vec![
                    (0, 1, 1),
                    (0, 2, 2),
                    (0, 3, 1),
                    (0, 4, 1),
                    (0, 5, 3),
                    (0, 6, 1),
                    (1, 2, 4),
                    (2, 4, 1),
                    (4, 6, 2),
                    (5, 7, 2),
                    (1, 7, 1),
                    (1, 9, 3),
                    (6, 11, 1),
                ],
            },
            method: strings(&[
                "Candidates are organisations with projects or expertise in the gap's theme.",
                "Theme: how many of their projects and expertise areas are about the theme.",
                "Proximity: 1 for a partner already, 0.5–0.9 for a warm introduction by the \
                 number of shared partners, 0 when unconnected.",
                "Complementarity: another country, another organisation type, and experience \
                 as coordinator each add a third.",
            ]),
            limitations: strings(&[
                "CORDIS data covers Horizon 2020 only: projects from other programmes come from \
                 the profile document.",
            ]),
        }
    }

    /// An organisation the data know nothing about: every section must still read sensibly.
    fn empty() -> GapReport {
        GapReport {
            generator: "partnergraph 0.1.0".into(),
            generation: "1".into(),
            profile: Profile {
                organisation: OrgRef {
                    iri: "https://partnergraph.example/org/x".into(),
                    label: "Nowhere AB".into(),
                    country: None,
                    org_type: None,
                },
                aliases: vec![],
                projects: vec![],
                roles: vec![],
                ec_contribution: None,
                stated: vec![],
                partners: vec![],
                partner_countries: vec![],
                expertise: vec![],
                early_focus: None,
                recent_focus: None,
            },
            strategies: vec![],
            priorities: vec![],
            priorities_without_theme: vec![],
            gaps: vec![],
            strengths: vec![],
            peers: vec![],
            coverage_chart: vec![],
            ego: EgoNetwork {
                nodes: vec![],
                edges: vec![],
            },
            method: vec![],
            limitations: strings(&["No strategy found: no priority could be read."]),
        }
    }

    /// Text as maud writes it into HTML.
    fn escaped(text: &str) -> String {
        maud::html! { (text) }.into_string()
    }

    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

    /// Checks that every HTML element is closed in order, skipping void elements, the
    /// doctype, and the stylesheet's body (CSS has `>` in selectors).
    fn assert_balanced(page: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = page;
        while let Some(start) = rest.find('<') {
            rest = &rest[start..];
            if rest.starts_with("<!") {
                rest = &rest[rest.find('>').expect("unterminated declaration") + 1..];
                continue;
            }
            let end = rest.find('>').expect("unterminated tag");
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack
                    .pop()
                    .unwrap_or_else(|| panic!("</{name}> closes nothing"));
                assert_eq!(open, name, "<{open}> closed by </{name}>");
                continue;
            }
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if tag.ends_with('/') || VOID.contains(&name.as_str()) {
                continue;
            }
            if name == "style" {
                rest = &rest[rest.find("</style>").expect("unterminated style")..];
            }
            stack.push(name);
        }
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    }

    #[test]
    fn markdown_snapshot() {
        insta::assert_snapshot!(markdown(&sample()));
    }

    #[test]
    fn markdown_escapes_table_cells_and_markup() {
        let report = sample();
        let md = markdown(&report);
        for evidence in all_evidence(&report) {
            match &evidence.cordis_project {
                Some(id) => assert!(md.contains(&format!("]({})", cordis_url(id)))),
                None => assert!(md.contains(&evidence.quote), "{}", evidence.quote),
            }
        }
        assert!(md.contains(r"Cell & Gene Therapy Catapult &lt;CGT> \| Ltd"));
        assert!(!md.contains("<CGT>"));
        for section in SECTIONS {
            assert!(
                md.contains(&format!("\n## {}\n", section.title)),
                "{}",
                section.title
            );
        }
    }

    #[test]
    fn html_is_balanced_and_complete() {
        let report = sample();
        let page = html(&report);
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert_balanced(&page);
        for section in SECTIONS {
            assert!(
                page.contains(&format!(">{}</h2>", section.title)),
                "{}",
                section.title
            );
        }
        assert!(page.contains(&format!(">{SCORING_TITLE}</h3>")));
        for evidence in all_evidence(&report) {
            match &evidence.cordis_project {
                Some(id) => assert!(page.contains(&format!("href=\"{}\"", cordis_url(id)))),
                None => assert!(
                    page.contains(&escaped(&evidence.quote)),
                    "{}",
                    evidence.quote
                ),
            }
        }
        assert!(page.contains(
            "Regionstyrelsen anser det angeläget att, på nationell nivå, beredningen av förslag \
             till ny biobankslag genomförs skyndsamt."
        ));
        assert!(page.contains(", line 664"));
        for candidate in report.gaps.iter().flat_map(|g| &g.candidates) {
            assert!(page.contains(&escaped(&candidate.organisation.label)));
        }
        assert_eq!(page.matches("class=\"coverage-chart\"").count(), 2);
        assert_eq!(page.matches("class=\"ego-network\"").count(), 2);
    }

    #[test]
    fn html_escapes_text() {
        let page = html(&sample());
        assert!(page.contains("Cell &amp; Gene Therapy Catapult &lt;CGT&gt; | Ltd"));
        assert!(!page.contains("<CGT>"));
        assert!(page.contains("manufacturing &lt;GMP&gt; capacity"));
    }

    #[test]
    fn html_loads_nothing_from_the_network() {
        let page = html(&sample());
        for forbidden in [" src=", "<link", "<script", "url(", "@import"] {
            assert!(!page.contains(forbidden), "{forbidden}");
        }
        let mut links = 0;
        for (at, _) in page.match_indices("href=\"") {
            let target = &page[at + 6..];
            assert!(
                target.starts_with('#')
                    || target.starts_with("https://cordis.europa.eu/project/id/"),
                "{}",
                &target[..target.find('"').unwrap_or(target.len())]
            );
            let element_start = page[..at].rfind('<').unwrap();
            if !target.starts_with('#') {
                assert!(page[element_start..].starts_with("<a "));
                links += 1;
            }
        }
        assert!(links >= 4, "every CORDIS record links to CORDIS");
    }

    #[test]
    fn empty_report_still_reads() {
        let report = empty();
        let page = html(&report);
        assert_balanced(&page);
        assert!(page.contains("No strategy found"));
        let md = markdown(&report);
        for section in SECTIONS {
            assert!(md.contains(section.title));
        }
        assert!(md.contains("No gap"));
    }

    #[test]
    fn json_round_trips_with_the_same_facts() {
        let report = sample();
        let text = json(&report).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, serde_json::to_value(&report).unwrap());
        assert_eq!(value["gaps"][0]["theme"]["id"], "biobanks");
        assert_eq!(value["gaps"][0]["kind"], "missing");
        assert_eq!(
            value["gaps"][0]["candidates"][1]["proximity"]["kind"],
            "warm"
        );
        assert_eq!(value["gaps"][0]["evidence"][0]["line"], 664);
        assert!(text.contains("Cell & Gene Therapy Catapult <CGT> | Ltd"));
    }

    /// The sample's JSON and HTML are checked in for the browser check and for readers of the
    /// format; `UPDATE_FIXTURES=1 cargo test` rewrites them.
    #[test]
    fn fixtures_are_in_sync() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report");
        let report = sample();
        for (name, text) in [
            ("sample-report.json", json(&report).unwrap() + "\n"),
            ("sample-report.html", html(&report)),
        ] {
            let path = dir.join(name);
            if std::env::var_os("UPDATE_FIXTURES").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                let stored = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    stored == text,
                    "{name} is stale: rerun with UPDATE_FIXTURES=1"
                );
            }
        }
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(2_413_680.0), "2,413,680");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(0.5), "0.50");
        assert_eq!(euro(412_530.4), "€412,530");
        assert_eq!(euro_short(Some(2_413_680.0)), "€2.4 million");
        assert_eq!(
            anchor("gap", "Precision medicine"),
            "gap-precision-medicine"
        );
    }
}
