//! Rule handlers: turn a match into a TIMEX3 value, resolving relative expressions against the anchor.

use chrono::{Datelike, Duration, NaiveDate};
use regex::Captures;

use super::lexicon::{parse_time, ymd};
use super::{Ctx, DateKind, DateWords, Interp};

/// Tense of the clause around an expression, read from nearby cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// A past cue is nearest ("said", "arrived", "was").
    Past,
    /// A future cue is nearest ("will", "ahead of", "scheduled").
    Future,
    /// No cue.
    Unknown,
}

impl Tense {
    /// Column value.
    pub fn as_str(self) -> &'static str {
        match self {
            Tense::Past => "past",
            Tense::Future => "future",
            Tense::Unknown => "unknown",
        }
    }
}

/// Reads the tense from the text before the expression (nearest cue wins) and, failing that, from a
/// "will" right after it.
pub fn tense(cues: &DateWords, before: &str, after: &str) -> Tense {
    // Only the clause the expression is in: text after the nearest comma, semicolon or colon.
    let clause = before
        .rfind([',', ';', ':'])
        .map_or(before, |i| &before[i + 1..]);
    let before = clause.to_ascii_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let window = &words[words.len().saturating_sub(20)..];
    // A modal or scheduling cue anywhere in the clause wins ("will be held on Friday"); then past cues.
    for i in (0..window.len()).rev() {
        let w = window[i];
        let bigram = (i > 0).then(|| format!("{} {}", window[i - 1], w));
        if cues.future.contains(w)
            || w.ends_with("'ll")
            || bigram.is_some_and(|b| cues.future.contains(&b))
        {
            return Tense::Future;
        }
    }
    // A past verb counts only close to the expression ("met here in February", "said on Tuesday"): in
    // "said the bonds mature on March 25" the date belongs to "mature", not to "said".
    let near = &window[window.len().saturating_sub(5)..];
    if near.iter().any(|w| {
        cues.past.contains(*w) || (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
    }) {
        return Tense::Past;
    }
    let after = after.to_ascii_lowercase();
    let next: Vec<&str> = after
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    if next.iter().any(|w| cues.future_after.contains(*w)) {
        return Tense::Future;
    }
    Tense::Unknown
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Checks the neighbourhood of a match that the regex cannot express.
pub fn context_allows(rule: &str, text: &str, start: usize, end: usize, ctx: &Ctx) -> bool {
    let before = text[..start].chars().next_back();
    let after_text = &text[end..];
    let after = after_text.chars().next();
    let matched = ctx.matched;
    let first_digit = matched.find(|c: char| c.is_ascii_digit());
    if first_digit.is_some() {
        // Numbers glued to codes, amounts or other numbers are not dates: "COVID-19", "$2021", "1,2021".
        if matches!(
            before,
            Some('$' | '£' | '€' | '¥' | '-' | '/' | '.' | ',' | ':' | '#')
        ) || is_word_char(before)
        {
            return false;
        }
        if matches!(after, Some('%' | '-' | '.' | ',' | ':' | '/'))
            && after_text
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit())
        {
            return false;
        }
        if matches!(after, Some('%'))
            || is_word_char(after) && !matched.ends_with(|c: char| c.is_alphabetic())
        {
            return false;
        }
    }
    let month_word = |m: &str| -> bool {
        let word = m
            .split(|c: char| !c.is_alphabetic())
            .find(|w| ctx.calendar.month_number(w).is_some() && w.len() >= 3);
        // A lower-case month is accepted when a year is attached ("april 2017"); "may 5" is too ambiguous.
        let with_year = m.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() == 4);
        word.is_none_or(|w| ctx.lowercase_text || capitalized(w) || (with_year && w.len() > 3))
    };
    match rule {
        "date/month-day-year" | "date/day-month-year" | "date/month-year" => month_word(matched),
        "date/month" => {
            let words: Vec<&str> = matched
                .split(|c: char| c.is_whitespace() || c == '-')
                .collect();
            let month = words.last().copied().unwrap_or("");
            let has_cue = words.len() > 1;
            if !(ctx.lowercase_text || capitalized(month)) {
                return false;
            }
            has_cue
                || !matches!(
                    month.to_ascii_lowercase().as_str(),
                    "may" | "march" | "june" | "august" | "april"
                )
        }
        "date/weekday" => {
            let wd = matched
                .split_whitespace()
                .find(|w| ctx.calendar.weekday_number(w).is_some() && w.len() > 5)
                .unwrap_or(matched);
            ctx.lowercase_text || capitalized(wd)
        }
        "date/year" => {
            let next_word: String = after_text
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_ascii_lowercase();
            if ctx.words.count_nouns.contains(&next_word) {
                return false;
            }
            let has_cue = matched.contains(|c: char| c.is_alphabetic());
            // A bare year followed by a plural noun is more likely a count ("1987 shares").
            has_cue
                || !(next_word.len() > 3
                    && next_word.ends_with('s')
                    && !matches!(
                        next_word.as_str(),
                        "was"
                            | "has"
                            | "results"
                            | "elections"
                            | "talks"
                            | "games"
                            | "olympics"
                            | "levels"
                            | "figures"
                            | "this"
                    ))
        }
        "duration/n-units" => {
            let lower = matched
                .to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let bare_article = lower.starts_with("a ") || lower.starts_with("an ");
            !bare_article && !lower.starts_with("the a ")
        }
        "set/frequency" => {
            // "China Daily" is a newspaper, not a recurrence.
            let prev_word = text[..start].trim_end().rsplit(' ').next().unwrap_or("");
            !(capitalized(matched) && capitalized(prev_word) && !prev_word.ends_with('.'))
        }
        _ => true,
    }
}

