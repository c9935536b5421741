//! newsfacts turns news articles (plain text, HTML, JSON Lines; gzipped or not) into analytic tables:
//! articles, figures (money, percentages, counts with their context), dates (TIMEX3-normalized),
//! entities (people, organizations, places), quotes with their speakers, events with their
//! participants, duplicate articles, event clusters across articles, and rejects. Every fact row
//! points back to a char span of its article's text.
//!
//! Stage order lives in `pipeline`: ingest → clean → extract → dedup → link → tables → sinks, then
//! cluster at the end of the run. See ARCHITECTURE.md.
#![deny(missing_docs)]

pub mod clean;
pub mod cluster;
pub mod config;
pub mod dedup;
pub mod error;
pub mod eval;
pub mod extract;
pub mod failpoint;
pub mod ingest;
pub mod lang;
pub mod link;
pub mod model;
pub mod pipeline;
pub mod sinks;
pub mod state;
pub mod tables;
pub mod text;

pub use config::Config;
pub use error::{Error, Result};
pub use pipeline::{RunReport, run};
