//! Peppol BIS 3 Catalogue (UBL 2.1).
//!
//! Elements are matched on local names (`cac:`/`cbc:` prefixes do not matter). Rules chosen:
//! - **Action**: the document's `cbc:ActionCode` `Add` (a new catalogue) or `Replace` (or none) →
//!   [`CatalogAction::Replace`]; `Update` → [`CatalogAction::Update`]; `Delete` →
//!   [`CatalogAction::Withdraw`] (the whole catalogue is withdrawn: its lines only name what goes,
//!   so they are not read). A line whose `cbc:ActionCode` is `Delete` goes to `deleted_skus` by
//!   its seller's identification, else to `deleted_gtins` by its standard identification (any
//!   scheme): a delete needs nothing else of the line.
//! - **SKU** is `cac:Item/cac:SellersItemIdentification/cbc:ID` (the line's `cbc:ID` only numbers
//!   lines). **GTIN** is `cac:StandardItemIdentification/cbc:ID` with `schemeID="0160"` (GS1).
//! - **Classification**: `cac:CommodityClassification/cbc:ItemClassificationCode`. UNSPSC is
//!   recognised by `listID="TST"` (UNCL 7143's UNSPSC code), by `listID="MP"` (as the official
//!   Peppol example uses it, with UNSPSC version 19.0501), or a `listName`/`listID` naming UNSPSC,
//!   and wins when present; otherwise the first code of any other list (eCl@ss, CPV `STI`, …) is
//!   kept as written.
//! - **Units**: order unit from `cbc:OrderableUnit`, else the `unitCode` of
//!   `cbc:MinimumOrderQuantity`, `cac:Item/cbc:PackQuantity` or the price's `cbc:BaseQuantity`,
//!   else C62. Content unit and count from `cbc:ContentUnitQuantity`, else the count from
//!   `cac:Item/cbc:PackSizeNumeric` in C62 ("one"), else one order unit.
//! - **Prices**: each `cac:RequiredItemLocationQuantity` with a `cac:Price` (or a `cac:Price`
//!   directly in the line) is a tier from its `cbc:MinimumQuantity` (else the line's
//!   `cbc:MinimumOrderQuantity`, else 1); the price is `PriceAmount ÷ BaseQuantity`. Tiers are in
//!   the first price's currency; prices in other currencies are ignored with a warning.
//!   `cac:ItemComparison` is a comparison price and is not read.
//! - **Lead time**: the first `cbc:LeadTimeMeasure` in days (`DAY`, `WEE`, `HUR`), else 0.
//! - **Language**: texts go to English or Chinese by their `languageID`, English when absent.
//! - **Attributes**: each `cac:AdditionalItemProperty` — `cbc:Name`, the value `cbc:Value`
//!   (else the number of `cbc:ValueQuantity`), the unit `ValueQuantity@unitCode`, and
//!   `cbc:NameCode` (with its `listID`) as the reference.
//! - **Pictures and documents**: each `cac:ItemSpecificationDocumentReference` — the
//!   attachment's `ExternalReference/URI` (else the embedded file's name, not its bytes), the type
//!   from `mimeCode` or the name, the caption from `cbc:DocumentDescription`.

