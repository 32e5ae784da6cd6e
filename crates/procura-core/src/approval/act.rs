//! The requisition state machine: submit, approve, reject, return, withdraw. Each function
//! takes the record as it is, the actor, the organisation and the time, and returns the new
//! record or a refusal with a reason. The hub runs these on every mutation; a device runs the
//! same to show a change before the hub has seen it, and to grey out what would be refused.

use super::audit::{self, AuditAction, Transition};
use super::delegation::{may_act_for, Delegation};
use super::policy::{BudgetMode, Policy};
use super::requisition::{
    period_of, totals, Approval, Requisition, RequisitionDraft, Status, Totals,
};
use super::route::{self, RouteInput};
use super::time::Date;
use crate::api::Role;
use crate::sync::hub::Refusal;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::policy::Actor;

/// Most lines one requisition may have.
pub const MAX_LINES: usize = 500;

/// What the rules need to know about the organisation beyond the requisition itself.
pub struct Org<'a> {
    pub policy: &'a Policy,
    pub delegations: &'a [Delegation],
    /// Net total already committed or spent in a cost centre and period, not counting the
    /// requisition with the given id.
    pub committed: &'a dyn Fn(&str, &str, &str) -> Decimal,
}

/// Net total of the approved requisitions of a cost centre and period (committed: approved,
/// not yet ordered; orders will count as spent), except `excluding`.
pub fn committed_in<'a>(
    requisitions: impl IntoIterator<Item = &'a Requisition>,
    cost_centre: &str,
    period: &str,
    excluding: &str,
) -> Decimal {
    requisitions
        .into_iter()
        .filter(|r| {
            r.status == Status::Approved
                && r.cost_centre == cost_centre
                && r.id != excluding
                && r.period() == period
        })
        .map(|r| r.totals.net)
        .sum()
}

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
    pub requisition_id: String,
    /// The revision the approver saw; a decision on an older one is stale.
    pub revision: u32,
    /// The step the approver saw as current; if it moved on meanwhile, the decision is stale.
    pub step: String,
    pub verdict: Verdict,
    /// Acting for someone who delegated to the actor.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    #[serde(default)]
    pub comment: String,
}

/// How a requisition would leave its budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetImpact {
    pub cost_centre: String,
    pub period: String,
    /// `None`: no budget is set for this cost centre and period.
    pub amount: Option<Decimal>,
    pub mode: Option<BudgetMode>,
    pub committed: Decimal,
    pub this: Decimal,
    pub after: Decimal,
}

impl BudgetImpact {
    pub fn over(&self) -> bool {
        self.amount.is_some_and(|a| self.after > a)
    }

    /// Over a *stop* budget: the final approval will be refused.
    pub fn blocks(&self) -> bool {
        self.over() && self.mode == Some(BudgetMode::Stop)
    }
}

pub fn budget_impact(
    id: &str,
    cost_centre: &str,
    need_by: &str,
    net: Decimal,
    org: &Org<'_>,
) -> BudgetImpact {
    let period = period_of(need_by);
    let budget = org.policy.budget(cost_centre, &period);
    let committed = (org.committed)(cost_centre, &period, id);
    BudgetImpact {
        cost_centre: cost_centre.to_owned(),
        amount: budget.map(|b| b.amount),
        mode: budget.map(|b| b.mode),
        committed,
        this: net,
        after: committed + net,
        period,
    }
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal::new(code, message)
}

/// Checks a draft against the policy; returns its totals.
pub fn check_draft(d: &RequisitionDraft, policy: &Policy, now_ms: i64) -> Result<Totals, Refusal> {
    let invalid = |m: String| refuse("invalid", m);
    if d.id.trim().is_empty() || d.id.len() > 64 {
        return Err(invalid(
            "a requisition needs an id of 1 to 64 characters".into(),
        ));
    }
    if d.lines.is_empty() {
        return Err(invalid("a requisition needs at least one line".into()));
    }
    if d.lines.len() > MAX_LINES {
        return Err(invalid(format!(
            "a requisition has at most {MAX_LINES} lines"
        )));
    }
    for (i, l) in d.lines.iter().enumerate() {
        let n = i + 1;
        if l.description.trim().is_empty() {
            return Err(invalid(format!("line {n} needs a description")));
        }
        if l.quantity <= Decimal::ZERO {
            return Err(invalid(format!(
                "line {n}: the quantity must be above zero"
            )));
        }
        if l.unit_price < Decimal::ZERO {
            return Err(invalid(format!("line {n}: the price cannot be negative")));
        }
        if l.tax_percent
            .is_some_and(|t| t < Decimal::ZERO || t > Decimal::ONE_HUNDRED)
        {
            return Err(invalid(format!(
                "line {n}: the tax rate must be 0 to 100 %"
            )));
        }
        if l.is_catalog() && l.supplier_id.trim().is_empty() {
            return Err(invalid(format!(
                "line {n}: a catalog line names its supplier"
            )));
        }
    }
    if !policy.cost_centres.iter().any(|c| c.code == d.cost_centre) {
        return Err(invalid(format!(
            "there is no cost centre {:?}",
            d.cost_centre
        )));
    }
    if !policy.accounts.iter().any(|a| a.code == d.account) {
        return Err(invalid(format!("there is no account {:?}", d.account)));
    }
    let Some(need_by) = Date::parse(&d.need_by) else {
        return Err(invalid(
            "the need-by date must be a date (YYYY-MM-DD)".into(),
        ));
    };
    if need_by < Date::from_ms(now_ms) {
        return Err(invalid("the need-by date is in the past".into()));
    }
    if d.delivery_address.trim().is_empty() {
        return Err(invalid("a delivery address is needed".into()));
    }
    if d.justification.trim().is_empty() {
        return Err(invalid("a justification is needed".into()));
    }
    totals(&d.lines, policy).map_err(|e| invalid(e.to_string()))
}

