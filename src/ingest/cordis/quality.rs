//! The quirks of real CORDIS exports, and what reading them repaired.
//!
//! Public open data carries anomalies that one row in 180,000 must not turn into a failed build:
//! values doubled by CORDIS merging two organisation records (`FI;FI`), an organisation with two
//! roles in one project, a grant listed twice after an amendment; and tools that handled a table
//! before us leave their own marks (ids as `101001234.0`, dates as day numbers). Each is normalised by a fixed
//! rule, counted with an example, and (where it changes a fact) noted on the record so that the
//! graph can say which facts were repaired. Rows that cannot be read at all are rejected with
//! their line and reason. A strict read fails instead, on the first anomaly.

use super::amounts::AmountEvidence;
use super::dates::DateEvidence;
use super::{CordisError, CordisProblem, Header, ParticipationRecord, ProjectRecord};
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A known kind of anomaly in CORDIS exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quirk {
    /// `FI;FI`: one value written twice where CORDIS merged two records; read as `FI`.
    DoubledValue,
    /// `FI;SE` in a one-value column: the first is kept.
    SeveralValues,
    /// An amount written with a decimal comma (`316579,00`); read as a number.
    DecimalComma,
    /// An amount as a spreadsheet displays it in a user's locale: digits grouped
    /// (`1.234.567,89`, `1 234 567,89`) or a currency beside it (`1200 EUR`); read as the number.
    FormattedAmount,
    /// A date written back by a spreadsheet in a user's locale (`31/12/2023`, `1.3.2020`);
    /// read as the date.
    LocalDate,
    /// A line that is not UTF-8, as a spreadsheet saves text in Windows' Western code page;
    /// read as Windows-1252, of which Latin-1 is a part.
    Latin1,
    /// A numeric postcode that lost its leading zeros (`1067` for `01067` in Germany).
    PostcodeZeros,
    /// An identifier or number written as a whole-number float (`101001234.0`), as dataframe
    /// tools save an integer column with an empty cell; read as the integer.
    FloatId,
    /// A date written as a spreadsheet's serial day number (`44927`); read as the date.
    SerialDate,
    /// A country written as its English name (`Germany`); read as CORDIS's code (`DE`).
    CountryName,
    /// One organisation in one project under several roles (participant and third party): every
    /// role is kept, each as its own participation.
    SeveralRoles,
    /// The same record twice (a project under two RCNs after an amendment, or a participation
    /// row repeated): the most recent is kept.
    Superseded,
    /// A value that cannot be read where it only describes (`SME` = `yes?`, a country
    /// `Atlantis`): left out, and the row kept.
    Unreadable,
    /// A role code partnergraph has no class for (other programmes' codes); kept as written.
    OtherRole,
    /// A row that cannot be read (no project id, an amount that is not a number): skipped, and
    /// written to the store's rejects file.
    Rejected,
}

impl Quirk {
    /// The code the summary, the rejects file and the graph use (`doubled-value`).
    pub fn code(self) -> &'static str {
        match self {
            Self::DoubledValue => "doubled-value",
            Self::SeveralValues => "several-values",
            Self::DecimalComma => "decimal-comma",
            Self::FormattedAmount => "formatted-amount",
            Self::LocalDate => "local-date",
            Self::Latin1 => "latin-1",
            Self::PostcodeZeros => "postcode-zeros",
            Self::FloatId => "float-id",
            Self::SerialDate => "serial-date",
            Self::CountryName => "country-name",
            Self::SeveralRoles => "several-roles",
            Self::Superseded => "superseded",
            Self::Unreadable => "unreadable-value",
            Self::OtherRole => "other-role",
            Self::Rejected => "rejected",
        }
    }

    /// What was done, in words, for the build's summary.
    pub fn description(self) -> &'static str {
        match self {
            Self::DoubledValue => "doubled values read once (FI;FI → FI)",
            Self::SeveralValues => "several values in a one-value column; the first kept",
            Self::DecimalComma => "amounts with a decimal comma",
            Self::FormattedAmount => {
                "amounts with grouped digits or a currency (1 234 567,89 € → 1234567.89)"
            }
            Self::LocalDate => "dates in a spreadsheet's local format (31/12/2023 → 2023-12-31)",
            Self::Latin1 => "lines not in UTF-8, read as Windows-1252 (Latin-1)",
            Self::PostcodeZeros => "postcodes given back their leading zeros",
            Self::FloatId => "numbers written as whole-number floats (101001234.0 → 101001234)",
            Self::SerialDate => "dates written as spreadsheet day numbers (44927 → 2023-01-01)",
            Self::CountryName => "countries written as names (Germany → DE)",
            Self::SeveralRoles => {
                "organisations with several roles in one project; every role kept"
            }
            Self::Superseded => "records listed twice; the most recent kept",
            Self::Unreadable => "values that could not be read; left out, the row kept",
            Self::OtherRole => "role codes without a partnergraph class; kept as written",
            Self::Rejected => "rows that could not be read; skipped (see the rejects file)",
        }
    }

    /// Whether a strict read fails on it: everything but the spelling of values.
    pub fn is_anomaly(self) -> bool {
        !matches!(
            self,
            Self::DecimalComma
                | Self::FormattedAmount
                | Self::LocalDate
                | Self::Latin1
                | Self::PostcodeZeros
                | Self::FloatId
                | Self::SerialDate
                | Self::CountryName
        )
    }
}