use super::issues::Issues;
use super::xml::{self, localized, text_lang, Node, TextLang, XmlReader};
use super::{
    Bound, CatalogAction, FieldName, ImportFailure, ImportLimits, ImportedCatalog, IssueKind,
    RecordName,
};
use crate::catalog::attribute::{unit_code, Attribute, AttributeRef};
use crate::catalog::media::{self, Media, MediaKind};
use crate::catalog::{CatalogItem, PriceTier};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Parses a Peppol BIS 3 Catalogue into a catalog for `supplier_id`, or every error found.
pub fn parse(
    bytes: &[u8],
    supplier_id: &str,
    limits: &ImportLimits,
) -> Result<ImportedCatalog, ImportFailure> {
    let text = xml::decode(bytes, limits)?;
    let mut reader = XmlReader::new(&text, &["CatalogueLine"]);
    let mut issues = Issues::default();
    let mut action = CatalogAction::Replace;
    let (mut seller_name, mut provider_name) = (None, None);
    let mut count = 0usize;
    let (mut items, mut deleted_skus) = (Vec::new(), Vec::new());
    let mut deleted_gtins = Vec::new();
    loop {
        let start = match reader.next_start() {
            Ok(Some(start)) => start,
            Ok(None) => break,
            Err(e) => return Err(issues.fatal(e)),
        };
        match (start.depth, start.name.as_str()) {
            (1, "Catalogue") => {}
            (1, other) => {
                let root = other.to_owned();
                return Err(issues.fatal(xml::error_at(&start, IssueKind::NotPeppol { root })));
            }
            (2, "ActionCode" | "SellerSupplierParty" | "ProviderParty" | "CatalogueLine") => {
                if start.name == "CatalogueLine" {
                    count += 1;
                    if count > limits.max_items {
                        let kind = IssueKind::TooManyRecords {
                            max: limits.max_items as u64,
                            record: RecordName::CatalogueLine,
                        };
                        return Err(issues.fatal(xml::error_at(&start, kind)));
                    }
                }
                let tree = match reader.read_element(start) {
                    Ok(tree) => tree,
                    Err(e) => return Err(issues.fatal(e)),
                };
                let el = tree.root();
                match el.name() {
                    "ActionCode" => match el.value().to_ascii_lowercase().as_str() {
                        "add" | "replace" => action = CatalogAction::Replace,
                        "update" => action = CatalogAction::Update,
                        "delete" => action = CatalogAction::Withdraw,
                        other => issues.error(
                            &el,
                            None,
                            IssueKind::PeppolActionUnsupported {
                                action: other.to_owned(),
                            },
                        ),
                    },
                    "SellerSupplierParty" => {
                        seller_name = el.find(&["Party", "PartyName", "Name"]).map(Node::value)
                    }
                    "ProviderParty" => {
                        provider_name = el
                            .find(&["PartyName", "Name"])
                            .or_else(|| el.find(&["PartyLegalEntity", "RegistrationName"]))
                            .map(Node::value);
                    }
                    // A withdrawn catalogue's lines only list what goes: all of it goes.
                    _ if action == CatalogAction::Withdraw => {}
                    _ => {
                        issues.begin_record();
                        let line = read_line(el, supplier_id, &mut issues);
                        if let Some(Line::Item(item)) = &line {
                            issues.unique_sku(&item.sku, &el);
                        }
                        let sku = match &line {
                            Some(Line::Item(item)) => Some(item.sku.as_str()),
                            Some(Line::Deleted(sku)) => Some(sku.as_str()),
                            Some(Line::DeletedGtin(_)) | None => None,
                        };
                        if issues.end_record(Some(el.line()), sku) {
                            match line {
                                Some(Line::Item(item)) => items.push(*item),
                                Some(Line::Deleted(sku)) => deleted_skus.push(sku),
                                Some(Line::DeletedGtin(gtin)) => deleted_gtins.push(gtin),
                                None => {}
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    issues.finish_catalog(ImportedCatalog {
        action,
        supplier_name: seller_name.or(provider_name).filter(|n| !n.is_empty()),
        items,
        deleted_skus,
        deleted_gtins,
        warnings: Vec::new(),
        skipped: Vec::new(),
        categories: None,
    })
}

enum Line {
    Item(Box<CatalogItem>),
    Deleted(String),
    /// Deleted, named by its standard identification only.
    DeletedGtin(String),
}

fn texts(item: Node<'_>, name: &str) -> Vec<(TextLang, String)> {
    item.children(&[name])
        .map(|el| {
            (
                el.raw_attr("languageID").map_or(TextLang::En, text_lang),
                el.value(),
            )
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

fn read_line(line: Node<'_>, supplier_id: &str, issues: &mut Issues) -> Option<Line> {
    let Some(item_el) = line.child(&["Item"]) else {
        issues.error(
            &line.missing("Item"),
            None,
            IssueKind::CatalogLineWithoutItem,
        );
        return None;
    };
    let seller_id = item_el
        .find(&["SellersItemIdentification", "ID"])
        .map(Node::value)
        .filter(|s| !s.is_empty());
    if line
        .child_value(&["ActionCode"])
        .is_some_and(|a| a.eq_ignore_ascii_case("delete"))
    {
        return deleted_line(item_el, seller_id, issues);
    }
    let Some(sku) = seller_id else {
        let at = item_el.missing("SellersItemIdentification");
        let element = "SellersItemIdentification/ID".to_owned();
        issues.error(&at, None, IssueKind::SkuElementMissing { element });
        return None;
    };
    let name = localized(texts(item_el, "Name"));
    if name.en.is_empty() && name.zh.is_empty() {
        let kind = IssueKind::NameElementMissing {
            element: "Name".into(),
        };
        issues.error(&item_el.missing("Name"), Some(&sku), kind);
    }
    let gtin = item_el
        .find_all(&["StandardItemIdentification", "ID"])
        .into_iter()
        .find(|id| id.raw_attr("schemeID") == Some("0160") && !id.value().is_empty())
        .map(|id| {
            issues.gtin(&id.value(), &id, &sku);
            id.value()
        });
    let manufacturer = item_el
        .find(&["ManufacturerParty", "PartyName", "Name"])
        .map(Node::value)
        .or_else(|| item_el.child_value(&["BrandName"]))
        .unwrap_or_default();
    let mut item = CatalogItem {
        gtin,
        manufacturer,
        mpn: item_el
            .find(&["ManufacturersItemIdentification", "ID"])
            .map(Node::value)
            .unwrap_or_default(),
        name,
        description: localized(texts(item_el, "Description")),
        unspsc: classification(item_el, is_unspsc).unwrap_or_default(),
        eclass: classification(item_el, is_eclass),
        attributes: properties(item_el),
        ..xml::blank_item(supplier_id, &sku)
    };
    issues.attributes(&mut item.attributes, &item_el, &sku);
    item.media = documents(item_el, &sku, issues);
    issues.media(&mut item.media, &item_el, &sku);
    read_units(line, item_el, &mut item, issues);
    read_prices(line, &mut item, issues);
    issues.item_bounds(&item, &line);
    Some(Line::Item(Box::new(item)))
}

/// The item's `cac:ItemSpecificationDocumentReference`s as pictures and documents, unbounded.
/// An attachment's `ExternalReference/URI` is the reference; a document only embedded in the
/// file is not kept (items hold references, not files): its name stays, with a warning.
fn documents(item_el: Node<'_>, sku: &str, issues: &mut Issues) -> Vec<Media> {
    let mut out = Vec::new();
    for doc in item_el.children(&["ItemSpecificationDocumentReference"]) {
        let attachment = doc.child(&["Attachment"]);
        let embedded = attachment.and_then(|a| a.child(&["EmbeddedDocumentBinaryObject"]));
        let uri = attachment
            .and_then(|a| a.find(&["ExternalReference", "URI"]))
            .map(Node::value)
            .filter(|u| !u.trim().is_empty());
        let file_name = embedded
            .and_then(|e| e.raw_attr("filename"))
            .map(str::to_owned)
            .filter(|f| !f.trim().is_empty());
        let id = doc.child_value(&["ID"]).filter(|id| !id.trim().is_empty());
        let source = match (uri, embedded) {
            (Some(uri), _) => uri,
            (None, Some(e)) => {
                let name = file_name.clone().or(id).unwrap_or_default();
                issues.warn(
                    &e,
                    Some(sku),
                    IssueKind::EmbeddedFileLeftOut { name: name.clone() },
                );
                name
            }
            (None, None) => match id {
                Some(id) => id,
                None => continue,
            },
        };
        let mime = embedded
            .and_then(|e| e.raw_attr("mimeCode"))
            .map(str::to_owned)
            .filter(|m| !m.trim().is_empty())
            .or_else(|| media::mime_from_name(file_name.as_deref().unwrap_or(&source)));
        let mut caption = localized(texts(doc, "DocumentDescription"));
        if caption.en.is_empty() && caption.zh.is_empty() {
            caption = localized(texts(doc, "DocumentType"));
        }
        out.push(Media {
            kind: MediaKind::from_mime(mime.as_deref()),
            source,
            mime,
            caption,
        });
    }
    out
}

/// The item's `cac:AdditionalItemProperty`s as attributes, unbounded (see the module docs).
fn properties(item_el: Node<'_>) -> Vec<Attribute> {
    item_el
        .children(&["AdditionalItemProperty"])
        .map(|p| {
            let quantity = p.child(&["ValueQuantity"]);
            let mut values = Vec::new();
            let mut values_zh = Vec::new();
            for (lang, value) in texts(p, "Value") {
                match lang {
                    TextLang::Zh => values_zh.push(value),
                    _ => values.push(value),
                }
            }
            if values.is_empty() {
                values = std::mem::take(&mut values_zh);
            }
            if values.is_empty() {
                values.extend(quantity.map(Node::value).filter(|v| !v.is_empty()));
            }
            let reference = p
                .child(&["NameCode"])
                .filter(|c| !c.value().is_empty())
                .map(|c| AttributeRef {
                    system: c.raw_attr("listID").unwrap_or("").to_owned(),
                    feature: c.value(),
                    ..AttributeRef::default()
                });
            Attribute {
                name: localized(texts(p, "Name")),
                values,
                values_zh,
                unit: quantity
                    .and_then(|q| q.raw_attr("unitCode"))
                    .and_then(unit_code),
                order: None,
                reference,
            }
        })
        .collect()
}

/// A deleted line names its item by the seller's identification, else by its standard one.
fn deleted_line(item_el: Node<'_>, seller_id: Option<String>, issues: &mut Issues) -> Option<Line> {
    if let Some(sku) = seller_id {
        return Some(Line::Deleted(sku));
    }
    let standard = item_el
        .find_all(&["StandardItemIdentification", "ID"])
        .into_iter()
        .map(|id| id.value())
        .find(|id| !id.is_empty());
    if standard.is_none() {
        let at = item_el.missing("SellersItemIdentification");
        let element = "SellersItemIdentification/ID | StandardItemIdentification/ID".to_owned();
        issues.error(&at, None, IssueKind::SkuElementMissing { element });
    }
    standard.map(Line::DeletedGtin)
}

/// UNSPSC, as Peppol names it: list `TST` (UNCL7143's code for UNSPSC), `MP` (as some
/// senders write it), or a list id or name saying UNSPSC.
fn is_unspsc(el: Node<'_>) -> bool {
    let list = el.raw_attr("listID").unwrap_or("").to_ascii_uppercase();
    let list_name = el.raw_attr("listName").unwrap_or("").to_ascii_uppercase();
    matches!(list.as_str(), "TST" | "MP") || list.contains("UNSPSC") || list_name.contains("UNSPSC")
}

fn is_eclass(el: Node<'_>) -> bool {
    let named = |v: &str| {
        let v = v.to_ascii_uppercase();
        v.contains("ECLASS") || v.contains("ECL@SS")
    };
    named(el.raw_attr("listID").unwrap_or("")) || named(el.raw_attr("listName").unwrap_or(""))
}

/// The first non-empty classification code of the list `wanted` picks.
fn classification(item: Node<'_>, wanted: fn(Node<'_>) -> bool) -> Option<String> {
    item.find_all(&["CommodityClassification", "ItemClassificationCode"])
        .into_iter()
        .find(|el| wanted(*el) && !el.value().is_empty())
        .map(|el| el.value())
}

fn unit_of(el: Option<Node<'_>>) -> Option<(Node<'_>, String)> {
    let el = el?;
    let code = el.raw_attr("unitCode")?.trim();
    (!code.is_empty()).then(|| (el, code.to_owned()))
}

fn read_units(line: Node<'_>, item_el: Node<'_>, item: &mut CatalogItem, issues: &mut Issues) {
    let sku = item.sku.clone();
    let price = line.find(&["RequiredItemLocationQuantity", "Price", "BaseQuantity"]);
    let order_unit = line
        .child(&["OrderableUnit"])
        .map(|el| (el, el.value()))
        .filter(|(_, v)| !v.is_empty())
        .or_else(|| unit_of(line.child(&["MinimumOrderQuantity"])))
        .or_else(|| unit_of(item_el.child(&["PackQuantity"])))
        .or_else(|| unit_of(price));
    item.order_unit = match order_unit {
        Some((el, code)) => issues.unit(&code, &el, &sku),
        None => "C62".into(),
    };
    let content = line.child(&["ContentUnitQuantity"]);
    let pack_size = item_el.child(&["PackSizeNumeric"]);
    item.content_unit = match unit_of(content) {
        Some((el, code)) => issues.unit(&code, &el, &sku),
        // A pack size counts items: C62, "one".
        None if pack_size.is_some() => "C62".into(),
        None => item.order_unit.clone(),
    };
    let count_el = content.or(pack_size);
    if let Some(el) = count_el {
        if let Some(n) = issues.decimal(el, Some(&sku)) {
            if n > Decimal::ZERO {
                item.content_per_order_unit = n;
            } else {
                let kind = IssueKind::NumberBelowBound {
                    field: FieldName::Element(el.name().to_owned()),
                    bound: Bound::AboveZero,
                    value: n.to_string(),
                };
                issues.error(&el, Some(&sku), kind);
            }
        }
    }
}

fn positive(issues: &mut Issues, el: Node<'_>, sku: &str, allow_zero: bool) -> Option<Decimal> {
    let n = issues.decimal(el, Some(sku))?;
    if n > Decimal::ZERO || allow_zero && n.is_zero() {
        Some(n)
    } else {
        let kind = IssueKind::NumberBelowBound {
            field: FieldName::Element(el.name().to_owned()),
            bound: if allow_zero {
                Bound::ZeroOrMore
            } else {
                Bound::AboveZero
            },
            value: n.to_string(),
        };
        issues.error(&el, Some(sku), kind);
        None
    }
}

fn read_prices(line: Node<'_>, item: &mut CatalogItem, issues: &mut Issues) {
    let sku = item.sku.clone();
    let line_min = match line.child(&["MinimumOrderQuantity"]) {
        Some(el) => positive(issues, el, &sku, false).unwrap_or(Decimal::ONE),
        None => Decimal::ONE,
    };
    let locations = line.children(&["RequiredItemLocationQuantity"]);
    let mut priced: Vec<(Option<Node<'_>>, Node<'_>)> = locations
        .flat_map(|q| q.children(&["Price"]).map(move |p| (Some(q), p)))
        .collect();
    priced.extend(line.children(&["Price"]).map(|p| (None, p)));
    if priced.is_empty() {
        issues.error(
            &line.missing("RequiredItemLocationQuantity"),
            Some(&sku),
            IssueKind::NoPrice,
        );
        return;
    }
    for (location, price) in priced {
        let Some(amount_el) = price.child(&["PriceAmount"]) else {
            let element = "PriceAmount".to_owned();
            let kind = IssueKind::PriceWithoutAmount { element };
            issues.error(&price.missing("PriceAmount"), Some(&sku), kind);
            continue;
        };
        let amount = positive(issues, amount_el, &sku, true);
        let currency = match amount_el
            .raw_attr("currencyID")
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(code) => issues
                .currency(code, &amount_el, Some(&sku))
                .then(|| code.to_owned()),
            None => {
                issues.error(
                    &amount_el,
                    Some(&sku),
                    IssueKind::PriceAmountWithoutCurrency,
                );
                None
            }
        };
        let base = match price.child(&["BaseQuantity"]) {
            Some(el) => positive(issues, el, &sku, false),
            None => Some(Decimal::ONE),
        };
        let min_qty = match location.and_then(|q| q.child(&["MinimumQuantity"])) {
            Some(el) => positive(issues, el, &sku, true),
            None => Some(line_min),
        };
        let (Some(amount), Some(currency), Some(base), Some(min_qty)) =
            (amount, currency, base, min_qty)
        else {
            continue;
        };
        if item.currency.is_empty() {
            item.currency = currency.clone();
        } else if item.currency != currency {
            issues.warn(
                &amount_el,
                Some(&sku),
                IssueKind::PriceOtherCurrency {
                    currency: currency.clone(),
                    item_currency: item.currency.clone(),
                },
            );
            continue;
        }
        let unit_price = if base == Decimal::ONE {
            amount
        } else {
            match amount.checked_div(base) {
                Some(p) => p.round_dp(6).normalize(),
                None => {
                    let formula = "PriceAmount / BaseQuantity".to_owned();
                    let kind = IssueKind::PriceComputationOutOfRange { formula };
                    issues.error(&amount_el, Some(&sku), kind);
                    continue;
                }
            }
        };
        if !item.price_tiers.iter().any(|t| t.min_qty == min_qty) {
            item.price_tiers.push(PriceTier {
                min_qty,
                unit_price,
            });
        }
        if item.lead_time_days == 0 {
            if let Some(days) = location
                .and_then(|q| q.child(&["LeadTimeMeasure"]))
                .and_then(|el| lead_time(el, &sku, issues))
            {
                item.lead_time_days = days;
            }
        }
    }
    item.price_tiers.sort_by_key(|t| t.min_qty);
}

fn lead_time(el: Node<'_>, sku: &str, issues: &mut Issues) -> Option<u32> {
    let n = positive(issues, el, sku, true)?;
    let days = match el.raw_attr("unitCode").unwrap_or("DAY") {
        "DAY" => n,
        "WEE" => n.saturating_mul(Decimal::from(7)),
        "HUR" => n / Decimal::from(24),
        other => {
            issues.warn(
                &el,
                Some(sku),
                IssueKind::LeadTimeUnitUnknown {
                    unit: other.to_owned(),
                },
            );
            return None;
        }
    };
    days.ceil().to_u32()
}
