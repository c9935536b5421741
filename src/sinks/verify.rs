//! `newsfacts verify`: checks a published snapshot against its manifest, and the tables against each
//! other, and says exactly what is wrong.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;

use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::layout::{Layout, files_under, pin_snapshot};
use super::manifest::Manifest;
use super::writer::read_parquet;
use crate::error::Result;
use crate::tables::spec::{ALL, STATE};

/// What `verify` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The snapshot checked.
    pub snapshot: String,
    /// Files checked.
    pub files: usize,
    /// Rows checked for duplicate ids.
    pub rows: u64,
    /// Problems, one sentence each; empty when the snapshot is sound.
    pub problems: Vec<String>,
    /// Findings that do not make the data wrong (a history entry the next run will restore).
    pub notes: Vec<String>,
}

fn sha256_of(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        h.update(&buf[..n]);
    }
    Ok((bytes, crate::text::hex(&h.finalize())))
}

/// Checks the snapshot `output` resolves to: every file of the manifest present with its size,
/// SHA-256 and rows; no file the manifest does not list; no two rows of a table with the same id;
/// the ledger and `articles` hold the same articles; the run is in the history.
///
/// # Errors
/// Only when there is no snapshot or its manifest cannot be read; every other finding is a problem.
pub fn verify(output: &Path) -> Result<Report> {
    // Pinned for the whole check: runs publishing meanwhile cannot rotate it out.
    let (dir, _pin) = pin_snapshot(output)?;
    let manifest = Manifest::read(&dir.join("manifest.json"))?;
    let mut report = Report {
        snapshot: dir.display().to_string(),
        ..Default::default()
    };
    let mut on_disk: BTreeSet<String> = files_under(&dir)
        .iter()
        .filter_map(|p| p.strip_prefix(&dir).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    on_disk.remove("manifest.json");
    for entry in &manifest.files {
        report.files += 1;
        let path = dir.join(&entry.path);
        if !on_disk.remove(&entry.path) {
            report.problems.push(format!(
                "{}: listed in the manifest but missing",
                entry.path
            ));
            continue;
        }
        match sha256_of(&path) {
            Err(e) => report
                .problems
                .push(format!("{}: unreadable: {e}", entry.path)),
            Ok((bytes, sha)) => {
                if bytes != entry.bytes {
                    report.problems.push(format!(
                        "{}: {bytes} bytes, the manifest says {}",
                        entry.path, entry.bytes
                    ));
                } else if sha != entry.sha256 {
                    report.problems.push(format!(
                        "{}: SHA-256 differs from the manifest (the file was changed or damaged)",
                        entry.path
                    ));
                }
            }
        }
        if entry.path.ends_with(".parquet") {
            match File::open(&path).map(|f| ParquetReader::new(f).num_rows()) {
                Ok(Ok(n)) if n as u64 == entry.rows => {}
                Ok(Ok(n)) => report.problems.push(format!(
                    "{}: {n} rows, the manifest says {}",
                    entry.path, entry.rows
                )),
                _ => report
                    .problems
                    .push(format!("{}: not a readable Parquet file", entry.path)),
            }
        }
    }
    for extra in on_disk {
        report
            .problems
            .push(format!("{extra}: in the snapshot but not in its manifest"));
    }
    let mut ledger_docs = BTreeSet::new();
    let mut article_docs = BTreeSet::new();
    for spec in ALL.iter().chain(STATE) {
        let keys = spec.key_columns();
        if keys.is_empty() {
            continue;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut dups = 0u64;
        let mut example = None;
        let prefix = format!("{}/", spec.dir());
        for entry in manifest
            .files
            .iter()
            .filter(|e| e.path.starts_with(&prefix) && e.path.ends_with(".parquet"))
        {
            // The ledger's doc ids come with its keys, in the same read.
            let mut wanted: Vec<&str> = keys.to_vec();
            if spec.name == "ledger" {
                wanted.push("doc_id");
            }
            let df = match read_parquet(&dir.join(&entry.path), Some(&wanted)) {
                Ok(df) => df,
                Err(e) => {
                    report
                        .problems
                        .push(format!("{}: cannot read its ids: {e}", entry.path));
                    continue;
                }
            };
            let columns: Vec<_> = keys
                .iter()
                .filter_map(|k| df.column(k).ok().and_then(|c| c.str().ok().cloned()))
                .collect();
            let ledger_doc = if spec.name == "ledger" {
                df.column("doc_id").ok().and_then(|c| c.str().ok().cloned())
            } else {
                None
            };
            for i in 0..df.height() {
                report.rows += 1;
                let key: Vec<&str> = columns.iter().map(|c| c.get(i).unwrap_or("")).collect();
                let key = key.join("\u{1f}");
                if spec.name == "articles" {
                    article_docs.insert(key.clone());
                }
                if let Some(d) = ledger_doc.as_ref().and_then(|c| c.get(i)) {
                    ledger_docs.insert(d.to_string());
                }
                if !seen.insert(key.clone()) {
                    dups += 1;
                    example.get_or_insert(key);
                }
            }
        }
        if dups > 0 {
            report.problems.push(format!(
                "{}: {dups} rows repeat the id ({}) of another row, e.g. {:?}",
                spec.name,
                keys.join(", "),
                example.unwrap_or_default()
            ));
        }
    }
    let only_ledger = ledger_docs.difference(&article_docs).count();
    let only_articles = article_docs.difference(&ledger_docs).count();
    if only_ledger + only_articles > 0 {
        report.problems.push(format!(
            "ledger and articles disagree: {only_ledger} articles only in the ledger, {only_articles} only in articles"
        ));
    }
    let layout = Layout::new(output);
    if output.join("runs").is_dir()
        && !layout
            .runs()
            .join(format!("{}.json", manifest.run_id))
            .is_file()
    {
        report.notes.push(format!(
            "runs/{}.json is missing: the run was stopped right after publishing; the next run writes it",
            manifest.run_id
        ));
    }
    Ok(report)
}
