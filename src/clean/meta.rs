//! Article metadata from the record and from the article's first lines: title, publication and update
//! dates, dateline place and agency, author.
//!
//! Publication date precedence: a record field, then a "Published ..." line, then a line holding only a
//! date, then a dated dateline. An article with none of these has no publication date: never a guess.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveTime};
use regex::Regex;

use crate::error::Result;
use crate::lang::{Lang, alternation};
use crate::model::{ArticleMeta, Doc, PublishedSource};
use crate::text::calendar::Calendar;

/// How many leading non-empty lines are searched for header cues.
const HEADER_LINES: usize = 12;

static DATELINES: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let place = r"(?P<place>[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3})";
    [
        // "SALVADOR, Feb 26 -", "MOSCOW, Feb 3 (Reuters) -", "Beijing, 03 February 2022 (TDI):"
        Regex::new(&format!(r"^{place},\s*(?P<date>[A-Za-z0-9 ,.]{{1,30}}?)\s*(?:\((?P<paren>[^()\n]{{1,100}})\))?\s*(?P<sep>--?|:)\s"))
            .expect("valid"),
        // "Beijing, (APP - UrduPoint / Pakistan Point News - 9th Apr, 2024)"
        Regex::new(&format!(r"^{place},\s*(?P<date>[A-Za-z0-9 ,.]{{0,30}}?)\s*\((?P<paren>[^()\n]{{1,100}})\)\s*(?P<sep>--?|:)?\s"))
            .expect("valid"),
    ]
});
/// The header cues of `header_cue_words.tsv`, compiled.
#[derive(Debug, Clone)]
pub struct HeaderCues {
    /// "Published on ...": group 1 the words before (an author), group 2 the rest.
    published: Regex,
    /// "| Updated: ..." inside a published line.
    updated: Regex,
    /// "By Jane Doe": group 1 the name.
    byline: Regex,
    /// "Date: " before a date line.
    label: Regex,
}

impl HeaderCues {
    /// Reads the cues and compiles the header patterns.
    ///
    /// # Errors
    /// A missing, repeated or unknown cue, naming the file and line.
    pub fn new(lang: &Lang) -> Result<HeaderCues> {
        let cues = lang.cues(
            "header_cue_words.tsv",
            &[
                "published_labels",
                "updated_labels",
                "date_prepositions",
                "byline_words",
                "name_particles",
                "date_labels",
            ],
        )?;
        let any = |name: &str| alternation(cues[name].iter().map(String::as_str));
        let compile = |pattern: String| {
            Regex::new(&pattern).expect("header patterns are built from escaped words")
        };
        Ok(HeaderCues {
            published: compile(format!(
                r"(?i)^(?:(.*?)\s+)?(?:{})\s*(?:{})?\s*:?\s*(.+)$",
                any("published_labels"),
                any("date_prepositions")
            )),
            updated: compile(format!(
                r"(?i)\s*\|?\s*\b(?:{})\s*(?:{})?\s*:?\s*",
                any("updated_labels"),
                any("date_prepositions")
            )),
            byline: compile(format!(
                r"^(?i:{})\s+([A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|{})){{0,4}})\s*(?:[,|]|$)",
                any("byline_words"),
                any("name_particles")
            )),
            label: compile(format!(r"(?i)^(?:{})\s*:?\s*", any("date_labels"))),
        })
    }
}

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][a-z'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){1,3}$").expect("valid")
});

/// A date (and optional wall-clock time) read from a header string.
fn whole_date(
    calendar: &Calendar,
    cues: &HeaderCues,
    s: &str,
) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let s = cues.label.replace(s.trim(), "");
    let s = s.trim();
    if s.len() > 45 {
        return None;
    }
    calendar.parse_absolute(s)
}

/// Parses a record's publication field: RFC 3339 (converted to UTC), ISO date-time, or a news date.
pub fn parse_published_field(
    calendar: &Calendar,
    s: &str,
) -> Option<(NaiveDate, Option<chrono::NaiveDateTime>, Option<NaiveTime>)> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s.trim()) {
        let utc = dt.naive_utc();
        return Some((dt.date_naive(), Some(utc), Some(dt.time())));
    }
    let (date, time) = calendar.parse_absolute(s)?;
    Some((date, None, time))
}

