//! Stocked items and goods issues: the records' rules, stock levels from a hand-built history
//! of counts, issues and receipts (figures worked out by hand in the comments), and the reorder
//! list.

mod support;

use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
use procura_ground::id::{ItemId, SupplierId, UserId};
use procura_ground::reason::Reason;
use procura_ground::role::Role;
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use procura_procurement::approval::stock::StockDefaults;
use procura_spend::replenish::MovementKind;
use procura_spend::stock::{
    self, issue, levels, movements, reorder, save, GoodsIssue, GoodsIssueDraft, IssueOutcome,
    Level, Missing, Stock, StockDraft,
};
use support::{day, dec, ms};

const DAY: i64 = 86_400_000;

fn admin() -> (UserId, String) {
    ("u-admin".into(), "Admin".into())
}

fn stock(item: &str, location: &str, counted: &str, at: &str) -> Stock {
    let (id, name) = admin();
    Stock {
        item_id: item.into(),
        location: location.into(),
        supplier_id: item.split('/').next().unwrap().into(),
        counted: dec(counted),
        counted_at_ms: ms(at),
        order_cost: None,
        holding_rate: None,
        service_level_pct: None,
        revision: 1,
        updated_by: id,
        updated_by_name: name,
        updated_at_ms: ms(at),
    }
}

fn gi(id: &str, item: &str, location: &str, qty: &str, at_ms: i64) -> GoodsIssue {
    GoodsIssue {
        id: id.into(),
        item_id: item.into(),
        location: location.into(),
        quantity: dec(qty),
        issued_at_ms: at_ms,
        note: String::new(),
        by: "u-buyer".into(),
        by_name: "Buyer".into(),
        recorded_at_ms: at_ms,
    }
}

/// An order of `(item, quantity)` lines shipped to `ship_to`, with `events`.
fn order(
    id: &str,
    supplier: &str,
    ship_to: &str,
    lines: &[(&str, &str)],
    events: Vec<OrderEvent>,
) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        number: id.to_uppercase(),
        buyer: "u-buyer".into(),
        buyer_name: "Buyer".into(),
        supplier_id: supplier.into(),
        supplier_name: supplier.to_uppercase(),
        currency: "CNY".into(),
        ship_to: ship_to.into(),
        requisitions: vec![],
        lines: lines
            .iter()
            .enumerate()
            .map(|(n, (item, q))| OrderLine {
                line_no: n as u32 + 1,
                requisition_id: "r-1".into(),
                requisition_line: n as u32,
                item_id: Some((*item).into()),
                supplier_part: String::new(),
                gtin: None,
                description: (*item).into(),
                quantity: dec(q),
                unit: "BX".into(),
                unit_price: dec("10"),
                tax_percent: dec("13"),
                need_by: day("2026-06-30"),
                unspsc: "44121600".into(),
                contract: None,
            })
            .collect(),
        terms: Terms::default(),
        created_at_ms: ms("2026-05-01"),
        events,
    }
}

fn received(at: i64, lines: &[(u32, &str)]) -> OrderEvent {
    OrderEvent::Received {
        at_ms: at,
        receipt_id: format!("rc-{at}"),
        by: "u-buyer".into(),
        lines: lines
            .iter()
            .map(|(n, q)| ReceivedLine {
                line_no: *n,
                accepted: dec(q),
                damaged: dec("0"),
                reason: String::new(),
            })
            .collect(),
    }
}

