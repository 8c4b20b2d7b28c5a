//! Profile pages of portals and directories (the EU Funding & Tenders Portal, Enterprise Europe
//! Network profiles, contact-point and cluster member directories, company "About" pages,
//! encyclopaedia infoboxes, member brochures): labelled fields rather than SciTransfer's sections.
//!
//! A scrape writes a field in many ways: `Country: Sweden`, `Pays : France`, a label over its
//! value on the next line, `Label<TAB>value`, several fields on one line between pipes or wide
//! gaps, a table's header row over its value row, or glued with nothing between
//! (`CountrySwedenCityUmeå`, `PIC947201583VATSE556812430901`). Every line is cut into cells and
//! each cell read as a labelled field in one of these forms; labels are known in English, Swedish,
//! German, French and Spanish. Unlabelled cells on a line of badges
//! (`Higher education establishment | Denmark | Aarhus`) give the type, country and city a page
//! did not label.

use super::scan::{clean, heading_key, is_chrome};
use super::sections::{looks_like_prose, sentence_subject};
use super::values::{find_money, parse_money};
use super::{CountedProgramme, Located, Profile, ProjectCount};
use crate::model::{CountryCode, Line, country_code, country_name};

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Type,
    Sector,
    Country,
    City,
    /// `City, region, country`, as `Headquarters` and `Sitz` give it.
    Location,
    /// `Street, postcode city, country`.
    Address,
    Pic,
    Vat,
    Website,
    Keywords,
    Description,
    Count(CountedProgramme),
    Funding,
    /// A table's total row: its amount is the total funding.
    Total,
    /// A field read past: contact details, registration numbers, size, founding year…
    Other,
}

