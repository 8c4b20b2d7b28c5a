//! Single values of a profile: the glued classification line, counts, amounts and years.

use super::{DataQuality, Located, ParseWarning, excerpt, warn};
use crate::model::{CountryCode, Line};

/// Sectors recognised at the end of the glued "type+sector" run (types have no fixed list).
pub(super) const SECTORS: &str = "health energy ict digital transport environment agriculture food climate \
    space security materials manufacturing finance education culture social bioeconomy water \
    mobility construction tourism defence industry biotech marine research mining media chemicals \
    agrifood agri-food aerospace automotive telecommunications logistics pharma robotics photonics \
    maritime forestry fisheries aquaculture textiles humanities policy";

/// Organisation types, used to split type from sector when the sector is not in [`SECTORS`].
pub(super) const TYPES: [&str; 25] = [
    "Public authority",
    "Public body",
    "Higher education",
    "University",
    "Research organisation",
    "Research organization",
    "Research and technology organisation",
    "Research and technology organization",
    "Research institute",
    "Private company",
    "Large company",
    "Large enterprise",
    "Company",
    "SME",
    "Start-up",
    "Startup",
    "Non-profit",
    "NGO",
    "Association",
    "Foundation",
    "Hospital",
    "Cluster",
    "International organisation",
    "International organization",
    "Other",
];

pub(super) struct Classification {
    pub(super) org_type: Located<String>,
    pub(super) sector: Option<Located<String>>,
    pub(super) country: Located<CountryCode>,
    pub(super) quality: Option<Located<DataQuality>>,
    pub(super) warnings: Vec<ParseWarning>,
}

/// Reads `<type><sector><CC>[<quality label> (n/m)]`, all glued. The country code is the first
/// pair of ASCII capitals right after a lowercase letter (or after a known sector and a space).
pub(super) fn parse_classification(text: &str, line: Line) -> Option<Classification> {
    if text.ends_with('.') || text.len() > 160 {
        return None;
    }
    if text.contains(BADGE_SEPARATORS) {
        return parse_separated(text, line);
    }
    let (rest, score) = split_score(text);
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let is_cc = |i: usize| {
        let (prev, a, b) = (chars[i - 1].1, chars[i].1, chars[i + 1].1);
        let glued = prev.is_lowercase()
            || (prev == ' ' && known_sector(rest[..chars[i].0].trim_end()).is_some());
        let quality_starts = |(c, d): (char, Option<char>)| {
            c == ' ' || (c.is_ascii_uppercase() && d.is_some_and(char::is_lowercase))
        };
        let next = chars
            .get(i + 2)
            .map(|&(_, c)| (c, chars.get(i + 3).map(|&(_, d)| d)));
        glued && a.is_ascii_uppercase() && b.is_ascii_uppercase() && next.is_none_or(quality_starts)
    };
    let start = chars[(1..chars.len().saturating_sub(1)).find(|&i| is_cc(i))?].0;
    let head = rest[..start].trim_end();
    let tail = rest[start + 2..].trim().to_string();
    let mut warnings = Vec::new();
    let (org_type, sector) = split_type_sector(head);
    if sector.is_none() && !TYPES.contains(&org_type.as_str()) {
        let message = format!("cannot tell type from sector in '{org_type}'");
        warn(&mut warnings, line, message);
    }
    let quality = data_quality(tail, score, line, &mut warnings);
    let at = |v| Located::new(v, line);
    Some(Classification {
        org_type: at(org_type),
        sector: sector.map(at),
        country: Located::new(CountryCode::new(&rest[start..start + 2]), line),
        quality: quality.map(|q| Located::new(q, line)),
        warnings,
    })
}

/// What a scrape may put between the badges instead of gluing them.
const BADGE_SEPARATORS: [char; 3] = ['·', '|', '•'];

