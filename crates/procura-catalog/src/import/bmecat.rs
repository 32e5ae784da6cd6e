//! BMEcat 1.2 and 2005 catalogs (the 1.01 layout is read as 1.2).
//!
//! Both generations are read by one parser: 1.2 names (`ARTICLE`, `SUPPLIER_AID`,
//! `ARTICLE_DETAILS`, …) and 2005 names (`PRODUCT`, `SUPPLIER_PID`, `PRODUCT_DETAILS`, …) are
//! accepted side by side, matched on local names so namespace prefixes do not matter.
//!
//! Rules chosen where the standard leaves room:
//! - **Transaction**: `T_NEW_CATALOG` → [`CatalogAction::Replace`], `T_UPDATE_PRODUCTS` →
//!   [`CatalogAction::Update`] (articles with `mode="delete"` go to `deleted_skus`),
//!   `T_UPDATE_PRICES` → [`CatalogAction::UpdatePrices`] (items carry only SKU, currency and tiers).
//! - **Price type**: the most preferred type the article has wins, in the order of
//!   [`PRICE_TYPES`]: negotiated net prices before list prices before gross and recommended retail
//!   prices; other types (`udp_…`) last. Within that type, the currency is the header's default
//!   if it is active, else the first active one, else the first. Each `LOWER_BOUND` is a tier
//!   (missing: `QUANTITY_MIN`, else 1); of equal bounds (territory variants) the first wins.
//!   The tier price is `PRICE_AMOUNT × PRICE_FACTOR ÷ PRICE_QUANTITY`.
//! - **Price on request**: an article with no price, or whose prices all lack `PRICE_AMOUNT`
//!   (a `LOWER_BOUND` alone, as manufacturers write "price on request"), is imported without
//!   tiers, in the price's or the header's currency, with a warning. Its `LOWER_BOUND` is not
//!   kept: with no price it bounds nothing. Beside priced tiers, a price without an amount is
//!   ignored with a warning. In `T_UPDATE_PRICES` both stay errors: an update needs a price.
//! - **Classification**: from `ARTICLE_FEATURES`/`PRODUCT_FEATURES`, the
//!   `REFERENCE_FEATURE_GROUP_ID` of a UNSPSC system goes to `unspsc` (the category facets) and
//!   that of an eCl@ss system to `eclass`; ETIM, proficl@ss and supplier-defined systems (`udf_…`,
//!   vendor names) are not kept.
//! - **Lead time**: `DELIVERY_TIME` (days, rounded up), else 0.
//! - **Features** become the item's attributes: see [`features`].
//! - **Pictures and documents** (`MIME_INFO`) become the item's media: see [`mime`].

mod features;
mod mime;

use super::issues::{Issues, Locate};
use super::xml::{self, localized, text_lang, Node, TextLang, XmlReader};
use super::{
    Bound, CatalogAction, FieldName, ImportFailure, ImportLimits, ImportedCatalog, IssueKind,
    Location, RecordName,
};
use crate::catalog::groups::{self, CategoryGroup, CategoryTree};
use crate::catalog::{CatalogItem, PriceTier};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Price types, most preferred first.
pub const PRICE_TYPES: [&str; 7] = [
    "net_customer",
    "net_customer_exp",
    "net_list",
    "gros_list",
    "nrp",
    "net_customer_spec",
    "gros_customer",
];

const SKU: &[&str] = &["SUPPLIER_AID", "SUPPLIER_PID"];
const DETAILS: &[&str] = &["ARTICLE_DETAILS", "PRODUCT_DETAILS"];
const FEATURES: &[&str] = &["ARTICLE_FEATURES", "PRODUCT_FEATURES"];
const ORDER: &[&str] = &["ARTICLE_ORDER_DETAILS", "PRODUCT_ORDER_DETAILS"];
const PRICE_DETAILS: &[&str] = &["ARTICLE_PRICE_DETAILS", "PRODUCT_PRICE_DETAILS"];
const PRICE: &[&str] = &["ARTICLE_PRICE", "PRODUCT_PRICE"];
/// Where an article is filed in the supplier's tree, beside the articles (1.2, 2005).
const MAPS: &[&str] = &["ARTICLE_TO_CATALOGGROUP_MAP", "PRODUCT_TO_CATALOGGROUP_MAP"];
const MAP_ITEM: &[&str] = &["ART_ID", "PROD_ID"];

