//! Word lists of the organisation recogniser: organisational head words and their kinds, Swedish
//! compound endings and genitives, and the words that open a phrase or never make a name specific.

use super::records::OrganisationKind;
use crate::ingest::text::among;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The kind an organisation's (lowercased) head word implies.
pub(super) fn head_word_kind(word: &str) -> Option<OrganisationKind> {
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
pub(super) fn genitive_head(stem: &str) -> bool {
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
pub(super) fn suffix_head(word: &str) -> Option<OrganisationKind> {
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
pub(super) fn type_noun_kind(word: &str) -> Option<OrganisationKind> {
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

pub(super) static CONNECTORS: LazyLock<HashSet<&str>> =
    word_set!("of for för de la du von van der &");

/// Capitalised words that open a sentence or a noun phrase but are not part of a name.
pub(super) static NOT_NAME_START: LazyLock<HashSet<&str>> = word_set!(
    "the a an this that these those our their its all several many \
    other each every both such some in at for with from by through according also since during \
    after before under within via as of on to when while if although however currently already \
    den det de denna detta dessa en ett vår våra vårt alla flera andra övriga samtliga sådana \
    varje i inom enligt med för genom vid från till efter även också vidare där som både såväl \
    hos mot om utan när då eftersom exempelvis bland watch want welcome contact"
);

/// Adjectives that do not make a name specific (`European University` is not an organisation).
pub(super) static GENERIC: LazyLock<HashSet<&str>> = word_set!(
    "european europeiska europeisk swedish svenska svensk national \
    nationella nationellt nationell regional regionala regionalt international internationella \
    global nordic nordiska local lokala public offentliga new nya"
);

pub(super) const GENERIC_SECTIONS: &str = "förord preface foreword inledning introduction innehåll \
    innehållsförteckning contents ordlista glossary sammanfattning summary";
