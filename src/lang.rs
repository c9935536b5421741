//! Language knowledge as data: the word lists under `data/lang/en/`, one file per list, loaded once
//! when the configuration is built and handed to each stage in its config. The files are compiled in;
//! `[lang] dir` points at a folder holding a complete edited copy instead.
//!
//! Formats. A `.txt` file holds one entry per line; a `.tsv` file holds tab-separated cells. Lines
//! starting with `#` and blank lines are skipped; entries are trimmed, except an entry written in
//! double quotes, which is kept exactly as written inside them (`" if "` keeps its spaces, `""` is
//! the empty string). Each file's header comment says what the list is and which rules read it.
//!
//! The lists' content (not their comments) is hashed into `extraction_hash`: a changed list makes the
//! next incremental run stop and ask for `--full-refresh`, as a changed setting does.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use sha2::Digest;

use crate::error::{Error, Result};

/// (file name, compiled-in text) for each named file of `data/lang/en`.
macro_rules! compiled_in {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../data/lang/en/", $name)))),*]
    };
}

/// Every list newsfacts reads: file name and the compiled-in English copy.
const BUILTIN: &[(&str, &str)] = compiled_in![
    "calendar_months.tsv",
    "calendar_weekdays.tsv",
    "currency_codes.txt",
    "currency_symbols.tsv",
    "currency_units.tsv",
    "currency_words.tsv",
    "date_count_nouns.txt",
    "date_future_after_cues.txt",
    "date_future_cues.txt",
    "date_past_cues.txt",
    "date_words.tsv",
    "direction_words.tsv",
    "entity_compass_words.txt",
    "entity_cue_words.tsv",
    "entity_ministry_names.tsv",
    "entity_org_connectors.txt",
    "entity_org_descriptors.txt",
    "entity_org_heads.txt",
    "entity_person_titles.txt",
    "entity_region_designators.txt",
    "entity_stop_words.txt",
    "event_cancelled_cues.txt",
    "event_refused_cues.txt",
    "event_clause_breaks.txt",
    "event_cue_words.tsv",
    "event_heads_of_state.txt",
    "event_meet_not_see.txt",
    "event_scheduled_cues.txt",
    "event_signed_things.txt",
    "event_triggers.tsv",
    "event_uncertain_cues.txt",
    "figure_count_qualifiers.txt",
    "figure_cue_words.tsv",
    "figure_metrics.txt",
    "figure_qualifiers.tsv",
    "figure_scale_words.tsv",
    "figure_stop_words.txt",
    "header_cue_words.tsv",
    "head_titles.txt",
    "language_function_words.tsv",
    "number_words.tsv",
    "quantity_words.tsv",
    "quote_cue_words.tsv",
    "role_fits.tsv",
    "sentence_abbreviations.txt",
    "sentence_name_suffixes.txt",
    "sentence_starters.txt",
    "speaker_pronouns.txt",
    "speech_verbs.txt",
];

/// Declares a struct with one `Vec<String>` field per cue of a cue file (rows `name<TAB>entries`,
/// read with [`Lang::cues`]) and its `new(&Lang)`, so that the cues the code reads and the rows of
/// the file cannot drift apart: every field must be a row and every row a field.
macro_rules! cue_words {
    ($(#[$meta:meta])* $name:ident from $file:literal { $($field:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        struct $name {
            $($field: Vec<String>,)*
        }

        impl $name {
            fn new(lang: &$crate::lang::Lang) -> $crate::error::Result<$name> {
                let mut read = lang.cues($file, &[$(stringify!($field)),*])?;
                Ok($name { $($field: read.remove(stringify!($field)).unwrap_or_default(),)* })
            }
        }
    };
}
pub(crate) use cue_words;

/// One entry of a list: its cells and the line it came from (for error messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line number in its file.
    pub line: usize,
    /// The cells, unquoted (one for a `.txt` list).
    pub cells: Vec<String>,
}

/// The loaded lists of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Lang {
    /// The folder they were read from; `None` for the compiled-in copy.
    pub dir: Option<PathBuf>,
    lists: BTreeMap<&'static str, Vec<Row>>,
    fingerprint: String,
}

impl Lang {
    /// The compiled-in English lists, parsed once per process.
    pub fn builtin() -> Arc<Lang> {
        static BUILT: OnceLock<Arc<Lang>> = OnceLock::new();
        BUILT
            .get_or_init(|| {
                let sources = BUILTIN.iter().map(|&(name, text)| (name, text.to_string()));
                Arc::new(
                    Lang::from_sources(None, sources)
                        .expect("data/lang/en parses (checked by the lang tests)"),
                )
            })
            .clone()
    }

