//! CSV import through the whole flow the app runs: detect the encoding, decode (here with
//! `encoding_rs`, in the browser with `TextDecoder` and the same label), sniff, suggest a
//! mapping, parse. Fixtures in `tests/fixtures/csv_*.csv`.

use procura_catalog::catalog::CatalogItem;
use procura_catalog::import::csv::{self, ColumnMapping, DecimalSeparator, TierColumns};
use procura_catalog::import::encoding::{detect_encoding, TextEncoding};
use procura_catalog::import::{
    detect_format, CatalogAction, FileFormat, ImportFailure, ImportLimits, ImportedCatalog,
    Severity,
};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What the shell does: guess, then decode with the WHATWG label.
fn decode(bytes: &[u8]) -> (TextEncoding, String) {
    let encoding = detect_encoding(bytes);
    let decoder = encoding_rs::Encoding::for_label(encoding.label().as_bytes()).unwrap();
    let (text, _, malformed) = decoder.decode(bytes);
    assert!(!malformed, "{encoding:?} decodes cleanly");
    (encoding, text.into_owned())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn tiers(item: &CatalogItem) -> Vec<(Decimal, Decimal)> {
    item.price_tiers
        .iter()
        .map(|t| (t.min_qty, t.unit_price))
        .collect()
}

fn want_tiers(pairs: &[(&str, &str)]) -> Vec<(Decimal, Decimal)> {
    pairs.iter().map(|(q, p)| (dec(q), dec(p))).collect()
}

fn item<'a>(cat: &'a ImportedCatalog, sku: &str) -> &'a CatalogItem {
    cat.items
        .iter()
        .find(|i| i.sku == sku)
        .unwrap_or_else(|| panic!("no {sku}"))
}

/// Sniffs, suggests and parses, as the app does with no saved mapping.
fn import(text: &str) -> (ColumnMapping, Result<ImportedCatalog, ImportFailure>) {
    let preview = csv::sniff(text).unwrap();
    let mapping = preview.suggest_mapping();
    let result = csv::parse(text, "sup", &mapping, &ImportLimits::default());
    (mapping, result)
}

fn warnings(cat: &ImportedCatalog) -> Vec<(u64, String, String)> {
    assert!(cat.warnings.iter().all(|w| w.severity == Severity::Warning));
    cat.warnings
        .iter()
        .map(|w| {
            (
                w.location.line.unwrap_or(0),
                w.location.path.clone(),
                w.message.clone(),
            )
        })
        .collect()
}

