//! Participants of one event mention, found by the first rule of `PARTICIPANT_RULES` that settles
//! them; and the place right after the trigger.

use std::collections::BTreeSet;

use super::triggers::TriggerHit;
use super::{Ctx, EventKind, EventsConfig, Mention, is_one_of};
use crate::extract::entities::registry::Hit;
use crate::extract::entities::{EntityMention, EntityType};
use crate::text::tokens::Token;

/// Heads of state or government named in the article: (mention index of the first mention,
/// country).
pub(super) fn heads_of_state(
    cfg: &EventsConfig,
    mentions: &[EntityMention],
) -> Vec<(usize, Option<String>)> {
    let registry = crate::extract::entities::registry::Registry::shared();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(id) = m.entity_id.as_deref() else {
            continue;
        };
        if m.etype != EntityType::Person {
            continue;
        }
        let title = m.title.as_deref().unwrap_or("").to_lowercase();
        let role = m
            .registry
            .and_then(|r| registry.entries[r].role.as_deref())
            .unwrap_or("")
            .to_lowercase();
        let deputy = |s: &str| {
            cfg.cues
                .head_title_exclusions
                .iter()
                .any(|x| s.contains(x.as_str()))
        };
        let is_head = cfg
            .head_titles
            .iter()
            .any(|t| (title.contains(t) && !deputy(&title)) || role.contains(t) && !deputy(&role));
        if is_head && seen.insert(id) {
            out.push((i, m.country.clone()));
        }
    }
    out
}

/// One trigger and what the participant rules read around it.
pub(super) struct TriggerSite<'s, 'c> {
    pub ctx: &'s Ctx<'c>,
    /// Heads of state of the article (`heads_of_state`).
    pub heads: &'s [(usize, Option<String>)],
    /// The sentence's tokens.
    pub tokens: &'s [Token],
    pub trigger: TriggerHit,
    /// The trigger's clause, view bytes.
    pub clause: (usize, usize),
    /// Where the next trigger of the clause starts (bounds this one's objects).
    pub next_trigger: usize,
    /// Mentions found earlier in the sentence, and in the sentences before.
    pub in_sentence: &'s [Mention],
    pub before: &'s [Mention],
}

impl TriggerSite<'_, '_> {
    fn cues(&self) -> &super::Cues {
        &self.ctx.cfg.cues
    }

    fn start(&self) -> usize {
        self.tokens[self.trigger.word].start
    }

    fn end(&self) -> usize {
        self.tokens[self.trigger.word].end
    }

    fn lower(&self, i: usize) -> String {
        self.tokens
            .get(i)
            .map(|t| t.text(self.ctx.view).to_lowercase())
            .unwrap_or_default()
    }

    /// The word before the trigger, in lower case ("" at the sentence's start).
    fn prev(&self) -> String {
        self.trigger
            .word
            .checked_sub(1)
            .map(|i| self.lower(i))
            .unwrap_or_default()
    }

    fn right_end(&self) -> usize {
        self.next_trigger.max(self.end())
    }

    /// From the trigger's end to the next trigger of the clause, in lower case.
    fn right(&self) -> String {
        self.ctx.view[self.end()..self.right_end()].to_ascii_lowercase()
    }

    /// From the clause's start to the trigger, in lower case.
    fn left(&self) -> String {
        self.ctx.view[self.clause.0..self.start()].to_ascii_lowercase()
    }

    /// "had a meeting", "held talks": a light verb within three words before.
    fn light_verb(&self) -> bool {
        self.light_verb_at().is_some()
    }

    /// Where the light verb within three words before the trigger starts (view bytes).
    fn light_verb_at(&self) -> Option<usize> {
        (1..=3)
            .filter_map(|k| self.trigger.word.checked_sub(k))
            .find(|&i| is_one_of(&self.cues().light_verbs, &self.lower(i)))
            .map(|i| self.tokens[i].start)
    }

    /// "the meeting", "a visit" (not after a light verb: "held a meeting" has a subject).
    fn determiner(&self) -> bool {
        !self.light_verb() && is_one_of(&self.cues().determiners, &self.prev())
    }

    /// "his meeting", "their talks", "its talks".
    fn possessive(&self) -> bool {
        let (prev, cues) = (self.prev(), self.cues());
        is_one_of(&cues.possessives_person, &prev)
            || is_one_of(&cues.possessives_group, &prev)
            || is_one_of(&cues.possessives_none, &prev)
    }

    /// Where the objects start when "with" follows the trigger, or comes after a short phrase
    /// ("talks on Sunday with Sarney", "met in Geneva with Shultz"): the byte after "with ".
    fn with_objects_from(&self) -> Option<usize> {
        const WORDS_BEFORE_WITH: usize = 4;
        let right = self.right();
        if let Some(at) = leading_word(&right, &self.cues().with) {
            return Some((self.end() + at).min(self.right_end()));
        }
        // Not for a trip: "will visit Moscow with Shultz" is a visit to Moscow by both.
        if self.trigger.kind == EventKind::Visit {
            return None;
        }
        let mut at = 0;
        for k in 0..=WORDS_BEFORE_WITH {
            let rest = &right[at..];
            let trimmed = rest.trim_start();
            at += rest.len() - trimmed.len();
            let word = trimmed.split_whitespace().next()?;
            at += word.len();
            if k > 0 && is_one_of(&self.cues().with, word) {
                // Past the space after "with", within the trigger's reach.
                let from = (self.end() + at + 1).min(self.right_end());
                return self.skips_no_party(from).then_some(from);
            }
            if word.contains([',', ';', ':', '.', '"']) {
                return None;
            }
        }
        None
    }

