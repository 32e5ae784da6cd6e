//! The sync hub end to end: pushes applied exactly once however often they arrive, refusals as
//! outcomes, the record feed and its cursors, a reset hub, and every injected network fault,
//! over real HTTP on a loopback port (and the store directly for restarts and migrations).

mod common;

use common::*;
use procura_core::sync::{Limits, Pulled, SyncRound, SyncState};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn draft(id: &str, supplier: &str, quality: u8) -> EvaluationDraft {
    EvaluationDraft {
        id: id.into(),
        supplier_id: supplier.into(),
        period: "2026-Q2".into(),
        scores: Scores {
            quality,
            delivery: 4,
            price: 3,
            service: 5,
        },
        comment: "on time".into(),
    }
}

fn op_save(id: &str, supplier: &str, quality: u8) -> Op {
    Op::SaveEvaluation {
        evaluation: draft(id, supplier, quality),
    }
}

fn mutation(id: u64, op: Op) -> Mutation {
    Mutation {
        id,
        created_at_ms: 0,
        op,
    }
}

/// Mutation `id` saves evaluation `e{id}` of the demo supplier.
fn saves(ids: std::ops::RangeInclusive<u64>) -> Vec<Mutation> {
    ids.map(|i| mutation(i, op_save(&format!("e{i}"), SUPPLIER, 4)))
        .collect()
}

fn push_req(client_id: &str, mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        client_id: client_id.into(),
        mutations,
    }
}

fn applied(ids: std::ops::RangeInclusive<u64>) -> Vec<Outcome> {
    ids.map(|id| Outcome {
        id,
        result: OutcomeResult::Applied,
    })
    .collect()
}

fn refused(id: u64, code: &str) -> impl Fn(&Outcome) -> bool + '_ {
    move |o: &Outcome| {
        o.id == id && matches!(&o.result, OutcomeResult::Refused { code: c, .. } if c == code)
    }
}

/// The hub's live evaluations, by id, from a pull from the start.
async fn evaluations(api: &Api) -> BTreeMap<String, Evaluation> {
    let mut held = BTreeMap::new();
    for change in api
        .sync_pull_all(Cursor::start(), MAX_PULL_LIMIT)
        .await
        .into_iter()
        .flat_map(|p| p.changes)
    {
        match change {
            RecordChange::Upsert {
                record: Record::Evaluation(e),
            } => {
                held.insert(e.id.clone(), e);
            }
            RecordChange::Delete { key } => {
                held.remove(&key.id);
            }
        }
    }
    held
}

/// The request got no answer at all: the connection closed under it (hyper's "connection closed
/// before message completed"), which a client can only treat as a network failure.
#[track_caller]
fn assert_no_answer(result: Result<Reply, reqwest::Error>) {
    match result {
        Ok(reply) => panic!("expected no answer, got {}: {}", reply.status, reply.body),
        Err(e) => assert!(
            e.is_request() && e.status().is_none() && !e.is_timeout(),
            "{e:?}"
        ),
    }
}

/// The cursor at the end of the hub's feed now.
async fn head(api: &Api) -> Cursor {
    let pages = api.sync_pull_all(Cursor::start(), MAX_PULL_LIMIT).await;
    pages.last().expect("a page").next_cursor.clone()
}

async fn changes_after(api: &Api, cursor: &Cursor) -> Vec<RecordChange> {
    let page: PullResponse = api.sync_pull(cursor, None).await.json();
    assert!(!page.has_more);
    page.changes
}

#[tokio::test]
async fn the_same_push_twice_applies_once() {
    let buyer = spawn_hub(0, false).await.login("buyer").await;
    let req = push_req("dev-a", saves(1..=3));
    let first: PushResponse = buyer.push(&req).await.json();
    assert_eq!((first.last_applied, &first.outcomes), (3, &applied(1..=3)));
    let cursor = head(&buyer).await;
    let second: PushResponse = buyer.push(&req).await.json();
    assert_eq!(second, first, "same epoch, last_applied and outcomes");
    assert!(
        changes_after(&buyer, &cursor).await.is_empty(),
        "no record was written again"
    );
    let held = evaluations(&buyer).await;
    assert_eq!(held.len(), 3);
    let e1 = &held["e1"];
    assert_eq!(
        (e1.evaluator_id.as_str(), e1.evaluator_name.as_str()),
        ("u-buyer", "Li Na 李娜")
    );
}