/// A repair of one record, kept with it for the graph: `country "FI;FI" read as "FI"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub quirk: Quirk,
    pub note: String,
}

/// How often a quirk occurred in one file, with its first occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub count: usize,
    /// The line of the first occurrence.
    pub line: usize,
    pub example: String,
}

/// What reading one file repaired and rejected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quality {
    pub tallies: BTreeMap<Quirk, Tally>,
    /// Rows skipped because they could not be read, in file order.
    pub rejects: Vec<CordisError>,
    /// What the file's local dates show of their order, while it is being read.
    pub(super) dates: DateEvidence,
    /// What the file's amounts show of their decimal mark, while it is being read.
    pub(super) amounts: AmountEvidence,
}

impl Quality {
    /// Counts one occurrence; the example is only made for the first.
    pub fn note(&mut self, quirk: Quirk, line: usize, example: impl FnOnce() -> String) {
        match self.tallies.get_mut(&quirk) {
            Some(tally) => {
                tally.count += 1;
                if line < tally.line {
                    tally.line = line;
                    tally.example = example();
                }
            }
            None => {
                self.tallies.insert(
                    quirk,
                    Tally {
                        count: 1,
                        line,
                        example: example(),
                    },
                );
            }
        }
    }

    pub fn reject(&mut self, error: CordisError) {
        let line = error.line;
        self.note(Quirk::Rejected, line, || match &error.column {
            Some(column) => format!("column {column}: {}", error.problem),
            None => error.problem.to_string(),
        });
        self.rejects.push(error);
    }

    /// Adds another part of the same file's counts (chunks are merged in file order).
    pub fn merge(&mut self, other: Quality) {
        for (quirk, tally) in other.tallies {
            match self.tallies.get_mut(&quirk) {
                Some(mine) => {
                    mine.count += tally.count;
                    if tally.line < mine.line {
                        mine.line = tally.line;
                        mine.example = tally.example;
                    }
                }
                None => {
                    self.tallies.insert(quirk, tally);
                }
            }
        }
        self.rejects.extend(other.rejects);
        self.dates.merge(other.dates);
        self.amounts.merge(other.amounts);
    }

    pub fn is_clean(&self) -> bool {
        self.tallies.is_empty()
    }
}

/// Which of two records of the same thing is the more recent: the later `contentUpdateDate`
/// (ISO text, so it sorts as text), then the higher RCN, then the later line.
fn recency(
    a: (Option<&str>, Option<&str>, usize),
    b: (Option<&str>, Option<&str>, usize),
) -> Ordering {
    let rcn = |r: Option<&str>| r.and_then(|r| r.parse::<u64>().ok());
    a.0.cmp(&b.0)
        .then_with(|| rcn(a.1).cmp(&rcn(b.1)))
        .then(a.2.cmp(&b.2))
}

/// The strict reading's error for a record listed again, at the column of its key.
fn repeat_error(
    header: &Header,
    key_columns: &[&str],
    line: usize,
    problem: CordisProblem,
) -> CordisError {
    CordisError {
        line,
        column: header.find(key_columns).and_then(|c| header.name(c)),
        problem,
    }
}

