//! A device the previous release left behind opens with everything it held, read through
//! today's storage API, in headless Chromium against a real IndexedDB.
//!
//! The values under `tests/fixtures/previous-release/` are what that release stored (see the
//! folder's README): the JSON texts of the `meta` store (sync state, carts, requisition
//! defaults, transmissions, pending log-outs, marketplaces), the record log's pages, the objects
//! of the `outbox`, `refused`, `suppliers`, `catalog_items` and `sync_cursors` stores (as
//! `JSON.stringify` shows them), the catalog snapshot's two blobs, and an exported backup file.
//! The test writes them with raw IndexedDB calls into a database of that release's schema
//! (version 4), opens it with today's code and checks what comes out; then it checks that
//! today's code writes the very same values, so a format change cannot slip in unnoticed.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura::catalog::LocalCatalog;
use procura::storage::{DeviceBackup, LocalDb, SCHEMA_VERSION};
use procura_catalog::catalog::chunks::decode_items;
use procura_catalog::compare::OfferGroups;
use procura_catalog::search::SearchIndex;
use procura_ground::reason::Reason;
use procura_orders::order::transmit::TransmitState;
use procura_procurement::approval::Status;
use procura_procurement::cart::LineItem;
use procura_sync::api::sync::{Record, RecordChange, RecordKey, RecordKind};
use procura_sync::api::{CatalogChange, ContentManager, Cursor};
use procura_sync::sync::{Op, SyncState};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The schema of the release that wrote the fixtures.
const PREVIOUS_SCHEMA: u32 = 4;
/// The snapshot format that release wrote (`storage/snapshot.rs`).
const SNAPSHOT_FORMAT: &str = "msgpack-items-v2+search-index";
/// The snapshot format written since: the same items in pieces of 1,000.
const SNAPSHOT_FORMAT_PIECES: &str = "msgpack-items-v2-pieces+search-index";
const CATALOG_VERSION: &str = "1795597200000-482913577";
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 2026-11-25 09:00 UTC.
const T0: i64 = 1_795_564_800_000 + 9 * HOUR;
const EPOCH: &str = "7d1c2f0e9a4b4e55";
const DEVICE: &str = "3f6e1c2a-9b7d-4e8f-a1c3-5d2b7e9f0a14";
const REQ: &str = "0b9c6a52-4d3e-4f71-9a8b-2c1d0e7f6a35";
const REQ_WITHDRAWN: &str = "5e2f8d41-7a6b-4c3d-8e9f-1a0b2c3d4e5f";
const ORDER: &str = "c4a7e2d9-18b3-4f65-a0d2-7e9c1b3f5a86";
const SENT_ORDER: &str = "a1b2c3d4-0000-4000-8000-000000000001";
const LOGOUT_TOKEN: &str = "pt_0a1b2c3d4e5f60718293a4b5c6d7e8f9";

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/previous-release/", $path))
    };
}