#[tokio::test]
async fn an_overlapping_retry_applies_only_the_new_mutations() {
    let buyer = spawn_hub(0, false).await.login("buyer").await;
    let first: PushResponse = buyer.push(&push_req("dev-a", saves(1..=3))).await.json();
    assert_eq!(first.last_applied, 3);
    let cursor = head(&buyer).await;
    let second: PushResponse = buyer.push(&push_req("dev-a", saves(2..=5))).await.json();
    assert_eq!(
        (second.last_applied, &second.outcomes),
        (5, &applied(2..=5))
    );
    let written: Vec<String> = changes_after(&buyer, &cursor)
        .await
        .iter()
        .map(|c| c.key().id)
        .collect();
    assert_eq!(written, ["e4", "e5"]);
}

#[tokio::test]
async fn refusals_are_outcomes_and_stable_on_retry() {
    let hub = spawn_hub(0, false).await;
    let (buyer, approver) = (hub.login("buyer").await, hub.login("approver1").await);
    buyer
        .push(&push_req("dev-buyer", saves(1..=1)))
        .await
        .json::<PushResponse>();
    let req = push_req(
        "dev-approver",
        vec![
            mutation(1, op_save("e1", SUPPLIER, 1)),
            mutation(2, op_save("e2", SUPPLIER, 6)),
            mutation(3, op_save("e3", "no-such-supplier", 4)),
            mutation(4, Op::DeleteEvaluation { id: "e1".into() }),
            mutation(5, op_save("e5", SUPPLIER, 2)),
        ],
    );
    let reply = approver.push(&req).await;
    assert_eq!(
        reply.status, 200,
        "refusals are not HTTP errors: {}",
        reply.body
    );
    let first: PushResponse = reply.json();
    assert_eq!(first.last_applied, 5);
    let o = &first.outcomes;
    assert!(refused(1, "not_author")(&o[0]), "{o:?}");
    assert!(refused(2, "invalid")(&o[1]), "{o:?}");
    assert!(refused(3, "no_supplier")(&o[2]), "{o:?}");
    assert!(refused(4, "not_author")(&o[3]), "{o:?}");
    assert_eq!(o[4].result, OutcomeResult::Applied);
    let again: PushResponse = approver.push(&req).await.json();
    assert_eq!(again, first, "a retry answers the stored outcomes");
    let held = evaluations(&hub.with_token(buyer.token.as_deref().unwrap())).await;
    let ids: Vec<&str> = held.keys().map(String::as_str).collect();
    assert_eq!(ids, ["e1", "e5"]);
    assert_eq!(
        (held["e1"].evaluator_id.as_str(), held["e1"].scores.quality),
        ("u-buyer", 4)
    );
    assert_eq!(held["e5"].evaluator_id, "u-approver1");
}

#[tokio::test]
async fn a_client_id_belongs_to_the_user_who_pushed_first() {
    let hub = spawn_hub(0, false).await;
    let (buyer, approver) = (hub.login("buyer").await, hub.login("approver1").await);
    buyer
        .push(&push_req("dev-shared", saves(1..=1)))
        .await
        .json::<PushResponse>();
    let stolen = approver.push(&push_req("dev-shared", saves(2..=3))).await;
    stolen.assert_error(403, "client_of_another_user");
    assert_eq!(
        evaluations(&buyer).await.len(),
        1,
        "nothing of the refused push applied"
    );
}

