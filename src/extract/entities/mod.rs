//! Entities: people, organizations and places, with one canonical name per entity inside the article
//! and a stable `entity_id` across the corpus.
//!
//! Candidates come from a list of recognizers (`recognize.rs`): the compiled-in registry
//! (`registry.rs`), then patterns over capitalized names (`patterns.rs`: a title before a person, an
//! organization's head word, a region designator, an appositive "Tunxi, east China's ..."); a
//! learned tagger joins the list as one more recognizer. Overlaps are settled by one policy
//! (`settle_overlaps`: longest first, then priority, start and list order). Then the article's own
//! definitions add mentions (an acronym in parentheses, a surname after the full name, `coref.rs`). A surname shared by two people of the article
//! ("Wang" for Wang Yi and Wang Wenbin) goes to the one mentioned most recently, and stays
//! unresolved when both were last named in the same sentence or neither was named before it.

pub mod coref;
pub mod learned;
pub mod model;
pub mod patterns;
pub(crate) mod recognize;
pub mod registry;

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::{Doc, Provenance, RuleId};
use registry::Registry;

/// Every rule id this extractor emits, with its meaning.
pub const RULES: &[crate::model::RuleDoc] = &[
    (
        "entity/model",
        "Found by the learned tagger (data/models/entities-en.bin; named and linked through the registry when it lists the name); confidence is the tagger's softmax weight, averaged over the span's words.",
    ),
    (
        "entity/registry-person",
        "A person listed in data/registry/people.tsv.",
    ),
    (
        "entity/registry-org",
        "An organization listed in data/registry/organizations.tsv.",
    ),
    (
        "entity/registry-city",
        "A city from GeoNames (data/registry/cities.tsv).",
    ),
    (
        "entity/registry-place",
        "A country, region or other listed place (countries.tsv, country_names.tsv, regions.tsv).",
    ),
    (
        "entity/person-after-title",
        "A capitalized name after a title: \"Foreign Minister Wang Yi\" (titles: entity_person_titles.txt).",
    ),
    (
        "entity/surname-after-title",
        "A single capitalized word after a title: \"President Reagan\".",
    ),
    (
        "entity/person-speech-verb",
        "A capitalized name before a speech verb: \"Nicholas Burns said\".",
    ),
    (
        "entity/org-head-word",
        "A capitalized phrase ending in an organization head word: \"Chinese Ministry of Commerce\", \"Texaco Inc\".",
    ),
    (
        "entity/org-descriptor",
        "A capitalized name after an organization noun: \"consultancy Plusmining\".",
    ),
    ("entity/news-agency", "\"<Name> news agency\"."),
    (
        "entity/region-designator",
        "A capitalized name before a region word: \"Anhui Province\" -> Anhui.",
    ),
    (
        "entity/place-appositive",
        "An unlisted place placed by the country or region after it: \"Tunxi, east China's Anhui Province\".",
    ),
    (
        "entity/dateline",
        "The place of the dateline: \"MOSCOW, Feb 3 (Reuters) -\".",
    ),
    (
        "entity/org-acronym-definition",
        "An organization defined with its acronym: \"Ministry of Commerce (MOC)\".",
    ),
    (
        "entity/acronym",
        "A later use of a defined acronym: \"MOC\".",
    ),
    (
        "entity/repeat",
        "A later occurrence of a name a pattern found once in the article.",
    ),
    (
        "entity/surname",
        "A surname that stands for the full name named last: \"Wang\" -> Wang Yi.",
    ),
    (
        "entity/surname-ambiguous",
        "A surname of two people named together last: kept, with no entity id.",
    ),
];

/// PERSON, ORG or LOC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organization (government body, company, news medium, international organization).
    Org,
    /// A place: country, city, region, continent, geographic feature or named building.
    Loc,
}

impl EntityType {
    /// The value written to the `type` column.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
        }
    }
}

