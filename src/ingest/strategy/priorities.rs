//! Priorities: commitments of a board under a heading, and priority areas from lists after a
//! lead-in, heading lists, numbered sections, labelled items and inline lists in a sentence.

use super::records::{Located, Priority, PriorityKind};
use super::{Doc, first_sentence};
use crate::ingest::text::{self, Paragraph, among};
use crate::model::Line;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static COMMITMENT: LazyLock<Regex> = regex!(
    r"^(?P<body>Regionstyrelsen|Regionfullmäktige|Landstingsstyrelsen|Landstingsfullmäktige|Kommunstyrelsen|Kommunfullmäktige|The Regional (?:Executive )?Board|The Regional Council)\s+(?P<stance>är positiv till|ser positivt på|anser|avser|bedömer|noterar|prioriterar|eftersträvar|konstaterar|betonar|föreslår|beslutar|välkomnar|stödjer|ser|vill|considers|intends|notes|prioriti[sz]es|seeks|sees|wants|welcomes|supports|emphasi[sz]es|will|is positive (?:about|towards|to))\b"
);
static AREA_WORDS: LazyLock<Regex> = regex!(
    r"(?i)\b(?:areas?|\w*områden|\w*område|prioriteringar|prioriterade|prioriterar|priorities|priority|prioriti[sz]es?|prioriti[sz]ed|themes?|teman|focus|fokus|sectors?|sektorer|specialisations|specializations|specialiseringar|domains?|platforms|plattformar|pillars|niches|spearheads?|spjutspets\w*|fields|missions|strengths|strongholds?|styrkor)\b"
);
/// Parts of areas (`Sub-areas:`, `sub-thematic areas`, `delområden`), which are never areas.
static SUB_AREA: LazyLock<Regex> = regex!(
    r"(?i)\bsub-?(?:thematic\s+|sectoral\s+)?(?:areas?|themes?|domains?|sectors?|fields?|priorities|topics?)\b|\b(?:del|under)områd\p{L}*"
);

/// Whether `text` speaks of areas or priorities, not only of their parts.
fn speaks_of_areas(text: &str) -> bool {
    AREA_WORDS.is_match(&SUB_AREA.replace_all(text, ""))
}

/// An inline list after a counted or qualified area noun and a colon (`fem styrkeområden: a, b
/// och c`); a short relative clause may stand between them (`fyra styrkeområden där länet redan
/// har starka företag: a, b samt c`).
static TRAILING_LIST: LazyLock<Regex> = regex!(
    r"(?i)\b(?:strategiska|prioriterade|utpekade|följande|särskilda|strategic|priority|prioriti[sz]ed|key|focus|following|thematic|tematiska|two|three|four|five|six|seven|eight|nine|ten|två|tre|fyra|fem|sex|sju|åtta|nio|tio|[2-9])\s+(?:[\p{L}-]+\s+)?(?:\p{L}*områden|areas|priorities|themes|spearheads|domains|sectors|sektorer|specialisations|specializations|specialiseringar|strongholds)(?:\s*[,:]|\s+(?:där|som|in which|where|that|which)\s+[^.:;,]{1,80}?:)\s+(?P<list>[^.:]+)"
);
static LEADING_LIST: LazyLock<Regex> = regex!(
    r"(?i)\b(?:där|where)\s+(?P<list>[^.;:]+?)\s+(?:är|utgör|pekas ut som|is|are|constitutes?)\s+(?P<one>ett av\s+|en av\s+|one of\s+)?(?:[\p{L}]+\s+){0,3}?(?:prioriterade|strategiska|priority|prioriti[sz]ed|strategic)\s+(?:[\p{L}-]+\s+)?(?:[\p{L}]*områden|areas)\b"
);
/// Areas that serve all the others, listed inline after what they are (`enabling technologies that
/// serve all the economic areas: a, b, and c`, `två horisontella perspektiv ska prägla alla
/// insatser: a och b`): supporting areas, read as areas are.
static SUPPORTING_LIST: LazyLock<Regex> = regex!(
    r"(?i)\b(?:enabling|horizontal|cross-cutting|transversal|horisontella|tvärgående|möjliggörande)\s+(?:[\p{L}-]+\s+){0,2}?(?:technologies|areas|priorities|perspectives|perspektiv|områden|teknologier|tekniker)\b[^.:;]*:\s+(?P<list>[^.:]+)"
);
static LIST_CONJUNCTION: LazyLock<Regex> = regex!(r"(?i)\s+(?:och|samt|and|or|eller)\s+");

