//! Direct quotes and who said them.
//!
//! A quote is text between paired quotation marks inside one paragraph (straight or typographic,
//! double or single; an unclosed quote that the next paragraph continues runs to its paragraph's
//! end). It is `full` when it stands as reported speech (it opens its sentence, or follows a colon
//! or a comma) and `partial` when a few quoted words sit inside the writer's own sentence. Partial
//! quotes of at most `scare_quote_max_words` words that no speech or naming verb ("called",
//! "described", `quote_cue_words.tsv`) governs, in a sentence that opens with no speaker, are scare
//! quotes and are dropped, as are partial quotes nobody is said to have spoken. Quoted text written as a title ("Gang of Eight", "Meet the
//! Press") names something and is no quote.
//!
//! The speaker comes from the attribution next to the quote ("..., Wang said"; "said spokesman Wang
//! Wenbin"; "..., Bill Frelick, refugee rights director at Human Rights Watch, said"; "Wang Yi
//! promised: ..."; "explained CBS moderator Nancy Cordes: ..."; "Bush: ..."; "According to the
//! newspaper, ..."; a "- Clinton." paragraph under a quote paragraph or "― Sonya Herridge" on its
//! line; a sentence ending with a colon before the quote paragraph, by its last clause's subject;
//! capitalized words the entity stage did not take for a name, "..., Tester said", kept as written
//! and linked to an earlier person of that name or surname); a partial quote's is the subject of the last speech or naming
//! verb before it in its sentence whose subject is near it ("Cruz said Rubio ran "a campaign of
//! empty promises"" is Cruz's), else the subject the sentence opens with ("And he's predicting that
//! Trump "has no chance"" is his), never merely the nearest name;
//! through a pronoun or a description ("he said", "the top
//! Russian diplomat stated": the latest person named outside quotes who fits; the writer's "I" and
//! "we" stay as written), from the first part
//! of an interrupted quote, or from the next paragraph for an unclosed multi-paragraph quote.

use super::entities::{EntityMention, EntityType};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::{Doc, Provenance, Span};
use serde::Deserialize;

/// `[extract.quotes]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct QuotesFile {
    pub scare_quote_max_words: usize,
}

/// Every rule id this extractor emits, with its meaning.
pub const RULES: &[crate::model::RuleDoc] = &[
    (
        "quote/full",
        "Quoted text that stands as reported speech: it opens its sentence or follows a colon or a comma.",
    ),
    (
        "quote/partial",
        "A few quoted words inside the writer's own sentence, kept when someone is said to have spoken them.",
    ),
];

/// Settings of the quotes extractor.
#[derive(Debug, Clone)]
pub struct QuotesConfig {
    verbs: Vec<String>,
    scare_quote_max_words: usize,
    /// Pronouns that can attribute a quote (`speaker_pronouns.txt`), matched as written.
    pronouns: Vec<String>,
    /// Role nouns of descriptions and the title fragments that fit them (`role_fits.tsv`).
    role_fits: Vec<(String, Vec<String>)>,
    /// "according to", "reported" (`quote_cue_words.tsv`).
    cues: QuoteCues,
    /// Capitalized words that are no name (`entity_stop_words.txt`): "The", "Monday".
    not_names: Vec<String>,
}

crate::lang::cue_words!(
    /// The cue words of `quote_cue_words.tsv`, one field per row (see the file for each one's use).
    QuoteCues from "quote_cue_words.tsv" {
        relay_phrases,
        relay_verbs,
        description_determiners,
        noun_determiners,
        signature_dashes,
        first_person,
        report_verbs,
        name_joiners,
        naming_verbs,
        title_minor_words,
    }
);

impl QuotesConfig {
    /// Validates the settings.
    ///
    /// # Errors
    /// An empty verb list, or a `role_fits.tsv` row that is not role and fragment.
    pub fn new(file: &QuotesFile, lang: &Lang) -> Result<Self> {
        let mut verbs = lang.words("speech_verbs.txt");
        if verbs.is_empty() {
            return Err(Error::Lang {
                path: lang.path_of("speech_verbs.txt"),
                message: "the list must not be empty".into(),
            });
        }
        let cues = QuoteCues::new(lang)?;
        verbs.extend(cues.report_verbs.iter().cloned());
        verbs.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut role_fits: Vec<(String, Vec<String>)> = Vec::new();
        let fits_file = "role_fits.tsv";
        for row in lang.rows(fits_file) {
            let cells = lang.cells(fits_file, row, 2)?;
            let fragments = match cells[1].as_str() {
                "@head_titles" => lang.words("head_titles.txt"),
                other if other.starts_with('@') => {
                    return Err(lang.error(
                        fits_file,
                        row,
                        format!("{other} names no list (only @head_titles is known)"),
                    ));
                }
                other => vec![other.to_string()],
            };
            let role = cells[0].to_lowercase();
            match role_fits.iter_mut().find(|(r, _)| *r == role) {
                Some((_, fits)) => fits.extend(fragments),
                None => role_fits.push((role, fragments)),
            }
        }
        Ok(QuotesConfig {
            verbs,
            scare_quote_max_words: file.scare_quote_max_words,
            pronouns: lang.words("speaker_pronouns.txt"),
            role_fits,
            cues,
            not_names: lang.words("entity_stop_words.txt"),
        })
    }
}

impl QuotesConfig {
    /// A word that may be part of a name the entity stage did not take: capitalized, letters (and
    /// "-", ".", "'") only, no stop word ("The", "Monday"; in capitals, "THE" as "The").
    fn name_like(&self, word: &str) -> bool {
        let title_case = |w: &str| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        };
        word.starts_with(|c: char| c.is_uppercase())
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
            && !self
                .not_names
                .iter()
                .any(|s| s == word || *s == title_case(word))
    }

    /// `text` after the signature dash it opens with ("― Sonya Herridge", "- Clinton.").
    fn after_signature_dash<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.cues
            .signature_dashes
            .iter()
            .find_map(|d| text.strip_prefix(d.as_str()))
    }

    /// Whether a speech-verb word at byte `at` of `text` follows a determiner, which makes it a
    /// noun ("one of the states suing", "his remarks").
    fn after_determiner(&self, text: &str, at: usize) -> bool {
        let previous = text[..at].split_whitespace().next_back().unwrap_or("");
        self.cues
            .noun_determiners
            .iter()
            .any(|d| d.eq_ignore_ascii_case(previous))
    }
}

/// `view[lo..hi]` without its edge whitespace, as a byte range.
fn trimmed(view: &str, lo: usize, hi: usize) -> (usize, usize) {
    let text = &view[lo..hi];
    let start = lo + (text.len() - text.trim_start().len());
    (start, start + text.trim().len())
}

