//! The only file that knows stage order. A run:
//!
//! 1. takes the output's lock, clears what a killed run left, and starts a staging snapshot from the
//!    current one (incremental) or from nothing (`--full-refresh`, or the first run);
//! 2. **plan** (`plan`, pure): lists the inputs and skips files whose size and modification time
//!    the ledger has;
//! 3. reads the other files in batches of `input.batch_size` items (`Reading::next_batch`); an item
//!    whose hash the ledger has is skipped; **process** (`process`, parallel and pure) cleans,
//!    extracts and signs the rest per document; **write** (`Reading::write_batch`) checks them for
//!    duplicates in input order, builds their rows on the pool, and appends one part per table and
//!    publication month;
//! 4. **finalize**: removes the rows of articles that changed or vanished from the files they came
//!    from (`remove_replaced`, through `sinks::edit`);
//! 5. recomputes duplicates over every article in input order and rewrites the rows whose status
//!    changed (`settle_duplicates`);
//! 6. rebuilds the entities table and the event clusters from the ledger (`rebuild_entities`,
//!    `rebuild_clusters`), merges partitions that have collected many files, and publishes the
//!    snapshot.
//!
//! Batches are cut from the input order, never from timing, so the output is the same at any thread
//! count; and steps 4–5 make N incremental runs end in the same rows as one full run.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean;
use crate::cluster::{self, EventRecord};
use crate::config::Config;
use crate::dedup::{self, Signature};
use crate::error::{Error, Result};
use crate::extract::{self, Facts};
use crate::ingest::{self, Item, RawArticle};
use crate::link::{self, Contribution};
use crate::model::{Doc, DuplicateOf, Reject};
use crate::sinks::manifest::{InputCounts, TableRows};
use crate::sinks::{Layout, Manifest, OutputLock, Writer, edit};
use crate::state::{self, DedupEntry, LedgerRow, Previous};
use crate::tables::build::{self, Batch, TableBuilder};
use crate::tables::spec::{self, Storage, TableSpec};

/// What a finished run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Run id.
    pub run_id: String,
    /// `full` or `incremental`.
    pub mode: String,
    /// Input counts.
    pub counts: InputCounts,
    /// Rows per table.
    pub rows: Vec<TableRows>,
    /// Wall time.
    pub elapsed: Duration,
    /// The output folder.
    pub output_dir: PathBuf,
}

/// The per-article tables, in output order.
const ARTICLE_TABLES: [&TableSpec; 7] = [
    &spec::ARTICLES,
    &spec::FIGURES,
    &spec::DATES,
    &spec::ENTITY_MENTIONS,
    &spec::QUOTES,
    &spec::EVENTS,
    &spec::EVENT_PARTICIPANTS,
];

#[derive(Default)]
struct Timer(BTreeMap<&'static str, Duration>, Vec<&'static str>);

impl Timer {
    fn add(&mut self, stage: &'static str, since: Instant) {
        if !self.0.contains_key(stage) {
            self.1.push(stage);
        }
        *self.0.entry(stage).or_default() += since.elapsed();
    }
    fn seconds(&self) -> Vec<(String, f64)> {
        self.1
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    (self.0[s].as_secs_f64() * 1000.0).round() / 1000.0,
                )
            })
            .collect()
    }
}

fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The worker threads for `run.threads`: 0 is one per core; more than four per core only adds
/// memory and contention (a typo such as 100000 would spawn threads until the machine stalls), so
/// the count is capped there, with a warning.
pub fn worker_threads(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = 4 * cores;
    if requested == 0 {
        cores
    } else if requested > cap {
        tracing::warn!(
            requested,
            used = cap,
            "run.threads is more than four per core ({cores} cores): using {cap}"
        );
        cap
    } else {
        requested
    }
}

