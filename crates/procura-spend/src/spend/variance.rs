//! Price variance: what each catalog order line cost against the best offer for the same
//! product on the day it was ordered, the savings a buyer missed.
//!
//! "The same product" is a comparison group of the catalog ([`procura_catalog::compare`]:
//! offers grouped by GTIN, or manufacturer and part number). The catalog on a device is today's;
//! offers as they stood when an order was placed come in as [`PricedOffer`]s with the days
//! they were valid, and [`offers_from_catalog`] makes them from today's catalog.
//!
//! Only offers sold in the order line's unit are compared (a box of 12 is not a piece); an
//! offer whose currency has no rate, or that does not sell the line's quantity (below its
//! first tier), is not a candidate. Both sides are priced by the one rounding rule: the line's
//! quantity at the unit price, rounded in the offer's currency, converted and rounded in the
//! policy's.

use super::{converted, ordered_at, Overflow};
use procura_catalog::catalog::{CatalogItem, PriceTier};
use procura_catalog::compare::OfferGroups;
use procura_ground::date::{self, Date};
use procura_ground::id::{ItemId, OrderId};
use procura_orders::order::{self, PurchaseOrder};
use procura_procurement::approval::Policy;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One supplier's offer of a product, as it stood over some days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOffer {
    pub item_id: ItemId,
    /// The comparison group: offers with the same key are the same product.
    pub product: String,
    /// UN/ECE Rec 20 order unit.
    pub order_unit: String,
    pub currency: String,
    /// Ascending by `min_qty`.
    pub tiers: Vec<PriceTier>,
    pub valid_from: Date,
    /// The last day it was valid (inclusive); `None`: still valid.
    pub valid_until: Option<Date>,
}

impl PricedOffer {
    fn valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|u| day <= u)
    }

    /// The unit price at `qty`: the highest tier whose minimum it reaches.
    fn price_at(&self, qty: Decimal) -> Option<Decimal> {
        self.tiers
            .iter()
            .rev()
            .find(|t| t.min_qty <= qty)
            .map(|t| t.unit_price)
    }
}

/// Today's catalog as offers valid from `valid_from` on, grouped by the catalog's comparison
/// groups (`groups` built from the same `items`).
pub fn offers_from_catalog(
    items: &[CatalogItem],
    groups: &OfferGroups,
    valid_from: Date,
) -> Vec<PricedOffer> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| PricedOffer {
            item_id: item.id.clone(),
            product: format!("g{}", groups.group_of(i).0),
            order_unit: item.order_unit.clone(),
            currency: item.currency.clone(),
            tiers: item.price_tiers.clone(),
            valid_from,
            valid_until: None,
        })
        .collect()
}

/// One order line against the best offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineVariance {
    pub order: OrderId,
    pub line_no: u32,
    pub item_id: ItemId,
    pub quantity: Decimal,
    /// What the line costs, in the policy's currency.
    pub paid: Decimal,
    /// The best offer for the same quantity, in the policy's currency.
    pub best: Decimal,
    pub best_item: ItemId,
    /// `paid − best` when positive, else zero: the saving missed.
    pub missed: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VarianceReport {
    /// Every compared line, in order.
    pub lines: Vec<LineVariance>,
    pub paid: Decimal,
    pub missed: Decimal,
    /// Catalog lines with no candidate offer (unknown item, no offer that day in the unit,
    /// no rate): not compared, counted.
    pub not_compared: usize,
}

/// The price variance of the catalog lines of `orders` against `offers` (the lines as
/// [`super::cube`] counts them ordered; a line with nothing ordered is left out).
pub fn price_variance(
    policy: &Policy,
    orders: &[PurchaseOrder],
    offers: &[PricedOffer],
) -> Result<VarianceReport, Overflow> {
    let mut product_of: HashMap<&str, &str> = HashMap::new();
    let mut by_product: HashMap<&str, Vec<&PricedOffer>> = HashMap::new();
    for o in offers {
        product_of.entry(o.item_id.as_str()).or_insert(&o.product);
        by_product.entry(&o.product).or_default().push(o);
    }
    let mut report = VarianceReport::default();
    for po in orders {
        let progress = order::progress(po);
        let closed = order::is_closed(po);
        let day = date::day_of_ms(po.created_at_ms);
        for (line, p) in po.lines.iter().zip(&progress) {
            let Some(item) = &line.item_id else { continue };
            let (quantity, price) = ordered_at(line, p, closed);
            if quantity.is_zero() {
                continue;
            }
            let Ok(paid) = converted(quantity, price, &po.currency, policy) else {
                report.not_compared += 1;
                continue;
            };
            let candidates = product_of
                .get(item.as_str())
                .and_then(|product| by_product.get(product))
                .into_iter()
                .flatten()
                .filter(|o| o.valid_on(day) && o.order_unit == line.unit);
            let best = candidates
                .filter_map(|o| {
                    let unit = o.price_at(quantity)?;
                    let cost = converted(quantity, unit, &o.currency, policy).ok()?;
                    Some((cost, &o.item_id))
                })
                // The cheapest; on a tie, the smaller item id, so the answer is stable.
                .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
            let Some((best, best_item)) = best else {
                report.not_compared += 1;
                continue;
            };
            let missed = paid.checked_sub(best).ok_or(Overflow)?.max(Decimal::ZERO);
            report.paid = report.paid.checked_add(paid).ok_or(Overflow)?;
            report.missed = report.missed.checked_add(missed).ok_or(Overflow)?;
            report.lines.push(LineVariance {
                order: po.id.clone(),
                line_no: line.line_no,
                item_id: item.clone(),
                quantity,
                paid,
                best,
                best_item: best_item.clone(),
                missed,
            });
        }
    }
    Ok(report)
}
