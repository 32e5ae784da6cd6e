//! ABC classes of catalog items by annual consumption value: what each item cost the
//! organisation (committed: approved and ordered) over the twelve months up to a month, ranked
//! by [`crate::inventory::abc`] with its boundary rule. Non-catalog lines have no item and are
//! left out; an item with no spend in the window has no class.

use super::{Dim, SourceRef, SpendCube};
use crate::inventory::{self, AbcClass};
use procura_ground::id::ItemId;
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::Requisition;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The month labels (`YYYY-MM`) of the twelve months ending with `last` (`YYYY-MM`), oldest
/// first; empty when `last` is not a month.
pub fn twelve_months(last: &str) -> Vec<String> {
    let Some((y, m)) = last.split_once('-') else {
        return Vec::new();
    };
    let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<i32>()) else {
        return Vec::new();
    };
    if !(1..=12).contains(&m) {
        return Vec::new();
    }
    let months = y * 12 + (m - 1);
    (months - 11..=months)
        .map(|n| format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1))
        .collect()
}

/// Each catalog item's committed spend over the twelve months ending with `last_month`, and its
/// class by the cut-offs (fractions, 0.8 and 0.95 by default). `orders` and `requisitions` are
/// the ones the cube was built from.
pub fn item_classes(
    cube: &SpendCube,
    orders: &[PurchaseOrder],
    requisitions: &[Requisition],
    last_month: &str,
    a_cut: f64,
    b_cut: f64,
) -> BTreeMap<ItemId, (Decimal, AbcClass)> {
    let months: Vec<u32> = twelve_months(last_month)
        .iter()
        .filter_map(|m| cube.key(Dim::Month, m))
        .collect();
    let orders: HashMap<&str, &PurchaseOrder> = orders.iter().map(|o| (o.id.as_str(), o)).collect();
    let reqs: HashMap<&str, &Requisition> =
        requisitions.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut spend: BTreeMap<ItemId, Decimal> = BTreeMap::new();
    for fact in cube.facts() {
        if !fact.catalog || !months.contains(&fact.keys[Dim::Month.index()]) {
            continue;
        }
        let item = match cube.source(fact) {
            SourceRef::OrderLine { order, line_no } => orders
                .get(order.as_str())
                .and_then(|o| o.lines.iter().find(|l| l.line_no == line_no))
                .and_then(|l| l.item_id.clone()),
            SourceRef::RequisitionLine { requisition, line } => reqs
                .get(requisition.as_str())
                .and_then(|r| r.lines.get(line as usize))
                .and_then(|l| l.item_id.clone()),
        };
        let (Some(item), Ok(committed)) = (item, fact.amounts.committed()) else {
            continue;
        };
        let total = spend.entry(item).or_default();
        *total = total.checked_add(committed).unwrap_or(*total);
    }
    let values: Vec<f64> = spend.values().map(|v| v.to_f64().unwrap_or(0.0)).collect();
    let classes = inventory::abc(&values, a_cut, b_cut);
    spend
        .into_iter()
        .zip(classes)
        .map(|((item, value), class)| (item, (value, class)))
        .collect()
}
