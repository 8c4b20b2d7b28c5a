//! Domain types shared by every stage of the pipeline (ingest → resolve → rdf → analysis).
//!
//! Bare strings are reserved for free text; anything with identity or a closed set of values gets
//! a type so that a project acronym is never confused with an organisation name.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_newtype!(
    /// A project acronym as written in a document (`3TR`, `PAPA-ARTIS`, `EJP RD`).
    ProjectAcronym
);
string_newtype!(
    /// A CORDIS participant identification code (PIC), the key of an organisation in CORDIS.
    Pic
);
string_newtype!(
    /// A CORDIS project identifier (grant agreement number).
    ProjectId
);
string_newtype!(
    /// The stable identifier of a source document, used in its named graph IRI.
    SourceId
);
string_newtype!(
    /// The local name of a theme concept in `ontology/themes.ttl` (`precision-medicine`).
    ThemeId
);
string_newtype!(
    /// A two-letter country code as CORDIS and the profiles write it (`SE`, `EL`, `UK`).
    CountryCode
);

/// Countries by the codes CORDIS uses (EL for Greece, UK for the United Kingdom) with their
/// English names: reports name countries, and CORDIS tables filled in by hand write names where
/// codes belong. Where two codes share a name, CORDIS's comes first.
const COUNTRIES: [(&str, &str); 56] = [
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("BA", "Bosnia and Herzegovina"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("BR", "Brazil"),
    ("CA", "Canada"),
    ("CH", "Switzerland"),
    ("CN", "China"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("EL", "Greece"),
    ("ES", "Spain"),
    ("FI", "Finland"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GE", "Georgia"),
    ("GR", "Greece"),
    ("HR", "Croatia"),
    ("HU", "Hungary"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("LI", "Liechtenstein"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("MK", "North Macedonia"),
    ("MT", "Malta"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("SE", "Sweden"),
    ("SI", "Slovenia"),
    ("SK", "Slovakia"),
    ("TN", "Tunisia"),
    ("TR", "Türkiye"),
    ("UA", "Ukraine"),
    ("UK", "United Kingdom"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("XK", "Kosovo"),
    ("ZA", "South Africa"),
];

/// Names in use beside the ones [`COUNTRIES`] gives, with their CORDIS codes: other English
/// names, and the countries' own names, which strategies in their languages write.
const OTHER_COUNTRY_NAMES: [(&str, &str); 31] = [
    ("Czech Republic", "CZ"),
    ("Slovak Republic", "SK"),
    ("Turkey", "TR"),
    ("Turkiye", "TR"),
    ("The Netherlands", "NL"),
    ("Great Britain", "UK"),
    ("United States of America", "US"),
    ("Republic of Moldova", "MD"),
    ("Sverige", "SE"),
    ("Suomi", "FI"),
    ("Danmark", "DK"),
    ("Norge", "NO"),
    ("Deutschland", "DE"),
    ("Österreich", "AT"),
    ("España", "ES"),
    ("Italia", "IT"),
    ("Polska", "PL"),
    ("Česko", "CZ"),
    ("Slovensko", "SK"),
    ("Slovenija", "SI"),
    ("Hrvatska", "HR"),
    ("Magyarország", "HU"),
    ("România", "RO"),
    ("Eesti", "EE"),
    ("Latvija", "LV"),
    ("Lietuva", "LT"),
    ("Nederland", "NL"),
    ("België", "BE"),
    ("Belgique", "BE"),
    ("Ελλάδα", "EL"),
    ("Éire", "IE"),
];

/// The English name of a country code; None for a code the table lacks.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// The CORDIS code of a country's English name (`Germany` → DE, `Greece` → EL), ignoring case
/// and surrounding space; None for a name the tables lack.
pub fn country_code(name: &str) -> Option<CountryCode> {
    let name = name.trim();
    COUNTRIES
        .iter()
        .map(|&(code, name)| (name, code))
        .chain(OTHER_COUNTRY_NAMES)
        .find(|(known, _)| known.to_lowercase() == name.to_lowercase())
        .map(|(_, code)| CountryCode::new(code))
}

/// Every name of a country the tables know, English or its own (`Sweden`, `Sverige`), with the
/// country's English name.
pub fn country_names() -> impl Iterator<Item = (&'static str, &'static str)> {
    COUNTRIES.iter().map(|&(_, name)| (name, name)).chain(
        OTHER_COUNTRY_NAMES
            .iter()
            .filter_map(|&(other, code)| country_name(code).map(|name| (other, name))),
    )
}

/// How central an expertise area is to an organisation, as the profiles grade it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpertiseLevel {
    Primary,
    Secondary,
    Emerging,
}

impl ExpertiseLevel {
    pub const ALL: [ExpertiseLevel; 3] = [Self::Primary, Self::Secondary, Self::Emerging];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
            Self::Emerging => "emerging",
        }
    }
}

/// The role of an organisation in a project, with CORDIS's role codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Coordinator,
    Participant,
    Partner,
    ThirdParty,
    AssociatedPartner,
    InternationalPartner,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Self::Coordinator,
        Self::Participant,
        Self::Partner,
        Self::ThirdParty,
        Self::AssociatedPartner,
        Self::InternationalPartner,
    ];

    /// The CORDIS code (`coordinator`, `thirdParty`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::Coordinator => "coordinator",
            Self::Participant => "participant",
            Self::Partner => "partner",
            Self::ThirdParty => "thirdParty",
            Self::AssociatedPartner => "associatedPartner",
            Self::InternationalPartner => "internationalPartner",
        }
    }

    /// Parses a CORDIS role code, case-insensitively (older exports write `THIRDPARTY`).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|role| role.code().eq_ignore_ascii_case(code))
    }
}

