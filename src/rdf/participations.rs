//! The participation index: who takes part in which project, in which themes, derived from all
//! documents on every build and written beside the published database.
//!
//! Reading one participation back from oxigraph costs several string lookups, so a report that
//! walks thousands of projects spent half a minute in them at H2020 scale. The index holds only
//! what the graph already says (`pg:roleOf`, `pg:inProject`, `pg:role`, `pg:acronym`,
//! `pg:aboutTheme`) with integer links, loads in milliseconds, and is rebuilt with the graph, so
//! it never says anything the graph does not.

use crate::model::ThemeId;
use crate::vocab::pg;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The file name of the index inside a generation directory.
pub const FILE: &str = "participations.json";

/// Bumped when the layout changes; an index of another version is rebuilt from the store.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Participations {
    version: u32,
    /// Project IRIs, sorted.
    projects: Vec<String>,
    /// The acronym each project is shown with (its IRI's last segment if it has none).
    acronyms: Vec<String>,
    /// The themes each project is tagged with directly.
    themes: Vec<Vec<ThemeId>>,
    /// Organisation IRIs, sorted.
    organisations: Vec<String>,
    /// (project, organisation, coordinator?) by index, sorted.
    links: Vec<(u32, u32, bool)>,
    #[serde(skip)]
    adjacency: Adjacency,
}

#[derive(Debug, Clone, Default)]
struct Adjacency {
    project_ids: HashMap<String, u32>,
    organisation_ids: HashMap<String, u32>,
    /// Projects of each organisation, and organisations of each project, sorted.
    projects_of: Vec<Vec<u32>>,
    organisations_of: Vec<Vec<u32>>,
    by_theme: HashMap<ThemeId, Vec<u32>>,
}

/// What the quads seen so far say about one participation.
#[derive(Default)]
struct Partial {
    project: Option<Box<str>>,
    organisation: Option<Box<str>>,
    coordinator: bool,
}

/// Gathers the index from quads in any order and any number of documents.
#[derive(Default)]
pub struct Collector {
    participations: HashMap<Box<str>, Partial>,
    acronyms: HashMap<Box<str>, String>,
    themes: HashMap<Box<str>, BTreeSet<ThemeId>>,
}

const PREDICATES: [oxigraph::model::NamedNodeRef<'static>; 5] = [
    pg::IN_PROJECT,
    pg::ROLE_OF,
    pg::ROLE,
    pg::ACRONYM,
    pg::ABOUT_THEME,
];

impl Collector {
    pub fn observe(&mut self, quads: &[Quad]) {
        for quad in quads {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let predicate = quad.predicate.as_ref();
            if !PREDICATES.contains(&predicate) {
                continue;
            }
            let subject: Box<str> = subject.as_str().into();
            match &quad.object {
                Term::NamedNode(object) if predicate == pg::IN_PROJECT => {
                    self.participation(subject).project = Some(object.as_str().into());
                }
                Term::NamedNode(object) if predicate == pg::ROLE_OF => {
                    self.participation(subject).organisation = Some(object.as_str().into());
                }
                Term::Literal(role) if predicate == pg::ROLE && role.value() == "coordinator" => {
                    self.participation(subject).coordinator = true;
                }
                Term::Literal(acronym) if predicate == pg::ACRONYM => {
                    let value = acronym.value();
                    // Documents may disagree; the smallest is kept, whatever the order.
                    let entry = self.acronyms.entry(subject).or_insert_with(|| value.into());
                    if value < entry.as_str() {
                        value.clone_into(entry);
                    }
                }
                Term::NamedNode(theme) if predicate == pg::ABOUT_THEME => {
                    if let Some(id) = super::iri::theme_id(theme.as_str()) {
                        self.themes.entry(subject).or_default().insert(id);
                    }
                }
                _ => {}
            }
        }
    }

    fn participation(&mut self, iri: Box<str>) -> &mut Partial {
        self.participations.entry(iri).or_default()
    }