#[tokio::test]
async fn malformed_batches_are_refused_whole() {
    let buyer = spawn_hub(0, false).await.login("buyer").await;
    let mut repeated = saves(1..=3);
    repeated[2].id = 2;
    buyer
        .push(&push_req("dev", repeated))
        .await
        .assert_error(400, "bad_batch");
    buyer
        .push(&push_req("dev", saves(0..=1)))
        .await
        .assert_error(400, "bad_batch");
    buyer
        .push(&push_req("", saves(1..=1)))
        .await
        .assert_error(400, "bad_batch");
    let too_many = saves(1..=MAX_PUSH_BATCH as u64 + 1);
    buyer
        .push(&push_req("dev", too_many))
        .await
        .assert_error(400, "batch_too_large");
    assert!(evaluations(&buyer).await.is_empty());
    let fresh: PushResponse = buyer.push(&push_req("dev", saves(1..=1))).await.json();
    assert_eq!(fresh.last_applied, 1, "a refused batch left no trace");
}

#[tokio::test]
async fn a_full_batch_with_the_longest_comments_is_accepted() {
    let buyer = spawn_hub(0, false).await.login("buyer").await;
    let mut batch = saves(1..=MAX_PUSH_BATCH as u64);
    for m in &mut batch {
        if let Op::SaveEvaluation { evaluation } = &mut m.op {
            evaluation.comment = "评".repeat(procura_core::scorecard::MAX_COMMENT_CHARS);
        }
    }
    let body = serde_json::to_vec(&push_req("dev", batch.clone())).unwrap();
    assert!(
        body.len() > 2 * 1024 * 1024,
        "larger than axum's default limit"
    );
    let reply: PushResponse = buyer.push(&push_req("dev", batch)).await.json();
    assert_eq!(reply.last_applied, MAX_PUSH_BATCH as u64);
    assert!(reply
        .outcomes
        .iter()
        .all(|o| o.result == OutcomeResult::Applied));
    let mut huge = saves(1..=1);
    if let Op::SaveEvaluation { evaluation } = &mut huge[0].op {
        evaluation.comment = "x".repeat(procura_endpoint::PUSH_BODY_LIMIT + 1);
    }
    let refused = buyer.push(&push_req("dev-huge", huge)).await;
    refused.assert_error(413, "too_large");
}

#[tokio::test]
async fn pull_pages_through_2500_records_and_then_sees_a_delete() {
    let buyer = spawn_hub(2_500, false).await.login("buyer").await;
    let pages = buyer.sync_pull_all(Cursor::start(), 1_000).await;
    let shape: Vec<(usize, u64, bool)> = pages
        .iter()
        .map(|p| (p.changes.len(), p.remaining, p.has_more))
        .collect();
    assert_eq!(
        shape,
        [(1000, 1500, true), (1000, 500, true), (500, 0, false)]
    );
    let keys: HashSet<RecordKey> = pages
        .iter()
        .flat_map(|p| &p.changes)
        .map(|c| c.key())
        .collect();
    assert_eq!(keys.len(), 2_500, "every record once");
    let mine = pages.iter().flat_map(|p| &p.changes).find_map(|c| match c {
        RecordChange::Upsert {
            record: Record::Evaluation(e),
        } if e.evaluator_id == "u-buyer" => Some(e.id.clone()),
        _ => None,
    });
    let mine = mine.expect("the buyer wrote some of the demo evaluations");
    let cursor = pages[2].next_cursor.clone();
    let delete = mutation(1, Op::DeleteEvaluation { id: mine.clone() });
    let reply: PushResponse = buyer.push(&push_req("dev", vec![delete])).await.json();
    assert_eq!(reply.outcomes, applied(1..=1));
    let tombstone = RecordChange::Delete {
        key: RecordKey::evaluation(&mine),
    };
    assert_eq!(
        changes_after(&buyer, &cursor).await,
        std::slice::from_ref(&tombstone)
    );
    let again = buyer.sync_pull_all(Cursor::start(), MAX_PULL_LIMIT).await;
    let all: Vec<&RecordChange> = again.iter().flat_map(|p| &p.changes).collect();
    assert_eq!(
        (all.len(), all.last()),
        (2_500, Some(&&tombstone)),
        "tombstones come from the start too"
    );
}

