//! Inside one article: titles attached to names, surnames resolved to the full name they stand for,
//! acronyms defined in parentheses, and later repeats of names that a pattern found once.

use std::collections::{BTreeMap, HashMap};

use super::patterns::{Context, TitleInfo};
use super::{Candidate, EntityType, is_whole_word, person_key};
use crate::model::Doc;

/// A person named in full in the article.
struct Person {
    name: String,
    registry: Option<usize>,
    words: Vec<String>,
    country: Option<String>,
}

/// Byte ranges already taken by a mention.
#[derive(Default)]
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    fn overlaps(&self, s: usize, e: usize) -> bool {
        self.0
            .range(..e)
            .next_back()
            .is_some_and(|(_, &end)| end > s)
    }
    fn insert(&mut self, s: usize, e: usize) {
        self.0.insert(s, e);
    }
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").unwrap_or(word)
}

/// Resolves the accepted candidates of one article and adds the mentions only the article's own
/// definitions reveal. Returns every mention in text order.
pub(crate) fn resolve(
    doc: &Doc,
    ctx: &Context,
    mut accepted: Vec<Candidate>,
    titled: &[TitleInfo],
) -> Vec<Candidate> {
    let mut taken = Taken::default();
    for c in &accepted {
        taken.insert(c.start, c.end);
    }
    // Titles written before a name.
    for c in accepted
        .iter_mut()
        .filter(|c| c.etype == EntityType::Person)
    {
        if let Some(info) = titled.iter().find(|t| t.name_start == c.start) {
            if c.title.is_none() {
                c.title.clone_from(&info.title);
            }
            if c.country.is_none() {
                c.country.clone_from(&info.country);
            }
        }
    }
    // People named in full, one per key.
    let mut people: Vec<Person> = Vec::new();
    let mut person_of_key: HashMap<String, usize> = HashMap::new();
    for c in &accepted {
        let (EntityType::Person, Some(name)) = (c.etype, &c.name) else {
            continue;
        };
        if !name.contains(' ') && c.registry.is_none() {
            continue;
        }
        let key = match c.registry {
            Some(i) => format!("registry:{i}"),
            None => person_key(name),
        };
        match person_of_key.get(&key) {
            Some(&p) => {
                if people[p].country.is_none() {
                    people[p].country.clone_from(&c.country);
                }
            }
            None => {
                person_of_key.insert(key, people.len());
                let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
                if let Some(i) = c.registry {
                    words = ctx.cfg.registry.entries[i]
                        .name
                        .split_whitespace()
                        .map(str::to_string)
                        .collect();
                }
                people.push(Person {
                    name: name.clone(),
                    registry: c.registry,
                    words,
                    country: c.country.clone(),
                });
            }
        }
    }
    // "President Putin" with no full name in the article: the listed person the title fits is
    // known from here on, so a later bare "Putin" resolves too.
    for c in &accepted {
        if c.etype != EntityType::Person || c.name.is_some() || c.title.is_none() {
            continue;
        }
        let word = &ctx.view[c.start..c.end];
        let Some(i) = listed_by_title(ctx, word, c.title.as_deref()) else {
            continue;
        };
        let key = format!("registry:{i}");
        if person_of_key.contains_key(&key) {
            continue;
        }
        let e = &ctx.cfg.registry.entries[i];
        person_of_key.insert(key, people.len());
        people.push(Person {
            name: e.name.clone(),
            registry: Some(i),
            words: e.name.split_whitespace().map(str::to_string).collect(),
            country: e.country.clone(),
        });
    }
    let person_index = |c: &Candidate| -> Option<usize> {
        let name = c.name.as_ref()?;
        let key = match c.registry {
            Some(i) => format!("registry:{i}"),
            None => person_key(name),
        };
        person_of_key.get(&key).copied()
    };
    // Later full mentions of people a pattern found once ("Grace Okafor rejected the call").
    let mut full_repeats = Vec::new();
    for c in accepted
        .iter()
        .filter(|c| c.etype == EntityType::Person && c.registry.is_none())
    {
        let Some(name) = &c.name else { continue };
        let surface = &ctx.view[c.start..c.end];
        if !surface.contains(' ') || surface != name {
            continue;
        }
        for (s, e) in untaken_occurrences(ctx.view, surface, &mut taken) {
            let mut r = c.clone();
            (r.start, r.end, r.title, r.rule, r.confidence) = (s, e, None, "entity/repeat", 0.8);
            full_repeats.push(r);
        }
    }
    accepted.extend(full_repeats);
    // Surnames (and given names) not yet taken: candidates to resolve.
    let mut shorts: Vec<Candidate> = Vec::new();
    let people_words: std::collections::HashSet<&str> = people
        .iter()
        .filter(|p| p.words.len() >= 2)
        .flat_map(|p| [p.words[0].as_str(), p.words[p.words.len() - 1].as_str()])
        .collect();
    for (t, tok) in ctx.tokens.iter().enumerate() {
        if people_words.is_empty() {
            break;
        }
        if !people_words.contains(strip_possessive(ctx.text(t))) {
            continue;
        }
        if taken.overlaps(tok.start, tok.end) || !ctx.is_name_token(t) {
            continue;
        }
        let word = strip_possessive(ctx.text(t));
        if people.iter().any(|p| {
            p.words.len() >= 2 && (p.words[0] == word || p.words.last().is_some_and(|l| l == word))
        }) {
            shorts.push(Candidate {
                start: tok.start,
                end: tok.start + word.len(),
                etype: EntityType::Person,
                subtype: None,
                name: None,
                registry: None,
                country: None,
                title: titled
                    .iter()
                    .find(|i| i.name_start == tok.start)
                    .and_then(|i| i.title.clone()),
                rule: "entity/surname",
                confidence: 0.85,
                priority: 0,
            });
        }
    }
    for s in &shorts {
        taken.insert(s.start, s.end);
    }
    accepted.extend(shorts);
    accepted.sort_by_key(|c| c.start);
    // Resolve bare names by recency, in text order.
    let mut last_seen: Vec<Option<u32>> = vec![None; people.len()];
    // "Both Okafors": a plural surname names every person who bears it, at that sentence.
    let mut plurals: Vec<(usize, Vec<usize>)> = Vec::new();
    for (t, tok) in ctx.tokens.iter().enumerate() {
        if people_words.is_empty() {
            break;
        }
        if let Some(stem) = ctx.text(t).strip_suffix('s')
            && people_words.contains(stem)
            && ctx.is_name_token(t)
        {
            let bearers: Vec<usize> = (0..people.len())
                .filter(|&p| {
                    people[p].words.len() >= 2 && people[p].words.last().is_some_and(|l| l == stem)
                })
                .collect();
            if bearers.len() >= 2 {
                plurals.push((tok.start, bearers));
            }
        }
    }
    let mut next_plural = 0;
    for c in accepted.iter_mut() {
        while next_plural < plurals.len() && plurals[next_plural].0 < c.start {
            let sentence = doc.sentence_of(plurals[next_plural].0);
            for &p in &plurals[next_plural].1 {
                last_seen[p] = Some(sentence);
            }
            next_plural += 1;
        }
        if c.etype != EntityType::Person {
            continue;
        }
        let sentence = doc.sentence_of(c.start);
        if c.name.is_some() {
            if let Some(p) = person_index(c) {
                last_seen[p] = Some(sentence);
                if c.country.is_none() {
                    c.country.clone_from(&people[p].country);
                }
            }
            continue;
        }
        let word = &ctx.view[c.start..c.end];
        let matching: Vec<usize> = (0..people.len())
            .filter(|&p| {
                let w = &people[p].words;
                w.len() >= 2 && (w[0] == word || w.last().is_some_and(|l| l == word))
            })
            .collect();
        let chosen = match matching.as_slice() {
            [] => None,
            [only] => Some(*only),
            many => {
                let latest = many.iter().filter_map(|&p| last_seen[p]).max();
                let at_latest: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&p| latest.is_some() && last_seen[p] == latest)
                    .collect();
                (at_latest.len() == 1).then(|| at_latest[0])
            }
        };
        match chosen {
            Some(p) => {
                last_seen[p] = Some(sentence);
                c.name = Some(people[p].name.clone());
                c.registry = people[p].registry;
                c.country.clone_from(&people[p].country);
            }
            None if matching.is_empty() => {
                // "President Putin" with no full name: a listed person whose surname and role fit
                // the title; otherwise a person known by one name only.
                match listed_by_title(ctx, word, c.title.as_deref()) {
                    Some(i) => {
                        let e = &ctx.cfg.registry.entries[i];
                        c.name = Some(e.name.clone());
                        c.registry = Some(i);
                        c.country.clone_from(&e.country);
                    }
                    None => c.name = Some(word.to_string()),
                }
            }
            None => {
                c.rule = "entity/surname-ambiguous";
                c.confidence = 0.0;
            }
        }
    }
    // A city named like a person of the article is part of the person's name: "(Vladimir) Putin".
    let person_words: std::collections::HashSet<String> = accepted
        .iter()
        .filter(|c| c.etype == EntityType::Person)
        .filter_map(|c| c.name.as_ref())
        .filter(|n| n.contains(' '))
        .flat_map(|n| n.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    accepted.retain(|c| {
        !(c.subtype == Some("city") && person_words.contains(&ctx.view[c.start..c.end]))
    });
    // Acronyms defined in parentheses: "Eurasian Economic Union (EEU)".
    let mut aliases: Vec<(String, Candidate)> = Vec::new();
    let view = ctx.view;
    for (p, _) in view.match_indices(" (") {
        let open = p + 2;
        let Some(close) = view[open..].find(')').filter(|&n| (2..=8).contains(&n)) else {
            continue;
        };
        let acr = &view[open..open + close];
        if !acr
            .chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '&')
            || acr.chars().filter(char::is_ascii_uppercase).count() < 2
        {
            continue;
        }
        let defined = accepted
            .iter()
            .find(|c| c.end == p && c.name.is_some() && c.etype != EntityType::Person)
            .cloned();
        let defined = match defined {
            Some(c) => Some(c),
            None => acronym_phrase(ctx, p, acr).map(|(s, name)| {
                let c = Candidate {
                    start: s,
                    end: p,
                    etype: EntityType::Org,
                    subtype: Some("organization"),
                    name: Some(name),
                    registry: None,
                    country: None,
                    title: None,
                    rule: "entity/org-acronym-definition",
                    confidence: 0.8,
                    priority: 1,
                };
                if !taken.overlaps(c.start, c.end) {
                    taken.insert(c.start, c.end);
                    accepted.push(c.clone());
                }
                c
            }),
        };
        if let Some(c) = defined
            && !aliases.iter().any(|(a, _)| a == acr)
        {
            aliases.push((acr.to_string(), c));
        }
    }
    // Later uses of acronyms and of names that a pattern found once.
    let mut repeats: Vec<(String, Candidate)> = aliases;
    for c in &accepted {
        if c.registry.is_none() && c.name.is_some() && c.rule != "entity/surname" {
            let surface = &view[c.start..c.end];
            if surface.len() >= 3 && (c.etype != EntityType::Person || surface.contains(' ')) {
                repeats.push((surface.to_string(), c.clone()));
            }
        }
    }
    let mut added = Vec::new();
    for (surface, proto) in &repeats {
        for (s, e) in untaken_occurrences(view, surface, &mut taken) {
            let mut c = proto.clone();
            c.start = s;
            c.end = e;
            c.title = None;
            c.rule = if surface.chars().all(|ch| !ch.is_lowercase()) {
                "entity/acronym"
            } else {
                "entity/repeat"
            };
            c.confidence = 0.8;
            added.push(c);
        }
    }
    accepted.extend(added);
    accepted.sort_by_key(|c| c.start);
    accepted
}

