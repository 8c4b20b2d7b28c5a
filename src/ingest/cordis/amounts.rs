//! Amounts a spreadsheet wrote back with its user's locale's grouping (`1,234,567`,
//! `1.234.567,89`), and which of `,` and `.` is the decimal mark in each amount column of a file.
//!
//! A US spreadsheet groups thousands with commas (`1,234,567.89`), a European one with points
//! (`1.234.567,89`); a whole amount of under a million shows one separator before three digits
//! (`450,000`, `450.000`), which reads either way. A value with both separators, or one of them
//! repeated, shows its column's decimal mark; a value that reads either way takes that mark,
//! else the mark all of the file's other decided columns agree on, else [the default](AmountMarks).
//! A column whose values show both marks cannot be trusted where a value reads either way:
//! those rows are rejected (or fail a strict read), never read in a guessed way. A lone
//! separator before any other number of digits (`316579,00`, `450000.0`) is a decimal mark and
//! shows nothing of the column: CORDIS writes both, and a spreadsheet keeps a value it cannot
//! read as a number as the text it was.

use super::evidence::{Decided, Example, Ways};
use std::collections::BTreeMap;

/// The character between an amount's whole part and its decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DecimalMark {
    /// `1,234,567.89`, as a US or UK locale writes it.
    Point,
    /// `1.234.567,89`, as most European locales write it.
    Comma,
}

/// What an amount says of its column's decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Told {
    /// Grouped, so its decimal mark is this one (`1,234.5` and `1,234,567` say a point).
    Mark(DecimalMark),
    /// One separator, this one, before exactly three digits, after one to three digits that do
    /// not start with 0 (`450,000`): thousands grouped, or three decimals.
    Ambiguous(DecimalMark),
    /// Nothing: ungrouped, or a separator that can only be a decimal mark (`316579,00`).
    Nothing,
}

/// What one column's amounts showed of their decimal mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ColumnEvidence {
    point: Option<Example>,
    comma: Option<Example>,
    /// Some value reads either way with a comma (`450,000`), with a point (`450.000`).
    ambiguous_comma: bool,
    ambiguous_point: bool,
}

/// What a file's amounts showed of their decimal mark, column by column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct AmountEvidence(BTreeMap<usize, ColumnEvidence>);

