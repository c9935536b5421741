//! Rule handlers: turn a match into a TIMEX3 value, resolving relative expressions against the anchor.

use chrono::{Datelike, Duration, NaiveDate};
use regex::Captures;

use super::lexicon::{parse_time, ymd};
use super::vocabulary::{Meaning, Unit};
use super::{Anchor, Ctx, DateKind, DateWords, Interp};

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

/// Reads the tense from the text before the expression (a future cue anywhere in the clause, then a
/// past cue near it) and, failing that, from the clause right after it ("In January, the company
/// brought in ...", "Friday will see ...").
pub fn tense(cues: &DateWords, before: &str, after: &str) -> Tense {
    // Only the clause the expression is in: text after the nearest comma, semicolon or colon.
    let clause = before
        .rfind([',', ';', ':'])
        .map_or(before, |i| &before[i + 1..]);
    // The expression opens its sentence's first clause when no separator comes before it.
    let first_clause = clause.len() == before.len();
    let clause = clause.to_ascii_lowercase();
    let words = tense_words(&clause);
    let window = &words[words.len().saturating_sub(20)..];
    // A modal or scheduling cue anywhere in the clause wins ("will be held on Friday"), unless the
    // plan is told as a past one ("had been due to expire Friday"); then past cues.
    for i in (0..window.len()).rev() {
        let w = window[i];
        let bigram_cue = i > 0 && cues.future.contains(&format!("{} {}", window[i - 1], w));
        if cues.future.contains(w)
            || ends_with_any(w, cues.vocabulary.words("future_suffix"))
            || bigram_cue
        {
            let cue_start = if bigram_cue { i - 1 } else { i };
            let longest = cues
                .vocabulary
                .words("past_plan")
                .map(|w| w.split(' ').count())
                .max()
                .unwrap_or(0);
            let told_as_past = (1..=longest.min(cue_start)).any(|n| {
                cues.vocabulary
                    .has("past_plan", &window[cue_start - n..cue_start].join(" "))
            });
            return if told_as_past {
                Tense::Past
            } else {
                Tense::Future
            };
        }
    }
    // A past verb counts only close to the expression ("met here in February", "said on Tuesday"): in
    // "said the bonds mature on March 25" the date belongs to "mature", not to "said".
    let near = &window[window.len().saturating_sub(5)..];
    if near.iter().any(|w| is_past(cues, w)) {
        return Tense::Past;
    }
    let after = after
        .trim_start()
        .trim_start_matches(',')
        .to_ascii_lowercase();
    let after_clause = after.split([',', ';', ':', '.']).next().unwrap_or("");
    let next = tense_words(after_clause);
    if next.iter().take(3).any(|w| cues.future_after.contains(*w)) {
        return Tense::Future;
    }
    // An expression that opens its clause ("In January, the company brought in ...") takes the
    // tense of the words after it; after a longer clause, they are a report ("..., an official
    // said") or another clause.
    let opens_sentence = first_clause && window.len() <= 2;
    if opens_sentence && next.iter().take(6).any(|w| is_past(cues, w)) {
        return Tense::Past;
    }
    Tense::Unknown
}

/// The words of a lower-case stretch for tense cues; a hyphenated compound is one word, so
/// "lower-than-expected" is no "expected".
fn tense_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A past cue word or a past form ("announced", not "need"; not "lower-than-expected").
fn is_past(cues: &DateWords, w: &str) -> bool {
    cues.past.contains(w)
        || (w.len() > 4
            && !w.contains('-')
            && ends_with_any(w, cues.vocabulary.words("past_suffix"))
            && !ends_with_any(w, cues.vocabulary.words("not_past_suffix")))
}

