//! The chunked parallel reader of CORDIS's CSV (semicolons, or the delimiter its header uses):
//! quote parity proposes record boundaries, each chunk is read by the `csv` crate on its own
//! rayon thread and proves its end, and a file whose stray quotes mislead parity is cut again by
//! one exact walk. Results equal a sequential read's, line numbers included.

use super::amounts::AmountMarks;
use super::dates::DateOrders;
use super::quality::Quality;
use super::rows::{Reading, Table, convert};
use super::{CordisError, CordisProblem, Failure, Header, ReadPolicy};
use memchr::{memchr, memchr_iter, memrchr2};
use rayon::prelude::*;
use std::ops::Range;

pub(super) fn csv_reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        // Field counts are checked against the header, with the column named in the error.
        .flexible(true)
        .from_reader(bytes)
}

/// Parses the data after the header as records of `T`, in parallel chunks.
pub(super) fn parse_table<T: Table>(
    bytes: &[u8],
    header: &Header,
    chunks: usize,
    policy: ReadPolicy,
    conventions: (&DateOrders, &AmountMarks),
) -> Result<(Vec<T>, Quality), Failure> {
    let columns = T::columns(header)?;
    let reading = Reading::<T>::new(header, &columns, policy, conventions);
    let start = header.data_start;
    // Cuts from quote parity are right for every well-formed file. Each chunk proves the next
    // cut by ending outside quotes; if one does not (a stray quote inside an unquoted field
    // misled parity), the file is cut again by the exact walk, sequentially.
    let mut cuts = proposed_cuts(bytes, start, chunks);
    let mut parsed = parse_chunks(bytes, &reading, &cuts);
    if misplaced(&parsed) {
        cuts = exact_cuts(bytes, start, chunks, header.delimiter);
        parsed = parse_chunks(bytes, &reading, &cuts);
    }
    let unclosed = parsed.last().and_then(|chunk| chunk.unclosed);

    let total = parsed
        .iter()
        .map(|chunk| chunk.records.as_ref().map_or(0, Vec::len))
        .sum::<usize>();
    let mut records = Vec::new();
    let mut quality = Quality::default();
    let mut failure = None;
    for chunk in parsed {
        quality.merge(chunk.quality);
        match chunk.records {
            // The first chunk's vector grows in place (a remap, not a copy) to hold the rest.
            Ok(chunk_records) if records.is_empty() => {
                records = chunk_records;
                records.reserve_exact(total - records.len());
            }
            Ok(mut chunk_records) => records.append(&mut chunk_records),
            Err(chunk_failure) => {
                failure = Some(chunk_failure);
                break;
            }
        }
    }
    if let Some(quote) = unclosed {
        let from = cuts.len().checked_sub(2).map_or(start, |last| cuts[last]);
        let (record_line, error) = unterminated(bytes, header, from, from + quote);
        // An error in an earlier record is what a sequential reader would have met first.
        let earlier = match &failure {
            Some(Failure::Cordis(error)) => error.line < record_line,
            Some(Failure::NotUtf8 { .. }) => true,
            None => false,
        };
        if !earlier {
            failure = Some(Failure::Cordis(error));
        }
    }
    match failure {
        Some(failure) => Err(failure),
        None => {
            records.shrink_to_fit();
            Ok((records, quality))
        }
    }
}

/// Whether a cut fell inside a quoted field: some chunk before the last leaves a quote open, and
/// no earlier chunk failed (a failure there comes first, and its own start is proven).
fn misplaced<T>(parsed: &[Chunk<T>]) -> bool {
    for chunk in &parsed[..parsed.len().saturating_sub(1)] {
        if chunk.unclosed.is_some() {
            return true;
        }
        if chunk.records.is_err() {
            return false;
        }
    }
    false
}

/// One chunk's records (or the first failure), and the opening quote (relative) of a quoted
/// field that the chunk, read from its last record or its failing one, leaves open: a misplaced
/// cut, or in the last chunk an unterminated field.
struct Chunk<T> {
    records: Result<Vec<T>, Failure>,
    unclosed: Option<usize>,
    /// What the chunk's rows repaired and rejected.
    quality: Quality,
}

fn parse_chunks<T: Table>(bytes: &[u8], reading: &Reading<'_, T>, cuts: &[usize]) -> Vec<Chunk<T>> {
    // Absolute line numbers from the start: records need no renumbering when joined.
    let newlines: Vec<usize> = cuts
        .par_windows(2)
        .map(|cut| count(b'\n', &bytes[cut[0]..cut[1]]))
        .collect();
    let before = 1 + count(b'\n', &bytes[..cuts.first().copied().unwrap_or(0)]);
    let first_lines: Vec<usize> = newlines
        .iter()
        .scan(before, |line, newlines| {
            let first = *line;
            *line += newlines;
            Some(first)
        })
        .collect();
    cuts.par_windows(2)
        .zip(first_lines)
        .zip(newlines)
        .map(|((cut, first_line), newlines)| {
            let chunk = &bytes[cut[0]..cut[1]];
            // A record per line at most: reserving that once spares the growth reallocations,
            // and the excess is only address space, trimmed after joining.
            let capacity = (newlines + 1).min(chunk.len() / reading.header.names.len());
            parse_chunk(chunk, first_line, capacity, reading)
        })
        .collect()
}

