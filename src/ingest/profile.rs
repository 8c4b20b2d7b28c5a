//! Parser for scraped organisation profile pages (the SciTransfer "Organization" pages).
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

use crate::model::{CountryCode, ExpertiseLevel, Line, ProjectAcronym};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::fmt;

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
    /// Always `Some` in a successful parse (required); optional in type for symmetry.
    pub h2020_projects: Option<Located<u32>>,
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

/// Labels whose value sits on the next line (or after a colon), in `Scan::labels` order.
const LABELS: [&str; 6] = [
    "H2020 projects",
    "As coordinator",
    "Total EC funding",
    "Unique partners",
    "Early focus",
    "Recent focus",
];

/// Sections of the page; sub-headings map to their parent so repeated headings merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    Header,
    CoreWork,
    Expertise,
    Evolution,
    Collaboration,
    WhyPartner,
    Notable,
    Capabilities,
    Note,
}

/// Heading lines, lowercased; `None` marks site boilerplate that carries no content.
const HEADINGS: &[(&str, Option<Sec>)] = &[
    ("scitransfer", None),
    ("organization", None),
    ("organisation", None),
    ("what they do", Some(Sec::CoreWork)),
    ("their core work", Some(Sec::CoreWork)),
    ("core expertise", Some(Sec::Expertise)),
    ("what they specialise in", Some(Sec::Expertise)),
    ("what they specialize in", Some(Sec::Expertise)),
    ("evolution & trajectory", Some(Sec::Evolution)),
    ("evolution and trajectory", Some(Sec::Evolution)),
    ("how they've shifted over time", Some(Sec::Evolution)),
    ("collaboration profile", Some(Sec::Collaboration)),
    ("how they like to work", Some(Sec::Collaboration)),
    ("why partner with them", Some(Sec::WhyPartner)),
    ("what sets them apart", Some(Sec::WhyPartner)),
    ("notable projects", Some(Sec::Notable)),
    ("highlights from their portfolio", Some(Sec::Notable)),
    ("cross-sector capabilities", Some(Sec::Capabilities)),
    ("analysis note", Some(Sec::Note)),
];

/// Sectors recognised at the end of the glued "type+sector" run (types have no fixed list).
const SECTORS: &str = "health energy ict digital transport environment agriculture food climate \
    space security materials manufacturing finance education culture social bioeconomy water \
    mobility construction tourism defence industry biotech marine research mining media chemicals";

/// Organisation types, used to split type from sector when the sector is not in [`SECTORS`].
const TYPES: [&str; 8] = [
    "Public authority",
    "Higher education",
    "Research organisation",
    "Research organization",
    "Private company",
    "SME",
    "Non-profit",
    "Other",
];

/// Tokens shaped like acronyms that name programmes, fields or things, never a project.
const STOPWORDS: &str = "AI EU EUR EC ERC COVID COVID-19 SARS-CoV-2 IMI H2020 FP7 RCT RCTs ICT IT \
    IoT ML NLP GDPR FAIR HTA EHR EHRs DNA RNA MRI CT PET ICU SME SMEs PhD NGO NGOs WHO OECD UK US \
    USA UN SDG SDGs KPI KPIs CEO II III IV VR AR XR CO2 2D 3D 4D HIV AMR NHS EIT KIC ERA EIB ESFRI \
    ERDF MSCA PCP PPI PPP JU EFPIA IP 4G 5G 6G";

/// Cheap content sniffing: the headline-figure labels appear as whole lines only on profiles.
pub fn looks_like_profile(text: &str) -> bool {
    const MARKERS: [&str; 7] = [
        "h2020 projects",
        "as coordinator",
        "total ec funding",
        "unique partners",
        "their core work",
        "core expertise",
        "scitransfer",
    ];
    let mut seen = [false; MARKERS.len()];
    for line in text
        .lines()
        .take(400)
        .map(|l| l.trim_start_matches('\u{feff}'))
    {
        if line.len() <= 40
            && let Some(i) = MARKERS.iter().position(|m| *m == heading_key(line))
        {
            seen[i] = true;
        }
    }
    seen[0] && seen.iter().filter(|s| **s).count() >= 3
}

