//! The store's schema and its versions: SQLite's `PRAGMA user_version` names the last migration
//! a file has had, and opening a file applies all the ones after it in one transaction that
//! also sets the version, so a file is at the version it had or at this build's, never between:
//! when any step fails, the file is left exactly as it was, and the release that wrote it still
//! opens it (going back to the previous binary is an answer to a failed upgrade). A file of a
//! newer version than this build knows is refused before anything is written to it: an older hub
//! would misread what it does not know, and a downgrade is a backup restored, not a file opened.
//!
//! The list is written by hand, a few dozen lines: it needs no dependency, and the PostgreSQL
//! store has a list of its own (`pg_schema.rs`: another dialect, another way to hold the
//! version); a change to the schema is a migration in both.
//!
//! Files of the releases before versions (user version 0, tables there) are recognised by their
//! `meta` table and completed by the first migration ([`baseline`]); a file at version 0 that
//! holds tables but no `meta` is some other program's and is refused.
//!
//! The hub's indexes (`sync/index.rs`) are not schema but data derived from the records: they
//! carry a version of their own in `meta` and are rebuilt, not migrated, when it changes.

use super::{users, StoreError};
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// One step of the schema: migration `i` of [`MIGRATIONS`] brings a file from version `i` to
/// `i + 1`.
pub(crate) struct Migration {
    /// What it does, for the error when it fails.
    pub name: &'static str,
    pub apply: fn(&Transaction<'_>) -> Result<(), StoreError>,
}

/// The schema's history, oldest first.
///
/// **Append only; never edit a released migration.** A file migrated by a release must be the
/// same as one this build migrates to that version, so a change to the schema is a new
/// migration at the end, never an edit of one that shipped (nor a reorder). Migrations run in
/// one transaction with foreign keys on: one that rebuilds a table (SQLite's 12 steps) needs
/// them turned off around [`migrate`]'s transaction (SQLite ignores the pragma inside one) and a
/// `PRAGMA foreign_key_check` before it commits. A release that adds one also adds a file its
/// predecessor wrote to `tests/fixtures/` (see the README there).
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "baseline: the schema of the releases before versions",
        apply: baseline,
    },
    Migration {
        name: "invoices: the index of invoices by order and the documents as received",
        apply: invoices,
    },
    Migration {
        name: "returns: the index of returns by order and by supplier",
        apply: returns,
    },
    Migration {
        name: "contracts: the index of contracts by supplier",
        apply: contracts,
    },
    Migration {
        name: "supplier history: orders and evaluations by supplier, quarter and order number",
        apply: supplier_history,
    },
    Migration {
        name: "shared by hub processes: change-notice tickets and failed-login counts",
        apply: shared_by_processes,
    },
];

/// Migration 6: what a hub process kept in memory and another process of the same database
/// needs (PostgreSQL serves one database from several processes; SQLite keeps the same tables,
/// so the store's statements are one). `event_tickets`: the one-use tickets for change
/// notices, by the hash of the ticket, so a ticket bought from one process is redeemed at any
/// (`crate::events`). `login_failures`: failed logins by user name (`user:…`) and client
/// address (`addr:…`), so N processes do not give a password guesser N times the tries
/// (`crate::throttle`). Both are bounded by the code that writes them.
fn shared_by_processes(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(SHARED_BY_PROCESSES)?;
    Ok(())
}

/// The tables of migration 6, written so that both dialects take them (PostgreSQL's migration
/// 2 gives the text columns its byte order).
const SHARED_BY_PROCESSES: &str = "
CREATE TABLE event_tickets (ticket_hash TEXT PRIMARY KEY, issued_ms INTEGER NOT NULL);
CREATE INDEX event_tickets_issued ON event_tickets (issued_ms);
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_ms INTEGER NOT NULL,
    blocked_until_ms INTEGER NOT NULL);
CREATE INDEX login_failures_last ON login_failures (last_failure_ms);";

