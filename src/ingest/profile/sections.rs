//! The sections with structure: paragraphs, expertise entries, notable projects, the
//! collaboration role line and glued capability lists.

use super::acronyms::find_acronyms;
use super::scan::LabelHit;
use super::values::{find_money, find_years, parse_count};
use super::{Expertise, Located, NotableProject, ParseWarning, excerpt, warn};
use crate::model::{ExpertiseLevel, Line, ProjectAcronym};

pub(super) fn non_empty<'a>(lines: &[(Line, &'a str)]) -> Vec<(Line, &'a str)> {
    lines
        .iter()
        .copied()
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Groups consecutive non-empty lines; a paragraph is located at its first line.
pub(super) fn paragraphs(lines: &[(Line, &str)]) -> Vec<Located<String>> {
    let mut out: Vec<Located<String>> = Vec::new();
    let mut open = false;
    for &(line, text) in lines {
        if text.is_empty() {
            open = false;
        } else if let Some(p) = out.last_mut().filter(|_| open) {
            p.value.push(' ');
            p.value.push_str(text);
        } else {
            out.push(Located::new(text.to_string(), line));
            open = true;
        }
    }
    out
}

pub(super) fn joined(paras: &[Located<String>]) -> Option<Located<String>> {
    let line = paras.first()?.line;
    let texts: Vec<&str> = paras.iter().map(|p| p.value.as_str()).collect();
    Some(Located::new(texts.join("\n\n"), line))
}

/// Reads an optional labelled value; a missing or unreadable one becomes a warning.
pub(super) fn figure<T>(
    hit: &Option<LabelHit<'_>>,
    parse: impl Fn(&str) -> Option<T>,
    warnings: &mut Vec<ParseWarning>,
) -> Option<Located<T>> {
    let hit = hit.as_ref()?;
    let Some((line, value)) = hit.value else {
        let message = format!("no value after '{}'", hit.label);
        warn(warnings, hit.label_line, message);
        return None;
    };
    let parsed = parse(value).map(|v| Located::new(v, line));
    if parsed.is_none() {
        let message = format!(
            "unreadable value after '{}': '{}'",
            hit.label,
            excerpt(value)
        );
        warn(warnings, line, message);
    }
    parsed
}

pub(super) fn looks_like_sentence(s: &str) -> bool {
    s.ends_with('.') && s.split_whitespace().count() > 8
}

/// A sentence of running text: it ends like one and has several lowercase words, which a name
/// ending in `S.R.L.` or `E.V.` has not.
pub(super) fn looks_like_prose(s: &str) -> bool {
    let lowercase = s
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    s.ends_with(['.', '!', '?']) && lowercase >= 4
}

/// The first sentence's subject when it is a short capitalised name ("Region Örebro County").
pub(super) fn sentence_subject(text: &str) -> Option<String> {
    const NOT_NAMES: [&str; 9] = [
        "They", "It", "This", "These", "Their", "Its", "We", "Our", "In",
    ];
    let sentence = text.split(". ").next()?;
    let verbs = [" is ", " are ", " was ", " has ", ", "];
    let cut = verbs.iter().filter_map(|v| sentence.find(v)).min()?;
    let subject = sentence[..cut].trim();
    let first = subject.split_whitespace().next()?;
    let ok = subject.split_whitespace().count() <= 8
        && first.starts_with(char::is_uppercase)
        && !NOT_NAMES.contains(&first);
    ok.then(|| subject.to_string())
}

/// Separators a scrape may leave between a badge and its neighbour (`Energy · primary`).
const SEPARATORS: [char; 4] = [' ', '·', '|', '•'];

pub(super) fn split_level(text: &str) -> Option<(String, ExpertiseLevel)> {
    ExpertiseLevel::ALL.into_iter().find_map(|level| {
        let cut = text.len().checked_sub(level.as_str().len())?;
        let name = text.get(..cut)?.trim_end_matches(SEPARATORS);
        let glued = text.get(cut..)?.eq_ignore_ascii_case(level.as_str());
        (glued && !name.is_empty()).then(|| (name.to_string(), level))
    })
}

/// `7 projects` / `1 project`: a single token before the word, so prose is not mistaken for it.
pub(super) fn count_line(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let cut = lower
        .strip_suffix("projects")
        .or_else(|| lower.strip_suffix("project"))?
        .len();
    let number = text[..cut].trim();
    (!number.is_empty() && !number.contains(' ') && number.len() <= 12).then_some(number)
}

/// Entries are `<name><level>` / `<n> projects` / description lines up to the next entry.
pub(super) fn parse_expertise(
    lines: &[(Line, &str)],
    known: &[&str],
    warnings: &mut Vec<ParseWarning>,
) -> Vec<Expertise> {
    let lines = non_empty(lines);
    let starts_entry = |i: usize| lines.get(i + 1).is_some_and(|l| count_line(l.1).is_some());
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, head) = lines[i];
        if !starts_entry(i) {
            let message = format!("unrecognised expertise line '{}'", excerpt(head));
            warn(warnings, line, message);
            i += 1;
            continue;
        }
        let (count_no, count) = (
            lines[i + 1].0,
            count_line(lines[i + 1].1).unwrap_or_default(),
        );
        let next = (i + 2..lines.len())
            .find(|&j| starts_entry(j))
            .unwrap_or(lines.len());
        let description: Vec<&str> = lines[i + 2..next].iter().map(|l| l.1).collect();
        let description = description.join(" ");
        i = next;
        let Some((name, level)) = split_level(head) else {
            let message = format!("no expertise level on '{}'", excerpt(head));
            warn(warnings, line, message);
            continue;
        };
        let Some(project_count) = parse_count(count) else {
            let message = format!("unreadable project count '{count}'");
            warn(warnings, count_no, message);
            continue;
        };
        let projects = find_acronyms(&description, known);
        out.push(Expertise {
            name,
            level,
            project_count,
            description,
            projects,
            line,
        });
    }
    out
}

