//! Stage 3, parse: every planned document read and parsed, in parallel, before the store is
//! touched, so that a bad document fails the build with the store unchanged.

use super::interrupt::Interrupt;
use super::{BuildError, Progress};
use crate::ingest::cordis::ReadPolicy;
use crate::ingest::{self, Document, Loaded, SourceSpec};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Reads and parses `specs`; fails with every document that could not be read.
pub(super) fn parse(
    specs: Vec<SourceSpec>,
    policy: ReadPolicy,
    progress: &dyn Progress,
    interrupt: &Interrupt,
) -> Result<Vec<(Loaded, Document)>, BuildError> {
    let total = specs.len();
    let done = AtomicUsize::new(0);
    let parsed: Vec<Result<_, ingest::IngestError>> = specs
        .into_par_iter()
        // After a signal, the documents not yet started are skipped.
        .filter(|_| !interrupt.is_set())
        .map(|spec| {
            let loaded = ingest::load(spec)?;
            let document = ingest::parse(&loaded, policy)?;
            progress.parsed(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok((loaded, document))
        })
        .collect();
    interrupt.check()?;
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for result in parsed {
        match result {
            Ok(document) => documents.push(document),
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => Ok(documents),
        1 => Err(errors.remove(0).into()),
        _ => Err(BuildError::Many(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Silent;
    use super::*;
    use std::path::Path;

    fn spec(path: &str) -> SourceSpec {
        SourceSpec::detected(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
    }

    const POLICY: ReadPolicy = ReadPolicy { strict: false };

    #[test]
    fn parses_every_document_or_names_each_that_fails() {
        let interrupt = Interrupt::unhooked();
        let good = || spec("seeds/region-stockholm-profile.txt");
        let documents = parse(vec![good()], POLICY, &Silent, &interrupt).unwrap();
        assert!(matches!(documents[0].1, Document::Profile(_)));
        let one = parse(
            vec![good(), spec("tests/fixtures/bad/empty.txt")],
            POLICY,
            &Silent,
            &interrupt,
        );
        assert!(matches!(one, Err(BuildError::Ingest(_))));
        let two = parse(
            vec![
                spec("tests/fixtures/bad/empty.txt"),
                spec("tests/fixtures/bad/shopping-list.txt"),
            ],
            POLICY,
            &Silent,
            &interrupt,
        );
        match two {
            Err(BuildError::Many(errors)) => assert_eq!(errors.len(), 2),
            other => panic!("{:?}", other.map(|d| d.len())),
        }
    }

    #[test]
    fn a_signal_stops_before_any_document_is_read() {
        let interrupt = Interrupt::unhooked();
        interrupt.raise();
        let stopped = parse(
            vec![spec("seeds/region-stockholm-profile.txt")],
            POLICY,
            &Silent,
            &interrupt,
        );
        assert!(matches!(stopped, Err(BuildError::Interrupted)));
    }
}
