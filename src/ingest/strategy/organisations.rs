//! The organisation recogniser: capitalised names with an organisational head, definitions of
//! acronyms, appositions and listed names, collected once each in a registry.

use super::lexicon::{
    CONNECTORS, GENERIC, NOT_NAME_START, genitive_head, head_word_kind, suffix_head, type_noun_kind,
};
use super::mentions::Mention;
use super::records::{Located, NamedOrganisation, OrganisationKind};
use super::region::region_mentions;
use super::{Doc, Sentence};
use crate::ingest::text::GLOSSARY_ENTRY;
use crate::model::Line;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static ACRONYM: LazyLock<Regex> = regex!(r"^[\p{Lu}][\p{L}\d&]{1,8}$");
static PAREN_AFTER: LazyLock<Regex> = regex!(r"^\s*\(\s*(?P<acr>[^()\s]{2,9})\s*\)");
static COMMA_AFTER: LazyLock<Regex> = regex!(r"^,\s*(?P<acr>[^,\s]{2,9}),");
static DASH_AFTER: LazyLock<Regex> = regex!(r"^\s+[–-]\s+(?P<acr>[^\s,.;:]{2,9})(?:[\s,.;:]|$)");
static REVERSE_DEFINITION: LazyLock<Regex> =
    regex!(r"\b(?P<acr>[\p{Lu}][\p{Lu}\d&]{1,7})\s+\((?P<full>[^()]{3,80})\)");
static APPOSITIVE_TYPE: LazyLock<Regex> = regex!(
    r"^,\s+(?:[\p{L}’'-]+\s+){0,2}(?P<noun>enhet|unit|forum|nätverk|network|organisation|organization|myndighet|agency|stiftelse|foundation|inkubator|incubator|företag|company)\b"
);
static IS_A: LazyLock<Regex> = regex!(
    r"^\s+(?:is|är)\s+(?:a|an|en|ett)\s+(?:[\p{L}-]+\s+){0,2}?(?P<noun>project|projekt|centre|center|centrum|hub|initiative|initiativ|network|nätverk|foundation|stiftelse|agency|myndighet|company|företag|cluster|kluster|incubator|inkubator|platform|plattform|organisation|organization)\b"
);
pub(super) static PROJECT_PARTIES: LazyLock<Regex> =
    regex!(r"(?i)\b(?:project parties (?:are|include)|projektparter(?:na)? är)\s+");
pub(super) static PROJECT_OWNER: LazyLock<Regex> =
    regex!(r"(?i)\b(?:project owner is|projektägare(?:n)? är)\s+");
pub(super) static MEMBER_OF: LazyLock<Regex> = regex!(
    r"(?i)\b(?:is|are|är)\s+(?:one of the (?:members|partners|nodes|founders)|a (?:member|partner|node)|en av (?:medlemmarna|parterna|noderna)|medlem(?:mar)?|parter?)\s+(?:of|in|i|to)\s+"
);
static WHERE_ONE_OF: LazyLock<Regex> = regex!(
    r"(?i)^,\s*(?:där|where)\s+[^,.;]{1,80}?\s+(?:är|is)\s+(?:en av|one of)(?: the)?\s+(?:noderna|medlemmarna|parterna|nodes|members|partners)\b"
);

/// Normalised identity of an organisation name.
pub(super) fn org_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut lower = lower.trim_start_matches("the ").to_string();
    if lower.starts_with("region ") {
        for suffix in [" county", " läns", " län"] {
            if let Some(stripped) = lower.strip_suffix(suffix) {
                lower = stripped.to_string();
            }
        }
    }
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_acronym(word: &str) -> bool {
    ACRONYM.is_match(word) && word.chars().filter(|c| c.is_uppercase()).count() >= 2
}

#[derive(Clone, Copy)]
pub(super) struct Tok<'a> {
    pub(super) word: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Preceded by an opening bracket or quote.
    pub(super) open: bool,
    /// Followed by punctuation or a possessive, which ends a name.
    pub(super) close: bool,
    pub(super) possessive: bool,
}

