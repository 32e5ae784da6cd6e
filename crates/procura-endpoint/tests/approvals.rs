//! Requisitions and their approval through the sync hub, end to end over real HTTP on a loopback
//! port: demo users at their own devices push mutations, the hub decides them by the core's
//! rules against its own state (the policy, delegations and budgets it holds; the author from
//! the session), and everyone pulls the outcome. Two hubs on one database file race in
//! `racing_stores_on_one_file_serialise_final_approvals`.
//!
//! The demo policy (`procura_core::demo::policy`): the buyer's line manager approver1 (limit
//! 20,000 CNY), then the director from 10,000; approver2 or the director for non-catalog lines.

mod common;

use common::approvals::*;
use common::sync::{changes_after, head};
use common::*;
use procura_core::api::Role;
use procura_core::approval::audit::{self, AuditAction, AuditBreak};
use procura_core::approval::policy::{Approvers, Person};
use procura_core::approval::requisition::period_of;
use procura_core::approval::{committed_in, Requisition, Status, Verdict};
use std::sync::{Arc, Barrier};

/// The hub's demo policy, as pulled: the one the core seeds.
async fn demo_policy(api: &Api) -> procura_core::approval::Policy {
    let held = policy(api).await;
    assert_eq!(held, demo::policy(), "the hub holds the demo policy");
    held
}

#[tokio::test]
async fn a_buyer_submits_and_the_hub_computes_the_route() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let lines = vec![
        catalog_line(&item, item.min_order_qty()),
        free_line("Whiteboard markers, assorted colours", 480),
    ];
    let small = draft("req-small", "CC-100", lines.clone());
    // A forged body: the requester, route, status and totals it names are not the hub's.
    let mut forged = serde_json::to_value(&small).unwrap();
    forged["requester"] = json!("u-director");
    forged["requester_name"] = json!("Chen Jie 陈杰");
    forged["status"] = json!("approved");
    forged["route"] = json!([]);
    forged["totals"] = json!({ "net": "1", "tax": "0", "gross": "1" });
    let op = json!({ "type": "submit_requisition", "requisition": forged, "author": "u-director" });
    assert_applied(&buyer.send_json(op).await);

    let r = requisition(&buyer.api, "req-small").await;
    assert_eq!(
        (r.requester.as_str(), r.requester_name.as_str()),
        ("u-buyer", "Li Na 李娜"),
        "the hub names the requester from the session"
    );
    assert_eq!((r.status, r.revision), (Status::Pending, 1));
    assert_eq!(
        r.totals,
        procura_core::approval::requisition::totals(&lines, &policy).unwrap()
    );
    assert!(r.totals.net < Decimal::from(10_000), "{:?}", r.totals);
    assert_eq!(r.currency, "CNY");
    assert_eq!(
        route(&r),
        [
            ("chain-1", vec!["u-approver1"]),
            ("non-catalog", vec!["u-approver2", "u-director"]),
        ],
        "line manager, then purchasing for the free-text line"
    );
    assert_eq!(r.lines, lines);
    let [entry] = &r.audit[..] else {
        panic!("one audit entry: {:?}", r.audit)
    };
    assert_eq!(
        (entry.action, entry.actor.as_str()),
        (AuditAction::Submitted, "u-buyer")
    );

    // From 10,000 the director approves too; a catalog-only requisition needs no purchasing.
    let big = draft(
        "req-big",
        "CC-100",
        vec![catalog_line_near(&item, 12_000, &policy)],
    );
    assert_applied(&buyer.send(submit(big)).await);
    let r = requisition(&buyer.api, "req-big").await;
    assert_eq!(
        route(&r),
        [
            ("chain-1", vec!["u-approver1"]),
            ("chain-2", vec!["u-director"])
        ]
    );

    // What the policy does not know, or a date already gone, is refused.
    let mut past = draft("req-past", "CC-100", lines.clone());
    past.need_by = day(-1);
    let mut nowhere = draft("req-nowhere", "CC-999", lines.clone());
    nowhere.account = "6001".into();
    let answer = buyer.push(vec![submit(past), submit(nowhere)]).await;
    assert_refused(&answer.outcomes[0].result, "invalid");
    assert_refused(&answer.outcomes[1].result, "invalid");
    assert_eq!(requisitions(&buyer.api).await.len(), 2);
}

