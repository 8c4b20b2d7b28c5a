//! Web pages → the text of their content, laid out as the prose parsers expect: one line per
//! paragraph, heading or list item (`• ` before items), a blank line between blocks.
//!
//! A regional website wraps a strategy in chrome that is not the strategy: navigation, search,
//! breadcrumbs, cookie-consent dialogs, related links, feedback prompts, footers, scripts and
//! styles. The page's `<main>` (or `role="main"`, or its only `<article>`) is taken when it has
//! one; inside it and otherwise, elements that are chrome by their tag (`nav`, `aside`, `footer`,
//! `form`, `script`, …), by their ARIA role, by the words of their `class`, `id` or `aria-label`
//! (`cookie`, `consent`, `breadcrumb`, `skip`, `share`, …), or by their text (a short block saying
//! "We use cookies" or "Vi använder kakor") are left out, as are hidden elements.
//!
//! Pages are decoded as browsers decode them (`decode`): a byte order mark, else UTF-8 when the
//! bytes are UTF-8, else the charset of the `<meta>` (windows-1252 and ISO-8859-1 on older Swedish
//! and British sites), else windows-1252. Soft hyphens (`&shy;`, which editors put in long
//! compounds) and zero-width spaces are not text.

use crate::model::Lang;
use encoding_rs::{Encoding, WINDOWS_1252};
use regex::bytes::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

/// The content of a page and the language it declares (`<html lang>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub language: Option<Lang>,
}

/// Whether `head` (the first bytes of a file) is an HTML document rather than XML or text.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]);
    let lower = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with("<!--") && lower.contains("<html"))
}

/// The charset a page declares in a `<meta>` among its first 1024 bytes (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`), as browsers prescan it.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#)
        .expect("static regex is valid")
});

/// A web page's bytes as text, or `None` when they are not a web page (not named `.html` and not
/// starting like one once decoded, or holding NUL bytes without a UTF-16 byte order mark).
///
/// Bytes that are valid UTF-8 are read as UTF-8 whatever the `<meta>` says: text in a legacy
/// charset is almost never valid UTF-8, and sites that moved to UTF-8 often kept the old `<meta>`.
pub fn decode(bytes: &[u8], named_html: bool) -> Option<String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (named_html || looks_like_html(text.as_bytes())).then(|| text.into_owned());
    }
    if !(named_html || looks_like_html(bytes)) || bytes.contains(&0) {
        return None;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let head = &bytes[..bytes.len().min(1024)];
    let declared = META_CHARSET
        .captures(head)
        .and_then(|c| Encoding::for_label(&c[1]))
        // A `<meta>` cannot declare UTF-16 (its own bytes would not be ASCII): browsers read UTF-8.
        .map(Encoding::output_encoding);
    let encoding = declared.unwrap_or(WINDOWS_1252);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Some(text.into_owned())
}

/// Whether a file is a page saved as a single file ("Web page, single file", `.mhtml`): a MIME
/// message of related parts, as Chromium, Edge and Word write it.
pub fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    (head.starts_with("from:") || head.starts_with("mime-version:"))
        && head.contains("multipart/related")
}

/// The MIME boundary of a message's parts.
static BOUNDARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)boundary\s*=\s*"?([^";\r\n]+)"?"#).expect("static regex is valid")
});

/// The page of a single-file save: its first `text/html` part, undone from quoted-printable and
/// decoded by the charset its part header declares (else as `decode` reads a page).
pub fn unpack_mhtml(bytes: &[u8]) -> Option<String> {
    let boundary = BOUNDARY.captures(bytes)?.get(1)?.as_bytes();
    let delimiter = [b"--".as_slice(), boundary].concat();
    let mut parts = bytes
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter.as_slice())
        .map(|(i, _)| i + delimiter.len())
        .peekable();
    while let Some(start) = parts.next() {
        let end = parts
            .peek()
            .map_or(bytes.len(), |&next| next - delimiter.len());
        let part = &bytes[start..end.max(start)];
        let split = part
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| part.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
        let Some((at, gap)) = split else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..at]).to_ascii_lowercase();
        if !headers.contains("content-type: text/html") {
            continue;
        }
        let body = &part[at + gap..];
        let body = if headers.contains("quoted-printable") {
            unquote(body)
        } else {
            body.to_vec()
        };
        let declared = headers
            .split("charset=")
            .nth(1)
            .map(|rest| rest.trim_start_matches('"'))
            .and_then(|rest| {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.:".contains(c)))
                    .unwrap_or(rest.len());
                Encoding::for_label(&rest.as_bytes()[..end])
            });
        return match declared {
            Some(encoding) => Some(encoding.decode_without_bom_handling(&body).0.into_owned()),
            None => decode(&body, true),
        };
    }
    None
}

