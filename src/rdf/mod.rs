//! Records → quads. Each document becomes one named graph; a description of the document
//! (file, checksum, ingest time) goes into the metadata graph.

pub mod cordis;
pub mod identity;
pub mod iri;
pub mod participations;
mod profile;
mod strategy;

use crate::ingest::{Document, Loaded};
use crate::model::{Lang, SourceId, SourceKind, ThemeId};
use crate::resolve::Identities;
use crate::resolve::themes::{LabelKind, ThemeEntry, ThemeIndex, ThemeLabel};
use crate::vocab::{META_GRAPH, dcterms, pg, prov, skos};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The ontology and the theme scheme, compiled in so that a build never depends on the
/// working directory; they get graphs of their own like any document.
pub struct Builtin {
    pub id: &'static str,
    pub path: &'static str,
    pub title: &'static str,
    pub turtle: &'static str,
}

pub const BUILTIN_SOURCES: [Builtin; 2] = [
    Builtin {
        id: "ontology",
        path: "ontology/partnergraph.ttl",
        title: "partnergraph ontology",
        turtle: include_str!("../../ontology/partnergraph.ttl"),
    },
    Builtin {
        id: "themes",
        path: "ontology/themes.ttl",
        title: "partnergraph theme scheme",
        turtle: include_str!("../../ontology/themes.ttl"),
    },
];

fn parse_builtin(builtin: &Builtin) -> Vec<oxigraph::model::Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(builtin.turtle.as_bytes())
        .map(|t| t.map(Into::into))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the bundled {} is valid Turtle: {e}", builtin.path))
}

/// Themes by the EuroSciVoc paths the theme scheme maps them to.
pub fn builtin_field_themes() -> cordis::FieldThemes {
    let mut fields: cordis::FieldThemes = parse_builtin(&BUILTIN_SOURCES[1])
        .into_iter()
        .filter(|t| t.predicate == pg::EURO_SCI_VOC_PATH)
        .filter_map(|t| match (&t.subject, &t.object) {
            (NamedOrBlankNode::NamedNode(s), Term::Literal(path)) => {
                Some((path.value().to_owned(), iri::theme_id(s.as_str())?))
            }
            _ => None,
        })
        .collect();
    fields.sort();
    fields
}

/// The theme scheme as the matcher needs it.
pub fn builtin_themes() -> Vec<ThemeEntry> {
    let triples = parse_builtin(&BUILTIN_SOURCES[1]);
    let mut entries = Vec::new();
    add_concepts(
        &mut entries,
        triples
            .iter()
            .map(|t| (&t.subject, t.predicate.as_ref(), &t.object)),
        iri::theme_id,
    );
    entries
}

/// The themes a build matches: the bundled scheme and every SKOS concept scheme among the build's
/// RDF documents, so that a user's own themes are found like ours. A user's concepts are known by
/// their IRIs; labels a user file gives one of our concepts (another language, a synonym) are
/// added to it.
pub fn build_themes(documents: &[(Loaded, Document)]) -> Vec<ThemeEntry> {
    let mut entries = builtin_themes();
    for (_, document) in documents {
        if let Document::Rdf(quads) = document
            && is_concept_scheme(quads)
        {
            add_concepts(
                &mut entries,
                quads
                    .iter()
                    .map(|q| (&q.subject, q.predicate.as_ref(), &q.object)),
                |iri| Some(iri::theme_id(iri).unwrap_or_else(|| ThemeId::new(iri))),
            );
        }
    }
    entries
}

/// Whether an RDF document declares a `skos:ConceptScheme`.
fn is_concept_scheme(quads: &[Quad]) -> bool {
    quads.iter().any(|q| {
        q.predicate == rdf::TYPE && q.object == Term::from(skos::CONCEPT_SCHEME.into_owned())
    })
}

