//! Record sync storage against a real IndexedDB in headless Chromium: queued mutations get
//! unique, growing ids even when written at once; each sync step commits whole; a hub that lost
//! its state gets this user's records again; a backup restores unsynced work on a fresh
//! device and refuses to strand another identity's work; version 3 data survives the upgrade.
#![cfg(target_arch = "wasm32")]

use procura::storage::{DeviceBackup, LocalDb, RestoreError, OUTBOX, RECORDS, SCHEMA_VERSION};
use procura_procurement::approval::Actor;
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Evaluator, Scores};
use procura_sync::api::{CatalogChange, Cursor};
use procura_sync::sync::{
    Mutation, Op, Outcome, OutcomeResult, PushResponse, Record, RecordChange, RecordKey, Step,
    SyncRound,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

fn ana() -> Actor {
    Actor {
        id: "u-ana".into(),
        name: "Ana".into(),
        roles: vec![procura_sync::api::Role::Buyer],
    }
}

fn evaluator(a: &Actor) -> Evaluator {
    Evaluator {
        id: a.id.clone(),
        name: a.name.clone(),
    }
}

fn draft(id: &str, quality: u8) -> EvaluationDraft {
    EvaluationDraft {
        id: id.into(),
        supplier_id: "officeplus".into(),
        period: "2026-Q4".into(),
        scores: Scores {
            quality,
            delivery: 4,
            price: 3,
            service: 5,
        },
        comment: "ok".into(),
    }
}

fn save(id: &str, quality: u8) -> Op {
    Op::SaveEvaluation {
        evaluation: draft(id, quality),
    }
}

fn hub_record(id: &str, author: &Actor) -> Record {
    Record::Evaluation(
        Evaluation::from_draft(&draft(id, 2), &evaluator(author), 1).expect("a quarter"),
    )
}

async fn open(name: &str) -> LocalDb {
    LocalDb::open_at(name, SCHEMA_VERSION).await.unwrap()
}

#[wasm_bindgen_test]
async fn queued_mutations_get_unique_growing_ids_even_when_written_at_once() {
    let name = fresh_name("queue");
    let (a, b) = (open(&name).await, open(&name).await); // two tabs
    let writes = (0..20).map(|i| {
        let db = if i % 2 == 0 { a.clone() } else { b.clone() };
        async move {
            db.queue(save(&format!("e{i}"), 3), "u-ana", i)
                .await
                .unwrap()
        }
    });
    let mut ids: Vec<u64> = futures::future::join_all(writes)
        .await
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    assert_eq!(ids, (1..=20).collect::<Vec<_>>());
    a.close();
    b.close();
    let reopened = open(&name).await;
    assert_eq!(
        reopened.outbox().await.unwrap().len(),
        20,
        "the outbox survives a reopen"
    );
    assert_eq!(reopened.sync_state().await.unwrap().next_mutation_id, 21);
}

#[wasm_bindgen_test]
async fn a_push_commits_whole_and_refusals_are_kept() {
    let db = open(&fresh_name("push")).await;
    let client = db.sync_state().await.unwrap().client_id;
    for (i, op) in [save("e1", 4), save("e2", 5), save("e3", 9)]
        .into_iter()
        .enumerate()
    {
        db.queue(op, "u-ana", i as i64).await.unwrap();
    }
    let state = db.sync_state().await.unwrap();
    let mut round = SyncRound::new(&state, Default::default());
    let Step::Push(request) = round.next_step(&db.outbox_of("u-ana", 500).await.unwrap()) else {
        panic!("should push")
    };
    assert_eq!(request.client_id, client);
    // Meanwhile another tab queues one more.
    db.queue(save("e4", 1), "u-ana", 9).await.unwrap();
    let pushed = round
        .pushed(PushResponse {
            epoch: "E1".into(),
            last_applied: 3,
            outcomes: vec![Outcome {
                id: 3,
                result: OutcomeResult::Refused {
                    code: "invalid".into(),
                    message: "score 9".into(),
                    reason: Some(procura_ground::reason::Reason::EvaluationScoreOutOfRange {
                        criterion: procura_suppliers::scorecard::Criterion::Quality,
                        score: 9,
                    }),
                },
            }],
        })
        .unwrap();
    db.commit_push(&pushed, round.position(), &ana(), 10)
        .await
        .unwrap();
    let work = db.work().await.unwrap();
    assert_eq!(
        work.outbox.iter().map(|m| m.id).collect::<Vec<_>>(),
        [4],
        "only the later one waits"
    );
    assert_eq!(
        work.records.len(),
        2,
        "applied changes are folded into the records"
    );
    assert_eq!(work.refused.len(), 1);
    assert_eq!(work.refused[0].message, "score 9");
    // The typed reason is stored with it, and says it in Chinese.
    assert_eq!(
        work.refused[0].text(procura::i18n::Lang::ZhCn),
        "质量评分 9 不在 1–5 之间。"
    );
    let state = work.state.unwrap();
    assert_eq!(state.epoch.as_deref(), Some("E1"));
    assert_eq!(
        state.next_mutation_id, 5,
        "the round did not roll back the counter"
    );
}

#[wasm_bindgen_test]
async fn a_pull_page_and_its_cursor_are_stored_together_and_recovery_requeues_mine() {
    let db = open(&fresh_name("pull")).await;
    let mut state = db.sync_state().await.unwrap();
    state.epoch = Some("E1".into());
    let bo = Actor {
        id: "u-bo".into(),
        name: "Bo".into(),
        roles: vec![procura_sync::api::Role::Buyer],
    };
    let mut round = SyncRound::new(&state, Default::default());
    let _ = round.next_step(&[]);
    let pulled = round
        .pulled(procura_sync::sync::PullResponse {
            epoch: "E1".into(),
            changes: vec![
                RecordChange::Upsert {
                    record: hub_record("mine", &ana()),
                },
                RecordChange::Upsert {
                    record: hub_record("theirs", &bo),
                },
            ],
            next_cursor: Cursor("r1.E1.2".into()),
            has_more: false,
            remaining: 0,
        })
        .unwrap();
    let procura_sync::sync::Pulled::Store { changes, .. } = pulled else {
        panic!()
    };
    db.commit_pull(&changes, round.position()).await.unwrap();
    let work = db.work().await.unwrap();
    assert_eq!(work.records.len(), 2);
    assert_eq!(work.state.unwrap().cursor, Cursor("r1.E1.2".into()));

    // The hub lost its state: my evaluation is queued again, the pulled copies go.
    db.recover(Some("E2"), &ana(), 20).await.unwrap();
    let work = db.work().await.unwrap();
    assert!(work.records.is_empty());
    let requeued: Vec<RecordKey> = work.outbox.iter().map(|q| q.mutation.op.key()).collect();
    assert_eq!(requeued, [RecordKey::evaluation("mine")]);
    let state = work.state.unwrap();
    assert!(state.cursor.is_start());
    assert_eq!(state.epoch.as_deref(), Some("E2"));
}

#[wasm_bindgen_test]
async fn a_backup_restores_unsynced_work_on_a_fresh_device() {
    let tablet = open(&fresh_name("backup-src")).await;
    tablet.queue(save("e1", 4), "u-ana", 1).await.unwrap();
    tablet.queue(save("e2", 5), "u-ana", 2).await.unwrap();
    let backup = tablet.export_backup(3).await.unwrap();
    let text = serde_json::to_string(&backup).unwrap();

    let fresh = open(&fresh_name("backup-dst")).await;
    let parsed = DeviceBackup::parse(&text).unwrap();
    let summary = fresh.restore_backup(&parsed).await.unwrap();
    assert_eq!(summary.queued, 2);
    let restored = fresh.work().await.unwrap();
    assert_eq!(
        restored.state.unwrap().client_id,
        backup.sync_state.client_id,
        "the device takes the backup's identity, so the hub skips what it already applied"
    );
    let ids: Vec<u64> = restored.outbox.iter().map(|q| q.id).collect();
    assert_eq!(ids, [1, 2]);
    let next: Mutation = fresh.queue(save("e3", 3), "u-ana", 4).await.unwrap();
    assert_eq!(next.id, 3, "ids continue after the restored ones");

    assert!(matches!(
        DeviceBackup::parse("{\"format\":\"something else\"}"),
        Err(RestoreError::NotABackup(_))
    ));
}

#[wasm_bindgen_test]
async fn a_restore_that_would_strand_local_work_changes_nothing() {
    let other = open(&fresh_name("strand-src")).await;
    other.queue(save("x", 4), "u-ana", 1).await.unwrap();
    let backup = other.export_backup(2).await.unwrap();
    let here = open(&fresh_name("strand-dst")).await;
    let mine = here.queue(save("mine", 2), "u-ana", 1).await.unwrap();
    let before = here.work().await.unwrap();
    let refused = here.restore_backup(&backup).await;
    assert!(
        matches!(refused, Err(RestoreError::Refused(_))),
        "{refused:?}"
    );
    let after = here.work().await.unwrap();
    assert_eq!(after.outbox.len(), 1);
    assert_eq!(after.outbox[0].mutation, mine);
    assert_eq!(after.state, before.state);
}

#[wasm_bindgen_test]
async fn upgrading_from_version_3_keeps_the_catalog_and_adds_the_outbox() {
    let name = fresh_name("upgrade-v4");
    let v3 = LocalDb::open_at(&name, 3).await.unwrap();
    let item = procura_demo::demo::generate_catalog(7, &procura_demo::demo::suppliers(1)[0], 5);
    let changes: Vec<CatalogChange> = item
        .iter()
        .map(|i| CatalogChange::Upsert {
            item: Box::new(i.clone()),
        })
        .collect();
    v3.apply_catalog_page("officeplus", &changes, &Cursor("c3".into()))
        .await
        .unwrap();
    v3.close();
    let v4 = open(&name).await;
    assert_eq!(v4.version(), SCHEMA_VERSION);
    let stores = v4.store_names();
    assert!(stores.iter().any(|s| s == OUTBOX) && stores.iter().any(|s| s == RECORDS));
    assert_eq!(
        v4.item_count().await.unwrap(),
        5,
        "the catalog written by v3 is intact"
    );
    assert_eq!(v4.cursors().await.unwrap()[0].cursor.0, "c3");
    v4.queue(save("e1", 4), "u-ana", 1).await.unwrap();
    assert_eq!(v4.outbox().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn a_shared_tablet_pushes_each_users_changes_with_their_own_session() {
    let db = open(&fresh_name("shared")).await;
    db.queue(save("ana-1", 4), "u-ana", 1).await.unwrap();
    db.queue(save("bo-1", 2), "u-bo", 2).await.unwrap();
    db.queue(save("ana-2", 5), "u-ana", 3).await.unwrap();
    let state = db.sync_state().await.unwrap();
    let mut round = SyncRound::for_user(&state, "u-ana", Default::default());
    let Step::Push(request) = round.next_step(&db.outbox_of("u-ana", 500).await.unwrap()) else {
        panic!("should push")
    };
    assert_eq!(request.client_id, format!("{}:u-ana", state.client_id));
    assert_eq!(
        request.mutations.iter().map(|m| m.id).collect::<Vec<_>>(),
        [1, 3]
    );
    let pushed = round
        .pushed(PushResponse {
            epoch: "E1".into(),
            last_applied: 3,
            outcomes: vec![],
        })
        .unwrap();
    db.commit_push(&pushed, round.position(), &ana(), 4)
        .await
        .unwrap();
    let left = db.outbox().await.unwrap();
    assert_eq!(
        left.len(),
        1,
        "Bo's change waits for Bo, though its id is below Ana's last"
    );
    assert_eq!((left[0].id, left[0].author.as_str()), (2, "u-bo"));
}

#[wasm_bindgen_test]
async fn the_record_log_replays_in_order_and_compacts_without_losing_a_change() {
    let db = open(&fresh_name("log")).await;
    let _ = db.sync_state().await.unwrap();
    let position = procura_sync::sync::Position::default();
    // 40 pages: each rewrites "moving" and adds one record; every 5th deletes the previous one.
    for page in 0..40u8 {
        let mut changes = vec![
            RecordChange::Upsert {
                record: Record::Evaluation(
                    Evaluation::from_draft(
                        &draft("moving", 1 + page % 5),
                        &evaluator(&ana()),
                        i64::from(page),
                    )
                    .expect("a quarter"),
                ),
            },
            RecordChange::Upsert {
                record: hub_record(&format!("r{page}"), &ana()),
            },
        ];
        if page % 5 == 4 {
            changes.push(RecordChange::Delete {
                key: RecordKey::evaluation(&format!("r{}", page - 1)),
            });
        }
        db.commit_pull(&changes, &position).await.unwrap();
    }
    assert!(
        db.record_pages().await.unwrap() <= 33,
        "the log was compacted"
    );
    let records = db.work().await.unwrap().records;
    assert_eq!(records.len(), 1 + 40 - 8, "every record but the 8 deleted");
    let Some(Record::Evaluation(moving)) = records.get(&RecordKey::evaluation("moving")) else {
        panic!("the rewritten record is there")
    };
    assert_eq!(
        (moving.scores.quality, moving.updated_at_ms),
        (1 + 39 % 5, 39),
        "its latest version"
    );
    assert!(!records.contains_key(&RecordKey::evaluation("r38")));
    assert!(records.contains_key(&RecordKey::evaluation("r39")));
}
