//! Data written by the previous release still reads, and reads the same: every wire body the
//! app and the hub exchange (sync push and pull, catalog feed pages, outcomes and refusals with
//! their typed reasons, the small bodies around them), as JSON files written by an earlier
//! build under `tests/fixtures/previous-release/wire/`.
//!
//! Each test reads a file into today's types, checks the facts that matter (ids, dates, exact
//! decimal amounts, statuses, codes) and checks that writing the value again gives the same
//! JSON: a format change shows up here, not at a customer's device or hub.
//!
//! The files are never rewritten to make a test pass (see the folder's README). They were
//! written on purpose by `previous_release_write.rs`; nothing here depends on that writer, so
//! it may change (or go) with the types while these tests keep reading the old files.

use procura_ground::reason::Reason;
use procura_orders::order::{LineAck, OrderEvent};
use procura_procurement::approval::policy::GroupMode;
use procura_procurement::approval::{Status, Verdict};
use procura_sync::api::sync::{
    EventTicket, Mutation, Op, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, RecordKind,
};
use procura_sync::api::{
    ApiError, CatalogChange, CatalogPage, ChangePasswordRequest, ContentManager, FeedId,
    LoginRequest, LoginResponse, Marketplace, Role, SetPasswordRequest, Supplier, User,
};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 2026-11-25 09:00 UTC.
const T0: i64 = 1_795_564_800_000 + 9 * HOUR;
const EPOCH: &str = "7d1c2f0e9a4b4e55";
const CLIENT: &str = "3f6e1c2a-9b7d-4e8f-a1c3-5d2b7e9f0a14:u-buyer";
const REQ: &str = "0b9c6a52-4d3e-4f71-9a8b-2c1d0e7f6a35";
const REQ_WITHDRAWN: &str = "5e2f8d41-7a6b-4c3d-8e9f-1a0b2c3d4e5f";
const ORDER: &str = "c4a7e2d9-18b3-4f65-a0d2-7e9c1b3f5a86";
const EVALUATION: &str = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
const DELEGATION: &str = "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a";

fn wire_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/previous-release/wire")
}

/// Reads `name` into a `T`, and checks that writing it again gives the same JSON (as values:
/// key order and whitespace aside).
fn read<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let path = wire_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let typed: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{name} no longer reads into today's type: {e}"));
    let stored: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let written = serde_json::to_value(&typed).expect("serializable");
    assert!(
        written == stored,
        "{name}: today's code writes it differently.\nstored:  {stored}\nwritten: {written}"
    );
    typed
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

fn mutation(name: &str, id: u64) -> Mutation {
    let m: Mutation = read(name);
    assert_eq!(m.id, id, "{name}: mutation id");
    assert_eq!(
        m.created_at_ms,
        T0 + (id as i64 - 41) * HOUR,
        "{name}: time"
    );
    m
}

#[test]
fn a_submitted_requisition_reads_with_its_lines_and_exact_amounts() {
    let Op::SubmitRequisition { requisition: d } = mutation("op-submit-requisition.json", 42).op
    else {
        panic!("not a submission")
    };
    assert_eq!(d.id, REQ);
    assert_eq!(d.base_revision, 0);
    assert_eq!(
        d.need_by.map(|d| d.to_string()).as_deref(),
        Some("2026-12-15")
    );
    assert_eq!(d.cost_centre, "CC-100");
    assert_eq!(d.account, "6001");
    assert_eq!(d.justification, "Year-end reporting 年终报告");
    assert_eq!(d.lines.len(), 3);
    assert!(d.lines[0].item_id.is_some());
    assert_eq!(d.lines[0].quantity, dec("12"));
    assert_eq!(d.lines[1].quantity, dec("2.5"));
    assert_eq!(d.lines[1].quantity.scale(), 1, "the scale is kept");
    assert_eq!(d.lines[0].tax_percent, None);
    let free = &d.lines[2];
    assert_eq!(free.item_id, None);
    assert_eq!(free.unit_price, dec("320.50"));
    assert_eq!(free.unit_price.to_string(), "320.50");
    assert_eq!(free.tax_percent, Some(dec("6")));
    assert_eq!(free.currency, "CNY");
    assert_eq!(free.unit, "E48");
}

