//! The sync engine, sans-IO: a device's queued changes reach the hub exactly once, and the hub's
//! records reach the device, whatever the network does.
//!
//! **Push.** Every change a user makes becomes a [`Mutation`] with the next id of the device's
//! counter ([`SyncState::enqueue`]), stored in the outbox in the same transaction as the counter.
//! A push sends the oldest queued mutations; the hub applies those above the last id it
//! processed for the device's client id and records the new last id in the same transaction. So
//! a push that is retried, duplicated or delivered late changes nothing the second time, and the
//! device drops a mutation only once the hub says it is processed ([`PushResponse::last_applied`]).
//!
//! **Pull.** The hub's records come in pages after a cursor. The device stores each page and the
//! cursor that follows it in one transaction ([`Pulled`]), so an interrupted pull resumes from
//! the last stored page.
//!
//! **Conflicts.** The hub is authoritative. A change it refuses (another user's record, a rule)
//! comes back as refused, is shown to the user and dropped: it is never merged or retried. Until
//! the hub has answered, the device shows its own queued changes on top of the records it pulled
//! ([`local_view`]), decided by the same rules the hub applies ([`hub::decide`]).
//!
//! **A hub that lost its state** (restored or reset: its epoch changed) is detected on the next
//! push or pull. The device then queues its user's current records again, forgets the records
//! and cursor of the old hub, and pulls from the start ([`SyncState::recover`]): it neither gets
//! stuck nor loses what its user wrote.
//!
//! The shell drives a [`SyncRound`]: it asks [`SyncRound::next_step`], performs the request,
//! reports the answer, and commits what the round hands back. Failures are classified by
//! [`classify`]; retries wait for [`Backoff`].

pub mod backoff;
pub mod hub;
pub mod restore;

pub use crate::api::sync::{
    Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, RecordKey,
};
pub use backoff::Backoff;

use crate::api::sync::{DEFAULT_PULL_LIMIT, MAX_PUSH_BATCH};
use crate::api::Cursor;
use crate::scorecard::Evaluator;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a device keeps about its sync, as one durable record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// Random, made once per device (all its tabs share it).
    pub client_id: String,
    /// The id the next queued mutation gets. Starts at 1, only grows.
    pub next_mutation_id: u64,
    /// Position in the hub's record feed; stored with the records it follows.
    pub cursor: Cursor,
    /// The hub database the records and cursor came from (`None` before the first answer).
    pub epoch: Option<String>,
}

impl SyncState {
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            next_mutation_id: 1,
            cursor: Cursor::start(),
            epoch: None,
        }
    }

    /// The client id `user`'s changes are pushed under. The hub binds a client id to the first
    /// user who pushes with it, so a device shared by several users (a warehouse tablet) pushes
    /// each user's changes under their own: `{device}:{user}`. They share the device's counter,
    /// so each user's ids still only grow (with gaps, which the hub accepts).
    pub fn client_id_for(&self, user_id: &str) -> String {
        format!("{}:{user_id}", self.client_id)
    }

    /// Queues `op`. Store the returned mutation in the outbox in the same transaction as this
    /// state, so no two mutations ever share an id.
    pub fn enqueue(&mut self, op: Op, now_ms: i64) -> Mutation {
        let id = self.next_mutation_id;
        self.next_mutation_id += 1;
        Mutation {
            id,
            created_at_ms: now_ms,
            op,
        }
    }

    /// The hub lost its state: `new_epoch` is a different database. Returns the mutations that
    /// write `me`'s current records again (from `view`, the device's [`local_view`], so queued
    /// changes are honoured). In one transaction the shell then adds them to the outbox, drops
    /// every pulled record, and stores this state, whose cursor now starts over.
    pub fn recover(
        &mut self,
        new_epoch: Option<&str>,
        view: &BTreeMap<RecordKey, Record>,
        me: &Evaluator,
        now_ms: i64,
    ) -> Vec<Mutation> {
        self.epoch = new_epoch.map(str::to_owned);
        self.cursor = Cursor::start();
        view.values()
            .filter(|r| r.author() == me.id)
            .map(|record| {
                let op = match record {
                    Record::Evaluation(e) => Op::SaveEvaluation {
                        evaluation: e.draft(),
                    },
                };
                self.enqueue(op, now_ms)
            })
            .collect()
    }
}

