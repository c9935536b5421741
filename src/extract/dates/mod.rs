//! Temporal expressions: dates, times, durations and sets, normalized to TIMEX3 values.
//!
//! ## What it extracts
//! Absolute dates ("Feb 03, 2022 10:12 PM", "03 February 2022", "9th Apr, 2024", "2024-04-09",
//! "June 2021", "in 2021"), relative ones ("today", "on Thursday", "last year", "two weeks ago",
//! "in May", "the first quarter", "this summer", "this evening", "June last year"), durations ("for
//! the next five years" = P5Y, "two-day" = P2D) and sets ("annually" = P1Y, "every week" = P1W).
//!
//! ## Resolution
//! Relative expressions resolve against the document's anchor: its publication date (or the dateline
//! date when that is all it has), never the clock. News is mostly about the past, so a bare weekday
//! is the latest such day on or before the anchor ("said on Thursday" in a Thursday article is that
//! day); a future cue in the clause ("will", "ahead of", "scheduled", "is to") resolves forward, strictly
//! after the anchor, unless the plan is told as a past one ("had been due to expire Friday"). An
//! expression that opens its sentence's first clause takes the tense of the words after it ("In
//! January, the group brought in ..."). A month or a month-day without a year takes the nearest such one, the future
//! counting double, unless the tense says otherwise (and a day stays within ten months of the
//! anchor whatever the tense). Without an anchor, values keep X placeholders ("XXXX-05",
//! "XXXX-WXX-4").
//!
//! ## Rules
//! `date/iso`, `date/month-day-year`, `date/day-month-year`, `date/month-year`,
//! `date/month-relative-year`, `date/month`, `date/spoken-year`, `date/year`,
//! `date/relative-day`, `date/reference`, `date/period-reference`, `date/season`, `date/weekday`,
//! `date/relative-unit`, `date/the-weekend`, `duration/the-year-ended`, `date/ago`,
//! `date/quarter`, `date/half`, `date/decade`, `date/relative-event`, `date/end-of-unit`,
//! `duration/n-units`, `duration/the-past-unit`, `set/frequency`, `time/clock`. Overlapping matches
//! keep the longest; then a clock time and the day right beside it become one expression ("5 p.m.
//! EST Nov. 9", "Tuesday at 10 p.m.").
//!
//! ## Limitations
//! English only. "a day before" (relative to another event) is reported with no value. Fiscal years
//! ("1986/87") are read as their first year. Times carry no time zone. Holidays ("Lunar New Year"),
//! "the year" alone and "current" are not extracted. Vague references are ("now" = PRESENT_REF, "recently" =
//! PAST_REF), but no event is dated by one. "the quarter" and "a year earlier" refer to the quarter
//! the article named last before them (`date/period-reference`): an earnings report's convention,
//! which TimeBank's annotators follow. A quarter still running at the anchor is not one of them,
//! and "the latest quarter" is always the last whole quarter before the anchor.
//!
//! ## Measured
//! `benches/timebank_eval.py BIN` scores the `dates` table on TempEval-3's TimeBank (tuned on) and
//! AQUAINT (kept aside) newswire with the TempEval-3 metric.

/// The calendar words and parsers, shared with figures and `clean` (they live in `text::calendar`).
pub use crate::text::calendar as lexicon;
use crate::text::calendar::Calendar;
mod resolve;
pub mod vocabulary;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use regex::{Captures, Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::lang::{Lang, NumberWords, alternation};
use crate::model::{Doc, Provenance, PublishedSource, RuleId, head, tail};
use lexicon::{DAY, TIME};
pub use resolve::Tense;
use vocabulary::Vocabulary;

/// `[extract.dates]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct DatesFile {
    pub resolve_relative: bool,
}

