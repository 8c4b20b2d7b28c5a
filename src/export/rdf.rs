//! `partnergraph export`: the graph as RDF, streamed.

use crate::model::SourceId;
use crate::rdf::iri;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, QuadRef};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfDump {
    /// Quads: every triple keeps its document's graph.
    NQuads,
    TriG,
    /// Triples: graphs merged (or one graph).
    Turtle,
    NTriples,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("there is no graph for a source called {0:?}; `partnergraph stats` lists the sources")]
    UnknownGraph(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("writing the export failed")]
    Io(#[from] io::Error),
}

/// Writes the store, or one source's graph, and returns the number of quads or triples written.
pub fn dump(
    store: &Store,
    format: RdfDump,
    graph: Option<&SourceId>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let graph_name = match graph {
        Some(id) => {
            let name = iri::graph(id);
            if !store.contains_named_graph(&name)? {
                return Err(ExportError::UnknownGraph(id.to_string()));
            }
            Some(name)
        }
        None => None,
    };
    let rdf_format = match format {
        RdfDump::NQuads => RdfFormat::NQuads,
        RdfDump::TriG => RdfFormat::TriG,
        RdfDump::Turtle => RdfFormat::Turtle,
        RdfDump::NTriples => RdfFormat::NTriples,
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if matches!(format, RdfDump::TriG | RdfDump::Turtle) {
        for (prefix, ns) in crate::query::PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *ns)
                .expect("the built-in prefixes are valid IRIs");
        }
    }
    let mut writer = serializer.for_writer(out);
    let triples_only = matches!(format, RdfDump::Turtle | RdfDump::NTriples);
    // Merging graphs into one must not repeat a triple several documents state; 128-bit hashes
    // keep the memory small (16 bytes a triple, no realistic collision) while the dump streams.
    // The store's default graph is that merge already (stores built before it was: none).
    let merged =
        graph_name.is_none() && triples_only && crate::store::has_merged_default_graph(store)?;
    let mut seen = HashSet::new();
    let mut count = 0;
    let pattern_graph = match &graph_name {
        Some(g) => Some(GraphNameRef::from(g.as_ref())),
        None if merged => Some(GraphNameRef::DefaultGraph),
        None => None,
    };
    for quad in store.quads_for_pattern(None, None, None, pattern_graph) {
        let quad = quad?;
        if triples_only {
            let triple = QuadRef::from(&quad);
            if graph_name.is_none() && !merged && !seen.insert(triple_hash(triple)) {
                continue;
            }
            writer.serialize_triple(triple)?;
        } else if quad.graph_name.is_default_graph() {
            // Quads keep what each document stated; the merge is derived from them.
            continue;
        } else {
            writer.serialize_quad(&quad)?;
        }
        count += 1;
    }
    writer.finish()?;
    Ok(count)
}

fn triple_hash(quad: QuadRef<'_>) -> u128 {
    let mut halves = [0u64; 2];
    for (salt, half) in halves.iter_mut().enumerate() {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        (quad.subject, quad.predicate, quad.object).hash(&mut hasher);
        *half = hasher.finish();
    }
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}
