//! PDF documents → their text, line by line, with the page of every line.
//!
//! The text of each page comes from `pdf-extract` (chosen by measurement, see BENCHMARKS.md:
//! it keeps the reading order of two-column pages and the hyphens at line ends, which the prose
//! cleaner of `text.rs` undoes with the document's own vocabulary). This module removes what a
//! layout repeats on every page: running headers and footers (the same line, up to its digits,
//! among the first or last lines of at least half of the pages) and bare page numbers. Pages are
//! joined as `pdftotext` joins them, each starting with a form feed, so that the cleaner knows
//! where a page began; `pages` says on which page each output line stands.
//!
//! Typesetting leaves marks in the text layer that are not the words: ligature glyphs (`ﬁ`, `ﬂ`,
//! `ﬀ`) are spelt out, and soft hyphens (U+00AD, which InDesign and Word give for the hyphen of a
//! word broken at a line end) are dropped inside a line and become the `-` at its end that the
//! cleaner rejoins.

use crate::model::Lang;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The text of a PDF and where its lines stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    /// The 1-based page of each line of `text`.
    pub pages: Vec<u32>,
    /// The language the document declares (`/Lang` of its catalog), if partnergraph knows it.
    pub language: Option<Lang>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a readable PDF")]
    Unreadable(#[source] pdf_extract::OutputError),
    #[error(
        "the PDF's {pages} page(s) have no text layer (a scanned document?); partnergraph does not do OCR: give it the text"
    )]
    NoText { pages: usize },
    #[error(
        "the PDF is encrypted with a password that partnergraph does not know: open it with the password and save a copy without one (or print it to PDF), then give that copy"
    )]
    NeedsPassword,
    #[error(
        "named .pdf, but it is a web page (HTML), not a PDF: probably a download that saved a sign-in, cookie or error page instead of the document; download the PDF again, or give the page with an .html name if it is what you meant"
    )]
    WebPageNamedPdf,
    #[error(
        "named .pdf, but it is not a PDF (it does not start with %PDF-): an unfinished download, or another format renamed?"
    )]
    NotPdf,
}

/// Whether a file is a PDF (its header may follow a few bytes of junk, as readers allow).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Lines among the first or last few of a page that may be running headers or footers.
const EDGE_LINES: usize = 3;

pub fn extract(bytes: &[u8]) -> Result<Extracted, PdfError> {
    let unreadable = |e| PdfError::Unreadable(pdf_extract::OutputError::PdfError(e));
    // lopdf opens a file encrypted with an empty user password (most "protected" PDFs, which only
    // restrict printing or copying) by itself; one that stays encrypted needs a password.
    let document = lopdf::Document::load_mem(bytes).map_err(unreadable)?;
    if document.is_encrypted() {
        return Err(PdfError::NeedsPassword);
    }
    let mut pages = Vec::new();
    for number in document.get_pages().into_keys() {
        let mut page = PageText::default();
        pdf_extract::output_doc_page(&document, &mut page, number).map_err(PdfError::Unreadable)?;
        pages.push(page_lines(&page.text));
    }
    let count = pages.len();
    let mut pages = strip_furniture(pages);
    strip_contents(&mut pages);
    // After the furniture: a scan whose pages carry only a stamped header or page number as text
    // has no text layer either.
    if pages
        .iter()
        .all(|lines| lines.iter().all(|l| l.trim().is_empty()))
    {
        return Err(PdfError::NoText { pages: count });
    }
    Ok(join(pages, declared_language(&document)))
}

/// A page's text as pdf-extract's plain-text output writes it (a new line where the text moves
/// down, a blank one where it moves down by more than a line, a space between words), except
/// that a jump of more than two ems along a line, between the cells of a table, is written as
/// the run of spaces that brings the text to its column, as `pdftotext -layout` writes it: the
/// cleaner rebuilds tables from those gaps, and a single space would run the cells together
/// (`Offshore wind 24`).
#[derive(Default)]
struct PageText {
    text: String,
    /// Where the last glyph ended and the baseline it stood on.
    last_end: f64,
    last_y: f64,
    /// Whether the next glyph starts a word (pdf-extract says so), the only place for a break.
    word_start: bool,
    /// Where the current line's first glyph stands, and how many characters the line holds.
    line_start: Option<f64>,
    line_chars: usize,
}

/// Wider than this many font sizes, a gap along a line is a column gap.
const COLUMN_GAP_EMS: f64 = 2.0;
/// The width of an average character in font sizes, to turn a gap into a column.
const CHAR_EMS: f64 = 0.5;

