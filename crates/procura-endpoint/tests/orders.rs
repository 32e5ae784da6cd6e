//! Purchase orders end to end over real HTTP on a loopback port: requisitions approved through
//! sync become orders the hub checks by the core's rules (`procura_core::order::hub`); the
//! endpoint, playing the supplier, takes each order exactly once per idempotency key under
//! dropped connections, 503s and timeouts (`--fault-injection`); the supplier's answers
//! (acknowledgement, shipments, deliveries, confirmations) and the buyer's goods receipts land
//! on the hub's order record, and `procura_core::order::progress` on the pulled record follows.
//! Suppliers' own documents (cXML, Peppol BIS) arrive at `/inbound/documents`.

mod common;

use common::approvals::*;
use common::orders::*;
use common::sync::assert_no_answer;
use common::*;
use procura_core::approval::Status;
use procura_core::order::documents::{iso_timestamp, DocumentKind};
use procura_core::order::{LineAck, LineState, OrderEvent, ReceivedLine};
use procura_endpoint::orders::InboundAnswer;
use procura_endpoint::store::{demo_supplier_key, OrderReceipt, RecordedEvent};
use procura_endpoint::supplier_sim::{self, SimConfig};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

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
async fn an_order_is_stored_once_however_often_it_is_sent() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[6]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();

    let first = send_order(&buyer, &po, &po.id).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let first: OrderReceipt = first.json();
    assert_eq!(first.order_id, "po-1");
    assert!(first.supplier_order_ref.starts_with("SO-OFFICEPLUS-"));
    assert!(!first.duplicate);
    for _ in 0..2 {
        let again = send_order(&buyer, &po, &po.id).await;
        assert_eq!(again.status, 200, "{}", again.body);
        let again: OrderReceipt = again.json();
        let stored = OrderReceipt {
            duplicate: true,
            ..first.clone()
        };
        assert_eq!(again, stored, "the stored answer");
    }
    // The copy the device pulled since (with its events) is the same order.
    let pulled = order_of(&buyer, "po-1").await;
    assert_eq!(
        pulled.events,
        [OrderEvent::Sent {
            at_ms: first.received_at_ms
        }]
    );
    let resent: OrderReceipt = send_order(&buyer, &pulled, &po.id).await.json();
    assert!(resent.duplicate);
    let copies = copies_of(&hub, SUPPLIER, "po-1").await;
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        (copies[0].key.as_str(), copies[0].times_received),
        ("po-1", 4)
    );
    assert_eq!(count(&order_of(&buyer, "po-1").await, "sent"), 1);

    // What the supplier refuses.
    let body = serde_json::to_value(&po).unwrap();
    let send = |key: Option<String>, supplier: &'static str, body: Value| {
        let buyer = buyer.clone();
        async move {
            try_send_order(&buyer, supplier, key.as_deref(), body, None)
                .await
                .expect("answered")
        }
    };
    for key in [None, Some(String::new()), Some("k".repeat(129))] {
        let reply = send(key, SUPPLIER, body.clone()).await;
        reply.assert_error(400, "idempotency_key_required");
    }
    let mut changed = po.clone();
    changed.terms.note = "Deliver to gate 2".into();
    let reused = send(Some("po-1".into()), SUPPLIER, json!(changed)).await;
    reused.assert_error(422, "idempotency_key_reused");
    let elsewhere = send(Some("po-1".into()), "labcore", body.clone()).await;
    elsewhere.assert_error(422, "wrong_supplier");
    let nobody = send(Some("po-1".into()), "nope", body.clone()).await;
    nobody.assert_error(404, "no_supplier");
    let mut ghost = po.clone();
    ghost.id = "po-ghost".into();
    let unknown = send(Some("po-ghost".into()), SUPPLIER, json!(ghost)).await;
    unknown.assert_error(404, "unknown_order");
    let second_key = send(Some("another-key".into()), SUPPLIER, body.clone()).await;
    second_key.assert_error(409, "duplicate_order");
    let approver = send_order(&office.approver.api, &po, &po.id).await;
    approver.assert_error(403, "forbidden");
    let anonymous = try_send_order(&hub, SUPPLIER, Some("po-1"), body.clone(), None).await;
    anonymous.unwrap().assert_error(401, "unauthorized");
    let not_json = buyer
        .http
        .post(buyer.url("/api/v1/suppliers/officeplus/orders"))
        .bearer_auth(buyer.token.as_deref().unwrap())
        .header("Idempotency-Key", "po-1")
        .header("Content-Type", "application/json")
        .body("{\"id\": 1}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status().as_u16(), 422);

    // An order that is not the one the hub holds.
    let r2 = office.approved("req-2", &[2]).await;
    let po2 = office.ordered("po-2", &[&r2]).await;
    let mut tampered = po2.clone();
    tampered.lines[0].quantity = dec(200);
    let mismatch = send(Some("po-2".into()), SUPPLIER, json!(tampered)).await;
    mismatch.assert_error(422, "order_mismatch");
    assert_eq!(send_order(&buyer, &po2, "po-2").await.status, 201);

    let all = received(&hub, SUPPLIER).await;
    let ids: Vec<(&str, &str, u32)> = all
        .iter()
        .map(|r| (r.key.as_str(), r.order_id.as_str(), r.times_received))
        .collect();
    assert_eq!(ids, [("po-1", "po-1", 4), ("po-2", "po-2", 1)]);
}

