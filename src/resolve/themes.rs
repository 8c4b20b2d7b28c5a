//! Finds the themes of `ontology/themes.ttl` in free text (strategies, profiles, CORDIS abstracts).
//!
//! The caller loads [`ThemeEntry`]s from the vocabulary; this module only matches their labels.
//! All labels of a theme (preferred, alternative and hidden) are searched at once with one
//! Aho-Corasick automaton over a normalised copy of the text, and every candidate is then checked
//! against the rules below, which exist because the sources mix Swedish compounds, English
//! plurals and acronyms that are also fragments of ordinary words.
//!
//! # Matching rules
//!
//! - **Case-insensitive** with full Unicode lowercasing (`Ö`, `É`, `İ`), so `Precisionsmedicin`
//!   matches `precisionsmedicin`. Diacritics are significant: Swedish `ö` never matches `o`.
//! - **Whitespace-insensitive**: any run of whitespace in the text (spaces, line breaks, NBSP)
//!   matches a single space in a label.
//! - **Line-break hyphenation is undone**: a hyphen directly followed by a line break (and
//!   indentation) between a letter and a lowercase letter is dropped with the break, because PDF
//!   extraction leaves `precisions-\nmedicin` for `precisionsmedicin`. The hyphen stays when the
//!   next word is a conjunction (`hälso-\noch sjukvård`). A soft hyphen (U+00AD) is ignored.
//! - A label must **start at a word boundary**: the character before it is not alphanumeric.
//!   Hyphens and punctuation are boundaries on both sides, so `AI-tillämpningar` and
//!   `eHealth-clusters` match.
//! - **Short labels (≤ 4 characters) and all-caps labels** (`AI`, `ATMP`, `RWD`, `COVID-19`) are
//!   case-sensitive and must be whole words, so `ai` inside `said` or `Kai` never matches. A short
//!   label written in lower case also matches with a capital first letter (sentence start), and an
//!   all-caps label may take a plural `s` (`PROMs`).
//! - Other labels may be followed by the rest of a word, depending on the label's language:
//!   - Swedish (`@sv`): any continuation, for compounds and inflections (`biobank` matches
//!     `biobanker` and `biobanksinfrastruktur`, `precisionsmedicin` matches `precisionsmedicinen`).
//!   - Swedish inner words may also take the adjective endings `-a` and `-t`, so `hållbar
//!     produktion` matches `hållbara produktionen` and `cirkulär ekonomi` `cirkulära ekonomin`.
//!   - English (`@en`) and untagged labels: only a plural or possessive (`s`, `es`, `'s`, and `ies`
//!     for a label ending in consonant + `y`) or a hyphenated continuation, so `clinical trial`
//!     matches `clinical trials` but `care` never matches `career`. A last word in `-tion`,
//!     `-isation`, `-ing` or a silent `-e` is matched in its inflections instead, from a stem of
//!     at least four letters and with a fixed list of endings: `prevention` matches `prevent`,
//!     `preventing` and `prevented`; `digitalisation` matches `digitalised` and `digitalising`;
//!     `manufacturing` matches `manufactured`. Other continuations (`preventive`, `carer`) do not.
//! - **Overlaps**: scanning left to right, the longest label wins at a position and matches that
//!   start inside an accepted match are dropped, so `cancer care` is not also `care`. Labels with
//!   identical text in several themes report all of them.
//! - Each theme is reported once, with the exact substring of the first occurrence (including the
//!   suffix that was allowed) and its byte offset in the original text, in order of occurrence.

use crate::model::{Lang, ThemeId};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// How a label is used in SKOS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    Pref,
    Alt,
    Hidden,
}

/// One `skos:prefLabel`, `skos:altLabel` or `skos:hiddenLabel` of a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeLabel {
    pub text: String,
    pub lang: Option<Lang>,
    pub kind: LabelKind,
}

/// A theme concept as loaded from the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeEntry {
    pub id: ThemeId,
    pub labels: Vec<ThemeLabel>,
    pub broader: Vec<ThemeId>,
}

/// A theme found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeHit {
    pub theme: ThemeId,
    /// The exact substring of the input that matched, including an allowed suffix.
    pub matched: String,
    /// Byte offset of `matched` in the input.
    pub start: usize,
}

/// What may follow a label inside the same word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Nothing, or a lowercase plural `s` after an all-caps label.
    WholeWord { plural_s: bool },
    /// Any letters or digits: Swedish compounds and inflections.
    AnySuffix,
    /// `s` or `es`: English plurals.
    Plural,
    /// One of these endings after an English stem: the label's last word inflected
    /// (`prevent` + `ion`/`ing`/`ed`, `digitalis` + `ation`/`ed`/`ing`).
    Inflected(&'static [&'static str]),
}

/// How one label of one theme is matched.
#[derive(Debug, Clone)]
struct Rule {
    entry: usize,
    tail: Tail,
    /// Accepted original spellings (whitespace-collapsed) for case-sensitive labels.
    exact: Option<Vec<String>>,
    /// A bare head word that the theme's preferred label narrows ([`is_generic`]).
    generic: bool,
}

/// All theme labels compiled into one automaton.
#[derive(Debug, Clone)]
pub struct ThemeIndex {
    entries: Vec<ThemeEntry>,
    by_id: HashMap<ThemeId, usize>,
    automaton: AhoCorasick,
    /// The rules of each automaton pattern; several labels may share one normalised text.
    rules: Vec<Vec<Rule>>,
}

