//! Text encodings other than UTF-8 that CORDIS tables reach a user in: a spreadsheet's
//! "Unicode text" save is UTF-16 (little-endian, with a byte-order mark, tab-delimited), and
//! older tools and spreadsheets on Windows write the Western code page, Windows-1252.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use memchr::memchr_iter;

/// The text of UTF-16 bytes as UTF-8, told by a byte-order mark or, without one, by the zero
/// bytes that ASCII characters leave in every other place; None for anything else. A character
/// that cannot be decoded (a lone surrogate, an odd last byte) becomes U+FFFD.
pub(super) fn from_utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else {
        let head = &bytes[..bytes.len().min(64) & !1];
        let zeros_at = |odd: usize| {
            head.len() >= 4
                && head
                    .chunks_exact(2)
                    .all(|pair| pair[odd] == 0 && pair[1 - odd] != 0)
        };
        if zeros_at(1) {
            (UTF_16LE, bytes)
        } else if zeros_at(0) {
            (UTF_16BE, bytes)
        } else {
            return None;
        }
    };
    Some(encoding.decode_without_bom_handling(body).0.into_owned())
}

/// `bytes` as UTF-8 text, each line that is not UTF-8 decoded as Windows-1252 and the others
/// kept: a file is mostly one or the other, but tables joined from two sources mix them, and
/// decoding a UTF-8 line as Windows-1252 would garble every accent in it. Also gives the
/// (1-based) numbers of the lines decoded. Newlines are kept, so line numbers stay those of
/// the file.
pub(super) fn windows_1252_lines(bytes: &[u8]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 16);
    let mut decoded = Vec::new();
    let mut start = 0;
    let ends = memchr_iter(b'\n', bytes)
        .map(|at| at + 1)
        .chain([bytes.len()]);
    for (index, end) in ends.enumerate() {
        let line = &bytes[start..end];
        match std::str::from_utf8(line) {
            Ok(line) => text.push_str(line),
            Err(_) => {
                text.push_str(&WINDOWS_1252.decode_without_bom_handling(line).0);
                decoded.push(index + 1);
            }
        }
        start = end;
    }
    (text, decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf16_with_or_without_a_byte_order_mark() {
        let text = "id\tacronym\n1\tÅRE\n";
        assert_eq!(from_utf16(&utf16le(text, true)).as_deref(), Some(text));
        assert_eq!(from_utf16(&utf16le(text, false)).as_deref(), Some(text));
        let mut big = vec![0xFE, 0xFF];
        big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(from_utf16(&big).as_deref(), Some(text));
        for other in [&b"id;acronym\n"[..], b"\xEF\xBB\xBFid;acronym", b"", b"a\0"] {
            assert_eq!(from_utf16(other), None, "{other:?}");
        }
    }

    #[test]
    fn only_lines_that_are_not_utf8_are_decoded() {
        let bytes = "a;Umeå\n"
            .bytes()
            .chain(*b"b;\xD6rebro \x80\r\nc;x")
            .collect::<Vec<_>>();
        let (text, lines) = windows_1252_lines(&bytes);
        assert_eq!(text, "a;Umeå\nb;Örebro €\r\nc;x");
        assert_eq!(lines, [2]);
    }
}
