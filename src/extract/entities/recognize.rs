//! Where entity candidates come from: an ordered list of recognizers, each proposing candidates
//! with a rule id and a confidence. They do not see each other's candidates; one policy settles
//! overlaps afterwards (`settle_overlaps` in `mod.rs`): the longest span wins; between equally long
//! spans, the higher `priority`, then the earlier start, then the recognizer earlier in the list.
//!
//! The built-in list is the registry, then the patterns, in the order of `builtin()`; the learned
//! tagger (`learned.rs`) joins it when `extract.entities.recognizers` says so. Its probability goes
//! into `Candidate::confidence`, its working memory (summed word scores, buffers) into the
//! per-thread scratch the entity stage keeps for it, so tagging needs no lock. It fills gaps
//! (`Recognizer::fills_gaps`): its candidates are settled after the others and after coreference,
//! into the spans they leave free (see `fill_gaps` in `mod.rs`).

use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

use super::Candidate;
use super::patterns::{self, Context, TitleInfo};

/// What the recognizers of one document found.
#[derive(Debug, Default)]
pub(crate) struct Recognized {
    /// Proposed mentions, overlapping freely.
    pub candidates: Vec<Candidate>,
    /// Titles written before people's names, for coreference ("Foreign Minister" before "Wang Yi").
    pub titled: Vec<TitleInfo>,
    /// Candidates of the recognizers that fill gaps (`Recognizer::fills_gaps`).
    pub gap_fillers: Vec<Candidate>,
}

/// One source of entity candidates.
pub(crate) trait Recognizer: Send + Sync + std::fmt::Debug {
    /// Short name, unique in the list (it keys the recognizer's per-thread scratch).
    fn name(&self) -> &'static str;

    /// Fresh working memory for one worker thread. The stage creates it the first time the thread
    /// meets this recognizer and hands it back on every later document; none by default.
    fn scratch(&self) -> Box<dyn Any> {
        Box::new(())
    }

    /// Adds the candidates found in one document.
    fn recognize(&self, ctx: &Context, scratch: &mut dyn Any, out: &mut Recognized);

    /// Whether its candidates only fill the spans the others leave free, after coreference (the
    /// learned tagger: see `fill_gaps` in `mod.rs`), instead of competing with them.
    fn fills_gaps(&self) -> bool {
        false
    }
}

/// The built-in recognizers, in list order.
pub(crate) fn builtin() -> Vec<Arc<dyn Recognizer>> {
    let pattern = |name, find| Arc::new(Pattern { name, find }) as Arc<dyn Recognizer>;
    vec![
        // Names listed in the compiled-in registry (`entity/registry-*`).
        pattern("registry", |ctx, out| {
            out.extend(patterns::registry_candidates(ctx.cfg.registry, ctx.hits));
        }),
        Arc::new(TitledPeople),
        pattern("speech-verb-people", patterns::people_before_speech_verbs),
        pattern("org-head-words", patterns::organizations),
        pattern("described-orgs", patterns::described_organizations),
        pattern("dateline", |ctx, out| {
            patterns::dateline_place(ctx, ctx.dateline_place, out);
        }),
        pattern("regions", patterns::regions),
        pattern("appositive-places", patterns::appositive_places),
    ]
}

/// Runs every recognizer of `list` on one document, each with this thread's scratch.
pub(crate) fn run_all(list: &[Arc<dyn Recognizer>], ctx: &Context) -> Recognized {
    thread_local! {
        static SCRATCH: RefCell<Vec<(&'static str, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    }
    let mut out = Recognized::default();
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        for recognizer in list {
            let name = recognizer.name();
            let slot = match scratch.iter().position(|(n, _)| *n == name) {
                Some(i) => i,
                None => {
                    scratch.push((name, recognizer.scratch()));
                    scratch.len() - 1
                }
            };
            if recognizer.fills_gaps() {
                let others = std::mem::take(&mut out.candidates);
                recognizer.recognize(ctx, scratch[slot].1.as_mut(), &mut out);
                let found = std::mem::replace(&mut out.candidates, others);
                out.gap_fillers.extend(found);
            } else {
                recognizer.recognize(ctx, scratch[slot].1.as_mut(), &mut out);
            }
        }
    });
    out
}

/// A pattern of `patterns.rs` (or the registry lookup) as a recognizer: no scratch, and no output
/// but candidates.
#[derive(Debug)]
struct Pattern {
    name: &'static str,
    find: fn(&Context, &mut Vec<Candidate>),
}

impl Recognizer for Pattern {
    fn name(&self) -> &'static str {
        self.name
    }
    fn recognize(&self, ctx: &Context, _: &mut dyn Any, out: &mut Recognized) {
        (self.find)(ctx, &mut out.candidates);
    }
}

