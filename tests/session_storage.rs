//! Logging out on a shared device, against a real IndexedDB in headless Chromium: the pulled
//! records and the record cursor go in one transaction (and nothing goes if it fails), every
//! author's queued work, the device identity, the catalog and the carts stay; a round that
//! commits after the log out writes nothing; the next user's round drops another session's
//! records; the token to end is queued, survives a reopen, and leaves the queue only when the
//! hub ended it (204, or 401: already ended) — sent through a stand-in for `fetch`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::{GetUntracked, WithUntracked};
use procura::state::{set_local_db, AppState};
use procura::storage::{LocalDb, SCHEMA_VERSION};
use procura_procurement::approval::Actor;
use procura_procurement::cart::Carts;
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Evaluator, Scores};
use procura_sync::api::{CatalogChange, Cursor, LoginResponse, Role, User};
use procura_sync::sync::{
    Op, Outcome, OutcomeResult, Pulled, PushResponse, Record, RecordChange, Step, SyncRound,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("procura-test-{test}-{}", js_sys::Math::random().to_bits())
}

async fn open(name: &str) -> LocalDb {
    LocalDb::open_at(name, SCHEMA_VERSION).await.unwrap()
}

fn actor(id: &str) -> Actor {
    Actor {
        id: id.into(),
        name: id.into(),
        roles: vec![Role::Buyer],
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
    let by = Evaluator {
        id: author.id.clone(),
        name: author.name.clone(),
    };
    Record::Evaluation(Evaluation::from_draft(&draft(id, 2), &by, 1).expect("a quarter"))
}

/// Pulls one page of `ids` (by `author`) the way a round does, ending at `cursor`.
async fn pull(db: &LocalDb, ids: &[&str], cursor: &str) -> Result<(), String> {
    let state = db.work().await.unwrap().state.unwrap();
    let mut round = SyncRound::new(&state, Default::default());
    let _ = round.next_step(&[]);
    let pulled = round
        .pulled(procura_sync::sync::PullResponse {
            epoch: "E1".into(),
            changes: ids
                .iter()
                .map(|id| RecordChange::Upsert {
                    record: hub_record(id, &actor("u-ana")),
                })
                .collect(),
            next_cursor: Cursor(cursor.into()),
            has_more: false,
            remaining: 0,
        })
        .unwrap();
    let Pulled::Store { changes, .. } = pulled else {
        panic!("a page to store")
    };
    db.commit_pull(&changes, round.position())
        .await
        .map_err(|e| e.to_string())
}

/// `author` pushes their outbox and the hub refuses the first of it.
async fn push_refused(db: &LocalDb, author: &str) {
    let state = db.sync_state().await.unwrap();
    let mut round = SyncRound::for_user(&state, author, Default::default());
    let outbox = db.outbox_of(author, 500).await.unwrap();
    let Step::Push(request) = round.next_step(&outbox) else {
        panic!("should push")
    };
    let first = request.mutations[0].id;
    let pushed = round
        .pushed(PushResponse {
            epoch: "E1".into(),
            last_applied: first,
            outcomes: vec![Outcome {
                id: first,
                result: OutcomeResult::Refused {
                    code: "invalid".into(),
                    message: format!("{author}'s change"),
                    reason: None,
                },
            }],
        })
        .unwrap();
    db.commit_push(&pushed, round.position(), &actor(author), 5)
        .await
        .unwrap();
}

/// A device where Ana worked: two pulled records, a cursor, queued work of Ana and Bo, a
/// refusal for each, Ana's cart, and a catalog page.
async fn used_device(name: &str) -> LocalDb {
    let db = open(name).await;
    db.queue(save("a1", 9), "u-ana", 1).await.unwrap();
    db.queue(save("b1", 9), "u-bo", 2).await.unwrap();
    push_refused(&db, "u-ana").await;
    push_refused(&db, "u-bo").await;
    db.queue(save("a2", 4), "u-ana", 3).await.unwrap();
    db.queue(save("b2", 4), "u-bo", 4).await.unwrap();
    db.begin_round("u-ana").await.unwrap();
    pull(&db, &["r1", "r2"], "r1.E1.2").await.unwrap();
    let mut carts = Carts::new("u-ana");
    carts.create("c1", "Office move", 1).unwrap();
    db.save_carts(&carts).await.unwrap();
    let items = procura_demo::demo::generate_catalog(7, &procura_demo::demo::suppliers(1)[0], 5);
    let changes: Vec<CatalogChange> = items
        .into_iter()
        .map(|i| CatalogChange::Upsert { item: Box::new(i) })
        .collect();
    db.apply_catalog_page("officeplus", &changes, &Cursor("c3".into()))
        .await
        .unwrap();
    db
}

#[wasm_bindgen_test]
async fn logging_out_deletes_the_pulled_records_and_keeps_everything_else() {
    let db = used_device(&fresh_name("end-session")).await;
    let before = db.work().await.unwrap();
    assert_eq!(before.records.len(), 2);
    assert_eq!(before.refused.len(), 2);
    let state = before.state.clone().unwrap();
    assert_eq!(state.cursor, Cursor("r1.E1.2".into()));

    db.end_session("u-ana", Some("tok-ana")).await.unwrap();

    let after = db.work().await.unwrap();
    assert!(after.records.is_empty(), "no pulled record is left");
    assert_eq!(db.record_pages().await.unwrap(), 0);
    let kept = after.state.clone().unwrap();
    assert!(kept.cursor.is_start(), "the next user pulls from the start");
    assert_eq!(kept.client_id, state.client_id, "the device id stays");
    assert_eq!(kept.next_mutation_id, state.next_mutation_id);
    assert_eq!(kept.epoch, state.epoch, "hub loss is still noticed");
    assert_eq!(
        after.outbox, before.outbox,
        "every author's queued work stays"
    );
    assert_eq!(after.outbox.len(), 2);
    let refused: Vec<&str> = after.refused.iter().map(|r| r.author.as_str()).collect();
    assert_eq!(
        refused,
        ["u-bo"],
        "Ana's refusals go with her, Bo's wait for him"
    );
    assert_eq!(
        after.records_for.as_deref(),
        Some(""),
        "nobody's session holds records"
    );
    assert_eq!(db.item_count().await.unwrap(), 5, "the catalog stays");
    assert_eq!(db.cursors().await.unwrap()[0].cursor.0, "c3");
    assert_eq!(db.load_carts("u-ana").await.unwrap().carts.len(), 1);
    assert_eq!(db.pending_logouts().await.unwrap(), ["tok-ana"]);
}

#[wasm_bindgen_test]
async fn a_failed_log_out_changes_nothing() {
    let name = fresh_name("end-session-atomic");
    let db = used_device(&name).await;
    let before = db.work().await.unwrap();
    // A damaged queue of tokens makes the transaction fail after it has cleared the records.
    put_raw_meta(&name, "pending_logouts", "not json").await;

    assert!(db.end_session("u-ana", Some("tok-ana")).await.is_err());

    let after = db.work().await.unwrap();
    assert_eq!(after.records, before.records, "the clear was rolled back");
    assert_eq!(after.state, before.state);
    assert_eq!(after.refused, before.refused);
    assert_eq!(after.records_for.as_deref(), Some("u-ana"));
}

#[wasm_bindgen_test]
async fn a_round_that_commits_after_the_log_out_writes_nothing() {
    let db = used_device(&fresh_name("late-commit")).await;
    db.end_session("u-ana", Some("tok-ana")).await.unwrap();

    let late = pull(&db, &["r3"], "r1.E1.3").await;
    assert!(late.unwrap_err().contains("session ended"));
    // A push answered after the log out is not stored either; its mutations stay queued and
    // the hub answers them again from its outcomes.
    let state = db.sync_state().await.unwrap();
    let mut round = SyncRound::for_user(&state, "u-ana", Default::default());
    let Step::Push(request) = round.next_step(&db.outbox_of("u-ana", 500).await.unwrap()) else {
        panic!("should push")
    };
    let id = request.mutations[0].id;
    let pushed = round
        .pushed(PushResponse {
            epoch: "E1".into(),
            last_applied: id,
            outcomes: vec![],
        })
        .unwrap();
    assert!(db
        .commit_push(&pushed, round.position(), &actor("u-ana"), 9)
        .await
        .is_err());

    let work = db.work().await.unwrap();
    assert!(work.records.is_empty());
    assert!(work.state.unwrap().cursor.is_start());
    assert!(work.outbox.iter().any(|q| q.id == id), "still queued");

    // The next user's round claims the (empty) records and pulls.
    db.begin_round("u-bo").await.unwrap();
    pull(&db, &["r1"], "r1.E1.1").await.unwrap();
    assert_eq!(db.work().await.unwrap().records.len(), 1);
}

#[wasm_bindgen_test]
async fn the_next_users_round_drops_records_another_session_pulled() {
    let db = used_device(&fresh_name("claim")).await;
    // Ana's own next round keeps what she pulled.
    db.begin_round("u-ana").await.unwrap();
    assert_eq!(db.work().await.unwrap().records.len(), 2);
    // Bo's first round on a device where Ana never logged out (an older app, say).
    let state = db.begin_round("u-bo").await.unwrap();
    assert!(state.cursor.is_start());
    let work = db.work().await.unwrap();
    assert!(work.records.is_empty());
    assert_eq!(work.records_for.as_deref(), Some("u-bo"));
    // A late commit of Ana's round is refused now that Bo holds the records.
    let ana_push = {
        let state = db.sync_state().await.unwrap();
        let mut round = SyncRound::for_user(&state, "u-ana", Default::default());
        let Step::Push(request) = round.next_step(&db.outbox_of("u-ana", 500).await.unwrap())
        else {
            panic!("should push")
        };
        let pushed = round
            .pushed(PushResponse {
                epoch: "E1".into(),
                last_applied: request.mutations[0].id,
                outcomes: vec![],
            })
            .unwrap();
        db.commit_push(&pushed, round.position(), &actor("u-ana"), 9)
            .await
    };
    assert!(ana_push.is_err());
}

#[wasm_bindgen_test]
async fn queued_log_outs_survive_a_reopen_and_leave_one_by_one() {
    let name = fresh_name("pending-logouts");
    let db = open(&name).await;
    assert!(db.pending_logouts().await.unwrap().is_empty());
    db.end_session("u-ana", Some("tok-ana")).await.unwrap();
    db.end_session("u-ana", Some("tok-ana")).await.unwrap();
    db.close();
    let db = open(&name).await; // a reload
    db.end_session("u-bo", Some("tok-bo")).await.unwrap();
    assert_eq!(db.pending_logouts().await.unwrap(), ["tok-ana", "tok-bo"]);
    db.logout_done("tok-ana").await.unwrap();
    assert_eq!(db.pending_logouts().await.unwrap(), ["tok-bo"]);
    db.logout_done("tok-bo").await.unwrap();
    assert!(db.pending_logouts().await.unwrap().is_empty());
}

/// A made-up `Response` has no URL, which the HTTP client reads: give it the request's.
const ANSWERED: &str = "globalThis.answered = (request, response) => {
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };";

