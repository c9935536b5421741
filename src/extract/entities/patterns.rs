//! Patterns that propose entity candidates: registry names, people after a title or before a speech
//! verb, organizations by their head word, regions by their designator, and places in an appositive.

use super::registry::{Hit, Registry};
use super::{Candidate, EntitiesConfig, EntityType};

use crate::lang::is_one_of;
use crate::text::tokens::Token;

/// What the patterns read.
pub struct Context<'a> {
    /// The document's view.
    pub view: &'a str,
    /// Its words.
    pub tokens: &'a [Token],
    /// Its sentences.
    pub sentences: &'a [crate::model::Sentence],
    /// Registry names found in it, in text order.
    pub hits: &'a [(usize, usize, Hit)],
    /// Settings.
    pub cfg: &'a EntitiesConfig,
    /// The place of the article's dateline, when it has one.
    pub dateline_place: Option<&'a str>,
}

/// A title or role written before a person's name.
#[derive(Debug, Clone)]
pub struct TitleInfo {
    /// The name's byte range in the view.
    pub name_start: usize,
    /// End of the name.
    pub name_end: usize,
    /// Titles as written, normalized to title case, joined by "; ".
    pub title: Option<String>,
    /// Country from a demonym or country before the title ("Russian Foreign Minister").
    pub country: Option<String>,
}

impl Context<'_> {
    /// Text of a token.
    pub fn text(&self, t: usize) -> &str {
        &self.view[self.tokens[t].start..self.tokens[t].end]
    }

    /// The token starting at byte `pos`.
    pub fn token_at(&self, pos: usize) -> Option<usize> {
        self.tokens.binary_search_by(|t| t.start.cmp(&pos)).ok()
    }

    /// The registry hit covering byte `pos`.
    pub fn hit_covering(&self, pos: usize) -> Option<(usize, usize, Hit)> {
        let i = self.hits.partition_point(|h| h.0 <= pos);
        (i > 0).then(|| self.hits[i - 1]).filter(|h| h.1 > pos)
    }

    /// The registry hit ending exactly at `pos`, also through a possessive ("China's").
    fn hit_ending_at(&self, pos: usize) -> Option<(usize, usize, Hit)> {
        let pos = if self.view[..pos].ends_with("'s") {
            pos - 2
        } else {
            pos
        };
        let i = self.hits.partition_point(|h| h.0 < pos);
        (i > 0).then(|| self.hits[i - 1]).filter(|h| h.1 == pos)
    }

    /// Whether two tokens are separated by exactly one space.
    pub fn adjacent(&self, a: usize, b: usize) -> bool {
        if b >= self.tokens.len() {
            return false;
        }
        match &self.view[self.tokens[a].end..self.tokens[b].start] {
            " " => true,
            // Hard-wrapped wire copy breaks names across lines ("the Securities and\nExchange
            // Commission"): a line break inside one sentence, as the segmenter reads the text
            // (which keeps headlines, datelines and indented paragraphs apart), is a space.
            "\n" => self.same_sentence(self.tokens[a].start, self.tokens[b].start),
            _ => false,
        }
    }

    /// Whether the bytes at `x` and `y` (x before y) lie in one sentence.
    fn same_sentence(&self, x: usize, y: usize) -> bool {
        let i = self.sentences.partition_point(|s| s.end <= x);
        self.sentences
            .get(i)
            .is_some_and(|s| s.start <= x && y < s.end)
    }

    /// Whether a token can be part of a person's name.
    pub fn is_name_token(&self, t: usize) -> bool {
        let text = self.text(t);
        let mut chars = text.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        if !first_upper || text.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if text.len() > 2 && text.chars().all(|c| !c.is_lowercase()) && !text.ends_with('.') {
            return false; // ACRONYMS and SHOUTED words
        }
        if self.cfg.is_stop(text)
            || self.cfg.is_title_word(text)
            || self.cfg.org_heads.contains(text)
        {
            return false;
        }
        match self.hit_covering(self.tokens[t].start) {
            Some((_, _, Hit::Demonym(_))) => false,
            Some((_, _, Hit::Entity(i))) => {
                self.cfg.registry.entries[i].etype == EntityType::Person
            }
            None => true,
        }
    }

    fn country_of_hit(&self, hit: Hit) -> Option<String> {
        let i = match hit {
            Hit::Demonym(i) | Hit::Entity(i) => i,
        };
        let e = &self.cfg.registry.entries[i];
        (e.etype == EntityType::Loc)
            .then(|| e.country.clone())
            .flatten()
    }

    /// How many name words (at most `max`) run from token `first`, one lower-case particle between
    /// two of them included ("Richard von Weizsaecker").
    fn name_run(&self, first: usize, max: usize) -> usize {
        let mut n = 0;
        while first + n < self.tokens.len()
            && n < max
            && (n == 0 || self.adjacent(first + n - 1, first + n))
        {
            if self.is_name_token(first + n) {
                n += 1;
            } else if n > 0
                && n + 2 <= max
                && is_one_of(&self.cfg.cues.name_particles, self.text(first + n))
                && self.adjacent(first + n, first + n + 1)
                && self.is_name_token(first + n + 1)
            {
                // "Richard von Weizsaecker", "Jacques de Larosiere": a particle inside the name.
                n += 2;
            } else {
                break;
            }
        }
        n
    }
}

