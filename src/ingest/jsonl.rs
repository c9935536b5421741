//! JSON Lines: one article per line, streamed. Field names come from `[input.fields]`.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::{Item, RawArticle, Source, decode};
use crate::config::IngestConfig;
use crate::model::Reject;

pub(super) struct JsonlFile {
    rel: String,
    reader: Source,
    line_no: usize,
    done: bool,
}

impl JsonlFile {
    pub(super) fn new(rel: String, reader: Source) -> JsonlFile {
        JsonlFile {
            rel,
            reader,
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
                    let reason = if self.rel.to_lowercase().ends_with(".gz") {
                        "corrupt_gzip"
                    } else {
                        "unreadable"
                    };
                    return Some(Item::Reject(Reject {
                        source: origin,
                        reason,
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
            return Some(parse_line(&buf, origin, cfg));
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

fn field(obj: &serde_json::Map<String, Value>, names: &[String]) -> Option<String> {
    names.iter().find_map(|name| match obj.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        _ => None,
    })
}

fn parse_line(line: &[u8], origin: String, cfg: &IngestConfig) -> Item {
    let reject = |reason: &'static str, detail: String| {
        Item::Reject(Reject {
            source: origin.clone(),
            reason,
            detail,
        })
    };
    let value: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            // Invalid UTF-8 inside a JSON string: repair and retry, flagging the article.
            let lossy = String::from_utf8_lossy(line);
            match serde_json::from_str::<Value>(&lossy) {
                Ok(v) if matches!(lossy, std::borrow::Cow::Owned(_)) => v,
                _ => return reject("malformed_json", format!("not a JSON object: {e}")),
            }
        }
    };
    let Value::Object(obj) = value else {
        return reject(
            "malformed_json",
            "the line is valid JSON but not an object".into(),
        );
    };
    let f = &cfg.fields;
    let Some(text) = f
        .text
        .iter()
        .find_map(|name| obj.get(name).and_then(Value::as_str))
    else {
        return reject(
            "missing_text",
            format!("no text field (tried {:?})", f.text),
        );
    };
    let mut flags = Vec::new();
    if std::str::from_utf8(line).is_err() {
        flags.push("invalid_utf8");
    }
    let text = match decode(text.as_bytes().to_vec(), cfg.max_doc_bytes, &mut flags) {
        Ok(t) => t,
        Err((reason, detail)) => return reject(reason, detail),
    };
    let id = field(&obj, &f.id);
    let url = field(&obj, &f.url);
    let source = id
        .clone()
        .or_else(|| url.clone())
        .unwrap_or_else(|| origin.clone());
    Item::Article(RawArticle {
        source,
        origin,
        text,
        title: field(&obj, &f.title),
        published: field(&obj, &f.published),
        url,
        author: field(&obj, &f.author),
        outlet: field(&obj, &f.source),
        flags,
    })
}