/// Commitments, each with the board that makes it.
pub(super) fn commitments(doc: &Doc) -> Vec<(Priority, String)> {
    doc.paragraphs
        .windows(2)
        .filter(|w| w[0].is_heading && !w[1].is_heading && !w[1].is_bullet)
        .filter_map(|w| {
            let caps = COMMITMENT.captures(&w[1].text)?;
            let statement = first_sentence(&w[1].text);
            let priority = Priority {
                kind: PriorityKind::Commitment,
                own_text: format!("{}. {statement}", w[0].text),
                label: w[0].text.clone(),
                statement,
                stance: Some(caps["stance"].to_string()),
                line: w[1].line,
            };
            Some((priority, caps["body"].to_string()))
        })
        .collect()
}

/// The board in whose name most commitments are made, at its first commitment.
pub(super) fn authoring_body(commitments: &[(Priority, String)]) -> Option<Located<String>> {
    let mut counts: HashMap<&str, (usize, Line)> = HashMap::new();
    for (priority, body) in commitments {
        counts.entry(body).or_insert((0, priority.line)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (n, line))| (*n, std::cmp::Reverse(*line)))
        .map(|(value, (_, line))| Located {
            value: value.to_string(),
            line,
        })
}

/// Collects priority areas, each once (by label, case-insensitively), in the order found.
struct Areas(Vec<Priority>);

impl Areas {
    pub(super) fn push(&mut self, label: &str, statement: &str, own_text: &str, line: Line) {
        // A title `S3 domain: Healthy society` or `DAS 2 – Health technologies` names the area
        // `Healthy society` or `Health technologies`, however it was found.
        let label = LABELLED_ITEM
            .captures(label)
            .or_else(|| ACRONYM_ITEM.captures(label))
            .map_or_else(|| label.to_string(), |c| item_label(&c["item"]));
        let label = clean_label(&label);
        if label.is_empty() || self.0.iter().any(|a| a.label.eq_ignore_ascii_case(&label)) {
            return;
        }
        self.0.push(Priority {
            kind: PriorityKind::PriorityArea,
            own_text: format!("{label}. {own_text}"),
            label,
            statement: statement.to_string(),
            stance: None,
            line,
        });
    }
}

/// Whether paragraph `p` introduces the list that follows it: a heading that speaks of areas or
/// priorities, or a sentence ending in `:` that does (`… följande fokusområden:`), or a short
/// one after a sentence that does (`Fyra områden har valts ut. Dessa är:`), or one that speaks
/// of the areas' parts after a sentence that speaks of the areas (`Five areas were chosen. Each
/// is divided into sub-areas, listed under it:`). A lead-in of the parts alone (`Sub-areas:`
/// under an area) introduces no areas.
fn introduces_list(p: &Paragraph) -> bool {
    if p.is_bullet {
        return false;
    }
    let sentences = text::sentences(&p.text);
    let Some(last) = sentences.last() else {
        return false;
    };
    if p.is_heading {
        return speaks_of_areas(last);
    }
    if !p.text.ends_with(':') {
        return false;
    }
    speaks_of_areas(last)
        || ((last.split_whitespace().count() <= 4 || SUB_AREA.is_match(last))
            && sentences.len() >= 2
            && speaks_of_areas(&sentences[sentences.len() - 2]))
}

