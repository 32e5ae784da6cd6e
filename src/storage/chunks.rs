//! The catalog's items as chunks (schema version 5): [`CATALOG_CHUNKS`](super::CATALOG_CHUNKS)
//! holds MessagePack blobs under `[supplier_id, seq]`, [`CATALOG_HEADS`](super::CATALOG_HEADS)
//! one [`Head`] per supplier with the
//! counts that decide compaction. What a chunk holds, how chunks merge and when they are
//! compacted are the domain's rules (`procura_catalog::catalog::chunks`); this module only
//! reads and writes them, always inside the caller's transaction.

use super::{Result, StorageError};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use procura_catalog::catalog::chunks::{self, Change, Chunk, ChunkRef, Head};
use procura_catalog::catalog::CatalogItem;
use wasm_bindgen::{JsCast, JsValue};

/// The key of chunk `seq` of `supplier_id`.
fn key(supplier_id: &str, seq: u64) -> JsValue {
    js_sys::Array::of2(&supplier_id.into(), &(seq as f64).into()).into()
}

/// Every chunk key of `supplier_id`.
fn range(supplier_id: &str) -> Result<JsValue> {
    let bound =
        |seq: f64| -> JsValue { js_sys::Array::of2(&supplier_id.into(), &seq.into()).into() };
    web_sys::IdbKeyRange::bound(&bound(0.0), &bound(f64::INFINITY))
        .map(Into::into)
        .map_err(|e| StorageError::Other(format!("chunk key range: {e:?}")))
}

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

/// Decodes stored chunk values (each a `Uint8Array`); anything else is damage.
fn decode_all(
    values: impl Iterator<Item = indexed_db_futures::Result<JsValue>>,
) -> Result<Vec<Chunk>> {
    values
        .map(|value| {
            let bytes = value?
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| corrupt("a stored chunk is not binary"))?;
            chunks::decode(&bytes.to_vec()).map_err(corrupt)
        })
        .collect()
}

/// `supplier_id`'s chunks, in sequence.
pub(crate) async fn read_supplier(
    store: &ObjectStore<'_>,
    supplier_id: &str,
) -> Result<Vec<Chunk>> {
    let values = store
        .get_all::<JsValue>()
        .with_query(range(supplier_id)?)
        .primitive()?
        .await?;
    decode_all(values)
}

/// `supplier_id`'s live items, in id order.
pub(crate) async fn supplier_items(
    store: &ObjectStore<'_>,
    supplier_id: &str,
) -> Result<Vec<CatalogItem>> {
    Ok(chunks::merge(read_supplier(store, supplier_id).await?))
}

/// Every live item, in id order. (One supplier's chunks follow one another in key order, and
/// an id belongs to one supplier, so merging the whole store in key order is merging each.)
pub(crate) async fn all_items(store: &ObjectStore<'_>) -> Result<Vec<CatalogItem>> {
    let values = store.get_all::<JsValue>().primitive()?.await?;
    Ok(chunks::merge(decode_all(values)?))
}

pub(crate) async fn heads(heads: &ObjectStore<'_>) -> Result<Vec<Head>> {
    Ok(heads
        .get_all::<Head>()
        .serde()?
        .await?
        .collect::<std::result::Result<_, _>>()?)
}

/// Writes `chunk` as chunk `seq` of `supplier_id`; the request goes out now.
fn put(
    store: &ObjectStore<'_>,
    supplier_id: &str,
    seq: u64,
    chunk: &ChunkRef<'_>,
) -> Result<impl std::future::Future<Output = indexed_db_futures::Result<()>>> {
    let bytes = js_sys::Uint8Array::from(&chunk.encode()[..]);
    let request = store
        .put(JsValue::from(bytes))
        .with_key(key(supplier_id, seq))
        .primitive()?;
    Ok(async move { request.await.map(drop) })
}

fn put_head(heads: &ObjectStore<'_>, head: &Head) -> Result<()> {
    drop(heads.put(head).with_key(head.supplier_id.clone()).serde()?);
    Ok(())
}

/// Forgets `supplier_id`'s items.
pub(crate) fn remove_supplier(
    store: &ObjectStore<'_>,
    heads: &ObjectStore<'_>,
    supplier_id: &str,
) -> Result<()> {
    drop(store.delete(range(supplier_id)?).primitive()?);
    drop(heads.delete(supplier_id.to_owned()).primitive()?);
    Ok(())
}

/// Why a rewrite stopped before writing everything.
pub(crate) enum RewriteStop {
    Cancelled,
    Failed(StorageError),
}

