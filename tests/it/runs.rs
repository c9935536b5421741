//! Runs over time, through the binary: incremental runs end in the same rows as one full run; a
//! run killed (SIGKILL) at any of 24 points leaves the previous snapshot current and the next run
//! finishes the job; a failed write (injected "disk full", or a real `ulimit -f` limit) fails the
//! run cleanly; two runs at once never interleave.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{repo, seeds_dir, table_rows};

const SEEDS: [&str; 5] = [
    "000_a7a09050352f6a6b.txt",
    "001_9c9a3bdf3fba60ad.txt",
    "002_ad09dc9f79103e8f.txt",
    "003_b755c308f838c490.txt",
    "004_9493f35b9b02fad4.txt",
];

const PUBLIC_TABLES: [&str; 11] = [
    "articles",
    "figures",
    "dates",
    "entity_mentions",
    "entities",
    "quotes",
    "events",
    "event_participants",
    "event_clusters",
    "event_cluster_members",
    "rejects",
];

fn newsfacts(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsfacts"));
    cmd.args(args).current_dir(repo());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("binary runs")
}

fn run(input: &Path, out: &Path, config: &Path, env: &[(&str, &str)]) -> Output {
    run_with(input, out, config, &[], env)
}

/// `newsfacts run` with extra flags (`--full-refresh`, `--wait 300`, ...).
fn run_with(
    input: &Path,
    out: &Path,
    config: &Path,
    flags: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let mut args = vec![
        "run",
        "--no-progress",
        "-c",
        config.to_str().unwrap(),
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(flags);
    newsfacts(&args, env)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

/// Every public table of the current snapshot as sorted rows (each row its sorted cells).
fn rows(out: &Path) -> BTreeMap<&'static str, Vec<String>> {
    PUBLIC_TABLES
        .iter()
        .map(|t| {
            let mut rows: Vec<String> = table_rows(out, t)
                .into_iter()
                .map(|r| {
                    let mut cells: Vec<(String, String)> = r.into_iter().collect();
                    cells.sort();
                    format!("{cells:?}")
                })
                .collect();
            rows.sort();
            (*t, rows)
        })
        .collect()
}

fn verify_clean(out: &Path) {
    let o = newsfacts(&["verify", "-o", out.to_str().unwrap()], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "verify: {}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
}

fn current_run(out: &Path) -> String {
    std::fs::read_link(out.join("current"))
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn copy_seed(name: &str, dir: &Path, as_name: &str) {
    std::fs::copy(seeds_dir().join(name), dir.join(as_name)).unwrap();
}

fn config(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("test.toml");
    std::fs::write(&path, body).unwrap();
    path
}

fn jsonl_line(seed: &str, published: &str) -> String {
    let text = std::fs::read_to_string(seeds_dir().join(seed)).unwrap();
    serde_json::json!({ "id": seed, "text": text, "published": published }).to_string() + "\n"
}

#[test]
fn five_incremental_runs_equal_one_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let cfg = config(tmp.path(), "[output]\ncompact_min_files = 3\n");
    let inc = tmp.path().join("inc");
    // Run 1: two articles.
    copy_seed(SEEDS[0], &input, SEEDS[0]);
    copy_seed(SEEDS[1], &input, SEEDS[1]);
    ok(&run(&input, &inc, &cfg, &[]));
    // Run 2: a third article and a JSON Lines feed of one record.
    copy_seed(SEEDS[2], &input, SEEDS[2]);
    std::fs::write(input.join("feed.jsonl"), jsonl_line(SEEDS[3], "2024-01-15")).unwrap();
    ok(&run(&input, &inc, &cfg, &[]));
    // Run 3: article 000 is edited (a paragraph added); article 001 arrives again as a copy whose
    // name sorts before it, so in input order the copy is the original and 001 the duplicate.
    let edited = input.join(SEEDS[0]);
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nThe talks lasted three hours, a ministry spokesman said on Saturday.\n");
    std::fs::write(&edited, text).unwrap();
    copy_seed(SEEDS[1], &input, "000_zz_syndicated_copy.txt");
    let o = run(&input, &inc, &cfg, &[]);
    ok(&o);
    assert!(stderr(&o).contains("1 new, 1 changed"), "{}", stderr(&o));
    // Run 4: the feed grows by a record.
    let mut feed = std::fs::read_to_string(input.join("feed.jsonl")).unwrap();
    feed.push_str(&jsonl_line(SEEDS[4], "2024-04-09"));
    std::fs::write(input.join("feed.jsonl"), &feed).unwrap();
    let o = run(&input, &inc, &cfg, &[]);
    ok(&o);
    assert!(stderr(&o).contains("1 new, 0 changed"), "{}", stderr(&o));
    // Run 5: the last seed, and an empty file (a reject).
    copy_seed(SEEDS[4], &input, SEEDS[4]);
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let o = run(&input, &inc, &cfg, &[]);
    assert_eq!(o.status.code(), Some(1), "one reject: {}", stderr(&o));

    let full = tmp.path().join("full");
    assert_eq!(run(&input, &full, &cfg, &[]).status.code(), Some(1));
    let (a, b) = (rows(&inc), rows(&full));
    for t in PUBLIC_TABLES {
        let only_a: Vec<_> = a[t]
            .iter()
            .filter(|r| !b[t].contains(r))
            .map(|r| &r[..r.len().min(300)])
            .collect();
        let only_b: Vec<_> = b[t]
            .iter()
            .filter(|r| !a[t].contains(r))
            .map(|r| &r[..r.len().min(300)])
            .collect();
        assert!(
            only_a.is_empty() && only_b.is_empty() && a[t].len() == b[t].len(),
            "table {t} differs between 5 incremental runs and 1 full run:\nonly incremental {only_a:#?}\nonly full {only_b:#?}"
        );
    }
    assert_eq!(a["articles"].len(), 7);
    verify_clean(&inc);
    verify_clean(&full);

    // The edited article has its new rows only; the copy that sorts first is the original.
    let articles = table_rows(&inc, "articles");
    let by_source = |s: &str| {
        articles
            .iter()
            .filter(|r| r["source"] == s)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(by_source(SEEDS[0]).len(), 1);
    assert!(by_source(SEEDS[0])[0]["text"].contains("three hours"));
    let copy = &by_source("000_zz_syndicated_copy.txt")[0];
    assert_eq!(copy["duplicate_of"], "");
    assert_eq!(by_source(SEEDS[1])[0]["duplicate_of"], copy["doc_id"]);
    let dates = table_rows(&inc, "dates");
    let edited_id = &by_source(SEEDS[0])[0]["doc_id"];
    assert!(
        dates
            .iter()
            .any(|d| &d["doc_id"] == edited_id && d["surface"] == "on Saturday"),
        "the added paragraph's date is extracted"
    );
    let doc_ids: std::collections::HashSet<&String> =
        articles.iter().map(|r| &r["doc_id"]).collect();
    assert!(
        dates.iter().all(|d| doc_ids.contains(&d["doc_id"])),
        "no stale facts of the edited article's old version"
    );
    // The history lists five published runs with what each did; run 3 rewrote 001's rows.
    let o = newsfacts(&["runs", "-o", inc.to_str().unwrap(), "--json"], &[]);
    let runs: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(runs.len(), 5);
    assert!(runs.iter().all(|r| r["status"] == "published"));
    assert_eq!(runs[2]["counts"]["changed"], 1);
    // 001 became a duplicate; the copy was first checked against 001 (read before it) and the edited
    // 000 against its own old version: all three are rewritten once the run knows the final order.
    assert_eq!(runs[2]["counts"]["duplicate_status_changed"], 3);
    assert_eq!(runs[0]["mode"], "full");
    assert_eq!(runs[4]["mode"], "incremental");
    // Old snapshots beyond keep_snapshots (3) are gone; files they shared live on.
    assert_eq!(std::fs::read_dir(inc.join("snapshots")).unwrap().count(), 3);
}

/// The run the crash tests interrupt: three seeds published, then two more and an edit.
struct CrashScene {
    tmp: tempfile::TempDir,
    input: PathBuf,
    cfg: PathBuf,
}

impl CrashScene {
    fn new() -> CrashScene {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        std::fs::create_dir(&input).unwrap();
        let cfg = config(
            tmp.path(),
            "[input]\nbatch_size = 2\n[output]\ncompact_min_files = 2\n",
        );
        for s in &SEEDS[..3] {
            copy_seed(s, &input, s);
        }
        CrashScene { tmp, input, cfg }
    }

    fn first_run(&self, out: &Path) {
        ok(&run(&self.input, out, &self.cfg, &[]));
    }

    fn change_inputs(&self) {
        for s in &SEEDS[3..] {
            copy_seed(s, &self.input, s);
        }
        let edited = self.input.join(SEEDS[2]);
        let text = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, text.replace("Tunxi", "Huangshan")).unwrap();
        // A copy in a partition that already has a file: the run compacts it.
        copy_seed(SEEDS[1], &self.input, "001_copy.txt");
    }

    fn reset_inputs(&self) {
        for s in &SEEDS[3..] {
            let _ = std::fs::remove_file(self.input.join(s));
        }
        let _ = std::fs::remove_file(self.input.join("001_copy.txt"));
        copy_seed(SEEDS[2], &self.input, SEEDS[2]);
    }
}

#[test]
fn a_run_killed_at_any_point_is_finished_by_the_next_run() {
    let scene = CrashScene::new();
    let reference = scene.tmp.path().join("reference");
    scene.first_run(&reference);
    let base_rows = rows(&reference);
    scene.change_inputs();
    ok(&run(&scene.input, &reference, &scene.cfg, &[]));
    let final_rows = rows(&reference);
    assert_ne!(base_rows, final_rows);
    scene.reset_inputs();

    let points = [
        "lock.acquired",
        "staging.linked",
        "batch.read@1",
        "batch.read@2",
        "batch.extracted@1",
        "batch.extracted@2",
        "batch.written@1",
        "batch.written@2",
        "write@1",
        "write@4",
        "write@12",
        "parts.closed",
        "replaced",
        "dedup.patched",
        "entities.written",
        "clusters.written",
        "compact.file@1",
        "compact.file@3",
        "publish.start",
        "publish.manifest_written",
        "publish.renamed",
        "publish.before_swap",
        "publish.swapped",
        "write@30",
    ];
    for point in points {
        let out = scene
            .tmp
            .path()
            .join(format!("out-{}", point.replace(['@', '.'], "-")));
        scene.first_run(&out);
        scene.change_inputs();
        let killed = run(
            &scene.input,
            &out,
            &scene.cfg,
            &[("NEWSFACTS_FAILPOINT", point)],
        );
        assert_eq!(
            killed.status.signal(),
            Some(9),
            "{point}: the run reached the point and was killed: {}",
            stderr(&killed)
        );
        // Readers see the old snapshot, or (killed after the swap) the complete new one.
        let seen = rows(&out);
        if point == "publish.swapped" {
            assert!(seen == final_rows, "{point}");
        } else {
            assert!(
                seen == base_rows,
                "{point}: the previous snapshot is current"
            );
            assert_eq!(current_run(&out), "r000001", "{point}");
        }
        verify_clean(&out);
        // The next run finishes the job: the same rows as an uninterrupted run, nothing twice.
        let o = run(&scene.input, &out, &scene.cfg, &[]);
        ok(&o);
        assert!(
            rows(&out) == final_rows,
            "{point}: rerun equals an uninterrupted run"
        );
        verify_clean(&out);
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".staging"))
            .collect();
        assert!(leftovers.is_empty(), "{point}: staging removed");
        if !["publish.swapped", "lock.acquired"].contains(&point) {
            let history: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join("runs/r000002.json")).unwrap())
                    .unwrap();
            assert_eq!(history["status"], "interrupted", "{point}");
        }
        scene.reset_inputs();
    }
}