#[tokio::test]
async fn an_answer_lost_after_the_store_is_retried_into_the_same_single_copy() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[6]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();
    let body = serde_json::to_value(&po).unwrap();

    hub.fault(json!({ "route": "order", "fault": "drop_after" }))
        .await;
    let lost = try_send_order(&buyer, SUPPLIER, Some("po-1"), body.clone(), None).await;
    assert_no_answer(lost);
    let copies = copies_of(&hub, SUPPLIER, "po-1").await;
    assert_eq!(copies.len(), 1, "stored before the connection dropped");
    let held = order_of(&buyer, "po-1").await;
    assert_eq!(count(&held, "sent"), 1, "in the same transaction");

    let retry = send_order(&buyer, &po, "po-1").await;
    assert_eq!(retry.status, 200);
    let retry: OrderReceipt = retry.json();
    assert!(retry.duplicate);
    assert_eq!(retry.supplier_order_ref, copies[0].supplier_order_ref);
    let copies = copies_of(&hub, SUPPLIER, "po-1").await;
    assert_eq!((copies.len(), copies[0].times_received), (1, 2));
    assert_eq!(count(&order_of(&buyer, "po-1").await, "sent"), 1);

    // Lost before the supplier saw it: nothing stored, the retry is the first copy.
    let r2 = office.approved("req-2", &[2]).await;
    let po2 = office.ordered("po-2", &[&r2]).await;
    hub.fault(json!({ "route": "order", "fault": "drop_before" }))
        .await;
    let body2 = serde_json::to_value(&po2).unwrap();
    assert_no_answer(try_send_order(&buyer, SUPPLIER, Some("po-2"), body2, None).await);
    assert!(copies_of(&hub, SUPPLIER, "po-2").await.is_empty());
    assert_eq!(count(&order_of(&buyer, "po-2").await, "sent"), 0);
    let retry: OrderReceipt = send_order(&buyer, &po2, "po-2").await.json();
    assert!(!retry.duplicate);
    assert_eq!(copies_of(&hub, SUPPLIER, "po-2").await.len(), 1);
}