/// Labels (lowercased, without a trailing colon or a parenthesis) and what they name. Project
/// counts and funding are told by their words instead ([`programme_label`], [`funding_label`]).
const LABELS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("organisation name", Field::Name),
    ("organization name", Field::Name),
    ("legal name", Field::Name),
    ("company name", Field::Name),
    ("member", Field::Name),
    ("organisationsnamn", Field::Name),
    ("företagsnamn", Field::Name),
    ("name der organisation", Field::Name),
    ("nom de l'organisation", Field::Name),
    ("nom de l'établissement", Field::Name),
    ("raison sociale", Field::Name),
    ("nombre de la entidad", Field::Name),
    ("nombre de la organización", Field::Name),
    ("entidad", Field::Name),
    ("nombre", Field::Name),
    ("razón social", Field::Name),
    ("type", Field::Type),
    ("type of organisation", Field::Type),
    ("type of organization", Field::Type),
    ("organisation type", Field::Type),
    ("organization type", Field::Type),
    ("organisationstyp", Field::Type),
    ("typ av organisation", Field::Type),
    ("art der organisation", Field::Type),
    ("einrichtungstyp", Field::Type),
    ("type d'organisation", Field::Type),
    ("type d'organisme", Field::Type),
    ("type d'établissement", Field::Type),
    ("tipo de entidad", Field::Type),
    ("tipo de organización", Field::Type),
    ("tipo", Field::Type),
    ("sector", Field::Sector),
    ("industry", Field::Sector),
    ("bransch", Field::Sector),
    ("branche", Field::Sector),
    ("secteur", Field::Sector),
    ("secteur d'activité", Field::Sector),
    ("sector de actividad", Field::Sector),
    ("country", Field::Country),
    ("country of establishment", Field::Country),
    ("land", Field::Country),
    ("pays", Field::Country),
    ("país", Field::Country),
    ("city", Field::City),
    ("town", Field::City),
    ("ort", Field::City),
    ("stad", Field::City),
    ("postort", Field::City),
    ("stadt", Field::City),
    ("ville", Field::City),
    ("ciudad", Field::City),
    ("localidad", Field::City),
    ("location", Field::Location),
    ("headquarters", Field::Location),
    ("sitz", Field::Location),
    ("hauptsitz", Field::Location),
    ("säte", Field::Location),
    ("siège", Field::Location),
    ("sede", Field::Location),
    ("address", Field::Address),
    ("postal address", Field::Address),
    ("registered office", Field::Address),
    ("registered address", Field::Address),
    ("locations", Field::Address),
    ("adress", Field::Address),
    ("postadress", Field::Address),
    ("besöksadress", Field::Address),
    ("adresse", Field::Address),
    ("anschrift", Field::Address),
    ("dirección", Field::Address),
    ("pic", Field::Pic),
    ("pic number", Field::Pic),
    ("pic code", Field::Pic),
    ("participant identification code", Field::Pic),
    ("pic-nummer", Field::Pic),
    ("pic-kod", Field::Pic),
    ("code pic", Field::Pic),
    ("número pic", Field::Pic),
    ("vat", Field::Vat),
    ("vat number", Field::Vat),
    ("vat no", Field::Vat),
    ("vat no.", Field::Vat),
    ("vat id", Field::Vat),
    ("vat registration number", Field::Vat),
    ("momsregistreringsnummer", Field::Vat),
    ("momsregnr", Field::Vat),
    ("ust-idnr", Field::Vat),
    ("ust-id", Field::Vat),
    ("umsatzsteuer-identifikationsnummer", Field::Vat),
    ("n° tva", Field::Vat),
    ("n° tva intracommunautaire", Field::Vat),
    ("numéro de tva", Field::Vat),
    ("numéro de tva intracommunautaire", Field::Vat),
    ("tva intracommunautaire", Field::Vat),
    ("nif-iva", Field::Vat),
    ("número de iva", Field::Vat),
    ("partita iva", Field::Vat),
    ("btw-nummer", Field::Vat),
    ("uid-nummer", Field::Vat),
    ("uid-nr", Field::Vat),
    ("uid", Field::Vat),
    ("website", Field::Website),
    ("web site", Field::Website),
    ("web", Field::Website),
    ("www", Field::Website),
    ("homepage", Field::Website),
    ("url", Field::Website),
    ("hemsida", Field::Website),
    ("webbplats", Field::Website),
    ("webseite", Field::Website),
    ("internet", Field::Website),
    ("site web", Field::Website),
    ("site internet", Field::Website),
    ("sitio web", Field::Website),
    ("página web", Field::Website),
    ("keywords", Field::Keywords),
    ("technology keywords", Field::Keywords),
    ("market keywords", Field::Keywords),
    ("technologies", Field::Keywords),
    ("expertise", Field::Keywords),
    ("our expertise", Field::Keywords),
    ("expertise areas", Field::Keywords),
    ("areas of expertise", Field::Keywords),
    ("fields of expertise", Field::Keywords),
    ("areas of activity", Field::Keywords),
    ("research areas", Field::Keywords),
    ("research strengths", Field::Keywords),
    ("specialties", Field::Keywords),
    ("specialities", Field::Keywords),
    ("competences", Field::Keywords),
    ("verksamhetsområden", Field::Keywords),
    ("forskningsområden", Field::Keywords),
    ("nyckelord", Field::Keywords),
    ("forschungsschwerpunkte", Field::Keywords),
    ("kompetenzen", Field::Keywords),
    ("schlagwörter", Field::Keywords),
    ("domaines d'expertise", Field::Keywords),
    ("domaines de compétence", Field::Keywords),
    ("mots-clés", Field::Keywords),
    ("palabras clave", Field::Keywords),
    ("áreas de especialización", Field::Keywords),
    ("líneas de investigación", Field::Keywords),
    ("áreas de actividad", Field::Keywords),
    ("ámbitos de actividad", Field::Keywords),
    ("description", Field::Description),
    ("short description", Field::Description),
    ("organisation description", Field::Description),
    ("organization description", Field::Description),
    ("about", Field::Description),
    ("about us", Field::Description),
    ("about the company", Field::Description),
    ("about the organisation", Field::Description),
    ("about the organization", Field::Description),
    ("overview", Field::Description),
    ("profile", Field::Description),
    ("who we are", Field::Description),
    ("om oss", Field::Description),
    ("beskrivning", Field::Description),
    ("über uns", Field::Description),
    ("beschreibung", Field::Description),
    ("kurzbeschreibung", Field::Description),
    ("profil", Field::Description),
    ("présentation", Field::Description),
    ("qui sommes-nous", Field::Description),
    ("descripción", Field::Description),
    ("quiénes somos", Field::Description),
    ("total", Field::Total),
    ("business name", Field::Other),
    ("short name", Field::Other),
    ("legal form", Field::Other),
    ("rechtsform", Field::Other),
    ("forme juridique", Field::Other),
    ("sme", Field::Other),
    ("size", Field::Other),
    ("company size", Field::Other),
    ("employees", Field::Other),
    ("founded", Field::Other),
    ("established", Field::Other),
    ("gegründet", Field::Other),
    ("grundat", Field::Other),
    ("member since", Field::Other),
    ("organisationsnummer", Field::Other),
    ("org.nr", Field::Other),
    ("registration number", Field::Other),
    ("registration no.", Field::Other),
    ("kvk", Field::Other),
    ("handelsregister", Field::Other),
    ("siret", Field::Other),
    ("cif", Field::Other),
    ("branch office", Field::Other),
    ("phone", Field::Other),
    ("telephone", Field::Other),
    ("tel", Field::Other),
    ("telefon", Field::Other),
    ("téléphone", Field::Other),
    ("teléfono", Field::Other),
    ("fax", Field::Other),
    ("email", Field::Other),
    ("e-mail", Field::Other),
    ("e-post", Field::Other),
    ("contact", Field::Other),
    ("contact person", Field::Other),
    ("kontakt", Field::Other),
    ("kontaktperson", Field::Other),
    ("ansprechpartner", Field::Other),
    ("motto", Field::Other),
    ("programme", Field::Other),
    ("projects", Field::Other),
];

/// The labels a scrape glues to their values (`CountrySwedenCityUmeå`), as the English portals
/// capitalise them; longest first so that `Type of organisation` wins over `Type`.
const GLUED: [&str; 17] = [
    "Horizon Europe projects",
    "Horizon 2020 projects",
    "Type of organisation",
    "Type of organization",
    "Organisation type",
    "H2020 projects",
    "FP7 projects",
    "VAT number",
    "Legal name",
    "Industry",
    "Website",
    "Country",
    "Sector",
    "City",
    "Type",
    "PIC",
    "VAT",
];

/// The programme a project-count label names, whatever words for "projects" surround it
/// (`Projets H2020`, `Horizon-2020-Projekte`, `H2020 participations`, `Horisont 2020`).
fn programme_label(key: &str) -> Option<CountedProgramme> {
    const FILLER: [&str; 22] = [
        "projects",
        "project",
        "participations",
        "participation",
        "projets",
        "projet",
        "proyectos",
        "proyecto",
        "projekt",
        "projekte",
        "progetti",
        "number",
        "of",
        "in",
        "nombre",
        "de",
        "número",
        "antal",
        "anzahl",
        "der",
        "eu",
        "total",
    ];
    let words: Vec<&str> = key
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .collect();
    match words.join(" ").as_str() {
        "h2020" | "horizon 2020" | "horisont 2020" | "horizont 2020" | "horizonte 2020" => {
            Some(CountedProgramme::H2020)
        }
        "horizon europe" | "horisont europa" | "horizont europa" | "horizon europa"
        | "horizonte europa" => Some(CountedProgramme::HorizonEurope),
        "fp7" | "7th framework programme" | "rp7" | "7. rp" => Some(CountedProgramme::Fp7),
        _ => None,
    }
}

