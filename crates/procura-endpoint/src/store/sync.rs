//! The organisation's sync hub: devices push their queued mutations, and pull the records that
//! changed (`/sync/push`, `/sync/pull`). The rules are the core's ([`hub`]); this module
//! performs them in the store's database (SQLite or PostgreSQL, [`super::db`]).
//!
//! **Exactly once.** A push runs in one transaction that applies the mutations above the last id
//! processed for the device's client id, stores each outcome, and advances that last id. A push
//! delivered twice (a retry after a lost answer) therefore applies nothing the second time and
//! answers with the outcomes stored the first time.
//!
//! **The feed.** Every write gives the record's row a new `seq` from the `sync_seq` counter (the
//! catalog's scheme), and a deleted record stays as a tombstone. Unlike the catalog feeds, a pull
//! from the start sends tombstones too: a device folds its own applied pushes into its records
//! before it pulls, so even a device without a cursor may hold a record the hub has deleted since.
//!
//! **The organisation.** Requisitions, delegations, the approval policy and purchase orders are
//! decided by the core's rules (`procura_procurement::approval`, `procura_orders::order::hub`) against
//! what the hub itself holds, read inside the push's transaction. The rules ask only for what a
//! mutation needs, and each answer is read by key ([`index`]): the `policy/org` record, the
//! requisitions and orders the mutation names, the delegations to the author and from the
//! person away, a cost centre's committed total for one period, a requester's open
//! requisitions, the orders and evaluations of a named supplier's last quarters with data (its
//! performance standing: a blocked supplier is refused), the orders a document names by number.
//! A push's cost therefore does not grow with the organisation's history (a test counts the
//! SQLite steps a push takes against a short and a long history). The
//! author (id, name, roles) is the session's user. A push takes the store's write lock first
//! (SQLite's `BEGIN IMMEDIATE`; on PostgreSQL an advisory lock held to the end of the
//! transaction, whichever process pushes), so two pushes never decide against the same state:
//! of two final approvals racing for the last of a budget, the second sees the first.
//!
//! **Outcomes are pruned.** A push's first mutation id tells which outcomes the device can no
//! longer ask about (it drops a mutation only after an answer, and pushes its oldest first): the
//! ones below it are deleted in the same transaction. The last processed id per client stays,
//! so exactly-once holds; a client keeps at most one push's outcomes (≤ 500) at the hub.
//!
//! **Orders at the supplier** ([`orders`]): the supplier's intake and what the supplier says
//! about an order, appended to the hub's order records (new seq: devices pull them).
//!
//! **Reset.** [`Store::reset_hub`] forgets every sync row and takes a new epoch, as a hub
//! restored from nothing would: devices see the new epoch and recover (`procura_sync::sync`).
//! The organisation's approval policy is kept (see there), and so are the orders the suppliers
//! hold (`supplier_orders`: the suppliers' systems, not the hub's).

mod demo;
mod demo_history;
mod index;
mod invoices;
pub(super) mod orders;
mod returns;

pub(super) use demo::seed_demo_policy;
pub(super) use index::ensure as ensure_sync_index;

use super::db::{params, Db, OptionalExtension};
use super::{counter, next_in, Store, StoreError};
use procura_orders::order::hub::OrderContext;
use procura_procurement::approval::time::day_of_ms;
use procura_procurement::approval::{Actor, Committed, Policy, Requisition, POLICY_ID};
use procura_suppliers::performance;
use procura_sync::api::sync::{
    Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, RecordKey, RecordKind,
};
use procura_sync::api::{Cursor, User};
use procura_sync::sync::hub::{self, HubWrite};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The meta row of the counter that orders the hub's feed.
const SEQ: &str = "sync_seq";
/// Longest client id a device may choose (it makes a random one, far shorter).
const MAX_CLIENT_ID: usize = 128;

