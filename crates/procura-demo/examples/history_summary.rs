//! The demo's purchasing history as the hub seeds it by default (three suppliers of 800 items,
//! the demo policy and seed), in figures: orders, lines and spend per quarter, and how each
//! supplier delivered.
//!
//! ```text
//! cargo run -p procura-demo --example history_summary [-- YYYY-MM-DD [seed]]
//! ```
//! The day is "today" (default: the computer's date, UTC); the history ends before it.

use procura_demo::demo::history::{figures, history, weaker_supplier};
use procura_demo::demo::{generate_catalog, policy, suppliers, DEFAULT_SEED};
use procura_ground::date::{day_of_ms, parse_day};
use procura_ground::id::SupplierId;
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let mut args = std::env::args().skip(1);
    let today = match args.next() {
        Some(text) => parse_day(&text).unwrap_or_else(|| panic!("{text:?} is not YYYY-MM-DD")),
        None => day_of_ms(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("a clock after 1970")
                .as_millis() as i64,
        ),
    };
    let seed = args
        .next()
        .map_or(DEFAULT_SEED, |s| s.parse().expect("a number"));
    let suppliers = suppliers(3);
    let items: HashMap<SupplierId, _> = suppliers
        .iter()
        .map(|s| (s.id.as_str().into(), generate_catalog(seed, s, 800)))
        .collect();
    let policy = policy();
    let started = std::time::Instant::now();
    let h = history(seed, today, &policy, &suppliers, |id| {
        items.get(id).cloned().unwrap_or_default()
    });
    let took = started.elapsed();
    let f = figures(&h, &policy);
    let bytes: usize = h
        .requisitions
        .iter()
        .map(|r| serde_json::to_vec(r).map_or(0, |b| b.len()))
        .chain(
            h.orders
                .iter()
                .map(|o| serde_json::to_vec(o).map_or(0, |b| b.len())),
        )
        .sum();
    println!(
        "History before {today} (seed {seed}): {} requisitions, {} orders, {} order lines \
         ({} free-text), {:.1} MB as JSON, made in {} ms",
        f.requisitions,
        f.orders,
        f.lines,
        f.free_text_lines,
        bytes as f64 / 1e6,
        took.as_millis()
    );
    println!();
    println!(
        "{:<9} {:>7} {:>7} {:>14}",
        "quarter", "orders", "lines", "net CNY"
    );
    for q in &f.quarters {
        println!(
            "{:<9} {:>7} {:>7} {:>14}",
            q.quarter.to_string(),
            q.orders,
            q.lines,
            q.net.round_dp(2)
        );
    }
    println!();
    println!(
        "{:<11} {:>6} {:>6} {:>9} {:>9} {:>10} {:>9} {:>9} {:>14}",
        "supplier",
        "orders",
        "lines",
        "received",
        "on time",
        "damaged",
        "ack h",
        "price ∆",
        "net CNY"
    );
    let weak = weaker_supplier(&suppliers);
    for s in &f.suppliers {
        println!(
            "{:<11} {:>6} {:>6} {:>9} {:>8}% {:>9}% {:>9} {:>8}% {:>14}{}",
            s.supplier_id.as_str(),
            s.orders,
            s.lines,
            s.lines_received,
            s.on_time_percent(),
            s.damaged_percent(),
            s.mean_ack_hours(),
            s.price_change_percent(),
            s.net.round_dp(2),
            if weak == Some(s.supplier_id.as_str()) {
                "  (the weaker one)"
            } else {
                ""
            }
        );
    }
    let mut per_cc: HashMap<(String, String), rust_decimal::Decimal> = HashMap::new();
    for r in &h.requisitions {
        *per_cc
            .entry((r.period().to_string(), r.cost_centre.to_string()))
            .or_default() += r.totals.net;
    }
    let current = procura_ground::date::Quarter::of(today);
    println!();
    println!("Committed this quarter ({current}), of the budget:");
    for cc in &policy.cost_centres {
        let used = per_cc
            .get(&(current.to_string(), cc.code.to_string()))
            .copied()
            .unwrap_or_default();
        let budget = policy
            .budget(cc.code.as_str(), current)
            .map_or_else(|| "no budget".to_owned(), |b| b.amount.to_string());
        println!(
            "  {:<7} {:>12} of {}",
            cc.code.as_str(),
            used.round_dp(2),
            budget
        );
    }
}
