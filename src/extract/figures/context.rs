//! Links each figure to its sentence context: direction, metric, subject, period, and percentages to the
//! money figure they describe.

use regex::{Regex, RegexBuilder};

use super::{FigureCues, FiguresConfig};
use super::{FigureKind, FigureMention};
use crate::extract::dates;
use crate::lang::alternation;
use crate::model::{Doc, head, tail};
use crate::text::calendar::Calendar;

/// The subject after a metric, with the words of `figure_cue_words.tsv` (case-sensitive: the
/// subject is capitalized).
pub(super) fn subject_pattern(cues: &FigureCues) -> Regex {
    let any = |list: &[String]| alternation(list.iter().map(String::as_str));
    let name = r"[A-Z][\w.'-]*";
    Regex::new(&format!(
        r"^\s+({between}\s+{name}(?:\s+{name})*\s+(?:{and})\s+{name}(?:\s+{name})*|(?:{prepositions})\s+{name}(?:\s+(?:{name}|{and})\s*)*)",
        between = any(&cues.subject_between),
        and = any(&cues.subject_and),
        prepositions = any(&cues.subject_prepositions),
    ))
    .expect("the subject pattern is built from escaped words")
}

/// The period phrases a figure may carry, with the calendar's month words (capitalized: a lower-case
/// "may" or "march" is a verb).
pub(super) fn period_pattern(cues: &FigureCues, calendar: &Calendar) -> Regex {
    let any = |list: &[String]| alternation(list.iter().map(String::as_str));
    let month = &calendar.month_capitalized;
    RegexBuilder::new(&format!(
        r"(?-u:\b)(?:(?:{year_prepositions})\s+(?:(?:{article})\s+)?(?:(?:{year_kinds})\s+)?(?:1[89]\d\d|20\d\d)(?:/\d\d)?(?-u:\b)|(?:{for_})\s+(?:{article})\s+(?:{spans})\s+(?:{ended})\s+{month}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|(?:{prepositions})\s+(?:{article})\s+(?:{ordinals})\s+(?:{parts})(?:\s+(?:(?:{of})\s+)?\d{{4}})?|(?:{shifts})\s+(?:{units})(?-u:\b)|(?:{prepositions})\s+{month}(?:\s+\d{{4}})?(?-u:\b))",
        year_prepositions = any(&cues.period_year_prepositions),
        article = any(&cues.period_article),
        year_kinds = any(&cues.period_year_kinds),
        for_ = any(&cues.period_for),
        spans = any(&cues.period_spans),
        ended = any(&cues.period_ended),
        prepositions = any(&cues.period_prepositions),
        ordinals = any(&cues.period_ordinals),
        parts = any(&cues.period_parts),
        of = any(&cues.period_of),
        shifts = any(&cues.period_shifts),
        units = any(&cues.period_units),
    ))
    .build()
    .expect("the period pattern is built from escaped words")
}

fn words_before(text: &str, n: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut end = text.len();
    for (i, c) in text.char_indices().rev() {
        if !(c.is_alphanumeric() || c == '\'' || c == '-') {
            if end > i + c.len_utf8() {
                out.push((i + c.len_utf8(), &text[i + c.len_utf8()..end]));
                if out.len() >= n {
                    return out;
                }
            }
            end = i;
        }
    }
    if end > 0 {
        out.push((0, &text[..end]));
    }
    out
}