#[tokio::test]
async fn the_route_runs_to_approval_and_the_audit_trail_shows_tampering() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut approver2 = Desk::open(&hub, "approver2").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let lines = vec![
        catalog_line(&item, item.min_order_qty()),
        free_line("Desk fan", 260),
    ];
    assert_applied(&buyer.send(submit(draft("req-1", "CC-200", lines))).await);

    let r = requisition(&approver1.api, "req-1").await;
    assert_applied(&approver1.send(approve(&r)).await);
    let before_last = requisition(&approver2.api, "req-1").await;
    let waiting = before_last.current_step().map(|s| s.key.as_str());
    assert_eq!(waiting, Some("non-catalog"));
    assert_eq!(before_last.status, Status::Pending);
    assert_applied(&approver2.send(approve(&before_last)).await);

    let r = requisition(&buyer.api, "req-1").await;
    assert_eq!(r.status, Status::Approved);
    assert_eq!(
        approvals(&r),
        [
            (
                "chain-1".into(),
                vec![("u-approver1".into(), "u-approver1".into())]
            ),
            (
                "non-catalog".into(),
                vec![("u-approver2".into(), "u-approver2".into())]
            ),
        ]
    );
    let trail: Vec<(AuditAction, &str, Option<&str>)> = r
        .audit
        .iter()
        .map(|e| (e.action, e.actor.as_str(), e.step.as_deref()))
        .collect();
    assert_eq!(
        trail,
        [
            (AuditAction::Submitted, "u-buyer", None),
            (AuditAction::Approved, "u-approver1", Some("chain-1")),
            (AuditAction::Approved, "u-approver2", Some("non-catalog")),
        ]
    );
    assert_eq!(audit::verify(&r), Ok(()));

    // A pulled record edited behind the trail's back no longer verifies.
    let pulled = serde_json::to_value(&r).unwrap();
    let edited = |edit: &dyn Fn(&mut Value)| -> Requisition {
        let mut json = pulled.clone();
        edit(&mut json);
        serde_json::from_value(json).expect("still a requisition")
    };
    let raised = edited(&|j| {
        j["lines"][1]["unit_price"] = json!("2600");
        j["totals"]["net"] = json!("99999");
    });
    assert_eq!(audit::verify(&raised), Err(AuditBreak::Content(3)));
    let reworded = edited(&|j| j["audit"][1]["comment"] = json!("fine by me"));
    assert_eq!(audit::verify(&reworded), Err(AuditBreak::Chain(2)));
    let reopened = edited(&|j| j["status"] = json!("pending"));
    assert!(matches!(
        audit::verify(&reopened),
        Err(AuditBreak::Status { .. })
    ));
    let cut = edited(&|j| {
        j["audit"].as_array_mut().unwrap().remove(1);
    });
    assert!(audit::verify(&cut).is_err());

    // Once approved, nothing waits: a late decision on what was waiting is stale.
    let late = decide(&before_last, Verdict::Reject, "Too late?");
    assert_refused(&approver1.send(late).await, "stale");
}

