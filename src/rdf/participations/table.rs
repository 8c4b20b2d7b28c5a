//! The index as one Arrow table: a row per participation (and one per organisation named by no
//! project), every attribute integer-coded. Organisations and projects are dictionary columns
//! whose dictionaries are the IRIs in numbering order, so a key is the organisation's or
//! project's number in [`Bipartite`]; their labels and acronyms are dictionaries in the same
//! order; countries, activity types, programmes, roles and themes are dictionaries of their
//! distinct values.

use crate::analysis::network::{Bipartite, OrgNode, Participation, ProjectNode};
use crate::model::{Role, RoleSet};
use arrow_array::builder::{ListBuilder, StringDictionaryBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, UInt8Type, UInt16Type, UInt32Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array, RecordBatch,
    StringArray, UInt8Array, UInt32Array,
};
use arrow_buffer::ArrowNativeType;
use arrow_schema::{ArrowError, Field, Schema};
use std::collections::HashMap;
use std::sync::Arc;

/// Column names, in order.
pub const ORGANISATION: &str = "organisation";
pub const LABEL: &str = "label";
pub const COUNTRY: &str = "country";
pub const ACTIVITY_TYPE: &str = "activity_type";
pub const SME: &str = "sme";
pub const PROJECT: &str = "project";
pub const ACRONYM: &str = "acronym";
pub const PROGRAMME: &str = "programme";
pub const START_YEAR: &str = "start_year";
pub const END_YEAR: &str = "end_year";
pub const EC_MAX_CONTRIBUTION: &str = "ec_max_contribution";
pub const THEMES: &str = "themes";
pub const ROLE: &str = "role";
/// Every known role, as [`RoleSet`]'s bits.
pub const ROLES: &str = "roles";
pub const EC_CONTRIBUTION: &str = "ec_contribution";

/// Entities in numbering order as a dictionary column keyed by `keys`.
fn numbered<'a>(
    keys: Vec<Option<u32>>,
    values: impl Iterator<Item = &'a str>,
) -> Result<ArrayRef, ArrowError> {
    let values: StringArray = values.map(Some).collect();
    let keys = UInt32Array::from(keys);
    Ok(Arc::new(DictionaryArray::<UInt32Type>::try_new(
        keys,
        Arc::new(values),
    )?))
}

