//! Orders read as supplier performance facts: which lines count, and what each fact takes from
//! the order's events.

use procura_ground::date::{parse_day, start_ms, Entered};
use procura_ground::id::ItemId;
use procura_orders::order::performance::facts;
use procura_orders::order::{LineAck, OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const HOUR: i64 = 3_600_000;

fn line(no: u32, item: Option<&str>, quantity: Decimal) -> OrderLine {
    OrderLine {
        line_no: no,
        requisition_id: "r1".into(),
        requisition_line: no - 1,
        item_id: item.map(ItemId::from),
        supplier_part: String::new(),
        gtin: None,
        description: format!("line {no}"),
        quantity,
        unit: "EA".into(),
        unit_price: dec!(10),
        tax_percent: dec!(13),
        need_by: parse_day("2026-02-10").unwrap(),
        unspsc: String::new(),
        contract: None,
    }
}

fn order(id: &str, events: Vec<OrderEvent>) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        number: procura_orders::order::number_for(id),
        buyer: "u-buyer".into(),
        buyer_name: "Buyer".into(),
        supplier_id: "acme".into(),
        supplier_name: "Acme".into(),
        currency: "CNY".into(),
        ship_to: "Dock 1".into(),
        requisitions: vec!["r1".into()],
        lines: vec![
            line(1, Some("acme/a"), dec!(10)),
            line(2, None, dec!(5)),
            line(3, Some("acme/c"), dec!(1)),
        ],
        terms: Terms::default(),
        created_at_ms: start_ms(parse_day("2026-02-01").unwrap()),
        events,
    }
}

#[test]
fn facts_follow_the_events() {
    let t0 = start_ms(parse_day("2026-02-01").unwrap());
    let placed = order(
        "o1",
        vec![
            OrderEvent::Sent { at_ms: t0 + HOUR },
            OrderEvent::Acknowledged {
                at_ms: t0 + 5 * HOUR,
                lines: vec![
                    LineAck::Changed {
                        line_no: 1,
                        quantity: Some(dec!(8)),
                        delivery_date: Some(Entered::parse("2026-02-12")),
                        unit_price: Some(dec!(11)),
                    },
                    LineAck::Rejected {
                        line_no: 3,
                        reason: "discontinued".into(),
                    },
                ],
                note: String::new(),
            },
            OrderEvent::Received {
                at_ms: t0 + 200 * HOUR,
                receipt_id: "g1".into(),
                by: "u-buyer".into(),
                lines: vec![
                    ReceivedLine {
                        line_no: 1,
                        accepted: dec!(6),
                        damaged: dec!(2),
                        reason: "dented".into(),
                    },
                    ReceivedLine {
                        line_no: 2,
                        accepted: dec!(5),
                        damaged: dec!(0),
                        reason: String::new(),
                    },
                ],
            },
        ],
    );
    let draft = order("o2", Vec::new());
    let cancelled = order(
        "o3",
        vec![
            OrderEvent::Sent { at_ms: t0 },
            OrderEvent::Cancelled { at_ms: t0 + HOUR },
        ],
    );
    let lead = |item: &ItemId| (item.as_str() == "acme/a").then_some(7);
    let all = facts(&[placed, draft, cancelled], lead);
    // Not sent, cancelled and rejected lines are left out.
    assert_eq!(
        all.iter()
            .map(|f| (f.order_id.as_str(), f.line_no))
            .collect::<Vec<_>>(),
        [("o1", 1), ("o1", 2)]
    );
    let one = &all[0];
    assert_eq!(one.quantity, dec!(8), "the confirmed quantity");
    assert_eq!(one.promised, parse_day("2026-02-12"));
    assert_eq!(
        (one.agreed_price, one.confirmed_price),
        (dec!(10), Some(dec!(11)))
    );
    assert_eq!(
        (one.sent_at_ms, one.acknowledged_at_ms),
        (Some(t0 + HOUR), Some(t0 + 5 * HOUR))
    );
    assert_eq!(one.catalog_lead_days, Some(7));
    assert_eq!(one.receipts.len(), 1);
    assert_eq!(
        (one.receipts[0].accepted, one.receipts[0].damaged),
        (dec!(6), dec!(2))
    );
    let two = &all[1];
    assert_eq!(
        two.confirmed_price,
        Some(dec!(10)),
        "acknowledged as ordered"
    );
    assert_eq!(two.promised, None);
    assert_eq!(two.catalog_lead_days, None);
    assert_eq!(two.receipts[0].accepted, dec!(5));
    assert_eq!(two.currency, "CNY");
}
