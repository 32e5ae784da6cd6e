//! Requisition approval: examples of each rule, and property tests over random sequences of
//! actions by random users (including forged, stale and replayed ones), applied by the hub's
//! own rules (`sync::hub::decide_on`, the same decisions the endpoint makes).

use procura_core::api::sync::{Op, Record, RecordKey, RecordKind};
use procura_core::api::Role;
use procura_core::approval::act::Decision;
use procura_core::approval::audit::{self, AuditAction};
use procura_core::approval::policy::{
    Account, Approvers, Budget, BudgetMode, Condition, CostCentre, GroupMode, Person, Policy, Rule,
};
use procura_core::approval::route;
use procura_core::approval::time::Date;
use procura_core::approval::{
    Actor, Delegation, Requisition, RequisitionDraft, RequisitionLine, Status, Verdict,
};
use procura_core::sync::hub::{self, HubWrite, Refusal};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
/// 2026-11-25 09:00 UTC.
const T0: i64 = 1_795_564_800_000 + 9 * HOUR;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// A small organisation: two buyers (b2 also approves), a1 and a2 under the director d.
fn test_policy() -> Policy {
    let p = |id: &str, manager: Option<&str>, limit: Option<i64>| Person {
        id: id.into(),
        name: id.to_uppercase(),
        manager: manager.map(Into::into),
        approval_limit: limit.map(d),
    };
    let rule = |id: &str, when: Condition, approvers: Approvers| Rule {
        id: id.into(),
        name: id.into(),
        when,
        approvers,
    };
    Policy {
        currency: "CNY".into(),
        rates: vec![],
        default_tax_percent: d(13),
        people: vec![
            p("b1", Some("a1"), None),
            p("b2", Some("a2"), Some(60_000)),
            p("a1", Some("d"), Some(40_000)),
            p("a2", Some("d"), Some(50_000)),
            p("d", None, Some(500_000)),
            p("adm", None, None),
        ],
        cost_centres: ["CC-1", "CC-2"]
            .map(|c| CostCentre {
                code: c.into(),
                name: c.into(),
            })
            .to_vec(),
        accounts: vec![Account {
            code: "6001".into(),
            name: "Supplies".into(),
        }],
        rules: vec![
            rule(
                "manager",
                Condition::default(),
                Approvers::ManagerChain { levels: 1 },
            ),
            rule(
                "second",
                Condition {
                    min_total: Some(d(10_000)),
                    ..Condition::default()
                },
                Approvers::ManagerChain { levels: 2 },
            ),
            rule(
                "it",
                Condition {
                    segments: vec!["43".into()],
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AnyOf,
                    members: vec!["a2".into(), "b2".into()],
                },
            ),
            rule(
                "board",
                Condition {
                    min_total: Some(d(30_000)),
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AllOf,
                    members: vec!["a2".into(), "b2".into()],
                },
            ),
        ],
        budgets: vec![
            Budget {
                cost_centre: "CC-1".into(),
                period: "2026-Q4".into(),
                amount: d(25_000),
                mode: BudgetMode::Stop,
            },
            Budget {
                cost_centre: "CC-2".into(),
                period: "2026-Q4".into(),
                amount: d(20_000),
                mode: BudgetMode::Warn,
            },
        ],
        escalate_after_hours: 48,
        escalation_fallback: Some("d".into()),
    }
}

fn actor(id: &str) -> Actor {
    let roles = match id {
        "b1" => vec![Role::Buyer],
        "b2" => vec![Role::Buyer, Role::Approver],
        "adm" => vec![Role::Admin],
        _ => vec![Role::Approver],
    };
    Actor {
        id: id.into(),
        name: id.to_uppercase(),
        roles,
    }
}

const PEOPLE: [&str; 6] = ["b1", "b2", "a1", "a2", "d", "adm"];

fn line(net: i64, segment: &str) -> RequisitionLine {
    RequisitionLine {
        item_id: Some(format!("s1/{segment}")),
        description: "thing".into(),
        supplier_id: "s1".into(),
        supplier_name: "S1".into(),
        unspsc: format!("{segment}000000"),
        quantity: d(1),
        unit: "H87".into(),
        unit_price: d(net),
        currency: "CNY".into(),
        tax_percent: None,
        note: String::new(),
    }
}

