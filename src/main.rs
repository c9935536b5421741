//! The `newsfacts` command line: arguments → `Config` → `newsfacts::run` → exit code.
//! Exit codes: 0 = finished, no rejects; 1 = finished, some inputs rejected; 2 = failed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// Turn news articles into analytic tables (Parquet + CSV) of figures and dates.
#[derive(Parser)]
#[command(name = "newsfacts", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and write the tables.
    ///
    /// Exit status: 0 when every input became an article, 1 when some were rejected (see the rejects
    /// table), 2 when the run failed (nothing published; the previous output is untouched).
    Run {
        /// Config file (keys not given keep their defaults; see config/newsfacts.toml).
        #[arg(long, short, default_value = "config/newsfacts.toml")]
        config: PathBuf,
        /// Input file or folder; repeatable. Replaces input.paths from the config.
        #[arg(long, short)]
        input: Vec<PathBuf>,
        /// Output folder. Replaces output.dir from the config.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Worker threads (0 = one per core). The output is identical at any count.
        #[arg(long, short = 'j', default_value_t = 0)]
        threads: usize,
        /// Never draw a progress bar (it is drawn only on a terminal anyway).
        #[arg(long)]
        no_progress: bool,
        /// Log level: error, warn, info, debug.
        #[arg(long, default_value = "warn")]
        log_level: String,
    },
    /// Print every table's columns, types and meaning (the text of TABLES.md).
    Schema,
    /// Score an output folder against a gold file (precision, recall, F1 per category).
    Eval {
        /// Output folder written by `newsfacts run`.
        output: PathBuf,
        /// Gold file, e.g. tests/data/seeds.gold.json.
        gold: PathBuf,
        /// Also list every miss and false positive.
        #[arg(long, short)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
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
            eprintln!("newsfacts failed");
            for cause in err.chain() {
                eprintln!("  Cause: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Schema => {
            print!("{}", newsfacts::tables::spec::render_markdown());
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
            config,
            input,
            output,
            threads,
            no_progress,
            log_level,
        } => {
            tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(log_level))
                .with_writer(std::io::stderr)
                .init();
            let file = if config.exists() || config != std::path::Path::new("config/newsfacts.toml")
            {
                newsfacts::config::FileConfig::load(&config)?
            } else {
                newsfacts::config::FileConfig::defaults()
            };
            let overrides = newsfacts::config::Overrides {
                inputs: input,
                output_dir: output,
                threads,
                progress: !no_progress,
            };
            let cfg = newsfacts::Config::build(file, overrides)?;
            let report = newsfacts::run(&cfg)
                .context("the run did not finish; the previous output is untouched")?;
            eprintln!(
                "newsfacts: {} files, {} articles, {} rejected in {:.2}s -> {}",
                report.input_files,
                report.documents,
                report.rejected,
                report.elapsed.as_secs_f64(),
                report.output_dir.display()
            );
            for (table, rows) in &report.rows {
                eprintln!("  {table:<10} {rows:>9} rows");
            }
            Ok(if report.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
