//! Pieces the form and the detail share: lines, totals, the route, the budget impact.

use super::ReqMsg;
use crate::i18n::Lang;
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use procura_procurement::approval::policy::{BudgetMode, GroupMode};
use procura_procurement::approval::requisition::RouteStep;
use procura_procurement::approval::{BudgetImpact, Policy, RequisitionLine, Totals};

/// A person's name as the policy knows it (their id otherwise).
pub fn name_of(policy: Option<&Policy>, id: &str) -> String {
    policy.map_or_else(|| id.to_owned(), |p| p.name_of(id).to_owned())
}

/// The "Catalog" / "Non-catalog" mark of a line.
pub fn kind_badge(line: &RequisitionLine, lang: Lang) -> impl IntoView {
    let (class, text) = if line.is_catalog() {
        ("kind catalog", ReqMsg::Catalog.text(lang))
    } else {
        ("kind non-catalog", ReqMsg::NonCatalog.text(lang))
    };
    view! { <span class=class>{text}</span> }
}

/// The supplier cell: a free-text line's supplier is only a suggestion.
pub fn supplier_cell(line: &RequisitionLine, lang: Lang) -> String {
    match (line.is_catalog(), line.supplier_name.is_empty()) {
        (true, _) => {
            crate::ui::names::supplier_name(line.supplier_id.as_str(), &line.supplier_name, lang)
        }
        (false, true) => "—".to_owned(),
        (false, false) => format!(
            "{} ({})",
            line.supplier_name,
            ReqMsg::SuggestedSupplier.text(lang)
        ),
    }
}

