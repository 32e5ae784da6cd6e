//! The catalog screen: search with facets over every item on the device, paged results, and
//! the side-by-side comparison of one product's offers; each row links to its product page
//! ([`detail`]).

pub mod detail;
mod facets;
mod item_row;
mod supplier_tree;
mod sync_bar;

use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use crate::ui::format;
use facets::FacetPanel;
use item_row::item_row;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_catalog::search::{
    Match, SearchContext, SearchFilters, SearchQuery, SearchResults, SortOrder, Synonyms,
};
use sync_bar::SyncBar;

/// Rows per page: enough to scan, few enough that a tablet renders them instantly however many
/// items match.
const PAGE_SIZE: usize = 50;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let text = RwSignal::new(String::new());
    let filters = RwSignal::new(SearchFilters::default());
    let sort = RwSignal::new(SortOrder::Relevance);
    let page = RwSignal::new(0usize);
    // The product whose offers are being compared (an item id), if any.
    let comparing = RwSignal::new(None::<String>);

    // A new search starts again at the first page.
    Effect::new(move |_| {
        text.track();
        filters.track();
        sort.track();
        // Only when it changes: setting it anyway would run the search a second time.
        if page.get_untracked() != 0 {
            page.set(0);
        }
    });
    // The organisation's synonyms (from its policy); prices sort and band by its rates.
    let synonyms: Memo<Synonyms> = Memo::new(move |_| {
        crate::org::policy(app)
            .map(|p| p.synonyms)
            .unwrap_or_default()
    });
    let results: Memo<SearchResults> = Memo::new(move |_| {
        let query = SearchQuery {
            text: text.get(),
            filters: filters.get(),
            sort: sort.get(),
            lang: i18n.lang(),
            offset: page.get() * PAGE_SIZE,
            limit: PAGE_SIZE,
        };
        synonyms.with(|synonyms| {
            app.prices.with(|prices| {
                let context = SearchContext {
                    synonyms: Some(synonyms),
                    prices: prices.as_deref(),
                };
                app.catalog
                    .with(|c| c.index.search_with(&c.items, &query, &context))
            })
        })
    });
    let supplier_name = move |id: &str| {
        app.suppliers.with(|list| {
            list.iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.get(i18n.lang()).to_owned())
        })
    };

    // The device's contracts by supplier, changed only when a contract changes (not on every
    // synced record, which would redraw the rows and drop what a buyer is typing in one).
    let contracts = Memo::new(move |_| crate::ui::contracts::by_supplier(app));
    let rows = move || {
        let lang = i18n.lang();
        let rates = item_row::ShownRates {
            organisation: app.org_rates.get(),
            device: app.device_rates.get(),
        };
        let contracts = contracts.get();
        app.catalog.with(|catalog| {
            results.with(|r| {
                r.hits
                    .iter()
                    .map(|hit| {
                        let item = &catalog.items[hit.item];
                        let id = item.id.clone();
                        let offers = catalog.offers_of(hit.item).len();
                        item_row(
                            item,
                            lang,
                            supplier_name(item.supplier_id.as_str()),
                            &rates,
                            hit.no_rate,
                            offers,
                            crate::ui::contracts::priced_in(&contracts, item),
                            move || comparing.set(Some(id.to_string())),
                        )
                    })
                    .collect_view()
            })
        })
    };
    let total = move || results.with(|r| r.total);
    let last_page = move || total().saturating_sub(1) / PAGE_SIZE;

    view! {
        <section class="page catalog">
            <div class="page-head">
                <h1>{move || i18n.t(Msg::NavCatalog)}</h1>
                <A href="/catalog/import" attr:class="button" attr:data-testid="import-link">{move || i18n.t(Msg::ImportFile)}</A>
                <SyncBar/>
            </div>
            <div class="search-row" role="search">
                <input type="search" class="search" data-testid="catalog-search"
                    placeholder=move || i18n.t(Msg::Search)
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))/>
                <label class="sort">
                    <span>{move || i18n.t(Msg::SortBy)}</span>
                    <select data-testid="sort" on:change=move |ev| sort.set(match event_target_value(&ev).as_str() {
                        "price-asc" => SortOrder::UnitPriceAscending,
                        "price-desc" => SortOrder::UnitPriceDescending,
                        _ => SortOrder::Relevance,
                    })>
                        <option value="relevance">{move || i18n.t(Msg::SortRelevance)}</option>
                        <option value="price-asc">{move || i18n.t(Msg::SortPriceAsc)}</option>
                        <option value="price-desc">{move || i18n.t(Msg::SortPriceDesc)}</option>
                    </select>
                </label>
            </div>
            <div class="catalog-body">
                <FacetPanel results filters supplier_name/>
                <div class="results">
                    <p class="result-count" data-testid="result-count" data-total=move || total().to_string()>
                        {move || {
                            let total = total();
                            let start = (page.get() * PAGE_SIZE).min(total);
                            let end = (start + PAGE_SIZE).min(total);
                            let first = if total == 0 { 0 } else { start + 1 };
                            let lang = i18n.lang();
                            let n = |n: usize| format::count(lang, n as u64);
                            Msg::showing(lang, &n(first), &n(end), &n(total), total)
                        }}
                    </p>
                    <Show when=move || results.with(|r| r.total > 0 && matches!(r.matched, Match::Partial { .. }))>
                        <p class="notice partial-match" role="status" data-testid="search-partial">{move || i18n.t(Msg::SearchPartial)}</p>
                    </Show>
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
                            <button data-testid="next-page" disabled={move || page.get() >= last_page()} on:click=move |_| page.update(|p| *p += 1)>
                                {move || i18n.t(Msg::Next)}
                            </button>
                        </div>
                    </Show>
                </div>
            </div>
            {move || comparing.get().map(|id| view! {
                <crate::pages::compare::ComparePanel item_id=id on_close=move || comparing.set(None)/>
            })}
        </section>
    }
}
