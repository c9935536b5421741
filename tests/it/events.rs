//! Events, near-duplicate articles and event clusters, on the seed articles and copies of them.

use std::collections::HashMap;
use std::path::Path;

use crate::support::{repo, run_on, seeds_dir, table_rows};

type Row = HashMap<String, String>;

fn run(input: &Path, out: &Path) {
    let (code, _, err) = run_on(input, out, &[]);
    assert_eq!(code, 0, "{err}");
}

fn table(out: &Path, name: &str) -> Vec<Row> {
    table_rows(out, name)
}

fn doc_id_of(out: &Path, source_prefix: &str) -> String {
    table(out, "articles")
        .into_iter()
        .find(|a| a["source"].starts_with(source_prefix))
        .map(|a| a["doc_id"].clone())
        .unwrap_or_else(|| panic!("no article {source_prefix}"))
}

fn events_of(out: &Path, source_prefix: &str) -> Vec<Row> {
    let id = doc_id_of(out, source_prefix);
    table(out, "events")
        .into_iter()
        .filter(|e| e["doc_id"] == id)
        .collect()
}

fn seeds_output() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(&seeds_dir(), &out);
    (tmp, out)
}

#[test]
fn seeds_meet_the_meeting_target() {
    let (_tmp, out) = seeds_output();
    let report =
        newsfacts::eval::evaluate(&out, &repo().join("tests/data/seeds.gold.json")).unwrap();
    let why = format!("{}\n{:#?}", report.render(), report.details);
    let meetings = report.score("meetings").unwrap();
    assert!(meetings.f1() >= 0.9, "{why}");
    assert_eq!(meetings.fn_, 0, "{why}");
}

#[test]
fn a_day_before_a_scheduled_meeting_is_dated_from_the_first_meeting() {
    let (_tmp, out) = seeds_output();
    let events = events_of(&out, "001_");
    let leaders = events
        .iter()
        .find(|e| e["participants"] == "Xi Jinping | Vladimir Putin")
        .expect("the Xi-Putin meeting");
    assert_eq!(leaders["date"], "2022-02-04");
    assert_eq!(leaders["date_source"], "relative");
    assert_eq!(leaders["status"], "scheduled");
    assert_eq!(leaders["place"], "Beijing");
    let ministers = events
        .iter()
        .find(|e| e["participants"] == "Sergey Lavrov | Wang Yi")
        .expect("the ministers' meeting");
    assert_eq!(ministers["date"], "2022-02-03");
    assert_eq!(ministers["status"], "happened");
}

#[test]
fn state_leaders_meeting_resolves_to_the_heads_of_state() {
    let (_tmp, out) = seeds_output();
    let events = events_of(&out, "000_");
    let leaders = events
        .iter()
        .find(|e| e["participants"] == "Xi Jinping | Vladimir Putin")
        .expect("the leaders' meeting");
    // "Upcoming Xi-Putin meeting", "the State leaders' meeting on Friday" are one event.
    assert_eq!(leaders["date"], "2022-02-04");
    assert_eq!(leaders["status"], "scheduled");
    assert!(leaders["mentions"].parse::<u32>().unwrap() >= 3);
    // "China is willing to meet Russia halfway" is not a meeting. (Lavrov's visit to China, which
    // hosts it, is an event of this article.)
    assert!(
        !events
            .iter()
            .any(|e| e["kind"] != "visit" && e["participants"].contains("China"))
    );
}

#[test]
fn visits_wondered_meetings_and_fronted_subjects() {
    let (_tmp, out) = seeds_output();
    let visit = events_of(&out, "003_")
        .into_iter()
        .find(|e| e["kind"] == "visit")
        .expect("Putin's visit");
    // "Putin will arrive in China in May": China hosts the visit.
    assert_eq!(visit["participants"], "Vladimir Putin | China");
    assert_eq!(visit["date"], "XXXX-05");
    assert_eq!(visit["status"], "scheduled");
    assert_eq!(visit["place"], "China");
    let burns = events_of(&out, "002_")
        .into_iter()
        .find(|e| e["participants"].contains("Nicholas Burns"))
        .expect("the meeting Burns may have");
    assert_eq!(burns["status"], "uncertain");
    // "as he met his Russian counterpart Sergei Lavrov" and "in meetings on Tuesday, Foreign
    // Minister Wang Yi promised": one meeting, at the dateline on the publication day.
    let meeting = events_of(&out, "004_")
        .into_iter()
        .find(|e| e["kind"] == "meeting")
        .expect("the 2024 meeting");
    assert_eq!(meeting["participants"], "Sergey Lavrov | Wang Yi");
    assert_eq!(meeting["date"], "2024-04-09");
    assert_eq!(meeting["place"], "Beijing");
    assert_eq!(meeting["place_source"], "dateline");
    // Wang's and Lavrov's quotes in that article are reported with the meeting.
    let quotes = table(&out, "quotes");
    let linked = quotes
        .iter()
        .filter(|q| q["event_id"] == meeting["event_id"])
        .count();
    assert!(linked >= 5, "{linked} quotes linked");
}

