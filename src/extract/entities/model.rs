//! A learned entity tagger: an averaged perceptron over hashed features of each token, decoding
//! greedily from left to right with BIO labels over five types (PERSON, NORP, ORG, GPE, LOC), in
//! the manner of Ratinov and Roth (2009) and Collins (2002).
//!
//! Features of a token: its form, lower case, shape, prefixes and suffixes (these depend on the
//! word alone and are summed once per word form and thread); the words and shapes around it (±2);
//! the punctuation next to it; whether it starts a sentence or sits in an all-capitals line (a wire
//! headline); the registry's verdict on it (inside a listed person, organization, place or
//! demonym); the labels given to the two tokens before it; and the type the same word was given
//! earlier in the document (Ratinov and Roth's "extended prediction history": "Mr Rogers" early on
//! tells how to read "Rogers" later).
//!
//! A token without a capital letter never begins an entity: it is labelled O without scoring unless
//! it continues one ("Bank of England"). That keeps the cost to the capitalized words and their
//! neighbours, and training follows the same rule, so the model learns what it will be asked.
//!
//! The model file (`data/models/entities-en.bin`, written by `newsfacts train-entities`) is gzip
//! over: magic, the type names, a weight scale, then for each feature, in ascending key order, its
//! 32-bit key and one 16-bit weight per label.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

use crate::text::tokens::Token;

/// The entity types the model labels, in label order.
pub const TYPES: [&str; 5] = ["PERSON", "NORP", "ORG", "GPE", "LOC"];
/// O, then B- and I- of each type.
pub const LABELS: usize = 1 + 2 * TYPES.len();
const MAGIC: &[u8] = b"newsfacts-entities-perceptron-1\n";

/// The label that begins an entity of type `t` (an index into `TYPES`).
pub fn begin(t: usize) -> usize {
    1 + 2 * t
}

/// The label that continues an entity of type `t`.
pub fn inside(t: usize) -> usize {
    2 + 2 * t
}

/// The type of a label other than O.
pub fn type_of(label: usize) -> Option<usize> {
    (label > 0).then(|| (label - 1) / 2)
}

fn is_inside(label: usize) -> bool {
    label > 0 && label.is_multiple_of(2)
}

/// Feature keys are already hashes: the map uses them as they are, mixed once.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u32(&mut self, key: u32) {
        self.0 = (self.0.rotate_left(29) ^ u64::from(key)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// FNV-1a, 32 bits: stable across Rust versions and platforms, so a model file means the same
/// everywhere.
#[derive(Clone, Copy)]
struct Key(u32);

impl Key {
    fn new(template: u8) -> Key {
        Key(0x811c_9dc5).byte(template)
    }
    fn byte(self, b: u8) -> Key {
        Key((self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193))
    }
    fn bytes(self, bs: &[u8]) -> Key {
        bs.iter().fold(self, |k, &b| k.byte(b))
    }
    fn word(self, w: u32) -> Key {
        self.bytes(&w.to_le_bytes())
    }
}

/// Feature templates (the first byte of every key).
mod template {
    pub const BIAS: u8 = 0;
    pub const FORM: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const SHAPE: u8 = 3;
    pub const PREFIX: u8 = 4;
    pub const SUFFIX: u8 = 5;
    pub const WORD_AT: u8 = 6;
    pub const SHAPE_AT: u8 = 7;
    pub const SHAPE_PAIR: u8 = 8;
    pub const PREV_WORD_SHAPE: u8 = 9;
    pub const SENTENCE_START: u8 = 10;
    pub const HEADLINE: u8 = 11;
    pub const REGISTRY: u8 = 12;
    pub const REGISTRY_AT: u8 = 13;
    pub const PUNCT_BEFORE: u8 = 14;
    pub const PUNCT_AFTER: u8 = 15;
    pub const PREV_LABEL: u8 = 16;
    pub const PREV_LABELS: u8 = 17;
    pub const PREV_LABEL_SHAPE: u8 = 18;
    pub const HISTORY: u8 = 19;
    pub const NEXT_WORD_FORM: u8 = 20;
    pub const PREV_LABEL_GAP: u8 = 21;
}

/// What the registry says of a token: nothing, or inside a listed name of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// Not in a listed name.
    No,
    /// First token of a listed name of this kind (0 person, 1 organization, 2 place, 3 demonym).
    Begin(u8),
    /// A later token of one.
    Inside(u8),
}

impl Listed {
    fn code(self) -> u8 {
        match self {
            Listed::No => 0,
            Listed::Begin(k) => 1 + 2 * k,
            Listed::Inside(k) => 2 + 2 * k,
        }
    }
}

/// The per-token facts the features read, computed once per document.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    form: Vec<u32>,
    lower: Vec<u32>,
    shape: Vec<u32>,
    capitalized: Vec<bool>,
    sentence_start: Vec<bool>,
    headline: Vec<bool>,
    listed: Vec<u8>,
    punct_before: Vec<u8>,
    punct_after: Vec<u8>,
}

/// How many features depend on the word alone (`local_keys`).
pub const LOCAL: usize = 10;

