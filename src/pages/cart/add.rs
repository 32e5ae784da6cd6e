//! "Add to cart" on a catalog row or a compared offer: adds the item to the active cart (or a
//! new one) in one IndexedDB transaction and says where it went.

use super::{cart_error_text, CartMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{local_db, use_app, AppState};
use crate::ui::user::user_id;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_catalog::catalog::LocalizedText;
use procura_procurement::cart::Added;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Adds catalog item `item_id` to the user's active cart at `quantity` (its minimum order
/// quantity when `None`); an item already there has its quantity raised.
pub async fn add_to_cart(
    app: AppState,
    item_id: &str,
    quantity: Option<Decimal>,
    lang: Lang,
) -> Result<Added, String> {
    let t = |m: CartMsg| m.text(lang).to_owned();
    let user = user_id(app).ok_or_else(|| t(CartMsg::NotLoggedIn))?;
    let db = local_db().ok_or_else(|| t(CartMsg::StorageNotReady))?;
    let item = app
        .catalog
        .with_untracked(|c| c.item(item_id).cloned())
        .ok_or_else(|| t(CartMsg::NotOnDevice))?;
    // As the organisation buys it today: at the price of a contract in force, with it.
    let (item, contract) = match crate::ui::contracts::priced_now(app, &item) {
        Some((priced, contract)) => (priced, Some(contract)),
        None => (item, None),
    };
    let supplier_name = app
        .suppliers
        .with_untracked(|list| {
            list.iter()
                .find(|s| s.id == item.supplier_id)
                .map(|s| s.name.clone())
        })
        .unwrap_or_else(|| LocalizedText::new(item.supplier_id.clone(), ""));
    let new_id = crate::device::random_uuid();
    let now = crate::org::now_ms();
    let (_, result) = db
        .update_carts(&user, |carts| {
            carts.add_to_active(
                &new_id,
                "", // unnamed: shown in the viewer's language
                &item,
                contract.clone(),
                supplier_name.clone(),
                quantity,
                now,
            )
        })
        .await
        .map_err(|e| e.to_string())?;
    result.map_err(|e| cart_error_text(&e, lang))
}

/// The quantity typed in a catalog row's field, checked before anything is stored (the core
/// checks the bounds again when adding).
fn typed_quantity(text: &str, min: Decimal, lang: Lang) -> Result<Decimal, String> {
    let qty =
        Decimal::from_str(text.trim()).map_err(|_| CartMsg::NotANumber.text(lang).to_owned())?;
    if qty <= Decimal::ZERO {
        return Err(CartMsg::QuantityNotPositive.text(lang).to_owned());
    }
    procura_ground::money::check_quantity(qty).map_err(|e| super::money_error_text(&e, lang))?;
    if qty < min {
        return Err(CartMsg::below_minimum(lang, min.normalize()));
    }
    Ok(qty)
}

/// The button, and a short confirmation next to it.
#[component]
pub fn AddToCart(
    item_id: String,
    /// Order units to add; `None`: the item's minimum order quantity.
    #[prop(optional)]
    quantity: Option<Decimal>,
    /// A quantity field before the button (a catalog row), starting at this many order units
    /// (the item's minimum order quantity), never below it; Enter in it adds.
    #[prop(optional)]
    quantity_field: Option<Decimal>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let item_id = StoredValue::new(item_id);
    // The confirmation (or the reason it failed), and which click it answers.
    let said = RwSignal::new(None::<Result<String, String>>);
    let clicks = StoredValue::new(0u32);
    let busy = RwSignal::new(false);
    let min = quantity_field.unwrap_or(Decimal::ONE);
    let qty_text = RwSignal::new(
        quantity_field
            .map(|q| q.normalize().to_string())
            .unwrap_or_default(),
    );
    let add = move || {
        if busy.get_untracked() {
            return;
        }
        let click = clicks.get_value() + 1;
        clicks.set_value(click);
        let lang = i18n.0.get_untracked();
        let quantity = if quantity_field.is_some() {
            match typed_quantity(&qty_text.get_untracked(), min, lang) {
                Ok(q) => Some(q),
                Err(e) => {
                    said.set(Some(Err(e)));
                    return;
                }
            }
        } else {
            quantity
        };
        busy.set(true);
        let id = item_id.get_value();
        spawn_local(async move {
            let outcome = add_to_cart(app, &id, quantity, lang).await;
            busy.try_set(false);
            said.try_set(Some(outcome.map(|added| {
                let name = if added.cart_name.is_empty() {
                    CartMsg::DefaultCartName.text(lang)
                } else {
                    &added.cart_name
                };
                let mut text = CartMsg::added_to(lang, name);
                if added.merged {
                    text.push_str(" · ");
                    text.push_str(&CartMsg::added_quantity_now(
                        lang,
                        added.quantity.normalize(),
                    ));
                }
                text
            })));
            set_timeout(
                move || {
                    if clicks.try_get_value() == Some(click) {
                        said.try_set(None);
                    }
                },
                Duration::from_secs(4),
            );
        });
    };
    // Inside a catalog row's <summary>: a tap or a key here must not fold the row open or shut.
    let click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        add();
    };
    let keep_in_field = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        ev.stop_propagation();
    };
    let key = move |ev: leptos::ev::KeyboardEvent| {
        ev.stop_propagation();
        if ev.key() == "Enter" {
            ev.prevent_default();
            add();
        }
    };
    // A tap in the field selects its number, so typing replaces it (the tap's own mouseup would
    // otherwise drop the selection for a caret).
    let just_focused = StoredValue::new(false);
    let select_all = move |ev: leptos::ev::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
            just_focused.set_value(true);
        }
    };
    let keep_selection = move |ev: leptos::ev::MouseEvent| {
        if just_focused.get_value() {
            just_focused.set_value(false);
            ev.prevent_default();
        }
    };
    let field = quantity_field.map(|_| {
        view! {
            <input type="number" class="qty add-qty" data-testid="add-qty" inputmode="decimal"
                min=min.normalize().to_string() max=procura_ground::money::MAX_QUANTITY.to_string() step="any"
                aria-label=move || i18n.t(CartMsg::Quantity)
                prop:value=qty_text
                on:input=move |ev| { qty_text.set(event_target_value(&ev)); said.set(None); }
                on:focus=select_all on:mouseup=keep_selection
                on:click=keep_in_field on:keydown=key on:keyup=|ev: leptos::ev::KeyboardEvent| ev.stop_propagation()/>
        }
    });
    view! {
        <span class="add-to-cart" class:with-qty=quantity_field.is_some()>
            <span class="add-controls">
                {field}
                <button type="button" class="add-button" data-testid="add-to-cart" disabled=move || busy.get()
                    title=move || i18n.t(CartMsg::AddToCartTitle) on:click=click>
                    {move || i18n.t(CartMsg::AddToCart)}
                </button>
            </span>
            {move || said.get().map(|s| match s {
                Ok(text) => view! { <span class="added" role="status" data-testid="added-to-cart">"✓ " {text}</span> }.into_any(),
                Err(text) => view! { <span class="added error" role="alert" data-testid="add-to-cart-error">{text}</span> }.into_any(),
            })}
        </span>
    }
}
