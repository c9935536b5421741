//! Records → polars `DataFrame`s, one builder per table. The frame's schema is exactly the spec's.

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use super::spec::{self, Dtype, TableSpec};
use crate::error::{Error, Result};
use crate::extract::Facts;
use crate::model::{Doc, Reject};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// String.
    Str(Option<String>),
    /// Integer.
    I64(Option<i64>),
    /// Float.
    F64(Option<f64>),
    /// Small float.
    F32(Option<f32>),
    /// Boolean.
    Bool(Option<bool>),
    /// Date.
    Date(Option<NaiveDate>),
    /// UTC instant.
    Datetime(Option<NaiveDateTime>),
}

fn s(v: impl Into<String>) -> Value {
    Value::Str(Some(v.into()))
}
fn os(v: Option<impl Into<String>>) -> Value {
    Value::Str(v.map(Into::into))
}
fn int(v: usize) -> Value {
    Value::I64(Some(v as i64))
}

/// The cells of one column, typed as its spec says: a row's values are moved in when it is pushed,
/// and `finish` hands each vector to polars without a second pass over enum cells.
enum Cells {
    Str(Vec<Option<String>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    F32(Vec<Option<f32>>),
    Bool(Vec<Option<bool>>),
    /// Days since 1970-01-01, polars' `Date`.
    Date(Vec<Option<i32>>),
    /// Milliseconds since the epoch, UTC.
    Datetime(Vec<Option<i64>>),
}

impl Cells {
    fn new(dtype: Dtype) -> Cells {
        match dtype {
            Dtype::Str => Cells::Str(Vec::new()),
            Dtype::I64 => Cells::I64(Vec::new()),
            Dtype::F64 => Cells::F64(Vec::new()),
            Dtype::F32 => Cells::F32(Vec::new()),
            Dtype::Bool => Cells::Bool(Vec::new()),
            Dtype::Date => Cells::Date(Vec::new()),
            Dtype::DatetimeUtc => Cells::Datetime(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Cells::Str(v) => v.len(),
            Cells::I64(v) | Cells::Datetime(v) => v.len(),
            Cells::F64(v) => v.len(),
            Cells::F32(v) => v.len(),
            Cells::Bool(v) => v.len(),
            Cells::Date(v) => v.len(),
        }
    }

    /// Moves `value` in; `Err` gives it back when its type is not the column's. `Ok` says whether
    /// it held a value.
    fn push(&mut self, value: Value) -> std::result::Result<bool, Value> {
        fn put<T>(column: &mut Vec<Option<T>>, x: Option<T>) -> bool {
            let present = x.is_some();
            column.push(x);
            present
        }
        Ok(match (self, value) {
            (Cells::Str(c), Value::Str(x)) => put(c, x),
            (Cells::I64(c), Value::I64(x)) => put(c, x),
            (Cells::F64(c), Value::F64(x)) => put(c, x),
            (Cells::F32(c), Value::F32(x)) => put(c, x),
            (Cells::Bool(c), Value::Bool(x)) => put(c, x),
            (Cells::Date(c), Value::Date(x)) => put(c, x.map(days_since_epoch)),
            (Cells::Datetime(c), Value::Datetime(x)) => {
                put(c, x.map(|t| t.and_utc().timestamp_millis()))
            }
            (_, other) => return Err(other),
        })
    }

    fn append(&mut self, other: Cells) {
        match (self, other) {
            (Cells::Str(a), Cells::Str(b)) => a.extend(b),
            (Cells::I64(a), Cells::I64(b)) | (Cells::Datetime(a), Cells::Datetime(b)) => {
                a.extend(b)
            }
            (Cells::F64(a), Cells::F64(b)) => a.extend(b),
            (Cells::F32(a), Cells::F32(b)) => a.extend(b),
            (Cells::Bool(a), Cells::Bool(b)) => a.extend(b),
            (Cells::Date(a), Cells::Date(b)) => a.extend(b),
            _ => unreachable!("both builders follow one spec, column by column"),
        }
    }
}

fn days_since_epoch(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
    (d - epoch).num_days() as i32
}

/// Appends rows to the columns of one table.
pub struct TableBuilder {
    spec: &'static TableSpec,
    columns: Vec<Cells>,
}

impl TableBuilder {
    /// An empty table.
    pub fn new(spec: &'static TableSpec) -> TableBuilder {
        TableBuilder {
            spec,
            columns: spec.columns.iter().map(|c| Cells::new(c.dtype)).collect(),
        }
    }