/// Every rule id this extractor emits, with its meaning.
pub const RULES: &[crate::model::RuleDoc] = &[
    (
        "date/iso",
        "An ISO date, optionally with a time: \"2024-04-09\", \"2022-02-03T22:12\".",
    ),
    (
        "date/month-day-year",
        "Month, day and optional year, optionally after a weekday: \"Feb 03, 2022\", \"on March 17\".",
    ),
    (
        "date/day-month-year",
        "Day, month and optional year: \"03 February 2022\", \"the 9th of April\".",
    ),
    (
        "date/month-year",
        "Month and year: \"June 2021\", \"in March 1987\".",
    ),
    (
        "date/month-relative-year",
        "A month of a year named relative to the anchor: \"January this year\", \"June last year\".",
    ),
    (
        "date/month",
        "A month alone, resolved to the nearest such month: \"in May\" (bare May, March, June, August, April need a cue word).",
    ),
    (
        "date/spoken-year",
        "A year read out: \"nineteen ninety-six\", \"the year two thousand\".",
    ),
    (
        "date/year",
        "A year from 1800 to 2099, with or without a cue: \"in 2021\", \"fiscal 1987\".",
    ),
    (
        "date/relative-day",
        "\"today\", \"yesterday\", \"tomorrow\", \"this morning\", resolved against the anchor.",
    ),
    (
        "date/reference",
        "A vague reference to the present, past or future: \"now\" = PRESENT_REF, \"recently\" = PAST_REF, \"the future\" = FUTURE_REF.",
    ),
    (
        "date/period-reference",
        "A period the article named before, or that period a year earlier: \"the quarter\", \"a year earlier\", \"the year-ago quarter\" after \"third-quarter profit\".",
    ),
    (
        "date/season",
        "A season with a shift word or a year: \"this summer\" = 1998-SU, \"last fall\", \"the winter of 1994\".",
    ),
    (
        "date/weekday",
        "A weekday, the latest on or before the anchor unless the clause is in the future: \"on Thursday\", \"next Monday\"; in a named week: \"Wednesday of next week\", \"Tuesday last week\".",
    ),
    (
        "date/relative-unit",
        "\"last week\", \"next year\", \"this quarter\", \"the current fiscal year\", resolved against the anchor.",
    ),
    (
        "date/the-weekend",
        "\"the weekend\", \"over the weekend\": the latest weekend by the anchor, the next one in a future clause.",
    ),
    (
        "duration/the-year-ended",
        "A year named by when it ends is a length: \"in the year ended June 30\", \"the fiscal year ending March 31\" = P1Y.",
    ),
    (
        "date/ago",
        "A count of units before the anchor: \"two weeks ago\", \"seventy years ago\".",
    ),
    (
        "date/quarter",
        "A quarter: \"the first quarter of 1987\", \"the 1988 third quarter\", \"third-quarter\", \"Q3\".",
    ),
    ("date/half", "A half year: \"the second half of 2021\"."),
    ("date/decade", "A decade: \"the 1970s\", \"the mid-1980s\"."),
    (
        "date/relative-event",
        "\"a day before\", \"the day after\": relative to another event, no value.",
    ),
    (
        "date/end-of-unit",
        "\"the end of the month\", \"the beginning of next year\".",
    ),
    (
        "duration/n-units",
        "A length of time: \"for the next five years\" = P5Y, \"two-day\" = P2D, \"several months\" = PXM, \"in recent years\" = PXY.",
    ),
    (
        "duration/the-past-unit",
        "\"the past week\", \"over the last year\" = P1W, P1Y.",
    ),
    (
        "set/frequency",
        "A recurrence: \"annually\" = P1Y, \"every week\" = P1W, \"per annum\".",
    ),
    (
        "time/clock",
        "A clock time, with the day right after it: \"10:12 PM\", \"9am\", \"at noon\", \"5 p.m. EST Nov. 9\", \"midnight Friday\".",
    ),
];

/// What kind of temporal expression a mention is (TIMEX3 type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A calendar date or period (day, week, month, quarter, year, decade).
    Date,
    /// A time of day, possibly with its date.
    Time,
    /// A length of time.
    Duration,
    /// A recurrence.
    Set,
}

impl DateKind {
    /// Column value.
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Date => "date",
            DateKind::Time => "time",
            DateKind::Duration => "duration",
            DateKind::Set => "set",
        }
    }
}

