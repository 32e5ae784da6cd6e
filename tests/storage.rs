//! Local storage against a real IndexedDB, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura::storage::{
    LocalDb, StorageError, BY_SUPPLIER, CATALOG_CHUNKS, CATALOG_HEADS, CATALOG_ITEMS,
    SCHEMA_VERSION, SUPPLIERS, SYNC_CURSORS,
};
use procura_catalog::catalog::{CatalogItem, LocalizedText};
use procura_demo::demo;
use procura_sync::api::{CatalogChange, Cursor, FeedId, Marketplace, Supplier};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

fn items(supplier: usize, count: usize) -> Vec<CatalogItem> {
    demo::generate_catalog(3, &demo::suppliers(supplier + 1)[supplier], count)
}

fn upserts(items: &[CatalogItem]) -> Vec<CatalogChange> {
    items
        .iter()
        .map(|item| CatalogChange::Upsert {
            item: Box::new(item.clone()),
        })
        .collect()
}

fn sorted(mut items: Vec<CatalogItem>) -> Vec<CatalogItem> {
    items.sort_by(|a, b| a.id.cmp(&b.id));
    items
}

#[wasm_bindgen_test]
async fn a_page_and_its_cursor_are_stored_together() {
    let db = LocalDb::open_at(&fresh_name("page"), SCHEMA_VERSION)
        .await
        .unwrap();
    let office = items(0, 120);
    db.apply_catalog_page("officeplus", &upserts(&office), &Cursor("c-1".into()))
        .await
        .unwrap();
    assert_eq!(
        sorted(db.all_items().await.unwrap()),
        sorted(office.clone())
    );
    let cursors = db.cursors().await.unwrap();
    assert_eq!(cursors.len(), 1);
    assert_eq!(
        (
            cursors[0].supplier_id.as_str(),
            cursors[0].cursor.0.as_str()
        ),
        ("officeplus", "c-1")
    );

    // A later page updates and deletes, and moves the cursor on.
    let mut changed = office[0].clone();
    changed.price_tiers[0].unit_price += rust_decimal::Decimal::ONE;
    let page = vec![
        CatalogChange::Upsert {
            item: Box::new(changed.clone()),
        },
        CatalogChange::Delete {
            id: office[1].id.to_string(),
        },
    ];
    db.apply_catalog_page("officeplus", &page, &Cursor("c-2".into()))
        .await
        .unwrap();
    let stored = db.all_items().await.unwrap();
    assert_eq!(stored.len(), 119);
    assert!(stored.contains(&changed));
    assert!(!stored.iter().any(|i| i.id == office[1].id));
    assert_eq!(db.cursors().await.unwrap()[0].cursor.0, "c-2");
    assert_eq!(db.item_count().await.unwrap(), 119);
}

#[wasm_bindgen_test]
async fn resetting_a_supplier_drops_only_its_items_and_cursor() {
    let db = LocalDb::open_at(&fresh_name("reset"), SCHEMA_VERSION)
        .await
        .unwrap();
    let office = items(0, 50);
    let tech = items(1, 40);
    db.apply_catalog_page("officeplus", &upserts(&office), &Cursor("o".into()))
        .await
        .unwrap();
    db.apply_catalog_page("techsource", &upserts(&tech), &Cursor("t".into()))
        .await
        .unwrap();
    db.reset_supplier("officeplus").await.unwrap();
    assert_eq!(sorted(db.all_items().await.unwrap()), sorted(tech));
    let cursors = db.cursors().await.unwrap();
    assert_eq!(cursors.len(), 1);
    assert_eq!(cursors[0].supplier_id, "techsource");
}

/// A marketplace's feed carries several sellers: its page is stored under the `market:` key, and
/// resetting it drops all its sellers' items and its cursor, and nothing of other feeds.
#[wasm_bindgen_test]
async fn resetting_a_marketplace_feed_drops_all_its_sellers() {
    let db = LocalDb::open_at(&fresh_name("reset-feed"), SCHEMA_VERSION)
        .await
        .unwrap();
    let market = demo::marketplace(2);
    let sellers: Vec<String> = market.sellers.iter().map(|s| s.id.clone()).collect();
    let sold: Vec<CatalogItem> = market
        .sellers
        .iter()
        .flat_map(|s| demo::generate_catalog(3, s, 30))
        .collect();
    let office = items(0, 20);
    let key = FeedId::Marketplace(market.id.clone()).storage_key();
    db.apply_catalog_page(&key, &upserts(&sold), &Cursor("m".into()))
        .await
        .unwrap();
    db.apply_catalog_page("officeplus", &upserts(&office), &Cursor("o".into()))
        .await
        .unwrap();
    assert_eq!(db.item_count().await.unwrap(), 80);
    let mut keys: Vec<String> = db
        .cursors()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.supplier_id)
        .collect();
    keys.sort();
    assert_eq!(keys, ["market:goodshub", "officeplus"]);
    db.reset_feed(&key, &sellers).await.unwrap();
    assert_eq!(sorted(db.all_items().await.unwrap()), sorted(office));
    let cursors = db.cursors().await.unwrap();
    assert_eq!(cursors.len(), 1);
    assert_eq!(cursors[0].supplier_id, "officeplus");
}

