//! CORDIS's JSON exports: an array of objects whose keys are the CSV's column names, at the top
//! or anywhere in a top-level object (the web search's `{"hits": {"hit": [...]}}`), or one such
//! object alone. Values may be strings, as CORDIS writes them, or numbers, booleans and null;
//! nested objects are lifted into their parent and lists of values joined with `;`, as the CSV
//! writes them. As everywhere, the records are recognised by their columns: the first array of
//! objects that are a CORDIS table's rows. JSON Lines (one record per line, as data tools
//! export a table) are objects one after another at the top level.
//!
//! The array's elements are found by one scan that follows strings and nesting (and counts
//! lines, so that errors and rejects point at an element's first line), then parsed in parallel.

use super::{CordisError, CordisProblem, Header, Rows, values::shorten};
use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

/// The columns of the export's first record; `head` may end inside the file.
pub(super) fn header(head: &[u8]) -> Option<Header> {
    let first = records(head).into_iter().next()?;
    header_of(head, &first)
}

/// The columns of one element, at its line.
fn header_of(bytes: &[u8], element: &Element) -> Option<Header> {
    let keys = match serde_json::from_slice::<Ordered>(&bytes[element.span.clone()]) {
        Ok(object) => flat(object).into_iter().map(|(k, _)| k).collect(),
        // Cut off by the end of `bytes`: its keys are read as far as they go.
        Err(_) => keys_of_partial(&bytes[element.span.start..]),
    };
    (keys.len() >= 2).then(|| Header::of(keys, element.line))
}

/// How many arrays of objects are looked at for the records before the top-level object is.
const CANDIDATES: usize = 16;

/// The records: the top-level objects when there are several (JSON Lines) and they are a CORDIS
/// table's rows, else the elements of the first array of objects (or the top-level array) whose
/// first element is one, else the top-level object if it is one, else the first array's
/// elements (whose columns the caller then reports).
fn records(bytes: &[u8]) -> Vec<Element> {
    let is_table = |found: &[Element]| {
        found
            .first()
            .and_then(|first| header_of(bytes, first))
            .is_some_and(|header| super::classify(&header).is_some())
    };
    // Only a document that opens with an object can be JSON Lines: a CORDIS download's
    // top-level array is not scanned twice.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let each = elements(bytes, Records::Each);
        if each.len() > 1 && is_table(&each) {
            return each;
        }
    }
    for nth in 0..CANDIDATES {
        let found = elements(bytes, Records::Array(nth));
        if found.is_empty() {
            break;
        }
        if is_table(&found) {
            return found;
        }
    }
    let top = elements(bytes, Records::Top);
    if is_table(&top) {
        return top;
    }
    elements(bytes, Records::Array(0))
}

/// The export's rows, with the union of its elements' keys as the header.
pub(super) fn rows(bytes: &[u8]) -> Result<(Header, Rows), CordisError> {
    let spans = records(bytes);
    let Some(first) = spans.first() else {
        return Err(CordisError {
            line: 1,
            column: None,
            problem: CordisProblem::NotCordis {
                found: "JSON without an array of records".to_owned(),
            },
        });
    };
    let header_line = first.line;
    let objects: Vec<(usize, Vec<(String, String)>)> = spans
        .par_iter()
        .map(|element| {
            let object = serde_json::from_slice::<Ordered>(&bytes[element.span.clone()]).map_err(
                |error| CordisError {
                    line: element.line + error.line().saturating_sub(1),
                    column: None,
                    problem: CordisProblem::Unreadable(format!(
                        "not a JSON object of column values: {}",
                        shorten(&error.to_string(), 200)
                    )),
                },
            )?;
            Ok((element.line, flat(object)))
        })
        .collect::<Result<_, CordisError>>()?;
    let mut names: Vec<String> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (_, pairs) in &objects {
        for (key, _) in pairs {
            if !positions.contains_key(key) {
                positions.insert(key.clone(), names.len());
                names.push(key.clone());
            }
        }
    }
    let rows = objects
        .into_par_iter()
        .map(|(line, pairs)| {
            let mut fields = vec![String::new(); names.len()];
            for (key, value) in pairs {
                fields[positions[&key]] = value;
            }
            (line, fields)
        })
        .collect();
    Ok((Header::of(names, header_line), rows))
}

