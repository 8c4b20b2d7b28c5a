//! PDF documents → their text, line by line, with the page of every line.
//!
//! The text of each page comes from `pdf-extract` (chosen by measurement, see BENCHMARKS.md:
//! it keeps the reading order of two-column pages and the hyphens at line ends, which the prose
//! cleaner of `text.rs` undoes with the document's own vocabulary). This module removes what a
//! layout repeats on every page: running headers and footers (the same line, up to its digits,
//! among the first or last lines of at least half of the pages) and bare page numbers. Pages are
//! joined as `pdftotext` joins them, each starting with a form feed, so that the cleaner knows
//! where a page began; `pages` says on which page each output line stands.

use crate::model::Lang;
use std::collections::HashMap;

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
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(PdfError::Unreadable)?;
    let language = declared_language(bytes);
    let pages: Vec<Vec<String>> = pages.iter().map(|page| page_lines(page)).collect();
    if pages
        .iter()
        .all(|lines| lines.iter().all(|l| l.trim().is_empty()))
    {
        return Err(PdfError::NoText { pages: pages.len() });
    }
    Ok(join(strip_furniture(pages), language))
}

/// A page's lines without trailing blanks, control characters turned into spaces.
fn page_lines(page: &str) -> Vec<String> {
    let lines: Vec<String> = page
        .lines()
        .map(|line| {
            line.chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
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
fn declared_language(bytes: &[u8]) -> Option<Lang> {
    let document = lopdf::Document::load_mem(bytes).ok()?;
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

    #[test]
    fn a_broken_pdf_is_an_error_not_a_panic() {
        assert!(matches!(
            extract(b"%PDF-1.4\nthis is not a PDF body"),
            Err(PdfError::Unreadable(_))
        ));
    }
}
