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
use procura_endpoint::auth::SessionPolicy;
use procura_endpoint::store::{OrderReceipt, ReceivedOrder, StoreError};
use procura_orders::order::documents::OrderRef;
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_sync::api::Marketplace;
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
        if matches!(s.managed_by, procura_sync::api::ContentManager::Supplier) {
            feeds.insert(format!("supplier/{}", s.id), follow(false, s.id.as_str())?);
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
        received_orders.insert(s.id.to_string(), store.received_orders(s.id.as_str())?);
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
    let reply = supplier_says(&hub, po.id.as_str(), "acknowledge", ack).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let ship = json!({ "shipment_id": "S1", "carrier": "SF Express", "tracking": "SF1",
                       "lines": [{ "line_no": 1, "quantity": "3" }] });
    let reply = supplier_says(&hub, po.id.as_str(), "ship", ship).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    office.approved("req-unordered", &[1, 1, 1]).await;
    office.submitted("req-pending", &[2]).await;

    // A delegation; an evaluation saved and one deleted (a tombstone in the hub's feed); a
    // refusal, with its typed reason, left as a device's last outcome.
    let mut director = Desk::open(&hub, "director").await;
    let away = delegation("dlg-1", "u-director", "u-approver2", 1, 14);
    assert_applied(&director.send(Op::SaveDelegation { delegation: away }).await);
    let mut tablet = Desk::at(&hub, "buyer", "tablet-buyer").await;
    assert_applied(
        &tablet
            .send(common::sync::op_save("ev-kept", SUPPLIER, 5))
            .await,
    );
    assert_applied(
        &tablet
            .send(common::sync::op_save("ev-gone", SUPPLIER, 2))
            .await,
    );
    let gone = Op::DeleteEvaluation {
        id: "ev-gone".into(),
    };
    assert_applied(&tablet.send(gone).await);
    let not_hers = delegation("dlg-2", "u-director", "u-buyer", 0, 3);
    let refused = tablet.send(Op::SaveDelegation {
        delegation: not_hers,
    });
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
    let roles = [procura_sync::api::Role::Approver];
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

/// Sessions that outlive any fixture.
fn long_sessions() -> SessionPolicy {
    SessionPolicy::new(100 * 365, 100 * 365 * 24)
}

const FIXTURE: &str = "hub-unversioned-bd7086e";
/// The database of the release before invoices (schema version 1).
const FIXTURE_V1: &str = "hub-v1-d08bd98";
/// The database of the release before contracts (schema version 3).
const FIXTURE_V3: &str = "hub-v3-c8b9934";
/// The database of the release before the supplier history index (schema version 4).
const FIXTURE_V4: &str = "hub-v4-90e0776";
/// The tables and indexes migrations 5 and 6 added: the supplier history index, and what
/// hub processes share (change-notice tickets, failed-login counts).
const SINCE_V4: &[&str] = &[
    "event_tickets",
    "event_tickets_issued",
    "login_failures",
    "login_failures_last",
    "sync_supplier_records",
    "sync_supplier_quarter",
    "sync_supplier_number",
];
/// The tables and indexes migrations 4 to 6 added: contracts, the supplier history index,
/// what hub processes share.
const SINCE_V3: &[&str] = &[
    "event_tickets",
    "event_tickets_issued",
    "login_failures",
    "login_failures_last",
    "sync_contract_index",
    "sync_contract_supplier",
    "sync_supplier_records",
    "sync_supplier_quarter",
    "sync_supplier_number",
];
/// The tables and indexes later migrations added: invoices (version 2), returns (version 3),
/// contracts (version 4), the supplier history index (version 5), what hub processes share
/// (version 6).
const SINCE_V1: &[&str] = &[
    "event_tickets",
    "event_tickets_issued",
    "login_failures",
    "login_failures_last",
    "sync_supplier_records",
    "sync_supplier_quarter",
    "sync_supplier_number",
    "sync_contract_index",
    "sync_contract_supplier",
    "invoice_originals",
    "sync_invoice_index",
    "sync_invoice_order",
    "sync_return_index",
    "sync_return_order",
    "sync_return_supplier",
];

/// `schema` lines without the tables in `tables` (each table's line and the lines under it).
fn without(schema: Vec<String>, tables: &[&str]) -> Vec<String> {
    let mut keep = true;
    schema
        .into_iter()
        .filter(|l| {
            if let Some(t) = l.strip_prefix("table ") {
                keep = !tables.contains(&t);
            }
            keep
        })
        .collect()
}

/// A release's fixture as this build opens it: copied (the committed file is never written),
/// checked intact at `version`, opened and so migrated, every row it held still there.
struct Opened {
    expected: Manifest,
    dir: tempfile::TempDir,
    path: PathBuf,
    /// The copy's schema before this build opened it.
    schema_before: Vec<String>,
    store: Store,
    /// Rows per table after opening.
    counts: BTreeMap<String, i64>,
}

fn open_release(name: &str, version: i64) -> Opened {
    let expected = manifest(name);
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(name, dir.path());
    assert_eq!(user_version(&path), version);
    assert_eq!(
        table_counts(&path),
        expected.tables,
        "the fixture is intact"
    );
    let schema_before = schema(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&path), procura_endpoint::store::SCHEMA_VERSION);
    let counts = table_counts(&path);
    for (table, rows) in &expected.tables {
        assert_eq!(counts.get(table), Some(rows), "rows of {table}");
    }
    Opened {
        expected,
        dir,
        path,
        schema_before,
        store,
        counts,
    }
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn manifest(name: &str) -> Manifest {
    let json = std::fs::read_to_string(fixture_dir().join(format!("{name}.json"))).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// A copy of fixture `name` in `dir` (the committed file is never opened for writing).
fn copy_fixture(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(format!("{name}.sqlite3"));
    std::fs::copy(fixture_dir().join(format!("{name}.sqlite3")), &to).unwrap();
    to
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// The schema of the SQLite file at `path` as SQLite describes it, one line per table, column,
/// foreign key and index (not the `CREATE` text, which says the same thing in other words when
/// a column came by `ALTER TABLE`).
fn schema(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let strings = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let mut lines = Vec::new();
    let tables = strings(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    for t in tables {
        lines.push(format!("table {t}"));
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({t})")).unwrap();
        let columns = stmt.query_map([], |r| {
            Ok(format!(
                "  column {} {} {} notnull={} default={:?} pk={}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?
            ))
        });
        lines.extend(columns.unwrap().map(Result::unwrap));
        let mut stmt = conn
            .prepare(&format!("PRAGMA foreign_key_list({t})"))
            .unwrap();
        let keys = stmt.query_map([], |r| {
            Ok(format!(
                "  foreign key {} -> {}({:?})",
                r.get::<_, String>(3)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(4)?
            ))
        });
        lines.extend(keys.unwrap().map(Result::unwrap));
        let mut stmt = conn.prepare(&format!("PRAGMA index_list({t})")).unwrap();
        let indexes = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        });
        let mut indexes: Vec<_> = indexes.unwrap().map(Result::unwrap).collect();
        indexes.sort();
        for (name, unique, origin, partial) in indexes {
            let mut stmt = conn.prepare(&format!("PRAGMA index_info({name})")).unwrap();
            let cols = stmt.query_map([], |r| r.get::<_, String>(2));
            let cols: Vec<String> = cols.unwrap().map(Result::unwrap).collect();
            lines.push(format!(
                "  index {name} unique={unique} origin={origin} partial={partial} ({})",
                cols.join(", ")
            ));
        }
    }
    lines
}

/// What `sqlite_master` holds: every table's and index's `CREATE` text as SQLite keeps it.
fn master_sql(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_fresh_file_gets_the_latest_version_and_the_schema_the_last_unversioned_release_made() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());
    assert_eq!(
        user_version(&fresh),
        procura_endpoint::store::SCHEMA_VERSION
    );
    let tables: Vec<String> = schema(&fresh)
        .into_iter()
        .filter_map(|l| l.strip_prefix("table ").map(str::to_owned))
        .collect();
    assert_eq!(
        tables,
        [
            "catalog_items",
            "event_tickets",
            "invoice_originals",
            "login_failures",
            "marketplaces",
            "meta",
            "sessions",
            "supplier_orders",
            "suppliers",
            "sync_budget_totals",
            "sync_clients",
            "sync_contract_index",
            "sync_delegation_index",
            "sync_invoice_index",
            "sync_order_lines",
            "sync_outcomes",
            "sync_records",
            "sync_requisition_index",
            "sync_return_index",
            "sync_supplier_records",
            "users",
        ]
    );
    // The fixture's file was made from nothing by that release: migration 1 makes the same
    // tables, columns (in the same order, with the same types and defaults), keys and indexes.
    let before = copy_fixture(FIXTURE, dir.path());
    assert_eq!(user_version(&before), 0);
    assert_eq!(without(schema(&fresh), SINCE_V1), schema(&before));
    let mut v1_sql = master_sql(&fresh);
    v1_sql.retain(|(_, name, _)| !SINCE_V1.iter().any(|t| name.contains(t)));
    assert_eq!(v1_sql, master_sql(&before), "down to the CREATE text");
    // Opening a file at the latest version writes nothing to it.
    let bytes = std::fs::read(&fresh).unwrap();
    drop(Store::open(&fresh).unwrap());
    assert_eq!(std::fs::read(&fresh).unwrap(), bytes);
}

#[tokio::test]
async fn a_database_of_the_last_unversioned_release_opens_with_every_record_as_it_was() {
    let Opened {
        expected,
        dir: _dir,
        path,
        schema_before,
        store,
        ..
    } = open_release(FIXTURE, 0);
    // Every row is still there, and the store answers what the release that wrote the file
    // answered: suppliers, marketplaces, every catalog feed page by page (items, tombstones,
    // cursors), users and their flags, supplier keys, sessions, the hub's feed with its
    // tombstones, the orders at the supplier and at the hub.
    let now = snapshot(&store).unwrap();
    assert_eq!(now.feeds, expected.snapshot.feeds);
    assert_eq!(now.sync_pages, expected.snapshot.sync_pages);
    assert_eq!(now, expected.snapshot);
    assert!(now.sync_pages.iter().any(|p| p
        .changes
        .iter()
        .any(|c| matches!(c, RecordChange::Delete { .. }))));
    assert_eq!(
        without(schema(&path), SINCE_V1),
        schema_before,
        "version 1 is that release's schema"
    );

    serves_as_the_release_did(store, &expected).await;
}

/// Serves a release's database, opened (and so migrated) by this build: the old session still
/// works, passwords still check, the disabled user stays out, and exactly-once holds across the
/// upgrade (a replayed push gets its stored outcome, the typed reason of a refusal included; a
/// replayed order its stored receipt).
async fn serves_as_the_release_did(store: Store, expected: &Manifest) {
    let state = AppState::new(store).with_session_policy(long_sessions());
    let hub = serve(state, None).await;
    let buyer = hub.with_token(&expected.buyer_token);
    let me: User = buyer.get("/api/v1/me").await.json();
    assert_eq!(me.id, "u-buyer");
    let auditor: LoginResponse = hub
        .login_with("auditor", "Fixture-passw0rd-42")
        .await
        .json();
    assert!(auditor.user.must_change_password);
    let out = hub.login_with("approver2", DEMO_PASSWORD).await;
    assert_eq!(out.status, 401, "{}", out.body);
    let mut tablet = Desk::at(&hub, "buyer", "tablet-buyer").await;
    tablet.next_id = 4;
    let not_hers = delegation("dlg-2", "u-director", "u-buyer", 0, 3);
    let replay = tablet
        .push(vec![Op::SaveDelegation {
            delegation: not_hers,
        }])
        .await;
    assert_eq!(replay.last_applied, 4);
    assert_refused(&replay.outcomes[0].result, "forbidden_role");
    let mut po = order_of(&buyer, "po-1").await;
    assert_eq!(
        po.events.len(),
        3,
        "sent, acknowledged, shipped: {:?}",
        po.events
    );
    po.events.clear();
    let receipt: OrderReceipt = send_order(&buyer, &po, "po-1").await.json();
    assert!(receipt.duplicate);
    let held = &expected.snapshot.received_orders[SUPPLIER][0];
    assert_eq!(receipt.supplier_order_ref, held.supplier_order_ref);

    // And it goes on: the buyer orders the approved requisition, pushing after their last id;
    // po-1's lines stay taken (the hub's index of order lines came through).
    let mut desk = Desk::at(&hub, "buyer", "dev-buyer").await;
    desk.next_id = 5;
    let mut office = Office {
        hub: hub.clone(),
        buyer: desk,
        approver: Desk::at(&hub, "approver1", "dev-approver1").await,
        items: Vec::new(),
    };
    let approved = requisition(&buyer, "req-unordered").await;
    let po2 = office.plan("po-2", &[&approved]);
    assert_applied(&office.buyer.send(Op::CreateOrder { order: po2 }).await);
    let ordered = requisition(&buyer, "req-po-1").await;
    let twice = office.plan("po-3", &[&ordered]);
    let twice = office.buyer.send(Op::CreateOrder { order: twice }).await;
    assert_refused(&twice, "already_ordered");
}

#[tokio::test]
async fn a_database_of_the_release_before_invoices_opens_with_every_record_as_it_was() {
    let Opened {
        expected,
        dir,
        path,
        store,
        counts,
        ..
    } = open_release(FIXTURE_V1, 1);
    // Every row is still there, the new tables are empty, and the store answers what that
    // release answered.
    assert_eq!(counts.get("invoice_originals"), Some(&0));
    assert_eq!(counts.get("sync_invoice_index"), Some(&0));
    assert_eq!(counts.get("sync_return_index"), Some(&0));
    assert_eq!(snapshot(&store).unwrap(), expected.snapshot);
    // Migrated, it has the schema a fresh file gets.
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());
    assert_eq!(schema(&path), schema(&fresh));
    // And it serves: the old session works.
    let state = AppState::new(store).with_session_policy(long_sessions());
    let hub = serve(state, None).await;
    let buyer = hub.with_token(&expected.buyer_token);
    let me: User = buyer.get("/api/v1/me").await.json();
    assert_eq!(me.id, "u-buyer");
}

