//! Extract: `Doc` → `Facts`. Every extractor is a pure function of one document and its own config
//! slice: no IO, no clock, no global mutable state, no polars. Declared dependencies: `quotes`
//! reads the mentions of `entities` (a speaker is an entity); `events` reads entities, dates,
//! figures and quotes (participants, dates and the facts reported with an event). `extract_all` calls them by name.

pub mod dates;
pub mod entities;
pub mod events;
pub mod figures;
pub mod quotes;

use serde::Deserialize;

use crate::model::Doc;
use dates::{DatesConfig, DatesFile};
use events::EventsConfig;
use figures::{FiguresConfig, FiguresFile};
use quotes::QuotesFile;

/// `[extract]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ExtractFile {
    pub languages: Vec<String>,
    pub language_min_chars: usize,
    pub figures: FiguresFile,
    pub dates: DatesFile,
    pub entities: crate::extract::entities::EntitiesFile,
    pub quotes: QuotesFile,
}

/// What the extractors need, one slice each.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct ExtractConfig {
    pub figures: FiguresConfig,
    pub dates: DatesConfig,
    pub entities: crate::extract::entities::EntitiesConfig,
    pub quotes: crate::extract::quotes::QuotesConfig,
    pub events: EventsConfig,
}

/// Every extractor's rules, in stage order: (extractor, its `RULES`).
pub const RULES: &[(&str, &[crate::model::RuleDoc])] = &[
    ("figures", figures::RULES),
    ("dates", dates::RULES),
    ("entities", entities::RULES),
    ("quotes", quotes::RULES),
    ("events", events::RULES),
];

/// RULES.md: every rule id with its meaning, by extractor (the `rule` column of the fact tables).
pub fn render_rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the `RULES` constants of `src/extract/` (a test regenerates it). Every fact row's `rule` column holds one of these ids; ids are never renamed or reused.\n",
    );
    for (extractor, rules) in RULES {
        out.push_str(&format!(
            "\n## {extractor}\n\n| rule | meaning |\n|---|---|\n"
        ));
        for (id, meaning) in *rules {
            out.push_str(&format!("| `{id}` | {} |\n", meaning.replace('|', "\\|")));
        }
    }
    out
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Money, percentages, counts.
    pub figures: Vec<figures::FigureMention>,
    /// Temporal expressions.
    pub dates: Vec<dates::DateMention>,
    /// People, organizations and places.
    pub entities: Vec<entities::EntityMention>,
    /// Direct quotes with their speakers.
    pub quotes: Vec<quotes::Quote>,
    /// Meetings, visits, talks, agreements, with participants, date and place.
    pub events: Vec<events::Event>,
}

/// Runs every extractor on a document. Documents flagged as not English (or empty) yield no facts.
pub fn extract_all(doc: &Doc, cfg: &ExtractConfig) -> Facts {
    if !doc.extracted || doc.sentences.is_empty() {
        return Facts::default();
    }
    let entities = entities::extract(doc, &cfg.entities);
    let quotes = quotes::extract(doc, &entities, &cfg.quotes);
    let figures = figures::extract(doc, &cfg.figures);
    let dates = dates::extract(doc, &cfg.dates);
    let events = events::extract(doc, &entities, &dates, &figures, &quotes, &cfg.events);
    Facts {
        figures,
        dates,
        entities,
        quotes,
        events,
    }
}
