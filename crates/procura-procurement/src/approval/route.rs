//! From a requisition and the policy to its approval route.

use super::policy::{Approvers, Condition, GroupMode, Policy};
use super::requisition::{RequisitionLine, RouteStep};
use procura_ground::id::UserId;
use rust_decimal::Decimal;

/// What the route is computed from.
pub struct RouteInput<'a> {
    pub requester: &'a str,
    pub cost_centre: &'a str,
    pub lines: &'a [RequisitionLine],
    /// Net, in the policy currency.
    pub net_total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("no manager above {0} may approve this amount; ask an admin to fix the policy")]
    ChainEnds(String),
    #[error("step {step}: nobody in it may approve this amount; ask an admin to fix the policy")]
    NobodyMay { step: String },
    #[error("{0} is not in the organisation chart; ask an admin to add them")]
    UnknownRequester(String),
}

impl RouteError {
    /// The typed reason, for a refusal or the route preview.
    pub fn reason(&self) -> procura_ground::reason::Reason {
        use procura_ground::reason::Reason;
        match self {
            RouteError::ChainEnds(person) => Reason::RouteChainEnds {
                person: person.clone(),
            },
            RouteError::NobodyMay { step } => Reason::RouteNobodyMay { step: step.clone() },
            RouteError::UnknownRequester(person) => Reason::RouteUnknownRequester {
                person: person.clone(),
            },
        }
    }
}

/// Whether `when` holds for the requisition.
pub fn applies(when: &Condition, input: &RouteInput<'_>) -> bool {
    when.min_total.is_none_or(|min| input.net_total >= min)
        && (when.cost_centres.is_empty()
            || when.cost_centres.iter().any(|c| c == input.cost_centre))
        && (when.segments.is_empty()
            || input
                .lines
                .iter()
                .any(|l| when.segments.iter().any(|s| s == l.segment())))
        && (when.suppliers.is_empty()
            || input
                .lines
                .iter()
                .any(|l| when.suppliers.contains(&l.supplier_id)))
        && (!when.non_catalog || input.lines.iter().any(|l| !l.is_catalog()))
}

/// The route: the steps of every rule that applies, in rule order. Manager-chain rules merge
/// into one chain as deep as the deepest asks, placed where the first of them is; a manager
/// whose limit is below the total is skipped (their manager takes the level), and the chain
/// stops at its top (a route never asks for a level nobody can fill). The requester is
/// never an approver (segregation of duties), and a step nobody in it may approve is an error
/// for the admin, not a route that can never finish.
pub fn compute(input: &RouteInput<'_>, policy: &Policy) -> Result<Vec<RouteStep>, RouteError> {
    let applicable: Vec<_> = policy
        .rules
        .iter()
        .filter(|r| applies(&r.when, input))
        .collect();
    let mut steps: Vec<RouteStep> = Vec::new();
    let mut chain_placed = false;
    for rule in &applicable {
        match &rule.approvers {
            Approvers::ManagerChain { .. } if chain_placed => {}
            Approvers::ManagerChain { .. } => {
                chain_placed = true;
                steps.extend(chain(input, policy, &applicable)?);
            }
            Approvers::Group { mode, members } => {
                let approvers: Vec<UserId> = members
                    .iter()
                    .filter(|m| m.as_str() != input.requester)
                    .cloned()
                    .collect();
                let may = |p: &UserId| policy.within_limit(p.as_str(), input.net_total);
                let possible = match mode {
                    GroupMode::AnyOf => approvers.iter().any(may),
                    GroupMode::AllOf => !approvers.is_empty() && approvers.iter().all(may),
                };
                if !possible {
                    return Err(RouteError::NobodyMay {
                        step: rule.name.clone(),
                    });
                }
                steps.push(RouteStep {
                    key: rule.id.clone(),
                    name: rule.name.clone(),
                    mode: *mode,
                    approvers,
                    threshold: rule.when.min_total,
                    approvals: Vec::new(),
                });
            }
        }
    }
    Ok(steps)
}

fn chain(
    input: &RouteInput<'_>,
    policy: &Policy,
    applicable: &[&super::policy::Rule],
) -> Result<Vec<RouteStep>, RouteError> {
    let levels = applicable
        .iter()
        .filter_map(|r| match r.approvers {
            Approvers::ManagerChain { levels } => Some(levels),
            Approvers::Group { .. } => None,
        })
        .max()
        .unwrap_or(0);
    let mut at = policy
        .person(input.requester)
        .ok_or_else(|| RouteError::UnknownRequester(input.requester.to_owned()))?;
    let mut steps = Vec::new();
    for level in 1..=levels {
        // The next manager up who may approve this amount.
        let approver = loop {
            let Some(manager) = at.manager.as_ref().and_then(|m| policy.person(m.as_str())) else {
                // The top of the chain: the levels found so far are the route (someone with
                // enough authority is on it); with none found, nobody may approve.
                if steps.is_empty() {
                    return Err(RouteError::ChainEnds(at.name.clone()));
                }
                return Ok(steps);
            };
            at = manager;
            if policy.within_limit(manager.id.as_str(), input.net_total) {
                break manager;
            }
        };
        let threshold = applicable
            .iter()
            .filter(
                |r| matches!(r.approvers, Approvers::ManagerChain { levels } if levels >= level),
            )
            .map(|r| r.when.min_total.unwrap_or(Decimal::ZERO))
            .min()
            .filter(|t| !t.is_zero());
        steps.push(RouteStep {
            key: format!("chain-{level}"),
            name: format!("Manager level {level}"),
            mode: GroupMode::AnyOf,
            approvers: vec![approver.id.clone()],
            threshold,
            approvals: Vec::new(),
        });
    }
    Ok(steps)
}

/// Who may approve `step` once it has waited too long: its approvers' managers, or the
/// policy's fallback escalation approver when none of them has one.
pub fn escalation_approvers(step: &RouteStep, policy: &Policy) -> Vec<UserId> {
    let mut up: Vec<UserId> = step
        .approvers
        .iter()
        .filter_map(|a| policy.person(a.as_str())?.manager.clone())
        .collect();
    if up.is_empty() {
        up.extend(policy.escalation_fallback.clone());
    }
    up.sort();
    up.dedup();
    up
}
