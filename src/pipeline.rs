//! The only file that knows stage order. A run:
//!
//! 1. takes the output's lock, clears what a killed run left, and starts a staging snapshot from the
//!    current one (incremental) or from nothing (`--full-refresh`, or the first run);
//! 2. lists the inputs and skips files whose size and modification time the ledger has;
//! 3. reads the other files in batches of `input.batch_size` items; an item whose hash the ledger has
//!    is skipped, the rest are cleaned, extracted and signed in parallel (per document), checked for
//!    duplicates in input order, and written as one part per table and publication month;
//! 4. removes the rows of articles that changed or vanished from the files they came from;
//! 5. recomputes duplicates over every article in input order and rewrites the rows whose status
//!    changed, then rebuilds the entities table and the event clusters from the ledger;
//! 6. merges partitions that have collected many files, and publishes the snapshot.
//!
//! Batches are cut from the input order, never from timing, so the output is the same at any thread
//! count; and steps 4–5 make N incremental runs end in the same rows as one full run.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use polars::prelude::*;
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
use crate::sinks::{Layout, Manifest, OutputLock, Writer};
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

/// Steps 2–6 into the staging snapshot.
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
    let known_files: BTreeSet<String> = files.iter().map(|f| f.rel.clone()).collect();
    let mut counts = InputCounts {
        files: files.len() as u64,
        ..Default::default()
    };
    let mut to_read = Vec::new();
    let mut read_stats: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut sizes: HashMap<String, u64> = HashMap::new();
    for f in files {
        let meta = std::fs::metadata(&f.path).ok();
        let stat = meta
            .as_ref()
            .map_or((-1, -1), |m| (m.len() as i64, modified_ns(m)));
        if let Some((b, m, _)) = files_state.files.get(&f.rel)
            && (*b, *m) == stat
            && stat.0 >= 0
        {
            counts.files_unchanged += 1;
            continue;
        }
        sizes.insert(f.rel.clone(), stat.0.max(0) as u64);
        read_stats.insert(f.rel.clone(), stat);
        to_read.push(f);
    }
    timer.add("discover", t);
    tracing::info!(
        files = counts.files,
        unchanged = counts.files_unchanged,
        "inputs listed"
    );
    let missing: BTreeSet<String> = if cfg.prune_missing {
        files_state
            .files
            .keys()
            .filter(|p| !known_files.contains(*p))
            .cloned()
            .collect()
    } else {
        BTreeSet::new()
    };
    if to_read.is_empty()
        && listing_rejects.is_empty()
        && missing.is_empty()
        && !inherited.is_empty()
    {
        // Nothing arrived: the snapshot is the previous one, published again as this run's record.
        counts.articles_total = writer
            .table_rows()
            .iter()
            .find(|t| t.table == "articles")
            .map_or(0, |t| t.total);
        manifest.counts = counts;
        return Ok(());
    }
    let t = Instant::now();
    let prev: Previous = state::load(writer, true)?;
    timer.add("load_state", t);

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(worker_threads(cfg.threads))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let progress = progress_bar(cfg, sizes.values().sum());

    let t = Instant::now();
    let mut old_entries = prev.dedup;
    old_entries.sort_by(|a, b| a.order.cmp(&b.order).then(a.origin.cmp(&b.origin)));
    let mut index = dedup::Index::default();
    for e in &old_entries {
        index.check_id(&e.doc_id, e.signature.clone(), &cfg.dedup);
    }
    timer.add("dedup", t);
    let mut new_entries: Vec<DedupEntry> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut to_remove: BTreeSet<String> = BTreeSet::new();
    let mut reader = ingest::Reader::new(to_read, &cfg.ingest);
    let mut pending_rejects: Vec<Reject> = Vec::new();
    let mut first_items: Vec<Item> = listing_rejects.into_iter().map(Item::Reject).collect();
    let mut exhausted = false;
    let mut batches = 0u64;
    while !exhausted {
        let t = Instant::now();
        let mut articles: Vec<(RawArticle, String)> = Vec::new();
        let mut text_bytes = 0usize;
        while articles.len() + pending_rejects.len() < cfg.ingest.batch_size
            && text_bytes < cfg.ingest.batch_bytes
        {
            let item = if first_items.is_empty() {
                reader.next()
            } else {
                Some(first_items.remove(0))
            };
            let Some(item) = item else {
                exhausted = true;
                break;
            };
            let (origin, sha) = match &item {
                Item::Article(a) => (a.origin.clone(), state::item_hash(a)),
                Item::Reject(r) => (r.source.clone(), state::reject_hash(r)),
            };
            counts.items_read += 1;
            seen.insert(origin.clone());
            match prev.items.get(&origin) {
                Some(k) if k.item_sha256 == sha => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    counts.changed += 1;
                    to_remove.insert(origin);
                }
                None => counts.new += 1,
            }
            match item {
                Item::Article(a) => {
                    text_bytes += a.text.len();
                    articles.push((a, sha));
                }
                Item::Reject(r) => pending_rejects.push(r),
            }
        }
        timer.add("read", t);
        if let Some(p) = &progress {
            p.set_position(reader.bytes_read());
        }
        fail("batch.read")?;

        let t = Instant::now();
        type Outcome = std::result::Result<Processed, Reject>;
        let processed: Vec<Outcome> = pool.install(|| {
            articles
                .into_par_iter()
                .map(|(raw, item_sha256)| {
                    let origin = raw.origin.clone();
                    catch_unwind(AssertUnwindSafe(|| {
                        let doc = clean::clean(raw, &cfg.clean);
                        let facts = extract::extract_all(&doc, &cfg.extract);
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
                            panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default()
                        ),
                    })
                })
                .collect()
        });
        timer.add("extract", t);
        fail("batch.extracted")?;

        let t = Instant::now();
        let mut months: BTreeMap<Option<String>, (Batch, TableBuilder)> = BTreeMap::new();
        let mut rejects = TableBuilder::new(&spec::REJECTS);
        for item in processed {
            match item {
                Ok(mut p) => {
                    if cfg.dedup.enabled {
                        p.doc.duplicate =
                            index.check_id(&p.doc.id, p.signature.clone(), &cfg.dedup);
                    }
                    for e in &mut p.events {
                        e.set_duplicate(p.doc.duplicate.is_some());
                    }
                    let month = state::month_of(p.doc.meta.published_date);
                    let (batch, ledger) = months
                        .entry(month.clone())
                        .or_insert_with(|| (Batch::new(), TableBuilder::new(&spec::LEDGER)));
                    let doc = &p.doc;
                    build::push_article(&mut batch.articles, doc);
                    build::push_figures(&mut batch.figures, doc, &p.facts);
                    build::push_dates(&mut batch.dates, doc, &p.facts);
                    build::push_entity_mentions(&mut batch.entity_mentions, doc, &p.facts);
                    build::push_quotes(&mut batch.quotes, doc, &p.facts);
                    build::push_events(&mut batch.events, doc, &p.facts);
                    build::push_event_participants(&mut batch.event_participants, doc, &p.facts);
                    let (file, line) = state::split_origin(&doc.origin, &known_files);
                    LedgerRow::article(
                        doc,
                        p.item_sha256,
                        (file.clone(), line),
                        &run_id,
                        p.signature.clone(),
                        &p.contributions,
                        &p.events,
                    )
                    .push(ledger);
                    new_entries.push(DedupEntry {
                        order: (file, line),
                        origin: doc.origin.clone(),
                        doc_id: doc.id.clone(),
                        month,
                        signature: p.signature,
                        status: doc.duplicate.clone(),
                    });
                }
                Err(r) => pending_rejects.push(r),
            }
        }
        for r in pending_rejects.drain(..) {
            build::push_reject(&mut rejects, &r);
            let (file, line) = state::split_origin(&r.source, &known_files);
            let (_, ledger) = months
                .entry(None)
                .or_insert_with(|| (Batch::new(), TableBuilder::new(&spec::LEDGER)));
            LedgerRow {
                origin: r.source.clone(),
                origin_file: file,
                origin_line: line,
                item_sha256: state::reject_hash(&r),
                doc_id: None,
                run_id: run_id.clone(),
                published_date: None,
                signature: None,
                duplicate: None,
                entities: None,
                events: None,
            }
            .push(ledger);
            counts.rejected += 1;
        }
        timer.add("tables", t);

        let t = Instant::now();
        for (month, (batch, ledger)) in months {
            for (spec, builder) in batch.into_tables() {
                if spec.storage() == Storage::PerArticle {
                    writer.append(spec, month.as_deref(), &mut builder.finish()?)?;
                }
            }
            writer.append(&spec::LEDGER, month.as_deref(), &mut ledger.finish()?)?;
        }
        writer.append(&spec::REJECTS, None, &mut rejects.finish()?)?;
        batches += 1;
        timer.add("write", t);
        fail("batch.written")?;
        if let Some(p) = &progress {
            p.set_message(format!(
                "{} new, {} changed, {} unchanged",
                counts.new, counts.changed, counts.unchanged
            ));
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

    // Step 4: rows of items that changed, vanished from a file that changed, or (prune_missing)
    // belong to a file no longer found.
    let t = Instant::now();
    for (origin, k) in &prev.items {
        let vanished = read_stats.contains_key(&k.origin_file) && !seen.contains(origin);
        if vanished || missing.contains(&k.origin_file) {
            to_remove.insert(origin.clone());
            counts.removed += 1;
        }
    }
    remove_items(writer, &prev.items, &to_remove, &inherited)?;
    old_entries.retain(|e| !to_remove.contains(&e.origin));
    timer.add("replace", t);
    fail("replaced")?;

    // Step 5: duplicates in input order over every article; rewrite rows whose status changed.
    let t = Instant::now();
    let mut all = old_entries;
    all.extend(new_entries);
    all.sort_by(|a, b| a.order.cmp(&b.order).then(a.origin.cmp(&b.origin)));
    drop(index);
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
    patch_duplicates(writer, &patches)?;
    timer.add("dedup", t);
    fail("dedup.patched")?;

    let t = Instant::now();
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
    timer.add("entities", t);
    fail("entities.written")?;

    let t = Instant::now();
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
    writer.replace_table(&spec::EVENT_CLUSTER_MEMBERS, &mut member_table.finish()?)?;
    writer.replace_table(
        &spec::INPUT_FILES,
        &mut state::input_files_table(&prev.files, &read_stats, &missing, &run_id)?,
    )?;
    // A table no run has written yet still gets a file, so readers find its columns.
    for spec in spec::ALL.iter().chain(spec::STATE) {
        if writer.table_files(spec, None).is_empty() {
            writer.replace_table(spec, &mut TableBuilder::new(spec).finish()?)?;
        }
    }
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

/// The values of a string column.
fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df
        .column(name)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::Internal(format!("column {name}: {e}")))?;
    Ok((0..c.len()).map(|i| c.get(i).map(str::to_string)).collect())
}