pub(super) fn priority_areas(doc: &Doc) -> Vec<Priority> {
    let mut areas = Areas(Vec::new());
    let paragraphs = doc.paragraphs;
    for (i, p) in paragraphs.iter().enumerate() {
        if introduces_list(p) {
            listed_items(paragraphs, i, &mut areas);
        }
        if p.is_heading && speaks_of_areas(&p.text) {
            heading_list(paragraphs, i, &mut areas);
            titled_items(paragraphs, i, &mut areas);
        }
        if introduces_list(p) || speaks_of_areas(&p.text) {
            heading_sections(paragraphs, i, &mut areas);
        }
        if numbered_title(p).is_some_and(|(_, title)| AREA_WORDS.is_match(title)) {
            numbered_sections(paragraphs, i, &mut areas);
        }
    }
    labelled_items(paragraphs, &mut areas);
    for s in &doc.sentences {
        let supporting = SUPPORTING_LIST.captures(s.text);
        if doc.paragraphs[s.para].is_heading
            || !(AREA_WORDS.is_match(s.text) || supporting.is_some())
        {
            continue;
        }
        // A sentence ending in `:` introduces the list after it, not one inside it.
        if s.text.ends_with(':') {
            continue;
        }
        let found = TRAILING_LIST
            .captures(s.text)
            .map(|c| (c.name("list"), false))
            .or_else(|| {
                LEADING_LIST
                    .captures(s.text)
                    .map(|c| (c.name("list"), c.name("one").is_some()))
            })
            .or_else(|| supporting.map(|c| (c.name("list"), false)));
        let Some((Some(list), singular)) = found else {
            continue;
        };
        let items = with_elaborations(split_list(list.as_str()));
        let valid = items.len() >= 2
            && items.iter().all(|(i, _)| {
                (1..=8).contains(&i.split_whitespace().count())
                    && !i
                        .split_whitespace()
                        .any(|w| among(CLAUSE_WORDS, &w.to_lowercase()))
            });
        if !valid {
            continue;
        }
        let line = doc.line(s, list.start());
        if singular {
            areas.push(list.as_str(), s.text, s.text, line);
        } else {
            for (label, text) in items {
                areas.push(&label, s.text, &text, line);
            }
        }
    }
    areas.0
}

/// Words that make a comma-separated run a clause rather than a list of areas (`technologies,
/// sciences are supporting the above sectors`).
const CLAUSE_WORDS: &str = "is are was were be been will shall can could should would may \
    must have has had which that who whose supporting support supports är var blir ska skall kan \
    har hade som vilka vilket";

/// The items of the list after lead-in `at`. An item may have its description on lines of its
/// own under it (`1. Advanced materials` / `   New alloys and coatings …`): the description is
/// skipped when another item follows it, and read with the item for its themes.
///
/// Items nested under an item (`a) medical devices` under `1. Personalised healthcare`) are its
/// parts: read with it for its themes, never areas of their own. Without a list, the lead-in may
/// be followed by paragraphs that each open with the area's name in bold, which the text has lost
/// (`Sustainable mobility – Vehicle makers …`).
fn listed_items(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let mut i = at + 1;
    if paragraphs.get(i).is_some_and(|p| !p.is_bullet) {
        if !lead_in_paragraphs(paragraphs, at, areas) {
            unmarked_items(paragraphs, at, areas);
        }
        return;
    }
    while let Some(item) = paragraphs.get(i).filter(|p| p.is_bullet) {
        let parts: Vec<&str> = paragraphs[i + 1..]
            .iter()
            .take_while(|p| p.is_bullet && p.is_subitem)
            .map(|p| p.text.as_str())
            .collect();
        let mut own_text = item.text.clone();
        if !parts.is_empty() {
            own_text = format!("{own_text}: {}", parts.join("; "));
        }
        let next = i + 1 + parts.len();
        let label = item_label(&item.text);
        // Not a lead-in of a list of its own (`Arbetet sker i tre steg:`).
        let description = paragraphs
            .get(next)
            .filter(|d| is_description(d) && !d.text.ends_with(':'))
            .filter(|_| paragraphs.get(next + 1).is_some_and(|p| p.is_bullet));
        match description {
            Some(d) => {
                let own_text = format!("{own_text} {}", d.text);
                areas.push(&label, &item.text, &own_text, item.line);
                i = next + 1;
            }
            None => {
                areas.push(&label, &item.text, &own_text, item.line);
                i = next;
            }
        }
    }
}

/// A paragraph that opens with a short name and a dash or colon before its description: a bold
/// lead-in term whose bold the text extraction lost (`Sustainable mobility – Vehicle makers …`).
static LEAD_IN_TERM: LazyLock<Regex> = regex!(
    r"^(?P<term>\p{Lu}[\p{L}\p{N}'’&,/-]*(?:\s+[\p{L}\p{N}'’&,/-]+){0,7})(?:\s+[–—-]\s+|:\s+)\p{Lu}"
);

