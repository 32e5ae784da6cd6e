//! Purchase order transmissions in IndexedDB against a real browser: the state stored before and
//! after each attempt survives a reopen (a closed tab), an attempt found in flight after reopening
//! is due again (the idempotency key makes the repeat harmless), and transmissions sit beside
//! other values of the `meta` store without mixing with them.
#![cfg(target_arch = "wasm32")]

use procura::storage::{transmission_key, LocalDb, SCHEMA_VERSION};
use procura_orders::order::transmit::{Attempt, Transmission, TransmitState};
use procura_procurement::cart::Carts;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

async fn open(name: &str) -> LocalDb {
    LocalDb::open_at(name, SCHEMA_VERSION).await.unwrap()
}

#[wasm_bindgen_test]
fn keys_are_per_order() {
    assert_eq!(transmission_key("po-1"), "transmit/po-1");
}

#[wasm_bindgen_test]
async fn a_transmission_is_stored_and_restored_after_reopening() {
    let name = fresh_name("transmit-restore");
    let db = open(&name).await;
    assert_eq!(db.load_transmission("po-1").await.unwrap(), None);

    let mut t = Transmission::new("po-1");
    t.start(1_000);
    db.save_transmission(&t).await.unwrap();
    t.finish(Attempt::Status(503, "busy".into()), 1_200, 0);
    db.save_transmission(&t).await.unwrap();
    let mut refused = Transmission::new("po-2");
    refused.start(2_000);
    refused.finish(Attempt::Status(422, "unknown part".into()), 2_100, 0);
    db.save_transmission(&refused).await.unwrap();
    db.close();

    let db = open(&name).await;
    let back = db.load_transmission("po-1").await.unwrap().unwrap();
    assert_eq!(back.attempts, 1);
    assert_eq!(
        back.state,
        TransmitState::Waiting {
            not_before_ms: 1_200
        }
    );
    assert_eq!(back.last_error.as_deref(), Some("503: busy"));
    assert!(back.due(1_200));
    let all = db.transmissions().await.unwrap();
    assert_eq!(
        all.iter().map(|t| t.order_id.as_str()).collect::<Vec<_>>(),
        ["po-1", "po-2"]
    );
    assert!(matches!(
        all[1].state,
        TransmitState::NeedsAction { status: 422, .. }
    ));
    assert!(!all[1].due(i64::MAX), "a refused order waits for a person");
}

#[wasm_bindgen_test]
async fn an_attempt_in_flight_when_the_tab_closed_is_due_again_after_reopening() {
    let name = fresh_name("transmit-in-flight");
    let db = open(&name).await;
    let mut t = Transmission::new("po-7");
    t.start(5_000);
    // Stored before the request went out; the tab closes before the answer.
    db.save_transmission(&t).await.unwrap();
    db.close();

    let db = open(&name).await;
    let mut back = db.load_transmission("po-7").await.unwrap().unwrap();
    assert_eq!(back.state, TransmitState::InFlight { since_ms: 5_000 });
    assert!(back.due(5_000), "sent again at once");
    back.start(9_000);
    back.finish(Attempt::Stored, 9_100, 0);
    db.save_transmission(&back).await.unwrap();
    let stored = db.load_transmission("po-7").await.unwrap().unwrap();
    assert_eq!(stored.state, TransmitState::Sent { at_ms: 9_100 });
    assert_eq!(stored.attempts, 2);
    assert!(!stored.due(i64::MAX));
}

#[wasm_bindgen_test]
async fn try_again_and_forgetting_leave_other_values_alone() {
    let db = open(&fresh_name("transmit-update")).await;
    db.save_carts(&Carts::new("buyer")).await.unwrap();
    let mut t = Transmission::new("po-3");
    t.start(0);
    t.finish(Attempt::Status(400, "bad".into()), 10, 0);
    db.save_transmission(&t).await.unwrap();

    let again = db
        .update_transmission("po-3", Transmission::retry_now)
        .await
        .unwrap();
    assert_eq!(again.state, TransmitState::Waiting { not_before_ms: 0 });
    assert_eq!(
        db.load_transmission("po-3").await.unwrap().unwrap().state,
        TransmitState::Waiting { not_before_ms: 0 }
    );
    // Updating one that was never stored starts from a new transmission.
    let fresh = db.update_transmission("po-4", |_| {}).await.unwrap();
    assert_eq!(fresh, Transmission::new("po-4"));

    db.delete_transmission("po-3").await.unwrap();
    assert_eq!(db.load_transmission("po-3").await.unwrap(), None);
    assert_eq!(db.transmissions().await.unwrap().len(), 1);
    assert_eq!(db.load_carts("buyer").await.unwrap(), Carts::new("buyer"));
}
