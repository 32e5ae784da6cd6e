//! Chunked item storage: how a device keeps its catalog as a few large records instead of one
//! record per item. The rules only; the app stores the bytes (IndexedDB's `catalog_chunks`).
//!
//! Why: a store writes a record at a roughly fixed cost, whatever its size. One record per item
//! wrote ~8,000 items/s in the browser; 1,000 items per MessagePack record wrote 320,000 items/s.
//!
//! The model: each supplier's catalog is a sequence of **chunks** (keyed `[supplier, seq]`, seq
//! growing), each a list of **entries**: an item (upsert) or an id (delete, a tombstone). Reading a
//! supplier is [`merge`]: its chunks in sequence, a later entry for an id overriding an earlier
//! one. A feed page appends one chunk (or a few, of at most [`CHUNK_ENTRIES`]) per supplier it
//! touches ([`plan_page`]); a file import, a restore or a compaction rewrites the supplier's
//! chunks as [`compact`] ones of its live items. [`Head`] keeps the counts that decide when
//! appended chunks have grown enough to be compacted ([`Head::needs_compaction`]), so storage
//! stays within a bound of the live catalog and an initial sync does not turn quadratic.

use super::CatalogItem;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::BTreeMap;

/// Entries per chunk at most (the measured sweet spot: ~3 ms to write one in Chromium).
pub const CHUNK_ENTRIES: usize = 1_000;
/// A stored chunk larger than this is not decoded (reported as damaged storage): at most
/// 1,000 items of a few kB each are written, so anything near this is not a chunk we wrote.
pub const MAX_CHUNK_BYTES: usize = 64 * 1024 * 1024;
/// Appended entries allowed beyond twice the live items of the last rewrite before compacting.
pub const COMPACT_SLACK_ENTRIES: u64 = 8_000;
/// Appended chunks allowed beyond four times the compact chunk count before compacting (many
/// small pages make many small chunks, each a record to read; feed pages of 500 make half-full
/// chunks, which the entry bound already covers).
pub const COMPACT_SLACK_CHUNKS: u64 = 32;

/// One change to a supplier's items, borrowed from a feed page, an import or a backup.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change<'a> {
    Put(&'a CatalogItem),
    Delete(&'a str),
}

impl<'a> Change<'a> {
    pub fn id(self) -> &'a str {
        match self {
            Change::Put(item) => item.id.as_str(),
            Change::Delete(id) => id,
        }
    }
}

/// A decoded chunk. Within one chunk an id appears at most once (pages are reduced to their
/// last change per id before chunking), so the order of deletes and puts inside it is moot.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Chunk {
    #[serde(deserialize_with = "read_items")]
    pub puts: Vec<CatalogItem>,
    #[serde(default)]
    pub deletes: Vec<String>,
}

/// A chunk to write, borrowing its items; encodes exactly as [`Chunk`] decodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChunkRef<'a> {
    pub puts: Vec<&'a CatalogItem>,
    pub deletes: Vec<&'a str>,
}

impl ChunkRef<'_> {
    pub fn entries(&self) -> usize {
        self.puts.len() + self.deletes.len()
    }

    /// MessagePack, structs as arrays (fields by position, as the catalog snapshot).
    pub fn encode(&self) -> Vec<u8> {
        // Serialising owned data with derived and hand-written impls into a Vec cannot fail.
        rmp_serde::to_vec(self).unwrap_or_default()
    }
}

/// A stored chunk that cannot be read: the device's storage is damaged (or was written by
/// something else). Never a panic: the caller reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("a stored chunk of {0} bytes is larger than any chunk this app writes")]
    TooLarge(usize),
    #[error("a stored chunk cannot be read: {0}")]
    Undecodable(String),
}

/// Reads one stored chunk.
pub fn decode(bytes: &[u8]) -> Result<Chunk, ChunkError> {
    if bytes.len() > MAX_CHUNK_BYTES {
        return Err(ChunkError::TooLarge(bytes.len()));
    }
    rmp_serde::from_slice(bytes).map_err(|e| ChunkError::Undecodable(e.to_string()))
}

/// Reads a list of items, wherever MessagePack items are read (a chunk's puts, the catalog
/// snapshot through [`decode_items`]): one copy of the item reader in the app instead of one per
/// caller. Its instances are made in this crate, built for speed, where the inliner copied the
/// whole reader into each caller (+54 kB of code in the start module when chunks came), hence
/// `inline(never)`.
#[inline(never)]
fn read_items<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<CatalogItem>, D::Error> {
    Vec::deserialize(d)
}

