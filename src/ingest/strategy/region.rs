//! The region a strategy speaks for: `Region X (län|County)` and `… South Sweden` mentions, and the
//! most frequent of those named in the first body paragraph.

use super::Doc;
use super::lexicon::NOT_NAME_START;
use super::organisations::org_key;
use super::records::Located;
use crate::model::Line;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static REGION: LazyLock<Regex> = regex!(
    r"\bRegion\s+\p{Lu}[\p{L}-]+(?P<second>\s+\p{Lu}[\p{L}-]+)?(?P<county>\s+(?:läns|län|County|county))?"
);
/// The German states that call themselves free states: `Free State of Saxony`.
static FREE_STATE: LazyLock<Regex> = regex!(r"\bFree State of \p{Lu}[\p{L}-]+");
static DEFINITE_REGION: LazyLock<Regex> = regex!(r"\b(?P<place>\p{Lu}\p{Ll}{2,}?)s?regionen\b");
static COMPASS_REGION: LazyLock<Regex> = regex!(
    r"(?:\p{Lu}\p{Ll}+\s+){0,4}(?:North|South|East|West|Mid|Central|Middle|Northern|Southern|Eastern|Western)\s+Sweden\b"
);

fn normalise_region(name: &str) -> String {
    let name = name.trim_end_matches("’s").trim_end_matches("'s");
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        match last.as_str() {
            "läns" => *last = "län".to_string(),
            "county" => *last = "County".to_string(),
            _ => {}
        }
    }
    words.join(" ")
}

/// `Region X` not preceded by a capitalised name word (`Business Region Örebro` is a company), and
/// `… South Sweden` names; with byte ranges in `s`.
pub(super) fn region_mentions(s: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    for m in FREE_STATE.find_iter(s) {
        found.push((m.range(), m.as_str().to_string()));
    }
    if !s.contains("Region") && !s.contains("Sweden") {
        return found;
    }
    for caps in REGION.captures_iter(s) {
        let Some(m) = caps.get(0) else {
            continue;
        };
        // `Region Västra Götaland`, but `Region Uppsala` in `Region Uppsala Research Strategy`.
        let next_is_name = s[m.end()..]
            .strip_prefix(' ')
            .is_some_and(|rest| rest.starts_with(char::is_uppercase));
        let end = match (caps.name("second"), caps.name("county")) {
            (Some(second), None) if next_is_name => second.start(),
            _ => m.end(),
        };
        let before = s[..m.start()].trim_end();
        let prev_word = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        if prev_word.chars().next().is_some_and(char::is_uppercase)
            && !before.ends_with(['.', ',', ':', ';'])
            && !NOT_NAME_START.contains(prev_word.to_lowercase().as_str())
        {
            continue;
        }
        let mut name = normalise_region(&s[m.start()..end]);
        // `Region Stockholms strategi`: a genitive before a noun is Region Stockholm.
        let before_noun = s[end..]
            .strip_prefix(' ')
            .is_some_and(|rest| rest.starts_with(char::is_lowercase));
        if before_noun
            && !name.ends_with(" län")
            && let Some(stem) = name.strip_suffix('s')
            && !stem.ends_with('s')
            && stem
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.chars().count() >= 3)
        {
            name = stem.to_string();
        }
        found.push((m.start()..end, name));
    }
    for m in COMPASS_REGION.find_iter(s) {
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        let skip = words
            .iter()
            .take_while(|w| NOT_NAME_START.contains(w.to_lowercase().as_str()))
            .count();
        if words.len() - skip >= 2 {
            let start = m.start() + m.as_str().find(words[skip]).unwrap_or(0);
            found.push((start..m.end(), words[skip..].join(" ")));
        }
    }
    found
}

pub(super) fn region(doc: &Doc) -> Option<Located<String>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut first_line: HashMap<String, Line> = HashMap::new();
    let mut first_paragraph: Option<(usize, Vec<String>)> = None;
    let mut all_names = Vec::new();
    for s in &doc.sentences {
        for (range, name) in region_mentions(s.text) {
            all_names.push(name.clone());
            let key = org_key(&name);
            *counts.entry(key.clone()).or_default() += 1;
            first_line
                .entry(key.clone())
                .or_insert_with(|| doc.line(s, range.start));
            let body = !doc.paragraphs[s.para].is_heading;
            match &mut first_paragraph {
                None if body => first_paragraph = Some((s.para, vec![name])),
                Some((para, names)) if *para == s.para => names.push(name),
                _ => {}
            }
        }
    }
    // `Stockholmsregionen` (the Stockholm region) counts for Region Stockholm when the text also
    // names Region Stockholm; alone it may be another body (`Göteborgsregionen` is an association).
    for s in &doc.sentences {
        for caps in DEFINITE_REGION.captures_iter(s.text) {
            let key = org_key(&format!("Region {}", &caps["place"]));
            if let Some(n) = counts.get_mut(&key) {
                *n += 1;
            }
        }
    }
    // A web page may name its region only in its site header and footer (`Region X län`, then
    // `Region X län, Box 12, …`): then the region its headings name most often.
    let names = first_paragraph.map_or(all_names, |(_, names)| names);
    let best = names
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (counts.get(&org_key(n)), std::cmp::Reverse(*i)))
        .map(|(_, n)| n.clone())?;
    let line = *first_line.get(&org_key(&best))?;
    Some(Located { value: best, line })
}
