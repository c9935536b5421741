//! `newsfacts eval OUTPUT GOLD`: scores an output folder against a gold file in the format of
//! `tests/data/seeds.gold.json` (values, not offsets). Reads the CSV mirror, as an analyst's script would.
//!
//! Matching: money by value (within 0.5%) and currency; percentages by value; dates by TIMEX3 value
//! (a predicted day-with-time matches a gold day). Gold `optional_*` items are neither required nor
//! penalized: a prediction that matches one (by value, or by overlapping text) is ignored. Article fields
//! (publication date, title, dateline place, author) are scored as accuracy over the gold documents.
//!
//! Entities: per article and type, the set of names in entity_mentions against the gold `persons`,
//! `organizations` and `locations`. A name matches a gold name when both fall in the same alias class
//! (case-insensitive) of `aliases.json` next to the gold file, merged with the gold's own `aliases`
//! object. Unresolved mentions (empty name) are not predictions. A predicted name in
//! `optional_entities` is ignored; one in `forbidden_entities` counts in the `forbidden` row.
//! Quotes: `full` quote rows, deduplicated by text, against gold `quotes` (a prediction matches when its
//! text starts with the gold `starts`, ignoring case, spacing and the kind of quotation marks); rows
//! matching `optional_quotes` are ignored. `quote_speakers` counts, over the gold quotes, those found
//! with the right speaker (tp), with a wrong one (fp), and those not found or without a speaker (fn).
//! Meetings: see `score_meetings` (participants, date and place must all agree).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Precision/recall counts for one category.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Correct predictions.
    pub tp: usize,
    /// Predictions not in the gold.
    pub fp: usize,
    /// Gold items missed.
    pub fn_: usize,
}

impl Score {
    /// tp / (tp + fp), 1 when nothing was predicted or expected.
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// tp / (tp + fn).
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    /// Harmonic mean.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Category → score, in print order.
    pub categories: Vec<(String, Score)>,
    /// Field → (right, total).
    pub fields: Vec<(String, usize, usize)>,
    /// Lines describing each miss and false positive.
    pub details: Vec<String>,
}

impl Report {
    /// Score of a category.
    pub fn score(&self, name: &str) -> Option<Score> {
        self.categories
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
    }
    /// (right, total) of an article field.
    pub fn field(&self, name: &str) -> Option<(usize, usize)> {
        self.fields
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, r, t)| (*r, *t))
    }
    /// Human-readable table.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{:<20} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}\n",
            "category", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for (name, s) in &self.categories {
            out.push_str(&format!(
                "{:<20} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}\n",
                name,
                s.tp,
                s.fp,
                s.fn_,
                s.precision(),
                s.recall(),
                s.f1()
            ));
        }
        out.push_str(&format!("\n{:<16} {:>9}\n", "article field", "right"));
        for (name, right, total) in &self.fields {
            out.push_str(&format!("{:<16} {:>5}/{:<3}\n", name, right, total));
        }
        out
    }
}

#[derive(Debug, Deserialize)]
struct Gold {
    documents: Vec<GoldDoc>,
}

/// A gold key that may be absent (not annotated) or null (annotated as empty).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    doc: String,
    #[serde(default, deserialize_with = "present")]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    published: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    dateline_place: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    author: Option<Option<String>>,
    money: Option<Vec<GoldMoney>>,
    percent: Option<Vec<GoldPercent>>,
    dates: Option<Vec<GoldDate>>,
    #[serde(default)]
    optional_dates: Vec<GoldDate>,
    #[serde(default)]
    figures: Vec<GoldFigure>,
    persons: Option<Vec<String>>,
    organizations: Option<Vec<String>>,
    locations: Option<Vec<String>>,
    #[serde(default)]
    optional_entities: Vec<String>,
    #[serde(default)]
    forbidden_entities: Vec<String>,
    quotes: Option<Vec<GoldQuote>>,
    #[serde(default)]
    optional_quotes: Vec<GoldQuote>,
    events: Option<Vec<GoldEvent>>,
}

#[derive(Debug, Deserialize)]
struct GoldEvent {
    kind: String,
    date: Option<String>,
    place: Option<String>,
    participants: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    speaker: Option<String>,
    starts: String,
}

/// Names that mean the same entity, as classes keyed by lower-cased name.
#[derive(Debug, Default)]
struct Aliases(HashMap<String, String>);

