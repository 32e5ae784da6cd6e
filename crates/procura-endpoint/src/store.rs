//! The endpoint's store: suppliers, their catalog change feeds, users and sessions, and the
//! sync hub, in SQLite (the default, embedded) or PostgreSQL: the same statements over [`db`],
//! which holds what differs between the two.
//!
//! Every catalog row carries `seq`, taken from one counter that only grows: a client's cursor is
//! the last `seq` it committed, so "what changed since" is a range scan on (supplier_id, seq).
//! Deleted items stay as tombstones so clients that already hold them learn of the deletion.
//! The sync hub's records (`sync.rs`) follow the same scheme with a counter of their own.

pub mod db;
mod feed;
mod pg_schema;
mod schema;
mod shared;
mod sync;
mod users;

pub use pg_schema::PG_SCHEMA_VERSION;
pub use schema::SCHEMA_VERSION;
pub use shared::LoginFailures;
pub use sync::orders::{OrderReceipt, ReceivedOrder, RecordedEvent};
pub use users::{
    check_username, DemoCredentials, SupplierKeyInfo, SupplierKeyState, UserRecord,
    LAST_SEEN_RESOLUTION_SECS, MAX_USERNAME_LEN,
};

use db::{params, Db, OptionalExtension};
use procura_catalog::catalog::{CatalogItem, LocalizedText};
use procura_demo::demo;
use procura_sync::api::{CatalogPage, ContentManager, Cursor, FeedId, Supplier};
use rusqlite::Connection;
use rust_decimal::Decimal;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("cursor {0:?} is not one this endpoint issued")]
    BadCursor(String),
    #[error("cursor belongs to an earlier state of this endpoint; pull again from the start")]
    CursorReset,
    #[error("no supplier {0}")]
    NoSupplier(String),
    #[error("no marketplace {0}")]
    NoMarketplace(String),
    #[error("supplier {supplier}'s catalog is published by marketplace {marketplace}: pull /marketplaces/{marketplace}/catalog")]
    SoldOnMarketplace {
        supplier: String,
        marketplace: String,
    },
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("client id {0:?} belongs to another user; a device syncs for the user who first pushed from it")]
    ClientOfAnotherUser(String),
    #[error(transparent)]
    BadBatch(#[from] procura_sync::sync::hub::BatchError),
    #[error("{0}")]
    BadPush(String),
    #[error("the store holds a record it cannot read: {0}")]
    Corrupt(String),
    #[error("the hub holds no order {0} (an order is created through sync first)")]
    UnknownOrder(String),
    #[error("order {order} is not an order for supplier {supplier}")]
    OrderOfAnotherSupplier { order: String, supplier: String },
    #[error("{0}")]
    OrderMismatch(String),
    #[error("idempotency key {0:?} was used for another order body; a retry must send the same body, a new order a new key")]
    IdempotencyKeyReused(String),
    #[error("the supplier holds order {order} already, under another idempotency key ({key:?})")]
    OrderReceivedAlready { order: String, key: String },
    #[error("{0}")]
    OrderClosed(String),
    #[error("{0}")]
    EventRefused(String),
    #[error("no user {0}")]
    NoUser(String),
    #[error("the user name {0} is taken")]
    UserExists(String),
    #[error("{0}")]
    BadUsername(String),
    #[error("this database has schema version {found}, newer than this build of the hub knows (up to {known}): a newer release wrote it. Run that release or a later one, or restore a backup this release made; the file was left as it was")]
    NewerSchema { found: i64, known: i64 },
    #[error("this file is not a Procura hub database (it holds tables but no meta table, or a schema version below 0); give the hub a --db of its own")]
    NotAHubDatabase,
    #[error("migrating the store to schema version {version} ({name}) failed, and the whole upgrade was undone (the file is still at version {from}): {source}")]
    Migration {
        /// The version the file had, and still has.
        from: i64,
        /// The migration that failed.
        version: i64,
        name: &'static str,
        source: Box<StoreError>,
    },
    #[error("this store was not made with --demo (it holds users or suppliers of its own): the demo would add users with a well-known password to it; give the demo a --db of its own")]
    NotADemoStore,
}