/// A checked candidate, in normalised-text byte offsets.
struct Candidate {
    start: usize,
    label_end: usize,
    end: usize,
    entry: usize,
    generic: bool,
}

impl ThemeIndex {
    /// Compiles the labels of `entries`.
    ///
    /// # Panics
    ///
    /// Only if the labels exceed the automaton's size limits (billions of states), which no
    /// vocabulary file approaches.
    pub fn new(entries: Vec<ThemeEntry>) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut rules: Vec<Vec<Rule>> = Vec::new();
        for (entry, theme) in entries.iter().enumerate() {
            for label in &theme.labels {
                let generic = is_generic(label, theme);
                for (pattern, mut rule) in label_rules(entry, label) {
                    rule.generic = generic;
                    let id = *pattern_ids.entry(pattern.clone()).or_insert_with(|| {
                        patterns.push(pattern);
                        rules.push(Vec::new());
                        rules.len() - 1
                    });
                    rules[id].push(rule);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("theme labels fit in an Aho-Corasick automaton");
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| (entry.id.clone(), index))
            .collect();
        Self {
            entries,
            by_id,
            automaton,
            rules,
        }
    }

    pub fn entries(&self) -> &[ThemeEntry] {
        &self.entries
    }

    pub fn get(&self, id: &ThemeId) -> Option<&ThemeEntry> {
        self.by_id.get(id).map(|&index| &self.entries[index])
    }

    /// The `skos:prefLabel` of a theme in `lang`, if the vocabulary has one.
    pub fn pref_label(&self, id: &ThemeId, lang: Lang) -> Option<&str> {
        self.get(id)?
            .labels
            .iter()
            .find(|label| label.kind == LabelKind::Pref && label.lang == Some(lang))
            .map(|label| label.text.as_str())
    }

    /// All themes mentioned in `text`, each once, with the surface form matched (first
    /// occurrence), in order of first occurrence.
    pub fn find(&self, text: &str) -> Vec<ThemeHit> {
        self.hits(text, &|_| true)
    }

    /// The themes `text` names specifically: as [`find`](Self::find), without the matches of bare
    /// head words that the theme's preferred label narrows (`industry` is not `life-science
    /// industry and business`, `infrastruktur` not `forskningsinfrastruktur`). For short texts that
    /// name one thing, like a priority area's name.
    pub fn find_specific(&self, text: &str) -> Vec<ThemeHit> {
        self.hits(text, &|_| false)
    }

    /// The themes of a name (a priority area's label): as [`find`](Self::find), but a bare head
    /// word that a theme's preferred label narrows does not place the name when it is the name's
    /// head (`Smart industry`, `Industry of the future`, `Digitala infrastrukturer`); as a
    /// modifier or complement (`business collaboration`, `Digitalisation of industry`) it does.
    pub fn find_in_name(&self, name: &str) -> Vec<ThemeHit> {
        let heads = head_words(name);
        self.hits(name, &|start| !heads.iter().any(|h| h.contains(&start)))
    }

    /// The themes that a bare word of a name stands for: a part of the name (between `and`,
    /// `och`, `&`, commas and dashes) that is a whole conjunct of a theme's preferred label
    /// (`Health` and `Health – medicine` of `health and life science`, `Miljö` of `klimat och
    /// miljö`). Strategies name areas by such a word alone; no label holds it, because in running
    /// text the bare word says too little (`health` of a workforce, `environment` of a business).
    pub fn find_conjuncts(&self, name: &str) -> Vec<ThemeHit> {
        let mut hits: Vec<ThemeHit> = Vec::new();
        for (start, written) in conjuncts(name) {
            let part = written.to_lowercase();
            for entry in &self.entries {
                let heads = entry
                    .labels
                    .iter()
                    .filter(|l| l.kind == LabelKind::Pref)
                    .any(|l| {
                        let pref = l.text.to_lowercase();
                        let parts = conjuncts(&pref);
                        parts.len() >= 2 && parts.iter().any(|(_, p)| *p == part)
                    });
                if heads && hits.iter().all(|h| h.theme != entry.id) {
                    hits.push(ThemeHit {
                        theme: entry.id.clone(),
                        matched: written.to_string(),
                        start,
                    });
                }
            }
        }
        hits
    }

    /// `keep_generic` says whether a match of a generic label starting at a byte offset of
    /// `text` counts.
    fn hits(&self, text: &str, keep_generic: &dyn Fn(usize) -> bool) -> Vec<ThemeHit> {
        let norm = normalize(text, true);
        let mut candidates = Vec::new();
        for found in self.automaton.find_overlapping_iter(&norm.text) {
            for rule in &self.rules[found.pattern().as_usize()] {
                if let Some(end) = check(text, &norm, found.start(), found.end(), rule) {
                    // An inflected label's pattern is its stem: the whole word is the label.
                    let label_end = match rule.tail {
                        Tail::Inflected(_) => end,
                        _ => found.end(),
                    };
                    candidates.push(Candidate {
                        start: found.start(),
                        label_end,
                        end,
                        entry: rule.entry,
                        generic: rule.generic,
                    });
                }
            }
        }
        // Leftmost first, then longest label, so the first candidate at a start is the winner.
        candidates
            .sort_by(|a, b| (a.start, b.label_end, b.end).cmp(&(b.start, a.label_end, a.end)));

        let mut hits = Vec::new();
        let mut seen = HashSet::new();
        let mut covered_until = 0;
        let mut winner: Option<(usize, usize)> = None;
        for candidate in &candidates {
            let same_label_as_winner = winner == Some((candidate.start, candidate.label_end));
            if candidate.start < covered_until && !same_label_as_winner {
                continue;
            }
            winner = Some((candidate.start, candidate.label_end));
            covered_until = covered_until.max(candidate.end);
            let (start, end) = norm.original_range(candidate.start, candidate.end);
            if (!candidate.generic || keep_generic(start)) && seen.insert(candidate.entry) {
                hits.push(ThemeHit {
                    theme: self.entries[candidate.entry].id.clone(),
                    matched: text[start..end].to_string(),
                    start,
                });
            }
        }
        hits
    }
}

/// Whether `label` is a bare head word that a preferred label of `theme` narrows with a modifier,
/// so that alone it names something broader than the theme: `industry` and `business` of
/// `life-science industry and business` (a modifier carries over a conjunction from a modified
/// word), `infrastructure` of `research infrastructure`, the compound tails `infrastruktur` of
/// `forskningsinfrastruktur` and `företag` of `life science-företag`. A first conjunct
/// (`tourism` of `tourism and the visitor economy`) is not narrowed.
fn is_generic(label: &ThemeLabel, theme: &ThemeEntry) -> bool {
    let word = label.text.to_lowercase();
    if label.kind == LabelKind::Pref || word.contains(char::is_whitespace) {
        return false;
    }
    if lacks_domain(&word, label.lang, theme) {
        return true;
    }
    let conjunction = |w: &str| among_words("and och or eller & the of for för in i", w);
    theme
        .labels
        .iter()
        .filter(|l| l.kind == LabelKind::Pref)
        .any(|pref| {
            let pref = pref.text.to_lowercase();
            let words: Vec<&str> = pref
                .split_whitespace()
                .map(|w| w.trim_end_matches(','))
                .collect();
            let mut narrowed = vec![false; words.len()];
            for i in 1..words.len() {
                narrowed[i] = if conjunction(words[i - 1]) {
                    i >= 2 && narrowed[i - 2] && !conjunction(words[i])
                } else {
                    !conjunction(words[i])
                };
            }
            let compound_tail = |w: &str| {
                w.len() > word.len()
                    && (w.ends_with(&format!("-{word}"))
                        || (label.lang == Some(Lang::Sv) && w.ends_with(word.as_str())))
            };
            words
                .iter()
                .zip(&narrowed)
                .any(|(w, &narrowed)| (narrowed && *w == word) || compound_tail(w))
        })
}

/// Whether a one-word label lacks the domain that a preferred label (in the label's language)
/// puts before its coordinated heads (`M H1 and H2`, H2 one word): `life-science industry and business` is business of one
/// domain, so its labels `company`, `export` and `SME`, which lack `life science`, name business
/// in general (`life science-företag och näringsliv` likewise for `företag`). A list (`policy,
/// ethics and regulation`) or an elided compound (`hälso- och sjukvård`) has no such domain.
fn lacks_domain(word: &str, lang: Option<Lang>, theme: &ThemeEntry) -> bool {
    let spaced = |t: &str| t.replace('-', " ");
    theme
        .labels
        .iter()
        .filter(|l| l.kind == LabelKind::Pref && (lang.is_none() || l.lang == lang))
        .any(|pref| {
            let pref = pref.text.to_lowercase();
            let words: Vec<&str> = pref.split_whitespace().collect();
            let Some(conj) = words.iter().position(|w| among_words("and och", w)) else {
                return false;
            };
            // `smart cities and urban development`: a second conjunct with a modifier of its
            // own shows that the first modifier is not shared.
            if conj < 2
                || words.len() != conj + 2
                || words[..conj].iter().any(|w| w.ends_with([',', '-']))
            {
                return false;
            }
            // The modifier: the words before the first head, and the part of a compound head
            // before its hyphen (`life science-företag`).
            let mut domain: Vec<&str> = words[..conj - 1].to_vec();
            if let Some((modifier, _)) = words[conj - 1].rsplit_once('-') {
                domain.push(modifier);
            }
            let domain = spaced(&domain.join(" "));
            !domain.is_empty() && !spaced(word).contains(&domain)
        })
}

/// The byte ranges of the head words of a name: the last word before a preposition of each
/// conjunct of its first clause (`Smart industry`, `Industry of the future`, `textile and
/// fashion industry`, `Digitala infrastrukturer och datacenter`).
fn head_words(name: &str) -> Vec<std::ops::Range<usize>> {
    let clause = name
        .find([',', ';', ':', '(', '–'])
        .map_or(name, |end| &name[..end]);
    let mut heads = Vec::new();
    let mut last = None;
    let mut complement = false;
    let mut offset = 0;
    for word in clause.split_whitespace() {
        let start = offset + clause[offset..].find(word).unwrap_or(0);
        offset = start + word.len();
        let lower = word.to_lowercase();
        if among_words("and och or eller samt &", &lower) {
            heads.extend(last.take());
            complement = false;
        } else if among_words(
            "of for with in on to from between by av för med i inom på till från mellan",
            &lower,
        ) {
            heads.extend(last.take());
            complement = true;
        } else if !complement {
            last = Some(start..start + word.len());
        }
    }
    heads.extend(last);
    heads
}

/// The coordinated parts of a name or label with their byte offsets: `health and life science` →
/// `health`, `life science`; `Health – medicine` → `Health`, `medicine`. The first part of an
/// elided compound (`forsknings- och innovationssystem`) is no word of its own and is left out.
fn conjuncts(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut push = |from: usize, to: usize| {
        let part = text[from..to].trim();
        if !part.is_empty() && !part.ends_with('-') {
            parts.push((from + text[from..to].find(part).unwrap_or(0), part));
        }
    };
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    for (at, word) in words {
        let separator = among_words("and och & – — -", &word.to_lowercase());
        let comma = word.ends_with([',', ';']);
        if separator {
            push(start, at);
            start = at + word.len();
        } else if comma {
            push(start, at + word.len() - 1);
            start = at + word.len();
        }
    }
    push(start, text.len());
    parts
}

fn among_words(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w == word)
}