/// Badges joined by separators: `SME · energy · CZ · Moderate data (3/5)`; the country code is
/// the second or third badge, and at most the quality follows it.
fn parse_separated(text: &str, line: Line) -> Option<Classification> {
    let parts: Vec<&str> = text.split(BADGE_SEPARATORS).map(str::trim).collect();
    let code = |p: &&str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase());
    let k = parts.iter().position(code)?;
    if parts.iter().any(|p| p.is_empty()) || !(1..=2).contains(&k) || parts.len() > k + 2 {
        return None;
    }
    let mut warnings = Vec::new();
    let quality = parts.get(k + 1).and_then(|q| {
        let (label, score) = split_score(q);
        data_quality(label.to_string(), score, line, &mut warnings)
    });
    let at = |v: &str| Located::new(v.to_string(), line);
    Some(Classification {
        org_type: at(parts[0]),
        sector: (k == 2).then(|| at(parts[1])),
        country: Located::new(CountryCode::new(parts[k]), line),
        quality: quality.map(|q| Located::new(q, line)),
        warnings,
    })
}

/// The quality note after the country code, read only with its `(n/m)` score.
fn data_quality(
    label: String,
    score: Option<(u8, u8)>,
    line: Line,
    warnings: &mut Vec<ParseWarning>,
) -> Option<DataQuality> {
    match score {
        Some((score, out_of)) => Some(DataQuality {
            label,
            score,
            out_of,
        }),
        None if label.is_empty() => None,
        None => {
            let message = format!("unreadable data-quality note '{}'", excerpt(&label));
            warn(warnings, line, message);
            None
        }
    }
}

/// Splits a trailing `(n/m)` score off the classification line.
pub(super) fn split_score(text: &str) -> (&str, Option<(u8, u8)>) {
    let parsed = text.strip_suffix(')').and_then(|body| {
        let open = body.rfind('(')?;
        let (a, b) = body[open + 1..].split_once('/')?;
        Some((open, a.trim().parse().ok()?, b.trim().parse().ok()?))
    });
    match parsed {
        Some((open, a, b)) => (text[..open].trim_end(), Some((a, b))),
        None => (text, None),
    }
}

pub(super) fn known_sector(head: &str) -> Option<&'static str> {
    let matching = SECTORS
        .split_whitespace()
        .filter(|s| head.len() > s.len() && head.ends_with(s));
    matching.max_by_key(|s| s.len())
}

/// A known type followed by lowercase words is split there, whatever the sector (`SMEagrifood`
/// is not `SMEagri` + `food`); otherwise a known sector at the end is split off.
pub(super) fn split_type_sector(head: &str) -> (String, Option<String>) {
    let prefix_of = |t: &&str| {
        head.get(..t.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(t))
    };
    if let Some(t) = TYPES.into_iter().filter(prefix_of).max_by_key(|t| t.len()) {
        let sector = head[t.len()..].trim();
        if !sector.is_empty()
            && sector
                .chars()
                .all(|c| c.is_lowercase() || c == ' ' || c == '-')
        {
            return (head[..t.len()].to_string(), Some(sector.to_string()));
        }
    }
    if let Some(sector) = known_sector(head) {
        let org_type = head[..head.len() - sector.len()].trim_end();
        if !org_type.is_empty() {
            return (org_type.to_string(), Some(sector.to_string()));
        }
    }
    (head.to_string(), None)
}

/// A whole-number figure, tolerating thousands separators ("1,234").
pub(super) fn parse_count(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let separators_only = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == ' ');
    digits.parse().ok().filter(|_| separators_only)
}

/// A whole money value: `€879K`, `€12.6M`, `EUR 405,000`, `€ 3,4M`.
pub(super) fn parse_money(text: &str) -> Option<f64> {
    let text = text.trim();
    let eur = text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("EUR"));
    let text = text
        .strip_prefix('€')
        .unwrap_or(if eur { &text[3..] } else { text })
        .trim();
    let text = text
        .strip_suffix('€')
        .or_else(|| text.strip_suffix("EUR"))
        .unwrap_or(text)
        .trim()
        .trim_end_matches('.');
    let (value, used) = money_at(text)?;
    (used == text.len()).then_some(value)
}

