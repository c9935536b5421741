//! Money and scale vocabulary, built from `data/lang/<code>/currency_*` and `figure_scale_words.tsv`
//! and `figure_qualifiers.tsv`: currency symbols, codes and words → ISO 4217 codes (including
//! 1987-era codes such as DEM, FIM, BRC, which wire copy of that time uses), scale words →
//! multipliers, qualifier phrases → ids, and the patterns that find them next to a number.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

use crate::error::Result;
use crate::lang::{Lang, alternation};
use crate::text::single_spaced;

/// A currency symbol or abbreviation (a row of `currency_symbols.tsv`).
#[derive(Debug, Clone)]
struct Symbol {
    written: String,
    code: String,
    before: bool,
    after: bool,
    exact_case: bool,
    factor: f64,
}

/// The money, scale and qualifier words of one language, and the patterns built from them.
#[derive(Debug, Clone)]
pub struct Money {
    /// Symbols by their normalized form (`normalize`).
    symbols: HashMap<String, Symbol>,
    /// ISO codes recognized next to an amount, as written.
    codes: Vec<String>,
    /// Currency word (lower case, single spaces) → (unit, factor to the main unit).
    words: HashMap<String, (String, f64)>,
    /// (unit, adjective with periods removed, or "-" / "*") → code.
    units: HashMap<(String, String), String>,
    /// Scale word (lower case) → multiplier.
    scales: HashMap<String, f64>,
    /// Qualifier phrase (lower case, single spaces) → id.
    qualifiers: HashMap<String, &'static str>,
    /// Alternation of the currency words, for the number pattern.
    pub word_pattern: String,
    /// Alternation of the spelled scale words ("million"), for the number pattern.
    pub spelled_scales: String,
    /// A symbol or code right before a number (matched against the text just before it).
    pub prefix: Regex,
    /// A symbol or code right after a number: group 1 a symbol, group 2 a code.
    pub suffix_symbol: Regex,
    /// An optional adjective (group 1) and a currency word (group 2) after a number.
    pub suffix_word: Regex,
    /// A scale word right after a number written in digits.
    pub scale: Regex,
    /// A qualifier phrase ending right before a figure (group 1).
    pub qualifier: Regex,
}

/// What a symbol and a code written next to an amount are compared as: upper case, no spaces, no
/// trailing period ("Rs." and "RS" are one symbol, "HK $" is "HK$").
fn normalize(written: &str) -> String {
    written
        .trim()
        .trim_end_matches('.')
        .to_uppercase()
        .replace(' ', "")
}

fn case_insensitive(pattern: &str) -> Regex {
    RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .case_insensitive(true)
        .build()
        .expect("patterns built from escaped words are valid")
}

/// The regex for a symbol before an amount: a lettered symbol starts at a word boundary and may
/// keep a period ("Rs."); "HK$" may be written "HK $", a one-letter "A$" only glued.
fn before_pattern(written: &str) -> String {
    let letters = written
        .strip_suffix('$')
        .map(str::trim_end)
        .filter(|l| !l.is_empty());
    let starts_with_letter = written.starts_with(|c: char| c.is_alphabetic());
    let body = if let Some(letters) = letters {
        // "HK $ 5" as "HK$5"; but one letter keeps its dollar sign glued unless its row is written
        // with the space ("C $"): in "won a $5 million contract" the "a" is the article.
        if letters.chars().count() > 1 || written.contains(' ') {
            format!(r"{}\s?\$", regex::escape(letters))
        } else {
            regex::escape(written)
        }
    } else if written.chars().all(|c| c.is_alphabetic() || c == '.') {
        // "Rs." and "L.E. 500": a final period may be written or left out.
        format!(r"{}\.?", regex::escape(written.trim_end_matches('.')))
    } else {
        regex::escape(written)
    };
    if starts_with_letter {
        format!(r"\b{body}")
    } else {
        body
    }
}

