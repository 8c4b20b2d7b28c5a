//! Classification of source lines: prose, bullet, blank, or dropped with a reason (cookie banners,
//! menus, page furniture, footnotes, tables and the labels around them).

use super::DropReason;
use super::columns::read_columns;
use super::paragraphs::starts_lowercase;
use super::tables::{Rebuilt, find_tables};
use crate::model::Line;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

pub(super) static URL_LINE: LazyLock<Regex> = regex!(r"(?i)^(?:https?://|www\.)\S+$");
pub(super) static NUMBERED_NOTE: LazyLock<Regex> = regex!(r"^\d{1,3}\)\s+(?P<rest>\S.*)$");
/// An item of an enumerated list as PDF and Word exports write it: `1.`, `2)`, `a)`, `(b)`,
/// `iv.`, `A.`, `IV)`, or the `o` and `*` that stand for bullet glyphs. Only after a line ending
/// in `:`.
pub(super) static ENUMERATED: LazyLock<Regex> =
    regex!(r"^(?:\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,5}|[IVX]{1,5})[.)]|[o*])\s+(?P<rest>\S.*)$");
/// A sub-item numbered under its item, as outlines number them: `A.1` under `A.`, `2.3` under `2.`.
static OUTLINE_ITEM: LazyLock<Regex> =
    regex!(r"^(?P<parent>\d{1,2}|[A-Z])\.\d{1,2}\.?\s+(?P<rest>\p{L}.*)$");
/// The number or capital letter of an enumerated item (`A.`, `(3)`), which its sub-items repeat.
static ITEM_NUMBER: LazyLock<Regex> = regex!(r"^\(?(?P<n>\d{1,2}|[A-Z])[.)]\s");
pub(super) static STAR_NOTE: LazyLock<Regex> = regex!(r"^\*{1,4}\s+\S");
/// `12`, `Page 3 of 20`, `- 24 -`.
pub(super) static PAGE_NUMBER: LazyLock<Regex> = regex!(
    r"(?i)^(?:[-–—]\s*)?(?:(?:sida|sid\.?|page|p\.)\s*)?\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?(?:\s*[-–—])?$"
);
/// Web-page widgets, consent buttons in the languages of Europe's regions (`Alle akzeptieren`,
/// `Only necessary`, `Hantera kakor`), skip links and link cues (`Läs mer om skog och trä`).
pub(super) static SITE_CHROME: LazyLock<Regex> = regex!(
    r"(?i)^(?:hjälp oss att förbättra|hjälpte (?:den här|denna) (?:informationen|sidan) dig|var (?:den här|denna) (?:sida|information) till hjälp|was this (?:page|information|article) helpful|help us improve|dela(?: sidan)?|skriv ut(?: sidan)?|lyssna|läs upp|share(?: this page)?|print(?: this page)?|listen|back to top|till toppen|(?:read|learn) more(?: about\b.*)?|läs mer(?: om\b.*)?|mehr erfahren|weiterlesen|skip to (?:main )?content|hoppa (?:direkt )?till (?:huvud)?innehåll(?:et)?|accept(?: all)?(?: cookies)?|decline|reject all|godkänn(?: alla)?(?: kakor)?|neka|endast nödvändiga(?: kakor)?|cookie settings|menu|meny|search|sök|ok(?: to all)?|(?:only|strictly) necessary(?: cookies)?|necessary(?: cookies)? only|allow(?: all| selection)?(?: cookies)?|deny|refuse(?: all)?|reject|manage (?:preferences|cookies|consent|settings)|(?:privacy |cookie )?preferences|settings|customi[sz]e|save (?:preferences|settings|choices)|accept (?:necessary|selected)(?: cookies)?|(?:alle )?akzeptieren|(?:alle )?ablehnen|nur notwendige(?: cookies)?|(?:cookie-)?einstellungen|(?:zum inhalt springen|direkt zum inhalt)|tout accepter|accepter(?: et fermer)?|tout refuser|refuser|continuer sans accepter|personnaliser|paramètres|(?:aller|passer) au contenu|aceptar(?: todas?)?|rechazar(?: todas?)?|configurar|accetta(?: tutti)?|rifiuta(?: tutti)?|(?:ja,? )?(?:alles )?accepteren|weigeren|instellingen|hyväksy(?: kaikki)?|hylkää|asetukset|zaakceptuj(?: wszystkie)?|odrzuć|ustawienia|acceptera(?: alla)?(?: kakor)?|hantera kakor|anpassa(?: inställningar)?|inställningar|gå (?:direkt )?till (?:huvud)?innehåll(?:et)?|(?:show|hide|visa|dölj) detaljer|(?:show|hide) details|home|hem|startsida|startseite|accueil|inicio|etusivu|strona główna|jag förstår|i understand|got it|understood|ich verstehe|j'ai compris|[a-z]{2}(?:\s*[|/]\s*[a-z]{2})+|(?:you are here|du är här)\b.*|(?:senast (?:uppdaterad|granskad)|last (?:updated|reviewed))\b.*)[\s!?.:]*$"
);
/// Bullet glyphs, including the private-use code points that Wingdings and Symbol bullets become
/// in PDF text extraction (``, ``), and the angle quotes that web pages set before list items
/// (`› Mobility – …`; a space after them, as a quotation opening `»So …` has none).
pub(super) static BULLET: LazyLock<Regex> =
    regex!(r"^(?:[•▪◦·‣●○■□◆◇❖➢➤►▶✓✔→\p{Co}]\s*|[›»]\s+|[-–—]\s+)(?P<rest>.*)$");
