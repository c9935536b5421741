//! Inputs an unlucky operator or an attacker gives a scheduled run (issue 11): file names that
//! collide, symlink loops, FIFOs, documents large enough to exhaust memory, absurd thread counts,
//! HTML heavier than its text, every encoding, hostile JSON, a verify racing the runs, an output
//! folder inside the input. Each case asserts that no article is lost, that `verify` is clean, and
//! that nothing hangs: every run here is killed and fails the test after a timeout.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{repo, seeds_dir, table_rows};

/// How a bounded run ended.
struct Ended {
    code: i32,
    /// stdout and stderr, interleaved.
    stderr: String,
    /// Peak resident memory of the process, in KiB (from `wait4`).
    peak_kib: i64,
}

/// Runs the binary with `args` (and `env`), killing it and failing the test if it runs longer
/// than `limit`.
fn bounded(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Ended {
    bounded_in(args, env, limit, None)
}

/// As `bounded`, with the process's address space limited to `address_space` bytes
/// (`ulimit -v`), when given.
fn bounded_in(
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
    address_space: Option<u64>,
) -> Ended {
    let err_path = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsfacts"));
    if let Some(bytes) = address_space {
        use std::os::unix::process::CommandExt;
        let rlimit = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit is async-signal-safe and only touches the child being started.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setrlimit(libc::RLIMIT_AS, &rlimit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
    }
    cmd.args(args)
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(err_path.reopen().unwrap())
        .stderr(err_path.reopen().unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Reaped below by wait4 (which also reports the child's peak memory), not by Child::wait.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("binary runs");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value; wait4 fills it for our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waiting on our own child's pid, with valid out-pointers.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break (status, usage);
        }
        if started.elapsed() > limit {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            // SAFETY: reaping it.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            panic!(
                "newsfacts {args:?} hung: killed after {limit:?}; stderr: {}",
                std::fs::read_to_string(err_path.path()).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    Ended {
        code,
        stderr: std::fs::read_to_string(err_path.path()).unwrap_or_default(),
        peak_kib: usage.ru_maxrss,
    }
}

const MINUTE: Duration = Duration::from_secs(60);

/// `newsfacts run --no-progress -o OUT` with each input as `-i`, bounded.
fn run(inputs: &[&Path], out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Ended {
    let mut args = vec!["run", "--no-progress", "-o", out.to_str().unwrap()];
    for i in inputs {
        args.push("-i");
        args.push(i.to_str().unwrap());
    }
    args.extend(extra);
    bounded(&args, env, 3 * MINUTE)
}

fn verify_clean(out: &Path) {
    let v = bounded(&["verify", "-o", out.to_str().unwrap()], &[], MINUTE);
    assert_eq!(v.code, 0, "verify: {}", v.stderr);
}

/// source → text of every article in the current snapshot.
fn articles(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    table_rows(out, "articles")
        .into_iter()
        .map(|r| (r["source"].clone(), r.into_iter().collect()))
        .collect()
}

fn reasons(out: &Path) -> BTreeMap<String, String> {
    table_rows(out, "rejects")
        .into_iter()
        .map(|r| (r["source"].clone(), r["reason"].clone()))
        .collect()
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(seeds_dir().join(name)).unwrap()
}

#[test]
fn files_with_one_relative_path_in_two_inputs_are_two_sources_on_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("feedA"), tmp.path().join("feedB"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("story.txt"), "Acme rose 5 percent in March 1987.\n").unwrap();
    std::fs::write(
        b.join("story.txt"),
        "Globex fell 7 percent in April 1987.\n",
    )
    .unwrap();
    let out = tmp.path().join("o2");
    for round in 1..=3 {
        let r = run(&[&a, &b], &out, &[], &[]);
        assert_eq!(r.code, 0, "run {round}: {}", r.stderr);
        let arts = articles(&out);
        let texts: Vec<(&str, &str)> = arts
            .iter()
            .map(|(s, a)| (s.as_str(), a["text"].trim()))
            .collect();
        assert_eq!(
            texts,
            [
                ("feedA/story.txt", "Acme rose 5 percent in March 1987."),
                ("feedB/story.txt", "Globex fell 7 percent in April 1987.")
            ],
            "run {round}"
        );
        verify_clean(&out);
    }

    // Two roots with the same last folder name: named from the folder that holds both.
    let (x, y) = (tmp.path().join("x/feed"), tmp.path().join("y/feed"));
    std::fs::create_dir_all(&x).unwrap();
    std::fs::create_dir_all(&y).unwrap();
    std::fs::write(x.join("story.txt"), "Acme rose 5 percent in March 1987.\n").unwrap();
    std::fs::write(
        y.join("story.txt"),
        "Globex fell 7 percent in April 1987.\n",
    )
    .unwrap();
    let out = tmp.path().join("o3");
    for _ in 0..2 {
        assert_eq!(run(&[&x, &y], &out, &[], &[]).code, 0);
        let sources: Vec<String> = articles(&out).into_keys().collect();
        assert_eq!(sources, ["x/feed/story.txt", "y/feed/story.txt"]);
        verify_clean(&out);
    }
}

#[test]
fn file_names_that_are_not_utf8_stay_apart_and_a_collision_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let name = |bytes: &[u8]| input.join(std::ffi::OsStr::from_bytes(bytes));
    std::fs::write(name(b"x\xff.txt"), "Acme rose 5 percent in March 1987.\n").unwrap();
    std::fs::write(name(b"x\xfe.txt"), "Globex fell 7 percent in April 1987.\n").unwrap();
    let out = tmp.path().join("out");
    for round in 1..=3 {
        let r = run(&[&input], &out, &[], &[]);
        assert_eq!(r.code, 0, "run {round}: {}", r.stderr);
        let arts = articles(&out);
        let got: Vec<(&str, &str)> = arts
            .iter()
            .map(|(s, a)| (s.as_str(), &a["text"][..4]))
            .collect();
        assert_eq!(
            got,
            [("x%FE.txt", "Glob"), ("x%FF.txt", "Acme")],
            "run {round}"
        );
        verify_clean(&out);
    }
    // A name written with the escape itself would be the same source: the run refuses, naming both.
    std::fs::write(input.join("x%FF.txt"), "Initech gained 2 percent.\n").unwrap();
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("x%FF.txt") && r.stderr.contains("would both be named"),
        "{}",
        r.stderr
    );
}

#[test]
fn symlink_loops_are_listed_once_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("sub/deeper")).unwrap();
    let seeds: Vec<String> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for (i, s) in seeds.iter().enumerate() {
        let dir = if i % 2 == 0 {
            input.clone()
        } else {
            input.join("sub")
        };
        std::fs::copy(seeds_dir().join(s), dir.join(s)).unwrap();
    }
    // Three loops (the case that never finished) and a link to a folder listed elsewhere.
    std::os::unix::fs::symlink(".", input.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", input.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../..", input.join("sub/deeper/top")).unwrap();
    std::os::unix::fs::symlink("sub", input.join("also-sub")).unwrap();
    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(articles(&out).len(), seeds.len(), "each file read once");
    let loops: BTreeSet<String> = reasons(&out)
        .into_iter()
        .filter(|(_, why)| why == "symlink_loop")
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        loops,
        BTreeSet::from(["loop".into(), "sub/up".into(), "sub/deeper/top".into()])
    );
    // The next run holds no lock and reads nothing new.
    assert_eq!(run(&[&input], &out, &[], &[]).code, 0);
    verify_clean(&out);
}