#[test]
fn utf8_with_bom_and_multiline_quotes() {
    let raw = bytes("csv_utf8_bom.csv");
    assert_eq!(detect_format("export.csv", &raw), Some(FileFormat::Csv));
    let (encoding, text) = decode(&raw);
    assert_eq!(encoding, TextEncoding::Utf8);
    let preview = csv::sniff(&text).unwrap();
    assert_eq!(preview.delimiter, ',');
    assert!(preview.has_header);
    assert_eq!(
        preview.headers[0], "SKU",
        "the BOM does not stick to the first header"
    );
    assert_eq!(
        preview.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 4, 5]
    );
    let (mapping, result) = import(&text);
    assert_eq!(mapping.tiers.as_deref(), Some("Tiers"));
    assert_eq!(mapping.name_zh.as_deref(), Some("Name (zh)"));
    let cat = result.unwrap();
    assert_eq!(cat.action, CatalogAction::Replace);
    assert_eq!(
        cat.items.iter().map(|i| i.sku.as_str()).collect::<Vec<_>>(),
        ["P-100", "P-200", "P-300"]
    );

    let pen = item(&cat, "P-100");
    assert_eq!(pen.id, "sup/P-100");
    assert_eq!(pen.name.en, "Ballpoint pen, blue, box of 12");
    assert_eq!(pen.name.zh, "圆珠笔 蓝色 12支装");
    assert_eq!(pen.description.en, "Smooth writing.\r\nRefillable.");
    assert_eq!(
        (pen.manufacturer.as_str(), pen.mpn.as_str()),
        ("Nordline GmbH", "NL-BP-07")
    );
    assert_eq!(pen.gtin.as_deref(), Some("4006381333931"));
    assert_eq!(
        (pen.order_unit.as_str(), pen.content_unit.as_str()),
        ("BX", "H87")
    );
    assert_eq!(pen.content_per_order_unit, dec("12"));
    assert_eq!(pen.currency, "CNY");
    assert_eq!(
        tiers(pen),
        want_tiers(&[("1", "24.00"), ("10", "21.60"), ("50", "19.20")])
    );
    assert_eq!((pen.lead_time_days, pen.stock), (2, Some(340)));

    let paper = item(&cat, "P-200");
    assert_eq!(
        paper.description.en, "<script>alert(1)</script>",
        "text is kept verbatim"
    );
    assert_eq!(
        paper.gtin.as_deref(),
        Some("4006381333932"),
        "an invalid GTIN is kept"
    );
    assert_eq!(
        (paper.order_unit.as_str(), paper.content_unit.as_str()),
        ("RM", "H87")
    );
    assert_eq!(paper.stock, None);

    let stapler = item(&cat, "P-300");
    assert_eq!(stapler.name.en, "Stapler, \"heavy duty\"");
    assert_eq!(
        (stapler.order_unit.as_str(), stapler.content_unit.as_str()),
        ("EIMER", "EIMER")
    );
    assert_eq!(stapler.content_per_order_unit, Decimal::ONE);
    assert_eq!((stapler.currency.as_str(), stapler.stock), ("USD", Some(0)));
    assert_eq!(tiers(stapler), want_tiers(&[("1", "4.5")]));

    let got = warnings(&cat);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!((got[0].0, got[0].1.as_str()), (4, "GTIN"));
    assert!(got[0].2.contains("check digit"), "{}", got[0].2);
    assert_eq!((got[1].0, got[1].1.as_str()), (5, "UNSPSC"));
    assert_eq!((got[2].0, got[2].1.as_str()), (5, "Unit"));
    assert!(got[2].2.contains("kept as EIMER"), "{}", got[2].2);
}

#[test]
fn german_latin1_semicolons_and_decimal_commas() {
    let raw = bytes("csv_de_latin1.csv");
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the fixture really is not UTF-8"
    );
    let (encoding, text) = decode(&raw);
    assert_eq!(encoding, TextEncoding::Latin1);
    assert_eq!(encoding.label(), "windows-1252");
    let (mapping, result) = import(&text);
    assert_eq!(mapping.delimiter, Some(';'));
    assert_eq!(mapping.decimal_separator, DecimalSeparator::Comma);
    assert_eq!(mapping.fixed_currency.as_deref(), Some("EUR"));
    assert_eq!(
        mapping.tier_columns,
        [TierColumns {
            min_qty: "Staffel 2 ab".into(),
            price: "Staffelpreis 2".into()
        }]
    );
    let cat = result.unwrap();
    assert_eq!(warnings(&cat), []);
    let pens = item(&cat, "A-1001");
    assert_eq!(pens.name.en, "Kugelschreiber blau, 10 Stück");
    assert_eq!(pens.manufacturer, "Schäfer GmbH");
    assert_eq!(
        (pens.order_unit.as_str(), pens.content_unit.as_str()),
        ("PK", "H87")
    );
    assert_eq!(pens.content_per_order_unit, dec("10"));
    assert_eq!(tiers(pens), want_tiers(&[("1", "12.50"), ("10", "11.25")]));
    assert_eq!(
        (pens.currency.as_str(), pens.lead_time_days, pens.stock),
        ("EUR", 3, Some(120))
    );
    let clips = item(&cat, "A-1002");
    assert_eq!(
        tiers(clips),
        want_tiers(&[("1", "1234.00")]),
        "1.234,00 groups thousands"
    );
    assert_eq!(clips.order_unit, "H87");
    let chair = item(&cat, "A-1003");
    assert_eq!(chair.name.en, "Größenverstellbarer Schreibtischstuhl");
    assert_eq!(chair.manufacturer, "Weiß & Söhne KG");
    assert_eq!(chair.order_unit, "H87", "ST is Stück");
    assert_eq!(
        tiers(chair),
        want_tiers(&[("1", "189.90"), ("5", "179.90")])
    );

    // The same file read with a point as the decimal mark fails on every price, with a hint.
    let point = ColumnMapping {
        decimal_separator: DecimalSeparator::Point,
        ..mapping
    };
    let failure = csv::parse(&text, "sup", &point, &ImportLimits::default()).unwrap_err();
    assert!(failure.errors.len() >= 3, "{failure:#?}");
    let first = &failure.errors[0];
    assert_eq!(
        (first.location.line, first.location.path.as_str()),
        (Some(2), "Preis (EUR)")
    );
    assert!(
        first.message.contains("set the decimal separator to comma"),
        "{}",
        first.message
    );
}