/// A table-of-contents entry or a running header or footer: text, then dot leaders or a wide gap,
/// then a page number (`3.1 Agri-food ...... 6`, `Regional strategy 2021–2027      12`). (Not a
/// page number first: `3    Priorities` is as likely a numbered heading.)
pub(super) static PAGE_REFERENCE: LazyLock<Regex> = regex!(
    r"(?i)^(?:(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?\p{L}.*?(?:\s*(?:\.\s?){4,}|\s*…{2,}|\s{3,})\s*(?:(?:page|sida|sid\.?|p\.)\s*)?\d{1,4}(?:\s*(?:of|av|/)\s*\d{1,4})?)$"
);
/// The dot leaders of a table-of-contents entry running to its page number (`…… 10`).
pub(super) static TOC_LEADERS: LazyLock<Regex> = regex!(r"(?:(?:\.\s?){4,}|…{2,})\s*\d{1,4}$");
/// A line that opens with a numbered label (`Priority 2:`, `Insatsområde 3 –`, `Area IV.`): after
/// a finished sentence it starts a paragraph of its own, also in hard-wrapped text.
pub(super) static NUMBERED_LABEL: LazyLock<Regex> =
    regex!(r"^\p{Lu}\p{L}*(?:\s+\p{L}+){0,3}\s+(?:\d{1,2}|[IVX]{1,4})\s*[:.–-]\s");
pub(super) static COLUMN_GAP: LazyLock<Regex> = regex!(r" {3,}");
pub(super) static SOURCE_CAPTION: LazyLock<Regex> =
    regex!(r"(?i)^(?:källa|källor|source|sources)\s*:");
/// Glossary entries (`BIS - Biobank Sverige`): definitions, never headings.
pub(crate) static GLOSSARY_ENTRY: LazyLock<Regex> =
    regex!(r"^(?P<term>[\p{Lu}][\p{L}\d&]{1,11})\s+[-–]\s+(?P<full>[\p{Lu}\p{Ll}].*)$");
/// A footnote reference glued to the end of a word, quote or bracket (`rådet9`, `nation”1`,
/// `(RUA)7`, `.”8`): three lowercase letters or a closing mark, then one or two digits at a word
/// end. Digits after a capital or a digit (`H2020`, `3TR`, `covid-19`) are never touched.
pub(super) static FOOTNOTE_REF: LazyLock<Regex> = regex!(
    r"(?P<pre>\p{Ll}{3}|[”’)])(?P<punct>[.,;:]?[”’]?)(?P<num>\d{1,2})(?P<post>[,.;:)]?(?:\s|$))"
);
/// A footnote number after a year and a full stop (`kronor 2020.4`).
pub(super) static YEAR_FOOTNOTE: LazyLock<Regex> =
    regex!(r"(?P<year>\b(?:19|20)\d{2}\.)\d{1,2}(?P<post>\s|$)");
