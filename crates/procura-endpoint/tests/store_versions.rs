//! The hub's SQLite file across releases: a file written by an earlier release opens, and every
//! record in it reads as it did.
//!
//! `tests/fixtures/hub-*.sqlite3` are hub databases written by a release (see
//! `tests/fixtures/README.md`), each with a `.json` beside it: what that release's store API
//! answered about it ([`Snapshot`]), and the counts of its tables.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_core::api::Marketplace;
use procura_core::order::PurchaseOrder;
use procura_endpoint::auth::SessionPolicy;
use procura_endpoint::store::{ReceivedOrder, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The demo a fixture is seeded with: small, so the file stays small.
const FIXTURE_DEMO: DemoSize = DemoSize {
    seed: 11,
    suppliers: 3,
    items_per_supplier: 40,
    marketplace_sellers: 3,
    items_per_seller: 8,
};

/// What the store's API answers about a database, everything it holds: compared between the
/// release that wrote a fixture and this build after opening (and migrating) it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Snapshot {
    epoch: String,
    is_demo: bool,
    suppliers: Vec<Supplier>,
    marketplaces: Vec<Marketplace>,
    /// Every feed from the start, in pages of [`FEED_PAGE`]: suppliers' and marketplaces'.
    feeds: BTreeMap<String, Vec<CatalogPage>>,
    /// (user, disabled, still the demo password).
    users: Vec<(User, bool, bool)>,
    /// (supplier, name, marketplace, key state).
    supplier_keys: Vec<(String, String, Option<String>, String)>,
    demo_credentials: (Vec<String>, Vec<String>),
    session_count: usize,
    sync_head: i64,
    /// The hub's feed from the start, in pages of [`SYNC_PAGE`].
    sync_pages: Vec<PullResponse>,
    received_orders: BTreeMap<String, Vec<ReceivedOrder>>,
    hub_orders: Vec<PurchaseOrder>,
}

/// A fixture's `.json`.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    snapshot: Snapshot,
    /// Rows per table, as the writing release left them.
    tables: BTreeMap<String, i64>,
    /// A session token of `buyer` (the store holds its hash only).
    buyer_token: String,
}

const FEED_PAGE: u32 = 50;
const SYNC_PAGE: u32 = 7;

fn snapshot(store: &Store) -> Result<Snapshot, StoreError> {
    let suppliers = store.suppliers()?;
    let marketplaces = store.marketplaces()?;
    let mut feeds = BTreeMap::new();
    let follow = |market: bool, id: &str| -> Result<Vec<CatalogPage>, StoreError> {
        let (mut cursor, mut pages) = (Cursor::start(), Vec::new());
        loop {
            let page = if market {
                store.marketplace_page(id, &cursor, FEED_PAGE)?
            } else {
                store.catalog_page(id, &cursor, FEED_PAGE)?
            };
            cursor = page.next_cursor.clone();
            let done = !page.has_more;
            pages.push(page);
            if done {
                return Ok(pages);
            }
        }
    };
    for s in &suppliers {
        if matches!(s.managed_by, procura_core::api::ContentManager::Supplier) {
            feeds.insert(format!("supplier/{}", s.id), follow(false, &s.id)?);
        }
    }
    for m in &marketplaces {
        feeds.insert(format!("marketplace/{}", m.id), follow(true, &m.id)?);
    }
    let users = store.users()?;
    let users = users
        .into_iter()
        .map(|u| (u.user, u.disabled, u.demo_password))
        .collect();
    let supplier_keys = store.supplier_keys()?;
    let supplier_keys = supplier_keys
        .into_iter()
        .map(|k| (k.id, k.name, k.marketplace, format!("{:?}", k.key)))
        .collect();
    let demo = store.demo_credentials()?;
    let mut sync_pages = Vec::new();
    let mut cursor = Cursor::start();
    loop {
        let page = store.pull(&cursor, SYNC_PAGE)?;
        cursor = page.next_cursor.clone();
        let done = !page.has_more;
        sync_pages.push(page);
        if done {
            break;
        }
    }
    let mut received_orders = BTreeMap::new();
    for s in &suppliers {
        received_orders.insert(s.id.clone(), store.received_orders(&s.id)?);
    }
    Ok(Snapshot {
        epoch: store.epoch().to_owned(),
        is_demo: store.is_demo()?,
        suppliers,
        marketplaces,
        feeds,
        users,
        supplier_keys,
        demo_credentials: (demo.users, demo.suppliers),
        session_count: store.session_count()?,
        sync_head: store.sync_head()?,
        sync_pages,
        received_orders,
        hub_orders: store.hub_orders()?,
    })
}

