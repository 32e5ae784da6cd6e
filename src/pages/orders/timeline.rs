//! An order's timeline: its events in order (sent → acknowledged → shipped n of m → delivered →
//! received → change or cancel requested and confirmed), each with what it said about which
//! line; and the same for one line.

use super::OrderMsg;
use crate::i18n::Lang;
use crate::ui::format::money;
use leptos::prelude::*;
use procura_orders::order::{LineAck, OrderEvent, PurchaseOrder};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The event's type as the record names it (`data-type`).
pub fn event_key(e: &OrderEvent) -> &'static str {
    match e {
        OrderEvent::Sent { .. } => "sent",
        OrderEvent::Acknowledged { .. } => "acknowledged",
        OrderEvent::Rejected { .. } => "rejected",
        OrderEvent::Shipped { .. } => "shipped",
        OrderEvent::Delivered { .. } => "delivered",
        OrderEvent::Received { .. } => "received",
        OrderEvent::ChangeRequested { .. } => "change_requested",
        OrderEvent::ChangeConfirmed { .. } => "change_confirmed",
        OrderEvent::CancelRequested { .. } => "cancel_requested",
        OrderEvent::Cancelled { .. } => "cancelled",
    }
}

/// One event as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at_ms: i64,
    pub key: &'static str,
    pub title: String,
    /// Shipment, carrier, tracking, note: about the event as a whole.
    pub meta: Vec<String>,
    /// What it said per line.
    pub lines: Vec<(u32, String)>,
}

fn qty(q: Decimal) -> String {
    q.normalize().to_string()
}

fn line_text(lang: Lang, n: u32, body: String) -> String {
    OrderMsg::line_text(lang, n, &body)
}

/// What a supplier's (or the buyer's requested) line answer says.
fn ack_text(ack: &LineAck, currency: &str, lang: Lang) -> String {
    let t = |m: OrderMsg| m.text(lang);
    match ack {
        LineAck::Accepted { .. } => t(OrderMsg::AckAccepted).to_owned(),
        LineAck::Rejected { reason, .. } => OrderMsg::ack_rejected(lang, reason),
        LineAck::Changed {
            quantity,
            delivery_date,
            unit_price,
            ..
        } => {
            let mut parts = Vec::new();
            if let Some(q) = quantity {
                parts.push(OrderMsg::changed_qty(lang, qty(*q)));
            }
            if let Some(d) = delivery_date {
                parts.push(OrderMsg::changed_date(
                    lang,
                    crate::ui::format::entered_day(lang, d),
                ));
            }
            if let Some(p) = unit_price {
                parts.push(OrderMsg::changed_price(lang, money(lang, *p, currency)));
            }
            parts.join(", ")
        }
    }
}

