//! Cleaning of prose documents (PDF text extractions and scraped web pages) into paragraphs that
//! still point at their source lines, plus the sentence splitter and language guess shared by the
//! prose parsers.
//!
//! Every source line is classified (prose, bullet, blank, or dropped with a reason); labels and
//! captions around dropped rows of figures go with the table; the rest is assembled into
//! paragraphs, undoing hard wraps and end-of-line hyphenation (decided with the document's own
//! vocabulary: `organisatio-|ner` joins, `life science-|sektorn` keeps its hyphen, `hälso-|och`
//! stays an elided compound). Short lines that stop a block are headings, and sentences that a
//! PDF page interrupted with a side box are rejoined.

use crate::model::{Lang, Line};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A document reduced to paragraphs, with every line that was left out and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CleanText {
    pub paragraphs: Vec<Paragraph>,
    pub dropped: Vec<Dropped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub text: String,
    /// The first source line of the paragraph.
    pub line: Line,
    pub is_heading: bool,
    pub is_bullet: bool,
    /// Byte offset in `text` at which each contributing source line starts, so that a sentence
    /// can cite its own line rather than the paragraph's first one.
    #[serde(skip)]
    pub line_starts: Vec<(usize, Line)>,
}

impl Paragraph {
    /// The source line holding byte `offset` of `text`.
    pub fn line_at(&self, offset: usize) -> Line {
        self.line_starts
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map_or(self.line, |(_, line)| *line)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DropReason {
    /// Cookie consent text, in any language.
    CookieBanner,
    /// Web-page widgets: feedback prompts, "share", "print", read-aloud.
    SiteChrome,
    BareUrl,
    /// `4) En nationell strategi …`, `3) Ibid`, and `*`-notes under tables.
    FootnoteDefinition,
    /// Page numbers, running headers and footers with a page number, table-of-contents entries,
    /// and lines without a letter or digit.
    PageFurniture,
    /// Rows of figures and the labels and captions that belong to them.
    FigureTable,
}

impl DropReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CookieBanner => "cookieBanner",
            Self::SiteChrome => "siteChrome",
            Self::BareUrl => "bareUrl",
            Self::FootnoteDefinition => "footnoteDefinition",
            Self::PageFurniture => "pageFurniture",
            Self::FigureTable => "figureTable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    pub line: Line,
    pub reason: DropReason,
    pub text: String,
}

/// A regex compiled on first use; the patterns are literals, so compiling cannot fail.
macro_rules! regex {
    ($pattern:expr) => {
        LazyLock::new(|| Regex::new($pattern).expect("static regex is valid"))
    };
}

static URL_LINE: LazyLock<Regex> = regex!(r"(?i)^(?:https?://|www\.)\S+$");
static NUMBERED_NOTE: LazyLock<Regex> = regex!(r"^\d{1,3}\)\s+(?P<rest>\S.*)$");
/// An item of an enumerated list as PDF and Word exports write it: `1.`, `2)`, `a)`, `(b)`,
/// `iv.`, or the `o` and `*` that stand for bullet glyphs. Only after a line ending in `:`.
static ENUMERATED: LazyLock<Regex> =
    regex!(r"^(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,5})[.)]|[o*])\s+(?P<rest>\S.*)$");
static STAR_NOTE: LazyLock<Regex> = regex!(r"^\*{1,4}\s+\S");
static PAGE_NUMBER: LazyLock<Regex> =
    regex!(r"(?i)^(?:(?:sida|sid\.?|page|p\.)\s*)?\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?$");
static SITE_CHROME: LazyLock<Regex> = regex!(
    r"(?i)^(?:hjälp oss att förbättra|hjälpte (?:den här|denna) (?:informationen|sidan) dig|var (?:den här|denna) (?:sida|information) till hjälp|was this (?:page|information|article) helpful|help us improve|dela(?: sidan)?|skriv ut(?: sidan)?|lyssna|läs upp|share(?: this page)?|print(?: this page)?|listen|back to top|till toppen|read more|learn more|läs mer|skip to (?:main )?content|hoppa (?:direkt )?till (?:huvud)?innehåll(?:et)?|accept(?: all)?(?: cookies)?|decline|reject all|godkänn(?: alla)?(?: kakor)?|neka|endast nödvändiga(?: kakor)?|cookie settings|menu|meny|search|sök|(?:you are here|du är här)\b.*|(?:senast (?:uppdaterad|granskad)|last (?:updated|reviewed))\b.*)[\s!?.:]*$"
);
/// Bullet glyphs, including the private-use code points that Wingdings and Symbol bullets become
/// in PDF text extraction (``, ``).
static BULLET: LazyLock<Regex> =
    regex!(r"^(?:[•▪◦·‣●○■□◆◇❖➢➤►▶✓✔→\p{Co}]\s*|[-–—]\s+)(?P<rest>.*)$");
/// A table-of-contents entry or a running header or footer: text, then dot leaders or a wide gap,
/// then a page number (`3.1 Agri-food ...... 6`, `Regional strategy 2021–2027      12`). (Not a
/// page number first: `3    Priorities` is as likely a numbered heading.)
static PAGE_REFERENCE: LazyLock<Regex> = regex!(
    r"(?i)^(?:(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?\p{L}.*?(?:\s*(?:\.\s?){4,}|\s*…{2,}|\s{3,})\s*(?:(?:page|sida|sid\.?|p\.)\s*)?\d{1,4}(?:\s*(?:of|av|/)\s*\d{1,4})?)$"
);
/// A line that opens with a numbered label (`Priority 2:`, `Insatsområde 3 –`, `Area IV.`): after
/// a finished sentence it starts a paragraph of its own, also in hard-wrapped text.
static NUMBERED_LABEL: LazyLock<Regex> =
    regex!(r"^\p{Lu}\p{L}*(?:\s+\p{L}+){0,3}\s+(?:\d{1,2}|[IVX]{1,4})\s*[:.–-]\s");
static COLUMN_GAP: LazyLock<Regex> = regex!(r" {3,}");
static SOURCE_CAPTION: LazyLock<Regex> = regex!(r"(?i)^(?:källa|källor|source|sources)\s*:");
/// Glossary entries (`BIS - Biobank Sverige`): definitions, never headings.
pub(crate) static GLOSSARY_ENTRY: LazyLock<Regex> =
    regex!(r"^(?P<term>[\p{Lu}][\p{L}\d&]{1,11})\s+[-–]\s+(?P<full>[\p{Lu}\p{Ll}].*)$");
/// A footnote reference glued to the end of a word, quote or bracket (`rådet9`, `nation”1`,
/// `(RUA)7`, `.”8`): three lowercase letters or a closing mark, then one or two digits at a word
/// end. Digits after a capital or a digit (`H2020`, `3TR`, `covid-19`) are never touched.
static FOOTNOTE_REF: LazyLock<Regex> = regex!(
    r"(?P<pre>\p{Ll}{3}|[”’)])(?P<punct>[.,;:]?[”’]?)(?P<num>\d{1,2})(?P<post>[,.;:)]?(?:\s|$))"
);
/// A footnote number after a year and a full stop (`kronor 2020.4`).
static YEAR_FOOTNOTE: LazyLock<Regex> =
    regex!(r"(?P<year>\b(?:19|20)\d{2}\.)\d{1,2}(?P<post>\s|$)");
static BRACKET_REF: LazyLock<Regex> = regex!(r"\[\d{1,3}\]");

/// Words after which an end-of-line hyphen marks an elided compound (`hälso- och sjukvård`).
const ELISION_CONJUNCTIONS: &str = "och eller samt som respektive resp till and or nor to";

/// Whether `word` is one of the space-separated `words`.
pub(crate) fn among(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w == word)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Blank,
    Prose,
    Bullet,
    Drop(DropReason),
}

