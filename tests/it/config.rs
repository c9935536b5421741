//! Configuration files: every file under config/ loads and builds; unknown keys are named.

use std::path::Path;

use crate::support::repo;
use newsfacts::config::{Config, FileConfig, Overrides};

#[test]
fn every_config_file_loads_and_builds() {
    let mut seen = 0;
    let mut stack = vec![repo().join("config")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                let file = FileConfig::load(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                Config::build(file, Overrides::default())
                    .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                seen += 1;
            }
        }
    }
    assert!(seen >= 2, "config/newsfacts.toml and at least one example");
}

#[test]
fn the_shipped_file_is_the_default() {
    let file = FileConfig::load(&repo().join("config/newsfacts.toml")).unwrap();
    assert_eq!(file, FileConfig::defaults());
}

#[test]
fn unknown_keys_and_bad_values_are_named() {
    let err = FileConfig::parse("[input]\nbatch_sise = 10\n", Path::new("my.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("my.toml") && err.contains("input.batch_sise"),
        "{err}"
    );
    let err = FileConfig::parse("[input]\nbatch_size = \"ten\"\n", Path::new("my.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("batch_size"), "{err}");
    let file =
        FileConfig::parse("[clean]\nfurniture_lines = ['(']\n", Path::new("my.toml")).unwrap();
    let err = Config::build(file, Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("clean.furniture_lines"), "{err}");
    let file = FileConfig::parse("[input]\nbatch_size = 7\n", Path::new("my.toml")).unwrap();
    assert_eq!(
        (file.input.batch_size, file.input.max_doc_bytes),
        (7, FileConfig::defaults().input.max_doc_bytes)
    );
}
