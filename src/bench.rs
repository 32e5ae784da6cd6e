//! Hooks for the browser benchmark (`scripts/bench`, cargo feature `bench`; never in the
//! shipped app). `tests/bench/run.mjs` calls them through `window.wasmBindings` and does the
//! timing and the printing; these exports stay thin and leave search and storage to
//! `procura_core` and [`crate::storage`].
//!
//! State (the generated catalog, its index, the query set) lives in this module between calls.
//! Besides the app's own write and read paths, a few storage layouts are measured here as
//! experiments (items as plain JSON-parsed objects; items packed 1,000 to a record as JSON or
//! MessagePack) so the figures can show where import and cold-start time goes.

use crate::storage::{LocalDb, SCHEMA_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyPath;
use procura_core::api::{CatalogChange, Cursor, Supplier};
use procura_core::catalog::CatalogItem;
use procura_core::demo;
use procura_core::search::{SearchFilters, SearchIndex, SearchQuery};
use serde::Serialize;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// One benchmark query: free text plus the filters the JavaScript libraries apply after
/// searching (supplier, UNSPSC segment, in stock).
#[derive(Debug, Clone, Serialize)]
struct BenchQuery {
    kind: &'static str,
    text: String,
    suppliers: Vec<String>,
    segments: Vec<String>,
    in_stock_only: bool,
}

#[derive(Default)]
struct State {
    items: Rc<Vec<CatalogItem>>,
    suppliers: Vec<demo::DemoSupplier>,
    index: Option<Rc<SearchIndex>>,
    queries: Vec<BenchQuery>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn items() -> Rc<Vec<CatalogItem>> {
    STATE.with(|s| s.borrow().items.clone())
}

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Generates the seeded catalog (`suppliers` × `per_supplier` items) and the query set.
/// Returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_generate(seed: u32, suppliers: usize, per_supplier: usize) -> f64 {
    let started = performance_now();
    let demo_suppliers = demo::suppliers(suppliers);
    let items: Vec<CatalogItem> = demo_suppliers
        .iter()
        .flat_map(|s| demo::generate_catalog(u64::from(seed), s, per_supplier))
        .collect();
    let queries = queries(&items);
    STATE.with(|s| {
        *s.borrow_mut() = State {
            items: Rc::new(items),
            suppliers: demo_suppliers,
            index: None,
            queries,
        }
    });
    performance_now() - started
}

/// The fixed query set as JSON: `[{kind, text, suppliers, segments, in_stock_only}]`.
#[wasm_bindgen]
pub fn bench_queries() -> String {
    STATE.with(|s| serde_json::to_string(&s.borrow().queries).expect("queries serialize"))
}

/// The generated items as JSON documents for the JavaScript libraries: `id` is the item's
/// position (the same position Procura's hits carry), the text fields are the ones Procura
/// searches, and `supplier`, `segment`, `in_stock` serve the after-search filters.
#[wasm_bindgen]
pub fn bench_documents() -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        id: usize,
        supplier: &'a str,
        segment: &'a str,
        in_stock: bool,
        name_en: &'a str,
        name_zh: &'a str,
        manufacturer: &'a str,
        mpn: &'a str,
        sku: &'a str,
        gtin: &'a str,
        description_en: &'a str,
        description_zh: &'a str,
    }
    let items = items();
    let docs: Vec<Doc<'_>> = items
        .iter()
        .enumerate()
        .map(|(id, item)| Doc {
            id,
            supplier: &item.supplier_id,
            segment: procura_core::unspsc::segment(&item.unspsc).unwrap_or(""),
            in_stock: item.in_stock(),
            name_en: &item.name.en,
            name_zh: &item.name.zh,
            manufacturer: &item.manufacturer,
            mpn: &item.mpn,
            sku: &item.sku,
            gtin: item.gtin.as_deref().unwrap_or(""),
            description_en: &item.description.en,
            description_zh: &item.description.zh,
        })
        .collect();
    serde_json::to_string(&docs).expect("documents serialize")
}

/// Builds the search index over the generated items; returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_build_index() -> f64 {
    let items = items();
    let started = performance_now();
    let index = SearchIndex::build(&items);
    let elapsed = performance_now() - started;
    STATE.with(|s| s.borrow_mut().index = Some(Rc::new(index)));
    elapsed
}

