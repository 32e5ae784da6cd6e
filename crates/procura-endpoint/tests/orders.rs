//! Purchase orders end to end over real HTTP on a loopback port: requisitions approved through
//! sync become orders the hub checks by the core's rules (`procura_orders::order::hub`); the
//! endpoint, playing the supplier, takes each order exactly once per idempotency key under
//! dropped connections, 503s and timeouts (`--fault-injection`); the supplier's answers
//! (acknowledgement, shipments, deliveries, confirmations) and the buyer's goods receipts land
//! on the hub's order record, and `procura_orders::order::progress` on the pulled record follows.
//! Suppliers' own documents (cXML, Peppol BIS) arrive at `/inbound/documents`.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_endpoint::store::{OrderReceipt, RecordedEvent};
use procura_orders::order::{LineAck, LineState, OrderEvent, ReceivedLine};
use procura_procurement::approval::Status;

use LineState::{
    Acknowledged, Cancelled, PartlyReceived, PartlyShipped, Received, Rejected, Sent, Shipped,
};

#[tokio::test]
async fn a_buyer_orders_approved_requisitions_and_every_device_pulls_the_order() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let a = office.approved("req-a", &[4, 2]).await;
    let b = office.approved("req-b", &[3]).await;
    let po = office.plan("po-1", &[&a, &b]);
    // A forged body: the buyer, number, time and events it names are not the hub's.
    let mut forged = po.clone();
    forged.buyer = "u-director".into();
    forged.buyer_name = "Chen Jie 陈杰".into();
    forged.number = "PO-FORGED".into();
    forged.created_at_ms = 1;
    forged.events = vec![OrderEvent::Sent { at_ms: 1 }];
    let before = now_ms();
    let create = Op::CreateOrder { order: forged };
    assert_applied(&office.buyer.send(create).await);

    // The approver's device pulls it too.
    let held = order_of(&office.approver.api, "po-1").await;
    assert_eq!(
        (held.buyer.as_str(), held.buyer_name.as_str()),
        ("u-buyer", "Li Na 李娜"),
        "the hub names the buyer from the session"
    );
    assert_eq!(held.number, "PO-PO1");
    assert!(held.created_at_ms >= before);
    assert!(held.events.is_empty(), "{:?}", held.events);
    assert_eq!(held.requisitions, ["req-a", "req-b"]);
    assert_eq!(held.lines, po.lines);
    assert_eq!(held.lines.len(), 3, "consolidated: one order per supplier");
    assert_eq!(states(&held), [LineState::Draft; 3]);
}

#[tokio::test]
async fn orders_of_unapproved_or_ordered_lines_at_other_prices_or_by_non_buyers_are_refused() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let pending = office.submitted("req-pending", &[2]).await;
    assert_eq!(pending.status, Status::Pending);
    let approved = office.approved("req-ok", &[5, 1]).await;

    // The device may think it approved; the hub knows better.
    let mut seen_approved = pending.clone();
    seen_approved.status = Status::Approved;
    let early = office.plan("po-pending", &[&seen_approved]);
    let refused = office.buyer.send(Op::CreateOrder { order: early }).await;
    assert_refused(&refused, "not_approved");

    // Another price or quantity than approved.
    let mut dearer = office.plan("po-dearer", &[&approved]);
    dearer.lines[0].unit_price += Decimal::ONE;
    assert_refused(
        &office.buyer.send(Op::CreateOrder { order: dearer }).await,
        "invalid",
    );
    let mut more = office.plan("po-more", &[&approved]);
    more.lines[1].quantity += Decimal::ONE;
    assert_refused(
        &office.buyer.send(Op::CreateOrder { order: more }).await,
        "invalid",
    );

    // Only buyers order; the supplier must exist.
    let po = office.plan("po-ok", &[&approved]);
    let by_approver = Op::CreateOrder { order: po.clone() };
    assert_refused(&office.approver.send(by_approver).await, "forbidden_role");
    let mut nowhere = po.clone();
    nowhere.id = "po-nowhere".into();
    nowhere.supplier_id = "nope".into();
    assert_refused(
        &office.buyer.send(Op::CreateOrder { order: nowhere }).await,
        "no_supplier",
    );

    // Ordered once; not twice, under another id or the same.
    assert_applied(
        &office
            .buyer
            .send(Op::CreateOrder { order: po.clone() })
            .await,
    );
    let again = office.plan("po-again", &[&approved]);
    assert_refused(
        &office.buyer.send(Op::CreateOrder { order: again }).await,
        "already_ordered",
    );
    assert_refused(
        &office.buyer.send(Op::CreateOrder { order: po }).await,
        "exists",
    );

    // Two orders of the same lines in one push: the second sees the first.
    let twice = office.approved("req-twice", &[3]).await;
    let answer = office
        .buyer
        .push(vec![
            Op::CreateOrder {
                order: office.plan("po-first", &[&twice]),
            },
            Op::CreateOrder {
                order: office.plan("po-second", &[&twice]),
            },
        ])
        .await;
    assert_applied(&answer.outcomes[0].result);
    assert_refused(&answer.outcomes[1].result, "already_ordered");

    let held = orders(&hub.login("buyer").await).await;
    let ids: Vec<&str> = held.keys().map(String::as_str).collect();
    assert_eq!(ids, ["po-first", "po-ok"]);
}