pub(super) fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut offset = 0;
    for raw in s.split_whitespace() {
        let at = offset + s[offset..].find(raw).unwrap_or(0);
        offset = at + raw.len();
        let body = raw.trim_start_matches(['(', '”', '“', '"', '\'', '«', '[', '„', '‘']);
        let lead = raw.len() - body.len();
        let mut word = body.trim_end_matches([
            ',', '.', ';', ':', '!', '?', ')', ']', '”', '"', '’', '\'', '»',
        ]);
        let mut close = word.len() < body.len();
        let possessive = word.ends_with("’s") || word.ends_with("'s");
        if possessive {
            word = &word[..word.len() - if word.ends_with("’s") { 4 } else { 2 }];
            close = true;
        }
        if word.is_empty() {
            continue;
        }
        toks.push(Tok {
            word,
            start: at + lead,
            end: at + lead + word.len(),
            open: lead > 0,
            close,
            possessive,
        });
    }
    toks
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => chars.any(char::is_uppercase),
        _ => false,
    }
}

fn is_lower_head(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower == "county"
        || head_word_kind(&lower)
            .or_else(|| suffix_head(&lower))
            .is_some()
}

/// A capitalised name in a sentence, by token range and byte range.
pub(super) struct Chunk {
    pub(super) toks: std::ops::Range<usize>,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Maximal runs of capitalised words, joined by connectors (`University of Birmingham`), possibly
/// ending in a lowercase head (`Örebro universitet`), without leading determiners.
pub(super) fn chunks(toks: &[Tok]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_capitalised(toks[i].word) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut closed = toks[i].close;
        while !closed && end < toks.len() {
            let t = &toks[end];
            if t.open {
                break;
            }
            if is_capitalised(t.word) {
                end += 1;
                closed = t.close;
            } else if CONNECTORS.contains(t.word.to_lowercase().as_str())
                && !t.close
                && toks
                    .get(end + 1)
                    .is_some_and(|n| is_capitalised(n.word) && !n.open)
            {
                end += 2;
                closed = toks[end - 1].close;
            } else {
                if is_lower_head(t.word) {
                    end += 1;
                }
                break;
            }
        }
        let mut start = i;
        while start < end && NOT_NAME_START.contains(toks[start].word.to_lowercase().as_str()) {
            start += 1;
        }
        if start < end && is_capitalised(toks[start].word) {
            out.push(Chunk {
                toks: start..end,
                start: toks[start].start,
                end: toks[end - 1].end,
            });
        }
        i = end;
    }
    out
}

/// The kind a name's head word implies, and whether the name has a specific (non-generic) word.
/// `Sweden`/`Sverige` is a weak head: the kind then comes from the context.
fn head_kind(words: &[&str]) -> Option<(OrganisationKind, bool)> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut head: Option<(usize, usize, OrganisationKind, bool)> = None;
    for i in (0..lower.len()).rev() {
        let w = lower[i].as_str();
        let prev = i.checked_sub(1).map(|p| lower[p].as_str());
        let found = if matches!(w, "park" | "city") && prev == Some("science") {
            Some((i - 1, OrganisationKind::SciencePark, false))
        } else if let Some(kind) = head_word_kind(w) {
            Some((i, kind, false))
        } else {
            suffix_head(w).map(|kind| (i, kind, true))
        };
        if let Some((from, kind, compound)) = found {
            head = Some((from, i, kind, compound));
            break;
        }
        if head.is_none() && matches!(w, "sweden" | "sverige") {
            head = Some((i, i, OrganisationKind::Initiative, false));
        }
    }
    let (from, to, kind, compound) = head?;
    let specific = compound
        || lower.iter().enumerate().any(|(i, w)| {
            !(from..=to).contains(&i)
                && !CONNECTORS.contains(w.as_str())
                && !GENERIC.contains(w.as_str())
        });
    specific.then_some((kind, matches!(lower[to].as_str(), "sweden" | "sverige")))
}

