//! The dates stage's vocabulary (`date_words.tsv`): words by class, each with its meaning, and the
//! `%{class}` placeholders through which the rules' patterns name them. The patterns hold the shape
//! of an expression (which class comes where, digits, punctuation); the words and what they mean
//! are data, so that a list can be edited, or a language added, without touching a rule.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::lang::{Lang, alternation};
use crate::text::single_spaced;

const FILE: &str = "date_words.tsv";

/// A unit of time, as TIMEX3 values and granularities name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Minute.
    Minute,
    /// Hour.
    Hour,
    /// Day.
    Day,
    /// Week.
    Week,
    /// Saturday and Sunday of a week.
    Weekend,
    /// Month.
    Month,
    /// Quarter of a year.
    Quarter,
    /// Year.
    Year,
    /// Decade.
    Decade,
}

impl Unit {
    const ALL: [(&'static str, Unit); 9] = [
        ("minute", Unit::Minute),
        ("hour", Unit::Hour),
        ("day", Unit::Day),
        ("week", Unit::Week),
        ("weekend", Unit::Weekend),
        ("month", Unit::Month),
        ("quarter", Unit::Quarter),
        ("year", Unit::Year),
        ("decade", Unit::Decade),
    ];

    /// The unit's name in `date_words.tsv` and in `%{class:unit,...}` filters.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Weekend => "weekend",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
            Unit::Decade => "decade",
        }
    }

    /// The granularity column's value for a period of this unit.
    pub fn granularity(self) -> &'static str {
        match self {
            Unit::Weekend => "week",
            other => other.name(),
        }
    }
}

/// The meaning of a word of some class (the third column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// `-`: the class itself is all that matters.
    Nothing,
    /// A signed whole number: a shift in periods, an offset in days, an ordinal.
    Number(i32),
    /// `tense`: the clause's tense decides.
    ByTense,
    /// A unit of time.
    Unit(Unit),
    /// A TIMEX3 code of two capital letters: a part of the day ("MO", "NI") or a season ("SU").
    Code([u8; 2]),
}

impl Meaning {
    /// The code, for a word of a class whose meanings are codes.
    pub fn code(self) -> Option<&'static str> {
        const CODES: &[&str] = &["MO", "AF", "EV", "NI", "DT", "SP", "SU", "FA", "WI"];
        match self {
            Meaning::Code(c) => CODES.iter().copied().find(|k| k.as_bytes() == c),
            _ => None,
        }
    }
}

/// What the third column of a class must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Nothing,
    Number,
    NumberOrTense,
    Unit,
    /// A TIMEX3 part-of-day or season code (`Meaning::code` lists them).
    Code,
}

