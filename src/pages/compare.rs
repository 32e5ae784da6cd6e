//! Side-by-side comparison of one product's offers from different suppliers, priced for the
//! quantity the buyer enters (the core picks the tier, converts currency and marks the cheapest
//! and fastest offers).

use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::use_app;
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use procura_catalog::compare::{compare, Comparison, OfferRow, Reason};
use procura_ground::currency::{self, Rates};
use procura_ground::id::ContractRef;
use rust_decimal::Decimal;
use std::str::FromStr;

#[component]
pub fn ComparePanel(
    item_id: String,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // What the buyer wants, in the clicked offer's content unit (pieces, sheets, …): by default
    // one pack at its minimum order.
    let (unit, default_qty, title) = app.catalog.with_untracked(|c| {
        c.item(&item_id)
            .map_or((String::new(), Decimal::ONE, String::new()), |item| {
                (
                    item.content_unit.clone(),
                    item.min_order_qty()
                        .checked_mul(item.content_per_order_unit)
                        .unwrap_or(Decimal::ONE)
                        .normalize(),
                    item.name.get(i18n.lang()).to_owned(),
                )
            })
    });
    let qty_text = RwSignal::new(default_qty.to_string());
    let qty = Memo::new(move |_| {
        qty_text
            .with(|t| Decimal::from_str(t.trim()).ok())
            .filter(|q| *q > Decimal::ZERO)
    });
    let unit_for_compare = unit.clone();
    // Each offer as the organisation buys it today (at a contract's price where one is in
    // force), compared as such; with each offer's catalog item id and contract.
    type Offers = (Comparison, Vec<String>, Vec<Option<ContractRef>>);
    let comparison: Memo<Option<Offers>> = Memo::new(move |_| {
        let qty = qty.get()?;
        let rates = app.org_rates.get();
        let contracts = crate::ui::contracts::by_supplier(app);
        app.catalog.with(|c| {
            let at = c.position(&item_id)?;
            // The organisation's rates; before its policy is on the device, only offers in
            // the clicked offer's currency compare.
            let rates = rates.or_else(|| Rates::new(&c.items[at].currency).ok())?;
            let mut items = Vec::new();
            let mut ids = Vec::new();
            let mut refs = Vec::new();
            for &i in c.offers_of(at) {
                let item = &c.items[i];
                ids.push(item.id.to_string());
                match crate::ui::contracts::priced_in(&contracts, item) {
                    Some((priced, r)) => {
                        items.push(priced);
                        refs.push(Some(r));
                    }
                    None => {
                        items.push(item.clone());
                        refs.push(None);
                    }
                }
            }
            let members: Vec<usize> = (0..items.len()).collect();
            Some((
                compare(&items, &members, qty, &unit_for_compare, &rates),
                ids,
                refs,
            ))
        })
    });
    let close = on_close.clone();
    view! {
        <div class="compare-backdrop" on:click=move |_| close()>
            <div class="compare-panel" role="dialog" aria-modal="true" data-testid="compare-panel"
                on:click=|ev| ev.stop_propagation()>
                <div class="compare-head">
                    <div>
                        <h2>{move || i18n.t(Msg::CompareTitle)}</h2>
                        <p class="muted">{title}</p>
                    </div>
                    <button on:click=move |_| on_close() data-testid="compare-close">{move || i18n.t(Msg::Close)}</button>
                </div>
                <div class="compare-qty">
                    <label>
                        <span>{move || i18n.t(Msg::QuantityNeeded)}</span>
                        <input type="text" inputmode="decimal" data-testid="compare-qty"
                            prop:value=qty_text on:input=move |ev| qty_text.set(event_target_value(&ev))/>
                    </label>
                    <span class="unit">{move || unit_label(&unit, i18n.lang())}</span>
                    <span class="muted">
                        {move || comparison.with(|c| c.as_ref().map(|(c, _, _)| format!("{}: {}", i18n.t(Msg::PricesIn), c.buyer_currency)))}
                    </span>
                </div>
                {move || match comparison.get() {
                    None => view! { <p class="notice error">{i18n.t(Msg::EnterQuantity)}</p> }.into_any(),
                    Some((c, all_ids, refs)) => {
                        // Each offer's catalog item, for "Add to cart" at its order quantity,
                        // and the contract that prices it.
                        let ids: Vec<(String, Option<ContractRef>)> = c.rows.iter().map(|r| (
                            all_ids.get(r.item_index).cloned().unwrap_or_default(),
                            refs.get(r.item_index).cloned().flatten(),
                        )).collect();
                        let device = app.device_rates.get();
                        comparison_table(c, i18n.lang(), &supplier_names(app), &ids, &device).into_any()
                    }
                }}
            </div>
        </div>
    }
}

fn supplier_names(
    app: crate::state::AppState,
) -> Vec<(String, procura_catalog::catalog::LocalizedText)> {
    app.suppliers.with(|list| {
        list.iter()
            .map(|s| (s.id.to_string(), s.name.clone()))
            .collect()
    })
}

