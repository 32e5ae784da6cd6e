//! What only the PostgreSQL store has: its schema's versions, several stores opening one new
//! database at once, the change notices and epoch they share, and amounts as `NUMERIC`.
//! Each test runs in a database of its own on the test cluster (`PROCURA_TEST_DATABASE_URL`,
//! which `scripts/test` sets) and is skipped, saying so, without it. The store's rules on
//! PostgreSQL: `sync.rs`, `sync_faults.rs`, `approval_budget_race.rs` (on both stores).

mod common;

use common::*;
use procura_endpoint::store::db::{listen_for_changes, LISTENER_NAME};
use procura_endpoint::store::StoreError;
use procura_endpoint::store_pool::Stores;
use std::sync::{Arc, Barrier};

fn client(database: &postgres::Config) -> postgres::Client {
    database
        .connect(postgres::NoTls)
        .expect("the test database")
}

#[test]
fn a_database_of_a_newer_schema_is_refused_and_left_as_it_was() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    drop(Store::open_postgres_config(&database).unwrap());
    let mut raw = client(&database);
    raw.batch_execute(
        "UPDATE procura_schema SET version = 99; DELETE FROM meta WHERE key = 'epoch'",
    )
    .unwrap();
    match Store::open_postgres_config(&database) {
        Err(StoreError::NewerSchema { found: 99, .. }) => {}
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
    let epochs: i64 = raw
        .query_one("SELECT count(*) FROM meta WHERE key = 'epoch'", &[])
        .unwrap()
        .get(0);
    assert_eq!(epochs, 0, "nothing was written");
}

#[test]
fn a_database_of_another_program_is_refused() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    client(&database)
        .batch_execute("CREATE TABLE invoices (id TEXT)")
        .unwrap();
    assert!(matches!(
        Store::open_postgres_config(&database),
        Err(StoreError::NotAHubDatabase)
    ));
    let tables: i64 = client(&database)
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "only its own table");
}

#[test]
fn stores_opening_a_new_database_at_once_make_one_schema_and_one_epoch() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    let start = Arc::new(Barrier::new(4));
    let opened: Vec<_> = (0..4)
        .map(|_| {
            let (database, start) = (database.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                Store::open_postgres_config(&database).map(|s| s.epoch().to_owned())
            })
        })
        .collect();
    let epochs: HashSet<String> = opened
        .into_iter()
        .map(|t| t.join().unwrap().expect("each store opens"))
        .collect();
    assert_eq!(epochs.len(), 1, "{epochs:?}");
    let versions: Vec<i64> = client(&database)
        .query("SELECT version FROM procura_schema", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, [procura_endpoint::store::PG_SCHEMA_VERSION]);
}

/// Waits up to 10 s for `heard` to give a number of at least `head`.
fn hears(heard: &std::sync::mpsc::Receiver<i64>, head: i64) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match heard.recv_timeout(left) {
            Ok(n) if n >= head => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// What another hub process hears: the change number a store commits, sent on commit only
/// (a rolled-back write sends nothing), and again after its listening connection was cut.
#[test]
fn a_listener_hears_the_change_numbers_stores_commit_and_reconnects() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    let mut store = Store::open_postgres_config(&database).unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let (tell, heard) = std::sync::mpsc::channel();
    listen_for_changes(database.clone(), move |head| {
        let _ = tell.send(head);
    })
    .unwrap();
    let head = store.sync_head().unwrap();
    assert!(hears(&heard, head), "the head at connection");
    assert_eq!(store.seed_demo_evaluations(3, 7).unwrap(), 3);
    let head = store.sync_head().unwrap();
    assert!(hears(&heard, head), "a committed change");

    // Cut the listener's connection: it reconnects and hears the next change.
    let cut: i64 = client(&database)
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE application_name = $1 AND datname = current_database()",
            &[&LISTENER_NAME],
        )
        .unwrap()
        .get(0);
    assert_eq!(cut, 1);
    store.reset_hub().unwrap();
    let more = store.sync_head().unwrap();
    assert!(more > head);
    assert!(hears(&heard, more), "after a reconnect");
}

