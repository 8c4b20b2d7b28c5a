//! Parser for scraped organisation profile pages: the SciTransfer "Organization" pages (this
//! module) and pages of labelled fields from portals and directories ([`fields`]).
//!
//! The scrape keeps line breaks but loses layout: headings become bare lines and neighbouring
//! fields are glued together (`Public authorityhealthSEThin data (2/5)`). Parsing is therefore
//! line-oriented: every line is classified (boilerplate, section heading, figure label, role line
//! or content), content is gathered per section so that section order does not matter, and each
//! section is then read by its own small parser.
//!
//! Required: the organisation name, the `H2020 projects` figure and the "Their core work" text.
//! Everything else is optional because real pages omit sections; a profile cut before the core
//! work is rejected with the line where it ended. A field that is present but unreadable becomes a
//! [`ParseWarning`] instead of an error, except the required figure.

mod acronyms;
mod fields;
mod scan;
mod sections;
mod values;

use crate::model::{CountryCode, ExpertiseLevel, Line, ProjectAcronym};
use scan::{LABELS, Scan, Sec, clean, heading_key, label_index};
use sections::{
    figure, joined, looks_like_prose, looks_like_sentence, non_empty, paragraphs, parse_expertise,
    parse_notable, parse_role_line, sentence_subject, split_glued,
};
use serde::Serialize;
use std::fmt;
use values::{parse_classification, parse_count, parse_money};

/// A value together with the line it was read from, so every fact can cite its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub line: Line,
}

impl<T> Located<T> {
    fn new(value: T, line: Line) -> Self {
        Self { value, line }
    }
}

/// The page's own grading of how much evidence backs the profile: `Thin data (2/5)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataQuality {
    pub label: String,
    pub score: u8,
    pub out_of: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expertise {
    pub name: String,
    pub level: ExpertiseLevel,
    pub project_count: u32,
    pub description: String,
    /// Project acronyms named in the description, in order of first mention.
    pub projects: Vec<ProjectAcronym>,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotableProject {
    pub acronym: ProjectAcronym,
    pub description: String,
    pub funding_eur: Option<f64>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub line: Line,
}

/// The framework programme whose projects a profile counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CountedProgramme {
    H2020,
    HorizonEurope,
    Fp7,
}

impl CountedProgramme {
    /// The programme a wording of the project-count label names; H2020 unless it names another.
    fn of(wording: &str) -> Self {
        let wording = wording.to_lowercase();
        if wording.contains("fp7") {
            Self::Fp7
        } else if wording.contains("europe") || wording == "horizon projects" {
            Self::HorizonEurope
        } else {
            Self::H2020
        }
    }
}

/// One programme's project count as the page gives it (`FP7 projects 6`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectCount {
    pub programme: CountedProgramme,
    pub count: Located<u32>,
}

/// Something present in the page that could not be read; parsing carries on without it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParseWarning {
    pub line: Line,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub legal_name: Located<String>,
    /// Subject of the first core-work sentence: the name the page uses in English prose.
    pub english_name: Option<Located<String>>,
    pub summary: Option<Located<String>>,
    pub org_type: Option<Located<String>>,
    pub sector: Option<Located<String>>,
    pub country: Option<Located<CountryCode>>,
    pub data_quality: Option<Located<DataQuality>>,
    /// The number of projects, in the programme its label names (`H2020 projects`, `Horizon
    /// Europe projects`). Always `Some` in a successful parse (required); optional in type for
    /// symmetry.
    pub projects: Option<Located<u32>>,
    pub projects_programme: CountedProgramme,
    /// Every programme's count the page gives, the headline one first.
    pub project_counts: Vec<ProjectCount>,
    pub coordinated: Option<Located<u32>>,
    pub ec_funding_eur: Option<Located<f64>>,
    pub unique_partners: Option<Located<u32>>,
    pub countries_collaborated: Option<Located<u32>>,
    /// Always `Some` in a successful parse (required).
    pub core_work: Option<Located<String>>,
    pub expertise: Vec<Expertise>,
    pub early_focus: Option<Located<String>>,
    pub recent_focus: Option<Located<String>>,
    pub trajectory: Option<Located<String>>,
    pub outlook: Option<Located<String>>,
    pub collaboration_role: Option<Located<String>>,
    pub reach: Option<Located<String>>,
    pub collaboration_text: Option<Located<String>>,
    pub why_partner: Option<Located<String>>,
    pub notable_projects: Vec<NotableProject>,
    pub capabilities: Vec<Located<String>>,
    pub analysis_note: Option<Located<String>>,
    pub city: Option<Located<String>>,
    /// The participant identification code, digits only.
    pub pic: Option<Located<String>>,
    /// The VAT number without the spaces and dots pages put in it.
    pub vat_number: Option<Located<String>>,
    pub website: Option<Located<String>>,
    /// Expertise areas, keywords and hashtags the page lists.
    pub keywords: Vec<Located<String>>,
    pub warnings: Vec<ParseWarning>,
}

/// Where a required field was expected; truncation is reported at the end of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Line(Line),
    EndOfDocument { last_line: Line },
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(line) => write!(f, "{line}"),
            Self::EndOfDocument { last_line } => {
                write!(f, "end of document (after {last_line})")
            }
        }
    }
}

/// Why a text is not a usable profile. Carries no file name: the caller knows it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// A required field is absent, e.g. because the page was cut short.
    #[error("{at}: missing {field}")]
    MissingField { field: &'static str, at: Position },
    /// A required figure is present but not a number.
    #[error("{line}: expected a number after '{field}', found '{found}'")]
    BadNumber {
        field: &'static str,
        line: Line,
        found: String,
    },
}

const NAME: &str = "the organisation name";
const PROJECTS: &str = "the 'H2020 projects' figure";
const CORE_WORK: &str = "the 'Their core work' text";

