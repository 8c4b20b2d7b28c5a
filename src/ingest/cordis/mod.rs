//! CORDIS open-data exports into typed records: `project`, `organization`, `euroSciVoc`,
//! `topics` and `legalBasis` tables in every format CORDIS publishes them — semicolon CSV
//! (current and legacy `cordis-h2020*.csv` layouts), JSON and XLSX — recognised by their columns
//! and never by file name. Every format reads into the same rows, so the same release gives the
//! same records whatever its format.
//!
//! Real exports carry quirks (`quality`): they are repaired by fixed rules, counted and kept as
//! provenance; rows that cannot be read are rejected with their line and reason, and the rest of
//! the file is read. A strict read fails on the first of either instead.
//!
//! CSV is read in parallel chunks (`csv`); UTF-8 is checked per record as part of that read, and
//! a file that is not UTF-8 has its other lines decoded as Windows-1252 and is read again. A
//! spreadsheet's UTF-16 "Unicode text" is decoded first (`encoding`). The header is the first
//! line that names a CORDIS table's columns, so titles a spreadsheet user put above it are
//! skipped.

mod amounts;
mod chunked;
mod dates;
mod encoding;
mod evidence;
mod json;
pub mod quality;
mod rows;
mod values;
mod xlsx;

use crate::model::{CountryCode, Line, Pic, ProjectId, Role};
use amounts::{AmountEvidence, AmountMarks};
use chunked::{count, csv_reader, parse_table};
use dates::{DateEvidence, DateOrders};
use memchr::memchr;
use quality::{Quality, Quirk, Repair};
use rows::Table;
use std::fmt;
use values::shorten;
pub use xlsx::WorkbookError;

/// How an export is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadPolicy {
    /// Fail on the first anomaly or unreadable row instead of repairing or rejecting it.
    pub strict: bool,
}

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
    /// `contentUpdateDate` as written: which of two records of one project is the more recent.
    pub content_update: Option<String>,
    pub rcn: Option<String>,
    /// What reading the record repaired.
    pub repairs: Vec<Repair>,
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
    pub street: Option<String>,
    /// With leading zeros given back where a spreadsheet dropped them.
    pub post_code: Option<String>,
    pub city: Option<String>,
    /// Upper-cased two-letter code as CORDIS writes it (`EL`, `UK`).
    pub country: Option<CountryCode>,
    pub nuts_code: Option<String>,
    /// `"lat,lon"` as written: only ever displayed, so not parsed.
    pub geolocation: Option<String>,
    pub url: Option<String>,
    pub order: Option<u32>,
    /// The role class, when the code is one partnergraph knows.
    pub role: Option<Role>,
    /// The role as CORDIS codes it (`participant`), or as written when it has no class.
    pub role_label: String,
    pub ec_contribution: Option<f64>,
    pub net_ec_contribution: Option<f64>,
    pub total_cost: Option<f64>,
    pub end_of_participation: Option<bool>,
    /// The `active` flag of current exports.
    pub active: Option<bool>,
    pub content_update: Option<String>,
    /// What reading the row repaired.
    pub repairs: Vec<Repair>,
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
            &mut self.street,
            &mut self.post_code,
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
    /// What was repaired, and the rows that could not be read.
    pub quality: Quality,
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
    #[error(
        "the column appears twice in the header (also as column {first}); rename or remove one"
    )]
    DuplicateColumn { first: usize },
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
    /// A date that reads day first and month first, in a column whose other dates are written
    /// both ways: which it is cannot be told.
    #[error(
        "{value:?} may be day first or month first, and this column has dates of both orders (day first at line {}: {:?}; month first at line {}: {:?})",
        orders[0].0, orders[0].1, orders[1].0, orders[1].1
    )]
    AmbiguousDate {
        value: String,
        /// The column's first day-first and first month-first date, each with its line (boxed:
        /// every error of the crate carries this enum).
        orders: Box<[(usize, String); 2]>,
    },
    /// An amount that reads as grouped thousands and with three decimals (`450,000`), in a
    /// column whose other amounts are written with both decimal marks: which it is cannot be
    /// told.
    #[error(
        "{value:?} may group thousands or have three decimals, and this column has amounts with both decimal marks (a decimal point at line {}: {:?}; a decimal comma at line {}: {:?})",
        marks[0].0, marks[0].1, marks[1].0, marks[1].1
    )]
    AmbiguousAmount {
        value: String,
        /// The column's first amount grouped with a decimal point, and first with a decimal
        /// comma, each with its line.
        marks: Box<[(usize, String); 2]>,
    },
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

/// The format an export is in, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
    /// An Office Open XML workbook (a zip).
    Xlsx,
}

