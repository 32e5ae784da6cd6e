//! Record sync: the leading tab runs the core's [`SyncRound`] against the hub, commits each
//! step to IndexedDB, and retries with backoff; every tab shows the outbox and the records
//! (with queued changes on top) from IndexedDB.

use crate::endpoint::{Endpoint, EndpointError};
use crate::state::{local_db, AppState};
use crate::storage::{mutations_of, LocalDb, RefusedChange, StorageError};
use crate::sync::tabs::{self, TabMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_procurement::approval::Actor;
use procura_sync::sync::{
    classify, local_view, Backoff, FailureKind, Limits, Mutation, Op, ProtocolError, Pulled,
    Record, RecordKey, RoundReport, Step, SyncRound,
};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The hub's refusal of every route but the password change while one is owed.
pub const PASSWORD_CHANGE_REQUIRED: &str = "password_change_required";

/// How often the leader syncs when nothing asks it to.
const PERIOD_MS: f64 = 30_000.0;
/// How often the leader checks whether a sync is due.
const TICK_MS: u32 = 250;

/// What the device shows about the organisation's records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkView {
    /// Pulled records with this user's queued changes on top.
    pub records: BTreeMap<RecordKey, Record>,
    /// This user's queued changes, not yet processed by the hub.
    pub pending: Vec<Mutation>,
    /// Changes other users of this device queued; they go when those users log in again.
    pub others_pending: usize,
    /// Changes the hub refused, until dismissed.
    pub refused: Vec<RefusedChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecordSyncStatus {
    Idle,
    /// A round is running; during a pull, how many changes came and how many are left.
    Running {
        pulled: u64,
        remaining: u64,
    },
    /// The last round finished: when (ms since the epoch), what it moved, and how long its
    /// pushes and pulls took, IndexedDB commits included (shown to tests and the benchmark).
    UpToDate {
        at: i64,
        last: RoundFigures,
    },
    /// The hub could not be reached or failed; the next attempt is automatic.
    Retrying {
        message: String,
        next_at_ms: f64,
    },
    /// The session ended: queued changes wait until the user logs in again.
    SignInAgain,
    /// The hub refused a request or storage failed; retrying alone will not help.
    NeedsAttention(String),
}

/// What one round moved and how long it took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RoundFigures {
    pub report: RoundReport,
    pub push_ms: f64,
    pub pull_ms: f64,
}

#[derive(Debug, thiserror::Error)]
enum RoundError {
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("the hub's answer breaks the sync protocol: {0}")]
    Protocol(#[from] ProtocolError),
}

thread_local! {
    static KICKED: Cell<bool> = const { Cell::new(false) };
}

/// Asks the leader (if this tab leads) to sync now; other tabs hear `outbox` and do the same.
pub fn kick() {
    KICKED.with(|k| k.set(true));
}

/// "Sync now" from any tab: this tab's leader loop, or the leading tab, runs a round at once.
pub fn sync_now() {
    kick();
    tabs::announce(TabMessage::Outbox);
}

fn take_kick() -> bool {
    KICKED.with(|k| k.replace(false))
}

fn me(app: &AppState) -> Option<Actor> {
    app.session
        .with_untracked(|s| s.as_ref().map(|s| Actor::from(&s.user)))
}

/// Re-reads the records, outbox and refusals into the app state.
pub async fn refresh(app: AppState) {
    let (Some(db), Some(me)) = (local_db(), me(&app)) else {
        return;
    };
    match db.work().await {
        Ok(work) => {
            let mine = mutations_of(&work.outbox, me.id.as_str());
            // Records another user's session pulled are never shown (a log out that did not
            // finish leaves them until this user's first round drops them).
            let records = match work.records_for.as_deref() {
                Some(holder) if holder != me.id => Default::default(),
                _ => work.records,
            };
            app.work.set(Arc::new(WorkView {
                records: local_view(records, &mine, &me),
                others_pending: work.outbox.len() - mine.len(),
                pending: mine,
                refused: work
                    .refused
                    .into_iter()
                    .filter(|r| r.author.is_empty() || r.author == me.id)
                    .collect(),
            }))
        }
        Err(e) => app
            .record_sync
            .set(RecordSyncStatus::NeedsAttention(e.to_string())),
    }
}

