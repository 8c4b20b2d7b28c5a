//! The participation index: who takes part in which project, in which role, with what EC
//! contribution, and each organisation's and project's attributes (country, activity type,
//! programme, years, themes), derived from all documents on every build and written beside the
//! published database as one Arrow IPC file (BENCHMARKS.md: Arrow IPC against Parquet).
//!
//! Reading the participations back from oxigraph costs a string lookup per statement: 14 s for
//! `network` at H2020 scale, against milliseconds for the index. The index holds only what the
//! graph already says and is rebuilt with the graph, so it never says anything the graph does
//! not. It carries the version of its layout and the name of the generation it was written
//! for: an index from another generation or version (or none, or a damaged one) is never used,
//! but gathered again from the store.

mod collect;
pub mod table;

use crate::analysis::network::Bipartite;
use crate::model::{Role, ThemeId};
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::FileWriter;
use arrow_schema::ArrowError;
use oxigraph::model::NamedNode;
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use collect::Collector;

/// The file name of the index inside a generation directory.
pub const FILE: &str = "participations.arrow";

/// Bumped when the layout changes; an index of another version is rebuilt from the store.
const VERSION: &str = "2";
const VERSION_KEY: &str = "partnergraph.index.version";
const GENERATION_KEY: &str = "partnergraph.index.generation";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("cannot write the participation index {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode the participation index {path}")]
    Encode { path: PathBuf, source: ArrowError },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The generation an index file belongs to: the directory it is in.
