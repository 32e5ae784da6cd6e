//! Requisition approval, one rule at a time, applied by the hub's own rules
//! (`sync::hub::decide_on`, the same decisions the endpoint makes). The property tests are in
//! `approval_props.rs`.

mod approval_support;

use approval_support::*;
use procura_procurement::approval::{changes, Requisition, RevisionContent, Totals};

/// `d` for a closure whose draft is named `d`.
fn d_(n: i64) -> rust_decimal::Decimal {
    d(n)
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
            ("chain-1", vec![UserId::from("a1")]),
            ("chain-2", vec![UserId::from("d")])
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
            ("chain-1", vec![UserId::from("d")]),
            ("board", vec![UserId::from("a2"), UserId::from("b2")])
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
    use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
    use procura_procurement::approval::act::verify_catalog_lines;
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
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
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
    // An item whose price is on request has no price to hold the line to: the hub does not
    // refuse it as a price mismatch, it takes the buyer's estimate as a non-catalog line.
    let mut on_request = item.clone();
    on_request.price_tiers.clear();
    let lookup = |id: &str| (id == "s1/44").then(|| on_request.clone());
    let quote = draft("r1", 0, 7_500, "44", "CC-1");
    let checked = verify_catalog_lines(&quote, &lookup).unwrap();
    assert!(checked.lines[0].item_id.is_none());
    assert_eq!(checked.lines[0].unit_price, d(7_500));
    assert_eq!(checked.lines[0].supplier_id, quote.lines[0].supplier_id);
    assert!(checked.lines[0].note.contains("price on request"));
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
        created_by: UserId::default(),
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
        created_by: UserId::default(),
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
        created_by: UserId::default(),
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
        (
            last.actor.as_str(),
            last.on_behalf_of.as_ref().map(|p| p.as_str())
        ),
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
fn reject_and_return_need_a_comment_and_an_unchanged_resubmission_keeps_approvals() {
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
    // Resubmitted with only the justification reworded: what a1 approved is unchanged, so
    // a1's level-1 approval is kept and level 2 (which d returned) waits again.
    let mut reworded = hub.req("r1").unwrap().draft();
    reworded.justification = "split into two deliveries".into();
    submit(&mut hub, "b1", reworded, T0 + HOUR).unwrap();
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

#[test]
fn a_resubmission_the_kept_approvals_cover_is_approved_at_once() {
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    hub.decide("d", "r1", Verdict::Return, None, T0).unwrap();
    // The admin raised the second level's threshold meanwhile: a1's approval of the unchanged
    // requisition covers the route.
    let mut p = test_policy();
    let second = p.rules.iter_mut().find(|r| r.id == "second").unwrap();
    second.when.min_total = Some(d(20_000));
    hub.push("adm", Op::SavePolicy { policy: p }, T0).unwrap();
    let unchanged = hub.req("r1").unwrap().draft();
    submit(&mut hub, "b1", unchanged, T0 + HOUR).unwrap();
    let r = hub.req("r1").unwrap();
    assert_eq!(r.status, Status::Approved);
    assert_eq!(r.audit.last().unwrap().action, AuditAction::Resubmitted);
    audit::verify(r).unwrap();
}

/// r1 at 12,000 approved by a1 at level 1, then returned by d at level 2; resubmitted as
/// `edit` makes of it. The requisition as resubmitted.
fn resubmitted(edit: impl FnOnce(&mut RequisitionDraft)) -> Requisition {
    let mut policy = test_policy();
    policy.accounts.push(Account {
        code: "6002".into(),
        name: "Gifts".into(),
    });
    let mut hub = Hub::new(policy);
    submit(&mut hub, "b1", draft("r1", 0, 12_000, "44", "CC-1"), T0).unwrap();
    hub.decide("a1", "r1", Verdict::Approve, None, T0).unwrap();
    hub.decide("d", "r1", Verdict::Return, None, T0).unwrap();
    let mut dr = hub.req("r1").unwrap().draft();
    edit(&mut dr);
    submit(&mut hub, "b1", dr, T0 + HOUR).unwrap();
    let r = hub.req("r1").unwrap().clone();
    audit::verify(&r).unwrap();
    r
}

fn approvals(r: &Requisition) -> usize {
    r.route.iter().map(|s| s.approvals.len()).sum()
}

#[test]
fn a_resubmission_keeps_approvals_only_when_what_the_approvers_saw_is_unchanged() {
    type Edit = fn(&mut RequisitionDraft);
    let reset: [(&str, Edit, &str); 10] = [
        (
            "item",
            |d| d.lines[0].item_id = Some("s1/45".into()),
            "lines added (1), removed (1)",
        ),
        (
            "supplier",
            |d| d.lines[0].supplier_id = "s2".into(),
            "lines changed (1)",
        ),
        (
            "quantity",
            |d| d.lines[0].quantity = d_(2),
            "lines changed (1)",
        ),
        (
            "unit price",
            |d| d.lines[0].unit_price = d_(11_000),
            "lines changed (1)",
        ),
        (
            "unit",
            |d| d.lines[0].unit = "C62".into(),
            "lines changed (1)",
        ),
        (
            "added line",
            |d| d.lines.push(line(100, "44")),
            "lines added (1)",
        ),
        (
            "removed line",
            |d| {
                d.lines.push(line(100, "43"));
                d.lines.remove(0);
            },
            "lines added (1), removed (1)",
        ),
        (
            "cost centre",
            |d| d.cost_centre = "CC-2".into(),
            "cost centre CC-1 → CC-2",
        ),
        (
            "account",
            |d| d.account = "6002".into(),
            "account 6001 → 6002",
        ),
        (
            "delivery address",
            |d| d.delivery_address = "Gate 9".into(),
            "delivery address",
        ),
    ];
    for (what, edit, reason) in reset {
        let r = resubmitted(edit);
        assert_eq!(approvals(&r), 0, "{what}: approvals dropped");
        assert_eq!(
            r.current_step().map(|s| s.key.as_str()),
            Some("chain-1"),
            "{what}"
        );
        let detail = &r.audit.last().unwrap().detail;
        assert!(detail.contains("approvals reset"), "{what}: {detail}");
        assert!(detail.contains(reason), "{what}: {detail}");
        let previous = r.previous.as_ref().expect("the revision before is kept");
        assert!(
            !changes(previous, &RevisionContent::from(&r)).is_empty(),
            "{what}"
        );
    }

    // The total grew with the lines as they were (a higher tax rate): reset.
    let r = resubmitted(|d| d.lines[0].tax_percent = Some(d_(25)));
    assert_eq!(approvals(&r), 0);
    assert!(r.audit.last().unwrap().detail.contains("total"));

    // Title, justification, need-by date, a line's note: kept.
    let r = resubmitted(|d| {
        d.title = "Monitors for the new office".into();
        d.justification = "as discussed".into();
        d.need_by = Some(day("2026-12-20"));
        d.lines[0].note = "any colour".into();
    });
    assert_eq!(approvals(&r), 1, "kept");
    assert_eq!(r.current_step().unwrap().key, "chain-2");
    assert!(r
        .audit
        .last()
        .unwrap()
        .detail
        .contains("1 approval(s) kept"));
    // The total fell (a lower tax rate): kept.
    let r = resubmitted(|d| d.lines[0].tax_percent = Some(d_(0)));
    assert_eq!(approvals(&r), 1, "kept");
}

#[test]
fn changes_between_revisions_name_lines_coding_address_and_total() {
    let content =
        |lines: Vec<RequisitionLine>, cc: &str, address: &str, net: i64| RevisionContent {
            revision: 1,
            lines,
            cost_centre: cc.into(),
            account: "6001".into(),
            delivery_address: address.into(),
            totals: Totals {
                net: d_(net),
                tax: d_(0),
                gross: d_(net),
            },
        };
    let mut widgets = line(100, "44");
    widgets.description = "widgets".into();
    let mut gift_cards = line(9_999, "14");
    gift_cards.item_id = Some("s9/gift".into());
    gift_cards.supplier_id = "s9".into();
    let before = content(vec![widgets.clone()], "CC-100", "Dock 3", 100);
    let after = content(vec![gift_cards.clone()], "CC-300", "Elsewhere 1", 9_999);
    let c = changes(&before, &after);
    assert_eq!(c.lines_added, [gift_cards]);
    assert_eq!(c.lines_removed, [widgets.clone()]);
    assert!(c.lines_changed.is_empty());
    assert_eq!(c.cost_centre.as_ref().unwrap().after, "CC-300");
    assert_eq!(c.delivery_address.as_ref().unwrap().before, "Dock 3");
    assert_eq!(c.net_total.as_ref().unwrap().after, d_(9_999));
    assert!(c.account.is_none());
    assert!(c.total_grew() && !c.keeps_approvals());

    let mut more = widgets.clone();
    more.quantity = d_(3);
    let c = changes(
        &before,
        &content(vec![more.clone()], "CC-100", " Dock 3 ", 300),
    );
    assert_eq!(c.lines_changed.len(), 1);
    assert_eq!(c.lines_changed[0].after, more);
    assert!(c.delivery_address.is_none(), "spaces around do not count");
    assert!(changes(&before, &before).is_empty());
    assert!(changes(&before, &before).keeps_approvals());
}

#[test]
fn a_line_in_a_currency_without_an_organisation_rate_is_refused_as_such() {
    let mut hub = Hub::new(test_policy());
    let mut eur = draft("r-eur", 0, 100, "44", "CC-1");
    eur.lines[0].currency = "EUR".into();
    assert_eq!(code(submit(&mut hub, "b1", eur.clone(), T0)), "no_rate");
    // The same table the catalog and the comparison use says the same.
    let mut policy = test_policy();
    let rates = policy.exchange_rates().unwrap();
    assert_eq!(rates.missing(["EUR", "CNY"]), [("EUR".to_owned(), 1)]);
    policy
        .rates
        .push(procura_procurement::approval::policy::Rate {
            currency: "EUR".into(),
            rate: d(8),
        });
    assert_eq!(policy.exchange_rates().unwrap().rate("EUR"), Some(d(8)));
    let mut hub = Hub::new(policy);
    submit(&mut hub, "b1", eur, T0).unwrap();
}

#[test]
fn inboxes_hold_what_each_approver_may_decide_now_longest_waiting_first() {
    use procura_procurement::approval::{acted_by, awaiting, requested_by, Org};
    let mut hub = Hub::new(test_policy());
    submit(&mut hub, "b1", draft("r1", 0, 30_000, "44", "CC-1"), T0).unwrap();
    submit(
        &mut hub,
        "b1",
        draft("r2", 0, 12_000, "44", "CC-1"),
        T0 + 1_000,
    )
    .unwrap();
    submit(
        &mut hub,
        "b2",
        draft("r3", 0, 500, "44", "CC-2"),
        T0 + 2_000,
    )
    .unwrap();
    let policy = test_policy();
    let zero = |_: procura_procurement::approval::Committed<'_>| rust_decimal::Decimal::ZERO;
    let org = Org {
        policy: &policy,
        delegations: &[],
        committed: &zero,
    };
    let all = |hub: &Hub| hub.requisitions().cloned().collect::<Vec<_>>();
    let inbox = |who: &str, all: Vec<_>| -> Vec<RequisitionId> {
        awaiting(all, who, &org, T0 + 3_000)
            .into_iter()
            .map(|a| a.requisition.id)
            .collect()
    };
    // a1 is b1's manager: both of b1's, the older first; nobody decides their own.
    assert_eq!(inbox("a1", all(&hub)), ["r1", "r2"]);
    assert_eq!(inbox("b1", all(&hub)), Vec::<RequisitionId>::new());
    let mine: Vec<RequisitionId> = requested_by(all(&hub), "b1")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|id| id != "r3"));
    hub.decide("a1", "r1", Verdict::Approve, None, T0 + 4_000)
        .unwrap();
    let snapshot = all(&hub);
    let acted: Vec<&str> = acted_by(&snapshot, "a1")
        .into_iter()
        .map(|(r, _)| r.id.as_str())
        .collect();
    assert_eq!(acted, ["r1"]);
    assert!(
        !inbox("a1", all(&hub)).contains(&"r1".into()),
        "decided: out of a1's inbox"
    );
}
