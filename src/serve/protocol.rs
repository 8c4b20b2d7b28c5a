//! The request forms of the SPARQL 1.1 Protocol: GET with `query=`, POST as an HTML form, POST
//! with the query (or update) as the body. Two extensions: `format` overrides content
//! negotiation, and `param=NAME=VALUE` binds a parameter like `partnergraph query --param`.

use super::ServeError;
use axum::http::{HeaderMap, Method, header};
use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};

pub enum Operation {
    Query(QueryRequest),
    Update(String),
}

/// A query as the server receives it, and as it hands it to a worker (serialised).
#[derive(Default, Serialize, Deserialize)]
pub struct QueryRequest {
    pub text: String,
    /// `default-graph-uri` and `named-graph-uri`: when either is given, they replace the dataset
    /// of the query (its FROM and FROM NAMED), as the protocol says.
    #[serde(with = "iris")]
    pub default_graphs: Vec<NamedNode>,
    #[serde(with = "iris")]
    pub named_graphs: Vec<NamedNode>,
    /// Bound as RDF terms according to the query's `# param` declarations, never pasted in.
    pub params: Vec<(String, String)>,
    pub format: Option<String>,
}

/// IRIs as their text.
mod iris {
    use oxigraph::model::NamedNode;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(iris: &[NamedNode], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(iris.iter().map(NamedNode::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<NamedNode>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .into_iter()
            .map(|iri| NamedNode::new(iri).map_err(D::Error::custom))
            .collect()
    }
}

pub fn parse(
    method: &Method,
    headers: &HeaderMap,
    url_query: Option<&str>,
    body: &[u8],
) -> Result<Operation, ServeError> {
    let mut fields = url_query.map(form).transpose()?.unwrap_or_default();
    let mut query = None;
    let mut update = None;
    if method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/x-www-form-urlencoded" => fields.extend(form(body)?),
            "application/sparql-query" => query = Some(utf8(body)?),
            "application/sparql-update" => update = Some(utf8(body)?),
            _ => return Err(ServeError::UnsupportedMediaType(content_type.to_owned())),
        }
    }
    let mut request = QueryRequest::default();
    for (key, value) in fields {
        match key.as_str() {
            "query" => set_once(&mut query, value, "query")?,
            "update" => set_once(&mut update, value, "update")?,
            "default-graph-uri" => request.default_graphs.push(iri(&key, &value)?),
            "named-graph-uri" => request.named_graphs.push(iri(&key, &value)?),
            "param" => request.params.push(param(&value)?),
            "format" => request.format = Some(value),
            "using-graph-uri" | "using-named-graph-uri" => {
                return Err(ServeError::BadRequest(format!(
                    "{key} is not supported: say USING in the update"
                )));
            }
            // Clients add parameters meant for other servers (SPARQLWrapper sends `output`).
            _ => {}
        }
    }
    match (query, update) {
        (Some(_), Some(_)) => Err(ServeError::BadRequest(
            "give either a query or an update, not both".to_owned(),
        )),
        (Some(text), None) => Ok(Operation::Query(QueryRequest { text, ..request })),
        // An update changes the store: the protocol allows it only in a POST body, never in a
        // link or an <img src> that a page could make a browser follow.
        (None, Some(_)) if method != Method::POST => Err(ServeError::UpdateNeedsPost),
        (None, Some(text)) => Ok(Operation::Update(text)),
        (None, None) => Err(ServeError::BadRequest(
            "no query: give query=SPARQL, or POST the query as application/sparql-query".to_owned(),
        )),
    }
}

/// `application/x-www-form-urlencoded` pairs, decoded strictly: a `%` not followed by two hex
/// digits, or bytes that are not UTF-8 once decoded, are refused rather than turned into U+FFFD,
/// so a query never runs with characters its author did not send.
pub(super) fn form(
    bytes: &(impl AsRef<[u8]> + ?Sized),
) -> Result<Vec<(String, String)>, ServeError> {
    bytes
        .as_ref()
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            let key = percent_decode(key, None)?;
            let value = percent_decode(value, Some(&key))?;
            Ok((key, value))
        })
        .collect()
}

fn percent_decode(encoded: &[u8], field: Option<&str>) -> Result<String, ServeError> {
    let what = || match field {
        Some(name) => format!("the value of {name}"),
        None => "a field name".to_owned(),
    };
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut at = 0;
    while at < encoded.len() {
        match encoded[at] {
            b'+' => decoded.push(b' '),
            b'%' => {
                let hex = encoded
                    .get(at + 1..at + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        let found =
                            String::from_utf8_lossy(&encoded[at..(at + 3).min(encoded.len())]);
                        ServeError::BadRequest(format!(
                            "malformed percent-encoding in {}: {found:?} is not % followed by two \
                             hexadecimal digits",
                            what()
                        ))
                    })?;
                decoded.push(hex);
                at += 2;
            }
            byte => decoded.push(byte),
        }
        at += 1;
    }
    String::from_utf8(decoded).map_err(|_| {
        ServeError::BadRequest(format!("{} is not UTF-8 once percent-decoded", what()))
    })
}

