//! Delegation: while someone is away, a colleague approves in their name for a date range. An
//! approval given so is recorded as "X for Y" and counts as Y's.

use super::policy::{Actor, Policy};
use procura_ground::date::{day_of_ms, Date, Entered};
use procura_ground::id::UserId;
use procura_ground::limits::MAX_ACTIVE_DELEGATIONS_PER_USER;
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub id: String,
    /// Who is away.
    pub from: UserId,
    /// Who approves for them.
    pub to: UserId,
    /// First and last day (inclusive, `YYYY-MM-DD`, UTC days), as entered: a delegation whose
    /// days are not dates is refused ([`DelegationError::BadDate`]) and never in force.
    pub starts: Entered<Date>,
    pub ends: Entered<Date>,
    #[serde(default)]
    pub note: String,
    /// Who set it up (the person away, or an admin); set by the hub.
    #[serde(default)]
    pub created_by: UserId,
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

/// Whether `author` may change or remove `d`: the person away, or an admin.
fn owned_by(d: &Delegation, author: &Actor) -> bool {
    d.from == author.id || author.has(Role::Admin)
}

/// Saves `delegation` (new, or replacing `current`) by `author`. Only the person away or an
/// admin sets one up or changes it; the dates must make sense and not be over; the person away
/// keeps at most [`MAX_ACTIVE_DELEGATIONS_PER_USER`] not yet over (`others`: their live
/// delegations, a superset is fine); both people are in the organisation chart when there is a
/// policy. The hub records who set it up.
pub fn save(
    delegation: &Delegation,
    current: Option<&Delegation>,
    author: &Actor,
    others: &[Delegation],
    policy: Option<&Policy>,
    now_ms: i64,
) -> Result<Delegation, Refusal> {
    if !owned_by(delegation, author) {
        return Err(Reason::DelegationNotYours {}.into());
    }
    if current.is_some_and(|old| !owned_by(old, author)) {
        return Err(Reason::DelegationSomeoneElses {}.into());
    }
    delegation.validate().map_err(|e| match e {
        DelegationError::BadDate => Reason::DelegationBadDate {},
        DelegationError::Backwards => Reason::DelegationBackwards {},
        DelegationError::ToSelf => Reason::DelegationToSelf {},
    })?;
    if delegation.is_over(now_ms) {
        return Err(Reason::DelegationOver {}.into());
    }
    let active = others
        .iter()
        .filter(|d| d.from == delegation.from && d.id != delegation.id && !d.is_over(now_ms))
        .count();
    if active >= MAX_ACTIVE_DELEGATIONS_PER_USER {
        return Err(Reason::DelegationQuota {
            person: delegation.from.to_string(),
            active,
            max: MAX_ACTIVE_DELEGATIONS_PER_USER,
        }
        .into());
    }
    if let Some(policy) = policy {
        for who in [&delegation.from, &delegation.to] {
            if policy.person(who.as_str()).is_none() {
                return Err(Reason::NotInChart {
                    person: who.to_string(),
                }
                .into());
            }
        }
    }
    let mut d = delegation.clone();
    d.created_by = author.id.clone();
    Ok(d)
}

/// Whether `author` may remove `d`: the person away, or an admin.
pub fn may_delete(d: &Delegation, author: &Actor) -> Result<(), Refusal> {
    if owned_by(d, author) {
        Ok(())
    } else {
        Err(Reason::DelegationSomeoneElses {}.into())
    }
}
