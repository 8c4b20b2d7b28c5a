//! The sentence splitter shared by the prose parsers.

use super::among;
use super::paragraphs::CLOSERS;
use std::ops::Range;

/// Tokens ending in a full stop that do not end a sentence (compared lowercased).
pub(super) const ABBREVIATIONS: &str = "t.ex. s.k. bl.a. e.g. i.e. dr. mr. mrs. ms. prof. fig. nr. no. vol. \
    ca. resp. jfr. dvs. d.v.s. m.fl. st. inc. ltd. vs. approx. t.o.m. fr.o.m. p.g.a. pga. enl. \
    kap. sid. s. p. pp. jan. feb. aug. sept. okt. oct. nov. dec. art. cf. al. mm. ff.";

pub(super) fn is_abbreviation(text: &str, dot: usize) -> bool {
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

pub(super) fn push_trimmed(text: &str, range: Range<usize>, spans: &mut Vec<Range<usize>>) {
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