/// The automaton patterns and rules for one label; empty for a blank label.
fn label_rules(entry: usize, label: &ThemeLabel) -> Vec<(String, Rule)> {
    let pattern = normalize(&label.text, true).text;
    if pattern.is_empty() {
        return Vec::new();
    }
    let original = normalize(&label.text, false).text;
    let all_caps = original.chars().any(char::is_alphabetic)
        && original
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if all_caps || original.chars().count() <= 4 {
        let mut exact = vec![original.clone()];
        let mut chars = original.chars();
        if let Some(first) = chars.next().filter(|c| c.is_lowercase()) {
            exact.push(first.to_uppercase().chain(chars).collect());
        }
        let rule = Rule {
            entry,
            tail: Tail::WholeWord { plural_s: all_caps },
            exact: Some(exact),
            generic: false,
        };
        return vec![(pattern, rule)];
    }
    if label.lang == Some(Lang::Sv) {
        let rule = Rule {
            entry,
            tail: Tail::AnySuffix,
            exact: None,
            generic: false,
        };
        return swedish_variants(&pattern)
            .into_iter()
            .map(|variant| (variant, rule.clone()))
            .collect();
    }
    if let Some((stem, endings)) = english_stem(&pattern) {
        let rule = Rule {
            entry,
            tail: Tail::Inflected(endings),
            exact: None,
            generic: false,
        };
        return vec![(stem.to_owned(), rule)];
    }
    let rule = Rule {
        entry,
        tail: Tail::Plural,
        exact: None,
        generic: false,
    };
    let mut out = vec![(pattern.clone(), rule.clone())];
    // English `therapy` → `therapies` is not a suffix of the label, so it gets its own pattern.
    let mut stem = pattern.chars();
    if stem.next_back() == Some('y') && stem.clone().next_back().is_some_and(|c| !is_vowel(c)) {
        out.push((format!("{}ies", stem.as_str()), rule));
    }
    out
}

