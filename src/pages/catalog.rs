//! The catalog screen: sync status, filters, and the list of items stored on the device.

use super::money;
use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::{use_app, SyncStatus};
use crate::sync::sync_catalog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_core::catalog::{CatalogFilter, CatalogItem, FilterOptions};
use procura_core::{unit, unspsc};

/// Rows per page: enough to scan, few enough that a tablet renders them instantly.
const PAGE_SIZE: usize = 50;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let text = RwSignal::new(String::new());
    let supplier = RwSignal::new(String::new());
    let segment = RwSignal::new(String::new());
    let in_stock = RwSignal::new(false);
    let page = RwSignal::new(0usize);

    let filter = Memo::new(move |_| CatalogFilter {
        text: text.get(),
        supplier_id: Some(supplier.get()).filter(|s| !s.is_empty()),
        segment: Some(segment.get()).filter(|s| !s.is_empty()),
        in_stock_only: in_stock.get(),
    });
    // A new filter starts again at the first page.
    Effect::new(move |_| {
        filter.track();
        page.set(0);
    });
    let hits: Memo<Vec<usize>> = Memo::new(move |_| {
        app.catalog
            .with(|items| filter.with(|f| f.apply(items, i18n.lang())))
    });
    let options = Memo::new(move |_| app.catalog.with(|items| FilterOptions::from_items(items)));
    let supplier_name = move |id: &str| {
        app.suppliers.with(|list| {
            list.iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.get(i18n.lang()).to_owned())
        })
    };

    let rows = move || {
        let start = page.get() * PAGE_SIZE;
        let lang = i18n.lang();
        app.catalog.with(|items| {
            hits.with(|hits| {
                hits.iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| item_row(&items[i], lang, supplier_name(&items[i].supplier_id)))
                    .collect_view()
            })
        })
    };
    let total = move || hits.with(Vec::len);
    let last_page = move || total().saturating_sub(1) / PAGE_SIZE;

    view! {
        <section class="page catalog">
            <div class="page-head">
                <h1>{move || i18n.t(Msg::NavCatalog)}</h1>
                <SyncBar/>
            </div>
            <div class="filters" role="search">
                <input type="search" class="search" data-testid="catalog-search"
                    placeholder=move || i18n.t(Msg::Search)
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))/>
                <select data-testid="supplier-filter" prop:value=supplier on:change=move |ev| supplier.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(Msg::AllSuppliers)}</option>
                    {move || options.with(|o| o.suppliers.iter().map(|(id, count)| {
                        view! { <option value=id.clone()>{supplier_name(id)} " (" {*count} ")"</option> }
                    }).collect_view())}
                </select>
                <select data-testid="category-filter" prop:value=segment on:change=move |ev| segment.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(Msg::AllCategories)}</option>
                    {move || options.with(|o| o.segments.iter().map(|(seg, count)| {
                        let name = unspsc::segment_name(seg).map_or_else(|| seg.clone(), |n| n.get(i18n.lang()).to_owned());
                        view! { <option value=seg.clone()>{name} " (" {*count} ")"</option> }
                    }).collect_view())}
                </select>
                <label class="check">
                    <input type="checkbox" prop:checked=in_stock on:change=move |ev| in_stock.set(event_target_checked(&ev))/>
                    {move || i18n.t(Msg::InStockOnly)}
                </label>
            </div>
            <p class="result-count" data-testid="result-count">
                {move || {
                    let total = total();
                    let start = (page.get() * PAGE_SIZE).min(total);
                    let end = (start + PAGE_SIZE).min(total);
                    let first = if total == 0 { 0 } else { start + 1 };
                    format!("{} {first}–{end} {} {total} {}", i18n.t(Msg::Showing), i18n.t(Msg::Of), i18n.t(Msg::Items))
                }}
            </p>
            <Show
                when=move || { total() > 0 }
                fallback=move || {
                    let empty = app.catalog.with(|c| c.is_empty());
                    view! { <p class="empty">{move || i18n.t(if empty { Msg::CatalogEmpty } else { Msg::NoItems })}</p> }
                }
            >
                <ul class="item-list" data-testid="item-list">{rows}</ul>
                <div class="pager">
                    <button disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>
                        {move || i18n.t(Msg::Previous)}
                    </button>
                    <span>{move || format!("{} / {}", page.get() + 1, last_page() + 1)}</span>
                    <button disabled=move || page.get() >= last_page() on:click=move |_| page.update(|p| *p += 1)>
                        {move || i18n.t(Msg::Next)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

fn unit_label(code: &str, lang: Lang) -> String {
    unit::name(code).map_or_else(|| code.to_owned(), |n| n.get(lang).to_owned())
}

/// One item. Product text goes in as text nodes, never as HTML, so markup in a feed stays inert.
fn item_row(item: &CatalogItem, lang: Lang, supplier: String) -> impl IntoView {
    let t = |m: Msg| m.text(lang);
    let price = item
        .list_price()
        .map(|p| money(p, &item.currency))
        .unwrap_or_default();
    let order_unit = unit_label(&item.order_unit, lang);
    let pack = if item.content_per_order_unit == rust_decimal::Decimal::ONE
        && item.order_unit == item.content_unit
    {
        String::new()
    } else {
        format!(
            "{} × {}",
            item.content_per_order_unit.normalize(),
            unit_label(&item.content_unit, lang)
        )
    };
    let (stock_class, stock_text) = match item.stock {
        Some(0) => ("stock out", t(Msg::OutOfStock).to_owned()),
        Some(n) => ("stock in", format!("{n} {}", t(Msg::InStock))),
        None => ("stock unknown", t(Msg::StockUnknown).to_owned()),
    };
    let category = unspsc::segment(&item.unspsc)
        .and_then(unspsc::segment_name)
        .map_or_else(
            || item.unspsc.clone(),
            |n| format!("{} · {}", n.get(lang), item.unspsc),
        );
    let tiers = item
        .price_tiers
        .iter()
        .map(|tier| view! { <li>"≥ " {tier.min_qty.normalize().to_string()} " " {order_unit.clone()} ": " {money(tier.unit_price, &item.currency)}</li> })
        .collect_view();
    view! {
        <li class="item" data-item-id=item.id.clone()>
            <details>
                <summary>
                    <div class="item-main">
                        <span class="item-name">{item.name.get(lang).to_owned()}</span>
                        <span class="item-meta">
                            {item.manufacturer.clone()} " · " {t(Msg::Mpn)} " " {item.mpn.clone()}
                            {item.gtin.clone().map(|g| format!(" · {} {g}", t(Msg::Gtin)))}
                        </span>
                        <span class="item-supplier">{supplier}</span>
                    </div>
                    <div class="item-offer">
                        <span class="price">{price} <small>" / " {order_unit.clone()}</small></span>
                        <span class="pack">{pack}</span>
                        <span class="lead">{t(Msg::LeadTime)} " " {item.lead_time_days} " " {t(Msg::Days)}</span>
                        <span class=stock_class>{stock_text}</span>
                    </div>
                </summary>
                <div class="item-detail">
                    <p>{item.description.get(lang).to_owned()}</p>
                    <dl>
                        <dt>{t(Msg::Category)}</dt><dd>{category}</dd>
                        <dt>{t(Msg::PriceTiers)}</dt><dd><ul class="tiers">{tiers}</ul></dd>
                    </dl>
                </div>
            </details>
        </li>
    }
}

#[component]
fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let running = move || matches!(app.sync.get(), SyncStatus::Running { .. });
    let status = move || match app.sync.get() {
        SyncStatus::Idle => app.last_sync.get().map_or_else(
            || i18n.t(Msg::NeverSynced).to_owned(),
            |at| format!("{} {at}", i18n.t(Msg::LastSynced)),
        ),
        SyncStatus::Running { stored, .. } => format!(
            "{} {stored} {}",
            i18n.t(Msg::Syncing),
            i18n.t(Msg::ChangesStored)
        ),
        SyncStatus::Done { stored } => format!(
            "{} · {stored} {} · {} {}",
            i18n.t(Msg::SyncDone),
            i18n.t(Msg::ChangesStored),
            i18n.t(Msg::LastSynced),
            app.last_sync.get().unwrap_or_default()
        ),
        SyncStatus::Failed(reason) => format!("{}: {reason}", i18n.t(Msg::SyncFailed)),
    };
    let fraction = move || match app.sync.get() {
        SyncStatus::Running { fraction, .. } => fraction,
        _ => 1.0,
    };
    view! {
        <div class="sync-bar" data-testid="sync-bar">
            <button class="primary" disabled=running on:click=move |_| spawn_local(sync_catalog(app))>
                {move || i18n.t(Msg::SyncNow)}
            </button>
            <div class="sync-status">
                <span data-testid="sync-status" class:error=move || matches!(app.sync.get(), SyncStatus::Failed(_))>{status}</span>
                <Show when=running>
                    <progress max="1" value=move || fraction().to_string() data-testid="sync-progress"></progress>
                </Show>
            </div>
        </div>
    }
}
