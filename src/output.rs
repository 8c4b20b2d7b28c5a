//! Rows as the commands that list them print them: an aligned table for people, CSV and JSON
//! for programs. Each returns the text, so a command's library function stays free of stdout.

use serde::Serialize;

/// An aligned plain-text table (the query module's, so every command's tables look alike).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    crate::query::table::write(&mut out, headers, rows).expect("writing to memory");
    String::from_utf8(out).expect("the table is UTF-8")
}

/// CSV with a header line.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("the CSV is UTF-8"))
}

/// Pretty-printed JSON ending with a newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("plain data serialises") + "\n"
}
