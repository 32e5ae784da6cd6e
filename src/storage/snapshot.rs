//! The catalog snapshot: every item and the search index built from them, stored as binary
//! blobs next to the catalog version they were made from.
//!
//! The item chunks stay the source of truth (feed pages and imports write them). Reading them
//! back is fast too (100 MessagePack records for 100,000 items, not 100,000 structured clones),
//! but the snapshot also holds the search index built from the items, which is what makes an
//! offline start fast. It is trusted only while the catalog version it names is the current one;
//! a stale, missing or undecodable snapshot just means reading the chunks, building the index
//! and writing a new snapshot.
//!
//! `index.html` starts reading the snapshot record while the wasm downloads and compiles
//! (`window.procuraSnapshot`, a promise of the record or `null`); [`LocalDb::load_catalog`] takes
//! that read when its version is still the catalog's, so the start does not wait for it after
//! the wasm runs.

use super::{LocalDb, Result, StorageError, CATALOG_CHUNKS, CATALOG_VERSION_KEY, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_catalog::catalog::chunks::{self, CHUNK_ENTRIES};
use procura_catalog::catalog::CatalogItem;
use procura_catalog::compare::OfferGroups;
use wasm_bindgen::{JsCast, JsValue};

/// In [`META`]: the snapshot record (`{version, format, count, items, index, groups}`).
const SNAPSHOT_KEY: &str = "catalog_snapshot";
/// Names the encoding; a snapshot of another format (an older or newer app version's) is not
/// read. Bump it when `CatalogItem` changes: items are encoded as arrays, by field position.
/// Items are stored in pieces of [`CHUNK_ENTRIES`] (an array of blobs, each one MessagePack
/// list), so a start copies one piece at a time into the wasm memory, never all the items'
/// bytes at once next to the decoded items (the memory's high-water mark, which never shrinks).
/// `groups` holds each item's offer group number (`u32`, little-endian), so a start does not
/// group every item again before the first page of results shows how many offers each has.
const SNAPSHOT_FORMAT: &str = "msgpack-items-v2-pieces+search-index";
/// The format before pieces: the items as one MessagePack list (one blob). Still read, so the
/// first start after an update does not rebuild the index; never written.
const SNAPSHOT_FORMAT_ONE_LIST: &str = "msgpack-items-v2+search-index";
/// The global `index.html` sets to its early read of the snapshot record.
const PREFETCH_GLOBAL: &str = "procuraSnapshot";

/// The catalog as stored, with what is needed to trust a persisted search index.
pub struct StoredCatalog {
    /// In id order (the order a persisted index addresses).
    pub items: Vec<CatalogItem>,
    /// Changes with every catalog write; `None` before the first one.
    pub version: Option<String>,
    /// An encoded search index built from exactly `items`, when a current snapshot had one.
    pub search_index: Option<Vec<u8>>,
    /// The offer group number of each of `items` ([`OfferGroups::numbers`]), when a current
    /// snapshot had them.
    pub offer_groups: Option<Vec<u32>>,
}

impl LocalDb {
    /// Reads the catalog: from a current snapshot when there is one, else from the chunks (in
    /// id order). The version and the items are read in one transaction, so they agree; a
    /// snapshot `index.html` read before is used only when it names that same version.
    pub async fn load_catalog(&self) -> Result<StoredCatalog> {
        // Before the transaction: awaiting anything else inside it would end it.
        let prefetched = take_prefetched().await;
        let tx = self.db.transaction([CATALOG_CHUNKS, META]).build()?;
        let meta = tx.object_store(META)?;
        let version: Option<String> = meta.get(CATALOG_VERSION_KEY).primitive()?.await?;
        let is_current = |b: &Blobs| Some(&b.version) == version.as_ref();
        let mut current = prefetched.as_ref().and_then(Blobs::read).filter(is_current);
        if current.is_none() {
            let record: Option<JsValue> = meta.get(SNAPSHOT_KEY).primitive()?.await?;
            current = record.as_ref().and_then(Blobs::read).filter(is_current);
        }
        drop(prefetched);
        if let Some(blobs) = current {
            crate::device::mark("procura:snapshot-read");
            if let Some(items) = blobs.decode_items() {
                crate::device::mark("procura:items-decoded");
                return Ok(StoredCatalog {
                    items,
                    version,
                    search_index: Some(blobs.index.to_vec()),
                    offer_groups: blobs.groups.as_ref().map(group_numbers),
                });
            }
        }
        // In Rust's string order (the catalog and its index go by it), whatever IndexedDB's
        // UTF-16 key order made of the suppliers' order.
        let items = super::chunks::all_items(&tx.object_store(CATALOG_CHUNKS)?).await?;
        Ok(StoredCatalog {
            items,
            version,
            search_index: None,
            offer_groups: None,
        })
    }

    /// Stores `items` (in id order), the search index and the offer groups built from them as
    /// the snapshot of catalog `version` — unless the catalog has changed since, when it would
    /// be stale at once. Returns whether it was stored.
    pub async fn save_snapshot(
        &self,
        version: &str,
        items: &[CatalogItem],
        index: &[u8],
        groups: &OfferGroups,
    ) -> Result<bool> {
        let numbers: Vec<u8> = groups.numbers().flat_map(u32::to_le_bytes).collect();
        // Typed arrays are stored as binary blobs, not as millions of numbers. One piece at a
        // time in the wasm memory.
        let pieces = js_sys::Array::new();
        for piece in items.chunks(CHUNK_ENTRIES) {
            let encoded = rmp_serde::to_vec(piece)
                .map_err(|e| StorageError::Other(format!("catalog snapshot: {e}")))?;
            pieces.push(&js_sys::Uint8Array::from(&encoded[..]));
        }
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(META)?;
        let current: Option<String> = meta.get(CATALOG_VERSION_KEY).primitive()?.await?;
        if current.as_deref() != Some(version) {
            return Ok(false);
        }
        let record = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&record, &k.into(), &v);
        set("version", version.into())
            .and_then(|_| set("format", SNAPSHOT_FORMAT.into()))
            .and_then(|_| set("count", (items.len() as f64).into()))
            .and_then(|_| set("items", pieces.into()))
            .and_then(|_| set("index", js_sys::Uint8Array::from(index).into()))
            .and_then(|_| set("groups", js_sys::Uint8Array::from(&numbers[..]).into()))
            .map_err(|e| StorageError::Other(format!("{e:?}")))?;
        drop(
            meta.put(JsValue::from(record))
                .with_key(SNAPSHOT_KEY)
                .primitive()?,
        );
        super::commit(tx).await?;
        Ok(true)
    }
}

