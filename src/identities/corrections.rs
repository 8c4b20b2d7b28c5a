//! `identities.toml`: the user's decisions about identities, applied at every build on top of
//! the rules.
//!
//! ```toml
//! [[same]]                       # these names are one organisation (the first one's node stays)
//! names = ["Stockholm Science City Foundation", "Stockholm Science City"]
//! reason = "the foundation runs Stockholm Science City"
//!
//! [[different]]                  # documents' name `name` is not the organisation `not` names
//! name = "Region Örebro län"
//! not = "OREBRO LANS LANDSTING"
//!
//! [[label]]                      # the organisation's display label
//! name = "OREBRO LANS LANDSTING"
//! label = "Region Örebro län"
//! ```
//!
//! Each name may be any name of the organisation in any document of the build, or the PIC of a
//! CORDIS organisation (`"999901234"`), which is how two CORDIS organisations of one name are
//! told apart; a name that no document and no CORDIS table uses, or that several CORDIS
//! organisations share, is an error naming the line. The decisions are recorded in
//! a graph of their own (`pg:IdentityCorrection`, with the line and the nodes each one changed),
//! and since they are read again at every build, deleting an entry undoes it at the next one.

use super::IdentitiesError;
use crate::model::{Pic, SourceId};
use crate::rdf::{self, SourceGraph, iri};
use crate::resolve::{CorrectionConflict, Identities, OrgKey, match_key};
use crate::vocab::{pg, skos};
use oxigraph::model::vocab::rdf as rdfv;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name of the corrections file a build finds in a folder it is given.
pub const FILE_NAME: &str = "identities.toml";

/// The id of the graph the decisions are recorded in.
pub const SOURCE: &str = "identity-corrections";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    same: Vec<SameToml>,
    #[serde(default)]
    different: Vec<DifferentToml>,
    #[serde(default)]
    label: Vec<LabelToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SameToml {
    names: Spanned<Vec<Spanned<String>>>,
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DifferentToml {
    name: Spanned<String>,
    not: Spanned<String>,
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelToml {
    name: Spanned<String>,
    label: String,
    reason: Option<String>,
}

/// A name as the file writes it, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Same(Vec<Name>),
    Different { name: Name, not: Name },
    Label { name: Name, label: String },
}

impl Decision {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Same(_) => "same",
            Self::Different { .. } => "different",
            Self::Label { .. } => "label",
        }
    }

    fn names(&self) -> Vec<&Name> {
        match self {
            Self::Same(names) => names.iter().collect(),
            Self::Different { name, not } => vec![name, not],
            Self::Label { name, .. } => vec![name],
        }
    }

    fn line(&self) -> usize {
        self.names().first().map_or(0, |n| n.line)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub decision: Decision,
    pub reason: Option<String>,
}

/// The decisions of one corrections file.
#[derive(Debug, Clone)]
pub struct Corrections {
    pub path: PathBuf,
    sha256: String,
    pub entries: Vec<Entry>,
}

