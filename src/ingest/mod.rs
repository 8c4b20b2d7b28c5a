//! Documents in, typed records out: one parser per document kind, and the detection of a
//! document's kind from its content when no manifest declares it.

mod archive;
pub mod cordis;
pub mod html;
pub mod manifest;
pub mod pdf;
pub mod profile;
pub mod strategy;
pub mod table;
pub mod text;

use crate::model::{Lang, SourceId, SourceKind};
use oxigraph::io::{RdfFormat, RdfParser, RdfSyntaxError};
use oxigraph::model::Quad;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// A document kind a manifest may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredKind {
    Profile,
    Strategy,
    Rdf,
    /// A CORDIS CSV export; which table it is is always read from its header.
    Cordis,
}

impl DeclaredKind {
    fn parse(word: &str) -> Option<Self> {
        match word {
            "profile" => Some(Self::Profile),
            "strategy" => Some(Self::Strategy),
            "rdf" => Some(Self::Rdf),
            "cordis" => Some(Self::Cordis),
            _ => None,
        }
    }
}

/// A document to ingest, with what its manifest declares about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub id: SourceId,
    /// Whether a manifest chose the id (otherwise it is derived from the file name).
    pub id_declared: bool,
    pub path: PathBuf,
    pub kind: Option<DeclaredKind>,
    pub language: Option<Lang>,
    /// The organisation the document speaks for.
    pub organisation: Option<String>,
    /// The region a strategy is for.
    pub region: Option<String>,
    pub title: Option<String>,
    pub origin: Option<String>,
    /// The zip archive holding the document, when it is read straight from a download: `path`
    /// is then the archive's path joined with the member's name.
    pub archive: Option<PathBuf>,
}

impl SourceSpec {
    /// A file given on the command line: everything is detected.
    pub fn detected(path: PathBuf) -> Self {
        Self {
            id: default_id(&path),
            id_declared: false,
            path,
            kind: None,
            language: None,
            organisation: None,
            region: None,
            title: None,
            origin: None,
            archive: None,
        }
    }
}

/// A file's default source id: its name without the extension(s), as a slug.
fn default_id(path: &Path) -> SourceId {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or(&name);
    SourceId::new(crate::resolve::slug(&crate::resolve::fold(stem)))
}