const SYNC_STATE: &str = fixture!("indexeddb/meta-sync_state.json");
const CARTS: &str = fixture!("indexeddb/meta-carts.json");
const REQ_DEFAULTS: &str = fixture!("indexeddb/meta-req-defaults.json");
const TRANSMISSION: &str = fixture!("indexeddb/meta-transmission.json");
const TRANSMISSION_SENT: &str = fixture!("indexeddb/meta-transmission-sent.json");
const PENDING_LOGOUTS: &str = fixture!("indexeddb/meta-pending_logouts.json");
const MARKETPLACES: &str = fixture!("indexeddb/meta-marketplaces.json");
const RECORDS_PAGE_1: &str = fixture!("indexeddb/records-page-1.json");
const RECORDS_PAGE_2: &str = fixture!("indexeddb/records-page-2.json");
const OUTBOX: &str = fixture!("indexeddb/store-outbox.json");
const REFUSED: &str = fixture!("indexeddb/store-refused.json");
const SUPPLIERS: &str = fixture!("indexeddb/store-suppliers.json");
const CATALOG_ITEMS: &str = fixture!("indexeddb/store-catalog_items.json");
const SYNC_CURSORS: &str = fixture!("indexeddb/store-sync_cursors.json");
const SNAPSHOT_ITEMS: &[u8] = include_bytes!("fixtures/previous-release/snapshot/items.msgpack");
const SNAPSHOT_INDEX: &[u8] = include_bytes!("fixtures/previous-release/snapshot/index.bin");
const BACKUP: &str = fixture!("backup/device-backup.json");
const SESSION: &str = fixture!("local-storage/session.json");
const DEVICE_RATES: &str = fixture!("local-storage/device-rates.json");
const CSV_MAPPING: &str = fixture!("local-storage/csv-mapping.json");
const ORDER_RECEIPT: &str = fixture!("wire/order-receipt.json");

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// The elements of a fixture array, as JS values (what `JSON.parse` makes of them).
fn js_elements(text: &str) -> Vec<JsValue> {
    js_sys::JSON::parse(text)
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap()
        .iter()
        .collect()
}

/// A device as the previous release left it: its schema made by that release's migrations,
/// then every value written with raw IndexedDB calls, as that release stored it.
async fn previous_release_device(name: &str) {
    LocalDb::open_at(name, PREVIOUS_SCHEMA)
        .await
        .unwrap()
        .close();
    let db = Database::open(name).await.unwrap();
    let stores = [
        "meta",
        "records",
        "outbox",
        "refused",
        "suppliers",
        "catalog_items",
        "sync_cursors",
    ];
    let tx = db
        .transaction(stores)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let meta = tx.object_store("meta").unwrap();
    let texts = [
        ("sync_state", SYNC_STATE),
        ("carts/u-buyer", CARTS),
        ("req-defaults/u-buyer", REQ_DEFAULTS),
        (&*format!("transmit/{ORDER}"), TRANSMISSION),
        (&*format!("transmit/{SENT_ORDER}"), TRANSMISSION_SENT),
        ("pending_logouts", PENDING_LOGOUTS),
        ("marketplaces", MARKETPLACES),
        ("records_for", "u-buyer"),
        ("catalog_version", CATALOG_VERSION),
    ];
    for (key, text) in texts {
        meta.put(text.to_owned())
            .with_key(key.to_owned())
            .primitive()
            .unwrap()
            .await
            .unwrap();
    }
    let snapshot = js_sys::Object::new();
    for (k, v) in [
        ("version", JsValue::from(CATALOG_VERSION)),
        ("format", SNAPSHOT_FORMAT.into()),
        ("items", js_sys::Uint8Array::from(SNAPSHOT_ITEMS).into()),
        ("index", js_sys::Uint8Array::from(SNAPSHOT_INDEX).into()),
    ] {
        js_sys::Reflect::set(&snapshot, &k.into(), &v).unwrap();
    }
    meta.put(JsValue::from(snapshot))
        .with_key("catalog_snapshot".to_owned())
        .primitive()
        .unwrap()
        .await
        .unwrap();
    let records = tx.object_store("records").unwrap();
    for page in [RECORDS_PAGE_1, RECORDS_PAGE_2] {
        records
            .add(page.to_owned())
            .primitive()
            .unwrap()
            .await
            .unwrap();
    }
    for (store, text) in [
        ("outbox", OUTBOX),
        ("refused", REFUSED),
        ("suppliers", SUPPLIERS),
        ("catalog_items", CATALOG_ITEMS),
        ("sync_cursors", SYNC_CURSORS),
    ] {
        let store = tx.object_store(store).unwrap();
        for value in js_elements(text) {
            store.put(value).primitive().unwrap().await.unwrap();
        }
    }
    tx.commit().await.unwrap();
    db.close();
}

