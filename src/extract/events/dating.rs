//! Dates of event mentions: the point date of the trigger's clause, the date the sentence agrees
//! on, a date counted from another event ("a day before the meeting"), or the one date of the
//! sentence before when a pronoun opens the event's sentence.

use std::collections::BTreeSet;

use super::{Ctx, EventDate, EventsConfig, Mention, Status, clause, is_one_of};
use crate::extract::dates::DateMention;

/// The dates in chars `[cs, ce)`, outside quotes, without the dateline's date ("LUSAKA, March 16 -"
/// says when the story was filed, not when an event of its first sentence happened).
fn dates_between<'d>(
    ctx: &Ctx,
    dates: &'d [DateMention],
    cs: usize,
    ce: usize,
) -> Vec<&'d DateMention> {
    let dateline_ends: Vec<usize> = ctx
        .mentions
        .iter()
        .filter(|m| m.prov.rule == "entity/dateline")
        .map(|m| m.prov.span.char_end)
        .collect();
    dates
        .iter()
        .filter(|d| d.prov.span.char_start >= cs && d.prov.span.char_end <= ce)
        .filter(|d| !ctx.in_quote_char(d.prov.span.char_start))
        .filter(|d| {
            !dateline_ends
                .iter()
                .any(|&e| (e..=e + 2).contains(&d.prov.span.char_start))
        })
        .collect()
}

/// Point dates of the sentence go to the trigger before them in their clause (or after, for "On
/// Thursday, A met B"); a trigger left without one takes the date the rest of the sentence agrees on.
pub(super) fn assign_dates(
    ctx: &Ctx,
    dates: &[DateMention],
    ss: usize,
    se: usize,
    ms: &mut [Mention],
) {
    if ms.is_empty() {
        return;
    }
    let (cs, ce) = (ctx.char_of(ss), ctx.char_of(se));
    let here = dates_between(ctx, dates, cs, ce);
    let mut used = vec![false; here.len()];
    let view = ctx.view;
    for k in 0..ms.len() {
        // "met visiting Thai Prime Minister Prem on Monday": the date is the meeting's, and the
        // visit inside its object takes it below.
        if ms[k].adjective {
            continue;
        }
        let (clo, chi) = clause(ctx.cfg, view, ss, se, ms[k].start);
        let (clo, chi) = (ctx.char_of(clo), ctx.char_of(chi));
        let t = ctx.char_of(ms[k].start);
        let next_t = ms[k + 1..]
            .iter()
            .find(|m| !m.adjective)
            .map(|m| ctx.char_of(m.start))
            .unwrap_or(usize::MAX);
        let prev_t = k
            .checked_sub(1)
            .map(|j| ctx.char_of(ms[j].end))
            .unwrap_or(0);
        for (j, d) in here.iter().enumerate() {
            let p = d.prov.span.char_start;
            let relative = relative_days(ctx.cfg, ctx.doc.surface(&d.prov.span));
            if let Some(days) = relative {
                // "a day before a scheduled meeting": the next trigger's date, from this one's.
                if p > t && p < next_t && k + 1 < ms.len() {
                    ms[k + 1].days_after_previous = Some(days);
                    used[j] = true;
                }
                continue;
            }
            let point = d.names_a_period();
            if !point || used[j] || p < clo || p >= chi {
                continue;
            }
            let after_this = p > t && p < next_t;
            let before_this = p < t && p >= prev_t && ms[k].date.is_none();
            if after_this || before_this {
                ms[k].date = Some(event_date(d, "clause"));
                used[j] = true;
            }
        }
    }
    for k in 1..ms.len() {
        if ms[k].adjective && ms[k].date.is_none() {
            ms[k].date = ms[k - 1].date.clone();
        }
    }
    let rest: BTreeSet<&str> = here
        .iter()
        .zip(&used)
        .filter(|(d, u)| {
            !**u && d.names_a_period()
                && relative_days(ctx.cfg, ctx.doc.surface(&d.prov.span)).is_none()
        })
        .filter_map(|(d, _)| d.value.as_deref())
        .map(|v| &v[..v.len().min(10)])
        .collect();
    if rest.len() == 1 {
        let d = here
            .iter()
            .zip(&used)
            .find(|(d, u)| !**u && d.names_a_period())
            .map(|(d, _)| *d);
        if let Some(d) = d {
            for m in ms
                .iter_mut()
                .filter(|m| m.date.is_none() && !m.anaphor && m.days_after_previous.is_none())
            {
                m.date = Some(event_date(d, "sentence"));
            }
        }
    }
}