#[tokio::test]
async fn nobody_approves_their_own_requisition() {
    // A team lead who both buys and approves, added to the demo users.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let hash = procura_endpoint::auth::hash_password(DEMO_PASSWORD).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO users (id, username, display_name, roles, password_hash)
             VALUES ('u-lead', 'lead', 'Team Lead', '[\"buyer\",\"approver\"]', ?1)",
            [hash],
        )
        .unwrap();
    let hub = serve(AppState::new(store), None).await;
    let mut admin = Desk::open(&hub, "admin").await;
    let mut lead = Desk::open(&hub, "lead").await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut director = Desk::open(&hub, "director").await;

    // The admin puts the lead in the chart (reporting to the director) and in the purchasing
    // group for non-catalog lines.
    let mut policy = demo_policy(&admin.api).await;
    policy.people.push(Person {
        id: "u-lead".into(),
        name: "Team Lead".into(),
        manager: Some("u-director".into()),
        approval_limit: Some(Decimal::from(50_000)),
    });
    for rule in &mut policy.rules {
        if let Approvers::Group { members, .. } = &mut rule.approvers {
            if rule.id == "non-catalog" {
                members.push("u-lead".into());
            }
        }
    }
    assert_applied(&admin.send(save_policy(policy.clone())).await);

    let item = catalog_item(&lead.api, &policy).await;
    let lines = vec![
        catalog_line(&item, item.min_order_qty()),
        free_line("Team offsite snacks", 300),
    ];
    assert_applied(
        &lead
            .send(submit(draft("req-lead", "CC-100", lines.clone())))
            .await,
    );
    let r = requisition(&lead.api, "req-lead").await;
    assert_eq!(
        route(&r),
        [
            ("chain-1", vec!["u-director"]),
            ("non-catalog", vec!["u-approver2", "u-director"]),
        ],
        "the requester is never on their own route"
    );
    assert_refused(&lead.send(approve(&r)).await, "self_approval");
    // Not even in someone else's name, with a delegation from the director.
    let d = delegation("dlg-lead", "u-director", "u-lead", 0, 7);
    assert_applied(&director.send(Op::SaveDelegation { delegation: d }).await);
    assert_refused(
        &lead.send(approve_for(&r, "u-director")).await,
        "self_approval",
    );

    // Demo users: approving in the requester's name is self-approval too, and the buyer, who
    // is no approver, is refused for the role before anything else.
    assert_applied(
        &buyer
            .send(submit(draft("req-buyer", "CC-100", lines)))
            .await,
    );
    let r = requisition(&buyer.api, "req-buyer").await;
    assert_refused(
        &approver1.send(approve_for(&r, "u-buyer")).await,
        "self_approval",
    );
    assert_refused(&buyer.send(approve(&r)).await, "forbidden_role");
    let untouched = requisitions(&buyer.api).await;
    assert!(untouched
        .values()
        .all(|r| r.status == Status::Pending && r.route.iter().all(|s| s.approvals.is_empty())));
}

#[tokio::test]
async fn an_approval_over_a_limit_lowered_after_submission_is_refused() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut admin = Desk::open(&hub, "admin").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut director = Desk::open(&hub, "director").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let line = catalog_line_near(&item, 12_000, &policy);
    assert_applied(
        &buyer
            .send(submit(draft("req-1", "CC-100", vec![line])))
            .await,
    );
    let r = requisition(&buyer.api, "req-1").await;
    assert_eq!(r.route[0].approvers, ["u-approver1"]);

    let mut lowered = policy.clone();
    let person = lowered
        .people
        .iter_mut()
        .find(|p| p.id == "u-approver1")
        .unwrap();
    person.approval_limit = Some(Decimal::from(10_000));
    assert_applied(&admin.send(save_policy(lowered.clone())).await);
    assert_eq!(policy_now(&buyer.api).await, lowered);

    assert_refused(&approver1.send(approve(&r)).await, "over_limit");
    // Nor may approver1 raise their own limit back, nor the director step in before the
    // escalation time.
    assert_refused(
        &approver1.send(save_policy(policy.clone())).await,
        "forbidden_role",
    );
    assert_refused(&director.send(approve(&r)).await, "not_an_approver");
    // An admin's broken policy is refused whole.
    let mut looped = lowered.clone();
    looped
        .people
        .iter_mut()
        .find(|p| p.id == "u-director")
        .unwrap()
        .manager = Some("u-approver1".into());
    assert_refused(&admin.send(save_policy(looped)).await, "invalid");
    assert_eq!(policy_now(&buyer.api).await, lowered);
    let r = requisition(&buyer.api, "req-1").await;
    assert!(r.route.iter().all(|s| s.approvals.is_empty()) && r.audit.len() == 1);
}

/// The hub's policy now (`policy` is taken by the tests' local copies).
async fn policy_now(api: &Api) -> procura_core::approval::Policy {
    policy(api).await
}