#[test]
fn chinese_gbk() {
    let raw = bytes("csv_gbk.csv");
    let (encoding, text) = decode(&raw);
    assert_eq!(encoding, TextEncoding::Gbk);
    assert_eq!(encoding.label(), "gbk");
    let (mapping, result) = import(&text);
    assert_eq!(mapping.sku.as_deref(), Some("货号"));
    assert_eq!(mapping.name_zh.as_deref(), Some("商品名称"));
    assert_eq!(mapping.fixed_currency.as_deref(), Some("CNY"));
    let cat = result.unwrap();
    assert_eq!(warnings(&cat), []);
    let stapler = item(&cat, "HT-001");
    assert_eq!(stapler.name.zh, "得力订书机 12号");
    assert_eq!(stapler.name.en, "");
    assert_eq!(stapler.manufacturer, "得力集团有限公司");
    assert_eq!(stapler.gtin.as_deref(), Some("6921734903266"));
    assert_eq!(stapler.order_unit, "H87", "台 counts pieces");
    assert_eq!(
        (
            stapler.currency.as_str(),
            stapler.stock,
            stapler.lead_time_days
        ),
        ("CNY", Some(56), 3)
    );
    let paper = item(&cat, "HT-003");
    assert_eq!(paper.name.zh, "A4复印纸 70克 500张/包");
    assert_eq!(paper.order_unit, "PK");
    assert_eq!(tiers(paper), want_tiers(&[("1", "22.80")]));
}

#[test]
fn every_row_error_is_reported_with_line_and_column() {
    let text = String::from_utf8(bytes("csv_bad_rows.csv")).unwrap();
    let (_, result) = import(&text);
    let failure = result.unwrap_err();
    let got: Vec<(u64, &str, &str)> = failure
        .errors
        .iter()
        .map(|e| {
            (
                e.location.line.unwrap(),
                e.location.path.as_str(),
                e.message.as_str(),
            )
        })
        .collect();
    let want: &[(u64, &str, &str)] = &[
        (3, "sku", "no SKU"),
        (4, "price", "must be zero or more, not -4.00"),
        (5, "currency", "\"XYZ\" is not an ISO 4217"),
        (6, "sku", "appears twice (first at line 2)"),
        (7, "currency", "the row has 3 cells, the header 8"),
        (8, "Column 9", "must be quoted"),
        (9, "stock", "whole number"),
        (10, "min_qty", "below the minimum order quantity 10"),
        // Line 11 (B-8) has no price: on request, a warning, so not among the errors.
        (14, "tiers", "not written as quantity:price"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1), "{}", g.2);
        assert!(g.2.contains(w.2), "{:?} lacks {:?}", g.2, w.2);
    }
    assert!(failure.errors.iter().all(|e| e.severity == Severity::Error));
    assert_eq!(failure.errors[3].sku.as_deref(), Some("B-1"));
}

fn simple_mapping() -> ColumnMapping {
    ColumnMapping {
        sku: Some("sku".into()),
        name_en: Some("name".into()),
        price: Some("price".into()),
        fixed_currency: Some("CNY".into()),
        ..ColumnMapping::default()
    }
}