fn draft(id: &str, base_revision: u32, net: i64, segment: &str, cc: &str) -> RequisitionDraft {
    RequisitionDraft {
        id: id.into(),
        base_revision,
        title: format!("req {id}"),
        cost_centre: cc.into(),
        account: "6001".into(),
        need_by: "2026-12-15".into(),
        delivery_address: "Dock 3".into(),
        justification: "needed".into(),
        lines: vec![line(net, segment)],
    }
}

/// The hub, as a map of records (the endpoint keeps the same in SQLite).
struct Hub {
    records: BTreeMap<RecordKey, Record>,
}

impl Hub {
    fn new(policy: Policy) -> Self {
        let mut records = BTreeMap::new();
        records.insert(
            RecordKey::new(RecordKind::Policy, "org"),
            Record::Policy(policy),
        );
        Hub { records }
    }

    fn push(&mut self, who: &str, op: Op, now: i64) -> Result<(), Refusal> {
        let author = actor(who);
        match hub::decide_on(&self.records, &op, &author, now)? {
            HubWrite::Put(r) => {
                self.records.insert(r.key(), r);
            }
            HubWrite::Remove(k) => {
                self.records.remove(&k);
            }
            HubWrite::Nothing => {}
        }
        Ok(())
    }

    fn req(&self, id: &str) -> Option<&Requisition> {
        match self.records.get(&RecordKey::requisition(id)) {
            Some(Record::Requisition(r)) => Some(r),
            _ => None,
        }
    }

    fn requisitions(&self) -> impl Iterator<Item = &Requisition> {
        self.records.values().filter_map(|r| match r {
            Record::Requisition(r) => Some(r),
            _ => None,
        })
    }

    fn decide(
        &mut self,
        who: &str,
        id: &str,
        verdict: Verdict,
        on_behalf_of: Option<&str>,
        now: i64,
    ) -> Result<(), Refusal> {
        let r = self.req(id).expect("exists");
        let decision = Decision {
            requisition_id: id.into(),
            revision: r.revision,
            step: r.current_step().map(|s| s.key.clone()).unwrap_or_default(),
            verdict,
            on_behalf_of: on_behalf_of.map(Into::into),
            comment: if verdict == Verdict::Approve {
                String::new()
            } else {
                "because".into()
            },
        };
        self.push(who, Op::DecideRequisition { decision }, now)
    }
}

fn submit(hub: &mut Hub, who: &str, d: RequisitionDraft, now: i64) -> Result<(), Refusal> {
    hub.push(who, Op::SubmitRequisition { requisition: d }, now)
}

fn code<T>(r: Result<T, Refusal>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code,
    }
}

#[test]
fn a_two_level_requisition_needs_both_levels() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    let r = hub.req("r1").unwrap();
    let route: Vec<_> = r
        .route
        .iter()
        .map(|s| (s.key.as_str(), s.approvers.clone()))
        .collect();
    assert_eq!(
        route,
        [
            ("chain-1", vec!["a1".to_string()]),
            ("chain-2", vec!["d".to_string()])
        ]
    );
    assert_eq!(r.totals.net, d(12_000));
    assert_eq!(r.totals.tax, d(1_560));
    // The second level cannot go first.
    assert_eq!(
        code(hub.decide("d", "r1", Verdict::Approve, None, T0 + HOUR)),
        "not_an_approver",
        "d is the second level, which is not current yet"
    );
    hub.decide("a1", "r1", Verdict::Approve, None, T0 + HOUR)
        .unwrap();
    assert_eq!(hub.req("r1").unwrap().status, Status::Pending);
    hub.decide("d", "r1", Verdict::Approve, None, T0 + 2 * HOUR)
        .unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!(r.status, Status::Approved);
    audit::verify(r).unwrap();
    assert_eq!(r.audit.len(), 3);
}