/// Every CORDIS download names its files alike (`project.csv`), so their ids also carry the
/// folder's name: `cordis-h2020/project.csv` is `cordis-h2020-project`. A member of a zip is
/// named after the archive and its path inside it, so that two downloads packing their tables
/// in the same inner folder stay apart: `project.csv` of `cordis-h2020projects-csv.zip` is
/// `cordis-h2020projects-csv-project`, and its `csv/project.csv` would be
/// `cordis-h2020projects-csv-csv-project`.
fn cordis_id(path: &Path, archive: Option<&Path>) -> SourceId {
    let stem = default_id(path);
    if let Some(archive) = archive {
        let member = path.strip_prefix(archive).unwrap_or(path);
        let folders = member
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let archive_name = archive
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let words: Vec<String> = std::iter::once(archive_name)
            .chain(folders)
            .chain([stem.as_str().to_owned()])
            .collect();
        return SourceId::new(crate::resolve::slug(&crate::resolve::fold(
            &words.join(" "),
        )));
    }
    let folder = path
        .canonicalize()
        .ok()
        .or_else(|| Some(path.to_path_buf()))
        .and_then(|p| p.parent().and_then(Path::file_name).map(ToOwned::to_owned));
    match folder {
        Some(folder) => SourceId::new(crate::resolve::slug(&format!(
            "{} {}",
            crate::resolve::fold(&folder.to_string_lossy()),
            stem
        ))),
        None => stem,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", Position(.path, *.line))]
    Manifest {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("{path}: the document is empty", path = .path.display())]
    Empty { path: PathBuf },
    #[error(
        "{path}: not a text document (invalid UTF-8 at byte {offset}); partnergraph reads UTF-8 text, CSV and RDF",
        path = .path.display()
    )]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{path}: cannot tell what kind of document this is: it is not an organisation profile, a strategy text, a CORDIS CSV export or an RDF file; declare its kind in a sources.toml manifest if it is one of them",
        path = .path.display()
    )]
    UnknownKind { path: PathBuf },
    #[error("{path}", path = .path.display())]
    Profile {
        path: PathBuf,
        source: profile::ProfileError,
    },
    #[error("{path}", path = .path.display())]
    Strategy {
        path: PathBuf,
        source: strategy::StrategyError,
    },
    #[error("{path}", path = .path.display())]
    Cordis {
        path: PathBuf,
        source: cordis::CordisError,
    },
    #[error("{path}", path = .path.display())]
    Table {
        path: PathBuf,
        source: table::TableError,
    },
    #[error("{path}", path = .path.display())]
    Pdf {
        path: PathBuf,
        source: pdf::PdfError,
    },
    #[error("{path}: invalid RDF", path = .path.display())]
    Rdf {
        path: PathBuf,
        source: RdfSyntaxError,
    },
    #[error("{path}: cannot read the zip archive: {message}", path = .path.display())]
    Archive { path: PathBuf, message: String },
    #[error(
        "{path}: this is CORDIS's XML download ({example}, …), which partnergraph does not read; download the same data as CSV, JSON or XLSX (cordis-…projects-csv.zip, -json.zip or -xlsx.zip on the CORDIS data page) and build from that",
        path = .path.display()
    )]
    XmlArchive { path: PathBuf, example: String },
    #[error(
        "{path}: this is a record of CORDIS's XML download, which partnergraph does not read; download the same data as CSV, JSON or XLSX (cordis-…projects-csv.zip, -json.zip or -xlsx.zip on the CORDIS data page) and build from that",
        path = .path.display()
    )]
    CordisXml { path: PathBuf },
    #[error(
        "{path}: the zip holds no CORDIS table ({members}); partnergraph reads zips of CORDIS CSV, JSON or XLSX tables",
        path = .path.display()
    )]
    NoTables { path: PathBuf, members: String },
    #[error("{path}: cannot read this XLSX workbook", path = .path.display())]
    Workbook {
        path: PathBuf,
        // Boxed: a workbook's error is large, and every ingest result carries room for it.
        source: Box<cordis::WorkbookError>,
    },
    #[error("{path}: no such file or folder (give the documents to ingest: partnergraph build FILE_OR_FOLDER…)", path = .path.display())]
    Missing { path: PathBuf },
}

struct Position<'a>(&'a Path, Option<usize>);

impl fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(line) => write!(f, "{}:{line}", self.0.display()),
            None => write!(f, "{}", self.0.display()),
        }
    }
}

