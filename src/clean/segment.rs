//! Page furniture, paragraphs and sentences.

use std::collections::HashSet;

use super::CleanConfig;
use crate::lang::Lang;
use crate::model::Sentence;

/// Byte ranges of `norm` that are page furniture, sorted and disjoint.
pub fn furniture(norm: &str, cfg: &CleanConfig) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut offset = 0;
    for line in norm.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches('\n');
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let (ts, te) = (start + lead, start + lead + trimmed.len());
        if cfg.tail_markers.iter().any(|re| re.is_match(trimmed)) {
            ranges.push((ts, norm.len()));
            break;
        }
        if cfg.furniture_lines.iter().any(|re| re.is_match(trimmed)) {
            ranges.push((ts, te));
            continue;
        }
        if trimmed.len() >= cfg.repeated_line_min_chars && !seen.insert(trimmed) {
            ranges.push((ts, te));
            continue;
        }
        for re in &cfg.furniture_phrases {
            for m in re.find_iter(trimmed) {
                ranges.push((ts + m.start(), ts + m.end()));
            }
        }
    }
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

/// The word lists sentence splitting reads (`sentence_*.txt`).
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceWords {
    /// Abbreviations after which a period does not end a sentence, lower case, no final period.
    pub abbreviations: HashSet<String>,
    /// Abbreviations that end a name and may end a sentence ("inc", "jr").
    pub name_suffixes: HashSet<String>,
    /// Words that start a sentence after an abbreviation that could end one, as written.
    pub starters: HashSet<String>,
}

impl SentenceWords {
    /// Reads the lists from `lang`.
    pub fn new(lang: &Lang) -> SentenceWords {
        SentenceWords {
            abbreviations: lang.lowercase_set("sentence_abbreviations.txt"),
            name_suffixes: lang.lowercase_set("sentence_name_suffixes.txt"),
            starters: lang.set("sentence_starters.txt"),
        }
    }
}

/// Splits the view into sentences. Blank lines end paragraphs. In hard-wrapped text (wire copy wrapped at
/// ~70 columns) a single newline is a space unless the next line is indented or the line is a heading;
/// elsewhere every line is its own block (titles, bylines, datelines stay apart from the body).
pub fn split_sentences(view: &str, words: &SentenceWords) -> Vec<Sentence> {
    let wrapped = is_hard_wrapped(view);
    let mut sentences = Vec::new();
    let mut paragraph = 0u32;
    let mut block_start: Option<usize> = None;
    let mut offset = 0;
    let mut last_was_heading = false;
    let flush = |start: usize, end: usize, paragraph: &mut u32, sentences: &mut Vec<Sentence>| {
        split_block(words, view, start, end, *paragraph, sentences);
        *paragraph += 1;
    };
    for line in view.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches('\n');
        if body.trim().is_empty() {
            if let Some(bs) = block_start.take() {
                flush(bs, start, &mut paragraph, &mut sentences);
            }
            continue;
        }
        let indented = body.starts_with("  ") || body.starts_with('\t');
        let heading =
            !body.chars().any(|c| c.is_lowercase()) && body.chars().any(|c| c.is_uppercase());
        let continues = wrapped && !indented && !heading && !last_was_heading;
        if let Some(bs) = block_start {
            if !continues {
                flush(bs, start, &mut paragraph, &mut sentences);
                block_start = Some(start);
            }
        } else {
            block_start = Some(start);
        }
        last_was_heading = heading;
    }
    if let Some(bs) = block_start {
        flush(bs, view.len(), &mut paragraph, &mut sentences);
    }
    sentences
}

fn is_hard_wrapped(view: &str) -> bool {
    let lines: Vec<&str> = view
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() < 4 {
        return false;
    }
    let wrapped = lines
        .iter()
        .filter(|l| (40..=100).contains(&l.len()) && !l.ends_with(['.', '!', '?', ':', '"', '\'']))
        .count();
    wrapped * 2 >= lines.len()
}

fn split_block(
    words: &SentenceWords,
    view: &str,
    start: usize,
    end: usize,
    paragraph: u32,
    out: &mut Vec<Sentence>,
) {
    let bytes = view.as_bytes();
    let mut sentence_start = start;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < end && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
                j += 1;
            }
            let space_end = {
                let mut k = j;
                while k < end && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                k
            };
            if space_end > j
                && space_end < end
                && starts_sentence(&view[space_end..end])
                && !(b == b'.' && is_abbreviation(words, view, start, i, &view[space_end..end]))
            {
                push(view, sentence_start, j, paragraph, out);
                sentence_start = space_end;
                i = space_end;
                continue;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    push(view, sentence_start, end, paragraph, out);
}

fn push(view: &str, start: usize, end: usize, paragraph: u32, out: &mut Vec<Sentence>) {
    let s = &view[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Sentence {
            start: start + lead,
            end: end - trail,
            paragraph,
        });
    }
}

fn starts_sentence(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some('"' | '\'' | '(' | '[') => chars
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.'),
        _ => false,
    }
}

fn is_abbreviation(
    words: &SentenceWords,
    view: &str,
    block_start: usize,
    dot: usize,
    next: &str,
) -> bool {
    let before = crate::model::tail(&view[block_start..dot], 64);
    let token_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |p| p + 1);
    let token = &before[token_start..];
    if token.is_empty() {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
    // Initials ("R. Nicholas Burns") and dotted acronyms ("U.S.") rarely end a sentence, unless the next
    // word is a typical sentence opener.
    let single_initial = token.chars().count() == 1 && token.chars().all(|c| c.is_uppercase());
    let dotted = token.contains('.') && token.split('.').all(|p| p.chars().count() <= 2);
    if single_initial || dotted || words.name_suffixes.contains(&lower) {
        return !words.starters.contains(&next_word);
    }
    if words.abbreviations.contains(&lower) {
        // "No. 5" and "Feb. 3" continue; "... in Feb. The" is rare enough to accept.
        return true;
    }
    false
}
