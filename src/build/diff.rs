//! Stage 6, the diff against the store: a document's graph is replaced only when the quads it
//! produces change, so re-ingesting unchanged documents is a no-op that publishes nothing.

use super::recorded::Records;
use super::report::{SourceReport, SourceStatus};
use crate::model::SourceId;
use crate::rdf::{self, SourceGraph};
use oxigraph::model::NamedNode;
use std::collections::HashSet;

/// What the build changes in the store.
#[derive(Debug)]
pub(super) struct Changes {
    /// Graphs new to the store or different from what it holds.
    pub changed: Vec<SourceGraph>,
    /// Graphs the store holds as they are.
    pub unchanged: Vec<SourceGraph>,
    /// Graphs only the store holds, their files being gone.
    pub kept: HashSet<NamedNode>,
    /// The document `partnergraph remove` takes out.
    pub removed: Option<SourceId>,
}

impl Changes {
    /// Whether the store would be published as it is.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_none()
    }

    /// The graphs the new generation does not keep: those replaced or taken out, and the
    /// identity graph, which is derived from all of them.
    pub fn dropped(&self) -> Vec<SourceId> {
        self.changed
            .iter()
            .map(|g| g.id.clone())
            .chain(self.removed.clone())
            .chain([SourceId::new(rdf::identity::SOURCE)])
            .collect()
    }
}

/// Sorts `graphs` into changed and unchanged against `records`, and reports every document by
/// id: the graphs, the `kept` ones and the removed one.
pub(super) fn diff(
    graphs: Vec<SourceGraph>,
    records: &Records,
    kept: Vec<SourceReport>,
) -> (Vec<SourceReport>, Changes) {
    let mut reports = Vec::new();
    let mut changes = Changes {
        changed: Vec::new(),
        unchanged: Vec::new(),
        kept: kept.iter().map(|k| rdf::iri::graph(&k.id)).collect(),
        removed: records.removed.as_ref().map(|(id, _)| id.clone()),
    };
    for graph in graphs {
        let recorded = records.documents.get(&graph.id);
        let status = match recorded {
            None => SourceStatus::Added,
            Some(r) if r.digest == graph.digest => SourceStatus::Unchanged,
            Some(_) => SourceStatus::Replaced,
        };
        reports.push(SourceReport {
            id: graph.id.clone(),
            kind: graph.kind,
            path: graph.path.clone(),
            triples: match (status, graph.known_len()) {
                (_, Some(n)) => n,
                // Counted while loading, unless it is not loaded.
                (SourceStatus::Unchanged, None) => recorded.map_or(0, |r| r.triples),
                (_, None) => 0,
            },
            status,
        });
        if status == SourceStatus::Unchanged {
            changes.unchanged.push(graph);
        } else {
            changes.changed.push(graph);
        }
    }
    reports.extend(kept);
    if let Some((id, record)) = &records.removed {
        reports.push(SourceReport {
            id: id.clone(),
            kind: record.kind,
            path: record.path.clone(),
            triples: record.triples,
            status: SourceStatus::Removed,
        });
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    (reports, changes)
}

#[cfg(test)]
mod tests {
    use super::super::recorded::Recorded;
    use super::*;
    use crate::model::SourceKind;

    fn record(graph: &SourceGraph, digest: &str) -> (SourceId, Recorded) {
        let record = Recorded {
            path: graph.path.clone(),
            kind: graph.kind,
            digest: digest.to_owned(),
            triples: 1,
        };
        (graph.id.clone(), record)
    }

    #[test]
    fn sorts_graphs_by_their_digest_against_the_record() {
        let graphs = rdf::builtin_graphs();
        assert!(graphs.len() >= 2, "the ontology and the themes");
        let removed = Recorded {
            path: "gone.txt".into(),
            kind: SourceKind::Profile,
            digest: String::new(),
            triples: 4,
        };
        let records = Records {
            // The first graph as recorded, the second changed since, the others new.
            documents: [
                record(&graphs[0], &graphs[0].digest),
                record(&graphs[1], "older"),
            ]
            .into_iter()
            .collect(),
            removed: Some((SourceId::new("a-removed"), removed)),
        };
        let kept = SourceReport {
            id: SourceId::new("a-kept"),
            kind: SourceKind::Strategy,
            path: "moved.txt".into(),
            triples: 3,
            status: SourceStatus::Kept,
        };
        let (first, second) = (graphs[0].id.clone(), graphs[1].id.clone());
        let count = graphs.len();
        let (reports, changes) = diff(graphs, &records, vec![kept]);
        assert_eq!(reports.len(), count + 2);
        assert!(reports.windows(2).all(|w| w[0].id < w[1].id));
        let status = |id: &SourceId| reports.iter().find(|r| &r.id == id).unwrap().status;
        assert_eq!(status(&first), SourceStatus::Unchanged);
        assert_eq!(status(&second), SourceStatus::Replaced);
        assert_eq!(status(&SourceId::new("a-removed")), SourceStatus::Removed);
        assert_eq!(status(&SourceId::new("a-kept")), SourceStatus::Kept);
        assert_eq!(changes.unchanged.len(), 1);
        assert_eq!(changes.changed.len(), count - 1);
        assert!(
            changes
                .kept
                .contains(&rdf::iri::graph(&SourceId::new("a-kept")))
        );
        assert!(!changes.is_empty());
        let dropped = changes.dropped();
        assert!(dropped.contains(&second) && !dropped.contains(&first));
        assert!(dropped.contains(&SourceId::new("a-removed")));
        assert_eq!(dropped.last().unwrap().as_str(), rdf::identity::SOURCE);
    }
}
