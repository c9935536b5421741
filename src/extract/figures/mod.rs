//! Figures: money amounts, percentages and counts, each linked to its context.
//!
//! ## What it extracts
//! - money, normalized to a number and an ISO 4217 code: "about $146.87 billion" = 146870000000 USD,
//!   "£600m", "$1.13bn", "US$4.7 billion", "15.5 mln dlrs", "5 billion yuan", "€3bn",
//!   "420 million finnish markka", "Rs 500 crore", "MEUR 120", "$2.174T", "75 USD million", "half a
//!   million dollars"; ranges ("$1.2 million to $23.5 million") as low/high; an amount and its
//!   hundredths as one ("20 dollars 43 cents", "3 CAD 3 cents" = 3.03 CAD, "15 dollars 50.", "$20
//!   and 43c"); an amount in parentheses as a loss ("($99.99)");
//! - percentages ("35.9%", "35.9 percent", "35.9 per cent", "3.5 pct") and, kept apart, percentage points;
//! - counts with the counted noun ("155,221 bags", "105 children") and other numbers (kind `number`).
//!
//! Each figure carries its qualifier ("about", "more than"), and from its sentence: direction (up, down,
//! flat), metric ("trade"), subject ("between China and Russia"), period ("in 2021" = 2021), and for a
//! percentage describing a money figure in the same clause, that figure's id.
//!
//! ## Rules
//! `money/symbol-amount`, `money/amount-currency-word`, `money/major-minor`, `percent/number-percent`,
//! `percent/percentage-points`, `count/number-noun`, `number/bare`.
//!
//! ## Not figures
//! Years and dates ("in 2021", "Feb 26"), ordinals ("20th"), codes and names ("COVID-19", "Boeing 747",
//! "G20"), clock times and phone numbers.
//!
//! ## Limitations
//! Number words and fractions ("half", "a quarter", "three quarters of a") are read only with a scale,
//! percent or currency ("five billion yuan", "ten percent", "half a percentage point"), not as counts. What the peer suites still fail, by class and why: bench/peers/README.md.
//! Ambiguous "pounds" followed by "of" is a weight, not money. Bare "$" is USD.

mod context;
pub mod currency;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::extract::dates::DatesConfig;
use crate::lang::{Lang, NumberWords, alternation};
use crate::text::single_spaced;

/// Every rule id this extractor emits, with its meaning.
pub const RULES: &[crate::model::RuleDoc] = &[
    (
        "money/symbol-amount",
        "A currency symbol or code before the amount: \"$146.87 billion\", \"US$5\", \"Rs 200 crore\".",
    ),
    (
        "money/amount-currency-word",
        "A currency word or code after the amount: \"340 cruzados\", \"1,750 dlrs\", \"5 million yuan\".",
    ),
    (
        "money/major-minor",
        "An amount and its hundredths in the same currency: \"20 dollars 43 cents\", \"$1 and 42 cents\", \"3 GBP 1 pence\", \"15 dollars 50.\" (a bare number below 100 that ends the clause).",
    ),
    (
        "percent/number-percent",
        "A percentage: \"35.9%\", \"5 pct\", \"seventeen percent\".",
    ),
    (
        "percent/percentage-points",
        "A difference of percentages: \"0.5 percentage point\".",
    ),
    (
        "count/number-noun",
        "A number followed by the noun it counts: \"1,000 common shares\", \"15 kilos\".",
    ),
    (
        "number/bare",
        "A number with nothing named (written only with extract.figures.bare_numbers).",
    ),
];
use crate::model::{Doc, Provenance, RuleId, tail};

/// `[extract.figures]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FiguresFile {
    pub bare_numbers: bool,
}

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
    /// A difference of percentages, in points.
    PercentagePoints,
    /// A count of something named.
    Count,
    /// A number with nothing named.
    Number,
}

impl FigureKind {
    /// Column value.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::PercentagePoints => "percentage_points",
            FigureKind::Count => "count",
            FigureKind::Number => "number",
        }
    }
}