#[tokio::test]
async fn the_supplier_acknowledges_ships_and_delivers_and_the_buyer_receives() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    assert_eq!(states(&po), [Sent, Sent]);
    let buyer = office.buyer.api.clone();

    // Line 1: 8 of 10, later; line 2 as ordered.
    let later = day(10);
    let ack = json!({
        "lines": [{ "status": "changed", "line_no": 1, "quantity": "8", "delivery_date": later.to_string() }],
        "note": "8 in stock",
    });
    let recorded: RecordedEvent = supplier_says(&hub, "po-1", "acknowledge", ack.clone())
        .await
        .json();
    assert!(!recorded.duplicate);
    assert!(matches!(recorded.event, OrderEvent::Acknowledged { at_ms, .. } if at_ms > 0));
    let po = order_of(&buyer, "po-1").await;
    assert_eq!(states(&po), [Acknowledged, Acknowledged]);
    let l1 = line(&po, 1);
    assert!(l1.changed);
    assert_eq!(
        (l1.confirmed, l1.confirmed_date),
        (Some(dec(8)), Some(later))
    );
    assert_eq!(line(&po, 2).confirmed, Some(dec(4)));
    // The same message again (a retried document) appends nothing.
    let again: RecordedEvent = supplier_says(&hub, "po-1", "acknowledge", ack).await.json();
    assert!(again.duplicate);
    let bad_ack = json!({ "lines": [{ "status": "accepted", "line_no": 3 }] });
    let reply = supplier_says(&hub, "po-1", "acknowledge", bad_ack).await;
    reply.assert_error(409, "event_refused");

    // Shipments: not beyond what was confirmed, of lines that exist, one id each.
    let ship = |id: &str, lines: Value| json!({ "shipment_id": id, "carrier": "SF Express", "tracking": format!("SF{id}"), "lines": lines });
    let too_many = ship("S1", json!([{ "line_no": 1, "quantity": "9" }]));
    let reply = supplier_says(&hub, "po-1", "ship", too_many).await;
    reply.assert_error(409, "event_refused");
    let no_line = ship("S1", json!([{ "line_no": 3, "quantity": "1" }]));
    let reply = supplier_says(&hub, "po-1", "ship", no_line).await;
    reply.assert_error(409, "event_refused");
    let first = ship(
        "S1",
        json!([{ "line_no": 1, "quantity": "4" }, { "line_no": 2, "quantity": "4" }]),
    );
    let reply = supplier_says(&hub, "po-1", "ship", first).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let po = order_of(&buyer, "po-1").await;
    assert_eq!(states(&po), [PartlyShipped, Shipped]);
    let same_id = ship("S1", json!([{ "line_no": 1, "quantity": "1" }]));
    let reply = supplier_says(&hub, "po-1", "ship", same_id).await;
    reply.assert_error(409, "event_refused");
    let rest = ship("S2", json!([{ "line_no": 1, "quantity": "4" }]));
    assert_eq!(supplier_says(&hub, "po-1", "ship", rest).await.status, 200);
    let po = order_of(&buyer, "po-1").await;
    assert_eq!(states(&po), [Shipped, Shipped]);
    let reply = supplier_says(&hub, "po-1", "deliver", json!({ "shipment_id": "S9" })).await;
    reply.assert_error(409, "event_refused");
    let reply = supplier_says(&hub, "po-1", "deliver", json!({ "shipment_id": "S1" })).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // Received in part, one damaged; the supplier replaces it; received in full.
    let receive = |receipt: &str, lines: Vec<ReceivedLine>| Op::ReceiveGoods {
        order_id: "po-1".into(),
        receipt_id: receipt.into(),
        lines,
    };
    let got = |line_no: u32, accepted: i64, damaged: i64| ReceivedLine {
        line_no,
        accepted: dec(accepted),
        damaged: dec(damaged),
        reason: if damaged > 0 {
            "Carton crushed".into()
        } else {
            String::new()
        },
    };
    let first_receipt = receive("GR-1", vec![got(1, 3, 1), got(2, 4, 0)]);
    assert_applied(&office.buyer.send(first_receipt).await);
    let po = order_of(&buyer, "po-1").await;
    assert_eq!(states(&po), [PartlyReceived, Received]);
    assert_eq!(
        (line(&po, 1).received, line(&po, 1).damaged),
        (dec(3), dec(1))
    );
    let replacement = ship("S3", json!([{ "line_no": 1, "quantity": "1" }]));
    assert_eq!(
        supplier_says(&hub, "po-1", "ship", replacement)
            .await
            .status,
        200
    );
    let beyond = ship("S4", json!([{ "line_no": 1, "quantity": "1" }]));
    let reply = supplier_says(&hub, "po-1", "ship", beyond).await;
    reply.assert_error(409, "event_refused");
    let too_much = receive("GR-2", vec![got(2, 1, 0)]);
    assert_refused(&office.buyer.send(too_much).await, "invalid");
    assert_applied(&office.buyer.send(receive("GR-2", vec![got(1, 5, 0)])).await);

    // Every device sees the whole timeline.
    let po = order_of(&office.approver.api, "po-1").await;
    assert_eq!(states(&po), [Received, Received]);
    let kinds: Vec<String> = po
        .events
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "sent",
            "acknowledged",
            "shipped",
            "shipped",
            "delivered",
            "received",
            "shipped",
            "received"
        ]
    );
}

