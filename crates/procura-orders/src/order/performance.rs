//! What suppliers did on orders, as the neutral facts supplier performance is computed from
//! ([`procura_suppliers::performance`]): one [`LineFacts`] per order line, read from the
//! order's events.
//!
//! Which lines count: lines of orders that were **sent** to the supplier (an order still on the
//! buyer's device says nothing about the supplier) and that are not closed (a cancelled or
//! wholly rejected order is left out), except lines the supplier rejected in its
//! acknowledgement (confirmed quantity zero).
//!
//! Per line: the quantity is what the supplier confirmed (the ordered one unless it changed
//! it); the promised day is the delivery day it confirmed (in an acknowledgement or a confirmed
//! change request); the confirmed price is its changed unit price, or the order's once it
//! acknowledged without changing it; sent and acknowledged are the first such events; the
//! receipts are every goods receipt of the line.

use super::{is_closed, progress, OrderEvent, PurchaseOrder};
use procura_ground::id::ItemId;
use procura_suppliers::performance::{LineFacts, ReceiptFacts};
use rust_decimal::Decimal;

/// The facts of every counted line of `orders` (see the module's notes); `lead_days` gives a
/// catalog item's lead time in days.
pub fn facts(
    orders: &[PurchaseOrder],
    lead_days: impl Fn(&ItemId) -> Option<u32>,
) -> Vec<LineFacts> {
    let mut out = Vec::new();
    for order in orders {
        let Some(sent_at_ms) = order.events.iter().find_map(|e| match e {
            OrderEvent::Sent { at_ms } => Some(*at_ms),
            _ => None,
        }) else {
            continue;
        };
        if is_closed(order) {
            continue;
        }
        let acknowledged_at_ms = order.events.iter().find_map(|e| match e {
            OrderEvent::Acknowledged { at_ms, .. } => Some(*at_ms),
            _ => None,
        });
        for (line, p) in order.lines.iter().zip(progress(order)) {
            let quantity = p.confirmed.unwrap_or(p.ordered);
            if quantity <= Decimal::ZERO {
                continue;
            }
            let receipts = order
                .events
                .iter()
                .filter_map(|e| match e {
                    OrderEvent::Received { at_ms, lines, .. } => Some((at_ms, lines)),
                    _ => None,
                })
                .flat_map(|(at_ms, lines)| {
                    lines
                        .iter()
                        .filter(|r| r.line_no == line.line_no)
                        .map(|r| ReceiptFacts {
                            at_ms: *at_ms,
                            accepted: r.accepted,
                            damaged: r.damaged,
                        })
                })
                .collect();
            out.push(LineFacts {
                supplier_id: order.supplier_id.clone(),
                order_id: order.id.to_string(),
                line_no: line.line_no,
                ordered_at_ms: order.created_at_ms,
                sent_at_ms: Some(sent_at_ms),
                acknowledged_at_ms,
                quantity,
                need_by: line.need_by,
                promised: p.confirmed_date,
                agreed_price: line.unit_price,
                confirmed_price: acknowledged_at_ms
                    .map(|_| p.confirmed_price.unwrap_or(line.unit_price)),
                currency: order.currency.clone(),
                catalog_lead_days: line.item_id.as_ref().and_then(&lead_days),
                receipts,
            });
        }
    }
    out
}