impl AmountEvidence {
    pub(super) fn note(&mut self, column: usize, line: usize, value: &str, told: Told) {
        if told == Told::Nothing {
            return;
        }
        let evidence = self.0.entry(column).or_default();
        let example = || {
            Some(Example {
                line,
                value: value.to_owned(),
            })
        };
        match told {
            Told::Mark(DecimalMark::Point) => Example::earlier(&mut evidence.point, example()),
            Told::Mark(DecimalMark::Comma) => Example::earlier(&mut evidence.comma, example()),
            Told::Ambiguous(DecimalMark::Comma) => evidence.ambiguous_comma = true,
            Told::Ambiguous(DecimalMark::Point) => evidence.ambiguous_point = true,
            Told::Nothing => {}
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another part of the same file's evidence.
    pub(super) fn merge(&mut self, other: AmountEvidence) {
        for (column, theirs) in other.0 {
            let mine = self.0.entry(column).or_default();
            Example::earlier(&mut mine.point, theirs.point);
            Example::earlier(&mut mine.comma, theirs.comma);
            mine.ambiguous_comma |= theirs.ambiguous_comma;
            mine.ambiguous_point |= theirs.ambiguous_point;
        }
    }
}

/// The decimal mark of each amount column of a file. An unknown one reads a lone separator
/// before three digits as grouping, both `450,000` and `450.000` as 450000: CORDIS writes amounts
/// ungrouped with at most two decimals (`450000`, `316579,00`, `450000.0`), and euro amounts are
/// kept to the cent, so three digits after a separator are a spreadsheet's grouping far more
/// often than three decimals. In a column of both marks, one that reads either way cannot be
/// read.
pub(super) type AmountMarks = Ways<DecimalMark>;

impl Ways<DecimalMark> {
    /// The marks the evidence shows: a column's own values, else the mark all of the file's
    /// other decided columns agree on.
    pub(super) fn resolve(evidence: &AmountEvidence) -> AmountMarks {
        let columns = evidence
            .0
            .iter()
            .map(|(&column, e)| (column, [&e.point, &e.comma]));
        Ways::decide(columns, [DecimalMark::Point, DecimalMark::Comma])
    }

    /// Whether a first reading, which read every lone separator before three digits as
    /// grouping, read some value that these marks read otherwise (or cannot read).
    pub(super) fn change(&self, evidence: &AmountEvidence) -> bool {
        evidence.0.iter().any(|(&column, e)| match self.of(column) {
            Decided::Known(DecimalMark::Comma) => e.ambiguous_comma,
            Decided::Known(DecimalMark::Point) => e.ambiguous_point,
            Decided::Unknown => false,
            Decided::Mixed(..) => e.ambiguous_comma || e.ambiguous_point,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::values::read_amount;
    use super::*;
    use DecimalMark::{Comma, Point};

    fn evidence(columns: &[(usize, &[&str])]) -> AmountEvidence {
        let mut evidence = AmountEvidence::default();
        for &(column, values) in columns {
            for (line, value) in values.iter().enumerate() {
                let told = read_amount(value, None).unwrap().told;
                evidence.note(column, line + 2, value, told);
            }
        }
        evidence
    }

    #[test]
    fn grouped_values_tell_their_mark_and_a_lone_group_reads_either_way() {
        let told = |text| read_amount(text, None).unwrap().told;
        assert_eq!(told("1,234.56"), Told::Mark(Point));
        assert_eq!(told("1,234,567"), Told::Mark(Point));
        assert_eq!(told("1.234,56"), Told::Mark(Comma));
        assert_eq!(told("1.234.567"), Told::Mark(Comma));
        assert_eq!(told("1 234,56"), Told::Mark(Comma));
        assert_eq!(told("1'234.56"), Told::Mark(Point));
        assert_eq!(told("450,000"), Told::Ambiguous(Comma));
        assert_eq!(told("-450.000"), Told::Ambiguous(Point));
        assert_eq!(told("€ 1,250"), Told::Ambiguous(Comma));
        // A decimal mark only: too many or too few digits for a group, or a group of 0.
        for plain in [
            "450000",
            "450000.0",
            "316579,00",
            "4500,000",
            "0,125",
            "1,2345",
            "1 234",
        ] {
            assert_eq!(told(plain), Told::Nothing, "{plain}");
        }
    }

    #[test]
    fn us_and_european_columns_read_their_lone_groups_by_their_own_mark() {
        let us = evidence(&[(3, &["1,234,567", "450,000", "12.500"])]);
        let marks = AmountMarks::resolve(&us);
        assert_eq!(marks.of(3), &Decided::Known(Point));
        // `12.500` was read as 12500 by the first reading: read again.
        assert!(marks.change(&us));
        let european = evidence(&[(3, &["1.234.567,89", "450.000"])]);
        let marks = AmountMarks::resolve(&european);
        assert_eq!(marks.of(3), &Decided::Known(Comma));
        // `450.000` groups in both readings.
        assert!(!marks.change(&european));
    }

    #[test]
    fn a_silent_column_takes_the_files_mark_then_the_default() {
        let us = evidence(&[(3, &["1,234.5"]), (4, &["450.000"])]);
        let marks = AmountMarks::resolve(&us);
        assert_eq!(marks.of(4), &Decided::Known(Point));
        assert!(marks.change(&us));
        let silent = evidence(&[(4, &["450.000", "316579,00", "450000.0"])]);
        let marks = AmountMarks::resolve(&silent);
        assert_eq!(marks.of(4), &Decided::Unknown);
        assert!(!marks.change(&silent));
        // Columns that disagree leave a silent one to the default.
        let split = evidence(&[(3, &["1,234.5"]), (4, &["1.234,5"]), (5, &["450,000"])]);
        assert_eq!(AmountMarks::resolve(&split).of(5), &Decided::Unknown);
        // A plain CORDIS file gives no evidence at all.
        assert!(evidence(&[(3, &["450000", "316579,00"])]).is_empty());
    }

    #[test]
    fn a_column_of_both_marks_is_mixed_with_its_first_examples() {
        let mut first = evidence(&[(3, &["450,000", "1.234,5"])]);
        first.merge(evidence(&[(3, &["1,234,567", "2.000.000"])]));
        let marks = AmountMarks::resolve(&first);
        assert_eq!(
            marks.of(3),
            &Decided::Mixed(
                Example {
                    line: 2,
                    value: "1,234,567".into()
                },
                Example {
                    line: 3,
                    value: "1.234,5".into()
                },
            )
        );
        assert!(marks.change(&first));
    }
}