impl PageText {
    fn new_line(&mut self) {
        self.text.push('\n');
        self.line_start = None;
        self.line_chars = 0;
    }
}

impl pdf_extract::OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.last_end = f64::MAX;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        glyph: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let (x, y) = (trm.m31, trm.m32);
        // The font size in page space: the side of the square as large as the scaled em box.
        let size = ((font_size * (trm.m11 + trm.m21)) * (font_size * (trm.m12 + trm.m22))).sqrt();
        if self.word_start && self.line_chars > 0 {
            let down = (y - self.last_y).abs();
            if down > size * 1.5 {
                self.new_line();
            }
            if x < self.last_end && down > size * 0.5 {
                self.new_line();
            }
            if self.line_chars > 0 && x > self.last_end + size * 0.1 {
                let column = self
                    .line_start
                    .filter(|_| x - self.last_end > size * COLUMN_GAP_EMS)
                    .map(|start| ((x - start) / (size * CHAR_EMS)).round());
                let spaces = match column {
                    // A column left of the text written so far (wide glyphs) still gets its gap.
                    Some(column) => (column as usize).saturating_sub(self.line_chars).max(3),
                    None => 1,
                };
                self.text.extend(std::iter::repeat_n(' ', spaces));
                self.line_chars += spaces;
            }
        }
        if self.line_start.is_none() {
            self.line_start = Some(x);
        }
        self.text.push_str(glyph);
        self.line_chars += glyph.chars().count();
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// The letters a ligature glyph stands for.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// A line of the text layer as words: ligatures spelt out, soft hyphens dropped (or, at the end,
/// made the hyphen of a broken word), control characters turned into spaces, no trailing blanks.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match ligature(c) {
            Some(letters) => out.push_str(letters),
            None if c == '\u{AD}' => out.push(c),
            None if c.is_control() && c != '\t' => out.push(' '),
            None => out.push(c),
        }
    }
    let trimmed = out.trim_end();
    let broken = trimmed.ends_with('\u{AD}');
    let mut line: String = trimmed.chars().filter(|&c| c != '\u{AD}').collect();
    if broken {
        line.push('-');
    }
    line
}

/// A page's lines, cleaned, without blank lines before or after.
fn page_lines(page: &str) -> Vec<String> {
    let lines: Vec<String> = page.lines().map(clean_line).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end].to_vec()
}

/// A line as a running header or footer is compared: digits (page numbers, years that change
/// with the chapter) and spacing do not count.
fn furniture_key(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// `12`, `- 12 -`, `Page 3 of 20`, `Sida 3`, `s. 4`, `iv`.
fn is_page_number(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || "-–—|/().".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let numeric = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || (w.len() <= 4 && w.chars().all(|c| "ivxlc".contains(c)))
    };
    match words.as_slice() {
        [n] => numeric(n),
        [label, n] => {
            (matches!(label.as_str(), "page" | "sida" | "sid" | "s" | "p") || numeric(label))
                && numeric(n)
        }
        [label, n, of, m] => {
            matches!(label.as_str(), "page" | "sida" | "sid")
                && numeric(n)
                && matches!(of.as_str(), "of" | "av")
                && numeric(m)
        }
        [n, of, m] => numeric(n) && matches!(of.as_str(), "of" | "av") && numeric(m),
        _ => false,
    }
}

/// The indices of a page's non-empty lines at its top and bottom edges.
fn edge_lines(lines: &[String]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut edges: Vec<usize> = filled.iter().take(EDGE_LINES).copied().collect();
    edges.extend(filled.iter().rev().take(EDGE_LINES));
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// Removes running headers, footers and page numbers from the edges of the pages.
fn strip_furniture(mut pages: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let with_text = pages
        .iter()
        .filter(|p| p.iter().any(|l| !l.trim().is_empty()))
        .count();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut keys: Vec<String> = edge_lines(lines)
            .into_iter()
            .map(|i| furniture_key(&lines[i]))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    // On half of the pages and at least two: a cover page or a chapter opening may lack it.
    let repeated =
        |key: &str| with_text >= 2 && seen.get(key).is_some_and(|&n| n >= 2 && n * 2 >= with_text);
    for lines in &mut pages {
        for i in edge_lines(lines) {
            if is_page_number(&lines[i]) || repeated(&furniture_key(&lines[i])) {
                lines[i].clear();
            }
        }
    }
    pages
}

/// A line of a table of contents: a title, then dot leaders or a column gap, then the number of
/// the page it starts on (`Starting point . . . . 3`, `2.1 Priority areas        14`).
static CONTENTS_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S.*?(?:\s*(?:\.\s?){3,}\s*|\s*…+\s*|\s{3,})(?P<page>\d{1,4})$")
        .expect("static regex is valid")
});