/// Endings of the words of `-isation`/`-ization` (`digitalisation`, `digitalised`, `digitalising`).
const ISATION: &[&str] = &["ation", "ations", "e", "ed", "es", "ing"];
/// Endings of the words of `-tion` (`prevention`, `prevent`, `preventing`, `prevented`).
const TION: &[&str] = &["ion", "ions", "", "s", "e", "ed", "es", "ing"];
/// Endings of the words of `-ing` (`manufacturing`, `manufacture`, `manufactured`).
const ING: &[&str] = &["ing", "ings", "e", "ed", "es"];
/// Endings of the words of a final silent `e` (`governance`, `agriculture`).
const SILENT_E: &[&str] = &["e", "es", "ed", "ing"];

/// The stem an English label's last word is inflected from, and the endings that inflect it.
/// Stems keep at least four letters of the word, so `mining` or `care` only match as written,
/// and an ending must follow the stem exactly, so `care` never matches `career`.
fn english_stem(pattern: &str) -> Option<(&str, &'static [&'static str])> {
    let word_start = pattern.rfind(' ').map_or(0, |i| i + 1);
    let word = &pattern[word_start..];
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let (cut, endings) = if word.ends_with("isation") || word.ends_with("ization") {
        ("ation".len(), ISATION)
    } else if word.ends_with("tion") {
        ("ion".len(), TION)
    } else if word.ends_with("ing") {
        ("ing".len(), ING)
    } else if word.ends_with('e') && !word.ends_with("ee") && word.chars().count() >= 6 {
        (1, SILENT_E)
    } else {
        return None;
    };
    let stem_len = word.len() - cut;
    (word[..stem_len].chars().count() >= 4).then(|| (&pattern[..word_start + stem_len], endings))
}

/// Words that join the parts of a Swedish label and are never inflected.
const SWEDISH_FUNCTION_WORDS: &str = "och eller samt för i av med på till om inom";

/// A Swedish label and its forms with inflected inner words: adjectives before the last word take
/// `-a` or `-t` (`hållbar produktion` → `hållbara produktionen`, `digitalt stöd`); the last
/// word takes any suffix through [`Tail::AnySuffix`].
fn swedish_variants(pattern: &str) -> Vec<String> {
    let words: Vec<&str> = pattern.split(' ').collect();
    let mut variants = vec![String::new()];
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let inflects = !last
            && word.chars().count() >= 3
            && word.chars().all(char::is_alphabetic)
            && !crate::ingest::text::among(SWEDISH_FUNCTION_WORDS, word);
        let endings: &[&str] = if inflects { &["", "a", "t"] } else { &[""] };
        variants = variants
            .iter()
            .flat_map(|v| {
                endings.iter().map(move |ending| {
                    let sep = if v.is_empty() { "" } else { " " };
                    format!("{v}{sep}{word}{ending}")
                })
            })
            .collect();
    }
    variants
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The normalised-text end of an accepted candidate (after its allowed suffix), or `None`.
fn check(text: &str, norm: &Normalized, start: usize, end: usize, rule: &Rule) -> Option<usize> {
    let before = norm.text[..start].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) || norm.splits_char(start) || norm.splits_char(end)
    {
        return None;
    }
    let suffix_len: usize = norm.text[end..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    let suffix = &norm.text[end..end + suffix_len];
    let suffix_ok = match rule.tail {
        Tail::AnySuffix => true,
        Tail::Plural => matches!(suffix, "" | "s" | "es"),
        Tail::Inflected(endings) => endings.contains(&suffix),
        Tail::WholeWord { plural_s } => {
            suffix.is_empty()
                || (plural_s && suffix == "s" && {
                    let (from, to) = norm.original_range(end, end + 1);
                    &text[from..to] == "s"
                })
        }
    };
    if !suffix_ok {
        return None;
    }
    if let Some(exact) = &rule.exact {
        let (from, to) = norm.original_range(start, end);
        let surface = normalize(&text[from..to], false).text;
        if !exact.contains(&surface) {
            return None;
        }
    }
    Some(end + suffix_len)
}