#[tokio::test]
async fn pull_limits_are_clamped() {
    let buyer = spawn_hub(MAX_PULL_LIMIT as usize + 1, false)
        .await
        .login("buyer")
        .await;
    let size = |limit: Option<u32>| {
        let buyer = buyer.clone();
        async move {
            let page: PullResponse = buyer.sync_pull(&Cursor::start(), limit).await.json();
            (page.changes.len(), page.remaining)
        }
    };
    assert_eq!(size(None).await, (DEFAULT_PULL_LIMIT as usize, 4_001));
    assert_eq!(size(Some(0)).await, (1, 5_000));
    assert_eq!(size(Some(1_000_000)).await, (MAX_PULL_LIMIT as usize, 1));
}

#[tokio::test]
async fn cursors_of_another_epoch_are_reset_and_malformed_ones_refused() {
    let hub = spawn_hub(10, true).await;
    let buyer = hub.login("buyer").await;
    let old: PullResponse = buyer.sync_pull(&Cursor::start(), None).await.json();
    buyer
        .push(&push_req("dev", saves(1..=2)))
        .await
        .json::<PushResponse>();
    let catalog = buyer
        .page(SUPPLIER, &Cursor::start(), Some(5))
        .await
        .json::<CatalogPage>();
    let negative = format!("r1.{}.-1", old.epoch);
    for bad in [
        "garbage",
        "r1.x",
        negative.as_str(),
        catalog.next_cursor.0.as_str(),
    ] {
        buyer
            .sync_pull(&Cursor(bad.into()), None)
            .await
            .assert_error(400, "bad_cursor");
    }
    let ahead = Cursor(format!("r1.{}.999999", old.epoch));
    buyer
        .sync_pull(&ahead, None)
        .await
        .assert_error(410, "cursor_reset");

    let reset: Value = hub.post("/api/v1/test/reset-hub", json!({})).await.json();
    let epoch = reset["epoch"].as_str().expect("the new epoch");
    assert_ne!(epoch, old.epoch);
    buyer
        .sync_pull(&old.next_cursor, None)
        .await
        .assert_error(410, "cursor_reset");
    let page = buyer.page(SUPPLIER, &catalog.next_cursor, Some(5)).await;
    page.assert_error(410, "cursor_reset");
    let fresh: PullResponse = buyer.sync_pull(&Cursor::start(), None).await.json();
    assert_eq!((fresh.epoch.as_str(), fresh.changes.len()), (epoch, 0));
    let again: PushResponse = buyer.push(&push_req("dev", saves(1..=2))).await.json();
    assert_eq!(
        (again.epoch.as_str(), &again.outcomes),
        (epoch, &applied(1..=2)),
        "the hub forgot the client"
    );
}

