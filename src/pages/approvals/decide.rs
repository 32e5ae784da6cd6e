//! The approver's decision panel on a requisition: shown only while the logged-in user may act
//! on its current step (in their own name, for a colleague who delegated to them, or as the
//! escalation approver). The organisation's rules are run on the device before anything is
//! queued, so a decision they would refuse shows its reason instead; the hub checks again.

use super::common::{
    confirm_button, confirm_question, minute_clock, name_in, queue_decision, step_approvers,
    verdict_class, verdict_msg, BudgetImpactLine,
};
use super::msg::ApprovalMsg;
use crate::i18n::use_i18n;
use crate::org;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_procurement::approval::{
    budget_impact, roles_on_current_step, BudgetImpact, Decision, Requisition, Verdict,
};
use procura_sync::api::Role;

/// What the panel shows: the requisition as it stands and who the user may act as.
#[derive(Debug, Clone, PartialEq)]
struct Panel {
    requisition: Requisition,
    me: String,
    me_name: String,
    /// (principal, escalated), the user's own id first when present.
    roles: Vec<(String, bool)>,
    /// (principal id, display name) for every role.
    names: Vec<(String, String)>,
    step_name: String,
    step_key: String,
    step_approvers: String,
    approved_so_far: Vec<String>,
    impact: BudgetImpact,
}