/// One temporal expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    /// Where it was found.
    pub prov: Provenance,
    /// Date, time, duration or set.
    pub kind: DateKind,
    /// TIMEX3 value ("2022-02-03", "2021-06", "XXXX-05", "P5Y"); None when it cannot be stated.
    pub value: Option<String>,
    /// First day of the period the value names, when fully resolved.
    pub start_date: Option<NaiveDate>,
    /// Granularity: minute, part_of_day, day, week, month, season, quarter, half, year, decade, or
    /// reference (PRESENT_REF, PAST_REF, FUTURE_REF).
    pub granularity: &'static str,
    /// The anchor used to resolve a relative expression.
    pub anchor_date: Option<NaiveDate>,
    /// `published`, `dateline`, `none` (relative but no anchor) or `not_needed` (absolute).
    pub anchor_origin: &'static str,
    /// Tense read from the clause, for relative expressions: past, future or unknown.
    pub tense: Option<&'static str>,
}

impl DateMention {
    /// Whether it names a calendar day or period an event can be dated by: a date, or a part of a
    /// day ("this morning"), with a value; not a vague reference ("now") or a clock time.
    pub fn names_a_period(&self) -> bool {
        let named = matches!(&self.value, Some(v) if !v.ends_with("_REF"));
        named && (self.kind == DateKind::Date || self.granularity == "part_of_day")
    }
}

/// The reference point relative expressions resolve against.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    /// The date.
    pub date: NaiveDate,
    /// `published` or `dateline`.
    pub origin: &'static str,
}

/// The dates stage's settings: `[extract.dates]` and its rules, compiled with the language's number
/// words.
#[derive(Debug, Clone)]
pub struct DatesConfig {
    /// Resolve relative expressions against the document's anchor.
    pub resolve_relative: bool,
    rules: Arc<Vec<Rule>>,
    numbers: Arc<NumberWords>,
    words: Arc<DateWords>,
    calendar: Arc<Calendar>,
}

impl DatesConfig {
    /// Compiles the rules with the language's number, month and weekday words and the dates
    /// vocabulary.
    ///
    /// # Errors
    /// A malformed `date_words.tsv`.
    pub fn new(
        file: &DatesFile,
        lang: &Lang,
        numbers: Arc<NumberWords>,
        calendar: Arc<Calendar>,
    ) -> Result<DatesConfig> {
        let vocabulary = Vocabulary::from_lang(lang)?;
        Ok(DatesConfig {
            resolve_relative: file.resolve_relative,
            rules: Arc::new(rules(&numbers, &calendar, &vocabulary, lang)?),
            numbers,
            calendar,
            words: Arc::new(DateWords {
                future: lang.lowercase_set("date_future_cues.txt"),
                future_after: lang.lowercase_set("date_future_after_cues.txt"),
                past: lang.lowercase_set("date_past_cues.txt"),
                count_nouns: lang.lowercase_set("date_count_nouns.txt"),
                vocabulary,
            }),
        })
    }
}

impl DatesConfig {
    /// Month and weekday words (figures read them for periods and for numbers next to a month).
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
}

/// The word lists the handlers read (`date_*.txt` and `date_words.tsv`), lower case.
#[derive(Debug, Clone, PartialEq)]
pub struct DateWords {
    /// Words and two-word phrases that put a clause in the future.
    pub future: HashSet<String>,
    /// Words right after an expression that put its clause in the future ("will").
    pub future_after: HashSet<String>,
    /// Words that put a clause in the past.
    pub past: HashSet<String>,
    /// Words after a four-digit number that make it a count, not a year.
    pub count_nouns: HashSet<String>,
    /// The rules' words and their meanings (`date_words.tsv`).
    pub vocabulary: Vocabulary,
}

/// The document's anchor, if it has one and resolution is on.
pub fn anchor_of(doc: &Doc, cfg: &DatesConfig) -> Option<Anchor> {
    cfg.resolve_relative.then(|| document_anchor(doc)).flatten()
}

/// The document's publication date as an anchor, whatever the dates configuration (figure periods
/// use it: "last year" next to a figure is always read against the article's date).
pub fn document_anchor(doc: &Doc) -> Option<Anchor> {
    let date = doc.meta.published_date?;
    let origin = match doc.meta.published_source {
        Some(PublishedSource::Dateline) => "dateline",
        _ => "published",
    };
    Some(Anchor { date, origin })
}