/// Title case for a title as written ("foreign minister" → "Foreign Minister").
fn title_case(lowercase: &[String], s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if is_one_of(lowercase, w) {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Registry names as candidates.
pub(crate) fn registry_candidates(
    registry: &Registry,
    hits: &[(usize, usize, Hit)],
) -> Vec<Candidate> {
    hits.iter()
        .filter_map(|&(start, end, hit)| match hit {
            Hit::Entity(i) => {
                let e = &registry.entries[i];
                let (rule, confidence) = match (e.etype, e.subtype) {
                    (EntityType::Person, _) => ("entity/registry-person", 0.95),
                    (EntityType::Org, _) => ("entity/registry-org", 0.95),
                    (EntityType::Loc, "city") => ("entity/registry-city", 0.85),
                    (EntityType::Loc, _) => ("entity/registry-place", 0.95),
                };
                Some(Candidate {
                    start,
                    end,
                    etype: e.etype,
                    subtype: (!e.subtype.is_empty()).then_some(e.subtype),
                    name: Some(e.name.clone()),
                    registry: Some(i),
                    country: e.country.clone(),
                    title: None,
                    rule,
                    confidence,
                    priority: 3,
                })
            }
            Hit::Demonym(_) => None,
        })
        .collect()
}

/// A candidate for a name found by a pattern, linked to the registry when the name is listed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn named(
    ctx: &Context,
    start: usize,
    end: usize,
    etype: EntityType,
    subtype: Option<&'static str>,
    name: String,
    rule: &'static str,
    confidence: f32,
) -> Candidate {
    // A name written across a line break is named with a space.
    let name = if name.contains(['\n', '\r', '\t']) {
        crate::text::spaced_as_written(&name)
    } else {
        name
    };
    let listed = match ctx.cfg.registry.lookup(&name) {
        Some(Hit::Entity(i)) if ctx.cfg.registry.entries[i].etype == etype => Some(i),
        _ if etype == EntityType::Person => {
            ctx.cfg.registry.person_by_key(&super::person_key(&name))
        }
        _ => None,
    };
    let (name, subtype, country) = match listed {
        Some(i) => {
            let e = &ctx.cfg.registry.entries[i];
            (
                e.name.clone(),
                (!e.subtype.is_empty()).then_some(e.subtype),
                e.country.clone(),
            )
        }
        None => (name, subtype, None),
    };
    Candidate {
        start,
        end,
        etype,
        subtype,
        name: Some(name),
        registry: listed,
        country,
        title: None,
        rule,
        confidence,
        priority: 2,
    }
}

/// "Foreign Minister Wang Yi", "Chinese Foreign Ministry spokesman Wang Wenbin", "US Ambassador to
/// China Nicholas Burns", "State Councilor and Foreign Minister Wang Yi", "President Xi".
/// Returns every title found before a name (also before listed people, to give them their title).
pub(crate) fn titled_people(ctx: &Context, out: &mut Vec<Candidate>) -> Vec<TitleInfo> {
    let view = ctx.view;
    let bytes = view.as_bytes();
    let mut infos = Vec::new();
    let mut search_from = 0;
    while let Some(m) = ctx.cfg.titles.find(&view[search_from..]) {
        let (ts, mut end) = (search_from + m.start(), search_from + m.end());
        search_from = end;
        let boundary_before = ts == 0 || !(bytes[ts - 1].is_ascii_alphanumeric());
        let boundary_after = end == view.len() || !bytes[end].is_ascii_alphanumeric();
        if !boundary_before || !boundary_after {
            continue;
        }
        let mut titles = vec![view[ts..end].to_string()];
        while let Some(rest) = view[end..].strip_prefix(" and ") {
            match ctx.cfg.titles.find(rest) {
                Some(m2) if m2.start() == 0 => {
                    titles.push(rest[..m2.end()].to_string());
                    end += 5 + m2.end();
                }
                _ => break,
            }
        }
        let mut country = None;
        for prep in [" of ", " to ", " in "] {
            if view[end..].starts_with(prep)
                && let Some(h) = ctx.hit_covering(end + prep.len())
                && h.0 == end + prep.len()
                && let Hit::Entity(i) = h.2
                && ctx.cfg.registry.entries[i].etype != EntityType::Person
            {
                if prep == " of " {
                    country = ctx.country_of_hit(h.2);
                }
                end = h.1;
                break;
            }
        }
        search_from = end;
        // "Ukraine's agriculture minister, Oleksandr Bondar, said"
        let gap = if view[end..].starts_with(", ") {
            2
        } else if view[end..].starts_with(' ') {
            1
        } else {
            continue;
        };
        let Some(first) = ctx.token_at(end + gap) else {
            continue;
        };
        let n = ctx.name_run(first, 4);
        if n == 0 {
            continue;
        }
        let before = view[..ts].trim_end_matches(' ');
        if country.is_none()
            && let Some(h) = ctx.hit_ending_at(before.len())
        {
            country = ctx.country_of_hit(h.2);
        }
        let (ns, ne) = (ctx.tokens[first].start, ctx.tokens[first + n - 1].end);
        // Honorifics and relations ("his Russian counterpart") announce a name but are not titles.
        let honorific = titles.iter().all(|t| {
            is_one_of(
                &ctx.cfg.cues.honorifics,
                t.to_lowercase().trim_end_matches('.'),
            )
        });
        let title = (!honorific).then(|| {
            titles
                .iter()
                .map(|t| title_case(&ctx.cfg.cues.title_lowercase, &t.to_lowercase()))
                .collect::<Vec<_>>()
                .join("; ")
        });
        infos.push(TitleInfo {
            name_start: ns,
            name_end: ne,
            title: title.clone(),
            country: country.clone(),
        });
        search_from = ne;
        if matches!(ctx.hit_covering(ns), Some((_, _, Hit::Entity(_)))) {
            continue; // a listed person: the registry candidate carries the name
        }
        let mut c = if n >= 2 {
            named(
                ctx,
                ns,
                ne,
                EntityType::Person,
                None,
                view[ns..ne].to_string(),
                "entity/person-after-title",
                0.9,
            )
        } else {
            Candidate {
                start: ns,
                end: ne,
                etype: EntityType::Person,
                subtype: None,
                name: None,
                registry: None,
                country: None,
                title: None,
                rule: "entity/surname-after-title",
                confidence: 0.85,
                priority: 2,
            }
        };
        c.title = title;
        if c.country.is_none() {
            c.country = country;
        }
        out.push(c);
    }
    infos
}

/// "Nicholas Burns said", "said John Smith": two or three name words next to a speech verb.
pub(crate) fn people_before_speech_verbs(ctx: &Context, out: &mut Vec<Candidate>) {
    for v in 0..ctx.tokens.len() {
        if !ctx.cfg.is_speech_verb(ctx.text(v)) {
            continue;
        }
        // Backwards: the run of name tokens that ends right before the verb.
        let mut first = v;
        while first > 0
            && v - first < 3
            && ctx.adjacent(first - 1, first)
            && ctx.is_name_token(first - 1)
        {
            first -= 1;
        }
        let mut runs = Vec::new();
        if v - first >= 2 {
            runs.push((first, v - 1));
        }
        if ctx.adjacent(v, v + 1) {
            let n = ctx.name_run(v + 1, 3);
            if n >= 2 {
                runs.push((v + 1, v + n));
            }
        }
        for (a, b) in runs {
            let (s, e) = (ctx.tokens[a].start, ctx.tokens[b].end);
            let mut c = named(
                ctx,
                s,
                e,
                EntityType::Person,
                None,
                ctx.view[s..e].to_string(),
                "entity/person-speech-verb",
                0.75,
            );
            c.priority = 1;
            out.push(c);
        }
    }
}

/// "Chinese Ministry of Commerce", "Texaco Inc", "Bank of England": a capitalized phrase with an
/// organization head word. Government bodies get one name per country ("Ministry of Commerce of
/// China" for "Chinese Ministry of Commerce" and "China's Ministry of Commerce").
pub(crate) fn organizations(ctx: &Context, out: &mut Vec<Candidate>) {
    let is_cap = |t: usize| ctx.text(t).chars().next().is_some_and(char::is_uppercase);
    let cues = &ctx.cfg.cues;
    let article = |t: usize| is_one_of(&cues.leading_article, ctx.text(t));
    let n = ctx.tokens.len();
    let mut i = 0;
    while i < n {
        if !is_cap(i) || (ctx.cfg.is_stop(ctx.text(i)) && !article(i)) {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i;
        while j + 1 < n && ctx.adjacent(j, j + 1) {
            let k = j + 1;
            // "Texaco Inc", "Baird Corp": a company suffix is a stop word elsewhere but ends an
            // organization's name.
            if is_cap(k)
                && (!ctx.cfg.is_stop(ctx.text(k)) || is_one_of(&cues.company_suffixes, ctx.text(k)))
            {
                j = k;
                last = k;
            } else if ctx.cfg.is_org_connector(ctx.text(k)) && k + 1 < n && ctx.adjacent(k, k + 1) {
                j = k;
            } else {
                break;
            }
        }
        let head = (i..=last)
            .rev()
            .find(|&t| ctx.cfg.org_heads.contains(ctx.text(t)));
        let Some(head) = head else {
            i = last + 1;
            continue;
        };
        // The name runs back from the head over capitalized words and "of"-like connectors, never
        // over a title ("Central Bank Governor ... and Trade Minister ...") or an "and".
        let mut first = head;
        while first > i
            && ctx.adjacent(first - 1, first)
            && {
                let w = ctx.text(first - 1);
                let cap = w.chars().next().is_some_and(char::is_uppercase);
                (cap && !ctx.cfg.is_stop(w) && !ctx.cfg.is_title_word(w))
                || (is_one_of(&cues.name_inner_words, w)
                    && ctx
                        .text(first)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase))
                // "Securities and Exchange Commission", but not "Daniel Okafor and Central
                // Bank": one capitalized word before the "and", after a lower-case one, or a word
                // listed to join ("Federal Savings and Loan Association").
                || (is_one_of(&cues.name_conjunctions, w) && first >= 3 && ctx.adjacent(first - 2, first - 1) && {
                    let prev = ctx.text(first - 2);
                    prev.chars().next().is_some_and(char::is_uppercase)
                        && !ctx.cfg.is_title_word(prev)
                        && ctx.hit_covering(ctx.tokens[first - 2].start).is_none()
                        && (!ctx.text(first - 3).chars().next().is_some_and(char::is_uppercase)
                            || is_one_of(&cues.name_words_before_conjunction, prev))
                })
            }
        {
            first -= 1;
        }
        if first > i && article(first - 1) && ctx.adjacent(first - 1, first) {
            first -= 1;
        }
        while first < head
            && !ctx
                .text(first)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            first += 1;
        }
        if article(first) {
            first += 1;
        }
        // "New York Stock Exchange": a stop word that may begin a longer name, before the rest
        // of the name.
        if first > 0
            && first < head
            && ctx.adjacent(first - 1, first)
            && is_one_of(&cues.name_first_stop_words, ctx.text(first - 1))
            && is_cap(first)
        {
            first -= 1;
        }
        // The name stops at the head unless an "of"/"for" phrase continues it.
        let end_tok = if head < last && is_one_of(&cues.org_continuations, ctx.text(head + 1)) {
            last
        } else {
            head
        };
        if end_tok <= first && ctx.text(first).len() < 3 {
            i = last + 1;
            continue;
        }
        let company = is_one_of(&cues.company_suffixes, ctx.text(head));
        // "Moody's Investors Service Inc", "McDonald's Corp": a company's name keeps the
        // possessive of its first word.
        if company
            && first >= 2
            && ctx.tokens[first - 1].is_clitic_s(ctx.view)
            && &ctx.view[ctx.tokens[first - 1].end..ctx.tokens[first].start] == " "
            && is_cap(first - 2)
            && ctx.hit_covering(ctx.tokens[first - 2].start).is_none()
        {
            first -= 2;
        }
        let mut country = None;
        let mut span_start = ctx.tokens[first].start;
        if company {
            // "American Motors Corp": the demonym is part of the company's name.
        } else if let Some((_, _, Hit::Demonym(c))) = ctx.hit_covering(ctx.tokens[first].start) {
            country = ctx.cfg.registry.entries[c].country.clone();
            if first < end_tok {
                first += 1;
            }
        } else if let Some(h) = ctx.hit_ending_at(span_start.saturating_sub(1))
            && ctx.view[..span_start.saturating_sub(1)].ends_with("'s")
            && ctx.tokens[first].start == span_start
        {
            country = ctx.country_of_hit(h.2);
            if country.is_some() {
                span_start = h.0;
            }
        }
        let words: Vec<&str> = (first..=end_tok).map(|t| ctx.text(t)).collect();
        if words.len() < 2 && country.is_none() {
            i = last + 1;
            continue;
        }
        let body = ctx.view[ctx.tokens[first].start..ctx.tokens[end_tok].end].to_string();
        let name = government_body(ctx.cfg, &words, &body, country.as_deref())
            .unwrap_or_else(|| ctx.view[span_start..ctx.tokens[end_tok].end].to_string());
        let mut c = named(
            ctx,
            span_start,
            ctx.tokens[end_tok].end,
            EntityType::Org,
            Some("organization"),
            name,
            "entity/org-head-word",
            0.8,
        );
        if c.country.is_none() {
            c.country = country;
        }
        let ministry = |w: Option<&&str>| w.is_some_and(|w| is_one_of(&cues.ministry, w));
        if c.subtype == Some("organization") && ministry(words.first()) || ministry(words.last()) {
            c.subtype = Some("government");
        }
        out.push(c);
        i = last + 1;
    }
}