/// Keys of the features that depend on the word alone: bias, form, lower case, shape, prefixes
/// and suffixes. The tagger sums their weights once per word form and thread.
pub fn local_keys(word: &str) -> [u32; LOCAL] {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    // Affixes count characters; `bounds[n]` is where the n-th character starts (and, past the
    // last, the length), so an affix is a slice of `lower`.
    let bounds: Vec<usize> = lower
        .char_indices()
        .map(|(at, _)| at)
        .chain([lower.len()])
        .collect();
    let chars = bounds.len() - 1;
    let affix = |template: u8, n: usize, from_end: bool| -> u32 {
        let n = n.min(chars);
        let part = if from_end {
            &lower[bounds[chars - n]..]
        } else {
            &lower[..bounds[n]]
        };
        Key::new(template).byte(n as u8).bytes(part.as_bytes()).0
    };
    [
        Key::new(template::BIAS).0,
        hash_str(template::FORM, word),
        lower_key(word),
        shape_key(word),
        affix(template::PREFIX, 1, false),
        affix(template::PREFIX, 3, false),
        affix(template::SUFFIX, 1, true),
        affix(template::SUFFIX, 2, true),
        affix(template::SUFFIX, 3, true),
        affix(template::SUFFIX, 4, true),
    ]
}

/// A word's form, lower-case and shape keys and whether it holds a capital letter. Most words are
/// ASCII: one pass over their bytes gives all four, the same keys as the functions for any text.
fn word_keys(word: &str) -> (u32, u32, u32, bool) {
    if !word.is_ascii() {
        return (
            hash_str(template::FORM, word),
            lower_key(word),
            shape_key(word),
            word.chars().any(char::is_uppercase),
        );
    }
    let mut form = Key::new(template::FORM);
    let mut lower = Key::new(template::LOWER);
    let mut shape = Key::new(template::SHAPE);
    let mut last = 0u8;
    let mut capitalized = false;
    for b in word.bytes() {
        form = form.byte(b);
        lower = lower.byte(b.to_ascii_lowercase());
        let class = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => b,
        };
        if class != last {
            shape = shape.byte(class);
            last = class;
        }
        capitalized |= b.is_ascii_uppercase();
    }
    (form.0, lower.0, shape.0, capitalized)
}

/// `hash_str(LOWER, lower case of word)`, without building the string.
fn lower_key(word: &str) -> u32 {
    let mut key = Key::new(template::LOWER);
    if word.is_ascii() {
        for b in word.bytes() {
            key = key.byte(b.to_ascii_lowercase());
        }
        return key.0;
    }
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        key = key.bytes(c.encode_utf8(&mut buf).as_bytes());
    }
    key.0
}

/// The class of a char in a word's shape.
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// `hash_str(SHAPE, shape(word))`, without building the string.
fn shape_key(word: &str) -> u32 {
    let mut key = Key::new(template::SHAPE);
    let mut buf = [0u8; 4];
    let mut last = '\0';
    for class in word.chars().map(shape_class) {
        if class != last {
            key = key.bytes(class.encode_utf8(&mut buf).as_bytes());
            last = class;
        }
    }
    key.0
}

fn hash_str(template: u8, s: &str) -> u32 {
    Key::new(template).bytes(s.as_bytes()).0
}

/// "Xxxx" → "Xx", "U.S." → "X.X.", "1987" → "d", "McDonald" → "XxXx": character classes with
/// repeats collapsed.
#[cfg(test)]
fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for class in word.chars().map(shape_class) {
        if class != last {
            out.push(class);
            last = class;
        }
    }
    out
}

/// What separates two tokens, as one byte (0 for the one space that most gaps are): the punctuation mark nearest the token (looking into
/// the gap from the token's side), or a line break, or a paragraph break, or nothing but spaces.
/// "Ryan,” Trump" and "States,\nJapan" must look different from "Paul Ryan".
fn gap_code(gap: &str, token_before_gap: bool) -> u8 {
    if gap == " " {
        return 0;
    }
    let mark = if token_before_gap {
        gap.chars().find(|c| !c.is_whitespace())
    } else {
        gap.chars().rev().find(|c| !c.is_whitespace())
    };
    match mark {
        Some(c) if c.is_ascii_punctuation() => c as u8,
        Some(_) => b'~',
        None if gap.matches('\n').count() > 1 => b'P',
        None if gap.contains('\n') => b'N',
        None => 0,
    }
}

