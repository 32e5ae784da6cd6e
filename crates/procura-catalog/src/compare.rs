//! Comparing offers of the same product: which supplier is cheapest for the quantity the buyer
//! needs, and which is fastest.
//!
//! Prices are compared per base unit (per piece, per kilogram, …) in the buyer's currency, at the
//! tier the needed quantity reaches, so a box of 12 at one supplier and a dozen single pieces at
//! another line up. An offer that cannot be put on that footing (a unit that does not convert, a
//! currency without a rate, no price) is listed apart with the reason, never dropped. Every row
//! keeps the offer's own price and currency next to the converted figures.

mod groups;

pub use groups::{gtin_key, manufacturer_key, mpn_key, GroupId, OfferGroups};

use crate::catalog::{CatalogItem, LocalizedText};
use procura_ground::currency::{Rates, CONVERTED_DP};
use procura_ground::id::SupplierId;
use procura_ground::unit;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One offer, priced for the wanted quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRow {
    /// Index into the items the comparison was made from.
    pub item_index: usize,
    pub supplier_id: SupplierId,
    pub sku: String,
    /// Order units to order: enough packs for the wanted quantity, at least the minimum order.
    pub order_qty: Decimal,
    pub order_unit: String,
    /// Pack size: content units per order unit, and the content unit.
    pub content_per_order_unit: Decimal,
    pub content_unit: String,
    /// What arrives, in the wanted unit (packs round up, so it can exceed what was asked).
    pub delivered_qty: Decimal,
    /// The offer's currency, and its price per order unit at `order_qty` (the tier reached).
    pub currency: String,
    pub unit_price: Decimal,
    /// `order_qty × unit_price`, in the offer's currency.
    pub total: Decimal,
    /// The rate used: one unit of `currency` in the buyer's currency.
    pub rate: Decimal,
    /// The total in the buyer's currency.
    pub total_converted: Decimal,
    /// The price of one base unit in the buyer's currency, to 4 places: what rows are sorted by.
    pub price_per_base_unit: Decimal,
    pub lead_time_days: u32,
    /// Order units in stock, when the supplier tells.
    pub stock: Option<u32>,
    /// Whether the stock covers `order_qty`; `None` when the stock is not known.
    pub stock_covers: Option<bool>,
    /// The lowest `price_per_base_unit` (ties are all marked).
    pub cheapest: bool,
    /// The shortest lead time among offers whose stock is not known to fall short (ties all).
    pub fastest: bool,
}

/// Why an offer could not be priced for the wanted quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Neither its content unit nor its order unit converts to the wanted unit.
    UnitNotConvertible { unit: String, wanted_unit: String },
    /// The organisation has no rate for its currency.
    NoRate { currency: String },
    /// It has no price tiers.
    NoPrice,
    /// Its pack size is zero (a data error upstream).
    NoPackSize,
    /// Its figures are beyond what can be computed exactly (a data error upstream).
    TooLarge,
}

impl Reason {
    /// The reason in words, for the comparison table.
    pub fn describe(&self) -> LocalizedText {
        let name = |code: &str| unit::name(code).unwrap_or_else(|| LocalizedText::new(code, code));
        match self {
            Reason::UnitNotConvertible { unit, wanted_unit } => {
                let (u, w) = (name(unit), name(wanted_unit));
                LocalizedText::new(
                    format!("sold in {}, which does not convert to {}", u.en, w.en),
                    format!("以{}销售，无法换算为{}", u.zh, w.zh),
                )
            }
            Reason::NoRate { currency } => LocalizedText::new(
                format!("no exchange rate for {currency}: ask your administrator"),
                format!("没有 {currency} 的汇率：请联系管理员"),
            ),
            Reason::NoPrice => LocalizedText::new("no price", "无价格"),
            Reason::NoPackSize => LocalizedText::new("pack size is zero", "包装数量为零"),
            Reason::TooLarge => {
                LocalizedText::new("figures too large to compute", "数值过大，无法计算")
            }
        }
    }
}

/// An offer that could not be compared, with what it says as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotComparable {
    pub item_index: usize,
    pub supplier_id: SupplierId,
    pub sku: String,
    pub currency: String,
    /// Price of one order unit at the minimum order quantity, as the supplier states it.
    pub list_price: Option<Decimal>,
    pub order_unit: String,
    pub content_per_order_unit: Decimal,
    pub content_unit: String,
    pub reason: Reason,
}