fn ends_with_any<'a>(word: &str, mut endings: impl Iterator<Item = &'a str>) -> bool {
    endings.any(|ending| word.ends_with(ending))
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The word at the start of `after` (after spaces), of the chars `in_word` keeps, lower case.
fn next_word(after: &str, in_word: fn(char) -> bool) -> String {
    after
        .trim_start()
        .chars()
        .take_while(|&c| in_word(c))
        .collect::<String>()
        .to_lowercase()
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
        "date/month-day-year"
        | "date/day-month-year"
        | "date/month-year"
        | "date/month-relative-year" => month_word(matched),
        "date/month" => {
            let words: Vec<&str> = matched
                .split(|c: char| c.is_whitespace() || c == '-')
                .collect();
            let month = words.last().copied().unwrap_or("");
            let has_cue = words.len() > 1;
            if !(ctx.lowercase_text || capitalized(month)) {
                return false;
            }
            has_cue || !ctx.words.vocabulary.has("ambiguous_month", month)
        }
        "date/weekday" => {
            let wd = matched
                .split_whitespace()
                .find(|w| ctx.calendar.weekday_number(w).is_some() && w.len() > 5)
                .unwrap_or(matched);
            ctx.lowercase_text || capitalized(wd)
        }
        "date/year" => {
            let next_word = next_word(after_text, char::is_alphabetic);
            if ctx.words.count_nouns.contains(&next_word) {
                return false;
            }
            let has_cue = matched.contains(|c: char| c.is_alphabetic());
            // A bare year followed by a plural noun is more likely a count ("1987 shares").
            let vocabulary = &ctx.words.vocabulary;
            has_cue
                || !(next_word.len() > 3
                    && ends_with_any(&next_word, vocabulary.words("plural_suffix"))
                    && !vocabulary.has("plural_not_count", &next_word))
        }
        "duration/n-units" => {
            // An age is no duration of anything that happened: "a 6-year-old", "52 years old".
            let vocabulary = &ctx.words.vocabulary;
            let glued = matched.rsplit('-').next().unwrap_or("");
            if matched.contains('-') && vocabulary.has("age_word", glued)
                || vocabulary.has("age_word", &next_word(after_text, char::is_alphabetic))
            {
                return false;
            }
            // "a year", "the a ..." count nothing: an article alone is not a length. "a few days"
            // is one: the article is part of its count.
            let is_unit = |w: &str| vocabulary.has("unit", w) || vocabulary.has("unit_plural", w);
            let words: Vec<&str> = matched.split_whitespace().collect();
            let lead = usize::from(words.first().is_some_and(|w| vocabulary.has("article", w)));
            let article_counts = words
                .get(lead)
                .is_some_and(|w| vocabulary.has("indefinite_article", w))
                && words.get(lead + 1).is_none_or(|w| is_unit(w));
            !article_counts
        }
        // "the past" is a reference, "the past three summers" or "the past few days" a period.
        "date/reference" => {
            let next = next_word(after_text, char::is_alphanumeric);
            let vocabulary = &ctx.words.vocabulary;
            !(next.starts_with(|c: char| c.is_ascii_digit())
                || ctx.numbers.lookup(&next).is_some()
                || ["unit", "unit_plural", "season"]
                    .iter()
                    .any(|class| vocabulary.has(class, &next)))
        }
        // "the year" is a length only when its end is named next: "the year ended June 30".
        "duration/the-year-ended" => ctx.words.vocabulary.has(
            "period_end_verb",
            &next_word(after_text, char::is_alphabetic),
        ),
        // "the quarter-point cut" names no quarter.
        "date/period-reference" => !after_text.starts_with('-'),
        "set/frequency" => {
            // "semi-annually", "bi-weekly": a prefix the rule does not read changes the period.
            if before == Some('-') {
                return false;
            }
            // "China Daily" is a newspaper, not a recurrence.
            let prev_word = text[..start].trim_end().rsplit(' ').next().unwrap_or("");
            if capitalized(matched) && capitalized(prev_word) && !prev_word.ends_with('.') {
                return false;
            }
            // "the annual meeting", "a quarterly dividend": an adjective before its noun.
            let before_a_word = after_text
                .strip_prefix(' ')
                .is_some_and(|rest| rest.starts_with(char::is_alphabetic));
            !(before_a_word && ctx.words.vocabulary.has("frequency_adjective", matched))
        }
        _ => true,
    }
}