/// A funding label in any of the languages: `Total EU contribution`, `Gesamte EU-Förderung`,
/// `Contribution UE totale`, `financiación UE`.
fn funding_label(key: &str) -> bool {
    const WORDS: [&str; 8] = [
        "funding",
        "contribution",
        "förderung",
        "financiación",
        "financement",
        "finanziamento",
        "bidrag",
        "finansiering",
    ];
    let figure = key.contains(|c: char| c.is_ascii_digit() || c == '€');
    !figure && key.split([' ', '-']).count() <= 5 && WORDS.iter().any(|w| key.contains(w))
}

/// What a label names, `None` for text that is no label.
fn field_of(label: &str) -> Option<Field> {
    let key = label_key(label);
    if key.is_empty() || key.len() > 48 {
        return None;
    }
    let known = |k: &str| {
        LABELS
            .iter()
            .find(|(l, _)| *l == k || l.strip_suffix('.') == Some(k))
            .map(|&(_, f)| f)
    };
    let whole = known(&key)
        .or_else(|| known(key.trim_end_matches('.')))
        .or_else(|| programme_label(&key).map(Field::Count))
        .or_else(|| funding_label(&key).then_some(Field::Funding));
    // `Registration no. / VAT`: the alternative that names a field read.
    whole.or_else(|| {
        let parts = key.split('/').map(str::trim).filter_map(known);
        parts.reduce(|a, b| if a == Field::Other { b } else { a })
    })
}

/// The label lowercased, without a trailing colon, a parenthesis (`VAT (NIP)`) or odd spacing.
fn label_key(label: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let key = heading_key(out.trim().trim_end_matches(':').trim());
    key.replace(['’', '`'], "'")
}

/// One cell of a line: a labelled field (with its value when the cell holds it) or plain text.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Field(Field, Option<String>),
    Plain(String),
}

/// A line of the page with its cells.
struct Row {
    line: Line,
    text: String,
    /// The line cut where the scrape separated fields, before reading.
    parts: Vec<String>,
    cells: Vec<Cell>,
}

impl Row {
    fn has_field(&self) -> bool {
        self.cells.iter().any(|c| matches!(c, Cell::Field(..)))
    }

    fn plain(&self) -> bool {
        !self.text.is_empty() && !self.has_field() && !is_chrome(&self.text)
    }
}

/// Cuts a line where a scrape put a tab, a pipe, a middle dot or a wide gap between fields.
fn split_cells(text: &str) -> Vec<String> {
    let text = text.replace(" · ", " | ").replace(" • ", " | ");
    let mut cells = Vec::new();
    for part in text.split(" | ") {
        let mut rest = part;
        while let Some(gap) = rest.find("   ") {
            cells.push(rest[..gap].to_string());
            rest = rest[gap..].trim_start();
        }
        cells.push(rest.to_string());
    }
    cells
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Reads one cell: `Label: value`, the label alone, `Label value` with a value of the label's
/// shape, or labels glued to their values; a cell that is none of these is plain.
fn read_cell(cell: &str) -> Vec<Cell> {
    if let Some((head, value)) = cell.split_once(':') {
        let value = value.trim();
        if let Some(field) = field_of(head) {
            let value = (!value.is_empty()).then(|| value.to_string());
            return vec![Cell::Field(field, value)];
        }
        // `Proyectos europeos: H2020 (4)`: a heading before the field.
        if head.len() <= 48 && !value.is_empty() && !value.starts_with("//") {
            let inner = read_cell(value);
            if inner.iter().any(|c| matches!(c, Cell::Field(..))) {
                return inner;
            }
        }
    }
    // `H2020 (4)` is a label with its value, not a label with a note.
    if let Some(field) = field_of(cell).filter(|_| !cell.contains('(')) {
        return vec![Cell::Field(field, None)];
    }
    if let Some(found) = spaced(cell) {
        return vec![found];
    }
    glued(cell).unwrap_or_else(|| vec![Cell::Plain(cell.to_string())])
}

/// `PIC 947 335 120`, `H2020 (4)`, `financiación UE 1,6 M€`: a label of up to five words and a
/// value of the shape the label wants, since only the shape tells label from prose here.
fn spaced(cell: &str) -> Option<Cell> {
    let words: Vec<(usize, &str)> = cell
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - cell.as_ptr() as usize, w))
        .collect();
    (1..words.len().min(6)).rev().find_map(|n| {
        let (at, _) = words[n];
        let field = field_of(&cell[..at])?;
        let value = cell[at..].trim();
        fits(field, value).then(|| Cell::Field(field, Some(value.to_string())))
    })
}

/// Whether a value has the shape of a field's, when no colon marks it as the value.
fn fits(field: Field, value: &str) -> bool {
    match field {
        Field::Pic => pic(value).is_some(),
        Field::Vat => vat(value).is_some(),
        Field::Website => website(value).is_some(),
        Field::Country => country(value).is_some(),
        Field::Count(_) => count(value).is_some(),
        Field::Funding | Field::Total => money(value).is_some(),
        Field::Other => value.starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    }
}