/// Checks a draft's catalog lines against the organisation's catalog (`lookup` finds an item
/// by id), so a buyer cannot pick their own price to stay under a threshold: a line must name
/// the item's supplier and currency and carry its tier price at the line's quantity, and takes
/// the catalog's UNSPSC code (which the routing rules read). A line whose item the
/// organisation does not hold (a catalog the buyer imported on their device) cannot be
/// verified, so it is treated as a non-catalog line and gets the non-catalog review.
pub fn verify_catalog_lines(
    draft: &RequisitionDraft,
    lookup: &dyn Fn(&str) -> Option<crate::catalog::CatalogItem>,
) -> Result<RequisitionDraft, Refusal> {
    let mut checked = draft.clone();
    for (i, line) in checked.lines.iter_mut().enumerate() {
        let Some(item_id) = line.item_id.clone() else {
            continue;
        };
        let n = i + 1;
        let Some(item) = lookup(&item_id) else {
            line.item_id = None;
            if !line.note.is_empty() {
                line.note.push(' ');
            }
            line.note.push_str(&format!(
                "(catalog item {item_id} is not in the organisation's catalog)"
            ));
            continue;
        };
        if item.supplier_id != line.supplier_id || item.currency != line.currency {
            return Err(refuse(
                "price_mismatch",
                format!(
                    "line {n}: {item_id} is sold by {} in {}",
                    item.supplier_id, item.currency
                ),
            ));
        }
        match item.unit_price_at(line.quantity) {
            Some(price) if price == line.unit_price => {}
            Some(price) => {
                return Err(refuse(
                    "price_mismatch",
                    format!(
                        "line {n}: the catalog price of {item_id} at {} is {}, not {}",
                        line.quantity.normalize(),
                        crate::money::format(price, &item.currency),
                        crate::money::format(line.unit_price, &line.currency)
                    ),
                ))
            }
            None => {
                return Err(refuse(
                    "invalid",
                    format!(
                        "line {n}: {} is below the minimum order quantity {} of {item_id}",
                        line.quantity.normalize(),
                        item.min_order_qty().normalize()
                    ),
                ))
            }
        }
        line.unspsc = item.unspsc.clone();
    }
    Ok(checked)
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
        return Err(refuse("forbidden_role", "only buyers submit requisitions"));
    }
    let totals = check_draft(draft, org.policy, now_ms)?;
    let revision = match current {
        None if draft.base_revision == 0 => 1,
        None => {
            return Err(refuse(
                "stale",
                "this requisition is not known to the organisation",
            ))
        }
        Some(cur) if cur.requester != actor.id => {
            return Err(refuse(
                "not_requester",
                "only the requester changes a requisition",
            ))
        }
        Some(cur) if cur.status != Status::Returned || draft.base_revision != cur.revision => {
            return Err(refuse(
                "stale",
                format!(
                    "this requisition is {:?} at revision {}; the change was made to revision {}",
                    cur.status, cur.revision, draft.base_revision
                )
                .to_lowercase(),
            ))
        }
        Some(cur) => cur.revision + 1,
    };
    let mut steps = route::compute(
        &RouteInput {
            requester: &actor.id,
            cost_centre: &draft.cost_centre,
            lines: &draft.lines,
            net_total: totals.net,
        },
        org.policy,
    )
    .map_err(|e| refuse("no_route", e.to_string()))?;

    let mut detail = String::new();
    if let Some(old) = current {
        // Approvals survive a resubmission only if the amount did not rise past a threshold
        // of any rule, and only for a step that is still on the route with the same approver.
        let crossed = org
            .policy
            .rules
            .iter()
            .filter_map(|r| r.when.min_total)
            .find(|t| old.totals.net < *t && *t <= totals.net);
        match crossed {
            Some(t) => {
                detail = format!(
                    "approvals reset: the total rose past the {} threshold",
                    crate::money::format(t, &org.policy.currency)
                )
            }
            None => {
                let mut kept = 0;
                for step in &mut steps {
                    if let Some(was) = old.route.iter().find(|s| s.key == step.key) {
                        for a in &was.approvals {
                            if (step.approvers.contains(&a.principal) || a.escalated)
                                && org.policy.within_limit(&a.principal, totals.net)
                            {
                                step.approvals.push(a.clone());
                                kept += 1;
                            }
                        }
                    }
                }
                if kept > 0 {
                    detail =
                        format!("{kept} approval(s) kept: the total did not cross a threshold");
                }
            }
        }
    }
    let mut r = Requisition {
        id: draft.id.clone(),
        revision,
        requester: actor.id.clone(),
        requester_name: actor.name.clone(),
        title: draft.title.trim().to_owned(),
        cost_centre: draft.cost_centre.clone(),
        account: draft.account.clone(),
        need_by: draft.need_by.clone(),
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
            actor: &actor.id,
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
) -> Vec<(String, bool)> {
    let Some(step) = r.current_step() else {
        return Vec::new();
    };
    let mut principals = vec![actor.to_owned()];
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
        .filter_map(|p| eligibility(r, step, &p, org, now_ms).map(|esc| (p, esc)))
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
        return Err(refuse(
            "forbidden_role",
            "only approvers decide requisitions",
        ));
    }
    if r.status != Status::Pending || d.revision != r.revision {
        return Err(refuse(
            "stale",
            format!(
                "someone else acted first: the requisition is now {:?} at revision {}",
                r.status, r.revision
            )
            .to_lowercase(),
        ));
    }
    let step = r
        .current_step()
        .ok_or_else(|| refuse("stale", "the requisition has no step waiting"))?;
    if d.step != step.key {
        return Err(refuse(
            "stale",
            format!(
                "the step {:?} is no longer the one waiting ({:?} is)",
                d.step, step.name
            ),
        ));
    }
    let principal = d.on_behalf_of.clone().unwrap_or_else(|| actor.id.clone());
    if actor.id == r.requester || principal == r.requester {
        return Err(refuse(
            "self_approval",
            "nobody decides their own requisition",
        ));
    }
    if principal != actor.id && !may_act_for(org.delegations, &actor.id, &principal, now_ms) {
        return Err(refuse(
            "no_delegation",
            format!(
                "{} has no delegation from {} today",
                actor.name,
                org.policy.name_of(&principal)
            ),
        ));
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
            return Err(refuse(
                "already_approved",
                "nobody approves twice on one route (in their own name or for someone else)",
            ));
        }
    }
    let Some(escalated) = eligibility(r, step, &principal, org, now_ms) else {
        return Err(refuse(
            "not_an_approver",
            format!(
                "{} is not an approver of the step {:?}",
                org.policy.name_of(&principal),
                step.name
            ),
        ));
    };
    if !org.policy.within_limit(&principal, r.totals.net) {
        return Err(refuse(
            "over_limit",
            format!(
                "{}'s approval limit is below {}",
                org.policy.name_of(&principal),
                crate::money::format(r.totals.net, &r.currency)
            ),
        ));
    }
    let comment = d.comment.trim();
    if d.verdict != Verdict::Approve && comment.is_empty() {
        return Err(refuse("comment_required", "say why: a comment is required"));
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
    let principal_name = org.policy.name_of(&principal).to_owned();
    audit::append(
        &mut next,
        Transition {
            at_ms: now_ms,
            actor: &actor.id,
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
    let impact = budget_impact(&r.id, &r.cost_centre, &r.need_by, r.totals.net, org);
    if impact.over() {
        let text = format!(
            "budget {} {}: {} committed + {} = {} of {}",
            impact.cost_centre,
            impact.period,
            crate::money::format(impact.committed, &r.currency),
            crate::money::format(impact.this, &r.currency),
            crate::money::format(impact.after, &r.currency),
            crate::money::format(impact.amount.unwrap_or_default(), &r.currency),
        );
        if impact.blocks() {
            return Err(refuse(
                "budget_exceeded",
                format!("over budget (stop): {text}"),
            ));
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
        return Err(refuse(
            "not_requester",
            "only the requester withdraws a requisition",
        ));
    }
    if !matches!(r.status, Status::Pending | Status::Returned) || revision != r.revision {
        return Err(refuse(
            "stale",
            format!(
                "the requisition is {:?} at revision {}",
                r.status, r.revision
            )
            .to_lowercase(),
        ));
    }
    let mut next = r.clone();
    next.status = Status::Withdrawn;
    next.updated_at_ms = now_ms;
    audit::append(
        &mut next,
        Transition {
            at_ms: now_ms,
            actor: &actor.id,
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
