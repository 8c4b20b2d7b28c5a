//! Curated query files and their parameter declarations.
//!
//! A query in `queries/` starts with comment lines; the first paragraph is its description and
//! lines of the form
//!
//! ```text
//! # param org: organisation — the organisation, by any of its names
//! # param year: integer, optional — only projects starting that year
//! ```
//!
//! declare the parameters `--param name=value` may bind. Types decide how a value becomes a term:
//! `organisation` and `theme` are looked up in the graph by name, `string`, `integer` and `iri`
//! become literals or IRIs.

use std::path::{Path, PathBuf};

/// Why a query file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum QueryFileError {
    #[error("{}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}:{line}: {problem}")]
    Declaration {
        origin: String,
        line: usize,
        problem: DeclarationError,
    },
}

/// What is wrong with a `# param` line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    #[error("a parameter declaration reads `# param NAME: TYPE — description`")]
    Shape,
    #[error("{0:?} is not a valid parameter name")]
    Name(String),
    #[error("unknown parameter type {0:?} (expected string, integer, iri, organisation or theme)")]
    Type(String),
    #[error("unknown parameter option {0:?}")]
    Option(String),
    #[error("parameter {0} is declared twice")]
    Twice(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Iri,
    Organisation,
    Theme,
}

impl ParamType {
    /// The word a declaration uses for this type.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Iri => "iri",
            Self::Organisation => "organisation",
            Self::Theme => "theme",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "string" => Self::String,
            "integer" => Self::Integer,
            "iri" => Self::Iri,
            "organisation" | "organization" => Self::Organisation,
            "theme" => Self::Theme,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDecl {
    pub name: String,
    pub kind: ParamType,
    pub optional: bool,
    pub description: String,
}

/// A SPARQL query with where it came from and what parameters it takes.
#[derive(Debug, Clone)]
pub struct QueryFile {
    /// File path, or `-e` for an inline query; used in error messages.
    pub origin: String,
    pub text: String,
    pub description: String,
    pub params: Vec<ParamDecl>,
}

impl QueryFile {
    /// An inline query: parameters bind any variable the query mentions.
    pub fn inline(text: impl Into<String>) -> Self {
        Self {
            origin: "-e".to_owned(),
            text: text.into(),
            description: String::new(),
            params: Vec::new(),
        }
    }

    /// Reads a query file and its declarations; a malformed declaration is an error naming its line.
    pub fn read(path: &Path) -> Result<Self, QueryFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| QueryFileError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path.display().to_string(), text)
    }

    pub fn parse(origin: String, text: String) -> Result<Self, QueryFileError> {
        let mut description = Vec::new();
        let mut params = Vec::new();
        let mut in_description = true;
        for (index, line) in text.lines().enumerate() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                if !line.trim().is_empty() {
                    break;
                }
                continue;
            };
            let comment = comment.trim();
            if let Some(decl) = comment.strip_prefix("param ") {
                let declared = |problem| QueryFileError::Declaration {
                    origin: origin.clone(),
                    line: index + 1,
                    problem,
                };
                let decl = parse_decl(decl).map_err(declared)?;
                if params.iter().any(|p: &ParamDecl| p.name == decl.name) {
                    return Err(declared(DeclarationError::Twice(decl.name)));
                }
                params.push(decl);
                in_description = false;
            } else if comment.is_empty() {
                in_description = description.is_empty();
            } else if in_description {
                description.push(comment.to_owned());
            }
        }
        Ok(Self {
            origin,
            text,
            description: description.join(" "),
            params,
        })
    }

    pub fn param(&self, name: &str) -> Option<&ParamDecl> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Whether `?name` or `$name` occurs in the query text outside comments.
    pub fn mentions_variable(&self, name: &str) -> bool {
        self.text
            .lines()
            .map(|line| line.split('#').next().unwrap_or(""))
            .any(|line| {
                ['?', '$'].iter().any(|sigil| {
                    line.match_indices(&format!("{sigil}{name}"))
                        .any(|(at, m)| {
                            line[at + m.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                        })
                })
            })
    }
}

/// `org: organisation — description` or `year: integer, optional — description`.
fn parse_decl(decl: &str) -> Result<ParamDecl, DeclarationError> {
    let (name, rest) = decl.split_once(':').ok_or(DeclarationError::Shape)?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(DeclarationError::Name(name.to_owned()));
    }
    let (type_part, description) = match rest.split_once(['—', '-']) {
        Some((t, d)) => (t, d.trim()),
        None => (rest, ""),
    };
    let mut words = type_part.split(',').map(str::trim);
    let type_word = words.next().unwrap_or_default();
    let kind =
        ParamType::parse(type_word).ok_or_else(|| DeclarationError::Type(type_word.to_owned()))?;
    let mut optional = false;
    for word in words {
        match word {
            "optional" => optional = true,
            other => return Err(DeclarationError::Option(other.to_owned())),
        }
    }
    Ok(ParamDecl {
        name: name.to_owned(),
        kind,
        optional,
        description: description.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_description_and_declarations() {
        let q = QueryFile::parse(
            "q.rq".into(),
            "# Projects of an organisation.\n# Second line.\n#\n# param org: organisation — any name\n# param year: integer, optional\nSELECT ?org WHERE { ?org ?p ?o }\n".into(),
        )
        .unwrap();
        assert_eq!(q.description, "Projects of an organisation. Second line.");
        assert_eq!(q.params.len(), 2);
        assert_eq!(q.params[0].kind, ParamType::Organisation);
        assert_eq!(q.params[0].description, "any name");
        assert!(q.params[1].optional);
    }

    #[test]
    fn malformed_declarations_name_their_line() {
        let err = QueryFile::parse(
            "q.rq".into(),
            "# x\n# param org: company\nSELECT * {}".into(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("q.rq:2: unknown parameter type \"company\""),
            "{err}"
        );
        let err = QueryFile::parse(
            "q.rq".into(),
            "# param a: string\n# param a: string\nSELECT * {}".into(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("declared twice"), "{err}");
    }

    #[test]
    fn finds_variables_outside_comments_only() {
        let q = QueryFile::inline("SELECT ?orgName # ?org\nWHERE { $year ?p ?o }");
        assert!(q.mentions_variable("orgName"));
        assert!(q.mentions_variable("year"));
        assert!(!q.mentions_variable("org"));
    }
}
