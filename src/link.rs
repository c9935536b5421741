//! Link: the corpus-wide entity index. Each article's mentions already carry a stable `entity_id`
//! (a pure function of the article, so shards of a run agree on it); this stage folds all mentions
//! of an id into one `entities` row: the name most articles use, aliases, titles with the dates of
//! the articles that give them, country, counts. It keeps one small record per distinct entity,
//! never the mentions themselves, and its result does not depend on the order articles arrive in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::entities::EntityMention;
use crate::extract::entities::registry::Registry;
use crate::model::Doc;

#[derive(Debug, Default)]
struct Aggregate {
    etype: Option<String>,
    subtype: Option<String>,
    registry: Option<usize>,
    /// Article-level canonical names with the number of articles using each.
    names: BTreeMap<String, usize>,
    surfaces: BTreeSet<String>,
    countries: BTreeMap<String, usize>,
    titles: BTreeMap<String, (Option<NaiveDate>, Option<NaiveDate>)>,
    mentions: usize,
    documents: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

/// One row of the `entities` table.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRow {
    /// Stable id.
    pub entity_id: String,
    /// Canonical name.
    pub name: String,
    /// PERSON, ORG or LOC.
    pub etype: String,
    /// Finer type.
    pub subtype: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// Other names, " | "-separated.
    pub aliases: Option<String>,
    /// Titles with date ranges, " | "-separated.
    pub titles: Option<String>,
    /// Mentions.
    pub mentions: usize,
    /// Articles.
    pub documents: usize,
    /// Earliest article date.
    pub first_published: Option<NaiveDate>,
    /// Latest article date.
    pub last_published: Option<NaiveDate>,
    /// GeoNames id.
    pub geonameid: Option<u64>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// registry or text.
    pub source: &'static str,
}

/// Every entity seen so far.
#[derive(Debug, Default)]
pub struct EntityIndex {
    entities: BTreeMap<String, Aggregate>,
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// What one article adds to one entity: everything `EntityIndex` needs, so the ledger can keep it and
/// a later run can rebuild the entities table without reading the article again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Entity id.
    pub id: String,
    /// Canonical name in the article (of its first mention).
    pub name: String,
    /// PERSON, ORG or LOC.
    pub etype: String,
    /// Finer type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Registry entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<usize>,
    /// Mentions in the article.
    pub mentions: usize,
    /// Distinct surfaces.
    pub surfaces: BTreeSet<String>,
    /// Countries given by mentions, with counts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub countries: BTreeMap<String, usize>,
    /// Titles written with mentions.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub titles: BTreeSet<String>,
}

/// The contributions of one article, by entity id.
pub fn contributions(doc: &Doc, mentions: &[EntityMention]) -> Vec<Contribution> {
    let mut out: BTreeMap<&str, Contribution> = BTreeMap::new();
    for m in mentions {
        let (Some(id), Some(name)) = (&m.entity_id, &m.name) else {
            continue;
        };
        let c = out.entry(id.as_str()).or_insert_with(|| Contribution {
            id: id.clone(),
            name: name.clone(),
            etype: m.etype.as_str().to_string(),
            subtype: None,
            registry: None,
            mentions: 0,
            surfaces: BTreeSet::new(),
            countries: BTreeMap::new(),
            titles: BTreeSet::new(),
        });
        c.subtype = min_some(c.subtype.take(), m.subtype.map(str::to_string));
        c.registry = min_some(c.registry, m.registry);
        c.mentions += 1;
        c.surfaces.insert(doc.surface(&m.prov.span).to_string());
        if let Some(country) = &m.country {
            *c.countries.entry(country.clone()).or_default() += 1;
        }
        if let Some(t) = &m.title {
            c.titles.extend(t.split("; ").map(str::to_string));
        }
    }
    out.into_values().collect()
}

/// The smaller of two optional values, so that folding is independent of order.
fn min_some<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

impl EntityIndex {
    /// Folds in the mentions of one article.
    pub fn add_document(&mut self, doc: &Doc, mentions: &[EntityMention]) {
        self.add(doc.meta.published_date, &contributions(doc, mentions));
    }

    /// Folds in one article's contributions. The result does not depend on the order of calls.
    pub fn add(&mut self, date: Option<NaiveDate>, contributions: &[Contribution]) {
        for c in contributions {
            let a = self.entities.entry(c.id.clone()).or_default();
            a.etype = min_some(a.etype.take(), Some(c.etype.clone()));
            a.registry = min_some(a.registry, c.registry);
            a.subtype = min_some(a.subtype.take(), c.subtype.clone());
            a.mentions += c.mentions;
            a.surfaces.extend(c.surfaces.iter().cloned());
            for (country, n) in &c.countries {
                *a.countries.entry(country.clone()).or_default() += n;
            }
            for title in &c.titles {
                let e = a.titles.entry(title.clone()).or_default();
                e.0 = min_date(e.0, date);
                e.1 = max_date(e.1, date);
            }
            a.documents += 1;
            *a.names.entry(c.name.clone()).or_default() += 1;
            a.first = min_date(a.first, date);
            a.last = max_date(a.last, date);
        }
    }

    /// The `entities` rows, by entity id.
    pub fn rows(&self) -> Vec<EntityRow> {
        let registry = Registry::shared();
        self.entities
            .iter()
            .map(|(id, a)| {
                let listed = a.registry.map(|i| &registry.entries[i]);
                let name = match listed {
                    Some(e) => e.name.clone(),
                    None => a
                        .names
                        .iter()
                        .max_by(|x, y| {
                            x.1.cmp(y.1)
                                .then(x.0.len().cmp(&y.0.len()))
                                .then(y.0.cmp(x.0))
                        })
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                };
                let aliases: BTreeSet<&str> = a
                    .surfaces
                    .iter()
                    .chain(a.names.keys())
                    .map(String::as_str)
                    .filter(|s| *s != name)
                    .collect();
                let country = listed.and_then(|e| e.country.clone()).or_else(|| {
                    a.countries
                        .iter()
                        .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                        .map(|(c, _)| c.clone())
                });
                let fmt = |d: Option<NaiveDate>| d.map_or("?".to_string(), |d| d.to_string());
                let titles: Vec<String> = a
                    .titles
                    .iter()
                    .map(|(t, (f, l))| format!("{t} [{}..{}]", fmt(*f), fmt(*l)))
                    .collect();
                EntityRow {
                    entity_id: id.clone(),
                    name,
                    etype: a.etype.clone().unwrap_or_default(),
                    subtype: a.subtype.clone(),
                    country,
                    aliases: (!aliases.is_empty())
                        .then(|| aliases.into_iter().collect::<Vec<_>>().join(" | ")),
                    titles: (!titles.is_empty()).then(|| titles.join(" | ")),
                    mentions: a.mentions,
                    documents: a.documents,
                    first_published: a.first,
                    last_published: a.last,
                    geonameid: listed.and_then(|e| e.geonameid),
                    latitude: listed.and_then(|e| e.latitude),
                    longitude: listed.and_then(|e| e.longitude),
                    source: if listed.is_some() { "registry" } else { "text" },
                }
            })
            .collect()
    }
}
