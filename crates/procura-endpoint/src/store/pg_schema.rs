//! The PostgreSQL store's schema and its versions: a list of its own (another dialect), kept
//! as SQLite's is ([`super::schema`]): append only, applied in one transaction that also
//! records the version (`procura_schema`), so a database is at the version it had or at this
//! build's, never between; a database of a newer version is refused before anything is
//! written. The transaction holds the store's write lock ([`super::db::WRITE_LOCK`]): hub
//! processes started together on a new database migrate it once.
//!
//! The tables are SQLite's, column for column, so the store's statements are the same on both
//! ([`super::db`]): integers are `BIGINT` (a flag is 0 or 1), text is `TEXT COLLATE "C"` (it
//! sorts and compares byte by byte, as SQLite's: quarters, days and ids whatever the
//! database's locale), amounts are `NUMERIC`. `supplier_orders` has a `rowid` of its own,
//! the order of arrival SQLite's implicit one gives.
//!
//! Version 1 is SQLite's version 5 (there was no PostgreSQL store before it). A later change
//! to the schema is a migration in both lists.

use super::db::{Db, OptionalExtension, PgConn};
use super::StoreError;

/// One step of the schema: migration `i` brings a database from version `i` to `i + 1`.
pub(crate) struct Migration {
    /// What it does, for the error when it fails.
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema's history, oldest first. **Append only; never edit a released migration.**
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "the hub's tables as SQLite's schema version 5 holds them",
        sql: SCHEMA_V1,
    },
    Migration {
        name: "shared by hub processes: change-notice tickets and failed-login counts",
        sql: SCHEMA_V2,
    },
];

/// The schema version this build writes to PostgreSQL.
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to the last of [`MIGRATIONS`] in one transaction, or refuses it
/// (newer than that, or holding tables of some other program) having written nothing.
pub(crate) fn migrate(conn: &PgConn) -> Result<(), StoreError> {
    let db = Db::Postgres(conn);
    let known = PG_SCHEMA_VERSION;
    let tx = db.transaction()?;
    // Made once, under the lock (no `IF NOT EXISTS`: its notice would be logged at every start).
    let versioned: bool = tx.query_row(
        "SELECT to_regclass('procura_schema') IS NOT NULL",
        (),
        |r| r.get(0),
    )?;
    if !versioned {
        tx.execute_batch("CREATE TABLE procura_schema (version BIGINT NOT NULL)")?;
    }
    let found: i64 = tx
        .query_row("SELECT max(version) FROM procura_schema", (), |r| r.get(0))
        .optional()?
        .flatten()
        .unwrap_or(0);
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    if found == 0 {
        let others: i64 = tx.query_row(
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name <> 'procura_schema'",
            (),
            |r| r.get(0),
        )?;
        if others > 0 {
            return Err(StoreError::NotAHubDatabase);
        }
    }
    if found == known {
        return Ok(());
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(migration.sql)
            .map_err(|e| StoreError::Migration {
                from: found,
                version: i as i64 + 1,
                name: migration.name,
                source: Box::new(e.into()),
            })?;
    }
    tx.execute("DELETE FROM procura_schema", ())?;
    tx.execute("INSERT INTO procura_schema (version) VALUES (?1)", [known])?;
    tx.commit()?;
    Ok(())
}

/// Version 2, SQLite's version 6: what hub processes kept in memory and must share when several
/// serve one database (`schema.rs`, `shared_by_processes`).
const SCHEMA_V2: &str = r#"
CREATE TABLE event_tickets (ticket_hash TEXT COLLATE "C" PRIMARY KEY, issued_ms BIGINT NOT NULL);
CREATE INDEX event_tickets_issued ON event_tickets (issued_ms);
CREATE TABLE login_failures (
    key TEXT COLLATE "C" PRIMARY KEY, failures BIGINT NOT NULL, last_failure_ms BIGINT NOT NULL,
    blocked_until_ms BIGINT NOT NULL);
CREATE INDEX login_failures_last ON login_failures (last_failure_ms);
"#;

/// Version 1: every table and index of SQLite's version 5 ([`super::schema`]).
const SCHEMA_V1: &str = r#"
CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);
CREATE TABLE marketplaces (
    id TEXT COLLATE "C" PRIMARY KEY, name_en TEXT COLLATE "C" NOT NULL,
    name_zh TEXT COLLATE "C" NOT NULL);
CREATE TABLE suppliers (
    id TEXT COLLATE "C" PRIMARY KEY, name_en TEXT COLLATE "C" NOT NULL,
    name_zh TEXT COLLATE "C" NOT NULL, currency TEXT COLLATE "C" NOT NULL,
    marketplace_id TEXT COLLATE "C" REFERENCES marketplaces(id),
    inbound_key_hash TEXT COLLATE "C");
CREATE TABLE catalog_items (
    id TEXT COLLATE "C" PRIMARY KEY,
    supplier_id TEXT COLLATE "C" NOT NULL REFERENCES suppliers(id),
    seq BIGINT NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0,
    body TEXT);
