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
    let file = FileConfig::parse(
        "[clean]\nassume_utc_offset = \"8h\"\n",
        Path::new("my.toml"),
    )
    .unwrap();
    let err = Config::build(file, Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("clean.assume_utc_offset"), "{err}");
    let file = FileConfig::parse("[input]\nbatch_size = 7\n", Path::new("my.toml")).unwrap();
    assert_eq!(
        (file.input.batch_size, file.input.max_doc_bytes),
        (7, FileConfig::defaults().input.max_doc_bytes)
    );
}

#[test]
fn word_lists_of_older_config_files_point_at_their_new_files() {
    let err = FileConfig::parse(
        "[extract.entities]\nperson_titles = [\"emir\"]\n",
        Path::new("old.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("old.toml")
            && err.contains("data/lang/en/entity_person_titles.txt")
            && err.contains("[lang] dir"),
        "{err}"
    );
    let err = FileConfig::parse(
        "[extract.quotes]\nspeech_verbs = [\"said\"]\n",
        Path::new("old.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("data/lang/en/speech_verbs.txt"), "{err}");
    // A key that never existed is still just unknown.
    let err = FileConfig::parse("[extract.quotes]\nverbs = 1\n", Path::new("old.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown key `extract.quotes.verbs`"), "{err}");
}

#[test]
fn an_assumed_offset_turns_printed_times_into_utc_instants() {
    let file = FileConfig::parse(
        "[clean]\nassume_utc_offset = \"+08:00\"\n",
        Path::new("beijing.toml"),
    )
    .unwrap();
    let cfg = Config::build(file, Overrides::default()).unwrap();
    let raw = newsfacts::ingest::RawArticle {
        text: "Title of the story\nPublished: Feb 03, 2022 10:12 PM\n\nBody text.".into(),
        ..Default::default()
    };
    let doc = newsfacts::clean::clean(raw.clone(), &cfg.clean);
    assert_eq!(
        doc.meta.published_at_utc.map(|t| t.to_string()).as_deref(),
        Some("2022-02-03 14:12:00")
    );
    let doc = newsfacts::clean::clean(raw, &crate::support::config().clean);
    assert_eq!(
        (
            doc.meta.published_at_utc,
            doc.meta.published_local_time.as_deref()
        ),
        (None, Some("22:12"))
    );
}

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn environment_variables_override_the_file_and_flags_override_both() {
    let file = FileConfig::parse_with_env(
        "[dedup]\nnear_threshold = 0.7\n[output]\ndir = \"from-file\"\n",
        Path::new("test.toml"),
        env(&[
            ("NEWSFACTS_DEDUP__NEAR_THRESHOLD", "0.6"),
            ("NEWSFACTS_INPUT", "feeds/a.jsonl, feeds/b.jsonl"),
            ("NEWSFACTS_OUTPUT", "from-env"),
            ("NEWSFACTS_EXTRACT__FIGURES__BARE_NUMBERS", "false"),
            ("NEWSFACTS_CLEAN__TAIL_MARKERS", "['^the end$']"),
            ("NEWSFACTS_PYTHON", "ignored: not a setting"),
        ]),
    )
    .unwrap();
    assert_eq!(file.dedup.near_threshold, 0.6);
    assert_eq!(
        file.input.paths,
        vec![Path::new("feeds/a.jsonl"), Path::new("feeds/b.jsonl")]
    );
    assert!(!file.extract.figures.bare_numbers);
    assert_eq!(file.clean.tail_markers, vec!["^the end$".to_string()]);
    let cfg = Config::build(
        file,
        Overrides {
            output_dir: Some("from-flag".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(cfg.output_dir, Path::new("from-flag"));
}

#[test]
fn an_environment_variable_that_names_no_setting_is_an_error() {
    for (var, expected) in [
        (
            "NEWSFACTS_DEDUP__NEAR_THRESHHOLD",
            "NEWSFACTS_DEDUP__NEAR_THRESHHOLD names no setting",
        ),
        (
            "NEWSFACTS_OUTPUT__DIR__X",
            "NEWSFACTS_OUTPUT__DIR__X names no setting",
        ),
    ] {
        let err = FileConfig::parse_with_env("", Path::new("t.toml"), env(&[(var, "1")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
    }
    let err = FileConfig::parse_with_env(
        "",
        Path::new("t.toml"),
        env(&[("NEWSFACTS_DEDUP__NEAR_THRESHOLD", "high")]),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("near_threshold"), "{err}");
}
