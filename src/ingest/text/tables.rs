//! Tables of words laid out in columns, as PDF text extraction (`pdftotext -layout`, a viewer's
//! copy) and our own web-page reader write them: cells side by side, separated by runs of spaces,
//! each cell wrapped onto the lines under it at its own column.
//!
//! ```text
//! Priority area                      Thematic priorities
//! Health technologies and            Molecular technologies for medicine;
//! biotechnologies                    advanced medical engineering
//! ```
//!
//! Read line by line such a table is nonsense (`Health technologies and Molecular technologies
//! …`). Each row is rebuilt from its cells into one line, `name: description`, the form of a list
//! item, on the row's first source line; a header row (short cells that name columns, `Priority
//! area`, `Description`) becomes one line of its cells joined by ` / `. Tables of figures are not
//! touched (the line classifier drops them).

use super::lines::{COLUMN_GAP, TOC_LEADERS, is_figure};

/// A line's text chunks separated by a column gap, each with the column (in characters) it
/// starts at.
fn segments(raw: &str) -> Vec<(usize, String)> {
    let expanded = raw.replace('\t', "    ");
    let mut out = Vec::new();
    let mut last = 0;
    let leading = expanded.len() - expanded.trim_start().len();
    let body = &expanded[leading..];
    let mut push = |start: usize, text: &str| {
        let text = text.trim();
        if !text.is_empty() {
            let column = expanded[..start].chars().count();
            out.push((column, text.to_owned()));
        }
    };
    for gap in COLUMN_GAP.find_iter(body) {
        push(leading + last, &body[last..gap.start()]);
        last = gap.end();
    }
    push(leading + last, &body[last..]);
    out
}

/// Words that name the columns of a table of priorities; a first row made of them is a header.
const HEADER_WORDS: &str = "area areas priority priorities prioritet prioriteringar domain domains \
    field fields sector sectors theme themes description descriptions focus scope content \
    contents objective objectives goal goals example examples name specialisation \
    specialization specialisations specializations pillar pillars topic topics subareas \
    sub-areas challenge challenges område områden insatsområde beskrivning innehåll fokus tema \
    teman sektor mål exempel thematic tematiska key main s3 ris3 smart inriktning";

/// How far (in characters) a cell may start from its column.
const SLACK: usize = 2;

/// One rebuilt table: the source lines it spans and what each becomes.
pub(super) struct Table {
    pub(super) first: usize,
    /// Per line from `first`: the rebuilt text of a row or header on its first line, `None` on
    /// the lines whose text went into it.
    pub(super) lines: Vec<Option<Rebuilt>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Rebuilt {
    Header(String),
    Row(String),
    /// The title of the group of rows under it, in a row of its own (`PILLAR I – DIGITAL
    /// SLOVENIA` over the areas of that pillar): no row's text.
    Group(String),
}

/// The tables of words in `raws` (lines, characters normalised).
pub(super) fn find_tables(raws: &[String]) -> Vec<Table> {
    let segs: Vec<Vec<(usize, String)>> = raws.iter().map(|r| segments(r)).collect();
    let mut tables: Vec<Table> = Vec::new();
    for i in 0..raws.len() {
        let covered = tables.last().is_some_and(|t| i < t.first + t.lines.len());
        if covered {
            continue;
        }
        let end = tables.last().map_or(0, |t| t.first + t.lines.len());
        tables.extend(table_at(raws, &segs, i).filter(|t| t.first >= end));
    }
    tables
}

/// A table with a row of cells side by side on line `at`, and the lines around it that keep to
/// its columns.
fn table_at(raws: &[String], segs: &[Vec<(usize, String)>], at: usize) -> Option<Table> {
    let anchor = &segs[at];
    if anchor.len() < 2 || anchor.len() > 4 || !wordy(&raws[at]) || !row_like(&segs[at], &raws[at])
    {
        return None;
    }
    let columns: Vec<usize> = anchor.iter().map(|(c, _)| *c).collect();
    let column_of = |c: usize| columns.iter().position(|&k| k.abs_diff(c) <= SLACK);
    let cells = |j: usize| split_at_columns(&segs[j], &raws[j], &columns);
    let fits = |j: usize| {
        let s = cells(j);
        !s.is_empty()
            && wordy(&raws[j])
            && row_like(&segs[j], &raws[j])
            && s.iter().all(|(c, _)| column_of(*c).is_some())
    };
    // Text beside the first column (a description), as opposed to a line of the first column.
    let beside = |j: usize| cells(j).iter().any(|(c, _)| column_of(*c) != Some(0));
    // Back: lines of a description that started above the row's name (a name centred in its
    // row), and a name line between two of them.
    let mut start = at;
    while start > 0 {
        let blank = segs[start - 1].is_empty();
        let Some(j) = (start - 1).checked_sub(usize::from(blank)) else {
            break;
        };
        let row_line = beside(j) || (j > 0 && fits(j - 1) && beside(j - 1));
        if !fits(j) || !row_line {
            break;
        }
        start = j;
    }
    // On: lines that keep to the columns, one blank line between rows allowed; a line of the first
    // column alone must continue it in lowercase or stand before a line of the table.
    let mut end = at + 1;
    loop {
        let blank = end < raws.len() && segs[end].is_empty();
        let j = end + usize::from(blank);
        if j >= raws.len() || !fits(j) {
            break;
        }
        if !beside(j) {
            let continues = !blank && segs[j][0].1.chars().next().is_some_and(char::is_lowercase);
            let before_row = j + 1 < raws.len() && fits(j + 1) && beside(j + 1);
            if !continues && !before_row {
                break;
            }
        }
        end = j + 1;
    }
    let lines: Vec<Vec<(usize, String)>> = (start..end).map(cells).collect();
    let rows = rows(&lines, &column_of, columns.len());
    let described = (start..end).filter(|&j| beside(j)).count();
    // Names are short: two columns of prose (a page laid out in columns) are not a table.
    let short_names = rows
        .iter()
        .all(|row| row.cells[0].split_whitespace().count() <= 14);
    if rows.len() < 2 || described < 2 || !short_names {
        return None;
    }
    let mut lines = vec![None; end - start];
    for (
        n,
        Row {
            offset,
            cells,
            group,
        },
    ) in rows.iter().enumerate()
    {
        let rebuilt = if *group {
            Rebuilt::Group(cells.concat())
        } else if n == 0 && is_header(cells, rows.len()) {
            let names: Vec<&str> = cells
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty() && !numbering_header(c))
                .collect();
            Rebuilt::Header(names.join(" / "))
        } else {
            Rebuilt::Row(row_text(cells))
        };
        lines[*offset] = Some(rebuilt);
    }
    Some(Table {
        first: start,
        lines,
    })
}

