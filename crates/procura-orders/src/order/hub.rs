//! The hub's rules for orders: what a buyer's device may create or record, checked against the
//! organisation's own requisitions and the order as the hub holds it. The device runs the same
//! rules to show its queued change before the hub has seen it.

use super::{number_for, progress, LineAck, LineState, OrderEvent, PurchaseOrder, ReceivedLine};
use procura_ground::id::RequisitionId;
use procura_ground::limits::MAX_EVENTS_PER_ORDER;
use procura_ground::reason::Reason;
use procura_ground::reason::Refusal;
use procura_ground::role::Role;
use procura_procurement::approval::{Actor, Requisition, Status};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn buyer(actor: &Actor) -> Result<(), Refusal> {
    if actor.has(Role::Buyer) || actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(Reason::BuyersOrder {}.into())
    }
}

/// What the hub knows that an order is checked against.
pub struct OrderContext<'a> {
    /// A requisition by id, as the hub holds it.
    pub requisition: &'a dyn Fn(&str) -> Option<Requisition>,
    /// The lines (indices) of a requisition already on some order.
    pub ordered_lines: &'a dyn Fn(&str) -> Vec<u32>,
    pub supplier_exists: bool,
    /// The policy's tax rate, for a requisition line that names none (what its totals used).
    pub default_tax_percent: Decimal,
}

/// Checks a new order against the approved requisitions it names and returns it as the hub
/// stores it: the buyer from the session, the hub's time and number, no events.
pub fn create(
    order: &PurchaseOrder,
    exists: bool,
    author: &Actor,
    ctx: &OrderContext<'_>,
    now_ms: i64,
) -> Result<PurchaseOrder, Refusal> {
    buyer(author)?;
    if exists {
        return Err(Reason::OrderExists {
            order: order.id.to_string(),
        }
        .into());
    }
    if order.id.as_str().trim().is_empty() || order.id.as_str().len() > 64 {
        return Err(Reason::OrderIdInvalid {}.into());
    }
    if order.lines.is_empty() {
        return Err(Reason::OrderNoLines {}.into());
    }
    if !ctx.supplier_exists {
        return Err(Reason::OrderNoSupplier {
            supplier: order.supplier_id.to_string(),
        }
        .into());
    }
    for (n, line) in (1..).zip(&order.lines) {
        out_of_range(n + 1, procura_ground::money::check_quantity(line.quantity))?;
        out_of_range(n + 1, procura_ground::money::check_price(line.unit_price))?;
        out_of_range(
            n + 1,
            procura_ground::money::check_tax_percent(line.tax_percent),
        )?;
        out_of_range(
            n + 1,
            procura_ground::money::line_net(line.quantity, line.unit_price, &order.currency),
        )?;
    }
    let mut seen = BTreeSet::new();
    let mut requisitions: Vec<RequisitionId> = Vec::new();
    for (n, line) in (1..).zip(&order.lines) {
        if line.line_no != n {
            return Err(Reason::OrderLineMisnumbered {
                line: n,
                numbered: line.line_no,
            }
            .into());
        }
        let r = (ctx.requisition)(line.requisition_id.as_str()).ok_or_else(|| {
            Refusal::from(Reason::OrderNoRequisition {
                line: n,
                requisition: line.requisition_id.to_string(),
            })
        })?;
        if r.status != Status::Approved {
            return Err(Reason::OrderRequisitionNotApproved {
                line: n,
                title: r.title.clone(),
                status: r.status,
            }
            .into());
        }
        let idx = line.requisition_line;
        let Some(req_line) = r.lines.get(idx as usize) else {
            return Err(Reason::OrderRequisitionNoLine {
                line: n,
                title: r.title.clone(),
                requisition_line: idx + 1,
            }
            .into());
        };
        if !seen.insert((r.id.clone(), idx)) || (ctx.ordered_lines)(r.id.as_str()).contains(&idx) {
            return Err(Reason::AlreadyOrdered {
                line: n,
                requisition_line: idx + 1,
                title: r.title.clone(),
            }
            .into());
        }
        if req_line.supplier_id != order.supplier_id
            || req_line.currency != order.currency
            || r.delivery_address != order.ship_to
        {
            return Err(Reason::OrderLineDiffers { line: n }.into());
        }
        if req_line.quantity != line.quantity
            || req_line.unit_price != line.unit_price
            || req_line.item_id != line.item_id
            || req_line.unit != line.unit
        {
            return Err(Reason::OrderLineNotApproved {
                line: n,
                quantity: req_line.quantity.normalize(),
                unit: req_line.unit.clone(),
                price: req_line.unit_price,
            }
            .into());
        }
        if !requisitions.contains(&r.id) {
            requisitions.push(r.id.clone());
        }
    }
    let mut stored = order.clone();
    // What the supplier is asked for is what was approved: text, tax, class, contract and date
    // come from the requisition, whatever the device wrote (the SKU and GTIN it looked up stay).
    for line in &mut stored.lines {
        let r = (ctx.requisition)(line.requisition_id.as_str()).expect("checked above");
        let approved = &r.lines[line.requisition_line as usize];
        line.description.clone_from(&approved.description);
        line.unspsc.clone_from(&approved.unspsc);
        line.contract.clone_from(&approved.contract);
        line.need_by.clone_from(&r.need_by);
        line.tax_percent = approved.tax_percent.unwrap_or(ctx.default_tax_percent);
        if line.item_id.is_none() {
            line.supplier_part.clear();
        }
    }
    if stored
        .lines
        .iter()
        .any(|l| l.tax_percent < Decimal::ZERO || l.tax_percent > Decimal::ONE_HUNDRED)
    {
        return Err(Reason::OrderTaxInvalid {}.into());
    }
    stored.number = number_for(order.id.as_str());
    stored.buyer = author.id.clone();
    stored.buyer_name = author.name.clone();
    stored.requisitions = requisitions;
    stored.created_at_ms = now_ms;
    stored.events.clear();
    Ok(stored)
}