impl From<StorageError> for RewriteStop {
    fn from(e: StorageError) -> Self {
        RewriteStop::Failed(e)
    }
}

impl From<indexed_db_futures::error::Error> for RewriteStop {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        RewriteStop::Failed(e.into())
    }
}

/// Replaces `supplier_id`'s chunks by compact ones of `items` (in id order, one per id).
/// `progress` hears the items written after each chunk; `cancelled` is asked before each (the
/// caller then drops the transaction, which aborts it).
pub(crate) async fn rewrite<I: std::borrow::Borrow<CatalogItem>>(
    store: &ObjectStore<'_>,
    heads: &ObjectStore<'_>,
    supplier_id: &str,
    items: &[I],
    progress: impl Fn(usize),
    cancelled: impl Fn() -> bool,
) -> std::result::Result<(), RewriteStop> {
    drop(store.delete(range(supplier_id)?).primitive()?);
    let mut done = 0;
    // One chunk's write in flight while the next is encoded.
    let mut in_flight = None;
    for (seq, chunk) in chunks::compact(items).iter().enumerate() {
        if cancelled() {
            return Err(RewriteStop::Cancelled);
        }
        let request = put(store, supplier_id, seq as u64, chunk)?;
        if let Some(previous) = in_flight.replace(request) {
            previous.await?;
            progress(done);
        }
        done += chunk.entries();
    }
    if let Some(last) = in_flight {
        last.await?;
    }
    progress(done);
    if items.is_empty() {
        drop(heads.delete(supplier_id.to_owned()).primitive()?);
    } else {
        put_head(heads, &Head::rewritten(supplier_id, items.len()))?;
    }
    Ok(())
}

/// [`rewrite`] without progress or cancelling (a compaction, a migration).
async fn rewrite_whole(
    store: &ObjectStore<'_>,
    heads: &ObjectStore<'_>,
    supplier_id: &str,
    items: &[CatalogItem],
) -> Result<()> {
    match rewrite(store, heads, supplier_id, items, |_| {}, || false).await {
        Ok(()) => Ok(()),
        Err(RewriteStop::Failed(e)) => Err(e),
        Err(RewriteStop::Cancelled) => Err(StorageError::Other("rewrite cancelled".into())),
    }
}

/// Appends `changes` (any suppliers') as one chunk or a few per supplier touched, compacting a
/// supplier whose appended chunks have grown past the domain's bound.
pub(crate) async fn append(
    store: &ObjectStore<'_>,
    heads_store: &ObjectStore<'_>,
    changes: &[Change<'_>],
) -> Result<()> {
    let held = heads(heads_store).await?;
    let known: Vec<&str> = held.iter().map(|h| h.supplier_id.as_str()).collect();
    let plan = chunks::plan_page(changes, &known);
    for (supplier_id, new_chunks) in &plan.suppliers {
        let head = held
            .iter()
            .find(|h| &h.supplier_id == supplier_id)
            .cloned()
            .unwrap_or_else(|| Head::new(supplier_id));
        for (n, chunk) in new_chunks.iter().enumerate() {
            drop(put(store, supplier_id, head.next_seq + n as u64, chunk)?);
        }
        let head = head.appended(new_chunks);
        if head.needs_compaction() {
            // Requests run in order: the read sees the chunks just put.
            let live = supplier_items(store, supplier_id).await?;
            rewrite_whole(store, heads_store, supplier_id, &live).await?;
        } else {
            put_head(heads_store, &head)?;
        }
    }
    Ok(())
}

/// Moves the per-item store's items (schema versions 1 to 4) into compact chunks, inside the
/// upgrade transaction: either every item moves and the old store is deleted with it, or the
/// upgrade aborts and the database stays at its old version, untouched.
pub(crate) async fn move_items(
    old: &ObjectStore<'_>,
    store: &ObjectStore<'_>,
    heads: &ObjectStore<'_>,
) -> Result<()> {
    let mut items: Vec<CatalogItem> = old
        .get_all::<CatalogItem>()
        .serde()?
        .await?
        .collect::<std::result::Result<_, _>>()?;
    items.sort_unstable_by(|a, b| {
        (a.supplier_id.as_str(), a.id.as_str()).cmp(&(b.supplier_id.as_str(), b.id.as_str()))
    });
    for supplier in items.chunk_by(|a, b| a.supplier_id == b.supplier_id) {
        let supplier_id = supplier[0].supplier_id.as_str();
        rewrite_whole(store, heads, supplier_id, supplier).await?;
    }
    Ok(())
}
