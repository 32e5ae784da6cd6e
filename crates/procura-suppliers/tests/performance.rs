//! Scorecards from hand-made order histories with figures worked out by hand, the standing
//! window, the policy's checks, and properties of the measures.

use procura_ground::date::{add_days, parse_day, start_ms, Date, Quarter};
use procura_suppliers::performance::{
    current_standing, may_order, score, trend, LineFacts, MetricKind, ReceiptFacts, Standing,
    StandingPolicy,
};
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Evaluator, Scores};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const HOUR: i64 = 3_600_000;

fn day(text: &str) -> Date {
    parse_day(text).unwrap()
}

fn at(text: &str) -> i64 {
    start_ms(day(text))
}

fn line(
    supplier: &str,
    order: &str,
    no: u32,
    ordered: &str,
    need_by: &str,
    qty: Decimal,
) -> LineFacts {
    LineFacts {
        supplier_id: supplier.into(),
        order_id: order.into(),
        line_no: no,
        ordered_at_ms: at(ordered),
        sent_at_ms: None,
        acknowledged_at_ms: None,
        quantity: qty,
        need_by: day(need_by),
        promised: None,
        agreed_price: dec!(2.00),
        confirmed_price: None,
        currency: "CNY".into(),
        catalog_lead_days: None,
        receipts: Vec::new(),
    }
}

fn receipt(on: &str, accepted: Decimal, damaged: Decimal) -> ReceiptFacts {
    ReceiptFacts {
        at_ms: at(on) + 10 * HOUR,
        accepted,
        damaged,
    }
}

fn evaluation(supplier: &str, period: &str, s: [u8; 4]) -> Evaluation {
    let draft = EvaluationDraft {
        id: format!("e-{supplier}-{period}-{s:?}"),
        supplier_id: supplier.into(),
        period: period.into(),
        scores: Scores {
            quality: s[0],
            delivery: s[1],
            price: s[2],
            service: s[3],
        },
        comment: String::new(),
    };
    let who = Evaluator {
        id: "u".into(),
        name: "U".into(),
    };
    Evaluation::from_draft(&draft, &who, 0).unwrap()
}

/// Acme's first quarter of 2026 (see each line's comment), as of 2026-04-10.
fn acme_q1() -> Vec<LineFacts> {
    let mut lines = Vec::new();
    // o1, ordered 5 January, sent an hour later, acknowledged 29 hours after sending.
    let sent = at("2026-01-05") + HOUR;
    let acked = at("2026-01-05") + 30 * HOUR;
    // Line 1: 10 by 15 January, all 10 on the 14th: on time, exact; catalog says 7 days, it
    // took 9.
    let mut l = line("acme", "o1", 1, "2026-01-05", "2026-01-15", dec!(10));
    l.sent_at_ms = Some(sent);
    l.acknowledged_at_ms = Some(acked);
    l.confirmed_price = Some(dec!(2.00));
    l.catalog_lead_days = Some(7);
    l.receipts = vec![receipt("2026-01-14", dec!(10), dec!(0))];
    lines.push(l);
    // Line 2: promised for the 20th at 2.10 (5 % up); 6 good + 2 damaged on the 18th, the last
    // 4 on the 25th: late, 12 delivered of 10.
    let mut l = line("acme", "o1", 2, "2026-01-05", "2026-01-15", dec!(10));
    l.sent_at_ms = Some(sent);
    l.acknowledged_at_ms = Some(acked);
    l.promised = Some(day("2026-01-20"));
    l.confirmed_price = Some(dec!(2.10));
    l.receipts = vec![
        receipt("2026-01-18", dec!(6), dec!(2)),
        receipt("2026-01-25", dec!(4), dec!(0)),
    ];
    lines.push(l);
    // o2, 1 February: sent, never acknowledged, never delivered (due 10 February).
    let mut l = line("acme", "o2", 1, "2026-02-01", "2026-02-10", dec!(5));
    l.sent_at_ms = Some(at("2026-02-01"));
    lines.push(l);
    // o3, 30 March: acknowledged in 2 hours, due 20 April: not judged yet on 10 April.
    let mut l = line("acme", "o3", 1, "2026-03-30", "2026-04-20", dec!(5));
    l.sent_at_ms = Some(at("2026-03-30"));
    l.acknowledged_at_ms = Some(at("2026-03-30") + 2 * HOUR);
    l.confirmed_price = Some(dec!(2.00));
    lines.push(l);
    lines
}