#[test]
fn a_failed_write_fails_the_run_and_keeps_the_previous_snapshot() {
    let scene = CrashScene::new();
    let out = scene.tmp.path().join("out");
    scene.first_run(&out);
    let before = rows(&out);
    scene.change_inputs();
    // Injected: the third buffered write of the run finds the disk full.
    let o = run(
        &scene.input,
        &out,
        &scene.cfg,
        &[("NEWSFACTS_FAILPOINT", "write@3:enospc")],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("No space left on device"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("the previous snapshot is still current"));
    assert_eq!(rows(&out), before);
    assert_eq!(current_run(&out), "r000001");
    verify_clean(&out);
    let history: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("runs/r000002.json")).unwrap()).unwrap();
    assert_eq!(history["status"], "failed");
    assert!(history["error"].as_str().unwrap().contains("No space left"));
    assert!(!out.join(".staging-r000002").exists());

    // Real: a file size limit enforced by the kernel (ulimit -f, in 512-byte blocks) on a corpus
    // whose articles part outgrows it.
    let big = scene.tmp.path().join("big");
    std::fs::create_dir(&big).unwrap();
    let lines: String = (0..300)
        .map(|i| jsonl_line(SEEDS[1], &format!("2021-{:02}-01", 1 + i % 12)))
        .collect();
    std::fs::write(big.join("feed.jsonl"), lines).unwrap();
    let limited = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 200 && exec {} run --no-progress -c {} -i {} -o {}",
            env!("CARGO_BIN_EXE_newsfacts"),
            scene.cfg.display(),
            big.display(),
            out.display()
        ))
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(limited.status.code(), Some(3), "{}", stderr(&limited));
    assert!(
        stderr(&limited).contains("File too large"),
        "{}",
        stderr(&limited)
    );
    assert_eq!(rows(&out), before);
    verify_clean(&out);
}