/// Runs the pipeline: one incremental (or full) run that publishes a new snapshot.
///
/// # Errors
/// Run-level failures (missing input, locked or foreign output, changed settings, a write error);
/// the previous snapshot then stays current. Per-document problems are rejects.
pub fn run(cfg: &Config) -> Result<RunReport> {
    let started = Instant::now();
    let started_at = now();
    let _span = tracing::info_span!("run").entered();
    let layout = Layout::new(&cfg.output_dir);
    layout.check_ours()?;
    let lock = OutputLock::acquire(&layout.root, &layout.next_run_id(), cfg.lock_wait)?;
    crate::failpoint::hit("lock.acquired").map_err(|source| Error::Write {
        path: layout.root.clone(),
        source,
    })?;
    recover(&layout);
    let run_id = layout.next_run_id();
    let previous = match layout.current_snapshot() {
        Some(dir) => {
            let m = Manifest::read(&dir.join("manifest.json"))?;
            Some((dir, m))
        }
        None => None,
    };
    let incremental = previous.is_some() && !cfg.full_refresh;
    if let (true, Some((_, m))) = (incremental, &previous) {
        let version = env!("CARGO_PKG_VERSION");
        if m.version != version || m.extraction_hash != cfg.extraction_hash {
            return Err(Error::SettingsChanged {
                path: layout.root.clone(),
                message: format!(
                    "snapshot {} has version {} and settings {}, this run has {version} and {}",
                    m.run_id,
                    m.version,
                    &m.extraction_hash[..12.min(m.extraction_hash.len())],
                    &cfg.extraction_hash[..12]
                ),
            });
        }
    }
    tracing::info!(run_id, incremental, "run starts");
    let mut writer = Writer::begin(
        &layout,
        &run_id,
        &cfg.sinks,
        previous
            .as_ref()
            .filter(|_| incremental)
            .map(|(d, m)| (d.as_path(), m)),
    )?;
    let mut manifest = Manifest {
        format: 1,
        run_id: run_id.clone(),
        status: "running".into(),
        mode: if incremental { "incremental" } else { "full" }.into(),
        previous_run: previous.as_ref().map(|(_, m)| m.run_id.clone()),
        version: env!("CARGO_PKG_VERSION").to_string(),
        config_hash: cfg.hash.clone(),
        extraction_hash: cfg.extraction_hash.clone(),
        started_at,
        inputs: cfg.inputs.iter().map(|p| p.display().to_string()).collect(),
        // A missing input is reported (and recorded) by the listing in build_snapshot.
        input_base: ingest::naming_base(&cfg.inputs)
            .map(|b| b.display().to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    if let (true, Some((_, m))) = (incremental, &previous)
        && !m.input_base.is_empty()
        && m.input_base != manifest.input_base
    {
        tracing::warn!(
            before = m.input_base,
            now = manifest.input_base,
            "input files are now named relative to another folder (inputs were added, removed or moved): \
             every file is read under its new name, and the rows under the old names stay until \
             --prune-missing or --full-refresh"
        );
    }
    let mut timer = Timer::default();
    match build_snapshot(cfg, &mut writer, &mut manifest, &mut timer) {
        Ok(()) => {}
        Err(e) => {
            writer.abort();
            record_failure(&layout, &mut manifest, started, &e);
            return Err(e);
        }
    }
    manifest.stages = timer.seconds();
    publish(cfg, &layout, lock, writer, manifest, started)
}

/// Publishes the staging snapshot, records the run, prunes old snapshots and releases the lock. The
/// publish itself (manifest, fsync, renames) comes after the manifest's figures; the log has its end.
fn publish(
    cfg: &Config,
    layout: &Layout,
    lock: OutputLock,
    writer: Writer,
    mut manifest: Manifest,
    started: Instant,
) -> Result<RunReport> {
    manifest.finished_at = now();
    manifest.duration_seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let staging = writer.staging().to_path_buf();
    if let Err(e) = writer.publish(&mut manifest) {
        let _ = std::fs::remove_dir_all(&staging);
        record_failure(layout, &mut manifest, started, &e);
        return Err(e);
    }
    tracing::info!(
        run_id = manifest.run_id,
        seconds = started.elapsed().as_secs_f64(),
        "published"
    );
    layout.prune(cfg.keep_snapshots);
    lock.release();
    Ok(RunReport {
        run_id: manifest.run_id,
        mode: manifest.mode,
        counts: manifest.counts,
        rows: manifest.tables,
        elapsed: started.elapsed(),
        output_dir: cfg.output_dir.clone(),
    })
}

/// Records runs that died (their staging folder is removed) and a published run whose history entry
/// was not written.
fn recover(layout: &Layout) {
    let mut dead = layout.remove_stale_staging();
    dead.extend(layout.remove_unpublished_snapshots());
    for id in dead {
        let path = layout.runs().join(format!("{id}.json"));
        if !path.exists() {
            tracing::warn!(
                run_id = id,
                "run {id} was interrupted; nothing of it was published"
            );
            let m = Manifest {
                format: 1,
                run_id: id,
                status: "interrupted".into(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                error: Some("the process ended before publishing (killed, crashed or the machine stopped); its staging folder was removed by the next run".into()),
                ..Default::default()
            };
            let _ = m.write(&path);
        }
    }
    if let Some(dir) = layout.current_snapshot()
        && let Ok(m) = Manifest::read(&dir.join("manifest.json"))
    {
        let path = layout.runs().join(format!("{}.json", m.run_id));
        if !path.exists() {
            let _ = m.write(&path);
        }
    }
}

fn record_failure(layout: &Layout, manifest: &mut Manifest, started: Instant, e: &Error) {
    manifest.status = "failed".into();
    manifest.finished_at = now();
    manifest.duration_seconds = started.elapsed().as_secs_f64();
    manifest.error = Some(e.to_string());
    manifest.files.clear();
    let _ = manifest.write(&layout.runs().join(format!("{}.json", manifest.run_id)));
}

fn modified_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(-1, |d| d.as_nanos() as i64)
}

struct Processed {
    doc: Doc,
    facts: Facts,
    signature: Signature,
    contributions: Vec<Contribution>,
    events: Vec<EventRecord>,
    item_sha256: String,
}

/// What a run reads, decided from the input listing and the ledger (step 2).
struct Plan {
    /// Files to read, in input order.
    to_read: Vec<ingest::InputFile>,
    /// Size and modification time of each file read (recorded in `input_files`).
    read_stats: BTreeMap<String, (i64, i64)>,
    /// Files the ledger has that the listing no longer finds (only with `prune_missing`).
    missing: BTreeSet<String>,
    /// Every file listed.
    known_files: BTreeSet<String>,
    /// Bytes to read, for the progress bar.
    total_bytes: u64,
    counts: InputCounts,
}

/// Step 2, pure: the files listed, each with its (size, modification time) or (-1, -1) when it
/// cannot be read, against the files the ledger has. A file whose size and time the ledger has is
/// skipped; the ledger's files no longer listed are missing (only with `prune_missing`).
fn plan(
    listed: Vec<(ingest::InputFile, (i64, i64))>,
    ledger_files: &BTreeMap<String, (i64, i64, String)>,
    prune_missing: bool,
) -> Plan {
    let known_files: BTreeSet<String> = listed.iter().map(|(f, _)| f.rel.clone()).collect();
    let mut counts = InputCounts {
        files: listed.len() as u64,
        ..Default::default()
    };
    let mut to_read = Vec::new();
    let mut read_stats = BTreeMap::new();
    let mut total_bytes = 0u64;
    for (f, stat) in listed {
        if let Some((b, m, _)) = ledger_files.get(&f.rel)
            && (*b, *m) == stat
            && stat.0 >= 0
        {
            counts.files_unchanged += 1;
            continue;
        }
        total_bytes += stat.0.max(0) as u64;
        read_stats.insert(f.rel.clone(), stat);
        to_read.push(f);
    }
    let missing = if prune_missing {
        ledger_files
            .keys()
            .filter(|p| !known_files.contains(*p))
            .cloned()
            .collect()
    } else {
        BTreeSet::new()
    };
    Plan {
        to_read,
        read_stats,
        missing,
        known_files,
        total_bytes,
        counts,
    }
}

/// What the reading loop carries from batch to batch (step 3).
struct Reading<'a> {
    prev: &'a Previous,
    known_files: &'a BTreeSet<String>,
    run_id: String,
    counts: InputCounts,
    /// Duplicates of everything read so far, in input order.
    index: dedup::Index,
    /// This run's articles, for step 5.
    new_entries: Vec<DedupEntry>,
    /// Every origin read, to find the items that vanished from a file that changed.
    seen: HashSet<String>,
    /// Origins whose rows the previous snapshot holds and step 4 removes.
    to_remove: BTreeSet<String>,
    /// Rejects waiting for the next batch's tables.
    pending_rejects: Vec<Reject>,
}

impl Reading<'_> {
    /// Reads the next batch: up to `batch_size` items or `batch_bytes` of text, skipping items
    /// whose content the ledger has. Returns the articles to process and whether the input ended.
    fn next_batch(
        &mut self,
        cfg: &Config,
        mut next_item: impl FnMut() -> Option<Item>,
    ) -> (Vec<(RawArticle, String)>, bool) {
        let mut articles: Vec<(RawArticle, String)> = Vec::new();
        let mut text_bytes = 0usize;
        while articles.len() + self.pending_rejects.len() < cfg.ingest.batch_size
            && text_bytes < cfg.ingest.batch_bytes
        {
            let Some(item) = next_item() else {
                return (articles, true);
            };
            let (origin, sha) = match &item {
                Item::Article(a) => (a.origin.clone(), state::item_hash(a)),
                Item::Reject(r) => (r.source.clone(), state::reject_hash(r)),
            };
            self.counts.items_read += 1;
            self.seen.insert(origin.clone());
            match self.prev.items.get(&origin) {
                Some(k) if k.item_sha256 == sha => {
                    self.counts.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    self.counts.changed += 1;
                    self.to_remove.insert(origin);
                }
                None => self.counts.new += 1,
            }
            match item {
                Item::Article(a) => {
                    text_bytes += a.text.len();
                    articles.push((a, sha));
                }
                Item::Reject(r) => self.pending_rejects.push(r),
            }
        }
        (articles, false)
    }

    /// Turns a processed batch into table rows, in input order (duplicates are checked against
    /// everything read before), and appends them to the snapshot. Duplicates, the ledger and the
    /// dedup index are settled one document after the other; the rows of the per-article tables
    /// are then built on the worker threads over runs of consecutive documents, and joined in
    /// input order, so that the tables are the same at any thread count.
    fn write_batch(
        &mut self,
        cfg: &Config,
        pool: &rayon::ThreadPool,
        writer: &mut Writer,
        processed: Vec<std::result::Result<Processed, Reject>>,
        timer: &mut Timer,
    ) -> Result<()> {
        let t = Instant::now();
        let mut months: BTreeMap<Option<String>, (Batch, TableBuilder)> = BTreeMap::new();
        let mut rejects = TableBuilder::new(&spec::REJECTS);
        let mut kept: Vec<(Option<String>, Doc, Facts)> = Vec::with_capacity(processed.len());
        for item in processed {
            let Processed {
                mut doc,
                facts,
                signature,
                contributions,
                mut events,
                item_sha256,
            } = match item {
                Ok(p) => p,
                Err(r) => {
                    self.pending_rejects.push(r);
                    continue;
                }
            };
            if cfg.dedup.enabled {
                doc.duplicate = self.index.check_id(&doc.id, signature.clone(), &cfg.dedup);
            }
            for e in &mut events {
                e.set_duplicate(doc.duplicate.is_some());
            }
            let month = state::month_of(doc.meta.published_date);
            let (_, ledger) = months
                .entry(month.clone())
                .or_insert_with(|| (Batch::new(), TableBuilder::new(&spec::LEDGER)));
            let (file, line) = state::split_origin(&doc.origin, self.known_files);
            LedgerRow::article(
                &doc,
                item_sha256,
                (file.clone(), line),
                &self.run_id,
                signature.clone(),
                &contributions,
                &events,
            )
            .push(ledger);
            self.new_entries.push(DedupEntry {
                order: (file, line),
                origin: doc.origin.clone(),
                doc_id: doc.id.clone(),
                month: month.clone(),
                signature,
                status: doc.duplicate.clone(),
            });
            kept.push((month, doc, facts));
        }
        for r in self.pending_rejects.drain(..) {
            build::push_reject(&mut rejects, &r);
            let (file, line) = state::split_origin(&r.source, self.known_files);
            let (_, ledger) = months
                .entry(None)
                .or_insert_with(|| (Batch::new(), TableBuilder::new(&spec::LEDGER)));
            LedgerRow::reject(&r, (file, line), &self.run_id).push(ledger);
            self.counts.rejected += 1;
        }
        for part in per_article_rows(pool, kept) {
            for (month, batch) in part {
                if let Some((rows, _)) = months.get_mut(&month) {
                    rows.append(batch);
                }
            }
        }
        let mut tables: Vec<(Option<String>, &'static TableSpec, TableBuilder)> = Vec::new();
        for (month, (batch, ledger)) in months {
            for (spec, builder) in batch.into_tables() {
                if spec.storage() == Storage::PerArticle {
                    tables.push((month.clone(), spec, builder));
                }
            }
            tables.push((month, &spec::LEDGER, ledger));
        }
        let frames: Vec<Result<polars::prelude::DataFrame>> = pool.install(|| {
            tables
                .par_iter_mut()
                .map(|(_, spec, builder)| {
                    std::mem::replace(builder, TableBuilder::new(spec)).finish()
                })
                .collect()
        });
        timer.add("tables", t);

        let t = Instant::now();
        let mut ready = Vec::with_capacity(frames.len() + 1);
        for ((month, spec, _), frame) in tables.into_iter().zip(frames) {
            ready.push((spec, month, frame?));
        }
        ready.push((&spec::REJECTS, None, rejects.finish()?));
        writer.append_all(pool, ready)?;
        timer.add("write", t);
        Ok(())
    }
}

/// The per-article table rows of `docs` (in input order), built on the worker threads: each
/// thread takes runs of consecutive documents, and the runs come back in order.
fn per_article_rows(
    pool: &rayon::ThreadPool,
    docs: Vec<(Option<String>, Doc, Facts)>,
) -> Vec<BTreeMap<Option<String>, Batch>> {
    let run = docs.len().div_ceil(4 * pool.current_num_threads()).max(1);
    let mut runs: Vec<Vec<(Option<String>, Doc, Facts)>> = Vec::new();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        runs.push(docs.by_ref().take(run).collect());
    }
    pool.install(|| {
        runs.into_par_iter()
            .map(|run| {
                let mut months: BTreeMap<Option<String>, Batch> = BTreeMap::new();
                for (month, doc, facts) in run {
                    let batch = months.entry(month).or_default();
                    build::push_article(&mut batch.articles, &doc);
                    build::push_figures(&mut batch.figures, &doc, &facts);
                    build::push_dates(&mut batch.dates, &doc, &facts);
                    build::push_entity_mentions(&mut batch.entity_mentions, &doc, &facts);
                    build::push_quotes(&mut batch.quotes, &doc, &facts);
                    build::push_events(&mut batch.events, &doc, &facts);
                    build::push_event_participants(&mut batch.event_participants, &doc, &facts);
                }
                months
            })
            .collect()
    })
}

