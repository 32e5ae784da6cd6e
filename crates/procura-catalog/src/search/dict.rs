//! A sorted term dictionary with an inverted index: term → posting list of item positions.
//!
//! Terms live in one string (`text`, ends in `ends`), sorted by bytes, so an exact term is a binary
//! search and a prefix is a contiguous range. Posting lists live in one `Vec<u32>` (CSR layout:
//! term `t` owns `postings[starts[t]..starts[t + 1]]`), ascending by item. Each posting packs the
//! item position and a 4-bit field mask: `item << 4 | mask`, so positions are limited to 2^28.

use super::tokenize::is_cjk;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Bits of the posting mask.
pub(crate) const MASK_BITS: u32 = 4;
/// Most items an index can address.
pub(crate) const MAX_ITEMS: usize = 1 << (32 - MASK_BITS);

pub(crate) fn item_of(posting: u32) -> u32 {
    posting >> MASK_BITS
}

pub(crate) fn mask_of(posting: u32) -> u8 {
    (posting & ((1 << MASK_BITS) - 1)) as u8
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dict {
    pub(crate) text: String,
    pub(crate) ends: Vec<u32>,
    pub(crate) starts: Vec<u32>,
    pub(crate) postings: Vec<u32>,
}

impl Dict {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn term(&self, t: usize) -> &str {
        let start = if t == 0 { 0 } else { self.ends[t - 1] as usize };
        &self.text[start..self.ends[t] as usize]
    }

    pub(crate) fn postings(&self, t: usize) -> &[u32] {
        &self.postings[self.starts[t] as usize..self.starts[t + 1] as usize]
    }

    /// Number of postings of the terms in `range`, without touching them.
    pub(crate) fn postings_in(&self, range: Range<usize>) -> usize {
        (self.starts[range.end] - self.starts[range.start]) as usize
    }

    /// The first term for which `pred` is false, `pred` being true on a prefix of the terms.
    fn partition_point(&self, pred: impl Fn(&str) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.term(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        let t = self.partition_point(|term| term < key);
        (t < self.len() && self.term(t) == key).then_some(t)
    }

    /// The terms starting with `prefix` (including `prefix` itself).
    pub(crate) fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let lo = self.partition_point(|term| term < prefix);
        let hi = self.partition_point(|term| term < prefix || term.starts_with(prefix));
        lo..hi
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.len() + 4 * (self.ends.len() + self.starts.len() + self.postings.len())
    }
}

/// FxHash: fast and deterministic, good enough for interning terms at build time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let word = rest.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b));
            self.add(word);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The first eight bytes of `s` as a big-endian number (zero padded): ordering by it agrees
/// with ordering by `s`, and ties need a full comparison.
pub(crate) fn prefix_key(s: &str) -> u64 {
    let mut key = [0; 8];
    let n = s.len().min(8);
    key[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(key)
}

fn hash(term: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(term.as_bytes());
    h.finish()
}

/// Collects postings item by item (items must be added in ascending order).
///
/// Terms are interned in one arena string with an open-addressing table of ids: no allocation
/// per term, and lookups touch compact memory.
pub(crate) struct DictBuilder {
    arena: String,
    /// `(start, end)` of term `id` in `arena`.
    spans: Vec<(u32, u32)>,
    /// `0`: empty, else the hash's high half above `id + 1` (so most mismatches are rejected
    /// without reading the term). The length is a power of two, at least twice the terms.
    slots: Vec<u64>,
    lists: Vec<Vec<u32>>,
}

impl Default for DictBuilder {
    fn default() -> Self {
        Self {
            arena: String::new(),
            spans: Vec::new(),
            slots: vec![0; 1024],
            lists: Vec::new(),
        }
    }
}

/// Equality of short byte strings without a library call.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl DictBuilder {
    fn term(&self, id: usize) -> &str {
        let (start, end) = self.spans[id];
        &self.arena[start as usize..end as usize]
    }

    fn slot(&self, h: u64) -> usize {
        // Fibonacci hashing: the high bits of the product mix every bit of the hash.
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![0; old.len() * 2];
        let mask = self.slots.len() - 1;
        for entry in old.into_iter().filter(|&e| e != 0) {
            let id = (entry as u32 - 1) as usize;
            let mut i = self.slot(hash(self.term(id)));
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = entry;
        }
    }

    fn intern(&mut self, term: &str) -> usize {
        let h = hash(term);
        let tag = h & !u64::from(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            let entry = self.slots[i];
            if entry == 0 {
                break;
            }
            if entry & !u64::from(u32::MAX) == tag {
                let id = (entry as u32 - 1) as usize;
                let (start, end) = self.spans[id];
                if same(
                    &self.arena.as_bytes()[start as usize..end as usize],
                    term.as_bytes(),
                ) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        let id = self.spans.len();
        let start = self.arena.len() as u32;
        self.arena.push_str(term);
        self.spans.push((start, self.arena.len() as u32));
        self.lists.push(Vec::new());
        self.slots[i] = tag | (id as u64 + 1);
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Records that `item` contains `term` in the fields of `mask`.
    pub(crate) fn add(&mut self, term: &str, item: u32, mask: u8) {
        let id = self.intern(term);
        let list = &mut self.lists[id];
        match list.last_mut() {
            Some(last) if item_of(*last) == item => *last |= u32::from(mask),
            _ => list.push(item << MASK_BITS | u32::from(mask)),
        }
    }

    pub(crate) fn finish(self) -> Dict {
        let mut order: Vec<(u64, u32)> = (0..self.spans.len())
            .map(|id| (prefix_key(self.term(id)), id as u32))
            .collect();
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.term(a.1 as usize).cmp(self.term(b.1 as usize)))
        });
        let mut dict = Dict {
            text: String::with_capacity(self.arena.len()),
            ends: Vec::with_capacity(order.len()),
            starts: Vec::with_capacity(order.len() + 1),
            postings: Vec::with_capacity(self.lists.iter().map(Vec::len).sum()),
        };
        dict.starts.push(0);
        for (_, id) in order {
            let id = id as usize;
            dict.text.push_str(self.term(id));
            dict.ends.push(dict.text.len() as u32);
            dict.postings.extend_from_slice(&self.lists[id]);
            dict.starts.push(dict.postings.len() as u32);
        }
        dict
    }
}

/// Shortest query term that is matched with one typo.
pub(crate) const MIN_TYPO_CHARS: usize = 5;
/// A term this long is matched with one typo only when the dictionary has no term equal to it
/// (or, typed last, starting with it): short words stay precise.
pub(crate) const SHORT_TYPO_CHARS: usize = 4;

/// The dictionary's purely alphabetic terms (no digits, no CJK), grouped by length in chars:
/// the only candidates for typo matches. Derived from the dictionary, never stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TypoCandidates {
    /// `by_len[n]`: terms of `n` chars.
    by_len: Vec<Vec<u32>>,
}

