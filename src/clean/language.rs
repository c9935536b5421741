//! Language detection with whatlang (trigram statistics; no model files, deterministic).

/// Returns an ISO 639-1 code (639-3 when there is none in our table) and whether detection is reliable.
/// Texts shorter than `min_chars` are taken as English, unreliably.
pub fn detect(view: &str, min_chars: usize) -> (String, bool) {
    let sample: String = view
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(4000)
        .collect();
    if sample
        .split_whitespace()
        .map(|w| w.len() + 1)
        .sum::<usize>()
        < min_chars
    {
        return ("en".into(), false);
    }
    match whatlang::detect(&sample) {
        Some(info) if info.is_reliable() || info.confidence() > 0.5 => {
            (iso639_1(info.lang()).to_string(), true)
        }
        _ => ("en".into(), false),
    }
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