#[test]
fn a_manager_below_the_amount_is_skipped_and_the_chain_stops_at_its_top() {
    let mut hub = Hub::new(test_policy());
    // 45,000 is over a1's 40,000 limit: level 1 goes to d, and level 2 has nobody above d, so
    // the route is d alone (plus the board above 30,000).
    submit(&mut hub, "b1", draft("r1", 0, 45_000, "44", "CC-1"), T0).unwrap();
    let r = hub.req("r1").unwrap();
    let route: Vec<_> = r
        .route
        .iter()
        .map(|s| (s.key.as_str(), s.approvers.clone()))
        .collect();
    assert_eq!(
        route,
        [
            ("chain-1", vec!["d".to_string()]),
            ("board", vec!["a2".to_string(), "b2".to_string()])
        ]
    );
    // Above everyone's limit, nobody can approve: the admin has to change the policy.
    assert_eq!(
        code(submit(
            &mut hub,
            "b1",
            draft("r2", 0, 600_000, "44", "CC-1"),
            T0
        )),
        "no_route"
    );
}

#[test]
fn a_person_in_two_steps_approves_once_for_both() {
    // b1's chain is a1 then d; with an IT line, the IT step is a2 or b2 — and a group of d and
    // a2 for large IT orders makes d appear twice.
    let mut p = test_policy();
    p.rules.push(Rule {
        id: "it-large".into(),
        name: "it-large".into(),
        when: Condition {
            min_total: Some(d(10_000)),
            segments: vec!["43".into()],
            ..Condition::default()
        },
        approvers: Approvers::Group {
            mode: GroupMode::AnyOf,
            members: vec!["d".into()],
        },
    });
    let mut hub = Hub::new(p);
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "43", "CC-1"), T0).unwrap();
    let keys: Vec<_> = hub
        .req("r1")
        .unwrap()
        .route
        .iter()
        .map(|s| s.key.clone())
        .collect();
    assert_eq!(keys, ["chain-1", "chain-2", "it", "it-large"]);
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    hub.decide("d", "r1", Verdict::Approve, None, T0).unwrap();
    let r = hub.req("r1").unwrap();
    let carried = &r.route[3].approvals[0];
    assert_eq!(carried.carried_from.as_deref(), Some("chain-2"));
    assert!(r
        .audit
        .last()
        .unwrap()
        .detail
        .contains("also counts for: it-large"));
    assert_eq!(r.current_step().unwrap().key, "it");
    hub.decide("a2", "r1", Verdict::Approve, None, T0).unwrap();
    assert_eq!(hub.req("r1").unwrap().status, Status::Approved);
    audit::verify(hub.req("r1").unwrap()).unwrap();
}

#[test]
fn catalog_lines_carry_the_catalogs_price() {
    use procura_core::approval::act::verify_catalog_lines;
    use procura_core::catalog::{CatalogItem, LocalizedText, PriceTier};
    let item = CatalogItem {
        id: "s1/44".into(),
        supplier_id: "s1".into(),
        sku: "44".into(),
        gtin: None,
        manufacturer: "M".into(),
        mpn: "1".into(),
        name: LocalizedText::new("thing", "东西"),
        description: LocalizedText::new("", ""),
        unspsc: "44121704".into(),
        eclass: None,
        order_unit: "H87".into(),
        content_unit: "H87".into(),
        content_per_order_unit: d(1),
        currency: "CNY".into(),
        price_tiers: vec![
            PriceTier {
                min_qty: d(1),
                unit_price: d(12_000),
            },
            PriceTier {
                min_qty: d(10),
                unit_price: d(11_000),
            },
        ],
        lead_time_days: 3,
        stock: None,
    };
    let lookup = |id: &str| (id == "s1/44").then(|| item.clone());
    let ok = draft("r1", 0, 12_000, "44", "CC-1");
    assert_eq!(
        verify_catalog_lines(&ok, &lookup).unwrap().lines[0].unspsc,
        "44121704"
    );
    let cheap = draft("r1", 0, 9_000, "44", "CC-1");
    assert_eq!(
        verify_catalog_lines(&cheap, &lookup).unwrap_err().code,
        "price_mismatch"
    );
    let mut tiered = draft("r1", 0, 11_000, "44", "CC-1");
    tiered.lines[0].quantity = d(10);
    assert!(
        verify_catalog_lines(&tiered, &lookup).is_ok(),
        "the tier price at 10"
    );
    // An item only the buyer's device holds cannot be verified: it becomes a non-catalog line.
    let imported = draft("r1", 0, 500, "43", "CC-1");
    let checked = verify_catalog_lines(&imported, &lookup).unwrap();
    assert!(checked.lines[0].item_id.is_none());
    assert!(checked.lines[0]
        .note
        .contains("not in the organisation's catalog"));
}