/// The table of `net`, with `metadata` in its schema.
// Long because it is the table's columns in their order, one short block per column.
pub fn batch(
    net: &Bipartite,
    metadata: HashMap<String, String>,
) -> Result<RecordBatch, ArrowError> {
    // Rows: the participations in their order, then organisations without any.
    let mut has_project = vec![false; net.orgs.len()];
    for p in &net.participations {
        has_project[p.org as usize] = true;
    }
    let rows: Vec<(u32, Option<&Participation>)> = net
        .participations
        .iter()
        .map(|p| (p.org, Some(p)))
        .chain(
            (0..)
                .zip(&has_project)
                .filter(|(_, has)| !**has)
                .map(|(o, _)| (o, None)),
        )
        .collect();
    let org = |o: u32| &net.orgs[o as usize];
    let project = |p: Option<&Participation>| p.map(|p| &net.projects[p.project as usize]);
    let org_keys: Vec<Option<u32>> = rows.iter().map(|(o, _)| Some(*o)).collect();
    let project_keys: Vec<Option<u32>> = rows.iter().map(|(_, p)| p.map(|p| p.project)).collect();
    let mut themes = ListBuilder::new(StringDictionaryBuilder::<UInt16Type>::new());
    for (_, p) in &rows {
        for theme in project(*p).into_iter().flat_map(|p| &p.themes) {
            themes.values().append_value(theme);
        }
        themes.append(true);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            ORGANISATION,
            numbered(org_keys.clone(), net.orgs.iter().map(|o| o.iri.as_str()))?,
        ),
        (
            LABEL,
            numbered(org_keys, net.orgs.iter().map(|o| o.label.as_str()))?,
        ),
        (
            COUNTRY,
            Arc::new(
                rows.iter()
                    .map(|(o, _)| org(*o).country.as_deref())
                    .collect::<DictionaryArray<UInt16Type>>(),
            ),
        ),
        (
            ACTIVITY_TYPE,
            Arc::new(
                rows.iter()
                    .map(|(o, _)| org(*o).org_type.as_deref())
                    .collect::<DictionaryArray<UInt16Type>>(),
            ),
        ),
        (
            SME,
            Arc::new(
                rows.iter()
                    .map(|(o, _)| org(*o).sme)
                    .collect::<BooleanArray>(),
            ),
        ),
        (
            PROJECT,
            numbered(
                project_keys.clone(),
                net.projects.iter().map(|p| p.iri.as_str()),
            )?,
        ),
        (
            ACRONYM,
            numbered(
                project_keys,
                net.projects.iter().map(|p| p.acronym.as_str()),
            )?,
        ),
        (
            PROGRAMME,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| project(*p).and_then(|p| p.programme.as_deref()))
                    .collect::<DictionaryArray<UInt16Type>>(),
            ),
        ),
        (
            START_YEAR,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| project(*p).and_then(|p| p.start_year))
                    .collect::<Int32Array>(),
            ),
        ),
        (
            END_YEAR,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| project(*p).and_then(|p| p.end_year))
                    .collect::<Int32Array>(),
            ),
        ),
        (
            EC_MAX_CONTRIBUTION,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| project(*p).and_then(|p| p.ec_max_contribution))
                    .collect::<Float64Array>(),
            ),
        ),
        (THEMES, Arc::new(themes.finish())),
        (
            ROLE,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| p.and_then(|p| p.role).map(Role::code))
                    .collect::<DictionaryArray<UInt8Type>>(),
            ),
        ),
        (
            ROLES,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| p.map(|p| p.roles.bits()))
                    .collect::<UInt8Array>(),
            ),
        ),
        (
            EC_CONTRIBUTION,
            Arc::new(
                rows.iter()
                    .map(|(_, p)| p.and_then(|p| p.ec_contribution))
                    .collect::<Float64Array>(),
            ),
        ),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array)| {
            let required = matches!(*name, ORGANISATION | LABEL | THEMES);
            Field::new(*name, array.data_type().clone(), !required)
        })
        .collect();
    let schema = Schema::new_with_metadata(fields, metadata);
    RecordBatch::try_new(
        Arc::new(schema),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
}

/// Why a table is not an index.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("no column {0:?} of the expected type")]
    Column(&'static str),
    #[error("key {key} out of range in column {column:?}")]
    Key { column: &'static str, key: usize },
}

fn dictionary<'a, K: arrow_array::types::ArrowDictionaryKeyType>(
    batch: &'a RecordBatch,
    name: &'static str,
) -> Result<(&'a DictionaryArray<K>, &'a StringArray), TableError> {
    let array = batch
        .column_by_name(name)
        .and_then(|c| c.as_dictionary_opt::<K>())
        .ok_or(TableError::Column(name))?;
    let values = array
        .values()
        .as_string_opt::<i32>()
        .ok_or(TableError::Column(name))?;
    Ok((array, values))
}

/// The text of row `row` of a dictionary column of distinct values.
fn coded<K: arrow_array::types::ArrowDictionaryKeyType>(
    (array, values): (&DictionaryArray<K>, &StringArray),
    row: usize,
) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    let key = array.keys().value(row).as_usize();
    (key < values.len()).then(|| values.value(key).to_owned())
}

fn primitive<'a, T: arrow_array::ArrowPrimitiveType>(
    batch: &'a RecordBatch,
    name: &'static str,
) -> Result<&'a arrow_array::PrimitiveArray<T>, TableError> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<T>())
        .ok_or(TableError::Column(name))
}

fn optional<T: arrow_array::ArrowPrimitiveType>(
    array: &arrow_array::PrimitiveArray<T>,
    row: usize,
) -> Option<T::Native> {
    array.is_valid(row).then(|| array.value(row))
}

