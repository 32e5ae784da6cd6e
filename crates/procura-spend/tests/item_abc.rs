//! ABC classes of catalog items by their committed spend over twelve months, on a hand-built
//! history: three items at 800, 150 and 50 CNY (shares before each, the boundary rule's: 0,
//! 80 % and 95 %, so A, B, C), one
//! item bought only before the window (no class), and a non-catalog line (never classed).

mod support;

use procura_procurement::approval::Status;
use procura_spend::inventory::AbcClass;
use procura_spend::spend::cube;
use procura_spend::spend::items::{item_classes, twelve_months};
use support::*;

#[test]
fn twelve_months_end_with_the_month_given() {
    let m = twelve_months("2026-03");
    assert_eq!(m.first().map(String::as_str), Some("2025-04"));
    assert_eq!(m.last().map(String::as_str), Some("2026-03"));
    assert_eq!(m.len(), 12);
    assert!(twelve_months("2026-13").is_empty());
    assert!(twelve_months("soon").is_empty());
}

#[test]
fn items_are_classed_by_their_spend_in_the_window() {
    let line = |item: Option<&str>, qty: &str, price: &str| {
        rline("s1", item, "44121600", qty, price, "CNY")
    };
    let reqs = vec![
        requisition(
            "r1",
            Status::Approved,
            "CC-100",
            "6001",
            "u1",
            "2026-05-20",
            "2026-05-02",
            vec![
                line(Some("s1/a"), "8", "100"),
                line(Some("s1/b"), "3", "50"),
            ],
        ),
        requisition(
            "r2",
            Status::Approved,
            "CC-100",
            "6001",
            "u1",
            "2026-04-20",
            "2026-04-02",
            vec![line(Some("s1/c"), "1", "50"), line(None, "1", "9000")],
        ),
        requisition(
            "r3",
            Status::Approved,
            "CC-100",
            "6001",
            "u1",
            "2025-01-20",
            "2025-01-02",
            vec![line(Some("s1/d"), "50", "100")],
        ),
    ];
    let c = cube(&policy(), &[], &reqs).unwrap();
    let classes = item_classes(&c, &[], &reqs, "2026-06", 0.8, 0.95);
    let got: Vec<(&str, String, AbcClass)> = classes
        .iter()
        .map(|(id, (v, class))| (id.as_str(), v.normalize().to_string(), *class))
        .collect();
    assert_eq!(
        got,
        vec![
            ("s1/a", "800".to_owned(), AbcClass::A),
            ("s1/b", "150".to_owned(), AbcClass::B),
            ("s1/c", "50".to_owned(), AbcClass::C),
        ]
    );
    // A window that ends before r1 and r2: only d, alone, is A.
    let earlier = item_classes(&c, &[], &reqs, "2025-06", 0.8, 0.95);
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier.values().next().map(|v| v.1), Some(AbcClass::A));
}