/// Replaces `fetch` with a stand-in that answers `status` (0: a network error) and records
/// each request as `METHOD URL AUTHORIZATION` in `window.fetchLog`.
fn fake_fetch(status: u16) {
    let body = format!(
        "{ANSWERED}
         globalThis.fetchLog = globalThis.fetchLog || [];
         globalThis.fetch = async (request) => {{
           globalThis.fetchLog.push(request.method + ' ' + new URL(request.url).pathname + ' '
             + request.headers.get('authorization'));
           if ({status} === 0) throw new TypeError('Failed to fetch');
           const body = {status} === 204 ? null
             : JSON.stringify({{ code: 'x', message: 'status {status}' }});
           return answered(request, new Response(body, {{ status: {status},
             headers: {{ 'content-type': 'application/json' }} }}));
         }};"
    );
    js_sys::Function::new_no_args(&body)
        .call0(&JsValue::NULL)
        .unwrap();
}

fn fetch_log() -> Vec<String> {
    let log = js_sys::Reflect::get(&js_sys::global(), &"fetchLog".into()).unwrap();
    let taken: Vec<String> = js_sys::Array::from(&log)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    js_sys::Reflect::set(&js_sys::global(), &"fetchLog".into(), &js_sys::Array::new()).unwrap();
    taken
}

