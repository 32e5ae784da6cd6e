//! Procura catalog JSON import, from fixtures in `tests/fixtures/json_*.json`.

use procura_catalog::import::{
    detect_format, json, CatalogAction, FileFormat, ImportLimits, Severity,
};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// (line, path, message fragment) of every error, checked exactly and in order.
fn assert_errors(text: &[u8], want: &[(u64, &str, &str)]) {
    let failure = json::parse(text, "sup", &ImportLimits::default()).unwrap_err();
    let got: Vec<(u64, &str, &str)> = failure
        .errors
        .iter()
        .map(|e| {
            (
                e.location.line.unwrap_or(0),
                e.location.path.as_str(),
                e.message.as_str(),
            )
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1), "{}", g.2);
        assert!(g.2.contains(w.2), "{:?} lacks {:?}", g.2, w.2);
    }
    assert!(failure.errors.iter().all(|e| e.severity == Severity::Error));
}

#[test]
fn a_good_file() {
    let raw = bytes("json_good.json");
    assert_eq!(detect_format("catalog.json", &raw), Some(FileFormat::Json));
    let cat = json::parse(&raw, "sup", &ImportLimits::default()).unwrap();
    assert_eq!(cat.action, CatalogAction::Update);
    assert_eq!(cat.supplier_name.as_deref(), Some("OfficePlus Supplies"));
    assert_eq!(cat.deleted_skus, ["P-999"]);
    assert_eq!(cat.items.len(), 2);
    let pen = &cat.items[0];
    assert_eq!((pen.id.as_str(), pen.sku.as_str()), ("sup/P-100", "P-100"));
    assert_eq!(pen.name.zh, "圆珠笔 蓝色 12支装");
    assert_eq!(pen.description.en, "<b>Smooth</b> writing & refillable");
    assert_eq!(pen.gtin.as_deref(), Some("4006381333931"));
    assert_eq!(
        (pen.order_unit.as_str(), pen.content_unit.as_str()),
        ("BX", "H87")
    );
    assert_eq!(pen.content_per_order_unit, dec("12"));
    assert_eq!(pen.currency, "CNY", "the file's currency");
    let tiers: Vec<(Decimal, Decimal)> = pen
        .price_tiers
        .iter()
        .map(|t| (t.min_qty, t.unit_price))
        .collect();
    assert_eq!(
        tiers,
        [
            (dec("1"), dec("24.00")),
            (dec("10"), dec("21.60")),
            (dec("50"), dec("19.2"))
        ]
    );
    assert_eq!((pen.lead_time_days, pen.stock), (2, Some(340)));
    let paper = &cat.items[1];
    assert_eq!(paper.name.en, "Copy paper A4");
    assert_eq!(
        (paper.order_unit.as_str(), paper.content_unit.as_str()),
        ("RM", "H87")
    );
    assert_eq!(paper.currency, "EUR");
    // Read exactly (18 digits, the most the money bounds allow: 10^12 with 6 decimals):
    // through f64 this would be 1000000000000.
    assert_eq!(
        paper.price_tiers[0].unit_price.to_string(),
        "999999999999.999999"
    );
    assert_eq!(paper.price_tiers[0].min_qty, Decimal::ONE);
    assert_eq!(paper.stock, None);
    let warnings: Vec<(u64, &str, &str)> = cat
        .warnings
        .iter()
        .map(|w| {
            (
                w.location.line.unwrap(),
                w.location.path.as_str(),
                w.message.as_str(),
            )
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!((warnings[0].0, warnings[0].1), (35, "/items/1/colour"));
    assert!(warnings[0].2.contains("unknown member \"colour\""));
}

#[test]
fn every_error_is_located_by_path() {
    assert_errors(
        &bytes("json_bad.json"),
        &[
            (
                6,
                "/items/1/price_tiers/0/unit_price",
                "must be zero or more",
            ),
            (7, "/items/2", "no SKU"),
            (8, "/items/3/currency", "\"RMB\" is not an ISO 4217"),
            (9, "/items/4/sku", "appears twice (first at line 5)"),
            // /items/5 (X-4) has no price: on request, a warning, so not among the errors.
            (
                11,
                "/items/6/price_tiers/0/unit_price",
                "\"2,50\" is not a number",
            ),
            (12, "/items/7/name", "must be an object, not a number"),
            (12, "/items/7", "no name"),
            (14, "/deleted", "only goes with \"action\": \"update\""),
        ],
    );
}

#[test]
fn malformed_json_is_one_error_with_line_and_column() {
    assert_errors(
        &bytes("json_malformed.json"),
        &[(4, "/", "line 4, column 32: expected a member name")],
    );
    assert_errors(b"", &[(1, "/", "line 1, column 1")]);
    assert_errors(b"\xFF{}", &[(1, "/", "not valid UTF-8")]);
}

#[test]
fn the_envelope_is_checked() {
    assert_errors(b"[]", &[(1, "/", "must be an object, not an array")]);
    assert_errors(b"{\"items\": []}", &[(1, "/", "no \"format\"")]);
    assert_errors(
        b"{\"format\": \"procura-catalog/2\", \"items\": []}",
        &[(1, "/format", "format must be \"procura-catalog/1\"")],
    );
    assert_errors(
        b"{\"format\": \"procura-catalog/1\",\n \"action\": \"merge\",\n \"items\": []}",
        &[(2, "/action", "not one of replace")],
    );
    assert_errors(
        b"{\"format\": \"procura-catalog/1\",\n \"items\": []}",
        &[(2, "/items", "would withdraw the whole catalog")],
    );
    assert_errors(
        b"{\"format\": \"procura-catalog/1\", \"format\": \"x\", \"items\": {}}",
        &[
            (1, "/format", "appears twice"),
            (1, "/items", "must be an array"),
        ],
    );
    // An update may carry only deletions.
    let only_deletes = b"{\"format\": \"procura-catalog/1\", \"action\": \"update\", \"items\": [], \"deleted\": [\"A\", 7]}";
    let cat = json::parse(only_deletes, "sup", &ImportLimits::default()).unwrap();
    assert_eq!(cat.deleted_skus, ["A", "7"]);
}

#[test]
fn limits_are_enforced() {
    let item =
        r#"{"sku": "S", "name": "n", "currency": "CNY", "price_tiers": [{"unit_price": 1}]}"#;
    let text = format!(r#"{{"format": "procura-catalog/1", "items": [{item}, {item}, {item}]}}"#);
    let two = ImportLimits {
        max_bytes: 1 << 20,
        max_items: 2,
    };
    let failure = json::parse(text.as_bytes(), "sup", &two).unwrap_err();
    assert!(failure.errors[0].message.contains("more than 2 items"));
    let tiny = ImportLimits {
        max_bytes: 16,
        max_items: 10,
    };
    assert!(json::parse(text.as_bytes(), "sup", &tiny)
        .unwrap_err()
        .errors[0]
        .message
        .contains("bytes"));
    let deep = "[".repeat(10_000);
    let failure = json::parse(deep.as_bytes(), "sup", &ImportLimits::default()).unwrap_err();
    assert!(
        failure.errors[0].message.contains("nested"),
        "{}",
        failure.errors[0].message
    );
}

#[test]
fn csv_and_json_of_the_same_catalog_agree() {
    use procura_catalog::import::csv::{self, ColumnMapping};
    let csv_text =
        "sku,name,name zh,unit,content unit,pack size,price,tiers,gtin,lead time,stock\n\
                    A-1,Pen,笔,BX,PCE,12,24.00,10:21.60,4006381333932,1.5,3\n\
                    A-2,Pad,,Eimer,,,2.5,,,,\n";
    let json_text = r#"{"format": "procura-catalog/1", "currency": "CNY", "items": [
        {"sku": "A-1", "name": {"en": "Pen", "zh": "笔"}, "order_unit": "BX", "content_unit": "PCE",
         "content_per_order_unit": 12, "price_tiers": [{"unit_price": "24.00"}, {"min_qty": 10, "unit_price": 21.60}],
         "gtin": "4006381333932", "lead_time_days": "1.5", "stock": 3},
        {"sku": "A-2", "name": "Pad", "order_unit": "Eimer", "price_tiers": [{"unit_price": 2.5}]}
    ]}"#;
    let mapping = ColumnMapping {
        fixed_currency: Some("CNY".into()),
        ..csv::sniff(csv_text).unwrap().suggest_mapping()
    };
    let from_csv = csv::parse(csv_text, "sup", &mapping, &ImportLimits::default()).unwrap();
    let from_json = json::parse(json_text.as_bytes(), "sup", &ImportLimits::default()).unwrap();
    assert_eq!(from_csv.items, from_json.items);
    assert_eq!(from_csv.items[0].lead_time_days, 2);
    let messages = |cat: &procura_catalog::import::ImportedCatalog| -> Vec<String> {
        cat.warnings.iter().map(|w| w.message.clone()).collect()
    };
    assert_eq!(messages(&from_csv), messages(&from_json));
    assert_eq!(from_csv.warnings.len(), 2, "{:#?}", from_csv.warnings);
}

#[test]
fn an_item_without_prices_is_on_request_but_not_in_a_price_update() {
    let text = br#"{"format": "procura-catalog/1", "action": "replace", "items": [
        {"sku": "Q-1", "name": {"en": "Quoted"}, "currency": "EUR", "order_unit": "C62"},
        {"sku": "Q-2", "name": {"en": "Also quoted"}, "currency": "EUR", "order_unit": "C62", "price_tiers": []}
    ]}"#;
    let cat = json::parse(text, "sup", &ImportLimits::default()).unwrap();
    assert!(cat.items.iter().all(|i| i.price_on_request()));
    let codes: Vec<&str> = cat.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(
        codes,
        ["import.price_on_request", "import.price_on_request"]
    );
    let update = br#"{"format": "procura-catalog/1", "action": "update_prices", "items": [
        {"sku": "Q-1", "currency": "EUR"}
    ]}"#;
    let failure = json::parse(update, "sup", &ImportLimits::default()).unwrap_err();
    assert_eq!(failure.errors[0].kind.code(), "import.no_price");
}