fn digits(c: &Captures, g: usize) -> Option<u32> {
    c.get(g)?
        .as_str()
        .trim_end_matches(|ch: char| ch.is_ascii_alphabetic())
        .parse()
        .ok()
}

fn date(d: NaiveDate, relative: bool) -> Interp {
    Interp {
        kind: DateKind::Date,
        value: Some(d.format("%Y-%m-%d").to_string()),
        start_date: Some(d),
        granularity: "day",
        relative,
    }
}

fn unresolved(value: String, granularity: &'static str) -> Interp {
    Interp {
        kind: DateKind::Date,
        value: Some(value),
        start_date: None,
        granularity,
        relative: true,
    }
}

fn with_time(mut i: Interp, c: &Captures, g: usize) -> Interp {
    if let Some(t) = c.get(g).and_then(|t| parse_time(t.as_str())) {
        i.kind = DateKind::Time;
        i.granularity = "minute";
        i.value = i.value.map(|v| format!("{v}T{}", t.format("%H:%M")));
    }
    i
}

pub(super) fn iso(c: &Captures, _: &Ctx) -> Option<Interp> {
    let d = ymd(digits(c, 1)? as i32, digits(c, 2)?, digits(c, 3)?)?;
    Some(with_time(date(d, false), c, 4))
}

fn month_day(
    m: u32,
    day: u32,
    year: Option<u32>,
    weekday: Option<u32>,
    ctx: &Ctx,
) -> Option<Interp> {
    if let Some(y) = year {
        return Some(date(ymd(y as i32, m, day)?, false));
    }
    ymd(2000, m, day)?; // The day must exist in some year (Feb 29 does in 2000).
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-{m:02}-{day:02}"), "day"));
    };
    let candidates: Vec<NaiveDate> = (a.date.year() - 1..=a.date.year() + 1)
        .filter_map(|y| ymd(y, m, day))
        .collect();
    // A stated weekday picks the year in which the date falls on it ("Fri, Jul 18").
    if let Some(wd) = weekday {
        let fits: Vec<NaiveDate> = (a.date.year() - 6..=a.date.year() + 6)
            .filter_map(|y| ymd(y, m, day))
            .filter(|d| d.weekday().number_from_monday() == wd)
            .collect();
        if let Some(best) = fits.iter().min_by_key(|d| (**d - a.date).num_days().abs()) {
            return Some(date(*best, true));
        }
    }
    let pick = match ctx.tense {
        Tense::Future => candidates.iter().find(|d| **d >= a.date).copied(),
        Tense::Past => candidates.iter().rev().find(|d| **d <= a.date).copied(),
        Tense::Unknown => candidates
            .iter()
            .min_by_key(|d| (**d - a.date).num_days().abs())
            .copied(),
    }?;
    Some(date(pick, true))
}

pub(super) fn month_day_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let weekday = c
        .get(1)
        .and_then(|w| ctx.calendar.weekday_number(w.as_str()));
    let i = month_day(
        ctx.calendar.month_number(&c[2])?,
        digits(c, 3)?,
        digits(c, 4),
        weekday,
        ctx,
    )?;
    Some(with_time(i, c, 5))
}

pub(super) fn day_month_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let weekday = c
        .get(1)
        .and_then(|w| ctx.calendar.weekday_number(w.as_str()));
    let i = month_day(
        ctx.calendar.month_number(&c[3])?,
        digits(c, 2)?,
        digits(c, 4),
        weekday,
        ctx,
    )?;
    Some(with_time(i, c, 5))
}