fn close(actual: Option<f64>, expected: f64) {
    let a = actual.expect("a score");
    assert!((a - expected).abs() < 0.01, "{a} ≠ {expected}");
}

#[test]
fn acme_first_quarter_by_hand() {
    let q1 = Quarter::new(2026, 1).unwrap();
    let evals = [evaluation("acme", "2026-Q1", [5, 4, 3, 2])];
    let scores = score(
        &acme_q1(),
        &evals,
        q1,
        day("2026-04-10"),
        &StandingPolicy::default(),
    );
    assert_eq!(scores.len(), 1);
    let s = &scores[0];
    assert_eq!((s.quarter, s.first_quarter), (q1, q1));
    let m = |k| s.metric(k).unwrap().clone();
    // 1 of the 3 judged lines on time (o3 is not due yet).
    assert_eq!(m(MetricKind::OnTime).basis, 3);
    close(m(MetricKind::OnTime).score, 100.0 / 3.0);
    // Accuracy 1, 0.8 (12 of 10), 0 (nothing of 5).
    close(m(MetricKind::QuantityAccuracy).score, 60.0);
    // 20 accepted, 2 damaged.
    close(m(MetricKind::Quality).score, 2000.0 / 22.0);
    assert_eq!(m(MetricKind::Quality).basis, 2);
    // Lines 1.0, 0.5 (5 % up), 1.0; one of three went up.
    close(m(MetricKind::PriceStability).score, 250.0 / 3.0);
    close(m(MetricKind::PriceStability).figure, 1.0 / 3.0);
    // o1 29 h → (168 − 29) / 144; o2 none after a week → 0; o3 2 h → 1.
    let o1 = (168.0 - 29.0) / 144.0;
    close(
        m(MetricKind::Responsiveness).score,
        (o1 + 1.0) / 3.0 * 100.0,
    );
    close(m(MetricKind::Responsiveness).figure, 15.5);
    // 9 days against 7: 1 − 2/7.
    close(m(MetricKind::LeadTime).score, (1.0 - 2.0 / 7.0) * 100.0);
    assert_eq!(m(MetricKind::LeadTime).basis, 1);
    // (5·35 + 4·30 + 3·20 + 2·15) / 100 = 3.85 → (3.85 − 1) / 4.
    close(m(MetricKind::Evaluations).score, 71.25);
    close(m(MetricKind::Evaluations).figure, 3.85);
    let weighted = 25.0 * 100.0 / 3.0
        + 10.0 * 60.0
        + 25.0 * 2000.0 / 22.0
        + 10.0 * 250.0 / 3.0
        + 5.0 * (o1 + 1.0) / 3.0 * 100.0
        + 10.0 * (1.0 - 2.0 / 7.0) * 100.0
        + 15.0 * 71.25;
    close(s.overall, weighted / 100.0);
    assert_eq!(s.standing, Standing::Fair);
    assert!(may_order("Acme", s).is_ok());
}

#[test]
fn a_line_not_yet_due_and_open_is_not_judged() {
    let q1 = Quarter::new(2026, 1).unwrap();
    let lines = vec![line("acme", "o1", 1, "2026-03-01", "2026-03-20", dec!(1))];
    let early = score(
        &lines,
        &[],
        q1,
        day("2026-03-10"),
        &StandingPolicy::default(),
    );
    assert_eq!(early[0].metric(MetricKind::OnTime).unwrap().score, None);
    assert_eq!(early[0].overall, None);
    assert_eq!(early[0].standing, Standing::Unrated);
    let late = score(
        &lines,
        &[],
        q1,
        day("2026-03-21"),
        &StandingPolicy::default(),
    );
    close(late[0].metric(MetricKind::OnTime).unwrap().score, 0.0);
    assert_eq!(late[0].standing, Standing::Blocked);
    let refusal = may_order("Acme Ltd", &late[0]).unwrap_err();
    assert_eq!(refusal.reason.code(), "supplier.blocked");
    assert!(refusal.message.contains("Acme Ltd"), "{}", refusal.message);
}

