//! Procura's own catalog file: JSON, close to the catalog model but friendly to write by hand or
//! from a script. Documented, with an example, in `docs/import-formats.md`:
//!
//! ```json
//! {"format": "procura-catalog/1", "supplier": "OfficePlus", "action": "replace", "currency": "CNY",
//!  "items": [{"sku": "P-100", "name": {"en": "Ballpoint pen", "zh": "圆珠笔"},
//!             "order_unit": "BX", "content_unit": "H87", "content_per_order_unit": 12,
//!             "price_tiers": [{"min_qty": 1, "unit_price": "24.00"}, {"min_qty": 10, "unit_price": 21.6}]}]}
//! ```
//!
//! Numbers may be JSON numbers or strings; either way they are read exactly (never through a
//! float). Items are checked by the same rules as CSV rows (`import/record.rs`); every issue names
//! its line and JSON Pointer path (`/items/3/price_tiers/0/unit_price`). Malformed JSON is one
//! error with its line and column. Unknown members are warnings, so a typo does not pass unseen.

mod value;

use super::issues::{issue, Issues};
use super::record::{self, Context, DecimalSeparator, Draft, DraftTier, Field};
use super::{
    CatalogAction, ImportFailure, ImportLimits, ImportedCatalog, IssueKind, JsonPlace, Location,
    RecordName, Severity,
};
use rust_decimal::Decimal;
use std::collections::HashSet;
use value::{Node, Value};

/// The `format` a file must state.
pub const FORMAT: &str = "procura-catalog/1";

fn at(node: &Node, path: &str) -> Location {
    Location {
        line: Some(node.line),
        path: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
    }
}

/// A JSON Pointer segment (RFC 6901 escapes `~` and `/`).
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// An object's members, reporting duplicates (an error: which one counts would be a guess) and
/// members this format does not know (a warning).
fn members<'n>(
    node: &'n Node,
    path: &str,
    known: &[&str],
    place: JsonPlace,
    issues: &mut Issues,
) -> Option<Vec<(&'n str, &'n Node, String)>> {
    let Value::Object(members) = &node.value else {
        let found = node.value.kind();
        issues.error(
            &at(node, path),
            None,
            IssueKind::JsonNotObject { place, found },
        );
        return None;
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (key, value) in members {
        let child = format!("{path}/{}", segment(key));
        if !seen.insert(key.as_str()) {
            let member = key.clone();
            let kind = IssueKind::JsonDuplicateMember { member, place };
            issues.error(&at(value, &child), None, kind);
        } else if known.contains(&key.as_str()) {
            out.push((key.as_str(), value, child));
        } else {
            let member = key.clone();
            let kind = IssueKind::JsonUnknownMember { member, place };
            issues.warn(&at(value, &child), None, kind);
        }
    }
    Some(out)
}

/// A string or number as text (numbers exactly as written, exponents expanded); `None` for null.
fn scalar(node: &Node, path: &str, issues: &mut Issues) -> Option<Field> {
    let text = match &node.value {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) if n.contains(['e', 'E']) => match Decimal::from_scientific(n) {
            Ok(d) => d.normalize().to_string(),
            Err(e) => {
                let (number, detail) = (n.clone(), e.to_string());
                let kind = IssueKind::JsonUnusableNumber { number, detail };
                issues.error(&at(node, path), None, kind);
                return None;
            }
        },
        Value::Number(n) => n.clone(),
        other => {
            let found = other.kind();
            issues.error(&at(node, path), None, IssueKind::JsonNotScalar { found });
            return None;
        }
    };
    Some(Field {
        text,
        at: at(node, path),
    })
}

fn string(node: &Node, path: &str, what: &str, issues: &mut Issues) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => {
            let (member, found) = (what.to_owned(), other.kind());
            let kind = IssueKind::JsonNotString { member, found };
            issues.error(&at(node, path), None, kind);
            None
        }
    }
}