#[test]
fn a_fifo_among_the_inputs_is_a_reject_and_never_blocks_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), seed("001_9c9a3bdf3fba60ad.txt")).unwrap();
    let fifo = std::ffi::CString::new(input.join("x.txt").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(reasons(&out)["x.txt"], "not_a_file");
    assert!(articles(&out).contains_key("good.txt"));
    // Given directly as the input, too.
    let out2 = tmp.path().join("out2");
    let r = run(&[&input.join("x.txt")], &out2, &[], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(reasons(&out2)["x.txt"], "not_a_file");
    verify_clean(&out);
}

#[test]
fn memory_is_bounded_by_batch_bytes_not_by_document_count() {
    // The reported case: a .jsonl.gz of 400 lines of 1.9 MB each peaked at 3.16 GB, growing with
    // the number of lines. Batches now close at input.batch_bytes (16 MiB) of text; README states
    // about 16 bytes of memory per byte of batch text over a floor near 150 MiB.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl.gz");
    // German, so the run reads, cleans and writes every byte but skips extraction: the test measures
    // what batches hold, in seconds rather than minutes.
    let paragraph = "Die Regierung stellte am Montag neue Pl\u{e4}ne f\u{fc}r den Ausbau der Bahnstrecken im Norden des Landes vor, teilte das Ministerium mit.\n";
    let text = paragraph.repeat(1_900_000 / paragraph.len());
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&input).unwrap(),
        flate2::Compression::fast(),
    );
    for i in 0..400 {
        writeln!(
            gz,
            "{}",
            serde_json::json!({"id": format!("big-{i}"), "text": text})
        )
        .unwrap();
    }
    gz.finish().unwrap();
    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &["-j", "2"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(articles(&out).len(), 400);
    let peak_mib = r.peak_kib / 1024;
    eprintln!("400 documents of 1.9 MB: peak {peak_mib} MiB");
    assert!(
        peak_mib < 640,
        "peak memory {peak_mib} MiB: batches are not bounded in bytes"
    );
}

