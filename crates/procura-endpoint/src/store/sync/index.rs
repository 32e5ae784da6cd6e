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
//! - `sync_invoice_index`: the order and supplier of each invoice and credit note.
//! - `sync_return_index`: the order and supplier of each return, and whether it is open.
//! - `sync_supplier_records`: the supplier of each order and evaluation, the quarter it gives
//!   that supplier's performance standing data in (none for an order the standing does not
//!   read: [`order::performance::facts`]), and an order's number as documents quote it.
//!
//! A database made before these tables existed is indexed once when it is opened ([`ensure`]).

use super::{corrupt_record, StoreError};
use crate::store::db::{params, Db, OptionalExtension};
use procura_ground::date::{day_of_ms, Quarter};
use procura_orders::order;
use procura_procurement::approval::{self, Delegation, Requisition};
use procura_sync::api::sync::{Record, RecordKey, RecordKind};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Bumped when the tables' meaning changes: a database indexed under another version is
/// indexed again when opened.
const VERSION: &str = "5";

/// Indexes every live record of a database whose index is missing or of another version.
pub(in crate::store) fn ensure(conn: &Db<'_>) -> Result<(), StoreError> {
    if crate::store::meta(conn, "sync_index")?.as_deref() == Some(VERSION) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    clear(&tx)?;
    let bodies: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT body FROM sync_records
             WHERE kind IN ('requisition', 'order', 'delegation', 'invoice', 'return', 'contract',
                            'evaluation')
               AND deleted = 0",
        )?;
        let rows = stmt.query_map((), |r| r.get(0))?;
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
pub(super) fn clear(conn: &Db<'_>) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM sync_requisition_index; DELETE FROM sync_budget_totals;
         DELETE FROM sync_order_lines; DELETE FROM sync_delegation_index;
         DELETE FROM sync_invoice_index; DELETE FROM sync_return_index;
         DELETE FROM sync_contract_index; DELETE FROM sync_supplier_records;",
    )?;
    Ok(())
}

