//! Small helpers shared by every stage, with no dependency on any of them: hex for ids and hashes,
//! the char folding that builds `Doc::view`, and the calendar words and parsers (`calendar`) that
//! dates, figures and `clean`'s metadata cues share, and the one tokenizer (`tokens`).

pub mod calendar;
pub mod tokens;

/// Folds one char to its normalized form (always exactly one char).
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{00b4}'
        | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\n' => '\n',
        '\u{2026}' => '.',
        c if c.is_whitespace() => ' ',
        c if c.is_control() => ' ',
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => ' ',
        c => c,
    }
}

/// Lower case with runs of whitespace made single spaces ("Pounds  Sterling" → "pounds sterling"),
/// how a phrase from the text is compared with a phrase from a word list.
pub fn single_spaced(s: &str) -> String {
    spaced_as_written(s).to_lowercase()
}

/// Runs of whitespace made single spaces, case kept ("Securities and\nExchange" → "Securities and
/// Exchange").
pub fn spaced_as_written(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
