//! One item as a flat file states it (a CSV row, a JSON object), checked by the same rules
//! whatever the format, so a CSV and a JSON import of the same catalog agree to the last warning.
//!
//! Rules: the SKU and a name are required (no name is needed in a price-only update); prices must
//! be numbers of zero or more, in an ISO 4217 currency; a record with no price at all is "price on
//! request" (a warning; an error in a price-only update); quantities and pack sizes above zero;
//! stock (a whole number) and lead time (days, part days rounded up) zero or more. Without an
//! order unit, piece is assumed (a warning); without a content unit, a pack holds pieces when a
//! pack size is given, else one of the order unit. An unknown unit, an invalid GTIN or a UNSPSC
//! code that is not 8 digits is a warning and the value is kept. Texts are kept as written
//! (trimmed): they are data, which the UI shows as text, never as markup.

use super::issues::{Issues, Locate};
use super::{Bound, CatalogAction, FieldName, IssueKind, Location, NumberProblem};
use crate::catalog::groups::{self, CategoryTree};
use crate::catalog::{Attribute, CatalogItem, LocalizedText, PriceTier};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::str::FromStr;

/// How a file writes the decimal mark. The other character may group thousands, but only in a
/// number that also has the decimal mark (`1,234.50`), where it cannot be misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DecimalSeparator {
    /// `24.50`
    #[default]
    Point,
    /// `24,50`, as German and much of European software writes it.
    Comma,
}

impl DecimalSeparator {
    fn chars(self) -> (char, char) {
        match self {
            DecimalSeparator::Point => ('.', ','),
            DecimalSeparator::Comma => (',', '.'),
        }
    }
}

/// A number as written with the given decimal mark; the error says what is wrong otherwise.
pub(crate) fn parse_number(
    text: &str,
    separator: DecimalSeparator,
) -> Result<Decimal, NumberProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let (mark, group) = separator.chars();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let sign = if text.starts_with('-') { "-" } else { "" };
    let (int, frac) = unsigned.split_once(mark).unwrap_or((unsigned, ""));
    let has_mark = unsigned.contains(mark);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let int = if int.contains(group) {
        let mut parts = int.split(group);
        let first = parts.next().unwrap_or("");
        let grouped = (1..=3).contains(&first.len())
            && all_digits(first)
            && parts.all(|p| p.len() == 3 && all_digits(p));
        if !grouped || !has_mark {
            return Err(NumberProblem::WrongMark {
                text: text.to_owned(),
                mark: separator,
            });
        }
        int.replace(group, "")
    } else {
        int.to_owned()
    };
    if int.len() + frac.len() == 0 || !all_digits(&int) || !all_digits(frac) {
        return Err(NumberProblem::NotANumber {
            text: text.to_owned(),
        });
    }
    let plain = format!("{sign}{int}.{frac}");
    let plain = plain.strip_suffix('.').unwrap_or(&plain);
    let n = Decimal::from_str(plain).map_err(|e| NumberProblem::Unusable {
        text: text.to_owned(),
        detail: e.to_string(),
    })?;
    if n.abs() > procura_ground::money::MAX_AMOUNT {
        return Err(NumberProblem::OutOfRange {
            text: text.to_owned(),
            max: procura_ground::money::MAX_AMOUNT.to_string(),
        });
    }
    Ok(n)
}

/// Currency signs a price may be written with, each with the ISO 4217 currencies it can stand
/// for; longer signs first, so `US$` is not read as `$`.
const SIGNS: &[(&str, &[&str])] = &[
    ("US$", &["USD"]),
    ("HK$", &["HKD"]),
    ("NT$", &["TWD"]),
    ("NZ$", &["NZD"]),
    ("CA$", &["CAD"]),
    ("AU$", &["AUD"]),
    ("MX$", &["MXN"]),
    ("CN¥", &["CNY"]),
    ("JP¥", &["JPY"]),
    ("R$", &["BRL"]),
    ("S$", &["SGD"]),
    ("C$", &["CAD"]),
    ("A$", &["AUD"]),
    ("zł", &["PLN"]),
    ("Kč", &["CZK"]),
    ("kr", &["SEK", "NOK", "DKK", "ISK"]),
    ("元", &["CNY"]),
    ("￥", &["CNY", "JPY"]),
    ("¥", &["CNY", "JPY"]),
    (
        "$",
        &["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD"],
    ),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("₩", &["KRW"]),
    ("₹", &["INR"]),
    ("₽", &["RUB"]),
];