/// The most recent of several records of the same thing.
fn most_recent<'a>(
    rows: &[usize],
    recency_of: impl Fn(usize) -> (Option<&'a str>, Option<&'a str>, usize),
) -> usize {
    *rows
        .iter()
        .max_by(|&&a, &&b| recency(recency_of(a), recency_of(b)))
        .expect("a repeat has at least two records")
}

/// Removes the records marked in `dropped`, keeping the others' order.
fn drop_marked<T>(records: &mut Vec<T>, dropped: &[bool]) {
    let mut index = 0;
    records.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
}

/// Runs of records sharing a key, as index lists in file order; only runs of two or more.
fn repeated<K: Ord>(len: usize, key: impl Fn(usize) -> K + Sync) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..len).collect();
    order.par_sort_by(|&a, &b| key(a).cmp(&key(b)).then(a.cmp(&b)));
    order
        .chunk_by(|&a, &b| key(a) == key(b))
        .filter(|run| run.len() > 1)
        .map(<[usize]>::to_vec)
        .collect()
}

/// Keeps the most recent record of each project listed more than once. Strict: the first repeat
/// is an error, as it was before repairs existed.
pub(super) fn resolve_projects(
    records: &mut Vec<ProjectRecord>,
    quality: &mut Quality,
    header: &Header,
    strict: bool,
) -> Result<(), CordisError> {
    let runs = repeated(records.len(), |i| records[i].id.as_str());
    if let (true, Some(run)) = (strict, runs.first()) {
        let (first, second) = (&records[run[0]], &records[run[1]]);
        let problem = CordisProblem::DuplicateProject {
            id: second.id.to_string(),
            first_line: first.line.0,
            second_line: second.line.0,
        };
        return Err(repeat_error(header, &["id"], second.line.0, problem));
    }
    let mut dropped = vec![false; records.len()];
    for run in runs {
        let recency_of = |i: usize| {
            let r = &records[i];
            (r.content_update.as_deref(), r.rcn.as_deref(), r.line.0)
        };
        let kept = most_recent(&run, recency_of);
        for &other in run.iter().filter(|&&i| i != kept) {
            dropped[other] = true;
            let (old, new) = (&records[other], &records[kept]);
            let note = format!(
                "project {} is also listed at line {}{}; the record of line {} is kept as the more recent",
                new.id,
                old.line.0,
                old.rcn
                    .as_deref()
                    .map(|r| format!(" (rcn {r})"))
                    .unwrap_or_default(),
                new.line.0
            );
            quality.note(Quirk::Superseded, old.line.0, || note.clone());
            records[kept].repairs.push(Repair {
                quirk: Quirk::Superseded,
                note,
            });
        }
    }
    drop_marked(records, &dropped);
    Ok(())
}

