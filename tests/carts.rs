//! Carts in IndexedDB against a real browser: one JSON value per user in the `meta` store,
//! surviving a reopen (a reload), users kept apart, and a change read, made and written in one
//! transaction so concurrent changes (two tabs) both land.
#![cfg(target_arch = "wasm32")]

use procura::storage::{carts_key, LocalDb, SCHEMA_VERSION};
use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
use procura_procurement::cart::{CartError, Carts, FreeText};
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

async fn open(name: &str) -> LocalDb {
    LocalDb::open_at(name, SCHEMA_VERSION).await.unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn paper() -> CatalogItem {
    CatalogItem {
        id: "office/A4-80".into(),
        supplier_id: "office".into(),
        sku: "A4-80".into(),
        gtin: None,
        manufacturer: "Nordline".into(),
        mpn: "A4".into(),
        name: LocalizedText::new("Copy paper A4, 80 g", "A4 复印纸 80克"),
        description: LocalizedText::new("500 sheets per ream", "每令 500 张"),
        unspsc: "14111507".into(),
        eclass: None,
        order_unit: "RM".into(),
        content_unit: "H87".into(),
        content_per_order_unit: dec("500"),
        currency: "CNY".into(),
        price_tiers: vec![
            PriceTier {
                min_qty: dec("5"),
                unit_price: dec("28.00"),
            },
            PriceTier {
                min_qty: dec("50"),
                unit_price: dec("24.50"),
            },
        ],
        lead_time_days: 1,
        stock: Some(1000),
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

fn office() -> LocalizedText {
    LocalizedText::new("Office Plus", "办公伙伴")
}

#[wasm_bindgen_test]
async fn carts_round_trip_and_survive_a_reopen() {
    let name = fresh_name("carts");
    let db = open(&name).await;
    assert_eq!(
        db.load_carts("u-buyer").await.unwrap(),
        Carts::new("u-buyer")
    );

    let mut carts = Carts::new("u-buyer");
    carts.create("c1", "Office move", 1).unwrap();
    let cart = carts.get_mut("c1").unwrap();
    cart.add_item(&paper(), None, office(), Some(dec("60")), 2)
        .unwrap();
    cart.add_free_text(
        FreeText {
            description: "Standing desk".into(),
            unit_price: dec("2400"),
            currency: "CNY".into(),
            unit: "H87".into(),
            supplier_id: String::new(),
            supplier_name: "Desks & Co".into(),
        },
        dec("2"),
        "oak",
        3,
    )
    .unwrap();
    carts.create("c2", "Lab", 4).unwrap();
    db.save_carts(&carts).await.unwrap();
    db.close();

    let reopened = open(&name).await;
    let back = reopened.load_carts("u-buyer").await.unwrap();
    assert_eq!(back, carts);
    assert_eq!(back.active().unwrap().id, "c2");
    let line = &back.get("c1").unwrap().lines[0];
    assert_eq!(line.unit_price(), Ok(dec("24.50")));
    assert_eq!(line.total(), Ok(dec("1470.00")));
    assert_eq!(carts_key("u-buyer"), "carts/u-buyer");
    reopened.close();
}

#[wasm_bindgen_test]
async fn each_user_has_their_own_carts() {
    let db = open(&fresh_name("carts-users")).await;
    let (_, added) = db
        .update_carts("u-buyer", |c| {
            c.add_to_active("c-b", "Mine", &paper(), None, office(), None, 1)
        })
        .await
        .unwrap();
    assert_eq!(added.unwrap().quantity, dec("5"));
    let (_, other) = db
        .update_carts("u-admin", |c| {
            c.add_to_active(
                "c-a",
                "Admin's",
                &paper(),
                None,
                office(),
                Some(dec("7")),
                2,
            )
        })
        .await
        .unwrap();
    assert_eq!(other.unwrap().cart_name, "Admin's");

    let buyer = db.load_carts("u-buyer").await.unwrap();
    let admin = db.load_carts("u-admin").await.unwrap();
    assert_eq!(buyer.owner, "u-buyer");
    assert_eq!(buyer.carts.len(), 1);
    assert_eq!(buyer.carts[0].id, "c-b");
    assert_eq!(buyer.carts[0].lines[0].quantity, dec("5"));
    assert_eq!(admin.carts.len(), 1);
    assert_eq!(admin.carts[0].id, "c-a");
    assert_eq!(admin.carts[0].lines[0].quantity, dec("7"));
    assert!(db.load_carts("u-nobody").await.unwrap().carts.is_empty());
}

#[wasm_bindgen_test]
async fn changes_read_and_write_in_one_transaction() {
    let name = fresh_name("carts-tx");
    let (a, b) = (open(&name).await, open(&name).await); // two tabs
    a.update_carts("u-buyer", |c| c.create("c1", "Cart", 1).map(|_| ()))
        .await
        .unwrap()
        .1
        .unwrap();
    // Both tabs add at once: neither overwrites the other.
    let adds = (0..10).map(|i| {
        let db = if i % 2 == 0 { a.clone() } else { b.clone() };
        async move {
            db.update_carts("u-buyer", |c| {
                c.add_to_active(
                    "unused",
                    "Cart",
                    &paper(),
                    None,
                    office(),
                    Some(dec("5")),
                    i,
                )
            })
            .await
            .unwrap()
            .1
            .unwrap()
        }
    });
    futures::future::join_all(adds).await;
    let carts = a.load_carts("u-buyer").await.unwrap();
    assert_eq!(carts.carts.len(), 1);
    assert_eq!(carts.carts[0].lines.len(), 1);
    assert_eq!(carts.carts[0].lines[0].quantity, dec("50"));
    assert_eq!(carts.carts[0].lines[0].unit_price(), Ok(dec("24.50")));

    // A refused change writes nothing.
    let (unchanged, refused) = b
        .update_carts("u-buyer", |c| {
            c.create("c2", "Second", 9).map(|_| ())?;
            c.rename("c2", "  ", 9)
        })
        .await
        .unwrap();
    assert_eq!(refused, Err(CartError::EmptyName));
    assert_eq!(unchanged, carts);
    assert_eq!(b.load_carts("u-buyer").await.unwrap(), carts);
}

#[wasm_bindgen_test]
async fn carts_travel_in_the_device_backup_and_the_devices_own_win() {
    let tablet = open(&fresh_name("carts-backup-a")).await;
    let mut ana = Carts::new("u-ana");
    ana.create("c1", "Site stock", 1).unwrap();
    tablet.save_carts(&ana).await.unwrap();
    let mut bo = Carts::new("u-bo");
    bo.create("c9", "Bo's", 1).unwrap();
    tablet.save_carts(&bo).await.unwrap();
    let backup = tablet.export_backup(5).await.unwrap();
    assert_eq!(backup.carts.len(), 2);
    let text = serde_json::to_string(&backup).unwrap();

    let other = open(&fresh_name("carts-backup-b")).await;
    let mut newer = Carts::new("u-ana");
    newer.create("c1", "Renamed here", 2).unwrap();
    other.save_carts(&newer).await.unwrap();
    other
        .restore_backup(&serde_json::from_str(&text).unwrap())
        .await
        .unwrap();
    let restored = other.load_carts("u-ana").await.unwrap();
    assert_eq!(restored.carts.len(), 1);
    assert_eq!(
        restored.carts[0].name, "Renamed here",
        "the device's own cart wins"
    );
    assert_eq!(
        other.load_carts("u-bo").await.unwrap().carts[0].name,
        "Bo's"
    );
}
