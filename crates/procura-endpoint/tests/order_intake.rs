//! The supplier's order intake: a PO is stored once per idempotency key however often it is
//! sent, whether the answer was lost after the store, a 503 came back, or the client timed out.

mod common;

use common::orders::*;
use common::sync::assert_no_answer;
use common::*;
use procura_endpoint::store::OrderReceipt;
use procura_orders::order::OrderEvent;
use std::time::{Duration, Instant};

#[tokio::test]
async fn an_order_is_stored_once_however_often_it_is_sent() {
    let hub = spawn_hub(0, true).await;
    let mut office = Office::open(&hub).await;
    let r = office.approved("req-1", &[6]).await;
    let po = office.ordered("po-1", &[&r]).await;
    let buyer = office.buyer.api.clone();

    let first = send_order(&buyer, &po, po.id.as_str()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let first: OrderReceipt = first.json();
    assert_eq!(first.order_id, "po-1");
    assert!(first.supplier_order_ref.starts_with("SO-OFFICEPLUS-"));
    assert!(!first.duplicate);
    for _ in 0..2 {
        let again = send_order(&buyer, &po, po.id.as_str()).await;
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
    let resent: OrderReceipt = send_order(&buyer, &pulled, po.id.as_str()).await.json();
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
    let approver = send_order(&office.approver.api, &po, po.id.as_str()).await;
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
