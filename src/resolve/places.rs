//! The place a public body governs, read from the body's name: `Regional Council of Brittany`,
//! `Regione Puglia`, `North Denmark Region`, `Government of the Republic of Croatia`. Most
//! strategies outside Sweden never write `Region X`; their issuer's name is where the region is.

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
/// County Council`, `Walloon Government`), none of them a place.
const TRAILING_BODY: &[&str] = &[
    "administration",
    "authority",
    "council",
    "county",
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
    "Kraj ",
    "Województwo ",
];

/// Words that make a name's tail another body, not a place (`Office of the Prime Minister`).
const NOT_PLACES: &[&str] = &[
    "agency",
    "board",
    "commission",
    "committee",
    "council",
    "department",
    "directorate",
    "government",
    "institute",
    "minister",
    "ministry",
    "office",
    "president",
    "university",
];

const COMPASS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
];

/// The place `body` governs, if its name says so; `None` for a ministry or agency named after its
/// remit (`Ministry of Innovation and Growth`) and for a name that is only a body's kind.
pub fn region_of_body(body: &str) -> Option<String> {
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
        .all(|w| TRAILING_BODY.contains(&w.to_lowercase().as_str()));
    if first_body == 0 || !rest_is_body {
        return None;
    }
    place_name(&words[..first_body].join(" "))
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
    use super::region_of_body;

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
                "Slovak Republic",
            ),
            ("Regione Puglia", "Puglia"),
            ("Free State of Saxony", "Saxony"),
            ("the Region of Western Macedonia", "Western Macedonia"),
            ("Junta de Andalucía", "Andalucía"),
            ("Generalitat de Catalunya", "Catalunya"),
            ("North Denmark Region", "North Denmark"),
            ("South Moravian Region", "South Moravian"),
            ("Vestland County Council", "Vestland"),
            ("Walloon Government", "Walloon"),
            ("Normandy Region", "Normandy"),
            ("Västra Götalandsregionen", "Västra Götaland"),
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
            "North Regional Coordination and Development Commission",
            "Istrian Development Agency",
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
}
