//! Orders at the supplier: the endpoint, playing the supplier, takes each purchase order once
//! per idempotency key, and appends what the supplier says about it (acknowledgements,
//! shipments, deliveries, confirmations) to the hub's order record, which every device pulls.
//!
//! **Exactly once.** `supplier_orders` holds one row per (supplier, idempotency key) with a
//! hash of the order as it arrived. The row, and the `sent` event it puts on the hub's order
//! record, are written in one transaction: a retry after a lost answer, a timeout or a dropped
//! connection finds the row and is answered with the stored answer, never a second copy. The
//! same key with another body is refused; so is another key for an order the supplier holds.
//!
//! The supplier's copies are the supplier's: a hub reset ([`Store::reset_hub`]) keeps them.

use super::{current_record, put};
use crate::order_events::{self, Verdict};
use crate::store::db::{params, Db, OptionalExtension};
use crate::store::{next_in, Store, StoreError};
use blake2::{Blake2b, Digest};
use procura_orders::order::documents::{outstanding_lines, OrderRef};
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_sync::api::sync::{Record, RecordKey, RecordKind};
use serde::{Deserialize, Serialize};

/// The counter behind the supplier's own order references.
const REF_SEQ: &str = "supplier_order_seq";

/// The supplier's answer to an order: the same for every delivery of one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderReceipt {
    pub order_id: String,
    /// The supplier's own reference for the order.
    pub supplier_order_ref: String,
    pub received_at_ms: i64,
    /// Whether the key was received before (this answer is the stored one).
    pub duplicate: bool,
}

/// An order the supplier holds, as the test route lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedOrder {
    pub key: String,
    pub order_id: String,
    pub supplier_order_ref: String,
    pub received_at_ms: i64,
    /// How often a request with this key (and the same body) arrived; 1 + the retries.
    pub times_received: u32,
}

/// What a supplier event did to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedEvent {
    pub order_id: String,
    pub order_number: String,
    pub event: OrderEvent,
    /// The order held this event already; nothing was appended.
    pub duplicate: bool,
}