impl Store {
    /// Applies the new mutations of `req`, written by `user`, in one transaction.
    ///
    /// The answer names an outcome for every mutation of the request: the new ones as decided
    /// now, the others as stored when an earlier delivery processed them.
    pub fn push(
        &mut self,
        user: &User,
        req: &PushRequest,
        now_ms: i64,
    ) -> Result<PushResponse, StoreError> {
        check_push(req)?;
        let tx = self.db().transaction()?;
        // Under the write lock: the epoch a reset (by any process) left.
        self.refresh_epoch()?;
        let bound: Option<(String, i64)> = tx
            .query_row(
                "SELECT user_id, last_applied FROM sync_clients WHERE client_id = ?1",
                [&req.client_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if bound.as_ref().is_some_and(|(owner, _)| *owner != user.id) {
            return Err(StoreError::ClientOfAnotherUser(req.client_id.clone()));
        }
        let last = bound.map(|(_, last)| last as u64);
        let fresh = hub::unprocessed(last, &req.mutations)?;
        let delivered = &req.mutations[..req.mutations.len() - fresh.len()];
        let mut outcomes = Vec::with_capacity(req.mutations.len());
        for m in delivered {
            let result = stored_outcome(&tx, &req.client_id, m.id)?;
            outcomes.push(Outcome { id: m.id, result });
        }
        // A device pushes its oldest queued mutations first, and drops a mutation only once an
        // answer said it was processed: the first id of a push is above every id the device
        // will ever ask about again, so the outcomes below it are acknowledged and go.
        if let Some(first) = req.mutations.first() {
            tx.prepare_cached(
                "DELETE FROM sync_outcomes WHERE client_id = ?1 AND mutation_id < ?2",
            )?
            .execute(params![req.client_id, first.id as i64])?;
        }
        // The author, their name and roles come from the session, never from the body.
        let author = Actor::from(user);
        let mut policy = PolicyCache::default();
        for m in fresh {
            let result = apply(&tx, m, &author, &mut policy, now_ms)?;
            store_outcome(&tx, &req.client_id, m.id, &result)?;
            outcomes.push(Outcome { id: m.id, result });
        }
        let last_applied = fresh.last().map_or(last.unwrap_or(0), |m| m.id);
        tx.execute(
            "INSERT INTO sync_clients (client_id, user_id, last_applied) VALUES (?1, ?2, ?3)
             ON CONFLICT (client_id) DO UPDATE SET last_applied = ?3",
            params![req.client_id, user.id.as_str(), last_applied as i64],
        )?;
        tx.commit()?;
        Ok(PushResponse {
            epoch: self.epoch.borrow().clone(),
            last_applied,
            outcomes,
        })
    }

    /// The record changes after `cursor`, at most `limit`, oldest first.
    /// The number of the hub's latest record change (0 before any): what change notices carry.
    pub fn sync_head(&self) -> Result<i64, StoreError> {
        counter(&self.db(), SEQ)
    }

    pub fn pull(&self, cursor: &Cursor, limit: u32) -> Result<PullResponse, StoreError> {
        self.refresh_epoch()?;
        let after = self.parse_sync_cursor(cursor)?;
        let mut stmt = self.db().prepare_cached(
            "SELECT seq, key, kind, deleted, body FROM sync_records
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![after, limit])?;
        let (mut last, mut changes) = (after, Vec::new());
        while let Some(row) = rows.next()? {
            last = row.get(0)?;
            let change = if row.get::<_, i64>(3)? == 1 {
                let (key, kind): (String, String) = (row.get(1)?, row.get(2)?);
                RecordChange::Delete {
                    key: record_key(&kind, &key)?,
                }
            } else {
                let body: String = row.get(4)?;
                RecordChange::Upsert {
                    record: serde_json::from_str(&body)?,
                }
            };
            changes.push(change);
        }
        let remaining: i64 = self
            .db()
            .prepare_cached("SELECT count(*) FROM sync_records WHERE seq > ?1")?
            .query_row([last], |r| r.get(0))?;
        Ok(PullResponse {
            epoch: self.epoch.borrow().clone(),
            changes,
            next_cursor: Cursor(format!("r1.{}.{last}", self.epoch.borrow())),
            has_more: remaining > 0,
            remaining: remaining as u64,
        })
    }

    /// Cursors read `r1.{epoch}.{seq}`: the last change delivered, in this database. `0` for
    /// the empty cursor (the start).
    fn parse_sync_cursor(&self, cursor: &Cursor) -> Result<i64, StoreError> {
        if cursor.is_start() {
            return Ok(0);
        }
        let bad = || StoreError::BadCursor(cursor.0.clone());
        let parts: Vec<&str> = cursor.0.splitn(3, '.').collect();
        let ["r1", epoch, seq] = parts[..] else {
            return Err(bad());
        };
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        if seq < 0 {
            return Err(bad());
        }
        // A cursor ahead of the counter comes from a copy of this database that went further.
        if epoch != *self.epoch.borrow() || seq > counter(&self.db(), SEQ)? {
            return Err(StoreError::CursorReset);
        }
        Ok(seq)
    }

    /// Forgets every client, outcome and record and takes a new epoch, as a hub restored from
    /// nothing would. Catalog cursors name the epoch too, so they go stale as well. Returns the
    /// new epoch.
    ///
    /// All but the organisation's approval policy: in the demo, the organisation's configuration
    /// survives a hub reset, as a real hub's would come back with its own backup (devices never
    /// send the policy again when they recover, see `procura_sync::sync::SyncState::recover`).
    /// The policy the hub held is written again under the new epoch, or the demo policy if it
    /// held none, so requisitions can still be submitted after a reset.
    pub fn reset_hub(&mut self) -> Result<String, StoreError> {
        let epoch = crate::auth::random_hex(6);
        let tx = self.db().transaction()?;
        let policy_key = RecordKey::new(RecordKind::Policy, POLICY_ID);
        let policy = match current_record(&tx, &policy_key) {
            Ok(Some(record @ Record::Policy(_))) => Some(record),
            // Unreadable or of the wrong kind: the demo policy replaces it below.
            Ok(_) | Err(StoreError::Json(_)) => None,
            Err(e) => return Err(e),
        };
        tx.execute_batch(
            "DELETE FROM sync_outcomes; DELETE FROM sync_clients; DELETE FROM sync_records;
             DELETE FROM invoice_originals;",
        )?;
        index::clear(&tx)?;
        match policy {
            Some(policy) => put(&tx, &policy)?,
            None => {
                demo::seed_demo_policy(&tx)?;
            }
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'epoch'", [&epoch])?;
        tx.commit()?;
        *self.epoch.get_mut() = epoch.clone();
        Ok(epoch)
    }
}

/// What the hub refuses before looking at any mutation: it cannot store these.
fn check_push(req: &PushRequest) -> Result<(), StoreError> {
    let id = req.client_id.trim();
    if id.is_empty() || id.len() != req.client_id.len() || id.len() > MAX_CLIENT_ID {
        return Err(StoreError::BadPush(format!(
            "client_id must be 1 to {MAX_CLIENT_ID} characters without surrounding spaces"
        )));
    }
    if let Some(m) = req.mutations.iter().find(|m| i64::try_from(m.id).is_err()) {
        return Err(StoreError::BadPush(format!(
            "mutation id {} is too large",
            m.id
        )));
    }
    Ok(())
}

/// Decides one new mutation against the record as the hub holds it and the organisation as this
/// transaction sees it, and performs the write.
///
/// The core's rules ask for what they need (a requisition by id, the lines already ordered of
/// one requisition, what a cost centre committed in a period, the delegations of the people
/// involved, a requester's open requisitions); each question is one indexed read in this
/// transaction ([`index`]), so a push costs the same however long the organisation's history.
/// Nobody else writes meanwhile: a push holds the database's write lock from its first
/// statement ([`super::db::Db::transaction`]), which is what makes two final approvals racing for the last
/// of a budget see each other: the second push reads the first one's approval, or the first
/// reads nothing of the second.
fn apply(
    conn: &Db<'_>,
    m: &Mutation,
    author: &Actor,
    cache: &mut PolicyCache,
    now_ms: i64,
) -> Result<OutcomeResult, StoreError> {
    let current = current_record(conn, &m.op.key())?;
    let supplier_exists = match &m.op {
        Op::SaveEvaluation { evaluation } => supplier_known(conn, evaluation.supplier_id.as_str())?,
        Op::CreateOrder { order } => supplier_known(conn, order.supplier_id.as_str())?,
        Op::SaveAssessment { assessment } => supplier_known(conn, assessment.supplier_id.as_str())?,
        // Only a saved evaluation or assessment and a new order name a supplier the hub must
        // know.
        _ => true,
    };
    // An evaluation or a selection needs nothing of the organisation; everything else is
    // decided against the policy and the delegations to the author as they stand in this
    // transaction.
    let today = day_of_ms(now_ms).to_string();
    let (policy, delegations) = match m.op {
        Op::SaveEvaluation { .. }
        | Op::DeleteEvaluation { .. }
        | Op::SaveAssessment { .. }
        | Op::SaveSelection { .. } => (None, Vec::new()),
        _ => (
            cache.get(conn)?,
            index::delegations_to(conn, author.id.as_str(), &today)?,
        ),
    };
    // A requisition's catalog lines are checked against the catalog as the hub holds it.
    let catalog_items = match &m.op {
        Op::SubmitRequisition { requisition } => catalog_items_of(conn, requisition)?,
        // A stocked item's supplier is its catalog item's.
        Op::SaveStock { stock } => catalog_items_by_id(conn, [stock.item_id.as_str()])?,
        _ => std::collections::HashMap::new(),
    };
    // The rules' questions cannot fail; a failed read is kept here and fails the push after.
    let failed: RefCell<Option<StoreError>> = RefCell::new(None);
    fn or_note<T>(
        failed: &RefCell<Option<StoreError>>,
        r: Result<T, StoreError>,
        fallback: T,
    ) -> T {
        r.unwrap_or_else(|e| {
            failed.borrow_mut().get_or_insert(e);
            fallback
        })
    }
    let requisitions: RefCell<BTreeMap<String, Option<Requisition>>> = RefCell::default();
    let decided = {
        let committed = |q: Committed<'_>| {
            or_note(
                &failed,
                index::committed(conn, q.cost_centre, &q.period.to_string(), q.excluding),
                Decimal::ZERO,
            )
        };
        let lookup = |id: &str| catalog_items.get(id).cloned();
        let requisition = |id: &str| {
            if let Some(held) = requisitions.borrow().get(id) {
                return held.clone();
            }
            let held = match or_note(
                &failed,
                current_record(conn, &RecordKey::requisition(id)),
                None,
            ) {
                Some(Record::Requisition(r)) => Some(r),
                _ => None,
            };
            requisitions
                .borrow_mut()
                .insert(id.to_owned(), held.clone());
            held
        };
        let ordered_lines = |id: &str| or_note(&failed, index::ordered_lines(conn, id), Vec::new());
        let delegations_from = |from: &str| {
            or_note(
                &failed,
                index::delegations_from(conn, from, &today),
                Vec::new(),
            )
        };
        let open_requisitions =
            |requester: &str| or_note(&failed, index::open_requisitions(conn, requester), 0);
        let orders = OrderContext {
            requisition: &requisition,
            ordered_lines: &ordered_lines,
            supplier_exists,
            default_tax_percent: policy.map(|p| p.default_tax_percent).unwrap_or_default(),
        };
        // A supplier's standing, asked only for the suppliers a requisition or an order names,
        // from its orders and evaluations of the standing's window ([`index::standing_records`]).
        let as_of = day_of_ms(now_ms);
        let this_quarter = procura_ground::date::Quarter::of(as_of).to_string();
        let standing_policy = policy
            .map(|p| p.supplier_standing.clone())
            .unwrap_or_default();
        let standing = |supplier: &procura_ground::id::SupplierId| {
            let records = or_note(
                &failed,
                index::standing_records(
                    conn,
                    supplier.as_str(),
                    &this_quarter,
                    performance::STANDING_WINDOW_QUARTERS,
                ),
                Vec::new(),
            );
            let mut orders = Vec::new();
            let mut evaluations = Vec::new();
            for record in records {
                match record {
                    Record::Order(o) => orders.push(o),
                    Record::Evaluation(e) => evaluations.push(e),
                    _ => {}
                }
            }
            let lead_days = |item: &procura_ground::id::ItemId| {
                or_note(&failed, catalog_lead_days(conn, item.as_str()), None)
            };
            let facts = procura_orders::order::performance::facts(&orders, lead_days);
            performance::current_standing(&facts, &evaluations, supplier, as_of, &standing_policy)
        };
        // A goods issue's stocked item: one read by key.
        let stocked = |key: &str| {
            let key = RecordKey::new(RecordKind::Stock, key);
            match or_note(&failed, current_record(conn, &key), None) {
                Some(Record::Stock(s)) => Some(s),
                _ => None,
            }
        };
        // Invoices: the supplier's orders (to find the one a typed-in invoice names), an order
        // by id and the documents on it, each by key.
        let supplier_name = |id: &procura_ground::id::SupplierId| {
            or_note(&failed, invoices::supplier_name(conn, id.as_str()), None)
        };
        let find_order = |doc: &procura_invoicing::invoice::InvoiceDocument,
                          supplier: &procura_ground::id::SupplierId| {
            or_note(&failed, invoices::find_order(conn, doc, supplier), None)
        };
        let order_by_id = |id: &str| match or_note(
            &failed,
            current_record(conn, &RecordKey::new(RecordKind::Order, id)),
            None,
        ) {
            Some(Record::Order(o)) => Some(o),
            _ => None,
        };
        let on_order = |id: &str| or_note(&failed, index::invoices_on_order(conn, id), Vec::new());
        let returns_on_order =
            |id: &str| or_note(&failed, index::returns_on_order(conn, id), Vec::new());
        let contracts_of = |id: &procura_ground::id::SupplierId| {
            or_note(&failed, index::contracts_of(conn, id.as_str()), Vec::new())
        };
        let invoice_ctx = hub::InvoiceContext {
            supplier_name: &supplier_name,
            find_order: &find_order,
            order: &order_by_id,
            on_order: &on_order,
            returns_on_order: &returns_on_order,
        };
        let ctx = hub::Context {
            supplier_exists,
            policy,
            delegations: &delegations,
            delegations_from: &delegations_from,
            open_requisitions: &open_requisitions,
            committed: &committed,
            orders: Some(&orders),
            catalog: Some(&lookup),
            standing: Some(&standing),
            stocked: &stocked,
            invoices: Some(&invoice_ctx),
            contracts: &contracts_of,
        };
        hub::decide(&m.op, author, current.as_ref(), &ctx, now_ms)
    };
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    Ok(match decided {
        Ok(write) => {
            match &write {
                // A credit note typed in for a refund return credits it.
                HubWrite::Put(record @ Record::Invoice(i)) => {
                    put(conn, record)?;
                    returns::credit_named_returns(conn, i, now_ms)?;
                }
                HubWrite::Put(record) => put(conn, record)?,
                HubWrite::Remove(key) => remove(conn, key)?,
                HubWrite::Nothing => {}
            }
            if let HubWrite::Put(Record::Policy(p)) = write {
                cache.0 = Some(Some(p));
            }
            OutcomeResult::Applied
        }
        Err(refusal) => OutcomeResult::refused(&refusal),
    })
}

fn corrupt_record(key: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "sync record {key:?} holds a record of another kind"
    ))
}

