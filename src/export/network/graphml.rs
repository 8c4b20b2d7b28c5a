//! GraphML (NetworkX, igraph, yEd, Cytoscape).

use super::buffered::Buffered;
use super::rows::{Attr, Numbers, Rows, Texts, Type, Value, attr};
use super::xml::{Leaf, escaped, leaves, xml_line, xml_writer};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, Event};
use std::io;

fn graphml_type(ty: Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Int => "int",
        Type::Double => "double",
        Type::Boolean => "boolean",
    }
}

/// Declares a GraphML key; returns the markup of its values.
fn graphml_key(
    writer: &mut Writer<&mut Buffered<'_>>,
    id: &str,
    domain: &str,
    attr: &Attr,
) -> io::Result<Leaf> {
    let key = BytesStart::new("key").with_attributes([
        ("id", id),
        ("for", domain),
        ("attr.name", attr.name),
        ("attr.type", graphml_type(attr.ty)),
    ]);
    xml_line(writer, 1, Event::Empty(key))?;
    Ok(Leaf {
        open: format!("<data key=\"{id}\">"),
        close: "</data>",
    })
}

/// Declares the used attributes as keys `{prefix}1`, `{prefix}2`, … by position (`{prefix}0` is
/// the label or the weight); `None` for the unused ones.
fn graphml_keys(
    writer: &mut Writer<&mut Buffered<'_>>,
    prefix: &str,
    domain: &str,
    attrs: &[Attr],
    used: &[bool],
) -> io::Result<Vec<Option<Leaf>>> {
    (1..)
        .zip(attrs.iter().zip(used))
        .map(|(i, (attr, &used))| match used {
            true => graphml_key(writer, &format!("{prefix}{i}"), domain, attr).map(Some),
            false => Ok(None),
        })
        .collect()
}

/// GraphML with typed keys (`attr.type` int/double/boolean/string, as NetworkX and igraph read
/// them) and `label` as a node key; yEd shows it once mapped in its Properties Mapper.
pub(super) fn graphml(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let used = &rows.used;
    let mut writer = xml_writer(out)?;
    let root = BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ]);
    xml_line(&mut writer, 0, Event::Start(root.borrow()))?;
    let label = attr("label", Type::String);
    let label = graphml_key(&mut writer, "n0", "node", &label)?;
    let node_leaves = graphml_keys(&mut writer, "n", "node", rows.node_attrs, &used.node)?;
    let weight = attr("weight", Type::Double);
    let weight = match used.weights {
        Some(_) => Some(graphml_key(&mut writer, "e0", "edge", &weight)?),
        None => None,
    };
    let edge_leaves = graphml_keys(&mut writer, "e", "edge", rows.edge_attrs, &used.edge)?;
    let graph = BytesStart::new("graph")
        .with_attributes([("id", "partnergraph"), ("edgedefault", "undirected")]);
    xml_line(&mut writer, 1, Event::Start(graph.borrow()))?;

    let ids: Texts = rows.ids.iter().map(escaped).collect();
    let mut numbers = Numbers::default();
    let out = writer.get_mut();
    rows.nodes(|row| {
        out.put(b"\n    <node id=\"")?;
        out.put(ids.get(row.node).as_bytes())?;
        out.put(b"\">")?;
        label.write(out, Value::Str(row.label), &mut numbers)?;
        leaves(out, &node_leaves, row.values, &mut numbers)?;
        out.put(b"</node>")
    })?;
    rows.edges(|row| {
        out.put(b"\n    <edge source=\"")?;
        out.put(ids.get(row.source).as_bytes())?;
        out.put(b"\" target=\"")?;
        out.put(ids.get(row.target).as_bytes())?;
        out.put(b"\">")?;
        if let (Some(leaf), Some(weight)) = (&weight, row.weight) {
            leaf.write(out, Value::Double(weight), &mut numbers)?;
        }
        leaves(out, &edge_leaves, row.values, &mut numbers)?;
        out.put(b"</edge>")
    })?;
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("graph")))?;
    xml_line(&mut writer, 0, Event::End(BytesEnd::new("graphml")))?;
    writer.get_mut().put(b"\n")
}