/// The result of interpreting one match, before provenance is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Interp {
    /// Kind.
    pub kind: DateKind,
    /// TIMEX3 value.
    pub value: Option<String>,
    /// First day when resolved.
    pub start_date: Option<NaiveDate>,
    /// Granularity.
    pub granularity: &'static str,
    /// Whether the anchor was needed (relative expression).
    pub relative: bool,
}

type Handler = fn(&Captures, &Ctx) -> Option<Interp>;

/// What a handler may look at besides its captures.
pub struct Ctx<'a> {
    /// Anchor, if any.
    pub anchor: Option<Anchor>,
    /// Tense of the clause around the match.
    pub tense: Tense,
    /// The whole matched text.
    pub matched: &'a str,
    /// The rest of the sentence after the match (up to 80 bytes).
    pub after: &'a str,
    /// Whether the sentence is all lower-case (then capitalization cues are void).
    pub lowercase_text: bool,
    /// The language's number words, for counts ("seventy years ago").
    pub numbers: &'a NumberWords,
    /// The dates stage's other word lists.
    pub words: &'a DateWords,
    /// Month and weekday words.
    pub calendar: &'a Calendar,
}

#[derive(Debug)]
struct Rule {
    id: RuleId,
    re: Regex,
    handler: Handler,
    confidence: f32,
}

fn build(pattern: &str) -> Regex {
    RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|e| panic!("date rule pattern is invalid: {e}"))
}