struct SrcLine {
    line: Line,
    /// Character-normalised but not collapsed, so table columns stay visible.
    raw: String,
    /// Collapsed, footnote markers and bullet marker removed.
    text: String,
    /// A leading space or form feed: a new page in the PDF extractions.
    page_start: bool,
    kind: Kind,
    /// A table row or table note: lines near it may be table labels.
    table_anchor: bool,
}

/// Cleans `text` into paragraphs. Never fails: anything that is not prose is dropped or kept as is.
pub fn clean(text: &str) -> CleanText {
    let mut lines = classify_lines(text);
    drop_table_context(&mut lines);
    let lexicon = Lexicon::new(&lines);
    assemble(lines, &lexicon)
}

fn normalise_chars(raw: &str) -> String {
    let filtered: String = raw
        .chars()
        .filter_map(|c| match c {
            '\u{00AD}' | '\u{FFFD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(' '),
            c if c.is_control() => Some(' '),
            c => Some(c),
        })
        .collect();
    match is_nfc_quick(filtered.chars()) {
        IsNormalized::Yes => filtered,
        _ => filtered.nfc().collect(),
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_footnote_refs(s: &str) -> String {
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return s.to_string();
    }
    let s = BRACKET_REF.replace_all(s, "");
    let s = YEAR_FOOTNOTE.replace_all(&s, "$year$post");
    FOOTNOTE_REF
        .replace_all(&s, "$pre$punct$post")
        .trim()
        .to_string()
}

fn is_figure(token: &str) -> bool {
    token == "x"
        || (token.chars().any(|c| c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || ",.%()*-–+/<>:".contains(c)))
}

fn is_table_row(raw: &str) -> bool {
    let trimmed = raw.trim();
    if trimmed.contains("   ") && COLUMN_GAP.find_iter(trimmed).count() >= 2 {
        return true;
    }
    let tokens: Vec<&str> = trimmed.split_whitespace().collect();
    let figures = tokens.iter().filter(|t| is_figure(t)).count();
    figures >= 3 && figures * 5 >= tokens.len() * 2
}

/// A row of menu entries, breadcrumbs or footer links: at least three short parts separated by
/// `|`, `>`, `›`, `»` or `/` (`Home › Strategy › Innovation areas`, `FI | SV | EN`).
fn is_link_row(trimmed: &str) -> bool {
    let Some(separator) = [" | ", " › ", " > ", " » ", " / "]
        .into_iter()
        .find(|s| trimmed.matches(s).count() >= 2)
    else {
        return false;
    };
    trimmed
        .split(separator)
        .all(|part| (1..=6).contains(&word_count(part)))
}

fn is_cookie_banner(lower: &str) -> bool {
    lower.contains("cookie") && lower.split_whitespace().count() <= 40
}

/// What one line is, and its text without the bullet marker.
/// `list_context`: the line follows a lead-in ending in `:` (or an item of its list); `star_refs`:
/// the document uses `*` as a reference mark.
fn classify(raw: &str, list_context: bool, star_refs: bool) -> (Kind, String) {
    let trimmed = raw.trim();
    let lower = trimmed.to_lowercase();
    let first = trimmed.chars().next().unwrap_or(' ');
    if trimmed.is_empty() {
        (Kind::Blank, String::new())
    } else if let Some(caps) = ENUMERATED.captures(trimmed).filter(|_| list_context) {
        (Kind::Bullet, caps["rest"].to_string())
    } else if is_cookie_banner(&lower) {
        (Kind::Drop(DropReason::CookieBanner), String::new())
    } else if trimmed.len() < 80 && SITE_CHROME.is_match(trimmed) || is_link_row(trimmed) {
        (Kind::Drop(DropReason::SiteChrome), String::new())
    } else if !trimmed.contains(' ') && URL_LINE.is_match(trimmed) {
        (Kind::Drop(DropReason::BareUrl), String::new())
    } else if let Some(caps) = NUMBERED_NOTE
        .captures(trimmed)
        .filter(|_| first.is_ascii_digit())
    {
        // `1) …` after a colon is an enumerated list, otherwise a footnote definition.
        if list_context {
            (Kind::Bullet, caps["rest"].to_string())
        } else {
            (Kind::Drop(DropReason::FootnoteDefinition), String::new())
        }
    } else if first == '*'
        && STAR_NOTE.is_match(trimmed)
        && (star_refs || trimmed.starts_with("**"))
    {
        (Kind::Drop(DropReason::FootnoteDefinition), String::new())
    } else if (trimmed.len() < 16 && PAGE_NUMBER.is_match(trimmed))
        || PAGE_REFERENCE.is_match(trimmed)
    {
        (Kind::Drop(DropReason::PageFurniture), String::new())
    } else if is_table_row(raw) {
        (Kind::Drop(DropReason::FigureTable), String::new())
    } else if let Some(caps) = BULLET
        .captures(trimmed)
        .filter(|_| !first.is_alphanumeric())
    {
        (Kind::Bullet, caps["rest"].to_string())
    } else if !trimmed.chars().any(char::is_alphanumeric) {
        (Kind::Drop(DropReason::PageFurniture), String::new())
    } else {
        (Kind::Prose, trimmed.to_string())
    }
}

fn classify_lines(text: &str) -> Vec<SrcLine> {
    // Old Mac files separate lines by CR alone.
    let separator = if !text.contains('\n') && text.contains('\r') {
        '\r'
    } else {
        '\n'
    };
    let raws: Vec<String> = text
        .split(separator)
        .map(|l| normalise_chars(l.strip_suffix('\r').unwrap_or(l)))
        .collect();
    // `*` notes under a table are footnotes only if `*` is also used as a reference mark.
    let star_refs = raws
        .iter()
        .any(|l| !l.trim_start().starts_with('*') && l.contains('*'));
    let mut lines = Vec::with_capacity(raws.len());
    let mut list_context = false;
    // The previous line was a list item or a wrapped continuation of one.
    let mut in_item = false;
    for (i, raw) in raws.into_iter().enumerate() {
        let trimmed = raw.trim();
        let (kind, body) = classify(&raw, list_context, star_refs);
        // Rows of figures and `*` notes under them: lines near them may be table labels.
        let table_anchor = kind == Kind::Drop(DropReason::FigureTable)
            || (kind == Kind::Drop(DropReason::FootnoteDefinition) && trimmed.starts_with('*'));
        // An item wrapped onto the next line (lowercase, or indented right under it) keeps the
        // list going.
        let wraps_item = in_item && (starts_lowercase(trimmed) || raw.starts_with([' ', '\t']));
        match kind {
            Kind::Prose => list_context = trimmed.ends_with(':') || (list_context && wraps_item),
            Kind::Bullet => {}
            Kind::Blank => {}
            // A list goes on over a page break (page number, running header or footer).
            Kind::Drop(DropReason::PageFurniture) => {}
            Kind::Drop(_) => list_context = false,
        }
        in_item = match kind {
            Kind::Bullet => true,
            Kind::Prose => in_item && wraps_item,
            Kind::Drop(DropReason::PageFurniture) => in_item,
            _ => false,
        };
        let text = match kind {
            Kind::Prose | Kind::Bullet => strip_footnote_refs(&collapse_whitespace(&body)),
            _ => String::new(),
        };
        let page_start = raw.starts_with([' ', '\t', '\u{0C}']) && !trimmed.is_empty();
        lines.push(SrcLine {
            line: Line(i + 1),
            raw,
            text,
            page_start,
            kind,
            table_anchor,
        });
    }
    lines
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A short line that reads like a table label rather than a sentence.
fn is_label(text: &str) -> bool {
    let words = word_count(text);
    (words <= 10 && (words == 1 || !text.ends_with('.'))) || SOURCE_CAPTION.is_match(text)
}

/// Drops the row labels, captions and notes that sit between rows of a dropped table.
fn drop_table_context(lines: &mut [SrcLine]) {
    let near_anchor = |lines: &[SrcLine], i: usize, forward: bool| -> bool {
        let mut seen = 0;
        let mut j = i;
        loop {
            if forward {
                j += 1;
                if j >= lines.len() {
                    return false;
                }
            } else {
                if j == 0 {
                    return false;
                }
                j -= 1;
            }
            if lines[j].kind == Kind::Blank {
                continue;
            }
            if lines[j].table_anchor {
                return true;
            }
            seen += 1;
            if seen >= 2 {
                return false;
            }
        }
    };
    let previous_non_blank = |lines: &[SrcLine], i: usize| -> Option<usize> {
        (0..i).rev().find(|&j| lines[j].kind != Kind::Blank)
    };
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..lines.len() {
            let text = &lines[i].text;
            if lines[i].kind != Kind::Prose || !near_anchor(lines, i, false) || !is_label(text) {
                continue;
            }
            // A label between table rows, a caption under them, or a cell wrapped onto a new line.
            let sandwiched = near_anchor(lines, i, true);
            let caption = SOURCE_CAPTION.is_match(text);
            let starts_lower = text.chars().next().is_some_and(char::is_lowercase);
            let continues_table = starts_lower
                && previous_non_blank(lines, i)
                    .is_some_and(|j| lines[j].kind == Kind::Drop(DropReason::FigureTable));
            if sandwiched || caption || continues_table {
                lines[i].kind = Kind::Drop(DropReason::FigureTable);
                lines[i].table_anchor = true;
                changed = true;
            }
        }
    }
}

/// The document's own vocabulary, used to decide how to undo an end-of-line hyphen.
struct Lexicon {
    words: BTreeSet<String>,
    /// First parts of in-line hyphen compounds (`science` from `science-sektorn`).
    hyphen_heads: HashSet<String>,
}

enum Join {
    /// `organisatio-` + `ner` → `organisationer`.
    RemoveHyphen,
    /// `life science-` + `sektorn` → `life science-sektorn`.
    KeepHyphen,
    /// `hälso-` + `och` → `hälso- och`; also a spaced dash.
    Space,
}

fn trim_word(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
}

impl Lexicon {
    fn new(lines: &[SrcLine]) -> Self {
        let mut words = BTreeSet::new();
        let mut hyphen_heads = HashSet::new();
        for l in lines
            .iter()
            .filter(|l| matches!(l.kind, Kind::Prose | Kind::Bullet))
        {
            let mut tokens: Vec<&str> = l.text.split_whitespace().collect();
            if tokens.last().is_some_and(|t| t.ends_with('-')) {
                tokens.pop();
            }
            for token in tokens {
                let word = trim_word(token).to_lowercase();
                if word.is_empty() || word.ends_with('-') {
                    continue;
                }
                let parts: Vec<&str> = word.split('-').collect();
                for part in &parts[..parts.len() - 1] {
                    hyphen_heads.insert(part.to_string());
                }
                for part in &parts {
                    words.insert(part.to_string());
                }
                words.insert(word);
            }
        }
        Self {
            words,
            hyphen_heads,
        }
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.words
            .range(prefix.to_string()..)
            .next()
            .is_some_and(|w| w.starts_with(prefix))
    }

    /// How `before` (ending in `-`) joins the next line `after`.
    fn join(&self, before: &str, after: &str) -> Join {
        let stem = &before[..before.len() - 1];
        let Some(last) = stem.chars().last() else {
            return Join::Space;
        };
        if last.is_whitespace() {
            return Join::Space;
        }
        let token = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
        let head = token.rsplit(['-', '/']).next().unwrap_or(token);
        let next = after
            .split_whitespace()
            .next()
            .map(trim_word)
            .unwrap_or_default();
        let Some(first) = next.chars().next() else {
            return Join::KeepHyphen;
        };
        // Acronyms and quoted words keep their hyphen (`SME-företag`, `”omics”-baserad`).
        if last.is_uppercase() || last.is_ascii_digit() || !last.is_alphanumeric() {
            return Join::KeepHyphen;
        }
        if first.is_uppercase() {
            return Join::KeepHyphen;
        }
        let next_lower = next.to_lowercase();
        if among(ELISION_CONJUNCTIONS, &next_lower) {
            return Join::Space;
        }
        let head = head.to_lowercase();
        if self.words.contains(&format!("{head}-{next_lower}")) {
            return Join::KeepHyphen;
        }
        let joined = format!("{head}{next_lower}");
        if self.words.contains(&joined) {
            return Join::RemoveHyphen;
        }
        let probe: String = head.chars().chain(next_lower.chars().take(3)).collect();
        if self.has_prefix(&probe) {
            return Join::RemoveHyphen;
        }
        if self.hyphen_heads.contains(&head) {
            return Join::KeepHyphen;
        }
        Join::RemoveHyphen
    }
}

/// The typical length of a hard-wrapped line, if the document is hard-wrapped at all.
///
/// Only lines that a sentence runs on from count (the next line starts in lowercase or the line
/// ends in a hyphen): a web page puts each block on a line of its own, and its menu entries and
/// headings over capitalised sentences would otherwise pass for a narrow wrap.
fn wrap_width(lines: &[SrcLine]) -> Option<usize> {
    let mut lengths: Vec<usize> = lines
        .windows(2)
        .filter(|w| w[0].kind == Kind::Prose && w[1].kind == Kind::Prose)
        .filter(|w| w[0].text.ends_with('-') || starts_lowercase(&w[1].text))
        .map(|w| w[0].text.chars().count())
        .collect();
    if lengths.len() < 8 {
        return None;
    }
    lengths.sort_unstable();
    Some(lengths[lengths.len() / 2])
}

const CLOSERS: &[char] = &['”', '"', '’', '\'', ')', ']', '»'];

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', ':', ';'])
}