    /// Whether the words between the trigger and `to` name no party: none, or only a place after
    /// "in" or "at" ("talks in New York today with Citibank", not "met Miyazawa on Monday with
    /// Volcker", whose object is Miyazawa).
    fn skips_no_party(&self, to: usize) -> bool {
        let ctx = self.ctx;
        ctx.entities_in(self.end(), to).into_iter().all(|i| {
            let m = &ctx.mentions[i];
            let before = ctx.view[self.end()..m.start].to_ascii_lowercase();
            m.etype == EntityType::Loc
                && self
                    .cues()
                    .where_prepositions
                    .iter()
                    .any(|p| ends_with_word(before.trim_end(), p))
        })
    }

    fn default_role(&self) -> &'static str {
        if self.trigger.kind == EventKind::AgreementSigned {
            "signatory"
        } else {
            "participant"
        }
    }
}

/// Settles a mention: these participants in the trigger's default role, found by this rule, with
/// this confidence.
fn settle(
    site: &TriggerSite,
    m: &mut Mention,
    found: Vec<usize>,
    rule: &'static str,
    confidence: f32,
) -> bool {
    let role = site.default_role();
    m.participants = found.into_iter().map(|i| (i, role)).collect();
    m.rule = rule;
    m.confidence = confidence;
    true
}

/// Whether `text` is `word` or ends with it after a space ("met in", "in").
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
}

/// The byte just past `word ` when `text`, after leading spaces, starts with one of `words`.
fn leading_word(text: &str, words: &[String]) -> Option<usize> {
    let trimmed = text.trim_start();
    words
        .iter()
        .find(|w| trimmed.starts_with(w.as_str()) && trimmed[w.len()..].starts_with(' '))
        .map(|w| text.len() - trimmed.len() + w.len() + 1)
}

/// A participant rule: settles `m.participants` (and its rule id and confidence) and returns true,
/// or returns false to let the next rule try.
type ParticipantRule = fn(&TriggerSite, &mut Mention) -> bool;

/// The participant rules in order of trust, with the rule ids each may leave on the mention. The
/// first that returns true settles the mention; a rule that returns false keeps whatever rule id
/// and kind it set (so a verb without participants stays `event/verb` unless a later rule applies).
pub(super) const PARTICIPANT_RULES: &[(&[&str], ParticipantRule)] = &[
    (&["event/between", "event/group"], between),
    (&["event/compound"], compound),
    (&["event/group"], leaders_of_the_group),
    (
        &["event/verb", "event/with", "event/host"],
        subject_and_objects,
    ),
    (&["event/body"], body_meeting),
    (&["event/at"], at_a_meeting),
    (&["event/anaphor"], earlier_event),
    (&["event/fronted"], fronted_subject),
];

/// Runs `PARTICIPANT_RULES` in order until one settles the participants.
pub(super) fn participants(site: &TriggerSite, m: &mut Mention) {
    for (_, rule) in PARTICIPANT_RULES {
        if rule(site, m) {
            return;
        }
    }
}

/// "talks between A and B", "between the presidents of China and Russia".
fn between(site: &TriggerSite, m: &mut Mention) -> bool {
    let ctx = site.ctx;
    let view = ctx.view;
    let right = site.right();
    let Some(b) = site
        .cues()
        .between
        .iter()
        .filter_map(|w| right.find(&format!("{w} ")))
        .min()
        .filter(|&b| b < 30)
    else {
        return false;
    };
    let (from, right_end) = (site.end() + b, site.right_end());
    let window_end = (from + 160).min(right_end);
    let window = view[from..crate::model::floor_boundary(view, window_end)].to_ascii_lowercase();
    if let Some(group) = group_members(ctx, site.heads, &window, from, window_end) {
        return settle(site, m, group, "event/group", 0.75);
    }
    // The two parties: the first two names after "between", up to the clause's next comma.
    let stop = view[from..window_end]
        .find([',', ';'])
        .map_or(window_end, |i| from + i);
    let mut found = ctx.entities_in(from, stop);
    if found
        .first()
        .is_some_and(|&i| ctx.mentions[i].etype == EntityType::Person)
    {
        found.retain(|&i| ctx.mentions[i].etype == EntityType::Person);
    }
    found.truncate(2);
    if found.len() != 2 {
        return false;
    }
    settle(site, m, found, "event/between", 0.9)
}

/// "Xi-Putin meeting", "Russia-Ukraine talks": two names joined by a hyphen before the trigger.
fn compound(site: &TriggerSite, m: &mut Mention) -> bool {
    let view = site.ctx.view;
    let Some(word) = site
        .trigger
        .word
        .checked_sub(1)
        .and_then(|i| site.tokens.get(i))
    else {
        return false;
    };
    let parts: Vec<&str> = word.parts(view).map(|(s, e)| &view[s..e]).collect();
    let capitalized = parts
        .iter()
        .all(|p| p.chars().next().is_some_and(char::is_uppercase));
    if parts.len() != 2 || !capitalized {
        return false;
    }
    let found: Vec<usize> = parts
        .iter()
        .filter_map(|p| named_in_article(site.ctx, p))
        .collect();
    if found.len() != 2 || found[0] == found[1] {
        return false;
    }
    settle(site, m, found, "event/compound", 0.85)
}