/// Quoted-printable undone: `=` and two hex digits is a byte, `=` at a line end joins the lines.
fn unquote(body: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'=' {
            if body[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if body[i + 1..].starts_with(b"\n") {
                i += 2;
                continue;
            }
            if let (Some(&a), Some(&b)) = (body.get(i + 1), body.get(i + 2))
                && let (Some(high), Some(low)) = (hex(a), hex(b))
            {
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

/// The text of a page's content.
pub fn extract(html: &str) -> Page {
    let document = Html::parse_document(html);
    let root = content_root(&document);
    let mut out = Writer::default();
    walk(root, &mut out, false);
    out.end_block();
    Page {
        text: out.lines.join("\n"),
        language: declared_language(&document),
    }
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("static selector is valid");
    document.select(&selector).collect()
}

/// `<main>`, `[role=main]`, the only `<article>`, or the body.
fn content_root(document: &Html) -> ElementRef<'_> {
    for selector in ["main", "[role=main]"] {
        if let Some(main) = select(document, selector)
            .into_iter()
            .find(|e| !is_hidden(e))
        {
            return main;
        }
    }
    let articles = select(document, "article");
    if let [article] = articles.as_slice() {
        return *article;
    }
    select(document, "body")
        .into_iter()
        .next()
        .unwrap_or_else(|| document.root_element())
}

fn declared_language(document: &Html) -> Option<Lang> {
    let tag = document.root_element().value().attr("lang").or_else(|| {
        select(document, "meta[http-equiv]")
            .into_iter()
            .find(|m| {
                m.value()
                    .attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-language"))
            })
            .and_then(|m| m.value().attr("content"))
    })?;
    // `sv-SE`, `en_GB`: the primary subtag is the language.
    Lang::from_tag(tag.split(['-', '_']).next().unwrap_or(tag))
}

/// Tags whose content is never page text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "aside", "footer", "form", "button",
    "select", "input", "textarea", "label", "svg", "canvas", "iframe", "object", "dialog", "menu",
];

/// ARIA roles of page chrome.
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
];

/// Words of `class`, `id` and `aria-label` values that mark chrome.
const CHROME_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "kakor",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "brödsmulor",
    "brödsmulestig",
    "sidebar",
    "share",
    "sharing",
    "social",
    "skip",
    "skiplink",
    "feedback",
    "footer",
    "toolbar",
    "pagination",
    "related",
    "sronly",
    "visuallyhidden",
];

/// Phrases of cookie notices; a short block containing one is a banner.
const COOKIE_PHRASES: &[&str] = &[
    "we use cookies",
    "this website uses cookies",
    "this site uses cookies",
    "uses cookies",
    "accept cookies",
    "vi använder kakor",
    "vi använder cookies",
    "använder kakor",
    "använder cookies",
    "webbplatsen använder",
    "godkänn kakor",
    "godkänn cookies",
];

/// Words for cookies and for the choices a consent banner offers: a short block holding both is
/// a banner whatever its wording (`Den här webbplatsen vill använda kakor … Tillåt alla`).
const COOKIE_WORDS: &[&str] = &["cookie", "cookies", "kakor", "kakorna", "kaka"];
const CONSENT_CHOICES: &[&str] = &[
    "accept",
    "allow",
    "reject",
    "decline",
    "godkänn",
    "acceptera",
    "tillåt",
    "neka",
    "avböj",
];

/// Block-level elements: each starts a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "body",
];