fn month_interp(y: i32, m: u32, relative: bool) -> Interp {
    Interp {
        kind: DateKind::Date,
        value: Some(format!("{y:04}-{m:02}")),
        start_date: ymd(y, m, 1),
        granularity: "month",
        relative,
    }
}

pub(super) fn month_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    Some(month_interp(
        digits(c, 3)? as i32,
        ctx.calendar.month_number(&c[2])?,
        false,
    ))
}

pub(super) fn month_only(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let m = ctx.calendar.month_number(&c[2])?;
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-{m:02}"), "month"));
    };
    let (ay, am) = (a.date.year(), a.date.month());
    let modifier = c
        .get(1)
        .map(|x| x.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let y = match modifier.as_str() {
        "last" => {
            if m < am {
                ay
            } else {
                ay - 1
            }
        }
        "next" => {
            if m > am {
                ay
            } else {
                ay + 1
            }
        }
        "this" => ay,
        _ => match ctx.tense {
            Tense::Future => year_of_period(m, am, ay, true),
            Tense::Past => year_of_period(m, am, ay, false),
            Tense::Unknown => ay,
        },
    };
    Some(month_interp(y, m, true))
}

/// Year of the `index`-th period of a year (month, quarter, half) seen from the anchor's period
/// `anchor_index` of `anchor_year`: the next such period (this one included) when looking forward,
/// the latest (this one included) when looking back.
fn year_of_period(index: u32, anchor_index: u32, anchor_year: i32, forward: bool) -> i32 {
    match (forward, index.cmp(&anchor_index)) {
        (true, std::cmp::Ordering::Less) => anchor_year + 1,
        (false, std::cmp::Ordering::Greater) => anchor_year - 1,
        _ => anchor_year,
    }
}

fn year_interp(y: i32, relative: bool) -> Interp {
    Interp {
        kind: DateKind::Date,
        value: Some(format!("{y:04}")),
        start_date: ymd(y, 1, 1),
        granularity: "year",
        relative,
    }
}

pub(super) fn year(c: &Captures, _: &Ctx) -> Option<Interp> {
    Some(year_interp(digits(c, 2)? as i32, false))
}

pub(super) fn relative_day(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let word = c[1].to_ascii_lowercase();
    let offset = match word.as_str() {
        "yesterday" => -1,
        "tomorrow" => 1,
        "the day before yesterday" => -2,
        "the day after tomorrow" => 2,
        _ => 0,
    };
    match ctx.anchor {
        Some(a) => Some(date(a.date + Duration::days(offset), true)),
        None => Some(unresolved("XXXX-XX-XX".into(), "day")),
    }
}

pub(super) fn weekday(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let wd = ctx.calendar.weekday_number(&c[2])? as i64;
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-WXX-{wd}"), "day"));
    };
    let anchor_wd = a.date.weekday().number_from_monday() as i64;
    let back = (anchor_wd - wd).rem_euclid(7);
    let forward = (wd - anchor_wd).rem_euclid(7);
    let modifier = c
        .get(1)
        .map(|x| x.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let offset = match modifier.as_str() {
        "last" | "past" | "this past" | "on last" => -(if back == 0 { 7 } else { back }),
        "next" | "coming" | "this coming" | "on next" => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
        "this" => wd - anchor_wd,
        _ => match ctx.tense {
            Tense::Future => {
                if forward == 0 {
                    7
                } else {
                    forward
                }
            }
            _ => -back,
        },
    };
    Some(date(a.date + Duration::days(offset), true))
}

fn week_interp(d: NaiveDate, relative: bool) -> Interp {
    let w = d.iso_week();
    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
    Interp {
        kind: DateKind::Date,
        value: Some(format!("{}-W{:02}", w.year(), w.week())),
        start_date: Some(monday),
        granularity: "week",
        relative,
    }
}

fn quarter_interp(y: i32, q: u32, relative: bool) -> Interp {
    Interp {
        kind: DateKind::Date,
        value: Some(format!("{y:04}-Q{q}")),
        start_date: ymd(y, (q - 1) * 3 + 1, 1),
        granularity: "quarter",
        relative,
    }
}

fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + delta;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

pub(super) fn relative_unit(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let modifier = c[1].to_ascii_lowercase();
    let delta: i32 = match modifier.as_str() {
        "last" | "previous" | "the previous" => -1,
        "next" | "following" | "the following" | "coming" | "the coming" => 1,
        _ => 0,
    };
    Some(shifted_period(&c[2].to_ascii_lowercase(), delta, ctx))
}

