//! Data shared by every stage: document ids, spans, provenance, the cleaned document and rejects.
//!
//! `Doc::text` is the article text that the output tables describe; every `Span` indexes it.
//! `Doc::view` is a char-for-char normalized copy of it (typographic quotes and dashes folded,
//! page furniture blanked), so a char offset found in `view` is the same char offset in `text`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// Stable document id: the first 16 hex digits of the SHA-256 of the article text.
pub type DocId = String;

/// Stable rule id, e.g. `"money/symbol-amount"`. Ids are data in the output: never rename or reuse one.
pub type RuleId = &'static str;

/// A rule id with its one-line meaning: each extractor lists its rules in a `RULES` constant, which
/// RULES.md is generated from (a test fails when an emitted or written id is missing).
pub type RuleDoc = (RuleId, &'static str);

/// A half-open range of an article, in both UTF-8 bytes and Unicode code points of `Doc::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Span {
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
    /// First code point (Python `str` index).
    pub char_start: usize,
    /// One past the last code point.
    pub char_end: usize,
}

/// Where a fact came from: document, sentence, span, rule and confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Document the fact was found in.
    pub doc_id: DocId,
    /// Index into `Doc::sentences`.
    pub sentence: u32,
    /// Offsets of the surface text in `Doc::text`.
    pub span: Span,
    /// Rule that matched.
    pub rule: RuleId,
    /// Confidence in 0..=1.
    pub confidence: f32,
}

/// A sentence of the article: a byte range of `Doc::view` (and of `Doc::text`, see `Doc::span`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// First byte in `view`.
    pub start: usize,
    /// One past the last byte in `view`.
    pub end: usize,
    /// Index of the paragraph the sentence belongs to.
    pub paragraph: u32,
}

/// Which cue gave the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// A metadata field of the input record (JSON Lines).
    Field,
    /// A "Published: ..." line.
    PublishedLine,
    /// A line that holds nothing but a date.
    DateLine,
    /// The dateline that opens the story ("Beijing, 03 February 2022 (TDI):").
    Dateline,
}

impl PublishedSource {
    /// The value written to the `published_source` column.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Field => "field",
            PublishedSource::PublishedLine => "published_line",
            PublishedSource::DateLine => "date_line",
            PublishedSource::Dateline => "dateline",
        }
    }
}

/// Article-level metadata found by `clean` (or given by the input record).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ArticleMeta {
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published_date: Option<NaiveDate>,
    /// Publication instant in UTC, only when the input states the time zone.
    pub published_at_utc: Option<NaiveDateTime>,
    /// Wall-clock publication time as printed ("22:12"), time zone unknown.
    pub published_local_time: Option<String>,
    /// Which cue gave the publication date.
    pub published_source: Option<PublishedSource>,
    /// Date of the last update, where stated.
    pub updated_date: Option<NaiveDate>,
    /// Wall-clock time of the last update as printed ("00:37"), time zone unknown.
    pub updated_local_time: Option<String>,
    /// Place named by the dateline.
    pub dateline_place: Option<String>,
    /// News agency named by the dateline or the record.
    pub agency: Option<String>,
    /// Author from a byline or the record.
    pub author: Option<String>,
    /// URL from the record.
    pub url: Option<String>,
}

/// A cleaned article, ready for the extractors.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Stable id from the content.
    pub id: DocId,
    /// Path relative to the input root, or the record's id/url, plus the line for JSON Lines.
    pub source: String,
    /// Where exactly it was read: `path` or `path:line`.
    pub origin: String,
    /// The article text the tables describe (what `articles.text` holds).
    pub text: String,
    /// Same chars as `text`, normalized and with furniture blanked; extractors read this.
    pub view: String,
    /// Byte offset in `text` of every char boundary of `view`, or empty when both are ASCII-identical
    /// in length (then byte offsets coincide).
    pub text_byte_of_char: Vec<usize>,
    /// Char index of every byte of `view` plus one entry for its end, or empty when `view` is ASCII.
    pub view_char_of_byte: Vec<u32>,
    /// Sentences in reading order.
    pub sentences: Vec<Sentence>,
    /// The words of `view` in order, tokenized once for every extractor (see `text::tokens`).
    pub tokens: Vec<crate::text::tokens::Token>,
    /// Metadata.
    pub meta: ArticleMeta,
    /// ISO 639-1 code where known (639-3 otherwise), or "und".
    pub language: String,
    /// Whether the English extractors ran.
    pub extracted: bool,
    /// Flags such as `invalid_utf8`, `truncated`, `non_english`.
    pub flags: Vec<&'static str>,
    /// Number of chars blanked as page furniture.
    pub furniture_chars: usize,
    /// The earlier article this one duplicates, set by the dedup stage.
    pub duplicate: Option<DuplicateOf>,
}

