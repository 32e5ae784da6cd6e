//! Third-party-managed content: a marketplace's one feed carrying several sellers' catalogs,
//! over HTTP against the real router (see `common`).

mod common;

use common::*;
use procura_sync::api::{ContentManager, Marketplace};

const SELLERS: [&str; 3] = ["gh-anbao", "gh-bytebay", "gh-deskmart"];

async fn buyer() -> Api {
    spawn_endpoint_with(WITH_MARKET, None)
        .await
        .login("buyer")
        .await
}

#[tokio::test]
async fn marketplaces_are_listed_with_their_sellers() {
    let buyer = buyer().await;
    let markets: Vec<Marketplace> = buyer.get("/api/v1/marketplaces").await.json();
    assert_eq!(markets.len(), 1);
    assert_eq!(markets[0].id, MARKET);
    assert_eq!(markets[0].name.zh, "好物汇商城");
    assert_eq!(markets[0].seller_ids, SELLERS);
    // Sellers are suppliers too, listed with who manages their content.
    let suppliers: Vec<Supplier> = buyer.get("/api/v1/suppliers").await.json();
    assert_eq!(suppliers.len(), 6);
    for supplier in &suppliers {
        let sold_there = SELLERS.contains(&supplier.id.as_str());
        let expected = match sold_there {
            true => (ContentManager::Marketplace, 60),
            false => (ContentManager::Supplier, 120),
        };
        assert_eq!((supplier.managed_by, supplier.item_count), expected);
    }
}

#[tokio::test]
async fn without_a_marketplace_the_list_is_empty() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let markets: Vec<Marketplace> = buyer.get("/api/v1/marketplaces").await.json();
    assert!(markets.is_empty());
}

#[tokio::test]
async fn the_marketplace_feed_carries_every_sellers_item_once() {
    let buyer = buyer().await;
    let pages = buyer.pull_market(MARKET, Cursor::start(), PAGE).await;
    assert_paging_contract(&pages, PAGE);
    let (upserts, deletes) = split(&pages);
    assert!(deletes.is_empty(), "deletes: {deletes:?}");
    assert!(all_distinct(&ids(&upserts)), "an item came twice");
    let mut received: Vec<CatalogItem> = upserts.into_iter().cloned().collect();
    let mut expected: Vec<CatalogItem> = demo::marketplace(3)
        .sellers
        .iter()
        .flat_map(|seller| demo::generate_catalog(WITH_MARKET.seed, seller, 60))
        .collect();
    received.sort_by(|a, b| a.id.cmp(&b.id));
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(received.len(), 180);
    assert!(received == expected, "not the sellers' demo catalogs");
}

#[tokio::test]
async fn a_seller_has_no_feed_of_its_own() {
    let buyer = buyer().await;
    let reply = buyer.page("gh-deskmart", &Cursor::start(), None).await;
    reply.assert_error(409, "marketplace_managed");
    let reply = buyer
        .market_page("no-such-market", &Cursor::start(), None)
        .await;
    reply.assert_error(404, "no_marketplace");
    // A supplier's id is not a marketplace's.
    let reply = buyer.market_page(SUPPLIER, &Cursor::start(), None).await;
    reply.assert_error(404, "no_marketplace");
}

#[tokio::test]
async fn cursors_are_scoped_to_supplier_or_marketplace_feed() {
    let buyer = buyer().await;
    let supplier: CatalogPage = buyer
        .page(SUPPLIER, &Cursor::start(), Some(PAGE))
        .await
        .json();
    let market: CatalogPage = buyer
        .market_page(MARKET, &Cursor::start(), Some(PAGE))
        .await
        .json();
    let reply = buyer.market_page(MARKET, &supplier.next_cursor, None).await;
    reply.assert_error(400, "bad_cursor");
    let reply = buyer.page(SUPPLIER, &market.next_cursor, None).await;
    reply.assert_error(400, "bad_cursor");
    // The marketplace cursor, relabelled as a supplier's with the same id, is still refused.
    let relabelled = Cursor(market.next_cursor.0.replacen("m1.", "c1.", 1));
    let reply = buyer.page(MARKET, &relabelled, None).await;
    reply.assert_error(404, "no_supplier");
    let next: CatalogPage = buyer
        .market_page(MARKET, &market.next_cursor, None)
        .await
        .json();
    assert_eq!(next.changes.len(), 180 - PAGE as usize);
}