/// A row of a table: the offset of its first line, its cells, and whether it is a group's title.
struct Row {
    offset: usize,
    cells: Vec<String>,
    group: bool,
}

/// A line of one cell in capitals (`PILLAR II – CIRCULAR SLOVENIA`): the title of the rows under
/// it, set across the table, never a row's wrapped text (which a table writes in ordinary case).
fn is_group_title(cells: &[String]) -> bool {
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    let (Some(cell), None) = (filled.next(), filled.next()) else {
        return false;
    };
    cell.split_whitespace().count() >= 2
        && cell.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && !cell.chars().any(char::is_lowercase)
}

/// The rows of a table's lines.
fn rows(
    segs: &[Vec<(usize, String)>],
    column_of: &dyn Fn(usize) -> Option<usize>,
    columns: usize,
) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut gap = false;
    for (offset, s) in segs.iter().enumerate() {
        if s.is_empty() {
            gap = true;
            continue;
        }
        let mut cells = vec![String::new(); columns];
        for (c, text) in s {
            cells[column_of(*c).unwrap_or(0)] = text.clone();
        }
        let group = is_group_title(&cells);
        let new_row = group
            || rows
                .last()
                .is_none_or(|row| gap || row.group || starts_row(&row.cells, &cells));
        match rows.last_mut() {
            Some(row) if !new_row => {
                for (cell, more) in row.cells.iter_mut().zip(cells) {
                    join_cell(cell, &more);
                }
            }
            _ => rows.push(Row {
                offset,
                cells,
                group,
            }),
        }
        gap = false;
    }
    rows
}

/// A line's segments with those that run over the start of one of the table's `columns` split
/// there when two spaces stand before it: a cell that filled its column leaves a narrower gap than
/// the usual (`Smart and inclusive territories  Tourism, …`). One space is a gap between words.
fn split_at_columns(
    segs: &[(usize, String)],
    raw: &str,
    columns: &[usize],
) -> Vec<(usize, String)> {
    let chars: Vec<char> = raw.replace('\t', "    ").chars().collect();
    let text = |from: usize, to: usize| -> String {
        chars[from..to.min(chars.len())]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned()
    };
    let mut out = Vec::new();
    for (start, cell) in segs {
        let end = start + cell.chars().count();
        let mut from = *start;
        for &c in columns.iter().filter(|&&c| c > start + 2 && c < end) {
            let narrow_gap = chars[c - 2] == ' '
                && chars[c - 1] == ' '
                && chars.get(c).is_some_and(|ch| !ch.is_whitespace());
            if narrow_gap {
                out.push((from, text(from, c)));
                from = c;
            }
        }
        if from == *start {
            out.push((*start, cell.clone()));
        } else {
            out.push((from, text(from, end)));
        }
    }
    out
}