/// Settings and compiled lexicons of the entities extractor.
#[derive(Debug, Clone)]
pub struct EntitiesConfig {
    /// Reference data.
    pub registry: &'static Registry,
    titles: AhoCorasick,
    title_words: HashSet<String>,
    org_heads: HashSet<String>,
    org_descriptors: HashSet<String>,
    region_designators: HashSet<String>,
    speech_verbs: HashSet<String>,
    /// Capitalized words that never begin or continue a name (`entity_stop_words.txt`).
    stop_words: HashSet<String>,
    /// The same in capitals ("TO" of "To"), as a wire headline writes them.
    stop_words_in_capitals: HashSet<String>,
    /// Words that may join an organization's name (`entity_org_connectors.txt`).
    org_connectors: HashSet<String>,
    /// "east", "northern" between a place and what places it (`entity_compass_words.txt`).
    compass_words: HashSet<String>,
    /// The small words the patterns read around names (`entity_cue_words.tsv`).
    cues: EntityCues,
    /// "Foreign" Ministry → "Foreign Affairs" (`entity_ministry_names.tsv`).
    ministry_names: Vec<(String, String)>,
    /// The words of each `news_agency` cue phrase, split once.
    news_agency_words: Vec<Vec<String>>,
    /// Where candidates come from, in order (`recognize::builtin()`; a learned tagger joins here).
    pub(crate) recognizers: Vec<std::sync::Arc<dyn recognize::Recognizer>>,
    /// Fingerprint of the learned model in use, if any.
    model_fingerprint: Option<String>,
}

/// `[extract.entities]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct EntitiesFile {
    pub recognizers: Recognizers,
    pub model: std::path::PathBuf,
}

/// Which recognizers propose entity candidates (`extract.entities.recognizers`). The registry is
/// always one of them: it names, links and geocodes whatever the others find.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Recognizers {
    /// The registry and the patterns (titles, speech verbs, organization head words, ...).
    Rules,
    /// The registry and the learned tagger.
    Model,
    /// All of them; overlaps settled by `settle_overlaps`.
    Both,
}

impl EntitiesConfig {
    /// The configuration for `[extract.entities]`: the lexicons, and the recognizers it names.
    ///
    /// # Errors
    /// A malformed list, or a shipped model this build cannot read.
    pub fn from_file(file: &EntitiesFile, lang: &Lang) -> Result<Self> {
        let mut cfg = EntitiesConfig::new(lang)?;
        if file.recognizers == Recognizers::Rules {
            return Ok(cfg);
        }
        let (model, fingerprint) = if file.model.as_os_str().is_empty() {
            learned::start_reading_shipped()?;
            (None, learned::fingerprint())
        } else {
            let (model, fingerprint) = learned::load(&file.model)?;
            (Some(model), fingerprint)
        };
        if file.recognizers == Recognizers::Model {
            cfg.recognizers.retain(|r| r.name() == "registry");
        }
        cfg.recognizers
            .push(std::sync::Arc::new(learned::LearnedTagger { model }));
        cfg.model_fingerprint = Some(fingerprint);
        Ok(cfg)
    }

    /// Fingerprint of the learned model the recognizers use, if they use one (part of
    /// `extraction_hash`).
    pub fn model_fingerprint(&self) -> Option<&str> {
        self.model_fingerprint.as_deref()
    }

