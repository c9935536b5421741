//! Sinks: frames → files, and the output folder as a history of complete snapshots.
//!
//! ```text
//! <output>/
//!   current -> snapshots/r000007       symlink, swapped atomically when a run publishes
//!   snapshots/r000007/                 one complete, immutable state of every table
//!     articles/published_month=1987-03/part-r000005-00000.parquet
//!     csv/articles/published_month=1987-03/part-r000005-00000.csv
//!     _state/ledger/...  _state/input_files/...
//!     manifest.json                    files with sizes, rows and SHA-256; counts; stage times
//!   runs/r000007.json                  the manifest of every run, also failed and interrupted ones
//!   .lock                              held (flock) by the run writing; released by the kernel on death
//!   .staging-r000008/                  the snapshot being built (removed if its run dies)
//! ```
//!
//! A run hard-links the files of the current snapshot into its staging folder, adds its own files,
//! replaces files that hold changed articles (copy-on-write: a file is never modified once written),
//! writes the manifest, renames the folder into `snapshots/` and swaps `current`. Readers of
//! `current` therefore see the previous snapshot or the new one, never a mix; an interrupted run
//! leaves `current` as it was. This is one of the two stages allowed to do IO (the other is `ingest`).

pub mod edit;
pub mod layout;
pub mod lock;
pub mod manifest;
pub mod verify;
mod writer;
pub use writer::SinkConfig;

pub use layout::{Layout, resolve_snapshot};
pub use lock::OutputLock;
pub use manifest::{FileEntry, Manifest};
pub use writer::Writer;
pub use writer::partition_dir as writer_partition_dir;
pub use writer::{read_parquet, spec_of};
