//! One catalog item in the result list.

use crate::i18n::{Lang, Msg};
use crate::ui::format::money;
use leptos::prelude::*;
use procura_core::catalog::CatalogItem;
use procura_core::currency::Rates;
use procura_core::{unit, unspsc};
use rust_decimal::Decimal;

pub fn unit_label(code: &str, lang: Lang) -> String {
    unit::name(code).map_or_else(|| code.to_owned(), |n| n.get(lang).to_owned())
}

/// One item. Product text goes in as text nodes, never as HTML, so markup in a feed stays inert.
/// `offers` is how many suppliers offer the same product; with more than one, the row offers
/// the comparison (`on_compare`). `no_rate`: the price's currency has no exchange rate, so it
/// is not converted and sorts after the others (the search says so).
#[allow(clippy::too_many_arguments)]
pub fn item_row(
    item: &CatalogItem,
    lang: Lang,
    supplier: String,
    rates: &Rates,
    no_rate: bool,
    offers: usize,
    on_compare: impl Fn() + 'static,
) -> impl IntoView {
    let t = |m: Msg| m.text(lang);
    let price = item
        .list_price()
        .map(|p| money(lang, p, &item.currency))
        .unwrap_or_default();
    // In another currency, the list price is also shown converted (the original stays first).
    let converted = item
        .list_price()
        .filter(|_| item.currency != rates.buyer_currency())
        .and_then(|p| rates.convert(p, &item.currency))
        .map(|p| format!("≈ {}", money(lang, p, rates.buyer_currency())));
    let order_unit = unit_label(&item.order_unit, lang);
    let pack =
        if item.content_per_order_unit == Decimal::ONE && item.order_unit == item.content_unit {
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
        .map(|tier| view! { <li>"≥ " {tier.min_qty.normalize().to_string()} " " {order_unit.clone()} ": " {money(lang, tier.unit_price, &item.currency)}</li> })
        .collect_view();
    view! {
        <li class="item" data-item-id=item.id.clone()>
            <details>
                <summary>
                    <div class="item-main">
                        <span class="item-name" data-content="product">{item.name.get(lang).to_owned()}</span>
                        <span class="item-meta">
                            <span data-content="product">{item.manufacturer.clone()}</span> " · " {t(Msg::Mpn)} " " {item.mpn.clone()}
                            {item.gtin.clone().map(|g| {
                                let invalid = procura_core::gtin::validate(&g).is_err();
                                view! {
                                    " · " {t(Msg::Gtin)} " " {g}
                                    {invalid.then(|| view! { <span class="flag" data-testid="gtin-invalid">{t(Msg::GtinInvalid)}</span> })}
                                }
                            })}
                        </span>
                        <span class="item-supplier" data-content="supplier">{supplier}</span>
                        {(offers > 1).then(|| view! {
                            <button class="compare-button" data-testid="compare-button"
                                on:click=move |ev| { ev.prevent_default(); on_compare(); }>
                                {Msg::compare_offers(lang, offers)}
                            </button>
                        })}
                    </div>
                    <div class="item-offer">
                        <span class="price">{price} <small>" / " {order_unit.clone()}</small></span>
                        {converted.map(|c| view! { <span class="original" data-testid="converted-price">{c}</span> })}
                        {no_rate.then(|| view! {
                            <span class="flag no-rate" data-testid="no-rate"
                                title=Msg::no_rate_title(lang, &item.currency)>{t(Msg::NoRate)}</span>
                        })}
                        <span class="pack">{pack}</span>
                        <span class="lead">{t(Msg::LeadTime)} " " {item.lead_time_days} " " {t(Msg::Days)}</span>
                        <span class=stock_class>{stock_text}</span>
                        <crate::pages::cart::AddToCart item_id=item.id.clone()/>
                    </div>
                </summary>
                <div class="item-detail">
                    <p data-content="product">{item.description.get(lang).to_owned()}</p>
                    <dl>
                        <dt>{t(Msg::Category)}</dt><dd>{category}</dd>
                        {item.eclass.clone().map(|code| view! { <dt>"eCl@ss"</dt><dd>{code}</dd> })}
                        <dt>{t(Msg::PriceTiers)}</dt><dd><ul class="tiers">{tiers}</ul></dd>
                    </dl>
                </div>
            </details>
        </li>
    }
}
