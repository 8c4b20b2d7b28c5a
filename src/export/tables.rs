//! `export --format parquet`: the participation network as four Parquet tables, for DuckDB,
//! pandas, polars and Spark. Organisations and projects are keyed by IRI, the keys the
//! participation and theme tables join on; the tables come from the generation's
//! participation index, so they are what `network` projects.

use crate::analysis::network::Participation;
use crate::model::Role;
use crate::rdf::participations::{self, IndexError};
use crate::store::ReadStore;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("{path}")]
    Write { path: PathBuf, source: ParquetError },
    #[error("{path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A column: its name, whether it may be null, and its values.
type Column = (&'static str, bool, ArrayRef);

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(values.collect::<StringArray>())
}

/// Every known role of each participation, the leading one first, as a list column.
fn role_lists(parts: &[Participation]) -> ArrayRef {
    let mut lists = ListBuilder::new(StringBuilder::new());
    for part in parts {
        for role in part.roles.iter() {
            lists.values().append_value(role.code());
        }
        lists.append(true);
    }
    Arc::new(lists.finish())
}

fn write(path: &Path, columns: Vec<Column>) -> Result<(), TablesError> {
    let error = |source| TablesError::Write {
        path: path.to_owned(),
        source,
    };
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, nullable, array)| Field::new(*name, array.data_type().clone(), *nullable))
        .collect();
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, _, array)| array).collect(),
    )
    .map_err(|e| error(e.into()))?;
    let file = std::fs::File::create(path).map_err(|source| TablesError::Io {
        path: path.to_owned(),
        source,
    })?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(properties)).map_err(error)?;
    writer.write(&batch).map_err(error)?;
    writer.close().map_err(error)?;
    Ok(())
}

/// Writes organisations.parquet, projects.parquet, participations.parquet and
/// project_themes.parquet into `dir`, creating it; returns their paths.
// Long because it is the four tables' column lists, one entry per column, kept side by side so
// that the keys they share are written alike.
pub fn parquet_tables(read: &ReadStore, dir: &Path) -> Result<Vec<PathBuf>, TablesError> {
    let net = participations::read_bipartite(&read.file(participations::FILE), read.store())?;
    std::fs::create_dir_all(dir).map_err(|source| TablesError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let orgs = &net.orgs;
    let projects = &net.projects;
    let parts = &net.participations;
    let org_iri = |o: u32| Some(orgs[o as usize].iri.as_str());
    let project_iri = |p: u32| Some(projects[p as usize].iri.as_str());
    let themes: Vec<(u32, &str)> = (0..)
        .zip(projects)
        .flat_map(|(p, project)| project.themes.iter().map(move |t| (p, t.as_str())))
        .collect();
    let tables: Vec<(&str, Vec<Column>)> = vec![
        (
            "organisations.parquet",
            vec![
                (
                    "iri",
                    false,
                    strings(orgs.iter().map(|o| Some(o.iri.as_str()))),
                ),
                (
                    "label",
                    false,
                    strings(orgs.iter().map(|o| Some(o.label.as_str()))),
                ),
                (
                    "country",
                    true,
                    strings(orgs.iter().map(|o| o.country.as_deref())),
                ),
                (
                    "activity_type",
                    true,
                    strings(orgs.iter().map(|o| o.org_type.as_deref())),
                ),
                (
                    "sme",
                    true,
                    Arc::new(orgs.iter().map(|o| o.sme).collect::<BooleanArray>()),
                ),
            ],
        ),
        (
            "projects.parquet",
            vec![
                (
                    "iri",
                    false,
                    strings(projects.iter().map(|p| Some(p.iri.as_str()))),
                ),
                (
                    "acronym",
                    false,
                    strings(projects.iter().map(|p| Some(p.acronym.as_str()))),
                ),
                (
                    "programme",
                    true,
                    strings(projects.iter().map(|p| p.programme.as_deref())),
                ),
                (
                    "start_year",
                    true,
                    Arc::new(
                        projects
                            .iter()
                            .map(|p| p.start_year)
                            .collect::<Int32Array>(),
                    ),
                ),
                (
                    "end_year",
                    true,
                    Arc::new(projects.iter().map(|p| p.end_year).collect::<Int32Array>()),
                ),
                (
                    "ec_max_contribution",
                    true,
                    Arc::new(
                        projects
                            .iter()
                            .map(|p| p.ec_max_contribution)
                            .collect::<Float64Array>(),
                    ),
                ),
            ],
        ),
        (
            "participations.parquet",
            vec![
                (
                    "organisation",
                    false,
                    strings(parts.iter().map(|p| org_iri(p.org))),
                ),
                (
                    "project",
                    false,
                    strings(parts.iter().map(|p| project_iri(p.project))),
                ),
                (
                    "role",
                    true,
                    strings(parts.iter().map(|p| p.role.map(Role::code))),
                ),
                ("roles", false, role_lists(parts)),
                (
                    "ec_contribution",
                    true,
                    Arc::new(
                        parts
                            .iter()
                            .map(|p| p.ec_contribution)
                            .collect::<Float64Array>(),
                    ),
                ),
            ],
        ),
        (
            "project_themes.parquet",
            vec![
                (
                    "project",
                    false,
                    strings(themes.iter().map(|(p, _)| project_iri(*p))),
                ),
                (
                    "theme",
                    false,
                    strings(themes.iter().map(|(_, t)| Some(*t))),
                ),
            ],
        ),
    ];
    let mut files = Vec::new();
    for (name, columns) in tables {
        let path = dir.join(name);
        write(&path, columns)?;
        files.push(path);
    }
    Ok(files)
}
