//! CORDIS's XLSX exports: the first sheet, a header row, one record per row. Cells are turned
//! back into the text the CSV export writes: whole numbers without a decimal point (ids, PICs),
//! dates as `YYYY-MM-DD`. A spreadsheet stores a postcode such as `01067` as the number 1067;
//! the row reader gives such postcodes their zeros back like any other export's.

use super::{CordisError, CordisProblem, Header, Rows, values::shorten};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// The first sheet's header; None if `bytes` is not a workbook (or only its start).
pub(super) fn header(bytes: &[u8]) -> Option<Header> {
    let rows = sheet(bytes).ok()?;
    let at = header_row(&rows)?;
    let (line, names) = rows.into_iter().nth(at)?;
    Some(Header::of(names, line))
}

pub(super) fn rows(bytes: &[u8]) -> Result<(Header, Rows), CordisError> {
    let rows = sheet(bytes)?;
    let Some(at) = header_row(&rows) else {
        return Err(CordisError {
            line: rows.first().map_or(1, |(line, _)| *line),
            column: None,
            problem: CordisProblem::NotCordis {
                found: match rows.first() {
                    Some((_, names)) => shorten(&names.join(";"), 300),
                    None => "an empty spreadsheet".to_owned(),
                },
            },
        });
    };
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

/// The header row: the first of the first rows whose names are a CORDIS table's, since a
/// workbook may start with a title row.
fn header_row(rows: &Rows) -> Option<usize> {
    rows.iter()
        .take(10)
        .position(|(line, names)| super::classify(&Header::of(names.clone(), *line)).is_some())
}

/// The first sheet's non-empty rows as text, each with its row number.
fn sheet(bytes: &[u8]) -> Result<Rows, CordisError> {
    let unreadable = |what: String| CordisError {
        line: 1,
        column: None,
        problem: CordisProblem::Unreadable(shorten(&what, 200)),
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not a readable XLSX workbook: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no sheet".to_owned()))?
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?;
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
    Ok(rows)
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
        Data::DateTime(date) => date_text(date.as_f64()),
    }
}

/// An Excel serial date (days since 1899-12-30; the 1900 leap-year bug only affects dates
/// before March 1900) as `YYYY-MM-DD`, with the time of day if it has one.
fn date_text(serial: f64) -> String {
    let days = serial.floor() as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(date_text(44197.0), "2021-01-01");
        assert_eq!(date_text(36526.0), "2000-01-01");
        assert_eq!(date_text(44776.7458564815), "2022-08-03 17:54:02");
    }

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