/// What the device shows: the pulled `records` with the queued mutations applied in order by
/// the hub's own rules (a change the hub would refuse is not shown).
pub fn local_view(
    mut records: BTreeMap<RecordKey, Record>,
    queued: &[Mutation],
    me: &Evaluator,
) -> BTreeMap<RecordKey, Record> {
    for m in queued {
        apply_locally(&mut records, m, me);
    }
    records
}

/// Applies one mutation of `me` to `records` as the hub would (assuming the supplier exists).
/// Also used to fold a mutation the hub has just applied into the stored records, so they show
/// it before the next pull brings the hub's copy.
pub fn apply_locally(records: &mut BTreeMap<RecordKey, Record>, m: &Mutation, me: &Evaluator) {
    let key = m.op.key();
    match hub::decide(&m.op, me, records.get(&key), true, m.created_at_ms) {
        Ok(hub::HubWrite::Put(record)) => {
            records.insert(key, record);
        }
        Ok(hub::HubWrite::Remove(_)) => {
            records.remove(&key);
        }
        Ok(hub::HubWrite::Nothing) | Err(_) => {}
    }
}

/// Request sizes for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub push_batch: usize,
    pub pull_limit: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            push_batch: MAX_PUSH_BATCH,
            pull_limit: DEFAULT_PULL_LIMIT,
        }
    }
}

/// What the shell does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `POST /sync/push` with this body, then [`SyncRound::pushed`].
    Push(PushRequest),
    /// `GET /sync/pull?cursor=…&limit=…`, then [`SyncRound::pulled`].
    Pull { cursor: Cursor, limit: u32 },
    /// The outbox is empty and the device has everything the hub had.
    Done(RoundReport),
}

/// What a round did, for the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Mutations the hub processed (applied or refused).
    pub pushed: u64,
    pub refused: u64,
    /// Record changes stored.
    pub pulled: u64,
    /// Hub resets recovered from.
    pub recoveries: u32,
}

/// Commit after a push, in one transaction: drop outbox entries with ids up to
/// `processed_through`, fold `applied` into the stored records ([`apply_locally`]), keep
/// `refused` for the user to see, and advance the stored state to the round's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub processed_through: u64,
    pub applied: Vec<Mutation>,
    pub refused: Vec<(Mutation, String, String)>,
    /// The hub lost its state (its epoch changed): after the commit above, run
    /// [`SyncState::recover`] with this epoch.
    pub recover: Option<String>,
}

/// Commit after a pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    /// Store these changes and advance the stored state to the round's position (whose cursor
    /// now follows them), in one transaction.
    Store {
        changes: Vec<RecordChange>,
        remaining: u64,
    },
    /// The hub lost its state: run [`SyncState::recover`] with this epoch (`None`: not known
    /// yet; the next answer names it), then go on.
    Recover { epoch: Option<String> },
}

/// The answer broke the protocol (a hub bug or a forged answer); the round stops.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("the hub answered a push it was not sent")]
    UnexpectedPush,
    #[error("the hub answered a pull it was not sent")]
    UnexpectedPull,
    #[error("the hub processed mutations only up to {last_applied} of a push up to {sent}")]
    ShortPush { last_applied: u64, sent: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Pushing { in_flight: Option<Vec<Mutation>> },
    Pulling { in_flight: bool },
    Done,
}

/// Where a device stands in the hub's feed: the part of [`SyncState`] a round moves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    pub cursor: Cursor,
    pub epoch: Option<String>,
}

impl SyncState {
    pub fn position(&self) -> Position {
        Position {
            cursor: self.cursor.clone(),
            epoch: self.epoch.clone(),
        }
    }

    /// Takes a round's position into the stored state. Only the position: the mutation counter
    /// belongs to whoever queues (another tab may have queued while the round ran).
    pub fn advance(&mut self, position: &Position) {
        self.cursor = position.cursor.clone();
        self.epoch = position.epoch.clone();
    }
}

/// One sync: push the whole outbox in batches, then pull until caught up.
///
/// After every step the shell reads the stored [`SyncState`], applies [`SyncRound::position`]
/// to it ([`SyncState::advance`]) and writes it back together with what the step hands back,
/// in one transaction. A round that fails is dropped; the next starts from what was stored.
#[derive(Debug, Clone)]
pub struct SyncRound {
    client_id: String,
    position: Position,
    limits: Limits,
    phase: Phase,
    report: RoundReport,
}