fn digits(c: &Captures, group: &str) -> Option<u32> {
    c.name(group)?
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

fn with_time(mut i: Interp, c: &Captures) -> Interp {
    if let Some(t) = c.name("time").and_then(|t| parse_time(t.as_str())) {
        i.kind = DateKind::Time;
        i.granularity = "minute";
        i.value = i.value.map(|v| format!("{v}T{}", t.format("%H:%M")));
    }
    i
}

pub(super) fn iso(c: &Captures, _: &Ctx) -> Option<Interp> {
    let d = ymd(
        digits(c, "year")? as i32,
        digits(c, "month_number")?,
        digits(c, "day")?,
    )?;
    Some(with_time(date(d, false), c))
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
    let nearest = candidates
        .iter()
        .min_by_key(|d| past_leaning_distance((**d - a.date).num_days()))
        .copied();
    let by_tense = match ctx.tense {
        Tense::Future => candidates.iter().find(|d| **d >= a.date).copied(),
        Tense::Past => candidates.iter().rev().find(|d| **d <= a.date).copied(),
        Tense::Unknown => nearest,
    };
    // A day named without its year is within ten months of the anchor (further, news writes the
    // year): the tense read from the clause ("said ... expires Nov. 16" in an Oct. 30 article)
    // does not send it a year away.
    let pick = by_tense
        .filter(|d| (*d - a.date).num_days().abs() <= 300)
        .or(nearest)?;
    Some(date(pick, true))
}

/// date/month-day-year and date/day-month-year.
pub(super) fn month_day_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let weekday = c
        .name("weekday")
        .and_then(|w| ctx.calendar.weekday_number(w.as_str()));
    let i = month_day(
        ctx.calendar.month_number(&c["month"])?,
        digits(c, "day")?,
        digits(c, "year"),
        weekday,
        ctx,
    )?;
    Some(with_time(i, c))
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
        digits(c, "year")? as i32,
        ctx.calendar.month_number(&c["month"])?,
        false,
    ))
}

pub(super) fn month_relative_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let m = ctx.calendar.month_number(&c["month"])?;
    let shift = ctx.words.vocabulary.number("period_shift", &c["shift"])?;
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-{m:02}"), "month"));
    };
    Some(month_interp(a.date.year() + shift, m, true))
}

pub(super) fn month_only(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let m = ctx.calendar.month_number(&c["month"])?;
    let Some(a) = ctx.anchor else {
        return Some(unresolved(format!("XXXX-{m:02}"), "month"));
    };
    let (ay, am) = (a.date.year(), a.date.month());
    let shift = shift_of(c, "month_shift", ctx);
    let y = match shift {
        Meaning::Number(n) if n < 0 => {
            if m < am {
                ay
            } else {
                ay - 1
            }
        }
        Meaning::Number(n) if n > 0 => {
            if m > am {
                ay
            } else {
                ay + 1
            }
        }
        Meaning::Number(_) => ay,
        _ => match ctx.tense {
            Tense::Future => year_of_period(m, am, ay, true),
            Tense::Past => year_of_period(m, am, ay, false),
            Tense::Unknown => (ay - 1..=ay + 1)
                .min_by_key(|&y| {
                    let months = (y - ay) * 12 + m as i32 - am as i32;
                    past_leaning_distance(i64::from(months))
                })
                .unwrap_or(ay),
        },
    };
    Some(month_interp(y, m, true))
}

/// Year of the `index`-th period of a year (month, quarter, half) seen from the anchor's period
/// `anchor_index` of `anchor_year`: the next such period (this one included) when looking forward,
/// the latest (this one included) when looking back.
/// How far a candidate `offset` (days or months, negative before the anchor) is, when the clause
/// gives no tense: news reports the past, so the future counts double ("December" in a February
/// article is the December before it; "on March 17" in a February one is still the coming one).
fn past_leaning_distance(offset: i64) -> i64 {
    if offset > 0 { 2 * offset } else { -offset }
}

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
    Some(year_interp(digits(c, "year")? as i32, false))
}

