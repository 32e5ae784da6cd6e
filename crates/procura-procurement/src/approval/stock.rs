//! The organisation's defaults for stocked items: what placing one order costs, what holding
//! a unit for a year costs as a share of its price, and the service level safety stock aims
//! for. Each stocked item may override them (`procura_spend::stock`).

use procura_ground::reason::Reason;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Largest order cost accepted, in the policy currency.
pub const MAX_ORDER_COST: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockDefaults {
    /// Money per order placed (the S of the EOQ), in the policy currency.
    pub order_cost: Decimal,
    /// Holding cost per year as a share of the unit price (0.25: a quarter).
    pub holding_rate: Decimal,
    /// Cycle service level in percent (95: stock-outs in one replenishment cycle of 20).
    pub service_level_pct: Decimal,
}

impl Default for StockDefaults {
    fn default() -> Self {
        Self {
            order_cost: Decimal::from(50),
            holding_rate: Decimal::new(25, 2),
            service_level_pct: Decimal::from(95),
        }
    }
}

impl StockDefaults {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn problems(&self) -> Vec<Reason> {
        check(
            Some(self.order_cost),
            Some(self.holding_rate),
            Some(self.service_level_pct),
        )
    }
}

/// What is wrong with an order cost (0 to [`MAX_ORDER_COST`]), a holding rate (above 0, at
/// most 10 = 1,000 % a year) and a service level (50 to 99.9 %), each when given.
pub fn check(
    order_cost: Option<Decimal>,
    holding_rate: Option<Decimal>,
    service_level_pct: Option<Decimal>,
) -> Vec<Reason> {
    let mut problems = Vec::new();
    let scale_ok = |d: Decimal| d.normalize().scale() <= procura_ground::money::MAX_DECIMALS;
    if let Some(s) = order_cost {
        if s < Decimal::ZERO || s > MAX_ORDER_COST || !scale_ok(s) {
            problems.push(Reason::StockOrderCostInvalid {
                value: s.to_string(),
            });
        }
    }
    if let Some(h) = holding_rate {
        if h <= Decimal::ZERO || h > Decimal::TEN || !scale_ok(h) {
            problems.push(Reason::StockHoldingRateInvalid {
                value: h.to_string(),
            });
        }
    }
    if let Some(l) = service_level_pct {
        if l < Decimal::from(50) || l > Decimal::new(999, 1) || !scale_ok(l) {
            problems.push(Reason::StockServiceLevelInvalid {
                value: l.to_string(),
            });
        }
    }
    problems
}