fn transaction(name: &str) -> Option<CatalogAction> {
    match name {
        "T_NEW_CATALOG" => Some(CatalogAction::Replace),
        "T_UPDATE_PRODUCTS" => Some(CatalogAction::Update),
        "T_UPDATE_PRICES" => Some(CatalogAction::UpdatePrices),
        _ => None,
    }
}

/// What the header says that articles need.
struct Header {
    lang: TextLang,
    /// The default currency, when the header names a usable one.
    currency: Option<String>,
    /// The header's currency was refused (already reported: prices relying on it are not).
    currency_refused: bool,
    supplier_name: Option<String>,
    /// `MIME_ROOT`: what relative picture and document references are relative to.
    mime_root: Option<String>,
}

impl Header {
    fn read(header: Node<'_>, issues: &mut Issues) -> Self {
        let languages = header.find_all(&["CATALOG", "LANGUAGE"]);
        let language = languages
            .iter()
            .find(|l| l.raw_attr("default") == Some("true"))
            .or(languages.first());
        let currency = header.find(&["CATALOG", "CURRENCY"]).map(|el| {
            let code = el.value();
            let valid = issues.currency(&code, &el, None);
            (code, valid)
        });
        Self {
            lang: language.map_or(TextLang::En, |l| text_lang(&l.value())),
            currency: currency
                .as_ref()
                .filter(|(_, valid)| *valid)
                .map(|(c, _)| c.clone()),
            currency_refused: currency.is_some_and(|(_, valid)| !valid),
            supplier_name: header.find(&["SUPPLIER", "SUPPLIER_NAME"]).map(Node::value),
            mime_root: mime::root(header),
        }
    }
}