/// One figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureMention {
    /// Where it was found.
    pub prov: Provenance,
    /// Stable id: `<doc_id>-f<index in text order>`.
    pub figure_id: String,
    /// Kind.
    pub kind: FigureKind,
    /// Value (the low end of a range), scaled ("146.87 billion" = 146870000000).
    pub value: f64,
    /// High end of a range.
    pub value_high: Option<f64>,
    /// ISO 4217 code for money, "percent" / "percentage_point", or the counted noun.
    pub unit: Option<String>,
    /// Qualifier: about, nearly, more_than, less_than, up_to, at_least, at_most, over, under.
    pub qualifier: Option<&'static str>,
    /// up, down or flat.
    pub direction: Option<&'static str>,
    /// What it measures ("trade").
    pub metric: Option<String>,
    /// Whose metric ("between China and Russia").
    pub subject: Option<String>,
    /// Period as written ("in 2021").
    pub period: Option<String>,
    /// Period as a TIMEX3 value ("2021").
    pub period_value: Option<String>,
    /// For a percentage: the money figure it describes.
    pub related_figure_id: Option<String>,
    /// For money: the percentage change reported with it.
    pub change_percent: Option<f64>,
}

/// The figures stage's settings: `[extract.figures]` and the language lists it reads
/// (`figure_metrics.txt`, `number_words.tsv`, `quantity_words.tsv`, `direction_words.tsv`,
/// `figure_stop_words.txt`, `figure_count_qualifiers.txt`).
#[derive(Debug, Clone)]
pub struct FiguresConfig {
    /// Emit numbers that have no currency, percent sign or counted noun.
    pub bare_numbers: bool,
    /// Metric words, lower-case, longest first.
    pub metrics: Vec<String>,
    /// Digits, or number words with the scale, percent or currency word after them.
    number: Regex,
    numbers: Arc<NumberWords>,
    /// Change words and their direction: up, down or flat.
    directions: HashMap<String, &'static str>,
    /// Words that are never a counted noun.
    stop_words: HashSet<String>,
    /// Words skipped before a counted noun.
    count_qualifiers: HashSet<String>,
    /// Currency, scale and qualifier words and their patterns.
    money: currency::Money,
    /// Period phrases next to a figure ("for the month ended Sept 30", "in the first quarter").
    period: Regex,
    /// A figure's subject after its metric ("of Japan", "between China and Russia").
    subject: Regex,
    /// The small words read around a number.
    cues: FigureCues,
    /// A percent sign or word right after digits (group 1: a point word after it).
    percent: Regex,
    /// What may stand between the two amounts of a range.
    range_join: Regex,
    /// Figure periods ("in the first quarter") are read by the dates rules.
    dates: DatesConfig,
}