/// Fills the context fields of every figure of one document.
pub fn link(doc: &Doc, cfg: &FiguresConfig, figures: &mut [FigureMention]) {
    let text = doc.view.as_str();
    let anchor = dates::document_anchor(doc);
    let view_starts: Vec<(usize, usize)> = figures.iter().map(|f| view_range(doc, f)).collect();
    for (idx, f) in figures.iter_mut().enumerate() {
        let (start, end) = view_starts[idx];
        let sentence = doc.sentences[f.prov.sentence as usize];
        // Bounded windows keep the cost linear even for a megabyte-long "sentence".
        let before = tail(&text[sentence.start.min(start)..start], 240);
        // Direction: nearest cue word within eight words before the figure.
        let lower_before = before.to_ascii_lowercase();
        for (_, w) in words_before(&lower_before, 8) {
            if let Some(direction) = cfg.direction_of(w) {
                f.direction = Some(direction);
                break;
            }
        }
        // Metric: nearest configured metric word within twenty words before the figure.
        'metric: for (pos, w) in words_before(&lower_before, 20) {
            for metric in &cfg.metrics {
                let matches = if metric.contains(' ') {
                    lower_before[..pos + w.len()].ends_with(metric.as_str())
                } else {
                    w == metric
                };
                if matches {
                    f.metric = Some(metric.clone());
                    let after_metric = &before[pos + w.len()..];
                    if let Some(c) = cfg.subject.captures(after_metric) {
                        let s = c[1]
                            .trim()
                            .trim_end_matches(" and")
                            .trim_end_matches(" &")
                            .trim();
                        f.subject = Some(s.to_string());
                    }
                    break 'metric;
                }
            }
        }
        // Period: the nearest period phrase in the sentence, after the figure first.
        let offset = start - tail(&text[sentence.start.min(start)..start], 160).len();
        let sentence_text = &text[offset..end + head(&text[end..sentence.end.max(end)], 160).len()];
        let mut best: Option<(usize, &str)> = None;
        for m in cfg.period.find_iter(sentence_text) {
            let (ms, me) = (offset + m.start(), offset + m.end());
            let distance = if ms >= end {
                ms - end
            } else if me <= start {
                (start - me) + 1
            } else {
                continue;
            };
            if best.is_none_or(|b| distance < b.0) {
                best = Some((distance, m.as_str()));
            }
        }
        if let Some((_, p)) = best {
            f.period = Some(p.to_string());
            f.period_value = dates::interpret(p, anchor, &cfg.dates).and_then(|(_, i, _)| i.value);
        }
    }
    // A percentage that describes a money figure of the same sentence: nearest, after it first.
    let n = figures.len();
    for i in 0..n {
        if figures[i].kind != FigureKind::Percent {
            continue;
        }
        let sentence = figures[i].prov.sentence;
        let (ps, pe) = view_starts[i];
        let mut best: Option<(usize, usize)> = None;
        for j in i.saturating_sub(4)..(i + 5).min(n) {
            if figures[j].kind != FigureKind::Money || figures[j].prov.sentence != sentence {
                continue;
            }
            let (ms, me) = view_starts[j];
            let (gap_start, gap_end) = if ms >= pe { (pe, ms) } else { (me, ps) };
            let gap = &text[gap_start..gap_end.max(gap_start)];
            if gap.contains(';') || gap.split_whitespace().count() > 12 {
                continue;
            }
            let distance = gap.len() + if ms >= pe { 0 } else { 1 };
            if best.is_none_or(|b| distance < b.0) {
                best = Some((distance, j));
            }
        }
        if let Some((_, j)) = best
            && (figures[i].direction.is_some() || figures[i].metric.is_some())
        {
            figures[i].related_figure_id = Some(figures[j].figure_id.clone());
            figures[j].change_percent = Some(figures[i].value);
            if figures[j].direction.is_none() {
                figures[j].direction = figures[i].direction;
            }
        }
    }
}

fn view_range(doc: &Doc, f: &FigureMention) -> (usize, usize) {
    // Provenance holds text offsets; recover view bytes from chars.
    let (cs, ce) = (f.prov.span.char_start, f.prov.span.char_end);
    if doc.view_char_of_byte.is_empty() {
        return (cs, ce);
    }
    let to_byte = |c: usize| doc.view_char_of_byte.partition_point(|&x| (x as usize) < c);
    (to_byte(cs), to_byte(ce))
}