/// The rest of a bullet line (`• ASCAPE`, `- ASCAPE`).
fn bullet(text: &str) -> Option<&str> {
    let dash = || {
        text.strip_prefix(['-', '*', '–'])
            .filter(|r| r.starts_with(' '))
    };
    // A numbered list item: `1. ASCAPE`, `2) 3TR`.
    let number = || {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let rest = text.get(digits..)?.strip_prefix(['.', ')'])?;
        ((1..=2).contains(&digits) && rest.starts_with(' ')).then_some(rest)
    };
    text.strip_prefix(['•', '●', '▪', '◦', '·'])
        .or_else(dash)
        .or_else(number)
}

/// A project's name on a line of its own, as a scrape that drops the list bullets leaves it: a
/// few words with no sentence punctuation.
fn title_line(text: &str) -> bool {
    text.split_whitespace().count() <= 5 && !text.ends_with(['.', ',', ';', ':', '!', '?', ')'])
}

/// Bullet lines (`• ASCAPE`) name a project; the indented lines that follow describe it. Where
/// the page lost its bullets, a short title line takes the bullet's place.
pub(super) fn parse_notable(
    lines: &[(Line, &str)],
    warnings: &mut Vec<ParseWarning>,
) -> Vec<NotableProject> {
    let lines = non_empty(lines);
    let bulleted = lines.iter().any(|(_, t)| bullet(t).is_some());
    let mut out: Vec<NotableProject> = Vec::new();
    for (line, text) in lines {
        let title = || (!bulleted && title_line(text)).then_some(text);
        if let Some(rest) = bullet(text).or_else(title) {
            let separators = [" — ", " – ", " - ", ": "];
            let split = separators.iter().find_map(|sep| rest.split_once(sep));
            let (acronym, description) = split.unwrap_or((rest, ""));
            if acronym.trim().is_empty() {
                warn(warnings, line, "bullet without a project name");
                continue;
            }
            out.push(NotableProject {
                acronym: ProjectAcronym::new(acronym.trim()),
                description: description.trim().to_string(),
                funding_eur: None,
                start_year: None,
                end_year: None,
                line,
            });
        } else if let Some(project) = out.last_mut() {
            if !project.description.is_empty() {
                project.description.push(' ');
            }
            project.description.push_str(text);
        } else {
            let message = format!("unrecognised notable-project line '{}'", excerpt(text));
            warn(warnings, line, message);
        }
    }
    for project in &mut out {
        project.funding_eur = find_money(&project.description);
        (project.start_year, project.end_year) = find_years(&project.description);
    }
    out
}

pub(super) struct RoleParts {
    pub(super) role: Option<String>,
    pub(super) reach: Option<String>,
    pub(super) countries: Option<Result<u32, String>>,
}

/// `Role: specialist_contributorReach: European22 countries collaborated`.
pub(super) fn parse_role_line(text: &str) -> RoleParts {
    let lower = text.to_ascii_lowercase();
    let (role_at, reach_at) = (lower.find("role:"), lower.find("reach:"));
    let role = role_at.map(|p| {
        let end = reach_at.filter(|&r| r > p).unwrap_or(text.len());
        text[p + 5..end].trim_matches(SEPARATORS)
    });
    let mut parts = RoleParts {
        role: owned(role),
        reach: None,
        countries: None,
    };
    // The count on a line of its own (`71 countries collaborated`) has no reach before it.
    let standalone =
        (role_at.is_none() && text.starts_with(|c: char| c.is_ascii_digit())).then_some(text);
    if let Some(rest) = reach_at.map(|p| &text[p + 6..]).or(standalone) {
        let digit = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let number =
            &rest[digit..digit + rest[digit..].bytes().take_while(u8::is_ascii_digit).count()];
        parts.reach = owned(Some(rest[..digit].trim_matches(SEPARATORS)));
        parts.countries =
            (!number.is_empty()).then(|| number.parse().map_err(|_| number.to_string()));
    }
    parts
}

pub(super) fn owned(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.is_empty()).map(str::to_string)
}

/// Splits phrases glued as `...applicationsHealth data...`: a capital right after a run of at
/// least two lowercase letters starts a new phrase, so `AI-assisted` and `eHealth` survive.
/// A plural acronym glued to the next phrase (`SMEsStandardisation`) also splits after its `s`.
pub(super) fn split_glued(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let plural_acronym = |i: usize| {
        i >= 2
            && chars[i - 1] == 's'
            && chars[i - 2].is_uppercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase())
    };
    let mut out = vec![String::new()];
    let mut lower_run = 0;
    for (i, &c) in chars.iter().enumerate() {
        let boundary = matches!(c, ';' | '•' | '|' | '·');
        if boundary || (c.is_uppercase() && (lower_run >= 2 || plural_acronym(i))) {
            out.push(String::new());
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
        if let Some(current) = out.last_mut().filter(|_| !boundary) {
            current.push(c);
        }
    }
    out.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
