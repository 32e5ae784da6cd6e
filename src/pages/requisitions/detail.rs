//! One requisition: where it stands, what it asks for, its route with the approvals given,
//! its budget impact, and its history with the audit trail's chain check. The requester may
//! withdraw it while it is open, and edit and resubmit it once returned.

use super::parts::{budget_view, lines_table, route_steps, totals_view};
use super::{has_pending, status_key, status_msg, ReqMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_procurement::approval::audit::{self, AuditAction, AuditEntry};
use procura_procurement::approval::{
    budget_impact, changes, Policy, Requisition, RequisitionLine, RevisionContent, Status,
};
use procura_sync::sync::Op;

fn action_msg(action: AuditAction) -> ReqMsg {
    match action {
        AuditAction::Submitted => ReqMsg::ActSubmitted,
        AuditAction::Resubmitted => ReqMsg::ActResubmitted,
        AuditAction::Approved => ReqMsg::ActApproved,
        AuditAction::Rejected => ReqMsg::ActRejected,
        AuditAction::Returned => ReqMsg::ActReturned,
        AuditAction::Withdrawn => ReqMsg::ActWithdrawn,
    }
}

fn action_key(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Submitted => "submitted",
        AuditAction::Resubmitted => "resubmitted",
        AuditAction::Approved => "approved",
        AuditAction::Rejected => "rejected",
        AuditAction::Returned => "returned",
        AuditAction::Withdrawn => "withdrawn",
    }
}