impl Store {
    /// Supplier `supplier_id` receives `order` under idempotency key `key`: stored once, with
    /// the `sent` event appended to the hub's order record in the same transaction.
    pub fn receive_order(
        &mut self,
        supplier_id: &str,
        key: &str,
        order: &PurchaseOrder,
        now_ms: i64,
    ) -> Result<OrderReceipt, StoreError> {
        let tx = self.db().transaction()?;
        if !super::supplier_known(&tx, supplier_id)? {
            return Err(StoreError::NoSupplier(supplier_id.to_owned()));
        }
        if order.supplier_id != supplier_id {
            return Err(StoreError::OrderOfAnotherSupplier {
                order: order.id.to_string(),
                supplier: supplier_id.to_owned(),
            });
        }
        let hash = body_hash(order)?;
        let stored: Option<(String, String, String, i64)> = tx
            .prepare_cached(
                "SELECT order_id, body_hash, supplier_order_ref, received_at_ms
                 FROM supplier_orders WHERE supplier_id = ?1 AND idempotency_key = ?2",
            )?
            .query_row(params![supplier_id, key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        if let Some((order_id, stored_hash, supplier_order_ref, received_at_ms)) = stored {
            if stored_hash != hash {
                return Err(StoreError::IdempotencyKeyReused(key.to_owned()));
            }
            tx.prepare_cached(
                "UPDATE supplier_orders SET times_received = times_received + 1
                 WHERE supplier_id = ?1 AND idempotency_key = ?2",
            )?
            .execute(params![supplier_id, key])?;
            // A hub that lost the event (restored from an older backup) learns it again.
            if let Some(mut held) = hub_order(&tx, &order_id)? {
                if !was_sent(&held) {
                    held.events.push(OrderEvent::Sent {
                        at_ms: received_at_ms,
                    });
                    put(&tx, &Record::Order(held))?;
                }
            }
            tx.commit()?;
            return Ok(OrderReceipt {
                order_id,
                supplier_order_ref,
                received_at_ms,
                duplicate: true,
            });
        }
        let other_key: Option<String> = tx
            .prepare_cached(
                "SELECT idempotency_key FROM supplier_orders WHERE supplier_id = ?1 AND order_id = ?2",
            )?
            .query_row(params![supplier_id, order.id.as_str()], |r| r.get(0))
            .optional()?;
        if let Some(other_key) = other_key {
            return Err(StoreError::OrderReceivedAlready {
                order: order.id.to_string(),
                key: other_key,
            });
        }
        let mut held = hub_order(&tx, order.id.as_str())?
            .ok_or_else(|| StoreError::UnknownOrder(order.id.to_string()))?;
        if held.supplier_id != supplier_id {
            return Err(StoreError::OrderOfAnotherSupplier {
                order: order.id.to_string(),
                supplier: supplier_id.to_owned(),
            });
        }
        if held.lines != order.lines || held.currency != order.currency {
            return Err(StoreError::OrderMismatch(format!(
                "order {}'s lines or currency differ from the order the hub holds; send the \
                 order as created",
                held.number
            )));
        }
        if held.ship_to != order.ship_to {
            return Err(StoreError::OrderMismatch(format!(
                "order {}'s delivery address differs from the order the hub holds",
                held.number
            )));
        }
        if let Some(why) = order_events::closed(&held) {
            return Err(StoreError::OrderClosed(format!(
                "order {} is {why}",
                held.number
            )));
        }
        let n = next_in(&tx, REF_SEQ)?;
        let supplier_order_ref = format!("SO-{}-{n:06}", supplier_id.to_uppercase());
        tx.prepare_cached(
            "INSERT INTO supplier_orders (supplier_id, idempotency_key, order_id, body_hash,
                 body, supplier_order_ref, received_at_ms, times_received)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        )?
        .execute(params![
            supplier_id,
            key,
            order.id.as_str(),
            hash,
            serde_json::to_string(order)?,
            supplier_order_ref,
            now_ms
        ])?;
        if !was_sent(&held) {
            held.events.push(OrderEvent::Sent { at_ms: now_ms });
            put(&tx, &Record::Order(held))?;
        }
        tx.commit()?;
        Ok(OrderReceipt {
            order_id: order.id.to_string(),
            supplier_order_ref,
            received_at_ms: now_ms,
            duplicate: false,
        })
    }

    /// The orders supplier `supplier_id` holds, oldest first.
    pub fn received_orders(&self, supplier_id: &str) -> Result<Vec<ReceivedOrder>, StoreError> {
        let mut stmt = self.db().prepare_cached(
            "SELECT idempotency_key, order_id, supplier_order_ref, received_at_ms, times_received
             FROM supplier_orders WHERE supplier_id = ?1 ORDER BY received_at_ms, rowid",
        )?;
        let rows = stmt.query_map([supplier_id], |r| {
            Ok(ReceivedOrder {
                key: r.get(0)?,
                order_id: r.get(1)?,
                supplier_order_ref: r.get(2)?,
                received_at_ms: r.get(3)?,
                times_received: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Appends what the supplier says (`event`) to order `order_id`, if the order's state
    /// allows it ([`order_events::check`]); an event the order holds already is a duplicate and
    /// appends nothing. `supplier_id`, when given, must be the order's supplier. An event
    /// without a time (`at_ms` 0) gets `now_ms`.
    pub fn record_supplier_event(
        &mut self,
        order_id: &str,
        supplier_id: Option<&str>,
        event: OrderEvent,
        now_ms: i64,
    ) -> Result<RecordedEvent, StoreError> {
        let tx = self.db().transaction()?;
        let unknown = || StoreError::UnknownOrder(order_id.to_owned());
        let held = hub_order(&tx, order_id)?.ok_or_else(unknown)?;
        if supplier_id.is_some_and(|s| s != held.supplier_id) {
            return Err(unknown());
        }
        let recorded = append(&tx, held, event, now_ms)?;
        tx.commit()?;
        Ok(recorded)
    }

    /// The supplier whose inbound document key hashes to `key_hash`.
    pub fn supplier_by_inbound_key(&self, key_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db()
            .prepare_cached("SELECT id FROM suppliers WHERE inbound_key_hash = ?1")?
            .query_row([key_hash], |r| r.get(0))
            .optional()?)
    }

    /// Records what one document of supplier `supplier_id` says, all of it or (on any error)
    /// nothing, in one transaction: for each message, the order it names (by id, else by
    /// number, among the supplier's own orders) and its event, if it has one. A shipment
    /// without lines ships what is outstanding. A message without an event records nothing
    /// (`None`), and needs no order.
    pub fn record_supplier_messages(
        &mut self,
        supplier_id: &str,
        messages: Vec<(OrderRef, Option<OrderEvent>)>,
        now_ms: i64,
    ) -> Result<Vec<Option<RecordedEvent>>, StoreError> {
        let tx = self.db().transaction()?;
        let mut recorded = Vec::with_capacity(messages.len());
        for (order_ref, event) in messages {
            let Some(mut event) = event else {
                recorded.push(None);
                continue;
            };
            let held = supplier_order(&tx, supplier_id, &order_ref)?;
            if let OrderEvent::Shipped { lines, .. } = &mut event {
                if lines.is_empty() {
                    *lines = outstanding_lines(&held);
                }
            }
            recorded.push(Some(append(&tx, held, event, now_ms)?));
        }
        tx.commit()?;
        Ok(recorded)
    }

    /// Every live order the hub holds.
    pub fn hub_orders(&self) -> Result<Vec<PurchaseOrder>, StoreError> {
        let mut stmt = self.db().prepare_cached(
            "SELECT key, body FROM sync_records WHERE kind = 'order' AND deleted = 0 ORDER BY seq",
        )?;
        let mut rows = stmt.query(())?;
        let mut orders = Vec::new();
        while let Some(row) = rows.next()? {
            let (key, body): (String, String) = (row.get(0)?, row.get(1)?);
            match serde_json::from_str(&body)? {
                Record::Order(o) => orders.push(o),
                _ => return Err(super::corrupt_record(&key)),
            }
        }
        Ok(orders)
    }
}

/// Appends `event` to `held` (timed `now_ms` if it has no time) unless the order holds it
/// already, after [`order_events::check`].
fn append(
    conn: &Db<'_>,
    mut held: PurchaseOrder,
    event: OrderEvent,
    now_ms: i64,
) -> Result<RecordedEvent, StoreError> {
    let event = order_events::with_time(event, now_ms);
    let duplicate = match order_events::check(&held, &event) {
        Ok(Verdict::Duplicate) => true,
        Ok(Verdict::New) => false,
        Err(why) => return Err(StoreError::EventRefused(why)),
    };
    if !duplicate {
        held.events.push(event.clone());
        put(conn, &Record::Order(held.clone()))?;
    }
    Ok(RecordedEvent {
        order_id: held.id.to_string(),
        order_number: held.number,
        event,
        duplicate,
    })
}

/// Supplier `supplier_id`'s order that `order_ref` names: by id, else by number.
fn supplier_order(
    conn: &Db<'_>,
    supplier_id: &str,
    order_ref: &OrderRef,
) -> Result<PurchaseOrder, StoreError> {
    if let Some(id) = &order_ref.order_id {
        if let Some(held) = hub_order(conn, id)?.filter(|o| o.supplier_id == supplier_id) {
            return Ok(held);
        }
    }
    if let Some(number) = &order_ref.order_number {
        // The latest of the supplier's orders of that number, by key.
        if let Some(o) = super::index::orders_numbered(conn, supplier_id, number)?.pop() {
            return Ok(o);
        }
    }
    let named = [&order_ref.order_id, &order_ref.order_number]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" / ");
    Err(StoreError::UnknownOrder(if named.is_empty() {
        "(the document names no order id or number)".to_owned()
    } else {
        format!("{named} of supplier {supplier_id}")
    }))
}

/// The hub's order `id`, if it holds one.
fn hub_order(conn: &Db<'_>, id: &str) -> Result<Option<PurchaseOrder>, StoreError> {
    let key = RecordKey::new(RecordKind::Order, id);
    match current_record(conn, &key)? {
        None => Ok(None),
        Some(Record::Order(o)) => Ok(Some(o)),
        Some(_) => Err(super::corrupt_record(&key.storage_key())),
    }
}

fn was_sent(order: &PurchaseOrder) -> bool {
    order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Sent { .. }))
}

/// What identifies an order's content: the hash of its JSON without `events` (what happened
/// to it since is not part of the order; a device may resend the copy it pulled later).
fn body_hash(order: &PurchaseOrder) -> Result<String, StoreError> {
    let mut order = order.clone();
    order.events.clear();
    let json = serde_json::to_string(&order)?;
    Ok(hex::encode(Blake2b::<blake2::digest::consts::U32>::digest(
        json.as_bytes(),
    )))
}