/// A lowercased, whitespace-collapsed copy of a text that remembers where each byte came from.
struct Normalized {
    text: String,
    /// For each byte of `text`, the byte range of the original character that produced it.
    origin: Vec<(usize, usize)>,
}

impl Normalized {
    fn push(&mut self, c: char, from: usize, to: usize) {
        self.text.push(c);
        self.origin.resize(self.text.len(), (from, to));
    }

    /// The original byte range covering normalised bytes `start..end` (non-empty).
    fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start].0, self.origin[end - 1].1)
    }

    /// Whether `at` falls between two characters that lowercasing produced from one original
    /// character (`İ` → `i̇`), where no match may start or end.
    fn splits_char(&self, at: usize) -> bool {
        at > 0 && at < self.text.len() && self.origin[at - 1] == self.origin[at]
    }
}

const SOFT_HYPHEN: char = '\u{AD}';

fn normalize(input: &str, fold_case: bool) -> Normalized {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let offset = |i: usize| chars.get(i).map_or(input.len(), |&(at, _)| at);
    let mut out = Normalized {
        text: String::with_capacity(input.len()),
        origin: Vec::with_capacity(input.len()),
    };
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            let run = chars[i..]
                .iter()
                .take_while(|(_, c)| c.is_whitespace())
                .count();
            if !out.text.is_empty() && i + run < chars.len() {
                out.push(' ', at, offset(i + run));
            }
            i += run;
            continue;
        }
        if c == SOFT_HYPHEN {
            i += 1;
            continue;
        }
        if c == '-'
            && let Some(next) = line_break_hyphen(&chars, i, out.text.chars().next_back())
        {
            i = next;
            continue;
        }
        if fold_case {
            for lower in c.to_lowercase() {
                out.push(lower, at, offset(i + 1));
            }
        } else {
            out.push(c, at, offset(i + 1));
        }
        i += 1;
    }
    out
}

/// Words after a hyphen that show it elides a shared compound part (`hälso- och sjukvård`) rather
/// than splitting a word across lines.
const CONJUNCTIONS: [&str; 5] = ["och", "eller", "samt", "and", "or"];