/// The offers of one product for a wanted quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub wanted_qty: Decimal,
    /// The wanted unit as a Rec 20 code.
    pub wanted_unit: String,
    /// The unit `price_per_base_unit` is per (`H87` for pieces, `KGM`, …).
    pub base_unit: String,
    pub buyer_currency: String,
    /// Comparable offers, cheapest per base unit first.
    pub rows: Vec<OfferRow>,
    /// The others, in the order they were given.
    pub not_comparable: Vec<NotComparable>,
}

/// Prices each offer in `members` (indices into `items`) for `wanted_qty` of `wanted_unit`, in
/// the buyer's currency of `rates`. See the module docs for the rules.
pub fn compare(
    items: &[CatalogItem],
    members: &[usize],
    wanted_qty: Decimal,
    wanted_unit: &str,
    rates: &Rates,
) -> Comparison {
    let wanted_unit = unit::normalize(wanted_unit).map_or_else(|raw| raw, str::to_owned);
    let (base_unit, wanted_factor) = unit::base(&wanted_unit);
    // Past the bounds nothing is comparable: every offer is too large.
    let wanted_in_base = wanted_qty
        .max(Decimal::ZERO)
        .checked_mul(wanted_factor)
        .filter(|_| wanted_qty <= procura_ground::money::MAX_QUANTITY);
    let mut rows = Vec::new();
    let mut not_comparable = Vec::new();
    for &index in members {
        let item = &items[index];
        let priced = wanted_in_base
            .ok_or(Reason::TooLarge)
            .and_then(|wanted| price(item, wanted, base_unit, rates));
        match priced {
            Ok(priced) => rows.push(OfferRow {
                item_index: index,
                supplier_id: item.supplier_id.clone(),
                sku: item.sku.clone(),
                delivered_qty: priced.delivered(wanted_factor),
                order_qty: priced.order_qty,
                order_unit: item.order_unit.clone(),
                content_per_order_unit: item.content_per_order_unit,
                content_unit: item.content_unit.clone(),
                currency: item.currency.clone(),
                unit_price: priced.unit_price,
                total: priced.total,
                rate: priced.rate,
                total_converted: priced.total_converted,
                price_per_base_unit: priced.per_base,
                lead_time_days: item.lead_time_days,
                stock: item.stock,
                stock_covers: item.stock.map(|s| Decimal::from(s) >= priced.order_qty),
                cheapest: false,
                fastest: false,
            }),
            Err(reason) => not_comparable.push(NotComparable {
                item_index: index,
                supplier_id: item.supplier_id.clone(),
                sku: item.sku.clone(),
                currency: item.currency.clone(),
                list_price: item.list_price(),
                order_unit: item.order_unit.clone(),
                content_per_order_unit: item.content_per_order_unit,
                content_unit: item.content_unit.clone(),
                reason: match reason {
                    Reason::UnitNotConvertible { unit, .. } => Reason::UnitNotConvertible {
                        unit,
                        wanted_unit: wanted_unit.clone(),
                    },
                    other => other,
                },
            }),
        }
    }
    rows.sort_by(|a, b| {
        (
            a.price_per_base_unit,
            a.total_converted,
            a.lead_time_days,
            a.item_index,
        )
            .cmp(&(
                b.price_per_base_unit,
                b.total_converted,
                b.lead_time_days,
                b.item_index,
            ))
    });
    if let Some(lowest) = rows.iter().map(|r| r.price_per_base_unit).min() {
        rows.iter_mut()
            .filter(|r| r.price_per_base_unit == lowest)
            .for_each(|r| r.cheapest = true);
    }
    let can_deliver = |r: &OfferRow| r.stock_covers != Some(false);
    let quickest = rows
        .iter()
        .filter(|r| can_deliver(r))
        .map(|r| r.lead_time_days)
        .min();
    if let Some(quickest) = quickest {
        rows.iter_mut()
            .filter(|r| can_deliver(r) && r.lead_time_days == quickest)
            .for_each(|r| r.fastest = true);
    }
    Comparison {
        wanted_qty,
        base_unit: base_unit.to_owned(),
        wanted_unit: wanted_unit.clone(),
        buyer_currency: rates.buyer_currency().to_owned(),
        rows,
        not_comparable,
    }
}

/// A cheaper offer of the same product than the one a requisition line chose, for the
/// approver: both priced for the line's quantity (in content units, packs rounded up), in the
/// buyer's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheaperOffer {
    /// The line's own offer, priced as compared.
    pub chosen: OfferRow,
    /// The cheapest comparable offer per base unit.
    pub cheaper: OfferRow,
    pub base_unit: String,
    /// `(chosen − cheaper)` per base unit × the wanted quantity in base units, buyer currency.
    pub saving: Decimal,
}

