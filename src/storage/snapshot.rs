//! The catalog snapshot: every item and the search index built from them, stored as two binary
//! blobs next to the catalog version they were made from.
//!
//! The item chunks stay the source of truth (feed pages and imports write them). Reading them
//! back is fast too (100 MessagePack records for 100,000 items, not 100,000 structured clones),
//! but the snapshot also holds the search index built from the items, which is what makes an
//! offline start fast. It is trusted only while the catalog version it names is the current one;
//! a stale, missing or undecodable snapshot just means reading the chunks, building the index
//! and writing a new snapshot.

use super::{LocalDb, Result, StorageError, CATALOG_CHUNKS, CATALOG_VERSION_KEY, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_catalog::catalog::CatalogItem;
use wasm_bindgen::{JsCast, JsValue};

/// In [`META`]: the snapshot record (`{version, format, items, index}`).
const SNAPSHOT_KEY: &str = "catalog_snapshot";
/// Names the encoding; a snapshot of another format (an older app version's) is not read.
/// Bump it when `CatalogItem` changes: items are encoded as arrays, by field position.
const SNAPSHOT_FORMAT: &str = "msgpack-items-v2+search-index";

/// The catalog as stored, with what is needed to trust a persisted search index.
pub struct StoredCatalog {
    /// In id order (the order a persisted index addresses).
    pub items: Vec<CatalogItem>,
    /// Changes with every catalog write; `None` before the first one.
    pub version: Option<String>,
    /// An encoded search index built from exactly `items`, when a current snapshot had one.
    pub search_index: Option<Vec<u8>>,
}

impl LocalDb {
    /// Reads the catalog: from a current snapshot when there is one, else from the chunks (in
    /// id order). The version, snapshot and items are read in one transaction, so they agree.
    pub async fn load_catalog(&self) -> Result<StoredCatalog> {
        let tx = self.db.transaction([CATALOG_CHUNKS, META]).build()?;
        let meta = tx.object_store(META)?;
        let version: Option<String> = meta.get(CATALOG_VERSION_KEY).primitive()?.await?;
        let record: Option<JsValue> = meta.get(SNAPSHOT_KEY).primitive()?.await?;
        let current =
            record.and_then(|r| Blobs::read(&r).filter(|b| Some(&b.version) == version.as_ref()));
        if let Some(blobs) = current {
            if let Ok(items) = procura_catalog::catalog::chunks::decode_items(&blobs.items) {
                return Ok(StoredCatalog {
                    items,
                    version,
                    search_index: Some(blobs.index),
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
        })
    }

    /// Stores `items` (in id order) and the search index built from them as the snapshot of
    /// catalog `version` — unless the catalog has changed since, when it would be stale at once.
    /// Returns whether it was stored.
    pub async fn save_snapshot(
        &self,
        version: &str,
        items: &[CatalogItem],
        index: &[u8],
    ) -> Result<bool> {
        let encoded = rmp_serde::to_vec(items)
            .map_err(|e| StorageError::Other(format!("catalog snapshot: {e}")))?;
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
        // Typed arrays are stored as binary blobs, not as millions of numbers.
        set("version", version.into())
            .and_then(|_| set("format", SNAPSHOT_FORMAT.into()))
            .and_then(|_| set("items", js_sys::Uint8Array::from(&encoded[..]).into()))
            .and_then(|_| set("index", js_sys::Uint8Array::from(index).into()))
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

/// A snapshot record's fields, if it has the current format.
struct Blobs {
    version: String,
    items: Vec<u8>,
    index: Vec<u8>,
}

impl Blobs {
    fn read(record: &JsValue) -> Option<Self> {
        let get = |k: &str| js_sys::Reflect::get(record, &k.into()).ok();
        let bytes = |k: &str| {
            get(k)?
                .dyn_into::<js_sys::Uint8Array>()
                .ok()
                .map(|a| a.to_vec())
        };
        if get("format")?.as_string()? != SNAPSHOT_FORMAT {
            return None;
        }
        Some(Self {
            version: get("version")?.as_string()?,
            items: bytes("items")?,
            index: bytes("index")?,
        })
    }
}
