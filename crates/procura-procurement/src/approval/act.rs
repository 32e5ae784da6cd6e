//! The requisition state machine: submit, approve, reject, return, withdraw. Each function
//! takes the record as it is, the actor, the organisation and the time, and returns the new
//! record or a refusal with a reason. The hub runs these on every mutation; a device runs the
//! same to show a change before the hub has seen it, and to grey out what would be refused.

use super::audit::{self, AuditAction, Transition};
use super::changes::{changes, RevisionContent};
use super::delegation::may_act_for;
use super::requisition::{Approval, Requisition, RequisitionDraft, Status};
use super::route::{self, RouteInput};
use procura_ground::id::{RequisitionId, UserId};
use procura_ground::reason::Reason;
use procura_ground::reason::Refusal;
use procura_ground::role::Role;
use serde::{Deserialize, Serialize};

pub use super::org::{Committed, Org};
pub use super::policy::Actor;

pub use super::budget::{budget_impact, commitment, committed_in, BudgetImpact};
pub use super::draft::{check_draft, verify_catalog_lines, MAX_LINES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approve,
    Reject,
    /// Send back to the requester for changes.
    Return,
}

/// An approver's decision on the current step of one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub requisition_id: RequisitionId,
    /// The revision the approver saw; a decision on an older one is stale.
    pub revision: u32,
    /// The step the approver saw as current; if it moved on meanwhile, the decision is stale.
    pub step: String,
    pub verdict: Verdict,
    /// Acting for someone who delegated to the actor.
    #[serde(default)]
    pub on_behalf_of: Option<UserId>,
    #[serde(default)]
    pub comment: String,
}

/// Whether a requester with `open` requisitions (pending or returned) may open another:
/// at most [`MAX_OPEN_REQUISITIONS_PER_USER`](procura_ground::limits::MAX_OPEN_REQUISITIONS_PER_USER).
pub fn may_open_another(open: usize) -> Result<(), Refusal> {
    let max = procura_ground::limits::MAX_OPEN_REQUISITIONS_PER_USER;
    if open >= max {
        return Err(Reason::OpenRequisitionQuota { open, max }.into());
    }
    Ok(())
}

