//! Triggers: the words that open an event mention, and what the trigger's clause says about its
//! status (happened, scheduled, uncertain, cancelled).

use super::{Check, Ctx, EventKind, EventsConfig, Status, is_one_of};
use crate::extract::entities::EntityType;
use crate::model::tail;
use crate::text::tokens::Token;

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct TriggerHit {
    /// Index of the trigger word in the sentence's tokens.
    pub word: usize,
    pub kind: EventKind,
    /// Whether it acts as a verb (looks for a subject and an object).
    pub verb: bool,
    /// "welcomed", "hosted": the subject hosts the object.
    pub host: bool,
    /// "the visiting Polish leader", "met visiting Thai Prime Minister Prem": a verb's "-ing" form
    /// describing the name after it (its visitor), not a verb of the clause.
    pub adjective: bool,
}

/// Triggers of a sentence (given its tokens) that pass their check, in text order.
pub(super) fn find_triggers(ctx: &Ctx, tokens: &[Token]) -> Vec<TriggerHit> {
    let view = ctx.view;
    let cues = &ctx.cfg.cues;
    let lower = |i: usize| tokens.get(i).map(|t| t.text(view).to_lowercase());
    let mut out = Vec::new();
    for (i, &Token { start: s, .. }) in tokens.iter().enumerate() {
        let w = lower(i).unwrap_or_default();
        let Some(trigger) = ctx.cfg.triggers.iter().find(|t| t.word == w) else {
            continue;
        };
        if ctx.in_quote_char(ctx.char_of(s)) {
            continue;
        }
        let (mut kind, mut verb) = (trigger.kind, trigger.verb);
        let next = lower(i + 1).unwrap_or_default();
        let prev = i.checked_sub(1).and_then(lower).unwrap_or_default();
        let meet_not_see = || {
            ctx.cfg.meet_not_see.contains(&next)
                || (i + 1..i + 4)
                    .filter_map(lower)
                    .any(|w| is_one_of(&cues.meet_not_see_within_three, &w))
        };
        match trigger.check {
            Check::Meet | Check::Met if meet_not_see() => continue,
            // "met with criticism", "met with strong opposition"
            Check::Met
                if is_one_of(&cues.met_with, &next)
                    && (i + 2..i + 5)
                        .filter_map(lower)
                        .any(|w| is_one_of(&cues.met_with_reactions, &w)) =>
            {
                continue;
            }
            Check::Meeting
                if is_one_of(&cues.meeting_as_verb_after, &prev)
                    || is_one_of(&cues.with, &next) && prev.is_empty() =>
            {
                verb = true;
            }
            Check::Host => {
                // Only a person received is a meeting; "received support" is not. Titles may
                // stand between ("welcomed Russian Foreign Minister Sergei Lavrov").
                let after = tokens.get(i + 1).map_or(s, |w| w.start);
                let person_next = ctx.mentions.iter().any(|m| {
                    m.etype == EntityType::Person
                        && m.start >= after
                        && m.start <= after + 60
                        && view[after..m.start]
                            .split_whitespace()
                            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                });
                if !person_next {
                    continue;
                }
            }
            Check::Signed => {
                let soon: Vec<String> = (i + 1..i + 7).filter_map(lower).collect();
                if !soon.iter().any(|w| ctx.cfg.signed_things.contains(w)) {
                    continue;
                }
            }
            Check::Call if !is_one_of(&cues.call_modifiers, &prev) => continue,
            Check::Statement if !is_one_of(&cues.statement_modifiers, &prev) => continue,
            Check::Arrive if !is_one_of(&cues.arrive_prepositions, &next) => continue,
            Check::Toward if !is_one_of(&cues.toward_prepositions, &next) => continue,
            // "left for Zurich", not "on leave for three weeks".
            Check::Depart
                if !is_one_of(&cues.departure_prepositions, &next)
                    || is_one_of(&cues.departure_not_after, &prev) =>
            {
                continue;
            }
            Check::With if !is_one_of(&cues.with, &next) => continue,
            Check::Visit => {
                // "to visit Beijing", "Lavrov visits": a verb when a name or a place follows
                // without a determiner.
                let verb_after = is_one_of(&cues.visit_verb_after, &prev);
                verb = verb_after || i + 1 >= tokens.len();
                if verb_after {
                    kind = EventKind::Visit;
                }
            }
            _ => {}
        }
        let adjective = verb
            && w.ends_with("ing")
            && (is_one_of(&cues.determiners, &prev) || person_follows(ctx, tokens, i));
        out.push(TriggerHit {
            word: i,
            kind,
            verb,
            host: trigger.check == Check::Host,
            adjective,
        });
    }
    out
}

/// Whether a person is named right after token `i`, with only capitalized words (titles, a
/// nationality) between: "visiting Thai Prime Minister Prem Tinsulanonda".
fn person_follows(ctx: &Ctx, tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    let view = ctx.view;
    ctx.mentions.iter().any(|m| {
        m.etype == EntityType::Person
            && m.start >= next.start
            && m.start <= next.start + 60
            && view[next.start..m.start]
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    })
}

/// Status cues are read from the trigger's clause up to it and the four words after it ("the
/// meeting on Friday will ..."), so that "welcomed Lavrov and welcomed the upcoming visit" dates
/// only the visit.
pub(super) fn status(
    cfg: &EventsConfig,
    view: &str,
    cs: usize,
    ts: usize,
    ce: usize,
    kind: EventKind,
) -> Status {
    let left = view[cs..ts].to_ascii_lowercase();
    let after: String = view[ts..ce]
        .to_ascii_lowercase()
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    let near = format!("{left} {after} ");
    if cfg.cancelled_cues.iter().any(|c| near.contains(c.as_str())) {
        return Status::Cancelled;
    }
    if cfg.uncertain_cues.iter().any(|c| left.contains(c.as_str())) {
        return Status::Uncertain;
    }
    let close_left: String = tail(&left, 40).to_string();
    let future_form = matches!(kind, EventKind::Visit)
        && cfg
            .cues
            .future_visit_marker
            .iter()
            .any(|m| left.trim_end().ends_with(&format!(" {m}")));
    let announced = cfg
        .scheduled_cues
        .iter()
        .any(|c| close_left.contains(c.as_str()) || after.contains(c.as_str()));
    let held = cfg
        .cues
        .held_phrases
        .iter()
        .any(|h| near.contains(h.as_str()));
    if future_form || announced && !held {
        return Status::Scheduled;
    }
    Status::Happened
}
