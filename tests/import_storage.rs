//! Applying imported catalogs and persisting the search index, against a real IndexedDB in
//! headless Chromium: an import lands whole or not at all, and a stale index is never reused.
#![cfg(target_arch = "wasm32")]

use procura::catalog::LocalCatalog;
use procura::storage::{ImportWriteError, LocalDb, META, SCHEMA_VERSION};
use procura_catalog::catalog::{CatalogItem, LocalizedText};
use procura_catalog::compare::OfferGroups;
use procura_catalog::import::{CatalogAction, ImportedCatalog};
use procura_demo::demo;
use procura_sync::api::{CatalogChange, ContentManager, Cursor, Supplier};
use std::cell::Cell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

fn buyer_supplier() -> Supplier {
    Supplier {
        id: "local-acme".into(),
        name: LocalizedText::new("Acme Trading", "艾克米贸易"),
        currency: "CNY".into(),
        item_count: 0,
        managed_by: ContentManager::Buyer,
    }
}

/// `count` demo items re-homed to the buyer-managed supplier.
fn file_items(count: usize, seed: u64) -> Vec<CatalogItem> {
    demo::generate_catalog(seed, &demo::suppliers(1)[0], count)
        .into_iter()
        .map(|mut item| {
            item.supplier_id = "local-acme".into();
            item.id = CatalogItem::make_id("local-acme", &item.sku);
            item
        })
        .collect()
}

fn file(action: CatalogAction, items: Vec<CatalogItem>) -> ImportedCatalog {
    ImportedCatalog {
        action,
        supplier_name: None,
        items,
        deleted_skus: Vec::new(),
        deleted_gtins: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
        categories: None,
    }
}

async fn stored_ids(db: &LocalDb) -> Vec<String> {
    let mut ids: Vec<String> = db
        .all_items()
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id.into_string())
        .collect();
    ids.sort();
    ids
}

#[wasm_bindgen_test]
async fn an_import_replaces_the_catalog_and_reports_progress() {
    let db = LocalDb::open_at(&fresh_name("import"), SCHEMA_VERSION)
        .await
        .unwrap();
    let first = file_items(1200, 1);
    let reports = Cell::new(0);
    let summary = db
        .apply_import(
            &buyer_supplier(),
            &file(CatalogAction::Replace, first.clone()),
            |p| {
                assert!(p.done <= p.total);
                reports.set(reports.get() + 1);
            },
            || false,
        )
        .await
        .unwrap();
    assert_eq!(summary.added, 1200);
    assert!(reports.get() >= 3, "progress reported per slice");
    assert_eq!(db.suppliers().await.unwrap()[0].item_count, 1200);

    // The second version keeps 1000 of them and withdraws the rest.
    let second = first[..1000].to_vec();
    let summary = db
        .apply_import(
            &buyer_supplier(),
            &file(CatalogAction::Replace, second),
            |_| {},
            || false,
        )
        .await
        .unwrap();
    assert_eq!((summary.unchanged, summary.deleted), (1000, 200));
    assert_eq!(stored_ids(&db).await.len(), 1000);
    assert_eq!(db.suppliers().await.unwrap()[0].item_count, 1000);
}