/// Parses one scraped profile page; see the module docs for which fields are required.
pub fn parse_profile(text: &str) -> Result<Profile, ProfileError> {
    let lines: Vec<String> = text.lines().map(clean).collect();
    if lines.iter().all(String::is_empty) {
        return Err(ProfileError::Empty);
    }
    let end = Position::EndOfDocument {
        last_line: Line(lines.len()),
    };
    let missing = |field, at: Option<Line>| ProfileError::MissingField {
        field,
        at: at.map_or(end, Position::Line),
    };
    let scan = Scan::run(&lines);
    let mut warnings = Vec::new();

    // The name comes first; summary and the glued classification line follow in any order.
    let header = non_empty(scan.lines(Sec::Header));
    let &(name_line, name) = header
        .first()
        .ok_or(missing(NAME, scan.first_significant))?;
    if parse_classification(name, name_line).is_some() || looks_like_sentence(name) {
        return Err(missing(NAME, Some(name_line)));
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
            warn(&mut warnings, line, message);
        }
    }

    let [projects, coordinated, funding, partners, early, recent] = &scan.labels;
    let hit = projects.as_ref();
    let (line, found) = hit
        .and_then(|h| h.value)
        .ok_or(missing(PROJECTS, hit.and_then(|h| h.next)))?;
    let Some(h2020_projects) = parse_count(found) else {
        let found = excerpt(found);
        return Err(ProfileError::BadNumber {
            field: LABELS[0],
            line,
            found,
        });
    };
    let core = &scan.blocks[Sec::CoreWork as usize];
    let core_work = joined(&paragraphs(&core.lines)).ok_or(missing(CORE_WORK, core.end))?;

    let (org_type, sector, country, data_quality) = match class {
        Some(c) => {
            warnings.extend(c.warnings);
            (Some(c.org_type), c.sector, Some(c.country), c.quality)
        }
        None => (None, None, None, None),
    };
    let (mut role, mut reach, mut countries) = (None, None, None);
    for &(line, text) in &scan.role_lines {
        let parts = parse_role_line(text);
        role = role.or(parts.role.map(|r| Located::new(r, line)));
        reach = reach.or(parts.reach.map(|r| Located::new(r, line)));
        match parts.countries {
            Some(Ok(n)) => countries = countries.or(Some(Located::new(n, line))),
            Some(Err(found)) => {
                let message = format!("unreadable country count '{found}'");
                warn(&mut warnings, line, message)
            }
            None => {}
        }
    }
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
    for block in &scan.blocks[1..] {
        let empty = block.owned == 0 && block.lines.iter().all(|(_, t)| t.is_empty());
        if let Some(heading) = block.heading.filter(|_| empty) {
            warn(
                &mut warnings,
                heading,
                "section has no content (truncated page?)",
            );
        }
    }
    let text_value = |v: &str| Some(v.to_string());
    Ok(Profile {
        legal_name: Located::new(name.to_string(), name_line),
        english_name: sentence_subject(&core_work.value).map(|s| Located::new(s, core_work.line)),
        summary,
        org_type,
        sector,
        country,
        data_quality,
        h2020_projects: Some(Located::new(h2020_projects, line)),
        coordinated: figure(coordinated, parse_count, &mut warnings),
        ec_funding_eur: figure(funding, parse_money, &mut warnings),
        unique_partners: figure(partners, parse_count, &mut warnings),
        countries_collaborated: countries,
        core_work: Some(core_work),
        expertise,
        early_focus: figure(early, text_value, &mut warnings),
        recent_focus: figure(recent, text_value, &mut warnings),
        trajectory,
        outlook: joined(&evolution.collect::<Vec<_>>()),
        collaboration_role: role,
        reach,
        collaboration_text: joined(&paragraphs(scan.lines(Sec::Collaboration))),
        why_partner: joined(&paragraphs(scan.lines(Sec::WhyPartner))),
        notable_projects,
        capabilities,
        analysis_note: joined(&paragraphs(scan.lines(Sec::Note))),
        warnings,
    })
}

/// Strips what scraping leaves around text: BOM, zero-width and CR characters, odd whitespace.
fn clean(raw: &str) -> String {
    let text: String = raw
        .chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}' | '\r'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    text.trim().to_string()
}

fn heading_key(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.join(" ").to_lowercase().replace('’', "'")
}

