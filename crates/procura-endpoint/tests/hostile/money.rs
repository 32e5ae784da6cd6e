//! Money and quantities past the bounds: refused with a reason, and the hub lives on. Before
//! the bounds, a quantity of `Decimal::MAX` overflowed the requisition totals and, with
//! `panic = "abort"`, took the hub process down.

use super::support::{assert_healthy, Hub};
use serde_json::{json, Value};

/// A requisition draft of the demo organisation with one free-text line.
fn draft(id: &str, quantity: &str, unit_price: &str) -> Value {
    json!({
        "id": id,
        "base_revision": 0,
        "title": "Hostile amounts",
        "cost_centre": "CC-100",
        "account": "6001",
        "need_by": "2099-12-31",
        "delivery_address": "Building 3, 88 Keyuan Road, Shanghai",
        "justification": "Testing the bounds",
        "lines": [{
            "item_id": null,
            "description": "Anything",
            "supplier_id": "",
            "supplier_name": "",
            "quantity": quantity,
            "unit": "H87",
            "unit_price": unit_price,
            "currency": "CNY",
        }],
    })
}

/// Pushes `ops` as one device's mutations from id `first`; the outcomes' `(code, message)`,
/// `None` for an applied one.
async fn push(
    hub: &Hub,
    token: &str,
    first: usize,
    ops: Vec<Value>,
) -> Vec<Option<(String, String)>> {
    let mutations: Vec<Value> = ops
        .into_iter()
        .enumerate()
        .map(|(i, op)| json!({ "id": first + i, "created_at_ms": 0, "op": op }))
        .collect();
    let response = hub
        .client()
        .post(hub.url("/api/v1/sync/push"))
        .bearer_auth(token)
        .json(&json!({ "client_id": "hostile-money:u-buyer", "mutations": mutations }))
        .send()
        .await
        .expect("the hub answers");
    assert!(response.status().is_success(), "{}", response.status());
    let body: Value = response.json().await.expect("a push answer");
    body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            let r = &o["result"];
            (r["status"] == "refused").then(|| {
                let code = &r["code"];
                (
                    code.as_str().unwrap_or_default().to_owned(),
                    r["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
        })
        .collect()
}

#[tokio::test]
async fn amounts_past_the_bounds_are_refused_and_the_hub_lives() {
    let mut hub = Hub::demo(&[]);
    let token = hub.login("buyer", "procura").await;
    let max = "79228162514264337593543950335";
    let outcomes = push(
        &hub,
        &token,
        1,
        vec![
            // The reported crash: a quantity of Decimal::MAX.
            json!({ "type": "submit_requisition", "requisition": draft("hostile-q", max, "1") }),
            // A price near Decimal::MAX.
            json!({ "type": "submit_requisition", "requisition": draft("hostile-p", "2", "79228162514264337593543950") }),
            // Each within the bounds, the product past the amount bound.
            json!({ "type": "submit_requisition", "requisition": draft("hostile-a", "1000000000", "1000000000000") }),
            // 28 decimal places.
            json!({ "type": "submit_requisition", "requisition": draft("hostile-s", "1.0000000000000000000000000001", "1") }),
            // A goods receipt of a huge quantity (on any order: refused before it is looked up).
            json!({
                "type": "receive_goods",
                "order_id": "any-order",
                "receipt_id": "g1",
                "lines": [{ "line_no": 1, "accepted": max, "damaged": "0", "reason": "" }],
            }),
        ],
    )
    .await;
    let codes: Vec<&str> = outcomes
        .iter()
        .map(|o| o.as_ref().map_or("applied", |(code, _)| code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            "quantity_out_of_range",
            "price_out_of_range",
            "amount_out_of_range",
            "quantity_out_of_range",
            "quantity_out_of_range",
        ],
        "{outcomes:?}"
    );
    assert_healthy(&mut hub).await;
    // And it still does its work: an ordinary requisition goes through after the attack.
    let ok = push(
        &hub,
        &token,
        6,
        vec![
            json!({ "type": "submit_requisition", "requisition": draft("ordinary", "3", "12.50") }),
        ],
    )
    .await;
    assert_eq!(ok, [None], "an ordinary requisition is applied");
    assert_healthy(&mut hub).await;
}
