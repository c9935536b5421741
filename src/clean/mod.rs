//! Clean: `RawArticle` → `Doc`. Normalizes the text char for char (so offsets survive), blanks page
//! furniture, splits paragraphs and sentences, reads article metadata (title, dates, dateline, byline)
//! and detects the language.
//!
//! **Invariant:** `Doc::view` has exactly the chars of `Doc::text`, position for position: typographic
//! quotes become `'`/`"`, dashes `-`, exotic spaces ` `, and furniture chars ` `. So a char offset in the
//! view is the same char offset in the text, and `Doc::span` maps view bytes to text bytes and chars.

mod language;
pub mod meta;
mod segment;

use sha2::{Digest, Sha256};

use crate::model::Doc;
use crate::model::RawArticle;
use regex::Regex;
use serde::Deserialize;

pub use crate::text::fold_char;
pub use language::FunctionWords;
pub use segment::{SentenceWords, split_sentences};

/// `[clean]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CleanFile {
    pub furniture_lines: Vec<String>,
    pub furniture_phrases: Vec<String>,
    pub tail_markers: Vec<String>,
    pub repeated_line_min_chars: usize,
    pub assume_utc_offset: String,
}

/// What `clean` needs, regexes compiled.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct CleanConfig {
    pub furniture_lines: Vec<Regex>,
    pub furniture_phrases: Vec<Regex>,
    pub tail_markers: Vec<Regex>,
    pub repeated_line_min_chars: usize,
    /// Offset east of UTC, in minutes, for printed times without a zone.
    pub assume_utc_offset_minutes: Option<i32>,
    pub languages: Vec<String>,
    pub language_min_chars: usize,
    /// Abbreviations and sentence starters (`sentence_*.txt`).
    pub sentence_words: crate::clean::SentenceWords,
    /// Function words per language (`language_function_words.tsv`).
    pub function_words: crate::clean::FunctionWords,
    /// Month and weekday words, for dates in headers and record fields (`calendar_*.tsv`).
    pub calendar: std::sync::Arc<crate::text::calendar::Calendar>,
    /// "Published", "Updated", "By": the cues of the header lines (`header_cue_words.tsv`).
    pub header_cues: meta::HeaderCues,
}

/// Cleans one article. Never fails: an article that ends up with no text is still a `Doc`.
pub fn clean(raw: RawArticle, cfg: &CleanConfig) -> Doc {
    let text = raw.text;
    let norm: String = text.chars().map(fold_char).collect();
    let blank = segment::furniture(&norm, cfg);
    let furniture_chars = blank
        .iter()
        .map(|(s, e)| norm[*s..*e].chars().count())
        .sum();
    let view = blank_ranges(&norm, &blank);

    let text_byte_of_char = if text.is_ascii() {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect()
    };
    let view_char_of_byte = if view.is_ascii() {
        Vec::new()
    } else {
        let mut map = vec![0u32; view.len() + 1];
        let mut ci = 0u32;
        for (i, c) in view.char_indices() {
            for slot in &mut map[i..i + c.len_utf8()] {
                *slot = ci;
            }
            ci += 1;
        }
        map[view.len()] = ci;
        map
    };

    let sentences = split_sentences(&view, &cfg.sentence_words);
    let tokens = crate::text::tokens::tokenize(&view, &view_char_of_byte);
    // A record's place joins its name when they differ (a JSON line: `feed.jsonl:7` and its `id`), so
    // two records that repeat one id and text are still two articles with two ids.
    let id = if raw.origin == raw.source {
        doc_id(&raw.source, &text)
    } else {
        doc_id(&format!("{}\u{1f}{}", raw.origin, raw.source), &text)
    };
    let mut doc = Doc {
        id,
        source: raw.source,
        origin: raw.origin,
        text,
        view,
        text_byte_of_char,
        view_char_of_byte,
        sentences,
        tokens,
        meta: Default::default(),
        language: String::new(),
        extracted: false,
        flags: raw.flags,
        furniture_chars,
        duplicate: None,
    };
    doc.meta = meta::read(
        &doc,
        cfg,
        raw.title,
        raw.published.as_deref(),
        raw.url,
        raw.author,
        raw.outlet,
    );
    if let (None, Some(date), Some(time), Some(offset)) = (
        doc.meta.published_at_utc,
        doc.meta.published_date,
        doc.meta.published_local_time.as_deref(),
        cfg.assume_utc_offset_minutes,
    ) && let Ok(t) = chrono::NaiveTime::parse_from_str(time, "%H:%M")
    {
        doc.meta.published_at_utc =
            Some(date.and_time(t) - chrono::Duration::minutes(offset as i64));
    }
    let (language, reliable) =
        language::detect(&doc.view, cfg.language_min_chars, &cfg.function_words);
    doc.extracted = !reliable || cfg.languages.contains(&language);
    if !doc.extracted {
        doc.flags.push("non_english");
    }
    if !reliable {
        doc.flags.push("language_assumed");
    }
    doc.language = language;
    doc
}

/// Stable id: SHA-256 of where the article was read (its source, and its origin when that differs)
/// and its text, first 16 hex digits. The same article read from the same place always gets the
/// same id; an edited article gets a new one.
pub fn doc_id(source: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(source.as_bytes());
    h.update([0u8]);
    h.update(text.as_bytes());
    crate::text::hex(&h.finalize()[..8])
}

/// SHA-256 of the text alone, first 16 hex digits: equal for exact duplicates.
pub fn content_hash(text: &str) -> String {
    crate::text::hex(&Sha256::digest(text.as_bytes())[..8])
}

fn blank_ranges(norm: &str, ranges: &[(usize, usize)]) -> String {
    if ranges.is_empty() {
        return norm.to_string();
    }
    let mut out = String::with_capacity(norm.len());
    let mut pos = 0;
    for &(s, e) in ranges {
        if s < pos {
            continue;
        }
        out.push_str(&norm[pos..s]);
        out.extend(
            norm[s..e]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        pos = e;
    }
    out.push_str(&norm[pos..]);
    out
}