#[tokio::test]
async fn forged_roles_and_authors_have_no_effect() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut approver2 = Desk::open(&hub, "approver2").await;
    let mut admin = Desk::open(&hub, "admin").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let lines = vec![catalog_line(&item, item.min_order_qty())];
    assert_applied(
        &buyer
            .send(submit(draft("req-1", "CC-100", lines.clone())))
            .await,
    );
    let r = requisition(&buyer.api, "req-1").await;

    // The buyer has no approver role, whatever the body says.
    let mut forged = serde_json::to_value(approve(&r)).unwrap();
    forged["roles"] = json!(["approver", "admin"]);
    forged["decision"]["author"] = json!("u-approver1");
    assert_refused(&buyer.send_json(forged).await, "forbidden_role");
    let mut generous = policy.clone();
    for p in &mut generous.people {
        p.approval_limit = Some(Decimal::from(1_000_000));
    }
    assert_refused(
        &buyer.send(save_policy(generous.clone())).await,
        "forbidden_role",
    );
    assert_refused(
        &approver1.send(save_policy(generous)).await,
        "forbidden_role",
    );
    let away = delegation("dlg-1", "u-director", "u-buyer", 0, 7);
    let op = Op::SaveDelegation { delegation: away };
    assert_refused(&buyer.send(op).await, "forbidden_role");
    // Approvers do not submit; nobody but the requester withdraws or resubmits.
    let mine = draft("req-2", "CC-100", lines.clone());
    assert_refused(&approver1.send(submit(mine)).await, "forbidden_role");
    let withdraw = Op::WithdrawRequisition {
        id: "req-1".into(),
        revision: 1,
    };
    assert_refused(&approver2.send(withdraw).await, "not_requester");
    let mut takeover = draft("req-1", "CC-100", lines);
    takeover.base_revision = 1;
    assert_refused(&admin.send(submit(takeover)).await, "not_requester");

    assert_eq!(
        policy_now(&buyer.api).await,
        policy,
        "the policy is unchanged"
    );
    assert!(delegations(&buyer.api).await.is_empty());
    let held = requisitions(&buyer.api).await;
    assert_eq!(held.keys().collect::<Vec<_>>(), ["req-1"]);
    assert_eq!(held["req-1"], r, "untouched");
}

#[tokio::test]
async fn a_replayed_decision_is_applied_once() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let line = catalog_line_near(&item, 12_000, &policy);
    assert_applied(
        &buyer
            .send(submit(draft("req-1", "CC-100", vec![line])))
            .await,
    );
    let seen = requisition(&approver1.api, "req-1").await;

    let req = approver1.request(vec![approve(&seen)]);
    let first: PushResponse = approver1.api.push(&req).await.json();
    assert_eq!(first.outcomes, common::sync::applied(1..=1));
    let cursor = head(&approver1.api).await;
    let again: PushResponse = approver1.api.push(&req).await.json();
    assert_eq!(again, first, "the same push: the same outcomes");
    assert!(
        changes_after(&approver1.api, &cursor).await.is_empty(),
        "nothing written again"
    );
    let r = requisition(&buyer.api, "req-1").await;
    let approved: Vec<_> = r
        .audit
        .iter()
        .filter(|e| e.action == AuditAction::Approved)
        .collect();
    assert_eq!(approved.len(), 1, "{:?}", r.audit);
    assert_eq!(r.route[0].approvals.len(), 1);
    assert_eq!(r.current_step().map(|s| s.key.as_str()), Some("chain-2"));

    // The same decision as a new mutation (a second tap, another device): the step it names
    // has moved on; and approver1 may not approve the next step too.
    assert_refused(&approver1.send(approve(&seen)).await, "stale");
    let mut other_device = Desk::at(&hub, "approver1", "dev-approver1-phone").await;
    assert_refused(&other_device.send(approve(&seen)).await, "stale");
    assert_refused(&approver1.send(approve(&r)).await, "already_approved");
    assert_eq!(requisition(&buyer.api, "req-1").await, r);
}

