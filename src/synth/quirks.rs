//! The anomalies real CORDIS exports carry, injected into a clean synthetic release with
//! `--quirks` so that loaders are tested against them, and logged cell by cell to
//! `.quirks.json` as the truth a loader's data-quality summary can be checked against.
//!
//! The draws come from a stream of their own, so a release with quirks is the release without
//! them plus exactly the logged changes (and the added rows), and turning quirks off leaves
//! the files byte-identical to a build without this module.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::SynthError;
use super::output::{Amount, Date, org, project};
use crate::model::country_name;

/// The log's file name beside the release. Hidden, because `build` skips hidden files: a
/// release with quirks builds as it was written, the log is not taken for a document.
pub const LOG_FILE: &str = ".quirks.json";

/// One kind of anomaly. [`Quirk::rate`] is what the README's table documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Quirk {
    DoubledCountry,
    DoubledActivityType,
    TwoRoles,
    AmendedProject,
    MixedDecimal,
    PostCodeLostZeros,
    EmptySme,
    EmptyActive,
    UnknownRole,
    FloatOrder,
    SerialStartDate,
    CountryName,
    RejectEmptyProjectId,
    RejectBadAmount,
}

impl Quirk {
    pub const ALL: [Quirk; 14] = [
        Quirk::DoubledCountry,
        Quirk::DoubledActivityType,
        Quirk::TwoRoles,
        Quirk::AmendedProject,
        Quirk::MixedDecimal,
        Quirk::PostCodeLostZeros,
        Quirk::EmptySme,
        Quirk::EmptyActive,
        Quirk::UnknownRole,
        Quirk::FloatOrder,
        Quirk::SerialStartDate,
        Quirk::CountryName,
        Quirk::RejectEmptyProjectId,
        Quirk::RejectBadAmount,
    ];

    /// Its key in `.quirks.json`.
    pub fn name(self) -> &'static str {
        match self {
            Quirk::DoubledCountry => "doubledCountry",
            Quirk::DoubledActivityType => "doubledActivityType",
            Quirk::TwoRoles => "twoRoles",
            Quirk::AmendedProject => "amendedProject",
            Quirk::MixedDecimal => "mixedDecimal",
            Quirk::PostCodeLostZeros => "postCodeLostZeros",
            Quirk::EmptySme => "emptySme",
            Quirk::EmptyActive => "emptyActive",
            Quirk::UnknownRole => "unknownRole",
            Quirk::FloatOrder => "floatOrder",
            Quirk::SerialStartDate => "serialStartDate",
            Quirk::CountryName => "countryName",
            Quirk::RejectEmptyProjectId => "rejectEmptyProjectId",
            Quirk::RejectBadAmount => "rejectBadAmount",
        }
    }

    /// The chance, and of what.
    pub fn rate(self) -> &'static str {
        match self {
            Quirk::DoubledCountry | Quirk::DoubledActivityType => {
                "0.2 % of organisations (merged records): every readable row of theirs"
            }
            Quirk::TwoRoles => "0.2 % of participant rows get a second, thirdParty row",
            Quirk::AmendedProject => "0.3 % of projects listed twice under two rcn",
            Quirk::MixedDecimal => {
                "1 % of project rows (ecMaxContribution) and of organisation rows with an ecContribution"
            }
            Quirk::PostCodeLostZeros => {
                "20 % of organisations whose post code is all digits and starts with 0"
            }
            Quirk::EmptySme => "1 % of organisation rows",
            Quirk::EmptyActive => "0.5 % of organisation rows",
            Quirk::UnknownRole => "0.1 % of non-coordinator rows",
            Quirk::FloatOrder => "0.5 % of organisation rows (order as 3.0)",
            Quirk::SerialStartDate => "0.5 % of project rows (startDate as a day number)",
            Quirk::CountryName => {
                "0.2 % of organisations (country as its English name): every readable row of theirs"
            }
            Quirk::RejectEmptyProjectId | Quirk::RejectBadAmount => "0.05 % of organisation rows",
        }
    }
}

