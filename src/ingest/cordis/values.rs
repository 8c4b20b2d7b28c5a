//! Values as CORDIS writes them: amounts with either decimal mark, flags, dates, country codes
//! and postcodes; and as tools that handled a table before us wrote them: identifiers as
//! whole-number floats, dates as spreadsheet day numbers, countries as names.

use super::amounts::{DecimalMark, Told};
use crate::model::CountryCode;

/// `str::trim`, skipping the Unicode-aware search for the usual value that needs no trimming.
pub(super) fn trim(value: &str) -> &str {
    match (value.as_bytes().first(), value.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

pub(super) fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// An amount as read, with how it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Amount {
    pub value: f64,
    /// The decimal separator is a comma (`316579,00`, `1.234.567,89`).
    pub decimal_comma: bool,
    /// Written as a spreadsheet displays it: digits grouped (`1.234.567,89`, `1 234 567,89`)
    /// or a currency beside the number (`€ 1200`, `1200 EUR`).
    pub formatted: bool,
    /// What it shows of its column's decimal mark.
    pub told: Told,
}

/// What separates groups of three digits besides `.` and `,`: a space, the no-break spaces
/// French and other locales write, and the apostrophes of Swiss ones.
const GROUP_MARKS: [char; 6] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\'', '’'];

/// An amount as CORDIS writes it: `316579,00`, `316579.00`, `316579`, `1.5E+06`; and as a
/// spreadsheet displays amounts in a user's locale: grouped (`1.234.567,89`, `1,234,567.89`,
/// `1,234,567`), grouped by spaces or apostrophes (`1 234 567,89`, `1'234'567.89`; groups of
/// exactly three digits), with a euro sign or code before or after the number. A lone separator
/// before three digits (`450,000`) is told [`Told::Ambiguous`] and read as grouping thousands,
/// unless it is `decimal`, the mark its column decided on (see [`super::amounts`]).
pub(super) fn read_amount(text: &str, decimal: Option<DecimalMark>) -> Option<Amount> {
    let bare = ["€", "EUR"]
        .iter()
        .find_map(|sign| {
            text.strip_prefix(sign)
                .or_else(|| text.strip_suffix(sign))
                .map(str::trim)
        })
        .unwrap_or(text);
    let currency = bare.len() != text.len();
    if !bare.contains(GROUP_MARKS) {
        let (value, decimal_comma, grouped, told) = plain_amount(bare, decimal)?;
        return Some(Amount {
            value,
            decimal_comma,
            formatted: grouped || currency,
            told,
        });
    }
    // Spaced groups: what follows the last group is the decimal part, after `,` or `.`.
    let unsigned = bare.strip_prefix('-').unwrap_or(bare);
    let (whole, fraction) = match unsigned.rfind([',', '.']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at..])),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(GROUP_MARKS);
    let grouped = groups.next().is_some_and(|g| g.len() <= 3 && digits(g))
        && groups.all(|g| g.len() == 3 && digits(g));
    if !grouped || fraction.is_some_and(|f| !digits(&f[1..])) {
        return None;
    }
    let mut normal: String = bare.chars().filter(|c| !GROUP_MARKS.contains(c)).collect();
    let decimal_comma = fraction.is_some_and(|f| f.starts_with(','));
    if decimal_comma {
        normal = normal.replace(',', ".");
    }
    let value: f64 = normal.parse().ok()?;
    // A decimal part after spaced groups is written by the spreadsheet, in its locale's mark.
    let told = match fraction {
        Some(_) if decimal_comma => Told::Mark(DecimalMark::Comma),
        Some(_) => Told::Mark(DecimalMark::Point),
        None => Told::Nothing,
    };
    value.is_finite().then_some(Amount {
        value,
        decimal_comma,
        formatted: true,
        told,
    })
}

