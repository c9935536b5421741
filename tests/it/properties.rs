//! Properties over arbitrary input: nothing panics, every span is in bounds, on char boundaries, and
//! `text[span] == surface` in bytes and chars alike.

use proptest::prelude::*;

use crate::support::facts;

fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("$146.87 billion".to_string()),
            Just("35.9%".to_string()),
            Just("on Thursday".to_string()),
            Just("Feb 03, 2022 10:12 PM".to_string()),
            Just("15.5 mln dlrs".to_string()),
            Just("“quoted”".to_string()),
            Just("— dash".to_string()),
            Just("\n\n".to_string()),
            Just("Beijing, 03 February 2022 (TDI): ".to_string()),
            Just("last year".to_string()),
            Just("£600m to £700m".to_string()),
            "[a-zA-Z0-9 ,.$%£€:()-]{0,12}",
            "\\PC{0,6}",
        ],
        0..30,
    );
    pieces.prop_map(|p| p.join(" "))
}

fn check_spans(text: &str, published: Option<&str>) {
    let (doc, f) = facts(text, published);
    let spans = f
        .figures
        .iter()
        .map(|x| &x.prov)
        .chain(f.dates.iter().map(|x| &x.prov));
    for p in spans {
        let s = p.span;
        assert!(s.byte_start < s.byte_end && s.byte_end <= doc.text.len());
        assert!(doc.text.is_char_boundary(s.byte_start) && doc.text.is_char_boundary(s.byte_end));
        let by_chars: String = doc
            .text
            .chars()
            .skip(s.char_start)
            .take(s.char_end - s.char_start)
            .collect();
        assert_eq!(by_chars, &doc.text[s.byte_start..s.byte_end]);
        assert!((p.sentence as usize) < doc.sentences.len());
        assert!((0.0..=1.0).contains(&p.confidence));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn extractors_never_panic_and_spans_hold(text in news_like(), anchored in any::<bool>()) {
        check_spans(&text, anchored.then_some("2022-02-03"));
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        check_spans(&text, Some("2024-02-29"));
    }

    #[test]
    fn html_and_decoding_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut flags = Vec::new();
        if let Ok(text) = newsfacts::ingest::decode(bytes, 4096, &mut flags) {
            let (_, body) = newsfacts::ingest::html_to_text(&text);
            check_spans(&body, None);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// The readers take any bytes under any supported name (including broken gzip) without panicking,
    /// and every item is either an article or a reject with a reason.
    #[test]
    fn readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), ext in prop::sample::select(vec!["txt", "jsonl", "html", "txt.gz", "jsonl.gz", "md"]), gzip in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("doc.{ext}"));
        let content = if gzip && ext.ends_with(".gz") {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&bytes).unwrap();
            let mut out = gz.finish().unwrap();
            out.truncate(out.len() * 2 / 3);
            out
        } else {
            bytes
        };
        std::fs::write(&path, content).unwrap();
        let cfg = crate::support::config();
        let (files, _) = newsfacts::ingest::discover(&[dir.path().to_path_buf()], None).unwrap();
        for item in newsfacts::ingest::Reader::new(files, &cfg.ingest) {
            match item {
                newsfacts::ingest::Item::Article(a) => {
                    let doc = newsfacts::clean::clean(a, &cfg.clean);
                    let _ = newsfacts::extract::extract_all(&doc, &cfg.extract);
                }
                newsfacts::ingest::Item::Reject(r) => prop_assert!(!r.reason.is_empty() && !r.detail.is_empty()),
            }
        }
    }
}
