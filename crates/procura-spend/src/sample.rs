//! A seeded synthetic organisation at a real organisation's size, for the benchmarks (the
//! native `examples/spend_bench.rs` and the browser page's `bench` feature of the app): the
//! same figures from the same seed everywhere, so the two can be compared.
//!
//! [`history`]: 10,000 orders of 5 lines (50,000 order lines) over two years (2025–2026) from
//! 11,000 requisitions (1,000 approved and not ordered yet: 5,000 more lines), 200 suppliers,
//! 3 currencies, 10 cost centres, 100 requesters. [`stock`]: 2,000 stocked items with about
//! 400,000 goods issues and receipts (about 360,000 issues) over the same two years, and 20
//! lead-time samples per supplier. [`offers`]: 5,000 catalog offers, ten of each product.
//!
//! Pure like the rest of the crate: no clock, no OS randomness (a SplitMix64 from a fixed seed).

use crate::replenish::{Holding, Movement, MovementKind, StockedItem};
use crate::spend::variance::PricedOffer;
use procura_catalog::catalog::PriceTier;
use procura_catalog::search::Synonyms;
use procura_ground::date::{add_days, parse_day, start_ms, Date, Entered, Quarter};
use procura_ground::id::SupplierId;
use procura_orders::order::{LineAck, OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use procura_procurement::approval::policy::{Budget, BudgetMode, Policy, Rate};
use procura_procurement::approval::requisition::{RequisitionLine, Totals};
use procura_procurement::approval::{Requisition, Status};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A small deterministic generator (SplitMix64), so every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Suppliers, items (25 per supplier), orders, lines per order, approved requisitions not
/// ordered yet, stocked items.
pub const SUPPLIERS: u64 = 200;
pub const ITEMS: u64 = 5_000;
pub const ORDERS: usize = 10_000;
pub const LINES_PER_ORDER: usize = 5;
pub const OPEN_REQUISITIONS: usize = 1_000;
pub const STOCKED: usize = 2_000;

/// The organisation: CNY, rates for EUR and USD, a warn budget of CNY 2,000,000 per cost
/// centre and quarter of 2025–2026.
pub fn policy() -> Policy {
    let mut budgets = Vec::new();
    for year in 2025..=2026 {
        for q in 1..=4 {
            for cc in 0..10 {
                budgets.push(Budget {
                    cost_centre: format!("CC-{cc}").into(),
                    period: Entered::Valid(Quarter::new(year, q).unwrap()),
                    amount: Decimal::from(2_000_000),
                    mode: BudgetMode::Warn,
                });
            }
        }
    }
    Policy {
        currency: "CNY".into(),
        rates: vec![
            Rate {
                currency: "EUR".into(),
                rate: Decimal::new(780, 2),
            },
            Rate {
                currency: "USD".into(),
                rate: Decimal::new(720, 2),
            },
        ],
        default_tax_percent: Decimal::from(13),
        people: vec![],
        cost_centres: vec![],
        accounts: vec![],
        rules: vec![],
        budgets,
        escalate_after_hours: 48,
        escalation_fallback: None,
        synonyms: Synonyms::default(),
        supplier_standing: Default::default(),
        stock: Default::default(),
        invoicing: Default::default(),
    }
}

fn currency_of(supplier: u64) -> &'static str {
    match supplier % 10 {
        0 => "EUR",
        1 => "USD",
        _ => "CNY",
    }
}

fn unspsc_of(item: u64) -> String {
    // 8 segments × 5 families each.
    let segment = [43, 44, 31, 39, 47, 46, 42, 24][(item % 8) as usize];
    let family = 10 + (item / 8) % 5;
    format!("{segment}{family}{:04}", item % 10_000)
}