/// Every class the rules and handlers name, with the kind of meaning its words carry.
const CLASSES: &[(&str, Kind)] = &[
    ("day_lead", Kind::Nothing),
    ("clock_lead", Kind::Nothing),
    ("article", Kind::Nothing),
    ("of", Kind::Nothing),
    ("month_year_cue", Kind::Nothing),
    ("year_cue", Kind::Nothing),
    ("spoken_century", Kind::Number),
    ("spoken_year_lead", Kind::Nothing),
    ("month_shift", Kind::NumberOrTense),
    ("ambiguous_month", Kind::Nothing),
    ("relative_day", Kind::Number),
    ("relative_day_lead", Kind::Nothing),
    ("clock_word", Kind::Number),
    ("time_zone", Kind::Nothing),
    ("vague_count", Kind::Nothing),
    ("latest_period", Kind::Nothing),
    ("weekend_lead", Kind::Nothing),
    ("period_end_verb", Kind::Nothing),
    ("year_qualifier", Kind::Nothing),
    ("weekday_shift", Kind::NumberOrTense),
    ("part_of_day", Kind::Code),
    ("reference", Kind::Number),
    ("period_reference", Kind::Number),
    ("period_noun", Kind::Nothing),
    ("season", Kind::Code),
    ("season_shift", Kind::Number),
    ("frequency_adjective", Kind::Nothing),
    ("unit", Kind::Unit),
    ("unit_plural", Kind::Unit),
    ("period_shift", Kind::Number),
    ("ago", Kind::Nothing),
    ("period_lead", Kind::Nothing),
    ("quarter", Kind::Nothing),
    ("quarter_letter", Kind::Nothing),
    ("quarter_ordinal", Kind::Number),
    ("half", Kind::Nothing),
    ("half_ordinal", Kind::Number),
    ("decade_part", Kind::Nothing),
    ("decade_suffix", Kind::Nothing),
    ("event_day", Kind::Nothing),
    ("event_relation", Kind::Nothing),
    ("duration_lead", Kind::Nothing),
    ("duration_shift", Kind::Nothing),
    ("duration_suffix", Kind::Nothing),
    ("age_word", Kind::Nothing),
    ("past_shift", Kind::Nothing),
    ("indefinite_article", Kind::Nothing),
    ("end_lead", Kind::Nothing),
    ("period_part", Kind::Nothing),
    ("end_shift", Kind::Number),
    ("frequency_adverb", Kind::Unit),
    ("every", Kind::Nothing),
    ("every_other", Kind::Nothing),
    ("each", Kind::Nothing),
    ("per", Kind::Nothing),
    ("per_unit", Kind::Unit),
    ("plural_suffix", Kind::Nothing),
    ("plural_not_count", Kind::Nothing),
    ("future_suffix", Kind::Nothing),
    ("past_suffix", Kind::Nothing),
    ("not_past_suffix", Kind::Nothing),
    ("past_plan", Kind::Nothing),
];

/// The words of `date_words.tsv` by class, lower case, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    classes: BTreeMap<&'static str, Vec<(String, Meaning)>>,
}

impl Vocabulary {
    /// Reads `date_words.tsv`.
    ///
    /// # Errors
    /// An unknown class, a meaning that does not fit its class, or a class with no word, naming the
    /// file and line.
    pub fn from_lang(lang: &Lang) -> Result<Vocabulary> {
        let mut classes: BTreeMap<&'static str, Vec<(String, Meaning)>> = BTreeMap::new();
        for row in lang.rows(FILE) {
            let cells = lang.cells(FILE, row, 3)?;
            let Some(&(class, kind)) = CLASSES.iter().find(|(name, _)| *name == cells[0]) else {
                let known: Vec<&str> = CLASSES.iter().map(|(name, _)| *name).collect();
                return Err(lang.error(
                    FILE,
                    row,
                    format!(
                        "unknown class {:?}: rename or remove the row (known: {})",
                        cells[0],
                        known.join(", ")
                    ),
                ));
            };
            let word = single_spaced(&cells[1]);
            if word.is_empty() {
                return Err(lang.error(FILE, row, "the word is empty"));
            }
            let meaning = parse_meaning(&cells[2], kind).ok_or_else(|| {
                let expected = match kind {
                    Kind::Nothing => "-".to_string(),
                    Kind::Number => "a whole number".to_string(),
                    Kind::NumberOrTense => "a whole number or tense".to_string(),
                    Kind::Unit => {
                        let units: Vec<&str> = Unit::ALL.iter().map(|(n, _)| *n).collect();
                        format!("a unit ({})", units.join(", "))
                    }
                    Kind::Code => "a TIMEX3 code (MO, AF, EV, NI, DT, SP, SU, FA, WI)".to_string(),
                };
                lang.error(
                    FILE,
                    row,
                    format!("class {class} expects {expected}, found {:?}", cells[2]),
                )
            })?;
            classes.entry(class).or_default().push((word, meaning));
        }
        if let Some((missing, _)) = CLASSES.iter().find(|(name, _)| !classes.contains_key(name)) {
            return Err(Error::Lang {
                path: lang.path_of(FILE),
                message: format!(
                    "class {missing:?} has no word: copy its rows from data/lang/en/{FILE}"
                ),
            });
        }
        Ok(Vocabulary { classes })
    }

