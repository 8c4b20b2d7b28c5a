//! CORDIS's XLSX exports: the first sheet that holds a CORDIS table (a workbook kept by a
//! spreadsheet user may open with a cover sheet), a header row, one record per row. Cells are
//! turned back into the text the CSV export writes: whole numbers without a decimal point (ids,
//! PICs), dates as `YYYY-MM-DD`. A spreadsheet stores a postcode such as `01067` as the number
//! 1067, and a date without a date format as its day number; the row reader repairs both, as it
//! does for any other export.

use super::values::{serial_date, shorten};
use super::{CordisError, CordisProblem, Header, Rows};
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::io::Cursor;

/// Why a workbook gives no CORDIS table.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error(
        "not a readable XLSX workbook (damaged, or cut short by an interrupted download: download it again)"
    )]
    Unreadable(#[source] XlsxError),
    #[error("its sheet {sheet:?} cannot be read")]
    Sheet {
        sheet: String,
        #[source]
        source: XlsxError,
    },
    #[error(
        "no sheet holds a CORDIS table (a row of CORDIS's column names among its first 10 rows); the first sheet starts with {found}"
    )]
    NoTable { found: String },
}

/// The header of the workbook's CORDIS table; None if `bytes` is not a workbook holding one
/// (or only its start).
pub(super) fn header(bytes: &[u8]) -> Option<Header> {
    let (rows, at) = table(bytes).ok()?;
    let (line, names) = rows.into_iter().nth(at)?;
    Some(Header::of(names, line))
}

/// Why `bytes` give no CORDIS table; None when they do.
pub(super) fn problem(bytes: &[u8]) -> Option<WorkbookError> {
    table(bytes).err()
}

pub(super) fn rows(bytes: &[u8]) -> Result<(Header, Rows), CordisError> {
    let (rows, at) = table(bytes).map_err(|error| CordisError {
        line: 1,
        column: None,
        problem: match error {
            WorkbookError::NoTable { found } => CordisProblem::NotCordis { found },
            other => CordisProblem::Unreadable(shorten(&error_chain(&other), 300)),
        },
    })?;
    let mut rows = rows.into_iter().skip(at);
    let (line, names) = rows.next().expect("the header row is there");
    let width = names.len();
    let rows = rows
        .map(|(line, mut fields)| {
            // Trailing empty cells are not stored: they are empty fields.
            if fields.len() < width {
                fields.resize(width, String::new());
            }
            (line, fields)
        })
        .collect();
    Ok((Header::of(names, line), rows))
}

/// An error with its causes, for a problem that keeps only text.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// The header row: the first of the first rows whose names are a CORDIS table's, since a
/// sheet may start with a title row.
fn header_row(rows: &Rows) -> Option<usize> {
    rows.iter()
        .take(10)
        .position(|(line, names)| super::classify(&Header::of(names.clone(), *line)).is_some())
}

/// The rows of the first sheet holding a CORDIS table, and where its header row is among them.
fn table(bytes: &[u8]) -> Result<(Rows, usize), WorkbookError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(WorkbookError::Unreadable)?;
    let mut first: Option<Rows> = None;
    for sheet in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|source| WorkbookError::Sheet { sheet, source })?;
        let rows = sheet_rows(&range);
        if let Some(at) = header_row(&rows) {
            return Ok((rows, at));
        }
        first.get_or_insert(rows);
    }
    let found = match first.as_deref().and_then(<[_]>::first) {
        Some((_, cells)) => format!("{:?}", shorten(&cells.join(";"), 120)),
        None => "nothing (every sheet is empty)".to_owned(),
    };
    Err(WorkbookError::NoTable { found })
}

/// A sheet's non-empty rows as text, each with its row number.
fn sheet_rows(range: &calamine::Range<Data>) -> Rows {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(range.height());
    for (i, cells) in range.rows().enumerate() {
        let mut fields: Vec<String> = std::iter::repeat_n(String::new(), first_column as usize)
            .chain(cells.iter().map(text))
            .collect();
        while fields.last().is_some_and(String::is_empty) {
            fields.pop();
        }
        if !fields.is_empty() {
            rows.push((first_row as usize + i + 1, fields));
        }
    }
    rows
}

/// A cell as the CSV export would write its value.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        // As Excel shows it (`#VALUE!`): an amount that is an error is unreadable, not missing.
        Data::Error(e) => e.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(date) => serial_date(date.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_csv_writes_them() {
        assert_eq!(text(&Data::Float(101017424.0)), "101017424");
        assert_eq!(text(&Data::Float(316579.5)), "316579.5");
        assert_eq!(text(&Data::Bool(false)), "false");
        assert_eq!(text(&Data::Empty), "");
        assert_eq!(
            text(&Data::Error(calamine::CellErrorType::Value)),
            "#VALUE!"
        );
    }
}
