//! CSV node and edge tables (Gephi's spreadsheet import).

use super::rows::{Numbers, Rows, Value};
use rayon::prelude::*;
use std::io::Write;
use std::ops::Range;

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

/// Edges per chunk formatted on one thread: large enough to keep the threads busy, small
/// enough that a few chunks in memory cost little.
pub(super) const CHUNK: usize = 32 * 1024;

/// Writes the edges' rows in chunks formatted in parallel and written in order: formatting
/// 800,000 edges took most of a `network --format csv` at H2020 scale after the metrics.
pub(super) fn csv_edges<W: Write>(rows: &Rows<'_>, mut out: W) -> csv::Result<()> {
    let mut header = csv::Writer::from_writer(Vec::new());
    let names = ["Source", "Target", "Weight", "Type"].into_iter();
    header.write_record(names.chain(rows.edge_attrs.iter().map(|a| a.name)))?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    let chunks: Vec<Range<usize>> = (0..rows.edge_count())
        .step_by(CHUNK)
        .map(|start| start..(start + CHUNK).min(rows.edge_count()))
        .collect();
    // A few chunks per thread at a time, so that memory stays bounded on any size.
    for batch in chunks.chunks(4 * rayon::current_num_threads()) {
        let formatted: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|range| edge_rows(rows, range.clone()))
            .collect::<csv::Result<_>>()?;
        for bytes in formatted {
            out.write_all(&bytes)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn edge_rows(rows: &Rows<'_>, range: Range<usize>) -> csv::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(range.len() * 96));
    let mut numbers = Numbers::default();
    rows.edges_in(range, |row| {
        writer.write_field(rows.id(row.source))?;
        writer.write_field(rows.id(row.target))?;
        match row.weight {
            Some(weight) => writer.write_field(numbers.double(weight))?,
            None => writer.write_field("")?,
        }
        writer.write_field("Undirected")?;
        csv_values(&mut writer, row.values, &mut numbers)
    })?;
    writer.into_inner().map_err(|e| e.into_error().into())
}
