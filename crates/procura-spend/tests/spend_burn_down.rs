//! Budget burn-down month by month over a hand-built quarter whose figures are worked out by
//! hand below.

mod support;

use procura_ground::date::Quarter;
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::{Requisition, Status};
use procura_spend::spend::burn_down::burn_down;
use procura_spend::spend::cube;
use support::*;

/// CC-100 in 2026-Q1 (90 days: January 31, February 28, March 31; budget CNY 10,000, stop):
///
/// * R0, approved 2025-12-20, need by 2026-01-20, not ordered: 100.00, committed before the
///   quarter began, so it counts in January;
/// * PO1 of R1, created 2026-01-10, need by 2026-02-15: 200.00 in January;
/// * PO2 of R2, created 2026-02-03, need by 2026-03-01: 300.00 in February;
/// * R3, approved 2026-02-05, need by 2026-05-01: 999.00, a Q2 line, not in this quarter.
///
/// Committed: January 300, by February's end 600. 45 days in (2026-02-15): the run rate is
/// 600 / 45 a day, so 1,200.00 by the quarter's end.
fn history() -> (Vec<Requisition>, Vec<PurchaseOrder>) {
    let line = |price: &str| rline("acme", Some("acme/A1"), "44121704", "1", price, "CNY");
    let r0 = requisition(
        "R0",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-01-20",
        "2025-12-20",
        vec![line("100.00")],
    );
    let r1 = requisition(
        "R1",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-02-15",
        "2026-01-08",
        vec![line("200.00")],
    );
    let r2 = requisition(
        "R2",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-03-01",
        "2026-02-01",
        vec![line("300.00")],
    );
    let r3 = requisition(
        "R3",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-05-01",
        "2026-02-05",
        vec![line("999.00")],
    );
    let reqs = [&r0, &r1, &r2, &r3];
    let po1 = order("PO1", "CNY", "2026-01-10", &reqs, &[("R1", 0)], vec![]);
    let po2 = order("PO2", "CNY", "2026-02-03", &reqs, &[("R2", 0)], vec![]);
    (vec![r0, r1, r2, r3], vec![po1, po2])
}

fn cc100(days: u32) -> procura_spend::spend::burn_down::BurnDown {
    let (reqs, orders) = history();
    let p = policy();
    let c = cube(&p, &orders, &reqs).unwrap();
    let all = burn_down(&c, &p, Quarter::new(2026, 1).unwrap(), days).unwrap();
    all.into_iter()
        .find(|b| b.line.cost_centre.as_str() == "CC-100")
        .expect("CC-100 has a budget")
}

#[test]
fn halfway_committed_so_far_and_the_run_rate_to_the_end() {
    let b = cc100(45);
    assert_eq!(b.months, ["2026-01", "2026-02", "2026-03"]);
    assert_eq!(b.line.budget, Some(dec("10000")));
    assert_eq!(b.line.committed, dec("600"));
    assert_eq!(b.committed, [Some(dec("300")), Some(dec("600")), None]);
    // The projection starts at January's end and runs at 600 / 45 a day: 786.67 by
    // February's end (59 days), 1,200.00 by the quarter's end.
    assert_eq!(
        b.forecast,
        [Some(dec("300")), Some(dec("786.67")), Some(dec("1200.00"))]
    );
    assert_eq!(b.forecast[2], b.line.forecast);
}

#[test]
fn a_quarter_that_is_over_has_no_forecast_line() {
    let b = cc100(90);
    assert_eq!(
        b.committed,
        [Some(dec("300")), Some(dec("600")), Some(dec("600"))]
    );
    assert_eq!(b.forecast, [None, None, None]);
    // Past its length counts as over.
    assert_eq!(cc100(200).forecast, [None, None, None]);
}

#[test]
fn on_the_first_day_only_januarys_figure_and_no_rate() {
    let b = cc100(0);
    assert_eq!(b.committed[1..], [None, None]);
    assert_eq!(b.forecast, [None, None, None]);
    // Late in January (30 days in, 600 committed): no month has ended, so the projection
    // starts at January's own end (31 days) and runs to February's (59) and March's (90).
    let b = cc100(30);
    assert_eq!(
        b.forecast,
        [
            Some(dec("620.00")),
            Some(dec("1180.00")),
            Some(dec("1800.00"))
        ]
    );
}