/// Every value of `store`, as `JSON.stringify` shows it, in key order.
async fn raw_all(name: &str, store: &str) -> Vec<Value> {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction(store).build().unwrap();
    let values: Vec<JsValue> = tx
        .object_store(store)
        .unwrap()
        .get_all::<JsValue>()
        .primitive()
        .unwrap()
        .await
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(tx);
    db.close();
    values
        .iter()
        .map(|v| json(&String::from(js_sys::JSON::stringify(v).unwrap())))
        .collect()
}

/// Writes `value` under `key` in `meta`, as another release would.
async fn put_raw_meta(name: &str, key: &str, value: JsValue) {
    let db = Database::open(name).await.unwrap();
    let tx = db
        .transaction("meta")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("meta")
        .unwrap()
        .put(value)
        .with_key(key.to_owned())
        .primitive()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

/// The raw value under `key` in `meta`.
async fn raw_meta(name: &str, key: &str) -> Option<JsValue> {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction("meta").build().unwrap();
    let value: Option<JsValue> = tx
        .object_store("meta")
        .unwrap()
        .get(key.to_owned())
        .primitive()
        .unwrap()
        .await
        .unwrap();
    drop(tx);
    db.close();
    value
}

async fn raw_meta_text(name: &str, key: &str) -> String {
    raw_meta(name, key)
        .await
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| panic!("no text under {key}"))
}

async fn open(name: &str) -> LocalDb {
    LocalDb::open_at(name, SCHEMA_VERSION).await.unwrap()
}

#[wasm_bindgen_test]
async fn the_sync_state_records_outbox_and_refusals_read() {
    let name = fresh_name("previous-sync");
    previous_release_device(&name).await;
    let db = open(&name).await;
    let work = db.work().await.unwrap();
    assert_eq!(
        work.state,
        Some(SyncState {
            client_id: DEVICE.into(),
            next_mutation_id: 53,
            cursor: Cursor(format!("r1.{EPOCH}.118")),
            epoch: Some(EPOCH.into()),
        })
    );
    assert_eq!(work.records_for.as_deref(), Some("u-buyer"));

    // The log's pages replayed: the second page deleted the withdrawn requisition.
    let keys: Vec<RecordKey> = work.records.keys().cloned().collect();
    assert_eq!(keys.len(), 5);
    // Every kind the previous release had (supplier assessments, selections, stocked items,
    // goods issues, invoices, returns and contracts came after it).
    for kind in RecordKind::ALL.into_iter().filter(|k| {
        !matches!(
            k,
            RecordKind::Assessment
                | RecordKind::Selection
                | RecordKind::Stock
                | RecordKind::GoodsIssue
                | RecordKind::Invoice
                | RecordKind::Return
                | RecordKind::Contract
        )
    }) {
        assert!(keys.iter().any(|k| k.kind == kind), "{kind:?}");
    }
    assert!(!work
        .records
        .contains_key(&RecordKey::requisition(REQ_WITHDRAWN)));
    let Some(Record::Requisition(r)) = work.records.get(&RecordKey::requisition(REQ)) else {
        panic!("the approved requisition")
    };
    assert_eq!(r.status, Status::Approved);
    assert_eq!(r.totals.net, dec("4600.82"));
    assert_eq!(r.totals.gross.to_string(), "5176.50");
    assert_eq!(r.need_by.to_string(), "2026-12-15");
    assert_eq!(r.submitted_at_ms, T0);
    procura_procurement::approval::audit::verify(r).expect("the audit chain holds");
    let Some(Record::Order(po)) = work.records.get(&RecordKey::new(RecordKind::Order, ORDER))
    else {
        panic!("the order")
    };
    assert_eq!(po.number, "PO-C4A7E2D9");
    assert_eq!(po.lines[2].unit_price, dec("320.50"));

    // Everyone's queue, and one user's through the author index.
    let queued: Vec<(u64, &str)> = work
        .outbox
        .iter()
        .map(|q| (q.id, q.author.as_str()))
        .collect();
    assert_eq!(
        queued,
        [(50, "u-approver1"), (51, "u-buyer"), (52, "u-buyer")]
    );
    let mine = db.outbox_of("u-buyer", 10).await.unwrap();
    assert_eq!(mine.iter().map(|m| m.id).collect::<Vec<_>>(), [51, 52]);
    let Op::SaveEvaluation { evaluation } = &mine[0].op else {
        panic!("an evaluation")
    };
    assert_eq!(evaluation.period.text(), "2026-Q4");
    assert_eq!(evaluation.scores.price, 5);
    assert_eq!(mine[0].created_at_ms, T0 + 10 * HOUR);

    let refused: Vec<(u64, &str, Option<&Reason>)> = work
        .refused
        .iter()
        .map(|r| (r.id, r.code.as_str(), r.reason.as_ref()))
        .collect();
    assert_eq!(
        refused,
        [
            (47, "stale", Some(&Reason::LineShipped { line: 1 })),
            (48, "stale", None),
        ]
    );
    assert!(matches!(
        work.refused[0].mutation.op,
        Op::RequestOrderChange { .. }
    ));
}