/// `CountrySwedenCityUmeå`: known labels starting at a capital right after a lowercase letter or
/// a digit, each followed by its value's capital, digit or web address.
fn glued(cell: &str) -> Option<Vec<Cell>> {
    let mut starts: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < cell.len() {
        let boundary = i == 0
            || cell[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ')');
        let label = GLUED.iter().find(|l| {
            boundary
                && cell[i..].starts_with(**l)
                && cell[i + l.len()..].chars().next().is_some_and(|c| {
                    let rest = &cell[i + l.len()..];
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || rest.starts_with("http")
                        || rest.starts_with("www")
                        || (i == 0 && l.len() >= 6 && c.is_lowercase() && !cell.contains(' '))
                })
        });
        match label {
            Some(l) => {
                starts.push((i, l));
                i += l.len();
            }
            None => i += cell[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    let first = starts.first()?;
    if starts.len() < 2 && first.0 != 0 {
        return None;
    }
    let mut cells = Vec::new();
    for (k, &(at, label)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(cell.len(), |n| n.0);
        let value = cell[at + label.len()..end].trim();
        let field = field_of(label)?;
        if starts.len() == 1 && !fits(field, value) && !matches!(field, Field::Sector) {
            return None;
        }
        cells.push(Cell::Field(field, Some(value.to_string())));
    }
    Some(cells)
}

/// The nine-digit PIC, however spaced or dotted.
fn pic(value: &str) -> Option<String> {
    let digits: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'))
        .filter(char::is_ascii_digit)
        .collect();
    (digits.len() == 9).then_some(digits)
}

/// A VAT number without its spaces, dots and hyphens: eight to sixteen characters, at least seven
/// of them digits (a Spanish NIF has seven between two letters).
fn vat(value: &str) -> Option<String> {
    let compact: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-'))
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let digits = compact.chars().filter(char::is_ascii_digit).count();
    (digits >= 7 && (8..=16).contains(&compact.len())).then_some(compact)
}

/// The first web address in a value: `https://…`, `www.…` or a bare `name.tld/path`.
fn website(value: &str) -> Option<String> {
    value.split_whitespace().find_map(|token| {
        let token = token.trim_end_matches([',', ';', ')']);
        let lower = token.to_ascii_lowercase();
        let host = lower
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let host = host.split('/').next().unwrap_or_default();
        let tld = host.rsplit('.').next().unwrap_or_default();
        let shaped = host.contains('.')
            && !lower.contains('@')
            && (2..=6).contains(&tld.len())
            && tld.chars().all(|c| c.is_ascii_lowercase())
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
        shaped.then(|| token.to_string())
    })
}

/// Country names as pages in the five languages write them; English names come from the model.
const COUNTRY_NAMES: [(&str, &str); 44] = [
    ("sverige", "SE"),
    ("schweden", "SE"),
    ("suède", "SE"),
    ("suecia", "SE"),
    ("deutschland", "DE"),
    ("tyskland", "DE"),
    ("allemagne", "DE"),
    ("alemania", "DE"),
    ("frankreich", "FR"),
    ("frankrike", "FR"),
    ("francia", "FR"),
    ("españa", "ES"),
    ("spanien", "ES"),
    ("espagne", "ES"),
    ("suomi", "FI"),
    ("finnland", "FI"),
    ("finlande", "FI"),
    ("finlandia", "FI"),
    ("norge", "NO"),
    ("norwegen", "NO"),
    ("danmark", "DK"),
    ("dänemark", "DK"),
    ("danemark", "DK"),
    ("nederland", "NL"),
    ("niederlande", "NL"),
    ("nederländerna", "NL"),
    ("pays-bas", "NL"),
    ("países bajos", "NL"),
    ("polska", "PL"),
    ("polen", "PL"),
    ("pologne", "PL"),
    ("italia", "IT"),
    ("italien", "IT"),
    ("italie", "IT"),
    ("österreich", "AT"),
    ("österrike", "AT"),
    ("belgique", "BE"),
    ("belgië", "BE"),
    ("belgien", "BE"),
    ("schweiz", "CH"),
    ("suisse", "CH"),
    ("eesti", "EE"),
    ("irland", "IE"),
    ("éire", "IE"),
];

/// A country name in any of the languages, or a code CORDIS uses (`EE`, `EL`, `UK`).
fn country(value: &str) -> Option<CountryCode> {
    let value = value.trim().trim_end_matches('.');
    let is_code = value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase());
    if is_code && country_name(value).is_some() {
        return Some(CountryCode::new(value));
    }
    let lower = value.to_lowercase();
    country_code(value).or_else(|| {
        COUNTRY_NAMES
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|&(_, code)| CountryCode::new(code))
    })
}

/// A place without its postcode (`39100 Bolzano` → `Bolzano`, `Galway H91 X2K4` → `Galway`).
fn place(part: &str) -> Option<String> {
    let words: Vec<&str> = part
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let place = words.join(" ");
    (!place.is_empty() && place.starts_with(char::is_uppercase)).then_some(place)
}

/// City and country of an address (`Via dei Vigneti 14, 39100 Bolzano, Italy`) or of a location
/// (`Tartu, Tartumaa`, `Halle (Saale), Deutschland`).
fn locate(value: &str, field: Field) -> (Option<String>, Option<CountryCode>) {
    let parts: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return (None, None);
    };
    let found = country(last);
    let places = &parts[..parts.len() - usize::from(found.is_some())];
    let city = match field {
        Field::Location => places.first(),
        _ => places.last(),
    };
    (city.and_then(|c| place(c)), found)
}