enum Kind<'a> {
    Skip,
    Heading(Sec, Option<&'a str>),
    Label(usize, Option<&'a str>),
    Role,
    Content,
}

fn classify(text: &str) -> Kind<'_> {
    let (head, inline) = match text.split_once(':') {
        Some((h, r)) => (h, Some(r.trim()).filter(|r| !r.is_empty())),
        None => (text, None),
    };
    if head.len() > 48 {
        return Kind::Content;
    }
    let key = heading_key(head);
    if let Some(i) = LABELS.iter().position(|l| l.eq_ignore_ascii_case(&key)) {
        return Kind::Label(i, inline);
    }
    match (key.as_str(), inline) {
        ("role" | "reach", Some(_)) => Kind::Role,
        ("analysis note", _) => Kind::Heading(Sec::Note, inline),
        (_, Some(_)) => Kind::Content,
        _ => match HEADINGS.iter().find(|(k, _)| *k == key) {
            Some((_, Some(sec))) => Kind::Heading(*sec, None),
            Some((_, None)) => Kind::Skip,
            None => Kind::Content,
        },
    }
}

#[derive(Default)]
struct Block<'a> {
    heading: Option<Line>,
    /// The heading that closed this section, where a missing body is reported.
    end: Option<Line>,
    /// Content lines; empty strings keep paragraph breaks.
    lines: Vec<(Line, &'a str)>,
    /// Labels and role lines read in this section, so that it does not count as empty.
    owned: usize,
}

struct LabelHit<'a> {
    label: &'static str,
    label_line: Line,
    value: Option<(Line, &'a str)>,
    /// Where a missing value was expected (`None`: the end of the document).
    next: Option<Line>,
}

