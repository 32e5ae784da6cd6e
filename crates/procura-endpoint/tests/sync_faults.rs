//! The sync hub under injected network faults (`--fault-injection`), over real HTTP: a request
//! dropped before or after it is applied, a 503, a slow answer, the fault routes themselves, and
//! the core's sync engine driven through all of them.

mod common;

use common::sync::*;
use common::*;
use procura_sync::sync::{Limits, Pulled, SyncRound, SyncState};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

async fn drop_before_loses_the_request_and_applies_nothing(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, true).await;
    let buyer = hub.login("buyer").await;
    hub.fault(json!({ "route": "push", "fault": "drop_before" }))
        .await;
    let req = push_req("dev", saves(1..=3));
    let lost = buyer.try_push(&req).await;
    assert_no_answer(lost);
    assert!(evaluations(&buyer).await.is_empty());
    let retry: PushResponse = buyer.push(&req).await.json();
    assert_eq!((retry.last_applied, retry.outcomes), (3, applied(1..=3)));
}

async fn drop_after_applies_then_loses_the_answer_and_the_retry_applies_nothing_more(
    backend: Backend,
) {
    let hub = spawn_hub_on(backend, 0, true).await;
    let buyer = hub.login("buyer").await;
    hub.fault(json!({ "route": "push", "fault": "drop_after" }))
        .await;
    let req = push_req("dev", saves(1..=3));
    let lost = buyer.try_push(&req).await;
    assert_no_answer(lost);
    assert_eq!(
        evaluations(&buyer).await.len(),
        3,
        "applied before the connection dropped"
    );
    let cursor = head(&buyer).await;
    let retry: PushResponse = buyer.push(&req).await.json();
    assert_eq!((retry.last_applied, retry.outcomes), (3, applied(1..=3)));
    assert!(
        changes_after(&buyer, &cursor).await.is_empty(),
        "not applied twice"
    );

    hub.fault(json!({ "route": "pull", "fault": "drop_after" }))
        .await;
    assert_no_answer(buyer.try_sync_pull(&Cursor::start(), None).await);
}

async fn status_503_answers_unavailable_without_processing(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, true).await;
    let buyer = hub.login("buyer").await;
    hub.fault(json!({ "route": "any", "fault": "status_503", "times": 2 }))
        .await;
    buyer
        .push(&push_req("dev", saves(1..=2)))
        .await
        .assert_error(503, "unavailable");
    buyer
        .sync_pull(&Cursor::start(), None)
        .await
        .assert_error(503, "unavailable");
    assert!(
        evaluations(&buyer).await.is_empty(),
        "the rule is used up and nothing was applied"
    );
}

async fn delay_holds_the_answer_then_processes(backend: Backend) {
    let hub = spawn_hub_on(backend, 3, true).await;
    let buyer = hub.login("buyer").await;
    hub.fault(json!({ "route": "pull", "fault": "delay", "delay_ms": 400 }))
        .await;
    let started = Instant::now();
    let page: PullResponse = buyer.sync_pull(&Cursor::start(), None).await.json();
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(page.changes.len(), 4, "the demo policy and 3 evaluations");
}

async fn fault_rules_match_their_route_and_count_down(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, true).await;
    let buyer = hub.login("buyer").await;
    hub.fault(json!({ "route": "push", "fault": "drop_before", "times": 2 }))
        .await;
    hub.fault(json!({ "route": "pull", "fault": "status_503" }))
        .await;
    let rules: Value = hub.get("/api/v1/test/faults").await.json();
    assert_eq!(rules.as_array().map(Vec::len), Some(2));
    buyer
        .sync_pull(&Cursor::start(), None)
        .await
        .assert_error(503, "unavailable");
    assert_no_answer(buyer.try_push(&push_req("dev", saves(1..=1))).await);
    let rules: Value = hub.get("/api/v1/test/faults").await.json();
    let left = json!([{ "route": "push", "fault": "drop_before", "delay_ms": 0, "times": 1 }]);
    assert_eq!(rules, left);
    assert_eq!(hub.delete("/api/v1/test/faults").await.status, 204);
    assert_eq!(
        hub.get("/api/v1/test/faults").await.json::<Value>(),
        json!([])
    );
    buyer
        .push(&push_req("dev", saves(1..=1)))
        .await
        .json::<PushResponse>();
    let zero = json!({ "route": "push", "fault": "delay", "times": 0 });
    hub.post("/api/v1/test/faults", zero)
        .await
        .assert_error(400, "bad_fault");
    let unknown = json!({ "route": "push", "fault": "explode" });
    hub.post("/api/v1/test/faults", unknown)
        .await
        .assert_error(422, "invalid_body");
}