/// Migration 5: `sync_supplier_records` holds, for every live order and evaluation, its
/// supplier, the quarter it gives that supplier's performance standing data in (`YYYY-Qn`;
/// NULL for an order that gives none) and, for an order, its number as a supplier's document
/// quotes it (ASCII upper case). A supplier's standing then reads its last quarters with data
/// by key, and a document naming an order by number finds it by key, instead of filtering
/// every order and evaluation of the organisation (kept by `sync/index.rs` like the other
/// indexes).
fn supplier_history(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE sync_supplier_records (
             key TEXT PRIMARY KEY, supplier_id TEXT NOT NULL, quarter TEXT, number TEXT);
         CREATE INDEX sync_supplier_quarter ON sync_supplier_records (supplier_id, quarter);
         CREATE INDEX sync_supplier_number ON sync_supplier_records (supplier_id, number);",
    )?;
    Ok(())
}

/// Migration 4: contracts (framework agreements). `sync_contract_index` answers "a supplier's
/// contracts not ended" by key, so pricing a requisition's catalog lines reads only the live
/// contracts of the suppliers it names (kept by `sync/index.rs` like the other indexes).
fn contracts(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE sync_contract_index (
             id TEXT PRIMARY KEY, supplier_id TEXT NOT NULL, live INTEGER NOT NULL);
         CREATE INDEX sync_contract_supplier ON sync_contract_index (supplier_id, live);",
    )?;
    Ok(())
}

/// Migration 3: returns of goods to suppliers. `sync_return_index` answers "every return on
/// this order" (what may still go back, what is payable) and "a supplier's open returns" by key
/// (kept by `sync/index.rs` like the other indexes).
fn returns(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE sync_return_index (
             id TEXT PRIMARY KEY, order_id TEXT NOT NULL, supplier_id TEXT NOT NULL,
             open INTEGER NOT NULL);
         CREATE INDEX sync_return_order ON sync_return_index (order_id);
         CREATE INDEX sync_return_supplier ON sync_return_index (supplier_id, open);",
    )?;
    Ok(())
}

/// Migration 2: supplier invoices and credit notes. `sync_invoice_index` answers "every
/// document on this order" by key (kept by `sync/index.rs` like the other indexes);
/// `invoice_originals` keeps each document exactly as it arrived, for audit.
fn invoices(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TABLE sync_invoice_index (
             id TEXT PRIMARY KEY, order_id TEXT, supplier_id TEXT NOT NULL);
         CREATE INDEX sync_invoice_order ON sync_invoice_index (order_id);
         CREATE TABLE invoice_originals (
             invoice_id TEXT PRIMARY KEY, content_type TEXT NOT NULL,
             received_at_ms INTEGER NOT NULL, body TEXT NOT NULL);",
    )?;
    Ok(())
}

/// The schema version this build writes: the number of [`MIGRATIONS`].
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the file up to the last of `migrations` in one transaction, or refuses it (newer than
/// that, or not a hub database) having written nothing. A migration that fails undoes the ones
/// before it in the same run too: the file keeps the version and the content it had.
pub(crate) fn migrate(conn: &mut Connection, migrations: &[Migration]) -> Result<(), StoreError> {
    let known = migrations.len() as i64;
    // Checked before the write lock is asked for: a file at this build's version, or a newer
    // one, is not written to at all.
    let found = user_version(conn)?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    if found == known && found > 0 {
        return Ok(());
    }
    // The write lock first: another process opening the file (the admin command line while the
    // hub runs) migrates it once, not twice, and the version is read again under the lock.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = user_version(&tx)?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    // SQLite lets a program set any 32-bit version; this store never sets a negative one.
    let foreign = found == 0 && holds_tables(&tx)? && !holds_table(&tx, "meta")?;
    if found < 0 || foreign {
        return Err(StoreError::NotAHubDatabase);
    }
    if found == known {
        return Ok(());
    }
    for (i, migration) in migrations.iter().enumerate().skip(found as usize) {
        (migration.apply)(&tx).map_err(|e| StoreError::Migration {
            from: found,
            version: i as i64 + 1,
            name: migration.name,
            source: Box::new(e),
        })?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn holds_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )
}

fn holds_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )
}