/// Not a line that only looks like cells: a list item whose bullet stands apart from its text
/// (`–   security of critical infrastructure`), or an entry of a table of contents, whose dot
/// leaders run to its page number (`3.1   Blue economy ........ 10`).
fn row_like(segs: &[(usize, String)], raw: &str) -> bool {
    let bullet = segs
        .first()
        .is_some_and(|(_, first)| !first.chars().any(char::is_alphanumeric));
    !bullet && !TOC_LEADERS.is_match(raw.trim_end())
}

/// Cells of words, not a row of figures.
fn wordy(raw: &str) -> bool {
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    let figures = tokens.iter().filter(|t| is_figure(t)).count();
    figures * 3 < tokens.len()
}

/// Whether a line's `cells` start a new row after `row`: its first cell starts with a capital or
/// digit, the row's first cell is not left open (`… and`, `…,`), and no other cell of the line
/// continues a sentence in lowercase. A line with an empty first cell continues the row.
fn starts_row(row: &[String], cells: &[String]) -> bool {
    let head = &cells[0];
    let opens = |t: &str| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    if row[0].is_empty() || head.is_empty() || !opens(head) {
        return false;
    }
    let open_ended = {
        let last = row[0]
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_lowercase();
        row[0].ends_with([',', '-', '–', '&'])
            || [
                "and", "or", "of", "for", "the", "och", "samt", "i", "av", "för", "in", "with",
            ]
            .contains(&last.as_str())
    };
    let rest_lowercase = cells[1..]
        .iter()
        .any(|c| c.chars().next().is_some_and(char::is_lowercase));
    !open_ended && !rest_lowercase
}

fn join_cell(cell: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if cell.is_empty() {
        cell.push_str(more);
    } else if cell.ends_with('-') && more.chars().next().is_some_and(char::is_lowercase) {
        cell.pop();
        cell.push_str(more);
    } else {
        cell.push(' ');
        cell.push_str(more);
    }
}

/// A first row of short cells, one of them a word that names a column (`Priority area`,
/// `Description`), in a table with rows under it.
fn is_header(cells: &[String], rows: usize) -> bool {
    rows >= 2
        && cells.iter().all(|c| {
            numbering_header(c)
                || (c.split_whitespace().count() <= 4 && !c.ends_with(['.', ';', ',', ':']))
        })
        && cells.iter().any(|c| {
            c.split(|ch: char| !ch.is_alphanumeric() && ch != '-')
                .map(str::to_lowercase)
                // Swedish compounds name areas by their last part: `styrkeområde`, `fokusområden`.
                .any(|w| {
                    super::among(HEADER_WORDS, &w)
                        || w.ends_with("område")
                        || w.ends_with("områden")
                })
        })
}

/// The header of a column that numbers the rows: `No.`, `Nr`, `#`.
fn numbering_header(cell: &str) -> bool {
    ["no", "no.", "nr", "nr.", "#", "n°"].contains(&cell.to_lowercase().as_str())
}

