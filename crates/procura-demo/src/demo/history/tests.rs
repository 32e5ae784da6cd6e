use super::*;
use crate::demo::{generate_catalog, policy, suppliers, users, DEFAULT_SEED};
use procura_ground::date::parse_day;
use procura_orders::order::hub::{self as order_hub};
use procura_orders::order::progress;
use procura_procurement::approval::audit;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const ITEMS: usize = 300;

fn today() -> Date {
    parse_day("2026-12-06").expect("a day")
}

fn catalogs(count: usize) -> (Vec<DemoSupplier>, HashMap<SupplierId, Vec<CatalogItem>>) {
    let suppliers = suppliers(count);
    let items = suppliers
        .iter()
        .map(|s| {
            (
                SupplierId::from(s.id.as_str()),
                generate_catalog(DEFAULT_SEED, s, ITEMS),
            )
        })
        .collect();
    (suppliers, items)
}

fn make(seed: u64, today: Date, count: usize) -> History {
    let (suppliers, items) = catalogs(count);
    history(seed, today, &policy(), &suppliers, |id| {
        items.get(id).cloned().unwrap_or_default()
    })
}

/// The history of the demo's three suppliers (the hub's default), made once for the tests.
fn demo_history() -> &'static History {
    static HISTORY: OnceLock<History> = OnceLock::new();
    HISTORY.get_or_init(|| make(DEFAULT_SEED, today(), 3))
}

fn buyer() -> Actor {
    let user = users()
        .into_iter()
        .find(|u| u.roles.contains(&Role::Buyer))
        .expect("a demo buyer");
    Actor::from(&user)
}

#[test]
fn the_same_seed_makes_the_same_history_and_another_seed_another() {
    let one = make(7, today(), 3);
    assert_eq!(one, make(7, today(), 3));
    assert_ne!(one, make(8, today(), 3));
    assert_eq!(*demo_history(), make(DEFAULT_SEED, today(), 3));
    // Whatever order the suppliers and their items come in.
    let (mut suppliers, items) = catalogs(3);
    suppliers.reverse();
    let reversed = history(7, today(), &policy(), &suppliers, |id| {
        let mut held = items.get(id).cloned().unwrap_or_default();
        held.reverse();
        held
    });
    assert_eq!(reversed, one);
}

#[test]
fn requisitions_are_approved_along_their_route_with_an_intact_trail() {
    let h = demo_history();
    let policy = policy();
    assert!(!h.requisitions.is_empty());
    assert!(h
        .requisitions
        .windows(2)
        .all(|w| w[0].submitted_at_ms <= w[1].submitted_at_ms));
    assert!(h
        .orders
        .windows(2)
        .all(|w| w[0].created_at_ms <= w[1].created_at_ms));
    let mut ids = BTreeSet::new();
    for r in &h.requisitions {
        assert!(ids.insert(r.id.clone()), "ids are unique: {}", r.id);
        assert_eq!(r.status, Status::Approved, "{}", r.title);
        assert_eq!(audit::verify(r), Ok(()), "{}", r.title);
        assert!(r.route.iter().all(|s| s.is_complete()), "{}", r.title);
        for step in &r.route {
            for a in &step.approvals {
                assert!(step.approvers.contains(&a.principal), "{}", r.title);
                assert_ne!(a.principal, r.requester, "nobody approves their own");
                assert!(policy.within_limit(a.principal.as_str(), r.totals.net));
            }
        }
        // The route the policy gives today, for a requisition like it.
        let draft = r.draft();
        let requester = users()
            .into_iter()
            .find(|u| u.id == r.requester)
            .expect("a demo user asked");
        let nothing = |_: Committed<'_>| Decimal::ZERO;
        let org = approval::Org {
            policy: &policy,
            delegations: &[],
            committed: &nothing,
        };
        let resubmitted = approval::submit(
            &RequisitionDraft {
                base_revision: 0,
                ..draft
            },
            None,
            &Actor::from(&requester),
            &org,
            r.submitted_at_ms,
        )
        .expect("the draft is valid when it was submitted");
        let keys = |r: &Requisition| r.route.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&resubmitted), keys(r), "{}", r.title);
        assert!(
            r.audit.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
            "{}: the trail runs forward in time",
            r.title
        );
    }
}