/// "the State leaders' meeting": the heads of state the article names.
fn leaders_of_the_group(site: &TriggerSite, m: &mut Mention) -> bool {
    let left = site.left();
    let ts = site.start();
    let group_before = site
        .ctx
        .cfg
        .heads_of_state
        .iter()
        .any(|g| left.trim_end().ends_with(&format!("{g}'")));
    let Some(group) = group_before
        .then(|| group_members(site.ctx, site.heads, "", ts, ts))
        .flatten()
    else {
        return false;
    };
    settle(site, m, group, "event/group", 0.7)
}

/// The clause's subject or possessor and the trigger's objects: "Putin and Xi met", "his meeting
/// with Lavrov", "Xi welcomed Lavrov" (host and visitor), "a visit by Lavrov". Settles the mention
/// when it finds anyone.
fn subject_and_objects(site: &TriggerSite, m: &mut Mention) -> bool {
    let ctx = site.ctx;
    let view = ctx.view;
    let cues = site.cues();
    let (cs, _) = site.clause;
    let (ts, te) = (site.start(), site.end());
    let prev = site.prev();
    let right = site.right();
    let right_end = site.right_end();
    let verb = site.trigger.verb || site.light_verb();
    let determiner = site.determiner();
    let possessive = site.possessive();
    let with_from = site.with_objects_from();
    let with = with_from.is_some();
    let mut represented_subject: Vec<usize> = Vec::new();
    let subject = if possessive {
        if is_one_of(&cues.possessives_group, &prev) {
            plural_reference(ctx, cs, site.in_sentence, site.before)
        } else if is_one_of(&cues.possessives_none, &prev) {
            Vec::new()
        } else {
            ctx.latest_person_before(ts).into_iter().collect()
        }
    } else if (verb || with) && !determiner && relative_clause(site) {
        // "Lawson, who met Funaro", "Sudan, which owes the IMF ..., is to hold talks".
        antecedent(ctx, cs).into_iter().collect()
    } else if let Some(earlier) = (verb && is_one_of(&cues.verb_coordinators, &prev))
        .then(|| {
            site.in_sentence
                .iter()
                .rev()
                .find(|e| !e.subjects.is_empty())
        })
        .flatten()
    {
        // "Fahd will hold talks with Thatcher and meet Queen Elizabeth": the verb after "and"
        // shares the subject of the event before it.
        earlier.subjects.clone()
    } else if let Some(earlier) = (verb && is_one_of(&cues.purpose_markers, &prev))
        .then(|| site.in_sentence.last())
        .flatten()
        .filter(|e| {
            // "Garland visited the Capitol to meet with Senate Democrats", but not "Lawson met
            // Baker and Sumita plans to meet Stoltenberg": nobody else named in between.
            !e.subjects.is_empty()
                && ctx
                    .persons_in(e.start, ts)
                    .iter()
                    .all(|i| e.participants.iter().any(|p| p.0 == *i))
        })
    {
        earlier.subjects.clone()
    } else if (verb || with) && !determiner {
        let mut s = ctx.persons_in(cs, ts);
        // "Funaro will leave for Zurich after meeting Stoltenberg": a participle after a
        // subordinator has the sentence's subject.
        if s.is_empty() && is_one_of(&cues.participle_subordinators, &prev) {
            s.extend(sentence_subject(site));
        }
        if s.is_empty() {
            // "He held brief talks": the subject stands before the light verb.
            let left = match site.light_verb_at() {
                Some(at) => ctx.view[cs.min(at)..at].to_ascii_lowercase(),
                None => site.left(),
            };
            let last = left
                .split_whitespace()
                .rev()
                .find(|w| !is_one_of(&cues.subject_skip, w));
            match last {
                Some(w) if is_one_of(&cues.pronouns_person, w) => {
                    s.extend(ctx.latest_person_before(cs));
                }
                Some(w) if is_one_of(&cues.pronouns_group, w) => {
                    s = plural_reference(ctx, cs, site.in_sentence, site.before);
                }
                Some(w)
                    if is_one_of(&cues.description_heads, w)
                        && described(&left, w, &cues.definite_article) =>
                {
                    s.extend(person_described(site, cs, w));
                }
                // "The chief judge of the U.S. Court of Appeals visited": a description opening
                // the clause, whose "of" phrase names no party.
                // Without a titled person to match, news varies its names: "Right now, Garland
                // looks dead on arrival. The chief judge of ... visited" (the person the sentence
                // before names first).
                _ if let Some(head) = opening_description(&left, cues) => {
                    s.extend(
                        person_described(site, cs, head)
                            .or_else(|| first_person_of_sentence_before(site)),
                    );
                }
                // "China and Russia held talks": places or organizations as parties; "U.S. and
                // Japanese officials will meet": people named by their country stand for it.
                _ => {
                    s = names_before(site, cs, ts);
                    represented_subject = represented_before(site, cs, ts);
                    s.extend(represented_subject.iter().copied());
                }
            }
        }
        s
    } else {
        Vec::new()
    };
    m.subjects.clone_from(&subject);
    // Objects: "with B", "met B", "welcomed B", "visit by B".
    let mut objects: Vec<usize> = Vec::new();
    let obj_from = with_from.unwrap_or(te);
    let first_obj = ctx
        .entities_in(obj_from, right_end)
        .into_iter()
        .next()
        .filter(|&i| ctx.mentions[i].start <= obj_from + OBJECT_REACH);
    // "met in Paris": a place after "in" or "at" is where, not with whom.
    let first_obj = first_obj.filter(|&i| {
        let mm = &ctx.mentions[i];
        let gap = view[obj_from..mm.start].trim().to_ascii_lowercase();
        m.kind == EventKind::Visit
            || mm.etype != EntityType::Loc
            || !cues
                .where_prepositions
                .iter()
                .any(|p| ends_with_word(&gap, p))
    });
    // "a visit by Baker"; "the visit of President Weizsaecker" (not "a visit of two days").
    let of_someone = leading_word(&right, &cues.of).is_some()
        && first_obj.is_some_and(|i| {
            ctx.mentions[i].etype != EntityType::Loc || {
                ctx.entities_in(ctx.mentions[i].end, right_end)
                    .first()
                    .is_some_and(|&j| ctx.mentions[j].etype == EntityType::Person)
            }
        });
    let by_visitor =
        m.kind == EventKind::Visit && (leading_word(&right, &cues.by).is_some() || of_someone);
    if let Some(first) = first_obj.filter(|_| with || verb || by_visitor) {
        let start = ctx.mentions[first].start;
        // The object and names coordinated with it ("met A and B").
        let mut last_end = start;
        for i in ctx.entities_in(start, right_end) {
            let mm = &ctx.mentions[i];
            let mut gap = view[last_end..mm.start].trim();
            // "House Democrats, including Minority Leader Nancy Pelosi": the capitalized words
            // right before a person (titles, as the entity stage reads them) are no part of what
            // joins the names.
            if mm.etype == EntityType::Person {
                while let Some((rest, word)) = gap.rsplit_once(' ')
                    && word.chars().next().is_some_and(char::is_uppercase)
                {
                    gap = rest.trim_end();
                }
            }
            let gap = gap.to_ascii_lowercase();
            let coordinated = is_one_of(&cues.name_coordinators, &gap)
                || gap.len() < 40
                    && cues
                        .name_coordinators
                        .iter()
                        .filter(|c| c.chars().all(char::is_alphabetic))
                        .any(|c| ends_with_word(&gap, c));
            // Title words between ("Treasury Secretary", "Japan's Finance Minister").
            let titled = view[last_end..mm.start].split_whitespace().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    || is_one_of(&cues.name_joiners, w)
                    || is_one_of(&cues.possessive_endings, w)
            });
            if mm.start == start || gap.is_empty() || coordinated {
                objects.push(i);
                last_end = mm.end;
            } else if !titled {
                break;
            } else if mm.etype == EntityType::Person {
                // "met Treasury Secretary James Baker": the person the title words lead to.
                objects.push(i);
                last_end = mm.end;
            }
        }
    }
    let persons = |list: &[usize]| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| ctx.mentions[i].etype == EntityType::Person)
            .collect()
    };
    match m.kind {
        EventKind::Visit => {
            // People visit; an organization or a country only when no person is named ("a World
            // Bank mission will visit Ecuador").
            // "the visiting Polish leader Wojciech Jaruzelski": the name after is the visitor.
            let adjective = site.trigger.adjective;
            let travelling = if by_visitor || adjective {
                &objects
            } else {
                &subject
            };
            let mut visitors = persons(travelling);
            if visitors.is_empty() {
                visitors = travelling.clone();
            }
            // "during the visit", with no destination, after a visit was told: that visit's mention,
            // with no subject of its own.
            let told_before = site
                .before
                .iter()
                .chain(site.in_sentence)
                .any(|e| e.kind == EventKind::Visit);
            let anaphor = determiner && objects.is_empty() && told_before;
            if visitors.is_empty() && !by_visitor && !adjective && !anaphor {
                visitors.extend(sentence_subject(site));
            }
            m.participants = visitors.into_iter().map(|i| (i, "visitor")).collect();
            // A person visited is the host, else the place visited ("visited Israel"); without
            // either, `finish` makes the place after the trigger the host.
            if !by_visitor && !adjective {
                let mut hosts = persons(&objects);
                if hosts.is_empty() {
                    hosts.extend(
                        objects
                            .iter()
                            .copied()
                            .filter(|&i| is_site(&ctx.mentions[i]))
                            .take(1),
                    );
                }
                m.participants
                    .extend(hosts.into_iter().map(|i| (i, "host")));
            }
            m.mode = Some("visit");
            m.rule = if by_visitor {
                "event/with"
            } else {
                "event/verb"
            };
        }
        _ if site.trigger.host => {
            let (objs, subj) = (persons(&objects), persons(&subject));
            m.participants = subj
                .iter()
                .map(|&i| (i, "host"))
                .chain(objs.iter().map(|&i| (i, "visitor")))
                .collect();
            if subj.is_empty() {
                // "Hosting Lavrov, China said ...": a visit hosted by a country.
                m.kind = EventKind::Visit;
                m.participants = objs.iter().map(|&i| (i, "visitor")).collect();
                m.mode = Some("visit");
            } else {
                m.mode = Some("host");
            }
            m.rule = "event/host";
            m.confidence = 0.75;
        }
        _ => {
            let mut all = subject;
            all.extend(objects.iter().copied());
            // "talks with Egyptian officials", "with their British counterparts".
            let represented_objects = if with || verb {
                represented(ctx, obj_from, right_end.max(obj_from))
                    .into_iter()
                    .filter(|r| opens_the_objects(ctx, obj_from, r.start))
                    .map(|r| r.country)
                    .collect()
            } else {
                Vec::new()
            };
            all.extend(represented_objects.iter().copied());
            // People and places are not parties of one meeting: where people are named, a place
            // stands for no one ("Japan's Finance Minister Kiichi Miyazawa"), unless it stands for
            // people named by it ("Baker held talks with Japanese officials"); an organization
            // still does ("Smith held talks with European Community officials").
            if all
                .iter()
                .any(|&i| ctx.mentions[i].etype == EntityType::Person)
            {
                all.retain(|&i| {
                    ctx.mentions[i].etype != EntityType::Loc
                        || represented_subject.contains(&i)
                        || represented_objects.contains(&i)
                });
            }
            m.participants = all.into_iter().map(|i| (i, site.default_role())).collect();
            m.rule = if with { "event/with" } else { "event/verb" };
            m.confidence = if with { 0.85 } else { 0.75 };
        }
    }
    !m.participants.is_empty()
}

