//! Link: the corpus-wide entity index. Each article's mentions already carry a stable `entity_id`
//! (a pure function of the article, so shards of a run agree on it); this stage folds all mentions
//! of an id into one `entities` row: the name most articles use, aliases, titles with the dates of
//! the articles that give them, country, counts. It keeps one small record per distinct entity,
//! never the mentions themselves, and its result does not depend on the order articles arrive in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::extract::entities::registry::Registry;
use crate::extract::entities::{EntityMention, EntityType};
use crate::model::Doc;

#[derive(Debug, Default)]
struct Aggregate {
    etype: Option<EntityType>,
    subtype: Option<&'static str>,
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
    pub etype: &'static str,
    /// Finer type.
    pub subtype: Option<&'static str>,
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

impl EntityIndex {
    /// Folds in the mentions of one article.
    pub fn add_document(&mut self, doc: &Doc, mentions: &[EntityMention]) {
        let date = doc.meta.published_date;
        let mut seen_here: BTreeSet<&str> = BTreeSet::new();
        for m in mentions {
            let (Some(id), Some(name)) = (&m.entity_id, &m.name) else {
                continue;
            };
            let a = self.entities.entry(id.clone()).or_default();
            a.etype = Some(m.etype);
            a.registry = a.registry.or(m.registry);
            if a.subtype.is_none() {
                a.subtype = m.subtype;
            }
            a.mentions += 1;
            a.surfaces.insert(doc.surface(&m.prov.span).to_string());
            if let Some(c) = &m.country {
                *a.countries.entry(c.clone()).or_default() += 1;
            }
            if let Some(t) = &m.title {
                for title in t.split("; ") {
                    let e = a.titles.entry(title.to_string()).or_default();
                    e.0 = min_date(e.0, date);
                    e.1 = max_date(e.1, date);
                }
            }
            if seen_here.insert(id.as_str()) {
                a.documents += 1;
                *a.names.entry(name.clone()).or_default() += 1;
                a.first = min_date(a.first, date);
                a.last = max_date(a.last, date);
            }
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
                    etype: a.etype.map_or("", EntityType::as_str),
                    subtype: a.subtype,
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
