//! The full-text index: organisation names and aliases, project acronyms, titles and
//! objectives, strategy statements and priorities, expertise areas and theme labels, each
//! document pointing back to its node and the graphs that state it.
//!
//! Oxigraph has no text index, and `FILTER(CONTAINS(…))` reads every literal with no ranking,
//! stemming or tolerance for typos. This is a [tantivy](https://crates.io/crates/tantivy) index
//! written into every generation beside the database (`gen-NNNNNN/search/`) from the quads the
//! build loads, gathered as they stream into the loader and indexed while it finishes, so it
//! is published with the graph atomically and never says anything the graph does not. Like the participation index it is stamped with its layout version and its
//! generation; one that is missing, damaged or of another generation or version is never used
//! but made again from the store (kept when the generation can be written, else in memory).
//!
//! Text is analysed by its language: `@sv` with the Swedish Snowball stemmer and stop words,
//! `@en` with the English ones; untagged prose by its function words, untagged short values
//! (names, acronyms, titles) as both. Names are also indexed unstemmed and folded to ASCII, and
//! matched within one or two edits, so `Karolinska Insitutet` and `OREBRO` find their node.

mod collect;
mod output;
pub mod service;

pub use collect::Collector;
pub use output::{Answer, SearchFormat, SearchOptions, run};

use crate::model::Lang;
use crate::store::{ReadStore, StoreError};
use collect::Entry;
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, TantivyError, Term};

/// The directory of the index inside a generation directory.
pub const DIR: &str = "search";

/// Bumped when the layout or the analysis changes; an index of another version is made again.
const VERSION: &str = "1";

/// Memory for the index writer, split between its threads: enough that each thread writes one
/// segment for the H2020-scale workload (35,000 objectives), committed once and not merged.
const WRITER_MEMORY: usize = 200_000_000;