/// Facts about the built index as JSON: sizes, and encode / decode times of its persisted form.
#[wasm_bindgen]
pub fn bench_index_info() -> Result<String, JsValue> {
    let index = STATE
        .with(|s| s.borrow().index.clone())
        .ok_or_else(|| js_err("index not built"))?;
    let started = performance_now();
    let bytes = index.to_bytes();
    let encode_ms = performance_now() - started;
    let started = performance_now();
    let decoded = SearchIndex::from_bytes(&bytes).map_err(js_err)?;
    let decode_ms = performance_now() - started;
    drop(decoded);
    Ok(json!({
        "terms": index.term_count(),
        "postings": index.posting_count(),
        "heap_bytes": index.heap_bytes(),
        "encoded_bytes": bytes.len(),
        "encode_ms": encode_ms,
        "decode_ms": decode_ms,
    })
    .to_string())
}

/// Runs query `i` of the set once (first page of 50, with facets); returns the total hits.
/// The caller times it, exactly as it times the JavaScript libraries.
#[wasm_bindgen]
pub fn bench_search(i: usize) -> Result<u32, JsValue> {
    STATE.with(|s| {
        let state = s.borrow();
        let index = state
            .index
            .as_ref()
            .ok_or_else(|| js_err("index not built"))?;
        let q = state
            .queries
            .get(i)
            .ok_or_else(|| js_err("no such query"))?;
        let query = SearchQuery {
            text: q.text.clone(),
            filters: SearchFilters {
                suppliers: q.suppliers.clone(),
                segments: q.segments.clone(),
                in_stock_only: q.in_stock_only,
                ..SearchFilters::default()
            },
            ..SearchQuery::default()
        };
        let results = index.search(&state.items, &query);
        Ok(results.total as u32)
    })
}

/// What the generated items occupy on the wasm heap, as JSON: `total` (the `CatalogItem`
/// structs plus the capacity of the strings and price tiers they own; allocator overhead not
/// counted), `struct_bytes` (`size_of::<CatalogItem>()`), and `fields`: the bytes of each
/// string field's text summed over all items, as `[name, bytes]` pairs.
#[wasm_bindgen]
pub fn bench_items_heap() -> String {
    let items = items();
    let mut fields: Vec<(&str, usize)> = Vec::new();
    let mut add = |name: &'static str, bytes: usize| match fields.iter_mut().find(|f| f.0 == name) {
        Some(f) => f.1 += bytes,
        None => fields.push((name, bytes)),
    };
    let mut owned = 0;
    for i in items.iter() {
        let strings = [
            ("id", &i.id),
            ("supplier_id", &i.supplier_id),
            ("sku", &i.sku),
            ("manufacturer", &i.manufacturer),
            ("mpn", &i.mpn),
            ("name.en", &i.name.en),
            ("name.zh", &i.name.zh),
            ("description.en", &i.description.en),
            ("description.zh", &i.description.zh),
            ("unspsc", &i.unspsc),
            ("order_unit", &i.order_unit),
            ("content_unit", &i.content_unit),
            ("currency", &i.currency),
        ];
        for (name, s) in strings {
            add(name, s.len());
            owned += s.capacity();
        }
        add("gtin", i.gtin.as_ref().map_or(0, String::len));
        owned += i.gtin.as_ref().map_or(0, String::capacity);
        let tiers = std::mem::size_of::<procura_core::catalog::PriceTier>();
        add("price_tiers", i.price_tiers.len() * tiers);
        owned += i.price_tiers.capacity() * tiers;
    }
    let struct_bytes = std::mem::size_of::<CatalogItem>();
    json!({
        "total": items.capacity() * struct_bytes + owned,
        "struct_bytes": struct_bytes,
        "fields": fields,
    })
    .to_string()
}

/// Bytes of the wasm linear memory (it only grows: this is its high-water mark).
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            f64::from(
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length(),
            )
        })
        .unwrap_or(f64::NAN)
}

/// The items grouped into feed pages of `batch` (one supplier per page), as sync stores them.
fn feed_pages(items: &[CatalogItem], batch: usize) -> Vec<(String, Vec<CatalogChange>, Cursor)> {
    items
        .chunk_by(|a, b| a.supplier_id == b.supplier_id)
        .flat_map(|supplier| supplier.chunks(batch.max(1)))
        .enumerate()
        .map(|(n, page)| {
            let changes = page
                .iter()
                .map(|item| CatalogChange::Upsert {
                    item: Box::new(item.clone()),
                })
                .collect();
            (
                page[0].supplier_id.clone(),
                changes,
                Cursor(format!("p{n}")),
            )
        })
        .collect()
}

