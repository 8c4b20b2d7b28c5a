//! The CSV files a release writes: the CORDIS column layout, a streaming writer, and the values
//! with a CORDIS spelling (amounts, dates).

use std::fmt::{self, Write as _};
use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use super::SynthError;

/// Columns of `project.csv` in the current CORDIS layout (all three programmes).
pub(super) mod project {
    pub const COLUMNS: [&str; 20] = [
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
        "subCall",
        "fundingScheme",
        "nature",
        "objective",
        "contentUpdateDate",
        "rcn",
        "grantDoi",
    ];
    pub const ID: usize = 0;
    pub const START_DATE: usize = 4;
    pub const END_DATE: usize = 5;
    pub const EC_MAX_CONTRIBUTION: usize = 7;
    pub const CONTENT_UPDATE_DATE: usize = 17;
    pub const RCN: usize = 18;
}

/// Columns of `organization.csv` in the current CORDIS layout (all three programmes).
pub(super) mod org {
    pub const COLUMNS: [&str; 25] = [
        "projectID",
        "projectAcronym",
        "organisationID",
        "vatNumber",
        "name",
        "shortName",
        "SME",
        "activityType",
        "street",
        "postCode",
        "city",
        "country",
        "nutsCode",
        "geolocation",
        "organizationURL",
        "contactForm",
        "contentUpdateDate",
        "rcn",
        "order",
        "role",
        "ecContribution",
        "netEcContribution",
        "totalCost",
        "endOfParticipation",
        "active",
    ];
    pub const PROJECT_ID: usize = 0;
    pub const PIC: usize = 2;
    pub const SME: usize = 6;
    pub const ACTIVITY_TYPE: usize = 7;
    pub const POST_CODE: usize = 9;
    pub const COUNTRY: usize = 11;
    pub const ORDER: usize = 18;
    pub const ROLE: usize = 19;
    pub const EC_CONTRIBUTION: usize = 20;
    pub const NET_EC_CONTRIBUTION: usize = 21;
    pub const TOTAL_COST: usize = 22;
    pub const ACTIVE: usize = 24;
}

/// Columns of `euroSciVoc.csv` in the current CORDIS layout.
pub(super) const EUROSCIVOC_COLUMNS: [&str; 5] = [
    "projectID",
    "euroSciVocCode",
    "euroSciVocPath",
    "euroSciVocTitle",
    "euroSciVocDescription",
];

pub(super) struct Outputs {
    pub(super) project: CsvFile,
    pub(super) organization: CsvFile,
    pub(super) euro_sci_voc: CsvFile,
}

/// One output file; a row is assembled in `line` and streamed through the buffer.
pub(super) struct CsvFile {
    pub(super) path: PathBuf,
    pub(super) out: BufWriter<Box<dyn Write>>,
    pub(super) line: String,
    pub(super) scratch: String,
    pub(super) fields: usize,
    pub(super) width: usize,
    /// Data records written so far.
    pub(super) records: u64,
    /// Lines written so far, the header's included (quoted fields may hold newlines).
    pub(super) lines: u64,
}

