//! The `newsfacts` command line: arguments, config file and `NEWSFACTS_*` environment → `Config` →
//! library call → exit code. The exit codes are documented in README ("Exit codes").

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use newsfacts::Error;

// Extraction allocates many small strings on every worker thread; mimalloc's per-thread heaps
// measured faster than the system allocator on the Reuters run (benches/compare.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn news articles into analytic tables (Parquet + CSV): articles, figures, dates, entities,
/// quotes, events, duplicates and event clusters.
#[derive(Parser)]
#[command(name = "newsfacts", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the settings come from.
#[derive(Args)]
struct Settings {
    /// Config file (keys not given keep their defaults; see config/newsfacts.toml). Default:
    /// $NEWSFACTS_CONFIG, else config/newsfacts.toml when it exists, else the built-in defaults.
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Output folder. Replaces output.dir.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Wait up to this many seconds for another run that holds the output. Replaces
    /// output.lock_wait_seconds.
    #[arg(long)]
    wait: Option<u64>,
    /// Log format on stderr: text or json. Replaces run.log_format.
    #[arg(long)]
    log_format: Option<String>,
    /// Log level: error, warn, info, debug. Replaces run.log_level.
    #[arg(long)]
    log_level: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Read new and changed articles and publish a new snapshot of the tables.
    ///
    /// Exit status: 0 done; 1 done, some inputs of this run rejected (see the rejects table); 2 usage
    /// or configuration error; 3 the run failed (nothing published, the previous snapshot is
    /// current); 75 another run holds the output.
    Run {
        #[command(flatten)]
        settings: Settings,
        /// Input file, folder or glob; repeatable. Replaces input.paths.
        #[arg(long, short)]
        input: Vec<PathBuf>,
        /// Worker threads (0 = one per core, at most four per core). Replaces run.threads. The output is the same at any count.
        #[arg(long, short = 'j')]
        threads: Option<usize>,
        /// Never draw a progress bar (it is drawn only on a terminal anyway).
        #[arg(long)]
        no_progress: bool,
        /// Rebuild every table from the inputs instead of adding to the current snapshot.
        #[arg(long)]
        full_refresh: bool,
        /// Remove the rows of input files that are no longer found (input.prune_missing).
        #[arg(long)]
        prune_missing: bool,
    },
    /// List the runs on an output folder: status, mode, what they read and changed.
    Runs {
        #[command(flatten)]
        settings: Settings,
        /// One JSON manifest per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check the current snapshot against its manifest: files present, sizes and SHA-256, rows, no
    /// duplicate ids, ledger and articles in agreement. Exit status 4 when something is wrong.
    Verify {
        #[command(flatten)]
        settings: Settings,
    },
    /// Merge the files of every table partition into one, as a new snapshot (rows unchanged).
    Compact {
        #[command(flatten)]
        settings: Settings,
    },
    /// Print every table's columns, types and meaning (the text of TABLES.md).
    Schema,
    /// Train the entity tagger from silver-labelled text (`tools/ner/train.sh` runs this): writes the
    /// model and prints its agreement with the teacher on the held-back documents.
    #[command(hide = true)]
    TrainEntities {
        /// JSON Lines of {"id", "text", "ents": [[start, end, TYPE], ...], "heldout"}, offsets in
        /// code points (written by tools/ner/silver.py).
        #[arg(long)]
        silver: PathBuf,
        /// Where the model goes.
        #[arg(long, default_value = "data/models/entities-en.bin")]
        out: PathBuf,
        /// Passes over the training documents.
        #[arg(long, default_value_t = 6)]
        epochs: usize,
        /// Seed of the order in which documents are visited (the same seed trains the same model).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Leave out the features none of whose weights reaches this (in perceptron updates): a
        /// smaller model tags faster; 3 keeps the scores of keeping every feature.
        #[arg(long, default_value_t = 3.0)]
        min_weight: f32,
        /// A development gold set to score the model alone on (tests/data/ner-dev/gold.jsonl).
        #[arg(long, requires = "dev_articles")]
        dev_gold: Option<PathBuf>,
        /// The text of its articles (tools/ner/select_dev.py writes it).
        #[arg(long, requires = "dev_gold")]
        dev_articles: Option<PathBuf>,
    },
    /// Score an output folder against a gold file (precision, recall, F1 per category).
    Eval {
        /// Output folder written by `newsfacts run` (or one of its snapshots).
        output: PathBuf,
        /// Gold file, e.g. tests/data/seeds.gold.json.
        gold: PathBuf,
        /// Also list every miss and false positive.
        #[arg(long, short)]
        verbose: bool,
    },
}

/// Whether logs go out as JSON (then errors are only logged, so stderr stays JSON lines).
static JSON_LOGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Exit status of a failed command, by what failed.
fn exit_code(err: &anyhow::Error) -> u8 {
    match err.chain().find_map(|c| c.downcast_ref::<Error>()) {
        Some(Error::Locked { .. }) => 75,
        Some(
            Error::Config { .. }
            | Error::ConfigValue { .. }
            | Error::MissingInput(_)
            | Error::InputCollision { .. }
            | Error::Lang { .. }
            | Error::SettingsChanged { .. }
            | Error::NotAnOutput { .. },
        ) => 2,
        _ => 3,
    }
}

fn main() -> ExitCode {
    // A size-limited file system or `ulimit -f` must fail the write (and the run, cleanly), not kill
    // the process with SIGXFSZ.
    #[cfg(unix)]
    // SAFETY: ignoring a signal installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let code = exit_code(&err);
            tracing::error!(
                error = format!("{err:#}"),
                exit_code = code,
                "newsfacts failed"
            );
            eprintln!("newsfacts failed");
            for cause in err.chain() {
                eprintln!("  Cause: {cause}");
            }
            ExitCode::from(code)
        }
    }
}