#[wasm_bindgen_test]
async fn a_queued_log_out_is_sent_and_kept_until_the_hub_ended_it() {
    let db = open(&fresh_name("send-logouts")).await;
    set_local_db(db.clone());
    db.end_session("u-ana", Some("tok-ana")).await.unwrap();
    db.end_session("u-bo", Some("tok-bo")).await.unwrap();
    fake_fetch(0);
    let _ = fetch_log();

    // No answer: both stay, and the second is not tried after the first failed.
    procura::session::send_pending_logouts().await;
    assert_eq!(fetch_log(), ["POST /api/v1/logout Bearer tok-ana"]);
    assert_eq!(db.pending_logouts().await.unwrap().len(), 2);
    assert_eq!(procura::session::logouts_waiting().get_untracked(), 2);

    // The hub is busy: kept.
    fake_fetch(503);
    procura::session::send_pending_logouts().await;
    assert_eq!(db.pending_logouts().await.unwrap().len(), 2);

    // The hub answers: 204 ends Ana's, 401 says Bo's had already ended. Both are done.
    let js = "let n = 0; globalThis.fetchLog = [];
        globalThis.fetch = async (request) => {
          globalThis.fetchLog.push(request.headers.get('authorization'));
          n += 1;
          return answered(request, n === 1 ? new Response(null, { status: 204 })
            : new Response(JSON.stringify({ code: 'unauthorized', message: 'no' }),
                { status: 401, headers: { 'content-type': 'application/json' } }));
        };";
    js_sys::Function::new_no_args(js)
        .call0(&JsValue::NULL)
        .unwrap();
    procura::session::send_pending_logouts().await;
    assert_eq!(fetch_log(), ["Bearer tok-ana", "Bearer tok-bo"]);
    assert!(db.pending_logouts().await.unwrap().is_empty());
    assert_eq!(procura::session::logouts_waiting().get_untracked(), 0);
}

