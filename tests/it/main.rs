//! The single integration-test binary (one link of the library). Modules by subject.

mod clean;
mod cli;
mod config;
mod dates;
mod entities;
mod events;
mod figures;
mod hostile;
mod peers;
mod properties;
mod robustness;
mod runs;
mod support;
mod tables;