/// Step 3, pure and parallel: cleans, extracts and signs each article. A panic on one article
/// becomes its reject; the others go on.
fn process(
    pool: &rayon::ThreadPool,
    cfg: &Config,
    articles: Vec<(RawArticle, String)>,
) -> Vec<std::result::Result<Processed, Reject>> {
    pool.install(|| {
        articles
            .into_par_iter()
            .map(|(raw, item_sha256)| {
                let origin = raw.origin.clone();
                catch_unwind(AssertUnwindSafe(|| {
                    let mut doc = clean::clean(raw, &cfg.clean);
                    let facts = extract::extract_all(&doc, &cfg.extract);
                    // Only the extractors read the tokens; the batch waits for its write without them.
                    doc.tokens = Vec::new();
                    let signature = dedup::signature(&doc);
                    let contributions = link::contributions(&doc, &facts.entities);
                    let events = facts
                        .events
                        .iter()
                        .map(|e| EventRecord::new(&doc, e))
                        .collect();
                    Processed {
                        doc,
                        facts,
                        signature,
                        contributions,
                        events,
                        item_sha256,
                    }
                }))
                .map_err(|panic| Reject {
                    source: origin,
                    reason: "internal_error",
                    detail: format!(
                        "newsfacts crashed on this document (this is a bug, please report it): {}",
                        panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default()
                    ),
                })
            })
            .collect()
    })
}

