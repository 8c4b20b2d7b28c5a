//! The place a public body governs, read from the body's name: `Regional Council of Brittany`,
//! `Regione Puglia`, `North Denmark Region`, `Government of the Republic of Croatia`. Most
//! strategies outside Sweden never write `Region X`; their issuer's name is where the region is.
//! A national ministry's name gives its remit, not its country: the strategy it issues speaks for
//! the country its text names.

use crate::model::{country_code, country_name, country_names};
use std::collections::HashMap;

/// Words that make a name a government's or a region's body rather than a place.
const BODY_HEADS: &[&str] = &[
    "administration",
    "assembly",
    "authority",
    "board",
    "cabinet",
    "commission",
    "council",
    "executive",
    "government",
    "office",
    "parliament",
    "province",
    "region",
    "state",
];

/// Words of a body's name that may stand after its place (`North Denmark Region`, `Vestland
/// County Council`, `Walloon Government`, `Algarve Regional Coordination and Development
/// Commission`), none of them a place.
const TRAILING_BODY: &[&str] = &[
    "administration",
    "agency",
    "assembly",
    "authority",
    "commission",
    "coordination",
    "council",
    "county",
    "development",
    "executive",
    "government",
    "municipality",
    "region",
    "regional",
    "state",
];

/// A place's own kind, dropped from the name it ends (`the Wielkopolska Region`, `the Łódzkie
/// Voivodeship`); `Republic` stays, because `Slovak` alone names no place.
const PLACE_KINDS: &[&str] = &["region", "voivodeship", "county", "province", "prefecture"];

/// Local titles followed by the place: `Regione Puglia`, `Junta de Andalucía`.
const LOCAL_TITLES: &[&str] = &[
    "Regione Autonoma della ",
    "Regione autonoma ",
    "Provincia autonoma di ",
    "Regione ",
    "Región de ",
    "Región ",
    "Région ",
    "Junta de ",
    "Generalitat de ",
    "Xunta de ",
    "Provincie ",
    "Provincia di ",
    "Provincia de ",
    "Land ",
    "Freistaat ",
    "Kraj ",
    "Województwo ",
    "Conseil régional de ",
    "Conseil régional d'",
    "Comunidad Autónoma de ",
    "Comunidad de ",
    "Gobierno de ",
    "Principado de ",
    "Samenwerkingsverband ",
    "Region ",
];

/// Words that make a part of a name another body or a remit, not a place (`Office of the Prime
/// Minister`, `Danish Business Authority`, `Enterprise Development Agency`).
const NOT_PLACES: &[&str] = &[
    "agency",
    "board",
    "business",
    "commission",
    "committee",
    "council",
    "department",
    "directorate",
    "economic",
    "enterprise",
    "government",
    "innovation",
    "institute",
    "investment",
    "minister",
    "ministry",
    "national",
    "office",
    "president",
    "research",
    "science",
    "trade",
    "university",
];

/// How a national government's bodies are named: a strategy they issue speaks for their country.
const NATIONAL_HEADS: &[&str] = &[
    "ministry ",
    "department ",
    "deputy ministry ",
    "federal ministry ",
    "government office ",
    "prime minister's office",
    "ministerie ",
    "ministerio ",
    "ministère ",
    "ministero ",
    "ministério ",
    "ministerstvo ",
    "ministerstwo ",
    "bundesministerium ",
    "regeringskansliet",
];

/// Words by which a ministry is a region's or a state's, not the nation's.
const SUBNATIONAL: &[&str] = &[
    "regional",
    "state ministry",
    "provincial",
    "county",
    "land ",
];

const COMPASS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
];

/// The place `body` governs, if its name says so; `None` for a ministry or agency named after its
/// remit (`Ministry of Innovation and Growth`) and for a name that is only a body's kind.
pub fn region_of_body(body: &str) -> Option<String> {
    // `the Slovak Republic` is Slovakia, as a user asks for it.
    place_of_body(body)
        .map(|place| match country_code(&place) {
            Some(code) => country_name(code.as_str()).map_or(place, str::to_owned),
            None => as_region(place),
        })
        .or_else(|| country_heading(body).map(str::to_owned))
}

/// Regions' adjectives as their bodies' names use them (`Flemish Government`, `South Moravian
/// Region`), with the region's English name, which users ask for.
const ADJECTIVES: &[(&str, &str)] = &[
    ("Andalusian", "Andalusia"),
    ("Bavarian", "Bavaria"),
    ("Bohemian", "Bohemia"),
    ("Carinthian", "Carinthia"),
    ("Catalan", "Catalonia"),
    ("Flemish", "Flanders"),
    ("Galician", "Galicia"),
    ("Hessian", "Hesse"),
    ("Istrian", "Istria"),
    ("Lombard", "Lombardy"),
    ("Moravian", "Moravia"),
    ("Sardinian", "Sardinia"),
    ("Saxon", "Saxony"),
    ("Scottish", "Scotland"),
    ("Sicilian", "Sicily"),
    ("Silesian", "Silesia"),
    ("Styrian", "Styria"),
    ("Tuscan", "Tuscany"),
    ("Tyrolean", "Tyrol"),
    ("Walloon", "Wallonia"),
    ("Welsh", "Wales"),
];