fn session(user: &str, token: &str) -> LoginResponse {
    LoginResponse {
        token: token.into(),
        user: User {
            id: user.into(),
            username: user.into(),
            display_name: user.into(),
            roles: vec![Role::Buyer],
            must_change_password: false,
        },
    }
}

async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("timed out");
}

async fn settle(db: &LocalDb, want_pending: usize) {
    for _ in 0..200 {
        if db.pending_logouts().await.unwrap().len() == want_pending
            && db.work().await.unwrap().records_for.as_deref() == Some("")
        {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("the log out did not settle");
}

#[wasm_bindgen_test]
async fn log_out_offline_queues_the_end_and_sends_it_when_back() {
    let db = used_device(&fresh_name("log-out")).await;
    set_local_db(db.clone());
    let app = AppState::new();
    app.log_in(session("u-ana", "tok-ana"));
    procura::sync::records::refresh(app).await;
    assert_eq!(
        app.work.with_untracked(|w| w.records.len()),
        3,
        "two pulled, one queued"
    );

    fake_fetch(0); // offline
    let _ = fetch_log();
    procura::session::log_out(app);
    assert!(app.session.with_untracked(Option::is_none));
    assert!(
        procura::state::stored_session().is_none(),
        "gone for every tab"
    );
    assert!(app
        .work
        .with_untracked(|w| w.records.is_empty() && w.pending.is_empty()));
    settle(&db, 1).await;
    until(|| !fetch_log().is_empty()).await;
    assert!(db.work().await.unwrap().records.is_empty());
    assert_eq!(db.pending_logouts().await.unwrap(), ["tok-ana"]);

    // Back online (the `online` event, the retry timer, or the next log in send it). The
    // attempt made while offline may still be finishing: one sender at a time.
    fake_fetch(204);
    for _ in 0..100 {
        procura::session::send_pending_logouts().await;
        if db.pending_logouts().await.unwrap().is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    assert_eq!(fetch_log(), ["POST /api/v1/logout Bearer tok-ana"]);
    assert!(db.pending_logouts().await.unwrap().is_empty());

    // Bo logs in next: nothing of Ana's is shown; her queued work still waits for her.
    app.log_in(session("u-bo", "tok-bo"));
    procura::sync::records::refresh(app).await;
    let shown = app.work.get_untracked();
    assert_eq!(shown.records.len(), 1, "only Bo's own queued change");
    assert_eq!(shown.others_pending, 1, "Ana's queued change waits for her");
    assert!(shown.refused.iter().all(|r| r.author == "u-bo"));
    app.log_out();
}

#[wasm_bindgen_test]
async fn log_out_online_ends_the_session_at_once() {
    let db = used_device(&fresh_name("log-out-online")).await;
    set_local_db(db.clone());
    let app = AppState::new();
    app.log_in(session("u-ana", "tok-ana"));
    fake_fetch(204);
    let _ = fetch_log();
    procura::session::log_out(app);
    settle(&db, 0).await;
    assert_eq!(fetch_log(), ["POST /api/v1/logout Bearer tok-ana"]);
    assert!(db.work().await.unwrap().records.is_empty());
}

/// Writes `value` under `key` in the `meta` store, bypassing the app's code.
async fn put_raw_meta(name: &str, key: &str, value: &str) {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let db = indexed_db_futures::database::Database::open(name)
        .await
        .unwrap();
    let tx = db
        .transaction("meta")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("meta")
        .unwrap()
        .put(value.to_owned())
        .with_key(key.to_owned())
        .primitive()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}
