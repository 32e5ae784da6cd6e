//! Supplier standings through the hub's rules (`sync::hub::decide`, here by a device's
//! `decide_on`): the policy's bands are checked when it is saved, and a requisition naming a
//! supplier whose standing is blocked is refused with `supplier.blocked`.

mod approval_support;

use approval_support::*;
use procura_suppliers::performance::MetricKind;
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Evaluator, Scores};

fn records_with(evaluation_score: Option<u8>) -> BTreeMap<RecordKey, Record> {
    let mut records = BTreeMap::new();
    let policy = Record::Policy(test_policy());
    records.insert(policy.key(), policy);
    if let Some(s) = evaluation_score {
        let draft = EvaluationDraft {
            id: "e1".into(),
            supplier_id: "s1".into(),
            period: "2026-Q4".into(),
            scores: Scores {
                quality: s,
                delivery: s,
                price: s,
                service: s,
            },
            comment: String::new(),
        };
        let who = Evaluator {
            id: "b2".into(),
            name: "B2".into(),
        };
        let e = Record::Evaluation(Evaluation::from_draft(&draft, &who, T0).unwrap());
        records.insert(e.key(), e);
    }
    records
}

#[test]
fn a_blocked_supplier_cannot_be_requested_a_fair_one_can() {
    let submit = Op::SubmitRequisition {
        requisition: draft("r1", 0, 100, "44", "CC-1"),
    };
    // Everyone rated s1 1 of 5 this quarter: evaluations 0 of 100, the only measure: blocked.
    let refused = hub::decide_on(&records_with(Some(1)), &submit, &actor("b1"), T0).unwrap_err();
    assert_eq!(refused.reason.code(), "supplier.blocked");
    assert_eq!(refused.code, "supplier_blocked");
    assert!(refused.message.contains("S1"), "{}", refused.message);
    // 3 of 5 is 50 of 100: fair.
    let fair = hub::decide_on(&records_with(Some(3)), &submit, &actor("b1"), T0);
    assert!(
        matches!(fair, Ok(HubWrite::Put(Record::Requisition(_)))),
        "{fair:?}"
    );
    // Nothing known of s1: unrated, accepted.
    let unrated = hub::decide_on(&records_with(None), &submit, &actor("b1"), T0);
    assert!(matches!(unrated, Ok(HubWrite::Put(_))), "{unrated:?}");
}

#[test]
fn the_standing_bands_are_checked_when_the_policy_is_saved() {
    let mut policy = test_policy();
    policy.supplier_standing.blocked_below = 60;
    let save = Op::SavePolicy { policy };
    let refused = hub::decide_on(&records_with(None), &save, &actor("adm"), T0).unwrap_err();
    assert_eq!(refused.reason.code(), "policy.standing_bands_unordered");
    let mut policy = test_policy();
    policy.supplier_standing.weights = vec![(MetricKind::OnTime, 0)];
    let save = Op::SavePolicy { policy };
    let refused = hub::decide_on(&records_with(None), &save, &actor("adm"), T0).unwrap_err();
    assert_eq!(refused.reason.code(), "policy.standing_no_weight");
    // The organisation's own weights decide: evaluations weigh nothing, so s1 is unrated.
    let mut policy = test_policy();
    policy.supplier_standing.weights = vec![(MetricKind::OnTime, 100)];
    let mut records = records_with(Some(1));
    let p = Record::Policy(policy);
    records.insert(p.key(), p);
    let submit = Op::SubmitRequisition {
        requisition: draft("r1", 0, 100, "44", "CC-1"),
    };
    assert!(hub::decide_on(&records, &submit, &actor("b1"), T0).is_ok());
}