#[tokio::test]
async fn a_decision_on_what_changed_meanwhile_is_stale() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut approver2 = Desk::open(&hub, "approver2").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let lines = vec![
        catalog_line(&item, item.min_order_qty()),
        free_line("Label printer", 900),
    ];
    let ops = vec![
        submit(draft("req-1", "CC-100", lines.clone())),
        submit(draft("req-2", "CC-100", lines)),
    ];
    assert_eq!(buyer.push(ops).await.outcomes, common::sync::applied(1..=2));
    let seen = requisitions(&approver2.api).await;

    // approver1 rejects (a comment is required), then approver2 decides on what they saw.
    let (one, two) = (&seen["req-1"], &seen["req-2"]);
    assert_refused(
        &approver1.send(decide(one, Verdict::Reject, " ")).await,
        "comment_required",
    );
    assert_applied(
        &approver1
            .send(decide(one, Verdict::Reject, "Use the framework contract"))
            .await,
    );
    assert_refused(&approver2.send(approve(one)).await, "stale");
    let withdraw = Op::WithdrawRequisition {
        id: "req-1".into(),
        revision: 1,
    };
    assert_refused(&buyer.send(withdraw).await, "stale");
    assert_eq!(
        requisition(&buyer.api, "req-1").await.status,
        Status::Rejected
    );

    // Returned for changes and resubmitted: a decision on the old revision is stale.
    assert_applied(
        &approver1
            .send(decide(two, Verdict::Return, "Split by floor"))
            .await,
    );
    let returned = requisition(&buyer.api, "req-2").await;
    assert_eq!(returned.status, Status::Returned);
    assert_applied(&buyer.send(submit(returned.draft())).await);
    let resubmitted = requisition(&buyer.api, "req-2").await;
    assert_eq!(
        (resubmitted.status, resubmitted.revision),
        (Status::Pending, 2)
    );
    assert_refused(&approver1.send(approve(two)).await, "stale");
    assert_applied(&approver1.send(approve(&resubmitted)).await);
}

#[tokio::test]
async fn a_delegate_approves_in_the_absent_directors_name() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut approver2 = Desk::open(&hub, "approver2").await;
    let mut director = Desk::open(&hub, "director").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let line = catalog_line_near(&item, 12_000, &policy);
    assert_applied(
        &buyer
            .send(submit(draft("req-1", "CC-100", vec![line])))
            .await,
    );
    let r = requisition(&approver1.api, "req-1").await;
    assert_applied(&approver1.send(approve(&r)).await);
    let r = requisition(&approver2.api, "req-1").await;
    assert_eq!(r.current_step().unwrap().approvers, ["u-director"]);

    assert_refused(&approver2.send(approve(&r)).await, "not_an_approver");
    assert_refused(
        &approver2.send(approve_for(&r, "u-director")).await,
        "no_delegation",
    );
    let d = delegation("dlg-1", "u-director", "u-approver2", 1, 7);
    let op = Op::SaveDelegation {
        delegation: d.clone(),
    };
    assert_refused(&approver2.send(op).await, "forbidden_role");
    // The director sets it up from tomorrow: not yet in force.
    let mut forged = serde_json::to_value(&d).unwrap();
    forged["created_by"] = json!("u-admin");
    let op = json!({ "type": "save_delegation", "delegation": forged });
    assert_applied(&director.send_json(op).await);
    assert_refused(
        &approver2.send(approve_for(&r, "u-director")).await,
        "no_delegation",
    );
    // From today to a week from now.
    let d = delegation("dlg-1", "u-director", "u-approver2", 0, 7);
    assert_applied(
        &director
            .send(Op::SaveDelegation {
                delegation: d.clone(),
            })
            .await,
    );
    let held = delegations(&buyer.api).await;
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].starts.as_str(), held[0].ends.as_str()),
        (d.starts.as_str(), d.ends.as_str())
    );
    assert_eq!(
        held[0].created_by, "u-director",
        "the hub names who set it up"
    );

    assert_applied(&approver2.send(approve_for(&r, "u-director")).await);
    let r = requisition(&buyer.api, "req-1").await;
    assert_eq!(r.status, Status::Approved);
    assert_eq!(r.route[1].approvals[0].by, "u-approver2");
    assert_eq!(r.route[1].approvals[0].principal, "u-director");
    let last = r.audit.last().unwrap();
    assert_eq!(
        (
            last.action,
            last.actor.as_str(),
            last.on_behalf_of.as_deref(),
            last.on_behalf_of_name.as_deref(),
            last.step.as_deref()
        ),
        (
            AuditAction::Approved,
            "u-approver2",
            Some("u-director"),
            Some("Chen Jie 陈杰"),
            Some("chain-2")
        )
    );

    // Only the person away (or an admin) ends it.
    let end = Op::DeleteDelegation { id: "dlg-1".into() };
    assert_refused(&approver2.send(end.clone()).await, "not_author");
    assert_applied(&director.send(end).await);
    assert!(delegations(&buyer.api).await.is_empty());
}