#[tokio::test]
async fn change_and_cancel_requests_wait_for_the_supplier_to_confirm() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[6, 2]).await;
    let buyer = office.buyer.api.clone();
    let reply = supplier_says(&hub, "po-1", "acknowledge", json!({ "lines": [] })).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let change = Op::RequestOrderChange {
        order_id: po.id.to_string(),
        request_id: "CR-1".into(),
        lines: vec![LineAck::Changed {
            line_no: 1,
            quantity: Some(dec(3)),
            delivery_date: None,
            unit_price: None,
        }],
    };
    assert_applied(&office.buyer.send(change).await);
    let asked = order_of(&buyer, "po-1").await;
    assert_eq!(
        line(&asked, 1).confirmed,
        Some(dec(6)),
        "waits for the supplier"
    );
    let unknown = json!({ "request_id": "CR-9" });
    let reply = supplier_says(&hub, "po-1", "confirm-change", unknown).await;
    reply.assert_error(409, "event_refused");
    let confirm = json!({ "request_id": "CR-1" });
    let recorded: RecordedEvent = supplier_says(&hub, "po-1", "confirm-change", confirm.clone())
        .await
        .json();
    assert!(!recorded.duplicate);
    let changed = order_of(&buyer, "po-1").await;
    assert_eq!(line(&changed, 1).confirmed, Some(dec(3)));
    assert!(line(&changed, 1).changed);
    let again: RecordedEvent = supplier_says(&hub, "po-1", "confirm-change", confirm)
        .await
        .json();
    assert!(again.duplicate);
    let four = json!({ "shipment_id": "S1", "lines": [{ "line_no": 1, "quantity": "4" }] });
    let reply = supplier_says(&hub, "po-1", "ship", four.clone()).await;
    reply.assert_error(409, "event_refused");
    // A change that makes no sense is refused by the hub, and there is nothing to confirm.
    let nonsense = Op::RequestOrderChange {
        order_id: po.id.to_string(),
        request_id: "CR-2".into(),
        lines: vec![LineAck::Changed {
            line_no: 2,
            quantity: Some(Decimal::ZERO),
            delivery_date: None,
            unit_price: None,
        }],
    };
    assert_refused(&office.buyer.send(nonsense).await, "invalid");
    let reply = supplier_says(
        &hub,
        "po-1",
        "confirm-change",
        json!({ "request_id": "CR-2" }),
    )
    .await;
    reply.assert_error(409, "event_refused");

    // Cancel: only what the buyer asked for, then nothing more happens to the order.
    let reply = supplier_says(&hub, "po-1", "confirm-cancel", json!({})).await;
    reply.assert_error(409, "event_refused");
    let cancel = Op::RequestOrderCancel {
        order_id: po.id.to_string(),
        reason: "Budget frozen".into(),
    };
    assert_applied(&office.buyer.send(cancel).await);
    let reply = hub
        .send(
            Method::POST,
            hub.url("/api/v1/test/orders/po-1/confirm-cancel"),
            None,
        )
        .await;
    assert_eq!(
        reply.status, 200,
        "confirmed without a body: {}",
        reply.body
    );
    let cancelled = order_of(&buyer, "po-1").await;
    assert_eq!(states(&cancelled), [Cancelled, Cancelled]);
    assert!(matches!(
        last_event(&cancelled),
        OrderEvent::Cancelled { .. }
    ));
    let one = json!({ "shipment_id": "S1", "lines": [{ "line_no": 2, "quantity": "1" }] });
    let reply = supplier_says(&hub, "po-1", "ship", one).await;
    reply.assert_error(409, "event_refused");
    let late = Op::ReceiveGoods {
        order_id: po.id.to_string(),
        receipt_id: "GR-1".into(),
        lines: vec![ReceivedLine {
            line_no: 2,
            accepted: dec(1),
            damaged: Decimal::ZERO,
            reason: String::new(),
        }],
    };
    assert_refused(&office.buyer.send(late).await, "stale");
    // The supplier still answers the order's key with what it stored.
    let stored: OrderReceipt = send_order(&buyer, &po, "po-1").await.json();
    assert!(stored.duplicate);
    let reply = send_order(&buyer, &po, "another-key").await;
    reply.assert_error(409, "duplicate_order");
}

