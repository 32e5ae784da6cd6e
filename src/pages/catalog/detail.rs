//! One product's page (`/catalog/item/:id`): everything the supplier states about the offer —
//! identity, price tiers (or price on request), pack, lead time, stock, categories, description
//! and the attributes table — with "Add to cart" as in the catalog row.
//!
//! Item ids are `{supplier_id}/{sku}`, and a SKU may hold any character: the id travels as one
//! URI component ([`item_href`]), which the router decodes back. An id that is not on the device
//! (withdrawn, mistyped, malformed) gets a page that says so, never a blank one.
//!
//! Sections stack in one column so a portrait tablet never scrolls sideways. Pictures show
//! large with a strip to choose among them ([`crate::ui::picture`]); documents (data sheets,
//! safety data sheets, files the catalog names but did not bring) are listed with their kind,
//! and open the supplier's address in a new tab.

use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::{use_app, StorageStatus};
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_catalog::catalog::groups::CategoryTree;
use procura_catalog::catalog::media::{self, Media, MediaKind};
use procura_catalog::catalog::{Attribute, CatalogItem};
use procura_catalog::unspsc;
use rust_decimal::Decimal;
use std::sync::Arc;

crate::i18n::messages!(DetailMsg {
    Loading => "Loading…", "加载中…";
    NotFoundTitle => "Product not found", "找不到该商品";
    NotFoundBody => "No product with this id is on this device. The supplier may have withdrawn it, or the link is old or mistyped.", "本设备上没有此编号的商品。供应商可能已下架，或链接过旧、有误。";
    ProductId => "Product id", "商品编号";
    Sku => "Article number", "货号";
    OrderUnit => "Order unit", "订购单位";
    Content => "Content", "内含";
    Description => "Description", "描述";
    Attributes => "Attributes", "属性";
    Attribute => "Attribute", "属性";
    Value => "Value", "值";
    // After the name "eCl@ss", which is a code in every language.
    Eclass => "class", "分类";
    Reference => "Reference", "参考编号";
    SupplierCategory => "Supplier's category", "供应商分类";
    Pictures => "Pictures", "图片";
    PictureMissing => "The picture cannot be shown: no network, or the supplier's address does not answer.", "无法显示图片：没有网络，或供应商的地址无法访问。";
    ShowPicture => "Show picture", "显示图片";
    Documents => "Documents", "文档";
    DataSheet => "Data sheet", "数据表";
    SafetyDataSheet => "Safety data sheet", "安全数据表";
    Document => "Document", "文档";
    Picture => "Picture", "图片";
    NotIncluded => "file named by the catalog, not included with it", "目录中提到的文件，未随目录提供";
    OpensElsewhere => "opens the supplier's address in a new tab", "在新标签页中打开供应商的地址";
});

/// The page's address for item `id`: the id as one URI component (a SKU may contain `/`, `?`,
/// `#` or `%`).
pub fn item_href(id: &str) -> String {
    format!(
        "/catalog/item/{}",
        String::from(js_sys::encode_uri_component(id))
    )
}

#[component]
pub fn ItemDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let item = Memo::new(move |_| {
        let id = id.get();
        app.catalog.with(|c| c.item(&id).cloned())
    });
    // The supplier's own category tree, for where it files the item.
    let tree = LocalResource::new(move || {
        let supplier = item.with(|i| i.as_ref().map(|i| i.supplier_id.to_string()));
        async move {
            let (Some(supplier), Some(db)) = (supplier, crate::state::local_db()) else {
                return None;
            };
            db.categories(&supplier).await.ok().flatten().map(Arc::new)
        }
    });
    let supplier_name = move |supplier: &str| {
        app.suppliers.with(|list| {
            list.iter().find(|s| s.id == supplier).map_or_else(
                || supplier.to_owned(),
                |s| s.name.get(i18n.lang()).to_owned(),
            )
        })
    };
    view! {
        <section class="page product-page" data-testid="item-page">
            <A href="/catalog" attr:class="back-link">"← " {move || i18n.t(Msg::BackToCatalog)}</A>
            {move || match item.get() {
                None if app.storage.get() != StorageStatus::Ready => {
                    view! { <p class="muted">{move || i18n.t(DetailMsg::Loading)}</p> }.into_any()
                }
                None => not_found(id.get(), i18n.lang()).into_any(),
                Some(item) => {
                    let supplier = supplier_name(item.supplier_id.as_str());
                    let filed = tree.get().flatten().map(|t| filed_under(&t, &item, i18n.lang()));
                    product(item, supplier, filed.filter(|f| !f.is_empty()), i18n.lang()).into_any()
                }
            }}
        </section>
    }
}

fn not_found(id: String, lang: Lang) -> impl IntoView {
    let t = move |m: DetailMsg| m.text(lang);
    view! {
        <div class="item-missing" data-testid="item-missing">
            <h1>{t(DetailMsg::NotFoundTitle)}</h1>
            <p>{t(DetailMsg::NotFoundBody)}</p>
            <p class="muted">
                {t(DetailMsg::ProductId)} ": "
                <code class="wrap-anywhere" translate="no" data-content="">{id}</code>
            </p>
            <p>
                <A href="/catalog" attr:class="button primary">{Msg::BackToCatalog.text(lang)}</A>
            </p>
        </div>
    }
}

