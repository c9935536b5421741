//! Extract: `Doc` → `Facts`. Every extractor is a pure function of one document and its own config
//! slice: no IO, no clock, no global mutable state, no polars, and no extractor sees another's output.
//! `extract_all` calls them by name.

pub mod dates;
pub mod figures;

use crate::config::ExtractConfig;
use crate::model::Doc;

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Money, percentages, counts.
    pub figures: Vec<figures::FigureMention>,
    /// Temporal expressions.
    pub dates: Vec<dates::DateMention>,
}

/// Runs every extractor on a document. Documents flagged as not English (or empty) yield no facts.
pub fn extract_all(doc: &Doc, cfg: &ExtractConfig) -> Facts {
    if !doc.extracted || doc.sentences.is_empty() {
        return Facts::default();
    }
    Facts {
        figures: figures::extract(doc, &cfg.figures),
        dates: dates::extract(doc, &cfg.dates),
    }
}