/// "the G-20 summit", "an OECD ministerial meeting", "a meeting of the G-7": a body of states
/// meeting as itself, named right before the trigger or after "of".
fn body_meeting(site: &TriggerSite, m: &mut Mention) -> bool {
    if m.kind.family() != "consult" {
        return false;
    }
    let ctx = site.ctx;
    let (ts, te) = (site.start(), site.end());
    let after_of = leading_word(&site.right(), &site.cues().of).and_then(|at| {
        let from = te + at;
        ctx.entities_in(from, site.right_end())
            .into_iter()
            .next()
            .filter(|&i| ctx.mentions[i].start <= from + 12)
    });
    let before = ctx
        .entities_in(site.clause.0, ts)
        .into_iter()
        .next_back()
        .filter(|&i| {
            let gap = &ctx.view[ctx.mentions[i].end..ts];
            gap.split_whitespace().count() <= 2
                && gap.split_whitespace().all(|w| {
                    w == "'s" || w == "'" || w.chars().all(|c| c.is_lowercase() || c == '\'')
                })
        });
    let Some(body) = after_of.or(before).filter(|&i| is_body(&ctx.mentions[i])) else {
        return false;
    };
    // "the semi-annual meeting of the International Monetary Fund and the World Bank": the bodies
    // coordinated with it meet too.
    let mut bodies = vec![body];
    for i in ctx.entities_in(ctx.mentions[body].end, site.right_end()) {
        let from = ctx.mentions[*bodies.last().expect("one body")].end;
        let gap = ctx.view[from..ctx.mentions[i].start]
            .trim()
            .to_ascii_lowercase();
        let gap = gap.strip_suffix(" the").unwrap_or(&gap);
        if !is_body(&ctx.mentions[i]) || !is_one_of(&site.cues().name_coordinators, gap) {
            break;
        }
        bodies.push(i);
    }
    settle(site, m, bodies, "event/body", 0.7)
}

