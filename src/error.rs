//! The library's one error type. User errors (bad config, unreadable output folder) say which file or
//! key and what was expected; internal errors are bugs and say so. A problem in one document is never an
//! `Error`: it becomes a `Reject` row and the run goes on.

use std::path::PathBuf;

/// Everything that can stop a whole run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file could not be read or parsed.
    #[error("failed to read config {path}: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What was wrong, naming the key.
        message: String,
    },
    /// A configuration value is invalid.
    #[error("invalid config value for `{key}`: {message}")]
    ConfigValue {
        /// Dotted key, e.g. `ingest.max_doc_bytes`.
        key: String,
        /// What was expected.
        message: String,
    },
    /// A language list (`data/lang/<code>/`, or the `[lang] dir` copy) is missing or malformed.
    #[error("language list {path}: {message}")]
    Lang {
        /// The list's file.
        path: PathBuf,
        /// What was wrong and what to do.
        message: String,
    },
    /// A model file (`data/models/`) cannot be read or its training data is malformed.
    #[error("model {path}: {message}")]
    Model {
        /// The model or training file.
        path: PathBuf,
        /// What was wrong and what to do.
        message: String,
    },
    /// An input path does not exist.
    #[error("input path {0} does not exist: pass an existing file or folder with --input")]
    MissingInput(PathBuf),
    /// Two inputs would be one source in the output.
    #[error(
        "{first} and {second} would both be named {name:?} in the output: rename one of them, or pass their folders so that their paths differ"
    )]
    InputCollision {
        /// The name both would get.
        name: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// Writing the output failed.
    #[error("failed to write {path}: {source}")]
    Write {
        /// File or folder being written.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// Reading a file the run needs (not an article) failed.
    #[error("failed to read {path}: {source}")]
    Read {
        /// File being read.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// Building or writing a table failed.
    #[error("failed to build table {table}: {message}")]
    Table {
        /// Table name.
        table: &'static str,
        /// Polars' message.
        message: String,
    },
    /// Evaluation input is malformed.
    #[error("failed to evaluate: {0}")]
    Eval(String),
    /// The output folder holds something newsfacts did not write.
    #[error(
        "{path} is not a newsfacts output folder (it holds {found}): choose an empty or new folder with --output"
    )]
    NotAnOutput {
        /// The folder.
        path: PathBuf,
        /// What was found.
        found: String,
    },
    /// Another run holds the output folder.
    #[error(
        "another newsfacts run is writing {path} ({holder}): wait for it, or pass --wait <seconds>"
    )]
    Locked {
        /// The output folder.
        path: PathBuf,
        /// Who holds the lock.
        holder: String,
    },
    /// The snapshot was written with settings that change rows, or by another version.
    #[error(
        "the output {path} was written with other extraction settings or another newsfacts version ({message}): rerun with --full-refresh to rebuild it from the inputs, or restore the old settings"
    )]
    SettingsChanged {
        /// The output folder.
        path: PathBuf,
        /// What differs.
        message: String,
    },
    /// A state or manifest file is damaged.
    #[error(
        "{path} is damaged: {message}; run `newsfacts verify` and, if it cannot be repaired, --full-refresh"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A bug in newsfacts.
    #[error("internal error (this is a bug, please report it): {0}")]
    Internal(String),
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
