//! Partial imports: when every error belongs to an item, the rest of the file is offered for
//! import, the items with errors named as skipped; when the file as a whole is at fault, nothing
//! is offered. Covers each format, and what a partial import does to the supplier's held items.

mod common;

use common::own;
use procura_catalog::catalog::CatalogItem;
use procura_catalog::import::csv::{self, ColumnMapping};
use procura_catalog::import::{
    bmecat, json, peppol, plan_import, CatalogAction, ImportFailure, ImportLimits, ImportedCatalog,
    Severity, SkippedRecord,
};

fn export_mapping() -> ColumnMapping {
    ColumnMapping {
        has_header: false,
        sku: Some("Column 1".into()),
        name_en: Some("Column 2".into()),
        price: Some("Column 3".into()),
        currency: Some("Column 4".into()),
        stock: Some("Column 5".into()),
        ..ColumnMapping::default()
    }
}

fn skus(catalog: &ImportedCatalog) -> Vec<&str> {
    catalog.items.iter().map(|i| i.sku.as_str()).collect()
}

fn skipped(catalog: &ImportedCatalog) -> Vec<(Option<u64>, Option<&str>)> {
    catalog
        .skipped
        .iter()
        .map(|s| (s.line, s.sku.as_deref()))
        .collect()
}

fn error_lines(failure: &ImportFailure) -> Vec<u64> {
    failure
        .errors
        .iter()
        .map(|e| e.location.line.unwrap_or(0))
        .collect()
}

fn export() -> Result<ImportedCatalog, ImportFailure> {
    let text = String::from_utf8(own("csv_partial_export.csv")).unwrap();
    csv::parse(&text, "sup", &export_mapping(), &ImportLimits::default())
}

#[test]
fn a_csv_export_with_bad_rows_offers_its_good_rows() {
    let failure = export().unwrap_err();
    assert_eq!(error_lines(&failure), [3, 4, 6, 8, 9]);
    let partial = failure.partial.expect("every error is in a row");
    assert_eq!(
        skus(&partial),
        ["MK-100", "MK-101", "MK-104", "MK-106", "MK-109"]
    );
    assert_eq!(
        skipped(&partial),
        [
            (Some(3), Some("MK-102")),
            (Some(4), Some("MK-103")),
            (Some(6), None),
            (Some(8), Some("MK-107")),
            // The second MK-101: the first one, at line 2, is imported.
            (Some(9), Some("MK-101")),
        ]
    );
    assert_eq!(partial.action, CatalogAction::Replace);
    assert!(partial
        .warnings
        .iter()
        .all(|w| w.severity == Severity::Warning));
    // Every skipped row is explained by an error at its line.
    for s in &partial.skipped {
        assert!(failure.errors.iter().any(|e| e.location.line == s.line));
    }
}

