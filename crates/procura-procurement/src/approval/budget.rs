//! Budgets: what a cost centre has committed in a period, and how a requisition would leave
//! its budget. The final approval enforces it (`act::decide`); screens show it before anyone
//! acts.

use super::org::{Committed, Org};
use super::policy::BudgetMode;
use super::requisition::{period_of, Requisition, Status};
use procura_ground::date::{Date, Quarter};
use procura_ground::id::{CostCentreCode, RequisitionId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What `r` commits against its cost centre's budget: its net total in its period (the
/// quarter of its need-by date) once approved; nothing before. The one rule behind
/// [`committed_in`], and what a store that keeps running totals per cost centre and period
/// adds up.
pub fn commitment(r: &Requisition) -> Option<(Quarter, Decimal)> {
    (r.status == Status::Approved).then(|| (r.period(), r.totals.net))
}

/// Net total of the approved requisitions of a cost centre and period, except `excluding`:
/// committed (approved, not yet ordered) and spent (ordered) alike use the budget.
pub fn committed_in<'a>(
    requisitions: impl IntoIterator<Item = &'a Requisition>,
    cost_centre: &str,
    period: Quarter,
    excluding: &str,
) -> Decimal {
    requisitions
        .into_iter()
        .filter(|r| r.cost_centre == cost_centre && r.id != excluding)
        .filter_map(commitment)
        .filter(|(p, _)| *p == period)
        .map(|(_, net)| net)
        .fold(Decimal::ZERO, Decimal::saturating_add)
}

/// How a requisition would leave its budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetImpact {
    pub cost_centre: CostCentreCode,
    pub period: Quarter,
    /// `None`: no budget is set for this cost centre and period.
    pub amount: Option<Decimal>,
    pub mode: Option<BudgetMode>,
    pub committed: Decimal,
    pub this: Decimal,
    pub after: Decimal,
}

impl BudgetImpact {
    pub fn over(&self) -> bool {
        self.amount.is_some_and(|a| self.after > a)
    }

    /// Over a *stop* budget: the final approval will be refused.
    pub fn blocks(&self) -> bool {
        self.over() && self.mode == Some(BudgetMode::Stop)
    }
}

pub fn budget_impact(
    id: &RequisitionId,
    cost_centre: &CostCentreCode,
    need_by: Date,
    net: Decimal,
    org: &Org<'_>,
) -> BudgetImpact {
    let period = period_of(need_by);
    let budget = org.policy.budget(cost_centre.as_str(), period);
    let committed = (org.committed)(Committed {
        cost_centre: cost_centre.as_str(),
        period,
        excluding: id.as_str(),
    });
    BudgetImpact {
        cost_centre: cost_centre.clone(),
        amount: budget.map(|b| b.amount),
        mode: budget.map(|b| b.mode),
        committed,
        this: net,
        after: committed.saturating_add(net),
        period,
    }
}