    /// Compiles the lexicons; the recognizers are the registry and the patterns.
    ///
    /// # Errors
    /// An empty title list (the message says which key).
    pub fn new(lang: &Lang) -> Result<Self> {
        let stop_words = lang.set("entity_stop_words.txt");
        let titles_file = "entity_person_titles.txt";
        let person_titles = lang.words(titles_file);
        let bad = |message: String| Error::Lang {
            path: lang.path_of(titles_file),
            message,
        };
        if person_titles.is_empty() {
            return Err(bad("the list must not be empty".into()));
        }
        let titles = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&person_titles)
            .map_err(|e| bad(e.to_string()))?;
        // Lower-case and capitalized forms, so that a lookup needs no allocation.
        let title_words = person_titles
            .iter()
            .flat_map(|t| t.split([' ', '-']))
            .map(|w| w.trim_end_matches('.').to_lowercase())
            .flat_map(|w| {
                let mut c = w.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                [w, cap]
            })
            .collect();
        let cues = EntityCues::new(lang)?;
        let file = "entity_ministry_names.tsv";
        let mut ministry_names = Vec::new();
        for row in lang.rows(file) {
            let cells = lang.cells(file, row, 2)?;
            ministry_names.push((cells[0].clone(), cells[1].clone()));
        }
        Ok(EntitiesConfig {
            registry: Registry::shared(),
            titles,
            title_words,
            org_heads: lang.set("entity_org_heads.txt"),
            org_descriptors: lang.set("entity_org_descriptors.txt"),
            region_designators: lang.set("entity_region_designators.txt"),
            speech_verbs: lang.set("speech_verbs.txt"),
            stop_words_in_capitals: stop_words.iter().map(|w| w.to_uppercase()).collect(),
            stop_words,
            org_connectors: lang.set("entity_org_connectors.txt"),
            compass_words: lang.set("entity_compass_words.txt"),
            news_agency_words: cues
                .news_agency
                .iter()
                .map(|p| p.split_whitespace().map(str::to_string).collect())
                .collect(),
            cues,
            ministry_names,
            recognizers: recognize::builtin(),
            model_fingerprint: None,
        })
    }

    /// Whether a capitalized word never begins or continues a name ("The", "Monday").
    pub fn is_stop(&self, word: &str) -> bool {
        self.stop_words.contains(word)
            || (word.len() > 1
                && !word.chars().any(char::is_lowercase)
                && self.stop_words_in_capitals.contains(word))
    }

    /// Whether a word may join an organization's name ("of" in "Bank of England").
    pub fn is_org_connector(&self, word: &str) -> bool {
        self.org_connectors.contains(word)
    }

    /// Whether a lower-case word is a compass word ("east", "northern").
    pub fn is_compass_word(&self, word: &str) -> bool {
        self.compass_words.contains(word)
    }

    /// Whether a word, lower-case or capitalized, is part of a title ("minister", "Spokesman").
    pub fn is_title_word(&self, word: &str) -> bool {
        self.title_words.contains(word)
    }

    /// Whether a word is a speech verb.
    pub fn is_speech_verb(&self, word: &str) -> bool {
        self.speech_verbs.contains(word)
    }
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    /// Where: the surface text is the name as written (without a title or a possessive 's).
    pub prov: Provenance,
    /// Byte range in `Doc::view`.
    pub start: usize,
    /// Byte range end in `Doc::view`.
    pub end: usize,
    /// Stable id across the corpus; `None` for a surname that is ambiguous in the article.
    pub entity_id: Option<String>,
    /// Canonical name in the article; `None` when unresolved.
    pub name: Option<String>,
    /// PERSON, ORG or LOC.
    pub etype: EntityType,
    /// Finer type: country, city, region, continent, feature, building; media, government, ...
    pub subtype: Option<&'static str>,
    /// ISO 3166-1 alpha-2 code of the entity's country, when known.
    pub country: Option<String>,
    /// Title or role written with this mention ("Foreign Minister"), several joined by "; ".
    pub title: Option<String>,
    /// Registry entry, when the entity is listed.
    pub registry: Option<usize>,
}

/// A proposed mention before overlaps are settled.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub etype: EntityType,
    pub subtype: Option<&'static str>,
    /// Canonical name, or `None` for a bare surname to resolve.
    pub name: Option<String>,
    pub registry: Option<usize>,
    pub country: Option<String>,
    pub title: Option<String>,
    pub rule: RuleId,
    pub confidence: f32,
    /// Tie-break between candidates of equal length: higher wins.
    pub priority: u8,
}

crate::lang::cue_words!(
    /// The cue words of `entity_cue_words.tsv`, one field per row (see the file for each one's use).
    EntityCues from "entity_cue_words.tsv" {
        title_lowercase,
        honorifics,
        leading_article,
        name_inner_words,
        name_conjunctions,
        name_words_before_conjunction,
        org_continuations,
        ministry,
        ministry_preposition,
        news_agency,
        place_cues,
        acronym_skip_words,
        adjective_endings,
        common_noun_endings,
        facility_heads,
        name_first_stop_words,
        company_suffixes,
        name_particles,
    }
);