/// Adds the `skos:Concept`s among `triples` (with their labels and broader concepts) to `entries`,
/// merging into an entry of the same id.
fn add_concepts<'a>(
    entries: &mut Vec<ThemeEntry>,
    triples: impl Iterator<Item = (&'a NamedOrBlankNode, NamedNodeRef<'a>, &'a Term)> + Clone,
    id_of: impl Fn(&str) -> Option<ThemeId>,
) {
    let mut index: std::collections::BTreeMap<ThemeId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for (subject, predicate, object) in triples.clone() {
        if predicate == rdf::TYPE
            && *object == Term::from(skos::CONCEPT.into_owned())
            && let NamedOrBlankNode::NamedNode(n) = subject
            && let Some(id) = id_of(n.as_str())
        {
            index.entry(id.clone()).or_insert_with(|| {
                entries.push(ThemeEntry {
                    id,
                    labels: Vec::new(),
                    broader: Vec::new(),
                });
                entries.len() - 1
            });
        }
    }
    for (subject, predicate, object) in triples {
        let NamedOrBlankNode::NamedNode(subject) = subject else {
            continue;
        };
        let Some(&i) = id_of(subject.as_str()).and_then(|id| index.get(&id)) else {
            continue;
        };
        let kind = match predicate {
            p if p == skos::PREF_LABEL => Some(LabelKind::Pref),
            p if p == skos::ALT_LABEL => Some(LabelKind::Alt),
            p if p == skos::HIDDEN_LABEL => Some(LabelKind::Hidden),
            _ => None,
        };
        match (object, kind) {
            (Term::Literal(l), Some(kind)) => {
                let label = ThemeLabel {
                    text: l.value().to_owned(),
                    // `sv-SE` is Swedish; a language partnergraph does not know is matched like English.
                    lang: l
                        .language()
                        .and_then(|tag| Lang::from_tag(tag.split('-').next().unwrap_or(tag))),
                    kind,
                };
                if !entries[i].labels.contains(&label) {
                    entries[i].labels.push(label);
                }
            }
            (Term::NamedNode(o), None) if predicate == skos::BROADER => {
                if let Some(id) = id_of(o.as_str())
                    && !entries[i].broader.contains(&id)
                {
                    entries[i].broader.push(id);
                }
            }
            _ => {}
        }
    }
}

/// A document's graph, ready to load, with what identifies its content.
#[derive(Debug)]
pub struct SourceGraph {
    pub id: SourceId,
    pub kind: SourceKind,
    pub path: String,
    pub content: Content,
    /// The document's description for the metadata graph, without what loading decides.
    description: Vec<Quad>,
    /// Changes exactly when the statements the document yields change.
    pub digest: String,
    /// Things the document says that could not be represented, for the build's summary.
    pub warnings: Vec<String>,
}

/// A graph's statements: in memory, or produced chunk by chunk while loading (CORDIS tables are
/// millions of quads, which must never all be in memory at once).
#[derive(Debug)]
pub enum Content {
    Quads(Vec<Quad>),
    Cordis(cordis::CordisGraph),
}

impl SourceGraph {
    /// The number of quads, when it is known before loading.
    pub fn known_len(&self) -> Option<usize> {
        match &self.content {
            Content::Quads(quads) => Some(quads.len()),
            Content::Cordis(_) => None,
        }
    }

    /// Feeds the graph's quads to `sink` in chunks and returns how many there were.
    pub fn stream<E>(&self, sink: &mut dyn FnMut(Vec<Quad>) -> Result<(), E>) -> Result<usize, E> {
        match &self.content {
            Content::Quads(quads) => {
                sink(quads.clone())?;
                Ok(quads.len())
            }
            Content::Cordis(graph) => graph.stream(&iri::graph(&self.id), sink),
        }
    }

    /// The document's description in the metadata graph, once its size is known.
    pub fn metadata(&self, triples: usize) -> Vec<Quad> {
        let document = iri::source_document(&self.id);
        let meta = GraphName::from(META_GRAPH.into_owned());
        let mut quads = self.description.clone();
        quads.push(Quad::new(
            document.clone(),
            pg::TRIPLE_COUNT,
            Literal::from(triples as i64),
            meta.clone(),
        ));
        quads.push(Quad::new(
            document.clone(),
            pg::CONTENT_DIGEST,
            Literal::new_simple_literal(&self.digest),
            meta.clone(),
        ));
        quads.push(Quad::new(
            document,
            prov::GENERATED_AT_TIME,
            Literal::new_typed_literal(oxsdatatypes::DateTime::now().to_string(), xsd::DATE_TIME),
            meta,
        ));
        quads
    }
}

/// Collects the triples of one named graph.
pub struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphWriter {
    pub fn new(graph: NamedNode) -> Self {
        Self {
            graph: graph.into(),
            quads: Vec::new(),
        }
    }

    pub fn add(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        self.quads.push(Quad::new(
            subject.clone(),
            predicate,
            object,
            self.graph.clone(),
        ));
    }

    pub fn a(&mut self, subject: &NamedNode, class: NamedNodeRef<'_>) {
        self.add(subject, rdf::TYPE, class.into_owned());
    }

    /// A plain string; empty strings say nothing and are skipped.
    pub fn string(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, value: &str) {
        let value = value.trim();
        if !value.is_empty() {
            self.add(subject, predicate, Literal::new_simple_literal(value));
        }
    }

    pub fn text(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        value: &str,
        lang: Lang,
    ) {
        let value = value.trim();
        if !value.is_empty() {
            self.add(
                subject,
                predicate,
                Literal::new_language_tagged_literal_unchecked(value, lang.tag()),
            );
        }
    }

    pub fn integer(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, value: i64) {
        self.add(subject, predicate, Literal::from(value));
    }

    /// An amount of money or another exact figure, as `xsd:decimal`.
    pub fn decimal(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, value: f64) {
        if value.is_finite() {
            self.add(
                subject,
                predicate,
                Literal::new_typed_literal(format!("{value}"), xsd::DECIMAL),
            );
        }
    }

    pub fn year(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, year: i32) {
        self.add(
            subject,
            predicate,
            Literal::new_typed_literal(format!("{year:04}"), xsd::G_YEAR),
        );
    }

    pub fn into_quads(self) -> Vec<Quad> {
        self.quads
    }
}

