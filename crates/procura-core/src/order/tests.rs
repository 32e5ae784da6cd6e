use super::*;
use crate::approval::requisition::{RequisitionLine, Totals};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(supplier: &str, currency: &str, item: Option<&str>, qty: &str) -> RequisitionLine {
    RequisitionLine {
        item_id: item.map(Into::into),
        description: format!("{supplier} thing"),
        supplier_id: supplier.into(),
        supplier_name: supplier.to_uppercase(),
        unspsc: "44121704".into(),
        quantity: dec(qty),
        unit: "H87".into(),
        unit_price: dec("2.50"),
        currency: currency.into(),
        tax_percent: None,
        note: String::new(),
    }
}

fn requisition(
    id: &str,
    status: Status,
    address: &str,
    lines: Vec<RequisitionLine>,
) -> Requisition {
    Requisition {
        id: id.into(),
        revision: 1,
        requester: "u-buyer".into(),
        requester_name: "Li Na".into(),
        title: id.into(),
        cost_centre: "CC-100".into(),
        account: "6001".into(),
        need_by: "2026-12-15".into(),
        delivery_address: address.into(),
        justification: "x".into(),
        lines,
        currency: "CNY".into(),
        totals: Totals::default(),
        status,
        route: vec![],
        submitted_at_ms: 0,
        step_since_ms: 0,
        updated_at_ms: 0,
        audit: vec![],
    }
}

fn plan_of(reqs: &[&Requisition]) -> (Vec<PurchaseOrder>, Vec<Unassigned>) {
    let mut n = 0;
    plan(
        reqs,
        ("u-buyer", "Li Na"),
        &|s: &str| s.to_uppercase(),
        &|item: &str| Some((item.rsplit('/').next().unwrap().to_owned(), None)),
        &mut || {
            n += 1;
            format!("order-{n}")
        },
        7,
    )
}

#[test]
fn one_order_per_supplier_currency_and_ship_to_and_consolidation() {
    let a = requisition(
        "r1",
        Status::Approved,
        "Dock 3",
        vec![
            line("acme", "CNY", Some("acme/A1"), "10"),
            line("bolt", "EUR", Some("bolt/B1"), "1"),
            line("", "CNY", None, "1"),
        ],
    );
    let b = requisition(
        "r2",
        Status::Approved,
        "Dock 3",
        vec![line("acme", "CNY", Some("acme/A2"), "5")],
    );
    let elsewhere = requisition(
        "r3",
        Status::Approved,
        "Site B",
        vec![line("acme", "CNY", Some("acme/A1"), "1")],
    );
    let pending = requisition(
        "r4",
        Status::Pending,
        "Dock 3",
        vec![line("acme", "CNY", None, "1")],
    );
    let (orders, unassigned) = plan_of(&[&a, &b, &elsewhere, &pending]);
    let summary: Vec<_> = orders
        .iter()
        .map(|o| {
            (
                o.supplier_id.as_str(),
                o.ship_to.as_str(),
                o.lines.len(),
                o.requisitions.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "acme",
                "Dock 3",
                2,
                vec!["r1".to_string(), "r2".to_string()]
            ),
            ("acme", "Site B", 1, vec!["r3".to_string()]),
            ("bolt", "Dock 3", 1, vec!["r1".to_string()]),
        ]
    );
    assert_eq!(orders[0].lines[1].line_no, 2);
    assert_eq!(orders[0].lines[1].supplier_part, "A2");
    assert_eq!(orders[0].number, "PO-ORDER1");
    assert_eq!(unassigned.len(), 1, "the free-text line without a supplier");
}

#[test]
fn progress_follows_acknowledgement_shipments_and_receipts() {
    let r = requisition(
        "r1",
        Status::Approved,
        "Dock 3",
        vec![
            line("acme", "CNY", Some("acme/A1"), "10"),
            line("acme", "CNY", Some("acme/A2"), "4"),
        ],
    );
    let (mut orders, _) = plan_of(&[&r]);
    let po = &mut orders[0];
    assert_eq!(progress(po)[0].state, LineState::Draft);
    po.events.push(OrderEvent::Sent { at_ms: 1 });
    po.events.push(OrderEvent::Acknowledged {
        at_ms: 2,
        lines: vec![LineAck::Changed {
            line_no: 2,
            quantity: Some(dec("3")),
            delivery_date: Some("2026-12-20".into()),
            unit_price: None,
        }],
        note: String::new(),
    });
    let p = progress(po);
    assert_eq!(
        (p[0].state, p[0].confirmed),
        (LineState::Acknowledged, Some(dec("10")))
    );
    assert!(p[1].changed);
    assert!(
        is_late(&po.lines[1], &p[1], "2026-12-01"),
        "confirmed after the need-by date"
    );
    assert!(!is_late(&po.lines[0], &p[0], "2026-12-01"));
    po.events.push(OrderEvent::Shipped {
        at_ms: 3,
        shipment_id: "S1".into(),
        carrier: "SF".into(),
        tracking: "SF123".into(),
        expected: None,
        lines: vec![
            ShippedLine {
                line_no: 1,
                quantity: dec("6"),
            },
            ShippedLine {
                line_no: 2,
                quantity: dec("3"),
            },
        ],
    });
    let p = progress(po);
    assert_eq!(
        (p[0].state, p[1].state),
        (LineState::PartlyShipped, LineState::Shipped)
    );
    po.events.push(OrderEvent::Received {
        at_ms: 4,
        receipt_id: "G1".into(),
        by: "u-buyer".into(),
        lines: vec![ReceivedLine {
            line_no: 2,
            accepted: dec("2"),
            damaged: dec("1"),
            reason: "crushed".into(),
        }],
    });
    let p = progress(po);
    assert_eq!(
        (p[1].received, p[1].damaged, p[1].state),
        (dec("2"), dec("1"), LineState::PartlyReceived)
    );
}