#[wasm_bindgen_test]
async fn a_cancelled_or_refused_import_leaves_the_previous_catalog_intact() {
    let db = LocalDb::open_at(&fresh_name("cancel"), SCHEMA_VERSION)
        .await
        .unwrap();
    let supplier = buyer_supplier();
    db.apply_import(
        &supplier,
        &file(CatalogAction::Replace, file_items(300, 1)),
        |_| {},
        || false,
    )
    .await
    .unwrap();
    let before = db.all_items().await.unwrap();

    // Cancelled after the first slice of writes has gone out.
    let slices = Cell::new(0);
    let cancelled = db
        .apply_import(
            &supplier,
            &file(CatalogAction::Replace, file_items(2000, 2)),
            |_| slices.set(slices.get() + 1),
            || slices.get() > 1,
        )
        .await;
    assert!(matches!(cancelled, Err(ImportWriteError::Cancelled)));
    assert_eq!(db.all_items().await.unwrap(), before);

    // A price for an item the catalog does not hold refuses the whole file.
    let mut prices = file_items(300, 1);
    prices[299].sku = "NOT-HELD".into();
    prices[299].id = CatalogItem::make_id("local-acme", "NOT-HELD");
    let refused = db
        .apply_import(
            &supplier,
            &file(CatalogAction::UpdatePrices, prices),
            |_| {},
            || false,
        )
        .await;
    match refused {
        Err(ImportWriteError::Refused(failure)) => {
            assert_eq!(failure.errors[0].sku.as_deref(), Some("NOT-HELD"))
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(db.all_items().await.unwrap(), before);
    assert_eq!(db.suppliers().await.unwrap()[0].item_count, 300);
}

#[wasm_bindgen_test]
async fn the_snapshot_is_used_only_for_the_catalog_it_was_made_from() {
    let db = LocalDb::open_at(&fresh_name("snapshot"), SCHEMA_VERSION)
        .await
        .unwrap();
    let supplier = buyer_supplier();
    db.apply_import(
        &supplier,
        &file(CatalogAction::Replace, file_items(500, 1)),
        |_| {},
        || false,
    )
    .await
    .unwrap();
    let stored = db.load_catalog().await.unwrap();
    assert!(stored.search_index.is_none(), "no snapshot yet");
    let from_records = stored.items.clone();
    let version = stored.version.clone().unwrap();
    // Building the screen's catalog stores the snapshot for the next start.
    let catalog = LocalCatalog::from_storage(&db, stored).await;
    assert_eq!(catalog.len(), 500);
    let stored = db.load_catalog().await.unwrap();
    assert!(
        stored.search_index.is_some(),
        "the next start reads the snapshot"
    );
    assert_eq!(
        stored.items, from_records,
        "the snapshot holds the same items, in order"
    );
    let index_bytes = stored.search_index.clone().unwrap();
    assert_eq!(
        stored.offer_groups.as_ref().map(Vec::len),
        Some(500),
        "the snapshot keeps each item's offer group"
    );
    let again = LocalCatalog::from_storage(&db, stored).await;
    assert_eq!(again.len(), 500);
    assert_eq!(
        again.groups(),
        &OfferGroups::build(&again.items),
        "the stored groups are the items' groups"
    );
    let hits = again.index.search(
        &again.items,
        &procura_catalog::search::SearchQuery::text(again.items[7].sku.clone()),
    );
    assert_eq!(
        hits.hits[0].item, 7,
        "the stored index addresses the stored items"
    );

    // A catalog write makes the snapshot stale, and a late save of it is refused.
    db.apply_catalog_page(
        "officeplus",
        &[CatalogChange::Upsert {
            item: Box::new(demo::generate_catalog(1, &demo::suppliers(1)[0], 1).remove(0)),
        }],
        &Cursor("c1".into()),
    )
    .await
    .unwrap();
    let stored = db.load_catalog().await.unwrap();
    assert_ne!(stored.version.as_deref(), Some(version.as_str()));
    assert!(
        stored.search_index.is_none(),
        "a stale snapshot is not read"
    );
    assert!(!db
        .save_snapshot(
            &version,
            &from_records,
            &index_bytes,
            &OfferGroups::build(&from_records)
        )
        .await
        .unwrap());
    let catalog = LocalCatalog::from_storage(&db, stored).await;
    assert_eq!(catalog.len(), 501, "rebuilt over the new catalog");
}

#[wasm_bindgen_test]
async fn upgrading_from_version_2_adds_the_meta_store_and_keeps_data() {
    let name = fresh_name("upgrade3");
    let v2 = LocalDb::open_at(&name, 2).await.unwrap();
    let office = demo::generate_catalog(3, &demo::suppliers(1)[0], 50);
    let changes: Vec<_> = office
        .iter()
        .map(|item| CatalogChange::Upsert {
            item: Box::new(item.clone()),
        })
        .collect();
    v2.apply_catalog_page("officeplus", &changes, &Cursor("c-v2".into()))
        .await
        .unwrap();
    assert!(!v2.store_names().iter().any(|s| s == META));
    v2.close();

    let v3 = LocalDb::open_at(&name, SCHEMA_VERSION).await.unwrap();
    assert!(v3.store_names().iter().any(|s| s == META));
    let stored = v3.load_catalog().await.unwrap();
    assert_eq!(stored.items.len(), 50);
    assert_eq!(stored.version, None, "v2 never versioned its catalog");
    let catalog = LocalCatalog::from_storage(&v3, stored).await;
    assert_eq!(catalog.len(), 50);
}

/// A tree of two groups, "Fixings" above "Anchors".
fn tree() -> procura_catalog::catalog::groups::CategoryTree {
    use procura_catalog::catalog::groups::{CategoryGroup, CategoryTree};
    let group = |id: &str, parent: Option<&str>, name: &str| CategoryGroup {
        id: id.into(),
        parent: parent.map(Into::into),
        name: LocalizedText::new(name, ""),
        order: None,
    };
    CategoryTree::build(vec![
        group("10", None, "Fixings"),
        group("11", Some("10"), "Anchors"),
    ])
}

#[wasm_bindgen_test]
async fn the_suppliers_tree_is_kept_with_its_catalog_and_in_the_backup() {
    let db = LocalDb::open_at(&fresh_name("tree"), SCHEMA_VERSION)
        .await
        .unwrap();
    let mut whole = file(CatalogAction::Replace, file_items(3, 5));
    whole.categories = Some(tree());
    whole.items[0].groups = vec!["11".into()];
    db.apply_import(&buyer_supplier(), &whole, |_| {}, || false)
        .await
        .unwrap();
    assert_eq!(db.categories("local-acme").await.unwrap(), Some(tree()));
    assert_eq!(db.categories("local-other").await.unwrap(), None);

    // A cancelled replacement without a tree leaves the tree as it was.
    let bare = file(CatalogAction::Replace, file_items(3, 6));
    let cancelled = db
        .apply_import(&buyer_supplier(), &bare, |_| {}, || true)
        .await;
    assert!(matches!(cancelled, Err(ImportWriteError::Cancelled)));
    assert_eq!(db.categories("local-acme").await.unwrap(), Some(tree()));

    // The backup carries it to another device.
    let backup = db.export_backup(0).await.unwrap();
    assert_eq!(
        backup.buyer_categories,
        vec![("local-acme".to_owned(), tree())]
    );
    let other = LocalDb::open_at(&fresh_name("tree-restore"), SCHEMA_VERSION)
        .await
        .unwrap();
    other.restore_backup(&backup).await.unwrap();
    assert_eq!(other.categories("local-acme").await.unwrap(), Some(tree()));

    // A withdrawal removes it.
    let withdraw = file(CatalogAction::Withdraw, Vec::new());
    db.apply_import(&buyer_supplier(), &withdraw, |_| {}, || false)
        .await
        .unwrap();
    assert_eq!(db.categories("local-acme").await.unwrap(), None);
}