/// Queues a change made by the user: stored at once (so it survives a closed tab), shown at
/// once, and pushed by the leading tab when it can.
pub async fn queue(app: AppState, op: Op) -> Result<(), StorageError> {
    let db = local_db().ok_or_else(|| StorageError::Other("local storage is not open".into()))?;
    // A change belongs to someone: it is pushed only with its author's session.
    let author = me(&app).ok_or_else(|| StorageError::Other("nobody is logged in".into()))?;
    db.queue(op, author.id.as_str(), js_sys::Date::now() as i64)
        .await?;
    refresh(app).await;
    tabs::announce(TabMessage::Outbox);
    kick();
    Ok(())
}

/// Dismisses a refused change from the list.
pub async fn dismiss_refused(app: AppState, id: u64) {
    if let Some(db) = local_db() {
        let _ = db.dismiss_refused(id).await;
        refresh(app).await;
        tabs::announce(TabMessage::Records);
    }
}

/// Sets up this tab: listens to the others, shows what is stored, and leads sync once it holds
/// the lock.
pub fn start(app: AppState) {
    tabs::listen(move |message| match message {
        TabMessage::Catalog => {
            if let Some(db) = local_db() {
                spawn_local(async move { crate::sync::load_from_device(app, &db).await });
            }
        }
        TabMessage::Outbox => {
            spawn_local(refresh(app));
            kick();
        }
        TabMessage::Records => spawn_local(refresh(app)),
    });
    spawn_local(refresh(app));
    tabs::seek_leadership(move || {
        app.sync_leader.set(true);
        crate::sync::orders::start(app);
        spawn_local(async move {
            // One tab pulls the catalog on start; two would fetch the same pages twice.
            if app.online.get_untracked() && app.can_sync() {
                crate::sync::sync_catalog(app).await;
            }
            lead(app).await;
        });
    });
}

/// The leader's loop: a round when kicked, when the period is up, or when a retry is due.
async fn lead(app: AppState) {
    let mut backoff = Backoff::default();
    let mut next_due = 0.0;
    // Until this tab steps down (its database closed for another tab's upgrade).
    while app.sync_leader.get_untracked() {
        let now = js_sys::Date::now();
        let kicked = take_kick();
        let ready = app.online.get_untracked() && app.can_sync();
        super::events::keep(app, ready);
        if ready && (kicked || now >= next_due) {
            let round_of = app.token();
            let result = run_round(app).await;
            next_due = match result {
                // Logged out (or in as someone else) meanwhile: what the round met is not news
                // for the next session (its commits after the log out were refused).
                _ if app.token() != round_of => {
                    backoff.succeeded();
                    0.0
                }
                Ok(last) => {
                    backoff.succeeded();
                    app.reachable.set(true);
                    app.record_sync.set(RecordSyncStatus::UpToDate {
                        at: js_sys::Date::now() as i64,
                        last,
                    });
                    js_sys::Date::now() + PERIOD_MS
                }
                Err(e) => on_failure(app, e, &mut backoff),
            };
        }
        gloo_timers::future::TimeoutFuture::new(TICK_MS).await;
    }
    super::events::close();
}

fn on_failure(app: AppState, error: RoundError, backoff: &mut Backoff) -> f64 {
    let message = error.to_string();
    let kind = match &error {
        RoundError::Endpoint(e) => {
            app.reachable.set(*e != EndpointError::Unreachable);
            if e.code() == Some(PASSWORD_CHANGE_REQUIRED) {
                // An administrator reset the password: the app asks for a new one first.
                app.update_session(|s| s.user.must_change_password = true);
            }
            classify(e.status())
        }
        // A full disk or a broken answer does not heal by itself.
        RoundError::Storage(_) | RoundError::Protocol(_) => FailureKind::NeedsAttention,
    };
    match kind {
        FailureKind::Retry | FailureKind::CursorReset => {
            let random = (js_sys::Math::random() * 2f64.powi(53)) as u64;
            let next_at_ms = js_sys::Date::now() + backoff.failed(random) as f64;
            app.record_sync.set(RecordSyncStatus::Retrying {
                message,
                next_at_ms,
            });
            next_at_ms
        }
        FailureKind::SignIn => {
            app.record_sync.set(RecordSyncStatus::SignInAgain);
            f64::INFINITY
        }
        FailureKind::NeedsAttention => {
            app.record_sync
                .set(RecordSyncStatus::NeedsAttention(message));
            f64::INFINITY
        }
    }
}