    fn class(&self, class: &str) -> &[(String, Meaning)] {
        self.classes
            .get(class)
            .unwrap_or_else(|| panic!("{class} is not a class of {FILE} (see CLASSES)"))
    }

    /// The meaning of `phrase` (as matched: any case, any spacing) in `class`, if it is one of its
    /// words.
    pub fn meaning(&self, class: &str, phrase: &str) -> Option<Meaning> {
        let phrase = single_spaced(phrase);
        self.class(class)
            .iter()
            .find(|(word, _)| *word == phrase)
            .map(|(_, meaning)| *meaning)
    }

    /// Whether `phrase` is a word of `class`.
    pub fn has(&self, class: &str, phrase: &str) -> bool {
        self.meaning(class, phrase).is_some()
    }

    /// The number a word of `class` stands for.
    pub fn number(&self, class: &str, phrase: &str) -> Option<i32> {
        match self.meaning(class, phrase)? {
            Meaning::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The unit a word of `class` names.
    pub fn unit(&self, class: &str, phrase: &str) -> Option<Unit> {
        match self.meaning(class, phrase)? {
            Meaning::Unit(u) => Some(u),
            _ => None,
        }
    }

    /// The words of `class`, in file order.
    pub fn words(&self, class: &str) -> impl Iterator<Item = &str> {
        self.class(class).iter().map(|(word, _)| word.as_str())
    }

    /// `template` with each `%{name}` replaced: by `fixed`'s pattern when it names one, otherwise by
    /// the words of the class `name` as a group; `%{name:a,b}` keeps the words whose meaning is `a`
    /// or `b` (a unit's name, a number, `tense`).
    ///
    /// # Errors
    /// A filter that keeps no word (an edited `date_words.tsv` without, say, the unit "day" that
    /// a rule needs), naming the file and the placeholder.
    ///
    /// # Panics
    /// On an unclosed placeholder or a class that `CLASSES` does not declare: a rule written wrong,
    /// caught by any test that builds the config.
    pub fn expand(&self, template: &str, fixed: &[(&str, &str)], lang: &Lang) -> Result<String> {
        let mut out = String::with_capacity(template.len() * 4);
        let mut rest = template;
        while let Some(at) = rest.find("%{") {
            out.push_str(&rest[..at]);
            let close = rest[at..]
                .find('}')
                .unwrap_or_else(|| panic!("unclosed %{{ in date rule {template}"));
            let inside = &rest[at + 2..at + close];
            rest = &rest[at + close + 1..];
            let (name, filter) = match inside.split_once(':') {
                Some((name, filter)) => (name, Some(filter.split(',').collect::<Vec<_>>())),
                None => (inside, None),
            };
            if let Some((_, pattern)) = fixed.iter().find(|(n, _)| *n == name) {
                out.push_str(pattern);
                continue;
            }
            let words: Vec<&str> = self
                .class(name)
                .iter()
                .filter(|(_, meaning)| {
                    filter
                        .as_ref()
                        .is_none_or(|keep| keep.contains(&meaning_text(*meaning).as_str()))
                })
                .map(|(word, _)| word.as_str())
                .collect();
            if words.is_empty() {
                return Err(Error::Lang {
                    path: lang.path_of(FILE),
                    message: format!(
                        "a date rule needs %{{{inside}}}, a word of class {name} with that meaning: copy the rows from data/lang/en/{FILE}"
                    ),
                });
            }
            out.push_str("(?:");
            out.push_str(&alternation(words));
            out.push(')');
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn parse_meaning(cell: &str, kind: Kind) -> Option<Meaning> {
    match kind {
        Kind::Nothing => (cell == "-").then_some(Meaning::Nothing),
        Kind::Number => cell.parse().ok().map(Meaning::Number),
        Kind::NumberOrTense if cell == "tense" => Some(Meaning::ByTense),
        Kind::NumberOrTense => cell.parse().ok().map(Meaning::Number),
        Kind::Unit => Unit::ALL
            .iter()
            .find(|(name, _)| *name == cell)
            .map(|(_, unit)| Meaning::Unit(*unit)),
        Kind::Code => {
            let code = Meaning::Code(cell.as_bytes().try_into().ok()?);
            code.code().is_some().then_some(code)
        }
    }
}

fn meaning_text(meaning: Meaning) -> String {
    match meaning {
        Meaning::Nothing => "-".into(),
        Meaning::Number(n) => n.to_string(),
        Meaning::ByTense => "tense".into(),
        Meaning::Unit(unit) => unit.name().into(),
        Meaning::Code(_) => meaning.code().unwrap_or_default().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_lang(&Lang::builtin()).unwrap()
    }

    #[test]
    fn meanings_are_read_from_the_file() {
        let v = vocabulary();
        assert_eq!(
            v.number("relative_day", "the day  before\nyesterday"),
            Some(-2)
        );
        assert_eq!(v.number("period_shift", "The Previous"), Some(-1));
        assert_eq!(v.meaning("weekday_shift", "on"), Some(Meaning::ByTense));
        assert_eq!(v.unit("unit_plural", "weekends"), Some(Unit::Weekend));
        assert_eq!(v.unit("frequency_adverb", "quarterly"), Some(Unit::Quarter));
        assert_eq!(v.number("quarter_ordinal", "final"), Some(4));
        assert_eq!(v.number("half_ordinal", "final"), None);
        assert!(v.has("ambiguous_month", "may"));
        assert!(!v.has("ambiguous_month", "january"));
    }

    #[test]
    fn placeholders_expand_to_the_words_of_a_class_longest_first() {
        let v = vocabulary();
        let lang = Lang::builtin();
        let expand = |t: &str, fixed: &[(&str, &str)]| v.expand(t, fixed, &lang).unwrap();
        assert_eq!(expand(r"\b%{ago}\b", &[]), r"\b(?:ago)\b");
        assert_eq!(
            expand("%{unit:week,weekend}", &[]),
            r"(?:weekend|week)",
            "a filter keeps the words whose meaning it names"
        );
        assert_eq!(
            expand("%{relative_day:-2}", &[]),
            r"(?:the\s+day\s+before\s+yesterday)",
            "a space in a phrase matches any whitespace (wire copy is hard-wrapped)"
        );
        assert_eq!(expand("(%{month})", &[("month", "may")]), "(may)");
    }

    #[test]
    fn a_rule_whose_words_were_removed_is_refused_with_the_file() {
        let err = vocabulary()
            .expand("%{unit:fortnight}", &[], &Lang::builtin())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("date_words.tsv") && err.contains("%{unit:fortnight}"),
            "{err}"
        );
    }

    fn with_words(text: &str) -> Result<Vocabulary> {
        let sources = crate::lang::tests_support::builtin_with(FILE, text);
        Vocabulary::from_lang(&Lang::from_sources(None, sources)?)
    }

    #[test]
    fn a_bad_row_names_the_file_line_and_what_is_allowed() {
        let original = include_str!("../../../data/lang/en/date_words.tsv");
        let err = with_words(&format!("{original}unit\tfortnight\t14\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("date_words.tsv"), "{err}");
        assert!(err.contains("expects a unit (minute, hour, day"), "{err}");
        let err = with_words(&format!("{original}weekday_shift\tprevious\tbefore\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a whole number or tense"), "{err}");
        let err = with_words(&format!("{original}holiday\tchristmas\t-\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown class \"holiday\""), "{err}");
        let err = with_words(&format!("{original}season\tmonsoon\tMN\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("expects a TIMEX3 code (MO, AF"), "{err}");
        let without_ago: String = original
            .lines()
            .filter(|l| !l.starts_with("ago\t"))
            .map(|l| format!("{l}\n"))
            .collect();
        let err = with_words(&without_ago).unwrap_err().to_string();
        assert!(err.contains("class \"ago\" has no word"), "{err}");
    }
}
