//! End to end through the binary: the seeds into tables, scored by `newsfacts eval`; determinism;
//! exit codes; outputs load in Python. Runs over time (incremental, crashes, locks): `runs.rs`.

use std::path::Path;

use crate::support::{newsfacts, repo, run_on, seeds_dir};

fn run_seeds(out: &Path, extra: &[&str]) -> (i32, String, String) {
    run_on(&seeds_dir(), out, extra)
}

fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((
                    p.strip_prefix(root).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn seeds_score_as_the_issue_requires() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = run_seeds(&out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("5 new, 0 changed, 0 removed, 0 rejected; 5 articles"),
        "{err}"
    );
    let snapshot = out.join("current");
    for (table, partition) in [
        ("articles", "published_month=2022-02"),
        ("figures", "published_month=2022-02"),
        ("dates", "published_month=unknown"),
    ] {
        let dir = snapshot.join(table).join(partition);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "{dir:?}");
        let csv = snapshot.join("csv").join(table).join(partition);
        assert_eq!(std::fs::read_dir(&csv).unwrap().count(), 1, "{csv:?}");
    }
    let report =
        newsfacts::eval::evaluate(&out, &repo().join("tests/data/seeds.gold.json")).unwrap();
    let f1 = |c: &str| report.score(c).unwrap().f1();
    assert_eq!(f1("money"), 1.0, "{}", report.render());
    assert_eq!(f1("percent"), 1.0, "{}", report.render());
    assert!(f1("dates") >= 0.9, "{}", report.render());
    assert_eq!(f1("linked_figures"), 1.0, "{}", report.render());
    assert_eq!(
        report.field("published_date"),
        Some((5, 5)),
        "{:#?}",
        report.details
    );
    assert_eq!(
        report.field("dateline_place"),
        Some((5, 5)),
        "{:#?}",
        report.details
    );
    // The same through the command.
    let (code, stdout, _) = newsfacts(
        &["eval", out.to_str().unwrap(), "tests/data/seeds.gold.json"],
        &repo(),
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("published_date       5/5"), "{stdout}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(snapshot.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["new"], 5);
    assert_eq!(manifest["run_id"], "r000001");
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "figures/published_month=2022-02/part-r000001-00000.parquet")
    );
}

/// Every file of the current snapshot but its manifest (which holds times).
fn snapshot_tree(out: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(&out.join("current").canonicalize().unwrap())
        .into_iter()
        .filter(|(p, _)| p != "manifest.json")
        .collect()
}

#[test]
fn output_is_byte_identical_at_any_thread_count_and_batch_size() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    assert_eq!(run_seeds(&a, &["-j", "1"]).0, 0);
    assert_eq!(run_seeds(&b, &["-j", "4"]).0, 0);
    let tree = snapshot_tree(&a);
    assert!(tree.len() > 40, "{}", tree.len());
    assert_eq!(tree, snapshot_tree(&b));
    let small = tmp.path().join("small.toml");
    std::fs::write(&small, "[input]\nbatch_size = 2\n").unwrap();
    assert_eq!(
        run_seeds(&c, &["-j", "3", "-c", small.to_str().unwrap()]).0,
        0
    );
    // Three batches write three row groups into the same files: the CSV mirror is the same bytes.
    let csv = |t: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        t.iter()
            .filter(|(p, _)| p.starts_with("csv/"))
            .cloned()
            .collect()
    };
    assert_eq!(csv(&tree), csv(&snapshot_tree(&c)));
}

#[test]
fn exit_codes_say_how_the_run_went() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        seeds_dir().join("001_9c9a3bdf3fba60ad.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = newsfacts(
        &[
            "run",
            "-i",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(code, 1, "completed with rejects: {err}");
    let (code, _, err) = newsfacts(
        &["run", "-i", "/no/such/folder", "-o", out.to_str().unwrap()],
        &repo(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("newsfacts failed") && err.contains("/no/such/folder does not exist"),
        "{err}"
    );
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[output]\nzstd = 3\n").unwrap();
    let (code, _, err) = newsfacts(&["run", "-c", bad.to_str().unwrap()], &repo());
    assert_eq!(code, 2);
    assert!(err.contains("unknown key `output.zstd`"), "{err}");
}

#[test]
fn outputs_load_in_polars_pandas_and_duckdb() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(run_seeds(&out, &[]).0, 0);
    let python = std::env::var("NEWSFACTS_PYTHON").unwrap_or_else(|_| "python3".into());
    let result = std::process::Command::new(&python)
        .args([repo().join("tests/python/check_output.py").to_str().unwrap(), out.to_str().unwrap()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}; run scripts/test, which installs tests/python/requirements.txt"));
    assert!(
        result.status.success(),
        "python check failed (scripts/test installs its packages):\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}