#[test]
fn a_wrong_mapping_offers_nothing() {
    let text = String::from_utf8(own("csv_partial_export.csv")).unwrap();
    let mut mapping = export_mapping();
    mapping.sku = Some("Column 9".into());
    let failure = csv::parse(&text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    assert!(failure.partial.is_none(), "{failure:?}");
}

#[test]
fn a_file_of_only_bad_rows_offers_nothing() {
    let text = "sku,name,price,currency\nA,Negative,-1,CNY\nB,Bad,abc,CNY\n";
    let mapping = csv::sniff(text).unwrap().suggest_mapping();
    let failure = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    assert_eq!(failure.errors.len(), 2);
    assert!(failure.partial.is_none());
}

#[test]
fn a_clean_file_skips_nothing() {
    let text = "sku,name,price,currency\nA,Pen,1.50,CNY\n";
    let mapping = csv::sniff(text).unwrap().suggest_mapping();
    let catalog = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert!(catalog.skipped.is_empty());
    assert_eq!(skus(&catalog), ["A"]);
}

#[test]
fn past_the_listed_errors_every_bad_row_is_still_skipped() {
    // More bad rows than the report lists: the partial import must still leave every one out.
    let bad = procura_catalog::import::MAX_LISTED_ISSUES + 5;
    let mut text = String::from("sku,name,price,currency\nGOOD,Pen,1.50,CNY\n");
    for i in 0..bad {
        text.push_str(&format!("B{i},Bad,-1,CNY\n"));
    }
    let mapping = csv::sniff(&text).unwrap().suggest_mapping();
    let failure = csv::parse(&text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    let partial = failure.partial.expect("every error is in a row");
    assert_eq!(skus(&partial), ["GOOD"]);
    assert_eq!(partial.skipped.len(), bad);
}

#[test]
fn bmecat_articles_with_errors_are_skipped() {
    let failure = bmecat::parse(
        &own("bmecat_bad_prices.xml"),
        "sup",
        &ImportLimits::default(),
    )
    .unwrap_err();
    let partial = failure.partial.expect("every error is in an article");
    assert_eq!(skus(&partial), ["OK-1"]);
    let skipped: Vec<Option<&str>> = partial.skipped.iter().map(|s| s.sku.as_deref()).collect();
    assert_eq!(skipped, [Some("NEG-1"), Some("COMMA-1")]);
    assert!(partial.skipped.iter().all(|s| s.line.is_some()));
}

#[test]
fn a_bmecat_header_error_offers_nothing() {
    let failure = bmecat::parse(
        &own("bmecat_unknown_currency.xml"),
        "sup",
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert!(failure.partial.is_none(), "{failure:?}");
}

#[test]
fn peppol_lines_with_errors_are_skipped() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<Catalogue xmlns="urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ActionCode>Add</cbc:ActionCode>
  <cac:CatalogueLine><cbc:ID>1</cbc:ID>
    <cac:RequiredItemLocationQuantity><cac:Price><cbc:PriceAmount currencyID="EUR">-1.00</cbc:PriceAmount></cac:Price></cac:RequiredItemLocationQuantity>
    <cac:Item><cbc:Name>Negative</cbc:Name><cac:SellersItemIdentification><cbc:ID>NEG</cbc:ID></cac:SellersItemIdentification></cac:Item>
  </cac:CatalogueLine>
  <cac:CatalogueLine><cbc:ID>2</cbc:ID>
    <cac:RequiredItemLocationQuantity><cac:Price><cbc:PriceAmount currencyID="EUR">2.00</cbc:PriceAmount></cac:Price></cac:RequiredItemLocationQuantity>
    <cac:Item><cbc:Name>Good</cbc:Name><cac:SellersItemIdentification><cbc:ID>OK</cbc:ID></cac:SellersItemIdentification></cac:Item>
  </cac:CatalogueLine>
  <cac:CatalogueLine><cbc:ID>3</cbc:ID><cac:Item><cbc:Name>No SKU</cbc:Name></cac:Item></cac:CatalogueLine>
</Catalogue>"#;
    let failure = peppol::parse(xml, "sup", &ImportLimits::default()).unwrap_err();
    let partial = failure.partial.expect("every error is in a line");
    assert_eq!(skus(&partial), ["OK"]);
    let skipped: Vec<Option<&str>> = partial.skipped.iter().map(|s| s.sku.as_deref()).collect();
    assert_eq!(skipped, [Some("NEG"), None]);
}

#[test]
fn a_malformed_xml_file_offers_nothing() {
    let failure = bmecat::parse(
        &own("bmecat_malformed.xml"),
        "sup",
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert!(failure.partial.is_none());
}

#[test]
fn json_items_with_errors_are_skipped() {
    let json = br#"{"format": "procura-catalog/1", "currency": "CNY", "items": [
        {"sku": "A", "name": {"en": "Pen"}, "price_tiers": [{"min_qty": "1", "unit_price": "1.50"}]},
        {"sku": "B", "name": {"en": "Bad"}, "price_tiers": [{"min_qty": "1", "unit_price": "-2"}]},
        {"sku": "C", "name": {"en": "Pad"}, "price_tiers": [{"min_qty": "1", "unit_price": "3"}]}
    ]}"#;
    let failure = json::parse(json, "sup", &ImportLimits::default()).unwrap_err();
    let partial = failure.partial.expect("every error is in an item");
    assert_eq!(skus(&partial), ["A", "C"]);
    assert_eq!(
        partial.skipped,
        [SkippedRecord {
            line: Some(3),
            sku: Some("B".into())
        }]
    );
}

#[test]
fn a_partial_replace_keeps_what_the_skipped_rows_name_and_withdraws_the_rest() {
    let partial = *export().unwrap_err().partial.unwrap();
    let held = |sku: &str| {
        let mut item = partial.items[0].clone();
        item.sku = sku.into();
        item.id = CatalogItem::make_id("sup", sku);
        item.name.en = format!("Held {sku}");
        item
    };
    // Held before: a good row's item, a skipped row's item, and one the file no longer has.
    let existing = [held("MK-100"), held("MK-102"), held("OLD-1")];
    let write = plan_import("sup", &existing, &partial).unwrap();
    assert_eq!(write.delete, ["sup/OLD-1"]);
    assert!(write.put.iter().all(|i| i.sku != "MK-102"));
    assert_eq!(write.put.len(), 5);
}

#[test]
fn the_skipped_rows_come_back_as_the_file_wrote_them() {
    let text = String::from_utf8(own("csv_partial_export.csv")).unwrap();
    let partial = export().unwrap_err().partial.unwrap();
    let lines: Vec<u64> = partial.skipped.iter().filter_map(|s| s.line).collect();
    let rows = csv::rows_at(&text, &export_mapping(), &lines);
    assert_eq!(
        rows,
        "MK-102,Desk lamp LED,-89.00,CNY,12\r\n\
         MK-103,Archive box A4,6.50,CNY,many\r\n\
         ,Unnamed cable tie pack,4.00,CNY,80\r\n\
         MK-107,Scissors 21 cm\r\n\
         MK-101,Staples 24/6 (1000) again,3.10,CNY,100\r\n"
    );
}

#[test]
fn skipped_rows_keep_their_header_quotes_and_line_breaks() {
    let text = "\u{FEFF}sku;name;price;currency\r\n\r\nA;Pen;1,50;EUR\r\nB;\"Two\nline\";-1;EUR\r\nC;Pad;abc;EUR\r\n";
    let mapping = ColumnMapping {
        delimiter: Some(';'),
        decimal_separator: csv::DecimalSeparator::Comma,
        ..csv::sniff(text).unwrap().suggest_mapping()
    };
    let failure = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    let partial = failure.partial.unwrap();
    let lines: Vec<u64> = partial.skipped.iter().filter_map(|s| s.line).collect();
    assert_eq!(lines, [4, 6]);
    let rows = csv::rows_at(text, &mapping, &lines);
    assert_eq!(
        rows,
        "sku;name;price;currency\r\nB;\"Two\nline\";-1;EUR\r\nC;Pad;abc;EUR\r\n"
    );
    // Fixed, they import with the same mapping.
    let fixed = rows.replace("-1", "2,00").replace("abc", "3,00");
    let catalog = csv::parse(&fixed, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(skus(&catalog), ["B", "C"]);
}

#[test]
fn prices_written_with_their_currency_sign_are_read_and_a_foreign_sign_is_refused() {
    let text = "MK-1,Glue stick,$2.49,USD\nMK-2,Tape,US$ 1.99,USD\nMK-3,Ruler,3.10 USD,USD\n\
                MK-4,Eraser,€0.80,USD\nMK-5,Marker,¥4,USD\n";
    let mapping = ColumnMapping {
        has_header: false,
        sku: Some("Column 1".into()),
        name_en: Some("Column 2".into()),
        price: Some("Column 3".into()),
        currency: Some("Column 4".into()),
        ..ColumnMapping::default()
    };
    let failure = csv::parse(text, "sup", &mapping, &ImportLimits::default()).unwrap_err();
    let codes: Vec<(u64, &str)> = failure
        .errors
        .iter()
        .map(|e| (e.location.line.unwrap(), e.kind.code()))
        .collect();
    assert_eq!(
        codes,
        [
            (4, "import.price_sign_other_currency"),
            (5, "import.price_sign_other_currency")
        ]
    );
    assert!(failure.errors[0]
        .message
        .contains("\"€\", which is not USD"));
    let partial = failure.partial.unwrap();
    let prices: Vec<String> = partial
        .items
        .iter()
        .map(|i| i.list_price().unwrap().to_string())
        .collect();
    assert_eq!(prices, ["2.49", "1.99", "3.10"]);
}