#[test]
fn every_order_is_one_the_hub_accepts_and_every_line_is_ordered() {
    let h = demo_history();
    let policy = policy();
    let requisitions: HashMap<String, Requisition> = h
        .requisitions
        .iter()
        .map(|r| (r.id.to_string(), r.clone()))
        .collect();
    let buyer = buyer();
    let mut numbers = BTreeSet::new();
    for (i, po) in h.orders.iter().enumerate() {
        assert!(numbers.insert(po.number.clone()), "{} is unique", po.number);
        // Created as the hub creates it: the order without its events, against the
        // requisitions and the other orders.
        let others: Vec<&PurchaseOrder> = h
            .orders
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, o)| o)
            .collect();
        let requisition = |id: &str| requisitions.get(id).cloned();
        let ordered = |id: &str| order::ordered_lines(others.iter().copied(), id);
        let ctx = OrderContext {
            requisition: &requisition,
            ordered_lines: &ordered,
            supplier_exists: true,
            default_tax_percent: policy.default_tax_percent,
        };
        let bare = PurchaseOrder {
            events: Vec::new(),
            ..po.clone()
        };
        assert_eq!(
            order_hub::create(&bare, false, &buyer, &ctx, po.created_at_ms),
            Ok(bare.clone()),
            "{}",
            po.number
        );
        // Its events run forward, start with the sending, and each receipt is one the hub
        // accepts at its moment.
        assert!(
            matches!(po.events.first(), Some(OrderEvent::Sent { .. })),
            "{}",
            po.number
        );
        assert!(
            po.events.windows(2).all(|w| w[0].at_ms() <= w[1].at_ms()),
            "{}",
            po.number
        );
        for (n, event) in po.events.iter().enumerate() {
            let before = PurchaseOrder {
                events: po.events[..n].to_vec(),
                ..po.clone()
            };
            let lines = progress(&before);
            match event {
                OrderEvent::Received {
                    at_ms,
                    receipt_id,
                    lines: received,
                    ..
                } => {
                    let after = order_hub::receive(&before, receipt_id, received, &buyer, *at_ms)
                        .unwrap_or_else(|e| panic!("{}: receipt refused: {e:?}", po.number));
                    assert_eq!(after.events.last(), Some(event));
                }
                OrderEvent::Shipped { lines: shipped, .. } => {
                    for s in shipped {
                        let p = lines
                            .iter()
                            .find(|p| p.line_no == s.line_no)
                            .expect("a line");
                        let kept = p.shipped - p.damaged + s.quantity;
                        assert!(
                            s.quantity > Decimal::ZERO && kept <= p.confirmed.unwrap_or(p.ordered),
                            "{}: shipped more than confirmed",
                            po.number
                        );
                    }
                }
                OrderEvent::Delivered { shipment_id, .. } => {
                    assert!(
                        po.events[..n].iter().any(|e| matches!(e,
                            OrderEvent::Shipped { shipment_id: s, .. } if s == shipment_id)),
                        "{}: delivered before shipped",
                        po.number
                    );
                }
                OrderEvent::Acknowledged { lines: acks, .. } => {
                    assert!(acks
                        .iter()
                        .all(|a| lines.iter().any(|p| p.line_no == a.line_no())));
                }
                OrderEvent::Sent { .. } => assert_eq!(n, 0),
                _ => panic!("{}: an event the history does not make", po.number),
            }
            assert!(
                limits_hold(event),
                "{}: an event past the hub's caps",
                po.number
            );
        }
    }
    // Nothing is left for the buyer to order: "create orders" has nothing to do.
    for r in &h.requisitions {
        let mut ordered = order::ordered_lines(h.orders.iter(), r.id.as_str());
        ordered.sort_unstable();
        assert_eq!(
            ordered,
            (0..r.lines.len() as u32).collect::<Vec<_>>(),
            "{}",
            r.title
        );
    }
}

