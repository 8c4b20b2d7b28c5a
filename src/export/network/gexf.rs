//! GEXF 1.3 (Gephi).

use super::buffered::Buffered;
use super::rows::{Attr, Numbers, Rows, Texts, Type, Value};
use super::xml::{Leaf, escaped, leaves, xml_line, xml_writer};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use std::io;

fn gexf_type(ty: Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Int => "integer",
        Type::Double => "double",
        Type::Boolean => "boolean",
    }
}

/// Declares the used attributes of a class; returns the markup of their values.
fn gexf_attributes(
    writer: &mut Writer<&mut Buffered<'_>>,
    class: &str,
    attrs: &[Attr],
    used: &[bool],
) -> io::Result<Vec<Option<Leaf>>> {
    let start = BytesStart::new("attributes").with_attributes([("class", class)]);
    xml_line(writer, 2, Event::Start(start.borrow()))?;
    let mut count = 0;
    let leaves = attrs
        .iter()
        .zip(used)
        .map(|(attr, &used)| {
            if !used {
                return Ok(None);
            }
            let id = count.to_string();
            count += 1;
            let declaration = BytesStart::new("attribute").with_attributes([
                ("id", id.as_str()),
                ("title", attr.name),
                ("type", gexf_type(attr.ty)),
            ]);
            xml_line(writer, 3, Event::Empty(declaration))?;
            Ok(Some(Leaf {
                open: format!("<attvalue for=\"{id}\" value=\""),
                close: "\"/>",
            }))
        })
        .collect::<io::Result<_>>()?;
    xml_line(writer, 2, Event::End(start.to_end()))?;
    Ok(leaves)
}

/// Ends the start tag of a node or an edge and writes its `<attvalues>`, or closes it as an
/// empty element when it has none (the GEXF schema does not allow an empty `<attvalues/>`).
fn gexf_values(
    out: &mut Buffered<'_>,
    element: &[u8],
    markup: &[Option<Leaf>],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    let mut present = markup.iter().zip(values);
    if !present.any(|(leaf, value)| leaf.is_some() && value.is_some()) {
        return out.put(b"/>");
    }
    out.put(b"><attvalues>")?;
    leaves(out, markup, values, numbers)?;
    out.put(b"</attvalues></")?;
    out.put(element)?;
    out.put(b">")
}

/// GEXF 1.3, as Gephi imports it: labels and weights are the XML attributes Gephi reads them
/// from, everything else typed `<attvalue>`s. No date in `<meta>`, to keep writes identical.
pub(super) fn gexf(rows: &Rows<'_>, out: &mut Buffered<'_>) -> io::Result<()> {
    let used = &rows.used;
    let mut writer = xml_writer(out)?;
    let root = BytesStart::new("gexf").with_attributes([
        ("xmlns", "http://gexf.net/1.3"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        ),
        ("version", "1.3"),
    ]);
    xml_line(&mut writer, 0, Event::Start(root.borrow()))?;
    xml_line(&mut writer, 1, Event::Start(BytesStart::new("meta")))?;
    for (name, text) in [
        ("creator", "partnergraph"),
        ("description", rows.description()),
    ] {
        writer.get_mut().put(b"\n    ")?;
        (writer.create_element(name)).write_text_content(BytesText::new(text))?;
    }
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("meta")))?;
    let graph = BytesStart::new("graph")
        .with_attributes([("defaultedgetype", "undirected"), ("mode", "static")]);
    xml_line(&mut writer, 1, Event::Start(graph.borrow()))?;
    let node_leaves = gexf_attributes(&mut writer, "node", rows.node_attrs, &used.node)?;
    let edge_leaves = gexf_attributes(&mut writer, "edge", rows.edge_attrs, &used.edge)?;

    let ids: Texts = rows.ids.iter().map(escaped).collect();
    let mut numbers = Numbers::default();
    xml_line(&mut writer, 2, Event::Start(BytesStart::new("nodes")))?;
    rows.nodes(|row| {
        let out = writer.get_mut();
        out.put(b"\n      <node id=\"")?;
        out.put(ids.get(row.node).as_bytes())?;
        out.put(b"\" label=\"")?;
        out.put(escaped(row.label).as_bytes())?;
        out.put(b"\"")?;
        gexf_values(out, b"node", &node_leaves, row.values, &mut numbers)
    })?;
    xml_line(&mut writer, 2, Event::End(BytesEnd::new("nodes")))?;

    xml_line(&mut writer, 2, Event::Start(BytesStart::new("edges")))?;
    rows.edges(|row| {
        let out = writer.get_mut();
        out.put(b"\n      <edge id=\"e")?;
        out.put(numbers.int.format(row.index).as_bytes())?;
        out.put(b"\" source=\"")?;
        out.put(ids.get(row.source).as_bytes())?;
        out.put(b"\" target=\"")?;
        out.put(ids.get(row.target).as_bytes())?;
        if let Some(weight) = row.weight {
            out.put(b"\" weight=\"")?;
            out.put(numbers.double(weight).as_bytes())?;
        }
        out.put(b"\"")?;
        gexf_values(out, b"edge", &edge_leaves, row.values, &mut numbers)
    })?;
    xml_line(&mut writer, 2, Event::End(BytesEnd::new("edges")))?;
    xml_line(&mut writer, 1, Event::End(BytesEnd::new("graph")))?;
    xml_line(&mut writer, 0, Event::End(BytesEnd::new("gexf")))?;
    writer.get_mut().put(b"\n")
}