impl Money {
    /// Reads the lists and builds the patterns.
    ///
    /// # Errors
    /// A malformed row (wrong number of cells, a factor that is not a number, a place that is not
    /// before, after or both, a case that is not any or exact, a currency word whose unit has no
    /// row in `currency_units.tsv`, a qualifier id not known), naming the file and line.
    pub fn new(lang: &Lang) -> Result<Money> {
        let number = |file: &str, row, cell: &str| {
            cell.parse::<f64>()
                .map_err(|_| lang.error(file, row, format!("{cell:?} is not a number")))
        };
        let file = "currency_symbols.tsv";
        let mut symbols = HashMap::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 5)?;
            let places = [
                ("before", (true, false)),
                ("after", (false, true)),
                ("both", (true, true)),
            ];
            let (before, after) = lang.choice(file, row, &cells[2], &places)?;
            let exact_case =
                lang.choice(file, row, &cells[3], &[("any", false), ("exact", true)])?;
            let symbol = Symbol {
                written: cells[0].clone(),
                code: cells[1].clone(),
                before,
                after,
                exact_case,
                factor: number(file, row, &cells[4])?,
            };
            symbols.insert(normalize(&cells[0]), symbol);
        }
        let codes = lang.words("currency_codes.txt");

        let file = "currency_units.tsv";
        let mut units = HashMap::new();
        let mut adjectives: Vec<String> = Vec::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 3)?;
            let adjective = cells[1].to_lowercase();
            if adjective != "-" && adjective != "*" {
                adjectives.push(adjective.clone());
            }
            units.insert(
                (cells[0].to_lowercase(), adjective.replace('.', "")),
                cells[2].clone(),
            );
        }
        let file = "currency_words.tsv";
        let mut words = HashMap::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 3)?;
            let unit = cells[1].to_lowercase();
            if !units.keys().any(|(u, _)| *u == unit) {
                let message = format!("unit {unit:?} has no row in currency_units.tsv");
                return Err(lang.error(file, row, message));
            }
            words.insert(
                single_spaced(&cells[0]),
                (unit, number(file, row, &cells[2])?),
            );
        }

        let file = "figure_scale_words.tsv";
        let mut scales = HashMap::new();
        let (mut spelled, mut short, mut glued) = (Vec::new(), Vec::new(), Vec::new());
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 3)?;
            let word = cells[0].to_lowercase();
            let forms = [("spelled", 0), ("short", 1), ("glued", 2)];
            [&mut spelled, &mut short, &mut glued][lang.choice(file, row, &cells[2], &forms)?]
                .push(word.clone());
            scales.insert(word, number(file, row, &cells[1])?);
        }

        const QUALIFIER_IDS: [&str; 9] = [
            "about",
            "nearly",
            "more_than",
            "over",
            "less_than",
            "under",
            "up_to",
            "at_least",
            "at_most",
        ];
        let file = "figure_qualifiers.tsv";
        let mut qualifiers = HashMap::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 2)?;
            let id = lang.choice(file, row, &cells[1], &QUALIFIER_IDS.map(|q| (q, q)))?;
            qualifiers.insert(single_spaced(&cells[0]), id);
        }

        let word_pattern = format!("(?:{})", alternation(words.keys().map(String::as_str)));
        let code_alternation = alternation(codes.iter().map(String::as_str));
        let mut sorted: Vec<&Symbol> = symbols.values().collect();
        sorted.sort_by(|a, b| (b.written.len(), &a.written).cmp(&(a.written.len(), &b.written)));
        let exact_before: Vec<String> = sorted
            .iter()
            .filter(|s| s.before && s.exact_case)
            .map(|s| regex::escape(&s.written))
            .collect();
        let any_before: Vec<String> = sorted
            .iter()
            .filter(|s| s.before && !s.exact_case)
            .map(|s| before_pattern(&s.written))
            .collect();
        let prefix = case_insensitive(&format!(
            r"(?:{}|\b(?-i:{code_alternation}{}{}))\s?$",
            any_before.join("|"),
            if exact_before.is_empty() { "" } else { "|" },
            exact_before.join("|"),
        ));
        // A word boundary ends a symbol of Latin letters ("RM each", not "RMB"); "元" and "ரூ"
        // are letters too, but no ASCII boundary can follow them, and no Latin word goes on them.
        let latin_letters = |w: &str| w.chars().all(|c| c.is_ascii_alphabetic());
        // Symbols that are not Latin words and are marked `any` match in either case ("42 l.e.");
        // the others as written. Latin-letter symbols after an amount are matched as written.
        let after_symbols: Vec<String> = sorted
            .iter()
            .filter(|s| s.after && !latin_letters(&s.written))
            .map(|s| {
                let escaped = regex::escape(&s.written);
                if s.exact_case {
                    escaped
                } else {
                    format!("(?i:{escaped})")
                }
            })
            .collect();
        let after_lettered: Vec<&str> = sorted
            .iter()
            .filter(|s| s.after && latin_letters(&s.written))
            .map(|s| s.written.as_str())
            .collect();
        let suffix_symbol = RegexBuilder::new(&format!(
            r"^(?:\s?({})|\s?({}{}{})(?-u:\b))",
            after_symbols.join("|"),
            code_alternation,
            if after_lettered.is_empty() { "" } else { "|" },
            alternation(after_lettered),
        ))
        .build()
        .expect("patterns built from escaped words are valid");
        let suffix_word = case_insensitive(&format!(
            r"^(?:\s+|-)(?:({})\s+)?({word_pattern})\b",
            alternation(adjectives.iter().map(String::as_str)),
        ));
        let spaced: Vec<&str> = spelled.iter().chain(&short).map(String::as_str).collect();
        let scale = case_insensitive(&format!(
            r"^(?:\s?(?:{})\b|(?:{})\b)",
            alternation(spaced),
            alternation(glued.iter().map(String::as_str)),
        ));
        let qualifier = case_insensitive(&format!(
            r"\b({})\s+$",
            alternation(qualifiers.keys().map(String::as_str))
        ));
        Ok(Money {
            spelled_scales: alternation(spelled.iter().map(String::as_str)),
            symbols,
            codes,
            words,
            units,
            scales,
            qualifiers,
            word_pattern,
            prefix,
            suffix_symbol,
            suffix_word,
            scale,
            qualifier,
        })
    }

    /// Code and factor of a symbol or code written next to an amount ("$", "US$", "£", "Rs",
    /// "EUR", "¢").
    pub fn symbol(&self, written: &str) -> Option<(&str, f64)> {
        let key = normalize(written);
        if let Some(s) = self.symbols.get(&key) {
            return Some((s.code.as_str(), s.factor));
        }
        self.codes
            .iter()
            .find(|c| **c == key)
            .map(|c| (c.as_str(), 1.0))
    }

    /// Code for a currency word after the amount, with an optional nationality adjective
    /// ("dlrs", "Canadian dlrs", "finnish markka", "yuan"), and its factor to the main unit.
    pub fn word(&self, adjective: Option<&str>, word: &str) -> Option<(&str, f64)> {
        let (unit, factor) = self.words.get(&single_spaced(word))?;
        let adjective = adjective.map(|a| single_spaced(a).replace('.', ""));
        let code = match adjective {
            Some(a) => self
                .units
                .get(&(unit.clone(), a))
                .or_else(|| self.units.get(&(unit.clone(), "*".into()))),
            None => self
                .units
                .get(&(unit.clone(), "-".into()))
                .or_else(|| self.units.get(&(unit.clone(), "*".into()))),
        }?;
        Some((code.as_str(), *factor))
    }

    /// Multiplier of a scale word ("mln", "bn", "crore", "m").
    pub fn scale_factor(&self, word: &str) -> Option<f64> {
        self.scales.get(&word.to_lowercase()).copied()
    }

    /// The id of a qualifier phrase ("more than" → `more_than`).
    pub fn qualifier_id(&self, phrase: &str) -> Option<&'static str> {
        self.qualifiers.get(&single_spaced(phrase)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money() -> Money {
        Money::new(&Lang::builtin()).expect("the built-in lists load")
    }

    #[test]
    fn symbols_codes_and_words_of_real_wire_copy() {
        let m = money();
        // (as written, code, factor); Reuters-21578 and seed spellings.
        for (written, code, factor) in [
            ("$", "USD", 1.0),
            ("US$", "USD", 1.0),
            ("U.S. $", "USD", 1.0),
            ("HK$", "HKD", 1.0),
            ("Rs.", "INR", 1.0),
            ("RMB", "CNY", 1.0),
            ("¢", "USD", 0.01),
            ("CHF", "CHF", 1.0),
        ] {
            assert_eq!(m.symbol(written), Some((code, factor)), "{written}");
        }
        assert_eq!(m.symbol("XYZ"), None);
        for (adjective, word, code, factor) in [
            (None, "dlrs", "USD", 1.0),
            (Some("Canadian"), "dlrs", "CAD", 1.0),
            (Some("U.S."), "cts", "USD", 0.01),
            (None, "pounds  sterling", "GBP", 1.0),
            (Some("Turkish"), "lira", "TRY", 1.0),
            (Some("Italian"), "lire", "ITL", 1.0),
            (None, "lire", "ITL", 1.0),
            (Some("finnish"), "markkaa", "FIM", 1.0),
            (Some("Japanese"), "yen", "JPY", 1.0),
        ] {
            assert_eq!(
                m.word(adjective, word),
                Some((code, factor)),
                "{adjective:?} {word}"
            );
        }
        // A dollar of a country with no row, and a dinar with no adjective, are not guessed.
        assert_eq!(m.word(Some("Fijian"), "dollars"), None);
        assert_eq!(m.word(None, "dinars"), None);
    }

    #[test]
    fn patterns_find_symbols_scales_and_qualifiers() {
        let m = money();
        for before in ["$", "US$ ", "HK $", "Rs. ", "RM", "CHF ", "£"] {
            assert!(m.prefix.is_match(before), "{before:?}");
        }
        for not_before in ["rm ", "chf ", "costs "] {
            assert!(!m.prefix.is_match(not_before), "{not_before:?}");
        }
        let symbol = |s: &str| {
            m.suffix_symbol
                .captures(s)
                .map(|c| c.get(1).or(c.get(2)).unwrap().as_str().to_string())
        };
        assert_eq!(symbol(" € a share").as_deref(), Some("€"));
        assert_eq!(symbol("¢ a gallon").as_deref(), Some("¢"));
        assert_eq!(symbol(" RM each").as_deref(), Some("RM"));
        assert_eq!(symbol(" rm each"), None);
        let word = m.suffix_word.captures(" Canadian dlrs a share").unwrap();
        assert_eq!((&word[1], &word[2]), ("Canadian", "dlrs"));
        assert_eq!(m.scale.find(" mln dlrs").map(|s| s.as_str()), Some(" mln"));
        assert_eq!(m.scale.find("m dlrs").map(|s| s.as_str()), Some("m"));
        assert!(
            m.scale.find(" m dlrs").is_none(),
            "a lone letter must be glued"
        );
        assert_eq!(m.scale_factor("Crore"), Some(1e7));
        let q = m.qualifier.captures("rose by more than ").unwrap();
        assert_eq!(m.qualifier_id(&q[1]), Some("more_than"));
        assert_eq!(m.qualifier_id("as  low as"), Some("at_most"));
    }
}