/// `place` with a region's adjective as the region (`South Moravian` → `South Moravia`).
fn as_region(place: String) -> String {
    place
        .split(' ')
        .map(|w| {
            ADJECTIVES
                .iter()
                .find(|(adjective, _)| *adjective == w)
                .map_or(w, |(_, region)| *region)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The country a national body's name begins or ends with: `Malta Council for Science and
/// Technology`, `Enterprise Ireland`, `Business Finland`.
fn country_heading(body: &str) -> Option<&'static str> {
    let body = body.trim();
    country_names().find_map(|(name, country)| {
        let first = body
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(' '));
        let last = body
            .strip_suffix(name)
            .is_some_and(|rest| rest.ends_with(' '));
        (first || last).then_some(country)
    })
}

fn place_of_body(body: &str) -> Option<String> {
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = body.strip_prefix("the ").unwrap_or(&body);
    if let Some(place) = LOCAL_TITLES
        .iter()
        .find_map(|t| body.strip_prefix(t))
        .and_then(place_name)
    {
        return Some(place);
    }
    // `Västra Götalandsregionen`: the Swedish definite form, a region's own name for itself.
    if let Some(place) = body
        .strip_suffix("sregionen")
        .or_else(|| body.strip_suffix("regionen"))
        .and_then(place_name)
    {
        return Some(place);
    }
    // A ministry is named after its remit, unless it names its republic.
    if let Some((_, country)) = body.rsplit_once("Republic of ") {
        return place_name(country);
    }
    if let Some((head, place)) = body.rsplit_once(" of ") {
        let place = place.strip_prefix("the ").unwrap_or(place);
        if place.ends_with(" Republic") {
            return place_name(place);
        }
        let head_kind = head.rsplit(' ').next().unwrap_or(head).to_lowercase();
        let head_kind = head_kind.trim_end_matches("'s").trim_end_matches("’s");
        if BODY_HEADS.contains(&head_kind) {
            return place_name(place);
        }
        return None;
    }
    // `North Denmark Region`, `Vestland County Council`: capitalised words, then body words only.
    let words: Vec<&str> = body.split(' ').collect();
    let first_body = words
        .iter()
        .position(|w| TRAILING_BODY.contains(&w.to_lowercase().as_str()))?;
    let rest_is_body = words[first_body..]
        .iter()
        .all(|w| *w == "and" || TRAILING_BODY.contains(&w.to_lowercase().as_str()));
    if first_body == 0 || !rest_is_body {
        return None;
    }
    let leading = &words[..first_body];
    // `Southern Regional Assembly`: a compass point alone names the region it heads.
    let compass = leading
        .iter()
        .all(|w| COMPASS.contains(&w.to_lowercase().as_str()));
    if compass && words[first_body].to_lowercase().starts_with("region") {
        return Some(format!("{} Region", leading.join(" ")));
    }
    place_name(&leading.join(" "))
}

/// Whether `body` is a national government's ministry or office (`Department of Enterprise, Trade
/// and Employment`, `Näringsdepartementet`), not a region's (`Regional Ministry of …`).
pub fn is_national_body(body: &str) -> bool {
    let name = body.trim().to_lowercase();
    let name = name.strip_prefix("the ").unwrap_or(&name);
    let national = NATIONAL_HEADS.iter().any(|h| name.starts_with(h))
        || (name.ends_with("departementet") && !name.contains(' '));
    national && !SUBNATIONAL.iter().any(|w| name.contains(w))
}

/// The country `texts` name most often (its English name), by any name the country tables know;
/// `None` when no country is named, or two are named equally often.
pub fn country_named_most<'a>(texts: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let names: Vec<(&str, &str)> = country_names().collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for text in texts {
        for &(name, country) in &names {
            let n = text
                .match_indices(name)
                .filter(|&(at, found)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + found.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .count();
            if n > 0 {
                *counts.entry(country).or_default() += n;
            }
        }
    }
    let most = counts.values().copied().max()?;
    let mut top = counts.into_iter().filter(|&(_, n)| n == most);
    let (country, _) = top.next()?;
    top.next().is_none().then_some(country)
}