/// "nineteen ninety-six" = 1996, "the year two thousand" = 2000. "nineteen" alone is a number,
/// and so is "two thousand" without "the year" before it.
pub(super) fn spoken_year(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let century = ctx
        .words
        .vocabulary
        .number("spoken_century", &c["century"])?;
    let rest = match c.name("rest") {
        Some(words) => words
            .as_str()
            .split(|ch: char| ch == '-' || ch.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(|w| ctx.numbers.lookup(w).flatten())
            .sum::<Option<f64>>()?,
        None if c.name("lead").is_some() && century % 10 == 0 => 0.0,
        None => return None,
    };
    Some(year_interp(century * 100 + rest as i32, false))
}

/// The meaning of the `shift` group's word in `class`; `ByTense` when there is none.
fn shift_of(c: &Captures, class: &str, ctx: &Ctx) -> Meaning {
    c.name("shift")
        .and_then(|m| ctx.words.vocabulary.meaning(class, m.as_str()))
        .unwrap_or(Meaning::ByTense)
}

/// The unit the `group` names (singular or plural).
fn unit_of(c: &Captures, group: &str, ctx: &Ctx) -> Option<Unit> {
    let word = c.name(group)?.as_str();
    let vocabulary = &ctx.words.vocabulary;
    vocabulary
        .unit("unit", word)
        .or_else(|| vocabulary.unit("unit_plural", word))
}

pub(super) fn relative_day(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let offset = ctx.words.vocabulary.number("relative_day", &c["day"])?;
    let day = match ctx.anchor {
        Some(a) => date(a.date + Duration::days(offset.into()), true),
        None => unresolved("XXXX-XX-XX".into(), "day"),
    };
    let part = c["day"]
        .split_whitespace()
        .find_map(|w| ctx.words.vocabulary.meaning("part_of_day", w)?.code());
    Some(with_part_of_day(day, part))
}

/// The code of the part of the day after a weekday ("Tuesday night" → NI).
fn part_after(c: &Captures, ctx: &Ctx) -> Option<&'static str> {
    ctx.words
        .vocabulary
        .meaning("part_of_day", c.name("part")?.as_str())?
        .code()
}

/// "this morning", "Tuesday night": the day's value with the TIMEX3 part-of-day code
/// (1998-01-20TMO), a time.
fn with_part_of_day(mut day: Interp, code: Option<&str>) -> Interp {
    if let Some(code) = code {
        day.kind = DateKind::Time;
        day.granularity = "part_of_day";
        day.value = day.value.map(|v| format!("{v}T{code}"));
    }
    day
}

/// "now", "recently", "soon": TIMEX3's vague references, with no calendar period.
pub(super) fn reference(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let value = match ctx.words.vocabulary.number("reference", &c["reference"])? {
        n if n < 0 => "PAST_REF",
        0 => "PRESENT_REF",
        _ => "FUTURE_REF",
    };
    Some(Interp {
        kind: DateKind::Date,
        value: Some(value.into()),
        start_date: None,
        granularity: "reference",
        relative: true,
    })
}

/// A period reference as matched: its value depends on the mentions before it, which `extract`
/// fills in with `period_before` (alone, as in a figure's period, it has no value).
pub(super) fn period_reference(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    ctx.words
        .vocabulary
        .number("period_reference", &c["phrase"])?;
    Some(Interp {
        kind: DateKind::Date,
        value: None,
        start_date: None,
        granularity: "quarter",
        relative: true,
    })
}

/// The quarter `last` (resolved, named before in the article) moved `back` years earlier (0 or -1).
/// Without one, a phrase that names a quarter ("the latest quarter") is an earnings report's: the
/// last whole quarter before the anchor; and one that does not ("a year ago") is the anchor's year,
/// `back` years earlier.
pub(super) fn period_before(
    last: Option<&Interp>,
    back: i32,
    names_a_quarter: bool,
    anchor: Option<Anchor>,
) -> Interp {
    let named = last.and_then(|p| {
        let value = p.value.as_deref()?;
        Some((
            value.get(..4)?.parse::<i32>().ok()?,
            value.get(6..)?.parse::<u32>().ok()?,
        ))
    });
    if let Some((year, q)) = named {
        return quarter_interp(year + back, q, true);
    }
    let Some(a) = anchor else {
        return if names_a_quarter {
            unresolved("XXXX-QX".into(), "quarter")
        } else {
            unresolved("XXXX".into(), "year")
        };
    };
    if !names_a_quarter {
        return year_interp(a.date.year() + back, true);
    }
    let q = (a.date.month() - 1) / 3 + 1;
    let (y, q) = if q == 1 {
        (a.date.year() - 1, 4)
    } else {
        (a.date.year(), q - 1)
    };
    quarter_interp(y + back, q, true)
}

