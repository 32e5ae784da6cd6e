//! The compact binary encoding of a [`SearchIndex`].
//!
//! Layout (all integers LEB128 varints): magic `PRSI`, version byte, item count; the word and code
//! dictionaries (terms front-coded against the previous term; postings as `gap << 4 | mask`
//! where `gap` is the distance to the previous item); facet value tables; per-item facet columns
//! and flags; the four rank columns. Typo candidates are derived again on load. Decoding checks
//! every position and id it will later index with, so corrupt input is an error, never a panic.

use super::dict::{item_of, mask_of, Dict, TypoCandidates, MASK_BITS};
use super::index::{SearchIndex, NONE};

const MAGIC: &[u8; 4] = b"PRSI";
const VERSION: u8 = 2;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a Procura search index")]
    NotAnIndex,
    #[error("search index version {0} is not supported (expected {VERSION})")]
    Version(u8),
    #[error("search index data ends early")]
    Truncated,
    #[error("search index data is corrupt: {0}")]
    Corrupt(&'static str),
}

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        values.iter().for_each(|&v| self.varint(u64::from(v)));
    }

    fn dict(&mut self, dict: &Dict) {
        self.len(dict.len());
        let mut previous = "";
        for t in 0..dict.len() {
            let term = dict.term(t);
            let shared = term
                .bytes()
                .zip(previous.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            self.len(shared);
            self.len(term.len() - shared);
            self.0.extend_from_slice(&term.as_bytes()[shared..]);
            previous = term;
            let postings = dict.postings(t);
            self.len(postings.len());
            let mut last = 0;
            for &p in postings {
                let item = item_of(p);
                self.varint(u64::from(item - last) << MASK_BITS | u64::from(mask_of(p)));
                last = item;
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

type Result<T> = std::result::Result<T, DecodeError>;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(DecodeError::Truncated)?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(DecodeError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::Corrupt("varint too long"))
    }

    fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint()?).map_err(|_| DecodeError::Corrupt("number out of range"))
    }

    /// A count of elements that take at least one byte each.
    fn len(&mut self) -> Result<usize> {
        let n = self.varint()?;
        if n > (self.bytes.len() - self.pos) as u64 {
            return Err(DecodeError::Truncated);
        }
        Ok(n as usize)
    }

    fn string(&mut self) -> Result<String> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::Corrupt("invalid UTF-8"))
    }

    fn strings(&mut self) -> Result<Vec<String>> {
        (0..self.len()?).map(|_| self.string()).collect()
    }

    /// `count` numbers, each below `bound`.
    fn column(&mut self, count: usize, bound: u32) -> Result<Vec<u32>> {
        let values: Vec<u32> = (0..self.len()?)
            .map(|_| self.u32())
            .collect::<Result<_>>()?;
        if values.len() != count || values.iter().any(|&v| v >= bound) {
            return Err(DecodeError::Corrupt("column out of range"));
        }
        Ok(values)
    }

    fn dict(&mut self, items: u32) -> Result<Dict> {
        let terms = self.len()?;
        let mut dict = Dict {
            ends: Vec::with_capacity(terms),
            starts: Vec::with_capacity(terms + 1),
            ..Dict::default()
        };
        dict.starts.push(0);
        let mut start = 0;
        for _ in 0..terms {
            let shared = self.len()?;
            let suffix = self.len()?;
            if shared > dict.text.len() - start {
                return Err(DecodeError::Corrupt("term prefix"));
            }
            let mut term = dict.text.as_bytes()[start..start + shared].to_vec();
            term.extend_from_slice(self.take(suffix)?);
            let term = String::from_utf8(term).map_err(|_| DecodeError::Corrupt("term"))?;
            if dict.len() > 0 && term.as_str() <= dict.term(dict.len() - 1) {
                return Err(DecodeError::Corrupt("terms out of order"));
            }
            start = dict.text.len();
            dict.text.push_str(&term);
            dict.ends.push(dict.text.len() as u32);
            let mut last: Option<u64> = None;
            for _ in 0..self.len()? {
                let v = self.varint()?;
                let item = last.unwrap_or(0) + (v >> MASK_BITS);
                if item >= u64::from(items) || last.is_some_and(|l| item <= l) {
                    return Err(DecodeError::Corrupt("posting out of range"));
                }
                dict.postings
                    .push((item as u32) << MASK_BITS | (v as u32 & 15));
                last = Some(item);
            }
            dict.starts.push(dict.postings.len() as u32);
        }
        Ok(dict)
    }
}