/// What the command line's inputs hold: the documents, and what was left out with why.
#[derive(Debug, Default)]
pub struct Discovery {
    pub specs: Vec<SourceSpec>,
    /// (path, reason)
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Expands the command line's inputs into documents: files stand for themselves, and folders
/// are read with their sub-folders (see [`discover_folder`]).
pub fn discover(inputs: &[PathBuf]) -> Result<Discovery, IngestError> {
    let mut found = Discovery::default();
    for input in inputs {
        if input.is_dir() {
            discover_folder(input, &mut found)?;
        } else if input.is_file() {
            found.specs.extend(detected(input.clone())?);
        } else {
            return Err(IngestError::Missing {
                path: input.clone(),
            });
        }
    }
    Ok(found)
}

/// A folder with a `sources.toml` is read through it; in any other, files are detected by
/// their content and sub-folders are read the same way (a CORDIS download unzipped into
/// sub-folders). Hidden entries, links to folders (which may loop) and partnergraph stores are
/// skipped, and said to be.
fn discover_folder(folder: &Path, found: &mut Discovery) -> Result<(), IngestError> {
    let manifest = folder.join(manifest::FILE_NAME);
    if manifest.is_file() {
        found.specs.extend(manifest::read(&manifest)?);
        return Ok(());
    }
    if folder.join("write.lock").is_file() || folder.join("current").is_symlink() {
        found
            .skipped
            .push((folder.to_owned(), "a partnergraph store, not documents"));
        return Ok(());
    }
    let io = |source| IngestError::Io {
        path: folder.to_owned(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let corrections = path
            .file_name()
            .is_some_and(|n| n == crate::identities::FILE_NAME);
        if hidden {
            found.skipped.push((path, "hidden"));
        } else if corrections {
            // The identity corrections, which the build reads as such.
        } else if path.is_dir() && path.is_symlink() {
            found
                .skipped
                .push((path, "a link to a folder, which is not followed"));
        } else if path.is_dir() && is_saved_page_assets(&path) {
            found.skipped.push((
                path,
                "the styles, scripts and images saved with a web page beside it",
            ));
        } else if path.is_dir() {
            discover_folder(&path, found)?;
        } else if path.is_file() {
            found.specs.extend(detected(path)?);
        } else {
            found.skipped.push((path, "not a regular file"));
        }
    }
    Ok(())
}

/// The documents of a file found on the command line or in a folder: the file itself, or the
/// members of a zip archive (a CORDIS download read without unzipping it).
fn detected(path: PathBuf) -> Result<Vec<SourceSpec>, IngestError> {
    if !archive::is_zip(&path) {
        return Ok(vec![detected_file(path)]);
    }
    let archive = path.canonicalize().unwrap_or(path);
    let members = archive::members(&archive)?;
    if members.tables.is_empty() {
        let xml = members.others.iter().find(|m| {
            Path::new(m)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        });
        return Err(match xml {
            Some(example) => IngestError::XmlArchive {
                path: archive,
                example: example.clone(),
            },
            None if members.others.is_empty() => IngestError::NoTables {
                path: archive,
                members: "it is empty".to_owned(),
            },
            None => IngestError::NoTables {
                path: archive,
                members: format!(
                    "its files: {}{}",
                    members.others[..members.others.len().min(3)].join(", "),
                    if members.others.len() > 3 {
                        ", …"
                    } else {
                        ""
                    }
                ),
            },
        });
    }
    Ok(members
        .tables
        .into_iter()
        .map(|(member, _)| {
            let mut spec = SourceSpec::detected(archive.join(&member));
            spec.id = cordis_id(&spec.path, Some(&archive));
            spec.archive = Some(archive.clone());
            spec
        })
        .collect())
}

/// A file found on the command line or in a folder. A CORDIS export's id carries its folder's
/// name, decided here from its header (as `load` does from the whole file) so that two
/// downloads' `project.csv` are told apart when the build checks ids, before anything is parsed.
/// A workbook is only readable whole, so an `.xlsx` file is read whole for this.
fn detected_file(path: PathBuf) -> SourceSpec {
    use std::io::Read;
    let mut spec = SourceSpec::detected(path);
    let whole = archive::is_workbook(&spec.path);
    let mut head = Vec::new();
    let read = std::fs::File::open(&spec.path).and_then(|f| {
        let limit = if whole { u64::MAX } else { 64 * 1024 };
        f.take(limit).read_to_end(&mut head)
    });
    if read.is_ok() && cordis::detect(&head).is_some() {
        spec.id = cordis_id(&spec.path, None);
    }
    spec
}

/// The zip archive a document path of a zip member (`…/download.zip/project.csv`) lies in.
pub fn archive_of(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|a| archive::is_zip(a) && a.is_file())
        .map(Path::to_path_buf)
}

/// A document read into memory, with the checksum that tells whether it changed.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub spec: SourceSpec,
    pub content: Content,
    pub sha256: String,
    /// For a PDF, the page of each line of its extracted text (`pages[0]` is line 1's).
    pub pages: Option<Vec<u32>>,
}

/// What a file holds: CORDIS exports stay bytes (they may be Latin-1 and are large), everything
/// else must be UTF-8 text.
#[derive(Debug, Clone)]
pub enum Content {
    Cordis(Vec<u8>),
    Text(String),
}

