//! The only file that knows stage order: ingest → clean → extract and dedup signature (parallel, per
//! doc) → dedup check (in input order) → link (corpus-wide entity index, in input order) → tables →
//! sinks; at the end of the run, the entities table and the event clusters.
//! Input is consumed in batches of `input.batch_size` items, so memory holds one batch at a time; each
//! batch becomes one Parquet part per table. Batches are cut from the input order, never from timing,
//! so the output is the same at any thread count.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean;
use crate::cluster;
use crate::config::Config;
use crate::dedup;
use crate::error::{Error, Result};
use crate::extract::{self, Facts};
use crate::ingest::{self, Item};
use crate::link;
use crate::model::{Doc, Reject};
use crate::sinks::{Manifest, Writer};
use crate::tables::build::{self, Batch};

/// Pipeline stages, for logs and progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading inputs.
    Ingest,
    /// Normalizing text, metadata.
    Clean,
    /// Running extractors.
    Extract,
    /// Building frames.
    Tables,
    /// Writing files.
    Write,
}

/// What a finished run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Files found.
    pub input_files: usize,
    /// Articles read.
    pub documents: usize,
    /// Inputs rejected.
    pub rejected: usize,
    /// Rows per table.
    pub rows: Vec<(&'static str, usize)>,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the tables are.
    pub output_dir: std::path::PathBuf,
}

/// Runs the whole pipeline.
///
/// # Errors
/// Only run-level failures (missing input path, unwritable output); per-document problems are rejects.
pub fn run(cfg: &Config) -> Result<RunReport> {
    let started = Instant::now();
    let _span = tracing::info_span!("run").entered();
    let (files, listing_rejects) = ingest::discover(&cfg.inputs)?;
    let input_files = files.len();
    tracing::info!(stage = ?Stage::Ingest, files = input_files, "inputs found");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let mut writer = Writer::create(&cfg.output_dir, &cfg.sinks)?;
    let progress = progress_bar(cfg);

    let mut reader = ingest::Reader::new(files, &cfg.ingest);
    let mut pending_rejects: Vec<Reject> = listing_rejects;
    let (mut documents, mut rejected) = (0usize, 0usize);
    let mut entity_index = link::EntityIndex::default();
    let mut duplicates = dedup::Index::default();
    let mut event_records: Vec<cluster::EventRecord> = Vec::new();
    let mut exhausted = false;
    while !exhausted {
        let mut articles = Vec::new();
        let mut batch = Batch::new();
        // Rejects count towards the batch too, so a file of a million bad lines is not held at once.
        while articles.len() + pending_rejects.len() < cfg.ingest.batch_size {
            match reader.next() {
                Some(Item::Article(a)) => articles.push(a),
                Some(Item::Reject(r)) => pending_rejects.push(r),
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        type Processed = std::result::Result<(Doc, Facts, dedup::Signature), Reject>;
        let processed: Vec<Processed> = pool.install(|| {
            articles
                .into_par_iter()
                .map(|raw| {
                    let origin = raw.origin.clone();
                    catch_unwind(AssertUnwindSafe(|| {
                        let doc = clean::clean(raw, &cfg.clean);
                        let facts = extract::extract_all(&doc, &cfg.extract);
                        let signature = dedup::signature(&doc);
                        (doc, facts, signature)
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
        for item in processed {
            match item {
                Ok((mut doc, facts, signature)) => {
                    duplicates.check(&mut doc, signature, &cfg.dedup);
                    event_records.extend(
                        facts
                            .events
                            .iter()
                            .map(|e| cluster::EventRecord::new(&doc, e)),
                    );
                    build::push_article(&mut batch.articles, &doc);
                    build::push_figures(&mut batch.figures, &doc, &facts);
                    build::push_dates(&mut batch.dates, &doc, &facts);
                    build::push_entity_mentions(&mut batch.entity_mentions, &doc, &facts);
                    build::push_quotes(&mut batch.quotes, &doc, &facts);
                    build::push_events(&mut batch.events, &doc, &facts);
                    build::push_event_participants(&mut batch.event_participants, &doc, &facts);
                    entity_index.add_document(&doc, &facts.entities);
                    documents += 1;
                }
                Err(r) => pending_rejects.push(r),
            }
        }
        for r in pending_rejects.drain(..) {
            build::push_reject(&mut batch.rejects, &r);
            rejected += 1;
        }
        if let Some(p) = &progress {
            p.set_position((documents + rejected) as u64);
        }
        for (spec, builder) in batch.into_tables() {
            let mut df = builder.finish()?;
            writer.append(spec, &mut df)?;
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let mut entities = build::TableBuilder::new(&crate::tables::spec::ENTITIES);
    for row in entity_index.rows() {
        build::push_entity(&mut entities, &row);
    }
    writer.append(&crate::tables::spec::ENTITIES, &mut entities.finish()?)?;
    let (clusters, members) = cluster::cluster(&event_records, cfg.clusters.max_day_gap)?;
    let mut cluster_table = build::TableBuilder::new(&crate::tables::spec::EVENT_CLUSTERS);
    for c in &clusters {
        build::push_cluster(&mut cluster_table, c);
    }
    writer.append(
        &crate::tables::spec::EVENT_CLUSTERS,
        &mut cluster_table.finish()?,
    )?;
    let mut member_table = build::TableBuilder::new(&crate::tables::spec::EVENT_CLUSTER_MEMBERS);
    for m in &members {
        build::push_cluster_member(&mut member_table, m);
    }
    writer.append(
        &crate::tables::spec::EVENT_CLUSTER_MEMBERS,
        &mut member_table.finish()?,
    )?;
    let rows = writer.rows();
    let mut manifest = Manifest {
        version: env!("CARGO_PKG_VERSION").to_string(),
        config_hash: cfg.hash.clone(),
        inputs: cfg.inputs.iter().map(|p| p.display().to_string()).collect(),
        input_files,
        documents,
        rejected,
        ..Default::default()
    };
    writer.publish(&cfg.output_dir, &mut manifest)?;
    Ok(RunReport {
        input_files,
        documents,
        rejected,
        rows,
        elapsed: started.elapsed(),
        output_dir: cfg.output_dir.clone(),
    })
}

fn progress_bar(cfg: &Config) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !cfg.progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {pos} documents ({per_sec})")
            .expect("valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