fn parse_chunk<T: Table>(
    chunk: &[u8],
    first_line: usize,
    capacity: usize,
    reading: &Reading<'_, T>,
) -> Chunk<T> {
    let header = reading.header;
    // Only the record at hand can run past the chunk's end, so the exact check walks from it.
    let unclosed_from =
        |start: usize| unclosed_quote(&chunk[start..], header.delimiter).map(|quote| start + quote);
    let mut quality = Quality::default();
    let failed = |failure: Failure, start: usize, quality: Quality| Chunk {
        records: Err(failure),
        unclosed: unclosed_from(start),
        quality,
    };
    let mut reader = csv_reader(chunk, header.delimiter);
    let mut fields = csv::ByteRecord::new();
    let mut ends = Vec::with_capacity(header.names.len());
    let mut records = Vec::with_capacity(capacity);
    let mut last_start = 0;
    loop {
        let read = reader.read_byte_record(&mut fields);
        // The position is where the previous record ended, with the newlines csv-core counted
        // up to there; the record itself starts after any blank lines (or the `\n` of a CRLF).
        let (after_previous, lines_before) = fields.position().map_or((0, 0), |position| {
            let byte = usize::try_from(position.byte()).unwrap_or(usize::MAX);
            let line = usize::try_from(position.line()).unwrap_or(usize::MAX);
            (byte.min(chunk.len()), line.saturating_sub(1))
        });
        let (blank, blank_lines) = chunk[after_previous..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .fold((0, 0), |(len, lines), &b| {
                (len + 1, lines + usize::from(b == b'\n'))
            });
        let line = first_line + lines_before + blank_lines;
        let start = after_previous + blank;
        match read {
            Ok(true) => last_start = start,
            Ok(false) => {
                return Chunk {
                    records: Ok(records),
                    unclosed: unclosed_from(last_start),
                    quality,
                };
            }
            Err(error) => {
                let problem = CordisProblem::Unreadable(error.to_string());
                let error = CordisError {
                    line,
                    column: None,
                    problem,
                };
                return failed(error.into(), start, quality);
            }
        }
        // One UTF-8 check per record rather than one per field; fields are then sliced out of
        // it, which also catches a character split across two fields.
        ends.clear();
        let mut end = 0;
        for field in &fields {
            end += field.len();
            ends.push(end);
        }
        let text = match std::str::from_utf8(fields.as_slice()) {
            Ok(text) if ends.iter().all(|&end| text.is_char_boundary(end)) => text,
            _ => return failed(Failure::NotUtf8 { line }, start, quality),
        };
        match convert((text, &ends), line, reading, &mut quality) {
            Ok(Some(record)) => records.push(record),
            Ok(None) => {}
            Err(error) => return failed(error.into(), start, quality),
        }
    }
}

pub(super) fn count(byte: u8, bytes: &[u8]) -> usize {
    memchr_iter(byte, bytes).count()
}

/// Cuts (first and last included) splitting `bytes[start..]` into about `chunks` pieces, from
/// quote parity: in a well-formed file a newline after an even number of quotes ends a record.
/// Quotes are counted per slab in parallel, then each cut is a short walk from its slab start.
pub(super) fn proposed_cuts(bytes: &[u8], start: usize, chunks: usize) -> Vec<usize> {
    let data = bytes.len().saturating_sub(start);
    let chunks = chunks.clamp(1, data.max(1));
    let step = data / chunks;
    let slabs: Vec<Range<usize>> = (0..chunks)
        .map(|k| {
            let end = if k + 1 == chunks {
                bytes.len()
            } else {
                start + (k + 1) * step
            };
            start + k * step..end
        })
        .collect();
    let odd: Vec<bool> = slabs
        .par_iter()
        .map(|slab| count(b'"', &bytes[slab.clone()]) % 2 == 1)
        .collect();
    let inside_at_start = odd.iter().scan(false, |inside, &odd| {
        let at_start = *inside;
        *inside ^= odd;
        Some(at_start)
    });
    let starts: Vec<(usize, bool)> = slabs
        .iter()
        .map(|slab| slab.start)
        .zip(inside_at_start)
        .skip(1)
        .collect();
    let mut cuts: Vec<usize> = starts
        .par_iter()
        .filter_map(|&(from, inside)| record_start_after(bytes, from, inside))
        .collect();
    cuts.push(start);
    cuts.push(bytes.len());
    // Parity misled by stray quotes could put cuts out of order; sorted they stay valid ranges,
    // and the chunks' exact check catches them.
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The first record start after `from` by quote parity, given whether `from` is inside quotes.
fn record_start_after(bytes: &[u8], from: usize, mut inside: bool) -> Option<usize> {
    let mut pos = from;
    loop {
        let quote = memchr(b'"', &bytes[pos..]).map(|i| pos + i);
        if !inside {
            let gap = &bytes[pos..quote.unwrap_or(bytes.len())];
            if let Some(newline) = memchr(b'\n', gap) {
                return Some(pos + newline + 1);
            }
        }
        pos = quote? + 1;
        inside = !inside;
    }
}

/// Cuts as [`proposed_cuts`] makes them, but from one exact walk over the whole data: the
/// fallback for files whose stray quotes mislead parity.
fn exact_cuts(bytes: &[u8], start: usize, chunks: usize, delimiter: u8) -> Vec<usize> {
    let step = (bytes.len().saturating_sub(start) / chunks.max(1)).max(1);
    let mut cuts = vec![start];
    let mut target = start.saturating_add(step);
    for span in OutsideQuotes::new(bytes, start, delimiter) {
        while target < bytes.len() {
            let from = span.start.max(target);
            let Some(newline) = bytes.get(from..span.end).and_then(|gap| memchr(b'\n', gap)) else {
                break;
            };
            let cut = from + newline + 1;
            cuts.push(cut);
            target = cut.saturating_add(step);
        }
    }
    if cuts.last() != Some(&bytes.len()) {
        cuts.push(bytes.len());
    }
    cuts
}

/// The spans of `bytes`, from a record start, that lie outside quoted fields, following
/// csv-core exactly (so cuts fall where a sequential read would end records): a quote opens a
/// quoted field only at a field's start, `""` inside one is an escaped quote, any other quote
/// closes it, and quotes inside unquoted fields are plain text. A field starts after the file's
/// delimiter or a line end.
struct OutsideQuotes<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    pos: usize,
    done: bool,
    unterminated: Option<usize>,
}

impl<'a> OutsideQuotes<'a> {
    fn new(bytes: &'a [u8], start: usize, delimiter: u8) -> Self {
        Self {
            bytes,
            delimiter,
            pos: start.min(bytes.len()),
            done: false,
            unterminated: None,
        }
    }
}

impl Iterator for OutsideQuotes<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.done {
            return None;
        }
        let bytes = self.bytes;
        let start = self.pos;
        let mut search = start;
        while let Some(open) = next_quote(bytes, search) {
            search = open + 1;
            // `\r` ends a record too (csv-core's default terminator is CR, LF or CRLF).
            let before = open.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b != self.delimiter && !matches!(b, b'\n' | b'\r')) {
                continue;
            }
            let mut inner = open + 1;
            loop {
                let Some(close) = next_quote(bytes, inner) else {
                    self.done = true;
                    self.unterminated = Some(open);
                    return Some(start..open);
                };
                if bytes.get(close + 1) == Some(&b'"') {
                    inner = close + 2;
                } else {
                    self.pos = close + 1;
                    return Some(start..open);
                }
            }
        }
        self.done = true;
        Some(start..bytes.len())
    }
}