#[test]
fn an_absurd_thread_count_is_capped_and_the_run_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &[&seeds_dir()],
        &out,
        &[],
        &[("NEWSFACTS_THREADS", "100000")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("more than four per core"), "{}", r.stderr);
    assert_eq!(articles(&out).len(), 5);
}

#[test]
fn html_heavier_than_its_text_keeps_its_article() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let body = "<p>Exports rose 3.5 pct to $4.7 billion in 2021, officials said on Monday.</p>";
    let script = format!("<script>var data = '{}';</script>", "x".repeat(2_500_000));
    let image = format!(
        "<img src=\"data:image/png;base64,{}\">",
        "iVBORw0KGgo".repeat(250_000)
    );
    std::fs::write(
        input.join("script.html"),
        format!("<html><head><title>Script</title>{script}</head><body>{body}</body></html>"),
    )
    .unwrap();
    std::fs::write(
        input.join("image.html"),
        format!("<html><body>{image}{body}</body></html>"),
    )
    .unwrap();
    // Text over max_doc_bytes once the tags are gone is cut and flagged, as for a text file.
    let long = "<p>Exports rose 3.5 pct to $4.7 billion in 2021.</p>\n".repeat(60_000);
    std::fs::write(
        input.join("long.html"),
        format!("<html><body>{long}</body></html>"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let arts = articles(&out);
    for page in ["script.html", "image.html"] {
        assert_eq!(
            arts[page]["text"],
            "Exports rose 3.5 pct to $4.7 billion in 2021, officials said on Monday.",
            "{page}"
        );
        assert!(!arts[page]["flags"].contains("truncated"));
    }
    assert_eq!(arts["script.html"]["title"], "Script");
    let long = &arts["long.html"];
    assert!(long["flags"].contains("truncated"), "{:?}", long["flags"]);
    assert!(long["text"].len() <= 2_000_000 && long["text"].len() > 1_000_000);
    assert!(long["text"].trim_end().ends_with("in 2021."));
}

#[test]
fn every_encoding_and_hostile_json_keeps_its_article() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let story = "Trade in Z\u{fc}rich rose 35.9% to \u{a3}600m on Thursday.";
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in format!("{story}\n").encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    };
    std::fs::write(input.join("utf16le.txt"), utf16(false)).unwrap();
    std::fs::write(input.join("utf16be.txt"), utf16(true)).unwrap();
    std::fs::write(
        input.join("bom.txt"),
        format!("\u{feff}{story}\n").into_bytes(),
    )
    .unwrap();
    let latin1: Vec<u8> = story
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(input.join("latin1.txt"), &latin1).unwrap();
    // A UTF-16 JSON Lines file, and a UTF-8 one with a BOM on line 1.
    let line = |id: &str| serde_json::json!({"id": id, "text": story}).to_string();
    let mut jsonl16 = vec![0xff, 0xfe];
    for unit in format!("{}\n{}\n", line("u16-1"), line("u16-2")).encode_utf16() {
        jsonl16.extend(unit.to_le_bytes());
    }
    std::fs::write(input.join("feed16.jsonl"), jsonl16).unwrap();
    let mut hostile = format!("\u{feff}{}\n", line("bom-line-1"));
    hostile += &format!(
        "{}\n",
        r#"{"id": "nul", "text": "Acme\u0000 rose 5 percent in March 1987."}"#
    );
    hostile += &format!(
        "{}\n",
        r#"{"id": "lone", "text": "Acme rose \ud800 5 percent in March 1987."}"#
    );
    hostile += &format!(
        "{}\n",
        r#"{"id": "huge-number", "score": 1e400, "text": "Acme rose 5 percent in March 1987."}"#
    );
    hostile += &format!(
        "{}\n",
        r#"{"id": 123456789012345678901234567890, "text": "Globex fell 7 percent in April 1987."}"#
    );
    hostile += &format!(
        "{}\n",
        r#"{"id": "escaped", "title": "A \\ud800 b", "text": "Initech gained 2 percent in May 1987."}"#
    );
    std::fs::write(input.join("hostile.jsonl"), hostile).unwrap();
    let mut latin1_line = br#"{"id": "latin1-line", "text": "Trade in Z"#.to_vec();
    latin1_line.extend(b"\xfcrich rose 5 percent.\"}\n");
    std::fs::write(input.join("latin1.jsonl"), latin1_line).unwrap();

    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(
        r.code,
        0,
        "nothing rejected: {:?} {}",
        reasons(&out),
        r.stderr
    );
    let arts = articles(&out);
    let text = |s: &str| arts[s]["text"].clone();
    let flags = |s: &str| arts[s]["flags"].clone();
    for s in [
        "utf16le.txt",
        "utf16be.txt",
        "bom.txt",
        "latin1.txt",
        "u16-1",
        "u16-2",
        "bom-line-1",
    ] {
        assert_eq!(text(s).trim_end(), story, "{s}");
    }
    let has = |s: &str, flag: &str| flags(s).split(';').any(|f| f == flag);
    assert!(
        has("utf16le.txt", "from_utf16le"),
        "{}",
        flags("utf16le.txt")
    );
    assert!(has("utf16be.txt", "from_utf16be"));
    assert!(has("u16-2", "from_utf16le"));
    assert!(
        has("latin1.txt", "from_windows_1252"),
        "{}",
        flags("latin1.txt")
    );
    assert!(!flags("bom.txt").contains("from_") && !flags("bom.txt").contains("invalid"));
    assert_eq!(text("latin1-line"), "Trade in Z\u{fc}rich rose 5 percent.");
    assert_eq!(text("nul"), "Acme rose 5 percent in March 1987.");
    assert_eq!(text("lone"), "Acme rose \u{fffd} 5 percent in March 1987.");
    assert_eq!(text("huge-number"), "Acme rose 5 percent in March 1987.");
    assert_eq!(
        text("123456789012345678901234567890"),
        "Globex fell 7 percent in April 1987."
    );
    assert_eq!(arts["escaped"]["title"], "A \\ud800 b");
    // Every figure's surface is the text at its offsets, after characters were removed.
    let figures = table_rows(&out, "figures");
    let nul_doc = &arts["nul"]["doc_id"];
    let nul_percent: Vec<_> = figures
        .iter()
        .filter(|f| &f["doc_id"] == nul_doc)
        .map(|f| (f["surface"].as_str(), f["value"].as_str()))
        .collect();
    assert_eq!(nul_percent, [("5 percent", "5.0")]);
    verify_clean(&out);
}