impl Prepared {
    /// The facts of `tokens` in `view`. `sentence_starts` are the byte offsets where sentences
    /// begin (sorted); `listed` gives the registry's verdict for each token.
    pub fn new(view: &str, tokens: &[Token], sentence_starts: &[usize], listed: &[Listed]) -> Self {
        let n = tokens.len();
        let mut p = Prepared {
            form: Vec::with_capacity(n),
            lower: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            capitalized: Vec::with_capacity(n),
            sentence_start: Vec::with_capacity(n),
            headline: Vec::with_capacity(n),
            listed: listed.iter().map(|l| l.code()).collect(),
            punct_before: Vec::with_capacity(n),
            punct_after: Vec::with_capacity(n),
        };
        let mut next_sentence = 0;
        let mut gap_start = 0;
        for (i, token) in tokens.iter().enumerate() {
            let gap_end = tokens.get(i + 1).map_or(view.len(), |t| t.start);
            p.punct_after
                .push(gap_code(&view[token.end..gap_end], true));
            let word = token.text(view);
            let mut starts = false;
            while next_sentence < sentence_starts.len()
                && sentence_starts[next_sentence] <= token.start
            {
                starts = true;
                next_sentence += 1;
            }
            p.sentence_start.push(starts);
            let (form, lower, shape, capitalized) = word_keys(word);
            p.capitalized.push(capitalized);
            p.form.push(form);
            p.lower.push(lower);
            p.shape.push(shape);
            p.punct_before
                .push(gap_code(&view[gap_start..token.start], false));
            gap_start = token.end;
        }
        // A line without lower-case letters is a headline (wire copy writes them in capitals).
        let mut i = 0;
        while i < n {
            let line_start = view[..tokens[i].start].rfind('\n').map_or(0, |x| x + 1);
            let line_end = view[tokens[i].start..]
                .find('\n')
                .map_or(view.len(), |x| tokens[i].start + x);
            let line = &view[line_start..line_end];
            let shouting =
                line.chars().any(char::is_uppercase) && !line.chars().any(char::is_lowercase);
            while i < n && tokens[i].start < line_end {
                p.headline.push(shouting);
                i += 1;
            }
        }
        p
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.form.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.form.is_empty()
    }

    /// Keys of the features that depend on the context and the labels so far (the form-only ones
    /// are in `local`).
    fn context_keys(
        &self,
        i: usize,
        prev: usize,
        prev2: usize,
        history: Option<u8>,
        out: &mut Vec<u32>,
    ) {
        use template::*;
        out.clear();
        let n = self.len();
        let at = |offset: isize| -> Option<usize> {
            let j = i as isize + offset;
            (0..n as isize).contains(&j).then_some(j as usize)
        };
        for offset in [-2isize, -1, 1, 2] {
            let k = Key::new(WORD_AT).byte(offset as u8);
            out.push(match at(offset) {
                Some(j) => k.word(self.lower[j]).0,
                None => k.byte(0xff).0,
            });
        }
        for offset in [-1isize, 1] {
            let k = Key::new(SHAPE_AT).byte(offset as u8);
            out.push(match at(offset) {
                Some(j) => k.word(self.shape[j]).0,
                None => k.byte(0xff).0,
            });
        }
        let shape = self.shape[i];
        let shape_before = at(-1).map_or(0, |j| self.shape[j]);
        let shape_after = at(1).map_or(0, |j| self.shape[j]);
        out.push(Key::new(SHAPE_PAIR).word(shape_before).word(shape).0);
        out.push(Key::new(SHAPE_PAIR).byte(1).word(shape).word(shape_after).0);
        out.push(
            Key::new(PREV_WORD_SHAPE)
                .word(at(-1).map_or(0, |j| self.lower[j]))
                .word(shape)
                .0,
        );
        out.push(
            Key::new(NEXT_WORD_FORM)
                .word(self.lower[i])
                .word(at(1).map_or(0, |j| self.lower[j]))
                .0,
        );
        out.push(
            Key::new(SENTENCE_START)
                .byte(self.sentence_start[i] as u8)
                .word(shape)
                .0,
        );
        out.push(
            Key::new(HEADLINE)
                .byte(self.headline[i] as u8)
                .word(shape)
                .0,
        );
        out.push(Key::new(REGISTRY).byte(self.listed[i]).0);
        out.push(
            Key::new(REGISTRY_AT)
                .byte(at(-1).map_or(0xff, |j| self.listed[j]))
                .byte(self.listed[i])
                .byte(at(1).map_or(0xff, |j| self.listed[j]))
                .0,
        );
        out.push(Key::new(PUNCT_BEFORE).byte(self.punct_before[i]).0);
        out.push(Key::new(PUNCT_AFTER).byte(self.punct_after[i]).0);
        out.push(Key::new(PREV_LABEL).byte(prev as u8).0);
        out.push(
            Key::new(PREV_LABEL_GAP)
                .byte(prev as u8)
                .byte(self.punct_before[i])
                .0,
        );
        out.push(Key::new(PREV_LABELS).byte(prev as u8).byte(prev2 as u8).0);
        out.push(Key::new(PREV_LABEL_SHAPE).byte(prev as u8).word(shape).0);
        out.push(Key::new(HISTORY).byte(history.map_or(0xff, |t| t)).0);
    }
}

/// Label scores of one token.
type Scores = [f32; LABELS];

/// Label weights of one feature, quantized: multiplied by `Weights::scale` they are the
/// perceptron's averaged weights.
type Row = [i16; LABELS];

/// Summed quantized weights of one token (at most a few dozen features of ±32,767: no overflow,
/// and exact, so the sum does not depend on the order of the features).
type Sums = [i32; LABELS];

/// The trained weights: each feature's quantized row, found through an open-addressing table of
/// keys. About 20 bytes a feature where a general hash map of float rows took about 100, which
/// keeps more of the model in the processor's cache and makes reading it a copy, not a build.
#[derive(Debug, Clone, Default)]
struct Weights {
    /// Feature keys, ascending; `rows[i]` belongs to `keys[i]`.
    keys: Vec<u32>,
    rows: Vec<Row>,
    /// `key << 32 | (index into rows + 1)`, at the slot the key hashes to or the first free one
    /// after it; 0 is a free slot. A power of two, at most half full.
    slots: Vec<u64>,
    /// 64 minus the number of bits of a slot index.
    shift: u32,
    /// What one quantum of weight is worth.
    scale: f32,
}

