//! Saved supplier selections through the hub's rules: who may start and change one, stale
//! revisions, the caps on a draft, and a device's recovery after the hub lost its state.

use procura_ground::role::Role;
use procura_procurement::approval::Actor;
use procura_suppliers::ahp::Judgement;
use procura_suppliers::selection::{self, Candidate, SelectionCriterion, SelectionDraft};
use procura_sync::api::sync::{Op, Record, RecordKey, RecordKind};
use procura_sync::sync::hub::{decide_on, HubWrite};
use procura_sync::sync::SyncState;
use std::collections::BTreeMap;

fn actor(id: &str, roles: &[Role]) -> Actor {
    Actor {
        id: id.into(),
        name: id.to_uppercase(),
        roles: roles.to_vec(),
    }
}

fn draft(id: &str) -> SelectionDraft {
    let mut d = SelectionDraft::new(
        id.into(),
        "Copy paper supplier 2027".into(),
        ["price", "quality", "delivery"]
            .map(|k| SelectionCriterion {
                key: k.into(),
                label: k.into(),
            })
            .to_vec(),
        ["acme", "bolt", "core"]
            .map(|s| Candidate {
                supplier_id: s.into(),
                name: s.into(),
            })
            .to_vec(),
    );
    d.criteria_judgements = [3, 5, 2].map(|c| Judgement::new(c).unwrap()).to_vec();
    d
}

type Records = BTreeMap<RecordKey, Record>;

fn save(records: &mut Records, d: SelectionDraft, who: &Actor, at: i64) -> Result<(), String> {
    match decide_on(records, &Op::SaveSelection { selection: d }, who, at) {
        Ok(HubWrite::Put(record)) => {
            records.insert(record.key(), record);
            Ok(())
        }
        Ok(other) => panic!("{other:?}"),
        Err(refusal) => Err(format!("{} {}", refusal.code, refusal.reason.code())),
    }
}

fn held(records: &Records, id: &str) -> selection::Selection {
    match records.get(&RecordKey::new(RecordKind::Selection, id)) {
        Some(Record::Selection(s)) => s.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_creator_and_admins_change_a_selection_from_its_current_revision() {
    let ana = actor("ana", &[Role::Buyer]);
    let bo = actor("bo", &[Role::Buyer]);
    let root = actor("root", &[Role::Admin]);
    let mut records = Records::new();
    save(&mut records, draft("s1"), &ana, 10).unwrap();
    let first = held(&records, "s1");
    assert_eq!((first.revision, first.created_by.as_str()), (1, "ana"));
    assert_eq!(selection::verify(&first), Ok(()));
    assert_eq!(
        Record::Selection(first.clone()).author(),
        "ana",
        "the creator is the author"
    );

    assert_eq!(
        save(&mut records, first.draft(), &bo, 20),
        Err("not_author selection.not_creator".into())
    );
    save(&mut records, first.draft(), &root, 30).unwrap();
    let second = held(&records, "s1");
    assert_eq!((second.revision, second.updated_by.as_str()), (2, "root"));
    assert_eq!(selection::verify(&second), Ok(()));
    // Ana still edits revision 1.
    assert_eq!(
        save(&mut records, first.draft(), &ana, 40),
        Err("stale selection.stale_revision".into())
    );
    save(&mut records, second.draft(), &ana, 50).unwrap();
    assert_eq!(held(&records, "s1").revision, 3);
    // The analysis of what was saved.
    let ranking = selection::analyse(&held(&records, "s1")).unwrap();
    assert_eq!(ranking.scores.len(), 3);
    assert!((ranking.criteria.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);

    assert_eq!(
        save(
            &mut records,
            draft("s2"),
            &actor("al", &[Role::Approver]),
            60
        ),
        Err("forbidden_role selection.buyers_only".into())
    );
}

#[test]
fn oversized_drafts_are_refused_before_any_rule() {
    let ana = actor("ana", &[Role::Buyer]);
    let mut records = Records::new();
    let mut huge = draft("s1");
    huge.candidates = (0..10_000)
        .map(|i| Candidate {
            supplier_id: format!("s{i}").as_str().into(),
            name: "x".into(),
        })
        .collect();
    assert_eq!(
        save(&mut records, huge, &ana, 0),
        Err("too_many limits.too_many".into())
    );
    let mut long = draft("s1");
    long.title = "x".repeat(1 << 20);
    assert_eq!(
        save(&mut records, long, &ana, 0),
        Err("too_long limits.too_long_chars".into())
    );
    let mut triangles = draft("s1");
    triangles.candidate_judgements[0] = vec![Judgement::EQUAL; 200];
    assert_eq!(
        save(&mut records, triangles, &ana, 0),
        Err("too_many limits.too_many".into())
    );
    let mut short = draft("s1");
    short.candidate_judgements[0].pop();
    assert_eq!(
        save(&mut records, short, &ana, 0),
        Err("invalid selection.judgements_mismatch".into())
    );
    assert!(records.is_empty());
}

#[test]
fn a_judgement_outside_the_scale_does_not_read() {
    let mut json = serde_json::to_value(Op::SaveSelection {
        selection: draft("s1"),
    })
    .unwrap();
    json["selection"]["criteria_judgements"][0] = 0.into();
    assert!(serde_json::from_value::<Op>(json.clone()).is_err());
    json["selection"]["criteria_judgements"][0] = (-3).into();
    assert!(serde_json::from_value::<Op>(json).is_ok());
}

#[test]
fn a_device_saves_its_selections_again_when_the_hub_lost_them() {
    let ana = actor("ana", &[Role::Buyer]);
    let mut records = Records::new();
    save(&mut records, draft("s1"), &ana, 10).unwrap();
    let s = held(&records, "s1");
    save(&mut records, s.draft(), &ana, 20).unwrap();
    save(&mut records, draft("s2"), &actor("bo", &[Role::Buyer]), 30).unwrap();
    let mut state = SyncState::new("device");
    let again = state.recover(Some("new-epoch"), &records, &ana, 40);
    assert_eq!(again.len(), 1, "only ana's own");
    let Op::SaveSelection { selection } = &again[0].op else {
        panic!("{:?}", again[0].op)
    };
    assert_eq!((selection.id.as_str(), selection.base_revision), ("s1", 0));
    // The new hub accepts it as a new selection.
    let mut fresh = Records::new();
    save(&mut fresh, selection.clone(), &ana, 50).unwrap();
    assert_eq!(held(&fresh, "s1").revision, 1);
}
