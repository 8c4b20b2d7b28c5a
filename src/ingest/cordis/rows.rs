//! One record at a time: a row's fields (from CSV, JSON or a spreadsheet) into a typed record,
//! with the repairs of known quirks noted as they are made.

use super::amounts::{AmountEvidence, AmountMarks, Told as AmountTold};
use super::dates::{DEFAULT_ORDER, DateEvidence, DateOrders, LocalDate, Told};
use super::evidence::Decided;
use super::quality::{Quality, Quirk, Repair};
use super::values::{
    parse_country, parse_date, parse_flag, parse_serial_date, postcode_digits, read_amount,
    shorten, trim, whole_number,
};
use super::{
    CordisError, CordisProblem, FieldOfScienceRecord, Header, LegalBasisRecord,
    ParticipationRecord, ProjectRecord, ReadPolicy, TopicRecord,
};
use crate::model::{CountryCode, Line, Pic, ProjectId, Role, country_code};
use std::cell::RefCell;

/// A record type and how it is read from a row.
pub(super) trait Table: Sized + Send {
    /// Column positions, resolved once from the header.
    type Columns: Sync;
    fn columns(header: &Header) -> Result<Self::Columns, CordisError>;
    fn from_row(row: &Row<'_>, columns: &Self::Columns) -> Result<Self, CordisError>;
    /// Takes the repairs made while reading the row; tables without provenance drop them.
    fn keep_repairs(&mut self, _repairs: Vec<Repair>) {}
}

/// How the rows of one file are read: its header, the columns of its table, the policy, the
/// order of day and month in its date columns and the decimal mark of its amount columns.
pub(super) struct Reading<'a, T: Table> {
    pub header: &'a Header,
    pub columns: &'a T::Columns,
    pub policy: ReadPolicy,
    pub dates: &'a DateOrders,
    pub amounts: &'a AmountMarks,
}

impl<'a, T: Table> Reading<'a, T> {
    pub fn new(
        header: &'a Header,
        columns: &'a T::Columns,
        policy: ReadPolicy,
        (dates, amounts): (&'a DateOrders, &'a AmountMarks),
    ) -> Self {
        Self {
            header,
            columns,
            policy,
            dates,
            amounts,
        }
    }
}