/// Cheap content sniffing: the headline-figure labels appear as whole lines only on profiles.
pub fn looks_like_profile(text: &str) -> bool {
    // The four headline-figure labels (in any wording), then these.
    const MARKERS: [&str; 3] = ["their core work", "core expertise", "scitransfer"];
    let mut seen = [false; 4 + MARKERS.len()];
    for line in text
        .lines()
        .take(400)
        .map(|l| l.trim_start_matches('\u{feff}'))
    {
        let line = clean(line);
        if line.len() > 40 {
            continue;
        }
        let key = heading_key(&line);
        let label = label_index(&key).map(|(i, _)| i).filter(|&i| i < 4);
        if let Some(i) = label.or_else(|| MARKERS.iter().position(|m| *m == key).map(|i| i + 4)) {
            seen[i] = true;
        }
    }
    (seen[0] && seen.iter().filter(|s| **s).count() >= 3) || fields::parse(text).is_some()
}

/// The header: the organisation name first; the summary and the glued classification line
/// follow in any order.
struct Header<'a> {
    name: (Line, &'a str),
    class: Option<values::Classification>,
    summary: Option<Located<String>>,
}

/// Where a required field is missing: at `at`, else at the end of the document.
fn missing(lines: &[String], field: &'static str, at: Option<Line>) -> ProfileError {
    let end = Position::EndOfDocument {
        last_line: Line(lines.len()),
    };
    ProfileError::MissingField {
        field,
        at: at.map_or(end, Position::Line),
    }
}

fn header<'a>(
    lines: &[String],
    scan: &Scan<'a>,
    warnings: &mut Vec<ParseWarning>,
) -> Result<Header<'a>, ProfileError> {
    let mut header = non_empty(scan.lines(Sec::Header));
    // Without the page marker, navigation may precede the name: the name is then the line right
    // above the summary or the classification, whichever comes first.
    let block = header.iter().position(|&(line, text)| {
        looks_like_prose(text) || parse_classification(text, line).is_some()
    });
    if let Some(start) = block
        .filter(|_| !scan.marker)
        .and_then(|b| b.checked_sub(1))
    {
        header.drain(..start);
    }
    let &(name_line, name) = header
        .first()
        .ok_or(missing(lines, NAME, scan.first_significant))?;
    if parse_classification(name, name_line).is_some() || looks_like_sentence(name) {
        return Err(missing(lines, NAME, Some(name_line)));
    }
    let (mut class, mut summary) = (None, None);
    for &(line, text) in &header[1..] {
        if class.is_none()
            && let Some(c) = parse_classification(text, line)
        {
            class = Some(c);
        } else if summary.is_none() {
            summary = Some(Located::new(text.to_string(), line));
        } else {
            let message = format!("unrecognised header line '{}'", excerpt(text));
            warn(warnings, line, message);
        }
    }
    Ok(Header {
        name: (name_line, name),
        class,
        summary,
    })
}

/// The required project count (`H2020 projects`), with its line and the programme it counts.
fn projects(
    lines: &[String],
    scan: &Scan<'_>,
) -> Result<(Located<u32>, CountedProgramme), ProfileError> {
    let hit = scan.labels[0].as_ref();
    let (line, found) =
        hit.and_then(|h| h.value)
            .ok_or(missing(lines, PROJECTS, hit.and_then(|h| h.next)))?;
    let Some(count) = parse_count(found) else {
        let found = excerpt(found);
        return Err(ProfileError::BadNumber {
            field: LABELS[0],
            line,
            found,
        });
    };
    let programme = CountedProgramme::of(hit.map_or(LABELS[0], |h| h.wording));
    Ok((Located::new(count, line), programme))
}

/// The collaboration role line(s): role, reach and the number of countries, the first of each.
struct RoleLine {
    role: Option<Located<String>>,
    reach: Option<Located<String>>,
    countries: Option<Located<u32>>,
}

fn role_line(scan: &Scan<'_>, warnings: &mut Vec<ParseWarning>) -> RoleLine {
    let (mut role, mut reach, mut countries) = (None, None, None);
    for &(line, text) in &scan.role_lines {
        let parts = parse_role_line(text);
        role = role.or(parts.role.map(|r| Located::new(r, line)));
        reach = reach.or(parts.reach.map(|r| Located::new(r, line)));
        match parts.countries {
            Some(Ok(n)) => countries = countries.or(Some(Located::new(n, line))),
            Some(Err(found)) => {
                let message = format!("unreadable country count '{found}'");
                warn(warnings, line, message)
            }
            None => {}
        }
    }
    RoleLine {
        role,
        reach,
        countries,
    }
}

/// Warns of headings with nothing under them: the page was probably cut.
fn warn_empty_sections(scan: &Scan<'_>, warnings: &mut Vec<ParseWarning>) {
    for block in &scan.blocks[1..] {
        let empty = block.owned == 0 && block.lines.iter().all(|(_, t)| t.is_empty());
        if let Some(heading) = block.heading.filter(|_| empty) {
            warn(
                warnings,
                heading,
                "section has no content (truncated page?)",
            );
        }
    }
}

/// Parses one scraped profile page: a SciTransfer page (see the module docs for which fields are
/// required), else a page of labelled fields (see [`fields`]); a page that is neither fails with
/// what the SciTransfer layout missed.
pub fn parse_profile(text: &str) -> Result<Profile, ProfileError> {
    match scitransfer(text) {
        Ok(mut profile) => {
            // Identifiers a page adds to the SciTransfer layout.
            let f = fields::read(text);
            (profile.city, profile.pic) = (f.city, f.pic);
            (profile.vat_number, profile.website) = (f.vat, f.website);
            Ok(profile)
        }
        Err(error) => fields::parse(text).ok_or(error),
    }
}