/// The tables and indexes of version 1 as the last release before versions wrote them, with
/// the columns of their first form: [`baseline`] adds the later ones.
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suppliers (
    id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL, currency TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS catalog_items (
    id TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers(id),
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT);
CREATE INDEX IF NOT EXISTS catalog_feed ON catalog_items (supplier_id, seq);
CREATE INDEX IF NOT EXISTS catalog_seq ON catalog_items (seq);
CREATE TABLE IF NOT EXISTS marketplaces (
    id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
    roles TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sync_clients (
    client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_applied INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sync_outcomes (
    client_id TEXT NOT NULL, mutation_id INTEGER NOT NULL,
    status TEXT NOT NULL, code TEXT, message TEXT, reason TEXT,
    PRIMARY KEY (client_id, mutation_id));
CREATE TABLE IF NOT EXISTS sync_records (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, body TEXT);
CREATE INDEX IF NOT EXISTS sync_records_seq ON sync_records (seq);
CREATE INDEX IF NOT EXISTS sync_records_kind ON sync_records (kind, deleted);
CREATE TABLE IF NOT EXISTS sync_requisition_index (
    id TEXT PRIMARY KEY, requester TEXT NOT NULL, open INTEGER NOT NULL,
    cost_centre TEXT NOT NULL, period TEXT, committed TEXT);
CREATE INDEX IF NOT EXISTS sync_requisition_open ON sync_requisition_index (requester, open);
CREATE TABLE IF NOT EXISTS sync_budget_totals (
    cost_centre TEXT NOT NULL, period TEXT NOT NULL, committed TEXT NOT NULL,
    PRIMARY KEY (cost_centre, period));
CREATE TABLE IF NOT EXISTS sync_order_lines (
    order_id TEXT NOT NULL, requisition_id TEXT NOT NULL, requisition_line INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sync_order_lines_order ON sync_order_lines (order_id);
CREATE INDEX IF NOT EXISTS sync_order_lines_requisition
    ON sync_order_lines (requisition_id);
CREATE TABLE IF NOT EXISTS sync_delegation_index (
    id TEXT PRIMARY KEY, from_user TEXT NOT NULL, to_user TEXT NOT NULL, ends TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sync_delegation_from ON sync_delegation_index (from_user, ends);
CREATE INDEX IF NOT EXISTS sync_delegation_to ON sync_delegation_index (to_user, ends);
CREATE TABLE IF NOT EXISTS supplier_orders (
    supplier_id TEXT NOT NULL REFERENCES suppliers(id),
    idempotency_key TEXT NOT NULL,
    order_id TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    supplier_order_ref TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL,
    times_received INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (supplier_id, idempotency_key));
CREATE INDEX IF NOT EXISTS supplier_orders_order ON supplier_orders (supplier_id, order_id);
";

/// Migration 1, what every open did in the releases before versions, verbatim: [`SCHEMA_V1`]'s
/// tables and indexes where missing (`IF NOT EXISTS`), then the columns added to those tables
/// since, where missing, with the data they imply ([`users::migrate`]: users and suppliers of a
/// file without user flags are the demo's). From an empty file it makes exactly what those
/// releases made, down to the `CREATE` text SQLite keeps (the later columns come by `ALTER
/// TABLE` there too); a file of one of them it completes as their next open would have. This
/// is the only place the store looks at a table's columns.
fn baseline(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(SCHEMA_V1)?;
    let has_column = |table: &str, column: &str| -> rusqlite::Result<bool> {
        let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
        let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
        for name in names {
            if name? == column {
                return Ok(true);
            }
        }
        Ok(false)
    };
    // Sellers of a marketplace; NULL for a supplier that publishes its own feed.
    if !has_column("suppliers", "marketplace_id")? {
        tx.execute_batch(
            "ALTER TABLE suppliers ADD COLUMN marketplace_id TEXT REFERENCES marketplaces(id)",
        )?;
    }
    // The hash of the key a supplier's system sends its documents with (`X-Supplier-Key`);
    // NULL: it sends none.
    if !has_column("suppliers", "inbound_key_hash")? {
        tx.execute_batch("ALTER TABLE suppliers ADD COLUMN inbound_key_hash TEXT")?;
    }
    // A refusal's typed reason (JSON); NULL for outcomes stored before reasons were typed.
    if !has_column("sync_outcomes", "reason")? {
        tx.execute_batch("ALTER TABLE sync_outcomes ADD COLUMN reason TEXT")?;
    }
    users::migrate(tx, &has_column)
}

#[cfg(test)]
mod tests;
