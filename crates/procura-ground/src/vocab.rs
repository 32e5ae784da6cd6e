//! Words several domains and the refusal reasons share: a requisition's status (orders are made
//! from approved ones; a refusal names the status it found) and the criteria a supplier is rated
//! on. Each domain re-exports its own (`approval::Status`, `scorecard::Criterion`).

use serde::{Deserialize, Serialize};

/// Where a requisition stands in its approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    /// Sent back to the requester for changes; a resubmission starts a new revision.
    Returned,
    Approved,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::Rejected | Status::Withdrawn
        )
    }
}

/// What a supplier is rated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Goods as specified, no defects.
    Quality,
    /// On time and complete.
    Delivery,
    /// Price level and price stability.
    Price,
    /// Responsiveness, documents, claims handling.
    Service,
}