/// Resolves organisations that appear more than once in a project: rows with the same role are
/// one participation listed twice (the most recent is kept), rows with different roles are all
/// kept and noted. Strict: any repeat is an error.
// Long because the three outcomes of a repeat (same role: one kept; other roles: all kept;
// strict: refused) are decided on the same group of rows, with the same notes.
pub(super) fn resolve_participations(
    records: &mut Vec<ParticipationRecord>,
    quality: &mut Quality,
    header: &Header,
    strict: bool,
) -> Result<(), CordisError> {
    let runs = repeated(records.len(), |i| {
        (records[i].project_id.as_str(), records[i].pic.as_str())
    });
    if let (true, Some(run)) = (strict, runs.first()) {
        let (first, second) = (&records[run[0]], &records[run[1]]);
        let problem = CordisProblem::DuplicateParticipation {
            project: second.project_id.to_string(),
            pic: second.pic.to_string(),
            first_line: first.line.0,
            second_line: second.line.0,
        };
        let columns = ["organisationID", "id"];
        return Err(repeat_error(header, &columns, second.line.0, problem));
    }
    let mut dropped = vec![false; records.len()];
    for run in runs {
        let mut by_role: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &run {
            by_role
                .entry(records[i].role_label.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        let mut kept_rows = Vec::new();
        for rows in by_role.values() {
            let recency_of = |i: usize| {
                (
                    records[i].content_update.as_deref(),
                    None,
                    records[i].line.0,
                )
            };
            let kept = most_recent(rows, recency_of);
            for &other in rows.iter().filter(|&&i| i != kept) {
                dropped[other] = true;
                let (old, new) = (&records[other], &records[kept]);
                let note = format!(
                    "organisation {} is listed as {} in project {} also at line {}; the row of line {} is kept as the more recent",
                    new.pic, new.role_label, new.project_id, old.line.0, new.line.0
                );
                quality.note(Quirk::Superseded, old.line.0, || note.clone());
                records[kept].repairs.push(Repair {
                    quirk: Quirk::Superseded,
                    note,
                });
            }
            kept_rows.push(kept);
        }
        if kept_rows.len() > 1 {
            kept_rows.sort_unstable();
            let roles: Vec<String> = kept_rows
                .iter()
                .map(|&i| format!("{} (line {})", records[i].role_label, records[i].line.0))
                .collect();
            let first = &records[kept_rows[0]];
            let note = format!(
                "organisation {} takes part in project {} in {} roles: {}",
                first.pic,
                first.project_id,
                kept_rows.len(),
                roles.join(", ")
            );
            let line = records[kept_rows[1]].line.0;
            quality.note(Quirk::SeveralRoles, line, || note.clone());
            for &i in &kept_rows {
                records[i].repairs.push(Repair {
                    quirk: Quirk::SeveralRoles,
                    note: note.clone(),
                });
            }
        }
    }
    drop_marked(records, &dropped);
    Ok(())
}

/// The file, in a store's generation, listing the rows its CORDIS exports could not be read.
pub const REJECTS_FILE: &str = "rejects.csv";

/// A row skipped by the build, with the document it is in.
#[derive(Debug, Clone)]
pub struct RejectedRow {
    pub source: crate::model::SourceId,
    pub path: std::path::PathBuf,
    pub error: CordisError,
}

/// Writes the rejects file (a header alone when nothing was rejected): comma-separated, one
/// row per rejected record with its source id, file, line, column and reason.
pub fn write_rejects(path: &std::path::Path, rejects: &[RejectedRow]) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_path(path)?;
    writer.write_record(["source", "file", "line", "column", "reason"])?;
    for row in rejects {
        writer.write_record([
            row.source.as_str(),
            &row.path.display().to_string(),
            &row.error.line.to_string(),
            row.error.column.as_deref().unwrap_or(""),
            &row.error.problem.to_string(),
        ])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every quirk, listed through a match so that a new one cannot be left out.
    fn every_quirk() -> Vec<Quirk> {
        let all = [
            Quirk::DoubledValue,
            Quirk::SeveralValues,
            Quirk::DecimalComma,
            Quirk::FormattedAmount,
            Quirk::LocalDate,
            Quirk::Latin1,
            Quirk::PostcodeZeros,
            Quirk::FloatId,
            Quirk::SerialDate,
            Quirk::CountryName,
            Quirk::SeveralRoles,
            Quirk::Superseded,
            Quirk::Unreadable,
            Quirk::OtherRole,
            Quirk::Rejected,
        ];
        for quirk in all {
            match quirk {
                Quirk::DoubledValue
                | Quirk::SeveralValues
                | Quirk::DecimalComma
                | Quirk::FormattedAmount
                | Quirk::LocalDate
                | Quirk::Latin1
                | Quirk::PostcodeZeros
                | Quirk::FloatId
                | Quirk::SerialDate
                | Quirk::CountryName
                | Quirk::SeveralRoles
                | Quirk::Superseded
                | Quirk::Unreadable
                | Quirk::OtherRole
                | Quirk::Rejected => {}
            }
        }
        all.to_vec()
    }

    /// The ontology documents the codes the graph's `pg:quirk` takes: all of them, and no other.
    #[test]
    fn the_ontology_lists_every_quirk_code() {
        let ttl = include_str!("../../../ontology/partnergraph.ttl");
        let comment = ttl
            .split("pg:quirk\n")
            .nth(1)
            .and_then(|rest| rest.split("rdfs:comment \"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .expect("pg:quirk has a comment");
        let listed: Vec<&str> = comment
            .trim_start_matches("The code of the quirk repaired: ")
            .trim_end_matches('.')
            .split([',', ' '])
            .filter(|w| !w.is_empty() && *w != "or")
            .collect();
        let mut codes: Vec<&str> = every_quirk().into_iter().map(Quirk::code).collect();
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        codes.sort_unstable();
        assert_eq!(sorted, codes, "{comment}");
    }
}
