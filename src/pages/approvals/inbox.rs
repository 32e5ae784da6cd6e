//! The approver's inbox: every requisition whose current step the logged-in user may decide,
//! with what an approver weighs (total, age, budget), and approve / reject straight from the
//! row after a confirmation. Below it, the decisions still on the device, the ones the
//! organisation refused, and the ones already made.

use super::common::{
    age_text, confirm_button, confirm_question, decided_msg, name_in, queue_decision, status_class,
    status_msg, step_approvers, verdict_class, verdict_msg, BudgetImpactLine,
};
use super::msg::ApprovalMsg;
use crate::i18n::plural::{form, Form};
use crate::i18n::{use_i18n, I18n, Lang, Msg};
use crate::org;
use crate::state::use_app;
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use procura_procurement::approval::{
    acted_by, awaiting, budget_impact, Awaiting, BudgetImpact, Decision, Policy, Requisition,
    RequisitionLine, Status, Verdict,
};
use procura_sync::api::Role;
use procura_sync::sync::Op;

/// One requisition waiting for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxEntry {
    pub requisition: Requisition,
    /// (principal, escalated), the user's own id first when present.
    pub roles: Vec<(String, bool)>,
    /// Display names of the principals in `roles`.
    pub names: Vec<String>,
    pub impact: BudgetImpact,
    pub step_key: String,
    pub step_name: String,
    pub step_approvers: String,
}

impl InboxEntry {
    /// Changes whenever anything the row shows changes, so the row is rebuilt then and only then.
    fn key(&self) -> String {
        let r = &self.requisition;
        format!(
            "{}|{}|{}|{}|{:?}|{}|{}",
            r.id,
            r.revision,
            r.updated_at_ms,
            self.step_key,
            self.roles,
            self.impact.after,
            self.step_approvers
        )
    }
}

/// How many requisitions the inbox holds, without building its rows (reactive).
pub fn waiting_count(app: crate::state::AppState, now: i64) -> usize {
    let Some(me) = org::me(app) else {
        return 0;
    };
    if !me.has(Role::Approver) {
        return 0;
    }
    let requisitions = org::requisitions(app);
    org::with_org(app, |o| {
        awaiting(requisitions, me.id.as_str(), o, now).len()
    })
    .unwrap_or(0)
}

/// The inbox, oldest waiting first (reactive).
fn inbox(app: crate::state::AppState, now: i64, i18n: crate::i18n::I18n) -> Vec<InboxEntry> {
    let Some(me) = org::me(app) else {
        return Vec::new();
    };
    if !me.has(Role::Approver) {
        return Vec::new();
    }
    let requisitions = org::requisitions(app);
    let policy = org::policy(app);
    org::with_org(app, |o| {
        awaiting(requisitions, me.id.as_str(), o, now)
            .into_iter()
            .filter_map(
                |Awaiting {
                     requisition: r,
                     roles,
                 }| {
                    let step = r.current_step()?.clone();
                    let impact = budget_impact(&r.id, &r.cost_centre, r.need_by, r.totals.net, o);
                    Some(InboxEntry {
                        names: roles
                            .iter()
                            .map(|(p, _)| name_in(policy.as_ref(), p.as_str()))
                            .collect(),
                        roles: roles
                            .into_iter()
                            .map(|(p, e)| (p.into_string(), e))
                            .collect(),
                        impact,
                        step_key: step.key.clone(),
                        step_name: crate::ui::names::step_name(&step, i18n.lang()),
                        step_approvers: step_approvers(i18n, &step, policy.as_ref()),
                        requisition: r,
                    })
                },
            )
            .collect::<Vec<_>>()
    })
    .unwrap_or_default()
}

/// Lines a row shows; the rest are counted, and listed under "Details".
const ROW_LINES: usize = 3;

/// "+ 2 more lines" / "另有 2 行".
fn more_lines(lang: Lang, n: usize) -> String {
    match (lang, form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("+ {n} more line"),
        (Lang::En, _) => format!("+ {n} more lines"),
        (Lang::ZhCn, _) => format!("另有 {n} 行"),
    }
}

/// The decision being confirmed on one row: (requisition, verdict, revision, step seen).
type Confirming = Option<(String, Verdict, u32, String)>;