impl SyncRound {
    pub fn new(state: &SyncState, limits: Limits) -> Self {
        Self {
            client_id: state.client_id.clone(),
            position: state.position(),
            limits,
            phase: Phase::Pushing { in_flight: None },
            report: RoundReport::default(),
        }
    }

    /// A round for `user_id`'s changes on a device that several users may share (see
    /// [`SyncState::client_id_for`]); give [`SyncRound::next_step`] only that user's queue.
    pub fn for_user(state: &SyncState, user_id: &str, limits: Limits) -> Self {
        Self {
            client_id: state.client_id_for(user_id),
            ..Self::new(state, limits)
        }
    }

    pub fn position(&self) -> &Position {
        &self.position
    }

    /// The next request, given the outbox as stored now (oldest first).
    pub fn next_step(&mut self, outbox: &[Mutation]) -> Step {
        if let Phase::Pushing { in_flight } = &mut self.phase {
            if outbox.is_empty() {
                self.phase = Phase::Pulling { in_flight: false };
            } else {
                let batch: Vec<Mutation> = outbox
                    .iter()
                    .take(self.limits.push_batch.max(1))
                    .cloned()
                    .collect();
                *in_flight = Some(batch.clone());
                return Step::Push(PushRequest {
                    client_id: self.client_id.clone(),
                    mutations: batch,
                });
            }
        }
        match &mut self.phase {
            Phase::Pulling { in_flight } => {
                *in_flight = true;
                Step::Pull {
                    cursor: self.position.cursor.clone(),
                    limit: self.limits.pull_limit,
                }
            }
            _ => Step::Done(self.report),
        }
    }

    /// The hub answered the push.
    pub fn pushed(&mut self, response: PushResponse) -> Result<Pushed, ProtocolError> {
        let Phase::Pushing { in_flight } = &mut self.phase else {
            return Err(ProtocolError::UnexpectedPush);
        };
        let batch = in_flight.take().ok_or(ProtocolError::UnexpectedPush)?;
        let sent = batch.last().map_or(0, |m| m.id);
        if response.last_applied < sent {
            return Err(ProtocolError::ShortPush {
                last_applied: response.last_applied,
                sent,
            });
        }
        let results: BTreeMap<u64, OutcomeResult> = response
            .outcomes
            .into_iter()
            .map(|o| (o.id, o.result))
            .collect();
        let mut applied = Vec::new();
        let mut refused = Vec::new();
        for m in batch {
            match results.get(&m.id) {
                Some(OutcomeResult::Refused { code, message }) => {
                    refused.push((m, code.clone(), message.clone()))
                }
                // Processed; an outcome the hub no longer has counts as applied.
                _ => applied.push(m),
            }
        }
        self.report.pushed += (applied.len() + refused.len()) as u64;
        self.report.refused += refused.len() as u64;
        let recover = self.note_epoch(&response.epoch);
        Ok(Pushed {
            processed_through: response.last_applied,
            applied,
            refused,
            recover,
        })
    }

    /// The hub answered the pull.
    pub fn pulled(&mut self, page: PullResponse) -> Result<Pulled, ProtocolError> {
        if self.phase != (Phase::Pulling { in_flight: true }) {
            return Err(ProtocolError::UnexpectedPull);
        }
        if let Some(epoch) = self.note_epoch(&page.epoch) {
            // The page answered a cursor of the old hub; it is fetched again from the start.
            self.phase = Phase::Pushing { in_flight: None };
            return Ok(Pulled::Recover { epoch: Some(epoch) });
        }
        self.position.cursor = page.next_cursor;
        self.report.pulled += page.changes.len() as u64;
        self.phase = if page.has_more {
            Phase::Pulling { in_flight: false }
        } else {
            Phase::Done
        };
        Ok(Pulled::Store {
            changes: page.changes,
            remaining: page.remaining,
        })
    }

    /// The hub refused the pull's cursor as one of an earlier database (410 `cursor_reset`).
    /// Recover and go on: the recovered records are pushed before the pull starts over.
    pub fn cursor_reset(&mut self) -> Pulled {
        self.phase = Phase::Pushing { in_flight: None };
        self.report.recoveries += 1;
        self.position = Position::default();
        Pulled::Recover { epoch: None }
    }

