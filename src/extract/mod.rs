//! Extract: `Doc` → `Facts`. Every extractor is a pure function of one document and its own config
//! slice: no IO, no clock, no global mutable state, no polars. One declared dependency: `quotes`
//! reads the mentions of `entities` (a speaker is an entity). `extract_all` calls them by name.

pub mod dates;
pub mod entities;
pub mod figures;
pub mod quotes;

use crate::config::ExtractConfig;
use crate::model::Doc;

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
}

/// Runs every extractor on a document. Documents flagged as not English (or empty) yield no facts.
pub fn extract_all(doc: &Doc, cfg: &ExtractConfig) -> Facts {
    if !doc.extracted || doc.sentences.is_empty() {
        return Facts::default();
    }
    let entities = entities::extract(doc, &cfg.entities);
    let quotes = quotes::extract(doc, &entities, &cfg.quotes);
    Facts {
        figures: figures::extract(doc, &cfg.figures),
        dates: dates::extract(doc, &cfg.dates),
        entities,
        quotes,
    }
}