/// First pass: every line classified and filed under its section, labels paired with values.
struct Scan<'a> {
    blocks: [Block<'a>; 9],
    labels: [Option<LabelHit<'a>>; 6],
    role_lines: Vec<(Line, &'a str)>,
    first_significant: Option<Line>,
}

impl<'a> Scan<'a> {
    fn run(lines: &'a [String]) -> Self {
        let mut scan = Scan {
            blocks: Default::default(),
            labels: Default::default(),
            role_lines: Vec::new(),
            first_significant: None,
        };
        let mut cur = Sec::Header;
        let mut i = 0;
        while i < lines.len() {
            let (line, text) = (Line(i + 1), lines[i].as_str());
            let kind = classify(text);
            if !text.is_empty() && !matches!(kind, Kind::Skip) {
                scan.first_significant.get_or_insert(line);
            }
            match kind {
                Kind::Skip => {}
                Kind::Content => scan.blocks[cur as usize].lines.push((line, text)),
                Kind::Heading(sec, inline) => {
                    if sec != cur {
                        scan.blocks[cur as usize].end = Some(line);
                    }
                    cur = sec;
                    let block = &mut scan.blocks[sec as usize];
                    block.heading.get_or_insert(line);
                    block.lines.push((line, ""));
                    block.lines.extend(inline.map(|t| (line, t)));
                }
                Kind::Label(label, inline) => {
                    scan.blocks[cur as usize].owned += 1;
                    let value = inline.map(|v| (line, v));
                    let mut hit = LabelHit {
                        label: LABELS[label],
                        label_line: line,
                        value,
                        next: None,
                    };
                    if inline.is_none() {
                        match (i + 1..lines.len()).find(|&j| !lines[j].is_empty()) {
                            Some(j) if matches!(classify(&lines[j]), Kind::Content) => {
                                hit.value = Some((Line(j + 1), lines[j].as_str()));
                                i = j;
                            }
                            next => hit.next = next.map(|j| Line(j + 1)),
                        }
                    }
                    scan.labels[label].get_or_insert(hit);
                }
                Kind::Role => {
                    scan.blocks[cur as usize].owned += 1;
                    scan.role_lines.push((line, text));
                }
            }
            i += 1;
        }
        scan
    }

    fn lines(&self, sec: Sec) -> &[(Line, &'a str)] {
        &self.blocks[sec as usize].lines
    }
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

fn non_empty<'a>(lines: &[(Line, &'a str)]) -> Vec<(Line, &'a str)> {
    lines
        .iter()
        .copied()
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Groups consecutive non-empty lines; a paragraph is located at its first line.
fn paragraphs(lines: &[(Line, &str)]) -> Vec<Located<String>> {
    let mut out: Vec<Located<String>> = Vec::new();
    let mut open = false;
    for &(line, text) in lines {
        if text.is_empty() {
            open = false;
        } else if let Some(p) = out.last_mut().filter(|_| open) {
            p.value.push(' ');
            p.value.push_str(text);
        } else {
            out.push(Located::new(text.to_string(), line));
            open = true;
        }
    }
    out
}

fn joined(paras: &[Located<String>]) -> Option<Located<String>> {
    let line = paras.first()?.line;
    let texts: Vec<&str> = paras.iter().map(|p| p.value.as_str()).collect();
    Some(Located::new(texts.join("\n\n"), line))
}

/// Reads an optional labelled value; a missing or unreadable one becomes a warning.
fn figure<T>(
    hit: &Option<LabelHit<'_>>,
    parse: impl Fn(&str) -> Option<T>,
    warnings: &mut Vec<ParseWarning>,
) -> Option<Located<T>> {
    let hit = hit.as_ref()?;
    let Some((line, value)) = hit.value else {
        let message = format!("no value after '{}'", hit.label);
        warn(warnings, hit.label_line, message);
        return None;
    };
    let parsed = parse(value).map(|v| Located::new(v, line));
    if parsed.is_none() {
        let message = format!(
            "unreadable value after '{}': '{}'",
            hit.label,
            excerpt(value)
        );
        warn(warnings, line, message);
    }
    parsed
}

fn looks_like_sentence(s: &str) -> bool {
    s.ends_with('.') && s.split_whitespace().count() > 8
}

/// The first sentence's subject when it is a short capitalised name ("Region Örebro County").
fn sentence_subject(text: &str) -> Option<String> {
    const NOT_NAMES: [&str; 9] = [
        "They", "It", "This", "These", "Their", "Its", "We", "Our", "In",
    ];
    let sentence = text.split(". ").next()?;
    let verbs = [" is ", " are ", " was ", " has ", ", "];
    let cut = verbs.iter().filter_map(|v| sentence.find(v)).min()?;
    let subject = sentence[..cut].trim();
    let first = subject.split_whitespace().next()?;
    let ok = subject.split_whitespace().count() <= 8
        && first.starts_with(char::is_uppercase)
        && !NOT_NAMES.contains(&first);
    ok.then(|| subject.to_string())
}

struct Classification {
    org_type: Located<String>,
    sector: Option<Located<String>>,
    country: Located<CountryCode>,
    quality: Option<Located<DataQuality>>,
    warnings: Vec<ParseWarning>,
}

/// Reads `<type><sector><CC>[<quality label> (n/m)]`, all glued. The country code is the first
/// pair of ASCII capitals right after a lowercase letter (or after a known sector and a space).
fn parse_classification(text: &str, line: Line) -> Option<Classification> {
    if text.ends_with('.') || text.len() > 160 {
        return None;
    }
    let (rest, score) = split_score(text);
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let is_cc = |i: usize| {
        let (prev, a, b) = (chars[i - 1].1, chars[i].1, chars[i + 1].1);
        let glued = prev.is_lowercase()
            || (prev == ' ' && known_sector(rest[..chars[i].0].trim_end()).is_some());
        let quality_starts = |(c, d): (char, Option<char>)| {
            c == ' ' || (c.is_ascii_uppercase() && d.is_some_and(char::is_lowercase))
        };
        let next = chars
            .get(i + 2)
            .map(|&(_, c)| (c, chars.get(i + 3).map(|&(_, d)| d)));
        glued && a.is_ascii_uppercase() && b.is_ascii_uppercase() && next.is_none_or(quality_starts)
    };
    let start = chars[(1..chars.len().saturating_sub(1)).find(|&i| is_cc(i))?].0;
    let head = rest[..start].trim_end();
    let tail = rest[start + 2..].trim().to_string();
    let mut warnings = Vec::new();
    let (org_type, sector) = split_type_sector(head);
    if sector.is_none() && !TYPES.contains(&org_type.as_str()) {
        let message = format!("cannot tell type from sector in '{org_type}'");
        warn(&mut warnings, line, message);
    }
    let quality = match score {
        Some((score, out_of)) => Some(DataQuality {
            label: tail,
            score,
            out_of,
        }),
        None if tail.is_empty() => None,
        None => {
            let message = format!("unreadable data-quality note '{}'", excerpt(&tail));
            warn(&mut warnings, line, message);
            None
        }
    };
    let at = |v| Located::new(v, line);
    Some(Classification {
        org_type: at(org_type),
        sector: sector.map(at),
        country: Located::new(CountryCode::new(&rest[start..start + 2]), line),
        quality: quality.map(|q| Located::new(q, line)),
        warnings,
    })
}

/// Splits a trailing `(n/m)` score off the classification line.
fn split_score(text: &str) -> (&str, Option<(u8, u8)>) {
    let parsed = text.strip_suffix(')').and_then(|body| {
        let open = body.rfind('(')?;
        let (a, b) = body[open + 1..].split_once('/')?;
        Some((open, a.trim().parse().ok()?, b.trim().parse().ok()?))
    });
    match parsed {
        Some((open, a, b)) => (text[..open].trim_end(), Some((a, b))),
        None => (text, None),
    }
}

fn known_sector(head: &str) -> Option<&'static str> {
    let matching = SECTORS
        .split_whitespace()
        .filter(|s| head.len() > s.len() && head.ends_with(s));
    matching.max_by_key(|s| s.len())
}

fn split_type_sector(head: &str) -> (String, Option<String>) {
    if let Some(sector) = known_sector(head) {
        let org_type = head[..head.len() - sector.len()].trim_end();
        if !org_type.is_empty() {
            return (org_type.to_string(), Some(sector.to_string()));
        }
    }
    let prefix_of = |t: &&str| {
        head.get(..t.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(t))
    };
    if let Some(t) = TYPES.into_iter().filter(prefix_of).max_by_key(|t| t.len()) {
        let sector = head[t.len()..].trim();
        if !sector.is_empty()
            && sector
                .chars()
                .all(|c| c.is_lowercase() || c == ' ' || c == '-')
        {
            return (head[..t.len()].to_string(), Some(sector.to_string()));
        }
    }
    (head.to_string(), None)
}

/// A whole-number figure, tolerating thousands separators ("1,234").
fn parse_count(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let separators_only = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == ' ');
    digits.parse().ok().filter(|_| separators_only)
}

