//! Organisation names → match keys.
//!
//! Two names denote the same organisation when their match keys are equal. A key is built by
//! (1) Unicode case folding and removing diacritics (`Örebro` → `orebro`), (2) folding the
//! transliterations CORDIS uses for Nordic and German letters (`HOEGSKOLAN` → `hogskolan`),
//! (3) dropping punctuation, a leading "the" and trailing legal-form words (AB, GmbH, Ltd, …), and
//! (4) rewriting the Swedish and English ways of naming the same public body to one form:
//!
//! | written                                             | key                  |
//! | --------------------------------------------------- | -------------------- |
//! | Region Örebro län, Region Örebro läns, Region Örebro County, OREBRO LANS LANDSTING, Örebro läns landsting, Landstinget i Örebro | `region orebro` |
//! | Stockholms läns landsting, REGION STOCKHOLM          | `region stockholm`   |
//! | Örebro universitet, Örebro University, University of Örebro | `university orebro` |
//! | Stockholms universitet, Stockholm University         | `university stockholm` |
//! | Örebro kommun, Örebro Municipality                   | `municipality orebro` |
//!
//! Names no rule relates (KTH = KUNGLIGA TEKNISKA HOEGSKOLAN) are listed in `aliases.toml`.
//! Each key records the rule that produced it, so that every merge can be audited.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The rule by which a name was reduced to its key; recorded on every alias in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityRule {
    /// Equal after case folding, diacritics and punctuation.
    NormalisedName,
    /// A Swedish region, county council or county written another way.
    SwedishRegion,
    /// A university named in Swedish or English word order.
    University,
    /// A municipality named in Swedish or English.
    Municipality,
    /// Listed together in the curated alias table.
    AliasTable,
    /// The same CORDIS participant identification code.
    CordisPic,
    /// A document's name for an organisation equals a CORDIS legal or short name.
    CordisName,
    /// Several CORDIS organisations share the name; the one taking part in the projects the
    /// document names was chosen.
    SharedProjects,
    /// Decided by an entry of the user's corrections file (`same` or `different`).
    Correction,
}

impl IdentityRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NormalisedName => "normalised-name",
            Self::SwedishRegion => "swedish-region",
            Self::University => "university",
            Self::Municipality => "municipality",
            Self::AliasTable => "alias-table",
            Self::CordisPic => "cordis-pic",
            Self::CordisName => "cordis-name",
            Self::SharedProjects => "shared-projects",
            Self::Correction => "correction",
        }
    }
}

/// A name's match key and the rule that made it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MatchKey {
    pub key: String,
    pub rule: IdentityRule,
}

/// Case-folds, strips diacritics and transliteration digraphs, and reduces punctuation to single
/// spaces. Used for every fuzzy comparison of names.
pub fn fold(name: &str) -> String {
    let words: Vec<String> = fold_letters(name).split(' ').map(fold_digraphs).collect();
    words.join(" ")
}

/// [`fold`] without the digraphs: a readable key for a minted IRI (`blue bioeconomy`, where
/// `fold` gives `blu bioconomy`).
pub fn fold_letters(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'ø' => out.push('o'),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                'đ' => out.push('d'),
                'ł' => out.push('l'),
                'þ' => out.push_str("th"),
                '&' => out.push_str(" and "),
                c if c.is_alphanumeric() => out.push(c),
                _ => out.push(' '),
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// CORDIS writes `ö` as `OE` and `å` as `AA`; folding the digraphs on both sides makes the two
/// spellings meet. English words containing them fold the same way everywhere, so no two
/// different names are merged by this alone unless they differ only in such a digraph.
fn fold_digraphs(word: &str) -> String {
    word.replace("oe", "o")
        .replace("ae", "a")
        .replace("aa", "a")
        .replace("ue", "u")
}

const LEGAL_FORMS: &[&str] = &[
    "ab",
    "publ",
    "aktiebolag",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "oyj",
    "as",
    "asa",
    "aps",
    "plc",
    "inc",
    "llc",
    "ev",
    "asbl",
    "sl",
    "kft",
    "ek",
    "ekonomisk",
    "forening",
];

/// The match key of an organisation name.
pub fn match_key(name: &str) -> MatchKey {
    let mut folded = fold(name);
    // `Karolinska Institutets`: a Swedish definite head word in the genitive is the name itself.
    if let Some((rest, last)) = folded.rsplit_once(' ').or(Some(("", folded.as_str())))
        && let Some(stem) = last.strip_suffix('s')
        && is_definite_head(stem)
    {
        folded = format!("{rest} {stem}").trim_start().to_owned();
    }
    if let Some(key) = ALIASES.get(&folded) {
        return MatchKey {
            key: key.clone(),
            rule: IdentityRule::AliasTable,
        };
    }
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_FORMS.contains(w)) {
        words.pop();
    }
    if let Some(key) = swedish_region(&words) {
        return MatchKey {
            key,
            rule: IdentityRule::SwedishRegion,
        };
    }
    if let Some(key) = keyed_body(&words, "university", &["universitet"], &["university"]) {
        return MatchKey {
            key,
            rule: IdentityRule::University,
        };
    }
    if let Some(key) = keyed_body(&words, "municipality", &["kommun"], &["municipality"]) {
        return MatchKey {
            key,
            rule: IdentityRule::Municipality,
        };
    }
    MatchKey {
        key: words.join(" "),
        rule: IdentityRule::NormalisedName,
    }
}

