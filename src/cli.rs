//! Command-line types, and their conversion into the library's options: the one place a flag
//! becomes a value the library understands. Doc comments are the `--help` text.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use partnergraph::analysis::network::ProjectionOptions;
use partnergraph::build::{BuildOptions, RemoveOptions};
use partnergraph::model::{Lang, Role};
use partnergraph::query::{self, OutputFormat, QueryFile};
use partnergraph::serve::{ServeOptions, TokenSource};
use partnergraph::store::WaitPolicy;
use partnergraph::{export, report, search};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Turn documents about European research and innovation into a knowledge graph of organisations,
/// projects, expertise areas, themes and regional strategies, and query it with SPARQL.
///
/// Start with `partnergraph build` (ingests the bundled seeds/), then `partnergraph stats` and
/// `partnergraph query queries/organisation-projects.rq --param org="Region Stockholm"`.
#[derive(Debug, Parser)]
#[command(
    name = "partnergraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Store directory (created by `build`).
    #[arg(long, global = true, env = "PARTNERGRAPH_STORE", default_value = partnergraph::store::DEFAULT_DIR)]
    pub store: PathBuf,

    /// Print only errors on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Build(BuildArgs),
    Remove(RemoveArgs),
    Query(QueryArgs),
    Search(SearchArgs),
    Stats(StatsArgs),
    Export(ExportArgs),
    Validate(ValidateArgs),
    Network(NetworkArgs),
    Partners(PartnersArgs),
    Identities(IdentitiesArgs),
    Snapshot(SnapshotArgs),
    Diff(DiffArgs),
    /// Partnership-gap reports for grants offices (`report gaps`).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Synthetic CORDIS CSVs for tests and benchmarks (`synth cordis`).
    #[command(subcommand)]
    Synth(SynthCommand),
    Serve(ServeArgs),
    /// Evaluates the queries `serve` sends it on stdin (started by `serve`, not by users).
    #[command(name = "serve-worker", hide = true)]
    ServeWorker,
}

/// The loader's default budget. On two cores that is 300,000 quads per worker batch, the most
/// for which the loader's per-batch string table (sized for three strings per quad) keeps 2^20
/// slots rather than 2^21: as fast here as 768 MB, the default before, and about 100 MB
/// lighter; an 80,000-project build (5.9 M quads) peaks at 1.3–1.4 GiB.
const LOADER_MEMORY_MB: usize = 600;

/// Ingest documents into the store and print a summary.
///
/// Each document becomes one named graph. A folder with a sources.toml manifest is read through
/// it; other files are recognised by their content (organisation profile, strategy text, RDF).
/// Documents already in the store are re-read so that identities stay consistent; unchanged
/// documents are left alone, and a build that changes nothing publishes nothing. The build is
/// atomic: if any document is bad, or the build is interrupted, the store keeps its previous graph.
///
/// Examples:
///   partnergraph build                    # the bundled seeds/
///   partnergraph build seeds/ notes/strategy.txt
///   partnergraph --store /data/pg build seeds/
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BuildArgs {
    /// Files and folders to ingest.
    #[arg(default_value = "seeds")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub writing: WriteArgs,

    /// Compact the database before publishing it, even if no document changed. The build takes
    /// longer (about 7 s more at H2020 scale); queries, reports and network exports read faster
    /// afterwards (a scan of every participation 2.5–4× faster at that scale).
    #[arg(long)]
    pub compact: bool,

    /// Fail on the first anomaly in a CORDIS export (a doubled value, an organisation listed
    /// twice in a project, an unknown role, a row that cannot be read) instead of repairing or
    /// skipping it; the store is then left unchanged.
    #[arg(long)]
    pub strict: bool,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,

    /// Apply the identity corrections of this file (default: an identities.toml in a folder
    /// given, else the file the last build applied).
    #[arg(long, value_name = "PATH")]
    pub identities: Option<PathBuf>,

    /// Keep the published graph as a named snapshot once the build is done (see `snapshot`).
    #[arg(long, value_name = "NAME")]
    pub snapshot: Option<String>,
}

