//! What a build says it did: the summary `partnergraph build` prints, and the data-quality lines
//! of the CORDIS exports it read.

use crate::ingest::cordis::quality::{self, Quirk};
use crate::ingest::{Document, Loaded};
use crate::model::{SourceId, SourceKind};
use crate::stats::Stats;
use std::fmt::Write as _;

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    Added,
    Replaced,
    Unchanged,
    /// In the store, but its file is gone: its graph is kept as it was.
    Kept,
    /// Taken out of the store by `partnergraph remove`.
    Removed,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceReport {
    pub id: SourceId,
    pub kind: SourceKind,
    pub path: String,
    pub triples: usize,
    pub status: SourceStatus,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildReport {
    pub sources: Vec<SourceReport>,
    /// Whether a new graph was committed (false when nothing changed).
    pub committed: bool,
    pub warnings: Vec<String>,
    /// How many sorted runs per index the bulk loader left for RocksDB to merge (none when the
    /// build compacted or loaded nothing): every read of the published store visits each.
    pub sorted_runs: Option<usize>,
    /// What reading the CORDIS exports repaired and rejected, by document and quirk.
    pub data_quality: Vec<QualityLine>,
    /// Rows skipped because they could not be read; listed in the generation's rejects file.
    pub rejected: usize,
    /// What the store holds after the build.
    pub stats: Stats,
}

/// One quirk of one document in the build's data-quality summary.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QualityLine {
    pub source: SourceId,
    pub quirk: Quirk,
    pub count: usize,
    pub line: usize,
    pub example: String,
}

impl BuildReport {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let width = self
            .sources
            .iter()
            .map(|s| s.id.as_str().len())
            .max()
            .unwrap_or(0);
        for s in &self.sources {
            let _ = writeln!(
                out,
                "{:<10} {:<width$}  {:>9} triples  {}",
                format!("{:?}", s.status).to_lowercase(),
                s.id.as_str(),
                s.triples,
                s.kind
            );
        }
        let _ = writeln!(
            out,
            "{}\n",
            if self.committed {
                "Committed a new graph."
            } else {
                "Nothing changed; the store was left as it was."
            }
        );
        if !self.data_quality.is_empty() {
            out.push_str(&render_quality(&self.data_quality, self.rejected));
        }
        if let Some(runs) = self.sorted_runs.filter(|&runs| runs > 1) {
            let _ = writeln!(
                out,
                "The loader wrote {runs} sorted runs per index, which every query reads side by \
                 side: `build --compact` with the same inputs merges them without reloading \
                 (several times faster reads of a large graph).\n"
            );
        }
        out.push_str(&self.stats.render());
        out
    }
}

/// Takes each CORDIS document's rejected rows (for the rejects file) and lists its quirks; the
/// counts stay with the document, whose metadata records them.
pub(super) fn take_quality(
    documents: &mut [(Loaded, Document)],
) -> (Vec<QualityLine>, Vec<quality::RejectedRow>) {
    let mut lines = Vec::new();
    let mut rejects = Vec::new();
    for (loaded, document) in documents {
        let Document::Cordis(file) = document else {
            continue;
        };
        for (quirk, tally) in &file.quality.tallies {
            lines.push(QualityLine {
                source: loaded.spec.id.clone(),
                quirk: *quirk,
                count: tally.count,
                line: tally.line,
                example: tally.example.clone(),
            });
        }
        rejects.extend(
            std::mem::take(&mut file.quality.rejects)
                .into_iter()
                .map(|error| quality::RejectedRow {
                    source: loaded.spec.id.clone(),
                    path: loaded.spec.path.clone(),
                    error,
                }),
        );
    }
    lines.sort_by(|a, b| (&a.source, a.quirk).cmp(&(&b.source, b.quirk)));
    (lines, rejects)
}

fn render_quality(lines: &[QualityLine], rejected: usize) -> String {
    let mut out = String::from(
        "Data quality: CORDIS quirks repaired by fixed rules (the graph notes each repaired fact \
         with pg:repair)\n",
    );
    let width = lines
        .iter()
        .map(|l| l.source.as_str().len())
        .max()
        .unwrap_or(0);
    for l in lines {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {}\n  {:<width$}  {:>8}  e.g. line {}: {}",
            l.source.as_str(),
            l.count,
            l.quirk.description(),
            "",
            "",
            l.line,
            l.example,
        );
    }
    if rejected > 0 {
        let _ = writeln!(
            out,
            "{rejected} rows could not be read and were skipped; each is listed with its file, \
             line and reason in {} of the store's current generation (build --strict refuses \
             them instead).",
            quality::REJECTS_FILE
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, SourceSpec};

    fn fixture(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    #[test]
    fn quality_lines_are_taken_per_document_and_rejects_leave_the_documents() {
        let spec = SourceSpec::detected(fixture("tests/fixtures/cordis/quirks/organization.csv"));
        let loaded = ingest::load(spec).unwrap();
        let policy = crate::ingest::cordis::ReadPolicy { strict: false };
        let document = ingest::parse(&loaded, policy).unwrap();
        let mut documents = vec![(loaded, document)];
        let (lines, rejects) = take_quality(&mut documents);
        assert!(!lines.is_empty(), "the quirks fixture has quirks");
        assert!(
            lines
                .windows(2)
                .all(|w| (&w[0].source, w[0].quirk) <= (&w[1].source, w[1].quirk))
        );
        let Document::Cordis(file) = &documents[0].1 else {
            panic!("a CORDIS file")
        };
        // The counts stay with the document, whose metadata records them.
        assert_eq!(file.quality.tallies.len(), lines.len());
        assert!(file.quality.rejects.is_empty());
        let text = render_quality(&lines, rejects.len());
        assert!(
            text.starts_with("Data quality: CORDIS quirks repaired"),
            "{text}"
        );
        assert!(
            text.contains(&format!("e.g. line {}", lines[0].line)),
            "{text}"
        );
    }
}
