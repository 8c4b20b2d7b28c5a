//! What a parsed strategy is: its priorities, named organisations and stated relations, each
//! at its source line.

use crate::ingest::text::{Dropped, Paragraph};
use crate::model::{Lang, Line};
use serde::Serialize;

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
    /// The body that issues the strategy (`Regional Council of Ostrobothnia`, `Region Skåne`).
    pub issuer: Option<Located<String>>,
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