/// The rules, in priority order (ties between equally long matches go to the earlier one): id,
/// pattern, handler, confidence. A pattern names the vocabulary's classes as `%{class}` (see
/// `vocabulary` and `date_words.tsv`), never words; `%{month}`, `%{month_name}`,
/// `%{weekday_name}`, `%{weekday_abbreviation}` (the calendar lists), `%{day}`, `%{time}` and
/// `%{count}` (digits or number words) are filled in by `rules`. Handlers read named groups.
const RULE_PATTERNS: &[(RuleId, &str, Handler, f32)] = {
    use resolve::*;
    &[
        (
            "date/iso",
            r"\b(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})(?:[T ](?P<time>[0-2]\d:[0-5]\d))?\b",
            iso,
            0.99,
        ),
        (
            "date/month-day-year",
            r"\b(?:%{day_lead}\s+)?(?:(?P<weekday>%{weekday_name}|%{weekday_abbreviation}),?\s+)?(?P<month>%{month})\s+(?P<day>%{day})\b(?:,?\s+(?P<year>1[89]\d\d|20\d\d)\b)?(?:,?\s*\|?\s*(?:%{clock_lead}\s+)?(?P<time>%{time}))?",
            month_day_year,
            0.95,
        ),
        (
            "date/day-month-year",
            r"\b(?:%{day_lead}\s+)?(?:(?P<weekday>%{weekday_name}),?\s+)?(?:%{article}\s+)?(?P<day>%{day})(?:\s+%{of})?\s+(?P<month>%{month})(?:,?\s+(?P<year>1[89]\d\d|20\d\d)\b)?(?:,?\s*\|?\s*(?:%{clock_lead}\s+)?(?P<time>%{time}))?",
            month_day_year,
            0.95,
        ),
        (
            "date/month-year",
            r"\b(?:%{month_year_cue}[\s-]+)?(?P<month>%{month}),?(?:\s+%{of})?\s+(?P<year>1[89]\d\d|20\d\d)\b",
            month_year,
            0.95,
        ),
        (
            "date/month-relative-year",
            r"\b(?P<month>%{month_name})\s+(?:%{of}\s+)?(?P<shift>%{period_shift})\s+%{unit:year}\b",
            month_relative_year,
            0.9,
        ),
        (
            "date/month",
            r"\b(?:(?P<shift>%{month_shift})[\s-]+)?(?P<month>%{month_name})\b",
            month_only,
            0.85,
        ),
        (
            "date/spoken-year",
            r"\b(?P<lead>%{spoken_year_lead}\s+)?(?P<century>%{spoken_century})(?:\s+(?:and\s+)?(?P<rest>%{two_digits}))?\b",
            spoken_year,
            0.8,
        ),
        (
            "date/year",
            r"\b(?:%{year_cue}[\s-]+)?(?P<year>1[89]\d\d|20\d\d)\b",
            year,
            0.8,
        ),
        (
            "date/relative-day",
            r"\b(?:%{relative_day_lead}\s+)?(?P<day>%{relative_day})\b",
            relative_day,
            0.95,
        ),
        (
            "date/reference",
            r"\b(?P<reference>%{reference})\b",
            reference,
            0.7,
        ),
        (
            "date/period-reference",
            r"\b(?P<phrase>%{period_reference})\b",
            period_reference,
            0.75,
        ),
        (
            "date/season",
            r"\b(?:(?P<shift>%{season_shift})\s+|%{article}\s+)?(?P<season>%{season})(?:\s+(?:%{of}\s+)?(?P<year>1[89]\d\d|20\d\d))?\b",
            season,
            0.8,
        ),
        (
            "date/weekday",
            r"\b(?:(?P<shift>%{weekday_shift})\s+)?(?P<weekday>%{weekday_name})(?:\s+(?P<part>%{part_of_day}))?(?:\s+(?:%{of}\s+)?(?P<week_shift>%{period_shift})\s+%{unit:week})?\b",
            weekday,
            0.9,
        ),
        (
            "date/relative-unit",
            r"\b(?P<shift>%{period_shift})\s+(?:(?P<unit>%{unit:week,weekend,month,year,quarter,decade})|%{year_qualifier}\s+(?P<fiscal_unit>%{unit:year}))\b",
            relative_unit,
            0.9,
        ),
        (
            "date/the-weekend",
            r"\b(?:%{weekend_lead}\s+)?%{article}\s+(?P<unit>%{unit:weekend})\b",
            the_weekend,
            0.85,
        ),
        (
            "duration/the-year-ended",
            r"\b(?:%{duration_lead}\s+)?%{article}\s+(?:%{year_qualifier}\s+)?(?P<unit>%{unit:year})\b",
            the_year_ended,
            0.8,
        ),
        (
            "date/ago",
            r"\b(?P<count>%{count})\s+(?P<unit>%{unit_plural:day,week,month,year,decade}|%{unit:day,week,month,year,decade})\s+%{ago}\b",
            ago,
            0.9,
        ),
        (
            "date/quarter",
            r"\b(?:%{period_lead}\s+)?(?:%{article}\s+)?(?:(?P<year_before>1[89]\d\d|20\d\d)\s+)?(?P<ordinal>%{quarter_ordinal})[\s-]+%{quarter}(?:\s+(?:%{of}\s+)?(?P<year>\d{4})\b)?|\b(?:%{period_lead}\s+)?%{quarter_letter}(?P<number>[1-4])(?:\s+|/)?(?P<number_year>\d{4})?\b",
            quarter,
            0.9,
        ),
        (
            "date/half",
            r"\b(?:%{period_lead}\s+)?(?:%{article}\s+)?(?P<ordinal>%{half_ordinal})[\s-]+%{half}(?:\s+(?:%{of}\s+)?(?P<year>\d{4})\b)?",
            half,
            0.85,
        ),
        (
            "date/decade",
            r"\b(?:%{period_lead}\s+)?(?:%{article}\s+)?(?:%{decade_part}(?:\s+|-))?(?P<year>1[89]\d0|20\d0)%{decade_suffix}\b",
            decade,
            0.85,
        ),
        (
            "date/relative-event",
            r"\b%{event_day}\s+%{unit:day}\s+%{event_relation}\b",
            relative_event,
            0.6,
        ),
        (
            "duration/n-units",
            r"\b(?:%{duration_lead}\s+)?(?:%{article}\s+)?(?:(?:%{duration_shift}\s+)?(?P<count>%{count})(?:\s+|-)(?P<unit>%{unit_plural:day,week,month,year,decade,hour,minute}|%{unit:day,week,month,year,decade,hour,minute})%{duration_suffix}?|%{vague_count}\s+(?P<vague_unit>%{unit_plural:day,week,month,year,decade,quarter}))\b",
            n_units,
            0.8,
        ),
        (
            "duration/the-past-unit",
            r"\b(?:%{duration_lead}\s+)?%{article}\s+%{past_shift}\s+(?P<unit>%{unit:day,week,month,year,decade})\b",
            the_past_unit,
            0.8,
        ),
        (
            "date/end-of-unit",
            r"\b(?:%{end_lead}\s+)?(?:%{article}\s+)?%{period_part}\s+%{of}\s+(?:%{article}\s+)?(?:(?P<shift>%{end_shift})\s+)?(?P<unit>%{unit:week,month,year,quarter,decade})\b",
            end_of_unit,
            0.85,
        ),
        (
            "set/frequency",
            r"\b(?:(?P<adverb>%{frequency_adverb})|%{every}\s+(?:(?P<other>%{every_other})\s+)?(?P<unit>%{unit:day,week,month,year,quarter})|(?:%{every}|%{each})\s+(?P<weekday>%{weekday_name})|%{each}\s+(?P<each_unit>%{unit:day,week,month,year})|%{per}\s+(?P<per_unit>%{per_unit}|%{unit:year,month,week,day}))\b",
            frequency,
            0.8,
        ),
        (
            "time/clock",
            r"\b(?:%{clock_lead}\s+)?(?:(?P<time>%{time})|(?P<clock_word>%{clock_word})\b)",
            clock,
            0.8,
        ),
    ]
};

