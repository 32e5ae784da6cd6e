//! The demo suppliers' invoices: for every order received in the last [`WINDOW_DAYS`] days, the
//! supplier invoices what was accepted a few days after the receipt, at the order's prices, by
//! the one money rule, so most invoices match. A few are what accounts payable meets every
//! week, deterministic in the seed:
//!
//! * one in [`PRICE_EVERY`] bills one line 6 % above the order price (beyond the default 2 %
//!   tolerance: an exception);
//! * an order with damaged goods is billed as shipped, the damaged quantity too (over what
//!   was accepted: an exception); on every second such order the supplier has already sent
//!   the credit note for it (both match);
//! * one in [`ROUNDING_EVERY`] states a total 0.01 off (within tolerance: matched, shown);
//! * an order of the window received but not yet invoiced stays so.
//!
//! Each invoice is recorded by [`invoice::record`], as the hub records one a supplier posts.

use procura_ground::date::{add_days, day_of_ms, Date};
use procura_ground::money;
use procura_invoicing::invoice::{self, DocKind, Invoice, InvoiceDocument, InvoiceLine, Source};
use procura_orders::order::{OrderEvent, PurchaseOrder};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Orders received in these last days before `today` are invoiced.
pub const WINDOW_DAYS: i64 = 75;
pub const PRICE_EVERY: u64 = 7;
pub const ROUNDING_EVERY: u64 = 9;
/// One in this many received orders is not invoiced yet.
pub const PENDING_EVERY: u64 = 6;

/// The invoices and credit notes of the demo suppliers for `orders`, recorded before `today`.
pub fn invoices(seed: u64, today: Date, orders: &[PurchaseOrder]) -> Vec<Invoice> {
    let from = add_days(today, -WINDOW_DAYS);
    let mut out = Vec::new();
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    let mut overs = 0u32;
    for (n, o) in orders.iter().enumerate() {
        // Accepted and damaged per line, and when the last receipt was.
        let mut accepted: BTreeMap<u32, (Decimal, Decimal)> = BTreeMap::new();
        let mut last = None;
        for e in &o.events {
            if let OrderEvent::Received { at_ms, lines, .. } = e {
                last = Some(*at_ms);
                for l in lines {
                    let slot = accepted.entry(l.line_no).or_default();
                    slot.0 += l.accepted;
                    slot.1 += l.damaged;
                }
            }
        }
        let Some(received_ms) = last else { continue };
        let received = day_of_ms(received_ms);
        if received < from || received >= today {
            continue;
        }
        let pick = (seed ^ 0x1a0_1ce5)
            .wrapping_add(n as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            >> 7;
        if pick.is_multiple_of(PENDING_EVERY) {
            continue;
        }
        let issued = add_days(received, 1 + (pick % 4) as i64).min(add_days(today, -1));
        let at_ms =
            procura_ground::date::start_ms(issued) + 9 * 3_600_000 + (pick % 3_600_000) as i64;
        let count = numbers.entry(o.supplier_id.as_str()).or_insert(1000);
        *count += 1;
        let prefix: String = o
            .supplier_id
            .as_str()
            .chars()
            .take(3)
            .collect::<String>()
            .to_uppercase();
        let number = format!("{prefix}-{}-{}", issued.year(), *count);
        let over = accepted.values().any(|(_, d)| !d.is_zero());
        let mut lines = Vec::new();
        for l in &o.lines {
            let Some((acc, damaged)) = accepted.get(&l.line_no) else {
                continue;
            };
            let q = if over { *acc + *damaged } else { *acc };
            if q.is_zero() {
                continue;
            }
            let price = if pick % PRICE_EVERY == 2 && lines.is_empty() {
                money::round(l.unit_price * Decimal::new(106, 2), &o.currency)
            } else {
                l.unit_price
            };
            lines.push(line(lines.len() as u32 + 1, l, q, price, &o.currency));
        }
        if lines.is_empty() {
            continue;
        }
        let mut doc = document(DocKind::Invoice, &number, issued, o, lines);
        if pick % ROUNDING_EVERY == 3 {
            doc.total += Decimal::new(1, 2);
        }
        let Ok(mut inv) = invoice::record(
            None,
            (&o.supplier_id, &o.supplier_name),
            doc,
            Some(o),
            Source::Demo,
            at_ms,
        ) else {
            continue;
        };
        inv.received_at_ms = at_ms;
        out.push(inv);
        // Every other over-billing (the first stays open) is already credited.
        if over {
            overs += 1;
        }
        if over && overs.is_multiple_of(2) {
            let credits: Vec<InvoiceLine> = o
                .lines
                .iter()
                .filter_map(|l| {
                    let (_, damaged) = accepted.get(&l.line_no)?;
                    (!damaged.is_zero()).then_some((l, *damaged))
                })
                .enumerate()
                .map(|(i, (l, d))| line(i as u32 + 1, l, d, l.unit_price, &o.currency))
                .collect();
            let cn_day = add_days(issued, 2).min(add_days(today, -1));
            let mut cn = document(
                DocKind::CreditNote,
                &format!("{number}-C"),
                cn_day,
                o,
                credits,
            );
            cn.credit_for = Some(number.clone());
            let at = procura_ground::date::start_ms(cn_day) + 10 * 3_600_000;
            if let Ok(mut c) = invoice::record(
                None,
                (&o.supplier_id, &o.supplier_name),
                cn,
                Some(o),
                Source::Demo,
                at,
            ) {
                c.received_at_ms = at;
                out.push(c);
            }
        }
    }
    out
}

fn line(
    n: u32,
    l: &procura_orders::order::OrderLine,
    q: Decimal,
    price: Decimal,
    currency: &str,
) -> InvoiceLine {
    InvoiceLine {
        line_no: n,
        order_line: Some(l.line_no),
        supplier_part: l.supplier_part.clone(),
        description: l.description.clone(),
        quantity: q,
        unit: l.unit.clone(),
        unit_price: price,
        tax_percent: l.tax_percent,
        net: money::line_net(q, price, currency).unwrap_or_default(),
    }
}

fn document(
    kind: DocKind,
    number: &str,
    issued: Date,
    o: &PurchaseOrder,
    lines: Vec<InvoiceLine>,
) -> InvoiceDocument {
    let net: Decimal = lines.iter().map(|l| l.net).sum();
    let tax: Decimal = lines
        .iter()
        .map(|l| money::tax(l.net, l.tax_percent, &o.currency).unwrap_or_default())
        .sum();
    InvoiceDocument {
        kind,
        number: number.to_owned(),
        document_id: String::new(),
        issued,
        due: None,
        currency: o.currency.clone(),
        order_id: Some(o.id.to_string()),
        order_number: Some(o.number.clone()),
        credit_for: None,
        lines,
        tax_total: tax,
        total: net + tax,
        payment_days: Some(o.terms.payment_days),
        discount: None,
        note: String::new(),
        contract: None,
    }
}