/// Rows per table of the SQLite file at `path`, read with plain SQL.
fn table_counts(path: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Writes a fixture of this build: a hub database holding something of everything the store
/// keeps, and its manifest. Run at a release, to add that release's file:
///
/// `PROCURA_WRITE_FIXTURE=crates/procura-endpoint/tests/fixtures/hub-NAME cargo test -p
/// procura-endpoint --test store_versions -- --ignored write_release_fixture`
///
/// writes `hub-NAME.sqlite3` and `hub-NAME.json`. Never rewrite a committed fixture: it stands
/// for the release that wrote it.
#[tokio::test]
#[ignore = "writes a fixture; run by hand at a release"]
async fn write_release_fixture() {
    let out = std::env::var("PROCURA_WRITE_FIXTURE")
        .expect("PROCURA_WRITE_FIXTURE names the fixture to write (a path without extension)");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo_if_empty(FIXTURE_DEMO).unwrap();
    store.seed_demo_evaluations(5, 7).unwrap();
    let hub = serve(AppState::new(store).with_supplier_routes(), None).await;

    // Requisitions: approved and ordered, approved only, pending; an order sent to the
    // supplier, acknowledged and partly shipped.
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[4, 2]).await;
    let ack = json!({ "lines": [{ "status": "accepted", "line_no": 1 }, { "status": "accepted", "line_no": 2 }] });
    let reply = supplier_says(&hub, &po.id, "acknowledge", ack).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let ship = json!({ "shipment_id": "S1", "carrier": "SF Express", "tracking": "SF1",
                       "lines": [{ "line_no": 1, "quantity": "3" }] });
    let reply = supplier_says(&hub, &po.id, "ship", ship).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    office.approved("req-unordered", &[1, 1, 1]).await;
    office.submitted("req-pending", &[2]).await;

    // A delegation; an evaluation saved and one deleted (a tombstone in the hub's feed); a
    // refusal, with its typed reason, left as a device's last outcome.
    let mut director = Desk::open(&hub, "director").await;
    let away = delegation("dlg-1", "u-director", "u-approver2", 1, 14);
    assert_applied(&director.send(Op::SaveDelegation { delegation: away }).await);
    let mut tablet = Desk::at(&hub, "buyer", "tablet-buyer").await;
    assert_applied(&tablet.send(common::sync::op_save("ev-kept", SUPPLIER, 5)).await);
    assert_applied(&tablet.send(common::sync::op_save("ev-gone", SUPPLIER, 2)).await);
    let gone = Op::DeleteEvaluation {
        id: "ev-gone".into(),
    };
    assert_applied(&tablet.send(gone).await);
    let not_hers = delegation("dlg-2", "u-director", "u-buyer", 0, 3);
    let refused = tablet.send(Op::SaveDelegation { delegation: not_hers });
    assert_refused(&refused.await, "forbidden_role");

    // Catalog changes (re-priced, withdrawn: tombstones, added), a session ended.
    let admin = hub.login("admin").await;
    assert_eq!(admin.churn(SUPPLIER).await.status, 200);
    let gone = hub.login("approver2").await;
    assert_eq!(gone.post("/api/v1/logout", json!({})).await.status, 204);

    // What the command line does: a user of the organisation's own, one disabled, a supplier
    // key only the supplier holds.
    let mut side = Store::open(&path).unwrap();
    let hash = procura_endpoint::auth::hash_password("Fixture-passw0rd-42").unwrap();
    let roles = [procura_core::api::Role::Approver];
    side.create_user("auditor", "Auditor 审计", &roles, &hash, true)
        .unwrap();
    side.set_disabled("approver2", true).unwrap();
    side.rotate_supplier_key("labcore").unwrap();

    let manifest = Manifest {
        snapshot: snapshot(&side).unwrap(),
        tables: table_counts(&path),
        buyer_token: office.buyer.api.token.clone().unwrap(),
    };
    let sqlite = format!("{out}.sqlite3");
    let _ = std::fs::remove_file(&sqlite);
    side_vacuum_into(&path, &sqlite);
    assert_eq!(table_counts(Path::new(&sqlite)), manifest.tables);
    let json = serde_json::to_string_pretty(&manifest).unwrap();
    std::fs::write(format!("{out}.json"), json + "\n").unwrap();
}

/// Copies the database at `from` into a compact file `to` in rollback-journal mode (a fixture
/// is one file, with no `-wal` beside it).
fn side_vacuum_into(from: &Path, to: &str) {
    let conn = rusqlite::Connection::open(from).unwrap();
    conn.execute("VACUUM INTO ?1", [to]).unwrap();
    drop(conn);
    let out = rusqlite::Connection::open(to).unwrap();
    let mode: String = out
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
}

#[allow(dead_code)]
fn long_sessions() -> SessionPolicy {
    SessionPolicy::new(100 * 365, 100 * 365 * 24)
}