/// "China and Israel ... discussed peace prospects at a meeting in New York": the names that open
/// the sentence, when the trigger is "at a meeting" (an indefinite determiner after one of
/// `attended_prepositions`).
fn at_a_meeting(site: &TriggerSite, m: &mut Mention) -> bool {
    let cues = site.cues();
    let w = site.trigger.word;
    let before = |k: usize| w.checked_sub(k).map(|i| site.lower(i)).unwrap_or_default();
    if m.kind.family() != "consult"
        || !is_one_of(&cues.indefinite_articles, &before(1))
        || !is_one_of(&cues.attended_prepositions, &before(2))
    {
        return false;
    }
    let ctx = site.ctx;
    let view = ctx.view;
    let Some(first) = site.tokens.first() else {
        return false;
    };
    let names = ctx.entities_in(first.start, site.start());
    let mut group: Vec<usize> = Vec::new();
    for i in names {
        let from = group.last().map_or(first.start, |&g| ctx.mentions[g].end);
        let gap = view[from..ctx.mentions[i].start]
            .trim()
            .to_ascii_lowercase();
        let opens = group.is_empty() && gap.split_whitespace().count() <= 1;
        if opens || !group.is_empty() && is_one_of(&cues.name_coordinators, &gap) {
            group.push(i);
        } else {
            break;
        }
    }
    if group.len() < 2 {
        return false;
    }
    settle(site, m, group, "event/at", 0.65)
}

/// A government body named for its building (the White House, the Kremlin): a place after "at",
/// a host when visited.
pub(super) fn is_seat(m: &EntityMention) -> bool {
    m.etype == EntityType::Org && m.subtype == Some("government")
}

/// A place an event can be held at: a place, or a government body named for its building.
pub(super) fn is_site(m: &EntityMention) -> bool {
    m.etype == EntityType::Loc || is_seat(m)
}

/// A body of states (the registry's intergovernmental organizations and alliances): its own
/// meeting is an event with one party.
pub(super) fn is_body(m: &EntityMention) -> bool {
    matches!(m.subtype, Some("intergovernmental" | "alliance"))
}

/// At most this many words between a description's article and its head ("the top Saudi leader").
const WORDS_BEFORE_HEAD: usize = 3;