    /// Reads every list from `dir`, which must hold all of them (copy `data/lang/en` and edit it).
    ///
    /// # Errors
    /// A missing or unreadable list, a file that is not one of the lists (a misspelt name would
    /// otherwise be ignored), or a malformed line; the message names the file.
    pub fn load(dir: &Path) -> Result<Lang> {
        let bad = |path: PathBuf, message: String| Error::Lang { path, message };
        let entries = std::fs::read_dir(dir).map_err(|e| {
            bad(
                dir.to_path_buf(),
                format!("cannot list the folder ({e}): set [lang] dir to a copy of data/lang/en"),
            )
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_list = name.ends_with(".txt") || name.ends_with(".tsv");
            if is_list && !BUILTIN.iter().any(|(known, _)| *known == name) {
                return Err(bad(
                    entry.path(),
                    format!(
                        "newsfacts reads no list of this name: rename or remove it (the lists are {})",
                        list_names()
                    ),
                ));
            }
        }
        let mut sources = Vec::with_capacity(BUILTIN.len());
        for &(name, _) in BUILTIN {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let hint = if e.kind() == std::io::ErrorKind::NotFound {
                    "every list must be there: copy it from data/lang/en".to_string()
                } else {
                    format!("cannot read it as UTF-8 text ({e})")
                };
                bad(path.clone(), hint)
            })?;
            sources.push((name, text));
        }
        Lang::from_sources(Some(dir.to_path_buf()), sources)
    }

    /// Parses lists from (file name, text) pairs; every list of `BUILTIN` must be among them.
    ///
    /// # Errors
    /// A missing list or a malformed line, naming the file.
    pub fn from_sources(
        dir: Option<PathBuf>,
        sources: impl IntoIterator<Item = (&'static str, String)>,
    ) -> Result<Lang> {
        let mut lists = BTreeMap::new();
        for (name, text) in sources {
            let tsv = name.ends_with(".tsv");
            // A cue file's cell is a list of entries, each of which may be quoted: `Lang::cues`
            // unquotes them one by one after splitting.
            let cue_file = name.ends_with("_cue_words.tsv");
            let mut rows = Vec::new();
            for (index, line) in text.lines().enumerate() {
                let trimmed = line.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let cells: Vec<&str> = if tsv {
                    line.split('\t').collect()
                } else {
                    vec![line]
                };
                let cells = cells
                    .into_iter()
                    .map(|c| {
                        if cue_file {
                            Ok(c.trim().to_string())
                        } else {
                            unquote(c)
                        }
                    })
                    .collect::<std::result::Result<Vec<String>, String>>()
                    .map_err(|m| Error::Lang {
                        path: list_path(dir.as_deref(), name),
                        message: format!("line {}: {m}", index + 1),
                    })?;
                rows.push(Row {
                    line: index + 1,
                    cells,
                });
            }
            lists.insert(name, rows);
        }
        for &(name, _) in BUILTIN {
            if !lists.contains_key(name) {
                return Err(Error::Lang {
                    path: list_path(dir.as_deref(), name),
                    message: "the list is missing: copy it from data/lang/en".into(),
                });
            }
        }
        let mut hasher = sha2::Sha256::new();
        for (name, rows) in &lists {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            for row in rows {
                hasher.update(row.cells.join("\t").as_bytes());
                hasher.update([b'\n']);
            }
            hasher.update([0]);
        }
        let fingerprint = crate::text::hex(&hasher.finalize());
        Ok(Lang {
            dir,
            lists,
            fingerprint,
        })
    }

    /// SHA-256 (hex) of every list's entries; part of `extraction_hash`.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The rows of a list, in file order.
    ///
    /// # Panics
    /// When `name` is not one of the lists: a typo in the code, caught by any test that builds the
    /// config.
    pub fn rows(&self, name: &str) -> &[Row] {
        self.lists
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not a list in lang::BUILTIN"))
    }

    /// The entries of a one-column list, in file order.
    pub fn words(&self, name: &str) -> Vec<String> {
        self.rows(name).iter().map(|r| r.cells[0].clone()).collect()
    }

    /// The entries of a one-column list as a set, as written.
    pub fn set(&self, name: &str) -> HashSet<String> {
        self.rows(name).iter().map(|r| r.cells[0].clone()).collect()
    }

    /// The entries of a one-column list as a set, lower-cased.
    pub fn lowercase_set(&self, name: &str) -> HashSet<String> {
        self.rows(name)
            .iter()
            .map(|r| r.cells[0].to_lowercase())
            .collect()
    }

    /// A file of named cues, one row each: the cue's name, a tab, its entries separated by ", ".
    /// Every name of `names` must appear exactly once and no other.
    ///
    /// # Errors
    /// A missing, repeated or unknown cue, or a row without its entries, naming the file and line.
    pub fn cues(
        &self,
        name: &str,
        names: &[&'static str],
    ) -> Result<BTreeMap<&'static str, Vec<String>>> {
        let mut out = BTreeMap::new();
        for row in self.rows(name) {
            let cells = self.cells(name, row, 2)?;
            let Some(&key) = names.iter().find(|k| **k == cells[0]) else {
                return Err(self.error(
                    name,
                    row,
                    format!(
                        "unknown cue {:?}: rename or remove the row (known: {})",
                        cells[0],
                        names.join(", ")
                    ),
                ));
            };
            let entries: Vec<String> = cells[1]
                .split(", ")
                .map(|e| unquote(e.trim()))
                .collect::<std::result::Result<_, String>>()
                .map_err(|m| self.error(name, row, m))?;
            if entries.iter().any(String::is_empty) {
                return Err(self.error(name, row, format!("cue {key:?} has an empty entry")));
            }
            if out.insert(key, entries).is_some() {
                return Err(self.error(name, row, format!("cue {key:?} is given twice")));
            }
        }
        if let Some(missing) = names.iter().find(|k| !out.contains_key(*k)) {
            return Err(Error::Lang {
                path: self.path_of(name),
                message: format!("cue {missing:?} is missing: copy its row from data/lang/en"),
            });
        }
        Ok(out)
    }

    /// The month and weekday words (`calendar_months.tsv`, `calendar_weekdays.tsv`).
    ///
    /// # Errors
    /// A row that is not a word (lower-cased when read), a number in range and `name` or
    /// `abbreviation`, naming the file and line.
    pub fn calendar(&self) -> Result<crate::text::calendar::Calendar> {
        let read = |name: &str, max: u32| -> Result<Vec<crate::text::calendar::CalendarWord>> {
            let mut out = Vec::new();
            for row in self.rows(name) {
                let cells = self.cells(name, row, 3)?;
                let number = cells[1]
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        self.error(
                            name,
                            row,
                            format!("{:?} is not a number from 1 to {max}", cells[1]),
                        )
                    })?;
                let abbreviation = self.choice(
                    name,
                    row,
                    &cells[2],
                    &[("name", false), ("abbreviation", true)],
                )?;
                out.push(crate::text::calendar::CalendarWord {
                    word: cells[0].to_lowercase(),
                    number,
                    abbreviation,
                });
            }
            Ok(out)
        };
        Ok(crate::text::calendar::Calendar::new(
            read("calendar_months.tsv", 12)?,
            read("calendar_weekdays.tsv", 7)?,
        ))
    }

    /// The value of a cell that must be one of a few names (a kind, a form, a direction).
    ///
    /// # Errors
    /// Another name, naming the file, the line and the names allowed.
    pub fn choice<T: Copy>(
        &self,
        name: &str,
        row: &Row,
        cell: &str,
        options: &[(&str, T)],
    ) -> Result<T> {
        if let Some(&(_, value)) = options.iter().find(|(option, _)| *option == cell) {
            return Ok(value);
        }
        let names: Vec<&str> = options.iter().map(|(option, _)| *option).collect();
        let allowed = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        };
        Err(self.error(name, row, format!("expected {allowed}, found {cell:?}")))
    }

    /// Where a list lives, for error messages.
    pub fn path_of(&self, name: &str) -> PathBuf {
        list_path(self.dir.as_deref(), name)
    }

    /// An error about one line of a list.
    pub fn error(&self, name: &str, row: &Row, message: impl std::fmt::Display) -> Error {
        Error::Lang {
            path: self.path_of(name),
            message: format!("line {}: {message}", row.line),
        }
    }

    /// The cells of a `.tsv` row, checked to be exactly `n`.
    ///
    /// # Errors
    /// Another number of cells, naming the file and line.
    pub fn cells<'a>(&self, name: &str, row: &'a Row, n: usize) -> Result<&'a [String]> {
        if row.cells.len() == n {
            Ok(&row.cells)
        } else {
            Err(self.error(
                name,
                row,
                format!(
                    "expected {n} tab-separated cells, found {}",
                    row.cells.len()
                ),
            ))
        }
    }
}

