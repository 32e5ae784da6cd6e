//! Delegation: while someone is away, a colleague approves in their name for a date range. An
//! approval given so is recorded as "X for Y" and counts as Y's.

use procura_ground::date::{day_of_ms, Date, Entered};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub id: String,
    /// Who is away.
    pub from: String,
    /// Who approves for them.
    pub to: String,
    /// First and last day (inclusive, `YYYY-MM-DD`, UTC days), as entered: a delegation whose
    /// days are not dates is refused ([`DelegationError::BadDate`]) and never in force.
    pub starts: Entered<Date>,
    pub ends: Entered<Date>,
    #[serde(default)]
    pub note: String,
    /// Who set it up (the person away, or an admin); set by the hub.
    #[serde(default)]
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DelegationError {
    #[error("the first and last day must be dates (YYYY-MM-DD)")]
    BadDate,
    #[error("the last day is before the first")]
    Backwards,
    #[error("nobody can delegate to themselves")]
    ToSelf,
}

impl Delegation {
    pub fn validate(&self) -> Result<(), DelegationError> {
        let (Some(s), Some(e)) = (self.starts.get(), self.ends.get()) else {
            return Err(DelegationError::BadDate);
        };
        if e < s {
            return Err(DelegationError::Backwards);
        }
        if self.from == self.to {
            return Err(DelegationError::ToSelf);
        }
        Ok(())
    }

    /// Its last day is before the UTC day of `now_ms` (an unreadable one counts as over).
    pub fn is_over(&self, now_ms: i64) -> bool {
        self.ends.get().is_none_or(|e| e < day_of_ms(now_ms))
    }

    /// In force on the UTC day of `now_ms`.
    pub fn active_at(&self, now_ms: i64) -> bool {
        let today = day_of_ms(now_ms);
        matches!(
            (self.starts.get(), self.ends.get()),
            (Some(s), Some(e)) if s <= today && today <= e
        )
    }
}

/// Whether `to` may act for `from` at `now_ms`.
pub fn may_act_for(delegations: &[Delegation], to: &str, from: &str, now_ms: i64) -> bool {
    delegations
        .iter()
        .any(|d| d.to == to && d.from == from && d.active_at(now_ms))
}
