//! What the inbox and the decision panel share: how a decision is checked and queued, the
//! budget impact line, ages and names.

use super::msg::ApprovalMsg;
use crate::i18n::{I18n, Lang};
use crate::org;
use crate::state::AppState;
use crate::sync::records;
use leptos::prelude::*;
use procura_procurement::approval::audit::AuditAction;
use procura_procurement::approval::policy::GroupMode;
use procura_procurement::approval::requisition::RouteStep;
use procura_procurement::approval::{decide, BudgetImpact, Decision, Policy, Status, Verdict};
use procura_sync::sync::Op;

/// Checks `decision` by the organisation's rules against the requisition as this device has
/// it, and queues it only if they allow it (the hub checks again). The error is the rules'
/// reason, ready to show.
pub async fn queue_decision(app: AppState, decision: Decision, lang: Lang) -> Result<(), String> {
    let say = |m: ApprovalMsg| m.text(lang).to_owned();
    let me = untrack(|| org::me(app)).ok_or_else(|| say(ApprovalMsg::NobodyLoggedIn))?;
    let requisition = untrack(|| org::requisition(app, decision.requisition_id.as_str()))
        .ok_or_else(|| say(ApprovalMsg::RequisitionNotHere))?;
    let now = org::now_ms();
    let verdict = untrack(|| {
        org::with_org(app, |o| {
            decide(&requisition, &decision, &me, o, now).map(|_| ())
        })
    });
    match verdict {
        None => Err(say(ApprovalMsg::PolicyNotHere)),
        Some(Err(refusal)) => Err(crate::i18n::reasons::text(lang, &refusal.reason)),
        Some(Ok(())) => records::queue(app, Op::DecideRequisition { decision })
            .await
            .map_err(|e| e.to_string()),
    }
}

/// A message in the current language, read once (for text set from an event handler).
pub fn tr_now(i18n: I18n, msg: impl crate::i18n::Text) -> &'static str {
    msg.text(i18n.0.get_untracked())
}

/// "2 d 5 h", "3 h 10 min", "12 min".
pub fn age_text(i18n: I18n, ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (d, h, m) = (minutes / 1_440, (minutes / 60) % 24, minutes % 60);
    let unit = |u: ApprovalMsg| i18n.t(u);
    if d > 0 {
        format!(
            "{d} {} {h} {}",
            unit(ApprovalMsg::UnitDay),
            unit(ApprovalMsg::UnitHour)
        )
    } else if h > 0 {
        format!(
            "{h} {} {m} {}",
            unit(ApprovalMsg::UnitHour),
            unit(ApprovalMsg::UnitMinute)
        )
    } else if m > 0 {
        format!("{m} {}", unit(ApprovalMsg::UnitMinute))
    } else {
        i18n.t(ApprovalMsg::JustNow).to_owned()
    }
}

pub fn name_in(policy: Option<&Policy>, id: &str) -> String {
    policy.map_or_else(|| id.to_owned(), |p| p.name_of(id).to_owned())
}

pub fn verdict_msg(verdict: Verdict) -> ApprovalMsg {
    match verdict {
        Verdict::Approve => ApprovalMsg::Approve,
        Verdict::Reject => ApprovalMsg::Reject,
        Verdict::Return => ApprovalMsg::Return,
    }
}

pub fn confirm_question(verdict: Verdict) -> ApprovalMsg {
    match verdict {
        Verdict::Approve => ApprovalMsg::ConfirmApprove,
        Verdict::Reject => ApprovalMsg::ConfirmReject,
        Verdict::Return => ApprovalMsg::ConfirmReturn,
    }
}

pub fn confirm_button(verdict: Verdict) -> ApprovalMsg {
    match verdict {
        Verdict::Approve => ApprovalMsg::ConfirmApproveButton,
        Verdict::Reject => ApprovalMsg::ConfirmRejectButton,
        Verdict::Return => ApprovalMsg::ConfirmReturnButton,
    }
}

pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Approve => "approve",
        Verdict::Reject => "reject",
        Verdict::Return => "return",
    }
}

pub fn status_msg(status: Status) -> ApprovalMsg {
    match status {
        Status::Pending => ApprovalMsg::StatusPending,
        Status::Returned => ApprovalMsg::StatusReturned,
        Status::Approved => ApprovalMsg::StatusApproved,
        Status::Rejected => ApprovalMsg::StatusRejected,
        Status::Withdrawn => ApprovalMsg::StatusWithdrawn,
    }
}

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending",
        Status::Returned => "returned",
        Status::Approved => "approved",
        Status::Rejected => "rejected",
        Status::Withdrawn => "withdrawn",
    }
}

/// The decisions an approver makes, as the audit trail names them.
pub fn decided_msg(action: AuditAction) -> Option<ApprovalMsg> {
    match action {
        AuditAction::Approved => Some(ApprovalMsg::ActionApproved),
        AuditAction::Rejected => Some(ApprovalMsg::ActionRejected),
        AuditAction::Returned => Some(ApprovalMsg::ActionReturned),
        _ => None,
    }
}

/// "any one of Wang Wei, Anna Schmidt".
pub fn step_approvers(i18n: I18n, step: &RouteStep, policy: Option<&Policy>) -> String {
    let names = step
        .approvers
        .iter()
        .map(|a| name_in(policy, a.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    match step.mode {
        GroupMode::AnyOf => ApprovalMsg::any_of(i18n.lang(), &names),
        GroupMode::AllOf => ApprovalMsg::all_of(i18n.lang(), &names),
    }
}

/// The budget line of a requisition: committed + this = after of amount, flagged when over.
#[component]
pub fn BudgetImpactLine(
    impact: BudgetImpact,
    currency: String,
    /// `data-testid` of the line (`inbox-budget`, `decision-budget`).
    testid: &'static str,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let money = move |d| crate::ui::format::money(i18n.lang(), d, &currency);
    let state = if impact.blocks() {
        "stop"
    } else if impact.over() {
        "warn"
    } else if impact.amount.is_some() {
        "ok"
    } else {
        "none"
    };
    let line = match impact.amount {
        Some(amount) => {
            let (committed, this, after, amount) = (
                money(impact.committed),
                money(impact.this),
                money(impact.after),
                money(amount),
            );
            Some(move || ApprovalMsg::budget_line(i18n.lang(), &committed, &this, &after, &amount))
        }
        None => None,
    };
    let (cc, period) = (impact.cost_centre.clone(), impact.period);
    let percent = impact.amount.filter(|a| !a.is_zero()).map(|a| {
        use rust_decimal::prelude::ToPrimitive;
        impact
            .after
            .checked_div(a)
            .and_then(|r| r.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
            .and_then(|r| r.to_f64())
            .unwrap_or(0.0)
    });
    view! {
        <div class=format!("appr-budget {state}") data-testid=testid data-state=state>
            {match line {
                Some(line) => view! {
                    <span class="budget-figures">{line}</span>
                    {percent.map(|p| view! {
                        <span class="budget-meter" aria-hidden="true">
                            <span style=format!("width: {:.0}%", p.min(100.0))></span>
                        </span>
                    })}
                    <span class="budget-flag">{move || i18n.t(match state {
                        "stop" => ApprovalMsg::OverStop,
                        "warn" => ApprovalMsg::OverWarn,
                        _ => ApprovalMsg::WithinBudget,
                    })}</span>
                }.into_any(),
                None => view! {
                    <span class="muted">{move || ApprovalMsg::budget_none(i18n.lang(), &cc, period)}</span>
                }.into_any(),
            }}
        </div>
    }
}

/// A clock for ages and escalation that moves once a minute while the screen is shown.
pub fn minute_clock() -> RwSignal<i64> {
    let now = RwSignal::new(org::now_ms());
    let ticker = set_interval_with_handle(
        move || now.set(org::now_ms()),
        std::time::Duration::from_secs(60),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    now
}
