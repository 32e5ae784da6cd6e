//! Replenishment of stocked items: demand and its variability from the goods issues, lead time
//! and its variability from the supplier's actual lead times, then the EOQ, the safety stock and
//! the reorder point of each item ([`crate::inventory`]), and the items to reorder now with a
//! quantity a supplier will sell.
//!
//! # Units and periods
//!
//! History is cut into `periods` consecutive periods of `period_days` days each
//! ([`History`]); demand is a mean and a sample standard deviation of the issued quantity per
//! period (a period without issues is a demand of zero), lead times are converted from days to
//! periods, so the safety stock formula gets consistent units. Annual demand is the mean per
//! period × 365 / `period_days`. Quantities are in the item's stock unit, money in the
//! organisation's currency.
//!
//! The statistics are `f64`; quantities and money cross this module's boundary as `Decimal`
//! (safety stock and reorder point rounded up to three decimals, suggested quantities whole
//! packs). A service level of 50 % or less asks for no safety stock: the formula's negative
//! figure is taken as zero.
//!
//! # The rule
//!
//! An item is suggested when its position (on hand + on order) is at or below its reorder
//! point and it had some demand in the window (an item nobody used is not reordered). The
//! quantity is the largest of the EOQ, the minimum order quantity and what lifts the position
//! back to the reorder point, rounded up to whole packs.

use crate::inventory;
use procura_ground::date::{self, Date};
use procura_ground::id::{ItemId, SupplierId};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What it costs to hold one unit for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holding {
    /// A share of the unit price per year (0.25: a quarter of its price), the usual way
    /// (capital, storage, insurance, obsolescence).
    Rate {
        rate_per_year: Decimal,
        unit_price: Decimal,
    },
    /// Money per unit per year, as given.
    PerUnitYear(Decimal),
}

impl Holding {
    pub fn per_unit_year(&self) -> Option<Decimal> {
        match self {
            Holding::Rate {
                rate_per_year,
                unit_price,
            } => rate_per_year.checked_mul(*unit_price),
            Holding::PerUnitYear(h) => Some(*h),
        }
    }
}

/// An item kept in stock at a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockedItem {
    pub item_id: ItemId,
    pub location: String,
    /// Who it is bought from (whose lead times count).
    pub supplier_id: SupplierId,
    pub on_hand: Decimal,
    /// Ordered, not received yet.
    #[serde(default)]
    pub on_order: Decimal,
    /// Money per order placed.
    pub order_cost: Decimal,
    pub holding: Holding,
    /// The cycle service level wanted, strictly between 0 and 1 (0.95).
    pub service_level: f64,
    /// Stock units per order unit: orders are whole packs.
    pub pack_size: Decimal,
    /// The least the supplier sells, in stock units.
    pub min_order_qty: Decimal,
    /// The lead time in days when the supplier has no recorded lead times (the catalog's).
    pub lead_time_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Taken out of stock for use: demand.
    Issue,
    /// Put into stock (a receipt): not demand.
    Receipt,
}

/// A goods issue or receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub item_id: ItemId,
    pub location: String,
    #[serde(with = "date::day")]
    pub day: Date,
    pub kind: MovementKind,
    pub quantity: Decimal,
}

/// The window of history demand is measured over: `periods` periods of `period_days` days,
/// the first starting on `first_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct History {
    pub first_day: Date,
    pub period_days: u32,
    pub periods: u32,
}

impl History {
    /// The period `day` falls in, if inside the window.
    fn period_of(&self, day: Date) -> Option<usize> {
        let offset = (day - self.first_day).whole_days();
        if offset < 0 || self.period_days == 0 {
            return None;
        }
        let p = offset / i64::from(self.period_days);
        (p < i64::from(self.periods)).then_some(p as usize)
    }
}