pub(super) static BRACKET_REF: LazyLock<Regex> = regex!(r"\[\d{1,3}\]");

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Blank,
    Prose,
    Bullet,
    Drop(DropReason),
}

pub(super) struct SrcLine {
    pub(super) line: Line,
    /// Character-normalised but not collapsed, so table columns stay visible.
    pub(super) raw: String,
    /// Collapsed, footnote markers and bullet marker removed.
    pub(super) text: String,
    /// A leading space or form feed: a new page in the PDF extractions.
    pub(super) page_start: bool,
    pub(super) kind: Kind,
    /// A table row or table note: lines near it may be table labels.
    pub(super) table_anchor: bool,
    /// An item of a list nested under an item of the list around it.
    pub(super) nested: bool,
}

/// The kind of marker a list item has: items with the same kind and indentation are siblings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Glyph(char),
    Dash,
    Number,
    /// `a)`, `(b)`, `iv.`: letters and roman numerals are one kind, as `i.` is either.
    Letter,
    /// `A.`, `IV)`: capitals, a level above the lowercase letters they often hold.
    Capital,
    /// `A.1`, `2.3`: the number of a sub-item under its item.
    Outline,
}

impl Marker {
    fn of(item: &str) -> Option<Self> {
        if OUTLINE_ITEM.is_match(item) {
            return Some(Self::Outline);
        }
        let first = item.trim_start_matches('(').chars().next()?;
        Some(match first {
            '-' | '–' | '—' => Self::Dash,
            c if c.is_ascii_digit() => Self::Number,
            // `o` alone is Word's second-level bullet glyph; `o.` or `o)` would be a letter.
            'o' if item.chars().nth(1).is_some_and(char::is_whitespace) => Self::Glyph('o'),
            c if c.is_ascii_lowercase() => Self::Letter,
            c if c.is_ascii_uppercase() => Self::Capital,
            c => Self::Glyph(c),
        })
    }
}

/// The first item of the list being read: its indentation and marker. A later item indented
/// deeper, or with another kind of marker at no less indentation (`a)` under `1.`, `◦` under `•`,
/// Word's `o` under `•`; a PDF's text keeps the glyph but not the indentation), is nested under
/// the item before it.
#[derive(Clone, Copy)]
struct ListTop {
    indent: usize,
    marker: Marker,
}

impl ListTop {
    fn nests(&self, indent: usize, marker: Marker) -> bool {
        indent >= self.indent + 2 || (indent >= self.indent && marker != self.marker)
    }
}