/// Reads the file a spec names (from its archive, if any) and decides what it holds.
// Long because it is the file's way through the detectors in order (CORDIS table, workbook,
// PDF, UTF-8 text, HTML), each refusing with the file named; the order is the point.
pub fn load(mut spec: SourceSpec) -> Result<Loaded, IngestError> {
    let bytes = match &spec.archive {
        Some(archive) => archive::read(archive, &spec.path)?,
        None => std::fs::read(&spec.path).map_err(|source| IngestError::Io {
            path: spec.path.clone(),
            source,
        })?,
    };
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let declared_cordis = spec.kind == Some(DeclaredKind::Cordis);
    let is_cordis = declared_cordis || (spec.kind.is_none() && cordis::detect(&bytes).is_some());
    // A workbook is only ever a CORDIS table to partnergraph: one that is not says why.
    if !is_cordis
        && archive::is_workbook(&spec.path)
        && let Some(source) = cordis::workbook_problem(&bytes)
    {
        return Err(IngestError::Workbook {
            path: spec.path.clone(),
            source: Box::new(source),
        });
    }
    if is_cordis {
        if !spec.id_declared {
            spec.id = cordis_id(&spec.path, spec.archive.as_deref());
        }
        return Ok(Loaded {
            spec,
            content: Content::Cordis(bytes),
            sha256,
            pages: None,
        });
    }
    let mut pages = None;
    let named_html = is_html_path(&spec.path);
    let pdf_error = |source| IngestError::Pdf {
        path: spec.path.clone(),
        source,
    };
    // A file named .pdf that is not one is a failed download far more often than a mislabelled
    // document: reading the sign-in or error page it holds would put that page in the graph.
    if has_extension(&spec.path, "pdf") && !pdf::looks_like_pdf(&bytes) {
        return Err(pdf_error(if html::decode(&bytes, false).is_some() {
            pdf::PdfError::WebPageNamedPdf
        } else {
            pdf::PdfError::NotPdf
        }));
    }
    let bytes = if pdf::looks_like_pdf(&bytes) {
        let extracted = pdf::extract(&bytes).map_err(pdf_error)?;
        pages = Some(extracted.pages);
        spec.language = spec.language.or(extracted.language);
        extracted.text.into_bytes()
    } else {
        bytes
    };
    let single_file = pages.is_none()
        && (has_extension(&spec.path, "mhtml")
            || has_extension(&spec.path, "mht")
            || html::looks_like_mhtml(&bytes));
    let page = if single_file {
        html::unpack_mhtml(&bytes)
    } else if pages.is_none() {
        html::decode(&bytes, named_html)
    } else {
        None
    };
    let text = match page.map_or_else(|| String::from_utf8(bytes), Ok) {
        Ok(text) => text,
        Err(e) => {
            refuse_table(&spec, e.as_bytes())?;
            return Err(IngestError::Binary {
                path: spec.path.clone(),
                offset: e.utf8_error().valid_up_to(),
            });
        }
    };
    if text.contains('\0') {
        return Err(IngestError::Binary {
            path: spec.path.clone(),
            offset: text.find('\0').unwrap_or_default(),
        });
    }
    let text = if pages.is_none()
        && (named_html || single_file || html::looks_like_html(text.as_bytes()))
    {
        let page = html::extract(&text);
        spec.language = spec.language.or(page.language);
        page.text
    } else {
        text
    };
    // Parsers and the theme matcher compare composed characters: `ä` must not arrive as a + ¨.
    let text: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: spec.path.clone(),
        });
    }
    Ok(Loaded {
        spec,
        content: Content::Text(text),
        sha256,
        pages,
    })
}