/// The kind named by the type noun nearest to byte `at` of the sentence, if any.
fn context_kind(toks: &[Tok], at: usize) -> Option<OrganisationKind> {
    toks.iter()
        .filter_map(|t| {
            let lower = t.word.to_lowercase();
            let kind = if matches!(lower.as_str(), "hub" | "hubs" | "hubben") {
                Some(OrganisationKind::Hub)
            } else if lower.contains("infrastruktur") || lower.contains("infrastructure") {
                Some(OrganisationKind::Infrastructure)
            } else if lower.starts_with("initiativ") || lower.starts_with("initiative") {
                Some(OrganisationKind::Initiative)
            } else if lower.starts_with("nätverk") || lower.starts_with("network") {
                Some(OrganisationKind::Network)
            } else {
                None
            }?;
            Some((t.start.abs_diff(at), kind))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, kind)| kind)
}

pub(super) struct Candidate {
    pub(super) name: String,
    pub(super) acronym: Option<String>,
    pub(super) kind: OrganisationKind,
    pub(super) line: Line,
    pub(super) evidence: String,
}

pub(super) struct Registry {
    pub(super) orgs: Vec<NamedOrganisation>,
    /// Every spelling seen of each organisation.
    pub(super) names: Vec<Vec<String>>,
    pub(super) non_org_acronyms: HashSet<String>,
    pub(super) excluded: HashSet<String>,
    /// Names introduced as projects (`Stockholm Life Tech is a project`), by paragraph.
    pub(super) projects: Vec<(usize, String)>,
    /// Capitalised words seen after a locative preposition (`i Sverige`): places, not names.
    pub(super) places: HashSet<String>,
    pub(super) by_key: HashMap<String, usize>,
    pub(super) by_acronym: HashMap<String, usize>,
}

fn capitalised_words(name: &str) -> usize {
    name.split_whitespace()
        .filter(|w| is_capitalised(w))
        .count()
}

