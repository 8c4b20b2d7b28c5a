//! End-of-line hyphens undone with the document's own vocabulary: `organisatio-|ner` joins,
//! `life science-|sektorn` keeps its hyphen, `hälso-|och` stays an elided compound.

use super::among;
use super::lines::{Kind, SrcLine};
use std::collections::{BTreeSet, HashSet};

/// Words after which an end-of-line hyphen marks an elided compound (`hälso- och sjukvård`).
pub(super) const ELISION_CONJUNCTIONS: &str =
    "och eller samt som respektive resp till and or nor to";

/// The document's own vocabulary, used to decide how to undo an end-of-line hyphen.
pub(super) struct Lexicon {
    pub(super) words: BTreeSet<String>,
    /// First parts of in-line hyphen compounds (`science` from `science-sektorn`).
    pub(super) hyphen_heads: HashSet<String>,
}

pub(super) enum Join {
    /// `organisatio-` + `ner` → `organisationer`.
    RemoveHyphen,
    /// `life science-` + `sektorn` → `life science-sektorn`.
    KeepHyphen,
    /// `hälso-` + `och` → `hälso- och`; also a spaced dash.
    Space,
}

pub(super) fn trim_word(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
}

impl Lexicon {
    pub(super) fn new(lines: &[SrcLine]) -> Self {
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

    pub(super) fn has_prefix(&self, prefix: &str) -> bool {
        self.words
            .range(prefix.to_string()..)
            .next()
            .is_some_and(|w| w.starts_with(prefix))
    }

    /// How `before` (ending in `-`) joins the next line `after`.
    pub(super) fn join(&self, before: &str, after: &str) -> Join {
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

/// Appends `next` to `text`, undoing an end-of-line hyphen.
pub(super) fn join_text(text: &mut String, next: &str, lexicon: &Lexicon) {
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