const MERGED: f64 = 0.002;
const LOST_ZEROS: f64 = 0.2;
const TWO_ROLES: f64 = 0.002;
const AMENDED: f64 = 0.003;
const MIXED_DECIMAL: f64 = 0.01;
const EMPTY_SME: f64 = 0.01;
const EMPTY_ACTIVE: f64 = 0.005;
const UNKNOWN_ROLE: f64 = 0.001;
const FLOAT_ORDER: f64 = 0.005;
const SERIAL_START: f64 = 0.005;
const COUNTRY_NAME: f64 = 0.002;
const REJECT_EMPTY_ID: f64 = 0.0005;
const REJECT_BAD_AMOUNT: f64 = 0.0005;

/// Role strings no CORDIS role class has.
const UNKNOWN_ROLES: &[&str] = &["other", "observer"];
/// What spreadsheets and hand edits leave in an amount column.
const BAD_AMOUNTS: &[&str] = &["n/a", "#VALUE!", "tbd"];

/// One changed cell of the row about to be written.
#[derive(Clone)]
pub(super) struct Note {
    quirk: Quirk,
    column: &'static str,
    value: String,
    clean: String,
}

/// A row the quirks add (a second role, an amended project record) and its notes.
pub(super) struct Extra {
    pub row: Vec<String>,
    pub notes: Vec<Note>,
    /// Amended project records: written before the original rather than after.
    pub before: bool,
}

/// Where a logged cell is: its data record (1 = the first row after the header; the same
/// index in the JSON array and, plus one, the XLSX row) and the CSV line that record starts on.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    file: &'static str,
    record: u64,
    line: u64,
    #[serde(rename = "projectID")]
    project_id: String,
    #[serde(rename = "organisationID", skip_serializing_if = "String::is_empty")]
    organisation_id: String,
    column: &'static str,
    value: String,
    clean: String,
    /// Two roles: the organisation's participant row. Amended project: the older record.
    #[serde(skip_serializing_if = "Option::is_none")]
    related_record: Option<u64>,
}

#[derive(Clone, Copy)]
struct OrgQuirks {
    merged: bool,
    lost_zeros: bool,
    /// Its country written as a name in every row (a table filled in by hand).
    country_name: bool,
}

#[derive(Clone)]
pub(super) struct Quirks {
    rng: ChaCha8Rng,
    comma: bool,
    orgs: HashMap<String, OrgQuirks>,
    items: BTreeMap<Quirk, Vec<Item>>,
}