/// An amount with `.` and `,` only: the value, whether the decimal separator is a comma,
/// whether digits are grouped, and what it tells of its column's decimal mark.
fn plain_amount(text: &str, decimal_mark: Option<DecimalMark>) -> Option<(f64, bool, bool, Told)> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.bytes().position(|b| matches!(b, b'e' | b'E')) {
        Some(e) => (&unsigned[..e], Some(&unsigned[e + 1..])),
        None => (unsigned, None),
    };
    let (mut commas, mut points, mut last_comma, mut last_point) = (0, 0, 0, 0);
    for (i, byte) in mantissa.bytes().enumerate() {
        match byte {
            b',' => (commas, last_comma) = (commas + 1, i),
            b'.' => (points, last_point) = (points + 1, i),
            b'0'..=b'9' => {}
            _ => return None,
        }
    }
    let mark = |at: usize| match mantissa.as_bytes()[at] {
        b',' => DecimalMark::Comma,
        _ => DecimalMark::Point,
    };
    // A lone separator after one to three digits (not a leading 0) and before three: thousands
    // grouped, or three decimals.
    let lone = match (commas, points) {
        (1, 0) => Some(last_comma),
        (0, 1) => Some(last_point),
        _ => None,
    };
    let ambiguous = lone.filter(|&at| {
        exponent.is_none()
            && (1..=3).contains(&at)
            && mantissa.len() - at == 4
            && !mantissa.starts_with('0')
    });
    // The decimal separator is the last separator when it occurs once; the other one, or a
    // repeated one, groups thousands; so does a lone one that reads either way, unless its
    // column's mark is that separator.
    let (decimal, group) = match (commas, points) {
        (0, 0) => (None, None),
        _ if ambiguous.is_some_and(|at| Some(mark(at)) != decimal_mark) => {
            (None, ambiguous.map(|at| mantissa.as_bytes()[at] as char))
        }
        (1, 0) => (Some(last_comma), None),
        (0, 1) => (Some(last_point), None),
        (_, 0) => (None, Some(',')),
        (0, _) => (None, Some('.')),
        (1, _) if last_comma > last_point => (Some(last_comma), Some('.')),
        (_, 1) if last_point > last_comma => (Some(last_point), Some(',')),
        _ => return None,
    };
    let (whole, fraction) = match decimal {
        Some(at) => (&mantissa[..at], Some(&mantissa[at + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole_ok = match group {
        Some(separator) => {
            let mut groups = whole.split(separator);
            exponent.is_none()
                && groups.next().is_some_and(|g| g.len() <= 3 && digits(g))
                && groups.all(|g| g.len() == 3 && digits(g))
        }
        None => digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !whole_ok || !fraction.is_none_or(digits) || !exponent_ok {
        return None;
    }
    // Rewritten on the stack as Rust float syntax: decimal separator to `.`, grouping dropped.
    let decimal_at = decimal.map(|at| text.len() - unsigned.len() + at);
    let mut normal = [0; 64];
    let mut len = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let byte = match byte {
            b',' | b'.' if Some(i) == decimal_at => b'.',
            b',' | b'.' => continue,
            other => other,
        };
        *normal.get_mut(len)? = byte;
        len += 1;
    }
    let value: f64 = std::str::from_utf8(&normal[..len]).ok()?.parse().ok()?;
    let decimal_comma = commas == 1 && decimal == Some(last_comma);
    let told = match (ambiguous, decimal, group) {
        (Some(at), _, _) => Told::Ambiguous(mark(at)),
        (None, Some(at), Some(_)) => Told::Mark(mark(at)),
        (None, None, Some(',')) => Told::Mark(DecimalMark::Point),
        (None, None, Some(_)) => Told::Mark(DecimalMark::Comma),
        (None, _, None) => Told::Nothing,
    };
    value
        .is_finite()
        .then_some((value, decimal_comma, group.is_some(), told))
}

pub(super) fn parse_flag(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") || text == "1" {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") || text == "0" {
        Some(false)
    } else {
        None
    }
}

/// A calendar date `YYYY-MM-DD`, checked against the calendar; a time of day after it (some
/// exports write `2021-01-01 00:00:00`) is dropped.
pub(super) fn parse_date(text: &str) -> Option<String> {
    let (date, time) = text.split_at_checked(10)?;
    let time_ok = time.is_empty()
        || (time.len() > 1
            && time.starts_with([' ', 'T'])
            && time[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b":.+-Z".contains(&b)));
    if !date.is_ascii() || date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return None;
    }
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = (
        number(&date[..4])?,
        number(&date[5..7])?,
        number(&date[8..])?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (time_ok && (1..=days).contains(&day)).then(|| date.to_owned())
}

/// A two-letter country code, upper-cased.
pub(super) fn parse_country(text: &str) -> Option<CountryCode> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| CountryCode::new(text.to_ascii_uppercase()))
}