/// Sorts and deduplicates quads so that the same statements always give the same digest.
fn canonical(quads: Vec<Quad>) -> (Vec<Quad>, Vec<String>) {
    let mut keyed: Vec<(String, Quad)> = quads
        .into_iter()
        .map(|q| (QuadRef::from(&q).to_string(), q))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(k, q)| (q, k)).unzip()
}

/// What a document's manifest or the build says about it.
struct Description<'a> {
    id: &'a SourceId,
    kind: SourceKind,
    path: &'a str,
    sha256: &'a str,
    title: Option<&'a str>,
    language: Option<Lang>,
    speaks_for: Option<&'a str>,
    origin: Option<&'a str>,
}

fn describe(description: &Description<'_>) -> Vec<Quad> {
    let document = iri::source_document(description.id);
    let mut meta = GraphWriter::new(META_GRAPH.into_owned());
    meta.a(&document, pg::SOURCE_DOCUMENT);
    meta.add(&document, pg::GRAPH, iri::graph(description.id));
    meta.string(&document, pg::SOURCE_KIND, description.kind.as_str());
    meta.string(&document, pg::SOURCE_PATH, description.path);
    meta.string(&document, pg::SHA256, description.sha256);
    if let Some(title) = description.title {
        meta.string(&document, dcterms::TITLE, title);
    }
    if let Some(language) = description.language {
        meta.string(&document, dcterms::LANGUAGE, language.tag());
    }
    if let Some(speaks_for) = description.speaks_for {
        meta.string(&document, pg::SPEAKS_FOR, speaks_for);
    }
    if let Some(origin) = description.origin {
        meta.string(&document, pg::ORIGIN, origin);
    }
    meta.into_quads()
}

fn digest<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let mut hasher = Sha256::new();
    for key in keys {
        hasher.update(key.as_bytes());
        hasher.update(b"\n");
    }
    format!("{:x}", hasher.finalize())
}

/// A graph whose quads are all in memory: its digest is that of its sorted statements.
fn finish(description: Description<'_>, quads: Vec<Quad>, warnings: Vec<String>) -> SourceGraph {
    let (quads, keys) = canonical(quads);
    let (meta, meta_keys) = canonical(describe(&description));
    SourceGraph {
        id: description.id.clone(),
        kind: description.kind,
        path: description.path.to_owned(),
        digest: digest(keys.iter().chain(&meta_keys)),
        content: Content::Quads(quads),
        description: meta,
        warnings,
    }
}

/// A graph the build derives rather than reads (the identity corrections): `quads` in the graph
/// of `id`, described with the file they come from.
pub fn derived_graph(
    id: &SourceId,
    path: &str,
    sha256: &str,
    title: &str,
    quads: Vec<Quad>,
) -> SourceGraph {
    finish(
        Description {
            id,
            kind: SourceKind::Derived,
            path,
            sha256,
            title: Some(title),
            language: None,
            speaks_for: None,
            origin: Some("computed by partnergraph build"),
        },
        quads,
        Vec::new(),
    )
}

/// The graphs of the bundled ontology and themes.
pub fn builtin_graphs() -> Vec<SourceGraph> {
    BUILTIN_SOURCES
        .iter()
        .map(|builtin| {
            let id = SourceId::new(builtin.id);
            let graph = GraphName::from(iri::graph(&id));
            let quads = parse_builtin(builtin)
                .into_iter()
                .map(|t| t.in_graph(graph.clone()))
                .collect();
            let sha256 = format!("{:x}", Sha256::digest(builtin.turtle.as_bytes()));
            finish(
                Description {
                    id: &id,
                    kind: SourceKind::Rdf,
                    path: builtin.path,
                    sha256: &sha256,
                    title: Some(builtin.title),
                    language: None,
                    speaks_for: None,
                    origin: Some("bundled with partnergraph"),
                },
                quads,
                Vec::new(),
            )
        })
        .collect()
}