/// Whether the first word is an ordinary lowercase word (`avseende`, not `eHealth`).
fn starts_lowercase(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && !w.chars().any(char::is_uppercase)
    })
}

struct Draft {
    paragraph: Paragraph,
    last_len: usize,
}

impl Draft {
    fn new(l: &SrcLine) -> Self {
        Self {
            paragraph: Paragraph {
                text: l.text.clone(),
                line: l.line,
                is_heading: false,
                is_bullet: l.kind == Kind::Bullet,
                line_starts: vec![(0, l.line)],
            },
            last_len: l.text.chars().count(),
        }
    }

    /// Whether line `l` continues this paragraph; `gap` means a blank or dropped line came between.
    fn continues_with(&self, l: &SrcLine, gap: bool, wrap: Option<usize>) -> bool {
        let text = &self.paragraph.text;
        if l.kind == Kind::Bullet || l.text.is_empty() {
            return false;
        }
        if text.is_empty() {
            // A bullet marker alone on its line.
            return true;
        }
        let hyphenated = text.ends_with('-');
        if gap {
            // A page or column break inside a sentence.
            return starts_lowercase(&l.text) && (hyphenated || !ends_sentence(text));
        }
        if hyphenated || text.ends_with(',') || starts_lowercase(&l.text) {
            return true;
        }
        let opens = l
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "”“\"'(„«".contains(c));
        if !opens {
            return true;
        }
        if ends_sentence(text) && NUMBERED_LABEL.is_match(&l.text) {
            return false;
        }
        // A line that stops well short of the wrap width ends its paragraph (or is a heading).
        let short = wrap.is_none_or(|w| self.last_len * 10 < w * 6);
        !(short || (l.page_start && ends_sentence(text)))
    }

    fn append(&mut self, l: &SrcLine, lexicon: &Lexicon) {
        join_text(&mut self.paragraph.text, &l.text, lexicon);
        let offset = self.paragraph.text.len() - l.text.len();
        self.paragraph.line_starts.push((offset, l.line));
        self.last_len = l.text.chars().count();
    }
}