/// An object's members in the order written (serde_json's map sorts them), so that the header
/// lists columns as the export does.
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(32));
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Ordered(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// An object's columns as (name, text) pairs, nested objects lifted into it.
fn flat(object: Ordered) -> Vec<(String, String)> {
    let mut pairs = Vec::with_capacity(object.0.len());
    lift(object.0.into_iter(), &mut pairs);
    pairs
}

fn lift(members: impl Iterator<Item = (String, Value)>, pairs: &mut Vec<(String, String)>) {
    for (key, value) in members {
        match value {
            Value::Object(inner) => lift(inner.into_iter(), pairs),
            value if !pairs.iter().any(|(k, _)| *k == key) => pairs.push((key, text(value))),
            _ => {}
        }
    }
}

/// A value as the CSV export writes it.
fn text(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.into_iter().map(text).collect::<Vec<_>>().join(";"),
        Value::Object(object) => Value::Object(object).to_string(),
    }
}

/// One element of the records' array: its bytes and its first line.
struct Element {
    span: Range<usize>,
    line: usize,
}

/// Which elements [`elements`] returns.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Records {
    /// The objects of the nth array of objects in document order (a top-level array counts
    /// whatever it holds).
    Array(usize),
    /// The top-level object itself.
    Top,
    /// Every top-level object, one after another (JSON Lines).
    Each,
}