impl Weights {
    /// The table over `keys` (ascending, distinct) and their `rows`.
    fn new(keys: Vec<u32>, rows: Vec<Row>, scale: f32) -> Weights {
        let bits = (2 * keys.len().max(1)).next_power_of_two().trailing_zeros();
        let mut slots = vec![0u64; 1 << bits];
        let mask = slots.len() - 1;
        let shift = 64 - bits;
        for (i, &key) in keys.iter().enumerate() {
            let mut at = Self::home(key, shift);
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = u64::from(key) << 32 | (i as u64 + 1);
        }
        Weights {
            keys,
            rows,
            slots,
            shift,
            scale,
        }
    }

    /// The slot a key hashes to (Fibonacci hashing: the keys are hashes already, but FNV's low
    /// bits are weak).
    fn home(key: u32, shift: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
    }

    /// Adds the rows of `keys` that the model has to `sums`. All the keys' slots are read before
    /// any is examined, and all the rows found before any is added: the table is larger than the
    /// processor's nearer caches, and loads that do not wait on one another's branches overlap.
    fn add_all(&self, keys: &[u32], sums: &mut Sums) {
        const BATCH: usize = 32;
        if self.keys.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        for batch in keys.chunks(BATCH) {
            let mut at = [0usize; BATCH];
            let mut slot = [0u64; BATCH];
            for (k, &key) in batch.iter().enumerate() {
                at[k] = Self::home(key, self.shift);
                slot[k] = self.slots[at[k]];
            }
            let mut found = [0usize; BATCH];
            let mut n = 0;
            for (k, &key) in batch.iter().enumerate() {
                let (mut at, mut s) = (at[k], slot[k]);
                while s != 0 {
                    if (s >> 32) as u32 == key {
                        found[n] = (s as u32 - 1) as usize;
                        n += 1;
                        break;
                    }
                    at = (at + 1) & mask;
                    s = self.slots[at];
                }
            }
            let mut rows = [[0i16; LABELS]; BATCH];
            for (row, &r) in rows.iter_mut().zip(&found[..n]) {
                *row = self.rows[r];
            }
            for row in &rows[..n] {
                for (s, &w) in sums.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
    }

    /// Quantizes float weights to 16 bits, leaving out the features none of whose weights reaches
    /// `min_weight` in absolute value (and those whose weights all round to zero).
    fn quantized(weights: impl IntoIterator<Item = (u32, Scores)>, min_weight: f32) -> Weights {
        let weights: Vec<(u32, Scores)> = weights.into_iter().collect();
        let max = weights
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut kept: Vec<(u32, Row)> = weights
            .iter()
            .filter(|(_, w)| w.iter().any(|x| x.abs() >= min_weight))
            .filter_map(|&(key, w)| {
                let q = w.map(|x| (x / scale).round() as i16);
                q.iter().any(|&x| x != 0).then_some((key, q))
            })
            .collect();
        kept.sort_by_key(|(key, _)| *key);
        let (keys, rows) = kept.into_iter().unzip();
        Weights::new(keys, rows, scale)
    }
}

/// The trained model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    weights: Weights,
    /// Tells models apart in a thread's scratch (its summed scores belong to one model).
    id: u64,
}

/// A fresh `Model::id`.
fn next_model_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// One entity the model found: token range and type (an index into `TYPES`), with its confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// Index into `TYPES`.
    pub kind: usize,
    /// Softmax of the scores of the chosen labels, averaged over the span's tokens: a rank between
    /// 0 and 1, not a calibrated probability.
    pub confidence: f32,
}

/// Per-thread working memory: the summed weights of each word form seen lately (form-only
/// features), for the model whose id it holds, and buffers. A word form is known by three hashes
/// (its form, lower case and shape): one 32-bit hash shared by two words would let the word a
/// thread met first lend its scores to the other, and the output depend on which thread read what.
#[derive(Debug, Default)]
pub struct Scratch {
    local_sums: HashMap<(u32, u32, u32), Sums, BuildHasherDefault<KeyHasher>>,
    model: u64,
    keys: Vec<u32>,
}

/// How many word forms a thread keeps summed before starting over (about 1 MB).
const LOCAL_CACHE_LIMIT: usize = 20_000;

impl Model {
    /// Tags a prepared document: the entities, in text order. `local(i)` gives the word-only
    /// feature keys of token `i` (`local_keys` of its text); they are asked for only when this
    /// thread has not summed that word form yet.
    pub fn tag(
        &self,
        p: &Prepared,
        local: impl Fn(usize) -> [u32; LOCAL],
        scratch: &mut Scratch,
    ) -> Vec<Span> {
        let weights = &self.weights;
        let labels = decode(p, &mut scratch.keys, |i, keys, scores| {
            if scratch.local_sums.len() > LOCAL_CACHE_LIMIT || scratch.model != self.id {
                scratch.local_sums.clear();
                scratch.model = self.id;
            }
            let word = (p.form[i], p.lower[i], p.shape[i]);
            let mut sums = *scratch.local_sums.entry(word).or_insert_with(|| {
                let mut s = [0; LABELS];
                weights.add_all(&local(i), &mut s);
                s
            });
            weights.add_all(keys, &mut sums);
            *scores = sums.map(|s| s as f32 * weights.scale);
        });
        spans(&labels)
    }