/// A place's name as a body's name gives it, without its kind; `None` when nothing is left that
/// names a place (`Regional Government`, `North`).
fn place_name(place: &str) -> Option<String> {
    let mut words: Vec<&str> = place.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| PLACE_KINDS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let named = words.iter().any(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !COMPASS.contains(&w.to_lowercase().as_str())
    });
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) || ["and", "de", "del", "di"].contains(w)
    });
    let body = words
        .iter()
        .any(|w| NOT_PLACES.contains(&w.to_lowercase().as_str()));
    (named && capitalised && !body && words.len() <= 4).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::{country_named_most, is_national_body, region_of_body};

    #[test]
    fn regions_governments_and_councils_name_their_place() {
        for (body, place) in [
            ("Regional Council of Brittany", "Brittany"),
            ("Region of Crete", "Crete"),
            (
                "Regional Government of Castile and León",
                "Castile and León",
            ),
            ("State Government of Baden-Württemberg", "Baden-Württemberg"),
            ("Province of Upper Austria", "Upper Austria"),
            ("Provincial Executive of North Brabant", "North Brabant"),
            (
                "Management Board of the Wielkopolska Region",
                "Wielkopolska",
            ),
            ("Marshal's Office of the Łódzkie Voivodeship", "Łódzkie"),
            (
                "Regional Coordination and Development Commission of the Centro Region",
                "Centro",
            ),
            ("Council of Tampere Region", "Tampere"),
            ("Government of Hungary", "Hungary"),
            ("Government of the Republic of Croatia", "Croatia"),
            (
                "Ministry of the Economy and Innovation of the Republic of Lithuania",
                "Lithuania",
            ),
            (
                "Ministry of Investments, Regional Development and Informatization of the Slovak Republic",
                "Slovakia",
            ),
            ("Regione Puglia", "Puglia"),
            ("Free State of Saxony", "Saxony"),
            ("the Region of Western Macedonia", "Western Macedonia"),
            ("Junta de Andalucía", "Andalucía"),
            ("Generalitat de Catalunya", "Catalunya"),
            ("North Denmark Region", "North Denmark"),
            ("South Moravian Region", "South Moravia"),
            ("Vestland County Council", "Vestland"),
            ("Walloon Government", "Wallonia"),
            ("Flemish Government", "Flanders"),
            ("Normandy Region", "Normandy"),
            ("Västra Götalandsregionen", "Västra Götaland"),
            (
                "Algarve Regional Coordination and Development Commission",
                "Algarve",
            ),
            ("Istrian Development Agency", "Istria"),
            ("Samenwerkingsverband Noord-Nederland", "Noord-Nederland"),
            ("Region Nordjylland", "Nordjylland"),
            ("Southern Regional Assembly", "Southern Region"),
            (
                "North Regional Coordination and Development Commission",
                "North Region",
            ),
            ("Freistaat Bayern", "Bayern"),
            ("Conseil régional de Bretagne", "Bretagne"),
            ("Castile and León Regional Government", "Castile and León"),
            ("Malta Council for Science and Technology", "Malta"),
            ("Enterprise Ireland", "Ireland"),
        ] {
            assert_eq!(region_of_body(body).as_deref(), Some(place), "{body}");
        }
    }

    #[test]
    fn remits_agencies_and_bare_kinds_name_no_place() {
        for body in [
            "Ministry of Innovation and Growth",
            "Department of Enterprise, Trade and Employment",
            "Deputy Ministry of Research, Innovation and Digital Policy",
            "Government Office for Development and European Cohesion Policy",
            "Regional Government",
            "Danish Business Authority",
            "Enterprise Development Agency",
            "National Research Council",
            "Steiermärkische Landesregierung",
            "Office of the director general",
            "Office of the Prime Minister",
            "Regione",
            "Region",
            "",
        ] {
            assert_eq!(region_of_body(body), None, "{body}");
        }
    }

    #[test]
    fn national_ministries_speak_for_their_country_not_regional_ones() {
        for body in [
            "Department of Enterprise, Trade and Employment",
            "Ministry of Innovation and Growth",
            "Deputy Ministry of Research, Innovation and Digital Policy",
            "Government Office for Development and European Cohesion Policy",
            "the Federal Ministry of Education and Research",
            "Näringsdepartementet",
        ] {
            assert!(is_national_body(body), "{body}");
        }
        for body in [
            "Regional Ministry of Economy and Finance",
            "State Ministry of Economic Affairs",
            "Istrian Development Agency",
            "Regional Government",
            "Region Skåne",
        ] {
            assert!(!is_national_body(body), "{body}");
        }
    }

    #[test]
    fn the_country_a_text_names_most_wins_and_a_tie_names_none() {
        let text = [
            "Ireland's strategy builds on Irish strengths.",
            "Firms in Ireland export; we learn from Finland and from Ireland's universities.",
        ];
        assert_eq!(country_named_most(text.into_iter()), Some("Ireland"));
        // Its own name counts for the country; a word that contains a name does not.
        let swedish = [
            "Sverige ska vara ledande.",
            "Sveriges regioner och Sverige.",
        ];
        assert_eq!(country_named_most(swedish.into_iter()), Some("Sweden"));
        assert_eq!(
            country_named_most(["Denmark and Norway, equally."].into_iter()),
            None
        );
        assert_eq!(country_named_most(["No country here."].into_iter()), None);
    }
}
