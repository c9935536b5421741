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