/// The latest person named before `before`, outside quotes, whose name is `phrase` or, for one
/// word, ends with it ("Tester" for "Jon Tester").
fn person_named(
    mentions: &[EntityMention],
    phrase: &str,
    before: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let one_word = !phrase.contains(' ');
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.etype == EntityType::Person
                && m.end <= before
                && !inside_quote(m.start)
                && m.name.as_deref().is_some_and(|n| {
                    n == phrase || (one_word && n.rsplit(' ').next() == Some(phrase))
                })
        })
        .map(|(i, _)| i)
        .next_back()
}

/// How the speaker was named at the quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerRef {
    /// By name ("Wang said").
    Name,
    /// By a pronoun ("he said").
    Pronoun,
    /// By a description ("the top Russian diplomat stated").
    Description,
    /// Not named at this quote: the speaker of the quote it continues.
    Continuation,
}

impl SpeakerRef {
    /// The value written to the `speaker_ref` column.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerRef::Name => "name",
            SpeakerRef::Pronoun => "pronoun",
            SpeakerRef::Description => "description",
            SpeakerRef::Continuation => "continuation",
        }
    }
}

/// One direct quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Stable id: `<doc_id>-q<n>`.
    pub quote_id: String,
    /// The quoted words (without the quotation marks).
    pub prov: Provenance,
    /// `full` or `partial`.
    pub kind: &'static str,
    /// Words in the quote.
    pub words: usize,
    /// Speaker's canonical name.
    pub speaker: Option<String>,
    /// Speaker's entity id.
    pub speaker_entity_id: Option<String>,
    /// PERSON or ORG.
    pub speaker_type: Option<EntityType>,
    /// What the article calls the speaker at this quote, and where.
    pub speaker_mention: Option<Span>,
    /// How the speaker is referred to.
    pub speaker_ref: Option<SpeakerRef>,
    /// The speech verb ("said", "told", "according to").
    pub cue: Option<String>,
    /// The medium the quote was relayed through ("according to the RIA Novosti news agency").
    pub relayed_via: Option<String>,
    /// Its entity id.
    pub relayed_via_entity_id: Option<String>,
    /// The quote this one continues (an interrupted quote or a quote over several paragraphs).
    pub continues_quote_id: Option<String>,
}

/// A quoted stretch before attribution: byte ranges of the view.
#[derive(Debug, Clone, Copy)]
struct Span0 {
    open: usize,
    inner_start: usize,
    inner_end: usize,
    close: usize,
    paragraph_end: usize,
    unclosed: bool,
}

struct Speaker {
    mention: Option<usize>,
    name_span: (usize, usize),
    reference: SpeakerRef,
    cue: Option<String>,
    verb_end: usize,
}

impl Speaker {
    /// A speaker no entity mention stands for (a pronoun, a description, a name the entity stage
    /// did not take): `name_span` is the speaker as written.
    fn as_written(
        name_span: (usize, usize),
        reference: SpeakerRef,
        cue: Option<String>,
        verb_end: usize,
    ) -> Speaker {
        Speaker {
            mention: None,
            name_span,
            reference,
            cue,
            verb_end,
        }
    }

    /// The speaker named by entity mention `i` (`m`), with the verb that attributes the quote.
    fn named(i: usize, m: &EntityMention, cue: Option<String>, verb_end: usize) -> Speaker {
        Speaker {
            mention: Some(i),
            name_span: (m.start, m.end),
            reference: SpeakerRef::Name,
            cue,
            verb_end,
        }
    }
}

/// Paragraphs as byte ranges of the view.
fn paragraphs(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize, u32)> = Vec::new();
    for s in &doc.sentences {
        match out.last_mut() {
            Some(last) if last.2 == s.paragraph => last.1 = s.end,
            _ => out.push((s.start, s.end, s.paragraph)),
        }
    }
    out.into_iter().map(|(s, e, _)| (s, e)).collect()
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The quoted stretches of one paragraph.
fn quoted_spans(view: &str, (ps, pe): (usize, usize), next_opens_quote: bool) -> Vec<Span0> {
    let text = &view[ps..pe];
    let mut out = Vec::new();
    let marks: Vec<usize> = text.match_indices('"').map(|(i, _)| ps + i).collect();
    let mut k = 0;
    while k + 1 < marks.len() {
        out.push(Span0 {
            open: marks[k],
            inner_start: marks[k] + 1,
            inner_end: marks[k + 1],
            close: marks[k + 1] + 1,
            paragraph_end: pe,
            unclosed: false,
        });
        k += 2;
    }
    if k < marks.len() && next_opens_quote {
        out.push(Span0 {
            open: marks[k],
            inner_start: marks[k] + 1,
            inner_end: pe,
            close: pe,
            paragraph_end: pe,
            unclosed: true,
        });
    }
    // Single quotes: an opening mark at a word start, a closing mark at a word end, both outside the
    // double-quoted stretches (an apostrophe inside a word is neither).
    let mut open: Option<usize> = None;
    for (i, _) in text.match_indices('\'') {
        let at = ps + i;
        let before = view[..at].chars().next_back();
        let after = view[at + 1..].chars().next();
        let inside_double = out.iter().any(|s| s.open < at && at < s.close);
        if inside_double {
            continue;
        }
        if !is_word_char(before) && is_word_char(after) {
            open.get_or_insert(at);
        } else if let Some(o) = open
            && (is_word_char(before) || matches!(before, Some('.' | ',' | '!' | '?')))
            && !is_word_char(after)
            && !view[at + 1..].starts_with("s ")
        {
            // "parties' legitimate": a plural possessive is only a closing mark when it ends the
            // quoted words before punctuation or a speech verb follows; require a later space.
            out.push(Span0 {
                open: o,
                inner_start: o + 1,
                inner_end: at,
                close: at + 1,
                paragraph_end: pe,
                unclosed: false,
            });
            open = None;
        }
    }
    out.sort_by_key(|s| s.open);
    out
}

/// Number of words (`Doc::tokens`, the "s" of "it's" not counted) wholly inside the view's byte
/// range `lo..hi`.
fn words_in(doc: &Doc, lo: usize, hi: usize) -> usize {
    crate::text::tokens::within(&doc.tokens, lo, hi)
        .iter()
        .filter(|t| !t.is_clitic_s(&doc.view))
        .count()
}

