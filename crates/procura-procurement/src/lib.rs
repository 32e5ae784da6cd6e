//! Procurement: a user's carts, requisitions and their approval by the organisation's policy
//! (routes, delegation, segregation of duties, budgets, the audit trail).
//!
//! Pure. It knows the catalog (cart lines are catalog items; the policy carries the
//! organisation's search synonyms), nothing of orders, the wire or sync.

pub mod approval;
pub mod cart;