/// Three requisitions of CC-300 needed in the same quarter: `P` fits the budget with either of
/// `B` and `C`, not with both. Returns the drafts and the budget period.
fn budget_race_drafts(
    item: &CatalogItem,
    policy: &procura_core::approval::Policy,
) -> ([procura_core::approval::RequisitionDraft; 3], String) {
    let draft_of = |id: &str, target| {
        let line = catalog_line_near(item, target, policy);
        draft(id, "CC-300", vec![line])
    };
    let drafts = [
        draft_of("req-p", 13_000),
        draft_of("req-b", 19_000),
        draft_of("req-c", 19_000),
    ];
    let nets: Vec<Decimal> = drafts.iter().map(|d| net(&d.lines, policy)).collect();
    let (limit, budget) = (Decimal::from(20_000), Decimal::from(50_000));
    assert!(
        nets.iter()
            .all(|n| *n >= Decimal::from(10_000) && *n <= limit),
        "{nets:?}"
    );
    assert!(
        nets[0] + nets[1] <= budget && nets[0] + nets[2] <= budget,
        "{nets:?}"
    );
    assert!(nets[0] + nets[1] + nets[2] > budget, "{nets:?}");
    let period = period_of(&drafts[0].need_by);
    (drafts, period)
}

/// The demo policy with CC-300's *stop* budget of 50,000 in `period` (the demo one has it for
/// 2026–2028; `None` when nothing needs saving).
fn budget_policy(period: &str) -> Option<procura_core::approval::Policy> {
    let demo = demo::policy();
    let held = demo.budget("CC-300", period);
    let fits = held.is_some_and(|b| {
        b.amount == Decimal::from(50_000)
            && b.mode == procura_core::approval::policy::BudgetMode::Stop
    });
    (!fits).then(|| with_budget(demo, "CC-300", period, 50_000))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_final_approvals_race_for_the_last_of_a_stop_budget() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut director = Desk::open(&hub, "director").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let (drafts, period) = budget_race_drafts(&item, &policy);
    if let Some(p) = budget_policy(&period) {
        let mut admin = Desk::open(&hub, "admin").await;
        assert_applied(&admin.send(save_policy(p)).await);
    }
    let ops = drafts.iter().cloned().map(submit).collect();
    assert_eq!(buyer.push(ops).await.outcomes, common::sync::applied(1..=3));
    let held = requisitions(&approver1.api).await;
    let ops = held.values().map(approve).collect();
    assert_eq!(
        approver1.push(ops).await.outcomes,
        common::sync::applied(1..=3)
    );
    let held = requisitions(&director.api).await;
    assert_applied(&director.send(approve(&held["req-p"])).await);

    // The director's two devices send the final approvals of B and C at the same moment.
    let start = Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for (id, device) in [("req-b", "dev-director-a"), ("req-c", "dev-director-b")] {
        let mut desk = Desk::at(&hub, "director", device).await;
        let req = desk.request(vec![approve(&held[id])]);
        let start = Arc::clone(&start);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let answer: PushResponse = desk.api.push(&req).await.json();
            (id, answer.outcomes[0].result.clone())
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let applied: Vec<&str> = results
        .iter()
        .filter(|(_, r)| *r == OutcomeResult::Applied)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(applied.len(), 1, "exactly one fits: {results:?}");
    let (refused_id, refused) = results
        .iter()
        .find(|(_, r)| *r != OutcomeResult::Applied)
        .unwrap();
    assert_refused(refused, "budget_exceeded");

    let held = requisitions(&buyer.api).await;
    let committed = committed_in(held.values(), "CC-300", &period, "");
    assert!(committed <= Decimal::from(50_000), "committed {committed}");
    assert_eq!(
        committed,
        held["req-p"].totals.net + held[applied[0]].totals.net
    );
    let loser = &held[*refused_id];
    assert_eq!(loser.status, Status::Pending);
    assert!(loser.route[1].approvals.is_empty());
    // Trying again changes nothing while the budget is spent.
    assert_refused(&director.send(approve(loser)).await, "budget_exceeded");
}

/// Two endpoints on one database file (two processes, say): each push holds SQLite's write lock
/// from its first statement, so the second final approval reads the first one's.
#[test]
fn racing_stores_on_one_file_serialise_final_approvals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let users: HashMap<String, User> = demo::users()
        .into_iter()
        .map(|u| (u.username.clone(), u))
        .collect();
    let page = store.catalog_page(SUPPLIER, &Cursor::start(), 500).unwrap();
    let items: Vec<CatalogItem> = split(std::slice::from_ref(&page))
        .0
        .into_iter()
        .cloned()
        .collect();
    let policy = demo::policy();
    let item = items
        .iter()
        .filter(|i| !i.unspsc.starts_with("43"))
        .filter(|i| policy.rate(&i.currency).is_some())
        .min_by_key(|i| i.list_price().unwrap() * policy.rate(&i.currency).unwrap())
        .unwrap();
    let (drafts, period) = budget_race_drafts(item, &policy);
    let mut counter = 0;
    let mut push = |store: &mut Store, who: &str, ops: Vec<Op>| -> Vec<OutcomeResult> {
        let mutations = ops
            .into_iter()
            .map(|op| {
                counter += 1;
                Mutation {
                    id: counter,
                    created_at_ms: 0,
                    op,
                }
            })
            .collect();
        let req = PushRequest {
            client_id: format!("dev-{who}"),
            mutations,
        };
        let answer = store.push(&users[who], &req, now_ms()).unwrap();
        answer.outcomes.into_iter().map(|o| o.result).collect()
    };
    let all_applied = |results: Vec<OutcomeResult>| {
        assert!(
            results.iter().all(|r| *r == OutcomeResult::Applied),
            "{results:?}"
        )
    };
    if let Some(p) = budget_policy(&period) {
        all_applied(push(&mut store, "admin", vec![save_policy(p)]));
    }
    let held = |store: &Store| -> HashMap<String, Requisition> {
        let page = store.pull(&Cursor::start(), MAX_PULL_LIMIT).unwrap();
        page.changes
            .into_iter()
            .filter_map(|c| match c {
                RecordChange::Upsert {
                    record: Record::Requisition(r),
                } => Some((r.id.clone(), r)),
                _ => None,
            })
            .collect()
    };
    all_applied(push(
        &mut store,
        "buyer",
        drafts.iter().cloned().map(submit).collect(),
    ));
    let ops = held(&store).values().map(approve).collect();
    all_applied(push(&mut store, "approver1", ops));
    let now = held(&store);
    all_applied(push(&mut store, "director", vec![approve(&now["req-p"])]));

    let director = users["director"].clone();
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = [("req-b", "dev-a"), ("req-c", "dev-b")]
        .into_iter()
        .map(|(id, device)| {
            let mut racer = Store::open(&path).unwrap();
            let req = PushRequest {
                client_id: device.to_owned(),
                mutations: vec![Mutation {
                    id: 1,
                    created_at_ms: 0,
                    op: approve(&now[id]),
                }],
            };
            let (director, start) = (director.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                let answer = racer.push(&director, &req, now_ms()).unwrap();
                (id, answer.outcomes[0].result.clone())
            })
        })
        .collect();
    let results: Vec<(&str, OutcomeResult)> =
        threads.into_iter().map(|t| t.join().unwrap()).collect();
    let applied = results
        .iter()
        .filter(|(_, r)| *r == OutcomeResult::Applied)
        .count();
    assert_eq!(applied, 1, "{results:?}");
    let (_, refused) = results
        .iter()
        .find(|(_, r)| *r != OutcomeResult::Applied)
        .unwrap();
    assert_refused(refused, "budget_exceeded");
    let after = held(&store);
    let committed = committed_in(after.values(), "CC-300", &period, "");
    assert!(committed <= Decimal::from(50_000), "committed {committed}");
    let approved = after
        .values()
        .filter(|r| r.status == Status::Approved)
        .count();
    assert_eq!(approved, 2);
    assert!(after.values().all(|r| audit::verify(r).is_ok()));
}

