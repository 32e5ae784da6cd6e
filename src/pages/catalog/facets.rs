//! The facet panel: counts per supplier, category, manufacturer, price band and stock for the
//! current search, each a filter that combines with the text; and, for the category in view,
//! the attributes its items share ("Cross-section: 2.5 mm²"), counted by the core
//! (`procura_catalog::search::attributes`).

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use procura_catalog::search::{
    AttributeChoice, AttributeFacet, PriceBand, SearchFilters, SearchResults,
};
use procura_catalog::unspsc;

/// Manufacturers shown before "more": the list can run to hundreds.
const TOP_MANUFACTURERS: usize = 12;

#[component]
pub fn FacetPanel(
    results: Memo<SearchResults>,
    filters: RwSignal<SearchFilters>,
    supplier_name: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = crate::state::use_app();
    let all_manufacturers = RwSignal::new(false);
    let active = move || filters.with(|f| *f != SearchFilters::default());

    let suppliers = move || {
        results.with(|r| {
            r.facets
                .suppliers
                .iter()
                .map(|(id, count)| {
                    let id = id.clone();
                    let label = supplier_name(&id);
                    facet_check(
                        "supplier",
                        label,
                        *count,
                        {
                            let id = id.clone();
                            move || filters.with(|f| f.suppliers.contains(&id))
                        },
                        // A place in one supplier's tree means nothing once others are chosen.
                        move || {
                            filters.update(|f| {
                                toggle(&mut f.suppliers, &id);
                                f.group = None;
                            })
                        },
                    )
                })
                .collect_view()
        })
    };
    let segments = move || {
        let lang = i18n.lang();
        results.with(|r| {
            r.facets
                .segments
                .iter()
                .map(|(seg, count)| {
                    let seg = seg.clone();
                    let label = unspsc::segment_name(&seg)
                        .map_or_else(|| seg.clone(), |n| n.get(lang).to_owned());
                    facet_check(
                        "segment",
                        label,
                        *count,
                        {
                            let seg = seg.clone();
                            move || filters.with(|f| f.segments.contains(&seg))
                        },
                        // A family chosen under another segment would hide everything.
                        move || {
                            filters.update(|f| {
                                toggle(&mut f.segments, &seg);
                                f.families.clear();
                                f.attributes.clear();
                            })
                        },
                    )
                })
                .collect_view()
        })
    };
    // The tree's second level: shown once a segment is chosen.
    let families = move || {
        let lang = i18n.lang();
        results.with(|r| {
            r.facets
                .families
                .iter()
                .map(|(family, count)| {
                    let family = family.clone();
                    let label = unspsc::family_name(&family)
                        .map_or_else(|| family.clone(), |n| n.get(lang).to_owned());
                    facet_check(
                        "family",
                        label,
                        *count,
                        {
                            let family = family.clone();
                            move || filters.with(|f| f.families.contains(&family))
                        },
                        // Another category's attributes would not apply.
                        move || {
                            filters.update(|f| {
                                toggle(&mut f.families, &family);
                                f.attributes.clear();
                            })
                        },
                    )
                })
                .collect_view()
        })
    };
    let segment_chosen = move || filters.with(|f| !f.segments.is_empty());
    let attributes = move || {
        let lang = i18n.lang();
        results.with(|r| {
            r.facets
                .attributes
                .iter()
                .map(|facet| attribute_facet(facet, lang, filters))
                .collect_view()
        })
    };
    // Items without a UNSPSC code (files often have none) leave nothing to choose.
    let has_segments = move || results.with(|r| !r.facets.segments.is_empty());
    let manufacturers = move || {
        let limit = if all_manufacturers.get() {
            usize::MAX
        } else {
            TOP_MANUFACTURERS
        };
        results.with(|r| {
            r.facets
                .manufacturers
                .iter()
                .take(limit)
                .map(|(name, count)| {
                    let name = name.clone();
                    // Items whose file names no maker: a value like the others, labelled.
                    let label = if name.is_empty() {
                        i18n.t(Msg::ManufacturerNotStated).to_owned()
                    } else {
                        name.clone()
                    };
                    facet_check(
                        "manufacturer",
                        label,
                        *count,
                        {
                            let name = name.clone();
                            move || filters.with(|f| f.manufacturers.contains(&name))
                        },
                        move || filters.update(|f| toggle(&mut f.manufacturers, &name)),
                    )
                })
                .collect_view()
        })
    };
    let more_manufacturers =
        move || results.with(|r| r.facets.manufacturers.len() > TOP_MANUFACTURERS);
    let bands = move || {
        results.with(|r| {
            r.facets
                .price_bands
                .iter()
                .map(|(band, count)| {
                    let band = *band;
                    facet_check(
                        "price-band",
                        band_label(band),
                        *count,
                        move || filters.with(|f| f.price_band == Some(band)),
                        move || {
                            filters.update(|f| {
                                f.price_band = (f.price_band != Some(band)).then_some(band)
                            })
                        },
                    )
                })
                .collect_view()
        })
    };

    // Open beside the list on wide screens; folded above it on a portrait tablet, where it would
    // push the results off screen.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 1200.0);
    view! {
        <aside class="facets" data-testid="facets">
            <details prop:open=wide>
                <summary>{move || i18n.t(Msg::Refine)}</summary>
                <Show when=active>
                    <button class="link-button" data-testid="clear-filters"
                        on:click=move |_| filters.set(SearchFilters::default())>
                        {move || i18n.t(Msg::ClearFilters)}
                    </button>
                </Show>
                <fieldset>
                    <legend>{move || i18n.t(Msg::Supplier)}</legend>
                    {suppliers}
                </fieldset>
                <super::supplier_tree::SupplierTree results filters supplier_name/>
                <Show when=has_segments>
                    <fieldset>
                        <legend>{move || i18n.t(Msg::Category)}</legend>
                        {segments}
                        <Show when=segment_chosen>
                            <div class="facet-children" data-testid="families">{families}</div>
                        </Show>
                    </fieldset>
                </Show>
                <div class="attribute-facets" data-testid="attribute-facets">{attributes}</div>
                <fieldset>
                    <legend>{move || i18n.t(Msg::Manufacturer)}</legend>
                    {manufacturers}
                    <Show when=more_manufacturers>
                        <button class="link-button" on:click=move |_| all_manufacturers.update(|a| *a = !*a)>
                            {move || i18n.t(if all_manufacturers.get() { Msg::ShowFewer } else { Msg::ShowAll })}
                        </button>
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>{move || Msg::price_band(i18n.lang(), app.org_rates.with(|r| r.as_ref().map_or_else(String::new, |r| r.buyer_currency().to_owned())))}</legend>
                    {bands}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(Msg::Stock)}</legend>
                    {move || facet_check(
                        "in-stock",
                        i18n.t(Msg::InStockOnly).to_owned(),
                        results.with(|r| r.facets.in_stock),
                        move || filters.with(|f| f.in_stock_only),
                        move || filters.update(|f| f.in_stock_only = !f.in_stock_only),
                    )}
                </fieldset>
            </details>
        </aside>
    }
}