/// A project count at the start of a value (`1.234`, `1 046`, `(4)`, `12 projects (€3.2 M)`).
fn count(value: &str) -> Option<u32> {
    let value = value.trim().trim_start_matches('(');
    let mut digits = String::new();
    let mut rest = value;
    loop {
        let run = rest.bytes().take_while(u8::is_ascii_digit).count();
        if run == 0 || (!digits.is_empty() && run != 3) {
            break;
        }
        digits.push_str(&rest[..run]);
        rest = &rest[run..];
        // A thousands separator only when three digits follow it.
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | ',' | ' ' | '\u{a0}'));
        match sep {
            Some(c) if next_group(&rest[c.len_utf8()..]) => rest = &rest[c.len_utf8()..],
            _ => break,
        }
    }
    let next = rest.chars().next();
    let whole = next.is_none_or(|c| !c.is_ascii_digit() && c != '.' && c != ',');
    let not_money = !rest.trim_start().starts_with(['€', '%']);
    digits.parse().ok().filter(|_| whole && not_money)
}

fn next_group(rest: &str) -> bool {
    let run = rest.bytes().take_while(u8::is_ascii_digit).count();
    run == 3
}

/// An amount in euros anywhere in a value: `€3.2 M`, `EUR 2.45 million`, `2,9 M€`, `7,4 Mio. €`.
fn money(value: &str) -> Option<f64> {
    if let Some(v) = parse_money(value) {
        return Some(v);
    }
    if let Some(v) = find_money(value) {
        return Some(v);
    }
    // The currency after the amount: try the words before each `€`/`EUR`.
    let words: Vec<&str> = value.split_whitespace().collect();
    (0..words.len()).find_map(|end| {
        let w = words[end];
        let currency = w.ends_with('€') || w == "EUR";
        let take = |from: usize| words[from..=end].join(" ");
        currency
            .then(|| (end.saturating_sub(2)..=end).find_map(|from| parse_money(&take(from))))
            .flatten()
    })
}

/// An amount that names its currency: a bare figure beside a count is no amount.
fn euros(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    (text.contains('€') || lower.contains("eur"))
        .then(|| money(text))
        .flatten()
}

/// The coordinated count a scrape writes beside the projects (`coordinator in 211`).
fn coordinated(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let at = lower.find("coordinat")?;
    let after = &lower[at..];
    let start = after.find(|c: char| c.is_ascii_digit())?;
    let between = &after[..start];
    (between.split_whitespace().count() <= 3)
        .then(|| count(&after[start..]))
        .flatten()
}

/// Items of a keyword value: `#a #b`, `a; b`, `a, b, and c`, one per bullet line.
fn keyword_items(value: &str) -> Vec<String> {
    let value = value.trim();
    let items: Vec<&str> = if value.contains('#') {
        value.split('#').collect()
    } else if value.contains(';') {
        value.split(';').collect()
    } else if value.contains(',') {
        value.split(',').collect()
    } else {
        vec![value]
    };
    items
        .into_iter()
        .map(|i| {
            let i = i.trim().trim_end_matches('.').trim();
            let i = ["and ", "und ", "et ", "y ", "och ", "e "]
                .iter()
                .find_map(|c| i.strip_prefix(c))
                .unwrap_or(i);
            i.trim().to_string()
        })
        .filter(|i| !i.is_empty())
        .collect()
}

fn unbullet(text: &str) -> &str {
    text.trim_start_matches(['•', '-', '*', '–', '·', '▪', '◦'])
        .trim()
}

/// Breadcrumbs (`Home › Organisations › Company profile`): no title of the organisation.
fn breadcrumb(text: &str) -> bool {
    [" › ", " > ", " / ", " » "]
        .iter()
        .any(|s| text.matches(s).count() >= 2)
        || text.contains(" › ")
        || text.contains(" > ")
}

/// Words of a page's own title (`Company profile`, `Institutsprofil`, `Member directory`).
fn page_title(text: &str) -> bool {
    const WORDS: [&str; 14] = [
        "details",
        "directory",
        "annuaire",
        "fiche",
        "members",
        "medlemmar",
        "mitglieder",
        "miembros",
        "membres",
        "partnering",
        "search",
        "startseite",
        "verzeichnis",
        "encyclopedia",
    ];
    text.to_lowercase()
        .split_whitespace()
        .any(|w| w.ends_with("profile") || w.ends_with("profil") || WORDS.contains(&w))
}

/// A title without the page's section after a dash (`Hospital – Research & Innovation Office`).
fn title_of(text: &str) -> String {
    const SECTIONS: [&str; 8] = [
        "office",
        "about",
        "overview",
        "contact",
        "home",
        "profile",
        "directory",
        "page",
    ];
    for dash in [" – ", " — ", " - "] {
        if let Some((name, section)) = text.rsplit_once(dash) {
            let section = section.to_lowercase();
            if SECTIONS
                .iter()
                .any(|w| section.split_whitespace().any(|s| s == *w))
            {
                return name.trim().to_string();
            }
        }
    }
    text.to_string()
}