/// The opening quote of a quoted field that `bytes` (from a record start, fields separated by
/// `delimiter`) leaves open.
pub(super) fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<usize> {
    let mut walk = OutsideQuotes::new(bytes, 0, delimiter);
    walk.by_ref().for_each(drop);
    walk.unterminated
}

/// The next quote at or after `from`. Quoted fields are mostly short and the next one's quote
/// follows a byte or two after the last one's, so a short probe saves most memchr calls.
fn next_quote(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    match rest.iter().take(8).position(|&b| b == b'"') {
        Some(i) => Some(from + i),
        None => memchr(b'"', rest.get(8..)?).map(|i| from + 8 + i),
    }
}

/// The line of the record holding the unclosed quote at `quote`, and the error naming the line
/// and column where that quoted field starts. Only runs when the file is broken.
fn unterminated(bytes: &[u8], header: &Header, from: usize, quote: usize) -> (usize, CordisError) {
    let mut record_start = from;
    let mut delimiters = 0;
    for span in OutsideQuotes::new(bytes, from, header.delimiter) {
        let outside = &bytes[span.clone()];
        match memrchr2(b'\n', b'\r', outside) {
            Some(end) => {
                record_start = span.start + end + 1;
                delimiters = count(header.delimiter, &outside[end + 1..]);
            }
            None => delimiters += count(header.delimiter, outside),
        }
    }
    let record_line = 1 + count(b'\n', &bytes[..record_start]);
    let error = CordisError {
        line: 1 + count(b'\n', &bytes[..quote]),
        column: header.name(delimiters),
        problem: CordisProblem::Unterminated,
    };
    (record_line, error)
}
