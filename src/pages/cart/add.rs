//! "Add to cart" on a catalog row or a compared offer: adds the item to the active cart (or a
//! new one) in one IndexedDB transaction and says where it went.

use super::{cart_error_text, user_id, CartMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{local_db, use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_core::cart::Added;
use procura_core::catalog::LocalizedText;
use rust_decimal::Decimal;
use std::time::Duration;

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
                supplier_name.clone(),
                quantity,
                now,
            )
        })
        .await
        .map_err(|e| e.to_string())?;
    result.map_err(|e| cart_error_text(&e, lang))
}

/// The button, and a short confirmation next to it.
#[component]
pub fn AddToCart(
    item_id: String,
    /// Order units to add; `None`: the item's minimum order quantity.
    #[prop(optional)]
    quantity: Option<Decimal>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let item_id = StoredValue::new(item_id);
    // The confirmation (or the reason it failed), and which click it answers.
    let said = RwSignal::new(None::<Result<String, String>>);
    let clicks = StoredValue::new(0u32);
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::MouseEvent| {
        // Inside a catalog row's <summary>: do not fold the row open or shut.
        ev.prevent_default();
        ev.stop_propagation();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let click = clicks.get_value() + 1;
        clicks.set_value(click);
        let lang = i18n.0.get_untracked();
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
    view! {
        <span class="add-to-cart">
            <button type="button" class="add-button" data-testid="add-to-cart" disabled=move || busy.get()
                title=move || i18n.t(CartMsg::AddToCartTitle) on:click=add>
                {move || i18n.t(CartMsg::AddToCart)}
            </button>
            {move || said.get().map(|s| match s {
                Ok(text) => view! { <span class="added" role="status" data-testid="added-to-cart">"✓ " {text}</span> }.into_any(),
                Err(text) => view! { <span class="added error" role="alert" data-testid="add-to-cart-error">{text}</span> }.into_any(),
            })}
        </span>
    }
}
