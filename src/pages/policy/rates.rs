//! Exchange rates: units of the policy currency for one unit of another currency. Everyone sees
//! them as a list; an admin edits, adds and removes them.

use super::msg::PolicyMsg;
use super::Editor;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use procura_ground::currency::{status, CurrencyStatus};
use procura_procurement::approval::policy::Rate;

/// `text` as a currency that may get a rate (ISO 4217, not the policy's own, not listed yet
/// except at `except`), or refused with the reason.
fn rate_currency(editor: Editor, i18n: I18n, text: &str, except: Option<usize>) -> Option<String> {
    let code = text.trim().to_uppercase();
    let refusal = editor
        .with(|p| {
            if status(&code) != CurrencyStatus::Active {
                Some(PolicyMsg::not_a_currency(
                    i18n.0.get_untracked(),
                    text.trim(),
                ))
            } else if code == p.currency {
                Some(PolicyMsg::same_currency(i18n.0.get_untracked(), &code))
            } else if p
                .rates
                .iter()
                .enumerate()
                .any(|(i, r)| r.currency == code && Some(i) != except)
            {
                Some(PolicyMsg::taken(i18n.0.get_untracked(), &code))
            } else {
                None
            }
        })
        .flatten();
    match refusal {
        Some(why) => {
            editor.refuse(why);
            None
        }
        None => Some(code),
    }
}

#[component]
pub fn Rates(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let currency = move || editor.with(|p| p.currency.clone()).unwrap_or_default();
    let rows = move || {
        editor
            .with(|p| {
                p.rates
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (i, r.currency.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let listed = move || {
        editor
            .with(|p| {
                p.rates
                    .iter()
                    .map(|r| {
                        let text = format!("1 {} = {} {}", r.currency, r.rate, p.currency);
                        (r.currency.clone(), text)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let new_code = RwSignal::new(String::new());
    let new_rate = RwSignal::new(String::new());
    let add = move |_| {
        let Some(code) = rate_currency(editor, i18n, &new_code.get_untracked(), None) else {
            return;
        };
        let Some(rate) = editor.amount(&new_rate.get_untracked(), i18n) else {
            return;
        };
        editor.edit(|p| {
            p.rates.push(Rate {
                currency: code,
                rate,
            })
        });
        new_code.set(String::new());
        new_rate.set(String::new());
    };
    let none = move || {
        view! { <span class="muted" data-testid="no-rates">{move || i18n.t(PolicyMsg::NoRates)}</span> }
    };
    move || {
        if admin.get() {
            view! {
                <Show when=move || rows().is_empty()>{none()}</Show>
                <table class="data compact policy-rates">
                    <tbody>
                        <For each=rows key=|row| row.clone()
                            children=move |(i, code)| view! { <RateRow editor=editor index=i code=code/> }/>
                    </tbody>
                    <tfoot>
                        <tr class="add-row" data-testid="new-rate">
                            <td class="nowrap">"1 "
                                <input class="code" type="text" maxlength="3" placeholder="EUR" data-testid="new-rate-currency"
                                    aria-label=move || i18n.t(PolicyMsg::Currency)
                                    prop:value=new_code on:input=move |ev| new_code.set(event_target_value(&ev))/>
                                " ="
                            </td>
                            <td class="num nowrap">
                                <input class="amount" type="text" inputmode="decimal" data-testid="new-rate-value"
                                    aria-label=move || i18n.t(PolicyMsg::Rate)
                                    prop:value=new_rate on:input=move |ev| new_rate.set(event_target_value(&ev))/>
                                " " {currency}
                            </td>
                            <td><button data-testid="add-rate" on:click=add>{move || i18n.t(PolicyMsg::AddRate)}</button></td>
                        </tr>
                    </tfoot>
                </table>
                <p class="muted small">{move || PolicyMsg::rate_note(i18n.lang(), currency())}</p>
            }
            .into_any()
        } else {
            let listed = listed();
            if listed.is_empty() {
                none().into_any()
            } else {
                view! {
                    <ul class="inline-list">
                        {listed.into_iter().map(|(code, text)| view! { <li data-testid="rate-row" data-currency=code>{text}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn RateRow(editor: Editor, index: usize, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let rate = move || {
        editor
            .with(|p| p.rates.get(index).map(|r| r.rate.to_string()))
            .flatten()
            .unwrap_or_default()
    };
    let currency = move || editor.with(|p| p.currency.clone()).unwrap_or_default();
    let shown_code = code.clone();
    view! {
        <tr data-testid="rate-row" data-currency=code>
            <td class="nowrap">"1 "
                <input class="code" type="text" maxlength="3" data-testid="rate-currency"
                    aria-label=move || i18n.t(PolicyMsg::Currency)
                    prop:value=shown_code
                    on:change=move |ev| {
                        if let Some(code) = rate_currency(editor, i18n, &event_target_value(&ev), Some(index)) {
                            editor.edit(|p| if let Some(r) = p.rates.get_mut(index) { r.currency = code; });
                        }
                    }/>
                " ="
            </td>
            <td class="num nowrap">
                <input class="amount" type="text" inputmode="decimal" data-testid="rate-value"
                    aria-label=move || i18n.t(PolicyMsg::Rate)
                    prop:value=rate
                    on:change=move |ev| {
                        if let Some(v) = editor.amount(&event_target_value(&ev), i18n) {
                            editor.edit(|p| if let Some(r) = p.rates.get_mut(index) { r.rate = v; });
                        }
                    }/>
                " " {currency}
            </td>
            <td>
                <button class="link-button" data-testid="remove-rate"
                    on:click=move |_| editor.edit(|p| { if index < p.rates.len() { p.rates.remove(index); } })>
                    {move || i18n.t(PolicyMsg::Remove)}
                </button>
            </td>
        </tr>
    }
}