/// Every event of `po`, oldest first. `name_of` names a user id.
pub fn entries(po: &PurchaseOrder, name_of: &dyn Fn(&str) -> String, lang: Lang) -> Vec<Entry> {
    let t = |m: OrderMsg| m.text(lang);
    let progress = procura_orders::order::progress(po);
    let expected: BTreeMap<u32, Decimal> = progress
        .iter()
        .map(|p| (p.line_no, p.confirmed.unwrap_or(p.ordered)))
        .collect();
    let total_expected = expected
        .values()
        .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
    let mut shipped: BTreeMap<u32, Decimal> = BTreeMap::new();
    let mut shipments: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut requests: BTreeMap<String, Vec<LineAck>> = BTreeMap::new();
    let mut list = Vec::new();
    for e in &po.events {
        let (title, meta, lines): (String, Vec<String>, Vec<(u32, String)>) = match e {
            OrderEvent::Sent { .. } => (
                OrderMsg::ev_sent(lang, &po.supplier_name),
                Vec::new(),
                Vec::new(),
            ),
            OrderEvent::Acknowledged { lines, note, .. } => {
                let changed = lines.iter().any(|a| !matches!(a, LineAck::Accepted { .. }));
                let title = if changed {
                    t(OrderMsg::EvAcknowledgedChanged)
                } else {
                    t(OrderMsg::EvAcknowledged)
                };
                let meta = (!note.is_empty())
                    .then(|| note.clone())
                    .into_iter()
                    .collect();
                let lines = lines
                    .iter()
                    .map(|a| (a.line_no(), ack_text(a, &po.currency, lang)))
                    .collect();
                (title.to_owned(), meta, lines)
            }
            OrderEvent::Rejected { reason, .. } => {
                (OrderMsg::ev_rejected(lang, reason), Vec::new(), Vec::new())
            }
            OrderEvent::Shipped {
                shipment_id,
                carrier,
                tracking,
                expected: arrives,
                lines,
                ..
            } => {
                let mut per_line = Vec::new();
                for l in lines {
                    let so_far = shipped.entry(l.line_no).or_default();
                    *so_far = so_far.saturating_add(l.quantity);
                    let of = expected.get(&l.line_no).copied().unwrap_or_default();
                    per_line.push((
                        l.line_no,
                        OrderMsg::shipped_line(lang, qty(l.quantity), qty(*so_far), qty(of)),
                    ));
                }
                shipments.insert(
                    shipment_id.clone(),
                    lines.iter().map(|l| l.line_no).collect(),
                );
                let all = shipped
                    .values()
                    .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
                let title = OrderMsg::ev_shipped(lang, qty(all), qty(total_expected));
                let mut meta = vec![OrderMsg::shipment(lang, shipment_id)];
                if !carrier.is_empty() {
                    meta.push(carrier.clone());
                }
                if !tracking.is_empty() {
                    meta.push(OrderMsg::tracking(lang, tracking));
                }
                if let Some(d) = arrives {
                    meta.push(OrderMsg::arrives(lang, crate::ui::format::day(lang, *d)));
                }
                (title, meta, per_line)
            }
            OrderEvent::Delivered { shipment_id, .. } => {
                let lines = shipments
                    .get(shipment_id)
                    .map(|ls| {
                        ls.iter()
                            .map(|n| (*n, t(OrderMsg::DeliveredLine).to_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                (OrderMsg::ev_delivered(lang, shipment_id), Vec::new(), lines)
            }
            OrderEvent::Received { by, lines, .. } => {
                let per_line = lines
                    .iter()
                    .map(|l| {
                        let mut text = OrderMsg::received_accepted(lang, qty(l.accepted));
                        if !l.damaged.is_zero() {
                            text.push_str(&OrderMsg::received_damaged(
                                lang,
                                qty(l.damaged),
                                &l.reason,
                            ));
                        }
                        (l.line_no, text)
                    })
                    .collect();
                (
                    OrderMsg::ev_received(lang, name_of(by)),
                    Vec::new(),
                    per_line,
                )
            }
            OrderEvent::ChangeRequested {
                request_id, lines, ..
            } => {
                requests.insert(request_id.clone(), lines.clone());
                let per_line = lines
                    .iter()
                    .map(|a| (a.line_no(), ack_text(a, &po.currency, lang)))
                    .collect();
                (
                    t(OrderMsg::EvChangeRequested).to_owned(),
                    Vec::new(),
                    per_line,
                )
            }
            OrderEvent::ChangeConfirmed { request_id, .. } => {
                let per_line = requests
                    .get(request_id)
                    .map(|asked| {
                        asked
                            .iter()
                            .map(|a| (a.line_no(), ack_text(a, &po.currency, lang)))
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    t(OrderMsg::EvChangeConfirmed).to_owned(),
                    Vec::new(),
                    per_line,
                )
            }
            OrderEvent::CancelRequested { reason, .. } => (
                OrderMsg::ev_cancel_requested(lang, reason),
                Vec::new(),
                Vec::new(),
            ),
            OrderEvent::Cancelled { .. } => {
                (t(OrderMsg::EvCancelled).to_owned(), Vec::new(), Vec::new())
            }
        };
        list.push(Entry {
            at_ms: e.at_ms(),
            key: event_key(e),
            title,
            meta,
            lines,
        });
    }
    list
}

/// The events that concern line `line_no`, each with what it said of that line.
pub fn line_entries(all: &[Entry], line_no: u32, lang: Lang) -> Vec<(i64, &'static str, String)> {
    all.iter()
        .filter_map(|e| {
            let said: Vec<&str> = e
                .lines
                .iter()
                .filter(|(n, _)| *n == line_no)
                .map(|(_, text)| text.as_str())
                .collect();
            let whole_order = matches!(
                e.key,
                "sent" | "rejected" | "cancel_requested" | "cancelled"
            );
            let text = if !said.is_empty() {
                format!("{}: {}", e.title, said.join("; "))
            } else if e.key == "acknowledged" {
                format!("{}: {}", e.title, OrderMsg::AckAccepted.text(lang))
            } else if whole_order {
                e.title.clone()
            } else {
                return None;
            };
            Some((e.at_ms, e.key, text))
        })
        .collect()
}

/// The order's timeline.
pub fn timeline_view(all: &[Entry], lang: Lang) -> impl IntoView {
    if all.is_empty() {
        return view! { <p class="muted" data-testid="timeline-empty">{OrderMsg::TimelineEmpty.text(lang)}</p> }
            .into_any();
    }
    let items = all
        .iter()
        .map(|e| {
            let lines = e
                .lines
                .iter()
                .map(|(n, text)| view! { <li>{line_text(lang, *n, text.clone())}</li> })
                .collect_view();
            view! {
                <li class=format!("timeline-entry {}", e.key) data-testid="timeline-entry" data-type=e.key>
                    <span class="dot" aria-hidden="true"></span>
                    <div class="timeline-body">
                        <div class="timeline-head">
                            <strong>{e.title.clone()}</strong>
                            <span class="muted small nowrap">{crate::ui::format::date_time(lang, e.at_ms)}</span>
                        </div>
                        {(!e.meta.is_empty()).then(|| view! { <div class="muted small">{e.meta.join(" · ")}</div> })}
                        {(!e.lines.is_empty()).then(|| view! { <ul class="timeline-lines">{lines}</ul> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" data-testid="timeline">{items}</ol> }.into_any()
}

/// One line's timeline (shown when its row is unfolded).
pub fn line_timeline_view(entries: Vec<(i64, &'static str, String)>, lang: Lang) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted small">{OrderMsg::TimelineEmpty.text(lang)}</p> }
            .into_any();
    }
    let items = entries
        .into_iter()
        .map(|(at, key, text)| {
            view! {
                <li data-testid="line-timeline-entry" data-type=key>
                    <span class="muted small nowrap">{crate::ui::format::date_time(lang, at)}</span> " " {text}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="line-timeline">{items}</ol> }.into_any()
}
