//! Structure extraction from regional strategies and research pages (Swedish and English): the
//! region a text speaks for, the body that makes its commitments, its priorities, the
//! organisations it names and the relations it states between them.
//!
//! Everything is rule-based and every fact keeps its source line and evidence sentence.
//!
//! * **Commitments**: a heading followed by a paragraph opening with a board and a stance verb
//!   (`Regionstyrelsen anser …`); label = heading, statement = first sentence, stance = verb. The
//!   board is the authoring body.
//! * **Priority areas** (`priorities.rs`), in the layouts strategies use: bullets or numbered
//!   or lettered items (`A.` with its parts `A.1`, `A.2` under it) after a lead-in that speaks
//!   of areas, priorities, spearheads, strongholds, … (label = text before the item's
//!   description, which may also stand on lines of its own between the items); short
//!   headings right under such a heading; short titles each over one description paragraph, right
//!   under such a heading (unless one is an outline title like `Background`) or after a lead-in
//!   that counts them (numbered titles counting up from 1); sections whose headings
//!   are the areas after a lead-in that announces how many there are (`five innovation areas`);
//!   numbered sections under a numbered priority heading; paragraphs labelled one by one
//!   (`Priority area 3: …`, `Insatsområde 2 – …`); inline lists after `fem styrkeområden: …`
//!   (a short relative clause may stand before the colon: `fyra styrkeområden där …: …`) or
//!   before `… är tre prioriterade områden`. A list that is said to be *one* area (`är ett av`,
//!   `is one of`) stays one area.
//! * **Region**: `Region X (län|County)` or `… South Sweden`; among the names in the first body
//!   paragraph that names any, the most frequent in the whole text.
//! * **Issuer** (`issuer.rs`): the public body named on the title page, as the subject of
//!   adopting or steering the strategy, or after `prepared by` / `Source:`; else the region.
//! * **Organisations**: capitalised names ending in (or headed by) an organisational word
//!   (`University`, `universitet`, `Science Park`, `Foundation`, `-rådet`, …) and at least one
//!   specific word (`European University` is not a name); definitions `Full Name (ACR)`,
//!   `ACR (Full Name)`, `Full Name, ACR,`, `Full Name – ACR` and glossary lines `ACR - Full Name`
//!   (acronyms defined as something else, like `ALF`, are never organisations); apposition after
//!   a type noun (`inkubatorn Inkubera`); `ACR, regionens enhet …`; `X is a project / an
//!   innovation centre`; the group in `X is a member of Y`; project parties; and unknown names
//!   listed with known non-region organisations (`ORU Holding, Inkubera, ALMI och …`). Names are
//!   deduplicated by normalised name and acronym; each keeps its first mention.
//! * **Relations**: agreements and collaborations `between A and B`, `A … in collaboration
//!   with B`, `managed by`, memberships (`is one of the members of`, `är parter i`,
//!   `Y, där X är en av noderna`, `partner universities in Y are …`), `part of` (also for the
//!   bulleted actors after `All three actors below are part of Y`), `X in Region Y`, and project
//!   owner and parties (the project is the one introduced in the section, else its heading). In
//!   Swedish texts `regionen` and `regionorganisationen` stand for the document's region.

use crate::ingest::text::{self, Paragraph, among};
use crate::model::Line;
use issuer::issuer;
use lexicon::GENERIC_SECTIONS;
use mentions::{Matcher, Mention};
use organisations::Registry;
use priorities::{authoring_body, commitments, priority_areas};
use region::region;
use relations::relations;

/// A regex compiled on first use; the patterns are literals, so compiling cannot fail.
macro_rules! regex {
    ($pattern:expr) => {
        LazyLock::new(|| Regex::new($pattern).expect("static regex is valid"))
    };
}

mod issuer;
mod lexicon;
mod mentions;
mod organisations;
mod priorities;
mod records;
mod region;
mod relations;

pub use records::{
    Located, NamedOrganisation, OrganisationKind, Priority, PriorityKind, Relation, RelationKind,
    Strategy, StrategyError,
};