/// A whole money value: `€879K`, `€12.6M`, `EUR 405,000`, `€ 3,4M`.
fn parse_money(text: &str) -> Option<f64> {
    let text = text.trim();
    let eur = text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("EUR"));
    let text = text
        .strip_prefix('€')
        .unwrap_or(if eur { &text[3..] } else { text })
        .trim();
    let text = text
        .strip_suffix('€')
        .or_else(|| text.strip_suffix("EUR"))
        .unwrap_or(text)
        .trim();
    let (value, used) = money_at(text)?;
    (used == text.len()).then_some(value)
}

/// Reads an amount at the start of `text`; returns it in euros and the bytes consumed.
fn money_at(text: &str) -> Option<(f64, usize)> {
    let numeric = |b: &u8| b.is_ascii_digit() || *b == b'.' || *b == b',';
    let num_end = text.bytes().take_while(numeric).count();
    let number = text[..num_end].trim_end_matches(['.', ',']);
    let glued = text[num_end..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let after = text[num_end..].trim_start();
    let word = &after[..after.bytes().take_while(u8::is_ascii_alphabetic).count()];
    let (suffix, used) = if glued > 0 {
        (&text[num_end..num_end + glued], num_end + glued)
    } else if ["thousand", "million", "billion"].contains(&word.to_ascii_lowercase().as_str()) {
        (word, text.len() - after.len() + word.len())
    } else {
        ("", num_end)
    };
    let scale = match suffix.to_ascii_lowercase().as_str() {
        "" => 1e0,
        "k" | "thousand" => 1e3,
        "m" | "mn" | "mio" | "million" => 1e6,
        "b" | "bn" | "billion" => 1e9,
        _ => return None,
    };
    let value = parse_decimal(number, !suffix.is_empty())? * scale;
    Some(((value * 100.0).round() / 100.0, used))
}

/// Decides whether `,`/`.` is a decimal or a thousands separator: a lone separator is decimal
/// when a multiplier follows or when it is not followed by exactly three digits.
fn parse_decimal(number: &str, scaled: bool) -> Option<f64> {
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = match number.rfind(['.', ',']) {
        None => (number, ""),
        Some(p) => {
            let (sep, other) = if &number[p..=p] == "." {
                ('.', ',')
            } else {
                (',', '.')
            };
            let after = &number[p + 1..];
            let lone = number.matches(sep).count() == 1;
            match number.contains(other) || (lone && (scaled || after.len() != 3)) {
                true => (&number[..p], after),
                false => (number, ""),
            }
        }
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    format!("{int}.{frac}0")
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
}

/// The first amount after `EUR` or `€` anywhere in the text.
fn find_money(text: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(p) = text[from..].find(['€', 'E']).map(|p| p + from) {
        let euro = text[p..].starts_with('€');
        from = p + if euro { '€'.len_utf8() } else { 1 };
        let word_start = text[..p]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let amount = match euro {
            true => &text[from..],
            false if word_start && text[p..].starts_with("EUR") => &text[p + 3..],
            false => continue,
        };
        if let Some((value, _)) = money_at(amount.trim_start()) {
            return Some(value);
        }
    }
    None
}

/// `(2017-2024)` gives both years; otherwise `until 2026` / `since 2019` give one.
fn find_years(text: &str) -> (Option<i32>, Option<i32>) {
    let b = text.as_bytes();
    let year_at = |i: usize| -> Option<i32> {
        let digits = b.get(i..i + 4)?;
        let bounded = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit());
        let to_year = |acc: i32, d: &u8| d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0'));
        let year = digits.iter().try_fold(0, to_year)?;
        (bounded && (1900..=2100).contains(&year)).then_some(year)
    };
    let skip_spaces = |mut j: usize| {
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        j
    };
    for i in 0..b.len() {
        let Some(start) = year_at(i) else { continue };
        let j = skip_spaces(i + 4);
        let dashes = ["-", "–", "—"];
        if let Some(dash) = dashes.iter().find(|d| b[j..].starts_with(d.as_bytes()))
            && let Some(end) = year_at(skip_spaces(j + dash.len()))
        {
            return (Some(start), Some(end));
        }
    }
    let lower = text.to_ascii_lowercase();
    let after = |word: &str| lower.find(word).and_then(|p| year_at(p + word.len()));
    (after("since "), after("until "))
}

fn split_level(text: &str) -> Option<(String, ExpertiseLevel)> {
    ExpertiseLevel::ALL.into_iter().find_map(|level| {
        let cut = text.len().checked_sub(level.as_str().len())?;
        let name = text.get(..cut)?.trim_end();
        let glued = text.get(cut..)?.eq_ignore_ascii_case(level.as_str());
        (glued && !name.is_empty()).then(|| (name.to_string(), level))
    })
}

/// `7 projects` / `1 project`: a single token before the word, so prose is not mistaken for it.
fn count_line(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let cut = lower
        .strip_suffix("projects")
        .or_else(|| lower.strip_suffix("project"))?
        .len();
    let number = text[..cut].trim();
    (!number.is_empty() && !number.contains(' ') && number.len() <= 12).then_some(number)
}

/// Entries are `<name><level>` / `<n> projects` / description lines up to the next entry.
fn parse_expertise(
    lines: &[(Line, &str)],
    known: &[&str],
    warnings: &mut Vec<ParseWarning>,
) -> Vec<Expertise> {
    let lines = non_empty(lines);
    let starts_entry = |i: usize| lines.get(i + 1).is_some_and(|l| count_line(l.1).is_some());
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, head) = lines[i];
        if !starts_entry(i) {
            let message = format!("unrecognised expertise line '{}'", excerpt(head));
            warn(warnings, line, message);
            i += 1;
            continue;
        }
        let (count_no, count) = (
            lines[i + 1].0,
            count_line(lines[i + 1].1).unwrap_or_default(),
        );
        let next = (i + 2..lines.len())
            .find(|&j| starts_entry(j))
            .unwrap_or(lines.len());
        let description: Vec<&str> = lines[i + 2..next].iter().map(|l| l.1).collect();
        let description = description.join(" ");
        i = next;
        let Some((name, level)) = split_level(head) else {
            let message = format!("no expertise level on '{}'", excerpt(head));
            warn(warnings, line, message);
            continue;
        };
        let Some(project_count) = parse_count(count) else {
            let message = format!("unreadable project count '{count}'");
            warn(warnings, count_no, message);
            continue;
        };
        let projects = find_acronyms(&description, known);
        out.push(Expertise {
            name,
            level,
            project_count,
            description,
            projects,
            line,
        });
    }
    out
}

