//! Dates a spreadsheet wrote back in its user's locale (`31/01/2017`, `1/31/17 4:42 PM`), and
//! which of day and month comes first in each column of a file.
//!
//! A European spreadsheet writes the day first, a US one the month first, and one file holds
//! the work of one locale: so the order is decided per column from the evidence of all its
//! values (a first number above 12 can only be a day, a second one only a day too), then from
//! the file's other date columns, and only then by [`DEFAULT_ORDER`]. A column whose values
//! show both orders cannot be trusted where a value reads either way: those rows are rejected
//! (or fail a strict read), never read in a guessed order.

use super::evidence::{Decided, Example, Ways};
use std::collections::BTreeMap;

/// Which number a date written `a/b/year` starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateOrder {
    /// `31/01/2017`, as every European locale writes it.
    DayFirst,
    /// `1/31/2017`, as a US locale writes it.
    MonthFirst,
}

/// The order of a column none of whose values, and none of whose file's other date columns,
/// tell it: day first, since CORDIS data is European and most of its users re-save it in a
/// European locale.
pub(super) const DEFAULT_ORDER: DateOrder = DateOrder::DayFirst;

/// A two-digit year as POSIX `strptime` (and Python's `%y`) reads it: 69 to 99 are 1969 to 1999,
/// 00 to 68 are 2000 to 2068. Every CORDIS date, FP1 (1984) to Horizon Europe's last projects,
/// falls inside that window.
fn full_year(two_digits: u32) -> u32 {
    if two_digits >= 69 {
        1900 + two_digits
    } else {
        2000 + two_digits
    }
}

/// What a value says of its own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Told {
    /// It is a date in this order only (`31/01/2017`, `1/31/2017`).
    Order(DateOrder),
    /// It is a date in both orders, different ones (`1/3/2017`).
    Ambiguous,
    /// Both orders give the same date (`5/5/2017`), or neither gives one.
    Regardless,
}

/// A date as a spreadsheet writes it back in a user's locale: two numbers and a year separated
/// by `/`, `.` or `-` (`31/12/2023`, `1.3.2020`, `01-03-2020`, `1/31/17`), or the year first and
/// then month and day, as East Asian and Hungarian locales write it (`2023/12/31`,
/// `2023.12.31.`), perhaps with a time of day on the 24-hour or the 12-hour clock
/// (`15/01/2024 12:00`, `7/31/2022 4:42:46 PM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LocalDate {
    first: u32,
    second: u32,
    year: u32,
    /// Hours (0 to 23), minutes and seconds.
    time: Option<(u32, u32, u32)>,
    /// Written year first, so `first` is the month and `second` the day in every locale.
    year_first: bool,
}

impl LocalDate {
    pub(super) fn parse(text: &str) -> Option<LocalDate> {
        let (date, time) = match text.split_once(' ') {
            Some((date, time)) => (date, Some(time.trim())),
            None => (text, None),
        };
        let separator = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
        // Hungarian writes a point after the day too (`2023.12.31.`).
        let date = date.strip_suffix('.').unwrap_or(date);
        let mut parts = date.split(separator);
        let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let year_first = first.len() == 4;
        let (year, first, second) = if year_first {
            (number(first, 4..=4)?, second, third)
        } else {
            let year = match third.len() {
                4 => number(third, 4..=4)?,
                2 => full_year(number(third, 2..=2)?),
                _ => return None,
            };
            (year, first, second)
        };
        let time = match time {
            Some(time) => Some(clock(time)?),
            None => None,
        };
        Some(LocalDate {
            first: number(first, 1..=2)?,
            second: number(second, 1..=2)?,
            year,
            time,
            year_first,
        })
    }

    /// Whether the value, alone, shows which order it is written in.
    pub(super) fn told(&self) -> Told {
        if self.year_first {
            return Told::Regardless;
        }
        match (
            self.date(DateOrder::DayFirst),
            self.date(DateOrder::MonthFirst),
        ) {
            (Some(day_first), Some(month_first)) if day_first != month_first => Told::Ambiguous,
            (Some(_), None) => Told::Order(DateOrder::DayFirst),
            (None, Some(_)) => Told::Order(DateOrder::MonthFirst),
            _ => Told::Regardless,
        }
    }

    /// `YYYY-MM-DD` read in `order`, then ` hh:mm:ss` when a time was written; None if that is
    /// not a calendar date.
    pub(super) fn iso(&self, order: DateOrder) -> Option<String> {
        let date = self.date(order)?;
        Some(match self.time {
            Some((hours, minutes, seconds)) => {
                format!("{date} {hours:02}:{minutes:02}:{seconds:02}")
            }
            None => date,
        })
    }

    fn date(&self, order: DateOrder) -> Option<String> {
        let (day, month) = match order {
            _ if self.year_first => (self.second, self.first),
            DateOrder::DayFirst => (self.first, self.second),
            DateOrder::MonthFirst => (self.second, self.first),
        };
        super::values::parse_date(&format!("{:04}-{month:02}-{day:02}", self.year))
    }
}

