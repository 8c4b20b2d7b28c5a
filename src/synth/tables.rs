//! The vocabulary and the funding schemes, kept in `tables/` as text and parsed on first use.

use std::sync::LazyLock;

use super::shape::{Family, Money, Scheme, Size};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    En,
    De,
    Fr,
    It,
    Es,
    Pt,
    Nl,
    Nordic,
    Pl,
    El,
    /// Bulgarian and Romanian legal names, which often quote a proper name: exercises `""`.
    Quoted,
}

impl Lang {
    pub(super) fn named(name: &str) -> Self {
        match name {
            "En" => Lang::En,
            "De" => Lang::De,
            "Fr" => Lang::Fr,
            "It" => Lang::It,
            "Es" => Lang::Es,
            "Pt" => Lang::Pt,
            "Nl" => Lang::Nl,
            "Nordic" => Lang::Nordic,
            "Pl" => Lang::Pl,
            "El" => Lang::El,
            "Quoted" => Lang::Quoted,
            _ => panic!("unknown language {name:?} in a table"),
        }
    }
}

pub(super) struct City {
    pub(super) name: &'static str,
    pub(super) nuts: &'static str,
    pub(super) lat: f64,
    pub(super) lon: f64,
}

pub(super) struct Country {
    pub(super) code: &'static str,
    /// Share of new organisations, per 10,000.
    pub(super) weight: u32,
    /// VAT prefix; empty where CORDIS has no VAT numbers.
    pub(super) vat: &'static str,
    /// Member or associated country: may coordinate and is funded.
    pub(super) eligible: bool,
    pub(super) lang: Lang,
    /// Post code pattern: `9` a digit, `1` a digit other than 0 (a country whose codes never start
    /// with 0), `A` a letter, anything else literal.
    pub(super) post: &'static str,
    pub(super) tld: &'static str,
    pub(super) forms: Vec<&'static str>,
    pub(super) cities: Vec<City>,
}

/// Weighted like H2020 participations: the big five first, then the tail incl. third countries.
pub(super) static COUNTRIES: LazyLock<Vec<Country>> =
    LazyLock::new(|| countries(include_str!("tables/countries.tsv")));

// The vocabulary lives in `tables/` as text, one entry a line (tab-separated fields), and is
// parsed on first use; a malformed table is a bug caught by every test.