fn catalog_item(id: &str, min: &str, tiers: &[(&str, &str)], lead: u32) -> CatalogItem {
    let (supplier, sku) = id.split_once('/').unwrap();
    let _ = min;
    CatalogItem {
        id: id.into(),
        supplier_id: supplier.into(),
        sku: sku.into(),
        gtin: None,
        manufacturer: String::new(),
        mpn: String::new(),
        name: LocalizedText::new(id, id),
        description: LocalizedText::new("", ""),
        unspsc: "44121600".into(),
        eclass: None,
        order_unit: "BX".into(),
        content_unit: "H87".into(),
        content_per_order_unit: dec("1"),
        currency: "CNY".into(),
        price_tiers: tiers
            .iter()
            .map(|(q, p)| PriceTier {
                min_qty: dec(q),
                unit_price: dec(p),
            })
            .collect(),
        lead_time_days: lead,
        stock: None,
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

#[test]
fn level_is_the_count_plus_receipts_minus_issues_after_it() {
    // Counted 40 boxes on 1 June. Before it: an issue of 5 (already in the count). After it:
    // issues of 3 and 4, a receipt of 12 shipped to the store; on order 20 − 12 = 8 more.
    // On hand = 40 − 3 − 4 + 12 = 45; on order 8.
    let stocks = vec![stock("s1/paper", "Store A", "40", "2026-06-01")];
    let issues = vec![
        gi("g0", "s1/paper", "Store A", "5", ms("2026-05-20")),
        gi("g1", "s1/paper", "Store A", "3", ms("2026-06-02")),
        gi("g2", "s1/paper", "Store A", "4", ms("2026-06-09")),
        // Another location's issue does not count here.
        gi("g3", "s1/paper", "Store B", "9", ms("2026-06-09")),
    ];
    let orders = vec![order(
        "o1",
        "s1",
        "Store A",
        &[("s1/paper", "20")],
        vec![
            OrderEvent::Sent {
                at_ms: ms("2026-06-03"),
            },
            received(ms("2026-06-10"), &[(1, "12")]),
        ],
    )];
    let moved = movements(&stocks, &issues, &orders);
    assert_eq!(moved.len(), 4, "three issues at Store A and one receipt");
    assert!(moved.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    let l = levels(&stocks, &moved, &orders);
    assert_eq!(
        l,
        vec![Some(Level {
            on_hand: dec("45"),
            on_order: dec("8"),
        })]
    );
}

#[test]
fn a_receipt_counts_where_it_was_shipped_or_at_the_only_location() {
    // Paper is stocked at two stores: a receipt shipped to "Store B" lands there; one shipped
    // to "Head office" (not a stock location) lands nowhere. Toner is stocked at one store only:
    // a receipt shipped anywhere lands there.
    let stocks = vec![
        stock("s1/paper", "Store A", "10", "2026-06-01"),
        stock("s1/paper", "Store B", "10", "2026-06-01"),
        stock("s1/toner", "Store A", "2", "2026-06-01"),
    ];
    let orders = vec![
        order(
            "o1",
            "s1",
            "Store B",
            &[("s1/paper", "5")],
            vec![received(ms("2026-06-05"), &[(1, "5")])],
        ),
        order(
            "o2",
            "s1",
            "Head office",
            &[("s1/paper", "7"), ("s1/toner", "3")],
            vec![received(ms("2026-06-05"), &[(1, "7"), (2, "3")])],
        ),
    ];
    let moved = movements(&stocks, &[], &orders);
    let on_hand: Vec<_> = levels(&stocks, &moved, &orders)
        .into_iter()
        .map(|l| l.unwrap().on_hand)
        .collect();
    assert_eq!(on_hand, vec![dec("10"), dec("15"), dec("5")]);
}

#[test]
fn a_closed_order_has_nothing_on_order() {
    let stocks = vec![stock("s1/paper", "Store A", "10", "2026-06-01")];
    let orders = vec![order(
        "o1",
        "s1",
        "Store A",
        &[("s1/paper", "5")],
        vec![OrderEvent::Cancelled {
            at_ms: ms("2026-06-02"),
        }],
    )];
    let moved = movements(&stocks, &[], &orders);
    assert_eq!(
        levels(&stocks, &moved, &orders)[0].unwrap().on_order,
        dec("0")
    );
}

#[test]
fn weekly_levels_end_at_the_level_now_and_work_back_before_the_count() {
    // Counted 30 on 10 June. Issue 5 on 3 June (before the count, so the count reflects it),
    // issue 4 on 12 June. End of 31 May: before the issue of 3 June, 30 + 5 = 35. End of
    // 7 June: 30. End of 14 June: 30 − 4 = 26.
    let s = stock("s1/paper", "Store A", "30", "2026-06-10");
    let issues = vec![
        gi("g1", "s1/paper", "Store A", "5", ms("2026-06-03")),
        gi("g2", "s1/paper", "Store A", "4", ms("2026-06-12")),
    ];
    let moved = movements(std::slice::from_ref(&s), &issues, &[]);
    let weeks = stock::weekly_levels(&s, &moved, 0, day("2026-06-14"), 3);
    assert_eq!(weeks, vec![dec("35"), dec("30"), dec("26")]);
}

#[test]
fn only_admins_set_stock_and_edits_follow_revisions() {
    let draft = StockDraft {
        item_id: "s1/paper".into(),
        location: "Store A".into(),
        counted: dec("12"),
        counted_at_ms: ms("2026-06-01"),
        order_cost: None,
        holding_rate: Some(dec("0.2")),
        service_level_pct: Some(dec("97.5")),
        base_revision: 0,
    };
    let (id, name) = admin();
    let supplier: SupplierId = "s1".into();
    let now = ms("2026-06-01") + 1000;
    let by = (&id, name.as_str());
    let refused =
        |r: Result<Stock, procura_ground::reason::Refusal>| (*r.unwrap_err().reason).clone();
    assert_eq!(
        refused(save(None, &draft, Some(&supplier), by, &[Role::Buyer], now)),
        Reason::StockAdminsOnly {}
    );
    let first = save(None, &draft, Some(&supplier), by, &[Role::Admin], now).unwrap();
    assert_eq!((first.revision, first.supplier_id.as_str()), (1, "s1"));
    // A second admin's edit from revision 0 is stale; from 1 it applies.
    assert_eq!(
        refused(save(
            Some(&first),
            &draft,
            Some(&supplier),
            by,
            &[Role::Admin],
            now
        )),
        Reason::StockStale {
            revision: 1,
            base: 0
        }
    );
    let recount = StockDraft {
        counted: dec("8"),
        base_revision: 1,
        ..draft.clone()
    };
    assert_eq!(
        save(
            Some(&first),
            &recount,
            Some(&supplier),
            by,
            &[Role::Admin],
            now
        )
        .unwrap()
        .revision,
        2
    );
    for (bad, want) in [
        (
            StockDraft {
                counted: dec("-1"),
                ..draft.clone()
            },
            Reason::StockCountInvalid { value: "-1".into() },
        ),
        (
            StockDraft {
                counted: dec("1.5"),
                ..draft.clone()
            },
            Reason::StockCountInvalid {
                value: "1.5".into(),
            },
        ),
        (
            StockDraft {
                location: " ".into(),
                ..draft.clone()
            },
            Reason::StockLocationInvalid { max: 60 },
        ),
        (
            StockDraft {
                location: "x".repeat(61),
                ..draft.clone()
            },
            Reason::StockLocationInvalid { max: 60 },
        ),
        (
            StockDraft {
                counted_at_ms: now + DAY,
                ..draft.clone()
            },
            Reason::StockCountInFuture {},
        ),
        (
            StockDraft {
                holding_rate: Some(dec("0")),
                ..draft.clone()
            },
            Reason::StockHoldingRateInvalid { value: "0".into() },
        ),
        (
            StockDraft {
                service_level_pct: Some(dec("100")),
                ..draft.clone()
            },
            Reason::StockServiceLevelInvalid {
                value: "100".into(),
            },
        ),
    ] {
        assert_eq!(
            refused(save(None, &bad, Some(&supplier), by, &[Role::Admin], now)),
            want
        );
    }
    assert_eq!(
        refused(save(None, &draft, None, by, &[Role::Admin], now)),
        Reason::StockNoItem {
            item: "s1/paper".into()
        }
    );
}

#[test]
fn a_goods_issue_is_recorded_once_and_checked() {
    let s = stock("s1/paper", "Store A", "40", "2026-06-01");
    let now = ms("2026-06-05");
    let draft = GoodsIssueDraft {
        id: "gi-1".into(),
        item_id: "s1/paper".into(),
        location: "Store A".into(),
        quantity: dec("3"),
        issued_at_ms: now - 3_600_000,
        note: "  Room 4 ".into(),
    };
    let me: UserId = "u-buyer".into();
    let by = (&me, "Buyer");
    let IssueOutcome::Record(g) = issue(None, &draft, Some(&s), by, now).unwrap() else {
        panic!("recorded")
    };
    assert_eq!((g.note.as_str(), g.recorded_at_ms), ("Room 4", now));
    // The same issue again (a retry after a lost answer) changes nothing...
    let same = GoodsIssueDraft {
        note: "Room 4".into(),
        ..draft.clone()
    };
    assert_eq!(
        issue(Some(&g), &same, Some(&s), by, now).unwrap(),
        IssueOutcome::AlreadyRecorded
    );
    // ...a different one under its id is refused.
    let refused =
        |r: Result<IssueOutcome, procura_ground::reason::Refusal>| (*r.unwrap_err().reason).clone();
    let other = GoodsIssueDraft {
        quantity: dec("4"),
        ..same.clone()
    };
    assert_eq!(
        refused(issue(Some(&g), &other, Some(&s), by, now)),
        Reason::IssueExists {}
    );
    for (bad, want) in [
        (
            GoodsIssueDraft {
                quantity: dec("0"),
                ..draft.clone()
            },
            Reason::IssueQuantityInvalid { value: "0".into() },
        ),
        (
            GoodsIssueDraft {
                quantity: dec("0.5"),
                ..draft.clone()
            },
            Reason::IssueQuantityInvalid {
                value: "0.5".into(),
            },
        ),
        (
            GoodsIssueDraft {
                quantity: dec("2000000000"),
                ..draft.clone()
            },
            Reason::IssueQuantityInvalid {
                value: "2000000000".into(),
            },
        ),
        (
            GoodsIssueDraft {
                issued_at_ms: now + DAY,
                ..draft.clone()
            },
            Reason::IssueWhenInvalid {},
        ),
        (
            GoodsIssueDraft {
                issued_at_ms: now - 400 * DAY,
                ..draft.clone()
            },
            Reason::IssueWhenInvalid {},
        ),
        (
            GoodsIssueDraft {
                note: "x".repeat(201),
                ..draft.clone()
            },
            Reason::IssueNoteTooLong { max: 200 },
        ),
        (
            GoodsIssueDraft {
                id: String::new(),
                ..draft.clone()
            },
            Reason::IssueIdInvalid {},
        ),
        (
            GoodsIssueDraft {
                location: "Store B".into(),
                ..draft.clone()
            },
            Reason::IssueNotStocked {
                item: "s1/paper".into(),
                location: "Store B".into(),
            },
        ),
    ] {
        let stock_for = (bad.location == s.location).then_some(&s);
        assert_eq!(refused(issue(None, &bad, stock_for, by, now)), want);
    }
}

/// Twelve weeks of steady use: 10 boxes a week of paper (4 in, 6 out on alternate weeks:
/// mean 5, so the figures below are checkable), toner 1 a week.
fn history(today: &str) -> (Vec<Stock>, Vec<GoodsIssue>) {
    let t = ms(today);
    let mut issues = Vec::new();
    for w in 1..=12i64 {
        let q = if w % 2 == 0 { "4" } else { "6" };
        issues.push(gi(
            &format!("p{w}"),
            "s1/paper",
            "Store A",
            q,
            t - w * 7 * DAY + DAY,
        ));
        issues.push(gi(
            &format!("t{w}"),
            "s2/toner",
            "Store A",
            "1",
            t - w * 7 * DAY + DAY,
        ));
    }
    // Counted 12 weeks ago: paper 65 (− 60 issued = 5 now), toner 30 (− 12 = 18 now).
    let start = t - 12 * 7 * DAY;
    let mut paper = stock("s1/paper", "Store A", "65", "2026-01-01");
    paper.counted_at_ms = start;
    let mut toner = stock("s2/toner", "Store A", "30", "2026-01-01");
    toner.counted_at_ms = start;
    (vec![paper, toner], issues)
}

#[test]
fn the_reorder_list_suggests_what_is_at_or_below_its_reorder_point() {
    let (stocks, issues) = history("2026-06-14");
    let paper = catalog_item("s1/paper", "1", &[("1", "20"), ("50", "18")], 7);
    let toner = catalog_item("s2/toner", "1", &[("1", "300")], 7);
    let catalog = |id: &ItemId| match id.as_str() {
        "s1/paper" => Some(paper.clone()),
        "s2/toner" => Some(toner.clone()),
        _ => None,
    };
    let defaults = StockDefaults::default();
    let rows = reorder(
        &stocks,
        &movements(&stocks, &issues, &[]),
        &[],
        catalog,
        &defaults,
        day("2026-06-14"),
        12,
    );
    let paper_row = rows[0].as_ref().unwrap();
    let toner_row = rows[1].as_ref().unwrap();
    assert_eq!(paper_row.level.on_hand, dec("5"));
    assert_eq!(toner_row.level.on_hand, dec("18"));
    // Paper: d̄ = 5 a week, σ = 1.044 (sample sd of 6,4,6,…), L = 1 week; ROP ≈ 5 + 1.645·1.044
    // ≈ 6.72 > 5 on hand: due. EOQ = √(2·260·50/(0.25·20)) = √5200 ≈ 72.1 → 73 boxes, which
    // reaches the 50-box tier at 18.
    assert!((paper_row.plan.demand_mean - 5.0).abs() < 1e-9);
    assert!(paper_row.plan.reorder_point > dec("6.7") && paper_row.plan.reorder_point < dec("6.8"));
    assert_eq!(paper_row.suggested, Some(dec("73")));
    assert_eq!(paper_row.unit_price, dec("18"));
    // Toner: 18 on hand, ROP = 1 a week × 1 week + 0 (no variability) = 1: not due.
    assert_eq!(toner_row.suggested, None);
    assert_eq!(toner_row.unit_price, dec("300"));
}

#[test]
fn an_item_gone_from_the_catalog_says_so() {
    let (stocks, issues) = history("2026-06-14");
    let rows = reorder(
        &stocks,
        &movements(&stocks, &issues, &[]),
        &[],
        |_: &ItemId| None,
        &StockDefaults::default(),
        day("2026-06-14"),
        12,
    );
    assert!(rows.iter().all(|r| r == &Err(Missing::NotInCatalog)));
}

#[test]
fn issues_and_receipts_are_told_apart() {
    let (stocks, issues) = history("2026-06-14");
    let moved = movements(&stocks, &issues, &[]);
    assert!(moved.iter().all(|m| m.kind == MovementKind::Issue));
    assert_eq!(moved.len(), 24);
}
