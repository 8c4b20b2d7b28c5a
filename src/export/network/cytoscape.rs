//! Cytoscape.js JSON, which Cytoscape desktop imports too.

use super::buffered::Buffered;
use super::rows::{Attr, Rows, Value};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::io::{self, Write};

/// A node or an edge as a Cytoscape.js element: `{"data": {…}}`.
struct Element<'r> {
    fixed: &'r [(&'r str, Option<Value<'r>>)],
    attrs: &'r [Attr],
    values: &'r [Option<Value<'r>>],
}

impl Serialize for Element<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut element = serializer.serialize_map(Some(1))?;
        element.serialize_entry("data", &Data(self))?;
        element.end()
    }
}

struct Data<'e, 'r>(&'e Element<'r>);

impl Serialize for Data<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Element {
            fixed,
            attrs,
            values,
        } = self.0;
        let mut data = serializer.serialize_map(None)?;
        let named = attrs
            .iter()
            .map(|attr| attr.name)
            .zip(values.iter().copied());
        for (key, value) in fixed.iter().copied().chain(named) {
            if let Some(value) = value {
                data.serialize_entry(key, &value)?;
            }
        }
        data.end()
    }
}

/// Cytoscape.js JSON, one element per line. Nodes carry `name` too: Cytoscape desktop labels
/// nodes by it.
pub(super) fn cytoscape(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    write!(out, "{{\"data\":")?;
    let network = [
        ("name", "partnergraph"),
        ("description", rows.description()),
    ];
    serde_json::to_writer(&mut *out, &std::collections::BTreeMap::from(network))?;
    write!(out, ",\n\"elements\":{{\"nodes\":[")?;
    let mut separator = "\n";
    rows.nodes(|row| {
        out.put(separator.as_bytes())?;
        separator = ",\n";
        let fixed = [
            ("id", Some(Value::Str(rows.id(row.node)))),
            ("label", Some(Value::Str(row.label))),
            ("name", Some(Value::Str(row.label))),
        ];
        let element = Element {
            fixed: &fixed,
            attrs: rows.node_attrs,
            values: row.values,
        };
        serde_json::to_writer(&mut *out, &element).map_err(io::Error::from)
    })?;
    write!(out, "\n],\n\"edges\":[")?;
    separator = "\n";
    let (mut id, mut digits) = (String::new(), itoa::Buffer::new());
    rows.edges(|row| {
        out.put(separator.as_bytes())?;
        separator = ",\n";
        id.clear();
        id.push('e');
        id.push_str(digits.format(row.index));
        let fixed = [
            ("id", Some(Value::Str(&id))),
            ("source", Some(Value::Str(rows.id(row.source)))),
            ("target", Some(Value::Str(rows.id(row.target)))),
            ("weight", row.weight.map(Value::Double)),
        ];
        let element = Element {
            fixed: &fixed,
            attrs: rows.edge_attrs,
            values: row.values,
        };
        serde_json::to_writer(&mut *out, &element).map_err(io::Error::from)
    })?;
    writeln!(out, "\n]}}}}")
}
