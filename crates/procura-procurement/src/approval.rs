//! Requisitions and their approval, sans-IO: the policy (who approves what, budgets,
//! escalation), the route a requisition takes, the state machine of its transitions,
//! delegation, and the hash-chained audit trail. The hub runs these rules on every change a
//! device sends; devices run the same ones to show a change before the hub has seen it. Time
//! comes in as an argument (milliseconds since 1970), so escalation and delegation are tested
//! without a clock.

pub mod act;
pub mod audit;
pub mod budget;
pub mod changes;
pub mod delegation;
pub mod draft;
pub mod invoicing;
pub mod lists;
pub mod org;
pub mod policy;
pub mod requisition;
pub mod route;
pub mod stock;
/// Calendar days (UTC), from the ground crate.
pub use procura_ground::date as time;

pub use act::{
    budget_impact, commitment, committed_in, decide, roles_on_current_step, submit, withdraw,
    Actor, BudgetImpact, Committed, Decision, Org, Verdict,
};
pub use changes::{changes, RevisionChanges, RevisionContent};
pub use delegation::Delegation;
pub use lists::{acted_by, awaiting, requested_by, Awaiting};
pub use policy::{Policy, POLICY_ID};
pub use requisition::{Requisition, RequisitionDraft, RequisitionLine, Status, Totals};