    /// Checks that a model file starts with the header this build reads, inflating only the
    /// header.
    ///
    /// # Errors
    /// Not gzip, not a model of this version, or labelling other types: the message says which.
    pub fn check_header(bytes: &[u8]) -> std::result::Result<(), String> {
        let mut head = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|e| format!("not a gzip stream: {e}"))?;
        Self::types_and_rest(&head).map(|_| ())
    }

    /// The type names after the magic, checked against `TYPES`, and the bytes after them.
    fn types_and_rest(data: &[u8]) -> std::result::Result<&[u8], String> {
        let mut body = data
            .strip_prefix(MAGIC)
            .ok_or("not an entity model of this version (wrong header)")?;
        let mut take = |n: usize| -> std::result::Result<&[u8], String> {
            let (part, rest) = body
                .split_at_checked(n)
                .ok_or("the model file is truncated")?;
            body = rest;
            Ok(part)
        };
        let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
        let types = u32_at(take(4)?) as usize;
        let mut names = Vec::new();
        for _ in 0..types.min(64) {
            let len = u32_at(take(4)?) as usize;
            names.push(String::from_utf8_lossy(take(len)?).into_owned());
        }
        if names != TYPES {
            return Err(format!(
                "the model labels {names:?}, this build expects {TYPES:?}"
            ));
        }
        Ok(body)
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// Not a model of this version, or truncated: the message says which.
    pub fn read(bytes: &[u8]) -> std::result::Result<Model, String> {
        let mut data = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut data)
            .map_err(|e| format!("not a gzip stream: {e}"))?;
        let body = Self::types_and_rest(&data)?;
        let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
        let (scale, body) = body
            .split_at_checked(4)
            .ok_or("the model file is truncated")?;
        let scale = f32::from_le_bytes(scale.try_into().expect("4 bytes"));
        let (count, body) = body
            .split_at_checked(4)
            .ok_or("the model file is truncated")?;
        let count = u32_at(count) as usize;
        const ROW: usize = 4 + 2 * LABELS;
        let table = body
            .get(..count * ROW)
            .ok_or("the model file is truncated")?;
        let mut keys = Vec::with_capacity(count);
        let mut rows = Vec::with_capacity(count);
        for row in table.chunks_exact(ROW) {
            let key = u32_at(&row[..4]);
            if keys.last().is_some_and(|&last| last >= key) {
                return Err("the model's features are not in ascending key order".into());
            }
            keys.push(key);
            let mut weights = [0; LABELS];
            for (w, b) in weights.iter_mut().zip(row[4..].chunks_exact(2)) {
                *w = i16::from_le_bytes([b[0], b[1]]);
            }
            rows.push(weights);
        }
        Ok(Model {
            weights: Weights::new(keys, rows, scale),
            id: next_model_id(),
        })
    }

    /// Writes the model: its 16-bit weights and their scale, features in ascending key order.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let w = &self.weights;
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        gz.write_all(MAGIC)?;
        gz.write_all(&(TYPES.len() as u32).to_le_bytes())?;
        for name in TYPES {
            gz.write_all(&(name.len() as u32).to_le_bytes())?;
            gz.write_all(name.as_bytes())?;
        }
        gz.write_all(&w.scale.to_le_bytes())?;
        gz.write_all(&(w.keys.len() as u32).to_le_bytes())?;
        for (key, row) in w.keys.iter().zip(&w.rows) {
            gz.write_all(&key.to_le_bytes())?;
            for x in row {
                gz.write_all(&x.to_le_bytes())?;
            }
        }
        gz.finish()?;
        Ok(())
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.weights.keys.len()
    }
}

/// Where an entity ending with `token` ends in `view`: after the token, or after the period that
/// follows it when that period belongs to an abbreviation ("U.S.", "N.H.", "Inc. said",
/// "(R-Wis.)"), as a tokenizer that leaves sentence periods out cannot tell by itself.
pub fn end_of(view: &str, token: &Token) -> usize {
    let word = token.text(view);
    let rest = &view[token.end..];
    if !rest.starts_with('.') {
        return token.end;
    }
    let after = rest[1..].trim_start_matches(' ');
    let abbreviation = word.contains('.')
        || after.starts_with([')', ',', ';', ':'])
        || after.chars().next().is_some_and(char::is_lowercase);
    if abbreviation {
        token.end + 1
    } else {
        token.end
    }
}

