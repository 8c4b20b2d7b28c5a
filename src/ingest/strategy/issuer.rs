//! The body that issues a strategy, as strategies across Europe state it: on the title page
//! (`Marshal's Office of the Wielkopolska Region`, `Regional Innovation Strategy of the South
//! Moravian Region`), as the subject of adopting or steering it (`The Regional Government of
//! Andalusia approved …`, `The Council of Tampere Region coordinates …`), as its author (`prepared
//! by the Department of Enterprise, Trade and Employment`, `Source: Ministry of …`), or, in Swedish
//! texts, as the region that speaks (`Region Skåne`, `Region Stockholms strategi`).
//!
//! Candidates are names of public bodies: capitalised names holding a word for a governing body
//! (`Council`, `Government`, `Ministry`, `Office`, `Region`, `Province`, `Regione`, …), or any name
//! right after `by` or `Source:`. Each is scored by where it stands (title page, subject of a
//! strategy verb, after `by`) and how often the text names it; the best wins, and the region the
//! text speaks for is a candidate like the others. A unit speaks for its body (`Department for … of
//! Regione Puglia`), and a short form for the full name (`Free State`).

use super::Doc;
use super::records::Located;
use super::region::region_mentions;
use crate::model::Line;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A capitalised name: words with a capital (or all capitals), joined by `of (the)`, `for (the)`,
/// `and`, `&` or a comma (`Department of Enterprise, Trade and Employment`), or by the `de`/`di`
/// of a Romance body's own name (`Xunta de Galicia`, `Generalitat de Catalunya`).
static NAME: LazyLock<Regex> = regex!(
    r"\p{Lu}[\p{L}\p{M}'’.-]*(?:(?:\s+(?:of the|of|for the|for|and|&|de|del|di|della)\s+|,\s+|\s+)\p{Lu}[\p{L}\p{M}'’.-]*)*"
);
/// Words for a governing body (case-insensitive, whole words of a name), also as German and
/// Austrian pages name their own (`Steiermärkische Landesregierung`) beside an English text.
const BODY_WORDS: &str = "council government ministry department office offices region province \
    assembly authority administration board self-government executive parliament commission \
    regione región région generalitat junta xunta giunta landsting länsstyrelsen regionförbundet \
    samenwerkingsverband state landesregierung staatsregierung landtag ministerium \
    staatsministerium bundesministerium";
/// Bodies that fund or advise rather than issue (`Research Council of Lithuania`, `Innovation
/// Agency`), and the EU's (`European Commission`), which approves regional strategies.
static NOT_ISSUER: LazyLock<Regex> = regex!(
    r"(?i)^(?:european|eu)\b|\b(?:research|innovation|science|scientific|advisory|member|steering|monitoring)\s+(?:council|board|states?|committee|commission)\b|\b(?:universit\w*|college|hospital|cluster|park|foundation|fund|bank|agency|ab|ltd|gmbh)\b"
);
/// A strategy's own name before the body it belongs to: `Regional Innovation Strategy of the
/// South Moravian Region`.
static TITLE_OF: LazyLock<Regex> = regex!(
    r"(?i)\b(?:strategy|strategies|programme|program|plan|agenda)\s+(?:of|for)\s+(?:the\s+)?"
);
/// Said before the body that issued or wrote a text.
static AUTHOR_CUE: LazyLock<Regex> =
    regex!(r"(?i)(?:\bby(?:\s+the)?|\bsource:|©(?:\s*\d{4})?|\bav)\s*$");
/// Said after the body that adopts, updates or steers a strategy, as the subject of the sentence.
static STRATEGY_VERB: LazyLock<Regex> = regex!(
    r"(?i)^\s*(?:\([^)]*\)\s*)?(?:has\s+|have\s+|is\s+|was\s+)?(?P<verb>adopt\w*|approv\w*|updat\w*|revis\w*|prepar\w*|publish\w*|issu\w*|coordinat\w*|responsible|lead\w*|led|steer\w*|chos\w*|choose\w*|identif\w*|select\w*|prioriti[sz]\w*|draft\w*|develop\w*|manag\w*|ansvarar|antog|beslutade|prioriterar|leder|har|tar fram|tog fram|utgår)\b"
);

/// A regional or county development agency, which draws up and runs the strategy in many
/// countries (Romania's `Regional Development Agency North-East`, Croatia's county agencies), as
/// opposed to the agencies that fund or advise (`Innovation Agency`).
static DEVELOPMENT_AGENCY: LazyLock<Regex> = regex!(r"(?i)\bdevelopment\s+agency\b");
/// The words of a document's name, which a body's name never holds: a running header that puts
/// the body and the document's title side by side (`North Denmark Region   Business Development
/// Strategy 2030`) reads as one name once its gap is collapsed.
const DOCUMENT_WORDS: &str = "strategy strategies strategi programme program plan agenda annex \
    report roadmap framework";
