//! The form for a non-catalog line: what it is, an estimated price, who might supply it.

use super::{CartMsg, CartStore};
use crate::i18n::use_i18n;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use procura_procurement::cart::FreeText;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Units offered for a non-catalog line (Rec 20).
const UNITS: [&str; 14] = [
    "H87", "EA", "SET", "BX", "PK", "CT", "PR", "RO", "KGM", "LTR", "MTR", "MTK", "HUR", "DAY",
];

/// The currencies a line may be estimated in: the organisation's and those it has a rate for
/// (others could not be totalled for approval); before the policy is on the device, the
/// device's own currency only.
fn currencies(app: crate::state::AppState) -> Vec<String> {
    match crate::org::policy(app) {
        Some(p) => std::iter::once(p.currency.clone())
            .chain(p.rates.iter().map(|r| r.currency.clone()))
            .collect(),
        None => app
            .device_rates
            .with(|r| vec![r.buyer_currency().to_owned()]),
    }
}

#[component]
pub(super) fn FreeTextForm(store: CartStore) -> impl IntoView {
    let i18n = use_i18n();
    let app = store.app;
    let description = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let unit = RwSignal::new("H87".to_owned());
    let supplier = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let error = RwSignal::new(None::<String>);
    let options = Memo::new(move |_| currencies(app));
    // The first currency until the buyer picks one.
    let chosen_currency = move || {
        let c = currency.get();
        if c.is_empty() {
            options.with(|o| o.first().cloned().unwrap_or_default())
        } else {
            c
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let number = |text: String| Decimal::from_str(text.trim().replace(',', "").as_str()).ok();
        let Some(unit_price) = number(price.get_untracked()) else {
            error.set(Some(format!(
                "{}: {}",
                CartMsg::EstimatedPrice.text(lang),
                CartMsg::NotANumber.text(lang)
            )));
            return;
        };
        let Some(qty) = number(quantity.get_untracked()) else {
            error.set(Some(format!(
                "{}: {}",
                CartMsg::Quantity.text(lang),
                CartMsg::NotANumber.text(lang)
            )));
            return;
        };
        // A suggested supplier the device knows is named by its id; any other by name only.
        let supplier_text = supplier.get_untracked().trim().to_owned();
        let supplier_id = app.suppliers.with_untracked(|list| {
            list.iter()
                .find(|s| {
                    s.id == supplier_text
                        || s.name.en.eq_ignore_ascii_case(&supplier_text)
                        || s.name.zh == supplier_text
                })
                .map(|s| s.id.clone())
        });
        let item = FreeText {
            description: description.get_untracked(),
            unit_price,
            currency: chosen_currency(),
            unit: unit.get_untracked(),
            supplier_id: supplier_id.map(|s| s.to_string()).unwrap_or_default(),
            supplier_name: supplier_text,
        };
        error.set(None);
        let new_id = crate::device::random_uuid();
        let now = crate::org::now_ms();
        let failed = store.error;
        store.change(
            move |c| {
                let id = c.active_or_create(&new_id, "", now)?;
                c.get_mut(&id)?.add_free_text(item.clone(), qty, "", now)
            },
            move |_| {
                description.set(String::new());
                price.set(String::new());
                supplier.set(String::new());
                quantity.set("1".to_owned());
                failed.set(None);
            },
        );
    };
    view! {
        <section class="free-text req-card">
            <h2>{move || i18n.t(CartMsg::AddNonCatalog)}</h2>
            <p class="muted">{move || i18n.t(CartMsg::NonCatalogHint)}</p>
            <form class="free-text-form" data-testid="free-text-form" on:submit=submit novalidate=true>
                <label class="wide">
                    <span>{move || i18n.t(CartMsg::Description)}</span>
                    <input type="text" name="description" data-testid="free-text-description" maxlength="300" required=true
                        prop:value=description on:input=move |ev| description.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(CartMsg::EstimatedPrice)}</span>
                    <input type="text" inputmode="decimal" name="price" data-testid="free-text-price" class="short" required=true
                        prop:value=price on:input=move |ev| price.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(CartMsg::Currency)}</span>
                    <select name="currency" data-testid="free-text-currency" prop:value=chosen_currency
                        on:change=move |ev| currency.set(event_target_value(&ev))>
                        {move || options.get().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(CartMsg::Quantity)}</span>
                    <input type="text" inputmode="decimal" name="quantity" data-testid="free-text-qty" class="short"
                        prop:value=quantity on:input=move |ev| quantity.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(CartMsg::Unit)}</span>
                    <select name="unit" data-testid="free-text-unit" prop:value=unit on:change=move |ev| unit.set(event_target_value(&ev))>
                        {move || {
                            let lang = i18n.lang();
                            UNITS.iter().map(|u| view! { <option value=*u>{unit_label(u, lang)}</option> }).collect_view()
                        }}
                    </select>
                </label>
                <label class="wide">
                    <span>{move || i18n.t(CartMsg::SuggestedSupplier)}</span>
                    <input type="text" name="supplier" data-testid="free-text-supplier" list="known-suppliers" maxlength="200"
                        prop:value=supplier on:input=move |ev| supplier.set(event_target_value(&ev))/>
                    <datalist id="known-suppliers">
                        {move || {
                            let lang = i18n.lang();
                            app.suppliers.with(|list| list.iter().map(|s| view! { <option value=s.name.get(lang).to_owned()></option> }).collect_view())
                        }}
                    </datalist>
                </label>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="free-text-add">{move || i18n.t(CartMsg::Add)}</button>
                </div>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}