/// Paragraphs after a lead-in that speaks of areas, each opening with an area's name in bold
/// (`Health care industry – Medical technology, …`): as many as the lead-in counts, else the whole
/// run of them (at least two). Whether it found them.
fn lead_in_paragraphs(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) -> bool {
    let count = announced_count(&paragraphs[at].text);
    let run: Vec<(&Paragraph, String)> = paragraphs[at + 1..]
        .iter()
        .map_while(|p| {
            // `Insatsområde 1: …` is labelled, not named in bold (see `labelled_items`).
            let term = LEAD_IN_TERM
                .captures(&p.text)
                .filter(|_| is_description(p) && !LABELLED_ITEM.is_match(&p.text))?;
            let term = term["term"].to_string();
            (!term.ends_with(',')).then_some((p, term))
        })
        .take(count.unwrap_or(usize::MAX))
        .collect();
    let complete = count.map_or(run.len() >= 2, |n| run.len() == n);
    if complete {
        for (p, term) in run {
            areas.push(&term, &first_sentence(&p.text), &p.text, p.line);
        }
    }
    complete
}

/// The last source line of a paragraph.
fn last_line(p: &Paragraph) -> usize {
    p.line_starts.last().map_or(p.line, |(_, l)| *l).0
}

/// A list after a lead-in ending in `:` whose bullets a copy from a web page lost: short titles
/// on the lines right after it, one a line with no blank line between them (`Hallands
/// styrkeområden är:` / `Hälsoinnovation och life science` / `Livsmedel och gröna näringar`). A
/// blank line ends the list, so the heading of the next section is not taken for an item; a count
/// in the lead-in must match.
fn unmarked_items(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let mut line = last_line(&paragraphs[at]);
    let mut run: Vec<&Paragraph> = Vec::new();
    for p in &paragraphs[at + 1..] {
        // At most one blank line between the lead-in and the list, none between its items.
        let gap = if run.is_empty() { 2 } else { 1 };
        let listed = p.is_heading
            && !p.is_bullet
            && p.line.0 > line
            && p.line.0 <= line + gap
            && p.line_starts.len() == 1
            && p.text.split_whitespace().count() <= 8;
        if !listed {
            break;
        }
        run.push(p);
        line = p.line.0;
    }
    // Uncounted, a run with `Contact` in it is a page's links (`Spearhead clusters` / `Innovation
    // cluster call` / `Contact`), whose heading only happens to speak of areas.
    let complete = announced_count(&paragraphs[at].text).map_or(
        run.len() >= 2 && !is_outline(run.iter().map(|p| p.text.as_str())),
        |n| run.len() == n,
    );
    if complete {
        for p in run {
            areas.push(&p.text, &p.text, &p.text, p.line);
        }
    }
}

/// A paragraph of prose: not a heading, an item or a numbered title.
fn is_description(p: &Paragraph) -> bool {
    !p.is_heading && !p.is_bullet && numbered_title(p).is_none()
}

/// First words of the titles of a document's own parts, which are never areas: a run of titles
/// with one of them is the document's outline (`Background`, `Method`), not a list of areas.
const OUTLINE_TITLES: &str = "background bakgrund method methods methodology metod metodik \
    introduction inledning summary sammanfattning contact contacts kontakt kontakta governance \
    styrning organisation implementation genomförande monitoring uppföljning evaluation \
    utvärdering conclusion conclusions slutsatser references referenser sources källor about om \
    newsletter nyhetsbrev";

/// Whether one of `titles` opens with a title of the document's own parts ([`OUTLINE_TITLES`]).
fn is_outline<'a>(mut titles: impl Iterator<Item = &'a str>) -> bool {
    titles.any(|title| {
        let first = title.split_whitespace().next().unwrap_or_default();
        among(OUTLINE_TITLES, &first.to_lowercase())
    })
}