/// Parses a BMEcat file into a catalog for `supplier_id`, or every error found.
pub fn parse(
    bytes: &[u8],
    supplier_id: &str,
    limits: &ImportLimits,
) -> Result<ImportedCatalog, ImportFailure> {
    let text = xml::decode(bytes, limits)?;
    let mut reader = XmlReader::new(&text, &["ARTICLE", "PRODUCT"]);
    let mut issues = Issues::default();
    let mut header = Header {
        lang: TextLang::En,
        currency: None,
        currency_refused: false,
        supplier_name: None,
        mime_root: None,
    };
    let mut action = None;
    let mut root = None;
    let mut count = 0usize;
    let (mut items, mut deleted_skus) = (Vec::new(), Vec::new());
    let mut groups = Groups::default();
    loop {
        let start = match reader.next_start() {
            Ok(Some(start)) => start,
            Ok(None) => break,
            Err(e) => return Err(issues.fatal(e)),
        };
        match (start.depth, start.name.as_str()) {
            (1, "BMECAT") => root = Some(start.location()),
            (1, other) => {
                let root = other.to_owned();
                return Err(issues.fatal(xml::error_at(&start, IssueKind::NotBmecat { root })));
            }
            (2, "HEADER") => match reader.read_element(start) {
                Ok(tree) => header = Header::read(tree.root(), &mut issues),
                Err(e) => return Err(issues.fatal(e)),
            },
            (2, name) if transaction(name).is_some() => {
                if action.is_some() {
                    let element = name.to_owned();
                    let kind = IssueKind::BmecatSecondTransaction { element };
                    return Err(issues.fatal(xml::error_at(&start, kind)));
                }
                action = transaction(name);
            }
            (3, "ARTICLE" | "PRODUCT") if action.is_some() => {
                count += 1;
                if count > limits.max_items {
                    let kind = IssueKind::TooManyRecords {
                        max: limits.max_items as u64,
                        record: RecordName::Article,
                    };
                    return Err(issues.fatal(xml::error_at(&start, kind)));
                }
                let tree = match reader.read_element(start) {
                    Ok(tree) => tree,
                    Err(e) => return Err(issues.fatal(e)),
                };
                let el = tree.root();
                let action = action.unwrap_or(CatalogAction::Replace);
                issues.begin_record();
                let article = read_article(el, action, &header, supplier_id, &mut issues);
                if let Some(Article::Item(item)) = &article {
                    issues.unique_sku(&item.sku, &el);
                }
                let sku = match &article {
                    Some(Article::Item(item)) => Some(item.sku.as_str()),
                    Some(Article::Deleted(sku)) => Some(sku.as_str()),
                    None => None,
                };
                if issues.end_record(Some(el.line()), sku) {
                    match article {
                        Some(Article::Item(item)) => items.push(*item),
                        Some(Article::Deleted(sku)) => deleted_skus.push(sku),
                        None => {}
                    }
                }
            }
            (4, "CATALOG_STRUCTURE") if action.is_some() => match reader.read_element(start) {
                Ok(tree) => groups.read_structure(tree.root(), header.lang),
                Err(e) => return Err(issues.fatal(e)),
            },
            (3, name) if action.is_some() && MAPS.contains(&name) => {
                match reader.read_element(start) {
                    Ok(tree) => groups.read_map(tree.root()),
                    Err(e) => return Err(issues.fatal(e)),
                }
            }
            _ => {}
        }
    }
    let categories = groups.file_items(action, &mut items, &mut issues, root.as_ref());
    let Some(action) = action else {
        let at = root.unwrap_or(Location {
            line: Some(0),
            path: "/".into(),
        });
        issues.error(&at, None, IssueKind::BmecatNoTransaction);
        return Err(issues.finish().expect_err("an error was just recorded"));
    };
    issues.finish_catalog(ImportedCatalog {
        action,
        supplier_name: header.supplier_name,
        items,
        deleted_skus,
        deleted_gtins: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
        categories,
    })
}

/// The supplier's category tree as the file gives it: `CATALOG_STRUCTURE`s (each a group with
/// its parent) and the maps filing articles under groups, which come after the articles.
#[derive(Default)]
struct Groups {
    structure: Vec<CategoryGroup>,
    /// Group ids by article number, in the file's order.
    maps: HashMap<String, Vec<String>>,
    /// Maps beyond the bounds (too many structures, or groups for one article), left out.
    dropped: u64,
}

impl Groups {
    /// One `CATALOG_STRUCTURE`. The `root` group (BMEcat's invisible top, often named "root"
    /// or "(Wurzelkategorie)") is not kept: its children are the top level.
    fn read_structure(&mut self, el: Node<'_>, lang: TextLang) {
        if self.structure.len() >= groups::MAX_GROUPS {
            self.dropped += 1;
            return;
        }
        let Some(id) = el.child_value(&["GROUP_ID"]) else {
            return;
        };
        if el.raw_attr("type") == Some("root") {
            return;
        }
        let names = el.children(&["GROUP_NAME"]).map(|n| {
            let lang = n.raw_attr("lang").map_or(lang, text_lang);
            (lang, n.value())
        });
        let order = el
            .child_value(&["GROUP_ORDER"])
            .and_then(|o| o.trim().parse::<u32>().ok());
        self.structure.push(CategoryGroup {
            id,
            parent: el.child_value(&["PARENT_ID"]),
            name: localized(names.filter(|(_, n)| !n.is_empty())),
            order,
        });
    }