/// A store whose connection dropped (a database restart, a network cut) is replaced the next
/// time it is lent: the hub recovers without a restart.
#[test]
fn a_store_whose_connection_dropped_is_replaced() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    let config = database.clone();
    let pool = Stores::reconnecting(
        vec![Store::open_postgres_config(&database).unwrap()],
        Box::new(move || Store::open_postgres_config(&config)),
    );
    pool.lend().seed_demo_if_empty(SMALL).unwrap();
    let cut: i64 = client(&database)
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(cut, 1);
    // The request that meets the cut may fail; the next one has a new connection.
    let _ = pool.lend().suppliers();
    assert_eq!(pool.lend().suppliers().unwrap().len(), 3);
}

/// A store sees the epoch another store of the same database took in a reset (another hub
/// process, say): it names the new one and refuses cursors of the old.
#[test]
fn a_reset_through_one_store_is_seen_by_the_other() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    let mut first = Store::open_postgres_config(&database).unwrap();
    first.seed_demo_if_empty(SMALL).unwrap();
    let second = Store::open_postgres_config(&database).unwrap();
    let page = second.pull(&Cursor::start(), 10).unwrap();
    let epoch = first.reset_hub().unwrap();
    assert!(matches!(
        second.pull(&page.next_cursor, 10),
        Err(StoreError::CursorReset)
    ));
    let page = second.pull(&Cursor::start(), 10).unwrap();
    assert_eq!(page.epoch, epoch);
    assert_eq!(second.epoch(), epoch);
}

#[test]
fn committed_amounts_are_numeric_and_exact() {
    if Backend::postgres().is_none() {
        return;
    }
    let database = fresh_database();
    let mut store = Store::open_postgres_config(&database).unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let seeded = store.seed_demo_history(7, now()).unwrap();
    assert!(seeded > 0);
    let rows = client(&database)
        .query(
            "SELECT pg_typeof(committed)::text, committed FROM sync_budget_totals",
            &[],
        )
        .unwrap();
    assert!(!rows.is_empty(), "the history commits budgets");
    for row in rows {
        let (kind, amount): (String, Decimal) = (row.get(0), row.get(1));
        assert_eq!(kind, "numeric");
        assert!(amount.scale() <= 6, "{amount}");
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The two schemas hold the same tables and columns, of matching types (SQLite's `INTEGER` is
/// `bigint`, its `TEXT` is `text`, or `numeric` for an amount): the store's statements are the
/// same on both, so a migration added to one list and not the other fails here.
#[test]
fn both_schemas_hold_the_same_columns() {
    if Backend::postgres().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    drop(Store::open(&path).unwrap());
    let sqlite = rusqlite::Connection::open(&path).unwrap();
    let mut tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let tables: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut in_sqlite = std::collections::BTreeSet::new();
    for table in &tables {
        let mut columns = sqlite
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))
            .unwrap();
        let columns = columns
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        for column in columns {
            let (name, kind) = column.unwrap();
            in_sqlite.insert((table.clone(), name, kind.to_ascii_uppercase()));
        }
    }
    let database = fresh_database();
    drop(Store::open_postgres_config(&database).unwrap());
    let rows = client(&database)
        .query(
            "SELECT table_name::text, column_name::text, data_type::text
             FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> 'procura_schema'",
            &[],
        )
        .unwrap();
    let mut in_postgres = std::collections::BTreeSet::new();
    for row in rows {
        let (table, name, kind): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        // SQLite's implicit rowid, made explicit (the order supplier orders arrived in).
        if (table.as_str(), name.as_str()) == ("supplier_orders", "rowid") {
            continue;
        }
        let kind = match kind.as_str() {
            "bigint" => "INTEGER",
            "text" | "numeric" => "TEXT",
            other => panic!("{table}.{name} is {other}"),
        };
        in_postgres.insert((table, name, kind.to_owned()));
    }
    assert!(in_sqlite.len() > 80, "the schema was read: {in_sqlite:?}");
    assert_eq!(in_sqlite, in_postgres);
}
