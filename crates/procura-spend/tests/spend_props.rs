//! The cube's own consistency over random histories: every roll-up adds up to the total, every
//! line is in exactly one cell of every dimension, no cell is empty, every line is either in
//! the cube or reported, and a filter without conditions is the roll-up.

mod support;

use procura_orders::order::{OrderEvent, ReceivedLine};
use procura_procurement::approval::{Requisition, Status};
use procura_spend::spend::{cube, Amounts, Dim, Filter};
use proptest::prelude::*;
use rust_decimal::Decimal;
use support::*;

#[derive(Debug, Clone)]
struct LineSpec {
    supplier: usize,
    currency: usize,
    catalog: bool,
    unspsc: usize,
    qty: u32,
    cents: u32,
}

#[derive(Debug, Clone)]
struct ReqSpec {
    status: usize,
    cost_centre: usize,
    month: u32,
    lines: Vec<LineSpec>,
    /// Which lines are ordered (by index modulo the line count).
    ordered: Vec<usize>,
    /// 0: nothing happened, 1: cancelled, 2: received in part.
    outcome: usize,
}

fn line_spec() -> impl Strategy<Value = LineSpec> {
    (
        0..3usize,
        0..3usize,
        any::<bool>(),
        0..4usize,
        1..100u32,
        0..100_000u32,
    )
        .prop_map(
            |(supplier, currency, catalog, unspsc, qty, cents)| LineSpec {
                supplier,
                currency,
                catalog,
                unspsc,
                qty,
                cents,
            },
        )
}

fn req_spec() -> impl Strategy<Value = ReqSpec> {
    (
        0..3usize,
        0..3usize,
        1..13u32,
        prop::collection::vec(line_spec(), 1..5),
        prop::collection::vec(0..5usize, 0..4),
        0..3usize,
    )
        .prop_map(
            |(status, cost_centre, month, lines, ordered, outcome)| ReqSpec {
                status,
                cost_centre,
                month,
                lines,
                ordered,
                outcome,
            },
        )
}

const CURRENCIES: [&str; 3] = ["CNY", "EUR", "JPY"];
const CODES: [&str; 4] = ["44121704", "44103103", "31161500", ""];

fn build(
    specs: &[ReqSpec],
) -> (
    Vec<Requisition>,
    Vec<procura_orders::order::PurchaseOrder>,
    usize,
) {
    let mut reqs = Vec::new();
    let mut orders = Vec::new();
    let mut expected_lines = 0;
    for (n, spec) in specs.iter().enumerate() {
        let status = [Status::Approved, Status::Pending, Status::Rejected][spec.status];
        let lines = spec
            .lines
            .iter()
            .map(|l| {
                let item = format!("s{}/i{}", l.supplier, l.unspsc);
                rline(
                    &format!("s{}", l.supplier),
                    l.catalog.then_some(item.as_str()),
                    CODES[l.unspsc],
                    &l.qty.to_string(),
                    &Decimal::new(i64::from(l.cents), 2).to_string(),
                    CURRENCIES[l.currency],
                )
            })
            .collect();
        let month = format!("2026-{:02}-10", spec.month);
        let r = requisition(
            &format!("R{n}"),
            status,
            &format!("CC-{}", spec.cost_centre),
            "6001",
            "ann",
            &month,
            &month,
            lines,
        );
        let mut taken: Vec<u32> = Vec::new();
        if status == Status::Approved {
            let mut picked: Vec<u32> = spec
                .ordered
                .iter()
                .map(|i| (i % spec.lines.len()) as u32)
                .collect();
            picked.sort_unstable();
            picked.dedup();
            // One order per currency among the picked lines.
            for c in CURRENCIES {
                let mine: Vec<(&str, u32)> = picked
                    .iter()
                    .filter(|i| r.lines[**i as usize].currency == c)
                    .map(|i| ("", *i))
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                let id = format!("R{n}");
                let mine: Vec<(&str, u32)> = mine.iter().map(|(_, i)| (id.as_str(), *i)).collect();
                let events = match spec.outcome {
                    1 => vec![OrderEvent::Cancelled { at_ms: 0 }],
                    2 => vec![OrderEvent::Received {
                        at_ms: 0,
                        receipt_id: "g".into(),
                        by: "ann".into(),
                        lines: vec![ReceivedLine {
                            line_no: 1,
                            accepted: Decimal::ONE,
                            damaged: Decimal::ZERO,
                            reason: String::new(),
                        }],
                    }],
                    _ => vec![],
                };
                let po = order(&format!("PO{n}{c}"), c, &month, &[&r], &mine, events);
                expected_lines += po.lines.len();
                if spec.outcome != 1 {
                    taken.extend(mine.iter().map(|(_, i)| *i));
                }
                orders.push(po);
            }
            expected_lines += r.lines.len() - taken.len();
        }
        reqs.push(r);
    }
    (reqs, orders, expected_lines)
}

proptest! {
    #[test]
    fn the_cube_is_consistent(specs in prop::collection::vec(req_spec(), 0..25)) {
        let (reqs, orders, expected_lines) = build(&specs);
        let c = cube(&policy(), &orders, &reqs).unwrap();
        // Every line is in the cube or reported.
        prop_assert_eq!(c.facts().len() + c.unconverted.len(), expected_lines);
        for u in &c.unconverted {
            prop_assert_eq!(u.currency.as_str(), "JPY");
        }
        for dim in Dim::ALL {
            let mut sum = Amounts::default();
            let mut seen = vec![0u32; c.facts().len()];
            for (label, cell) in c.by(dim) {
                sum = sum.checked_add(&cell.amounts).unwrap();
                if dim != Dim::Channel {
                    prop_assert!(!cell.facts.is_empty(), "{:?} {} is empty", dim, label);
                }
                let mut from_facts = Amounts::default();
                for i in &cell.facts {
                    seen[*i as usize] += 1;
                    from_facts = from_facts.checked_add(&c.facts()[*i as usize].amounts).unwrap();
                }
                prop_assert_eq!(from_facts, cell.amounts);
            }
            prop_assert_eq!(sum, c.total());
            prop_assert!(seen.iter().all(|n| *n == 1));
            let all = c.group(dim, &Filter::new()).unwrap();
            for (label, cell) in c.by(dim) {
                if !cell.facts.is_empty() {
                    prop_assert_eq!(&all[label], cell);
                }
            }
        }
        // Received never exceeds ordered here (receipts take 1 of at least 1 ordered).
        prop_assert!(c.total().received <= c.total().ordered || c.total().ordered.is_zero());
    }
}
