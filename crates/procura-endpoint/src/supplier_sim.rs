//! The demo's suppliers answering by themselves (`--supplier-simulation`): every sent order is
//! acknowledged a few seconds later, shipped in two partial shipments (about half of each line,
//! then the rest) with tracking numbers, and each shipment delivered; what the buyer refused at
//! delivery (damaged) is replaced by a further shipment; the buyer's change and cancel requests
//! are confirmed; a few seconds after each goods receipt the supplier invoices what the buyer
//! accepted, as a cXML `InvoiceDetailRequest` recorded like one its system posts; a buyer's
//! return is accepted, collected, then replaced or credited. So the demo shows a living timeline.
//!
//! Stateless: each tick reads the hub's orders and takes, for each, the next step its events
//! call for once that step's wait has passed. A restart resumes where the orders stand. Every
//! step goes through the same checks as the supplier routes
//! ([`Store::record_supplier_event`](crate::store::Store::record_supplier_event)), in its own
//! transaction, so a buyer's change racing with it is never overwritten.

use crate::{now_ms, AppState};
use procura_orders::order::{progress, LineAck, OrderEvent, PurchaseOrder, ShippedLine};
use procura_procurement::approval::time::{add_days, day_of_ms, Entered};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::time::Duration;

/// How a supplier acknowledges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckStyle {
    /// Every line as ordered.
    AcceptAll,
    /// The first line confirmed for this many days after its need-by date (a back-order).
    LaterDate { days: i64 },
}

/// The simulation's timing, and how each supplier answers.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// How often the orders are looked at.
    pub tick: Duration,
    /// Sent → acknowledged.
    pub ack_after_ms: i64,
    /// Acknowledged → first shipment, and first → second shipment.
    pub ship_after_ms: i64,
    /// Shipped → delivered.
    pub deliver_after_ms: i64,
    /// A change or cancel request → confirmed.
    pub confirm_after_ms: i64,
    /// A goods receipt → the supplier's invoice for it (receipts older than a day are the
    /// history's, never invoiced here).
    pub invoice_after_ms: i64,
    /// Suppliers that acknowledge otherwise than [`AckStyle::AcceptAll`].
    pub ack_style: BTreeMap<String, AckStyle>,
}

impl SimConfig {
    /// The demo's pace: seconds between steps. LabCore back-orders the first line by a week.
    pub fn demo() -> Self {
        Self {
            tick: Duration::from_secs(1),
            ack_after_ms: 4_000,
            ship_after_ms: 8_000,
            deliver_after_ms: 10_000,
            confirm_after_ms: 4_000,
            invoice_after_ms: 6_000,
            ack_style: BTreeMap::from([("labcore".to_owned(), AckStyle::LaterDate { days: 7 })]),
        }
    }

    fn ack_style(&self, supplier_id: &str) -> &AckStyle {
        self.ack_style
            .get(supplier_id)
            .unwrap_or(&AckStyle::AcceptAll)
    }
}

/// Starts the simulation on the current tokio runtime.
pub fn spawn(state: &AppState, config: SimConfig) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(config.tick);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = step_all(&state, &config).await {
                tracing::warn!("supplier simulation: {}", e.body.message);
            }
        }
    })
}

/// One tick: the next due step of every order, then the invoices due.
async fn step_all(state: &AppState, config: &SimConfig) -> Result<(), crate::ApiFailure> {
    let orders = state.with_store(|store| store.hub_orders()).await?;
    let now = now_ms();
    for order in &orders {
        for (number, receipt, document) in invoices_due(order, config, now) {
            invoice(
                state,
                order.supplier_id.to_string(),
                &number,
                receipt,
                document,
                now,
            )
            .await;
        }
    }
    for order in orders {
        let Some(event) = next_step(&order, config, now) else {
            continue;
        };
        let id = order.id.clone();
        let done = state
            .with_store(move |store| store.record_supplier_event(id.as_str(), None, event, now))
            .await;
        match done {
            Ok(recorded) => tracing::info!(
                "supplier simulation: {} {}",
                recorded.order_number,
                kind(&recorded.event)
            ),
            // The order moved on between the read and the write (a buyer's change): the
            // next tick looks again.
            Err(e) => tracing::warn!("supplier simulation, {}: {}", order.number, e.body.message),
        }
    }
    let open = state.with_store(|store| store.hub_open_returns()).await?;
    for ret in open {
        let Some(to) = next_return_step(&ret, config, now) else {
            continue;
        };
        let (supplier, id) = (ret.supplier_id.to_string(), ret.id.clone());
        let done = state
            .with_store(move |store| store.supplier_update_return(&supplier, &id, to, "", now))
            .await;
        if let Err(e) = done {
            tracing::warn!("supplier simulation, {}: {}", ret.number, e.body.message);
        }
    }
    Ok(())
}