/// Appends `next` to `text`, undoing an end-of-line hyphen.
fn join_text(text: &mut String, next: &str, lexicon: &Lexicon) {
    if text.ends_with('-') {
        match lexicon.join(text, next) {
            Join::RemoveHyphen => {
                text.pop();
            }
            Join::KeepHyphen => {}
            Join::Space => text.push(' '),
        }
    } else if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

fn looks_like_heading(text: &str) -> bool {
    let words = word_count(text);
    let first_word = text.split_whitespace().next().unwrap_or_default();
    let capitalised = first_word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase())
        || first_word.chars().any(char::is_uppercase);
    let last = text.trim_end_matches(CLOSERS).chars().last();
    (1..=14).contains(&words)
        && text.chars().count() <= 110
        && capitalised
        && !matches!(last, Some('.' | ',' | ';' | ':' | '-' | '–'))
        && !text.contains(". ")
}

fn assemble(lines: Vec<SrcLine>, lexicon: &Lexicon) -> CleanText {
    let wrap = wrap_width(&lines);
    let mut paragraphs = Vec::new();
    let mut dropped = Vec::new();
    let mut current: Option<Draft> = None;
    let mut gap = false;
    for l in &lines {
        match l.kind {
            Kind::Blank => gap = true,
            Kind::Drop(reason) => {
                dropped.push(Dropped {
                    line: l.line,
                    reason,
                    text: collapse_whitespace(&l.raw),
                });
                gap = true;
            }
            Kind::Prose | Kind::Bullet => {
                if l.text.is_empty() && l.kind == Kind::Prose {
                    continue;
                }
                match current.as_mut() {
                    Some(draft) if draft.continues_with(l, gap, wrap) => draft.append(l, lexicon),
                    _ => {
                        paragraphs.extend(current.take().map(|d| d.paragraph));
                        current = Some(Draft::new(l));
                    }
                }
                gap = false;
            }
        }
    }
    paragraphs.extend(current.map(|d| d.paragraph));
    paragraphs.retain(|p| !p.text.is_empty());
    mark_headings(&mut paragraphs);
    rejoin_interrupted(&mut paragraphs, lexicon);
    CleanText {
        paragraphs,
        dropped,
    }
}