/// Removes the entries of a table of contents: on a page where at least three lines, and at least
/// half of its lines, end in a page number after leaders or a column gap, and those numbers never
/// go down nor past the last page. Without leaders such lines read as a table of two columns
/// (`Our priority areas   3`), whose rows the cleaner would take for list items; a table of
/// figures in a page of prose is a minority of its lines, and its figures seldom only rise.
fn strip_contents(pages: &mut [Vec<String>]) {
    let last_page = pages.len();
    for lines in pages.iter_mut() {
        let entries: Vec<(usize, usize)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let page = CONTENTS_ENTRY.captures(line.trim())?["page"].parse().ok()?;
                Some((i, page))
            })
            .collect();
        let filled = lines.iter().filter(|l| !l.trim().is_empty()).count();
        let rising = entries.windows(2).all(|w| w[0].1 <= w[1].1);
        if entries.len() >= 3
            && entries.len() * 2 >= filled
            && rising
            && entries.iter().all(|&(_, page)| page <= last_page)
        {
            for (i, _) in entries {
                lines[i].clear();
            }
        }
    }
}

/// Joins the pages into one text, each page's first line after a form feed.
fn join(pages: Vec<Vec<String>>, language: Option<Lang>) -> Extracted {
    let mut lines: Vec<String> = Vec::new();
    let mut page_of: Vec<u32> = Vec::new();
    for (index, page) in pages.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let start = page.iter().position(|l| !l.trim().is_empty());
        let Some(start) = start else {
            continue;
        };
        let end = page
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(start)
            + 1;
        for (i, line) in page[start..end].iter().enumerate() {
            lines.push(if i == 0 {
                format!("\u{0C}{line}")
            } else {
                line.clone()
            });
            page_of.push(number);
        }
    }
    Extracted {
        text: lines.join("\n"),
        pages: page_of,
        language,
    }
}