fn comparison_table(
    c: Comparison,
    lang: Lang,
    suppliers: &[(String, procura_catalog::catalog::LocalizedText)],
    item_ids: &[(String, Option<ContractRef>)],
    device_rates: &Rates,
) -> impl IntoView {
    let t = |m: Msg| m.text(lang);
    let name = |id: &str| {
        suppliers
            .iter()
            .find(|(s, _)| s == id)
            .map_or_else(|| id.to_owned(), |(_, n)| n.get(lang).to_owned())
    };
    let base = unit_label(&c.base_unit, lang);
    let rows = c
        .rows
        .iter()
        .zip(item_ids.iter().cloned())
        .map(|(row, (id, contract))| {
            offer_row(
                row,
                lang,
                name(row.supplier_id.as_str()),
                &c.buyer_currency,
                &base,
                id,
                contract,
            )
        })
        .collect_view();
    let apart = c
        .not_comparable
        .iter()
        .map(|n| {
            // An offer with no price is quoted on request: it says so, "no price" beside it.
            let price = n
                .list_price
                .map(|p| money(lang, p, &n.currency))
                .unwrap_or_else(|| t(Msg::PriceOnRequest).to_owned());
            // Without the organisation's rate, this device's own may show it converted
            // (marked), though it stays out of the comparison.
            let on_device = matches!(n.reason, Reason::NoRate { .. })
                .then_some(n.list_price)
                .flatten()
                .and_then(|p| {
                    let organisation = Rates::new(&c.buyer_currency).ok()?;
                    currency::show(&organisation, device_rates, p, &n.currency)
                })
                .map(|(p, _)| {
                    format!(" (≈ {} · {})", money(lang, p, &c.buyer_currency), t(Msg::DeviceRateMark))
                });
            view! {
                <li data-testid="not-comparable">
                    <strong>{name(n.supplier_id.as_str())}</strong> " · " {n.sku.clone()} " · " {price}
                    {on_device.map(|d| view! { <span class="device-rate" data-testid="device-converted">{d}</span> })}
                    " — " {n.reason.describe().get(lang).to_owned()}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data compare stack" data-testid="compare-table">
                <thead><tr>
                    <th>{t(Msg::Supplier)}</th>
                    <th>{t(Msg::Pack)}</th>
                    <th class="num">{t(Msg::OrderQty)}</th>
                    <th class="num">{t(Msg::TierPrice)}</th>
                    <th class="num">{t(Msg::Total)}</th>
                    <th class="num">{t(Msg::PerUnit)} " " {base.clone()}</th>
                    <th>{t(Msg::LeadTime)}</th>
                    <th>{t(Msg::Stock)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(!c.not_comparable.is_empty()).then(|| view! {
            <h3>{t(Msg::NotComparable)}</h3>
            <ul class="not-comparable">{apart}</ul>
        })}
    }
}

fn offer_row(
    row: &OfferRow,
    lang: Lang,
    supplier: String,
    buyer_currency: &str,
    base: &str,
    item_id: String,
    contract: Option<ContractRef>,
) -> impl IntoView {
    let t = |m: Msg| m.text(lang);
    let order_unit = unit_label(&row.order_unit, lang);
    let converted = row.currency != buyer_currency;
    let stock = match (row.stock, row.stock_covers) {
        (Some(n), Some(true)) => format!("{n} ✓"),
        (Some(n), _) => format!("{n} · {}", t(Msg::NotEnoughStock)),
        (None, _) => t(Msg::StockUnknown).to_owned(),
    };
    view! {
        <tr class:cheapest=row.cheapest data-testid="offer-row" data-supplier=row.supplier_id.to_string()
            data-cheapest=row.cheapest.to_string() data-fastest=row.fastest.to_string()>
            <td class="wide" data-label=t(Msg::Supplier)>
                <strong data-content="supplier">{supplier}</strong>
                <div class="muted">{row.sku.clone()}</div>
                {row.cheapest.then(|| view! { <span class="mark cheapest">{t(Msg::Cheapest)}</span> })}
                {row.fastest.then(|| view! { <span class="mark fastest">{t(Msg::Fastest)}</span> })}
            </td>
            <td data-label=t(Msg::Pack)>{format!("{} × {} / {}", row.content_per_order_unit.normalize(), unit_label(&row.content_unit, lang), order_unit)}</td>
            <td class="num" data-label=t(Msg::OrderQty)>{row.order_qty.normalize().to_string()} " " {order_unit.clone()}
                <div class="muted">{format!("= {} {}", row.delivered_qty.normalize(), base)}</div></td>
            <td class="num" data-testid="tier-price" data-label=t(Msg::TierPrice)>{money(lang, row.unit_price, &row.currency)}
                {contract.map(|c| view! { <div><crate::ui::contracts::ContractMark contract=c price=true/></div> })}</td>
            <td class="num" data-label=t(Msg::Total)>{money(lang, row.total, &row.currency)}
                {converted.then(|| view! { <div class="original">"≈ " {money(lang, row.total_converted, buyer_currency)}</div> })}</td>
            <td class="num price" data-testid="per-base-unit" data-label=format!("{} {base}", t(Msg::PerUnit))>{format!("{} {}", row.price_per_base_unit.normalize(), buyer_currency)}</td>
            <td data-label=t(Msg::LeadTime)>{row.lead_time_days} " " {t(Msg::Days)}</td>
            <td data-label=t(Msg::Stock)>{stock}</td>
            <td class="add-cell wide">
                // At the quantity priced here (the order units the wanted quantity needs).
                {(!item_id.is_empty()).then(|| view! { <crate::pages::cart::AddToCart item_id=item_id quantity=row.order_qty/> })}
            </td>
        </tr>
    }
}
