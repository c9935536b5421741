//! Dedup: exact and near-duplicate articles, in input order.
//!
//! Each article gets a signature in the parallel part of the run (a pure function of its text):
//! the hash of its word sequence (lower-cased letters and digits, page furniture left out) and a
//! MinHash of its word 5-shingles (`HASHES` hash functions). The serial part then compares it with
//! the articles read before it: the same word sequence is an `exact` duplicate; otherwise the
//! MinHash is banded (`BANDS` bands of `ROWS` rows: a pair with Jaccard similarity 0.5 shares a band
//! with probability 0.93, one with 0.3 with probability 0.42) and each candidate's similarity is
//! estimated as the share of equal MinHash values. At `near_threshold` or above, and when both
//! articles have at least `min_words` words, the article is a `near` duplicate of the earliest best
//! match. Only originals are indexed, so every copy points at an original, never at another copy.
//!
//! State: one signature (`HASHES` × 4 bytes) and `BANDS` band keys per original article, about
//! 500 bytes; a run over a million originals holds about 500 MB. Signatures are kept in the ledger
//! (`_state/ledger`), and every run recomputes duplicates over all articles in input order (see
//! `pipeline`), so N incremental runs mark the same duplicates as one full run.

use std::collections::HashMap;

use crate::model::{Doc, DuplicateOf};
use serde::Deserialize;

/// `[dedup]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct DedupFile {
    pub enabled: bool,
    pub near_threshold: f32,
    pub min_words: usize,
}

/// Duplicate detection settings.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct DedupConfig {
    pub enabled: bool,
    pub near_threshold: f32,
    pub min_words: usize,
}

/// MinHash values per article.
pub const HASHES: usize = 60;
/// LSH bands.
pub const BANDS: usize = 20;
/// Values per band.
pub const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
pub const SHINGLE: usize = 5;

/// What dedup needs to know about one article.
#[derive(Debug, Clone)]
pub struct Signature {
    exact: u64,
    words: usize,
    minhash: Option<Box<[u32; HASHES]>>,
}

fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Multipliers and offsets of the hash family, fixed so that signatures are the same on every run.
fn family() -> &'static [(u64, u64); HASHES] {
    static FAMILY: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    FAMILY.get_or_init(|| {
        let mut out = [(0u64, 0u64); HASHES];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = (mix(2 * i as u64 + 1) | 1, mix(2 * i as u64 + 2));
        }
        out
    })
}

/// The signature of a document.
pub fn signature(doc: &Doc) -> Signature {
    let mut word_hashes: Vec<u64> = Vec::new();
    let mut word = String::new();
    let mut exact = 0xcbf2_9ce4_8422_2325u64;
    for c in doc.view.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            let h = fnv(word.as_bytes(), 0);
            exact = mix(exact ^ h);
            word_hashes.push(h);
            word.clear();
        }
    }
    let words = word_hashes.len();
    let minhash = (words >= SHINGLE).then(|| {
        let fam = family();
        let mut mins = Box::new([u32::MAX; HASHES]);
        for w in word_hashes.windows(SHINGLE) {
            let shingle = w.iter().fold(0u64, |acc, &h| mix(acc ^ h));
            for (m, &(a, b)) in mins.iter_mut().zip(fam.iter()) {
                let v = (shingle.wrapping_mul(a).wrapping_add(b) >> 32) as u32;
                if v < *m {
                    *m = v;
                }
            }
        }
        mins
    });
    Signature {
        exact,
        words,
        minhash,
    }
}

/// Estimated Jaccard similarity of two MinHash signatures.
pub fn similarity(a: &[u32; HASHES], b: &[u32; HASHES]) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

fn band_key(band: usize, mins: &[u32; HASHES]) -> u64 {
    let mut h = mix(band as u64 + 0x9e37_79b9);
    for v in &mins[band * ROWS..(band + 1) * ROWS] {
        h = mix(h ^ u64::from(*v));
    }
    h
}

/// The originals read so far.
#[derive(Debug, Default)]
pub struct Index {
    exact: HashMap<u64, usize>,
    bands: HashMap<u64, Vec<u32>>,
    originals: Vec<(String, Option<Box<[u32; HASHES]>>)>,
}

impl Index {
    /// Marks `doc` as a duplicate of an earlier original, or records it as an original.
    pub fn check(&mut self, doc: &mut Doc, sig: Signature, cfg: &DedupConfig) {
        doc.duplicate = self.check_id(&doc.id, sig, cfg);
    }

    /// The original that the article `doc_id` duplicates; `None` records it as an original.
    pub fn check_id(
        &mut self,
        doc_id: &str,
        sig: Signature,
        cfg: &DedupConfig,
    ) -> Option<DuplicateOf> {
        if !cfg.enabled || sig.words == 0 {
            return None;
        }
        if let Some(&o) = self.exact.get(&sig.exact) {
            return Some(DuplicateOf {
                doc_id: self.originals[o].0.clone(),
                kind: "exact",
                similarity: 1.0,
            });
        }
        let near = sig.minhash.as_ref().filter(|_| sig.words >= cfg.min_words);
        if let Some(mins) = near {
            let mut best: Option<(f32, u32)> = None;
            for band in 0..BANDS {
                let Some(list) = self.bands.get(&band_key(band, mins)) else {
                    continue;
                };
                for &o in list {
                    let Some(theirs) = &self.originals[o as usize].1 else {
                        continue;
                    };
                    let s = similarity(mins, theirs);
                    let better = match best {
                        None => true,
                        Some((bs, bo)) => s > bs || (s == bs && o < bo),
                    };
                    if s >= cfg.near_threshold && better {
                        best = Some((s, o));
                    }
                }
            }
            if let Some((s, o)) = best {
                return Some(DuplicateOf {
                    doc_id: self.originals[o as usize].0.clone(),
                    kind: "near",
                    similarity: s,
                });
            }
        }
        let ordinal = self.originals.len();
        self.exact.insert(sig.exact, ordinal);
        if let Some(mins) = near {
            for band in 0..BANDS {
                self.bands
                    .entry(band_key(band, mins))
                    .or_default()
                    .push(ordinal as u32);
            }
        }
        self.originals.push((doc_id.to_string(), near.cloned()));
        None
    }
}

impl Signature {
    /// Words counted.
    pub fn words(&self) -> usize {
        self.words
    }

    /// The word-sequence hash, hex.
    pub fn exact_hex(&self) -> String {
        format!("{:016x}", self.exact)
    }

    /// The MinHash values, hex (8 digits each), when the article has a shingle.
    pub fn minhash_hex(&self) -> Option<String> {
        self.minhash.as_ref().map(|m| {
            m.iter()
                .fold(String::with_capacity(HASHES * 8), |mut s, v| {
                    use std::fmt::Write;
                    let _ = write!(s, "{v:08x}");
                    s
                })
        })
    }

    /// Rebuilds a signature kept in the ledger; `None` when the text is not a signature.
    pub fn from_parts(
        words: usize,
        exact_hex: &str,
        minhash_hex: Option<&str>,
    ) -> Option<Signature> {
        let exact = u64::from_str_radix(exact_hex, 16).ok()?;
        let minhash = match minhash_hex {
            None => None,
            Some(h) if h.len() == HASHES * 8 && h.is_ascii() => {
                let mut out = [0u32; HASHES];
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = u32::from_str_radix(&h[i * 8..i * 8 + 8], 16).ok()?;
                }
                Some(Box::new(out))
            }
            Some(_) => return None,
        };
        Some(Signature {
            exact,
            words,
            minhash,
        })
    }
}