/// The snapshot record `index.html` read while the wasm loaded, taken once (the page keeps no
/// reference to it after, so its bytes can be collected). `None` without one, or when it
/// failed.
async fn take_prefetched() -> Option<JsValue> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(PREFETCH_GLOBAL);
    let promise = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let record = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    (!record.is_null() && !record.is_undefined()).then_some(record)
}

/// The items of a snapshot record, as stored.
enum Items {
    /// One MessagePack list (the format before pieces).
    OneList(js_sys::Uint8Array),
    /// Pieces of at most [`CHUNK_ENTRIES`] items, each a MessagePack list; `count` in all.
    Pieces { pieces: js_sys::Array, count: usize },
}

/// A snapshot record's fields, if it has a format this app reads. The blobs stay in JS until
/// they are decoded.
struct Blobs {
    version: String,
    items: Items,
    index: js_sys::Uint8Array,
    /// Each item's offer group number (since the pieces format).
    groups: Option<js_sys::Uint8Array>,
}

impl Blobs {
    fn read(record: &JsValue) -> Option<Self> {
        let get = |k: &str| js_sys::Reflect::get(record, &k.into()).ok();
        let items = match get("format")?.as_string()?.as_str() {
            SNAPSHOT_FORMAT => Items::Pieces {
                pieces: get("items")?.dyn_into().ok()?,
                count: get("count")?.as_f64()? as usize,
            },
            SNAPSHOT_FORMAT_ONE_LIST => Items::OneList(get("items")?.dyn_into().ok()?),
            _ => return None,
        };
        Some(Self {
            version: get("version")?.as_string()?,
            items,
            index: get("index")?.dyn_into().ok()?,
            groups: get("groups").and_then(|g| g.dyn_into().ok()),
        })
    }

    /// The items, or `None` when they cannot be read (then the chunks are).
    fn decode_items(&self) -> Option<Vec<CatalogItem>> {
        match &self.items {
            Items::OneList(bytes) => chunks::decode_items(&bytes.to_vec()).ok(),
            Items::Pieces { pieces, count } => {
                let length = pieces.length() as usize;
                // Never more than the pieces can hold, whatever `count` says.
                let mut items = Vec::with_capacity((*count).min(length * CHUNK_ENTRIES));
                let mut buffer = Vec::new();
                for piece in pieces.iter() {
                    let piece = piece.dyn_into::<js_sys::Uint8Array>().ok()?;
                    buffer.resize(piece.length() as usize, 0);
                    piece.copy_to(&mut buffer);
                    items.append(&mut chunks::decode_items(&buffer).ok()?);
                }
                Some(items)
            }
        }
    }
}

/// Offer group numbers as stored (`u32`s, little-endian); a trailing partial number is damage,
/// which [`OfferGroups::from_numbers`] then refuses for not being one per item.
fn group_numbers(bytes: &js_sys::Uint8Array) -> Vec<u32> {
    bytes
        .to_vec()
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}
