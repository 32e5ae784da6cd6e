//! The benchmark's IndexedDB side: writing the generated catalog through the app's own paths and
//! through experimental layouts, reading it back, and the app's offline cold start.

use super::*;

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
                page[0].supplier_id.as_str().to_owned(),
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
                .map(|chunk| procura_catalog::import::ImportedCatalog {
                    action: procura_catalog::import::CatalogAction::Replace,
                    supplier_name: None,
                    items: chunk.to_vec(),
                    deleted_skus: Vec::new(),
                    deleted_gtins: Vec::new(),
                    warnings: Vec::new(),
                    skipped: Vec::new(),
                    categories: None,
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
///   no catalog snapshot, so this is its fallback: every item chunk (`getAll`), decoded and
///   merged.
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
                id: d.id.clone().into(),
                name: d.name.clone(),
                currency: d.currency.clone(),
                item_count: items
                    .iter()
                    .filter(|i| i.supplier_id.as_str() == d.id)
                    .count() as u64,
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