#[test]
fn segregation_of_duties() {
    let mut hub = Hub::new(test_policy());
    // b2 buys IT equipment; the IT step's members are a2 and b2: b2 is left out of it, and a2
    // (also b2's manager) approves once, for both steps.
    submit(&mut hub, "b2", draft("r1", 0, 5_000, "43", "CC-1"), T0).unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!(r.route[1].approvers, ["a2"]);
    hub.decide("a2", "r1", Verdict::Approve, None, T0).unwrap();
    assert_eq!(hub.req("r1").unwrap().status, Status::Approved);

    // Nobody approves twice in one route, not even for someone else: a1 approved level 1 and
    // holds d's delegation, but may not approve level 2 for d.
    submit(&mut hub, "b1", draft("r2", 0, 12_000, "44", "CC-2"), T0).unwrap();
    hub.decide("a1", "r2", Verdict::Approve, None, T0).unwrap();
    let to_a1 = Delegation {
        id: "g0".into(),
        from: "d".into(),
        to: "a1".into(),
        starts: "2026-11-01".into(),
        ends: "2026-12-31".into(),
        note: String::new(),
        created_by: String::new(),
    };
    hub.push("d", Op::SaveDelegation { delegation: to_a1 }, T0)
        .unwrap();
    assert_eq!(
        code(hub.decide("a1", "r2", Verdict::Approve, Some("d"), T0)),
        "already_approved"
    );

    // Nor may b2 approve their own requisition, even if made an approver of it by a delegation.
    submit(&mut hub, "b2", draft("r3", 0, 5_000, "44", "CC-1"), T0).unwrap();
    let delegation = Delegation {
        id: "g1".into(),
        from: "a2".into(),
        to: "b2".into(),
        starts: "2026-11-01".into(),
        ends: "2026-12-31".into(),
        note: String::new(),
        created_by: String::new(),
    };
    hub.push("a2", Op::SaveDelegation { delegation }, T0)
        .unwrap();
    assert_eq!(
        code(hub.decide("b2", "r3", Verdict::Approve, Some("a2"), T0)),
        "self_approval"
    );
}

#[test]
fn delegation_is_dated_and_recorded_as_x_for_y() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    assert_eq!(
        code(hub.decide("a2", "r1", Verdict::Approve, Some("d"), T0)),
        "no_delegation"
    );
    let delegation = Delegation {
        id: "g1".into(),
        from: "d".into(),
        to: "a2".into(),
        starts: "2026-11-26".into(),
        ends: "2026-11-30".into(),
        note: "holiday".into(),
        created_by: String::new(),
    };
    assert_eq!(
        code(hub.push(
            "a2",
            Op::SaveDelegation {
                delegation: delegation.clone()
            },
            T0
        )),
        "forbidden_role",
        "only the person away (or an admin) delegates"
    );
    hub.push("d", Op::SaveDelegation { delegation }, T0)
        .unwrap();
    assert_eq!(
        code(hub.decide("a2", "r1", Verdict::Approve, Some("d"), T0)),
        "no_delegation",
        "not yet in force"
    );
    hub.decide("a2", "r1", Verdict::Approve, Some("d"), T0 + DAY)
        .unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!(r.status, Status::Approved);
    let last = r.audit.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.on_behalf_of.as_deref()),
        ("a2", Some("d"))
    );
}

#[test]
fn escalation_after_the_configured_wait() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 5_000, "44", "CC-1"), T0).unwrap();
    assert_eq!(
        code(hub.decide("d", "r1", Verdict::Approve, None, T0 + 47 * HOUR)),
        "not_an_approver"
    );
    hub.decide("d", "r1", Verdict::Approve, None, T0 + 48 * HOUR)
        .unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!(r.status, Status::Approved);
    assert!(r.route[0].approvals[0].escalated);
    assert!(r.audit.last().unwrap().detail.contains("escalated"));
}