/// Whether `head` ends a definite description that opens the clause: "the Saudi leader", "the
/// minister" (not "Japan's prime minister", a name the entity rules already read). At most two
/// words stand between the article and the head ("the top Saudi leader"): a longer run is a clause,
/// not a description.
fn described(left: &str, head: &str, articles: &[String]) -> bool {
    let words: Vec<&str> = left.split_whitespace().collect();
    let Some(at) = words.iter().rposition(|w| *w == head) else {
        return false;
    };
    words[..at].first().is_some_and(|w| is_one_of(articles, w)) && at <= WORDS_BEFORE_HEAD
}

/// How far after the trigger (or its "with") the first object may start, in bytes.
const OBJECT_REACH: usize = 60;

/// A phrase naming people only by their country ("Egyptian officials"): view bytes, and a mention
/// of that country in the article.
struct Represented {
    start: usize,
    end: usize,
    country: usize,
}

/// Whether an object phrase starting at `start` opens the objects after `obj_from`: at most
/// `WORDS_BEFORE_OBJECT` words ("their", "senior") and no name or clause break before it ("talks
/// with their British counterparts", not "talks with Miyazawa about complaints by U.S. officials").
fn opens_the_objects(ctx: &Ctx, obj_from: usize, start: usize) -> bool {
    const WORDS_BEFORE_OBJECT: usize = 2;
    let gap = &ctx.view[obj_from..start];
    gap.split_whitespace().count() <= WORDS_BEFORE_OBJECT
        && !gap.contains([',', ';'])
        && ctx.entities_in(obj_from, start).is_empty()
}

/// People named only by their country ("Egyptian officials", "their British counterparts", "U.S.
/// negotiators") stand for it: each such phrase in view bytes `[lo, hi)`. A country the article never names as a place is
/// left out (a participant is always an entity of the article).
fn represented(ctx: &Ctx, lo: usize, hi: usize) -> Vec<Represented> {
    const WORDS_BEFORE_NOUN: usize = 2;
    let registry = crate::extract::entities::registry::Registry::shared();
    let cues = &ctx.cfg.cues;
    let window = &ctx.view[lo..hi];
    let mut out = Vec::new();
    for (s, e, hit) in registry.find(window) {
        let (Hit::Demonym(idx) | Hit::Entity(idx)) = hit;
        if registry.entries[idx].subtype != "country" {
            continue;
        }
        let mut end = e;
        let mut noun = false;
        for word in window[e..].split_whitespace().take(WORDS_BEFORE_NOUN + 1) {
            let bare = word.trim_end_matches([',', '.', ';', ':']);
            if !bare.chars().all(|c| c.is_lowercase() || c == '-') || bare.is_empty() {
                break;
            }
            end = window[end..]
                .find(bare)
                .map_or(end, |at| end + at + bare.len());
            if is_one_of(&cues.representatives, bare) {
                noun = true;
                break;
            }
            if bare.len() != word.len() {
                break;
            }
        }
        if !noun {
            continue;
        }
        let country = ctx.mentions.iter().position(|m| {
            m.registry == Some(idx) && m.entity_id.is_some() && m.prov.rule != "entity/dateline"
        });
        if let Some(country) = country {
            out.push(Represented {
                start: lo + s,
                end: lo + end,
                country,
            });
        }
    }
    out
}

/// `represented` phrases that end the subject: at most `SUBJECT_GAP_WORDS` words before the
/// trigger with no comma between ("U.S. and Japanese officials will meet").
fn represented_before(site: &TriggerSite, cs: usize, ts: usize) -> Vec<usize> {
    let view = site.ctx.view;
    represented(site.ctx, cs, ts)
        .into_iter()
        .filter(|r| close_before(view, r.end, ts))
        .map(|r| r.country)
        .collect()
}

/// The first person named in the sentence before the trigger's.
fn first_person_of_sentence_before(site: &TriggerSite) -> Option<usize> {
    let ctx = site.ctx;
    let sentence = ctx.doc.sentence_of(site.start()) as usize;
    let before = &ctx.doc.sentences[sentence.checked_sub(1)?];
    ctx.persons_in(before.start, before.end).into_iter().next()
}

/// The head of a definite description that opens `left` and runs into an "of" phrase: "the chief
/// judge of the U.S. Court of Appeals" (at most two words between the article and the head).
fn opening_description<'c>(left: &str, cues: &'c super::Cues) -> Option<&'c str> {
    let words: Vec<&str> = left.split_whitespace().collect();
    if !words
        .first()
        .is_some_and(|w| is_one_of(&cues.definite_article, w))
    {
        return None;
    }
    let at = (1..=WORDS_BEFORE_HEAD).find(|&k| {
        words.get(k + 1).is_some_and(|w| is_one_of(&cues.of, w))
            && words
                .get(k)
                .is_some_and(|w| is_one_of(&cues.description_heads, w))
    })?;
    cues.description_heads
        .iter()
        .find(|h| h.as_str() == words[at])
        .map(String::as_str)
}

/// "The Saudi leader will hold talks": the latest person named before `cs` whose title holds
/// `head`; for "leader", the latest head of state.
fn person_described(site: &TriggerSite, cs: usize, head: &str) -> Option<usize> {
    let ctx = site.ctx;
    let cues = site.cues();
    ctx.persons_in(0, cs).into_iter().rev().find(|&i| {
        let m = &ctx.mentions[i];
        let title = m.title.as_deref().unwrap_or("").to_lowercase();
        title.split_whitespace().any(|w| w == head)
            || is_one_of(&cues.leader, head)
                && site.heads.iter().any(|h| {
                    h.0 == i || {
                        let first = &ctx.mentions[h.0];
                        first.entity_id.is_some() && first.entity_id == m.entity_id
                    }
                })
    })
}

