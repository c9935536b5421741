//! JSON Lines: one article per line, streamed. Field names come from `[input.fields]`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Read};

use serde_json::value::RawValue;

use super::IngestConfig;
use super::decode::{cut_to_limit, not_utf8, read_failure, text_only};
use super::{Item, RawArticle, Source};
use crate::model::Reject;

pub(super) struct JsonlFile {
    rel: String,
    reader: Source,
    /// The flag of the file's encoding when it was not UTF-8 (UTF-16 with a BOM).
    encoding: Option<&'static str>,
    line_no: usize,
    done: bool,
}

impl JsonlFile {
    pub(super) fn new(rel: String, reader: Source, encoding: Option<&'static str>) -> JsonlFile {
        JsonlFile {
            rel,
            reader,
            encoding,
            line_no: 0,
            done: false,
        }
    }

    pub(super) fn next_item(&mut self, cfg: &IngestConfig) -> Option<Item> {
        let mut buf = Vec::new();
        loop {
            if self.done {
                return None;
            }
            buf.clear();
            self.line_no += 1;
            let origin = format!("{}:{}", self.rel, self.line_no);
            // A line is read up to input.max_file_bytes: one endless line cannot exhaust memory.
            let limit = cfg.max_file_bytes;
            match (&mut self.reader)
                .take(limit + 1)
                .read_until(b'\n', &mut buf)
            {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) if n as u64 > limit && buf.last() != Some(&b'\n') => {
                    let skipped = skip_line(&mut self.reader);
                    return Some(Item::Reject(Reject {
                        source: origin,
                        reason: "too_large",
                        detail: format!(
                            "line longer than input.max_file_bytes = {limit} bytes ({} bytes skipped); raise the limit to read it",
                            n as u64 + skipped
                        ),
                    }));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Item::Reject(Reject {
                        source: origin,
                        reason: read_failure(&e, self.rel.to_lowercase().ends_with(".gz")),
                        detail: format!(
                            "read failed at line {}: {e}; earlier lines were kept",
                            self.line_no
                        ),
                    }));
                }
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let mut item = parse_line(&buf, origin, cfg);
            if let (Item::Article(a), Some(flag)) = (&mut item, self.encoding) {
                a.flags.push(flag);
            }
            return Some(item);
        }
    }
}

/// Discards the rest of an over-long line; returns how many bytes were skipped.
fn skip_line(reader: &mut Source) -> u64 {
    let mut skipped = 0u64;
    loop {
        let (done, used) = match reader.fill_buf() {
            Ok([]) | Err(_) => return skipped,
            Ok(chunk) => match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, chunk.len()),
            },
        };
        reader.consume(used);
        skipped += used as u64;
        if done {
            return skipped;
        }
    }
}

/// A record's fields, each kept as written: a field the pipeline does not use is never parsed, so a
/// number out of range or a broken escape there cannot cost the article.
type Record<'a> = HashMap<String, &'a RawValue>;

/// A string field, or `None`. A lone UTF-16 surrogate escape (`\ud800`), which serde_json refuses,
/// becomes U+FFFD.
fn string_of(raw: &RawValue) -> Option<String> {
    let json = raw.get();
    if !json.starts_with('"') {
        return None;
    }
    serde_json::from_str::<String>(json)
        .ok()
        .or_else(|| serde_json::from_str::<String>(&replace_lone_surrogates(json)).ok())
}

/// The first of `names` that holds a usable value, as text: strings trimmed, numbers exactly as
/// written (an id of 30 digits stays 30 digits), arrays of strings joined with "; ".
fn field(record: &Record, names: &[String]) -> Option<String> {
    names.iter().find_map(|name| {
        let raw = record.get(name)?;
        let json = raw.get();
        match json.as_bytes().first()? {
            b'"' => string_of(raw)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            b'-' | b'0'..=b'9' => Some(json.to_string()),
            b'[' => {
                let items: Vec<&RawValue> = serde_json::from_str(json).ok()?;
                let parts: Vec<String> = items.iter().filter_map(|r| string_of(r)).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            _ => None,
        }
    })
}

/// Rewrites `\uXXXX` escapes of UTF-16 surrogates that are not part of a pair as `\ufffd`.
fn replace_lone_surrogates(json: &str) -> String {
    let bytes = json.as_bytes();
    let hex_at = |i: usize| -> Option<u32> {
        (bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'u'))
            .then(|| json.get(i + 2..i + 6))
            .flatten()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let mut out = String::with_capacity(json.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match hex_at(i) {
            Some(0xD800..=0xDBFF) if matches!(hex_at(i + 6), Some(0xDC00..=0xDFFF)) => i += 12,
            Some(0xD800..=0xDFFF) => {
                out.push_str(&json[copied..i]);
                out.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            Some(_) => i += 6,
            // Any other escape: skip the escaped character, so `\\u` is not read as an escape.
            None => i += 2,
        }
    }
    out.push_str(&json[copied.min(json.len())..]);
    out
}

fn parse_line(line: &[u8], origin: String, cfg: &IngestConfig) -> Item {
    let reject = |reason: &'static str, detail: String| {
        Item::Reject(Reject {
            source: origin.clone(),
            reason,
            detail,
        })
    };
    let mut flags = Vec::new();
    let json: Cow<str> = match std::str::from_utf8(line) {
        Ok(text) => Cow::Borrowed(text),
        // Bytes that are not UTF-8: repaired, or decoded from the legacy encoding of the feed.
        Err(_) => not_utf8(line, &mut flags),
    };
    let json = json.strip_prefix('\u{feff}').unwrap_or(&json);
    let record: Record = match serde_json::from_str(json) {
        Ok(record) => record,
        Err(e) => {
            let detail = if serde_json::from_str::<&RawValue>(json).is_ok() {
                "the line is valid JSON but not an object".to_string()
            } else {
                format!("not a JSON object: {e}")
            };
            return reject("malformed_json", detail);
        }
    };
    let f = &cfg.fields;
    let Some(text) = f
        .text
        .iter()
        .find_map(|name| record.get(name).and_then(|raw| string_of(raw)))
    else {
        return reject(
            "missing_text",
            format!("no text field (tried {:?})", f.text),
        );
    };
    // A JSON string is text by construction: control characters it escapes (`\u0000`) are removed,
    // never a reason to call the article binary.
    let text = text_only(text);
    if text.trim().is_empty() {
        return reject("empty", "the text field holds no text".into());
    }
    let text = cut_to_limit(text, cfg.max_doc_bytes, &mut flags);
    let id = field(&record, &f.id);
    let url = field(&record, &f.url);
    let source = id
        .clone()
        .or_else(|| url.clone())
        .unwrap_or_else(|| origin.clone());
    let clean = |value: Option<String>| value.map(text_only).filter(|v| !v.trim().is_empty());
    Item::Article(RawArticle {
        source,
        origin,
        text,
        title: clean(field(&record, &f.title)),
        published: field(&record, &f.published),
        url,
        author: clean(field(&record, &f.author)),
        outlet: clean(field(&record, &f.source)),
        flags,
    })
}
