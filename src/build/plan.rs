//! Stage 2, the plan: which documents to read. Those given on the command line, and every
//! document the store holds that was not given, read again from where it was ingested, since
//! what its names resolve to can change when another document arrives. A recorded document
//! whose file is gone is kept as it was ingested.

use super::BuildError;
use super::recorded::{self, Records};
use super::report::{SourceReport, SourceStatus};
use crate::ingest::{self, SourceSpec};
use crate::model::SourceId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub(super) struct Plan {
    /// The documents to read, those given first.
    pub specs: Vec<SourceSpec>,
    /// Recorded documents whose files are gone.
    pub kept: Vec<SourceReport>,
    /// What was skipped, and which files are gone.
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn make(inputs: &[PathBuf], records: &Records) -> Result<Self, BuildError> {
        let discovery = ingest::discover(inputs)?;
        let mut specs = discovery.specs;
        if specs.is_empty() && records.documents.is_empty() && records.removed.is_none() {
            return Err(BuildError::NoDocuments(
                inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        let given = unique_ids(&specs)?;
        let mut warnings: Vec<String> = discovery
            .skipped
            .iter()
            .map(|(path, why)| format!("{}: skipped: {why}", path.display()))
            .collect();
        let mut kept = Vec::new();
        for (id, record) in &records.documents {
            if given.contains_key(id) || !recorded::is_document(id, record) {
                continue;
            }
            match reread_spec(id, Path::new(&record.path)) {
                Some(spec) => specs.push(spec),
                None => {
                    warnings.push(format!(
                        "{id}: {} no longer exists; its graph is kept as it was ingested",
                        record.path
                    ));
                    kept.push(SourceReport {
                        id: id.clone(),
                        kind: record.kind,
                        path: record.path.clone(),
                        triples: record.triples,
                        status: SourceStatus::Kept,
                    });
                }
            }
        }
        Ok(Self {
            specs,
            kept,
            warnings,
        })
    }
}

/// The given documents by id; two documents may not share one graph.
fn unique_ids(specs: &[SourceSpec]) -> Result<BTreeMap<SourceId, String>, BuildError> {
    let mut by_id = BTreeMap::new();
    for spec in specs {
        let path = spec.path.display().to_string();
        if let Some(first) = by_id.insert(spec.id.clone(), path.clone()) {
            return Err(BuildError::DuplicateId {
                id: spec.id.clone(),
                first,
                second: path,
            });
        }
    }
    Ok(by_id)
}

/// How to read a document the store holds again, if its file (or the archive holding it) is
/// still there: through its folder's manifest if it was declared there (so it keeps its kind,
/// title and origin), else as a detected file.
fn reread_spec(id: &SourceId, path: &Path) -> Option<SourceSpec> {
    let archive = if path.is_file() {
        None
    } else {
        Some(ingest::archive_of(path)?)
    };
    let declared = path
        .parent()
        .map(|folder| folder.join(ingest::manifest::FILE_NAME))
        .filter(|manifest| manifest.is_file())
        .and_then(|manifest| ingest::manifest::read(&manifest).ok())
        .and_then(|entries| entries.into_iter().find(|e| e.id == *id));
    let mut spec = declared.unwrap_or_else(|| {
        let mut spec = SourceSpec::detected(path.to_owned());
        spec.id = id.clone();
        spec.id_declared = true;
        spec
    });
    if archive.is_some() {
        spec.archive = archive;
    }
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::super::recorded::Recorded;
    use super::*;
    use crate::model::SourceKind;

    fn seeds() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }

    fn records(documents: &[(&str, &Path)]) -> Records {
        Records {
            documents: documents
                .iter()
                .map(|(id, path)| {
                    let record = Recorded {
                        path: path.display().to_string(),
                        kind: SourceKind::Profile,
                        digest: String::new(),
                        triples: 9,
                    };
                    (SourceId::new(*id), record)
                })
                .collect(),
            removed: None,
        }
    }

    #[test]
    fn recorded_documents_not_given_are_read_again_or_kept() {
        let profile = seeds().join("region-stockholm-profile.txt");
        let gone = seeds().join("no-such-file.txt");
        let records = records(&[("again", profile.as_path()), ("gone", gone.as_path())]);
        let plan = Plan::make(&[], &records).unwrap();
        assert_eq!(plan.specs.len(), 1);
        assert_eq!(plan.specs[0].id.as_str(), "again");
        assert!(plan.specs[0].id_declared);
        assert_eq!(plan.kept.len(), 1);
        assert_eq!(
            (
                plan.kept[0].id.as_str(),
                plan.kept[0].status,
                plan.kept[0].triples
            ),
            ("gone", SourceStatus::Kept, 9)
        );
        assert!(
            plan.warnings[0].starts_with("gone: "),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn given_documents_come_first_and_are_not_read_twice() {
        let records = records(&[("region-stockholm-profile", seeds().as_path())]);
        let plan = Plan::make(&[seeds()], &records).unwrap();
        let ids: Vec<&str> = plan.specs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids.iter()
                .filter(|id| **id == "region-stockholm-profile")
                .count(),
            1
        );
        assert!(plan.kept.is_empty());
    }

    #[test]
    fn refuses_nothing_and_two_documents_for_one_graph() {
        let empty = tempfile::tempdir().unwrap();
        let err = Plan::make(&[empty.path().to_owned()], &Records::default()).unwrap_err();
        assert!(matches!(err, BuildError::NoDocuments(_)), "{err}");
        let profile = seeds().join("region-stockholm-profile.txt");
        let copy = empty.path().join("region-stockholm-profile.txt");
        std::fs::copy(&profile, &copy).unwrap();
        let err = Plan::make(&[profile, copy], &Records::default()).unwrap_err();
        assert!(matches!(err, BuildError::DuplicateId { .. }), "{err}");
    }
}
