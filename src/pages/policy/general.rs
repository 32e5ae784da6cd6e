//! The policy's general settings: currency, exchange rates, default tax and escalation.

use super::msg::PolicyMsg;
use super::Editor;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn General(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let currency = move || editor.with(|p| p.currency.clone()).unwrap_or_default();
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
            .with(|p| {
                p.escalation_fallback
                    .as_ref()
                    .map(|f| f.to_string())
                    .unwrap_or_default()
            })
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
                    .as_ref()
                    .map(|i| i.as_str())
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
                <dd data-testid="policy-rates"><super::rates::Rates editor=editor/></dd>
                <dt>{move || i18n.t(PolicyMsg::DefaultTax)}</dt>
                <dd>
                    {move || if admin.get() {
                        view! {
                            <input class="narrow" type="text" inputmode="decimal" data-testid="default-tax" prop:value=tax
                                aria-label=move || i18n.t(PolicyMsg::DefaultTax)
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
                                aria-label=move || i18n.t(PolicyMsg::EscalateAfter)
                                on:change=move |ev| {
                                    let text = event_target_value(&ev);
                                    match text.trim().parse::<u32>() {
                                        Ok(v) => editor.edit(|p| p.escalate_after_hours = v),
                                        Err(_) => editor.refuse(PolicyMsg::not_a_number(i18n.0.get_untracked(), &text)),
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
                                aria-label=move || i18n.t(PolicyMsg::Fallback)
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    editor.edit(|p| p.escalation_fallback = (!v.is_empty()).then_some(v.into()));
                                }>
                                <option value="">{move || i18n.t(PolicyMsg::Nobody)}</option>
                                {move || people().into_iter().map(|(id, name)| {
                                    let this = id.clone();
                                    view! { <option value=id.to_string() prop:selected=move || fallback() == this>{name}</option> }
                                }).collect_view()}
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