/// Reads items written as one MessagePack list (structs as arrays), as the catalog snapshot
/// stores them.
pub fn decode_items(bytes: &[u8]) -> Result<Vec<CatalogItem>, ChunkError> {
    read_items(&mut rmp_serde::Deserializer::from_read_ref(bytes))
        .map_err(|e| ChunkError::Undecodable(e.to_string()))
}

/// The live items of chunks read in sequence (later entries win), in id order.
pub fn merge(chunks: impl IntoIterator<Item = Chunk>) -> Vec<CatalogItem> {
    let mut deleted = false;
    let mut all: Vec<Option<CatalogItem>> = Vec::new();
    let mut tombstones: Vec<(String, usize)> = Vec::new();
    for chunk in chunks {
        // A tombstone hides what came before it, not what comes after: remember where it was.
        for id in chunk.deletes {
            deleted = true;
            tombstones.push((id, all.len()));
        }
        all.extend(chunk.puts.into_iter().map(Some));
    }
    if !deleted && all.windows(2).all(|w| ids_ascending(&w[0], &w[1])) {
        // The common case, a compacted supplier: nothing to resolve.
        return all.into_iter().flatten().collect();
    }
    // Per id, the position of its last entry (a put's index, or a tombstone's "before" index).
    let mut last: BTreeMap<&str, Last> = BTreeMap::new();
    for (at, item) in all.iter().enumerate() {
        if let Some(item) = item {
            last.insert(item.id.as_str(), Last::Put(at));
        }
    }
    for (id, before) in &tombstones {
        match last.get(id.as_str()) {
            Some(Last::Put(at)) if *at >= *before => {}
            _ => {
                last.insert(id.as_str(), Last::Deleted);
            }
        }
    }
    let keep: Vec<usize> = last
        .values()
        .filter_map(|l| match l {
            Last::Put(at) => Some(*at),
            Last::Deleted => None,
        })
        .collect();
    drop(last);
    keep.into_iter().filter_map(|at| all[at].take()).collect()
}

fn ids_ascending(a: &Option<CatalogItem>, b: &Option<CatalogItem>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.id < b.id,
        _ => false,
    }
}

enum Last {
    Put(usize),
    Deleted,
}

/// `items` (in id order, one per id) as compact chunks of [`CHUNK_ENTRIES`].
pub fn compact<I: Borrow<CatalogItem>>(items: &[I]) -> Vec<ChunkRef<'_>> {
    items
        .chunks(CHUNK_ENTRIES)
        .map(|slice| ChunkRef {
            puts: slice.iter().map(Borrow::borrow).collect(),
            deletes: Vec::new(),
        })
        .collect()
}

/// The live items after `changes` in order (later ones win), in id order: what an import's
/// plan leaves of a supplier, applied to its items as held.
pub fn apply<'a>(changes: &[Change<'a>]) -> Vec<&'a CatalogItem> {
    let mut live: BTreeMap<&'a str, Option<&'a CatalogItem>> = BTreeMap::new();
    for change in changes {
        match change {
            Change::Put(item) => live.insert(item.id.as_str(), Some(item)),
            Change::Delete(id) => live.insert(id, None),
        };
    }
    live.into_values().flatten().collect()
}

/// What is known of one supplier's chunks without reading them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub supplier_id: String,
    /// The seq the next appended chunk takes.
    pub next_seq: u64,
    /// Chunks stored.
    pub chunks: u64,
    /// Entries in them (items and tombstones, live or overridden).
    pub entries: u64,
    /// Live items when the chunks were last rewritten compactly (what appends are measured by:
    /// whether an appended put adds an item or replaces one is not known without reading).
    pub live_at_rewrite: u64,
}

impl Head {
    pub fn new(supplier_id: &str) -> Self {
        Self {
            supplier_id: supplier_id.to_owned(),
            ..Self::default()
        }
    }

