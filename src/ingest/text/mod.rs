//! Cleaning of prose documents (PDF text extractions and scraped web pages) into paragraphs that
//! still point at their source lines, plus the sentence splitter and language guess shared by the
//! prose parsers.
//!
//! Pages set in two columns are first put in reading order (`columns.rs`), each line keeping its
//! source line. Every source line is classified (prose, bullet, blank, or dropped with a reason);
//! labels and captions around dropped rows of figures go with the table; the rest is assembled
//! into paragraphs, undoing hard wraps and end-of-line hyphenation (decided with the document's
//! own vocabulary: `organisatio-|ner` joins, `life science-|sektorn` keeps its hyphen,
//! `hälso-|och` stays an elided compound). Short lines that stop a block are headings, and sentences that a
//! PDF page interrupted with a side box are rejoined.

use crate::model::Line;
use hyphenation::Lexicon;
use lines::{classify_lines, drop_table_context};
use paragraphs::assemble;
use serde::Serialize;

/// A regex compiled on first use; the patterns are literals, so compiling cannot fail.
macro_rules! regex {
    ($pattern:expr) => {
        LazyLock::new(|| Regex::new($pattern).expect("static regex is valid"))
    };
}

mod columns;
mod hyphenation;
mod language;
mod lines;
mod paragraphs;
mod sentences;
mod tables;

pub use language::detect_language;
pub(crate) use lines::GLOSSARY_ENTRY;
pub use sentences::{sentence_spans, sentences};

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
    /// An item nested under the list item before it (`a) …` under `1. …`, `◦` under `•`).
    pub is_subitem: bool,
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
    /// The title of a group of a table's rows, in a row of its own (`PILLAR I – DIGITAL
    /// SLOVENIA`): it names the group, not an area.
    TableGroup,
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
            Self::TableGroup => "tableGroup",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    pub line: Line,
    pub reason: DropReason,
    pub text: String,
}

/// Whether `word` is one of the space-separated `words`.
pub(crate) fn among(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w == word)
}

/// Cleans `text` into paragraphs. Never fails: anything that is not prose is dropped or kept as is.
pub fn clean(text: &str) -> CleanText {
    let mut lines = classify_lines(text);
    drop_table_context(&mut lines);
    let lexicon = Lexicon::new(&lines);
    assemble(lines, &lexicon)
}

#[cfg(test)]
pub(crate) mod tests;