/// Where the supplier files `item` in its own tree: each group's path from the top,
/// `Fixings › Anchors`, several separated by `; `.
fn filed_under(tree: &CategoryTree, item: &CatalogItem, lang: Lang) -> String {
    item.groups
        .iter()
        .map(|id| {
            tree.path(id)
                .iter()
                .map(|g| match g.name.get(lang) {
                    "" => g.id.as_str(),
                    name => name,
                })
                .collect::<Vec<_>>()
                .join(" › ")
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn product(
    item: CatalogItem,
    supplier: String,
    filed: Option<String>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: DetailMsg| m.text(lang);
    let m = move |m: Msg| m.text(lang);
    let order_unit = unit_label(&item.order_unit, lang);
    let description = item.description.get(lang).to_owned();
    let has = |s: &str| !s.trim().is_empty();
    let category = unspsc::family(&item.unspsc)
        .and_then(unspsc::family_name)
        .or_else(|| unspsc::segment(&item.unspsc).and_then(unspsc::segment_name))
        .map(|n| format!("{} · {}", n.get(lang), item.unspsc))
        .or_else(|| has(&item.unspsc).then(|| item.unspsc.clone()));
    let content = (item.content_per_order_unit != Decimal::ONE
        || item.order_unit != item.content_unit)
        .then(|| {
            format!(
                "{} × {}",
                item.content_per_order_unit.normalize(),
                unit_label(&item.content_unit, lang)
            )
        });
    let stock = match item.stock {
        Some(0) => m(Msg::OutOfStock).to_owned(),
        Some(n) => format!("{n} {}", m(Msg::InStock)),
        None => m(Msg::StockUnknown).to_owned(),
    };
    let fact = |label: &'static str, value: Option<String>, testid: &'static str| {
        value.filter(|v| has(v)).map(|v| {
            view! { <dt>{label}</dt><dd data-testid=testid data-content="product">{v}</dd> }
        })
    };
    let attributes = item.attributes.clone();
    let has_attributes = !attributes.is_empty();
    let name = item.name.get(lang).to_owned();
    view! {
        <header class="product-head">
            <h1 data-content="product" data-testid="item-name">{name.clone()}</h1>
            <p class="muted"><span data-content="supplier">{supplier.clone()}</span></p>
        </header>
        {gallery(&item.media, &name, lang)}
        <div class="product-offer card" data-testid="item-offer">
            {offer(&item, &order_unit, lang)}
            <p class="muted">{m(Msg::LeadTime)} " " {item.lead_time_days} " " {m(Msg::Days)} " · " <span data-testid="item-stock">{stock}</span></p>
            <crate::pages::cart::AddToCart item_id=item.id.to_string() quantity_field=item.min_order_qty()/>
        </div>
        <dl class="facts product-facts">
            {fact(m(Msg::Supplier), Some(supplier), "item-supplier")}
            {fact(t(DetailMsg::Sku), Some(item.sku.clone()), "item-sku")}
            {fact(m(Msg::Manufacturer), Some(item.manufacturer.clone()), "item-maker")}
            {fact(m(Msg::Mpn), Some(item.mpn.clone()), "item-mpn")}
            {fact(m(Msg::Gtin), item.gtin.clone(), "item-gtin")}
            {fact(t(DetailMsg::OrderUnit), Some(order_unit.clone()), "item-unit")}
            {fact(t(DetailMsg::Content), content, "item-content")}
            {fact(m(Msg::Category), category, "item-category")}
            {fact(t(DetailMsg::SupplierCategory), filed, "item-supplier-category")}
            {item.eclass.clone().filter(|c| has(c)).map(|code| view! {
                <dt><span translate="no">"eCl@ss"</span> " " {t(DetailMsg::Eclass)}</dt>
                <dd data-testid="item-eclass" data-content="product">{code}</dd>
            })}
        </dl>
        {has(&description).then(|| view! {
            <section class="product-section">
                <h2>{t(DetailMsg::Description)}</h2>
                <p class="product-description" data-content="product">{description}</p>
            </section>
        })}
        {has_attributes.then(|| view! {
            <section class="product-section">
                <h2>{t(DetailMsg::Attributes)}</h2>
                <table class="data compact attributes" data-testid="item-attributes">
                    <thead><tr><th scope="col">{t(DetailMsg::Attribute)}</th><th scope="col">{t(DetailMsg::Value)}</th></tr></thead>
                    <tbody>{attributes.iter().map(|a| attribute_row(a, lang)).collect_view()}</tbody>
                </table>
            </section>
        })}
        {documents(&item.media, lang)}
    }
}

/// The item's pictures: the chosen one large, a strip to choose when there are several.
fn gallery(all: &[Media], name: &str, lang: Lang) -> Option<impl IntoView + use<>> {
    let t = move |m: DetailMsg| m.text(lang);
    let urls: Vec<String> = media::pictures(all)
        .iter()
        .filter_map(|m| m.url())
        .collect();
    if urls.is_empty() {
        return None;
    }
    let thumb_url = media::thumbnail(all).and_then(Media::url);
    let (chosen, set_chosen) = signal(0usize);
    let count = urls.len();
    let strip = (count > 1).then(|| {
        urls.iter()
            .enumerate()
            .map(|(i, url)| {
                let label = format!("{} {} / {count}", t(DetailMsg::ShowPicture), i + 1);
                view! {
                    <li><button type="button" class="picture-choice" data-testid="picture-choice"
                        aria-label=label aria-pressed=move || (chosen.get() == i).to_string()
                        on:click=move |_| set_chosen.set(i)>
                        <img src=url.clone() alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" />
                    </button></li>
                }
            })
            .collect_view()
    });
    let name = name.to_owned();
    Some(view! {
        <section class="product-section product-pictures" data-testid="item-pictures" aria-label=t(DetailMsg::Pictures)>
            {move || {
                let url = urls[chosen.get().min(count - 1)].clone();
                view! { <crate::ui::picture::Picture url=url thumb_url=thumb_url.clone() alt=name.clone()
                    missing=t(DetailMsg::PictureMissing).to_owned()/> }
            }}
            {strip.map(|s| view! { <ul class="picture-strip">{s}</ul> })}
        </section>
    })
}

/// The item's documents, and files the catalog names but did not bring.
fn documents(all: &[Media], lang: Lang) -> Option<impl IntoView + use<>> {
    let t = move |m: DetailMsg| m.text(lang);
    let docs = media::documents(all);
    if docs.is_empty() {
        return None;
    }
    let rows = docs
        .into_iter()
        .map(|d| {
            let kind = t(match d.kind {
                MediaKind::DataSheet => DetailMsg::DataSheet,
                MediaKind::SafetyDataSheet => DetailMsg::SafetyDataSheet,
                _ if d.is_picture() => DetailMsg::Picture,
                _ => DetailMsg::Document,
            });
            let label = d.label(lang).to_owned();
            let link = match d.url() {
                Some(url) => view! {
                    <a href=url target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer"
                        data-testid="item-document-link" title=t(DetailMsg::OpensElsewhere)
                        data-content="product">{label}</a>
                }
                .into_any(),
                None => view! {
                    <span data-content="product" class="wrap-anywhere">{label}</span>
                    " " <span class="muted" data-testid="item-document-absent">"(" {t(DetailMsg::NotIncluded)} ")"</span>
                }
                .into_any(),
            };
            view! { <li data-testid="item-document"><span class="doc-kind">{kind}</span> " " {link}</li> }
        })
        .collect_view();
    Some(view! {
        <section class="product-section">
            <h2>{t(DetailMsg::Documents)}</h2>
            <ul class="documents" data-testid="item-documents">{rows}</ul>
        </section>
    })
}

/// The price: the tiers, or "Price on request".
fn offer(item: &CatalogItem, order_unit: &str, lang: Lang) -> impl IntoView {
    if item.price_on_request() {
        return view! {
            <p class="price on-request" data-testid="item-price" data-on-request="true"
                title=Msg::PriceOnRequestTitle.text(lang)>{Msg::PriceOnRequest.text(lang)}</p>
        }
        .into_any();
    }
    let first = item
        .list_price()
        .map(|p| money(lang, p, &item.currency))
        .unwrap_or_default();
    let tiers = (item.price_tiers.len() > 1).then(|| {
        let rows = item
            .price_tiers
            .iter()
            .map(|tier| {
                view! { <li>"≥ " {tier.min_qty.normalize().to_string()} " " {order_unit.to_owned()} ": " {money(lang, tier.unit_price, &item.currency)}</li> }
            })
            .collect_view();
        view! {
            <p class="muted">{Msg::PriceTiers.text(lang)}</p>
            <ul class="tiers" data-testid="item-tiers">{rows}</ul>
        }
    });
    view! {
        <p class="price" data-testid="item-price">{first} <small>" / " {order_unit.to_owned()}</small></p>
        {tiers}
    }
    .into_any()
}

/// One attribute: its name, and its values with the unit (named when the unit is a known
/// Rec 20 code, else as the file wrote it).
fn attribute_row(a: &Attribute, lang: Lang) -> impl IntoView {
    let unit = a.unit.as_deref().map(|u| unit_label(u, lang));
    let value = match unit {
        Some(unit) => format!("{} {unit}", a.value_text(lang)),
        None => a.value_text(lang),
    };
    let reference = a
        .reference
        .as_ref()
        .map(|r| r.feature.clone())
        .filter(|f| !f.is_empty());
    view! {
        <tr>
            <th scope="row" data-content="product">{a.name.get(lang).to_owned()}
                {reference.map(|r| view! { " " <small class="muted" translate="no" title=DetailMsg::Reference.text(lang)>{r}</small> })}
            </th>
            <td data-content="product">{value}</td>
        </tr>
    }
}