/// An order still open to the buyer's events: not cancelled or rejected, and below
/// [`MAX_EVENTS_PER_ORDER`] (each event is kept for good and pulled by every device).
fn open_for_events(order: &PurchaseOrder) -> Result<(), Refusal> {
    if let Some(why) = closed(order) {
        return Err(why.into());
    }
    if order.events.len() >= MAX_EVENTS_PER_ORDER {
        return Err(Reason::OrderTooManyEvents {
            max: MAX_EVENTS_PER_ORDER,
        }
        .into());
    }
    Ok(())
}

/// A money error as a refusal with its code, naming the line.
fn out_of_range<T>(
    line: u32,
    r: Result<T, procura_ground::money::MoneyError>,
) -> Result<T, Refusal> {
    r.map_err(|e| Reason::money(Some(line), &e).into())
}

fn closed(order: &PurchaseOrder) -> Option<Reason> {
    order.events.iter().rev().find_map(|e| match e {
        OrderEvent::Cancelled { .. } => Some(Reason::OrderCancelled {}),
        OrderEvent::Rejected { .. } => Some(Reason::OrderRejected {}),
        _ => None,
    })
}

/// Records goods received: accepted quantities up to what the supplier confirmed, damaged
/// ones with a reason (the claim the supplier sees).
pub fn receive(
    order: &PurchaseOrder,
    receipt_id: &str,
    lines: &[ReceivedLine],
    author: &Actor,
    now_ms: i64,
) -> Result<PurchaseOrder, Refusal> {
    buyer(author)?;
    open_for_events(order)?;
    if !order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Sent { .. }))
    {
        return Err(Reason::OrderNotSent {}.into());
    }
    if receipt_id.trim().is_empty() || lines.is_empty() {
        return Err(Reason::ReceiptEmpty {}.into());
    }
    if order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Received { receipt_id: r, .. } if r == receipt_id))
    {
        return Err(Reason::ReceiptExists {
            receipt: receipt_id.to_owned(),
        }
        .into());
    }
    let progress = progress(order);
    let mut named = BTreeSet::new();
    for l in lines {
        let Some(p) = progress.iter().find(|p| p.line_no == l.line_no) else {
            return Err(Reason::OrderNoLine { line: l.line_no }.into());
        };
        if !named.insert(l.line_no) {
            return Err(Reason::OrderLineTwice { line: l.line_no }.into());
        }
        if l.accepted < Decimal::ZERO || l.damaged < Decimal::ZERO {
            return Err(Reason::ReceiptNegative { line: l.line_no }.into());
        }
        out_of_range(l.line_no, procura_ground::money::check_count(l.accepted))?;
        out_of_range(l.line_no, procura_ground::money::check_count(l.damaged))?;
        if l.accepted.is_zero() && l.damaged.is_zero() {
            return Err(Reason::ReceiptNothing { line: l.line_no }.into());
        }
        if !l.damaged.is_zero() && l.reason.trim().is_empty() {
            return Err(Reason::ReceiptReasonMissing { line: l.line_no }.into());
        }
        let expected = p.confirmed.unwrap_or(p.ordered);
        let received = p.received.saturating_add(l.accepted);
        if received > expected {
            return Err(Reason::ReceiptTooMuch {
                line: l.line_no,
                received: received.normalize(),
                expected: expected.normalize(),
            }
            .into());
        }
    }
    let mut next = order.clone();
    next.events.push(OrderEvent::Received {
        at_ms: now_ms,
        receipt_id: receipt_id.to_owned(),
        by: author.id.to_string(),
        lines: lines.to_vec(),
    });
    Ok(next)
}

