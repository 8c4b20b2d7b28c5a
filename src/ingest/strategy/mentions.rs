//! Mentions of known organisations in a sentence, by any recorded spelling or acronym.

use super::organisations::{Registry, chunks, org_key, tokenize};
use crate::model::Lang;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub(super) struct Mention {
    pub(super) org: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// `regionen`: the document's region, but not a place to take a first mention from.
    pub(super) anaphor: bool,
}

/// How Swedish strategies refer to their own region.
const ANAPHORS: [&str; 2] = ["regionen", "regionorganisationen"];

/// Finds organisations by any recorded spelling (case-insensitively) or acronym (exactly).
///
/// Aho-Corasick rather than one regex alternation: the automaton is built for every document, and
/// compiling a regex of a few hundred names took a third of the parse.
pub(super) struct Matcher {
    pub(super) names: Option<Words>,
    pub(super) acronyms: Option<Words>,
    pub(super) by_key: HashMap<String, usize>,
    pub(super) by_acronym: HashMap<String, usize>,
}

/// Whole words out of a fixed list: at each position the longest listed word that starts and ends
/// on a word boundary, scanning left to right without overlaps (what the regex
/// `\b(?:longest|…|shortest)\b` finds).
pub(super) struct Words {
    pub(super) automaton: AhoCorasick,
    pub(super) fold_case: bool,
}

impl Words {
    pub(super) fn new(mut words: Vec<String>, fold_case: bool) -> Option<Self> {
        if fold_case {
            words = words.iter().map(|w| fold_same_len(w)).collect();
        }
        words.sort_unstable();
        words.dedup();
        // A list too big for the automaton (never seen) just finds nothing.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok()?;
        (!words.is_empty()).then_some(Self {
            automaton,
            fold_case,
        })
    }

    /// Byte spans in `s`.
    pub(super) fn find(&self, s: &str) -> Vec<(usize, usize)> {
        let folded;
        let haystack = if self.fold_case {
            folded = fold_same_len(s);
            folded.as_str()
        } else {
            s
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let boundary = |i: usize| {
            let before = haystack[..i].chars().next_back().is_some_and(is_word);
            let after = haystack[i..].chars().next().is_some_and(is_word);
            before != after
        };
        let mut spans: Vec<(usize, usize)> = self
            .automaton
            .find_overlapping_iter(haystack)
            .map(|m| (m.start(), m.end()))
            .filter(|&(start, end)| boundary(start) && boundary(end))
            .collect();
        spans.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut covered_until = 0;
        spans.retain(|&(start, end)| {
            let keep = start >= covered_until;
            if keep {
                covered_until = end;
            }
            keep
        });
        spans
    }
}

/// Lower case where it keeps the byte length, so offsets in the folded text are offsets in `s`.
fn fold_same_len(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

impl Matcher {
    pub(super) fn new(reg: &Registry, region: Option<usize>, language: Lang) -> Self {
        let mut by_key = HashMap::new();
        let mut spellings: Vec<String> = Vec::new();
        for (i, names) in reg.names.iter().enumerate() {
            for n in names {
                by_key.entry(org_key(n)).or_insert(i);
                spellings.push(n.clone());
            }
        }
        if let (Some(r), Lang::Sv) = (region, language) {
            // Swedish strategies refer to their own region as `regionen`.
            for anaphor in ANAPHORS {
                by_key.insert(anaphor.to_string(), r);
                spellings.push(anaphor.to_string());
            }
        }
        let by_acronym: HashMap<String, usize> = reg
            .orgs
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Some((o.acronym.clone()?, i)))
            .collect();
        Self {
            names: Words::new(spellings, true),
            acronyms: Words::new(by_acronym.keys().cloned().collect(), false),
            by_key,
            by_acronym,
        }
    }

    pub(super) fn mentions(&self, s: &str) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        for (start, end) in self.names.iter().flat_map(|w| w.find(s)) {
            let key = org_key(&s[start..end]);
            if let Some(&org) = self.by_key.get(&key) {
                found.push(Mention {
                    org,
                    start,
                    end,
                    anaphor: ANAPHORS.contains(&key.as_str()),
                });
            }
        }
        for (start, end) in self.acronyms.iter().flat_map(|w| w.find(s)) {
            let overlaps = found.iter().any(|f| f.start < end && start < f.end);
            if let (false, Some(&org)) = (overlaps, self.by_acronym.get(&s[start..end])) {
                found.push(Mention {
                    org,
                    start,
                    end,
                    anaphor: false,
                });
            }
        }
        found.sort_by_key(|m| m.start);
        found
    }
}

/// The mention starting at `pos`, after an optional article.
pub(super) fn mention_at(ms: &[Mention], s: &str, pos: usize) -> Option<Mention> {
    let rest = &s[pos..];
    let skip = ["the ", "The ", "den ", "det "]
        .iter()
        .find(|a| rest.starts_with(*a))
        .map_or(0, |a| a.len());
    ms.iter().find(|m| m.start == pos + skip).copied()
}

/// Mentions in the clause that ends at `pos` (after the last comma, semicolon or colon).
pub(super) fn clause_before(ms: &[Mention], s: &str, pos: usize) -> Vec<Mention> {
    let clause_start = s[..pos].rfind([',', ';', ':']).map_or(0, |i| i + 1);
    ms.iter()
        .filter(|m| m.start >= clause_start && m.end <= pos)
        .copied()
        .collect()
}

/// The organisation named at `pos`: a mention, or a capitalised phrase that is the start of
/// exactly one known name (`the European University` → `European University for Well-Being`).
pub(super) fn resolve_at(
    ms: &[Mention],
    reg: &Registry,
    s: &str,
    pos: usize,
) -> Option<(usize, usize)> {
    if let Some(m) = mention_at(ms, s, pos) {
        return Some((m.org, m.end));
    }
    let toks = tokenize(&s[pos..]);
    let chunk = chunks(&toks).into_iter().find(|c| c.start == 0)?;
    if chunk.toks.len() < 2 {
        return None;
    }
    let phrase = org_key(&s[pos..pos + chunk.end]);
    let mut matches = reg
        .names
        .iter()
        .enumerate()
        .filter(|(_, names)| names.iter().any(|n| org_key(n).starts_with(&phrase)));
    match (matches.next(), matches.next()) {
        (Some((i, _)), None) => Some((i, pos + chunk.end)),
        _ => None,
    }
}
