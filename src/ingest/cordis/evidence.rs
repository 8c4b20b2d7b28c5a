//! Which of two ways each column of a file is written (day or month first, a decimal point or
//! comma), decided from the evidence of all its values, as one locale's spreadsheet writes a
//! whole file.

use std::collections::BTreeMap;

/// The first value (by line) that showed how a column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Example {
    pub line: usize,
    pub value: String,
}

impl Example {
    pub(super) fn earlier(slot: &mut Option<Example>, other: Option<Example>) {
        if let Some(other) = other
            && slot.as_ref().is_none_or(|mine| other.line < mine.line)
        {
            *slot = Some(other);
        }
    }
}

/// Which of two ways a column is written, as its file's evidence shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decided<W> {
    Known(W),
    /// Neither the column's values nor the file's other columns tell.
    Unknown,
    /// Values of both ways, the first example of each.
    Mixed(Example, Example),
}

/// The way each column of a file is written; a column not listed is unknown, which is also how
/// a first reading, before the evidence is in, reads every column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ways<W>(BTreeMap<usize, Decided<W>>);

impl<W> Default for Ways<W> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<W: Copy + Eq> Ways<W> {
    /// From the first example of each of the two `ways` a column's values showed (both: mixed),
    /// else the way all of the file's columns that showed one agree on, else unknown.
    pub(super) fn decide<'a>(
        columns: impl Iterator<Item = (usize, [&'a Option<Example>; 2])> + Clone,
        ways: [W; 2],
    ) -> Self {
        let own = |shown: [&Option<Example>; 2]| match shown {
            [Some(a), Some(b)] => Decided::Mixed(a.clone(), b.clone()),
            [Some(_), None] => Decided::Known(ways[0]),
            [None, Some(_)] => Decided::Known(ways[1]),
            [None, None] => Decided::Unknown,
        };
        let mut known = columns.clone().filter_map(|(_, shown)| match own(shown) {
            Decided::Known(way) => Some(way),
            _ => None,
        });
        let file = match known.next() {
            Some(first) if known.all(|way| way == first) => Decided::Known(first),
            _ => Decided::Unknown,
        };
        Self(
            columns
                .map(|(column, shown)| match own(shown) {
                    Decided::Unknown => (column, file.clone()),
                    decided => (column, decided),
                })
                .collect(),
        )
    }

    pub(super) fn of(&self, column: usize) -> &Decided<W> {
        self.0.get(&column).unwrap_or(&Decided::Unknown)
    }
}