/// Brings the indexes in step with the record under `key` becoming `record` (`None`: removed).
pub(super) fn record(
    conn: &Db<'_>,
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
                None => supplier_record(conn, key, None),
                Some(Record::Order(o)) => {
                    let mut insert = conn.prepare_cached(
                        "INSERT INTO sync_order_lines (order_id, requisition_id, requisition_line)
                         VALUES (?1, ?2, ?3)",
                    )?;
                    for (requisition, line) in order::lines_taken(o) {
                        insert.execute(params![key.id, requisition, line])?;
                    }
                    let number = o.number.to_ascii_uppercase();
                    let row = (o.supplier_id.as_str(), standing_quarter(o), Some(number));
                    supplier_record(conn, key, Some(row))
                }
                Some(_) => Err(corrupt_record(&key.storage_key())),
            }
        }
        RecordKind::Evaluation => match record {
            None => supplier_record(conn, key, None),
            Some(Record::Evaluation(e)) => {
                let row = (e.supplier_id.as_str(), Some(e.period.to_string()), None);
                supplier_record(conn, key, Some(row))
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
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
                .execute(params![
                    key.id,
                    d.from.as_str(),
                    d.to.as_str(),
                    d.ends.text()
                ])?;
                Ok(())
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
        RecordKind::Invoice => match record {
            None => {
                conn.prepare_cached("DELETE FROM sync_invoice_index WHERE id = ?1")?
                    .execute([&key.id])?;
                Ok(())
            }
            Some(Record::Invoice(i)) => {
                conn.prepare_cached(
                    "INSERT INTO sync_invoice_index (id, order_id, supplier_id) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET order_id = ?2, supplier_id = ?3",
                )?
                .execute(params![
                    key.id,
                    i.order_id.as_ref().map(|o| o.as_str()),
                    i.supplier_id.as_str()
                ])?;
                Ok(())
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
        RecordKind::Return => match record {
            None => {
                conn.prepare_cached("DELETE FROM sync_return_index WHERE id = ?1")?
                    .execute([&key.id])?;
                Ok(())
            }
            Some(Record::Return(r)) => {
                conn.prepare_cached(
                    "INSERT INTO sync_return_index (id, order_id, supplier_id, open)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (id) DO UPDATE SET order_id = ?2, supplier_id = ?3, open = ?4",
                )?
                .execute(params![
                    key.id,
                    r.order_id.as_str(),
                    r.supplier_id.as_str(),
                    !r.status.is_final()
                ])?;
                Ok(())
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
        RecordKind::Contract => match record {
            None => {
                conn.prepare_cached("DELETE FROM sync_contract_index WHERE id = ?1")?
                    .execute([&key.id])?;
                Ok(())
            }
            Some(Record::Contract(c)) => {
                conn.prepare_cached(
                    "INSERT INTO sync_contract_index (id, supplier_id, live) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET supplier_id = ?2, live = ?3",
                )?
                .execute(params![
                    key.id,
                    c.terms.supplier_id.as_str(),
                    c.ended.is_none()
                ])?;
                Ok(())
            }
            Some(_) => Err(corrupt_record(&key.storage_key())),
        },
        RecordKind::Policy
        | RecordKind::Assessment
        | RecordKind::Selection
        | RecordKind::Stock
        | RecordKind::GoodsIssue => Ok(()),
    }
}

/// The quarter order `o` gives its supplier's standing data in: the quarter it was made, if the
/// standing reads any line of it (the core's [`order::performance::facts`]: sent, not closed,
/// something to deliver). The catalog's lead times change a fact's due day, never whether
/// there is one.
fn standing_quarter(o: &order::PurchaseOrder) -> Option<String> {
    let facts = order::performance::facts(std::slice::from_ref(o), |_| None);
    facts
        .first()
        .map(|f| Quarter::of(day_of_ms(f.ordered_at_ms)).to_string())
}

/// Brings `sync_supplier_records` in step with the record under `key`: `row` is its supplier,
/// standing quarter and order number (`None`: the record is gone).
fn supplier_record(
    conn: &Db<'_>,
    key: &RecordKey,
    row: Option<(&str, Option<String>, Option<String>)>,
) -> Result<(), StoreError> {
    let storage_key = key.storage_key();
    match row {
        None => {
            conn.prepare_cached("DELETE FROM sync_supplier_records WHERE key = ?1")?
                .execute([storage_key])?;
        }
        Some((supplier, quarter, number)) => {
            conn.prepare_cached(
                "INSERT INTO sync_supplier_records (key, supplier_id, quarter, number)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET supplier_id = ?2, quarter = ?3, number = ?4",
            )?
            .execute(params![storage_key, supplier, quarter, number])?;
        }
    }
    Ok(())
}

fn requisition_written(conn: &Db<'_>, id: &str, r: Option<&Requisition>) -> Result<(), StoreError> {
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
    // The period as the text it always was (`YYYY-Qn`).
    let commitment = approval::commitment(r).map(|(p, n)| (p.to_string(), n));
    if let Some((period, net)) = &commitment {
        add_to_total(conn, r.cost_centre.as_str(), period, *net)?;
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
        r.requester.as_str(),
        !r.status.is_final(),
        r.cost_centre.as_str(),
        period,
        net
    ])?;
    Ok(())
}

fn add_to_total(
    conn: &Db<'_>,
    cost_centre: &str,
    period: &str,
    delta: Decimal,
) -> Result<(), StoreError> {
    let total = total(conn, cost_centre, period)?.saturating_add(delta);
    conn.prepare_cached(
        "INSERT INTO sync_budget_totals (cost_centre, period, committed) VALUES (?1, ?2, ?3)
         ON CONFLICT (cost_centre, period) DO UPDATE SET committed = ?3",
    )?
    .execute(params![cost_centre, period, total.to_string()])?;
    Ok(())
}

fn total(conn: &Db<'_>, cost_centre: &str, period: &str) -> Result<Decimal, StoreError> {
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
    conn: &Db<'_>,
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
    Ok(total(conn, cost_centre, period)?.saturating_sub(own))
}

/// The lines (indices) of requisition `id` some open order takes.
pub(super) fn ordered_lines(conn: &Db<'_>, id: &str) -> Result<Vec<u32>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT requisition_line FROM sync_order_lines WHERE requisition_id = ?1",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many requisitions `requester` has open (pending or returned).
pub(super) fn open_requisitions(conn: &Db<'_>, requester: &str) -> Result<usize, StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM sync_requisition_index WHERE requester = ?1 AND open = 1",
        )?
        .query_row([requester], |r| r.get(0))?;
    Ok(n as usize)
}

/// The live delegations to `to` whose last day is `today` (`YYYY-MM-DD`) or later.
pub(super) fn delegations_to(
    conn: &Db<'_>,
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
    conn: &Db<'_>,
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
    conn: &Db<'_>,
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

/// Every invoice and credit note on an order.
pub(super) fn invoices_on_order(
    conn: &Db<'_>,
    order_id: &str,
) -> Result<Vec<procura_invoicing::invoice::Invoice>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.key, r.body FROM sync_invoice_index i
         JOIN sync_records r ON r.key = 'invoice/' || i.id AND r.deleted = 0
         WHERE i.order_id = ?1 ORDER BY r.seq",
    )?;
    let mut rows = stmt.query([order_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
        match serde_json::from_str(&body)? {
            Record::Invoice(i) => out.push(i),
            _ => return Err(corrupt_record(&key)),
        }
    }
    Ok(out)
}

/// Every return on an order, oldest first.
pub(super) fn returns_on_order(
    conn: &Db<'_>,
    order_id: &str,
) -> Result<Vec<procura_invoicing::returns::Return>, StoreError> {
    returns(
        conn,
        "SELECT r.key, r.body FROM sync_return_index x
         JOIN sync_records r ON r.key = 'return/' || x.id AND r.deleted = 0
         WHERE x.order_id = ?1 ORDER BY r.seq",
        order_id,
    )
}

/// A supplier's contracts not ended (the rules pick those in force), oldest first.
pub(super) fn contracts_of(
    conn: &Db<'_>,
    supplier_id: &str,
) -> Result<Vec<procura_invoicing::contracts::Contract>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.key, r.body FROM sync_contract_index x
         JOIN sync_records r ON r.key = 'contract/' || x.id AND r.deleted = 0
         WHERE x.supplier_id = ?1 AND x.live = 1 ORDER BY r.seq",
    )?;
    let mut rows = stmt.query([supplier_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
        match serde_json::from_str(&body)? {
            Record::Contract(c) => out.push(c),
            _ => return Err(corrupt_record(&key)),
        }
    }
    Ok(out)
}

/// A supplier's open returns (not replaced, credited, refused or cancelled), oldest first.
pub(super) fn open_returns_of(
    conn: &Db<'_>,
    supplier_id: &str,
) -> Result<Vec<procura_invoicing::returns::Return>, StoreError> {
    returns(
        conn,
        "SELECT r.key, r.body FROM sync_return_index x
         JOIN sync_records r ON r.key = 'return/' || x.id AND r.deleted = 0
         WHERE x.supplier_id = ?1 AND x.open = 1 ORDER BY r.seq",
        supplier_id,
    )
}

/// What `supplier`'s current standing is computed from
/// ([`procura_suppliers::performance::current_standing`]): its live orders and evaluations in
/// the last `window` quarters with data up to quarter `now` (`YYYY-Qn`), oldest first. Those
/// quarters are the standing's whole window, so it comes out as from every record the supplier
/// ever had; two indexed reads, however long that history.
pub(super) fn standing_records(
    conn: &Db<'_>,
    supplier: &str,
    now: &str,
    window: usize,
) -> Result<Vec<Record>, StoreError> {
    // The quarter text (`YYYY-Qn`) sorts as the quarters do.
    let oldest: Option<String> = conn
        .prepare_cached(
            "SELECT min(quarter) FROM (
                 SELECT DISTINCT quarter FROM sync_supplier_records
                 WHERE supplier_id = ?1 AND quarter <= ?2
                 ORDER BY quarter DESC LIMIT ?3) AS recent",
        )?
        .query_row(params![supplier, now, window as i64], |r| r.get(0))?;
    let Some(oldest) = oldest else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT r.key, r.body FROM sync_supplier_records s
         JOIN sync_records r ON r.key = s.key AND r.deleted = 0
         WHERE s.supplier_id = ?1 AND s.quarter >= ?2 AND s.quarter <= ?3
         ORDER BY r.seq",
    )?;
    let mut rows = stmt.query(params![supplier, oldest, now])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
        match serde_json::from_str(&body)? {
            record @ (Record::Order(_) | Record::Evaluation(_)) => out.push(record),
            _ => return Err(corrupt_record(&key)),
        }
    }
    Ok(out)
}