#[tokio::test]
async fn the_demo_organisation_is_there_and_survives_a_hub_reset() {
    let hub = spawn_hub(0, true).await;
    let director = hub.login("director").await;
    let me: User = director.get("/api/v1/me").await.json();
    assert_eq!(
        (me.id.as_str(), &me.roles[..]),
        ("u-director", &[Role::Approver][..])
    );
    let mut admin = Desk::open(&hub, "admin").await;
    let mut policy = demo_policy(&director).await;
    policy.escalate_after_hours = 24;
    assert_applied(&admin.send(save_policy(policy.clone())).await);

    let reset: Value = hub.post("/api/v1/test/reset-hub", json!({})).await.json();
    let page: PullResponse = director.sync_pull(&Cursor::start(), None).await.json();
    assert_eq!(page.epoch, reset["epoch"].as_str().unwrap());
    assert_eq!(
        page.changes,
        [RecordChange::Upsert {
            record: Record::Policy(policy)
        }],
        "the organisation's policy, as the admin left it, and nothing else"
    );

    // A hub that never held a policy gets the demo one on a reset.
    let mut bare = Store::open_in_memory().unwrap();
    bare.reset_hub().unwrap();
    let changes = bare.pull(&Cursor::start(), 10).unwrap().changes;
    assert_eq!(
        changes,
        [RecordChange::Upsert {
            record: Record::Policy(demo::policy())
        }]
    );
}

