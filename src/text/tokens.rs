//! The one tokenization every extractor reads (`Doc::tokens`, built once by `clean`).
//!
//! A token is a run of letters or digits of any script. Inner `-`, `'` and `.` join two such runs, so
//! "Xi-Putin", "O'Brien", "U.S" (the last period is sentence punctuation as often as not), "1.5" and
//! "e-mail" are one token each, and so is a number with separators ("2,300", "1988/89"); a
//! hyphenated compound keeps its parts reachable through [`Token::parts`]. Two exceptions keep
//! names clean: a possessive `'s` is not part of the word ("Merkel's" is "Merkel" and "s", see
//! [`Token::is_clitic_s`]), and a single capital followed by ". " keeps its period ("R. Nicholas
//! Burns"), because that is how an initial is written.

/// One word of a document's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset in the view where the token starts.
    pub start: usize,
    /// Byte offset in the view just past the token.
    pub end: usize,
    /// Char offset in the view (and so in the text: both have the same chars) where it starts.
    pub char_start: u32,
    /// Char offset just past the token.
    pub char_end: u32,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, view: &'a str) -> &'a str {
        &view[self.start..self.end]
    }

    /// Whether this is the "s" of a possessive or a contraction ("Merkel's", "It's"), which the
    /// tokenizer leaves out of the word before it: not a word of its own when words are counted.
    pub fn is_clitic_s(&self, view: &str) -> bool {
        // Only a lower-case "'s" is left out of its word ("REAGAN'S" stays one token).
        self.end - self.start == 1
            && &view[self.start..self.end] == "s"
            && view[..self.start].ends_with('\'')
    }

    /// Byte ranges of the parts of a hyphenated compound ("Xi-Putin": "Xi", "Putin"); a token without
    /// a hyphen is its one part.
    pub fn parts<'a>(&self, view: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let start = self.start;
        view[self.start..self.end]
            .split('-')
            .scan(start, |at, part| {
                let range = (*at, *at + part.len());
                *at += part.len() + 1;
                Some(range)
            })
    }
}

/// Tokenizes a view. `char_of_byte` is `Doc::view_char_of_byte` (empty when the view is ASCII, where
/// byte and char offsets coincide).
pub fn tokenize(view: &str, char_of_byte: &[u32]) -> Vec<Token> {
    let char_at = |b: usize| {
        if char_of_byte.is_empty() {
            b as u32
        } else {
            char_of_byte[b]
        }
    };
    let mut out = Vec::with_capacity(view.len() / 6);
    let mut i = 0;
    while let Some(c) = view[i..].chars().next() {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i + c.len_utf8();
        while let Some(d) = view[j..].chars().next() {
            if d.is_alphanumeric() {
                j += d.len_utf8();
                continue;
            }
            // "2,300", "1988/89" and "6-1/8" are one number.
            if matches!(d, ',' | '/')
                && view[..j].ends_with(|c: char| c.is_ascii_digit())
                && view[j + 1..].starts_with(|c: char| c.is_ascii_digit())
            {
                j += 1;
                continue;
            }
            if matches!(d, '-' | '\'' | '.') {
                let rest = &view[j + 1..];
                let next_alnum = rest.chars().next().is_some_and(char::is_alphanumeric);
                let possessive = d == '\''
                    && rest.starts_with('s')
                    && !rest[1..].chars().next().is_some_and(char::is_alphanumeric);
                if next_alnum && !possessive {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        if j - start == c.len_utf8() && c.is_uppercase() && view[j..].starts_with(". ") {
            j += 1;
        }
        out.push(Token {
            start,
            end: j,
            char_start: char_at(start),
            char_end: char_at(j),
        });
        i = j;
    }
    out
}

/// The tokens lying wholly inside the byte range `lo..hi` (a sentence, a clause).
pub fn within(tokens: &[Token], lo: usize, hi: usize) -> &[Token] {
    let first = tokens.partition_point(|t| t.start < lo);
    let last = first + tokens[first..].partition_point(|t| t.end <= hi);
    &tokens[first..last]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(view: &str) -> Vec<&str> {
        tokenize(view, &[]).iter().map(|t| t.text(view)).collect()
    }

    #[test]
    fn words_of_real_sentences() {
        // Reuters-21578 and seed sentences, one case per line.
        let cases: &[(&str, &[&str])] = &[
            (
                "U.S. Treasury Secretary James Baker said",
                &["U.S", "Treasury", "Secretary", "James", "Baker", "said"],
            ),
            ("Merkel's aides", &["Merkel", "s", "aides"]),
            ("the leaders' meeting", &["the", "leaders", "meeting"]),
            ("a Xi-Putin meeting", &["a", "Xi-Putin", "meeting"]),
            ("R. Nicholas Burns", &["R.", "Nicholas", "Burns"]),
            ("É. Philippe", &["É.", "Philippe"]),
            (
                "rose 1.5 pct to 2,300 dlrs, 4, 5 in 1988/89, 6-1/8 pct",
                &[
                    "rose", "1.5", "pct", "to", "2,300", "dlrs", "4", "5", "in", "1988/89",
                    "6-1/8", "pct",
                ],
            ),
            (
                "O'Brien said - then left",
                &["O'Brien", "said", "then", "left"],
            ),
            ("end of talks.Next", &["end", "of", "talks.Next"]),
            ("", &[]),
            ("--- '' ...", &[]),
        ];
        for (view, want) in cases {
            assert_eq!(&words(view), want, "{view:?}");
        }
    }

    #[test]
    fn letters_of_any_script_stay_one_word_with_char_offsets() {
        let view = "Frau Müller traf Straße-Chef";
        let mut char_of_byte = vec![0u32; view.len() + 1];
        for (ci, (b, c)) in view.char_indices().enumerate() {
            char_of_byte[b..b + c.len_utf8()].fill(ci as u32);
        }
        char_of_byte[view.len()] = view.chars().count() as u32;
        let toks = tokenize(view, &char_of_byte);
        let got: Vec<(&str, u32, u32)> = toks
            .iter()
            .map(|t| (t.text(view), t.char_start, t.char_end))
            .collect();
        assert_eq!(
            got,
            [
                ("Frau", 0, 4),
                ("Müller", 5, 11),
                ("traf", 12, 16),
                ("Straße-Chef", 17, 28)
            ]
        );
        let parts: Vec<&str> = toks[3].parts(view).map(|(s, e)| &view[s..e]).collect();
        let its = "It's Merkel's";
        let clitics: Vec<bool> = tokenize(its, &[])
            .iter()
            .map(|t| t.is_clitic_s(its))
            .collect();
        assert_eq!(clitics, [false, true, false, true]);
        assert_eq!(parts, ["Straße", "Chef"]);
        assert_eq!(toks[1].parts(view).count(), 1);
    }

    #[test]
    fn within_keeps_only_tokens_inside_the_range() {
        let view = "Talks ended. Ministers met again.";
        let toks = tokenize(view, &[]);
        let second: Vec<&str> = within(&toks, 13, view.len())
            .iter()
            .map(|t| t.text(view))
            .collect();
        assert_eq!(second, ["Ministers", "met", "again"]);
        assert!(within(&toks, 5, 6).is_empty());
        assert_eq!(within(&toks, 0, 5).len(), 1);
    }
}