fn is_hidden(element: &ElementRef<'_>) -> bool {
    let e = element.value();
    e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| {
            let s: String = s.split_whitespace().collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

fn is_chrome(element: &ElementRef<'_>, inside_content: bool) -> bool {
    let e = element.value();
    let name = e.name();
    // A page-level <header> holds the logo and menu; one inside an article holds its title.
    if SKIPPED_TAGS.contains(&name) || (name == "header" && !inside_content) {
        return true;
    }
    if e.attr("role").is_some_and(|r| SKIPPED_ROLES.contains(&r)) {
        return true;
    }
    let named = ["class", "id", "aria-label"]
        .iter()
        .filter_map(|a| e.attr(a))
        .flat_map(str::split_whitespace)
        .any(|token| {
            let token = token.to_lowercase();
            let joined: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
            // Consent platforms name their containers after themselves
            // (`CybotCookiebotDialog`, `onetrust-consent-sdk`, `js-cookie-notice`).
            joined.contains("cookie")
                || joined.contains("consent")
                || CHROME_WORDS.contains(&joined.as_str())
                || token
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| CHROME_WORDS.contains(&word))
        });
    if named {
        return true;
    }
    is_block(name) && is_cookie_notice(element)
}

/// A short block whose text is a cookie notice.
fn is_cookie_notice(element: &ElementRef<'_>) -> bool {
    let mut words = 0;
    let mut text = String::new();
    for piece in element.text() {
        words += piece.split_whitespace().count();
        if words > 80 {
            return false;
        }
        text.push_str(piece);
        text.push(' ');
    }
    let text = text.to_lowercase();
    if COOKIE_PHRASES.iter().any(|p| text.contains(p)) {
        return true;
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| COOKIE_WORDS.contains(w))
        && words.iter().any(|w| CONSENT_CHOICES.contains(w))
}

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

/// Lines of text, built block by block.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    /// The line being written, whitespace not yet collapsed.
    current: String,
    /// Whether the next line is an item of a list.
    item: bool,
    /// Whether the last line written was a list item (no blank line between items).
    in_list: bool,
    /// Whether the block's previous line ended at a `<br>` (no blank line before the next).
    continued: bool,
    /// How many lists the current point is inside.
    depth: usize,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.current
            .extend(text.chars().filter(|c| !matches!(c, '\u{AD}' | '\u{200B}')));
    }

    /// The current line, whitespace collapsed as a browser shows it.
    fn take_line(&mut self) -> String {
        let line = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.current.clear();
        line
    }

    fn push(&mut self, line: String) {
        if std::mem::take(&mut self.item) {
            if !self.in_list {
                self.blank();
            }
            // A nested list's items are indented under their item with a glyph of their own, as
            // in a text file, so that they read as its sub-items and not as siblings.
            let nested = self.depth.saturating_sub(1);
            let marker = if nested == 0 { '•' } else { '◦' };
            self.lines
                .push(format!("{}{marker} {line}", "  ".repeat(nested)));
            self.in_list = true;
        } else {
            if !self.continued {
                self.blank();
            }
            self.lines.push(line);
            self.in_list = false;
        }
    }

    /// Ends the current block: paragraphs and headings are separated by a blank line.
    fn end_block(&mut self) {
        let line = self.take_line();
        if !line.is_empty() {
            self.push(line);
        }
        self.continued = false;
    }

    /// A line break inside a block (`<br>`): a new source line, as in a text file.
    fn line_break(&mut self) {
        let line = self.take_line();
        if !line.is_empty() {
            self.push(line);
            self.continued = true;
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }
}

fn walk(element: ElementRef<'_>, out: &mut Writer, inside_content: bool) {
    let name = element.value().name();
    let inside = inside_content || matches!(name, "main" | "article" | "section");
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.text(text),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_hidden(&child) || is_chrome(&child, inside) {
                    continue;
                }
                let child_name = e.name();
                if child_name == "br" {
                    out.line_break();
                    continue;
                }
                if child_name == "table" && write_table(child, out) {
                    continue;
                }
                if child_name == "pre" {
                    out.end_block();
                    for line in child.text().collect::<String>().lines() {
                        out.text(line);
                        out.line_break();
                    }
                    out.end_block();
                    continue;
                }
                let block = is_block(child_name);
                if block {
                    out.end_block();
                }
                if child_name == "li" {
                    out.item = true;
                }
                let list = matches!(child_name, "ul" | "ol");
                out.depth += usize::from(list);
                walk(child, out, inside);
                if block {
                    out.end_block();
                }
                if list {
                    out.depth -= 1;
                    // The outer list goes on after a nested one.
                    out.in_list = out.depth > 0;
                }
            }
            _ => {}
        }
    }
}

