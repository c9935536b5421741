//! `newsfacts eval OUTPUT GOLD`: scores an output folder against a gold file in the format of
//! `tests/data/seeds.gold.json` (values, not offsets). Reads the CSV mirror, as an analyst's script would.
//!
//! Matching: money by value (within 0.5%) and currency; percentages by value; dates by TIMEX3 value
//! (a predicted day-with-time matches a gold day). Gold `optional_*` items are neither required nor
//! penalized: a prediction that matches one (by value, or by overlapping text) is ignored. Article fields
//! (publication date, title, dateline place, author) are scored as accuracy over the gold documents.

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
            "{:<14} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}\n",
            "category", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for (name, s) in &self.categories {
            out.push_str(&format!(
                "{:<14} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}\n",
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
        out.push_str("\nnot scored (not extracted by this version): persons, organizations, locations, quotes, events\n");
        out
    }
}

#[derive(Debug, Deserialize)]
struct Gold {
    documents: Vec<GoldDoc>,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    doc: String,
    title: Option<String>,
    published: Option<String>,
    dateline_place: Option<String>,
    author: Option<String>,
    #[serde(default)]
    money: Vec<GoldMoney>,
    #[serde(default)]
    percent: Vec<GoldPercent>,
    #[serde(default)]
    dates: Vec<GoldDate>,
    #[serde(default)]
    optional_dates: Vec<GoldDate>,
    #[serde(default)]
    figures: Vec<GoldFigure>,
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
    let gold: Gold = serde_json::from_str(&gold_text)
        .map_err(|e| Error::Eval(format!("gold {} is malformed: {e}", gold.display())))?;
    let csv_dir = output.join("csv");
    let articles = read_csv(&csv_dir.join("articles.csv"))?;
    let figures = read_csv(&csv_dir.join("figures.csv"))?;
    let dates = read_csv(&csv_dir.join("dates.csv"))?;
    let get = |r: &Row, k: &str| r.get(k).cloned().unwrap_or_default();

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
            money.fn_ += g.money.len();
            percent.fn_ += g.percent.len();
            date_score.fn_ += g.dates.len();
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
            g.published.as_deref(),
            get(article, "published_date"),
            true,
        );
        field("title", g.title.as_deref(), get(article, "title"), true);
        field(
            "dateline_place",
            g.dateline_place.as_deref(),
            get(article, "dateline_place"),
            true,
        );
        field(
            "author",
            g.author.as_deref(),
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
        for gm in &g.money {
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
        for p in &preds {
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
        for gp in &g.percent {
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
        for p in &preds {
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
        for gd in &g.dates {
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
        for p in preds {
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
    ];
    report.fields = fields;
    Ok(report)
}