/// A list's path: in `dir`, or in the repo's `data/lang/en` for the compiled-in copy.
fn list_path(dir: Option<&Path>, name: &str) -> PathBuf {
    dir.unwrap_or(Path::new("data/lang/en")).join(name)
}

fn list_names() -> String {
    BUILTIN
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn unquote(cell: &str) -> std::result::Result<String, String> {
    let trimmed = cell.trim();
    if let Some(inner) = trimmed.strip_prefix('"') {
        return inner
            .strip_suffix('"')
            .map(str::to_string)
            .ok_or_else(|| format!("{trimmed:?} opens a quote it does not close"));
    }
    Ok(trimmed.to_string())
}

/// Number words and quantity words ("seventeen" = 17, "a couple of" = 2, "several" = vague), shared
/// by dates (counts of time units) and figures (amounts before a scale word).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberWords {
    /// Cardinal words with their values, in file order.
    pub cardinals: Vec<(String, f64)>,
    /// Quantity words, `None` when vague.
    pub quantities: Vec<(String, Option<f64>)>,
}

impl NumberWords {
    /// Reads `number_words.tsv` and `quantity_words.tsv`.
    ///
    /// # Errors
    /// A row that is not a lower-case word and a number (or `-` for a vague quantity).
    pub fn from_lang(lang: &Lang) -> Result<NumberWords> {
        let mut cardinals = Vec::new();
        for row in lang.rows("number_words.tsv") {
            let cells = lang.cells("number_words.tsv", row, 2)?;
            let value: f64 = cells[1].parse().map_err(|_| {
                lang.error(
                    "number_words.tsv",
                    row,
                    format!("{:?} is not a number", cells[1]),
                )
            })?;
            cardinals.push((cells[0].to_lowercase(), value));
        }
        let mut quantities = Vec::new();
        for row in lang.rows("quantity_words.tsv") {
            let cells = lang.cells("quantity_words.tsv", row, 2)?;
            let value = if cells[1] == "-" {
                None
            } else {
                Some(cells[1].parse::<f64>().map_err(|_| {
                    lang.error(
                        "quantity_words.tsv",
                        row,
                        format!("{:?} is neither a number nor -", cells[1]),
                    )
                })?)
            };
            quantities.push((cells[0].to_lowercase(), value));
        }
        Ok(NumberWords {
            cardinals,
            quantities,
        })
    }