/// Submits `draft` (new, or a returned requisition edited). The route is computed here, from
/// the policy; nothing the device says about a route is trusted.
pub fn submit(
    draft: &RequisitionDraft,
    current: Option<&Requisition>,
    actor: &Actor,
    org: &Org<'_>,
    now_ms: i64,
) -> Result<Requisition, Refusal> {
    if !(actor.has(Role::Buyer) || actor.has(Role::Admin)) {
        return Err(Reason::BuyersSubmit {}.into());
    }
    let totals = check_draft(draft, org.policy, now_ms)?;
    let Some(need_by) = draft.need_by else {
        return Err(Reason::NeedByInvalid {}.into());
    };
    let revision = match current {
        None if draft.base_revision == 0 => 1,
        None => return Err(Reason::RequisitionNotKnown {}.into()),
        Some(cur) if cur.requester != actor.id => {
            return Err(Reason::OnlyRequesterChanges {}.into())
        }
        Some(cur) if cur.status != Status::Returned || draft.base_revision != cur.revision => {
            return Err(Reason::ChangedStale {
                status: cur.status,
                revision: cur.revision,
                base: draft.base_revision,
            }
            .into())
        }
        Some(cur) => cur.revision + 1,
    };
    let mut steps = route::compute(
        &RouteInput {
            requester: actor.id.as_str(),
            cost_centre: draft.cost_centre.as_str(),
            lines: &draft.lines,
            net_total: totals.net,
        },
        org.policy,
    )
    .map_err(|e| Refusal::from(e.reason()))?;

    let mut detail = String::new();
    let mut previous = None;
    if let Some(old) = current {
        let before = RevisionContent::from(old);
        let after = RevisionContent {
            revision,
            lines: draft.lines.clone(),
            cost_centre: draft.cost_centre.clone(),
            account: draft.account.clone(),
            delivery_address: draft.delivery_address.trim().to_owned(),
            totals,
        };
        let diff = changes(&before, &after);
        // Approvals survive a resubmission only if nothing the approvers decided on changed
        // (lines, cost centre, account, delivery address; the total did not grow), the total
        // did not rise past a threshold of any rule (the policy may have changed), and only
        // for a step that is still on the route with the same approver.
        let crossed = org
            .policy
            .rules
            .iter()
            .filter_map(|r| r.when.min_total)
            .find(|t| old.totals.net < *t && *t <= totals.net);
        if !diff.keeps_approvals() {
            detail = format!(
                "approvals reset, the route starts again: {}",
                diff.reasons(&org.policy.currency)
            );
        } else if let Some(t) = crossed {
            detail = format!(
                "approvals reset: the total rose past the {} threshold",
                procura_ground::money::format(t, &org.policy.currency)
            );
        } else {
            let mut kept = 0;
            for step in &mut steps {
                if let Some(was) = old.route.iter().find(|s| s.key == step.key) {
                    for a in &was.approvals {
                        if step.approvers.contains(&a.principal)
                            || a.escalated
                                && org.policy.within_limit(a.principal.as_str(), totals.net)
                        {
                            step.approvals.push(a.clone());
                            kept += 1;
                        }
                    }
                }
            }
            if kept > 0 {
                detail = format!(
                    "{kept} approval(s) kept: the lines, cost centre, account and delivery \
                     address are unchanged and the total did not grow"
                );
            }
        }
        previous = Some(Box::new(before));
    }
    let mut r = Requisition {
        id: draft.id.clone(),
        revision,
        requester: actor.id.clone(),
        requester_name: actor.name.clone(),
        title: draft.title.trim().to_owned(),
        cost_centre: draft.cost_centre.clone(),
        account: draft.account.clone(),
        need_by,
        delivery_address: draft.delivery_address.trim().to_owned(),
        justification: draft.justification.trim().to_owned(),
        lines: draft.lines.clone(),
        currency: org.policy.currency.clone(),
        totals,
        status: Status::Pending,
        route: steps,
        submitted_at_ms: now_ms,
        step_since_ms: now_ms,
        updated_at_ms: now_ms,
        audit: current.map(|c| c.audit.clone()).unwrap_or_default(),
        previous,
    };
    // A route with nothing to approve (no rule applies) is approved at once, within budget.
    let finished = finish_if_complete(&mut r, org, &mut detail)?;
    let action = if current.is_some() {
        AuditAction::Resubmitted
    } else {
        AuditAction::Submitted
    };
    audit::append(
        &mut r,
        Transition {
            at_ms: now_ms,
            actor: actor.id.as_str(),
            actor_name: &actor.name,
            on_behalf_of: None,
            action,
            step: None,
            comment: "",
            detail,
        },
    );
    let _ = finished;
    Ok(r)
}

/// Who `actor` may act as on the current step: themselves, or someone who delegated to them,
/// and whether only because the step waited too long (escalation). Empty: nothing to do.
pub fn roles_on_current_step(
    r: &Requisition,
    actor: &str,
    org: &Org<'_>,
    now_ms: i64,
) -> Vec<(UserId, bool)> {
    let Some(step) = r.current_step() else {
        return Vec::new();
    };
    let mut principals = vec![UserId::from(actor)];
    principals.extend(
        org.delegations
            .iter()
            .filter(|d| d.to == actor && d.active_at(now_ms))
            .map(|d| d.from.clone()),
    );
    principals.sort();
    principals.dedup();
    principals
        .into_iter()
        .filter_map(|p| eligibility(r, step, p.as_str(), org, now_ms).map(|esc| (p, esc)))
        .filter(|(p, _)| p != &r.requester && actor != r.requester)
        .collect()
}

