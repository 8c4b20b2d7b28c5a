//! Stages 4 and 5, identities and graphs: the organisations CORDIS knows are registered first,
//! then every document becomes its graph, beside the bundled ontology and themes.

use crate::identities::{Corrections, IdentitiesError};
use crate::ingest::cordis::CordisKind;
use crate::ingest::{Document, Loaded};
use crate::rdf::{self, SourceGraph};
use crate::resolve::{Identities, themes::ThemeIndex};
use rayon::prelude::*;
use std::sync::Arc;

/// The rule that makes de-duplication work: every CORDIS organisation is registered before any
/// document's graph is made, so that a profile or strategy naming an organisation CORDIS lists
/// resolves to that organisation (its PIC), whatever order the documents came in. CORDIS files
/// with no table to graph leave the build here, those partnergraph does not use with a warning.
pub(super) fn register_cordis_first(
    documents: &mut Vec<(Loaded, Document)>,
    warnings: &mut Vec<String>,
) -> Identities {
    let mut identities = Identities::new();
    documents.retain(|(loaded, document)| match document {
        Document::Cordis(file) => match (&file.table, file.kind) {
            (Some(table), _) => {
                rdf::cordis::register(table, &mut identities);
                true
            }
            (None, CordisKind::Unused(name)) => {
                warnings.push(format!(
                    "{}: skipped: a CORDIS {name} file, which partnergraph does not use",
                    loaded.spec.path.display()
                ));
                false
            }
            (None, _) => false,
        },
        _ => true,
    });
    identities
}

/// The bundled graphs, then each document's graph, then the graph of the identity corrections
/// (applied to the identities before any document's graph is made); what a document says that
/// its graph cannot hold is added to `warnings`.
pub(super) fn make_graphs(
    mut documents: Vec<(Loaded, Document)>,
    corrections: Option<&Corrections>,
    warnings: &mut Vec<String>,
) -> Result<Vec<SourceGraph>, IdentitiesError> {
    // The themes the documents define are known before any of them is placed under one.
    let themes = Arc::new(ThemeIndex::new(rdf::build_themes(&documents)));
    let fields = Arc::new(rdf::builtin_field_themes());
    let mut identities = register_cordis_first(&mut documents, warnings);
    let applied = corrections.map(|c| c.apply(&mut identities)).transpose()?;
    let mut graphs = rdf::builtin_graphs();
    graphs.extend(
        documents
            .into_par_iter()
            .map(|(loaded, document)| {
                rdf::document_graph(&loaded, document, &identities, &themes, &fields)
            })
            .collect::<Vec<_>>(),
    );
    for graph in &graphs {
        warnings.extend(graph.warnings.iter().map(|w| format!("{}: {w}", graph.id)));
    }
    if let (Some(corrections), Some(applied)) = (corrections, applied) {
        corrections.validate(&identities, &graphs)?;
        graphs.push(corrections.graph(&applied));
    }
    Ok(graphs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cordis::ReadPolicy;
    use crate::ingest::{self, SourceSpec};
    use std::path::Path;

    fn read(path: &str) -> (Loaded, Document) {
        let spec = SourceSpec::detected(Path::new(env!("CARGO_MANIFEST_DIR")).join(path));
        let loaded = ingest::load(spec).unwrap();
        let document = ingest::parse(&loaded, ReadPolicy { strict: false }).unwrap();
        (loaded, document)
    }

    /// The digest of the profile's graph when the documents come in this order.
    fn profile_digest(paths: &[&str]) -> String {
        let documents = paths.iter().map(|p| read(p)).collect();
        let graphs = make_graphs(documents, None, &mut Vec::new()).unwrap();
        assert_eq!(graphs.len(), rdf::BUILTIN_SOURCES.len() + paths.len());
        let profile = graphs
            .into_iter()
            .find(|g| g.id.as_str() == "region-stockholm-profile")
            .unwrap();
        profile.digest
    }

    #[test]
    fn cordis_organisations_are_known_whatever_the_order() {
        const PROFILE: &str = "seeds/region-stockholm-profile.txt";
        const CORDIS: &str = "tests/fixtures/cordis/h2020/organization.csv";
        let alone = profile_digest(&[PROFILE]);
        let after = profile_digest(&[CORDIS, PROFILE]);
        let before = profile_digest(&[PROFILE, CORDIS]);
        // The profile names an organisation the CORDIS file lists, so its graph changes…
        assert_ne!(alone, after);
        // …in the same way when the profile comes first.
        assert_eq!(before, after);
    }
}
