//! Purchase orders, sans-IO: approved requisitions become one order per supplier (and per
//! currency and ship-to address), each carrying the key that makes its transmission to the
//! supplier exactly-once; what the supplier answers (acknowledgements, shipments) and what the
//! buyer receives are events on the order, from which each line's progress is derived.
//!
//! Document formats (cXML, Peppol BIS) live in their own modules and translate to and from
//! these types.

pub mod cxml;
mod doc_xml;
pub mod documents;
pub mod hub;
mod overview;
pub mod peppol;
pub mod performance;
mod read;
pub mod transmit;

use procura_ground::date::{self, Date, Entered};
use procura_ground::id::{ItemId, OrderId, RequisitionId, SupplierId, UserId};
use procura_procurement::approval::{Requisition, Status};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    /// Made by the buyer's device (a UUID). It is also the idempotency key the supplier
    /// endpoint deduplicates on, so every retry of this order carries the same one.
    pub id: OrderId,
    /// For people: `PO-` and the first eight characters of the id, upper case.
    pub number: String,
    pub buyer: UserId,
    pub buyer_name: String,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub currency: String,
    pub ship_to: String,
    /// The requisitions this order fulfils (several when consolidated).
    pub requisitions: Vec<RequisitionId>,
    pub lines: Vec<OrderLine>,
    pub terms: Terms,
    pub created_at_ms: i64,
    /// What happened to the order since, oldest first.
    #[serde(default)]
    pub events: Vec<OrderEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// 1, 2, 3… within the order; documents refer to lines by it.
    pub line_no: u32,
    pub requisition_id: RequisitionId,
    /// Index of the line in its requisition.
    pub requisition_line: u32,
    pub item_id: Option<ItemId>,
    /// The supplier's article number (SKU), empty for a non-catalog line.
    pub supplier_part: String,
    #[serde(default)]
    pub gtin: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    /// UN/ECE Rec 20.
    pub unit: String,
    pub unit_price: Decimal,
    pub tax_percent: Decimal,
    /// `YYYY-MM-DD`.
    #[serde(with = "date::day")]
    pub need_by: Date,
    #[serde(default)]
    pub unspsc: String,
    /// The contract the line is priced by (from its requisition line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<procura_ground::id::ContractRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// Net payment days.
    pub payment_days: u32,
    /// Incoterms 2020 code, when agreed (`DAP`, `FCA`, …).
    #[serde(default)]
    pub incoterm: Option<String>,
    #[serde(default)]
    pub note: String,
}

impl Default for Terms {
    fn default() -> Self {
        Self {
            payment_days: 30,
            incoterm: Some("DAP".to_owned()),
            note: String::new(),
        }
    }
}

/// What the supplier said about one line in an acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LineAck {
    Accepted {
        line_no: u32,
    },
    Rejected {
        line_no: u32,
        reason: String,
    },
    /// Accepted with changes: any of quantity, delivery date, unit price.
    Changed {
        line_no: u32,
        #[serde(default)]
        quantity: Option<Decimal>,
        /// `YYYY-MM-DD` as written: a buyer's change request with a text that is not a day is
        /// refused (`order.change_date_invalid`); documents and suppliers only give days.
        #[serde(default)]
        delivery_date: Option<Entered<Date>>,
        #[serde(default)]
        unit_price: Option<Decimal>,
    },
}