#[wasm_bindgen_test]
async fn carts_defaults_transmissions_and_logouts_read() {
    let name = fresh_name("previous-meta");
    previous_release_device(&name).await;
    let db = open(&name).await;

    let carts = db.load_carts("u-buyer").await.unwrap();
    assert_eq!(carts.owner, "u-buyer");
    assert_eq!(carts.active.as_deref(), Some("cart-1"));
    assert_eq!(carts.carts.len(), 2);
    let cart = carts.get("cart-1").unwrap();
    assert_eq!(cart.name, "Office restock 办公补货");
    assert_eq!(cart.lines.len(), 3);
    assert_eq!(cart.lines[0].quantity, dec("12"));
    assert!(matches!(cart.lines[0].item, LineItem::Catalog(_)));
    let LineItem::FreeText(free) = &cart.lines[2].item else {
        panic!("a free-text line")
    };
    assert_eq!(free.unit_price, dec("320.50"));
    assert_eq!(free.unit, "E48");
    assert_eq!(cart.lines[2].note, "Spiral binding");
    assert!(cart.lines.iter().all(|l| l.problem().is_none()));
    assert_eq!(cart.totals_by_currency().len(), 1);

    let defaults = db.requisition_defaults("u-buyer").await.unwrap().unwrap();
    assert_eq!(defaults.cost_centre, "CC-100");
    assert_eq!(defaults.account, "6001");

    let t = db.load_transmission(ORDER).await.unwrap().unwrap();
    assert_eq!(t.attempts, 2);
    assert_eq!(
        t.state,
        TransmitState::Waiting {
            not_before_ms: T0 + 4 * HOUR + 9_000
        }
    );
    assert_eq!(t.last_error.as_deref(), Some("no answer: timed out"));
    let all = db.transmissions().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|t| t.order_id.as_str()).collect();
    assert_eq!(ids, [SENT_ORDER, ORDER]);
    assert_eq!(all[0].state, TransmitState::Sent { at_ms: T0 });

    assert_eq!(db.pending_logouts().await.unwrap(), [LOGOUT_TOKEN]);
    let marketplaces = db.marketplaces().await.unwrap();
    assert_eq!(marketplaces.len(), 1);
    assert_eq!(marketplaces[0].seller_ids.len(), 2);
}