impl CsvFile {
    /// Creates the file and writes the header.
    pub(super) fn create(path: PathBuf, columns: &[&str]) -> Result<Self, SynthError> {
        // `create_new` so that a file appearing after the check in `synth_cordis` is not clobbered.
        let file = match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(SynthError::Exists { path });
            }
            Err(source) => return Err(SynthError::Io { path, source }),
        };
        Self::with_header(path, Box::new(file), columns)
    }

    /// A file that is generated but not kept: the H2020 organisations behind a lone FP7 or
    /// Horizon release.
    pub(super) fn discard(columns: &[&str]) -> Result<Self, SynthError> {
        Self::with_header(PathBuf::new(), Box::new(io::sink()), columns)
    }

    pub(super) fn with_header(
        path: PathBuf,
        out: Box<dyn Write>,
        columns: &[&str],
    ) -> Result<Self, SynthError> {
        let mut csv = Self {
            path,
            out: BufWriter::with_capacity(1 << 20, out),
            line: String::with_capacity(4096),
            scratch: String::new(),
            fields: 0,
            width: columns.len(),
            records: 0,
            lines: 0,
        };
        for name in columns {
            csv.text(name);
        }
        csv.end()?;
        csv.records = 0;
        Ok(csv)
    }

    /// Where the next record goes: its number (from 1) and the line it starts on.
    pub(super) fn next_at(&self) -> (u64, u64) {
        (self.records + 1, self.lines + 1)
    }

    pub(super) fn row(&mut self, fields: &[String]) -> Result<(), SynthError> {
        for field in fields {
            self.text(field);
        }
        self.end()
    }

    pub(super) fn text(&mut self, value: &str) -> &mut Self {
        if self.fields > 0 {
            self.line.push(';');
        }
        self.line.push('"');
        if value.contains('"') {
            self.line.push_str(&value.replace('"', "\"\""));
        } else {
            self.line.push_str(value);
        }
        self.line.push('"');
        self.fields += 1;
        self
    }

    pub(super) fn show(&mut self, value: impl fmt::Display) -> &mut Self {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write!(scratch, "{value}").expect("formatting into a String cannot fail");
        self.text(&scratch);
        self.scratch = scratch;
        self
    }

    pub(super) fn end(&mut self) -> Result<(), SynthError> {
        debug_assert_eq!(
            self.fields,
            self.width,
            "row width of {}",
            self.path.display()
        );
        self.line.push('\n');
        self.records += 1;
        self.lines += memchr::memchr_iter(b'\n', self.line.as_bytes()).count() as u64;
        let written = self.out.write_all(self.line.as_bytes());
        self.line.clear();
        self.fields = 0;
        written.map_err(|source| SynthError::Io {
            path: self.path.clone(),
            source,
        })
    }

    pub(super) fn finish(mut self) -> Result<PathBuf, SynthError> {
        match self.out.flush() {
            Ok(()) => Ok(self.path),
            Err(source) => Err(SynthError::Io {
                path: self.path,
                source,
            }),
        }
    }
}

/// An amount in euro cents in the file's decimal convention; `None` is an empty field.
pub(super) struct Amount {
    pub(super) cents: Option<u64>,
    pub(super) comma: bool,
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cents {
            None => Ok(()),
            Some(c) => {
                let sep = if self.comma { ',' } else { '.' };
                write!(f, "{}{sep}{:02}", c / 100, c % 100)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Date {
    pub(super) year: u32,
    pub(super) month: u32,
    pub(super) day: u32,
}

impl Date {
    pub(super) fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            2 if year.is_multiple_of(4)
                && (!year.is_multiple_of(100) || year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Calendar months later (or earlier), clamping the day to the target month.
    pub(super) fn plus_months(self, months: i32) -> Self {
        let index = (self.year * 12 + self.month - 1) as i32 + months;
        let (year, month) = ((index / 12) as u32, (index % 12) as u32 + 1);
        Self {
            year,
            month,
            day: self.day.min(Self::days_in_month(year, month)),
        }
    }

    /// The date as a spreadsheet's serial day number (days since 1899-12-30), as a date cell
    /// without a date format holds it.
    pub(super) fn serial_day(self) -> i64 {
        // Days from 1970-01-01 of a civil date (Howard Hinnant's algorithm), then Excel's epoch.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468 + 25_569
    }

    pub(super) fn next_day(self) -> Self {
        if self.day < Self::days_in_month(self.year, self.month) {
            return Self {
                day: self.day + 1,
                ..self
            };
        }
        let Self { year, month, .. } = self.plus_months(1);
        Self {
            year,
            month,
            day: 1,
        }
    }

    pub(super) fn previous_day(self) -> Self {
        if self.day > 1 {
            return Self {
                day: self.day - 1,
                ..self
            };
        }
        let Self { year, month, .. } = self.plus_months(-1);
        Self {
            year,
            month,
            day: Self::days_in_month(year, month),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Projects ending before this are CLOSED, the others SIGNED.
pub(super) const SNAPSHOT: Date = Date {
    year: 2024,
    month: 1,
    day: 1,
};

/// Replaces `field` with `value` written out, reusing its allocation.
pub(super) fn put(field: &mut String, value: &dyn fmt::Display) {
    field.clear();
    write!(field, "{value}").expect("formatting into a String cannot fail");
}
