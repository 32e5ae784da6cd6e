//! Budgets: what each cost centre may commit per quarter, with what this device has committed
//! against it. An admin changes amounts and modes, adds budgets and removes them.

use super::msg::PolicyMsg;
use super::{tr_now, Editor};
use crate::i18n::use_i18n;
use crate::org;
use crate::state::use_app;
use leptos::prelude::*;
use procura_procurement::approval::committed_in;
use procura_procurement::approval::policy::{Budget, BudgetMode};
use procura_procurement::approval::time::{day_of_ms, Entered, Quarter};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

#[component]
pub fn Budgets(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let admin = editor.admin;
    let requisitions = Memo::new(move |_| org::requisitions(app));
    // Budget against actual this quarter, from the device's orders and requisitions.
    let spend = crate::pages::spend::use_spend(app);
    let years = move || {
        let mut years = editor
            .with(|p| {
                p.budgets
                    .iter()
                    .filter_map(|b| b.period.text().get(..4).map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        years.sort();
        years.dedup();
        years
    };
    let this_year = day_of_ms(org::now_ms()).year().to_string();
    let initial = if untrack(years).contains(&this_year) {
        this_year
    } else {
        String::new()
    };
    let year = RwSignal::new(initial);
    let rows = move || {
        let year = year.get();
        editor
            .with(|p| {
                p.budgets
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| year.is_empty() || b.period.text().starts_with(&year))
                    .map(|(i, b)| (i, b.cost_centre.clone(), b.period.text()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="policy-section" data-testid="policy-budgets">
            <div class="section-head">
                <h2>{move || i18n.t(PolicyMsg::Budgets)}</h2>
                <label class="inline-field">{move || i18n.t(PolicyMsg::Year)}
                    <select data-testid="budget-year" prop:value=year on:change=move |ev| year.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || year.with(String::is_empty)>{move || i18n.t(PolicyMsg::AllYears)}</option>
                        {move || years().into_iter().map(|y| {
                            let (this, label) = (y.clone(), y.clone());
                            view! { <option value=y prop:selected=move || year.with(|v| *v == this)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="muted">{move || i18n.t(PolicyMsg::BudgetsNote)}</p>
            {move || spend.get().map(|data| view! { <crate::pages::spend::BudgetActual data compact=true/> })}
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || i18n.t(PolicyMsg::Budgets)>
                <table class="data budgets stack">
                    <thead><tr>
                        <th>{move || i18n.t(PolicyMsg::CostCentres)}</th>
                        <th>{move || i18n.t(PolicyMsg::Period)}</th>
                        <th>{move || i18n.t(PolicyMsg::Mode)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Amount)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Committed)}</th>
                        <th>{move || i18n.t(PolicyMsg::Used)}</th>
                        <Show when=move || admin.get()><th><span class="visually-hidden">{move || i18n.t(PolicyMsg::Actions)}</span></th></Show>
                    </tr></thead>
                    <tbody>
                        <For each=rows key=|row| row.clone()
                            children=move |(i, cc, period)| view! { <BudgetRow editor=editor index=i cc=cc.to_string() period=period requisitions=requisitions/> }/>
                    </tbody>
                    <Show when=move || admin.get()>
                        <NewBudget editor=editor year=year/>
                    </Show>
                </table>
                <Show when=move || rows().is_empty()>
                    <p class="muted">{move || i18n.t(PolicyMsg::NoBudgets)}</p>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn BudgetRow(
    editor: Editor,
    index: usize,
    cc: String,
    period: String,
    requisitions: Memo<Vec<procura_procurement::approval::Requisition>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let budget = move || editor.with(|p| p.budgets.get(index).cloned()).flatten();
    let currency = move || editor.with(|p| p.currency.clone()).unwrap_or_default();
    let cc_name = {
        let cc = cc.clone();
        move || {
            editor
                .with(|p| {
                    p.cost_centres
                        .iter()
                        .find(|c| c.code == cc)
                        .map(|c| c.name.clone())
                })
                .flatten()
                .unwrap_or_default()
        }
    };
    let committed = {
        let (cc, period) = (cc.clone(), period.clone());
        let period = period.parse::<Quarter>().ok();
        Memo::new(move |_| {
            period.map_or(Decimal::ZERO, |q| {
                requisitions.with(|all| committed_in(all.iter(), &cc, q, ""))
            })
        })
    };
    let amount = move || budget().map(|b| b.amount).unwrap_or_default();
    let mode = move || match budget().map(|b| b.mode) {
        Some(BudgetMode::Warn) => "warn",
        _ => "stop",
    };
    let used = move || {
        let a = amount();
        if a.is_zero() {
            None
        } else {
            committed
                .get()
                .checked_div(a)
                .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                .and_then(|r| r.to_f64())
        }
    };
    let over = move || committed.get() > amount();
    let key = StoredValue::new((cc.clone(), period.clone()));
    // Each row's fields say whose budget they are ("Mode · CC-100 2026-Q1").
    let field_label = {
        let what = format!("{cc} {period}");
        move |m: PolicyMsg| format!("{} · {what}", i18n.t(m))
    };
    let (mode_label, amount_label) = (field_label.clone(), field_label);
    let remove = move |_| {
        let (cc, period) = key.get_value();
        editor.edit(|p| {
            if p.budgets
                .get(index)
                .is_some_and(|b| b.cost_centre == cc && b.period.text() == period)
            {
                p.budgets.remove(index);
            }
        })
    };
    view! {
        <tr data-testid="budget-row" data-cc=cc.clone() data-period=period.clone() class:over=over>
            <td class="nowrap" data-label=move || i18n.t(PolicyMsg::CostCentres)><code>{cc.clone()}</code> <div class="muted small">{cc_name}</div></td>
            <td class="nowrap" data-label=move || i18n.t(PolicyMsg::Period)>{period.clone()}</td>
            <td data-label=move || i18n.t(PolicyMsg::Mode)>
                {move || if admin.get() {
                    view! {
                        <select data-testid="budget-mode" prop:value=mode aria-label=mode_label(PolicyMsg::Mode)
                            on:change=move |ev| {
                                let v = if event_target_value(&ev) == "warn" { BudgetMode::Warn } else { BudgetMode::Stop };
                                editor.edit(|p| if let Some(b) = p.budgets.get_mut(index) { b.mode = v; });
                            }>
                            <option value="stop">{move || i18n.t(PolicyMsg::ModeStop)}</option>
                            <option value="warn">{move || i18n.t(PolicyMsg::ModeWarn)}</option>
                        </select>
                    }.into_any()
                } else {
                    view! {
                        <span class=move || format!("tag mode {}", mode()) data-testid="budget-mode">
                            {move || i18n.t(if mode() == "warn" { PolicyMsg::ModeWarn } else { PolicyMsg::ModeStop })}
                        </span>
                    }.into_any()
                }}
            </td>
            <td class="num" data-label=move || i18n.t(PolicyMsg::Amount)>
                {move || if admin.get() {
                    view! {
                        <input class="amount" type="text" inputmode="decimal" data-testid="budget-amount"
                            aria-label=amount_label(PolicyMsg::Amount)
                            prop:value=move || amount().to_string()
                            on:change=move |ev| {
                                if let Some(v) = editor.amount(&event_target_value(&ev), i18n) {
                                    editor.edit(|p| if let Some(b) = p.budgets.get_mut(index) { b.amount = v; });
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid="budget-amount">{move || crate::ui::format::money(i18n.lang(), amount(), &currency())}</span> }.into_any()
                }}
            </td>
            <td class="num" data-testid="budget-committed" data-label=move || i18n.t(PolicyMsg::Committed)>{move || crate::ui::format::money(i18n.lang(), committed.get(), &currency())}</td>
            <td data-label=move || i18n.t(PolicyMsg::Used)>
                {move || used().map(|u| view! {
                    <span class="budget-meter" class:over={u > 100.0} title=format!("{u:.0} %")>
                        <span style=format!("width: {:.0}%", u.min(100.0))></span>
                    </span>
                    <span class="small muted">{format!(" {u:.0} %")}</span>
                })}
            </td>
            <Show when=move || admin.get()>
                <td class="row-actions">
                    <button class="link-button" data-testid="remove-budget" on:click=remove>
                        {move || i18n.t(PolicyMsg::Remove)}
                    </button>
                </td>
            </Show>
        </tr>
    }
}

/// The row that adds a budget: cost centre, period (`YYYY-Qn`, this quarter to start with),
/// mode and amount. A new budget's year becomes the year shown, so it does not vanish.
#[component]
fn NewBudget(editor: Editor, year: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let this_quarter = Quarter::of(day_of_ms(org::now_ms())).to_string();
    let cc = RwSignal::new(String::new());
    let period = RwSignal::new(this_quarter);
    let mode = RwSignal::new(BudgetMode::Stop);
    let amount = RwSignal::new(String::new());
    let centres = move || {
        editor
            .with(|p| {
                p.cost_centres
                    .iter()
                    .map(|c| (c.code.clone(), format!("{} {}", c.code, c.name)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let add = move |_| {
        let code = cc.get_untracked();
        let known = editor
            .with_untracked(|p| p.cost_centres.iter().any(|c| c.code == code))
            .unwrap_or(false);
        if !known {
            editor.refuse(tr_now(i18n, PolicyMsg::ChooseCostCentre).to_owned());
            return;
        }
        let quarter = period.get_untracked().trim().to_uppercase();
        let Some(q) = quarter.parse::<Quarter>().ok().filter(|q| q.is_plannable()) else {
            editor.refuse(PolicyMsg::not_a_period(i18n.0.get_untracked(), &quarter));
            return;
        };
        if editor.with_untracked(|p| p.budget(&code, q).is_some()) == Some(true) {
            editor.refuse(PolicyMsg::budget_taken(
                i18n.0.get_untracked(),
                &code,
                &quarter,
            ));
            return;
        }
        let Some(value) = editor.amount(&amount.get_untracked(), i18n) else {
            return;
        };
        let shown_year = year.get_untracked();
        let new_year = quarter.get(..4).unwrap_or_default().to_owned();
        editor.edit(|p| {
            p.budgets.push(Budget {
                cost_centre: code.into(),
                period: Entered::Valid(q),
                amount: value,
                mode: mode.get_untracked(),
            })
        });
        if !shown_year.is_empty() && shown_year != new_year {
            year.set(new_year);
        }
        amount.set(String::new());
    };
    view! {
        <tfoot>
            <tr class="add-row" data-testid="new-budget">
                <td data-label=move || i18n.t(PolicyMsg::CostCentres)>
                    <select data-testid="new-budget-cc" aria-label=move || i18n.t(PolicyMsg::CostCentres)
                        on:change=move |ev| cc.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || cc.with(String::is_empty)>"—"</option>
                        {move || centres().into_iter().map(|(code, label)| {
                            let this = code.clone();
                            view! { <option value=code.to_string() prop:selected=move || cc.with(|c| *c == this)>{label}</option> }
                        }).collect_view()}
                    </select>
                </td>
                <td data-label=move || i18n.t(PolicyMsg::Period)>
                    <input class="narrow" type="text" data-testid="new-budget-period" placeholder="2026-Q1"
                        aria-label=move || i18n.t(PolicyMsg::Period)
                        prop:value=period on:input=move |ev| period.set(event_target_value(&ev))/>
                </td>
                <td data-label=move || i18n.t(PolicyMsg::Mode)>
                    <select data-testid="new-budget-mode" aria-label=move || i18n.t(PolicyMsg::Mode)
                        on:change=move |ev| mode.set(if event_target_value(&ev) == "warn" { BudgetMode::Warn } else { BudgetMode::Stop })>
                        <option value="stop" prop:selected=move || mode.get() == BudgetMode::Stop>{move || i18n.t(PolicyMsg::ModeStop)}</option>
                        <option value="warn" prop:selected=move || mode.get() == BudgetMode::Warn>{move || i18n.t(PolicyMsg::ModeWarn)}</option>
                    </select>
                </td>
                <td class="num" data-label=move || i18n.t(PolicyMsg::Amount)>
                    <input class="amount" type="text" inputmode="decimal" data-testid="new-budget-amount"
                        aria-label=move || i18n.t(PolicyMsg::Amount)
                        prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/>
                </td>
                <td colspan="3" class="num row-actions">
                    <button data-testid="add-budget" on:click=add>{move || i18n.t(PolicyMsg::AddBudget)}</button>
                </td>
            </tr>
        </tfoot>
    }
}