    /// After appending `chunks` (their seqs are `self.next_seq..`).
    pub fn appended(&self, chunks: &[ChunkRef<'_>]) -> Self {
        let entries: usize = chunks.iter().map(ChunkRef::entries).sum();
        Self {
            supplier_id: self.supplier_id.clone(),
            next_seq: self.next_seq + chunks.len() as u64,
            chunks: self.chunks + chunks.len() as u64,
            entries: self.entries + entries as u64,
            live_at_rewrite: self.live_at_rewrite,
        }
    }

    /// After the chunks were replaced by `compact(live)` (seqs from 0).
    pub fn rewritten(supplier_id: &str, live: usize) -> Self {
        let chunks = live.div_ceil(CHUNK_ENTRIES) as u64;
        Self {
            supplier_id: supplier_id.to_owned(),
            next_seq: chunks,
            chunks,
            entries: live as u64,
            live_at_rewrite: live as u64,
        }
    }

    /// Whether the appended chunks should be rewritten compactly: when they hold more than
    /// twice the entries, or four times the chunks, of the last compact form plus a slack. The
    /// threshold doubles with the catalog, so rewrites during an initial sync cost at most about
    /// as much again as the sync itself (not quadratic), and a catalog kept current by small
    /// pages never takes more than about twice its compact size.
    pub fn needs_compaction(&self) -> bool {
        let compact_chunks = self.live_at_rewrite.div_ceil(CHUNK_ENTRIES as u64);
        self.entries > 2 * self.live_at_rewrite + COMPACT_SLACK_ENTRIES
            || self.chunks > 4 * compact_chunks + COMPACT_SLACK_CHUNKS
    }
}

/// The chunks a feed page appends, per supplier (in supplier order).
pub struct PagePlan<'a> {
    pub suppliers: Vec<(String, Vec<ChunkRef<'a>>)>,
}

/// Groups a page's changes by supplier and chunks them: the last change per id wins (a page
/// may change an item twice). An upsert belongs to its item's supplier; a delete carries only
/// an id (`{supplier}/{sku}`), so it goes to the supplier, among `known` (those with stored
/// chunks) and those of this page's upserts, whose id is the longest prefix of it followed by
/// `/`. A delete no such supplier can hold is dropped: nothing stored has that id.
pub fn plan_page<'a>(changes: &[Change<'a>], known: &[&str]) -> PagePlan<'a> {
    let mut last: BTreeMap<&'a str, usize> = BTreeMap::new();
    for (at, change) in changes.iter().enumerate() {
        last.insert(change.id(), at);
    }
    let mut suppliers: Vec<&str> = known.to_vec();
    suppliers.extend(changes.iter().filter_map(|c| match c {
        Change::Put(item) => Some(item.supplier_id.as_str()),
        Change::Delete(_) => None,
    }));
    suppliers.sort_unstable();
    suppliers.dedup();
    let owner = |id: &str| -> Option<String> {
        suppliers
            .iter()
            .filter(|s| id.len() > s.len() && id.starts_with(**s) && id.as_bytes()[s.len()] == b'/')
            .max_by_key(|s| s.len())
            .map(|s| (*s).to_owned())
    };
    let mut by_supplier: BTreeMap<String, Vec<Change<'a>>> = BTreeMap::new();
    let mut order: Vec<usize> = last.into_values().collect();
    // The page's own order, so chunks read back as the feed sent them.
    order.sort_unstable();
    for at in order {
        let change = changes[at];
        let supplier = match change {
            Change::Put(item) => Some(item.supplier_id.to_string()),
            Change::Delete(id) => owner(id),
        };
        if let Some(supplier) = supplier {
            by_supplier.entry(supplier).or_default().push(change);
        }
    }
    PagePlan {
        suppliers: by_supplier
            .into_iter()
            .map(|(supplier, changes)| (supplier, chunk_changes(&changes)))
            .collect(),
    }
}

/// Changes with distinct ids as chunks of at most [`CHUNK_ENTRIES`].
fn chunk_changes<'a>(changes: &[Change<'a>]) -> Vec<ChunkRef<'a>> {
    changes
        .chunks(CHUNK_ENTRIES)
        .map(|slice| {
            let mut chunk = ChunkRef::default();
            for change in slice {
                match change {
                    Change::Put(item) => chunk.puts.push(item),
                    Change::Delete(id) => chunk.deletes.push(id),
                }
            }
            chunk
        })
        .collect()
}

/// The chunks of one supplier's puts and deletes (a restore's items, in any order).
pub fn chunks_of<'a>(changes: &[Change<'a>]) -> Vec<ChunkRef<'a>> {
    let mut last: BTreeMap<&'a str, Change<'a>> = BTreeMap::new();
    for change in changes {
        last.insert(change.id(), *change);
    }
    chunk_changes(&last.into_values().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests;
