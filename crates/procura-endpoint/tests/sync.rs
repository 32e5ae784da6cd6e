//! The sync hub end to end: pushes applied exactly once however often they arrive, refusals as
//! outcomes, the record feed and its cursors, a reset hub, over real HTTP on a loopback port (and
//! the store directly for restarts and migrations). Injected network faults: `sync_faults.rs`.

mod common;

use common::sync::*;
use common::*;
use procura_ground::id::UserId;

async fn the_same_push_twice_applies_once(backend: Backend) {
    let buyer = spawn_hub_on(backend, 0, false).await.login("buyer").await;
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

async fn an_overlapping_retry_applies_only_the_new_mutations(backend: Backend) {
    let buyer = spawn_hub_on(backend, 0, false).await.login("buyer").await;
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

async fn refusals_are_outcomes_and_stable_on_retry(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, false).await;
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

async fn a_client_id_belongs_to_the_user_who_pushed_first(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, false).await;
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

async fn malformed_batches_are_refused_whole(backend: Backend) {
    let buyer = spawn_hub_on(backend, 0, false).await.login("buyer").await;
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

async fn a_full_batch_with_the_longest_comments_is_accepted(backend: Backend) {
    let buyer = spawn_hub_on(backend, 0, false).await.login("buyer").await;
    let mut batch = saves(1..=MAX_PUSH_BATCH as u64);
    for m in &mut batch {
        if let Op::SaveEvaluation { evaluation } = &mut m.op {
            evaluation.comment = "评".repeat(procura_suppliers::scorecard::MAX_COMMENT_CHARS);
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

async fn pull_pages_through_2500_records_and_then_sees_a_delete(backend: Backend) {
    // 2,500 records: the demo approval policy and 2,499 evaluations.
    let buyer = spawn_hub_on(backend, 2_499, false)
        .await
        .login("buyer")
        .await;
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

async fn pull_limits_are_clamped(backend: Backend) {
    // The demo approval policy and MAX_PULL_LIMIT evaluations.
    let buyer = spawn_hub_on(backend, MAX_PULL_LIMIT as usize, false)
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

async fn cursors_of_another_epoch_are_reset_and_malformed_ones_refused(backend: Backend) {
    let hub = spawn_hub_on(backend, 10, true).await;
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
    assert_eq!(fresh.epoch, epoch);
    assert!(
        matches!(
            &fresh.changes[..],
            [RecordChange::Upsert {
                record: Record::Policy(_)
            }]
        ),
        "only the organisation's policy survives a reset: {:?}",
        fresh.changes
    );
    let again: PushResponse = buyer.push(&push_req("dev", saves(1..=2))).await.json();
    assert_eq!(
        (again.epoch.as_str(), &again.outcomes),
        (epoch, &applied(1..=2)),
        "the hub forgot the client"
    );
}

async fn sync_routes_need_a_login(backend: Backend) {
    let anonymous = spawn_hub_on(backend, 1, false).await;
    for api in [anonymous.clone(), anonymous.with_token(&"0".repeat(64))] {
        api.push(&push_req("dev", saves(1..=1)))
            .await
            .assert_error(401, "unauthorized");
        api.sync_pull(&Cursor::start(), None)
            .await
            .assert_error(401, "unauthorized");
    }
}

#[test]
fn a_restarted_hub_keeps_its_epoch_and_sync_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    restarted_hub_keeps_its_state(&|| Store::open(&path).unwrap());
}

#[test]
fn a_restarted_hub_keeps_its_epoch_and_sync_state_on_postgres() {
    if Backend::postgres().is_some() {
        let database = fresh_database();
        restarted_hub_keeps_its_state(&|| Store::open_postgres_config(&database).unwrap());
    }
}

/// A store opened again (`open`: the same database each time) holds what the first one wrote.
fn restarted_hub_keeps_its_state(open: &dyn Fn() -> Store) {
    let user = demo::users().remove(0);
    let req = push_req("dev", saves(1..=3));
    let (first, cursor) = {
        let mut store = open();
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
    let mut store = open();
    assert_eq!(store.epoch(), first.epoch);
    assert_eq!(
        store.push(&user, &req, 2).unwrap(),
        first,
        "still applied once"
    );
    assert!(store.pull(&cursor, 100).unwrap().changes.is_empty());
    let all = store.pull(&Cursor::start(), 100).unwrap().changes;
    assert_eq!(all.len(), 4, "the demo policy and the 3 evaluations");
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
    demo_evaluations_seeded_once(Backend::Sqlite);
}

#[test]
fn demo_evaluations_are_valid_deterministic_and_seeded_once_on_postgres() {
    if let Some(backend) = Backend::postgres() {
        demo_evaluations_seeded_once(backend);
    }
}

fn demo_evaluations_seeded_once(backend: Backend) {
    let seeded = || {
        let mut store = backend.fresh_store();
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
    let users: HashSet<UserId> = demo::users().into_iter().map(|u| u.id).collect();
    let demo_policy = RecordChange::Upsert {
        record: Record::Policy(demo::policy()),
    };
    assert_eq!(first[0], demo_policy, "the demo policy comes first");
    for change in &first[1..] {
        let RecordChange::Upsert {
            record: Record::Evaluation(e),
        } = change
        else {
            panic!("{change:?}")
        };
        assert_eq!(e.draft().validate(), Ok(()), "{e:?}");
        assert!(users.contains(&e.evaluator_id) && e.period.year() == 2026);
    }
    let twin = seeded().pull(&Cursor::start(), 100).unwrap().changes;
    assert_eq!(twin, first, "same seed, same records");
    store.reset_hub().unwrap();
    let after_reset = store.seed_demo_evaluations(24, 5).unwrap();
    assert_eq!(after_reset, 0, "a reset hub stays empty across restarts");
}

on_each_store!(
    the_same_push_twice_applies_once,
    an_overlapping_retry_applies_only_the_new_mutations,
    refusals_are_outcomes_and_stable_on_retry,
    a_client_id_belongs_to_the_user_who_pushed_first,
    malformed_batches_are_refused_whole,
    a_full_batch_with_the_longest_comments_is_accepted,
    pull_pages_through_2500_records_and_then_sees_a_delete,
    pull_limits_are_clamped,
    cursors_of_another_epoch_are_reset_and_malformed_ones_refused,
    sync_routes_need_a_login,
);