#[test]
fn invisible_and_control_characters_leave_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("page.html"),
        "<html><body><p>Output grew 5\u{200d}.2 percent in 2021 in the co&shy;operative sector.</p><p>Bad&#0;byte and a\u{7}bell.</p></body></html>",
    )
    .unwrap();
    std::fs::write(
        input.join("plain.txt"),
        "Output grew 5\u{200b}.2 percent in 2021.\u{c}Next page.\r\nLast line.",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(&[&input], &out, &[], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let arts = articles(&out);
    assert_eq!(
        arts["page.html"]["text"],
        "Output grew 5.2 percent in 2021 in the cooperative sector.\n\nBad\u{fffd}byte and abell."
    );
    assert_eq!(
        arts["plain.txt"]["text"],
        "Output grew 5.2 percent in 2021.\nNext page.\nLast line."
    );
    let percents: Vec<String> = table_rows(&out, "figures")
        .into_iter()
        .filter(|f| f["kind"] == "percent")
        .map(|f| f["value"].clone())
        .collect();
    assert_eq!(percents, ["5.2", "5.2"]);
}

#[test]
fn an_output_folder_inside_the_input_is_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("story.txt"), seed("002_ad09dc9f79103e8f.txt")).unwrap();
    let out = input.join("out");
    for round in 1..=3 {
        let r = run(&[&input], &out, &[], &[]);
        assert_eq!(r.code, 0, "run {round}: {}", r.stderr);
        assert_eq!(articles(&out).len(), 1);
        assert!(table_rows(&out, "rejects").is_empty(), "run {round}");
    }
    // A glob that reaches into it, too.
    let pattern = format!("{}/**/*.csv", input.display());
    let r = bounded(
        &[
            "run",
            "--no-progress",
            "-i",
            &pattern,
            "-i",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
        3 * MINUTE,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    verify_clean(&out);
}

#[test]
fn a_dangling_output_symlink_is_a_usage_error_that_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::os::unix::fs::symlink(tmp.path().join("unmounted/volume"), &out).unwrap();
    let r = run(&[&seeds_dir()], &out, &[], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("which does not exist") && r.stderr.contains("unmounted/volume"),
        "{}",
        r.stderr
    );
}

