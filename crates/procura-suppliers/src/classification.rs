//! Supplier classification (供应商分类) on the Kraljic matrix: how much a supplier matters to
//! the organisation's spend (**value**: transaction value, volume and frequency, computed from
//! its order lines) against how much it can hurt (**supply risk**: its impact on delivery and on
//! quality, rated 1–5 by a buyer in an [`crate::assessment::Assessment`]).
//!
//! ## Normalisation
//! Value, volume (order lines) and frequency (orders) are each turned into a **rank among the
//! organisation's suppliers**, `p = (suppliers below + ½ · others level with it) / (n − 1)`
//! (0 for the smallest, 1 for the largest; a sole supplier is 1), and the value score is
//! `1 + 4 · (½ p_value + ¼ p_volume + ¼ p_frequency)`, on the same 1–5 scale as the risk score
//! (the mean of the two impacts). Ranks rather than amounts keep one huge contract from
//! squeezing every other supplier into "low", and need no currency-free threshold.
//!
//! ## Quadrants
//! Value and risk are "high" from [`HIGH_FROM`] (the scale's middle, 3) on: high value and
//! high risk is **strategic** (partnership), high value and low risk **leverage** (competitive
//! bidding), low value and high risk **bottleneck** (secure supply), low and low **routine**
//! (simplify and automate).

use crate::performance::LineFacts;
use procura_ground::id::SupplierId;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where "high" begins on the 1–5 value and risk scales.
pub const HIGH_FROM: f64 = 3.0;

/// What one supplier did with the organisation over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub supplier_id: SupplierId,
    /// Sum of quantity × agreed unit price, in the organisation's currency.
    pub value: Decimal,
    /// Order lines.
    pub lines: u32,
    /// Distinct orders.
    pub orders: u32,
}

/// Each supplier's activity in `facts` with order dates in `[from_ms, to_ms)`, amounts
/// converted to the organisation's currency by `to_base(currency, amount)` (a line it cannot
/// convert is left out of the value but still counts as a line and an order). By supplier id.
pub fn activity(
    facts: &[LineFacts],
    from_ms: i64,
    to_ms: i64,
    to_base: impl Fn(&str, Decimal) -> Option<Decimal>,
) -> Vec<Activity> {
    let mut by: BTreeMap<&SupplierId, (Decimal, u32, BTreeSet<&str>)> = BTreeMap::new();
    for l in facts
        .iter()
        .filter(|l| (from_ms..to_ms).contains(&l.ordered_at_ms))
    {
        let entry = by.entry(&l.supplier_id).or_default();
        let amount = l
            .quantity
            .checked_mul(l.agreed_price)
            .and_then(|a| to_base(&l.currency, a));
        if let Some(a) = amount {
            entry.0 = entry.0.saturating_add(a);
        }
        entry.1 += 1;
        entry.2.insert(l.order_id.as_str());
    }
    by.into_iter()
        .map(|(supplier, (value, lines, orders))| Activity {
            supplier_id: supplier.clone(),
            value,
            lines,
            orders: orders.len() as u32,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    Strategic,
    Leverage,
    Bottleneck,
    Routine,
}

/// What the organisation should do with a supplier of a quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Strategic: a long-term partnership, shared plans, joint improvement.
    Partnership,
    /// Leverage: use the buying power, tender competitively.
    CompetitiveBidding,
    /// Bottleneck: secure the supply (stock, contracts, a second source).
    SecureSupply,
    /// Routine: simplify (catalogs, frameworks, fewer suppliers).
    Simplify,
}

impl Quadrant {
    pub fn of(value_score: f64, risk_score: f64) -> Quadrant {
        match (value_score >= HIGH_FROM, risk_score >= HIGH_FROM) {
            (true, true) => Quadrant::Strategic,
            (true, false) => Quadrant::Leverage,
            (false, true) => Quadrant::Bottleneck,
            (false, false) => Quadrant::Routine,
        }
    }

    pub fn relationship(self) -> Relationship {
        match self {
            Quadrant::Strategic => Relationship::Partnership,
            Quadrant::Leverage => Relationship::CompetitiveBidding,
            Quadrant::Bottleneck => Relationship::SecureSupply,
            Quadrant::Routine => Relationship::Simplify,
        }
    }
}

/// A buyer's rating of how much a supplier can hurt (1 = little, 5 = very much).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impacts {
    pub delivery: u8,
    pub quality: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub supplier_id: SupplierId,
    /// 1..=5 (see the module's normalisation).
    pub value_score: f64,
    /// 1..=5: the mean of the two impacts (each clamped to 1–5).
    pub risk_score: f64,
    pub quadrant: Quadrant,
    pub relationship: Relationship,
}

