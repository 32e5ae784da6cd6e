//! Supplier performance: buyers' evaluations and the scorecards built from them. Supplier
//! selection (AHP), classification and grading will live here.
//!
//! Pure. It knows nothing of catalogs, orders or sync.

pub mod ahp;
pub mod scorecard;
pub mod selection;
