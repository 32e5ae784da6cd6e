//! Supplier standings enforced by the hub: goods receipts that make a supplier's performance
//! score fall into the policy's blocked band make the hub refuse new requisitions and orders
//! naming it (`supplier.blocked`), by the core's own computation
//! (`procura_suppliers::performance::current_standing`) over the orders it holds; a supplier
//! in the warning band is still accepted. Assessments save by revision.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_ground::reason::Reason;
use procura_orders::order::ReceivedLine;
use procura_procurement::approval::Verdict;
use procura_sync::api::sync::OutcomeResult;

/// Receives line 1 of `order` as `accepted` good and `damaged` refused at the door.
fn receipt(order: &str, accepted: i64, damaged: i64) -> Op {
    Op::ReceiveGoods {
        order_id: order.into(),
        receipt_id: format!("g-{order}"),
        lines: vec![ReceivedLine {
            line_no: 1,
            accepted: dec(accepted),
            damaged: dec(damaged),
            reason: "crushed in transit".into(),
        }],
    }
}

fn reason(result: &OutcomeResult) -> &Reason {
    match result {
        OutcomeResult::Refused {
            reason: Some(r), ..
        } => r,
        other => panic!("refused expected: {other:?}"),
    }
}

#[tokio::test]
async fn a_supplier_whose_deliveries_arrive_broken_is_blocked_at_the_hub() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    // Approved before anything went wrong: ordering it later must still pass the standing.
    let waiting = office.approved("req-waiting", &[2]).await;
    office.sent("po-1", &[10]).await;
    // All ten arrive broken: quality 0, the only measure with data yet (nothing is due, nothing
    // acknowledged), so the score is 0: blocked (below 30).
    assert_applied(&office.buyer.send(receipt("po-1", 0, 10)).await);

    let lines = vec![catalog_line(&office.items[0], dec(1))];
    let result = office
        .buyer
        .send(submit(draft("req-new", "CC-100", lines)))
        .await;
    assert_refused(&result, "supplier_blocked");
    let Reason::SupplierBlocked { supplier, score } = reason(&result) else {
        panic!("{result:?}")
    };
    assert_eq!(score, "0");
    assert!(!supplier.is_empty());

    // An order made on a device that did not know yet: the hub refuses it all the same.
    let po = office.plan("po-2", &[&waiting]);
    let result = office.buyer.send(Op::CreateOrder { order: po }).await;
    assert_refused(&result, "supplier_blocked");
    assert_eq!(reason(&result).code(), "supplier.blocked");
}

#[tokio::test]
async fn a_requisition_whose_supplier_was_blocked_since_is_returned_not_approved() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let pending = office.submitted("req-pending", &[2]).await;
    office.sent("po-1", &[10]).await;
    assert_applied(&office.buyer.send(receipt("po-1", 0, 10)).await);
    // The approver finds it in the inbox: approving is refused, returning it is not.
    let pending = requisition(&office.approver.api, pending.id.as_str()).await;
    let result = office.approver.send(approve(&pending)).await;
    assert_refused(&result, "supplier_blocked");
    assert_eq!(reason(&result).code(), "supplier.blocked");
    assert_applied(
        &office
            .approver
            .send(decide(&pending, Verdict::Return, "choose another supplier"))
            .await,
    );
}

#[tokio::test]
async fn a_warned_supplier_is_still_accepted() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let waiting = office.approved("req-waiting", &[2]).await;
    office.sent("po-1", &[10]).await;
    // 4 good of 10: quality 40, in the warning band (30–50).
    assert_applied(&office.buyer.send(receipt("po-1", 4, 6)).await);

    let lines = vec![catalog_line(&office.items[0], dec(1))];
    let result = office
        .buyer
        .send(submit(draft("req-new", "CC-100", lines)))
        .await;
    assert_applied(&result);
    let po = office.plan("po-2", &[&waiting]);
    assert_applied(&office.buyer.send(Op::CreateOrder { order: po }).await);
}

#[tokio::test]
async fn assessments_save_by_revision_and_only_for_buyers_and_admins() {
    use procura_suppliers::assessment::AssessmentDraft;
    use procura_suppliers::grading::{Capabilities, Grade};
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let supplier = office.items[0].supplier_id.clone();
    let draft = AssessmentDraft {
        supplier_id: supplier.clone(),
        delivery_impact: 4,
        quality_impact: 3,
        capabilities: Capabilities {
            quality_awareness: 4,
            technical: 4,
            replication: 3,
            problem_solving: 4,
        },
        evidence: Default::default(),
        base_revision: 0,
    };
    let save = |d: AssessmentDraft| Op::SaveAssessment { assessment: d };
    assert_applied(&office.buyer.send(save(draft.clone())).await);
    // The same draft again is based on a revision that is gone.
    assert_refused(&office.buyer.send(save(draft.clone())).await, "stale");
    // Approvers do not assess.
    let again = AssessmentDraft {
        base_revision: 1,
        ..draft.clone()
    };
    assert_refused(
        &office.approver.send(save(again.clone())).await,
        "forbidden_role",
    );
    // An unknown supplier.
    let nobody = AssessmentDraft {
        supplier_id: "no-such-supplier".into(),
        ..draft
    };
    assert_refused(&office.buyer.send(save(nobody)).await, "no_supplier");
    assert_applied(&office.buyer.send(save(again)).await);
    let saved = records(&office.buyer.api)
        .await
        .into_values()
        .find_map(|r| match r {
            Record::Assessment(a) => Some(a),
            _ => None,
        })
        .expect("the assessment is pulled");
    assert_eq!(saved.revision, 2);
    assert_eq!(saved.grade(), Grade::B);
    assert_eq!(saved.supplier_id, supplier);
}