#[tokio::test]
async fn a_marketplace_cursor_from_another_endpoint_must_restart() {
    let first = buyer().await;
    let second = buyer().await;
    let page: CatalogPage = first
        .market_page(MARKET, &Cursor::start(), Some(PAGE))
        .await
        .json();
    let reply = second.market_page(MARKET, &page.next_cursor, None).await;
    reply.assert_error(410, "cursor_reset");
}

#[tokio::test]
async fn a_sellers_churn_reaches_the_marketplace_feed_only() {
    let buyer = buyer().await;
    let admin = buyer.login("admin").await;
    let market = last_cursor(&buyer.pull_market(MARKET, Cursor::start(), 500).await);
    let office = last_cursor(&buyer.pull(SUPPLIER, Cursor::start(), 500).await);
    let done: ChurnResult = admin.churn("gh-bytebay").await.json();
    let expected = ChurnResult {
        repriced: 5,
        withdrawn: 3,
        added: 4,
    };
    assert_eq!(done, expected);
    let pages = buyer.pull_market(MARKET, market, PAGE).await;
    let (upserts, deletes) = split(&pages);
    assert_eq!((upserts.len(), deletes.len()), (9, 3));
    assert!(upserts.iter().all(|i| i.supplier_id == "gh-bytebay"));
    assert!(deletes.iter().all(|id| id.starts_with("gh-bytebay/")));
    let untouched = buyer.pull(SUPPLIER, office, PAGE).await;
    assert!(untouched.iter().all(|p| p.changes.is_empty()));
    assert_eq!(buyer.item_count("gh-bytebay").await, 60 - 3 + 4);
}

#[tokio::test]
async fn marketplace_routes_need_a_token() {
    let api = spawn_endpoint_with(WITH_MARKET, None).await;
    let list = api.get("/api/v1/marketplaces").await;
    list.assert_error(401, "unauthorized");
    let page = api.market_page(MARKET, &Cursor::start(), None).await;
    page.assert_error(401, "unauthorized");
    // Every role may read catalogs.
    for user in ["approver1", "admin"] {
        let api = api.login(user).await;
        let reply = api.market_page(MARKET, &Cursor::start(), Some(1)).await;
        assert_eq!(reply.status, 200, "{user}: {}", reply.body);
    }
}

/// A demo database made before marketplaces existed gains the column and the marketplace on
/// its next start, and keeps its suppliers, items and epoch (so clients' cursors stay valid).
#[tokio::test]
async fn an_older_database_is_migrated_and_gains_the_marketplace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('epoch', 'abc123'), ('catalog_seq', '1');
             CREATE TABLE suppliers (id TEXT PRIMARY KEY, name_en TEXT NOT NULL,
                 name_zh TEXT NOT NULL, currency TEXT NOT NULL);
             INSERT INTO suppliers VALUES ('old', 'Old Supplier', '老供应商', 'CNY');",
        )
        .expect("old schema");
    }
    let mut store = Store::open(&path).expect("migrates");
    assert!(store.seed_demo_if_empty(WITH_MARKET).expect("seed"));
    let ids: Vec<String> = store
        .suppliers()
        .unwrap()
        .into_iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(ids, ["gh-anbao", "gh-bytebay", "gh-deskmart", "old"]);
    assert_eq!(store.marketplaces().unwrap()[0].seller_ids, SELLERS);
    let page = store.catalog_page("old", &Cursor::start(), 10).unwrap();
    assert!(page.next_cursor.0.starts_with("c1.abc123."), "epoch kept");
    drop(store);
    // Opening again migrates nothing and seeds nothing.
    let mut store = Store::open(&path).expect("reopens");
    assert!(!store.seed_demo_if_empty(WITH_MARKET).expect("seed"));
}
