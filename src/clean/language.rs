//! Language detection. Latin-script text is scored by function words of the major news languages
//! (robust on short, numeric wire copy such as earnings tables, where trigram models guess French or
//! Catalan); text in other scripts goes to whatlang, whose script detection is reliable there.

use std::collections::HashSet;

use crate::error::Result;
use crate::lang::Lang;

/// Function words per language (`language_function_words.tsv`), in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionWords(pub Vec<(String, HashSet<String>)>);

impl FunctionWords {
    /// Reads the list from `lang`.
    ///
    /// # Errors
    /// A row that is not a language code and a word, naming the file and line.
    pub fn new(lang: &Lang) -> Result<FunctionWords> {
        let file = "language_function_words.tsv";
        let mut out: Vec<(String, HashSet<String>)> = Vec::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 2)?;
            let word = cells[1].to_lowercase();
            match out.iter_mut().find(|(code, _)| *code == cells[0]) {
                Some((_, words)) => {
                    words.insert(word);
                }
                None => out.push((cells[0].clone(), HashSet::from([word]))),
            }
        }
        Ok(FunctionWords(out))
    }
}

/// Function-word hits needed before a Latin-script text is classified at all.
const MIN_HITS: usize = 8;

/// Returns an ISO 639-1 code (639-3 where none exists) and whether the detection is reliable.
/// Texts that are too short, or have too few function words to tell, are taken as English, unreliably.
pub fn detect(view: &str, min_chars: usize, function_words: &FunctionWords) -> (String, bool) {
    let sample: String = view.chars().take(3000).collect();
    let letters: Vec<char> = sample.chars().filter(|c| c.is_alphabetic()).collect();
    let non_latin = letters.iter().filter(|c| !is_latin(**c)).count();
    // A script other than Latin is telling even in a short text.
    if letters.len() >= 20 && non_latin * 2 > letters.len() {
        return match whatlang::detect(&sample) {
            // The script alone says the text is not English, even when whatlang is unsure of the language.
            Some(info) => (iso639_1(info.lang()).to_string(), true),
            None => ("und".into(), false),
        };
    }
    if letters.len() < min_chars {
        return ("en".into(), false);
    }
    let lower = sample.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let hits: Vec<(&str, usize)> = function_words
        .0
        .iter()
        .map(|(lang, list)| {
            let count = words.iter().filter(|w| list.contains(**w)).count();
            (lang.as_str(), count)
        })
        .collect();
    let Some(&(first, first_hits)) = hits.first() else {
        return ("en".into(), false);
    };
    // The first language (English) wins ties; another language must clearly lead.
    let (best, best_hits) =
        hits.iter().copied().fold(
            (first, first_hits),
            |acc, (l, h)| if h > acc.1 { (l, h) } else { acc },
        );
    if best_hits < MIN_HITS {
        return ("en".into(), false);
    }
    if best != first && best_hits < first_hits * 2 {
        return (first.to_string(), true);
    }
    (best.to_string(), true)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00c0}'..='\u{024f}').contains(&c)
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Hin => "hi",
        Urd => "ur",
        Tur => "tr",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Ell => "el",
        Heb => "he",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Pes => "fa",
        Ron => "ro",
        Hun => "hu",
        Bul => "bg",
        other => other.code(),
    }
}