/// "Ministry of Commerce" of a country → "Ministry of Commerce of China"; "Foreign Ministry" →
/// "Ministry of Foreign Affairs of ...". `None` for other names.
fn government_body(
    cfg: &EntitiesConfig,
    words: &[&str],
    body: &str,
    country: Option<&str>,
) -> Option<String> {
    let registry = cfg.registry;
    let cues = &cfg.cues;
    let ministry = |w: Option<&&str>| w.is_some_and(|w| is_one_of(&cues.ministry, w));
    let of = |w: Option<&&str>| w.is_some_and(|w| is_one_of(&cues.ministry_preposition, w));
    let base = if ministry(words.first()) && of(words.get(1)) {
        body.to_string()
    } else if ministry(words.last()) && words.len() >= 2 {
        let what = words[..words.len() - 1].join(" ");
        let what = cfg
            .ministry_names
            .iter()
            .find(|(short, _)| *short == what)
            .map_or(what.clone(), |(_, full)| full.clone());
        let (head, of) = (words[words.len() - 1], &cues.ministry_preposition[0]);
        format!("{head} {of} {what}")
    } else {
        return None;
    };
    let country_name = country
        .and_then(|c| registry.country(c))
        .map(|e| e.name.as_str());
    Some(match country_name {
        Some(c) => format!("{base} of {c}"),
        None => base,
    })
}