#[test]
fn participants_table_joins_events_and_entities() {
    let (_tmp, out) = seeds_output();
    let events = table(&out, "events");
    let participants = table(&out, "event_participants");
    let entities: Vec<String> = table(&out, "entities")
        .into_iter()
        .map(|e| e["entity_id"].clone())
        .collect();
    for e in &events {
        let mine: Vec<&Row> = participants
            .iter()
            .filter(|p| p["event_id"] == e["event_id"])
            .collect();
        assert_eq!(mine.len().to_string(), e["participant_count"]);
        for p in mine {
            assert!(entities.contains(&p["entity_id"]), "{p:?}");
        }
    }
    let hosted = participants
        .iter()
        .find(|p| p["role"] == "host" && p["type"] == "PERSON")
        .expect("Xi welcomed Lavrov");
    assert_eq!(hosted["name"], "Xi Jinping");
}

#[test]
fn one_meeting_reported_by_two_outlets_is_one_cluster() {
    let (_tmp, out) = seeds_output();
    let clusters = table(&out, "event_clusters");
    let ministers: Vec<&Row> = clusters
        .iter()
        .filter(|c| c["participants"].contains("Wang Yi") && c["participants"].contains("Lavrov"))
        .collect();
    let beijing = ministers
        .iter()
        .find(|c| c["date"] == "2022-02-03")
        .expect("the 2022-02-03 meeting");
    assert_eq!(beijing["articles"], "2");
    assert_eq!(beijing["sources"], "2");
    assert_eq!(beijing["place"], "Beijing");
    // The 2024 meeting and the undated Tunxi meeting are other events.
    assert!(ministers.len() >= 3, "{ministers:?}");
    let members = table(&out, "event_cluster_members");
    let in_cluster: Vec<&Row> = members
        .iter()
        .filter(|m| m["cluster_id"] == beijing["cluster_id"])
        .collect();
    let ids: Vec<String> = ["000_", "001_"]
        .iter()
        .map(|s| doc_id_of(&out, s))
        .collect();
    let mut docs: Vec<String> = in_cluster.iter().map(|m| m["doc_id"].clone()).collect();
    docs.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(docs, want);
}

/// A syndicated copy of seed 000 with a reworded lead, a trimmed tail and a footer.
fn reworded_copy(original: &str) -> String {
    let mut paragraphs: Vec<&str> = original.split("\n\n").collect();
    let lead = paragraphs
        .iter()
        .position(|p| p.trim_start().starts_with("The meeting in the new year"))
        .expect("the lead");
    paragraphs[lead] = "Chinese State Councilor and Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov on Thursday and said the coming meeting of the two presidents would set the shape of post-pandemic ties.";
    let keep = paragraphs.len() - 3;
    let mut text = paragraphs[..keep].join("\n\n");
    text.push_str("\n\nRead more stories on our website and follow us for the latest updates.\n");
    text
}

#[test]
fn reworded_copies_are_duplicates_and_same_topic_stories_are_not() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    let original = std::fs::read_to_string(seeds_dir().join("000_a7a09050352f6a6b.txt")).unwrap();
    std::fs::write(input.join("100_reworded.txt"), reworded_copy(&original)).unwrap();
    std::fs::write(
        input.join("101_exact.txt"),
        original.to_uppercase().replace("\n\n", "\n\n\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    run(&input, &out);
    let articles = table(&out, "articles");
    let by_source = |p: &str| {
        articles
            .iter()
            .find(|a| a["source"].starts_with(p))
            .unwrap()
    };
    let seed = by_source("000_");
    let reworded = by_source("100_");
    assert_eq!(reworded["duplicate_of"], seed["doc_id"]);
    assert_eq!(reworded["duplicate_kind"], "near");
    let similarity: f32 = reworded["duplicate_similarity"].parse().unwrap();
    assert!((0.5..1.0).contains(&similarity), "{similarity}");
    let exact = by_source("101_");
    assert_eq!(exact["duplicate_of"], seed["doc_id"]);
    assert_eq!(exact["duplicate_kind"], "exact");
    // Seeds 000 and 001 report the same meeting in different words: not duplicates.
    for p in ["000_", "001_", "002_", "003_", "004_"] {
        assert_eq!(by_source(p)["duplicate_of"], "", "{p}");
    }
    // The copy's facts are kept and marked; the cluster counts one original article for it.
    let copy_dates: Vec<Row> = table(&out, "dates")
        .into_iter()
        .filter(|d| d["doc_id"] == reworded["doc_id"])
        .collect();
    assert!(!copy_dates.is_empty());
    assert!(copy_dates.iter().all(|d| d["from_duplicate"] == "true"));
    let clusters = table(&out, "event_clusters");
    let beijing = clusters
        .iter()
        .find(|c| c["date"] == "2022-02-03" && c["participants"].contains("Wang Yi"))
        .unwrap();
    // Seeds 000 and 001 and the reworded copy. The exact copy in capitals names no participant:
    // the registry matches names as written, and the learned tagger reads "WANG YI" there as a
    // company and a person ("WANG", "YI"), not as Wang Yi (all-capitals text is its weak spot).
    assert_eq!(beijing["articles"], "3", "{beijing:?}");
    assert_eq!(beijing["original_articles"], "2", "{beijing:?}");
}