/// Remove one document's graph from the store.
///
/// Takes out the document's named graph and its description in the metadata graph, and works
/// out again everything derived from the documents that remain (which names are one
/// organisation). Atomic like a build: on any error, or Ctrl-C, the store keeps its graph.
///
/// Examples:
///   partnergraph remove region-stockholm-profile
///   partnergraph stats                    # lists the sources by id
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RemoveArgs {
    /// The source's id, as `partnergraph stats` lists it.
    pub source: String,

    #[command(flatten)]
    pub writing: WriteArgs,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How `build` and `remove` write the store.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// If another process is writing the store, wait this many seconds for it (0: fail at once).
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub wait: u64,

    /// Memory the bulk loader may use, in megabytes. Less makes more, smaller sorted runs,
    /// which read slower until compacted.
    #[arg(long, default_value_t = LOADER_MEMORY_MB, value_name = "MB", value_parser = parse_loader_memory)]
    pub loader_memory: usize,
}

/// Run a SPARQL query against the store.
///
/// The query comes from a file (e.g. one of the curated queries in queries/, or its name
/// without .rq) or from -e. Parameters are bound as RDF terms, never pasted into the text: a
/// curated query declares its parameters in its header comment (`# param org: organisation`),
/// and organisation parameters accept any name of the organisation. Prefixes pg:, theme:, id:,
/// skos:, rdfs:, owl:, prov:, dcterms:, xsd: are predefined.
///
/// Examples:
///   partnergraph query -e 'SELECT ?org ?name WHERE { ?org a pg:Organisation ; skos:prefLabel ?name }'
///   partnergraph query queries/organisation-projects.rq --param org="Region Stockholm" --format csv
///   partnergraph query expertise-by-level --param org="Region Örebro län"
///   partnergraph query --list
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct QueryArgs {
    /// Query file, or the name of a curated query.
    #[arg(conflicts_with_all = ["expression", "list"])]
    pub file: Option<PathBuf>,

    /// The query text.
    #[arg(
        short = 'e',
        long = "expression",
        value_name = "SPARQL",
        conflicts_with = "list"
    )]
    pub expression: Option<String>,

    /// Bind a parameter: NAME=VALUE (repeatable).
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    /// Output format: table, csv, tsv, json or xml for SELECT/ASK; turtle or ntriples for
    /// CONSTRUCT/DESCRIBE [default: table, or turtle for graphs].
    #[arg(long, short)]
    pub format: Option<QueryFormat>,

    /// Write the results to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// List the curated queries with their parameters.
    #[arg(long)]
    pub list: bool,

    /// Stop a query that runs longer than this (e.g. 500ms, 30s, 2m; 0: no limit). A query
    /// running longer than 5 s says so on stderr.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    if name.is_empty() {
        return Err(format!("the parameter name is empty in {s:?}"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    #[value(alias = "ttl")]
    Turtle,
    #[value(alias = "nt")]
    Ntriples,
}

/// Count what the graph holds: entities by class and triples by source document.
///
/// Search the graph's text: organisation names and aliases, project acronyms, titles and
/// objectives, strategy statements and priorities, expertise areas and theme labels.
///
/// Hits are ranked (BM25), with the passage that matched (matched words between **) and the
/// documents that state it. Words are stemmed as English and as Swedish (`biobanker` finds
/// `biobank`), stop words are ignored, and names also match with a typo or two. The same index
/// answers `SERVICE pg:search { [] pg:query "…" ; pg:hit ?node }` in SPARQL.
///
/// Examples:
///   partnergraph search biobank
///   partnergraph search "Karolinska Insitutet" --kind organisation
///   partnergraph search precisionsmedicin --lang sv --format json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SearchArgs {
    /// The words to search for.
    pub query: String,
    /// Only hits of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<search::Kind>,
    /// Only hits with text in this language (en, sv).
    #[arg(long)]
    pub lang: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    pub format: search::SearchFormat,
}

impl SearchArgs {
    pub fn options(self, store: &Path) -> Result<search::SearchOptions> {
        let lang = match self.lang.as_deref() {
            Some(tag) => {
                Some(Lang::from_tag(tag).with_context(|| format!("--lang {tag}: use en or sv"))?)
            }
            None => None,
        };
        Ok(search::SearchOptions {
            store: store.to_owned(),
            request: search::Request {
                text: self.query,
                kind: self.kind,
                lang,
                limit: self.limit,
            },
            format: self.format,
        })
    }
}

