//! Files that are tables but not CORDIS exports: refused with what they look like, never read as
//! prose. A CORDIS export saved again by a spreadsheet often comes back with commas or tabs
//! between its fields; read as text, its rows would become strategy sentences and its cells
//! organisation names.

use super::cordis::{self, CordisKind};
use std::path::Path;

/// Why a file that looks like a table is refused.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(
        "this is the CORDIS {table} table with its fields separated by {found}, but CORDIS \
         exports separate them with semicolons, which is what partnergraph reads. Use the file \
         from the CORDIS download as it came, or save this one again as CSV with `;` as the \
         field separator (LibreOffice: Save As, Text CSV, Edit filter settings, Field \
         delimiter `;`)"
    )]
    CordisDelimiter {
        table: &'static str,
        found: &'static str,
    },
    #[error(
        "this is a table ({columns} columns separated by {found}; first row: {header}), not a \
         profile or strategy text; the only tables partnergraph reads are CORDIS CSV exports \
         (fields separated by semicolons, under CORDIS's column names)"
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
    match cordis::detect(header.join(";").as_bytes()) {
        Some(kind) if found != "semicolons" => Some(TableError::CordisDelimiter {
            table: table_name(kind),
            found,
        }),
        _ => Some(TableError::NotCordis {
            columns: header.len(),
            found,
            header: quote_row(header),
        }),
    }
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

/// The file name of a CORDIS table, as the download names it.
fn table_name(kind: CordisKind) -> &'static str {
    match kind {
        CordisKind::Projects => "project.csv",
        CordisKind::Organisations => "organization.csv",
        CordisKind::FieldsOfScience => "euroSciVoc.csv",
        CordisKind::Topics => "topics.csv",
        CordisKind::LegalBasis => "legalBasis.csv",
        CordisKind::Unused(name) => name,
    }
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

    /// A CORDIS project header and two rows, re-saved with `delimiter`.
    fn projects(delimiter: &str) -> String {
        // Fields separated by `|` here, each quoted in the output.
        let rows = [
            "id|acronym|status|title|startDate|endDate|totalCost",
            "101000001|ALPHA|SIGNED|Cells, tissues|2021-01-01|2024-12-31|10",
            "101000002|BETA|CLOSED|Water|2020-03-01|2023-02-28|20",
        ];
        rows.iter()
            .map(|row| {
                row.split('|')
                    .map(|f| format!("\"{f}\""))
                    .collect::<Vec<_>>()
                    .join(delimiter)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_cordis_table_with_another_delimiter_is_named_with_the_fix() {
        for (delimiter, name) in [(",", "commas"), ("\t", "tabs"), ("|", "vertical bars")] {
            let message = refused("project.txt", &projects(delimiter)).unwrap();
            assert!(
                message.contains("the CORDIS project.csv table")
                    && message.contains(&format!("separated by {name}"))
                    && message.contains("`;` as the field separator"),
                "{message}"
            );
        }
    }

    #[test]
    fn the_organisation_table_with_commas_is_named() {
        let text = "projectID,projectAcronym,organisationID,vatNumber,name,shortName\n\
                    101000001,ALPHA,999999999,SE1,\"KTH, ROYAL INSTITUTE\",KTH\n\
                    101000001,ALPHA,999999998,,REGION STOCKHOLM,\n";
        let message = refused("organization.csv", text).unwrap();
        assert!(
            message.contains("CORDIS organization.csv table"),
            "{message}"
        );
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
