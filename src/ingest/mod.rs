//! Ingest: input paths → a stream of `RawArticle`s or `Reject`s, in a deterministic order.
//!
//! Folders are walked recursively and files visited in sorted path order. Text and HTML files are one
//! article each; JSON Lines files are streamed line by line, so memory never holds more than one file's
//! line at a time. Gzip (`.gz`) is decompressed transparently. Every problem with one input (unreadable,
//! empty, binary, oversized, malformed line, truncated gzip) becomes a `Reject`; nothing here fails the run.
//! This is one of the two stages allowed to do IO (the other is `sinks`).

mod html;
mod jsonl;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::config::IngestConfig;
use crate::error::{Error, Result};
use crate::model::Reject;

pub use html::html_to_text;

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

/// One item of the input stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A readable article.
    Article(RawArticle),
    /// An input that could not become an article.
    Reject(Reject),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl,
}

/// A file to read, with the name it gets in the output.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Full path.
    pub path: PathBuf,
    /// Path relative to the input root (forward slashes).
    pub rel: String,
}

/// Lists every file under the inputs (files, folders or glob patterns), sorted by the name it gets
/// in the output, and rejects for entries that cannot be listed.
///
/// # Errors
/// An input path that does not exist (a user error that stops the run before it starts). A glob
/// that matches nothing is not an error: a scheduled run may find no new files.
pub fn discover(inputs: &[PathBuf]) -> Result<(Vec<InputFile>, Vec<Reject>)> {
    let mut files = Vec::new();
    let mut rejects = Vec::new();
    for root in inputs {
        let text = root.to_string_lossy();
        if text.contains(['*', '?', '[']) {
            let base: PathBuf = root
                .components()
                .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
                .collect();
            let paths = glob::glob(&text).map_err(|e| Error::ConfigValue {
                key: "input.paths".into(),
                message: format!("{text:?} is not a valid glob pattern: {e}"),
            })?;
            for path in paths.flatten() {
                if path.is_dir() {
                    walk(&base, &path, &mut files, &mut rejects);
                } else {
                    files.push(InputFile {
                        rel: rel_to(&base, &path),
                        path,
                    });
                }
            }
            continue;
        }
        let meta = std::fs::metadata(root).map_err(|_| Error::MissingInput(root.clone()))?;
        if meta.is_file() {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(InputFile {
                path: root.clone(),
                rel,
            });
        } else {
            walk(root, root, &mut files, &mut rejects);
        }
    }
    // One global order, whatever the order of the inputs: it decides which of two copies is the
    // original, and incremental runs recompute duplicates in this order.
    files.sort_by(|a, b| a.rel.cmp(&b.rel).then(a.path.cmp(&b.path)));
    files.dedup_by(|a, b| a.path == b.path);
    Ok((files, rejects))
}

fn rel_to(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<InputFile>, rejects: &mut Vec<Reject>) {
    let rel_of = |p: &Path| rel_to(root, p);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            rejects.push(Reject {
                source: rel_of(dir),
                reason: "unreadable",
                detail: format!("cannot list folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(root, &path, files, rejects),
            Ok(_) => files.push(InputFile {
                rel: rel_of(&path),
                path,
            }),
            Err(e) => rejects.push(Reject {
                source: rel_of(&path),
                reason: "unreadable",
                detail: e.to_string(),
            }),
        }
    }
}

/// Streams articles and rejects from a list of files, one file open at a time.
pub struct Reader<'a> {
    cfg: &'a IngestConfig,
    bytes_read: std::sync::Arc<std::sync::atomic::AtomicU64>,
    files: std::vec::IntoIter<InputFile>,
    current: Option<jsonl::JsonlFile>,
    pending: std::collections::VecDeque<Item>,
}

impl<'a> Reader<'a> {
    /// A reader over `files`, in order.
    pub fn new(files: Vec<InputFile>, cfg: &'a IngestConfig) -> Reader<'a> {
        Reader {
            cfg,
            bytes_read: Default::default(),
            files: files.into_iter(),
            current: None,
            pending: Default::default(),
        }
    }
}

impl Reader<'_> {
    /// Bytes read from input files so far (compressed bytes for `.gz`), for progress and ETA.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Counts the bytes taken from a file.
struct Counting {
    inner: File,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl Iterator for Reader<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(file) = self.current.as_mut() {
                match file.next_item(self.cfg) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let file = self.files.next()?;
            match open(&file, self.cfg, &self.bytes_read) {
                Err(reject) => return Some(Item::Reject(reject)),
                Ok(None) => continue,
                Ok(Some((Format::Jsonl, reader))) => {
                    self.current = Some(jsonl::JsonlFile::new(file.rel.clone(), reader));
                }
                Ok(Some((format, reader))) => self
                    .pending
                    .push_back(read_single(&file, format, reader, self.cfg)),
            }
        }
    }
}

