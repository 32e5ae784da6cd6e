//! The demo's purchasing history in the hub: seeded once into an empty hub, pulled by devices
//! like any record, every supplier message one the hub's own checks accept, and counted by the
//! rules' indexes (a budget holds what the history committed; a line the history ordered cannot
//! be ordered again).

mod common;

use common::*;
use procura_endpoint::order_events::{self, Verdict};
use procura_ground::date::{parse_day, start_ms, Quarter};
use procura_ground::reason::Reason;
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_procurement::approval::{
    self, Decision, Requisition, RequisitionDraft, RequisitionLine, Status, Verdict as Choice,
};
use rust_decimal::prelude::ToPrimitive;

const SIZE: DemoSize = DemoSize {
    seed: 5,
    suppliers: 3,
    items_per_supplier: 200,
    marketplace_sellers: 0,
    items_per_seller: 0,
};

/// 2026-12-07, 09:00 UTC: the hub's clock in these tests.
fn now() -> i64 {
    start_ms(parse_day("2026-12-07").unwrap()) + 9 * 3_600_000
}

fn seeded() -> (Store, usize) {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SIZE).unwrap();
    let written = store.seed_demo_history(SIZE.seed, now()).unwrap();
    (store, written)
}

fn pull_all(store: &Store) -> Vec<Record> {
    let mut cursor = Cursor::start();
    let mut records = Vec::new();
    loop {
        let page = store.pull(&cursor, MAX_PULL_LIMIT).unwrap();
        for change in page.changes {
            if let RecordChange::Upsert { record } = change {
                records.push(record);
            }
        }
        cursor = page.next_cursor;
        if !page.has_more {
            return records;
        }
    }
}

fn user(username: &str) -> User {
    demo::users()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap()
}

/// Pushes `op` as `who` (one mutation from a fresh device); the outcome.
fn push(store: &mut Store, who: &str, device: &str, op: Op) -> OutcomeResult {
    let req = PushRequest {
        client_id: device.to_owned(),
        mutations: vec![Mutation {
            id: 1,
            created_at_ms: now(),
            op,
        }],
    };
    let answer = store.push(&user(who), &req, now()).unwrap();
    answer.outcomes[0].result.clone()
}