/// The buyer asks the supplier to change lines after sending.
pub fn request_change(
    order: &PurchaseOrder,
    request_id: &str,
    lines: &[LineAck],
    author: &Actor,
    now_ms: i64,
) -> Result<PurchaseOrder, Refusal> {
    buyer(author)?;
    open_for_events(order)?;
    let progress = progress(order);
    if lines.is_empty() || request_id.trim().is_empty() {
        return Err(Reason::ChangeEmpty {}.into());
    }
    if order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::ChangeRequested { request_id: r, .. } if r == request_id))
    {
        return Err(Reason::ChangeExists {
            request: request_id.to_owned(),
        }
        .into());
    }
    let mut named = BTreeSet::new();
    for l in lines {
        let Some(p) = progress.iter().find(|p| p.line_no == l.line_no()) else {
            return Err(Reason::OrderNoLine { line: l.line_no() }.into());
        };
        if !named.insert(l.line_no()) {
            return Err(Reason::OrderLineTwice { line: l.line_no() }.into());
        }
        check_change(l)?;
        if matches!(
            p.state,
            LineState::Shipped | LineState::Received | LineState::PartlyReceived
        ) {
            return Err(Reason::LineShipped { line: l.line_no() }.into());
        }
    }
    let mut next = order.clone();
    next.events.push(OrderEvent::ChangeRequested {
        at_ms: now_ms,
        request_id: request_id.to_owned(),
        lines: lines.to_vec(),
    });
    Ok(next)
}

/// The buyer asks the supplier to cancel an order nothing of which has shipped.
pub fn request_cancel(
    order: &PurchaseOrder,
    reason: &str,
    author: &Actor,
    now_ms: i64,
) -> Result<PurchaseOrder, Refusal> {
    buyer(author)?;
    open_for_events(order)?;
    if reason.trim().is_empty() {
        return Err(Reason::CancelReasonMissing {}.into());
    }
    if progress(order).iter().any(|p| p.shipped > Decimal::ZERO) {
        return Err(Reason::PartlyShipped {}.into());
    }
    let mut next = order.clone();
    next.events.push(OrderEvent::CancelRequested {
        at_ms: now_ms,
        reason: reason.trim().to_owned(),
    });
    Ok(next)
}

/// What a buyer's change request may ask for one line: a new quantity above zero and/or a
/// new delivery date (prices are the supplier's to change).
fn check_change(l: &LineAck) -> Result<(), Refusal> {
    let n = l.line_no();
    let LineAck::Changed {
        quantity,
        delivery_date,
        unit_price,
        ..
    } = l
    else {
        return Err(Reason::ChangeNotAChange {}.into());
    };
    if quantity.is_some_and(|q| q <= Decimal::ZERO) {
        return Err(Reason::ChangeQuantityNotPositive { line: n }.into());
    }
    if let Some(q) = quantity {
        out_of_range(n, procura_ground::money::check_quantity(*q))?;
    }
    if delivery_date.as_ref().is_some_and(|d| d.get().is_none()) {
        return Err(Reason::ChangeDateInvalid { line: n }.into());
    }
    if unit_price.is_some() {
        return Err(Reason::ChangePrice {}.into());
    }
    if quantity.is_none() && delivery_date.is_none() {
        return Err(Reason::ChangeNothing { line: n }.into());
    }
    Ok(())
}