fn generation_of(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes `net` as the index at `path`, stamped with the generation it is written into. The
/// file appears whole or not at all: it is written beside and renamed into place.
pub fn write(net: &Bipartite, path: &Path) -> Result<(), IndexError> {
    let metadata = HashMap::from([
        (VERSION_KEY.to_owned(), VERSION.to_owned()),
        (GENERATION_KEY.to_owned(), generation_of(path)),
    ]);
    let encode = |source| IndexError::Encode {
        path: path.to_owned(),
        source,
    };
    let io = |source| IndexError::Write {
        path: path.to_owned(),
        source,
    };
    let batch = table::batch(net, metadata).map_err(encode)?;
    let partial = path.with_extension(format!("partial{}", std::process::id()));
    let written = std::fs::File::create(&partial)
        .map_err(io)
        .and_then(|file| {
            let mut writer = FileWriter::try_new_buffered(file, &batch.schema()).map_err(encode)?;
            writer.write(&batch).map_err(encode)?;
            writer.finish().map_err(encode)?;
            let file = writer
                .into_inner()
                .map_err(encode)?
                .into_inner()
                .map_err(|e| io(e.into_error()))?;
            file.sync_all().map_err(io)
        })
        .and_then(|()| std::fs::rename(&partial, path).map_err(io));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// The network in the index at `path` if it is one of this version for `generation`; why
/// not otherwise.
fn read_for(path: &Path, generation: &str) -> Result<Bipartite, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let reader =
        FileReader::try_new(std::io::Cursor::new(bytes), None).map_err(|e| e.to_string())?;
    let metadata = reader.schema().metadata().clone();
    if metadata.get(VERSION_KEY).map(String::as_str) != Some(VERSION) {
        return Err(format!(
            "it is of another version ({:?})",
            metadata.get(VERSION_KEY)
        ));
    }
    if metadata.get(GENERATION_KEY).map(String::as_str) != Some(generation) {
        return Err(format!(
            "it was written for another generation ({:?})",
            metadata.get(GENERATION_KEY)
        ));
    }
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let [batch] = batches.as_slice() else {
        return Err(format!("{} tables instead of one", batches.len()));
    };
    table::bipartite(batch).map_err(|e| e.to_string())
}

/// The network in the index beside a published database. An index that is missing, damaged,
/// of another version or of another generation is gathered again from `store` (and kept, when
/// the generation can be written to).
pub fn read_bipartite(path: &Path, store: &Store) -> Result<Bipartite, IndexError> {
    read_bipartite_of(path, &generation_of(path), store)
}

/// [`read_bipartite`] for an index copied out of the generation it was written for (into a
/// snapshot): it is used if it is `generation`'s, and is not replaced otherwise.
pub fn read_bipartite_of(
    path: &Path,
    generation: &str,
    store: &Store,
) -> Result<Bipartite, IndexError> {
    let why = match read_for(path, generation) {
        Ok(net) => return Ok(net),
        Err(why) => why,
    };
    tracing::warn!(
        "not using the participation index {} ({why}): reading the participations from the store",
        path.display()
    );
    let mut collector = Collector::default();
    collector.observe_stored(store, None)?;
    let net = collector.finish();
    if generation == generation_of(path)
        && let Err(e) = write(&net, path)
    {
        tracing::warn!("{}", crate::describe(&e));
    }
    Ok(net)
}

/// Makes the index copied into a staged generation at `path` its own, if it is the index of
/// `previous`, the generation it was copied from; whether it was.
pub fn adopt(path: &Path, previous: Option<&str>) -> Result<bool, IndexError> {
    match previous.map(|previous| read_for(path, previous)) {
        Some(Ok(net)) => write(&net, path).map(|()| true),
        _ => Ok(false),
    }
}

/// The index as the report walks it: for organisations, projects and themes, who is linked
/// to what.
#[derive(Debug, Clone, Default)]
pub struct Participations {
    net: Bipartite,
    /// The themes of each project.
    themes: Vec<Vec<ThemeId>>,
    project_ids: HashMap<String, u32>,
    organisation_ids: HashMap<String, u32>,
    /// Projects of each organisation, and organisations of each project, ascending.
    projects_of: Vec<Vec<u32>>,
    organisations_of: Vec<Vec<u32>>,
    /// How many projects each organisation coordinates.
    coordinated: Vec<u64>,
    by_theme: HashMap<ThemeId, Vec<u32>>,
}

impl Participations {
    pub fn new(net: Bipartite) -> Self {
        let mut projects_of = vec![Vec::new(); net.orgs.len()];
        let mut organisations_of = vec![Vec::new(); net.projects.len()];
        let mut coordinated = vec![0; net.orgs.len()];
        for p in &net.participations {
            projects_of[p.org as usize].push(p.project);
            organisations_of[p.project as usize].push(p.org);
            if p.role == Some(Role::Coordinator) {
                coordinated[p.org as usize] += 1;
            }
        }
        let themes: Vec<Vec<ThemeId>> = net
            .projects
            .iter()
            .map(|p| p.themes.iter().map(ThemeId::new).collect())
            .collect();
        let mut by_theme: HashMap<ThemeId, Vec<u32>> = HashMap::new();
        for (p, themes) in (0..).zip(&themes) {
            for t in themes {
                by_theme.entry(t.clone()).or_default().push(p);
            }
        }
        Self {
            project_ids: net
                .projects
                .iter()
                .map(|p| p.iri.clone())
                .zip(0..)
                .collect(),
            organisation_ids: net.orgs.iter().map(|o| o.iri.clone()).zip(0..).collect(),
            net,
            themes,
            projects_of,
            organisations_of,
            coordinated,
            by_theme,
        }
    }

    /// The index beside a published database (see [`read_bipartite`]).
    pub fn open(path: &Path, store: &Store) -> Result<Self, IndexError> {
        read_bipartite(path, store).map(Self::new)
    }

    pub fn network(&self) -> &Bipartite {
        &self.net
    }

    /// The organisation's number in [`Participations::network`].
    pub fn organisation_number(&self, org: &NamedNode) -> Option<u32> {
        self.organisation_ids.get(org.as_str()).copied()
    }

    fn project_node(&self, p: u32) -> NamedNode {
        NamedNode::new_unchecked(&self.net.projects[p as usize].iri)
    }

    fn organisation_node(&self, o: u32) -> NamedNode {
        NamedNode::new_unchecked(&self.net.orgs[o as usize].iri)
    }

    fn acronym_of(&self, p: u32) -> &str {
        &self.net.projects[p as usize].acronym
    }

    pub fn acronym(&self, project: &NamedNode) -> Option<&str> {
        let p = *self.project_ids.get(project.as_str())?;
        Some(self.acronym_of(p))
    }

    /// The projects an organisation takes part in, with their acronyms.
    pub fn projects_of(&self, org: &NamedNode) -> Vec<(NamedNode, &str)> {
        let Some(o) = self.organisation_number(org) else {
            return Vec::new();
        };
        self.projects_of[o as usize]
            .iter()
            .map(|&p| (self.project_node(p), self.acronym_of(p)))
            .collect()
    }

    /// The themes each of an organisation's projects is tagged with, by project.
    pub fn project_themes_of(&self, org: &NamedNode) -> Vec<(NamedNode, &str, &[ThemeId])> {
        let Some(o) = self.organisation_number(org) else {
            return Vec::new();
        };
        self.projects_of[o as usize]
            .iter()
            .map(|&p| {
                (
                    self.project_node(p),
                    self.acronym_of(p),
                    self.themes[p as usize].as_slice(),
                )
            })
            .collect()
    }

    /// How many projects the organisation coordinates.
    pub fn coordinated(&self, org: &NamedNode) -> u64 {
        self.organisation_number(org)
            .map_or(0, |o| self.coordinated[o as usize])
    }

    /// Partners of an organisation: who shares which projects with it.
    pub fn partners_of(&self, org: &NamedNode) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
        self.partner_ids(org)
            .into_iter()
            .map(|(other, projects)| {
                (
                    self.organisation_node(other),
                    projects.into_iter().map(|p| self.project_node(p)).collect(),
                )
            })
            .collect()
    }

    /// Partners of an organisation by number, each with the shared projects, ascending.
    pub fn partner_ids(&self, org: &NamedNode) -> BTreeMap<u32, Vec<u32>> {
        let mut shared: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        let Some(o) = self.organisation_number(org) else {
            return shared;
        };
        for &p in &self.projects_of[o as usize] {
            for &other in &self.organisations_of[p as usize] {
                if other != o {
                    shared.entry(other).or_default().push(p);
                }
            }
        }
        shared
    }

    /// How many projects an organisation takes part in.
    pub fn project_count(&self, org: &NamedNode) -> usize {
        self.organisation_number(org)
            .map_or(0, |o| self.projects_of[o as usize].len())
    }

    /// Organisations in projects tagged with any of `themes`, with the acronyms of those
    /// projects.
    pub fn active_in<'a>(
        &self,
        themes: impl IntoIterator<Item = &'a ThemeId>,
    ) -> BTreeMap<NamedNode, BTreeSet<String>> {
        let mut by_org: HashMap<u32, BTreeSet<u32>> = HashMap::new();
        for theme in themes {
            for &p in self.by_theme.get(theme).into_iter().flatten() {
                for &o in &self.organisations_of[p as usize] {
                    by_org.entry(o).or_default().insert(p);
                }
            }
        }
        by_org
            .into_iter()
            .map(|(o, projects)| {
                (
                    self.organisation_node(o),
                    projects
                        .into_iter()
                        .map(|p| self.acronym_of(p).to_owned())
                        .collect(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Participations {
        Participations::new(collect::tests::collected())
    }

    #[test]
    fn links_organisations_projects_roles_and_themes() {
        let index = index();
        let b = NamedNode::new_unchecked("x:org/b");
        let a = NamedNode::new_unchecked("x:org/a");
        let partners = index.partners_of(&b);
        assert_eq!(
            partners.keys().map(NamedNode::as_str).collect::<Vec<_>>(),
            ["x:org/a", "x:org/c"]
        );
        assert_eq!(index.coordinated(&a), 1);
        assert_eq!(index.coordinated(&b), 0);
        let acronyms: Vec<&str> = index.projects_of(&b).iter().map(|(_, a)| *a).collect();
        // A project without an acronym is shown by its IRI's last segment.
        assert_eq!(acronyms, ["ONE", "2"]);
        let active = index.active_in(&[ThemeId::new("biobanks")]);
        assert_eq!(active.len(), 3);
        assert_eq!(active[&a], BTreeSet::from(["ONE".to_owned()]));
        assert!(
            index
                .acronym(&NamedNode::new_unchecked("x:project/3"))
                .is_none()
        );
    }

    /// A store holding the sample, and a generation directory `gen-000001` beside it.
    fn setup() -> (tempfile::TempDir, PathBuf, Store) {
        let dir = tempfile::tempdir().unwrap();
        let generation = dir.path().join("gen-000001");
        std::fs::create_dir(&generation).unwrap();
        let store = Store::new().unwrap();
        for quads in collect::tests::sample() {
            store.extend(quads).unwrap();
        }
        (dir, generation.join(FILE), store)
    }

    #[test]
    fn written_and_read_back_it_is_the_same_network() {
        let (_dir, path, _) = setup();
        let net = collect::tests::collected();
        write(&net, &path).unwrap();
        assert_eq!(read_for(&path, "gen-000001").unwrap(), net);
        // Nothing is left beside it.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn without_a_file_it_is_gathered_from_the_store_and_kept() {
        let (_dir, path, store) = setup();
        let read = read_bipartite(&path, &store).unwrap();
        assert_eq!(read, collect::tests::collected());
        assert_eq!(read_for(&path, "gen-000001").unwrap(), read);
    }

    #[test]
    fn an_index_of_another_generation_or_version_or_a_damaged_one_is_never_used() {
        let (dir, path, store) = setup();
        // A network the store does not hold, in an index of another generation.
        let mut other = collect::tests::collected();
        other.participations.pop();
        let elsewhere = dir.path().join("gen-000007");
        std::fs::create_dir(&elsewhere).unwrap();
        write(&other, &elsewhere.join(FILE)).unwrap();
        std::fs::copy(elsewhere.join(FILE), &path).unwrap();
        assert!(read_for(&path, "gen-000001").is_err());
        assert_eq!(
            read_bipartite(&path, &store).unwrap(),
            collect::tests::collected()
        );
        // Another version.
        let metadata = HashMap::from([
            (VERSION_KEY.to_owned(), "1".to_owned()),
            (GENERATION_KEY.to_owned(), "gen-000001".to_owned()),
        ]);
        let batch = table::batch(&other, metadata).unwrap();
        let mut writer =
            FileWriter::try_new(std::fs::File::create(&path).unwrap(), &batch.schema()).unwrap();
        writer.write(&batch).unwrap();
        writer.finish().unwrap();
        assert!(
            read_for(&path, "gen-000001")
                .unwrap_err()
                .contains("version")
        );
        assert_eq!(
            read_bipartite(&path, &store).unwrap(),
            collect::tests::collected()
        );
        // Cut short.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(read_for(&path, "gen-000001").is_err());
        assert_eq!(
            read_bipartite(&path, &store).unwrap(),
            collect::tests::collected()
        );
    }

    /// Arrow IPC against Parquet for the index (BENCHMARKS.md): the index at
    /// `$PARTNERGRAPH_INDEX` is written as Parquet too, both are read back five times each,
    /// alternating, and must give networks of the same size; prints sizes and read times.
    /// `PARTNERGRAPH_INDEX=…/participations.arrow cargo test --release --lib index_formats -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement on a store given by $PARTNERGRAPH_INDEX"]
    fn index_formats() {
        use parquet::arrow::ArrowWriter;
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let path = PathBuf::from(std::env::var("PARTNERGRAPH_INDEX").unwrap());
        let generation = generation_of(&path);
        let net = read_for(&path, &generation).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let batch = table::batch(&net, HashMap::new()).unwrap();
        let parquet_path = dir.path().join("participations.parquet");
        for (name, compression) in [
            ("uncompressed", parquet::basic::Compression::UNCOMPRESSED),
            ("snappy", parquet::basic::Compression::SNAPPY),
        ] {
            let properties = parquet::file::properties::WriterProperties::builder()
                .set_compression(compression)
                .build();
            let file = std::fs::File::create(&parquet_path).unwrap();
            let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(properties)).unwrap();
            writer.write(&batch).unwrap();
            writer.close().unwrap();
            let read_parquet = || {
                let file = std::fs::File::open(&parquet_path).unwrap();
                let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                    .unwrap()
                    .with_batch_size(usize::MAX)
                    .build()
                    .unwrap();
                let batches: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
                assert_eq!(batches.len(), 1);
                table::bipartite(&batches[0]).unwrap()
            };
            let (mut ipc, mut pq) = (Vec::new(), Vec::new());
            for _ in 0..5 {
                let started = std::time::Instant::now();
                let read = read_for(&path, &generation).unwrap();
                ipc.push(started.elapsed().as_secs_f64());
                assert_eq!(read, net);
                let started = std::time::Instant::now();
                let read = read_parquet();
                pq.push(started.elapsed().as_secs_f64());
                // Parquet re-encodes dictionaries, so numbering is not kept: counts only.
                let sizes =
                    |n: &Bipartite| (n.orgs.len(), n.projects.len(), n.participations.len());
                assert_eq!(sizes(&read), sizes(&net));
            }
            println!(
                "arrow ipc {} bytes, read {ipc:.3?} s; parquet ({name}) {} bytes, read {pq:.3?} s",
                std::fs::metadata(&path).unwrap().len(),
                std::fs::metadata(&parquet_path).unwrap().len(),
            );
        }
    }

    #[test]
    fn a_copied_index_is_adopted_only_from_the_generation_it_was_copied_from() {
        let (_dir, path, _) = setup();
        let net = collect::tests::collected();
        write(&net, &path).unwrap();
        let next = path.parent().unwrap().with_file_name("gen-000002");
        std::fs::create_dir(&next).unwrap();
        let copied = next.join(FILE);
        std::fs::copy(&path, &copied).unwrap();
        assert!(!adopt(&copied, Some("gen-000005")).unwrap());
        assert!(!adopt(&copied, None).unwrap());
        assert!(read_for(&copied, "gen-000002").is_err());
        assert!(adopt(&copied, Some("gen-000001")).unwrap());
        assert_eq!(read_for(&copied, "gen-000002").unwrap(), net);
    }
}