/// `supplier`'s live orders whose number is `number` (compared as SQLite's `upper` and Rust's
/// `eq_ignore_ascii_case` do: ASCII letters in either case), oldest first.
pub(super) fn orders_numbered(
    conn: &Db<'_>,
    supplier: &str,
    number: &str,
) -> Result<Vec<order::PurchaseOrder>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.key, r.body FROM sync_supplier_records s
         JOIN sync_records r ON r.key = s.key AND r.deleted = 0
         WHERE s.supplier_id = ?1 AND s.number = ?2
         ORDER BY r.seq",
    )?;
    let mut rows = stmt.query(params![supplier, number.trim().to_ascii_uppercase()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
        match serde_json::from_str(&body)? {
            Record::Order(o) => out.push(o),
            _ => return Err(corrupt_record(&key)),
        }
    }
    Ok(out)
}

fn returns(
    conn: &Db<'_>,
    sql: &str,
    by: &str,
) -> Result<Vec<procura_invoicing::returns::Return>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([by])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
        match serde_json::from_str(&body)? {
            Record::Return(r) => out.push(r),
            _ => return Err(corrupt_record(&key)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, Terms};
    use procura_procurement::approval::time::parse_day;
    use procura_procurement::approval::{Actor, Org, RequisitionDraft, RequisitionLine, Status};
    use procura_suppliers::performance::{self, SupplierScore};
    use procura_suppliers::scorecard::{Evaluation, Scores};
    use std::collections::BTreeMap;

    const NOW: i64 = 1_795_000_000_000;

    /// A small deterministic generator (no dependency for one test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    fn requisition(id: &str, rng: &mut Lcg) -> Requisition {
        let policy = procura_demo::demo::policy();
        let nothing = |_: procura_procurement::approval::Committed<'_>| Decimal::ZERO;
        let org = Org {
            policy: &policy,
            delegations: &[],
            committed: &nothing,
        };
        let line = RequisitionLine {
            item_id: None,
            description: "Boxes".into(),
            supplier_id: "officeplus".into(),
            supplier_name: String::new(),
            unspsc: String::new(),
            quantity: Decimal::from(1 + rng.below(20)),
            unit: "C62".into(),
            unit_price: Decimal::new(100 + rng.below(10_000) as i64, 2),
            currency: policy.currency.clone(),
            tax_percent: None,
            note: String::new(),
            contract: None,
        };
        let cc = &policy.cost_centres[rng.below(policy.cost_centres.len() as u64) as usize];
        let draft = RequisitionDraft {
            id: id.into(),
            base_revision: 0,
            title: "t".into(),
            cost_centre: cc.code.clone(),
            account: policy.accounts[0].code.clone(),
            need_by: Some(day_of_ms(NOW + rng.below(300) as i64 * 86_400_000)),
            delivery_address: "Dock".into(),
            justification: "j".into(),
            lines: vec![line; 1 + rng.below(3) as usize],
        };
        let buyer = Actor {
            id: policy.people[rng.below(3) as usize].id.clone(),
            name: "B".into(),
            roles: vec![procura_sync::api::Role::Buyer],
        };
        let mut r = approval::submit(&draft, None, &buyer, &org, NOW).expect("a valid draft");
        r.status = [
            Status::Pending,
            Status::Returned,
            Status::Approved,
            Status::Rejected,
            Status::Withdrawn,
        ][rng.below(5) as usize];
        r
    }

    fn order(id: &str, requisitions: &[String], rng: &mut Lcg) -> PurchaseOrder {
        let lines = (0..1 + rng.below(3))
            .map(|n| OrderLine {
                line_no: n as u32 + 1,
                requisition_id: requisitions[rng.below(requisitions.len() as u64) as usize]
                    .as_str()
                    .into(),
                requisition_line: rng.below(3) as u32,
                item_id: None,
                supplier_part: String::new(),
                gtin: None,
                description: "Boxes".into(),
                quantity: Decimal::ONE,
                unit: "C62".into(),
                unit_price: Decimal::ONE,
                tax_percent: Decimal::ZERO,
                need_by: parse_day("2026-12-01").expect("a day"),
                unspsc: String::new(),
                contract: None,
            })
            .collect();
        let mut events = Vec::new();
        if rng.below(4) == 0 {
            events.push(OrderEvent::Cancelled { at_ms: NOW });
        }
        PurchaseOrder {
            id: id.into(),
            number: String::new(),
            buyer: Default::default(),
            buyer_name: String::new(),
            supplier_id: "officeplus".into(),
            supplier_name: String::new(),
            currency: "CNY".into(),
            ship_to: String::new(),
            requisitions: Vec::new(),
            lines,
            terms: Terms::default(),
            created_at_ms: NOW,
            events,
        }
    }

    /// Every indexed answer equals the core's rule over all records.
    fn agrees(conn: &Db<'_>, records: &BTreeMap<RecordKey, Record>) {
        let policy = procura_demo::demo::policy();
        let reqs: Vec<&Requisition> = records
            .values()
            .filter_map(Record::as_requisition)
            .collect();
        let mut periods: Vec<Quarter> = reqs.iter().map(|r| r.period()).collect();
        periods.sort();
        periods.dedup();
        for cc in &policy.cost_centres {
            for period in &periods {
                for excluding in reqs.iter().map(|r| r.id.as_str()).chain(["none"]) {
                    assert_eq!(
                        committed(conn, cc.code.as_str(), &period.to_string(), excluding).unwrap(),
                        approval::committed_in(
                            reqs.iter().copied(),
                            cc.code.as_str(),
                            *period,
                            excluding
                        ),
                        "{} {period} without {excluding}",
                        cc.code
                    );
                }
            }
        }
        for r in &reqs {
            let mut indexed = ordered_lines(conn, r.id.as_str()).unwrap();
            let mut scanned =
                order::ordered_lines(records.values().filter_map(Record::as_order), r.id.as_str());
            indexed.sort();
            scanned.sort();
            assert_eq!(indexed, scanned, "lines ordered of {}", r.id);
        }
        for who in policy.people.iter().map(|p| p.id.as_str()) {
            let open = reqs
                .iter()
                .filter(|r| r.requester == who && !r.status.is_final())
                .count();
            assert_eq!(open_requisitions(conn, who).unwrap(), open, "{who}");
        }
    }

    /// An order of `supplier` made at `created_ms`, sent (so its supplier's standing reads it)
    /// unless `sent` is false; some cancelled (closed: it reads none).
    fn order_of(
        id: &str,
        supplier: &str,
        created_ms: i64,
        sent: bool,
        rng: &mut Lcg,
    ) -> PurchaseOrder {
        let mut o = order(id, &["r0".to_owned()], rng);
        o.supplier_id = supplier.into();
        o.number = format!("PO-{id}");
        o.created_at_ms = created_ms;
        o.events.clear();
        if sent {
            o.events.push(OrderEvent::Sent { at_ms: created_ms });
        }
        if rng.below(5) == 0 {
            o.events.push(OrderEvent::Cancelled { at_ms: created_ms });
        }
        o
    }

    fn evaluation_of(id: &str, supplier: &str, period: Quarter, rng: &mut Lcg) -> Evaluation {
        let mut score = || 1 + rng.below(5) as u8;
        Evaluation {
            id: id.into(),
            supplier_id: supplier.into(),
            period,
            scores: Scores {
                quality: score(),
                delivery: score(),
                price: score(),
                service: score(),
            },
            comment: String::new(),
            evaluator_id: "u-buyer".into(),
            evaluator_name: "B".into(),
            updated_at_ms: NOW,
        }
    }

    /// A supplier's standing from the indexed window and from every record the hub holds.
    fn standings(
        conn: &Db<'_>,
        records: &BTreeMap<RecordKey, Record>,
        supplier: &str,
        as_of: procura_ground::date::Date,
    ) -> (SupplierScore, SupplierScore) {
        let policy = procura_demo::demo::policy().supplier_standing;
        let id = supplier.into();
        let score = |records: Vec<&Record>| {
            let orders: Vec<PurchaseOrder> = records
                .iter()
                .filter_map(|r| r.as_order().cloned())
                .collect();
            let evaluations: Vec<Evaluation> = records
                .iter()
                .filter_map(|r| match r {
                    Record::Evaluation(e) => Some(e.clone()),
                    _ => None,
                })
                .collect();
            let facts = order::performance::facts(&orders, |_| Some(5));
            performance::current_standing(&facts, &evaluations, &id, as_of, &policy)
        };
        let now = Quarter::of(as_of).to_string();
        let window = performance::STANDING_WINDOW_QUARTERS;
        let indexed = standing_records(conn, supplier, &now, window).unwrap();
        let mut every: Vec<(i64, &Record)> = Vec::new();
        for (key, record) in records {
            let seq: i64 = conn
                .query_row(
                    "SELECT seq FROM sync_records WHERE key = ?1",
                    [key.storage_key()],
                    |r| r.get(0),
                )
                .unwrap();
            every.push((seq, record));
        }
        every.sort_by_key(|(seq, _)| *seq);
        (
            score(indexed.iter().collect()),
            score(every.into_iter().map(|(_, r)| r).collect()),
        )
    }

    #[test]
    fn a_supplier_s_standing_from_its_indexed_window_is_its_standing_from_every_record() {
        standing_from_the_window_is_standing_from_every_record(Store::open_in_memory().unwrap());
    }

    #[test]
    fn a_supplier_s_standing_from_its_indexed_window_is_its_standing_from_every_record_on_postgres()
    {
        if let Some(store) = crate::store::test_postgres_store() {
            standing_from_the_window_is_standing_from_every_record(store);
        }
    }

    fn standing_from_the_window_is_standing_from_every_record(store: Store) {
        let conn = &store.db();
        let mut rng = Lcg(11);
        let suppliers = ["officeplus", "labcore", "techsource"];
        let mut records: BTreeMap<RecordKey, Record> = BTreeMap::new();
        // Six years of quarters, some of them without data for a supplier.
        let start = 1_640_995_200_000_i64; // 2022-01-01
        let quarter_ms = 91 * 86_400_000_i64;
        for step in 0..600 {
            let supplier = suppliers[rng.below(3) as usize];
            let at = start + rng.below(24) as i64 * quarter_ms + rng.below(80) as i64 * 86_400_000;
            let record = if rng.below(3) == 0 {
                let period = Quarter::of(day_of_ms(at));
                let id = format!("e{}", rng.below(60));
                Record::Evaluation(evaluation_of(&id, supplier, period, &mut rng))
            } else {
                let id = format!("o{}", rng.below(200));
                let sent = rng.below(4) != 0;
                Record::Order(order_of(&id, supplier, at, sent, &mut rng))
            };
            let key = record.key();
            if rng.below(12) == 0 {
                if records.remove(&key).is_some() {
                    super::super::remove(conn, &key).unwrap();
                }
            } else {
                super::super::put(conn, &record).unwrap();
                records.insert(key, record);
            }
            if step % 100 == 99 {
                for supplier in suppliers {
                    for q in [0, 5, 11, 17, 23, 30] {
                        let as_of = day_of_ms(start + q * quarter_ms + 40 * 86_400_000);
                        let (indexed, every) = standings(conn, &records, supplier, as_of);
                        assert_eq!(indexed, every, "{supplier} as of {as_of}");
                    }
                }
            }
        }
        // Found by number, in either case, among the supplier's orders only.
        let (key, held) = records
            .iter()
            .find_map(|(k, r)| r.as_order().map(|o| (k.clone(), o.clone())))
            .unwrap();
        let found =
            orders_numbered(conn, held.supplier_id.as_str(), &held.number.to_lowercase()).unwrap();
        assert_eq!(found, std::slice::from_ref(&held), "{key:?}");
        assert!(orders_numbered(conn, "nobody", &held.number)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn indexes_agree_with_the_core_rules_over_every_record() {
        indexes_agree_with_the_core_rules(Store::open_in_memory().unwrap());
    }

    /// The budget totals are `NUMERIC` there: the sums must come out as the core's, exactly.
    #[test]
    fn indexes_agree_with_the_core_rules_over_every_record_on_postgres() {
        if let Some(store) = crate::store::test_postgres_store() {
            indexes_agree_with_the_core_rules(store);
        }
    }

    fn indexes_agree_with_the_core_rules(store: Store) {
        let conn = &store.db();
        let mut rng = Lcg(7);
        let mut records = BTreeMap::new();
        let ids: Vec<String> = (0..12).map(|i| format!("r{i}")).collect();
        for step in 0..400 {
            let record = if rng.below(3) == 0 {
                Record::Order(order(&format!("o{}", rng.below(6)), &ids, &mut rng))
            } else {
                Record::Requisition(requisition(&ids[rng.below(12) as usize], &mut rng))
            };
            let key = record.key();
            if rng.below(10) == 0 {
                if records.remove(&key).is_some() {
                    super::super::remove(conn, &key).unwrap();
                }
            } else {
                super::super::put(conn, &record).unwrap();
                records.insert(key, record);
            }
            if step % 50 == 0 {
                agrees(conn, &records);
            }
        }
        agrees(conn, &records);
        // Indexed again from the records alone (a database made before the index), the same.
        let store = store;
        store
            .db()
            .execute("DELETE FROM meta WHERE key = 'sync_index'", ())
            .unwrap();
        ensure(&store.db()).unwrap();
        agrees(&store.db(), &records);
    }
}
