//! Assembly of classified lines into paragraphs: hard wraps undone, headings marked, and sentences
//! that a PDF page interrupted with a side box rejoined.

use super::hyphenation::{Lexicon, join_text};
use super::lines::{
    GLOSSARY_ENTRY, Kind, NUMBERED_LABEL, SrcLine, collapse_whitespace, word_count,
};
use super::{CleanText, Dropped, Paragraph, among};

/// The typical length of a hard-wrapped line, if the document is hard-wrapped at all.
///
/// Only lines that a sentence runs on from count (the next line starts in lowercase or the line
/// ends in a hyphen): a web page puts each block on a line of its own, and its menu entries and
/// headings over capitalised sentences would otherwise pass for a narrow wrap.
pub(super) fn wrap_width(lines: &[SrcLine]) -> Option<usize> {
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

pub(super) const CLOSERS: &[char] = &['”', '"', '’', '\'', ')', ']', '»'];

pub(super) fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', ':', ';'])
}

/// Whether the first word is an ordinary lowercase word (`avseende`, not `eHealth`).
pub(super) fn starts_lowercase(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && !w.chars().any(char::is_uppercase)
    })
}

pub(super) struct Draft {
    pub(super) paragraph: Paragraph,
    pub(super) last_len: usize,
}

impl Draft {
    pub(super) fn new(l: &SrcLine) -> Self {
        Self {
            paragraph: Paragraph {
                text: l.text.clone(),
                line: l.line,
                is_heading: false,
                is_bullet: l.kind == Kind::Bullet,
                is_subitem: l.nested,
                line_starts: vec![(0, l.line)],
            },
            last_len: l.text.chars().count(),
        }
    }

    /// Whether line `l` continues this paragraph; `gap` means a blank or dropped line came between.
    pub(super) fn continues_with(&self, l: &SrcLine, gap: bool, wrap: Option<usize>) -> bool {
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
        if hyphenated || text.ends_with(',') || starts_lowercase(&l.text) || ends_open(text) {
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
        // A title alone at the foot of a page (a cover's subtitle, a heading whose section starts
        // overleaf) ends there; a sentence that runs over the page break is rarely one line.
        if l.page_start && self.paragraph.line_starts.len() == 1 && looks_like_heading(text) {
            return false;
        }
        // A title alone on its line, broken where the next line's first word would still have
        // fit, was broken on purpose: `4.2 Microelectronics and communication technologies`
        // over its description, not a sentence wrapped onto the next line.
        let first_word = l
            .text
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        let room = wrap.is_some_and(|w| self.last_len + 1 + first_word < w);
        if room && self.paragraph.line_starts.len() == 1 && looks_like_heading(text) {
            return false;
        }
        // A line that stops well short of the wrap width ends its paragraph (or is a heading).
        // Without a known width (a short text), a line as long as a printed one that does not
        // end its sentence runs on (`… Office of the Łódzkie` / `Voivodeship with …`).
        let short = match wrap {
            Some(w) => self.last_len * 10 < w * 6,
            None => self.last_len < 60 || ends_sentence(text),
        };
        !(short || (l.page_start && ends_sentence(text)))
    }

    pub(super) fn append(&mut self, l: &SrcLine, lexicon: &Lexicon) {
        join_text(&mut self.paragraph.text, &l.text, lexicon);
        let offset = self.paragraph.text.len() - l.text.len();
        self.paragraph.line_starts.push((offset, l.line));
        self.last_len = l.text.chars().count();
    }
}

/// Whether a line stops on a word that cannot end a sentence or a title (`… together with the`,
/// `… in Kozani and`): the next line goes on with it.
fn ends_open(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or_default().to_lowercase();
    text.contains(' ')
        && among(
            "the an of and or to for with by in on from at as och samt eller av för med till på från som att",
            &last,
        )
}

pub(super) fn looks_like_heading(text: &str) -> bool {
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

pub(super) fn assemble(lines: Vec<SrcLine>, lexicon: &Lexicon) -> CleanText {
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

pub(super) fn mark_headings(paragraphs: &mut [Paragraph]) {
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
pub(super) fn rejoin_interrupted(paragraphs: &mut Vec<Paragraph>, lexicon: &Lexicon) {
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