/// Areas as titles, each over a description paragraph of its own, after a heading that speaks
/// of areas: a web page's `Our specialisation domains` / `Smart farming` / `Sensors and data
/// for …` / `Marine industries` / …, or a PDF's numbered list `1. Advanced materials` with its
/// description indented under it. A lead-in between the heading and the titles must count the
/// areas (`… valt fyra insatsområden där …`), and exactly that many are taken; titles right under
/// the heading are taken while each has its description (at least two, none a title of the
/// document's outline such as `Background`). Numbered titles must count up from 1. A description
/// may run over up to three paragraphs.
fn titled_items(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let mut i = at + 1;
    let mut count = None;
    while i < paragraphs.len().min(at + 3) && is_description(&paragraphs[i]) {
        count = count.or_else(|| {
            text::sentences(&paragraphs[i].text)
                .iter()
                .find_map(|s| counted(s))
        });
        i += 1;
    }
    if i > at + 1 && count.is_none() {
        return;
    }
    let mut items: Vec<(&str, &Paragraph, &[Paragraph])> = Vec::new();
    let mut prefix = None;
    let finished =
        |d: &Paragraph| is_description(d) && d.text.trim_end().ends_with(['.', '!', '?']);
    while count.is_none_or(|n| items.len() < n) {
        let Some(title) = paragraphs.get(i).filter(|p| !p.is_bullet) else {
            break;
        };
        let label = match numbered_title(title) {
            Some((number, label)) => {
                let (head, last) = number.rsplit_once('.').unwrap_or(("", number));
                let expected = (items.len() + 1).to_string();
                if last != expected || *prefix.get_or_insert(head) != head {
                    break;
                }
                label
            }
            None if title.is_heading && prefix.is_none() => title.text.as_str(),
            None => break,
        };
        if label.split_whitespace().count() > 10 {
            break;
        }
        // A description of one paragraph or a few (up to three) before the next title.
        let body = paragraphs[(i + 1).min(paragraphs.len())..]
            .iter()
            .take(3)
            .take_while(|d| finished(d))
            .count();
        if body == 0 {
            break;
        }
        items.push((label, title, &paragraphs[i + 1..i + 1 + body]));
        i += 1 + body;
        // A list of the area's parts under its description (`Sub-areas:` and its items) is part
        // of its section.
        let sub_list = paragraphs
            .get(i)
            .is_some_and(|p| is_description(p) && p.text.ends_with(':'))
            && paragraphs.get(i + 1).is_some_and(|p| p.is_bullet);
        if sub_list {
            i += 1;
            while paragraphs.get(i).is_some_and(|p| p.is_bullet) {
                i += 1;
            }
        }
    }
    let outline = is_outline(items.iter().map(|(label, _, _)| *label));
    let complete = match count {
        Some(n) => items.len() == n,
        None => items.len() >= 2 && !outline,
    };
    if !complete {
        return;
    }
    // The first paragraph says what the area is; later ones (and a closing paragraph about all
    // areas that may stand after the last) are not read for its themes.
    for (label, title, body) in items {
        let statement = first_sentence(&body[0].text);
        areas.push(label, &statement, &body[0].text, title.line);
    }
}

/// Short headings right under a priority heading, each a line of its own (a web page's list
/// whose bullets were lost): `Focus areas` / `Energy transition` / `Water technology` / prose.
fn heading_list(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let run: Vec<&Paragraph> = paragraphs[at + 1..]
        .iter()
        .take_while(|p| p.is_heading && !p.is_bullet && p.text.split_whitespace().count() <= 8)
        .collect();
    // Prose must follow: short lines that run to the end of the text are a page's closing links
    // (`More information` / `Spearhead clusters` / `Contact` / its address), not its areas.
    let ends_in_prose = paragraphs
        .get(at + 1 + run.len())
        .is_some_and(|p| !p.is_heading);
    let outline = is_outline(run.iter().map(|p| p.text.as_str()));
    if run.len() >= 2 && ends_in_prose && !outline {
        for p in run {
            areas.push(&p.text, &p.text, &p.text, p.line);
        }
    }
}

/// A count of areas: `five innovation areas`, `tre spjutspetsar`, `4 priorities`.
static AREA_COUNT: LazyLock<Regex> = regex!(
    r"(?i)\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|två|tre|fyra|fem|sex|sju|åtta|nio|tio|[2-9])\s+(?:[\p{L}-]+\s+){0,2}?(?:areas|priorities|themes|spearheads|domains|sectors|pillars|fields|missions|specialisations|specializations|strongholds|\p{L}*områden|spjutspetsar|teman|sektorer|specialiseringar)\b"
);

/// The number of areas a lead-in announces in its last sentence, if it does.
pub(super) fn announced_count(text: &str) -> Option<usize> {
    counted(&text::sentences(text).pop()?)
}

