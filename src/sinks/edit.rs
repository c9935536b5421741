//! Edits of a staging snapshot's files: dropping the rows of articles that changed or vanished, and
//! rewriting the duplicate columns of articles whose duplicate status changed. Files are never
//! modified in place: an edited file is written anew under a new name (`Writer::rewrite`).

use std::collections::{HashMap, HashSet};

use polars::prelude::*;

use super::Writer;
use super::writer::partition_dir;
use crate::error::{Error, Result};
use crate::model::DuplicateOf;
use crate::tables::spec::TableSpec;

/// A snapshot file whose column is missing or of another type than its table's spec says.
fn damaged(writer: &Writer, rel: &str, column: &str, e: PolarsError) -> Error {
    Error::Corrupt {
        path: writer.staging().join(rel),
        message: format!("column {column}: {e}"),
    }
}

/// The values of a string column of the snapshot file `rel`.
fn strings(writer: &Writer, rel: &str, df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df
        .column(name)
        .and_then(|c| c.str().cloned())
        .map_err(|e| damaged(writer, rel, name, e))?;
    Ok((0..c.len()).map(|i| c.get(i).map(str::to_string)).collect())
}

/// Drops the rows whose `key` column holds one of `values` from the files of `spec`'s partition
/// `month` ("" for an unpartitioned table) that are among `only_files` (the files inherited from
/// the previous snapshot: this run's own files hold the new versions and stay).
///
/// # Errors
/// A file that cannot be read or rewritten.
pub fn remove_rows(
    writer: &mut Writer,
    spec: &'static TableSpec,
    month: &str,
    key: &str,
    values: &HashSet<String>,
    only_files: &HashSet<String>,
) -> Result<()> {
    let pdir = partition_dir(spec, Some(month));
    for rel in writer.table_files(spec, Some(&pdir)) {
        if !only_files.contains(&rel) {
            continue;
        }
        let keys = strings(writer, &rel, &writer.read(&rel, Some(&[key]))?, key)?;
        let hit = |k: &Option<String>| k.as_ref().is_some_and(|k| values.contains(k));
        if !keys.iter().any(hit) {
            continue;
        }
        let df = writer.read(&rel, None)?;
        let mask: BooleanChunked = keys.iter().map(|k| Some(!hit(k))).collect();
        let mut kept = df
            .filter(&mask)
            .map_err(|e| Error::Internal(e.to_string()))?;
        writer.rewrite(&rel, &mut kept)?;
    }
    Ok(())
}

/// Rewrites the duplicate columns (`from_duplicate`, or `duplicate_of`, `duplicate_kind` and
/// `duplicate_similarity`) of the rows of `spec`'s partition `month` whose `doc_id` is in
/// `status`, to that status. Tables with neither column are left alone.
///
/// # Errors
/// A file that cannot be read or rewritten, or a column of the wrong type.
pub fn set_duplicate_status(
    writer: &mut Writer,
    spec: &'static TableSpec,
    month: &str,
    status: &HashMap<String, Option<DuplicateOf>>,
) -> Result<()> {
    let flag = spec.has("from_duplicate");
    let full = spec.has("duplicate_of");
    if !flag && !full {
        return Ok(());
    }
    let pdir = partition_dir(spec, Some(month));
    for rel in writer.table_files(spec, Some(&pdir)) {
        let ids = strings(
            writer,
            &rel,
            &writer.read(&rel, Some(&["doc_id"]))?,
            "doc_id",
        )?;
        let new_status = |i: usize| -> Option<&Option<DuplicateOf>> {
            ids[i].as_ref().and_then(|d| status.get(d))
        };
        if !(0..ids.len()).any(|i| new_status(i).is_some()) {
            continue;
        }
        let mut df = writer.read(&rel, None)?;
        let n = df.height();
        let err = |e: PolarsError| Error::Internal(e.to_string());
        if flag {
            let old = df
                .column("from_duplicate")
                .and_then(|c| c.bool().cloned())
                .map_err(|e| damaged(writer, &rel, "from_duplicate", e))?;
            let new: BooleanChunked = (0..n)
                .map(|i| match new_status(i) {
                    Some(s) => Some(s.is_some()),
                    None => old.get(i),
                })
                .collect();
            df.with_column(new.with_name("from_duplicate".into()).into_column())
                .map_err(err)?;
        }
        if full {
            let of = strings(writer, &rel, &df, "duplicate_of")?;
            let kind = strings(writer, &rel, &df, "duplicate_kind")?;
            let sim = df
                .column("duplicate_similarity")
                .and_then(|c| c.f32().cloned())
                .map_err(|e| damaged(writer, &rel, "duplicate_similarity", e))?;
            let pick = |i: usize| match new_status(i) {
                Some(s) => (
                    s.as_ref().map(|d| d.doc_id.clone()),
                    s.as_ref().map(|d| d.kind.to_string()),
                    s.as_ref().map(|d| d.similarity),
                ),
                None => (of[i].clone(), kind[i].clone(), sim.get(i)),
            };
            let rows: Vec<_> = (0..n).map(pick).collect();
            let of: StringChunked = rows.iter().map(|r| r.0.as_deref()).collect();
            let kind: StringChunked = rows.iter().map(|r| r.1.as_deref()).collect();
            let sim: Float32Chunked = rows.iter().map(|r| r.2).collect();
            df.with_column(of.with_name("duplicate_of".into()).into_column())
                .map_err(err)?;
            df.with_column(kind.with_name("duplicate_kind".into()).into_column())
                .map_err(err)?;
            df.with_column(sim.with_name("duplicate_similarity".into()).into_column())
                .map_err(err)?;
        }
        writer.rewrite(&rel, &mut df)?;
    }
    Ok(())
}