/// "Anhui Province", "Kherson region": a region named by its designator; the name drops it.
pub(crate) fn regions(ctx: &Context, out: &mut Vec<Candidate>) {
    for d in 1..ctx.tokens.len() {
        let word = ctx.text(d);
        if !ctx.cfg.region_designators.contains(word) || !ctx.adjacent(d - 1, d) {
            continue;
        }
        let mut first = d;
        while first > 0
            && d - first < 2
            && ctx.adjacent(first - 1, first)
            && ctx.is_name_token(first - 1)
        {
            first -= 1;
        }
        if first == d {
            continue;
        }
        let (s, ne) = (ctx.tokens[first].start, ctx.tokens[d - 1].end);
        let mut c = named(
            ctx,
            s,
            ctx.tokens[d].end,
            EntityType::Loc,
            Some("region"),
            ctx.view[s..ne].to_string(),
            "entity/region-designator",
            0.85,
        );
        c.priority = 1;
        // "east China's Anhui Province"
        if c.country.is_none()
            && let Some(h) = ctx.hit_ending_at(s.saturating_sub(1))
        {
            c.country = ctx.country_of_hit(h.2);
        }
        out.push(c);
    }
}

/// "in Tunxi, east China's Anhui Province", "at Bishkek, the capital of Kyrgyzstan": a place the
/// registry does not list, placed by the country or region after it.
pub(crate) fn appositive_places(ctx: &Context, out: &mut Vec<Candidate>) {
    for p in 0..ctx.tokens.len() {
        // A capitalized word must follow: checked first, as it rules out most tokens cheaply.
        let capital_next = ctx
            .tokens
            .get(p + 1)
            .is_some_and(|t| ctx.view[t.start..].starts_with(char::is_uppercase));
        if !capital_next
            || !is_one_of(&ctx.cfg.cues.place_cues, ctx.text(p))
            || !ctx.adjacent(p, p + 1)
        {
            continue;
        }
        let n = ctx.name_run(p + 1, 3);
        if n == 0 || ctx.hit_covering(ctx.tokens[p + 1].start).is_some() {
            continue;
        }
        let (s, e) = (ctx.tokens[p + 1].start, ctx.tokens[p + n].end);
        let Some(mut rest) = ctx.view[e..].strip_prefix(", ") else {
            continue;
        };
        let mut at = e + 2;
        for lead in ["the capital of ", "capital of "] {
            if let Some(r) = rest.strip_prefix(lead) {
                at += lead.len();
                rest = r;
            }
        }
        if let Some(word) = rest.split(' ').next()
            && ctx.cfg.is_compass_word(&word.to_lowercase())
        {
            at += word.len() + 1;
        }
        let Some(h) = ctx.hit_covering(at).filter(|h| h.0 == at) else {
            continue;
        };
        let Hit::Entity(i) = h.2 else { continue };
        let entry = &ctx.cfg.registry.entries[i];
        if entry.etype != EntityType::Loc {
            continue;
        }
        let mut c = named(
            ctx,
            s,
            e,
            EntityType::Loc,
            Some("city"),
            ctx.view[s..e].to_string(),
            "entity/place-appositive",
            0.75,
        );
        c.priority = 1;
        if c.country.is_none() {
            c.country = entry.country.clone();
        }
        out.push(c);
    }
}