impl Quirks {
    pub fn new(seed: u64, stream: u64, comma: bool) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Streams 100+ are the quirks', apart from every programme's own.
        rng.set_stream(100 + stream);
        Self {
            rng,
            comma,
            orgs: HashMap::new(),
            items: Quirk::ALL.into_iter().map(|q| (q, Vec::new())).collect(),
        }
    }

    /// Changes an `organization.csv` row in place; may add a second-role row to write after
    /// the project's rows.
    pub fn organisation(&mut self, row: &mut [String]) -> (Vec<Note>, Option<Extra>) {
        let mut notes = Vec::new();
        let draw: f64 = self.rng.random();
        // An unreadable row carries nothing else, so that every other count is of rows a
        // loader keeps.
        if draw < REJECT_EMPTY_ID {
            set(
                &mut notes,
                Quirk::RejectEmptyProjectId,
                row,
                org::PROJECT_ID,
                String::new(),
            );
            return (notes, None);
        }
        if draw < REJECT_EMPTY_ID + REJECT_BAD_AMOUNT {
            let bad = BAD_AMOUNTS[self.rng.random_range(0..BAD_AMOUNTS.len())].to_string();
            set(
                &mut notes,
                Quirk::RejectBadAmount,
                row,
                org::EC_CONTRIBUTION,
                bad,
            );
            return (notes, None);
        }
        self.record_quirks(row, &mut notes);
        // The second role shares the organisation's record quirks, not the row's own.
        let second = (row[org::ROLE] == "participant" && self.rng.random_bool(TWO_ROLES))
            .then(|| self.second_role(row, &notes));
        if self.rng.random_bool(EMPTY_SME) {
            set(&mut notes, Quirk::EmptySme, row, org::SME, String::new());
        }
        if self.rng.random_bool(EMPTY_ACTIVE) {
            set(
                &mut notes,
                Quirk::EmptyActive,
                row,
                org::ACTIVE,
                String::new(),
            );
        }
        if !row[org::EC_CONTRIBUTION].is_empty() && self.rng.random_bool(MIXED_DECIMAL) {
            let flipped = flip_decimal(&row[org::EC_CONTRIBUTION]);
            set(
                &mut notes,
                Quirk::MixedDecimal,
                row,
                org::EC_CONTRIBUTION,
                flipped,
            );
        }
        if self.rng.random_bool(FLOAT_ORDER) {
            let floated = format!("{}.0", row[org::ORDER]);
            set(&mut notes, Quirk::FloatOrder, row, org::ORDER, floated);
        }
        if row[org::ROLE] != "coordinator" && self.rng.random_bool(UNKNOWN_ROLE) {
            let role = UNKNOWN_ROLES[self.rng.random_range(0..UNKNOWN_ROLES.len())].to_string();
            set(&mut notes, Quirk::UnknownRole, row, org::ROLE, role);
        }
        (notes, second)
    }

    /// The quirks of the organisation's record, the same in each of its rows: doubled values
    /// of a merged record, post codes that lost their leading zeros.
    fn record_quirks(&mut self, row: &mut [String], notes: &mut Vec<Note>) {
        let rng = &mut self.rng;
        let state = *self
            .orgs
            .entry(row[org::PIC].clone())
            .or_insert_with(|| OrgQuirks {
                merged: rng.random_bool(MERGED),
                // Spreadsheets take only an all-digit code for a number.
                lost_zeros: row[org::POST_CODE].starts_with('0')
                    && row[org::POST_CODE].bytes().all(|b| b.is_ascii_digit())
                    && rng.random_bool(LOST_ZEROS),
                country_name: rng.random_bool(COUNTRY_NAME),
            });
        // Not with doubled values: each quirk's log entry must undo to the clean value alone.
        if state.country_name
            && !state.merged
            && let Some(name) = country_name(&row[org::COUNTRY])
        {
            set(
                notes,
                Quirk::CountryName,
                row,
                org::COUNTRY,
                name.to_string(),
            );
        }
        if state.merged {
            for (quirk, column) in [
                (Quirk::DoubledCountry, org::COUNTRY),
                (Quirk::DoubledActivityType, org::ACTIVITY_TYPE),
            ] {
                let doubled = format!("{0};{0}", row[column]);
                set(notes, quirk, row, column, doubled);
            }
        }
        if state.lost_zeros {
            let trimmed = row[org::POST_CODE].trim_start_matches('0').to_string();
            if !trimmed.is_empty() {
                set(
                    notes,
                    Quirk::PostCodeLostZeros,
                    row,
                    org::POST_CODE,
                    trimmed,
                );
            }
        }
    }

    /// The same organisation again in the project as a third party, with its own amounts.
    fn second_role(&mut self, row: &[String], record_notes: &[Note]) -> Extra {
        let mut extra = row.to_vec();
        let mut notes = record_notes.to_vec();
        let ec = self.rng.random_range(5_000..120_000u64) * 100;
        for (column, cents) in [
            (org::EC_CONTRIBUTION, ec),
            (org::NET_EC_CONTRIBUTION, ec),
            (org::TOTAL_COST, ec * 5 / 4),
        ] {
            extra[column] = amount(cents, self.comma);
        }
        notes.push(Note {
            quirk: Quirk::TwoRoles,
            column: "role",
            value: "thirdParty".to_string(),
            clean: String::new(),
        });
        extra[org::ROLE] = "thirdParty".to_string();
        Extra {
            row: extra,
            notes,
            before: false,
        }
    }

    /// Changes a `project.csv` row in place; may add an amended record of the same grant.
    pub fn project(
        &mut self,
        row: &mut [String],
        (start, end): (Date, Date),
    ) -> (Vec<Note>, Option<Extra>) {
        let mut notes = Vec::new();
        if self.rng.random_bool(SERIAL_START) {
            let serial = start.serial_day().to_string();
            set(
                &mut notes,
                Quirk::SerialStartDate,
                row,
                project::START_DATE,
                serial,
            );
        }
        if self.rng.random_bool(MIXED_DECIMAL) {
            let flipped = flip_decimal(&row[project::EC_MAX_CONTRIBUTION]);
            set(
                &mut notes,
                Quirk::MixedDecimal,
                row,
                project::EC_MAX_CONTRIBUTION,
                flipped,
            );
        }
        if !self.rng.random_bool(AMENDED) {
            return (notes, None);
        }
        // The amendment moves the end by a day and is the newer record: later update, higher
        // rcn. A loader should keep it and drop the other. It repeats the row's own quirks.
        let mut newer = row.to_vec();
        let mut newer_notes = notes.clone();
        set(
            &mut newer_notes,
            Quirk::AmendedProject,
            &mut newer,
            project::END_DATE,
            end.next_day().to_string(),
        );
        let updated = &row[project::CONTENT_UPDATE_DATE];
        let year: u32 = updated[..4].parse().expect("a year first");
        newer[project::CONTENT_UPDATE_DATE] = format!("{}{}", year + 1, &updated[4..]);
        let rcn: u32 = row[project::RCN].parse().expect("numeric rcn");
        newer[project::RCN] = (rcn + 1_000_000).to_string();
        let before = self.rng.random_bool(0.5);
        (
            notes,
            Some(Extra {
                row: newer,
                notes: newer_notes,
                before,
            }),
        )
    }

    /// Logs the notes of a row just written as `record` of `file`, starting on `line`.
    pub fn log(
        &mut self,
        file: &'static str,
        at: (u64, u64),
        ids: (&str, &str),
        notes: Vec<Note>,
        related: Option<u64>,
    ) {
        for note in notes {
            let related_record = match note.quirk {
                Quirk::TwoRoles | Quirk::AmendedProject => related,
                _ => None,
            };
            self.items
                .get_mut(&note.quirk)
                .expect("every quirk")
                .push(Item {
                    file,
                    record: at.0,
                    line: at.1,
                    project_id: ids.0.to_string(),
                    organisation_id: ids.1.to_string(),
                    column: note.column,
                    value: note.value,
                    clean: note.clean,
                    related_record,
                });
        }
    }

    /// How many cells each quirk changed (for two roles and amended projects: rows added).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        self.items
            .iter()
            .map(|(q, items)| (q.name(), items.len()))
            .collect()
    }

    /// Writes `.quirks.json`: per quirk its rate, count and every changed cell.
    pub fn write(&self, path: &Path, header: Header) -> Result<(), SynthError> {
        #[derive(Serialize)]
        struct Entry<'a> {
            rate: &'static str,
            count: usize,
            items: &'a [Item],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Report<'a> {
            #[serde(flatten)]
            header: Header,
            quirks: BTreeMap<&'static str, Entry<'a>>,
        }
        let report = Report {
            header,
            quirks: self
                .items
                .iter()
                .map(|(q, items)| {
                    let entry = Entry {
                        rate: q.rate(),
                        count: items.len(),
                        items,
                    };
                    (q.name(), entry)
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&report).expect("plain data serialises");
        text.push('\n');
        std::fs::write(path, text).map_err(|source| SynthError::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// What `.quirks.json` says about the release as a whole.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Header {
    pub framework_programme: &'static str,
    pub seed: u64,
    /// Distinct grants, each once in the clean release.
    pub projects: u32,
    /// Data records per CSV file, added rows included.
    pub records: BTreeMap<&'static str, u64>,
}

fn set(notes: &mut Vec<Note>, quirk: Quirk, row: &mut [String], column: usize, value: String) {
    let name = if row.len() == project::COLUMNS.len() {
        project::COLUMNS[column]
    } else {
        org::COLUMNS[column]
    };
    let clean = std::mem::replace(&mut row[column], value.clone());
    notes.push(Note {
        quirk,
        column: name,
        value,
        clean,
    });
}

/// `316579.00` ↔ `316579,00`: the other convention than the file's.
fn flip_decimal(amount: &str) -> String {
    amount
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

fn amount(cents: u64, comma: bool) -> String {
    Amount {
        cents: Some(cents),
        comma,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flip_swaps_the_separator_only() {
        assert_eq!(flip_decimal("316579.00"), "316579,00");
        assert_eq!(flip_decimal("316579,05"), "316579.05");
        assert_eq!(flip_decimal(""), "");
    }

    #[test]
    fn serial_days_are_a_spreadsheets() {
        let day = |year, month, day| Date { year, month, day }.serial_day();
        assert_eq!(day(2023, 1, 1), 44_927);
        assert_eq!(day(2000, 1, 1), 36_526);
        assert_eq!(day(2024, 2, 29), 45_351);
        assert_eq!(day(1900, 3, 1), 61);
    }

    #[test]
    fn every_quirk_has_a_distinct_name_and_a_rate() {
        let mut names: Vec<_> = Quirk::ALL.iter().map(|q| q.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Quirk::ALL.len());
        assert!(Quirk::ALL.iter().all(|q| q.rate().contains('%')));
    }
}

/// Checks against a clean and a quirky release of the same options.
#[cfg(test)]
mod release_tests {
    use std::collections::HashSet;

    use super::super::testing::{generate, read_csv};
    use super::super::{Programme, Programmes, SynthOptions};

    /// Undoing every logged change and dropping the added rows gives the clean release back,
    /// so `.quirks.json` lists every change, at the right record and line, and nothing else.
    #[test]
    fn quirks_json_lists_every_change_at_its_record_and_line() {
        for programme in [Programme::H2020, Programme::Horizon] {
            let clean = SynthOptions {
                programmes: Programmes::One(programme),
                ..SynthOptions::new(4_000, 11)
            };
            let (_a, clean_dir, _) = generate(clean);
            let (_b, dir, summary) = generate(SynthOptions {
                quirks: true,
                ..clean
            });
            let report: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dir.join(super::LOG_FILE)).unwrap()).unwrap();
            assert_eq!(report["frameworkProgramme"], programme.code());
            let quirks = report["quirks"].as_object().unwrap();
            assert_eq!(quirks.len(), super::Quirk::ALL.len());
            let printed = summary.releases[0].quirks.as_ref().unwrap();
            for (name, entry) in quirks {
                let items = entry["items"].as_array().unwrap();
                assert_eq!(
                    entry["count"].as_u64().unwrap() as usize,
                    items.len(),
                    "{name}"
                );
                assert!(!items.is_empty(), "{name} injected at 4,000 projects");
                assert!(printed.contains(&(name.as_str(), items.len())), "{name}");
            }
            for file in ["project.csv", "organization.csv"] {
                let (header, mut rows, lines) = read_csv(&dir.join(file));
                let (_, clean_rows, _) = read_csv(&clean_dir.join(file));
                assert_eq!(
                    report["records"][file].as_u64().unwrap() as usize,
                    rows.len()
                );
                let mut added = HashSet::new();
                for (name, entry) in quirks {
                    for item in entry["items"].as_array().unwrap() {
                        if item["file"] != file {
                            continue;
                        }
                        let record = item["record"].as_u64().unwrap() as usize - 1;
                        assert_eq!(item["line"].as_u64().unwrap(), lines[record], "{name}");
                        let column = header.iter().position(|c| c == &item["column"]).unwrap();
                        assert_eq!(rows[record][column], item["value"], "{name} {item}");
                        // projectID and id are both the first column.
                        if name == "rejectEmptyProjectId" {
                            assert!(rows[record][0].is_empty());
                        } else {
                            assert_eq!(rows[record][0], item["projectID"], "{name}");
                        }
                        match name.as_str() {
                            "twoRoles" | "amendedProject" => {
                                let related = item["relatedRecord"].as_u64().unwrap() as usize - 1;
                                assert_eq!(rows[related][0], rows[record][0], "{name}");
                                added.insert(record);
                            }
                            _ => rows[record][column] = item["clean"].as_str().unwrap().into(),
                        }
                    }
                }
                let kept: Vec<_> = rows
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| !added.contains(i))
                    .map(|(_, row)| row)
                    .collect();
                assert!(
                    kept == clean_rows,
                    "{programme:?} {file}: undone quirks differ"
                );
            }
        }
    }

    /// The amended record is the newer one: later update, higher rcn, end one day later.
    #[test]
    fn amended_projects_are_newer_records_of_the_same_grant() {
        let (_tmp, dir, _) = generate(SynthOptions {
            quirks: true,
            ..SynthOptions::new(6_000, 2)
        });
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(super::LOG_FILE)).unwrap()).unwrap();
        let (_, rows, _) = read_csv(&dir.join("project.csv"));
        let items = report["quirks"]["amendedProject"]["items"]
            .as_array()
            .unwrap();
        assert!(!items.is_empty());
        for item in items {
            let newer = &rows[item["record"].as_u64().unwrap() as usize - 1];
            let older = &rows[item["relatedRecord"].as_u64().unwrap() as usize - 1];
            assert!(newer[17] > older[17], "contentUpdateDate");
            assert!(newer[18].parse::<u64>().unwrap() > older[18].parse::<u64>().unwrap());
            assert_eq!(newer[5], item["value"]);
            assert_eq!(older[5], item["clean"]);
            assert!(newer[5] > older[5]);
        }
    }
}