/// A postal address after a name: a street and house number, a post-office box or a postcode
/// and town (`, Str. Lt. Drăghescu nr. 9`, `Mletačka 12, 52100 Pula`, `Box 517, 301 80
/// Halmstad`). A name over its address in a page's footer or on a title page is the publisher.
static ADDRESS: LazyLock<Regex> = regex!(
    r"^[\s,]*(?:\p{Lu}[\p{L}\p{M}.'’-]*\s+(?:[\p{L}\p{M}.'’-]+\s+){0,3}\d{1,3}[a-zA-Z]?\s*,|(?i:box|p\.?\s?o\.?\s+box|postbox)\s+\d|(?:[A-Z]{1,2}-)?\d{3}\s?\d{2}\s+\p{Lu})"
);

/// A unit of a body: `Department for … of Regione Puglia`.
static UNIT_OF: LazyLock<Regex> = regex!(
    r"^(?:Department|Directorate|Division|Unit|Section|Service)\b.*\sof\s+(?:the\s+)?(?P<body>\p{Lu}.*)$"
);

/// Points of the compass, which name a part of a country but no body that governs it.
const COMPASS: &str = "north south east west northern southern eastern western central mid \
    north-east north-west south-east south-west";

/// Whether `name` holds a word for a governing body, also as the head of a Swedish definite
/// compound (`Västra Götalandsregionen`, the region's own name for itself). A point of the
/// compass and a body word name a territory, not a body (`the West Region selected …`, whose
/// development agency draws up its strategy; `North Denmark Region` names a place too).
fn names_a_body(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let territory = words.iter().any(|w| super::among(COMPASS, w))
        && words
            .iter()
            .all(|w| super::among(COMPASS, w) || super::among(BODY_WORDS, w));
    if territory {
        return false;
    }
    DEVELOPMENT_AGENCY.is_match(name)
        || name
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|w| {
                let w = w.to_lowercase();
                super::among(BODY_WORDS, &w) || definite_region(&w)
            })
}

/// `västra götalandsregionen`, `stockholmsregionen`: a place and `regionen`.
fn definite_region(word: &str) -> bool {
    word.strip_suffix("regionen")
        .is_some_and(|place| place.chars().count() >= 3)
}

#[derive(Default)]
struct Candidate {
    score: usize,
    line: Option<Line>,
    /// Whether the name holds a word for a governing body.
    body: bool,
}

/// Gives the region the text is about the credit of its definite forms and of every mention.
fn credit_region(candidates: &mut HashMap<String, Candidate>, doc: &Doc, region: &Located<String>) {
    // `Stockholmsregionen` counts for Region Stockholm when the text names Region Stockholm.
    let definite: Vec<String> = candidates
        .keys()
        .filter(|name| {
            let lower = name.to_lowercase();
            lower.strip_suffix("regionen").is_some_and(|place| {
                let place = place.strip_suffix('s').unwrap_or(place);
                region.value.to_lowercase() == format!("region {place}")
            })
        })
        .cloned()
        .collect();
    for name in definite {
        if let Some(part) = candidates.remove(&name) {
            let c = candidates.entry(region.value.clone()).or_default();
            c.score += part.score;
            c.line = c.line.or(part.line);
        }
    }
    let mentions = doc
        .sentences
        .iter()
        .flat_map(|s| region_mentions(s.text))
        .filter(|(_, name)| *name == region.value)
        .count();
    let c = candidates.entry(region.value.clone()).or_default();
    c.score += mentions;
    c.line.get_or_insert(region.line);
}