/// Steps 2–6 into the staging snapshot: plan, then read, process and write batch by batch, then
/// finalize.
fn build_snapshot(
    cfg: &Config,
    writer: &mut Writer,
    manifest: &mut Manifest,
    timer: &mut Timer,
) -> Result<()> {
    let run_id = writer.run_id().to_string();
    let fail = |name: &str| {
        crate::failpoint::hit(name).map_err(|source| Error::Write {
            path: cfg.output_dir.clone(),
            source,
        })
    };
    let t = Instant::now();
    let files_state: Previous = state::load(writer, false)?;
    let inherited: HashSet<String> = writer_files(writer).into_iter().collect();
    timer.add("load_state", t);

    let t = Instant::now();
    let (files, listing_rejects) = ingest::discover(&cfg.inputs, Some(&cfg.output_dir))?;
    let listed = files
        .into_iter()
        .map(|f| {
            let stat = std::fs::metadata(&f.path)
                .ok()
                .map_or((-1, -1), |m| (m.len() as i64, modified_ns(&m)));
            (f, stat)
        })
        .collect();
    let plan = plan(listed, &files_state.files, cfg.prune_missing);
    timer.add("discover", t);
    tracing::info!(
        files = plan.counts.files,
        unchanged = plan.counts.files_unchanged,
        "inputs listed"
    );
    if plan.to_read.is_empty()
        && listing_rejects.is_empty()
        && plan.missing.is_empty()
        && !inherited.is_empty()
    {
        // Nothing arrived: the snapshot is the previous one, published again as this run's record.
        let mut counts = plan.counts;
        counts.articles_total = writer
            .table_rows()
            .iter()
            .find(|t| t.table == "articles")
            .map_or(0, |t| t.total);
        manifest.counts = counts;
        return Ok(());
    }
    let t = Instant::now();
    let mut prev: Previous = state::load(writer, true)?;
    timer.add("load_state", t);

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(worker_threads(cfg.threads))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let progress = progress_bar(cfg, plan.total_bytes);

    let t = Instant::now();
    let mut old_entries = std::mem::take(&mut prev.dedup);
    old_entries.sort_by(|a, b| a.order.cmp(&b.order).then(a.origin.cmp(&b.origin)));
    let mut index = dedup::Index::default();
    for e in &old_entries {
        index.check_id(&e.doc_id, e.signature.clone(), &cfg.dedup);
    }
    timer.add("dedup", t);
    let mut reading = Reading {
        prev: &prev,
        known_files: &plan.known_files,
        run_id: run_id.clone(),
        counts: plan.counts.clone(),
        index,
        new_entries: Vec::new(),
        seen: HashSet::new(),
        to_remove: BTreeSet::new(),
        pending_rejects: Vec::new(),
    };
    let mut reader = ingest::Reader::new(plan.to_read, &cfg.ingest);
    let mut first_items = listing_rejects.into_iter().map(Item::Reject);
    let mut batches = 0u64;
    loop {
        let t = Instant::now();
        let (articles, exhausted) =
            reading.next_batch(cfg, || first_items.next().or_else(|| reader.next()));
        timer.add("read", t);
        if let Some(p) = &progress {
            p.set_position(reader.bytes_read());
        }
        fail("batch.read")?;

        let t = Instant::now();
        let processed = process(&pool, cfg, articles);
        timer.add("extract", t);
        fail("batch.extracted")?;

        reading.write_batch(cfg, &pool, writer, processed, timer)?;
        batches += 1;
        fail("batch.written")?;
        if let Some(p) = &progress {
            let c = &reading.counts;
            p.set_message(format!(
                "{} new, {} changed, {} unchanged",
                c.new, c.changed, c.unchanged
            ));
        }
        if exhausted {
            break;
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    tracing::info!(batches, "inputs read");
    let t = Instant::now();
    writer.close_parts()?;
    timer.add("write", t);
    fail("parts.closed")?;

    let Reading {
        mut counts,
        new_entries,
        seen,
        mut to_remove,
        index,
        ..
    } = reading;
    drop(index);

    // Step 4: rows of items that changed, vanished from a file that changed, or (prune_missing)
    // belong to a file no longer found.
    let t = Instant::now();
    for (origin, k) in &prev.items {
        let vanished = plan.read_stats.contains_key(&k.origin_file) && !seen.contains(origin);
        if vanished || plan.missing.contains(&k.origin_file) {
            to_remove.insert(origin.clone());
            counts.removed += 1;
        }
    }
    remove_replaced(writer, &prev.items, &to_remove, &inherited)?;
    old_entries.retain(|e| !to_remove.contains(&e.origin));
    timer.add("replace", t);
    fail("replaced")?;

    // Step 5: duplicates in input order over every article; rewrite rows whose status changed.
    let t = Instant::now();
    let mut all = old_entries;
    all.extend(new_entries);
    let duplicate_docs = settle_duplicates(cfg, writer, all, &mut counts)?;
    timer.add("dedup", t);
    fail("dedup.patched")?;

    // Step 6: the cross-article tables, rebuilt from the ledger.
    let t = Instant::now();
    let records = rebuild_entities(writer, &duplicate_docs)?;
    timer.add("entities", t);
    fail("entities.written")?;

    let t = Instant::now();
    rebuild_clusters(cfg, writer, records)?;
    writer.replace_table(
        &spec::INPUT_FILES,
        &mut state::input_files_table(&prev.files, &plan.read_stats, &plan.missing, &run_id)?,
    )?;
    fill_empty_tables(writer)?;
    timer.add("clusters", t);
    fail("clusters.written")?;

    if cfg.compact_min_files > 0 {
        let t = Instant::now();
        let merged = writer.compact(cfg.compact_min_files)?;
        if merged > 0 {
            tracing::info!(partitions = merged, "compacted");
        }
        timer.add("compact", t);
    }
    manifest.counts = counts;
    Ok(())
}

fn writer_files(writer: &Writer) -> Vec<String> {
    spec::ALL
        .iter()
        .chain(spec::STATE)
        .flat_map(|t| writer.table_files(t, None))
        .collect()
}

/// Step 4: drops the rows of `origins` from the files the previous snapshot had (never from this
/// run's files, which hold the new versions).
fn remove_replaced(
    writer: &mut Writer,
    items: &HashMap<String, state::Known>,
    origins: &BTreeSet<String>,
    inherited: &HashSet<String>,
) -> Result<()> {
    if origins.is_empty() {
        return Ok(());
    }
    let mut docs_by_month: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut origins_by_month: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for o in origins {
        let Some(k) = items.get(o) else { continue };
        let month = state::partition_key(&k.month).to_string();
        origins_by_month
            .entry(month.clone())
            .or_default()
            .insert(o.clone());
        if let Some(d) = &k.doc_id {
            docs_by_month.entry(month).or_default().insert(d.clone());
        }
    }
    for (month, docs) in &docs_by_month {
        for spec in ARTICLE_TABLES {
            edit::remove_rows(writer, spec, month, "doc_id", docs, inherited)?;
        }
    }
    for (month, os) in &origins_by_month {
        edit::remove_rows(writer, &spec::LEDGER, month, "origin", os, inherited)?;
    }
    let all_origins: HashSet<String> = origins.iter().cloned().collect();
    edit::remove_rows(
        writer,
        &spec::REJECTS,
        "",
        "source",
        &all_origins,
        inherited,
    )
}

/// Step 5: recomputes duplicates over every article in input order, rewrites the rows of articles
/// whose status changed, and returns the ids of the articles that are duplicates.
fn settle_duplicates(
    cfg: &Config,
    writer: &mut Writer,
    mut all: Vec<DedupEntry>,
    counts: &mut InputCounts,
) -> Result<HashSet<String>> {
    all.sort_by(|a, b| a.order.cmp(&b.order).then(a.origin.cmp(&b.origin)));
    let mut index = dedup::Index::default();
    let mut patches: BTreeMap<Option<String>, HashMap<String, Option<DuplicateOf>>> =
        BTreeMap::new();
    let mut duplicate_docs: HashSet<String> = HashSet::new();
    for e in &all {
        let status = if cfg.dedup.enabled {
            index.check_id(&e.doc_id, e.signature.clone(), &cfg.dedup)
        } else {
            None
        };
        if status.is_some() {
            duplicate_docs.insert(e.doc_id.clone());
        }
        if status != e.status {
            patches
                .entry(e.month.clone())
                .or_default()
                .insert(e.doc_id.clone(), status);
        }
    }
    counts.duplicate_status_changed = patches.values().map(|p| p.len() as u64).sum();
    counts.articles_total = all.len() as u64;
    drop(all);
    drop(index);
    for (month, docs) in &patches {
        let month = state::partition_key(month);
        for spec in ARTICLE_TABLES.iter().copied().chain([&spec::LEDGER]) {
            edit::set_duplicate_status(writer, spec, month, docs)?;
        }
    }
    Ok(duplicate_docs)
}

/// Step 6: the `entities` table from every article's contributions in the ledger; returns every
/// article's event records for the clusters, marked when their article is a duplicate.
fn rebuild_entities(
    writer: &mut Writer,
    duplicate_docs: &HashSet<String>,
) -> Result<Vec<EventRecord>> {
    let mut entity_index = link::EntityIndex::default();
    let mut records: Vec<EventRecord> = Vec::new();
    state::for_each_article(writer, |doc_id, date, contributions, events| {
        entity_index.add(date, &contributions);
        let dup = duplicate_docs.contains(doc_id);
        records.extend(events.into_iter().map(|mut e| {
            e.set_duplicate(dup);
            e
        }));
    })?;
    let mut entities = TableBuilder::new(&spec::ENTITIES);
    for row in entity_index.rows() {
        build::push_entity(&mut entities, &row);
    }
    writer.replace_table(&spec::ENTITIES, &mut entities.finish()?)?;
    Ok(records)
}

/// Step 6: the event clusters over every article's events.
fn rebuild_clusters(
    cfg: &Config,
    writer: &mut Writer,
    mut records: Vec<EventRecord>,
) -> Result<()> {
    records.sort_by(|a, b| a.event_id().cmp(b.event_id()));
    let (clusters, members) = cluster::cluster(&records, cfg.clusters.max_day_gap)?;
    let mut cluster_table = TableBuilder::new(&spec::EVENT_CLUSTERS);
    for c in &clusters {
        build::push_cluster(&mut cluster_table, c);
    }
    writer.replace_table(&spec::EVENT_CLUSTERS, &mut cluster_table.finish()?)?;
    let mut member_table = TableBuilder::new(&spec::EVENT_CLUSTER_MEMBERS);
    for m in &members {
        build::push_cluster_member(&mut member_table, m);
    }
    writer.replace_table(&spec::EVENT_CLUSTER_MEMBERS, &mut member_table.finish()?)
}

/// A table no run has written yet still gets a file, so readers find its columns.
fn fill_empty_tables(writer: &mut Writer) -> Result<()> {
    for spec in spec::ALL.iter().chain(spec::STATE) {
        if writer.table_files(spec, None).is_empty() {
            writer.replace_table(spec, &mut TableBuilder::new(spec).finish()?)?;
        }
    }
    Ok(())
}

fn progress_bar(cfg: &Config, total_bytes: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !cfg.progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total_bytes);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta}) {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// `newsfacts compact`: merges every table partition that has more than one file into one, as a
/// new snapshot (rows unchanged).
///
/// # Errors
/// No snapshot, the lock is held, or a write error (the current snapshot then stays).
pub fn compact(cfg: &Config) -> Result<RunReport> {
    let started = Instant::now();
    let layout = Layout::new(&cfg.output_dir);
    layout.check_ours()?;
    let lock = OutputLock::acquire(&layout.root, &layout.next_run_id(), cfg.lock_wait)?;
    recover(&layout);
    let run_id = layout.next_run_id();
    let dir = layout
        .current_snapshot()
        .ok_or_else(|| Error::NotAnOutput {
            path: layout.root.clone(),
            found: "no snapshot to compact".into(),
        })?;
    let previous = Manifest::read(&dir.join("manifest.json"))?;
    let mut writer = Writer::begin(&layout, &run_id, &cfg.sinks, Some((&dir, &previous)))?;
    let mut manifest = Manifest {
        format: 1,
        run_id: run_id.clone(),
        mode: "compact".into(),
        previous_run: Some(previous.run_id.clone()),
        version: env!("CARGO_PKG_VERSION").to_string(),
        config_hash: previous.config_hash.clone(),
        extraction_hash: previous.extraction_hash.clone(),
        started_at: now(),
        inputs: previous.inputs.clone(),
        counts: InputCounts {
            articles_total: previous.counts.articles_total,
            ..Default::default()
        },
        ..Default::default()
    };
    if let Err(e) = writer.compact(2) {
        writer.abort();
        record_failure(&layout, &mut manifest, started, &e);
        return Err(e);
    }
    manifest.stages = vec![("compact".into(), started.elapsed().as_secs_f64())];
    publish(cfg, &layout, lock, writer, manifest, started)
}
