//! Pages set in two columns of prose, as `pdftotext -layout` writes them: each line holds a line
//! of the left column, a wide gap (the gutter) and a line of the right column.
//!
//! ```text
//! The Regional Government approved the        The priorities follow from an analysis
//! strategy in April 2021. It sets five        of regional patents and of exports.
//! ```
//!
//! Read line by line, the two columns' sentences interleave (`… approved the The priorities
//! follow …`), and a list in one column is cut by the other's prose. A band of such lines is read
//! as a reader reads the page: the left column down, then the right, each line keeping its source
//! line. A line that stands alone between blank rows (a heading across the page) ends a band.
//!
//! Tables are not columns of prose: their first column holds names that end no sentence and often
//! leave a wide gap before the next (`tables.rs` rebuilds them), so a band needs lines whose left
//! column runs up to the gutter, as justified or wrapped prose does, and sentences that end in
//! both columns.

use super::lines::COLUMN_GAP;
use regex::Regex;
use std::sync::LazyLock;

/// The end of a sentence of prose: a word, then `.`, `!` or `?` (not the `1.` of a list).
static SENTENCE_END: LazyLock<Regex> = regex!(r"\p{Ll}[.!?](?:\s|$)");

/// How far (in characters) a column line may start from the band's gutter.
const SLACK: usize = 2;
/// How far before the gutter a line of prose that fills its column ends.
const FILLED: usize = 12;
/// The fewest lines with text in both columns that make a band.
const MIN_ROWS: usize = 3;

/// One line as blocks of text separated by wide gaps: the start and end column of each.
fn blocks(chars: &[char]) -> Vec<(usize, usize)> {
    let line: String = chars.iter().collect();
    let lead = line.len() - line.trim_start().len();
    let body = line.trim();
    let mut out = Vec::new();
    let column = |byte: usize| line[..byte].chars().count();
    let mut last = lead;
    for gap in COLUMN_GAP.find_iter(body) {
        out.push((column(last), column(lead + gap.start())));
        last = lead + gap.end();
    }
    if !body.is_empty() {
        out.push((column(last), column(lead + body.len())));
    }
    out
}

/// A block of at least three words.
fn prose(chars: &[char], (start, end): (usize, usize)) -> bool {
    chars[start..end]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count()
        >= 3
}

/// Where a line stands in a band with its gutter at `gutter`.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Blank,
    Left,
    Right,
    /// Text in both columns; the right column starts at the column given.
    Both(usize),
}

fn place(line: &[(usize, usize)], gutter: usize) -> Option<Place> {
    match line {
        [] => Some(Place::Blank),
        [(_, end)] if *end + SLACK <= gutter => Some(Place::Left),
        [(start, _)] if *start + SLACK >= gutter => Some(Place::Right),
        // A line of the right column may be indented (a list's wrapped item), never set left.
        [_, (start, _)] if *start + SLACK >= gutter => Some(Place::Both(*start)),
        _ => None,
    }
}

/// The lines of `raws` in reading order, each with its line number (from 1): bands of two
/// columns become the left column's lines, then the right's.
pub(super) fn read_columns(raws: Vec<String>) -> Vec<(usize, String)> {
    let chars: Vec<Vec<char>> = raws
        .iter()
        .map(|r| r.replace('\t', "    ").chars().collect())
        .collect();
    let blocks: Vec<Vec<(usize, usize)>> = chars.iter().map(|c| blocks(c)).collect();
    let mut out = Vec::with_capacity(raws.len());
    let mut i = 0;
    while i < raws.len() {
        let Some(Band { end, gutter, edge }) = band_at(&chars, &blocks, i) else {
            out.push((i + 1, raws[i].clone()));
            i += 1;
            continue;
        };
        let mut right = Vec::new();
        for j in i..end {
            let line = &chars[j];
            let text = |from: usize, to: usize| -> String {
                line[from.min(line.len())..to.min(line.len())]
                    .iter()
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            };
            let (l, r) = match place(&blocks[j], gutter) {
                Some(Place::Left) => (text(0, line.len()), String::new()),
                Some(Place::Right) => (String::new(), text(edge, line.len())),
                Some(Place::Both(at)) => (text(0, at), text(edge, line.len())),
                _ => (String::new(), String::new()),
            };
            out.push((j + 1, l));
            right.push((j + 1, r));
        }
        out.extend(right);
        i = end;
    }
    out
}