    /// `Some(value)` for a known word or phrase (`Some(None)` when it is vague), `None` otherwise;
    /// tens joined to ones ("twenty-four", "twenty four") too. Case-insensitive; inner spaces may be
    /// any whitespace.
    pub fn lookup(&self, phrase: &str) -> Option<Option<f64>> {
        let phrase = phrase
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if let Some((_, v)) = self.cardinals.iter().find(|(w, _)| *w == phrase) {
            return Some(Some(*v));
        }
        // Tens join ones with a hyphen or a space: "twenty-four", "twenty four".
        if let Some((tens, ones)) = phrase.split_once(['-', ' '])
            && self.tens().contains(&tens)
            && self.ones().contains(&ones)
        {
            let value = |word: &str| {
                self.cardinals
                    .iter()
                    .find(|(w, _)| w == word)
                    .map(|(_, v)| *v)
            };
            return Some(Some(value(tens)? + value(ones)?));
        }
        self.quantities
            .iter()
            .find(|(w, _)| *w == phrase)
            .map(|(_, v)| *v)
    }

    /// The cardinals whose value is a multiple of ten from 20 to 90 (they join ones with a hyphen).
    pub fn tens(&self) -> Vec<&str> {
        self.cardinals
            .iter()
            .filter(|(_, v)| (20.0..100.0).contains(v) && v % 10.0 == 0.0)
            .map(|(w, _)| w.as_str())
            .collect()
    }

    /// The cardinals from 1 to 9.
    pub fn ones(&self) -> Vec<&str> {
        self.cardinals
            .iter()
            .filter(|(_, v)| (1.0..10.0).contains(v) && v.fract() == 0.0)
            .map(|(w, _)| w.as_str())
            .collect()
    }
}