/// "Ryan was absent last week. He visited Netanyahu in Israel": a sentence that opens with a
/// personal pronoun goes on telling the story of the sentence before, so an event it leaves undated
/// takes the one point date that sentence names. "He said that during the visit ..." reports speech
/// about another time, and takes none.
pub(super) fn carry_previous_date(
    ctx: &Ctx,
    dates: &[DateMention],
    previous: Option<(usize, usize)>,
    ss: usize,
    ms: &mut [Mention],
) {
    let Some((ps, pe)) = previous else { return };
    let mut words = ctx.view[ss..].split_whitespace().map(str::to_lowercase);
    let opens_with_pronoun = words.next().is_some_and(|w| {
        is_one_of(&ctx.cfg.cues.pronouns_person, &w) || is_one_of(&ctx.cfg.cues.pronouns_group, &w)
    });
    // "He said", "He also said", "They told reporters that".
    const SPEECH_VERB_WITHIN: usize = 3;
    let reports_speech = words
        .take(SPEECH_VERB_WITHIN)
        .any(|w| is_one_of(&ctx.cfg.speech_verbs, &w));
    if !opens_with_pronoun || reports_speech || ms.iter().all(|m| m.date.is_some()) {
        return;
    }
    let (cs, ce) = (ctx.char_of(ps), ctx.char_of(pe));
    let there: Vec<&DateMention> = dates_between(ctx, dates, cs, ce)
        .into_iter()
        .filter(|d| d.names_a_period())
        .filter(|d| relative_days(ctx.cfg, ctx.doc.surface(&d.prov.span)).is_none())
        .collect();
    let values: BTreeSet<&str> = there
        .iter()
        .filter_map(|d| d.value.as_deref())
        .map(|v| &v[..v.len().min(10)])
        .collect();
    if values.len() != 1 {
        return;
    }
    // "King Fahd arrived on Tuesday. He will hold talks ...": a date on the other side of the
    // publication day from the event's tense is not the event's.
    let published = ctx.doc.meta.published_date;
    let fits = |m: &Mention| match (there[0].start_date, published) {
        (Some(d), Some(p)) => match m.status {
            Status::Happened => d <= p,
            Status::Scheduled => d >= p,
            _ => true,
        },
        _ => true,
    };
    for m in ms
        .iter_mut()
        .filter(|m| m.date.is_none() && !m.anaphor && m.days_after_previous.is_none())
    {
        if fits(m) {
            m.date = Some(event_date(there[0], "previous_sentence"));
        }
    }
}

fn event_date(d: &DateMention, source: &'static str) -> EventDate {
    let value = d.value.clone().unwrap_or_default();
    // A time of day is more than an event date needs.
    let (value, granularity) = match value.find('T') {
        Some(i) => (value[..i].to_string(), "day"),
        None => (value, d.granularity),
    };
    EventDate {
        value,
        start: d.start_date,
        granularity,
        source,
    }
}

/// "a day before" → 1, "two weeks after" → -14: days from the event this one is counted from to
/// the next event mentioned ("a day before a scheduled meeting": the meeting is one day later).
fn relative_days(cfg: &EventsConfig, surface: &str) -> Option<i64> {
    let cues = &cfg.cues;
    let lower = surface.to_lowercase();
    let mut w = lower.split_whitespace();
    let first = w.next()?;
    let n = match cfg.numbers.lookup(first) {
        Some(Some(v)) if v.fract() == 0.0 => v as i64,
        _ => first.parse().ok()?,
    };
    let unit = w.next()?;
    let unit = if is_one_of(&cues.day_units, unit) {
        1
    } else if is_one_of(&cues.week_units, unit) {
        7
    } else {
        return None;
    };
    let direction = w.next()?;
    if is_one_of(&cues.before, direction) {
        Some(n * unit)
    } else if is_one_of(&cues.after, direction) {
        Some(-n * unit)
    } else {
        None
    }
}

pub(super) fn dates_agree(a: &Option<EventDate>, b: &Option<EventDate>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.value.starts_with(&y.value) || y.value.starts_with(&x.value),
        _ => true,
    }
}