/// A price as a spreadsheet or a marketplace export writes it, with a currency sign or code
/// before or after the number (`$12.99`, `12,99 €`, `USD 12.99`, `-￥5`): the number alone, and
/// the sign. Text that is not a number beside a sign is returned whole, for the number's own
/// error.
pub(crate) fn split_currency_sign(text: &str) -> (Cow<'_, str>, Option<String>) {
    let t = text.trim();
    // Most prices carry no sign: read them as they are, with nothing copied.
    if t.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+'))
    {
        return (Cow::Borrowed(text), None);
    }
    let (minus, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", t),
    };
    let numeric = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
    };
    let iso = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    let signs = SIGNS.iter().map(|(sign, _)| *sign);
    for sign in signs {
        if let Some(rest) = body.strip_prefix(sign).filter(|r| numeric(r)) {
            return (
                Cow::Owned(format!("{minus}{}", rest.trim())),
                Some(sign.to_owned()),
            );
        }
        if let Some(rest) = body.strip_suffix(sign).filter(|r| numeric(r)) {
            return (
                Cow::Owned(format!("{minus}{}", rest.trim())),
                Some(sign.to_owned()),
            );
        }
    }
    if let (Some(code), Some(rest)) = (body.get(..3), body.get(3..)) {
        if iso(code) && numeric(rest) {
            return (
                Cow::Owned(format!("{minus}{}", rest.trim())),
                Some(code.to_owned()),
            );
        }
    }
    let split = body.len().saturating_sub(3);
    if let (Some(rest), Some(code)) = (body.get(..split), body.get(split..)) {
        if iso(code) && numeric(rest) {
            return (
                Cow::Owned(format!("{minus}{}", rest.trim())),
                Some(code.to_owned()),
            );
        }
    }
    (Cow::Borrowed(text), None)
}

/// Whether a price's `sign` can stand for ISO 4217 `currency`.
pub(crate) fn sign_fits(sign: &str, currency: &str) -> bool {
    match SIGNS.iter().find(|(s, _)| *s == sign) {
        Some((_, currencies)) => currencies.contains(&currency),
        None => sign == currency,
    }
}

/// A value as the file wrote it, and where.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub text: String,
    pub at: Location,
}

impl Locate for Field {
    fn location(&self) -> Location {
        self.at.clone()
    }
}

/// One price tier as written: from `min_qty` (absent: from the minimum order quantity).
#[derive(Debug, Clone)]
pub(crate) struct DraftTier {
    pub min_qty: Option<Field>,
    pub price: Field,
}

/// An item's fields as a flat file states them, each optional until checked.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The record as a whole (the CSV row, the JSON item), for what no single field is at.
    pub at: Location,
    pub sku: Option<Field>,
    pub name_en: Option<Field>,
    pub name_zh: Option<Field>,
    pub description_en: Option<Field>,
    pub description_zh: Option<Field>,
    pub manufacturer: Option<Field>,
    pub mpn: Option<Field>,
    pub gtin: Option<Field>,
    pub unspsc: Option<Field>,
    /// The supplier's category as a path (`Hobbies > Model Trains`): the item is filed under
    /// the group of that path, and [`category_tree`] makes the file's tree of them.
    pub category_path: Option<Field>,
    /// Addresses of the product's pictures (several: separated by spaces, `|` or `;`).
    pub image_url: Option<Field>,
    pub order_unit: Option<Field>,
    pub content_unit: Option<Field>,
    pub content_per_order_unit: Option<Field>,
    pub currency: Option<Field>,
    pub min_qty: Option<Field>,
    pub lead_time_days: Option<Field>,
    pub stock: Option<Field>,
    pub tiers: Vec<DraftTier>,
    /// Values read as attributes, each with the attribute's name (a CSV column's, a JSON
    /// member's).
    pub attributes: Vec<(String, Field)>,
}

