//! CORDIS open-data CSV exports into typed records: `project.csv`, `organization.csv`,
//! `euroSciVoc.csv`, `topics.csv`, `legalBasis.csv` and the legacy `cordis-h2020projects.csv` /
//! `cordis-h2020organizations.csv` layouts, recognised by their header and never by file name.
//!
//! Exports run to hundreds of megabytes, so parsing is parallel. Quotes are counted per slab in
//! parallel, and quote parity proposes record boundaries; the data is cut there into chunks, each
//! read by the `csv` crate and converted on its own rayon thread. Each chunk then proves its end
//! is a boundary by walking its last record exactly as csv-core reads quotes; if parity was misled
//! (a stray quote inside an unquoted field), the file is cut again by one exact sequential walk.
//! Results are therefore identical to a sequential read, line numbers included (1-based, of a
//! record's first line). UTF-8 is checked per record as part of the parallel read; a file that is
//! not UTF-8 is decoded as Windows-1252 and read again.

use crate::model::{CountryCode, Line, Pic, ProjectId, Role};
use memchr::{memchr, memchr_iter, memrchr2};
use rayon::prelude::*;
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::ops::Range;

/// What a CORDIS export holds, as its header shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CordisKind {
    Projects,
    Organisations,
    FieldsOfScience,
    Topics,
    LegalBasis,
    /// A CORDIS table partnergraph has no use for; the text names it (`webLink.csv (…)`).
    Unused(&'static str),
}

/// One project (`project.csv`, or the legacy `cordis-h2020projects.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRecord {
    pub id: ProjectId,
    pub acronym: String,
    pub status: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, validated.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`, validated.
    pub end_date: Option<String>,
    pub total_cost: Option<f64>,
    pub ec_max_contribution: Option<f64>,
    /// `legalBasis`, or `programme` in the legacy layout.
    pub legal_basis: Option<String>,
    pub topics: Option<String>,
    pub framework_programme: Option<String>,
    pub funding_scheme: Option<String>,
    pub objective: Option<String>,
    pub line: Line,
}

/// One organisation's participation in one project (`organization.csv`, or the legacy
/// `cordis-h2020organizations.csv`, whose `id` column is the PIC).
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipationRecord {
    pub project_id: ProjectId,
    pub project_acronym: Option<String>,
    pub pic: Pic,
    pub vat_number: Option<String>,
    pub name: String,
    pub short_name: Option<String>,
    pub sme: Option<bool>,
    /// HES, REC, PRC, PUB or OTH, as written.
    pub activity_type: Option<String>,
    pub city: Option<String>,
    /// Upper-cased two-letter code as CORDIS writes it (`EL`, `UK`).
    pub country: Option<CountryCode>,
    pub nuts_code: Option<String>,
    /// `"lat,lon"` as written: only ever displayed, so not parsed.
    pub geolocation: Option<String>,
    pub url: Option<String>,
    pub order: Option<u32>,
    pub role: Role,
    pub ec_contribution: Option<f64>,
    pub net_ec_contribution: Option<f64>,
    pub total_cost: Option<f64>,
    pub end_of_participation: Option<bool>,
    /// The `active` flag of current exports.
    pub active: Option<bool>,
    pub line: Line,
}

impl ParticipationRecord {
    /// Drops the organisation's own fields (names, address, URL), keeping what describes the
    /// participation and the PIC that names the organisation.
    pub fn forget_organisation(&mut self) {
        self.name = String::new();
        for field in [
            &mut self.vat_number,
            &mut self.short_name,
            &mut self.activity_type,
            &mut self.city,
            &mut self.nuts_code,
            &mut self.geolocation,
            &mut self.url,
        ] {
            *field = None;
        }
    }
}

/// One EuroSciVoc field of science of a project (`euroSciVoc.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOfScienceRecord {
    pub project_id: ProjectId,
    pub code: String,
    pub path: String,
    pub title: String,
    pub line: Line,
}

/// One call topic of a project (`topics.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicRecord {
    pub project_id: ProjectId,
    pub topic: String,
    pub title: Option<String>,
    pub line: Line,
}

/// One programme part funding a project (`legalBasis.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct LegalBasisRecord {
    pub project_id: ProjectId,
    pub legal_basis: String,
    pub title: Option<String>,
    /// `uniqueProgrammePart`: marks the part a project is filed under when it has several.
    pub unique_programme_part: Option<bool>,
    pub line: Line,
}

/// The records of one export, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum CordisTable {
    Projects(Vec<ProjectRecord>),
    Participations(Vec<ParticipationRecord>),
    FieldsOfScience(Vec<FieldOfScienceRecord>),
    Topics(Vec<TopicRecord>),
    LegalBasis(Vec<LegalBasisRecord>),
}

/// A parsed export.
#[derive(Debug, Clone, PartialEq)]
pub struct CordisFile {
    pub kind: CordisKind,
    /// `None` for [`CordisKind::Unused`] tables, which are recognised but not read.
    pub table: Option<CordisTable>,
    /// Things the caller should pass on: a Latin-1 decoding, a header without records.
    pub warnings: Vec<String>,
}

/// A problem in an export, at a 1-based line (a record's first line, or where an unclosed quoted
/// field opens) and, when one is to blame, a column named as the header writes it. The file path
/// is the caller's to add.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}{at}: {problem}", at = ColumnSuffix(.column.as_deref()))]
pub struct CordisError {
    pub line: usize,
    pub column: Option<String>,
    pub problem: CordisProblem,
}

/// What is wrong, without the position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CordisProblem {
    #[error(
        "not a CORDIS export: expected the header of project.csv (id;acronym;…), organization.csv (projectID;…;organisationID;…;name;…;role;…), euroSciVoc.csv, topics.csv, legalBasis.csv or a legacy cordis-h2020*.csv file, but found {found}"
    )]
    NotCordis { found: String },
    #[error("missing from the header; the {table} layout needs {required}")]
    MissingColumn {
        table: &'static str,
        required: &'static str,
    },
    #[error("the record has {found} fields where the header has {expected}")]
    FieldCount { expected: usize, found: usize },
    #[error("a quoted field starts here and is never closed")]
    Unterminated,
    #[error("{value:?} is not {expected}")]
    Invalid {
        value: String,
        expected: &'static str,
    },
    #[error("empty, but every record needs a value here")]
    Empty,
    #[error(
        "organisation {pic} takes part in project {project} twice, at lines {first_line} and {second_line}"
    )]
    DuplicateParticipation {
        project: String,
        pic: String,
        first_line: usize,
        second_line: usize,
    },
    #[error("project {id} appears twice, at lines {first_line} and {second_line}")]
    DuplicateProject {
        id: String,
        first_line: usize,
        second_line: usize,
    },
    /// The `csv` crate failed to read a record; reading from memory, it has no known cause.
    #[error("unreadable record: {0}")]
    Unreadable(String),
}

struct ColumnSuffix<'a>(Option<&'a str>);

impl fmt::Display for ColumnSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(column) => write!(f, ", column {column}"),
            None => Ok(()),
        }
    }
}

/// Detects a CORDIS export by its header line; None if the bytes are not one.
pub fn detect(bytes: &[u8]) -> Option<CordisKind> {
    Header::read(strip_bom(bytes)).and_then(|header| classify(&header))
}

/// Parses a CORDIS export. Input that is not UTF-8 is read as Windows-1252 (a superset of
/// Latin-1), with a warning.
pub fn parse(bytes: &[u8]) -> Result<CordisFile, CordisError> {
    parse_in_chunks(bytes, default_chunk_count(bytes.len()))
}

/// Chunks of at least 1 MiB, two per thread: enough to balance uneven chunks, and few enough
/// that joining them (all but the first are copied) stays cheap.
fn default_chunk_count(len: usize) -> usize {
    (len >> 20).clamp(1, rayon::current_num_threads() * 2)
}

