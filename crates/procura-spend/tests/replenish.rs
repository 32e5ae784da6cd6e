//! Reorder suggestions from a hand-built history: demand per week from goods issues, lead
//! times from a supplier's samples, EOQ, safety stock, reorder point, pack and minimum order.

use procura_ground::date::{add_days, parse_day, Date};
use procura_ground::id::SupplierId;
use procura_spend::inventory;
use procura_spend::replenish::{
    mean_sd, order_quantity, plan, suggestions, History, Holding, Movement, MovementKind,
    PlanProblem, StockedItem,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(text: &str) -> Date {
    parse_day(text).unwrap()
}

fn item(id: &str, supplier: &str, on_hand: &str, moq: &str) -> StockedItem {
    StockedItem {
        item_id: id.into(),
        location: "Main store".into(),
        supplier_id: supplier.into(),
        on_hand: dec(on_hand),
        on_order: Decimal::ZERO,
        order_cost: dec("50"),
        // 20 % a year of a unit price of 10: 2 per unit-year.
        holding: Holding::Rate {
            rate_per_year: dec("0.20"),
            unit_price: dec("10"),
        },
        service_level: 0.95,
        pack_size: dec("12"),
        min_order_qty: dec(moq),
        lead_time_days: 7,
    }
}

fn issue(id: &str, on: Date, qty: &str) -> Movement {
    Movement {
        item_id: id.into(),
        location: "Main store".into(),
        day: on,
        kind: MovementKind::Issue,
        quantity: dec(qty),
    }
}

/// Four weeks from 2026-03-02: weekly demand 10, 20, 30, 20 for every item named, each week's
/// demand issued in two movements; a receipt that is not demand.
fn movements(ids: &[&str]) -> Vec<Movement> {
    let start = day("2026-03-02");
    let mut out = Vec::new();
    for id in ids {
        for (week, qty) in [(0, 10), (1, 20), (2, 30), (3, 20)] {
            let monday = add_days(start, week * 7);
            let half = Decimal::from(qty) / Decimal::TWO;
            out.push(issue(id, monday, &half.to_string()));
            out.push(issue(id, add_days(monday, 4), &half.to_string()));
        }
        out.push(Movement {
            kind: MovementKind::Receipt,
            ..issue(id, add_days(start, 3), "500")
        });
        // Outside the window: not counted.
        out.push(issue(id, add_days(start, 28), "1000"));
        out.push(issue(id, add_days(start, -1), "1000"));
    }
    out
}

fn window() -> History {
    History {
        first_day: day("2026-03-02"),
        period_days: 7,
        periods: 4,
    }
}

fn lead_times() -> BTreeMap<SupplierId, Vec<f64>> {
    // 7, 7, 14, 14 days: 10.5 days on average (1.5 weeks), σ = 4.04 days.
    BTreeMap::from([(SupplierId::from("acme"), vec![7.0, 7.0, 14.0, 14.0])])
}

#[test]
fn statistics_from_history() {
    let (mean, sd) = mean_sd(&[10.0, 20.0, 30.0, 20.0]);
    assert_eq!(mean, 20.0);
    assert!((sd - (200.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!(mean_sd(&[]), (0.0, 0.0));
    assert_eq!(mean_sd(&[4.0]), (4.0, 0.0));

    let items = [item("acme/A1", "acme", "50", "100")];
    let (plans, skipped) = plan(&items, &movements(&["acme/A1"]), &lead_times(), window());
    assert!(skipped.is_empty());
    let p = &plans[0];
    assert_eq!(p.demand_mean, 20.0);
    assert!((p.demand_sd - (200.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!((p.lead_time - 1.5).abs() < 1e-12);
    assert!((p.lead_time_sd - (49.0f64 / 3.0).sqrt() / 7.0).abs() < 1e-12);
    assert!((p.annual_demand - 20.0 * 365.0 / 7.0).abs() < 1e-9);
    // EOQ = √(2 × 1042.86 × 50 / 2) = 228.35.
    assert!((p.eoq - 228.35).abs() < 0.01, "{}", p.eoq);
    // SS = 1.645 × √(1.5 × 66.67 + 20² × 0.333) = 1.645 × 15.275 = 25.13; ROP = 30 + 25.13.
    let ss = inventory::safety_stock(0.95, p.demand_sd, 1.5, 20.0, p.lead_time_sd);
    assert!((ss - 25.125).abs() < 0.01, "{ss}");
    assert_eq!(p.safety_stock, dec("25.126"));
    assert_eq!(p.reorder_point, dec("55.126"));
}

#[test]
fn suggestions_for_items_at_or_below_their_reorder_point() {
    let mut on_order = item("acme/A4", "acme", "40", "0");
    on_order.on_order = dec("24");
    let items = [
        // Below: EOQ 228.35 → 20 packs of 12 = 240.
        item("acme/A1", "acme", "50", "100"),
        // Above its reorder point: nothing.
        item("acme/A2", "acme", "60", "100"),
        // Below, with a minimum order of 500: 42 packs = 504.
        item("acme/A3", "acme", "10", "500"),
        // 40 on hand + 24 on order = 64: above.
        on_order,
        // Nobody used it: not reordered, however little is left.
        item("acme/A5", "acme", "0", "0"),
    ];
    let history = movements(&["acme/A1", "acme/A2", "acme/A3", "acme/A4"]);
    let (plans, skipped) = plan(&items, &history, &lead_times(), window());
    assert!(skipped.is_empty());
    let s = suggestions(&items, &plans);
    let got: Vec<(&str, Decimal)> = s.iter().map(|s| (s.item_id.as_str(), s.quantity)).collect();
    assert_eq!(got, [("acme/A1", dec("240")), ("acme/A3", dec("504"))]);
    assert_eq!(s[0].position, dec("50"));
    assert_eq!(s[0].reorder_point, dec("55.126"));
    assert_eq!(s[0].supplier_id.as_str(), "acme");
    // Exactly at the reorder point counts.
    let mut at = plans[1].clone();
    at.position = at.reorder_point;
    assert_eq!(suggestions(&items, &[at]).len(), 1);
}

#[test]
fn a_deep_shortfall_orders_at_least_back_to_the_reorder_point() {
    let items = [item("acme/A1", "acme", "-300", "0")];
    let (plans, _) = plan(&items, &movements(&["acme/A1"]), &lead_times(), window());
    // 55.126 + 300 = 355.126 > EOQ: 30 packs = 360.
    assert_eq!(
        order_quantity(&plans[0], dec("12"), Decimal::ZERO),
        Some(dec("360"))
    );
}

#[test]
fn without_lead_time_samples_the_catalog_lead_time_counts() {
    let items = [item("bolt/B1", "bolt", "0", "0")];
    let (plans, _) = plan(&items, &movements(&["bolt/B1"]), &lead_times(), window());
    let p = &plans[0];
    assert_eq!((p.lead_time, p.lead_time_sd), (1.0, 0.0));
    // The simple form: z·σd·√1.
    let expected = inventory::z_score(0.95) * p.demand_sd;
    assert!((p.safety_stock.to_string().parse::<f64>().unwrap() - expected).abs() < 0.001);
}

#[test]
fn items_that_cannot_be_planned_are_reported() {
    let mut bad_level = item("a", "acme", "0", "0");
    bad_level.service_level = 1.0;
    let mut bad_pack = item("b", "acme", "0", "0");
    bad_pack.pack_size = Decimal::ZERO;
    let mut free = item("c", "acme", "0", "0");
    free.holding = Holding::PerUnitYear(Decimal::ZERO);
    let mut nan = item("d", "acme", "0", "0");
    nan.service_level = f64::NAN;
    let items = [bad_level, bad_pack, free, nan];
    let (plans, skipped) = plan(&items, &[], &BTreeMap::new(), window());
    assert!(plans.is_empty());
    let problems: Vec<PlanProblem> = skipped.iter().map(|s| s.problem).collect();
    assert_eq!(
        problems,
        [
            PlanProblem::ServiceLevel,
            PlanProblem::Pack,
            PlanProblem::Costs,
            PlanProblem::ServiceLevel
        ]
    );
    let empty = History {
        periods: 0,
        ..window()
    };
    let (_, skipped) = plan(&[item("e", "acme", "0", "0")], &[], &BTreeMap::new(), empty);
    assert_eq!(skipped[0].problem, PlanProblem::NoWindow);
}