/// The invoices the supplier owes for `order` at `now`: one per goods receipt of the last day
/// that is [`SimConfig::invoice_after_ms`] old, billing what the buyer accepted at the order's
/// prices, numbered `{order number}-{receipt}`. The hub refuses the same number twice, so a
/// later tick asking again records nothing.
pub fn invoices_due(
    order: &PurchaseOrder,
    config: &SimConfig,
    now: i64,
) -> Vec<(String, usize, procura_invoicing::invoice::InvoiceDocument)> {
    use procura_invoicing::invoice::{DocKind, InvoiceDocument, InvoiceLine};
    let mut out = Vec::new();
    let receipts = order.events.iter().filter_map(|e| match e {
        OrderEvent::Received { at_ms, lines, .. } => Some((*at_ms, lines)),
        _ => None,
    });
    for (n, (at_ms, lines)) in receipts.enumerate() {
        if now < at_ms + config.invoice_after_ms || now - at_ms > 86_400_000 {
            continue;
        }
        let lines: Vec<InvoiceLine> = lines
            .iter()
            .filter(|r| r.accepted > Decimal::ZERO)
            .filter_map(|r| {
                let l = order.lines.iter().find(|l| l.line_no == r.line_no)?;
                Some(InvoiceLine {
                    line_no: r.line_no,
                    order_line: Some(l.line_no),
                    supplier_part: l.supplier_part.clone(),
                    description: l.description.clone(),
                    quantity: r.accepted,
                    unit: l.unit.clone(),
                    unit_price: l.unit_price,
                    tax_percent: l.tax_percent,
                    net: procura_ground::money::line_net(r.accepted, l.unit_price, &order.currency)
                        .ok()?,
                })
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let tax: Option<Vec<Decimal>> = lines
            .iter()
            .map(|l| procura_ground::money::tax(l.net, l.tax_percent, &order.currency).ok())
            .collect();
        let (Some(tax), Ok(net)) = (
            tax.and_then(|t| procura_ground::money::sum(t).ok()),
            procura_ground::money::sum(lines.iter().map(|l| l.net)),
        ) else {
            continue;
        };
        let Ok(total) = procura_ground::money::add(net, tax) else {
            continue;
        };
        out.push((
            order.number.clone(),
            n + 1,
            InvoiceDocument {
                kind: DocKind::Invoice,
                number: format!("{}-{}", order.number, n + 1),
                document_id: String::new(),
                issued: day_of_ms(now),
                due: None,
                currency: order.currency.clone(),
                order_id: Some(order.id.to_string()),
                order_number: Some(order.number.clone()),
                credit_for: None,
                lines,
                tax_total: tax,
                total,
                payment_days: Some(order.terms.payment_days),
                discount: None,
                note: String::new(),
                contract: procura_orders::order::contract_of(order).map(|c| c.number.clone()),
            },
        ));
    }
    out
}

/// Records the supplier's invoice as its system would post it.
async fn invoice(
    state: &AppState,
    supplier: String,
    number: &str,
    receipt: usize,
    document: procura_invoicing::invoice::InvoiceDocument,
    now: i64,
) {
    let xml = procura_invoicing::documents::write_cxml_invoice(
        &document,
        &supplier,
        "procura",
        &format!("{}.{receipt}@{supplier}.example", number),
        now,
    );
    let recorded = state
        .with_store(move |store| {
            store.record_invoice(
                &supplier,
                document,
                procura_invoicing::invoice::Source::Demo,
                ("application/xml", &xml),
                now,
            )
        })
        .await;
    match recorded {
        Ok(Ok((invoice, false))) => tracing::info!(
            "supplier simulation: {} invoiced as {}",
            number,
            invoice.document.number
        ),
        // Invoiced already (an earlier tick).
        Ok(_) => {}
        Err(e) => tracing::warn!("supplier simulation, {}: {}", number, e.body.message),
    }
}

/// What the supplier does next to a return at `now`: accepts it, collects the goods, then
/// replaces or credits them, each a step's wait after the one before.
pub fn next_return_step(
    ret: &procura_invoicing::returns::Return,
    config: &SimConfig,
    now: i64,
) -> Option<procura_invoicing::returns::ReturnStatus> {
    use procura_invoicing::returns::next_statuses;
    use procura_invoicing::returns::ReturnStatus::{Accepted, Collected, Requested};
    let since = ret.history.last().map_or(ret.created_at_ms, |h| h.at_ms);
    let wait = match ret.status {
        Requested => config.ack_after_ms,
        Accepted => config.ship_after_ms,
        Collected => config.deliver_after_ms,
        _ => return None,
    };
    // Never refused: the first step the rule allows is the agreeable one.
    let to = *next_statuses(ret.status, ret.remedy).first()?;
    (now >= since.saturating_add(wait)).then_some(to)
}

fn kind(event: &OrderEvent) -> &'static str {
    match event {
        OrderEvent::Acknowledged { .. } => "acknowledged",
        OrderEvent::Shipped { .. } => "shipped",
        OrderEvent::Delivered { .. } => "delivered",
        OrderEvent::ChangeConfirmed { .. } => "change confirmed",
        OrderEvent::Cancelled { .. } => "cancelled",
        _ => "event",
    }
}

/// What the supplier does next to `order` at `now`, if anything is due.
pub fn next_step(order: &PurchaseOrder, config: &SimConfig, now: i64) -> Option<OrderEvent> {
    let due = |since: i64, wait: i64| now >= since + wait;
    let events = &order.events;
    let sent_at = events.iter().find_map(|e| match e {
        OrderEvent::Sent { at_ms } => Some(*at_ms),
        _ => None,
    })?;
    if crate::order_events::closed(order).is_some() {
        return None;
    }
    let lines = progress(order);
    let shipped_any = lines.iter().any(|p| p.shipped > Decimal::ZERO);
    // The buyer's requests first: a cancel (possible while nothing shipped), then changes.
    let cancel_at = events.iter().find_map(|e| match e {
        OrderEvent::CancelRequested { at_ms, .. } => Some(*at_ms),
        _ => None,
    });
    if let Some(at) = cancel_at.filter(|_| !shipped_any) {
        return due(at, config.confirm_after_ms).then_some(OrderEvent::Cancelled { at_ms: now });
    }
    // A change the supplier cannot confirm (it makes no sense any more) is left unanswered.
    let confirmable = |e: &OrderEvent| crate::order_events::check(order, e).is_ok();
    for e in events {
        if let OrderEvent::ChangeRequested {
            at_ms, request_id, ..
        } = e
        {
            let confirmed = events.iter().any(
                |c| matches!(c, OrderEvent::ChangeConfirmed { request_id: r, .. } if r == request_id),
            );
            let confirmation = OrderEvent::ChangeConfirmed {
                at_ms: now,
                request_id: request_id.clone(),
            };
            if !confirmed && due(*at_ms, config.confirm_after_ms) && confirmable(&confirmation) {
                return Some(confirmation);
            }
        }
    }
    let Some(acked_at) = events.iter().find_map(|e| match e {
        OrderEvent::Acknowledged { at_ms, .. } => Some(*at_ms),
        _ => None,
    }) else {
        return due(sent_at, config.ack_after_ms).then(|| acknowledgement(order, config, now));
    };
    // Deliveries of what shipped.
    let shipments: Vec<(i64, &str)> = events
        .iter()
        .filter_map(|e| match e {
            OrderEvent::Shipped {
                at_ms, shipment_id, ..
            } => Some((*at_ms, shipment_id.as_str())),
            _ => None,
        })
        .collect();
    for (at, id) in &shipments {
        let delivered = events
            .iter()
            .any(|e| matches!(e, OrderEvent::Delivered { shipment_id, .. } if shipment_id == id));
        if !delivered && due(*at, config.deliver_after_ms) {
            return Some(OrderEvent::Delivered {
                at_ms: now,
                shipment_id: (*id).to_owned(),
            });
        }
    }
    // Then the next shipment: about half of each line, then the rest.
    let last = shipments.last().map_or(acked_at, |(at, _)| *at);
    if !due(last, config.ship_after_ms) {
        return None;
    }
    // Net of what the buyer refused at delivery, which the supplier replaces.
    let open: Vec<(u32, Decimal, Decimal)> = lines
        .iter()
        .map(|p| {
            (
                p.line_no,
                p.confirmed.unwrap_or(p.ordered),
                p.shipped - p.damaged,
            )
        })
        .filter(|(_, confirmed, shipped)| confirmed > shipped)
        .collect();
    if open.is_empty() {
        return None;
    }
    let half: Vec<ShippedLine> = open
        .iter()
        .filter_map(|(line_no, confirmed, shipped)| {
            let q = (confirmed / Decimal::TWO).floor() - shipped;
            (q > Decimal::ZERO).then_some(ShippedLine {
                line_no: *line_no,
                quantity: q,
            })
        })
        .collect();
    let lines = if shipments.is_empty() && !half.is_empty() {
        half
    } else {
        open.iter()
            .map(|(line_no, confirmed, shipped)| ShippedLine {
                line_no: *line_no,
                quantity: confirmed - shipped,
            })
            .collect()
    };
    let n = shipments.len() + 1;
    Some(OrderEvent::Shipped {
        at_ms: now,
        shipment_id: format!("{}-S{n}", order.number),
        carrier: "SF Express".to_owned(),
        tracking: tracking_number(order.id.as_str(), n),
        expected: Some(day_of_ms(now + 2 * 86_400_000)),
        lines,
    })
}

fn acknowledgement(order: &PurchaseOrder, config: &SimConfig, now: i64) -> OrderEvent {
    let lines = match config.ack_style(order.supplier_id.as_str()) {
        AckStyle::AcceptAll => Vec::new(),
        AckStyle::LaterDate { days } => order
            .lines
            .first()
            .map(|l| {
                vec![LineAck::Changed {
                    line_no: l.line_no,
                    quantity: None,
                    delivery_date: Some(Entered::Valid(add_days(l.need_by, *days))),
                    unit_price: None,
                }]
            })
            .unwrap_or_default(),
    };
    let note = if lines.is_empty() {
        "Confirmed as ordered."
    } else {
        "Confirmed; line 1 is back-ordered."
    };
    OrderEvent::Acknowledged {
        at_ms: now,
        lines,
        note: note.to_owned(),
    }
}

/// A carrier-like tracking number, the same for the same order and shipment.
fn tracking_number(order_id: &str, shipment: usize) -> String {
    // FNV-1a: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in order_id.bytes().chain(shipment.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("SF{:012}", hash % 1_000_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use procura_orders::order::{OrderLine, Terms};

    fn order(quantities: &[i64], events: Vec<OrderEvent>) -> PurchaseOrder {
        PurchaseOrder {
            id: "o-1".into(),
            number: "PO-O1".into(),
            buyer: "u-buyer".into(),
            buyer_name: "Li Na".into(),
            supplier_id: "officeplus".into(),
            supplier_name: "OfficePlus".into(),
            currency: "CNY".into(),
            ship_to: "Dock 3".into(),
            requisitions: vec!["r1".into()],
            lines: quantities
                .iter()
                .enumerate()
                .map(|(i, q)| OrderLine {
                    line_no: i as u32 + 1,
                    requisition_id: "r1".into(),
                    requisition_line: i as u32,
                    item_id: None,
                    supplier_part: String::new(),
                    gtin: None,
                    description: "thing".into(),
                    quantity: Decimal::from(*q),
                    unit: "H87".into(),
                    unit_price: Decimal::ONE,
                    tax_percent: Decimal::ZERO,
                    need_by: procura_ground::date::parse_day("2030-01-10").expect("a day"),
                    unspsc: String::new(),
                    contract: None,
                })
                .collect(),
            terms: Terms::default(),
            created_at_ms: 0,
            events,
        }
    }

    fn fast() -> SimConfig {
        SimConfig {
            tick: Duration::from_millis(10),
            ack_after_ms: 10,
            ship_after_ms: 10,
            deliver_after_ms: 10,
            confirm_after_ms: 10,
            invoice_after_ms: 10,
            ack_style: BTreeMap::new(),
        }
    }

    /// Runs the simulation on `order` until it does nothing more, one step each 10 ms.
    fn run(mut order: PurchaseOrder, config: &SimConfig) -> PurchaseOrder {
        let mut now = 0;
        for _ in 0..100 {
            now += 10;
            if let Some(e) = next_step(&order, config, now) {
                assert_eq!(
                    crate::order_events::check(&order, &e),
                    Ok(crate::order_events::Verdict::New),
                    "{e:?}"
                );
                order.events.push(e);
            }
        }
        order
    }

    #[test]
    fn a_sent_order_is_acknowledged_shipped_in_two_halves_and_delivered() {
        let done = run(
            order(&[10, 3, 1], vec![OrderEvent::Sent { at_ms: 0 }]),
            &fast(),
        );
        let shipped: Vec<Vec<(u32, Decimal)>> = done
            .events
            .iter()
            .filter_map(|e| match e {
                OrderEvent::Shipped { lines, .. } => {
                    Some(lines.iter().map(|l| (l.line_no, l.quantity)).collect())
                }
                _ => None,
            })
            .collect();
        let d = Decimal::from;
        assert_eq!(
            shipped,
            [
                vec![(1, d(5)), (2, d(1))],
                vec![(1, d(5)), (2, d(2)), (3, d(1))]
            ]
        );
        let delivered = done
            .events
            .iter()
            .filter(|e| matches!(e, OrderEvent::Delivered { .. }))
            .count();
        assert_eq!(delivered, 2);
        assert!(progress(&done)
            .iter()
            .all(|p| p.state == procura_orders::order::LineState::Shipped));
    }

    #[test]
    fn nothing_happens_to_an_unsent_order_and_a_cancel_request_is_confirmed() {
        assert_eq!(next_step(&order(&[2], vec![]), &fast(), 1_000), None);
        let asked = order(
            &[2],
            vec![
                OrderEvent::Sent { at_ms: 0 },
                OrderEvent::CancelRequested {
                    at_ms: 1,
                    reason: "no longer needed".into(),
                },
            ],
        );
        let done = run(asked, &fast());
        assert!(matches!(
            done.events.last(),
            Some(OrderEvent::Cancelled { .. })
        ));
        assert_eq!(done.events.len(), 3, "{:?}", done.events);
    }

    #[test]
    fn a_return_is_accepted_collected_then_replaced_or_credited() {
        use procura_invoicing::returns::ReturnStatus::*;
        use procura_invoicing::returns::{self, Remedy, ReturnDraft, ReturnFrom, ReturnLine};
        let received = order(
            &[4],
            vec![
                OrderEvent::Sent { at_ms: 0 },
                OrderEvent::Received {
                    at_ms: 1,
                    receipt_id: "rc".into(),
                    by: "u-buyer".into(),
                    lines: vec![procura_orders::order::ReceivedLine {
                        line_no: 1,
                        accepted: Decimal::from(4),
                        damaged: Decimal::ZERO,
                        reason: String::new(),
                    }],
                },
            ],
        );
        for (remedy, end) in [(Remedy::Replace, Replaced), (Remedy::Refund, Credited)] {
            let draft = ReturnDraft {
                id: "rt-1".into(),
                order_id: "o-1".into(),
                lines: vec![ReturnLine {
                    order_line: 1,
                    quantity: Decimal::ONE,
                    from: ReturnFrom::Accepted,
                }],
                reason: "faulty".into(),
                remedy,
                note: String::new(),
                photo: None,
            };
            let Ok(returns::OpenOutcome::Record(mut ret)) = returns::open(
                None,
                &draft,
                Some(&received),
                &[],
                (&"u-buyer".into(), "Li Na"),
                &[procura_ground::role::Role::Buyer],
                0,
            ) else {
                panic!("opened")
            };
            assert_eq!(next_return_step(&ret, &fast(), 5), None, "not yet");
            let mut now = 0;
            let mut seen = Vec::new();
            while let Some(to) = next_return_step(&ret, &fast(), now + 10) {
                now += 10;
                ret = returns::supplier_update(
                    &ret,
                    (&ret.supplier_id.clone(), "OfficePlus"),
                    to,
                    "",
                    now,
                )
                .expect("a step the rule allows")
                .expect("a change");
                seen.push(ret.status);
            }
            assert_eq!(seen, [Accepted, Collected, end]);
        }
    }

    #[test]
    fn a_back_ordering_supplier_confirms_a_later_date() {
        let mut config = fast();
        config
            .ack_style
            .insert("officeplus".into(), AckStyle::LaterDate { days: 7 });
        let sent = order(&[4], vec![OrderEvent::Sent { at_ms: 0 }]);
        let Some(OrderEvent::Acknowledged { lines, .. }) = next_step(&sent, &config, 100) else {
            panic!("acknowledged")
        };
        assert_eq!(
            lines,
            [LineAck::Changed {
                line_no: 1,
                quantity: None,
                delivery_date: Some("2030-01-17".into()),
                unit_price: None
            }]
        );
    }
}
