//! What a supplier may say about an order it received, checked against the order as the hub
//! holds it: the endpoint's test and demo routes, the supplier simulation and inbound supplier
//! documents all append their events through [`check`], so none of them can write an event that
//! contradicts the order (a shipment of a line that does not exist, more shipped than
//! confirmed, anything on a cancelled order).
//!
//! A repeated event (the same document sent twice, a retried request) is recognised and not
//! appended again: equal to one the order holds, its time aside.

use procura_ground::date::{parse_day, Date};
use procura_orders::order::{progress, LineAck, LineProgress, OrderEvent, PurchaseOrder};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What [`check`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Append it.
    New,
    /// The order holds this event already: append nothing.
    Duplicate,
}

/// Whether the supplier may add `event` to `order` now. `Err` says why not, for people.
pub fn check(order: &PurchaseOrder, event: &OrderEvent) -> Result<Verdict, String> {
    if !order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Sent { .. }))
    {
        return Err(format!(
            "order {} has not been sent to the supplier yet",
            order.number
        ));
    }
    let timeless = without_time(event);
    if order.events.iter().any(|e| without_time(e) == timeless) {
        return Ok(Verdict::Duplicate);
    }
    if let Some(why) = closed(order) {
        return Err(format!("order {} is {why}", order.number));
    }
    let most = procura_sync::limits::MAX_EVENTS_PER_ORDER;
    if order.events.len() >= most {
        return Err(format!(
            "order {} holds {most} events, the most it may",
            order.number
        ));
    }
    let progress = progress(order);
    let line = |no: u32| -> Result<&LineProgress, String> {
        progress
            .iter()
            .find(|p| p.line_no == no)
            .ok_or_else(|| format!("order {} has no line {no}", order.number))
    };
    let nothing_shipped = || -> Result<(), String> {
        if progress.iter().any(|p| p.shipped > Decimal::ZERO) {
            Err(format!("part of order {} has shipped", order.number))
        } else {
            Ok(())
        }
    };
    match event {
        OrderEvent::Acknowledged { lines, .. } => {
            let mut seen = BTreeSet::new();
            for ack in lines {
                let p = line(ack.line_no())?;
                if !seen.insert(ack.line_no()) {
                    return Err(format!("line {} is acknowledged twice", ack.line_no()));
                }
                check_line_ack(ack, p)?;
            }
        }
        OrderEvent::Rejected { reason, .. } => {
            if reason.trim().is_empty() {
                return Err("say why the order is rejected".into());
            }
            nothing_shipped()?;
        }
        OrderEvent::Shipped {
            shipment_id, lines, ..
        } => {
            if shipment_id.trim().is_empty() {
                return Err("a shipment needs an id".into());
            }
            if shipment(order, shipment_id) {
                return Err(format!(
                    "shipment {shipment_id} is recorded already, with other lines"
                ));
            }
            if lines.is_empty() {
                return Err("a shipment carries at least one line".into());
            }
            let mut seen = BTreeSet::new();
            for s in lines {
                let p = line(s.line_no)?;
                if !seen.insert(s.line_no) {
                    return Err(format!("line {} appears twice in the shipment", s.line_no));
                }
                if s.quantity <= Decimal::ZERO {
                    return Err(format!("line {}: ship a positive quantity", s.line_no));
                }
                procura_ground::money::check_quantity(s.quantity)
                    .map_err(|e| format!("line {}: {e}", s.line_no))?;
                // What the buyer refused at the door goes back: the supplier may replace it.
                let confirmed = p.confirmed.unwrap_or(p.ordered);
                let kept = p
                    .shipped
                    .saturating_sub(p.damaged)
                    .saturating_add(s.quantity);
                if kept > confirmed {
                    return Err(format!(
                        "line {}: {} shipped (net of {} refused at delivery) of {} confirmed",
                        s.line_no,
                        kept.normalize(),
                        p.damaged.normalize(),
                        confirmed.normalize()
                    ));
                }
            }
        }
        OrderEvent::Delivered { shipment_id, .. } => {
            // Delivered twice is the same event twice: a duplicate, above.
            if !shipment(order, shipment_id) {
                return Err(format!("there is no shipment {shipment_id}"));
            }
        }
        OrderEvent::ChangeConfirmed { request_id, .. } => {
            let asked = order.events.iter().rev().find_map(|e| match e {
                OrderEvent::ChangeRequested {
                    request_id: r,
                    lines,
                    ..
                } if r == request_id => Some(lines),
                _ => None,
            });
            let Some(asked) = asked else {
                return Err(format!("the buyer asked for no change {request_id}"));
            };
            // The hub takes a change request as the buyer wrote it; what the supplier
            // confirms must still make sense for the line as it stands now.
            for ack in asked {
                check_line_ack(ack, line(ack.line_no())?)
                    .map_err(|why| format!("change {request_id} cannot be confirmed: {why}"))?;
            }
        }
        OrderEvent::Cancelled { .. } => {
            let requested = order
                .events
                .iter()
                .any(|e| matches!(e, OrderEvent::CancelRequested { .. }));
            if !requested {
                return Err(format!(
                    "the buyer has not asked to cancel order {}",
                    order.number
                ));
            }
            nothing_shipped()?;
        }
        OrderEvent::Sent { .. }
        | OrderEvent::Received { .. }
        | OrderEvent::ChangeRequested { .. }
        | OrderEvent::CancelRequested { .. } => {
            return Err("that is the buyer's to record, not the supplier's".into());
        }
    }
    Ok(Verdict::New)
}