fn scitransfer(text: &str) -> Result<Profile, ProfileError> {
    let lines: Vec<String> = text.lines().map(clean).collect();
    if lines.iter().all(String::is_empty) {
        return Err(ProfileError::Empty);
    }
    let scan = Scan::run(&lines);
    let mut warnings = Vec::new();
    let Header {
        name: (name_line, name),
        class,
        summary,
    } = header(&lines, &scan, &mut warnings)?;
    let (projects, projects_programme) = projects(&lines, &scan)?;
    let core = &scan.blocks[Sec::CoreWork as usize];
    let core_work = joined(&paragraphs(&core.lines)).ok_or(missing(&lines, CORE_WORK, core.end))?;
    let (org_type, sector, country, data_quality) = match class {
        Some(c) => {
            warnings.extend(c.warnings);
            (Some(c.org_type), c.sector, Some(c.country), c.quality)
        }
        None => (None, None, None, None),
    };
    let role = role_line(&scan, &mut warnings);
    let notable_projects = parse_notable(scan.lines(Sec::Notable), &mut warnings);
    let known: Vec<&str> = notable_projects
        .iter()
        .map(|p| p.acronym.as_str())
        .collect();
    let expertise = parse_expertise(scan.lines(Sec::Expertise), &known, &mut warnings);
    let mut evolution = paragraphs(scan.lines(Sec::Evolution)).into_iter();
    let trajectory = evolution.next();
    let capabilities = non_empty(scan.lines(Sec::Capabilities))
        .into_iter()
        .flat_map(|(line, text)| {
            split_glued(text)
                .into_iter()
                .map(move |c| Located::new(c, line))
        })
        .collect();
    warn_empty_sections(&scan, &mut warnings);
    let [_, coordinated, funding, partners, early, recent] = &scan.labels;
    let text_value = |v: &str| Some(v.to_string());
    Ok(Profile {
        legal_name: Located::new(name.to_string(), name_line),
        english_name: sentence_subject(&core_work.value).map(|s| Located::new(s, core_work.line)),
        summary,
        org_type,
        sector,
        country,
        data_quality,
        project_counts: vec![ProjectCount {
            programme: projects_programme,
            count: projects.clone(),
        }],
        projects: Some(projects),
        projects_programme,
        coordinated: figure(coordinated, parse_count, &mut warnings),
        ec_funding_eur: figure(funding, parse_money, &mut warnings),
        unique_partners: figure(partners, parse_count, &mut warnings),
        countries_collaborated: role.countries,
        core_work: Some(core_work),
        expertise,
        early_focus: figure(early, text_value, &mut warnings),
        recent_focus: figure(recent, text_value, &mut warnings),
        trajectory,
        outlook: joined(&evolution.collect::<Vec<_>>()),
        collaboration_role: role.role,
        reach: role.reach,
        collaboration_text: joined(&paragraphs(scan.lines(Sec::Collaboration))),
        why_partner: joined(&paragraphs(scan.lines(Sec::WhyPartner))),
        notable_projects,
        capabilities,
        analysis_note: joined(&paragraphs(scan.lines(Sec::Note))),
        city: None,
        pic: None,
        vat_number: None,
        website: None,
        keywords: Vec::new(),
        warnings,
    })
}

fn warn(warnings: &mut Vec<ParseWarning>, line: Line, message: impl Into<String>) {
    warnings.push(ParseWarning {
        line,
        message: message.into(),
    });
}

