//! Configuration: `config/newsfacts.toml` (embedded as the defaults) → `FileConfig` (serde) → `Config`
//! (validated, regexes compiled). A user file is merged key by key over the defaults; a key the
//! defaults do not have is an error that names it.

use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::error::{Error, Result};

// Each stage owns its file section and its built config; this module composes them.
pub use crate::clean::{CleanConfig, CleanFile};
pub use crate::dedup::{DedupConfig, DedupFile};
pub use crate::extract::dates::{DatesConfig, DatesFile};
pub use crate::extract::events::EventsConfig;
pub use crate::extract::figures::{FiguresConfig, FiguresFile};
pub use crate::extract::quotes::QuotesFile;
pub use crate::extract::{ExtractConfig, ExtractFile};
pub use crate::ingest::{FieldNames, IngestConfig, InputSettings as InputFile};
pub use crate::sinks::SinkConfig;
pub use crate::text::hex;

/// The default configuration file, compiled in so that the file in the repo *is* the default.
pub const DEFAULT_TOML: &str = include_str!("../config/newsfacts.toml");

/// The configuration file as written (all sections, defaults filled in).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FileConfig {
    pub input: InputFile,
    pub clean: CleanFile,
    pub extract: ExtractFile,
    pub dedup: DedupFile,
    pub clusters: ClustersFile,
    pub output: OutputFile,
    pub run: RunFile,
    pub lang: LangFile,
}

/// `[lang]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LangFile {
    pub dir: PathBuf,
}

/// `[run]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RunFile {
    pub threads: usize,
    pub progress: bool,
    pub log_format: String,
    pub log_level: String,
}

/// `[clusters]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ClustersFile {
    pub max_day_gap: i64,
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct OutputFile {
    pub dir: PathBuf,
    pub csv: bool,
    pub zstd_level: i32,
    pub keep_snapshots: usize,
    pub compact_min_files: usize,
    pub fsync: bool,
    pub lock_wait_seconds: u64,
}

impl FileConfig {
    /// The built-in defaults (the embedded `config/newsfacts.toml`).
    pub fn defaults() -> FileConfig {
        toml::from_str(DEFAULT_TOML).expect("embedded config/newsfacts.toml is valid (tested)")
    }

    /// Parses a user config, merging it over the defaults.
    ///
    /// # Errors
    /// A TOML syntax error, a key that does not exist, or a value of the wrong type; the message names
    /// the file and the key.
    pub fn parse(text: &str, path: &Path) -> Result<FileConfig> {
        FileConfig::parse_with_env(text, path, std::iter::empty())
    }

    /// Like `parse`, then applies `NEWSFACTS_*` environment variables from `vars` (see `env_overrides`).
    ///
    /// # Errors
    /// See `parse`; an environment variable that names no key is an error naming the variable.
    pub fn parse_with_env(
        text: &str,
        path: &Path,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<FileConfig> {
        let err = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let user: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_TOML).expect("embedded default is valid");
        merge(&mut merged, user, "").map_err(err)?;
        env_overrides(&mut merged, vars).map_err(|message| Error::Config {
            path: PathBuf::from("(environment)"),
            message,
        })?;
        toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))
    }

    /// Reads and parses a config file.
    ///
    /// # Errors
    /// See `parse`; also when the file cannot be read.
    pub fn load(path: &Path) -> Result<FileConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        FileConfig::parse(&text, path)
    }
}

/// Shorthand variables and the key each sets.
pub const ENV_SHORTHANDS: &[(&str, &str)] = &[
    ("NEWSFACTS_INPUT", "input.paths"),
    ("NEWSFACTS_OUTPUT", "output.dir"),
    ("NEWSFACTS_THREADS", "run.threads"),
    ("NEWSFACTS_BATCH_SIZE", "input.batch_size"),
    ("NEWSFACTS_LOG_FORMAT", "run.log_format"),
    ("NEWSFACTS_LOG_LEVEL", "run.log_level"),
];

