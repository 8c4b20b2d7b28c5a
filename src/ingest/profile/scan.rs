//! The first pass: every line cleaned, classified (boilerplate, heading, label, role line or
//! content) and filed under its section.

use crate::model::Line;

/// Labels whose value sits on the next line (or after a colon), in `Scan::labels` order.
pub(super) const LABELS: [&str; 6] = [
    "H2020 projects",
    "As coordinator",
    "Total EC funding",
    "Unique partners",
    "Early focus",
    "Recent focus",
];

/// Other wordings of the same labels (lowercased), as pages of other programmes write them:
/// the project count names the framework programme, and the funding may be the EU's. Headings
/// as generic as `EU projects` are left out: strategies have them too, and detection counts these.
const LABEL_ALIASES: [(&str, usize); 10] = [
    ("horizon 2020 projects", 0),
    ("horizon europe projects", 0),
    ("horizon projects", 0),
    ("fp7 projects", 0),
    ("projects coordinated", 1),
    ("total eu funding", 2),
    ("total ec contribution", 2),
    ("total eu contribution", 2),
    ("distinct partners", 3),
    ("unique collaborators", 3),
];

/// Which of [`LABELS`] a lowercased line key names, in any of its wordings, and that wording.
pub(super) fn label_index(key: &str) -> Option<(usize, &'static str)> {
    LABELS
        .iter()
        .position(|l| l.eq_ignore_ascii_case(key))
        .map(|i| (i, LABELS[i]))
        .or_else(|| {
            LABEL_ALIASES
                .iter()
                .find(|(a, _)| *a == key)
                .map(|&(a, i)| (i, a))
        })
}

/// Whole lines that are the site's controls rather than the profile (lowercased, without a
/// leading arrow): navigation, buttons and the consent banner's answers.
const CHROME: &[&str] = &[
    "skip to main content",
    "skip to content",
    "home",
    "search",
    "menu",
    "organisations",
    "organizations",
    "back",
    "back to search",
    "back to search results",
    "back to results",
    "share",
    "share this profile",
    "contact",
    "contact us",
    "contact the organisation",
    "contact the organization",
    "download profile",
    "download profile (pdf)",
    "download pdf",
    "print",
    "log in",
    "login",
    "sign in",
    "sign up",
    "accept",
    "accept all",
    "accept cookies",
    "reject",
    "reject all",
    "refuse",
    "decline",
    "got it",
    "ok",
    "close",
    "cookie settings",
    "manage cookies",
    "privacy policy",
    "terms of use",
    "follow",
    "join now",
    "visit website",
    "posts",
    "jobs",
    "people",
    "get directions",
    "send a message",
    "see all",
];

/// Page chrome a scrape picks up around the profile: a control from [`CHROME`], a cookie notice
/// (a short text about the site's cookies) or a copyright footer.
pub(super) fn is_chrome(text: &str) -> bool {
    let key = heading_key(text.trim_start_matches(|c: char| !c.is_alphanumeric()));
    let about_site = [
        "we use",
        "this site",
        "this website",
        "uses cookies",
        "accept",
        "consent",
        "vi använder",
        "webbplats",
        "godkänn",
    ];
    let cookie_notice = (key.contains("cookie") || key.contains("kakor"))
        && key.split_whitespace().count() <= 40
        && about_site.iter().any(|w| key.contains(w));
    let footer = (text.starts_with('©') || key.starts_with("copyright "))
        && key.split_whitespace().count() <= 25;
    CHROME.contains(&key.as_str()) || cookie_notice || footer
}

/// Sections of the page; sub-headings map to their parent so repeated headings merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sec {
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
pub(super) const HEADINGS: &[(&str, Option<Sec>)] = &[
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

/// Strips what scraping leaves around text: BOM, zero-width and CR characters, odd whitespace,
/// and the Markdown a scrape may convert the page to.
pub(super) fn clean(raw: &str) -> String {
    let text: String = raw
        .chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}' | '\r'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    unmark(text.trim())
}

/// Markdown markup around a line's text: heading marks (`## Core expertise`), strong emphasis
/// (`**ASCAPE**`), links (`[SciTransfer](/)`) and rules (`---`).
fn unmark(line: &str) -> String {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let line = match &line[hashes..] {
        rest if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')) => {
            rest.trim_start()
        }
        _ => line,
    };
    if line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '*' | '_')) {
        return String::new();
    }
    let mut out = line.replace("**", "").replace("__", "");
    while let Some(open) = out.find('[') {
        let Some(mid) = out[open..].find("](").map(|p| p + open) else {
            break;
        };
        let Some(close) = out[mid..].find(')').map(|p| p + mid) else {
            break;
        };
        out = format!(
            "{}{}{}",
            &out[..open],
            &out[open + 1..mid],
            &out[close + 1..]
        );
    }
    out
}