/// What an article duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateOf {
    /// The earliest article read with the same or nearly the same words.
    pub doc_id: DocId,
    /// `exact` or `near`.
    pub kind: &'static str,
    /// Estimated Jaccard similarity of word shingles.
    pub similarity: f32,
}

impl Doc {
    /// Converts a byte range of `view` to a `Span` over `text`.
    pub fn span(&self, view_start: usize, view_end: usize) -> Span {
        let (cs, ce) = if self.view_char_of_byte.is_empty() {
            (view_start, view_end)
        } else {
            (self.char_index(view_start), self.char_index(view_end))
        };
        let (bs, be) = if self.text_byte_of_char.is_empty() {
            (cs, ce)
        } else {
            (self.text_byte_of_char[cs], self.text_byte_of_char[ce])
        };
        Span {
            byte_start: bs,
            byte_end: be,
            char_start: cs,
            char_end: ce,
        }
    }

    fn char_index(&self, view_byte: usize) -> usize {
        self.view_char_of_byte[view_byte] as usize
    }

    /// The sentence index holding the view byte `pos` (the last sentence starting at or before it).
    pub fn sentence_of(&self, pos: usize) -> u32 {
        match self.sentences.binary_search_by(|s| s.start.cmp(&pos)) {
            Ok(i) => i as u32,
            Err(0) => 0,
            Err(i) => (i - 1) as u32,
        }
    }

    /// Provenance for a byte range of `view`.
    pub fn provenance(
        &self,
        start: usize,
        end: usize,
        rule: RuleId,
        confidence: f32,
    ) -> Provenance {
        Provenance {
            doc_id: self.id.clone(),
            sentence: self.sentence_of(start),
            span: self.span(start, end),
            rule,
            confidence,
        }
    }

    /// The surface text of a span, taken from `text`.
    pub fn surface(&self, span: &Span) -> &str {
        &self.text[span.byte_start..span.byte_end]
    }
}

/// An input that could not become an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// Path (relative to the input root) and, for JSON Lines, `:line`.
    pub source: String,
    /// Machine-readable reason, e.g. `empty`, `binary`, `malformed_json`.
    pub reason: &'static str,
    /// Human-readable detail.
    pub detail: String,
}

/// The largest char boundary of `s` at or before byte `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The last at most `n` bytes of `s`, cut on a char boundary: a bounded look-behind window.
pub fn tail(s: &str, n: usize) -> &str {
    &s[floor_boundary(s, s.len().saturating_sub(n))..]
}

/// The first at most `n` bytes of `s`, cut on a char boundary: a bounded look-ahead window.
pub fn head(s: &str, n: usize) -> &str {
    &s[..floor_boundary(s, n)]
}

/// An article as read, before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    /// Path relative to its input root, or the record's id or url.
    pub source: String,
    /// Where exactly it was read: `path` or `path:line`.
    pub origin: String,
    /// Decoded text (UTF-8, CRLF folded to LF, BOM removed).
    pub text: String,
    /// Title given by the record (JSON Lines) or the HTML `<title>`.
    pub title: Option<String>,
    /// Publication date/time as given by the record, unparsed.
    pub published: Option<String>,
    /// URL given by the record.
    pub url: Option<String>,
    /// Author given by the record.
    pub author: Option<String>,
    /// Outlet given by the record.
    pub outlet: Option<String>,
    /// Flags raised while reading (`invalid_utf8`, `truncated`, `html`).
    pub flags: Vec<&'static str>,
}