#[tokio::test]
async fn a_database_of_the_release_before_contracts_opens_with_every_record_as_it_was() {
    let Opened {
        expected,
        dir,
        path,
        schema_before,
        store,
        counts,
    } = open_release(FIXTURE_V3, 3);
    assert_eq!(counts.get("sync_contract_index"), Some(&0));
    assert_eq!(snapshot(&store).unwrap(), expected.snapshot);
    // Migration 4 only adds; the rest is that release's schema, and the whole is a fresh
    // file's.
    assert_eq!(without(schema(&path), SINCE_V3), schema_before);
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());
    assert_eq!(schema(&path), schema(&fresh));
    let state = AppState::new(store).with_session_policy(long_sessions());
    let hub = serve(state, None).await;
    let buyer = hub.with_token(&expected.buyer_token);
    let me: User = buyer.get("/api/v1/me").await.json();
    assert_eq!(me.id, "u-buyer");
}

#[tokio::test]
async fn a_database_of_the_release_before_the_supplier_history_index_opens_with_every_record_as_it_was(
) {
    let Opened {
        expected,
        dir,
        path,
        schema_before,
        mut store,
        counts,
    } = open_release(FIXTURE_V4, 4);
    // The new index is filled from the records: one row per live order and evaluation.
    let held: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sync_records
             WHERE kind IN ('order', 'evaluation') AND deleted = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(held > 0);
    assert_eq!(counts.get("sync_supplier_records"), Some(&held));
    // Every record reads as that release answered: catalog feeds, users, keys, sessions, the
    // hub's feed page by page with its tombstones and cursors, the orders at the supplier and
    // at the hub.
    let now = snapshot(&store).unwrap();
    assert_eq!(now.sync_pages, expected.snapshot.sync_pages);
    assert_eq!(now, expected.snapshot);
    // The supplier's system names po-1 by its number (in lower case): found through the new
    // index, the acknowledgement it already holds is recognised as a repeat, nothing written.
    let po = expected.snapshot.hub_orders.iter().find(|o| o.id == "po-1");
    let po = po.unwrap();
    let by_number = OrderRef {
        order_id: None,
        order_number: Some(po.number.to_lowercase()),
        payload_id: None,
    };
    let acknowledged = po.events[1].clone();
    assert!(matches!(acknowledged, OrderEvent::Acknowledged { .. }));
    let recorded = store
        .record_supplier_messages(SUPPLIER, vec![(by_number, Some(acknowledged))], now_ms())
        .unwrap();
    let recorded = recorded[0].as_ref().unwrap();
    assert_eq!(recorded.order_id, "po-1");
    assert!(recorded.duplicate);
    assert_eq!(store.sync_head().unwrap(), expected.snapshot.sync_head);
    // Migration 5 only adds; the rest is that release's schema, and the whole is a fresh
    // file's.
    assert_eq!(without(schema(&path), SINCE_V4), schema_before);
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());
    assert_eq!(schema(&path), schema(&fresh), "a fresh file's schema");
    serves_as_the_release_did(store, &expected).await;
}