#[component]
pub fn Inbox(now: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let entries = Memo::new(move |_| inbox(app, now.get(), i18n));
    let confirming = RwSignal::new(None::<(String, Verdict, u32, String)>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);
    let is_approver = move || {
        app.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.has_role(Role::Approver)))
    };
    let has_policy = move || org::policy(app).is_some();
    let count = move || entries.with(Vec::len);

    let ctx = RowContext {
        confirming,
        comment,
        error,
        busy,
        now,
    };
    view! {
        <section class="approval-section inbox" data-testid="inbox" data-count=move || count().to_string()>
            <div class="section-head">
                <h2>{move || i18n.t(ApprovalMsg::InboxTitle)}
                    <span class="count-pill" class:zero=move || count() == 0 data-testid="inbox-count">{count}</span>
                </h2>
            </div>
            <p class="muted">{move || i18n.t(ApprovalMsg::InboxIntro)}</p>
            {move || {
                if !is_approver() {
                    Some(view! { <p class="empty" data-testid="inbox-empty">{move || i18n.t(ApprovalMsg::NotApprover)}</p> }.into_any())
                } else if !has_policy() {
                    Some(view! { <p class="empty" data-testid="inbox-empty">{move || i18n.t(ApprovalMsg::NoPolicy)}</p> }.into_any())
                } else if count() == 0 {
                    Some(view! { <p class="empty" data-testid="inbox-empty">{move || i18n.t(ApprovalMsg::InboxEmpty)}</p> }.into_any())
                } else {
                    None
                }
            }}
            <ul class="inbox-list">
                <For each=move || entries.get() key=InboxEntry::key
                    children=move |entry| view! { <InboxRow entry=entry ctx=ctx/> }/>
            </ul>
        </section>
    }
}

#[derive(Clone, Copy)]
struct RowContext {
    confirming: RwSignal<Confirming>,
    comment: RwSignal<String>,
    error: RwSignal<Option<(String, String)>>,
    busy: RwSignal<bool>,
    now: RwSignal<i64>,
}