impl Aliases {
    fn load(gold_path: &Path, inline: Option<&serde_json::Value>) -> Result<Aliases> {
        let mut classes = HashMap::new();
        let mut add = |v: &serde_json::Value| {
            if let Some(map) = v.as_object() {
                for (canonical, others) in map {
                    let Some(list) = others.as_array() else {
                        continue;
                    };
                    let class = canonical.to_lowercase();
                    classes.insert(class.clone(), class.clone());
                    for o in list.iter().filter_map(|o| o.as_str()) {
                        classes.insert(o.to_lowercase(), class.clone());
                    }
                }
            }
        };
        let sibling = gold_path.with_file_name("aliases.json");
        if sibling.exists() {
            let text = std::fs::read_to_string(&sibling)
                .map_err(|e| Error::Eval(format!("cannot read {}: {e}", sibling.display())))?;
            let v: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Error::Eval(format!("{} is malformed: {e}", sibling.display())))?;
            add(&v);
        }
        if let Some(v) = inline {
            add(v);
        }
        Ok(Aliases(classes))
    }

    fn class(&self, name: &str) -> String {
        let lower = name.trim().to_lowercase();
        self.0.get(&lower).cloned().unwrap_or(lower)
    }
}

fn normalize_quote(s: &str) -> String {
    s.chars()
        .map(crate::text::fold_char)
        .filter(|c| !matches!(c, '"' | '\''))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug, Deserialize)]
struct GoldMoney {
    value: f64,
    currency: String,
}

#[derive(Debug, Deserialize)]
struct GoldPercent {
    value: f64,
}

