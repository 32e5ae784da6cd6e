//! Data written by the previous release, whose dates were strings: `fixtures/previous_release.tsv`
//! holds records and queued mutations as it serialised them (one `name<TAB>json` a line, made
//! with its own types: an approved requisition with its audit trail, the policy, a delegation,
//! an evaluation, an order with its events and progress, and mutations, some with dates only
//! its rules refused). They read into the typed dates and write back byte for byte; what the
//! rules refused then they refuse now, with the same reason.

mod approval_support;

use approval_support::*;
use procura_orders::order::{self, LineProgress, PurchaseOrder};
use procura_procurement::approval::draft::check_draft;
use procura_suppliers::scorecard::EvaluationError;
use procura_sync::api::sync::Mutation;

const PREVIOUS: &str = include_str!("fixtures/previous_release.tsv");

fn json(name: &str) -> &'static str {
    PREVIOUS
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('\t'))
        .unwrap_or_else(|| panic!("no {name} in the fixture"))
}

fn record(name: &str) -> Record {
    serde_json::from_str(json(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn mutation(name: &str) -> Mutation {
    serde_json::from_str(json(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn records_and_mutations_write_back_byte_for_byte() {
    for name in ["requisition", "policy", "delegation", "evaluation", "order"] {
        assert_eq!(
            serde_json::to_string(&record(name)).unwrap(),
            json(name),
            "{name}"
        );
    }
    for name in ["progress", "progress_unchanged"] {
        let p: Vec<LineProgress> = serde_json::from_str(json(name)).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), json(name), "{name}");
    }
    // Unreadable entries are kept as written (a delegation's day, a period, a change's day), and
    // a blank need-by date stays blank.
    for name in [
        "op_draft",
        "op_draft_blank_need_by",
        "op_delegation_bad_day",
        "op_evaluation_bad_period",
        "op_policy_bad_period",
        "op_change_bad_day",
        "op_change_day",
        "op_create_order",
    ] {
        assert_eq!(
            serde_json::to_string(&mutation(name)).unwrap(),
            json(name),
            "{name}"
        );
    }
}

#[test]
fn a_draft_need_by_that_is_not_a_day_reads_as_unknown() {
    // The one lossy case, on purpose: a need-by text that is no day (the date input never
    // gives one) is unknown, written back blank, and refused on submission as before.
    let Op::SubmitRequisition { requisition } = mutation("op_draft_bad_need_by").op else {
        panic!("a submission");
    };
    assert_eq!(requisition.need_by, None);
    assert!(json("op_draft_bad_need_by").contains(r#""need_by":"2026-02-30""#));
    let again = serde_json::to_string(&requisition).unwrap();
    assert!(again.contains(r#""need_by":"""#), "{again}");
}

#[test]
fn the_typed_dates_are_the_written_ones() {
    let Record::Requisition(r) = record("requisition") else {
        panic!("a requisition");
    };
    assert_eq!(r.need_by, day("2026-12-15"));
    assert_eq!(r.period().to_string(), "2026-Q4");
    // The audit trail the previous release wrote still verifies: the content hash reads the
    // need-by date as the same text.
    audit::verify(&r).unwrap();
    assert_eq!(r.audit.last().unwrap().content, audit::content_hash(&r));

    let Record::Delegation(g) = record("delegation") else {
        panic!("a delegation");
    };
    assert_eq!(
        (g.starts.get(), g.ends.get()),
        (Some(day("2026-11-25")), Some(day("2026-12-31")))
    );

    let Record::Policy(p) = record("policy") else {
        panic!("a policy");
    };
    let q4 = "2026-Q4".parse::<Quarter>().unwrap();
    assert!(p.budget("CC-1", q4).is_some());

    let Record::Order(po) = record("order") else {
        panic!("an order");
    };
    assert!(po.lines.iter().all(|l| l.need_by == day("2026-12-15")));
    let progress = order::progress(&po);
    assert_eq!(progress[0].confirmed_date, Some(day("2026-12-20")));
    // Promised after the need-by date: late, compared as days.
    assert!(order::is_late(
        &po.lines[0],
        &progress[0],
        day("2026-12-01")
    ));
    assert!(matches!(
        &po.events[2],
        order::OrderEvent::Shipped { expected: Some(d), .. } if *d == day("2026-12-18")
    ));
}

#[test]
fn what_the_rules_refused_they_still_refuse_with_the_same_reason() {
    let policy = test_policy();
    for name in ["op_draft_blank_need_by", "op_draft_bad_need_by"] {
        let Op::SubmitRequisition { requisition } = mutation(name).op else {
            panic!("a submission");
        };
        let refusal = check_draft(&requisition, &policy, T0).unwrap_err();
        assert_eq!(
            refusal.reason.code(),
            "requisition.need_by_invalid",
            "{name}"
        );
    }

    let mut hub = Hub::new(test_policy());
    let refusal = hub
        .push("a1", mutation("op_delegation_bad_day").op, T0)
        .unwrap_err();
    assert_eq!(refusal.reason.code(), "delegation.bad_date");

    let Op::SaveEvaluation { evaluation } = mutation("op_evaluation_bad_period").op else {
        panic!("an evaluation");
    };
    assert_eq!(
        evaluation.validate(),
        Err(EvaluationError::BadPeriod("2026-Q5".into()))
    );

    let Op::SavePolicy { policy: bad } = mutation("op_policy_bad_period").op else {
        panic!("a policy");
    };
    let procura_procurement::approval::policy::PolicyError::Invalid(problems) =
        bad.validate().unwrap_err()
    else {
        panic!("problems");
    };
    assert!(
        problems.iter().any(
            |r| r.code() == "policy.budget_period_invalid" && r.to_string().contains("Q4-2026")
        ),
        "{problems:?}"
    );

    let Record::Order(mut po) = record("order") else {
        panic!("an order");
    };
    // Sent and acknowledged, nothing shipped yet: a change may be asked for.
    po.events.truncate(2);
    let change = |name: &str| -> Result<PurchaseOrder, Refusal> {
        let Op::RequestOrderChange {
            request_id, lines, ..
        } = mutation(name).op
        else {
            panic!("a change");
        };
        order::hub::request_change(&po, &request_id, &lines, &actor("b1"), T0)
    };
    assert_eq!(
        change("op_change_bad_day").unwrap_err().reason.code(),
        "order.change_date_invalid"
    );
    let other = change("op_change_day")
        .map(|_| ())
        .map_err(|e| e.reason.code());
    assert_eq!(other, Ok(()));
}