#[test]
fn reject_and_return_need_a_comment_and_a_resubmission_keeps_approvals_below_thresholds() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    let r = hub.req("r1").unwrap().clone();
    let mut silent = Decision {
        requisition_id: "r1".into(),
        revision: r.revision,
        step: "chain-2".into(),
        verdict: Verdict::Return,
        on_behalf_of: None,
        comment: " ".into(),
    };
    assert_eq!(
        code(hub.push(
            "d",
            Op::DecideRequisition {
                decision: silent.clone()
            },
            T0
        )),
        "comment_required"
    );
    silent.comment = "split the delivery".into();
    hub.push("d", Op::DecideRequisition { decision: silent }, T0)
        .unwrap();
    assert_eq!(hub.req("r1").unwrap().status, Status::Returned);
    // Resubmitted at 11,000: no threshold crossed, so a1's level-1 approval is kept and
    // level 2 (which d returned) waits again.
    submit(
        &mut hub,
        "b1",
        draft("r1", 1, 11_000, "44", "CC-1"),
        T0 + HOUR,
    )
    .unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!((r.revision, r.status), (2, Status::Pending));
    assert_eq!(r.route[0].approvals.len(), 1, "kept");
    assert_eq!(r.current_step().unwrap().key, "chain-2");
    // Returned again, then raised past the 30,000 board threshold: approvals reset.
    hub.decide("d", "r1", Verdict::Return, None, T0 + HOUR)
        .unwrap();
    let mut p = test_policy();
    p.people
        .iter_mut()
        .find(|p| p.id == "a1")
        .unwrap()
        .approval_limit = Some(d(100_000));
    hub.push("adm", Op::SavePolicy { policy: p }, T0).unwrap();
    submit(
        &mut hub,
        "b1",
        draft("r1", 2, 31_000, "44", "CC-1"),
        T0 + 2 * HOUR,
    )
    .unwrap();
    let r = hub.req("r1").unwrap();
    assert!(r.route.iter().all(|s| s.approvals.is_empty()));
    assert!(r.audit.last().unwrap().detail.contains("approvals reset"));
    audit::verify(r).unwrap();
    // A stale resubmission (of revision 1) is refused.
    assert_eq!(
        code(submit(
            &mut hub,
            "b1",
            draft("r1", 1, 1_000, "44", "CC-1"),
            T0
        )),
        "stale"
    );
}

#[test]
fn roles_limits_and_forgeries_are_refused() {
    let mut hub = Hub::new(test_policy());
    assert_eq!(
        code(submit(
            &mut hub,
            "a1",
            draft("r0", 0, 100, "44", "CC-1"),
            T0
        )),
        "forbidden_role"
    );
    submit(&mut hub, "b1", draft("r1", 0, 5_000, "44", "CC-1"), T0).unwrap();
    assert_eq!(
        code(hub.decide("b1", "r1", Verdict::Approve, None, T0)),
        "forbidden_role"
    );
    assert_eq!(
        code(hub.decide("a2", "r1", Verdict::Approve, None, T0)),
        "not_an_approver"
    );
    assert_eq!(
        code(hub.push(
            "b1",
            Op::SavePolicy {
                policy: test_policy()
            },
            T0
        )),
        "forbidden_role"
    );
    // The admin lowers a1's limit after submission: a1 may no longer approve 5,000.
    let mut p = test_policy();
    p.people
        .iter_mut()
        .find(|p| p.id == "a1")
        .unwrap()
        .approval_limit = Some(d(1_000));
    hub.push("adm", Op::SavePolicy { policy: p }, T0).unwrap();
    assert_eq!(
        code(hub.decide("a1", "r1", Verdict::Approve, None, T0)),
        "over_limit"
    );
    // Someone else's requisition cannot be withdrawn or resubmitted.
    assert_eq!(
        code(hub.push(
            "b2",
            Op::WithdrawRequisition {
                id: "r1".into(),
                revision: 1
            },
            T0
        )),
        "not_requester"
    );
    hub.push(
        "b1",
        Op::WithdrawRequisition {
            id: "r1".into(),
            revision: 1,
        },
        T0,
    )
    .unwrap();
    assert_eq!(
        code(hub.decide("a1", "r1", Verdict::Approve, None, T0)),
        "stale"
    );
}

