//! Spend by month stacked by the largest category segments, over a hand-built history whose
//! totals are worked out by hand below.

mod support;

use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::{Requisition, Status};
use procura_spend::spend::monthly::{by_month_stacked, Stack, Stacked};
use procura_spend::spend::{cube, Dim};
use support::*;

/// The history (all CNY):
///
/// * R1 (approved 2026-01-05):
///   0. segment 44, 10 × 2.50 = 25.00, on PO1
///   1. segment 31, 4 × 5.00 = 20.00, on PO1
///   2. segment 43, 1 × 100.00 = 100.00, never ordered: approved in January
/// * R2 (approved 2026-04-02), never ordered: approved in April
///   0. segment 44, 3 × 10.00 = 30.00
///   1. segment 46, 2 × 7.50 = 15.00
/// * R3 (approved 2026-02-18): 0. segment 31, 8 × 2.50 = 20.00, on PO2
/// * PO1 created 2026-01-10, PO2 created 2026-02-20; nothing in March.
///
/// By segment: 43 → 100, 44 → 25 + 30 = 55, 31 → 20 + 20 = 40, 46 → 15.
fn history() -> (Vec<Requisition>, Vec<PurchaseOrder>) {
    let r1 = requisition(
        "R1",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-02-15",
        "2026-01-05",
        vec![
            rline("acme", Some("acme/A1"), "44121704", "10", "2.50", "CNY"),
            rline("acme", None, "31161500", "4", "5.00", "CNY"),
            rline("acme", Some("acme/A9"), "43211503", "1", "100.00", "CNY"),
        ],
    );
    let r2 = requisition(
        "R2",
        Status::Approved,
        "CC-200",
        "6002",
        "bob",
        "2026-05-10",
        "2026-04-02",
        vec![
            rline("acme", Some("acme/A2"), "44121706", "3", "10.00", "CNY"),
            rline("bolt", None, "46181504", "2", "7.50", "CNY"),
        ],
    );
    let r3 = requisition(
        "R3",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-03-01",
        "2026-02-18",
        vec![rline("bolt", None, "31161500", "8", "2.50", "CNY")],
    );
    let reqs = [&r1, &r2, &r3];
    let po1 = order(
        "PO1",
        "CNY",
        "2026-01-10",
        &reqs,
        &[("R1", 0), ("R1", 1)],
        vec![],
    );
    let po2 = order("PO2", "CNY", "2026-02-20", &reqs, &[("R3", 0)], vec![]);
    (vec![r1, r2, r3], vec![po1, po2])
}

fn stacked(top: usize) -> Stacked {
    let (reqs, orders) = history();
    let c = cube(&policy(), &orders, &reqs).expect("no overflow");
    by_month_stacked(&c, Dim::Segment, top).expect("no overflow")
}

fn row(values: &[&str]) -> Vec<rust_decimal::Decimal> {
    values.iter().map(|v| dec(v)).collect()
}

#[test]
fn the_two_largest_segments_and_the_rest_by_month() {
    let s = stacked(2);
    // March has no spend and still has its place.
    assert_eq!(s.months, ["2026-01", "2026-02", "2026-03", "2026-04"]);
    assert_eq!(
        s.stacks,
        [
            Stack::Label("43".into()),
            Stack::Label("44".into()),
            Stack::Other
        ]
    );
    assert_eq!(s.values[0], row(&["100", "0", "0", "0"]));
    assert_eq!(s.values[1], row(&["25", "0", "0", "30"]));
    // Other: segment 31 (20 in January, 20 in February) and 46 (15 in April).
    assert_eq!(s.values[2], row(&["20", "20", "0", "15"]));
    assert_eq!(s.stack_total(2), dec("55"));
}

#[test]
fn each_month_adds_up_to_the_cubes_month() {
    let (reqs, orders) = history();
    let c = cube(&policy(), &orders, &reqs).unwrap();
    for top in 0..=5 {
        let s = by_month_stacked(&c, Dim::Segment, top).unwrap();
        for (m, month) in s.months.iter().enumerate() {
            let expected = c
                .cell(Dim::Month, month)
                .map_or(dec("0"), |cell| cell.amounts.committed().unwrap());
            assert_eq!(s.month_total(m), expected, "top {top}, {month}");
        }
        let all: rust_decimal::Decimal = (0..s.stacks.len()).map(|i| s.stack_total(i)).sum();
        assert_eq!(all, dec("210"), "top {top}");
    }
}

#[test]
fn no_other_stack_when_the_top_covers_everything() {
    let s = stacked(5);
    assert_eq!(
        s.stacks,
        ["43", "44", "31", "46"].map(|l| Stack::Label(l.into()))
    );
    assert_eq!(s.values.len(), 4);
    // Top 0: everything is "other".
    let s = stacked(0);
    assert_eq!(s.stacks, [Stack::Other]);
    assert_eq!(s.values[0], row(&["145", "20", "0", "45"]));
}

#[test]
fn an_empty_cube_has_no_months() {
    let c = cube(&policy(), &[], &[]).unwrap();
    let s = by_month_stacked(&c, Dim::Segment, 5).unwrap();
    assert!(s.months.is_empty() && s.stacks.is_empty() && s.values.is_empty());
}