/// One item's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPlan {
    pub item_id: ItemId,
    pub location: String,
    pub supplier_id: SupplierId,
    /// Demand per period: mean and sample standard deviation.
    pub demand_mean: f64,
    pub demand_sd: f64,
    /// Lead time in periods: mean and sample standard deviation.
    pub lead_time: f64,
    pub lead_time_sd: f64,
    pub annual_demand: f64,
    pub eoq: f64,
    pub safety_stock: Decimal,
    pub reorder_point: Decimal,
    /// On hand + on order.
    pub position: Decimal,
}

/// An item that could not be planned, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub item_id: ItemId,
    pub location: String,
    pub problem: PlanProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanProblem {
    /// Not strictly between 0 and 1.
    ServiceLevel,
    /// The holding cost per unit and year is not above zero (no EOQ), or the order cost is
    /// negative.
    Costs,
    /// The pack size is not above zero or the minimum order is negative.
    Pack,
    /// The window has no period.
    NoWindow,
    /// A figure beyond what can be computed.
    TooLarge,
}

/// What to reorder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReorderSuggestion {
    pub item_id: ItemId,
    pub location: String,
    pub supplier_id: SupplierId,
    pub position: Decimal,
    pub reorder_point: Decimal,
    pub safety_stock: Decimal,
    /// Stock units to order: whole packs, at least the minimum order.
    pub quantity: Decimal,
}

/// Mean and sample standard deviation (n − 1; zero for fewer than two values).
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

fn up3(x: f64) -> Option<Decimal> {
    Decimal::from_f64(x.max(0.0))
        .map(|d| d.round_dp_with_strategy(3, RoundingStrategy::ToPositiveInfinity))
}

/// Every item's figures from `movements` over `history` and the suppliers' `lead_times`
/// (samples in days; a supplier without any: the item's `lead_time_days`, without
/// variability). Items come back in input order, planned or skipped. An item listed twice at
/// one location gets its history in its first listing only.
pub fn plan(
    items: &[StockedItem],
    movements: &[Movement],
    lead_times: &BTreeMap<SupplierId, Vec<f64>>,
    history: History,
) -> (Vec<ItemPlan>, Vec<Skipped>) {
    let periods = history.periods as usize;
    // Issues per item and location, per period.
    let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        index
            .entry((item.item_id.as_str(), &item.location))
            .or_insert(i);
    }
    let mut demand = vec![0.0f64; items.len() * periods];
    for m in movements.iter().filter(|m| m.kind == MovementKind::Issue) {
        let (Some(&i), Some(p)) = (
            index.get(&(m.item_id.as_str(), m.location.as_str())),
            history.period_of(m.day),
        ) else {
            continue;
        };
        demand[i * periods + p] += m.quantity.to_f64().unwrap_or(0.0);
    }
    let mut lead_stats: HashMap<&str, (f64, f64)> = HashMap::new();
    for (supplier, samples) in lead_times {
        let clean: Vec<f64> = samples
            .iter()
            .copied()
            .filter(|d| d.is_finite() && *d >= 0.0)
            .collect();
        if !clean.is_empty() {
            lead_stats.insert(supplier.as_str(), mean_sd(&clean));
        }
    }
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let skip = |problem| Skipped {
            item_id: item.item_id.clone(),
            location: item.location.clone(),
            problem,
        };
        match plan_one(
            item,
            &demand[i * periods..(i + 1) * periods],
            &lead_stats,
            history,
        ) {
            Ok(p) => plans.push(p),
            Err(problem) => skipped.push(skip(problem)),
        }
    }
    (plans, skipped)
}