#[test]
fn the_mapping_itself_is_checked() {
    let text = "sku,name,price\nA,Pen,1\n";
    let limits = ImportLimits::default();
    let empty = csv::parse(text, "sup", &ColumnMapping::default(), &limits).unwrap_err();
    let paths: Vec<&str> = empty
        .errors
        .iter()
        .map(|e| e.location.path.as_str())
        .collect();
    assert_eq!(
        paths,
        ["mapping: sku", "mapping: price", "mapping: currency"]
    );
    let missing = ColumnMapping {
        gtin: Some("EAN".into()),
        fixed_currency: Some("RMB".into()),
        ..simple_mapping()
    };
    let failure = csv::parse(text, "sup", &missing, &limits).unwrap_err();
    let messages: Vec<&str> = failure.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("column \"EAN\" is not in the file")));
    assert!(messages.iter().any(|m| m.contains("\"RMB\"")));
    // Header names match ignoring case.
    let upper = ColumnMapping {
        sku: Some("SKU".into()),
        ..simple_mapping()
    };
    assert_eq!(
        csv::parse(text, "sup", &upper, &limits)
            .unwrap()
            .items
            .len(),
        1
    );
}

#[test]
fn headerless_files_use_column_numbers() {
    let text = "A-1;Pen;1,50\nA-2;Pad;2,00\n";
    let preview = csv::sniff(text).unwrap();
    assert!(!preview.has_header);
    let mapping = ColumnMapping {
        has_header: false,
        delimiter: Some(';'),
        decimal_separator: DecimalSeparator::Comma,
        sku: Some(csv::column_name(1)),
        name_en: Some(csv::column_name(2)),
        price: Some(csv::column_name(3)),
        fixed_currency: Some("EUR".into()),
        ..ColumnMapping::default()
    };
    let cat = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(cat.items.len(), 2);
    assert_eq!(cat.items[1].price_tiers[0].unit_price, dec("2.00"));
    let named = ColumnMapping {
        sku: Some("sku".into()),
        ..mapping
    };
    assert!(csv::parse(text, "sup", &named, &ImportLimits::default()).is_err());
}

#[test]
fn limits_are_enforced() {
    let text = "sku,name,price\nA,Pen,1\nB,Pad,2\nC,Ink,3\n";
    let small = ImportLimits {
        max_bytes: 1024,
        max_items: 2,
    };
    let failure = csv::parse(text, "sup", &simple_mapping(), &small).unwrap_err();
    let last = failure.errors.last().unwrap();
    assert_eq!(last.location.line, Some(4));
    assert!(
        last.message.contains("more than 2 rows"),
        "{}",
        last.message
    );
    let tiny = ImportLimits {
        max_bytes: 10,
        max_items: 10,
    };
    let failure = csv::parse(text, "sup", &simple_mapping(), &tiny).unwrap_err();
    assert!(failure.errors[0].message.contains("more than the 10"));
    // A file with a header and no rows would empty the catalog on replace: refused.
    let failure = csv::parse("sku,name,price\n", "sup", &simple_mapping(), &small).unwrap_err();
    assert!(failure.errors[0].message.contains("no item rows"));
}

#[test]
fn update_prices_needs_no_names_and_actions_pass_through() {
    let text = "sku,price\nA,1.5\n";
    let mapping = ColumnMapping {
        name_en: None,
        action: CatalogAction::UpdatePrices,
        ..simple_mapping()
    };
    let cat = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(cat.action, CatalogAction::UpdatePrices);
    assert_eq!(cat.items[0].price_tiers[0].unit_price, dec("1.5"));
    let update = ColumnMapping {
        action: CatalogAction::Update,
        ..mapping
    };
    let failure = csv::parse(text, "sup", &update, &ImportLimits::default()).unwrap_err();
    assert!(failure.errors[0].message.contains("no name"));
}