/// The rank of `x` among `all`, 0..=1 (see the module's notes).
fn rank<T: PartialOrd>(x: &T, all: &[T]) -> f64 {
    if all.len() <= 1 {
        return 1.0;
    }
    let below = all.iter().filter(|y| *y < x).count() as f64;
    let level = all.iter().filter(|y| *y == x).count() as f64 - 1.0;
    (below + level / 2.0) / (all.len() - 1) as f64
}

/// Classifies every supplier of `activities` (the organisation's, for the same period) with
/// the impacts `impacts` gives it; a supplier without rated impacts is left out (its risk is
/// unknown). In the order of `activities`.
pub fn classify(
    activities: &[Activity],
    impacts: impl Fn(&SupplierId) -> Option<Impacts>,
) -> Vec<Classification> {
    let values: Vec<Decimal> = activities.iter().map(|a| a.value).collect();
    let lines: Vec<u32> = activities.iter().map(|a| a.lines).collect();
    let orders: Vec<u32> = activities.iter().map(|a| a.orders).collect();
    activities
        .iter()
        .filter_map(|a| {
            let i = impacts(&a.supplier_id)?;
            let p = 0.5 * rank(&a.value, &values)
                + 0.25 * rank(&a.lines, &lines)
                + 0.25 * rank(&a.orders, &orders);
            let value_score = 1.0 + 4.0 * p;
            let risk_score =
                (f64::from(i.delivery.clamp(1, 5)) + f64::from(i.quality.clamp(1, 5))) / 2.0;
            let quadrant = Quadrant::of(value_score, risk_score);
            Some(Classification {
                supplier_id: a.supplier_id.clone(),
                value_score,
                risk_score,
                quadrant,
                relationship: quadrant.relationship(),
            })
        })
        .collect()
}

/// A category in which one supplier holds more than the allowed share of the spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleSourceFlag {
    /// The category key as given (a UNSPSC segment, or any key the caller groups by).
    pub category: String,
    pub supplier_id: SupplierId,
    /// The supplier's share of the category's spend, 0..=1.
    pub share: Decimal,
    /// The category's total spend.
    pub total: Decimal,
}

/// Categories where one supplier has **more than** `max_share` (0..=1) of the spend, from
/// `(category, supplier, spend)` rows (several rows of one pair add up; non-positive spend is
/// ignored). A category with a single supplier is flagged whenever `max_share < 1`. Sorted by
/// category, then supplier.
pub fn single_source(
    spend: &[(String, SupplierId, Decimal)],
    max_share: Decimal,
) -> Vec<SingleSourceFlag> {
    let mut by: BTreeMap<&str, BTreeMap<&SupplierId, Decimal>> = BTreeMap::new();
    for (category, supplier, amount) in spend.iter().filter(|(_, _, a)| *a > Decimal::ZERO) {
        let sum = by
            .entry(category.as_str())
            .or_default()
            .entry(supplier)
            .or_default();
        *sum = sum.saturating_add(*amount);
    }
    let mut flags = Vec::new();
    for (category, suppliers) in by {
        let total = suppliers
            .values()
            .fold(Decimal::ZERO, |t, a| t.saturating_add(*a));
        for (supplier, amount) in suppliers {
            let Some(share) = amount.checked_div(total) else {
                continue;
            };
            if share > max_share {
                flags.push(SingleSourceFlag {
                    category: category.to_owned(),
                    supplier_id: supplier.clone(),
                    share: share.round_dp(4),
                    total,
                });
            }
        }
    }
    flags
}