/// The known roles one organisation holds in one project: CORDIS lists an organisation once per
/// role, so a beneficiary that is also a third party of the same grant has two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(u8);

impl RoleSet {
    pub fn of(role: Role) -> Self {
        Self(Self::bit(role))
    }

    fn bit(role: Role) -> u8 {
        // The variants are declared in `Role::ALL`'s order.
        1 << role as u8
    }

    /// The set as stored in the analytical index; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Self {
        Self(bits & ((1 << Role::ALL.len()) - 1))
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn insert(&mut self, role: Role) {
        self.0 |= Self::bit(role);
    }

    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }

    /// The roles in [`Role::ALL`]'s order: the leading one first.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl Serialize for RoleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The language of a document or label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Sv,
}

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Sv => "sv",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Some(Self::En),
            "sv" | "swe" | "swedish" | "svenska" => Some(Self::Sv),
            _ => None,
        }
    }
}

/// A position in a source document, 1-based, so that every extracted fact can point at its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Line(pub usize);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.0)
    }
}

/// What a source graph was made from, as the metadata graph records it (`pg:sourceKind`): the
/// one place the recorded words are spelled, so that every match on a kind is checked by the
/// compiler (the SPARQL of `validate` formats the word in from here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Profile,
    Strategy,
    /// An RDF file, or a graph bundled with partnergraph.
    Rdf,
    CordisProjects,
    CordisOrganisations,
    CordisFieldsOfScience,
    CordisTopics,
    CordisLegalBasis,
    /// A CORDIS table partnergraph reads nothing from.
    CordisUnused,
    /// Computed from the other documents (the identity graph), not read.
    Derived,
}

impl SourceKind {
    pub const ALL: [SourceKind; 10] = [
        Self::Profile,
        Self::Strategy,
        Self::Rdf,
        Self::CordisProjects,
        Self::CordisOrganisations,
        Self::CordisFieldsOfScience,
        Self::CordisTopics,
        Self::CordisLegalBasis,
        Self::CordisUnused,
        Self::Derived,
    ];

    /// The word the metadata graph records.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Strategy => "strategy",
            Self::Rdf => "rdf",
            Self::CordisProjects => "cordis-project",
            Self::CordisOrganisations => "cordis-organization",
            Self::CordisFieldsOfScience => "cordis-euroscivoc",
            Self::CordisTopics => "cordis-topics",
            Self::CordisLegalBasis => "cordis-legal-basis",
            Self::CordisUnused => "cordis-unused",
            Self::Derived => "derived",
        }
    }

    /// The kind a recorded word names; `None` for a word no version of partnergraph writes.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == word)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SourceKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_set_lists_its_roles_leading_first_and_keeps_only_known_bits() {
        let mut roles = RoleSet::of(Role::ThirdParty);
        roles.insert(Role::Participant);
        assert_eq!(
            roles.iter().collect::<Vec<_>>(),
            vec![Role::Participant, Role::ThirdParty]
        );
        assert!(roles.contains(Role::ThirdParty) && !roles.contains(Role::Coordinator));
        assert_eq!(RoleSet::from_bits(roles.bits() | 0x80), roles);
        assert_eq!(RoleSet::default().iter().count(), 0);
    }

    #[test]
    fn country_names_and_codes_share_one_table() {
        assert_eq!(country_name("SE"), Some("Sweden"));
        assert_eq!(country_name("el"), Some("Greece"));
        assert_eq!(country_name("XX"), None);
        // CORDIS's codes win where two codes share a name.
        assert_eq!(country_code(" greece "), Some(CountryCode::new("EL")));
        assert_eq!(country_code("United Kingdom"), Some(CountryCode::new("UK")));
        assert_eq!(country_code("Czech Republic"), Some(CountryCode::new("CZ")));
        assert_eq!(country_code("Atlantis"), None);
        for (code, name) in COUNTRIES {
            let back = country_code(name).expect("every name has a code");
            assert_eq!(country_name(back.as_str()), Some(name), "{code}");
        }
    }

    #[test]
    fn role_codes_round_trip_and_ignore_case() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("THIRDPARTY"), Some(Role::ThirdParty));
        assert_eq!(Role::from_code(" coordinator "), Some(Role::Coordinator));
        assert_eq!(Role::from_code("sponsor"), None);
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("SV"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("english"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn source_kinds_round_trip_through_their_recorded_words() {
        for kind in SourceKind::ALL {
            assert_eq!(SourceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(SourceKind::parse("cordis-projects"), None);
        assert_eq!(
            serde_json::to_string(&SourceKind::CordisOrganisations).unwrap(),
            "\"cordis-organization\""
        );
    }
}