/// The lines, read-only.
pub fn lines_table(lines: &[RequisitionLine], lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let net = procura_ground::money::line_net(l.quantity, l.unit_price, &l.currency).unwrap_or_default();
            view! {
                <tr data-testid="req-line" data-catalog=l.is_catalog().to_string()>
                    <td class="num muted">{i + 1}</td>
                    <td class="item-cell wide" data-label=t(ReqMsg::ColItem)>
                        <div>{l.description.clone()}</div>
                        {kind_badge(l, lang)}
                        {l.item_id.as_ref().map(|id| view! { <span class="muted small">" " {id.to_string()}</span> })}
                        {l.contract.clone().map(|c| view! { " " <crate::ui::contracts::ContractMark contract=c/> })}
                    </td>
                    <td class="supplier-cell" data-label=t(ReqMsg::ColSupplier)>{supplier_cell(l, lang)}
                        <crate::pages::suppliers::performance::StandingNote supplier=l.supplier_id.to_string()/>
                    </td>
                    <td class="num" data-label=t(ReqMsg::ColQty)>{l.quantity.normalize().to_string()} " " {unit_label(&l.unit, lang)}</td>
                    <td class="num" data-label=t(ReqMsg::ColUnitPrice)>{money(lang, l.unit_price, &l.currency)}</td>
                    <td class="num" data-label=t(ReqMsg::ColLineNet)>{money(lang, net, &l.currency)}</td>
                    <td data-label=t(ReqMsg::ColNote)>{l.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data req-lines stack" data-testid="req-lines">
                <thead><tr>
                    <th class="num">"#"</th>
                    <th>{t(ReqMsg::ColItem)}</th>
                    <th>{t(ReqMsg::ColSupplier)}</th>
                    <th class="num">{t(ReqMsg::ColQty)}</th>
                    <th class="num">{t(ReqMsg::ColUnitPrice)}</th>
                    <th class="num">{t(ReqMsg::ColLineNet)}</th>
                    <th>{t(ReqMsg::ColNote)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Net, tax and gross in the policy currency.
pub fn totals_view(totals: &Totals, currency: &str, lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    view! {
        <dl class="totals" data-testid="req-totals" data-net=totals.net.to_string() data-gross=totals.gross.to_string()>
            <dt>{t(ReqMsg::Net)}</dt><dd data-testid="req-net">{money(lang, totals.net, currency)}</dd>
            <dt>{t(ReqMsg::Tax)}</dt><dd>{money(lang, totals.tax, currency)}</dd>
            <dt>{t(ReqMsg::Gross)}</dt><dd class="gross" data-testid="req-gross">{money(lang, totals.gross, currency)}</dd>
        </dl>
    }
}

/// The state of a step for `data-state`: `done`, `current` or `waiting`.
pub fn step_state(step: &RouteStep, current: Option<&str>) -> &'static str {
    if step.is_complete() {
        "done"
    } else if current == Some(step.key.as_str()) {
        "current"
    } else {
        "waiting"
    }
}

/// The route: each step with its approvers and the approvals given. `current` is the step
/// waiting now (none for a preview or a finished requisition); `revision` marks approvals kept
/// from an earlier revision.
pub fn route_steps(
    steps: &[RouteStep],
    current: Option<&str>,
    revision: u32,
    policy: Option<&Policy>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let state = step_state(step, current);
            let state_text = match state {
                "done" => t(ReqMsg::StepDone),
                "current" => t(ReqMsg::StepCurrent),
                _ => t(ReqMsg::StepWaiting),
            };
            let mode = match step.mode {
                GroupMode::AllOf => t(ReqMsg::AllOf),
                GroupMode::AnyOf => t(ReqMsg::AnyOf),
            };
            let approvers = step
                .approvers
                .iter()
                .map(|a| name_of(policy, a.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            let approvals = step
                .approvals
                .iter()
                .map(|a| {
                    let who = if a.principal == a.by {
                        a.by_name.clone()
                    } else {
                        ReqMsg::for_principal(lang, &a.by_name, name_of(policy, a.principal.as_str()))
                    };
                    let kept = (a.revision < revision).then(|| {
                        ReqMsg::kept_from_revision(lang, a.revision)
                    });
                    view! {
                        <li data-testid="approval">
                            "✓ " <strong>{who}</strong> " · " {crate::ui::format::date_time(lang, a.at_ms)}
                            {a.escalated.then(move || view! { <span class="mark escalated">{t(ReqMsg::Escalated)}</span> })}
                            {kept.map(|k| view! { <span class="muted small">" · " {k}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class=format!("req-step {state}") data-testid="route-step" data-state=state data-key=step.key.clone()>
                    <span class="step-no" aria-hidden="true">{i + 1}</span>
                    <div class="step-body">
                        <div class="step-head">
                            <strong class="step-name" data-content=crate::ui::names::step_name_is_data(&step.key).then_some("")>{crate::ui::names::step_name(step, lang)}</strong>
                            <span class=format!("step-state {state}")>{state_text}</span>
                        </div>
                        <div class="step-approvers">
                            <span data-testid="step-approvers">{approvers}</span>
                            <span class="muted">" · " {mode}</span>
                        </div>
                        {(!step.approvals.is_empty()).then(move || view! { <ul class="step-approvals">{approvals}</ul> })}
                    </div>
                </li>
            }
        })
        .collect_view()
}

/// How the requisition leaves its cost centre's budget for the quarter of its need-by date.
pub fn budget_view(impact: &BudgetImpact, currency: &str, lang: Lang) -> impl IntoView {
    let t = move |m: ReqMsg| m.text(lang);
    let period = ReqMsg::budget_period(lang, &impact.cost_centre, impact.period);
    let (class, verdict) = match (impact.amount, impact.blocks(), impact.over()) {
        (None, _, _) => ("req-budget none", None),
        (Some(_), true, _) => ("req-budget stop", Some(t(ReqMsg::BudgetStop))),
        (Some(_), false, true) => ("req-budget warn", Some(t(ReqMsg::BudgetWarn))),
        (Some(_), false, false) => ("req-budget ok", Some(t(ReqMsg::BudgetWithin))),
    };
    let body = match impact.amount {
        None => ReqMsg::budget_none(lang, &impact.cost_centre, impact.period),
        Some(amount) => ReqMsg::budget_line(
            lang,
            money(lang, impact.committed, currency),
            money(lang, impact.this, currency),
            money(lang, impact.after, currency),
            money(lang, amount, currency),
        ),
    };
    let mode = impact.mode.map(|m| match m {
        BudgetMode::Stop => t(ReqMsg::ModeStop),
        BudgetMode::Warn => t(ReqMsg::ModeWarn),
    });
    // How much of the budget the requisition would leave used (for the bar).
    let used = impact.amount.filter(|a| !a.is_zero()).map(|a| {
        let pct = |x: rust_decimal::Decimal| {
            x.checked_div(a)
                .and_then(|r| r.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
                .unwrap_or(rust_decimal::Decimal::ONE_HUNDRED)
                .round_dp(1)
                .min(rust_decimal::Decimal::ONE_HUNDRED)
                .max(rust_decimal::Decimal::ZERO)
        };
        (pct(impact.committed), pct(impact.after))
    });
    view! {
        <div class=class data-testid="budget-impact" data-over=impact.over().to_string() data-blocks=impact.blocks().to_string()>
            <div class="budget-head">
                <strong>{t(ReqMsg::Budget)}</strong>
                <span class="muted">{period}</span>
                {mode.map(|m| view! { <span class="badge">{m}</span> })}
            </div>
            <p class="budget-line">{body}</p>
            {used.map(|(committed, after)| view! {
                <div class="budget-bar" aria-hidden="true">
                    <span class="committed" style=format!("width: {committed}%")></span>
                    <span class="this" style=format!("width: {}%", (after - committed).max(rust_decimal::Decimal::ZERO))></span>
                </div>
            })}
            {verdict.map(|v| view! { <p class="budget-verdict" role=if impact.over() { "alert" } else { "status" }>{v}</p> })}
        </div>
    }
}