/// What a node found by search is. The CLI's `--kind` takes these values too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[value(alias = "organization")]
    Organisation,
    Project,
    /// A strategic commitment of a regional strategy.
    Statement,
    /// A priority area of a regional strategy.
    Priority,
    Expertise,
    Theme,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Organisation,
        Kind::Project,
        Kind::Statement,
        Kind::Priority,
        Kind::Expertise,
        Kind::Theme,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Organisation => "organisation",
            Kind::Project => "project",
            Kind::Statement => "statement",
            Kind::Priority => "priority",
            Kind::Expertise => "expertise",
            Kind::Theme => "theme",
        }
    }

    /// The kind a name says, in either spelling and in the singular or plural.
    pub fn parse(name: &str) -> Result<Self, SearchError> {
        let wanted = name
            .trim()
            .to_lowercase()
            .replace("organization", "organisation");
        let singular = wanted.strip_suffix('s').unwrap_or(&wanted);
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == wanted || kind.name() == singular)
            .ok_or_else(|| SearchError::UnknownKind(name.to_owned()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot write the search index {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the search index {path} cannot be used")]
    Index {
        path: PathBuf,
        #[source]
        source: TantivyError,
    },
    #[error("reading the graph for the search index failed")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "{0:?} is no kind of search hit; the kinds are organisation, project, statement, \
         priority, expertise and theme"
    )]
    UnknownKind(String),
    #[error("{0:?} is no language the index knows; the languages are en and sv")]
    UnknownLanguage(String),
    #[error("writing the search results failed")]
    Output(#[from] std::io::Error),
}

/// The fields of an index document.
#[derive(Debug, Clone, Copy)]
struct Fields {
    node: Field,
    kind: Field,
    graph: Field,
    lang: Field,
    /// Names, unstemmed and folded to ASCII: exact and fuzzy matches.
    name: Field,
    en: Field,
    sv: Field,
}

const NAME_ANALYZER: &str = "pg_name";
const EN_ANALYZER: &str = "pg_en";
const SV_ANALYZER: &str = "pg_sv";

/// Tokens longer than this (a URL, a DNA sequence) are not indexed.
const LONGEST_TOKEN: usize = 40;

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    let fields = Fields {
        node: builder.add_text_field("node", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        graph: builder.add_text_field("graph", STRING | STORED),
        lang: builder.add_text_field("lang", STRING),
        name: builder.add_text_field("name", text(NAME_ANALYZER)),
        en: builder.add_text_field("en", text(EN_ANALYZER)),
        sv: builder.add_text_field("sv", text(SV_ANALYZER)),
    };
    (builder.build(), fields)
}

fn stop_words(language: Language) -> StopWordFilter {
    StopWordFilter::new(language).expect("tantivy ships English and Swedish stop words")
}

/// Registers the analysers on an index (tantivy keeps their names, not the analysers).
fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    // Both languages' stop words in both: untagged names and titles are analysed as either
    // language, and "the" must not match every English name through the Swedish field.
    let stemmed = |language| {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
            .filter(LowerCaser)
            .filter(stop_words(Language::English))
            .filter(stop_words(Language::Swedish))
            .filter(Stemmer::new(language))
            .build()
    };
    tokenizers.register(EN_ANALYZER, stemmed(Language::English));
    tokenizers.register(SV_ANALYZER, stemmed(Language::Swedish));
    // Names mix languages ("Region Örebro län", "University of Oxford"): the stop words of
    // both are left out, so that neither "of" nor "och" matches half the organisations.
    tokenizers.register(
        NAME_ANALYZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
            .filter(LowerCaser)
            .filter(stop_words(Language::English))
            .filter(stop_words(Language::Swedish))
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// The generation an index directory belongs to: the directory it is in.
fn generation_of(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stamp(generation: &str) -> String {
    format!("partnergraph search {VERSION} {generation}")
}

fn index_error(path: &Path) -> impl Fn(TantivyError) -> SearchError + '_ {
    move |source| SearchError::Index {
        path: path.to_owned(),
        source,
    }
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Write {
        path: path.to_owned(),
        source,
    }
}

/// Fills `index` with the entries and commits it with `stamp`.
fn fill(
    index: &Index,
    fields: Fields,
    entries: &BTreeMap<String, Entry>,
    stamp: &str,
    path: &Path,
) -> Result<(), SearchError> {
    let threads = rayon::current_num_threads().clamp(1, 4);
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(threads, WRITER_MEMORY)
        .map_err(index_error(path))?;
    // A few segments search as fast as one here, and merging them would cost about as much
    // as writing them (tantivy merges in the background otherwise, and the build waits).
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for (node, entry) in entries {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.node, node);
        doc.add_text(fields.kind, entry.kind.name());
        for graph in &entry.graphs {
            doc.add_text(fields.graph, graph);
        }
        let mut langs: Vec<Lang> = Vec::new();
        for value in &entry.values {
            if value.name {
                doc.add_text(fields.name, &value.text);
            }
            match value.lang {
                Some(Lang::En) => doc.add_text(fields.en, &value.text),
                Some(Lang::Sv) => doc.add_text(fields.sv, &value.text),
                None => {
                    doc.add_text(fields.en, &value.text);
                    doc.add_text(fields.sv, &value.text);
                }
            }
            if let Some(lang) = value.lang.filter(|lang| !langs.contains(lang)) {
                langs.push(lang);
                doc.add_text(fields.lang, lang.tag());
            }
        }
        writer.add_document(doc).map_err(index_error(path))?;
    }
    let mut commit = writer.prepare_commit().map_err(index_error(path))?;
    commit.set_payload(stamp);
    commit.commit().map_err(index_error(path))?;
    writer.wait_merging_threads().map_err(index_error(path))
}

/// Writes the index of what `collector` observed at `path`, as [`write`] does from a store.
pub fn write_collected(collector: Collector, path: &Path) -> Result<(), SearchError> {
    write_entries(&collector.finish(), path)
}

/// Writes the index of `store` at `path` (a directory in a generation directory), stamped with
/// that generation. It appears whole or not at all: it is written beside and renamed into place.
pub fn write(store: &Store, path: &Path) -> Result<(), SearchError> {
    let entries = collect::gather(store)?;
    write_entries(&entries, path)
}

fn write_entries(entries: &BTreeMap<String, Entry>, path: &Path) -> Result<(), SearchError> {
    let started = std::time::Instant::now();
    let partial = path.with_extension(format!("partial{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    let written = (|| {
        std::fs::create_dir(&partial).map_err(write_error(&partial))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&partial, schema).map_err(index_error(&partial))?;
        register_analyzers(&index);
        fill(
            &index,
            fields,
            entries,
            &stamp(&generation_of(path)),
            &partial,
        )?;
        drop(index);
        sync_dir(&partial)?;
        // A damaged index is moved aside first: a directory cannot be renamed over another.
        if path.exists() {
            let stale = path.with_extension(format!("stale{}", std::process::id()));
            std::fs::rename(path, &stale).map_err(write_error(path))?;
            let _ = std::fs::remove_dir_all(&stale);
        }
        std::fs::rename(&partial, path).map_err(write_error(path))?;
        // Only the directory entry: the database beside it is open, and RocksDB deletes its
        // own files while compacting.
        if let Some(parent) = path.parent() {
            std::fs::File::open(parent)
                .and_then(|dir| dir.sync_all())
                .map_err(write_error(parent))?;
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    } else {
        tracing::info!(elapsed = ?started.elapsed(), "indexed the text of {} nodes", entries.len());
    }
    written
}

fn sync_dir(path: &Path) -> Result<(), SearchError> {
    let sync = |path: &Path| std::fs::File::open(path).and_then(|file| file.sync_all());
    for entry in std::fs::read_dir(path).map_err(write_error(path))? {
        let entry = entry.map_err(write_error(path))?;
        if entry.file_type().map_err(write_error(path))?.is_file() {
            sync(&entry.path()).map_err(write_error(path))?;
        }
    }
    sync(path).map_err(write_error(path))
}

/// The index at `path` if it is one of this version for `generation`; why not otherwise.
fn open_for(path: &Path, generation: &str) -> Result<SearchIndex, String> {
    if !path.is_dir() {
        return Err("it is missing".to_owned());
    }
    let index = Index::open_in_dir(path).map_err(|e| e.to_string())?;
    let payload = index.load_metas().map_err(|e| e.to_string())?.payload;
    if payload.as_deref() != Some(stamp(generation).as_str()) {
        return Err(format!(
            "it was written for another generation or version ({payload:?})"
        ));
    }
    SearchIndex::new(index).map_err(|e| e.to_string())
}

/// The index beside a published database. One that is missing, damaged, of another version or
/// of another generation is made again from the store: kept in the generation when it can be
/// written to, else held in memory.
pub fn open(read: &ReadStore) -> Result<SearchIndex, SearchError> {
    open_at(&read.file(DIR), read.store())
}

fn open_at(path: &Path, store: &Store) -> Result<SearchIndex, SearchError> {
    let why = match open_for(path, &generation_of(path)) {
        Ok(index) => return Ok(index),
        Err(why) => why,
    };
    tracing::warn!(
        "not using the search index {} ({why}): making it again from the store",
        path.display()
    );
    let entries = collect::gather(store)?;
    match write_entries(&entries, path) {
        Ok(()) => {
            let reopened = Index::open_in_dir(path).map_err(index_error(path))?;
            SearchIndex::new(reopened).map_err(index_error(path))
        }
        Err(e) => {
            tracing::warn!("{}; searching an index in memory", crate::describe(&e));
            let (schema, fields) = schema();
            let index = Index::create_in_ram(schema);
            register_analyzers(&index);
            fill(&index, fields, &entries, &stamp(""), path)?;
            SearchIndex::new(index).map_err(index_error(path))
        }
    }
}

/// What to search for.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub text: String,
    pub kind: Option<Kind>,
    pub lang: Option<Lang>,
    pub limit: usize,
}

/// One node found, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub node: String,
    pub kind: Kind,
    /// BM25 relevance, higher is better; comparable only within one search.
    pub score: f32,
    /// The node's first name (its preferred label, legal name, acronym, …).
    pub label: String,
    /// The passage that matched, with the matched words between `**`; the label when only a
    /// name matched.
    pub snippet: String,
    /// The named graphs (documents) that state what was indexed of the node.
    pub graphs: Vec<String>,
}