fn is_html_path(path: &Path) -> bool {
    ["html", "htm", "xhtml"]
        .iter()
        .any(|e| has_extension(path, e))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Whether a folder holds what a browser saved beside a page ("Save page as… Web page, complete"
/// writes `Name.html` and `Name_files/` with its styles, scripts, images and frames).
fn is_saved_page_assets(folder: &Path) -> bool {
    let Some(name) = folder.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.strip_suffix("_files").is_some_and(|page| {
        ["html", "htm"]
            .iter()
            .any(|e| folder.with_file_name(format!("{page}.{e}")).is_file())
    })
}

/// A parsed document.
#[derive(Debug)]
pub enum Document {
    Profile(Box<profile::Profile>),
    Strategy(strategy::Strategy),
    /// Triples of an RDF file, merged as they are into the document's own graph.
    Rdf(Vec<Quad>),
    Cordis(cordis::CordisFile),
}

impl Document {
    pub fn kind(&self) -> SourceKind {
        match self {
            Self::Profile(_) => SourceKind::Profile,
            Self::Strategy(_) => SourceKind::Strategy,
            Self::Rdf(_) => SourceKind::Rdf,
            Self::Cordis(file) => match file.kind {
                cordis::CordisKind::Projects => SourceKind::CordisProjects,
                cordis::CordisKind::Organisations => SourceKind::CordisOrganisations,
                cordis::CordisKind::FieldsOfScience => SourceKind::CordisFieldsOfScience,
                cordis::CordisKind::Topics => SourceKind::CordisTopics,
                cordis::CordisKind::LegalBasis => SourceKind::CordisLegalBasis,
                cordis::CordisKind::Unused(_) => SourceKind::CordisUnused,
            },
        }
    }
}

/// Parses a loaded document as its declared kind, or as the kind its content shows; `policy`
/// says how CORDIS exports treat anomalies.
pub fn parse(loaded: &Loaded, policy: cordis::ReadPolicy) -> Result<Document, IngestError> {
    let path = &loaded.spec.path;
    let text = match &loaded.content {
        Content::Cordis(bytes) => {
            return cordis::parse(bytes, policy)
                .map(Document::Cordis)
                .map_err(|source| IngestError::Cordis {
                    path: path.clone(),
                    source,
                });
        }
        Content::Text(text) => text.trim_start_matches('\u{feff}'),
    };
    let kind = match loaded.spec.kind {
        Some(kind) => kind,
        None => {
            if is_cordis_xml(text) {
                return Err(IngestError::CordisXml { path: path.clone() });
            }
            refuse_table(&loaded.spec, text.as_bytes())?;
            detect(path, text)
                .or_else(|| loaded.pages.as_ref().and_then(|_| detect_unwrapped(text)))
                .ok_or_else(|| IngestError::UnknownKind { path: path.clone() })?
        }
    };
    match kind {
        DeclaredKind::Profile => profile::parse_profile(text)
            .map(|p| Document::Profile(Box::new(p)))
            .map_err(|source| IngestError::Profile {
                path: path.clone(),
                source,
            }),
        DeclaredKind::Strategy => strategy::parse_strategy(text)
            .map(Document::Strategy)
            .map_err(|source| IngestError::Strategy {
                path: path.clone(),
                source,
            }),
        DeclaredKind::Cordis => cordis::parse(text.as_bytes(), policy)
            .map(Document::Cordis)
            .map_err(|source| IngestError::Cordis {
                path: path.clone(),
                source,
            }),
        DeclaredKind::Rdf => {
            let format = rdf_format(path, text).unwrap_or(RdfFormat::Turtle);
            RdfParser::from_format(format)
                .with_base_iri(format!("file://{}", path.display()))
                .unwrap_or_else(|_| RdfParser::from_format(format))
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map(Document::Rdf)
                .map_err(|source| IngestError::Rdf {
                    path: path.clone(),
                    source,
                })
        }
    }
}

/// Whether `text` is a record of CORDIS's XML download (`<project xmlns="http://cordis.europa.eu">`),
/// as unzipping that download gives them.
fn is_cordis_xml(text: &str) -> bool {
    let head = text
        .char_indices()
        .nth(4096)
        .map_or(text, |(end, _)| &text[..end]);
    head.trim_start().starts_with('<') && head.contains("xmlns=\"http://cordis.europa.eu\"")
}

/// Fails on an undeclared document that is a table (CORDIS exports were recognised before):
/// a table is never read as prose. RDF, whose N-Triples may be tab-separated, is not refused.
fn refuse_table(spec: &SourceSpec, bytes: &[u8]) -> Result<(), IngestError> {
    let path = &spec.path;
    let rdf = rdf_format(
        path,
        &String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]),
    );
    match table::refuse(path, bytes) {
        Some(source) if spec.kind.is_none() && rdf.is_none() => Err(IngestError::Table {
            path: path.clone(),
            source,
        }),
        _ => Ok(()),
    }
}