/// The rules with their patterns filled in from the language's words.
fn rules(
    numbers: &NumberWords,
    calendar: &Calendar,
    vocabulary: &Vocabulary,
    lang: &Lang,
) -> Result<Vec<Rule>> {
    // Counts of time units: digits, then tens joined to ones ("twenty four"), then number and
    // quantity words, longest first.
    // A language without tens joined to ones has no such alternative.
    let compound = if numbers.tens().is_empty() || numbers.ones().is_empty() {
        String::new()
    } else {
        format!(
            r"(?:{})[\s-](?:{})\b|",
            alternation(numbers.tens()),
            alternation(numbers.ones())
        )
    };
    let count = format!(
        r"(?:\d+(?:\.\d+)?|{compound}{})",
        alternation(
            numbers
                .cardinals
                .iter()
                .map(|(w, _)| w.as_str())
                .chain(numbers.quantities.iter().map(|(w, _)| w.as_str()))
        )
    );
    // The last two digits of a year read out: "ninety-six", "seventy nine", "twelve", "five".
    let words_in = |low: f64, high: f64, step: f64| {
        alternation(
            numbers
                .cardinals
                .iter()
                .filter(|(_, v)| *v >= low && *v <= high && v % step == 0.0)
                .map(|(w, _)| w.as_str()),
        )
    };
    let two_digits = format!(
        r"(?:(?:{})(?:[\s-](?:{}))?|{})",
        words_in(20.0, 90.0, 10.0),
        words_in(1.0, 9.0, 1.0),
        words_in(1.0, 19.0, 1.0)
    );
    let fixed: [(&str, &str); 8] = [
        ("month", &calendar.month),
        ("month_name", &calendar.month_name),
        ("weekday_name", &calendar.weekday),
        ("weekday_abbreviation", &calendar.weekday_abbreviation),
        ("day", DAY),
        ("time", TIME),
        ("count", &count),
        ("two_digits", &two_digits),
    ];
    RULE_PATTERNS
        .iter()
        .map(|&(id, template, handler, confidence)| {
            Ok(Rule {
                id,
                re: build(&vocabulary.expand(template, &fixed, lang)?),
                handler,
                confidence,
            })
        })
        .collect()
}