fn format_of(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Xlsx;
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[' | b'{') => Format::Json,
        _ => Format::Csv,
    }
}

/// Detects a CORDIS export by its columns; None if the bytes are not one. `bytes` may be only
/// the start of a file (its first 64 KiB): CSV and JSON are told by their header or first
/// record; a workbook needs the whole file.
pub fn detect(bytes: &[u8]) -> Option<CordisKind> {
    let utf16 = encoding::from_utf16(bytes);
    let bytes = strip_bom(utf16.as_ref().map_or(bytes, String::as_bytes));
    match format_of(bytes) {
        Format::Csv => Header::read(bytes).and_then(|header| classify(&header)),
        Format::Json => json::header(bytes).and_then(|header| classify(&header)),
        Format::Xlsx => xlsx::header(bytes).and_then(|header| classify(&header)),
    }
}

/// Why a workbook (all of its bytes) holds no CORDIS table: it cannot be read, or none of its
/// sheets has a CORDIS header. None when it holds one.
pub fn workbook_problem(bytes: &[u8]) -> Option<WorkbookError> {
    xlsx::problem(strip_bom(bytes))
}

/// Parses a CORDIS export, repairing known quirks and rejecting unreadable rows (see
/// [`ReadPolicy`]). Lines of CSV that are not UTF-8 are read as Windows-1252 (a superset of
/// Latin-1), counted; UTF-16 text is decoded.
pub fn parse(bytes: &[u8], policy: ReadPolicy) -> Result<CordisFile, CordisError> {
    let utf16 = encoding::from_utf16(bytes);
    let bytes = strip_bom(utf16.as_ref().map_or(bytes, String::as_bytes));
    match format_of(bytes) {
        Format::Csv => parse_in_chunks(bytes, default_chunk_count(bytes.len()), policy),
        Format::Json => {
            let (header, rows) = json::rows(bytes)?;
            read_rows(header, rows, policy)
        }
        Format::Xlsx => {
            let (header, rows) = xlsx::rows(bytes)?;
            read_rows(header, rows, policy)
        }
    }
}

/// Chunks of at least 1 MiB, two per thread: enough to balance uneven chunks, and few enough
/// that joining them (all but the first are copied) stays cheap.
fn default_chunk_count(len: usize) -> usize {
    (len >> 20).clamp(1, rayon::current_num_threads() * 2)
}

fn parse_in_chunks(
    bytes: &[u8],
    chunks: usize,
    policy: ReadPolicy,
) -> Result<CordisFile, CordisError> {
    // UTF-8 is checked as records are read (in parallel) instead of in a sequential pre-pass;
    // only a file that turns out not to be UTF-8 is decoded and read again.
    match parse_text(bytes, chunks, policy) {
        Ok(file) => return Ok(file),
        Err(Failure::Cordis(error)) if std::str::from_utf8(bytes).is_ok() => return Err(error),
        Err(_) => {}
    }
    let (text, lines) = encoding::windows_1252_lines(bytes);
    let mut file = parse_text(text.as_bytes(), chunks, policy).map_err(Failure::into_error)?;
    let first = lines.first().copied().unwrap_or(1);
    file.warnings.insert(
        0,
        format!(
            "line {first}: the file is not UTF-8; {} read as Windows-1252 (Latin-1)",
            match lines.len() {
                1 => "this line was".to_owned(),
                n => format!("{n} lines were"),
            }
        ),
    );
    let line_text = |n: usize| text.split('\n').nth(n - 1).unwrap_or_default().trim_end();
    for &line in &lines {
        file.quality.note(Quirk::Latin1, line, || {
            format!("{:?}", shorten(line_text(line), 80))
        });
    }
    Ok(file)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
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

fn parse_text(bytes: &[u8], chunks: usize, policy: ReadPolicy) -> Result<CordisFile, Failure> {
    let header = Header::read(bytes).ok_or_else(|| not_cordis(bytes))?;
    let kind = kind_of(&header)?;
    if std::str::from_utf8(&bytes[..header.data_start]).is_err() {
        return Err(Failure::NotUtf8 { line: header.line });
    }
    read_table(kind, &header, policy, Reader::Csv(bytes, chunks))
}

/// Rows of a JSON or spreadsheet export: each with its line (or row number) and its fields in
/// the header's order.
pub(super) type Rows = Vec<(usize, Vec<String>)>;

fn read_rows(header: Header, rows: Rows, policy: ReadPolicy) -> Result<CordisFile, CordisError> {
    let kind = kind_of(&header).map_err(Failure::into_error)?;
    read_table(kind, &header, policy, Reader::Rows(&rows)).map_err(Failure::into_error)
}

/// The table a header belongs to, or why it is none; also refuses a header that names a column
/// twice, which would leave one of them unread.
fn kind_of(header: &Header) -> Result<CordisKind, Failure> {
    let kind = classify(header).ok_or_else(|| CordisError {
        line: header.line,
        column: None,
        problem: CordisProblem::NotCordis {
            found: shorten(&header.names.join(";"), 300),
        },
    })?;
    for (i, name) in header.names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = header.names[..i].iter().position(|n| same_name(n, name)) {
            return Err(CordisError {
                line: header.line,
                column: Some(name.clone()),
                problem: CordisProblem::DuplicateColumn { first: first + 1 },
            }
            .into());
        }
    }
    Ok(kind)
}

/// Where a table's records come from: the CSV reader, or rows already split into fields.
enum Reader<'a> {
    Csv(&'a [u8], usize),
    Rows(&'a Rows),
}

impl Reader<'_> {
    /// The records, read once with every date column in the default order and every amount
    /// column's lone separators as grouping; read again in the orders the dates and the decimal
    /// marks the amounts turned out to have, when that reads some value otherwise (rarely: a
    /// file re-saved by a spreadsheet in a month-first locale, or one whose amounts read either
    /// way in a column or file that shows its mark).
    fn read<T: Table>(
        &self,
        header: &Header,
        policy: ReadPolicy,
    ) -> Result<(Vec<T>, Quality), Failure> {
        let first = (&DateOrders::default(), &AmountMarks::default());
        let (records, mut quality) = self.read_with(header, policy, first)?;
        let dates = std::mem::take(&mut quality.dates);
        let amounts = std::mem::take(&mut quality.amounts);
        let orders = DateOrders::resolve(&dates);
        let marks = AmountMarks::resolve(&amounts);
        if !orders.change(&dates) && !marks.change(&amounts) {
            return Ok((records, quality));
        }
        drop(records);
        let (records, mut quality) = self.read_with(header, policy, (&orders, &marks))?;
        quality.dates = DateEvidence::default();
        quality.amounts = AmountEvidence::default();
        Ok((records, quality))
    }

    fn read_with<T: Table>(
        &self,
        header: &Header,
        policy: ReadPolicy,
        conventions: (&DateOrders, &AmountMarks),
    ) -> Result<(Vec<T>, Quality), Failure> {
        match self {
            Self::Csv(bytes, chunks) => parse_table(bytes, header, *chunks, policy, conventions),
            Self::Rows(rows) => {
                rows::convert_all(rows, header, policy, conventions).map_err(Failure::from)
            }
        }
    }
}

fn read_table(
    kind: CordisKind,
    header: &Header,
    policy: ReadPolicy,
    reader: Reader<'_>,
) -> Result<CordisFile, Failure> {
    let strict = policy.strict;
    let (table, quality, empty) = match kind {
        CordisKind::Projects => {
            let (mut records, mut quality) = reader.read::<ProjectRecord>(header, policy)?;
            quality::resolve_projects(&mut records, &mut quality, header, strict)?;
            let empty = records.is_empty();
            (Some(CordisTable::Projects(records)), quality, empty)
        }
        CordisKind::Organisations => {
            let (mut records, mut quality) = reader.read::<ParticipationRecord>(header, policy)?;
            quality::resolve_participations(&mut records, &mut quality, header, strict)?;
            let empty = records.is_empty();
            (Some(CordisTable::Participations(records)), quality, empty)
        }
        CordisKind::FieldsOfScience => {
            let (records, quality) = reader.read(header, policy)?;
            let empty = Vec::is_empty(&records);
            (Some(CordisTable::FieldsOfScience(records)), quality, empty)
        }
        CordisKind::Topics => {
            let (records, quality) = reader.read(header, policy)?;
            let empty = Vec::is_empty(&records);
            (Some(CordisTable::Topics(records)), quality, empty)
        }
        CordisKind::LegalBasis => {
            let (records, quality) = reader.read(header, policy)?;
            let empty = Vec::is_empty(&records);
            (Some(CordisTable::LegalBasis(records)), quality, empty)
        }
        CordisKind::Unused(_) => (None, Quality::default(), false),
    };
    let mut warnings = Vec::new();
    if let Some(title) = &header.above {
        warnings.push(format!(
            "line {}: the table starts here; the lines above it were skipped ({:?})",
            header.line,
            shorten(title, 80)
        ));
    }
    if empty && quality.rejects.is_empty() {
        warnings.push(format!(
            "line {}: the file has a header but no records",
            header.line
        ));
    }
    Ok(CordisFile {
        kind,
        table,
        warnings,
        quality,
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

/// A header row: the column names as written, where the data after it starts, and the
/// delimiter between its fields.
#[derive(Debug)]
pub(super) struct Header {
    names: Vec<String>,
    line: usize,
    data_start: usize,
    delimiter: u8,
    /// The first non-blank line above the header, when there is one (a title).
    above: Option<String>,
}

/// Whether two column names are the same, ignoring case and anything but letters and digits:
/// exports disagree on `organizationURL`/`organizationUrl`, web-search exports write
/// `Project ID` for `projectID`.
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<Vec<_>>()
    };
    a.eq_ignore_ascii_case(b) || letters(a) == letters(b)
}

/// The delimiter a header line uses: of `;` (CORDIS's), `,` (a spreadsheet's default), tab and
/// `|`, the one found most often outside quotes; `;` when none is.
fn delimiter_of(line: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
            counts[i] += 1;
        }
    }
    // The first of the most frequent: a tie keeps CORDIS's own delimiter.
    let best = (0..CANDIDATES.len())
        .rev()
        .max_by_key(|&i| counts[i])
        .unwrap_or(0);
    CANDIDATES[best]
}