/// `Some(escalated)` if `principal` may decide `step` now.
fn eligibility(
    r: &Requisition,
    step: &super::requisition::RouteStep,
    principal: &str,
    org: &Org<'_>,
    now_ms: i64,
) -> Option<bool> {
    let already = step.approvals.iter().any(|a| a.principal == principal);
    if step.approvers.iter().any(|a| a == principal) && !already {
        return Some(false);
    }
    let waited = now_ms - r.step_since_ms;
    let due = i64::from(org.policy.escalate_after_hours) * 3_600_000;
    (waited >= due
        && route::escalation_approvers(step, org.policy)
            .iter()
            .any(|a| a == principal))
    .then_some(true)
}

/// An approver decides the current step.
pub fn decide(
    r: &Requisition,
    d: &Decision,
    actor: &Actor,
    org: &Org<'_>,
    now_ms: i64,
) -> Result<Requisition, Refusal> {
    if !actor.has(Role::Approver) {
        return Err(Reason::ApproversDecide {}.into());
    }
    if r.status != Status::Pending || d.revision != r.revision {
        return Err(Reason::ActedFirst {
            status: r.status,
            revision: r.revision,
        }
        .into());
    }
    let step = r
        .current_step()
        .ok_or_else(|| Refusal::from(Reason::NoStepWaiting {}))?;
    if d.step != step.key {
        return Err(Reason::StepMoved {
            step: d.step.clone(),
            waiting: step.name.clone(),
        }
        .into());
    }
    let principal = d.on_behalf_of.clone().unwrap_or_else(|| actor.id.clone());
    if actor.id == r.requester || principal == r.requester {
        return Err(Reason::SelfApproval {}.into());
    }
    if principal != actor.id
        && !may_act_for(
            org.delegations,
            actor.id.as_str(),
            principal.as_str(),
            now_ms,
        )
    {
        return Err(Reason::NoDelegation {
            actor: actor.name.clone(),
            principal: org.policy.name_of(principal.as_str()).to_owned(),
        }
        .into());
    }
    if d.verdict == Verdict::Approve {
        let twice = r
            .route
            .iter()
            .flat_map(|s| &s.approvals)
            .filter(|a| a.carried_from.is_none())
            .any(|a| {
                [&a.by, &a.principal]
                    .iter()
                    .any(|p| **p == actor.id || **p == principal)
            });
        if twice {
            return Err(Reason::AlreadyApproved {}.into());
        }
    }
    let Some(escalated) = eligibility(r, step, principal.as_str(), org, now_ms) else {
        return Err(Reason::NotAnApprover {
            person: org.policy.name_of(principal.as_str()).to_owned(),
            step: step.name.clone(),
        }
        .into());
    };
    if !org.policy.within_limit(principal.as_str(), r.totals.net) {
        return Err(Reason::OverLimit {
            person: org.policy.name_of(principal.as_str()).to_owned(),
            amount: procura_ground::money::format(r.totals.net, &r.currency),
        }
        .into());
    }
    let comment = d.comment.trim();
    if d.verdict != Verdict::Approve && comment.is_empty() {
        return Err(Reason::CommentRequired {}.into());
    }

    let step_key = step.key.clone();
    let mut next = r.clone();
    let mut detail = if escalated {
        format!(
            "escalated: the step waited over {} h",
            org.policy.escalate_after_hours
        )
    } else {
        String::new()
    };
    let action = match d.verdict {
        Verdict::Approve => {
            let s = next
                .route
                .iter_mut()
                .find(|s| s.key == step_key)
                .expect("the current step is on the route");
            let approval = Approval {
                by: actor.id.clone(),
                by_name: actor.name.clone(),
                principal: principal.clone(),
                at_ms: now_ms,
                escalated,
                revision: r.revision,
                carried_from: None,
            };
            s.approvals.push(approval.clone());
            // The same person's approval also counts for the later steps they approve in.
            let mut carried = Vec::new();
            for later in next
                .route
                .iter_mut()
                .skip_while(|s| s.key != step_key)
                .skip(1)
            {
                if later.approvers.contains(&principal)
                    && !later.approvals.iter().any(|a| a.principal == principal)
                {
                    later.approvals.push(Approval {
                        escalated: false,
                        carried_from: Some(step_key.clone()),
                        ..approval.clone()
                    });
                    carried.push(later.name.clone());
                }
            }
            if !carried.is_empty() {
                if !detail.is_empty() {
                    detail.push_str("; ");
                }
                detail.push_str(&format!("also counts for: {}", carried.join(", ")));
            }
            if next.current_step().is_none_or(|s| s.key != step_key) {
                next.step_since_ms = now_ms;
            }
            finish_if_complete(&mut next, org, &mut detail)?;
            AuditAction::Approved
        }
        Verdict::Reject => {
            next.status = Status::Rejected;
            AuditAction::Rejected
        }
        Verdict::Return => {
            next.status = Status::Returned;
            AuditAction::Returned
        }
    };
    next.updated_at_ms = now_ms;
    let principal_name = org.policy.name_of(principal.as_str()).to_owned();
    audit::append(
        &mut next,
        Transition {
            at_ms: now_ms,
            actor: actor.id.as_str(),
            actor_name: &actor.name,
            on_behalf_of: (principal != actor.id)
                .then_some((principal.as_str(), principal_name.as_str())),
            action,
            step: Some(&step_key),
            comment,
            detail,
        },
    );
    Ok(next)
}

