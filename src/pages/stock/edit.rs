//! Admins: stock a catalog item at a location with its counted quantity (and, optionally, its
//! own order cost, holding rate and service level), or recount a stocked item. The hub decides
//! both again ([`procura_spend::stock::save`]).

use super::items::whole;
use super::{is_admin, Shared, StockMsg, Ui};
use crate::i18n::{use_i18n, Lang};
use crate::state::use_app;
use crate::sync::records;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_spend::stock::{StockDraft, MAX_LOCATION_CHARS};
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::str::FromStr;

/// An optional decimal field: blank is `Ok(None)`.
fn optional(text: &str, lang: Lang) -> Result<Option<Decimal>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Decimal::from_str(t)
        .map(Some)
        .map_err(|_| StockMsg::BadNumber.text(lang).to_owned())
}

/// The organisation's defaults, as a line.
fn defaults_line(data: &Shared, lang: Lang) -> String {
    let d = &data.0.defaults;
    StockMsg::defaults(
        lang,
        &format::money(lang, d.order_cost, &data.0.currency),
        &format::number(lang, d.holding_rate),
        &format::number(lang, d.service_level_pct),
    )
}

#[component]
pub fn StockItem(data: Shared, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let item = RwSignal::new(String::new());
    let location = RwSignal::new(
        data.0
            .stocks
            .first()
            .map(|s| s.location.clone())
            .unwrap_or_default(),
    );
    let counted = RwSignal::new(String::from("0"));
    let order_cost = RwSignal::new(String::new());
    let holding = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let message = ui.edit_message;
    let stocks = data.0.stocks.clone();
    let submit = Callback::new(move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let text = item.get_untracked().trim().to_owned();
        let found = app.catalog.with_untracked(|c| {
            c.item(&text).cloned().or_else(|| {
                c.items
                    .iter()
                    .find(|i| i.sku.eq_ignore_ascii_case(&text))
                    .cloned()
            })
        });
        let Some(found) = found else {
            message.set(Some((false, StockMsg::ItemUnknown.text(lang).to_owned())));
            return;
        };
        let Some(count) = whole(&counted.get_untracked(), false) else {
            message.set(Some((false, StockMsg::BadCount.text(lang).to_owned())));
            return;
        };
        let parsed = (|| {
            Ok::<_, String>((
                optional(&order_cost.get_untracked(), lang)?,
                optional(&holding.get_untracked(), lang)?,
                optional(&service.get_untracked(), lang)?,
            ))
        })();
        let (order_cost, holding_rate, service_level_pct) = match parsed {
            Ok(v) => v,
            Err(e) => {
                message.set(Some((false, e)));
                return;
            }
        };
        let location = location.get_untracked().trim().to_owned();
        let base_revision = stocks
            .iter()
            .find(|s| s.item_id == found.id && s.location == location)
            .map_or(0, |s| s.revision);
        let draft = StockDraft {
            item_id: found.id.clone(),
            location,
            counted: count,
            counted_at_ms: crate::org::now_ms(),
            order_cost,
            holding_rate,
            service_level_pct,
            base_revision,
        };
        queue(app, draft, message, lang);
    });
    let d = data.clone();
    view! {
        <section class="stock-section" data-testid="stock-edit">
            <h2>{move || i18n.t(StockMsg::EditTitle)}</h2>
            <p class="muted">{move || i18n.t(StockMsg::EditIntro)}</p>
            <p class="muted small" data-testid="stock-defaults">{move || i18n.t(StockMsg::Defaults)} {move || format!(": {}", defaults_line(&d, i18n.lang()))}</p>
            {move || if is_admin(app) {
                view! {
                    <form class="stock-form" on:submit=move |ev| submit.run(ev)>
                        <label>{move || i18n.t(StockMsg::ItemField)}
                            <input type="text" required data-testid="stock-item" prop:value=move || item.get() on:input=move |ev| item.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(StockMsg::LocationField)}
                            <input type="text" required maxlength=MAX_LOCATION_CHARS.to_string() data-testid="stock-location" prop:value=move || location.get() on:input=move |ev| location.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(StockMsg::CountField)}
                            <input type="number" inputmode="numeric" min="0" step="1" required data-testid="stock-count" prop:value=move || counted.get() on:input=move |ev| counted.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(StockMsg::OrderCostField)}
                            <input type="text" inputmode="decimal" prop:value=move || order_cost.get() on:input=move |ev| order_cost.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(StockMsg::HoldingField)}
                            <input type="text" inputmode="decimal" prop:value=move || holding.get() on:input=move |ev| holding.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(StockMsg::ServiceField)}
                            <input type="text" inputmode="decimal" prop:value=move || service.get() on:input=move |ev| service.set(event_target_value(&ev))/>
                        </label>
                        <div class="actions">
                            <button type="submit" class="primary" data-testid="stock-save">{move || i18n.t(StockMsg::Save)}</button>
                            {move || message.get().map(|(ok, text)| view! {
                                <span class=if ok { "ok" } else { "error" } role="status" data-testid="stock-message">{text}</span>
                            })}
                        </div>
                    </form>
                }.into_any()
            } else {
                view! { <p class="muted">{move || i18n.t(StockMsg::AdminsOnly)}</p> }.into_any()
            }}
        </section>
    }
}

fn queue(
    app: crate::state::AppState,
    draft: StockDraft,
    message: RwSignal<Option<(bool, String)>>,
    lang: Lang,
) {
    spawn_local(async move {
        match records::queue(app, Op::SaveStock { stock: draft }).await {
            Ok(()) => message.set(Some((true, StockMsg::Saved.text(lang).to_owned()))),
            Err(e) => message.set(Some((false, e.to_string()))),
        }
    });
}

/// An admin's recount of one stocked item (its other settings unchanged).
#[component]
pub fn Recount(data: Shared, index: usize, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let s = data.0.stocks[index].clone();
    let counted = RwSignal::new(s.counted.normalize().to_string());
    // Shown above the list: the panel is rebuilt when the recount lands.
    let message = ui.issue_message;
    let submit = Callback::new(move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let Some(count) = whole(&counted.get_untracked(), false) else {
            message.set(Some((false, StockMsg::BadCount.text(lang).to_owned())));
            return;
        };
        let draft = StockDraft {
            counted: count,
            counted_at_ms: crate::org::now_ms(),
            ..s.draft()
        };
        queue(app, draft, message, lang);
    });
    move || {
        is_admin(app).then(|| {
            view! {
                <form class="stock-form inline" data-testid="recount-form" on:submit=move |ev| submit.run(ev)>
                    <label>{move || i18n.t(StockMsg::CountField)}
                        <input type="number" inputmode="numeric" min="0" step="1" required data-testid="recount-count"
                            prop:value=move || counted.get() on:input=move |ev| counted.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" data-testid="recount-save">{move || i18n.t(StockMsg::Recount)}</button>
                </form>
            }
        })
    }
}
