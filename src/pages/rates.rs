//! Exchange rates in Settings: the organisation's (from its policy, read-only here; every
//! comparison, sort, cart and requisition uses them) and this device's own additions for
//! currencies the organisation has no rate for, which only ever show a price converted and
//! marked as this device's.

use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use procura_ground::currency::{RateError, Rates};

/// A refused edit in the viewer's language.
pub fn rate_error_text(e: &RateError, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang);
    match e {
        RateError::UnknownCurrency(v) => Msg::rate_unknown_currency(lang, v),
        RateError::NotPositive { .. } => t(Msg::RateNotPositive).to_owned(),
        RateError::NotANumber(v) => Msg::rate_not_a_number(lang, v),
        RateError::BuyerCurrency(v) => Msg::rate_buyer_currency(lang, v),
        RateError::OrganisationHasRate(v) => Msg::rate_organisation_has(lang, v),
        RateError::OtherCurrency { device, .. } => Msg::rate_other_currency(lang, device),
    }
}

#[component]
pub fn RatesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let org_rows = move || {
        app.org_rates.with(|r| {
            r.as_ref().map(|r| {
                let to = r.buyer_currency().to_owned();
                let rows: Vec<(String, String)> = r
                    .rates()
                    .map(|(code, rate)| (code.to_owned(), format!("1 {code} = {rate} {to}")))
                    .collect();
                (to, rows)
            })
        })
    };
    view! {
        <div class="rates" data-testid="rates">
            <h3>{move || i18n.t(Msg::OrgRates)}</h3>
            {move || match org_rows() {
                None => view! { <p class="muted" data-testid="org-rates-pending">{i18n.t(Msg::OrgRatesPending)}</p> }.into_any(),
                Some((to, rows)) if rows.is_empty() => view! {
                    <p class="muted" data-testid="org-rates-none">{Msg::no_org_rates(i18n.lang(), &to)}</p>
                }.into_any(),
                Some((_, rows)) => view! {
                    <ul class="inline-list" data-testid="org-rates">
                        {rows.into_iter().map(|(code, text)| view! { <li data-currency=code>{text}</li> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <p class="muted small">{move || i18n.t(Msg::OrgRatesNote)}</p>
            <DeviceRates/>
        </div>
    }
}

/// This device's own rates: added only for a currency the organisation lacks.
#[component]
fn DeviceRates() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<RateError>);
    let new_code = RwSignal::new(String::new());
    let new_rate = RwSignal::new(String::new());
    let remove = move |code: String| {
        let mut rates = app.device_rates.get_untracked();
        rates.remove(&code);
        error.set(None);
        app.set_device_rates(rates);
    };
    let add = move |_| {
        let mut rates = app.device_rates.get_untracked();
        // Before the policy is on the device, additions are into the device's own currency.
        let organisation = app.org_rates.get_untracked().unwrap_or_else(|| {
            Rates::new(rates.buyer_currency()).expect("a stored table has a currency")
        });
        match rates.add_beside(
            &organisation,
            &new_code.get_untracked(),
            &new_rate.get_untracked(),
        ) {
            Ok(()) => {
                error.set(None);
                app.set_device_rates(rates);
                new_code.set(String::new());
                new_rate.set(String::new());
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let rows = move || {
        let org = app.org_rates.get();
        app.device_rates.with(|r| {
            let to = r.buyer_currency().to_owned();
            r.rates()
                .map(|(code, rate)| {
                    let shadowed = org.as_ref().is_some_and(|o| o.rate(code).is_some());
                    let code = code.to_owned();
                    let (c, attr) = (code.clone(), code.clone());
                    let shown = format!("1 {code} = {rate} {to}");
                    view! {
                        <li data-testid="device-rate" data-currency=attr>
                            <span>{shown}</span>
                            {shadowed.then(|| view! {
                                <span class="muted small" data-testid="device-rate-shadowed">
                                    " · " {Msg::device_rate_shadowed(i18n.lang(), &code)}
                                </span>
                            })}
                            " "
                            <button class="link-button" data-testid="remove-device-rate" on:click=move |_| remove(c.clone())>
                                {move || i18n.t(Msg::Remove)}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let other_currency = move || {
        let org = app
            .org_rates
            .with(|o| o.as_ref().map(|o| o.buyer_currency().to_owned()))?;
        let (device, any) = app
            .device_rates
            .with(|r| (r.buyer_currency().to_owned(), r.rates().next().is_some()));
        (any && device != org).then(|| Msg::device_rates_other_currency(i18n.lang(), &device, &org))
    };
    let none = move || app.device_rates.with(|r| r.rates().next().is_none());
    let target = move || {
        app.org_rates
            .with(|o| o.as_ref().map(|o| o.buyer_currency().to_owned()))
            .unwrap_or_else(|| app.device_rates.with(|r| r.buyer_currency().to_owned()))
    };
    view! {
        <h3>{move || i18n.t(Msg::DeviceRates)}</h3>
        <p class="muted small">{move || i18n.t(Msg::DeviceRatesNote)}</p>
        {move || other_currency().map(|text| view! { <p class="notice warn">{text}</p> })}
        <Show when=none fallback=move || view! { <ul class="device-rates" data-testid="device-rates">{rows}</ul> }>
            <p class="muted" data-testid="no-device-rates">{move || i18n.t(Msg::NoDeviceRates)}</p>
        </Show>
        <div class="rate-add">
            "1 "
            <input type="text" maxlength="3" placeholder="JPY" data-testid="device-rate-currency"
                aria-label=move || i18n.t(Msg::Currency)
                prop:value=new_code on:input=move |ev| new_code.set(event_target_value(&ev).to_uppercase())/>
            " = "
            <input type="text" inputmode="decimal" placeholder="7.80" data-testid="device-rate-value"
                aria-label=move || i18n.t(Msg::Rate)
                prop:value=new_rate on:input=move |ev| new_rate.set(event_target_value(&ev))/>
            " " {target} " "
            <button data-testid="add-device-rate" on:click=add>{move || i18n.t(Msg::AddRate)}</button>
        </div>
        {move || error.get().map(|e| view! { <p class="notice error" role="alert">{rate_error_text(&e, i18n.lang())}</p> })}
    }
}