/// Parses a strategy or research page. Fails only when there is no text to parse.
pub fn parse_strategy(text: &str) -> Result<Strategy, StrategyError> {
    check_is_text(text)?;
    let clean = text::clean(text);
    if clean.paragraphs.is_empty() {
        return Err(StrategyError::NoProse {
            dropped: clean.dropped.len(),
        });
    }
    let body: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let language = text::detect_language(&body.join("\n"));
    let doc = Doc::new(&clean.paragraphs);
    let title = title(&clean.paragraphs);
    let commitments = commitments(&doc);
    let authoring_body = authoring_body(&commitments);
    let mut priorities: Vec<Priority> = commitments.into_iter().map(|(p, _)| p).collect();
    priorities.extend(priority_areas(&doc));
    let region = region(&doc);
    let issuer = issuer(&doc, region.as_ref());
    let mut registry = Registry::build(&doc, region.as_ref(), authoring_body.as_ref());
    let region_org = region.as_ref().and_then(|r| registry.find(&r.value));
    let matcher = Matcher::new(&registry, region_org, language);
    let mentions: Vec<Vec<Mention>> = doc
        .sentences
        .iter()
        .map(|s| matcher.mentions(s.text))
        .collect();
    registry.first_mentions(&doc, &mentions);
    let relations = relations(&doc, &registry, &mentions);
    let mut organisations = registry.orgs;
    organisations.sort_by_key(|o| o.line);
    Ok(Strategy {
        language,
        title,
        region,
        issuer,
        authoring_body,
        priorities,
        organisations,
        relations,
        paragraphs: clean.paragraphs,
        dropped: clean.dropped,
    })
}

fn check_is_text(text: &str) -> Result<(), StrategyError> {
    if text.trim().is_empty() {
        return Err(StrategyError::Empty);
    }
    let is_binary = |c: char| {
        c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
    };
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    let binary = text.chars().filter(|&c| is_binary(c)).count();
    if text.contains('\0') || binary * 20 > visible {
        let line = text
            .lines()
            .position(|l| l.chars().any(is_binary))
            .map_or(Line(1), |i| Line(i + 1));
        let reason = if text.contains('\0') {
            "it contains NUL bytes"
        } else {
            "more than 5% of its characters are control or replacement characters"
        };
        return Err(StrategyError::NotText { line, reason });
    }
    Ok(())
}

/// Content detection: prose that speaks of strategy, regions, research and innovation, and not a
/// scraped organisation profile, CSV or RDF.
pub fn looks_like_strategy(text: &str) -> bool {
    let lines: Vec<&str> = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(400)
        .collect();
    let Some(first) = lines.first() else {
        return false;
    };
    let lower_first = first.to_lowercase();
    if first.eq_ignore_ascii_case("SciTransfer")
        || ["@prefix", "@base", "prefix ", "<?xml", "<rdf:rdf"]
            .iter()
            .any(|p| lower_first.starts_with(p))
        || text.contains("<rdf:RDF")
    {
        return false;
    }
    let tabular = |sep: char| {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(sep).count()).collect();
        counts[0] >= 2 && counts.iter().filter(|&&c| c == counts[0]).count() * 10 >= lines.len() * 8
    };
    if lines.len() >= 2 && [',', ';', '\t'].into_iter().any(tabular) {
        return false;
    }
    let prose_chars: usize = lines
        .iter()
        .filter(|l| l.split_whitespace().count() >= 6 && l.chars().any(char::is_lowercase))
        .map(|l| l.len())
        .sum();
    let all_chars: usize = lines.iter().map(|l| l.len()).sum();
    let lower = text.to_lowercase();
    let stems = [
        "strateg",
        "region",
        "priorit",
        "innovation",
        "forskning",
        "research",
        "samverkan",
        "collaborat",
        "utveckling",
        "development",
        "life science",
        "health",
        "hälso",
        "vård",
    ];
    let hits = stems.iter().filter(|s| lower.contains(*s)).count();
    prose_chars * 2 >= all_chars
        && hits >= 3
        && ["strateg", "region", "priorit"]
            .iter()
            .any(|s| lower.contains(s))
}

struct Sentence<'a> {
    para: usize,
    /// Byte offset in the paragraph.
    start: usize,
    text: &'a str,
}

struct Doc<'a> {
    paragraphs: &'a [Paragraph],
    sentences: Vec<Sentence<'a>>,
}

impl<'a> Doc<'a> {
    fn new(paragraphs: &'a [Paragraph]) -> Self {
        let sentences = paragraphs
            .iter()
            .enumerate()
            .flat_map(|(para, p)| {
                text::sentence_spans(&p.text)
                    .into_iter()
                    .map(move |r| Sentence {
                        para,
                        start: r.start,
                        text: &p.text[r],
                    })
            })
            .collect();
        Self {
            paragraphs,
            sentences,
        }
    }

    /// The source line of byte `offset` of sentence `s`.
    fn line(&self, s: &Sentence, offset: usize) -> Line {
        self.paragraphs[s.para].line_at(s.start + offset)
    }
}

fn title(paragraphs: &[Paragraph]) -> Option<Located<String>> {
    let first = paragraphs.first()?;
    let generic = among(GENERIC_SECTIONS, &first.text.to_lowercase());
    (first.is_heading && !generic).then(|| Located {
        value: first.text.clone(),
        line: first.line,
    })
}

fn first_sentence(text: &str) -> String {
    text::sentence_spans(text)
        .first()
        .map_or_else(|| text.to_string(), |r| text[r.clone()].to_string())
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
