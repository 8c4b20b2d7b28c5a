//! Plain-text tables for people reading results in a terminal.

use super::PREFIXES;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use oxigraph::model::Term;
use std::io::{self, Write};

/// A term as a person wants to read it: IRIs shortened by the known prefixes, literals unquoted.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => compact_iri(node.as_str()),
        Term::BlankNode(node) => format!("_:{}", node.as_str()),
        Term::Literal(literal) => literal.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

pub fn compact_iri(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| {
            iri.strip_prefix(ns)
                .filter(|local| !local.is_empty())
                .map(|local| format!("{prefix}:{local}"))
        })
        .unwrap_or_else(|| format!("<{iri}>"))
}

pub fn write(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    for row in rows {
        table.add_row(row.iter().map(String::as_str));
    }
    writeln!(out, "{table}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn shortens_known_namespaces_only() {
        let pg = NamedNode::new_unchecked("https://w3id.org/partnergraph/ontology#Project");
        assert_eq!(display_term(&pg.into()), "pg:Project");
        let other = NamedNode::new_unchecked("http://example.org/x");
        assert_eq!(display_term(&other.into()), "<http://example.org/x>");
        let literal = Literal::new_language_tagged_literal_unchecked("Region Örebro län", "sv");
        assert_eq!(display_term(&literal.into()), "Region Örebro län");
    }
}