    /// One map: article `ART_ID` (2005: `PROD_ID`) is in group `CATALOG_GROUP_ID`.
    fn read_map(&mut self, el: Node<'_>) {
        let (Some(sku), Some(group)) = (
            el.child_value(MAP_ITEM),
            el.child_value(&["CATALOG_GROUP_ID"]),
        ) else {
            return;
        };
        let known = self.maps.len() < groups::MAX_GROUPS * 50 || self.maps.contains_key(&sku);
        let list = if known {
            self.maps.entry(sku).or_default()
        } else {
            self.dropped += 1;
            return;
        };
        let group = groups::clean_id(&group).to_owned();
        if list.contains(&group) {
            return;
        }
        if list.len() == groups::MAX_GROUPS_PER_ITEM {
            self.dropped += 1;
            return;
        }
        list.push(group);
    }

    /// The tree (none when the file has no groups), with each item filed under its mapped
    /// groups. A whole catalog's map to a group its tree lacks is left out with a warning; an
    /// update's maps are kept, as they may name groups held from an earlier file.
    fn file_items(
        self,
        action: Option<CatalogAction>,
        items: &mut [CatalogItem],
        issues: &mut Issues,
        at: Option<&Location>,
    ) -> Option<CategoryTree> {
        let tree = (!self.structure.is_empty()).then(|| CategoryTree::build(self.structure));
        let whole = action == Some(CatalogAction::Replace);
        let mut maps = self.maps;
        let mut unknown = 0u64;
        for item in items.iter_mut() {
            if let Some(ids) = maps.remove(&item.sku) {
                let before = ids.len();
                item.groups = ids
                    .into_iter()
                    .filter(|id| !whole || tree.as_ref().is_some_and(|t| t.get(id).is_some()))
                    .collect();
                unknown += (before - item.groups.len()) as u64;
            }
        }
        let left_out = unknown + self.dropped;
        if left_out > 0 {
            let at = at.cloned().unwrap_or(Location {
                line: Some(0),
                path: "/".into(),
            });
            issues.warn(
                &at,
                None,
                IssueKind::CategoryMapsLeftOut { count: left_out },
            );
        }
        tree
    }
}

/// `NO_CU_PER_OU must be above zero, not 0`, for an element that must be.
fn above_zero(el: Node<'_>, n: Decimal) -> IssueKind {
    IssueKind::NumberBelowBound {
        field: FieldName::Element(el.name().to_owned()),
        bound: Bound::AboveZero,
        value: n.to_string(),
    }
}

enum Article {
    Item(Box<CatalogItem>),
    Deleted(String),
}

fn read_article(
    a: Node<'_>,
    action: CatalogAction,
    header: &Header,
    supplier_id: &str,
    issues: &mut Issues,
) -> Option<Article> {
    let Some(sku) = a.child_value(SKU) else {
        let name = if a.name() == "PRODUCT" {
            "SUPPLIER_PID"
        } else {
            "SUPPLIER_AID"
        };
        let element = name.to_owned();
        issues.error(
            &a.missing(name),
            None,
            IssueKind::SkuElementMissing { element },
        );
        return None;
    };
    if action == CatalogAction::Update && a.raw_attr("mode") == Some("delete") {
        return Some(Article::Deleted(sku));
    }
    let details = a.child(DETAILS);
    let order = a.child(ORDER);
    let mut item = xml::blank_item(supplier_id, &sku);
    if action != CatalogAction::UpdatePrices {
        read_details(a, details, header, &mut item, issues);
        read_order_units(a, order, &mut item, issues);
        (item.unspsc, item.eclass) = classification(a);
        item.attributes = features::read(a, header.lang);
        issues.attributes(&mut item.attributes, &a, &sku);
        item.media = mime::read(a, header.mime_root.as_deref(), header.lang);
        issues.media(&mut item.media, &a, &sku);
    }
    read_prices(a, order, header, action, &mut item, issues);
    issues.item_bounds(&item, &a);
    // With errors the whole import fails, so the item is returned either way.
    Some(Article::Item(Box::new(item)))
}

