//! The policy page's sections. Each reads the policy shown through the [`Editor`]; for an
//! admin, the editable fields change the draft (saved with "Save policy"). Rows are keyed by
//! position and id, so editing one field does not rebuild the table under the cursor.

use super::msg::PolicyMsg;
use super::Editor;
use crate::i18n::{use_i18n, I18n};
use crate::org;
use crate::state::use_app;
use leptos::prelude::*;
use procura_core::approval::committed_in;
use procura_core::approval::policy::{Approvers, BudgetMode, Condition, GroupMode, Policy, Rule};
use procura_core::approval::time::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn money(amount: Decimal, policy: &Policy) -> String {
    crate::pages::money(amount, &policy.currency)
}

#[component]
pub fn General(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let currency = move || editor.with(|p| p.currency.clone()).unwrap_or_default();
    let rates = move || {
        editor
            .with(|p| {
                p.rates
                    .iter()
                    .map(|r| format!("1 {} = {} {}", r.currency, r.rate, p.currency))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let tax = move || {
        editor
            .with(|p| p.default_tax_percent.to_string())
            .unwrap_or_default()
    };
    let hours = move || {
        editor
            .with(|p| p.escalate_after_hours.to_string())
            .unwrap_or_default()
    };
    let fallback = move || {
        editor
            .with(|p| p.escalation_fallback.clone().unwrap_or_default())
            .unwrap_or_default()
    };
    let people = move || {
        editor
            .with(|p| {
                p.people
                    .iter()
                    .map(|x| (x.id.clone(), x.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let fallback_name = move || {
        editor
            .with(|p| {
                p.escalation_fallback
                    .as_deref()
                    .map(|f| p.name_of(f).to_owned())
            })
            .flatten()
    };
    view! {
        <section class="policy-section" data-testid="policy-general">
            <h2>{move || i18n.t(PolicyMsg::General)}</h2>
            <dl class="settings-list policy-general">
                <dt>{move || i18n.t(PolicyMsg::Currency)}</dt>
                <dd><strong data-testid="policy-currency">{currency}</strong> " " <span class="muted small">{move || i18n.t(PolicyMsg::CurrencyNote)}</span></dd>
                <dt>{move || i18n.t(PolicyMsg::Rates)}</dt>
                <dd data-testid="policy-rates">
                    {move || {
                        let rates = rates();
                        if rates.is_empty() {
                            view! { <span class="muted">{move || i18n.t(PolicyMsg::NoRates)}</span> }.into_any()
                        } else {
                            view! { <ul class="inline-list">{rates.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }.into_any()
                        }
                    }}
                </dd>
                <dt>{move || i18n.t(PolicyMsg::DefaultTax)}</dt>
                <dd>
                    {move || if admin.get() {
                        view! {
                            <input class="narrow" type="text" inputmode="decimal" data-testid="default-tax" prop:value=tax
                                on:change=move |ev| {
                                    if let Some(v) = editor.amount(&event_target_value(&ev), i18n) {
                                        editor.edit(|p| p.default_tax_percent = v);
                                    }
                                }/>
                        }.into_any()
                    } else {
                        view! { <span data-testid="default-tax">{tax} " %"</span> }.into_any()
                    }}
                </dd>
                <dt>{move || i18n.t(PolicyMsg::EscalateAfter)}</dt>
                <dd>
                    {move || if admin.get() {
                        view! {
                            <input class="narrow" type="number" min="0" step="1" data-testid="escalate-hours" prop:value=hours
                                on:change=move |ev| {
                                    let text = event_target_value(&ev);
                                    match text.trim().parse::<u32>() {
                                        Ok(v) => editor.edit(|p| p.escalate_after_hours = v),
                                        Err(_) => editor.field_error.set(Some(super::tr_now(i18n, PolicyMsg::NotANumber).replace("{v}", &text))),
                                    }
                                }/>
                        }.into_any()
                    } else {
                        view! { <span data-testid="escalate-hours">{hours}</span> }.into_any()
                    }}
                    " " <span class="muted small">{move || i18n.t(PolicyMsg::EscalateNote)}</span>
                </dd>
                <dt>{move || i18n.t(PolicyMsg::Fallback)}</dt>
                <dd>
                    {move || if admin.get() {
                        view! {
                            <select data-testid="escalation-fallback" prop:value=fallback
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    editor.edit(|p| p.escalation_fallback = (!v.is_empty()).then_some(v));
                                }>
                                <option value="">{move || i18n.t(PolicyMsg::Nobody)}</option>
                                {people().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                        }.into_any()
                    } else {
                        view! {
                            <span data-testid="escalation-fallback">
                                {move || fallback_name().unwrap_or_else(|| i18n.t(PolicyMsg::Nobody).to_owned())}
                            </span>
                        }.into_any()
                    }}
                </dd>
            </dl>
        </section>
    }
}

#[component]
pub fn People(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        editor
            .with(|p| {
                p.people
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i, x.id.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="policy-section" data-testid="policy-people">
            <h2>{move || i18n.t(PolicyMsg::People)}</h2>
            <p class="muted">{move || i18n.t(PolicyMsg::PeopleNote)}</p>
            <div class="table-scroll">
                <table class="data">
                    <thead><tr>
                        <th>{move || i18n.t(PolicyMsg::Name)}</th>
                        <th>{move || i18n.t(PolicyMsg::Manager)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Limit)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=rows key=|row| row.clone() children=move |(i, id)| view! { <PersonRow editor=editor index=i id=id/> }/>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PersonRow(editor: Editor, index: usize, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let person = move || editor.with(|p| p.people.get(index).cloned()).flatten();
    let name = move || person().map(|p| p.name).unwrap_or_default();
    let manager = move || person().and_then(|p| p.manager).unwrap_or_default();
    let limit = move || person().and_then(|p| p.approval_limit);
    let me = id.clone();
    let others = move || {
        editor
            .with(|p| {
                p.people
                    .iter()
                    .filter(|x| x.id != me)
                    .map(|x| (x.id.clone(), x.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let manager_name = move || {
        editor
            .with(|p| {
                p.people
                    .get(index)
                    .and_then(|x| x.manager.as_deref())
                    .map(|m| p.name_of(m).to_owned())
            })
            .flatten()
    };
    let limit_text = move || match (limit(), editor.with(|p| p.currency.clone())) {
        (Some(l), Some(c)) => crate::pages::money(l, &c),
        _ => i18n.t(PolicyMsg::NoLimit).to_owned(),
    };
    view! {
        <tr data-testid="person-row" data-id=id.clone()>
            <td>{name} <small class="muted">" " {id.clone()}</small></td>
            <td>
                {move || if admin.get() {
                    let others = others.clone();
                    view! {
                        <select data-testid="person-manager" prop:value=manager
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                editor.edit(|p| if let Some(x) = p.people.get_mut(index) {
                                    x.manager = (!v.is_empty()).then_some(v);
                                });
                            }>
                            <option value="">{move || i18n.t(PolicyMsg::NoManager)}</option>
                            {others().into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                        </select>
                    }.into_any()
                } else {
                    view! { <span data-testid="person-manager">{move || manager_name().unwrap_or_else(|| i18n.t(PolicyMsg::NoManager).to_owned())}</span> }.into_any()
                }}
            </td>
            <td class="num">
                {move || if admin.get() {
                    view! {
                        <input class="amount" type="text" inputmode="decimal" data-testid="person-limit"
                            placeholder=move || i18n.t(PolicyMsg::NoLimitShort)
                            prop:value=move || limit().map(|l| l.to_string()).unwrap_or_default()
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                let value = if text.trim().is_empty() {
                                    Some(None)
                                } else {
                                    editor.amount(&text, i18n).map(Some)
                                };
                                if let Some(v) = value {
                                    editor.edit(|p| if let Some(x) = p.people.get_mut(index) {
                                        x.approval_limit = v;
                                    });
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid="person-limit">{limit_text}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
pub fn Structure(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let centres = move || {
        editor
            .with(|p| {
                p.cost_centres
                    .iter()
                    .map(|c| (c.code.clone(), c.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let accounts = move || {
        editor
            .with(|p| {
                p.accounts
                    .iter()
                    .map(|c| (c.code.clone(), c.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let table = move |rows: Vec<(String, String)>, testid: &'static str| {
        view! {
            <table class="data compact">
                <thead><tr>
                    <th>{move || i18n.t(PolicyMsg::Code)}</th>
                    <th>{move || i18n.t(PolicyMsg::Name)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(code, name)| view! {
                        <tr data-testid=testid data-code=code.clone()><td><code>{code.clone()}</code></td><td>{name}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <div class="policy-columns">
            <section class="policy-section" data-testid="policy-cost-centres">
                <h2>{move || i18n.t(PolicyMsg::CostCentres)}</h2>
                {move || table(centres(), "cost-centre-row")}
            </section>
            <section class="policy-section" data-testid="policy-accounts">
                <h2>{move || i18n.t(PolicyMsg::Accounts)}</h2>
                {move || table(accounts(), "account-row")}
            </section>
        </div>
    }
}

/// "the net total is at least 10,000.00 CNY and a line is in UNSPSC segment 43 (IT…)".
fn condition_text(
    when: &Condition,
    policy: &Policy,
    i18n: I18n,
    supplier_name: &dyn Fn(&str) -> String,
) -> String {
    let lang = i18n.lang();
    let or = i18n.t(PolicyMsg::Or);
    let mut parts = Vec::new();
    if let Some(min) = when.min_total {
        parts.push(
            i18n.t(PolicyMsg::CondMinTotal)
                .replace("{amount}", &money(min, policy)),
        );
    }
    if !when.cost_centres.is_empty() {
        let list = when
            .cost_centres
            .iter()
            .map(
                |c| match policy.cost_centres.iter().find(|x| x.code == *c) {
                    Some(x) => format!("{} ({})", x.code, x.name),
                    None => c.clone(),
                },
            )
            .collect::<Vec<_>>()
            .join(or);
        parts.push(i18n.t(PolicyMsg::CondCostCentres).replace("{list}", &list));
    }
    if !when.segments.is_empty() {
        let list = when
            .segments
            .iter()
            .map(|s| match procura_core::unspsc::segment_name(s) {
                Some(name) => format!("{s} ({})", name.get(lang)),
                None => s.clone(),
            })
            .collect::<Vec<_>>()
            .join(or);
        parts.push(i18n.t(PolicyMsg::CondSegments).replace("{list}", &list));
    }
    if !when.suppliers.is_empty() {
        let list = when
            .suppliers
            .iter()
            .map(|s| supplier_name(s))
            .collect::<Vec<_>>()
            .join(or);
        parts.push(i18n.t(PolicyMsg::CondSuppliers).replace("{list}", &list));
    }
    if when.non_catalog {
        parts.push(i18n.t(PolicyMsg::CondNonCatalog).to_owned());
    }
    if parts.is_empty() {
        return i18n.t(PolicyMsg::Always).to_owned();
    }
    let text = parts.join(i18n.t(PolicyMsg::And));
    // Sentence case for the English text.
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn approvers_text(rule: &Rule, policy: &Policy, i18n: I18n) -> String {
    match &rule.approvers {
        Approvers::ManagerChain { levels } => {
            i18n.t(PolicyMsg::Chain).replace("{n}", &levels.to_string())
        }
        Approvers::Group { mode, members } => {
            let names = members
                .iter()
                .map(|m| policy.name_of(m).to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let template = match mode {
                GroupMode::AnyOf => PolicyMsg::GroupAny,
                GroupMode::AllOf => PolicyMsg::GroupAll,
            };
            i18n.t(template).replace("{names}", &names)
        }
    }
}

#[component]
pub fn Rules(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let supplier_name = move |id: &str| {
        app.suppliers.with(|all| {
            all.iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.get(i18n.lang()).to_owned())
        })
    };
    let rules = move || {
        editor
            .with(|p| {
                p.rules
                    .iter()
                    .map(|r| {
                        (
                            r.id.clone(),
                            r.name.clone(),
                            condition_text(&r.when, p, i18n, &supplier_name),
                            approvers_text(r, p, i18n),
                            matches!(r.approvers, Approvers::ManagerChain { .. }),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="policy-section" data-testid="policy-rules">
            <h2>{move || i18n.t(PolicyMsg::Rules)}</h2>
            <p class="muted">{move || i18n.t(PolicyMsg::RulesNote)}</p>
            <ol class="rule-list">
                {move || rules().into_iter().map(|(id, name, when, who, chain)| view! {
                    <li class="rule" data-testid="policy-rule" data-id=id.clone()>
                        <div class="rule-head">
                            <strong>{name}</strong>
                            <code class="muted small">{id.clone()}</code>
                            <span class=if chain { "tag chain" } else { "tag group" }>
                                {move || i18n.t(if chain { PolicyMsg::RuleChain } else { PolicyMsg::RuleGroup })}
                            </span>
                        </div>
                        <dl class="rule-body">
                            <dt>{move || i18n.t(PolicyMsg::When)}</dt><dd data-testid="rule-when">{when}</dd>
                            <dt>{move || i18n.t(PolicyMsg::Approvers)}</dt><dd data-testid="rule-approvers">{who}</dd>
                        </dl>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn Budgets(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let requisitions = Memo::new(move |_| org::requisitions(app));
    let years = move || {
        let mut years = editor
            .with(|p| {
                p.budgets
                    .iter()
                    .filter_map(|b| b.period.get(..4).map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        years.sort();
        years.dedup();
        years
    };
    let this_year = Date::from_ms(org::now_ms()).year.to_string();
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
                    .filter(|(_, b)| year.is_empty() || b.period.starts_with(&year))
                    .map(|(i, b)| (i, b.cost_centre.clone(), b.period.clone()))
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
                        <option value="">{move || i18n.t(PolicyMsg::AllYears)}</option>
                        {move || years().into_iter().map(|y| view! { <option value=y.clone()>{y.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="muted">{move || i18n.t(PolicyMsg::BudgetsNote)}</p>
            <div class="table-scroll">
                <table class="data budgets">
                    <thead><tr>
                        <th>{move || i18n.t(PolicyMsg::CostCentres)}</th>
                        <th>{move || i18n.t(PolicyMsg::Period)}</th>
                        <th>{move || i18n.t(PolicyMsg::Mode)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Amount)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Committed)}</th>
                        <th>{move || i18n.t(PolicyMsg::Used)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=rows key=|row| row.clone()
                            children=move |(i, cc, period)| view! { <BudgetRow editor=editor index=i cc=cc period=period requisitions=requisitions/> }/>
                    </tbody>
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
    requisitions: Memo<Vec<procura_core::approval::Requisition>>,
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
        Memo::new(move |_| requisitions.with(|all| committed_in(all.iter(), &cc, &period, "")))
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
            (committed.get() / a * Decimal::ONE_HUNDRED).to_f64()
        }
    };
    let over = move || committed.get() > amount();
    view! {
        <tr data-testid="budget-row" data-cc=cc.clone() data-period=period.clone() class:over=over>
            <td class="nowrap"><code>{cc.clone()}</code> <div class="muted small">{cc_name}</div></td>
            <td class="nowrap">{period.clone()}</td>
            <td>
                {move || if admin.get() {
                    view! {
                        <select data-testid="budget-mode" prop:value=mode
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
            <td class="num">
                {move || if admin.get() {
                    view! {
                        <input class="amount" type="text" inputmode="decimal" data-testid="budget-amount"
                            prop:value=move || amount().to_string()
                            on:change=move |ev| {
                                if let Some(v) = editor.amount(&event_target_value(&ev), i18n) {
                                    editor.edit(|p| if let Some(b) = p.budgets.get_mut(index) { b.amount = v; });
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid="budget-amount">{move || crate::pages::money(amount(), &currency())}</span> }.into_any()
                }}
            </td>
            <td class="num" data-testid="budget-committed">{move || crate::pages::money(committed.get(), &currency())}</td>
            <td>
                {move || used().map(|u| view! {
                    <span class="budget-meter" class:over={u > 100.0} title=format!("{u:.0} %")>
                        <span style=format!("width: {:.0}%", u.min(100.0))></span>
                    </span>
                    <span class="small muted">{format!(" {u:.0} %")}</span>
                })}
            </td>
        </tr>
    }
}