#[test]
fn verify_checks_the_snapshot_it_pinned_while_runs_rotate_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let out = tmp.path().join("out");
    let config = tmp.path().join("keep1.toml");
    std::fs::write(&config, "[output]\nkeep_snapshots = 1\n").unwrap();
    let seeds: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    std::fs::copy(&seeds[0], input.join("0.txt")).unwrap();
    assert_eq!(
        run(&[&input], &out, &["-c", config.to_str().unwrap()], &[]).code,
        0
    );
    let writer = {
        let (input, out, config, seeds) =
            (input.clone(), out.clone(), config.clone(), seeds.clone());
        std::thread::spawn(move || {
            for i in 1..12 {
                std::fs::copy(&seeds[i % seeds.len()], input.join(format!("{i}.txt"))).unwrap();
                let r = run(&[&input], &out, &["-c", config.to_str().unwrap()], &[]);
                assert_eq!(r.code, 0, "{}", r.stderr);
            }
        })
    };
    let mut checks = 0;
    while !writer.is_finished() {
        let v = bounded(&["verify", "-o", out.to_str().unwrap()], &[], MINUTE);
        assert_eq!(v.code, 0, "verify during runs: {}", v.stderr);
        checks += 1;
    }
    writer.join().unwrap();
    assert!(checks > 1);
    verify_clean(&out);
    // Pinned snapshots are deleted by a later run once free: one snapshot is left.
    assert_eq!(
        run(
            &[&input],
            &out,
            &["-c", config.to_str().unwrap(), "--full-refresh"],
            &[]
        )
        .code,
        0
    );
    assert_eq!(std::fs::read_dir(out.join("snapshots")).unwrap().count(), 1);
}

#[test]
fn a_read_the_machine_cannot_hold_is_out_of_memory_not_corrupt_gzip() {
    // 3 GB of text in a 3 MB gzip (30 members of 100 MB each), read under a 1.5 GB address space
    // with max_file_bytes raised so that only memory stops it.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let line = "Exports rose 3.5 pct in 1986, the ministry said.\n".repeat(1000);
    for _ in 0..(100_000_000 / line.len()) {
        member.write_all(line.as_bytes()).unwrap();
    }
    let member = member.finish().unwrap();
    let mut bomb = std::fs::File::create(input.join("bomb.txt.gz")).unwrap();
    for _ in 0..30 {
        bomb.write_all(&member).unwrap();
    }
    drop(bomb);
    std::fs::write(input.join("good.txt"), seed("001_9c9a3bdf3fba60ad.txt")).unwrap();
    let config = tmp.path().join("big.toml");
    std::fs::write(&config, "[input]\nmax_file_bytes = 10000000000\n").unwrap();
    let out = tmp.path().join("out");
    let r = bounded_in(
        &[
            "run",
            "--no-progress",
            "-j",
            "1",
            "-c",
            config.to_str().unwrap(),
            "-i",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
        3 * MINUTE,
        Some(1_500_000_000),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(reasons(&out)["bomb.txt.gz"], "out_of_memory");
    assert!(articles(&out).contains_key("good.txt"));
}