#[derive(Debug, Deserialize, Clone)]
struct GoldDate {
    text: Option<String>,
    value: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldFigure {
    metric: Option<String>,
    #[serde(default)]
    subject: Vec<String>,
    period: Option<String>,
    value: f64,
    unit: String,
    change_percent: Option<f64>,
}

type Row = HashMap<String, String>;

/// A cell of a CSV row.
///
/// # Panics
/// When the row has no such column: `read_table` checked the header against the table's spec, so
/// the name is not a column of the table (a bug here), and it must not read as an empty cell.
fn get(r: &Row, k: &str) -> String {
    r.get(k)
        .cloned()
        .unwrap_or_else(|| panic!("eval reads column {k:?}, which its table does not have"))
}

fn read_csv(path: &Path) -> Result<Vec<Row>> {
    let mut r = csv::Reader::from_path(path)
        .map_err(|e| Error::Eval(format!("cannot read {}: {e}", path.display())))?;
    let headers = r
        .headers()
        .map_err(|e| Error::Eval(format!("{}: {e}", path.display())))?
        .clone();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::Eval(format!("{}: {e}", path.display())))?;
        rows.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

/// Every row of a table's CSV mirror (all its partition files, in path order).
fn read_table(snapshot: &Path, table: &str) -> Result<Vec<Row>> {
    let dir = snapshot.join("csv").join(table);
    if !dir.is_dir() {
        return Err(Error::Eval(format!(
            "cannot read {}: no CSV mirror (output.csv = false?)",
            dir.display()
        )));
    }
    let spec = crate::tables::spec::ALL
        .iter()
        .find(|t| t.name == table)
        .unwrap_or_else(|| panic!("eval reads {table:?}, which is not a table"));
    let mut rows = Vec::new();
    for f in crate::sinks::layout::files_under(&dir) {
        if f.extension().is_some_and(|x| x == "csv") {
            let part = read_csv(&f)?;
            if let Some(row) = part.first()
                && let Some(missing) = spec.columns.iter().find(|c| !row.contains_key(c.name))
            {
                return Err(Error::Eval(format!(
                    "{} has no column {:?}: it was written by another newsfacts version; rerun with --full-refresh",
                    f.display(),
                    missing.name
                )));
            }
            rows.extend(part);
        }
    }
    Ok(rows)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 * b.abs().max(1e-9)
}

fn date_matches(pred: &str, gold: &str) -> bool {
    pred == gold
        || pred
            .strip_prefix(gold)
            .is_some_and(|rest| rest.starts_with('T'))
}

fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Scores `output` (a folder written by `newsfacts run`) against `gold`.
///
/// # Errors
/// Missing CSV mirror or malformed gold file.
pub fn evaluate(output: &Path, gold: &Path) -> Result<Report> {
    let gold_text = std::fs::read_to_string(gold)
        .map_err(|e| Error::Eval(format!("cannot read gold {}: {e}", gold.display())))?;
    let gold_path = gold;
    let gold_json: serde_json::Value = serde_json::from_str(&gold_text)
        .map_err(|e| Error::Eval(format!("gold {} is malformed: {e}", gold.display())))?;
    let aliases = Aliases::load(gold_path, gold_json.get("aliases"))?;
    let gold: Gold = serde_json::from_value(gold_json)
        .map_err(|e| Error::Eval(format!("gold {} is malformed: {e}", gold_path.display())))?;
    let snapshot =
        crate::sinks::resolve_snapshot(output).map_err(|e| Error::Eval(e.to_string()))?;
    let articles = read_table(&snapshot, "articles")?;
    let figures = read_table(&snapshot, "figures")?;
    let dates = read_table(&snapshot, "dates")?;
    let mentions = read_table(&snapshot, "entity_mentions")?;
    let quotes = read_table(&snapshot, "quotes")?;
    let events = read_table(&snapshot, "events")?;
    let participants = read_table(&snapshot, "event_participants")?;
    let mut meetings = Score::default();
    let mut meeting_parties = Score::default();
    let mut entity_scores = [Score::default(); 3];
    let mut forbidden = Score::default();
    let mut quote_found = Score::default();
    let mut quote_speakers = Score::default();

    let mut report = Report::default();
    let (mut money, mut percent, mut date_score, mut linked) = (
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
    );
    let mut fields: Vec<(String, usize, usize)> =
        ["published_date", "title", "dateline_place", "author"]
            .iter()
            .map(|f| (f.to_string(), 0, 0))
            .collect();
    for g in &gold.documents {
        let Some(article) = articles.iter().find(|a| {
            let s = get(a, "source");
            s == g.doc || s.rsplit('/').next() == Some(g.doc.as_str())
        }) else {
            report
                .details
                .push(format!("{}: article missing from output", g.doc));
            money.fn_ += g.money.as_ref().map_or(0, Vec::len);
            percent.fn_ += g.percent.as_ref().map_or(0, Vec::len);
            date_score.fn_ += g.dates.as_ref().map_or(0, Vec::len);
            linked.fn_ += g.figures.len();
            continue;
        };
        let id = get(article, "doc_id");
        let mut field = |name: &str, expected: Option<&str>, actual: String, scored: bool| {
            if !scored {
                return;
            }
            let slot = fields
                .iter_mut()
                .find(|f| f.0 == name)
                .expect("known field");
            slot.2 += 1;
            if expected.unwrap_or("") == actual {
                slot.1 += 1;
            } else {
                report.details.push(format!(
                    "{}: {name} expected {:?}, got {:?}",
                    g.doc,
                    expected.unwrap_or(""),
                    actual
                ));
            }
        };
        field(
            "published_date",
            g.published.as_ref().and_then(|o| o.as_deref()),
            get(article, "published_date"),
            g.published.is_some(),
        );
        field(
            "title",
            g.title.as_ref().and_then(|o| o.as_deref()),
            get(article, "title"),
            g.title.is_some(),
        );
        field(
            "dateline_place",
            g.dateline_place.as_ref().and_then(|o| o.as_deref()),
            get(article, "dateline_place"),
            g.dateline_place.is_some(),
        );
        field(
            "author",
            g.author.as_ref().and_then(|o| o.as_deref()),
            get(article, "author"),
            g.author.is_some(),
        );

        let doc_figures: Vec<&Row> = figures.iter().filter(|f| get(f, "doc_id") == id).collect();
        // Money.
        let mut preds: Vec<&Row> = doc_figures
            .iter()
            .copied()
            .filter(|f| get(f, "kind") == "money")
            .collect();
        for gm in g.money.iter().flatten() {
            match preds.iter().position(|p| {
                get(p, "unit") == gm.currency
                    && get(p, "value")
                        .parse::<f64>()
                        .is_ok_and(|v| close(v, gm.value))
            }) {
                Some(i) => {
                    preds.remove(i);
                    money.tp += 1;
                }
                None => {
                    money.fn_ += 1;
                    report.details.push(format!(
                        "{}: money missed {} {}",
                        g.doc, gm.value, gm.currency
                    ));
                }
            }
        }
        for p in preds.iter().filter(|_| g.money.is_some()) {
            money.fp += 1;
            report.details.push(format!(
                "{}: money false positive {:?}",
                g.doc,
                get(p, "surface")
            ));
        }
        // Percent.
        let mut preds: Vec<&Row> = doc_figures
            .iter()
            .copied()
            .filter(|f| get(f, "kind") == "percent")
            .collect();
        for gp in g.percent.iter().flatten() {
            match preds.iter().position(|p| {
                get(p, "value")
                    .parse::<f64>()
                    .is_ok_and(|v| (v - gp.value).abs() < 1e-9)
            }) {
                Some(i) => {
                    preds.remove(i);
                    percent.tp += 1;
                }
                None => {
                    percent.fn_ += 1;
                    report
                        .details
                        .push(format!("{}: percent missed {}", g.doc, gp.value));
                }
            }
        }
        for p in preds.iter().filter(|_| g.percent.is_some()) {
            percent.fp += 1;
            report.details.push(format!(
                "{}: percent false positive {:?}",
                g.doc,
                get(p, "surface")
            ));
        }
        // Linked figures.
        for gf in &g.figures {
            let hit = doc_figures.iter().any(|p| {
                get(p, "unit") == gf.unit
                    && get(p, "value")
                        .parse::<f64>()
                        .is_ok_and(|v| close(v, gf.value))
                    && gf.metric.as_deref().is_none_or(|m| get(p, "metric") == m)
                    && gf
                        .period
                        .as_deref()
                        .is_none_or(|per| get(p, "period_value") == per)
                    && gf.change_percent.is_none_or(|c| {
                        get(p, "change_percent")
                            .parse::<f64>()
                            .is_ok_and(|v| (v - c).abs() < 1e-9)
                    })
                    && gf
                        .subject
                        .iter()
                        .all(|s| get(p, "subject").contains(s.as_str()))
            });
            if hit {
                linked.tp += 1;
            } else {
                linked.fn_ += 1;
                report.details.push(format!(
                    "{}: linked figure missed {:?} {} {}",
                    g.doc, gf.metric, gf.value, gf.unit
                ));
            }
        }
        // Dates.
        let mut preds: Vec<&Row> = dates.iter().filter(|d| get(d, "doc_id") == id).collect();
        for gd in g.dates.iter().flatten() {
            let Some(gv) = gd.value.as_deref() else {
                continue;
            };
            match preds
                .iter()
                .position(|p| date_matches(&get(p, "value"), gv))
            {
                Some(i) => {
                    preds.remove(i);
                    date_score.tp += 1;
                }
                None => {
                    date_score.fn_ += 1;
                    report.details.push(format!(
                        "{}: date missed {:?} = {gv}",
                        g.doc,
                        gd.text.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        score_entities(
            g,
            &id,
            &mentions,
            &aliases,
            &mut entity_scores,
            &mut forbidden,
            &mut report.details,
        );
        score_quotes(
            g,
            &id,
            &quotes,
            &aliases,
            &mut quote_found,
            &mut quote_speakers,
            &mut report.details,
        );
        score_meetings(
            g,
            &id,
            (&events, &participants),
            &aliases,
            (&mut meetings, &mut meeting_parties),
            &mut report.details,
        );
        for p in preds.into_iter().filter(|_| g.dates.is_some()) {
            let (value, surface) = (get(p, "value"), get(p, "surface"));
            let optional = g.optional_dates.iter().any(|o| {
                o.value.as_deref().is_some_and(|v| date_matches(&value, v))
                    || o.text.as_deref().is_some_and(|t| overlaps(t, &surface))
            });
            if !optional {
                date_score.fp += 1;
                report.details.push(format!(
                    "{}: date false positive {surface:?} = {value:?}",
                    g.doc
                ));
            }
        }
    }
    report.categories = vec![
        ("money".into(), money),
        ("percent".into(), percent),
        ("dates".into(), date_score),
        ("linked_figures".into(), linked),
        ("persons".into(), entity_scores[0]),
        ("organizations".into(), entity_scores[1]),
        ("locations".into(), entity_scores[2]),
        ("forbidden".into(), forbidden),
        ("quotes".into(), quote_found),
        ("quote_speakers".into(), quote_speakers),
        ("meetings".into(), meetings),
        ("meeting_participants".into(), meeting_parties),
    ];
    report.fields = fields;
    Ok(report)
}

fn score_entities(
    g: &GoldDoc,
    id: &str,
    mentions: &[Row],
    aliases: &Aliases,
    scores: &mut [Score; 3],
    forbidden: &mut Score,
    details: &mut Vec<String>,
) {
    let doc_mentions: Vec<&Row> = mentions
        .iter()
        .filter(|m| get(m, "doc_id") == id && !get(m, "name").is_empty())
        .collect();
    let optional: Vec<String> = g
        .optional_entities
        .iter()
        .map(|o| aliases.class(o))
        .collect();
    for f in &g.forbidden_entities {
        let class = aliases.class(f);
        if doc_mentions
            .iter()
            .any(|m| aliases.class(&get(m, "name")) == class)
        {
            forbidden.fp += 1;
            details.push(format!("{}: forbidden entity {f:?} extracted", g.doc));
        } else {
            forbidden.tp += 1;
        }
    }
    let kinds = [
        ("PERSON", "person", &g.persons),
        ("ORG", "organization", &g.organizations),
        ("LOC", "location", &g.locations),
    ];
    for (k, (etype, label, gold)) in kinds.iter().enumerate() {
        let Some(gold) = gold else { continue };
        let gold_classes: Vec<String> = gold.iter().map(|n| aliases.class(n)).collect();
        let mut predicted: Vec<(String, String)> = Vec::new();
        for m in doc_mentions.iter().filter(|m| get(m, "type") == *etype) {
            let name = get(m, "name");
            let class = aliases.class(&name);
            if !predicted.iter().any(|(c, _)| *c == class) {
                predicted.push((class, name));
            }
        }
        for (gi, gc) in gold_classes.iter().enumerate() {
            if predicted.iter().any(|(c, _)| c == gc) {
                scores[k].tp += 1;
            } else {
                scores[k].fn_ += 1;
                details.push(format!("{}: {label} missed {:?}", g.doc, gold[gi]));
            }
        }
        for (c, name) in &predicted {
            if !gold_classes.contains(c) && !optional.contains(c) {
                scores[k].fp += 1;
                details.push(format!("{}: {label} false positive {name:?}", g.doc));
            }
        }
    }
}

/// Meetings: gold `events` of kind meeting against predicted face-to-face consultations (kind
/// meeting, talks or summit) that happened or are scheduled and have at least two people among
/// their participants, the shape the gold annotates. `meetings` needs the same participants (alias
/// classes), date (empty for a gold null) and place; `meeting_participants` the participants only.
fn score_meetings(
    g: &GoldDoc,
    id: &str,
    (events, participants): (&[Row], &[Row]),
    aliases: &Aliases,
    (full, parties): (&mut Score, &mut Score),
    details: &mut Vec<String>,
) {
    let Some(gold) = &g.events else { return };
    let class_set = |names: &mut dyn Iterator<Item = String>| {
        let mut v: Vec<String> = names.map(|n| aliases.class(&n)).collect();
        v.sort();
        v.dedup();
        v
    };
    struct Pred {
        parties: Vec<String>,
        date: String,
        place: String,
        text: String,
    }
    let preds: Vec<Pred> = events
        .iter()
        .filter(|e| get(e, "doc_id") == id)
        .filter(|e| matches!(get(e, "kind").as_str(), "meeting" | "talks" | "summit"))
        .filter(|e| matches!(get(e, "status").as_str(), "happened" | "scheduled"))
        .filter_map(|e| {
            let eid = get(e, "event_id");
            let people: Vec<&Row> = participants
                .iter()
                .filter(|p| get(p, "event_id") == eid && get(p, "type") == "PERSON")
                .collect();
            (people.len() >= 2).then(|| Pred {
                parties: class_set(&mut people.iter().map(|p| get(p, "name"))),
                date: get(e, "date"),
                place: get(e, "place"),
                text: format!(
                    "{} {} {:?} {:?}",
                    get(e, "kind"),
                    get(e, "participants"),
                    get(e, "date"),
                    get(e, "place")
                ),
            })
        })
        .collect();
    let mut used_full = vec![false; preds.len()];
    let mut used_parties = vec![false; preds.len()];
    for ge in gold.iter().filter(|e| e.kind == "meeting") {
        let want = class_set(&mut ge.participants.iter().cloned());
        let date_ok = |p: &Pred| match &ge.date {
            Some(d) => date_matches(&p.date, d),
            None => p.date.is_empty(),
        };
        let place_ok = |p: &Pred| match &ge.place {
            Some(pl) => !p.place.is_empty() && aliases.class(&p.place) == aliases.class(pl),
            None => p.place.is_empty(),
        };
        match (0..preds.len()).find(|&i| !used_parties[i] && preds[i].parties == want) {
            Some(i) => {
                used_parties[i] = true;
                parties.tp += 1;
            }
            None => parties.fn_ += 1,
        }
        match (0..preds.len()).find(|&i| {
            !used_full[i] && preds[i].parties == want && date_ok(&preds[i]) && place_ok(&preds[i])
        }) {
            Some(i) => {
                used_full[i] = true;
                full.tp += 1;
            }
            None => {
                full.fn_ += 1;
                details.push(format!(
                    "{}: meeting missed {:?} date {:?} place {:?}",
                    g.doc, ge.participants, ge.date, ge.place
                ));
            }
        }
    }
    for (i, p) in preds.iter().enumerate() {
        if !used_parties[i] {
            parties.fp += 1;
        }
        if !used_full[i] {
            full.fp += 1;
            details.push(format!("{}: meeting false positive {}", g.doc, p.text));
        }
    }
}

fn score_quotes(
    g: &GoldDoc,
    id: &str,
    quotes: &[Row],
    aliases: &Aliases,
    found: &mut Score,
    speakers: &mut Score,
    details: &mut Vec<String>,
) {
    let Some(gold) = &g.quotes else { return };
    let mut preds: Vec<(String, String)> = Vec::new();
    for q in quotes
        .iter()
        .filter(|q| get(q, "doc_id") == id && get(q, "kind") == "full")
    {
        let text = normalize_quote(&get(q, "surface"));
        let speaker = get(q, "speaker");
        match preds.iter_mut().find(|(t, _)| *t == text) {
            Some(p) if p.1.is_empty() => p.1 = speaker,
            Some(_) => {}
            None => preds.push((text, speaker)),
        }
    }
    let matches = |text: &str, gq: &GoldQuote| {
        let start = normalize_quote(&gq.starts);
        !start.is_empty() && text.starts_with(&start)
    };
    for gq in gold {
        let hits: Vec<&(String, String)> = preds.iter().filter(|(t, _)| matches(t, gq)).collect();
        if hits.is_empty() {
            found.fn_ += 1;
            speakers.fn_ += 1;
            details.push(format!("{}: quote missed {:?}", g.doc, gq.starts));
            continue;
        }
        found.tp += 1;
        // A gold speaker of null means the text does not say who: the right answer is no speaker.
        let want = gq.speaker.as_deref().map(|s| aliases.class(s));
        let right = hits.iter().any(|(_, s)| match &want {
            Some(w) => !s.is_empty() && aliases.class(s) == *w,
            None => s.is_empty(),
        });
        if right {
            speakers.tp += 1;
        } else {
            let got = hits.first().map(|h| h.1.clone()).unwrap_or_default();
            if got.is_empty() {
                speakers.fn_ += 1;
            } else {
                speakers.fp += 1;
            }
            details.push(format!(
                "{}: quote {:?} speaker expected {:?}, got {got:?}",
                g.doc,
                gq.starts,
                gq.speaker.as_deref().unwrap_or("")
            ));
        }
    }
    for (text, _) in &preds {
        let known = gold
            .iter()
            .chain(&g.optional_quotes)
            .any(|gq| matches(text, gq));
        if !known {
            found.fp += 1;
            details.push(format!(
                "{}: quote false positive {:?}",
                g.doc,
                text.chars().take(60).collect::<String>()
            ));
        }
    }
}

#[cfg(test)]
mod read_tests {
    use super::*;

    #[test]
    fn a_table_missing_a_spec_column_is_an_error_not_empty_cells() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("csv/quotes/published_month=2022-02");
        std::fs::create_dir_all(&part).unwrap();
        std::fs::write(
            part.join("part-r000001-00000.csv"),
            "quote_id,doc_id\nq1,d1\n",
        )
        .unwrap();
        let err = read_table(dir.path(), "quotes").unwrap_err().to_string();
        assert!(
            err.contains("has no column") && err.contains("--full-refresh"),
            "{err}"
        );
    }

    #[test]
    #[should_panic(expected = "which its table does not have")]
    fn reading_a_column_a_row_lacks_is_a_bug_that_fails_loudly() {
        let row: Row = [("doc_id".to_string(), "d1".to_string())].into();
        get(&row, "speakr");
    }
}