/// What applying the decisions changed: per entry, the organisations it touched.
#[derive(Debug, Default)]
pub struct Applied {
    changed: Vec<Vec<OrgKey>>,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Whether a name is a PIC: CORDIS participant codes are nine digits.
fn as_pic(name: &str) -> Option<Pic> {
    (name.len() == 9 && name.bytes().all(|b| b.is_ascii_digit())).then(|| Pic::new(name))
}

impl Corrections {
    /// The organisation a name of the file means, by the rules alone.
    fn key(&self, identities: &Identities, name: &Name) -> Result<OrgKey, IdentitiesError> {
        if let Some(pic) = as_pic(&name.text) {
            return Ok(OrgKey::Pic(pic));
        }
        let resolved = identities.by_rules(&name.text, &[]);
        if identities.is_ambiguous(&resolved) {
            return Err(IdentitiesError::Ambiguous {
                path: self.path.clone(),
                line: name.line,
                name: name.text.clone(),
                pics: identities
                    .cordis_pics(&resolved.name_key.key)
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect(),
            });
        }
        Ok(resolved.key)
    }

    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<Self, IdentitiesError> {
        let text = std::fs::read_to_string(path).map_err(|source| IdentitiesError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// No decisions: what a build applies when the file it applied before is gone.
    pub fn none(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            sha256: String::new(),
            entries: Vec::new(),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, IdentitiesError> {
        let syntax = |line: Option<usize>, message: String| IdentitiesError::Syntax {
            path: path.to_owned(),
            line,
            message,
        };
        let file: FileToml = toml::from_str(text).map_err(|e| {
            syntax(
                e.span().map(|s| line_of(text, s.start)),
                e.message().to_owned(),
            )
        })?;
        let name = |s: Spanned<String>| Name {
            line: line_of(text, s.span().start),
            text: s.into_inner().trim().to_owned(),
        };
        let mut entries = Vec::new();
        for same in file.same {
            let line = line_of(text, same.names.span().start);
            let names: Vec<Name> = same.names.into_inner().into_iter().map(name).collect();
            if names.len() < 2 {
                return Err(syntax(
                    Some(line),
                    "a `same` entry needs at least two names".to_owned(),
                ));
            }
            entries.push(Entry {
                decision: Decision::Same(names),
                reason: same.reason,
            });
        }
        for different in file.different {
            entries.push(Entry {
                decision: Decision::Different {
                    name: name(different.name),
                    not: name(different.not),
                },
                reason: different.reason,
            });
        }
        for label in file.label {
            let name = name(label.name);
            if label.label.trim().is_empty() {
                return Err(syntax(Some(name.line), "the label is empty".to_owned()));
            }
            entries.push(Entry {
                decision: Decision::Label {
                    name,
                    label: label.label.trim().to_owned(),
                },
                reason: label.reason,
            });
        }
        for entry in &entries {
            if let Some(empty) = entry
                .decision
                .names()
                .into_iter()
                .find(|n| n.text.is_empty())
            {
                return Err(syntax(Some(empty.line), "a name is empty".to_owned()));
            }
        }
        entries.sort_by_key(|e| e.decision.line());
        Ok(Self {
            path: path.to_owned(),
            sha256: format!("{:x}", Sha256::digest(text.as_bytes())),
            entries,
        })
    }

    /// Applies the decisions to `identities`: `same` and `different` before any document's
    /// graph is made, so that every graph names the corrected nodes.
    pub fn apply(&self, identities: &mut Identities) -> Result<Applied, IdentitiesError> {
        let mut applied = Applied::default();
        for entry in &self.entries {
            let changed = match &entry.decision {
                Decision::Same(names) => {
                    let target = self.key(identities, &names[0])?;
                    let mut changed = vec![target.clone()];
                    for name in &names[1..] {
                        let from = self.key(identities, name)?;
                        match identities.join(&from, &target) {
                            Ok(_) => changed.push(from),
                            Err(CorrectionConflict::AlreadyRedirected(earlier)) => {
                                return Err(IdentitiesError::Conflict {
                                    path: self.path.clone(),
                                    line: name.line,
                                    name: name.text.clone(),
                                    earlier: iri::organisation(&earlier).as_str().to_owned(),
                                });
                            }
                        }
                    }
                    changed
                }
                Decision::Different { name, not } => {
                    let not_key = self.key(identities, not)?;
                    identities.separate(&name.text, &not_key);
                    vec![
                        identities.organisation(&name.text, &[]).key,
                        identities.root(&not_key),
                    ]
                }
                // Labels apply to the corrected nodes, once every join and split is known.
                Decision::Label { .. } => Vec::new(),
            };
            applied.changed.push(changed);
        }
        for (entry, changed) in self.entries.iter().zip(&mut applied.changed) {
            if let Decision::Label { name, .. } = &entry.decision {
                changed.push(identities.organisation(&name.text, &[]).key);
            }
        }
        Ok(applied)
    }

    /// Checks that every name the file gives is a name of an organisation of this build: a
    /// CORDIS organisation's, or one the documents' `graphs` use.
    pub fn validate(
        &self,
        identities: &Identities,
        graphs: &[SourceGraph],
    ) -> Result<(), IdentitiesError> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let mut used: HashSet<String> = HashSet::new();
        for graph in graphs {
            if let rdf::Content::Quads(quads) = &graph.content {
                used.extend(
                    quads
                        .iter()
                        .filter(|q| q.predicate == pg::MATCH_KEY)
                        .filter_map(|q| match &q.object {
                            oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
                            _ => None,
                        }),
                );
            }
        }
        for entry in &self.entries {
            for name in entry.decision.names() {
                let key = match_key(&name.text).key;
                let known = match as_pic(&name.text) {
                    Some(pic) => identities.knows_pic(&pic),
                    None => used.contains(&key) || identities.is_cordis_name(&key),
                };
                if !known {
                    return Err(IdentitiesError::Unknown {
                        path: self.path.clone(),
                        line: name.line,
                        name: name.text.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The graph that records the decisions: one `pg:IdentityCorrection` per entry, with its
    /// line, its names and the organisation nodes it changed, and the labels it gives.
    pub fn graph(&self, applied: &Applied) -> SourceGraph {
        let id = SourceId::new(SOURCE);
        let graph_iri = iri::graph(&id);
        let graph = GraphName::from(graph_iri.clone());
        let mut quads = Vec::new();
        let mut add = |s: &NamedNode, p, o: oxigraph::model::Term| {
            quads.push(Quad::new(s.clone(), p, o, graph.clone()));
        };
        let text = |v: &str| Literal::new_simple_literal(v).into();
        for (index, (entry, changed)) in self.entries.iter().zip(&applied.changed).enumerate() {
            let node =
                NamedNode::new_unchecked(format!("{}/decision-{}", graph_iri.as_str(), index + 1));
            add(
                &node,
                rdfv::TYPE,
                pg::IDENTITY_CORRECTION.into_owned().into(),
            );
            add(&node, pg::DECISION, text(entry.decision.kind()));
            add(
                &node,
                pg::LINE,
                Literal::from(entry.decision.line() as i64).into(),
            );
            for name in entry.decision.names() {
                add(&node, pg::CORRECTED_NAME, text(&name.text));
            }
            if let Some(reason) = entry.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                add(&node, pg::REASON, text(reason.trim()));
            }
            for key in changed {
                add(&node, pg::CORRECTS, iri::organisation(key).into());
            }
            if let (Decision::Label { label, .. }, Some(key)) = (&entry.decision, changed.first()) {
                let org = iri::organisation(key);
                add(&org, rdfv::TYPE, pg::ORGANISATION.into_owned().into());
                add(&org, pg::CORRECTED_LABEL, text(label));
                add(&org, skos::ALT_LABEL, text(label));
            }
        }
        // Recorded absolute, so that a build run from another folder reads it again.
        let recorded = self
            .path
            .canonicalize()
            .unwrap_or_else(|_| self.path.clone());
        rdf::derived_graph(
            &id,
            &recorded.display().to_string(),
            &self.sha256,
            "Identity corrections: the decisions of the user's identities.toml",
            quads,
        )
    }
}

/// The corrections file a build applies: the one it is given, else an `identities.toml` in a
/// folder among its inputs, else the one the store's last build applied (`recorded`), read again
/// so that editing it is enough. A recorded file that is gone applies no decision.
pub fn locate(
    given: Option<&Path>,
    inputs: &[PathBuf],
    recorded: Option<&Path>,
) -> Result<Option<Corrections>, IdentitiesError> {
    if let Some(path) = given {
        return Corrections::read(path).map(Some);
    }
    if let Some(path) = inputs
        .iter()
        .map(|input| input.join(FILE_NAME))
        .find(|path| path.is_file())
    {
        return Corrections::read(&path).map(Some);
    }
    match recorded {
        Some(path) if path.is_file() => Corrections::read(path).map(Some),
        Some(path) => Ok(Some(Corrections::none(path))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pic;

    const FILE: &str = r#"# decisions
[[same]]
names = ["Stockholm Science City Foundation",
         "Stockholm Science City"]
reason = "one foundation"

[[different]]
name = "Region Örebro län"
not = "OREBRO LANS LANDSTING"

[[label]]
name = "OREBRO LANS LANDSTING"
label = "Region Örebro"
"#;

    #[test]
    fn entries_keep_the_lines_of_their_names() {
        let c = Corrections::parse(FILE, Path::new("identities.toml")).unwrap();
        let lines: Vec<(&str, Vec<usize>)> = c
            .entries
            .iter()
            .map(|e| {
                let lines = e.decision.names().iter().map(|n| n.line).collect();
                (e.decision.kind(), lines)
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("same", vec![3, 4]),
                ("different", vec![8, 9]),
                ("label", vec![12])
            ]
        );
        assert_eq!(c.entries[0].reason.as_deref(), Some("one foundation"));
    }

    #[test]
    fn bad_files_are_errors_naming_the_line() {
        let path = Path::new("identities.toml");
        let err = |text: &str| crate::describe(&Corrections::parse(text, path).unwrap_err());
        let one = err("\n[[same]]\nnames = [\"A\"]\n");
        assert!(one.starts_with("identities.toml:3:"), "{one}");
        let unknown = err("[[same]]\nnames = [\"A\", \"B\"]\nwhy = 1\n");
        assert!(
            unknown.contains("identities.toml:3") && unknown.contains("why"),
            "{unknown}"
        );
        let empty = err("[[label]]\nname = \"A\"\nlabel = \" \"\n");
        assert!(empty.starts_with("identities.toml:2:"), "{empty}");
    }

    #[test]
    fn validation_names_the_line_of_an_unknown_name() {
        let mut ids = Identities::new();
        ids.add_cordis_organisation(&Pic::new("1"), ["OREBRO LANS LANDSTING"]);
        ids.add_cordis_organisation(&Pic::new("2"), ["STOCKHOLM SCIENCE CITY FOUNDATION"]);
        let text = FILE.replace("\"Stockholm Science City\"]", "\"Nowhere Institute\"]");
        let c = Corrections::parse(&text, Path::new("x/identities.toml")).unwrap();
        let applied = c.apply(&mut ids).unwrap();
        assert_eq!(applied.changed.len(), 3);
        let err = crate::describe(&c.validate(&ids, &[]).unwrap_err());
        assert!(err.starts_with("x/identities.toml:4:"), "{err}");
        assert!(err.contains("\"Nowhere Institute\""), "{err}");
    }

    #[test]
    fn the_graph_records_each_decision_and_the_nodes_it_changed() {
        let mut ids = Identities::new();
        ids.add_cordis_organisation(&Pic::new("1"), ["OREBRO LANS LANDSTING"]);
        let c = Corrections::parse(FILE, Path::new("identities.toml")).unwrap();
        let applied = c.apply(&mut ids).unwrap();
        let graph = c.graph(&applied);
        let rdf::Content::Quads(quads) = &graph.content else {
            panic!("in memory")
        };
        let corrects: Vec<String> = quads
            .iter()
            .filter(|q| q.predicate == pg::CORRECTS)
            .map(|q| format!("{} {}", q.subject, q.object))
            .collect();
        let pic = iri::organisation(&OrgKey::Pic(Pic::new("1")));
        let separate = iri::organisation(&OrgKey::Separate("region orebro lan".into()));
        // `different` changed the separated name's node and the PIC's; `label` the PIC's.
        assert!(
            corrects
                .iter()
                .any(|c| c.contains("decision-2") && c.contains(separate.as_str()))
        );
        assert!(
            corrects
                .iter()
                .any(|c| c.contains("decision-2") && c.contains(pic.as_str()))
        );
        assert!(
            corrects
                .iter()
                .any(|c| c.contains("decision-3") && c.contains(pic.as_str()))
        );
        assert!(quads.iter().any(
            |q| q.subject.to_string() == pic.to_string() && q.predicate == pg::CORRECTED_LABEL
        ));
    }
}
