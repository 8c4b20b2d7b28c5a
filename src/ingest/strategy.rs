//! Structure extraction from regional strategies and research pages (Swedish and English): the
//! region a text speaks for, the body that makes its commitments, its priorities, the
//! organisations it names and the relations it states between them.
//!
//! Everything is rule-based and every fact keeps its source line and evidence sentence.
//!
//! * **Commitments**: a heading followed by a paragraph opening with a board and a stance verb
//!   (`Regionstyrelsen anser …`); label = heading, statement = first sentence, stance = verb. The
//!   board is the authoring body.
//! * **Priority areas**: bullets after a sentence that ends in `:` and speaks of areas or
//!   priorities (label = text before `:`, else the bullet); inline lists after
//!   `strategiska områden, …` or before `… är ett av fyra prioriterade utmaningsområden`. A list
//!   that is said to be *one* area (`är ett av`, `is one of`) stays one area.
//! * **Region**: `Region X (län|County)` or `… South Sweden`; among the names in the first body
//!   paragraph that names any, the most frequent in the whole text.
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

use crate::ingest::text::{self, Dropped, GLOSSARY_ENTRY, Paragraph, among};
use crate::model::{Lang, Line};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    pub language: Lang,
    pub title: Option<Located<String>>,
    pub region: Option<Located<String>>,
    pub authoring_body: Option<Located<String>>,
    pub priorities: Vec<Priority>,
    pub organisations: Vec<NamedOrganisation>,
    pub relations: Vec<Relation>,
    pub paragraphs: Vec<Paragraph>,
    pub dropped: Vec<Dropped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub kind: PriorityKind,
    pub label: String,
    pub statement: String,
    /// The stance verb of a commitment (`anser`, `avser`, `är positiv till`).
    pub stance: Option<String>,
    pub line: Line,
    /// The text that speaks of this priority alone (its label and its own description, not the
    /// rest of a sentence that lists several): where its themes are looked for.
    pub own_text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PriorityKind {
    PriorityArea,
    Commitment,
}

impl PriorityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PriorityArea => "priorityArea",
            Self::Commitment => "commitment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedOrganisation {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrganisationKind,
    /// The first line that names it.
    pub line: Line,
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OrganisationKind {
    University,
    Region,
    Municipality,
    Hub,
    SciencePark,
    Infrastructure,
    Agency,
    Foundation,
    Hospital,
    Company,
    Network,
    Initiative,
    Other,
}

impl OrganisationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::University => "university",
            Self::Region => "region",
            Self::Municipality => "municipality",
            Self::Hub => "hub",
            Self::SciencePark => "sciencePark",
            Self::Infrastructure => "infrastructure",
            Self::Agency => "agency",
            Self::Foundation => "foundation",
            Self::Hospital => "hospital",
            Self::Company => "company",
            Self::Network => "network",
            Self::Initiative => "initiative",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    pub subject: String,
    pub kind: RelationKind,
    pub object: String,
    pub evidence: String,
    pub line: Line,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RelationKind {
    CollaboratesWith,
    ManagedBy,
    MemberOf,
    /// Also "located in" (`Blue Science Park in Region Blekinge`).
    PartOf,
    ProjectOwner,
    ProjectParty,
    AgreementWith,
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CollaboratesWith => "collaboratesWith",
            Self::ManagedBy => "managedBy",
            Self::MemberOf => "memberOf",
            Self::PartOf => "partOf",
            Self::ProjectOwner => "projectOwner",
            Self::ProjectParty => "projectParty",
            Self::AgreementWith => "agreementWith",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrategyError {
    #[error("the input is empty or only whitespace")]
    Empty,
    #[error("{line}: the input is not text ({reason})")]
    NotText { line: Line, reason: &'static str },
    #[error(
        "no prose is left after cleaning: all {dropped} non-blank lines were cookie banners, URLs, footnotes, tables or page furniture"
    )]
    NoProse { dropped: usize },
}

/// A regex compiled on first use; the patterns are literals, so compiling cannot fail.
macro_rules! regex {
    ($pattern:expr) => {
        LazyLock::new(|| Regex::new($pattern).expect("static regex is valid"))
    };
}

static COMMITMENT: LazyLock<Regex> = regex!(
    r"^(?P<body>Regionstyrelsen|Regionfullmäktige|Landstingsstyrelsen|Landstingsfullmäktige|Kommunstyrelsen|Kommunfullmäktige|The Regional (?:Executive )?Board|The Regional Council)\s+(?P<stance>är positiv till|ser positivt på|anser|avser|bedömer|noterar|prioriterar|eftersträvar|konstaterar|betonar|föreslår|beslutar|välkomnar|stödjer|ser|vill|considers|intends|notes|prioriti[sz]es|seeks|sees|wants|welcomes|supports|emphasi[sz]es|will|is positive (?:about|towards|to))\b"
);
static AREA_WORDS: LazyLock<Regex> = regex!(
    r"(?i)\b(?:areas?|\w*områden|\w*område|prioriteringar|prioriterade|prioriterar|priorities|priority|prioriti[sz]es?|prioriti[sz]ed|themes?|teman|focus|fokus|sectors?|sektorer|specialisations|specializations|specialiseringar|domains?|platforms|plattformar|pillars|niches)\b"
);
static TRAILING_LIST: LazyLock<Regex> = regex!(
    r"(?i)\b(?:strategiska|prioriterade|utpekade|följande|särskilda|strategic|priority|prioriti[sz]ed|key|focus|following|thematic|tematiska)\s+(?:[\p{L}-]+\s+)?(?:områden|utmaningsområden|fokusområden|insatsområden|styrkeområden|areas|priorities|themes)\s*[,:]\s+(?P<list>[^.;:]+)"
);
static LEADING_LIST: LazyLock<Regex> = regex!(
    r"(?i)\b(?:där|where)\s+(?P<list>[^.;:]+?)\s+(?:är|utgör|pekas ut som|is|are|constitutes?)\s+(?P<one>ett av\s+|en av\s+|one of\s+)?(?:[\p{L}]+\s+){0,3}?(?:prioriterade|strategiska|priority|prioriti[sz]ed|strategic)\s+(?:[\p{L}-]+\s+)?(?:[\p{L}]*områden|areas)\b"
);
static LIST_CONJUNCTION: LazyLock<Regex> = regex!(r"(?i)\s+(?:och|samt|and|or|eller)\s+");
static REGION: LazyLock<Regex> = regex!(
    r"\bRegion\s+\p{Lu}[\p{L}-]+(?P<second>\s+\p{Lu}[\p{L}-]+)?(?P<county>\s+(?:läns|län|County|county))?"
);
static DEFINITE_REGION: LazyLock<Regex> = regex!(r"\b(?P<place>\p{Lu}\p{Ll}{2,}?)s?regionen\b");
static COMPASS_REGION: LazyLock<Regex> = regex!(
    r"(?:\p{Lu}\p{Ll}+\s+){0,4}(?:North|South|East|West|Mid|Central|Middle|Northern|Southern|Eastern|Western)\s+Sweden\b"
);
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
static PROJECT_PARTIES: LazyLock<Regex> =
    regex!(r"(?i)\b(?:project parties (?:are|include)|projektparter(?:na)? är)\s+");
static PROJECT_OWNER: LazyLock<Regex> =
    regex!(r"(?i)\b(?:project owner is|projektägare(?:n)? är)\s+");
static BETWEEN: LazyLock<Regex> = regex!(r"(?i)\b(?:between|mellan)\s+");
static AGREEMENT_WORD: LazyLock<Regex> = regex!(r"(?i)agreement|avtal");
static COLLABORATION_WORD: LazyLock<Regex> =
    regex!(r"(?i)collaborat|cooperat|partnership|samverkan|samarbete");
