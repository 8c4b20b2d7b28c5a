//! Content negotiation: the `Accept` header, or the `format` parameter that overrides it, picks
//! one of oxigraph's serialisers for the kind of result the query produced.

use super::ServeError;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// The serialisers of one kind of result: SPARQL results formats for solutions and booleans, RDF
/// formats for graphs.
pub trait Offer: Copy + 'static {
    /// Offered formats, the default first.
    const OFFERS: &'static [Self];
    const KIND: &'static str;
    fn media_type(self) -> &'static str;
    fn from_media_type(media_type: &str) -> Option<Self>;
    /// Whether the media type names a format of the other kind (406 rather than 400).
    fn other_kind(media_type: &str) -> bool;
}

impl Offer for QueryResultsFormat {
    const OFFERS: &'static [Self] = &[Self::Json, Self::Xml, Self::Csv, Self::Tsv];
    const KIND: &'static str = "a SELECT or ASK result";

    fn media_type(self) -> &'static str {
        self.media_type()
    }

    fn from_media_type(media_type: &str) -> Option<Self> {
        Self::from_media_type(media_type)
    }

    fn other_kind(media_type: &str) -> bool {
        RdfFormat::from_media_type(media_type).is_some()
    }
}

impl Offer for RdfFormat {
    const OFFERS: &'static [Self] = &[
        Self::Turtle,
        Self::NTriples,
        Self::RdfXml,
        Self::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        Self::N3,
        Self::NQuads,
        Self::TriG,
    ];
    const KIND: &'static str = "a CONSTRUCT or DESCRIBE graph";

    fn media_type(self) -> &'static str {
        self.media_type()
    }

    fn from_media_type(media_type: &str) -> Option<Self> {
        Self::from_media_type(media_type)
    }

    fn other_kind(media_type: &str) -> bool {
        QueryResultsFormat::from_media_type(media_type).is_some()
    }
}

/// A media type (`text/csv`) as is; a short name (`csv`, `turtle`, `rdfxml`, `jsonld`) as the
/// media type it abbreviates, so `json` is SPARQL JSON for solutions and JSON-LD for graphs.
fn media_type(name: &str) -> String {
    let name = name.trim();
    if name.contains('/') {
        return name.to_owned();
    }
    let short = name.to_ascii_lowercase().replace(['-', '_'], "");
    let subtype = match short.as_str() {
        "ttl" => "turtle",
        "nt" => "ntriples",
        "rdfxml" | "rdf" | "owl" => "rdf+xml",
        "jsonld" => "ld+json",
        "nq" => "nquads",
        "srj" => "sparql-results+json",
        "srx" => "sparql-results+xml",
        _ => short.as_str(),
    };
    format!("application/{subtype}")
}

/// Picks the format from the `format` parameter, else from `Accept`, else the default.
pub fn choose<F: Offer>(accept: Option<&str>, format: Option<&str>) -> Result<F, ServeError> {
    let not_acceptable = |requested: &str| ServeError::NotAcceptable {
        kind: F::KIND,
        requested: requested.to_owned(),
        available: F::OFFERS
            .iter()
            .map(|f| f.media_type().split(';').next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
    };
    if let Some(format) = format {
        let media_type = media_type(format);
        return match F::from_media_type(&media_type) {
            Some(found) => Ok(found),
            None if F::other_kind(&media_type) => Err(not_acceptable(format)),
            None => Err(ServeError::UnknownFormat(format.to_owned())),
        };
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(F::OFFERS[0]);
    };
    let mut ranges: Vec<(&str, f32)> = accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !range.is_empty()).then_some((range, q))
        })
        .collect();
    // Stable: among equal weights the client's order decides.
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (range, _) in ranges {
        let found = match range.strip_suffix("/*") {
            Some("*") => Some(F::OFFERS[0]),
            Some(main_type) => F::OFFERS.iter().copied().find(|f| {
                f.media_type()
                    .split('/')
                    .next()
                    .is_some_and(|t| t.eq_ignore_ascii_case(main_type))
            }),
            None => F::from_media_type(range),
        };
        if let Some(found) = found {
            return Ok(found);
        }
    }
    Err(not_acceptable(accept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(accept: Option<&str>, format: Option<&str>) -> Result<QueryResultsFormat, String> {
        choose(accept, format).map_err(|e| e.to_string())
    }

    fn graph(accept: Option<&str>, format: Option<&str>) -> Result<RdfFormat, String> {
        choose(accept, format).map_err(|e| e.to_string())
    }

    const JSON_LD: RdfFormat = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };

    #[test]
    fn follows_accept_weights_and_defaults() {
        use QueryResultsFormat::*;
        assert_eq!(results(None, None), Ok(Json));
        assert_eq!(results(Some("*/*"), None), Ok(Json));
        assert_eq!(results(Some("text/csv"), None), Ok(Csv));
        assert_eq!(
            results(Some("text/csv;q=0.5, application/sparql-results+xml"), None),
            Ok(Xml)
        );
        assert_eq!(results(Some("text/html, text/*;q=0.8"), None), Ok(Csv));
        assert_eq!(graph(None, None), Ok(RdfFormat::Turtle));
        // A browser's Accept header.
        assert_eq!(
            graph(
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                None
            ),
            Ok(RdfFormat::RdfXml)
        );
        assert_eq!(graph(Some("application/json"), None), Ok(JSON_LD));
    }

    #[test]
    fn format_parameter_overrides_accept() {
        assert_eq!(
            results(Some("text/csv"), Some("tsv")),
            Ok(QueryResultsFormat::Tsv)
        );
        assert_eq!(graph(None, Some("rdf+xml")), Ok(RdfFormat::RdfXml));
        assert_eq!(graph(None, Some("json-ld")), Ok(JSON_LD));
        assert_eq!(graph(None, Some("nt")), Ok(RdfFormat::NTriples));
        assert_eq!(graph(None, Some("text/turtle")), Ok(RdfFormat::Turtle));
    }

    #[test]
    fn refuses_what_cannot_be_served() {
        let err = results(Some("image/png"), None).unwrap_err();
        assert!(err.contains("application/sparql-results+json"), "{err}");
        assert!(matches!(
            choose::<RdfFormat>(None, Some("csv")),
            Err(ServeError::NotAcceptable { .. })
        ));
        assert!(matches!(
            choose::<QueryResultsFormat>(None, Some("pdf")),
            Err(ServeError::UnknownFormat(_))
        ));
        assert!(matches!(
            choose::<QueryResultsFormat>(Some("text/turtle"), None),
            Err(ServeError::NotAcceptable { .. })
        ));
    }
}
