//! The spend cube, price variance and budget against actual over a hand-built history whose
//! totals are worked out by hand below.

mod support;

use procura_catalog::catalog::PriceTier;
use procura_ground::date::Quarter;
use procura_orders::order::{LineAck, OrderEvent, ReceivedLine};
use procura_procurement::approval::policy::BudgetMode;
use procura_procurement::approval::{Requisition, Status};
use procura_spend::spend::budget::{budget_vs_actual, quarter_days};
use procura_spend::spend::variance::{price_variance, PricedOffer};
use procura_spend::spend::{cube, Amounts, Dim, Filter, Problem, SourceRef};
use rust_decimal::Decimal;
use support::*;

/// The history:
///
/// * R1 (CC-100, account 6001, ann; need by 2026-02-15, approved 2026-01-05):
///   0. acme/A1, UNSPSC 44121704, 10 × CNY 2.50 = 25.00
///   1. bolt, non-catalog, 31161500, 3 × EUR 1.335 = EUR 4.01 (4.005 rounded) → CNY 31.28
///   2. acme/A2, 44121706, 4 × CNY 12.00 = 48.00, never ordered
/// * R2 (CC-200, 6002, bob; need by 2026-05-10, approved 2026-01-08):
///   0. yen/Y1, 2 × JPY 1000: the policy has no JPY rate
///   1. acme/A1, 44121704, 5 × CNY 2.50 = 12.50
/// * R3 (CC-100, 6001, ann; need by 2026-03-01, approved 2026-02-01):
///   0. acme/A3, 44103103, 100 × CNY 1.00 = 100.00
/// * R4: pending (not spend).
/// * PO1 acme, 2026-01-10: R1/0 and R2/1; received 6 of line 1 (and 1 damaged).
/// * PO2 bolt, EUR, 2026-01-20: R1/1; the supplier changed the price to EUR 1.20 (3 × 1.20 =
///   EUR 3.60 → CNY 28.08), all 3 received.
/// * PO3 acme, 2026-02-03: R3/0; cancelled: the line goes back to its requisition, approved.
/// * PO4 yen, JPY, 2026-01-15: R2/0, not convertible.
fn history() -> (Vec<Requisition>, Vec<procura_orders::order::PurchaseOrder>) {
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
            rline("bolt", None, "31161500", "3", "1.335", "EUR"),
            rline("acme", Some("acme/A2"), "44121706", "4", "12.00", "CNY"),
        ],
    );
    let r2 = requisition(
        "R2",
        Status::Approved,
        "CC-200",
        "6002",
        "bob",
        "2026-05-10",
        "2026-01-08",
        vec![
            rline("yen", Some("yen/Y1"), "", "2", "1000", "JPY"),
            rline("acme", Some("acme/A1"), "44121704", "5", "2.50", "CNY"),
        ],
    );
    let r3 = requisition(
        "R3",
        Status::Approved,
        "CC-100",
        "6001",
        "ann",
        "2026-03-01",
        "2026-02-01",
        vec![rline(
            "acme",
            Some("acme/A3"),
            "44103103",
            "100",
            "1.00",
            "CNY",
        )],
    );
    let r4 = requisition(
        "R4",
        Status::Pending,
        "CC-100",
        "6001",
        "ann",
        "2026-03-01",
        "2026-02-01",
        vec![rline(
            "acme",
            Some("acme/A3"),
            "44103103",
            "999",
            "1.00",
            "CNY",
        )],
    );
    let reqs = [&r1, &r2, &r3, &r4];
    let at = ms("2026-01-25");
    let po1 = order(
        "PO1",
        "CNY",
        "2026-01-10",
        &reqs,
        &[("R1", 0), ("R2", 1)],
        vec![OrderEvent::Received {
            at_ms: at,
            receipt_id: "g1".into(),
            by: "ann".into(),
            lines: vec![ReceivedLine {
                line_no: 1,
                accepted: dec("6"),
                damaged: dec("1"),
                reason: String::new(),
            }],
        }],
    );
    let po2 = order(
        "PO2",
        "EUR",
        "2026-01-20",
        &reqs,
        &[("R1", 1)],
        vec![
            OrderEvent::Acknowledged {
                at_ms: at,
                lines: vec![LineAck::Changed {
                    line_no: 1,
                    quantity: None,
                    delivery_date: None,
                    unit_price: Some(dec("1.20")),
                }],
                note: String::new(),
            },
            OrderEvent::Received {
                at_ms: at,
                receipt_id: "g2".into(),
                by: "ann".into(),
                lines: vec![ReceivedLine {
                    line_no: 1,
                    accepted: dec("3"),
                    damaged: Decimal::ZERO,
                    reason: String::new(),
                }],
            },
        ],
    );
    let po3 = order(
        "PO3",
        "CNY",
        "2026-02-03",
        &reqs,
        &[("R3", 0)],
        vec![OrderEvent::Cancelled { at_ms: at }],
    );
    let po4 = order("PO4", "JPY", "2026-01-15", &reqs, &[("R2", 0)], vec![]);
    (vec![r1, r2, r3, r4], vec![po1, po2, po3, po4])
}

