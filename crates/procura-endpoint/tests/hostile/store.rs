//! Attacks on what the hub stores: one push that tries to make everyone's data heavier, with
//! an oversized field or a pile of records. Each is refused by a cap or a quota
//! (`procura_sync::limits`), nothing of it is stored, and the hub still answers.

use crate::common::*;
use crate::support::Hub;
use procura_procurement::approval::time::{day_of_ms, Date, Entered};
use procura_procurement::approval::{Delegation, RequisitionDraft, RequisitionLine};
use procura_sync::limits::{
    MAX_ACTIVE_DELEGATIONS_PER_USER, MAX_JUSTIFICATION_CHARS, MAX_NOTE_CHARS,
};

const DAY_MS: i64 = 86_400_000;

fn today_plus(days: i64) -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_millis() as i64;
    day_of_ms(now + days * DAY_MS)
}

fn request(client_id: &str, ops: Vec<Op>) -> PushRequest {
    PushRequest {
        client_id: client_id.to_owned(),
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

fn refusal_code(result: &OutcomeResult) -> &str {
    match result {
        OutcomeResult::Refused { code, .. } => code,
        OutcomeResult::Applied => "applied",
    }
}

/// The demo user's id (the org chart uses the same ids).
fn user_id(username: &str) -> String {
    demo::users()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("demo user {username}"))
        .id
        .to_string()
}

/// How many records of `kind` the hub serves from the start of its feed.
async fn held(api: &Api, kind: RecordKind) -> usize {
    api.sync_pull_all(Cursor::start(), 5_000)
        .await
        .iter()
        .flat_map(|page| &page.changes)
        .filter(|c| matches!(c, RecordChange::Upsert { record } if record.key().kind == kind))
        .count()
}

#[tokio::test]
async fn a_mebibyte_justification_is_refused_with_its_code() {
    let mut hub = Hub::demo(&[]);
    let buyer = hub.as_user("buyer", DEMO_PASSWORD).await;
    let policy = demo::policy();
    let line = RequisitionLine {
        item_id: None,
        description: "Archive boxes".into(),
        supplier_id: String::new().into(),
        supplier_name: String::new(),
        unspsc: String::new(),
        quantity: Decimal::ONE,
        unit: "C62".into(),
        unit_price: Decimal::TEN,
        currency: policy.currency.clone(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    };
    let draft = RequisitionDraft {
        id: "req-huge".into(),
        base_revision: 0,
        title: "Boxes".into(),
        cost_centre: policy.cost_centres[0].code.clone(),
        account: policy.accounts[0].code.clone(),
        need_by: Some(today_plus(30)),
        delivery_address: "Dock 1".into(),
        justification: "x".repeat(1 << 20),
        lines: vec![line],
    };
    let ops = vec![Op::SubmitRequisition { requisition: draft }];
    let answer: PushResponse = buyer.push(&request("hostile-1", ops)).await.json();
    let OutcomeResult::Refused { code, message, .. } = &answer.outcomes[0].result else {
        panic!("a 1 MiB justification was applied");
    };
    assert_eq!(code, "too_long", "{message}");
    assert!(
        message.contains("justification") && message.contains(&MAX_JUSTIFICATION_CHARS.to_string()),
        "the refusal names the field and the cap: {message}"
    );
    assert_eq!(answer.last_applied, 1, "processed (refused) for good");
    assert_eq!(held(&buyer, RecordKind::Requisition).await, 0);
    assert!(hub.health().await);
    hub.assert_alive();
}

#[tokio::test]
async fn seven_megabytes_of_delegations_are_refused() {
    let mut hub = Hub::demo(&[]);
    let director = hub.as_user("director", DEMO_PASSWORD).await;
    let (from, to) = (user_id("director"), user_id("approver1"));
    let delegation = |i: usize, note: String| Op::SaveDelegation {
        delegation: Delegation {
            id: format!("hostile-{i:03}"),
            from: from.clone().into(),
            to: to.clone().into(),
            starts: Entered::Valid(today_plus(1)),
            ends: Entered::Valid(today_plus(2)),
            note,
            created_by: String::new().into(),
        },
    };

    // 500 delegations with 14,000-character notes: about 7 MB, under the body limit.
    let ops: Vec<Op> = (0..500)
        .map(|i| delegation(i, "n".repeat(14_000)))
        .collect();
    let req = request("hostile-2", ops);
    assert!(serde_json::to_vec(&req).unwrap().len() > 7_000_000);
    let answer: PushResponse = director.push(&req).await.json();
    assert_eq!(answer.outcomes.len(), 500);
    for o in &answer.outcomes {
        assert_eq!(refusal_code(&o.result), "too_long", "{o:?}");
    }
    assert_eq!(held(&director, RecordKind::Delegation).await, 0);
    assert!(hub.health().await);

    // 500 delegations within the caps: the quota keeps 20, refuses the rest.
    let note = "n".repeat(MAX_NOTE_CHARS);
    let ops: Vec<Op> = (0..500).map(|i| delegation(i, note.clone())).collect();
    let answer: PushResponse = director.push(&request("hostile-3", ops)).await.json();
    let applied = answer
        .outcomes
        .iter()
        .filter(|o| o.result == OutcomeResult::Applied)
        .count();
    assert_eq!(applied, MAX_ACTIVE_DELEGATIONS_PER_USER);
    for o in &answer.outcomes[MAX_ACTIVE_DELEGATIONS_PER_USER..] {
        assert_eq!(refusal_code(&o.result), "quota_exceeded", "{o:?}");
    }
    assert_eq!(
        held(&director, RecordKind::Delegation).await,
        MAX_ACTIVE_DELEGATIONS_PER_USER
    );
    assert!(hub.health().await);

    // Past the body limit: refused before it is read.
    let ops: Vec<Op> = (0..500)
        .map(|i| delegation(i, "n".repeat(18_000)))
        .collect();
    director
        .push(&request("hostile-4", ops))
        .await
        .assert_error(413, "too_large");
    // The hub answers 413 without reading the rest of the body and closes that connection;
    // another client (not the pool that sent it) asks whether it still serves.
    let fresh = Client::builder().no_proxy().build().unwrap();
    let health = fresh.get(hub.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap().trim(), "ok");
    hub.assert_alive();
}