impl FiguresConfig {
    /// Builds the settings and compiles the number pattern.
    ///
    /// # Errors
    /// A `direction_words.tsv` row that is not word and up, down or flat, naming the file and line.
    pub fn new(
        file: &FiguresFile,
        lang: &Lang,
        numbers: Arc<NumberWords>,
        dates: DatesConfig,
    ) -> Result<FiguresConfig> {
        let mut metrics: Vec<String> = lang
            .words("figure_metrics.txt")
            .iter()
            .map(|m| m.to_lowercase())
            .collect();
        metrics.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut directions = HashMap::new();
        let list = "direction_words.tsv";
        for row in lang.rows(list) {
            let cells = lang.cells(list, row, 2)?;
            let direction = lang.choice(
                list,
                row,
                &cells[1],
                &[("up", "up"), ("down", "down"), ("flat", "flat")],
            )?;
            directions
                .entry(cells[0].to_lowercase())
                .or_insert(direction);
        }
        // Word numbers count only with what they number after them: "seventeen million", "three
        // percent", "five dollars"; tens join ones with a hyphen ("twenty-five").
        let money = currency::Money::new(lang)?;
        let cues = FigureCues::new(lang)?;
        let any = |list: &[String]| alternation(list.iter().map(String::as_str));
        let percent = build(&format!(
            r"^\s+(?:{})\b|^(?:\s?%|\s?(?:{})\b)(\s+(?:{})\b)?",
            any(&cues.spelled_points),
            any(&cues.percent_words),
            any(&cues.point_words),
        ));
        let range_join = build(&format!(r"^\s*(?:{})\s*", any(&cues.range_joiners)));
        let spelled_percent = alternation(
            cues.spelled_percent
                .iter()
                .chain(&cues.spelled_points)
                .map(String::as_str),
        );
        let words = alternation(
            numbers
                .cardinals
                .iter()
                .map(|(w, _)| w.as_str())
                .chain(numbers.quantities.iter().map(|(w, _)| w.as_str())),
        );
        let fraction_of = alternation(cues.fraction_of.iter().map(String::as_str));
        let fractions = alternation(
            cues.fraction_half
                .iter()
                .chain(&cues.fraction_quarter)
                .chain(&cues.fraction_three_quarters)
                .map(String::as_str),
        );
        let articles = alternation(
            numbers
                .quantities
                .iter()
                .filter(|(w, v)| *v == Some(1.0) && !w.contains(' '))
                .map(|(w, _)| w.as_str()),
        );
        let number = build(&format!(
            r"\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|\b(?:(?:{tens})-(?:{ones})|{words})\b(?:\s+(?:{scales})\b|\s+(?:{spelled_percent})\b|\s+{currency}\b)|\b(?:(?:{articles})\s+)?(?:{fractions})\s+(?:(?:{fraction_of})\s+)?(?:(?:{articles})\s+)?(?:{scales}|{spelled_percent})\b",
            tens = alternation(numbers.tens()),
            ones = alternation(numbers.ones()),
            currency = money.word_pattern,
            scales = money.spelled_scales,
        ));
        Ok(FiguresConfig {
            bare_numbers: file.bare_numbers,
            metrics,
            number,
            numbers,
            directions,
            stop_words: lang.lowercase_set("figure_stop_words.txt"),
            count_qualifiers: lang.lowercase_set("figure_count_qualifiers.txt"),
            money,
            percent,
            range_join,
            period: context::period_pattern(&cues, dates.calendar()),
            subject: context::subject_pattern(&cues),
            cues,
            dates,
        })
    }

    /// "up", "down" or "flat" for a change word ("rose", "fell", "unchanged"), lower case.
    pub fn direction_of(&self, word: &str) -> Option<&'static str> {
        self.directions.get(word).copied()
    }
}

fn build(p: &str) -> Regex {
    RegexBuilder::new(&p.replace(r"\b", r"(?-u:\b)"))
        .case_insensitive(true)
        .build()
        .expect("valid figure pattern")
}

crate::lang::cue_words!(
    /// The cue words of `figure_cue_words.tsv`, one field per row (see the file for each one's use).
    FigureCues from "figure_cue_words.tsv" {
        spelled_percent,
        spelled_points,
        percent_words,
        point_words,
        range_joiners,
        range_and,
        range_between,
        minor_joiners,
        glued_minor,
        fraction_half,
        fraction_quarter,
        fraction_three_quarters,
        fraction_of,
        negative_words,
        weight_units,
        weight_prepositions,
        name_breakers,
        subject_between,
        subject_and,
        subject_prepositions,
        period_year_prepositions,
        period_article,
        period_year_kinds,
        period_for,
        period_spans,
        period_ended,
        period_prepositions,
        period_ordinals,
        period_parts,
        period_of,
        period_shifts,
        period_units,
    }
);

/// Whether `word` is one of `list`, in any case.
fn is_one_of(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}
struct Raw {
    start: usize,
    end: usize,
    rule: RuleId,
    kind: FigureKind,
    value: f64,
    value_high: Option<f64>,
    unit: Option<String>,
    qualifier: Option<&'static str>,
    confidence: f32,
}

/// Value of a number as written: digits ("1,250.5") or words ("twenty-five", "a couple of",
/// "seventeen million": the longest known phrase at the start; a scale word after it is applied by
/// the caller). `None` for a vague quantity ("several").
fn parse_number(s: &str, numbers: &NumberWords) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    if lower.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return lower.replace(',', "").parse().ok();
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    for n in (1..=words.len()).rev() {
        if let Some(value) = numbers.lookup(&words[..n].join(" ")) {
            return value;
        }
    }
    None
}