#[tokio::test]
async fn a_503_stores_nothing_and_the_retry_stores_once() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[6]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();

    hub.fault(json!({ "route": "order", "fault": "status_503", "times": 2 }))
        .await;
    for _ in 0..2 {
        let busy = send_order(&buyer, &po, "po-1").await;
        busy.assert_error(503, "unavailable");
    }
    assert!(copies_of(&hub, SUPPLIER, "po-1").await.is_empty());
    assert_eq!(send_order(&buyer, &po, "po-1").await.status, 201);
    assert_eq!(copies_of(&hub, SUPPLIER, "po-1").await.len(), 1);

    // A sync rule (`any`) leaves the order intake alone.
    let r2 = office.approved("req-2", &[2]).await;
    let po2 = office.ordered("po-2", &[&r2]).await;
    hub.fault(json!({ "route": "any", "fault": "status_503" }))
        .await;
    assert_eq!(send_order(&buyer, &po2, "po-2").await.status, 201);
    let pending: Vec<Value> = hub.get("/api/v1/test/faults").await.json();
    assert_eq!(pending.len(), 1, "the sync rule is still pending");
    assert_eq!(hub.delete("/api/v1/test/faults").await.status, 204);
}

#[tokio::test]
async fn a_request_that_timed_out_and_its_retry_make_one_copy() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[6]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();
    let body = serde_json::to_value(&po).unwrap();

    hub.fault(json!({ "route": "order", "fault": "delay", "delay_ms": 1500 }))
        .await;
    let started = Instant::now();
    let timeout = Some(Duration::from_millis(300));
    let gave_up = try_send_order(&buyer, SUPPLIER, Some("po-1"), body, timeout).await;
    assert!(
        matches!(&gave_up, Err(e) if e.is_timeout()),
        "the client gave up"
    );
    assert!(started.elapsed() < Duration::from_millis(1500));
    // Retried at once, while the first request may still be waiting at the supplier.
    let retry = send_order(&buyer, &po, "po-1").await;
    assert!([200, 201].contains(&retry.status), "{}", retry.body);
    // Long enough for the delayed request to have been processed, if it still runs.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let copies = copies_of(&hub, SUPPLIER, "po-1").await;
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!((1..=2).contains(&copies[0].times_received));
    assert_eq!(count(&order_of(&buyer, "po-1").await, "sent"), 1);
    let last: OrderReceipt = send_order(&buyer, &po, "po-1").await.json();
    assert!(last.duplicate);
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
        "lines": [{ "status": "changed", "line_no": 1, "quantity": "8", "delivery_date": later }],
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
        (l1.confirmed, l1.confirmed_date.as_deref()),
        (Some(dec(8)), Some(later.as_str()))
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
        order_id: po.id.clone(),
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
        order_id: po.id.clone(),
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
        order_id: po.id.clone(),
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
        order_id: po.id.clone(),
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

/// A hub whose suppliers answer by themselves, at `config`'s pace.
async fn simulated_hub(config: SimConfig) -> Api {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let state = AppState::new(store).with_supplier_routes();
    supplier_sim::spawn(&state, config);
    serve(state, None).await
}

fn pace(ack_after_ms: i64, ship_after_ms: i64) -> SimConfig {
    SimConfig {
        tick: Duration::from_millis(20),
        ack_after_ms,
        ship_after_ms,
        deliver_after_ms: 50,
        confirm_after_ms: 50,
        ack_style: BTreeMap::new(),
    }
}