impl LineAck {
    pub fn line_no(&self) -> u32 {
        match self {
            LineAck::Accepted { line_no }
            | LineAck::Rejected { line_no, .. }
            | LineAck::Changed { line_no, .. } => *line_no,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedLine {
    pub line_no: u32,
    pub quantity: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedLine {
    pub line_no: u32,
    /// Taken into stock.
    pub accepted: Decimal,
    /// Refused at the door (damaged, wrong); a claim goes back to the supplier.
    #[serde(default)]
    pub damaged: Decimal,
    #[serde(default)]
    pub reason: String,
}

/// Something that happened to an order.
///
/// Read through one JSON value whatever the format (HTTP, IndexedDB, the hub's store): see
/// [`procura_ground::read_through_json!`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", remote = "Self")]
pub enum OrderEvent {
    /// The supplier endpoint accepted the order (answered 2xx).
    Sent {
        at_ms: i64,
    },
    /// The supplier's order response. Lines not named are accepted as ordered.
    Acknowledged {
        at_ms: i64,
        lines: Vec<LineAck>,
        #[serde(default)]
        note: String,
    },
    /// The supplier refused the whole order.
    Rejected {
        at_ms: i64,
        reason: String,
    },
    Shipped {
        at_ms: i64,
        shipment_id: String,
        #[serde(default)]
        carrier: String,
        #[serde(default)]
        tracking: String,
        /// `YYYY-MM-DD`, when the supplier says it arrives.
        #[serde(default, with = "date::day_opt")]
        expected: Option<Date>,
        lines: Vec<ShippedLine>,
    },
    Delivered {
        at_ms: i64,
        shipment_id: String,
    },
    /// Goods received on site (by the buyer's side).
    Received {
        at_ms: i64,
        receipt_id: String,
        by: String,
        lines: Vec<ReceivedLine>,
    },
    /// The buyer asked to change quantities or dates after sending.
    ChangeRequested {
        at_ms: i64,
        request_id: String,
        lines: Vec<LineAck>,
    },
    ChangeConfirmed {
        at_ms: i64,
        request_id: String,
    },
    CancelRequested {
        at_ms: i64,
        reason: String,
    },
    Cancelled {
        at_ms: i64,
    },
}

procura_ground::read_through_json!(OrderEvent);

/// The event's `at_ms` field, by reference (shared or mutable, as `$event` is).
macro_rules! at_ms_of {
    ($event:expr) => {
        match $event {
            OrderEvent::Sent { at_ms }
            | OrderEvent::Acknowledged { at_ms, .. }
            | OrderEvent::Rejected { at_ms, .. }
            | OrderEvent::Shipped { at_ms, .. }
            | OrderEvent::Delivered { at_ms, .. }
            | OrderEvent::Received { at_ms, .. }
            | OrderEvent::ChangeRequested { at_ms, .. }
            | OrderEvent::ChangeConfirmed { at_ms, .. }
            | OrderEvent::CancelRequested { at_ms, .. }
            | OrderEvent::Cancelled { at_ms } => at_ms,
        }
    };
}

impl OrderEvent {
    pub fn at_ms(&self) -> i64 {
        *at_ms_of!(self)
    }

    /// When it happened, to fill in (a document without a time gets the receiver's clock).
    pub fn at_ms_mut(&mut self) -> &mut i64 {
        at_ms_of!(self)
    }
}

/// The order number people see.
pub fn number_for(id: &str) -> String {
    let short: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!("PO-{}", short.to_uppercase())
}

/// A catalog item's supplier article number (SKU) and GTIN.
pub type SupplierPart = (String, Option<String>);

/// A requisition line no order can take yet: a non-catalog line without a chosen supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unassigned {
    pub requisition_id: RequisitionId,
    pub requisition_line: u32,
    pub description: String,
}

/// The orders `requisitions` (approved, not yet ordered) become: one per supplier, currency
/// and ship-to address, lines in requisition order. A line that names no tax rate is taxed at
/// `default_tax_percent`, the policy's, as the requisition's totals were. `new_id` makes each
/// order's id (the caller passes UUIDs; tests pass counters); `supplier_part` finds a catalog
/// line's SKU and GTIN. Lines without a supplier come back as [`Unassigned`].
pub fn plan(
    requisitions: &[&Requisition],
    default_tax_percent: Decimal,
    buyer: (&str, &str),
    supplier_name: &dyn Fn(&str) -> String,
    supplier_part: &dyn Fn(&str) -> Option<SupplierPart>,
    new_id: &mut dyn FnMut() -> String,
    now_ms: i64,
) -> (Vec<PurchaseOrder>, Vec<Unassigned>) {
    let mut groups: BTreeMap<(SupplierId, String, String), Vec<OrderLine>> = BTreeMap::new();
    let mut req_ids: BTreeMap<(SupplierId, String, String), Vec<RequisitionId>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    for r in requisitions.iter().filter(|r| r.status == Status::Approved) {
        for (i, line) in r.lines.iter().enumerate() {
            if line.supplier_id.as_str().trim().is_empty() {
                unassigned.push(Unassigned {
                    requisition_id: r.id.clone(),
                    requisition_line: i as u32,
                    description: line.description.clone(),
                });
                continue;
            }
            let key = (
                line.supplier_id.clone(),
                line.currency.clone(),
                r.delivery_address.clone(),
            );
            let (part, gtin) = line
                .item_id
                .as_ref()
                .and_then(|i| supplier_part(i.as_str()))
                .unwrap_or_default();
            groups.entry(key.clone()).or_default().push(OrderLine {
                line_no: 0,
                requisition_id: r.id.clone(),
                requisition_line: i as u32,
                item_id: line.item_id.clone(),
                supplier_part: part,
                gtin,
                description: line.description.clone(),
                quantity: line.quantity,
                unit: line.unit.clone(),
                unit_price: line.unit_price,
                tax_percent: line.tax_percent.unwrap_or(default_tax_percent),
                need_by: r.need_by,
                unspsc: line.unspsc.clone(),
                contract: line.contract.clone(),
            });
            let ids = req_ids.entry(key).or_default();
            if !ids.contains(&r.id) {
                ids.push(r.id.clone());
            }
        }
    }
    let orders = groups
        .into_iter()
        .map(|((supplier_id, currency, ship_to), mut lines)| {
            for (n, line) in lines.iter_mut().enumerate() {
                line.line_no = n as u32 + 1;
            }
            let id = OrderId::from(new_id());
            let requisitions = req_ids
                .remove(&(supplier_id.clone(), currency.clone(), ship_to.clone()))
                .unwrap_or_default();
            PurchaseOrder {
                number: number_for(id.as_str()),
                id,
                buyer: buyer.0.into(),
                buyer_name: buyer.1.to_owned(),
                supplier_name: supplier_name(supplier_id.as_str()),
                supplier_id,
                currency,
                ship_to,
                requisitions,
                lines,
                terms: Terms::default(),
                created_at_ms: now_ms,
                events: Vec::new(),
            }
        })
        .collect();
    (orders, unassigned)
}

/// The lines (indices) of requisition `id` that some order in `orders` already takes.
pub fn ordered_lines<'a>(
    orders: impl IntoIterator<Item = &'a PurchaseOrder>,
    id: &str,
) -> Vec<u32> {
    orders
        .into_iter()
        .flat_map(lines_taken)
        .filter(|(r, _)| *r == id)
        .map(|(_, line)| line)
        .collect()
}

/// The requisition lines (requisition id, line index) `order` takes: all of its lines while it
/// is open, none once it is closed (a cancelled or rejected order gives its lines back). The
/// one rule behind [`ordered_lines`], and what a store that indexes orders by requisition keeps.
pub fn lines_taken(order: &PurchaseOrder) -> impl Iterator<Item = (&str, u32)> {
    let open = !is_closed(order);
    order
        .lines
        .iter()
        .filter(move |_| open)
        .map(|l| (l.requisition_id.as_str(), l.requisition_line))
}

/// The one contract an order is under: the contract of its contract-priced lines when they
/// all name the same one (`None` without any, or with several).
pub fn contract_of(order: &PurchaseOrder) -> Option<&procura_ground::id::ContractRef> {
    let mut named = order.lines.iter().filter_map(|l| l.contract.as_ref());
    let first = named.next()?;
    named.all(|c| c.number == first.number).then_some(first)
}

/// The supplier cancelled (confirming a request) or rejected the whole order.
pub fn is_closed(order: &PurchaseOrder) -> bool {
    order.events.iter().any(|e| {
        matches!(
            e,
            OrderEvent::Cancelled { .. } | OrderEvent::Rejected { .. }
        )
    })
}

/// Where one line stands, from the order's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProgress {
    pub line_no: u32,
    pub ordered: Decimal,
    /// What the supplier confirmed (ordered, unless changed; zero if rejected).
    pub confirmed: Option<Decimal>,
    /// The delivery date the supplier confirmed, if it changed one.
    #[serde(default, with = "date::day_opt")]
    pub confirmed_date: Option<Date>,
    pub confirmed_price: Option<Decimal>,
    pub shipped: Decimal,
    pub received: Decimal,
    pub damaged: Decimal,
    pub state: LineState,
    /// The supplier changed quantity, date or price.
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineState {
    Draft,
    Sent,
    Acknowledged,
    PartlyShipped,
    Shipped,
    PartlyReceived,
    Received,
    Rejected,
    Cancelled,
}

/// Each line's progress: sent → acknowledged → shipped n of m → received.
pub fn progress(po: &PurchaseOrder) -> Vec<LineProgress> {
    let mut lines: Vec<LineProgress> = po
        .lines
        .iter()
        .map(|l| LineProgress {
            line_no: l.line_no,
            ordered: l.quantity,
            confirmed: None,
            confirmed_date: None,
            confirmed_price: None,
            shipped: Decimal::ZERO,
            received: Decimal::ZERO,
            damaged: Decimal::ZERO,
            state: LineState::Draft,
            changed: false,
        })
        .collect();
    let mut sent = false;
    let mut cancelled = false;
    let mut rejected_order = false;
    // Change requests wait for the supplier's confirmation before they count.
    let mut requested: BTreeMap<String, Vec<LineAck>> = BTreeMap::new();
    for event in &po.events {
        match event {
            OrderEvent::Sent { .. } => sent = true,
            OrderEvent::Acknowledged { lines: acks, .. } => {
                for p in &mut lines {
                    p.confirmed = Some(p.ordered);
                }
                apply_acks(&mut lines, acks);
            }
            OrderEvent::ChangeRequested {
                request_id,
                lines: asked,
                ..
            } => {
                requested.insert(request_id.clone(), asked.clone());
            }
            OrderEvent::ChangeConfirmed { request_id, .. } => {
                if let Some(asked) = requested.remove(request_id) {
                    for p in &mut lines {
                        p.confirmed.get_or_insert(p.ordered);
                    }
                    apply_acks(&mut lines, &asked);
                }
            }
            OrderEvent::Shipped { lines: shipped, .. } => {
                for s in shipped {
                    if let Some(p) = lines.iter_mut().find(|p| p.line_no == s.line_no) {
                        p.shipped = p.shipped.saturating_add(s.quantity);
                    }
                }
            }
            OrderEvent::Received {
                lines: received, ..
            } => {
                for r in received {
                    if let Some(p) = lines.iter_mut().find(|p| p.line_no == r.line_no) {
                        p.received = p.received.saturating_add(r.accepted);
                        p.damaged = p.damaged.saturating_add(r.damaged);
                    }
                }
            }
            OrderEvent::Rejected { .. } => rejected_order = true,
            OrderEvent::Cancelled { .. } => cancelled = true,
            OrderEvent::Delivered { .. } | OrderEvent::CancelRequested { .. } => {}
        }
    }
    for p in &mut lines {
        let expected = p.confirmed.unwrap_or(p.ordered);
        p.state = if cancelled {
            LineState::Cancelled
        } else if rejected_order || p.confirmed == Some(Decimal::ZERO) {
            LineState::Rejected
        } else if p.received > Decimal::ZERO && p.received >= expected {
            LineState::Received
        } else if p.received > Decimal::ZERO {
            LineState::PartlyReceived
        } else if p.shipped > Decimal::ZERO && p.shipped >= expected {
            LineState::Shipped
        } else if p.shipped > Decimal::ZERO {
            LineState::PartlyShipped
        } else if p.confirmed.is_some() {
            LineState::Acknowledged
        } else if sent {
            LineState::Sent
        } else {
            LineState::Draft
        };
    }
    lines
}

/// Applies what a supplier said about lines (in an acknowledgement, or confirming a change).
fn apply_acks(lines: &mut [LineProgress], acks: &[LineAck]) {
    for ack in acks {
        let Some(p) = lines.iter_mut().find(|p| p.line_no == ack.line_no()) else {
            continue;
        };
        match ack {
            LineAck::Accepted { .. } => {}
            LineAck::Rejected { .. } => p.confirmed = Some(Decimal::ZERO),
            LineAck::Changed {
                quantity,
                delivery_date,
                unit_price,
                ..
            } => {
                p.changed = true;
                if let Some(q) = quantity {
                    p.confirmed = Some(*q);
                }
                if let Some(day) = delivery_date.as_ref().and_then(Entered::get) {
                    p.confirmed_date = Some(day);
                }
                if unit_price.is_some() {
                    p.confirmed_price = *unit_price;
                }
            }
        }
    }
}

/// Whether a line is late against its need-by date on `today`: not fully received and either
/// the date passed or the supplier confirmed a later date.
pub fn is_late(line: &OrderLine, progress: &LineProgress, today: Date) -> bool {
    if matches!(
        progress.state,
        LineState::Received | LineState::Rejected | LineState::Cancelled
    ) {
        return false;
    }
    let promised_late = progress.confirmed_date.is_some_and(|d| d > line.need_by);
    promised_late || today > line.need_by
}

pub use overview::{overall_status, OrderFilter, OrderOverview, OrderStatus};
pub use read::{parse_order_document, parse_supplier_document, parse_supplier_messages};

#[cfg(test)]
mod tests;