/// "half a million", "a quarter billion", "three quarters of a percentage point": the fraction.
fn fraction_value(token: &str, cues: &FigureCues) -> Option<f64> {
    let lower = single_spaced(&token.to_ascii_lowercase());
    let starts = |list: &[String]| {
        list.iter().any(|f| {
            let f = single_spaced(f);
            lower.starts_with(&format!("{f} "))
                || lower
                    .split_once(' ')
                    .is_some_and(|(_, rest)| rest.starts_with(&format!("{f} ")))
        })
    };
    if starts(&cues.fraction_three_quarters) {
        Some(0.75)
    } else if starts(&cues.fraction_half) {
        Some(0.5)
    } else if starts(&cues.fraction_quarter) {
        Some(0.25)
    } else {
        None
    }
}

/// A number token with what is glued to it.
struct Token<'a> {
    start: usize,
    end: usize,
    value: f64,
    /// Start including a currency prefix.
    money_start: usize,
    currency: Option<&'a str>,
    /// End including scale and currency suffix / percent sign.
    full_end: usize,
    kind: Option<FigureKind>,
    rule: RuleId,
    scaled: bool,
    /// Written in a currency's hundredths ("43 cents", "1 pence", "35¢").
    minor: bool,
}

fn is_code_or_date(
    calendar: &crate::text::calendar::Calendar,
    text: &str,
    start: usize,
    end: usize,
    token: &str,
    currency_prefix: bool,
) -> bool {
    let before = text[..start].chars().next_back();
    let before2 = text[..start].chars().rev().nth(1);
    let after = text[end..].chars().next();
    let after2 = text[end..].chars().nth(1);
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if !token.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    // Glued to letters: "G20", "A320", "COVID-19", "20th", "3D".
    if (alnum(before) && !currency_prefix)
        || (before == Some('-') && before2.is_some_and(char::is_alphabetic))
        || matches!(before, Some('/' | ':' | '#' | '+' | '_'))
    {
        return true;
    }
    if before == Some('.') && before2.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let rest = &text[end..];
    let rest_lower: String = rest
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| rest_lower.starts_with(s))
        && !alnum(rest.chars().nth(2))
    {
        return true;
    }
    if matches!(after, Some(':' | '/')) && after2.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // Phone numbers and numeric codes: "555-1234", "(212) 555".
    if after == Some('-')
        && after2.is_some_and(|c| c.is_ascii_digit())
        && !token.contains('.')
        && token.len() >= 3
    {
        let tail: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if tail.len() >= 3 {
            return true;
        }
    }
    if before == Some('-')
        && text[..start - 1].ends_with(|c: char| c.is_ascii_digit())
        && token.len() >= 3
    {
        return true;
    }
    if matches!(after, Some('.')) && after2.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let lower_rest = crate::model::head(rest.trim_start(), 8).to_ascii_lowercase();
    if lower_rest.starts_with("am")
        || lower_rest.starts_with("pm")
        || lower_rest.starts_with("a.m")
        || lower_rest.starts_with("p.m")
    {
        let next = lower_rest.chars().nth(2);
        if !next.is_some_and(char::is_alphanumeric) {
            return true;
        }
    }
    // Dates: next to a month name ("Feb 26", "26 February").
    let prev_word: &str = text[..start]
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic() && c != '.')
        .next()
        .unwrap_or("");
    let next_word: &str = rest
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let month_like = |w: &str| {
        calendar.month_number(w).is_some()
            && w.trim_end_matches('.').len() >= 3
            && w.starts_with(char::is_uppercase)
    };
    if (month_like(prev_word) && text[..start].ends_with([' ', '.']))
        || (month_like(next_word) && !token.contains('.') && token.len() <= 2)
    {
        return true;
    }
    false
}

fn is_year(token: &str) -> bool {
    token.len() == 4
        && token.chars().all(|c| c.is_ascii_digit())
        && (1800..=2099).contains(&token.parse::<u32>().unwrap_or(0))
}

