//! Parquet node and edge tables (DuckDB, pandas, polars, Spark GraphFrames): the CSV tables'
//! columns, typed — strings, 64-bit integers, doubles and booleans, missing values null.
//! Edges are written in row groups as they stream, so the whole edge table is never held.

use super::rows::{Attr, Rows, Type, Value};
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// Rows per row group: large enough for readers to scan fast, small enough to stream.
const GROUP: usize = 128 * 1024;

enum Column {
    Str(StringBuilder),
    Int(Int64Builder),
    Double(Float64Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(ty: Type) -> Self {
        match ty {
            Type::String => Self::Str(StringBuilder::new()),
            Type::Int => Self::Int(Int64Builder::new()),
            Type::Double => Self::Double(Float64Builder::new()),
            Type::Boolean => Self::Bool(BooleanBuilder::new()),
        }
    }

    fn data_type(ty: Type) -> DataType {
        match ty {
            Type::String => DataType::Utf8,
            Type::Int => DataType::Int64,
            Type::Double => DataType::Float64,
            Type::Boolean => DataType::Boolean,
        }
    }

    fn push(&mut self, value: Option<Value<'_>>) {
        match (self, value) {
            (Self::Str(b), Some(Value::Str(s))) => b.append_value(s),
            (Self::Int(b), Some(Value::Int(i))) => b.append_value(i),
            (Self::Double(b), Some(Value::Double(x))) => b.append_value(x),
            (Self::Double(b), Some(Value::Int(i))) => b.append_value(i as f64),
            (Self::Bool(b), Some(Value::Bool(x))) => b.append_value(x),
            (Self::Str(b), _) => b.append_null(),
            (Self::Int(b), _) => b.append_null(),
            (Self::Double(b), _) => b.append_null(),
            (Self::Bool(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Str(b) => Arc::new(b.finish()),
            Self::Int(b) => Arc::new(b.finish()),
            Self::Double(b) => Arc::new(b.finish()),
            Self::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// A Parquet file being written: its columns' builders and the row count since the last group.
struct Table {
    schema: SchemaRef,
    columns: Vec<Column>,
    rows: usize,
    writer: ArrowWriter<File>,
}

impl Table {
    /// `leading` columns (required unless nullable) before the view's attributes.
    fn create(
        path: &Path,
        leading: &[(&str, Type, bool)],
        attrs: &[Attr],
    ) -> Result<Self, ParquetError> {
        let mut fields = Vec::new();
        let mut columns = Vec::new();
        for &(name, ty, nullable) in leading {
            fields.push(Field::new(name, Column::data_type(ty), nullable));
            columns.push(Column::new(ty));
        }
        for attr in attrs {
            fields.push(Field::new(attr.name, Column::data_type(attr.ty), true));
            columns.push(Column::new(attr.ty));
        }
        let schema = Arc::new(Schema::new(fields));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(GROUP))
            .build();
        let writer = ArrowWriter::try_new(File::create(path)?, schema.clone(), Some(properties))?;
        Ok(Self {
            schema,
            columns,
            rows: 0,
            writer,
        })
    }

    fn row_done(&mut self) -> Result<(), ParquetError> {
        self.rows += 1;
        if self.rows == GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ParquetError> {
        let columns = self.columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<(), ParquetError> {
        if self.rows > 0 {
            self.flush()?;
        }
        self.writer.close()?;
        Ok(())
    }
}

pub(super) fn parquet_nodes(rows: &Rows<'_>, path: &Path) -> Result<(), ParquetError> {
    let leading = [("id", Type::String, false), ("label", Type::String, false)];
    let mut table = Table::create(path, &leading, rows.node_attrs)?;
    rows.nodes(|row| {
        table.columns[0].push(Some(Value::Str(rows.id(row.node))));
        table.columns[1].push(Some(Value::Str(row.label)));
        for (column, value) in table.columns[2..].iter_mut().zip(row.values) {
            column.push(*value);
        }
        table.row_done()
    })?;
    table.close()
}

pub(super) fn parquet_edges(rows: &Rows<'_>, path: &Path) -> Result<(), ParquetError> {
    let leading = [
        ("source", Type::String, false),
        ("target", Type::String, false),
        ("weight", Type::Double, true),
    ];
    let mut table = Table::create(path, &leading, rows.edge_attrs)?;
    rows.edges(|row| {
        table.columns[0].push(Some(Value::Str(rows.id(row.source))));
        table.columns[1].push(Some(Value::Str(rows.id(row.target))));
        table.columns[2].push(row.weight.map(Value::Double));
        for (column, value) in table.columns[3..].iter_mut().zip(row.values) {
            column.push(*value);
        }
        table.row_done()
    })?;
    table.close()
}