fn mark_headings(paragraphs: &mut [Paragraph]) {
    let glossary: Vec<bool> = paragraphs
        .iter()
        .map(|p| !p.is_bullet && GLOSSARY_ENTRY.is_match(&p.text))
        .collect();
    for (i, p) in paragraphs.iter_mut().enumerate() {
        // A run of `ACR - Full name` lines is a glossary; a lone one is a title like
        // `EUniWell – The European University for Well-Being`.
        let in_glossary = glossary[i]
            && (i > 0 && glossary[i - 1] || glossary.get(i + 1).copied().unwrap_or(false));
        p.is_heading = !p.is_bullet && !in_glossary && looks_like_heading(&p.text);
    }
}

/// PDF layouts interleave a page's side boxes (a heading, a quote, footnotes) into the body text,
/// so a sentence can resume after them. A paragraph that starts in lowercase after a finished one
/// is joined to the nearest earlier body paragraph (skipping headings and pull quotes) if that one
/// is unfinished.
fn rejoin_interrupted(paragraphs: &mut Vec<Paragraph>, lexicon: &Lexicon) {
    let mut i = 1;
    while i < paragraphs.len() {
        let p = &paragraphs[i];
        if p.is_bullet || p.is_heading || !starts_lowercase(&p.text) {
            i += 1;
            continue;
        }
        let target = (i.saturating_sub(4)..i)
            .rev()
            .find(|&j| {
                let q = &paragraphs[j];
                !q.is_heading && !q.is_bullet && !q.text.starts_with(['”', '“', '"'])
            })
            .filter(|&j| j + 1 < i && !ends_sentence(&paragraphs[j].text));
        let Some(j) = target else {
            i += 1;
            continue;
        };
        let tail = paragraphs.remove(i);
        let head = &mut paragraphs[j];
        join_text(&mut head.text, &tail.text, lexicon);
        let base = head.text.len() - tail.text.len();
        head.line_starts
            .extend(tail.line_starts.iter().map(|(o, l)| (o + base, *l)));
    }
}

/// Tokens ending in a full stop that do not end a sentence (compared lowercased).
const ABBREVIATIONS: &str = "t.ex. s.k. bl.a. e.g. i.e. dr. mr. mrs. ms. prof. fig. nr. no. vol. \
    ca. resp. jfr. dvs. d.v.s. m.fl. st. inc. ltd. vs. approx. t.o.m. fr.o.m. p.g.a. pga. enl. \
    kap. sid. s. p. pp. jan. feb. aug. sept. okt. oct. nov. dec. art. cf. al. mm. ff.";

fn is_abbreviation(text: &str, dot: usize) -> bool {
    let start = text[..dot]
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |i| i + 1);
    let token = text[start..=dot].to_lowercase();
    if among(ABBREVIATIONS, &token) {
        return true;
    }
    // Initials: `J.`, `A.B.`
    let bare = &text[start..dot];
    !bare.is_empty()
        && bare
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Byte ranges of the sentences of `paragraph`, trimmed.
pub fn sentence_spans(paragraph: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len()
            && (matches!(chars[j].1, '.' | '!' | '?') || CLOSERS.contains(&chars[j].1))
        {
            j += 1;
        }
        let end = chars.get(j).map_or(paragraph.len(), |(p, _)| *p);
        let next_starts_sentence = match chars.get(j) {
            None => true,
            Some((_, w)) if w.is_whitespace() => chars[j..]
                .iter()
                .find(|(_, c)| !c.is_whitespace())
                .is_none_or(|(_, c)| {
                    c.is_uppercase() || c.is_ascii_digit() || "”“\"'(„«•–".contains(*c)
                }),
            Some(_) => false,
        };
        if next_starts_sentence && !(c == '.' && is_abbreviation(paragraph, pos)) {
            push_trimmed(paragraph, start..end, &mut spans);
            start = end;
        }
        i = j;
    }
    push_trimmed(paragraph, start..paragraph.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, range: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        spans.push(range.start + lead..range.end - trail);
    }
}

