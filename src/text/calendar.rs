//! Calendar words and small parsers shared by the dates extractor, figures and `clean`'s metadata cues.

use chrono::{NaiveDate, NaiveTime};

/// Month alternation for regexes (full names, then abbreviations with an optional dot).
pub const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)";
/// Weekday alternation (full names only: "Sun", "Sat" and "Wed" are too often words).
pub const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
/// Day of month, with an optional ordinal suffix.
pub const DAY: &str = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?";
/// Clock time with optional am/pm.
pub const TIME: &str = r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s*(?:am|pm|a\.m\.|p\.m\.))?|(?:1[0-2]|0?[1-9])\s*(?:am|pm|a\.m\.|p\.m\.))";

/// Month number (1-12) of a month word or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let m = match w.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// ISO weekday number, Monday = 1.
pub fn weekday_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    Some(match w.get(..3)? {
        "mon" => 1,
        "tue" => 2,
        "wed" => 3,
        "thu" => 4,
        "fri" => 5,
        "sat" => 6,
        "sun" => 7,
        _ => return None,
    })
}

/// Parses a clock time ("10:12 PM", "9am", "22:05").
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let lower = s.to_ascii_lowercase().replace('.', "");
    let (digits, meridiem) = if let Some(d) = lower.strip_suffix("pm") {
        (d.trim(), Some(true))
    } else if let Some(d) = lower.strip_suffix("am") {
        (d.trim(), Some(false))
    } else {
        (lower.trim(), None)
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    let h = match meridiem {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A calendar date from parts, or None when it does not exist (Feb 30).
pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses a whole string as an absolute date with optional time, in the formats news pages print:
/// "Feb 03, 2022 10:12 PM", "Friday, Dec 08, 2023", "03 February 2022", "9th Apr, 2024", "2024-04-09",
/// "April 09, 2024 | 10:40 AM", "2022-02-03T22:12:00Z". Used for metadata fields and header lines.
pub fn parse_absolute(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    use std::sync::LazyLock;
    static PATTERNS: LazyLock<[regex::Regex; 3]> = LazyLock::new(|| {
        let mk = |p: String| {
            regex::RegexBuilder::new(&p)
                .case_insensitive(true)
                .build()
                .expect("valid")
        };
        [
            mk(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?".to_string()),
            mk(format!(
                r"^(?:{WEEKDAY},?\s+)?({MONTH})\s+({DAY}),?\s+(\d{{4}})(?:,?\s*[|,]?\s*(?:at\s+)?({TIME}))?"
            )),
            mk(format!(
                r"^(?:{WEEKDAY},?\s+)?({DAY})(?:\s+of)?\s+({MONTH}),?\s+(\d{{4}})(?:,?\s*[|,]?\s*(?:at\s+)?({TIME}))?"
            )),
        ]
    });
    let s = s.trim();
    for (i, re) in PATTERNS.iter().enumerate() {
        let Some(c) = re.captures(s) else { continue };
        let digits = |g: usize| {
            c.get(g).map(|m| {
                m.as_str()
                    .trim_end_matches(|ch: char| ch.is_ascii_alphabetic())
            })
        };
        let (y, m, d) = match i {
            0 => (
                digits(1)?.parse().ok()?,
                digits(2)?.parse().ok()?,
                digits(3)?.parse().ok()?,
            ),
            1 => (
                digits(3)?.parse().ok()?,
                month_number(&c[1])?,
                digits(2)?.parse().ok()?,
            ),
            _ => (
                digits(3)?.parse().ok()?,
                month_number(&c[2])?,
                digits(1)?.parse().ok()?,
            ),
        };
        let date = ymd(y, m, d)?;
        return Some((date, c.get(4).and_then(|t| parse_time(t.as_str()))));
    }
    None
}