impl Header {
    /// The header row: the first non-blank line that names a CORDIS table's columns among the
    /// first few (a title or a note a spreadsheet user put above the table is skipped), else
    /// the first non-blank line; None if that has fewer than two columns. Header names never
    /// hold newlines, so only lines are read: detection stays cheap on any input.
    fn read(bytes: &[u8]) -> Option<Header> {
        /// Lines looked at for the header: a title, a date and blank lines fit.
        const SEARCHED: usize = 10;
        let mut first: Option<Header> = None;
        let mut from = 0;
        for _ in 0..SEARCHED {
            let Some(header) = Self::line_at(bytes, from) else {
                break;
            };
            if header.names.len() >= 2 && classify(&header).is_some() {
                return Some(Header {
                    above: first.map(|title| title.names.join(" ")),
                    ..header
                });
            }
            from = header.data_start;
            first.get_or_insert(header);
        }
        first.filter(|header| header.names.len() >= 2)
    }

    /// The first non-blank line at or after `from`, split at the delimiter it uses, its empty
    /// last fields dropped (a spreadsheet pads rows to its widest one).
    fn line_at(bytes: &[u8], from: usize) -> Option<Header> {
        const LONGEST: usize = 64 * 1024;
        let start = from
            + bytes[from..]
                .iter()
                .position(|b| !matches!(b, b'\r' | b'\n'))?;
        let rest = &bytes[start..];
        let end = memchr(b'\n', &rest[..rest.len().min(LONGEST)]);
        if end.is_none() && rest.len() > LONGEST {
            return None;
        }
        let data_start = end.map_or(bytes.len(), |end| start + end + 1);
        let line = &rest[..end.unwrap_or(rest.len())];
        let delimiter = delimiter_of(line);
        let mut reader = csv_reader(line, delimiter);
        let mut record = csv::ByteRecord::new();
        reader.read_byte_record(&mut record).ok()?;
        let mut names: Vec<String> = record
            .iter()
            .map(|name| String::from_utf8_lossy(name).trim().to_owned())
            .collect();
        while names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        Some(Header {
            names,
            line: 1 + count(b'\n', &bytes[..start]),
            data_start,
            delimiter,
            above: None,
        })
    }

    /// A header of the given column names, at `line`, for formats without a header row.
    fn of(names: Vec<String>, line: usize) -> Self {
        Self {
            names,
            line,
            data_start: 0,
            delimiter: b';',
            above: None,
        }
    }

    /// The first of `aliases` present, compared by [`same_name`].
    fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.names.iter().position(|name| same_name(name, alias)))
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
    // The columns of `project.csv` in its current and legacy layouts (FP7's `reference` is the
    // grant number), and of the web search's export (`Project ID`).
    const PROJECT_COLUMNS: &str = "id reference acronym status title startDate endDate totalCost \
        ecMaxContribution legalBasis topics ecSignatureDate frameworkProgramme masterCall \
        fundingScheme objective grantDoi programme rcn";
    let distinctive = [
        "acronym",
        "ecMaxContribution",
        "frameworkProgramme",
        "fundingScheme",
    ];
    let project_like = PROJECT_COLUMNS
        .split_whitespace()
        .filter(|name| has(name))
        .count()
        >= 4
        && distinctive.iter().any(|name| has(name));
    // FP7's legacy organisations name the grant `projectReference`.
    if has("projectID") || has("projectReference") || has("projectRcn") {
        // An organisation row names the organisation or its role; other tables keyed by
        // project and organisation (ERC's principal investigators) do neither.
        let names_or_roles = has("name") || has("role");
        return if (has("organisationID") || has("id")) && names_or_roles {
            Some(CordisKind::Organisations)
        } else if project_like {
            Some(CordisKind::Projects)
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
        } else if has("firstName") || has("lastName") {
            Some(CordisKind::Unused("principal investigators"))
        } else if has("climate") || has("digitalAgenda") || has("biodiversity") {
            Some(CordisKind::Unused(
                "policyPriorities.csv (policy priorities)",
            ))
        } else {
            // Keyed by the grant number, and none of the above: a table CORDIS added since.
            Some(CordisKind::Unused(
                "a CORDIS table partnergraph does not read",
            ))
        };
    }
    if has("uri") && has("represents") && has("availableLanguages") {
        return Some(CordisKind::Unused("webItem.csv (web items)"));
    }
    project_like.then_some(CordisKind::Projects)
}