/// A store in a new database of its own on the test cluster (`PROCURA_TEST_DATABASE_URL`, as the
/// integration tests' `fresh_database`), or `None`, saying so, without it.
#[cfg(test)]
pub(crate) fn test_postgres_store() -> Option<Store> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let Ok(url) = std::env::var("PROCURA_TEST_DATABASE_URL") else {
        eprintln!("skipped on PostgreSQL: PROCURA_TEST_DATABASE_URL is not set");
        return None;
    };
    let mut config: postgres::Config = url.parse().expect("a PostgreSQL URL");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .subsec_nanos();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("unit_{}_{n}_{nanos}", std::process::id());
    let mut admin = config.connect(postgres::NoTls).expect("the test cluster");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a new database");
    config.dbname(&name);
    Some(Store::open_postgres_config(&config).expect("a PostgreSQL store"))
}

/// How much demo data a fresh store is seeded with.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub seed: u64,
    pub suppliers: usize,
    pub items_per_supplier: usize,
    /// Sellers of the demo marketplace (`goodshub`, at most 3); 0 seeds no marketplace.
    pub marketplace_sellers: usize,
    pub items_per_seller: usize,
}

/// The hub's store: the same rules over either database ([`db`]), an embedded SQLite file (the
/// default) or a PostgreSQL database ([`Store::open_postgres`]).
pub struct Store {
    backend: db::Backend,
    /// Random per database: cursors from another database (an endpoint reset) are recognised.
    /// On PostgreSQL, read again before every pull, push and feed page
    /// ([`Store::refresh_epoch`]): another hub process may have reset the hub.
    epoch: std::cell::RefCell<String>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::init_sqlite(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init_sqlite(Connection::open_in_memory()?)
    }

    /// The store in the PostgreSQL database `url` names (`postgres://user:password@host:port/db`
    /// or `host=… dbname=…`), brought to this build's schema ([`pg_schema`]).
    ///
    /// A blocking client: call it, like every method of the store, off the async threads.
    pub fn open_postgres(url: &str) -> Result<Self, StoreError> {
        let config: postgres::Config = url.parse().map_err(db::DbError::from)?;
        Self::open_postgres_config(&config)
    }

    /// [`Store::open_postgres`] with the connection settings parsed already.
    pub fn open_postgres_config(config: &postgres::Config) -> Result<Self, StoreError> {
        let conn = db::PgConn::connect(config)?;
        pg_schema::migrate(&conn)?;
        Self::init(db::Backend::Postgres(Box::new(conn)))
    }

    fn init_sqlite(mut conn: Connection) -> Result<Self, StoreError> {
        // busy_timeout: the admin command line may write while the server runs. Nothing is
        // written before the schema version is checked: a file this build refuses stays as it was.
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")?;
        schema::migrate(&mut conn, schema::MIGRATIONS)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        // Every statement of the store goes through the cache ([`db`]): room for all of a push's.
        conn.set_prepared_statement_cache_capacity(128);
        Self::init(db::Backend::Sqlite(conn))
    }

