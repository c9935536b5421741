//! State across runs: the ledger (one row per input item the output holds) and the input-file
//! records. A run reads them to skip what it has seen, to replace what changed, and to recompute the
//! cross-article tables (duplicates, entities, event clusters) over every article without reading
//! the articles again. Both are ordinary tables of the snapshot (`_state/`), so they are published,
//! checksummed and rolled back together with the data they describe.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use sha2::{Digest, Sha256};

use crate::cluster::EventRecord;
use crate::dedup::Signature;
use crate::error::{Error, Result};
use crate::link::Contribution;
use crate::model::RawArticle;
use crate::model::{Doc, DuplicateOf, Reject};
use crate::sinks::Writer;
use crate::tables::build::{TableBuilder, Value};
use crate::tables::spec::{INPUT_FILES, LEDGER, NULL_PARTITION};

/// The partition month of an article: `YYYY-MM` of its publication date.
pub fn month_of(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// SHA-256 of everything read for an article: a different value means the article changed.
pub fn item_hash(raw: &RawArticle) -> String {
    let mut h = Sha256::new();
    for part in [
        Some(raw.origin.as_str()),
        Some(raw.text.as_str()),
        raw.title.as_deref(),
        raw.published.as_deref(),
        raw.url.as_deref(),
        raw.author.as_deref(),
        raw.outlet.as_deref(),
    ] {
        h.update(part.unwrap_or("\u{0}absent").as_bytes());
        h.update([0xff]);
    }
    for f in &raw.flags {
        h.update(f.as_bytes());
    }
    crate::text::hex(&h.finalize())
}

/// SHA-256 of a reject (origin, reason and detail).
pub fn reject_hash(r: &Reject) -> String {
    let mut h = Sha256::new();
    h.update(r.source.as_bytes());
    h.update([0xff]);
    h.update(r.reason.as_bytes());
    h.update([0xff]);
    h.update(r.detail.as_bytes());
    crate::text::hex(&h.finalize())
}

/// Splits an origin into its file and line, given the files the run lists (`path:line` for JSON Lines).
pub fn split_origin(origin: &str, known_files: &BTreeSet<String>) -> (String, i64) {
    if known_files.contains(origin) {
        return (origin.to_string(), 0);
    }
    if let Some((file, line)) = origin.rsplit_once(':')
        && let Ok(n) = line.parse::<i64>()
    {
        return (file.to_string(), n);
    }
    (origin.to_string(), 0)
}

/// A ledger row about to be written.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    /// `path` or `path:line`.
    pub origin: String,
    /// The file.
    pub origin_file: String,
    /// The line (0 for whole files).
    pub origin_line: i64,
    /// What was read, hashed.
    pub item_sha256: String,
    /// The article, if it is one.
    pub doc_id: Option<String>,
    /// The run.
    pub run_id: String,
    /// Publication date.
    pub published_date: Option<NaiveDate>,
    /// Dedup signature.
    pub signature: Option<Signature>,
    /// Duplicate status as written.
    pub duplicate: Option<DuplicateOf>,
    /// Entity contributions, JSON.
    pub entities: Option<String>,
    /// Event records, JSON.
    pub events: Option<String>,
}

impl LedgerRow {
    /// The row of a reject: no article, so no id, signature or facts.
    pub fn reject(
        r: &Reject,
        (origin_file, origin_line): (String, i64),
        run_id: &str,
    ) -> LedgerRow {
        LedgerRow {
            origin: r.source.clone(),
            origin_file,
            origin_line,
            item_sha256: reject_hash(r),
            doc_id: None,
            run_id: run_id.to_string(),
            published_date: None,
            signature: None,
            duplicate: None,
            entities: None,
            events: None,
        }
    }

    /// The row of an article.
    pub fn article(
        doc: &Doc,
        item_sha256: String,
        (origin_file, origin_line): (String, i64),
        run_id: &str,
        signature: Signature,
        contributions: &[Contribution],
        events: &[EventRecord],
    ) -> LedgerRow {
        LedgerRow {
            origin: doc.origin.clone(),
            origin_file,
            origin_line,
            item_sha256,
            doc_id: Some(doc.id.clone()),
            run_id: run_id.to_string(),
            published_date: doc.meta.published_date,
            signature: Some(signature),
            duplicate: doc.duplicate.clone(),
            entities: (!contributions.is_empty())
                .then(|| serde_json::to_string(contributions).unwrap_or_default()),
            events: (!events.is_empty()).then(|| serde_json::to_string(events).unwrap_or_default()),
        }
    }