/// "state utility Perusahaan Listrik Negara", "consultancy Plusmining", "the Antara news agency":
/// an organization named by the noun before it (or "news agency" after it).
pub(crate) fn described_organizations(ctx: &Context, out: &mut Vec<Candidate>) {
    let n = ctx.tokens.len();
    let is_org_word = |t: usize| {
        let w = ctx.text(t);
        w.chars().next().is_some_and(char::is_uppercase)
            && !ctx.cfg.is_stop(w)
            && !ctx.cfg.is_title_word(w)
            && !matches!(
                ctx.hit_covering(ctx.tokens[t].start),
                Some((_, _, Hit::Demonym(_)))
            )
    };
    for d in 0..n {
        let before = ctx.cfg.org_descriptors.contains(ctx.text(d));
        if before && ctx.adjacent(d, d + 1) {
            let mut last = d;
            while last + 1 < n
                && last - d < 4
                && ctx.adjacent(last, last + 1)
                && is_org_word(last + 1)
            {
                last += 1;
            }
            // A listed place or person right after the noun is not a new organization.
            if last > d
                && !matches!(
                    ctx.hit_covering(ctx.tokens[d + 1].start),
                    Some((_, _, Hit::Entity(_)))
                )
            {
                let (s, e) = (ctx.tokens[d + 1].start, ctx.tokens[last].end);
                let mut c = named(
                    ctx,
                    s,
                    e,
                    EntityType::Org,
                    Some("organization"),
                    ctx.view[s..e].to_string(),
                    "entity/org-descriptor",
                    0.7,
                );
                c.priority = 1;
                out.push(c);
            }
        }
        let agency = ctx.cfg.news_agency_words.iter().any(|phrase| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| d + k < n && ctx.text(d + k) == w)
        });
        if agency && d > 0 && ctx.adjacent(d - 1, d) {
            let mut first = d;
            while first > 0
                && d - first < 3
                && ctx.adjacent(first - 1, first)
                && is_org_word(first - 1)
            {
                first -= 1;
            }
            if first < d {
                let (s, e) = (ctx.tokens[first].start, ctx.tokens[d - 1].end);
                let mut c = named(
                    ctx,
                    s,
                    e,
                    EntityType::Org,
                    Some("media"),
                    ctx.view[s..e].to_string(),
                    "entity/news-agency",
                    0.8,
                );
                c.priority = 1;
                out.push(c);
            }
        }
    }
}

/// The dateline place ("NAIROBI, March 14 (Wire) -"), often in capitals the registry cannot match.
pub(crate) fn dateline_place(ctx: &Context, place: Option<&str>, out: &mut Vec<Candidate>) {
    let Some(place) = place else { return };
    let head = crate::model::head(ctx.view, 2000);
    let found = head
        .find(&place.to_uppercase())
        .or_else(|| head.find(place));
    let Some(s) = found else { return };
    let e = s + place.len();
    if !super::is_whole_word(ctx.view, s, e) {
        return;
    }
    let mut c = named(
        ctx,
        s,
        e,
        EntityType::Loc,
        Some("city"),
        place.to_string(),
        "entity/dateline",
        0.85,
    );
    if c.registry.is_none() {
        c.country = None;
    }
    out.push(c);
}