#[test]
fn the_audit_trail_detects_edits_and_deletions() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    hub.decide("d", "r1", Verdict::Reject, None, T0).unwrap();
    let r = hub.req("r1").unwrap().clone();
    audit::verify(&r).unwrap();

    let mut edited = r.clone();
    edited.audit[1].actor = "d".into();
    assert_eq!(audit::verify(&edited), Err(audit::AuditBreak::Chain(2)));

    let mut removed = r.clone();
    removed.audit.remove(1);
    assert!(audit::verify(&removed).is_err());

    let mut tail_cut = r.clone();
    tail_cut.audit.pop();
    tail_cut.status = Status::Rejected;
    assert!(matches!(
        audit::verify(&tail_cut),
        Err(audit::AuditBreak::Status { .. })
    ));

    let mut richer = r.clone();
    richer.lines[0].unit_price = d(1);
    assert!(matches!(
        audit::verify(&richer),
        Err(audit::AuditBreak::Content(_))
    ));
    assert_eq!(r.audit[2].action, AuditAction::Rejected);
}

// ---------------------------------------------------------------------------------------------
// Properties

#[derive(Debug, Clone)]
enum Action {
    Submit {
        who: usize,
        req: usize,
        net: i64,
        it: bool,
        cc: usize,
    },
    Resubmit {
        who: usize,
        req: usize,
        net: i64,
    },
    Decide {
        who: usize,
        req: usize,
        verdict: Verdict,
        on_behalf_of: Option<usize>,
        /// Decide on a stale revision or a wrong step (a replayed or forged decision).
        stale: bool,
        wrong_step: bool,
    },
    /// One of the current step's own approvers approves (so runs get far).
    ApproveAsRouted {
        req: usize,
        pick: usize,
    },
    Withdraw {
        who: usize,
        req: usize,
    },
    Delegate {
        from: usize,
        to: usize,
        days: i64,
    },
    Wait {
        hours: i64,
    },
}

fn action() -> impl Strategy<Value = Action> {
    let who = 0..PEOPLE.len();
    let req = 0..4usize;
    let net = prop_oneof![1..10_000i64, 10_000..30_000i64, 30_000..60_000i64];
    prop_oneof![
        3 => (who.clone(), req.clone(), net.clone(), any::<bool>(), 0..2usize)
            .prop_map(|(who, req, net, it, cc)| Action::Submit { who, req, net, it, cc }),
        1 => (who.clone(), req.clone(), net)
            .prop_map(|(who, req, net)| Action::Resubmit { who, req, net }),
        8 => (
            who.clone(),
            req.clone(),
            prop_oneof![6 => Just(Verdict::Approve), 1 => Just(Verdict::Reject), 1 => Just(Verdict::Return)],
            prop::option::weighted(0.3, 0..PEOPLE.len()),
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(who, req, verdict, on_behalf_of, stale, wrong_step)| Action::Decide {
                who, req, verdict, on_behalf_of, stale, wrong_step
            }),
        6 => (req.clone(), 0..3usize).prop_map(|(req, pick)| Action::ApproveAsRouted { req, pick }),
        1 => (who.clone(), req).prop_map(|(who, req)| Action::Withdraw { who, req }),
        1 => (who.clone(), who, 0..5i64).prop_map(|(from, to, days)| Action::Delegate { from, to, days }),
        1 => (1..60i64).prop_map(|hours| Action::Wait { hours }),
    ]
}