/// Writes the generated items into IndexedDB database `db_name` (created fresh by the caller's
/// profile) with one of these methods, and reports the time as JSON `{items, ms, …phases}`:
///
/// * `sync`: the app's sync path, [`LocalDb::apply_catalog_page`], one transaction per page of
///   `batch` items (the items are cloned into pages before the clock starts).
/// * `import`: the app's file-import path, [`LocalDb::apply_import`], one call per supplier.
/// * `raw-json`, `raw-json-relaxed`: experiment; all items to JSON in wasm, `JSON.parse`d into
///   plain objects, then one `put` per item, one transaction per `batch` (durability default or
///   relaxed).
/// * `chunked`: experiment; `batch` items per record, stored as one JSON string.
/// * `chunked-msgpack`: experiment; `batch` items per record, MessagePack-encoded (structs as
///   arrays), stored as one `Uint8Array`.
#[wasm_bindgen]
pub async fn bench_import(
    method: String,
    db_name: String,
    batch: usize,
) -> Result<String, JsValue> {
    let items = items();
    let mut phases = serde_json::Map::new();
    let started;
    match method.as_str() {
        "sync" => {
            let db = LocalDb::open_at(&db_name, SCHEMA_VERSION)
                .await
                .map_err(js_err)?;
            let pages = feed_pages(&items, batch);
            started = performance_now();
            for (supplier_id, changes, cursor) in &pages {
                db.apply_catalog_page(supplier_id, changes, cursor)
                    .await
                    .map_err(js_err)?;
            }
            db.close();
        }
        "import" => {
            let db = LocalDb::open_at(&db_name, SCHEMA_VERSION)
                .await
                .map_err(js_err)?;
            let suppliers = supplier_records(&items);
            let files: Vec<_> = items
                .chunk_by(|a, b| a.supplier_id == b.supplier_id)
                .map(|chunk| procura_core::import::ImportedCatalog {
                    action: procura_core::import::CatalogAction::Replace,
                    supplier_name: None,
                    items: chunk.to_vec(),
                    deleted_skus: Vec::new(),
                    warnings: Vec::new(),
                })
                .collect();
            started = performance_now();
            for (supplier, file) in suppliers.iter().zip(&files) {
                db.apply_import(supplier, file, |_| {}, || false)
                    .await
                    .map_err(js_err)?;
            }
            db.close();
        }
        "raw-json" | "raw-json-relaxed" => {
            let db = open_experiment_db(&db_name).await?;
            started = performance_now();
            let json = serde_json::to_string(&*items).map_err(js_err)?;
            let serialized = performance_now();
            let parsed: js_sys::Array = js_sys::JSON::parse(&json)?.unchecked_into();
            drop(json);
            let parsed_at = performance_now();
            phases.insert("serialize_ms".into(), (serialized - started).into());
            phases.insert("parse_ms".into(), (parsed_at - serialized).into());
            let relaxed = method.ends_with("relaxed");
            let len = parsed.length();
            let mut at = 0;
            while at < len {
                let end = (at + batch as u32).min(len);
                let tx = write_tx(&db, "items", relaxed)?;
                let store = tx.object_store("items").map_err(js_err)?;
                for i in at..end {
                    drop(store.put(parsed.get(i)).primitive().map_err(js_err)?);
                }
                tx.commit().await.map_err(js_err)?;
                at = end;
            }
            phases.insert("write_ms".into(), (performance_now() - parsed_at).into());
            db.close();
        }
        "chunked" => {
            let db = open_experiment_db(&db_name).await?;
            started = performance_now();
            let tx = write_tx(&db, "chunks", false)?;
            let store = tx.object_store("chunks").map_err(js_err)?;
            for (n, chunk) in items.chunks(batch.max(1)).enumerate() {
                let json = serde_json::to_string(chunk).map_err(js_err)?;
                drop(
                    store
                        .put(JsValue::from_str(&json))
                        .with_key(n as u32)
                        .primitive()
                        .map_err(js_err)?,
                );
            }
            tx.commit().await.map_err(js_err)?;
            db.close();
        }
        "chunked-msgpack" => {
            let db = open_experiment_db(&db_name).await?;
            started = performance_now();
            let tx = write_tx(&db, "chunks", false)?;
            let store = tx.object_store("chunks").map_err(js_err)?;
            for (n, chunk) in items.chunks(batch.max(1)).enumerate() {
                let bytes = rmp_serde::to_vec(chunk).map_err(js_err)?;
                // A typed array is stored as one binary blob.
                let blob = js_sys::Uint8Array::from(bytes.as_slice());
                drop(
                    store
                        .put(JsValue::from(blob))
                        .with_key(n as u32)
                        .primitive()
                        .map_err(js_err)?,
                );
            }
            tx.commit().await.map_err(js_err)?;
            db.close();
        }
        other => return Err(js_err(format!("unknown import method {other}"))),
    }
    let ms = performance_now() - started;
    let mut report = serde_json::Map::new();
    report.insert("method".into(), method.into());
    report.insert("batch".into(), batch.into());
    report.insert("items".into(), items.len().into());
    report.insert("ms".into(), ms.into());
    report.insert("phases".into(), phases.into());
    Ok(serde_json::Value::Object(report).to_string())
}