#[test]
fn tier_columns_and_tier_lists_combine() {
    let text = "sku,name,price,qty 2,price 2,tiers,moq\n\
                A,Pen,10.00,20,9.00,50:8.00;100:7.50,5\n\
                B,Pad,3.00,10,,,\n\
                C,Ink,3.00,,,5:3.00;5:2.90,\n";
    let preview = csv::sniff(text).unwrap();
    let mapping = ColumnMapping {
        fixed_currency: Some("CNY".into()),
        ..preview.suggest_mapping()
    };
    assert_eq!(mapping.tier_columns.len(), 1);
    let failure = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    let got: Vec<(u64, &str, &str)> = failure
        .errors
        .iter()
        .map(|e| {
            (
                e.location.line.unwrap(),
                e.location.path.as_str(),
                e.message.as_str(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!((got[0].0, got[0].1), (3, "qty 2"));
    assert!(got[0].2.contains("without a price"));
    assert_eq!((got[1].0, got[1].1), (4, "tiers"));
    assert!(got[1].2.contains("two prices from quantity 5"));
    // Without the bad rows, A's tiers are the price from its MOQ, the column pair and the list.
    let good: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    let cat = csv::parse(&good, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(
        tiers(&cat.items[0]),
        want_tiers(&[
            ("5", "10.00"),
            ("20", "9.00"),
            ("50", "8.00"),
            ("100", "7.50")
        ])
    );
}

/// A file of many bad rows lists at most `MAX_LISTED_ISSUES` errors, then one that counts the
/// rest: a hostile file cannot fill a tablet with messages.
#[test]
fn a_file_of_many_bad_rows_lists_a_bounded_number_of_errors() {
    use procura_catalog::import::{IssueKind, MAX_LISTED_ISSUES};
    let rows = MAX_LISTED_ISSUES + 2_500;
    let mut text = String::from("SKU,Name,Price,Currency,Unit\n");
    for i in 0..rows {
        text.push_str(&format!("S-{i},Pen {i},not a price,CNY,PCE\n"));
    }
    let (_, result) = import(&text);
    let failure = result.unwrap_err();
    assert_eq!(failure.errors.len(), MAX_LISTED_ISSUES + 1);
    assert!(failure.errors[..MAX_LISTED_ISSUES]
        .iter()
        .all(|e| e.location.line.is_some()));
    let last = failure.errors.last().unwrap();
    assert_eq!(last.severity, Severity::Error);
    let IssueKind::MoreIssues { more } = *last.kind else {
        panic!("the last issue counts the rest: {last:?}");
    };
    assert!(more >= 2_500, "{more}");
    assert!(last.message.contains("more problems"), "{}", last.message);
}

/// `csv_price_on_request.csv` was written for this test: a marketplace-style export where some
/// rows leave the price empty (the supplier quotes those on request).
#[test]
fn rows_without_a_price_import_as_price_on_request() {
    let (_, text) = decode(&bytes("csv_price_on_request.csv"));
    let (_, result) = import(&text);
    let cat = result.unwrap();
    let skus: Vec<&str> = cat.items.iter().map(|i| i.sku.as_str()).collect();
    assert_eq!(skus, ["M-1", "M-2", "M-3", "M-4", "M-5"]);
    for sku in ["M-2", "M-4"] {
        let item = item(&cat, sku);
        assert!(item.price_on_request(), "{sku}");
        assert_eq!(item.list_price(), None);
        assert_eq!(item.currency, "EUR");
        assert_eq!(item.order_unit, "C62");
    }
    assert_eq!(tiers(item(&cat, "M-3")), want_tiers(&[("1", "24.50")]));
    let got = warnings(&cat);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!((got[0].0, got[0].1.as_str()), (3, "price"));
    assert_eq!((got[1].0, got[1].1.as_str()), (5, "price"));
    assert!(got
        .iter()
        .all(|(_, _, m)| m == "no price: imported as price on request"));
    assert!(cat
        .warnings
        .iter()
        .all(|w| w.kind.code() == "import.price_on_request"));
}

#[test]
fn a_malformed_price_or_a_price_update_without_one_stays_an_error() {
    let (_, result) = import("sku,name,price,currency\nA,Pen,abc,EUR\n");
    let failure = result.unwrap_err();
    assert_eq!(failure.errors[0].kind.code(), "import.bad_number");
    let text = "sku,price,currency\nA,,EUR\n";
    let mapping = ColumnMapping {
        name_en: None,
        action: CatalogAction::UpdatePrices,
        ..csv::sniff(text).unwrap().suggest_mapping()
    };
    let failure = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    assert_eq!(failure.errors[0].kind.code(), "import.no_price");
}