#[component]
fn InboxRow(entry: InboxEntry, ctx: RowContext) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let RowContext {
        confirming,
        comment,
        error,
        busy,
        now,
    } = ctx;
    let r = entry.requisition.clone();
    let id = StoredValue::new(r.id.clone());
    let expanded = RwSignal::new(false);
    let since = r.step_since_ms;
    let submitted = r.submitted_at_ms;
    let currency = r.currency.clone();
    let total = crate::ui::format::money(i18n.lang(), r.totals.net, &r.currency);
    let gross = crate::ui::format::money(i18n.lang(), r.totals.gross, &r.currency);
    // Who the row's buttons act as: the user's own role when they have one, else the first
    // colleague who delegated to them.
    let (principal, escalated) = entry.roles.first().cloned().unwrap_or_default();
    let me = untrack(|| org::me(app)).map(|m| m.id).unwrap_or_default();
    let on_behalf_of = (principal != me).then_some(principal.clone());
    // The row's badges describe the role its buttons act in.
    let badges = entry
        .roles
        .iter()
        .zip(&entry.names)
        .take(1)
        .map(|((p, esc), name)| (p.clone(), *esc, name.clone()))
        .collect::<Vec<_>>();
    let open_here =
        move || confirming.with(|c| c.as_ref().filter(|c| c.0 == id.get_value()).map(|c| c.1));
    let comment_field = NodeRef::<leptos::html::Textarea>::new();
    let choose = {
        let step = entry.step_key.clone();
        let revision = r.revision;
        move |verdict: Verdict| {
            comment.set(String::new());
            error.set(None);
            confirming.set(Some((
                id.get_value().to_string(),
                verdict,
                revision,
                step.clone(),
            )));
            // Rejecting or returning needs a reason: the cursor waits in the comment.
            if verdict != Verdict::Approve {
                request_animation_frame(move || {
                    if let Some(field) = comment_field.get_untracked() {
                        let _ = field.focus();
                    }
                });
            }
        }
    };
    let choose_reject = choose.clone();
    let choose_return = choose.clone();
    let confirm = move |_| {
        let Some((req, verdict, revision, step)) = confirming.get_untracked() else {
            return;
        };
        let text = comment.get_untracked().trim().to_owned();
        if verdict != Verdict::Approve && text.is_empty() {
            error.set(Some((
                req,
                super::common::tr_now(i18n, ApprovalMsg::CommentRequired).to_owned(),
            )));
            return;
        }
        let decision = Decision {
            requisition_id: req.clone().into(),
            revision,
            step,
            verdict,
            on_behalf_of: on_behalf_of.clone().map(Into::into),
            comment: text,
        };
        busy.set(true);
        spawn_local(async move {
            match queue_decision(app, decision, i18n.0.get_untracked()).await {
                Ok(()) => {
                    confirming.set(None);
                    comment.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some((req, e))),
            }
            busy.set(false);
        });
    };
    let row_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|(i, _)| *i == id.get_value())
                .map(|(_, m)| m.clone())
        })
    };
    let href = format!("/requisitions/{}", r.id);
    let policy = untrack(|| org::policy(app));
    let step_key = entry.step_key.clone();
    let details_of = r.clone();
    view! {
        <li class="inbox-row" class:escalated=escalated data-testid="inbox-row" data-id=r.id.to_string()>
            <div class="inbox-summary">
                <div class="inbox-main">
                    <A href=href.clone() attr:class="inbox-title">{r.title.clone()}</A>
                    <div class="inbox-meta">
                        <span data-testid="inbox-requester">{r.requester_name.clone()}</span>
                        " · " {r.cost_centre.to_string()}
                        " · " <span title=entry.step_approvers.clone() data-content=crate::ui::names::step_name_is_data(&entry.step_key).then_some("")>{entry.step_name.clone()}</span>
                    </div>
                    <div class="inbox-badges">
                        {badges.into_iter().map(|(p, esc, name)| {
                            let delegated = p != me;
                            let title_name = name.clone();
                            view! {
                                {delegated.then(|| {
                                    let name = name.clone();
                                    let title_name = title_name.clone();
                                    view! {
                                        <span class="tag delegated" data-testid="delegated-badge"
                                            title=move || ApprovalMsg::delegated_title(i18n.lang(), &title_name)>
                                            {move || ApprovalMsg::for_name(i18n.lang(), &name)}
                                        </span>
                                    }
                                })}
                                {esc.then(|| view! {
                                    <span class="tag escalated" data-testid="escalated-badge"
                                        title=move || i18n.t(ApprovalMsg::EscalatedTitle)>
                                        {move || i18n.t(ApprovalMsg::Escalated)}
                                    </span>
                                })}
                            }
                        }).collect_view()}
                    </div>
                </div>
                <div class="inbox-figures">
                    <span class="price" data-testid="inbox-total" title=gross>{total}</span>
                    <span class="muted small">{move || i18n.t(ApprovalMsg::NetTotal)}</span>
                    <span class="inbox-age" data-testid="inbox-age"
                        title=move || format!("{} {}", i18n.t(ApprovalMsg::Submitted), crate::ui::format::date_time(i18n.lang(), submitted))>
                        {move || format!("{} {}", i18n.t(ApprovalMsg::Waiting), age_text(i18n, now.get() - since))}
                    </span>
                </div>
            </div>
            {row_lines(&r.lines, i18n)}
            <BudgetImpactLine impact=entry.impact.clone() currency=currency.clone() testid="inbox-budget"/>
            <div class="inbox-actions">
                <button class="primary approve" data-testid="inbox-approve" disabled=move || busy.get()
                    on:click=move |_| choose(Verdict::Approve)>{move || i18n.t(ApprovalMsg::Approve)}</button>
                <button class="return" data-testid="inbox-return" disabled=move || busy.get()
                    on:click=move |_| choose_return(Verdict::Return)>{move || i18n.t(ApprovalMsg::Return)}</button>
                <button class="reject" data-testid="inbox-reject" disabled=move || busy.get()
                    on:click=move |_| choose_reject(Verdict::Reject)>{move || i18n.t(ApprovalMsg::Reject)}</button>
                <button class="link-button" data-testid="inbox-details" aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || i18n.t(if expanded.get() { ApprovalMsg::HideDetails } else { ApprovalMsg::Details })}
                </button>
                <A href=href attr:class="link-button" attr:data-testid="inbox-open">{move || i18n.t(ApprovalMsg::Open)}</A>
            </div>
            {move || open_here().map(|verdict| view! {
                <div class=format!("confirm-box {}", verdict_class(verdict)) role="alertdialog" data-testid="confirm-box">
                    <p><strong>{move || i18n.t(confirm_question(verdict))}</strong></p>
                    <label class="decision-comment">{move || i18n.t(ApprovalMsg::Comment)}
                        <textarea data-testid="decision-comment" rows="2" node_ref=comment_field prop:value=comment maxlength={procura_sync::limits::MAX_COMMENT_CHARS.to_string()}
                            placeholder=move || i18n.t(if verdict == Verdict::Approve { ApprovalMsg::CommentOptional } else { ApprovalMsg::CommentWhy })
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="decision-actions">
                        <button class=if verdict == Verdict::Reject { "danger" } else { "primary" }
                            data-testid="confirm-decision" disabled=move || busy.get() on:click=confirm.clone()>
                            {move || i18n.t(confirm_button(verdict))}
                        </button>
                        <button data-testid="cancel-decision" on:click=move |_| { confirming.set(None); error.set(None); }>
                            {move || i18n.t(Msg::Cancel)}
                        </button>
                    </div>
                    <span class="visually-hidden">{move || i18n.t(verdict_msg(verdict))}</span>
                </div>
            })}
            {move || row_error().map(|e| view! {
                <p class="error" role="alert" data-testid="decision-error">
                    <strong>{move || i18n.t(ApprovalMsg::NotPossible)} ": "</strong>{e}
                </p>
            })}
            <Show when=move || expanded.get()>
                {row_details(&details_of, &step_key, policy.as_ref(), i18n)}
            </Show>
        </li>
    }
}