#[test]
fn a_decision_withdrawal_and_policy_read() {
    let Op::DecideRequisition { decision } = mutation("op-decide-requisition.json", 43).op else {
        panic!("not a decision")
    };
    assert_eq!(decision.requisition_id, REQ);
    assert_eq!(decision.revision, 1);
    assert_eq!(decision.verdict, Verdict::Approve);
    assert_eq!(decision.on_behalf_of, None);
    assert!(!decision.step.is_empty());
    assert_eq!(decision.comment, "OK for Q1 同意");

    let Op::WithdrawRequisition { id, revision } = mutation("op-withdraw-requisition.json", 44).op
    else {
        panic!("not a withdrawal")
    };
    assert_eq!((id.as_str(), revision), (REQ_WITHDRAWN, 1));

    let Op::SavePolicy { policy } = mutation("op-save-policy.json", 41).op else {
        panic!("not a policy")
    };
    assert_eq!(policy.currency, "CNY");
    assert_eq!(policy.default_tax_percent, dec("13"));
    assert_eq!(policy.escalate_after_hours, 48);
    let director = policy.people.iter().find(|p| p.id == "u-director").unwrap();
    assert_eq!(director.approval_limit, Some(dec("500000")));
    assert_eq!(director.manager, None);
    let eur = policy.rates.iter().find(|r| r.currency == "EUR").unwrap();
    assert_eq!(eur.rate, dec("7.80"));
    let budget = policy
        .budgets
        .iter()
        .find(|b| b.cost_centre == "CC-100" && b.period.text() == "2026-Q4")
        .unwrap();
    assert_eq!(budget.amount, dec("200000"));
    assert!(
        policy.validate().is_ok(),
        "the stored policy is still valid"
    );
}

#[test]
fn order_ops_read_with_their_lines_and_quantities() {
    let Op::CreateOrder { order } = mutation("op-create-order.json", 45).op else {
        panic!("not an order")
    };
    assert_eq!(order.id, ORDER);
    assert_eq!(order.number, "PO-C4A7E2D9");
    assert_eq!(order.buyer, "u-buyer");
    assert_eq!(order.requisitions, [REQ]);
    assert_eq!(order.created_at_ms, T0 + 4 * HOUR);
    assert_eq!(order.lines.len(), 3);
    assert_eq!(order.lines[0].line_no, 1);
    assert_eq!(order.lines[0].quantity, dec("12"));
    assert_eq!(order.lines[0].need_by.to_string(), "2026-12-15");
    assert_eq!(order.lines[2].unit_price, dec("320.50"));
    assert_eq!(order.lines[2].tax_percent, dec("6"));
    // As this release wrote them: `order::plan` gives a line that took the policy's default
    // tax (`None` on the requisition, 13 % in its totals) a tax of 0 on the order.
    assert_eq!(order.lines[0].tax_percent, Decimal::ZERO);
    assert_eq!(order.lines[2].supplier_part, "");
    assert_eq!(order.terms.payment_days, 30);
    assert_eq!(order.terms.incoterm.as_deref(), Some("DAP"));

    let Op::ReceiveGoods {
        order_id,
        receipt_id,
        lines,
    } = mutation("op-receive-goods.json", 46).op
    else {
        panic!("not a receipt")
    };
    assert_eq!((order_id.as_str(), receipt_id.as_str()), (ORDER, "GR-0001"));
    assert_eq!(lines[0].accepted, dec("11"));
    assert_eq!(lines[0].damaged, dec("1"));
    assert_eq!(lines[0].reason, "One ream wet 一包受潮");

    let Op::RequestOrderChange { lines, .. } = mutation("op-request-order-change.json", 47).op
    else {
        panic!("not a change")
    };
    assert_eq!(
        lines,
        [LineAck::Changed {
            line_no: 2,
            quantity: Some(dec("3.5")),
            delivery_date: Some("2026-12-20".into()),
            unit_price: None,
        }]
    );

    let Op::RequestOrderCancel { order_id, reason } =
        mutation("op-request-order-cancel.json", 48).op
    else {
        panic!("not a cancel")
    };
    assert_eq!(order_id, ORDER);
    assert_eq!(reason, "Project postponed 项目推迟");
}