fn parse_in_chunks(bytes: &[u8], chunks: usize) -> Result<CordisFile, CordisError> {
    let bytes = strip_bom(bytes);
    // UTF-8 is checked as records are read (in parallel) instead of in a sequential pre-pass;
    // only a file that turns out not to be UTF-8 is decoded and read again.
    match parse_text(bytes, chunks) {
        Ok(file) => return Ok(file),
        Err(Failure::Cordis(error)) if std::str::from_utf8(bytes).is_ok() => return Err(error),
        Err(_) => {}
    }
    let (text, warning) = decode_windows_1252(bytes);
    let mut file = parse_text(text.as_bytes(), chunks).map_err(Failure::into_error)?;
    file.warnings.insert(0, warning);
    Ok(file)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes bytes as Windows-1252, which CORDIS-derived Latin-1 files are in practice (`€`, `’`
/// live in 0x80–0x9F); the bytes it leaves undefined map to the same code points, as in WHATWG.
fn decode_windows_1252(bytes: &[u8]) -> (String, String) {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    let valid = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = 1 + count(b'\n', &bytes[..valid]);
    let text = bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect();
    let warning =
        format!("line {line}: the file is not UTF-8; it was read as Windows-1252 (Latin-1)");
    (text, warning)
}

/// Why a parse attempt stopped; invalid UTF-8 makes the caller retry as Windows-1252.
enum Failure {
    NotUtf8 { line: usize },
    Cordis(CordisError),
}

impl Failure {
    fn into_error(self) -> CordisError {
        match self {
            Self::Cordis(error) => error,
            // Decoded text is UTF-8 by construction; reported rather than trusted blindly.
            Self::NotUtf8 { line } => CordisError {
                line,
                column: None,
                problem: CordisProblem::Unreadable("not UTF-8 even after decoding".into()),
            },
        }
    }
}

impl From<CordisError> for Failure {
    fn from(error: CordisError) -> Self {
        Self::Cordis(error)
    }
}

fn parse_text(bytes: &[u8], chunks: usize) -> Result<CordisFile, Failure> {
    let header = Header::read(bytes).ok_or_else(|| not_cordis(bytes))?;
    let kind = classify(&header).ok_or_else(|| CordisError {
        line: header.line,
        column: None,
        problem: CordisProblem::NotCordis {
            found: shorten(&header.names.join(";"), 300),
        },
    })?;
    if std::str::from_utf8(&bytes[..header.data_start]).is_err() {
        return Err(Failure::NotUtf8 { line: header.line });
    }
    let table = match kind {
        CordisKind::Projects => {
            let records = parse_table::<ProjectRecord>(bytes, &header, chunks)?;
            check_duplicate_projects(&records, &header)?;
            Some(CordisTable::Projects(records))
        }
        CordisKind::Organisations => {
            let records = parse_table::<ParticipationRecord>(bytes, &header, chunks)?;
            check_duplicate_participations(&records, &header)?;
            Some(CordisTable::Participations(records))
        }
        CordisKind::FieldsOfScience => Some(CordisTable::FieldsOfScience(parse_table(
            bytes, &header, chunks,
        )?)),
        CordisKind::Topics => Some(CordisTable::Topics(parse_table(bytes, &header, chunks)?)),
        CordisKind::LegalBasis => Some(CordisTable::LegalBasis(parse_table(
            bytes, &header, chunks,
        )?)),
        CordisKind::Unused(_) => None,
    };
    let empty = match &table {
        Some(CordisTable::Projects(r)) => r.is_empty(),
        Some(CordisTable::Participations(r)) => r.is_empty(),
        Some(CordisTable::FieldsOfScience(r)) => r.is_empty(),
        Some(CordisTable::Topics(r)) => r.is_empty(),
        Some(CordisTable::LegalBasis(r)) => r.is_empty(),
        None => false,
    };
    let warnings = if empty {
        vec![format!(
            "line {}: the file has a header but no records",
            header.line
        )]
    } else {
        Vec::new()
    };
    Ok(CordisFile {
        kind,
        table,
        warnings,
    })
}

fn not_cordis(bytes: &[u8]) -> CordisError {
    let blank = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    let rest = &bytes[blank..];
    let first = &rest[..memchr(b'\n', rest).unwrap_or(rest.len())];
    let found = if first.is_empty() {
        "an empty file".to_owned()
    } else {
        format!("{:?}", shorten(String::from_utf8_lossy(first).trim(), 120))
    };
    CordisError {
        line: 1 + count(b'\n', &bytes[..blank]),
        column: None,
        problem: CordisProblem::NotCordis { found },
    }
}

/// A header row: the column names as written, and where the data after it starts.
struct Header {
    names: Vec<String>,
    line: usize,
    data_start: usize,
}

impl Header {
    /// The first non-blank line split into at least two columns; None otherwise. Header names
    /// never hold newlines, so one line is read: detection stays cheap on any input.
    fn read(bytes: &[u8]) -> Option<Header> {
        const LONGEST: usize = 64 * 1024;
        let start = bytes.iter().position(|b| !matches!(b, b'\r' | b'\n'))?;
        let rest = &bytes[start..];
        let end = memchr(b'\n', &rest[..rest.len().min(LONGEST)]);
        if end.is_none() && rest.len() > LONGEST {
            return None;
        }
        let data_start = end.map_or(bytes.len(), |end| start + end + 1);
        let line = &rest[..end.unwrap_or(rest.len())];
        let mut reader = csv_reader(line);
        let mut record = csv::ByteRecord::new();
        reader.read_byte_record(&mut record).ok()?;
        let names: Vec<String> = record
            .iter()
            .map(|name| String::from_utf8_lossy(name).trim().to_owned())
            .collect();
        (names.len() >= 2).then(|| Header {
            names,
            line: 1 + count(b'\n', &bytes[..start]),
            data_start,
        })
    }

    /// The first of `aliases` present, compared case-insensitively: exports disagree on
    /// `organizationURL`/`organizationUrl` and the like.
    fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|alias| {
            self.names
                .iter()
                .position(|name| name.eq_ignore_ascii_case(alias))
        })
    }

    fn has(&self, name: &str) -> bool {
        self.find(&[name]).is_some()
    }

    fn require(
        &self,
        aliases: &[&'static str],
        table: &'static str,
        required: &'static str,
    ) -> Result<usize, CordisError> {
        self.find(aliases).ok_or_else(|| CordisError {
            line: self.line,
            column: aliases.first().map(|name| (*name).to_owned()),
            problem: CordisProblem::MissingColumn { table, required },
        })
    }

    fn name(&self, column: usize) -> Option<String> {
        self.names.get(column).cloned()
    }
}

/// Which table a header belongs to. Signatures are loose enough to survive added or dropped
/// optional columns; required ones are then checked by the table, with a precise error.
fn classify(header: &Header) -> Option<CordisKind> {
    let has = |name: &str| header.has(name);
    if has("euroSciVocCode") {
        return Some(CordisKind::FieldsOfScience);
    }
    if has("projectID") || has("projectRcn") {
        let legacy_organisation = has("id") && (has("name") || has("role"));
        return if has("organisationID") || legacy_organisation {
            Some(CordisKind::Organisations)
        } else if has("legalBasis") {
            Some(CordisKind::LegalBasis)
        } else if has("topic") {
            Some(CordisKind::Topics)
        } else if has("physUrl") {
            Some(CordisKind::Unused("webLink.csv (project web links)"))
        } else if has("teaser") || has("workPerformed") || has("finalResults") {
            Some(CordisKind::Unused("reportSummaries.csv (result summaries)"))
        } else if has("deliverableType") {
            Some(CordisKind::Unused("projectDeliverables.csv (deliverables)"))
        } else if has("isPublishedAs") || has("journalTitle") {
            Some(CordisKind::Unused("projectPublications.csv (publications)"))
        } else if has("uri") && has("represents") {
            Some(CordisKind::Unused("webItem.csv (web items)"))
        } else if has("projectAcronym") || has("rcn") || has("contentUpdateDate") {
            Some(CordisKind::Unused(
                "a CORDIS table partnergraph does not read",
            ))
        } else {
            None
        };
    }
    if has("uri") && has("represents") && has("availableLanguages") {
        return Some(CordisKind::Unused("webItem.csv (web items)"));
    }
    const PROJECT_COLUMNS: [&str; 18] = [
        "id",
        "acronym",
        "status",
        "title",
        "startDate",
        "endDate",
        "totalCost",
        "ecMaxContribution",
        "legalBasis",
        "topics",
        "ecSignatureDate",
        "frameworkProgramme",
        "masterCall",
        "fundingScheme",
        "objective",
        "grantDoi",
        "programme",
        "rcn",
    ];
    let distinctive = [
        "acronym",
        "ecMaxContribution",
        "frameworkProgramme",
        "fundingScheme",
    ];
    let project_like = PROJECT_COLUMNS.iter().filter(|name| has(name)).count() >= 4;
    (project_like && distinctive.iter().any(|name| has(name))).then_some(CordisKind::Projects)
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        // Field counts are checked against the header, with the column named in the error.
        .flexible(true)
        .from_reader(bytes)
}

/// A record type and how it is read from a row.
trait Table: Sized + Send {
    /// Column positions, resolved once from the header.
    type Columns: Sync;
    fn columns(header: &Header) -> Result<Self::Columns, CordisError>;
    fn from_row(row: &Row<'_>, columns: &Self::Columns) -> Result<Self, CordisError>;
}

/// Parses the data after the header as records of `T`, in parallel chunks.
fn parse_table<T: Table>(bytes: &[u8], header: &Header, chunks: usize) -> Result<Vec<T>, Failure> {
    let columns = T::columns(header)?;
    let start = header.data_start;
    // Cuts from quote parity are right for every well-formed file. Each chunk proves the next
    // cut by ending outside quotes; if one does not (a stray quote inside an unquoted field
    // misled parity), the file is cut again by the exact walk, sequentially.
    let mut cuts = proposed_cuts(bytes, start, chunks);
    let mut parsed = parse_chunks::<T>(bytes, header, &columns, &cuts);
    if misplaced(&parsed) {
        cuts = exact_cuts(bytes, start, chunks);
        parsed = parse_chunks::<T>(bytes, header, &columns, &cuts);
    }
    let unclosed = parsed.last().and_then(|chunk| chunk.unclosed);

    let total = parsed
        .iter()
        .map(|chunk| chunk.records.as_ref().map_or(0, Vec::len))
        .sum::<usize>();
    let mut records = Vec::new();
    let mut failure = None;
    for chunk in parsed {
        match chunk.records {
            // The first chunk's vector grows in place (a remap, not a copy) to hold the rest.
            Ok(chunk_records) if records.is_empty() => {
                records = chunk_records;
                records.reserve_exact(total - records.len());
            }
            Ok(mut chunk_records) => records.append(&mut chunk_records),
            Err(chunk_failure) => {
                failure = Some(chunk_failure);
                break;
            }
        }
    }
    if let Some(quote) = unclosed {
        let from = cuts.len().checked_sub(2).map_or(start, |last| cuts[last]);
        let (record_line, error) = unterminated(bytes, header, from, from + quote);
        // An error in an earlier record is what a sequential reader would have met first.
        let earlier = match &failure {
            Some(Failure::Cordis(error)) => error.line < record_line,
            Some(Failure::NotUtf8 { .. }) => true,
            None => false,
        };
        if !earlier {
            failure = Some(Failure::Cordis(error));
        }
    }
    match failure {
        Some(failure) => Err(failure),
        None => {
            records.shrink_to_fit();
            Ok(records)
        }
    }
}

/// Whether a cut fell inside a quoted field: some chunk before the last leaves a quote open, and
/// no earlier chunk failed (a failure there comes first, and its own start is proven).
fn misplaced<T>(parsed: &[Chunk<T>]) -> bool {
    for chunk in &parsed[..parsed.len().saturating_sub(1)] {
        if chunk.unclosed.is_some() {
            return true;
        }
        if chunk.records.is_err() {
            return false;
        }
    }
    false
}

/// One chunk's records (or the first failure), and the opening quote (relative) of a quoted
/// field that the chunk, read from its last record or its failing one, leaves open: a misplaced
/// cut, or in the last chunk an unterminated field.
struct Chunk<T> {
    records: Result<Vec<T>, Failure>,
    unclosed: Option<usize>,
}

fn parse_chunks<T: Table>(
    bytes: &[u8],
    header: &Header,
    columns: &T::Columns,
    cuts: &[usize],
) -> Vec<Chunk<T>> {
    // Absolute line numbers from the start: records need no renumbering when joined.
    let newlines: Vec<usize> = cuts
        .par_windows(2)
        .map(|cut| count(b'\n', &bytes[cut[0]..cut[1]]))
        .collect();
    let before = 1 + count(b'\n', &bytes[..cuts.first().copied().unwrap_or(0)]);
    let first_lines: Vec<usize> = newlines
        .iter()
        .scan(before, |line, newlines| {
            let first = *line;
            *line += newlines;
            Some(first)
        })
        .collect();
    cuts.par_windows(2)
        .zip(first_lines)
        .zip(newlines)
        .map(|((cut, first_line), newlines)| {
            let chunk = &bytes[cut[0]..cut[1]];
            // A record per line at most: reserving that once spares the growth reallocations,
            // and the excess is only address space, trimmed after joining.
            let capacity = (newlines + 1).min(chunk.len() / header.names.len());
            parse_chunk(chunk, first_line, capacity, header, columns)
        })
        .collect()
}

fn parse_chunk<T: Table>(
    chunk: &[u8],
    first_line: usize,
    capacity: usize,
    header: &Header,
    columns: &T::Columns,
) -> Chunk<T> {
    // Only the record at hand can run past the chunk's end, so the exact check walks from it.
    let unclosed_from = |start: usize| unclosed_quote(&chunk[start..]).map(|quote| start + quote);
    let failed = |failure: Failure, start: usize| Chunk {
        records: Err(failure),
        unclosed: unclosed_from(start),
    };
    let mut reader = csv_reader(chunk);
    let mut fields = csv::ByteRecord::new();
    let mut ends = Vec::with_capacity(header.names.len());
    let mut records = Vec::with_capacity(capacity);
    let mut last_start = 0;
    loop {
        let read = reader.read_byte_record(&mut fields);
        // The position is where the previous record ended, with the newlines csv-core counted
        // up to there; the record itself starts after any blank lines (or the `\n` of a CRLF).
        let (after_previous, lines_before) = fields.position().map_or((0, 0), |position| {
            let byte = usize::try_from(position.byte()).unwrap_or(usize::MAX);
            let line = usize::try_from(position.line()).unwrap_or(usize::MAX);
            (byte.min(chunk.len()), line.saturating_sub(1))
        });
        let (blank, blank_lines) = chunk[after_previous..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .fold((0, 0), |(len, lines), &b| {
                (len + 1, lines + usize::from(b == b'\n'))
            });
        let line = first_line + lines_before + blank_lines;
        let start = after_previous + blank;
        match read {
            Ok(true) => last_start = start,
            Ok(false) => {
                return Chunk {
                    records: Ok(records),
                    unclosed: unclosed_from(last_start),
                };
            }
            Err(error) => {
                let problem = CordisProblem::Unreadable(error.to_string());
                let error = CordisError {
                    line,
                    column: None,
                    problem,
                };
                return failed(error.into(), start);
            }
        }
        // One UTF-8 check per record rather than one per field; fields are then sliced out of
        // it, which also catches a character split across two fields.
        ends.clear();
        let mut end = 0;
        for field in &fields {
            end += field.len();
            ends.push(end);
        }
        let text = match std::str::from_utf8(fields.as_slice()) {
            Ok(text) if ends.iter().all(|&end| text.is_char_boundary(end)) => text,
            _ => return failed(Failure::NotUtf8 { line }, start),
        };
        if ends.len() != header.names.len() {
            return failed(field_count_error(header, line, ends.len()).into(), start);
        }
        let row = Row {
            text,
            ends: &ends,
            line,
            header,
        };
        match T::from_row(&row, columns) {
            Ok(record) => records.push(record),
            Err(error) => return failed(error.into(), start),
        }
    }
}

fn field_count_error(header: &Header, line: usize, found: usize) -> CordisError {
    let expected = header.names.len();
    // A short record is blamed on its first missing column, a long one on the last real one.
    let column = header.name(found.min(expected.saturating_sub(1)));
    CordisError {
        line,
        column,
        problem: CordisProblem::FieldCount { expected, found },
    }
}

fn count(byte: u8, bytes: &[u8]) -> usize {
    memchr_iter(byte, bytes).count()
}

/// Cuts (first and last included) splitting `bytes[start..]` into about `chunks` pieces, from
/// quote parity: in a well-formed file a newline after an even number of quotes ends a record.
/// Quotes are counted per slab in parallel, then each cut is a short walk from its slab start.
fn proposed_cuts(bytes: &[u8], start: usize, chunks: usize) -> Vec<usize> {
    let data = bytes.len().saturating_sub(start);
    let chunks = chunks.clamp(1, data.max(1));
    let step = data / chunks;
    let slabs: Vec<Range<usize>> = (0..chunks)
        .map(|k| {
            let end = if k + 1 == chunks {
                bytes.len()
            } else {
                start + (k + 1) * step
            };
            start + k * step..end
        })
        .collect();
    let odd: Vec<bool> = slabs
        .par_iter()
        .map(|slab| count(b'"', &bytes[slab.clone()]) % 2 == 1)
        .collect();
    let inside_at_start = odd.iter().scan(false, |inside, &odd| {
        let at_start = *inside;
        *inside ^= odd;
        Some(at_start)
    });
    let starts: Vec<(usize, bool)> = slabs
        .iter()
        .map(|slab| slab.start)
        .zip(inside_at_start)
        .skip(1)
        .collect();
    let mut cuts: Vec<usize> = starts
        .par_iter()
        .filter_map(|&(from, inside)| record_start_after(bytes, from, inside))
        .collect();
    cuts.push(start);
    cuts.push(bytes.len());
    // Parity misled by stray quotes could put cuts out of order; sorted they stay valid ranges,
    // and the chunks' exact check catches them.
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The first record start after `from` by quote parity, given whether `from` is inside quotes.
fn record_start_after(bytes: &[u8], from: usize, mut inside: bool) -> Option<usize> {
    let mut pos = from;
    loop {
        let quote = memchr(b'"', &bytes[pos..]).map(|i| pos + i);
        if !inside {
            let gap = &bytes[pos..quote.unwrap_or(bytes.len())];
            if let Some(newline) = memchr(b'\n', gap) {
                return Some(pos + newline + 1);
            }
        }
        pos = quote? + 1;
        inside = !inside;
    }
}

/// Cuts as [`proposed_cuts`] makes them, but from one exact walk over the whole data: the
/// fallback for files whose stray quotes mislead parity.
fn exact_cuts(bytes: &[u8], start: usize, chunks: usize) -> Vec<usize> {
    let step = (bytes.len().saturating_sub(start) / chunks.max(1)).max(1);
    let mut cuts = vec![start];
    let mut target = start.saturating_add(step);
    for span in OutsideQuotes::new(bytes, start) {
        while target < bytes.len() {
            let from = span.start.max(target);
            let Some(newline) = bytes.get(from..span.end).and_then(|gap| memchr(b'\n', gap)) else {
                break;
            };
            let cut = from + newline + 1;
            cuts.push(cut);
            target = cut.saturating_add(step);
        }
    }
    if cuts.last() != Some(&bytes.len()) {
        cuts.push(bytes.len());
    }
    cuts
}

/// The spans of `bytes`, from a record start, that lie outside quoted fields, following
/// csv-core exactly (so cuts fall where a sequential read would end records): a quote opens a
/// quoted field only at a field's start, `""` inside one is an escaped quote, any other quote
/// closes it, and quotes inside unquoted fields are plain text.
struct OutsideQuotes<'a> {
    bytes: &'a [u8],
    pos: usize,
    done: bool,
    unterminated: Option<usize>,
}

impl<'a> OutsideQuotes<'a> {
    fn new(bytes: &'a [u8], start: usize) -> Self {
        Self {
            bytes,
            pos: start.min(bytes.len()),
            done: false,
            unterminated: None,
        }
    }
}

impl Iterator for OutsideQuotes<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.done {
            return None;
        }
        let bytes = self.bytes;
        let start = self.pos;
        let mut search = start;
        while let Some(open) = next_quote(bytes, search) {
            search = open + 1;
            // `\r` ends a record too (csv-core's default terminator is CR, LF or CRLF).
            if open > 0 && !matches!(bytes[open - 1], b';' | b'\n' | b'\r') {
                continue;
            }
            let mut inner = open + 1;
            loop {
                let Some(close) = next_quote(bytes, inner) else {
                    self.done = true;
                    self.unterminated = Some(open);
                    return Some(start..open);
                };
                if bytes.get(close + 1) == Some(&b'"') {
                    inner = close + 2;
                } else {
                    self.pos = close + 1;
                    return Some(start..open);
                }
            }
        }
        self.done = true;
        Some(start..bytes.len())
    }
}

/// The opening quote of a quoted field that `bytes` (from a record start) leaves open.
fn unclosed_quote(bytes: &[u8]) -> Option<usize> {
    let mut walk = OutsideQuotes::new(bytes, 0);
    walk.by_ref().for_each(drop);
    walk.unterminated
}

/// The next quote at or after `from`. Quoted fields are mostly short and the next one's quote
/// follows a byte or two after the last one's, so a short probe saves most memchr calls.
fn next_quote(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    match rest.iter().take(8).position(|&b| b == b'"') {
        Some(i) => Some(from + i),
        None => memchr(b'"', rest.get(8..)?).map(|i| from + 8 + i),
    }
}

/// The line of the record holding the unclosed quote at `quote`, and the error naming the line
/// and column where that quoted field starts. Only runs when the file is broken.
fn unterminated(bytes: &[u8], header: &Header, from: usize, quote: usize) -> (usize, CordisError) {
    let mut record_start = from;
    let mut delimiters = 0;
    for span in OutsideQuotes::new(bytes, from) {
        let outside = &bytes[span.clone()];
        match memrchr2(b'\n', b'\r', outside) {
            Some(end) => {
                record_start = span.start + end + 1;
                delimiters = count(b';', &outside[end + 1..]);
            }
            None => delimiters += count(b';', outside),
        }
    }
    let record_line = 1 + count(b'\n', &bytes[..record_start]);
    let error = CordisError {
        line: 1 + count(b'\n', &bytes[..quote]),
        column: header.name(delimiters),
        problem: CordisProblem::Unterminated,
    };
    (record_line, error)
}

/// One record being converted, with what its errors need: the record's text (fields back to
/// back) and where each field ends in it.
struct Row<'a> {
    text: &'a str,
    ends: &'a [usize],
    line: usize,
    header: &'a Header,
}