/// My decisions still queued on this device.
#[component]
pub fn PendingDecisions() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let pending = Memo::new(move |_| {
        let decisions: Vec<Decision> = app.work.with(|w| {
            w.pending
                .iter()
                .filter_map(|m| match &m.op {
                    Op::DecideRequisition { decision } => Some(decision.clone()),
                    _ => None,
                })
                .collect()
        });
        decisions
            .into_iter()
            .map(|d| {
                let title = org::requisition(app, d.requisition_id.as_str())
                    .map_or_else(|| d.requisition_id.to_string(), |r| r.title);
                (d, title)
            })
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=move || pending.with(|p| !p.is_empty())>
            <section class="approval-section pending-decisions" data-testid="pending-decisions">
                <h2>{move || i18n.t(ApprovalMsg::PendingTitle)}
                    <span class="count-pill pending">{move || pending.with(Vec::len)}</span>
                </h2>
                <p class="muted">{move || i18n.t(ApprovalMsg::PendingNote)}</p>
                <ul class="decision-list">
                    {move || pending.get().into_iter().map(|(d, title)| view! {
                        <li data-testid="pending-decision" data-id=d.requisition_id.to_string()>
                            <span class=format!("verdict {}", verdict_class(d.verdict))>{move || i18n.t(verdict_msg(d.verdict))}</span>
                            <A href=format!("/requisitions/{}", d.requisition_id)>{title}</A>
                            {(!d.comment.is_empty()).then(|| view! { <q class="muted">{d.comment.clone()}</q> })}
                            <small class="badge pending">{move || i18n.t(Msg::WaitingToSync)}</small>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// My decisions the organisation refused, with its reason, until dismissed.
#[component]
pub fn RefusedDecisions() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let refused = Memo::new(move |_| {
        let list: Vec<(u64, Decision, String)> = app.work.with(|w| {
            w.refused
                .iter()
                .filter_map(|r| match &r.mutation.op {
                    Op::DecideRequisition { decision } => {
                        Some((r.id, decision.clone(), r.text(i18n.0.get())))
                    }
                    _ => None,
                })
                .collect()
        });
        list.into_iter()
            .map(|(id, d, message)| {
                let r = org::requisition(app, d.requisition_id.as_str());
                let title = r
                    .as_ref()
                    .map_or_else(|| d.requisition_id.to_string(), |r| r.title.clone());
                (id, d, message, title, r.map(|r| r.status))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=move || refused.with(|r| !r.is_empty())>
            <section class="approval-section refused-decisions" role="alert" data-testid="refused-decisions">
                <h2>{move || i18n.t(ApprovalMsg::RefusedTitle)}</h2>
                <p>{move || i18n.t(ApprovalMsg::RefusedNote)}</p>
                <ul class="decision-list">
                    {move || refused.get().into_iter().map(|(id, d, message, title, status)| view! {
                        <li data-testid="refused-decision" data-id=d.requisition_id.to_string()>
                            <span class=format!("verdict {}", verdict_class(d.verdict))>{move || i18n.t(verdict_msg(d.verdict))}</span>
                            <A href=format!("/requisitions/{}", d.requisition_id)>{title}</A>
                            {status.map(|s| view! {
                                <span class=format!("status {}", status_class(s))>{move || i18n.t(status_msg(s))}</span>
                            })}
                            <strong class="refusal-message" data-testid="refusal-message">{message}</strong>
                            <button class="link-button" data-testid="dismiss-refused"
                                on:click=move |_| spawn_local(records::dismiss_refused(app, id))>
                                {move || i18n.t(Msg::Dismiss)}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// One decision of mine in a requisition's audit trail.
#[derive(Debug, Clone, PartialEq)]
struct Decided {
    requisition_id: String,
    title: String,
    action: ApprovalMsg,
    at_ms: i64,
    step: String,
    on_behalf_of: Option<String>,
    comment: String,
    status: Status,
}

/// The requisitions I decided (from their audit trails), newest first.
#[component]
pub fn DecidedByMe() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let decided = Memo::new(move |_| {
        let Some(me) = org::me(app) else {
            return Vec::new();
        };
        let all = org::requisitions(app);
        let mut list: Vec<Decided> = acted_by(&all, me.id.as_str())
            .into_iter()
            .filter_map(|(r, e)| {
                let step = e
                    .step
                    .as_deref()
                    .and_then(|k| r.route.iter().find(|s| s.key == k))
                    .map_or_else(
                        || e.step.clone().unwrap_or_default(),
                        |s| crate::ui::names::step_name(s, i18n.lang()),
                    );
                Some(Decided {
                    requisition_id: r.id.to_string(),
                    title: r.title.clone(),
                    action: decided_msg(e.action)?,
                    at_ms: e.at_ms,
                    step,
                    on_behalf_of: e
                        .on_behalf_of_name
                        .clone()
                        .or(e.on_behalf_of.as_ref().map(|p| p.to_string())),
                    comment: e.comment.clone(),
                    status: r.status,
                })
            })
            .collect();
        list.truncate(50);
        list
    });
    view! {
        <section class="approval-section decided" data-testid="decided-by-me">
            <h2>{move || i18n.t(ApprovalMsg::DecidedTitle)}</h2>
            <Show when=move || decided.with(|d| !d.is_empty())
                fallback=move || view! { <p class="muted">{move || i18n.t(ApprovalMsg::DecidedEmpty)}</p> }>
                <div class="table-scroll">
                    <table class="data">
                        <thead><tr>
                            <th>{move || i18n.t(ApprovalMsg::Requisition)}</th>
                            <th>{move || i18n.t(ApprovalMsg::DecisionTitle)}</th>
                            <th>{move || i18n.t(ApprovalMsg::Step)}</th>
                            <th>{move || i18n.t(ApprovalMsg::When)}</th>
                            <th>{move || i18n.t(ApprovalMsg::StatusNow)}</th>
                        </tr></thead>
                        <tbody>
                            {move || decided.get().into_iter().map(|d| view! {
                                <tr data-testid="decided-row" data-id=d.requisition_id.clone()>
                                    <td><A href=format!("/requisitions/{}", d.requisition_id)>{d.title.clone()}</A></td>
                                    <td>
                                        <span class=format!("verdict {}", match d.action {
                                            ApprovalMsg::ActionApproved => "approve",
                                            ApprovalMsg::ActionRejected => "reject",
                                            _ => "return",
                                        })>{move || i18n.t(d.action)}</span>
                                        {d.on_behalf_of.clone().map(|n| view! {
                                            " " <span class="tag delegated">{move || ApprovalMsg::for_name(i18n.lang(), &n)}</span>
                                        })}
                                        {(!d.comment.is_empty()).then(|| view! { <div class="muted small">{d.comment.clone()}</div> })}
                                    </td>
                                    <td>{d.step.clone()}</td>
                                    <td>{move || crate::ui::format::date_time(i18n.lang(), d.at_ms)}</td>
                                    <td><span class=format!("status {}", status_class(d.status))>{move || i18n.t(status_msg(d.status))}</span></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// The first lines of a requisition on its inbox row (quantity, item, supplier, line net), and
/// how many more there are.
fn row_lines(lines: &[RequisitionLine], i18n: I18n) -> impl IntoView {
    let hidden = lines.len().saturating_sub(ROW_LINES);
    let shown = lines
        .iter()
        .take(ROW_LINES)
        .map(|l| {
            let net = procura_ground::money::line_net(l.quantity, l.unit_price, &l.currency).ok();
            let currency = l.currency.clone();
            let net = move || {
                net.map_or_else(
                    || "—".to_owned(),
                    |n| crate::ui::format::money(i18n.lang(), n, &currency),
                )
            };
            let unit = l.unit.clone();
            let qty = l.quantity.normalize().to_string();
            view! {
                <li data-testid="inbox-line">
                    <span class="qty">{move || format!("{qty} {}", crate::ui::units::unit_label(&unit, i18n.lang()))}</span>
                    <span class="what"><span data-content="product">{l.description.clone()}</span>
                        <small class="muted">" · " <span data-content="supplier">{l.supplier_name.clone()}</span></small>
                        {(!l.is_catalog()).then(|| view! { " " <span class="tag">{move || i18n.t(ApprovalMsg::NonCatalog)}</span> })}
                        <crate::pages::suppliers::performance::StandingNote supplier=l.supplier_id.to_string()/>
                    </span>
                    <span class="price">{net}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="inbox-lines" data-testid="inbox-lines" aria-label=move || i18n.t(ApprovalMsg::Lines)>
            {shown}
            {(hidden > 0).then(|| view! { <li class="more muted">{move || more_lines(i18n.lang(), hidden)}</li> })}
        </ul>
    }
}

/// "Details" on an inbox row: need-by, justification, the route with who is on each step, and
/// every line when the row shows only the first.
fn row_details(
    r: &Requisition,
    step_key: &str,
    policy: Option<&Policy>,
    i18n: I18n,
) -> impl IntoView {
    let lang = i18n.lang();
    let steps = r
        .route
        .iter()
        .map(|s| {
            let current = s.key == step_key;
            let done = s.is_complete();
            let who = step_approvers(i18n, s, policy);
            view! {
                <li class:current=current class:done=done>
                    <strong data-content=crate::ui::names::step_name_is_data(&s.key).then_some("")>{crate::ui::names::step_name(s, lang)}</strong> " · " <span class="muted">{who}</span>
                </li>
            }
        })
        .collect_view();
    let all_lines = (r.lines.len() > ROW_LINES).then(|| {
        let rows = r
            .lines
            .iter()
            .map(|l| view! {
                <tr>
                    <td><span data-content="product">{l.description.clone()}</span>
                        <small class="muted">" · " <span data-content="supplier">{l.supplier_name.clone()}</span></small>
                        {(!l.is_catalog()).then(|| view! { <span class="tag">{ApprovalMsg::NonCatalog.text(lang)}</span> })}
                    </td>
                    <td class="num">{format!("{} {}", l.quantity.normalize(), crate::ui::units::unit_label(&l.unit, lang))}</td>
                    <td class="num">{crate::ui::format::money(lang, l.unit_price, &l.currency)}</td>
                </tr>
            })
            .collect_view();
        view! {
            <table class="data compact">
                <thead><tr>
                    <th>{ApprovalMsg::Lines.text(lang)}</th>
                    <th class="num">{ApprovalMsg::Quantity.text(lang)}</th>
                    <th class="num">{ApprovalMsg::UnitPrice.text(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    view! {
        <div class="inbox-detail" data-testid="inbox-detail">
            <dl class="decision-facts">
                <dt>{ApprovalMsg::NeedBy.text(lang)}</dt><dd>{crate::ui::format::day(lang, r.need_by)}</dd>
                <dt>{ApprovalMsg::Justification.text(lang)}</dt><dd data-content="justification">{r.justification.clone()}</dd>
                <dt>{ApprovalMsg::Route.text(lang)}</dt>
                <dd><ol class="route-steps">{steps}</ol></dd>
            </dl>
            {all_lines}
        </div>
    }
}