/// "this summer", "last fall", "the winter of 1994": YYYY-SU. A season begins in the month its
/// position among the codes says (spring in March, ..., winter in December of its year).
pub(super) fn season(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let vocabulary = &ctx.words.vocabulary;
    let code = vocabulary.meaning("season", &c["season"])?.code()?;
    let first_month: u32 = match code {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    };
    let (year, relative) = if let Some(y) = digits(c, "year") {
        (y as i32, false)
    } else {
        // A bare season is too often a verb ("prices fall"): it needs its shift word.
        let shift = vocabulary.number("season_shift", c.name("shift")?.as_str())?;
        let Some(a) = ctx.anchor else {
            return Some(unresolved(format!("XXXX-{code}"), "season"));
        };
        let (y, m) = (a.date.year(), a.date.month());
        let year = match shift {
            // The latest such season that has ended by the anchor's month.
            n if n < 0 => {
                if m >= first_month + 3 {
                    y
                } else {
                    y - 1
                }
            }
            0 => y,
            // The next one that has not begun.
            _ => {
                if m < first_month {
                    y
                } else {
                    y + 1
                }
            }
        };
        (year, true)
    };
    Some(Interp {
        kind: DateKind::Date,
        value: Some(format!("{year:04}-{code}")),
        start_date: NaiveDate::from_ymd_opt(year, first_month, 1),
        granularity: "season",
        relative,
    })
}

