//! Cluster: event mentions from different articles that report the same real-world event.
//!
//! Two events are linked when they are of one family (meeting, talks and summit are one), both are
//! dated to the day, their days differ by at most `clusters.max_day_gap`, they share two
//! participants (or all of the smaller one's, if it has fewer than two), and their places agree
//! (equal, one missing, or one is the other's country). Candidate pairs come from a polars join
//! on (family, participant, day ± gap); linked events form clusters (connected components). An event
//! that no other links to is a cluster of one, as is every event dated coarser than a day: "in
//! February" cannot tell two meetings of one month apart.
//!
//! The cluster id is the smallest member event id, prefixed `c-`: it stays the same as long as that
//! event stays in the cluster, so ids are stable when a later run adds articles.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::extract::events::Event;
use crate::model::Doc;

/// What clustering keeps of one event (kept in the ledger, so later runs can cluster again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    event_id: String,
    doc_id: String,
    family: String,
    kind: String,
    status: String,
    date: Option<String>,
    day: Option<NaiveDate>,
    place: Option<(String, String, Option<String>)>,
    participants: Vec<(String, String)>,
    published: Option<NaiveDate>,
    outlet: String,
    /// Set from the article's duplicate status when clustering, not stored.
    #[serde(skip)]
    duplicate: bool,
}

impl EventRecord {
    /// The record of one event of `doc`.
    pub fn new(doc: &Doc, e: &Event) -> EventRecord {
        let outlet = doc
            .meta
            .agency
            .clone()
            .or_else(|| {
                doc.meta
                    .url
                    .as_deref()
                    .and_then(|u| u.split('/').nth(2).map(str::to_string))
            })
            .unwrap_or_else(|| format!("doc:{}", doc.id));
        EventRecord {
            event_id: e.event_id.clone(),
            doc_id: doc.id.clone(),
            family: e.kind.family().to_string(),
            kind: e.kind.as_str().to_string(),
            status: e.status.as_str().to_string(),
            date: e.date.as_ref().map(|d| d.value.clone()),
            day: e
                .date
                .as_ref()
                .filter(|d| d.granularity == "day")
                .and_then(|d| d.start),
            place: e.place.clone(),
            participants: e
                .participants
                .iter()
                .map(|p| (p.entity_id.clone(), p.name.clone()))
                .collect(),
            published: doc.meta.published_date,
            outlet,
            duplicate: doc.duplicate.is_some(),
        }
    }

    /// The event id.
    pub fn event_id(&self) -> &str {
        &self.event_id
    }

    /// The article the event was read in.
    pub fn doc_id(&self) -> &str {
        &self.doc_id
    }

    /// Sets whether that article is a duplicate.
    pub fn set_duplicate(&mut self, duplicate: bool) {
        self.duplicate = duplicate;
    }
}

/// One row of `event_clusters`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRow {
    /// `c-<smallest member event id>`.
    pub cluster_id: String,
    /// Most reported kind.
    pub kind: String,
    /// Most reported date.
    pub date: Option<String>,
    /// Most reported place.
    pub place: Option<String>,
    /// Its entity id.
    pub place_entity_id: Option<String>,
    /// Participants' names, " | "-separated.
    pub participants: String,
    /// Their entity ids.
    pub participant_ids: String,
    /// Status: happened when any member says so.
    pub status: String,
    /// Event mentions (rows of `events`).
    pub events: usize,
    /// Distinct articles.
    pub articles: usize,
    /// Distinct articles that are not duplicates.
    pub original_articles: usize,
    /// Distinct outlets.
    pub sources: usize,
    /// Earliest publication date.
    pub first_seen: Option<NaiveDate>,
    /// Latest publication date.
    pub last_seen: Option<NaiveDate>,
    /// Facts the members disagree on.
    pub conflicts: Option<String>,
}

/// One row of `event_cluster_members`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    /// Cluster.
    pub cluster_id: String,
    /// Event.
    pub event_id: String,
    /// Its article.
    pub doc_id: String,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn polars_err(e: PolarsError) -> Error {
    Error::Internal(format!("event clustering failed: {e}"))
}

/// Candidate pairs: events sharing a family and a participant on days at most `gap` apart, with the
/// number of participants they share.
fn candidate_pairs(records: &[EventRecord], gap: i64) -> Result<BTreeMap<(u32, u32), usize>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let (mut idx, mut fam, mut pid, mut day) = (vec![], vec![], vec![], vec![]);
    let (mut idx_b, mut fam_b, mut pid_b, mut day_b) = (vec![], vec![], vec![], vec![]);
    for (i, r) in records.iter().enumerate() {
        let Some(d) = r.day else { continue };
        let d = (d - epoch).num_days();
        for (p, _) in &r.participants {
            idx.push(i as u32);
            fam.push(r.family.as_str());
            pid.push(p.as_str());
            day.push(d);
            for shift in -gap..=gap {
                idx_b.push(i as u32);
                fam_b.push(r.family.as_str());
                pid_b.push(p.as_str());
                day_b.push(d + shift);
            }
        }
    }
    let a = DataFrame::new_infer_height(vec![
        Column::new("a".into(), idx),
        Column::new("family".into(), fam),
        Column::new("pid".into(), pid),
        Column::new("day".into(), day),
    ])
    .map_err(polars_err)?;
    let b = DataFrame::new_infer_height(vec![
        Column::new("b".into(), idx_b),
        Column::new("family".into(), fam_b),
        Column::new("pid".into(), pid_b),
        Column::new("day".into(), day_b),
    ])
    .map_err(polars_err)?;
    let joined = a
        .inner_join(&b, ["family", "pid", "day"], ["family", "pid", "day"])
        .map_err(polars_err)?;
    let left = joined
        .column("a")
        .and_then(|c| c.u32().cloned())
        .map_err(polars_err)?;
    let right = joined
        .column("b")
        .and_then(|c| c.u32().cloned())
        .map_err(polars_err)?;
    let mut shared: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for (x, y) in left.iter().zip(right.iter()) {
        if let (Some(x), Some(y)) = (x, y)
            && x < y
        {
            *shared.entry((x, y)).or_default() += 1;
        }
    }
    Ok(shared)
}