    /// Adds the rows of `other`, a builder of the same table, after these.
    pub fn append(&mut self, other: TableBuilder) {
        assert_eq!(self.spec.name, other.spec.name, "rows of another table");
        for (column, more) in self.columns.iter_mut().zip(other.columns) {
            column.append(more);
        }
    }

    /// Rows so far.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Cells::len)
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds one row; values in spec column order.
    ///
    /// # Panics
    /// When the row does not fit the spec: another width, a cell of another type than its column,
    /// or no value in a column that is not nullable. That is a bug in the code that built the row,
    /// and it fails loudly instead of writing a null.
    pub fn push(&mut self, row: Vec<Value>) {
        assert_eq!(
            row.len(),
            self.columns.len(),
            "a row of table {} has {} cells for {} columns",
            self.spec.name,
            row.len(),
            self.columns.len()
        );
        for ((col, v), spec) in self.columns.iter_mut().zip(row).zip(self.spec.columns) {
            match col.push(v) {
                Ok(present) => assert!(
                    present || spec.nullable,
                    "table {} column {} is not nullable but a row has no value",
                    self.spec.name,
                    spec.name
                ),
                Err(v) => panic!(
                    "table {} column {}: a {v:?} cell in a {} column",
                    self.spec.name,
                    spec.name,
                    spec.dtype.name()
                ),
            }
        }
    }