#[tokio::test]
async fn a_supplier_answers_only_orders_it_received_and_may_reject_one() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[2]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();
    let accept = json!({ "lines": [] });
    let reply = supplier_says(&hub, "po-1", "acknowledge", accept.clone()).await;
    reply.assert_error(409, "event_refused");
    let reply = supplier_says(&hub, "po-nope", "acknowledge", accept.clone()).await;
    reply.assert_error(404, "unknown_order");
    let both = json!({ "lines": [{ "status": "accepted", "line_no": 1 }], "reject": "no" });
    let reply = supplier_says(&hub, "po-1", "acknowledge", both).await;
    reply.assert_error(400, "bad_request");

    assert_eq!(send_order(&buyer, &po, "po-1").await.status, 201);
    let reply = supplier_says(&hub, "po-1", "acknowledge", json!({ "reject": " " })).await;
    reply.assert_error(409, "event_refused");
    let reject = json!({ "reject": "Discontinued" });
    let reply = supplier_says(&hub, "po-1", "acknowledge", reject).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let rejected = order_of(&buyer, "po-1").await;
    assert_eq!(states(&rejected), [Rejected]);
    let reply = supplier_says(&hub, "po-1", "acknowledge", accept).await;
    reply.assert_error(409, "event_refused");
    let cancel = Op::RequestOrderCancel {
        order_id: "po-1".into(),
        reason: "Too late".into(),
    };
    assert_refused(&office.buyer.send(cancel).await, "stale");
}

#[tokio::test]
async fn supplier_routes_exist_only_when_asked_for() {
    let plain = spawn_hub(0, false).await;
    let ack = json!({ "lines": [] });
    let reply = plain
        .post("/api/v1/test/orders/po-1/acknowledge", ack.clone())
        .await;
    reply.assert_error(404, "not_found");
    let listing = plain.get("/api/v1/test/suppliers/officeplus/orders").await;
    listing.assert_error(404, "not_found");

    // The demo's supplier simulation: the supplier routes, but not the fault routes.
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let demo = serve(AppState::new(store).with_supplier_routes(), None).await;
    let reply = demo.post("/api/v1/test/orders/po-1/acknowledge", ack).await;
    reply.assert_error(404, "unknown_order");
    let listing = demo.get("/api/v1/test/suppliers/officeplus/orders").await;
    listing.assert_error(404, "not_found");
    demo.get("/api/v1/test/faults")
        .await
        .assert_error(404, "not_found");
}