/// How many words may stand between a subject and its trigger ("Sudan is to hold fresh talks").
const SUBJECT_GAP_WORDS: usize = 5;

/// Whether a subject ending at `end` is close enough to the trigger at `ts` to be its subject: at
/// most `SUBJECT_GAP_WORDS` words and no comma or semicolon between.
fn close_before(view: &str, end: usize, ts: usize) -> bool {
    let gap = &view[end..ts];
    !gap.contains([',', ';']) && gap.split_whitespace().count() <= SUBJECT_GAP_WORDS
}

/// "China and Russia held talks", "Sudan is to hold fresh talks": the names (with those coordinated
/// with them) that end at most `SUBJECT_GAP_WORDS` words before the trigger, with no comma between.
/// Names further back ("the OECD meeting in May and the G-7 meeting in Venice, enabling ministers
/// to meet") are not the trigger's subject.
fn names_before(site: &TriggerSite, cs: usize, ts: usize) -> Vec<usize> {
    let ctx = site.ctx;
    let view = ctx.view;
    let found = ctx.entities_in(cs, ts);
    let Some(&last) = found.last() else {
        return Vec::new();
    };
    if !close_before(view, ctx.mentions[last].end, ts) {
        return Vec::new();
    }
    let mut group = vec![last];
    for &i in found.iter().rev().skip(1) {
        let between = view[ctx.mentions[i].end..ctx.mentions[group[0]].start]
            .trim()
            .to_ascii_lowercase();
        let between = between.strip_suffix(" the").unwrap_or(&between).trim();
        if between.is_empty() || is_one_of(&site.cues().name_coordinators, between) {
            group.insert(0, i);
        } else {
            break;
        }
    }
    group
}

/// Who travels in "Funaro was due to hold talks in New York, before travelling to Washington" and
/// "He visited Netanyahu in Israel, before heading to Germany": the first person of the sentence, or
/// the latest person before it when the sentence opens with "he" or "she".
fn sentence_subject(site: &TriggerSite) -> Option<usize> {
    let ctx = site.ctx;
    let sentence_start = site.tokens.first().map_or(site.start(), |t| t.start);
    if site.tokens.first().is_some_and(|t| {
        is_one_of(
            &site.cues().pronouns_person,
            &t.text(ctx.view).to_lowercase(),
        )
    }) {
        return ctx.latest_person_before(sentence_start);
    }
    ctx.persons_in(sentence_start, site.start())
        .into_iter()
        .next()
}

/// Whether the trigger's clause opens with a relative pronoun: ", who met Funaro".
fn relative_clause(site: &TriggerSite) -> bool {
    let before = site.ctx.view[..site.clause.0].trim_end();
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    is_one_of(&site.cues().relative_pronouns, &word.to_lowercase())
        && before[..before.len() - word.len()]
            .trim_end()
            .ends_with(',')
}

/// The name a relative clause starting at `cs` describes: the last one before its comma.
fn antecedent(ctx: &Ctx, cs: usize) -> Option<usize> {
    let sentence_start = ctx.doc.sentences[ctx.doc.sentence_of(cs) as usize].start;
    ctx.entities_in(sentence_start, cs).into_iter().next_back()
}

/// "the meeting", "this meeting", "their talks" with nobody named: a later mention of an earlier
/// event (merged into it when the determiner is bare and no "with" follows).
fn earlier_event(site: &TriggerSite, m: &mut Mention) -> bool {
    if !(site.determiner() || site.possessive()) {
        return false;
    }
    let bare = is_one_of(&site.cues().anaphor_determiners, &site.prev());
    m.anaphor = bare && site.with_objects_from().is_none();
    m.rule = "event/anaphor";
    m.confidence = 0.6;
    true
}

/// "In meetings on Tuesday, Foreign Minister Wang Yi promised ...": the first person after the
/// fronted phrase's comma.
fn fronted_subject(site: &TriggerSite, m: &mut Mention) -> bool {
    if !is_one_of(&site.cues().fronted_prepositions, &site.prev()) {
        return false;
    }
    let (te, ce) = (site.end(), site.clause.1);
    if let Some(comma) = site.ctx.view[te..ce].find(',')
        && let Some(&i) = site.ctx.persons_in(te + comma, ce).first()
    {
        m.participants.push((i, site.default_role()));
        m.rule = "event/fronted";
        m.confidence = 0.7;
    }
    true
}

/// The entity a part of a compound names: a person of the article with that word in their name,
/// or a mention written exactly so.
fn named_in_article(ctx: &Ctx, part: &str) -> Option<usize> {
    ctx.mentions
        .iter()
        .position(|m| {
            m.etype == EntityType::Person
                && m.entity_id.is_some()
                && m.name
                    .as_deref()
                    .is_some_and(|n| n.split(' ').any(|w| w == part))
        })
        .or_else(|| {
            ctx.mentions
                .iter()
                .position(|m| m.entity_id.is_some() && ctx.view.get(m.start..m.end) == Some(part))
        })
}