/// Whether `word` is one of `list`, as written (the entries of a list or cue, compared with a
/// token).
pub fn is_one_of(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// A regex alternation of `words`, escaped, longest first (so that "a few" is tried before "a" and
/// "fourteen" before "four"), spaces matching any whitespace.
pub fn alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// For the stages' tests of their own lists.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::BUILTIN;

    /// The compiled-in lists with `name` replaced by `text`, for `Lang::from_sources`.
    pub(crate) fn builtin_with(name: &'static str, text: &str) -> Vec<(&'static str, String)> {
        BUILTIN
            .iter()
            .map(|&(n, t)| (n, if n == name { text } else { t }.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(name: &'static str, text: &str) -> Result<Lang> {
        Lang::from_sources(None, tests_support::builtin_with(name, text))
    }

    #[test]
    fn the_builtin_lists_parse_and_number_words_agree_for_dates_and_figures() {
        let lang = Lang::builtin();
        let numbers = NumberWords::from_lang(&lang).expect("number words parse");
        for (word, value) in [
            ("thirteen", 13.0),
            ("fourteen", 14.0),
            ("nineteen", 19.0),
            ("seventy", 70.0),
            ("ninety", 90.0),
            ("a couple of", 2.0),
        ] {
            assert_eq!(numbers.lookup(word), Some(Some(value)), "{word}");
        }
        assert_eq!(numbers.lookup("several"), Some(None));
        assert_eq!(numbers.lookup("Several"), Some(None));
        assert_eq!(numbers.lookup("dozens"), None);
        assert_eq!(numbers.tens().len(), 8);
        assert_eq!(numbers.ones().len(), 9);
    }

    #[test]
    fn quoted_entries_keep_their_spaces_and_comments_are_skipped() {
        let lang = Lang::builtin();
        let breaks = lang.words("event_clause_breaks.txt");
        assert_eq!(breaks[0], ", said ");
        assert!(breaks.contains(&" that ".to_string()));
        let cues = lang.words("event_uncertain_cues.txt");
        assert_eq!(
            cues,
            ["whether", " if ", "might", "may ", "could", "possible"]
        );
        let fits = lang.rows("role_fits.tsv");
        assert!(fits.iter().any(|r| r.cells == ["official", ""]));
    }

    #[test]
    fn an_edited_list_changes_the_fingerprint_but_a_comment_does_not() {
        let builtin = Lang::builtin();
        let original = BUILTIN
            .iter()
            .find(|(n, _)| *n == "head_titles.txt")
            .unwrap()
            .1;
        let commented = replaced("head_titles.txt", &format!("# a note\n{original}")).unwrap();
        assert_eq!(commented.fingerprint(), builtin.fingerprint());
        let edited = replaced("head_titles.txt", &format!("{original}emir\n")).unwrap();
        assert_ne!(edited.fingerprint(), builtin.fingerprint());
    }

    #[test]
    fn malformed_lists_name_the_file_and_line() {
        let lang = replaced("number_words.tsv", "# header\none\t1\ntwo\tdeux\n").unwrap();
        let message = NumberWords::from_lang(&lang).unwrap_err().to_string();
        assert!(message.contains("number_words.tsv"), "{message}");
        assert!(
            message.contains("line 3") && message.contains("\"deux\""),
            "{message}"
        );
        let lang = replaced("number_words.tsv", "one\n").unwrap();
        let message = NumberWords::from_lang(&lang).unwrap_err().to_string();
        assert!(
            message.contains("expected 2 tab-separated cells, found 1"),
            "{message}"
        );
        let err = replaced("speaker_pronouns.txt", "\"he\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn one_calendar_for_months_and_weekdays_in_every_stage() {
        let calendar = Lang::builtin().calendar().unwrap();
        for (word, month) in [
            ("March", Some(3)),
            ("Sept.", Some(9)),
            ("sep", Some(9)),
            ("DEC", Some(12)),
        ] {
            assert_eq!(calendar.month_number(word), month, "{word}");
        }
        // Words that only begin like a month are not months ("Mayor", "Marching", "Decline").
        for word in ["Mayor", "Marching", "Decline", "Junior", "Sun"] {
            assert_eq!(calendar.month_number(word), None, "{word}");
        }
        // In a dateline, wire copy's typos still read as months.
        assert_eq!(calendar.month_by_prefix("Marc"), Some(3));
        assert_eq!(calendar.month_by_prefix("Apri"), Some(4));
        assert_eq!(calendar.month_by_prefix("Ma"), None);
        assert_eq!(calendar.weekday_number("Thurs."), Some(4));
        assert_eq!(calendar.weekday_number("Sunday"), Some(7));
        assert_eq!(calendar.weekday_number("Monster"), None);
        let (date, time) = calendar
            .parse_absolute("Friday, Dec 08, 2023 | 10:40 AM")
            .unwrap();
        assert_eq!(
            (date.to_string(), time.map(|t| t.to_string())),
            ("2023-12-08".into(), Some("10:40:00".into()))
        );
        assert_eq!(
            calendar
                .parse_absolute("9th Apr, 2024")
                .unwrap()
                .0
                .to_string(),
            "2024-04-09"
        );
        assert!(calendar.parse_absolute("Mayor 5, 2024").is_none());
        let err = replaced("calendar_months.tsv", "january\t13\tname\n")
            .unwrap()
            .calendar()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("calendar_months.tsv")
                && err.contains("line 1")
                && err.contains("1 to 12"),
            "{err}"
        );
    }

    #[test]
    fn a_cell_outside_its_choices_names_the_line_and_the_choices() {
        let lang = replaced(
            "event_triggers.tsv",
            "met\tmeeting\tverb\tmet\nmeet\tmeeting\tverbal\t-\n",
        )
        .unwrap();
        let rows = lang.rows("event_triggers.tsv");
        let options = [("verb", true), ("noun", false)];
        assert!(
            lang.choice("event_triggers.tsv", &rows[0], &rows[0].cells[2], &options)
                .unwrap()
        );
        let err = lang
            .choice("event_triggers.tsv", &rows[1], &rows[1].cells[2], &options)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("event_triggers.tsv")
                && err.contains("line 2: expected verb or noun, found \"verbal\""),
            "{err}"
        );
        let three = [("up", 1), ("down", 2), ("flat", 3)];
        let err = lang
            .choice("event_triggers.tsv", &rows[1], "sideways", &three)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("expected up, down or flat, found \"sideways\""),
            "{err}"
        );
    }

    #[test]
    fn cue_files_need_every_named_cue_once_and_no_other() {
        let names = ["between", "with"];
        let lang = replaced(
            "event_cue_words.tsv",
            "between\t\",\", between\nwith\twith, \" along with \"\n",
        )
        .unwrap();
        let cues = lang.cues("event_cue_words.tsv", &names).unwrap();
        assert_eq!(cues["between"], [",", "between"]);
        assert_eq!(cues["with"], ["with", " along with "]);
        for (text, said) in [
            ("between\tbetween\n", "cue \"with\" is missing"),
            (
                "between\tbetween\nwith\twith\nwithin\tx\n",
                "line 3: unknown cue \"within\"",
            ),
            (
                "between\tbetween\nwith\twith\nwith\tx\n",
                "line 3: cue \"with\" is given twice",
            ),
            (
                "between\tbetween, , amid\nwith\twith\n",
                "line 1: cue \"between\" has an empty entry",
            ),
        ] {
            let lang = replaced("event_cue_words.tsv", text).unwrap();
            let err = lang
                .cues("event_cue_words.tsv", &names)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("event_cue_words.tsv") && err.contains(said),
                "{err}"
            );
        }
    }

    #[test]
    fn a_folder_must_hold_every_list_and_no_unknown_one() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in BUILTIN {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let loaded = Lang::load(dir.path()).unwrap();
        assert_eq!(loaded.fingerprint(), Lang::builtin().fingerprint());
        std::fs::write(dir.path().join("head_title.txt"), "emir\n").unwrap();
        let err = Lang::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("head_title.txt") && err.contains("no list of this name"),
            "{err}"
        );
        std::fs::remove_file(dir.path().join("head_title.txt")).unwrap();
        std::fs::remove_file(dir.path().join("role_fits.tsv")).unwrap();
        let err = Lang::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("role_fits.tsv") && err.contains("copy it from data/lang/en"),
            "{err}"
        );
    }

    #[test]
    fn every_list_says_what_it_is_and_who_reads_it() {
        for (name, text) in BUILTIN {
            let header: String = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                header.contains("Read by:"),
                "{name} has no header naming its readers"
            );
            assert!(
                !Lang::builtin().rows(name).is_empty(),
                "{name} has no entries"
            );
        }
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lang/en"))
            .unwrap()
            .count();
        assert_eq!(
            on_disk,
            BUILTIN.len(),
            "a file in data/lang/en is not in lang::BUILTIN"
        );
    }

    #[test]
    fn alternations_try_longer_words_first() {
        assert_eq!(
            alternation(["a", "a few", "four", "fourteen"]),
            r"fourteen|a\s+few|four|a"
        );
    }
}
