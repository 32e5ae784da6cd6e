//! The exchange-rate table in Settings: the buyer's currency and what one unit of each other
//! currency is worth in it. Comparisons convert with these; original prices stay visible.

use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use procura_core::currency::Rates;

const BUYER_CURRENCIES: &[&str] = &["CNY", "EUR", "USD", "GBP", "HKD", "JPY"];

#[component]
pub fn RatesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let new_code = RwSignal::new(String::new());
    let new_rate = RwSignal::new(String::new());

    let edit = move |f: &dyn Fn(&mut Rates) -> Result<(), String>| {
        let mut rates = app.rates.get_untracked();
        match f(&mut rates) {
            Ok(()) => {
                error.set(None);
                app.set_rates(rates);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let rows = move || {
        app.rates.with(|r| {
            let buyer = r.buyer_currency().to_owned();
            r.rates()
                .map(|(code, rate)| {
                    let code = code.to_owned();
                    let (c1, c2) = (code.clone(), code.clone());
                    view! {
                        <tr data-currency=code.clone()>
                            <td>"1 " {code.clone()} " ="</td>
                            <td>
                                <input type="text" inputmode="decimal" class="rate" value=rate.to_string()
                                    aria-label={
                                        let (code, buyer) = (code.clone(), buyer.clone());
                                        move || i18n.t(Msg::RateFor).replace("{cur}", &code).replace("{buyer}", &buyer)
                                    }
                                    on:change=move |ev| {
                                        let text = event_target_value(&ev);
                                        edit(&|r| r.set_text(&c1, &text).map_err(|e| e.to_string()));
                                    }/>
                                " " {buyer.clone()}
                            </td>
                            <td><button class="link-button" on:click=move |_| edit(&|r| { r.remove(&c2); Ok(()) })>
                                {move || i18n.t(Msg::Remove)}
                            </button></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="rates" data-testid="rates">
            <label>
                <span>{move || i18n.t(Msg::BuyerCurrency)}</span>
                <select prop:value=move || app.rates.with(|r| r.buyer_currency().to_owned())
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        edit(&|r| { *r = Rates::illustrative(&code).map_err(|e| e.to_string())?; Ok(()) });
                    }>
                    {BUYER_CURRENCIES.iter().map(|c| view! { <option value=*c>{*c}</option> }).collect_view()}
                </select>
            </label>
            <table class="data">
                <tbody>{rows}</tbody>
            </table>
            <div class="rate-add">
                <input type="text" maxlength="3" placeholder="EUR" aria-label=move || i18n.t(Msg::Currency) prop:value=new_code
                    on:input=move |ev| new_code.set(event_target_value(&ev).to_uppercase())/>
                <input type="text" inputmode="decimal" placeholder="7.80" prop:value=new_rate
                    aria-label=move || i18n.t(Msg::NewRate).replace("{buyer}", &app.rates.with(|r| r.buyer_currency().to_owned()))
                    on:input=move |ev| new_rate.set(event_target_value(&ev))/>
                <button on:click=move |_| {
                    let (code, rate) = (new_code.get_untracked(), new_rate.get_untracked());
                    edit(&|r| r.set_text(&code, &rate).map_err(|e| e.to_string()));
                    if error.with_untracked(Option::is_none) {
                        new_code.set(String::new());
                        new_rate.set(String::new());
                    }
                }>{move || i18n.t(Msg::AddRate)}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="notice error">{e}</p> })}
            <p class="muted">{move || i18n.t(Msg::RatesNote)}</p>
        </div>
    }
}
