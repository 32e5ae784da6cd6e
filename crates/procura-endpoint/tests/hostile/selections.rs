//! Attacks with supplier selections: a draft far past the AHP's 15 × 15, judgements off
//! Saaty's scale, and a matrix of the largest allowed size. The oversized draft is refused by
//! its caps and not stored, a judgement off the scale does not even read, the largest one is
//! decided in one push, and the hub still answers.

use crate::common::*;
use crate::support::Hub;
use procura_suppliers::ahp::{upper_len, Judgement, MAX_ORDER};
use procura_suppliers::selection::{Candidate, SelectionCriterion, SelectionDraft};

fn draft(id: &str, criteria: usize, candidates: usize) -> SelectionDraft {
    SelectionDraft::new(
        id.into(),
        "Hostile selection".into(),
        (0..criteria)
            .map(|i| SelectionCriterion {
                key: format!("c{i}"),
                label: format!("Criterion {i}"),
            })
            .collect(),
        (0..candidates)
            .map(|i| Candidate {
                supplier_id: format!("s{i}").as_str().into(),
                name: format!("Supplier {i}"),
            })
            .collect(),
    )
}

fn push(ops: Vec<Op>) -> PushRequest {
    PushRequest {
        client_id: "hostile-selection".into(),
        mutations: ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| Mutation {
                id: i as u64 + 1,
                created_at_ms: 0,
                op,
            })
            .collect(),
    }
}

async fn held(api: &Api) -> usize {
    api.sync_pull_all(Cursor::start(), 5_000)
        .await
        .iter()
        .flat_map(|page| &page.changes)
        .filter(|c| {
            matches!(
                c,
                RecordChange::Upsert {
                    record: Record::Selection(_)
                }
            )
        })
        .count()
}

#[tokio::test]
async fn an_oversized_selection_is_refused_and_the_largest_one_is_decided() {
    let mut hub = Hub::demo(&[]);
    let buyer = hub.as_user("buyer", DEMO_PASSWORD).await;

    // 2,000 candidates: a 2,000 × 2,000 comparison per criterion (about 2 million judgements
    // each) would be 6 million judgements; the caps refuse it before anything is built.
    let mut wide = draft("sel-wide", 3, 2_000);
    wide.candidate_judgements = vec![Vec::new(); 3];
    // A triangle of 200,000 judgements under a valid 3 × 3.
    let mut deep = draft("sel-deep", 3, 3);
    deep.candidate_judgements[0] = vec![Judgement::EQUAL; 200_000];
    // The largest a selection may be: 15 criteria, 15 suppliers, 16 triangles of 105.
    let mut largest = draft("sel-largest", MAX_ORDER, MAX_ORDER);
    largest.criteria_judgements = vec![Judgement::new(3).unwrap(); upper_len(MAX_ORDER)];
    let req = push(vec![
        Op::SaveSelection { selection: wide },
        Op::SaveSelection { selection: deep },
        Op::SaveSelection { selection: largest },
    ]);
    let answer: PushResponse = buyer.push(&req).await.json();
    let codes: Vec<&str> = answer
        .outcomes
        .iter()
        .map(|o| match &o.result {
            OutcomeResult::Refused { code, .. } => code.as_str(),
            OutcomeResult::Applied => "applied",
        })
        .collect();
    assert_eq!(codes, ["too_many", "too_many", "applied"]);
    assert_eq!(held(&buyer).await, 1, "only the largest allowed one");
    assert!(hub.health().await);

    // A judgement off the scale (12, 0, -1) does not read: the push is refused whole, before
    // any mutation is looked at, and the hub answers the next one.
    let mut body = serde_json::to_value(push(vec![Op::SaveSelection {
        selection: draft("sel-off", 2, 2),
    }]))
    .unwrap();
    for bad in [12, 0, -1] {
        body["mutations"][0]["op"]["selection"]["criteria_judgements"][0] = bad.into();
        let reply = buyer
            .send(
                Method::POST,
                buyer.url("/api/v1/sync/push"),
                Some(body.clone()),
            )
            .await;
        assert!(
            (400..500).contains(&reply.status),
            "{bad}: {} {}",
            reply.status,
            reply.body
        );
    }
    assert_eq!(held(&buyer).await, 1);
    assert!(hub.health().await);
    hub.assert_alive();
}