#[test]
fn delegation_and_evaluation_ops_read() {
    let Op::SaveDelegation { delegation } = mutation("op-save-delegation.json", 49).op else {
        panic!("not a delegation")
    };
    assert_eq!(delegation.id, DELEGATION);
    assert_eq!(
        (delegation.from.as_str(), delegation.to.as_str()),
        ("u-approver1", "u-approver2")
    );
    assert_eq!(
        (
            delegation.starts.text().as_str(),
            delegation.ends.text().as_str()
        ),
        ("2026-12-20", "2027-01-03")
    );
    assert_eq!(
        delegation.created_by, "",
        "the hub sets it, the device leaves it empty"
    );
    let op = mutation("op-delete-delegation.json", 50).op;
    assert_eq!(
        op,
        Op::DeleteDelegation {
            id: DELEGATION.into()
        }
    );

    let Op::SaveEvaluation { evaluation } = mutation("op-save-evaluation.json", 51).op else {
        panic!("not an evaluation")
    };
    assert_eq!(evaluation.id, EVALUATION);
    assert_eq!(evaluation.period.text(), "2026-Q4");
    let s = evaluation.scores;
    assert_eq!((s.quality, s.delivery, s.price, s.service), (4, 3, 5, 4));
    let op = mutation("op-delete-evaluation.json", 52).op;
    assert_eq!(
        op,
        Op::DeleteEvaluation {
            id: EVALUATION.into()
        }
    );
}

