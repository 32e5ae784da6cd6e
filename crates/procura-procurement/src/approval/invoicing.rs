//! The organisation's invoice tolerances: how far an invoice may stray from its order before a
//! person must look at it. The matching itself is `procura_invoicing::matching`; the policy
//! only holds the limits, so an admin edits them with the rest of the policy.

use procura_ground::reason::Reason;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Largest absolute tolerance accepted (in the invoice's currency).
pub const MAX_ABSOLUTE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Limits on the variances an invoice may show and still be approved for payment by rule.
/// A variance passes when it is within *every* limit that is set; with no limit set on a
/// measure, the invoice must agree exactly. Quantities never have a tolerance: billing more
/// than was received and accepted is always an exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTolerances {
    /// Unit price above the order's, in percent of the order's unit price.
    #[serde(default)]
    pub price_percent: Option<Decimal>,
    /// Unit price above the order's, as an amount per line (the excess × the billed quantity).
    #[serde(default)]
    pub price_absolute: Option<Decimal>,
    /// The stated invoice total against the total worked out from its lines by the money rule,
    /// in percent of the worked-out total.
    #[serde(default)]
    pub total_percent: Option<Decimal>,
    /// The same, as an amount.
    #[serde(default)]
    pub total_absolute: Option<Decimal>,
    /// Price tolerances of their own for some categories (an order line's UNSPSC code starting
    /// with `unspsc`; the longest prefix wins), in place of the two above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_category: Vec<CategoryTolerance>,
}

/// Most categories with a tolerance of their own.
pub const MAX_CATEGORY_TOLERANCES: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTolerance {
    /// A UNSPSC code or its leading digits (2 to 8 digits: segment, family, class, commodity).
    pub unspsc: String,
    #[serde(default)]
    pub price_percent: Option<Decimal>,
    #[serde(default)]
    pub price_absolute: Option<Decimal>,
}

impl Default for InvoiceTolerances {
    /// 2 % and at most 100 per line on price; 1 on the total (rounding on paper invoices).
    fn default() -> Self {
        Self {
            price_percent: Some(Decimal::from(2)),
            price_absolute: Some(Decimal::from(100)),
            total_percent: None,
            total_absolute: Some(Decimal::ONE),
            by_category: Vec::new(),
        }
    }
}

impl InvoiceTolerances {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Percentages from 0 to 100, amounts from 0 to [`MAX_ABSOLUTE`], at most 6 decimals.
    pub fn problems(&self) -> Vec<Reason> {
        let scale_ok = |d: Decimal| d.normalize().scale() <= procura_ground::money::MAX_DECIMALS;
        let mut problems = Vec::new();
        for p in [self.price_percent, self.total_percent]
            .into_iter()
            .flatten()
        {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED || !scale_ok(p) {
                problems.push(Reason::ToleranceInvalid {
                    value: p.to_string(),
                });
            }
        }
        for p in self.by_category.iter().filter_map(|c| c.price_percent) {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED || !scale_ok(p) {
                problems.push(Reason::ToleranceInvalid {
                    value: p.to_string(),
                });
            }
        }
        if self.by_category.len() > MAX_CATEGORY_TOLERANCES
            || self.by_category.iter().any(|c| {
                !(2..=8).contains(&c.unspsc.len()) || !c.unspsc.bytes().all(|b| b.is_ascii_digit())
            })
        {
            problems.push(Reason::ToleranceCategoryInvalid {
                max: MAX_CATEGORY_TOLERANCES,
            });
        }
        let category_amounts = self.by_category.iter().filter_map(|c| c.price_absolute);
        for a in [self.price_absolute, self.total_absolute]
            .into_iter()
            .flatten()
            .chain(category_amounts)
        {
            if a < Decimal::ZERO || a > MAX_ABSOLUTE || !scale_ok(a) {
                problems.push(Reason::ToleranceInvalid {
                    value: a.to_string(),
                });
            }
        }
        problems
    }

    /// The price tolerances (percent, amount) for an order line of UNSPSC code `unspsc`: the
    /// category's with the longest matching prefix, else the organisation's.
    pub fn price_for(&self, unspsc: &str) -> (Option<Decimal>, Option<Decimal>) {
        self.by_category
            .iter()
            .filter(|c| !c.unspsc.is_empty() && unspsc.starts_with(c.unspsc.as_str()))
            .max_by_key(|c| c.unspsc.len())
            .map_or((self.price_percent, self.price_absolute), |c| {
                (c.price_percent, c.price_absolute)
            })
    }

    /// Whether `excess` (≥ 0) is within the percentage `pct` of `base` and the amount `abs`,
    /// each when set; with neither set, only no excess at all is.
    pub fn within(
        excess: Decimal,
        base: Decimal,
        pct: Option<Decimal>,
        abs: Option<Decimal>,
    ) -> bool {
        if excess <= Decimal::ZERO {
            return true;
        }
        if pct.is_none() && abs.is_none() {
            return false;
        }
        let pct_ok = pct.is_none_or(|p| {
            base.checked_mul(p)
                .and_then(|m| m.checked_div(Decimal::ONE_HUNDRED))
                .is_some_and(|limit| excess <= limit.abs())
        });
        pct_ok && abs.is_none_or(|a| excess <= a)
    }
}
