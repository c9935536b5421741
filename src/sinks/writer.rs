//! The staging snapshot of one run: inherited files (hard links), new parts, copy-on-write rewrites,
//! compaction, and the publish that makes it `current`.
//!
//! **Invariants:** a file, once closed, is never modified (so snapshots can share it by hard link);
//! nothing under `snapshots/` or `current` changes until `publish`; every file of a published
//! snapshot is in its manifest with its rows and SHA-256.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use polars_utils::compression::ZstdLevel;
use sha2::{Digest, Sha256};

use super::layout::{Layout, sync_dir};
use super::manifest::{FileEntry, Manifest, TableRows};
use crate::error::{Error, Result};
use crate::tables::spec::{ALL, NULL_PARTITION, PARTITION_COLUMN, STATE, Storage, TableSpec};

/// Sink settings.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct SinkConfig {
    pub csv: bool,
    pub zstd_level: i32,
    pub fsync: bool,
}

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

/// A file being written: buffers, hashes what reaches the disk, and reports write errors (a
/// `BufWriter` dropped by polars would swallow the last one).
struct Sink {
    file: File,
    buf: Vec<u8>,
    hasher: Sha256,
    bytes: u64,
}

const SINK_BUFFER: usize = 1 << 16;

impl Sink {
    fn drain(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        crate::failpoint::hit("write")?;
        self.file.write_all(&self.buf)?;
        self.hasher.update(&self.buf);
        self.bytes += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

#[derive(Clone)]
struct SharedSink(Arc<Mutex<Sink>>);

impl SharedSink {
    fn create(path: &Path) -> Result<SharedSink> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        let file = File::create(path).map_err(write_err(path))?;
        Ok(SharedSink(Arc::new(Mutex::new(Sink {
            file,
            buf: Vec::with_capacity(SINK_BUFFER),
            hasher: Sha256::new(),
            bytes: 0,
        }))))
    }

    /// Flushes, optionally fsyncs, and returns size and SHA-256.
    fn close(&self, fsync: bool) -> std::io::Result<(u64, String)> {
        let mut s = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        s.drain()?;
        if fsync {
            s.file.sync_all()?;
        }
        let digest = std::mem::take(&mut s.hasher).finalize();
        Ok((s.bytes, crate::text::hex(&digest)))
    }
}

impl Write for SharedSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut s = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        s.buf.extend_from_slice(buf);
        if s.buf.len() >= SINK_BUFFER {
            s.drain()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .drain()
    }
}

struct OpenPart {
    spec: &'static TableSpec,
    parquet: polars::io::parquet::write::BatchedWriter<SharedSink>,
    parquet_sink: SharedSink,
    parquet_rel: String,
    csv: Option<(SharedSink, String)>,
    rows: u64,
    last_used: u64,
}

/// Parts kept open at once (two files each); the least recently used is closed beyond this, and a
/// later batch of its partition opens a new part.
const MAX_OPEN_PARTS: usize = 96;

/// The table spec of a name.
pub fn spec_of(name: &str) -> Option<&'static TableSpec> {
    ALL.iter().chain(STATE).copied().find(|t| t.name == name)
}

/// The folder of a partition: `published_month=1987-03`, or "" for unpartitioned tables.
pub fn partition_dir(spec: &TableSpec, month: Option<&str>) -> String {
    match spec.storage() {
        Storage::PerArticle => format!("{PARTITION_COLUMN}={}", month.unwrap_or(NULL_PARTITION)),
        _ => String::new(),
    }
}

/// The CSV twin of a Parquet file, for the tables that have a CSV mirror.
fn csv_twin(parquet_rel: &str) -> Option<String> {
    if parquet_rel.starts_with("_state/") {
        return None;
    }
    parquet_rel
        .strip_suffix(".parquet")
        .map(|stem| format!("csv/{stem}.csv"))
}

/// The table a snapshot file belongs to.
pub fn table_of(rel: &str) -> Option<&'static TableSpec> {
    let rest = rel.strip_prefix("csv/").unwrap_or(rel);
    let rest = rest.strip_prefix("_state/").unwrap_or(rest);
    let name = rest.split('/').next()?;
    spec_of(name)
}