/// Splits a paragraph into sentences without breaking at `t.ex.`, `e.g.`, `Dr.`, initials or
/// decimals.
pub fn sentences(paragraph: &str) -> Vec<String> {
    sentence_spans(paragraph)
        .into_iter()
        .map(|r| paragraph[r].to_string())
        .collect()
}

const SWEDISH_WORDS: &str = "och att det som är för av med till den inom på har inte ska kan samt \
    från eller vi en ett de om vid även dessa detta genom mellan";
const ENGLISH_WORDS: &str = "the and of to is for that with are on as by we our this be it from \
    an or has have in which will their between through";

static FUNCTION_WORDS: LazyLock<HashMap<&'static str, Lang>> = LazyLock::new(|| {
    let sv = SWEDISH_WORDS.split_whitespace().map(|w| (w, Lang::Sv));
    let en = ENGLISH_WORDS.split_whitespace().map(|w| (w, Lang::En));
    sv.chain(en).collect()
});

/// Swedish or English, by counting each language's function words; English on a tie.
pub fn detect_language(text: &str) -> Lang {
    let lower = text.to_lowercase();
    let (mut sv, mut en) = (0usize, 0usize);
    for word in lower.split(|c: char| !c.is_alphabetic()) {
        match FUNCTION_WORDS.get(word) {
            Some(Lang::Sv) => sv += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
    }
    if sv > en { Lang::Sv } else { Lang::En }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const OREBRO: &str = include_str!("../../seeds/region-orebro-life-science-strategy.sv.txt");
    const SMALAND: &str =
        include_str!("../../seeds/smaland-blekinge-halland-health-innovation.txt");
    const STOCKHOLM: &str = include_str!("../../seeds/region-stockholm-research.txt");

    fn texts(clean: &CleanText) -> Vec<&str> {
        clean.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    fn find<'a>(clean: &'a CleanText, needle: &str) -> &'a Paragraph {
        clean
            .paragraphs
            .iter()
            .find(|p| p.text.contains(needle))
            .unwrap_or_else(|| panic!("no paragraph contains {needle:?}: {:#?}", texts(clean)))
    }

    #[test]
    fn joins_words_hyphenated_across_lines() {
        let clean = clean(
            "Aktörer som länets kommuner, patientorganisatio-\nner och myndigheter deltar i strate-\ngiska satsningar.\n",
        );
        assert_eq!(
            texts(&clean),
            [
                "Aktörer som länets kommuner, patientorganisationer och myndigheter deltar i strategiska satsningar."
            ]
        );
    }

    #[test]
    fn keeps_real_hyphens_and_elided_compounds() {
        let text = "Regionens life science-strategi gäller E-hälsa och hälso- och sjukvård.\n\n\
                    Arbetet med regionens life science- \nsektorn omfattar hälso- \noch sjukvård, \
                    forsknings- \nsom innovationsarbete och SME- \nföretag.\n";
        let clean = clean(text);
        assert_eq!(
            texts(&clean)[1],
            "Arbetet med regionens life science-sektorn omfattar hälso- och sjukvård, \
             forsknings- som innovationsarbete och SME-företag."
        );
        assert!(texts(&clean)[0].contains("E-hälsa och hälso- och sjukvård"));
    }

    #[test]
    fn uses_the_documents_own_words_to_undo_hyphens() {
        let clean = clean(OREBRO);
        for joined in [
            "patientorganisationer",
            "life science-sektorn",
            "utvecklingspotential",
            "internationell samverkan",
            "bredduniversiteten",
            "Norden som globalt ledande life science-hubb",
            "AI-tillämpningar",
            "Kliniska Studier Sverige",
            "digitaliserings- och AI-arbete",
            "natur- och teknikvetenskaper",
            "SME-företag",
            "”omics”-baserad",
        ] {
            find(&clean, joined);
        }
    }

    #[test]
    fn headings_are_their_own_paragraphs_even_when_wrapped() {
        let clean = clean(OREBRO);
        for heading in [
            "Förord",
            "Hälso- och sjukvård samt tandvård",
            "Partnerskap för regional och nationell kraftsamling",
            "Regionala förutsättningar och utvecklingslinjer",
            "Regional målbild 2030 - life science",
            "Kompetensförsörjning, talangattraktion och livslångt lärande",
            "Vad är ALF-avtalet?",
        ] {
            let p = find(&clean, heading);
            assert_eq!(p.text, heading);
            assert!(p.is_heading, "{heading}");
        }
        let p = find(&clean, "Partnerskap för regional");
        assert_eq!(p.line, Line(451));
        assert!(!find(&clean, "AI - Artificiell intelligens").is_heading);
        assert!(
            find(&clean, "Örebro universitet etablerades 1999")
                .text
                .starts_with("Örebro")
        );
    }

    #[test]
    fn rejoins_sentences_interrupted_by_side_boxes_and_page_breaks() {
        let clean = clean(OREBRO);
        let p = find(
            &clean,
            "Detsamma är gällande för tillgängliggörande av redan idag",
        );
        assert_eq!(p.line, Line(580));
        assert_eq!(p.line_at(p.text.find("Inera").unwrap_or(0)), Line(598));
        find(
            &clean,
            "Regionstyrelsen avser att öka sitt engagemang avseende regionala",
        );
        find(
            &clean,
            "Regionstyrelsen avser att ytterligare stärka den regionalt baserade registerbaserade forskningen och den akademisk tjänstestruktur som krävs för en sådan fortsatt",
        );
    }

    #[test]
    fn drops_cookie_banners_site_chrome_urls_and_footnotes() {
        let clean = clean(STOCKHOLM);
        let reasons: Vec<(usize, DropReason)> =
            clean.dropped.iter().map(|d| (d.line.0, d.reason)).collect();
        assert_eq!(
            reasons,
            [
                (1, DropReason::CookieBanner),
                (39, DropReason::CookieBanner),
                (41, DropReason::SiteChrome),
                (43, DropReason::SiteChrome)
            ]
        );
        assert!(texts(&clean).iter().all(|t| !t.contains("cookies")));

        let english = clean_text_of(
            "We use cookies to improve the site.\nAccept all cookies\n\nResearch is important here.\n",
        );
        assert_eq!(english, ["Research is important here."]);

        let clean = super::clean(OREBRO);
        let dropped = |reason| clean.dropped.iter().filter(|d| d.reason == reason).count();
        assert_eq!(dropped(DropReason::BareUrl), 7);
        assert!(
            clean
                .dropped
                .iter()
                .any(|d| d.reason == DropReason::FootnoteDefinition && d.text == "3) Ibid")
        );
        assert!(
            clean
                .dropped
                .iter()
                .any(|d| d.line == Line(1) && d.reason == DropReason::FootnoteDefinition)
        );
        assert!(
            texts(&clean)
                .iter()
                .all(|t| !t.contains("http") && !t.contains("Ibid"))
        );
    }

    fn clean_text_of(text: &str) -> Vec<String> {
        clean(text).paragraphs.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn strips_footnote_markers_but_not_real_numbers() {
        let text = "”Sverige ska vara en ledande life science-nation”1 är målet. Det gäller prover.”8 \
                    Regionen är Regionalt Utvecklingsansvarig (RUA)7 och följer Nationella \
                    vårdkompetensrådet9 samt datahantering12, liksom uppföljning.3 År 2020.4 kom \
                    covid-19, 3TR, H2020, 5G, 68 MSEK, 1,3 million och 2.4 million till 2030.";
        let cleaned = clean_text_of(text).join(" ");
        assert_eq!(
            cleaned,
            "”Sverige ska vara en ledande life science-nation” är målet. Det gäller prover.” \
             Regionen är Regionalt Utvecklingsansvarig (RUA) och följer Nationella \
             vårdkompetensrådet samt datahantering, liksom uppföljning. År 2020. kom \
             covid-19, 3TR, H2020, 5G, 68 MSEK, 1,3 million och 2.4 million till 2030."
        );
    }

    #[test]
    fn drops_tables_of_figures_with_their_labels() {
        let clean = clean(OREBRO);
        let table: Vec<usize> = clean
            .dropped
            .iter()
            .filter(|d| d.reason == DropReason::FigureTable)
            .map(|d| d.line.0)
            .collect();
        assert!(table.contains(&1230) && table.contains(&1286) && table.contains(&1298));
        assert!(table.iter().all(|l| (1229..=1300).contains(l)), "{table:?}");
        for gone in ["17807", "Regionbidrag", "Plats i rankingen", "x = inget"] {
            assert!(texts(&clean).iter().all(|t| !t.contains(gone)), "{gone}");
        }
        find(&clean, "Tabellen redovisar ett antal nyckeltal");
    }

    #[test]
    fn bullets_become_paragraphs() {
        let clean = clean(SMALAND);
        let bullets: Vec<&str> = clean
            .paragraphs
            .iter()
            .filter(|p| p.is_bullet)
            .map(|p| p.text.split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(bullets.len(), 6);
        assert_eq!(
            bullets[3..],
            [
                "Care closer to the citizen",
                "eHealth-clusters",
                "Data driven care and AI"
            ]
        );
        let listed = super::clean(
            "Our areas:\n• First area\ncontinued here\n- Second area\n– Third area\n•\nFourth area\n",
        );
        let listed: Vec<(&str, bool)> = listed
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.is_bullet))
            .collect();
        assert_eq!(
            listed,
            [
                ("Our areas:", false),
                ("First area continued here", true),
                ("Second area", true),
                ("Third area", true),
                ("Fourth area", true)
            ]
        );
        let numbered = clean_text_of(
            "Our priorities:\n\n1) Digital health\n2) Precision medicine\n\n3) Ibid\n",
        );
        assert_eq!(
            numbered,
            [
                "Our priorities:",
                "Digital health",
                "Precision medicine",
                "Ibid"
            ]
        );
        let footnotes = super::clean("Prose ends here.\n\n1) Ibid\n");
        assert_eq!(footnotes.dropped[0].reason, DropReason::FootnoteDefinition);
    }

    #[test]
    fn enumerated_items_after_a_colon_are_bullets_and_wrapped_items_stay_whole() {
        let clean = clean(
            "The priorities are:\n  1. Agri-food\n  2. Rymdteknik: testbäddar, satellit-\n     data och uppskjutningar\n\
             a) Sustainable manufacturing\niv. Quality of life\n o Skog och trä\n * Kreativa näringar\n\n\
             After the list.\n\n1. Introduction\n",
        );
        let bullets: Vec<(&str, bool)> = clean
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.is_bullet))
            .collect();
        assert_eq!(
            bullets,
            [
                ("The priorities are:", false),
                ("Agri-food", true),
                (
                    "Rymdteknik: testbäddar, satellitdata och uppskjutningar",
                    true
                ),
                ("Sustainable manufacturing", true),
                ("Quality of life", true),
                ("Skog och trä", true),
                ("Kreativa näringar", true),
                ("After the list.", false),
                ("1. Introduction", false),
            ]
        );
    }

    #[test]
    fn normalises_characters() {
        let cleaned =
            clean_text_of("Soft\u{AD}hyphen\u{A0}and  O\u{308}rebro\u{FFFD} län\u{200B}.");
        assert_eq!(cleaned, ["Softhyphen and Örebro län."]);
    }

    #[test]
    fn crlf_and_extra_blank_lines_do_not_change_paragraphs() {
        let crlf = STOCKHOLM
            .replace('\n', "\r\n")
            .replace("\r\n\r\n", "\r\n\r\n\r\n");
        assert_eq!(clean_text_of(&crlf), clean_text_of(STOCKHOLM));
    }

    #[test]
    fn splits_sentences_without_breaking_abbreviations_or_numbers() {
        assert_eq!(
            sentences(
                "Vi använder t.ex. data och s.k. register, bl.a. RWD. Det är viktigt! Eller?"
            ),
            [
                "Vi använder t.ex. data och s.k. register, bl.a. RWD.",
                "Det är viktigt!",
                "Eller?"
            ]
        );
        assert_eq!(
            sentences(
                "This is e.g. a test, i.e. a check. Dr. Smith and J. R. Jones agreed. It serves 1,3 million citizens and costs 2.4 million."
            ),
            [
                "This is e.g. a test, i.e. a check.",
                "Dr. Smith and J. R. Jones agreed.",
                "It serves 1,3 million citizens and costs 2.4 million."
            ]
        );
        assert_eq!(
            sentences("”Samverkan är viktig.” Regionen håller med."),
            ["”Samverkan är viktig.”", "Regionen håller med."]
        );
        assert!(sentences("  ").is_empty());
    }

    #[test]
    fn detects_the_language_of_each_seed() {
        assert_eq!(detect_language(OREBRO), Lang::Sv);
        assert_eq!(detect_language(SMALAND), Lang::En);
        assert_eq!(detect_language(STOCKHOLM), Lang::En);
        assert_eq!(detect_language(""), Lang::En);
    }

    /// Prefixes (`step` apart) of the short seeds, and of the long one both prefixes (a tenth as
    /// many) and 3 KB windows starting every `step` bytes, so that every cut point is tried.
    pub(crate) fn cuts(step: usize) -> Vec<&'static str> {
        let mut cuts = Vec::new();
        let mut push = |seed: &'static str, start: usize, end: usize| {
            let boundary = |mut i: usize| {
                i = i.min(seed.len());
                while !seed.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            cuts.push(&seed[boundary(start)..boundary(end)]);
        };
        for seed in [SMALAND, STOCKHOLM] {
            (0..=seed.len())
                .step_by(step)
                .for_each(|end| push(seed, 0, end));
        }
        (0..=OREBRO.len())
            .step_by(step * 10)
            .for_each(|end| push(OREBRO, 0, end));
        (0..OREBRO.len())
            .step_by(step)
            .for_each(|start| push(OREBRO, start, start + 3000));
        cuts
    }

    #[test]
    fn never_panics() {
        for cut in cuts(101) {
            let clean = clean(cut);
            for p in &clean.paragraphs {
                sentences(&p.text);
            }
        }
        for odd in [
            "",
            " ",
            "\n\n\n",
            "\r",
            "\r\r",
            "-",
            "•",
            "-\n-",
            "a-\n",
            "1)",
            "*",
            "\u{0}\u{1}\u{2}",
            "\u{FFFD}\u{AD}",
            "\t\u{0C}x",
            "…”.",
            "(((",
            "a.b.c.d.",
            "x-\n\n\ny",
            "  • \n",
            "...",
        ] {
            let clean = clean(odd);
            for p in &clean.paragraphs {
                sentences(&p.text);
                p.line_at(p.text.len());
            }
            detect_language(odd);
        }
        let binaryish: String = (0u8..=255).map(char::from).cycle().take(5000).collect();
        clean(&binaryish);
    }

    #[test]
    fn contents_running_headers_menus_and_breadcrumbs_are_page_furniture_or_chrome() {
        let text = "Home | Strategy | Funding | Contact\n\
            You are here: Home › Strategy › Areas\n\
            Start / Regional utveckling / Innovation\n\
            Read more\n\
            1. Introduction .................... 3\n\
            Priority area 2: Furniture                    11\n\
            Regional Strategy 2021-2027                         7\n\
            S4 Navarra 2021-2027            page 7\n\
            The strategy has three areas.\n";
        let clean = clean(text);
        let kept: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(kept, ["The strategy has three areas."]);
        let reasons: Vec<DropReason> = clean.dropped.iter().map(|d| d.reason).collect();
        assert_eq!(
            reasons,
            [
                DropReason::SiteChrome,
                DropReason::SiteChrome,
                DropReason::SiteChrome,
                DropReason::SiteChrome,
                DropReason::PageFurniture,
                DropReason::PageFurniture,
                DropReason::PageFurniture,
                DropReason::PageFurniture
            ]
        );
    }

    #[test]
    fn a_web_page_is_not_taken_for_hard_wrapped_text() {
        // Menu entries and headings over capitalised sentences, each on a line of its own.
        let text = "Home\nAbout us\nServices\nStrategy\nPress\nNews\nContact\nJobs\nEvents\n\n\
            Innovation areas\n\n\
            Efficient production\nMachine builders work on flexible production.\n\n\
            Connected mobility\nSuppliers develop drive systems.\n\n\
            Priority 1: Mobility, with the ports.\nPriority 2: Aerospace.\n";
        let clean = clean(text);
        let kept: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
        for line in [
            "Efficient production",
            "Machine builders work on flexible production.",
            "Connected mobility",
            "Priority 1: Mobility, with the ports.",
            "Priority 2: Aerospace.",
        ] {
            assert!(kept.contains(&line), "{line:?} in {kept:#?}");
        }
    }
}