impl Registry {
    pub(super) fn build(
        doc: &Doc,
        region: Option<&Located<String>>,
        body: Option<&Located<String>>,
    ) -> Self {
        let mut reg = Self {
            orgs: Vec::new(),
            names: Vec::new(),
            non_org_acronyms: HashSet::new(),
            excluded: body.map(|b| org_key(&b.value)).into_iter().collect(),
            projects: Vec::new(),
            places: HashSet::new(),
            by_key: HashMap::new(),
            by_acronym: HashMap::new(),
        };
        for s in &doc.sentences {
            let toks = tokenize(s.text);
            for pair in toks.windows(2) {
                let locative = ["i", "in", "från", "from", "till", "to"].contains(&pair[0].word);
                if locative && is_capitalised(pair[1].word) {
                    reg.places.insert(pair[1].word.to_string());
                }
            }
            reg.definitions(doc, s);
        }
        for s in &doc.sentences {
            for (range, name) in region_mentions(s.text) {
                reg.add(Candidate {
                    name,
                    acronym: None,
                    kind: OrganisationKind::Region,
                    line: doc.line(s, range.start),
                    evidence: s.text.to_string(),
                });
            }
        }
        for s in &doc.sentences {
            reg.named(doc, s);
        }
        for s in &doc.sentences {
            reg.listed(doc, s);
        }
        if let Some(region) = region {
            // The document's own region is an organisation even if only named in a heading.
            reg.add(Candidate {
                name: region.value.clone(),
                acronym: None,
                kind: OrganisationKind::Region,
                line: region.line,
                evidence: region.value.clone(),
            });
        }
        reg
    }

    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.by_acronym
            .get(name)
            .or_else(|| self.by_key.get(&org_key(name)))
            .copied()
    }

    /// Moves each organisation's line and evidence to its first mention: one rule may find a
    /// name that is mentioned earlier in a way no rule recognises.
    pub(super) fn first_mentions(&mut self, doc: &Doc, mentions: &[Vec<Mention>]) {
        for (s, ms) in doc.sentences.iter().zip(mentions) {
            for m in ms.iter().filter(|m| !m.anaphor) {
                let line = doc.line(s, m.start);
                let org = &mut self.orgs[m.org];
                if line < org.line {
                    org.line = line;
                    org.evidence = s.text.to_string();
                }
            }
        }
    }

    pub(super) fn add(&mut self, c: Candidate) -> Option<usize> {
        let key = org_key(&c.name);
        if key.is_empty() || self.excluded.contains(&key) {
            return None;
        }
        let existing = self.find(&c.name).or_else(|| {
            let acr = c.acronym.as_deref()?;
            self.find(acr)
        });
        let Some(i) = existing else {
            let i = self.orgs.len();
            if let Some(acr) = &c.acronym {
                self.non_org_acronyms.remove(acr);
                self.by_acronym.insert(acr.clone(), i);
            }
            self.by_key.insert(key, i);
            self.names.push(vec![c.name.clone()]);
            self.orgs.push(NamedOrganisation {
                name: c.name,
                acronym: c.acronym,
                kind: c.kind,
                line: c.line,
                evidence: c.evidence,
            });
            return Some(i);
        };
        let org = &mut self.orgs[i];
        if c.line < org.line {
            org.line = c.line;
            org.evidence = c.evidence;
        }
        if let Some(acr) = c
            .acronym
            .filter(|a| org.acronym.is_none() && *a != org.name)
        {
            self.by_acronym.insert(acr.clone(), i);
            org.acronym = Some(acr);
        }
        if org.kind == OrganisationKind::Other {
            org.kind = c.kind;
        }
        let is_acronym_mention = org.acronym.as_deref() == Some(c.name.as_str());
        if !is_acronym_mention && capitalised_words(&c.name) > capitalised_words(&org.name) {
            org.name = c.name.clone();
        }
        if !is_acronym_mention && !self.names[i].contains(&c.name) {
            self.by_key.entry(key).or_insert(i);
            self.names[i].push(c.name);
        }
        Some(i)
    }

    /// Records `Full Name (ACR)`, `ACR (Full Name)`, `Full Name, ACR,`, `Full Name – ACR` and
    /// glossary lines; acronyms of things that are not organisations are remembered as such.
    pub(super) fn definitions(&mut self, doc: &Doc, s: &Sentence) {
        let toks = tokenize(s.text);
        let chunks = chunks(&toks);
        let define = |reg: &mut Self, chunk: Option<&Chunk>, acr: &str| {
            if !is_acronym(acr) {
                return;
            }
            let named = chunk.and_then(|c| {
                let words: Vec<&str> = toks[c.toks.clone()].iter().map(|t| t.word).collect();
                let (kind, weak) = head_kind(&words)?;
                let kind = if weak {
                    context_kind(&toks, c.start).unwrap_or(kind)
                } else {
                    kind
                };
                Some((&s.text[c.start..c.end], kind, c.start))
            });
            match named {
                Some((name, kind, at)) => {
                    reg.add(Candidate {
                        name: name.to_string(),
                        acronym: Some(acr.to_string()),
                        kind,
                        line: doc.line(s, at),
                        evidence: s.text.to_string(),
                    });
                }
                None if reg.find(acr).is_none() => {
                    reg.non_org_acronyms.insert(acr.to_string());
                }
                None => {}
            }
        };
        for c in &chunks {
            let after = &s.text[c.end..];
            let acr = PAREN_AFTER
                .captures(after)
                .or_else(|| COMMA_AFTER.captures(after))
                .or_else(|| DASH_AFTER.captures(after));
            if let Some(acr) = acr {
                define(self, Some(c), &acr["acr"]);
            }
        }
        for caps in REVERSE_DEFINITION.captures_iter(s.text) {
            let full = caps.name("full").map_or(0..0, |m| m.range());
            let chunk = chunks
                .iter()
                .find(|c| c.start == full.start && c.end == full.end);
            if chunk.is_some() || self.find(&caps["acr"]).is_none() {
                define(self, chunk, &caps["acr"]);
            }
        }
        if let Some(caps) = GLOSSARY_ENTRY.captures(s.text) {
            let full = caps.name("full").map_or(0, |m| m.start());
            define(self, chunks.iter().find(|c| c.start == full), &caps["term"]);
        }
    }

    /// Names recognised by their own form or by the words around them.
    ///
    /// Long (about 120 lines) on purpose: the cues (head word, apposition, `is a project`,
    /// membership, project parties) share the sentence's tokens and name chunks and are tried in
    /// order on each chunk; kept together so that the order is visible.
    pub(super) fn named(&mut self, doc: &Doc, s: &Sentence) {
        let toks = tokenize(s.text);
        for c in chunks(&toks) {
            let mut words: Vec<&str> = toks[c.toks.clone()].iter().map(|t| t.word).collect();
            let mut name = &s.text[c.start..c.end];
            // `Karolinska Institutets forskare`: the genitive of a name before a noun.
            let before_noun = toks
                .get(c.toks.end)
                .is_some_and(|t| t.word.starts_with(char::is_lowercase));
            if let Some(stem) = words
                .last()
                .and_then(|w| w.strip_suffix('s'))
                .filter(|stem| before_noun && genitive_head(stem))
                && words.len() >= 2
            {
                name = &name[..name.len() - 1];
                if let Some(last) = words.last_mut() {
                    *last = stem;
                }
            }
            let candidate = |kind| Candidate {
                name: name.to_string(),
                acronym: None,
                kind,
                line: doc.line(s, c.start),
                evidence: s.text.to_string(),
            };
            // `Linnaeus university’s eHealth institute` is a unit, not a name of its own.
            let after_possessive = c.toks.start > 0 && toks[c.toks.start - 1].possessive;
            if words[0] == "Region"
                || after_possessive
                || (words.len() == 1 && self.non_org_acronyms.contains(words[0]))
            {
                continue;
            }
            let after = &s.text[c.end..];
            let before_word = c
                .toks
                .start
                .checked_sub(1)
                .map(|i| toks[i].word)
                .filter(|_| !toks[c.toks.start].open);
            // `inkubatorn Inkubera`, `forskningsinfrastrukturen Biobank Sverige`
            let apposition = before_word
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .and_then(type_noun_kind);
            let sentence_initial = c.toks.start == 0;
            if let Some((kind, weak)) = head_kind(&words) {
                if words.len() == 1 && sentence_initial {
                    continue;
                }
                let kind = if weak {
                    apposition
                        .or_else(|| context_kind(&toks, c.start))
                        .unwrap_or(kind)
                } else {
                    kind
                };
                self.add(candidate(kind));
            } else if let Some(kind) = apposition {
                self.add(candidate(kind));
            } else if words.len() >= 3 && words[1..].contains(&"Region") {
                // `Business Region Örebro`
                self.add(candidate(OrganisationKind::Other));
            } else if let Some(caps) = APPOSITIVE_TYPE
                .captures(after)
                .filter(|_| words.len() == 1 && is_acronym(words[0]))
            {
                // `CAMTÖ, regionens enhet för …`, `NIVO, Nationellt forum för …`
                let kind = type_noun_kind(&caps["noun"]).unwrap_or(OrganisationKind::Other);
                self.add(candidate(kind));
            } else if let Some(caps) = IS_A.captures(after).filter(|_| sentence_initial) {
                let noun = &caps["noun"];
                let innovation_centre = matches!(noun, "centre" | "center" | "centrum")
                    && caps[0].to_lowercase().contains("innovation");
                let kind = if innovation_centre {
                    OrganisationKind::Hub
                } else {
                    type_noun_kind(noun)
                        .or_else(|| head_word_kind(noun))
                        .unwrap_or(OrganisationKind::Other)
                };
                if matches!(noun, "project" | "projekt") {
                    self.projects.push((s.para, name.to_string()));
                }
                self.add(candidate(kind));
            } else if words.iter().any(|w| {
                let w = w.to_lowercase();
                !GENERIC.contains(w.as_str()) && head_word_kind(&w).is_none()
            }) && (WHERE_ONE_OF.is_match(after)
                || MEMBER_OF.find_iter(s.text).any(|m| {
                    let gap = s.text.get(m.end()..c.start).unwrap_or("x");
                    gap.is_empty() || gap == "the "
                }))
            {
                // The group in `X, där Y är en av noderna` and `Y is a member of X`.
                self.add(candidate(OrganisationKind::Network));
            }
        }
        for (pattern, take) in [(&*PROJECT_PARTIES, usize::MAX), (&*PROJECT_OWNER, 1)] {
            let Some(m) = pattern.find(s.text) else {
                continue;
            };
            let tail_toks = tokenize(&s.text[m.end()..]);
            for c in chunks(&tail_toks).iter().take(take) {
                let name = &s.text[m.end() + c.start..m.end() + c.end];
                let words: Vec<&str> = tail_toks[c.toks.clone()].iter().map(|t| t.word).collect();
                let kind = head_kind(&words).map_or(OrganisationKind::Other, |(k, _)| k);
                self.add(Candidate {
                    name: name.to_string(),
                    acronym: None,
                    kind,
                    line: doc.line(s, m.end() + c.start),
                    evidence: s.text.to_string(),
                });
            }
        }
    }

    /// Unknown names listed together with known organisations (`ORU Holding, Inkubera, ALMI och
    /// AI Impact Lab`). Lists that contain a region are skipped: they tend to list places.
    pub(super) fn listed(&mut self, doc: &Doc, s: &Sentence) {
        let without_brackets = strip_brackets(s.text);
        let toks = tokenize(&without_brackets);
        let chunks = chunks(&toks);
        let mut lists: Vec<Vec<&Chunk>> = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            let joined = i > 0 && {
                let prev = &chunks[i - 1];
                let between = toks[prev.toks.end..c.toks.start]
                    .iter()
                    .map(|t| t.word.to_lowercase())
                    .collect::<Vec<_>>();
                let comma = without_brackets[prev.end..c.start]
                    .trim_start()
                    .starts_with(',');
                let conj = matches!(
                    between.iter().map(String::as_str).collect::<Vec<_>>()[..],
                    ["och" | "and" | "samt" | "&"] | ["and" | "och", "the"] | ["the"] | []
                );
                conj && (comma || !between.is_empty())
            };
            match lists.last_mut() {
                Some(list) if joined => list.push(c),
                _ => lists.push(vec![c]),
            }
        }
        for list in lists.into_iter().filter(|l| l.len() >= 2) {
            let names: Vec<&str> = list
                .iter()
                .map(|c| &without_brackets[c.start..c.end])
                .collect();
            let known: Vec<Option<usize>> = names.iter().map(|n| self.find(n)).collect();
            let kinds = known.iter().flatten().map(|&i| self.orgs[i].kind);
            let (regions, others): (Vec<_>, Vec<_>) =
                kinds.partition(|k| *k == OrganisationKind::Region);
            if !regions.is_empty() || others.is_empty() {
                continue;
            }
            for (c, name) in list.iter().zip(&names) {
                let words = &toks[c.toks.clone()];
                let proper = words
                    .iter()
                    .all(|t| is_capitalised(t.word) || CONNECTORS.contains(t.word));
                let place = words.len() == 1 && self.places.contains(*name);
                if self.find(name).is_some()
                    || !proper
                    || place
                    || words.len() > 4
                    || self.non_org_acronyms.contains(*name)
                    || (c.toks.start == 0 && words.len() == 1)
                {
                    continue;
                }
                let Some(at) = s.text.find(name) else {
                    continue;
                };
                self.add(Candidate {
                    name: name.to_string(),
                    acronym: None,
                    kind: OrganisationKind::Other,
                    line: doc.line(s, at),
                    evidence: s.text.to_string(),
                });
            }
        }
    }
}

/// `s` with bracketed asides removed (`DIGG (Myndigheten för …) och SKR` → `DIGG och SKR`).
fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