/// Reads one Parquet file.
///
/// # Errors
/// Unreadable or not Parquet.
pub fn read_parquet(path: &Path, columns: Option<&[&str]>) -> Result<DataFrame> {
    let file = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    ParquetReader::new(file)
        .with_columns(columns.map(|c| c.iter().map(|s| s.to_string()).collect()))
        .read_parallel(ParallelStrategy::None)
        .finish()
        .map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// Appends `df` to an open part: its Parquet file and, for mirrored tables, its CSV twin.
fn encode(part: &mut OpenPart, df: &mut DataFrame) -> Result<()> {
    let table = part.spec.name;
    df.rechunk_mut();
    part.parquet.write_batch(df).map_err(polars_err(table))?;
    if let Some((sink, _)) = part.csv.as_mut() {
        let header = part.rows == 0;
        CsvWriter::new(&mut *sink)
            .include_header(header)
            .with_line_terminator("\r\n".into())
            .with_datetime_format(Some("%Y-%m-%dT%H:%M:%S%.3fZ".into()))
            .n_threads(1)
            .finish(df)
            .map_err(polars_err(table))?;
    }
    part.rows += df.height() as u64;
    Ok(())
}

/// The snapshot a run is building.
pub struct Writer {
    layout: Layout,
    run_id: String,
    staging: PathBuf,
    cfg: SinkConfig,
    files: BTreeMap<String, FileEntry>,
    open: BTreeMap<(&'static str, String), OpenPart>,
    next_part: HashMap<(&'static str, String), usize>,
    tick: u64,
    added: BTreeMap<&'static str, u64>,
    removed: BTreeMap<&'static str, u64>,
}

impl Writer {
    /// Creates the staging folder of `run_id` and, for an incremental run, links in every file of the
    /// previous snapshot.
    ///
    /// # Errors
    /// The folder cannot be created or a file cannot be linked or copied.
    pub fn begin(
        layout: &Layout,
        run_id: &str,
        cfg: &SinkConfig,
        inherit: Option<(&Path, &Manifest)>,
    ) -> Result<Writer> {
        let staging = layout.staging(run_id);
        fs::create_dir_all(&staging).map_err(write_err(&staging))?;
        let mut files = BTreeMap::new();
        if let Some((dir, manifest)) = inherit {
            for entry in &manifest.files {
                let from = dir.join(&entry.path);
                let to = staging.join(&entry.path);
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent).map_err(write_err(parent))?;
                }
                if fs::hard_link(&from, &to).is_err() {
                    // File systems without hard links: a copy keeps snapshots independent all the same.
                    fs::copy(&from, &to).map_err(write_err(&to))?;
                }
                files.insert(entry.path.clone(), entry.clone());
            }
            crate::failpoint::hit("staging.linked").map_err(write_err(&staging))?;
        }
        Ok(Writer {
            layout: layout.clone(),
            run_id: run_id.to_string(),
            staging,
            cfg: cfg.clone(),
            files,
            open: BTreeMap::new(),
            next_part: HashMap::new(),
            tick: 0,
            added: BTreeMap::new(),
            removed: BTreeMap::new(),
        })
    }

    /// The staging folder.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The run id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    fn new_part_name(&mut self, spec: &'static TableSpec, pdir: &str) -> String {
        let n = self
            .next_part
            .entry((spec.name, pdir.to_string()))
            .or_default();
        let name = format!("part-{}-{:05}.parquet", self.run_id, *n);
        *n += 1;
        if pdir.is_empty() {
            format!("{}/{name}", spec.dir())
        } else {
            format!("{}/{pdir}/{name}", spec.dir())
        }
    }

    fn open_part(&mut self, spec: &'static TableSpec, pdir: &str, schema: &Schema) -> Result<()> {
        if self.open.len() >= MAX_OPEN_PARTS {
            let oldest = self
                .open
                .iter()
                .min_by_key(|(_, p)| p.last_used)
                .map(|(k, _)| k.clone());
            if let Some(key) = oldest
                && let Some(part) = self.open.remove(&key)
            {
                self.close_part(part)?;
            }
        }
        let rel = self.new_part_name(spec, pdir);
        let path = self.staging.join(&rel);
        let sink = SharedSink::create(&path)?;
        let level = ZstdLevel::try_new(self.cfg.zstd_level).map_err(polars_err(spec.name))?;
        let parquet = ParquetWriter::new(sink.clone())
            .with_compression(ParquetCompression::Zstd(Some(level)))
            .with_statistics(StatisticsOptions::full())
            .set_parallel(false)
            .batched(schema)
            .map_err(polars_err(spec.name))?;
        let csv = match csv_twin(&rel) {
            Some(csv_rel) if self.cfg.csv => {
                let sink = SharedSink::create(&self.staging.join(&csv_rel))?;
                Some((sink, csv_rel))
            }
            _ => None,
        };
        self.open.insert(
            (spec.name, pdir.to_string()),
            OpenPart {
                spec,
                parquet,
                parquet_sink: sink,
                parquet_rel: rel,
                csv,
                rows: 0,
                last_used: self.tick,
            },
        );
        Ok(())
    }

    fn close_part(&mut self, part: OpenPart) -> Result<()> {
        let path = self.staging.join(&part.parquet_rel);
        part.parquet.finish().map_err(polars_err(part.spec.name))?;
        let (bytes, sha256) = part
            .parquet_sink
            .close(self.cfg.fsync)
            .map_err(write_err(&path))?;
        self.files.insert(
            part.parquet_rel.clone(),
            FileEntry {
                path: part.parquet_rel,
                bytes,
                rows: part.rows,
                sha256,
            },
        );
        if let Some((sink, rel)) = part.csv {
            let path = self.staging.join(&rel);
            let (bytes, sha256) = sink.close(self.cfg.fsync).map_err(write_err(&path))?;
            self.files.insert(
                rel.clone(),
                FileEntry {
                    path: rel,
                    bytes,
                    rows: part.rows,
                    sha256,
                },
            );
        }
        Ok(())
    }

    /// Appends several frames (`month` = `YYYY-MM`, or `None` for unknown; ignored for
    /// unpartitioned tables) to their open parts, encoding the parts on
    /// `pool`'s threads: each part is one file written by one thread, in the order given, so the
    /// bytes do not depend on the number of threads.
    ///
    /// # Errors
    /// A write error (disk full, permissions); the first in the order given.
    pub fn append_all(
        &mut self,
        pool: &rayon::ThreadPool,
        frames: Vec<(&'static TableSpec, Option<String>, DataFrame)>,
    ) -> Result<()> {
        use rayon::prelude::*;
        type Key = (&'static str, String);
        // At most half the open-file budget is taken out of the map at once, and one part once: a
        // second frame for the same part waits for the next round.
        let mut rounds: Vec<Vec<(Key, &'static TableSpec, DataFrame)>> = vec![Vec::new()];
        for (spec, month, df) in frames {
            if df.height() == 0 {
                continue;
            }
            let key = (spec.name, partition_dir(spec, month.as_deref()));
            let round = rounds.last_mut().expect("one round at least");
            if round.len() >= MAX_OPEN_PARTS / 2 || round.iter().any(|(k, _, _)| *k == key) {
                rounds.push(vec![(key, spec, df)]);
            } else {
                round.push((key, spec, df));
            }
        }
        for round in rounds {
            let mut work: Vec<(Key, OpenPart, DataFrame)> = Vec::with_capacity(round.len());
            for (key, spec, df) in round {
                let part = self.take_part(spec, &key.1, df.schema())?;
                work.push((key, part, df));
            }
            let results: Vec<Result<()>> = pool.install(|| {
                work.par_iter_mut()
                    .map(|(_, part, df)| encode(part, df))
                    .collect()
            });
            for ((key, part, df), done) in work.into_iter().zip(results) {
                *self.added.entry(part.spec.name).or_default() += df.height() as u64;
                self.open.insert(key, part);
                done?;
            }
        }
        Ok(())
    }

    /// The open part of a table partition folder, out of the open set (the caller puts it back),
    /// opened if there is none; marked as the most recently used.
    fn take_part(
        &mut self,
        spec: &'static TableSpec,
        pdir: &str,
        schema: &Schema,
    ) -> Result<OpenPart> {
        self.tick += 1;
        let key = (spec.name, pdir.to_string());
        if !self.open.contains_key(&key) {
            self.open_part(spec, pdir, schema)?;
        }
        let mut part = self
            .open
            .remove(&key)
            .ok_or_else(|| Error::Internal("part vanished".into()))?;
        part.last_used = self.tick;
        Ok(part)
    }

    /// Writes `df` (possibly empty: a file that only declares the columns) to the open part of a
    /// table partition folder, opening one if needed.
    fn write_rows(
        &mut self,
        spec: &'static TableSpec,
        pdir: &str,
        df: &mut DataFrame,
    ) -> Result<()> {
        let mut part = self.take_part(spec, pdir, df.schema())?;
        let written = encode(&mut part, df);
        self.open.insert((spec.name, pdir.to_string()), part);
        written?;
        *self.added.entry(spec.name).or_default() += df.height() as u64;
        Ok(())
    }

    /// Closes every open part (their files join the snapshot).
    ///
    /// # Errors
    /// A write error.
    pub fn close_parts(&mut self) -> Result<()> {
        let open = std::mem::take(&mut self.open);
        for (_, part) in open {
            self.close_part(part)?;
        }
        Ok(())
    }

    /// The Parquet files of a table in the snapshot (closed parts only), optionally of one partition
    /// folder, in name order.
    pub fn table_files(&self, spec: &TableSpec, pdir: Option<&str>) -> Vec<String> {
        let prefix = match pdir {
            Some(p) if !p.is_empty() => format!("{}/{p}/", spec.dir()),
            _ => format!("{}/", spec.dir()),
        };
        self.files
            .keys()
            .filter(|k| k.starts_with(&prefix) && k.ends_with(".parquet"))
            .cloned()
            .collect()
    }

    /// Reads a Parquet file of the snapshot.
    ///
    /// # Errors
    /// Unreadable.
    pub fn read(&self, rel: &str, columns: Option<&[&str]>) -> Result<DataFrame> {
        read_parquet(&self.staging.join(rel), columns)
    }

    /// Drops a file (and its CSV twin) from the snapshot.
    pub fn remove(&mut self, rel: &str) {
        let Some(entry) = self.files.remove(rel) else {
            return;
        };
        let _ = fs::remove_file(self.staging.join(rel));
        if let Some(spec) = table_of(rel) {
            *self.removed.entry(spec.name).or_default() += entry.rows;
        }
        if let Some(csv) = csv_twin(rel)
            && self.files.remove(&csv).is_some()
        {
            let _ = fs::remove_file(self.staging.join(&csv));
        }
    }

    /// Writes one whole file from a frame into a partition folder (copy-on-write rewrites and
    /// derived tables).
    fn write_whole(
        &mut self,
        spec: &'static TableSpec,
        pdir: &str,
        df: &mut DataFrame,
    ) -> Result<()> {
        self.write_rows(spec, pdir, df)?;
        // No part of (spec, pdir) is open outside `append`'s batches, which are closed by now.
        if let Some(part) = self.open.remove(&(spec.name, pdir.to_string())) {
            self.close_part(part)?;
        }
        Ok(())
    }

    /// Replaces `rel` by `df` (the same rows, changed or fewer): the old file leaves the snapshot and
    /// a new one is written, unless `df` is empty.
    ///
    /// # Errors
    /// A write error.
    pub fn rewrite(&mut self, rel: &str, df: &mut DataFrame) -> Result<()> {
        let spec = table_of(rel).ok_or_else(|| Error::Internal(format!("no table for {rel}")))?;
        self.remove(rel);
        if df.height() == 0 {
            return Ok(());
        }
        self.write_whole(spec, &pdir_of(rel), df)
    }

    /// Replaces the whole of a derived table by `df`. An empty table still gets a file, so readers
    /// find its columns.
    ///
    /// # Errors
    /// A write error.
    pub fn replace_table(&mut self, spec: &'static TableSpec, df: &mut DataFrame) -> Result<()> {
        for rel in self.table_files(spec, None) {
            self.remove(&rel);
        }
        self.write_whole(spec, "", df)
    }

    /// Merges the files of every table partition that has at least `min_files` of them into one.
    /// Rows keep their order (by file name, then within the file).
    ///
    /// # Errors
    /// A read or write error.
    pub fn compact(&mut self, min_files: usize) -> Result<usize> {
        self.close_parts()?;
        let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for rel in self.files.keys().filter(|k| k.ends_with(".parquet")) {
            if let Some(spec) = table_of(rel) {
                groups
                    .entry((spec.name.to_string(), pdir_of(rel)))
                    .or_default()
                    .push(rel.clone());
            }
        }
        let mut merged = 0;
        for ((table, pdir), rels) in groups {
            if rels.len() < min_files.max(2) {
                continue;
            }
            let spec = spec_of(&table).ok_or_else(|| Error::Internal(table.clone()))?;
            // Bounded memory: frames are appended to one open part file by file.
            for rel in &rels {
                let mut df = self.read(rel, None)?;
                *self.removed.entry(spec.name).or_default() += df.height() as u64;
                self.write_rows(spec, &pdir, &mut df)?;
                crate::failpoint::hit("compact.file").map_err(write_err(&self.staging))?;
            }
            if let Some(part) = self.open.remove(&(spec.name, pdir.clone())) {
                self.close_part(part)?;
            }
            for rel in &rels {
                let entry = self.files.remove(rel);
                let _ = fs::remove_file(self.staging.join(rel));
                if let Some(csv) = csv_twin(rel) {
                    self.files.remove(&csv);
                    let _ = fs::remove_file(self.staging.join(&csv));
                }
                drop(entry);
            }
            merged += 1;
        }
        Ok(merged)
    }

    /// Rows per table: added and removed by this run, and in the snapshot.
    pub fn table_rows(&self) -> Vec<TableRows> {
        ALL.iter()
            .chain(STATE)
            .map(|t| TableRows {
                table: t.name.to_string(),
                added: self.added.get(t.name).copied().unwrap_or(0),
                removed: self.removed.get(t.name).copied().unwrap_or(0),
                total: self
                    .table_files(t, None)
                    .iter()
                    .filter_map(|f| self.files.get(f))
                    .map(|e| e.rows)
                    .sum(),
            })
            .collect()
    }

    /// Writes the manifest into the snapshot, makes it durable, moves it to `snapshots/<run_id>`,
    /// points `current` at it and records the run in `runs/`.
    ///
    /// # Errors
    /// A write or rename error; `current` then still points at the previous snapshot.
    pub fn publish(mut self, manifest: &mut Manifest) -> Result<()> {
        self.close_parts()?;
        crate::failpoint::hit("publish.start").map_err(write_err(&self.staging))?;
        manifest.files = self.files.values().cloned().collect();
        manifest.tables = self.table_rows();
        manifest.status = "published".into();
        let json =
            serde_json::to_string_pretty(manifest).map_err(|e| Error::Internal(e.to_string()))?;
        let path = self.staging.join("manifest.json");
        {
            let mut sink = SharedSink::create(&path)?;
            sink.write_all((json + "\n").as_bytes())
                .map_err(write_err(&path))?;
            sink.close(self.cfg.fsync).map_err(write_err(&path))?;
        }
        if self.cfg.fsync {
            sync_tree(&self.staging);
        }
        crate::failpoint::hit("publish.manifest_written").map_err(write_err(&path))?;
        let snapshots = self.layout.snapshots();
        fs::create_dir_all(&snapshots).map_err(write_err(&snapshots))?;
        let target = snapshots.join(&self.run_id);
        fs::rename(&self.staging, &target).map_err(write_err(&target))?;
        sync_dir(&snapshots);
        crate::failpoint::hit("publish.renamed").map_err(write_err(&target))?;
        self.layout.swap_current(&self.run_id)?;
        crate::failpoint::hit("publish.swapped").map_err(write_err(&target))?;
        manifest.write(&self.layout.runs().join(format!("{}.json", self.run_id)))?;
        Ok(())
    }

    /// Throws the staging folder away (the run failed; `current` is untouched).
    pub fn abort(self) {
        drop(self.open);
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// The partition folder of a snapshot file ("" when unpartitioned).
fn pdir_of(rel: &str) -> String {
    rel.split('/')
        .find(|c| c.starts_with(&format!("{PARTITION_COLUMN}=")))
        .unwrap_or("")
        .to_string()
}

fn sync_tree(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(entries) = fs::read_dir(&d) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(e.path());
                }
            }
        }
        sync_dir(&d);
    }
}