/// Digits of a width in `widths`, as a number.
fn number(text: &str, widths: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (widths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A time of day: `16:42`, `16:42:46` (a fraction of a second dropped), or on the 12-hour clock
/// with `AM`/`PM` (`4:42:46 PM`, `12:05 am`), as hours, minutes and seconds.
fn clock(text: &str) -> Option<(u32, u32, u32)> {
    let upper = text.to_ascii_uppercase();
    let (digits, afternoon) = match upper
        .strip_suffix("AM")
        .map(|rest| (rest, false))
        .or_else(|| upper.strip_suffix("PM").map(|rest| (rest, true)))
    {
        Some((rest, afternoon)) => (rest.trim_end(), Some(afternoon)),
        None => (upper.as_str(), None),
    };
    let mut fields = digits.split(':');
    let hours = number(fields.next()?, 1..=2)?;
    let minutes = number(fields.next()?, 2..=2)?;
    let seconds = match fields.next() {
        Some(seconds) => {
            let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
            number(fraction, 1..=9)?;
            number(whole, 2..=2)?
        }
        None => 0,
    };
    if fields.next().is_some() || minutes > 59 || seconds > 59 {
        return None;
    }
    let hours = match afternoon {
        None if hours < 24 => hours,
        // 12 AM is midnight, 12 PM noon.
        Some(afternoon) if (1..=12).contains(&hours) => hours % 12 + if afternoon { 12 } else { 0 },
        _ => return None,
    };
    Some((hours, minutes, seconds))
}

/// What one column's local dates showed of their order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ColumnEvidence {
    day_first: Option<Example>,
    month_first: Option<Example>,
    /// Values that are dates in both orders, different ones.
    ambiguous: usize,
}

/// What a file's local dates showed of their order, column by column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct DateEvidence(BTreeMap<usize, ColumnEvidence>);

impl DateEvidence {
    pub(super) fn note(&mut self, column: usize, line: usize, value: &str, told: Told) {
        let evidence = self.0.entry(column).or_default();
        let example = || {
            Some(Example {
                line,
                value: value.to_owned(),
            })
        };
        match told {
            Told::Order(DateOrder::DayFirst) => {
                Example::earlier(&mut evidence.day_first, example())
            }
            Told::Order(DateOrder::MonthFirst) => {
                Example::earlier(&mut evidence.month_first, example());
            }
            Told::Ambiguous => evidence.ambiguous += 1,
            Told::Regardless => {}
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another part of the same file's evidence.
    pub(super) fn merge(&mut self, other: DateEvidence) {
        for (column, theirs) in other.0 {
            let mine = self.0.entry(column).or_default();
            Example::earlier(&mut mine.day_first, theirs.day_first);
            Example::earlier(&mut mine.month_first, theirs.month_first);
            mine.ambiguous += theirs.ambiguous;
        }
    }
}

/// The order of each date column of a file; an unknown one is [`DEFAULT_ORDER`].
pub(super) type DateOrders = Ways<DateOrder>;

impl Ways<DateOrder> {
    /// The orders the evidence shows: a column's own values, else the order all of the file's
    /// other decided columns agree on.
    pub(super) fn resolve(evidence: &DateEvidence) -> DateOrders {
        let columns = evidence
            .0
            .iter()
            .map(|(&column, e)| (column, [&e.day_first, &e.month_first]));
        Ways::decide(columns, [DateOrder::DayFirst, DateOrder::MonthFirst])
    }

    /// Whether a first reading, which read every column in [`DEFAULT_ORDER`], read some value
    /// that these orders read otherwise (or cannot read).
    pub(super) fn change(&self, evidence: &DateEvidence) -> bool {
        evidence.0.iter().any(|(&column, e)| {
            e.ambiguous > 0
                && !matches!(
                    self.of(column),
                    Decided::Unknown | Decided::Known(DEFAULT_ORDER)
                )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, order: DateOrder) -> Option<String> {
        LocalDate::parse(text)?.iso(order)
    }

    #[test]
    fn local_dates_in_either_order_with_times_and_short_years() {
        use DateOrder::{DayFirst, MonthFirst};
        for (text, order, iso) in [
            ("31/12/2023", DayFirst, "2023-12-31"),
            ("1/3/2021", DayFirst, "2021-03-01"),
            ("1/3/2021", MonthFirst, "2021-01-03"),
            ("01.03.2021", DayFirst, "2021-03-01"),
            ("1-3-2021", DayFirst, "2021-03-01"),
            ("12/31/2023", MonthFirst, "2023-12-31"),
            ("29/02/2024", DayFirst, "2024-02-29"),
            ("31.01.17", DayFirst, "2017-01-31"),
            ("1/31/17", MonthFirst, "2017-01-31"),
            ("6/30/84", MonthFirst, "1984-06-30"),
            ("1/1/68", MonthFirst, "2068-01-01"),
            ("1/1/69", MonthFirst, "1969-01-01"),
            ("15/01/2024 12:00", DayFirst, "2024-01-15 12:00:00"),
            ("15.01.2024 9:05:30", DayFirst, "2024-01-15 09:05:30"),
            ("7/31/2022 16:42", MonthFirst, "2022-07-31 16:42:00"),
            ("7/31/2022 4:42:46 PM", MonthFirst, "2022-07-31 16:42:46"),
            ("7/31/2022 4:42:46PM", MonthFirst, "2022-07-31 16:42:46"),
            ("7/31/22 12:05 am", MonthFirst, "2022-07-31 00:05:00"),
            ("7/31/22 12:05 PM", MonthFirst, "2022-07-31 12:05:00"),
            ("31/07/2022 16:42:46.250", DayFirst, "2022-07-31 16:42:46"),
            // Year first, month then day whatever the column's order.
            ("2023/12/31", DayFirst, "2023-12-31"),
            ("2021/3/1", MonthFirst, "2021-03-01"),
            ("2021/3/1", DayFirst, "2021-03-01"),
            ("2023.12.31.", DayFirst, "2023-12-31"),
            ("2022/07/31 16:42", DayFirst, "2022-07-31 16:42:00"),
        ] {
            assert_eq!(read(text, order).as_deref(), Some(iso), "{text}");
        }
        assert_eq!(
            LocalDate::parse("2021/3/1").unwrap().told(),
            Told::Regardless
        );
        for other in [
            "2023/13/31",
            "2023/02/30",
            "13/13/2023",
            "1/3/2021/4",
            "1/3-2021",
            "1/3/202",
            "1/3/2",
            "15/01/2024 25:00",
            "15/01/2024 noon",
            "7/31/2022 13:00 PM",
            "7/31/2022 0:10 AM",
            "44927",
            "",
        ] {
            let parsed = LocalDate::parse(other);
            assert!(
                parsed.is_none_or(|date| date.told() == Told::Regardless
                    && date.iso(DateOrder::DayFirst).is_none()),
                "{other}"
            );
        }
    }

    #[test]
    fn a_value_tells_its_order_when_only_one_reads() {
        let told = |text| LocalDate::parse(text).unwrap().told();
        assert_eq!(told("31/01/2017"), Told::Order(DateOrder::DayFirst));
        assert_eq!(told("1/31/17"), Told::Order(DateOrder::MonthFirst));
        assert_eq!(told("1/3/2017"), Told::Ambiguous);
        assert_eq!(told("5/5/2017"), Told::Regardless);
        // 29/02 of a leap year is day first only; 30/02 is no date at all.
        assert_eq!(told("29/2/2024"), Told::Order(DateOrder::DayFirst));
        assert_eq!(told("30/2/2024"), Told::Regardless);
    }

    fn evidence(columns: &[(usize, &[&str])]) -> DateEvidence {
        let mut evidence = DateEvidence::default();
        for &(column, values) in columns {
            for (line, value) in values.iter().enumerate() {
                let told = LocalDate::parse(value).unwrap().told();
                evidence.note(column, line + 2, value, told);
            }
        }
        evidence
    }

    #[test]
    fn a_column_takes_its_own_order_then_the_files_then_the_default() {
        use DateOrder::{DayFirst, MonthFirst};
        use Decided::{Known, Unknown};
        // Start dates all read either way; the end dates are month first, so is the file.
        let us = evidence(&[
            (4, &["1/3/2020", "2/1/2021"]),
            (5, &["12/31/2023", "1/2/2024"]),
        ]);
        let orders = DateOrders::resolve(&us);
        assert_eq!(orders.of(4), &Known(MonthFirst));
        assert_eq!(orders.of(5), &Known(MonthFirst));
        assert!(orders.change(&us));
        // Day first by the column's own values: the first reading stands.
        let european = evidence(&[(4, &["1/3/2020", "13/1/2021"])]);
        let orders = DateOrders::resolve(&european);
        assert_eq!(orders.of(4), &Known(DayFirst));
        assert!(!orders.change(&european));
        // Nothing tells: the default.
        let silent = evidence(&[(4, &["1/3/2020"]), (7, &["2/4/2020 10:00"])]);
        assert_eq!(DateOrders::resolve(&silent).of(7), &Unknown);
        // Columns that disagree leave a silent one to the default.
        let split = evidence(&[(4, &["13/1/2020"]), (5, &["1/13/2020"]), (6, &["1/2/2020"])]);
        assert_eq!(DateOrders::resolve(&split).of(6), &Unknown);
    }

    #[test]
    fn a_column_of_both_orders_is_mixed_with_its_first_examples() {
        let mut first = evidence(&[(4, &["1/2/2020", "1/13/2020"])]);
        first.merge(evidence(&[(4, &["13/1/2020", "2/1/2020"])]));
        let orders = DateOrders::resolve(&first);
        assert_eq!(
            orders.of(4),
            &Decided::Mixed(
                Example {
                    line: 2,
                    value: "13/1/2020".into()
                },
                Example {
                    line: 3,
                    value: "1/13/2020".into()
                },
            )
        );
        assert!(orders.change(&first));
    }
}
