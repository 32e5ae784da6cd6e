//! Helpers for the sync hub's tests (`tests/sync.rs`, `tests/sync_faults.rs`).

use super::*;
use std::collections::BTreeMap;

pub fn draft(id: &str, supplier: &str, quality: u8) -> EvaluationDraft {
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

pub fn op_save(id: &str, supplier: &str, quality: u8) -> Op {
    Op::SaveEvaluation {
        evaluation: draft(id, supplier, quality),
    }
}

pub fn mutation(id: u64, op: Op) -> Mutation {
    Mutation {
        id,
        created_at_ms: 0,
        op,
    }
}

/// Mutation `id` saves evaluation `e{id}` of the demo supplier.
pub fn saves(ids: std::ops::RangeInclusive<u64>) -> Vec<Mutation> {
    ids.map(|i| mutation(i, op_save(&format!("e{i}"), SUPPLIER, 4)))
        .collect()
}

pub fn push_req(client_id: &str, mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        client_id: client_id.into(),
        mutations,
    }
}

pub fn applied(ids: std::ops::RangeInclusive<u64>) -> Vec<Outcome> {
    ids.map(|id| Outcome {
        id,
        result: OutcomeResult::Applied,
    })
    .collect()
}

pub fn refused(id: u64, code: &str) -> impl Fn(&Outcome) -> bool + '_ {
    move |o: &Outcome| {
        o.id == id && matches!(&o.result, OutcomeResult::Refused { code: c, .. } if c == code)
    }
}

/// The hub's live evaluations, by id, from a pull from the start (its other records, such as
/// the demo approval policy, left out).
pub async fn evaluations(api: &Api) -> BTreeMap<String, Evaluation> {
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
            RecordChange::Delete { key } if key.kind == RecordKind::Evaluation => {
                held.remove(&key.id);
            }
            RecordChange::Upsert { .. } | RecordChange::Delete { .. } => {}
        }
    }
    held
}

/// The evaluations among `records`, by id.
pub fn only_evaluations(records: &BTreeMap<RecordKey, Record>) -> BTreeMap<String, Evaluation> {
    records
        .values()
        .filter_map(|r| match r {
            Record::Evaluation(e) => Some((e.id.clone(), e.clone())),
            _ => None,
        })
        .collect()
}

/// The request got no answer at all: the connection closed under it (hyper's "connection closed
/// before message completed"), which a client can only treat as a network failure.
#[track_caller]
pub fn assert_no_answer(result: Result<Reply, reqwest::Error>) {
    match result {
        Ok(reply) => panic!("expected no answer, got {}: {}", reply.status, reply.body),
        Err(e) => assert!(
            e.is_request() && e.status().is_none() && !e.is_timeout(),
            "{e:?}"
        ),
    }
}

/// The cursor at the end of the hub's feed now.
pub async fn head(api: &Api) -> Cursor {
    let pages = api.sync_pull_all(Cursor::start(), MAX_PULL_LIMIT).await;
    pages.last().expect("a page").next_cursor.clone()
}

pub async fn changes_after(api: &Api, cursor: &Cursor) -> Vec<RecordChange> {
    let page: PullResponse = api.sync_pull(cursor, None).await.json();
    assert!(!page.has_more);
    page.changes
}