    /// Remembers the hub's epoch; returns it if it differs from the one the device's records
    /// came from (the hub lost its state). The position then starts over in the new epoch.
    fn note_epoch(&mut self, epoch: &str) -> Option<String> {
        let changed = self
            .position
            .epoch
            .as_deref()
            .is_some_and(|known| known != epoch);
        if changed {
            self.report.recoveries += 1;
            self.position.cursor = Cursor::start();
        }
        self.position.epoch = Some(epoch.to_owned());
        changed.then(|| epoch.to_owned())
    }
}

/// What to do about a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No answer, a timeout, 5xx, 429: nothing is lost, try again after [`Backoff`].
    Retry,
    /// 401: the session ended; sign in again (the outbox waits).
    SignIn,
    /// 410 on a pull: the hub lost its state ([`SyncRound::cursor_reset`]).
    CursorReset,
    /// Another 4xx: the hub refuses the request itself; retrying would repeat it. Shown as
    /// needing attention, with the hub's message.
    NeedsAttention,
}

/// Classifies a failed request by its HTTP status (`None`: no answer at all).
pub fn classify(status: Option<u16>) -> FailureKind {
    match status {
        None => FailureKind::Retry,
        Some(401) => FailureKind::SignIn,
        Some(410) => FailureKind::CursorReset,
        Some(408 | 429) => FailureKind::Retry,
        Some(s) if s >= 500 => FailureKind::Retry,
        Some(_) => FailureKind::NeedsAttention,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::{EvaluationDraft, Scores};

    fn me() -> Evaluator {
        Evaluator {
            id: "ana".into(),
            name: "Ana".into(),
        }
    }

    fn save(id: &str, quality: u8) -> Op {
        Op::SaveEvaluation {
            evaluation: EvaluationDraft {
                id: id.into(),
                supplier_id: "acme".into(),
                period: "2026-Q4".into(),
                scores: Scores {
                    quality,
                    delivery: 3,
                    price: 3,
                    service: 3,
                },
                comment: String::new(),
            },
        }
    }

    #[test]
    fn each_user_of_a_shared_device_pushes_under_their_own_client_id() {
        let mut state = SyncState::new("tablet-7");
        let queued = vec![state.enqueue(save("e1", 4), 0)];
        let mut round = SyncRound::for_user(&state, "u-ana", Limits::default());
        let Step::Push(req) = round.next_step(&queued) else {
            panic!()
        };
        assert_eq!(req.client_id, "tablet-7:u-ana");
        assert_ne!(state.client_id_for("u-bo"), req.client_id);
    }

    #[test]
    fn ids_only_grow() {
        let mut state = SyncState::new("c1");
        let a = state.enqueue(save("e1", 4), 10);
        let b = state.enqueue(save("e1", 5), 11);
        assert_eq!((a.id, b.id, state.next_mutation_id), (1, 2, 3));
    }

    #[test]
    fn a_round_pushes_in_batches_then_pulls_to_the_end() {
        let mut state = SyncState::new("c1");
        let mut outbox: Vec<_> = (0..5)
            .map(|i| state.enqueue(save("e1", 1 + i % 5), 0))
            .collect();
        let limits = Limits {
            push_batch: 3,
            pull_limit: 10,
        };
        let mut round = SyncRound::new(&state, limits);
        let Step::Push(req) = round.next_step(&outbox) else {
            panic!()
        };
        assert_eq!(req.mutations.len(), 3);
        let done = round
            .pushed(PushResponse {
                epoch: "E".into(),
                last_applied: 3,
                outcomes: vec![],
            })
            .unwrap();
        assert_eq!((done.processed_through, done.applied.len()), (3, 3));
        outbox.retain(|m| m.id > done.processed_through);
        let Step::Push(req) = round.next_step(&outbox) else {
            panic!()
        };
        assert_eq!(req.mutations.len(), 2);
        round
            .pushed(PushResponse {
                epoch: "E".into(),
                last_applied: 5,
                outcomes: vec![Outcome {
                    id: 5,
                    result: OutcomeResult::Refused {
                        code: "invalid".into(),
                        message: "no".into(),
                    },
                }],
            })
            .unwrap();
        outbox.clear();
        let Step::Pull { cursor, .. } = round.next_step(&outbox) else {
            panic!()
        };
        assert!(cursor.is_start());
        let page = |next: &str, has_more| PullResponse {
            epoch: "E".into(),
            changes: vec![],
            next_cursor: Cursor(next.into()),
            has_more,
            remaining: 0,
        };
        round.pulled(page("p1", true)).unwrap();
        let Step::Pull { cursor, .. } = round.next_step(&outbox) else {
            panic!()
        };
        assert_eq!(cursor, Cursor("p1".into()));
        round.pulled(page("p2", false)).unwrap();
        let Step::Done(report) = round.next_step(&outbox) else {
            panic!()
        };
        assert_eq!((report.pushed, report.refused), (5, 1));
        assert_eq!(round.position().cursor, Cursor("p2".into()));
    }

    #[test]
    fn a_short_or_unexpected_answer_is_a_protocol_error() {
        let mut state = SyncState::new("c1");
        let outbox = vec![
            state.enqueue(save("e1", 4), 0),
            state.enqueue(save("e1", 5), 0),
        ];
        let mut round = SyncRound::new(&state, Limits::default());
        let response = PushResponse {
            epoch: "E".into(),
            last_applied: 1,
            outcomes: vec![],
        };
        assert_eq!(
            round.pulled(PullResponse {
                epoch: "E".into(),
                changes: vec![],
                next_cursor: Cursor::start(),
                has_more: false,
                remaining: 0,
            }),
            Err(ProtocolError::UnexpectedPull)
        );
        let _ = round.next_step(&outbox);
        assert_eq!(
            round.pushed(response),
            Err(ProtocolError::ShortPush {
                last_applied: 1,
                sent: 2
            })
        );
    }

    #[test]
    fn a_changed_epoch_means_recover() {
        let mut state = SyncState::new("c1");
        state.epoch = Some("old".into());
        state.cursor = Cursor("old-cursor".into());
        let outbox = vec![state.enqueue(save("e1", 4), 0)];
        let mut round = SyncRound::new(&state, Limits::default());
        let _ = round.next_step(&outbox);
        let pushed = round
            .pushed(PushResponse {
                epoch: "new".into(),
                last_applied: 1,
                outcomes: vec![],
            })
            .unwrap();
        assert_eq!(pushed.recover.as_deref(), Some("new"));
    }

    #[test]
    fn recovery_requeues_my_current_records_only() {
        let mut records = BTreeMap::new();
        let mut other = me();
        other.id = "bo".into();
        for (who, id) in [
            (&me(), "mine"),
            (&other, "theirs"),
            (&me(), "deleted-while-queued"),
        ] {
            let m = Mutation {
                id: 0,
                created_at_ms: 0,
                op: save(id, 4),
            };
            apply_locally(&mut records, &m, who);
        }
        let mut state = SyncState::new("c1");
        let queued = vec![state.enqueue(
            Op::DeleteEvaluation {
                id: "deleted-while-queued".into(),
            },
            0,
        )];
        let view = local_view(records, &queued, &me());
        let requeued = state.recover(Some("new"), &view, &me(), 5);
        let keys: Vec<_> = requeued.iter().map(|m| m.op.key().id).collect();
        assert_eq!(keys, ["mine"]);
        assert_eq!(requeued[0].id, 2, "after the queued delete");
        assert!(state.cursor.is_start());
        assert_eq!(state.epoch.as_deref(), Some("new"));
    }

    #[test]
    fn the_local_view_shows_queued_changes_the_hub_would_accept() {
        let mut records = BTreeMap::new();
        let mut other = me();
        other.id = "bo".into();
        apply_locally(
            &mut records,
            &Mutation {
                id: 1,
                created_at_ms: 0,
                op: save("theirs", 2),
            },
            &other,
        );
        let queued = vec![
            Mutation {
                id: 1,
                created_at_ms: 0,
                op: save("mine", 5),
            },
            Mutation {
                id: 2,
                created_at_ms: 0,
                op: Op::DeleteEvaluation {
                    id: "theirs".into(),
                },
            },
        ];
        let view = local_view(records, &queued, &me());
        assert_eq!(
            view.len(),
            2,
            "mine added, theirs kept: the hub refuses that delete"
        );
    }

    #[test]
    fn failures_are_classified() {
        assert_eq!(classify(None), FailureKind::Retry);
        assert_eq!(classify(Some(503)), FailureKind::Retry);
        assert_eq!(classify(Some(429)), FailureKind::Retry);
        assert_eq!(classify(Some(401)), FailureKind::SignIn);
        assert_eq!(classify(Some(410)), FailureKind::CursorReset);
        assert_eq!(classify(Some(400)), FailureKind::NeedsAttention);
        assert_eq!(classify(Some(403)), FailureKind::NeedsAttention);
    }
}