/// Words that make an unlabelled badge an organisation type (`Non-governmental organisation`).
fn type_badge(text: &str) -> bool {
    const WORDS: [&str; 22] = [
        "organisation",
        "organization",
        "university",
        "universidad",
        "université",
        "universität",
        "establishment",
        "institute",
        "institution",
        "company",
        "enterprise",
        "sme",
        "ngo",
        "hospital",
        "authority",
        "agency",
        "association",
        "foundation",
        "cluster",
        "body",
        "college",
        "school",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split([' ', '-', '/']).collect();
    words.len() <= 6 && words.iter().any(|w| WORDS.contains(w))
}

/// What the labelled fields of a page say.
#[derive(Default)]
pub(super) struct Fields {
    pub(super) name: Option<Located<String>>,
    pub(super) org_type: Option<Located<String>>,
    pub(super) sector: Option<Located<String>>,
    pub(super) country: Option<Located<CountryCode>>,
    pub(super) city: Option<Located<String>>,
    pub(super) pic: Option<Located<String>>,
    pub(super) vat: Option<Located<String>>,
    pub(super) website: Option<Located<String>>,
    pub(super) keywords: Vec<Located<String>>,
    pub(super) description: Option<Located<String>>,
    pub(super) counts: Vec<ProjectCount>,
    pub(super) coordinated: Option<Located<u32>>,
    /// A funding figure labelled as such (or a table's total), which wins over the sum of the
    /// amounts beside each programme's count.
    pub(super) funding: Option<Located<f64>>,
    pub(super) programme_funding: Vec<Located<f64>>,
    /// Unlabelled badges: used where no label gave the field.
    badge_type: Option<Located<String>>,
    badge_country: Option<Located<CountryCode>>,
    badge_city: Option<Located<String>>,
    badge_website: Option<Located<String>>,
}

fn set<T>(slot: &mut Option<Located<T>>, value: Option<T>, line: Line) {
    if slot.is_none() {
        *slot = value.map(|v| Located::new(v, line));
    }
}

impl Fields {
    fn record(&mut self, field: Field, value: &str, trail: &[&str], line: Line) {
        let text = Some(value.to_string()).filter(|v| !v.is_empty());
        match field {
            Field::Name => set(&mut self.name, text, line),
            Field::Type => set(&mut self.org_type, text, line),
            Field::Sector => set(&mut self.sector, text, line),
            Field::Country => set(&mut self.country, country(value), line),
            Field::City => set(
                &mut self.city,
                place(value.split(',').next().unwrap_or("")),
                line,
            ),
            Field::Location | Field::Address => {
                let (city, found) = locate(value, field);
                set(&mut self.city, city, line);
                set(&mut self.country, found, line);
            }
            Field::Pic => set(&mut self.pic, pic(value), line),
            Field::Vat => set(&mut self.vat, vat(value), line),
            Field::Website => set(&mut self.website, website(value), line),
            Field::Keywords => {
                let items = keyword_items(unbullet(value));
                let known = |k: &String| self.keywords.iter().any(|x| &x.value == k);
                let fresh: Vec<String> = items.into_iter().filter(|k| !known(k)).collect();
                self.keywords
                    .extend(fresh.into_iter().map(|k| Located::new(k, line)));
            }
            Field::Description => set(&mut self.description, text, line),
            Field::Count(programme) => {
                let Some(n) = count(value) else { return };
                if !self.counts.iter().any(|c| c.programme == programme) {
                    let count = Located::new(n, line);
                    self.counts.push(ProjectCount { programme, count });
                }
                let beside = std::iter::once(value).chain(trail.iter().copied());
                for text in beside {
                    set(&mut self.coordinated, coordinated(text), line);
                    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                    if let Some(m) = euros(rest) {
                        self.programme_funding.push(Located::new(m, line));
                        break;
                    }
                }
            }
            Field::Funding => set(&mut self.funding, money(value), line),
            Field::Total => {
                let amount = std::iter::once(value).chain(trail.iter().copied());
                set(&mut self.funding, amount.filter_map(euros).next(), line);
            }
            Field::Other => {}
        }
    }

    /// Unlabelled cells of a line of badges: a country, the city beside it, an organisation type.
    fn badges(&mut self, cells: &[&str], line: Line) {
        // `HR | EN` is a language switcher, not a country.
        let code = |c: &&str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
        if cells.len() > 1 && cells.iter().all(code) {
            return;
        }
        for (k, cell) in cells.iter().enumerate() {
            if let Some(code) = country(cell) {
                set(&mut self.badge_country, Some(code), line);
                let beside = cells.get(k + 1).filter(|c| {
                    c.split_whitespace().count() <= 3
                        && c.chars().any(char::is_lowercase)
                        && c.starts_with(char::is_uppercase)
                        && !c.chars().any(|c| c.is_ascii_digit())
                        && country(c).is_none()
                });
                set(&mut self.badge_city, beside.map(|c| c.to_string()), line);
            } else if cell.contains(',') {
                let (city, found) = locate(cell, Field::Location);
                if found.is_some() {
                    set(&mut self.badge_city, city, line);
                    set(&mut self.badge_country, found, line);
                }
            } else if type_badge(cell) {
                set(&mut self.badge_type, Some(cell.to_string()), line);
            }
        }
    }

    fn located_fields(&self) -> usize {
        let single = [
            self.org_type.is_some() || self.badge_type.is_some(),
            self.sector.is_some(),
            self.country.is_some() || self.badge_country.is_some(),
            self.city.is_some() || self.badge_city.is_some(),
            self.pic.is_some(),
            self.vat.is_some(),
            self.website.is_some() || self.badge_website.is_some(),
            !self.keywords.is_empty(),
            self.description.is_some(),
            !self.counts.is_empty(),
        ];
        single.into_iter().filter(|s| *s).count()
    }

    fn locator(&self) -> bool {
        self.country.is_some()
            || self.badge_country.is_some()
            || self.city.is_some()
            || self.pic.is_some()
            || self.vat.is_some()
    }
}

/// The rows of a page: each line cleaned and cut into read cells.
fn rows(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| {
            let text = clean(&raw.replace('\t', " | "));
            let parts = match is_chrome(&text) {
                true => Vec::new(),
                false => split_cells(&text),
            };
            let cells = parts.iter().flat_map(|c| read_cell(c)).collect();
            Row {
                line: Line(i + 1),
                text,
                parts,
                cells,
            }
        })
        .collect()
}

