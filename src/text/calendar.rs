//! Calendar words (built from the language's month and weekday lists) and small parsers shared by
//! the dates extractor, figures and `clean`'s metadata cues.

use chrono::{NaiveDate, NaiveTime};

/// Day of month, with an optional ordinal suffix.
pub const DAY: &str = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?";
/// Clock time with optional am/pm.
pub const TIME: &str = r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s*(?:am|pm|a\.m\.|p\.m\.))?|(?:1[0-2]|0?[1-9])\s*(?:am|pm|a\.m\.|p\.m\.))";

/// A month or weekday word (a row of `calendar_months.tsv` or `calendar_weekdays.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarWord {
    /// The word in lower case.
    pub word: String,
    /// Month 1-12, or ISO weekday (Monday 1).
    pub number: u32,
    /// "sept", "thu": may be followed by a period.
    pub abbreviation: bool,
}

/// The month and weekday words of one language (`calendar_months.tsv`, `calendar_weekdays.tsv`),
/// with the regex alternations built from them and the absolute-date parser that uses them.
#[derive(Debug, Clone)]
pub struct Calendar {
    months: Vec<CalendarWord>,
    weekdays: Vec<CalendarWord>,
    /// Month alternation, case as the regex's flags say: names, and abbreviations with an optional
    /// period, longest first.
    pub month: String,
    /// Month names only ("may", not "mar").
    pub month_name: String,
    /// Month names and abbreviations written with a capital ("Sept", "March"), for case-sensitive
    /// patterns.
    pub month_capitalized: String,
    /// Weekday names only (abbreviations alone are too often words).
    pub weekday: String,
    /// Weekday abbreviations with an optional period.
    pub weekday_abbreviation: String,
    absolute: [regex::Regex; 3],
}

fn alternation<'a>(words: impl IntoIterator<Item = &'a str>, suffix: &str) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| format!("{}{suffix}", regex::escape(w)))
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Calendar {
    /// Builds the alternations and the absolute-date patterns from the words (lower case).
    pub fn new(months: Vec<CalendarWord>, weekdays: Vec<CalendarWord>) -> Calendar {
        let pick = |list: &[CalendarWord], abbreviation: bool| -> Vec<String> {
            list.iter()
                .filter(|w| w.abbreviation == abbreviation)
                .map(|w| w.word.clone())
                .collect()
        };
        let (month_names, month_abbreviations) = (pick(&months, false), pick(&months, true));
        let (weekday_names, weekday_abbreviations) =
            (pick(&weekdays, false), pick(&weekdays, true));
        let either = |names: &[String], abbreviations: &[String], case: fn(&str) -> String| {
            let names: Vec<String> = names.iter().map(|w| case(w)).collect();
            let abbreviations: Vec<String> = abbreviations.iter().map(|w| case(w)).collect();
            let names = alternation(names.iter().map(String::as_str), "");
            let abbreviations = alternation(abbreviations.iter().map(String::as_str), r"\.?");
            format!("(?:{names}|{abbreviations})")
        };
        let month = either(&month_names, &month_abbreviations, |w| w.to_string());
        let month_capitalized = either(&month_names, &month_abbreviations, capitalized);
        let weekday = alternation(weekday_names.iter().map(String::as_str), "");
        let mk = |p: String| {
            regex::RegexBuilder::new(&p)
                .case_insensitive(true)
                .build()
                .expect("calendar patterns are built from escaped words")
        };
        let absolute = [
            mk(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?".to_string()),
            mk(format!(
                r"^(?:{weekday},?\s+)?({month})\s+({DAY}),?\s+(\d{{4}})(?:,?\s*[|,]?\s*(?:at\s+)?({TIME}))?"
            )),
            mk(format!(
                r"^(?:{weekday},?\s+)?({DAY})(?:\s+of)?\s+({month}),?\s+(\d{{4}})(?:,?\s*[|,]?\s*(?:at\s+)?({TIME}))?"
            )),
        ];
        Calendar {
            month_name: alternation(month_names.iter().map(String::as_str), ""),
            weekday_abbreviation: alternation(
                weekday_abbreviations.iter().map(String::as_str),
                r"\.?",
            ),
            month,
            month_capitalized,
            weekday,
            months,
            weekdays,
            absolute,
        }
    }

    /// Month number (1-12) of a month word or abbreviation in any case, with or without a period.
    pub fn month_number(&self, word: &str) -> Option<u32> {
        number_of(&self.months, word)
    }

    /// Month number of a word that begins with the first three letters of a month word, so that
    /// the typos of wire copy still read as months where the context says a date stands ("ALBANY,
    /// N.Y., Marc 3 -", "ATLANTA, Apri 1 -", "Marchg 12" in Reuters-21578 datelines). Only for
    /// such contexts: elsewhere "Maybe" and "Market" are no months.
    pub fn month_by_prefix(&self, word: &str) -> Option<u32> {
        let w = word.to_lowercase();
        let prefix: String = w.chars().take(3).collect();
        if prefix.chars().count() < 3 {
            return None;
        }
        self.months
            .iter()
            .find(|m| m.word.starts_with(&prefix))
            .map(|m| m.number)
    }

    /// ISO weekday number (Monday 1) of a weekday word or abbreviation.
    pub fn weekday_number(&self, word: &str) -> Option<u32> {
        number_of(&self.weekdays, word)
    }
}

fn number_of(words: &[CalendarWord], word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    words.iter().find(|x| x.word == w).map(|x| x.number)
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

impl Calendar {
    /// Parses a whole string as an absolute date with optional time, in the formats news pages
    /// print: "Feb 03, 2022 10:12 PM", "Friday, Dec 08, 2023", "03 February 2022", "9th Apr, 2024",
    /// "2024-04-09", "April 09, 2024 | 10:40 AM", "2022-02-03T22:12:00Z". Used for metadata fields
    /// and header lines.
    pub fn parse_absolute(&self, s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
        let s = s.trim();
        for (i, re) in self.absolute.iter().enumerate() {
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
                    self.month_number(&c[1])?,
                    digits(2)?.parse().ok()?,
                ),
                _ => (
                    digits(3)?.parse().ok()?,
                    self.month_number(&c[2])?,
                    digits(1)?.parse().ok()?,
                ),
            };
            let date = ymd(y, m, d)?;
            return Some((date, c.get(4).and_then(|t| parse_time(t.as_str()))));
        }
        None
    }
}