/// Whether quoted text is written as a title: two or more words, all capitalized but the minor
/// ones, in a paragraph that is not all capitals.
fn in_title_case(cfg: &QuotesConfig, quoted: &str, view: &str, open: usize) -> bool {
    let words: Vec<&str> = quoted
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() < 2 || words.len() > 12 {
        return false;
    }
    let line_start = view[..open].rfind('\n').map_or(0, |i| i + 1);
    let line_end = view[open..].find('\n').map_or(view.len(), |i| open + i);
    if !view[line_start..line_end].chars().any(char::is_lowercase) {
        return false;
    }
    let capitalized = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    let minor = |w: &str| {
        cfg.cues
            .title_minor_words
            .iter()
            .any(|m| m.eq_ignore_ascii_case(w))
    };
    words.iter().filter(|w| capitalized(w)).count() >= 2
        && words.iter().all(|w| capitalized(w) || minor(w))
}

/// Every whole-word occurrence of `words` in `window`, as (start, end, word).
fn whole_words<'a>(
    window: &str,
    words: impl Iterator<Item = &'a str>,
) -> Vec<(usize, usize, &'a str)> {
    let mut found = Vec::new();
    for v in words {
        for (i, _) in window.match_indices(v) {
            let before = window[..i].chars().next_back();
            let after = window[i + v.len()..].chars().next();
            if !is_word_char(before) && !is_word_char(after) {
                found.push((i, i + v.len(), v));
            }
        }
    }
    found
}

/// Finds the first speech verb (or "according to") in `window`, as (start, end, verb).
/// A verb right after a determiner is a noun ("one of the states suing", "his remarks").
fn find_verb<'a>(cfg: &'a QuotesConfig, window: &str) -> Option<(usize, usize, &'a str)> {
    let verbs = cfg.verbs.iter().chain(&cfg.cues.relay_phrases);
    whole_words(window, verbs.map(String::as_str))
        .into_iter()
        .filter(|&(start, _, _)| !cfg.after_determiner(window, start))
        .min_by_key(|&(start, _, _)| start)
}

/// Finds the direct quotes of one document and their speakers.
pub fn extract(doc: &Doc, mentions: &[EntityMention], cfg: &QuotesConfig) -> Vec<Quote> {
    let view = doc.view.as_str();
    if !view.contains('"') && !view.contains('\'') {
        return Vec::new();
    }
    let paras = paragraphs(doc);
    let mut spans = Vec::new();
    for (i, &p) in paras.iter().enumerate() {
        let next_opens = paras
            .get(i + 1)
            .is_some_and(|&(s, e)| view[s..e].trim_start().starts_with('"'));
        spans.extend(quoted_spans(view, p, next_opens));
    }
    let inside_quote = |pos: usize| {
        spans
            .iter()
            .any(|s| s.inner_start <= pos && pos < s.inner_end)
    };
    // Titles and countries known per entity in this article, for descriptions.
    let mut roles: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let registry = crate::extract::entities::registry::Registry::shared();
    for m in mentions {
        let Some(id) = &m.entity_id else { continue };
        let role = m.registry.and_then(|i| registry.entries[i].role.as_deref());
        for t in m.title.as_deref().into_iter().chain(role) {
            roles
                .entry(id)
                .or_default()
                .push_str(&format!("{} ", t.to_lowercase()));
        }
    }
    let mut quotes: Vec<Quote> = Vec::new();
    let mut kept_spans: Vec<Span0> = Vec::new();
    for span in &spans {
        let inner = &view[span.inner_start..span.inner_end];
        let trimmed_end = span.inner_start + inner.trim_end_matches([',', ' ']).len();
        let inner_start = span.inner_start + (inner.len() - inner.trim_start().len());
        if trimmed_end <= inner_start {
            continue;
        }
        let words = words_in(doc, inner_start, trimmed_end);
        if in_title_case(cfg, &view[inner_start..trimmed_end], view, span.open) {
            continue;
        }
        let para_start = paras
            .iter()
            .rev()
            .find(|p| p.0 <= span.open)
            .map_or(0, |p| p.0);
        let before = view[para_start..span.open].trim_end();
        let opens_sentence =
            before.is_empty() || before.ends_with(['.', '!', '?', ':', ',', '-', ';']);
        let full = opens_sentence && words >= 3;
        let sentence_start = doc.sentences[doc.sentence_of(span.open) as usize]
            .start
            .max(para_start);
        let after_end = {
            let s = doc.sentence_of(span.close.min(view.len().saturating_sub(1))) as usize;
            let mut e = doc.sentences[s].end.min(span.paragraph_end);
            // ""What kind of people do I have here?" Trump asked.": a quote that ends its own
            // sentence is attributed by the next one when it begins right at the closing mark.
            if e <= span.close + 1
                && let Some(next) = doc.sentences.get(s + 1)
                && next.start <= span.close + 2
            {
                e = next.end.min(span.paragraph_end);
            }
            if let Some(next) = spans.iter().find(|o| o.open >= span.close) {
                e = e.min(next.open);
            }
            e.max(span.close)
        };
        let mut speaker =
            attribution_after(doc, mentions, cfg, span.close, after_end, &inside_quote).or_else(
                || attribution_before(doc, mentions, cfg, sentence_start, span.open, &inside_quote),
            );
        if !full {
            let introduced_by_verb = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| cfg.verbs.iter().any(|v| v == w));
            // "Trump said Bush is "a total stiff"", "Bush called Trump "unhinged"": the subject of
            // the speech or naming verb before the quote, not the nearest name.
            let subject =
                verb_subject_before(doc, mentions, cfg, sentence_start, span.open, &inside_quote);
            if words <= cfg.scare_quote_max_words {
                // A word or two is only a quote when its speaker says it: "Wang Wenbin noted
                // "positive signals"" (the speaker right before the verb), not "China said
                // "cooperation" has no "ceiling"".
                // ""excesses" are sickening, Hollande said": the attribution after the words comes
                // before the subject the sentence opens with.
                let attributed = speaker.take();
                speaker = if introduced_by_verb {
                    subject_before(doc, mentions, sentence_start, span.open, &inside_quote)
                } else {
                    None
                }
                .or(subject)
                .or(attributed)
                .or_else(|| {
                    sentence_subject(doc, mentions, cfg, sentence_start, span.open, &inside_quote)
                });
                if speaker.is_none() {
                    continue;
                }
            } else if subject.is_some() {
                speaker = subject;
            }
            if speaker.is_none() {
                // A verb the lists lack ("And he's predicting that Trump "has no chance""): the
                // sentence's subject. Not the nearest person, who is most often the one the words
                // are about (taking them lowered PolNeAR train's speaker F1 by 0.011).
                speaker =
                    sentence_subject(doc, mentions, cfg, sentence_start, span.open, &inside_quote);
            }
            if speaker.is_none() {
                continue;
            }
        }
        // A quote paragraph right after a paragraph that ends with an attributed quote (""...,"
        // Simon Rosenberg told the New Yorker. / "He has characterized ..."") goes on with that
        // speaker: `link_continuations` copies it.
        let goes_on = full
            && speaker.is_none()
            && before.is_empty()
            && kept_spans
                .last()
                .is_some_and(|prev| continues_across_paragraph(doc, cfg, &paras, prev, span))
            && quotes.last().is_some_and(|q| q.speaker.is_some());
        if full && speaker.is_none() && !goes_on {
            let line_end = spans
                .iter()
                .find(|o| o.open >= span.close)
                .map_or(span.paragraph_end, |o| o.open.min(span.paragraph_end));
            speaker = signed_beside(doc, cfg, mentions, span.close, line_end, &inside_quote)
                .or_else(|| {
                    signed_below(
                        doc,
                        cfg,
                        mentions,
                        &paras,
                        span.paragraph_end,
                        &inside_quote,
                    )
                })
                .or_else(|| {
                    previous_sentence_speaker(doc, mentions, cfg, span.open, &inside_quote)
                });
        }
        let speaker = speaker.map(|mut sp| {
            if sp.mention.is_none() {
                // A pronoun refers back from where it stands: "He said his attacks on Trump ...
                // "party of Reagan"" is not Trump's.
                let before = span.open.min(sp.name_span.0);
                sp.mention =
                    resolve_reference(cfg, view, mentions, &roles, &sp, before, &inside_quote);
            }
            sp
        });
        let n = quotes.len();
        let (relayed_via, relayed_id) = speaker
            .as_ref()
            .and_then(|sp| {
                relayed_source(cfg, view, mentions, sp.verb_end, after_end.max(sp.verb_end))
            })
            .map_or((None, None), |m| (m.name.clone(), m.entity_id.clone()));
        let m = speaker
            .as_ref()
            .and_then(|sp| sp.mention)
            .map(|i| &mentions[i]);
        quotes.push(Quote {
            quote_id: format!("{}-q{n}", doc.id),
            prov: doc.provenance(
                inner_start,
                trimmed_end,
                if full { "quote/full" } else { "quote/partial" },
                if full { 0.9 } else { 0.6 },
            ),
            kind: if full { "full" } else { "partial" },
            words,
            speaker: m.and_then(|m| m.name.clone()),
            speaker_entity_id: m.and_then(|m| m.entity_id.clone()),
            speaker_type: m.map(|m| m.etype),
            speaker_mention: speaker
                .as_ref()
                .map(|sp| doc.span(sp.name_span.0, sp.name_span.1)),
            speaker_ref: speaker.as_ref().map(|sp| sp.reference),
            cue: speaker.as_ref().and_then(|sp| sp.cue.clone()),
            relayed_via,
            relayed_via_entity_id: relayed_id,
            continues_quote_id: None,
        });
        kept_spans.push(*span);
    }
    link_continuations(doc, cfg, &paras, &mut quotes, &kept_spans);
    quotes
}