/// The number of areas a sentence counts, if it does: not `one of four areas` (`ett av fyra
/// områden`), which speaks of one area.
fn counted(sentence: &str) -> Option<usize> {
    let caps = AREA_COUNT.captures(sentence)?;
    let before = sentence[..caps.get(0)?.start()].trim_end().to_lowercase();
    if before.ends_with(" of") || before.ends_with(" av") {
        return None;
    }
    let n = caps["n"].to_lowercase();
    let words = [
        ["two", "två"],
        ["three", "tre"],
        ["four", "fyra"],
        ["five", "fem"],
        ["six", "sex"],
        ["seven", "sju"],
        ["eight", "åtta"],
        ["nine", "nio"],
        ["ten", "tio"],
    ];
    n.parse().ok().or_else(|| {
        words
            .iter()
            .position(|w| w.contains(&n.as_str()))
            .map(|i| i + 2)
    })
}

/// Sections whose headings are the areas, each heading followed by a paragraph or two of prose, after
/// a lead-in that announces how many there are (`The strategy focuses on three spearheads:` or a
/// heading `Innovation areas` and `… on five innovation areas.`). The count is what tells the
/// areas from the headings that follow them (`Contact`, `Governance`): exactly that many are taken,
/// and only if the sections are all there.
fn heading_sections(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    // The lead-in and up to two paragraphs of prose after it may announce the count.
    let mut start = at + 1;
    let mut count = announced_count(&paragraphs[at].text);
    while count.is_none() && start < paragraphs.len().min(at + 3) {
        let p = &paragraphs[start];
        if p.is_heading || p.is_bullet {
            break;
        }
        count = announced_count(&p.text);
        start += 1;
    }
    let Some(count) = count else {
        return;
    };
    let mut items = Vec::new();
    let mut i = start;
    while items.len() < count {
        let Some(heading) = paragraphs.get(i).filter(|p| p.is_heading && !p.is_bullet) else {
            return;
        };
        let body = paragraphs[i + 1..]
            .iter()
            .take(3)
            .take_while(|p| !p.is_heading && !p.is_bullet && numbered_title(p).is_none())
            .count();
        if body == 0 || heading.text.split_whitespace().count() > 10 {
            return;
        }
        items.push((heading, &paragraphs[i + 1]));
        i += 1 + body;
    }
    for (heading, body) in items {
        let statement = first_sentence(&body.text);
        // `3.1 Smart industry` is the area `Smart industry`.
        let label = numbered_title(heading).map_or(heading.text.as_str(), |(_, title)| title);
        areas.push(label, &statement, &statement, heading.line);
    }
}

static SECTION_NUMBER: LazyLock<Regex> =
    regex!(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>\p{L}.*)$");

/// A numbered section heading (`3. Smart specialisation priorities`, `3.1 Smart industry`): its
/// number and title. (`3. X` is not a heading to the cleaner, which takes `. ` for a sentence.)
fn numbered_title(p: &Paragraph) -> Option<(&str, &str)> {
    let caps = SECTION_NUMBER.captures(&p.text).filter(|_| !p.is_bullet)?;
    let (number, title) = (caps.name("number")?.as_str(), caps.name("title")?.as_str());
    let heading_like = title.split_whitespace().count() <= 12
        && !title.ends_with(['.', ':', ';', ','])
        && !title.contains(". ");
    heading_like.then_some((number, title))
}

/// Numbered sections under a numbered priority heading: `3. Smart specialisation priorities`,
/// then `3.1 Smart industry`, `3.2 Clean energy`, … each with its first sentence as statement.
/// A single subsection is no list of areas (`4.1 The priorities in brief` under `4. Priorities`).
fn numbered_sections(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let Some((number, _)) = numbered_title(&paragraphs[at]) else {
        return;
    };
    let prefix = format!("{number}.");
    let mut sections = Vec::new();
    for (i, p) in paragraphs.iter().enumerate().skip(at + 1) {
        let Some((number, title)) = numbered_title(p) else {
            continue;
        };
        let Some(rest) = number.strip_prefix(&prefix) else {
            break;
        };
        // `3.1`, not `3.1.2` (a subsection of an area).
        if rest.contains('.') {
            continue;
        }
        let body = paragraphs
            .get(i + 1)
            .filter(|b| !b.is_heading && numbered_title(b).is_none())
            .map(|b| first_sentence(&b.text))
            .unwrap_or_default();
        let statement = if body.is_empty() {
            p.text.clone()
        } else {
            body.clone()
        };
        sections.push((title, statement, body, p.line));
    }
    if sections.len() >= 2 {
        for (title, statement, body, line) in sections {
            areas.push(title, &statement, &body, line);
        }
    }
}