    /// The frame, with exactly the spec's columns and types.
    ///
    /// # Errors
    /// A polars error (a bug: the builder and the spec disagree).
    pub fn finish(self) -> Result<DataFrame> {
        let height = self.len();
        let table = self.spec.name;
        let err = |e: PolarsError| Error::Table {
            table,
            message: e.to_string(),
        };
        let mut cols = Vec::with_capacity(self.columns.len());
        for (c, values) in self.spec.columns.iter().zip(self.columns) {
            let name = PlSmallStr::from_static(c.name);
            let series = match values {
                Cells::Str(v) => {
                    StringChunked::from_iter_options(name, v.iter().map(Option::as_deref))
                        .into_series()
                }
                Cells::I64(v) => Series::new(name, v),
                Cells::F64(v) => Series::new(name, v),
                Cells::F32(v) => Series::new(name, v),
                Cells::Bool(v) => Series::new(name, v),
                Cells::Date(v) => Series::new(name, v).cast(&DataType::Date).map_err(err)?,
                Cells::Datetime(v) => Series::new(name, v)
                    .cast(&DataType::Datetime(
                        TimeUnit::Milliseconds,
                        Some(TimeZone::UTC),
                    ))
                    .map_err(err)?,
            };
            cols.push(series.into_column());
        }
        DataFrame::new(height, cols).map_err(err)
    }
}

/// Adds one article row.
pub fn push_article(b: &mut TableBuilder, doc: &Doc) {
    let m = &doc.meta;
    b.push(vec![
        s(&doc.id),
        s(&doc.source),
        s(&doc.origin),
        s(crate::clean::content_hash(&doc.text)),
        os(m.title.clone()),
        Value::Date(m.published_date),
        Value::Datetime(m.published_at_utc),
        os(m.published_local_time.clone()),
        os(m.published_source.map(|p| p.as_str())),
        Value::Date(m.updated_date),
        os(m.updated_local_time.clone()),
        os(m.dateline_place.clone()),
        os(m.agency.clone()),
        os(m.author.clone()),
        os(m.url.clone()),
        s(&doc.language),
        Value::Bool(Some(doc.extracted)),
        os((!doc.flags.is_empty()).then(|| doc.flags.join(";"))),
        int(doc.text.chars().count()),
        int(doc.text.split_whitespace().count()),
        int(doc.sentences.len()),
        int(doc.furniture_chars),
        s(&doc.text),
        os(doc.duplicate.as_ref().map(|d| d.doc_id.clone())),
        os(doc.duplicate.as_ref().map(|d| d.kind)),
        Value::F32(doc.duplicate.as_ref().map(|d| d.similarity)),
    ]);
}

fn prov_cells(doc: &Doc, p: &crate::model::Provenance) -> Vec<Value> {
    vec![
        s(&p.doc_id),
        int(p.sentence as usize),
        int(p.span.char_start),
        int(p.span.char_end),
        int(p.span.byte_start),
        int(p.span.byte_end),
        s(doc.surface(&p.span)),
    ]
}

fn from_duplicate(doc: &Doc) -> Value {
    Value::Bool(Some(doc.duplicate.is_some()))
}

/// The event whose linked ids (`ids`) hold `id`.
fn event_of(
    facts: &Facts,
    ids: impl Fn(&crate::extract::events::Event) -> &Vec<String>,
    id: &str,
) -> Option<String> {
    facts
        .events
        .iter()
        .find(|e| ids(e).iter().any(|x| x == id))
        .map(|e| e.event_id.clone())
}

/// Adds the event rows of one document.
pub fn push_events(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for e in &facts.events {
        let mut row = vec![s(&e.event_id)];
        row.extend(prov_cells(doc, &e.prov));
        let date = e.date.as_ref();
        let place = e.place.as_ref();
        row.extend([
            s(e.kind.as_str()),
            s(e.kind.plover()),
            os(e.mode),
            s(e.cameo),
            s(e.status.as_str()),
            os(date.map(|d| d.value.clone())),
            Value::Date(date.and_then(|d| d.start)),
            os(date.map(|d| d.granularity)),
            os(date.map(|d| d.source)),
            os(place.map(|p| p.1.clone())),
            os(place.map(|p| p.0.clone())),
            os(place.and_then(|p| p.2.clone())),
            os(e.place_source),
            s(e.participants
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" | ")),
            int(e.participants.len()),
            int(e.mentions),
            int(e.quote_ids.len()),
            int(e.figure_ids.len()),
            from_duplicate(doc),
            s(e.prov.rule),
            Value::F32(Some(e.prov.confidence)),
        ]);
        b.push(row);
    }
}

/// Adds the participant rows of one document's events.
pub fn push_event_participants(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for e in &facts.events {
        for p in &e.participants {
            b.push(vec![
                s(&e.event_id),
                s(&doc.id),
                s(&p.entity_id),
                s(&p.name),
                s(p.etype.as_str()),
                s(p.role),
            ]);
        }
    }
}

/// Adds one `event_clusters` row.
pub fn push_cluster(b: &mut TableBuilder, c: &crate::cluster::ClusterRow) {
    b.push(vec![
        s(&c.cluster_id),
        s(&c.kind),
        os(c.date.clone()),
        os(c.place.clone()),
        os(c.place_entity_id.clone()),
        s(&c.participants),
        s(&c.participant_ids),
        s(&c.status),
        int(c.events),
        int(c.articles),
        int(c.original_articles),
        int(c.sources),
        Value::Date(c.first_seen),
        Value::Date(c.last_seen),
        os(c.conflicts.clone()),
    ]);
}

/// Adds one `event_cluster_members` row.
pub fn push_cluster_member(b: &mut TableBuilder, m: &crate::cluster::MemberRow) {
    b.push(vec![s(&m.cluster_id), s(&m.event_id), s(&m.doc_id)]);
}

/// Adds the figure rows of one document.
pub fn push_figures(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for f in &facts.figures {
        let mut row = vec![s(&f.figure_id)];
        row.extend(prov_cells(doc, &f.prov));
        row.extend([
            s(f.kind.as_str()),
            Value::F64(Some(f.value)),
            Value::F64(f.value_high),
            os(f.unit.clone()),
            os(f.qualifier),
            os(f.direction),
            os(f.metric.clone()),
            os(f.subject.clone()),
            os(f.period.clone()),
            os(f.period_value.clone()),
            os(f.related_figure_id.clone()),
            Value::F64(f.change_percent),
            s(f.prov.rule),
            Value::F32(Some(f.prov.confidence)),
            os(event_of(facts, |e| &e.figure_ids, &f.figure_id)),
            from_duplicate(doc),
        ]);
        b.push(row);
    }
}

/// Adds the date rows of one document.
pub fn push_dates(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for (n, d) in facts.dates.iter().enumerate() {
        let mut row = vec![s(format!("{}-d{n}", doc.id))];
        row.extend(prov_cells(doc, &d.prov));
        row.extend([
            s(d.kind.as_str()),
            os(d.value.clone()),
            Value::Date(d.start_date),
            s(d.granularity),
            Value::Date(d.anchor_date),
            s(d.anchor_origin),
            os(d.tense),
            s(d.prov.rule),
            Value::F32(Some(d.prov.confidence)),
            from_duplicate(doc),
        ]);
        b.push(row);
    }
}

/// Adds the entity mention rows of one document.
pub fn push_entity_mentions(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for (n, m) in facts.entities.iter().enumerate() {
        let mut row = vec![s(format!("{}-e{n}", doc.id))];
        row.extend(prov_cells(doc, &m.prov));
        row.extend([
            os(m.entity_id.clone()),
            os(m.name.clone()),
            s(m.etype.as_str()),
            os(m.subtype),
            os(m.country.clone()),
            os(m.title.clone()),
            s(m.prov.rule),
            Value::F32(Some(m.prov.confidence)),
            from_duplicate(doc),
        ]);
        b.push(row);
    }
}

/// Adds the quote rows of one document.
pub fn push_quotes(b: &mut TableBuilder, doc: &Doc, facts: &Facts) {
    for q in &facts.quotes {
        let mut row = vec![s(&q.quote_id)];
        row.extend(prov_cells(doc, &q.prov));
        row.extend([
            s(q.kind),
            int(q.words),
            os(q.speaker.clone()),
            os(q.speaker_entity_id.clone()),
            os(q.speaker_type.map(|t| t.as_str())),
            os(q.speaker_mention.map(|sp| doc.surface(&sp).to_string())),
            Value::I64(q.speaker_mention.map(|sp| sp.char_start as i64)),
            Value::I64(q.speaker_mention.map(|sp| sp.char_end as i64)),
            os(q.speaker_ref.map(|r| r.as_str())),
            os(q.cue.clone()),
            os(q.relayed_via.clone()),
            os(q.relayed_via_entity_id.clone()),
            os(q.continues_quote_id.clone()),
            s(q.prov.rule),
            Value::F32(Some(q.prov.confidence)),
            os(event_of(facts, |e| &e.quote_ids, &q.quote_id)),
            from_duplicate(doc),
        ]);
        b.push(row);
    }
}

/// Adds one entity row (see `link`).
pub fn push_entity(b: &mut TableBuilder, e: &crate::link::EntityRow) {
    b.push(vec![
        s(&e.entity_id),
        s(&e.name),
        s(&e.etype),
        os(e.subtype.clone()),
        os(e.country.clone()),
        os(e.aliases.clone()),
        os(e.titles.clone()),
        int(e.mentions),
        int(e.documents),
        Value::Date(e.first_published),
        Value::Date(e.last_published),
        Value::I64(e.geonameid.map(|g| g as i64)),
        Value::F64(e.latitude),
        Value::F64(e.longitude),
        s(e.source),
    ]);
}

/// Adds one reject row.
pub fn push_reject(b: &mut TableBuilder, r: &Reject) {
    b.push(vec![s(&r.source), s(r.reason), s(&r.detail)]);
}

/// The builders of one batch, one per per-document table in `spec::ALL` order (`entities` is
/// written once at the end of the run, from `link::EntityIndex`).
pub struct Batch {
    /// articles
    pub articles: TableBuilder,
    /// figures
    pub figures: TableBuilder,
    /// dates
    pub dates: TableBuilder,
    /// entity_mentions
    pub entity_mentions: TableBuilder,
    /// quotes
    pub quotes: TableBuilder,
    /// events
    pub events: TableBuilder,
    /// event_participants
    pub event_participants: TableBuilder,
    /// rejects
    pub rejects: TableBuilder,
}

impl Batch {
    /// Empty builders.
    pub fn new() -> Batch {
        Batch {
            articles: TableBuilder::new(&spec::ARTICLES),
            figures: TableBuilder::new(&spec::FIGURES),
            dates: TableBuilder::new(&spec::DATES),
            entity_mentions: TableBuilder::new(&spec::ENTITY_MENTIONS),
            quotes: TableBuilder::new(&spec::QUOTES),
            events: TableBuilder::new(&spec::EVENTS),
            event_participants: TableBuilder::new(&spec::EVENT_PARTICIPANTS),
            rejects: TableBuilder::new(&spec::REJECTS),
        }
    }