/// Examples:
///   partnergraph stats
///   partnergraph stats --json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct StatsArgs {
    /// Print the counts as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Dump the graph as RDF.
///
/// N-Quads and TriG keep the named graph of every triple, and so the document it came from;
/// Turtle and N-Triples merge the graphs (or dump one with --graph).
///
/// Examples:
///   partnergraph export --format nquads > graph.nq
///   partnergraph export --format turtle --graph region-stockholm-profile
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    #[arg(long, short, default_value = "nquads")]
    pub format: ExportFormat,

    /// Only the graph of this source document (its id, as `stats` lists them).
    #[arg(long, value_name = "SOURCE")]
    pub graph: Option<String>,

    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    #[value(alias = "nq")]
    Nquads,
    Trig,
    #[value(alias = "ttl")]
    Turtle,
    #[value(alias = "nt")]
    Ntriples,
    /// organisations, projects, participations and project_themes .parquet tables, into the
    /// folder given with -o (DuckDB, pandas, Spark).
    Parquet,
}

/// Check the graph against the SHACL shapes of ontology/shapes.ttl.
///
/// Exits with status 1 and lists each violation (focus node, path, message, source graph) when
/// the graph does not conform.
///
/// Examples:
///   partnergraph validate
///   partnergraph validate --shapes my-shapes.ttl --json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ValidateArgs {
    /// Shapes to validate against instead of the bundled ontology/shapes.ttl.
    #[arg(long)]
    pub shapes: Option<PathBuf>,

    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Export the co-participation network (organisations linked by shared projects) for Gephi,