/// Step 4: drops the rows of `origins` from the files the previous snapshot had (never from this
/// run's files, which hold the new versions).
fn remove_items(
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
    let mut jobs: Vec<(&'static TableSpec, String, &str, &HashSet<String>)> = Vec::new();
    for (month, docs) in &docs_by_month {
        for spec in ARTICLE_TABLES {
            jobs.push((spec, month.clone(), "doc_id", docs));
        }
    }
    for (month, os) in &origins_by_month {
        jobs.push((&spec::LEDGER, month.clone(), "origin", os));
    }
    let all_origins: HashSet<String> = origins.iter().cloned().collect();
    jobs.push((&spec::REJECTS, String::new(), "source", &all_origins));
    for (spec, month, key, values) in jobs {
        let pdir = crate::sinks::writer_partition_dir(spec, Some(&month));
        for rel in writer.table_files(spec, Some(&pdir)) {
            if !inherited.contains(&rel) {
                continue;
            }
            let keys = strings(&writer.read(&rel, Some(&[key]))?, key)?;
            if !keys
                .iter()
                .any(|k| k.as_ref().is_some_and(|k| values.contains(k)))
            {
                continue;
            }
            let df = writer.read(&rel, None)?;
            let mask: BooleanChunked = keys
                .iter()
                .map(|k| Some(!k.as_ref().is_some_and(|k| values.contains(k))))
                .collect();
            let mut kept = df
                .filter(&mask)
                .map_err(|e| Error::Internal(e.to_string()))?;
            writer.rewrite(&rel, &mut kept)?;
        }
    }
    Ok(())
}

/// Step 5: rewrites the rows of articles whose duplicate status changed.
fn patch_duplicates(
    writer: &mut Writer,
    patches: &BTreeMap<Option<String>, HashMap<String, Option<DuplicateOf>>>,
) -> Result<()> {
    for (month, docs) in patches {
        let month = state::partition_key(month).to_string();
        for spec in ARTICLE_TABLES.iter().copied().chain([&spec::LEDGER]) {
            let pdir = crate::sinks::writer_partition_dir(spec, Some(&month));
            for rel in writer.table_files(spec, Some(&pdir)) {
                let ids = strings(&writer.read(&rel, Some(&["doc_id"]))?, "doc_id")?;
                if !ids
                    .iter()
                    .any(|d| d.as_ref().is_some_and(|d| docs.contains_key(d)))
                {
                    continue;
                }
                let mut df = writer.read(&rel, None)?;
                let status = |i: usize| -> Option<&Option<DuplicateOf>> {
                    ids[i].as_ref().and_then(|d| docs.get(d))
                };
                let n = df.height();
                let err = |e: PolarsError| Error::Internal(e.to_string());
                if spec.has("from_duplicate") {
                    let old = df
                        .column("from_duplicate")
                        .and_then(|c| c.bool().cloned())
                        .map_err(err)?;
                    let new: BooleanChunked = (0..n)
                        .map(|i| match status(i) {
                            Some(s) => Some(s.is_some()),
                            None => old.get(i),
                        })
                        .collect();
                    df.with_column(new.with_name("from_duplicate".into()).into_column())
                        .map_err(err)?;
                }
                if spec.has("duplicate_of") {
                    let of = strings(&df, "duplicate_of")?;
                    let kind = strings(&df, "duplicate_kind")?;
                    let sim = df
                        .column("duplicate_similarity")
                        .and_then(|c| c.f32().cloned())
                        .map_err(err)?;
                    let pick = |i: usize| match status(i) {
                        Some(s) => (
                            s.as_ref().map(|d| d.doc_id.clone()),
                            s.as_ref().map(|d| d.kind.to_string()),
                            s.as_ref().map(|d| d.similarity),
                        ),
                        None => (of[i].clone(), kind[i].clone(), sim.get(i)),
                    };
                    let rows: Vec<_> = (0..n).map(pick).collect();
                    let of: StringChunked = rows.iter().map(|r| r.0.as_deref()).collect();
                    let kind: StringChunked = rows.iter().map(|r| r.1.as_deref()).collect();
                    let sim: Float32Chunked = rows.iter().map(|r| r.2).collect();
                    df.with_column(of.with_name("duplicate_of".into()).into_column())
                        .map_err(err)?;
                    df.with_column(kind.with_name("duplicate_kind".into()).into_column())
                        .map_err(err)?;
                    df.with_column(sim.with_name("duplicate_similarity".into()).into_column())
                        .map_err(err)?;
                }
                writer.rewrite(&rel, &mut df)?;
            }
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