/// Reads back what [`bench_import`] wrote with `method` into complete `CatalogItem`s, and
/// reports the time as JSON `{items, ms, …phases}`:
///
/// * `sync`: the app's start-up read, [`LocalDb::load_catalog`]. The benchmark's databases hold
///   no catalog snapshot, so this is its item-by-item path (`getAll` and serde-wasm-bindgen).
/// * `raw-json`: `getAll`, `JSON.stringify`, `serde_json`.
/// * `chunked`: `getAll` of the JSON chunks, `serde_json` per chunk.
/// * `chunked-msgpack`: `getAll` of the binary chunks, `rmp_serde` per chunk.
#[wasm_bindgen]
pub async fn bench_load(method: String, db_name: String) -> Result<String, JsValue> {
    let mut phases = serde_json::Map::new();
    let started = performance_now();
    let count = match method.as_str() {
        "sync" => {
            let db = LocalDb::open_at(&db_name, SCHEMA_VERSION)
                .await
                .map_err(js_err)?;
            let opened = performance_now();
            phases.insert("open_ms".into(), (opened - started).into());
            let stored = db.load_catalog().await.map_err(js_err)?;
            db.close();
            stored.items.len()
        }
        "raw-json" => {
            let db = open_experiment_db(&db_name).await?;
            let tx = db.transaction("items").build().map_err(js_err)?;
            let records = get_all_raw(&tx, "items").await?;
            let got = performance_now();
            let json = String::from(js_sys::JSON::stringify(&records)?);
            let stringified = performance_now();
            let items: Vec<CatalogItem> = serde_json::from_str(&json).map_err(js_err)?;
            phases.insert("get_all_ms".into(), (got - started).into());
            phases.insert("stringify_ms".into(), (stringified - got).into());
            phases.insert(
                "deserialize_ms".into(),
                (performance_now() - stringified).into(),
            );
            drop(tx);
            db.close();
            items.len()
        }
        "chunked" => {
            let db = open_experiment_db(&db_name).await?;
            let tx = db.transaction("chunks").build().map_err(js_err)?;
            let records = get_all_raw(&tx, "chunks").await?;
            let got = performance_now();
            let mut items: Vec<CatalogItem> = Vec::new();
            for record in records.iter() {
                let json = record
                    .as_string()
                    .ok_or_else(|| js_err("chunk is no string"))?;
                items.extend(serde_json::from_str::<Vec<CatalogItem>>(&json).map_err(js_err)?);
            }
            phases.insert("get_all_ms".into(), (got - started).into());
            phases.insert("deserialize_ms".into(), (performance_now() - got).into());
            drop(tx);
            db.close();
            items.len()
        }
        "chunked-msgpack" => {
            let db = open_experiment_db(&db_name).await?;
            let tx = db.transaction("chunks").build().map_err(js_err)?;
            let records = get_all_raw(&tx, "chunks").await?;
            let got = performance_now();
            let mut items: Vec<CatalogItem> = Vec::new();
            for record in records.iter() {
                let bytes = record
                    .dyn_into::<js_sys::Uint8Array>()
                    .map_err(|_| js_err("chunk is no Uint8Array"))?
                    .to_vec();
                items.extend(rmp_serde::from_slice::<Vec<CatalogItem>>(&bytes).map_err(js_err)?);
            }
            phases.insert("get_all_ms".into(), (got - started).into());
            phases.insert("deserialize_ms".into(), (performance_now() - got).into());
            drop(tx);
            db.close();
            items.len()
        }
        other => return Err(js_err(format!("unknown load method {other}"))),
    };
    Ok(json!({
        "method": method,
        "items": count,
        "ms": performance_now() - started,
        "phases": phases,
    })
    .to_string())
}

