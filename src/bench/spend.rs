//! The spend and reorder benchmark's side (`scripts/bench-spend`, `tests/bench/spend.mjs`): the
//! seeded organisation of [`procura_spend::sample`] (50,000 order lines, 2,000 stocked items with
//! two years of goods issues) generated in the page, and each computation the Spend and Reorder
//! screens make, run once per call and timed here with `performance.now()`. The runner repeats
//! the calls, reads the wasm memory between them and prints the figures.
//!
//! Each naive alternative checks that it gives the same answer as the path the app takes, and
//! says so by failing otherwise: a faster wrong answer is no figure.

use super::{js_err, performance_now};
use procura_ground::date::{add_days, parse_day, Quarter};
use procura_ground::id::SupplierId;
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::{Policy, Requisition};
use procura_spend::replenish::{self, History, ItemPlan, Movement, StockedItem};
use procura_spend::sample;
use procura_spend::spend::budget::budget_vs_actual;
use procura_spend::spend::{self, Dim, Filter, SpendCube};
use serde_json::json;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use wasm_bindgen::prelude::*;

/// The last day of the sample's history: the plan looks back from here.
const TODAY: &str = "2026-12-31";
/// Two years of weekly periods.
const WEEKS: u32 = 104;

fn cube_of(c: &Option<SpendCube>) -> Result<&SpendCube, JsValue> {
    c.as_ref().ok_or_else(|| js_err("no cube yet"))
}

#[derive(Default)]
struct SpendState {
    policy: Option<Policy>,
    requisitions: Vec<Requisition>,
    orders: Vec<PurchaseOrder>,
    items: Vec<StockedItem>,
    movements: Vec<Movement>,
    lead_times: BTreeMap<SupplierId, Vec<f64>>,
    cube: Option<SpendCube>,
    plans: Vec<ItemPlan>,
    suggestions: usize,
    skipped: usize,
}

thread_local! {
    static SPEND: RefCell<SpendState> = RefCell::new(SpendState::default());
}

fn window() -> History {
    let today = parse_day(TODAY).expect("a valid day");
    History {
        first_day: add_days(today, -(i64::from(WEEKS) * 7) + 1),
        period_days: 7,
        periods: WEEKS,
    }
}

/// Generates the sample organisation in the page; returns JSON `{ms, orders, order_lines,
/// requisitions, stocked, movements, issues}`.
#[wasm_bindgen]
pub fn bench_spend_generate() -> String {
    let started = performance_now();
    let policy = sample::policy();
    let (requisitions, orders) = sample::history();
    let (items, movements, lead_times) = sample::stock();
    let ms = performance_now() - started;
    let order_lines: usize = orders.iter().map(|o| o.lines.len()).sum();
    let issues = movements
        .iter()
        .filter(|m| m.kind == replenish::MovementKind::Issue)
        .count();
    let out = json!({
        "ms": ms,
        "orders": orders.len(),
        "order_lines": order_lines,
        "requisitions": requisitions.len(),
        "stocked": items.len(),
        "movements": movements.len(),
        "issues": issues,
        "weeks": WEEKS,
    });
    SPEND.with(|s| {
        *s.borrow_mut() = SpendState {
            policy: Some(policy),
            requisitions,
            orders,
            items,
            movements,
            lead_times,
            ..SpendState::default()
        }
    });
    out.to_string()
}