/// Applies environment overrides: `NEWSFACTS_<SECTION>__<KEY>` (sections and keys joined by double
/// underscores, any case: `NEWSFACTS_DEDUP__NEAR_THRESHOLD=0.6`) sets that key, and the shorthands of
/// `ENV_SHORTHANDS` set theirs. A value is read as TOML (`0.6`, `true`, `["a", "b"]`) and otherwise as
/// a string; a list key given a plain string takes it as comma-separated items. A double-underscore
/// variable that names no key is an error naming it. Other `NEWSFACTS_*` variables are ignored.
fn env_overrides(
    table: &mut toml::Table,
    vars: impl IntoIterator<Item = (String, String)>,
) -> std::result::Result<(), String> {
    let mut sets: Vec<(String, String, String)> = Vec::new();
    for (name, value) in vars {
        let Some(rest) = name.strip_prefix("NEWSFACTS_") else {
            continue;
        };
        if let Some((_, key)) = ENV_SHORTHANDS.iter().find(|(n, _)| *n == name) {
            sets.push((name.clone(), key.to_string(), value));
        } else if rest.contains("__") {
            let key = rest.to_lowercase().replace("__", ".");
            sets.push((name.clone(), key, value));
        }
    }
    sets.sort();
    for (var, key, value) in sets {
        let parts: Vec<&str> = key.split('.').collect();
        set_key(table, &parts, &value)
            .map_err(|why| format!("{var} names no setting: {why} `{key}`"))?;
    }
    Ok(())
}

fn set_key(
    table: &mut toml::Table,
    parts: &[&str],
    value: &str,
) -> std::result::Result<(), &'static str> {
    let Some((first, rest)) = parts.split_first() else {
        return Err("there is no key");
    };
    let Some(v) = table.get_mut(*first) else {
        return Err("there is no key");
    };
    if !rest.is_empty() {
        return match v {
            toml::Value::Table(t) => set_key(t, rest, value),
            _ => Err("there is no section"),
        };
    }
    let parsed = toml::from_str::<toml::Table>(&format!("v = {value}"))
        .ok()
        .and_then(|mut t| t.remove("v"));
    *v = match (&*v, parsed) {
        (toml::Value::Array(_), Some(p @ toml::Value::Array(_))) => p,
        (toml::Value::Array(_), _) => toml::Value::Array(
            value
                .split(',')
                .map(|x| toml::Value::String(x.trim().to_string()))
                .filter(|x| x.as_str() != Some(""))
                .collect(),
        ),
        (toml::Value::String(_), _) => toml::Value::String(value.to_string()),
        (_, Some(p)) => p,
        (_, None) => toml::Value::String(value.to_string()),
    };
    Ok(())
}

/// Config keys of newsfacts 0.1 that became word lists, and their files.
const MOVED_TO_LANG: &[(&str, &str)] = &[
    ("extract.entities.person_titles", "entity_person_titles.txt"),
    ("extract.entities.org_heads", "entity_org_heads.txt"),
    (
        "extract.entities.org_descriptors",
        "entity_org_descriptors.txt",
    ),
    (
        "extract.entities.region_designators",
        "entity_region_designators.txt",
    ),
    ("extract.quotes.speech_verbs", "speech_verbs.txt"),
    ("extract.figures.metrics", "figure_metrics.txt"),
];

fn merge(
    base: &mut toml::Table,
    user: toml::Table,
    prefix: &str,
) -> std::result::Result<(), String> {
    for (key, value) in user {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (base.get_mut(&key), value) {
            (None, _) => {
                let moved: Vec<String> = MOVED_TO_LANG
                    .iter()
                    .filter(|(k, _)| *k == dotted || k.starts_with(&format!("{dotted}.")))
                    .map(|(k, file)| format!("`{k}` is now data/lang/en/{file}"))
                    .collect();
                if !moved.is_empty() {
                    return Err(format!(
                        "{}: word lists moved out of the config file in newsfacts 0.2; copy data/lang/en, edit the copy and set [lang] dir to it",
                        moved.join(", ")
                    ));
                }
                let known: Vec<&String> = base.keys().collect();
                return Err(format!("unknown key `{dotted}`: expected one of {known:?}"));
            }
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) => merge(b, u, &dotted)?,
            (Some(slot), v) => *slot = v,
        }
    }
    Ok(())
}

/// Validated runtime configuration. Built once per run and passed by reference.
#[derive(Debug, Clone)]
pub struct Config {
    /// Inputs, after CLI overrides.
    pub inputs: Vec<PathBuf>,
    /// Output folder, after CLI overrides.
    pub output_dir: PathBuf,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
    /// Ingest settings.
    pub ingest: IngestConfig,
    /// Cleaning settings.
    pub clean: CleanConfig,
    /// Extractor settings.
    pub extract: ExtractConfig,
    /// Duplicate detection settings.
    pub dedup: DedupConfig,
    /// Event clustering settings.
    pub clusters: ClustersFile,
    /// Sink settings.
    pub sinks: SinkConfig,
    /// The language lists every stage reads (`[lang] dir`, or the compiled-in `data/lang/en`).
    pub lang: std::sync::Arc<crate::lang::Lang>,
    /// SHA-256 of the effective configuration (hex), recorded in the manifest.
    pub hash: String,
    /// SHA-256 of the settings that change rows (input reading, cleaning, extraction).
    pub extraction_hash: String,
    /// Rebuild the output from the inputs instead of adding to it.
    pub full_refresh: bool,
    /// Remove the rows of input files that are no longer found.
    pub prune_missing: bool,
    /// Snapshots kept, the current one included (`[output] keep_snapshots`).
    pub keep_snapshots: usize,
    /// Partitions with at least this many files are merged at the end of a run (0 = never).
    pub compact_min_files: usize,
    /// How long to wait for another run's lock.
    pub lock_wait: std::time::Duration,
    /// Logs and the run summary as JSON lines.
    pub log_json: bool,
}