/// Stores the built index's persisted form next to the chunks of experiment database `db_name`
/// (record `search_index` of its `items` store), for [`bench_cold_load`].
#[wasm_bindgen]
pub async fn bench_store_index(db_name: String) -> Result<(), JsValue> {
    let index = STATE
        .with(|s| s.borrow().index.clone())
        .ok_or_else(|| js_err("index not built"))?;
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"id".into(), &"search_index".into())?;
    let bytes = js_sys::Uint8Array::from(index.to_bytes().as_slice());
    js_sys::Reflect::set(&record, &"bytes".into(), &bytes)?;
    let db = open_experiment_db(&db_name).await?;
    let tx = write_tx(&db, "items", false)?;
    drop(
        tx.object_store("items")
            .map_err(js_err)?
            .put(JsValue::from(record))
            .primitive()
            .map_err(js_err)?,
    );
    tx.commit().await.map_err(js_err)?;
    db.close();
    Ok(())
}

/// What start-up would do with the `chunked-msgpack` layout, meant to run first thing in a
/// fresh page: open experiment database `db_name`, read every chunk and the stored index in one
/// transaction, decode the items and the index. Reports the phases, `done_at` (the page's clock,
/// milliseconds since navigation start, when items and index are in memory) and the wasm memory
/// then (its high-water mark: what this way of loading needs at its peak).
#[wasm_bindgen]
pub async fn bench_cold_load(db_name: String) -> Result<String, JsValue> {
    let started = performance_now();
    let db = open_experiment_db(&db_name).await?;
    let opened = performance_now();
    let tx = db
        .transaction(["chunks", "items"])
        .build()
        .map_err(js_err)?;
    let records = get_all_raw(&tx, "chunks").await?;
    let record: Option<JsValue> = tx
        .object_store("items")
        .map_err(js_err)?
        .get("search_index")
        .primitive()
        .map_err(js_err)?
        .await
        .map_err(js_err)?;
    drop(tx);
    let read = performance_now();
    let mut items: Vec<CatalogItem> = Vec::new();
    for record in records.iter() {
        let bytes = record
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| js_err("chunk is no Uint8Array"))?
            .to_vec();
        items.extend(rmp_serde::from_slice::<Vec<CatalogItem>>(&bytes).map_err(js_err)?);
    }
    let items_done = performance_now();
    let bytes = record
        .and_then(|r| js_sys::Reflect::get(&r, &"bytes".into()).ok())
        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
        .ok_or_else(|| js_err("no stored index"))?
        .to_vec();
    let index = SearchIndex::from_bytes(&bytes).map_err(js_err)?;
    let done_at = performance_now();
    db.close();
    Ok(json!({
        "items": items.len(),
        "indexed": index.len(),
        "started_at": started,
        "done_at": done_at,
        "wasm_memory_bytes": bench_wasm_memory_bytes(),
        "phases": {
            "open_ms": opened - started,
            "read_ms": read - opened,
            "deserialize_ms": items_done - read,
            "index_decode_ms": done_at - items_done,
        },
    })
    .to_string())
}

/// Fills the app's own database (`procura`) with the generated catalog through the sync path
/// (pages of `batch`, with cursors) and stores the supplier records, as a finished first sync
/// leaves it. Returns the milliseconds it took.
#[wasm_bindgen]
pub async fn bench_fill_app_db(batch: usize) -> Result<f64, JsValue> {
    let items = items();
    let db = LocalDb::open(|| {}).await.map_err(js_err)?;
    let pages = feed_pages(&items, batch);
    let started = performance_now();
    for (supplier_id, changes, cursor) in &pages {
        db.apply_catalog_page(supplier_id, changes, cursor)
            .await
            .map_err(js_err)?;
    }
    db.save_suppliers(&supplier_records(&items))
        .await
        .map_err(js_err)?;
    let elapsed = performance_now() - started;
    db.close();
    Ok(elapsed)
}

fn supplier_records(items: &[CatalogItem]) -> Vec<Supplier> {
    STATE.with(|s| {
        s.borrow()
            .suppliers
            .iter()
            .map(|d| Supplier {
                id: d.id.clone(),
                name: d.name.clone(),
                currency: d.currency.clone(),
                item_count: items.iter().filter(|i| i.supplier_id == d.id).count() as u64,
                managed_by: Default::default(),
            })
            .collect()
    })
}