/// The subject of the last speech or naming verb between `sentence_start` and `open`: the person,
/// organization, pronoun or description of its clause before it ("Jeb Bush on Monday called", "He
/// called"), at most eight words; or, for a verb right after a comma, the sentence's first person
/// or organization.
fn verb_subject_before(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let window = &view[sentence_start..open];
    let verbs = cfg.verbs.iter().chain(&cfg.cues.naming_verbs);
    let mut found: Vec<(usize, usize)> = whole_words(window, verbs.map(String::as_str))
        .into_iter()
        .filter(|&(start, _, _)| !inside_quote(sentence_start + start))
        .map(|(start, end, _)| (sentence_start + start, sentence_start + end))
        .collect();
    found.sort_unstable();
    // The last verb whose subject is near enough to read: in "He said his attacks on Trump have
    // given him momentum and said that Trump did not represent the "party of Reagan"" the second
    // "said" has no subject of its own, the first has "He".
    found.into_iter().rev().find_map(|(verb_start, verb_end)| {
        subject_of_verb(
            doc,
            mentions,
            cfg,
            sentence_start,
            verb_start,
            verb_end,
            inside_quote,
        )
    })
}

/// The subject of the speech or naming verb at `verb_start..verb_end`: the person, organization,
/// pronoun or description of its clause before it, at most eight words; or, for a verb right after a
/// comma, the sentence's first person or organization.
fn subject_of_verb(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    sentence_start: usize,
    verb_start: usize,
    verb_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    // The verb's clause: from the last comma or semicolon before it.
    let clause_start = view[sentence_start..verb_start]
        .rfind([',', ';'])
        .map_or(sentence_start, |i| sentence_start + i + 1);
    if words_in(doc, clause_start, verb_start) > 8 {
        return None;
    }
    let verb = &view[verb_start..verb_end];
    if words_in(doc, clause_start, verb_start) > 0 {
        return speaker_phrase(
            cfg,
            doc,
            mentions,
            clause_start,
            verb_start,
            verb,
            verb_end,
            inside_quote,
        );
    }
    // Right after a comma the verb's subject is the sentence's: "Trump went after Bush, calling him
    // ...", "Dean Johnson, a salesman from Sumter, says ...": its first person or organization.
    let (i, m) = first_speaker_in(mentions, sentence_start, verb_start, inside_quote)?;
    Some(Speaker::named(i, m, Some(verb.to_string()), verb_end))
}

/// A quote with no attribution of its own that opens the sentence right after someone's speech
/// ("Cruz said the questions were unfair.\n"The questions asked in this debate ..."", the next
/// paragraph or the same one): the subject of the last speech verb of that sentence, outside quotes.
fn previous_sentence_speaker(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let here = doc.sentence_of(open) as usize;
    let previous = doc.sentences.get(here.checked_sub(1)?)?;
    if doc.sentences[here].paragraph > previous.paragraph + 1 {
        return None;
    }
    verb_subject_before(
        doc,
        mentions,
        cfg,
        previous.start,
        previous.end,
        inside_quote,
    )
    .or_else(|| {
        // "When Wallace died, President Clinton released the following statement:" / ""...": a
        // sentence that ends with a colon introduces the quote; its last clause's subject speaks.
        let view = doc.view.as_str();
        let colon = previous.start
            + view[previous.start..previous.end]
                .trim_end()
                .strip_suffix(':')?
                .len();
        let clause_start = view[previous.start..colon]
            .rfind([',', ';'])
            .map_or(previous.start, |i| previous.start + i + 1);
        let (clause_start, _) = trimmed(view, clause_start, colon);
        sentence_subject(doc, mentions, cfg, clause_start, colon, inside_quote)
    })
}

