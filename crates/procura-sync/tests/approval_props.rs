//! Property tests of requisition approval: random sequences of actions by random users
//! (forged roles, stale and replayed decisions, delegations, waits past the escalation time),
//! applied by the hub's own rules, checked after every action against the policy.

mod approval_support;

use approval_support::*;
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
                    let before = r.clone();
                    let mut dr = r.draft();
                    // Some resubmissions only reword the justification.
                    if net % 3 == 0 {
                        dr.justification = format!("reworded {net}");
                    } else {
                        dr.lines[0].unit_price = d(*net);
                    }
                    tally(submit(hub, PEOPLE[*who], dr, now));
                    if let Some(after) = hub.req(&id(req)).filter(|a| a.revision > before.revision)
                    {
                        check_kept_approvals(&before, after);
                    }
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
                    requisition_id: id(req).into(),
                    revision: if *stale {
                        r.revision.saturating_sub(1)
                    } else {
                        r.revision
                    },
                    step,
                    verdict: *verdict,
                    on_behalf_of: on_behalf_of.map(|p| PEOPLE[p].into()),
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
                tally(hub.decide(who.as_str(), &id(req), Verdict::Approve, None, now));
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
                let today = day_of_ms(now);
                let delegation = Delegation {
                    id: format!("g{i}"),
                    from: PEOPLE[*from].into(),
                    to: PEOPLE[*to].into(),
                    starts: Entered::Valid(today),
                    ends: Entered::Valid(day_of_ms(now + days * DAY)),
                    note: String::new(),
                    created_by: Default::default(),
                };
                tally(hub.push(PEOPLE[*from], Op::SaveDelegation { delegation }, now));
            }
            Action::Wait { hours } => now += hours * HOUR,
        }
        check_invariants(hub);
    }
    refusals
}

/// An approval from an earlier revision stands only on what its approver saw: the same
/// lines (item, supplier, quantity, unit price, currency, unit), cost centre, account and
/// delivery address, and a total that did not grow.
fn check_kept_approvals(before: &Requisition, after: &Requisition) {
    let kept = after
        .route
        .iter()
        .flat_map(|s| &s.approvals)
        .any(|a| a.revision < after.revision);
    if !kept {
        return;
    }
    let terms = |r: &Requisition| -> Vec<_> {
        r.lines
            .iter()
            .map(|l| {
                (
                    l.item_id.clone(),
                    l.description.clone(),
                    l.supplier_id.clone(),
                    l.quantity,
                    l.unit_price,
                    l.currency.clone(),
                    l.unit.clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        terms(before),
        terms(after),
        "{}: lines changed under a kept approval",
        after.id
    );
    assert_eq!(
        (
            &before.cost_centre,
            &before.account,
            &before.delivery_address
        ),
        (&after.cost_centre, &after.account, &after.delivery_address),
        "{}: coding or address changed under a kept approval",
        after.id
    );
    assert!(
        after.totals.net <= before.totals.net && after.totals.gross <= before.totals.gross,
        "{}: the total grew under a kept approval",
        after.id
    );
}

/// What must hold after every action, checked against the policy independently of how the
/// route was computed.
fn check_invariants(hub: &Hub) {
    let policy = test_policy();
    let mut committed: BTreeMap<(String, Quarter), Decimal> = BTreeMap::new();
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
            seen.push(a.by.as_str());
            if a.principal != a.by {
                seen.push(a.principal.as_str());
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
                        .person(a.principal.as_str())
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
            let top = policy.person(first.as_str()).unwrap().manager.is_none();
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
            .entry((r.cost_centre.to_string(), r.period()))
            .or_default() += net;
    }
    for b in policy.budgets.iter().filter(|b| b.mode == BudgetMode::Stop) {
        let used = committed
            .get(&(
                b.cost_centre.to_string(),
                b.period.get().expect("a quarter"),
            ))
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
