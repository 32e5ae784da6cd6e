//! Saved supplier selections (AHP) through the hub over real HTTP: a buyer starts one, a stale
//! revision and a colleague who is neither its creator nor an admin are refused, an admin may
//! change it, everyone pulls it with its seal chain intact, and an oversized draft is refused
//! by its caps without being stored.

mod common;

use common::sync::*;
use common::*;
use procura_suppliers::ahp::Judgement;
use procura_suppliers::selection::{
    self, Candidate, Selection, SelectionCriterion, SelectionDraft,
};

fn draft(base_revision: u32, title: &str) -> SelectionDraft {
    let mut d = SelectionDraft::new(
        "sel-paper-2027".into(),
        title.into(),
        [
            ("price", "Price 价格"),
            ("quality", "Quality 质量"),
            ("delivery", "Delivery 交付"),
        ]
        .map(|(key, label)| SelectionCriterion {
            key: key.into(),
            label: label.into(),
        })
        .to_vec(),
        [
            (SUPPLIER, "OfficePlus"),
            ("papercorp", "PaperCorp"),
            ("deskdepot", "DeskDepot"),
        ]
        .map(|(id, name)| Candidate {
            supplier_id: id.into(),
            name: name.into(),
        })
        .to_vec(),
    );
    let j = |c: i8| Judgement::new(c).unwrap();
    d.criteria_judgements = vec![j(2), j(4), j(2)];
    d.candidate_judgements = vec![
        vec![j(3), j(5), j(2)],
        vec![j(-2), j(2), j(4)],
        vec![j(1), j(-3), j(-3)],
    ];
    d.derived = vec![false, true, false];
    d.base_revision = base_revision;
    d
}

fn save(id: u64, d: SelectionDraft) -> Mutation {
    mutation(id, Op::SaveSelection { selection: d })
}

/// The hub's live selections, from a pull from the start.
async fn selections(api: &Api) -> Vec<Selection> {
    api.sync_pull_all(Cursor::start(), MAX_PULL_LIMIT)
        .await
        .into_iter()
        .flat_map(|p| p.changes)
        .filter_map(|c| match c {
            RecordChange::Upsert {
                record: Record::Selection(s),
            } => Some(s),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_selection_is_saved_guarded_and_pulled_by_everyone() {
    let hub = spawn_hub(0, false).await;
    let buyer = hub.login("buyer").await;
    let approver = hub.login("approver1").await;
    let admin = hub.login("admin").await;

    let first: PushResponse = buyer
        .push(&push_req(
            "dev-buyer",
            vec![
                save(1, draft(0, "Copy paper supplier 2027")),
                save(2, draft(1, "Copy paper supplier 2027, round 2")),
                // Made to revision 1 again, while revision 2 stands.
                save(3, draft(1, "An edit of an old revision")),
            ],
        ))
        .await
        .json();
    let o = &first.outcomes;
    assert_eq!(o[0].result, OutcomeResult::Applied, "{o:?}");
    assert_eq!(o[1].result, OutcomeResult::Applied, "{o:?}");
    assert!(refused(3, "stale")(&o[2]), "{o:?}");

    // A colleague who did not start it, and is no admin, may not change it.
    let theirs: PushResponse = approver
        .push(&push_req(
            "dev-approver",
            vec![save(1, draft(2, "Mine now"))],
        ))
        .await
        .json();
    assert!(refused(1, "not_author")(&theirs.outcomes[0]), "{theirs:?}");
    let OutcomeResult::Refused { reason, .. } = &theirs.outcomes[0].result else {
        unreachable!()
    };
    assert_eq!(
        reason.as_ref().map(|r| r.code()),
        Some("selection.not_creator")
    );
    // An admin may.
    let by_admin: PushResponse = admin
        .push(&push_req(
            "dev-admin",
            vec![save(1, draft(2, "Copy paper supplier 2027 (reviewed)"))],
        ))
        .await
        .json();
    assert_eq!(by_admin.outcomes[0].result, OutcomeResult::Applied);

    // Everyone reads it: the approver pulls the admin's revision, sealed three times.
    let held = selections(&approver).await;
    assert_eq!(held.len(), 1);
    let s = &held[0];
    assert_eq!(s.title, "Copy paper supplier 2027 (reviewed)");
    assert_eq!(s.revision, 3);
    assert_eq!(
        (s.created_by.as_str(), s.updated_by.as_str()),
        ("u-buyer", "u-admin")
    );
    assert_eq!(s.seals.len(), 3);
    assert_eq!(s.derived, [false, true, false]);
    assert_eq!(selection::verify(s), Ok(()));
    let ranking = selection::analyse(s).unwrap();
    assert_eq!(ranking.order()[0], 0, "the price leader wins");

    // Edited behind the hub's back, the record no longer verifies.
    let mut edited = s.clone();
    edited.criteria_judgements[0] = Judgement::new(-9).unwrap();
    assert!(selection::verify(&edited).is_err());
}

#[tokio::test]
async fn an_approver_does_not_start_a_selection_and_oversized_drafts_are_refused() {
    let hub = spawn_hub(0, false).await;
    let buyer = hub.login("buyer").await;
    let approver = hub.login("approver1").await;
    let refusal: PushResponse = approver
        .push(&push_req("dev-approver", vec![save(1, draft(0, "Paper"))]))
        .await
        .json();
    assert!(
        refused(1, "forbidden_role")(&refusal.outcomes[0]),
        "{refusal:?}"
    );

    let mut crowd = draft(0, "Paper");
    crowd.candidates = (0..5_000)
        .map(|i| Candidate {
            supplier_id: format!("supplier-{i}").as_str().into(),
            name: "x".repeat(200),
        })
        .collect();
    let mut long = draft(0, "Paper");
    long.title = "标题".repeat(100_000);
    let mut unequal = draft(0, "Paper");
    unequal.candidate_judgements[1].pop();
    let answer: PushResponse = buyer
        .push(&push_req(
            "dev-buyer",
            vec![save(1, crowd), save(2, long), save(3, unequal)],
        ))
        .await
        .json();
    let o = &answer.outcomes;
    assert!(refused(1, "too_many")(&o[0]), "{o:?}");
    assert!(refused(2, "too_long")(&o[1]), "{o:?}");
    assert!(refused(3, "invalid")(&o[2]), "{o:?}");
    assert!(selections(&buyer).await.is_empty(), "nothing stored");
}