/// The subject a sentence opens with, before `open`: a person or organization among its first three
/// words ("But Trump ...", "Sen. Ted Cruz ..."), else a speaker pronoun as its first or second word
/// ("And he ...").
fn sentence_subject(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let named = mentions.iter().enumerate().find(|(_, m)| {
        m.start >= sentence_start
            && m.end <= open
            && matches!(m.etype, EntityType::Person | EntityType::Org)
            && !inside_quote(m.start)
            && words_in(doc, sentence_start, m.start) < 3
    });
    if let Some((i, m)) = named {
        return Some(Speaker::named(i, m, None, open));
    }
    let mut offset = sentence_start;
    for word in view[sentence_start..open].split(' ').take(2) {
        let start = offset;
        offset += word.len() + 1;
        // The writer's "we" opening a sentence keeps no scare quote ("We reject this "reform"").
        if cfg.pronouns.iter().any(|p| p.eq_ignore_ascii_case(word))
            && !cfg.cues.first_person.iter().any(|p| p == word)
        {
            return Some(Speaker::as_written(
                (start, start + word.len()),
                SpeakerRef::Pronoun,
                None,
                open,
            ));
        }
    }
    None
}

/// The person or organization right before the speech verb that ends just before `open`.
fn subject_before(
    doc: &Doc,
    mentions: &[EntityMention],
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let before = view[sentence_start..open].trim_end();
    let verb_start = sentence_start + before.rfind(' ').map_or(0, |i| i + 1);
    let verb_end = sentence_start + before.len();
    let (i, m) = mentions.iter().enumerate().rfind(|(_, m)| {
        m.start >= sentence_start && m.end <= verb_start && !inside_quote(m.start)
    })?;
    let gap = &view[m.end..verb_start];
    if !matches!(m.etype, EntityType::Person | EntityType::Org)
        || gap.contains(',')
        || words_in(doc, m.end, verb_start) > 2
    {
        return None;
    }
    Some(Speaker::named(
        i,
        m,
        Some(view[verb_start..verb_end].to_string()),
        verb_end,
    ))
}

/// The first person or organization named in view bytes `[lo, hi)`, outside quotes.
fn first_speaker_in<'m>(
    mentions: &'m [EntityMention],
    lo: usize,
    hi: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<(usize, &'m EntityMention)> {
    mentions.iter().enumerate().find(|(_, m)| {
        m.start >= lo
            && m.end <= hi
            && matches!(m.etype, EntityType::Person | EntityType::Org)
            && !inside_quote(m.start)
    })
}

/// The first person named in view bytes `[lo, hi)` outside quotes, else the first organization: a
/// person over the organization in his title ("CBS moderator Nancy Cordes").
fn person_else_org_in<'m>(
    mentions: &'m [EntityMention],
    lo: usize,
    hi: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<(usize, &'m EntityMention)> {
    let within = |m: &EntityMention| m.start >= lo && m.end <= hi && !inside_quote(m.start);
    mentions
        .iter()
        .enumerate()
        .find(|(_, m)| within(m) && m.etype == EntityType::Person)
        .or_else(|| {
            mentions
                .iter()
                .enumerate()
                .find(|(_, m)| within(m) && m.etype == EntityType::Org)
        })
}

/// "..., Wang said" / "..." said spokesman Wang Wenbin / "...," he added.
fn attribution_after(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    from: usize,
    to: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let window = &view[from..to];
    let (vs, ve, verb) = find_verb(cfg, window)?;
    let lead = &window[..vs];
    // "...," Bill Frelick, refugee rights program director at Human Rights Watch, said: a name
    // with an appositive between commas before the verb (not "a Clinton supporter" inside it).
    let appositive = appositive_speaker(
        doc,
        mentions,
        from,
        from + vs,
        verb,
        from + ve,
        inside_quote,
    );
    if appositive.is_some() || words_in(doc, from, from + vs) > 6 {
        return appositive;
    }
    let (vs, ve) = (from + vs, from + ve);
    let lead_start = from + (lead.len() - lead.trim_start_matches([',', ' ', '.']).len());
    if view[lead_start..vs].trim().is_empty() {
        // Verb first: the speaker follows the verb, up to the next comma.
        let rest_end = view[ve..to].find([',', '.', ';']).map_or(to, |i| ve + i);
        let m = person_else_org_in(mentions, ve, rest_end, inside_quote);
        let (name_span, mention) = match m {
            Some((i, m)) => ((m.start, m.end), Some(i)),
            None => {
                let (s, e) = trimmed(view, ve, rest_end);
                if s == e {
                    return None;
                }
                ((s, e), None)
            }
        };
        let reference = if mention.is_some() {
            SpeakerRef::Name
        } else {
            SpeakerRef::Description
        };
        return Some(Speaker {
            mention,
            name_span,
            reference,
            cue: Some(verb.to_string()),
            verb_end: ve,
        });
    }
    speaker_phrase(cfg, doc, mentions, lead_start, vs, verb, ve, inside_quote).or_else(|| {
        // A place the entity stage knows ("Russia insisted") is not taken for a person.
        if mentions.iter().any(|m| m.start < vs && m.end > lead_start) {
            return None;
        }
        unrecognized_name(cfg, view, mentions, lead_start, vs, verb, ve, inside_quote)
    })
}

/// ""...," Tester said": between a closing quote and its verb, one to three capitalized words that
/// the entity stage did not take for a name (a surname alone, a name it does not know): the speaker
/// as written. One word that opens a sentence must be the surname of a person named before
/// ("Officials said" after a quote that ends its sentence is nobody's name); `resolve_reference`
/// links it.
#[allow(clippy::too_many_arguments)]
fn unrecognized_name(
    cfg: &QuotesConfig,
    view: &str,
    mentions: &[EntityMention],
    start: usize,
    verb_start: usize,
    verb: &str,
    verb_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    const MAX_WORDS: usize = 3;
    let (s, e) = trimmed(view, start, verb_start);
    let phrase = &view[s..e];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_WORDS || !words.iter().all(|w| cfg.name_like(w)) {
        return None;
    }
    let opens_sentence = view[..s]
        .trim_end_matches(|c: char| c.is_whitespace() || c == '"')
        .ends_with(['.', '!', '?']);
    if opens_sentence
        && words.len() == 1
        && person_named(mentions, phrase, s, inside_quote).is_none()
    {
        return None;
    }
    Some(Speaker::as_written(
        (s, e),
        SpeakerRef::Name,
        Some(verb.to_string()),
        verb_end,
    ))
}