#[component]
pub fn RequisitionDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let requisition = Memo::new(move |_| crate::org::requisition(app, &id.get()));
    let exists = Memo::new(move |_| requisition.with(Option::is_some));
    let pending = Memo::new(move |_| has_pending(app, &id.get()));
    let error = RwSignal::new(None::<String>);

    view! {
        <section class="page requisition-detail">
            <A href="/requisitions" attr:class="back-link">"← " {move || i18n.t(ReqMsg::BackToList)}</A>
            {move || match requisition.get() {
                None => {
                    let text = if pending.get() { ReqMsg::NotYetShown } else { ReqMsg::NotFound };
                    view! { <p class="empty" data-testid="requisition-missing">{move || i18n.t(text)}</p> }.into_any()
                }
                Some(r) => header(app, r, pending.get(), error, i18n.lang()).into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            // Outside the blocks that follow the record, so a sync does not reset what an
            // approver is typing.
            {move || exists.get().then(move || view! {
                <crate::pages::approvals::decide::DecisionPanel requisition_id=id.get()/>
            })}
            {move || requisition.get().map(|r| body(app, r, i18n.lang()))}
        </section>
    }
}

fn header(
    app: AppState,
    r: Requisition,
    pending: bool,
    error: RwSignal<Option<String>>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let policy = crate::org::policy(app);
    let me = crate::org::me(app).map(|a| a.id).unwrap_or_default();
    let mine = r.requester == me;
    let open = matches!(r.status, Status::Pending | Status::Returned);
    let coding = coding(policy.as_ref(), &r);
    let (id, revision) = (r.id.clone(), r.revision);
    let withdraw = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(ReqMsg::ConfirmWithdraw.text(lang))
                    .ok()
            })
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            match records::queue(
                app,
                Op::WithdrawRequisition {
                    id: id.to_string(),
                    revision,
                },
            )
            .await
            {
                Ok(()) => {
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    let note = super::return_notice(&r, lang);
    let edit_href = format!("/requisitions/new/edit-{}", r.id);
    let title = if r.title.is_empty() {
        t(ReqMsg::Untitled).to_owned()
    } else {
        r.title.clone()
    };
    view! {
        <div class="page-head requisition-head">
            <div>
                <h1>{title}</h1>
                <div class="head-marks">
                    <span class=format!("req-state {}", status_key(r.status)) data-testid="req-status" data-status=status_key(r.status)>
                        {t(status_msg(r.status))}
                    </span>
                    {pending.then(move || view! { <small class="badge pending" data-testid="pending-sync">{t(ReqMsg::WaitingToSync)}</small> })}
                </div>
            </div>
            <div class="actions">
                {(mine && r.status == Status::Returned).then(move || view! {
                    <A href=edit_href.clone() attr:class="button primary" attr:data-testid="edit-resubmit">{t(ReqMsg::EditResubmit)}</A>
                })}
                {(mine && open).then(move || view! {
                    <button class="danger-outline" data-testid="withdraw" on:click=withdraw>{t(ReqMsg::Withdraw)}</button>
                })}
            </div>
        </div>
        {note}
        <div class="requisition-summary">
            <dl class="facts">
                <dt>{t(ReqMsg::Requester)}</dt><dd data-testid="req-requester">{r.requester_name.clone()}</dd>
                <dt>{t(ReqMsg::Coding)}</dt><dd data-testid="req-coding">{coding}</dd>
                <dt>{t(ReqMsg::FieldNeedBy)}</dt><dd data-testid="req-need-by-value" data-date=r.need_by.to_string()>{crate::ui::format::day(lang, r.need_by)}</dd>
                <dt>{t(ReqMsg::FieldAddress)}</dt><dd class="pre">{r.delivery_address.clone()}</dd>
                <dt>{t(ReqMsg::FieldJustification)}</dt><dd class="pre">{r.justification.clone()}</dd>
                <dt>{t(ReqMsg::Submitted)}</dt><dd>{crate::ui::format::date_time(lang, r.submitted_at_ms)}</dd>
                <dt>{t(ReqMsg::Revision)}</dt><dd>{r.revision}</dd>
            </dl>
            <div class="summary-totals">
                <h2>{t(ReqMsg::Totals)}</h2>
                {totals_view(&r.totals, &r.currency, lang)}
            </div>
        </div>
    }
}

/// `CC-100 Operations · 6001 Office supplies`.
fn coding(policy: Option<&Policy>, r: &Requisition) -> String {
    let cc = policy
        .and_then(|p| p.cost_centres.iter().find(|c| c.code == r.cost_centre))
        .map_or_else(
            || r.cost_centre.to_string(),
            |c| format!("{} {}", c.code, c.name),
        );
    let account = policy
        .and_then(|p| p.accounts.iter().find(|a| a.code == r.account))
        .map_or_else(
            || r.account.to_string(),
            |a| format!("{} {}", a.code, a.name),
        );
    format!("{cc} · {account}")
}

fn body(app: AppState, r: Requisition, lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let policy = crate::org::policy(app);
    let current = r.current_step().map(|s| s.key.clone());
    let impact = crate::org::with_org(app, |org| {
        budget_impact(&r.id, &r.cost_centre, r.need_by, r.totals.net, org)
    });
    let check = audit::verify(&r);
    let steps = route_steps(
        &r.route,
        current.as_deref(),
        r.revision,
        policy.as_ref(),
        lang,
    );
    let history = r
        .audit
        .iter()
        .rev()
        .map(|e| history_row(e, &r, lang))
        .collect_view();
    view! {
        <div class="requisition-columns">
            <section class="req-card route" data-testid="route">
                <h2>{t(ReqMsg::Route)}</h2>
                {if r.route.is_empty() {
                    view! { <p class="muted">{t(ReqMsg::RouteNone)}</p> }.into_any()
                } else {
                    view! { <ol class="req-route">{steps}</ol> }.into_any()
                }}
            </section>
            <section class="req-card budget">
                {impact.map(|i| budget_view(&i, &r.currency, lang))}
            </section>
        </div>
        {changes_view(&r, lang)}
        <section class="req-section">
            <h2>{t(ReqMsg::Lines)}</h2>
            {lines_table(&r.lines, lang)}
            {(r.status == Status::Approved).then(|| ordered_on(app, &r, lang))}
            {comparison_hints(app, &r, lang)}
        </section>
        <section class="req-section history">
            <h2>{t(ReqMsg::History)}</h2>
            {match &check {
                Ok(()) => view! {
                    <p class="audit-check ok" data-testid="audit-check" data-ok="true">
                        "✓ " {if r.audit.len() == 1 { t(ReqMsg::AuditOkOne).to_owned() } else { ReqMsg::audit_ok(lang, r.audit.len()) }}
                    </p>
                }.into_any(),
                Err(e) => view! {
                    <p class="audit-check broken" data-testid="audit-check" data-ok="false" role="alert">
                        "✗ " {t(ReqMsg::AuditBroken)} " " {crate::i18n::reasons::text(lang, &e.reason())}
                    </p>
                }.into_any(),
            }}
            <div class="table-scroll">
                <table class="data history-table">
                    <thead><tr>
                        <th>{t(ReqMsg::ColWhen)}</th>
                        <th>{t(ReqMsg::ColWho)}</th>
                        <th>{t(ReqMsg::ColWhat)}</th>
                        <th>{t(ReqMsg::ColComment)}</th>
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
}

/// `Widgets · 2 H87 × ¥100.00 · officeplus`.
fn line_text(l: &RequisitionLine, lang: Lang) -> String {
    let mut out = format!(
        "{} · {} {} × {}",
        l.description,
        l.quantity.normalize(),
        l.unit,
        crate::ui::format::money(lang, l.unit_price, &l.currency)
    );
    if !l.supplier_id.is_empty() {
        out.push_str(&format!(" · {}", l.supplier_id));
    }
    out
}

/// "Changes since revision n": what approvers decide on that differs from the revision before
/// (the core's `approval::changes`), and whether earlier approvals stand.
fn changes_view(r: &Requisition, lang: Lang) -> Option<impl IntoView> {
    let t = move |m: ReqMsg| m.text(lang);
    let previous = r.previous.as_deref()?;
    let diff = changes(previous, &RevisionContent::from(r));
    let n = previous.revision.to_string();
    let rows =
        |what: ReqMsg, text: String| view! { <li><strong>{t(what)}</strong> " " {text}</li> };
    let mut items = Vec::new();
    for l in &diff.lines_added {
        items.push(rows(ReqMsg::ChangeAdded, line_text(l, lang)));
    }
    for l in &diff.lines_removed {
        items.push(rows(ReqMsg::ChangeRemoved, line_text(l, lang)));
    }
    for c in &diff.lines_changed {
        items.push(rows(
            ReqMsg::ChangeLine,
            format!(
                "{} → {}",
                line_text(&c.before, lang),
                line_text(&c.after, lang)
            ),
        ));
    }
    for (what, c) in [
        (ReqMsg::ChangeCostCentre, &diff.cost_centre),
        (ReqMsg::ChangeAccount, &diff.account),
        (ReqMsg::ChangeAddress, &diff.delivery_address),
    ] {
        if let Some(c) = c {
            items.push(rows(what, format!("{} → {}", c.before, c.after)));
        }
    }
    if let Some(c) = &diff.net_total {
        let money = |d| crate::ui::format::money(lang, d, &r.currency);
        items.push(rows(
            ReqMsg::ChangeTotal,
            format!("{} → {}", money(c.before), money(c.after)),
        ));
    }
    let verdict = if diff.keeps_approvals() {
        ReqMsg::ChangesKept
    } else {
        ReqMsg::ChangesReset
    };
    let empty = items.is_empty();
    Some(view! {
        <section class="req-section changes" data-testid="revision-changes" data-kept=diff.keeps_approvals().to_string()>
            <h2>{ReqMsg::changes_title(lang, &n)}</h2>
            {if empty {
                view! { <p class="muted">{ReqMsg::changes_none(lang, &n)}</p> }.into_any()
            } else {
                view! { <ul class="change-list">{items}</ul> }.into_any()
            }}
            <p class="muted small">{t(verdict)}</p>
        </section>
    })
}

fn history_row(e: &AuditEntry, r: &Requisition, lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let step = e.step.as_ref().map(|key| {
        r.route
            .iter()
            .find(|s| &s.key == key)
            .map_or_else(|| key.clone(), |s| crate::ui::names::step_name(s, lang))
    });
    let on_behalf = e.on_behalf_of.as_ref().map(|id| {
        let name = e
            .on_behalf_of_name
            .clone()
            .unwrap_or_else(|| id.to_string());
        ReqMsg::on_behalf_of(lang, &name)
    });
    view! {
        <tr data-testid="history-entry" data-action=action_key(e.action) data-seq=e.seq>
            <td class="muted nowrap">{crate::ui::format::date_time(lang, e.at_ms)}</td>
            <td>
                <strong>{e.actor_name.clone()}</strong>
                {on_behalf.map(|o| view! { <span class="on-behalf" data-testid="on-behalf">" " {o}</span> })}
            </td>
            <td>
                <span class=format!("action {}", action_key(e.action))>{t(action_msg(e.action))}</span>
                {step.map(|s| view! { <span class="muted">" · " {t(ReqMsg::StepLabel)} " " {s}</span> })}
                <span class="muted small">" · " {t(ReqMsg::Revision)} " " {e.revision}</span>
                {(!e.detail.is_empty()).then(move || view! { <div class="detail small">{e.detail.clone()}</div> })}
            </td>
            <td class="pre">{e.comment.clone()}</td>
        </tr>
    }
}

/// For the approver: catalog lines another supplier offers cheaper, by the catalog on this
/// device (the same comparison as the compare screen, at the line's quantity).
fn comparison_hints(app: AppState, r: &Requisition, lang: Lang) -> impl IntoView {
    let catalog = app.catalog.get_untracked();
    // The organisation's rates, as the comparison screen uses them.
    let rates = app.org_rates.get_untracked();
    let hints: Vec<String> = r
        .lines
        .iter()
        .enumerate()
        .filter_map(|(n, line)| {
            let rates = rates.as_ref()?;
            let chosen = catalog.position(line.item_id.as_ref().map(|i| i.as_str())?)?;
            let hint = procura_catalog::compare::cheaper_offer(
                &catalog.items,
                catalog.offers_of(chosen),
                chosen,
                line.quantity,
                rates,
            )?;
            let supplier = app.suppliers.with_untracked(|s| {
                s.iter()
                    .find(|s| s.id == hint.cheaper.supplier_id)
                    .map_or_else(
                        || hint.cheaper.supplier_id.to_string(),
                        |s| s.name.get(lang).to_owned(),
                    )
            });
            let currency = rates.buyer_currency();
            Some(ReqMsg::cheaper_line(
                lang,
                n + 1,
                &supplier,
                crate::ui::format::money(lang, hint.cheaper.price_per_base_unit, currency),
                crate::ui::units::unit_label(&hint.base_unit, lang),
                crate::ui::format::money(lang, hint.chosen.price_per_base_unit, currency),
                crate::ui::format::money(lang, hint.saving, currency),
            ))
        })
        .collect();
    let any_catalog = r.lines.iter().any(|l| l.is_catalog());
    view! {
        <div class="comparison-hints" data-testid="comparison-hints">
            <h3>{ReqMsg::CheaperTitle.text(lang)}</h3>
            {if hints.is_empty() {
                any_catalog.then(|| view! { <p class="muted">{ReqMsg::CheaperNone.text(lang)}</p> }).into_any()
            } else {
                hints
                    .into_iter()
                    .map(|h| view! { <p class="hint" data-testid="comparison-hint">{h}</p> })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

/// For an approved requisition: the order each line is on (a link to it).
fn ordered_on(app: AppState, r: &Requisition, lang: Lang) -> impl IntoView {
    use crate::pages::orders::OrderMsg;
    let mut on: Vec<(u32, String, String)> = crate::org::orders(app)
        .into_iter()
        .flat_map(|o| {
            o.lines
                .iter()
                .filter(|l| l.requisition_id == r.id)
                .map(|l| (l.requisition_line, o.id.to_string(), o.number.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    on.sort();
    (!on.is_empty()).then(|| {
        let items = on
            .into_iter()
            .map(|(line, id, number)| {
                let n = line + 1;
                let text = OrderMsg::ordered_on(lang, n);
                view! {
                    <li data-testid="ordered-on" data-line=n data-order=id.clone()>
                        {text} " " <A href=format!("/orders/{id}")>{number}</A>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="ordered-on">{items}</ul> }
    })
}
