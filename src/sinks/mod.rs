//! Sinks: frames → files. Parquet parts under `<staging>/<table>/part-NNNNN.parquet` and a CSV mirror
//! under `<staging>/csv/<table>.csv`; then a manifest, then the staging folder is swapped into place.
//! This is one of the two stages allowed to do IO (the other is `ingest`).
//!
//! **Invariant:** nothing is written into the output folder itself until the run has finished: an
//! interrupted run leaves the previous output untouched (plus a `.staging-*` folder the next run removes).

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars_utils::compression::ZstdLevel;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::SinkConfig;
use crate::error::{Error, Result};
use crate::tables::spec::{ALL, TableSpec};

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn polars_err(table: &'static str) -> impl Fn(PolarsError) -> Error {
    move |e| Error::Table {
        table,
        message: e.to_string(),
    }
}

/// Writes the tables of one run into a staging folder.
pub struct Writer {
    staging: PathBuf,
    cfg: SinkConfig,
    parts: Vec<usize>,
    rows: Vec<usize>,
}

impl Writer {
    /// Creates `<output>.staging-<pid>` next to the output folder (removing stale staging folders).
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn create(output: &Path, cfg: &SinkConfig) -> Result<Writer> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(write_err(parent))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                let pid = n
                    .strip_prefix(&format!(".{name}.staging-"))
                    .or_else(|| n.strip_prefix(&format!(".{name}.old-")));
                // Left behind by a run that died; a live run's folder is not touched (its process exists).
                if let Some(pid) = pid {
                    let alive = pid.parse::<u32>().is_ok_and(|p| {
                        p != std::process::id() && Path::new(&format!("/proc/{p}")).exists()
                    });
                    if !alive {
                        let _ = fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fs::create_dir_all(staging.join("csv")).map_err(write_err(&staging))?;
        for t in ALL {
            let dir = staging.join(t.name);
            fs::create_dir_all(&dir).map_err(write_err(&dir))?;
        }
        Ok(Writer {
            staging,
            cfg: cfg.clone(),
            parts: vec![0; ALL.len()],
            rows: vec![0; ALL.len()],
        })
    }

    /// Appends one batch of one table: a new Parquet part and rows of the CSV mirror.
    ///
    /// # Errors
    /// A write error (disk full, permissions).
    pub fn append(&mut self, spec: &'static TableSpec, df: &mut DataFrame) -> Result<()> {
        let index = ALL
            .iter()
            .position(|t| t.name == spec.name)
            .ok_or_else(|| Error::Internal(format!("unknown table {}", spec.name)))?;
        if df.height() == 0 && self.parts[index] > 0 {
            return Ok(());
        }
        let path = self
            .staging
            .join(spec.name)
            .join(format!("part-{:05}.parquet", self.parts[index]));
        let file = File::create(&path).map_err(write_err(&path))?;
        let level = ZstdLevel::try_new(self.cfg.zstd_level).map_err(polars_err(spec.name))?;
        ParquetWriter::new(BufWriter::new(file))
            .with_compression(ParquetCompression::Zstd(Some(level)))
            .with_statistics(StatisticsOptions::full())
            .set_parallel(false)
            .finish(df)
            .map_err(polars_err(spec.name))?;
        self.parts[index] += 1;
        if self.cfg.csv {
            let path = self.staging.join("csv").join(format!("{}.csv", spec.name));
            let first = self.rows[index] == 0 && !path.exists();
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(write_err(&path))?;
            let mut w = BufWriter::new(file);
            CsvWriter::new(&mut w)
                .include_header(first)
                .with_line_terminator("\r\n".into())
                .with_datetime_format(Some("%Y-%m-%dT%H:%M:%S%.3fZ".into()))
                .n_threads(1)
                .finish(df)
                .map_err(polars_err(spec.name))?;
            w.flush().map_err(write_err(&path))?;
        }
        self.rows[index] += df.height();
        Ok(())
    }

    /// Rows written per table, in `ALL` order.
    pub fn rows(&self) -> Vec<(&'static str, usize)> {
        ALL.iter()
            .zip(&self.rows)
            .map(|(t, n)| (t.name, *n))
            .collect()
    }

    /// Writes the manifest and swaps the staging folder into `output`.
    ///
    /// # Errors
    /// A write or rename error; the previous output is then left in place.
    pub fn publish(self, output: &Path, manifest: &mut Manifest) -> Result<()> {
        manifest.rows = self
            .rows()
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        manifest.files = checksums(&self.staging)?;
        let path = self.staging.join("manifest.json");
        let json =
            serde_json::to_string_pretty(manifest).map_err(|e| Error::Internal(e.to_string()))?;
        fs::write(&path, json + "\n").map_err(write_err(&path))?;
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if output.exists() {
            fs::rename(output, &old).map_err(write_err(output))?;
        }
        fs::rename(&self.staging, output).map_err(write_err(output))?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(write_err(&old))?;
        }
        Ok(())
    }
}

/// What a run wrote, for people and for `verify` later.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Manifest {
    /// newsfacts version.
    pub version: String,
    /// SHA-256 of the effective configuration.
    pub config_hash: String,
    /// Input paths as given.
    pub inputs: Vec<String>,
    /// Files found under the inputs.
    pub input_files: usize,
    /// Articles read.
    pub documents: usize,
    /// Inputs rejected.
    pub rejected: usize,
    /// Rows per table.
    pub rows: Vec<(String, usize)>,
    /// Every file written, relative to the output folder, with its size and SHA-256.
    pub files: Vec<FileEntry>,
}

/// One output file.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// Path relative to the output folder.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

fn checksums(root: &Path) -> Result<Vec<FileEntry>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir)
            .map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let mut h = Sha256::new();
            let mut f = File::open(&p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })?;
            let mut buf = vec![0u8; 1 << 16];
            let mut bytes = 0u64;
            loop {
                let n = f.read(&mut buf).map_err(|source| Error::Read {
                    path: p.clone(),
                    source,
                })?;
                if n == 0 {
                    break;
                }
                bytes += n as u64;
                h.update(&buf[..n]);
            }
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(FileEntry {
                path: rel,
                bytes,
                sha256: crate::config::hex(&h.finalize()),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
