//! Files that are tables but not CORDIS exports: refused with what they look like, never read as
//! prose (its rows would become strategy sentences and its cells organisation names). A CORDIS
//! export saved again by a spreadsheet, with commas or tabs between its fields, is read as the
//! CORDIS table it is (see `cordis`) and never reaches this.

use std::path::Path;

/// Why a file that looks like a table is refused.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(
        "this is a table ({columns} columns separated by {found}; first row: {header}), not a \
         profile or strategy text; the only tables partnergraph reads are CORDIS exports \
         (under CORDIS's column names, in CSV, JSON or XLSX)"
    )]
    NotCordis {
        columns: usize,
        found: &'static str,
        header: String,
    },
}

/// Delimiters spreadsheets write, with their names for messages.
const DELIMITERS: [(u8, &str); 4] = [
    (b',', "commas"),
    (b'\t', "tabs"),
    (b';', "semicolons"),
    (b'|', "vertical bars"),
];

/// How much of a file is looked at: enough rows to tell a table from prose.
const SAMPLE: usize = 64 * 1024;
const ROWS: usize = 200;

/// Refuses `bytes` if they look like a table: every row has the same number of fields (at least
/// two) under one delimiter, over at least three rows (two if there are four columns or more),
/// or the file is named `.csv`/`.tsv`. Quoted fields may hold delimiters and line breaks, as in
/// CSV. Returns None for anything else.
pub fn refuse(path: &Path, bytes: &[u8]) -> Option<TableError> {
    let named_table = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "tab"].contains(&e.to_ascii_lowercase().as_str()));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A sample cut short loses its last row, which may be cut in the middle.
    let truncated = bytes.len() > SAMPLE;
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let best = DELIMITERS
        .iter()
        .filter_map(|&(delimiter, name)| {
            let rows = rows(sample, delimiter, truncated);
            let columns = rows.first()?.len();
            let consistent = rows.iter().all(|row| row.len() == columns);
            let table = columns >= 2
                && consistent
                && (rows.len() >= 3 || (rows.len() == 2 && columns >= 4));
            (table || (named_table && columns >= 2)).then_some((rows, name, consistent))
        })
        // Consistent rows first, then the most columns.
        .max_by_key(|(rows, _, consistent)| (*consistent, rows[0].len()))?;
    let (rows, found, _) = best;
    let header = &rows[0];
    Some(TableError::NotCordis {
        columns: header.len(),
        found,
        header: quote_row(header),
    })
}

/// The first `ROWS` rows of `sample` split at `delimiter`, blank lines left out.
fn rows(sample: &[u8], delimiter: u8, truncated: bool) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(sample);
    let mut rows: Vec<Vec<String>> = reader
        .byte_records()
        .take(ROWS + 1)
        .map_while(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| String::from_utf8_lossy(field).trim().to_owned())
                .collect()
        })
        .collect();
    if truncated || rows.len() > ROWS {
        rows.pop();
    }
    rows
}

/// The first fields of a row, for a message.
fn quote_row(row: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = row
        .iter()
        .take(SHOWN)
        .map(|field| {
            let short: String = field.chars().take(40).collect();
            format!("{short:?}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    if row.len() > SHOWN {
        text.push_str(", …");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: &str, text: &str) -> Option<String> {
        refuse(Path::new(name), text.as_bytes()).map(|e| e.to_string())
    }

    #[test]
    fn other_tables_are_refused_as_tables() {
        let text = "name;city;budget\nAlpha;Lund;12\nBeta;Umeå;7\n";
        let message = refused("budget.txt", text).unwrap();
        assert!(
            message.contains("a table (3 columns separated by semicolons")
                && message.contains("\"name\", \"city\", \"budget\""),
            "{message}"
        );
        // Named as a table: refused even when its rows disagree.
        assert!(refused("list.csv", "a,b\nc\n").is_some());
    }

    #[test]
    fn prose_is_not_a_table() {
        let prose = "Region Stockholm, the county's health authority, works with KTH.\n\
                     Priorities are life science, health data and care.\n\
                     We invite partners, in Sweden and abroad, to join us.\n";
        assert_eq!(refused("strategy.txt", prose), None);
        // Two lines with a comma each are not enough to call it a table.
        assert_eq!(refused("note.txt", "Lund, Sweden\nUmeå, Sweden\n"), None);
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read(&path).unwrap();
                assert!(refuse(&path, &text).is_none(), "{}", path.display());
            }
        }
    }

    #[test]
    fn quoted_line_breaks_and_delimiters_stay_in_their_field() {
        let text = "id,objective,acronym\n1,\"Cells,\nand tissues\",A\n2,\"Water\",B\n3,x,C\n";
        assert!(
            refused("p.txt", text)
                .unwrap()
                .contains("3 columns separated by commas")
        );
    }
}
