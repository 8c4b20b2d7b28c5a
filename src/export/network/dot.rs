//! Graphviz DOT.

use super::buffered::Buffered;
use super::rows::{Attr, Numbers, Rows, Value};
use std::io::{self, Write};

/// A DOT double-quoted string. `\"` is DOT's only escape; backslashes are doubled and newlines
/// written as `\n` because Graphviz reads labels as escString, where `\` starts an escape;
/// carriage returns are dropped.
fn dot_string(out: &mut Buffered<'_>, s: &str) -> io::Result<()> {
    out.put(b"\"")?;
    let mut rest = s;
    while let Some(at) = rest.find(['"', '\\', '\n', '\r']) {
        out.put(&rest.as_bytes()[..at])?;
        out.put(match rest.as_bytes()[at] {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            _ => b"",
        })?;
        rest = &rest[at + 1..];
    }
    out.put(rest.as_bytes())?;
    out.put(b"\"")
}

/// Numbers and booleans go unquoted where they are DOT ids; ryu's exponents (`1e21`) are not.
fn dot_value(out: &mut Buffered<'_>, value: Value<'_>, numbers: &mut Numbers) -> io::Result<()> {
    let text = numbers.format(value);
    match value {
        Value::Str(_) => dot_string(out, text),
        Value::Double(_) if text.contains('e') => dot_string(out, text),
        Value::Int(_) | Value::Double(_) | Value::Bool(_) => out.put(text.as_bytes()),
    }
}

fn dot_attributes(
    out: &mut Buffered<'_>,
    fixed: &[(&str, Option<Value<'_>>)],
    attrs: &[Attr],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    let named = attrs
        .iter()
        .map(|attr| attr.name)
        .zip(values.iter().copied());
    let present = fixed.iter().copied().chain(named);
    out.put(b" [")?;
    let mut separator: &[u8] = b"";
    for (name, value) in present.filter_map(|(name, value)| Some((name, value?))) {
        out.put(separator)?;
        separator = b", ";
        out.put(name.as_bytes())?;
        out.put(b"=")?;
        dot_value(out, value, numbers)?;
    }
    out.put(b"];\n")
}

/// Graphviz DOT: edges keep their `weight` (dot truncates it to an integer, neato and sfdp use
/// it as is) and get a `penwidth` from 0.5 (lightest) to 5 (heaviest) growing with the square
/// root of the weight, or Graphviz's 1 when all weigh the same. Projects are boxes.
pub(super) fn dot(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let penwidth = |weight: f64| match rows.used.weights {
        Some((lightest, heaviest)) if heaviest > lightest => {
            let scaled = 0.5 + 4.5 * ((weight - lightest) / (heaviest - lightest)).sqrt();
            (scaled * 100.0).round() / 100.0
        }
        _ => 1.0,
    };
    writeln!(out, "// {}", rows.description())?;
    writeln!(out, "graph partnergraph {{")?;
    writeln!(out, "  graph [outputorder=edgesfirst];")?;
    let mut numbers = Numbers::default();
    rows.nodes(|row| {
        out.put(b"  ")?;
        dot_string(out, rows.id(row.node))?;
        let fixed = [
            ("label", Some(Value::Str(row.label))),
            ("shape", row.project.then_some(Value::Str("box"))),
        ];
        dot_attributes(out, &fixed, rows.node_attrs, row.values, &mut numbers)
    })?;
    rows.edges(|row| {
        out.put(b"  ")?;
        dot_string(out, rows.id(row.source))?;
        out.put(b" -- ")?;
        dot_string(out, rows.id(row.target))?;
        let fixed = [
            ("weight", row.weight.map(Value::Double)),
            ("penwidth", row.weight.map(|w| Value::Double(penwidth(w)))),
        ];
        dot_attributes(out, &fixed, rows.edge_attrs, row.values, &mut numbers)
    })?;
    writeln!(out, "}}")
}