/// Greedy left-to-right decoding: `score(i, context_keys, scores)` fills the label scores of token
/// `i`. Returns each token's label and the softmax weight of that label.
fn decode(
    p: &Prepared,
    keys: &mut Vec<u32>,
    mut score: impl FnMut(usize, &[u32], &mut Scores),
) -> Vec<(usize, f32)> {
    let mut labels: Vec<(usize, f32)> = Vec::with_capacity(p.len());
    let mut history: KeyMap<[u16; TYPES.len()]> = KeyMap::default();
    let mut scores = [0.0; LABELS];
    for i in 0..p.len() {
        let prev = i.checked_sub(1).map_or(0, |j| labels[j].0);
        let prev2 = i.checked_sub(2).map_or(0, |j| labels[j].0);
        if !p.capitalized[i] && prev == 0 {
            labels.push((0, 1.0));
            continue;
        }
        p.context_keys(i, prev, prev2, history_of(&history, p.lower[i]), keys);
        score(i, keys, &mut scores);
        let label = best_allowed(&scores, prev, p.capitalized[i]);
        // The confidence of an entity's words; an O needs none.
        let weight = if label == 0 {
            1.0
        } else {
            softmax_at(&scores, label, prev, p.capitalized[i])
        };
        labels.push((label, weight));
        if let Some(t) = type_of(label) {
            history.entry(p.lower[i]).or_default()[t] += 1;
        }
    }
    labels
}

/// The type most often given to this word earlier in the document.
fn history_of(history: &KeyMap<[u16; TYPES.len()]>, lower: u32) -> Option<u8> {
    let counts = history.get(&lower)?;
    let (t, &n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(t, &n)| (n, std::cmp::Reverse(t)))?;
    (n > 0).then_some(t as u8)
}

/// Whether `label` may follow `prev`: I-x only after B-x or I-x, and a word without a capital
/// letter only continues an entity.
fn allowed(label: usize, prev: usize, capitalized: bool) -> bool {
    if label == 0 {
        true
    } else if is_inside(label) {
        type_of(prev) == type_of(label)
    } else {
        capitalized
    }
}

/// The best label that may follow `prev`.
fn best_allowed(scores: &Scores, prev: usize, capitalized: bool) -> usize {
    let mut best = 0;
    for label in 1..LABELS {
        if allowed(label, prev, capitalized) && scores[label] > scores[best] {
            best = label;
        }
    }
    best
}

/// Softmax weight of `label` among the labels that may follow `prev`.
fn softmax_at(scores: &Scores, label: usize, prev: usize, capitalized: bool) -> f32 {
    let open = (0..LABELS).filter(|&l| allowed(l, prev, capitalized));
    let max = open.clone().fold(f32::MIN, |m, l| m.max(scores[l]));
    let total: f32 = open.map(|l| (scores[l] - max).exp()).sum();
    (scores[label] - max).exp() / total
}

/// Entities from labels.
fn spans(labels: &[(usize, f32)]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut sum = 0.0;
    for (i, &(label, p)) in labels.iter().enumerate() {
        match type_of(label) {
            Some(t)
                if is_inside(label) && out.last().is_some_and(|s| s.end == i && s.kind == t) =>
            {
                let last = out.last_mut().expect("checked");
                last.end = i + 1;
                sum += p;
                last.confidence = sum / (last.end - last.first) as f32;
            }
            Some(t) => {
                sum = p;
                out.push(Span {
                    first: i,
                    end: i + 1,
                    kind: t,
                    confidence: p,
                });
            }
            None => {}
        }
    }
    out
}

/// Training: an averaged perceptron (Collins 2002; averaging as in Daumé's "lazy" update).
pub mod train {
    use super::*;

    /// One training document: its prepared tokens and gold labels.
    #[derive(Debug, Clone)]
    pub struct Example {
        /// The document's tokens.
        pub prepared: Prepared,
        /// The word-only feature keys of each token (`local_keys`).
        pub local: Vec<[u32; LOCAL]>,
        /// One label per token.
        pub gold: Vec<usize>,
    }

    /// The weights being learned, with the running sums that averaging needs.
    #[derive(Default)]
    struct Learner {
        rows: KeyMap<u32>,
        weights: Vec<Scores>,
        /// Sum over updates of (update time × change), for the average.
        timed: Vec<[f64; LABELS]>,
        time: u64,
    }

    impl Learner {
        fn score(&self, keys: &[u32], scores: &mut Scores) {
            for key in keys {
                if let Some(&row) = self.rows.get(key) {
                    for (s, w) in scores.iter_mut().zip(&self.weights[row as usize]) {
                        *s += w;
                    }
                }
            }
        }

        fn update(&mut self, keys: &[u32], label: usize, change: f32) {
            for &key in keys {
                let next = self.weights.len() as u32;
                let row = *self.rows.entry(key).or_insert(next) as usize;
                if row == self.weights.len() {
                    self.weights.push([0.0; LABELS]);
                    self.timed.push([0.0; LABELS]);
                }
                self.weights[row][label] += change;
                self.timed[row][label] += self.time as f64 * f64::from(change);
            }
        }

        /// The averaged weights, w − (Σ t·Δ)/T, quantized as the model file keeps them (what
        /// training returns is what a run reads back), without the features whose weights all
        /// stay below `min_weight`.
        fn averaged(&self, min_weight: f32) -> Model {
            let time = self.time.max(1) as f64;
            let averaged = self.rows.iter().map(|(&key, &row)| {
                let (w, u) = (&self.weights[row as usize], &self.timed[row as usize]);
                let mut avg = [0.0; LABELS];
                for l in 0..LABELS {
                    avg[l] = (f64::from(w[l]) - u[l] / time) as f32;
                }
                (key, avg)
            });
            Model {
                weights: Weights::quantized(averaged, min_weight),
                id: next_model_id(),
            }
        }
    }