/// Applies `actions`, checking the invariants after each; returns how often each refusal
/// code came back.
fn run(hub: &mut Hub, actions: &[Action]) -> BTreeMap<&'static str, usize> {
    let mut refusals = BTreeMap::new();
    let mut tally = |r: Result<(), Refusal>| {
        if let Err(e) = r {
            *refusals.entry(e.code).or_insert(0) += 1;
        }
    };
    let mut now = T0;
    for (i, a) in actions.iter().enumerate() {
        let id = |req: &usize| format!("r{req}");
        match a {
            Action::Submit {
                who,
                req,
                net,
                it,
                cc,
            } => {
                let seg = if *it { "43" } else { "44" };
                tally(submit(
                    hub,
                    PEOPLE[*who],
                    draft(&id(req), 0, *net, seg, ["CC-1", "CC-2"][*cc]),
                    now,
                ));
            }
            Action::Resubmit { who, req, net } => {
                if let Some(r) = hub.req(&id(req)) {
                    let mut dr = r.draft();
                    dr.lines[0].unit_price = d(*net);
                    tally(submit(hub, PEOPLE[*who], dr, now));
                }
            }
            Action::Decide {
                who,
                req,
                verdict,
                on_behalf_of,
                stale,
                wrong_step,
            } => {
                let Some(r) = hub.req(&id(req)) else { continue };
                let step = match r.current_step() {
                    Some(s) if !wrong_step => s.key.clone(),
                    _ => r.route.first().map(|s| s.key.clone()).unwrap_or_default(),
                };
                let decision = Decision {
                    requisition_id: id(req),
                    revision: if *stale {
                        r.revision.saturating_sub(1)
                    } else {
                        r.revision
                    },
                    step,
                    verdict: *verdict,
                    on_behalf_of: on_behalf_of.map(|p| PEOPLE[p].to_owned()),
                    comment: if i % 5 == 0 {
                        String::new()
                    } else {
                        "ok".into()
                    },
                };
                tally(hub.push(PEOPLE[*who], Op::DecideRequisition { decision }, now));
            }
            Action::ApproveAsRouted { req, pick } => {
                let Some(step) = hub.req(&id(req)).and_then(|r| r.current_step()) else {
                    continue;
                };
                let who = step.approvers[pick % step.approvers.len()].clone();
                tally(hub.decide(&who, &id(req), Verdict::Approve, None, now));
            }
            Action::Withdraw { who, req } => {
                if let Some(r) = hub.req(&id(req)) {
                    let op = Op::WithdrawRequisition {
                        id: id(req),
                        revision: r.revision,
                    };
                    tally(hub.push(PEOPLE[*who], op, now));
                }
            }
            Action::Delegate { from, to, days } => {
                let today = Date::from_ms(now);
                let delegation = Delegation {
                    id: format!("g{i}"),
                    from: PEOPLE[*from].into(),
                    to: PEOPLE[*to].into(),
                    starts: today.to_string(),
                    ends: Date::from_ms(now + days * DAY).to_string(),
                    note: String::new(),
                    created_by: String::new(),
                };
                tally(hub.push(PEOPLE[*from], Op::SaveDelegation { delegation }, now));
            }
            Action::Wait { hours } => now += hours * HOUR,
        }
        check_invariants(hub);
    }
    refusals
}

