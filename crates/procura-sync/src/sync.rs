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

/// Retry delays and failure classes, from the ground crate (order transmission uses them too).
pub use procura_ground::retry as backoff;
pub mod hub;
pub mod restore;
mod round;

pub use crate::api::sync::{
    Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, RecordKey,
};
pub use procura_ground::retry::{classify, Backoff, FailureKind};
pub use round::{Limits, Position, ProtocolError, Pulled, Pushed, RoundReport, Step, SyncRound};

use crate::api::Cursor;
use procura_procurement::approval::Actor;
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
        me: &Actor,
        now_ms: i64,
    ) -> Vec<Mutation> {
        self.epoch = new_epoch.map(str::to_owned);
        self.cursor = Cursor::start();
        // Requisitions and orders are not rebuilt from one device: their state (approvals by
        // others, the budget, what suppliers answered) is the organisation's, and a device's
        // copy may be behind. They come back with the hub's own backup; the policy likewise.
        view.values()
            .filter(|r| r.author() == me.id)
            .filter_map(|record| {
                let op = match record {
                    Record::Evaluation(e) => Op::SaveEvaluation {
                        evaluation: e.draft(),
                    },
                    // One that is over would be refused; it is history, not work.
                    Record::Delegation(d) if d.is_over(now_ms) => return None,
                    Record::Delegation(d) => Op::SaveDelegation {
                        delegation: d.clone(),
                    },
                    // A selection comes back as new: its seal chain starts again at the hub.
                    Record::Selection(s) => Op::SaveSelection {
                        selection: procura_suppliers::selection::SelectionDraft {
                            base_revision: 0,
                            ..s.draft()
                        },
                    },
                    // Saved again from revision 0: the hub that lost its state holds none.
                    Record::Assessment(a) => Op::SaveAssessment {
                        assessment: procura_suppliers::assessment::AssessmentDraft {
                            base_revision: 0,
                            ..a.draft()
                        },
                    },
                    // Stock settings are the organisation's (an admin's, but counted on the
                    // shelf); goods issues happened: both come back as they were recorded.
                    Record::Stock(s) => Op::SaveStock {
                        stock: procura_spend::stock::StockDraft {
                            base_revision: 0,
                            ..s.draft()
                        },
                    },
                    Record::GoodsIssue(g) => Op::IssueGoods { issue: g.draft() },
                    // An invoice typed in from paper comes back typed in (its decisions are
                    // taken again); one a supplier sent comes back with the hub's backup.
                    Record::Invoice(i)
                        if i.source == procura_invoicing::invoice::Source::Entered =>
                    {
                        Op::EnterInvoice {
                            invoice: procura_invoicing::invoice::EnteredInvoice {
                                supplier_id: i.supplier_id.clone(),
                                document: i.document.clone(),
                            },
                        }
                    }
                    Record::Invoice(_) => return None,
                    // A return the supplier has not answered comes back as opened; one it
                    // answered is the supplier's word, and comes back with the hub's backup.
                    Record::Return(r)
                        if r.status == procura_invoicing::returns::ReturnStatus::Requested =>
                    {
                        Op::OpenReturn { ret: r.draft() }
                    }
                    Record::Return(_) => return None,
                    // A contract in force or to come comes back as recorded; an ended one is
                    // history, and comes back with the hub's backup.
                    Record::Contract(c) if c.ended.is_none() => Op::SaveContract {
                        contract: procura_invoicing::contracts::ContractDraft {
                            id: c.id.clone(),
                            base_revision: 0,
                            terms: c.terms.clone(),
                        },
                    },
                    Record::Contract(_) => return None,
                    Record::Requisition(_) | Record::Policy(_) | Record::Order(_) => return None,
                };
                Some(self.enqueue(op, now_ms))
            })
            .collect()
    }
}

/// What the device shows: the pulled `records` with the queued mutations applied in order by
/// the hub's own rules (a change the hub would refuse is not shown).
pub fn local_view(
    mut records: BTreeMap<RecordKey, Record>,
    queued: &[Mutation],
    me: &Actor,
) -> BTreeMap<RecordKey, Record> {
    for m in queued {
        apply_locally(&mut records, m, me);
    }
    records
}