/// The body that issues the strategy, if the text names one.
// Long because each name found goes through its trims in the order they apply (title, unit of
// a body, document words, address, genitive) and is scored where the trims have left it.
pub(super) fn issuer(doc: &Doc, region: Option<&Located<String>>) -> Option<Located<String>> {
    let mut candidates: HashMap<String, Candidate> = HashMap::new();
    let whole: String = doc
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for s in &doc.sentences {
        // The title page: the first three paragraphs.
        let top = s.para < 3;
        for m in NAME.find_iter(s.text) {
            let mut name = m.as_str();
            let mut start = m.start();
            if let Some(rest) = name.strip_prefix("The ") {
                name = rest;
                start += 4;
            }
            let mut titled = false;
            if let Some(t) = TITLE_OF.find_iter(name).last() {
                name = &name[t.end()..];
                start += t.end();
                titled = true;
            }
            // A unit of a body speaks for the body: `Department for Economic Development of
            // Regione Puglia` (but `Department of Enterprise, Trade and Employment` is a body).
            if let Some(u) = UNIT_OF.captures(name).filter(|u| names_a_body(&u["body"])) {
                let body = u.name("body").map_or(0, |b| b.start());
                name = &name[body..];
                start += body;
            }
            let name = capitals_only(before_document_words(name));
            // A name runs on into its street (`…North-East, Str. Lt. Drăghescu nr. 9`).
            // Read in the paragraph: the sentence splitter ends a sentence at `Str.`.
            let paragraph = &doc.paragraphs[s.para].text;
            let at = s.start + start;
            let mut addressed = false;
            let mut name = name;
            if let Some(comma) = name
                .match_indices(',')
                .map(|(i, _)| i)
                .find(|&i| ADDRESS.is_match(&paragraph[at + i..]))
            {
                name = &name[..comma];
                addressed = true;
            }
            let name = name.trim_end_matches(['.', ',', '’', '\'']);
            let after = &paragraph[at + name.len()..];
            // A name over its address: the last words of its paragraph, the address next.
            let ends_paragraph = after.split_whitespace().count() <= 4;
            addressed |= ADDRESS.is_match(after)
                || (ends_paragraph
                    && doc
                        .paragraphs
                        .get(s.para + 1)
                        .is_some_and(|next| ADDRESS.is_match(&next.text)));
            // `Västra Götalandsregionens strategi`: the genitive is the region's name.
            let name = name
                .strip_suffix('s')
                .filter(|n| definite_region(&n.to_lowercase()))
                .unwrap_or(name);
            let before = &s.text[..start];
            let authored = AUTHOR_CUE.is_match(before);
            // Swedish `Region X` names go through the region below (genitives, `län`).
            let regional = name.starts_with("Region ") && !name.starts_with("Region of ");
            let one_word = name.split_whitespace().count() < 2;
            if (one_word && !definite_region(&name.to_lowercase()))
                || regional
                || (NOT_ISSUER.is_match(name) && !DEVELOPMENT_AGENCY.is_match(name))
                || !(names_a_body(name) || authored)
            {
                continue;
            }
            let subject = opens_clause(before);
            let verb = STRATEGY_VERB
                .captures(&s.text[start + name.len()..])
                .filter(|_| subject)
                .map(|c| c["verb"].to_lowercase());
            // Adopting a strategy makes it the body's own; drafting or steering it does not.
            let acts = verb.map_or(0, |v| {
                if v.starts_with("adopt") || v.starts_with("approv") {
                    5
                } else {
                    3
                }
            });
            let c = candidates.entry(name.to_owned()).or_default();
            c.score += 3 * usize::from(authored || addressed);
            // A name that is no body's counts only where it is said to be the author.
            if names_a_body(name) {
                c.score += acts + 2 * usize::from(top || titled);
                c.body = true;
            }
            c.line.get_or_insert_with(|| doc.line(s, start));
        }
    }
    merge_cases(&mut candidates);
    merge_forms(&mut candidates);
    merge_short_forms(&mut candidates, &whole);
    if let Some(region) = region {
        credit_region(&mut candidates, doc, region);
    }
    candidates
        .into_iter()
        .filter_map(|(name, c)| {
            let named = if c.body { mentions(&whole, &name) } else { 0 };
            Some((c.score + named, c.line?, name))
        })
        // Two names of one sentence may tie on score and line (`approved by the Regional
        // Council and prepared by the … Commission`): the longer, more specific name wins, then
        // the first in alphabetical order, so that the answer never depends on the map's order.
        .max_by(|(score_a, line_a, a), (score_b, line_b, b)| {
            (score_a, line_b, a.len())
                .cmp(&(score_b, line_a, b.len()))
                .then_with(|| b.cmp(a))
        })
        .map(|(_, line, value)| Located { value, line })
}

/// How often `text` names `name` as a whole name: `West Region` is not named by `West Regional
/// Development Agency`.
fn mentions(text: &str, name: &str) -> usize {
    text.match_indices(name)
        .filter(|(at, _)| {
            let next = text[at + name.len()..].chars().next();
            let previous = text[..*at].chars().next_back();
            !next.is_some_and(char::is_alphanumeric) && !previous.is_some_and(char::is_alphanumeric)
        })
        .count()
}

/// Words after which `the X` is their object, not the subject of the verb that follows it.
const PREPOSITIONS: &str = "of for to with from in on at by under between about within into \
    than as through via among";