/// What must hold after every action, checked against the policy independently of how the
/// route was computed.
fn check_invariants(hub: &Hub) {
    let policy = test_policy();
    let mut committed: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for r in hub.requisitions() {
        audit::verify(r).unwrap_or_else(|e| panic!("{}: {e}", r.id));
        // Segregation of duties, on every requisition whatever its status.
        let mut seen: Vec<&str> = Vec::new();
        for a in r.route.iter().flat_map(|s| &s.approvals) {
            assert_ne!(a.by, r.requester, "{}: self-approval", r.id);
            assert_ne!(a.principal, r.requester, "{}: self-approval", r.id);
            if let Some(from) = &a.carried_from {
                // The same approval counted again: it must exist on the step it came from.
                let origin = r
                    .route
                    .iter()
                    .find(|s| &s.key == from)
                    .expect("origin step");
                assert!(
                    origin
                        .approvals
                        .iter()
                        .any(|o| o.principal == a.principal && o.carried_from.is_none()),
                    "{}: carried approval without its origin",
                    r.id
                );
                continue;
            }
            assert_ne!(a.principal, r.requester, "{}: self-approval", r.id);
            for p in [a.by.as_str(), a.principal.as_str()] {
                assert!(!seen.contains(&p), "{}: {p} approved twice", r.id);
            }
            seen.push(&a.by);
            if a.principal != a.by {
                seen.push(&a.principal);
            }
        }
        if r.status != Status::Approved {
            continue;
        }
        // Every required step is satisfied, by people entitled to it.
        for s in &r.route {
            assert!(s.is_complete(), "{}: step {} incomplete", r.id, s.key);
            for a in &s.approvals {
                let entitled = s.approvers.contains(&a.principal)
                    || (a.escalated
                        && route::escalation_approvers(s, &policy).contains(&a.principal));
                assert!(
                    entitled,
                    "{}: {} not entitled to {}",
                    r.id, a.principal, s.key
                );
                assert!(
                    policy
                        .person(&a.principal)
                        .and_then(|p| p.approval_limit)
                        .is_some_and(|l| l >= r.totals.net),
                    "{}: {} over their limit",
                    r.id,
                    a.principal
                );
            }
        }
        // The route has what the policy demands (an oracle independent of route::compute).
        let net = r.totals.net;
        let keys: Vec<&str> = r.route.iter().map(|s| s.key.as_str()).collect();
        assert!(keys.contains(&"chain-1"), "{}: no manager step", r.id);
        if net >= d(10_000) {
            // Two levels, unless the first is already the top of the chain.
            let first = &r
                .route
                .iter()
                .find(|s| s.key == "chain-1")
                .unwrap()
                .approvers[0];
            let top = policy.person(first).unwrap().manager.is_none();
            assert!(
                keys.contains(&"chain-2") || top,
                "{}: no second level",
                r.id
            );
        }
        if r.lines.iter().any(|l| l.unspsc.starts_with("43")) {
            assert!(keys.contains(&"it"), "{}: no IT review", r.id);
        }
        if net >= d(30_000) {
            let board = r
                .route
                .iter()
                .find(|s| s.key == "board")
                .expect("board step");
            let escalated = board.approvals.iter().any(|a| a.escalated);
            for m in ["a2", "b2"].into_iter().filter(|m| *m != r.requester) {
                assert!(
                    escalated || board.approvals.iter().any(|a| a.principal == m),
                    "{}: board without {m}",
                    r.id
                );
            }
        }
        *committed
            .entry((r.cost_centre.clone(), r.period()))
            .or_default() += net;
    }
    for b in policy.budgets.iter().filter(|b| b.mode == BudgetMode::Stop) {
        let used = committed
            .get(&(b.cost_centre.clone(), b.period.clone()))
            .copied()
            .unwrap_or_default();
        assert!(
            used <= b.amount,
            "stop budget {} exceeded: {used}",
            b.cost_centre
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Over random sequences of actions by random users — forged roles, stale and replayed
    /// decisions, delegations, waits past the escalation time — no requisition is approved
    /// without every required step, segregation of duties always holds, and under *stop* the
    /// committed total never exceeds a budget.
    #[test]
    fn approval_invariants_hold(actions in prop::collection::vec(action(), 1..80)) {
        let mut hub = Hub::new(test_policy());
        run(&mut hub, &actions);
    }
}

/// The property test is not vacuous: across many runs, requisitions do get approved, over
/// budget refusals do happen, and escalations and delegations are used.
#[test]
fn random_runs_reach_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut approved, mut escalated, mut delegated) = (0, 0, 0);
    let mut refusals: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..300 {
        let actions = prop::collection::vec(action(), 40..80)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut hub = Hub::new(test_policy());
        for (code, n) in run(&mut hub, &actions) {
            *refusals.entry(code).or_default() += n;
        }
        for r in hub.requisitions() {
            if r.status == Status::Approved {
                approved += 1;
            }
            for a in r.route.iter().flat_map(|s| &s.approvals) {
                escalated += usize::from(a.escalated);
                delegated += usize::from(a.by != a.principal);
            }
        }
    }
    assert!(approved > 20, "approved {approved}");
    assert!(escalated > 0, "escalated {escalated}");
    assert!(delegated > 0, "delegated {delegated}");
    for code in [
        "budget_exceeded",
        "self_approval",
        "already_approved",
        "stale",
        "no_delegation",
        "forbidden_role",
        "not_an_approver",
        "comment_required",
    ] {
        assert!(
            refusals.contains_key(code),
            "never refused {code}: {refusals:?}"
        );
    }
}