/// The digits of an integer written as a whole-number float (`101001234.0`, `7.00`), as
/// dataframe tools write an id column that has an empty cell; None for anything else.
pub(super) fn whole_number(text: &str) -> Option<&str> {
    let (digits, zeros) = text.split_once('.')?;
    let all = |s: &str, f: fn(&u8) -> bool| !s.is_empty() && s.bytes().all(|b| f(&b));
    (all(digits, u8::is_ascii_digit) && all(zeros, |b| *b == b'0')).then_some(digits)
}

/// A date written as a spreadsheet's serial day number (`44927` for 2023-01-01; a fraction is
/// the time of day, dropped), as a date cell without a date format holds it. Only numbers of
/// five digits count, 1950 to 2100: a smaller number is not a date CORDIS would hold.
pub(super) fn parse_serial_date(text: &str) -> Option<String> {
    let (days, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if days.len() != 5 || !digits(days) || !digits(fraction) {
        return None;
    }
    let days: i64 = days.parse().ok()?;
    // 1950-01-01 and 2100-12-31.
    (18_264..=73_415)
        .contains(&days)
        .then(|| serial_date(days as f64))
}

/// An Excel serial date (days since 1899-12-30; the 1900 leap-year bug only affects dates
/// before March 1900) as `YYYY-MM-DD`, with the time of day if it has one.
pub(super) fn serial_date(serial: f64) -> String {
    let days = serial.floor() as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
    }
}