/// If the hyphen at `i` only splits a word across lines, the index of the word's continuation.
fn line_break_hyphen(chars: &[(usize, char)], i: usize, before: Option<char>) -> Option<usize> {
    if !before.is_some_and(char::is_alphabetic) {
        return None;
    }
    let at = |j: usize| chars.get(j).map(|&(_, c)| c);
    let mut j = i + 1;
    if at(j) == Some('\r') {
        j += 1;
    }
    if at(j) != Some('\n') {
        return None;
    }
    j += 1;
    while matches!(at(j), Some(' ' | '\t')) {
        j += 1;
    }
    let word: String = chars[j.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let continues_word = word.chars().next().is_some_and(char::is_lowercase)
        && !CONJUNCTIONS.contains(&word.as_str());
    continues_word.then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, lang: Option<Lang>, kind: LabelKind) -> ThemeLabel {
        ThemeLabel {
            text: text.to_string(),
            lang,
            kind,
        }
    }

    /// The ids of the themes `index` finds in `text`, in order.
    fn theme_ids(index: &ThemeIndex, text: &str) -> Vec<String> {
        index
            .find(text)
            .into_iter()
            .map(|h| h.theme.to_string())
            .collect()
    }

    fn theme(id: &str, labels: &[(&str, Option<Lang>)]) -> ThemeEntry {
        ThemeEntry {
            id: ThemeId::new(id),
            labels: labels
                .iter()
                .enumerate()
                .map(|(i, &(text, lang))| {
                    let kind = if i == 0 {
                        LabelKind::Pref
                    } else {
                        LabelKind::Alt
                    };
                    label(text, lang, kind)
                })
                .collect(),
            broader: Vec::new(),
        }
    }

    const EN: Option<Lang> = Some(Lang::En);
    const SV: Option<Lang> = Some(Lang::Sv);

    fn index() -> ThemeIndex {
        ThemeIndex::new(vec![
            theme(
                "biobanks",
                &[("biobanks", EN), ("biobanker", SV), ("biobank", SV)],
            ),
            theme(
                "precision-medicine",
                &[
                    ("precision medicine", EN),
                    ("precisionsmedicin", SV),
                    ("personalised medicine", EN),
                ],
            ),
            theme(
                "artificial-intelligence",
                &[("artificial intelligence", EN), ("AI", None)],
            ),
            theme("health-data", &[("health data", EN), ("RWD", None)]),
            theme(
                "clinical-research",
                &[("clinical research", EN), ("clinical trial", EN)],
            ),
            theme("care", &[("health care", EN), ("care", EN)]),
            theme("healthcare", &[("hälso- och sjukvård", SV)]),
            theme("cancer", &[("cancer", EN), ("cancer care", EN)]),
            theme("digital-health", &[("digital health", EN), ("eHealth", EN)]),
            theme("welfare-technology", &[("välfärdsteknik", SV)]),
            theme("ethics", &[("ethics", EN), ("etik", SV)]),
            theme("therapy", &[("gene therapy", EN)]),
            theme("patient-reported-outcomes", &[("PROM", None)]),
            theme("health-and-life-science", &[("life science", SV)]),
            theme("life-science-business", &[("life science-företag", SV)]),
        ])
    }

    fn found(text: &str) -> Vec<(String, String, usize)> {
        index()
            .find(text)
            .into_iter()
            .map(|hit| (hit.theme.to_string(), hit.matched, hit.start))
            .collect()
    }

    fn themes(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(theme, _, _)| theme).collect()
    }

    #[test]
    fn swedish_labels_match_inflections_and_compounds() {
        assert_eq!(
            found("Fler biobanker och biobanksinfrastruktur."),
            vec![("biobanks".to_string(), "biobanker".to_string(), 5)]
        );
        assert_eq!(
            found("precisionsmedicinen och Välfärdstekniken"),
            vec![
                (
                    "precision-medicine".to_string(),
                    "precisionsmedicinen".to_string(),
                    0
                ),
                (
                    "welfare-technology".to_string(),
                    "Välfärdstekniken".to_string(),
                    24
                ),
            ]
        );
    }

    #[test]
    fn english_labels_take_plurals_but_not_other_suffixes() {
        assert_eq!(
            found("Two clinical trials ran."),
            vec![(
                "clinical-research".to_string(),
                "clinical trials".to_string(),
                4
            )]
        );
        assert_eq!(themes("gene therapies"), vec!["therapy"]);
        assert_eq!(themes("Europe's biobanks"), vec!["biobanks"]);
        assert_eq!(themes("a career in health careers"), Vec::<String>::new());
        assert_eq!(themes("clinical trialists"), Vec::<String>::new());
    }

    #[test]
    fn care_does_not_match_career() {
        assert_eq!(themes("a research career"), Vec::<String>::new());
        assert_eq!(themes("Care closer to citizens"), vec!["care"]);
        assert_eq!(themes("primary care."), vec!["care"]);
    }

    #[test]
    fn acronyms_are_case_sensitive_whole_words() {
        assert_eq!(themes("She said Kai uses ai daily"), Vec::<String>::new());
        assert_eq!(themes("AIM and RWDX"), Vec::<String>::new());
        assert_eq!(
            found("Tillämpad AI och RWD."),
            vec![
                ("artificial-intelligence".to_string(), "AI".to_string(), 11),
                ("health-data".to_string(), "RWD".to_string(), 18),
            ]
        );
        assert_eq!(themes("collected PROMs"), vec!["patient-reported-outcomes"]);
        assert_eq!(themes("Proms"), Vec::<String>::new());
    }

    #[test]
    fn short_lowercase_labels_allow_a_capital_first_letter() {
        assert_eq!(themes("Etik och juridik"), vec!["ethics"]);
        assert_eq!(themes("etiken"), Vec::<String>::new());
        assert_eq!(themes("ETIK"), Vec::<String>::new());
    }

    #[test]
    fn hyphens_are_word_boundaries() {
        assert_eq!(
            found("AI-tillämpningar"),
            vec![("artificial-intelligence".to_string(), "AI".to_string(), 0)]
        );
        assert_eq!(
            themes("AI-assisted diagnostics"),
            vec!["artificial-intelligence"]
        );
        assert_eq!(
            found("eHealth-clusters"),
            vec![("digital-health".to_string(), "eHealth".to_string(), 0)]
        );
        assert_eq!(
            found("sektorns life science-företag växer"),
            vec![(
                "life-science-business".to_string(),
                "life science-företag".to_string(),
                9
            )]
        );
    }

    #[test]
    fn labels_start_at_word_boundaries() {
        assert_eq!(themes("antibiobanks"), Vec::<String>::new());
        assert_eq!(themes("forskningsetik"), Vec::<String>::new());
    }

    #[test]
    fn offsets_refer_to_the_original_text() {
        let text = "Örebro läns ÅTGÄRDER för PRECISIONSMEDICIN";
        let hits = index().find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].matched, "PRECISIONSMEDICIN");
        assert_eq!(&text[hits[0].start..], "PRECISIONSMEDICIN");

        // `İ` lowercases to two characters (three bytes), shifting every later offset.
        let text = "İİİ — Biobanks";
        let hits = index().find(text);
        assert_eq!(hits[0].start, text.find("Biobanks").unwrap_or_default());
        assert_eq!(hits[0].matched, "Biobanks");
    }

    #[test]
    fn longest_label_wins_at_a_position() {
        assert_eq!(
            found("cancer care and care"),
            vec![
                ("cancer".to_string(), "cancer care".to_string(), 0),
                ("care".to_string(), "care".to_string(), 16),
            ]
        );
        assert_eq!(
            found("health care"),
            vec![("care".to_string(), "health care".to_string(), 0)]
        );
    }

    #[test]
    fn whitespace_and_line_breaks_inside_labels() {
        assert_eq!(
            found("on precision\n   medicine"),
            vec![(
                "precision-medicine".to_string(),
                "precision\n   medicine".to_string(),
                3
            )]
        );
        assert_eq!(
            found("personalised\u{a0}medicine"),
            vec![(
                "precision-medicine".to_string(),
                "personalised\u{a0}medicine".to_string(),
                0
            )]
        );
    }

    #[test]
    fn line_break_hyphenation_is_undone() {
        assert_eq!(
            found("inom precisions-\nmedicin"),
            vec![(
                "precision-medicine".to_string(),
                "precisions-\nmedicin".to_string(),
                5
            )]
        );
        // A hyphen before a capital, after a space or before a conjunction is a real hyphen.
        assert_eq!(themes("precisions-\nMedicin"), Vec::<String>::new());
        assert_eq!(themes("bio- \nbanker"), Vec::<String>::new());
        assert_eq!(
            found("i hälso-\noch sjukvården"),
            vec![(
                "healthcare".to_string(),
                "hälso-\noch sjukvården".to_string(),
                2
            )]
        );
    }

    #[test]
    fn each_theme_is_reported_once_at_its_first_occurrence() {
        let hits = index().find("RWD and health data, then AI, then more RWD and AI.");
        let summary: Vec<(&str, &str, usize)> = hits
            .iter()
            .map(|hit| (hit.theme.as_str(), hit.matched.as_str(), hit.start))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("health-data", "RWD", 0),
                ("artificial-intelligence", "AI", 26)
            ]
        );
    }

    #[test]
    fn identical_labels_in_two_themes_report_both() {
        let index = ThemeIndex::new(vec![
            theme("a", &[("egenvård", SV)]),
            theme("b", &[("egenvård", SV)]),
        ]);
        let hits: Vec<String> = index
            .find("Egenvården")
            .into_iter()
            .map(|hit| hit.theme.to_string())
            .collect();
        assert_eq!(hits, vec!["a", "b"]);
    }

    #[test]
    fn english_labels_match_inflections_of_their_last_word() {
        let index = ThemeIndex::new(vec![
            theme(
                "prevention",
                &[("disease prevention", EN), ("prevention", EN)],
            ),
            theme("digital", &[("digitalisation", EN), ("digitalization", EN)]),
            theme("manufacturing", &[("manufacturing", EN)]),
            theme("care", &[("care", EN)]),
            theme("agriculture", &[("agriculture", EN)]),
            theme("mining", &[("mining", EN)]),
        ]);
        let themes = |text: &str| theme_ids(&index, text);
        assert_eq!(themes("preventing ill health and disease"), ["prevention"]);
        assert_eq!(themes("to prevent falls"), ["prevention"]);
        assert_eq!(themes("Prevented cases"), ["prevention"]);
        assert_eq!(themes("digitalised services"), ["digital"]);
        assert_eq!(themes("digitalizing firms; digitalisations"), ["digital"]);
        assert_eq!(themes("manufactured goods"), ["manufacturing"]);
        assert_eq!(themes("agricultures"), ["agriculture"]);
        let found = index.find("we are preventing it");
        assert_eq!(found[0].matched, "preventing");
        // Only the listed endings: these are other words.
        assert!(themes("preventive medicine, a preventer").is_empty());
        assert!(themes("digitalist and digitalis plants").is_empty());
        assert!(themes("manufacturer").is_empty());
        assert!(themes("a research career, carers").is_empty());
        // Stems of fewer than four letters are not inflected: `mining` is not `mine` or `mines`.
        assert!(themes("a mine of data; mines").is_empty());
        assert_eq!(themes("mining"), ["mining"]);
    }

    #[test]
    fn swedish_labels_match_definite_genitive_and_plural_forms() {
        let index = ThemeIndex::new(vec![
            theme("biobanks", &[("biobank", SV)]),
            theme("digital", &[("digitalisering", SV)]),
            theme("food", &[("livsmedelsindustri", SV)]),
            theme(
                "production",
                &[("hållbar produktion", SV), ("industriell omställning", SV)],
            ),
            theme("circular", &[("cirkulär ekonomi", SV)]),
            theme("care", &[("hälso- och sjukvård", SV)]),
        ]);
        let themes = |text: &str| theme_ids(&index, text);
        assert_eq!(themes("nya biobanker"), ["biobanks"]);
        assert_eq!(themes("Digitaliseringen går fort"), ["digital"]);
        assert_eq!(themes("livsmedelsindustrins behov"), ["food"]);
        assert_eq!(themes("den hållbara produktionen"), ["production"]);
        assert_eq!(themes("en industriell omställning"), ["production"]);
        assert_eq!(themes("industriella omställningen"), ["production"]);
        assert_eq!(
            themes("en cirkulär ekonomi och cirkulärt tänkande"),
            ["circular"]
        );
        assert_eq!(themes("den cirkulära ekonomin"), ["circular"]);
        assert_eq!(themes("hälso- och sjukvårdens"), ["care"]);
        // Inner words take adjective endings only, and labels still start at word boundaries.
        assert!(themes("hållbarhet i produktion").is_empty());
        assert!(themes("ohållbar produktion").is_empty());
    }

    #[test]
    fn the_bundled_vocabulary_tells_ict_from_digital_health() {
        let index = ThemeIndex::new(crate::rdf::builtin_themes());
        let themes = |text: &str| theme_ids(&index, text);
        assert_eq!(
            themes("IKT, tech och digitalisering"),
            ["digital-technology", "digital-transformation"]
        );
        assert_eq!(
            themes("digitalisation of small firms"),
            ["digital-transformation"]
        );
        assert_eq!(themes("eHealth and telemedicine"), ["digital-health"]);
        assert_eq!(
            themes("preventing ill health"),
            ["prevention-public-health"]
        );
        // A career is a matter of skills, not of care.
        assert_eq!(themes("a research career"), ["skills-talent"]);
        assert_eq!(
            themes("industriell omställning genom hållbar produktion"),
            ["sustainable-production"]
        );
        assert_eq!(
            themes("klimat- och miljösatsningar för hållbar stadsutveckling"),
            ["climate-environment", "smart-cities"]
        );
        assert_eq!(themes("livsmedelsindustrins omställning"), ["agri-food"]);
        assert_eq!(
            themes("agri-food, tourism, textiles"),
            ["agri-food", "tourism", "textiles"]
        );
        assert_eq!(themes("construction materials"), ["construction"]);
        assert_eq!(themes("Mobility"), ["transport"]);
        assert_eq!(themes("mobilitetstjänster"), ["transport"]);
        assert_eq!(
            themes("renewable energy and logistics"),
            ["energy", "transport"]
        );
        // Words that only look like a theme: an innovation climate is not the climate.
        assert_eq!(themes("a good innovation climate"), ["innovation-support"]);
        assert!(themes("ett innovativt klimat, Stockholm Life Tech").is_empty());
        assert!(themes("a friend of mine").is_empty());
    }

    #[test]
    fn lookups() {
        let index = index();
        let id = ThemeId::new("precision-medicine");
        assert_eq!(index.pref_label(&id, Lang::En), Some("precision medicine"));
        assert_eq!(index.pref_label(&id, Lang::Sv), None);
        assert_eq!(index.get(&id).map(|entry| entry.labels.len()), Some(3));
        assert!(index.get(&ThemeId::new("nope")).is_none());
        assert_eq!(index.entries().len(), 15);
        assert!(ThemeIndex::new(Vec::new()).find("anything").is_empty());
    }

    #[test]
    fn bare_head_words_that_the_preferred_label_narrows_do_not_place_a_name() {
        let mut business = theme(
            "life-science-business",
            &[
                ("life-science industry and business", EN),
                ("industry", EN),
                ("business", EN),
                ("life science companies", EN),
                ("företag", SV),
            ],
        );
        business.labels.push(label(
            "life science-företag och näringsliv",
            SV,
            LabelKind::Pref,
        ));
        let mut infrastructure = theme(
            "research-infrastructure",
            &[("research infrastructure", EN), ("infrastruktur", SV)],
        );
        infrastructure
            .labels
            .push(label("forskningsinfrastruktur", SV, LabelKind::Pref));
        let tourism = theme(
            "tourism",
            &[("tourism and the visitor economy", EN), ("tourism", EN)],
        );
        let manufacturing = theme(
            "industry-manufacturing",
            &[("manufacturing and industry", EN), ("manufacturing", EN)],
        );
        let generic = |t: &ThemeEntry, text: &str| {
            is_generic(t.labels.iter().find(|l| l.text == text).unwrap(), t)
        };
        assert!(generic(&business, "industry"));
        assert!(generic(&business, "business"), "narrowed over `and`");
        assert!(generic(&business, "företag"), "tail of `science-företag`");
        assert!(!generic(&business, "life science companies"));
        assert!(generic(&infrastructure, "infrastruktur"), "compound tail");
        assert!(!generic(&tourism, "tourism"), "a first conjunct");
        assert!(!generic(&manufacturing, "manufacturing"));

        let index = ThemeIndex::new(vec![business, infrastructure, tourism, manufacturing]);
        let ids = |hits: Vec<ThemeHit>| -> Vec<String> {
            hits.into_iter()
                .map(|h| h.theme.as_str().to_owned())
                .collect()
        };
        assert_eq!(ids(index.find("Smart industry")), ["life-science-business"]);
        assert!(index.find_specific("Smart industry").is_empty());
        assert!(index.find_in_name("Smart industry").is_empty());
        assert!(index.find_in_name("Industry of the future").is_empty());
        assert_eq!(
            ids(index.find_in_name("Care, with business collaboration")),
            ["life-science-business"],
            "a modifier outside the first clause"
        );
        assert_eq!(
            ids(index.find_in_name("Digitalisation of industry")),
            ["life-science-business"],
            "a complement, not the head"
        );
        assert!(index.find_specific("Digitala infrastrukturer").is_empty());
        assert_eq!(
            ids(index.find_specific("Life science companies and tourism")),
            ["life-science-business", "tourism"]
        );
        assert_eq!(
            ids(index.find_specific("Industry and advanced manufacturing")),
            ["industry-manufacturing"]
        );
    }

    #[test]
    fn a_bare_word_of_a_preferred_label_names_its_theme_in_a_name() {
        let index = ThemeIndex::new(crate::rdf::builtin_themes());
        let ids = |name: &str| -> Vec<String> {
            index
                .find_conjuncts(name)
                .into_iter()
                .map(|h| h.theme.to_string())
                .collect()
        };
        assert_eq!(ids("Health"), ["health-life-science"]);
        assert_eq!(ids("Health – medicine"), ["health-life-science"]);
        assert_eq!(ids("Miljö"), ["climate-environment"]);
        assert!(ids("Environmental health").is_empty());
        assert!(
            ids("Energy").is_empty(),
            "a label of one word is matched as a label"
        );
    }
}