/// The schema of the first releases, before marketplaces, supplier keys, typed refusal reasons,
/// user flags, sessions' last-seen time, the hub's indexes and the orders at the supplier: the
/// columns today's store sniffed for and the tables it created when missing.
const FIRST_RELEASE_SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE suppliers (
    id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL, currency TEXT NOT NULL);
CREATE TABLE catalog_items (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers(id),
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT);
CREATE INDEX catalog_feed ON catalog_items (supplier_id, seq);
CREATE INDEX catalog_seq ON catalog_items (seq);
CREATE TABLE users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
    roles TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);
CREATE TABLE sync_clients (
    client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_applied INTEGER NOT NULL);
CREATE TABLE sync_outcomes (
    client_id TEXT NOT NULL, mutation_id INTEGER NOT NULL,
    status TEXT NOT NULL, code TEXT, message TEXT,
    PRIMARY KEY (client_id, mutation_id));
CREATE TABLE sync_records (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, body TEXT);
CREATE INDEX sync_records_seq ON sync_records (seq);
CREATE INDEX sync_records_kind ON sync_records (kind, deleted);
";

fn now_unix() -> i64 {
    now_ms() / 1000
}

#[test]
fn a_database_of_the_first_releases_is_completed_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("first.sqlite3");
    // A requisition as a later release stored it (the first ones' records read the same).
    let fixture = copy_fixture(FIXTURE, dir.path());
    let (req_key, req_body): (String, String) = rusqlite::Connection::open(&fixture)
        .unwrap()
        .query_row(
            "SELECT key, body FROM sync_records WHERE key = 'requisition/req-pending'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let supplier = demo::suppliers(1).remove(0);
    let items = demo::generate_catalog(3, &supplier, 2);
    let created = now_unix() - 600;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(FIRST_RELEASE_SCHEMA).unwrap();
        let hash = procura_endpoint::auth::hash_password(DEMO_PASSWORD).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('epoch', 'firstepoch01'), ('catalog_seq', '2'),
                                     ('sync_seq', '1');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO suppliers VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                supplier.id,
                supplier.name.en,
                supplier.name.zh,
                supplier.currency
            ],
        )
        .unwrap();
        for (seq, item) in items.iter().enumerate() {
            conn.execute(
                "INSERT INTO catalog_items VALUES (?1, ?2, ?3, 0, ?4)",
                rusqlite::params![
                    item.id.as_str(),
                    item.supplier_id.as_str(),
                    seq as i64 + 1,
                    serde_json::to_string(item).unwrap()
                ],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO users VALUES ('u-buyer', 'buyer', 'Li Na 李娜', '[\"buyer\"]', ?1)",
            [hash],
        )
        .unwrap();
        let token = procura_endpoint::auth::token_hash("first-session");
        conn.execute(
            "INSERT INTO sessions VALUES (?1, 'u-buyer', ?2)",
            rusqlite::params![token, created],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO sync_clients VALUES ('dev-buyer', 'u-buyer', 1);
             INSERT INTO sync_outcomes VALUES
                 ('dev-buyer', 1, 'refused', 'forbidden_role', 'not yours');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sync_records VALUES (?1, 'requisition', 1, 0, ?2)",
            [&req_key, &req_body],
        )
        .unwrap();
    }

    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&path), procura_endpoint::store::SCHEMA_VERSION);
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());
    assert_eq!(schema(&path), schema(&fresh), "completed to today's schema");

    // Its users were demo users with the demo password (those releases made no other), so the
    // store is a demo store; sessions were last seen when they began.
    assert_eq!(store.epoch(), "firstepoch01");
    assert!(store.is_demo().unwrap());
    let users = store.users().unwrap();
    assert_eq!(users.len(), 1);
    assert!(users[0].demo_password && !users[0].disabled);
    assert!(!users[0].user.must_change_password);
    let token = procura_endpoint::auth::token_hash("first-session");
    let policy = SessionPolicy::new(1, 1);
    let user = store.session_user(&token, created + 3_601, policy).unwrap();
    assert_eq!(user, None, "idle for an hour since it began");
    let user = store.session_user(&token, created + 60, policy).unwrap();
    assert_eq!(user.map(|u| u.id.to_string()).as_deref(), Some("u-buyer"));

    // Its supplier publishes its own feed and has no document key; its items are all there.
    let suppliers = store.suppliers().unwrap();
    assert_eq!(suppliers.len(), 1);
    assert_eq!(suppliers[0].id, supplier.id);
    assert_eq!(suppliers[0].item_count, 2);
    let keys = store.supplier_keys().unwrap();
    assert_eq!(keys[0].key, procura_endpoint::store::SupplierKeyState::None);
    let page = store
        .catalog_page(&supplier.id, &Cursor::start(), 10)
        .unwrap();
    let (got, deleted) = split(std::slice::from_ref(&page));
    assert_eq!(got, items.iter().collect::<Vec<_>>());
    assert!(deleted.is_empty());

    // Its record is pulled as stored and indexed for the rules; its stored outcome (from
    // before reasons were typed) is the answer to a replay.
    let pulled = store.pull(&Cursor::start(), 10).unwrap();
    let stored: Record = serde_json::from_str(&req_body).unwrap();
    assert_eq!(pulled.changes, [RecordChange::Upsert { record: stored }]);
    let indexed: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM sync_requisition_index", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(indexed, 1);
    let buyer = store.user_by_username("buyer").unwrap().unwrap().0;
    let replay = PushRequest {
        client_id: "dev-buyer".into(),
        mutations: vec![common::sync::mutation(
            1,
            common::sync::op_save("ev-1", &supplier.id, 3),
        )],
    };
    let answer = store.push(&buyer, &replay, now_ms()).unwrap();
    assert_eq!(
        answer.outcomes[0].result,
        OutcomeResult::Refused {
            code: "forbidden_role".into(),
            message: "not yours".into(),
            reason: None,
        }
    );
}