/// One line of an acknowledgement, against where the line stands.
fn check_line_ack(ack: &LineAck, p: &LineProgress) -> Result<(), String> {
    match ack {
        LineAck::Accepted { .. } => Ok(()),
        LineAck::Rejected { line_no, reason } => {
            if reason.trim().is_empty() {
                return Err(format!("line {line_no}: say why it is rejected"));
            }
            if p.shipped > Decimal::ZERO {
                return Err(format!("line {line_no} has shipped already"));
            }
            Ok(())
        }
        LineAck::Changed {
            line_no,
            quantity,
            delivery_date,
            unit_price,
        } => {
            if quantity.is_none() && delivery_date.is_none() && unit_price.is_none() {
                return Err(format!(
                    "line {line_no}: a change names a quantity, a date or a price"
                ));
            }
            if let Some(p) = unit_price {
                procura_ground::money::check_price(*p)
                    .map_err(|e| format!("line {line_no}: {e}"))?;
            }
            if let Some(q) = quantity {
                if *q <= Decimal::ZERO {
                    return Err(format!(
                        "line {line_no}: confirm a positive quantity (or reject the line)"
                    ));
                }
                procura_ground::money::check_quantity(*q)
                    .map_err(|e| format!("line {line_no}: {e}"))?;
                if *q < p.shipped {
                    return Err(format!(
                        "line {line_no}: {} shipped already",
                        p.shipped.normalize()
                    ));
                }
            }
            if unit_price.is_some_and(|price| price < Decimal::ZERO) {
                return Err(format!("line {line_no}: a price cannot be negative"));
            }
            if let Some(date) = delivery_date {
                day(&date.text())?;
            }
            Ok(())
        }
    }
}

/// The day `text` names (`YYYY-MM-DD`), or why it is not one.
pub fn day(text: &str) -> Result<Date, String> {
    parse_day(text).ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

/// Whether the order holds shipment `id`.
fn shipment(order: &PurchaseOrder, id: &str) -> bool {
    order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Shipped { shipment_id, .. } if shipment_id == id))
}

/// Why nothing more happens to the order, if nothing does.
pub fn closed(order: &PurchaseOrder) -> Option<&'static str> {
    order.events.iter().rev().find_map(|e| match e {
        OrderEvent::Cancelled { .. } => Some("cancelled"),
        OrderEvent::Rejected { .. } => Some("rejected by the supplier"),
        _ => None,
    })
}

/// The event with its time zeroed: what two deliveries of the same message share.
fn without_time(event: &OrderEvent) -> OrderEvent {
    let mut e = event.clone();
    *e.at_ms_mut() = 0;
    e
}

/// `event`, timed `now_ms` when it carries no time (`at_ms` 0).
pub fn with_time(mut event: OrderEvent, now_ms: i64) -> OrderEvent {
    let at = event.at_ms_mut();
    if *at == 0 {
        *at = now_ms;
    }
    event
}