/// Approve / reject / return for the logged-in approver, when the requisition waits for them.
#[component]
pub fn DecisionPanel(requisition_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let id = StoredValue::new(requisition_id);
    let now = minute_clock();
    let panel = Memo::new(move |_| {
        let me = org::me(app)?;
        if !me.has(Role::Approver) {
            return None;
        }
        let requisition = org::requisition(app, &id.get_value())?;
        let now = now.get();
        let policy = org::policy(app);
        org::with_org(app, |o| {
            let mut roles = roles_on_current_step(&requisition, me.id.as_str(), o, now);
            if roles.is_empty() {
                return None;
            }
            roles.sort_by_key(|(p, _)| *p != me.id);
            let step = requisition.current_step()?.clone();
            let impact = budget_impact(
                &requisition.id,
                &requisition.cost_centre,
                requisition.need_by,
                requisition.totals.net,
                o,
            );
            Some(Panel {
                names: roles
                    .iter()
                    .map(|(p, _)| (p.to_string(), name_in(policy.as_ref(), p.as_str())))
                    .collect(),
                me_name: me.name.clone(),
                me: me.id.to_string(),
                roles: roles
                    .into_iter()
                    .map(|(p, e)| (p.into_string(), e))
                    .collect(),
                step_name: crate::ui::names::step_name(&step, i18n.lang()),
                step_key: step.key.clone(),
                step_approvers: step_approvers(i18n, &step, policy.as_ref()),
                approved_so_far: step
                    .approvals
                    .iter()
                    .map(|a| name_in(policy.as_ref(), a.principal.as_str()))
                    .collect(),
                impact,
                requisition,
            })
        })
        .flatten()
    });

    let act_as = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    // The verdict being confirmed, with the revision and step the user saw when choosing it.
    let confirming = RwSignal::new(None::<(Verdict, u32, String)>);
    let error = RwSignal::new(None::<String>);
    let queued = RwSignal::new(false);
    let busy = RwSignal::new(false);

    // Who the decision is made as: the chosen principal while it is still one of the roles.
    let principal = move || {
        panel.with(|p| {
            p.as_ref().and_then(|p| {
                let chosen = act_as.get();
                p.roles
                    .iter()
                    .find(|(r, _)| *r == chosen)
                    .or_else(|| p.roles.first())
                    .cloned()
            })
        })
    };

    let choose = move |verdict: Verdict| {
        error.set(None);
        if let Some(p) = panel.get_untracked() {
            confirming.set(Some((verdict, p.requisition.revision, p.step_key.clone())));
        }
    };
    let confirm = move |_| {
        let Some((verdict, revision, step)) = confirming.get_untracked() else {
            return;
        };
        let text = comment.get_untracked();
        if verdict != Verdict::Approve && text.trim().is_empty() {
            error.set(Some(
                super::common::tr_now(i18n, ApprovalMsg::CommentRequired).to_owned(),
            ));
            return;
        }
        let Some(me) = panel.with_untracked(|p| p.as_ref().map(|p| p.me.clone())) else {
            return;
        };
        let on_behalf_of = untrack(principal).map(|(p, _)| p).filter(|p| *p != me);
        let decision = Decision {
            requisition_id: id.get_value().into(),
            revision,
            step,
            verdict,
            on_behalf_of: on_behalf_of.map(Into::into),
            comment: text.trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match queue_decision(app, decision, i18n.0.get_untracked()).await {
                Ok(()) => {
                    confirming.set(None);
                    comment.set(String::new());
                    error.set(None);
                    queued.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    move || match panel.get() {
        None => queued.get().then(|| {
            view! {
                <div class="decision-panel done" data-testid="decision-queued" role="status">
                    <p class="notice">{move || i18n.t(ApprovalMsg::DecisionQueued)}</p>
                </div>
            }
            .into_any()
        }),
        Some(p) => {
            let currency = p.requisition.currency.clone();
            let several = p.roles.len() > 1;
            let names = p.names.clone();
            let name_of = move |id: &str| {
                names
                    .iter()
                    .find(|(p, _)| p == id)
                    .map_or_else(|| id.to_owned(), |(_, n)| n.clone())
            };
            let only = p.roles.first().cloned();
            let me = p.me.clone();
            let me_name = p.me_name.clone();
            Some(
                view! {
                    <section class="decision-panel" data-testid="decision-panel" aria-labelledby="decision-title">
                        <h2 id="decision-title">{move || i18n.t(ApprovalMsg::DecisionTitle)}</h2>
                        <dl class="decision-facts">
                            <dt>{move || i18n.t(ApprovalMsg::CurrentStep)}</dt>
                            <dd data-testid="current-step" data-step=p.step_key.clone()>
                                <strong data-content=crate::ui::names::step_name_is_data(&p.step_key).then_some("")>{p.step_name.clone()}</strong>
                                <span class="muted">" · " {p.step_approvers.clone()}</span>
                                {(!p.approved_so_far.is_empty()).then(|| {
                                    let so_far = p.approved_so_far.join(", ");
                                    view! { <div class="muted small">{move || i18n.t(ApprovalMsg::ApprovedSoFar)} ": " {so_far.clone()}</div> }
                                })}
                            </dd>
                            <dt>{move || i18n.t(ApprovalMsg::BudgetImpact)}</dt>
                            <dd>
                                <BudgetImpactLine impact=p.impact.clone() currency=currency.clone() testid="decision-budget"/>
                                <super::outlook::BudgetOutlook cost_centre=p.impact.cost_centre.clone() period=p.impact.period/>
                            </dd>
                        </dl>
                        {if several {
                            let roles = p.roles.clone();
                            let me = me.clone();
                            let me_name = me_name.clone();
                            let name_of = name_of.clone();
                            view! {
                                <label class="act-as">{move || i18n.t(ApprovalMsg::ActingAs)}
                                    <select data-testid="act-as"
                                        prop:value=move || principal().map(|(p, _)| p).unwrap_or_default()
                                        on:change=move |ev| act_as.set(event_target_value(&ev))>
                                        {roles.iter().map(|(r, escalated)| {
                                            let (mine, escalated) = (*r == me, *escalated);
                                            let name = if mine { me_name.clone() } else { name_of(r) };
                                            let label = move || {
                                                let lang = i18n.lang();
                                                let who = if mine { ApprovalMsg::myself(lang, &name) } else { ApprovalMsg::for_delegation(lang, &name) };
                                                let suffix = if escalated { ApprovalMsg::EscalatedSuffix.text(lang) } else { "" };
                                                format!("{who}{suffix}")
                                            };
                                            view! { <option value=r.clone()>{label}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                            }.into_any()
                        } else {
                            let note = only.and_then(|(r, escalated)| {
                                if escalated {
                                    Some(None)
                                } else if r != me {
                                    Some(Some(name_of(&r)))
                                } else {
                                    None
                                }
                            });
                            note.map(|name| view! {
                                <p class="acting-note" data-testid="acting-note">{move || match &name {
                                    None => i18n.t(ApprovalMsg::YouActEscalated).to_owned(),
                                    Some(name) => ApprovalMsg::you_act_for(i18n.lang(), name),
                                }}</p>
                            }).into_any()
                        }}
                        <label class="decision-comment">{move || i18n.t(ApprovalMsg::Comment)}
                            <textarea data-testid="decision-comment" rows="3" prop:value=comment maxlength={procura_sync::limits::MAX_COMMENT_CHARS.to_string()}
                                placeholder=move || i18n.t(ApprovalMsg::CommentHint)
                                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                        </label>
                        <div class="decision-actions">
                            <button class="primary approve" data-testid="approve" disabled=move || busy.get()
                                on:click=move |_| choose(Verdict::Approve)>{move || i18n.t(ApprovalMsg::Approve)}</button>
                            <button class="return" data-testid="return" disabled=move || busy.get()
                                on:click=move |_| choose(Verdict::Return)>{move || i18n.t(ApprovalMsg::Return)}</button>
                            <button class="reject" data-testid="reject" disabled=move || busy.get()
                                on:click=move |_| choose(Verdict::Reject)>{move || i18n.t(ApprovalMsg::Reject)}</button>
                        </div>
                        {move || confirming.get().map(|(verdict, _, _)| view! {
                            <div class=format!("confirm-box {}", verdict_class(verdict)) role="alertdialog" data-testid="confirm-box">
                                <p><strong>{move || i18n.t(confirm_question(verdict))}</strong></p>
                                <div class="decision-actions">
                                    <button class=if verdict == Verdict::Reject { "danger" } else { "primary" }
                                        data-testid="confirm-decision" disabled=move || busy.get() on:click=confirm>
                                        {move || i18n.t(confirm_button(verdict))}
                                    </button>
                                    <button data-testid="cancel-decision" on:click=move |_| { confirming.set(None); error.set(None); }>
                                        {move || i18n.t(crate::i18n::Msg::Cancel)}
                                    </button>
                                </div>
                                <span class="visually-hidden">{move || i18n.t(verdict_msg(verdict))}</span>
                            </div>
                        })}
                        {move || error.get().map(|e| view! {
                            <p class="error" role="alert" data-testid="decision-error">
                                <strong>{move || i18n.t(ApprovalMsg::NotPossible)} ": "</strong>{e}
                            </p>
                        })}
                    </section>
                }
                .into_any(),
            )
        }
    }
}
