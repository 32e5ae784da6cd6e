//! Which requisitions a list shows a user: the approver's inbox (what they may decide now), the
//! requester's own, and the decisions an approver made.

use super::act::{roles_on_current_step, Org};
use super::audit::AuditEntry;
use super::requisition::{Requisition, Status};
use procura_ground::id::UserId;

/// A pending requisition `actor` may decide now, with the people they may decide it as
/// (themselves first, then whoever delegated to them; `true`: only by escalation).
#[derive(Debug, Clone, PartialEq)]
pub struct Awaiting {
    pub requisition: Requisition,
    pub roles: Vec<(UserId, bool)>,
}

/// The approver's inbox: the pending requisitions `actor` may decide at `now_ms`, the one
/// waiting longest on its current step first.
pub fn awaiting(
    requisitions: impl IntoIterator<Item = Requisition>,
    actor: &str,
    org: &Org<'_>,
    now_ms: i64,
) -> Vec<Awaiting> {
    let mut list: Vec<Awaiting> = requisitions
        .into_iter()
        .filter(|r| r.status == Status::Pending)
        .filter_map(|r| {
            let mut roles = roles_on_current_step(&r, actor, org, now_ms);
            if roles.is_empty() {
                return None;
            }
            roles.sort_by_key(|(p, _)| *p != actor);
            Some(Awaiting {
                requisition: r,
                roles,
            })
        })
        .collect();
    list.sort_by_key(|a| a.requisition.step_since_ms);
    list
}

/// The requisitions `requester` asked for, in the order given.
pub fn requested_by(
    requisitions: impl IntoIterator<Item = Requisition>,
    requester: &str,
) -> Vec<Requisition> {
    requisitions
        .into_iter()
        .filter(|r| r.requester == requester)
        .collect()
}

/// Every audit entry `actor` wrote on any of `requisitions`, newest first.
pub fn acted_by<'a>(
    requisitions: &'a [Requisition],
    actor: &str,
) -> Vec<(&'a Requisition, &'a AuditEntry)> {
    let mut list: Vec<(&Requisition, &AuditEntry)> = requisitions
        .iter()
        .flat_map(|r| r.audit.iter().map(move |e| (r, e)))
        .filter(|(_, e)| e.actor == actor)
        .collect();
    list.sort_by_key(|(_, e)| std::cmp::Reverse(e.at_ms));
    list
}
