//! What a history amounts to, counted from its records: orders, lines and spend per quarter,
//! and per supplier how often it delivered on time, how much arrived damaged, how long it took
//! to acknowledge and how often it changed a price. For the demo's tests and its summary
//! example; the organisation's scorecards are computed by the suppliers crate.

use super::History;
use procura_ground::date::{day_of_ms, Quarter};
use procura_ground::id::SupplierId;
use procura_ground::money;
use procura_orders::order::{LineAck, OrderEvent, PurchaseOrder};
use procura_procurement::approval::Policy;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Counts of a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub requisitions: usize,
    pub orders: usize,
    pub lines: usize,
    /// Order lines without a catalog item (maverick spend).
    pub free_text_lines: usize,
    /// By the quarter each order was made in, oldest first.
    pub quarters: Vec<QuarterFigures>,
    /// By supplier id.
    pub suppliers: Vec<SupplierFigures>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterFigures {
    pub quarter: Quarter,
    pub orders: usize,
    pub lines: usize,
    /// Net of the order lines as ordered, in the policy's currency.
    pub net: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierFigures {
    pub supplier_id: SupplierId,
    pub orders: usize,
    pub lines: usize,
    /// Lines received in full (the rest are still on their way).
    pub lines_received: usize,
    /// Of those, received in full by the requisition's need-by date.
    pub on_time: usize,
    /// Taken into stock and refused at the door, over all receipts.
    pub accepted: Decimal,
    pub damaged: Decimal,
    /// Acknowledged orders and the hours from sent to acknowledged, summed.
    pub acknowledged: usize,
    pub ack_hours: Decimal,
    /// Lines the supplier acknowledged at another price, or with a later date.
    pub price_changes: usize,
    pub date_changes: usize,
    /// Net ordered, in the policy's currency.
    pub net: Decimal,
}

impl SupplierFigures {
    /// Lines received in full by their need-by date, percent of lines received in full.
    pub fn on_time_percent(&self) -> Decimal {
        percent(
            Decimal::from(self.on_time),
            Decimal::from(self.lines_received),
        )
    }

    /// Quantity refused as damaged, percent of all delivered.
    pub fn damaged_percent(&self) -> Decimal {
        percent(self.damaged, self.accepted + self.damaged)
    }

    /// Mean hours from sent to acknowledged.
    pub fn mean_ack_hours(&self) -> Decimal {
        if self.acknowledged == 0 {
            return Decimal::ZERO;
        }
        (self.ack_hours / Decimal::from(self.acknowledged)).round_dp(1)
    }

    /// Lines acknowledged at another price, percent of lines.
    pub fn price_change_percent(&self) -> Decimal {
        percent(Decimal::from(self.price_changes), Decimal::from(self.lines))
    }
}

fn percent(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    (part * Decimal::ONE_HUNDRED / whole).round_dp(1)
}

/// The figures of `history`, amounts in `policy`'s currency at its rates.
pub fn figures(history: &History, policy: &Policy) -> Figures {
    let mut quarters: BTreeMap<Quarter, QuarterFigures> = BTreeMap::new();
    let mut suppliers: BTreeMap<SupplierId, SupplierFigures> = BTreeMap::new();
    let mut lines = 0;
    let mut free_text_lines = 0;
    for po in &history.orders {
        let net = net_of(po, policy);
        let quarter = Quarter::of(day_of_ms(po.created_at_ms));
        let q = quarters.entry(quarter).or_insert(QuarterFigures {
            quarter,
            orders: 0,
            lines: 0,
            net: Decimal::ZERO,
        });
        q.orders += 1;
        q.lines += po.lines.len();
        q.net += net;
        lines += po.lines.len();
        free_text_lines += po.lines.iter().filter(|l| l.item_id.is_none()).count();
        let s = suppliers
            .entry(po.supplier_id.clone())
            .or_insert_with(|| SupplierFigures {
                supplier_id: po.supplier_id.clone(),
                ..SupplierFigures::default()
            });
        s.orders += 1;
        s.lines += po.lines.len();
        s.net += net;
        delivery(po, s);
    }
    Figures {
        requisitions: history.requisitions.len(),
        orders: history.orders.len(),
        lines,
        free_text_lines,
        quarters: quarters.into_values().collect(),
        suppliers: suppliers.into_values().collect(),
    }
}

/// The order's net as ordered, in the policy's currency (an amount that cannot be converted
/// counts nothing).
fn net_of(po: &PurchaseOrder, policy: &Policy) -> Decimal {
    let Some(rate) = policy.rate(&po.currency) else {
        return Decimal::ZERO;
    };
    po.lines
        .iter()
        .filter_map(|l| money::line_net(l.quantity, l.unit_price, &po.currency).ok())
        .filter_map(|net| money::convert(net, rate, &policy.currency).ok())
        .sum()
}

/// Adds what `po`'s events say about its supplier's delivery to `s`.
fn delivery(po: &PurchaseOrder, s: &mut SupplierFigures) {
    let sent = po.events.iter().find_map(|e| match e {
        OrderEvent::Sent { at_ms } => Some(*at_ms),
        _ => None,
    });
    let mut received: BTreeMap<u32, Decimal> = BTreeMap::new();
    let mut done: BTreeMap<u32, i64> = BTreeMap::new();
    for event in &po.events {
        match event {
            OrderEvent::Acknowledged { at_ms, lines, .. } => {
                if let Some(sent) = sent {
                    s.acknowledged += 1;
                    s.ack_hours += Decimal::from(at_ms - sent) / Decimal::from(3_600_000);
                }
                for ack in lines {
                    if let LineAck::Changed {
                        unit_price,
                        delivery_date,
                        ..
                    } = ack
                    {
                        s.price_changes += usize::from(unit_price.is_some());
                        s.date_changes += usize::from(delivery_date.is_some());
                    }
                }
            }
            OrderEvent::Received { at_ms, lines, .. } => {
                for l in lines {
                    s.accepted += l.accepted;
                    s.damaged += l.damaged;
                    let total = received.entry(l.line_no).or_default();
                    *total += l.accepted;
                    let ordered = po
                        .lines
                        .iter()
                        .find(|o| o.line_no == l.line_no)
                        .map_or(Decimal::ZERO, |o| o.quantity);
                    if *total >= ordered && !done.contains_key(&l.line_no) {
                        done.insert(l.line_no, *at_ms);
                    }
                }
            }
            _ => {}
        }
    }
    for line in &po.lines {
        if let Some(at) = done.get(&line.line_no) {
            s.lines_received += 1;
            if day_of_ms(*at) <= line.need_by {
                s.on_time += 1;
            }
        }
    }
}