static LABELLED_ITEM: LazyLock<Regex> = regex!(
    r"^(?P<noun>(?i:(?:(?:smart|thematic|strategic|key|innovation|S3|RIS3)[\s-]+){0,2}(?:priority(?: area| axis| domain| field)?|prioritet|prioriterat område|focus area|\p{L}*område|specialisation(?: area)?|specialization(?: area)?|specialisering|pillar|pelare|area|domain|domän|field|theme|tema|spearhead|mission|axis)))(?:\s+(?:\d{1,2}|[IVX]{1,4}|[A-Z])\s*[:.–-]|\s*:)\s+(?P<item>\p{L}.*)$"
);
/// An item labelled with an acronym and a number (`DIS 2 – Innovation for healthier lives`).
static ACRONYM_ITEM: LazyLock<Regex> =
    regex!(r"^(?P<noun>\p{Lu}{2,6})\s+(?:\d{1,2}|[IVX]{1,4})\s*[:.–-]\s+(?P<item>\p{L}.*)$");
/// An acronym defined after the words it stands for: `strategic innovation areas (DIS)`, also
/// after the words in the language the acronym comes from (`strategic domains (domaines
/// d'activités stratégiques, DAS)`).
static ACRONYM_DEFINITION: LazyLock<Regex> = regex!(
    r"(?P<words>(?:[\p{L}-]+\s+){0,3}[\p{L}-]+)\s+\((?:[^()]*,\s+)?(?P<acronym>\p{Lu}{2,6})\)"
);

/// Paragraphs labelled as priorities one by one: `Priority 1: Mobility and logistics, …`,
/// `Insatsområde 2 – …`, `Priority area 3: …`, `S3 domain: Healthy society` as headings of their
/// sections, or with an acronym that the text defines as its word for areas (`strategic
/// innovation areas (DIS)`, then `DIS 1 – Circular materials. …`); at least two with the same
/// label word, in a row or apart.
fn labelled_items(paragraphs: &[Paragraph], areas: &mut Areas) {
    let area_acronyms: Vec<&str> = paragraphs
        .iter()
        .flat_map(|p| ACRONYM_DEFINITION.captures_iter(&p.text))
        .filter(|c| speaks_of_areas(&c["words"]))
        .filter_map(|c| Some(c.name("acronym")?.as_str()))
        .collect();
    let labelled: Vec<(usize, &Paragraph, regex::Captures)> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_bullet)
        .filter_map(|(i, p)| {
            let caps = LABELLED_ITEM.captures(&p.text).or_else(|| {
                ACRONYM_ITEM
                    .captures(&p.text)
                    .filter(|c| area_acronyms.contains(&&c["noun"]))
            })?;
            Some((i, p, caps))
        })
        .collect();
    let mut nouns: HashMap<String, usize> = HashMap::new();
    for (_, _, caps) in &labelled {
        *nouns.entry(caps["noun"].to_lowercase()).or_default() += 1;
    }
    for (i, p, caps) in &labelled {
        if nouns[&caps["noun"].to_lowercase()] >= 2 {
            let label = item_label(&caps["item"]);
            // A labelled heading (`S3 domain: Healthy society`) has its description under it.
            let description = paragraphs
                .get(i + 1)
                .filter(|d| p.is_heading && is_description(d));
            let own_text = match description {
                Some(d) => format!("{} {}", &caps["item"], d.text),
                None => caps["item"].to_string(),
            };
            areas.push(&label, &p.text, &own_text, p.line);
        }
    }
}

static ITEM_SEPARATOR: LazyLock<Regex> = regex!(
    r"(?i)(?::\s|\s[–—-]\s|\s\(|,\s(?:including|included|such as|e\.g\.|for example|especially|mainly|notably|in particular|with|taking|using|building|focusing|covering|linking|combining|inklusive|såsom|som t\.ex\.|t\.ex\.|bland annat|bl\.a\.|främst|särskilt|med|where|which|whose|from|linked|related|based|där|som|vilket|kopplat|baserat)\b)"
);