/// Whether a name after `before` opens a clause, so that a verb after it is the name's own:
/// at the start of the sentence (`The Council approved`), after an introductory phrase and a
/// comma (`In 2021, the Council approved`) or before `the` after one (`On that basis the Council
/// approved`), but not as the object of a preposition (`a meeting with the Council approved`).
fn opens_clause(before: &str) -> bool {
    let before = before.trim_end();
    if before.is_empty() || before == "The" || before.ends_with(',') {
        return true;
    }
    let Some(rest) = before
        .strip_suffix("the")
        .filter(|r| r.is_empty() || r.ends_with(char::is_whitespace))
    else {
        return false;
    };
    let rest = rest.trim_end();
    rest.is_empty()
        || rest.ends_with(',')
        || rest
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| !super::among(PREPOSITIONS, &w.to_lowercase()))
}

/// A name up to the body it names, without the title of a document that follows it on the same
/// line: `North Denmark Region Business Development Strategy` → `North Denmark Region`. A name
/// without a body before the title is left whole.
fn before_document_words(name: &str) -> &str {
    let words: Vec<(usize, &str)> = name
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w))
        .collect();
    let Some(title) = words
        .iter()
        .position(|(_, w)| super::among(DOCUMENT_WORDS, &w.to_lowercase()))
    else {
        return name;
    };
    words[..title]
        .iter()
        .rposition(|(_, w)| names_a_body(w))
        .map_or(name, |body| {
            let (offset, word) = words[body];
            &name[..offset + word.len()]
        })
}

/// A name set in capitals up to where its capitals end: a cover's `WEST REGIONAL DEVELOPMENT
/// AGENCY` runs on into the title on the next line (`Regional Smart Specialisation …`), which the
/// capitals set apart. Acronyms (`EU`) are too short to count as a name in capitals.
fn capitals_only(name: &str) -> &str {
    let capitals = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let words: Vec<(usize, &str)> = name
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w))
        .collect();
    let leading = words.iter().take_while(|(_, w)| capitals(w)).count();
    match words.get(leading) {
        Some(&(offset, _)) if leading >= 2 => name[..offset].trim_end(),
        _ => name,
    }
}

/// A name set in capitals on a title page (`REGIONAL DEVELOPMENT AGENCY NORTH-EAST`) is the name
/// the text writes in ordinary case elsewhere: one candidate, under the ordinary form.
fn merge_cases(candidates: &mut HashMap<String, Candidate>) {
    let capitals: Vec<String> = candidates
        .keys()
        .filter(|n| !n.chars().any(char::is_lowercase))
        .cloned()
        .collect();
    for caps in capitals {
        let ordinary = candidates
            .keys()
            .find(|n| **n != caps && n.to_lowercase() == caps.to_lowercase())
            .cloned();
        let Some(ordinary) = ordinary else { continue };
        if let Some(part) = candidates.remove(&caps) {
            let target = candidates.entry(ordinary).or_default();
            target.score += part.score;
            target.body |= part.body;
            target.line = match (target.line, part.line) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
}

/// A short form in brackets right after a name (`(CCDR Algarve)`, `(ICE)`): capitals first.
static SHORT_FORM: LazyLock<Regex> =
    regex!(r"^\s*\((?P<short>\p{Lu}{2,}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,2})\)");

/// A body's short form defined after its name (`Algarve Regional Coordination and Development
/// Commission (CCDR Algarve)`), by which the text goes on to name it in its header, footer and
/// copyright line, counts for the body: each later mention, and the credit the short form earned
/// as a candidate of its own (`© 2024 CCDR Algarve`).
fn merge_short_forms(candidates: &mut HashMap<String, Candidate>, whole: &str) {
    let defined: Vec<(String, String)> = candidates
        .iter()
        .filter(|(_, c)| c.body)
        .filter_map(|(name, _)| {
            let short = whole.match_indices(name.as_str()).find_map(|(at, _)| {
                let caps = SHORT_FORM.captures(&whole[at + name.len()..])?;
                Some(caps["short"].to_string())
            })?;
            Some((name.clone(), short))
        })
        .collect();
    for (name, short) in defined {
        let mentions = whole.matches(short.as_str()).count().saturating_sub(1);
        let part = candidates.remove(&short).map_or(0, |c| c.score);
        if let Some(target) = candidates.get_mut(&name) {
            target.score += mentions + part;
        }
    }
}

/// Short forms of a body count for the body: `Free State` for `Free State of Saxony`.
fn merge_forms(candidates: &mut HashMap<String, Candidate>) {
    let names: Vec<String> = candidates.keys().cloned().collect();
    for name in &names {
        let whole = names
            .iter()
            .find(|other| *other != name && other.starts_with(&format!("{name} ")));
        let Some(whole) = whole else { continue };
        if let Some(part) = candidates.remove(name) {
            let target = candidates.entry(whole.clone()).or_default();
            target.score += part.score;
            target.body |= part.body;
            target.line = match (target.line, part.line) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
}