/// The network a table written by [`batch`] holds.
// Long because it reads the columns [`batch`] writes, one line per column, then the rows.
pub fn bipartite(batch: &RecordBatch) -> Result<Bipartite, TableError> {
    let (orgs, org_iris) = dictionary::<UInt32Type>(batch, ORGANISATION)?;
    let (_, labels) = dictionary::<UInt32Type>(batch, LABEL)?;
    let country = dictionary::<UInt16Type>(batch, COUNTRY)?;
    let activity = dictionary::<UInt16Type>(batch, ACTIVITY_TYPE)?;
    let sme = batch
        .column_by_name(SME)
        .and_then(|c| c.as_boolean_opt())
        .ok_or(TableError::Column(SME))?;
    let (projects, project_iris) = dictionary::<UInt32Type>(batch, PROJECT)?;
    let (_, acronyms) = dictionary::<UInt32Type>(batch, ACRONYM)?;
    let programme = dictionary::<UInt16Type>(batch, PROGRAMME)?;
    let start = primitive::<Int32Type>(batch, START_YEAR)?;
    let end = primitive::<Int32Type>(batch, END_YEAR)?;
    let ec_max = primitive::<Float64Type>(batch, EC_MAX_CONTRIBUTION)?;
    let themes = batch
        .column_by_name(THEMES)
        .and_then(|c| c.as_list_opt::<i32>())
        .ok_or(TableError::Column(THEMES))?;
    let theme_values = themes
        .values()
        .as_dictionary_opt::<UInt16Type>()
        .ok_or(TableError::Column(THEMES))?;
    let theme_names = theme_values
        .values()
        .as_string_opt::<i32>()
        .ok_or(TableError::Column(THEMES))?;
    let role = dictionary::<UInt8Type>(batch, ROLE)?;
    let roles = primitive::<UInt8Type>(batch, ROLES)?;
    let ec = primitive::<Float64Type>(batch, EC_CONTRIBUTION)?;
    if labels.len() != org_iris.len() || acronyms.len() != project_iris.len() {
        return Err(TableError::Column(LABEL));
    }

    let mut org_nodes: Vec<Option<OrgNode>> = vec![None; org_iris.len()];
    let mut project_nodes: Vec<Option<ProjectNode>> = vec![None; project_iris.len()];
    let mut participations = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let o = orgs.keys().value(row).as_usize();
        let node = org_nodes.get_mut(o).ok_or(TableError::Key {
            column: ORGANISATION,
            key: o,
        })?;
        if node.is_none() {
            *node = Some(OrgNode {
                iri: org_iris.value(o).to_owned(),
                label: labels.value(o).to_owned(),
                country: coded(country, row),
                org_type: coded(activity, row),
                sme: sme.is_valid(row).then(|| sme.value(row)),
            });
        }
        if projects.is_null(row) {
            continue;
        }
        let p = projects.keys().value(row).as_usize();
        let node = project_nodes.get_mut(p).ok_or(TableError::Key {
            column: PROJECT,
            key: p,
        })?;
        if node.is_none() {
            let mut names = Vec::new();
            for key in theme_values
                .keys()
                .slice(
                    themes.value_offsets()[row] as usize,
                    themes.value_length(row) as usize,
                )
                .values()
            {
                let key = *key as usize;
                if key >= theme_names.len() {
                    return Err(TableError::Key {
                        column: THEMES,
                        key,
                    });
                }
                names.push(theme_names.value(key).to_owned());
            }
            *node = Some(ProjectNode {
                iri: project_iris.value(p).to_owned(),
                acronym: acronyms.value(p).to_owned(),
                programme: coded(programme, row),
                start_year: optional(start, row),
                end_year: optional(end, row),
                ec_max_contribution: optional(ec_max, row),
                themes: names,
            });
        }
        participations.push(Participation {
            org: o as u32,
            project: p as u32,
            role: coded(role, row).as_deref().and_then(Role::from_code),
            roles: RoleSet::from_bits(optional(roles, row).unwrap_or_default()),
            ec_contribution: optional(ec, row),
        });
    }
    // Every organisation and project has a row; one without is no index of ours.
    let orgs = org_nodes
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or(TableError::Column(ORGANISATION))?;
    let projects = project_nodes
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or(TableError::Column(PROJECT))?;
    Ok(Bipartite {
        orgs,
        projects,
        participations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_survives_the_table() {
        let net = super::super::collect::tests::collected();
        let table = batch(&net, HashMap::new()).unwrap();
        // Four participations, and org/d, named by no project.
        assert_eq!(table.num_rows(), 5);
        assert_eq!(bipartite(&table).unwrap(), net);
    }

    #[test]
    fn a_table_of_something_else_is_refused() {
        let other = RecordBatch::try_from_iter([(
            ORGANISATION,
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        )])
        .unwrap();
        assert!(matches!(
            bipartite(&other),
            Err(TableError::Column(ORGANISATION))
        ));
    }
}