/// Swedish organisation head words in the definite form (folded), whose genitive only a
/// Swedish text writes: `institutets`, `universitetets`, `sjukhusets`, `högskolans`.
fn is_definite_head(word: &str) -> bool {
    const HEADS: &[&str] = &[
        "institutet",
        "universitet",
        "universitetet",
        "sjukhuset",
        "hogskolan",
        "stiftelsen",
        "verket",
        "radet",
        "myndigheten",
        "styrelsen",
        "inspektionen",
        "centrum",
        "akademin",
        "kommunen",
    ];
    HEADS
        .iter()
        .any(|h| word.ends_with(h) && !word.ends_with(&format!("{h}s")))
}

/// Swedish genitive: `Stockholms` in `Stockholms läns landsting` is `Stockholm`.
fn strip_genitive(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem,
        _ => word,
    }
}

fn place(words: &[&str], genitive: bool) -> Option<String> {
    let (last, rest) = words.split_last()?;
    let mut place: Vec<&str> = rest.to_vec();
    place.push(if genitive { strip_genitive(last) } else { last });
    Some(place.join(" "))
}

/// `region X [län|läns|county]`, `X läns landsting`, `landstinget i X`, `X county council`. The
/// place may be in the genitive: `Region Stockholms strategi` speaks of Region Stockholm, and
/// `Region Jönköpings län` is Region Jönköping.
fn swedish_region(words: &[&str]) -> Option<String> {
    let place = match words {
        ["region", rest @ .., "lan" | "lans" | "county"] if !rest.is_empty() => place(rest, true),
        ["region", rest @ ..] if !rest.is_empty() => place(rest, true),
        [rest @ .., "lans" | "lan", "landsting"] if !rest.is_empty() => place(rest, true),
        ["landstinget", "i", rest @ ..] if !rest.is_empty() => place(rest, false),
        [rest @ .., "county", "council"] if !rest.is_empty() => place(rest, false),
        _ => None,
    }?;
    Some(format!("region {place}"))
}

/// `X universitet` (genitive allowed), `X university`, `university of X` → `university X`.
fn keyed_body(words: &[&str], kind: &str, swedish: &[&str], english: &[&str]) -> Option<String> {
    let place = match words {
        [rest @ .., last] if !rest.is_empty() && swedish.contains(last) => place(rest, true),
        [first, "of", rest @ ..] if !rest.is_empty() && english.contains(first) => {
            place(rest, false)
        }
        [rest @ .., last] if !rest.is_empty() && english.contains(last) => place(rest, false),
        _ => None,
    }?;
    Some(format!("{kind} {place}"))
}

/// Folded name → key of the alias group it belongs to (the folded first name of the group).
static ALIASES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    #[derive(serde::Deserialize)]
    struct Table {
        organisation: Vec<Group>,
    }
    #[derive(serde::Deserialize)]
    struct Group {
        names: Vec<String>,
    }
    let table: Table =
        toml::from_str(include_str!("aliases.toml")).expect("src/resolve/aliases.toml is valid");
    let mut map = HashMap::new();
    for group in table.organisation {
        let Some(first) = group.names.first() else {
            continue;
        };
        let key = fold(first);
        for name in &group.names {
            map.insert(fold(name), key.clone());
        }
    }
    map
});