/// An open index, ready to search.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// How far a name's word may be from the query's (edits, a swap of two letters being one):
/// none for short words, which a single edit turns into other words.
fn edit_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// How much an exact name match counts against prose.
const NAME_BOOST: f32 = 2.0;
/// What a name's word within a few edits of the query's adds, whatever the word: about what a
/// rare word scores exactly, so that a misspelt rare word ("Upsala") outweighs the common word
/// beside it ("universitet") in other names. The exact spelling matches both ways, so it
/// always ranks first.
const FUZZY_SCORE: f32 = 4.0;
const SNIPPET_CHARS: usize = 200;

impl SearchIndex {
    fn new(index: Index) -> tantivy::Result<Self> {
        register_analyzers(&index);
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        let fields = Fields {
            node: field("node")?,
            kind: field("kind")?,
            graph: field("graph")?,
            lang: field("lang")?,
            name: field("name")?,
            en: field("en")?,
            sv: field("sv")?,
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
        })
    }

    /// The words of `text` as the analyser of `field` indexes them.
    fn words(&self, field: Field, text: &str) -> tantivy::Result<Vec<String>> {
        let mut analyzer = self.index.tokenizer_for_field(field)?;
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            if !words.contains(&token.text) {
                words.push(token.text.clone());
            }
        }
        Ok(words)
    }

    /// The query for `text`: any of its words, stemmed in English and in Swedish, or matching a
    /// name exactly or within a few edits. `None` when no word is left (only stop words).
    fn text_query(&self, text: &str) -> tantivy::Result<Option<Box<dyn Query>>> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for field in [f.en, f.sv] {
            for word in self.words(field, text)? {
                let term = Term::from_field_text(field, &word);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        for word in self.words(f.name, text)? {
            let term = Term::from_field_text(f.name, &word);
            let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), NAME_BOOST)),
            ));
            let distance = edit_distance(&word);
            if distance > 0 {
                let fuzzy = FuzzyTermQuery::new(term, distance, true);
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(fuzzy), FUZZY_SCORE)),
                ));
            }
        }
        Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
    }

    /// The nodes matching `request`, best first, ties by IRI. Which of the nodes tied at the
    /// limit make it in depends on how the index's threads split the documents.
    pub fn search(&self, request: &Request) -> Result<Vec<Hit>, TantivyError> {
        self.find(request, true)
    }

    /// As [`SearchIndex::search`]; without `snippets` each hit's snippet is its label, which
    /// spares analysing the text of every hit again (a SPARQL block that binds no snippet).
    pub fn find(&self, request: &Request, snippets: bool) -> Result<Vec<Hit>, TantivyError> {
        let f = self.fields;
        let Some(query) = self.query(request)? else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(request.limit).order_by_score())?;
        let mut generators = Vec::new();
        for field in [f.en, f.sv].into_iter().filter(|_| snippets) {
            let mut generator = SnippetGenerator::create(&searcher, &query, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            generators.push(generator);
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(score, &doc, &generators)?);
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.node.cmp(&b.node))
        });
        Ok(hits)
    }

    /// The query for `request`: its words, of its kind and language; `None` when it finds
    /// nothing (only stop words, or a limit of 0).
    fn query(&self, request: &Request) -> tantivy::Result<Option<BooleanQuery>> {
        let f = self.fields;
        let Some(text_query) = self.text_query(&request.text)? else {
            return Ok(None);
        };
        if request.limit == 0 {
            return Ok(None);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        let filter = |field: Field, value: &str| -> (Occur, Box<dyn Query>) {
            let term = TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            );
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(term), 0.0)),
            )
        };
        if let Some(kind) = request.kind {
            clauses.push(filter(f.kind, kind.name()));
        }
        if let Some(lang) = request.lang {
            clauses.push(filter(f.lang, lang.tag()));
        }
        Ok(Some(BooleanQuery::new(clauses)))
    }

    /// A found document as a hit, its snippet made by the best of `generators` (its label
    /// when there are none, or none finds a matched word in its text).
    fn hit(
        &self,
        score: f32,
        doc: &TantivyDocument,
        generators: &[SnippetGenerator],
    ) -> tantivy::Result<Hit> {
        let f = self.fields;
        let first = |field: Field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let label = first(f.name);
        let snippet = generators
            .iter()
            .map(|generator| generator.snippet_from_doc(doc))
            .max_by_key(|snippet| snippet.highlighted().len())
            .filter(|snippet| !snippet.highlighted().is_empty())
            .map_or_else(|| label.clone(), |snippet| marked(&snippet));
        Ok(Hit {
            node: first(f.node),
            kind: Kind::parse(&first(f.kind))
                .map_err(|e| TantivyError::InvalidArgument(crate::describe(&e)))?,
            score,
            label,
            snippet,
            graphs: doc
                .get_all(f.graph)
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect(),
        })
    }
}

/// A snippet's text with its matched words between `**`.
fn marked(snippet: &tantivy::snippet::Snippet) -> String {
    let text = snippet.fragment();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for range in snippet.highlighted() {
        out.push_str(&text[at..range.start]);
        out.push_str("**");
        out.push_str(&text[range.clone()]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&text[at..]);
    out.trim().to_owned()
}

#[cfg(test)]
mod tests;