#[test]
fn a_demo_database_from_before_approvals_gains_the_director_and_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old-demo.sqlite3");
    let size = DemoSize {
        items_per_supplier: 1,
        ..SMALL
    };
    {
        let mut store = Store::open(&path).unwrap();
        assert!(store.seed_demo_if_empty(size).unwrap());
    }
    // As the demo was before approvals: no director, no policy in the hub.
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "DELETE FROM users WHERE id = 'u-director'; DELETE FROM sync_records WHERE kind = 'policy';",
    )
    .unwrap();
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert!(store.user_by_username("director").unwrap().is_none());
    assert!(
        store.seed_demo_if_empty(size).unwrap(),
        "the missing demo data is seeded"
    );
    let (director, hash) = store.user_by_username("director").unwrap().unwrap();
    assert_eq!(director.roles, [Role::Approver]);
    assert!(procura_endpoint::auth::verify_password(
        DEMO_PASSWORD,
        &hash
    ));
    let changes = store.pull(&Cursor::start(), 10).unwrap().changes;
    assert_eq!(
        changes,
        [RecordChange::Upsert {
            record: Record::Policy(demo::policy())
        }]
    );
    assert!(!store.seed_demo_if_empty(size).unwrap(), "and only once");

    // A database that is no demo's gains no demo users.
    let other = dir.path().join("other.sqlite3");
    let mut store = Store::open(&other).unwrap();
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch(
        "INSERT INTO suppliers (id, name_en, name_zh, currency) VALUES ('acme', 'Acme', '阿克米', 'CNY');
         INSERT INTO users (id, username, display_name, roles, password_hash)
             VALUES ('u-1', 'someone', 'Someone', '[\"admin\"]', 'x');",
    )
    .unwrap();
    store
        .seed_demo_if_empty(DemoSize {
            marketplace_sellers: 0,
            ..size
        })
        .unwrap();
    assert!(store.user_by_username("director").unwrap().is_none());
    assert!(store.user_by_username("buyer").unwrap().is_none());
}

#[test]
fn without_a_policy_requisitions_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let buyer = demo::users().remove(0);
    let r = draft("req-1", "CC-100", vec![free_line("Chairs", 100)]);
    let req = PushRequest {
        client_id: "dev".into(),
        mutations: vec![Mutation {
            id: 1,
            created_at_ms: 0,
            op: submit(r),
        }],
    };
    let answer = store.push(&buyer, &req, now_ms()).unwrap();
    assert_refused(&answer.outcomes[0].result, "no_policy");
}

#[tokio::test]
async fn catalog_lines_are_priced_by_the_hubs_catalog() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;

    // A tampered price (to stay under a threshold) is refused with the catalog's price.
    let mut cheap = catalog_line(&item, item.min_order_qty());
    cheap.unit_price /= rust_decimal::Decimal::from(10);
    let result = buyer
        .send(submit(draft("req-cheap", "CC-100", vec![cheap])))
        .await;
    assert_refused(&result, "price_mismatch");

    // An item the hub does not hold (a catalog imported on the buyer's device) cannot be
    // verified: it is submitted as a non-catalog line, which takes the non-catalog review.
    let mut unknown = catalog_line(&item, item.min_order_qty());
    unknown.item_id = Some("imported/ZZ-1".into());
    assert_applied(
        &buyer
            .send(submit(draft("req-imported", "CC-100", vec![unknown])))
            .await,
    );
    let r = requisition(&buyer.api, "req-imported").await;
    assert!(r.lines[0].item_id.is_none());
    assert!(
        r.route.iter().any(|s| s.key == "non-catalog"),
        "{:?}",
        route(&r)
    );
}