    /// Reads what `store` says in `graph` (a document already loaded), or in all its graphs,
    /// by targeted index scans.
    pub fn observe_stored(
        &mut self,
        store: &Store,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<(), StorageError> {
        for predicate in PREDICATES {
            let quads = store
                .quads_for_pattern(None, Some(predicate), None, graph)
                .collect::<Result<Vec<_>, _>>()?;
            self.observe(&quads);
        }
        Ok(())
    }

    pub fn finish(self) -> Participations {
        let mut pairs: BTreeMap<(Box<str>, Box<str>), bool> = BTreeMap::new();
        for partial in self.participations.into_values() {
            if let (Some(project), Some(organisation)) = (partial.project, partial.organisation) {
                *pairs.entry((project, organisation)).or_default() |= partial.coordinator;
            }
        }
        let projects: BTreeSet<&str> = pairs.keys().map(|(p, _)| &**p).collect();
        let organisations: BTreeSet<&str> = pairs.keys().map(|(_, o)| &**o).collect();
        let project_ids: HashMap<&str, u32> =
            projects.iter().zip(0..).map(|(p, i)| (*p, i)).collect();
        let organisation_ids: HashMap<&str, u32> = organisations
            .iter()
            .zip(0..)
            .map(|(o, i)| (*o, i))
            .collect();
        let mut links: Vec<(u32, u32, bool)> = pairs
            .iter()
            .map(|((p, o), c)| (project_ids[&**p], organisation_ids[&**o], *c))
            .collect();
        links.sort_unstable();
        let acronyms = projects
            .iter()
            .map(|p| match self.acronyms.get(*p) {
                Some(a) => a.clone(),
                None => p.rsplit('/').next().unwrap_or(p).to_owned(),
            })
            .collect();
        let themes = projects
            .iter()
            .map(|p| {
                self.themes
                    .get(*p)
                    .map(|t| t.iter().cloned().collect())
                    .unwrap_or_default()
            })
            .collect();
        Participations {
            version: VERSION,
            projects: projects.iter().map(|p| (*p).to_owned()).collect(),
            acronyms,
            themes,
            organisations: organisations.iter().map(|o| (*o).to_owned()).collect(),
            links,
            adjacency: Adjacency::default(),
        }
        .indexed()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("cannot write the participation index {path}")]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Participations {
    /// Writes the index to `path` (inside a generation being staged).
    pub fn write(&self, path: &Path) -> Result<(), IndexError> {
        let io = |source| IndexError::Write {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::create(path).map_err(io)?;
        let mut writer = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut writer, self).map_err(|e| io(e.into()))?;
        std::io::Write::flush(&mut writer).map_err(io)
    }

    /// The index beside a published database; gathered from `store` when the file is missing
    /// or of another version (a store built by an older partnergraph).
    pub fn open(path: &Path, store: &Store) -> Result<Self, IndexError> {
        let read = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Self>(&bytes).ok())
            .filter(|index| index.version == VERSION);
        if let Some(index) = read {
            return Ok(index.indexed());
        }
        tracing::warn!(
            "no participation index at {}; reading participations from the store (rebuild to make this fast)",
            path.display()
        );
        let mut collector = Collector::default();
        collector.observe_stored(store, None)?;
        Ok(collector.finish())
    }

    fn indexed(mut self) -> Self {
        let mut projects_of = vec![Vec::new(); self.organisations.len()];
        let mut organisations_of = vec![Vec::new(); self.projects.len()];
        for &(p, o, _) in &self.links {
            projects_of[o as usize].push(p);
            organisations_of[p as usize].push(o);
        }
        let mut by_theme: HashMap<ThemeId, Vec<u32>> = HashMap::new();
        for (p, themes) in (0..).zip(&self.themes) {
            for t in themes {
                by_theme.entry(t.clone()).or_default().push(p);
            }
        }
        self.adjacency = Adjacency {
            project_ids: self.projects.iter().cloned().zip(0..).collect(),
            organisation_ids: self.organisations.iter().cloned().zip(0..).collect(),
            projects_of,
            organisations_of,
            by_theme,
        };
        self
    }

    fn organisation_id(&self, org: &NamedNode) -> Option<u32> {
        self.adjacency.organisation_ids.get(org.as_str()).copied()
    }

    fn project_node(&self, p: u32) -> NamedNode {
        NamedNode::new_unchecked(&self.projects[p as usize])
    }

    fn organisation_node(&self, o: u32) -> NamedNode {
        NamedNode::new_unchecked(&self.organisations[o as usize])
    }

    pub fn acronym(&self, project: &NamedNode) -> Option<&str> {
        let p = *self.adjacency.project_ids.get(project.as_str())?;
        Some(&self.acronyms[p as usize])
    }

    /// The projects an organisation takes part in, with their acronyms.
    pub fn projects_of(&self, org: &NamedNode) -> Vec<(NamedNode, &str)> {
        let Some(o) = self.organisation_id(org) else {
            return Vec::new();
        };
        self.adjacency.projects_of[o as usize]
            .iter()
            .map(|&p| (self.project_node(p), self.acronyms[p as usize].as_str()))
            .collect()
    }

    /// The themes each of an organisation's projects is tagged with, by project.
    pub fn project_themes_of(&self, org: &NamedNode) -> Vec<(NamedNode, &str, &[ThemeId])> {
        let Some(o) = self.organisation_id(org) else {
            return Vec::new();
        };
        self.adjacency.projects_of[o as usize]
            .iter()
            .map(|&p| {
                (
                    self.project_node(p),
                    self.acronyms[p as usize].as_str(),
                    self.themes[p as usize].as_slice(),
                )
            })
            .collect()
    }

    /// How many projects the organisation coordinates.
    pub fn coordinated(&self, org: &NamedNode) -> u64 {
        let Some(o) = self.organisation_id(org) else {
            return 0;
        };
        let projects = &self.adjacency.projects_of[o as usize];
        projects
            .iter()
            .filter(|&&p| {
                self.links
                    .binary_search_by(|&(lp, lo, _)| (lp, lo).cmp(&(p, o)))
                    .is_ok_and(|i| self.links[i].2)
            })
            .count() as u64
    }

    /// Partners of an organisation: who shares which projects with it.
    pub fn partners_of(&self, org: &NamedNode) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
        let mut out: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
        let Some(o) = self.organisation_id(org) else {
            return out;
        };
        let mut shared: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &p in &self.adjacency.projects_of[o as usize] {
            for &other in &self.adjacency.organisations_of[p as usize] {
                if other != o {
                    shared.entry(other).or_default().push(p);
                }
            }
        }
        for (other, projects) in shared {
            out.insert(
                self.organisation_node(other),
                projects.into_iter().map(|p| self.project_node(p)).collect(),
            );
        }
        out
    }