/// A name after a title (`entity/person-after-title`, `entity/surname-after-title`); it also
/// records the titles for coreference.
#[derive(Debug)]
struct TitledPeople;

impl Recognizer for TitledPeople {
    fn name(&self) -> &'static str {
        "titled-people"
    }
    fn recognize(&self, ctx: &Context, _: &mut dyn Any, out: &mut Recognized) {
        let titled = patterns::titled_people(ctx, &mut out.candidates);
        out.titled.extend(titled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::{EntitiesConfig, EntityType, extract};
    use crate::lang::Lang;

    /// A stand-in for a learned tagger: proposes its phrase as an organization wherever it occurs,
    /// and counts in its scratch the documents this thread gave it.
    #[derive(Debug)]
    struct Gazetteer(&'static str);

    impl Recognizer for Gazetteer {
        fn name(&self) -> &'static str {
            "test-gazetteer"
        }
        fn scratch(&self) -> Box<dyn Any> {
            Box::new(0usize)
        }
        fn recognize(&self, ctx: &Context, scratch: &mut dyn Any, out: &mut Recognized) {
            let seen = scratch
                .downcast_mut::<usize>()
                .expect("this recognizer's scratch");
            *seen += 1;
            for (start, _) in ctx.view.match_indices(self.0) {
                out.candidates.push(Candidate {
                    start,
                    end: start + self.0.len(),
                    etype: EntityType::Org,
                    subtype: None,
                    name: Some(format!("{} ({seen})", self.0)),
                    registry: None,
                    country: None,
                    title: None,
                    rule: "entity/org-head-word",
                    confidence: 0.5,
                    priority: 0,
                });
            }
        }
    }

    fn doc(text: &str) -> crate::model::Doc {
        crate::config::testing::doc(text, None)
    }

    /// (surface, rule, name) of each mention.
    fn found(d: &crate::model::Doc, cfg: &EntitiesConfig) -> Vec<(String, &'static str, String)> {
        extract(d, cfg)
            .into_iter()
            .map(|m| {
                let surface = d.view[m.start..m.end].to_string();
                (surface, m.prov.rule, m.name.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn an_added_recognizer_contributes_and_keeps_its_scratch_per_thread() {
        let mut cfg = EntitiesConfig::new(&Lang::builtin()).unwrap();
        let d = doc("Shares of Acme Widgets rose, Foreign Minister Wang Yi said in Beijing.");
        let before = found(&d, &cfg);
        assert!(!before.iter().any(|m| m.0 == "Acme Widgets"), "{before:?}");
        cfg.recognizers.push(Arc::new(Gazetteer("Acme Widgets")));
        let first = found(&d, &cfg);
        let second = found(&d, &cfg);
        let acme = |ms: &[(String, &str, String)]| {
            ms.iter()
                .find(|m| m.0 == "Acme Widgets")
                .map(|m| m.2.clone())
        };
        assert_eq!(acme(&first).as_deref(), Some("Acme Widgets (1)"));
        assert_eq!(acme(&second).as_deref(), Some("Acme Widgets (2)"));
        // The built-in recognizers' mentions are untouched.
        let others = |ms: &[(String, &'static str, String)]| {
            ms.iter()
                .filter(|m| m.0 != "Acme Widgets")
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(others(&first), others(&before));
        assert!(
            before
                .iter()
                .any(|m| m.0 == "Wang Yi" && m.1 == "entity/registry-person"),
            "{before:?}"
        );
    }

    #[test]
    fn the_longest_candidate_wins_whichever_recognizer_proposed_it() {
        let d = doc("Foreign Minister Wang Yi said on Monday that talks would go on.");
        // Listed first but shorter: the registry's "Wang Yi" wins.
        let mut cfg = EntitiesConfig::new(&Lang::builtin()).unwrap();
        cfg.recognizers.insert(0, Arc::new(Gazetteer("Wang")));
        let mentions = found(&d, &cfg);
        assert!(
            mentions
                .iter()
                .any(|m| m.0 == "Wang Yi" && m.1 == "entity/registry-person"),
            "{mentions:?}"
        );
        assert!(!mentions.iter().any(|m| m.0 == "Wang"), "{mentions:?}");
        // Listed last but longer: the added recognizer's span wins.
        let mut cfg = EntitiesConfig::new(&Lang::builtin()).unwrap();
        cfg.recognizers
            .push(Arc::new(Gazetteer("Minister Wang Yi said")));
        let mentions = found(&d, &cfg);
        assert!(
            mentions.iter().any(|m| m.0 == "Minister Wang Yi said"),
            "{mentions:?}"
        );
        assert!(!mentions.iter().any(|m| m.0 == "Wang Yi"), "{mentions:?}");
    }
}
