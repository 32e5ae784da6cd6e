//! A cost centre's budget over a quarter, month by month: what is committed against it by the
//! end of each month so far, and where the run rate takes it by the end of each month still to
//! come ([`super::budget`]'s forecast, month by month).
//!
//! A line counts against the quarter of its need-by date ([`super::budget`]); it counts in the
//! month it was committed (ordered, or approved when no order takes it yet). Lines committed
//! before the quarter began count in its first month, lines committed after it ended in its
//! last, so the last month's figure is the quarter's committed total.

use super::budget::{budget_vs_actual, quarter_days, BudgetLine};
use super::{Dim, Overflow, SpendCube};
use procura_ground::date::{Date, Month, Quarter};
use procura_ground::money;
use procura_procurement::approval::Policy;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One cost centre's quarter, month by month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurnDown {
    /// Budget, committed, received, forecast over the whole quarter.
    pub line: BudgetLine,
    /// The quarter's three months, `YYYY-MM`.
    pub months: Vec<String>,
    /// Committed by the end of each month that has begun (the current month: so far); `None`
    /// for the months to come.
    pub committed: Vec<Option<Decimal>>,
    /// While the quarter runs: from the last month that has ended (its committed, where the
    /// projection starts), then for the current month and each later one committed × the days
    /// to its end ÷ the days elapsed (the last month's: the quarter's forecast). `None`
    /// elsewhere, and everywhere on the quarter's first day (no rate yet) or once it has ended.
    pub forecast: Vec<Option<Decimal>>,
}

/// The burn-down of every cost centre [`budget_vs_actual`] lists for `quarter`, in its order,
/// `days_elapsed` days into the quarter.
pub fn burn_down(
    cube: &SpendCube,
    policy: &Policy,
    quarter: Quarter,
    days_elapsed: u32,
) -> Result<Vec<BurnDown>, Overflow> {
    let lines = budget_vs_actual(cube, policy, quarter, days_elapsed)?;
    let Some((start, length)) = quarter_days(quarter) else {
        return Ok(Vec::new());
    };
    let first_month = u8::from(start.month());
    let months: Vec<String> = (0..3)
        .map(|i| format!("{:04}-{:02}", start.year(), first_month + i))
        .collect();
    // The day each month ends, counted from the quarter's start (31 for January).
    let month_start = |i: u8| -> Option<Date> {
        let m = first_month + i;
        if m > 12 {
            Date::from_calendar_date(start.year() + 1, Month::January, 1).ok()
        } else {
            Date::from_calendar_date(start.year(), Month::try_from(m).ok()?, 1).ok()
        }
    };
    let mut ends = Vec::with_capacity(3);
    for i in 1..=3 {
        let Some(next) = month_start(i) else {
            return Ok(Vec::new());
        };
        ends.push((next - start).whole_days() as u32);
    }
    let elapsed = days_elapsed.min(length);
    // The month today falls in (the last once the quarter is over).
    let current = ends.iter().position(|&e| elapsed < e).unwrap_or(2);

    // Committed per cost centre and month of the quarter.
    let mut per_month: HashMap<&str, [Decimal; 3]> = HashMap::new();
    for fact in cube.facts().iter().filter(|f| f.budget_quarter == quarter) {
        let cc = cube.label(Dim::CostCentre, fact.keys[Dim::CostCentre.index()]);
        let month = cube.label(Dim::Month, fact.keys[Dim::Month.index()]);
        let m = if month < months[0].as_str() {
            0
        } else {
            months
                .iter()
                .rposition(|x| x.as_str() <= month)
                .unwrap_or(2)
        };
        let c = fact.amounts.committed().map_err(|_| Overflow)?;
        let slot = &mut per_month.entry(cc).or_insert([Decimal::ZERO; 3])[m];
        *slot = slot.checked_add(c).ok_or(Overflow)?;
    }

    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let sums = per_month
            .get(line.cost_centre.as_str())
            .copied()
            .unwrap_or([Decimal::ZERO; 3]);
        let mut committed = vec![None; 3];
        let mut total = Decimal::ZERO;
        for (m, sum) in sums.iter().enumerate() {
            total = total.checked_add(*sum).ok_or(Overflow)?;
            if m <= current {
                committed[m] = Some(total);
            }
        }
        let mut forecast = vec![None; 3];
        if elapsed > 0 && elapsed < length {
            if current > 0 {
                forecast[current - 1] = committed[current - 1];
            }
            for m in current..3 {
                let f = line
                    .committed
                    .checked_mul(Decimal::from(ends[m]))
                    .and_then(|x| x.checked_div(Decimal::from(elapsed)))
                    .ok_or(Overflow)?;
                forecast[m] = Some(money::round(f, &policy.currency));
            }
        }
        out.push(BurnDown {
            line,
            months: months.clone(),
            committed,
            forecast,
        });
    }
    Ok(out)
}