fn detect(path: &Path, text: &str) -> Option<DeclaredKind> {
    if rdf_format(path, text).is_some() {
        Some(DeclaredKind::Rdf)
    } else if profile::looks_like_profile(text) {
        Some(DeclaredKind::Profile)
    } else if strategy::looks_like_strategy(text) {
        Some(DeclaredKind::Strategy)
    } else {
        None
    }
}

/// A PDF's kind, told from its text with the layout's line breaks undone: a column holds too few
/// words per line to read as prose line by line.
fn detect_unwrapped(text: &str) -> Option<DeclaredKind> {
    let paragraphs: Vec<String> = text::clean(text)
        .paragraphs
        .into_iter()
        .map(|p| p.text)
        .collect();
    strategy::looks_like_strategy(&paragraphs.join("\n")).then_some(DeclaredKind::Strategy)
}

/// An RDF syntax, by extension or, failing that, by how the text starts.
fn rdf_format(path: &Path, text: &str) -> Option<RdfFormat> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // Only extensions that mean RDF: oxigraph would also read `.txt` as N-Triples.
    if let Some(format) = extension.as_deref().and_then(|e| match e {
        "ttl" | "nt" | "nq" | "trig" | "rdf" | "owl" | "jsonld" | "n3" => {
            RdfFormat::from_extension(e)
        }
        _ => None,
    }) {
        return Some(format);
    }
    let head = text.trim_start();
    let lower: String = head
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("@prefix") || lower.starts_with("@base") || lower.starts_with("prefix ") {
        Some(RdfFormat::Turtle)
    } else if lower.starts_with("<?xml") && lower.contains("rdf") {
        Some(RdfFormat::RdfXml)
    } else if head.starts_with('<')
        && head
            .lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with(" ."))
    {
        Some(RdfFormat::NQuads)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids_are_slugs_of_the_file_stem() {
        assert_eq!(
            default_id(Path::new("/x/Region Örebro län.sv.txt")).as_str(),
            "region-orebro-lan"
        );
    }

    #[test]
    fn rdf_is_detected_by_extension_or_content() {
        assert_eq!(rdf_format(Path::new("a.ttl"), ""), Some(RdfFormat::Turtle));
        assert_eq!(
            rdf_format(Path::new("a"), "@prefix ex: <http://e/> ."),
            Some(RdfFormat::Turtle)
        );
        assert_eq!(
            rdf_format(Path::new("a"), "<http://e/a> <http://e/b> <http://e/c> ."),
            Some(RdfFormat::NQuads)
        );
        assert_eq!(rdf_format(Path::new("a.txt"), "Health care"), None);
    }
}

/// Property-test inputs shared by the parsers' tests: real documents with random damage, which
/// reach deeper into a parser than random text does.
#[cfg(test)]
pub(crate) mod damage {
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// Up to five edits, each replacing up to 40 bytes at a random place with random text.
    pub fn edits() -> impl Strategy<Value = Vec<(Index, Index, String)>> {
        prop::collection::vec((any::<Index>(), any::<Index>(), ".{0,12}"), 1..6)
    }

    pub fn apply(text: &str, edits: &[(Index, Index, String)]) -> String {
        let mut text = text.to_owned();
        for (at, len, insert) in edits {
            let start = boundary(&text, at.index(text.len() + 1));
            let end = boundary(&text, start + len.index(41));
            text.replace_range(start..end, insert);
        }
        text
    }

    fn boundary(text: &str, mut i: usize) -> usize {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The line numbers an error message cites (`line 12`, `lines 3 and 9`).
    pub fn cited_lines(message: &str) -> Vec<usize> {
        let re = regex::Regex::new(r"lines? (\d+)(?: and (\d+))?").expect("valid regex");
        re.captures_iter(message)
            .flat_map(|c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .map(|m| m.as_str().parse().expect("digits"))
                    .collect::<Vec<usize>>()
            })
            .collect()
    }

    /// Asserts that every line an error cites exists in `text` (or is just past its end).
    pub fn assert_lines_within(message: &str, text: &str) {
        let lines = text.lines().count();
        for line in cited_lines(message) {
            assert!(
                (1..=lines + 1).contains(&line),
                "{message}: line {line} of a {lines}-line document"
            );
        }
    }
}