impl SearchIndex {
    /// The index in its compact binary form (see [`SearchIndex::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(self.words.postings.len() * 2));
        w.0.extend_from_slice(MAGIC);
        w.0.push(VERSION);
        w.varint(u64::from(self.len));
        w.dict(&self.words);
        w.dict(&self.codes);
        for values in [
            &self.suppliers,
            &self.segments,
            &self.families,
            &self.manufacturers,
        ] {
            w.len(values.len());
            values.iter().for_each(|v| w.str(v));
        }
        w.u32s(&self.supplier_of);
        // Items without a segment or family are NONE: stored shifted by one, 0 for none.
        for column in [&self.segment_of, &self.family_of] {
            let shifted: Vec<u32> = column
                .iter()
                .map(|&s| if s == NONE { 0 } else { s + 1 })
                .collect();
            w.u32s(&shifted);
        }
        w.u32s(&self.manufacturer_of);
        w.len(self.flags.len());
        w.0.extend_from_slice(&self.flags);
        for ranks in self.name_rank.iter().chain(&self.price_rank) {
            w.u32s(ranks);
        }
        w.0
    }

    /// Decodes what [`SearchIndex::to_bytes`] produced. The items it is used with must be the
    /// ones it was built from.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4).ok() != Some(&MAGIC[..]) {
            return Err(DecodeError::NotAnIndex);
        }
        match r.take(1)?[0] {
            VERSION => {}
            other => return Err(DecodeError::Version(other)),
        }
        let len = r.u32()?;
        if len as usize >= super::dict::MAX_ITEMS {
            return Err(DecodeError::Corrupt("item count"));
        }
        let n = len as usize;
        let words = r.dict(len)?;
        let codes = r.dict(len)?;
        let suppliers = r.strings()?;
        let segments = r.strings()?;
        let families = r.strings()?;
        let manufacturers = r.strings()?;
        let supplier_of = r.column(n, suppliers.len() as u32)?;
        let mut shifted = |values: usize| -> Result<Vec<u32>> {
            Ok(r.column(n, values as u32 + 1)?
                .into_iter()
                .map(|s| s.checked_sub(1).unwrap_or(NONE))
                .collect())
        };
        let segment_of = shifted(segments.len())?;
        let family_of = shifted(families.len())?;
        let manufacturer_of = r.column(n, manufacturers.len() as u32)?;
        let flags_len = r.len()?;
        let flags = r.take(flags_len)?.to_vec();
        if flags.len() != n || flags.iter().any(|&f| f > 15) {
            return Err(DecodeError::Corrupt("flags"));
        }
        let mut ranks = Vec::with_capacity(4);
        for _ in 0..4 {
            ranks.push(r.column(n, len)?);
        }
        if r.pos != bytes.len() {
            return Err(DecodeError::Corrupt("trailing bytes"));
        }
        let mut ranks = ranks.into_iter();
        let mut next = || ranks.next().expect("four rank columns");
        Ok(Self {
            len,
            typos: TypoCandidates::new(&words),
            words,
            codes,
            suppliers,
            segments,
            families,
            manufacturers,
            supplier_of,
            segment_of,
            family_of,
            manufacturer_of,
            flags,
            name_rank: [next(), next()],
            price_rank: [next(), next()],
        })
    }
}