static AND_BETWEEN: LazyLock<Regex> = regex!(r"(?i)^\s+(?:and|och)\s+(?:the\s+)?$");
static WORK_TOGETHER: LazyLock<Regex> = regex!(
    r"(?i)^\s+(?:work together|collaborate|cooperate|samverkar|samarbetar|arbetar tillsammans)\b"
);
static WITH_CUE: LazyLock<Regex> = regex!(
    r"(?i)\b(?:in (?:close )?(?:collaboration|cooperation) with|collaborations? with|i (?:nära )?(?:samverkan|samarbete) med|tillsammans med)\s+"
);
static MANAGED_BY: LazyLock<Regex> = regex!(
    r"(?i)\b(?:(?:is|are|was|will be)\s+(?:[\p{L}]+\s+)?(?:managed|run|operated|coordinated|hosted|led)\s+by|(?:drivs|förvaltas|leds|samordnas)\s+av)\s+"
);
static MEMBER_OF: LazyLock<Regex> = regex!(
    r"(?i)\b(?:is|are|är)\s+(?:one of the (?:members|partners|nodes|founders)|a (?:member|partner|node)|en av (?:medlemmarna|parterna|noderna)|medlem(?:mar)?|parter?)\s+(?:of|in|i|to)\s+"
);
static WHERE_MEMBER: LazyLock<Regex> = regex!(r"(?i),\s*(?:där|where)\s+");
static WHERE_ONE_OF: LazyLock<Regex> = regex!(
    r"(?i)^,\s*(?:där|where)\s+[^,.;]{1,80}?\s+(?:är|is)\s+(?:en av|one of)(?: the)?\s+(?:noderna|medlemmarna|parterna|nodes|members|partners)\b"
);
static IS_ONE_OF: LazyLock<Regex> = regex!(
    r"(?i)^\s+(?:är|is)\s+(?:en av|one of)(?: the)?\s+(?:noderna|medlemmarna|parterna|nodes|members|partners)\b"
);
static MEMBERS_ARE: LazyLock<Regex> = regex!(
    r"(?i)\b(?:partner universities|partners|members|medlemmar(?:na)?|parter(?:na)?)\s+(?:in|of|i)\s+(?:the\s+)?"
);
static ARE_VERB: LazyLock<Regex> = regex!(r"(?i)^\s*(?:are|include|är)\b");
static PART_OF: LazyLock<Regex> =
    regex!(r"(?i)\b(?:(?:is|are)\s+(?:a\s+)?part of|är en del av|ingår i)\s+");
static ACTORS_BELOW: LazyLock<Regex> = regex!(
    r"(?i)\b(?:all\s+)?(?P<count>two|three|four|five|six|[2-9]|två|tre|fyra|fem|sex)?\s*(?:actors|organisations|organizations|partners|members|aktörer(?:na)?|organisationer(?:na)?)\s+(?:below|nedan)\s*$"
);
static LOCATED_IN: LazyLock<Regex> = regex!(r"^\s+(?:in|i)\s+$");

/// The kind an organisation's (lowercased) head word implies.
fn head_word_kind(word: &str) -> Option<OrganisationKind> {
    use OrganisationKind::*;
    Some(match word {
        "university" | "universitet" | "universitetet" | "högskola" | "högskolan" | "college"
        | "institute" | "institutet" | "institut" => University,
        "hospital" | "sjukhus" | "sjukhuset" | "universitetssjukhus" | "universitetssjukhuset" => {
            Hospital
        }
        "foundation" | "stiftelse" | "stiftelsen" => Foundation,
        "agency" | "authority" | "myndighet" | "myndigheten" | "council" => Agency,
        "arena" | "hub" | "incubator" | "inkubator" | "cluster" => Hub,
        "centre" | "center" | "centrum" | "biobank" | "biobanken" => Infrastructure,
        "lab" | "labs" | "laboratory" => Initiative,
        "holding" | "ab" | "ltd" | "inc" | "plc" | "gmbh" => Company,
        "network" | "forum" | "alliance" | "association" | "nätverk" | "förening" | "förbund" => {
            Network
        }
        "kommun" | "municipality" => Municipality,
        _ => return None,
    })
}

/// Whether `stem` + `s` is the genitive of an organisation head word (`Institutets`,
/// `universitetets`, `Vetenskapsrådets`), which only Swedish writes so.
fn genitive_head(stem: &str) -> bool {
    let lower = stem.to_lowercase();
    !lower.ends_with('s')
        && lower.chars().count() >= 4
        && (suffix_head(&lower).is_some()
            || among(
                "universitet universitetet institutet sjukhuset högskolan stiftelsen myndigheten",
                &lower,
            ))
}

/// Endings of Swedish compound names (`Vetenskapsrådet`, `Tillväxtverket`, `biobankscentrum`).
fn suffix_head(word: &str) -> Option<OrganisationKind> {
    use OrganisationKind::*;
    [
        ("universitetet universitet institutet", University),
        ("sjukhuset", Hospital),
        ("stiftelsen", Foundation),
        ("rådet verket myndigheten styrelsen inspektionen", Agency),
        ("centrum", Infrastructure),
    ]
    .into_iter()
    .find(|(suffixes, _)| {
        suffixes
            .split_whitespace()
            .any(|s| word.ends_with(s) && word.len() > s.len() + 2)
    })
    .map(|(_, kind)| kind)
}

/// The kind named by a type noun, also inside a compound (`forskningsinfrastrukturen`,
/// `inkubatorn`).
fn type_noun_kind(word: &str) -> Option<OrganisationKind> {
    use OrganisationKind::*;
    let lower = word.to_lowercase();
    [
        ("infrastruktur infrastructure", Infrastructure),
        ("inkubator incubator hub cluster kluster", Hub),
        (
            "initiativ initiative project projekt plattform platform",
            Initiative,
        ),
        ("nätverk network forum", Network),
        ("stiftelse foundation", Foundation),
        ("myndighet agency", Agency),
        ("företag company", Company),
    ]
    .into_iter()
    .find(|(nouns, _)| {
        nouns
            .split_whitespace()
            .any(|n| lower.starts_with(n) || (lower.contains(n) && lower.len() > n.len() + 3))
    })
    .map(|(_, kind)| kind)
}

/// A lazily built set of the space-separated words.
macro_rules! word_set {
    ($words:expr) => {
        LazyLock::new(|| $words.split_whitespace().collect())
    };
}

static CONNECTORS: LazyLock<HashSet<&str>> = word_set!("of for för de la du von van der &");

/// Capitalised words that open a sentence or a noun phrase but are not part of a name.
static NOT_NAME_START: LazyLock<HashSet<&str>> = word_set!(
    "the a an this that these those our their its all several many \
    other each every both such some in at for with from by through according also since during \
    after before under within via as of on to when while if although however currently already \
    den det de denna detta dessa en ett vår våra vårt alla flera andra övriga samtliga sådana \
    varje i inom enligt med för genom vid från till efter även också vidare där som både såväl \
    hos mot om utan när då eftersom exempelvis bland watch want welcome contact"
);

/// Adjectives that do not make a name specific (`European University` is not an organisation).
static GENERIC: LazyLock<HashSet<&str>> = word_set!(
    "european europeiska europeisk swedish svenska svensk national \
    nationella nationellt nationell regional regionala regionalt international internationella \
    global nordic nordiska local lokala public offentliga new nya"
);

const GENERIC_SECTIONS: &str = "förord preface foreword inledning introduction innehåll \
    innehållsförteckning contents ordlista glossary sammanfattning summary";

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