fn limits_hold(event: &OrderEvent) -> bool {
    match event {
        OrderEvent::Received {
            receipt_id, lines, ..
        } => procura_sync::limits::check_op(&Op::ReceiveGoods {
            order_id: "o".into(),
            receipt_id: receipt_id.clone(),
            lines: lines.clone(),
        })
        .is_ok(),
        _ => true,
    }
}

#[test]
fn everything_happened_before_today_and_most_orders_are_received() {
    let h = demo_history();
    let cutoff = start_ms(today());
    for r in &h.requisitions {
        assert!(r.audit.iter().all(|e| e.at_ms < cutoff), "{}", r.title);
        assert!(
            Quarter::of(r.need_by) <= Quarter::of(today()),
            "{}",
            r.title
        );
    }
    let mut open = 0;
    for po in &h.orders {
        assert!(po.created_at_ms < cutoff);
        assert!(
            po.events.iter().all(|e| e.at_ms() < cutoff),
            "{}",
            po.number
        );
        let received = progress(po)
            .iter()
            .all(|p| p.state == order::LineState::Received);
        open += usize::from(!received);
    }
    // Only the last weeks' orders may still be on their way.
    assert!(
        open * 20 < h.orders.len(),
        "{open} of {} still open",
        h.orders.len()
    );
}

#[test]
fn eight_quarters_before_this_one_with_seasons_and_a_bounded_size() {
    let h = demo_history();
    let f = figures(h, &policy());
    assert!(f.orders <= MAX_ORDERS, "{} orders", f.orders);
    let current = Quarter::of(today());
    let expected: Vec<Quarter> = (1..=8).rev().map(|b| shift(current, -b).unwrap()).collect();
    let past: Vec<&QuarterFigures> = f.quarters.iter().filter(|q| q.quarter < current).collect();
    assert_eq!(
        past.iter().map(|q| q.quarter).collect::<Vec<_>>(),
        expected,
        "every one of the eight quarters before this one"
    );
    for q in &past {
        assert!(q.orders >= 20, "{}: {} orders", q.quarter, q.orders);
    }
    let now = f.quarters.iter().find(|q| q.quarter == current);
    let now_orders = now.map_or(0, |q| q.orders);
    assert!(
        now_orders > 0 && now_orders < past.iter().map(|q| q.orders).min().unwrap(),
        "the current quarter lightly: {now_orders} orders"
    );
    // Seasons: copy paper and stationery peak in the third quarter, cleaning in the fourth.
    let lines_in = |segments: &[&str], quarter_of_year: u8| -> usize {
        h.orders
            .iter()
            .filter(|o| {
                let q = Quarter::of(day_of_ms(o.created_at_ms));
                q < current && q.quarter() == quarter_of_year
            })
            .flat_map(|o| &o.lines)
            .filter(|l| segments.contains(&l.unspsc.get(..2).unwrap_or("")))
            .count()
    };
    let office = [1, 2, 3, 4].map(|q| lines_in(&["14", "44"], q));
    assert!(
        office[2] > office[0] + office[0] / 2 && office[2] > office[1] + office[1] / 2,
        "office supplies by quarter of the year: {office:?}"
    );
    let cleaning = [1, 2, 3, 4].map(|q| lines_in(&["47"], q));
    assert!(
        cleaning[3] > cleaning[0] + cleaning[0] / 2 && cleaning[3] > cleaning[2],
        "cleaning supplies by quarter of the year: {cleaning:?}"
    );
    // Several requesters, cost centres and accounts; some free-text lines.
    let distinct = |key: fn(&Requisition) -> String| {
        h.requisitions
            .iter()
            .map(key)
            .collect::<BTreeSet<_>>()
            .len()
    };
    assert!(distinct(|r| r.requester.to_string()) >= 2);
    assert_eq!(distinct(|r| r.cost_centre.to_string()), 3);
    assert_eq!(distinct(|r| r.account.to_string()), 4);
    assert!(
        f.free_text_lines >= 10,
        "{} free-text lines",
        f.free_text_lines
    );
    assert!(f.free_text_lines * 10 < f.lines, "mostly catalog lines");
}