/// The elements `which` names. The last may be cut off when `bytes` is only the start of a
/// file.
// Long because it is one byte scanner: depth, line, string state and the open element change
// together at every byte, and a split would pass all of them back and forth.
fn elements(bytes: &[u8], which: Records) -> Vec<Element> {
    let mut found = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    // Arrays of objects met so far, and the depth of the records' array once entered.
    let mut arrays = 0;
    let mut array: Option<usize> = None;
    let mut start: Option<(usize, usize)> = None;
    let mut top: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'\n' => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                let of_objects = || {
                    bytes[i + 1..]
                        .iter()
                        .find(|b| !b.is_ascii_whitespace())
                        .is_some_and(|&b| b == b'{')
                };
                if depth == 1 && bytes[i] == b'{' {
                    top = Some((i, line));
                }
                if array.is_none() && bytes[i] == b'[' && (depth == 1 || of_objects()) {
                    if which == Records::Array(arrays) {
                        array = Some(depth);
                    }
                    arrays += 1;
                } else if array.is_some_and(|a| depth == a + 1) && bytes[i] == b'{' {
                    start = Some((i, line));
                }
            }
            b']' | b'}' => {
                if array == Some(depth) {
                    break;
                }
                if let Some((from, first)) = start.filter(|_| array.is_some_and(|a| depth == a + 1))
                {
                    found.push(Element {
                        span: from..i + 1,
                        line: first,
                    });
                    start = None;
                }
                if depth == 1
                    && bytes[i] == b'}'
                    && let Some((from, first)) = top
                {
                    let element = Element {
                        span: from..i + 1,
                        line: first,
                    };
                    match which {
                        Records::Top => return vec![element],
                        Records::Each => found.push(element),
                        Records::Array(_) => {}
                    }
                    top = None;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    let open = match which {
        Records::Array(_) => start,
        // Cut off before the top-level object ends.
        Records::Top | Records::Each => top,
    };
    if let Some((from, first)) = open {
        found.push(Element {
            span: from..bytes.len(),
            line: first,
        });
    }
    found
}

/// The keys of an object cut off before its end: strings directly inside it followed by `:`.
fn keys_of_partial(bytes: &[u8]) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let from = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += usize::from(bytes[i] == b'\\') + 1;
                }
                let after = bytes[(i + 1).min(bytes.len())..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace());
                if depth == 1
                    && after == Some(&b':')
                    && let Some(quoted) = bytes.get(from..=i)
                    && let Ok(key) = serde_json::from_slice::<String>(quoted)
                {
                    keys.push(key);
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_of_a_top_level_array_and_of_an_array_under_a_key() {
        let text = b"[\n {\"id\": \"1\", \"t\": \"a ] } \\\" x\"},\n {\"id\": 2,\n \"n\": {\"x\": [1, 2]}}\n]";
        let found = elements(text, Records::Array(0));
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[1].line), (2, 3));
        let wrapped = b"{\"meta\": {\"n\": 1}, \"projects\": [{\"id\": \"1\"}, {\"id\": \"2\"}]}";
        assert_eq!(elements(wrapped, Records::Array(0)).len(), 2);
        assert_eq!(elements(wrapped, Records::Array(1)).len(), 0);
        assert_eq!(elements(wrapped, Records::Top).len(), 1);
        assert_eq!(elements(wrapped, Records::Each).len(), 1);
    }

    #[test]
    fn json_lines_are_records_one_per_line() {
        let lines =
            b"{\"id\": 1, \"acronym\": \"A\", \"title\": \"T\", \"startDate\": \"2020-01-01\"}\n\
                      {\"id\": 2, \"acronym\": \"B\", \"title\": null, \"startDate\": null}\n";
        let (header, rows) = rows(lines).expect("valid JSON Lines");
        assert_eq!(header.names, ["id", "acronym", "title", "startDate"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            (
                2,
                vec!["2".into(), "B".into(), String::new(), String::new()]
            )
        );
        // Cut off in its second line, the head still tells the table.
        assert!(super::header(&lines[..90]).is_some());
    }

    #[test]
    fn web_search_hits_a_list_of_them_or_one() {
        // Arrays of other objects (facets) come first; the records are the rows of a table.
        let hits =
            br#"{"query": "x", "facets": [{"name": "programme", "values": [{"v": "H2020"}]}],
 "hits": {"hit": [
 {"project": {"id": "1", "acronym": "A", "title": "T", "startDate": "2020-01-01", "topics": ["T"]}},
 {"project": {"id": "2", "acronym": "B"}}]}}"#;
        let found = records(hits);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[1].line), (3, 4));
        let (header, rows) = rows(hits).expect("valid JSON");
        // Nested objects' keys come in serde_json's (sorted) order.
        assert_eq!(
            header.names,
            ["acronym", "id", "startDate", "title", "topics"]
        );
        assert_eq!(rows[1].1, ["B", "2", "", "", ""]);

        // One hit is an object, not a list; lists of other objects inside it are not records.
        let one = br#"{"query": "x", "totalHits": 1,
 "hits": {"hit": {"project": {"id": "1", "acronym": "A", "title": "T", "startDate": "2020-01-01",
 "relations": {"organizations": [{"name": "N"}, {"name": "M"}]}}}}}"#;
        let (header, one_row) = super::rows(one).expect("valid JSON");
        assert_eq!(
            header.names,
            [
                "query",
                "totalHits",
                "acronym",
                "id",
                "organizations",
                "startDate",
                "title"
            ]
        );
        assert_eq!(one_row.len(), 1);
        assert_eq!(one_row[0].1[..4], ["x", "1", "A", "1"]);
        // Cut off inside the object, its keys are still read.
        assert_eq!(elements(&one[..40], Records::Top).len(), 1);
    }

    #[test]
    fn rows_align_values_of_every_type_under_the_union_of_keys() {
        let text = br#"[{"id": 101, "acronym": "A", "sme": true, "cost": 1.5, "note": null},
 {"acronym": "B", "id": "102", "topics": ["T1", "T2"], "address": {"city": "Umea"}}]"#;
        let (header, rows) = rows(text).expect("valid JSON");
        assert_eq!(
            header.names,
            ["id", "acronym", "sme", "cost", "note", "topics", "city"]
        );
        assert_eq!(rows[0].1, ["101", "A", "true", "1.5", "", "", ""]);
        assert_eq!(rows[1].1, ["102", "B", "", "", "", "T1;T2", "Umea"]);
        assert_eq!((rows[0].0, rows[1].0), (1, 2));
    }

    #[test]
    fn a_header_is_read_from_the_first_element_even_when_it_is_cut_off() {
        let head = br#"[{"projectID": "1", "projectAcronym": "X", "organisationID": "9", "name": "N", "role": "coordinator", "objective": "very lo"#;
        let header = header(head).expect("keys before the cut");
        assert_eq!(
            header.names,
            [
                "projectID",
                "projectAcronym",
                "organisationID",
                "name",
                "role",
                "objective"
            ]
        );
    }

    #[test]
    fn broken_json_is_an_error_at_its_element() {
        let error = rows(b"[\n{\"id\": \"1\"},\n{\"id\": 1 2}\n]").expect_err("broken");
        assert_eq!(error.line, 3);
    }
}