#[test]
fn two_runs_at_once_never_interleave() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let lines: String = (0..1500)
        .map(|i| jsonl_line(SEEDS[i % 5], &format!("2022-{:02}-03", 1 + i % 12)))
        .collect();
    std::fs::write(input.join("feed.jsonl"), lines).unwrap();
    let cfg = config(tmp.path(), "");
    let out = tmp.path().join("out");
    let mut first = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .args(["run", "--no-progress", "-c", cfg.to_str().unwrap(), "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .current_dir(repo())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first run holds the lock (it writes its run id into the lock file).
    let lock = out.join(".lock");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|s| s.contains("pid")) {
        assert!(
            started.elapsed().as_secs() < 30,
            "first run never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let second = run(&input, &out, &cfg, &[]);
    assert_eq!(second.status.code(), Some(75), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("another newsfacts run is writing")
            && stderr(&second).contains("run r000001"),
        "{}",
        stderr(&second)
    );
    // A third waits for the lock instead, then adds nothing (the first run read everything).
    let third = run_with(&input, &out, &cfg, &["--wait", "300"], &[]);
    ok(&third);
    assert!(
        stderr(&third).contains("(1 unchanged), 0 new"),
        "{}",
        stderr(&third)
    );
    assert!(first.wait().unwrap().success());
    assert_eq!(table_rows(&out, "articles").len(), 1500);
    verify_clean(&out);
    assert_eq!(current_run(&out), "r000002");
}

#[test]
fn a_run_killed_from_outside_at_any_moment_leaves_a_readable_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    copy_seed(SEEDS[0], &input, SEEDS[0]);
    let cfg = config(tmp.path(), "[input]\nbatch_size = 100\n");
    let out = tmp.path().join("out");
    ok(&run(&input, &out, &cfg, &[]));
    let before = rows(&out);
    let lines: String = (0..1500)
        .map(|i| jsonl_line(SEEDS[1 + i % 4], &format!("1987-{:02}-01", 1 + i % 12)))
        .collect();
    std::fs::write(input.join("feed.jsonl"), lines).unwrap();
    for delay_ms in [5, 40, 150, 400, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
            .args(["run", "--no-progress", "-c", cfg.to_str().unwrap(), "-i"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .current_dir(repo())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        // Unless the run got as far as swapping `current`, the old snapshot is what readers see.
        if current_run(&out) == "r000001" {
            assert!(
                rows(&out) == before,
                "killed at {delay_ms} ms: the old snapshot is current"
            );
        }
        verify_clean(&out);
    }
    ok(&run(&input, &out, &cfg, &[]));
    assert_eq!(table_rows(&out, "articles").len(), 1501);
    verify_clean(&out);
}

#[test]
fn settings_that_change_rows_need_a_full_refresh_and_compact_keeps_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let cfg = config(tmp.path(), "");
    let out = tmp.path().join("out");
    for s in SEEDS {
        copy_seed(s, &input, s);
        ok(&run(&input, &out, &cfg, &[]));
    }
    let before = rows(&out);
    // Five runs left five files in the 2022-02 partition of articles? No: one per run that had
    // articles of that month. Compact merges every partition into one file.
    let o = newsfacts(&["compact", "-o", out.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(rows(&out), before);
    verify_clean(&out);
    let part = out.join("current/articles/published_month=2022-02");
    assert_eq!(std::fs::read_dir(part).unwrap().count(), 1);

    let changed = config(tmp.path(), "[extract.figures]\nbare_numbers = false\n");
    let o = run(&input, &out, &changed, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--full-refresh"), "{}", stderr(&o));
    let o = run_with(&input, &out, &changed, &["--full-refresh"], &[]);
    ok(&o);
    assert!(stderr(&o).contains("(full)"), "{}", stderr(&o));
    verify_clean(&out);

    // A folder that is not a newsfacts output is never written to.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let o = run(&input, &foreign, &cfg, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a newsfacts output folder"),
        "{}",
        stderr(&o)
    );
}

/// Copies the compiled-in word lists (data/lang/en) to `dir`.
fn copy_lang(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(repo().join("data/lang/en")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
}

#[test]
fn a_changed_word_list_needs_a_full_refresh_and_changes_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    copy_seed(SEEDS[1], &input, SEEDS[1]);
    let out = tmp.path().join("out");
    ok(&run(&input, &out, &config(tmp.path(), ""), &[]));
    // "trade between China and Russia rose to 35.9% annually"
    let direction_of_35_9 = |out: &Path| {
        let figures = table_rows(out, "figures");
        let f = figures
            .iter()
            .find(|r| r["value"] == "35.9" && r["kind"] == "percent")
            .expect("the 35.9% figure");
        f["direction"].clone()
    };
    assert_eq!(direction_of_35_9(&out), "up");

    // An unchanged copy of the lists is the same language: the run goes on incrementally.
    let lang = tmp.path().join("lang");
    copy_lang(&lang);
    let own = config(
        tmp.path(),
        &format!("[lang]\ndir = {:?}\n", lang.to_str().unwrap()),
    );
    ok(&run(&input, &out, &own, &[]));

    // Without "rose" the next run must not mix old and new rows.
    let words = std::fs::read_to_string(lang.join("direction_words.tsv")).unwrap();
    assert!(words.contains("rose\tup\n"));
    std::fs::write(
        lang.join("direction_words.tsv"),
        words.replace("rose\tup\n", ""),
    )
    .unwrap();
    let o = run(&input, &out, &own, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--full-refresh"), "{}", stderr(&o));
    assert_eq!(direction_of_35_9(&out), "up");
    ok(&run_with(&input, &out, &own, &["--full-refresh"], &[]));
    assert_eq!(direction_of_35_9(&out), "");
    verify_clean(&out);

    // A malformed list stops the run before anything is read, naming the file and line.
    std::fs::write(lang.join("number_words.tsv"), "one\t1\ntwo\tdeux\n").unwrap();
    let o = run(&input, &out, &own, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("number_words.tsv") && stderr(&o).contains("line 2"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn verify_names_a_damaged_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let cfg = config(tmp.path(), "");
    ok(&run(&seeds_dir(), &out, &cfg, &[]));
    let snapshot = out.join("current").canonicalize().unwrap();
    let victim = snapshot.join("csv/figures/published_month=2022-02/part-r000001-00000.csv");
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[40] ^= 1;
    std::fs::remove_file(&victim).unwrap();
    std::fs::write(&victim, bytes).unwrap();
    std::fs::write(snapshot.join("articles/stray.parquet"), b"x").unwrap();
    let o = newsfacts(&["verify", "-o", out.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(4));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("part-r000001-00000.csv: SHA-256 differs"),
        "{text}"
    );
    assert!(
        text.contains("articles/stray.parquet: in the snapshot but not in its manifest"),
        "{text}"
    );
}

#[test]
fn environment_and_json_logs_configure_a_scheduled_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let glob = format!("{}/00[12]_*.txt", seeds_dir().display());
    let o = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .args([
            "run",
            "--no-progress",
            "--log-format",
            "json",
            "--log-level",
            "info",
        ])
        .env("NEWSFACTS_INPUT", &glob)
        .env("NEWSFACTS_OUTPUT", &out)
        .env("NEWSFACTS_DEDUP__NEAR_THRESHOLD", "0.9")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    ok(&o);
    let logs: Vec<serde_json::Value> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        logs.iter()
            .any(|l| l["fields"]["message"] == "inputs listed" && l["fields"]["files"] == 2),
        "{logs:?}"
    );
    assert_eq!(table_rows(&out, "articles").len(), 2);
    assert!(
        stderr(&o)
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "every stderr line is JSON: {}",
        stderr(&o)
    );
    let summary = logs
        .iter()
        .find(|l| l["fields"]["message"] == "run summary")
        .expect("a summary line");
    assert_eq!(summary["fields"]["counts"]["new"], 2);
    let o = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .args(["run", "--no-progress"])
        .env("NEWSFACTS_INPUT", &glob)
        .env("NEWSFACTS_OUTPUT", &out)
        .env("NEWSFACTS_DEDUP__NEAR_THRESHHOLD", "0.9")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("NEWSFACTS_DEDUP__NEAR_THRESHHOLD names no setting"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_removed_input_keeps_its_rows_unless_pruned() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for s in &SEEDS[..3] {
        copy_seed(s, &input, s);
    }
    let cfg = config(tmp.path(), "");
    let out = tmp.path().join("out");
    ok(&run(&input, &out, &cfg, &[]));
    std::fs::remove_file(input.join(SEEDS[1])).unwrap();
    // Archived inputs: the rows stay.
    let o = run(&input, &out, &cfg, &[]);
    ok(&o);
    assert_eq!(table_rows(&out, "articles").len(), 3);
    // Pruned: the output equals a full run over the inputs as they are now.
    let o = run_with(&input, &out, &cfg, &["--prune-missing"], &[]);
    ok(&o);
    assert!(stderr(&o).contains("1 removed"), "{}", stderr(&o));
    let full = tmp.path().join("full");
    ok(&run(&input, &full, &cfg, &[]));
    assert!(rows(&out) == rows(&full), "pruned output equals a full run");
    assert_eq!(table_rows(&out, "articles").len(), 2);
    verify_clean(&out);
}

#[test]
fn many_small_runs_keep_a_bounded_number_of_files() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let cfg = config(tmp.path(), "[output]\ncompact_min_files = 4\ncsv = false\n");
    let out = tmp.path().join("out");
    // Twelve runs, each bringing one story of the same month in a new file.
    for i in 0..12 {
        let line = jsonl_line(SEEDS[i % 5], &format!("2022-02-{:02}", 1 + i));
        std::fs::write(input.join(format!("feed-{i:02}.jsonl")), line).unwrap();
        ok(&run(&input, &out, &cfg, &[]));
    }
    let partition = out.join("current/figures/published_month=2022-02");
    let files = std::fs::read_dir(&partition).unwrap().count();
    assert!(files < 4, "{files} files in {partition:?} after 12 runs");
    let full = tmp.path().join("full");
    ok(&run(&input, &full, &cfg, &[]));
    let parquet_rows = |o: &Path, t: &str| {
        let mut n = 0;
        for e in newsfacts::sinks::layout::files_under(&o.join("current").join(t)) {
            n += newsfacts::sinks::read_parquet(&e, None).unwrap().height();
        }
        n
    };
    for t in ["articles", "figures", "dates", "entity_mentions", "quotes"] {
        assert_eq!(parquet_rows(&out, t), parquet_rows(&full, t), "{t}");
    }
    verify_clean(&out);
}
