use super::*;
use procura_ground::date::parse_day;

fn day(text: &str) -> Date {
    parse_day(text).expect("a day")
}
use procura_procurement::approval::requisition::{RequisitionLine, Totals};

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
        contract: None,
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
        need_by: day("2026-12-15"),
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
        previous: None,
    }
}

fn plan_of(reqs: &[&Requisition]) -> (Vec<PurchaseOrder>, Vec<Unassigned>) {
    let mut n = 0;
    plan(
        reqs,
        dec("13"),
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
                vec![RequisitionId::from("r1"), RequisitionId::from("r2")]
            ),
            ("acme", "Site B", 1, vec![RequisitionId::from("r3")]),
            ("bolt", "Dock 3", 1, vec![RequisitionId::from("r1")]),
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
        is_late(&po.lines[1], &p[1], day("2026-12-01")),
        "confirmed after the need-by date"
    );
    assert!(!is_late(&po.lines[0], &p[0], day("2026-12-01")));
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

mod hub_rules {
    use super::*;
    use crate::order::hub::{self, OrderContext};
    use procura_ground::role::Role;
    use procura_procurement::approval::Actor;

    fn buyer() -> Actor {
        Actor {
            id: "u-buyer".into(),
            name: "Li Na".into(),
            roles: vec![Role::Buyer],
        }
    }

    fn approved() -> Requisition {
        requisition(
            "r1",
            Status::Approved,
            "Dock 3",
            vec![line("acme", "CNY", Some("acme/A1"), "10")],
        )
    }

    fn create(order: &PurchaseOrder, ordered: Vec<u32>) -> Result<PurchaseOrder, &'static str> {
        let r = approved();
        let requisition = |id: &str| (id == "r1").then(|| r.clone());
        let ordered_lines = |_: &str| ordered.clone();
        hub::create(
            order,
            false,
            &buyer(),
            &OrderContext {
                requisition: &requisition,
                ordered_lines: &ordered_lines,
                supplier_exists: true,
                default_tax_percent: dec("13"),
            },
            5,
        )
        .map_err(|e| e.code)
    }

    #[test]
    fn an_order_must_ask_for_what_was_approved() {
        let (orders, _) = plan_of(&[&approved()]);
        let po = &orders[0];
        let stored = create(po, vec![]).unwrap();
        assert_eq!(
            (stored.buyer.as_str(), stored.created_at_ms),
            ("u-buyer", 5)
        );
        let mut forged = po.clone();
        forged.lines[0].item_id = Some("acme/LAPTOP".into());
        assert_eq!(create(&forged, vec![]), Err("invalid"));
        let mut other_text = po.clone();
        other_text.lines[0].description = "Gaming laptop".into();
        assert_eq!(
            create(&other_text, vec![]).unwrap().lines[0].description,
            "acme thing",
            "the approved text, not the device's"
        );
        assert_eq!(create(po, vec![0]), Err("already_ordered"));
    }

    #[test]
    fn a_line_without_its_own_tax_is_ordered_at_the_policys_rate() {
        // The requisition's totals taxed it at the policy's 13 %; the order says the same.
        let (orders, _) = plan_of(&[&approved()]);
        assert_eq!(orders[0].lines[0].tax_percent, dec("13"));
        // Whatever the device wrote, the hub asks the supplier for the approved rate.
        let mut untaxed = orders[0].clone();
        untaxed.lines[0].tax_percent = Decimal::ZERO;
        assert_eq!(
            create(&untaxed, vec![]).unwrap().lines[0].tax_percent,
            dec("13")
        );
        // A line that names its own rate keeps it.
        let mut own = approved();
        own.lines[0].tax_percent = Some(dec("6"));
        let (orders, _) = plan_of(&[&own]);
        assert_eq!(orders[0].lines[0].tax_percent, dec("6"));
    }

    #[test]
    fn receipts_changes_and_cancellations_are_checked() {
        let (orders, _) = plan_of(&[&approved()]);
        let mut po = orders[0].clone();
        let got = |qty: &str| ReceivedLine {
            line_no: 1,
            accepted: dec(qty),
            damaged: Decimal::ZERO,
            reason: String::new(),
        };
        assert_eq!(
            hub::receive(&po, "g1", &[got("1")], &buyer(), 0)
                .unwrap_err()
                .code,
            "stale",
            "not sent yet"
        );
        po.events.push(OrderEvent::Sent { at_ms: 1 });
        assert!(hub::receive(&po, "g1", &[got("10")], &buyer(), 0).is_ok());
        assert_eq!(
            hub::receive(&po, "g1", &[got("11")], &buyer(), 0)
                .unwrap_err()
                .code,
            "invalid",
            "more than ordered"
        );
        let change = |quantity: &str, date: Option<&str>| LineAck::Changed {
            line_no: 1,
            quantity: Some(dec(quantity)),
            delivery_date: date.map(Into::into),
            unit_price: None,
        };
        assert!(
            hub::request_change(&po, "c1", &[change("8", Some("2026-12-20"))], &buyer(), 0).is_ok()
        );
        for (id, lines) in [
            ("", vec![change("8", None)]),
            ("c2", vec![change("-5", None)]),
            ("c2", vec![change("8", Some("tomorrow"))]),
            ("c2", vec![LineAck::Accepted { line_no: 1 }]),
        ] {
            assert_eq!(
                hub::request_change(&po, id, &lines, &buyer(), 0)
                    .unwrap_err()
                    .code,
                "invalid",
                "{id} {lines:?}"
            );
        }
        // A confirmed cancellation gives the requisition's lines back.
        po.events.push(OrderEvent::Cancelled { at_ms: 2 });
        assert!(ordered_lines([&po], "r1").is_empty());
    }
}