/// Digit runs that are phone numbers or numeric dates, masked before figures are read.
static MASKED: LazyLock<Regex> = LazyLock::new(|| {
    build(
        r"(?:\+\d{1,3}(?:[ .-]\d{2,5}){2,4}|(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\) ?|\d{3}[.-])\d{3}[.-]\d{4})\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    )
});

fn scan<'c>(text: &str, cfg: &'c FiguresConfig) -> Vec<Token<'c>> {
    let money = &cfg.money;
    let mut tokens = Vec::new();
    let masked: Vec<(usize, usize)> = MASKED
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in cfg.number.find_iter(text) {
        let (start, mut end, mut tok) = (m.start(), m.end(), m.as_str());
        if !tok.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            let last = tok.rsplit(char::is_whitespace).next().unwrap_or("");
            // A spelled percent ("two per cent", "four percentage points") stays whole; a currency
            // word after a number word ("one cent") is read later as the amount's currency.
            let spaced = single_spaced(tok);
            let percent_word = cfg
                .cues
                .spelled_percent
                .iter()
                .chain(&cfg.cues.spelled_points)
                .any(|p| spaced.ends_with(&single_spaced(p)));
            if money.scale_factor(last).is_none() && !percent_word {
                tok = tok[..tok.len() - last.len()].trim_end();
                end = start + tok.len();
            }
        }
        let window = tail(&text[..start], 8);
        // A prefix already consumed as the previous amount's suffix ("3 GBP 1 pence") is not reused.
        let consumed = tokens.last().map_or(0, |t: &Token| t.full_end);
        let prefix = money
            .prefix
            .find(window)
            .map(|p| (start - window.len() + p.start(), p.as_str()))
            .filter(|(ps, _)| *ps >= consumed);
        if masked.iter().any(|&(ps, pe)| start >= ps && end <= pe)
            || is_code_or_date(
                cfg.dates.calendar(),
                text,
                start,
                end,
                tok,
                prefix.is_some(),
            )
        {
            continue;
        }
        let fraction = fraction_value(tok, &cfg.cues);
        let Some(mut value) = fraction.or_else(|| parse_number(tok, &cfg.numbers)) else {
            continue;
        };
        let word_number = !tok.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        let mut t = Token {
            start,
            end,
            value,
            money_start: start,
            currency: None,
            full_end: end,
            kind: None,
            rule: "number/bare",
            scaled: false,
            minor: false,
        };
        // Word numbers carry their scale or percent inside the match.
        if word_number {
            let lower = tok.to_ascii_lowercase();
            if let Some(scale) = lower
                .split_whitespace()
                .last()
                .and_then(|w| money.scale_factor(w))
            {
                value *= scale;
                t.scaled = true;
            }
            let spaced = single_spaced(&lower);
            let ends = |list: &[String]| list.iter().any(|p| spaced.ends_with(&single_spaced(p)));
            if ends(&cfg.cues.spelled_points) {
                t.kind = Some(FigureKind::PercentagePoints);
                t.rule = "percent/percentage-points";
            } else if ends(&cfg.cues.spelled_percent) {
                // "a percentage", "an percent": an article is no number of percent (but "twenty-five
                // percent", "a half percent" are).
                let first = spaced.split(' ').next().unwrap_or("");
                let article = cfg
                    .numbers
                    .quantities
                    .iter()
                    .any(|(w, v)| w == first && *v == Some(1.0));
                if article && !t.scaled && fraction.is_none() {
                    continue;
                }
                t.kind = Some(FigureKind::Percent);
                t.rule = "percent/number-percent";
            }
        }
        if let Some((pstart, p)) = prefix
            && let Some((code, factor)) = money.symbol(p)
        {
            t.currency = Some(code);
            t.money_start = pstart;
            // "MEUR 120": a code that holds its scale.
            if factor > 1.0 {
                value *= factor;
                t.scaled = true;
            }
        }
        let mut pos = end;
        if !word_number && let Some(s) = money.scale.find(&text[pos..]) {
            let word = s.as_str().trim();
            let single = word.len() <= 2;
            let symbol_follows = text[pos + s.end()..].starts_with(['$', '€', '£']);
            // "5m" is only money when a currency is stated ("£600m", "10k$").
            if !single || t.currency.is_some() || symbol_follows {
                value *= money.scale_factor(word).unwrap_or(1.0);
                t.scaled = true;
                pos += s.end();
            }
        }
        if t.kind.is_none() {
            if let Some(p) = cfg.percent.find(&text[pos..]) {
                let matched = p.as_str().to_ascii_lowercase();
                let points = matched
                    .split_whitespace()
                    .any(|w| is_one_of(&cfg.cues.point_words, w));
                t.kind = Some(if points {
                    FigureKind::PercentagePoints
                } else {
                    FigureKind::Percent
                });
                t.rule = if points {
                    "percent/percentage-points"
                } else {
                    "percent/number-percent"
                };
                pos += p.end();
            } else if let Some(c) = money.suffix_symbol.captures(&text[pos..]) {
                let symbol = c.get(1).or(c.get(2)).expect("one group").as_str();
                let (code, factor) = money.symbol(symbol).unwrap_or(("USD", 1.0));
                value *= factor;
                t.minor = factor < 1.0;
                t.scaled |= factor > 1.0;
                t.currency = Some(code);
                t.kind = Some(FigureKind::Money);
                t.rule = "money/amount-currency-word";
                pos += c[0].len();
                // "75 USD million", as financial tables write it: a code, then the scale word (not
                // a one- or two-letter abbreviation such as "m" or "bn", which after a code is
                // more often something else: "USD m" in a table header).
                if c.get(2).is_some()
                    && !t.scaled
                    && let Some(s) = money.scale.find(&text[pos..])
                    && s.as_str().trim().len() > 2
                {
                    value *= money.scale_factor(s.as_str().trim()).unwrap_or(1.0);
                    t.scaled = true;
                    pos += s.end();
                }
            } else if let Some(c) = money.suffix_word.captures(&text[pos..]) {
                let word = c.get(2).expect("group").as_str();
                let weight = word
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| is_one_of(&cfg.cues.weight_units, w))
                    && cfg.cues.weight_prepositions.iter().any(|p| {
                        let rest = text[pos + c[0].len()..].trim_start();
                        rest.get(..p.len())
                            .is_some_and(|r| r.eq_ignore_ascii_case(p))
                            && rest[p.len()..].starts_with(' ')
                    });
                if let (Some((code, factor)), false) =
                    (money.word(c.get(1).map(|a| a.as_str()), word), weight)
                {
                    t.currency = Some(code);
                    t.kind = Some(FigureKind::Money);
                    value *= factor;
                    t.minor = factor < 1.0;
                    t.rule = if t.money_start < start {
                        "money/symbol-amount"
                    } else {
                        "money/amount-currency-word"
                    };
                    pos += c[0].len();
                }
            }
        }
        if t.kind.is_none() && t.currency.is_some() {
            t.kind = Some(FigureKind::Money);
            t.rule = "money/symbol-amount";
        }
        if t.kind.is_none() && !t.scaled && is_year(tok) {
            continue;
        }
        // A sign: "minus five percent", "-15€" (but not the dash of a range "2-3%").
        let lead = tail(&text[..t.money_start], 8);
        // "minus " right before the amount (no allocation: this runs for every number).
        let negative = lead.strip_suffix(' ').is_some_and(|body| {
            cfg.cues.negative_words.iter().any(|w| {
                body.len() >= w.len()
                    && body.is_char_boundary(body.len() - w.len())
                    && body[body.len() - w.len()..].eq_ignore_ascii_case(w)
            })
        });
        // "($99.99)": an amount of money in parentheses is a loss, as accounts write one.
        let in_parentheses =
            t.currency.is_some() && lead.ends_with('(') && text[pos..].starts_with(')');
        if negative || in_parentheses {
            value = -value;
        } else if lead.ends_with('-')
            && !lead[..lead.len() - 1]
                .ends_with(|c: char| c.is_alphanumeric() || c == '%' || c == '-')
        {
            value = -value;
            t.money_start -= 1;
        }
        t.value = round_significant(value);
        t.full_end = pos;
        tokens.push(t);
    }
    tokens
}