fn places_agree(a: &EventRecord, b: &EventRecord) -> bool {
    match (&a.place, &b.place) {
        // Beijing and China agree; Beijing and Moscow do not.
        (Some(x), Some(y)) => x.0 == y.0 || x.2.is_some() && x.2 == y.2,
        _ => true,
    }
}

fn most_common<'a>(
    values: impl Iterator<Item = &'a str>,
) -> (Option<String>, BTreeMap<&'a str, usize>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts
        .iter()
        .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
        .map(|(v, _)| v.to_string());
    (best, counts)
}

/// Groups events into clusters.
///
/// # Errors
/// A polars failure in the join (a bug).
pub fn cluster(
    records: &[EventRecord],
    max_day_gap: i64,
) -> Result<(Vec<ClusterRow>, Vec<MemberRow>)> {
    let mut parent: Vec<usize> = (0..records.len()).collect();
    for ((x, y), shared) in candidate_pairs(records, max_day_gap)? {
        let (a, b) = (&records[x as usize], &records[y as usize]);
        let need = 2.min(a.participants.len()).min(b.participants.len());
        if shared >= need && places_agree(a, b) {
            let (ra, rb) = (find(&mut parent, x as usize), find(&mut parent, y as usize));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut clusters = Vec::new();
    let mut members = Vec::new();
    for list in groups.values() {
        let rs: Vec<&EventRecord> = list.iter().map(|&i| &records[i]).collect();
        let smallest = rs
            .iter()
            .map(|r| r.event_id.as_str())
            .min()
            .unwrap_or_default();
        let cluster_id = format!("c-{smallest}");
        let (kind, _) = most_common(rs.iter().map(|r| r.kind.as_str()));
        let (date, dates) = most_common(rs.iter().filter_map(|r| r.date.as_deref()));
        let (place_id, places) = most_common(
            rs.iter()
                .filter_map(|r| r.place.as_ref().map(|p| p.0.as_str())),
        );
        let place_name = place_id.as_ref().and_then(|id| {
            rs.iter()
                .find_map(|r| r.place.as_ref().filter(|p| &p.0 == id).map(|p| p.1.clone()))
        });
        let mut people: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for r in &rs {
            for (id, name) in &r.participants {
                people.entry(id).or_insert((name, 0)).1 += 1;
            }
        }
        let mut ordered: Vec<(&str, &str, usize)> =
            people.iter().map(|(id, (n, c))| (*id, *n, *c)).collect();
        ordered.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(y.0)));
        let docs: BTreeSet<&str> = rs.iter().map(|r| r.doc_id.as_str()).collect();
        let originals: BTreeSet<&str> = rs
            .iter()
            .filter(|r| !r.duplicate)
            .map(|r| r.doc_id.as_str())
            .collect();
        let outlets: BTreeSet<&str> = rs.iter().map(|r| r.outlet.as_str()).collect();
        let mut conflicts = Vec::new();
        if dates.len() > 1 {
            conflicts.push(format!(
                "date: {}",
                dates
                    .iter()
                    .map(|(d, n)| format!("{d} ({n})"))
                    .collect::<Vec<_>>()
                    .join(" vs ")
            ));
        }
        if places.len() > 1 {
            let name = |id: &str| {
                rs.iter()
                    .find_map(|r| r.place.as_ref().filter(|p| p.0 == id).map(|p| p.1.clone()))
                    .unwrap_or_default()
            };
            conflicts.push(format!(
                "place: {}",
                places
                    .iter()
                    .map(|(p, n)| format!("{} ({n})", name(p)))
                    .collect::<Vec<_>>()
                    .join(" vs ")
            ));
        }
        let status = if rs.iter().any(|r| r.status == "happened") {
            "happened"
        } else {
            most_common(rs.iter().map(|r| r.status.as_str()))
                .0
                .map_or("happened", |s| match s.as_str() {
                    "scheduled" => "scheduled",
                    "cancelled" => "cancelled",
                    _ => "uncertain",
                })
        };
        clusters.push(ClusterRow {
            cluster_id: cluster_id.clone(),
            kind: kind.unwrap_or_default(),
            date,
            place: place_name,
            place_entity_id: place_id,
            participants: ordered.iter().map(|p| p.1).collect::<Vec<_>>().join(" | "),
            participant_ids: ordered.iter().map(|p| p.0).collect::<Vec<_>>().join(" | "),
            status: status.to_string(),
            events: rs.len(),
            articles: docs.len(),
            original_articles: originals.len(),
            sources: outlets.len(),
            first_seen: rs.iter().filter_map(|r| r.published).min(),
            last_seen: rs.iter().filter_map(|r| r.published).max(),
            conflicts: (!conflicts.is_empty()).then(|| conflicts.join("; ")),
        });
        for r in &rs {
            members.push(MemberRow {
                cluster_id: cluster_id.clone(),
                event_id: r.event_id.clone(),
                doc_id: r.doc_id.clone(),
            });
        }
    }
    clusters.sort_by(|a, b| a.cluster_id.cmp(&b.cluster_id));
    members.sort_by(|a, b| {
        a.cluster_id
            .cmp(&b.cluster_id)
            .then(a.event_id.cmp(&b.event_id))
    });
    Ok((clusters, members))
}