/// Reads one row as a `T`. A row that cannot be read is rejected into `quality` (Ok(None)), or,
/// in a strict read, is the error. A row of empty fields only (a spreadsheet's padding below
/// its table) holds nothing, and is skipped like a blank line.
pub(super) fn convert<T: Table>(
    fields: (&str, &[usize]),
    line: usize,
    reading: &Reading<'_, T>,
    quality: &mut Quality,
) -> Result<Option<T>, CordisError> {
    let (text, ends) = fields;
    let header = reading.header;
    if text.trim().is_empty() {
        return Ok(None);
    }
    // Empty fields past the header's last column are a spreadsheet's padding.
    let width = header.names.len();
    let padded = ends.len() > width && ends.get(width.wrapping_sub(1)) == ends.last();
    let result = if ends.len() == width || padded {
        let row = Row {
            text,
            ends,
            line,
            header,
            policy: reading.policy,
            dates: reading.dates,
            amounts: reading.amounts,
            quality: RefCell::new(Quality::default()),
            repairs: RefCell::new(Vec::new()),
            evidence: RefCell::new(DateEvidence::default()),
            amount_evidence: RefCell::new(AmountEvidence::default()),
        };
        // A rejected row's repairs are not counted: only the rejection is. Its dates and
        // amounts still show how the file writes them.
        let record = T::from_row(&row, reading.columns);
        let evidence = row.evidence.into_inner();
        if !evidence.is_empty() {
            quality.dates.merge(evidence);
        }
        let evidence = row.amount_evidence.into_inner();
        if !evidence.is_empty() {
            quality.amounts.merge(evidence);
        }
        record.map(|mut record| {
            let repaired = row.quality.into_inner();
            if !repaired.is_clean() {
                quality.merge(repaired);
            }
            record.keep_repairs(row.repairs.into_inner());
            record
        })
    } else {
        Err(field_count_error(header, line, ends.len()))
    };
    match result {
        Ok(record) => Ok(Some(record)),
        Err(error) if !reading.policy.strict => {
            quality.reject(error);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Reads rows already split into fields (JSON, spreadsheets), in parallel slices.
pub(super) fn convert_all<T: Table>(
    rows: &super::Rows,
    header: &Header,
    policy: ReadPolicy,
    conventions: (&DateOrders, &AmountMarks),
) -> Result<(Vec<T>, Quality), CordisError> {
    use rayon::prelude::*;
    let columns = T::columns(header)?;
    let reading = Reading::<T>::new(header, &columns, policy, conventions);
    let parts: Vec<Result<(Vec<T>, Quality), CordisError>> = rows
        .par_chunks(4096)
        .map(|slice| {
            let mut quality = Quality::default();
            let mut records = Vec::with_capacity(slice.len());
            let (mut text, mut ends) = (String::new(), Vec::new());
            for (line, fields) in slice {
                text.clear();
                ends.clear();
                for field in fields {
                    text.push_str(field);
                    ends.push(text.len());
                }
                let record = convert((&text, &ends), *line, &reading, &mut quality);
                records.extend(record?);
            }
            Ok((records, quality))
        })
        .collect();
    let mut records = Vec::with_capacity(rows.len());
    let mut quality = Quality::default();
    for part in parts {
        let (mut part_records, part_quality) = part?;
        records.append(&mut part_records);
        quality.merge(part_quality);
    }
    Ok((records, quality))
}

/// One record being converted, with what its errors need: the record's text (fields back to
/// back) and where each field ends in it.
pub(super) struct Row<'a> {
    text: &'a str,
    ends: &'a [usize],
    line: usize,
    header: &'a Header,
    policy: ReadPolicy,
    dates: &'a DateOrders,
    amounts: &'a AmountMarks,
    quality: RefCell<Quality>,
    repairs: RefCell<Vec<Repair>>,
    /// What the row's local dates show of the order the file writes them in.
    evidence: RefCell<DateEvidence>,
    /// What the row's amounts show of the decimal mark the file writes them with.
    amount_evidence: RefCell<AmountEvidence>,
}

impl<'a> Row<'a> {
    fn error(&self, column: usize, problem: CordisProblem) -> CordisError {
        CordisError {
            line: self.line,
            column: self.header.name(column),
            problem,
        }
    }

    /// Counts a quirk; `note` also keeps it on the record. A strict read refuses anomalies.
    fn repaired(
        &self,
        column: usize,
        quirk: Quirk,
        value: &str,
        note: Option<String>,
    ) -> Result<(), CordisError> {
        if self.policy.strict && quirk.is_anomaly() {
            let expected = match quirk {
                Quirk::OtherRole => {
                    "a CORDIS role (coordinator, participant, partner, thirdParty, associatedPartner, internationalPartner)"
                }
                _ => "one value (a strict read repairs nothing)",
            };
            return Err(self.error(
                column,
                CordisProblem::Invalid {
                    value: shorten(value, 80),
                    expected,
                },
            ));
        }
        let column_name = self.header.name(column).unwrap_or_default();
        self.quality
            .borrow_mut()
            .note(quirk, self.line, || match &note {
                Some(note) => format!("{column_name} {note}"),
                None => format!("{column_name} {value:?}"),
            });
        if let Some(note) = note {
            self.repairs.borrow_mut().push(Repair {
                quirk,
                note: format!("{column_name} {note}"),
            });
        }
        Ok(())
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

    /// A value of a column that holds one value, where CORDIS may have written several
    /// (`FI;FI` when it merged two records of one organisation): the same value repeated is
    /// read once; different values give the first, noted.
    fn single(&self, column: Option<usize>) -> Result<Option<&'a str>, CordisError> {
        let Some(value) = self.text(column) else {
            return Ok(None);
        };
        if !value.contains(';') {
            return Ok(Some(value));
        }
        let column = column.expect("a value has a column");
        let mut parts = value.split(';').map(trim).filter(|p| !p.is_empty());
        let Some(first) = parts.next() else {
            return Ok(None);
        };
        let quirk = if parts.all(|p| p == first) {
            Quirk::DoubledValue
        } else {
            Quirk::SeveralValues
        };
        self.repaired(
            column,
            quirk,
            value,
            Some(format!("{value:?} read as {first:?}")),
        )?;
        Ok(Some(first))
    }

    /// A name: only a name repeated whole (`A;A`) is read once, as a name may hold `;`.
    fn name(&self, column: usize) -> Result<&'a str, CordisError> {
        let value = self.required(column)?;
        let mut parts = value.split(';').map(trim);
        let first = parts.next().unwrap_or(value);
        if value.contains(';') && !first.is_empty() && parts.all(|p| p == first) {
            self.repaired(
                column,
                Quirk::DoubledValue,
                value,
                Some(format!("{value:?} read as {first:?}")),
            )?;
            return Ok(first);
        }
        Ok(value)
    }

    fn string(&self, column: Option<usize>) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    fn single_string(&self, column: Option<usize>) -> Result<Option<String>, CordisError> {
        Ok(self.single(column)?.map(str::to_owned))
    }

    fn required(&self, column: usize) -> Result<&'a str, CordisError> {
        self.text(Some(column))
            .ok_or_else(|| self.error(column, CordisProblem::Empty))
    }

    /// An integer-valued field (an id, a PIC, an RCN, an order) with a whole-number float
    /// (`101001234.0`) read as its integer.
    fn integer(&self, column: Option<usize>) -> Result<Option<&'a str>, CordisError> {
        self.rewritten(column, Quirk::FloatId, whole_number, |value| value)
    }

    /// The value of `column` as `rewrite` gives it (the repair noted as `quirk`), or, when it
    /// gives none, as `keep` takes it.
    fn rewritten<T>(
        &self,
        column: Option<usize>,
        quirk: Quirk,
        rewrite: impl Fn(&'a str) -> Option<T>,
        keep: impl Fn(&'a str) -> T,
    ) -> Result<Option<T>, CordisError> {
        let Some(value) = self.text(column) else {
            return Ok(None);
        };
        match rewrite(value) {
            Some(rewritten) => {
                let column = column.expect("a value has a column");
                self.repaired(column, quirk, value, None)?;
                Ok(Some(rewritten))
            }
            None => Ok(Some(keep(value))),
        }
    }

    /// A required identifier: a grant number or a PIC.
    fn id(&self, column: usize) -> Result<&'a str, CordisError> {
        self.required(column)?;
        Ok(self.integer(Some(column))?.expect("a required value"))
    }

    fn parsed<T>(
        &self,
        column: Option<usize>,
        value: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, CordisError> {
        let (Some(column), Some(value)) = (column, value) else {
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

    /// An amount; a decimal comma, and the grouping or currency of a spreadsheet's display,
    /// are noted. One that reads as grouped thousands or with three decimals (`450,000`) is
    /// read by its column's decimal mark; in a column of both marks it cannot be read.
    fn amount(&self, column: Option<usize>) -> Result<Option<f64>, CordisError> {
        let value = self.text(column);
        let mark = column.map_or(&Decided::Unknown, |column| self.amounts.of(column));
        let decimal = match mark {
            Decided::Known(mark) => Some(*mark),
            Decided::Unknown | Decided::Mixed(..) => None,
        };
        let read = |text: &str| read_amount(text, decimal);
        let amount = self.parsed(column, value, read, "an amount")?;
        if let (Some(column), Some(value), Some(amount)) = (column, value, amount) {
            if amount.told != AmountTold::Nothing {
                self.amount_evidence
                    .borrow_mut()
                    .note(column, self.line, value, amount.told);
            }
            if let (AmountTold::Ambiguous(_), Decided::Mixed(point, comma)) = (amount.told, mark) {
                let problem = CordisProblem::AmbiguousAmount {
                    value: shorten(value, 80),
                    marks: Box::new([
                        (point.line, point.value.clone()),
                        (comma.line, comma.value.clone()),
                    ]),
                };
                return Err(self.error(column, problem));
            }
            if amount.decimal_comma {
                self.repaired(column, Quirk::DecimalComma, value, None)?;
            }
            if amount.formatted {
                self.repaired(column, Quirk::FormattedAmount, value, None)?;
            }
        }
        Ok(amount.map(|amount| amount.value))
    }

    /// A value that describes rather than identifies (a flag, a country, a date): one that
    /// cannot be read is left out, noted, and the row kept.
    fn lenient<T>(
        &self,
        column: Option<usize>,
        parse: impl Fn(&str) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, CordisError> {
        let value = self.single(column)?;
        self.lenient_value(column, value, parse, expected)
    }

    fn lenient_value<T>(
        &self,
        column: Option<usize>,
        value: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, CordisError> {
        match (column, value) {
            (Some(column), Some(value)) => match parse(value) {
                Some(parsed) => Ok(Some(parsed)),
                None if self.policy.strict => Err(self.error(
                    column,
                    CordisProblem::Invalid {
                        value: shorten(value, 80),
                        expected,
                    },
                )),
                None => {
                    let note = format!("{:?} is not {expected}; left out", shorten(value, 80));
                    self.repaired(column, Quirk::Unreadable, value, Some(note))?;
                    Ok(None)
                }
            },
            _ => Ok(None),
        }
    }

    fn flag(&self, column: Option<usize>) -> Result<Option<bool>, CordisError> {
        self.lenient(column, parse_flag, "true or false")
    }

    /// A date, also when a spreadsheet left it as its serial day number or wrote it back in a
    /// user's locale (both noted).
    fn date(&self, column: Option<usize>) -> Result<Option<String>, CordisError> {
        if let (Some(at), Some(value)) = (column, self.text(column))
            && parse_date(value).is_none()
        {
            if let Some(date) = parse_serial_date(value) {
                let note = format!("{value:?} read as the day number of {date:?}");
                self.repaired(at, Quirk::SerialDate, value, Some(note))?;
                return Ok(Some(date));
            }
            if let Some(mut date) = self.local_date(at, value)? {
                date.truncate(10);
                let note = format!("{value:?} read as {date:?}");
                self.repaired(at, Quirk::LocalDate, value, Some(note))?;
                return Ok(Some(date));
            }
        }
        self.lenient(column, parse_date, "a date (YYYY-MM-DD)")
    }

    /// A time of update (`contentUpdateDate`), which orders two records of one thing as text:
    /// one written back in a user's locale is rewritten as CORDIS writes it (noted).
    fn updated(&self, column: Option<usize>) -> Result<Option<String>, CordisError> {
        let (Some(at), Some(value)) = (column, self.text(column)) else {
            return Ok(None);
        };
        if parse_date(value).is_none()
            && let Some(date) = self.local_date(at, value)?
        {
            self.repaired(at, Quirk::LocalDate, value, None)?;
            return Ok(Some(date));
        }
        Ok(Some(value.to_owned()))
    }

    /// A date written back in a user's locale as `YYYY-MM-DD` (with ` hh:mm:ss` when it has a
    /// time), in the order the value itself shows, else the one its column's values show; None
    /// if `value` is no such date. One that reads either way in a column of both orders cannot
    /// be read.
    fn local_date(&self, column: usize, value: &str) -> Result<Option<String>, CordisError> {
        let Some(date) = LocalDate::parse(value) else {
            return Ok(None);
        };
        let told = date.told();
        self.evidence
            .borrow_mut()
            .note(column, self.line, value, told);
        let order = match (told, self.dates.of(column)) {
            (Told::Order(order), _) => order,
            (Told::Ambiguous, Decided::Known(order)) => *order,
            (Told::Ambiguous, Decided::Unknown) | (Told::Regardless, _) => DEFAULT_ORDER,
            (Told::Ambiguous, Decided::Mixed(day_first, month_first)) => {
                let problem = CordisProblem::AmbiguousDate {
                    value: shorten(value, 80),
                    orders: Box::new([
                        (day_first.line, day_first.value.clone()),
                        (month_first.line, month_first.value.clone()),
                    ]),
                };
                return Err(self.error(column, problem));
            }
        };
        Ok(date.iso(order))
    }

    /// A country code, also when the country is written as its name (noted).
    fn country(&self, column: Option<usize>) -> Result<Option<CountryCode>, CordisError> {
        let value = self.single(column)?;
        if let (Some(at), Some(value)) = (column, value)
            && parse_country(value).is_none()
            && let Some(code) = country_code(value)
        {
            let note = format!("{value:?} read as {:?}", code.as_str());
            self.repaired(at, Quirk::CountryName, value, Some(note))?;
            return Ok(Some(code));
        }
        self.lenient_value(column, value, parse_country, "a country code or name")
    }
}

pub(super) struct ProjectColumns {
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
    content_update: Option<usize>,
    rcn: Option<usize>,
}

impl Table for ProjectRecord {
    type Columns = ProjectColumns;

    fn columns(h: &Header) -> Result<ProjectColumns, CordisError> {
        let required = |name| h.require(name, "project.csv", "id and acronym");
        Ok(ProjectColumns {
            id: required(&["id", "projectID", "reference"])?,
            acronym: required(&["acronym", "projectAcronym"])?,
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
            content_update: h.find(&["contentUpdateDate"]),
            rcn: h.find(&["rcn", "projectRcn"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &ProjectColumns) -> Result<Self, CordisError> {
        Ok(Self {
            id: ProjectId::new(row.id(c.id)?),
            acronym: row.required(c.acronym)?.to_owned(),
            status: row.string(c.status),
            title: row.string(c.title),
            start_date: row.date(c.start_date)?,
            end_date: row.date(c.end_date)?,
            total_cost: row.amount(c.total_cost)?,
            ec_max_contribution: row.amount(c.ec_max_contribution)?,
            legal_basis: row.string(c.legal_basis),
            topics: row.string(c.topics),
            framework_programme: row.single_string(c.framework_programme)?,
            funding_scheme: row.string(c.funding_scheme),
            objective: row.string(c.objective),
            content_update: row.updated(c.content_update)?,
            rcn: row.integer(c.rcn)?.map(str::to_owned),
            repairs: Vec::new(),
            line: Line(row.line),
        })
    }

    fn keep_repairs(&mut self, repairs: Vec<Repair>) {
        self.repairs = repairs;
    }
}

pub(super) struct ParticipationColumns {
    project_id: usize,
    pic: usize,
    name: usize,
    role: usize,
    project_acronym: Option<usize>,
    vat_number: Option<usize>,
    short_name: Option<usize>,
    sme: Option<usize>,
    activity_type: Option<usize>,
    street: Option<usize>,
    post_code: Option<usize>,
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
    content_update: Option<usize>,
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
            // FP7's legacy layout calls the grant number `projectReference`, and the PIC `id`.
            project_id: required(&["projectID", "projectReference"])?,
            pic: required(&["organisationID", "id"])?,
            name: required(&["name"])?,
            role: required(&["role"])?,
            project_acronym: h.find(&["projectAcronym"]),
            vat_number: h.find(&["vatNumber"]),
            short_name: h.find(&["shortName"]),
            sme: h.find(&["SME"]),
            activity_type: h.find(&["activityType"]),
            street: h.find(&["street"]),
            post_code: h.find(&["postCode", "postalCode"]),
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
            content_update: h.find(&["contentUpdateDate"]),
        })
    }

    fn from_row(row: &Row<'_>, c: &ParticipationColumns) -> Result<Self, CordisError> {
        let role_label = row.required(c.role)?;
        let role = Role::from_code(role_label);
        if role.is_none() {
            row.repaired(
                c.role,
                Quirk::OtherRole,
                role_label,
                Some(format!(
                    "{role_label:?} has no partnergraph role class; kept as written"
                )),
            )?;
        }
        let country = row.country(c.country)?;
        let post_code = row.single(c.post_code)?;
        let post_code = match (post_code, &country) {
            (Some(code), Some(country)) => match postcode_digits(country.as_str(), code) {
                Some(padded) => {
                    row.repaired(
                        c.post_code.expect("a value has a column"),
                        Quirk::PostcodeZeros,
                        code,
                        Some(format!("{code:?} read as {padded:?}")),
                    )?;
                    Some(padded)
                }
                None => Some(code.to_owned()),
            },
            (code, _) => code.map(str::to_owned),
        };
        Ok(Self {
            project_id: ProjectId::new(row.id(c.project_id)?),
            project_acronym: row.string(c.project_acronym),
            pic: Pic::new(row.id(c.pic)?),
            vat_number: row.single_string(c.vat_number)?,
            name: row.name(c.name)?.to_owned(),
            short_name: row.single_string(c.short_name)?,
            sme: row.flag(c.sme)?,
            activity_type: row.single_string(c.activity_type)?,
            street: row.single_string(c.street)?,
            post_code,
            city: row.single_string(c.city)?,
            country,
            nuts_code: row.single_string(c.nuts_code)?,
            geolocation: row.string(c.geolocation),
            url: row.single_string(c.url)?,
            order: row.lenient_value(
                c.order,
                row.integer(c.order)?,
                |v| v.parse().ok(),
                "a whole number",
            )?,
            role,
            role_label: role.map_or_else(|| role_label.to_owned(), |r| r.code().to_owned()),
            ec_contribution: row.amount(c.ec_contribution)?,
            net_ec_contribution: row.amount(c.net_ec_contribution)?,
            total_cost: row.amount(c.total_cost)?,
            end_of_participation: row.flag(c.end_of_participation)?,
            active: row.flag(c.active)?,
            content_update: row.updated(c.content_update)?,
            repairs: Vec::new(),
            line: Line(row.line),
        })
    }

    fn keep_repairs(&mut self, repairs: Vec<Repair>) {
        self.repairs = repairs;
    }
}

pub(super) struct FieldOfScienceColumns {
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
            project_id: ProjectId::new(row.id(c.project_id)?),
            code: row.required(c.code)?.to_owned(),
            path: row.required(c.path)?.to_owned(),
            title: row.required(c.title)?.to_owned(),
            line: Line(row.line),
        })
    }
}

pub(super) struct TopicColumns {
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
            project_id: ProjectId::new(row.id(c.project_id)?),
            topic: row.required(c.topic)?.to_owned(),
            title: row.string(c.title),
            line: Line(row.line),
        })
    }
}

pub(super) struct LegalBasisColumns {
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
            project_id: ProjectId::new(row.id(c.project_id)?),
            legal_basis: row.required(c.legal_basis)?.to_owned(),
            title: row.string(c.title),
            unique_programme_part: row.flag(c.unique_programme_part)?,
            line: Line(row.line),
        })
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
