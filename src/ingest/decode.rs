//! Bytes → article text: the encoding (BOM, UTF-8, or a legacy encoding guessed by chardetng),
//! characters that are not text removed, line breaks folded, and the length limit.
//!
//! Everything here runs before any offset is computed, so removing a character never shifts a span:
//! `articles.text` is the text after these steps, and every offset points into it.

use std::borrow::Cow;
use std::io::Read;

/// Why an input is not an article: a reject reason and its detail.
pub type Refusal = (&'static str, String);

/// Bytes of a text or HTML file → text, without the length limit: rejects empty and binary content,
/// decodes UTF-16 (with a BOM) and legacy encodings (flagged), repairs stray invalid UTF-8 (flagged),
/// removes control and invisible format characters, folds CRLF and CR to LF.
pub fn bytes_to_text(bytes: Vec<u8>, flags: &mut Vec<&'static str>) -> Result<String, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(("empty", "no text (zero bytes or only whitespace)".into()));
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        flags.push(encoding_flag(encoding));
        if had_errors {
            flags.push("invalid_utf16");
        }
        return finish(text.into_owned());
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let head = &body[..body.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
        .count();
    if head.contains(&0) || controls * 10 > head.len() {
        return Err((
            "binary",
            format!(
                "{controls} control bytes in the first {} bytes: not text",
                head.len()
            ),
        ));
    }
    let text = match std::str::from_utf8(body) {
        Ok(_) if body.len() == bytes.len() => {
            // Valid UTF-8 without a BOM, the common case: no copy.
            String::from_utf8(bytes).unwrap_or_default()
        }
        Ok(text) => text.to_string(),
        Err(_) => not_utf8(body, flags).into_owned(),
    };
    finish(text)
}

fn finish(text: String) -> Result<String, Refusal> {
    let text = text_only(text);
    if text.trim().is_empty() {
        return Err((
            "empty",
            "no text once control characters are removed".into(),
        ));
    }
    Ok(text)
}

/// Bytes that are not valid UTF-8 → text. Mostly UTF-8 with a few broken bytes (a cut or a bad
/// copy) is repaired (U+FFFD, flag `invalid_utf8`); text with no valid multi-byte sequence at all
/// is in a legacy encoding (Windows-1252, Latin-1, ...) that chardetng guesses, decoded and flagged
/// with the encoding's name.
pub fn not_utf8<'a>(bytes: &'a [u8], flags: &mut Vec<&'static str>) -> Cow<'a, str> {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if valid_multibyte > invalid {
        flags.push("invalid_utf8");
        return String::from_utf8_lossy(bytes);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    let (text, _, _) = encoding.decode(bytes);
    flags.push(encoding_flag(encoding));
    Cow::Owned(text.into_owned())
}

/// The flag that names the encoding a text was decoded from.
pub fn encoding_flag(encoding: &'static encoding_rs::Encoding) -> &'static str {
    match encoding.name() {
        "UTF-16LE" => "from_utf16le",
        "UTF-16BE" => "from_utf16be",
        "windows-1252" => "from_windows_1252",
        "windows-1250" => "from_windows_1250",
        "windows-1251" => "from_windows_1251",
        "windows-1253" => "from_windows_1253",
        "windows-1254" => "from_windows_1254",
        "windows-1255" => "from_windows_1255",
        "windows-1256" => "from_windows_1256",
        "windows-1257" => "from_windows_1257",
        "windows-1258" => "from_windows_1258",
        "windows-874" => "from_windows_874",
        "ISO-8859-2" => "from_iso_8859_2",
        "ISO-8859-4" => "from_iso_8859_4",
        "ISO-8859-5" => "from_iso_8859_5",
        "ISO-8859-6" => "from_iso_8859_6",
        "ISO-8859-7" => "from_iso_8859_7",
        "ISO-8859-8" => "from_iso_8859_8",
        "ISO-8859-13" => "from_iso_8859_13",
        "KOI8-U" => "from_koi8_u",
        "IBM866" => "from_ibm866",
        "Shift_JIS" => "from_shift_jis",
        "EUC-JP" => "from_euc_jp",
        "ISO-2022-JP" => "from_iso_2022_jp",
        "EUC-KR" => "from_euc_kr",
        "Big5" => "from_big5",
        "GBK" => "from_gbk",
        _ => "from_legacy_encoding",
    }
}

/// A character that is not text: C0 and C1 controls (but tab and line breaks), DEL, and invisible
/// format characters that split numbers and words without showing (zero-width space, word joiner,
/// a BOM inside the text, soft hyphen).
fn is_not_text(c: char) -> bool {
    matches!(c,
        '\0'..='\u{08}' | '\u{0e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Removes what is not text (see `is_not_text`), turns vertical tab, form feed, CR, CRLF and the
/// Unicode line and paragraph separators into LF, and removes zero-width joiners and non-joiners
/// next to an ASCII character ("5\u{200d}.2"), where they only break tokens; between letters of
/// scripts that need them (Persian, Indic, emoji sequences) they stay.
pub fn text_only(text: String) -> String {
    let is_break = |c: char| matches!(c, '\r' | '\u{0b}' | '\u{0c}' | '\u{2028}' | '\u{2029}');
    let is_joiner = |c: char| matches!(c, '\u{200c}' | '\u{200d}');
    if !text
        .chars()
        .any(|c| is_not_text(c) || is_break(c) || is_joiner(c))
    {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_not_text(c) {
            continue;
        }
        if c == '\r' {
            if chars.get(i + 1) != Some(&'\n') {
                out.push('\n');
            }
        } else if is_break(c) {
            out.push('\n');
        } else if is_joiner(c) {
            let ascii_beside =
                (i > 0 && chars[i - 1].is_ascii()) || chars.get(i + 1).is_some_and(char::is_ascii);
            if !ascii_beside {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Cuts a text longer than `max_doc_bytes` at the last line break (or space) in its second half
/// before the limit, and flags it `truncated`.
pub fn cut_to_limit(
    mut text: String,
    max_doc_bytes: usize,
    flags: &mut Vec<&'static str>,
) -> String {
    if text.len() <= max_doc_bytes {
        return text;
    }
    let mut cut = max_doc_bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(nl) = text[..cut].rfind('\n').filter(|&nl| nl > max_doc_bytes / 2) {
        cut = nl;
    } else if let Some(sp) = text[..cut].rfind(' ').filter(|&sp| sp > max_doc_bytes / 2) {
        cut = sp;
    }
    text.truncate(cut);
    flags.push("truncated");
    text
}

/// Reads at most `limit + 1` bytes. Memory is reserved fallibly, so a read the machine cannot hold
/// is a reject that says so (`out_of_memory`), not an abort of the whole run.
pub fn read_limited(reader: impl Read, limit: u64, gzip: bool) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    let mut reader = reader.take(limit.saturating_add(1));
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err((
                    read_failure(&e, gzip),
                    format!("read failed after {} bytes: {e}", bytes.len()),
                ));
            }
        };
        if bytes.try_reserve(n).is_err() {
            return Err((
                "out_of_memory",
                format!(
                    "no memory for more than {} bytes: lower input.max_file_bytes or give the run more memory",
                    bytes.len()
                ),
            ));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// The reject reason for a failed read: memory exhausted (the decompressor could not allocate) is
/// not damage; a gzip stream that does not decode is.
pub fn read_failure(e: &std::io::Error, gzip: bool) -> &'static str {
    let message = e.to_string().to_ascii_lowercase();
    if e.kind() == std::io::ErrorKind::OutOfMemory
        || message.contains("insufficient memory")
        || message.contains("out of memory")
    {
        "out_of_memory"
    } else if gzip {
        "corrupt_gzip"
    } else {
        "unreadable"
    }
}
