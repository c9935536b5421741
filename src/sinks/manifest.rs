//! The manifest of a run: what it read, what it changed, what files make up the snapshot it
//! published (with rows and SHA-256), and how long each stage took. Written into the snapshot
//! (`manifest.json`) and into the history (`runs/<run_id>.json`); `newsfacts verify` checks a
//! snapshot against it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One file of a snapshot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// Path relative to the snapshot folder.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Rows (Parquet and CSV files).
    pub rows: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// Rows of one table.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct TableRows {
    /// Table name.
    pub table: String,
    /// Rows written by this run (new rows, and rows written again by a rewrite or a compaction).
    pub added: u64,
    /// Rows this run took out (of articles that changed or vanished, and rows it wrote again: a
    /// file rewritten for a duplicate status or merged by compaction counts in both columns).
    pub removed: u64,
    /// Rows in the snapshot.
    pub total: u64,
}

/// What the run found in its inputs.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct InputCounts {
    /// Files found under the inputs.
    pub files: u64,
    /// Files skipped because size and modification time are as the ledger has them.
    pub files_unchanged: u64,
    /// Items (articles or rejects) read from the other files.
    pub items_read: u64,
    /// Items not in the ledger before.
    pub new: u64,
    /// Items whose content changed since the ledger saw them (their rows were replaced).
    pub changed: u64,
    /// Items read again with the same content (skipped).
    pub unchanged: u64,
    /// Items that vanished from a file that changed (their rows were removed).
    pub removed: u64,
    /// Items rejected by this run.
    pub rejected: u64,
    /// Articles in the snapshot.
    pub articles_total: u64,
    /// Articles whose duplicate status changed because of this run's articles (rows rewritten).
    pub duplicate_status_changed: u64,
}

/// A run's manifest.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Manifest {
    /// Manifest format version.
    pub format: u32,
    /// Run id (`r000001`, counting up per output folder).
    pub run_id: String,
    /// `published`, `failed` or `interrupted`.
    pub status: String,
    /// `full`, `incremental` or `compact`.
    pub mode: String,
    /// The snapshot this run started from.
    pub previous_run: Option<String>,
    /// newsfacts version.
    pub version: String,
    /// SHA-256 of the whole effective configuration.
    pub config_hash: String,
    /// SHA-256 of the settings that change rows (input reading, cleaning, extraction); a run refuses
    /// to add to a snapshot written with other ones.
    pub extraction_hash: String,
    /// Start, UTC, RFC 3339.
    pub started_at: String,
    /// End, UTC, RFC 3339.
    pub finished_at: String,
    /// Wall time.
    pub duration_seconds: f64,
    /// Seconds per stage.
    pub stages: Vec<(String, f64)>,
    /// Input paths as given.
    pub inputs: Vec<String>,
    /// The folder input files are named relative to (absolute): the deepest folder holding every
    /// input. When it moves, every file gets a new name.
    #[serde(default)]
    pub input_base: String,
    /// Input counts.
    pub counts: InputCounts,
    /// Rows per table.
    pub tables: Vec<TableRows>,
    /// Every file of the snapshot.
    pub files: Vec<FileEntry>,
    /// Why the run failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Manifest {
    /// Reads a manifest file.
    ///
    /// # Errors
    /// Unreadable or not a manifest.
    pub fn read(path: &Path) -> Result<Manifest> {
        let text = fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Writes the manifest to `path` atomically (temporary file, fsync, rename).
    ///
    /// # Errors
    /// A write error.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json =
            serde_json::to_string_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        write_atomic(path, (json + "\n").as_bytes())
    }
}

/// Writes a small file atomically: a reader sees the old content or the new, never a part.
///
/// # Errors
/// A write error.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err)?;
    }
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let mut f = fs::File::create(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    fs::rename(&tmp, path).map_err(err)?;
    Ok(())
}

/// Every run's manifest from `runs/`, oldest first.
pub fn history(runs_dir: &Path) -> Vec<Manifest> {
    let mut out: Vec<Manifest> = fs::read_dir(runs_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| Manifest::read(&e.path()).ok())
        .collect();
    out.sort_by_key(|m| super::layout::run_number(&m.run_id));
    out
}
