//! Language detection. Latin-script text is scored by function words of the major news languages
//! (robust on short, numeric wire copy such as earnings tables, where trigram models guess French or
//! Catalan); text in other scripts goes to whatlang, whose script detection is reliable there.

/// Function words per language, chosen to overlap little between languages.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "is", "that", "for", "on", "said", "with", "was", "it", "as",
            "by", "at", "from", "has", "be", "are", "will", "its", "which", "this", "would",
            "were", "have", "vs", "they", "their", "not",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "et", "du", "une", "est", "pour", "dans", "sur", "au", "aux",
            "avec", "qui", "ne", "pas", "ce", "il", "sont", "cette", "selon", "ont", "été", "mais",
            "leur",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von",
            "sich", "auf", "für", "im", "dem", "des", "auch", "es", "wird", "sind", "nach",
            "wurde", "bei",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "una", "es", "por", "con", "para", "del", "se", "al", "lo",
            "como", "su", "más", "pero", "sus", "fue", "según", "este", "entre", "ha",
        ],
    ),
    (
        "pt",
        &[
            "os", "que", "em", "um", "uma", "do", "da", "no", "na", "para", "com", "não", "dos",
            "das", "ao", "pelo", "pela", "mais", "foi", "são", "seu", "sua", "também", "como",
            "já",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "un", "una", "del", "della", "con", "non", "sono", "è", "gli",
            "nel", "alla", "dei", "delle", "anche", "ha", "più", "questo", "stato", "ai", "dal",
            "come",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "en", "van", "is", "dat", "op", "te", "voor", "met", "niet", "zijn",
            "die", "er", "aan", "ook", "als", "bij", "werd", "naar", "worden", "maar", "wordt",
            "heeft", "om",
        ],
    ),
];

/// Function-word hits needed before a Latin-script text is classified at all.
const MIN_HITS: usize = 8;

/// Returns an ISO 639-1 code (639-3 where none exists) and whether the detection is reliable.
/// Texts that are too short, or have too few function words to tell, are taken as English, unreliably.
pub fn detect(view: &str, min_chars: usize) -> (String, bool) {
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
    let hits: Vec<(&str, usize)> = FUNCTION_WORDS
        .iter()
        .map(|(lang, list)| (*lang, words.iter().filter(|w| list.contains(w)).count()))
        .collect();
    let english = hits[0].1;
    // English wins ties; another language must clearly lead.
    let (best, best_hits) =
        hits.iter().copied().fold(
            ("en", english),
            |acc, (l, h)| if h > acc.1 { (l, h) } else { acc },
        );
    if best_hits < MIN_HITS {
        return ("en".into(), false);
    }
    if best != "en" && best_hits < english * 2 {
        return ("en".into(), true);
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