/// A band of lines in two columns, from the line that opens it.
struct Band {
    /// The line after its last.
    end: usize,
    /// Where the right column starts on the line that opens the band.
    gutter: usize,
    /// The right column's own left edge, which its unindented lines start at.
    edge: usize,
}

/// The band of two columns that the line at `at` opens, if it opens one.
fn band_at(chars: &[Vec<char>], blocks: &[Vec<(usize, usize)>], at: usize) -> Option<Band> {
    let [left, right] = blocks[at][..] else {
        return None;
    };
    if !prose(&chars[at], left) || !prose(&chars[at], right) {
        return None;
    }
    let gutter = right.0;
    // A line alone between blank rows spans the page: a heading over both columns.
    let alone = |j: usize| {
        blocks[j].len() == 1
            && (j == 0 || blocks[j - 1].is_empty())
            && blocks.get(j + 1).is_none_or(Vec::is_empty)
    };
    let mut end = at;
    while end < blocks.len() && place(&blocks[end], gutter).is_some() && !alone(end) {
        end += 1;
    }
    while end > at && blocks[end - 1].is_empty() {
        end -= 1;
    }
    let rows: Vec<usize> = (at..end)
        .filter(|&j| matches!(place(&blocks[j], gutter), Some(Place::Both(_))))
        .collect();
    let filled = rows
        .iter()
        .filter(|&&j| blocks[j][0].1 + FILLED >= gutter && prose(&chars[j], blocks[j][1]))
        .count();
    // Both columns hold sentences; a table's names never end one.
    let ends_sentence = |right: bool| {
        (at..end).any(|j| {
            let block = match (place(&blocks[j], gutter), right) {
                (Some(Place::Both(_)), _) => blocks[j][usize::from(right)],
                (Some(Place::Left), false) | (Some(Place::Right), true) => blocks[j][0],
                _ => return false,
            };
            let text: String = chars[j][block.0..block.1].iter().collect();
            SENTENCE_END.is_match(&text)
        })
    };
    let edge = (at..end)
        .filter_map(|j| match place(&blocks[j], gutter) {
            Some(Place::Both(start)) => Some(start),
            Some(Place::Right) => Some(blocks[j][0].0),
            _ => None,
        })
        .min()
        .unwrap_or(gutter);
    (filled >= MIN_ROWS && filled * 2 >= rows.len() && ends_sentence(false) && ends_sentence(true))
        .then_some(Band { end, gutter, edge })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, String)> {
        read_columns(text.lines().map(str::to_owned).collect())
    }

    #[test]
    fn a_band_of_two_columns_is_read_left_column_first() {
        let text = "\
Title of the strategy

The Regional Government of the region      The priorities follow from an analysis
approved the strategy in April 2021 after   of regional patents and of exports, and
a year of consultation. It sets these       from the discovery process of 2020.
three priorities:

1. Sustainable mobility                     The process was run by the agency in
2. Agri-food                                eleven sector tables.
3. Tourism and heritage

NEXT HEADING
";
        let lines = read(text);
        let texts: Vec<&str> = lines.iter().map(|(_, t)| t.trim()).collect();
        let position = |t: &str| texts.iter().position(|x| *x == t).unwrap();
        assert!(position("three priorities:") < position("1. Sustainable mobility"));
        assert!(position("3. Tourism and heritage") < position("eleven sector tables."));
        assert!(
            position("The Regional Government of the region")
                < position("The priorities follow from an analysis")
        );
        let (line, _) = lines
            .iter()
            .find(|(_, t)| t.trim() == "eleven sector tables.")
            .unwrap();
        assert_eq!(*line, 9, "a column line keeps its source line");
        assert_eq!(texts.last(), Some(&"NEXT HEADING"));
    }

    #[test]
    fn a_table_of_short_names_and_running_headers_are_not_columns() {
        let text = "\
Report title 2021-2027                                        page 4

Priority area                  Description of the area and its aims
Health                         Medical devices, diagnostics and care for
                               an older population in rural areas
Energy                         Wind parks, storage and the grids that
                               connect them to industry and towns
Tourism                        Visitor services and the heritage of the
                               region's old towns and monasteries
";
        let lines = read(text);
        let raws: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            raws
        );
    }
}