/// A database for the storage experiments: `items` (key path `id`) and `chunks` (out-of-line
/// keys).
async fn open_experiment_db(name: &str) -> Result<Database, JsValue> {
    Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("items")
                .with_key_path(KeyPath::One("id"))
                .build()?;
            db.create_object_store("chunks").build()?;
            Ok(())
        })
        .await
        .map_err(js_err)
}

fn write_tx<'a>(
    db: &'a Database,
    store: &'a str,
    relaxed: bool,
) -> Result<indexed_db_futures::transaction::Transaction<'a>, JsValue> {
    let durability = if relaxed {
        TransactionDurability::Relaxed
    } else {
        TransactionDurability::Default
    };
    db.transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(durability))
        .build()
        .map_err(js_err)
}

async fn get_all_raw(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    store: &str,
) -> Result<js_sys::Array, JsValue> {
    let records = tx
        .object_store(store)
        .map_err(js_err)?
        .get_all::<JsValue>()
        .primitive()
        .map_err(js_err)?
        .await
        .map_err(js_err)?;
    let array = js_sys::Array::new();
    for record in records {
        array.push(&record.map_err(js_err)?);
    }
    Ok(array)
}

/// The fixed query set: 65 queries in seven kinds, the same strings for every engine. Codes
/// (GTIN, SKU, MPN) are taken from fixed positions of the generated catalog, so they are fixed
/// for a given seed and size.
fn queries(items: &[CatalogItem]) -> Vec<BenchQuery> {
    let text = |kind: &'static str, text: &str| BenchQuery {
        kind,
        text: text.to_owned(),
        suppliers: Vec::new(),
        segments: Vec::new(),
        in_stock_only: false,
    };
    let facet = |t: &str, suppliers: &[&str], segments: &[&str], in_stock_only: bool| BenchQuery {
        kind: "facet",
        text: t.to_owned(),
        suppliers: suppliers.iter().map(|s| s.to_string()).collect(),
        segments: segments.iter().map(|s| s.to_string()).collect(),
        in_stock_only,
    };
    let mut out = Vec::new();
    // A finished word: the buyer typed a space after it, so no prefix matching.
    for w in [
        "paper ",
        "stapler ",
        "monitor ",
        "gloves ",
        "nitrile ",
        "toner ",
        "keyboard ",
        "batteries ",
        "envelopes ",
        "beaker ",
        "laptop ",
        "mouse ",
    ] {
        out.push(text("single", w));
    }
    for p in [
        "pap", "stap", "moni", "glo", "key", "lapt", "cent", "pipe", "env", "hig",
    ] {
        out.push(text("prefix", p));
    }
    for m in [
        "copy paper a4",
        "nitrile gloves",
        "usb flash drive",
        "lumetra monitor",
        "ballpoint pen blue",
        "network cable cat",
        "safety glasses anti",
        "gel pen black",
        "lever arch file",
        "centrifuge tubes sterile",
    ] {
        out.push(text("multi", m));
    }
    for t in [
        "stapeler",
        "monitr",
        "keybaord",
        "nitirle",
        "envelops",
        "laptpo",
        "centrifge",
        "batteires",
    ] {
        out.push(text("typo", t));
    }
    for c in [
        "复印纸",
        "笔记本",
        "笔记本电脑",
        "显示器",
        "手套",
        "丁腈手套",
        "纸",
        "订书机",
        "A4 复印纸",
        "硒鼓",
    ] {
        out.push(text("chinese", c));
    }
    let at = |i: usize| &items[i.min(items.len() - 1)];
    for i in [123, 45_678, 99_001] {
        out.push(text("gtin", at(i).gtin.as_deref().unwrap_or("")));
    }
    for i in [7, 61_234] {
        out.push(text("sku", &at(i).sku));
    }
    out.push(text("mpn", &at(2_024).mpn));
    out.push(text("mpn", &at(77_777).mpn.to_lowercase().replace('-', "")));
    out.push(facet("paper", &["officeplus"], &[], false));
    out.push(facet("pen", &[], &["44"], true));
    out.push(facet("gloves", &["labcore", "safeworks"], &[], false));
    out.push(facet("cable", &[], &[], true));
    out.push(facet("monitor", &["techsource", "huatong"], &[], false));
    out.push(facet("纸", &["officeplus", "huatong"], &[], false));
    out.push(facet("toner", &["officeplus"], &[], true));
    out.push(facet("safety glasses", &["safeworks"], &["46"], false));
    out
}
