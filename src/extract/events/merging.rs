//! Merging mentions into events inside an article, keeping the events with the participants their
//! kind needs, and linking quotes and figures to them.

use std::collections::{BTreeSet, HashMap};

use chrono::Duration;

use super::dating::dates_agree;
use super::participants::is_site;
use super::{Ctx, Event, EventDate, EventKind, HERE, Mention, Participant, Status};
use crate::extract::entities::{EntityMention, EntityType};
use crate::extract::figures::FigureMention;
use crate::extract::quotes::Quote;

pub(super) struct Working {
    first: Mention,
    kind: EventKind,
    ids: Vec<(String, usize, &'static str)>,
    date: Option<EventDate>,
    place: Option<(usize, &'static str)>,
    status: Status,
    mode: Option<&'static str>,
    mentions: usize,
    sentences: Vec<u32>,
}

/// Whether two places can be one event's: either is unknown or the dateline's ("here"), both
/// name the same entity, or, for a visit, one is the country the other lies in ("a visit to
/// Japan" and "the visit ... in Tokyo"); "talks in New York" are not the meeting in Washington,
/// nor "negotiations in the United States" the meeting in Washington.
fn places_agree(
    ctx: &Ctx,
    family: &str,
    a: Option<(usize, &'static str)>,
    b: Option<(usize, &'static str)>,
) -> bool {
    let (Some((i, _)), Some((j, _))) = (a, b) else {
        return true;
    };
    if i == HERE || j == HERE {
        return true;
    }
    let (x, y) = (&ctx.mentions[i], &ctx.mentions[j]);
    let country_of = |country: &EntityMention, place: &EntityMention| {
        country.subtype == Some("country")
            && place.country.is_some()
            && country.country == place.country
    };
    x.entity_id == y.entity_id || family == "visit" && (country_of(x, y) || country_of(y, x))
}

/// Folds mentions into events, in text order.
pub(super) fn merge(ctx: &Ctx, found: Vec<Mention>) -> Vec<Working> {
    let mut events: Vec<Working> = Vec::new();
    let mut last_event: Option<usize> = None;
    for mut m in found {
        let ids: Vec<(String, usize, &'static str)> = m
            .participants
            .iter()
            .filter_map(|&(i, role)| ctx.mentions[i].entity_id.clone().map(|id| (id, i, role)))
            .fold(Vec::new(), |mut acc, p| {
                if !acc.iter().any(|q: &(String, usize, &str)| q.0 == p.0) {
                    acc.push(p);
                }
                acc
            });
        if let (Some(days), Some(prev)) = (m.days_after_previous, last_event)
            && let Some(d) = events[prev]
                .date
                .as_ref()
                .and_then(|d| d.start.filter(|_| d.granularity == "day"))
        {
            let day = d + Duration::days(days);
            m.date = Some(EventDate {
                value: day.to_string(),
                start: Some(day),
                granularity: "day",
                source: "relative",
            });
        }
        let sentence = ctx.doc.sentence_of(m.start);
        let family = m.kind.family();
        let same_sentence_event = last_event.filter(|&t| {
            events[t].kind.family() == family && events[t].sentences.last() == Some(&sentence)
        });
        let target = if m.anaphor {
            events
                .iter()
                .rposition(|e| e.kind.family() == family && e.status != Status::Uncertain)
        } else if ids.is_empty() {
            // "arrived in China for a two-day official visit": the same event.
            same_sentence_event
        } else {
            let mine: BTreeSet<&str> = ids.iter().map(|p| p.0.as_str()).collect();
            events.iter().rposition(|e| {
                if e.kind.family() != family
                    || !dates_agree(&e.date, &m.date)
                    || !places_agree(ctx, family, e.place, m.place)
                {
                    return false;
                }
                let theirs: BTreeSet<&str> = e.ids.iter().map(|p| p.0.as_str()).collect();
                let shared = mine.intersection(&theirs).count();
                let same_day =
                    matches!((&e.date, &m.date), (Some(a), Some(b)) if a.value == b.value);
                mine.is_subset(&theirs)
                    || theirs.is_subset(&mine) && !theirs.is_empty()
                    || shared >= 2
                    || same_day && (mine.len() < 2 || theirs.len() < 2)
            })
        };
        match target {
            Some(t) => {
                let e = &mut events[t];
                for p in ids {
                    if !e.ids.iter().any(|q| q.0 == p.0) {
                        e.ids.push(p);
                    }
                }
                if e.date.is_none() {
                    e.date = m.date.take();
                }
                if e.place.is_none() {
                    e.place = m.place;
                }
                if !m.anaphor {
                    if m.kind.rank() > e.kind.rank() {
                        e.kind = m.kind;
                    }
                    e.status = e.status.max(m.status);
                    e.mode = e.mode.or(m.mode);
                }
                e.mentions += 1;
                if !e.sentences.contains(&sentence) {
                    e.sentences.push(sentence);
                }
                last_event = Some(t);
            }
            None => {
                events.push(Working {
                    kind: m.kind,
                    ids,
                    date: m.date.take(),
                    place: m.place,
                    status: m.status,
                    mode: m.mode,
                    mentions: 1,
                    sentences: vec![sentence],
                    first: m,
                });
                last_event = Some(events.len() - 1);
            }
        }
    }
    events
}

/// Keeps events with the participants they need, settles status, place and links, and numbers them.
pub(super) fn finish(
    ctx: &Ctx,
    working: Vec<Working>,
    figures: &[FigureMention],
    quotes: &[Quote],
) -> Vec<Event> {
    let doc = ctx.doc;
    let published = doc.meta.published_date;
    let dateline = doc.meta.dateline_place.as_deref().and_then(|place| {
        ctx.mentions.iter().position(|m| {
            m.etype == EntityType::Loc && m.entity_id.is_some() && m.name.as_deref() == Some(place)
        })
    });
    let mut events: Vec<Event> = Vec::new();
    for mut w in working {
        let body_alone = w.kind.family() == "consult"
            && w.ids.len() == 1
            && super::participants::is_body(&ctx.mentions[w.ids[0].1]);
        if w.ids.len() < w.kind.participants_needed() && !body_alone {
            continue;
        }
        if w.kind == EventKind::Visit && !w.ids.iter().any(|p| p.2 == "visitor") {
            continue;
        }
        if w.kind.family() != "visit"
            && w.kind.family() != "agree"
            && w.ids.iter().all(|p| p.2 == "visitor")
        {
            continue;
        }
        let mut status = w.status;
        if let (Some(d), Some(p)) = (w.date.as_ref().and_then(|d| d.start), published)
            && status == Status::Happened
            && d > p
        {
            status = Status::Scheduled;
        }
        let (mut place, mut place_source) = match w.place {
            Some((HERE, _)) => (dateline, dateline.map(|_| "here")),
            Some((i, src)) => (Some(i), Some(src)),
            None => (None, None),
        };
        // "will visit Tokyo": a place hosting a visit is where it happens.
        if w.kind == EventKind::Visit && place.is_none() {
            place = w
                .ids
                .iter()
                .find(|p| p.2 == "host" && is_site(&ctx.mentions[p.1]))
                .map(|p| p.1);
            place_source = place.map(|_| "in");
        }
        // "During his visit, De Clercq met ..." in a story datelined Peking: a visit that names no
        // destination is to the place the story is filed from; but "MOSCOW - Putin will pay a
        // visit next month": a visitor of the dateline's own country is not visiting it.
        let home = dateline.is_some_and(|d| {
            let country = &ctx.mentions[d].country;
            country.is_some()
                && w.ids
                    .iter()
                    .any(|p| p.2 == "visitor" && ctx.mentions[p.1].country == *country)
        });
        if w.kind == EventKind::Visit
            && place.is_none()
            && !home
            && !w.ids.iter().any(|p| p.2 == "host")
        {
            place = dateline;
            place_source = dateline.map(|_| "dateline");
        }
        // A visit with nobody named as its host is hosted by the place visited.
        if w.kind == EventKind::Visit
            && !w.ids.iter().any(|p| p.2 == "host")
            && let Some(i) = place
            && let Some(id) = ctx.mentions[i].entity_id.clone()
            && !w.ids.iter().any(|p| p.0 == id)
        {
            w.ids.push((id, i, "host"));
        }
        let same_day = w
            .date
            .as_ref()
            .and_then(|d| d.start)
            .is_some_and(|d| Some(d) == published);
        if place.is_none() && same_day && w.kind.family() == "consult" && status == Status::Happened
        {
            place = dateline;
            place_source = dateline.map(|_| "dateline");
        }
        let mode = match w.mode {
            Some(m) => Some(m),
            None if w.kind == EventKind::PhoneCall => Some("phone"),
            None if w.kind.family() == "consult" && w.ids.len() > 2 => Some("multilateral"),
            None => None,
        };
        let cameo = match (w.kind, mode) {
            (EventKind::PhoneCall, _) => "041",
            (EventKind::Visit, _) => "042",
            (_, Some("host")) => "043",
            (EventKind::Talks, _) => "046",
            (EventKind::AgreementSigned, _) => "057",
            (EventKind::Statement, _) => "010",
            _ if status != Status::Happened => "036",
            _ => "040",
        };
        let n = events.len() + 1;
        let prov = doc.provenance(w.first.start, w.first.end, w.first.rule, w.first.confidence);
        events.push(Event {
            event_id: format!("{}-e{n}", doc.id),
            prov,
            kind: w.kind,
            mode,
            cameo,
            status,
            date: w.date,
            place: place.map(|i| {
                let m = &ctx.mentions[i];
                (
                    m.entity_id.clone().unwrap_or_default(),
                    m.name.clone().unwrap_or_default(),
                    m.country.clone(),
                )
            }),
            place_source,
            participants: w
                .ids
                .iter()
                .map(|(id, i, role)| Participant {
                    entity_id: id.clone(),
                    name: ctx.mentions[*i].name.clone().unwrap_or_default(),
                    etype: ctx.mentions[*i].etype,
                    role,
                })
                .collect(),
            mentions: w.mentions,
            sentences: w.sentences,
            quote_ids: Vec::new(),
            figure_ids: Vec::new(),
        });
    }
    link_quotes_and_figures(&mut events, figures, quotes);
    events
}

/// A quote goes with an event when its sentence mentions the event, or when its speaker takes part
/// in exactly one consultation of the article (and it comes after the event's first mention). A
/// figure goes with an event when its sentence mentions it.
fn link_quotes_and_figures(events: &mut [Event], figures: &[FigureMention], quotes: &[Quote]) {
    let mut by_sentence: HashMap<u32, Vec<usize>> = HashMap::new();
    for (k, e) in events.iter().enumerate() {
        for s in &e.sentences {
            by_sentence.entry(*s).or_default().push(k);
        }
    }
    for q in quotes {
        let here = by_sentence
            .get(&q.prov.sentence)
            .filter(|v| v.len() == 1)
            .map(|v| v[0]);
        let by_speaker = || {
            let speaker = q.speaker_entity_id.as_deref()?;
            let taking_part: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind.family() == "consult" && e.status == Status::Happened)
                .filter(|(_, e)| e.participants.iter().any(|p| p.entity_id == speaker))
                .map(|(k, _)| k)
                .collect();
            (taking_part.len() == 1 && events[taking_part[0]].prov.sentence <= q.prov.sentence)
                .then(|| taking_part[0])
        };
        if let Some(k) = here.or_else(by_speaker) {
            events[k].quote_ids.push(q.quote_id.clone());
        }
    }
    for f in figures {
        if let Some(v) = by_sentence.get(&f.prov.sentence).filter(|v| v.len() == 1) {
            events[v[0]].figure_ids.push(f.figure_id.clone());
        }
    }
}
