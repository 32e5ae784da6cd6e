//! One sync round, sans-IO: push the outbox in batches, then pull until caught up, handing the
//! shell one request at a time and, for each answer, exactly what to commit.

use super::{
    Mutation, OutcomeResult, PullResponse, PushRequest, PushResponse, RecordChange, SyncState,
};
use crate::api::sync::{DEFAULT_PULL_LIMIT, MAX_PUSH_BATCH, MAX_PUSH_BYTES};
use crate::api::Cursor;
use std::collections::BTreeMap;

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

/// A mutation the hub refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedMutation {
    pub mutation: Mutation,
    pub code: String,
    pub message: String,
    /// `None` from a hub older than typed reasons.
    pub reason: Option<procura_ground::reason::Reason>,
}

/// Commit after a push, in one transaction: drop the batch's mutations from the outbox (the hub
/// processed every id up to `processed_through`), store what `applied` changed
/// ([`super::applied_change`]), keep `refused` for the user to see, and advance the stored state
/// to the round's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub processed_through: u64,
    pub applied: Vec<Mutation>,
    pub refused: Vec<RefusedMutation>,
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
                // At most `push_batch` mutations and about MAX_PUSH_BYTES of JSON (a few large
                // requisitions fill a push long before 500 do), but always at least one.
                let mut bytes = 0;
                let batch: Vec<Mutation> = outbox
                    .iter()
                    .take(self.limits.push_batch.max(1))
                    .enumerate()
                    .take_while(|(i, m)| {
                        bytes += serde_json::to_vec(m).map_or(0, |v| v.len());
                        *i == 0 || bytes <= MAX_PUSH_BYTES
                    })
                    .map(|(_, m)| m.clone())
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
                Some(OutcomeResult::Refused {
                    code,
                    message,
                    reason,
                }) => refused.push(RefusedMutation {
                    mutation: m,
                    code: code.clone(),
                    message: message.clone(),
                    reason: reason.clone(),
                }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::tests::save;
    use crate::sync::{Op, Outcome};

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
    fn large_mutations_are_split_by_size() {
        let mut state = SyncState::new("c1");
        let big = |id: &str| Op::DeleteEvaluation {
            id: format!("{id}{}", "x".repeat(MAX_PUSH_BYTES / 3)),
        };
        let outbox: Vec<_> = ["a", "b", "c", "d"]
            .map(|id| state.enqueue(big(id), 0))
            .to_vec();
        let mut round = SyncRound::new(&state, Limits::default());
        let Step::Push(req) = round.next_step(&outbox) else {
            panic!()
        };
        assert_eq!(req.mutations.len(), 2, "two thirds of the limit, not four");
        let huge = vec![state.enqueue(big(&"y".repeat(MAX_PUSH_BYTES)), 0)];
        let mut round = SyncRound::new(&state, Limits::default());
        let Step::Push(req) = round.next_step(&huge) else {
            panic!()
        };
        assert_eq!(
            req.mutations.len(),
            1,
            "one oversize mutation still goes alone"
        );
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
                        reason: None,
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
}