fn title_case(s: &str) -> String {
    if s.chars().any(|c| c.is_lowercase()) {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_string() + &cs.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads metadata; values from the record win over values found in the text.
pub fn read(
    doc: &Doc,
    cfg: &super::CleanConfig,
    title: Option<String>,
    published: Option<&str>,
    url: Option<String>,
    author: Option<String>,
    outlet: Option<String>,
) -> ArticleMeta {
    let (calendar, cues) = (&*cfg.calendar, &cfg.header_cues);
    let mut meta = ArticleMeta {
        title,
        url,
        author,
        agency: outlet,
        ..Default::default()
    };
    if let Some((date, utc, time)) = published.and_then(|p| parse_published_field(calendar, p)) {
        meta.published_date = Some(date);
        meta.published_at_utc = utc;
        meta.published_local_time = time
            .filter(|_| utc.is_none())
            .map(|t| t.format("%H:%M").to_string());
        meta.published_source = Some(PublishedSource::Field);
    }
    let lines: Vec<&str> = doc
        .view
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .collect();
    // The title is reported as written (typographic quotes kept), so it is cut from `text`, not `view`.
    let as_written = |line: &str| {
        let start = line.as_ptr() as usize - doc.view.as_ptr() as usize;
        let span = doc.span(start, start + line.len());
        doc.surface(&span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut line_date: Option<NaiveDate> = None;
    let mut dateline_date: Option<NaiveDate> = None;
    let mut title_open = meta.title.is_none();
    for line in &lines {
        let words = line.split_whitespace().count();
        if let Some(c) = cues.published.captures(line) {
            let rest = &c[2];
            let (pub_part, upd_part) = match cues.updated.find(rest) {
                Some(m) => (&rest[..m.start()], Some(&rest[m.end()..])),
                None => (rest, None),
            };
            if let Some((date, time)) = whole_date(calendar, cues, pub_part) {
                if meta.published_source.is_none()
                    || meta.published_source == Some(PublishedSource::DateLine)
                {
                    meta.published_date = Some(date);
                    meta.published_local_time = time.map(|t| t.format("%H:%M").to_string());
                    meta.published_source = Some(PublishedSource::PublishedLine);
                }
                if let Some((u, time)) = upd_part.and_then(|u| whole_date(calendar, cues, u)) {
                    meta.updated_date = Some(u);
                    meta.updated_local_time = time.map(|t| t.format("%H:%M").to_string());
                }
                if let Some(name) = c
                    .get(1)
                    .map(|m| m.as_str().trim())
                    .filter(|n| NAME.is_match(n))
                {
                    meta.author.get_or_insert_with(|| name.to_string());
                }
                continue;
            }
        }
        if let Some((date, _)) = whole_date(calendar, cues, line) {
            line_date.get_or_insert(date);
            continue;
        }
        if let Some(c) = cues.byline.captures(line) {
            meta.author.get_or_insert_with(|| c[1].to_string());
            continue;
        }
        if meta.dateline_place.is_none()
            && let Some(c) = DATELINES.iter().find_map(|re| re.captures(line))
        {
            let date_text = c.name("date").map_or("", |m| m.as_str()).trim();
            let paren = c.name("paren").map(|m| m.as_str().trim());
            let sep = c.name("sep").is_some();
            let date_ok = !date_text.is_empty() && looks_like_date(calendar, date_text);
            if (date_ok && (sep || paren.is_some())) || (paren.is_some() && date_text.is_empty()) {
                meta.dateline_place = Some(title_case(&c["place"]));
                if let Some((d, _)) = whole_date(calendar, cues, date_text) {
                    dateline_date = Some(d);
                }
                if let Some(p) = paren {
                    let parts: Vec<&str> = p.split(" - ").map(str::trim).collect();
                    if let Some(agency) = parts
                        .first()
                        .filter(|a| a.len() <= 40 && whole_date(calendar, cues, a).is_none())
                    {
                        meta.agency.get_or_insert_with(|| agency.to_string());
                    }
                    if dateline_date.is_none() {
                        dateline_date = parts
                            .iter()
                            .rev()
                            .find_map(|p| whole_date(calendar, cues, p))
                            .map(|(d, _)| d);
                    }
                }
                title_open = false;
                continue;
            }
        }
        if title_open {
            let section_label = line.contains(" / ") && !line.chars().any(|c| c.is_lowercase());
            let body_like = words > 40 || (words > 15 && line.ends_with('.'));
            if body_like {
                title_open = false;
            } else if !section_label && words >= 2 && line.len() <= 300 {
                meta.title = Some(as_written(line));
                title_open = false;
            }
        }
    }
    if meta.published_date.is_none() {
        if let Some(d) = line_date {
            meta.published_date = Some(d);
            meta.published_source = Some(PublishedSource::DateLine);
        } else if let Some(d) = dateline_date {
            meta.published_date = Some(d);
            meta.published_source = Some(PublishedSource::Dateline);
        }
    }
    meta
}

/// Whether a dateline's date part names a month (typos of wire copy included: "Marc 3") and a
/// number.
fn looks_like_date(calendar: &Calendar, s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| {
        calendar.month_by_prefix(w).is_some()
            && w.len() >= 3
            && w.chars().next().is_some_and(char::is_uppercase)
    }) && s.chars().any(|c| c.is_ascii_digit())
}