/// Every line of a word list.
pub(super) fn lines(text: &'static str) -> Vec<&'static str> {
    text.lines().collect()
}

/// `countries.tsv`: a country line (code, weight, VAT prefix, eligible yes/no, language, post
/// code pattern, top-level domain, legal forms separated by `|`), then its cities, each on a
/// line starting with a tab (name, NUTS code, latitude, longitude).
pub(super) fn countries(text: &'static str) -> Vec<Country> {
    let mut countries: Vec<Country> = Vec::new();
    for line in text.lines() {
        if let Some(city) = line.strip_prefix('\t') {
            let [name, nuts, lat, lon] = fields(city);
            let country = countries.last_mut().expect("a country before its cities");
            country.cities.push(City {
                name,
                nuts,
                lat: lat.parse().expect("latitude"),
                lon: lon.parse().expect("longitude"),
            });
            continue;
        }
        let [code, weight, vat, eligible, lang, post, tld, forms] = fields(line);
        countries.push(Country {
            code,
            weight: weight.parse().expect("weight"),
            vat,
            eligible: eligible == "yes",
            lang: Lang::named(lang),
            post,
            tld,
            forms: forms.split('|').collect(),
            cities: Vec::new(),
        });
    }
    countries
}

/// `name_templates.tsv`: language, kind (HES, REC, PRC, PUB, OTH) and template per line.
pub(super) fn name_templates(text: &'static str) -> Vec<[Vec<&'static str>; 5]> {
    let mut templates: Vec<[Vec<&'static str>; 5]> = Vec::new();
    for line in text.lines() {
        let [lang, kind, template] = fields(line);
        let lang = Lang::named(lang) as usize;
        if templates.len() <= lang {
            templates.resize_with(lang + 1, Default::default);
        }
        let kind = ["HES", "REC", "PRC", "PUB", "OTH"]
            .iter()
            .position(|k| *k == kind)
            .expect("a known kind");
        templates[lang][kind].push(template);
    }
    templates
}

/// `subjects.tsv`: domain index and subject per line.
pub(super) fn subjects(text: &'static str) -> Vec<Vec<&'static str>> {
    let mut subjects: Vec<Vec<&'static str>> = Vec::new();
    for line in text.lines() {
        let [domain, subject] = fields(line);
        let domain: usize = domain.parse().expect("domain index");
        if subjects.len() <= domain {
            subjects.resize_with(domain + 1, Vec::new);
        }
        subjects[domain].push(subject);
    }
    subjects
}

fn fields<const N: usize>(line: &'static str) -> [&'static str; N] {
    let parts: Vec<&'static str> = line.split('\t').collect();
    parts
        .try_into()
        .unwrap_or_else(|_| panic!("{N} tab-separated fields in {line:?}"))
}

/// Per kind (HES, REC, PRC, PUB, OTH): `{W}` a made-up word, `{F}` a field, `{S}` a sector, `{L}`
/// the country's legal form.
pub(super) static NAME_TEMPLATES: LazyLock<Vec<[Vec<&str>; 5]>> =
    LazyLock::new(|| name_templates(include_str!("tables/name_templates.tsv")));

pub(super) static FIELDS_OF_RESEARCH: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/fields_of_research.txt")));

pub(super) static SECTORS: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/sectors.txt")));

pub(super) const ONSETS: &[&str] = &[
    "B", "BR", "D", "F", "G", "GR", "K", "KR", "L", "M", "N", "P", "R", "S", "ST", "T", "TR", "V",
    "Z", "H",
];
pub(super) const VOWELS: &[&str] = &["A", "E", "I", "O", "U", "AI", "EA"];
pub(super) const CODAS: &[&str] = &["", "", "", "N", "R", "S", "L", "M", "ND", "RT", "ST"];

/// Fields of science; a project takes 1–3, mostly from its domain. The `,` inside some paths
/// exercises the quoting.
pub(super) static EUROSCIVOC: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/euroscivoc.txt")));

/// A thematic area: gives every project its words and fields of science, so that texts and
/// classifications agree, and collaborative projects the programme's legal basis and call for
/// it ([`super::programme::DomainCodes`]).
pub(super) struct Domain {
    /// What `schemes.tsv` calls it.
    pub(super) name: &'static str,
    pub(super) weight: u32,
    /// Indices into [`EUROSCIVOC`].
    pub(super) fields: Vec<usize>,
}

/// Per domain (in [`DOMAINS`] order), what its projects are about.
pub(super) static SUBJECTS: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| subjects(include_str!("tables/subjects.tsv")));

/// In the order of `subjects.tsv` and of the programmes' domain codes.
pub(super) static DOMAINS: LazyLock<Vec<Domain>> =
    LazyLock::new(|| domains(include_str!("tables/domains.tsv")));

/// The codes a thematic domain (index into `DOMAINS`) takes in one programme.
pub(super) struct DomainCodes {
    pub legal: &'static str,
    pub call: &'static str,
    pub topic: &'static str,
}

pub(super) static FP7_DOMAINS: LazyLock<Vec<DomainCodes>> = LazyLock::new(|| domain_codes("FP7"));
pub(super) static H2020_DOMAINS: LazyLock<Vec<DomainCodes>> =
    LazyLock::new(|| domain_codes("H2020"));
pub(super) static HORIZON_DOMAINS: LazyLock<Vec<DomainCodes>> =
    LazyLock::new(|| domain_codes("HORIZON"));

/// `domain_codes.tsv`: programme, domain, legal basis, call prefix and topic per line, each
/// programme's domains in `DOMAINS` order.
fn domain_codes(programme: &str) -> Vec<DomainCodes> {
    let codes: Vec<DomainCodes> = include_str!("tables/domain_codes.tsv")
        .lines()
        .map(fields::<5>)
        .filter(|[framework, ..]| *framework == programme)
        .zip(DOMAINS.iter())
        .map(|([_, domain, legal, call, topic], expected)| {
            assert_eq!(
                domain, expected.name,
                "domain_codes.tsv follows domains.tsv"
            );
            DomainCodes { legal, call, topic }
        })
        .collect();
    assert_eq!(codes.len(), DOMAINS.len(), "{programme} codes every domain");
    codes
}

/// `domains.tsv`: name, weight and fields of science (indices, space-separated) per line.
fn domains(text: &'static str) -> Vec<Domain> {
    text.lines()
        .map(|line| {
            let [name, weight, fields] = fields(line);
            Domain {
                name,
                weight: number(weight),
                fields: fields.split(' ').map(number).collect(),
            }
        })
        .collect()
}

pub(super) static ADJECTIVES: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/adjectives.txt")));

pub(super) static HEADS: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/heads.txt")));

pub(super) static METHODS: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/methods.txt")));

/// `{J}`/`{j}` an adjective (capitalised or not), `{H}` a head noun, `{S}`/`{s}` a subject of
/// the domain (capitalised or not), `{M}` a method.
pub(super) static TITLES: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/titles.txt")));

/// Besides `{J}`, `{H}`, `{S}`, `{M}`: `{A}` the acronym, `{P}` partners, `{K}` countries, `{n}` a
/// small number, `{W}` a made-up project name. Some carry `;`, `"`, `’`, `₂`, `µ`, `≥` and `–`.
pub(super) static OPENERS: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/openers.txt")));

pub(super) static SENTENCES: LazyLock<Vec<&str>> =
    LazyLock::new(|| lines(include_str!("tables/sentences.txt")));

/// Said of projects with more than one beneficiary.
pub(super) const CONSORTIUM_SENTENCE: &str =
    "The project brings together {P} partners from {K} countries.";

/// A list inside an objective: newlines and `;` within a quoted field.
pub(super) const OBJECTIVES_LIST: &str = "Objectives:\n- {j} {H} for {s};\n- {M};\n- {M}.\n";

/// The H2020 funding schemes; FP7 and Horizon Europe borrow their shapes.
pub(super) static SCHEMES: LazyLock<Vec<Scheme>> =
    LazyLock::new(|| schemes(include_str!("tables/schemes.tsv")));

/// FP7 funding schemes: collaborative projects (CP, small/medium CP-FP, large CP-IP), networks
/// of excellence, coordination and support actions, ERC grants, Marie Curie actions and
/// research for the benefit of SMEs.
pub(super) static FP7_SCHEMES: LazyLock<Vec<Scheme>> =
    LazyLock::new(|| borrowed_schemes(include_str!("tables/fp7_schemes.tsv")));

/// Horizon Europe types of action, each under its own `HORIZON-…` code; ERC grants carry
/// `HORIZON-ERC`, MSCA fellowships and networks the `HORIZON-TMA-MSCA-…` codes.
pub(super) static HORIZON_SCHEMES: LazyLock<Vec<Scheme>> =
    LazyLock::new(|| borrowed_schemes(include_str!("tables/horizon_schemes.tsv")));

/// A table's lines without its `#` comments.
fn records(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().filter(|line| !line.starts_with('#'))
}

fn number<T: std::str::FromStr>(field: &str) -> T {
    field
        .parse()
        .unwrap_or_else(|_| panic!("a number, not {field:?}, in a table"))
}

/// `schemes.tsv`: one H2020 scheme per line, its fields as the header comment names them.
fn schemes(text: &'static str) -> Vec<Scheme> {
    records(text)
        .map(|line| {
            let [
                code,
                weight,
                family,
                size,
                money,
                prc_rate,
                months,
                domain,
                legal,
                topic,
                call,
                sub_call,
            ] = fields(line);
            let (first, last) = months.split_once(' ').expect("months as `min max`");
            Scheme {
                code,
                weight: number(weight),
                family: Family::named(family),
                size: Size::parsed(size),
                money: Money::parsed(money),
                prc_rate: number(prc_rate),
                months: (number(first), number(last)),
                domain: (domain != "-").then(|| {
                    (DOMAINS.iter().position(|d| d.name == domain))
                        .unwrap_or_else(|| panic!("unknown domain {domain:?} in schemes.tsv"))
                }),
                legal,
                topic,
                call,
                sub_call,
            }
        })
        .collect()
}

/// `fp7_schemes.tsv`, `horizon_schemes.tsv`: an H2020 scheme's shape (family, consortium size,
/// money, duration, domain), named by its code, under another code, weight, legal basis, topic
/// and call (which is also the sub-call).
fn borrowed_schemes(text: &'static str) -> Vec<Scheme> {
    records(text)
        .map(|line| {
            let [base, code, weight, legal, topic, call] = fields(line);
            let b = (SCHEMES.iter().find(|s| s.code == base))
                .unwrap_or_else(|| panic!("no H2020 scheme {base:?} to borrow"));
            Scheme {
                code,
                weight: number(weight),
                legal,
                topic,
                call,
                sub_call: call,
                ..*b
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_into_their_shapes() {
        assert_eq!(COUNTRIES.len(), 46);
        assert!(
            COUNTRIES
                .iter()
                .all(|c| !c.cities.is_empty() && !c.forms.is_empty())
        );
        assert_eq!(COUNTRIES[0].cities[0].name, "Berlin");
        assert_eq!(NAME_TEMPLATES.len(), 11);
        assert!(NAME_TEMPLATES.iter().flatten().all(|kind| !kind.is_empty()));
        assert_eq!(SUBJECTS.len(), DOMAINS.len());
        assert!(
            DOMAINS
                .iter()
                .all(|d| d.fields.iter().all(|&f| f < EUROSCIVOC.len()))
        );
        for list in [
            &ADJECTIVES,
            &HEADS,
            &METHODS,
            &TITLES,
            &OPENERS,
            &SENTENCES,
            &SECTORS,
        ] {
            assert!(
                list.iter()
                    .all(|entry| !entry.is_empty() && entry.trim() == *entry)
            );
        }
    }
}
