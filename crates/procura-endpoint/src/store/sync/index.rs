//! What the rules ask of the organisation, kept answerable by key so that a push reads only
//! what its mutations need, never every record the organisation ever wrote.
//!
//! Every write of a requisition, an order or a delegation (`put` and `remove` in the parent
//! module) updates these tables in the same transaction, by the core's own rules:
//!
//! - `sync_requisition_index`: a requisition's requester, whether it is open (pending or
//!   returned: [`Status::is_final`]), and what it commits against its cost centre's budget
//!   ([`approval::commitment`]); `sync_budget_totals` keeps the sum per cost centre and period,
//!   changed by the difference on each write, so "committed in CC-300 in 2026-Q4" is one row.
//! - `sync_order_lines`: the requisition lines each order takes ([`order::lines_taken`]; none
//!   once it is closed), by requisition.
//! - `sync_delegation_index`: who a delegation is from and to, and its last day.
//!
//! A database made before these tables existed is indexed once when it is opened ([`ensure`]).

use super::{corrupt_record, StoreError};
use procura_core::api::sync::{Record, RecordKey, RecordKind};
use procura_core::approval::{self, Delegation, Requisition};
use procura_core::order;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Bumped when the tables' meaning changes: a database indexed under another version is
/// indexed again when opened.
const VERSION: &str = "1";

/// Indexes every live record of a database whose index is missing or of another version.
pub(in crate::store) fn ensure(conn: &mut Connection) -> Result<(), StoreError> {
    if crate::store::meta(conn, "sync_index")?.as_deref() == Some(VERSION) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    clear(&tx)?;
    let bodies: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT body FROM sync_records
             WHERE kind IN ('requisition', 'order', 'delegation') AND deleted = 0",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for body in bodies {
        let record: Record = serde_json::from_str(&body)?;
        self::record(&tx, &record.key(), Some(&record))?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('sync_index', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1",
        [VERSION],
    )?;
    tx.commit()?;
    Ok(())
}

/// Empties every index (a hub reset forgets the records too).
pub(super) fn clear(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM sync_requisition_index; DELETE FROM sync_budget_totals;
         DELETE FROM sync_order_lines; DELETE FROM sync_delegation_index;",
    )?;
    Ok(())
}