/// When every step is complete, the requisition is approved, if its budget allows: under
/// *stop*, a total that would take the period past its budget is refused; under *warn* it
/// passes and the overrun is noted.
fn finish_if_complete(
    r: &mut Requisition,
    org: &Org<'_>,
    detail: &mut String,
) -> Result<bool, Refusal> {
    if !r.route.iter().all(|s| s.is_complete()) {
        return Ok(false);
    }
    let impact = budget_impact(&r.id, &r.cost_centre, r.need_by, r.totals.net, org);
    if impact.over() {
        let text = format!(
            "budget {} {}: {} committed + {} = {} of {}",
            impact.cost_centre,
            impact.period,
            procura_ground::money::format(impact.committed, &r.currency),
            procura_ground::money::format(impact.this, &r.currency),
            procura_ground::money::format(impact.after, &r.currency),
            procura_ground::money::format(impact.amount.unwrap_or_default(), &r.currency),
        );
        if impact.blocks() {
            return Err(Reason::BudgetExceeded {
                cost_centre: impact.cost_centre.to_string(),
                period: impact.period.to_string(),
                committed: procura_ground::money::format(impact.committed, &r.currency),
                this: procura_ground::money::format(impact.this, &r.currency),
                after: procura_ground::money::format(impact.after, &r.currency),
                budget: procura_ground::money::format(
                    impact.amount.unwrap_or_default(),
                    &r.currency,
                ),
            }
            .into());
        }
        if !detail.is_empty() {
            detail.push_str("; ");
        }
        detail.push_str(&format!("over budget (warn): {text}"));
    }
    r.status = Status::Approved;
    Ok(true)
}

/// The requester withdraws a requisition that is pending or returned.
pub fn withdraw(
    r: &Requisition,
    revision: u32,
    actor: &Actor,
    now_ms: i64,
) -> Result<Requisition, Refusal> {
    if actor.id != r.requester {
        return Err(Reason::OnlyRequesterWithdraws {}.into());
    }
    if !matches!(r.status, Status::Pending | Status::Returned) || revision != r.revision {
        return Err(Reason::WithdrawStale {
            status: r.status,
            revision: r.revision,
        }
        .into());
    }
    let mut next = r.clone();
    next.status = Status::Withdrawn;
    next.updated_at_ms = now_ms;
    audit::append(
        &mut next,
        Transition {
            at_ms: now_ms,
            actor: actor.id.as_str(),
            actor_name: &actor.name,
            on_behalf_of: None,
            action: AuditAction::Withdrawn,
            step: None,
            comment: "",
            detail: String::new(),
        },
    );
    Ok(next)
}