/// The calendar period `unit` (week, weekend, month, quarter, decade, year) that contains the anchor,
/// shifted by `delta` periods; X placeholders without an anchor.
fn shifted_period(unit: &str, delta: i32, ctx: &Ctx) -> Interp {
    let Some(a) = ctx.anchor else {
        let v = match unit {
            "week" | "weekend" => "XXXX-WXX",
            "month" => "XXXX-XX",
            "quarter" => "XXXX-QX",
            "decade" => "XXX",
            _ => "XXXX",
        };
        return unresolved(v.into(), granularity_of(unit));
    };
    let d = a.date;
    match unit {
        "week" => week_interp(d + Duration::days(7 * delta as i64), true),
        "weekend" => {
            let mut i = week_interp(d + Duration::days(7 * delta as i64), true);
            i.value = i.value.map(|v| format!("{v}-WE"));
            i.start_date = i.start_date.map(|s| s + Duration::days(5));
            i
        }
        "month" => {
            let (y, m) = add_months(d.year(), d.month(), delta);
            month_interp(y, m, true)
        }
        "quarter" => {
            let (y, m) = add_months(d.year(), d.month(), 3 * delta);
            quarter_interp(y, (m - 1) / 3 + 1, true)
        }
        "decade" => {
            let y = (d.year() / 10 + delta) * 10;
            Interp {
                kind: DateKind::Date,
                value: Some(format!("{:03}X", y / 10)),
                start_date: ymd(y, 1, 1),
                granularity: "decade",
                relative: true,
            }
        }
        _ => year_interp(d.year() + delta, true),
    }
}

fn granularity_of(unit: &str) -> &'static str {
    match unit {
        "minute" => "minute",
        "hour" => "hour",
        "day" => "day",
        "week" | "weekend" => "week",
        "month" => "month",
        "quarter" => "quarter",
        "decade" => "decade",
        _ => "year",
    }
}

/// Value of a count of time units: digits or a number word ("five" = 5, "a" = 1, "several" = None).
fn count(word: &str, ctx: &Ctx) -> Option<f64> {
    let word = word.trim();
    word.parse::<f64>()
        .ok()
        .or_else(|| ctx.numbers.lookup(word).flatten())
}

pub(super) fn ago(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let n = count(&c[1], ctx)?;
    if n.fract() != 0.0 {
        return None;
    }
    let n = n as i64;
    let unit = c[2].to_ascii_lowercase();
    let Some(a) = ctx.anchor else {
        let (v, granularity) = match unit.as_str() {
            "day" | "week" => ("XXXX-XX-XX", "day"),
            "month" => ("XXXX-XX", "month"),
            _ => ("XXXX", "year"),
        };
        return Some(unresolved(v.into(), granularity));
    };
    let d = a.date;
    Some(match unit.as_str() {
        "day" => date(d - Duration::days(n), true),
        // "two weeks ago" names a day (both Duckling and Recognizers read it so), not a week.
        "week" => date(d - Duration::days(7 * n), true),
        "month" => {
            let (y, m) = add_months(d.year(), d.month(), -(n as i32));
            month_interp(y, m, true)
        }
        "decade" => year_interp(d.year() - 10 * n as i32, true),
        _ => year_interp(d.year() - n as i32, true),
    })
}

fn ordinal(word: &str) -> Option<u32> {
    Some(match word.to_ascii_lowercase().as_str() {
        "first" | "1st" | "1" => 1,
        "second" | "2nd" | "2" => 2,
        "third" | "3rd" | "3" => 3,
        "fourth" | "4th" | "final" | "4" => 4,
        _ => return None,
    })
}

pub(super) fn quarter(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let q = ordinal(c.get(1).or(c.get(3))?.as_str())?;
    let year = c.get(2).or(c.get(4)).map(|y| y.as_str());
    if let Some(y) = year {
        let y: i32 = y.parse().ok()?;
        let y = if y < 100 {
            if y > 50 { 1900 + y } else { 2000 + y }
        } else {
            y
        };
        return Some(quarter_interp(y, q, false));
    }
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-Q{q}"), "quarter"));
    };
    let aq = (a.date.month() - 1) / 3 + 1;
    let y = year_of_period(q, aq, a.date.year(), ctx.tense == Tense::Future);
    Some(quarter_interp(y, q, true))
}

