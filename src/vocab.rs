//! Every IRI partnergraph writes or reads, in one place.
//!
//! The `pg` module mirrors `ontology/partnergraph.ttl`; a test checks that both declare the same
//! terms. Other vocabularies hold only the terms partnergraph uses.

use oxigraph::model::NamedNodeRef;

/// Base of the IRIs partnergraph mints for entities, graphs and themes.
pub const BASE: &str = "https://w3id.org/partnergraph/";
/// Namespace of the partnergraph ontology.
pub const PG_NS: &str = "https://w3id.org/partnergraph/ontology#";
/// Namespace of the theme concepts of `ontology/themes.ttl`.
pub const THEME_NS: &str = "https://w3id.org/partnergraph/theme/";
/// Namespace of minted entity IRIs (organisations, projects, …).
pub const ID_NS: &str = "https://w3id.org/partnergraph/id/";
/// Namespace of named graphs, one per source document.
pub const GRAPH_NS: &str = "https://w3id.org/partnergraph/graph/";

/// Named graph holding one description per source document (path, checksum, ingest time).
pub const META_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/graph/meta");

/// The partnergraph ontology (`ontology/partnergraph.ttl`).
pub mod pg {
    use oxigraph::model::NamedNodeRef;

    pub const ORGANISATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Organisation");
    pub const PROJECT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Project");
    pub const PARTICIPATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Participation");
    pub const EXPERTISE_AREA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ExpertiseArea");
    pub const THEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Theme");
    pub const REGIONAL_STRATEGY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#RegionalStrategy");
    pub const PRIORITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Priority");
    pub const PRIORITY_AREA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#PriorityArea");
    pub const COMMITMENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Commitment");
    pub const THEME_MENTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ThemeMention");
    pub const STATED_RELATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#StatedRelation");
    pub const PROJECT_HIGHLIGHT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ProjectHighlight");
    pub const ALIAS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Alias");
    pub const REGION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Region");
    pub const COUNTRY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#Country");
    pub const SOURCE_DOCUMENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#SourceDocument");
    pub const HAS_COUNTRY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hasCountry");
    pub const LOCATED_IN: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#locatedIn");
    pub const ROLE_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#roleOf");
    pub const IN_PROJECT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#inProject");
    pub const HAS_EXPERTISE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hasExpertise");
    pub const EVIDENCED_BY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#evidencedBy");
    pub const ABOUT_THEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#aboutTheme");
    pub const HAS_HIGHLIGHT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hasHighlight");
    pub const FOR_REGION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#forRegion");
    pub const ISSUED_BY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#issuedBy");
    pub const HAS_PRIORITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hasPriority");
    pub const MENTIONS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#mentions");
    pub const NAMES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#names");
    pub const STATES_RELATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#statesRelation");
    pub const SUBJECT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#subject");
    pub const OBJECT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#object");
    pub const COLLABORATES_WITH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#collaboratesWith");
    pub const MEMBER_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#memberOf");
    pub const HAS_ALIAS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hasAlias");
    pub const GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#graph");
    pub const SOURCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#source");
    pub const LEGAL_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#legalName");
    pub const ENGLISH_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#englishName");
    pub const PIC: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#pic");
    pub const SHORT_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#shortName");
    pub const SUMMARY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#summary");
    pub const DESCRIPTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#description");
    pub const ORGANISATION_TYPE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#organisationType");
    pub const ACTIVITY_TYPE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#activityType");
    pub const SME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sme");
    pub const SECTOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sector");
    pub const CITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#city");
    pub const NUTS_CODE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#nutsCode");
    pub const HOMEPAGE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#homepage");
    pub const DATA_QUALITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#dataQuality");
    pub const DATA_QUALITY_SCORE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#dataQualityScore");
    pub const H2020_PROJECT_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#h2020ProjectCount");
    pub const HORIZON_EUROPE_PROJECT_COUNT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "https://w3id.org/partnergraph/ontology#horizonEuropeProjectCount",
    );
    pub const FP7_PROJECT_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#fp7ProjectCount");
    pub const COORDINATED_PROJECT_COUNT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "https://w3id.org/partnergraph/ontology#coordinatedProjectCount",
    );
    pub const EC_FUNDING: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ecFunding");
    pub const UNIQUE_PARTNER_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#uniquePartnerCount");
    pub const COLLABORATING_COUNTRY_COUNT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "https://w3id.org/partnergraph/ontology#collaboratingCountryCount",
    );
    pub const EARLY_FOCUS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#earlyFocus");
    pub const RECENT_FOCUS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#recentFocus");
    pub const TRAJECTORY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#trajectory");
    pub const OUTLOOK: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#outlook");
    pub const COLLABORATION_ROLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#collaborationRole");
    pub const REACH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#reach");
    pub const COLLABORATION_PROFILE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#collaborationProfile");
    pub const PARTNER_VALUE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#partnerValue");
    pub const CAPABILITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#capability");
    pub const KEYWORD: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#keyword");
    pub const ANALYSIS_NOTE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#analysisNote");
    pub const ORGANISATION_KIND: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#organisationKind");
    pub const ACRONYM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#acronym");
    pub const IDENTIFIER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#identifier");
    pub const TITLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#title");
    pub const START_DATE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#startDate");
    pub const END_DATE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#endDate");
    pub const START_YEAR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#startYear");
    pub const END_YEAR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#endYear");
    pub const STATUS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#status");
    pub const PROGRAMME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#programme");
    pub const TOPIC: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#topic");
    pub const LEGAL_BASIS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#legalBasis");
    pub const FUNDING_SCHEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#fundingScheme");
    pub const OBJECTIVE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#objective");
    pub const TOTAL_COST: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#totalCost");
    pub const EC_MAX_CONTRIBUTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ecMaxContribution");
    pub const FIELD_OF_SCIENCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#fieldOfScience");
    pub const ROLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#role");
    pub const EC_CONTRIBUTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#ecContribution");
    pub const NET_EC_CONTRIBUTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#netEcContribution");
    pub const END_OF_PARTICIPATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#endOfParticipation");
    pub const LEVEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#level");
    pub const PROJECT_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#projectCount");
    pub const STATEMENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#statement");
    pub const STANCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#stance");
    pub const EVIDENCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#evidence");
    pub const LINE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#line");
    pub const PAGE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#page");
    pub const ORDER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#order");
    pub const MENTION_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#mentionCount");
    pub const RELATION_KIND: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#relationKind");
    pub const LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#label");
    pub const MATCH_KEY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#matchKey");
    pub const NAME_KEY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#nameKey");
    pub const IDENTITY_RULE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#identityRule");
    pub const CORRECTED_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#correctedLabel");
    pub const IDENTITY_CORRECTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#IdentityCorrection");
    pub const DECISION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#decision");
    pub const CORRECTS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#corrects");
    pub const CORRECTED_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#correctedName");
    pub const REASON: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#reason");
    pub const VAT_NUMBER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#vatNumber");
    pub const SOURCE_KIND: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sourceKind");
    pub const SOURCE_PATH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sourcePath");
    pub const SHA256: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sha256");
    pub const CONTENT_DIGEST: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#contentDigest");
    pub const TRIPLE_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#tripleCount");
    pub const ORIGIN: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#origin");
    pub const SPEAKS_FOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#speaksFor");
    pub const COUNTRY_CODE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#countryCode");
    pub const EURO_SCI_VOC_PATH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#euroSciVocPath");
    pub const DATA_REPAIR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#DataRepair");
    pub const REPAIRED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#repaired");
    pub const QUIRK: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#quirk");
    pub const OCCURRENCES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#occurrences");
    pub const EXAMPLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#example");
    pub const REPAIR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#repair");
    pub const REJECTED_ROWS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#rejectedRows");
    pub const POST_CODE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#postCode");
    /// The text-search service (`SERVICE pg:search { … }`, src/search/service.rs).
    pub const SEARCH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#search");
    pub const QUERY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#query");
    pub const KIND: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#kind");
    pub const LANG: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#lang");
    pub const LIMIT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#limit");
    pub const HIT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#hit");
    pub const SCORE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#score");
    pub const SNIPPET: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#snippet");
    pub const SOURCE_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/partnergraph/ontology#sourceGraph");
}