    /// Appends the row to a ledger table.
    pub fn push(&self, b: &mut TableBuilder) {
        let sig = self.signature.as_ref();
        b.push(vec![
            Value::Str(Some(self.origin.clone())),
            Value::Str(Some(self.origin_file.clone())),
            Value::I64(Some(self.origin_line)),
            Value::Str(Some(self.item_sha256.clone())),
            Value::Str(self.doc_id.clone()),
            Value::Str(Some(self.run_id.clone())),
            Value::Date(self.published_date),
            Value::I64(sig.map(|s| s.words() as i64)),
            Value::Str(sig.map(Signature::exact_hex)),
            Value::Str(sig.and_then(Signature::minhash_hex)),
            Value::Str(self.duplicate.as_ref().map(|d| d.doc_id.clone())),
            Value::Str(self.duplicate.as_ref().map(|d| d.kind.to_string())),
            Value::F32(self.duplicate.as_ref().map(|d| d.similarity)),
            Value::Str(self.entities.clone()),
            Value::Str(self.events.clone()),
        ]);
    }
}

/// What the ledger knows about one item.
#[derive(Debug, Clone)]
pub struct Known {
    /// Hash of what was read.
    pub item_sha256: String,
    /// The file.
    pub origin_file: String,
    /// The article id (none for a reject).
    pub doc_id: Option<String>,
    /// Partition month of the article.
    pub month: Option<String>,
}

/// One article as dedup sees it across runs.
#[derive(Debug, Clone)]
pub struct DedupEntry {
    /// Input order: file, then line.
    pub order: (String, i64),
    /// `path` or `path:line`.
    pub origin: String,
    /// Article id.
    pub doc_id: String,
    /// Partition month.
    pub month: Option<String>,
    /// Signature.
    pub signature: Signature,
    /// Duplicate status as written.
    pub status: Option<DuplicateOf>,
}

/// The state a run starts from.
#[derive(Debug, Default)]
pub struct Previous {
    /// Items by origin.
    pub items: HashMap<String, Known>,
    /// Input files by path: size and modification time when last read.
    pub files: BTreeMap<String, (i64, i64, String)>,
    /// Every article's dedup entry.
    pub dedup: Vec<DedupEntry>,
}

fn str_col(df: &DataFrame, name: &str) -> Result<StringChunked> {
    df.column(name)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::Internal(format!("ledger column {name}: {e}")))
}

fn i64_col(df: &DataFrame, name: &str) -> Result<Int64Chunked> {
    df.column(name)
        .and_then(|c| c.i64().cloned())
        .map_err(|e| Error::Internal(format!("ledger column {name}: {e}")))
}

fn date_values(df: &DataFrame, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    let c = df
        .column(name)
        .and_then(|c| c.date().cloned())
        .map_err(|e| Error::Internal(format!("ledger column {name}: {e}")))?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let days = c.physical();
    Ok((0..days.len())
        .map(|i| {
            days.get(i)
                .map(|d| epoch + chrono::Duration::days(i64::from(d)))
        })
        .collect())
}

fn duplicate_of(
    of: Option<&str>,
    kind: Option<&str>,
    similarity: Option<f32>,
) -> Option<DuplicateOf> {
    let kind = match kind? {
        "exact" => "exact",
        _ => "near",
    };
    Some(DuplicateOf {
        doc_id: of?.to_string(),
        kind,
        similarity: similarity.unwrap_or(1.0),
    })
}