/// The lines under a label that stands alone: up to a blank line (after the first value line) or
/// the next field; chrome is skipped.
fn under(rows: &[Row], from: usize) -> Vec<&Row> {
    let mut out = Vec::new();
    for row in &rows[from..] {
        if row.text.is_empty() {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if row.has_field() {
            break;
        }
        if row.plain() {
            out.push(row);
        }
    }
    out
}

/// Reads every labelled field of a page, whatever its layout.
pub(super) fn read(text: &str) -> Fields {
    let rows = rows(text);
    let mut fields = Fields::default();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        i += 1;
        if !row.has_field() {
            let cells: Vec<&str> = row
                .cells
                .iter()
                .filter_map(|c| match c {
                    Cell::Plain(p) => Some(p.as_str()),
                    Cell::Field(..) => None,
                })
                .collect();
            if cells.len() > 1 {
                fields.badges(&cells, row.line);
            }
            // A web address alone on its line, as brochures print it.
            if cells.len() == 1 && website(&row.text).as_deref() == Some(row.text.as_str()) {
                set(&mut fields.badge_website, Some(row.text.clone()), row.line);
            }
            continue;
        }
        // A table's header row over its value row.
        let header = row.cells.len() > 2
            && row.parts.len() == row.cells.len()
            && row.cells.iter().all(|c| matches!(c, Cell::Field(_, None)));
        let next = rows[i..]
            .iter()
            .position(|r| !r.text.is_empty())
            .map(|p| p + i);
        // A value may read as a label too (`SME` under `Type`), but a row that starts with a
        // bare label is a labelled row of its own (`Horizon Europe | 2 | €0.6 M`).
        let labels_only = |r: &Row| matches!(r.cells.first(), Some(Cell::Field(_, None)));
        if header
            && let Some(n) = next.filter(|&n| {
                let values = &rows[n];
                values.parts.len() == row.parts.len() && !labels_only(values)
            })
        {
            for (label, value) in row.cells.iter().zip(&rows[n].parts) {
                if let Cell::Field(field, None) = label {
                    fields.record(*field, value, &[], rows[n].line);
                }
            }
            i = n + 1;
            continue;
        }
        let mut k = 0;
        while k < row.cells.len() {
            let Cell::Field(field, value) = &row.cells[k] else {
                if row.cells.len() > 1
                    && let Cell::Plain(p) = &row.cells[k]
                {
                    fields.badges(&[p.as_str()], row.line);
                }
                k += 1;
                continue;
            };
            k += 1;
            // Plain cells after a field's cell: its value, then what stands beside it.
            let plain: Vec<&str> = row.cells[k..]
                .iter()
                .map_while(|c| match c {
                    Cell::Plain(p) => Some(p.as_str()),
                    Cell::Field(..) => None,
                })
                .collect();
            let takes_trail = matches!(field, Field::Count(_) | Field::Total);
            match value {
                Some(v) if takes_trail => {
                    fields.record(*field, v, &plain, row.line);
                    k += plain.len();
                }
                Some(v) => fields.record(*field, v, &[], row.line),
                None if !plain.is_empty() => {
                    fields.record(*field, plain[0], &plain[1..], row.line);
                    k += plain.len();
                }
                None if row.cells.len() == 1 => {
                    let below = under(&rows, i);
                    read_below(&mut fields, *field, &below);
                }
                None => {}
            }
        }
    }
    fields.description = fields.description.take().or_else(|| first_prose(&rows));
    fields
}

/// A label alone on its line takes the lines below it: every line of a list, the paragraphs of a
/// description, else the first line.
fn read_below(fields: &mut Fields, field: Field, below: &[&Row]) {
    match field {
        Field::Keywords => {
            for row in below {
                fields.record(field, &row.text, &[], row.line);
            }
        }
        // Running text only: under a menu's `About us` stand the menu's other entries.
        Field::Description => {
            let text: Vec<&str> = below.iter().map(|r| r.text.as_str()).collect();
            let text = text.join(" ");
            if let Some(first) = below.first().filter(|_| looks_like_prose(&text)) {
                fields.record(field, &text, &[], first.line);
            }
        }
        Field::Address => {
            let with_parts = below.iter().find(|r| r.text.contains(','));
            if let Some(row) = with_parts {
                fields.record(field, &row.text, &[], row.line);
            }
        }
        _ => {
            if let Some(row) = below.first() {
                fields.record(field, &row.text, &[], row.line);
            }
        }
    }
}

/// Without a labelled description, the page's first paragraph of running text.
fn first_prose(rows: &[Row]) -> Option<Located<String>> {
    let mut para: Vec<&Row> = Vec::new();
    for row in rows {
        if row.plain() && row.cells.len() == 1 {
            // A short line right above a paragraph is its heading (or the name repeated).
            let heading = para.len() == 1 && para[0].text.split_whitespace().count() <= 6;
            if heading && row.text.split_whitespace().count() > 6 {
                para.clear();
            }
            para.push(row);
            continue;
        }
        let text: Vec<&str> = para.iter().map(|r| r.text.as_str()).collect();
        let text = text.join(" ");
        if looks_like_prose(&text) && text.split_whitespace().count() >= 12 {
            return Some(Located::new(text, para[0].line));
        }
        para.clear();
    }
    None
}

