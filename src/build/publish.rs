//! Stage 8, publish: the staged generation becomes the one readers open, atomically. Until the
//! switch, a signal or an error leaves the store as it was.

use super::{BuildError, Context};
use crate::ingest::cordis::quality::{self, RejectedRow};
use crate::search;
use crate::store::Staging;

/// Compacts the staged generation if asked, writes its rejects file and publishes it.
pub(super) fn publish(
    cx: &Context<'_>,
    mut staging: Staging<'_>,
    rejects: &[RejectedRow],
) -> Result<(), BuildError> {
    if cx.options.compact {
        cx.interrupt.check()?;
        cx.progress.compacting();
        // Bulk-loaded files wait for compaction until a writer opens the store again, and the
        // published store is only ever opened read-only: without this, every read stays slower.
        staging.compact()?;
        tracing::info!(elapsed = ?cx.started.elapsed(), "compacted");
    }
    // A build that loaded wrote the search index while loading; one that only compacts reads
    // the text from the copy, which holds exactly what readers can query.
    let text_index = staging.file(search::DIR);
    if !text_index.is_dir() {
        search::write(staging.store(), &text_index)?;
    }
    tracing::info!(elapsed = ?cx.started.elapsed(), "indexed the text");
    let path = staging.file(quality::REJECTS_FILE);
    quality::write_rejects(&path, rejects).map_err(|source| BuildError::Rejects {
        path: path.clone(),
        source,
    })?;
    // The last moment to stop: after this the new graph is published.
    cx.interrupt.check()?;
    cx.progress.committing();
    staging.commit()?;
    tracing::info!(elapsed = ?cx.started.elapsed(), "committed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::interrupt::Interrupt;
    use super::super::{BuildOptions, Silent};
    use super::*;
    use crate::store::{StoreDir, WaitPolicy};
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

    fn context(options: &BuildOptions) -> Context<'_> {
        Context {
            options,
            progress: &Silent,
            interrupt: Interrupt::unhooked(),
            started: std::time::Instant::now(),
        }
    }

    fn options(store: &std::path::Path, compact: bool) -> BuildOptions {
        BuildOptions {
            inputs: Vec::new(),
            store: store.to_owned(),
            wait: WaitPolicy::Fail,
            loader_memory_mb: 16,
            compact,
            strict: false,
            identities: None,
        }
    }

    fn quad(value: &str) -> Quad {
        let node = NamedNode::new_unchecked("https://example.org/x");
        // In a document's graph: the default graph is rewritten at commit as their merge.
        Quad::new(
            node.clone(),
            node.clone(),
            Literal::new_simple_literal(value),
            GraphName::NamedNode(node),
        )
    }

    #[test]
    fn publishes_the_staged_generation_with_its_rejects_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StoreDir::new(tmp.path().join("store"));
        let options = options(dir.path(), true);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let staging = writer.stage(true).unwrap();
        staging.store().insert(&quad("one")).unwrap();
        publish(&context(&options), staging, &[]).unwrap();
        let read = dir.open_read().unwrap();
        assert!(read.store().contains(&quad("one")).unwrap());
        assert!(read.file(quality::REJECTS_FILE).is_file());
    }

    #[test]
    fn a_signal_before_the_switch_leaves_the_store_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StoreDir::new(tmp.path().join("store"));
        let options = options(dir.path(), false);
        let writer = dir.lock_for_write(WaitPolicy::Fail).unwrap();
        let staging = writer.stage(true).unwrap();
        staging.store().insert(&quad("one")).unwrap();
        publish(&context(&options), staging, &[]).unwrap();
        let staging = writer.stage(false).unwrap();
        staging.store().insert(&quad("two")).unwrap();
        let cx = context(&options);
        cx.interrupt.raise();
        assert!(matches!(
            publish(&cx, staging, &[]),
            Err(BuildError::Interrupted)
        ));
        let read = dir.open_read().unwrap();
        assert!(read.store().contains(&quad("one")).unwrap());
        assert!(!read.store().contains(&quad("two")).unwrap());
    }
}