/// The cells of a table's rows, each cell's text with its whitespace collapsed (lists and
/// paragraphs inside a cell run on, as a PDF's cell does).
fn table_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    let rows = Selector::parse("tr").expect("static selector is valid");
    let cells = Selector::parse("th, td").expect("static selector is valid");
    table
        .select(&rows)
        .map(|row| {
            row.select(&cells)
                .filter(|cell| !is_hidden(cell))
                .map(|cell| {
                    let mut text = String::new();
                    for piece in cell.text() {
                        text.push(' ');
                        text.push_str(piece);
                    }
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect::<Vec<_>>()
        })
        .filter(|cells: &Vec<String>| cells.iter().any(|c| !c.is_empty()))
        .collect()
}

/// A table of two to four columns, laid out as PDF text lays one out: each row a line, each cell
/// padded to its column's width and the columns three spaces apart, so that the text cleaner
/// reads the same table from a page as from a PDF. Other tables (layout tables holding tables,
/// one column) are read as blocks: returns whether the table was written.
fn write_table(table: ElementRef<'_>, out: &mut Writer) -> bool {
    let nested = Selector::parse("table").expect("static selector is valid");
    if table.select(&nested).next().is_some() {
        return false;
    }
    let rows = table_rows(table);
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    // Names in the first column: a layout table of prose reads better as blocks.
    let named = rows.iter().all(|row| {
        row.first()
            .is_none_or(|c| c.split_whitespace().count() <= 14)
    });
    if !(2..=4).contains(&columns) || !named {
        return false;
    }
    let mut widths = vec![0; columns];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    out.end_block();
    out.blank();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.lines.push(line.trim_end().to_owned());
    }
    out.lines.push(String::new());
    out.in_list = false;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="sv-SE"><head><title>T</title><style>p { color: red }</style>
<script>var x = "Vi använder kakor";</script></head>
<body>
<div class="cookie-banner"><p>Vi använder kakor för statistik.</p><button>OK</button></div>
<div id="consent-box" role="dialog"><p>Godkänn?</p></div>
<header><a href="/">Regionen</a><nav><ul><li>Start</li><li>Kultur</li></ul></nav></header>
<main>
<nav class="breadcrumbs"><a>Start</a></nav>
<article>
<header><h1>Strategi för   innovation</h1></header>
<p>Regionen satsar på
   <strong>livsmedel</strong> och turism.</p>
<h2>Prioriterade områden</h2>
<p>Följande områden prioriteras:</p>
<ul><li><b>Skog:</b> trä och
    material.</li><li>Turism</li></ul>
<p hidden>Dold text.</p>
<p aria-hidden="true">Också dold.</p>
<p>Rad ett<br>rad två</p>
</article>
<aside><h2>Relaterat</h2><p>Läs mer</p></aside>
<div class="share-links">Dela sidan</div>
</main>
<footer><p>Regionhuset</p></footer>
</body></html>"#;

    #[test]
    fn keeps_the_content_and_drops_the_chrome() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "Strategi för innovation\n\nRegionen satsar på livsmedel och turism.\n\n\
             Prioriterade områden\n\nFöljande områden prioriteras:\n\n• Skog: trä och material.\n\
             • Turism\n\nRad ett\nrad två"
        );
        assert_eq!(page.language, Some(Lang::Sv));
    }

    #[test]
    fn without_main_the_body_is_read_without_its_chrome() {
        let page = extract(
            r#"<html lang="en"><body><header><nav>Home</nav></header>
            <div id="cookieNotice">This site uses cookies. <a>OK</a></div>
            <div class="content"><h1>Plan</h1><p>We invest in energy.</p></div>
            <div class="notice"><p>We use cookies to measure traffic.</p></div>
            <footer>Contact</footer></body></html>"#,
        );
        assert_eq!(page.text, "Plan\n\nWe invest in energy.");
        assert_eq!(page.language, Some(Lang::En));
    }

    #[test]
    fn a_long_block_that_mentions_cookies_is_content() {
        let long = "The bakery sector, from bread to cookies and pastries, employs many people. "
            .repeat(8);
        let page = extract(&format!("<html><body><p>{long}</p></body></html>"));
        assert!(page.text.starts_with("The bakery sector"), "{}", page.text);
    }

    #[test]
    fn a_table_is_laid_out_in_columns() {
        let page = extract(
            "<html><body><p>Table 1</p><table><tr><th>Area</th><th>Description</th></tr>\
             <tr><td>Smart food</td><td><p>Safe food</p><ul><li>farming</li></ul></td></tr>\
             <tr><td>Energy</td><td>Hydrogen</td></tr></table><p>After.</p></body></html>",
        );
        assert_eq!(
            page.text,
            "Table 1\n\nArea         Description\nSmart food   Safe food farming\n\
             Energy       Hydrogen\n\nAfter."
        );
    }

    #[test]
    fn a_nested_list_is_indented_under_its_item() {
        let page = extract(
            "<main><ul><li>Ocean food<ul><li>fish health</li><li>feed</li></ul></li>\
             <li>Maritime technology</li></ul></main>",
        );
        assert_eq!(
            page.text.trim(),
            "• Ocean food\n  ◦ fish health\n  ◦ feed\n• Maritime technology"
        );
    }

    #[test]
    fn pages_are_decoded_as_browsers_decode_them() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; \
                    charset=windows-1252\"></head><p>Hälsa – vård</p></html>";
        let (cp1252, _, _) = WINDOWS_1252.encode(page);
        assert_eq!(decode(&cp1252, false).as_deref(), Some(page));
        let latin1 = b"<!DOCTYPE html><meta charset='iso-8859-1'><p>Sk\xf6na</p>";
        assert!(decode(latin1, false).unwrap().ends_with("Sköna</p>"));
        // Without a <meta>, bytes that are not UTF-8 are windows-1252, as browsers take them.
        assert!(
            decode(b"<p>\xe5r\x96</p>", true)
                .unwrap()
                .ends_with("år–</p>")
        );
        // UTF-8 is UTF-8 whatever an old <meta> says.
        let utf8 = "<html><meta charset=\"iso-8859-1\"><p>Västerås</p></html>";
        assert_eq!(decode(utf8.as_bytes(), false).as_deref(), Some(utf8));
        // Known by its byte order mark alone.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "<html><p>Örebro</p></html>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(
            decode(&utf16, false).as_deref(),
            Some("<html><p>Örebro</p></html>")
        );
        // Not pages: text, and binary data named .html.
        assert_eq!(decode(b"Region \xd6rebro", false), None);
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0", true), None);
    }

    #[test]
    fn consent_dialogs_are_found_by_their_platform_or_their_choices() {
        let page = extract(
            r#"<html><body>
            <div id="CybotCookiebotDialog"><p>Vi vill spara små filer.</p></div>
            <div class="notice"><p>Den här webbplatsen vill använda kakor.</p><a>Tillåt alla</a></div>
            <div id="onetrust-consent-sdk"><p>We store information on your device.</p></div>
            <ol class="sv-crumbs"><li>Start</li><li>Näringsliv</li></ol>
            <p>Regionen satsar på inno&shy;vation och energi&shy;effektiv gruvdrift.</p>
            <p>Bakeries sell cookies and bread all year.</p></body></html>"#,
        );
        assert_eq!(
            page.text,
            "Regionen satsar på innovation och energieffektiv gruvdrift.\n\n\
             Bakeries sell cookies and bread all year."
        );
    }

    #[test]
    fn a_page_saved_as_a_single_file_is_unpacked() {
        let mhtml = "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
                     \ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--a1----\"\r\n\r\n\
                     ------MultipartBoundary--a1----\r\nContent-Type: text/css\r\n\r\np {}\r\n\
                     ------MultipartBoundary--a1----\r\nContent-Type: text/html\r\n\
                     Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                     <html><p class=3D\"x\">Region V=C3=A4sterdal satsar p=C3=A5 inno=\r\nvation.</p></html>\r\n\
                     ------MultipartBoundary--a1------\r\n";
        assert!(looks_like_mhtml(mhtml.as_bytes()));
        let page = unpack_mhtml(mhtml.as_bytes()).unwrap();
        assert_eq!(
            extract(&page).text,
            "Region Västerdal satsar på innovation."
        );
        assert!(!looks_like_mhtml(b"<html>"));
    }

    #[test]
    fn html_is_recognised_by_its_start() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html lang=\"en\">"));
        assert!(looks_like_html(b"<!-- saved page --><html>"));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rdf:RDF>"));
        assert!(!looks_like_html(b"Region Stockholm och forskning"));
    }

    #[test]
    fn unknown_or_missing_languages_are_none() {
        assert_eq!(extract("<html lang=\"el\"><p>x</p></html>").language, None);
        assert_eq!(extract("<p>x</p>").language, None);
        assert_eq!(
            extract(r#"<html><head><meta http-equiv="Content-Language" content="en-GB"></head><p>x</p></html>"#)
                .language,
            Some(Lang::En)
        );
    }
}
