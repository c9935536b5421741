//! Bad input never crashes a run and never loses data: each bad input is a `rejects` row (or a flagged
//! article when it can be repaired) and the rest of the run completes.

use std::io::Write;

use crate::support::{newsfacts, repo, run_on, seeds_dir, table_rows};

#[test]
fn every_kind_of_bad_input_becomes_a_reject_or_a_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("nested")).unwrap();
    let story = std::fs::read_to_string(seeds_dir().join("001_9c9a3bdf3fba60ad.txt")).unwrap();
    std::fs::write(input.join("good.txt"), &story).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("blank.md"), " \n\n \t\n").unwrap();
    std::fs::write(
        input.join("binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3, 0, 0, 0],
    )
    .unwrap();
    let mut latin1 = b"Trade rose 35.9% to \xa3600m in Z\xfcrich on Thursday.".to_vec();
    latin1.extend_from_slice(b" More text follows here.");
    std::fs::write(input.join("nested/latin1.txt"), latin1).unwrap();
    // A 50 MB single line: truncated at max_doc_bytes with a flag, not a crash.
    std::fs::write(
        input.join("huge.txt"),
        "trade rose 5% ".repeat(50 * 1024 * 1024 / 14),
    )
    .unwrap();
    std::fs::write(
        input.join("feed.jsonl"),
        format!(
            "{}\n{{not json\n\n[1,2]\n{{\"title\": \"no text\"}}\n{}\n",
            serde_json::json!({"id": "story-1", "content": story, "date": "2022-02-03T10:00:00+08:00", "headline": "Talks", "byline": "Jane Doe"}),
            serde_json::json!({"body": "", "url": "https://example.com/x"})
        ),
    )
    .unwrap();
    // A gzip cut in half.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000 {
        writeln!(gz, "{}", serde_json::json!({"id": format!("gz-{i}"), "text": format!("Story {i}: exports rose {i}% in 2021, officials said on Monday.")})).unwrap();
    }
    let bytes = gz.finish().unwrap();
    std::fs::write(input.join("cut.jsonl.gz"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(input.join("page.html"), "<html><head><title>A &amp; B</title><script>var x = '$5 billion';</script></head><body><p>Exports rose 3.5 pct to $4.7 billion in 2021.</p><p>It&#8217;s &ldquo;fine&rdquo;.</p></body></html>").unwrap();
    std::fs::write(input.join("notes.pdf"), "%PDF-1.4").unwrap();

    let out = tmp.path().join("out");
    let (code, _, err) = run_on(&input, &out, &[]);
    assert_eq!(code, 1, "completed with rejects: {err}");
    let rejects = table_rows(&out, "rejects");
    let reason_of = |source: &str| {
        rejects
            .iter()
            .find(|r| r["source"].starts_with(source))
            .map(|r| r["reason"].clone())
    };
    assert_eq!(reason_of("empty.txt").as_deref(), Some("empty"));
    assert_eq!(reason_of("blank.md").as_deref(), Some("empty"));
    assert_eq!(reason_of("binary.txt").as_deref(), Some("binary"));
    assert_eq!(reason_of("feed.jsonl:2").as_deref(), Some("malformed_json"));
    assert_eq!(reason_of("feed.jsonl:4").as_deref(), Some("malformed_json"));
    assert_eq!(reason_of("feed.jsonl:5").as_deref(), Some("missing_text"));
    assert_eq!(reason_of("feed.jsonl:6").as_deref(), Some("empty"));
    assert_eq!(reason_of("cut.jsonl.gz").as_deref(), Some("corrupt_gzip"));
    assert_eq!(
        reason_of("notes.pdf").as_deref(),
        Some("unsupported_format")
    );

    let articles = table_rows(&out, "articles");
    let by_source = |s: &str| {
        articles
            .iter()
            .find(|a| a["source"] == s)
            .unwrap_or_else(|| panic!("article {s}"))
    };
    let latin1 = by_source("nested/latin1.txt");
    assert!(latin1["flags"].contains("from_windows_1252"));
    assert!(
        latin1["text"].starts_with("Trade rose 35.9% to \u{a3}600m in Z\u{fc}rich on Thursday.")
    );
    assert!(by_source("huge.txt")["flags"].contains("truncated"));
    let story1 = by_source("story-1");
    assert_eq!(
        (story1["title"].as_str(), story1["author"].as_str()),
        ("Talks", "Jane Doe")
    );
    assert_eq!(
        (
            story1["published_date"].as_str(),
            story1["published_at"].as_str()
        ),
        ("2022-02-03", "2022-02-03T02:00:00.000Z")
    );
    let page = by_source("page.html");
    assert_eq!(page["title"], "A & B");
    assert!(
        page["text"].contains("It\u{2019}s \u{201c}fine\u{201d}.")
            && !page["text"].contains("var x")
    );
    let gz_articles = articles
        .iter()
        .filter(|a| a["source"].starts_with("gz-"))
        .count();
    assert!(
        gz_articles > 100,
        "lines before the cut are kept: {gz_articles}"
    );
    assert!(articles.iter().any(|a| a["source"] == "good.txt"));
    let figures = table_rows(&out, "figures");
    let page_id = &page["doc_id"];
    let page_money: Vec<_> = figures
        .iter()
        .filter(|f| &f["doc_id"] == page_id && f["kind"] == "money")
        .map(|f| f["value"].clone())
        .collect();
    assert_eq!(
        page_money,
        ["4700000000.0"],
        "script content is not article text"
    );
}

#[test]
fn an_endless_json_line_is_rejected_without_reading_it_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("feed.jsonl");
    let huge = format!("{{\"text\": \"{}\"}}", "x".repeat(3_000_000));
    let good = serde_json::json!({"id": "after", "text": "Exports rose 3.5 pct to 4.7 billion dlrs in 1986, officials said."});
    std::fs::write(&input, format!("{huge}\n{good}\n")).unwrap();
    let config = tmp.path().join("small.toml");
    std::fs::write(&config, "[input]\nmax_file_bytes = 1000000\n").unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = newsfacts(
        &[
            "run",
            "-c",
            config.to_str().unwrap(),
            "-i",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(code, 1, "{err}");
    let rejects = table_rows(&out, "rejects");
    assert_eq!(
        (
            rejects.len(),
            rejects[0]["source"].as_str(),
            rejects[0]["reason"].as_str()
        ),
        (1, "feed.jsonl:1", "too_large")
    );
    let articles = table_rows(&out, "articles");
    assert_eq!(articles.len(), 1);
    assert_eq!(
        articles[0]["source"], "after",
        "the line after the long one is read"
    );
}