/// The UNSPSC segment (first two digits) of a code, as the category key for
/// [`single_source`]; `None` for a code that does not start with two digits.
pub fn unspsc_segment(code: &str) -> Option<String> {
    let head = code.trim().get(..2)?;
    head.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{head}000000"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn act(id: &str, value: Decimal, lines: u32, orders: u32) -> Activity {
        Activity {
            supplier_id: id.into(),
            value,
            lines,
            orders,
        }
    }

    #[test]
    fn quadrants_and_relationships() {
        let acts = [
            act("big", dec!(100000), 50, 20),
            act("mid", dec!(5000), 10, 5),
            act("small", dec!(100), 1, 1),
        ];
        let impacts = |s: &SupplierId| match s.as_str() {
            "big" => Some(Impacts {
                delivery: 5,
                quality: 4,
            }),
            "mid" => Some(Impacts {
                delivery: 1,
                quality: 2,
            }),
            "small" => Some(Impacts {
                delivery: 5,
                quality: 5,
            }),
            _ => None,
        };
        let c = classify(&acts, impacts);
        assert_eq!(c[0].value_score, 5.0);
        assert_eq!(c[0].quadrant, Quadrant::Strategic);
        assert_eq!(c[0].relationship, Relationship::Partnership);
        // The middle of three ranks ½ on every count: 1 + 4·½ = 3, high.
        assert_eq!(c[1].value_score, 3.0);
        assert_eq!(c[1].risk_score, 1.5);
        assert_eq!(c[1].quadrant, Quadrant::Leverage);
        assert_eq!(c[2].value_score, 1.0);
        assert_eq!(c[2].quadrant, Quadrant::Bottleneck);
        assert_eq!(c[2].relationship, Relationship::SecureSupply);
        assert_eq!(
            Quadrant::of(2.0, 2.0).relationship(),
            Relationship::Simplify
        );
        // Unrated impacts: left out.
        assert_eq!(classify(&acts, |_| None).len(), 0);
        // Ties share a rank; a sole supplier ranks top.
        let tied = classify(&[act("a", dec!(1), 1, 1), act("b", dec!(1), 1, 1)], |_| {
            Some(Impacts {
                delivery: 1,
                quality: 1,
            })
        });
        assert_eq!(tied[0].value_score, 3.0);
        assert_eq!(tied[1].value_score, 3.0);
    }

    #[test]
    fn single_source_flags_dominant_suppliers() {
        let rows = vec![
            ("44000000".to_owned(), SupplierId::from("a"), dec!(800)),
            ("44000000".to_owned(), SupplierId::from("b"), dec!(150)),
            ("44000000".to_owned(), SupplierId::from("a"), dec!(50)),
            ("43000000".to_owned(), SupplierId::from("c"), dec!(10)),
            ("43000000".to_owned(), SupplierId::from("d"), dec!(10)),
            ("14000000".to_owned(), SupplierId::from("e"), dec!(5)),
        ];
        let flags = single_source(&rows, dec!(0.8));
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0].category, "14000000");
        assert_eq!(flags[0].share, dec!(1));
        assert_eq!(flags[1].category, "44000000");
        assert_eq!(flags[1].supplier_id.as_str(), "a");
        assert_eq!(flags[1].share, dec!(0.85));
        assert_eq!(flags[1].total, dec!(1000));
        // Exactly at the share is not over it.
        assert!(single_source(&rows[3..5], dec!(0.5)).is_empty());
        assert_eq!(unspsc_segment("44121701").as_deref(), Some("44000000"));
        assert_eq!(unspsc_segment("x1"), None);
    }
}