/// Commitments, each with the board that makes it.
fn commitments(doc: &Doc) -> Vec<(Priority, String)> {
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
fn authoring_body(commitments: &[(Priority, String)]) -> Option<Located<String>> {
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
    fn push(&mut self, label: &str, statement: &str, own_text: &str, line: Line) {
        let label = clean_label(label);
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
/// one after a sentence that does (`Fyra områden har valts ut. Dessa är:`).
fn introduces_list(p: &Paragraph) -> bool {
    if p.is_bullet {
        return false;
    }
    let sentences = text::sentences(&p.text);
    let Some(last) = sentences.last() else {
        return false;
    };
    if p.is_heading {
        return AREA_WORDS.is_match(last);
    }
    if !p.text.ends_with(':') {
        return false;
    }
    AREA_WORDS.is_match(last)
        || (last.split_whitespace().count() <= 4
            && sentences.len() >= 2
            && AREA_WORDS.is_match(&sentences[sentences.len() - 2]))
}

fn priority_areas(doc: &Doc) -> Vec<Priority> {
    let mut areas = Areas(Vec::new());
    let paragraphs = doc.paragraphs;
    for (i, p) in paragraphs.iter().enumerate() {
        if introduces_list(p) {
            for bullet in paragraphs[i + 1..].iter().take_while(|b| b.is_bullet) {
                let label = item_label(&bullet.text);
                areas.push(&label, &bullet.text, &bullet.text, bullet.line);
            }
        }
        if p.is_heading && AREA_WORDS.is_match(&p.text) {
            heading_list(paragraphs, i, &mut areas);
        }
        if numbered_title(p).is_some_and(|(_, title)| AREA_WORDS.is_match(title)) {
            numbered_sections(paragraphs, i, &mut areas);
        }
    }
    labelled_items(paragraphs, &mut areas);
    for s in &doc.sentences {
        if doc.paragraphs[s.para].is_heading || !AREA_WORDS.is_match(s.text) {
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
            });
        let Some((Some(list), singular)) = found else {
            continue;
        };
        let items = split_list(list.as_str());
        let valid = items.len() >= 2
            && items.iter().all(|i| {
                (1..=6).contains(&i.split_whitespace().count())
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
            for item in items {
                areas.push(&item, s.text, &item, line);
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

/// Short headings right under a priority heading, each a line of its own (a web page's list
/// whose bullets were lost): `Focus areas` / `Energy transition` / `Water technology` / prose.
fn heading_list(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let run: Vec<&Paragraph> = paragraphs[at + 1..]
        .iter()
        .take_while(|p| p.is_heading && !p.is_bullet && p.text.split_whitespace().count() <= 8)
        .collect();
    let ends_in_prose = paragraphs
        .get(at + 1 + run.len())
        .is_none_or(|p| !p.is_heading);
    if run.len() >= 2 && ends_in_prose {
        for p in run {
            areas.push(&p.text, &p.text, &p.text, p.line);
        }
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
fn numbered_sections(paragraphs: &[Paragraph], at: usize, areas: &mut Areas) {
    let Some((number, _)) = numbered_title(&paragraphs[at]) else {
        return;
    };
    let prefix = format!("{number}.");
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
        let statement = if body.is_empty() { &p.text } else { &body };
        areas.push(title, statement, &body, p.line);
    }
}

static LABELLED_ITEM: LazyLock<Regex> = regex!(
    r"^(?i:priority(?: area)?|prioritet|prioriterat område|focus area|fokusområde|specialisation|specialisering|pillar|pelare|area|område)\s+(?:\d{1,2}|[IVX]{1,4}|[A-Z])\s*[:.–-]\s+(?P<item>\p{L}.*)$"
);

/// Paragraphs labelled as priorities one by one: `Priority 1: Mobility and logistics, …`,
/// `Fokusområde 2 – …`; at least two in a row.
fn labelled_items(paragraphs: &[Paragraph], areas: &mut Areas) {
    let mut i = 0;
    while i < paragraphs.len() {
        let run = paragraphs[i..]
            .iter()
            .take_while(|p| LABELLED_ITEM.is_match(&p.text))
            .count();
        if run >= 2 {
            for p in &paragraphs[i..i + run] {
                let Some(caps) = LABELLED_ITEM.captures(&p.text) else {
                    continue;
                };
                let label = item_label(&caps["item"]);
                areas.push(&label, &p.text, &caps["item"], p.line);
            }
        }
        i += run.max(1);
    }
}

static ITEM_SEPARATOR: LazyLock<Regex> = regex!(
    r"(?i)(?::\s|\s[–—-]\s|\s\(|,\s(?:including|included|such as|e\.g\.|for example|especially|mainly|notably|in particular|with|taking|using|building|focusing|covering|linking|combining|inklusive|såsom|som t\.ex\.|t\.ex\.|bland annat|bl\.a\.|främst|särskilt|med)\b)"
);

/// A list item's area label, without the description after it: `Food: sustainable food
/// production` → `Food`; `energy, including renewable generation` → `energy`. An item without
/// such a break is its own label (its first sentence, if it has several).
fn item_label(item: &str) -> String {
    let first = first_sentence(item);
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
fn clean_label(label: &str) -> String {
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

/// `a, b, c samt d` → items; `hälso- och sjukvård` stays whole.
fn split_list(list: &str) -> Vec<String> {
    let mut items: Vec<String> = list.split(',').map(|i| i.trim().to_string()).collect();
    if let Some(last) = items.pop() {
        let mut rest = last.as_str();
        let mut start = 0;
        for m in LIST_CONJUNCTION.find_iter(&last) {
            if last[..m.start()].ends_with('-') {
                continue;
            }
            items.push(last[start..m.start()].trim().to_string());
            start = m.end();
            rest = &last[start..];
        }
        items.push(rest.trim().to_string());
    }
    items
        .into_iter()
        .map(|i| {
            ["and ", "och ", "samt ", "or ", "eller "]
                .iter()
                .find(|c| i.get(..c.len()).is_some_and(|p| p.eq_ignore_ascii_case(c)))
                .map_or(i.clone(), |c| i[c.len()..].trim().to_string())
        })
        .filter(|i| !i.is_empty())
        .collect()
}

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
fn region_mentions(s: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
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

fn region(doc: &Doc) -> Option<Located<String>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut first_line: HashMap<String, Line> = HashMap::new();
    let mut first_paragraph: Option<(usize, Vec<String>)> = None;
    for s in &doc.sentences {
        for (range, name) in region_mentions(s.text) {
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
    let (_, names) = first_paragraph?;
    let best = names
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (counts.get(&org_key(n)), std::cmp::Reverse(*i)))
        .map(|(_, n)| n.clone())?;
    let line = *first_line.get(&org_key(&best))?;
    Some(Located { value: best, line })
}

/// Normalised identity of an organisation name.
fn org_key(name: &str) -> String {
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
struct Tok<'a> {
    word: &'a str,
    start: usize,
    end: usize,
    /// Preceded by an opening bracket or quote.
    open: bool,
    /// Followed by punctuation or a possessive, which ends a name.
    close: bool,
    possessive: bool,
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
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
struct Chunk {
    toks: std::ops::Range<usize>,
    start: usize,
    end: usize,
}

/// Maximal runs of capitalised words, joined by connectors (`University of Birmingham`), possibly
/// ending in a lowercase head (`Örebro universitet`), without leading determiners.
fn chunks(toks: &[Tok]) -> Vec<Chunk> {
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

struct Candidate {
    name: String,
    acronym: Option<String>,
    kind: OrganisationKind,
    line: Line,
    evidence: String,
}

struct Registry {
    orgs: Vec<NamedOrganisation>,
    /// Every spelling seen of each organisation.
    names: Vec<Vec<String>>,
    non_org_acronyms: HashSet<String>,
    excluded: HashSet<String>,
    /// Names introduced as projects (`Stockholm Life Tech is a project`), by paragraph.
    projects: Vec<(usize, String)>,
    /// Capitalised words seen after a locative preposition (`i Sverige`): places, not names.
    places: HashSet<String>,
    by_key: HashMap<String, usize>,
    by_acronym: HashMap<String, usize>,
}

fn capitalised_words(name: &str) -> usize {
    name.split_whitespace()
        .filter(|w| is_capitalised(w))
        .count()
}

impl Registry {
    fn build(doc: &Doc, region: Option<&Located<String>>, body: Option<&Located<String>>) -> Self {
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

    fn find(&self, name: &str) -> Option<usize> {
        self.by_acronym
            .get(name)
            .or_else(|| self.by_key.get(&org_key(name)))
            .copied()
    }

    /// Moves each organisation's line and evidence to its first mention: one rule may find a
    /// name that is mentioned earlier in a way no rule recognises.
    fn first_mentions(&mut self, doc: &Doc, mentions: &[Vec<Mention>]) {
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

    fn add(&mut self, c: Candidate) -> Option<usize> {
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
    fn definitions(&mut self, doc: &Doc, s: &Sentence) {
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
    fn named(&mut self, doc: &Doc, s: &Sentence) {
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
    fn listed(&mut self, doc: &Doc, s: &Sentence) {
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

#[derive(Clone, Copy)]
struct Mention {
    org: usize,
    start: usize,
    end: usize,
    /// `regionen`: the document's region, but not a place to take a first mention from.
    anaphor: bool,
}

/// How Swedish strategies refer to their own region.
const ANAPHORS: [&str; 2] = ["regionen", "regionorganisationen"];

/// Finds organisations by any recorded spelling (case-insensitively) or acronym (exactly).
///
/// Aho-Corasick rather than one regex alternation: the automaton is built for every document, and
/// compiling a regex of a few hundred names took a third of the parse.
struct Matcher {
    names: Option<Words>,
    acronyms: Option<Words>,
    by_key: HashMap<String, usize>,
    by_acronym: HashMap<String, usize>,
}

/// Whole words out of a fixed list: at each position the longest listed word that starts and ends
/// on a word boundary, scanning left to right without overlaps (what the regex
/// `\b(?:longest|…|shortest)\b` finds).
struct Words {
    automaton: AhoCorasick,
    fold_case: bool,
}

impl Words {
    fn new(mut words: Vec<String>, fold_case: bool) -> Option<Self> {
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
    fn find(&self, s: &str) -> Vec<(usize, usize)> {
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
    fn new(reg: &Registry, region: Option<usize>, language: Lang) -> Self {
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

    fn mentions(&self, s: &str) -> Vec<Mention> {
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
fn mention_at(ms: &[Mention], s: &str, pos: usize) -> Option<Mention> {
    let rest = &s[pos..];
    let skip = ["the ", "The ", "den ", "det "]
        .iter()
        .find(|a| rest.starts_with(*a))
        .map_or(0, |a| a.len());
    ms.iter().find(|m| m.start == pos + skip).copied()
}

/// Mentions in the clause that ends at `pos` (after the last comma, semicolon or colon).
fn clause_before(ms: &[Mention], s: &str, pos: usize) -> Vec<Mention> {
    let clause_start = s[..pos].rfind([',', ';', ':']).map_or(0, |i| i + 1);
    ms.iter()
        .filter(|m| m.start >= clause_start && m.end <= pos)
        .copied()
        .collect()
}

struct RelationSink<'a> {
    relations: Vec<Relation>,
    orgs: &'a [NamedOrganisation],
}

impl RelationSink<'_> {
    fn push(
        &mut self,
        subject: &str,
        kind: RelationKind,
        object: &str,
        evidence: &str,
        line: Line,
    ) {
        if subject == object {
            return;
        }
        let duplicate = self.relations.iter().any(|r| {
            r.kind == kind
                && ((r.subject == subject && r.object == object)
                    || (kind == RelationKind::CollaboratesWith
                        && r.subject == object
                        && r.object == subject))
        });
        if !duplicate {
            self.relations.push(Relation {
                subject: subject.to_string(),
                kind,
                object: object.to_string(),
                evidence: evidence.to_string(),
                line,
            });
        }
    }

    fn orgs(&mut self, a: Mention, kind: RelationKind, b: Mention, evidence: &str, line: Line) {
        let (subject, object) = (self.orgs[a.org].name.clone(), self.orgs[b.org].name.clone());
        self.push(&subject, kind, &object, evidence, line);
    }
}

fn relations(doc: &Doc, reg: &Registry, mentions: &[Vec<Mention>]) -> Vec<Relation> {
    let mut sink = RelationSink {
        relations: Vec::new(),
        orgs: &reg.orgs,
    };
    let mut heading: Option<&str> = None;
    let mut project: Option<String> = None;
    let mut last_para = usize::MAX;
    for (si, s) in doc.sentences.iter().enumerate() {
        let ms = &mentions[si];
        let t = s.text;
        let line = doc.line(s, 0);
        if s.para != last_para {
            last_para = s.para;
            if doc.paragraphs[s.para].is_heading {
                heading = Some(&doc.paragraphs[s.para].text);
                project = None;
            }
            if let Some((_, name)) = reg.projects.iter().find(|(p, _)| *p == s.para) {
                project = Some(name.clone());
            }
        }
        // A and B: `between A and B`, `A and B work together`.
        for m in BETWEEN.find_iter(t) {
            let Some(a) = mention_at(ms, t, m.end()) else {
                continue;
            };
            let Some(b) = ms
                .iter()
                .find(|b| b.start > a.end && AND_BETWEEN.is_match(&t[a.end..b.start]))
            else {
                continue;
            };
            if AGREEMENT_WORD.is_match(t) {
                sink.orgs(a, RelationKind::AgreementWith, *b, t, line);
            } else if COLLABORATION_WORD.is_match(t) {
                sink.orgs(a, RelationKind::CollaboratesWith, *b, t, line);
            }
        }
        for pair in ms.windows(2) {
            if AND_BETWEEN.is_match(&t[pair[0].end..pair[1].start])
                && WORK_TOGETHER.is_match(&t[pair[1].end..])
            {
                sink.orgs(pair[0], RelationKind::CollaboratesWith, pair[1], t, line);
            }
            // `Blue Science Park in Region Blekinge`
            let (a, b) = (&reg.orgs[pair[0].org], &reg.orgs[pair[1].org]);
            if LOCATED_IN.is_match(&t[pair[0].end..pair[1].start])
                && b.kind == OrganisationKind::Region
                && a.kind != OrganisationKind::Region
            {
                sink.orgs(pair[0], RelationKind::PartOf, pair[1], t, line);
            }
        }
        for m in WITH_CUE.find_iter(t) {
            let Some(subject) = clause_before(ms, t, m.start()).last().copied() else {
                continue;
            };
            if t[subject.end..m.start()].contains([',', ';']) {
                continue;
            }
            let end = t[m.end()..].find(';').map_or(t.len(), |i| m.end() + i);
            for o in ms.iter().filter(|o| o.start >= m.end() && o.end <= end) {
                sink.orgs(subject, RelationKind::CollaboratesWith, *o, t, line);
            }
        }
        for m in MANAGED_BY.find_iter(t) {
            let subject = clause_before(ms, t, m.start()).last().copied();
            if let (Some(a), Some(b)) = (subject, mention_at(ms, t, m.end())) {
                sink.orgs(a, RelationKind::ManagedBy, b, t, line);
            }
        }
        for (pattern, kind) in [
            (&*MEMBER_OF, RelationKind::MemberOf),
            (&*PART_OF, RelationKind::PartOf),
        ] {
            for m in pattern.find_iter(t) {
                let Some(object) = ms.iter().find(|o| o.start >= m.end()).copied() else {
                    continue;
                };
                let subjects = clause_before(ms, t, m.start());
                for a in &subjects {
                    sink.orgs(*a, kind, object, t, line);
                }
                // `All three actors below are part of Y`, followed by one bullet per actor.
                let below = ACTORS_BELOW.captures(&t[..m.start()]);
                if let Some(caps) =
                    below.filter(|_| subjects.is_empty() && kind == RelationKind::PartOf)
                {
                    let count = caps
                        .name("count")
                        .map_or(usize::MAX, |c| number(c.as_str()));
                    for bullet in leading_bullet_orgs(doc, mentions, s.para)
                        .into_iter()
                        .take(count)
                    {
                        sink.orgs(bullet, kind, object, t, line);
                    }
                }
            }
        }
        // `AI of Sweden, där Örebro universitet är en av noderna`
        for m in WHERE_MEMBER.find_iter(t) {
            let object = ms.iter().rev().find(|o| {
                o.end <= m.start() && t[o.end..m.start()].trim_end_matches(')').trim().is_empty()
            });
            let member = mention_at(ms, t, m.end());
            if let (Some(object), Some(member)) = (object, member)
                && IS_ONE_OF.is_match(&t[member.end..])
            {
                sink.orgs(member, RelationKind::MemberOf, *object, t, line);
            }
        }
        // `The other six partner universities in the European University are A, B, …`
        for m in MEMBERS_ARE.find_iter(t) {
            let Some((object, end)) = resolve_at(ms, reg, t, m.end()) else {
                continue;
            };
            if ARE_VERB.is_match(&t[end..]) {
                for a in ms.iter().filter(|a| a.start > end) {
                    let subject = reg.orgs[a.org].name.clone();
                    sink.push(
                        &subject,
                        RelationKind::MemberOf,
                        &reg.orgs[object].name,
                        t,
                        line,
                    );
                }
            }
        }
        let project_name = project.clone().or_else(|| heading.map(str::to_string));
        if let Some(project_name) = project_name {
            for (pattern, kind) in [
                (&*PROJECT_OWNER, RelationKind::ProjectOwner),
                (&*PROJECT_PARTIES, RelationKind::ProjectParty),
            ] {
                let Some(m) = pattern.find(t) else {
                    continue;
                };
                let stop = if kind == RelationKind::ProjectOwner {
                    t[m.end()..]
                        .find([',', ';', '.'])
                        .map_or(t.len(), |i| m.end() + i)
                } else {
                    t.len()
                };
                for a in ms.iter().filter(|a| a.start >= m.end() && a.end <= stop) {
                    let subject = reg.orgs[a.org].name.clone();
                    sink.push(&subject, kind, &project_name, t, line);
                }
            }
        }
    }
    sink.relations.sort_by_key(|r| r.line);
    sink.relations
}

fn number(word: &str) -> usize {
    match word.to_lowercase().as_str() {
        "two" | "två" => 2,
        "three" | "tre" => 3,
        "four" | "fyra" => 4,
        "five" | "fem" => 5,
        "six" | "sex" => 6,
        digits => digits.parse().unwrap_or(usize::MAX),
    }
}

/// The organisation each bullet after paragraph `para` opens with.
fn leading_bullet_orgs(doc: &Doc, mentions: &[Vec<Mention>], para: usize) -> Vec<Mention> {
    doc.paragraphs
        .iter()
        .enumerate()
        .skip(para + 1)
        .take_while(|(_, p)| p.is_bullet)
        .filter_map(|(i, _)| {
            let si = doc.sentences.iter().position(|s| s.para == i)?;
            mentions[si].first().filter(|m| m.start == 0).copied()
        })
        .collect()
}

/// The organisation named at `pos`: a mention, or a capitalised phrase that is the start of
/// exactly one known name (`the European University` → `European University for Well-Being`).
fn resolve_at(ms: &[Mention], reg: &Registry, s: &str, pos: usize) -> Option<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const OREBRO: &str = include_str!("../../seeds/region-orebro-life-science-strategy.sv.txt");
    const SMALAND: &str =
        include_str!("../../seeds/smaland-blekinge-halland-health-innovation.txt");
    const STOCKHOLM: &str = include_str!("../../seeds/region-stockholm-research.txt");

    fn parse(text: &str) -> Strategy {
        parse_strategy(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn labels(s: &Strategy, kind: PriorityKind) -> Vec<&str> {
        s.priorities
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.label.as_str())
            .collect()
    }

    fn org<'a>(s: &'a Strategy, name: &str) -> &'a NamedOrganisation {
        s.organisations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| {
                let names: Vec<&str> = s.organisations.iter().map(|o| o.name.as_str()).collect();
                panic!("{name} not among {names:?}")
            })
    }

    fn assert_orgs(s: &Strategy, expected: &[(&str, Option<&str>, OrganisationKind)]) {
        for (name, acronym, kind) in expected {
            let o = org(s, name);
            assert_eq!((o.acronym.as_deref(), o.kind), (*acronym, *kind), "{name}");
            assert!(!o.evidence.is_empty());
        }
    }

    fn assert_not_orgs(s: &Strategy, names: &[&str]) {
        for name in names {
            assert!(
                s.organisations
                    .iter()
                    .all(|o| !o.name.eq_ignore_ascii_case(name)),
                "{name} is not an organisation"
            );
        }
    }

    fn has(s: &Strategy, subject: &str, kind: RelationKind, object: &str) -> bool {
        s.relations
            .iter()
            .any(|r| r.subject == subject && r.kind == kind && r.object == object)
    }

    fn assert_relations(s: &Strategy, expected: &[(&str, RelationKind, &str)]) {
        for (subject, kind, object) in expected {
            assert!(
                has(s, subject, *kind, object),
                "{subject} {kind:?} {object}: {:#?}",
                s.relations
            );
        }
    }

    #[test]
    fn orebro_strategy_commitments_and_areas() {
        let s = parse(OREBRO);
        assert_eq!(s.language, Lang::Sv);
        assert_eq!(s.title, None, "the text starts at the foreword");
        let region = s.region.as_ref().map(|r| (r.value.as_str(), r.line));
        assert_eq!(region, Some(("Region Örebro län", Line(7))));
        let body = s
            .authoring_body
            .as_ref()
            .map(|b| (b.value.as_str(), b.line));
        assert_eq!(body, Some(("Regionstyrelsen", Line(445))));

        let commitments = labels(&s, PriorityKind::Commitment);
        assert_eq!(commitments.len(), 30, "{commitments:#?}");
        for label in [
            "Stärkt regional roll i nationell samordning inom life science-området",
            "Partnerskap för regional och nationell kraftsamling",
            "Norden som globalt ledande life science-hubb",
            "Fler företagsinitierade kliniska studier i svensk hälso- och sjukvård",
            "Kontinuerlig omvärldsbevakning, analys och uppföljning",
        ] {
            assert!(commitments.contains(&label), "{label}");
        }
        let commitment = |label: &str| {
            s.priorities
                .iter()
                .find(|p| p.label == label)
                .unwrap_or_else(|| panic!("{label}"))
        };
        let biobanks = commitment("Bättre utnyttjande av biobanker");
        assert_eq!(biobanks.stance.as_deref(), Some("anser"));
        assert_eq!(biobanks.line, Line(689));
        assert_eq!(
            biobanks.statement,
            "Regionstyrelsen anser det angeläget att, på nationell nivå, beredningen av förslag till ny biobankslag genomförs skyndsamt."
        );
        let health_data = commitment("Ökat nyttjande av hälsodata för forskning och innovation");
        assert_eq!(health_data.stance.as_deref(), Some("avser"));
        assert!(
            health_data
                .statement
                .ends_with("där även begrepp som e-Hälsa och AI inkluderas.")
        );
        let stances: HashSet<&str> = s
            .priorities
            .iter()
            .filter_map(|p| p.stance.as_deref())
            .collect();
        for stance in [
            "anser",
            "avser",
            "bedömer",
            "noterar",
            "prioriterar",
            "eftersträvar",
            "ser",
            "är positiv till",
            "konstaterar",
        ] {
            assert!(stances.contains(stance), "{stance}");
        }

        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "precisionsmedicin",
                "välfärdsteknik",
                "högspecialiserad vård",
                "artificiell intelligens",
                "morgondagens kompetensförsörjning",
                // "… är ett av fyra … utmaningsområden": one area, named by the whole list.
                "life science, E-hälsa och välfärdsteknologi",
            ]
        );
    }

    #[test]
    fn orebro_strategy_organisations_and_relations() {
        use OrganisationKind::*;
        let s = parse(OREBRO);
        assert_orgs(
            &s,
            &[
                ("Region Örebro län", None, Region),
                ("Örebro universitet", None, University),
                ("Biobank Sverige", Some("BIS"), Infrastructure),
                ("Genomic Medicine Sweden", Some("GMS"), Initiative),
                ("Regionalt biobankscentrum", Some("RBC"), Infrastructure),
                ("Myndigheten för Digital Förvaltning", Some("DIGG"), Agency),
                ("Örebro biobank", None, Infrastructure),
                ("Vetenskapsrådet", None, Agency),
                ("Tillväxtverket", None, Agency),
                ("Nationella vårdkompetensrådet", None, Agency),
                ("Alfred Nobel Science City", None, SciencePark),
                ("Kliniska Studier Sverige", None, Initiative),
                ("AI of Sweden", None, Initiative),
                ("ORU Holding", None, Company),
                ("AI Impact Lab", None, Initiative),
                ("Inkubera", None, Hub),
                ("NIVO", None, Network),
                ("CAMTÖ", None, Other),
                ("Central Sweden", None, Region),
                ("Business Region Örebro", None, Other),
            ],
        );
        for name in [
            "Vinnova",
            "ALMI",
            "Inera",
            "SKR",
            "Karolinska institutet",
            "KAW stiftelsen",
        ] {
            org(&s, name);
        }
        assert_eq!(
            org(&s, "Inkubera").line,
            Line(436),
            "first mention, not the rule's"
        );
        assert_eq!(org(&s, "Biobank Sverige").evidence, "BIS - Biobank Sverige");
        assert_not_orgs(
            &s,
            &[
                "Regionstyrelsen",
                "Sverige",
                "Östra Mellansverige",
                "Horisont Europa",
                "ALF",
                "ATMP",
                "RUA",
                "Regionalt Utvecklingsansvarig",
                "Nationellt forum",
                "Personen Alfred Nobel",
                "Real World Data",
                "Universitetssjukhuset",
                "Sjukvårdsregion Mellansverige",
                "Uppsala",
                "Region Örebro",
                "Internet of Things",
            ],
        );
        use RelationKind::*;
        assert_relations(
            &s,
            &[
                ("Region Örebro län", MemberOf, "Biobank Sverige"),
                ("Örebro universitet", MemberOf, "Biobank Sverige"),
                ("Örebro universitet", MemberOf, "AI of Sweden"),
                ("Region Örebro län", AgreementWith, "Örebro universitet"),
            ],
        );
        let member = s
            .relations
            .iter()
            .find(|r| r.object == "AI of Sweden")
            .map(|r| r.line);
        assert_eq!(member, Some(Line(1202)));
    }

    #[test]
    fn smaland_page() {
        use OrganisationKind::*;
        let s = parse(SMALAND);
        assert_eq!(s.language, Lang::En);
        assert_eq!(
            s.title.clone().map(|t| t.value),
            Some("Health care and health innovation".into())
        );
        assert_eq!(
            s.region.clone().map(|r| r.value),
            Some("Småland Blekinge Halland South Sweden".into())
        );
        assert_eq!(s.authoring_body, None);
        assert!(labels(&s, PriorityKind::Commitment).is_empty());
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Care closer to the citizen",
                "eHealth-clusters",
                "Data driven care and AI"
            ]
        );
        let area = &s.priorities[1];
        assert_eq!(area.line, Line(27));
        assert!(
            area.statement
                .starts_with("eHealth-clusters: eHealth Arena is currently being established")
        );
        assert_orgs(
            &s,
            &[
                ("Linnaeus University", None, University),
                (
                    "European University for Well-Being",
                    Some("EUniWell"),
                    University,
                ),
                ("Health Data Sweden", Some("HDS"), Hub),
                ("Leap for Life", None, Hub),
                ("eHealth Arena", None, Hub),
                ("Region Kalmar County", None, Region),
                ("Region Kronoberg", None, Region),
                ("Region Blekinge", None, Region),
                ("Kalmar Science Park", None, SciencePark),
                ("Blue Science Park", None, SciencePark),
                ("Swedish eHealth Agency", None, Agency),
                ("University of Birmingham", None, University),
                ("Semmelweis University", None, University),
            ],
        );
        assert_not_orgs(
            &s,
            &[
                "The",
                "Our universities",
                "European University",
                "Kalmar county",
                "eHealth institute",
                "EDIH",
                "Swedish European Digital Innovation Hubs",
                "Region Kalmar",
                "Blekinge",
            ],
        );
        use RelationKind::*;
        assert_relations(
            &s,
            &[
                (
                    "Linnaeus University",
                    MemberOf,
                    "European University for Well-Being",
                ),
                ("Leap for Life", PartOf, "Health Data Sweden"),
                ("eHealth Arena", PartOf, "Health Data Sweden"),
                ("Blue Science Park", PartOf, "Health Data Sweden"),
                ("eHealth Arena", ManagedBy, "Region Kalmar County"),
                (
                    "Region Kalmar County",
                    CollaboratesWith,
                    "Linnaeus University",
                ),
                (
                    "Region Kalmar County",
                    CollaboratesWith,
                    "Kalmar Science Park",
                ),
                ("Blue Science Park", PartOf, "Region Blekinge"),
                (
                    "University of Birmingham",
                    MemberOf,
                    "European University for Well-Being",
                ),
                (
                    "Leiden University",
                    MemberOf,
                    "European University for Well-Being",
                ),
            ],
        );
        assert_eq!(s.relations.len(), 14, "{:#?}", s.relations);
    }

    #[test]
    fn stockholm_page() {
        use OrganisationKind::*;
        let s = parse(STOCKHOLM);
        assert_eq!(s.language, Lang::En);
        assert_eq!(
            s.title, None,
            "the page opens with prose once the cookie banner is gone"
        );
        assert_eq!(
            s.region.clone().map(|r| (r.value, r.line)),
            Some(("Region Stockholm".into(), Line(3)))
        );
        assert_eq!(s.authoring_body, None);
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "World-leading access to structured health data and care process data",
                "Healthcare and care, available for research collaboration, innovation and business collaboration",
                "Precision medicine gives patients and residents access to high-resolution diagnostics, individualised prevention and treatment",
                "Interdisciplinary collaboration creates solutions to complex challenges",
                "Life science companies research, develop and grow in the Stockholm region",
            ]
        );
        assert_orgs(
            &s,
            &[
                ("Region Stockholm", None, Region),
                ("Karolinska Institutet", Some("KI"), University),
                ("Royal Institute of Technology", Some("KTH"), University),
                ("Stockholm University", Some("SU"), University),
                (
                    "Stockholm Science City Foundation",
                    Some("SSCi"),
                    Foundation,
                ),
                ("Flemingsberg Science Foundation", None, Foundation),
                ("Stockholm Life Tech", None, Initiative),
                ("Akademiska Hus", None, Other),
                ("Karolinska Institutet Science Park", None, SciencePark),
                ("Karolinska University Hospital", None, Hospital),
                ("Center for Health Data", None, Infrastructure),
                ("Swedish Ethical Review Authority", None, Agency),
            ],
        );
        assert_not_orgs(
            &s,
            &[
                "Stockholm County",
                "ALF",
                "European Regional Development Fund",
                "Stockholm",
            ],
        );
        use RelationKind::*;
        let parties = [
            "Akademiska Hus",
            "Flemingsberg Science Foundation",
            "Karolinska Institutet",
            "Karolinska Institutet Science Park",
            "Karolinska University Hospital",
            "Stockholm Science City",
        ];
        assert_relations(
            &s,
            &[
                ("Region Stockholm", AgreementWith, "Karolinska Institutet"),
                (
                    "Region Stockholm",
                    CollaboratesWith,
                    "Karolinska Institutet",
                ),
                (
                    "Region Stockholm",
                    CollaboratesWith,
                    "Royal Institute of Technology",
                ),
                ("Region Stockholm", CollaboratesWith, "Stockholm University"),
                ("Region Stockholm", ProjectOwner, "Stockholm Life Tech"),
            ],
        );
        for party in parties {
            assert!(
                has(&s, party, ProjectParty, "Stockholm Life Tech"),
                "{party}"
            );
        }
        let agreement = s.relations.iter().find(|r| r.kind == AgreementWith);
        assert_eq!(
            agreement.map(|r| (r.evidence.as_str(), r.line)),
            Some((
                "The collaboration between Region Stockholm and Karolinska Institutet is governed by the ALF agreement.",
                Line(11)
            ))
        );
    }

    const ENGLISH_VARIANT: &str = "We use cookies to give you the best possible experience.\r\n\
        Accept all cookies\r\n\r\nResearch and innovation\r\n\r\n\r\n\
        Region Västra Götaland works closely with academia. Region Västra Götaland is the largest employer in the county.\r\n\r\n\
        The partnership between Region Västra Götaland and Chalmers University of Technology is regulated by a framework agreement.\r\n\r\n\
        Gothenburg Science Park is run by Region Västra Götaland in cooperation with the University of Gothenburg and Sahlgrenska University Hospital.\r\n\r\n\
        Our priority areas are:\r\n\r\n- Digital health: using data to improve care.\r\n- Precision medicine: diagnostics tailored to the patient.\r\n\r\n\
        Project Alpha\r\n\r\nProject Alpha is a four-year project on clinical data. The project owner is Region Västra Götaland, \
        and the project parties are Chalmers University of Technology, Sahlgrenska University Hospital and AstraZeneca.\r\n\r\n\
        Gothia Forum is a member of Kliniska Studier Sverige. All four organisations below are part of the Västra Götaland Health Hub.\r\n\
        • Chalmers University of Technology runs testbeds.\r\n• Gothia Forum supports trials.\r\n";

    #[test]
    fn reworded_english_with_crlf_extra_blank_lines_and_a_cookie_banner() {
        let s = parse(ENGLISH_VARIANT);
        assert!(looks_like_strategy(ENGLISH_VARIANT));
        assert_eq!(
            s.dropped
                .iter()
                .filter(|d| d.reason == text::DropReason::CookieBanner)
                .count(),
            2
        );
        assert_eq!(
            s.title.clone().map(|t| (t.value, t.line)),
            Some(("Research and innovation".into(), Line(4)))
        );
        assert_eq!(
            s.region.clone().map(|r| r.value),
            Some("Region Västra Götaland".into())
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            ["Digital health", "Precision medicine"]
        );
        assert_orgs(
            &s,
            &[
                (
                    "Chalmers University of Technology",
                    None,
                    OrganisationKind::University,
                ),
                (
                    "Gothenburg Science Park",
                    None,
                    OrganisationKind::SciencePark,
                ),
                ("Project Alpha", None, OrganisationKind::Initiative),
                ("AstraZeneca", None, OrganisationKind::Other),
                ("Gothia Forum", None, OrganisationKind::Network),
                ("Västra Götaland Health Hub", None, OrganisationKind::Hub),
            ],
        );
        use RelationKind::*;
        let rvg = "Region Västra Götaland";
        assert_relations(
            &s,
            &[
                (rvg, AgreementWith, "Chalmers University of Technology"),
                ("Gothenburg Science Park", ManagedBy, rvg),
                (rvg, CollaboratesWith, "University of Gothenburg"),
                (rvg, CollaboratesWith, "Sahlgrenska University Hospital"),
                (rvg, ProjectOwner, "Project Alpha"),
                ("AstraZeneca", ProjectParty, "Project Alpha"),
                ("Gothia Forum", MemberOf, "Kliniska Studier Sverige"),
                (
                    "Chalmers University of Technology",
                    PartOf,
                    "Västra Götaland Health Hub",
                ),
                ("Gothia Forum", PartOf, "Västra Götaland Health Hub"),
            ],
        );
        assert!(!has(&s, rvg, ProjectParty, "Project Alpha"));
        let lf = parse(&ENGLISH_VARIANT.replace("\r\n", "\n"));
        assert_eq!(
            (lf.organisations, lf.relations),
            (s.organisations, s.relations)
        );
    }

    #[test]
    fn reworded_swedish_with_page_furniture_between_heading_and_commitment() {
        let text = "Digital vård och\ninnovation\n\n12\n\nRegionstyrelsen avser att utveckla digitala \
            vårdtjänster tillsammans med länets kommuner. Mer text följer.\n\nRegion Skåne och Lunds \
            universitet är parter i den nationella infrastrukturen Genomic Medicine Sweden (GMS). \
            Regionen har pekat ut följande fokusområden: precisionsmedicin, e-hälsa och life science. \
            Medicon Village, där Lunds universitet är en av parterna, växer.\n\nhttps://www.skane.se/\n\n\
            Bättre vård\n\nRegionstyrelsen vill att vården blir bättre i Region Skåne.\n";
        let s = parse(text);
        assert_eq!(s.language, Lang::Sv);
        assert_eq!(
            s.region.clone().map(|r| r.value),
            Some("Region Skåne".into())
        );
        assert_eq!(
            s.authoring_body.clone().map(|b| (b.value, b.line)),
            Some(("Regionstyrelsen".into(), Line(6)))
        );
        let commitments: Vec<(&str, Option<&str>)> = s
            .priorities
            .iter()
            .filter(|p| p.kind == PriorityKind::Commitment)
            .map(|p| (p.label.as_str(), p.stance.as_deref()))
            .collect();
        assert_eq!(
            commitments,
            [
                ("Digital vård och innovation", Some("avser")),
                ("Bättre vård", Some("vill"))
            ]
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            ["precisionsmedicin", "e-hälsa", "life science"]
        );
        assert_eq!(
            org(&s, "Genomic Medicine Sweden").kind,
            OrganisationKind::Infrastructure
        );
        use RelationKind::*;
        assert_relations(
            &s,
            &[
                ("Region Skåne", MemberOf, "Genomic Medicine Sweden"),
                ("Lunds universitet", MemberOf, "Genomic Medicine Sweden"),
                ("Lunds universitet", MemberOf, "Medicon Village"),
            ],
        );
    }

    #[test]
    fn a_bulleted_list_after_a_short_lead_in_is_the_priorities() {
        let s = parse(
            "Region Stockholms strategi för smart specialisering har tagits fram med länets aktörer.\n\n\
             Fyra områden har valts ut för smart specialisering. Dessa är:\n\n\
             • Life science och hälsa\n• Digitalisering och IKT\n\n\
             Arbetet sker i tre steg:\n\n1) Kartläggning av styrkor.\n2) Dialog med aktörer.\n",
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            ["Life science och hälsa", "Digitalisering och IKT"]
        );
        assert_eq!(
            s.region.map(|r| r.value),
            Some("Region Stockholm".into()),
            "the genitive is the region itself"
        );
    }

    #[test]
    fn numbered_lists_after_lead_ins_never_yield_the_lead_in_s_words() {
        let text = "The Region of Crete revised its smart specialisation strategy in 2021.\n\n\
            The five priority sectors of the strategy are the following:\n\n  1. Agri-food\n  2. Tourism and culture\n  \
            3. Health services and\n  4. Sustainable construction materials\n\n\n\
            The following areas, technologies, sciences are supporting the above sectors:\n\n  \
            1. Information and Communication Technologies\n  2. Environment and climate resilience, and\n  3. Logistics\n\n\
            The strategy is designed to:\n\n  • concentrate support on few priorities,\n  • attract private investment.\n";
        let s = parse(text);
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Agri-food",
                "Tourism and culture",
                "Health services",
                "Sustainable construction materials",
                "Information and Communication Technologies",
                "Environment and climate resilience",
                "Logistics"
            ]
        );
        let agri = &s.priorities[0];
        assert_eq!((agri.line, agri.statement.as_str()), (Line(5), "Agri-food"));
    }

    #[test]
    fn wrapped_items_keep_their_label_and_lose_their_description() {
        let text = " Regionens fokusområden för smart specialisering är:\n\
            1. Rymdteknik och rymdtjänster: testbäddar, satellit-\n   data och uppskjutningar.\n\
            2. Gruv- och mineralnäring med fossilfri stålproduk-\n   tion och cirkulära materialflöden\n\
            3. Energi- och klimatomställning\n\n\
            The regional smart specialisations of the voivodeship are:\n\n\
            – modern textile and fashion industry – including smart fabrics and\n  design;\n\
            – energy, including renewable and distributed generation;\n\
            – medicine, pharmaceuticals and cosmetics.\n";
        let s = parse(text);
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Rymdteknik och rymdtjänster",
                "Gruv- och mineralnäring med fossilfri stålproduktion och cirkulära materialflöden",
                "Energi- och klimatomställning",
                "modern textile and fashion industry",
                "energy",
                "medicine, pharmaceuticals and cosmetics"
            ]
        );
        let space = &s.priorities[0];
        assert_eq!(space.line, Line(2));
        assert!(
            space.own_text.contains("satellitdata"),
            "{}",
            space.own_text
        );
    }

    #[test]
    fn lettered_roman_and_o_bullets_after_a_lead_in() {
        let s = parse(
            "The areas of innovation identified by the strategy are as follows:\n\
             a) Sustainable manufacturing: aerospace and mechatronics;\n\
             b) Human and environmental health.\n\n\
             The strategy identifies four innovation platforms:\n\
             i. Quality of life – health and ageing;\n\
             ii. Territorial innovation.\n\n\
             Region Kronoberg prioriterar följande områden:\n o Skog, trä och hållbart byggande\n o Hälsa och välfärdsteknik\n",
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Sustainable manufacturing",
                "Human and environmental health",
                "Quality of life",
                "Territorial innovation",
                "Skog, trä och hållbart byggande",
                "Hälsa och välfärdsteknik"
            ]
        );
    }

    #[test]
    fn headings_of_priority_sections_give_their_items() {
        // A web page whose list lost its bullets, and numbered sections of a PDF.
        let s = parse(
            "Focus areas\n\nEnergy transition\nWater technology\nHealth and healthy ageing\n\n\
             For each focus area a roadmap describes the missions and the partners.\n\n\
             3. Smart specialisation priorities\n\nThe government chose three priorities.\n\n\
             3.1 Smart industry\nAdvanced manufacturing and new materials.\n\n\
             3.2 Clean energy\nRenewable generation and storage.\n\n\
             4. Governance\n\n4.1 The council\nThe council meets every year.\n",
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Energy transition",
                "Water technology",
                "Health and healthy ageing",
                "Smart industry",
                "Clean energy"
            ]
        );
        let industry = &s.priorities[3];
        assert_eq!(
            industry.statement,
            "Advanced manufacturing and new materials."
        );
    }

    #[test]
    fn paragraphs_labelled_as_priorities_one_by_one() {
        let s = parse(
            "The strategy defines its specialisation priorities as follows.\n\n\
             Priority 1: Mobility and logistics, taking advantage of the ports.\n\
             Priority 2: Sustainable tourism, culture and leisure.\n\n\
             Each priority is reviewed every two years.\n",
        );
        assert_eq!(
            labels(&s, PriorityKind::PriorityArea),
            [
                "Mobility and logistics",
                "Sustainable tourism, culture and leisure"
            ]
        );
    }

    #[test]
    fn items_split_at_their_description_only() {
        for (item, label) in [
            ("ICT: software, data analytics and cybersecurity.", "ICT"),
            (
                "Smart industry and energy – automation and clean energy",
                "Smart industry and energy",
            ),
            ("energy, including renewable generation;", "energy"),
            (
                "Sustainable tourism, culture and leisure.",
                "Sustainable tourism, culture and leisure.",
            ),
            ("Agri-food", "Agri-food"),
            (
                "Energi- och klimatomställning",
                "Energi- och klimatomställning",
            ),
        ] {
            assert_eq!(item_label(item), label, "{item}");
        }
        assert_eq!(clean_label("Environment, and"), "Environment");
        assert_eq!(clean_label("Textile and"), "Textile");
        assert_eq!(
            clean_label("Research and development"),
            "Research and development"
        );
    }

    #[test]
    fn swedish_genitives_of_names_are_the_name_and_english_plurals_are_not() {
        let s = parse(
            "Region Uppsala arbetar med forskning och innovation i länet.\n\n\
             Region Uppsala samarbetar med Karolinska Institutet. Karolinska Institutets forskare \
             deltar i arbetet. Swedish Institute for Standards publishes the standards.\n",
        );
        let names: Vec<&str> = s.organisations.iter().map(|o| o.name.as_str()).collect();
        assert!(names.contains(&"Karolinska Institutet"), "{names:?}");
        assert!(!names.contains(&"Karolinska Institutets"), "{names:?}");
        assert!(
            names.contains(&"Swedish Institute for Standards"),
            "{names:?}"
        );
        assert!(
            !names.contains(&"Swedish Institute for Standard"),
            "{names:?}"
        );
    }

    #[test]
    fn a_list_said_to_be_several_areas_is_split_and_one_said_to_be_one_area_is_not() {
        let several = parse(
            "Region Gävleborg arbetar med utveckling, där hälsa, vård och omsorg är tre prioriterade områden.",
        );
        assert_eq!(
            labels(&several, PriorityKind::PriorityArea),
            ["hälsa", "vård", "omsorg"]
        );
        let one = parse(
            "Region Gävleborg arbetar med utveckling, where health, care and welfare is one of four strategic areas.",
        );
        assert_eq!(
            labels(&one, PriorityKind::PriorityArea),
            ["health, care and welfare"]
        );
        let none = parse(
            "I det regionala perspektivet kan, inom dessa områden, identifieras ett antal styrkeområden och utvecklingsmöjligheter.",
        );
        assert!(none.priorities.is_empty());
    }

    #[test]
    fn region_names_stop_where_the_name_stops() {
        let names: Vec<String> = region_mentions(
            "The Region Uppsala Research Strategy 2030 names Region Västra Götaland, Region Örebro läns \
             plan, Region Kalmar county and Business Region Örebro, all in Mid Sweden.",
        )
        .into_iter()
        .map(|(_, name)| name)
        .collect();
        assert_eq!(
            names,
            [
                "Region Uppsala",
                "Region Västra Götaland",
                "Region Örebro län",
                "Region Kalmar County",
                "Mid Sweden"
            ]
        );
    }

    #[test]
    fn content_detection() {
        for seed in [OREBRO, SMALAND, STOCKHOLM] {
            assert!(looks_like_strategy(seed));
        }
        let profile = "SciTransfer\nOrganization\n\nREGION STOCKHOLM\n\nStockholm's regional healthcare \
            authority contributing clinical infrastructure to European health research and regional \
            development strategies.\n";
        assert!(!looks_like_strategy(profile));
        let csv = "name,country,role\nRegion Stockholm,SE,coordinator\nKarolinska Institutet,SE,partner\n";
        assert!(!looks_like_strategy(csv));
        let turtle = "@prefix ex: <http://example.org/> .\nex:region ex:strategy \"research and innovation\" .\n";
        assert!(!looks_like_strategy(turtle));
        assert!(!looks_like_strategy("   \n"));
        assert!(!looks_like_strategy(
            "The weather was nice and we walked along the beach all day long."
        ));
    }

    #[test]
    fn errors_say_why() {
        assert_eq!(parse_strategy(""), Err(StrategyError::Empty));
        assert_eq!(parse_strategy(" \n\t\n"), Err(StrategyError::Empty));
        let binary = parse_strategy("Some text\nmore\u{0}\u{1}\u{2}binary\n");
        assert!(
            matches!(binary, Err(StrategyError::NotText { line: Line(2), .. })),
            "{binary:?}"
        );
        let only_chrome = parse_strategy("Accept all cookies\nhttps://example.org/\n12\n");
        assert_eq!(only_chrome, Err(StrategyError::NoProse { dropped: 3 }));
        assert!(
            only_chrome
                .unwrap_err()
                .to_string()
                .contains("3 non-blank lines")
        );
    }

    #[test]
    fn never_panics() {
        for cut in text::tests::cuts(503) {
            let _ = parse_strategy(cut);
        }
        for odd in [
            "x",
            "Region",
            "Region Region Region",
            "(KI)",
            "A - B",
            "ACR - ",
            ", där",
            "• : :",
            "Regionstyrelsen anser",
        ] {
            let _ = parse_strategy(odd);
            looks_like_strategy(odd);
        }
    }

    #[test]
    fn names_are_stable() {
        assert_eq!(PriorityKind::PriorityArea.as_str(), "priorityArea");
        assert_eq!(OrganisationKind::SciencePark.as_str(), "sciencePark");
        assert_eq!(RelationKind::CollaboratesWith.as_str(), "collaboratesWith");
        assert_eq!(
            text::DropReason::FootnoteDefinition.as_str(),
            "footnoteDefinition"
        );
    }
}

#[cfg(test)]
mod properties {
    //! No text makes the strategy parser panic, and its errors cite lines of the document.
    use super::*;
    use crate::ingest::damage;
    use proptest::prelude::*;

    const SEEDS: [&str; 3] = [
        include_str!("../../seeds/region-orebro-life-science-strategy.sv.txt"),
        include_str!("../../seeds/region-stockholm-research.txt"),
        include_str!("../../seeds/smaland-blekinge-halland-health-innovation.txt"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_gives_a_strategy_or_an_error(text in "\\PC{0,400}") {
            let _ = looks_like_strategy(&text);
            let _ = parse_strategy(&text);
        }

        #[test]
        fn damaged_strategies_fail_at_lines_they_have(seed in 0..SEEDS.len(), edits in damage::edits()) {
            let text = damage::apply(SEEDS[seed], &edits);
            let _ = looks_like_strategy(&text);
            if let Err(e) = parse_strategy(&text) {
                damage::assert_lines_within(&e.to_string(), &text);
            }
        }
    }
}