#[wasm_bindgen_test]
async fn the_catalog_its_cursors_and_its_snapshot_read() {
    let name = fresh_name("previous-catalog");
    previous_release_device(&name).await;
    let db = open(&name).await;

    let suppliers = db.suppliers().await.unwrap();
    let managed: Vec<ContentManager> = suppliers.iter().map(|s| s.managed_by).collect();
    assert_eq!(managed.len(), 3);
    for m in [
        ContentManager::Supplier,
        ContentManager::Marketplace,
        ContentManager::Buyer,
    ] {
        assert!(managed.contains(&m), "{m:?}");
    }
    let cursors = db.cursors().await.unwrap();
    let feeds: Vec<&str> = cursors.iter().map(|c| c.supplier_id.as_str()).collect();
    assert_eq!(feeds.len(), 2);
    assert_eq!(
        feeds.iter().filter(|f| f.starts_with("market:")).count(),
        1,
        "one supplier feed, one marketplace feed: {feeds:?}"
    );
    assert!(cursors.iter().all(|c| c.cursor.0.contains(EPOCH)));

    assert!(
        !db.store_names().iter().any(|s| s == "catalog_items"),
        "the upgrade moved the items into chunks"
    );
    let mut items = db.all_items().await.unwrap();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(items.len(), 4);
    let first = &items[0];
    assert!(!first.price_tiers.is_empty());
    assert!(first.price_tiers[0].unit_price > Decimal::ZERO);

    // The snapshot is current (its version is the catalog's), so the catalog comes from it.
    let stored = db.load_catalog().await.unwrap();
    assert_eq!(stored.version.as_deref(), Some(CATALOG_VERSION));
    assert_eq!(
        stored.search_index.as_deref(),
        Some(SNAPSHOT_INDEX),
        "read from the snapshot, not item by item"
    );
    assert_eq!(stored.items, items, "the snapshot holds the stored items");
    let index = SearchIndex::from_bytes(SNAPSHOT_INDEX).expect("the index decodes");
    assert_eq!(index.to_bytes(), SNAPSHOT_INDEX);
    assert_eq!(SearchIndex::build(&items).to_bytes(), SNAPSHOT_INDEX);
    assert_eq!(rmp_serde::to_vec(&items).unwrap(), SNAPSHOT_ITEMS);
}

#[wasm_bindgen_test]
async fn a_backup_file_of_the_previous_release_restores() {
    let backup = DeviceBackup::parse(BACKUP).expect("a backup");
    assert_eq!(
        serde_json::to_value(&backup).unwrap(),
        json(BACKUP),
        "today's code writes the backup file the same way"
    );
    assert_eq!(backup.exported_at_ms, T0 + 8 * DAY);
    assert_eq!(backup.sync_state.client_id, DEVICE);
    assert_eq!(backup.outbox.len(), 3);
    assert_eq!(backup.records.len(), 5);
    assert_eq!(backup.buyer_items.len(), 1);
    assert_eq!(backup.carts.len(), 1);

    let name = fresh_name("previous-backup");
    let db = open(&name).await;
    let summary = db.restore_backup(&backup).await.unwrap();
    assert_eq!((summary.queued, summary.records, summary.items), (3, 5, 1));
    let work = db.work().await.unwrap();
    assert_eq!(work.state.as_ref().unwrap().client_id, DEVICE);
    assert_eq!(work.state.as_ref().unwrap().next_mutation_id, 53);
    assert_eq!(work.refused.len(), 2);
    assert_eq!(db.load_carts("u-buyer").await.unwrap(), backup.carts[0]);
}

#[wasm_bindgen_test]
async fn exporting_the_previous_releases_device_gives_its_backup_file() {
    let name = fresh_name("previous-export");
    previous_release_device(&name).await;
    let db = open(&name).await;
    let exported = db.export_backup(T0 + 8 * DAY).await.unwrap();
    assert_eq!(serde_json::to_value(&exported).unwrap(), json(BACKUP));
}