CREATE INDEX catalog_feed ON catalog_items (supplier_id, seq);
CREATE INDEX catalog_seq ON catalog_items (seq);
CREATE TABLE users (
    id TEXT COLLATE "C" PRIMARY KEY, username TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name TEXT COLLATE "C" NOT NULL, roles TEXT COLLATE "C" NOT NULL,
    password_hash TEXT COLLATE "C" NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    demo_password BIGINT NOT NULL DEFAULT 0);
CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL DEFAULT 0);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE sync_clients (
    client_id TEXT COLLATE "C" PRIMARY KEY, user_id TEXT COLLATE "C" NOT NULL,
    last_applied BIGINT NOT NULL);
CREATE TABLE sync_outcomes (
    client_id TEXT COLLATE "C" NOT NULL, mutation_id BIGINT NOT NULL,
    status TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C", message TEXT COLLATE "C",
    reason TEXT COLLATE "C",
    PRIMARY KEY (client_id, mutation_id));
CREATE TABLE sync_records (
    key TEXT COLLATE "C" PRIMARY KEY, kind TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0, body TEXT);
CREATE INDEX sync_records_seq ON sync_records (seq);
CREATE INDEX sync_records_kind ON sync_records (kind, deleted);
CREATE TABLE sync_requisition_index (
    id TEXT COLLATE "C" PRIMARY KEY, requester TEXT COLLATE "C" NOT NULL,
    open BIGINT NOT NULL, cost_centre TEXT COLLATE "C" NOT NULL, period TEXT COLLATE "C",
    committed NUMERIC);
CREATE INDEX sync_requisition_open ON sync_requisition_index (requester, open);
CREATE TABLE sync_budget_totals (
    cost_centre TEXT COLLATE "C" NOT NULL, period TEXT COLLATE "C" NOT NULL,
    committed NUMERIC NOT NULL,
    PRIMARY KEY (cost_centre, period));
CREATE TABLE sync_order_lines (
    order_id TEXT COLLATE "C" NOT NULL, requisition_id TEXT COLLATE "C" NOT NULL,
    requisition_line BIGINT NOT NULL);
CREATE INDEX sync_order_lines_order ON sync_order_lines (order_id);
CREATE INDEX sync_order_lines_requisition ON sync_order_lines (requisition_id);
CREATE TABLE sync_delegation_index (
    id TEXT COLLATE "C" PRIMARY KEY, from_user TEXT COLLATE "C" NOT NULL,
    to_user TEXT COLLATE "C" NOT NULL, ends TEXT COLLATE "C" NOT NULL);
CREATE INDEX sync_delegation_from ON sync_delegation_index (from_user, ends);
CREATE INDEX sync_delegation_to ON sync_delegation_index (to_user, ends);
CREATE TABLE supplier_orders (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    supplier_id TEXT COLLATE "C" NOT NULL REFERENCES suppliers(id),
    idempotency_key TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    body_hash TEXT COLLATE "C" NOT NULL,
    body TEXT NOT NULL,
    supplier_order_ref TEXT COLLATE "C" NOT NULL,
    received_at_ms BIGINT NOT NULL,
    times_received BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (supplier_id, idempotency_key));
CREATE INDEX supplier_orders_order ON supplier_orders (supplier_id, order_id);
CREATE TABLE sync_invoice_index (
    id TEXT COLLATE "C" PRIMARY KEY, order_id TEXT COLLATE "C",
    supplier_id TEXT COLLATE "C" NOT NULL);
CREATE INDEX sync_invoice_order ON sync_invoice_index (order_id);
CREATE TABLE invoice_originals (
    invoice_id TEXT COLLATE "C" PRIMARY KEY, content_type TEXT COLLATE "C" NOT NULL,
    received_at_ms BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE sync_return_index (
    id TEXT COLLATE "C" PRIMARY KEY, order_id TEXT COLLATE "C" NOT NULL,
    supplier_id TEXT COLLATE "C" NOT NULL, open BIGINT NOT NULL);
CREATE INDEX sync_return_order ON sync_return_index (order_id);
CREATE INDEX sync_return_supplier ON sync_return_index (supplier_id, open);
CREATE TABLE sync_contract_index (
    id TEXT COLLATE "C" PRIMARY KEY, supplier_id TEXT COLLATE "C" NOT NULL,
    live BIGINT NOT NULL);
CREATE INDEX sync_contract_supplier ON sync_contract_index (supplier_id, live);
CREATE TABLE sync_supplier_records (
    key TEXT COLLATE "C" PRIMARY KEY, supplier_id TEXT COLLATE "C" NOT NULL,
    quarter TEXT COLLATE "C", number TEXT COLLATE "C");
CREATE INDEX sync_supplier_quarter ON sync_supplier_records (supplier_id, quarter);
CREATE INDEX sync_supplier_number ON sync_supplier_records (supplier_id, number);
"#;