fn plan_one(
    item: &StockedItem,
    per_period: &[f64],
    lead_stats: &HashMap<&str, (f64, f64)>,
    history: History,
) -> Result<ItemPlan, PlanProblem> {
    if !(item.service_level > 0.0 && item.service_level < 1.0) {
        return Err(PlanProblem::ServiceLevel);
    }
    if item.pack_size <= Decimal::ZERO || item.min_order_qty < Decimal::ZERO {
        return Err(PlanProblem::Pack);
    }
    if history.periods == 0 || history.period_days == 0 {
        return Err(PlanProblem::NoWindow);
    }
    let holding = item.holding.per_unit_year().ok_or(PlanProblem::TooLarge)?;
    if holding <= Decimal::ZERO || item.order_cost < Decimal::ZERO {
        return Err(PlanProblem::Costs);
    }
    let period_days = f64::from(history.period_days);
    let (demand_mean, demand_sd) = mean_sd(per_period);
    let (lt_days, lt_sd_days) = lead_stats
        .get(item.supplier_id.as_str())
        .copied()
        .unwrap_or((f64::from(item.lead_time_days), 0.0));
    let lead_time = lt_days / period_days;
    let lead_time_sd = lt_sd_days / period_days;
    let annual_demand = demand_mean * 365.0 / period_days;
    let eoq = inventory::eoq(
        annual_demand,
        item.order_cost.to_f64().ok_or(PlanProblem::TooLarge)?,
        holding.to_f64().ok_or(PlanProblem::TooLarge)?,
    );
    let ss = inventory::safety_stock(
        item.service_level,
        demand_sd,
        lead_time,
        demand_mean,
        lead_time_sd,
    )
    .max(0.0);
    let rop = inventory::reorder_point(demand_mean, lead_time, ss);
    if !(eoq.is_finite() && rop.is_finite()) {
        return Err(PlanProblem::TooLarge);
    }
    let position = item
        .on_hand
        .checked_add(item.on_order)
        .ok_or(PlanProblem::TooLarge)?;
    Ok(ItemPlan {
        item_id: item.item_id.clone(),
        location: item.location.clone(),
        supplier_id: item.supplier_id.clone(),
        demand_mean,
        demand_sd,
        lead_time,
        lead_time_sd,
        annual_demand,
        eoq,
        safety_stock: up3(ss).ok_or(PlanProblem::TooLarge)?,
        reorder_point: up3(rop).ok_or(PlanProblem::TooLarge)?,
        position,
    })
}

/// The quantity to order for `plan`: the largest of its EOQ, `min_order_qty` and what lifts
/// the position back to the reorder point, rounded up to whole packs of `pack_size` (above
/// zero). `None` if a figure is beyond what can be computed.
pub fn order_quantity(
    plan: &ItemPlan,
    pack_size: Decimal,
    min_order_qty: Decimal,
) -> Option<Decimal> {
    if pack_size <= Decimal::ZERO {
        return None;
    }
    let eoq = Decimal::from_f64(plan.eoq)?;
    let gap = plan.reorder_point.checked_sub(plan.position)?;
    let wanted = eoq.max(min_order_qty).max(gap).max(Decimal::ZERO);
    let packs = wanted.checked_div(pack_size)?.ceil().max(Decimal::ONE);
    packs.checked_mul(pack_size)
}

/// The items at or below their reorder point that had demand in the window, with the
/// quantity to order ([`order_quantity`]); `items` are the ones `plans` came from (matched by
/// item and location).
pub fn suggestions(items: &[StockedItem], plans: &[ItemPlan]) -> Vec<ReorderSuggestion> {
    let by_key: HashMap<(&str, &str), &StockedItem> = items
        .iter()
        .map(|i| ((i.item_id.as_str(), i.location.as_str()), i))
        .collect();
    plans
        .iter()
        .filter(|p| p.demand_mean > 0.0 && p.position <= p.reorder_point)
        .filter_map(|p| {
            let item = by_key.get(&(p.item_id.as_str(), p.location.as_str()))?;
            let quantity = order_quantity(p, item.pack_size, item.min_order_qty)?;
            Some(ReorderSuggestion {
                item_id: p.item_id.clone(),
                location: p.location.clone(),
                supplier_id: p.supplier_id.clone(),
                position: p.position,
                reorder_point: p.reorder_point,
                safety_stock: p.safety_stock,
                quantity,
            })
        })
        .collect()
}