pub(super) fn weekday(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let wd = ctx.calendar.weekday_number(&c["weekday"])? as i64;
    let Some(a) = ctx.anchor else {
        let part = part_after(c, ctx);
        return Some(with_part_of_day(
            unresolved(format!("XXXX-WXX-{wd}"), "day"),
            part,
        ));
    };
    let anchor_wd = a.date.weekday().number_from_monday() as i64;
    // "Wednesday of next week", "Tuesday last week": that day of the week the shift names.
    if let Some(shift) = c.name("week_shift") {
        let weeks = ctx
            .words
            .vocabulary
            .number("period_shift", shift.as_str())?;
        let day = a.date + Duration::days(7 * weeks as i64 + wd - anchor_wd);
        return Some(with_part_of_day(date(day, true), part_after(c, ctx)));
    }
    let back = (anchor_wd - wd).rem_euclid(7);
    let forward = (wd - anchor_wd).rem_euclid(7);
    let offset = match shift_of(c, "weekday_shift", ctx) {
        Meaning::Number(n) if n < 0 => -(if back == 0 { 7 } else { back }),
        Meaning::Number(n) if n > 0 => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
        Meaning::Number(_) => wd - anchor_wd,
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
    let part = part_after(c, ctx);
    Some(with_part_of_day(
        date(a.date + Duration::days(offset), true),
        part,
    ))
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
    let delta = ctx.words.vocabulary.number("period_shift", &c["shift"])?;
    // "the current fiscal year": the year it is, as far as the calendar can tell.
    let unit = unit_of(c, "unit", ctx).or_else(|| unit_of(c, "fiscal_unit", ctx))?;
    Some(shifted_period(unit, delta, ctx))
}

/// The calendar period `unit` (week, weekend, month, quarter, decade, year) that contains the anchor,
/// shifted by `delta` periods; X placeholders without an anchor.
fn shifted_period(unit: Unit, delta: i32, ctx: &Ctx) -> Interp {
    let Some(a) = ctx.anchor else {
        let v = match unit {
            Unit::Week | Unit::Weekend => "XXXX-WXX",
            Unit::Month => "XXXX-XX",
            Unit::Quarter => "XXXX-QX",
            Unit::Decade => "XXX",
            _ => "XXXX",
        };
        return unresolved(v.into(), unit.granularity());
    };
    let d = a.date;
    match unit {
        Unit::Week => week_interp(d + Duration::days(7 * delta as i64), true),
        Unit::Weekend => {
            let mut i = week_interp(d + Duration::days(7 * delta as i64), true);
            i.value = i.value.map(|v| format!("{v}-WE"));
            i.start_date = i.start_date.map(|s| s + Duration::days(5));
            i
        }
        Unit::Month => {
            let (y, m) = add_months(d.year(), d.month(), delta);
            month_interp(y, m, true)
        }
        Unit::Quarter => {
            let (y, m) = add_months(d.year(), d.month(), 3 * delta);
            quarter_interp(y, (m - 1) / 3 + 1, true)
        }
        Unit::Decade => {
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

/// Value of a count of time units: digits or a number word ("five" = 5, "a" = 1, "several" = None).
fn count(word: &str, ctx: &Ctx) -> Option<f64> {
    let word = word.trim();
    word.parse::<f64>()
        .ok()
        .or_else(|| ctx.numbers.lookup(word).flatten())
}

pub(super) fn ago(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let n = count(&c["count"], ctx)?;
    if n.fract() != 0.0 {
        return None;
    }
    let n = n as i64;
    let unit = unit_of(c, "unit", ctx)?;
    let Some(a) = ctx.anchor else {
        let (v, granularity) = match unit {
            Unit::Day | Unit::Week => ("XXXX-XX-XX", "day"),
            Unit::Month => ("XXXX-XX", "month"),
            _ => ("XXXX", "year"),
        };
        return Some(unresolved(v.into(), granularity));
    };
    let d = a.date;
    Some(match unit {
        Unit::Day => date(d - Duration::days(n), true),
        // "two weeks ago" names a day (both Duckling and Recognizers read it so), not a week.
        Unit::Week => date(d - Duration::days(7 * n), true),
        Unit::Month => {
            let (y, m) = add_months(d.year(), d.month(), -(n as i32));
            month_interp(y, m, true)
        }
        Unit::Decade => year_interp(d.year() - 10 * n as i32, true),
        _ => year_interp(d.year() - n as i32, true),
    })
}

/// The ordinal group's word in `class` ("first quarter") or the `number` group's digit ("Q3").
fn ordinal(c: &Captures, class: &str, ctx: &Ctx) -> Option<u32> {
    match c.name("ordinal") {
        Some(word) => u32::try_from(ctx.words.vocabulary.number(class, word.as_str())?).ok(),
        None => digits(c, "number"),
    }
}

pub(super) fn quarter(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let q = ordinal(c, "quarter_ordinal", ctx).filter(|q| (1..=4).contains(q))?;
    let year = c
        .name("year")
        .or(c.name("number_year"))
        .or(c.name("year_before"))
        .map(|y| y.as_str());
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
    // The quarter just ended is this year's whatever the clause's tense: its results come out in
    // the next one ("will report third-quarter earnings" in October).
    let forward = ctx.tense == Tense::Future && q + 1 != aq;
    let y = year_of_period(q, aq, a.date.year(), forward);
    Some(quarter_interp(y, q, true))
}

pub(super) fn half(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let h = ordinal(c, "half_ordinal", ctx).filter(|h| (1..=2).contains(h))?;
    let mk = |y: i32, relative| Interp {
        kind: DateKind::Date,
        value: Some(format!("{y:04}-H{h}")),
        start_date: ymd(y, if h == 1 { 1 } else { 7 }, 1),
        granularity: "half",
        relative,
    };
    if let Some(y) = c.name("year") {
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

/// "the 1970s" = 197: TIMEX3 writes a decade as the year's first three digits.
pub(super) fn decade(c: &Captures, _: &Ctx) -> Option<Interp> {
    let y: i32 = c["year"].parse().ok()?;
    Some(Interp {
        kind: DateKind::Date,
        value: Some(format!("{:03}", y / 10)),
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

fn duration(n: f64, unit: Unit) -> Interp {
    let n_text = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    let value = match unit {
        Unit::Minute => format!("PT{n_text}M"),
        Unit::Hour => format!("PT{n_text}H"),
        Unit::Day => format!("P{n_text}D"),
        Unit::Week | Unit::Weekend => format!("P{n_text}W"),
        Unit::Month => format!("P{n_text}M"),
        Unit::Quarter => format!("P{}M", n * 3.0),
        Unit::Decade => format!("P{}Y", n * 10.0),
        Unit::Year => format!("P{n_text}Y"),
    };
    Interp {
        kind: DateKind::Duration,
        value: Some(value),
        start_date: None,
        granularity: unit.granularity(),
        relative: false,
    }
}

pub(super) fn n_units(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    // "in recent years", "the coming weeks": a duration of unknown length.
    if c.name("vague_unit").is_some() {
        return Some(unknown_length(unit_of(c, "vague_unit", ctx)?));
    }
    let n = count(&c["count"], ctx);
    let unit = unit_of(c, "unit", ctx)?;
    Some(match n {
        Some(n) => duration(n, unit),
        // "several years", "a few days".
        None => unknown_length(unit),
    })
}

/// A length of `unit`s whose count is not said: PXY, PXM, PTXH.
fn unknown_length(unit: Unit) -> Interp {
    let mut i = duration(0.0, unit);
    i.value = i.value.map(|v| v.replace('0', "X"));
    i
}

/// "the weekend": the latest weekend by the anchor (the anchor's own when it falls on one), or the
/// next one when the clause is in the future.
pub(super) fn the_weekend(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let unit = unit_of(c, "unit", ctx)?;
    let on_a_weekend = ctx
        .anchor
        .is_some_and(|a| a.date.weekday().number_from_monday() >= 6);
    let delta = match (ctx.tense, on_a_weekend) {
        (Tense::Future, true) => 1,
        (Tense::Future, false) | (_, true) => 0,
        _ => -1,
    };
    Some(shifted_period(unit, delta, ctx))
}

/// "the year ended June 30": a year as a length of time (the rule's context check has seen the
/// verb after it).
pub(super) fn the_year_ended(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    Some(duration(1.0, unit_of(c, "unit", ctx)?))
}

pub(super) fn the_past_unit(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    Some(duration(1.0, unit_of(c, "unit", ctx)?))
}

pub(super) fn frequency(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    if let Some(wd) = c
        .name("weekday")
        .and_then(|w| ctx.calendar.weekday_number(w.as_str()))
    {
        return Some(Interp {
            kind: DateKind::Set,
            value: Some(format!("XXXX-WXX-{wd}")),
            start_date: None,
            granularity: "day",
            relative: false,
        });
    }
    let vocabulary = &ctx.words.vocabulary;
    let unit = if let Some(adverb) = c.name("adverb") {
        vocabulary.unit("frequency_adverb", adverb.as_str())?
    } else if let Some(per) = c.name("per_unit") {
        let word = per.as_str();
        vocabulary
            .unit("per_unit", word)
            .or_else(|| vocabulary.unit("unit", word))?
    } else {
        unit_of(c, "unit", ctx).or_else(|| unit_of(c, "each_unit", ctx))?
    };
    // "every other week": two units apart.
    let every = if c.name("other").is_some() { 2.0 } else { 1.0 };
    Some(Interp {
        kind: DateKind::Set,
        value: duration(every, unit).value,
        start_date: None,
        granularity: unit.granularity(),
        relative: false,
    })
}

pub(super) fn clock(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let value = match c.name("time") {
        Some(t) => parse_time(t.as_str())?.format("%H:%M").to_string(),
        // TIMEX3 writes noon as 12:00 and midnight as hour 24.
        None => match ctx
            .words
            .vocabulary
            .number("clock_word", &c["clock_word"])?
        {
            24 => "24".to_string(),
            h => format!("{h:02}:00"),
        },
    };
    let (value, start) = match ctx.anchor {
        Some(a) => (
            format!("{}T{value}", a.date.format("%Y-%m-%d")),
            Some(a.date),
        ),
        None => (format!("XXXX-XX-XXT{value}"), None),
    };
    Some(Interp {
        kind: DateKind::Time,
        value: Some(value),
        start_date: start,
        granularity: "minute",
        relative: true,
    })
}

/// "the end of the year", "by the end of next month": the period itself, at its own granularity.
pub(super) fn end_of_unit(c: &Captures, ctx: &Ctx) -> Option<Interp> {
    let delta = match shift_of(c, "end_shift", ctx) {
        Meaning::Number(n) => n,
        _ => 0,
    };
    Some(shifted_period(unit_of(c, "unit", ctx)?, delta, ctx))
}