/// The byte ranges of web addresses in `text` ("https://...", "www..."), up to the next space:
/// the numbers and "%25" escapes in them are no figures.
fn web_addresses(text: &str) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (at, _) in text.match_indices("://").chain(text.match_indices("www.")) {
        let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        ranges.push((start, end));
    }
    ranges
}

/// Finds every figure in a document.
pub fn extract(doc: &Doc, cfg: &FiguresConfig) -> Vec<FigureMention> {
    let text = doc.view.as_str();
    let links = web_addresses(text);
    let mut tokens = scan(text, cfg);
    tokens.retain(|t| !links.iter().any(|&(s, e)| s <= t.start && t.start < e));
    let mut raws: Vec<Raw> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let mut end = t.full_end;
        let mut value_high = None;
        let mut kind = t.kind;
        let mut currency = t.currency;
        let mut rule = t.rule;
        let mut value = t.value;
        // "20 dollars 43 cents", "$1 and 42 cents": one amount, in the first one's currency.
        if let Some(next) = tokens.get(i + 1)
            && doc.sentence_of(t.start) == doc.sentence_of(next.start)
            && let Some((hundredths, minor_end)) = minor_part(t, next, text, cfg)
        {
            value = round_significant(t.value + hundredths);
            rule = "money/major-minor";
            end = minor_end;
            i += 1;
        }
        // Ranges: "$1.2 million to $23.5 million", "340 to 350 cruzados", "2-3%".
        if let Some(next) = tokens.get(i + 1).filter(|n| n.money_start >= t.full_end) {
            let gap = &text[t.full_end..next.money_start];
            let joined = cfg
                .range_join
                .find(gap)
                .is_some_and(|j| j.end() == gap.len());
            let needs_between = is_one_of(&cfg.cues.range_and, gap.trim());
            let between = needs_between
                && cfg.cues.range_between.iter().any(|b| {
                    tail(text[..t.money_start].trim_end(), b.len()).eq_ignore_ascii_case(b)
                });
            // "fell 12 pence to 470 pence" is a change and a level, not a range.
            let after_change_verb = tail(text[..t.money_start].trim_end(), 12)
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()
                .is_some_and(|w| cfg.direction_of(&w.to_ascii_lowercase()).is_some());
            let gap_ok = joined && !after_change_verb && (!needs_between || between);
            let compatible = next.kind.is_some()
                && (t.kind.is_none() || t.kind == next.kind)
                && (t.currency.is_none() || t.currency == next.currency);
            if gap_ok && compatible && doc.sentence_of(t.start) == doc.sentence_of(next.start) {
                let mut low = t.value;
                if !t.scaled && next.scaled && next.value / next.value.max(1.0) > 0.0 {
                    // "$1 to $2 million": the scale of the high end applies to the low end.
                    let scale = next.value
                        / parse_number(&text[next.start..next.end], &cfg.numbers)
                            .unwrap_or(next.value);
                    low *= scale;
                }
                value = low;
                value_high = Some(next.value);
                kind = next.kind;
                currency = next.currency.or(currency);
                rule = next.rule;
                end = next.full_end;
                i += 1;
            }
        }
        let start = t.money_start;
        let mut unit = currency.map(str::to_string);
        let mut confidence = 0.95;
        let kind = match kind {
            Some(k) => {
                if k == FigureKind::Percent {
                    unit = Some("percent".into());
                } else if k == FigureKind::PercentagePoints {
                    unit = Some("percentage_point".into());
                }
                k
            }
            None => {
                let noun = counted_noun(&text[end..], cfg);
                let prev_word = text[..start].trim_end().rsplit(' ').next().unwrap_or("");
                let name_like = prev_word.starts_with(char::is_uppercase)
                    && !prev_word.ends_with(['.', ',', ':', '"'])
                    && !cfg.cues.name_breakers.iter().any(|w| w == prev_word)
                    && doc.sentences[doc.sentence_of(start) as usize].start
                        != text[..start].trim_end().len() - prev_word.len()
                    && !t.scaled
                    && !text[t.start..t.end].contains([',', '.']);
                if name_like {
                    i += 1;
                    continue; // "Boeing 747", "Group 20": part of a name.
                }
                match noun {
                    Some(n) => {
                        unit = Some(n);
                        rule = "count/number-noun";
                        confidence = 0.8;
                        FigureKind::Count
                    }
                    None if cfg.bare_numbers => {
                        rule = "number/bare";
                        confidence = 0.5;
                        FigureKind::Number
                    }
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
        };
        let qualifier = cfg
            .money
            .qualifier
            .captures(tail(&text[..start], 24))
            .and_then(|c| cfg.money.qualifier_id(&c[1]));
        let end = end.min(text.len());
        let trimmed_end = text[..end].trim_end().len();
        let end = if trimmed_end > start {
            trimmed_end
        } else {
            end
        };
        raws.push(Raw {
            start,
            end,
            rule,
            kind,
            value,
            value_high,
            unit,
            qualifier,
            confidence,
        });
        i += 1;
    }
    let mut out: Vec<FigureMention> = raws
        .into_iter()
        .enumerate()
        .map(|(n, r)| FigureMention {
            prov: doc.provenance(r.start, r.end, r.rule, r.confidence),
            figure_id: format!("{}-f{n}", doc.id),
            kind: r.kind,
            value: r.value,
            value_high: r.value_high,
            unit: r.unit,
            qualifier: r.qualifier,
            direction: None,
            metric: None,
            subject: None,
            period: None,
            period_value: None,
            related_figure_id: None,
            change_percent: None,
        })
        .collect();
    context::link(doc, cfg, &mut out);
    out
}

/// The hundredths `next` adds to the amount `t`, if it is its minor part: `t` a whole, unscaled
/// amount of money, then (after nothing but spaces or a minor joiner such as "and") fewer than a
/// hundred cents, pence or sen ("20 dollars 43 cents", "3 GBP 1 pence"), or a bare number below a
/// hundred that ends the clause, as prices are spoken ("it costs 15 dollars 50.", "thirteen
/// dollars forty five"). The cents' own currency is not read: "cents" alone says USD, but after
/// "3 CAD" they are Canadian.
/// Returns the hundredths and where the joined amount ends (after a glued "c").
fn minor_part(t: &Token, next: &Token, text: &str, cfg: &FiguresConfig) -> Option<(f64, usize)> {
    let whole = t.kind == Some(FigureKind::Money)
        && !t.scaled
        && !t.minor
        && t.value >= 0.0
        && t.value.fract() == 0.0;
    if !whole || next.money_start < t.full_end || next.money_start != next.start || next.scaled {
        return None;
    }
    let gap = text[t.full_end..next.money_start].trim();
    if !(gap.is_empty() || is_one_of(&cfg.cues.minor_joiners, gap)) {
        return None;
    }
    if next.kind == Some(FigureKind::Money) && next.minor && (0.0..1.0).contains(&next.value) {
        return Some((next.value, next.full_end));
    }
    let written = &text[next.start..next.end];
    let two_digits = next.kind.is_none()
        && (1.0..100.0).contains(&next.value)
        && next.value.fract() == 0.0
        && !written.contains(['.', ','])
        && written.bytes().filter(u8::is_ascii_digit).count() <= 2;
    // "$20 and 43c": a minor-unit letter glued to the digits, and no letter after it.
    let after = &text[next.full_end..];
    let glued = cfg.cues.glued_minor.iter().find(|g| {
        after.starts_with(g.as_str())
            && !after[g.len()..].starts_with(|c: char| c.is_alphanumeric())
    });
    if two_digits && let Some(g) = glued {
        return Some((next.value / 100.0, next.full_end + g.len()));
    }
    let clause_ends = text[next.full_end..]
        .trim_start()
        .chars()
        .next()
        .is_none_or(|c| matches!(c, '.' | ',' | ';' | '!' | '?' | ')'));
    let spoken_cents = two_digits && clause_ends;
    spoken_cents.then(|| (next.value / 100.0, next.full_end))
}

/// Rounds away binary noise from scaling ("16.4 million" = 16399999.999999998 before rounding).
fn round_significant(v: f64) -> f64 {
    format!("{v:.12e}").parse().unwrap_or(v)
}

fn counted_noun(rest: &str, cfg: &FiguresConfig) -> Option<String> {
    let mut rest = rest.trim_start();
    for _ in 0..2 {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == '-')
            .collect();
        let lower = word.to_lowercase();
        if word.len() < 2
            || !word.starts_with(char::is_lowercase)
            || cfg.stop_words.contains(&lower)
        {
            return None;
        }
        if !cfg.count_qualifiers.contains(&lower) {
            return Some(lower);
        }
        rest = rest[word.len()..].trim_start();
    }
    None
}