fn load_config(
    settings: &Settings,
    overrides: newsfacts::config::Overrides,
) -> anyhow::Result<newsfacts::Config> {
    let path = settings
        .config
        .clone()
        .or_else(|| std::env::var_os("NEWSFACTS_CONFIG").map(PathBuf::from));
    let (text, path) = match path {
        Some(p) => {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::Config {
                path: p.clone(),
                message: e.to_string(),
            })?;
            (text, p)
        }
        None if Path::new("config/newsfacts.toml").exists() => {
            let p = PathBuf::from("config/newsfacts.toml");
            (std::fs::read_to_string(&p)?, p)
        }
        None => (String::new(), PathBuf::from("(built-in defaults)")),
    };
    let mut file = newsfacts::config::FileConfig::parse_with_env(&text, &path, std::env::vars())?;
    if let Some(f) = &settings.log_format {
        file.run.log_format = f.clone();
    }
    if let Some(l) = &settings.log_level {
        file.run.log_level = l.clone();
    }
    let overrides = newsfacts::config::Overrides {
        output_dir: settings.output.clone(),
        lock_wait_seconds: settings.wait,
        ..overrides
    };
    let log_format = file.run.log_format.clone();
    let log_level = file.run.log_level.clone();
    let cfg = newsfacts::Config::build(file, overrides)?;
    let filter = tracing_subscriber::EnvFilter::new(log_level);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if log_format == "json" {
        JSON_LOGS.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
    Ok(cfg)
}