/// Today's code writes what the previous release wrote: the same JSON texts in `meta`, the
/// same objects in the stores, the same snapshot bytes.
#[wasm_bindgen_test]
async fn todays_code_writes_the_same_values() {
    let old = fresh_name("previous-rewrite");
    previous_release_device(&old).await;
    let db = open(&old).await;
    // Each value read, written back through today's API, and compared with the text stored.
    db.sync_state().await.unwrap();
    let carts = db.load_carts("u-buyer").await.unwrap();
    db.save_carts(&carts).await.unwrap();
    let defaults = db.requisition_defaults("u-buyer").await.unwrap().unwrap();
    db.save_requisition_defaults("u-buyer", &defaults)
        .await
        .unwrap();
    for t in db.transmissions().await.unwrap() {
        db.save_transmission(&t).await.unwrap();
    }
    db.logout_done("a token never queued").await.unwrap();
    let marketplaces = db.marketplaces().await.unwrap();
    db.save_marketplaces(&marketplaces).await.unwrap();
    for (key, text) in [
        ("sync_state", SYNC_STATE),
        ("carts/u-buyer", CARTS),
        ("req-defaults/u-buyer", REQ_DEFAULTS),
        (&*format!("transmit/{ORDER}"), TRANSMISSION),
        (&*format!("transmit/{SENT_ORDER}"), TRANSMISSION_SENT),
        ("pending_logouts", PENDING_LOGOUTS),
        ("marketplaces", MARKETPLACES),
    ] {
        assert_eq!(raw_meta_text(&old, key).await, text, "{key}");
    }
    // A record page is the JSON text of its changes (`outbox::append_records`).
    for page in [RECORDS_PAGE_1, RECORDS_PAGE_2] {
        let changes: Vec<RecordChange> = serde_json::from_str(page).unwrap();
        assert_eq!(serde_json::to_string(&changes).unwrap(), page);
    }
    let suppliers = db.suppliers().await.unwrap();
    let cursors = db.cursors().await.unwrap();
    let mut items = db.all_items().await.unwrap();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let backup = DeviceBackup::parse(BACKUP).unwrap();

    // A fresh device written by today's code alone.
    let new = fresh_name("previous-rewrite-new");
    let db = open(&new).await;
    db.restore_backup(&backup).await.unwrap();
    db.save_suppliers(&suppliers).await.unwrap();
    let upserts: Vec<CatalogChange> = items
        .iter()
        .map(|item| CatalogChange::Upsert {
            item: Box::new(item.clone()),
        })
        .collect();
    for (i, c) in cursors.iter().enumerate() {
        let changes = if i == 0 { &upserts[..] } else { &[] };
        db.apply_catalog_page(&c.supplier_id, changes, &c.cursor)
            .await
            .unwrap();
    }
    for (store, text) in [
        ("outbox", OUTBOX),
        ("refused", REFUSED),
        ("suppliers", SUPPLIERS),
        ("sync_cursors", SYNC_CURSORS),
    ] {
        // In key order; the fixtures keep the order they were written in.
        let sorted = |mut values: Vec<Value>| {
            values.sort_by_key(Value::to_string);
            values
        };
        let Value::Array(expected) = json(text) else {
            panic!("{store}: an array")
        };
        assert_eq!(
            sorted(raw_all(&new, store).await),
            sorted(expected),
            "{store}"
        );
    }
    // Items are stored in chunks since schema version 5 (the per-item store is gone): they
    // read back as the previous release's records say.
    let mut held: Vec<procura_catalog::catalog::CatalogItem> =
        serde_json::from_str(CATALOG_ITEMS).unwrap();
    held.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(db.all_items().await.unwrap(), held);
    let version = db.load_catalog().await.unwrap().version.unwrap();
    let index = SearchIndex::build(&items).to_bytes();
    let groups = OfferGroups::build(&items);
    assert!(db
        .save_snapshot(&version, &items, &index, &groups)
        .await
        .unwrap());
    let snapshot = raw_meta(&new, "catalog_snapshot").await.unwrap();
    let get = |k: &str| js_sys::Reflect::get(&snapshot, &k.into()).unwrap();
    let bytes = |k: &str| get(k).dyn_into::<js_sys::Uint8Array>().unwrap().to_vec();
    // Since that release, the snapshot's items are written in pieces of 1,000, under a format
    // name of their own (so that release, reading it, would rebuild its index rather than
    // misread it): the same items, the same index bytes.
    assert_eq!(
        get("format").as_string().as_deref(),
        Some(SNAPSHOT_FORMAT_PIECES)
    );
    assert_eq!(get("count").as_f64(), Some(items.len() as f64));
    let mut written = Vec::new();
    for piece in get("items").dyn_into::<js_sys::Array>().unwrap().iter() {
        let piece = piece.dyn_into::<js_sys::Uint8Array>().unwrap().to_vec();
        written.extend(decode_items(&piece).unwrap());
    }
    assert_eq!(written, decode_items(SNAPSHOT_ITEMS).unwrap());
    assert_eq!(bytes("index"), SNAPSHOT_INDEX);
    let numbers: Vec<u8> = groups.numbers().flat_map(u32::to_le_bytes).collect();
    assert_eq!(bytes("groups"), numbers, "each item's offer group");
}