/// The graph of one parsed document.
// Long because it is one arm per kind of document, each writing into the same graph writer,
// followed by the document's metadata, which needs what every arm wrote.
pub fn document_graph(
    loaded: &Loaded,
    document: Document,
    identities: &Identities,
    themes: &Arc<ThemeIndex>,
    fields: &Arc<cordis::FieldThemes>,
) -> SourceGraph {
    let spec = &loaded.spec;
    let graph = iri::graph(&spec.id);
    let kind = document.kind();
    let path = spec
        .path
        .canonicalize()
        .unwrap_or_else(|_| spec.path.clone())
        .display()
        .to_string();
    let mut writer = GraphWriter::new(graph.clone());
    let mut warnings = Vec::new();
    let language = match document {
        Document::Profile(profile) => {
            profile::emit(
                &mut writer,
                spec,
                &profile,
                identities,
                themes,
                &mut warnings,
            );
            spec.language.or(Some(Lang::En))
        }
        Document::Strategy(strategy) => {
            strategy::emit(
                &mut writer,
                spec,
                &strategy,
                identities,
                themes,
                &mut warnings,
            );
            spec.language.or(Some(strategy.language))
        }
        Document::Rdf(quads) => {
            // A user's theme scheme: its concepts are themes like ours (`pg:Theme`).
            if is_concept_scheme(&quads) {
                for q in &quads {
                    if q.predicate == rdf::TYPE
                        && q.object == Term::from(skos::CONCEPT.into_owned())
                        && let NamedOrBlankNode::NamedNode(concept) = &q.subject
                    {
                        writer.a(concept, pg::THEME);
                    }
                }
            }
            let graph = GraphName::from(graph);
            writer.quads.extend(
                quads
                    .into_iter()
                    .map(|q| Quad::new(q.subject, q.predicate, q.object, graph.clone())),
            );
            spec.language
        }
        Document::Cordis(file) => {
            let description = Description {
                id: &spec.id,
                kind,
                path: &path,
                sha256: &loaded.sha256,
                title: spec.title.as_deref(),
                language: spec.language,
                speaks_for: spec.organisation.as_deref().or(spec.region.as_deref()),
                origin: spec.origin.as_deref(),
            };
            let mut meta = describe(&description);
            let mut quality = GraphWriter::new(META_GRAPH.into_owned());
            cordis::quality_description(
                &iri::source_document(&spec.id),
                &file.quality,
                &mut quality,
            );
            meta.extend(quality.into_quads());
            let (meta, meta_keys) = canonical(meta);
            let version = cordis::EMITTER_VERSION.to_owned();
            // The participants corrections join to other organisations change the quads, and
            // only they: a file with no such participant keeps its digest.
            let joined = identities.pic_redirects();
            let joins: Vec<String> = match &file.table {
                Some(crate::ingest::cordis::CordisTable::Participations(rows)) => joined
                    .iter()
                    .filter(|(pic, _)| rows.iter().any(|row| row.pic == **pic))
                    .map(|(pic, to)| format!("{} -> {to:?}", pic.as_str()))
                    .collect(),
                _ => Vec::new(),
            };
            return SourceGraph {
                id: spec.id.clone(),
                kind,
                path,
                digest: digest(std::iter::once(&version).chain(&joins).chain(&meta_keys)),
                content: match file.table {
                    Some(table) => Content::Cordis(cordis::CordisGraph::new(
                        table,
                        Arc::clone(themes),
                        Arc::clone(fields),
                        joined,
                    )),
                    None => Content::Quads(Vec::new()),
                },
                description: meta,
                warnings: file.warnings,
            };
        }
    };
    if let Some(pages) = &loaded.pages {
        add_pages(&mut writer, pages);
    }
    finish(
        Description {
            id: &spec.id,
            kind,
            path: &path,
            sha256: &loaded.sha256,
            title: spec.title.as_deref(),
            language,
            speaks_for: spec.organisation.as_deref().or(spec.region.as_deref()),
            origin: spec.origin.as_deref(),
        },
        writer.into_quads(),
        warnings,
    )
}

/// Gives every node that cites a line of a PDF's text (`pg:line`) the page that line is on.
fn add_pages(writer: &mut GraphWriter, pages: &[u32]) {
    let cited: Vec<(NamedNode, u32)> = writer
        .quads
        .iter()
        .filter(|q| q.predicate == pg::LINE)
        .filter_map(|q| match (&q.subject, &q.object) {
            (NamedOrBlankNode::NamedNode(subject), Term::Literal(line)) => {
                let line: usize = line.value().parse().ok()?;
                let page = *pages.get(line.checked_sub(1)?)?;
                Some((subject.clone(), page))
            }
            _ => None,
        })
        .collect();
    for (subject, page) in cited {
        writer.integer(&subject, pg::PAGE, i64::from(page));
    }
}

/// Links `subject` to every theme `text` mentions.
fn link_themes(
    writer: &mut GraphWriter,
    subject: &NamedNode,
    text: &str,
    themes: &ThemeIndex,
) -> Vec<ThemeId> {
    let hits = themes.find(text);
    for hit in &hits {
        writer.add(subject, pg::ABOUT_THEME, iri::theme(&hit.theme));
    }
    hits.into_iter().map(|h| h.theme).collect()
}
