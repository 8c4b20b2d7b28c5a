//! SPARQL syntax errors in words: where (line, column and the text around), what was found there
//! and what could have come instead, rather than the parser's list of grammar tokens.

use oxigraph::sparql::SparqlSyntaxError;
use std::fmt::Write as _;

/// Explains `error`, raised while parsing `text`.
pub fn explain(text: &str, error: &SparqlSyntaxError) -> String {
    let raw = error.to_string();
    // The parser reports "error at LINE:COLUMN: expected TOKENS"; anything else (a bad IRI, a
    // blank node used twice) is already a sentence.
    let Some((line, column, expected)) = raw
        .strip_prefix("error at ")
        .and_then(|rest| rest.split_once(": expected "))
        .and_then(|(at, expected)| {
            let (line, column) = at.split_once(':')?;
            Some((
                line.parse::<usize>().ok()?,
                column.parse::<usize>().ok()?,
                expected,
            ))
        })
    else {
        return raw;
    };
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let before: String = source_line.chars().take(column.saturating_sub(1)).collect();
    let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
    let found = found(&rest, text, line);
    let mut out = format!(
        "line {line}, column {column}: expected {}, found {found}",
        words(expected)
    );
    let _ = write!(
        out,
        "\n  {}\n  {}^",
        source_line.trim_end(),
        " ".repeat(before.chars().count())
    );
    out
}

/// What stands at the error position: a word, a symbol, or the end of the query.
fn found(rest: &str, text: &str, line: usize) -> String {
    let rest = rest.trim_start();
    if rest.is_empty() {
        return if text.lines().count() <= line {
            "the end of the query".to_owned()
        } else {
            "the end of the line".to_owned()
        };
    }
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(30)
        .collect();
    format!("`{word}`")
}

/// The parser's expected tokens (`"SELECT"`, `['0'..='9']`, `"}"`) as kinds of things.
fn words(expected: &str) -> String {
    let tokens: Vec<&str> = expected
        .strip_prefix("one of ")
        .unwrap_or(expected)
        .split(", ")
        .collect();
    let mut kinds: Vec<&str> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let mut symbols: Vec<String> = Vec::new();
    let add = |kind: &'static str, kinds: &mut Vec<&str>| {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    };
    for token in tokens {
        if let Some(literal) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            let literal = literal.replace("\\\"", "\"");
            match literal.as_str() {
                "?" | "$" => add("a variable", &mut kinds),
                "<" => add("an IRI", &mut kinds),
                "\"" | "'" | "\"\"\"" | "'''" => add("a string", &mut kinds),
                "_:" | "[" => add("a blank node", &mut kinds),
                "true" | "false" => add("a literal", &mut kinds),
                l if l.chars().all(|c| c.is_ascii_alphabetic()) && l.len() > 1 => {
                    let upper = l.to_ascii_uppercase();
                    if !keywords.contains(&upper) {
                        keywords.push(upper);
                    }
                }
                l if l.chars().all(|c| c.is_ascii_digit()) => add("a number", &mut kinds),
                l => {
                    let quoted = format!("`{l}`");
                    if !symbols.contains(&quoted) {
                        symbols.push(quoted);
                    }
                }
            }
        } else if token.starts_with('[') {
            // A character class of the grammar.
            if token.contains("'0'") || token.contains("'1'") {
                add("a number", &mut kinds);
            } else if token.contains("'a'") || token.contains("'A'") || token.contains("\\u{") {
                add("a name (such as pg:Project)", &mut kinds);
            } else if token.contains("'?'") || token.contains("'$'") {
                add("a variable", &mut kinds);
            } else if token.contains("'<'") {
                add("an IRI", &mut kinds);
            } else if token.contains("'\"'") || token.contains("'\\''") {
                add("a string", &mut kinds);
            }
        } else {
            // The grammar's own message.
            let message = token.to_owned();
            if !symbols.contains(&message) {
                symbols.push(message);
            }
        }
    }
    let mut parts: Vec<String> = kinds.into_iter().map(str::to_owned).collect();
    if !keywords.is_empty() {
        const SHOWN: usize = 6;
        let mut list = keywords
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if keywords.len() > SHOWN {
            list.push_str(", …");
        }
        parts.push(if keywords.len() == 1 {
            format!("the keyword {list}")
        } else {
            format!("a keyword ({list})")
        });
    }
    parts.extend(symbols);
    match parts.len() {
        0 => "something else".to_owned(),
        1 => parts.remove(0),
        n => {
            let last = parts.remove(n - 1);
            format!("{} or {last}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::SparqlEvaluator;

    fn explained(query: &str) -> String {
        let error = SparqlEvaluator::new().parse_query(query).err().unwrap();
        explain(query, &error)
    }

    #[test]
    fn says_where_what_was_found_and_what_could_come() {
        let text = explained("SELECT ?x WHERE { ?x ");
        assert!(text.starts_with("line 1, column 22: expected "), "{text}");
        assert!(text.contains("found the end of the query"), "{text}");
        assert!(
            text.contains("a variable") && text.contains("an IRI"),
            "{text}"
        );
        assert!(
            !text.contains("['"),
            "grammar character classes leak: {text}"
        );
    }
}