impl<'a> Row<'a> {
    fn error(&self, column: usize, problem: CordisProblem) -> CordisError {
        CordisError {
            line: self.line,
            column: self.header.name(column),
            problem,
        }
    }

    /// A trimmed value; None for an absent column or an empty field.
    fn text(&self, column: Option<usize>) -> Option<&'a str> {
        let column = column?;
        let end = *self.ends.get(column)?;
        let start = match column.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => 0,
        };
        let value = trim(self.text.get(start..end)?);
        (!value.is_empty()).then_some(value)
    }

    fn string(&self, column: Option<usize>) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    fn required(&self, column: usize) -> Result<&'a str, CordisError> {
        self.text(Some(column))
            .ok_or_else(|| self.error(column, CordisProblem::Empty))
    }

    fn parsed<T>(
        &self,
        column: Option<usize>,
        parse: impl Fn(&str) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, CordisError> {
        let (Some(column), Some(value)) = (column, self.text(column)) else {
            return Ok(None);
        };
        parse(value).map(Some).ok_or_else(|| {
            self.error(
                column,
                CordisProblem::Invalid {
                    value: shorten(value, 80),
                    expected,
                },
            )
        })
    }

    fn amount(&self, column: Option<usize>) -> Result<Option<f64>, CordisError> {
        self.parsed(column, parse_amount, "an amount")
    }

    fn flag(&self, column: Option<usize>) -> Result<Option<bool>, CordisError> {
        self.parsed(column, parse_flag, "true or false")
    }

    fn date(&self, column: Option<usize>) -> Result<Option<String>, CordisError> {
        self.parsed(column, parse_date, "a date (YYYY-MM-DD)")
    }
}

