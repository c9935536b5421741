//! Ingest: input paths → a stream of `RawArticle`s or `Reject`s, in a deterministic order.
//!
//! Folders are walked recursively and files visited in sorted path order. Text and HTML files are one
//! article each; JSON Lines files are streamed line by line, so memory never holds more than one file's
//! line at a time. Gzip (`.gz`) is decompressed transparently. Every problem with one input (unreadable,
//! empty, binary, oversized, malformed line, truncated gzip) becomes a `Reject`; nothing here fails the run.
//! This is one of the two stages allowed to do IO (the other is `sinks`).

mod decode;
mod html;
mod jsonl;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
pub use crate::model::RawArticle;
use crate::model::Reject;
use serde::Deserialize;

pub use html::html_to_text;

/// `[input]` of the config file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct InputSettings {
    pub paths: Vec<PathBuf>,
    pub text_extensions: Vec<String>,
    pub jsonl_extensions: Vec<String>,
    pub html_extensions: Vec<String>,
    pub batch_size: usize,
    pub batch_bytes: usize,
    pub max_doc_bytes: usize,
    pub max_file_bytes: u64,
    pub prune_missing: bool,
    pub fields: FieldNames,
}

/// `[input.fields]`: JSON Lines field names, tried in order.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FieldNames {
    pub text: Vec<String>,
    pub id: Vec<String>,
    pub url: Vec<String>,
    pub title: Vec<String>,
    pub published: Vec<String>,
    pub source: Vec<String>,
    pub author: Vec<String>,
}

/// What `ingest` needs.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct IngestConfig {
    pub text_extensions: Vec<String>,
    pub jsonl_extensions: Vec<String>,
    pub html_extensions: Vec<String>,
    pub batch_size: usize,
    pub batch_bytes: usize,
    pub max_doc_bytes: usize,
    pub max_file_bytes: u64,
    pub fields: FieldNames,
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
/// in the output, and rejects for entries that cannot be read as files.
///
/// Every file is named by its path relative to the deepest folder that holds all inputs (with one
/// folder given, relative to that folder; with `-i feedA -i feedB`, `feedA/story.txt` and
/// `feedB/story.txt`), so two different files never share a name. Folders are walked without
/// following a symlink back into a folder already listed (device and inode), `output` is skipped
/// when it lies inside an input, and only regular files are listed: FIFOs, sockets and devices become
/// rejects without being opened.
///
/// # Errors
/// An input path that does not exist (a user error that stops the run before it starts), or two
/// inputs that would still get one name (file names whose bytes are not UTF-8 escaped to the same
/// text): `Error::InputCollision` naming both. A glob that matches nothing is not an error: a
/// scheduled run may find no new files.
pub fn discover(
    inputs: &[PathBuf],
    output: Option<&Path>,
) -> Result<(Vec<InputFile>, Vec<Reject>)> {
    let roots = roots(inputs)?;
    let base = common_folder(roots.iter().map(|(b, _)| b.as_path()));
    let mut walk = Walk {
        base,
        skip: output.and_then(|o| identity(o).ok()),
        output: output.map(absolute),
        seen_dirs: HashSet::new(),
        ancestors: Vec::new(),
        deferred: Vec::new(),
        files: Vec::new(),
        rejects: Vec::new(),
    };
    for (_, paths) in &roots {
        for path in paths {
            walk.visit(path);
        }
    }
    // Symlinked folders last, so a folder is named by its real path when it has one.
    while !walk.deferred.is_empty() {
        let mut deferred = std::mem::take(&mut walk.deferred);
        deferred.sort();
        for (path, ancestors) in deferred {
            walk.ancestors = ancestors;
            walk.visit_dir(&path);
        }
    }
    let Walk {
        mut files, rejects, ..
    } = walk;
    // One global order, whatever the order of the inputs: it decides which of two copies is the
    // original, and incremental runs recompute duplicates in this order.
    files.sort_by(|a, b| a.rel.cmp(&b.rel).then(a.path.cmp(&b.path)));
    files.dedup_by(|a, b| a.rel == b.rel && absolute(&a.path) == absolute(&b.path));
    check_names(&files)?;
    Ok((files, rejects))
}

/// The folder that input files are named relative to: the deepest folder that holds every input
/// (a folder input, the folder of a file input, the part of a glob before its first wildcard).
///
/// # Errors
/// As `discover`.
pub fn naming_base(inputs: &[PathBuf]) -> Result<PathBuf> {
    let roots = roots(inputs)?;
    Ok(common_folder(roots.iter().map(|(b, _)| b.as_path())))
}