#[cfg(test)]
mod tests {
    use super::chunked::{proposed_cuts, unclosed_quote};
    use super::quality::Quirk;
    use super::values::{parse_country, parse_date, parse_flag, read_amount};
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
        match parse(text.as_bytes(), LENIENT).map(|file| file.table) {
            Ok(Some(CordisTable::Projects(records))) => records,
            other => panic!("not projects: {other:?}"),
        }
    }

    fn participations(bytes: &[u8]) -> Vec<ParticipationRecord> {
        match parse(bytes, LENIENT).map(|file| file.table) {
            Ok(Some(CordisTable::Participations(records))) => records,
            other => panic!("not participations: {other:?}"),
        }
    }

    const STRICT: ReadPolicy = ReadPolicy { strict: true };
    const LENIENT: ReadPolicy = ReadPolicy { strict: false };

    /// The error of a strict read, which fails where earlier versions did.
    fn error(text: &str) -> String {
        match parse(text.as_bytes(), STRICT) {
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
        assert_eq!(orebro.role, Some(Role::Participant));
        assert_eq!(orebro.ec_contribution, Some(316_579.0));
        assert_eq!(orebro.net_ec_contribution, Some(316_579.0));
        assert_eq!(orebro.total_cost, Some(316_579.0));
        assert_eq!(orebro.end_of_participation, Some(false));
        assert_eq!(orebro.active, Some(true));
        assert_eq!(orebro.line, Line(2));

        let stockholm = &records[1];
        assert_eq!(stockholm.role, Some(Role::ThirdParty));
        assert_eq!(stockholm.sme, None);
        assert_eq!(stockholm.vat_number, None);
        assert_eq!(stockholm.ec_contribution, None);
        assert_eq!(stockholm.total_cost, None);
        assert_eq!(stockholm.active, None);

        let lmu = &records[2];
        assert_eq!(lmu.role, Some(Role::Coordinator));
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
        let file = parse(fos.as_bytes(), LENIENT).unwrap();
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
        let Some(CordisTable::Topics(records)) = parse(topics.as_bytes(), LENIENT).unwrap().table
        else {
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
        let Some(CordisTable::LegalBasis(records)) =
            parse(legal.as_bytes(), LENIENT).unwrap().table
        else {
            panic!()
        };
        assert_eq!(records[0].legal_basis, "H2020-EU.3.1.1.");
        assert_eq!(records[0].unique_programme_part, Some(true));

        let web = "\"id\";\"projectID\";\"physUrl\";\"availableLanguages\";\"status\";\"archivedDate\";\"type\";\"source\";\"represents\"\n\"1\";\"2\";\"http://x\";\"en\";\"valid\";\"\";\"relatedWebsite\";\"\";\"project\"\n";
        let file = parse(web.as_bytes(), LENIENT).unwrap();
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
        let file = parse(ORGANISATION_HEADER.as_bytes(), LENIENT).unwrap();
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
        let file = parse(&bytes, LENIENT).unwrap();
        assert_eq!(
            file.warnings,
            ["line 3: the file is not UTF-8; this line was read as Windows-1252 (Latin-1)"]
        );
        assert_eq!(file.quality.tallies[&Quirk::Latin1].line, 3);
        let Some(CordisTable::Participations(records)) = file.table else {
            panic!()
        };
        assert_eq!(records[1].name, "CAFÉ € EUROPE");
        assert_eq!(records[1].city.as_deref(), Some("Örebro"));
        assert_eq!(records[1].line, Line(3));
    }

    #[test]
    fn a_spreadsheet_resave_in_a_european_locale() {
        // A title and a blank padded line above the header, CRLF, padding after the last column,
        // day-first dates, grouped amounts with a decimal comma, a UTF-8 BOM.
        let text = "\u{feff}CORDIS projects;;;;;;\r\n;;;;;;\r\n\
                    id;acronym;startDate;totalCost;ecMaxContribution;contentUpdateDate;\r\n\
                    7;A;1/3/2021;1.234.567,89;1\u{a0}000\u{a0}000,00;15/01/2024 12:00;\r\n\
                    7;A;31.12.2020;250 000 EUR;;02/01/2024 09:30;;\r\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        assert_eq!(
            file.warnings,
            [
                "line 3: the table starts here; the lines above it were skipped (\"CORDIS projects\")"
            ]
        );
        let Some(CordisTable::Projects(records)) = file.table else {
            panic!("{:?}", file.quality)
        };
        // The later contentUpdateDate wins, compared as the ISO text it was rewritten to.
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].line, Line(4));
        assert_eq!(records[0].start_date.as_deref(), Some("2021-03-01"));
        assert_eq!(records[0].total_cost, Some(1_234_567.89));
        assert_eq!(records[0].ec_max_contribution, Some(1_000_000.0));
        assert_eq!(
            records[0].content_update.as_deref(),
            Some("2024-01-15 12:00:00")
        );
        let counts = |quirk| file.quality.tallies.get(&quirk).map(|t| t.count);
        assert_eq!(counts(Quirk::LocalDate), Some(4));
        assert_eq!(counts(Quirk::FormattedAmount), Some(3));
        assert_eq!(counts(Quirk::DecimalComma), Some(2));
        assert_eq!(detect(text.as_bytes()), Some(CordisKind::Projects));
        // A strict read takes these spellings as it takes a decimal comma.
        assert!(
            parse(text.as_bytes(), ReadPolicy { strict: true })
                .is_err_and(|e| matches!(e.problem, CordisProblem::DuplicateProject { .. }))
        );
    }

    #[test]
    fn a_spreadsheet_resave_in_a_us_locale() {
        // Commas, month-first dates with two-digit years in one column and four in the other,
        // update times on the 12-hour clock, amounts grouped by commas (so quoted).
        let text = "id,acronym,startDate,endDate,ecMaxContribution,contentUpdateDate\r\n\
                    1,A,1/3/20,12/31/2023,\"1,234,567.89\",8/1/2022 4:42:46 PM\r\n\
                    2,B,2/1/21,1/2/2024,\"250,000.00\",8/1/2022 10:00:00 AM\r\n\
                    3,C,6/30/84,6/29/1988,,8/1/2022 12:05 AM\r\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        let Some(CordisTable::Projects(records)) = &file.table else {
            panic!("{:?}", file.quality)
        };
        let dates: Vec<_> = records
            .iter()
            .map(|r| {
                (
                    r.start_date.as_deref().unwrap(),
                    r.end_date.as_deref().unwrap(),
                    r.content_update.as_deref().unwrap(),
                )
            })
            .collect();
        // The start dates read either way; the end dates of the same file are month first.
        assert_eq!(
            dates,
            [
                ("2020-01-03", "2023-12-31", "2022-08-01 16:42:46"),
                ("2021-02-01", "2024-01-02", "2022-08-01 10:00:00"),
                ("1984-06-30", "1988-06-29", "2022-08-01 00:05:00"),
            ]
        );
        assert_eq!(records[0].ec_max_contribution, Some(1_234_567.89));
        assert_eq!(file.quality.tallies[&Quirk::LocalDate].count, 9);
        assert!(file.quality.rejects.is_empty());
        // A strict read takes the spelling of dates as it takes a decimal comma.
        assert_eq!(parse(text.as_bytes(), STRICT).unwrap().table, file.table);
        // The same rows as JSON, as a spreadsheet exporting its cells as text would write them
        // (and as the workbook reader gives text cells): read the same way.
        let json = "[{\"id\": \"1\", \"acronym\": \"A\", \"startDate\": \"1/3/20\", \"endDate\": \"12/31/2023\"},\n\
                    {\"id\": \"2\", \"acronym\": \"B\", \"startDate\": \"2/1/21\", \"endDate\": \"1/2/2024\"}]";
        let Ok(Some(CordisTable::Projects(from_json))) =
            parse(json.as_bytes(), LENIENT).map(|f| f.table)
        else {
            panic!()
        };
        let starts: Vec<_> = from_json.iter().map(|r| r.start_date.as_deref()).collect();
        assert_eq!(starts, [Some("2020-01-03"), Some("2021-02-01")]);
    }

    #[test]
    fn a_resave_in_a_year_first_locale() {
        // East Asian locales write the year first, Hungarian with a point after the day; the
        // month comes before the day in both, so no column evidence is needed.
        let text = "id;acronym;startDate;endDate;contentUpdateDate\n\
                    1;A;2020/1/3;2023.12.31.;2022/08/01 16:42:46\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        let Some(CordisTable::Projects(records)) = &file.table else {
            panic!("{:?}", file.quality)
        };
        let r = &records[0];
        assert_eq!(
            (
                r.start_date.as_deref(),
                r.end_date.as_deref(),
                r.content_update.as_deref()
            ),
            (
                Some("2020-01-03"),
                Some("2023-12-31"),
                Some("2022-08-01 16:42:46")
            )
        );
        assert_eq!(file.quality.tallies[&Quirk::LocalDate].count, 3);
    }

    #[test]
    fn each_date_column_takes_the_order_its_values_show() {
        // Day first in one column, month first in the other: each read its own way, and a
        // column with no telling value takes the default, day first.
        let text = "projectID;organisationID;name;role;contentUpdateDate\n\
                    1;9;A;participant;13/1/2024 12:00\n\
                    2;9;A;participant;2/1/2024 12:00\n";
        let records = participations(text.as_bytes());
        let updates: Vec<_> = records
            .iter()
            .map(|r| r.content_update.as_deref())
            .collect();
        assert_eq!(
            updates,
            [Some("2024-01-13 12:00:00"), Some("2024-01-02 12:00:00")]
        );
        let text = "id;acronym;startDate;endDate;ecMaxContribution\n\
                    1;A;2/1/2020;31/1/2024;1\n\
                    2;B;1/31/2020;2/1/2024;1\n";
        let starts: Vec<_> = projects(text)
            .into_iter()
            .map(|r| (r.start_date, r.end_date))
            .collect();
        assert_eq!(
            starts,
            [
                (Some("2020-02-01".into()), Some("2024-01-31".into())),
                (Some("2020-01-31".into()), Some("2024-01-02".into())),
            ]
        );
        // Nothing tells: day first.
        assert_eq!(
            projects("id;acronym;startDate;ecMaxContribution\n1;A;2/1/2020;1\n")[0].start_date,
            Some("2020-01-02".into())
        );
    }

    #[test]
    fn dates_of_both_orders_in_one_column_are_not_guessed() {
        // Line 2 is day first, line 3 month first, line 4 either: it is rejected, saying why;
        // the values that tell their order are read as they tell it.
        let text = "id;acronym;startDate;ecMaxContribution\n\
                    1;A;31/01/2020;1\n\
                    2;B;01/31/2021;1\n\
                    3;C;02/03/2022;1\n\
                    4;D;;1\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        let Some(CordisTable::Projects(records)) = &file.table else {
            panic!()
        };
        let kept: Vec<_> = records
            .iter()
            .map(|r| (r.id.as_str(), r.start_date.as_deref()))
            .collect();
        assert_eq!(
            kept,
            [
                ("1", Some("2020-01-31")),
                ("2", Some("2021-01-31")),
                ("4", None)
            ]
        );
        let reason = "line 4, column startDate: \"02/03/2022\" may be day first or month first, and this column has dates of both orders (day first at line 2: \"31/01/2020\"; month first at line 3: \"01/31/2021\")";
        let rejects: Vec<String> = file
            .quality
            .rejects
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(rejects, [reason]);
        assert_eq!(file.quality.tallies[&Quirk::Rejected].count, 1);
        assert_eq!(error(text), reason);
    }

    #[test]
    fn amounts_that_read_either_way_follow_their_column_then_the_file() {
        let amounts = |text: &str| -> Vec<_> {
            projects(text)
                .into_iter()
                .map(|r| (r.total_cost, r.ec_max_contribution))
                .collect()
        };
        // US: the total costs show a decimal point; the contributions follow the file.
        let us = "id;acronym;totalCost;ecMaxContribution\n\
                  1;A;1,234,567.50;450,000\n\
                  2;B;450,000;12.500\n";
        assert_eq!(
            amounts(us),
            [
                (Some(1_234_567.5), Some(450_000.0)),
                (Some(450_000.0), Some(12.5))
            ]
        );
        // European: the same, the other way round.
        let european = "id;acronym;totalCost;ecMaxContribution\n\
                        1;A;1.234.567,50;450.000\n\
                        2;B;450.000;12,500\n";
        assert_eq!(
            amounts(european),
            [
                (Some(1_234_567.5), Some(450_000.0)),
                (Some(450_000.0), Some(12.5))
            ]
        );
        // A column's own mark wins over the file's.
        let own = "id;acronym;totalCost;ecMaxContribution\n\
                   1;A;1,234,567.50;1.500.000\n\
                   2;B;2,000;450.000\n";
        assert_eq!(
            amounts(own),
            [
                (Some(1_234_567.5), Some(1_500_000.0)),
                (Some(2_000.0), Some(450_000.0))
            ]
        );
        // Nothing tells: grouping, as euro amounts are kept to the cent.
        let silent = "id;acronym;totalCost;ecMaxContribution\n\
                      1;A;450,000;450.000\n\
                      2;B;316579,00;450000.0\n";
        assert_eq!(
            amounts(silent),
            [
                (Some(450_000.0), Some(450_000.0)),
                (Some(316_579.0), Some(450_000.0))
            ]
        );
        let file = parse(silent.as_bytes(), LENIENT).unwrap();
        assert_eq!(file.quality.tallies[&Quirk::FormattedAmount].count, 2);
        assert_eq!(file.quality.tallies[&Quirk::DecimalComma].count, 1);
    }

    #[test]
    fn amounts_of_both_marks_in_one_column_are_not_guessed() {
        let text = "id;acronym;totalCost;ecMaxContribution\n\
                    1;A;;1,234,567\n\
                    2;B;;1.234.567\n\
                    3;C;;450,000\n\
                    4;D;;316579,00\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        let Some(CordisTable::Projects(records)) = &file.table else {
            panic!()
        };
        let kept: Vec<_> = records
            .iter()
            .map(|r| (r.id.as_str(), r.ec_max_contribution))
            .collect();
        assert_eq!(
            kept,
            [
                ("1", Some(1_234_567.0)),
                ("2", Some(1_234_567.0)),
                ("4", Some(316_579.0))
            ]
        );
        let reason = "line 4, column ecMaxContribution: \"450,000\" may group thousands or have three decimals, and this column has amounts with both decimal marks (a decimal point at line 2: \"1,234,567\"; a decimal comma at line 3: \"1.234.567\")";
        let rejects: Vec<String> = file
            .quality
            .rejects
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(rejects, [reason]);
        assert_eq!(error(text), reason);
    }

    #[test]
    fn rows_of_empty_cells_below_a_table_are_padding() {
        // A spreadsheet that had cells formatted below the table writes them as delimiters.
        let text = "\"id\";\"acronym\";\"startDate\";\"ecMaxContribution\";\n\
                    \"1\";\"A\";\"2020-01-01\";\"1\";\n\
                    ;;;;\n;;;;\n";
        let file = parse(text.as_bytes(), STRICT).unwrap();
        assert!(file.quality.rejects.is_empty());
        assert!(matches!(&file.table, Some(CordisTable::Projects(r)) if r.len() == 1));
    }

    #[test]
    fn unicode_text_is_utf16_with_tabs() {
        let text = "projectID\torganisationID\tname\trole\tcity\r\n1\t2\t\"Å, \"\"B\"\"\"\tparticipant\tUmeå\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&bytes), Some(CordisKind::Organisations));
        let records = participations(&bytes);
        assert_eq!(records[0].name, "Å, \"B\"");
        assert_eq!(records[0].city.as_deref(), Some("Umeå"));
        assert_eq!(records[0].line, Line(2));
    }

    #[test]
    fn a_file_of_utf8_and_latin1_lines_keeps_both() {
        let mut bytes = "projectID;organisationID;name;role;city\n1;2;A;participant;Umeå\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"1;3;B;participant;\xD6rebro\n");
        let records = participations(&bytes);
        assert_eq!(records[0].city.as_deref(), Some("Umeå"));
        assert_eq!(records[1].city.as_deref(), Some("Örebro"));
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
            ("1,234", Some(1_234.0)),
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
            assert_eq!(read_amount(text, None).map(|a| a.value), expected, "{text}");
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
        assert_eq!(
            kind("projectId;projectAcronym;fundingScheme;title;firstName;lastName;organisationId"),
            Some(CordisKind::Unused("principal investigators"))
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
        let header = "projectID;organisationID;name;role;SME;country;order;endOfParticipation";
        let projects = "id;acronym;startDate;ecMaxContribution";
        let cases = [
            (
                header,
                "1;2;n;participant;yes;SE;1;false",
                "column SME: \"yes\" is not true or false",
            ),
            (
                header,
                "1;2;n;sponsor;;SE;1;false",
                "column role: \"sponsor\" is not a CORDIS role (coordinator, participant, partner, thirdParty, associatedPartner, internationalPartner)",
            ),
            (
                header,
                "1;2;n;;;SE;1;false",
                "column role: empty, but every record needs a value here",
            ),
            (
                header,
                "1;2;  ;partner;;SE;1;false",
                "column name: empty, but every record needs a value here",
            ),
            (
                header,
                "1;2;n;partner;;Atlantis;1;false",
                "column country: \"Atlantis\" is not a country code or name",
            ),
            (
                header,
                "1;2;n;partner;;SE;first;false",
                "column order: \"first\" is not a whole number",
            ),
            (
                header,
                "1;2;n;partner;;SE;1;maybe",
                "column endOfParticipation: \"maybe\" is not true or false",
            ),
            (
                projects,
                "1;A;2021-02-29;1",
                "column startDate: \"2021-02-29\" is not a date (YYYY-MM-DD)",
            ),
            (
                projects,
                ";A;2021-02-28;1",
                "column id: empty, but every record needs a value here",
            ),
        ];
        for (header, row, expected) in cases {
            assert_eq!(
                error(&format!("{header}\n{row}\n")),
                format!("line 2, {expected}"),
                "{row}"
            );
        }
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

    /// An organisation.csv in the current layout, from `projectID;organisationID;name;role;…`
    /// style rows: (project, pic, name, role, country, activity, postcode, ec, update).
    fn organisations(rows: &[[&str; 9]]) -> String {
        let mut text = String::from(
            "projectID;projectAcronym;organisationID;name;role;country;activityType;postCode;ecContribution;contentUpdateDate\n",
        );
        for [
            project,
            pic,
            name,
            role,
            country,
            activity,
            postcode,
            ec,
            update,
        ] in rows
        {
            text.push_str(&format!(
                "{project};P{project};{pic};{name};{role};\"{country}\";\"{activity}\";{postcode};\"{ec}\";{update}\n"
            ));
        }
        text
    }

    fn quality(text: &str) -> (Vec<ParticipationRecord>, Quality) {
        let file = parse(text.as_bytes(), LENIENT).expect("a lenient read succeeds");
        match file.table {
            Some(CordisTable::Participations(records)) => (records, file.quality),
            other => panic!("not participations: {other:?}"),
        }
    }

    #[test]
    fn doubled_values_of_merged_organisations_are_read_once_and_noted() {
        let text = organisations(&[
            [
                "1",
                "998387051",
                "OY AB",
                "participant",
                "FI;FI",
                "PRC;PRC",
                "00100",
                "10",
                "",
            ],
            [
                "2",
                "998387051",
                "OY AB",
                "coordinator",
                "FI;SE",
                "PRC",
                "",
                "5",
                "",
            ],
        ]);
        let (records, quality) = quality(&text);
        assert_eq!(records[0].country.as_ref().map(|c| c.as_str()), Some("FI"));
        assert_eq!(records[0].activity_type.as_deref(), Some("PRC"));
        assert_eq!(records[1].country.as_ref().map(|c| c.as_str()), Some("FI"));
        assert_eq!(quality.tallies[&Quirk::DoubledValue].count, 2);
        assert_eq!(quality.tallies[&Quirk::DoubledValue].line, 2);
        assert_eq!(quality.tallies[&Quirk::SeveralValues].count, 1);
        let notes: Vec<&str> = records[0].repairs.iter().map(|r| r.note.as_str()).collect();
        assert_eq!(
            notes,
            [
                "country \"FI;FI\" read as \"FI\"",
                "activityType \"PRC;PRC\" read as \"PRC\""
            ]
        );
        // A strict read refuses what it would have had to repair.
        assert_eq!(
            error(&text),
            "line 2, column country: \"FI;FI\" is not one value (a strict read repairs nothing)"
        );
    }

    #[test]
    fn several_roles_are_all_kept_and_a_repeated_row_keeps_the_most_recent() {
        let text = organisations(&[
            [
                "737459",
                "998387051",
                "A",
                "participant",
                "FI",
                "PRC",
                "",
                "100",
                "2020-01-01",
            ],
            [
                "737459",
                "999999999",
                "B",
                "coordinator",
                "SE",
                "HES",
                "",
                "50",
                "",
            ],
            [
                "737459",
                "998387051",
                "A",
                "thirdParty",
                "FI",
                "PRC",
                "",
                "7",
                "2020-01-01",
            ],
            [
                "737459",
                "998387051",
                "A",
                "participant",
                "FI",
                "PRC",
                "",
                "120",
                "2021-06-30",
            ],
        ]);
        let (records, quality) = quality(&text);
        let a: Vec<(&str, Option<f64>, usize)> = records
            .iter()
            .filter(|r| r.pic.as_str() == "998387051")
            .map(|r| (r.role_label.as_str(), r.ec_contribution, r.line.0))
            .collect();
        // The participant row of line 5 is the more recent: it replaces line 2's.
        assert_eq!(
            a,
            [
                ("thirdParty", Some(7.0), 4),
                ("participant", Some(120.0), 5)
            ]
        );
        assert_eq!(quality.tallies[&Quirk::SeveralRoles].count, 1);
        assert_eq!(quality.tallies[&Quirk::Superseded].count, 1);
        assert_eq!(quality.tallies[&Quirk::Superseded].line, 2);
        assert!(
            records
                .iter()
                .filter(|r| r.pic.as_str() == "998387051")
                .all(|r| r.repairs.iter().any(|x| x.quirk == Quirk::SeveralRoles))
        );
    }

    #[test]
    fn a_project_listed_twice_keeps_its_most_recent_record() {
        let text = "id;acronym;endDate;ecMaxContribution;frameworkProgramme;contentUpdateDate;rcn\n\
            656579;OLD;2019-12-30;1;H2020;2019-01-01 10:00:00;190000\n\
            700000;OTHER;2020-01-01;1;H2020;2019-01-01 10:00:00;190001\n\
            656579;NEW;2019-12-31;1;H2020;2022-03-04 09:00:00;230000\n";
        let file = parse(text.as_bytes(), LENIENT).expect("readable");
        let Some(CordisTable::Projects(records)) = file.table else {
            panic!("projects")
        };
        let kept: Vec<(&str, &str)> = records
            .iter()
            .map(|r| (r.id.as_str(), r.acronym.as_str()))
            .collect();
        assert_eq!(kept, [("700000", "OTHER"), ("656579", "NEW")]);
        assert_eq!(records[1].end_date.as_deref(), Some("2019-12-31"));
        assert_eq!(file.quality.tallies[&Quirk::Superseded].count, 1);
        assert!(records[1].repairs[0].note.contains("line 2 (rcn 190000)"));
        assert_eq!(
            error(text),
            "line 4, column id: project 656579 appears twice, at lines 2 and 4"
        );
    }

    #[test]
    fn unreadable_rows_are_rejected_and_the_rest_is_read() {
        let text = organisations(&[
            ["1", "9", "A", "coordinator", "SE", "HES", "", "12.3.4", ""],
            ["", "9", "A", "participant", "SE", "HES", "", "1", ""],
            [
                "2",
                "9",
                "A",
                "hostInstitution",
                "Atlantis",
                "HES",
                "1067",
                "1",
                "",
            ],
            ["3", "8", "B", "participant", "DE", "PRC", "1067", "1", ""],
        ]);
        let (records, quality) = quality(&text);
        let kept: Vec<&str> = records.iter().map(|r| r.project_id.as_str()).collect();
        assert_eq!(kept, ["2", "3"]);
        let rejects: Vec<String> = quality.rejects.iter().map(ToString::to_string).collect();
        assert_eq!(
            rejects,
            [
                "line 2, column ecContribution: \"12.3.4\" is not an amount",
                "line 3, column projectID: empty, but every record needs a value here",
            ]
        );
        assert_eq!(quality.tallies[&Quirk::Rejected].count, 2);
        // An unknown role is kept as written, a country that is no code or known name is left
        // out, and a German postcode gets its zero back; one of no known country keeps it.
        assert_eq!(
            (records[0].role, records[0].role_label.as_str()),
            (None, "hostInstitution")
        );
        assert_eq!(records[0].country, None);
        assert_eq!(records[0].post_code.as_deref(), Some("1067"));
        assert_eq!(records[1].post_code.as_deref(), Some("01067"));
        for quirk in [Quirk::OtherRole, Quirk::Unreadable, Quirk::PostcodeZeros] {
            assert_eq!(quality.tallies[&quirk].count, 1, "{quirk:?}");
        }
        assert_eq!(
            error(&text),
            "line 2, column ecContribution: \"12.3.4\" is not an amount"
        );
    }

    #[test]
    fn decimal_commas_are_counted_per_file() {
        let (_, quality) = quality(&organisations_current());
        // Three `316579,00` and one `1.234.567,89`, which also groups its digits.
        assert_eq!(quality.tallies[&Quirk::DecimalComma].count, 4);
        assert_eq!(quality.tallies[&Quirk::FormattedAmount].count, 1);
        assert!(quality.rejects.is_empty());
    }

    #[test]
    fn a_header_tells_the_delimiter() {
        let semicolons = organisations_current();
        for delimiter in [",", "\t", "|"] {
            let text = semicolons.replace("\";\"", &format!("\"{delimiter}\""));
            assert_eq!(detect(text.as_bytes()), Some(CordisKind::Organisations));
            assert_eq!(
                participations(text.as_bytes()),
                participations(semicolons.as_bytes())
            );
        }
        // Quoted delimiters do not count, and a tie keeps the semicolon.
        assert_eq!(delimiter_of(b"\"a,b,c\";d;e"), b';');
        assert_eq!(delimiter_of(b"a;b,c"), b';');
        assert_eq!(delimiter_of(b"a,b,c;d"), b',');
    }

    #[test]
    fn older_and_web_search_layouts_name_the_same_tables() {
        let fp7 = "rcn;reference;acronym;status;programme;topics;frameworkProgramme;title;startDate;endDate;projectUrl;objective;totalCost;ecMaxContribution;call;fundingScheme;coordinator;coordinatorCountry;participants;participantCountries;subjects\n\
            110201;612001;SEALEVEL;CLOSED;FP7-ENVIRONMENT;ENV.2013;FP7;Sea level;2013-10-01;2017-09-30;;Tides.;3120000,5;2500000;ENV-2013;CP;A;SE;B;FI;ENV\n";
        let records = projects(fp7);
        assert_eq!(
            (records[0].id.as_str(), records[0].acronym.as_str()),
            ("612001", "SEALEVEL")
        );
        let fp7 = "projectRcn;projectReference;projectAcronym;role;id;name;shortName;activityType;endOfParticipation;ecContribution;country\n\
            110201;612001;SEALEVEL;coordinator;999410001;NORRLANDS HAVSFORSKNINGSINSTITUT;NHI;REC;false;1200000.00;SE\n";
        let records = participations(fp7.as_bytes());
        assert_eq!(
            (records[0].project_id.as_str(), records[0].pic.as_str()),
            ("612001", "999410001")
        );

        let search = "\"Project ID\";\"Acronym\";\"Title\";\"Start date\";\"End date\";\"EC max contribution\";\"Framework programme\";\"Legal basis\"\n\
            \"870101\";\"TIDEWATCH\";\"Storm tides\";\"2020-01-01\";\"2023-12-31\";\"4999875\";\"H2020\";\"H2020-EU.3.5.\"\n";
        let records = projects(search);
        assert_eq!(records[0].id.as_str(), "870101");
        assert_eq!(records[0].legal_basis.as_deref(), Some("H2020-EU.3.5."));

        let priorities =
            "ai;biodiversity;cleanAir;climate;digitalAgenda;projectID\n0;0,4;0;1;0,2;870101\n";
        let unknown = "projectID;someScore\n870101;3\n";
        assert_eq!(
            (detect(priorities.as_bytes()), detect(unknown.as_bytes())),
            (
                Some(CordisKind::Unused(
                    "policyPriorities.csv (policy priorities)"
                )),
                Some(CordisKind::Unused(
                    "a CORDIS table partnergraph does not read"
                ))
            )
        );
    }

    #[test]
    fn float_ids_serial_dates_and_country_names_are_read_and_counted() {
        let text = "projectID;organisationID;name;role;country;order;postCode\n\
            870101.0;999410001.0;A;coordinator;Germany;1.0;1067\n\
            870101;999410002;B;participant;sweden;2;701 16\n";
        let (records, quality) = quality(text);
        assert_eq!(
            (
                records[0].project_id.as_str(),
                records[0].pic.as_str(),
                records[0].order
            ),
            ("870101", "999410001", Some(1))
        );
        assert_eq!(records[0].country, Some(CountryCode::new("DE")));
        // The code from the name gives the German postcode its zero back.
        assert_eq!(records[0].post_code.as_deref(), Some("01067"));
        assert_eq!(records[1].country, Some(CountryCode::new("SE")));
        assert_eq!(quality.tallies[&Quirk::FloatId].count, 3);
        assert_eq!(quality.tallies[&Quirk::CountryName].count, 2);
        assert!(
            records[0]
                .repairs
                .iter()
                .any(|r| r.note == "country \"Germany\" read as \"DE\"")
        );

        let text =
            "id;acronym;startDate;endDate;ecMaxContribution\n1;A;44927;2023-12-31;1\n2;B;4492;;1\n";
        let file = parse(text.as_bytes(), LENIENT).unwrap();
        let Some(CordisTable::Projects(records)) = file.table else {
            panic!("projects")
        };
        assert_eq!(records[0].start_date.as_deref(), Some("2023-01-01"));
        assert_eq!(records[1].start_date, None);
        assert_eq!(file.quality.tallies[&Quirk::SerialDate].count, 1);
        assert_eq!(file.quality.tallies[&Quirk::Unreadable].count, 1);
        // Spellings, not anomalies: a strict read reads them too.
        assert!(parse(text.replace("\n2;B;4492;;1", "").as_bytes(), STRICT).is_ok());
    }

    #[test]
    fn a_duplicated_column_is_an_error_naming_it() {
        let text = "id;acronym;status;acronym;startDate;ecMaxContribution\n1;A;S;B;2020-01-01;1\n";
        assert_eq!(
            error(text),
            "line 1, column acronym: the column appears twice in the header (also as column 2); rename or remove one"
        );
        assert!(parse(text.as_bytes(), LENIENT).is_err());
    }

    #[test]
    fn json_gives_the_records_of_the_same_csv() {
        let csv = organisations_current();
        let mut json = String::from("[");
        let mut lines = csv.lines();
        let names: Vec<String> = lines
            .next()
            .unwrap()
            .split(';')
            .map(|n| n.trim_matches('"').to_owned())
            .collect();
        for (i, line) in lines.enumerate() {
            let values: Vec<&str> = line.split(';').map(|v| v.trim_matches('"')).collect();
            let object: Vec<String> = names
                .iter()
                .zip(&values)
                .map(|(n, v)| format!("{n:?}: {v:?}"))
                .collect();
            json.push_str(if i == 0 { "\n{" } else { ",\n{" });
            json.push_str(&object.join(", "));
            json.push('}');
        }
        json.push_str("\n]\n");
        let from_json = participations(json.as_bytes());
        let from_csv = participations(csv.as_bytes());
        let strip = |records: Vec<ParticipationRecord>| -> Vec<ParticipationRecord> {
            records
                .into_iter()
                .map(|mut r| {
                    r.line = Line(0);
                    r
                })
                .collect()
        };
        assert_eq!(strip(from_json), strip(from_csv));
        assert_eq!(detect(json.as_bytes()), Some(CordisKind::Organisations));
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
        let sequential = parse_in_chunks(text.as_bytes(), 1, LENIENT).unwrap();
        let Some(CordisTable::Participations(records)) = &sequential.table else {
            panic!()
        };
        assert_eq!(records.len(), 20_000);
        for chunks in [2, 3, 4, 7, 16, 64, 1000, 100_000] {
            assert_eq!(
                parse_in_chunks(text.as_bytes(), chunks, LENIENT).as_ref(),
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
        let sequential = parse_in_chunks(projects.as_bytes(), 1, LENIENT);
        assert!(sequential.is_ok());
        for chunks in [2, 5, 64, 999] {
            assert_eq!(
                parse_in_chunks(projects.as_bytes(), chunks, LENIENT),
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
                .any(|cut| unclosed_quote(&bytes[cut[0]..cut[1]], b';').is_some())
        );
        let sequential = parse_in_chunks(text.as_bytes(), 1, LENIENT).unwrap();
        let Some(CordisTable::Topics(records)) = &sequential.table else {
            panic!()
        };
        assert_eq!(records.len(), 6000);
        assert_eq!(records[14].title.as_deref(), Some("a 12\" screen"));
        for chunks in [2, 3, 8, 50] {
            assert_eq!(
                parse_in_chunks(text.as_bytes(), chunks, LENIENT).as_ref(),
                Ok(&sequential)
            );
        }
    }

    #[test]
    fn quoted_fields_after_tabs_and_commas_are_quoted_for_the_exact_walk() {
        // Each file's quoted field holds its delimiter and a line break; stray quotes in
        // unquoted fields make parity wrong, so the exact walk cuts, and must see those quotes
        // open a field after the file's own delimiter.
        for delimiter in ['\t', ','] {
            let mut text = format!("projectID{delimiter}topic{delimiter}title\n");
            for i in 0..3000 {
                let title = if i % 100 == 7 {
                    "a 12\" screen"
                } else {
                    "plain"
                };
                text.push_str(&format!(
                    "{i}{delimiter}T{i}{delimiter}{title}\n{i}{delimiter}U{i}{delimiter}\"one{delimiter} two\nthree\"\n"
                ));
            }
            let bytes = text.as_bytes();
            let delimiter = delimiter as u8;
            assert_eq!(
                unclosed_quote(b"1\tT\t\"one\t two\n", b'\t'),
                Some(4),
                "a field opened after a tab"
            );
            let sequential = parse_in_chunks(bytes, 1, LENIENT).unwrap();
            let Some(CordisTable::Topics(records)) = &sequential.table else {
                panic!()
            };
            assert_eq!(records.len(), 6000);
            assert_eq!(
                records[1].title.as_deref(),
                Some(format!("one{} two\nthree", delimiter as char).as_str())
            );
            for chunks in [2, 3, 8, 50] {
                assert_eq!(
                    parse_in_chunks(bytes, chunks, LENIENT).as_ref(),
                    Ok(&sequential),
                    "{chunks} chunks, {:?}",
                    delimiter as char
                );
            }
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
            let sequential = parse_in_chunks(&bytes, 1, LENIENT);
            for chunks in [2, 3, 7] {
                assert_eq!(
                    parse_in_chunks(&bytes, chunks, LENIENT),
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
                    let _ = parse_in_chunks(&bytes[..end], chunks, LENIENT);
                }
            }
        }
        let mut rng = Rng(42);
        for _ in 0..2000 {
            let len = rng.below(300) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let _ = detect(&bytes);
            let _ = parse(&bytes, LENIENT);
            // Random bodies under a real header reach the record code.
            let mut under_header = format!("{ORGANISATION_HEADER}\n").into_bytes();
            under_header.append(&mut bytes);
            let _ = parse_in_chunks(&under_header, 4, LENIENT);
        }
    }
}

#[cfg(test)]
mod properties {
    //! No bytes make the CORDIS parser panic, and its errors cite lines of the file.
    use super::*;
    const STRICT: ReadPolicy = ReadPolicy { strict: true };
    const LENIENT: ReadPolicy = ReadPolicy { strict: false };
    use crate::ingest::damage;
    use proptest::prelude::*;

    const FIXTURES: [&[u8]; 3] = [
        include_bytes!("../../../tests/fixtures/cordis/h2020/project.csv"),
        include_bytes!("../../../tests/fixtures/cordis/h2020/organization.csv"),
        include_bytes!("../../../tests/fixtures/cordis/h2020/euroSciVoc.csv"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_give_a_file_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = detect(&bytes);
            let _ = parse(&bytes, LENIENT);
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
            if let Err(e) = parse(&bytes, STRICT) {
                prop_assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e}");
                damage::assert_lines_within(&e.to_string(), &text);
            }
        }
    }
}