    /// How to train.
    #[derive(Debug, Clone, Copy)]
    pub struct Settings {
        /// Passes over the examples.
        pub epochs: usize,
        /// Seed of the order in which examples are visited: the same seed, the same model.
        pub seed: u64,
        /// The features none of whose averaged weights reaches this, in absolute value, are left
        /// out of the model. A weight is counted in perceptron updates: a feature below 3 has
        /// rarely decided a label, and leaving such features out made the shipped model six
        /// times smaller (fewer cache misses when tagging) at the same scores.
        pub min_weight: f32,
    }

    /// Trains with `settings` over `examples`, visiting them in an order shuffled by the seed
    /// each pass; `progress` hears (epoch, token accuracy on the pass).
    pub fn train(
        examples: &[Example],
        settings: Settings,
        mut progress: impl FnMut(usize, f64),
    ) -> Model {
        let Settings {
            epochs,
            seed,
            min_weight,
        } = settings;
        let mut learner = Learner::default();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = seed.max(1);
        let mut all_keys: Vec<u32> = Vec::new();
        let mut keys: Vec<u32> = Vec::new();
        for epoch in 0..epochs {
            // Fisher-Yates with xorshift64: the same seed gives the same model.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let (mut right, mut seen) = (0usize, 0usize);
            for &e in &order {
                let example = &examples[e];
                let p = &example.prepared;
                let mut history: KeyMap<[u16; TYPES.len()]> = KeyMap::default();
                let mut labels: Vec<usize> = Vec::with_capacity(p.len());
                for i in 0..p.len() {
                    learner.time += 1;
                    let prev = i.checked_sub(1).map_or(0, |j| labels[j]);
                    let prev2 = i.checked_sub(2).map_or(0, |j| labels[j]);
                    // After a wrong guess the gold I-x may be out of reach (I-x only follows
                    // x): the best the tagger can then do is to begin x here.
                    let gold = match type_of(example.gold[i]) {
                        Some(t) if is_inside(example.gold[i]) && type_of(prev) != Some(t) => {
                            if p.capitalized[i] { begin(t) } else { 0 }
                        }
                        _ => example.gold[i],
                    };
                    if !p.capitalized[i] && prev == 0 {
                        labels.push(0);
                        continue;
                    }
                    p.context_keys(i, prev, prev2, history_of(&history, p.lower[i]), &mut keys);
                    all_keys.clear();
                    all_keys.extend_from_slice(&example.local[i]);
                    all_keys.extend_from_slice(&keys);
                    let mut scores = [0.0; LABELS];
                    learner.score(&all_keys, &mut scores);
                    let guess = best_allowed(&scores, prev, p.capitalized[i]);
                    seen += 1;
                    if guess == gold {
                        right += 1;
                    } else {
                        learner.update(&all_keys, gold, 1.0);
                        learner.update(&all_keys, guess, -1.0);
                    }
                    labels.push(guess);
                    if let Some(t) = type_of(guess) {
                        history.entry(p.lower[i]).or_default()[t] += 1;
                    }
                }
            }
            progress(epoch + 1, right as f64 / seen.max(1) as f64);
        }
        learner.averaged(min_weight)
    }

    /// The entities of a label sequence, as (first token, end token, type).
    pub fn spans_of(labels: &[usize]) -> Vec<(u32, u32, usize)> {
        let tagged: Vec<(usize, f32)> = labels.iter().map(|&l| (l, 1.0)).collect();
        spans(&tagged)
            .iter()
            .map(|s| (s.first as u32, s.end as u32, s.kind))
            .collect()
    }