    /// What both stores do once their schema is this build's: the rules' indexes, the epoch.
    fn init(backend: db::Backend) -> Result<Self, StoreError> {
        let conn = backend.db();
        sync::ensure_sync_index(&conn)?;
        let epoch = match meta(&conn, "epoch")? {
            Some(epoch) => epoch,
            None => {
                let epoch = crate::auth::random_hex(6);
                // Two hub processes opening a new database at once agree on one epoch.
                let tx = conn.transaction()?;
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('epoch', ?1) ON CONFLICT (key) DO NOTHING",
                    [&epoch],
                )?;
                let epoch = meta(&tx, "epoch")?.unwrap_or(epoch);
                tx.commit()?;
                epoch
            }
        };
        Ok(Self {
            backend,
            epoch: std::cell::RefCell::new(epoch),
        })
    }

    /// Reads the epoch again from the database, on PostgreSQL: several hub processes serve one
    /// database, and a reset through any of them ([`Store::reset_hub`]) takes a new epoch that
    /// every process must name and check from then on. On SQLite, one hub process serves the
    /// file, and the epoch it holds is the file's: nothing to read.
    pub(crate) fn refresh_epoch(&self) -> Result<(), StoreError> {
        let db = self.db();
        if db.is_postgres() {
            if let Some(epoch) = meta(&db, "epoch")? {
                *self.epoch.borrow_mut() = epoch;
            }
        }
        Ok(())
    }

    /// Whether the store's connection to PostgreSQL dropped (never, for SQLite): the store is
    /// then replaced ([`crate::store_pool`]).
    pub fn connection_closed(&self) -> bool {
        match &self.backend {
            db::Backend::Sqlite(_) => false,
            db::Backend::Postgres(c) => c.is_closed(),
        }
    }

    /// The database, to run the store's statements on.
    pub(crate) fn db(&self) -> Db<'_> {
        self.backend.db()
    }

    /// Which database this store is in: `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        if self.db().is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// The SQLite connection, for the tests that count its steps or read its plans.
    #[cfg(test)]
    pub(crate) fn sqlite(&self) -> &Connection {
        match &self.backend {
            db::Backend::Sqlite(c) => c,
            db::Backend::Postgres(_) => panic!("a SQLite store"),
        }
    }

    /// The database's identity, named by every cursor and sync answer: as this store last read
    /// it (at open, and on PostgreSQL before every pull, push and feed page).
    pub fn epoch(&self) -> String {
        self.epoch.borrow().clone()
    }

    /// The demo (`--demo`): refuses a store that is not the demo's ([`Store::is_demo`]) but
    /// holds users or suppliers, and marks the store as the demo's.
    ///
    /// Seeds demo suppliers, catalogs and users unless the store already holds suppliers, and
    /// the demo marketplace with its sellers unless it already holds a marketplace (so a demo
    /// database made before marketplaces existed gains one). A demo database also gains the
    /// demo users it lacks (one made before `director` existed), in its sync hub the demo
    /// approval policy while it holds none, and every supplier without an inbound document key
    /// its demo key ([`demo_supplier_key`]). Returns whether it seeded anything.
    pub fn seed_demo_if_empty(&mut self, size: DemoSize) -> Result<bool, StoreError> {
        let count = |conn: &Db<'_>, table: &str| -> db::Result<i64> {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), (), |r| r.get(0))
        };
        // Counted under the write lock: hub processes started together on a new database seed
        // it once.
        let tx = self.db().transaction()?;
        let seed_suppliers = count(&tx, "suppliers")? == 0;
        let seed_market = size.marketplace_sellers > 0 && count(&tx, "marketplaces")? == 0;
        if !self.is_demo()? && (!seed_suppliers || count(&tx, "users")? > 0) {
            return Err(StoreError::NotADemoStore);
        }
        let mut seeded = false;
        if seed_suppliers {
            for supplier in demo::suppliers(size.suppliers) {
                insert_supplier(&tx, &supplier, None)?;
                for item in demo::generate_catalog(size.seed, &supplier, size.items_per_supplier) {
                    upsert_item(&tx, &item)?;
                }
            }
            seeded = true;
        }
        users::mark_demo(&tx)?;
        seeded |= seed_demo_users(&tx, seed_suppliers)?;
        if seed_market {
            let market = demo::marketplace(size.marketplace_sellers);
            tx.execute(
                "INSERT INTO marketplaces (id, name_en, name_zh) VALUES (?1, ?2, ?3)",
                params![market.id, market.name.en, market.name.zh],
            )?;
            for seller in &market.sellers {
                insert_supplier(&tx, seller, Some(&market.id))?;
                for item in demo::generate_catalog(size.seed, seller, size.items_per_seller) {
                    upsert_item(&tx, &item)?;
                }
            }
            seeded = true;
        }
        seeded |= sync::seed_demo_policy(&tx)?;
        seeded |= seed_demo_supplier_keys(&tx)? > 0;
        tx.commit()?;
        Ok(seeded)
    }

    pub fn suppliers(&self) -> Result<Vec<Supplier>, StoreError> {
        let mut stmt = self.db().prepare(
            "SELECT s.id, s.name_en, s.name_zh, s.currency,
                    (SELECT count(*) FROM catalog_items c WHERE c.supplier_id = s.id AND c.deleted = 0),
                    s.marketplace_id IS NOT NULL
             FROM suppliers s ORDER BY s.id",
        )?;
        let rows = stmt.query_map((), |r| {
            Ok(Supplier {
                id: r.get::<_, String>(0)?.into(),
                name: LocalizedText::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                currency: r.get(3)?,
                item_count: r.get::<_, i64>(4)? as u64,
                managed_by: if r.get::<_, bool>(5)? {
                    ContentManager::Marketplace
                } else {
                    ContentManager::Supplier
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn require_supplier(&self, supplier_id: &str) -> Result<(), StoreError> {
        let exists: Option<i64> = self
            .db()
            .query_row(
                "SELECT 1 FROM suppliers WHERE id = ?1",
                [supplier_id],
                |r| r.get(0),
            )
            .optional()?;
        exists
            .map(|_| ())
            .ok_or_else(|| StoreError::NoSupplier(supplier_id.to_owned()))
    }

    /// A page of `supplier_id`'s own feed (see [`Store::feed_page`]).
    pub fn catalog_page(
        &self,
        supplier_id: &str,
        cursor: &Cursor,
        limit: u32,
    ) -> Result<CatalogPage, StoreError> {
        self.feed_page(&FeedId::Supplier(supplier_id.to_owned()), cursor, limit)
    }

    /// A page of marketplace `marketplace_id`'s feed: all its sellers' items in one log.
    pub fn marketplace_page(
        &self,
        marketplace_id: &str,
        cursor: &Cursor,
        limit: u32,
    ) -> Result<CatalogPage, StoreError> {
        self.feed_page(
            &FeedId::Marketplace(marketplace_id.to_owned()),
            cursor,
            limit,
        )
    }

    fn max_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .db()
            .query_row("SELECT coalesce(max(seq), 0) FROM catalog_items", (), |r| {
                r.get(0)
            })?)
    }

    /// Simulates a supplier maintaining its catalog: re-prices `reprice` items by `percent`,
    /// withdraws `withdraw` items, and adds `add` new ones. Each becomes a change in the feed.
    pub fn churn_catalog(
        &mut self,
        supplier_id: &str,
        churn: &Churn,
    ) -> Result<ChurnResult, StoreError> {
        self.require_supplier(supplier_id)?;
        let tx = self.db().transaction()?;
        let live: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT id, body FROM catalog_items WHERE supplier_id = ?1 AND deleted = 0 ORDER BY seq, id",
            )?;
            let rows = stmt.query_map([supplier_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let reprice = churn.reprice.min(live.len());
        let withdraw = churn.withdraw.min(live.len() - reprice);
        let factor = Decimal::ONE + Decimal::from(churn.percent) / Decimal::ONE_HUNDRED;
        for (_, body) in &live[..reprice] {
            let mut item: CatalogItem = serde_json::from_str(body)?;
            for tier in &mut item.price_tiers {
                tier.unit_price = (tier.unit_price * factor).round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
            }
            upsert_item(&tx, &item)?;
        }
        for (id, _) in &live[reprice..reprice + withdraw] {
            let seq = next_seq(&tx)?;
            tx.execute(
                "UPDATE catalog_items SET deleted = 1, body = NULL, seq = ?2 WHERE id = ?1",
                params![id, seq],
            )?;
        }
        let supplier = demo::find_supplier(supplier_id)
            .ok_or_else(|| StoreError::NoSupplier(supplier_id.to_owned()))?;
        let mut added = 0;
        if churn.add > 0 {
            let fresh = demo::generate_catalog(churn.seed, &supplier, live.len() + churn.add * 4);
            for item in fresh {
                if added == churn.add {
                    break;
                }
                let exists: Option<i64> = tx
                    .query_row(
                        "SELECT 1 FROM catalog_items WHERE id = ?1",
                        [item.id.as_str()],
                        |r| r.get(0),
                    )
                    .optional()?;
                if exists.is_none() {
                    upsert_item(&tx, &item)?;
                    added += 1;
                }
            }
        }
        tx.commit()?;
        Ok(ChurnResult {
            repriced: reprice,
            withdrawn: withdraw,
            added,
        })
    }
}

/// What a catalog churn ([`Store::churn_catalog`]) changes; every field defaults to 0. Counts are capped
/// at what the catalog holds.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Churn {
    /// Re-price this many live items (those longest unchanged), every tier by `percent`.
    pub reprice: usize,
    /// Price change in percent, may be negative; new prices are rounded to 2 decimals.
    pub percent: i64,
    /// Withdraw this many further live items (deletes in the feed).
    pub withdraw: usize,
    /// Add this many new items, generated from `seed`.
    pub add: usize,
    pub seed: u64,
}

/// What a churn did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ChurnResult {
    pub repriced: usize,
    pub withdrawn: usize,
    pub added: usize,
}

/// The key demo supplier `supplier_id` sends its documents with.
pub fn demo_supplier_key(supplier_id: &str) -> String {
    format!("demo-{supplier_id}-key")
}

/// Gives every supplier without an inbound document key its demo key
/// ([`demo_supplier_key`]; the store holds its hash). Returns how many it gave one.
fn seed_demo_supplier_keys(conn: &Db<'_>) -> Result<usize, StoreError> {
    let keyless: Vec<String> = {
        let mut stmt = conn.prepare("SELECT id FROM suppliers WHERE inbound_key_hash IS NULL")?;
        let ids = stmt.query_map((), |r| r.get(0))?;
        ids.collect::<Result<_, _>>()?
    };
    for id in &keyless {
        conn.execute(
            "UPDATE suppliers SET inbound_key_hash = ?2 WHERE id = ?1",
            params![id, crate::auth::token_hash(&demo_supplier_key(id))],
        )?;
    }
    Ok(keyless.len())
}

/// Adds the demo users (password [`demo::DEMO_PASSWORD`]) the store lacks: all of them into a
/// fresh demo store (`fresh`), and into an existing one only if it is a demo store (it holds a
/// demo user already), so a demo database made before a demo user existed (`director`, who
/// came with approvals) gains them and nobody else's user table is touched. A user whose id or
/// username is taken is left alone. Returns whether it added any.
fn seed_demo_users(conn: &Db<'_>, fresh: bool) -> Result<bool, StoreError> {
    let exists = |sql: &str, value: &str| -> db::Result<bool> {
        conn.query_row(sql, [value], |r| r.get::<_, i64>(0))
            .map(|n| n > 0)
    };
    let mut demo_store = fresh;
    let mut missing = Vec::new();
    for user in demo::users() {
        let known = exists("SELECT count(*) FROM users WHERE id = ?1", user.id.as_str())?;
        let name_taken = exists(
            "SELECT count(*) FROM users WHERE username = ?1",
            &user.username,
        )?;
        demo_store |= known;
        if !known && !name_taken {
            missing.push(user);
        }
    }
    if !demo_store || missing.is_empty() {
        return Ok(false);
    }
    for user in &missing {
        let hash = crate::auth::hash_password(demo::DEMO_PASSWORD).map_err(StoreError::Hash)?;
        conn.execute(
            "INSERT INTO users (id, username, display_name, roles, password_hash, demo_password)
             VALUES (?1, ?2, ?3, ?4, ?5, 1)",
            params![
                user.id.as_str(),
                user.username,
                user.display_name,
                serde_json::to_string(&user.roles)?,
                hash
            ],
        )?;
    }
    Ok(true)
}

fn insert_supplier(
    conn: &Db<'_>,
    supplier: &demo::DemoSupplier,
    marketplace_id: Option<&str>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO suppliers (id, name_en, name_zh, currency, marketplace_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            supplier.id,
            supplier.name.en,
            supplier.name.zh,
            supplier.currency,
            marketplace_id
        ],
    )?;
    Ok(())
}

fn meta(conn: &Db<'_>, key: &str) -> db::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

fn next_seq(conn: &Db<'_>) -> Result<i64, StoreError> {
    next_in(conn, "catalog_seq")
}

/// The last value counter `key` (a meta row) handed out; 0 before the first.
fn counter(conn: &Db<'_>, key: &str) -> Result<i64, StoreError> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

/// The next value of counter `key`, a number that only grows (stored in meta, so it survives
/// a restart and rolls back with the transaction that took it).
fn next_in(conn: &Db<'_>, key: &str) -> Result<i64, StoreError> {
    let seq = counter(conn, key)? + 1;
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute(params![key, seq.to_string()])?;
    Ok(seq)
}

fn upsert_item(conn: &Db<'_>, item: &CatalogItem) -> Result<(), StoreError> {
    let seq = next_seq(conn)?;
    conn.prepare_cached(
        "INSERT INTO catalog_items (id, supplier_id, seq, deleted, body) VALUES (?1, ?2, ?3, 0, ?4)
         ON CONFLICT (id) DO UPDATE SET seq = ?3, deleted = 0, body = ?4",
    )?
    .execute(params![
        item.id.as_str(),
        item.supplier_id.as_str(),
        seq,
        serde_json::to_string(item)?
    ])?;
    Ok(())
}