#[test]
fn the_history_is_seeded_once_and_devices_pull_it() {
    let (mut store, written) = seeded();
    let records = pull_all(&store);
    let requisitions: Vec<&Requisition> =
        records.iter().filter_map(Record::as_requisition).collect();
    let orders: Vec<&PurchaseOrder> = records.iter().filter_map(Record::as_order).collect();
    assert!(orders.len() >= 250, "{} orders", orders.len());
    let assessments = records
        .iter()
        .filter(|r| matches!(r, Record::Assessment(_)))
        .count();
    assert!(assessments > 0, "the suppliers are rated");
    // The stock room: eight stocked items and their goods issues.
    let stocks = records
        .iter()
        .filter(|r| matches!(r, Record::Stock(_)))
        .count();
    let issues = records
        .iter()
        .filter(|r| matches!(r, Record::GoodsIssue(_)))
        .count();
    assert_eq!(stocks, demo::stock::ITEMS);
    assert!(issues > 8 * 20, "two years of goods issues: {issues}");
    let invoices = records
        .iter()
        .filter(|r| matches!(r, Record::Invoice(_)))
        .count();
    // The contracts: one in force with agreed item prices, one with a category discount,
    // one ended; each as the hub would have recorded it.
    let contracts: Vec<&procura_invoicing::contracts::Contract> = records
        .iter()
        .filter_map(|r| match r {
            Record::Contract(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(contracts.len(), 3);
    let today = procura_ground::date::day_of_ms(now());
    let in_force = contracts
        .iter()
        .filter(|c| procura_invoicing::contracts::in_force(c, today))
        .count();
    assert_eq!(in_force, 2);
    assert!(contracts.iter().any(|c| c.terms.prices.len() == 3
        && c.terms
            .prices
            .iter()
            .all(|p| matches!(p, procura_invoicing::contracts::AgreedPrice::Item { .. }))));
    for c in &contracts {
        procura_invoicing::contracts::check_terms(&c.terms).expect("valid terms");
    }
    assert_eq!(
        requisitions.len()
            + orders.len()
            + assessments
            + stocks
            + issues
            + invoices
            + contracts.len(),
        written
    );
    assert!(requisitions.iter().all(|r| r.status == Status::Approved));
    // What the demo makes from the same suppliers, catalogs, policy and day.
    let suppliers = demo::suppliers(SIZE.suppliers);
    let made = demo::history::history(
        SIZE.seed,
        procura_ground::date::day_of_ms(now()),
        &demo::policy(),
        &suppliers,
        |id| {
            suppliers
                .iter()
                .find(|s| s.id == id.as_str())
                .map(|s| {
                    let mut items = demo::generate_catalog(SIZE.seed, s, SIZE.items_per_supplier);
                    items.sort_by(|a, b| a.id.cmp(&b.id));
                    items
                })
                .unwrap_or_default()
        },
    );
    assert_eq!(made.orders.len(), orders.len());
    for (a, b) in made.orders.iter().zip(&orders) {
        assert_eq!(a, *b);
    }

    // Once per database: again, and after a reset, nothing.
    assert_eq!(store.seed_demo_history(SIZE.seed, now()).unwrap(), 0);
    store.reset_hub().unwrap();
    assert_eq!(store.seed_demo_history(SIZE.seed, now()).unwrap(), 0);
    assert!(pull_all(&store)
        .iter()
        .all(|r| r.as_order().is_none() && r.as_requisition().is_none()));
}

#[test]
fn a_hub_with_requisitions_of_its_own_gets_no_history() {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SIZE).unwrap();
    let outcome = push(&mut store, "buyer", "d1", submit("own-1", "CC-100", 500));
    assert_eq!(outcome, OutcomeResult::Applied);
    assert_eq!(store.seed_demo_history(SIZE.seed, now()).unwrap(), 0);
    let records = pull_all(&store);
    assert_eq!(records.iter().filter_map(Record::as_requisition).count(), 1);
}

#[test]
fn every_supplier_message_of_the_history_passes_the_hubs_checks() {
    let (store, _) = seeded();
    let records = pull_all(&store);
    let mut checked = 0;
    for po in records.iter().filter_map(Record::as_order) {
        for (n, event) in po.events.iter().enumerate() {
            let before = PurchaseOrder {
                events: po.events[..n].to_vec(),
                ..po.clone()
            };
            match event {
                // The hub's own: the supplier's receipt of the order, the buyer's receipts
                // (decided by the core's rules as the history was made).
                OrderEvent::Sent { .. } | OrderEvent::Received { .. } => {}
                _ => {
                    assert_eq!(
                        order_events::check(&before, event),
                        Ok(Verdict::New),
                        "{}: {event:?}",
                        po.number
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 800, "{checked} supplier messages");
}

/// A draft of one free-text line of `net` CNY for `cost_centre`, needed this quarter.
fn submit(id: &str, cost_centre: &str, net: i64) -> Op {
    Op::SubmitRequisition {
        requisition: RequisitionDraft {
            id: id.into(),
            base_revision: 0,
            title: format!("Budget check {id}"),
            cost_centre: cost_centre.into(),
            account: "6003".into(),
            need_by: parse_day("2026-12-18"),
            delivery_address: "Facilities office".into(),
            justification: "Repairs".into(),
            lines: vec![RequisitionLine {
                item_id: None,
                description: "Repair of the loading bay door".into(),
                supplier_id: "officeplus".into(),
                supplier_name: "OfficePlus Supplies".into(),
                unspsc: String::new(),
                quantity: Decimal::ONE,
                unit: "EA".into(),
                unit_price: Decimal::from(net),
                currency: "CNY".into(),
                tax_percent: None,
                note: String::new(),
                contract: None,
            }],
        },
    }
}

/// The hub's requisition `id`.
fn requisition(store: &Store, id: &str) -> Requisition {
    pull_all(store)
        .into_iter()
        .find_map(|r| match r {
            Record::Requisition(r) if r.id == id => Some(r),
            _ => None,
        })
        .unwrap()
}

/// The director approves every step of `id` they may (their approval counts for each step
/// they are in).
fn director_approves(store: &mut Store, id: &str, device: &str) -> OutcomeResult {
    let r = requisition(store, id);
    let step = r.current_step().unwrap().key.clone();
    push(
        store,
        "director",
        device,
        Op::DecideRequisition {
            decision: Decision {
                requisition_id: r.id.clone(),
                revision: r.revision,
                step,
                verdict: Choice::Approve,
                on_behalf_of: None,
                comment: String::new(),
            },
        },
    )
}

#[test]
fn the_budget_ledger_and_the_ordered_lines_count_the_history() {
    let (mut store, _) = seeded();
    let records = pull_all(&store);
    let requisitions: Vec<&Requisition> =
        records.iter().filter_map(Record::as_requisition).collect();
    let policy = demo::policy();
    let period = Quarter::of(parse_day("2026-12-18").unwrap());
    let committed = approval::committed_in(requisitions.iter().copied(), "CC-300", period, "");
    let budget = policy.budget("CC-300", period).unwrap().amount;
    assert!(
        committed > Decimal::ZERO && committed * Decimal::from(5) <= budget,
        "the history uses the quarter's budget lightly: {committed} of {budget}"
    );
    let room = (budget - committed).floor().to_i64().unwrap();

    // A requisition for a little more than what the history left is refused at its final
    // approval; one for exactly what is left passes.
    assert_eq!(
        push(
            &mut store,
            "buyer",
            "b1",
            submit("over", "CC-300", room + 1)
        ),
        OutcomeResult::Applied
    );
    let refused = director_approves(&mut store, "over", "d1");
    assert!(
        matches!(
            &refused,
            OutcomeResult::Refused {
                reason: Some(Reason::BudgetExceeded { .. }),
                ..
            }
        ),
        "{refused:?}"
    );
    assert_eq!(
        push(&mut store, "buyer", "b2", submit("fits", "CC-300", room)),
        OutcomeResult::Applied
    );
    assert_eq!(
        director_approves(&mut store, "fits", "d2"),
        OutcomeResult::Applied
    );
    assert_eq!(requisition(&store, "fits").status, Status::Approved);

    // A line the history ordered cannot be ordered again.
    let po = records.iter().find_map(Record::as_order).unwrap().clone();
    let again = PurchaseOrder {
        id: "again-1".into(),
        events: Vec::new(),
        ..po
    };
    let outcome = push(&mut store, "buyer", "b3", Op::CreateOrder { order: again });
    assert!(
        matches!(
            &outcome,
            OutcomeResult::Refused {
                reason: Some(Reason::AlreadyOrdered { .. }),
                ..
            }
        ),
        "{outcome:?}"
    );
}

/// Accounts payable's first look: the last weeks' receipts invoiced, most matching by rule, a
/// few exceptions to decide (price over tolerance, damaged goods billed), over-billings already
/// credited matching, and every invoice on an order of its own supplier.
#[test]
fn the_demo_invoices_mostly_match_and_leave_a_few_exceptions_to_decide() {
    use procura_invoicing::invoice::{DocKind, Invoice};
    use procura_invoicing::matching::{self, Status, Variance};
    let (store, _) = seeded();
    let records = pull_all(&store);
    let orders: std::collections::BTreeMap<String, PurchaseOrder> = records
        .iter()
        .filter_map(Record::as_order)
        .map(|o| (o.id.to_string(), o.clone()))
        .collect();
    let invoices: Vec<&Invoice> = records
        .iter()
        .filter_map(|r| match r {
            Record::Invoice(i) => Some(i),
            _ => None,
        })
        .collect();
    assert!(invoices.len() >= 10, "{} invoices", invoices.len());
    let tolerances = demo::policy().invoicing;
    let statuses = matching::statuses(|id| orders.get(id), &invoices, &[], &tolerances);
    let count = |s: Status| statuses.values().filter(|(st, _)| *st == s).count();
    let (matched, exceptions) = (count(Status::Matched), count(Status::Exception));
    assert!(
        matched > 2 * exceptions,
        "{matched} matched, {exceptions} exceptions"
    );
    assert!(exceptions >= 2, "{exceptions} exceptions");
    let found = |f: &dyn Fn(&Variance) -> bool| {
        statuses.values().any(|(st, m)| {
            *st == Status::Exception && m.findings.iter().any(|x| x.exception && f(&x.variance))
        })
    };
    assert!(
        found(&|v| matches!(v, Variance::PriceOver { .. })),
        "a price over tolerance"
    );
    assert!(
        found(&|v| matches!(v, Variance::QuantityOverAccepted { .. })),
        "damaged goods billed"
    );
    let credits: Vec<&&Invoice> = invoices
        .iter()
        .filter(|i| i.kind() == DocKind::CreditNote)
        .collect();
    assert!(!credits.is_empty());
    for c in credits {
        assert_eq!(statuses[&c.id].0, Status::Matched, "{}", c.id);
    }
    for i in &invoices {
        let o = &orders[i.order_id.as_ref().unwrap().as_str()];
        assert_eq!(o.supplier_id, i.supplier_id);
    }
}

/// The stock room as a buyer first sees it: some items due for reorder, some not, and no
/// level below zero in the past year's weekly chart (what was used came in before).
#[test]
fn the_demo_stock_room_has_items_due_and_a_history_that_adds_up() {
    use procura_spend::stock;
    let (_store, _) = seeded();
    let records = pull_all(&_store);
    let orders: Vec<PurchaseOrder> = records
        .iter()
        .filter_map(Record::as_order)
        .cloned()
        .collect();
    let stocks: Vec<stock::Stock> = records
        .iter()
        .filter_map(|r| match r {
            Record::Stock(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let issues: Vec<stock::GoodsIssue> = records
        .iter()
        .filter_map(|r| match r {
            Record::GoodsIssue(g) => Some(g.clone()),
            _ => None,
        })
        .collect();
    let catalog: Vec<CatalogItem> = demo::suppliers(SIZE.suppliers)
        .iter()
        .flat_map(|s| demo::generate_catalog(SIZE.seed, s, SIZE.items_per_supplier))
        .collect();
    let today = procura_ground::date::day_of_ms(now());
    let moved = stock::movements(&stocks, &issues, &orders);
    let rows = stock::reorder(
        &stocks,
        &moved,
        &orders,
        |id| catalog.iter().find(|c| &c.id == id).cloned(),
        &Default::default(),
        today,
        52,
    );
    let due = rows
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|r| r.suggested.is_some()))
        .count();
    assert!(rows.iter().all(Result::is_ok), "every item is planned");
    let figures: Vec<String> = rows
        .iter()
        .flatten()
        .map(|r| format!("{} ≤ {}?", r.level.on_hand, r.plan.reorder_point))
        .collect();
    assert!(
        due >= 2 && due <= stocks.len() - 2,
        "{due} of {} due: {figures:?}",
        stocks.len()
    );
    for (i, s) in stocks.iter().enumerate() {
        let weeks = stock::weekly_levels(s, &moved, i, today, 52);
        assert!(
            weeks.iter().all(|q| *q >= Decimal::ZERO),
            "{}: {weeks:?}",
            s.item_id
        );
    }
}
