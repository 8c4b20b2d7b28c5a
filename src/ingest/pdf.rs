//! PDF documents → their text, line by line, with the page of every line.
//!
//! The text of each page comes from `pdf-extract` (chosen by measurement, see BENCHMARKS.md:
//! it keeps the hyphens at line ends, which the prose cleaner of `text.rs` undoes with the
//! document's own vocabulary), put in reading order from the glyphs' positions whatever order
//! the page draws them in (columns, headings and side boxes; see `reading_order`). This module
//! removes what a layout repeats on every page: running headers and footers (the same line, up to
//! its digits, among the first or last lines of at least half of the pages) and bare page
//! numbers. Pages are joined as `pdftotext` joins them, each starting with a form feed, so that
//! the cleaner knows where a page began; `pages` says on which page each output line stands.
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

/// One glyph as pdf-extract reports it, in page space.
#[derive(Debug)]
struct Glyph {
    x: f64,
    /// The baseline.
    y: f64,
    /// Where the glyph ends along its line.
    end: f64,
    /// The font size in page space.
    size: f64,
    text: String,
}

/// A page's text, in reading order, written when the page ends from the glyphs it drew: the
/// content stream may draw a page in any order (columns across the page line by line, a side box
/// or the footer first, the headings last), so its glyphs are kept, each text-showing operator's
/// as a run, and put in the order a reader reads them (`reading_order`) before they are written.
#[derive(Default)]
struct PageText {
    text: String,
    /// The glyphs of each text-showing operator, in the content stream's order.
    runs: Vec<Vec<Glyph>>,
}