/// Finds every temporal expression in a document.
pub fn extract(doc: &Doc, cfg: &DatesConfig) -> Vec<DateMention> {
    let anchor = anchor_of(doc, cfg);
    let text = doc.view.as_str();
    let mut candidates: Vec<(usize, usize, usize, Interp, Tense)> = Vec::new();
    let mut lowercase_sentence: std::collections::HashMap<usize, bool> =
        std::collections::HashMap::new();
    for (rule_index, rule) in cfg.rules.iter().enumerate() {
        for caps in rule.re.captures_iter(text) {
            let m = caps.get(0).expect("group 0");
            let (start, end) = trim_match(text, m.start(), m.end());
            if start >= end || doc.sentence_of(start) != doc.sentence_of(end - 1) {
                continue;
            }
            let sentence_index = doc.sentence_of(start) as usize;
            let sentence = doc.sentences[sentence_index];
            let before = tail(&text[sentence.start.min(start)..start], 200);
            let after = head(&text[end..sentence.end.max(end)], 80);
            let tense = resolve::tense(&cfg.words, before, after);
            let lowercase_text = *lowercase_sentence.entry(sentence_index).or_insert_with(|| {
                !text[sentence.start..sentence.end]
                    .bytes()
                    .any(|b| b.is_ascii_uppercase())
            });
            let ctx = Ctx {
                anchor,
                tense,
                matched: &text[start..end],
                after,
                lowercase_text,
                numbers: &cfg.numbers,
                words: &cfg.words,
                calendar: &cfg.calendar,
            };
            if !resolve::context_allows(rule.id, text, start, end, &ctx) {
                continue;
            }
            if let Some(interp) = (rule.handler)(&caps, &ctx) {
                candidates.push((start, end, rule_index, interp, tense));
            }
        }
    }
    // Longest match wins; ties go to the earlier rule.
    candidates.sort_by(|a, b| {
        (b.1 - b.0)
            .cmp(&(a.1 - a.0))
            .then(a.2.cmp(&b.2))
            .then(a.0.cmp(&b.0))
    });
    let mut kept: Vec<Kept> = Vec::new();
    for c in candidates {
        if kept.iter().all(|k| c.1 <= k.0 || c.0 >= k.1) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| (c.0, c.2));
    // "the quarter", "a year earlier": the quarter named last before them (an earnings report's).
    let mut last_quarter: Option<Interp> = None;
    for (start, end, rule_index, interp, _) in &mut kept {
        if cfg.rules[*rule_index].id == "date/period-reference" {
            let phrase = &text[*start..*end];
            let back = cfg
                .words
                .vocabulary
                .number("period_reference", phrase)
                .unwrap_or(0);
            let names_a_quarter = phrase
                .split_whitespace()
                .any(|w| cfg.words.vocabulary.has("period_noun", w));
            let latest = cfg.words.vocabulary.has("latest_period", phrase);
            let last = if latest { None } else { last_quarter.as_ref() };
            *interp = resolve::period_before(last, back, names_a_quarter, anchor);
            // "the latest quarter" names one for the comparisons after it.
            if latest {
                last_quarter = Some(interp.clone());
            }
            continue;
        }
        let resolved = interp.value.as_deref().is_some_and(|v| !v.contains('X'));
        // A quarter still running at the anchor ("fourth-quarter prospects" in November) has no
        // results to compare: the comparisons that follow are still the last reported one's.
        let ended = match (interp.start_date, anchor) {
            (Some(first_day), Some(a)) => first_day + chrono::Months::new(3) <= a.date,
            _ => true,
        };
        if interp.kind == DateKind::Date && resolved && ended && interp.granularity == "quarter" {
            last_quarter = Some(interp.clone());
        }
    }
    let kept = join_times_to_days(kept, text, cfg);
    kept.into_iter()
        .map(|(start, end, rule_index, interp, tense)| {
            let rule = &cfg.rules[rule_index];
            let (anchor_date, anchor_origin) = match (interp.relative, anchor) {
                (false, _) => (None, "not_needed"),
                (true, Some(a)) => (Some(a.date), a.origin),
                (true, None) => (None, "none"),
            };
            DateMention {
                prov: doc.provenance(start, end, rule.id, rule.confidence),
                kind: interp.kind,
                value: interp.value,
                start_date: interp.start_date,
                granularity: interp.granularity,
                anchor_date,
                anchor_origin,
                tense: interp.relative.then_some(tense.as_str()),
            }
        })
        .collect()
}