#[wasm_bindgen_test]
async fn marketplaces_are_kept_for_offline_display() {
    let db = LocalDb::open_at(&fresh_name("markets"), SCHEMA_VERSION)
        .await
        .unwrap();
    assert!(db.marketplaces().await.unwrap().is_empty());
    let market = demo::marketplace(3);
    let listed = vec![Marketplace {
        id: market.id,
        name: market.name,
        seller_ids: market.sellers.into_iter().map(|s| s.id).collect(),
    }];
    db.save_marketplaces(&listed).await.unwrap();
    assert_eq!(db.marketplaces().await.unwrap(), listed);
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_every_record() {
    let name = fresh_name("upgrade");
    let office = items(0, 200);
    let v1 = LocalDb::open_at(&name, 1).await.unwrap();
    assert_eq!(v1.version(), 1);
    let mut stores = v1.store_names();
    stores.sort();
    assert_eq!(stores, [CATALOG_ITEMS, SYNC_CURSORS]);
    v1.apply_catalog_page("officeplus", &upserts(&office), &Cursor("c-v1".into()))
        .await
        .unwrap();
    v1.close();

    let v2 = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(v2.version(), SCHEMA_VERSION);
    assert!(v2.store_names().iter().any(|s| s == SUPPLIERS));
    assert_eq!(
        sorted(v2.all_items().await.unwrap()),
        sorted(office),
        "items written by v1 are intact"
    );
    assert_eq!(
        v2.cursors().await.unwrap()[0].cursor.0,
        "c-v1",
        "the v1 cursor survives"
    );
    // What version 2 added works on the old data: the index by supplier finds v1's items.
    v2.reset_supplier("officeplus").await.unwrap();
    assert_eq!(
        v2.item_count().await.unwrap(),
        0,
        "{BY_SUPPLIER} indexes records written by v1"
    );
    let supplier = Supplier {
        id: "officeplus".into(),
        name: LocalizedText::new("OfficePlus", "办公优选"),
        currency: "CNY".into(),
        item_count: 200,
        managed_by: Default::default(),
    };
    v2.save_suppliers(std::slice::from_ref(&supplier))
        .await
        .unwrap();
    assert_eq!(v2.suppliers().await.unwrap(), [supplier]);
}

#[wasm_bindgen_test]
async fn reopening_the_current_version_changes_nothing() {
    let name = fresh_name("reopen");
    let first = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    let tech = items(1, 30);
    first
        .apply_catalog_page("techsource", &upserts(&tech), &Cursor("x".into()))
        .await
        .unwrap();
    first.close();
    let again = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(sorted(again.all_items().await.unwrap()), sorted(tech));
}

#[wasm_bindgen_test]
async fn an_old_tab_steps_aside_when_a_new_one_upgrades() {
    use std::cell::Cell;
    use std::rc::Rc;
    let name = fresh_name("tabs");
    let old_tab = LocalDb::open_at(&name, 1).await.unwrap();
    let asked = Rc::new(Cell::new(false));
    old_tab.on_version_change({
        let (asked, old_tab) = (Rc::clone(&asked), old_tab.clone());
        move || {
            asked.set(true);
            old_tab.clone().close();
        }
    });
    // Would wait forever if the old connection stayed open.
    let new_tab = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    assert!(asked.get(), "the old tab was told");
    assert_eq!(new_tab.version(), SCHEMA_VERSION);
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_an_old_tab_is_reported_and_waits() {
    use std::cell::Cell;
    use std::rc::Rc;
    let name = fresh_name("blocked");
    let old_tab = LocalDb::open_at(&name, 1).await.unwrap();
    let blocked = Rc::new(Cell::new(false));
    let upgrade = LocalDb::open_at_with(&name, SCHEMA_VERSION, {
        let blocked = Rc::clone(&blocked);
        move || blocked.set(true)
    });
    // Let the open request reach the old connection, then close it as a user closing that tab.
    let close_later = async {
        gloo_timers::future::TimeoutFuture::new(200).await;
        assert!(blocked.get(), "the blocked upgrade was reported");
        old_tab.close();
    };
    let (upgraded, ()) = futures::join!(upgrade, close_later);
    assert_eq!(upgraded.unwrap().version(), SCHEMA_VERSION);
}

/// How many records `store` of database `name` holds, read with raw IndexedDB calls.
async fn raw_count(name: &str, store: &str) -> u32 {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction(store).build().unwrap();
    let n = tx.object_store(store).unwrap().count().await.unwrap();
    drop(tx);
    db.close();
    n
}

/// Each earlier schema version's per-item items (two suppliers, some updated and deleted after
/// they were written) move into chunks on upgrade, every one intact, and the per-item store goes.
#[wasm_bindgen_test]
async fn upgrading_from_every_earlier_version_moves_every_item_into_chunks() {
    for version in 1..SCHEMA_VERSION {
        let name = fresh_name(&format!("upgrade-v{version}"));
        let office = items(0, 1_300);
        let tech = items(1, 40);
        let old = LocalDb::open_at(&name, version).await.unwrap();
        assert!(old.store_names().iter().any(|s| s == CATALOG_ITEMS));
        old.apply_catalog_page("officeplus", &upserts(&office), &Cursor("o1".into()))
            .await
            .unwrap();
        old.apply_catalog_page("techsource", &upserts(&tech), &Cursor("t1".into()))
            .await
            .unwrap();
        let mut changed = office[5].clone();
        changed.stock = Some(777);
        let page = vec![
            CatalogChange::Upsert {
                item: Box::new(changed.clone()),
            },
            CatalogChange::Delete {
                id: office[6].id.to_string(),
            },
        ];
        old.apply_catalog_page("officeplus", &page, &Cursor("o2".into()))
            .await
            .unwrap();
        old.close();

        let mut expected: Vec<CatalogItem> = office.iter().chain(&tech).cloned().collect();
        expected[5] = changed;
        expected.remove(6);
        let db = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
        let stores = db.store_names();
        assert!(
            !stores.iter().any(|s| s == CATALOG_ITEMS),
            "v{version}: the per-item store is gone"
        );
        assert!(stores.iter().any(|s| s == CATALOG_CHUNKS));
        assert_eq!(
            db.all_items().await.unwrap(),
            sorted(expected.clone()),
            "v{version}: every item intact, in id order"
        );
        assert_eq!(db.load_catalog().await.unwrap().items, sorted(expected));
        // Compact: 1,299 office items in two chunks, 40 tech items in one.
        assert_eq!(raw_count(&name, CATALOG_CHUNKS).await, 3, "v{version}");
        assert_eq!(raw_count(&name, CATALOG_HEADS).await, 2, "v{version}");
        let mut cursors: Vec<String> = db
            .cursors()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.cursor.0)
            .collect();
        cursors.sort();
        assert_eq!(cursors, ["o2", "t1"], "v{version}: the cursors survive");
        // Written to after the upgrade, the moved items behave as any.
        db.apply_catalog_page(
            "officeplus",
            &[CatalogChange::Delete {
                id: office[0].id.to_string(),
            }],
            &Cursor("o3".into()),
        )
        .await
        .unwrap();
        assert_eq!(db.item_count().await.unwrap(), 1_300 + 40 - 2);
        db.close();
    }
}

/// A marketplace page mixes sellers: each seller's upserts go to its own chunks, and a delete
/// (an id only) finds the seller that holds it.
#[wasm_bindgen_test]
async fn a_mixed_page_stores_each_suppliers_changes_with_it() {
    let name = fresh_name("mixed");
    let db = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    let market = demo::marketplace(2);
    let sold: Vec<CatalogItem> = market
        .sellers
        .iter()
        .flat_map(|s| demo::generate_catalog(3, s, 30))
        .collect();
    let key = FeedId::Marketplace(market.id.clone()).storage_key();
    db.apply_catalog_page(&key, &upserts(&sold), &Cursor("m1".into()))
        .await
        .unwrap();
    let first = sold[0].clone();
    let last = sold[sold.len() - 1].clone();
    assert_ne!(first.supplier_id, last.supplier_id);
    let page = vec![
        CatalogChange::Delete {
            id: first.id.to_string(),
        },
        CatalogChange::Delete {
            id: last.id.to_string(),
        },
        CatalogChange::Delete {
            id: "nobody/X-1".into(),
        },
    ];
    db.apply_catalog_page(&key, &page, &Cursor("m2".into()))
        .await
        .unwrap();
    let held = db.all_items().await.unwrap();
    assert_eq!(held.len(), 58);
    assert!(!held.iter().any(|i| i.id == first.id || i.id == last.id));
    // One chunk per seller per page; the unknown id made none.
    assert_eq!(raw_count(&name, CATALOG_CHUNKS).await, 4);
}

/// Many small pages that update the same items: the chunks are compacted along the way, so
/// storage stays bounded, and what is read is always what a map of the changes holds.
#[wasm_bindgen_test]
async fn many_small_pages_stay_bounded_and_correct() {
    let name = fresh_name("compact");
    let db = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    let office = items(0, 200);
    let mut model: std::collections::BTreeMap<String, CatalogItem> = Default::default();
    for round in 0..120u32 {
        let mut page: Vec<CatalogChange> = Vec::new();
        for item in office.iter().skip((round as usize * 7) % 200).take(90) {
            let mut item = item.clone();
            item.stock = Some(round);
            model.insert(item.id.to_string(), item.clone());
            page.push(CatalogChange::Upsert {
                item: Box::new(item),
            });
        }
        if round % 5 == 4 {
            let id = office[round as usize].id.to_string();
            model.remove(&id);
            page.push(CatalogChange::Delete { id });
        }
        db.apply_catalog_page("officeplus", &page, &Cursor(format!("c{round}")))
            .await
            .unwrap();
    }
    let expected: Vec<CatalogItem> = model.into_values().collect();
    assert_eq!(db.all_items().await.unwrap(), expected);
    let chunks = raw_count(&name, CATALOG_CHUNKS).await;
    assert!(
        chunks <= 4 + 32 + 1,
        "{chunks} chunks for {} items",
        expected.len()
    );
}

/// A chunk that is not one (damaged storage, another program's write) is an error that says
/// so, never a panic, and the snapshot's fallback reports it the same way.
#[wasm_bindgen_test]
async fn a_damaged_chunk_is_reported_as_corrupt_storage() {
    let name = fresh_name("corrupt");
    let db = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    db.apply_catalog_page("officeplus", &upserts(&items(0, 10)), &Cursor("o".into()))
        .await
        .unwrap();
    db.close();
    let raw = Database::open(&name).await.unwrap();
    let tx = raw
        .transaction(CATALOG_CHUNKS)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    for (n, value) in [
        wasm_bindgen::JsValue::from(js_sys::Uint8Array::from(&[0xc1u8, 0xff, 0x00][..])),
        "not binary".into(),
    ]
    .into_iter()
    .enumerate()
    {
        let key = js_sys::Array::of2(&"officeplus".into(), &(99 + n as u32).into());
        tx.object_store(CATALOG_CHUNKS)
            .unwrap()
            .put(value)
            .with_key(wasm_bindgen::JsValue::from(key))
            .primitive()
            .unwrap()
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    raw.close();
    let db = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    assert!(matches!(
        db.all_items().await,
        Err(StorageError::Corrupt(_))
    ));
    assert!(matches!(
        db.load_catalog().await,
        Err(StorageError::Corrupt(_))
    ));
}

/// The move into chunks is all or nothing: an item the upgrade cannot read aborts it, and the
/// database stays at its old version with every item where it was.
#[wasm_bindgen_test]
async fn an_upgrade_that_cannot_move_every_item_changes_nothing() {
    let name = fresh_name("upgrade-abort");
    let office = items(0, 30);
    let old = LocalDb::open_at(&name, 4).await.unwrap();
    old.apply_catalog_page("officeplus", &upserts(&office), &Cursor("o".into()))
        .await
        .unwrap();
    old.close();
    let raw = Database::open(&name).await.unwrap();
    let tx = raw
        .transaction(CATALOG_ITEMS)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let broken = js_sys::Object::new();
    js_sys::Reflect::set(&broken, &"id".into(), &"officeplus/BROKEN".into()).unwrap();
    js_sys::Reflect::set(&broken, &"supplier_id".into(), &"officeplus".into()).unwrap();
    tx.object_store(CATALOG_ITEMS)
        .unwrap()
        .put(wasm_bindgen::JsValue::from(broken))
        .primitive()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    raw.close();

    assert!(LocalDb::open_at(&name, SCHEMA_VERSION).await.is_err());
    let still = LocalDb::open_at(&name, 4).await.unwrap();
    assert_eq!(still.version(), 4);
    assert!(!still.store_names().iter().any(|s| s == CATALOG_CHUNKS));
    still.close();
    assert_eq!(
        raw_count(&name, CATALOG_ITEMS).await,
        31,
        "every item where it was"
    );
}