#[test]
fn the_weaker_supplier_delivers_measurably_worse() {
    let (suppliers, _) = catalogs(3);
    let weak = weaker_supplier(&suppliers).expect("a weaker supplier");
    assert_eq!(weak, WEAKER_SUPPLIER);
    let f = figures(demo_history(), &policy());
    let (weaker, others): (Vec<&SupplierFigures>, Vec<&SupplierFigures>) =
        f.suppliers.iter().partition(|s| s.supplier_id == weak);
    let weaker = weaker[0];
    assert_eq!(others.len(), 2);
    assert!(
        weaker.lines_received >= 40,
        "{} lines",
        weaker.lines_received
    );
    for good in others {
        assert!(good.lines_received >= 40, "{:?}", good);
        assert!(
            weaker.on_time_percent() + Decimal::from(20) < good.on_time_percent(),
            "on time: {} {} vs {} {}",
            weak,
            weaker.on_time_percent(),
            good.supplier_id,
            good.on_time_percent()
        );
        assert!(
            weaker.damaged_percent() > good.damaged_percent() * Decimal::from(3),
            "damaged: {} vs {}",
            weaker.damaged_percent(),
            good.damaged_percent()
        );
        assert!(weaker.mean_ack_hours() > good.mean_ack_hours() * Decimal::from(5));
        assert!(weaker.price_change_percent() > good.price_change_percent());
        assert!(good.on_time_percent() >= Decimal::from(80));
    }
}

#[test]
fn budgets_stay_within_their_share_and_the_current_quarter_well_under() {
    let h = demo_history();
    let policy = policy();
    let current = Quarter::of(today());
    let periods: BTreeSet<Quarter> = h.requisitions.iter().map(|r| r.period()).collect();
    assert!(periods.iter().all(|p| *p <= current));
    for cc in &policy.cost_centres {
        for period in &periods {
            let committed =
                approval::committed_in(h.requisitions.iter(), cc.code.as_str(), *period, "");
            let Some(budget) = policy.budget(cc.code.as_str(), *period) else {
                continue;
            };
            let share = if *period == current {
                CURRENT_BUDGET_SHARE_PERCENT
            } else {
                PAST_BUDGET_SHARE_PERCENT
            };
            assert!(
                committed * Decimal::ONE_HUNDRED <= budget.amount * Decimal::from(share),
                "{} {period}: {committed} of {}",
                cc.code,
                budget.amount
            );
            if *period == current {
                assert!(
                    committed > Decimal::ZERO || cc.code != "CC-100",
                    "partly used"
                );
            }
        }
        // No audit entry says a budget was overrun.
        assert!(h
            .requisitions
            .iter()
            .all(|r| r.audit.iter().all(|e| !e.detail.contains("over budget"))));
    }
}

#[test]
fn smaller_demos_and_early_days_still_make_a_history() {
    // Two suppliers (the tests' demo): the second is the weaker one.
    let two = make(3, today(), 2);
    assert!(two.orders.len() > 100);
    let (suppliers, _) = catalogs(2);
    assert_eq!(weaker_supplier(&suppliers), Some(suppliers[1].id.as_str()));
    // One supplier: a history, nobody to compare with.
    assert!(make(3, today(), 1).orders.len() > 50);
    assert_eq!(weaker_supplier(&suppliers[..1]), None);
    // The second day of a quarter: nothing in it yet, the eight before it in full.
    let early = parse_day("2027-01-02").unwrap();
    let h = make(3, early, 2);
    assert!(h
        .requisitions
        .iter()
        .all(|r| Quarter::of(day_of_ms(r.submitted_at_ms)) < Quarter::of(early)));
    // No suppliers: no history.
    assert_eq!(
        history(1, today(), &policy(), &[], |_| Vec::new()),
        History::default()
    );
}
