//! One catalog item in the result list.

use crate::i18n::{Lang, Msg};
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_catalog::catalog::CatalogItem;
use procura_catalog::unspsc;
use procura_ground::currency::{self, RateSource, Rates};
use procura_ground::id::ContractRef;
use rust_decimal::Decimal;

/// The rates a price is shown converted with: the organisation's (`None` until its policy is on
/// the device), and this device's own for currencies the organisation has none for.
pub struct ShownRates {
    pub organisation: Option<Rates>,
    pub device: Rates,
}

impl ShownRates {
    /// `amount` of `from` as shown next to the original: "≈ CNY 78.00", marked when this
    /// device's own rate converted it. `None` in the buyer's own currency or without a rate.
    pub fn converted(&self, amount: Decimal, from: &str, lang: Lang) -> Option<(String, bool)> {
        let organisation = self.organisation.as_ref()?;
        let to = organisation.buyer_currency();
        if from == to {
            return None;
        }
        let (c, source) = currency::show(organisation, &self.device, amount, from)?;
        let text = format!("≈ {}", money(lang, c, to));
        Some(match source {
            RateSource::Organisation => (text, false),
            RateSource::Device => (format!("{text} ({})", Msg::DeviceRateMark.text(lang)), true),
        })
    }
}

/// One item. Product text goes in as text nodes, never as HTML, so markup in a feed stays inert.
/// `offers` is how many suppliers offer the same product; with more than one, the row offers
/// the comparison (`on_compare`). `no_rate`: the organisation has no exchange rate for the
/// price's currency, so it sorts after the others (the search says so) and is marked.
/// `contract`: the item as a contract in force prices it, shown first and marked, the catalog
/// price struck beside it.
#[allow(clippy::too_many_arguments)]
pub fn item_row(
    item: &CatalogItem,
    lang: Lang,
    supplier: String,
    rates: &ShownRates,
    no_rate: bool,
    offers: usize,
    contract: Option<(CatalogItem, ContractRef)>,
    on_compare: impl Fn() + 'static,
) -> impl IntoView {
    let t = |m: Msg| m.text(lang);
    let catalog_price = item
        .list_price()
        .map(|p| money(lang, p, &item.currency))
        .unwrap_or_default();
    let (shown, contract) = match contract {
        Some((priced, c)) => (priced, Some(c)),
        None => (item.clone(), None),
    };
    // An item the supplier prices on request says so where a price would be (a contract's
    // agreed price, when one covers it, is shown instead).
    let on_request = shown.price_on_request();
    let price = shown
        .list_price()
        .map(|p| money(lang, p, &item.currency))
        .unwrap_or_else(|| t(Msg::PriceOnRequest).to_owned());
    // In another currency, the list price is also shown converted (the original stays first).
    let converted = shown
        .list_price()
        .and_then(|p| rates.converted(p, &item.currency, lang));
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
    let tiers = shown
        .price_tiers
        .iter()
        .map(|tier| view! { <li>"≥ " {tier.min_qty.normalize().to_string()} " " {order_unit.clone()} ": " {money(lang, tier.unit_price, &item.currency)}</li> })
        .collect_view();
    // Maker, part number and GTIN, each only when the supplier gave it (imported files often
    // have no part number): no label without a value, no separator without a neighbour.
    let has_maker = !item.manufacturer.trim().is_empty();
    let has_mpn = !item.mpn.trim().is_empty();
    let mpn_sep = if has_maker { " · " } else { "" };
    let gtin_sep = if has_maker || has_mpn { " · " } else { "" };
    let thumb = procura_catalog::catalog::media::thumbnail(&item.media).and_then(|m| m.url());
    let has_thumb = thumb.is_some();
    // The summary holds text and a decorative thumbnail only (interactive content inside a
    // <summary> is unreachable for screen readers): the offer with "Add to cart" and "Compare"
    // sit beside it in the row.
    view! {
        <li class="item" data-item-id=item.id.to_string()>
            <details>
                <summary class:has-thumb=has_thumb>
                    {thumb.map(|url| view! { <crate::ui::picture::Thumb url=url/> })}
                    <div class="item-main">
                        <span class="item-name"><span data-content="product">{item.name.get(lang).to_owned()}</span>
                            " " <crate::pages::spend::classes::AbcBadge item_id=item.id.to_string()/></span>
                        <span class="item-meta">
                            {has_maker.then(|| view! { <span data-content="product">{item.manufacturer.clone()}</span> })}
                            {has_mpn.then(|| view! { {mpn_sep} {t(Msg::Mpn)} " " {item.mpn.clone()} })}
                            {item.gtin.clone().map(|g| {
                                let invalid = procura_ground::gtin::validate(&g).is_err();
                                view! {
                                    {gtin_sep} {t(Msg::Gtin)} " " {g}
                                    {invalid.then(|| view! { <span class="flag" data-testid="gtin-invalid">{t(Msg::GtinInvalid)}</span> })}
                                }
                            })}
                        </span>
                        <span class="item-supplier"><span data-content="supplier">{supplier}</span>
                            " " <crate::pages::suppliers::performance::GradeBadge supplier=item.supplier_id.to_string()/></span>
                    </div>
                </summary>
                <div class="item-detail">
                    <p data-content="product">{item.description.get(lang).to_owned()}</p>
                    <dl>
                        <dt>{t(Msg::Category)}</dt><dd>{category}</dd>
                        {item.eclass.clone().map(|code| view! { <dt>"eCl@ss"</dt><dd>{code}</dd> })}
                        {(!on_request).then(|| view! { <dt>{t(Msg::PriceTiers)}</dt><dd><ul class="tiers">{tiers}</ul></dd> })}
                    </dl>
                </div>
            </details>
            {(offers > 1).then(|| view! {
                <div class="item-compare">
                    <button class="compare-button" data-testid="compare-button" on:click=move |_| on_compare()>
                        {Msg::compare_offers(lang, offers)}
                    </button>
                </div>
            })}
            <div class="item-offer">
                {if on_request {
                    view! {
                        <span class="price on-request" data-testid="item-price" data-on-request="true"
                            title=t(Msg::PriceOnRequestTitle)>{price}</span>
                    }.into_any()
                } else {
                    view! {
                        <span class="price" class:contract-price=contract.is_some() data-testid="item-price">{price} <small>" / " {order_unit.clone()}</small></span>
                    }.into_any()
                }}
                {contract.map(|c| view! {
                    <span class="catalog-price muted" data-testid="catalog-price">
                        {crate::pages::contracts::ContractMsg::CatalogWas.text(lang)} " " <s>{catalog_price}</s>
                    </span>
                    <crate::ui::contracts::ContractMark contract=c price=true/>
                })}
                {converted.map(|(c, device)| view! { <span class="original" class:device-rate=device data-testid="converted-price">{c}</span> })}
                {no_rate.then(|| view! {
                    <span class="flag no-rate" data-testid="no-rate"
                        title=Msg::no_rate_title(lang, &item.currency)>{Msg::no_rate(lang, &item.currency)}</span>
                })}
                <span class="pack">{pack}</span>
                <span class="lead">{t(Msg::LeadTime)} " " {item.lead_time_days} " " {t(Msg::Days)}</span>
                <span class=stock_class>{stock_text}</span>
                <A href=super::detail::item_href(item.id.as_str()) attr:class="item-page-link" attr:data-testid="item-page-link">
                    {Msg::ProductPage.text(lang)}
                </A>
                <crate::pages::cart::AddToCart item_id=item.id.to_string() quantity_field=item.min_order_qty()/>
            </div>
        </li>
    }
}