/// One attribute's values, each with its unit ("2.5 mm²").
fn attribute_facet(
    facet: &AttributeFacet,
    lang: crate::i18n::Lang,
    filters: RwSignal<SearchFilters>,
) -> impl IntoView {
    let unit = facet
        .unit
        .as_deref()
        .map(|u| crate::ui::units::unit_label(u, lang));
    let values = facet
        .values
        .iter()
        .map(|v| {
            let choice = AttributeChoice {
                key: facet.key.clone(),
                value: v.value.clone(),
            };
            let label = match &unit {
                Some(unit) => format!("{} {unit}", v.label),
                None => v.label.clone(),
            };
            let chosen = choice.clone();
            let toggle = move || {
                filters.update(|f| match f.attributes.iter().position(|c| *c == choice) {
                    Some(at) => {
                        f.attributes.remove(at);
                    }
                    None => f.attributes.push(choice.clone()),
                })
            };
            // The value is the supplier's text: content, not UI.
            view! {
                <label class="facet" data-facet="attribute">
                    <input type="checkbox" prop:checked=move || filters.with(|f| f.attributes.contains(&chosen))
                        on:change=move |_| toggle()/>
                    <span class="facet-label" data-content="product">{label}</span>
                    <span class="facet-count">{v.count}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset data-attribute=facet.key.clone()>
            <legend data-content="product">{facet.name.clone()}</legend>
            {values}
        </fieldset>
    }
}

fn toggle(list: &mut Vec<String>, value: &str) {
    if let Some(at) = list.iter().position(|v| v == value) {
        list.remove(at);
    } else {
        list.push(value.to_owned());
    }
}

/// Bands are in the buyer's currency (the search gets the rates; see
/// `procura_catalog::search::PriceBand`).
fn band_label(band: PriceBand) -> String {
    match band.bounds() {
        (low, Some(high)) => format!("{low} – {high}"),
        (low, None) => format!("≥ {low}"),
    }
}

fn facet_check(
    kind: &'static str,
    label: String,
    count: usize,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    on_toggle: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="facet" data-facet=kind>
            <input type="checkbox" prop:checked=checked on:change=move |_| on_toggle()/>
            <span class="facet-label">{label}</span>
            <span class="facet-count">{count}</span>
        </label>
    }
}