/// Whether another offer of the product `chosen` (an index into `items`) is cheaper for
/// `order_qty` order units of it. `members` are the product's offers ([`OfferGroups`]).
pub fn cheaper_offer(
    items: &[CatalogItem],
    members: &[usize],
    chosen: usize,
    order_qty: Decimal,
    rates: &Rates,
) -> Option<CheaperOffer> {
    if members.len() < 2 {
        return None;
    }
    let item = &items[chosen];
    let wanted = order_qty.checked_mul(item.content_per_order_unit)?;
    let comparison = compare(items, members, wanted, &item.content_unit, rates);
    let mine = comparison.rows.iter().find(|r| r.item_index == chosen)?;
    let best = comparison.rows.first()?;
    if best.item_index == chosen || best.price_per_base_unit >= mine.price_per_base_unit {
        return None;
    }
    let (_, factor) = unit::base(&item.content_unit);
    let saving = procura_ground::money::round(
        (mine.price_per_base_unit - best.price_per_base_unit)
            .checked_mul(wanted)?
            .checked_mul(factor)?,
        rates.buyer_currency(),
    );
    Some(CheaperOffer {
        chosen: mine.clone(),
        cheaper: best.clone(),
        base_unit: comparison.base_unit.clone(),
        saving,
    })
}

impl Priced {
    /// What `order_qty` order units deliver, in the wanted unit.
    fn delivered(&self, wanted_factor: Decimal) -> Decimal {
        self.order_qty
            .checked_mul(self.base_per_order)
            .and_then(|q| q.checked_div(wanted_factor))
            .unwrap_or(Decimal::MAX)
            .normalize()
    }
}

/// The figures of one comparable offer.
struct Priced {
    order_qty: Decimal,
    /// Base units in one order unit.
    base_per_order: Decimal,
    unit_price: Decimal,
    total: Decimal,
    rate: Decimal,
    total_converted: Decimal,
    per_base: Decimal,
}

fn price(
    item: &CatalogItem,
    wanted_in_base: Decimal,
    base_unit: &str,
    rates: &Rates,
) -> Result<Priced, Reason> {
    let (content_base, content_factor) = unit::base(&item.content_unit);
    let (order_base, order_factor) = unit::base(&item.order_unit);
    // Most offers convert through what a pack contains; one sold in the wanted unit itself
    // (the buyer counts boxes) converts through the order unit.
    let base_per_order = if content_base == base_unit {
        if item.content_per_order_unit <= Decimal::ZERO {
            return Err(Reason::NoPackSize);
        }
        item.content_per_order_unit
            .checked_mul(content_factor)
            .ok_or(Reason::TooLarge)?
    } else if order_base == base_unit {
        order_factor
    } else {
        return Err(Reason::UnitNotConvertible {
            unit: item.content_unit.clone(),
            wanted_unit: String::new(),
        });
    };
    if item.price_tiers.is_empty() {
        return Err(Reason::NoPrice);
    }
    let rate = rates.rate(&item.currency).ok_or_else(|| Reason::NoRate {
        currency: item.currency.clone(),
    })?;
    let too_large = || Reason::TooLarge;
    let packs = wanted_in_base
        .checked_div(base_per_order)
        .ok_or_else(too_large)?
        .ceil();
    let order_qty = packs.max(item.min_order_qty()).normalize();
    let unit_price = item.unit_price_at(order_qty).ok_or(Reason::NoPrice)?;
    procura_ground::money::check_quantity(order_qty).map_err(|_| too_large())?;
    procura_ground::money::check_price(unit_price).map_err(|_| too_large())?;
    let total = procura_ground::money::line_net(order_qty, unit_price, &item.currency)
        .map_err(|_| too_large())?
        .normalize();
    let round = |d: Option<Decimal>| {
        d.map(|d| {
            d.round_dp_with_strategy(CONVERTED_DP, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        })
        .ok_or_else(too_large)
    };
    let per_base = unit_price
        .checked_mul(rate)
        .and_then(|p| p.checked_div(base_per_order));
    Ok(Priced {
        order_qty,
        base_per_order,
        unit_price,
        total,
        rate,
        total_converted: procura_ground::money::convert(total, rate, rates.buyer_currency())
            .map_err(|_| too_large())?
            .normalize(),
        per_base: round(per_base)?,
    })
}