#[tokio::test]
async fn drop_before_loses_the_request_and_applies_nothing() {
    let hub = spawn_hub(0, true).await;
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

#[tokio::test]
async fn drop_after_applies_then_loses_the_answer_and_the_retry_applies_nothing_more() {
    let hub = spawn_hub(0, true).await;
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

#[tokio::test]
async fn status_503_answers_unavailable_without_processing() {
    let hub = spawn_hub(0, true).await;
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

#[tokio::test]
async fn delay_holds_the_answer_then_processes() {
    let hub = spawn_hub(3, true).await;
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
    assert_eq!(page.changes.len(), 3);
}

#[tokio::test]
async fn fault_rules_match_their_route_and_count_down() {
    let hub = spawn_hub(0, true).await;
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

#[tokio::test]
async fn fault_routes_do_not_exist_without_the_flag() {
    let hub = spawn_hub(0, false).await;
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

#[tokio::test]
async fn sync_routes_need_a_login() {
    let anonymous = spawn_hub(1, false).await;
    for api in [anonymous.clone(), anonymous.with_token(&"0".repeat(64))] {
        api.push(&push_req("dev", saves(1..=1)))
            .await
            .assert_error(401, "unauthorized");
        api.sync_pull(&Cursor::start(), None)
            .await
            .assert_error(401, "unauthorized");
    }
}

/// The core's engine against the hub through every kind of lost request: each failed round is
/// dropped and the next starts from what the device stored, as the app does.
#[tokio::test]
async fn the_core_engine_syncs_exactly_once_through_faults() {
    let hub = spawn_hub(0, true).await;
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
                procura_core::sync::Step::Push(req) => match buyer.try_push(&req).await {
                    Ok(reply) if reply.status == 200 => {
                        let pushed = round.pushed(reply.json()).expect("a valid answer");
                        assert!(pushed.refused.is_empty() && pushed.recover.is_none());
                        outbox.retain(|m| m.id > pushed.processed_through);
                        state.advance(round.position());
                    }
                    _ => break,
                },
                procura_core::sync::Step::Pull { cursor, limit } => {
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
                procura_core::sync::Step::Done(_) => break 'rounds,
            }
        }
        failures += 1;
    }
    assert_eq!(failures, 5, "every fault hit one round");
    assert!(outbox.is_empty());
    assert_eq!(held.len(), 400);
    assert!(
        held.values()
            .all(|Record::Evaluation(e)| e.scores.quality == 3),
        "the last write won everywhere"
    );
    assert_eq!(
        held.into_values()
            .map(|Record::Evaluation(e)| (e.id.clone(), e))
            .collect::<BTreeMap<_, _>>(),
        evaluations(&buyer).await
    );
}

#[test]
fn a_restarted_hub_keeps_its_epoch_and_sync_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let user = demo::users().remove(0);
    let req = push_req("dev", saves(1..=3));
    let (first, cursor) = {
        let mut store = Store::open(&path).unwrap();
        store
            .seed_demo_if_empty(DemoSize {
                items_per_supplier: 1,
                ..SMALL
            })
            .unwrap();
        let first = store.push(&user, &req, 1).unwrap();
        (
            first,
            store.pull(&Cursor::start(), 100).unwrap().next_cursor,
        )
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.epoch(), first.epoch);
    assert_eq!(
        store.push(&user, &req, 2).unwrap(),
        first,
        "still applied once"
    );
    assert!(store.pull(&cursor, 100).unwrap().changes.is_empty());
    assert_eq!(store.pull(&Cursor::start(), 100).unwrap().changes.len(), 3);
}

#[test]
fn a_database_of_an_earlier_version_gains_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta VALUES ('epoch', 'e0ld');
         CREATE TABLE suppliers (id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL, currency TEXT NOT NULL);
         INSERT INTO suppliers VALUES ('acme', 'Acme', '阿克米', 'CNY');",
    )
    .unwrap();
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.epoch(), "e0ld");
    assert_eq!(store.seed_demo_evaluations(5, 1).unwrap(), 5);
    let page = store.pull(&Cursor::start(), 100).unwrap();
    assert!(page.changes.iter().all(|c| matches!(c, RecordChange::Upsert { record: Record::Evaluation(e) } if e.supplier_id == "acme")));
}

#[test]
fn demo_evaluations_are_valid_deterministic_and_seeded_once() {
    let seeded = || {
        let mut store = Store::open_in_memory().unwrap();
        let size = DemoSize {
            items_per_supplier: 1,
            ..SMALL
        };
        store.seed_demo_if_empty(size).unwrap();
        assert_eq!(store.seed_demo_evaluations(24, 5).unwrap(), 24);
        store
    };
    let mut store = seeded();
    let again = store.seed_demo_evaluations(24, 5).unwrap();
    assert_eq!(again, 0, "only into an empty hub");
    let first = store.pull(&Cursor::start(), 100).unwrap().changes;
    let users: HashSet<String> = demo::users().into_iter().map(|u| u.id).collect();
    for change in &first {
        let RecordChange::Upsert {
            record: Record::Evaluation(e),
        } = change
        else {
            panic!("{change:?}")
        };
        assert_eq!(e.draft().validate(), Ok(()), "{e:?}");
        assert!(users.contains(&e.evaluator_id) && e.period.starts_with("2026-Q"));
    }
    let twin = seeded().pull(&Cursor::start(), 100).unwrap().changes;
    assert_eq!(twin, first, "same seed, same records");
    store.reset_hub().unwrap();
    let after_reset = store.seed_demo_evaluations(24, 5).unwrap();
    assert_eq!(after_reset, 0, "a reset hub stays empty across restarts");
}