/// The organisation's policy as this push's transaction sees it: read once, when the first
/// mutation that needs it comes, and replaced by the push's own `save_policy`.
#[derive(Default)]
struct PolicyCache(Option<Option<Policy>>);

impl PolicyCache {
    fn get(&mut self, conn: &Db<'_>) -> Result<Option<&Policy>, StoreError> {
        if self.0.is_none() {
            let key = RecordKey::new(RecordKind::Policy, POLICY_ID);
            self.0 = Some(match current_record(conn, &key)? {
                None => None,
                Some(Record::Policy(p)) => Some(p),
                Some(_) => return Err(corrupt_record(&key.storage_key())),
            });
        }
        Ok(self.0.as_ref().and_then(Option::as_ref))
    }
}

/// The live catalog items a requisition draft's lines name, by id.
fn catalog_items_of(
    conn: &Db<'_>,
    draft: &procura_procurement::approval::RequisitionDraft,
) -> Result<std::collections::HashMap<String, procura_catalog::catalog::CatalogItem>, StoreError> {
    catalog_items_by_id(
        conn,
        draft
            .lines
            .iter()
            .filter_map(|l| l.item_id.as_ref().map(|i| i.as_str())),
    )
}

/// The live catalog items among `ids`, by id.
fn catalog_items_by_id<'a>(
    conn: &Db<'_>,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, procura_catalog::catalog::CatalogItem>, StoreError> {
    let mut items = std::collections::HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT body FROM catalog_items WHERE id = ?1 AND deleted = 0")?;
    for id in ids {
        let body: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
        if let Some(body) = body {
            items.insert(id.to_owned(), serde_json::from_str(&body)?);
        }
    }
    Ok(items)
}