/// A list item's area label, without the description after it: `Food: sustainable food
/// production` → `Food`; `energy, including renewable generation` → `energy`. A colon after a
/// short name is the break, whatever dash or comma the name holds (`Health – medicine: medical
/// devices`, `Smart buildings, with the wood chain: …`, as a table's row is written): a name and
/// its description are set apart by a colon where they are set apart at all. An item without
/// such a break is its own label (its first sentence, if it has several).
pub(super) fn item_label(item: &str) -> String {
    let first = first_sentence(item);
    let named = first
        .split_once(": ")
        .map(|(name, _)| name)
        .filter(|name| (1..=8).contains(&name.split_whitespace().count()));
    if let Some(name) = named {
        return name.to_string();
    }
    if let Some(m) = ITEM_SEPARATOR.find(&first) {
        let label = &first[..m.start()];
        if (1..=12).contains(&label.split_whitespace().count()) {
            return label.to_string();
        }
    }
    first
}

/// A label without the punctuation and dangling conjunction of its list (`Textile and`,
/// `Environment, and`, `health;`).
pub(super) fn clean_label(label: &str) -> String {
    let mut label = label.trim();
    loop {
        let before = label;
        label = label.trim_end_matches([';', ',', '.', ':']).trim_end();
        for conjunction in [" and", " och", " samt", " or", " eller"] {
            let cut = label.len().saturating_sub(conjunction.len());
            if label
                .get(cut..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(conjunction))
            {
                label = label[..cut].trim_end();
            }
        }
        if label == before {
            break;
        }
    }
    label.to_string()
}

/// `a, b, c samt d` → items; `hälso- och sjukvård` stays whole. The last comma item is split at
/// `samt` if it has one (Swedish closes a list with `samt` when its items contain `och`: `tech och
/// digitalisering samt mat`), else at its last conjunction (`research and innovation and energy`),
/// unless a serial comma already closed the list (`a, b, and health and care`). Items that hold
/// commas of their own are separated by semicolons (`a; b, c and d; and e`); a semicolon after a
/// list of commas ends it.
fn split_list(list: &str) -> Vec<String> {
    let pieces: Vec<&str> = list
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let items: Vec<String> = if pieces.len() >= 3 {
        pieces.iter().map(|p| p.to_string()).collect()
    } else {
        let list = pieces.first().copied().unwrap_or_default();
        let mut items: Vec<String> = list.split(',').map(|i| i.trim().to_string()).collect();
        if let Some(last) = items.pop() {
            let conjunctions: Vec<_> = LIST_CONJUNCTION
                .find_iter(&last)
                .filter(|m| !last[..m.start()].ends_with('-'))
                .collect();
            let closing = conjunctions
                .iter()
                .find(|m| m.as_str().trim().eq_ignore_ascii_case("samt"))
                .or(conjunctions.last())
                .filter(|_| items.is_empty() || opening_conjunction(&last).is_none());
            match closing {
                Some(m) => {
                    items.push(last[..m.start()].trim().to_string());
                    items.push(last[m.end()..].trim().to_string());
                }
                None => items.push(last.trim().to_string()),
            }
        }
        items
    };
    items
        .into_iter()
        .map(|i| opening_conjunction(&i).map_or(i.clone(), |c| i[c..].trim().to_string()))
        .filter(|i| !i.is_empty())
        .collect()
}

/// Words that open an elaboration of the item before them, set off by commas inside a list
/// (`advanced digital technologies, including blockchain and AI, and skills`): part of that item,
/// never an item of its own.
const ELABORATIONS: &[&str] = &[
    "including ",
    "included ",
    "such as ",
    "notably ",
    "in particular ",
    "especially ",
    "for example ",
    "e.g. ",
    "inklusive ",
    "bland annat ",
    "bl.a. ",
    "t.ex. ",
    "såsom ",
    "särskilt ",
];

/// Items of a list, each as its label and its text: an elaboration is joined to the text of the
/// item it elaborates (`advanced digital technologies, including blockchain`), not to its label.
fn with_elaborations(items: Vec<String>) -> Vec<(String, String)> {
    let mut joined: Vec<(String, String)> = Vec::new();
    for item in items {
        let lower = item.to_lowercase();
        match joined.last_mut() {
            Some((_, text)) if ELABORATIONS.iter().any(|e| lower.starts_with(e)) => {
                text.push_str(", ");
                text.push_str(&item);
            }
            _ => joined.push((item.clone(), item)),
        }
    }
    joined
}

/// The length of the conjunction an item opens with (`and e`, `samt mat`), if it does.
fn opening_conjunction(item: &str) -> Option<usize> {
    ["and ", "och ", "samt ", "or ", "eller "]
        .iter()
        .find(|c| {
            item.get(..c.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(c))
        })
        .map(|c| c.len())
}