fn excerpt(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::acronyms::*;
    use super::sections::*;
    use super::values::*;
    use super::*;
    use ExpertiseLevel::*;

    const OREBRO: &str = include_str!("../../../seeds/orebro-lans-landsting-profile.txt");
    const STOCKHOLM: &str = include_str!("../../../seeds/region-stockholm-profile.txt");

    /// One `field@line: value` row per field, prose cut to its first six words.
    fn render(p: &Profile) -> String {
        let words = |s: &str| s.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
        let text = |f: &Option<Located<String>>| f.as_ref().map(|l| (l.line, words(&l.value)));
        let num = |f: &Option<Located<u32>>| f.as_ref().map(|l| (l.line, l.value.to_string()));
        let show = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let quality = |q: &Located<DataQuality>| {
            let DataQuality {
                label,
                score,
                out_of,
            } = &q.value;
            (q.line, format!("{label} {score}/{out_of}"))
        };
        let rows = [
            (
                "legal_name",
                Some((p.legal_name.line, p.legal_name.value.clone())),
            ),
            ("english_name", text(&p.english_name)),
            ("summary", text(&p.summary)),
            ("org_type", text(&p.org_type)),
            ("sector", text(&p.sector)),
            (
                "country",
                p.country.as_ref().map(|c| (c.line, c.value.to_string())),
            ),
            ("data_quality", p.data_quality.as_ref().map(quality)),
            ("projects", num(&p.projects)),
            ("coordinated", num(&p.coordinated)),
            (
                "ec_funding_eur",
                p.ec_funding_eur
                    .as_ref()
                    .map(|f| (f.line, f.value.to_string())),
            ),
            ("unique_partners", num(&p.unique_partners)),
            ("core_work", text(&p.core_work)),
            ("early_focus", text(&p.early_focus)),
            ("recent_focus", text(&p.recent_focus)),
            ("trajectory", text(&p.trajectory)),
            ("outlook", text(&p.outlook)),
            ("collaboration_role", text(&p.collaboration_role)),
            ("reach", text(&p.reach)),
            ("countries_collaborated", num(&p.countries_collaborated)),
            ("collaboration_text", text(&p.collaboration_text)),
            ("why_partner", text(&p.why_partner)),
            ("analysis_note", text(&p.analysis_note)),
        ];
        let mut out: Vec<String> = rows
            .into_iter()
            .map(|(key, row)| match row {
                Some((line, value)) => format!("{key}@{}: {value}", line.0),
                None => format!("{key}: -"),
            })
            .collect();
        for e in &p.expertise {
            let (line, level, n) = (e.line.0, e.level.as_str(), e.project_count);
            let names: Vec<&str> = e.projects.iter().map(ProjectAcronym::as_str).collect();
            let names = names.join(", ");
            out.push(format!(
                "expertise@{line}: {} ({level}, {n}) [{names}]",
                e.name
            ));
        }
        for n in &p.notable_projects {
            let eur = show(n.funding_eur.map(|f| f.to_string()));
            let years = [n.start_year, n.end_year].map(|y| show(y.map(|y| y.to_string())));
            let line = n.line.0;
            out.push(format!(
                "notable@{line}: {} eur={eur} years={}",
                n.acronym,
                years.join("..")
            ));
        }
        out.extend(
            p.capabilities
                .iter()
                .map(|c| format!("capability@{}: {}", c.line.0, c.value)),
        );
        out.extend(
            p.warnings
                .iter()
                .map(|w| format!("warning@{}: {}", w.line.0, w.message)),
        );
        out.join("\n")
    }

    const OREBRO_FIELDS: &str = "\
legal_name@4: OREBRO LANS LANDSTING
english_name@21: Region Örebro County
summary@6: Swedish regional healthcare authority contributing clinical
org_type@8: Public authority
sector@8: health
country@8: SE
data_quality@8: Thin data 2/5
projects@10: 4
coordinated@12: 0
ec_funding_eur@14: 879000
unique_partners@16: 142
core_work@21: Region Örebro County is a Swedish
early_focus@57: Surgical trials and autoimmune research
recent_focus@59: AI-driven healthcare and governance
trajectory@61: Their early H2020 involvement (2017-2019) centered
outlook@63: Moving from traditional clinical participation toward
collaboration_role@69: specialist_contributor
reach@69: European
countries_collaborated@69: 22
collaboration_text@71: Region Örebro County exclusively joins projects
why_partner@79: As a regional healthcare authority (not
analysis_note@93: With only 4 projects (none as
expertise@27: Clinical trials in vascular surgery (secondary, 1) [PAPA-ARTIS]
expertise@32: AI and big data in cancer care (secondary, 1) [ASCAPE]
expertise@37: Autoimmune disease research (secondary, 1) [3TR]
expertise@42: Responsible healthcare innovation and governance (emerging, 1) [CHERRIES]
expertise@47: Health data and predictive modeling (emerging, 2) [ASCAPE, 3TR]
notable@85: ASCAPE eur=405000 years=-..-
notable@87: PAPA-ARTIS eur=- years=2017..2024
notable@89: 3TR eur=- years=-..2026
capability@92: Digital health and AI applications
capability@92: Health data infrastructure and analytics
capability@92: Regional governance and responsible innovation
capability@92: Public health policy and co-creation";

    const STOCKHOLM_FIELDS: &str = "\
legal_name@4: REGION STOCKHOLM
english_name@21: Region Stockholm
summary@6: Stockholm's regional healthcare authority contributing clinical
org_type@8: Public authority
sector@8: health
country@8: SE
data_quality: -
projects@10: 35
coordinated@12: 2
ec_funding_eur@14: 12600000
unique_partners@16: 551
core_work@21: Region Stockholm is the public authority
early_focus@62: Neurodegenerative and rare diseases
recent_focus@64: Data-driven precision health
trajectory@66: In the early H2020 period (2015–2018),
outlook@68: Region Stockholm is moving from disease-specific
collaboration_role@74: infrastructure_provider
reach@74: European
countries_collaborated@74: 42
collaboration_text@76: Region Stockholm overwhelmingly participates as a
why_partner@84: Region Stockholm is not a university
analysis_note@98: Strong profile with 35 projects and
expertise@27: Cancer research and screening (primary, 7) [NEOSETAC, RISCC, LifeChamps, BigMedilytics]
expertise@32: Neurodegenerative and rare diseases (primary, 6) [AMYPAD, MOPEAD, TreatER, EJP RD, BOOSTB4]
expertise@37: Patient-reported outcomes and value-based healthcare (secondary, 4) [H2O, TENSION, LifeChamps, PIPPI]
expertise@42: Data-driven and digital health (secondary, 5) [DeepHealth, BigMedilytics, NEXIS, 3TR]
expertise@47: Vaccine and infectious disease response (emerging, 3) [OPENCORONA, CCHFVaccine]
expertise@52: Healthcare procurement innovation (secondary, 2) [PIPPI, LIVE INCITE]
notable@90: LIVE INCITE eur=3400000 years=-..-
notable@92: EJP RD eur=- years=-..-
notable@94: H2O eur=- years=-..-
capability@97: Digital health and AI-assisted diagnostics
capability@97: Public procurement innovation
capability@97: Big data infrastructure for clinical research
capability@97: Occupational health and exposome research";

    fn missing(text: &str) -> (&'static str, Position) {
        match parse_profile(text) {
            Err(ProfileError::MissingField { field, at }) => (field, at),
            other => panic!("expected a missing field, got {other:?}"),
        }
    }

    fn rendered(text: &str) -> String {
        render(&parse_profile(text).expect("parses"))
    }

    #[test]
    fn orebro_seed() {
        assert_eq!(rendered(OREBRO), OREBRO_FIELDS);
        let p = parse_profile(OREBRO).unwrap();
        let core = &p.core_work.as_ref().unwrap().value;
        assert!(core.ends_with("to AI-driven cancer care prediction."));
        let description = &p.expertise[0].description;
        assert!(description.starts_with("PAPA-ARTIS is a randomized controlled trial focused"));
        let collaboration = &p.collaboration_text.as_ref().unwrap().value;
        assert!(collaboration.contains("validate solutions against.\n\nDespite only 4 projects"));
        let ascape = &p.notable_projects[0].description;
        assert!(ascape.starts_with("Their largest funded project (EUR 405,000), applying AI"));
        let note = &p.analysis_note.as_ref().unwrap().value;
        assert!(note.ends_with("limiting insight into their active research capacity."));
    }

    #[test]
    fn stockholm_seed() {
        assert_eq!(rendered(STOCKHOLM), STOCKHOLM_FIELDS);
        let p = parse_profile(STOCKHOLM).unwrap();
        let description = &p.expertise[5].description;
        assert!(description.starts_with("Coordinated PIPPI (pre-commercial procurement"));
        let ejp = &p.notable_projects[1].description;
        assert!(ejp.starts_with("European Joint Programme on Rare Diseases — a flagship"));
    }

    #[test]
    fn the_project_count_keeps_the_programme_its_label_names() {
        let programme = |label: &str| {
            parse_profile(&OREBRO.replacen("H2020 projects", label, 1))
                .map(|p| (p.projects.map(|c| c.value), p.projects_programme))
                .unwrap()
        };
        assert_eq!(
            programme("H2020 projects"),
            (Some(4), CountedProgramme::H2020)
        );
        assert_eq!(
            programme("Horizon 2020 projects"),
            (Some(4), CountedProgramme::H2020)
        );
        assert_eq!(
            programme("Horizon Europe projects"),
            (Some(4), CountedProgramme::HorizonEurope)
        );
        assert_eq!(programme("FP7 projects"), (Some(4), CountedProgramme::Fp7));
    }

    #[test]
    fn glued_classification_variants() {
        let cases = "\
Higher educationenergyDERich data (5/5) => Higher education|energy|DE|Rich data 5/5
Research organisationictFRModerate data (3/5) => Research organisation|ict|FR|Moderate data 3/5
SMEdigitalITThin data (2/5) => SME|digital|IT|Thin data 2/5
Private companytransportNL => Private company|transport|NL|
Non-profitsocialEL => Non-profit|social|EL|
Higher educationeducationFI => Higher education|education|FI|
OtherspaceBE => Other|space|BE|
Cooperative bankfinanceAT => Cooperative bank|finance|AT|
Public authoritybiobanksSE => Public authority|biobanks|SE|
Public authority health SE Thin data (2/5) => Public authority|health|SE|Thin data 2/5
Public authoritySE => Public authority||SE|
Cooperative bankbiobanksSE => Cooperative bankbiobanks||SE|";
        for (input, expected) in cases.lines().filter_map(|l| l.split_once(" => ")) {
            let c = parse_classification(input, Line(1)).expect(input);
            let sector = c.sector.map(|s| s.value).unwrap_or_default();
            let quality = c.quality.map(|q| q.value);
            let quality = quality.map(|q| format!("{} {}/{}", q.label, q.score, q.out_of));
            let country = c.country.value.to_string();
            let got = [
                c.org_type.value,
                sector,
                country,
                quality.unwrap_or_default(),
            ];
            assert_eq!(got.join("|"), expected, "{input}");
            let unsplit = input.starts_with("Cooperative bankbio");
            assert_eq!(c.warnings.len(), usize::from(unsplit), "{input}");
        }
        let unread = parse_classification("Public authorityhealthSEThin data", Line(3));
        let message = &unread.expect("parses").warnings[0].message;
        assert_eq!(message, "unreadable data-quality note 'Thin data'");
        for prose in [
            "REGION STOCKHOLM",
            "Across the EU and UK.",
            "In the EU",
            "Authority",
        ] {
            assert!(parse_classification(prose, Line(1)).is_none(), "{prose}");
        }
    }

    #[test]
    fn glued_expertise_levels_and_counts() {
        let level = |s: &str| split_level(s).map(|(name, level)| format!("{name}/{level:?}"));
        assert_eq!(
            level("Cancer screeningprimary").as_deref(),
            Some("Cancer screening/Primary")
        );
        assert_eq!(
            level("Quantum tech Emerging").as_deref(),
            Some("Quantum tech/Emerging")
        );
        assert_eq!(
            level("Data sciencesecondary").as_deref(),
            Some("Data science/Secondary")
        );
        assert_eq!((level("primary"), level("Cancer screening")), (None, None));
        assert_eq!(
            (count_line("1 project"), count_line("12 Projects")),
            (Some("1"), Some("12"))
        );
        assert_eq!(count_line("Their largest project"), None);
        let no_level = OREBRO.replace("researchsecondary", "research");
        let p = parse_profile(&no_level).unwrap();
        assert_eq!((p.expertise.len(), p.warnings[0].line), (4, Line(37)));
        let p = parse_profile(&OREBRO.replace("\n2 projects\n", "\nmany projects\n")).unwrap();
        assert_eq!((p.expertise.len(), p.warnings[0].line), (4, Line(48)));
        assert_eq!(p.warnings[0].message, "unreadable project count 'many'");
        let p = parse_profile(&STOCKHOLM.replace("screeningprimary", "screening Primary")).unwrap();
        assert_eq!(
            (p.expertise[0].name.as_str(), p.expertise[0].level),
            ("Cancer research and screening", Primary)
        );
    }

    #[test]
    fn money_and_years() {
        let cases = [
            ("€879K", 879e3),
            ("€12.6M", 12.6e6),
            ("€1.2B", 1.2e9),
            ("EUR 405,000", 405e3),
            ("€ 3,4M", 3.4e6),
            ("EUR 3.4M", 3.4e6),
            ("€1,234,567", 1_234_567.0),
            ("1.234,50 €", 1_234.5),
            ("eur 2.5 million", 2.5e6),
        ];
        for (input, value) in cases {
            assert_eq!(parse_money(input), Some(value), "{input}");
        }
        for bad in ["many", "€", "€12.6X", "", "EUR -", "€12 apples"] {
            assert_eq!(parse_money(bad), None, "{bad}");
        }
        assert_eq!(
            find_money("Their largest project (EUR 3.4M) and"),
            Some(3.4e6)
        );
        assert_eq!(find_money("EUROPEAN project, funded €250K."), Some(250e3));
        assert_eq!(find_money("No money here, Europe. €"), None);
        assert_eq!(
            find_years("A trial (2017-2024) on"),
            (Some(2017), Some(2024))
        );
        assert_eq!(find_years("period (2015 – 2018)"), (Some(2015), Some(2018)));
        assert_eq!(find_years("Running until 2026, this"), (None, Some(2026)));
        assert_eq!(find_years("Active since 2019."), (Some(2019), None));
        assert_eq!(find_years("EUR 405,000 and 12345-67890"), (None, None));
    }

    #[test]
    fn acronyms_in_prose() {
        let cases = "\
Spans (NEOSETAC), COVID-related SARS-CoV-2 (EUR 3.4M) AI in 5G EU. => NEOSETAC
Named (Hygeia, Salus) and (Innovative Medicines Initiative). => Hygeia, Salus
Alzheimer's (Alzheimer's, Parkinson's) in H2020 IMI RCT ICT. => 
Led ASCAPE's pilot, X-ray work, eHealth4U. => ASCAPE, eHealth4U
Coordinated PIPPI (pre-commercial procurement) and LIVE INCITE (services). => PIPPI, LIVE INCITE
Both EJP RD. EJP and RD => EJP RD, EJP, RD";
        let known = ["eHealth4U", "EJP RD"];
        for (input, expected) in cases.lines().filter_map(|l| l.split_once(" => ")) {
            let found = find_acronyms(input, &known);
            let found: Vec<&str> = found.iter().map(ProjectAcronym::as_str).collect();
            assert_eq!(found.join(", "), expected, "{input}");
        }
    }

    #[test]
    fn capabilities_and_role_lines() {
        let glued = split_glued("eHealth servicesIoT platformsAI-assisted care; One • Two");
        let expected = [
            "eHealth services",
            "IoT platforms",
            "AI-assisted care",
            "One",
            "Two",
        ];
        assert_eq!(glued, expected);
        let role = |line: &str| {
            let r = parse_role_line(line);
            let countries = r
                .countries
                .map(|c| c.map_or_else(|e| format!("!{e}"), |n| n.to_string()));
            [r.role, r.reach, countries]
                .map(Option::unwrap_or_default)
                .join("|")
        };
        assert_eq!(
            role("Role: coordinatorReach: Global7 countries collaborated"),
            "coordinator|Global|7"
        );
        assert_eq!(role("Role: leaderReach: National"), "leader|National|");
        assert_eq!(
            role("Role: specialist_contributor"),
            "specialist_contributor||"
        );
        assert_eq!(
            role("Role: xReach: European99999999999 countries"),
            "x|European|!99999999999"
        );
    }

    #[test]
    fn tolerates_crlf_bom_nbsp_and_trailing_spaces() {
        let nbsp = OREBRO.replace("Public authority", "Public\u{a0}authority");
        let noisy = format!("\u{feff}{}", nbsp.replace('\n', "  \r\n"));
        assert_eq!(parse_profile(&noisy), parse_profile(OREBRO));
        let spaced = STOCKHOLM
            .replace("\n\n", "\n\n\n")
            .replace("projects\n35", "projects\n\n35");
        let without_lines = |text: &str| {
            let rendered = rendered(text);
            let rows = rendered
                .lines()
                .map(|l| l.split_once(": ").map_or(l, |(_, v)| v));
            rows.collect::<Vec<_>>().join("\n")
        };
        assert_eq!(without_lines(&spaced), without_lines(STOCKHOLM));
    }

    #[test]
    fn missing_and_reordered_sections() {
        let (why, notable) = (
            OREBRO.find("Why partner").unwrap(),
            OREBRO.find("Notable").unwrap(),
        );
        let p = parse_profile(&[&OREBRO[..why], &OREBRO[notable..]].concat()).unwrap();
        assert_eq!(
            (p.why_partner, p.notable_projects.len(), p.warnings.len()),
            (None, 3, 0)
        );
        // Notable projects first: expertise still sees them and the rendering is unchanged.
        let s = STOCKHOLM;
        let (core, notable) = (
            s.find("Core expertise").unwrap(),
            s.find("Notable projects").unwrap(),
        );
        let caps = s.find("Cross-sector").unwrap();
        let moved = [&s[..core], &s[notable..caps], &s[core..notable], &s[caps..]].concat();
        let sorted = |text: &str| {
            let rendered = rendered(text);
            let mut rows: Vec<String> = rendered
                .lines()
                .map(|l| l.replace(char::is_numeric, ""))
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(sorted(&moved), sorted(STOCKHOLM));
    }

    #[test]
    fn truncated_profiles_are_errors() {
        let lines: Vec<&str> = OREBRO.lines().collect();
        let cut = |n: usize| lines[..n].join("\n");
        let end = |n: usize| Position::EndOfDocument { last_line: Line(n) };
        let at = |n: usize| Position::Line(Line(n));
        assert_eq!(missing(&cut(16)), (CORE_WORK, end(16)));
        assert_eq!(missing(&cut(19)), (CORE_WORK, end(19)));
        assert_eq!(
            missing(&(cut(20) + "\nCore expertise")),
            (CORE_WORK, at(21))
        );
        assert_eq!(missing(&cut(9)), (PROJECTS, end(9)));
        assert_eq!(missing(&cut(2)), (NAME, end(2)));
        assert_eq!(
            missing(&[&lines[..3], &lines[5..]].concat().join("\n")),
            (NAME, at(4))
        );
        let no_figures = [&lines[..8], &lines[10..]].concat().join("\n");
        assert_eq!(missing(&no_figures), (PROJECTS, end(91)));
        let no_value = OREBRO.replacen("H2020 projects\n4\n", "H2020 projects\n", 1);
        assert_eq!(missing(&no_value), (PROJECTS, at(10)));
        let message = parse_profile(&cut(16)).unwrap_err().to_string();
        assert_eq!(
            message,
            "end of document (after line 16): missing the 'Their core work' text"
        );
        let p = parse_profile(&cut(30)).unwrap();
        assert_eq!(
            (
                p.expertise.len(),
                p.notable_projects.len(),
                p.warnings.len()
            ),
            (1, 0, 0)
        );
        let tail = rendered(&cut(82));
        assert!(
            tail.ends_with("warning@81: section has no content (truncated page?)"),
            "{tail}"
        );
    }

    #[test]
    fn unreadable_figures() {
        let bad = OREBRO.replacen("H2020 projects\n4\n", "H2020 projects\nmany\n", 1);
        let message = parse_profile(&bad).unwrap_err().to_string();
        assert_eq!(
            message,
            "line 10: expected a number after 'H2020 projects', found 'many'"
        );
        let funding = rendered(&OREBRO.replace("€879K", "n/a"));
        assert!(funding.contains("ec_funding_eur: -"));
        assert!(funding.ends_with("warning@14: unreadable value after 'Total EC funding': 'n/a'"));
        let partners = rendered(&OREBRO.replace("partners\n142\n", "partners\n"));
        assert!(partners.contains("unique_partners: -"));
        assert!(partners.ends_with("warning@15: no value after 'Unique partners'"));
        let inline = rendered(&OREBRO.replace("As coordinator\n0", "As coordinator: 3\n"));
        assert!(inline.contains("coordinated@11: 3"));
    }

    #[test]
    fn non_profiles() {
        assert_eq!(parse_profile(""), Err(ProfileError::Empty));
        assert_eq!(parse_profile("\u{feff}\r\n  \n"), Err(ProfileError::Empty));
        let strategy = "Health care and health innovation\n\nHealth is highly prioritised here. \
            Our universities run H2020 projects with many unique partners.\n\n\
            Their core work is described below.\n";
        let csv = "project_id,acronym,role\n101017,ASCAPE,participant\n";
        let rdf = "@prefix pg: <https://example.org/> .\npg:a pg:label \"H2020 projects\" .\n";
        for input in [strategy, csv, rdf, ""] {
            assert!(!looks_like_profile(input), "{input}");
            assert!(parse_profile(input).is_err(), "{input}");
        }
        let last_line = Line(5);
        assert_eq!(
            missing(strategy),
            (PROJECTS, Position::EndOfDocument { last_line })
        );
        assert!(looks_like_profile(OREBRO) && looks_like_profile(STOCKHOLM));
        let crlf = format!("\u{feff}{}", OREBRO.replace('\n', "\r\n"));
        assert!(looks_like_profile(&crlf));
    }

    /// The rendering without line numbers, for pages that differ from a seed only in layout.
    fn fields(text: &str) -> String {
        let rendered = rendered(text);
        let rows = rendered
            .lines()
            .map(|l| l.split_once(": ").map_or(l, |(_, v)| v));
        rows.collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn other_programmes_label_their_figures_their_own_way() {
        let horizon = OREBRO
            .replace("H2020 projects\n", "Horizon Europe projects\n")
            .replace("Total EC funding", "Total EU funding");
        assert!(looks_like_profile(&horizon));
        assert_eq!(fields(&horizon), fields(OREBRO));
        let inline = OREBRO.replace("H2020 projects\n4\n", "HORIZON projects: 4\n\n");
        assert_eq!(parse_profile(&inline).unwrap().projects.unwrap().value, 4);
    }

    #[test]
    fn site_chrome_is_not_content() {
        let chrome = [
            "Skip to main content",
            "← Back to search results",
            "Share this profile",
            "Contact",
            "Accept all",
            "We use cookies to measure how this site is used.",
            "This website uses cookies to ensure you get the best experience.",
            "© 2025 SciTransfer · Privacy policy · Terms of use",
        ];
        for line in chrome {
            assert!(scan::is_chrome(line), "{line}");
        }
        let content = [
            "A bakery SME that ships cookies and biscuits across Europe to 40 retailers.",
            "Contact tracing apps",
            "Home care robotics",
            "Shared mobility",
        ];
        for line in content {
            assert!(!scan::is_chrome(line), "{line}");
        }
        let top = "Skip to main content\nWe use cookies on this site. Accept or refuse them.\n\
            Accept all\nHome\nSearch\n";
        let bottom = "\nContact\nShare\n© 2025 SciTransfer. All rights reserved.\n";
        let noisy = format!(
            "{top}{}{bottom}",
            OREBRO.replace("LANDSTING\n", "LANDSTING\nShare\n")
        );
        assert_eq!(fields(&noisy), fields(OREBRO));
    }

    #[test]
    fn without_the_page_marker_the_name_sits_above_the_summary() {
        let body = &OREBRO[OREBRO.find("OREBRO LANS").unwrap()..];
        let nav = format!("Partner finder\nBrowse sectors\n\n{body}");
        assert_eq!(fields(&nav), fields(OREBRO));
        // The classification may come before the summary; a name ending in a dot is no sentence.
        let class_first = body
            .replacen("OREBRO LANS LANDSTING", "NORRA VÅRDBOLAGET AB.", 1)
            .replacen("Public authorityhealthSEThin data (2/5)\n", "", 1)
            .replacen(
                "\n\nSwedish",
                "\nPublic authorityhealthSEThin data (2/5)\n\nSwedish",
                1,
            );
        let p = parse_profile(&format!("Find partners\n{class_first}")).unwrap();
        let class = p.org_type.map(|t| t.value);
        assert_eq!(
            (p.legal_name.value.as_str(), class.as_deref()),
            ("NORRA VÅRDBOLAGET AB.", Some("Public authority"))
        );
    }

    #[test]
    fn role_badges_on_separate_lines() {
        let split = OREBRO.replace(
            "Role: specialist_contributorReach: European22 countries collaborated",
            "Role: specialist_contributor\nReach: European\n22 countries collaborated",
        );
        let p = parse_profile(&split).unwrap();
        let role = (p.collaboration_role.unwrap().value, p.reach.unwrap().value);
        assert_eq!(role, ("specialist_contributor".into(), "European".into()));
        assert_eq!(p.countries_collaborated.map(|c| c.value), Some(22));
        let collaboration = p.collaboration_text.unwrap().value;
        assert!(collaboration.starts_with("Region Örebro County exclusively"));
        assert_eq!(
            parse_role_line("1 country collaborated").countries,
            Some(Ok(1))
        );
        assert!(scan::countries_line("71 countries collaborated"));
        assert!(!scan::countries_line("countries collaborated"));
        assert!(!scan::countries_line("2 projects"));
    }

    #[test]
    fn notable_projects_without_bullets() {
        let plain = OREBRO.replace("  • ", "").replace("    ", "");
        assert_eq!(fields(&plain), fields(OREBRO));
        let titles = "\nXL-ROTOR\nA €17.3M innovation action (2020-2024).\nFLOAT-NS\n\
            Floating foundations off the coast.\nCCAM-NL Pilot\nLOGI-Hub 2030\nHubs, since 2023.";
        let lines: Vec<String> = titles.lines().map(str::to_string).collect();
        let located: Vec<(Line, &str)> = (lines.iter().enumerate())
            .map(|(i, l)| (Line(i + 1), l.as_str()))
            .collect();
        let mut warnings = Vec::new();
        let found = parse_notable(&located, &mut warnings);
        let names: Vec<&str> = found.iter().map(|n| n.acronym.as_str()).collect();
        assert_eq!(
            names,
            ["XL-ROTOR", "FLOAT-NS", "CCAM-NL Pilot", "LOGI-Hub 2030"]
        );
        assert_eq!(
            (found[0].funding_eur, found[3].start_year),
            (Some(17.3e6), Some(2023))
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn years_written_out_in_words() {
        let cases = [
            ("running 2018 to 2022.", (Some(2018), Some(2022))),
            (
                "on 40 farms between 2019 and 2022.",
                (Some(2019), Some(2022)),
            ),
            ("Started in 2022, their first step", (Some(2022), None)),
            ("still running until 2025.", (None, Some(2025))),
            ("since the start, and since 2019 a hub", (Some(2019), None)),
            ("the 2019 and 2022 calls", (None, None)),
        ];
        for (text, years) in cases {
            assert_eq!(find_years(text), years, "{text}");
        }
    }

    #[test]
    fn glued_plural_acronyms_and_other_types() {
        let glued = split_glued("Technology transfer to SMEsStandardisation and KPIs");
        assert_eq!(
            glued,
            ["Technology transfer to SMEs", "Standardisation and KPIs"]
        );
        let cases = "\
SMEagrifoodITLimited data (1/5) => SME|agrifood|IT
Large companyenergyDKGood data (4/5) => Large company|energy|DK
UniversityaquaculturePT => University|aquaculture|PT
Research and technology organisationmanufacturingES => Research and technology organisation|manufacturing|ES
NGOclimateBE => NGO|climate|BE";
        for (input, expected) in cases.lines().filter_map(|l| l.split_once(" => ")) {
            let c = parse_classification(input, Line(1)).expect(input);
            let sector = c.sector.map(|s| s.value).unwrap_or_default();
            let got = [c.org_type.value, sector, c.country.value.to_string()];
            assert_eq!(got.join("|"), expected, "{input}");
            assert!(c.warnings.is_empty(), "{input}");
        }
    }

    #[test]
    fn pages_scraped_to_markdown() {
        let cases = [
            ("## Core expertise", "Core expertise"),
            ("[SciTransfer](/)", "SciTransfer"),
            ("- **OCEAN-WAVE 3**", "- OCEAN-WAVE 3"),
            (
                "See [the call](https://example.org) and [x](y).",
                "See the call and x.",
            ),
            ("---", ""),
            ("#hashtag research", "#hashtag research"),
            ("[not a link", "[not a link"),
        ];
        for (raw, cleaned) in cases {
            assert_eq!(scan::clean(raw), cleaned, "{raw}");
        }
        let headings = [
            "Organization",
            "What they do",
            "Core expertise",
            "Notable projects",
        ];
        let mut markdown = OREBRO.replacen("SciTransfer", "[SciTransfer](/)", 1);
        for h in headings {
            markdown = markdown.replacen(&format!("\n{h}\n"), &format!("\n## {h}\n"), 1);
        }
        let markdown = markdown.replace("• ASCAPE", "• **ASCAPE**");
        assert!(looks_like_profile(&markdown));
        assert_eq!(fields(&markdown), fields(OREBRO));
    }

    #[test]
    fn badges_joined_by_separators() {
        let cases = "\
SME · energy · CZ · Moderate data (3/5) => SME|energy|CZ|Moderate data 3/5
Public authority | health | SE => Public authority|health|SE|
Other • AT => Other||AT|";
        for (input, expected) in cases.lines().filter_map(|l| l.split_once(" => ")) {
            let c = parse_classification(input, Line(1)).expect(input);
            let sector = c.sector.map(|s| s.value).unwrap_or_default();
            let quality = c.quality.map(|q| q.value);
            let quality = quality.map(|q| format!("{} {}/{}", q.label, q.score, q.out_of));
            let got = [
                c.org_type.value,
                sector,
                c.country.value.to_string(),
                quality.unwrap_or_default(),
            ];
            assert_eq!(got.join("|"), expected, "{input}");
        }
        for prose in ["Energy · storage · heat", "EU · UK · US · CA", "A · B"] {
            assert!(parse_classification(prose, Line(1)).is_none(), "{prose}");
        }
        let level = split_level("Battery management systems · primary");
        assert_eq!(level, Some(("Battery management systems".into(), Primary)));
        let r = parse_role_line("Role: technology_provider · Reach: European · 12 countries");
        assert_eq!(
            (r.role.as_deref(), r.reach.as_deref(), r.countries),
            (Some("technology_provider"), Some("European"), Some(Ok(12)))
        );
        let caps = split_glued("Power electronics · Second-life batteries");
        assert_eq!(caps, ["Power electronics", "Second-life batteries"]);
    }

    #[test]
    fn numbered_notable_projects() {
        let numbered = OREBRO
            .replacen("  • ASCAPE", "1. ASCAPE", 1)
            .replacen("  • PAPA-ARTIS", "2) PAPA-ARTIS", 1)
            .replacen("  • 3TR", "3. 3TR", 1);
        assert_eq!(fields(&numbered), fields(OREBRO));
        let lines = [(Line(1), "• X1"), (Line(2), "2024. A year of growth")];
        let found = parse_notable(&lines, &mut Vec::new());
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn never_panics_on_prefixes_or_odd_input() {
        for seed in [OREBRO, STOCKHOLM] {
            for (i, _) in seed.char_indices().step_by(97) {
                let _ = (parse_profile(&seed[..i]), parse_profile(&seed[i..]));
                let _ = looks_like_profile(&seed[..i]);
            }
        }
        let huge = "x€EUR(Ab) ".repeat(50_000) + "\nH2020 projects\n" + &"9".repeat(100);
        let odd = [
            "€\n(\n)\nRole:\nReach:\n•\n",
            "H2020 projects: 7\nTheir core work: x",
        ];
        for input in odd.into_iter().chain([huge.as_str()]) {
            let _ = parse_profile(input);
        }
        let _ = find_acronyms(&huge, &["Ab"]);
        let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        let _ = parse_profile(&String::from_utf8_lossy(&bytes));
    }
}

#[cfg(test)]
mod properties {
    //! No text makes the profile parser panic, and its errors cite lines of the document.
    use super::*;
    use crate::ingest::damage;
    use proptest::prelude::*;

    const SEEDS: [&str; 2] = [
        include_str!("../../../seeds/orebro-lans-landsting-profile.txt"),
        include_str!("../../../seeds/region-stockholm-profile.txt"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_gives_a_profile_or_an_error(text in "\\PC{0,400}") {
            let _ = looks_like_profile(&text);
            let _ = parse_profile(&text);
        }

        #[test]
        fn damaged_profiles_fail_at_lines_they_have(seed in 0..SEEDS.len(), edits in damage::edits()) {
            let text = damage::apply(SEEDS[seed], &edits);
            let _ = looks_like_profile(&text);
            if let Err(e) = parse_profile(&text) {
                damage::assert_lines_within(&e.to_string(), &text);
            }
        }
    }
}