/// Runs one named computation once and returns its milliseconds:
///
/// * `cube`: `spend::cube` from the orders and requisitions (every line converted, every
///   roll-up with its drill-down lists), what the Spend screen computes once per change of the
///   records; the result is kept for the next ones;
/// * `cube_per_cell`: every cell of every roll-up computed on its own by a scan of all facts
///   (`SpendCube::group` filtered to the cell), as a screen computing each bar separately
///   would; checked equal to the cube's cells;
/// * `filter`: one filtered roll-up (spend by month of segment 44), what a chosen category asks;
/// * `abc`: the ABC classes of suppliers and of category families (the screen's two choices);
/// * `budget`: budget against actual of every cost centre in 2026-Q2;
/// * `plan`: `replenish::plan` (demand bucketed per item and week in one pass over the log)
///   and `replenish::suggestions` for all stocked items over two years of weeks;
/// * `plan_per_item`: the same plans with the movement log filtered for each item separately;
///   checked equal to `plan`'s.
#[wasm_bindgen]
pub fn bench_spend_run(what: &str) -> Result<f64, JsValue> {
    SPEND.with(|s| {
        let mut guard = s.borrow_mut();
        let st = &mut *guard;
        let policy = st
            .policy
            .as_ref()
            .ok_or_else(|| js_err("nothing generated"))?;
        let started = performance_now();
        match what {
            "cube" => {
                let c = spend::cube(policy, &st.orders, &st.requisitions)
                    .map_err(|_| js_err("overflow"))?;
                let ms = performance_now() - started;
                st.cube = Some(c);
                return Ok(ms);
            }
            "cube_per_cell" => {
                let c = cube_of(&st.cube)?;
                let mut all = Vec::new();
                for dim in Dim::ALL {
                    for (label, _) in c.by(dim) {
                        let g = c
                            .group(dim, &Filter::new().with(dim, label))
                            .map_err(|_| js_err("overflow"))?;
                        all.push(g);
                    }
                }
                let ms = performance_now() - started;
                let mut cells = all.into_iter();
                for dim in Dim::ALL {
                    for (label, cell) in c.by(dim) {
                        let g = cells.next().ok_or_else(|| js_err("cells missing"))?;
                        if g.get(label) != Some(cell) {
                            return Err(js_err(format!("cell {dim:?} {label} differs")));
                        }
                    }
                }
                return Ok(ms);
            }
            "filter" => {
                let c = cube_of(&st.cube)?;
                black_box(
                    c.group(Dim::Month, &Filter::new().with(Dim::Segment, "44"))
                        .map_err(|_| js_err("overflow"))?,
                );
            }
            "abc" => {
                let c = cube_of(&st.cube)?;
                for dim in [Dim::Supplier, Dim::Family] {
                    black_box(c.abc(dim, 0.8, 0.95).map_err(|_| js_err("overflow"))?);
                }
            }
            "budget" => {
                let c = cube_of(&st.cube)?;
                let q = Quarter::new(2026, 2).ok_or_else(|| js_err("quarter"))?;
                black_box(budget_vs_actual(c, policy, q, 91).map_err(|_| js_err("overflow"))?);
            }
            "plan" => {
                let (plans, skipped) =
                    replenish::plan(&st.items, &st.movements, &st.lead_times, window());
                let suggestions = replenish::suggestions(&st.items, &plans);
                let ms = performance_now() - started;
                st.suggestions = suggestions.len();
                st.skipped = skipped.len();
                st.plans = plans;
                return Ok(ms);
            }
            "plan_per_item" => {
                let mut all = Vec::with_capacity(st.items.len());
                for item in &st.items {
                    let mine: Vec<Movement> = st
                        .movements
                        .iter()
                        .filter(|m| m.item_id == item.item_id && m.location == item.location)
                        .cloned()
                        .collect();
                    let (p, _) = replenish::plan(
                        std::slice::from_ref(item),
                        &mine,
                        &st.lead_times,
                        window(),
                    );
                    all.extend(p);
                }
                let suggestions = replenish::suggestions(&st.items, &all);
                let ms = performance_now() - started;
                if st.plans.is_empty() {
                    return Err(js_err("run plan first"));
                }
                if all != st.plans || suggestions.len() != st.suggestions {
                    return Err(js_err("the per-item plans differ"));
                }
                return Ok(ms);
            }
            other => return Err(js_err(format!("unknown computation {other}"))),
        }
        Ok(performance_now() - started)
    })
}

/// What was computed, as JSON: the cube's facts, cells and bytes (`SpendCube::bytes`: its
/// vectors' capacities), the planned, skipped and suggested items.
#[wasm_bindgen]
pub fn bench_spend_info() -> Result<String, JsValue> {
    SPEND.with(|s| {
        let st = s.borrow();
        let c = st.cube.as_ref().ok_or_else(|| js_err("no cube yet"))?;
        let cells: usize = Dim::ALL.iter().map(|d| c.by(*d).count()).sum();
        Ok(json!({
            "facts": c.facts().len(),
            "cells": cells,
            "unconverted": c.unconverted.len(),
            "cube_bytes": c.bytes(),
            "planned": st.plans.len(),
            "skipped": st.skipped,
            "suggestions": st.suggestions,
        })
        .to_string())
    })
}

/// Drops the generated data and results (the runner reads the memory after).
#[wasm_bindgen]
pub fn bench_spend_clear() {
    SPEND.with(|s| *s.borrow_mut() = SpendState::default());
}