#[test]
fn the_standing_pools_the_last_four_quarters_with_data() {
    let policy = StandingPolicy::default();
    // Late everything in 2025-Q1, on time in Q2–Q4 and 2026-Q1, nothing yet in 2026-Q2.
    let mut lines = Vec::new();
    for (i, (ordered, due)) in [
        ("2025-01-10", "2025-01-20"),
        ("2025-04-10", "2025-04-20"),
        ("2025-07-10", "2025-07-20"),
        ("2025-10-10", "2025-10-20"),
        ("2026-01-10", "2026-01-20"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut l = line("acme", &format!("o{i}"), 1, ordered, due, dec!(1));
        let received = if i == 0 {
            add_days(day(due), 30)
        } else {
            day(due)
        };
        l.receipts = vec![receipt(&received.to_string(), dec!(1), dec!(0))];
        lines.push(l);
    }
    // Early in 2026-Q2 the standing is still the year before, without 2025-Q1.
    let now = current_standing(&lines, &[], &"acme".into(), day("2026-04-02"), &policy);
    assert_eq!(now.quarter, Quarter::new(2026, 2).unwrap());
    assert_eq!(now.first_quarter, Quarter::new(2025, 2).unwrap());
    assert_eq!(now.metric(MetricKind::OnTime).unwrap().basis, 4);
    close(now.metric(MetricKind::OnTime).unwrap().score, 100.0);
    assert_eq!(now.standing, Standing::Good);
    // Asked in 2025-Q1 (later data ignored), only the late quarter counts: late but complete
    // and undamaged, (0·25 + 100·10 + 100·25) / 60.
    let then = current_standing(&lines, &[], &"acme".into(), day("2025-03-01"), &policy);
    close(then.metric(MetricKind::OnTime).unwrap().score, 0.0);
    close(then.overall, 3500.0 / 60.0);
    assert_eq!(then.standing, Standing::Fair);
    // No data at all: unrated.
    let none = current_standing(&lines, &[], &"bolt".into(), day("2026-04-02"), &policy);
    assert_eq!(none.standing, Standing::Unrated);
    // The trend has one score per quarter with data.
    let t = trend(&lines, &[], &"acme".into(), day("2026-04-02"), &policy);
    assert_eq!(t.len(), 5);
    assert_eq!(t[0].standing, Standing::Fair);
    assert!(t[1..].iter().all(|s| s.standing == Standing::Good));
}

#[test]
fn a_good_evaluation_is_evidence_too() {
    let policy = StandingPolicy::default();
    let lines = vec![line("acme", "o1", 1, "2026-01-10", "2026-01-20", dec!(1))];
    let blocked = current_standing(&lines, &[], &"acme".into(), day("2026-02-01"), &policy);
    assert_eq!(blocked.standing, Standing::Blocked);
    let evals = [evaluation("acme", "2026-Q1", [5, 5, 5, 5])];
    let lifted = current_standing(&lines, &evals, &"acme".into(), day("2026-02-01"), &policy);
    // 0 on time (25), 0 quantity (10), 100 evaluations (15): 1500 / 50 = 30, warn.
    close(lifted.overall, 30.0);
    assert_eq!(lifted.standing, Standing::Warn);
}

#[test]
fn the_policy_is_checked() {
    assert!(StandingPolicy::default().problems().is_empty());
    let mut p = StandingPolicy::default();
    p.weights.push((MetricKind::OnTime, 5));
    p.weights[1].1 = 101;
    let codes: Vec<_> = p.problems().iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "policy.standing_weight_invalid",
            "policy.standing_weight_invalid"
        ]
    );
    let p = StandingPolicy {
        weights: vec![(MetricKind::Quality, 0)],
        blocked_below: 60,
        warn_below: 50,
        good_from: 80,
    };
    let codes: Vec<_> = p.problems().iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "policy.standing_no_weight",
            "policy.standing_bands_unordered"
        ]
    );
    let p = StandingPolicy {
        good_from: 101,
        ..StandingPolicy::default()
    };
    assert_eq!(p.problems().len(), 1);
    assert_eq!(p.standing(Some(29.99)), Standing::Blocked);
    assert_eq!(p.standing(Some(30.0)), Standing::Warn);
}