/// Cytoscape, yEd, NetworkX, igraph or Graphviz, optionally with metrics.
///
/// Edges weigh the number of shared projects and carry the shared acronyms, their EC funding and
/// years. --metrics adds degree, strength, betweenness, PageRank, component, clustering
/// coefficient and community to every node, and shared-partner counts to every edge.
///
/// Examples:
///   partnergraph network --metrics --format graphml -o h2020.graphml
///   partnergraph network --format gexf --min-shared 2 --max-consortium 60 -o core.gexf
///   partnergraph network --format csv -o out/           # nodes.csv + edges.csv (Gephi import)
///   partnergraph network --metrics --format parquet -o out/  # nodes/edges.parquet (DuckDB, Spark)
///   partnergraph network --bipartite --format graphml -o orgs-projects.graphml
///   partnergraph network --country SE --theme biobanks --format dot | dot -Tsvg > se.svg
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NetworkArgs {
    #[arg(long, short, default_value = "graphml")]
    pub format: NetworkFormat,

    /// Output file (a folder for csv); stdout if omitted (not for csv).
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Compute network metrics and add them as attributes.
    #[arg(long)]
    pub metrics: bool,

    /// Export the bipartite organisation–project graph instead of the projection.
    #[arg(long, conflicts_with_all = ["metrics", "min_shared", "newman", "coordinator_edges"])]
    pub bipartite: bool,

    /// Keep only edges of at least N shared projects.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_shared: u32,

    /// Leave out projects with more than N participants (huge consortia connect everyone).
    #[arg(long, value_name = "N")]
    pub max_consortium: Option<u32>,

    /// Weight each shared project by 1/(k−1) for k participants (Newman's collaboration weight).
    #[arg(long)]
    pub newman: bool,

    /// Count only participations in these roles (repeatable): coordinator, participant, partner,
    /// thirdParty, associatedPartner, internationalPartner. An organisation with two roles in a
    /// project (participant and third party) counts if either is given.
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,

    /// Only edges between a project's coordinator and its other participants.
    #[arg(long)]
    pub coordinator_edges: bool,

    /// Only projects of this framework programme (repeatable), e.g. H2020.
    #[arg(long = "programme", value_name = "PROGRAMME")]
    pub programmes: Vec<String>,

    /// Only projects starting in these years, e.g. 2016-2020 or 2019.
    #[arg(long, value_name = "FROM-TO")]
    pub years: Option<String>,

    /// Only organisations of this country (repeatable), e.g. SE.
    #[arg(long = "country", value_name = "CODE")]
    pub countries: Vec<String>,

    /// Only projects about this theme (id or label, e.g. biobanks).
    #[arg(long)]
    pub theme: Option<String>,

    /// Estimate betweenness from K random sources instead of all (for big graphs).
    #[arg(long, value_name = "K")]
    pub sample: Option<usize>,

    /// Seed for sampled betweenness and community detection.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Report the time of each metric on stderr, computing them one after another (by default
    /// community detection runs beside betweenness): for benchmarks.
    #[arg(long, requires = "metrics")]
    pub timings: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NetworkFormat {
    Graphml,
    Gexf,
    Csv,
    Cytoscape,
    Dot,
    /// nodes.parquet and edges.parquet in the folder given with -o (DuckDB, pandas, Spark).
    Parquet,
}

/// An organisation's collaborators: top partners by shared projects, or what two organisations
/// share (projects and partners).
///
/// Examples:
///   partnergraph partners "Region Stockholm" --top 20
///   partnergraph partners "Region Stockholm" --with "OREBRO LANS LANDSTING"
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct PartnersArgs {
    /// The organisation, by any of its names.
    pub organisation: String,

    /// Show what this second organisation shares with the first.
    #[arg(long, value_name = "ORGANISATION")]
    pub with: Option<String>,

    /// How many partners to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Which names were taken to be one organisation, by which rule, on what evidence.
///
/// Lists every organisation (or the one NAME names) with all its names, its PICs, the rule that
/// joined each name and the document and line it is read from. --suspicious lists the likely
/// errors instead, most likely first: two organisations that may be one (one VAT number or
/// normalised name, names a generic word or a few letters apart in one city) and names joined
/// by a weak rule alone. Corrections go in identities.toml (see the README).
///
/// Examples:
///   partnergraph identities "Region Örebro län"
///   partnergraph identities --format csv > identities.csv
///   partnergraph identities --suspicious
///   partnergraph identities --suspicious --write seeds/identities.toml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct IdentitiesArgs {
    /// One organisation, by any of its names.
    pub name: Option<String>,

    /// List the likely identity errors instead.
    #[arg(long)]
    pub suspicious: bool,

    #[arg(long, default_value = "table")]
    pub format: IdentitiesFormat,

    /// With --suspicious: also write the findings as a corrections file to edit (a new file).
    #[arg(long, value_name = "FILE", requires = "suspicious")]
    pub write: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IdentitiesFormat {
    Table,
    Csv,
    Json,
}

impl IdentitiesArgs {
    pub fn options(&self) -> partnergraph::identities::Options {
        use partnergraph::identities::Format;
        partnergraph::identities::Options {
            name: self.name.clone(),
            suspicious: self.suspicious,
            format: match self.format {
                IdentitiesFormat::Table => Format::Table,
                IdentitiesFormat::Csv => Format::Csv,
                IdentitiesFormat::Json => Format::Json,
            },
            write: self.write.clone(),
        }
    }
}

/// Keep the published graph as a named snapshot, list the snapshots, or remove one.
///
/// A snapshot stays until it is removed, whatever later builds do; it shares the database's
/// unchanged table files with the store (hard links), so it costs little disk.
///
/// Examples:
///   partnergraph snapshot 2024-05            # or: partnergraph build --snapshot 2024-05
///   partnergraph snapshot --list
///   partnergraph snapshot --remove 2024-05
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SnapshotArgs {
    /// The snapshot's name.
    #[arg(required_unless_present_any = ["list", "remove"])]
    pub name: Option<String>,

    /// List the snapshots.
    #[arg(long, conflicts_with_all = ["name", "remove"])]
    pub list: bool,

    /// Remove this snapshot.
    #[arg(long, value_name = "NAME", conflicts_with = "name")]
    pub remove: Option<String>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// What changed between two versions of the graph: organisations, projects, participations
/// (added, removed, another role or contribution), theme links, strategy priorities and the
/// source documents (by the SHA-256 of their content).
///
/// FROM and TO are snapshot names, `current` (the published graph) or `previous` (the graph
/// the last build replaced, which the store keeps); FROM defaults to `previous`, TO to
/// `current`. --org reads the changes for one organisation: its participations, partners
/// gained and lost, its partners' participations, new organisations active in its themes.
///
/// Examples:
///   partnergraph build ~/cordis-2024-06/ && partnergraph diff
///   partnergraph diff --org "Region Örebro län"
///   partnergraph build --snapshot 2024-05 ~/cordis-2024-05/
///   partnergraph diff 2024-05 current --format csv > changes.csv
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct DiffArgs {
    pub from: Option<String>,
    pub to: Option<String>,

    /// Only the changes that concern this organisation (by any of its names) and its partners.
    #[arg(long)]
    pub org: Option<String>,

    #[arg(long, default_value = "md")]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
    Csv,
}

impl DiffArgs {
    pub fn options(&self) -> partnergraph::diff::DiffOptions {
        use partnergraph::diff::Format;
        partnergraph::diff::DiffOptions {
            from: self.from.clone(),
            to: self.to.clone(),
            org: self.org.clone(),
            format: match self.format {
                DiffFormat::Md => Format::Markdown,
                DiffFormat::Json => Format::Json,
                DiffFormat::Csv => Format::Csv,
            },
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    Gaps(GapsArgs),
}

/// Partnership gaps: the themes a strategy prioritises that the organisation's projects and
/// partners do not cover, and who could close each gap, with the evidence for every claim.
///
/// Examples:
///   partnergraph report gaps --org "Region Örebro län" --format html -o orebro-gaps.html
///   partnergraph report gaps --region "Stockholm" --format md
///   partnergraph report gaps --org "REGION STOCKHOLM" --format json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct GapsArgs {
    /// The organisation, by any of its names.
    #[arg(long, required_unless_present = "region", conflicts_with = "region")]
    pub org: Option<String>,

    /// A region: the report is about the body its strategy speaks for.
    #[arg(long)]
    pub region: Option<String>,

    #[arg(long, short, default_value = "md")]
    pub format: ReportFormat,

    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Candidate partners listed per gap.
    #[arg(long, default_value_t = 8)]
    pub candidates: usize,

    /// Peer organisations listed.
    #[arg(long, default_value_t = 5)]
    pub peers: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    #[value(alias = "markdown")]
    Md,
    Html,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SynthCommand {
    Cordis(SynthCordisArgs),
}

/// Write synthetic CORDIS releases (project, organization and euroSciVoc files) with the shape
/// of real exports, for benchmarks and large tests. Deterministic for a seed.
///
/// Each programme's release has the current CORDIS layout with its own ids, years, legal bases,
/// funding schemes and roles; FP7 and HORIZON share organisations (PICs) with the H2020 release
/// of the same seed. --quirks injects the anomalies of real exports (doubled values, two roles,
/// amended projects, mixed decimal commas, lost leading zeros, empty booleans, unknown roles,
/// unreadable rows) and lists every one in .quirks.json beside the files.
///
/// Examples:
///   partnergraph synth cordis --projects 35000 --seed 1 -o /tmp/h2020-synthetic
///   partnergraph synth cordis --programme all --projects 81000 --quirks -o /tmp/cordis-all
///   partnergraph synth cordis --programme horizon --format all -o /tmp/horizon
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SynthCordisArgs {
    /// Number of projects, of all programmes together (35,000 ≈ H2020).
    #[arg(long, default_value_t = 35_000)]
    pub projects: u32,

    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Write amounts with a decimal comma, as some CORDIS downloads do.
    #[arg(long)]
    pub decimal_comma: bool,

    /// Framework programme; `all` writes fp7/, h2020/ and horizon/ at the real relative sizes
    /// (26 : 35 : 20).
    #[arg(long, value_enum, default_value_t = SynthProgramme::H2020)]
    pub programme: SynthProgramme,

    /// Inject the quirks of real exports at realistic rates; .quirks.json lists each one.
    #[arg(long)]
    pub quirks: bool,

    /// File format, as CORDIS offers them: csv, json (an array of objects, string values) or
    /// all (both).
    #[arg(long, value_enum, default_value_t = SynthFormat::Csv)]
    pub format: SynthFormat,

    /// Folder to write into (created if missing).
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SynthProgramme {
    Fp7,
    H2020,
    Horizon,
    All,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SynthFormat {
    Csv,
    Json,
    All,
}

impl From<&SynthCordisArgs> for partnergraph::synth::SynthOptions {
    fn from(args: &SynthCordisArgs) -> Self {
        use partnergraph::synth::{Formats, Programme, Programmes};
        Self {
            projects: args.projects,
            seed: args.seed,
            decimal_comma: args.decimal_comma,
            programmes: match args.programme {
                SynthProgramme::Fp7 => Programmes::One(Programme::Fp7),
                SynthProgramme::H2020 => Programmes::One(Programme::H2020),
                SynthProgramme::Horizon => Programmes::One(Programme::Horizon),
                SynthProgramme::All => Programmes::All,
            },
            quirks: args.quirks,
            formats: match args.format {
                SynthFormat::Csv => Formats::Csv,
                SynthFormat::Json => Formats::Json,
                SynthFormat::All => Formats::All,
            },
        }
    }
}

/// Serve the graph over HTTP: a SPARQL 1.1 Protocol endpoint at /sparql and a query page at /.
///
/// GET /sparql?query=… or POST it (form or application/sparql-query); the Accept header or
/// format=csv|tsv|json|xml|turtle|ntriples|rdfxml|jsonld chooses the format. A query without FROM
/// (or default-graph-uri) sees the merge of all documents' graphs (a set), as `partnergraph query`
/// does.
/// GET /queries lists the curated queries; param=NAME=VALUE binds their parameters.
///
/// Read-only unless --allow-update is given with a token. `partnergraph build` may run while the
/// server does: queries started before the build commits finish on the old graph, later ones see
/// the new graph.
///
/// Examples:
///   partnergraph serve                                        # http://127.0.0.1:7878/
///   partnergraph serve --bind 0.0.0.0:7878 --timeout 30s --max-results 100000
///   curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \
///       http://127.0.0.1:7878/sparql
///   PARTNERGRAPH_TOKEN=$(cat token) partnergraph serve --allow-update
///   partnergraph serve --cors-origin http://localhost:8888   # a JupyterLab page may query it
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the address is printed on stderr).
    /// Other machines can reach the server only if this is not a loopback address.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
    pub bind: SocketAddr,

    /// Cancel a query that runs longer than this and answer 503 (e.g. 500ms, 30s, 2m).
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Send at most this many rows (or triples) per response; a response cut short carries the
    /// header X-Partnergraph-Truncated: true.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_results: usize,

    /// Refuse request bodies larger than this (413).
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body: usize,

    /// Queries evaluated at once [default: twice the number of CPUs].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,

    /// Requests that may wait for a free slot; beyond that the server answers 503.
    #[arg(long, default_value_t = 128, value_name = "N")]
    pub queue: usize,

    /// Stop a query (503) whose evaluation needs more memory than this, in MiB. Each query runs
    /// in a worker process that is killed and replaced, so the memory comes back at once.
    #[arg(long, default_value_t = 2048, value_name = "MIB")]
    pub query_memory: u64,

    /// Accept SPARQL Update from clients that send `Authorization: Bearer TOKEN`. Each update
    /// takes the store's write lock, applies to a copy and publishes it as a build does.
    #[arg(long)]
    pub allow_update: bool,

    /// File holding the update token (takes precedence over PARTNERGRAPH_TOKEN).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// The update token; prefer the environment variable or --token-file, since command-line
    /// arguments are visible to other users of the machine.
    #[arg(
        long,
        env = "PARTNERGRAPH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,

    /// Let web pages on this origin read the answers (CORS), e.g. http://localhost:8888 for
    /// JupyterLab; repeatable; * allows every origin. By default only the server's own query
    /// page may: requests from other pages are refused with 403.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// Also answer requests addressed to this host name (e.g. a reverse proxy's); repeatable.
    /// localhost, loopback and the bind address always work; other names get 421, which stops
    /// DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

/// A loader budget of at least 1 MB: with 0 the loader would sort every quad as a run of its own.
fn parse_loader_memory(s: &str) -> Result<usize, String> {
    match s.trim().parse() {
        Ok(0) => Err("the loader needs at least 1 MB".to_owned()),
        Ok(mb) => Ok(mb),
        Err(_) => Err(format!("expected a whole number of megabytes, got {s:?}")),
    }
}

/// `500ms`, `30s`, `2m`, or a number of seconds.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a duration such as 500ms, 30s or 2m, got {s:?}"))?;
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => Ok(Duration::from_secs(number)),
        "m" | "min" => Ok(Duration::from_secs(number * 60)),
        other => Err(format!("unknown time unit {other:?}: use ms, s or m")),
    }
}

impl WriteArgs {
    fn wait_policy(&self) -> WaitPolicy {
        match self.wait {
            0 => WaitPolicy::Fail,
            s => WaitPolicy::Wait(Duration::from_secs(s)),
        }
    }
}

impl BuildArgs {
    pub fn options(&self, store: &Path) -> BuildOptions {
        BuildOptions {
            inputs: self.inputs.clone(),
            store: store.to_owned(),
            wait: self.writing.wait_policy(),
            loader_memory_mb: self.writing.loader_memory,
            compact: self.compact,
            strict: self.strict,
            identities: self.identities.clone(),
        }
    }
}

impl RemoveArgs {
    pub fn options(&self, store: &Path) -> RemoveOptions {
        RemoveOptions {
            source: self.source.clone(),
            store: store.to_owned(),
            wait: self.writing.wait_policy(),
            loader_memory_mb: self.writing.loader_memory,
        }
    }
}

impl QueryArgs {
    /// The query to run: the text of -e, or a file or curated query by name.
    pub fn query_file(&self) -> Result<QueryFile> {
        match (&self.expression, &self.file) {
            (Some(text), _) => Ok(QueryFile::inline(text.clone())),
            (None, Some(path)) => query::curated::resolve(path).map_err(|e| match e {
                // The command line says where the names are.
                query::curated::ResolveError::Unknown { .. } => {
                    anyhow::anyhow!("{e} (see `partnergraph query --list`)")
                }
                other => other.into(),
            }),
            (None, None) => {
                anyhow::bail!("give a query file, a curated query name or -e SPARQL (see --list)")
            }
        }
    }

    /// `--timeout 0` lets the query run.
    pub fn time_limit(&self) -> Option<Duration> {
        (!self.timeout.is_zero()).then_some(self.timeout)
    }
}

impl From<QueryFormat> for OutputFormat {
    fn from(format: QueryFormat) -> Self {
        match format {
            QueryFormat::Table => Self::Table,
            QueryFormat::Csv => Self::Csv,
            QueryFormat::Tsv => Self::Tsv,
            QueryFormat::Json => Self::Json,
            QueryFormat::Xml => Self::Xml,
            QueryFormat::Turtle => Self::Turtle,
            QueryFormat::Ntriples => Self::NTriples,
        }
    }
}

impl ExportFormat {
    /// The RDF serialisation, or `None` for the Parquet tables.
    pub fn rdf(self) -> Option<export::RdfDump> {
        match self {
            Self::Nquads => Some(export::RdfDump::NQuads),
            Self::Trig => Some(export::RdfDump::TriG),
            Self::Turtle => Some(export::RdfDump::Turtle),
            Self::Ntriples => Some(export::RdfDump::NTriples),
            Self::Parquet => None,
        }
    }
}

impl From<NetworkFormat> for export::network::NetworkFormat {
    fn from(format: NetworkFormat) -> Self {
        match format {
            NetworkFormat::Graphml => Self::GraphMl,
            NetworkFormat::Gexf => Self::Gexf,
            NetworkFormat::Csv => Self::Csv,
            NetworkFormat::Cytoscape => Self::Cytoscape,
            NetworkFormat::Dot => Self::Dot,
            NetworkFormat::Parquet => Self::Parquet,
        }
    }
}

impl From<ReportFormat> for report::ReportFormat {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Md => Self::Markdown,
            ReportFormat::Html => Self::Html,
            ReportFormat::Json => Self::Json,
        }
    }
}

impl NetworkArgs {
    /// The projection's filters and metric choices.
    pub fn request(&self) -> Result<export::NetworkRequest> {
        let roles = self
            .roles
            .iter()
            .map(|r| Role::from_code(r).with_context(|| format!("--role: unknown role {r:?}")))
            .collect::<Result<Vec<_>>>()?;
        let years = match &self.years {
            Some(range) => {
                let (from, to) = range.split_once('-').unwrap_or((range, range));
                let year = |s: &str| {
                    s.trim()
                        .parse::<i32>()
                        .with_context(|| format!("--years: {range:?} is not YEAR or FROM-TO"))
                };
                Some((year(from)?, year(to)?))
            }
            None => None,
        };
        let non_empty = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        Ok(export::NetworkRequest {
            format: self.format.into(),
            bipartite: self.bipartite,
            filters: ProjectionOptions {
                min_shared: self.min_shared,
                max_consortium: self.max_consortium,
                newman: self.newman,
                roles: (!roles.is_empty()).then_some(roles),
                coordinator_edges_only: self.coordinator_edges,
                programmes: non_empty(&self.programmes),
                years,
                countries: non_empty(&self.countries),
                theme: self.theme.clone(),
            },
            metrics: self
                .metrics
                .then(|| export::metric_options(self.sample, self.seed)),
            step_timings: self.timings,
        })
    }
}

impl GapsArgs {
    pub fn options(&self) -> Result<report::ReportOptions> {
        Ok(report::ReportOptions {
            subject: match (&self.org, &self.region) {
                (Some(org), _) => report::Subject::Organisation(org.clone()),
                (None, Some(region)) => report::Subject::Region(region.clone()),
                (None, None) => anyhow::bail!("give --org or --region"),
            },
            candidates: self.candidates,
            peers: self.peers,
        })
    }
}

impl ServeArgs {
    pub fn options(self, store: &Path) -> Result<ServeOptions> {
        Ok(ServeOptions {
            store: store.to_owned(),
            bind: self.bind,
            timeout: self.timeout,
            max_results: self.max_results,
            max_body: self.max_body,
            concurrency: self.concurrency,
            queue: self.queue,
            memory_limit: self.query_memory << 20,
            update_token: match (self.allow_update, self.token_file, self.token) {
                (false, _, _) => None,
                (true, Some(path), _) => Some(TokenSource::File(path)),
                (true, None, Some(token)) => Some(TokenSource::Value(token)),
                (true, None, None) => anyhow::bail!(
                    "--allow-update needs a token: --token-file FILE or PARTNERGRAPH_TOKEN"
                ),
            },
            cors_origins: self.cors_origins,
            allowed_hosts: self.allowed_hosts,
        })
    }
}

/// The flag that changes the outcome of a library error, which the library does not name (its
/// messages also reach HTTP clients, who have no flags).
pub fn hint(error: &anyhow::Error) -> Option<String> {
    use partnergraph::export::NetworkJobError as NetworkError;
    use partnergraph::identities::IdentitiesError;
    use partnergraph::query::QueryError;
    use partnergraph::report::ReportError;
    use partnergraph::serve::ServeError;
    error.chain().find_map(|cause| {
        let hint = match cause.downcast_ref::<QueryError>() {
            Some(QueryError::Timeout { .. }) => "or give it a longer --timeout".into(),
            Some(QueryError::FormatMismatch { suggestion, .. }) => {
                format!("use --format {suggestion} (or leave --format out)")
            }
            Some(QueryError::MissingParam { name, .. }) => {
                format!("give it with --param {name}=VALUE")
            }
            _ if matches!(cause.downcast_ref(), Some(NetworkError::CsvNeedsFolder)) => {
                "give the folder with -o DIR".into()
            }
            _ if matches!(cause.downcast_ref(), Some(NetworkError::Theme(_))) => {
                "that is the value of --theme".into()
            }
            _ if matches!(
                cause.downcast_ref(),
                Some(ReportError::SeveralIssuers { .. })
            ) =>
            {
                "choose one with --org".into()
            }
            _ if matches!(cause.downcast_ref(), Some(ServeError::BadOrigin(_))) => {
                "that is the value of --cors-origin".into()
            }
            _ if matches!(cause.downcast_ref(), Some(IdentitiesError::Exists { .. })) => {
                "give --write a new file, or move the old one away".into()
            }
            _ => return None,
        };
        Some(hint)
    })
}