/// SKOS, for themes and labels.
pub mod skos {
    use oxigraph::model::NamedNodeRef;

    pub const CONCEPT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");
    pub const CONCEPT_SCHEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#ConceptScheme");
    pub const PREF_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    pub const ALT_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    pub const HIDDEN_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#hiddenLabel");
    pub const BROADER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#broader");
    pub const NOTATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#notation");
    pub const DEFINITION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#definition");
}

/// PROV-O, for the provenance of source documents.
pub mod prov {
    use oxigraph::model::NamedNodeRef;

    pub const GENERATED_AT_TIME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#generatedAtTime");
}

/// DCMI terms, for document metadata.
pub mod dcterms {
    use oxigraph::model::NamedNodeRef;

    pub const TITLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    pub const LANGUAGE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/language");
}

/// OWL, for recorded identity merges.
pub mod owl {
    use oxigraph::model::NamedNodeRef;

    pub const SAME_AS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
}

#[cfg(test)]
mod tests {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{NamedOrBlankNode, Term, vocab::rdf};
    use std::collections::BTreeSet;

    const DECLARATIONS: [&str; 6] = [
        "http://www.w3.org/2002/07/owl#Class",
        "http://www.w3.org/2002/07/owl#ObjectProperty",
        "http://www.w3.org/2002/07/owl#DatatypeProperty",
        "http://www.w3.org/2002/07/owl#SymmetricProperty",
        "http://www.w3.org/2002/07/owl#Ontology",
        "http://www.w3.org/2002/07/owl#NamedIndividual",
    ];

    /// The module and the ontology must declare exactly the same `pg:` terms, so that no code
    /// writes a term the ontology (and the SHACL shapes built on it) does not know.
    #[test]
    fn pg_module_matches_ontology() {
        let ttl = include_str!("../ontology/partnergraph.ttl");
        let mut declared = BTreeSet::new();
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let triple = triple.expect("ontology/partnergraph.ttl is valid Turtle");
            if triple.predicate != rdf::TYPE {
                continue;
            }
            let (NamedOrBlankNode::NamedNode(subject), Term::NamedNode(class)) =
                (&triple.subject, &triple.object)
            else {
                continue;
            };
            if DECLARATIONS.contains(&class.as_str())
                && let Some(local) = subject.as_str().strip_prefix(super::PG_NS)
            {
                declared.insert(local.to_owned());
            }
        }
        let source = include_str!("vocab.rs");
        let used: BTreeSet<String> = source
            .split(super::PG_NS)
            .skip(1)
            .filter_map(|rest| {
                let local: String = rest
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                (!local.is_empty()).then_some(local)
            })
            .collect();
        let missing_in_ontology: Vec<_> = used.difference(&declared).collect();
        let missing_in_module: Vec<_> = declared.difference(&used).collect();
        assert!(
            missing_in_ontology.is_empty() && missing_in_module.is_empty(),
            "vocab.rs uses terms the ontology lacks: {missing_in_ontology:?}; \
             the ontology declares terms vocab.rs lacks: {missing_in_module:?}"
        );
        assert!(
            declared.len() > 100,
            "the ontology declares {} terms",
            declared.len()
        );
    }
}