/// "Melanne Verveer, who served as Clinton's chief of staff, told CBS News": the person or
/// organization that opens `view[start..verb_start]`, when a comma follows it and the stretch ends
/// with the comma that closes its appositive.
fn appositive_speaker(
    doc: &Doc,
    mentions: &[EntityMention],
    start: usize,
    verb_start: usize,
    verb: &str,
    verb_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    // Long enough for "Ron Weiser, who was a national co-chair for Sen. John McCain's 2008
    // presidential campaign and is one of the new Trump Victory vice chairs," (25 words).
    const MAX_WORDS: usize = 30;
    let view = doc.view.as_str();
    let lead = view[start..verb_start].trim_start_matches([',', ' ', '.']);
    let lead_start = verb_start - lead.len();
    // One sentence ("J. Gerald Hebert, executive director of ..., said"), with no quote inside.
    let one_sentence = doc.sentence_of(lead_start) == doc.sentence_of(verb_start);
    if !lead.trim_end().ends_with(',')
        || !one_sentence
        || lead.contains([';', '"', '\u{201c}', '\u{201d}'])
        || words_in(doc, lead_start, verb_start) > MAX_WORDS
    {
        return None;
    }
    let (i, m) = first_speaker_in(mentions, lead_start, verb_start, inside_quote)?;
    // The name opens the stretch (its title may stand before it) and a comma follows it.
    let before = &view[lead_start..m.start];
    let titled = before
        .split_whitespace()
        .all(|w| w.starts_with(|c: char| c.is_uppercase()));
    // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": a parenthesis may follow the name.
    let after_name = view[m.end..].trim_start();
    const PARENTHESIS_BYTES: usize = 40;
    let after_name = match after_name.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((inside, rest)) if inside.len() <= PARENTHESIS_BYTES && !inside.contains('\n') => {
            rest.trim_start()
        }
        _ => after_name,
    };
    if !titled || !after_name.starts_with(',') {
        return None;
    }
    Some(Speaker::named(i, m, Some(verb.to_string()), verb_end))
}

/// "In other words, explained CBS moderator Nancy Cordes: "..."", "Said Dorothy Poynter, ...: "..."":
/// the person or organization right after a speech verb that stands before the quote.
fn named_after_verb(
    doc: &Doc,
    mentions: &[EntityMention],
    verb: &str,
    verb_end: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let (i, m) = person_else_org_in(mentions, verb_end, open, inside_quote)?;
    // Only a title between the verb and the name ("CBS moderator", "Sen.").
    let between = &view[verb_end..m.start];
    const TITLE_WORDS: usize = 4;
    let titled =
        between.split_whitespace().count() <= TITLE_WORDS && !between.contains([',', ';', ':']);
    titled.then(|| Speaker::named(i, m, Some(verb.to_string()), verb_end))
}

/// The speaker named in `view[start..verb_start]` (a name, a pronoun or a description).
#[allow(clippy::too_many_arguments)]
fn speaker_phrase(
    cfg: &QuotesConfig,
    doc: &Doc,
    mentions: &[EntityMention],
    start: usize,
    verb_start: usize,
    verb: &str,
    verb_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let phrase = view[start..verb_start].trim();
    if phrase.is_empty() {
        return None;
    }
    let m = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.start >= start
                && m.end <= verb_start
                && matches!(m.etype, EntityType::Person | EntityType::Org)
                && !inside_quote(m.start)
        })
        .max_by_key(|(_, m)| (m.etype == EntityType::Person, m.start));
    if let Some((i, m)) = m {
        // "Of the scrutiny over Melania Trump, he said": a pronoun after the last name, in the
        // verb's own clause, is the subject.
        let tail = &view[m.end..verb_start];
        let clause_start = tail.rfind([',', ';']).map_or(m.end, |c| m.end + c + 1);
        if let Some((at, word)) = view[clause_start..verb_start]
            .split_whitespace()
            .next()
            .filter(|w| cfg.pronouns.iter().any(|p| p == w))
            .and_then(|w| {
                view[clause_start..verb_start]
                    .find(w)
                    .map(|at| (clause_start + at, w))
            })
            && clause_start > m.end
        {
            return Some(Speaker::as_written(
                (at, at + word.len()),
                SpeakerRef::Pronoun,
                Some(verb.to_string()),
                verb_end,
            ));
        }
        return Some(Speaker::named(i, m, Some(verb.to_string()), verb_end));
    }
    let (s, _) = trimmed(view, start, verb_start);
    let last_word = phrase.rsplit(' ').next().unwrap_or("");
    let first_word = phrase.split(' ').next().unwrap_or("");
    let reference = if cfg.pronouns.iter().any(|p| p == phrase) {
        SpeakerRef::Pronoun
    } else if cfg
        .role_fits
        .iter()
        .any(|(r, _)| last_word.eq_ignore_ascii_case(r))
        && words_in(doc, start, verb_start) <= 5
    {
        SpeakerRef::Description
    } else if cfg
        .cues
        .description_determiners
        .iter()
        .any(|d| d.eq_ignore_ascii_case(first_word))
        && words_in(doc, start, verb_start) <= 4
        && !phrase.contains([',', ';', ':'])
    {
        // ""We need leaders to stand up to Donald Trump," the narrator says": a description of
        // someone the article does not name (left unresolved unless its role fits a person).
        SpeakerRef::Description
    } else {
        return None;
    };
    Some(Speaker::as_written(
        (s, s + phrase.len()),
        reference,
        Some(verb.to_string()),
        verb_end,
    ))
}

/// "Foreign Minister Wang Yi promised: "..."" and "He said, "..."": the last speech verb before the
/// quote in its sentence, with the speaker before it.
fn attribution_before(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let window = &view[sentence_start..open];
    let trimmed = window.trim_end();
    if !trimmed.ends_with([':', ',']) {
        return None;
    }
    let mut verb: Option<(usize, usize, &str)> = None;
    for v in cfg.verbs.iter().map(String::as_str) {
        if let Some(i) = trimmed.rfind(v) {
            let before = trimmed[..i].chars().next_back();
            let after = trimmed[i + v.len()..].chars().next();
            if !is_word_char(before)
                && !is_word_char(after)
                && !cfg.after_determiner(trimmed, i)
                && verb.is_none_or(|b| i > b.0)
            {
                verb = Some((i, i + v.len(), v));
            }
        }
    }
    let Some((vs, ve, v)) = verb else {
        if let Some(sp) =
            according_to_before(doc, mentions, cfg, sentence_start, open, inside_quote)
        {
            return Some(sp);
        }
        // "Bush: "The mission is to destroy ISIS"": a name alone before a colon; "Williamson
        // concludes: "..."", "Trump issued the following statement: "..."": a sentence that
        // introduces the quote with a colon, by its subject.
        return named_before_colon(doc, cfg, mentions, sentence_start, open, inside_quote).or_else(
            || {
                trimmed.ends_with(':').then(|| {
                    sentence_subject(doc, mentions, cfg, sentence_start, open, inside_quote)
                })?
            },
        );
    };
    // The speaker is the last person named before the verb in the sentence ("A Commission
    // spokeswoman, Ingrid Larsen, told Wire: ..."), else the one right after it ("Said Dorothy
    // Poynter, who grew up with Ali: ...").
    speaker_phrase(
        cfg,
        doc,
        mentions,
        sentence_start,
        sentence_start + vs,
        v,
        sentence_start + ve,
        inside_quote,
    )
    .or_else(|| named_after_verb(doc, mentions, v, sentence_start + ve, open, inside_quote))
}