impl Draft {
    /// A record at `at` with no fields yet.
    pub fn new(at: Location) -> Self {
        Self {
            at,
            sku: None,
            name_en: None,
            name_zh: None,
            description_en: None,
            description_zh: None,
            manufacturer: None,
            mpn: None,
            gtin: None,
            unspsc: None,
            category_path: None,
            image_url: None,
            order_unit: None,
            content_unit: None,
            content_per_order_unit: None,
            currency: None,
            min_qty: None,
            lead_time_days: None,
            stock: None,
            tiers: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

/// What applies to every record of one file.
pub(crate) struct Context<'a> {
    pub supplier_id: &'a str,
    pub action: CatalogAction,
    pub separator: DecimalSeparator,
    /// The currency of records that name none (already checked by the caller).
    pub default_currency: Option<&'a str>,
    /// Whether the buyer chose the decimal separator (CSV), so a message can suggest changing it.
    pub separator_is_setting: bool,
}

fn text(field: &Option<Field>) -> Option<&Field> {
    field.as_ref().filter(|f| !f.text.trim().is_empty())
}

fn owned(field: &Option<Field>) -> String {
    text(field).map_or_else(String::new, |f| f.text.trim().to_owned())
}

/// Which numbers a field accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Range {
    AboveZero,
    ZeroOrMore,
}

fn number(
    field: &Field,
    name: FieldName,
    range: Range,
    ctx: &Context<'_>,
    sku: &str,
    issues: &mut Issues,
) -> Option<Decimal> {
    // A price may carry its currency's sign; whether the sign fits is checked with the item.
    let text = match name {
        FieldName::Price => split_currency_sign(&field.text).0,
        _ => Cow::Borrowed(field.text.as_str()),
    };
    let n = match parse_number(&text, ctx.separator) {
        Ok(n) => n,
        Err(problem) => {
            let wrong_mark = matches!(problem, NumberProblem::WrongMark { .. });
            // The other mark, which the buyer can set (CSV).
            let hint = (wrong_mark && ctx.separator_is_setting).then_some(match ctx.separator {
                DecimalSeparator::Point => DecimalSeparator::Comma,
                DecimalSeparator::Comma => DecimalSeparator::Point,
            });
            let kind = IssueKind::BadNumber {
                field: name,
                problem,
                hint,
            };
            issues.error(field, Some(sku), kind);
            return None;
        }
    };
    let ok = match range {
        Range::AboveZero => n > Decimal::ZERO,
        Range::ZeroOrMore => !n.is_sign_negative() || n.is_zero(),
    };
    if ok {
        Some(n)
    } else {
        let bound = match range {
            Range::AboveZero => Bound::AboveZero,
            Range::ZeroOrMore => Bound::ZeroOrMore,
        };
        let value = n.to_string();
        let kind = IssueKind::NumberBelowBound {
            field: name,
            bound,
            value,
        };
        issues.error(field, Some(sku), kind);
        None
    }
}

/// Checks a record and makes the item; `None` only when it has no SKU. With errors the import
/// fails anyway, so the item is still returned, to check the SKUs that follow for duplicates.
pub(crate) fn build(draft: &Draft, ctx: &Context<'_>, issues: &mut Issues) -> Option<CatalogItem> {
    let Some(sku_field) = text(&draft.sku) else {
        let at = draft.sku.as_ref().map_or(&draft.at, |f| &f.at);
        issues.error(at, None, IssueKind::NoSku);
        return None;
    };
    let sku = sku_field.text.trim().to_owned();
    let mut item = CatalogItem {
        id: CatalogItem::make_id(ctx.supplier_id, &sku),
        supplier_id: ctx.supplier_id.into(),
        sku: sku.clone(),
        gtin: None,
        manufacturer: owned(&draft.manufacturer),
        mpn: owned(&draft.mpn),
        name: LocalizedText::new(owned(&draft.name_en), owned(&draft.name_zh)),
        description: LocalizedText::new(owned(&draft.description_en), owned(&draft.description_zh)),
        unspsc: owned(&draft.unspsc),
        eclass: None,
        order_unit: String::new(),
        content_unit: String::new(),
        content_per_order_unit: Decimal::ONE,
        currency: String::new(),
        price_tiers: Vec::new(),
        lead_time_days: 0,
        stock: None,
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    };
    if ctx.action != CatalogAction::UpdatePrices {
        if item.name.en.is_empty() && item.name.zh.is_empty() {
            let at = draft.name_en.as_ref().or(draft.name_zh.as_ref());
            let at = at.map_or(&draft.at, |f| &f.at);
            issues.error(at, Some(&sku), IssueKind::NoName);
        }
        if let Some(field) = text(&draft.gtin) {
            let gtin = field.text.trim().to_owned();
            issues.gtin(&gtin, field, &sku);
            item.gtin = Some(gtin);
        }
        if let Some(field) = text(&draft.category_path) {
            let path = groups::split_path(&field.text);
            if !path.is_empty() {
                item.groups = vec![groups::clean_id(&groups::path_id(&path)).to_owned()];
            }
        }
        if let Some(field) = text(&draft.unspsc) {
            if item.unspsc.len() != 8 || !item.unspsc.bytes().all(|b| b.is_ascii_digit()) {
                let code = item.unspsc.clone();
                issues.warn(field, Some(&sku), IssueKind::UnspscNot8Digits { code });
            }
        }
        read_units(draft, ctx, &mut item, issues);
        read_counts(draft, ctx, &mut item, issues);
        item.attributes = draft
            .attributes
            .iter()
            .filter(|(_, f)| !f.text.trim().is_empty())
            .map(|(name, f)| Attribute {
                name: LocalizedText::new(name.clone(), ""),
                values: vec![f.text.clone()],
                ..Attribute::default()
            })
            .collect();
        issues.attributes(&mut item.attributes, &draft.at, &sku);
        if let Some(field) = text(&draft.image_url) {
            item.media = pictures(&field.text);
            issues.media(&mut item.media, field, &sku);
        }
    }
    read_currency(draft, ctx, &mut item, issues);
    item.price_tiers = read_tiers(draft, ctx, &sku, issues);
    check_price_signs(draft, &item, issues);
    issues.item_bounds(&item, &draft.at);
    Some(item)
}

/// A price written with a sign that cannot be the item's currency (`€12` in a CNY catalog) is an
/// error, once per item.
fn check_price_signs(draft: &Draft, item: &CatalogItem, issues: &mut Issues) {
    if item.currency.is_empty() {
        return;
    }
    for tier in &draft.tiers {
        if let (_, Some(sign)) = split_currency_sign(&tier.price.text) {
            if !sign_fits(&sign, &item.currency) {
                let currency = item.currency.clone();
                let kind = IssueKind::PriceSignOtherCurrency { sign, currency };
                issues.error(&tier.price, Some(&item.sku), kind);
                return;
            }
        }
    }
}

fn read_units(draft: &Draft, ctx: &Context<'_>, item: &mut CatalogItem, issues: &mut Issues) {
    let sku = item.sku.clone();
    item.order_unit = match text(&draft.order_unit) {
        Some(field) => issues.unit(&field.text, field, &sku),
        None => {
            let at = draft.order_unit.as_ref().map_or(&draft.at, |f| &f.at);
            issues.warn(at, Some(&sku), IssueKind::NoOrderUnit { element: None });
            "H87".into()
        }
    };
    if let Some(field) = text(&draft.content_per_order_unit) {
        let name = FieldName::ContentPerOrderUnit;
        if let Some(n) = number(field, name, Range::AboveZero, ctx, &sku, issues) {
            item.content_per_order_unit = n;
        }
    }
    item.content_unit = match text(&draft.content_unit) {
        Some(field) => issues.unit(&field.text, field, &sku),
        // A pack of 10 without saying of what holds pieces; without a pack size, an order unit
        // holds one of itself.
        None if item.content_per_order_unit != Decimal::ONE => "H87".into(),
        None => item.order_unit.clone(),
    };
}

fn read_counts(draft: &Draft, ctx: &Context<'_>, item: &mut CatalogItem, issues: &mut Issues) {
    let sku = item.sku.clone();
    if let Some(field) = text(&draft.lead_time_days) {
        let days = number(
            field,
            FieldName::LeadTime,
            Range::ZeroOrMore,
            ctx,
            &sku,
            issues,
        );
        // Part days round up, as BMEcat's DELIVERY_TIME does: 1.5 days is not there tomorrow.
        match days.map(|d| d.ceil().to_u32()) {
            Some(Some(days)) => item.lead_time_days = days,
            Some(None) => issues.error(field, Some(&sku), IssueKind::LeadTimeTooLong),
            None => {}
        }
    }
    if let Some(field) = text(&draft.stock) {
        let stock = number(
            field,
            FieldName::Stock,
            Range::ZeroOrMore,
            ctx,
            &sku,
            issues,
        );
        match stock.map(|s| (s.fract().is_zero(), s.to_u32())) {
            Some((true, Some(stock))) => item.stock = Some(stock),
            Some((false, _)) => {
                let value = field.text.trim().to_owned();
                issues.error(field, Some(&sku), IssueKind::StockNotWhole { value });
            }
            Some((true, None)) => issues.error(field, Some(&sku), IssueKind::StockTooLarge),
            None => {}
        }
    }
}

fn read_currency(draft: &Draft, ctx: &Context<'_>, item: &mut CatalogItem, issues: &mut Issues) {
    let sku = item.sku.clone();
    match (text(&draft.currency), ctx.default_currency) {
        (Some(field), _) => {
            let code = field.text.trim().to_owned();
            if issues.currency(&code, field, Some(&sku)) {
                item.currency = code;
            }
        }
        (None, Some(code)) => item.currency = code.to_owned(),
        (None, None) => {
            let at = draft.currency.as_ref().map_or(&draft.at, |f| &f.at);
            issues.error(at, Some(&sku), IssueKind::NoCurrency);
        }
    }
}

fn read_tiers(draft: &Draft, ctx: &Context<'_>, sku: &str, issues: &mut Issues) -> Vec<PriceTier> {
    let moq = text(&draft.min_qty).and_then(|field| {
        number(
            field,
            FieldName::MinimumOrderQuantity,
            Range::AboveZero,
            ctx,
            sku,
            issues,
        )
        .map(|n| (n, field))
    });
    let written: Vec<&DraftTier> = draft
        .tiers
        .iter()
        .filter(|t| !t.price.text.trim().is_empty())
        .collect();
    if written.is_empty() {
        let at = draft.tiers.first().map_or(&draft.at, |t| &t.price.at);
        // A price-only update is nothing without a price; an offer without one is quoted on
        // request (a marketplace export leaves the cell empty for those).
        if ctx.action == CatalogAction::UpdatePrices {
            issues.error(at, Some(sku), IssueKind::NoPrice);
        } else {
            issues.warn(at, Some(sku), IssueKind::PriceOnRequest);
        }
        return Vec::new();
    }
    let mut tiers: Vec<(PriceTier, &Field)> = Vec::new();
    for tier in written {
        let min_qty = match text(&tier.min_qty) {
            Some(field) => number(
                field,
                FieldName::TierQuantity,
                Range::AboveZero,
                ctx,
                sku,
                issues,
            ),
            None => Some(moq.map_or(Decimal::ONE, |(n, _)| n)),
        };
        let price = number(
            &tier.price,
            FieldName::Price,
            Range::ZeroOrMore,
            ctx,
            sku,
            issues,
        );
        if let (Some(min_qty), Some(unit_price)) = (min_qty, price) {
            let at = text(&tier.min_qty).unwrap_or(&tier.price);
            tiers.push((
                PriceTier {
                    min_qty,
                    unit_price,
                },
                at,
            ));
        }
    }
    tiers.sort_by_key(|(t, _)| t.min_qty);
    let mut out: Vec<PriceTier> = Vec::with_capacity(tiers.len());
    for (tier, at) in tiers {
        match out.last() {
            Some(last) if last.min_qty == tier.min_qty && last.unit_price == tier.unit_price => {}
            Some(last) if last.min_qty == tier.min_qty => {
                let kind = IssueKind::TwoPricesOneQuantity {
                    quantity: tier.min_qty.to_string(),
                    first: last.unit_price.to_string(),
                    second: tier.unit_price.to_string(),
                };
                issues.error(at, Some(sku), kind);
            }
            _ => out.push(tier),
        }
    }
    if let (Some((moq, field)), Some(first)) = (moq, out.first()) {
        if first.min_qty != moq {
            let (below, first, minimum) = (
                first.min_qty < moq,
                first.min_qty.to_string(),
                moq.to_string(),
            );
            let kind = if below {
                IssueKind::TierBelowMinimum { first, minimum }
            } else {
                IssueKind::TierAboveMinimum { first, minimum }
            };
            issues.error(field, Some(sku), kind);
        }
    }
    out
}

/// The tree of the category paths `items` are filed under (none when no item has one), for the
/// flat formats (CSV, JSON): an item's group id is its path, so the tree is made from the ids.
/// An item whose group the tree could not keep (past [`groups::MAX_GROUPS`]) loses it, with
/// one warning for the file at `at`.
pub(crate) fn category_tree(
    items: &mut [CatalogItem],
    issues: &mut Issues,
    at: &Location,
) -> Option<CategoryTree> {
    let mut seen = std::collections::HashSet::new();
    let paths: Vec<Vec<String>> = items
        .iter()
        .flat_map(|i| i.groups.iter())
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| id.split(" > ").map(str::to_owned).collect())
        .collect();
    if paths.is_empty() {
        return None;
    }
    let tree = CategoryTree::from_paths(paths.iter().map(Vec::as_slice));
    let mut left_out = 0u64;
    for item in items.iter_mut() {
        if item.groups.iter().any(|g| tree.get(g).is_none()) {
            item.groups.clear();
            left_out += 1;
        }
    }
    if left_out > 0 {
        issues.warn(at, None, IssueKind::CategoryMapsLeftOut { count: left_out });
    }
    Some(tree)
}