/// A catalog item's lead time in days, if the hub holds the item.
fn catalog_lead_days(conn: &Db<'_>, id: &str) -> Result<Option<u32>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM catalog_items WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match body {
        Some(body) => Some(
            serde_json::from_str::<procura_catalog::catalog::CatalogItem>(&body)?.lead_time_days,
        ),
        None => None,
    })
}

/// Whether the hub knows supplier `id`.
fn supplier_known(conn: &Db<'_>, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM suppliers WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The live record under `key` (a tombstone is no record).
fn current_record(conn: &Db<'_>, key: &RecordKey) -> Result<Option<Record>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM sync_records WHERE key = ?1 AND deleted = 0")?
        .query_row([key.storage_key()], |r| r.get(0))
        .optional()?;
    Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
}

/// The next number of the hub's feed, which the other hub processes hear of when the
/// transaction commits ([`Db::changed_head`]).
fn next_change(conn: &Db<'_>) -> Result<i64, StoreError> {
    let seq = next_in(conn, SEQ)?;
    conn.changed_head(seq);
    Ok(seq)
}

/// Writes `record` with a new seq, reviving a tombstone under the same key, and keeps the
/// rules' indexes in step ([`index::record`]).
fn put(conn: &Db<'_>, record: &Record) -> Result<(), StoreError> {
    index::record(conn, &record.key(), Some(record))?;
    let key = record.key();
    let seq = next_change(conn)?;
    conn.prepare_cached(
        "INSERT INTO sync_records (key, kind, seq, deleted, body) VALUES (?1, ?2, ?3, 0, ?4)
         ON CONFLICT (key) DO UPDATE SET kind = ?2, seq = ?3, deleted = 0, body = ?4",
    )?
    .execute(params![
        key.storage_key(),
        key.kind.as_str(),
        seq,
        serde_json::to_string(record)?
    ])?;
    Ok(())
}

/// Leaves a tombstone under `key` (new seq, no body) and drops it from the rules' indexes.
fn remove(conn: &Db<'_>, key: &RecordKey) -> Result<(), StoreError> {
    index::record(conn, key, None)?;
    let seq = next_change(conn)?;
    conn.prepare_cached(
        "UPDATE sync_records SET deleted = 1, body = NULL, seq = ?2 WHERE key = ?1",
    )?
    .execute(params![key.storage_key(), seq])?;
    Ok(())
}

fn store_outcome(
    conn: &Db<'_>,
    client_id: &str,
    mutation_id: u64,
    result: &OutcomeResult,
) -> Result<(), StoreError> {
    let (status, code, message, reason) = match result {
        OutcomeResult::Applied => ("applied", None, None, None),
        OutcomeResult::Refused {
            code,
            message,
            reason,
        } => (
            "refused",
            Some(code),
            Some(message),
            reason.as_ref().map(serde_json::to_string).transpose()?,
        ),
    };
    conn.prepare_cached(
        "INSERT INTO sync_outcomes (client_id, mutation_id, status, code, message, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        client_id,
        mutation_id as i64,
        status,
        code,
        message,
        reason
    ])?;
    Ok(())
}