/// Finds the entity mentions of one document, in text order.
pub fn extract(doc: &Doc, cfg: &EntitiesConfig) -> Vec<EntityMention> {
    let view = doc.view.as_str();
    let hits = cfg.registry.find(view);
    let ctx = patterns::Context {
        view,
        tokens: &doc.tokens,
        sentences: &doc.sentences,
        hits: &hits,
        cfg,
        dateline_place: doc.meta.dateline_place.as_deref(),
    };
    let recognize::Recognized {
        candidates,
        titled,
        gap_fillers,
    } = recognize::run_all(&cfg.recognizers, &ctx);
    let accepted = settle_overlaps(candidates);
    let mut resolved = coref::resolve(doc, &ctx, accepted, &titled);
    fill_gaps(view, &mut resolved, gap_fillers, &cfg.cues.company_suffixes);
    resolved
        .into_iter()
        .map(|c| {
            let entity_id = c
                .name
                .as_ref()
                .map(|n| entity_id(c.etype, n, c.registry, cfg.registry));
            EntityMention {
                prov: doc.provenance(c.start, c.end, c.rule, c.confidence),
                start: c.start,
                end: c.end,
                entity_id,
                name: c.name,
                etype: c.etype,
                subtype: c.subtype,
                country: c.country,
                title: c.title,
                registry: c.registry,
            }
        })
        .collect()
}