    /// Adds the rows of `other` after these, table by table.
    pub fn append(&mut self, other: Batch) {
        self.articles.append(other.articles);
        self.figures.append(other.figures);
        self.dates.append(other.dates);
        self.entity_mentions.append(other.entity_mentions);
        self.quotes.append(other.quotes);
        self.events.append(other.events);
        self.event_participants.append(other.event_participants);
        self.rejects.append(other.rejects);
    }

    /// The builders with their specs, in output order.
    pub fn into_tables(self) -> Vec<(&'static TableSpec, TableBuilder)> {
        vec![
            (&spec::ARTICLES, self.articles),
            (&spec::FIGURES, self.figures),
            (&spec::DATES, self.dates),
            (&spec::ENTITY_MENTIONS, self.entity_mentions),
            (&spec::QUOTES, self.quotes),
            (&spec::EVENTS, self.events),
            (&spec::EVENT_PARTICIPANTS, self.event_participants),
            (&spec::REJECTS, self.rejects),
        ]
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::spec::REJECTS;

    fn reject_row(source: Value) -> Vec<Value> {
        let mut row: Vec<Value> = REJECTS
            .columns
            .iter()
            .map(|c| match c.dtype {
                Dtype::Str => s("x"),
                Dtype::I64 => Value::I64(Some(0)),
                Dtype::F64 => Value::F64(Some(0.0)),
                Dtype::F32 => Value::F32(Some(0.0)),
                Dtype::Bool => Value::Bool(Some(false)),
                Dtype::Date => Value::Date(None),
                Dtype::DatetimeUtc => Value::Datetime(None),
            })
            .collect();
        row[0] = source;
        row
    }

    #[test]
    fn a_row_that_fits_its_spec_is_kept() {
        let mut b = TableBuilder::new(&REJECTS);
        b.push(reject_row(s("feed.jsonl:3")));
        let frame = b.finish().unwrap();
        assert_eq!(frame.height(), 1);
        assert_eq!(
            frame
                .column(REJECTS.columns[0].name)
                .unwrap()
                .str()
                .unwrap()
                .get(0),
            Some("feed.jsonl:3")
        );
    }

    #[test]
    #[should_panic(expected = "a I64(Some(7)) cell in a string column")]
    fn a_cell_of_another_type_fails_loudly() {
        TableBuilder::new(&REJECTS).push(reject_row(Value::I64(Some(7))));
    }

    #[test]
    #[should_panic(expected = "is not nullable but a row has no value")]
    fn a_missing_value_in_a_required_column_fails_loudly() {
        TableBuilder::new(&REJECTS).push(reject_row(Value::Str(None)));
    }
}