fn print_rows(report: &newsfacts::RunReport) {
    eprintln!(
        "  {:<22} {:>10} {:>10} {:>10}",
        "table", "added", "removed", "total"
    );
    for t in &report.rows {
        eprintln!(
            "  {:<22} {:>10} {:>10} {:>10}",
            t.table, t.added, t.removed, t.total
        );
    }
}

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Schema => {
            print!("{}", newsfacts::tables::spec::render_markdown());
            Ok(ExitCode::SUCCESS)
        }
        Command::TrainEntities {
            silver,
            out,
            epochs,
            seed,
            min_weight,
            dev_gold,
            dev_articles,
        } => {
            // The rules-only configuration: training must not need the model it replaces.
            let mut file = newsfacts::config::FileConfig::defaults();
            file.extract.entities.recognizers = newsfacts::extract::entities::Recognizers::Rules;
            let overrides = newsfacts::config::Overrides {
                inputs: vec![".".into()],
                ..Default::default()
            };
            let cfg = newsfacts::Config::build(file, overrides)?;
            let started = std::time::Instant::now();
            let (model, agreement) = newsfacts::extract::entities::learned::training::run(
                &silver,
                &out,
                newsfacts::extract::entities::learned::training::Settings {
                    epochs,
                    seed,
                    min_weight,
                },
                &cfg.clean,
                cfg.extract.entities.registry,
                |line| eprintln!("train-entities: {line}"),
            )?;
            println!("agreement with the teacher on the held-back documents (exact spans):");
            print!("{}", agreement.report());
            if let (Some(gold), Some(articles)) = (dev_gold, dev_articles) {
                println!(
                    "the model alone on the development gold set {}:",
                    gold.display()
                );
                print!(
                    "{}",
                    newsfacts::extract::entities::learned::training::evaluate(
                        &model,
                        &gold,
                        &articles,
                        &cfg.clean,
                        cfg.extract.entities.registry,
                    )?
                );
            }
            eprintln!(
                "train-entities: done in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            output,
            gold,
            verbose,
        } => {
            let report = newsfacts::eval::evaluate(&output, &gold).with_context(|| {
                format!(
                    "failed to score {} against {}",
                    output.display(),
                    gold.display()
                )
            })?;
            print!("{}", report.render());
            if verbose {
                println!();
                for line in &report.details {
                    println!("{line}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            settings,
            input,
            threads,
            no_progress,
            full_refresh,
            prune_missing,
        } => {
            let cfg = load_config(
                &settings,
                newsfacts::config::Overrides {
                    inputs: input,
                    threads,
                    progress: no_progress.then_some(false),
                    full_refresh,
                    prune_missing,
                    ..Default::default()
                },
            )?;
            let report = newsfacts::run(&cfg)
                .context("the run did not finish; the previous snapshot is still current")?;
            let c = &report.counts;
            if cfg.log_json {
                // Schedulers parse stderr line by line: the summary is one more JSON object.
                let summary = serde_json::json!({
                    "level": "INFO",
                    "fields": {
                        "message": "run summary",
                        "run_id": report.run_id,
                        "mode": report.mode,
                        "seconds": report.elapsed.as_secs_f64(),
                        "counts": c,
                        "tables": report.rows,
                    },
                    "target": "newsfacts",
                });
                eprintln!("{summary}");
                return Ok(if c.rejected > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            eprintln!(
                "newsfacts: run {} ({}): {} files ({} unchanged), {} new, {} changed, {} removed, {} rejected; {} articles in {:.2}s -> {}",
                report.run_id,
                report.mode,
                c.files,
                c.files_unchanged,
                c.new,
                c.changed,
                c.removed,
                c.rejected,
                c.articles_total,
                report.elapsed.as_secs_f64(),
                report.output_dir.join("current").display()
            );
            print_rows(&report);
            Ok(if c.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Compact { settings } => {
            let cfg = load_config(&settings, Default::default())?;
            let report = newsfacts::pipeline::compact(&cfg)
                .context("compaction did not finish; the previous snapshot is still current")?;
            eprintln!(
                "newsfacts: run {} (compact) in {:.2}s",
                report.run_id,
                report.elapsed.as_secs_f64()
            );
            print_rows(&report);
            Ok(ExitCode::SUCCESS)
        }
        Command::Runs { settings, json } => {
            let cfg = load_config(&settings, Default::default())?;
            let runs = newsfacts::sinks::manifest::history(&cfg.output_dir.join("runs"));
            if json {
                for m in &runs {
                    println!("{}", serde_json::to_string(m)?);
                }
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<8} {:<11} {:<11} {:<24} {:>8} {:>6} {:>7} {:>7} {:>7} {:>8} {:>9}",
                "run",
                "status",
                "mode",
                "started",
                "seconds",
                "files",
                "new",
                "changed",
                "removed",
                "rejected",
                "articles"
            );
            for m in &runs {
                let c = &m.counts;
                println!(
                    "{:<8} {:<11} {:<11} {:<24} {:>8.2} {:>6} {:>7} {:>7} {:>7} {:>8} {:>9}",
                    m.run_id,
                    m.status,
                    m.mode,
                    m.started_at,
                    m.duration_seconds,
                    c.files,
                    c.new,
                    c.changed,
                    c.removed,
                    c.rejected,
                    c.articles_total
                );
                if let Some(e) = &m.error {
                    println!("         {e}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { settings } => {
            let cfg = load_config(&settings, Default::default())?;
            let report = newsfacts::sinks::verify::verify(&cfg.output_dir)?;
            for n in &report.notes {
                println!("note: {n}");
            }
            if report.problems.is_empty() {
                println!(
                    "ok: {} ({} files, {} rows checked)",
                    report.snapshot, report.files, report.rows
                );
                Ok(ExitCode::SUCCESS)
            } else {
                println!("{} problems in {}:", report.problems.len(), report.snapshot);
                for p in &report.problems {
                    println!("  {p}");
                }
                Ok(ExitCode::from(4))
            }
        }
    }
}
