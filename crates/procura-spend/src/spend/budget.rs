//! Budget against actual, per cost centre and quarter: the policy's budget, what is committed
//! (approved + ordered) and received in it, what remains, and where the run rate ends the
//! quarter.
//!
//! The period of a line is the quarter of its need-by date, as the approval's budget rule
//! counts it ([`procura_procurement::approval::budget`]), not the month it was ordered in.
//! Lines the cube could not convert ([`super::SpendCube::unconverted`]) are not in these
//! figures; a screen shows them beside the table.

use super::{Dim, Overflow, SpendCube};
use procura_ground::date::{Date, Month, Quarter};
use procura_ground::id::CostCentreCode;
use procura_ground::money;
use procura_procurement::approval::policy::BudgetMode;
use procura_procurement::approval::Policy;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One cost centre in one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub cost_centre: CostCentreCode,
    pub quarter: Quarter,
    /// `None`: no budget is set.
    pub budget: Option<Decimal>,
    pub mode: Option<BudgetMode>,
    /// Approved + ordered.
    pub committed: Decimal,
    pub received: Decimal,
    /// Budget − committed (negative when over); `None` without a budget.
    pub remaining: Option<Decimal>,
    /// Committed at the quarter's end if it goes on at the rate so far: committed × days in
    /// the quarter ÷ days elapsed, rounded to the currency's minor units. `None` on the first
    /// day (no rate yet: zero days elapsed).
    pub forecast: Option<Decimal>,
}

impl BudgetLine {
    /// Committed is past the budget.
    pub fn over(&self) -> bool {
        self.remaining.is_some_and(|r| r < Decimal::ZERO)
    }

    /// The forecast is past the budget.
    pub fn heading_over(&self) -> bool {
        matches!((self.forecast, self.budget), (Some(f), Some(b)) if f > b)
    }
}

/// The quarter's first day and its length in days.
pub fn quarter_days(quarter: Quarter) -> Option<(Date, u32)> {
    let month = |q: u8| Month::try_from((q - 1) * 3 + 1).ok();
    let start =
        Date::from_calendar_date(i32::from(quarter.year()), month(quarter.quarter())?, 1).ok()?;
    let next = if quarter.quarter() == 4 {
        Date::from_calendar_date(i32::from(quarter.year()) + 1, Month::January, 1).ok()?
    } else {
        Date::from_calendar_date(i32::from(quarter.year()), month(quarter.quarter() + 1)?, 1)
            .ok()?
    };
    Some((start, (next - start).whole_days() as u32))
}

/// Budget against actual in `quarter` for every cost centre with a budget or spend in it, by
/// cost centre code; `days_elapsed` days of the quarter have passed (clamped to its length;
/// for a past quarter pass its length, and the forecast is what was committed).
pub fn budget_vs_actual(
    cube: &SpendCube,
    policy: &Policy,
    quarter: Quarter,
    days_elapsed: u32,
) -> Result<Vec<BudgetLine>, Overflow> {
    let mut sums: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for b in &policy.budgets {
        if b.period.get() == Some(quarter) {
            sums.entry(b.cost_centre.as_str().to_owned()).or_default();
        }
    }
    for fact in cube.facts().iter().filter(|f| f.budget_quarter == quarter) {
        let cc = cube.label(Dim::CostCentre, fact.keys[Dim::CostCentre.index()]);
        let (committed, received) = sums.entry(cc.to_owned()).or_default();
        let c = fact.amounts.committed().map_err(|_| Overflow)?;
        *committed = committed.checked_add(c).ok_or(Overflow)?;
        *received = received
            .checked_add(fact.amounts.received)
            .ok_or(Overflow)?;
    }
    let length = quarter_days(quarter).map_or(91, |(_, d)| d);
    let elapsed = days_elapsed.min(length);
    let mut lines = Vec::with_capacity(sums.len());
    for (cc, (committed, received)) in sums {
        let budget = policy.budget(&cc, quarter);
        let amount = budget.map(|b| b.amount);
        let remaining = match amount {
            Some(a) => Some(a.checked_sub(committed).ok_or(Overflow)?),
            None => None,
        };
        let forecast = if elapsed == 0 {
            None
        } else {
            let f = committed
                .checked_mul(Decimal::from(length))
                .and_then(|x| x.checked_div(Decimal::from(elapsed)))
                .ok_or(Overflow)?;
            Some(money::round(f, &policy.currency))
        };
        lines.push(BudgetLine {
            cost_centre: CostCentreCode::from(cc),
            quarter,
            budget: amount,
            mode: budget.map(|b| b.mode),
            committed,
            received,
            remaining,
            forecast,
        });
    }
    Ok(lines)
}