fn arb_line(supplier: usize, no: u32) -> impl Strategy<Value = LineFacts> {
    (
        0i64..80,
        1i64..30,
        1u32..20,
        proptest::option::of(0i64..10),
        proptest::option::of(0i64..200),
        proptest::option::of(50u32..150),
        proptest::collection::vec((0i64..60, 0u32..12, 0u32..3), 0..3),
        proptest::option::of(1u32..15),
    )
        .prop_map(
            move |(start, due_in, qty, promise_shift, ack_h, price_pct, receipts, lead)| {
                let ordered = add_days(day("2026-01-01"), start);
                let mut l = line(
                    ["a", "b"][supplier],
                    &format!("o{supplier}-{no}"),
                    no,
                    &ordered.to_string(),
                    &add_days(ordered, due_in).to_string(),
                    Decimal::from(qty),
                );
                l.promised = promise_shift.map(|s| add_days(l.need_by, s));
                l.sent_at_ms = Some(l.ordered_at_ms + HOUR);
                l.acknowledged_at_ms = ack_h.map(|h| l.ordered_at_ms + (h + 1) * HOUR);
                l.confirmed_price = price_pct.map(|p| dec!(2.00) * Decimal::from(p) / dec!(100));
                l.catalog_lead_days = lead;
                l.receipts = receipts
                    .into_iter()
                    .map(|(d, a, dmg)| ReceiptFacts {
                        at_ms: start_ms(add_days(ordered, d)),
                        accepted: Decimal::from(a),
                        damaged: Decimal::from(dmg),
                    })
                    .collect();
                l
            },
        )
}

fn arb_facts() -> impl Strategy<Value = Vec<LineFacts>> {
    proptest::collection::vec((0usize..2, any::<u32>()), 1..12).prop_flat_map(|keys| {
        keys.into_iter()
            .enumerate()
            .map(|(i, (s, _))| arb_line(s, i as u32 + 1))
            .collect::<Vec<_>>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_within_0_and_100(facts in arb_facts(), as_of in 0i64..200) {
        let q1 = Quarter::new(2026, 1).unwrap();
        let as_of = add_days(day("2026-01-01"), as_of);
        for s in score(&facts, &[], q1, as_of, &StandingPolicy::default()) {
            for m in &s.metrics {
                if let Some(v) = m.score {
                    prop_assert!((0.0..=100.0).contains(&v), "{:?}", m);
                }
            }
            if let Some(o) = s.overall {
                prop_assert!((0.0..=100.0).contains(&o));
            }
        }
    }

    #[test]
    fn the_order_of_facts_does_not_matter(facts in arb_facts(), rotate in 0usize..12) {
        let q1 = Quarter::new(2026, 1).unwrap();
        let as_of = day("2026-05-01");
        let policy = StandingPolicy::default();
        let before = score(&facts, &[], q1, as_of, &policy);
        let mut shuffled = facts.clone();
        shuffled.reverse();
        let k = rotate % shuffled.len();
        shuffled.rotate_left(k);
        prop_assert_eq!(before, score(&shuffled, &[], q1, as_of, &policy));
    }

    #[test]
    fn another_line_on_time_never_lowers_on_time(facts in arb_facts(), start in 0i64..80) {
        let q1 = Quarter::new(2026, 1).unwrap();
        let as_of = day("2026-05-01");
        let policy = StandingPolicy::default();
        let on_time = |facts: &[LineFacts]| {
            score(facts, &[], q1, as_of, &policy)
                .into_iter()
                .find(|s| s.supplier_id.as_str() == "a")
                .and_then(|s| s.metric(MetricKind::OnTime).and_then(|m| m.score))
        };
        let before = on_time(&facts);
        let ordered = add_days(day("2026-01-01"), start);
        let mut good = line("a", "extra", 999, &ordered.to_string(), &add_days(ordered, 5).to_string(), dec!(3));
        good.receipts = vec![ReceiptFacts { at_ms: start_ms(add_days(ordered, 4)), accepted: dec!(3), damaged: dec!(0) }];
        let mut more = facts.clone();
        more.push(good);
        let after = on_time(&more).expect("the new line is judged");
        prop_assert!(after >= before.unwrap_or(0.0) - 1e-9, "{:?} → {}", before, after);
    }
}
