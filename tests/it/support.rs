//! Helpers shared by the test modules: build a `Doc` from text the way a run does.

use std::path::{Path, PathBuf};

use newsfacts::config::{Config, FileConfig, Overrides};
use newsfacts::extract::{self, Facts};
use newsfacts::ingest::RawArticle;
use newsfacts::model::Doc;

/// The default configuration, as a run without --config would use it (built once: its patterns
/// are compiled when it is built).
pub fn config() -> Config {
    static BUILT: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            Config::build(
                FileConfig::defaults(),
                Overrides {
                    inputs: vec!["input".into()],
                    ..Default::default()
                },
            )
            .expect("default config builds")
        })
        .clone()
}

/// Cleans `text` as an article with an optional publication date (YYYY-MM-DD) given by the record.
pub fn doc(text: &str, published: Option<&str>) -> Doc {
    let raw = RawArticle {
        source: "test.txt".into(),
        origin: "test.txt".into(),
        text: text.into(),
        published: published.map(str::to_string),
        ..Default::default()
    };
    newsfacts::clean::clean(raw, &config().clean)
}

/// Cleans and extracts.
pub fn facts(text: &str, published: Option<&str>) -> (Doc, Facts) {
    let d = doc(text, published);
    let f = extract::extract_all(&d, &config().extract);
    (d, f)
}

/// Repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed articles shipped with the tests.
pub fn seeds_dir() -> PathBuf {
    repo().join("tests/data/seeds")
}

/// Runs the CLI; returns (exit code, stdout, stderr).
pub fn newsfacts(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `newsfacts run --no-progress -i INPUT -o OUT [extra...]`; returns (exit code, stdout, stderr).
pub fn run_on(input: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "run",
        "--no-progress",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    newsfacts(&args, &repo())
}

/// The rows of a CSV file of the output, as column → value maps.
pub fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every row of a table of the output's current snapshot (all CSV partition files, in path order).
pub fn table_rows(out: &Path, table: &str) -> Vec<std::collections::HashMap<String, String>> {
    let dir = out.join("current/csv").join(table);
    assert!(dir.is_dir(), "{} is not a folder", dir.display());
    newsfacts::sinks::layout::files_under(&dir)
        .iter()
        .flat_map(|f| csv_rows(f))
        .collect()
}

/// Records that `test` did not run its checks and why: printed, and appended to the file named by
/// `NEWSFACTS_SKIP_LOG` (scripts/test sets it and lists the skipped tests after cargo's summary, which
/// hides a passing test's output). With `NEWSFACTS_REQUIRE_SHARED=1` (CI, which has ../shared) a skip
/// fails the test instead.
pub fn skip(test: &str, reason: &str) {
    assert!(
        std::env::var("NEWSFACTS_REQUIRE_SHARED").as_deref() != Ok("1"),
        "{test}: {reason} (NEWSFACTS_REQUIRE_SHARED=1: this run must have the shared data)"
    );
    eprintln!("SKIPPED {test}: {reason}");
    if let Ok(log) = std::env::var("NEWSFACTS_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = writeln!(f, "{test}: {reason}");
        }
    }
}