impl pdf_extract::OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.runs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.runs.retain(|run| !run.is_empty());
        let segments = segments(&self.runs);
        let mut writer = Writer::default();
        for index in reading_order(&segments) {
            for run in &self.runs[segments[index].runs.clone()] {
                for (i, glyph) in run.iter().enumerate() {
                    writer.write(glyph, i == 0);
                }
            }
        }
        self.text = writer.text;
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
        let glyph = Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: glyph.to_owned(),
        };
        match self.runs.last_mut() {
            Some(run) => run.push(glyph),
            None => self.runs.push(vec![glyph]),
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.runs.push(Vec::new());
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Writes glyphs as pdf-extract's plain-text output writes them (a new line where the text moves
/// down, a blank one where it moves down by more than a line, a space between words), except
/// that a jump of more than two ems along a line, between the cells of a table, is written as
/// the run of spaces that brings the text to its column, as `pdftotext -layout` writes it: the
/// cleaner rebuilds tables from those gaps, and a single space would run the cells together
/// (`Offshore wind 24`).
struct Writer {
    text: String,
    /// Where the last glyph ended and the baseline it stood on.
    last_end: f64,
    last_y: f64,
    /// Where the current line's first glyph stands, and how many characters the line holds.
    line_start: Option<f64>,
    line_chars: usize,
}

impl Default for Writer {
    fn default() -> Self {
        Self {
            text: String::new(),
            last_end: f64::MAX,
            last_y: 0.0,
            line_start: None,
            line_chars: 0,
        }
    }
}

/// Wider than this many font sizes, a gap along a line is a column gap.
const COLUMN_GAP_EMS: f64 = 2.0;
/// The width of an average character in font sizes, to turn a gap into a column.
const CHAR_EMS: f64 = 0.5;

impl Writer {
    fn new_line(&mut self) {
        self.text.push('\n');
        self.line_start = None;
        self.line_chars = 0;
    }

    /// Writes a glyph; `word_start` says that it opens a text-showing operator, the only place
    /// where pdf-extract's output breaks a line or puts a space.
    fn write(&mut self, glyph: &Glyph, word_start: bool) {
        let (x, y, size) = (glyph.x, glyph.y, glyph.size);
        if word_start && self.line_chars > 0 {
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
        self.text.push_str(&glyph.text);
        self.line_chars += glyph.text.chars().count();
        self.last_y = y;
        self.last_end = glyph.end;
    }
}

/// A piece of a line that the content stream drew in one go: consecutive runs on one baseline,
/// each starting where the one before ended (a line drawn word by word is one segment; the cells
/// of a table row, or lines of two columns on one baseline, are several).
#[derive(Debug)]
struct Segment {
    runs: std::ops::Range<usize>,
    left: f64,
    right: f64,
    y: f64,
    size: f64,
    words: usize,
}

/// Closer than this many font sizes along a baseline, the next run goes on the same segment.
const JOIN_EMS: f64 = 1.0;

fn segments(runs: &[Vec<Glyph>]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let left = run.iter().map(|g| g.x).fold(f64::MAX, f64::min);
        let right = run.iter().map(|g| g.end).fold(f64::MIN, f64::max);
        let (y, size) = (run[0].y, run.iter().map(|g| g.size).fold(0.0, f64::max));
        let text: String = run.iter().map(|g| g.text.as_str()).collect();
        let words = text.split_whitespace().count();
        if let Some(last) = out.last_mut() {
            let em = last.size.max(size);
            let same_line = (y - last.y).abs() <= em * 0.2;
            let next_to = left >= last.right - em * 0.5 && left - last.right <= em * JOIN_EMS;
            if same_line && next_to {
                last.runs.end = i + 1;
                last.right = last.right.max(right);
                last.size = em;
                last.words += words;
                continue;
            }
        }
        out.push(Segment {
            runs: i..i + 1,
            left,
            right,
            y,
            size,
            words,
        });
    }
    out
}

/// The segments (by index) in the order a reader reads them: where a vertical gutter that no
/// line crosses splits a band of the page into columns of prose, each column top to bottom, left
/// before right; lines that run across the gutter (headings, a full-width paragraph) in their
/// vertical place; elsewhere, line by line from the top. A running header or footer (the page's
/// first or last line, set apart from the text) stays whole at its edge, also when its parts
/// stand on both sides of the gutter (a title left, the page number right). Pages drawn in
/// reading order come out in their own order.
fn reading_order(segments: &[Segment]) -> Vec<usize> {
    let mut lines = lines(segments, (0..segments.len()).collect());
    let apart = |upper: &[usize], lower: &[usize]| {
        let (a, b) = (&segments[upper[0]], &segments[lower[0]]);
        a.y - b.y > EDGE_EMS * a.size.max(b.size)
    };
    let footer = match lines.as_slice() {
        [.., above, last] if apart(above, last) => lines.pop(),
        _ => None,
    };
    let header = match lines.as_slice() {
        [first, below, ..] if apart(first, below) => Some(lines.remove(0)),
        _ => None,
    };
    let body = order(segments, lines.concat());
    header
        .into_iter()
        .flatten()
        .chain(body)
        .chain(footer.into_iter().flatten())
        .collect()
}

/// Further than this many font sizes from the text, a page's first or last line is furniture.
const EDGE_EMS: f64 = 2.5;

fn order(segments: &[Segment], ids: Vec<usize>) -> Vec<usize> {
    let Some((from, to)) = gutter(segments, &ids) else {
        return by_lines(segments, ids);
    };
    let side = |i: usize| {
        let s = &segments[i];
        if s.right <= from {
            Some(false)
        } else if s.left >= to {
            Some(true)
        } else {
            None
        }
    };
    let mut top_down = ids;
    top_down.sort_by(|&a, &b| segments[b].y.total_cmp(&segments[a].y));
    let mut out = Vec::with_capacity(top_down.len());
    let mut band: Vec<usize> = Vec::new();
    let mut across: Vec<usize> = Vec::new();
    for i in top_down {
        if side(i).is_some() {
            if !across.is_empty() {
                out.extend(by_lines(segments, std::mem::take(&mut across)));
            }
            band.push(i);
        } else {
            if !band.is_empty() {
                out.extend(read_band(segments, std::mem::take(&mut band), &side));
            }
            across.push(i);
        }
    }
    out.extend(by_lines(segments, across));
    out.extend(read_band(segments, band, &side));
    out
}

/// A band between lines that cross the gutter: its left column, then its right, unless its two
/// sides were drawn row by row on shared baselines (a table, or columns as `pdftotext -layout`
/// writes them), which the text cleaner reads from the rows the writer gives them.
fn read_band(
    segments: &[Segment],
    mut band: Vec<usize>,
    side: &dyn Fn(usize) -> Option<bool>,
) -> Vec<usize> {
    band.sort_unstable();
    let (right, left): (Vec<usize>, Vec<usize>) =
        band.iter().partition(|&&i| side(i) == Some(true));
    let fewer = left.len().min(right.len());
    let switches = band.windows(2).filter(|w| side(w[0]) != side(w[1])).count();
    let shared = left
        .iter()
        .filter(|&&l| {
            right
                .iter()
                .any(|&r| (segments[l].y - segments[r].y).abs() <= segments[l].size * 0.1)
        })
        .count();
    if fewer > 0 && switches >= fewer && shared * 2 >= fewer {
        return band;
    }
    let mut out = order(segments, left);
    out.extend(order(segments, right));
    out
}

/// The segments line by line from the top, each line's in the order they were drawn.
fn by_lines(segments: &[Segment], ids: Vec<usize>) -> Vec<usize> {
    lines(segments, ids).concat()
}

/// The segments as lines from the top (a line: baselines within half a font size of its
/// highest), each line's segments in the order they were drawn.
fn lines(segments: &[Segment], mut ids: Vec<usize>) -> Vec<Vec<usize>> {
    ids.sort_by(|&a, &b| segments[b].y.total_cmp(&segments[a].y).then(a.cmp(&b)));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut top = f64::MAX;
    for i in ids {
        let s = &segments[i];
        match lines.last_mut() {
            Some(line) if s.y >= top - s.size * 0.5 => line.push(i),
            _ => {
                top = s.y;
                lines.push(vec![i]);
            }
        }
    }
    for line in &mut lines {
        line.sort_unstable();
    }
    lines
}

/// Lines on either side of a gutter that make a column: at least this many…
const COLUMN_LINES: usize = 3;
/// … of at least this many words on average (a table's names and figures have fewer).
const COLUMN_WORDS: usize = 3;

/// How wide the gutter at a stretch is: from the columns' facing edges, since a line that
/// crosses the stretch (a running header) may narrow it.
fn opening(segments: &[Segment], ids: &[usize], from: f64, to: f64) -> f64 {
    let (mut edge, mut next) = (f64::MIN, f64::MAX);
    for &i in ids {
        let s = &segments[i];
        if s.right <= from {
            edge = edge.max(s.right);
        } else if s.left >= to {
            next = next.min(s.left);
        }
    }
    next - edge
}

/// A gutter is at least this many font sizes wide (a space between words is a third of one).
const GUTTER_EMS: f64 = 0.8;

/// The widest-held vertical gutter among `ids`: an x-range that at most a quarter of the
/// segments cross (headings and full-width lines do), with columns of prose on both sides.
fn gutter(segments: &[Segment], ids: &[usize]) -> Option<(f64, f64)> {
    if ids.len() < 2 * COLUMN_LINES {
        return None;
    }
    let left = ids
        .iter()
        .map(|&i| segments[i].left)
        .fold(f64::MAX, f64::min);
    let right = ids
        .iter()
        .map(|&i| segments[i].right)
        .fold(f64::MIN, f64::max);
    let mut sizes: Vec<f64> = ids.iter().map(|&i| segments[i].size).collect();
    sizes.sort_by(f64::total_cmp);
    let em = sizes[sizes.len() / 2];
    // Crossings per point of the page's width.
    let width = (right - left).ceil().clamp(0.0, 10_000.0) as usize + 1;
    let mut crossings = vec![0usize; width];
    for &i in ids {
        let s = &segments[i];
        let from = (s.left - left).max(0.0) as usize;
        let to = ((s.right - left).ceil() as usize).min(width);
        crossings[from..to].iter_mut().for_each(|c| *c += 1);
    }
    let allowed = ids.len() / 4;
    let columns = |from: f64, to: f64| {
        let (mut l, mut r, mut lw, mut rw) = (0, 0, 0, 0);
        for &i in ids {
            let s = &segments[i];
            if s.right <= from {
                l += 1;
                lw += s.words;
            } else if s.left >= to {
                r += 1;
                rw += s.words;
            }
        }
        (l >= COLUMN_LINES && r >= COLUMN_LINES && lw >= COLUMN_WORDS * l && rw >= COLUMN_WORDS * r)
            .then_some(l.min(r))
    };
    let mut best: Option<(usize, f64, f64)> = None;
    let mut start = 0;
    for region in crossings.chunk_by(|a, b| (*a <= allowed) == (*b <= allowed)) {
        let region_start = start;
        start += region.len();
        let fewest = region.iter().copied().min().unwrap_or(usize::MAX);
        if fewest > allowed {
            continue;
        }
        // The gutter proper: the widest stretch that the fewest lines cross, so that the lines
        // of a column whose ragged edge reaches into the region are not taken for crossing.
        let (mut at, mut widest, mut offset) = (0, 0, 0);
        for run in region.chunk_by(|a, b| a == b) {
            if run[0] == fewest && run.len() > widest {
                (at, widest) = (offset, run.len());
            }
            offset += run.len();
        }
        let from = left + (region_start + at) as f64;
        let to = from + widest as f64;
        if let Some(held) =
            columns(from, to).filter(|_| opening(segments, ids, from, to) >= GUTTER_EMS * em)
            && best.is_none_or(|(b, f, t)| held > b || (held == b && to - from > t - f))
        {
            best = Some((held, from, to));
        }
    }
    best.map(|(_, from, to)| (from, to))
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
        pdf_extract::OutputDev::end_page(&mut page).unwrap();
        assert_eq!(
            page.text,
            format!("Area x{}24\nPort\n\nNext", " ".repeat(34))
        );
    }

    /// A line of text drawn in one operator, each character half an em wide.
    fn line(page: &mut PageText, x: f64, y: f64, text: &str) {
        use pdf_extract::OutputDev;
        page.begin_word().unwrap();
        for (i, c) in text.chars().enumerate() {
            let trm = pdf_extract::Transform::row_major(1.0, 0.0, 0.0, 1.0, x + 5.0 * i as f64, y);
            page.output_character(&trm, 0.5, 0.0, 10.0, &c.to_string())
                .unwrap();
        }
    }

    /// Two columns of four lines of prose drawn across the page line by line, the right column
    /// `offset` points below the left.
    fn across(offset: f64) -> String {
        let mut page = PageText::default();
        line(&mut page, 100.0, 760.0, "Running header of the strategy");
        for row in 0..4 {
            let y = 700.0 - 14.0 * f64::from(row);
            line(
                &mut page,
                100.0,
                y,
                &format!("left column has line {row} here"),
            );
            line(
                &mut page,
                300.0,
                y - offset,
                &format!("right column has line {row} here"),
            );
        }
        pdf_extract::OutputDev::end_page(&mut page).unwrap();
        page.text
    }

    #[test]
    fn columns_drawn_across_the_page_are_read_one_after_the_other() {
        let left = (0..4).map(|row| format!("left column has line {row} here"));
        let right = (0..4).map(|row| format!("right column has line {row} here"));
        let columns: Vec<String> = left.chain(right).collect();
        assert_eq!(
            across(6.0),
            format!("Running header of the strategy\n\n{}", columns.join("\n"))
        );
        // On shared baselines the rows stay rows, as `pdftotext -layout` writes them: the cleaner
        // tells columns of prose (`text/columns.rs`) from a table (`text/tables.rs`).
        let rows = across(0.0);
        assert_eq!(
            rows.lines().last(),
            Some(
                format!(
                    "left column has line 3 here{}right column has line 3 here",
                    " ".repeat(13)
                )
                .as_str()
            )
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