/// Bullet lines (`• ASCAPE`) name a project; the indented lines that follow describe it.
fn parse_notable(lines: &[(Line, &str)], warnings: &mut Vec<ParseWarning>) -> Vec<NotableProject> {
    let mut out: Vec<NotableProject> = Vec::new();
    for (line, text) in non_empty(lines) {
        let dash = || {
            text.strip_prefix(['-', '*', '–'])
                .filter(|r| r.starts_with(' '))
        };
        if let Some(rest) = text.strip_prefix(['•', '●', '▪', '◦', '·']).or_else(dash) {
            let separators = [" — ", " – ", " - ", ": "];
            let split = separators.iter().find_map(|sep| rest.split_once(sep));
            let (acronym, description) = split.unwrap_or((rest, ""));
            if acronym.trim().is_empty() {
                warn(warnings, line, "bullet without a project name");
                continue;
            }
            out.push(NotableProject {
                acronym: ProjectAcronym::new(acronym.trim()),
                description: description.trim().to_string(),
                funding_eur: None,
                start_year: None,
                end_year: None,
                line,
            });
        } else if let Some(project) = out.last_mut() {
            if !project.description.is_empty() {
                project.description.push(' ');
            }
            project.description.push_str(text);
        } else {
            let message = format!("unrecognised notable-project line '{}'", excerpt(text));
            warn(warnings, line, message);
        }
    }
    for project in &mut out {
        project.funding_eur = find_money(&project.description);
        (project.start_year, project.end_year) = find_years(&project.description);
    }
    out
}