#[test]
fn a_push_and_its_answer_read_with_typed_and_untyped_refusals() {
    let push: PushRequest = read("push-request.json");
    assert_eq!(push.client_id, CLIENT);
    let ids: Vec<u64> = push.mutations.iter().map(|m| m.id).collect();
    assert_eq!(ids, [41, 42, 43]);

    let answer: PushResponse = read("push-response.json");
    assert_eq!(answer.epoch, EPOCH);
    assert_eq!(answer.last_applied, 43);
    assert_eq!(answer.outcomes[0].result, OutcomeResult::Applied);
    match &answer.outcomes[1].result {
        OutcomeResult::Refused {
            code,
            message,
            reason,
        } => {
            assert_eq!(code, "stale");
            assert!(!message.is_empty());
            assert_eq!(reason, &Some(Reason::LineShipped { line: 1 }));
        }
        other => panic!("{other:?}"),
    }
    match &answer.outcomes[2].result {
        OutcomeResult::Refused { code, reason, .. } => {
            assert_eq!(code, "stale");
            assert_eq!(reason, &None, "a hub from before typed reasons");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_reason_code_of_the_previous_release_reads_as_the_same_code() {
    let stored: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(wire_dir().join("reasons.json")).expect("reasons.json"),
    )
    .expect("JSON");
    let reasons: Vec<Reason> = read("reasons.json");
    assert!(reasons.len() > 50, "one of every reason");
    for (value, reason) in stored.iter().zip(&reasons) {
        assert_eq!(
            Some(reason.code()),
            value["code"].as_str(),
            "a stored reason reads as another"
        );
        assert!(
            !matches!(reason, Reason::Unrecognised { .. })
                || reason.code() == "reason.unrecognised"
        );
    }
}

#[test]
fn a_pull_page_reads_with_every_record_kind() {
    let page: PullResponse = read("pull-page.json");
    assert_eq!(page.epoch, EPOCH);
    assert_eq!(page.next_cursor.0, format!("r1.{EPOCH}.118"));
    assert!(page.has_more);
    assert_eq!(page.remaining, 17);
    let kinds: Vec<RecordKind> = page.changes.iter().map(|c| c.key().kind).collect();
    // Every kind the previous release had (supplier assessments, selections, stocked items,
    // goods issues, invoices, returns and contracts came after it).
    for kind in RecordKind::ALL.into_iter().filter(|k| {
        !matches!(
            k,
            RecordKind::Assessment
                | RecordKind::Selection
                | RecordKind::Stock
                | RecordKind::GoodsIssue
                | RecordKind::Invoice
                | RecordKind::Return
                | RecordKind::Contract
        )
    }) {
        assert!(kinds.contains(&kind), "{kind:?} missing");
    }
    let RecordChange::Delete { key } = page.changes.last().unwrap() else {
        panic!("the page ends with a delete")
    };
    assert_eq!(key.kind, RecordKind::Evaluation);

    let records: Vec<&Record> = page
        .changes
        .iter()
        .filter_map(|c| match c {
            RecordChange::Upsert { record } => Some(record),
            RecordChange::Delete { .. } => None,
        })
        .collect();
    let requisition = |id: &str| {
        records
            .iter()
            .find_map(|r| match r {
                Record::Requisition(q) if q.id == id => Some(q),
                _ => None,
            })
            .unwrap()
    };

    let approved = requisition(REQ);
    assert_eq!(approved.status, Status::Approved);
    assert_eq!(approved.revision, 1);
    assert_eq!(approved.requester, "u-buyer");
    assert_eq!(approved.requester_name, "Li Na 李娜");
    assert_eq!(approved.currency, "CNY");
    assert_eq!(approved.submitted_at_ms, T0);
    assert_eq!(
        approved.updated_at_ms,
        T0 + 3 * HOUR + 60_000,
        "the last approval"
    );
    assert_eq!(approved.period().to_string(), "2026-Q4");
    // The totals are what today's rules compute from the stored lines, to the fen.
    let policy = records
        .iter()
        .find_map(|r| match r {
            Record::Policy(p) => Some(p),
            _ => None,
        })
        .unwrap();
    let totals = procura_procurement::approval::requisition::totals(&approved.lines, policy)
        .expect("totals");
    assert_eq!(approved.totals, totals);
    assert_eq!(
        approved.totals.gross,
        approved.totals.net + approved.totals.tax
    );
    assert_eq!(approved.totals.net.to_string(), "4600.82");
    assert_eq!(approved.totals.tax.to_string(), "575.68");
    assert_eq!(approved.totals.gross.to_string(), "5176.50");
    let steps: Vec<&str> = approved.route.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(steps, ["chain-1", "it-review", "non-catalog"]);
    let step = &approved.route[0];
    assert_eq!(step.mode, GroupMode::AnyOf);
    assert_eq!(step.approvers, ["u-approver1"]);
    assert_eq!(step.approvals.len(), 1);
    assert_eq!(step.approvals[0].by, "u-approver1");
    assert_eq!(step.approvals[0].at_ms, T0 + 2 * HOUR);
    assert_eq!(step.approvals[0].carried_from, None);
    let carried = &approved.route[2].approvals[0];
    assert_eq!(carried.by, "u-approver2");
    assert_eq!(carried.carried_from.as_deref(), Some("it-review"));
    assert_eq!(approved.audit.len(), 3, "submitted, approved twice");
    procura_procurement::approval::audit::verify(approved)
        .expect("the stored audit chain still holds");

    let withdrawn = requisition(REQ_WITHDRAWN);
    assert_eq!(withdrawn.status, Status::Withdrawn);
    procura_procurement::approval::audit::verify(withdrawn).expect("the audit chain holds");

    let order = records
        .iter()
        .find_map(|r| match r {
            Record::Order(o) => Some(o),
            _ => None,
        })
        .unwrap();
    assert_eq!(order.id, ORDER);
    let kinds: Vec<&str> = order
        .events
        .iter()
        .map(|e| match e {
            OrderEvent::Sent { .. } => "sent",
            OrderEvent::Acknowledged { .. } => "acknowledged",
            OrderEvent::Shipped { .. } => "shipped",
            OrderEvent::Received { .. } => "received",
            OrderEvent::ChangeRequested { .. } => "change_requested",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "sent",
            "acknowledged",
            "shipped",
            "received",
            "change_requested"
        ]
    );
    let OrderEvent::Shipped {
        expected, lines, ..
    } = &order.events[2]
    else {
        panic!()
    };
    assert_eq!(
        expected.map(|d| d.to_string()).as_deref(),
        Some("2026-11-30")
    );
    assert_eq!(lines[0].quantity, dec("12"));
    let OrderEvent::Received { by, at_ms, .. } = &order.events[3] else {
        panic!()
    };
    assert_eq!((by.as_str(), *at_ms), ("u-buyer", T0 + 5 * DAY));
    let progress = procura_orders::order::progress(order);
    assert_eq!(progress[0].received, dec("11"));

    let delegation = records
        .iter()
        .find_map(|r| match r {
            Record::Delegation(d) => Some(d),
            _ => None,
        })
        .unwrap();
    assert_eq!(delegation.created_by, "u-approver1", "set by the hub");

    let evaluation = records
        .iter()
        .find_map(|r| match r {
            Record::Evaluation(e) => Some(e),
            _ => None,
        })
        .unwrap();
    assert_eq!(evaluation.evaluator_id, "u-buyer");
    assert_eq!(evaluation.updated_at_ms, T0 + 7 * DAY);
    assert_eq!(
        read::<Record>("evaluation-record.json"),
        Record::Evaluation(evaluation.clone())
    );
}

#[test]
fn catalog_feed_pages_read_for_a_supplier_and_a_marketplace() {
    let page: CatalogPage = read("catalog-page-supplier.json");
    let FeedId::Supplier(supplier) = page.feed() else {
        panic!("a supplier's page")
    };
    assert_eq!(page.marketplace_id, None);
    assert!(page.has_more);
    assert_eq!(page.remaining, 55);
    assert_eq!(
        page.next_cursor.0,
        format!("c1.{EPOCH}.2045.2100.{supplier}")
    );
    let CatalogChange::Upsert { item } = &page.changes[0] else {
        panic!("an upsert")
    };
    assert_eq!(item.supplier_id, supplier);
    assert_eq!(item.id, format!("{supplier}/{}", item.sku));
    assert!(!item.name.en.is_empty() && !item.name.zh.is_empty());
    assert!(item
        .gtin
        .as_deref()
        .is_some_and(|g| procura_ground::gtin::validate(g).is_ok()));
    assert_eq!(item.unspsc.len(), 8);
    assert!(!item.price_tiers.is_empty());
    assert!(item.price_tiers[0].unit_price > Decimal::ZERO);
    assert_eq!(item.price_tiers[0].min_qty, Decimal::ONE);
    let CatalogChange::Delete { id } = &page.changes[2] else {
        panic!("a delete")
    };
    assert_eq!(id, &format!("{supplier}/RETIRED-001"));

    let page: CatalogPage = read("catalog-page-marketplace.json");
    let FeedId::Marketplace(market) = page.feed() else {
        panic!("a marketplace's page")
    };
    assert_eq!(page.supplier_id, "");
    assert!(!page.has_more);
    let marketplaces: Vec<Marketplace> = read("marketplaces.json");
    assert_eq!(marketplaces[0].id, market);
    for change in &page.changes {
        let CatalogChange::Upsert { item } = change else {
            panic!("upserts")
        };
        assert!(marketplaces[0]
            .seller_ids
            .contains(&item.supplier_id.to_string()));
    }
}

#[test]
fn the_small_bodies_read() {
    let suppliers: Vec<Supplier> = read("suppliers.json");
    assert_eq!(suppliers[0].managed_by, ContentManager::Supplier);
    assert_eq!(suppliers[0].item_count, 1_200);
    assert_eq!(suppliers[1].managed_by, ContentManager::Marketplace);

    let login: LoginResponse = read("login-response.json");
    assert_eq!(login.user.id, "u-buyer");
    assert_eq!(login.user.roles, [Role::Buyer]);
    assert!(!login.user.must_change_password);

    let request: LoginRequest = read("login-request.json");
    assert_eq!(
        (request.username.as_str(), request.password.as_str()),
        ("buyer", "procura")
    );
    let change: ChangePasswordRequest = read("change-password-request.json");
    assert_eq!(change.new_password, "correct horse battery 马");
    let set: SetPasswordRequest = read("set-password-request.json");
    assert_eq!(set.new_password, "temporary-Password-42");
    let me: User = read("me.json");
    assert_eq!(me.id, "u-approver2");
    assert_eq!(me.roles, [Role::Approver]);
    assert!(me.must_change_password);

    let error: ApiError = read("api-error.json");
    assert_eq!(error.code, "cursor_reset");

    let ticket: EventTicket = read("event-ticket.json");
    assert_eq!(ticket.expires_in, 30);
}

/// Every file the tests above read. A file added to `wire/` must be read by a test and named
/// here.
const FILES: [&str; 28] = [
    "api-error.json",
    "change-password-request.json",
    "catalog-page-marketplace.json",
    "catalog-page-supplier.json",
    "evaluation-record.json",
    "event-ticket.json",
    "login-request.json",
    "login-response.json",
    "marketplaces.json",
    "me.json",
    "op-create-order.json",
    "op-decide-requisition.json",
    "op-delete-delegation.json",
    "op-delete-evaluation.json",
    "op-receive-goods.json",
    "op-request-order-cancel.json",
    "op-request-order-change.json",
    "op-save-delegation.json",
    "op-save-evaluation.json",
    "op-save-policy.json",
    "op-submit-requisition.json",
    "op-withdraw-requisition.json",
    "pull-page.json",
    "push-request.json",
    "push-response.json",
    "reasons.json",
    "set-password-request.json",
    "suppliers.json",
];

#[test]
fn every_fixture_is_checked() {
    let mut on_disk: Vec<String> = std::fs::read_dir(wire_dir())
        .expect("the wire fixtures")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut files = FILES.to_vec();
    files.sort();
    assert_eq!(on_disk, files);
}