/// The width of a line's leading whitespace, a tab counted as four spaces.
fn indentation(raw: &str) -> usize {
    raw.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

pub(super) fn normalise_chars(raw: &str) -> String {
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

pub(super) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn strip_footnote_refs(s: &str) -> String {
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

pub(super) fn is_figure(token: &str) -> bool {
    token == "x"
        || (token.chars().any(|c| c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || ",.%()*-–+/<>:".contains(c)))
}

pub(super) fn is_table_row(raw: &str) -> bool {
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
pub(super) fn is_link_row(trimmed: &str) -> bool {
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

/// The words for cookies in languages that do not borrow the English one. Some also mean cakes
/// or biscuits, so they count only beside a word of consent or of the web site.
static COOKIE_WORD: LazyLock<Regex> =
    regex!(r"(?i)\b(?:kakor(?:na)?|eväste\w*|ciasteczk\w*|küpsis\w*|sīkdatn\w*|slapuk\w*)\b");
static CONSENT_CUE: LazyLock<Regex> = regex!(
    r"(?i)\b(?:webbplats\w*|sajt\w*|använd\w*|godkänn\w*|acceptera\w*|samtyck\w*|inställning\w*|nödvändiga|sivusto\w*|käytämme|hyväksy\w*|strona|używa\w*|akceptuj\w*|zgod\w*|veebileh\w*|nõustu\w*|vietne\w*|piekrīt\w*|svetain\w*|sutinku)\b"
);

pub(super) fn is_cookie_banner(lower: &str) -> bool {
    lower.split_whitespace().count() <= 40
        && (lower.contains("cookie") || COOKIE_WORD.is_match(lower) && CONSENT_CUE.is_match(lower))
}

/// What one line is, and its text without the bullet marker.
/// `list_context`: the line follows a lead-in ending in `:` (or an item of its list); `star_refs`:
/// the document uses `*` as a reference mark.
pub(super) fn classify(raw: &str, list_context: bool, star_refs: bool) -> (Kind, String) {
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

/// Each line of `text` with its kind: pages in two columns are put in reading order, then
/// tables, running headers and footnote marks are found over all lines, then one pass classifies each line in its list context.
// Long because that pass carries the list context (inside a list, inside an item, the list's
// first marker) from line to line; split, each piece would take all of it.
pub(super) fn classify_lines(text: &str) -> Vec<SrcLine> {
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
    let (numbers, raws): (Vec<usize>, Vec<String>) = read_columns(raws).into_iter().unzip();
    // `*` notes under a table are footnotes only if `*` is also used as a reference mark.
    let star_refs = raws
        .iter()
        .any(|l| !l.trim_start().starts_with('*') && l.contains('*'));
    // Tables of words: each row rebuilt on its first line, its other lines left blank.
    let mut rebuilt: Vec<Option<Option<Rebuilt>>> = vec![None; raws.len()];
    for table in find_tables(&raws) {
        for (i, line) in table.lines.into_iter().enumerate() {
            rebuilt[table.first + i] = Some(line);
        }
    }
    let running = running_lines(&raws);
    let mut lines = Vec::with_capacity(raws.len());
    let mut list_context = false;
    // The previous line was a list item or a wrapped continuation of one.
    let mut in_item = false;
    let mut list_top: Option<ListTop> = None;
    // The number or letter of the list's current item (`A` of `A. Energy`), and whether the
    // previous line was blank.
    let mut item_number: Option<String> = None;
    let mut after_blank = false;
    for (i, raw) in raws.into_iter().enumerate() {
        let trimmed = raw.trim();
        let rebuilt_row = rebuilt[i].take();
        // `A.1 Hydrogen production` right under `A. Energy transition` (no blank line between)
        // is a part of that item, not a numbered heading.
        let sub_item = OUTLINE_ITEM.captures(trimmed).filter(|c| {
            list_context && in_item && !after_blank && item_number.as_deref() == Some(&c["parent"])
        });
        let (kind, body) = match &rebuilt_row {
            Some(Some(Rebuilt::Row(row))) => (Kind::Bullet, row.clone()),
            Some(Some(Rebuilt::Header(header))) => (Kind::Prose, header.clone()),
            Some(Some(Rebuilt::Group(_))) => (Kind::Drop(DropReason::TableGroup), String::new()),
            Some(None) => (Kind::Blank, String::new()),
            None if running.contains(&furniture_key(trimmed)) => {
                (Kind::Drop(DropReason::PageFurniture), String::new())
            }
            None if sub_item.is_some() => (
                Kind::Bullet,
                sub_item.as_ref().map_or("", |c| &c["rest"]).to_string(),
            ),
            None => classify(&raw, list_context, star_refs),
        };
        // Rows of figures and `*` notes under them: lines near them may be table labels.
        let table_anchor = kind == Kind::Drop(DropReason::FigureTable)
            || (kind == Kind::Drop(DropReason::FootnoteDefinition) && trimmed.starts_with('*'));
        // An item wrapped onto the next line (lowercase, or indented right under it) keeps the
        // list going.
        let wraps_item = in_item && (starts_lowercase(trimmed) || raw.starts_with([' ', '\t']));
        let marked = rebuilt_row.is_none() && kind == Kind::Bullet;
        let nested = match (marked, Marker::of(trimmed)) {
            (true, Some(marker)) => {
                let indent = indentation(&raw);
                let top = list_top.filter(|t| t.nests(indent, marker));
                if top.is_none() {
                    list_top = Some(ListTop { indent, marker });
                    item_number = ITEM_NUMBER.captures(trimmed).map(|c| c["n"].to_string());
                }
                top.is_some()
            }
            _ => {
                // Blank lines, page furniture and an item's wrapped lines do not end its list.
                let keeps = matches!(kind, Kind::Blank | Kind::Drop(DropReason::PageFurniture))
                    || (kind == Kind::Prose && wraps_item);
                if !keeps {
                    list_top = None;
                    item_number = None;
                }
                false
            }
        };
        after_blank = kind == Kind::Blank;
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
            // An item that runs over a page break goes on after the footer, the header and the
            // blank lines around them.
            Kind::Blank | Kind::Drop(DropReason::PageFurniture) => in_item,
            _ => false,
        };
        let text = match kind {
            Kind::Prose | Kind::Bullet => strip_footnote_refs(&collapse_whitespace(&body)),
            _ => String::new(),
        };
        let page_start = raw.starts_with([' ', '\t', '\u{0C}']) && !trimmed.is_empty();
        lines.push(SrcLine {
            line: Line(numbers[i]),
            raw,
            text,
            page_start,
            kind,
            table_anchor,
            nested,
        });
    }
    siblings_with_another_glyph(&mut lines);
    lines
}

/// A line as a running header or footer is compared: digits (page numbers, years) left out,
/// whitespace collapsed, case folded.
fn furniture_key(trimmed: &str) -> String {
    let letters: String = trimmed.chars().filter(|c| !c.is_ascii_digit()).collect();
    collapse_whitespace(&letters).to_lowercase()
}

/// Running headers and footers of a PDF's text without its pages: a line of two blocks of words
/// set apart by a wide gap (the document's name on the left, the chapter or body on the right),
/// found twice or more. The PDF reader drops them by page; a text someone extracted keeps them
/// between the lines of a list or a sentence that runs over the page break.
fn running_lines(raws: &[String]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for raw in raws {
        let trimmed = raw.trim();
        let blocks: Vec<&str> = COLUMN_GAP.split(trimmed).collect();
        if blocks.len() == 2
            && blocks
                .iter()
                .all(|b| b.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        {
            *counts.entry(furniture_key(trimmed)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(key, _)| key)
        .collect()
}

/// Undoes the nesting of a lone item whose bullet differs from those of the items around it but
/// that reads as their sibling: capitalised as they are, at their indentation, between two of them
/// (`• Agri-food` / `- Textiles` / `• ICT`). Authors who paste a list together mix glyphs; a part
/// of an item comes in a run of parts, often in lowercase or with a hollow glyph (`◦ fish health`),
/// and a single part under an item that does not end in `:` is not how lists are nested.
fn siblings_with_another_glyph(lines: &mut [SrcLine]) {
    let items: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == Kind::Bullet && Marker::of(lines[i].raw.trim()).is_some())
        .collect();
    let glyph = |l: &SrcLine| {
        matches!(
            Marker::of(l.raw.trim()),
            Some(Marker::Dash | Marker::Glyph(_))
        ) && !l.raw.trim_start().starts_with(['o', '◦', '○', '▫'])
    };
    let capitalised = |l: &SrcLine| l.text.chars().next().is_some_and(char::is_uppercase);
    for k in 1..items.len().saturating_sub(1) {
        let (parent, item, next) = (&lines[items[k - 1]], &lines[items[k]], &lines[items[k + 1]]);
        let lone = item.nested && !parent.nested && !next.nested;
        let same_indent = indentation(&item.raw) == indentation(&parent.raw)
            && indentation(&next.raw) == indentation(&parent.raw);
        // Only blank lines, page furniture and wrapped lines of an item between the three.
        let one_list = (items[k - 1] + 1..items[k + 1]).all(|j| {
            let l = &lines[j];
            matches!(
                l.kind,
                Kind::Blank | Kind::Bullet | Kind::Drop(DropReason::PageFurniture)
            ) || (l.kind == Kind::Prose
                && (starts_lowercase(&l.text) || l.raw.starts_with([' ', '\t'])))
        });
        if lone
            && same_indent
            && one_list
            && glyph(parent)
            && glyph(item)
            && capitalised(parent)
            && capitalised(item)
            && !parent.text.ends_with(':')
        {
            lines[items[k]].nested = false;
        }
    }
}

pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A short line that reads like a table label rather than a sentence.
pub(super) fn is_label(text: &str) -> bool {
    let words = word_count(text);
    (words <= 10 && (words == 1 || !text.ends_with('.'))) || SOURCE_CAPTION.is_match(text)
}

/// Drops the row labels, captions and notes that sit between rows of a dropped table.
pub(super) fn drop_table_context(lines: &mut [SrcLine]) {
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