struct ProjectColumns {
    id: usize,
    acronym: usize,
    status: Option<usize>,
    title: Option<usize>,
    start_date: Option<usize>,
    end_date: Option<usize>,
    total_cost: Option<usize>,
    ec_max_contribution: Option<usize>,
    legal_basis: Option<usize>,
    topics: Option<usize>,
    framework_programme: Option<usize>,
    funding_scheme: Option<usize>,
    objective: Option<usize>,
}

impl Table for ProjectRecord {
    type Columns = ProjectColumns;

    fn columns(h: &Header) -> Result<ProjectColumns, CordisError> {
        let required = |name| h.require(name, "project.csv", "id and acronym");
        Ok(ProjectColumns {
            id: required(&["id"])?,
            acronym: required(&["acronym"])?,
            status: h.find(&["status"]),
            title: h.find(&["title"]),
            start_date: h.find(&["startDate"]),
            end_date: h.find(&["endDate"]),
            total_cost: h.find(&["totalCost"]),
            ec_max_contribution: h.find(&["ecMaxContribution"]),
            legal_basis: h.find(&["legalBasis", "programme"]),
            topics: h.find(&["topics"]),
            framework_programme: h.find(&["frameworkProgramme"]),
            funding_scheme: h.find(&["fundingScheme"]),
            objective: h.find(&["objective"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &ProjectColumns) -> Result<Self, CordisError> {
        Ok(Self {
            id: ProjectId::new(row.required(c.id)?),
            acronym: row.required(c.acronym)?.to_owned(),
            status: row.string(c.status),
            title: row.string(c.title),
            start_date: row.date(c.start_date)?,
            end_date: row.date(c.end_date)?,
            total_cost: row.amount(c.total_cost)?,
            ec_max_contribution: row.amount(c.ec_max_contribution)?,
            legal_basis: row.string(c.legal_basis),
            topics: row.string(c.topics),
            framework_programme: row.string(c.framework_programme),
            funding_scheme: row.string(c.funding_scheme),
            objective: row.string(c.objective),
            line: Line(row.line),
        })
    }
}

struct ParticipationColumns {
    project_id: usize,
    pic: usize,
    name: usize,
    role: usize,
    project_acronym: Option<usize>,
    vat_number: Option<usize>,
    short_name: Option<usize>,
    sme: Option<usize>,
    activity_type: Option<usize>,
    city: Option<usize>,
    country: Option<usize>,
    nuts_code: Option<usize>,
    geolocation: Option<usize>,
    url: Option<usize>,
    order: Option<usize>,
    ec_contribution: Option<usize>,
    net_ec_contribution: Option<usize>,
    total_cost: Option<usize>,
    end_of_participation: Option<usize>,
    active: Option<usize>,
}

impl Table for ParticipationRecord {
    type Columns = ParticipationColumns;

    fn columns(h: &Header) -> Result<ParticipationColumns, CordisError> {
        let required = |names| {
            h.require(
                names,
                "organization.csv",
                "projectID, organisationID, name and role",
            )
        };
        Ok(ParticipationColumns {
            project_id: required(&["projectID"])?,
            // The legacy layout calls the PIC `id`.
            pic: required(&["organisationID", "id"])?,
            name: required(&["name"])?,
            role: required(&["role"])?,
            project_acronym: h.find(&["projectAcronym"]),
            vat_number: h.find(&["vatNumber"]),
            short_name: h.find(&["shortName"]),
            sme: h.find(&["SME"]),
            activity_type: h.find(&["activityType"]),
            city: h.find(&["city"]),
            country: h.find(&["country"]),
            nuts_code: h.find(&["nutsCode"]),
            geolocation: h.find(&["geolocation"]),
            url: h.find(&["organizationURL", "organisationURL"]),
            order: h.find(&["order", "participantOrder"]),
            ec_contribution: h.find(&["ecContribution"]),
            net_ec_contribution: h.find(&["netEcContribution"]),
            total_cost: h.find(&["totalCost"]),
            end_of_participation: h.find(&["endOfParticipation"]),
            active: h.find(&["active"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &ParticipationColumns) -> Result<Self, CordisError> {
        let role = row.required(c.role)?;
        let role = Role::from_code(role).ok_or_else(|| {
            row.error(
                c.role,
                CordisProblem::Invalid {
                    value: shorten(role, 80),
                    expected: "a CORDIS role (coordinator, participant, partner, thirdParty, associatedPartner, internationalPartner)",
                },
            )
        })?;
        Ok(Self {
            project_id: ProjectId::new(row.required(c.project_id)?),
            project_acronym: row.string(c.project_acronym),
            pic: Pic::new(row.required(c.pic)?),
            vat_number: row.string(c.vat_number),
            name: row.required(c.name)?.to_owned(),
            short_name: row.string(c.short_name),
            sme: row.flag(c.sme)?,
            activity_type: row.string(c.activity_type),
            city: row.string(c.city),
            country: row.parsed(c.country, parse_country, "a two-letter country code")?,
            nuts_code: row.string(c.nuts_code),
            geolocation: row.string(c.geolocation),
            url: row.string(c.url),
            order: row.parsed(c.order, |v| v.parse().ok(), "a whole number")?,
            role,
            ec_contribution: row.amount(c.ec_contribution)?,
            net_ec_contribution: row.amount(c.net_ec_contribution)?,
            total_cost: row.amount(c.total_cost)?,
            end_of_participation: row.flag(c.end_of_participation)?,
            active: row.flag(c.active)?,
            line: Line(row.line),
        })
    }
}

struct FieldOfScienceColumns {
    project_id: usize,
    code: usize,
    path: usize,
    title: usize,
}

impl Table for FieldOfScienceRecord {
    type Columns = FieldOfScienceColumns;

    fn columns(h: &Header) -> Result<FieldOfScienceColumns, CordisError> {
        let required = |names| {
            h.require(
                names,
                "euroSciVoc.csv",
                "projectID, euroSciVocCode, euroSciVocPath and euroSciVocTitle",
            )
        };
        Ok(FieldOfScienceColumns {
            project_id: required(&["projectID"])?,
            code: required(&["euroSciVocCode"])?,
            path: required(&["euroSciVocPath"])?,
            title: required(&["euroSciVocTitle"])?,
        })
    }

    fn from_row(row: &Row<'_>, c: &FieldOfScienceColumns) -> Result<Self, CordisError> {
        Ok(Self {
            project_id: ProjectId::new(row.required(c.project_id)?),
            code: row.required(c.code)?.to_owned(),
            path: row.required(c.path)?.to_owned(),
            title: row.required(c.title)?.to_owned(),
            line: Line(row.line),
        })
    }
}

struct TopicColumns {
    project_id: usize,
    topic: usize,
    title: Option<usize>,
}

impl Table for TopicRecord {
    type Columns = TopicColumns;

    fn columns(h: &Header) -> Result<TopicColumns, CordisError> {
        let required = |names| h.require(names, "topics.csv", "projectID and topic");
        Ok(TopicColumns {
            project_id: required(&["projectID"])?,
            topic: required(&["topic"])?,
            title: h.find(&["title"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &TopicColumns) -> Result<Self, CordisError> {
        Ok(Self {
            project_id: ProjectId::new(row.required(c.project_id)?),
            topic: row.required(c.topic)?.to_owned(),
            title: row.string(c.title),
            line: Line(row.line),
        })
    }
}

struct LegalBasisColumns {
    project_id: usize,
    legal_basis: usize,
    title: Option<usize>,
    unique_programme_part: Option<usize>,
}

impl Table for LegalBasisRecord {
    type Columns = LegalBasisColumns;

    fn columns(h: &Header) -> Result<LegalBasisColumns, CordisError> {
        let required = |names| h.require(names, "legalBasis.csv", "projectID and legalBasis");
        Ok(LegalBasisColumns {
            project_id: required(&["projectID"])?,
            legal_basis: required(&["legalBasis"])?,
            title: h.find(&["title"]),
            unique_programme_part: h.find(&["uniqueProgrammePart"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &LegalBasisColumns) -> Result<Self, CordisError> {
        Ok(Self {
            project_id: ProjectId::new(row.required(c.project_id)?),
            legal_basis: row.required(c.legal_basis)?.to_owned(),
            title: row.string(c.title),
            unique_programme_part: row.flag(c.unique_programme_part)?,
            line: Line(row.line),
        })
    }
}

/// A project id twice would make two projects one node with mixed attributes.
fn check_duplicate_projects(records: &[ProjectRecord], header: &Header) -> Result<(), CordisError> {
    let Some((first, second)) = first_duplicate(records, |r| r.id.as_str()) else {
        return Ok(());
    };
    let (first, second) = (&records[first], &records[second]);
    Err(CordisError {
        line: second.line.0,
        column: header.find(&["id"]).and_then(|c| header.name(c)),
        problem: CordisProblem::DuplicateProject {
            id: second.id.to_string(),
            first_line: first.line.0,
            second_line: second.line.0,
        },
    })
}

/// The same organisation twice in a project would double its contribution and its links.
fn check_duplicate_participations<'a>(
    records: &'a [ParticipationRecord],
    header: &Header,
) -> Result<(), CordisError> {
    let key = |r: &'a ParticipationRecord| (r.project_id.as_str(), r.pic.as_str());
    let Some((first, second)) = first_duplicate(records, key) else {
        return Ok(());
    };
    let (first, second) = (&records[first], &records[second]);
    Err(CordisError {
        line: second.line.0,
        column: header
            .find(&["organisationID", "id"])
            .and_then(|c| header.name(c)),
        problem: CordisProblem::DuplicateParticipation {
            project: second.project_id.to_string(),
            pic: second.pic.to_string(),
            first_line: first.line.0,
            second_line: second.line.0,
        },
    })
}

/// The earliest record whose key an earlier record already has, as (earlier, later) indices.
/// Keys are hashed and sorted in parallel, and only records sharing a hash are compared: a
/// hash map over 400 000 records spends its time in cache misses, on one core.
fn first_duplicate<'a, T: Sync, K: Hash + Eq>(
    records: &'a [T],
    key: impl Fn(&'a T) -> K + Sync,
) -> Option<(usize, usize)> {
    let mut hashed: Vec<(u64, usize)> = records
        .par_iter()
        .enumerate()
        .map(|(index, record)| (FxBuild::default().hash_one(key(record)), index))
        .collect();
    hashed.par_sort_unstable();
    let mut found: Option<(usize, usize)> = None;
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Within a run indices ascend, so the first match is this run's earliest repeat.
        let repeat = run.iter().enumerate().skip(1).find_map(|(j, &(_, later))| {
            run[..j]
                .iter()
                .find(|&&(_, earlier)| key(&records[earlier]) == key(&records[later]))
                .map(|&(_, earlier)| (earlier, later))
        });
        if let Some(repeat) = repeat
            && found.is_none_or(|(_, later)| repeat.1 < later)
        {
            found = Some(repeat);
        }
    }
    found
}

/// `str::trim`, skipping the Unicode-aware search for the usual value that needs no trimming.
fn trim(value: &str) -> &str {
    match (value.as_bytes().first(), value.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

/// rustc's FxHash: duplicate checks hash hundreds of thousands of short keys, and collisions
/// are resolved by comparing keys, so SipHash's flooding resistance would buy nothing.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// An amount as CORDIS writes it: `316579,00`, `316579.00`, `316579`, `1.5E+06`. Digit grouping
/// is accepted only where it cannot be decimals: with the other separator as decimal point
/// (`1.234.567,89`, `1,234,567.89`) or repeated (`1,234,567`); a lone `1,234` is 1.234, as the
/// decimal-comma exports mean it.
fn parse_amount(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.bytes().position(|b| matches!(b, b'e' | b'E')) {
        Some(e) => (&unsigned[..e], Some(&unsigned[e + 1..])),
        None => (unsigned, None),
    };
    let (mut commas, mut points, mut last_comma, mut last_point) = (0, 0, 0, 0);
    for (i, byte) in mantissa.bytes().enumerate() {
        match byte {
            b',' => (commas, last_comma) = (commas + 1, i),
            b'.' => (points, last_point) = (points + 1, i),
            b'0'..=b'9' => {}
            _ => return None,
        }
    }
    // The decimal separator is the last separator when it occurs once; the other one, or a
    // repeated one, groups thousands.
    let (decimal, group) = match (commas, points) {
        (0, 0) => (None, None),
        (1, 0) => (Some(last_comma), None),
        (0, 1) => (Some(last_point), None),
        (_, 0) => (None, Some(',')),
        (0, _) => (None, Some('.')),
        (1, _) if last_comma > last_point => (Some(last_comma), Some('.')),
        (_, 1) if last_point > last_comma => (Some(last_point), Some(',')),
        _ => return None,
    };
    let (whole, fraction) = match decimal {
        Some(at) => (&mantissa[..at], Some(&mantissa[at + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole_ok = match group {
        Some(separator) => {
            let mut groups = whole.split(separator);
            exponent.is_none()
                && groups.next().is_some_and(|g| g.len() <= 3 && digits(g))
                && groups.all(|g| g.len() == 3 && digits(g))
        }
        None => digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !whole_ok || !fraction.is_none_or(digits) || !exponent_ok {
        return None;
    }
    // Rewritten on the stack as Rust float syntax: decimal separator to `.`, grouping dropped.
    let decimal_at = decimal.map(|at| text.len() - unsigned.len() + at);
    let mut normal = [0; 64];
    let mut len = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let byte = match byte {
            b',' | b'.' if Some(i) == decimal_at => b'.',
            b',' | b'.' => continue,
            other => other,
        };
        *normal.get_mut(len)? = byte;
        len += 1;
    }
    let value: f64 = std::str::from_utf8(&normal[..len]).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

fn parse_flag(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") || text == "1" {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") || text == "0" {
        Some(false)
    } else {
        None
    }
}

/// A calendar date `YYYY-MM-DD`, checked against the calendar; a time of day after it (some
/// exports write `2021-01-01 00:00:00`) is dropped.
fn parse_date(text: &str) -> Option<String> {
    let (date, time) = text.split_at_checked(10)?;
    let time_ok = time.is_empty()
        || (time.len() > 1
            && time.starts_with([' ', 'T'])
            && time[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b":.+-Z".contains(&b)));
    if !date.is_ascii() || date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return None;
    }
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = (
        number(&date[..4])?,
        number(&date[5..7])?,
        number(&date[8..])?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (time_ok && (1..=days).contains(&day)).then(|| date.to_owned())
}

fn parse_country(text: &str) -> Option<CountryCode> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| CountryCode::new(text.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT_HEADER: &str = "\"id\";\"acronym\";\"status\";\"title\";\"startDate\";\"endDate\";\"totalCost\";\"ecMaxContribution\";\"legalBasis\";\"topics\";\"ecSignatureDate\";\"frameworkProgramme\";\"masterCall\";\"subCall\";\"fundingScheme\";\"nature\";\"objective\";\"contentUpdateDate\";\"rcn\";\"grantDoi\"";

    /// Current layout, every field quoted; the first objective spans three lines and holds `;`
    /// and an escaped quote.
    fn projects_current() -> String {
        [
            PROJECT_HEADER,
            "\"101017424\";\"3TR\";\"SIGNED\";\"Taxonomy, Targets, Treatment, and Remission\";\"2021-01-01\";\"2027-12-31\";\"76417487,5\";\"74999995,00\";\"H2020-EU.3.1.1.\";\"IMI2-2019-18-01\";\"2020-10-21\";\"H2020\";\"H2020-JTI-IMI2-2019-18\";\"H2020-JTI-IMI2-2019-18\";\"IMI2-RIA\";\"\";\"Immune-mediated diseases; a \"\"big\"\" problem.\nSecond line; more.\nThird line.\";\"2022-08-03 17:54:02\";\"232466\";\"10.3030/101017424\"",
            "\"848146\";\"PAPA-ARTIS\";\"CLOSED\";\"Atrial fibrillation\";\"2019-05-01\";\"2024-04-30\";\"5999562.50\";\"\";\"H2020-EU.3.1.3.\";\"SC1-BHC-10-2019\";\"2019-04-11\";\"H2020\";\"H2020-SC1-BHC\";\"H2020-SC1-2019\";\"RIA\";\"\";\"Short.\";\"2022-08-03 17:54:02\";\"222\";\"10.3030/848146\"",
        ]
        .join("\n")
            + "\n"
    }

    const ORGANISATION_HEADER: &str = "\"projectID\";\"projectAcronym\";\"organisationID\";\"vatNumber\";\"name\";\"shortName\";\"SME\";\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"geolocation\";\"organizationURL\";\"contactForm\";\"contentUpdateDate\";\"rcn\";\"order\";\"role\";\"ecContribution\";\"netEcContribution\";\"totalCost\";\"endOfParticipation\";\"active\"";

    fn organisations_current() -> String {
        [
            ORGANISATION_HEADER,
            "\"101017424\";\"3TR\";\"999979694\";\"SE232100014\";\"OREBRO LANS LANDSTING\";\"RO\";\"false\";\"PUB\";\"Box 1613\";\"701 16\";\"Örebro\";\"SE\";\"SE124\";\"59.27,15.20\";\"http://www.regionorebrolan.se\";\"\";\"2022-08-03 17:54:02\";\"1\";\"5\";\"participant\";\"316579,00\";\"316579,00\";\"316579,00\";\"false\";\"true\"",
            "\"101017424\";\"3TR\";\"999999999\";\"\";\"REGION STOCKHOLM\";\"\";\"\";\"PUB\";\"\";\"\";\"Stockholm\";\"SE\";\"\";\"\";\"\";\"\";\"2022-08-03 17:54:02\";\"2\";\"6\";\"thirdParty\";\"\";\"\";\"\";\"false\";\"\"",
            "\"848146\";\"PAPA-ARTIS\";\"999901000\";\"DE1\";\"KLINIKUM DER UNIVERSITAET MUENCHEN\";\"LMU\";\"true\";\"HES\";\"X\";\"1\";\"München\";\"de\";\"DE212\";\"\";\"\";\"\";\"\";\"3\";\"1\";\"COORDINATOR\";\"1234567.89\";\"1234567.89\";\"1.234.567,89\";\"true\";\"false\"",
        ]
        .join("\n")
            + "\n"
    }

    /// The legacy layout, quoted only where needed.
    fn projects_legacy() -> String {
        [
            "rcn;id;acronym;status;programme;topics;frameworkProgramme;title;startDate;endDate;projectUrl;objective;totalCost;ecMaxContribution;call;fundingScheme;coordinator;coordinatorCountry;participants;participantCountries;subjects",
            "232466;101017424;3TR;SIGNED;H2020-EU.3.1.1.;IMI2-2019-18-01;H2020;Taxonomy, Targets, Treatment, and Remission;2021-01-01;2027-12-31;;\"Immune-mediated diseases; a \"\"big\"\" problem.\nSecond line; more.\nThird line.\";76417487,5;74999995,00;H2020-JTI-IMI2-2019-18;IMI2-RIA;OREBRO LANS LANDSTING;SE;REGION STOCKHOLM;SE;",
            "222;848146;PAPA-ARTIS;CLOSED;H2020-EU.3.1.3.;SC1-BHC-10-2019;H2020;Atrial fibrillation;2019-05-01;2024-04-30;;Short.;5999562.50;;H2020-SC1-BHC;RIA;KLINIKUM;DE;;;",
        ]
        .join("\n")
            + "\n"
    }

    fn organisations_legacy() -> String {
        [
            "projectRcn;projectID;projectAcronym;role;id;name;shortName;activityType;endOfParticipation;ecContribution;country;street;city;postCode;organizationUrl;vatNumber;contactForm;contactType;contactTitle;contactFirstNames;contactLastNames;contactFunction;contactTelephoneNumber;contactFax",
            "232466;101017424;3TR;participant;999979694;OREBRO LANS LANDSTING;RO;PUB;false;316579,00;SE;Box 1613;Örebro;701 16;http://www.regionorebrolan.se;SE232100014;;;;;;;;",
            "232466;101017424;3TR;thirdParty;999999999;REGION STOCKHOLM;;PUB;false;;SE;;Stockholm;;;;;;;;;;;",
            "222;848146;PAPA-ARTIS;coordinator;999901000;KLINIKUM DER UNIVERSITAET MUENCHEN;LMU;HES;true;1234567.89;DE;X;München;1;;DE1;;;;;;;;",
        ]
        .join("\n")
            + "\n"
    }

    fn projects(text: &str) -> Vec<ProjectRecord> {
        match parse(text.as_bytes()).map(|file| file.table) {
            Ok(Some(CordisTable::Projects(records))) => records,
            other => panic!("not projects: {other:?}"),
        }
    }

    fn participations(bytes: &[u8]) -> Vec<ParticipationRecord> {
        match parse(bytes).map(|file| file.table) {
            Ok(Some(CordisTable::Participations(records))) => records,
            other => panic!("not participations: {other:?}"),
        }
    }

    fn error(text: &str) -> String {
        match parse(text.as_bytes()) {
            Err(error) => error.to_string(),
            Ok(file) => panic!("parsed: {file:?}"),
        }
    }

    #[test]
    fn current_projects_with_multiline_objectives_and_both_decimal_marks() {
        let records = projects(&projects_current());
        assert_eq!(records.len(), 2);
        let tr = &records[0];
        assert_eq!(tr.id.as_str(), "101017424");
        assert_eq!(tr.acronym, "3TR");
        assert_eq!(tr.status.as_deref(), Some("SIGNED"));
        assert_eq!(tr.start_date.as_deref(), Some("2021-01-01"));
        assert_eq!(tr.end_date.as_deref(), Some("2027-12-31"));
        assert_eq!(tr.total_cost, Some(76_417_487.5));
        assert_eq!(tr.ec_max_contribution, Some(74_999_995.0));
        assert_eq!(tr.legal_basis.as_deref(), Some("H2020-EU.3.1.1."));
        assert_eq!(tr.topics.as_deref(), Some("IMI2-2019-18-01"));
        assert_eq!(tr.framework_programme.as_deref(), Some("H2020"));
        assert_eq!(tr.funding_scheme.as_deref(), Some("IMI2-RIA"));
        assert_eq!(
            tr.objective.as_deref(),
            Some("Immune-mediated diseases; a \"big\" problem.\nSecond line; more.\nThird line.")
        );
        assert_eq!(tr.line, Line(2));
        let papa = &records[1];
        assert_eq!(papa.total_cost, Some(5_999_562.5));
        assert_eq!(papa.ec_max_contribution, None);
        assert_eq!(papa.line, Line(5));
    }

    #[test]
    fn current_organisations() {
        let records = participations(organisations_current().as_bytes());
        assert_eq!(records.len(), 3);
        let orebro = &records[0];
        assert_eq!(orebro.project_id.as_str(), "101017424");
        assert_eq!(orebro.project_acronym.as_deref(), Some("3TR"));
        assert_eq!(orebro.pic.as_str(), "999979694");
        assert_eq!(orebro.vat_number.as_deref(), Some("SE232100014"));
        assert_eq!(orebro.name, "OREBRO LANS LANDSTING");
        assert_eq!(orebro.short_name.as_deref(), Some("RO"));
        assert_eq!(orebro.sme, Some(false));
        assert_eq!(orebro.activity_type.as_deref(), Some("PUB"));
        assert_eq!(orebro.city.as_deref(), Some("Örebro"));
        assert_eq!(orebro.country, Some(CountryCode::new("SE")));
        assert_eq!(orebro.nuts_code.as_deref(), Some("SE124"));
        assert_eq!(orebro.geolocation.as_deref(), Some("59.27,15.20"));
        assert_eq!(orebro.url.as_deref(), Some("http://www.regionorebrolan.se"));
        assert_eq!(orebro.order, Some(5));
        assert_eq!(orebro.role, Role::Participant);
        assert_eq!(orebro.ec_contribution, Some(316_579.0));
        assert_eq!(orebro.net_ec_contribution, Some(316_579.0));
        assert_eq!(orebro.total_cost, Some(316_579.0));
        assert_eq!(orebro.end_of_participation, Some(false));
        assert_eq!(orebro.active, Some(true));
        assert_eq!(orebro.line, Line(2));

        let stockholm = &records[1];
        assert_eq!(stockholm.role, Role::ThirdParty);
        assert_eq!(stockholm.sme, None);
        assert_eq!(stockholm.vat_number, None);
        assert_eq!(stockholm.ec_contribution, None);
        assert_eq!(stockholm.total_cost, None);
        assert_eq!(stockholm.active, None);

        let lmu = &records[2];
        assert_eq!(lmu.role, Role::Coordinator);
        assert_eq!(lmu.country, Some(CountryCode::new("DE")));
        assert_eq!(lmu.ec_contribution, Some(1_234_567.89));
        assert_eq!(lmu.total_cost, Some(1_234_567.89));
        assert_eq!(lmu.line, Line(4));
    }

    #[test]
    fn legacy_layouts_give_the_current_records() {
        let (current, legacy) = (projects(&projects_current()), projects(&projects_legacy()));
        for (c, l) in current.iter().zip(&legacy) {
            assert_eq!(
                (&c.id, &c.acronym, &c.status, &c.title),
                (&l.id, &l.acronym, &l.status, &l.title)
            );
            assert_eq!((&c.start_date, &c.end_date), (&l.start_date, &l.end_date));
            assert_eq!(
                (c.total_cost, c.ec_max_contribution),
                (l.total_cost, l.ec_max_contribution)
            );
            assert_eq!((&c.legal_basis, &c.topics), (&l.legal_basis, &l.topics));
            assert_eq!(
                (&c.framework_programme, &c.funding_scheme),
                (&l.framework_programme, &l.funding_scheme)
            );
            assert_eq!(c.objective, l.objective);
        }
        assert_eq!(
            legacy.iter().map(|r| r.line).collect::<Vec<_>>(),
            [Line(2), Line(5)]
        );

        let current = participations(organisations_current().as_bytes());
        let legacy = participations(organisations_legacy().as_bytes());
        assert_eq!(legacy.len(), 3);
        for (c, l) in current.iter().zip(&legacy) {
            assert_eq!(
                (&c.project_id, &c.project_acronym, &c.pic, &c.name),
                (&l.project_id, &l.project_acronym, &l.pic, &l.name)
            );
            assert_eq!(
                (&c.short_name, &c.activity_type, &c.city, &c.country),
                (&l.short_name, &l.activity_type, &l.city, &l.country)
            );
            assert_eq!(
                (&c.vat_number, &c.url, c.role),
                (&l.vat_number, &l.url, l.role)
            );
            assert_eq!(
                (c.ec_contribution, c.end_of_participation),
                (l.ec_contribution, l.end_of_participation)
            );
            assert_eq!(c.line, l.line);
        }
        // Columns the legacy layout lacks are absent, not invented.
        assert!(
            legacy
                .iter()
                .all(|r| r.sme.is_none() && r.order.is_none() && r.nuts_code.is_none())
        );
    }

    #[test]
    fn other_tables() {
        let fos = "\"projectID\";\"euroSciVocCode\";\"euroSciVocPath\";\"euroSciVocTitle\";\"euroSciVocDescription\"\n\"101017424\";\"/27/49/521\";\"/medical and health sciences/clinical medicine/oncology\";\"oncology\";\"\"\n";
        let file = parse(fos.as_bytes()).unwrap();
        assert_eq!(file.kind, CordisKind::FieldsOfScience);
        let Some(CordisTable::FieldsOfScience(records)) = file.table else {
            panic!()
        };
        assert_eq!(records[0].code, "/27/49/521");
        assert_eq!(
            records[0].path,
            "/medical and health sciences/clinical medicine/oncology"
        );
        assert_eq!(records[0].title, "oncology");

        let topics = "projectID;topic;title\n101017424;IMI2-2019-18-01;Immune-mediated diseases\n848146;SC1-BHC-10-2019;\n";
        let Some(CordisTable::Topics(records)) = parse(topics.as_bytes()).unwrap().table else {
            panic!()
        };
        assert_eq!(
            (records[0].topic.as_str(), records[0].title.as_deref()),
            ("IMI2-2019-18-01", Some("Immune-mediated diseases"))
        );
        assert_eq!(
            (records[1].title.as_deref(), records[1].line),
            (None, Line(3))
        );

        let legal = "projectID;legalBasis;title;uniqueProgrammePart\n101017424;H2020-EU.3.1.1.;Understanding health;true\n";
        let Some(CordisTable::LegalBasis(records)) = parse(legal.as_bytes()).unwrap().table else {
            panic!()
        };
        assert_eq!(records[0].legal_basis, "H2020-EU.3.1.1.");
        assert_eq!(records[0].unique_programme_part, Some(true));

        let web = "\"id\";\"projectID\";\"physUrl\";\"availableLanguages\";\"status\";\"archivedDate\";\"type\";\"source\";\"represents\"\n\"1\";\"2\";\"http://x\";\"en\";\"valid\";\"\";\"relatedWebsite\";\"\";\"project\"\n";
        let file = parse(web.as_bytes()).unwrap();
        assert_eq!(
            file.kind,
            CordisKind::Unused("webLink.csv (project web links)")
        );
        assert_eq!(file.table, None);
    }

    #[test]
    fn bom_crlf_blank_lines_and_reordered_columns() {
        let text = "\u{feff}acronym;id;extra;ecMaxContribution;objective\r\n\r\nA;1;x;1,5;\"two\r\nlines\"\r\nB;2;;;\r\n";
        let records = projects(text);
        assert_eq!(records.len(), 2);
        assert_eq!(
            (records[0].acronym.as_str(), records[0].id.as_str()),
            ("A", "1")
        );
        assert_eq!(records[0].line, Line(3));
        assert_eq!(records[0].objective.as_deref(), Some("two\r\nlines"));
        assert_eq!(records[0].ec_max_contribution, Some(1.5));
        assert_eq!(records[0].title, None);
        assert_eq!(records[1].line, Line(5));
        assert_eq!(detect(text.as_bytes()), Some(CordisKind::Projects));
    }

    #[test]
    fn header_without_records_warns() {
        let file = parse(ORGANISATION_HEADER.as_bytes()).unwrap();
        assert_eq!(file.table, Some(CordisTable::Participations(Vec::new())));
        assert_eq!(
            file.warnings,
            ["line 1: the file has a header but no records"]
        );
    }

    #[test]
    fn latin1_is_decoded_with_a_warning() {
        let mut bytes =
            b"projectID;organisationID;name;role;city\n1;2;A;participant;Stockholm\n".to_vec();
        bytes.extend_from_slice(b"1;3;CAF\xC9 \x80 EUROPE;participant;\xD6rebro\n");
        let file = parse(&bytes).unwrap();
        assert_eq!(
            file.warnings,
            ["line 3: the file is not UTF-8; it was read as Windows-1252 (Latin-1)"]
        );
        let Some(CordisTable::Participations(records)) = file.table else {
            panic!()
        };
        assert_eq!(records[1].name, "CAFÉ € EUROPE");
        assert_eq!(records[1].city.as_deref(), Some("Örebro"));
        assert_eq!(records[1].line, Line(3));
    }

    #[test]
    fn amounts() {
        let cases: [(&str, Option<f64>); 22] = [
            ("316579,00", Some(316_579.0)),
            ("316579.00", Some(316_579.0)),
            ("316579", Some(316_579.0)),
            ("-12,5", Some(-12.5)),
            ("1.234.567,89", Some(1_234_567.89)),
            ("1,234,567.89", Some(1_234_567.89)),
            ("1,234,567", Some(1_234_567.0)),
            ("1.234.567", Some(1_234_567.0)),
            ("1,234", Some(1.234)),
            ("1.5E+06", Some(1_500_000.0)),
            ("1,5e6", Some(1_500_000.0)),
            ("12,3,4", None),
            ("1.23,4", None),
            ("1,234.5,6", None),
            ("12,34,567", None),
            ("1,234,567e3", None),
            (",5", None),
            ("5,", None),
            ("abc", None),
            ("NaN", None),
            ("inf", None),
            ("1e999", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_amount(text), expected, "{text}");
        }
    }

    #[test]
    fn dates_flags_and_countries() {
        assert_eq!(parse_date("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(
            parse_date("2021-01-01 00:00:00").as_deref(),
            Some("2021-01-01")
        );
        for bad in [
            "2021-02-29",
            "1900-02-29",
            "2021-13-01",
            "2021-04-31",
            "2021-1-01",
            "01/06/2021",
            "2021-01-01x",
            "2021-01-00",
            "2é21-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_flag("TRUE"), Some(true));
        assert_eq!(parse_flag("0"), Some(false));
        assert_eq!(parse_flag("yes"), None);
        assert_eq!(parse_country("el"), Some(CountryCode::new("EL")));
        assert_eq!(parse_country("SWE"), None);
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(projects_current().as_bytes()),
            Some(CordisKind::Projects)
        );
        assert_eq!(
            detect(projects_legacy().as_bytes()),
            Some(CordisKind::Projects)
        );
        assert_eq!(
            detect(organisations_current().as_bytes()),
            Some(CordisKind::Organisations)
        );
        assert_eq!(
            detect(organisations_legacy().as_bytes()),
            Some(CordisKind::Organisations)
        );
        let kind = |header: &str| detect(format!("{header}\n1;2;3\n").as_bytes());
        assert_eq!(
            kind("projectID;euroSciVocCode;euroSciVocPath;euroSciVocTitle;euroSciVocDescription"),
            Some(CordisKind::FieldsOfScience)
        );
        assert_eq!(
            kind("\"projectID\";\"topic\";\"title\""),
            Some(CordisKind::Topics)
        );
        assert_eq!(
            kind("projectID;legalBasis;title;uniqueProgrammePart"),
            Some(CordisKind::LegalBasis)
        );
        assert_eq!(
            kind("language;availableLanguages;uri;title;type;source;represents"),
            Some(CordisKind::Unused("webItem.csv (web items)"))
        );
        assert_eq!(
            kind(
                "id;title;projectID;projectAcronym;attachment;contentUpdateDate;rcn;teaser;summary"
            ),
            Some(CordisKind::Unused("reportSummaries.csv (result summaries)"))
        );
        assert_eq!(
            kind("projectID;projectAcronym;policyPriority"),
            Some(CordisKind::Unused(
                "a CORDIS table partnergraph does not read"
            ))
        );
        // Required columns missing still count as the table, so the error can name them.
        assert_eq!(
            kind("projectID;organisationID;name"),
            Some(CordisKind::Organisations)
        );
        for other in [
            "id;name;email",
            "id;title;status;startDate;endDate",
            "hello world",
            "",
            "\n\n",
            "@prefix ex: <http://e/> .\nex:a ex:b ex:c .",
        ] {
            assert_eq!(detect(other.as_bytes()), None, "{other}");
        }
        assert_eq!(detect(&[0xFF, 0xFE, b'i', 0, b'd', 0]), None);
        assert_eq!(detect(&vec![b'a'; 100_000]), None);
    }

    #[test]
    fn not_cordis_says_what_was_found() {
        assert_eq!(
            error("id;name;email\n1;a;b\n"),
            "line 1: not a CORDIS export: expected the header of project.csv (id;acronym;…), organization.csv (projectID;…;organisationID;…;name;…;role;…), euroSciVoc.csv, topics.csv, legalBasis.csv or a legacy cordis-h2020*.csv file, but found id;name;email"
        );
        assert!(error("").ends_with("but found an empty file"));
        assert!(error("\n\nplain words\n").starts_with("line 3: not a CORDIS export"));
        assert!(error("\n\nplain words\n").ends_with("found \"plain words\""));
    }

    #[test]
    fn missing_columns_are_named() {
        assert_eq!(
            error("id;title;ecMaxContribution;frameworkProgramme;objective\n1;t;1;H2020;o\n"),
            "line 1, column acronym: missing from the header; the project.csv layout needs id and acronym"
        );
        assert_eq!(
            error("projectID;organisationID;name;city\n1;2;n;c\n"),
            "line 1, column role: missing from the header; the organization.csv layout needs projectID, organisationID, name and role"
        );
    }

    #[test]
    fn field_count_errors_name_the_column() {
        assert_eq!(
            error("projectID;topic;title\n1;T;x\n2;T\n"),
            "line 3, column title: the record has 2 fields where the header has 3"
        );
        assert_eq!(
            error("projectID;topic;title\n1;T;x;y\n"),
            "line 2, column title: the record has 4 fields where the header has 3"
        );
    }

    #[test]
    fn a_bad_value_after_a_multiline_record_has_the_right_line() {
        let text = format!(
            "{PROJECT_HEADER}\n{}\n{}\n{}\n",
            "\"1\";\"A\";\"\";\"\";\"\";\"\";\"1\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"one line\";\"\";\"\";\"\"",
            "\"2\";\"B\";\"\";\"\";\"\";\"\";\"2\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"three\nlines;\n\"\"here\"\"\";\"\";\"\";\"\"",
            "\"3\";\"C\";\"\";\"\";\"\";\"\";\"12,3,4\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\"",
        );
        assert_eq!(
            error(&text),
            "line 6, column totalCost: \"12,3,4\" is not an amount"
        );
    }

    #[test]
    fn bad_values_and_empty_required_fields() {
        let orgs = |row: &str| {
            format!(
                "projectID;organisationID;name;role;SME;country;order;endOfParticipation\n{row}\n"
            )
        };
        assert_eq!(
            error(&orgs("1;2;n;participant;yes;SE;1;false")),
            "line 2, column SME: \"yes\" is not true or false"
        );
        assert_eq!(
            error(&orgs("1;2;n;sponsor;;SE;1;false")),
            "line 2, column role: \"sponsor\" is not a CORDIS role (coordinator, participant, partner, thirdParty, associatedPartner, internationalPartner)"
        );
        assert_eq!(
            error(&orgs("1;2;n;;;SE;1;false")),
            "line 2, column role: empty, but every record needs a value here"
        );
        assert_eq!(
            error(&orgs("1;2;  ;partner;;SE;1;false")),
            "line 2, column name: empty, but every record needs a value here"
        );
        assert_eq!(
            error(&orgs("1;2;n;partner;;Sweden;1;false")),
            "line 2, column country: \"Sweden\" is not a two-letter country code"
        );
        assert_eq!(
            error(&orgs("1;2;n;partner;;SE;first;false")),
            "line 2, column order: \"first\" is not a whole number"
        );
        assert_eq!(
            error(&orgs("1;2;n;partner;;SE;1;maybe")),
            "line 2, column endOfParticipation: \"maybe\" is not true or false"
        );
        assert_eq!(
            error("id;acronym;startDate;ecMaxContribution\n1;A;2021-02-29;1\n"),
            "line 2, column startDate: \"2021-02-29\" is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            error("id;acronym;startDate;ecMaxContribution\n;A;2021-02-28;1\n"),
            "line 2, column id: empty, but every record needs a value here"
        );
    }

    #[test]
    fn unterminated_quotes_name_where_the_field_starts() {
        let text = "projectID;topic;title\n1;T;\"fine\"\n2;\"T\nstill T\";\"never\nclosed\n3;T;x\n";
        assert_eq!(
            error(text),
            "line 4, column title: a quoted field starts here and is never closed"
        );
        // An earlier broken record is reported first, as a sequential reader would.
        let text = "projectID;topic;title\n1;T\n2;T;\"never closed\n";
        assert_eq!(
            error(text),
            "line 2, column title: the record has 2 fields where the header has 3"
        );
    }

    #[test]
    fn duplicates_name_both_lines() {
        let text = format!(
            "{}{}",
            organisations_current(),
            "\"848146\";\"PAPA-ARTIS\";\"999979694\";\"\";\"OTHER\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"partner\";\"\";\"\";\"\";\"\";\"\"\n\"101017424\";\"3TR\";\"999999999\";\"\";\"REGION STOCKHOLM\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"partner\";\"\";\"\";\"\";\"\";\"\"\n"
        );
        assert_eq!(
            error(&text),
            "line 6, column organisationID: organisation 999999999 takes part in project 101017424 twice, at lines 3 and 6"
        );
        let text =
            "id;acronym;ecMaxContribution;frameworkProgramme\n1;A;1;H\n2;B;1;H\n\"1\";\"C\";1;H\n";
        assert_eq!(
            error(text),
            "line 4, column id: project 1 appears twice, at lines 2 and 4"
        );
    }

    /// A deterministic xorshift: tests need varied input, not a dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn generated_organisations(rows: usize, rng: &mut Rng) -> String {
        let mut text = format!("{ORGANISATION_HEADER}\r\n");
        for i in 0..rows {
            let name = match rng.below(4) {
                0 => format!("ORG {i}; \"\"QUOTED\"\""),
                1 => format!("ORG {i}\nSECOND LINE"),
                _ => format!("ORG {i}"),
            };
            let amount = match rng.below(3) {
                0 => String::new(),
                1 => format!("{},{:02}", rng.below(1_000_000), rng.below(100)),
                _ => format!("{}.5", rng.below(1_000_000)),
            };
            let role =
                ["coordinator", "participant", "thirdParty", "partner"][rng.below(4) as usize];
            text.push_str(&format!(
                "\"{}\";\"P\";\"{}\";\"\";\"{name}\";\"\";\"true\";\"HES\";\"\";\"\";\"Göteborg\";\"SE\";\"\";\"\";\"\";\"\";\"\";\"\";\"{}\";\"{role}\";\"{amount}\";\"{amount}\";\"\";\"false\";\"\"\r\n",
                i / 5,
                1_000_000 + i,
                i % 5 + 1,
            ));
        }
        text
    }

    #[test]
    fn parallel_and_sequential_parsing_agree() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let text = generated_organisations(20_000, &mut rng);
        let sequential = parse_in_chunks(text.as_bytes(), 1).unwrap();
        let Some(CordisTable::Participations(records)) = &sequential.table else {
            panic!()
        };
        assert_eq!(records.len(), 20_000);
        for chunks in [2, 3, 4, 7, 16, 64, 1000, 100_000] {
            assert_eq!(
                parse_in_chunks(text.as_bytes(), chunks).as_ref(),
                Ok(&sequential),
                "{chunks} chunks"
            );
        }

        let mut projects = projects_current();
        for i in 0..20_000 {
            projects.push_str(&format!(
                "{i};A{i};;;;;;;;;;;;;;;\"line one; \"\"q\"\"\nline two\";;;\n"
            ));
        }
        let sequential = parse_in_chunks(projects.as_bytes(), 1);
        assert!(sequential.is_ok());
        for chunks in [2, 5, 64, 999] {
            assert_eq!(
                parse_in_chunks(projects.as_bytes(), chunks),
                sequential,
                "{chunks} chunks"
            );
        }
    }

    #[test]
    fn stray_quotes_in_unquoted_fields_still_cut_right() {
        // Quote parity is wrong here (`12"` is text to csv-core), so the exact walk must cut.
        let mut text = String::from("projectID;topic;title\n");
        for i in 0..3000 {
            let title = if i % 100 == 7 {
                "a 12\" screen"
            } else {
                "plain"
            };
            text.push_str(&format!("{i};T{i};{title}\n{i};U{i};\"multi\nline\"\n"));
        }
        let bytes = text.as_bytes();
        let start = Header::read(bytes).unwrap().data_start;
        let cuts = proposed_cuts(bytes, start, 50);
        let misplaced = cuts.windows(2).rev().skip(1);
        assert!(
            misplaced
                .into_iter()
                .any(|cut| unclosed_quote(&bytes[cut[0]..cut[1]]).is_some())
        );
        let sequential = parse_in_chunks(text.as_bytes(), 1).unwrap();
        let Some(CordisTable::Topics(records)) = &sequential.table else {
            panic!()
        };
        assert_eq!(records.len(), 6000);
        assert_eq!(records[14].title.as_deref(), Some("a 12\" screen"));
        for chunks in [2, 3, 8, 50] {
            assert_eq!(
                parse_in_chunks(text.as_bytes(), chunks).as_ref(),
                Ok(&sequential)
            );
        }
    }

    #[test]
    fn random_csv_parses_the_same_in_any_number_of_chunks() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = b"\"\";;\n\r a1\xFF";
        for _ in 0..1200 {
            let mut bytes = b"projectID;topic;title\n".to_vec();
            let len = rng.below(120);
            bytes.extend((0..len).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]));
            let sequential = parse_in_chunks(&bytes, 1);
            for chunks in [2, 3, 7] {
                assert_eq!(
                    parse_in_chunks(&bytes, chunks),
                    sequential,
                    "{:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
    }

    #[test]
    fn never_panics_on_prefixes_or_random_bytes() {
        let fixtures = [
            projects_current(),
            organisations_current(),
            projects_legacy(),
            organisations_legacy(),
        ];
        for fixture in &fixtures {
            let bytes = fixture.as_bytes();
            for end in (0..=bytes.len()).step_by(37) {
                let _ = detect(&bytes[..end]);
                for chunks in [1, 3] {
                    let _ = parse_in_chunks(&bytes[..end], chunks);
                }
            }
        }
        let mut rng = Rng(42);
        for _ in 0..2000 {
            let len = rng.below(300) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let _ = detect(&bytes);
            let _ = parse(&bytes);
            // Random bodies under a real header reach the record code.
            let mut under_header = format!("{ORGANISATION_HEADER}\n").into_bytes();
            under_header.append(&mut bytes);
            let _ = parse_in_chunks(&under_header, 4);
        }
    }
}

#[cfg(test)]
mod properties {
    //! No bytes make the CORDIS parser panic, and its errors cite lines of the file.
    use super::*;
    use crate::ingest::damage;
    use proptest::prelude::*;

    const FIXTURES: [&[u8]; 3] = [
        include_bytes!("../../tests/fixtures/cordis/h2020/project.csv"),
        include_bytes!("../../tests/fixtures/cordis/h2020/organization.csv"),
        include_bytes!("../../tests/fixtures/cordis/h2020/euroSciVoc.csv"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_give_a_file_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = detect(&bytes);
            let _ = parse(&bytes);
        }

        #[test]
        fn damaged_exports_fail_at_lines_they_have(fixture in 0..FIXTURES.len(), edits in damage::edits(), latin1 in any::<bool>()) {
            let text = damage::apply(std::str::from_utf8(FIXTURES[fixture]).unwrap(), &edits);
            // Real exports also come in Latin-1: the same damage, encoded so where it can be.
            let bytes: Vec<u8> = if latin1 {
                text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
            } else {
                text.clone().into_bytes()
            };
            if let Err(e) = parse(&bytes) {
                prop_assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e}");
                damage::assert_lines_within(&e.to_string(), &text);
            }
        }
    }
}
