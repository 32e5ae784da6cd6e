//! What the approval rules need to know about the organisation beyond the requisition itself:
//! its policy, the delegations in force, and what each budget has committed already. The hub
//! answers from its store, a device from the records it holds.

use super::delegation::Delegation;
use super::policy::Policy;
use procura_ground::date::Quarter;
use rust_decimal::Decimal;

pub struct Org<'a> {
    pub policy: &'a Policy,
    pub delegations: &'a [Delegation],
    /// Net total already committed or spent in a cost centre and period, not counting the
    /// requisition being decided.
    pub committed: &'a dyn Fn(Committed<'_>) -> Decimal,
}

/// A question to the budget ledger: what a cost centre has committed in a period, not counting
/// one requisition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed<'a> {
    pub cost_centre: &'a str,
    pub period: Quarter,
    /// The requisition being decided: its own amount is not yet committed.
    pub excluding: &'a str,
}