struct RoleParts {
    role: Option<String>,
    reach: Option<String>,
    countries: Option<Result<u32, String>>,
}

/// `Role: specialist_contributorReach: European22 countries collaborated`.
fn parse_role_line(text: &str) -> RoleParts {
    let lower = text.to_ascii_lowercase();
    let (role_at, reach_at) = (lower.find("role:"), lower.find("reach:"));
    let role = role_at.map(|p| {
        let end = reach_at.filter(|&r| r > p).unwrap_or(text.len());
        text[p + 5..end].trim()
    });
    let mut parts = RoleParts {
        role: owned(role),
        reach: None,
        countries: None,
    };
    if let Some(rest) = reach_at.map(|p| &text[p + 6..]) {
        let digit = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let number =
            &rest[digit..digit + rest[digit..].bytes().take_while(u8::is_ascii_digit).count()];
        parts.reach = owned(Some(rest[..digit].trim()));
        parts.countries =
            (!number.is_empty()).then(|| number.parse().map_err(|_| number.to_string()));
    }
    parts
}

fn owned(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.is_empty()).map(str::to_string)
}

/// Splits phrases glued as `...applicationsHealth data...`: a capital right after a run of at
/// least two lowercase letters starts a new phrase, so `AI-assisted` and `eHealth` survive.
fn split_glued(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut lower_run = 0;
    for c in text.chars() {
        let boundary = matches!(c, ';' | '•' | '|');
        if boundary || (c.is_uppercase() && lower_run >= 2) {
            out.push(String::new());
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
        if let Some(current) = out.last_mut().filter(|_| !boundary) {
            current.push(c);
        }
    }
    out.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_stopword(token: &str) -> bool {
    STOPWORDS
        .split_whitespace()
        .any(|s| s.eq_ignore_ascii_case(token))
}

/// ALL-CAPS/digit tokens (`3TR`, `PAPA-ARTIS`) and CamelCase ones (`LifeChamps`, `CCHFVaccine`),
/// but neither capitalised words (`Crimean-Congo`), `COVID-related` nor amounts (`3.4M`).
fn is_acronym(token: &str) -> bool {
    let starts_well = token.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let long_enough = token.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    let camel = |part: &str| {
        part.chars().any(char::is_lowercase) && part.chars().skip(1).any(char::is_uppercase)
    };
    let amount = token.starts_with(|c: char| c.is_ascii_digit())
        && ["K", "M", "B", "BN", "MN"]
            .contains(&token.trim_start_matches(|c: char| c.is_ascii_digit()));
    starts_well
        && long_enough
        && !amount
        && token.chars().any(char::is_uppercase)
        && !token.contains(['\'', '’'])
        && (!token.chars().any(char::is_lowercase) || token.split('-').any(camel))
}

/// Byte spans of word tokens (letters, digits, inner hyphens), without a possessive `'s`.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let edge = |c: char| matches!(c, '-' | '\'' | '’');
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() || edge(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(edge).len();
                let trimmed = raw.trim_matches(edge);
                let possessive = trimmed.strip_suffix("'s").or(trimmed.strip_suffix("’s"));
                let token = possessive.unwrap_or(trimmed);
                if !token.is_empty() {
                    out.push((s + lead, s + lead + token.len()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Parenthesised groups that list only names, e.g. `(AMYPAD, MOPEAD)` but not
/// `(pre-commercial procurement for specialized care)`: capitalised words there are projects.
fn name_groups(text: &str) -> Vec<(usize, usize)> {
    let is_name_list = |inner: &str| {
        let items = inner.split([',', ';', '/']).flat_map(|p| p.split(" and "));
        !inner.contains(['\'', '’'])
            && items.into_iter().all(
                |item| match item.split_whitespace().collect::<Vec<_>>()[..] {
                    [] => false,
                    [word] => word.starts_with(char::is_uppercase) && !is_stopword(word),
                    ref words => words
                        .iter()
                        .all(|w| is_acronym(w) && !w.chars().any(char::is_lowercase)),
                },
            )
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|p| p + from) {
        let Some(close) = text[open..].find(')').map(|p| p + open) else {
            break;
        };
        if is_name_list(&text[open + 1..close]) {
            out.push((open + 1, close));
        }
        from = close + 1;
    }
    out
}

/// Project acronyms named in free text, in order of first mention, without duplicates.
/// Adjacent ALL-CAPS tokens separated by one space form one name (`LIVE INCITE`, `EJP RD`).
fn find_acronyms(text: &str, known: &[&str]) -> Vec<ProjectAcronym> {
    let groups = name_groups(text);
    let mut group = groups.iter().peekable();
    let mut spans = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (s, e) in tokens(text) {
        let token = &text[s..e];
        while group.next_if(|g| g.1 < e).is_some() {}
        let in_group = group.peek().is_some_and(|g| g.0 <= s);
        let named = in_group && token.starts_with(char::is_uppercase);
        let accepted = !is_stopword(token) && (is_acronym(token) || named);
        let caps = accepted && !token.chars().any(char::is_lowercase);
        match run {
            Some((rs, re)) if caps && &text[re..s] == " " => run = Some((rs, e)),
            _ => {
                spans.extend(run.take());
                if caps {
                    run = Some((s, e));
                } else if accepted {
                    spans.push((s, e));
                }
            }
        }
    }
    spans.extend(run);
    let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    for k in known.iter().filter(|k| !k.is_empty()) {
        for (p, _) in text.match_indices(k) {
            let end = p + k.len();
            if word_edge(text[..p].chars().next_back()) && word_edge(text[end..].chars().next()) {
                spans.push((p, end));
            }
        }
    }
    spans.sort_by_key(|&(s, e)| (s, Reverse(e)));
    let mut seen = HashSet::new();
    let mut covered = 0;
    let mut out = Vec::new();
    for (s, e) in spans {
        if s >= covered && seen.insert(&text[s..e]) {
            out.push(ProjectAcronym::new(&text[s..e]));
        }
        covered = covered.max(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExpertiseLevel::*;

    const OREBRO: &str = include_str!("../../seeds/orebro-lans-landsting-profile.txt");
    const STOCKHOLM: &str = include_str!("../../seeds/region-stockholm-profile.txt");

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
            ("h2020_projects", num(&p.h2020_projects)),
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
h2020_projects@10: 4
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
h2020_projects@10: 35
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
        include_str!("../../seeds/orebro-lans-landsting-profile.txt"),
        include_str!("../../seeds/region-stockholm-profile.txt"),
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