/// A snapshot of a format this release does not read (a later release's, say) is not used:
/// the catalog comes from the chunks, its index is built again, and the snapshot is written
/// anew in today's format, which the next start reads.
#[wasm_bindgen_test]
async fn a_snapshot_of_an_unknown_format_is_rebuilt() {
    let name = fresh_name("previous-unknown-snapshot");
    previous_release_device(&name).await;
    let snapshot = raw_meta(&name, "catalog_snapshot").await.unwrap();
    let unknown = "msgpack-items-v9+search-index";
    js_sys::Reflect::set(&snapshot, &"format".into(), &unknown.into()).unwrap();
    put_raw_meta(&name, "catalog_snapshot", snapshot).await;
    let db = open(&name).await;
    let stored = db.load_catalog().await.unwrap();
    assert!(stored.search_index.is_none(), "not read");
    assert_eq!(stored.items.len(), 4, "read from the chunks");
    let catalog = LocalCatalog::from_storage(&db, stored).await;
    let again = db.load_catalog().await.unwrap();
    assert!(again.search_index.is_some(), "stored anew");
    assert_eq!(again.items, catalog.items);
    let record = raw_meta(&name, "catalog_snapshot").await.unwrap();
    let format = js_sys::Reflect::get(&record, &"format".into()).unwrap();
    assert_eq!(format.as_string().as_deref(), Some(SNAPSHOT_FORMAT_PIECES));
}

/// The snapshot `index.html` reads while the wasm loads (`window.procuraSnapshot`, a promise
/// of the record) is used when its version is the catalog's, and taken once; a stale one is
/// passed over for the stored snapshot.
#[wasm_bindgen_test]
async fn the_snapshot_read_while_the_app_loads_is_used_only_when_current() {
    let name = fresh_name("previous-early-snapshot");
    previous_release_device(&name).await;
    let db = open(&name).await;
    let record = raw_meta(&name, "catalog_snapshot").await.unwrap();
    let window = web_sys::window().unwrap();
    let global = JsValue::from("procuraSnapshot");
    // The early read differs from the stored record in its index bytes, to tell them apart.
    let marker = [7u8, 7, 7];
    let read_early = |version: &str| {
        let early = js_sys::Object::assign(&js_sys::Object::new(), record.unchecked_ref());
        js_sys::Reflect::set(&early, &"version".into(), &version.into()).unwrap();
        let index = js_sys::Uint8Array::from(&marker[..]);
        js_sys::Reflect::set(&early, &"index".into(), &index.into()).unwrap();
        let promise = js_sys::Promise::resolve(&early);
        js_sys::Reflect::set(&window, &global, &promise.into()).unwrap();
    };
    read_early("1795597200000-000000001");
    let stored = db.load_catalog().await.unwrap();
    assert_eq!(
        stored.search_index.as_deref(),
        Some(SNAPSHOT_INDEX),
        "a stale early read is not used"
    );
    read_early(CATALOG_VERSION);
    let stored = db.load_catalog().await.unwrap();
    assert_eq!(stored.search_index.as_deref(), Some(&marker[..]), "used");
    assert_eq!(stored.items.len(), 4);
    assert!(
        js_sys::Reflect::get(&window, &global)
            .unwrap()
            .is_undefined(),
        "taken once"
    );
    let stored = db.load_catalog().await.unwrap();
    assert_eq!(stored.search_index.as_deref(), Some(SNAPSHOT_INDEX));
}