/// "According to the newspaper, "..."": the source after a relay phrase that opens the quote's
/// sentence, up to the comma before the quote (a person or organization, else a description).
fn according_to_before(
    doc: &Doc,
    mentions: &[EntityMention],
    cfg: &QuotesConfig,
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    const MAX_WORDS: usize = 8;
    let view = doc.view.as_str();
    let window = view[sentence_start..open].trim_end().strip_suffix(',')?;
    let lower = window.to_ascii_lowercase();
    let lead = lower.len() - lower.trim_start().len();
    let phrase = cfg.cues.relay_phrases.iter().find(|p| {
        lower[lead..].starts_with(p.as_str())
            && !is_word_char(lower[lead + p.len()..].chars().next())
    })?;
    let source_start = sentence_start + lead + phrase.len();
    let source_end = sentence_start + window.len();
    if words_in(doc, source_start, source_end) > MAX_WORDS
        || view[source_start..source_end].contains([',', ';'])
    {
        return None;
    }
    if let Some((i, m)) = person_else_org_in(mentions, source_start, source_end, inside_quote) {
        return Some(Speaker::named(i, m, Some(phrase.clone()), source_end));
    }
    let (s, e) = trimmed(view, source_start, source_end);
    let first_word = view[s..e].split(' ').next().unwrap_or("");
    let described = cfg
        .cues
        .description_determiners
        .iter()
        .any(|d| d.eq_ignore_ascii_case(first_word));
    described.then(|| {
        Speaker::as_written(
            (s, e),
            SpeakerRef::Description,
            Some(phrase.clone()),
            source_end,
        )
    })
}

/// A quote paragraph signed by the next one, as fact checks print claims: ""I went to Wall Street
/// before the crash ..." / - Clinton.": a paragraph of a dash and one name.
fn signed_below(
    doc: &Doc,
    cfg: &QuotesConfig,
    mentions: &[EntityMention],
    paras: &[(usize, usize)],
    paragraph_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let &(ps, pe) = paras.iter().find(|p| p.0 >= paragraph_end)?;
    let text = view[ps..pe].trim();
    let name = cfg.after_signature_dash(text)?.trim();
    let name = name.strip_suffix('.').unwrap_or(name).trim_end();
    let (i, m) = first_speaker_in(mentions, ps, pe, inside_quote)?;
    // The paragraph is the name alone (a title may stand before it: "Democratic candidate").
    const TITLE_BYTES: usize = 40;
    let signed = view[m.start..m.end].len() + TITLE_BYTES >= name.len()
        && name.ends_with(&view[m.start..m.end]);
    signed.then(|| Speaker::named(i, m, None, m.end))
}

/// Readers' comments and epigraphs signed on the quote's line: ""..." ― Sonya Herridge": a dash
/// after the closing mark, then a name up to the end of the line (a known person or organization,
/// else capitalized words, the speaker as written).
fn signed_beside(
    doc: &Doc,
    cfg: &QuotesConfig,
    mentions: &[EntityMention],
    close: usize,
    line_end: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    const MAX_WORDS: usize = 5;
    let view = doc.view.as_str();
    let tail = &view[close..line_end.max(close)];
    let tail = tail.split('\n').next().unwrap_or("");
    let after_dash = cfg.after_signature_dash(tail.trim_start())?;
    let dash_end = close + (tail.len() - after_dash.len());
    let (start, end) = trimmed(view, dash_end, close + tail.len());
    let name = view[start..end]
        .strip_suffix('.')
        .unwrap_or(&view[start..end]);
    let end = start + name.len();
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_WORDS || !words.iter().all(|w| cfg.name_like(w)) {
        return None;
    }
    // A known name that is the whole signature; else the signature as written ("Maria Quintana
    // Reyes", where only a part was taken for a name).
    if let Some((i, m)) = first_speaker_in(mentions, start, end, inside_quote)
        .filter(|(_, m)| m.start == start && m.end == end)
    {
        return Some(Speaker::named(i, m, None, m.end));
    }
    Some(Speaker::as_written(
        (start, end),
        SpeakerRef::Name,
        None,
        end,
    ))
}

/// "Clinton: "Our goal is ..." Bush: "...": the quote's sentence is a person or organization (with
/// a title, or several joined by "and") and a colon.
fn named_before_colon(
    doc: &Doc,
    cfg: &QuotesConfig,
    mentions: &[EntityMention],
    sentence_start: usize,
    open: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<Speaker> {
    let view = doc.view.as_str();
    let lead = view[sentence_start..open].trim_end().strip_suffix(':')?;
    let (i, m) = first_speaker_in(
        mentions,
        sentence_start,
        sentence_start + lead.len(),
        inside_quote,
    )?;
    let rest_is_names = view[sentence_start..sentence_start + lead.len()]
        .split_whitespace()
        .all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || cfg.cues.name_joiners.iter().any(|j| j == w)
        });
    rest_is_names.then(|| Speaker::named(i, m, None, m.end))
}

