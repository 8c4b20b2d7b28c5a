//! CSV node and edge tables (Gephi's spreadsheet import).

use super::rows::{Numbers, Rows, Value};
use std::io::Write;

fn csv_values<W: Write>(
    writer: &mut csv::Writer<W>,
    values: &[Option<Value<'_>>],
    numbers: &mut Numbers,
) -> csv::Result<()> {
    for value in values {
        match value {
            Some(value) => writer.write_field(numbers.format(*value))?,
            None => writer.write_field("")?,
        }
    }
    writer.write_record(None::<&[u8]>)
}

pub(super) fn csv_nodes<W: Write>(rows: &Rows<'_>, out: W) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["Id", "Label"].into_iter();
    writer.write_record(header.chain(rows.node_attrs.iter().map(|a| a.name)))?;
    let mut numbers = Numbers::default();
    rows.nodes(|row| {
        writer.write_field(rows.id(row.node))?;
        writer.write_field(row.label)?;
        csv_values(&mut writer, row.values, &mut numbers)
    })?;
    writer.flush()?;
    Ok(())
}

pub(super) fn csv_edges<W: Write>(rows: &Rows<'_>, out: W) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["Source", "Target", "Weight", "Type"].into_iter();
    writer.write_record(header.chain(rows.edge_attrs.iter().map(|a| a.name)))?;
    let mut numbers = Numbers::default();
    rows.edges(|row| {
        writer.write_field(rows.id(row.source))?;
        writer.write_field(rows.id(row.target))?;
        match row.weight {
            Some(weight) => writer.write_field(numbers.double(weight))?,
            None => writer.write_field("")?,
        }
        writer.write_field("Undirected")?;
        csv_values(&mut writer, row.values, &mut numbers)
    })?;
    writer.flush()?;
    Ok(())
}