/// The outcome an earlier delivery stored. An id the hub never saw below its last processed id
/// (the device sent a later mutation first) was skipped for good: it is reported as refused.
fn stored_outcome(
    conn: &Db<'_>,
    client_id: &str,
    mutation_id: u64,
) -> Result<OutcomeResult, StoreError> {
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT status, code, message, reason FROM sync_outcomes
             WHERE client_id = ?1 AND mutation_id = ?2",
        )?
        .query_row(params![client_id, mutation_id as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(match row {
        Some((status, ..)) if status == "applied" => OutcomeResult::Applied,
        Some((_, code, message, reason)) => OutcomeResult::Refused {
            code: code.unwrap_or_default(),
            message: message.unwrap_or_default(),
            // Stored by this hub: a reason it cannot read back is only left out.
            reason: reason.and_then(|r| serde_json::from_str(&r).ok()),
        },
        None => OutcomeResult::refused(&procura_sync::sync::hub::Refusal::from(
            procura_ground::reason::Reason::OutOfOrder {
                mutation: mutation_id,
            },
        )),
    })
}

/// The key of a tombstone, from its columns.
fn record_key(kind: &str, key: &str) -> Result<RecordKey, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("sync record {key:?} of kind {kind:?}"));
    let kind = RecordKind::parse(kind).ok_or_else(corrupt)?;
    let id = key
        .strip_prefix(kind.as_str())
        .and_then(|rest| rest.strip_prefix('/'))
        .ok_or_else(corrupt)?;
    Ok(RecordKey {
        kind,
        id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DemoSize;
    use procura_suppliers::scorecard::{EvaluationDraft, Scores};

    fn evaluation(id: u64) -> Mutation {
        Mutation {
            id,
            created_at_ms: 0,
            op: Op::SaveEvaluation {
                evaluation: EvaluationDraft {
                    id: format!("e{id}"),
                    supplier_id: procura_demo::demo::suppliers(1)[0].id.as_str().into(),
                    period: "2026-Q4".into(),
                    scores: Scores {
                        quality: 4,
                        delivery: 4,
                        price: 4,
                        service: 4,
                    },
                    comment: String::new(),
                },
            },
        }
    }

    fn push(store: &mut Store, user: &User, ids: std::ops::RangeInclusive<u64>) -> PushResponse {
        let req = PushRequest {
            client_id: "device-1".into(),
            mutations: ids.map(evaluation).collect(),
        };
        store.push(user, &req, 0).unwrap()
    }

    fn outcomes_held(store: &Store) -> Vec<i64> {
        let mut stmt = store
            .db()
            .prepare("SELECT mutation_id FROM sync_outcomes ORDER BY mutation_id")
            .unwrap();
        let ids = stmt.query_map((), |r| r.get(0)).unwrap();
        ids.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn acknowledged_outcomes_are_pruned_and_exactly_once_holds() {
        outcomes_pruned_exactly_once(Store::open_in_memory().unwrap());
    }

    #[test]
    fn acknowledged_outcomes_are_pruned_and_exactly_once_holds_on_postgres() {
        if let Some(store) = crate::store::test_postgres_store() {
            outcomes_pruned_exactly_once(store);
        }
    }

    fn outcomes_pruned_exactly_once(mut store: Store) {
        store
            .seed_demo_if_empty(DemoSize {
                seed: 1,
                suppliers: 1,
                items_per_supplier: 1,
                marketplace_sellers: 0,
                items_per_seller: 0,
            })
            .unwrap();
        let user = procura_demo::demo::users().remove(0);
        let first = push(&mut store, &user, 1..=3);
        assert_eq!(outcomes_held(&store), [1, 2, 3]);
        // The answer was lost: the same push again is answered from the stored outcomes.
        assert_eq!(push(&mut store, &user, 1..=3), first);
        // An overlapping retry: only the new ones apply, the older outcomes below it go.
        let overlap = push(&mut store, &user, 2..=5);
        assert_eq!(overlap.last_applied, 5);
        assert_eq!(overlap.outcomes.len(), 4);
        assert_eq!(outcomes_held(&store), [2, 3, 4, 5]);
        // The device dropped 1–5 and pushes on: the hub keeps this push's outcomes only.
        let next = push(&mut store, &user, 6..=7);
        assert_eq!(next.last_applied, 7);
        assert_eq!(outcomes_held(&store), [6, 7]);
        // A late duplicate of an old push applies nothing again.
        let late = push(&mut store, &user, 1..=3);
        assert_eq!(late.last_applied, 7);
        let evaluations: i64 = store
            .db()
            .query_row(
                "SELECT count(*) FROM sync_records WHERE kind = 'evaluation' AND deleted = 0",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(evaluations, 7, "each mutation applied once");
    }
}

/// The work a push does, counted in SQLite's virtual machine steps: the same for the same data,
/// on any machine, under any load (a timing is neither).
#[cfg(test)]
mod cost {
    use super::*;
    use crate::store::DemoSize;
    use procura_ground::date::{day_of_ms, Quarter};
    use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, Terms};
    use procura_procurement::approval::{RequisitionDraft, RequisitionLine};
    use procura_suppliers::scorecard::{Evaluation, Scores};
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use rusqlite::StatementStatus;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// 2026-11-15, the push's clock.
    const NOW: i64 = 1_794_700_800_000;
    const DAY: i64 = 86_400_000;
    /// The supplier the pushed requisition names, and one it does not.
    const NAMED: &str = "officeplus";
    const OTHER: &str = "labcore";

    thread_local! {
        /// Each running statement's step counter when it started, by its SQL.
        static STARTED: RefCell<HashMap<String, i32>> = RefCell::default();
        /// The steps of the statements finished since [`counted`] began, and their SQL.
        static DONE: RefCell<(i64, Vec<String>)> = RefCell::default();
    }

    fn trace(event: TraceEvent<'_>) {
        match event {
            TraceEvent::Stmt(stmt, _) => {
                let steps = stmt.get_status(StatementStatus::VmStep);
                STARTED.with(|s| s.borrow_mut().insert(stmt.sql().into_owned(), steps));
            }
            TraceEvent::Profile(stmt, _) => {
                let sql = stmt.sql().into_owned();
                let start = STARTED.with(|s| s.borrow_mut().remove(&sql)).unwrap_or(0);
                let steps = i64::from(stmt.get_status(StatementStatus::VmStep) - start);
                DONE.with(|d| {
                    let mut d = d.borrow_mut();
                    d.0 += steps;
                    d.1.push(sql);
                });
            }
            _ => {}
        }
    }

    /// What `f` costs on `store`'s connection: SQLite steps, and the statements it ran.
    fn counted<T>(store: &mut Store, f: impl FnOnce(&mut Store) -> T) -> (T, i64, Vec<String>) {
        DONE.with(|d| *d.borrow_mut() = (0, Vec::new()));
        store.sqlite().trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT | TraceEventCodes::SQLITE_TRACE_PROFILE,
            Some(trace),
        );
        let out = f(store);
        store.sqlite().trace_v2(TraceEventCodes::empty(), None);
        let (steps, sql) = DONE.with(|d| std::mem::take(&mut *d.borrow_mut()));
        (out, steps, sql)
    }

    fn order(id: &str, supplier: &str, created: i64) -> Record {
        let line = OrderLine {
            line_no: 1,
            requisition_id: format!("req-{id}").as_str().into(),
            requisition_line: 0,
            item_id: None,
            supplier_part: String::new(),
            gtin: None,
            description: "Archive boxes".into(),
            quantity: Decimal::from(4),
            unit: "C62".into(),
            unit_price: Decimal::new(1_450, 2),
            tax_percent: Decimal::ZERO,
            // Due after the push: none of the window's lines is late yet.
            need_by: day_of_ms(created + 400 * DAY),
            unspsc: String::new(),
            contract: None,
        };
        Record::Order(PurchaseOrder {
            id: id.into(),
            number: format!("PO-{id}"),
            buyer: Default::default(),
            buyer_name: String::new(),
            supplier_id: supplier.into(),
            supplier_name: String::new(),
            currency: "CNY".into(),
            ship_to: String::new(),
            requisitions: Vec::new(),
            lines: vec![line],
            terms: Terms::default(),
            created_at_ms: created,
            events: vec![
                OrderEvent::Sent { at_ms: created },
                OrderEvent::Acknowledged {
                    at_ms: created + 3_600_000,
                    lines: Vec::new(),
                    note: String::new(),
                },
            ],
        })
    }

    /// A good rating: the named supplier stays orderable.
    fn evaluation(id: &str, supplier: &str, at: i64) -> Record {
        Record::Evaluation(Evaluation {
            id: id.into(),
            supplier_id: supplier.into(),
            period: Quarter::of(day_of_ms(at)),
            scores: Scores {
                quality: 5,
                delivery: 5,
                price: 4,
                service: 5,
            },
            comment: String::new(),
            evaluator_id: "u-buyer".into(),
            evaluator_name: "Buyer".into(),
            updated_at_ms: at,
        })
    }

    /// A hub whose organisation has `history` old orders of the supplier the push names (two to
    /// ten years back), as many orders and evaluations of another supplier, and the same recent
    /// record of the named supplier (two orders and an evaluation in each of the last four
    /// quarters: its standing's window) whatever `history` is.
    fn hub(history: usize) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .seed_demo_if_empty(DemoSize {
                seed: 1,
                suppliers: 3,
                items_per_supplier: 2,
                marketplace_sellers: 0,
                items_per_seller: 0,
            })
            .unwrap();
        let tx = store.db().transaction().unwrap();
        for i in 0..history as i64 {
            let old = NOW - 2 * 365 * DAY - (i * 8 * 365 / history as i64) * DAY;
            put(&tx, &order(&format!("old-{i}"), NAMED, old)).unwrap();
            put(&tx, &order(&format!("other-{i}"), OTHER, old)).unwrap();
            put(&tx, &evaluation(&format!("other-{i}"), OTHER, old)).unwrap();
        }
        for q in 0..4 {
            let at = NOW - q * 91 * DAY;
            put(&tx, &order(&format!("recent-{q}-a"), NAMED, at)).unwrap();
            put(&tx, &order(&format!("recent-{q}-b"), NAMED, at)).unwrap();
            put(&tx, &evaluation(&format!("recent-{q}"), NAMED, at)).unwrap();
        }
        tx.commit().unwrap();
        store
    }

    /// A requisition naming [`NAMED`]: decided against the policy, the budget, the requester's
    /// open requisitions, the delegations and the supplier's standing.
    fn submission(id: &str) -> PushRequest {
        let policy = procura_demo::demo::policy();
        let line = RequisitionLine {
            item_id: None,
            description: "Archive boxes, A4, brown".into(),
            supplier_id: NAMED.into(),
            supplier_name: "OfficePlus".into(),
            unspsc: "44111500".into(),
            quantity: Decimal::from(12),
            unit: "C62".into(),
            unit_price: Decimal::new(1_450, 2),
            currency: policy.currency.clone(),
            tax_percent: None,
            note: String::new(),
            contract: None,
        };
        let draft = RequisitionDraft {
            id: id.into(),
            base_revision: 0,
            title: "Office supplies".into(),
            cost_centre: policy.cost_centres[0].code.clone(),
            account: policy.accounts[0].code.clone(),
            need_by: Some(day_of_ms(NOW + 30 * DAY)),
            delivery_address: "Building 3".into(),
            justification: "Restock".into(),
            lines: vec![line; 3],
        };
        PushRequest {
            client_id: "device-1".into(),
            mutations: vec![Mutation {
                id: 1,
                created_at_ms: NOW,
                op: Op::SubmitRequisition { requisition: draft },
            }],
        }
    }

    /// The steps of the push, and the statements it ran.
    fn push_cost(history: usize) -> (i64, Vec<String>) {
        let mut store = hub(history);
        let buyer = procura_demo::demo::users()
            .into_iter()
            .find(|u| u.username == "buyer")
            .unwrap();
        let (answer, steps, sql) =
            counted(&mut store, |s| s.push(&buyer, &submission("req-1"), NOW));
        let answer = answer.unwrap();
        assert_eq!(
            answer.outcomes[0].result,
            OutcomeResult::Applied,
            "{answer:?}"
        );
        (steps, sql)
    }

    #[test]
    fn a_push_takes_the_same_steps_however_long_the_organisation_s_history() {
        let (short, sql) = push_cost(10);
        let (long, _) = push_cost(3_000);
        // The standing's window is read either way (the same rows): what differs is only the
        // history, 300 times longer. (583 steps both, today; the filter over every order and
        // evaluation this replaced took 704 and 78,444.)
        assert!(
            long <= short + short / 20,
            "{short} steps against 10 old orders, {long} against 3,000"
        );
        assert!(sql.iter().any(|s| s.contains("sync_supplier_records")));
    }

    #[test]
    fn no_statement_of_a_push_scans_a_table() {
        let (_, sql) = push_cost(50);
        let store = hub(50);
        let mut searches = 0;
        for statement in sql {
            let trimmed = statement.trim_start().to_ascii_uppercase();
            if !(trimmed.starts_with("SELECT")
                || trimmed.starts_with("UPDATE")
                || trimmed.starts_with("DELETE")
                || trimmed.starts_with("INSERT"))
            {
                continue;
            }
            let mut stmt = store
                .sqlite()
                .prepare(&format!("EXPLAIN QUERY PLAN {statement}"))
                .unwrap();
            let plan: Vec<String> = stmt
                .query_map(
                    rusqlite::params_from_iter(std::iter::repeat_n("x", stmt.parameter_count())),
                    |r| r.get(3),
                )
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            searches += plan.iter().filter(|s| s.starts_with("SEARCH ")).count();
            for step in &plan {
                // A scan of a subquery's few rows is no scan of a table.
                let scans_table = step.starts_with("SCAN ")
                    && !step.starts_with("SCAN recent")
                    && step != "SCAN CONSTANT ROW";
                assert!(!scans_table, "{statement}\n{plan:?}");
            }
        }
        assert!(
            searches > 10,
            "the plans were read: {searches} searches by key"
        );
    }
}