/// A project acronym's key: `EJP RD`, `EJP-RD` and `ejprd` are the same project.
pub fn acronym_key(acronym: &str) -> String {
    acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A key as it appears in a minted IRI: lowercase ASCII letters, digits and hyphens, with any
/// other character percent-encoded so that distinct keys never share an IRI.
pub fn slug(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            ' ' | '-' | '_' | '.' | '/' => {
                if !out.ends_with('-') && !out.is_empty() {
                    out.push('-');
                }
            }
            c => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        match_key(name).key
    }

    #[test]
    fn orebro_county_council_has_one_key_in_every_spelling() {
        for name in [
            "OREBRO LANS LANDSTING",
            "Region Örebro County",
            "Region Örebro län",
            "Region Örebro läns",
            "Örebro läns landsting",
            "Landstinget i Örebro",
            "region  örebro LÄN",
        ] {
            assert_eq!(key(name), "region orebro", "{name}");
            assert_eq!(match_key(name).rule, IdentityRule::SwedishRegion, "{name}");
        }
    }

    #[test]
    fn stockholm_genitive_and_cordis_casing() {
        assert_eq!(key("REGION STOCKHOLM"), "region stockholm");
        assert_eq!(key("Stockholms läns landsting"), "region stockholm");
        assert_eq!(key("Region Stockholm"), "region stockholm");
        assert_ne!(key("Region Stockholm"), key("Region Skåne"));
    }

    #[test]
    fn swedish_genitives_are_the_organisation_itself() {
        assert_eq!(key("Region Stockholms"), key("Region Stockholm"));
        assert_eq!(
            key("Region Västra Götalands"),
            key("Region Västra Götaland")
        );
        assert_eq!(key("Region Jönköpings län"), key("Region Jönköping"));
        assert_eq!(key("Karolinska Institutets"), key("Karolinska Institutet"));
        assert_eq!(key("Uppsala universitets"), key("Uppsala universitet"));
        assert_eq!(key("Vetenskapsrådets"), key("Vetenskapsrådet"));
        assert_eq!(
            key("Sahlgrenska universitetssjukhusets"),
            key("Sahlgrenska universitetssjukhuset")
        );
    }

    #[test]
    fn names_that_end_in_s_keep_it() {
        // English names ending in s are not genitives.
        assert_eq!(
            key("Swedish Institute for Standards"),
            "swedish institute for standards"
        );
        assert_ne!(
            key("Swedish Institute for Standards"),
            key("Swedish Institute for Standard")
        );
        assert_eq!(key("Business Sweden Partners"), "business sweden partners");
        // A region name is not merged with another region by the genitive rule.
        assert_ne!(key("Region Skånes"), key("Region Stockholm"));
        assert_ne!(
            key("Karolinska Institutets"),
            key("Karolinska Institutet Science Park")
        );
    }

    #[test]
    fn universities_in_both_languages() {
        assert_eq!(key("Örebro universitet"), "university orebro");
        assert_eq!(key("OREBRO UNIVERSITY"), "university orebro");
        assert_eq!(key("University of Örebro"), "university orebro");
        assert_eq!(key("Stockholms universitet"), "university stockholm");
        assert_eq!(key("Stockholm University"), "university stockholm");
    }

    #[test]
    fn transliteration_legal_forms_and_alias_table() {
        assert_eq!(
            key("KUNGLIGA TEKNISKA HOEGSKOLAN"),
            key("Kungliga Tekniska högskolan")
        );
        assert_eq!(
            key("KUNGLIGA TEKNISKA HOEGSKOLAN"),
            key("KTH Royal Institute of Technology")
        );
        assert_eq!(
            match_key("Royal Institute of Technology").rule,
            IdentityRule::AliasTable
        );
        assert_eq!(key("Akademiska Hus AB"), key("Akademiska Hus"));
        assert_eq!(
            key("The Center for Health Data"),
            key("Center for Health Data")
        );
        // A legal form alone is a name, not something to strip.
        assert_eq!(key("AB"), "ab");
    }

    #[test]
    fn distinct_organisations_stay_distinct() {
        assert_ne!(
            key("Karolinska Institutet"),
            key("Karolinska Institutet Science Park")
        );
        assert_ne!(key("Region Kalmar County"), key("Kalmar Science Park"));
        assert_ne!(key("Region Örebro län"), key("Örebro universitet"));
    }

    #[test]
    fn acronyms_and_slugs() {
        assert_eq!(acronym_key("EJP RD"), acronym_key("EJP-RD"));
        assert_eq!(acronym_key("LifeChamps"), "LIFECHAMPS");
        assert_eq!(slug("region orebro"), "region-orebro");
        assert_eq!(slug("3TR"), "3tr");
        assert_eq!(slug("αβ"), "%CE%B1%CE%B2");
        assert_ne!(slug("a b"), slug("a%20b"));
    }
}