fn texts(details: Node<'_>, name: &str, header: &Header) -> Vec<(TextLang, String)> {
    details
        .children(&[name])
        .map(|el| {
            (
                el.raw_attr("lang").map_or(header.lang, text_lang),
                el.value(),
            )
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

fn read_details(
    a: Node<'_>,
    details: Option<Node<'_>>,
    header: &Header,
    item: &mut CatalogItem,
    issues: &mut Issues,
) {
    let sku = item.sku.clone();
    let Some(details) = details else {
        let name = if a.name() == "PRODUCT" {
            "PRODUCT_DETAILS"
        } else {
            "ARTICLE_DETAILS"
        };
        let element = name.to_owned();
        issues.error(
            &a.missing(name),
            Some(&sku),
            IssueKind::DetailsMissing { element },
        );
        return;
    };
    item.name = localized(texts(details, "DESCRIPTION_SHORT", header));
    if item.name.en.is_empty() && item.name.zh.is_empty() {
        issues.error(
            &details.missing("DESCRIPTION_SHORT"),
            Some(&sku),
            IssueKind::NameElementMissing {
                element: "DESCRIPTION_SHORT".into(),
            },
        );
    }
    item.description = localized(texts(details, "DESCRIPTION_LONG", header));
    item.manufacturer = details
        .child_value(&["MANUFACTURER_NAME"])
        .unwrap_or_default();
    item.mpn = details
        .child_value(&["MANUFACTURER_AID", "MANUFACTURER_PID"])
        .unwrap_or_default();
    let typed_gtin = details
        .children(&["INTERNATIONAL_AID", "INTERNATIONAL_PID"])
        .find(|el| {
            let kind = el.raw_attr("type").unwrap_or("").to_ascii_lowercase();
            matches!(kind.as_str(), "gtin" | "ean" | "upc") && !el.value().is_empty()
        });
    let gtin_el =
        typed_gtin.or_else(|| details.children(&["EAN"]).find(|el| !el.value().is_empty()));
    if let Some(el) = gtin_el {
        let gtin = el.value();
        issues.gtin(&gtin, &el, &sku);
        item.gtin = Some(gtin);
    }
    if let Some(el) = details.child(&["DELIVERY_TIME"]) {
        if let Some(days) = issues.decimal(el, Some(&sku)) {
            match days.ceil().to_u32() {
                Some(days) => item.lead_time_days = days,
                None => issues.warn(
                    &el,
                    Some(&sku),
                    IssueKind::LeadTimeNotDays {
                        element: el.name().to_owned(),
                        value: days.to_string(),
                    },
                ),
            }
        }
    }
}

fn read_order_units(
    a: Node<'_>,
    order: Option<Node<'_>>,
    item: &mut CatalogItem,
    issues: &mut Issues,
) {
    let sku = item.sku.clone();
    let child = |name: &str| order.and_then(|o| o.child(name));
    match child("ORDER_UNIT").filter(|el| !el.value().is_empty()) {
        Some(el) => item.order_unit = issues.unit(&el.value(), &el, &sku),
        None => {
            let at = match order {
                Some(order) => order.missing("ORDER_UNIT"),
                None => a
                    .missing(ORDER[usize::from(a.name() == "PRODUCT")])
                    .missing("ORDER_UNIT"),
            };
            issues.warn(
                &at,
                Some(&sku),
                IssueKind::NoOrderUnit {
                    element: Some("ORDER_UNIT".into()),
                },
            );
            item.order_unit = "H87".into();
        }
    }
    item.content_unit = match child("CONTENT_UNIT").filter(|el| !el.value().is_empty()) {
        Some(el) => issues.unit(&el.value(), &el, &sku),
        None => item.order_unit.clone(),
    };
    if let Some(el) = child("NO_CU_PER_OU") {
        if let Some(n) = issues.decimal(el, Some(&sku)) {
            if n > Decimal::ZERO {
                item.content_per_order_unit = n;
            } else {
                issues.error(&el, Some(&sku), above_zero(el, n));
            }
        }
    }
}

/// The classification code: UNSPSC, else eCl@ss, else ETIM / proficl@ss; see the module docs.
/// The article's UNSPSC code (empty if none) and eCl@ss class, from its feature references.
fn classification(a: Node<'_>) -> (String, Option<String>) {
    let group_of = |wanted: &[&str]| {
        a.children(FEATURES).find_map(|f| {
            let system = f
                .child_value(&["REFERENCE_FEATURE_SYSTEM_NAME"])?
                .to_ascii_uppercase();
            if !wanted.iter().any(|w| system.starts_with(w)) {
                return None;
            }
            f.child_value(&["REFERENCE_FEATURE_GROUP_ID"])
                .filter(|code| !code.is_empty())
        })
    };
    (
        group_of(&["UNSPSC"]).unwrap_or_default(),
        group_of(&["ECLASS", "ECL@SS"]),
    )
}

struct Offer {
    rank: usize,
    currency: String,
    min_qty: Decimal,
    price: Decimal,
}

/// The currency a price is in: its own `PRICE_CURRENCY`, else the header's (`None`: reported).
fn price_currency(
    p: Node<'_>,
    header: &Header,
    sku: Option<&str>,
    issues: &mut Issues,
) -> Option<String> {
    match p.child_value(&["PRICE_CURRENCY"]) {
        Some(code) => issues
            .currency(&code, &p.child(&["PRICE_CURRENCY"]).unwrap_or(p), sku)
            .then_some(code),
        None if header.currency.is_some() => header.currency.clone(),
        None if header.currency_refused => None,
        None => {
            issues.error(&p, sku, IssueKind::PriceWithoutCurrency);
            None
        }
    }
}

/// An article with no price to read: on request, in `p`'s currency (or the header's).
fn on_request(
    at: &(impl Locate + ?Sized),
    p: Option<Node<'_>>,
    header: &Header,
    item: &mut CatalogItem,
    issues: &mut Issues,
) {
    let sku = item.sku.clone();
    let sku = Some(sku.as_str());
    let currency = match p {
        Some(p) => price_currency(p, header, sku, issues),
        None if header.currency.is_some() => header.currency.clone(),
        None if header.currency_refused => None,
        None => {
            issues.error(at, sku, IssueKind::PriceWithoutCurrency);
            None
        }
    };
    if let Some(currency) = currency {
        item.currency = currency;
    }
    issues.warn(at, sku, IssueKind::PriceOnRequest);
}

fn read_prices(
    a: Node<'_>,
    order: Option<Node<'_>>,
    header: &Header,
    action: CatalogAction,
    item: &mut CatalogItem,
    issues: &mut Issues,
) {
    let sku = item.sku.clone();
    let sku = Some(sku.as_str());
    let order_number = |name: &str, issues: &mut Issues| {
        let el = order?.child(&[name])?;
        let n = issues.decimal(el, sku)?;
        if n > Decimal::ZERO {
            Some(n)
        } else {
            issues.error(&el, sku, above_zero(el, n));
            None
        }
    };
    let quantity_min = order_number("QUANTITY_MIN", issues).unwrap_or(Decimal::ONE);
    let price_quantity = order_number("PRICE_QUANTITY", issues).unwrap_or(Decimal::ONE);
    let prices: Vec<Node<'_>> = a
        .children(PRICE_DETAILS)
        .flat_map(|d| d.children(PRICE))
        .collect();
    if prices.is_empty() {
        let version = usize::from(a.name() == "PRODUCT");
        let at = match a.child(PRICE_DETAILS) {
            Some(details) => details.missing(PRICE[version]),
            None => a.missing(PRICE_DETAILS[version]),
        };
        if action == CatalogAction::UpdatePrices {
            issues.error(&at, sku, IssueKind::NoPrice);
        } else {
            on_request(&at, None, header, item, issues);
        }
        return;
    }
    let mut offers = Vec::new();
    let mut without_amount = Vec::new();
    let n_prices = prices.len();
    for p in prices {
        let kind = p.raw_attr("price_type").unwrap_or("");
        let rank = PRICE_TYPES
            .iter()
            .position(|t| *t == kind)
            .unwrap_or(PRICE_TYPES.len());
        let amount = match p.child(&["PRICE_AMOUNT"]) {
            None if action != CatalogAction::UpdatePrices => {
                without_amount.push(p);
                continue;
            }
            None => {
                let element = "PRICE_AMOUNT".to_owned();
                let kind = IssueKind::PriceWithoutAmount { element };
                issues.error(&p.missing("PRICE_AMOUNT"), sku, kind);
                None
            }
            Some(el) => issues.decimal(el, sku).filter(|amount| {
                let ok = !amount.is_sign_negative() || amount.is_zero();
                if !ok {
                    let (field, value) = (FieldName::Price, amount.to_string());
                    issues.error(&el, sku, IssueKind::Negative { field, value });
                }
                ok
            }),
        };
        let factor = match p.child(&["PRICE_FACTOR"]) {
            Some(el) => issues.decimal(el, sku).filter(|f| {
                let ok = *f > Decimal::ZERO;
                if !ok {
                    issues.error(&el, sku, above_zero(el, *f));
                }
                ok
            }),
            None => Some(Decimal::ONE),
        };
        let min_qty = match p.child(&["LOWER_BOUND"]) {
            Some(el) => issues.decimal(el, sku).filter(|q| {
                let ok = !q.is_sign_negative() || q.is_zero();
                if !ok {
                    let field = FieldName::Element(el.name().to_owned());
                    let value = q.to_string();
                    issues.error(&el, sku, IssueKind::Negative { field, value });
                }
                ok
            }),
            None => Some(quantity_min),
        };
        let currency = price_currency(p, header, sku, issues);
        if let (Some(amount), Some(factor), Some(min_qty), Some(currency)) =
            (amount, factor, min_qty, currency)
        {
            let price = amount.checked_mul(factor).and_then(|price| {
                if price_quantity == Decimal::ONE {
                    Some(price)
                } else {
                    Some(price.checked_div(price_quantity)?.round_dp(6).normalize())
                }
            });
            let Some(price) = price else {
                let formula = "price × PRICE_FACTOR / PRICE_QUANTITY".to_owned();
                issues.error(&p, sku, IssueKind::PriceComputationOutOfRange { formula });
                continue;
            };
            offers.push(Offer {
                rank,
                currency,
                min_qty,
                price,
            });
        }
    }
    let Some(rank) = offers.iter().map(|o| o.rank).min() else {
        // On request only when no price has an amount (a wrong amount is already an error).
        if let (Some(&p), true) = (without_amount.first(), without_amount.len() == n_prices) {
            on_request(&p, Some(p), header, item, issues);
        }
        return;
    };
    for p in without_amount {
        let element = "PRICE_AMOUNT".to_owned();
        let kind = IssueKind::PriceWithoutAmount { element };
        issues.warn(&p.missing("PRICE_AMOUNT"), sku, kind);
    }
    let active = procura_ground::currency::is_active;
    let candidates: Vec<&Offer> = offers.iter().filter(|o| o.rank == rank).collect();
    let currency = candidates
        .iter()
        .find(|o| active(&o.currency) && Some(&o.currency) == header.currency.as_ref())
        .or_else(|| candidates.iter().find(|o| active(&o.currency)))
        .unwrap_or(&candidates[0])
        .currency
        .clone();
    for offer in candidates.iter().filter(|o| o.currency == currency) {
        if !item.price_tiers.iter().any(|t| t.min_qty == offer.min_qty) {
            item.price_tiers.push(PriceTier {
                min_qty: offer.min_qty,
                unit_price: offer.price,
            });
        }
    }
    item.price_tiers.sort_by_key(|t| t.min_qty);
    item.currency = currency;
}