type Source = Box<dyn BufRead + Send>;

/// Opens a file (decompressing `.gz`), or says why not. `Ok(None)` for files we do not read.
fn open(
    file: &InputFile,
    cfg: &IngestConfig,
    count: &std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> Result<Option<(Format, Source)>, Reject> {
    let lower = file.rel.to_lowercase();
    let (inner, gz) = match lower.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (lower.clone(), false),
    };
    let ext = inner
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default();
    let format = if cfg.jsonl_extensions.contains(&ext) {
        Format::Jsonl
    } else if cfg.html_extensions.contains(&ext) {
        Format::Html
    } else if cfg.text_extensions.contains(&ext) {
        Format::Text
    } else {
        return Err(Reject {
            source: file.rel.clone(),
            reason: "unsupported_format",
            detail: format!(
                "extension {ext:?} is not configured in input.text_extensions, jsonl_extensions or html_extensions"
            ),
        });
    };
    let handle = File::open(&file.path)
        .map(|inner| Counting {
            inner,
            count: count.clone(),
        })
        .map_err(|e| Reject {
            source: file.rel.clone(),
            reason: "unreadable",
            detail: format!("cannot open: {e}"),
        })?;
    let reader: Source = if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            BufReader::new(handle),
        )))
    } else {
        Box::new(BufReader::new(handle))
    };
    Ok(Some((format, reader)))
}

fn read_single(file: &InputFile, format: Format, reader: Source, cfg: &IngestConfig) -> Item {
    let reject = |reason: &'static str, detail: String| {
        Item::Reject(Reject {
            source: file.rel.clone(),
            reason,
            detail,
        })
    };
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(cfg.max_file_bytes + 1).read_to_end(&mut bytes) {
        let reason = if file.rel.to_lowercase().ends_with(".gz") {
            "corrupt_gzip"
        } else {
            "unreadable"
        };
        return reject(
            reason,
            format!("read failed after {} bytes: {e}", bytes.len()),
        );
    }
    if bytes.len() as u64 > cfg.max_file_bytes {
        return reject(
            "too_large",
            format!(
                "more than input.max_file_bytes = {} bytes",
                cfg.max_file_bytes
            ),
        );
    }
    let mut article = RawArticle {
        source: file.rel.clone(),
        origin: file.rel.clone(),
        ..Default::default()
    };
    match decode(bytes, cfg.max_doc_bytes, &mut article.flags) {
        Err((reason, detail)) => reject(reason, detail),
        Ok(text) => {
            if format == Format::Html {
                let (title, body) = html_to_text(&text);
                article.title = title;
                article.text = body;
                article.flags.push("html");
                if article.text.trim().is_empty() {
                    return reject("empty", "the HTML holds no text".into());
                }
            } else {
                article.text = text;
            }
            Item::Article(article)
        }
    }
}

/// Bytes → article text: rejects empty and binary content, repairs invalid UTF-8 (flagged), folds CRLF,
/// drops a BOM and truncates an oversized text at a line break (flagged).
pub fn decode(
    bytes: Vec<u8>,
    max_doc_bytes: usize,
    flags: &mut Vec<&'static str>,
) -> Result<String, (&'static str, String)> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(("empty", "no text (zero bytes or only whitespace)".into()));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
        .count();
    if head.contains(&0) || controls * 10 > head.len() {
        return Err((
            "binary",
            format!(
                "{controls} control bytes in the first {} bytes: not text",
                head.len()
            ),
        ));
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            flags.push("invalid_utf8");
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    if let Some(stripped) = text.strip_prefix('\u{feff}') {
        text = stripped.to_string();
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if text.len() > max_doc_bytes {
        let mut cut = max_doc_bytes;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(nl) = text[..cut].rfind('\n').filter(|&nl| nl > max_doc_bytes / 2) {
            cut = nl;
        } else if let Some(sp) = text[..cut].rfind(' ').filter(|&sp| sp > max_doc_bytes / 2) {
            cut = sp;
        }
        text.truncate(cut);
        flags.push("truncated");
    }
    Ok(text)
}