pub(super) fn half(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let h = ordinal(&c[1])?;
    let mk = |y: i32, relative| Interp {
        kind: DateKind::Date,
        value: Some(format!("{y:04}-H{h}")),
        start_date: ymd(y, if h == 1 { 1 } else { 7 }, 1),
        granularity: "half",
        relative,
    };
    if let Some(y) = c.get(2) {
        return Some(mk(y.as_str().parse().ok()?, false));
    }
    match ctx.anchor {
        Some(a) => {
            let ah = if a.date.month() <= 6 { 1 } else { 2 };
            Some(mk(
                year_of_period(h, ah, a.date.year(), ctx.tense == Tense::Future),
                true,
            ))
        }
        None => Some(unresolved(format!("XXXX-H{h}"), "half")),
    }
}

pub(super) fn decade(c: &Captures, _: &Ctx) -> Option<Interp> {
    let y: i32 = c[1].parse().ok()?;
    Some(Interp {
        kind: DateKind::Date,
        value: Some(format!("{:03}X", y / 10)),
        start_date: ymd(y, 1, 1),
        granularity: "decade",
        relative: false,
    })
}

pub(super) fn relative_event(_: &Captures, _: &Ctx) -> Option<Interp> {
    Some(Interp {
        kind: DateKind::Date,
        value: None,
        start_date: None,
        granularity: "day",
        relative: true,
    })
}

fn duration(n: f64, unit: &str) -> Interp {
    let n_text = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    let value = match unit {
        "minute" => format!("PT{n_text}M"),
        "hour" => format!("PT{n_text}H"),
        "day" => format!("P{n_text}D"),
        "week" => format!("P{n_text}W"),
        "month" => format!("P{n_text}M"),
        "decade" => format!("P{}Y", n * 10.0),
        _ => format!("P{n_text}Y"),
    };
    Interp {
        kind: DateKind::Duration,
        value: Some(value),
        start_date: None,
        granularity: granularity_of(unit),
        relative: false,
    }
}

pub(super) fn n_units(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let n = count(&c[1], ctx);
    let unit = c[2].to_ascii_lowercase();
    Some(match n {
        Some(n) => duration(n, &unit),
        // "several years", "a few days": a duration of unknown length.
        None => {
            let mut i = duration(0.0, &unit);
            i.value = i.value.map(|v| v.replace('0', "X"));
            i
        }
    })
}

pub(super) fn the_past_unit(c: &Captures, _: &Ctx) -> Option<Interp> {
    Some(duration(1.0, &c[2].to_ascii_lowercase()))
}

pub(super) fn frequency(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let w = c[1].to_ascii_lowercase();
    if let Some(wd) = w
        .split_whitespace()
        .last()
        .and_then(|w| ctx.calendar.weekday_number(w))
        .filter(|_| w.len() > 6)
    {
        return Some(Interp {
            kind: DateKind::Set,
            value: Some(format!("XXXX-WXX-{wd}")),
            start_date: None,
            granularity: "day",
            relative: false,
        });
    }
    // Wire copy is hard-wrapped: "per\nmonth" ends in "month" as "per month" does.
    let last = w.split_whitespace().last().unwrap_or("");
    let (value, granularity) = if w.contains("other") {
        (duration(2.0, last).value?, granularity_of(last))
    } else {
        match last {
            "annually" | "annual" | "yearly" | "year" | "annum" => ("P1Y".to_string(), "year"),
            "monthly" | "month" => ("P1M".to_string(), "month"),
            "weekly" | "week" => ("P1W".to_string(), "week"),
            "daily" | "everyday" | "day" => ("P1D".to_string(), "day"),
            "hourly" => ("PT1H".to_string(), "hour"),
            "quarterly" | "quarter" => ("P3M".to_string(), "quarter"),
            _ => return None,
        }
    };
    Some(Interp {
        kind: DateKind::Set,
        value: Some(value),
        start_date: None,
        granularity,
        relative: false,
    })
}

pub(super) fn clock(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let t = parse_time(&c[1])?;
    let (value, start, relative) = match ctx.anchor {
        Some(a) => (
            format!("{}T{}", a.date.format("%Y-%m-%d"), t.format("%H:%M")),
            Some(a.date),
            true,
        ),
        None => (format!("XXXX-XX-XXT{}", t.format("%H:%M")), None, true),
    };
    Some(Interp {
        kind: DateKind::Time,
        value: Some(value),
        start_date: start,
        granularity: "minute",
        relative,
    })
}

/// "the end of the year", "by the end of next month": the period itself, at its own granularity.
pub(super) fn end_of_unit(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let modifier = c
        .get(2)
        .map(|m| m.as_str().trim().to_ascii_lowercase())
        .unwrap_or_default();
    let delta: i32 = match modifier.as_str() {
        "next" => 1,
        "last" => -1,
        _ => 0,
    };
    Some(shifted_period(&c[3].to_ascii_lowercase(), delta, ctx))
}
