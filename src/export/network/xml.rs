//! What GraphML and GEXF share: escaping, value markup, and the document frame.

use super::buffered::Buffered;
use super::rows::{Numbers, Value};
use quick_xml::Writer;
use quick_xml::escape::escape;
use quick_xml::events::{BytesDecl, Event};
use std::borrow::Cow;
use std::io;

/// XML 1.0 cannot carry most C0 controls nor U+FFFE/U+FFFF, not even as character references:
/// they become U+FFFD so that the document stays well-formed.
pub(super) fn xml_safe(s: &str) -> Cow<'_, str> {
    fn allowed(c: char) -> bool {
        !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}')
    }
    // Fast path on bytes, without early exit so that it vectorises: no control character and
    // no 0xEF (the lead byte of U+FFFE/U+FFFF).
    let suspect = s
        .bytes()
        .fold(false, |suspect, b| suspect | (b < 0x20) | (b == 0xEF));
    if !suspect || s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// A string as escaped XML text or attribute value (quick-xml's escaping).
pub(super) fn escaped(s: &str) -> Cow<'_, str> {
    escape(xml_safe(s))
}

/// A value as escaped XML: numbers and booleans have nothing to escape.
pub(super) fn xml_text<'s>(value: Value<'s>, numbers: &'s mut Numbers) -> Cow<'s, str> {
    match value {
        Value::Str(s) => escaped(s),
        other => Cow::Borrowed(numbers.format(other)),
    }
}

/// The markup around one attribute's values, as in `<data key="n3">…</data>`.
pub(super) struct Leaf {
    pub(super) open: String,
    pub(super) close: &'static str,
}

impl Leaf {
    pub(super) fn write(
        &self,
        out: &mut Buffered<'_>,
        value: Value<'_>,
        numbers: &mut Numbers,
    ) -> io::Result<()> {
        out.put(self.open.as_bytes())?;
        out.put(xml_text(value, numbers).as_bytes())?;
        out.put(self.close.as_bytes())
    }
}

/// Writes the present values of a row, each in its attribute's markup (`None`: undeclared).
pub(super) fn leaves(
    out: &mut Buffered<'_>,
    markup: &[Option<Leaf>],
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> io::Result<()> {
    for (leaf, value) in markup.iter().zip(values) {
        if let (Some(leaf), Some(value)) = (leaf, value) {
            leaf.write(out, *value, numbers)?;
        }
    }
    Ok(())
}

/// quick-xml's writer, without its indentation. It writes a document's frame: the prolog, the
/// root, the declarations, the containers. Nodes and edges — a million rows and six million
/// values at H2020 scale — are written as markup around quick-xml-escaped text, one row a
/// line: as quick-xml events (start, text and end for each value) a GraphML export took twice
/// the instructions.
pub(super) fn xml_writer<'o, 'w>(
    out: &'o mut Buffered<'w>,
) -> io::Result<Writer<&'o mut Buffered<'w>>> {
    let mut writer = Writer::new(out);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// Writes `event` on a line of its own, indented for `depth`.
pub(super) fn xml_line(
    writer: &mut Writer<&mut Buffered<'_>>,
    depth: usize,
    event: Event<'_>,
) -> io::Result<()> {
    writer.get_mut().put(&b"\n        "[..1 + 2 * depth])?;
    writer.write_event(event)
}