/// Whether `text[s..e]` is not glued to a letter or digit on either side.
pub(crate) fn is_whole_word(text: &str, s: usize, e: usize) -> bool {
    !text[..s]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !text[e..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Adds the gap fillers' candidates (the learned tagger's) to the mentions the registry, the
/// patterns and coreference settled, by one policy:
/// 1. a person found only by a speech verb ("Merrill Lynch said") takes the tagger's type when
///    the tagger reads the same words as an organization or a place anywhere in the article, and
///    the mentions coreference gave that person's name follow (their titles dropped): the one
///    place where the tagger overrules a rule, the weakest of them;
/// 2. a filler that overlaps no mention and does not touch one (only spaces or brackets between:
///    "(Vladimir) Putin", where a title found "Putin", is one name; so is a filler that touches a
///    person the tagger found) joins, the longest first when
///    fillers overlap; a family's name ("the Okafors") read as an organization is dropped;
/// 3. a filler's surname alone (no name) takes the name of the one person of the article whose
///    name ends with it (in capitals too: "BAKER SAYS"), stays unresolved when two people share
///    it (never guessed), and is a person of that name when no one else has it.
///
/// So the registry and the patterns keep every other span they claim, with its name, title and
/// links, and the model adds what they miss.
fn fill_gaps(
    view: &str,
    resolved: &mut Vec<Candidate>,
    mut fillers: Vec<Candidate>,
    company_suffixes: &[String],
) {
    if fillers.is_empty() {
        return;
    }
    // The leading words of an organization the article names are that organization, not a
    // person, and named as it: "Dixons" beside "Dixons Group", "Mark IV said" beside "Mark IV
    // Industries Inc", "PHELPS DODGE" in a capitals headline beside "Phelps Dodge Corp".
    let organizations: Vec<(String, Candidate)> = resolved
        .iter()
        .chain(fillers.iter())
        .filter(|m| m.etype == EntityType::Org)
        .map(|m| {
            (
                crate::text::spaced_as_written(&view[m.start..m.end]).to_uppercase(),
                m.clone(),
            )
        })
        .collect();
    let is_company = |org: &Candidate| {
        view[org.start..org.end]
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|last| crate::lang::is_one_of(company_suffixes, last))
    };
    // The one company these words begin, else the one organization; none when they begin two
    // ("Bank" beside "Bank of England" and "Bank of Japan").
    let organization_led_by = |words: &str| -> Option<Candidate> {
        let words = crate::text::spaced_as_written(words).to_uppercase();
        let led: Vec<&Candidate> = organizations
            .iter()
            .filter(|(name, _)| {
                name.strip_prefix(words.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
            })
            .map(|(_, org)| org)
            .collect();
        let one = |orgs: Vec<&Candidate>| {
            let first = orgs.first()?;
            orgs.iter()
                .all(|other| other.name == first.name)
                .then(|| (*first).clone())
        };
        let companies: Vec<&Candidate> = led.iter().copied().filter(|o| is_company(o)).collect();
        if companies.is_empty() {
            one(led)
        } else {
            one(companies)
        }
    };
    let as_organization = |person: &Candidate, org: Candidate| Candidate {
        start: person.start,
        end: person.end,
        rule: person.rule,
        confidence: person.confidence,
        priority: person.priority,
        ..org
    };
    for f in fillers.iter_mut() {
        let Some(org) = organization_led_by(&view[f.start..f.end]) else {
            continue;
        };
        // "CHRYSLER" of a capitals headline, "Chrysler" alone: the company the article names in
        // full, "Chrysler Corp" (a company only: "European Community" is not its Commission).
        if f.etype == EntityType::Person || (f.etype == EntityType::Org && is_company(&org)) {
            *f = as_organization(f, org);
        }
    }
    // The tagger's type for a speech-verb "person", read where the same words stand anywhere in
    // the article ("Merrill Lynch said" and, earlier, "shares of Merrill Lynch"); the repeats
    // coreference made of that name follow it.
    let mut retyped: Vec<(String, EntityType, Option<String>)> = Vec::new();
    for mention in resolved.iter_mut() {
        if mention.rule != "entity/person-speech-verb" {
            continue;
        }
        let words = &view[mention.start..mention.end];
        if let Some(f) = fillers
            .iter()
            .find(|f| f.etype != EntityType::Person && &view[f.start..f.end] == words)
        {
            if let Some(name) = &mention.name {
                retyped.push((name.clone(), f.etype, None));
            }
            let (start, end) = (mention.start, mention.end);
            *mention = Candidate {
                start,
                end,
                ..f.clone()
            };
        } else if let Some(org) = organization_led_by(words) {
            if let Some(name) = &mention.name {
                retyped.push((name.clone(), EntityType::Org, org.name.clone()));
            }
            *mention = as_organization(mention, org);
        }
    }
    for mention in resolved.iter_mut() {
        if mention.etype != EntityType::Person {
            continue;
        }
        if let Some((_, etype, renamed)) = retyped
            .iter()
            .find(|(name, _, _)| mention.name.as_deref() == Some(name.as_str()))
        {
            mention.etype = *etype;
            mention.title = None;
            if renamed.is_some() {
                mention.name.clone_from(renamed);
            }
        }
    }
    // A one-word city the registry found inside a longer name that the tagger reads as a person
    // or an organization ("Morgan Stanley", "Chairman Kenneth Douglas", "the Paris Club") is a
    // word of that name: many small places share their name with people and firms.
    let mut absorbed: Vec<Candidate> = Vec::new();
    let mut inside_a_name = vec![false; resolved.len()];
    for (i, city) in resolved.iter().enumerate() {
        if city.rule != "entity/registry-city"
            || view[city.start..city.end].contains(char::is_whitespace)
        {
            continue;
        }
        let Some(name) = fillers.iter().find(|f| {
            matches!(f.etype, EntityType::Person | EntityType::Org)
                && f.start <= city.start
                && city.end <= f.end
                && f.end - f.start > city.end - city.start
        }) else {
            continue;
        };
        let alone = resolved
            .iter()
            .enumerate()
            .all(|(j, m)| j == i || m.end <= name.start || name.end <= m.start);
        if alone {
            absorbed.push(name.clone());
            inside_a_name[i] = true;
        }
    }
    let mut i = 0;
    resolved.retain(|_| {
        i += 1;
        !inside_a_name[i - 1]
    });
    resolved.extend(absorbed);
    // Overlapping, or apart by at most three spaces or brackets.
    let touches = |(start, end): (usize, usize), f: &Candidate| {
        let (a, b) = if end <= f.start {
            (end, f.start)
        } else if f.end <= start {
            (f.end, start)
        } else {
            return true;
        };
        b - a <= 3 && view[a..b].chars().all(|c| matches!(c, ' ' | '(' | ')'))
    };
    let surnames: Vec<&str> = resolved
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .filter_map(|m| m.name.as_deref()?.rsplit(' ').next())
        .collect();
    let family = |f: &Candidate| {
        f.etype != EntityType::Person
            && view[f.start..f.end]
                .strip_suffix('s')
                .is_some_and(|w| surnames.contains(&w))
    };
    let mut added: Vec<Candidate> = settle_overlaps(fillers)
        .into_iter()
        .filter(|f| !family(f) && !resolved.iter().any(|m| touches((m.start, m.end), f)))
        .collect();
    // Two fillers that touch, a person and something else ("(Vladimir) Putin" read as an
    // organization and a person): the other is a piece of the person's name.
    let people_found: Vec<(usize, usize)> = added
        .iter()
        .filter(|f| f.etype == EntityType::Person)
        .map(|f| (f.start, f.end))
        .collect();
    added.retain(|f| {
        f.etype == EntityType::Person || !people_found.iter().any(|&person| touches(person, f))
    });
    let people: Vec<(String, Option<usize>, Option<String>)> = resolved
        .iter()
        .chain(added.iter())
        .filter(|m| m.etype == EntityType::Person)
        .filter_map(|m| {
            let name = m.name.as_ref()?;
            name.contains(' ')
                .then(|| (name.clone(), m.registry, m.country.clone()))
        })
        .collect();
    for f in added
        .iter_mut()
        .filter(|f| f.etype == EntityType::Person && f.name.is_none())
    {
        let surname = &view[f.start..f.end];
        let mut owners: Vec<&(String, Option<usize>, Option<String>)> = people
            .iter()
            // "BAKER SAYS" in a capitals headline is the Baker of the article.
            .filter(|(name, _, _)| {
                name.rsplit(' ')
                    .next()
                    .is_some_and(|last| last == surname || last.to_uppercase() == surname)
            })
            .collect();
        owners.sort_by(|a, b| a.0.cmp(&b.0));
        owners.dedup_by(|a, b| a.0 == b.0);
        match owners.as_slice() {
            // "BAKER" of a capitals headline is named as the running text writes it.
            [] if !surname.chars().any(char::is_lowercase) => {
                let mut chars = surname.chars();
                f.name = chars
                    .next()
                    .map(|first| first.to_string() + &chars.as_str().to_lowercase());
            }
            [] => f.name = Some(surname.to_string()),
            [(name, registry, country)] => {
                f.name = Some(name.clone());
                f.registry = *registry;
                f.country = country.clone();
            }
            _ => {}
        }
    }
    resolved.extend(added);
    resolved.sort_by_key(|m| (m.start, m.end));
}

/// Keeps the longest of overlapping candidates (then the higher priority, then the earlier one).
fn settle_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.priority.cmp(&a.priority))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for c in candidates {
        let overlaps_before = taken
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &end)| end > c.start);
        if overlaps_before {
            continue;
        }
        taken.insert(c.start, c.end);
        out.push(c);
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Folds spelling variants of a person's name to one key: case, initials, y/i ("Sergey"/"Sergei"),
/// doubled letters and punctuation.
pub fn person_key(name: &str) -> String {
    let mut words = Vec::new();
    for w in name.split_whitespace() {
        let letters: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| crate::text::fold_char(c).to_ascii_lowercase())
            .collect();
        if letters.chars().count() <= 1 {
            continue;
        }
        let mut folded = String::new();
        for c in letters.chars().map(|c| if c == 'y' { 'i' } else { c }) {
            if !folded.ends_with(c) {
                folded.push(c);
            }
        }
        words.push(folded);
    }
    words.join(" ")
}

/// The stable id of an entity: 16 hex digits of SHA-256 over its type and key (the registry name
/// for listed entities, the folded name otherwise).
pub fn entity_id(
    etype: EntityType,
    name: &str,
    registry_index: Option<usize>,
    registry: &Registry,
) -> String {
    use sha2::Digest;
    let key = match registry_index {
        Some(i) => format!("registry\0{}", registry.entries[i].name),
        None if etype == EntityType::Person => format!("name\0{}", person_key(name)),
        None => format!("name\0{}", name.to_lowercase()),
    };
    let mut h = sha2::Sha256::new();
    h.update(etype.as_str().as_bytes());
    h.update([0]);
    h.update(key.as_bytes());
    crate::text::hex(&h.finalize()[..8])
}