/// Runtime overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces `input.paths` when not empty.
    pub inputs: Vec<PathBuf>,
    /// Replaces `output.dir`.
    pub output_dir: Option<PathBuf>,
    /// Replaces `run.threads` when set.
    pub threads: Option<usize>,
    /// `Some(false)` turns the progress bar off.
    pub progress: Option<bool>,
    /// Rebuild everything.
    pub full_refresh: bool,
    /// Turns `input.prune_missing` on.
    pub prune_missing: bool,
    /// Replaces `output.lock_wait_seconds` when set.
    pub lock_wait_seconds: Option<u64>,
}

fn compile(patterns: &[String], key: &str) -> Result<Vec<Regex>> {
    patterns
        .iter()
        .map(|p| {
            RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(|e| Error::ConfigValue {
                    key: key.to_string(),
                    message: format!("pattern {p:?} is not a valid regular expression: {e}"),
                })
        })
        .collect()
}

impl Config {
    /// Validates a `FileConfig`, applies overrides and compiles patterns.
    ///
    /// # Errors
    /// An invalid regex, a zero batch size or a zstd level out of range; the message names the key.
    pub fn build(file: FileConfig, overrides: Overrides) -> Result<Config> {
        let bad = |key: &str, message: &str| Error::ConfigValue {
            key: key.into(),
            message: message.into(),
        };
        if file.input.batch_size == 0 {
            return Err(bad(
                "input.batch_size",
                "expected a positive number of documents",
            ));
        }
        if file.input.batch_bytes < 1024 {
            return Err(bad(
                "input.batch_bytes",
                "expected at least 1024 bytes of text per batch",
            ));
        }
        if file.input.max_doc_bytes < 1024 {
            return Err(bad("input.max_doc_bytes", "expected at least 1024 bytes"));
        }
        if !(1..=22).contains(&file.output.zstd_level) {
            return Err(bad("output.zstd_level", "expected a level from 1 to 22"));
        }
        let inputs = if overrides.inputs.is_empty() {
            file.input.paths.clone()
        } else {
            overrides.inputs
        };
        if inputs.is_empty() {
            return Err(bad("input.paths", "expected at least one input path"));
        }
        let output_dir = overrides
            .output_dir
            .unwrap_or_else(|| file.output.dir.clone());
        let hash = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update(format!("{file:?}").as_bytes());
            hex(&h.finalize())
        };
        let lang = if file.lang.dir.as_os_str().is_empty() {
            crate::lang::Lang::builtin()
        } else {
            std::sync::Arc::new(crate::lang::Lang::load(&file.lang.dir)?)
        };
        let numbers = std::sync::Arc::new(crate::lang::NumberWords::from_lang(&lang)?);
        let calendar = std::sync::Arc::new(lang.calendar()?);
        // Paths, batch size, threads and output settings change where rows go, not what they say;
        // dedup and cluster settings only change what every run recomputes anyway. The language
        // lists and the registry tables change rows as settings do: their content is hashed (not
        // the folder's name).
        let entities =
            crate::extract::entities::EntitiesConfig::from_file(&file.extract.entities, &lang)?;
        let extraction_hash = {
            use sha2::Digest;
            let mut input = file.input.clone();
            input.paths.clear();
            input.batch_size = 0;
            input.batch_bytes = 0;
            input.prune_missing = false;
            let mut h = sha2::Sha256::new();
            h.update(format!("{input:?}{:?}{:?}", file.clean, file.extract).as_bytes());
            h.update(lang.fingerprint().as_bytes());
            h.update(crate::extract::entities::registry::fingerprint().as_bytes());
            if let Some(model) = entities.model_fingerprint() {
                h.update(model.as_bytes());
            }
            hex(&h.finalize())
        };
        if !["text", "json"].contains(&file.run.log_format.as_str()) {
            return Err(bad("run.log_format", "expected \"text\" or \"json\""));
        }
        let dates = DatesConfig::new(
            &file.extract.dates,
            &lang,
            numbers.clone(),
            calendar.clone(),
        )?;
        Ok(Config {
            inputs,
            output_dir,
            threads: overrides.threads.unwrap_or(file.run.threads),
            progress: overrides.progress.unwrap_or(file.run.progress),
            ingest: IngestConfig {
                text_extensions: file.input.text_extensions.clone(),
                jsonl_extensions: file.input.jsonl_extensions.clone(),
                html_extensions: file.input.html_extensions.clone(),
                batch_size: file.input.batch_size,
                batch_bytes: file.input.batch_bytes,
                max_doc_bytes: file.input.max_doc_bytes,
                max_file_bytes: file.input.max_file_bytes,
                fields: file.input.fields.clone(),
            },
            clean: CleanConfig {
                furniture_lines: compile(&file.clean.furniture_lines, "clean.furniture_lines")?,
                furniture_phrases: compile(
                    &file.clean.furniture_phrases,
                    "clean.furniture_phrases",
                )?,
                tail_markers: compile(&file.clean.tail_markers, "clean.tail_markers")?,
                repeated_line_min_chars: file.clean.repeated_line_min_chars,
                assume_utc_offset_minutes: parse_offset(&file.clean.assume_utc_offset).ok_or_else(
                    || {
                        bad(
                            "clean.assume_utc_offset",
                            "expected an offset such as \"+08:00\", \"-05:00\", \"Z\" or \"\"",
                        )
                    },
                )?,
                languages: file.extract.languages.clone(),
                language_min_chars: file.extract.language_min_chars,
                sentence_words: crate::clean::SentenceWords::new(&lang),
                calendar,
                header_cues: crate::clean::meta::HeaderCues::new(&lang)?,
                function_words: crate::clean::FunctionWords::new(&lang)?,
            },
            extract: ExtractConfig {
                figures: FiguresConfig::new(
                    &file.extract.figures,
                    &lang,
                    numbers.clone(),
                    dates.clone(),
                )?,
                dates,
                entities,
                quotes: crate::extract::quotes::QuotesConfig::new(&file.extract.quotes, &lang)?,
                events: EventsConfig::new(&lang)?,
            },
            dedup: DedupConfig {
                enabled: file.dedup.enabled,
                near_threshold: if (0.0..=1.0).contains(&file.dedup.near_threshold) {
                    file.dedup.near_threshold
                } else {
                    return Err(bad("dedup.near_threshold", "expected a number from 0 to 1"));
                },
                min_words: file.dedup.min_words,
            },
            clusters: if file.clusters.max_day_gap >= 0 {
                file.clusters.clone()
            } else {
                return Err(bad("clusters.max_day_gap", "expected 0 or more days"));
            },
            sinks: SinkConfig {
                csv: file.output.csv,
                zstd_level: file.output.zstd_level,
                fsync: file.output.fsync,
            },
            lang,
            hash,
            extraction_hash,
            full_refresh: overrides.full_refresh,
            prune_missing: overrides.prune_missing || file.input.prune_missing,
            keep_snapshots: file.output.keep_snapshots.max(1),
            compact_min_files: file.output.compact_min_files,
            log_json: file.run.log_format == "json",
            lock_wait: std::time::Duration::from_secs(
                overrides
                    .lock_wait_seconds
                    .unwrap_or(file.output.lock_wait_seconds),
            ),
        })
    }
}

