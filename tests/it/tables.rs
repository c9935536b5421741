//! Schemas: TABLES.md is generated from the specs and must be current; `newsfacts schema` prints it.

use crate::support::{newsfacts, repo};
use newsfacts::tables::spec::{ALL, render_markdown};

#[test]
fn tables_md_is_generated_from_the_specs() {
    let path = repo().join("TABLES.md");
    let expected = render_markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        std::fs::write(&path, &expected).unwrap();
        panic!("TABLES.md was stale and has been regenerated; review and commit it");
    }
}

#[test]
fn schema_command_prints_every_column() {
    let (code, out, _) = newsfacts(&["schema"], &repo());
    assert_eq!(code, 0);
    assert_eq!(out, render_markdown());
    for t in ALL {
        for c in t.columns {
            assert!(
                out.contains(&format!("| `{}` |", c.name)),
                "{}.{}",
                t.name,
                c.name
            );
        }
    }
}

#[test]
fn every_fact_table_carries_provenance() {
    for t in ALL.iter().filter(|t| matches!(t.name, "figures" | "dates")) {
        let names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
        for required in [
            "doc_id",
            "sentence",
            "char_start",
            "char_end",
            "surface",
            "rule",
            "confidence",
        ] {
            assert!(names.contains(&required), "{} lacks {required}", t.name);
        }
    }
}

#[test]
fn rules_md_is_generated_from_the_rule_lists() {
    let path = repo().join("RULES.md");
    let expected = newsfacts::extract::render_rules_markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        std::fs::write(&path, &expected).unwrap();
        panic!("RULES.md was stale and has been regenerated; review and commit it");
    }
}

fn documented() -> std::collections::BTreeSet<&'static str> {
    newsfacts::extract::RULES
        .iter()
        .flat_map(|(_, rules)| rules.iter().map(|(id, _)| *id))
        .collect()
}

/// Every rule id written in the extractors' code is documented (a rule no test article exercises
/// included).
#[test]
fn every_rule_id_in_the_code_is_documented() {
    let id = regex::Regex::new(
        r#""((?:date|duration|set|time|money|percent|count|number|entity|quote|event)/[a-z0-9-]+)""#,
    )
    .unwrap();
    let documented = documented();
    let mut found = 0;
    for file in newsfacts::sinks::layout::files_under(&repo().join("src/extract")) {
        let code = std::fs::read_to_string(&file).unwrap();
        for c in id.captures_iter(&code) {
            found += 1;
            assert!(
                documented.contains(&c[1]),
                "{} emits {} but no RULES constant documents it",
                file.display(),
                &c[1]
            );
        }
    }
    assert!(found > 100, "only {found} rule ids found in src/extract");
}

/// Every rule id the extractors emit on the seed and wire articles is documented.
#[test]
fn every_emitted_rule_id_is_documented() {
    let documented = documented();
    let mut emitted = std::collections::BTreeSet::new();
    for dir in ["tests/data/seeds", "tests/data/wire"] {
        for file in newsfacts::sinks::layout::files_under(&repo().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let (_, facts) = crate::support::facts(&text, None);
            emitted.extend(facts.figures.iter().map(|f| f.prov.rule));
            emitted.extend(facts.dates.iter().map(|d| d.prov.rule));
            emitted.extend(facts.entities.iter().map(|e| e.prov.rule));
            emitted.extend(facts.quotes.iter().map(|q| q.prov.rule));
            emitted.extend(facts.events.iter().map(|e| e.prov.rule));
        }
    }
    assert!(emitted.len() >= 30, "{emitted:?}");
    let undocumented: Vec<_> = emitted.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "undocumented rule ids: {undocumented:?}"
    );
}

#[test]
fn every_key_column_is_a_column_of_its_table() {
    for t in ALL.iter().chain(newsfacts::tables::spec::STATE) {
        assert!(!t.key.is_empty(), "{} has no key", t.name);
        for k in t.key {
            assert!(
                t.has(k),
                "{}'s key column {k} is not one of its columns",
                t.name
            );
        }
    }
}