async fn fault_routes_do_not_exist_without_the_flag(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, false).await;
    hub.get("/api/v1/test/faults")
        .await
        .assert_error(404, "not_found");
    let rule = json!({ "route": "push", "fault": "drop_before" });
    hub.post("/api/v1/test/faults", rule)
        .await
        .assert_error(404, "not_found");
    hub.delete("/api/v1/test/faults")
        .await
        .assert_error(404, "not_found");
    hub.post("/api/v1/test/reset-hub", json!({}))
        .await
        .assert_error(404, "not_found");
}

/// The core's engine against the hub through every kind of lost request: each failed round is
/// dropped and the next starts from what the device stored, as the app does.
async fn the_core_engine_syncs_exactly_once_through_faults(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, true).await;
    let buyer = hub.login("buyer").await;
    let mut state = SyncState::new("device-1");
    // 400 evaluations, each written three times: a replayed old write would show a lower score.
    let mut outbox: Vec<Mutation> = (0..1_200u32)
        .map(|i| {
            let quality = 1 + (i / 400) as u8;
            state.enqueue(op_save(&format!("e{}", i % 400), SUPPLIER, quality), 0)
        })
        .collect();
    for rule in [
        json!({ "route": "push", "fault": "drop_after" }),
        json!({ "route": "push", "fault": "drop_before" }),
        json!({ "route": "any", "fault": "status_503" }),
        json!({ "route": "pull", "fault": "drop_after" }),
        json!({ "route": "push", "fault": "drop_after" }),
    ] {
        hub.fault(rule).await;
    }
    let mut held: BTreeMap<RecordKey, Record> = BTreeMap::new();
    let mut failures = 0;
    'rounds: for _ in 0..20 {
        let mut round = SyncRound::new(&state, Limits::default());
        loop {
            match round.next_step(&outbox) {
                procura_sync::sync::Step::Push(req) => match buyer.try_push(&req).await {
                    Ok(reply) if reply.status == 200 => {
                        let pushed = round.pushed(reply.json()).expect("a valid answer");
                        assert!(pushed.refused.is_empty() && pushed.recover.is_none());
                        outbox.retain(|m| m.id > pushed.processed_through);
                        state.advance(round.position());
                    }
                    _ => break,
                },
                procura_sync::sync::Step::Pull { cursor, limit } => {
                    match buyer.try_sync_pull(&cursor, Some(limit)).await {
                        Ok(reply) if reply.status == 200 => match round.pulled(reply.json()) {
                            Ok(Pulled::Store { changes, .. }) => {
                                for change in changes {
                                    match change {
                                        RecordChange::Upsert { record } => {
                                            held.insert(record.key(), record);
                                        }
                                        RecordChange::Delete { key } => {
                                            held.remove(&key);
                                        }
                                    }
                                }
                                state.advance(round.position());
                            }
                            other => panic!("unexpected {other:?}"),
                        },
                        _ => break,
                    }
                }
                procura_sync::sync::Step::Done(_) => break 'rounds,
            }
        }
        failures += 1;
    }
    assert_eq!(failures, 5, "every fault hit one round");
    assert!(outbox.is_empty());
    let policy = RecordKey::new(RecordKind::Policy, "org");
    assert!(
        matches!(held.get(&policy), Some(Record::Policy(_))),
        "the demo policy came too"
    );
    let held = only_evaluations(&held);
    assert_eq!(held.len(), 400);
    assert!(
        held.values().all(|e| e.scores.quality == 3),
        "the last write won everywhere"
    );
    assert_eq!(held, evaluations(&buyer).await);
}

on_each_store!(
    drop_before_loses_the_request_and_applies_nothing,
    drop_after_applies_then_loses_the_answer_and_the_retry_applies_nothing_more,
    status_503_answers_unavailable_without_processing,
    delay_holds_the_answer_then_processes,
    fault_rules_match_their_route_and_count_down,
    fault_routes_do_not_exist_without_the_flag,
    the_core_engine_syncs_exactly_once_through_faults,
);