/// Parses a Procura catalog file into a catalog for `supplier_id`, or every error found.
pub fn parse(
    bytes: &[u8],
    supplier_id: &str,
    limits: &ImportLimits,
) -> Result<ImportedCatalog, ImportFailure> {
    let file_error = |line, kind| super::issues::file_error(line, kind);
    if bytes.len() > limits.max_bytes {
        let (bytes, max) = (bytes.len() as u64, limits.max_bytes as u64);
        return Err(file_error(None, IssueKind::FileTooLarge { bytes, max }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        let offset = e.valid_up_to() as u64;
        file_error(Some(line), IssueKind::NotUtf8 { offset })
    })?;
    let root = value::parse(text).map_err(|e| {
        let kind = IssueKind::JsonMalformed {
            line: e.line,
            column: e.column,
            problem: e.problem,
        };
        file_error(Some(e.line), kind)
    })?;
    let mut issues = Issues::default();
    let known = [
        "format", "supplier", "action", "currency", "items", "deleted",
    ];
    let Some(top) = members(&root, "", &known, JsonPlace::File, &mut issues) else {
        return Err(issues.finish().expect_err("an error was recorded"));
    };
    let get = |name: &str| {
        top.iter()
            .find(|(k, _, _)| *k == name)
            .map(|(_, n, p)| (*n, p.as_str()))
    };
    match get("format") {
        Some((
            Node {
                value: Value::String(f),
                ..
            },
            _,
        )) if f == FORMAT => {}
        Some((node, path)) => {
            let kind = IssueKind::JsonWrongFormat {
                format: FORMAT.into(),
            };
            return Err(issues.fatal(issue(Severity::Error, &at(node, path), None, kind)));
        }
        None => {
            let kind = IssueKind::NotProcuraJson {
                format: FORMAT.into(),
            };
            return Err(issues.fatal(issue(Severity::Error, &at(&root, ""), None, kind)));
        }
    }
    let supplier_name = get("supplier").and_then(|(n, p)| string(n, p, "supplier", &mut issues));
    let mut action_known = true;
    let action = match get("action") {
        None => CatalogAction::Replace,
        Some((node, path)) => match string(node, path, "action", &mut issues).as_deref() {
            Some("replace") | None => CatalogAction::Replace,
            Some("update") => CatalogAction::Update,
            Some("update_prices") => CatalogAction::UpdatePrices,
            Some(other) => {
                let action = other.to_owned();
                issues.error(
                    &at(node, path),
                    None,
                    IssueKind::JsonUnknownAction { action },
                );
                action_known = false;
                CatalogAction::Replace
            }
        },
    };
    let default_currency = get("currency").and_then(|(node, path)| {
        let code = string(node, path, "currency", &mut issues)?;
        issues
            .currency(&code, &at(node, path), None)
            .then_some(code)
    });
    let deleted_skus = deleted(get("deleted"), action, &mut issues);
    let ctx = Context {
        supplier_id,
        action,
        separator: DecimalSeparator::Point,
        default_currency: default_currency.as_deref(),
        separator_is_setting: false,
    };
    let mut items = Vec::new();
    match get("items") {
        None => issues.error(&at(&root, ""), None, IssueKind::JsonNoItems),
        Some((
            items_node @ Node {
                value: Value::Array(list),
                ..
            },
            path,
        )) => {
            if list.len() > limits.max_items {
                let kind = IssueKind::TooManyRecords {
                    max: limits.max_items as u64,
                    record: RecordName::Item,
                };
                return Err(issues.fatal(issue(
                    Severity::Error,
                    &at(&list[limits.max_items], path),
                    None,
                    kind,
                )));
            }
            for (i, node) in list.iter().enumerate() {
                let path = format!("{path}/{i}");
                issues.begin_record();
                let Some(draft) = draft(node, &path, &mut issues) else {
                    issues.end_record(at(node, &path).line, None);
                    continue;
                };
                let item = record::build(&draft, &ctx, &mut issues);
                if let Some(item) = &item {
                    let sku_at = draft.sku.as_ref().map_or(&draft.at, |f| &f.at);
                    issues.unique_sku(&item.sku, sku_at);
                    if deleted_skus.contains(&item.sku) {
                        let sku = item.sku.clone();
                        let kind = IssueKind::JsonSkuItemAndDeleted { sku };
                        issues.error(sku_at, Some(&item.sku), kind);
                    }
                }
                let sku = item.as_ref().map(|i| i.sku.as_str());
                if issues.end_record(draft.at.line, sku) {
                    items.extend(item);
                }
            }
            if list.is_empty() && action == CatalogAction::Replace && action_known {
                let kind = IssueKind::JsonEmptyReplace;
                issues.error(&at(items_node, path), None, kind);
            }
        }
        Some((node, path)) => {
            let (member, found) = ("items".to_owned(), node.value.kind());
            let kind = IssueKind::JsonNotArray { member, found };
            issues.error(&at(node, path), None, kind);
        }
    }
    let file = Location {
        line: Some(1),
        path: "/".into(),
    };
    let categories = record::category_tree(&mut items, &mut issues, &file);
    issues.finish_catalog(ImportedCatalog {
        action,
        supplier_name,
        items,
        deleted_skus,
        deleted_gtins: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
        categories,
    })
}

/// The SKUs an update withdraws.
fn deleted(
    entry: Option<(&Node, &str)>,
    action: CatalogAction,
    issues: &mut Issues,
) -> Vec<String> {
    let Some((node, path)) = entry else {
        return Vec::new();
    };
    if action != CatalogAction::Update {
        issues.error(&at(node, path), None, IssueKind::JsonDeletedWithoutUpdate);
        return Vec::new();
    }
    let Value::Array(list) = &node.value else {
        let (member, found) = ("deleted".to_owned(), node.value.kind());
        let kind = IssueKind::JsonNotArray { member, found };
        issues.error(&at(node, path), None, kind);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, sku) in list.iter().enumerate() {
        let path = format!("{path}/{i}");
        match scalar(sku, &path, issues).map(|f| f.text.trim().to_owned()) {
            Some(sku) if !sku.is_empty() => out.push(sku),
            _ => issues.error(&at(sku, &path), None, IssueKind::JsonDeletedNotSku),
        }
    }
    out
}

const ITEM_MEMBERS: &[&str] = &[
    "sku",
    "name",
    "description",
    "gtin",
    "manufacturer",
    "mpn",
    "unspsc",
    "category_path",
    "image_url",
    "order_unit",
    "content_unit",
    "content_per_order_unit",
    "currency",
    "price_tiers",
    "lead_time_days",
    "stock",
    "attributes",
];

/// One item's members as a [`Draft`].
fn draft(node: &Node, path: &str, issues: &mut Issues) -> Option<Draft> {
    let members = members(node, path, ITEM_MEMBERS, JsonPlace::Item, issues)?;
    let mut draft = Draft::new(at(node, path));
    for (key, value, child) in members {
        let child = child.as_str();
        match key {
            "name" => (draft.name_en, draft.name_zh) = texts(value, child, issues),
            "description" => {
                (draft.description_en, draft.description_zh) = texts(value, child, issues)
            }
            "price_tiers" => draft.tiers = tiers(value, child, issues),
            "attributes" => draft.attributes = attributes(value, child, issues),
            _ => {
                let field = scalar(value, child, issues);
                let slot = match key {
                    "sku" => &mut draft.sku,
                    "gtin" => &mut draft.gtin,
                    "manufacturer" => &mut draft.manufacturer,
                    "mpn" => &mut draft.mpn,
                    "unspsc" => &mut draft.unspsc,
                    "category_path" => &mut draft.category_path,
                    "image_url" => &mut draft.image_url,
                    "order_unit" => &mut draft.order_unit,
                    "content_unit" => &mut draft.content_unit,
                    "content_per_order_unit" => &mut draft.content_per_order_unit,
                    "currency" => &mut draft.currency,
                    "lead_time_days" => &mut draft.lead_time_days,
                    _ => &mut draft.stock,
                };
                *slot = field;
            }
        }
    }
    Some(draft)
}

/// `{"en": …, "zh": …}`, or a plain string (English).
fn texts(node: &Node, path: &str, issues: &mut Issues) -> (Option<Field>, Option<Field>) {
    if let Value::String(_) = node.value {
        return (scalar(node, path, issues), None);
    }
    let Some(members) = members(node, path, &["en", "zh"], JsonPlace::Text, issues) else {
        return (None, None);
    };
    let (mut en, mut zh) = (None, None);
    for (key, value, child) in members {
        let text = string(value, &child, key, issues).map(|text| Field {
            text,
            at: at(value, &child),
        });
        if key == "en" {
            en = text;
        } else {
            zh = text;
        }
    }
    (en, zh)
}

/// `{"Colour": "red", "Cross-section": "2.5 mm²"}`: each member an attribute and its value.
fn attributes(node: &Node, path: &str, issues: &mut Issues) -> Vec<(String, Field)> {
    let Value::Object(members) = &node.value else {
        let (place, found) = (JsonPlace::Attributes, node.value.kind());
        issues.error(
            &at(node, path),
            None,
            IssueKind::JsonNotObject { place, found },
        );
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|(name, value)| {
            let child = format!("{path}/{}", segment(name));
            Some((name.clone(), scalar(value, &child, issues)?))
        })
        .collect()
}

fn tiers(node: &Node, path: &str, issues: &mut Issues) -> Vec<DraftTier> {
    let Value::Array(list) = &node.value else {
        let (member, found) = ("price_tiers".to_owned(), node.value.kind());
        let kind = IssueKind::JsonNotArray { member, found };
        issues.error(&at(node, path), None, kind);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, tier) in list.iter().enumerate() {
        let path = format!("{path}/{i}");
        let Some(members) = members(
            tier,
            &path,
            &["min_qty", "unit_price"],
            JsonPlace::PriceTier,
            issues,
        ) else {
            continue;
        };
        let mut min_qty = None;
        let mut price = None;
        for (key, value, child) in members {
            let field = scalar(value, &child, issues);
            if key == "min_qty" {
                min_qty = field;
            } else {
                price = field;
            }
        }
        match price {
            Some(price) => out.push(DraftTier { min_qty, price }),
            None => issues.error(&at(tier, &path), None, IssueKind::JsonTierWithoutPrice),
        }
    }
    out
}