/// Whether folding an applied mutation needs the device's records (the organisation's state:
/// policy, delegations, budgets). An evaluation does not: a save replaces the whole record.
pub fn needs_records(m: &Mutation) -> bool {
    !matches!(
        m.op,
        Op::SaveEvaluation { .. } | Op::DeleteEvaluation { .. }
    )
}

/// The changes the hub's application of `applied` (mutations of `me` it reported applied) made
/// to its records, so the device can store them before the next pull brings the hub's copies.
/// `records` is the device's copy (only read for mutations that [`needs_records`]), updated in
/// place. A requisition transition is replayed by the hub's own rules; should the device's copy
/// be too old for them to agree, it is left as it is and the pull corrects it.
pub fn applied_changes(
    records: &mut BTreeMap<RecordKey, Record>,
    applied: &[Mutation],
    me: &Actor,
) -> Vec<RecordChange> {
    let mut changes = Vec::new();
    for m in applied {
        let change = match &m.op {
            Op::SaveEvaluation { evaluation } => {
                procura_suppliers::scorecard::Evaluation::from_draft(
                    evaluation,
                    &procura_suppliers::scorecard::Evaluator {
                        id: me.id.clone(),
                        name: me.name.clone(),
                    },
                    m.created_at_ms,
                )
                .map(|e| RecordChange::Upsert {
                    record: Record::Evaluation(e),
                })
            }
            Op::DeleteEvaluation { id } => Some(RecordChange::Delete {
                key: RecordKey::evaluation(id),
            }),
            op => match hub::decide_on(records, op, me, m.created_at_ms) {
                Ok(hub::HubWrite::Put(record)) => Some(RecordChange::Upsert { record }),
                Ok(hub::HubWrite::Remove(key)) => Some(RecordChange::Delete { key }),
                Ok(hub::HubWrite::Nothing) | Err(_) => None,
            },
        };
        if let Some(change) = change {
            match &change {
                RecordChange::Upsert { record } => {
                    records.insert(record.key(), record.clone());
                }
                RecordChange::Delete { key } => {
                    records.remove(key);
                }
            }
            changes.push(change);
        }
    }
    changes
}

/// Applies one mutation of `me` to `records` as the hub would (assuming the supplier exists):
/// how [`local_view`] shows a change the hub has not seen yet.
pub fn apply_locally(records: &mut BTreeMap<RecordKey, Record>, m: &Mutation, me: &Actor) {
    let key = m.op.key();
    match hub::decide_on(records, &m.op, me, m.created_at_ms) {
        Ok(hub::HubWrite::Put(record)) => {
            records.insert(key, record);
        }
        Ok(hub::HubWrite::Remove(_)) => {
            records.remove(&key);
        }
        Ok(hub::HubWrite::Nothing) | Err(_) => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use procura_suppliers::scorecard::{EvaluationDraft, Scores};

    pub(crate) fn me() -> Actor {
        Actor {
            id: "ana".into(),
            name: "Ana".into(),
            roles: vec![crate::api::Role::Buyer],
        }
    }

    pub(crate) fn save(id: &str, quality: u8) -> Op {
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
    fn ids_only_grow() {
        let mut state = SyncState::new("c1");
        let a = state.enqueue(save("e1", 4), 10);
        let b = state.enqueue(save("e1", 5), 11);
        assert_eq!((a.id, b.id, state.next_mutation_id), (1, 2, 3));
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
    fn an_applied_change_is_what_the_hub_stored() {
        let saved = Mutation {
            id: 1,
            created_at_ms: 9,
            op: save("e1", 4),
        };
        let mut records = BTreeMap::new();
        apply_locally(&mut records, &saved, &me());
        let mut folded = BTreeMap::new();
        let [RecordChange::Upsert { record }] = &applied_changes(&mut folded, &[saved], &me())[..]
        else {
            panic!("a save stores the record")
        };
        assert_eq!(records.get(&record.key()), Some(record));
        assert_eq!(folded, records);
        let deleted = Mutation {
            id: 2,
            created_at_ms: 10,
            op: Op::DeleteEvaluation { id: "e1".into() },
        };
        assert_eq!(
            applied_changes(&mut folded, &[deleted], &me()),
            [RecordChange::Delete {
                key: RecordKey::evaluation("e1")
            }]
        );
        assert!(folded.is_empty());
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
