//! The reorder list: stocked items at or below their reorder point with the core's suggested
//! quantity, all selected at first; one tap puts the selected ones in the active cart.

use super::{Shared, StockMsg, Ui};
use crate::i18n::use_i18n;
use crate::state::use_app;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use rust_decimal::Decimal;

#[component]
pub fn Reorder(data: Shared, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let view_data = data.0.clone();
    // (index into stocks, key, item id, quantity, unit price)
    let due: Vec<(usize, String, String, Decimal, Decimal)> = view_data
        .rows
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter_map(|r| {
            r.suggested.map(|q| {
                (
                    r.stock,
                    view_data.stocks[r.stock].key(),
                    view_data.stocks[r.stock].item_id.to_string(),
                    q,
                    r.unit_price,
                )
            })
        })
        .collect();
    // Unticked rows (all due rows start ticked).
    let unticked = ui.unticked;
    let message = ui.reorder_message;
    let busy = RwSignal::new(false);
    let due_for_add = due.clone();
    let add = move |_| {
        let lang = i18n.0.get_untracked();
        let chosen: Vec<(String, Decimal)> = due_for_add
            .iter()
            .filter(|(_, key, ..)| !unticked.get_untracked().contains(key))
            .map(|(_, _, id, q, _)| (id.clone(), *q))
            .collect();
        if chosen.is_empty() {
            message.set(Some((false, StockMsg::NoneSelected.text(lang).to_owned())));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let mut added = 0;
            let mut failed = None;
            for (id, q) in chosen {
                match crate::pages::cart::add_to_cart(app, &id, Some(q), lang).await {
                    Ok(_) => added += 1,
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            busy.set(false);
            message.set(Some(match failed {
                None => (true, StockMsg::added(lang, added)),
                Some(e) => (false, e),
            }));
        });
    };
    let export_failed = RwSignal::new(false);
    let for_csv = view_data.clone();
    let due_csv = due.clone();
    let export = move |_| {
        use crate::ui::csv::Field;
        let lang = i18n.0.get_untracked();
        let t = |m: StockMsg| m.text(lang).to_owned();
        let header = [
            t(StockMsg::ColItem),
            t(StockMsg::ColLocation),
            t(StockMsg::ColOnHand),
            t(StockMsg::ColReorderPoint),
            t(StockMsg::ColSuggested),
            t(StockMsg::ColUnitPrice),
            t(StockMsg::ColAmount),
            for_csv.currency.clone(),
        ];
        let rows: Vec<Vec<Field>> = due_csv
            .iter()
            .filter_map(|(i, _, _, q, price)| {
                let r = for_csv
                    .rows
                    .iter()
                    .filter_map(|r| r.as_ref().ok())
                    .find(|r| r.stock == *i)?;
                Some(vec![
                    Field::Text(for_csv.name(*i, lang)),
                    Field::Text(for_csv.stocks[*i].location.clone()),
                    Field::Number(r.level.on_hand),
                    Field::Number(r.plan.reorder_point),
                    Field::Number(*q),
                    Field::Number(*price),
                    Field::Number(q.checked_mul(*price).unwrap_or_default()),
                    Field::Text(for_csv.currency.clone()),
                ])
            })
            .collect();
        export_failed.set(crate::ui::csv::download("reorder.csv", &header, &rows).is_err());
    };
    let currency = view_data.currency.clone();
    let d = view_data.clone();
    let rows = move || {
        let lang = i18n.lang();
        due.iter()
            .map(|(i, key, _, q, price)| {
                let i = *i;
                let key = key.clone();
                let key2 = key.clone();
                let row = d.rows.iter().filter_map(|r| r.as_ref().ok()).find(|r| r.stock == i);
                let (on_hand, rop) = row
                    .map(|r| (r.level.on_hand, r.plan.reorder_point))
                    .unwrap_or_default();
                let amount = q.checked_mul(*price).unwrap_or_default();
                let name = d.name(i, lang);
                let unit = d.unit(i, lang);
                let check_label = format!("{} {name}", StockMsg::ColSelect.text(lang));
                view! {
                    <tr data-testid="reorder-row">
                        <td>
                            <input type="checkbox" aria-label=check_label data-testid="reorder-pick"
                                prop:checked=move || !unticked.get().contains(&key)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    unticked.update(|s| { if on { s.remove(&key2); } else { s.insert(key2.clone()); } });
                                }/>
                        </td>
                        <td><span data-content="product">{name}</span>
                            <div class="muted small">{format!("{} {} / {} {}", StockMsg::ColOnHand.text(lang), format::number(lang, on_hand), StockMsg::ColReorderPoint.text(lang), super::items::units(lang, rop))}</div>
                        </td>
                        <td class="num" data-testid="reorder-qty">{format!("{} {unit}", format::number(lang, *q))}</td>
                        <td class="num">{format::money(lang, amount, &currency)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let none_due = view_data
        .rows
        .iter()
        .all(|r| r.as_ref().map_or(true, |r| r.suggested.is_none()));
    view! {
        <section class="stock-section" data-testid="reorder">
            <h2>{move || i18n.t(StockMsg::ReorderTitle)}</h2>
            <p class="muted">{move || i18n.t(StockMsg::ReorderIntro)}</p>
            {if none_due {
                view! { <p class="muted" data-testid="nothing-due">{move || i18n.t(StockMsg::NothingDue)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="stock-table">
                            <thead><tr>
                                <th>{move || i18n.t(StockMsg::ColSelect)}</th>
                                <th>{move || i18n.t(StockMsg::ColItem)}</th>
                                <th class="num">{move || i18n.t(StockMsg::ColSuggested)}</th>
                                <th class="num">{move || i18n.t(StockMsg::ColAmount)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <div class="actions">
                        <button class="primary" data-testid="reorder-to-cart" on:click=add prop:disabled=move || busy.get()>
                            {move || i18n.t(if busy.get() { StockMsg::Adding } else { StockMsg::AddToCart })}
                        </button>
                        <button type="button" data-testid="reorder-export" on:click=export>{move || i18n.t(crate::pages::spend::SpendMsg::ExportCsv)}</button>
                        {move || export_failed.get().then(|| view! { <span class="error" role="alert">{move || i18n.t(crate::pages::spend::SpendMsg::ExportFailed)}</span> })}
                        {move || message.get().map(|(ok, text)| view! {
                            <span class=if ok { "ok" } else { "error" } role="status" data-testid="reorder-message">{text}</span>
                            {ok.then(|| view! { <A href="/cart" attr:data-testid="reorder-open-cart">{move || i18n.t(StockMsg::GoToCart)}</A> })}
                        })}
                    </div>
                }.into_any()
            }}
        </section>
    }
}