/// The zero-padded postcode, when `code` is a numeric postcode of a country whose postcodes have
/// a fixed number of digits and may start with 0, and it is short of that (spreadsheets read
/// `01067` as the number 1067 and drop every leading zero). Codes written with a separator
/// (`02-178`, `010 01`) are text to a spreadsheet and keep their zeros; only their digits-only
/// form is listed. Countries whose postcodes never start with 0 (AT, BE, CH, EE, HR, NL, SE, …)
/// are not listed: a short code there is not a lost zero.
pub(super) fn postcode_digits(country: &str, code: &str) -> Option<String> {
    let digits: usize = match country {
        "NO" | "DK" | "AU" | "ZA" => 4,
        "DE" | "FR" | "IT" | "ES" | "FI" | "LT" | "PL" | "SK" | "TR" | "UA" | "US" | "KR"
        | "KE" | "MC" | "SM" | "VA" => 5,
        "RO" | "CN" => 6,
        "JP" => 7,
        "BR" => 8,
        _ => return None,
    };
    let short = digits.checked_sub(code.len())?;
    ((1..digits).contains(&short) && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}{code}", "0".repeat(short)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_number_floats_give_their_digits() {
        assert_eq!(whole_number("101001234.0"), Some("101001234"));
        assert_eq!(whole_number("7.00"), Some("7"));
        for other in ["101001234", "1.5", "1.", ".0", "1.0e3", "a.0", "-1.0", ""] {
            assert_eq!(whole_number(other), None, "{other}");
        }
    }

    #[test]
    fn serial_day_numbers_are_dates() {
        assert_eq!(parse_serial_date("44927").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_serial_date("44927.5").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_serial_date("18264").as_deref(), Some("1950-01-01"));
        assert_eq!(parse_serial_date("73415").as_deref(), Some("2100-12-31"));
        for other in [
            "18263",
            "73416",
            "4492",
            "449270",
            "2023-01-01",
            "44927.x",
            "",
        ] {
            assert_eq!(parse_serial_date(other), None, "{other}");
        }
        assert_eq!(serial_date(44197.0), "2021-01-01");
        assert_eq!(serial_date(36526.0), "2000-01-01");
        assert_eq!(serial_date(44776.7458564815), "2022-08-03 17:54:02");
    }

    #[test]
    fn amounts_as_spreadsheets_display_them() {
        let read = |text| read_amount(text, None).map(|a| (a.value, a.decimal_comma, a.formatted));
        // A lone group of three reads as grouping; its column may read it with decimals.
        assert_eq!(read("450,000"), Some((450_000.0, false, true)));
        assert_eq!(read("1.234"), Some((1_234.0, false, true)));
        let decimals = |text, mark| {
            read_amount(text, Some(mark)).map(|a| (a.value, a.decimal_comma, a.formatted))
        };
        assert_eq!(
            decimals("450,000", DecimalMark::Comma),
            Some((450.0, true, false))
        );
        assert_eq!(
            decimals("450,000", DecimalMark::Point),
            Some((450_000.0, false, true))
        );
        assert_eq!(
            decimals("-1.234", DecimalMark::Point),
            Some((-1.234, false, false))
        );
        assert_eq!(
            decimals("€ 1.234", DecimalMark::Point),
            Some((1.234, false, true))
        );
        assert_eq!(
            decimals("1,234,567", DecimalMark::Comma),
            Some((1_234_567.0, false, true))
        );
        assert_eq!(read("316579,00"), Some((316_579.0, true, false)));
        assert_eq!(read("316579.5"), Some((316_579.5, false, false)));
        assert_eq!(read("1.234.567,89"), Some((1_234_567.89, true, true)));
        assert_eq!(read("1,234,567"), Some((1_234_567.0, false, true)));
        assert_eq!(read("1 234 567,89"), Some((1_234_567.89, true, true)));
        assert_eq!(
            read("1\u{a0}234\u{a0}567"),
            Some((1_234_567.0, false, true))
        );
        assert_eq!(read("1\u{202f}234,5"), Some((1_234.5, true, true)));
        assert_eq!(read("1'234'567.89"), Some((1_234_567.89, false, true)));
        assert_eq!(read("-12 500,00"), Some((-12_500.0, true, true)));
        assert_eq!(read("€ 1200"), Some((1_200.0, false, true)));
        assert_eq!(read("1.200,50 €"), Some((1_200.5, true, true)));
        assert_eq!(read("250000 EUR"), Some((250_000.0, false, true)));
        for other in [
            "12 34",
            "1 2345",
            "1 234,5,6",
            "1 234,",
            "€",
            "EUR 1 2",
            "1 234 x",
        ] {
            assert_eq!(read(other), None, "{other}");
        }
    }

    #[test]
    fn country_codes_and_only_codes() {
        assert_eq!(parse_country("se"), Some(CountryCode::new("SE")));
        assert_eq!(parse_country("Sweden"), None);
        assert_eq!(parse_country("S1"), None);
    }

    #[test]
    fn lost_leading_zeros_come_back_only_where_codes_may_start_with_zero() {
        assert_eq!(postcode_digits("DE", "1067").as_deref(), Some("01067"));
        assert_eq!(postcode_digits("FI", "100").as_deref(), Some("00100"));
        assert_eq!(postcode_digits("NO", "1").as_deref(), Some("0001"));
        assert_eq!(postcode_digits("RO", "17959").as_deref(), Some("017959"));
        // Complete, written with a separator, or in a country whose codes never start with 0.
        assert_eq!(postcode_digits("DE", "10115"), None);
        assert_eq!(postcode_digits("PL", "2-178"), None);
        assert_eq!(postcode_digits("AT", "470"), None);
        assert_eq!(postcode_digits("EE", "1234"), None);
        assert_eq!(postcode_digits("DE", ""), None);
    }
}