/// Parses "+08:00", "-0500", "Z" or "" (no offset): `Some(None)` for "", `None` when malformed.
fn parse_offset(s: &str) -> Option<Option<i32>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return Some(Some(0));
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    (h <= 14 && m < 60).then_some(Some(sign * (h * 60 + m)))
}

/// Helpers for the library's unit tests: the default configuration, and a cleaned document.
#[cfg(test)]
pub(crate) mod testing {
    use crate::config::{Config, FileConfig, Overrides};
    use crate::model::{Doc, RawArticle};

    /// The default configuration, built once (its patterns are compiled when it is built).
    pub(crate) fn config() -> &'static Config {
        static BUILT: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        BUILT.get_or_init(|| {
            let overrides = Overrides {
                inputs: vec!["input".into()],
                ..Default::default()
            };
            Config::build(FileConfig::defaults(), overrides).expect("default config builds")
        })
    }

    /// `text` cleaned as an article, with an optional publication date (YYYY-MM-DD).
    pub(crate) fn doc(text: &str, published: Option<&str>) -> Doc {
        let raw = RawArticle {
            source: "t.txt".into(),
            origin: "t.txt".into(),
            text: text.into(),
            published: published.map(str::to_string),
            ..Default::default()
        };
        crate::clean::clean(raw, &config().clean)
    }
}
