//! Article metadata from the record and from the article's first lines: title, publication and update
//! dates, dateline place and agency, author.
//!
//! Publication date precedence: a record field, then a "Published ..." line, then a line holding only a
//! date, then a dated dateline. An article with none of these has no publication date: never a guess.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveTime};
use regex::Regex;

use crate::model::{ArticleMeta, Doc, PublishedSource};
use crate::text::calendar::Calendar;

/// How many leading non-empty lines are searched for header cues.
const HEADER_LINES: usize = 12;

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(.*?)\s+)?(?:published|posted|first published|last updated)\s*(?:on|at)?\s*:?\s*(.+)$").expect("valid")
});
static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*\|?\s*\bupdated\s*(?:on|at)?\s*:?\s*").expect("valid"));
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+([A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|de|van|von|al|bin|da)){0,4})\s*(?:[,|]|$)").expect("valid")
});
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
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:date|dated|datum)\s*:?\s*").expect("valid"));
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][a-z'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){1,3}$").expect("valid")
});

/// A date (and optional wall-clock time) read from a header string.
fn whole_date(calendar: &Calendar, s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let s = LABEL.replace(s.trim(), "");
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
    calendar: &Calendar,
    title: Option<String>,
    published: Option<&str>,
    url: Option<String>,
    author: Option<String>,
    outlet: Option<String>,
) -> ArticleMeta {
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
        if let Some(c) = PUBLISHED.captures(line) {
            let rest = &c[2];
            let (pub_part, upd_part) = match UPDATED.find(rest) {
                Some(m) => (&rest[..m.start()], Some(&rest[m.end()..])),
                None => (rest, None),
            };
            if let Some((date, time)) = whole_date(calendar, pub_part) {
                if meta.published_source.is_none()
                    || meta.published_source == Some(PublishedSource::DateLine)
                {
                    meta.published_date = Some(date);
                    meta.published_local_time = time.map(|t| t.format("%H:%M").to_string());
                    meta.published_source = Some(PublishedSource::PublishedLine);
                }
                if let Some((u, time)) = upd_part.and_then(|u| whole_date(calendar, u)) {
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
        if let Some((date, _)) = whole_date(calendar, line) {
            line_date.get_or_insert(date);
            continue;
        }
        if let Some(c) = BYLINE.captures(line) {
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
                if let Some((d, _)) = whole_date(calendar, date_text) {
                    dateline_date = Some(d);
                }
                if let Some(p) = paren {
                    let parts: Vec<&str> = p.split(" - ").map(str::trim).collect();
                    if let Some(agency) = parts
                        .first()
                        .filter(|a| a.len() <= 40 && whole_date(calendar, a).is_none())
                    {
                        meta.agency.get_or_insert_with(|| agency.to_string());
                    }
                    if dateline_date.is_none() {
                        dateline_date = parts
                            .iter()
                            .rev()
                            .find_map(|p| whole_date(calendar, p))
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