/// Each input with the folder its names start from (absolute) and the paths it stands for (itself,
/// or the sorted matches of a glob).
fn roots(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, Vec<PathBuf>)>> {
    let mut roots = Vec::new();
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
            let mut matched: Vec<PathBuf> = paths.flatten().collect();
            matched.sort();
            roots.push((absolute(&base), matched));
            continue;
        }
        let meta = std::fs::metadata(root).map_err(|_| Error::MissingInput(root.clone()))?;
        let base = if meta.is_dir() {
            root.clone()
        } else {
            root.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        roots.push((absolute(&base), vec![root.clone()]));
    }
    Ok(roots)
}

/// Refuses two files with one name, and a file named like a line of a JSON Lines file
/// (`feed.jsonl:3`): the ledger keys items by `path` and `path:line`.
fn check_names(files: &[InputFile]) -> Result<()> {
    let collision = |first: &InputFile, second: &InputFile| Error::InputCollision {
        name: second.rel.clone(),
        first: first.path.clone(),
        second: second.path.clone(),
    };
    for pair in files.windows(2) {
        if pair[0].rel == pair[1].rel {
            return Err(collision(&pair[0], &pair[1]));
        }
    }
    let by_name: std::collections::HashMap<&str, &InputFile> =
        files.iter().map(|f| (f.rel.as_str(), f)).collect();
    for f in files {
        if let Some((file, line)) = f.rel.rsplit_once(':')
            && line.parse::<u64>().is_ok()
            && let Some(other) = by_name.get(file)
        {
            return Err(collision(other, f));
        }
    }
    Ok(())
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically
/// (symlinks are not resolved: names follow the paths the user gave).
fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The deepest folder that holds every path of `folders` (all absolute).
fn common_folder<'p>(folders: impl Iterator<Item = &'p Path>) -> PathBuf {
    let mut common: Option<Vec<Component<'p>>> = None;
    for folder in folders {
        let parts: Vec<Component<'p>> = folder.components().collect();
        common = Some(match common {
            None => parts,
            Some(c) => c
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.unwrap_or_default().into_iter().collect()
}

/// A path's name in the output: relative to `base`, `/`-separated. Bytes that are not UTF-8 are
/// written `%XX`, so two names that differ only there stay two names.
fn rel_to(base: &Path, path: &Path) -> String {
    rel_of_absolute(base, &absolute(path))
}

fn rel_of_absolute(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| escape_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

fn escape_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// Device and inode: one folder however it is reached.
fn identity(path: &Path) -> std::io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok((0, 0))
    }
}

/// Why a path that is neither a folder nor a regular file is not read.
fn special_file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// The state of one listing of the inputs.
struct Walk {
    /// Files are named relative to this folder.
    base: PathBuf,
    /// The output folder (device and inode, and its absolute path), never read as input.
    skip: Option<(u64, u64)>,
    output: Option<PathBuf>,
    /// Every folder listed so far: a folder reached again (a symlink, a nested input) is not listed twice.
    seen_dirs: HashSet<(u64, u64)>,
    /// The folders being listed, outermost first: reaching one of them again is a symlink loop.
    ancestors: Vec<(u64, u64)>,
    /// Symlinks to folders, with the folders that held them: listed after every real folder.
    deferred: Vec<(PathBuf, Vec<(u64, u64)>)>,
    files: Vec<InputFile>,
    rejects: Vec<Reject>,
}

impl Walk {
    fn reject(&mut self, path: &Path, reason: &'static str, detail: String) {
        self.rejects.push(Reject {
            source: rel_to(&self.base, path),
            reason,
            detail,
        });
    }

    /// Lists `path`: a regular file, a folder (recursively) or a reject.
    fn visit(&mut self, path: &Path) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let detail = if std::fs::symlink_metadata(path).is_ok() {
                    format!("a symlink whose target cannot be read: {e}")
                } else {
                    format!("cannot read its metadata: {e}")
                };
                return self.reject(path, "unreadable", detail);
            }
        };
        if meta.is_file() {
            let abs = absolute(path);
            // A glob can reach into the output folder without walking it.
            if !self.output.as_ref().is_some_and(|o| abs.starts_with(o)) {
                self.files.push(InputFile {
                    rel: rel_of_absolute(&self.base, &abs),
                    path: path.to_path_buf(),
                });
            }
        } else if meta.is_dir() {
            let symlink = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if symlink {
                self.deferred
                    .push((path.to_path_buf(), self.ancestors.clone()));
            } else {
                self.visit_dir(path);
            }
        } else {
            let kind = special_file_kind(&meta);
            self.reject(
                path,
                "not_a_file",
                format!("{kind}: only regular files are read (it was not opened)"),
            );
        }
    }

    fn visit_dir(&mut self, dir: &Path) {
        let id = match identity(dir) {
            Ok(id) => id,
            Err(e) => return self.reject(dir, "unreadable", format!("cannot read folder: {e}")),
        };
        if Some(id) == self.skip {
            tracing::info!(folder = %dir.display(), "the output folder lies inside an input: not read");
            return;
        }
        if self.ancestors.contains(&id) {
            return self.reject(
                dir,
                "symlink_loop",
                "a symlink to a folder that contains it: not followed".into(),
            );
        }
        if !self.seen_dirs.insert(id) {
            tracing::debug!(folder = %dir.display(), "folder already listed under another path");
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.reject(dir, "unreadable", format!("cannot list folder: {e}")),
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        self.ancestors.push(id);
        for path in paths {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                self.visit(&path);
            }
        }
        self.ancestors.pop();
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
                    let (reader, encoding) = without_bom(reader);
                    self.current = Some(jsonl::JsonlFile::new(file.rel.clone(), reader, encoding));
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
    let handle = open_regular(&file.path)
        .map(|inner| Counting {
            inner,
            count: count.clone(),
        })
        .map_err(|(reason, detail)| Reject {
            source: file.rel.clone(),
            reason,
            detail,
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

/// Opens a file for reading only if it is a regular file. The open does not block (a FIFO that
/// replaced the file after listing would otherwise wait for a writer forever), and the check is made
/// on the opened handle, so nothing can swap the file in between.
fn open_regular(path: &Path) -> Result<File, (&'static str, String)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| ("unreadable", format!("cannot open: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| ("unreadable", format!("cannot read its metadata: {e}")))?;
    if !meta.is_file() {
        let kind = special_file_kind(&meta);
        return Err(("not_a_file", format!("{kind}: only regular files are read")));
    }
    Ok(file)
}

/// A JSON Lines stream without its byte order mark: a UTF-8 BOM is skipped, and UTF-16 (LE or BE,
/// with a BOM) is decoded to UTF-8 on the fly, so line 1 parses like every other line.
/// Returns the flag its articles get when the file was not UTF-8.
fn without_bom(mut reader: Source) -> (Source, Option<&'static str>) {
    let bom = match reader.fill_buf() {
        Ok(head) => encoding_rs::Encoding::for_bom(head),
        Err(_) => None,
    };
    match bom {
        None => (reader, None),
        Some((encoding, len)) if encoding == encoding_rs::UTF_8 => {
            reader.consume(len);
            (reader, None)
        }
        Some((encoding, _)) => (
            Box::new(BufReader::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .bom_sniffing(true)
                    .build(reader),
            )),
            Some(decode::encoding_flag(encoding)),
        ),
    }
}

fn read_single(file: &InputFile, format: Format, reader: Source, cfg: &IngestConfig) -> Item {
    let reject = |(reason, detail): decode::Refusal| {
        Item::Reject(Reject {
            source: file.rel.clone(),
            reason,
            detail,
        })
    };
    let gzip = file.rel.to_lowercase().ends_with(".gz");
    let bytes = match decode::read_limited(reader, cfg.max_file_bytes, gzip) {
        Ok(bytes) => bytes,
        Err(refusal) => return reject(refusal),
    };
    if bytes.len() as u64 > cfg.max_file_bytes {
        return reject((
            "too_large",
            format!(
                "more than input.max_file_bytes = {} bytes",
                cfg.max_file_bytes
            ),
        ));
    }
    let mut article = RawArticle {
        source: file.rel.clone(),
        origin: file.rel.clone(),
        ..Default::default()
    };
    let text = match decode::bytes_to_text(bytes, &mut article.flags) {
        Ok(text) => text,
        Err(refusal) => return reject(refusal),
    };
    let text = if format == Format::Html {
        // Tags, scripts, styles and inline data go first: the length limit applies to the text.
        let (title, body) = html_to_text(&text);
        drop(text);
        article.title = title
            .map(decode::text_only)
            .filter(|t| !t.trim().is_empty());
        article.flags.push("html");
        let body = decode::text_only(body);
        if body.trim().is_empty() {
            return reject(("empty", "the HTML holds no text".into()));
        }
        body
    } else {
        text
    };
    article.text = decode::cut_to_limit(text, cfg.max_doc_bytes, &mut article.flags);
    Item::Article(article)
}

/// Bytes → article text, as for a text file: see `decode::bytes_to_text`; a text over
/// `max_doc_bytes` is cut at a line break and flagged `truncated`.
pub fn decode(
    bytes: Vec<u8>,
    max_doc_bytes: usize,
    flags: &mut Vec<&'static str>,
) -> Result<String, (&'static str, String)> {
    let text = decode::bytes_to_text(bytes, flags)?;
    Ok(decode::cut_to_limit(text, max_doc_bytes, flags))
}
