//! Supplier performance: buyers' evaluations and the scorecards built from them, scorecards
//! computed from what suppliers did on orders ([`performance`]), classification on the Kraljic
//! matrix ([`classification`]), grading by capabilities ([`grading`]) and the buyer's
//! [`assessment`] that feeds both. Supplier selection (AHP) will live here too.
//!
//! Pure. It knows nothing of catalogs, orders or sync: orders come in as neutral
//! [`performance::LineFacts`].

pub mod ahp;
pub mod assessment;
pub mod classification;
pub mod grading;
pub mod performance;
pub mod scorecard;
pub mod selection;