/// One round: push the outbox, pull to the end. Each step is committed before the next.
async fn run_round(app: AppState) -> Result<RoundFigures, RoundError> {
    let db = local_db().ok_or_else(|| StorageError::Other("local storage is not open".into()))?;
    let me = me(&app).ok_or_else(|| StorageError::Other("nobody is logged in".into()))?;
    let endpoint = Endpoint::same_origin(app.token());
    // Claims the stored records for this user's session (dropping another session's).
    let state = db.begin_round(me.id.as_str()).await?;
    // Pages of 2,000, each next one fetched while the last is written: measured against 1,000
    // and 5,000 (BENCHMARKS.md), and progress still moves every 2,000.
    let limits = Limits {
        pull_limit: 2_000,
        ..Limits::default()
    };
    let mut round = SyncRound::for_user(&state, me.id.as_str(), limits);
    app.record_sync.set(RecordSyncStatus::Running {
        pulled: 0,
        remaining: 0,
    });
    let (mut push_ms, mut pull_ms) = (0.0, 0.0);
    // A pull page fetched while the previous one was being written, with the cursor it is for.
    let mut prefetched = None;
    loop {
        let started = now_ms();
        let outbox = db.outbox_of(me.id.as_str(), limits.push_batch).await?;
        let step = round.next_step(&outbox);
        let pushing = matches!(step, Step::Push(_));
        match step {
            Step::Done(report) => {
                // Re-read once at the end, not after every page of a long pull.
                refresh(app).await;
                tabs::announce(TabMessage::Records);
                return Ok(RoundFigures {
                    report,
                    push_ms,
                    pull_ms,
                });
            }
            Step::Push(request) => {
                let response = endpoint.push(&request).await?;
                let pushed = round.pushed(response)?;
                db.commit_push(&pushed, round.position(), &me, js_sys::Date::now() as i64)
                    .await?;
            }
            Step::Pull { cursor, limit } => {
                let answer = match prefetched.take() {
                    Some((for_cursor, answer)) if for_cursor == cursor => answer,
                    _ => endpoint.pull(&cursor, limit).await,
                };
                let (pulled, more) = match answer {
                    Ok(page) => {
                        let more = page.has_more;
                        (round.pulled(page)?, more)
                    }
                    Err(e) if classify(e.status()) == FailureKind::CursorReset => {
                        (round.cursor_reset(), false)
                    }
                    Err(e) => return Err(e.into()),
                };
                // The next page needs only the cursor that follows this one: fetch it while
                // this one is written (the write happens in the browser's storage process).
                let next = round.position().cursor.clone();
                let fetch_next = more && matches!(pulled, Pulled::Store { .. });
                let prefetch = async {
                    if fetch_next {
                        Some((next.clone(), endpoint.pull(&next, limit).await))
                    } else {
                        None
                    }
                };
                let (committed, fetched) =
                    futures::join!(commit_pulled(&db, &round, pulled, &me, app), prefetch);
                committed?;
                prefetched = fetched;
            }
        }
        let took = now_ms() - started;
        if pushing {
            push_ms += took;
            // The pending count and refusals changed: show them now.
            refresh(app).await;
            tabs::announce(TabMessage::Records);
        } else {
            pull_ms += took;
        }
    }
}

async fn commit_pulled(
    db: &LocalDb,
    round: &SyncRound,
    pulled: Pulled,
    me: &Actor,
    app: AppState,
) -> Result<(), RoundError> {
    match pulled {
        Pulled::Store { changes, remaining } => {
            db.commit_pull(&changes, round.position()).await?;
            let before = match app.record_sync.get_untracked() {
                RecordSyncStatus::Running { pulled, .. } => pulled,
                _ => 0,
            };
            app.record_sync.set(RecordSyncStatus::Running {
                pulled: before + changes.len() as u64,
                remaining,
            });
        }
        Pulled::Recover { epoch } => {
            db.recover(epoch.as_deref(), me, js_sys::Date::now() as i64)
                .await?
        }
    }
    Ok(())
}

/// A monotonic clock for durations (`performance.now()`).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