fn line_for(rng: &mut Rng, supplier: u64) -> RequisitionLine {
    let item = supplier * (ITEMS / SUPPLIERS) + rng.below(ITEMS / SUPPLIERS);
    let catalog = rng.below(10) < 8;
    RequisitionLine {
        item_id: catalog.then(|| format!("s{supplier}/i{item}").into()),
        description: format!("item {item}"),
        supplier_id: format!("s{supplier}").into(),
        supplier_name: format!("Supplier {supplier}"),
        unspsc: unspsc_of(item),
        quantity: Decimal::from(1 + rng.below(50)),
        unit: "H87".into(),
        unit_price: Decimal::new(100 + rng.below(100_000) as i64, 2),
        currency: currency_of(supplier).into(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    }
}

fn requisition(rng: &mut Rng, n: usize, supplier: u64, day: Date) -> Requisition {
    Requisition {
        id: format!("req-{n:06}").into(),
        revision: 1,
        requester: format!("u{}", rng.below(100)).into(),
        requester_name: String::new(),
        title: String::new(),
        cost_centre: format!("CC-{}", rng.below(10)).into(),
        account: format!("60{:02}", rng.below(8)).into(),
        need_by: add_days(day, 14 + rng.below(30) as i64),
        delivery_address: "Dock 1".into(),
        justification: String::new(),
        lines: (0..LINES_PER_ORDER)
            .map(|_| line_for(rng, supplier))
            .collect(),
        currency: "CNY".into(),
        totals: Totals::default(),
        status: Status::Approved,
        route: vec![],
        submitted_at_ms: start_ms(day),
        step_since_ms: start_ms(day),
        updated_at_ms: start_ms(day),
        audit: vec![],
        previous: None,
    }
}

/// The requisitions (all approved) and the orders made of the first [`ORDERS`] of them.
pub fn history() -> (Vec<Requisition>, Vec<PurchaseOrder>) {
    let mut rng = Rng(17);
    let first = parse_day("2025-01-01").unwrap();
    let mut reqs = Vec::with_capacity(ORDERS + OPEN_REQUISITIONS);
    let mut orders = Vec::with_capacity(ORDERS);
    for n in 0..ORDERS + OPEN_REQUISITIONS {
        let supplier = rng.below(SUPPLIERS);
        let day = add_days(first, rng.below(730) as i64);
        let r = requisition(&mut rng, n, supplier, day);
        if n < ORDERS {
            let at = start_ms(add_days(day, 2));
            let lines: Vec<OrderLine> = r
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| OrderLine {
                    line_no: i as u32 + 1,
                    requisition_id: r.id.clone(),
                    requisition_line: i as u32,
                    item_id: l.item_id.clone(),
                    supplier_part: String::new(),
                    gtin: None,
                    description: l.description.clone(),
                    quantity: l.quantity,
                    unit: l.unit.clone(),
                    unit_price: l.unit_price,
                    tax_percent: Decimal::from(13),
                    need_by: r.need_by,
                    unspsc: l.unspsc.clone(),
                    contract: None,
                })
                .collect();
            let mut events = vec![OrderEvent::Sent { at_ms: at }];
            match rng.below(10) {
                0 => events.push(OrderEvent::Cancelled { at_ms: at + 1 }),
                1 => events.push(OrderEvent::Acknowledged {
                    at_ms: at + 1,
                    lines: vec![LineAck::Changed {
                        line_no: 1,
                        quantity: None,
                        delivery_date: None,
                        unit_price: Some(lines[0].unit_price + Decimal::ONE),
                    }],
                    note: String::new(),
                }),
                2..=7 => events.push(OrderEvent::Received {
                    at_ms: at + 86_400_000 * 7,
                    receipt_id: format!("g{n}"),
                    by: "store".into(),
                    lines: lines
                        .iter()
                        .map(|l| ReceivedLine {
                            line_no: l.line_no,
                            accepted: l.quantity,
                            damaged: Decimal::ZERO,
                            reason: String::new(),
                        })
                        .collect(),
                }),
                _ => {}
            }
            orders.push(PurchaseOrder {
                id: format!("po-{n:06}").into(),
                number: format!("PO-{n:06}"),
                buyer: "u-buyer".into(),
                buyer_name: String::new(),
                supplier_id: format!("s{supplier}").into(),
                supplier_name: String::new(),
                currency: currency_of(supplier).into(),
                ship_to: "Dock 1".into(),
                requisitions: vec![r.id.clone()],
                lines,
                terms: Terms::default(),
                created_at_ms: at,
                events,
            });
        }
        reqs.push(r);
    }
    (reqs, orders)
}

/// One offer per item, ten items per product.
pub fn offers() -> Vec<PricedOffer> {
    let mut rng = Rng(5);
    let from = parse_day("2024-01-01").unwrap();
    (0..ITEMS)
        .map(|item| {
            let supplier = item / (ITEMS / SUPPLIERS);
            PricedOffer {
                item_id: format!("s{supplier}/i{item}").into(),
                // Ten offers of each product, from different suppliers.
                product: format!("p{}", item % (ITEMS / 10)),
                order_unit: "H87".into(),
                currency: currency_of(supplier).into(),
                tiers: vec![PriceTier {
                    min_qty: Decimal::ONE,
                    unit_price: Decimal::new(100 + rng.below(100_000) as i64, 2),
                }],
                valid_from: from,
                valid_until: None,
            }
        })
        .collect()
}

/// The stocked items, their goods issues and receipts (2025-01-01 to 2026-12-30), and each
/// supplier's lead-time samples in days.
pub fn stock() -> (
    Vec<StockedItem>,
    Vec<Movement>,
    BTreeMap<SupplierId, Vec<f64>>,
) {
    let mut rng = Rng(99);
    let first = parse_day("2025-01-01").unwrap();
    let items: Vec<StockedItem> = (0..STOCKED)
        .map(|i| StockedItem {
            item_id: format!("s{}/i{}", i as u64 % SUPPLIERS, i).into(),
            location: if i % 2 == 0 { "Main" } else { "Lab" }.into(),
            supplier_id: format!("s{}", i as u64 % SUPPLIERS).into(),
            on_hand: Decimal::from(rng.below(120)),
            on_order: Decimal::ZERO,
            order_cost: Decimal::from(40),
            holding: Holding::Rate {
                rate_per_year: Decimal::new(25, 2),
                unit_price: Decimal::new(100 + rng.below(10_000) as i64, 2),
            },
            service_level: 0.95,
            pack_size: Decimal::from(1 + rng.below(12)),
            min_order_qty: Decimal::from(rng.below(50)),
            lead_time_days: 7,
        })
        .collect();
    let mut movements = Vec::new();
    for item in &items {
        let per_year = 50 + rng.below(100);
        for _ in 0..per_year * 2 * 9 / 10 {
            movements.push(Movement {
                item_id: item.item_id.clone(),
                location: item.location.clone(),
                day: add_days(first, rng.below(730) as i64),
                kind: MovementKind::Issue,
                quantity: Decimal::from(1 + rng.below(5)),
            });
        }
        for _ in 0..per_year * 2 / 10 {
            movements.push(Movement {
                item_id: item.item_id.clone(),
                location: item.location.clone(),
                day: add_days(first, rng.below(730) as i64),
                kind: MovementKind::Receipt,
                quantity: Decimal::from(20 + rng.below(40)),
            });
        }
    }
    let lead_times = (0..SUPPLIERS)
        .map(|s| {
            let base = 3.0 + (s % 10) as f64;
            let samples = (0..20).map(|_| base + rng.below(6) as f64).collect();
            (SupplierId::from(format!("s{s}")), samples)
        })
        .collect();
    (items, movements, lead_times)
}