    /// BIO labels of `tokens` from entity spans given as char offsets (start, end, type index);
    /// a span that does not start and end on token edges labels the tokens it covers. Words
    /// without a capital letter at the start of a span ("the Fox Business Network") are left out
    /// of it: the gold sets here follow OntoNotes, which leaves the article out, and the tagger
    /// begins entities only at capitalized words.
    pub fn labels_of(view: &str, tokens: &[Token], spans: &[(u32, u32, usize)]) -> Vec<usize> {
        let mut labels = vec![0; tokens.len()];
        for &(start, end, t) in spans {
            let mut first = true;
            for (i, token) in tokens.iter().enumerate() {
                if token.char_start >= start && token.char_end <= end {
                    if first && !token.text(view).chars().any(char::is_uppercase) {
                        continue;
                    }
                    labels[i] = if first { begin(t) } else { inside(t) };
                    first = false;
                }
            }
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(text: &str) -> (Vec<Token>, Prepared) {
        let tokens = crate::text::tokens::tokenize(text, &[]);
        let listed = vec![Listed::No; tokens.len()];
        let p = Prepared::new(text, &tokens, &[0], &listed);
        (tokens, p)
    }

    #[test]
    fn the_perceptron_learns_names_from_their_context_and_tags_new_ones() {
        // Seed-article phrasings, with the people and places as a teacher would label them.
        let lines = [
            (
                "Wang Yi met Sergey Lavrov in Beijing.",
                vec![(0, 7, 0), (12, 25, 0), (29, 36, 3)],
            ),
            (
                "Lavrov met Wang in Tunxi.",
                vec![(0, 6, 0), (11, 15, 0), (19, 24, 3)],
            ),
            (
                "Xi Jinping met Vladimir Putin in Moscow.",
                vec![(0, 10, 0), (15, 29, 0), (33, 39, 3)],
            ),
        ];
        let examples: Vec<train::Example> = lines
            .iter()
            .map(|(text, spans)| {
                let (tokens, prepared) = prepared(text);
                let gold = train::labels_of(text, &tokens, spans);
                let local = tokens.iter().map(|t| local_keys(t.text(text))).collect();
                train::Example {
                    prepared,
                    local,
                    gold,
                }
            })
            .collect();
        let settings = train::Settings {
            epochs: 10,
            seed: 7,
            min_weight: 0.0,
        };
        let model = train::train(&examples, settings, |_, _| {});
        let text = "Putin met Wang Yi in Moscow.";
        let (tokens, p) = prepared(text);
        let words = |i: usize| local_keys(tokens[i].text(text));
        let found: Vec<(&str, &str)> = model
            .tag(&p, words, &mut Scratch::default())
            .iter()
            .map(|s| {
                let end = end_of(text, &tokens[s.end - 1]);
                (&text[tokens[s.first].start..end], TYPES[s.kind])
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Putin", "PERSON"),
                ("Wang Yi", "PERSON"),
                ("Moscow", "GPE")
            ]
        );
        // Written and read back, it tags the same.
        let mut bytes = Vec::new();
        model.write(&mut bytes).unwrap();
        let again = Model::read(&bytes).unwrap();
        assert_eq!(
            again.tag(&p, words, &mut Scratch::default()).len(),
            model.tag(&p, words, &mut Scratch::default()).len()
        );
    }

    #[test]
    fn a_period_after_an_abbreviation_belongs_to_the_name() {
        let text = "the U.S. Treasury and Texaco Inc. said, as in the U.S.";
        let tokens = crate::text::tokens::tokenize(text, &[]);
        let end = |word: &str| {
            let t = tokens.iter().rfind(|t| t.text(text) == word).unwrap();
            &text[t.start..end_of(text, t)]
        };
        assert_eq!(end("U.S"), "U.S.");
        assert_eq!(end("Inc"), "Inc.");
        assert_eq!(end("Treasury"), "Treasury");
    }

    #[test]
    fn gaps_between_words_are_told_apart() {
        assert_eq!(gap_code(" ", false), 0);
        assert_eq!(gap_code(",\n", false), b',');
        assert_eq!(gap_code(",” ", true), b',');
        assert_eq!(gap_code("\n\n", false), b'P');
        assert_eq!(gap_code("\n", false), b'N');
    }

    #[test]
    fn word_keys_hash_the_lower_case_and_the_shape_as_written_out() {
        // The shipped model's keys were made from the strings: the streaming hashes must agree.
        for w in ["Reagan", "U.S", "Müller", "İstanbul", "1987", "McDonald's"] {
            let lower: String = w.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(lower_key(w), hash_str(template::LOWER, &lower), "{w}");
            assert_eq!(shape_key(w), hash_str(template::SHAPE, &shape(w)), "{w}");
        }
        // The one-pass ASCII keys equal the general ones.
        for w in [
            "Reagan",
            "U.S.",
            "1987",
            "McDonald's",
            "IBM",
            "pct",
            "-",
            "3Com",
        ] {
            let general = (
                hash_str(template::FORM, w),
                lower_key(w),
                shape_key(w),
                w.chars().any(char::is_uppercase),
            );
            assert_eq!(word_keys(w), general, "{w}");
        }
    }

    #[test]
    fn affix_keys_count_characters_of_the_lower_case() {
        let key = |template, s: &str| {
            Key::new(template)
                .byte(s.chars().count() as u8)
                .bytes(s.as_bytes())
                .0
        };
        let keys = local_keys("Müller");
        assert_eq!(keys[4], key(template::PREFIX, "m"));
        assert_eq!(keys[5], key(template::PREFIX, "mül"));
        assert_eq!(keys[6], key(template::SUFFIX, "r"));
        assert_eq!(keys[9], key(template::SUFFIX, "ller"));
        let short = local_keys("Xi");
        assert_eq!(short[5], key(template::PREFIX, "xi"));
        assert_eq!(short[9], key(template::SUFFIX, "xi"));
    }

    #[test]
    fn shapes_collapse_repeats() {
        assert_eq!(shape("Reagan"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1987"), "d");
        assert_eq!(shape("McDonald"), "XxXx");
        assert_eq!(shape("Müller"), "Xx");
    }

    #[test]
    fn labels_become_spans_and_inside_needs_a_begin() {
        let l = |label| (label, 1.0);
        let tagged = [l(begin(0)), l(inside(0)), l(0), l(begin(2)), l(begin(2))];
        let found = spans(&tagged);
        assert_eq!(
            found
                .iter()
                .map(|s| (s.first, s.end, s.kind))
                .collect::<Vec<_>>(),
            vec![(0, 2, 0), (3, 4, 2), (4, 5, 2)]
        );
        let scores = [0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(
            best_allowed(&scores, 0, true),
            0,
            "I-PERSON cannot follow O"
        );
        assert_eq!(best_allowed(&scores, begin(0), true), inside(0));
    }
}
