//! Project acronyms mentioned in prose.

use crate::model::ProjectAcronym;
use std::cmp::Reverse;
use std::collections::HashSet;

/// Tokens shaped like acronyms that name programmes, fields or things, never a project.
pub(super) const STOPWORDS: &str = "AI EU EUR EC ERC COVID COVID-19 SARS-CoV-2 IMI H2020 FP7 RCT RCTs ICT IT \
    IoT ML NLP GDPR FAIR HTA EHR EHRs DNA RNA MRI CT PET ICU SME SMEs PhD NGO NGOs WHO OECD UK US \
    USA UN SDG SDGs KPI KPIs CEO II III IV VR AR XR CO2 2D 3D 4D HIV AMR NHS EIT KIC ERA EIB ESFRI \
    ERDF MSCA PCP PPI PPP JU EFPIA IP 4G 5G 6G";

pub(super) fn is_stopword(token: &str) -> bool {
    STOPWORDS
        .split_whitespace()
        .any(|s| s.eq_ignore_ascii_case(token))
}

/// ALL-CAPS/digit tokens (`3TR`, `PAPA-ARTIS`) and CamelCase ones (`LifeChamps`, `CCHFVaccine`),
/// but neither capitalised words (`Crimean-Congo`), `COVID-related` nor amounts (`3.4M`).
pub(super) fn is_acronym(token: &str) -> bool {
    let starts_well = token.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let long_enough = token.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    let camel = |part: &str| {
        part.chars().any(char::is_lowercase) && part.chars().skip(1).any(char::is_uppercase)
    };
    let amount = token.starts_with(|c: char| c.is_ascii_digit())
        && ["K", "M", "B", "BN", "MN"]
            .contains(&token.trim_start_matches(|c: char| c.is_ascii_digit()));
    starts_well
        && long_enough
        && !amount
        && token.chars().any(char::is_uppercase)
        && !token.contains(['\'', '’'])
        && (!token.chars().any(char::is_lowercase) || token.split('-').any(camel))
}

/// Byte spans of word tokens (letters, digits, inner hyphens), without a possessive `'s`.
pub(super) fn tokens(text: &str) -> Vec<(usize, usize)> {
    let edge = |c: char| matches!(c, '-' | '\'' | '’');
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() || edge(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(edge).len();
                let trimmed = raw.trim_matches(edge);
                let possessive = trimmed.strip_suffix("'s").or(trimmed.strip_suffix("’s"));
                let token = possessive.unwrap_or(trimmed);
                if !token.is_empty() {
                    out.push((s + lead, s + lead + token.len()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Parenthesised groups that list only names, e.g. `(AMYPAD, MOPEAD)` but not
/// `(pre-commercial procurement for specialized care)`: capitalised words there are projects.
pub(super) fn name_groups(text: &str) -> Vec<(usize, usize)> {
    let is_name_list = |inner: &str| {
        let items = inner.split([',', ';', '/']).flat_map(|p| p.split(" and "));
        !inner.contains(['\'', '’'])
            && items.into_iter().all(
                |item| match item.split_whitespace().collect::<Vec<_>>()[..] {
                    [] => false,
                    [word] => word.starts_with(char::is_uppercase) && !is_stopword(word),
                    ref words => words
                        .iter()
                        .all(|w| is_acronym(w) && !w.chars().any(char::is_lowercase)),
                },
            )
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|p| p + from) {
        let Some(close) = text[open..].find(')').map(|p| p + open) else {
            break;
        };
        if is_name_list(&text[open + 1..close]) {
            out.push((open + 1, close));
        }
        from = close + 1;
    }
    out
}

/// Project acronyms named in free text, in order of first mention, without duplicates.
/// Adjacent ALL-CAPS tokens separated by one space form one name (`LIVE INCITE`, `EJP RD`).
pub(super) fn find_acronyms(text: &str, known: &[&str]) -> Vec<ProjectAcronym> {
    let groups = name_groups(text);
    let mut group = groups.iter().peekable();
    let mut spans = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (s, e) in tokens(text) {
        let token = &text[s..e];
        while group.next_if(|g| g.1 < e).is_some() {}
        let in_group = group.peek().is_some_and(|g| g.0 <= s);
        let named = in_group && token.starts_with(char::is_uppercase);
        let accepted = !is_stopword(token) && (is_acronym(token) || named);
        let caps = accepted && !token.chars().any(char::is_lowercase);
        match run {
            Some((rs, re)) if caps && &text[re..s] == " " => run = Some((rs, e)),
            _ => {
                spans.extend(run.take());
                if caps {
                    run = Some((s, e));
                } else if accepted {
                    spans.push((s, e));
                }
            }
        }
    }
    spans.extend(run);
    let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    for k in known.iter().filter(|k| !k.is_empty()) {
        for (p, _) in text.match_indices(k) {
            let end = p + k.len();
            if word_edge(text[..p].chars().next_back()) && word_edge(text[end..].chars().next()) {
                spans.push((p, end));
            }
        }
    }
    spans.sort_by_key(|&(s, e)| (s, Reverse(e)));
    let mut seen = HashSet::new();
    let mut covered = 0;
    let mut out = Vec::new();
    for (s, e) in spans {
        if s >= covered && seen.insert(&text[s..e]) {
            out.push(ProjectAcronym::new(&text[s..e]));
        }
        covered = covered.max(e);
    }
    out
}