/// The page's title: the short lines above its first field, after the last breadcrumb and
/// without the page's own title; a name in capitals (a registry's legal name) is preferred.
fn title(text: &str) -> Option<Located<String>> {
    let rows = rows(text);
    let first_field = rows.iter().position(Row::has_field).unwrap_or(rows.len());
    let mut candidates: Vec<&Row> = Vec::new();
    for row in &rows[..first_field] {
        if row.text.is_empty() || is_chrome(&row.text) {
            continue;
        }
        if breadcrumb(&row.text) {
            candidates.clear();
            continue;
        }
        let short = row.text.split_whitespace().count() <= 12;
        if row.cells.len() == 1 && short && !looks_like_prose(&row.text) && !page_title(&row.text) {
            candidates.push(row);
        }
    }
    let capitals = |r: &&&Row| {
        r.text.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !r.text.chars().any(char::is_lowercase)
    };
    let row = candidates.iter().find(capitals).or(candidates.first())?;
    Some(Located::new(title_of(&row.text), row.line))
}

/// A page of labelled fields read as a profile: it needs a name and three kinds of field, one of
/// which places the organisation (country, city, PIC or VAT number), so that a strategy with a
/// contact box is not taken for one.
pub(super) fn parse(text: &str) -> Option<Profile> {
    let mut f = read(text);
    let name = f.name.take().or_else(|| title(text))?;
    if f.located_fields() < 3 || !f.locator() {
        return None;
    }
    let funding = f.funding.take().or_else(|| {
        let line = f.programme_funding.first()?.line;
        let sum = f.programme_funding.iter().map(|m| m.value).sum();
        Some(Located::new(sum, line))
    });
    let english_name = f
        .description
        .as_ref()
        .and_then(|d| sentence_subject(&d.value).map(|s| Located::new(s, d.line)));
    let headline = f.counts.first();
    Some(Profile {
        legal_name: name,
        english_name,
        summary: None,
        org_type: f.org_type.or(f.badge_type),
        sector: f.sector,
        country: f.country.or(f.badge_country),
        data_quality: None,
        projects: headline.map(|c| c.count.clone()),
        projects_programme: headline.map_or(CountedProgramme::H2020, |c| c.programme),
        project_counts: f.counts,
        coordinated: f.coordinated,
        ec_funding_eur: funding,
        unique_partners: None,
        countries_collaborated: None,
        core_work: f.description,
        expertise: Vec::new(),
        early_focus: None,
        recent_focus: None,
        trajectory: None,
        outlook: None,
        collaboration_role: None,
        reach: None,
        collaboration_text: None,
        why_partner: None,
        notable_projects: Vec::new(),
        capabilities: Vec::new(),
        analysis_note: None,
        city: f.city.or(f.badge_city),
        pic: f.pic,
        vat_number: f.vat,
        website: f.website.or(f.badge_website),
        keywords: f.keywords,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_read_however_spaced_and_only_when_whole() {
        assert_eq!(pic("947 201 583").as_deref(), Some("947201583"));
        assert_eq!(pic("947.201.583 (validated)").as_deref(), Some("947201583"));
        assert_eq!(pic("94720158"), None);
        assert_eq!(vat("SE 5568 1243 0901").as_deref(), Some("SE556812430901"));
        // A Spanish NIF: seven digits between two letters.
        assert_eq!(vat("B-1234567-C").as_deref(), Some("B1234567C"));
        assert_eq!(vat("n/a"), None);
    }

    #[test]
    fn counts_keep_their_thousands_and_refuse_amounts() {
        assert_eq!(count("1.234"), Some(1234));
        assert_eq!(count("1 046 projects"), Some(1046));
        assert_eq!(count("(4)"), Some(4));
        assert_eq!(count("12 projects (€3.2 M)"), Some(12));
        assert_eq!(count("3.2 M€"), None);
        assert_eq!(count("45 %"), None);
    }

    #[test]
    fn money_is_read_with_its_scale_in_any_of_the_languages() {
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 0.5);
        assert!(close(money("€3.2 M"), 3_200_000.0), "{:?}", money("€3.2 M"));
        assert!(close(money("2,9 M€"), 2_900_000.0), "{:?}", money("2,9 M€"));
        assert!(
            close(money("7,4 Mio. €"), 7_400_000.0),
            "{:?}",
            money("7,4 Mio. €")
        );
        // Without a currency a figure beside a count is no amount.
        assert_eq!(euros("12 projects"), None);
    }

    #[test]
    fn glued_fields_split_at_their_labels() {
        let cells = glued("CountrySwedenCityUmeå").expect("two glued fields");
        assert_eq!(
            cells,
            [
                Cell::Field(Field::Country, Some("Sweden".to_owned())),
                Cell::Field(Field::City, Some("Umeå".to_owned())),
            ]
        );
        // Prose that happens to contain a label is not a glued field.
        assert_eq!(glued("The City of Umeå hosts the company"), None);
    }

    #[test]
    fn keywords_come_as_hashtags_lists_or_a_last_and() {
        assert_eq!(
            keyword_items("#forest biorefinery #aquaculture feed"),
            ["forest biorefinery", "aquaculture feed"]
        );
        assert_eq!(
            keyword_items("fermentation, single-cell protein, and feed trials."),
            ["fermentation", "single-cell protein", "feed trials"]
        );
    }

    #[test]
    fn a_page_is_a_profile_only_with_a_name_and_where_or_who_it_is() {
        let page = "Acme Sensors Oy\nCountry: Finland\nCity: Oulu\nType: SME\nWebsite: https://acme.example.fi\n";
        let profile = parse(page).expect("a directory page");
        assert_eq!(profile.legal_name.value, "Acme Sensors Oy");
        assert_eq!(profile.city.map(|c| c.value).as_deref(), Some("Oulu"));
        // Type and website say neither where the organisation is nor who it is.
        assert!(parse("Acme Sensors Oy\nType: SME\nWebsite: https://acme.example.fi\n").is_none());
    }
}
