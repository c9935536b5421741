//! HTML → text: tags stripped, block elements turned into paragraph breaks, entities decoded.
//! Main-content extraction (dropping navigation and footers by layout) is a later issue; page furniture
//! that survives here is handled by `clean`.

/// Returns the `<title>` (if any) and the body text with one blank line between blocks.
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    let mut out = String::with_capacity(html.len() / 2);
    let mut title = None;
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(html.len(), |e| i + e + 3);
                continue;
            }
            let Some(close) = html[i..].find('>').map(|e| i + e) else {
                break;
            };
            let tag = lower[i + 1..close].trim_start_matches('/');
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let closing = lower[i + 1..close].starts_with('/');
            if !closing
                && matches!(
                    name.as_str(),
                    "script" | "style" | "noscript" | "template" | "svg" | "title"
                )
            {
                let end_tag = format!("</{name}");
                let end = lower[close..]
                    .find(&end_tag)
                    .map_or(html.len(), |e| close + e);
                if name == "title" && title.is_none() {
                    let t = crate::text::spaced_as_written(&decode_entities(&html[close + 1..end]));
                    title = (!t.is_empty()).then_some(t);
                }
                i = lower[end..].find('>').map_or(html.len(), |e| end + e + 1);
                continue;
            }
            match name.as_str() {
                "br" => out.push('\n'),
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "tr" | "article"
                | "section" | "header" | "footer" | "blockquote" | "figcaption" | "table"
                | "ul" | "ol" | "nav" | "aside" | "main" | "pre" | "hr" => out.push_str("\n\n"),
                _ => {}
            }
            i = close + 1;
        } else {
            let next = html[i..].find('<').map_or(html.len(), |e| i + e);
            out.push_str(&decode_entities(&html[i..next]));
            i = next;
        }
    }
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = crate::text::spaced_as_written(line);
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        text.push_str(&line);
        blank = 0;
    }
    (title, text)
}

/// Decodes named (common) and numeric character references; unknown ones are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|e| e + 1);
        let decoded = end
            .filter(|&e| rest.as_bytes()[e] == b';' && e <= 12)
            .and_then(|e| {
                let name = &rest[1..e];
                let ch = if let Some(num) =
                    name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
                } else if let Some(num) = name.strip_prefix('#') {
                    num.parse().ok().and_then(char::from_u32)
                } else {
                    named_entity(name)
                };
                // HTML reads `&#0;` as U+FFFD, never as a NUL in the text.
                ch.map(|c| (if c == '\0' { '\u{fffd}' } else { c }, e + 1))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "iacute" => 'í',
        "uacute" => 'ú',
        "times" => '×',
        "percnt" => '%',
        "dollar" => '$',
        _ => return None,
    })
}