fn amounts(approved: &str, ordered: &str, received: &str) -> Amounts {
    Amounts {
        approved: dec(approved),
        ordered: dec(ordered),
        received: dec(received),
    }
}

#[test]
fn the_cube_adds_up_the_history() {
    let (reqs, orders) = history();
    let c = cube(&policy(), &orders, &reqs).unwrap();
    assert_eq!(c.currency, "CNY");
    // Ordered 25.00 + 12.50 + 28.08 + 0 (cancelled); received 15.00 + 28.08; approved 48 + 100.
    assert_eq!(c.total(), amounts("148.00", "65.58", "43.08"));
    assert_eq!(c.total().committed().unwrap(), dec("213.58"));

    let cell = |dim, label| c.cell(dim, label).expect(label).amounts;
    assert_eq!(
        cell(Dim::Supplier, "acme"),
        amounts("148.00", "37.50", "15.00")
    );
    assert_eq!(cell(Dim::Supplier, "bolt"), amounts("0", "28.08", "28.08"));
    assert!(
        c.cell(Dim::Supplier, "yen").is_none(),
        "no rate: not in the cube"
    );
    assert_eq!(
        cell(Dim::Segment, "44"),
        amounts("148.00", "37.50", "15.00")
    );
    assert_eq!(cell(Dim::Segment, "31"), amounts("0", "28.08", "28.08"));
    assert_eq!(
        cell(Dim::Family, "4412"),
        amounts("48.00", "37.50", "15.00")
    );
    assert_eq!(cell(Dim::Family, "4410"), amounts("100.00", "0", "0"));
    assert_eq!(
        cell(Dim::CostCentre, "CC-100"),
        amounts("148.00", "53.08", "43.08")
    );
    assert_eq!(cell(Dim::CostCentre, "CC-200"), amounts("0", "12.50", "0"));
    assert_eq!(cell(Dim::Account, "6002"), amounts("0", "12.50", "0"));
    assert_eq!(
        cell(Dim::Requester, "ann"),
        amounts("148.00", "53.08", "43.08")
    );
    assert_eq!(cell(Dim::Requester, "bob"), amounts("0", "12.50", "0"));
    assert_eq!(
        cell(Dim::Month, "2026-01"),
        amounts("48.00", "65.58", "43.08")
    );
    assert_eq!(cell(Dim::Month, "2026-02"), amounts("100.00", "0", "0"));
    assert_eq!(cell(Dim::Quarter, "2026-Q1"), c.total());
    let (catalog, maverick) = c.channels();
    assert_eq!(catalog, amounts("148.00", "37.50", "15.00"));
    assert_eq!(maverick, amounts("0", "28.08", "28.08"));

    // Drill-down: the lines behind a cell.
    let behind = |dim, label| {
        let cell = c.cell(dim, label).unwrap();
        c.lines_behind(cell)
            .map(|s| match s {
                SourceRef::OrderLine { order, line_no } => format!("{order}#{line_no}"),
                SourceRef::RequisitionLine { requisition, line } => {
                    format!("{requisition}/{line}")
                }
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(behind(Dim::Channel, "non_catalog"), ["PO2#1"]);
    assert_eq!(behind(Dim::Family, "4412"), ["PO1#1", "PO1#2", "R1/2"]);
    assert_eq!(behind(Dim::Family, "4410"), ["PO3#1", "R3/0"]);
    assert_eq!(behind(Dim::CostCentre, "CC-200"), ["PO1#2"]);

    // What could not be converted is listed, with its own amount.
    assert_eq!(c.unconverted.len(), 1);
    let u = &c.unconverted[0];
    assert_eq!(u.order.as_ref().map(|o| o.as_str()), Some("PO4"));
    assert_eq!((u.line, u.currency.as_str()), (1, "JPY"));
    assert_eq!(u.amount, Some(dec("2000")));
    assert_eq!(u.problem, Problem::NoRate);
    assert!(c.bytes() > 0);
}

#[test]
fn filters_narrow_a_roll_up() {
    let (reqs, orders) = history();
    let c = cube(&policy(), &orders, &reqs).unwrap();
    let by_supplier = c
        .group(
            Dim::Supplier,
            &Filter::new().with(Dim::CostCentre, "CC-100"),
        )
        .unwrap();
    let committed: Vec<(&str, Decimal)> = by_supplier
        .iter()
        .map(|(k, cell)| (k.as_str(), cell.amounts.committed().unwrap()))
        .collect();
    assert_eq!(committed, [("acme", dec("173.00")), ("bolt", dec("28.08"))]);
    let narrow = c
        .group(
            Dim::Month,
            &Filter::new()
                .with(Dim::CostCentre, "CC-100")
                .with(Dim::Channel, "catalog"),
        )
        .unwrap();
    assert_eq!(
        narrow["2026-01"].amounts,
        amounts("48.00", "25.00", "15.00")
    );
    assert_eq!(narrow["2026-02"].facts.len(), 2);
    // A label no line has: nothing, not everything.
    assert!(c
        .group(Dim::Month, &Filter::new().with(Dim::Supplier, "nobody"))
        .unwrap()
        .is_empty());
    // No filter: the same as the roll-up.
    let all = c.group(Dim::Supplier, &Filter::new()).unwrap();
    for (label, cell) in c.by(Dim::Supplier) {
        assert_eq!(&all[label], cell);
    }
}

#[test]
fn budget_against_actual_by_need_by_quarter() {
    let (reqs, orders) = history();
    let p = policy();
    let c = cube(&p, &orders, &reqs).unwrap();
    let q1 = Quarter::new(2026, 1).unwrap();
    assert_eq!(quarter_days(q1).map(|(_, d)| d), Some(90));
    let lines = budget_vs_actual(&c, &p, q1, 45).unwrap();
    assert_eq!(lines.len(), 2);
    let cc100 = &lines[0];
    assert_eq!(cc100.cost_centre.as_str(), "CC-100");
    assert_eq!(cc100.budget, Some(dec("10000")));
    assert_eq!(cc100.mode, Some(BudgetMode::Stop));
    // R1's and R3's lines (need by February and March): 25 + 28.08 + 0 + 48 + 100.
    assert_eq!(cc100.committed, dec("201.08"));
    assert_eq!(cc100.received, dec("43.08"));
    assert_eq!(cc100.remaining, Some(dec("9798.92")));
    // Half the quarter gone: twice the committed.
    assert_eq!(cc100.forecast, Some(dec("402.16")));
    assert!(!cc100.over() && !cc100.heading_over());
    // CC-200's only line is needed in May: nothing in Q1 against its budget.
    let cc200 = &lines[1];
    assert_eq!(
        (cc200.committed, cc200.remaining, cc200.forecast),
        (Decimal::ZERO, Some(dec("5000")), Some(Decimal::ZERO))
    );
    // Q2: CC-200's 12.50 with no budget set.
    let q2 = budget_vs_actual(&c, &p, Quarter::new(2026, 2).unwrap(), 0).unwrap();
    assert_eq!(q2.len(), 1);
    assert_eq!(
        (
            q2[0].cost_centre.as_str(),
            q2[0].committed,
            q2[0].budget,
            q2[0].forecast
        ),
        ("CC-200", dec("12.50"), None, None)
    );
    // Past the quarter's end the elapsed days are clamped: the forecast is what is committed.
    let done = budget_vs_actual(&c, &p, q1, 400).unwrap();
    assert_eq!(done[0].forecast, Some(dec("201.08")));
}

#[test]
fn an_overspent_budget_is_over() {
    let (reqs, orders) = history();
    let mut p = policy();
    p.budgets[0].amount = dec("150");
    let c = cube(&p, &orders, &reqs).unwrap();
    let q1 = Quarter::new(2026, 1).unwrap();
    let cc100 = &budget_vs_actual(&c, &p, q1, 30).unwrap()[0];
    assert_eq!(cc100.remaining, Some(dec("-51.08")));
    assert!(cc100.over() && cc100.heading_over());
}

fn offer(
    item: &str,
    product: &str,
    unit: &str,
    currency: &str,
    tiers: &[(&str, &str)],
    from: &str,
    until: Option<&str>,
) -> PricedOffer {
    PricedOffer {
        item_id: item.into(),
        product: product.into(),
        order_unit: unit.into(),
        currency: currency.into(),
        tiers: tiers
            .iter()
            .map(|(q, p)| PriceTier {
                min_qty: dec(q),
                unit_price: dec(p),
            })
            .collect(),
        valid_from: day(from),
        valid_until: until.map(day),
    }
}

#[test]
fn price_variance_against_the_best_offer_of_the_day() {
    let (_, orders) = history();
    let offers = vec![
        offer(
            "acme/A1",
            "p1",
            "H87",
            "CNY",
            &[("1", "2.50")],
            "2025-01-01",
            None,
        ),
        // Cheaper, but only from after PO1 was placed.
        offer(
            "beta/B1",
            "p1",
            "H87",
            "CNY",
            &[("1", "2.00")],
            "2026-01-15",
            None,
        ),
        // Its price before that: valid on PO1's day.
        offer(
            "beta/B1",
            "p1",
            "H87",
            "CNY",
            &[("1", "2.20")],
            "2025-06-01",
            Some("2026-01-14"),
        ),
        // Cheapest per unit, but sold by the box: not the same footing.
        offer(
            "gamma/G1",
            "p1",
            "BX",
            "EUR",
            &[("1", "0.25")],
            "2025-01-01",
            None,
        ),
        // From 8 pieces at 2.10: PO1's line 1 (10) reaches it, line 2 (5) does not.
        offer(
            "delta/D1",
            "p1",
            "H87",
            "CNY",
            &[("8", "2.10")],
            "2025-01-01",
            None,
        ),
        offer(
            "acme/A3",
            "p3",
            "H87",
            "CNY",
            &[("1", "0.50")],
            "2025-01-01",
            None,
        ),
    ];
    let report = price_variance(&policy(), &orders, &offers).unwrap();
    let lines: Vec<(String, u32, Decimal, Decimal, &str, Decimal)> = report
        .lines
        .iter()
        .map(|l| {
            (
                l.order.to_string(),
                l.line_no,
                l.paid,
                l.best,
                l.best_item.as_str(),
                l.missed,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "PO1".into(),
                1,
                dec("25.00"),
                dec("21.00"),
                "delta/D1",
                dec("4.00")
            ),
            (
                "PO1".into(),
                2,
                dec("12.50"),
                dec("11.00"),
                "beta/B1",
                dec("1.50")
            ),
        ]
    );
    assert_eq!((report.paid, report.missed), (dec("37.50"), dec("5.50")));
    // PO4's yen line has no rate; PO2's line is not a catalog line, PO3 ordered nothing.
    assert_eq!(report.not_compared, 1);
}

#[test]
fn a_line_without_a_rate_is_counted_apart_whatever_its_document() {
    let (reqs, orders) = history();
    // R2's yen line, not ordered: the approved requisition line is the one reported.
    let orders: Vec<_> = orders.into_iter().filter(|o| o.id != "PO4").collect();
    let c = cube(&policy(), &orders, &reqs).unwrap();
    assert_eq!(c.unconverted.len(), 1);
    let u = &c.unconverted[0];
    assert_eq!(u.requisition.as_ref().map(|r| r.as_str()), Some("R2"));
    assert_eq!((u.line, u.amount), (0, Some(dec("2000"))));
    assert_eq!(c.total(), amounts("148.00", "65.58", "43.08"));
}

#[test]
fn abc_of_suppliers_by_committed_spend() {
    use procura_spend::inventory::AbcClass::*;
    let (reqs, orders) = history();
    let c = cube(&policy(), &orders, &reqs).unwrap();
    // acme 185.50, bolt 28.08: acme alone is 87 % of the total.
    let abc = c.abc(Dim::Supplier, 0.8, 0.95).unwrap();
    assert_eq!(
        abc,
        [
            ("acme".to_owned(), dec("185.50"), A),
            ("bolt".to_owned(), dec("28.08"), B)
        ]
    );
    // Families: 4410 100.00, 4412 85.50, 3116 28.08 (shares before: 0, 0.47, 0.87).
    let classes: Vec<_> = c
        .abc(Dim::Family, 0.8, 0.95)
        .unwrap()
        .into_iter()
        .map(|(l, _, class)| (l, class))
        .collect();
    assert_eq!(
        classes,
        [
            ("4410".to_owned(), A),
            ("4412".to_owned(), A),
            ("3116".to_owned(), B)
        ]
    );
}

#[test]
fn offers_from_todays_catalog_are_grouped_by_product() {
    use procura_catalog::catalog::{CatalogItem, LocalizedText};
    use procura_catalog::compare::OfferGroups;
    use procura_spend::spend::variance::offers_from_catalog;
    let item = |supplier: &str, sku: &str, gtin: Option<&str>, price: &str| CatalogItem {
        id: CatalogItem::make_id(supplier, sku),
        supplier_id: supplier.into(),
        sku: sku.into(),
        gtin: gtin.map(Into::into),
        manufacturer: "Maker".into(),
        mpn: format!("M-{sku}"),
        name: LocalizedText::new("Pen", "笔"),
        description: LocalizedText::new("", ""),
        unspsc: "44121704".into(),
        eclass: None,
        order_unit: "H87".into(),
        content_unit: "H87".into(),
        content_per_order_unit: Decimal::ONE,
        currency: "CNY".into(),
        price_tiers: vec![PriceTier {
            min_qty: Decimal::ONE,
            unit_price: dec(price),
        }],
        lead_time_days: 3,
        stock: None,
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    };
    let items = vec![
        item("acme", "A1", Some("4006381333931"), "2.50"),
        item("beta", "B1", Some("4006381333931"), "2.00"),
        item("acme", "A9", None, "9.00"),
    ];
    let groups = OfferGroups::build(&items);
    let offers = offers_from_catalog(&items, &groups, day("2026-01-01"));
    assert_eq!(offers.len(), 3);
    assert_eq!(
        offers[0].product, offers[1].product,
        "same GTIN: one product"
    );
    assert_ne!(offers[0].product, offers[2].product);
    // PO1's lines (acme/A1) against today's catalog, valid since the first of January: beta is
    // the best at 2.00.
    let (_, orders) = history();
    let report = price_variance(&policy(), &orders[..1], &offers).unwrap();
    let missed: Vec<_> = report
        .lines
        .iter()
        .map(|l| (l.best_item.as_str(), l.missed))
        .collect();
    assert_eq!(missed, [("beta/B1", dec("5.00")), ("beta/B1", dec("2.50"))]);
}