/// The pictures an image column's cell names: addresses (or file names) separated by spaces,
/// `|` or `;`, or by a comma before the next `http` (marketplace exports write them so).
fn pictures(cell: &str) -> Vec<crate::catalog::media::Media> {
    use crate::catalog::media::{mime_from_name, Media, MediaKind};
    cell.split(|c: char| c.is_whitespace() || c == '|' || c == ';')
        .flat_map(|part| {
            let mut pieces = Vec::new();
            let mut rest = part;
            while let Some(i) = rest
                .get(1..)
                .and_then(|r| r.to_ascii_lowercase().find(",http"))
            {
                pieces.push(&rest[..=i]);
                rest = &rest[i + 2..];
            }
            pieces.push(rest);
            pieces
        })
        .map(|p| p.trim_matches(','))
        .filter(|p| !p.is_empty())
        .map(|source| Media {
            kind: MediaKind::Picture,
            source: source.to_owned(),
            mime: mime_from_name(source),
            caption: Default::default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn prices_with_a_currency_sign() {
        let split = |t: &str| {
            let (n, sign) = split_currency_sign(t);
            (n.into_owned(), sign.unwrap_or_default())
        };
        assert_eq!(split("$12.99"), ("12.99".into(), "$".into()));
        assert_eq!(split(" 12,99 € "), ("12,99".into(), "€".into()));
        assert_eq!(split("USD 1,234.50"), ("1,234.50".into(), "USD".into()));
        assert_eq!(split("12.99USD"), ("12.99".into(), "USD".into()));
        assert_eq!(split("-￥5"), ("-5".into(), "￥".into()));
        assert_eq!(split("US$3"), ("3".into(), "US$".into()));
        assert_eq!(split("CN¥8.80"), ("8.80".into(), "CN¥".into()));
        assert_eq!(split("8.80元"), ("8.80".into(), "元".into()));
        // Not a number beside a sign: left whole, for the number's own error.
        for whole in ["forty-two", "$", "€abc", "usd 5", "ABCD5", "12.99", ""] {
            assert_eq!(split(whole), (whole.to_owned(), String::new()), "{whole}");
        }
        assert!(sign_fits("$", "USD") && sign_fits("$", "HKD") && !sign_fits("$", "EUR"));
        assert!(sign_fits("¥", "CNY") && sign_fits("¥", "JPY") && !sign_fits("€", "CNY"));
        assert!(sign_fits("EUR", "EUR") && !sign_fits("USD", "CNY"));
        let parsed = parse_number(&split_currency_sign("€1.234,50").0, DecimalSeparator::Comma);
        assert_eq!(parsed, Ok(dec!(1234.50)));
    }

    #[test]
    fn numbers_with_either_mark() {
        use DecimalSeparator::{Comma, Point};
        assert_eq!(parse_number(" 24.50 ", Point), Ok(dec!(24.50)));
        assert_eq!(parse_number("24,50", Comma), Ok(dec!(24.50)));
        assert_eq!(parse_number("1,234.5", Point), Ok(dec!(1234.5)));
        assert_eq!(parse_number("1.234.567,5", Comma), Ok(dec!(1234567.5)));
        assert_eq!(parse_number("-3", Point), Ok(dec!(-3)));
        assert_eq!(parse_number("7.", Point), Ok(dec!(7)));
        assert_eq!(parse_number(".5", Point), Ok(dec!(0.5)));
        let wrong = parse_number("24,50", Point).unwrap_err();
        assert!(matches!(wrong, NumberProblem::WrongMark { .. }), "{wrong}");
        let abc = parse_number("abc", Point).unwrap_err();
        assert!(!matches!(abc, NumberProblem::WrongMark { .. }), "{abc}");
        // Grouping without a decimal mark is ambiguous (1,234 is 1234 or 1.234): refused.
        assert!(parse_number("1,234", Point).is_err());
        assert!(parse_number("1.234", Comma).is_err());
        for bad in [
            "",
            "abc",
            "1e5",
            "1.2.3",
            "-",
            "1 000",
            "€5",
            "12,34,5.0",
            "1,2345.0",
        ] {
            assert!(parse_number(bad, Point).is_err(), "{bad}");
        }
    }
}