/// A row as one line: `name: description` (a leading cell that only numbers the row is left out;
/// further cells follow the description, separated by ` – `).
fn row_text(cells: &[String]) -> String {
    let numbering = |c: &str| {
        let c = c.trim_end_matches(['.', ')']);
        !c.is_empty()
            && (c.chars().all(|ch| ch.is_ascii_digit()) || c.chars().all(|ch| "IVX".contains(ch)))
    };
    let cells: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .enumerate()
        // Empty cells and a numbering column go.
        .filter(|(i, c)| !(c.is_empty() || *i == 0 && cells.len() >= 3 && numbering(c)))
        .map(|(_, c)| c)
        .collect();
    match cells.split_first() {
        None => String::new(),
        Some((name, [])) => (*name).to_owned(),
        Some((name, rest)) => {
            let name = name.trim_end_matches(':');
            format!("{name}: {}", rest.join(" – "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuilt(text: &str) -> Vec<(usize, Rebuilt)> {
        let raws: Vec<String> = text.lines().map(str::to_owned).collect();
        find_tables(&raws)
            .into_iter()
            .flat_map(|t| {
                let first = t.first;
                t.lines
                    .into_iter()
                    .enumerate()
                    .filter_map(move |(i, r)| Some((first + i, r?)))
            })
            .collect()
    }

    #[test]
    fn rows_of_a_two_column_table_are_rebuilt_from_their_wrapped_cells() {
        let text = "Table 2. Priority areas\n\
                    \n\
                    Priority area                      Thematic priorities\n\
                    \n\
                    Health technologies and            Molecular technologies for medicine;\n\
                    biotechnologies                    advanced medical engineering; innova-\n\
                    \x20                                  tive diagnostics\n\
                    New production processes,          Photonics and laser technologies\n\
                    materials and technologies\n\
                    Information and communication      Artificial intelligence and big data\n\
                    technologies\n\
                    \n\
                    The council runs the calls for each of them every year, in two rounds.";
        assert_eq!(
            rebuilt(text),
            [
                (
                    2,
                    Rebuilt::Header("Priority area / Thematic priorities".into())
                ),
                (
                    4,
                    Rebuilt::Row(
                        "Health technologies and biotechnologies: Molecular technologies for \
                         medicine; advanced medical engineering; innovative diagnostics"
                            .into()
                    )
                ),
                (
                    7,
                    Rebuilt::Row(
                        "New production processes, materials and technologies: Photonics and \
                         laser technologies"
                            .into()
                    )
                ),
                (
                    9,
                    Rebuilt::Row(
                        "Information and communication technologies: Artificial intelligence \
                         and big data"
                            .into()
                    )
                ),
            ]
        );
    }

    #[test]
    fn a_name_centred_in_its_row_joins_the_description_around_it() {
        let text = "                          Molecular technologies for medicine; advanced\n\
                    Health technologies\n\
                    \x20                         engineering and diagnostics\n\
                    \n\
                    Smart food                Safe and healthy food; sustainable farming";
        assert_eq!(
            rebuilt(text),
            [
                (
                    0,
                    Rebuilt::Row(
                        "Health technologies: Molecular technologies for medicine; advanced \
                         engineering and diagnostics"
                            .into()
                    )
                ),
                (
                    4,
                    Rebuilt::Row("Smart food: Safe and healthy food; sustainable farming".into())
                ),
            ]
        );
    }

    #[test]
    fn figures_and_lone_gaps_are_not_tables_of_words() {
        assert!(
            rebuilt("Energy     12.5     13.1\nHealth     10.2     11.0\nFood     3     4")
                .is_empty()
        );
        assert!(rebuilt("A heading      with one gap\nand a prose line under it.").is_empty());
    }

    #[test]
    fn a_cell_that_fills_its_column_leaves_a_narrower_gap() {
        let text = "Priority domain                  Activities covered\n\
                    Health and life sciences         Clinical research and biotechnology\n\
                    Smart and inclusive territories  Tourism, urban services and the management of\n\
                    \x20                                water and waste";
        assert_eq!(
            rebuilt(text)[2],
            (
                2,
                Rebuilt::Row(
                    "Smart and inclusive territories: Tourism, urban services and the \
                     management of water and waste"
                        .into()
                )
            )
        );
    }

    #[test]
    fn contents_entries_and_bullets_set_apart_from_their_text_are_not_rows() {
        let text = "    3.1   Blue economy and port logistics .............. 10\n\
                    \x20   3.2   Cybersecurity and digital infrastructure ..... 11\n\
                    \x20   3.3   Health and life sciences ..................... 12\n\
                    \n\
                    Technological trajectories:\n\
                    –   security of critical infrastructure\n\
                    –   high-performance computing and data centres\n\
                    \n\
                    3.3   Health and life sciences";
        assert!(rebuilt(text).is_empty());
    }

    #[test]
    fn a_swedish_compound_of_område_names_a_column() {
        let text = "Styrkeområde              Inriktning\n\
                    Logistik och handel       E-handel och lagerautomation\n\
                    Hälsa och välfärds-       Vård på distans och\n\
                    teknik                    hjälpmedel";
        assert_eq!(
            rebuilt(text),
            [
                (0, Rebuilt::Header("Styrkeområde / Inriktning".into())),
                (
                    1,
                    Rebuilt::Row("Logistik och handel: E-handel och lagerautomation".into())
                ),
                (
                    2,
                    Rebuilt::Row("Hälsa och välfärdsteknik: Vård på distans och hjälpmedel".into())
                ),
            ]
        );
    }

    #[test]
    fn a_numbering_column_is_left_out() {
        assert_eq!(
            row_text(&[
                "1.".into(),
                "Smart industry".into(),
                "Robots and automation".into()
            ]),
            "Smart industry: Robots and automation"
        );
    }
}