/// A kept match: start, end, rule index, interpretation, tense.
type Kept = (usize, usize, usize, Interp, Tense);

/// A clock time and the day written right beside it are one expression: "5 p.m. EST Nov. 9",
/// "noon Thursday", "Friday at 10 p.m." become the day's value with the time
/// ("1989-11-09T17:00"), under the clock rule. Between them only spaces, commas, a time zone or
/// the clock's lead word ("at") may stand. `kept` is sorted by start.
fn join_times_to_days(kept: Vec<Kept>, text: &str, cfg: &DatesConfig) -> Vec<Kept> {
    let is_clock = |k: &Kept| cfg.rules[k.2].id == "time/clock";
    let is_day = |k: &Kept| {
        k.3.kind == DateKind::Date
            && k.3.granularity == "day"
            && k.3.value.as_deref().is_some_and(|v| !v.ends_with("_REF"))
    };
    let vocabulary = &cfg.words.vocabulary;
    let only_glue = |gap: &str| {
        gap.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| vocabulary.has("time_zone", w) || vocabulary.has("clock_lead", w))
            && gap.len() <= 12
    };
    let mut out: Vec<Kept> = Vec::with_capacity(kept.len());
    for k in kept {
        if let Some(prev) = out.last_mut() {
            let gap = &text[prev.1..k.0];
            let pair = if is_clock(prev) && is_day(&k) {
                Some((&*prev, &k))
            } else if is_day(prev) && is_clock(&k) {
                Some((&k, &*prev))
            } else {
                None
            };
            if let Some((clock, day)) = pair.filter(|_| only_glue(gap)) {
                let time = clock.3.value.as_deref().and_then(|v| v.split_once('T'));
                if let (Some((_, time)), Some(day_value)) = (time, day.3.value.as_deref()) {
                    let mut joined = day.3.clone();
                    joined.kind = DateKind::Time;
                    joined.granularity = "minute";
                    joined.value = Some(format!("{day_value}T{time}"));
                    let (rule_index, tense) = (clock.2, day.4);
                    *prev = (prev.0, k.1, rule_index, joined, tense);
                    continue;
                }
            }
        }
        out.push(k);
    }
    out
}

/// Drops trailing punctuation and spaces a pattern may have swallowed.
fn trim_match(text: &str, start: usize, mut end: usize) -> (usize, usize) {
    while end > start && matches!(text.as_bytes()[end - 1], b' ' | b',' | b'|' | b'\n') {
        end -= 1;
    }
    (start, end)
}

/// Interprets a string as one temporal expression: the longest match in it, resolved against `anchor`,
/// with the byte range it covers. Used for figure periods and by the peer-suite report.
pub fn interpret(
    text: &str,
    anchor: Option<Anchor>,
    cfg: &DatesConfig,
) -> Option<(RuleId, Interp, std::ops::Range<usize>)> {
    let mut best: Option<(usize, RuleId, Interp, std::ops::Range<usize>)> = None;
    for rule in cfg.rules.iter() {
        for caps in rule.re.captures_iter(text) {
            let m = caps.get(0).expect("group 0");
            let tense = resolve::tense(&cfg.words, &text[..m.start()], &text[m.end()..]);
            let ctx = Ctx {
                anchor,
                tense,
                matched: m.as_str(),
                after: head(&text[m.end()..], 80),
                lowercase_text: !text.bytes().any(|b| b.is_ascii_uppercase()),
                numbers: &cfg.numbers,
                words: &cfg.words,
                calendar: &cfg.calendar,
            };
            if !resolve::context_allows(rule.id, text, m.start(), m.end(), &ctx) {
                continue;
            }
            if let Some(interp) = (rule.handler)(&caps, &ctx) {
                let len = m.len();
                if best.as_ref().is_none_or(|b| len > b.0) {
                    best = Some((len, rule.id, interp, m.range()));
                }
            }
        }
    }
    best.map(|(_, id, interp, range)| (id, interp, range))
}