/// Whole-word occurrences of `surface` that no mention has taken yet; they are taken on return.
fn untaken_occurrences(view: &str, surface: &str, taken: &mut Taken) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (s, _) in view.match_indices(surface) {
        let e = s + surface.len();
        if is_whole_word(view, s, e) && !taken.overlaps(s, e) {
            taken.insert(s, e);
            found.push((s, e));
        }
    }
    found
}

/// The capitalized phrase right before " (ACR)" whose initials spell the acronym; (start, name).
fn acronym_phrase(ctx: &Context, paren: usize, acr: &str) -> Option<(usize, String)> {
    let last = ctx
        .tokens
        .partition_point(|t| t.end <= paren)
        .checked_sub(1)?;
    if ctx.tokens[last].end != paren {
        return None;
    }
    let letters: Vec<char> = acr.chars().filter(char::is_ascii_uppercase).collect();
    let mut first = last;
    let mut initials = Vec::new();
    let mut t = last as isize;
    while t >= 0 {
        let i = t as usize;
        let word = ctx.text(i);
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        if cap {
            initials.push(word.chars().next().unwrap_or(' ').to_ascii_uppercase());
            first = i;
            if initials.len() == letters.len() {
                break;
            }
        } else if !crate::lang::is_one_of(&ctx.cfg.cues.acronym_skip_words, word) {
            break;
        }
        if i == 0 || !ctx.adjacent(i - 1, i) {
            break;
        }
        t -= 1;
    }
    initials.reverse();
    (initials == letters && initials.len() >= 2).then(|| {
        let s = ctx.tokens[first].start;
        (s, ctx.view[s..paren].to_string())
    })
}

/// The one listed person with this surname whose role shares a word with the title given.
fn listed_by_title(ctx: &Context, surname: &str, title: Option<&str>) -> Option<usize> {
    let title = title?.to_lowercase();
    let registry = ctx.cfg.registry;
    let fits: Vec<usize> = registry
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.etype == EntityType::Person
                && e.name.rsplit(' ').next() == Some(surname)
                && e.role.as_deref().is_some_and(|r| {
                    r.to_lowercase()
                        .split(' ')
                        .any(|w| w.len() > 3 && title.contains(w))
                })
        })
        .map(|(i, _)| i)
        .collect();
    (fits.len() == 1).then(|| fits[0])
}