/// The person a pronoun or a description stands for: the latest person named outside quotes
/// before the quote who fits the description's country and role.
fn resolve_reference(
    cfg: &QuotesConfig,
    view: &str,
    mentions: &[EntityMention],
    roles: &std::collections::HashMap<&str, String>,
    sp: &Speaker,
    before: usize,
    inside_quote: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let phrase = &view[sp.name_span.0..sp.name_span.1];
    let (country, fits): (Option<&str>, Option<&[String]>) = match sp.reference {
        SpeakerRef::Description => {
            let country = mentions
                .iter()
                .find(|m| m.start >= sp.name_span.0 && m.end <= sp.name_span.1)
                .and_then(|m| m.country.as_deref());
            let country = country.or_else(|| demonym_country(phrase));
            let last = phrase.rsplit(' ').next().unwrap_or("").to_lowercase();
            // A description whose role no title fits ("the narrator", "the memo") is nobody named.
            let fits = cfg
                .role_fits
                .iter()
                .find(|(r, _)| *r == last)
                .map(|(_, f)| f.as_slice())?;
            (country, Some(fits))
        }
        SpeakerRef::Pronoun if cfg.cues.first_person.iter().any(|p| p == phrase) => return None,
        // A name no entity was found for: the person of that name, or of that surname.
        SpeakerRef::Name => return person_named(mentions, phrase, before, inside_quote),
        _ => (None, None),
    };
    let country_owned = country.map(str::to_string);
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.etype == EntityType::Person
                && m.end <= before
                && m.entity_id.is_some()
                && !inside_quote(m.start)
        })
        .filter(|(_, m)| country_owned.is_none() || m.country == country_owned)
        .filter(|(_, m)| match fits {
            None => true,
            Some(words) => {
                let known = m
                    .entity_id
                    .as_deref()
                    .and_then(|id| roles.get(id))
                    .cloned()
                    .unwrap_or_default();
                let role = m.title.as_deref().unwrap_or("").to_lowercase();
                words.iter().any(|w| known.contains(w) || role.contains(w))
            }
        })
        .map(|(i, _)| i)
        .next_back()
}

/// A demonym in a description ("the top Russian diplomat") as an ISO code, from a short list of the
/// words the registry marks as demonyms.
fn demonym_country(phrase: &str) -> Option<&'static str> {
    let registry = crate::extract::entities::registry::Registry::shared();
    for w in phrase.split(' ') {
        if let Some(crate::extract::entities::registry::Hit::Demonym(i)) = registry.lookup(w) {
            return registry.entries[i].country.as_deref();
        }
    }
    None
}

/// The organization a quote was relayed through: "according to the RIA Novosti news agency",
/// ", Tass reported".
fn relayed_source<'m>(
    cfg: &QuotesConfig,
    view: &str,
    mentions: &'m [EntityMention],
    from: usize,
    to: usize,
) -> Option<&'m EntityMention> {
    let window = view.get(from..to)?;
    if let Some(i) = cfg
        .cues
        .relay_phrases
        .iter()
        .filter_map(|p| window.find(p.as_str()))
        .min()
    {
        let s = from + i;
        return mentions
            .iter()
            .find(|m| m.etype == EntityType::Org && m.start > s && m.end <= to);
    }
    for verb in &cfg.cues.relay_verbs {
        if let Some(i) = window.find(&format!(" {verb}")) {
            let e = from + i;
            return mentions
                .iter()
                .find(|m| m.etype == EntityType::Org && m.end == e && m.start > from);
        }
    }
    None
}

/// Whether `cur` opens the paragraph right after the one `prev` ends, and only an attribution (one
/// sentence with a speech verb) stands between them.
fn continues_across_paragraph(
    doc: &Doc,
    cfg: &QuotesConfig,
    paras: &[(usize, usize)],
    prev: &Span0,
    cur: &Span0,
) -> bool {
    let view = doc.view.as_str();
    let Some(k) = paras
        .iter()
        .position(|p| p.0 <= cur.open && cur.open < p.1.max(p.0 + 1))
    else {
        return false;
    };
    let previous_paragraph = k
        .checked_sub(1)
        .is_some_and(|j| paras[j].1 == prev.paragraph_end);
    let between = &view[prev.close.min(cur.open)..cur.open];
    previous_paragraph
        && doc.sentence_of(cur.open) <= doc.sentence_of(prev.close) + 1
        && words_in(doc, prev.close.min(cur.open), cur.open) <= ATTRIBUTION_WORDS
        && find_verb(cfg, between).is_some()
}

/// The longest attribution between two quotes of one speaker: one sentence with a long appositive
/// ("said Craig Dunn, a local GOP leader who is running ... in Cleveland." is 24 words).
const ATTRIBUTION_WORDS: usize = 40;

/// Interrupted quotes ("...," he said, "...") and quotes over several paragraphs share a speaker.
fn link_continuations(
    doc: &Doc,
    cfg: &QuotesConfig,
    paras: &[(usize, usize)],
    quotes: &mut [Quote],
    spans: &[Span0],
) {
    let view = doc.view.as_str();
    for k in 1..quotes.len() {
        let (prev, cur) = (spans[k - 1], spans[k]);
        let between = &view[prev.close.min(cur.open)..cur.open];
        let interrupted = !between.contains(['.', '\n', '!', '?'])
            && between.trim_end().ends_with(',')
            && find_verb(cfg, between).is_some();
        let carried = prev.unclosed;
        // "...," Moyo said. "It will cut blackouts ...": a quote with no attribution of its own right
        // after an attributed one in the same paragraph goes on with the same speaker.
        // The attribution between may hold a long appositive ("said Craig Dunn, a local GOP leader
        // who is running ... in Cleveland."), but no second sentence.
        let sentence_ends = doc.sentence_of(cur.open) > doc.sentence_of(prev.close) + 1;
        let same_paragraph = prev.paragraph_end == cur.paragraph_end
            && words_in(doc, prev.close.min(cur.open), cur.open) <= ATTRIBUTION_WORDS
            && !sentence_ends
            && find_verb(cfg, between).is_some();
        let follows = !interrupted
            && !carried
            && quotes[k].speaker.is_none()
            && quotes[k].speaker_mention.is_none()
            && (same_paragraph || continues_across_paragraph(doc, cfg, paras, &prev, &cur));
        let interrupted = interrupted || follows;
        if !(interrupted || carried) {
            continue;
        }
        if interrupted && quotes[k].speaker.is_some() && quotes[k].speaker != quotes[k - 1].speaker
        {
            continue;
        }
        let prev_id = quotes[k - 1].quote_id.clone();
        quotes[k].continues_quote_id = Some(prev_id);
        if interrupted && quotes[k].speaker.is_none() {
            let (a, b) = quotes.split_at_mut(k);
            copy_speaker(&a[k - 1], &mut b[0]);
            b[0].speaker_ref = Some(SpeakerRef::Continuation);
        }
        if carried && quotes[k - 1].speaker.is_none() {
            let (a, b) = quotes.split_at_mut(k);
            copy_speaker(&b[0], &mut a[k - 1]);
            a[k - 1].speaker_ref = Some(SpeakerRef::Continuation);
        }
    }
}

fn copy_speaker(from: &Quote, to: &mut Quote) {
    to.speaker.clone_from(&from.speaker);
    to.speaker_entity_id.clone_from(&from.speaker_entity_id);
    to.speaker_type = from.speaker_type;
    to.cue.clone_from(&from.cue);
    to.relayed_via.clone_from(&from.relayed_via);
    to.relayed_via_entity_id
        .clone_from(&from.relayed_via_entity_id);
}