impl TypoCandidates {
    pub(crate) fn new(dict: &Dict) -> Self {
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        for t in 0..dict.len() {
            let term = dict.term(t);
            if !term.chars().all(|c| c.is_alphabetic() && !is_cjk(c)) {
                continue;
            }
            let n = term.chars().count();
            if n + 1 < SHORT_TYPO_CHARS {
                continue;
            }
            if by_len.len() <= n {
                by_len.resize(n + 1, Vec::new());
            }
            by_len[n].push(t as u32);
        }
        Self { by_len }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.by_len.iter().map(|v| 24 + 4 * v.len()).sum()
    }

    /// Terms of the dictionary within one edit of `query` (which is `chars` long), itself
    /// excluded.
    pub(crate) fn within_one_edit(&self, dict: &Dict, query: &str) -> Vec<usize> {
        use super::tokenize::within_one_edit;
        let q: Vec<char> = query.chars().collect();
        let mut buf: Vec<char> = Vec::new();
        let mut found = Vec::new();
        for n in q.len().saturating_sub(1)..=q.len() + 1 {
            for &t in self.by_len.get(n).map_or(&[][..], Vec::as_slice) {
                let term = dict.term(t as usize);
                let close = if term.is_ascii() && query.is_ascii() {
                    within_one_edit(term.as_bytes(), query.as_bytes())
                } else {
                    buf.clear();
                    buf.extend(term.chars());
                    within_one_edit(&buf, &q)
                };
                if close && term != query {
                    found.push(t as usize);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges_and_lookup() {
        let mut b = DictBuilder::default();
        for (item, words) in [["stapler", "pen"], ["staples", "paper"], ["pen", "pencil"]]
            .iter()
            .enumerate()
        {
            for w in words {
                b.add(w, item as u32, 1);
            }
        }
        let dict = b.finish();
        let range = dict.prefix_range("stap");
        let terms: Vec<_> = range.clone().map(|t| dict.term(t)).collect();
        assert_eq!(terms, ["stapler", "staples"]);
        assert_eq!(dict.postings_in(range), 2);
        let pen = dict.find("pen").unwrap();
        let items: Vec<_> = dict.postings(pen).iter().map(|&p| item_of(p)).collect();
        assert_eq!(items, [0, 2]);
        assert_eq!(dict.find("pe"), None);
        assert!(dict.prefix_range("zz").is_empty());
        let typos = TypoCandidates::new(&dict);
        let close: Vec<_> = typos
            .within_one_edit(&dict, "stapler")
            .into_iter()
            .map(|t| dict.term(t))
            .collect();
        assert_eq!(close, ["staples"]);
    }
}