pub(super) fn heading_key(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.join(" ").to_lowercase().replace('’', "'")
}

pub(super) enum Kind<'a> {
    Skip,
    /// The site's name or the page type (`SciTransfer`, `Organization`) above the profile.
    Marker,
    Heading(Sec, Option<&'a str>),
    Label((usize, &'static str), Option<&'a str>),
    Role,
    Content,
}

pub(super) fn classify(text: &str) -> Kind<'_> {
    if is_chrome(text) {
        return Kind::Skip;
    }
    let (head, inline) = match text.split_once(':') {
        Some((h, r)) => (h, Some(r.trim()).filter(|r| !r.is_empty())),
        None => (text, None),
    };
    if head.len() > 48 {
        return Kind::Content;
    }
    let key = heading_key(head);
    if let Some(i) = label_index(&key) {
        return Kind::Label(i, inline);
    }
    match (key.as_str(), inline) {
        ("role" | "reach", Some(_)) => Kind::Role,
        (_, None) if countries_line(&key) => Kind::Role,
        ("analysis note", _) => Kind::Heading(Sec::Note, inline),
        (_, Some(_)) => Kind::Content,
        _ => match HEADINGS.iter().find(|(k, _)| *k == key) {
            Some((_, Some(sec))) => Kind::Heading(*sec, None),
            Some((_, None)) => Kind::Marker,
            None => Kind::Content,
        },
    }
}

#[derive(Default)]
pub(super) struct Block<'a> {
    pub(super) heading: Option<Line>,
    /// The heading that closed this section, where a missing body is reported.
    pub(super) end: Option<Line>,
    /// Content lines; empty strings keep paragraph breaks.
    pub(super) lines: Vec<(Line, &'a str)>,
    /// Labels and role lines read in this section, so that it does not count as empty.
    pub(super) owned: usize,
}

pub(super) struct LabelHit<'a> {
    pub(super) label: &'static str,
    /// The label as the page words it (`horizon europe projects` for `H2020 projects`).
    pub(super) wording: &'static str,
    pub(super) label_line: Line,
    pub(super) value: Option<(Line, &'a str)>,
    /// Where a missing value was expected (`None`: the end of the document).
    pub(super) next: Option<Line>,
}

/// First pass: every line classified and filed under its section, labels paired with values.
pub(super) struct Scan<'a> {
    pub(super) blocks: [Block<'a>; 9],
    pub(super) labels: [Option<LabelHit<'a>>; 6],
    pub(super) role_lines: Vec<(Line, &'a str)>,
    pub(super) first_significant: Option<Line>,
    /// Whether the page-type marker was seen above the profile, so the name follows it.
    pub(super) marker: bool,
}

/// `71 countries collaborated` on a line of its own, as a scrape that keeps the role badges on
/// separate lines leaves it.
pub(super) fn countries_line(key: &str) -> bool {
    let rest = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',');
    rest.len() < key.len() && (rest.starts_with(" countr") || rest.starts_with("countr"))
}

impl<'a> Scan<'a> {
    pub(super) fn run(lines: &'a [String]) -> Self {
        let mut scan = Scan {
            blocks: Default::default(),
            labels: Default::default(),
            role_lines: Vec::new(),
            first_significant: None,
            marker: false,
        };
        let mut cur = Sec::Header;
        let mut i = 0;
        while i < lines.len() {
            let (line, text) = (Line(i + 1), lines[i].as_str());
            let kind = classify(text);
            if !text.is_empty() && !matches!(kind, Kind::Skip | Kind::Marker) {
                scan.first_significant.get_or_insert(line);
            }
            match kind {
                Kind::Skip => {}
                // What came above the page marker is the site's navigation, not the header.
                Kind::Marker if cur == Sec::Header => {
                    scan.blocks[Sec::Header as usize].lines.clear();
                    scan.first_significant = None;
                    scan.marker = true;
                }
                Kind::Marker => {}
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
                Kind::Label((label, wording), inline) => {
                    scan.blocks[cur as usize].owned += 1;
                    let value = inline.map(|v| (line, v));
                    let mut hit = LabelHit {
                        label: LABELS[label],
                        wording,
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

    pub(super) fn lines(&self, sec: Sec) -> &[(Line, &'a str)] {
        &self.blocks[sec as usize].lines
    }
}