/// Brings the indexes in step with the record under `key` becoming `record` (`None`: removed).
pub(super) fn record(
    conn: &Connection,
    key: &RecordKey,
    record: Option<&Record>,
) -> Result<(), StoreError> {
    match key.kind {
        RecordKind::Requisition => {
            let requisition = match record {
                None => None,
                Some(Record::Requisition(r)) => Some(r),
                Some(_) => return Err(corrupt_record(&key.storage_key())),
            };
            requisition_written(conn, &key.id, requisition)
        }
        RecordKind::Order => {
            conn.prepare_cached("DELETE FROM sync_order_lines WHERE order_id = ?1")?
                .execute([&key.id])?;
            match record {
                None => Ok(()),
                Some(Record::Order(o)) => {
                    let mut insert = conn.prepare_cached(
                        "INSERT INTO sync_order_lines (order_id, requisition_id, requisition_line)
                         VALUES (?1, ?2, ?3)",
                    )?;
                    for (requisition, line) in order::lines_taken(o) {
                        insert.execute(params![key.id, requisition, line])?;
                    }
                    Ok(())
                }
                Some(_) => Err(corrupt_record(&key.storage_key())),
            }
        }
        RecordKind::Delegation => match record {
            None => {
                conn.prepare_cached("DELETE FROM sync_delegation_index WHERE id = ?1")?
                    .execute([&key.id])?;
                Ok(())
            }
            Some(Record::Delegation(d)) => {
                conn.prepare_cached(
                    "INSERT INTO sync_delegation_index (id, from_user, to_user, ends)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (id) DO UPDATE SET from_user = ?2, to_user = ?3, ends = ?4",
                )?
                .execute(params![key.id, d.from, d.to, d.ends])?;
                Ok(())
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
        RecordKind::Evaluation | RecordKind::Policy => Ok(()),
    }
}

fn requisition_written(
    conn: &Connection,
    id: &str,
    r: Option<&Requisition>,
) -> Result<(), StoreError> {
    let old: Option<(String, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT cost_centre, period, committed FROM sync_requisition_index WHERE id = ?1",
        )?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    if let Some((cost_centre, Some(period), Some(net))) = old {
        add_to_total(conn, &cost_centre, &period, -decimal(&net)?)?;
    }
    let Some(r) = r else {
        conn.prepare_cached("DELETE FROM sync_requisition_index WHERE id = ?1")?
            .execute([id])?;
        return Ok(());
    };
    let commitment = approval::commitment(r);
    if let Some((period, net)) = &commitment {
        add_to_total(conn, &r.cost_centre, period, *net)?;
    }
    let (period, net) = commitment.map_or((None, None), |(p, n)| (Some(p), Some(n.to_string())));
    conn.prepare_cached(
        "INSERT INTO sync_requisition_index (id, requester, open, cost_centre, period, committed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET
             requester = ?2, open = ?3, cost_centre = ?4, period = ?5, committed = ?6",
    )?
    .execute(params![
        id,
        r.requester,
        !r.status.is_final(),
        r.cost_centre,
        period,
        net
    ])?;
    Ok(())
}

fn add_to_total(
    conn: &Connection,
    cost_centre: &str,
    period: &str,
    delta: Decimal,
) -> Result<(), StoreError> {
    let total = total(conn, cost_centre, period)? + delta;
    conn.prepare_cached(
        "INSERT INTO sync_budget_totals (cost_centre, period, committed) VALUES (?1, ?2, ?3)
         ON CONFLICT (cost_centre, period) DO UPDATE SET committed = ?3",
    )?
    .execute(params![cost_centre, period, total.to_string()])?;
    Ok(())
}

fn total(conn: &Connection, cost_centre: &str, period: &str) -> Result<Decimal, StoreError> {
    let held: Option<String> = conn
        .prepare_cached(
            "SELECT committed FROM sync_budget_totals WHERE cost_centre = ?1 AND period = ?2",
        )?
        .query_row([cost_centre, period], |r| r.get(0))
        .optional()?;
    held.map_or(Ok(Decimal::ZERO), |t| decimal(&t))
}

fn decimal(text: &str) -> Result<Decimal, StoreError> {
    Decimal::from_str(text)
        .map_err(|_| StoreError::Corrupt(format!("a budget index holds {text:?}, not an amount")))
}

/// Net committed in `cost_centre` and `period`, except requisition `excluding`: the core's
/// [`approval::committed_in`], from two rows.
pub(super) fn committed(
    conn: &Connection,
    cost_centre: &str,
    period: &str,
    excluding: &str,
) -> Result<Decimal, StoreError> {
    let own: Option<String> = conn
        .prepare_cached(
            "SELECT committed FROM sync_requisition_index
             WHERE id = ?1 AND cost_centre = ?2 AND period = ?3 AND committed IS NOT NULL",
        )?
        .query_row([excluding, cost_centre, period], |r| r.get(0))
        .optional()?;
    let own = own.map_or(Ok(Decimal::ZERO), |n| decimal(&n))?;
    Ok(total(conn, cost_centre, period)? - own)
}

/// The lines (indices) of requisition `id` some open order takes.
pub(super) fn ordered_lines(conn: &Connection, id: &str) -> Result<Vec<u32>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT requisition_line FROM sync_order_lines WHERE requisition_id = ?1",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many requisitions `requester` has open (pending or returned).
pub(super) fn open_requisitions(conn: &Connection, requester: &str) -> Result<usize, StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM sync_requisition_index WHERE requester = ?1 AND open = 1",
        )?
        .query_row([requester], |r| r.get(0))?;
    Ok(n as usize)
}

/// The live delegations to `to` whose last day is `today` (`YYYY-MM-DD`) or later.
pub(super) fn delegations_to(
    conn: &Connection,
    to: &str,
    today: &str,
) -> Result<Vec<Delegation>, StoreError> {
    delegations(
        conn,
        "SELECT r.body FROM sync_delegation_index d
         JOIN sync_records r ON r.key = 'delegation/' || d.id AND r.deleted = 0
         WHERE d.to_user = ?1 AND d.ends >= ?2",
        to,
        today,
    )
}

/// The live delegations from `from` whose last day is `today` or later.
pub(super) fn delegations_from(
    conn: &Connection,
    from: &str,
    today: &str,
) -> Result<Vec<Delegation>, StoreError> {
    delegations(
        conn,
        "SELECT r.body FROM sync_delegation_index d
         JOIN sync_records r ON r.key = 'delegation/' || d.id AND r.deleted = 0
         WHERE d.from_user = ?1 AND d.ends >= ?2",
        from,
        today,
    )
}

fn delegations(
    conn: &Connection,
    sql: &str,
    who: &str,
    today: &str,
) -> Result<Vec<Delegation>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let bodies = stmt.query_map([who, today], |r| r.get::<_, String>(0))?;
    let mut found = Vec::new();
    for body in bodies {
        match serde_json::from_str(&body?)? {
            Record::Delegation(d) => found.push(d),
            other => return Err(corrupt_record(&other.key().storage_key())),
        }
    }
    Ok(found)
}