/// The `/Lang` entry of the document catalog (`sv-SE`, `en-GB`).
fn declared_language(document: &lopdf::Document) -> Option<Lang> {
    let lang = document.catalog().ok()?.get(b"Lang").ok()?;
    let tag = match lang {
        lopdf::Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        lopdf::Object::Name(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        _ => return None,
    };
    Lang::from_tag(tag.split(['-', '_']).next().unwrap_or(&tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for line in [
            "12",
            "- 12 -",
            "Page 3 of 20",
            "Sida 3",
            "sida 3 av 9",
            "iv",
            "3 / 20",
        ] {
            assert!(is_page_number(line), "{line}");
        }
        for line in [
            "Page three",
            "Kapitel 3 Mål",
            "12 areas",
            "Region Northland | page 2",
        ] {
            assert!(!is_page_number(line), "{line}");
        }
    }

    #[test]
    fn running_headers_and_footers_are_removed_from_page_edges_only() {
        let pages = vec![
            lines("Strategy for Northland 2030\nCover text of the strategy."),
            lines(
                "Northland strategy 2030\nFirst body page speaks of energy.\nNorthland strategy 2030 is repeated here.\nRegion Northland | page 2",
            ),
            lines("Northland strategy 2030\nSecond body page.\nRegion Northland | page 3"),
            lines("Northland strategy 2030\nThird body page.\nRegion Northland | page 4"),
        ];
        let out = strip_furniture(pages);
        let kept: Vec<Vec<&str>> = out
            .iter()
            .map(|p| {
                p.iter()
                    .map(String::as_str)
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .collect();
        assert_eq!(
            kept[0],
            ["Strategy for Northland 2030", "Cover text of the strategy."]
        );
        assert_eq!(
            kept[1],
            [
                "First body page speaks of energy.",
                "Northland strategy 2030 is repeated here."
            ]
        );
        assert_eq!(kept[3], ["Third body page."]);
    }

    #[test]
    fn a_table_of_contents_is_left_out_and_a_table_of_figures_kept() {
        let mut pages = vec![
            lines(
                "Contents\nStarting point          3\nOur priority areas . . . . . 3\n\
                 2.1 Budget                  4\nFollow-up … 4",
            ),
            lines(
                "The budget per area:\nPriority area       EUR million\nEnergy      24\n\
                 Fisheries      15\nPorts       12",
            ),
            lines("Prose of the last page.\nYears   1\nMore   2\nAnd   9"),
            lines("Four pages."),
        ];
        strip_contents(&mut pages);
        assert_eq!(pages[0], ["Contents", "", "", "", ""]);
        assert_eq!(pages[1][2], "Energy      24");
        // Past the last page: not a table of contents.
        assert_eq!(pages[2][3], "And   9");
    }

    #[test]
    fn a_single_page_keeps_its_first_line() {
        let out = strip_furniture(vec![lines("Title\nBody text.\n7")]);
        assert_eq!(out[0], ["Title", "Body text.", ""]);
    }

    #[test]
    fn every_line_knows_its_page() {
        let extracted = join(
            vec![lines("\nA\nB\n"), lines(""), lines("C\n\nD")],
            Some(Lang::En),
        );
        assert_eq!(extracted.text, "\u{c}A\nB\n\u{c}C\n\nD");
        assert_eq!(extracted.pages, [1, 1, 3, 3, 3]);
    }

    #[test]
    fn pdfs_are_recognised_by_their_header() {
        assert!(looks_like_pdf(b"%PDF-1.7\n%\xe2\xe3"));
        assert!(looks_like_pdf(b"\xef\xbb\xbf%PDF-1.4"));
        assert!(!looks_like_pdf(b"Region %PDF strategy"));
    }

    fn published(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/formats/published/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).expect("the fixture exists")
    }

    #[test]
    fn typesetting_marks_are_undone() {
        assert_eq!(
            clean_line("e\u{FB03}cient \u{FB02}oating o\u{FB00}shore \u{FB01}rms"),
            "efficient floating offshore firms"
        );
        // A soft hyphen inside a line is nothing; at its end it is the hyphen of a broken word.
        assert_eq!(
            clean_line("inno\u{AD}vation engi\u{AD}  "),
            "innovation engi-"
        );
        assert_eq!(clean_line("a\u{7}b\t"), "a b");
    }

    /// What pdf-extract reports for one glyph of a 10-point font at (x, y) on an unscaled page.
    fn glyph(page: &mut PageText, x: f64, y: f64, text: &str) {
        use pdf_extract::OutputDev;
        page.begin_word().unwrap();
        let trm = pdf_extract::Transform::row_major(1.0, 0.0, 0.0, 1.0, x, y);
        page.output_character(&trm, 0.5, 0.0, 10.0, text).unwrap();
    }

    #[test]
    fn a_wide_gap_along_a_line_is_a_column_gap() {
        let mut page = PageText::default();
        glyph(&mut page, 100.0, 700.0, "Area");
        glyph(&mut page, 125.0, 700.0, "x");
        // Two ems and more: the next cell, at its column (200 points right of the line's start).
        glyph(&mut page, 300.0, 700.0, "24");
        // A line down, back to the left: a new line; more than a line down: a blank line too.
        glyph(&mut page, 100.0, 686.0, "Port");
        glyph(&mut page, 100.0, 660.0, "Next");
        assert_eq!(
            page.text,
            format!("Area x{}24\nPort\n\nNext", " ".repeat(34))
        );
    }

    #[test]
    fn a_table_keeps_its_columns_apart() {
        let text = extract(&published("harbourcoast-two-columns.pdf"))
            .unwrap()
            .text;
        let row = text
            .lines()
            .find(|l| l.starts_with("Fisheries and aquaculture "))
            .expect("the table row");
        assert!(
            row.contains("aquaculture   ") && row.ends_with(" 15"),
            "{row:?}"
        );
    }

    #[test]
    fn encryption_with_an_empty_password_is_read_and_a_password_is_refused() {
        for name in ["harbourcoast-aes256.pdf", "harbourcoast-rc4.pdf"] {
            let text = extract(&published(name)).unwrap().text;
            assert!(text.contains("Port logistics"), "{name}");
        }
        assert!(matches!(
            extract(&published("harbourcoast-needs-password.pdf")),
            Err(PdfError::NeedsPassword)
        ));
    }

    #[test]
    fn a_scan_with_a_stamped_line_has_no_text_layer() {
        assert!(matches!(
            extract(&published("harbourcoast-scanned.pdf")),
            Err(PdfError::NoText { pages: 2 })
        ));
    }

    #[test]
    fn only_the_last_revision_is_read() {
        let text = extract(&published("harbourcoast-revised.pdf"))
            .unwrap()
            .text;
        assert!(text.contains("Port logistics") && !text.contains("Shipbuilding"));
    }

    #[test]
    fn a_broken_pdf_is_an_error_not_a_panic() {
        assert!(matches!(
            extract(b"%PDF-1.4\nthis is not a PDF body"),
            Err(PdfError::Unreadable(_))
        ));
    }
}