/// Reads an amount at the start of `text`; returns it in euros and the bytes consumed.
pub(super) fn money_at(text: &str) -> Option<(f64, usize)> {
    let numeric = |b: &u8| b.is_ascii_digit() || *b == b'.' || *b == b',';
    let num_end = text.bytes().take_while(numeric).count();
    let number = text[..num_end].trim_end_matches(['.', ',']);
    let glued = text[num_end..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let after = text[num_end..].trim_start();
    let word = &after[..after.bytes().take_while(u8::is_ascii_alphabetic).count()];
    // `€3.2 M`, `7,4 Mio. €`: a scale written apart, as an abbreviation only in its own case.
    let abbreviation = ["K", "M", "B", "Mio", "Mn", "mn", "Bn", "bn"].contains(&word);
    let (suffix, used) = if glued > 0 {
        (&text[num_end..num_end + glued], num_end + glued)
    } else if abbreviation
        || ["thousand", "million", "billion"].contains(&word.to_ascii_lowercase().as_str())
    {
        (word, text.len() - after.len() + word.len())
    } else {
        ("", num_end)
    };
    let scale = match suffix.to_ascii_lowercase().as_str() {
        "" => 1e0,
        "k" | "thousand" => 1e3,
        "m" | "mn" | "mio" | "million" => 1e6,
        "b" | "bn" | "billion" => 1e9,
        _ => return None,
    };
    let value = parse_decimal(number, !suffix.is_empty())? * scale;
    Some(((value * 100.0).round() / 100.0, used))
}

/// Decides whether `,`/`.` is a decimal or a thousands separator: a lone separator is decimal
/// when a multiplier follows or when it is not followed by exactly three digits.
pub(super) fn parse_decimal(number: &str, scaled: bool) -> Option<f64> {
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = match number.rfind(['.', ',']) {
        None => (number, ""),
        Some(p) => {
            let (sep, other) = if &number[p..=p] == "." {
                ('.', ',')
            } else {
                (',', '.')
            };
            let after = &number[p + 1..];
            let lone = number.matches(sep).count() == 1;
            match number.contains(other) || (lone && (scaled || after.len() != 3)) {
                true => (&number[..p], after),
                false => (number, ""),
            }
        }
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    format!("{int}.{frac}0")
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
}

/// The first amount after `EUR` or `€` anywhere in the text.
pub(super) fn find_money(text: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(p) = text[from..].find(['€', 'E']).map(|p| p + from) {
        let euro = text[p..].starts_with('€');
        from = p + if euro { '€'.len_utf8() } else { 1 };
        let word_start = text[..p]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let amount = match euro {
            true => &text[from..],
            false if word_start && text[p..].starts_with("EUR") => &text[p + 3..],
            false => continue,
        };
        if let Some((value, _)) = money_at(amount.trim_start()) {
            return Some(value);
        }
    }
    None
}

/// `(2017-2024)`, `2018 to 2022` or `between 2019 and 2022` give both years; otherwise a word
/// that opens or closes a period gives one (`since 2019`, `started in 2022`, `until 2026`).
pub(super) fn find_years(text: &str) -> (Option<i32>, Option<i32>) {
    let b = text.as_bytes();
    let year_at = |i: usize| -> Option<i32> {
        let digits = b.get(i..i + 4)?;
        let bounded = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit());
        let to_year = |acc: i32, d: &u8| d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0'));
        let year = digits.iter().try_fold(0, to_year)?;
        (bounded && (1900..=2100).contains(&year)).then_some(year)
    };
    let skip_spaces = |mut j: usize| {
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        j
    };
    let lower = text.to_ascii_lowercase();
    for i in 0..b.len() {
        let Some(start) = year_at(i) else { continue };
        let j = skip_spaces(i + 4);
        let joins: &[&str] = match lower[..i].ends_with("between ") {
            true => &["-", "–", "—", "to ", "and "],
            false => &["-", "–", "—", "to "],
        };
        if let Some(join) = joins.iter().find(|d| b[j..].starts_with(d.as_bytes()))
            && let Some(end) = year_at(skip_spaces(j + join.len()))
        {
            return (Some(start), Some(end));
        }
    }
    // A whole word: `till` must not be read inside `still`.
    let after = |words: &[&str]| {
        let found = words.iter().flat_map(|w| {
            let word_start = |&(p, _): &(usize, &str)| p == 0 || !b[p - 1].is_ascii_alphanumeric();
            let year = |(p, _): (usize, &str)| Some((p, year_at(p + w.len())?));
            lower.match_indices(w).filter(word_start).filter_map(year)
        });
        found.min().map(|(_, year)| year)
    };
    let opens = [
        "since ",
        "started in ",
        "starting in ",
        "launched in ",
        "began in ",
    ];
    let closes = ["until ", "till ", "ending in ", "ends in "];
    (after(&opens), after(&closes))
}
