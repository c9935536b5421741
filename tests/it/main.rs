//! The single integration-test binary (one link of the library). Modules by subject.

mod cli;
mod config;
mod dates;
mod figures;
mod clean;
mod peers;
mod properties;
mod robustness;
mod support;
mod tables;