    /// Organisations in projects tagged with any of `themes`, with the acronyms of those
    /// projects.
    pub fn active_in<'a>(
        &self,
        themes: impl IntoIterator<Item = &'a ThemeId>,
    ) -> BTreeMap<NamedNode, BTreeSet<String>> {
        let mut by_org: HashMap<u32, BTreeSet<u32>> = HashMap::new();
        for theme in themes {
            for &p in self.adjacency.by_theme.get(theme).into_iter().flatten() {
                for &o in &self.adjacency.organisations_of[p as usize] {
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
                        .map(|p| self.acronyms[p as usize].clone())
                        .collect(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal};

    fn quad(s: &str, p: oxigraph::model::NamedNodeRef<'_>, o: Term) -> Quad {
        Quad::new(NamedNode::new_unchecked(s), p, o, GraphName::DefaultGraph)
    }

    fn node(iri: &str) -> Term {
        NamedNode::new_unchecked(iri).into()
    }

    /// Quads of two documents, in an order where participations come before their parts.
    fn sample() -> Vec<Vec<Quad>> {
        let theme = |id: &str| super::super::iri::theme(&ThemeId::new(id)).into();
        vec![
            vec![
                quad(
                    "x:part/a1",
                    pg::ROLE,
                    Literal::new_simple_literal("coordinator").into(),
                ),
                quad("x:part/a1", pg::ROLE_OF, node("x:org/a")),
                quad("x:part/a1", pg::IN_PROJECT, node("x:project/1")),
                quad("x:part/b1", pg::ROLE_OF, node("x:org/b")),
                quad("x:part/b1", pg::IN_PROJECT, node("x:project/1")),
                quad(
                    "x:project/1",
                    pg::ACRONYM,
                    Literal::new_simple_literal("ONE").into(),
                ),
                quad("x:project/1", pg::ABOUT_THEME, theme("biobanks")),
            ],
            vec![
                quad("x:part/b2", pg::IN_PROJECT, node("x:project/2")),
                quad("x:part/b2", pg::ROLE_OF, node("x:org/b")),
                quad("x:part/c2", pg::IN_PROJECT, node("x:project/2")),
                quad("x:part/c2", pg::ROLE_OF, node("x:org/c")),
                quad("x:project/2", pg::ABOUT_THEME, theme("genomics")),
                // A highlight names a project but is no participation.
                quad("x:highlight", pg::IN_PROJECT, node("x:project/3")),
            ],
        ]
    }

    fn collect(documents: &[Vec<Quad>]) -> Participations {
        let mut collector = Collector::default();
        for quads in documents {
            collector.observe(quads);
        }
        collector.finish()
    }

    #[test]
    fn links_organisations_projects_roles_and_themes() {
        let index = collect(&sample());
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
        assert_eq!(active.len(), 2);
        assert_eq!(active[&a], BTreeSet::from(["ONE".to_owned()]));
        assert!(
            index
                .acronym(&NamedNode::new_unchecked("x:project/3"))
                .is_none()
        );
    }

    #[test]
    fn the_order_of_documents_and_quads_does_not_matter() {
        let documents = sample();
        let forward = serde_json::to_string(&collect(&documents)).unwrap();
        let mut reversed: Vec<Vec<Quad>> = documents.into_iter().rev().collect();
        for quads in &mut reversed {
            quads.reverse();
        }
        assert_eq!(forward, serde_json::to_string(&collect(&reversed)).unwrap());
    }

    #[test]
    fn written_and_read_back_it_is_the_same_index() {
        let index = collect(&sample());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        index.write(&path).unwrap();
        let store = Store::new().unwrap();
        let read = Participations::open(&path, &store).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            serde_json::to_string(&index).unwrap()
        );
        assert_eq!(
            read.partners_of(&NamedNode::new_unchecked("x:org/c")).len(),
            1
        );
    }

    #[test]
    fn without_a_file_it_is_gathered_from_the_store() {
        let store = Store::new().unwrap();
        for quads in sample() {
            store.extend(quads).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let read = Participations::open(&dir.path().join(FILE), &store).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            serde_json::to_string(&collect(&sample())).unwrap()
        );
    }
}