fn utf8(body: &[u8]) -> Result<String, ServeError> {
    String::from_utf8(body.to_vec())
        .map_err(|_| ServeError::BadRequest("the request body is not UTF-8".to_owned()))
}

fn set_once(slot: &mut Option<String>, value: String, name: &str) -> Result<(), ServeError> {
    if slot.is_some() {
        return Err(ServeError::BadRequest(format!("{name} is given twice")));
    }
    *slot = Some(value);
    Ok(())
}

fn iri(key: &str, value: &str) -> Result<NamedNode, ServeError> {
    NamedNode::new(value).map_err(|e| ServeError::BadRequest(format!("{key} {value:?}: {e}")))
}

fn param(value: &str) -> Result<(String, String), ServeError> {
    let (name, value) = value.split_once('=').ok_or_else(|| {
        ServeError::BadRequest(format!("param must read NAME=VALUE, got {value:?}"))
    })?;
    let name = name.trim().trim_start_matches(['?', '$']);
    if name.is_empty() {
        return Err(ServeError::BadRequest(
            "a param has an empty name".to_owned(),
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(content_type: &str, body: &str, url_query: Option<&str>) -> Operation {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
        parse(&Method::POST, &headers, url_query, body.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reads_the_three_request_forms() {
        let Operation::Query(get) = parse(
            &Method::GET,
            &HeaderMap::new(),
            Some("query=ASK%20%7B%7D&named-graph-uri=http%3A%2F%2Fe%2Fg&output=json"),
            b"",
        )
        .unwrap() else {
            panic!("a query")
        };
        assert_eq!(get.text, "ASK {}");
        assert_eq!(get.named_graphs[0].as_str(), "http://e/g");

        let Operation::Query(form) = post(
            "application/x-www-form-urlencoded; charset=UTF-8",
            "query=SELECT+*+%7B%7D&param=org%3DRegion+%C3%96rebro+l%C3%A4n&format=csv",
            None,
        ) else {
            panic!("a query")
        };
        assert_eq!(
            form.params,
            [("org".to_owned(), "Region Örebro län".to_owned())]
        );
        assert_eq!(form.format.as_deref(), Some("csv"));

        let Operation::Query(direct) = post(
            "application/sparql-query",
            "SELECT * {}",
            Some("default-graph-uri=http%3A%2F%2Fe%2Fd"),
        ) else {
            panic!("a query")
        };
        assert_eq!(direct.text, "SELECT * {}");
        assert_eq!(direct.default_graphs.len(), 1);

        assert!(matches!(
            post("application/sparql-update", "CLEAR ALL", None),
            Operation::Update(_)
        ));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(matches!(
            parse(&Method::POST, &headers, None, b"SELECT * {}"),
            Err(ServeError::UnsupportedMediaType(_))
        ));
        assert!(matches!(
            parse(&Method::GET, &HeaderMap::new(), None, b""),
            Err(ServeError::BadRequest(_))
        ));
        assert!(matches!(
            parse(
                &Method::GET,
                &HeaderMap::new(),
                Some("query=ASK{}&default-graph-uri=not%20an%20iri"),
                b""
            ),
            Err(ServeError::BadRequest(_))
        ));
        assert!(matches!(
            parse(
                &Method::GET,
                &HeaderMap::new(),
                Some("update=CLEAR%20ALL"),
                b""
            ),
            Err(ServeError::UpdateNeedsPost)
        ));
    }

    #[test]
    fn decodes_percent_encoding_strictly() {
        assert_eq!(
            form("a=%C3%96rebro+l%C3%A4n&b&=x").unwrap(),
            [
                ("a".to_owned(), "Örebro län".to_owned()),
                ("b".to_owned(), String::new()),
                (String::new(), "x".to_owned())
            ]
        );
        for bad in [
            "query=ASK%zz{}",
            "query=ASK%2",
            "query=%",
            "query=%FF%FE",
            "%G1=x",
        ] {
            let err = form(bad).unwrap_err().to_string();
            assert!(
                err.contains("percent-encoding") || err.contains("not UTF-8"),
                "{bad}: {err}"
            );
        }
        let err = form("query=ASK%7").unwrap_err().to_string();
        assert!(err.contains("the value of query"), "{err}");
    }
}