/// The database at `path`: its bytes and the names of the files in its directory.
fn file_state(path: &Path) -> (Vec<u8>, Vec<String>) {
    let dir = path.parent().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (std::fs::read(path).unwrap(), names)
}

#[test]
fn a_database_of_a_newer_schema_is_refused_and_left_as_it_was() {
    // As the hub leaves it (WAL) and as a copy or backup may be (rollback journal).
    for journal in ["wal", "delete"] {
        newer_schema_refused(journal);
    }
}

fn newer_schema_refused(journal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo_if_empty(FIXTURE_DEMO).unwrap();
    drop(store);
    let newer = procura_endpoint::store::SCHEMA_VERSION + 1;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
        let mode: String = conn
            .query_row(&format!("PRAGMA journal_mode = {journal}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(mode, journal);
    }
    let before = file_state(&path);
    assert!(
        !before.1.iter().any(|n| n.ends_with("-wal")),
        "{:?}",
        before.1
    );

    for _ in 0..2 {
        let err = Store::open(&path).err().expect("refused");
        assert!(
            matches!(err, StoreError::NewerSchema { found, known }
                if found == newer && known == procura_endpoint::store::SCHEMA_VERSION),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("newer"), "{message}");
        assert!(
            message.contains(&format!("schema version {newer}")),
            "{message}"
        );
        assert!(file_state(&path) == before, "the file is unchanged");
    }
    // The hub and its command line refuse it with that message and change nothing either.
    let bin = env!("CARGO_BIN_EXE_procura-endpoint");
    let runs: [(&[&str], &[&str]); 3] = [
        (&["--addr", "127.0.0.1:0", "--db"], &[]),
        (&["--addr", "127.0.0.1:0", "--demo", "--db"], &[]),
        (&["admin", "--db"], &["list"]),
    ];
    for (args, after) in runs {
        let out = std::process::Command::new(bin)
            .args(args)
            .arg(&path)
            .args(after)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains("newer than this build"),
            "{args:?}: {stderr}"
        );
        assert!(
            file_state(&path) == before,
            "{args:?}: the file is unchanged"
        );
    }
}

#[test]
fn a_file_of_another_program_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .unwrap();
    }
    let before = file_state(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotAHubDatabase), "{err:?}");
    assert!(file_state(&path) == before, "the file is unchanged");
}
