//! Requisitions and their approval through the sync hub, end to end over real HTTP on a loopback
//! port: demo users at their own devices push mutations, the hub decides them by the core's
//! rules against its own state (the policy, delegations and budgets it holds; the author from
//! the session), and everyone pulls the outcome. Two hubs on one database file race in
//! `racing_stores_on_one_file_serialise_final_approvals`.
//!
//! The demo policy (`procura_demo::demo::policy`): the buyer's line manager approver1 (limit
//! 20,000 CNY), then the director from 10,000; approver2 or the director for non-catalog lines.

mod common;

use common::approvals::*;
use common::sync::{changes_after, head};
use common::*;
use procura_procurement::approval::audit::{self, AuditAction, AuditBreak};
use procura_procurement::approval::policy::{Approvers, Person};
use procura_procurement::approval::{Requisition, Status, Verdict};

/// The hub's demo policy, as pulled: the one the core seeds.
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
        procura_procurement::approval::requisition::totals(&lines, &policy).unwrap()
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
    past.need_by = Some(day(-1));
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
async fn policy_now(api: &Api) -> procura_procurement::approval::Policy {
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
    assert_eq!((&held[0].starts, &held[0].ends), (&d.starts, &d.ends));
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
            last.on_behalf_of.as_ref().map(|p| p.as_str()),
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

#[tokio::test]
async fn an_approval_does_not_survive_a_resubmission_that_asks_for_something_else() {
    let hub = spawn_hub(0, false).await;
    approval_does_not_survive_a_rewrite(&hub).await;
}