/// What the previous release kept in `localStorage`: the session, the language, when it last
/// synced, this device's own rates, a supplier's CSV column mapping.
#[wasm_bindgen_test]
fn the_session_rates_language_and_csv_mapping_in_local_storage_read() {
    use leptos::prelude::{GetUntracked, Owner};
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    for (key, value) in [
        ("procura.session", SESSION),
        ("procura.device_rates", DEVICE_RATES),
        ("procura.lang", "zh-CN"),
        ("procura.last_sync", "1795600800000"),
    ] {
        storage.set_item(key, value).unwrap();
    }
    assert_eq!(
        procura::state::saved_lang(),
        Some(procura_catalog::catalog::Lang::ZhCn)
    );
    let stored = procura::state::stored_session().expect("the session reads");
    assert_eq!(stored.token, "pt_4b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e");
    assert_eq!(stored.user.id, "u-buyer");
    assert_eq!(stored.user.roles, [procura_sync::api::Role::Buyer]);
    Owner::new().with(|| {
        let app = procura::state::AppState::new();
        assert_eq!(app.session.get_untracked(), Some(stored.clone()));
        assert!(app.can_sync());
        assert_eq!(app.last_sync.get_untracked(), Some(1_795_600_800_000));
        let rates = app.device_rates.get_untracked();
        assert_eq!(rates.buyer_currency(), "CNY");
        assert_eq!(rates.rate("THB"), Some(dec("0.2016")));
        assert_eq!(rates.rate("VND"), Some(dec("0.000285")));
        // Written again by today's code: the same text.
        app.log_in(stored.clone());
        app.set_device_rates(rates);
    });
    assert_eq!(
        storage.get_item("procura.session").unwrap().as_deref(),
        Some(SESSION)
    );
    assert_eq!(
        storage.get_item("procura.device_rates").unwrap().as_deref(),
        Some(DEVICE_RATES)
    );
    storage.clear().unwrap();

    // The import page reads a mapping with `serde_json` (`pages/import.rs`, `saved_mapping`).
    let mapping: procura_catalog::import::csv::ColumnMapping =
        serde_json::from_str(CSV_MAPPING).expect("the mapping reads");
    assert_eq!(mapping.delimiter, Some(';'));
    assert_eq!(
        mapping.decimal_separator,
        procura_catalog::import::csv::DecimalSeparator::Comma
    );
    assert_eq!(
        mapping.action,
        procura_catalog::import::CatalogAction::Update
    );
    assert_eq!(mapping.sku.as_deref(), Some("Artikelnummer"));
    assert_eq!(mapping.tier_columns[0].price, "Staffelpreis");
    assert_eq!(serde_json::to_string(&mapping).unwrap(), CSV_MAPPING);
}

/// The supplier endpoint's answer to a purchase order, as the previous release's hub wrote it.
#[wasm_bindgen_test]
fn a_suppliers_order_receipt_reads() {
    let accepted: procura::endpoint::OrderAccepted =
        serde_json::from_str(ORDER_RECEIPT).expect("the receipt reads");
    assert_eq!(
        accepted,
        procura::endpoint::OrderAccepted {
            order_id: ORDER.into(),
            supplier_order_ref: "SO-000117".into(),
            received_at_ms: T0 + 4 * HOUR + 1_500,
            duplicate: true,
        }
    );
}