#[test]
fn the_overall_status_is_the_least_advanced_line_and_filters_follow_it() {
    use super::overview::{overall_status, OrderFilter, OrderOverview, OrderStatus};
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
    let status = |po: &PurchaseOrder, queued| overall_status(po, &progress(po), queued);
    assert_eq!(status(po, true), OrderStatus::Draft);
    assert_eq!(status(po, false), OrderStatus::Sending);
    po.events.push(OrderEvent::Sent { at_ms: 1 });
    assert_eq!(status(po, false), OrderStatus::Sent);
    po.events.push(OrderEvent::Acknowledged {
        at_ms: 2,
        lines: vec![],
        note: String::new(),
    });
    assert_eq!(status(po, false), OrderStatus::Acknowledged);
    let shipped = |at_ms, id: &str, line_no, qty: &str| OrderEvent::Shipped {
        at_ms,
        shipment_id: id.into(),
        carrier: "SF".into(),
        tracking: String::new(),
        expected: None,
        lines: vec![ShippedLine {
            line_no,
            quantity: dec(qty),
        }],
    };
    po.events.push(shipped(3, "S1", 1, "10"));
    assert_eq!(
        status(po, false),
        OrderStatus::PartlyShipped,
        "one line of two"
    );
    po.events.push(shipped(4, "S2", 2, "4"));
    assert_eq!(status(po, false), OrderStatus::Shipped);
    po.events.push(OrderEvent::Received {
        at_ms: 5,
        receipt_id: "G1".into(),
        by: "u-buyer".into(),
        lines: vec![ReceivedLine {
            line_no: 1,
            accepted: dec("10"),
            damaged: dec("0"),
            reason: String::new(),
        }],
    });
    assert_eq!(status(po, false), OrderStatus::PartlyReceived);
    // Late against the need-by date while not all received; the filters agree.
    let need_by = po.lines[1].need_by;
    let after = day(&format!("{}-12-31", need_by.year() + 1));
    let o = OrderOverview::new(po, &progress(po), false, after);
    assert!(o.late && !o.changed);
    assert!(OrderFilter::from_key("late").matches(&o));
    assert!(!OrderFilter::from_key("changed").matches(&o));
    assert!(OrderFilter::from_key("partly_received").matches(&o));
    assert!(!OrderFilter::from_key("received").matches(&o));
    assert!(OrderFilter::from_key("all").matches(&o));
    assert_eq!(OrderFilter::from_key("nonsense"), OrderFilter::All);
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::from_key(s.key()), Some(s));
    }
    po.events.push(OrderEvent::Cancelled { at_ms: 6 });
    assert_eq!(status(po, false), OrderStatus::Cancelled);
}

#[test]
fn an_orders_net_total_is_the_sum_of_its_rounded_lines() {
    let mut a = line("acme", "CNY", Some("acme/A1"), "3");
    a.unit_price = dec("0.333");
    let mut b = line("acme", "CNY", Some("acme/A2"), "1");
    b.unit_price = dec("0.005");
    let r = requisition("r1", Status::Approved, "Dock 3", vec![a, b]);
    let (orders, _) = plan_of(&[&r]);
    // 3 × 0.333 = 0.999 → 1.00; 0.005 → 0.01 (halves away from zero).
    assert_eq!(orders[0].net_total(), Ok(dec("1.01")));
}