/// Pulls order `id` until `done` holds of it (10 s at most).
async fn wait_for(
    api: &Api,
    id: &str,
    done: impl Fn(&procura_core::order::PurchaseOrder) -> bool,
) -> procura_core::order::PurchaseOrder {
    let started = Instant::now();
    loop {
        let po = order_of(api, id).await;
        if done(&po) {
            return po;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "order {id} stays at {:?}",
            po.events
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_supplier_simulation_acknowledges_ships_in_two_parts_and_delivers() {
    let hub = simulated_hub(pace(50, 100)).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 3]).await;
    let buyer = office.buyer.api.clone();
    let po = wait_for(&buyer, &po.id, |po| count(po, "delivered") == 2).await;
    assert_eq!(states(&po), [Shipped, Shipped]);
    let shipments: Vec<Vec<(u32, Decimal)>> = po
        .events
        .iter()
        .filter_map(|e| match e {
            OrderEvent::Shipped {
                lines, tracking, ..
            } => {
                assert!(tracking.starts_with("SF"), "{tracking}");
                Some(lines.iter().map(|l| (l.line_no, l.quantity)).collect())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        shipments,
        [
            vec![(1, dec(5)), (2, dec(1))],
            vec![(1, dec(5)), (2, dec(2))]
        ]
    );
    assert_eq!(count(&po, "acknowledged"), 1);
}

#[tokio::test]
async fn the_supplier_simulation_confirms_change_and_cancel_requests() {
    // Acknowledges at once, never gets to shipping.
    let hub = simulated_hub(pace(0, 600_000)).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[6]).await;
    let buyer = office.buyer.api.clone();
    wait_for(&buyer, &po.id, |po| count(po, "acknowledged") == 1).await;
    let change = Op::RequestOrderChange {
        order_id: po.id.clone(),
        request_id: "CR-1".into(),
        lines: vec![LineAck::Changed {
            line_no: 1,
            quantity: Some(dec(4)),
            delivery_date: None,
            unit_price: None,
        }],
    };
    assert_applied(&office.buyer.send(change).await);
    let changed = wait_for(&buyer, &po.id, |po| count(po, "change_confirmed") == 1).await;
    assert_eq!(line(&changed, 1).confirmed, Some(dec(4)));
    let cancel = Op::RequestOrderCancel {
        order_id: po.id.clone(),
        reason: "Found it in the store room".into(),
    };
    assert_applied(&office.buyer.send(cancel).await);
    let cancelled = wait_for(&buyer, &po.id, |po| count(po, "cancelled") == 1).await;
    assert_eq!(states(&cancelled), [Cancelled]);
}

/// A cXML request document of the demo supplier's system, sent now.
fn cxml(payload_id: &str, request: &str) -> String {
    let now = iso_timestamp(now_ms());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd">
<cXML payloadID="{payload_id}" timestamp="{now}" xml:lang="en-US">
    <Header>
        <From><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential></From>
        <To><Credential domain="NetworkID"><Identity>AN-PROCURA</Identity></Credential></To>
        <Sender><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential><UserAgent>OfficePlus ERP</UserAgent></Sender>
    </Header>
    <Request>{request}</Request>
</cXML>"#
    )
}

/// Line 1 confirmed 8 of 10, line 2 as ordered; names the order by id and number.
fn cxml_confirmation(po: &procura_core::order::PurchaseOrder) -> String {
    let (id, number) = (&po.id, &po.number);
    cxml(
        "conf-1@officeplus.example",
        &format!(
            r#"<ConfirmationRequest>
    <ConfirmationHeader type="detail" confirmID="C-1">
        <Comments xml:lang="en">Only 8 in stock &amp; the rest follows never</Comments>
        <Extrinsic name="ProcuraOrderId">{id}</Extrinsic>
    </ConfirmationHeader>
    <OrderReference orderID="{number}"/>
    <ConfirmationItem quantity="10" lineNumber="1">
        <ConfirmationStatus quantity="8" type="detail"/>
    </ConfirmationItem>
    <ConfirmationItem quantity="4" lineNumber="2">
        <ConfirmationStatus quantity="4" type="accept"/>
    </ConfirmationItem>
</ConfirmationRequest>"#
        ),
    )
}

/// Ship notice `shipment` of order `number` (named by number only): `items` as
/// (line, quantity), none meaning the whole order.
fn cxml_ship_notice(shipment: &str, number: &str, items: &[(u32, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(line, q)| format!(r#"<ShipNoticeItem quantity="{q}" lineNumber="{line}"/>"#))
        .collect();
    cxml(
        &format!("{shipment}@officeplus.example"),
        &format!(
            r#"<ShipNoticeRequest>
    <ShipNoticeHeader shipmentID="{shipment}" noticeDate="{now}"/>
    <ShipControl>
        <CarrierIdentifier domain="companyName">DHL Freight</CarrierIdentifier>
        <ShipmentIdentifier domain="trackingNumber">JJD-{shipment}</ShipmentIdentifier>
    </ShipControl>
    <ShipNoticePortion>
        <OrderReference orderID="{number}"/>
        {items}
    </ShipNoticePortion>
</ShipNoticeRequest>"#,
            now = iso_timestamp(now_ms())
        ),
    )
}

/// A Peppol BIS order response accepting order `number` as ordered.
fn peppol_accepted(number: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2"
               xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
               xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
    <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order_response:3</cbc:CustomizationID>
    <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>
    <cbc:ID>OR-1</cbc:ID>
    <cbc:IssueDate>{today}</cbc:IssueDate>
    <cbc:OrderResponseCode>AP</cbc:OrderResponseCode>
    <cac:OrderReference><cbc:ID>{number}</cbc:ID></cac:OrderReference>
    <cac:SellerSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID></cac:Party></cac:SellerSupplierParty>
    <cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0192">987654325</cbc:EndpointID></cac:Party></cac:BuyerCustomerParty>
</OrderResponse>"#,
        today = day(0)
    )
}

/// `POST /inbound/documents` with `key` as `X-Supplier-Key`.
async fn post_document(hub: &Api, key: Option<&str>, content_type: &str, xml: &str) -> Reply {
    let mut request = hub
        .http
        .post(hub.url("/api/v1/inbound/documents"))
        .header("Content-Type", content_type)
        .body(xml.to_owned());
    if let Some(key) = key {
        request = request.header("X-Supplier-Key", key);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let content_type = response.headers().get(CONTENT_TYPE).map(|v| v.to_str());
    let content_type = content_type.and_then(Result::ok).unwrap_or("").to_owned();
    let body = response.text().await.expect("a body");
    Reply {
        status,
        content_type,
        body,
    }
}

#[tokio::test]
async fn suppliers_send_cxml_and_peppol_documents_that_land_on_their_orders() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    let buyer = office.buyer.api.clone();
    let key = demo_supplier_key(SUPPLIER);
    let xml = "application/xml";

    // Only the supplier's system, with its key, about its own orders, in XML.
    let confirmation = cxml_confirmation(&po);
    let reply = post_document(&hub, None, xml, &confirmation).await;
    reply.assert_error(401, "unauthorized");
    let reply = post_document(&hub, Some("demo-nobody-key"), xml, &confirmation).await;
    reply.assert_error(401, "unauthorized");
    let other = demo_supplier_key("labcore");
    let reply = post_document(&hub, Some(&other), xml, &confirmation).await;
    reply.assert_error(404, "unknown_order");
    let reply = post_document(&hub, Some(&key), "text/plain", &confirmation).await;
    reply.assert_error(415, "unsupported_media_type");
    let reply = post_document(&hub, Some(&key), xml, "<cXML><Request>").await;
    reply.assert_error(422, "invalid_document");
    let entity = confirmation.replace(
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd\">",
        "<!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
    );
    let reply = post_document(&hub, Some(&key), xml, &entity).await;
    reply.assert_error(422, "invalid_document");
    assert_eq!(states(&order_of(&buyer, "po-1").await), [Sent, Sent]);

    let reply = post_document(&hub, Some(&key), "text/xml; charset=utf-8", &confirmation).await;
    let answer: InboundAnswer = reply.json();
    assert_eq!(answer.supplier_id, SUPPLIER);
    assert_eq!(answer.kind, DocumentKind::CxmlConfirmation);
    assert_eq!(answer.document_id, "conf-1@officeplus.example");
    let [m] = &answer.messages[..] else {
        panic!("{answer:?}")
    };
    assert_eq!(m.order_id.as_deref(), Some("po-1"));
    assert!(!m.duplicate);
    assert!(m.note.contains("Only 8 in stock"), "{}", m.note);
    assert!(matches!(&m.event, Some(OrderEvent::Acknowledged { at_ms, .. }) if *at_ms > 0));
    let acked = order_of(&buyer, "po-1").await;
    assert_eq!(states(&acked), [Acknowledged, Acknowledged]);
    assert_eq!(line(&acked, 1).confirmed, Some(dec(8)));
    // The same document again records nothing new.
    let again: InboundAnswer = post_document(&hub, Some(&key), xml, &confirmation)
        .await
        .json();
    assert!(again.messages[0].duplicate);
    assert_eq!(count(&order_of(&buyer, "po-1").await, "acknowledged"), 1);

    // Ship notices by order number: part of line 1, then the whole rest of the order.
    let number = po.number.to_lowercase();
    let first = cxml_ship_notice("SN-1", &number, &[(1, "4")]);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &first).await.json();
    assert_eq!(answer.messages[0].order_id.as_deref(), Some("po-1"));
    let shipped = order_of(&buyer, "po-1").await;
    assert_eq!(states(&shipped), [PartlyShipped, Acknowledged]);
    let too_much = cxml_ship_notice("SN-X", &po.number, &[(2, "5")]);
    let reply = post_document(&hub, Some(&key), xml, &too_much).await;
    reply.assert_error(409, "event_refused");
    let rest = cxml_ship_notice("SN-2", &po.number, &[]);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &rest).await.json();
    let Some(OrderEvent::Shipped {
        lines,
        carrier,
        tracking,
        ..
    }) = &answer.messages[0].event
    else {
        panic!("{answer:?}")
    };
    let lines: Vec<(u32, Decimal)> = lines.iter().map(|l| (l.line_no, l.quantity)).collect();
    assert_eq!(lines, [(1, dec(4)), (2, dec(4))], "what was outstanding");
    assert_eq!(
        (carrier.as_str(), tracking.as_str()),
        ("DHL Freight", "JJD-SN-2")
    );
    assert_eq!(states(&order_of(&buyer, "po-1").await), [Shipped, Shipped]);
    let unknown = cxml_ship_notice("SN-3", "PO-NOSUCH1", &[(1, "1")]);
    let reply = post_document(&hub, Some(&key), xml, &unknown).await;
    reply.assert_error(404, "unknown_order");

    // A status update changes no order: logged and answered.
    let status = cxml(
        "status-1@officeplus.example",
        r#"<StatusUpdateRequest>
    <DocumentReference payloadID="1764000000000.x@procura"/>
    <Status code="200" text="OK" xml:lang="en">Order received by the warehouse</Status>
</StatusUpdateRequest>"#,
    );
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &status).await.json();
    assert_eq!(answer.kind, DocumentKind::CxmlStatusUpdate);
    assert_eq!(answer.messages[0].event, None);
    assert!(answer.messages[0].note.contains("Order received"));

    // Peppol BIS: an order response, by number.
    let po2 = office.sent("po-2", &[3]).await;
    let response = peppol_accepted(&po2.number);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &response).await.json();
    assert_eq!(answer.kind, DocumentKind::PeppolOrderResponse);
    assert_eq!(answer.messages[0].order_id.as_deref(), Some("po-2"));
    assert_eq!(states(&order_of(&buyer, "po-2").await), [Acknowledged]);
}

/// A database made before orders existed gains the supplier order table and every supplier its
/// demo document key on its next start.
#[test]
fn an_older_database_gains_order_intake_and_supplier_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('epoch', 'abc123'), ('catalog_seq', '1');
             CREATE TABLE suppliers (id TEXT PRIMARY KEY, name_en TEXT NOT NULL,
                 name_zh TEXT NOT NULL, currency TEXT NOT NULL);
             INSERT INTO suppliers VALUES ('old', 'Old Supplier', '老供应商', 'CNY');",
        )
        .expect("old schema");
    }
    let mut store = Store::open(&path).expect("migrates");
    assert!(store.seed_demo_if_empty(SMALL).expect("seed"));
    let hash = procura_endpoint::auth::token_hash(&demo_supplier_key("old"));
    assert_eq!(
        store.supplier_by_inbound_key(&hash).unwrap().as_deref(),
        Some("old")
    );
    assert!(store.received_orders("old").unwrap().is_empty());
    drop(store);
    let mut store = Store::open(&path).expect("reopens");
    assert!(
        !store.seed_demo_if_empty(SMALL).expect("seed"),
        "nothing more to seed"
    );
}
