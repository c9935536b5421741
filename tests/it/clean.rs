//! Cleaning: sentences, page furniture, metadata cues on the seed articles and wire datelines.

use crate::support::{doc, seeds_dir};
use newsfacts::model::PublishedSource;

fn seed(prefix: &str) -> newsfacts::model::Doc {
    let path = std::fs::read_dir(seeds_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    let text = std::fs::read_to_string(path.expect("seed exists")).unwrap();
    let raw = newsfacts::ingest::RawArticle {
        source: format!("{prefix}.txt"),
        origin: prefix.into(),
        text,
        ..Default::default()
    };
    newsfacts::clean::clean(raw, &crate::support::config().clean)
}

fn sentences(text: &str) -> Vec<String> {
    let d = doc(text, None);
    d.sentences
        .iter()
        .map(|s| d.view[s.start..s.end].to_string())
        .collect()
}

#[test]
fn sentences_split_around_abbreviations_and_initials() {
    assert_eq!(
        sentences(
            "Dr. Smith met U.S. officials in Feb. 2021 at Acme Corp. headquarters. The talks ended. R. Nicholas Burns said so."
        ),
        [
            "Dr. Smith met U.S. officials in Feb. 2021 at Acme Corp. headquarters.",
            "The talks ended.",
            "R. Nicholas Burns said so."
        ]
    );
    assert_eq!(
        sentences("He works in the U.S. The company agreed."),
        ["He works in the U.S.", "The company agreed."]
    );
    assert_eq!(
        sentences(
            "\"We support all efforts,\" he said. \"Both sides agreed.\" Xi Jinping... was first."
        ),
        [
            "\"We support all efforts,\" he said.",
            "\"Both sides agreed.\"",
            "Xi Jinping... was first."
        ]
    );
}

#[test]
fn hard_wrapped_wire_copy_joins_lines_into_sentences() {
    let text = "BAHIA COCOA REVIEW\nSALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao,\nalthough normal humidity levels have not been restored.\n    The dry period means the temporao will be late this year.\n";
    let s = sentences(text);
    assert_eq!(s.len(), 3, "{s:#?}");
    assert_eq!(s[0], "BAHIA COCOA REVIEW");
    assert!(s[1].starts_with("SALVADOR, Feb 26 - Showers") && s[1].ends_with("restored."));
    let d = doc(text, None);
    assert_eq!(d.meta.title.as_deref(), Some("BAHIA COCOA REVIEW"));
    assert_eq!(d.meta.dateline_place.as_deref(), Some("Salvador"));
    assert_eq!(
        d.meta.published_date, None,
        "a dateline without a year gives no publication date"
    );
}

#[test]
fn datelines_give_place_agency_and_date() {
    let d = doc(
        "MOSCOW, Feb 3 (Reuters) - Russia said on Thursday it would talk.",
        None,
    );
    assert_eq!(
        (d.meta.dateline_place.as_deref(), d.meta.agency.as_deref()),
        (Some("Moscow"), Some("Reuters"))
    );
    let d = seed("001");
    assert_eq!(
        (d.meta.dateline_place.as_deref(), d.meta.agency.as_deref()),
        (Some("Beijing"), Some("TDI"))
    );
    assert_eq!(
        (
            d.meta.published_date.map(|d| d.to_string()),
            d.meta.published_source
        ),
        (Some("2022-02-03".into()), Some(PublishedSource::Dateline))
    );
    assert_eq!(d.meta.title, None);
    let d = seed("004");
    assert_eq!(
        (d.meta.dateline_place.as_deref(), d.meta.agency.as_deref()),
        (Some("Beijing"), Some("APP"))
    );
    assert_eq!(d.meta.author.as_deref(), Some("Muhammad Irfan"));
    assert_eq!(d.meta.published_local_time.as_deref(), Some("10:40"));
    assert_eq!(
        d.meta.published_source,
        Some(PublishedSource::PublishedLine)
    );
}

#[test]
fn header_cues_read_labels_bylines_and_wire_typos() {
    // (first lines, published date, source, author, dateline place)
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<PublishedSource>,
        Option<&'static str>,
        Option<&'static str>,
    );
    let cases: [Case; 3] = [
        (
            "Dated: 9th Apr, 2024\nThe ministry said on Tuesday it would act.",
            Some("2024-04-09"),
            Some(PublishedSource::DateLine),
            None,
            None,
        ),
        (
            "By Ahmed bin Ali\nPosted on March 3, 2024\nThe commission said it would act.",
            Some("2024-03-03"),
            Some(PublishedSource::PublishedLine),
            Some("Ahmed bin Ali"),
            None,
        ),
        (
            "KEYCORP REGISTERS NOTES\nALBANY, N.Y., Marc 3 - KeyCorp said it filed notes.",
            None,
            None,
            None,
            Some("Albany"),
        ),
    ];
    for (text, date, source, author, place) in cases {
        let d = doc(text, None);
        let got = (
            d.meta.published_date.map(|d| d.to_string()),
            d.meta.published_source,
            d.meta.author.clone(),
            d.meta.dateline_place.clone(),
        );
        let want = (
            date.map(str::to_string),
            source,
            author.map(str::to_string),
            place.map(str::to_string),
        );
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn publication_dates_of_the_seeds_and_no_guess_for_seed_003() {
    let expected = [
        ("000", Some("2022-02-03")),
        ("001", Some("2022-02-03")),
        ("002", Some("2023-12-08")),
        ("003", None),
        ("004", Some("2024-04-09")),
    ];
    for (prefix, date) in expected {
        let d = seed(prefix);
        assert_eq!(
            d.meta.published_date.map(|d| d.to_string()).as_deref(),
            date,
            "seed {prefix}"
        );
    }
    let d = seed("000");
    assert_eq!(
        d.meta.updated_date.map(|d| d.to_string()).as_deref(),
        Some("2022-02-04")
    );
    assert_eq!(
        d.meta.title.as_deref(),
        Some(
            "Upcoming Xi-Putin meeting to lay out structure for post-pandemic China-Russia ties, Wang Yi says in meeting with Lavrov"
        )
    );
}

#[test]
fn page_furniture_is_blanked_but_kept_in_the_text() {
    let d = seed("003");
    for boilerplate in [
        "WordPress.com",
        "Leave a Reply",
        "Akismet",
        "You are commenting",
        "This entry was posted",
    ] {
        assert!(d.text.contains(boilerplate), "text keeps {boilerplate}");
        assert!(!d.view.contains(boilerplate), "view blanks {boilerplate}");
    }
    assert_eq!(d.text.chars().count(), d.view.chars().count());
    let d = seed("000");
    assert!(!d.view.contains("Photo:fmprc.gov.cn"));
    let d = seed("004");
    assert!(!d.view.contains("Open Menu") && d.view.contains("2024-04-09"));
    let d = seed("002");
    let title = "China Assures Unlimited Cooperation With Russia As Lavrov Arrives For Talks";
    assert_eq!(
        d.view.matches(title).count(),
        1,
        "the repeated headline is blanked once"
    );
}

#[test]
fn numeric_wire_copy_stays_english() {
    // Reuters-21578 earnings tables: few words, many numbers. A trigram model calls many of these French.
    let text = "DAHLBERG INC <DAHL> 4TH QTR NET\nGOLDEN VALLEY, MINN., Feb 26 - Shr profit 10 cts vs loss seven cts\n    Net profit 286,870 vs loss 156,124\n    Revs 10.1 mln vs 9.8 mln\n    Year\n    Shr profit 1.02 dlrs vs loss 1.10 dlrs\n    Net profit 2.9 mln vs loss 3.1 mln\n    Revs 40.2 mln vs 38.7 mln\n";
    let (d, f) = crate::support::facts(text, Some("1987-02-26"));
    assert_eq!(d.language, "en");
    assert!(d.extracted);
    assert!(
        f.figures
            .iter()
            .any(|x| x.unit.as_deref() == Some("USD") && x.value == 0.10)
    );
}

#[test]
fn non_english_articles_are_kept_without_facts() {
    let text = "Le ministre des Affaires étrangères chinois a rencontré son homologue russe jeudi à Pékin. \
        Les deux pays ont signé plusieurs accords commerciaux et le commerce bilatéral a augmenté de 35,9 % \
        pour atteindre environ 146,87 milliards de dollars en 2021, selon le ministère du Commerce.";
    let (d, f) = crate::support::facts(text, Some("2022-02-03"));
    assert_eq!(d.language, "fr");
    let (ru, _) = crate::support::facts(
        "Министр иностранных дел России Сергей Лавров встретился в четверг в Пекине с китайским коллегой Ван И. Стороны обсудили двустороннее сотрудничество, торговлю и подготовку к визиту президента, а также ситуацию на Украине и в Афганистане.",
        None,
    );
    assert_eq!((ru.language.as_str(), ru.extracted), ("ru", false));
    assert!(!d.extracted && d.flags.contains(&"non_english"));
    assert!(f.figures.is_empty() && f.dates.is_empty());
}