/// Reads the input files (and, with `ledger`, the ledger) of the snapshot being built, before this
/// run adds to it.
///
/// # Errors
/// A damaged state file.
pub fn load(writer: &Writer, ledger: bool) -> Result<Previous> {
    let mut prev = Previous::default();
    let columns = [
        "origin",
        "origin_file",
        "origin_line",
        "item_sha256",
        "doc_id",
        "published_date",
        "words",
        "exact_hash",
        "minhash",
        "duplicate_of",
        "duplicate_kind",
        "duplicate_similarity",
    ];
    let ledger_files = if ledger {
        writer.table_files(&LEDGER, None)
    } else {
        Vec::new()
    };
    for rel in ledger_files {
        let df = writer.read(&rel, Some(&columns))?;
        let origin = str_col(&df, "origin")?;
        let file = str_col(&df, "origin_file")?;
        let line = i64_col(&df, "origin_line")?;
        let sha = str_col(&df, "item_sha256")?;
        let doc = str_col(&df, "doc_id")?;
        let dates = date_values(&df, "published_date")?;
        let words = i64_col(&df, "words")?;
        let exact = str_col(&df, "exact_hash")?;
        let minhash = str_col(&df, "minhash")?;
        let dup_of = str_col(&df, "duplicate_of")?;
        let dup_kind = str_col(&df, "duplicate_kind")?;
        let dup_sim = df
            .column("duplicate_similarity")
            .and_then(|c| c.f32().cloned())
            .map_err(|e| Error::Internal(e.to_string()))?;
        for (i, date) in dates.iter().enumerate() {
            let origin_i = origin.get(i).unwrap_or_default().to_string();
            let month = month_of(*date);
            if let (Some(d), Some(w), Some(x)) = (doc.get(i), words.get(i), exact.get(i)) {
                let signature =
                    Signature::from_parts(w as usize, x, minhash.get(i)).ok_or_else(|| {
                        Error::Corrupt {
                            path: writer.staging().join(&rel),
                            message: format!("the dedup signature of {origin_i} is malformed"),
                        }
                    })?;
                prev.dedup.push(DedupEntry {
                    order: (
                        file.get(i).unwrap_or_default().to_string(),
                        line.get(i).unwrap_or(0),
                    ),
                    origin: origin_i.clone(),
                    doc_id: d.to_string(),
                    month: month.clone(),
                    signature,
                    status: duplicate_of(dup_of.get(i), dup_kind.get(i), dup_sim.get(i)),
                });
            }
            prev.items.insert(
                origin_i,
                Known {
                    item_sha256: sha.get(i).unwrap_or_default().to_string(),
                    origin_file: file.get(i).unwrap_or_default().to_string(),
                    doc_id: doc.get(i).map(str::to_string),
                    month,
                },
            );
        }
    }
    for rel in writer.table_files(&INPUT_FILES, None) {
        let df = writer.read(&rel, None)?;
        let path = str_col(&df, "path")?;
        let bytes = i64_col(&df, "bytes")?;
        let modified = i64_col(&df, "modified_ns")?;
        let run = str_col(&df, "run_id")?;
        for i in 0..df.height() {
            prev.files.insert(
                path.get(i).unwrap_or_default().to_string(),
                (
                    bytes.get(i).unwrap_or(-1),
                    modified.get(i).unwrap_or(-1),
                    run.get(i).unwrap_or_default().to_string(),
                ),
            );
        }
    }
    Ok(prev)
}

/// Streams the entity contributions and event records of every article in the snapshot, one ledger
/// file at a time (memory holds one file, not the corpus).
///
/// # Errors
/// A damaged ledger file.
pub fn for_each_article(
    writer: &Writer,
    mut f: impl FnMut(&str, Option<NaiveDate>, Vec<Contribution>, Vec<EventRecord>),
) -> Result<()> {
    for rel in writer.table_files(&LEDGER, None) {
        let df = writer.read(
            &rel,
            Some(&["doc_id", "published_date", "entities", "events"]),
        )?;
        let doc = str_col(&df, "doc_id")?;
        let dates = date_values(&df, "published_date")?;
        let entities = str_col(&df, "entities")?;
        let events = str_col(&df, "events")?;
        let corrupt = |m: serde_json::Error| Error::Corrupt {
            path: writer.staging().join(&rel),
            message: m.to_string(),
        };
        for (i, date) in dates.iter().enumerate() {
            let Some(d) = doc.get(i) else { continue };
            let contributions = match entities.get(i) {
                Some(j) => serde_json::from_str(j).map_err(corrupt)?,
                None => Vec::new(),
            };
            let records = match events.get(i) {
                Some(j) => serde_json::from_str(j).map_err(corrupt)?,
                None => Vec::new(),
            };
            f(d, *date, contributions, records);
        }
    }
    Ok(())
}

/// The input-files table: the previous records (less the `missing` files whose rows were pruned),
/// updated for the files this run read.
pub fn input_files_table(
    previous: &BTreeMap<String, (i64, i64, String)>,
    read: &BTreeMap<String, (i64, i64)>,
    missing: &std::collections::BTreeSet<String>,
    run_id: &str,
) -> Result<DataFrame> {
    let mut b = TableBuilder::new(&INPUT_FILES);
    let mut all: BTreeMap<&str, (i64, i64, &str)> = previous
        .iter()
        .filter(|(p, _)| !missing.contains(*p))
        .map(|(p, (s, m, r))| (p.as_str(), (*s, *m, r.as_str())))
        .collect();
    for (p, (s, m)) in read {
        all.insert(p.as_str(), (*s, *m, run_id));
    }
    for (p, (s, m, r)) in all {
        b.push(vec![
            Value::Str(Some(p.to_string())),
            Value::I64(Some(s)),
            Value::I64(Some(m)),
            Value::Str(Some(r.to_string())),
        ]);
    }
    b.finish()
}

/// The partition month an item's rows live in (`None` = the null partition).
pub fn partition_key(month: &Option<String>) -> &str {
    month.as_deref().unwrap_or(NULL_PARTITION)
}