/// "the presidents of China and Russia", "state leaders": the heads of state of the article, of
/// the countries the window names when it names any. `None` unless at least two.
fn group_members(
    ctx: &Ctx,
    heads: &[(usize, Option<String>)],
    window: &str,
    from: usize,
    to: usize,
) -> Option<Vec<usize>> {
    if !window.is_empty() {
        let cues = &ctx.cfg.cues;
        let mut head = window;
        for w in cues.between.iter().chain(&cues.definite_article) {
            head = head.trim_start_matches(format!("{w} ").as_str());
        }
        if !ctx
            .cfg
            .heads_of_state
            .iter()
            .any(|g| head.starts_with(g.as_str()))
        {
            return None;
        }
    }
    let countries: BTreeSet<String> = ctx
        .entities_in(from, to)
        .into_iter()
        .filter(|&i| ctx.mentions[i].etype == EntityType::Loc)
        .filter_map(|i| ctx.mentions[i].country.clone())
        .collect();
    let members: Vec<usize> = heads
        .iter()
        .filter(|(_, c)| countries.is_empty() || c.as_ref().is_some_and(|c| countries.contains(c)))
        .map(|(i, _)| *i)
        .collect();
    (members.len() >= 2).then_some(members)
}

/// "they", "their": the people of the clause before in the same sentence, or the
/// participants of the latest event.
fn plural_reference(
    ctx: &Ctx,
    cs: usize,
    in_sentence: &[Mention],
    before: &[Mention],
) -> Vec<usize> {
    let sentence_start = ctx.doc.sentences[ctx.doc.sentence_of(cs) as usize].start;
    let people = ctx.persons_in(sentence_start, cs);
    if people.len() >= 2 {
        return people;
    }
    in_sentence
        .iter()
        .rev()
        .chain(before.iter().rev())
        .find(|m| m.participants.len() >= 2)
        .map(|m| m.participants.iter().map(|p| p.0).collect())
        .unwrap_or_default()
}

/// "the Venice meeting", "the Geneva talks": a city named right before the trigger; "sent Eggleston
/// to Capitol Hill for a tense midday meeting": the place travelled to for it.
pub(super) fn place_before(
    ctx: &Ctx,
    tokens: &[Token],
    word: usize,
) -> Option<(usize, &'static str)> {
    const WORDS_AFTER_FOR: usize = 4;
    let prev = tokens.get(word.checked_sub(1)?)?;
    let city = ctx.mentions.iter().position(|m| {
        m.end == prev.end
            && m.etype == EntityType::Loc
            && m.subtype == Some("city")
            && m.entity_id.is_some()
    });
    if city.is_some() {
        return city.map(|i| (i, "in"));
    }
    let cues = &ctx.cfg.cues;
    let view = ctx.view;
    let purpose = (word.saturating_sub(WORDS_AFTER_FOR + 1)..word)
        .rev()
        .take_while(|&k| {
            let w = tokens[k].text(view);
            w.chars().all(|c| c.is_lowercase() || c == '-')
        })
        .find(|&k| is_one_of(&cues.purpose_prepositions, tokens[k].text(view)))?;
    let before_for = tokens.get(purpose.checked_sub(1)?)?;
    let sentence_start = tokens.first().map_or(0, |t| t.start);
    let i = ctx
        .entities_in(sentence_start, before_for.end)
        .into_iter()
        .next_back()?;
    let m = &ctx.mentions[i];
    if m.end != before_for.end || !is_site(m) {
        return None;
    }
    let lead = view[sentence_start..m.start]
        .trim_end()
        .to_ascii_lowercase();
    let lead = cues
        .definite_article
        .iter()
        .find_map(|a| lead.strip_suffix(&format!(" {a}")))
        .unwrap_or(&lead);
    let toward = cues
        .toward_prepositions
        .iter()
        .any(|p| lead.ends_with(&format!(" {p}")));
    toward.then_some((i, "in"))
}

/// "in Beijing", "at the Kremlin", "to China", "here" right after the trigger.
pub(super) fn place_after(ctx: &Ctx, from: usize, to: usize) -> Option<(usize, &'static str)> {
    let window = &ctx.view[from..to];
    let lower = window.to_ascii_lowercase();
    let ends_with =
        |before: &str, words: &[String]| words.iter().any(|p| ends_with_word(before, p));
    for i in ctx.entities_in(from, to) {
        let m = &ctx.mentions[i];
        if !is_site(m) {
            continue;
        }
        let before = lower[..m.start - from].trim_end();
        // "to the United States": the article does not change the preposition.
        let before = before
            .strip_suffix(" the")
            .filter(|b| !b.is_empty())
            .unwrap_or(before);
        let cues = &ctx.cfg.cues;
        let after_preposition = if m.etype == EntityType::Loc {
            ends_with(before, &cues.place_prepositions)
        } else {
            ends_with(before, &cues.seat_prepositions)
        };
        if after_preposition {
            // "in Turkey's Istanbul": the city.
            let city = ctx.view[m.end..].starts_with("'s ").then(|| {
                ctx.entities_in(m.end, to).into_iter().find(|&j| {
                    ctx.mentions[j].etype == EntityType::Loc && ctx.mentions[j].start <= m.end + 4
                })
            });
            return Some((city.flatten().unwrap_or(i), "in"));
        }
    }
    if ctx
        .cfg
        .cues
        .here
        .iter()
        .any(|h| lower.starts_with(&format!(" {h}")))
    {
        return Some((super::HERE, "here"));
    }
    None
}
