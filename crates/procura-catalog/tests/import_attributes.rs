//! Product attributes through every importer: BMEcat 1.2 and 2005 features (ETIM ids, value
//! codes, value lists, units, order, languages), Peppol additional item properties, CSV columns
//! mapped as attributes; the limits that keep a hostile file from bloating a tablet; and a
//! property test that no feature block panics the parser or passes the limits.

mod common;

use common::{own, shared};
use procura_catalog::catalog::attribute::{
    AttributeLimit, MAX_ATTRIBUTES, MAX_TEXT_CHARS, MAX_VALUES,
};
use procura_catalog::catalog::{CatalogItem, Lang};
use procura_catalog::import::csv::{self, ColumnMapping};
use procura_catalog::import::{bmecat, peppol, ImportLimits, ImportedCatalog, IssueKind};
use proptest::prelude::*;

fn item<'a>(cat: &'a ImportedCatalog, sku: &str) -> &'a CatalogItem {
    cat.items
        .iter()
        .find(|i| i.sku == sku)
        .unwrap_or_else(|| panic!("{sku} imported"))
}

/// `name: values unit` of each attribute in `lang`, in the item's order.
fn shown(item: &CatalogItem, lang: Lang) -> Vec<String> {
    item.attributes
        .iter()
        .map(|a| {
            let unit = a.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
            format!("{}: {}{unit}", a.name.get(lang), a.value_text(lang))
        })
        .collect()
}

#[test]
fn bmecat2005_etim_features_become_attributes() {
    let cat = bmecat::parse(
        &own("bmecat2005_features.xml"),
        "cables",
        &ImportLimits::default(),
    )
    .unwrap();
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
    let cable = item(&cat, "NYM-3x2.5");
    // The UNSPSC block beside the ETIM block still gives the category.
    assert_eq!(cable.unspsc, "26121600");
    assert_eq!(
        shown(cable, Lang::En),
        [
            "Number of cores: 3",
            "Cross-section: 2.5 mm²",
            "Colour of sheath: Grey",
            "Rated voltage: 300, 500 VLT",
        ]
    );
    assert_eq!(shown(cable, Lang::ZhCn)[1], "截面积: 2.5 mm²");
    assert_eq!(shown(cable, Lang::ZhCn)[3], "额定电压: 300, 500 VLT");
    let section = &cable.attributes[1];
    let reference = section.reference.as_ref().expect("ETIM reference kept");
    assert_eq!(
        (
            reference.system.as_str(),
            reference.group.as_str(),
            reference.feature.as_str()
        ),
        ("ETIM-7.0", "EC000057", "EF000008")
    );
    assert_eq!(section.order, Some(2));
    let colour = cable.attributes[2].reference.as_ref().unwrap();
    assert_eq!(colour.value_codes, ["EV000154"]);
    // Unordered features follow in file order.
    assert_eq!(
        shown(item(&cat, "NYM-3x1.5"), Lang::En),
        ["Cross-section: 1.5 mm²", "Number of cores: 3"]
    );
    // Bullet points under FNAME "-" take their block's group name.
    assert_eq!(
        shown(item(&cat, "CLAMP-8"), Lang::En),
        [
            "Benefits: Quick to fit.",
            "Benefits: Two supports stop the pipe sliding."
        ]
    );
}

#[test]
fn bmecat12_features_keep_the_eclass_class_and_are_cut_to_the_limits() {
    let cat = bmecat::parse(
        &own("bmecat12_features.xml"),
        "office",
        &ImportLimits::default(),
    )
    .unwrap();
    let paper = item(&cat, "PAPER-A4");
    assert_eq!(paper.eclass.as_deref(), Some("24-32-01-01"));
    assert_eq!(
        shown(paper, Lang::En)[..2],
        ["Grammage: 80 GM", "Format: A4"]
    );
    assert_eq!(paper.attributes[2].values.len(), MAX_VALUES);
    let kinds: Vec<&IssueKind> = cat.warnings.iter().map(|w| w.kind.as_ref()).collect();
    assert_eq!(
        kinds,
        [&IssueKind::AttributesCut {
            limit: AttributeLimit::Values {
                max: MAX_VALUES as u32
            }
        }]
    );
    assert_eq!(cat.warnings[0].sku.as_deref(), Some("PAPER-A4"));
}

#[test]
fn fischer_bmecat12_features_are_read_from_every_block() {
    let Some(bytes) = shared("bmecat/fischer_nexmart_bmecat12_726groups.xml") else {
        return;
    };
    let cat = bmecat::parse(&bytes, "fischer", &ImportLimits::default()).unwrap();
    let total: usize = cat.items.iter().map(|i| i.attributes.len()).sum();
    // The file has 1,390 FEATURE elements, but 1,371 of them describe its catalog groups
    // (inside CATALOG_STRUCTURE); the one article carries 19, and every one is kept.
    assert_eq!(total, 19);
    let with_thread = cat
        .items
        .iter()
        .flat_map(|i| &i.attributes)
        .find(|a| a.name.en == "Anschlussgewinde")
        .expect("a technical feature");
    assert_eq!(with_thread.values, ["M 8"]);
    assert!(cat
        .items
        .iter()
        .flat_map(|i| &i.attributes)
        .all(|a| !a.name.en.is_empty() && a.name.en != "-"));
}

#[test]
fn peppol_additional_item_properties_become_attributes() {
    let cat = peppol::parse(
        &own("peppol_properties.xml"),
        "cables",
        &ImportLimits::default(),
    )
    .unwrap();
    let cable = item(&cat, "IC-325");
    assert_eq!(
        shown(cable, Lang::En),
        [
            "Colour: White",
            "Cross-section: 2.5 MMK",
            "Drum length: 100 MTR"
        ]
    );
    assert_eq!(shown(cable, Lang::ZhCn)[0], "颜色: 白色");
    let reference = cable.attributes[1].reference.as_ref().unwrap();
    assert_eq!(
        (reference.system.as_str(), reference.feature.as_str()),
        ("ETIM", "EF000008")
    );
}

#[test]
fn official_peppol_example_keeps_its_properties() {
    let Some(bytes) = shared("peppol/Catalogue_Example.xml") else {
        return;
    };
    let cat = peppol::parse(&bytes, "s", &ImportLimits::default()).unwrap();
    let named: Vec<String> = cat.items.iter().flat_map(|i| shown(i, Lang::En)).collect();
    assert!(
        named.contains(&"Paper weight in grams: 18".to_owned()),
        "{named:?}"
    );
}

fn csv_mapping(has_header: bool, attributes: &[&str]) -> ColumnMapping {
    let col = |header: &str, n: &str| Some(if has_header { header } else { n }.to_owned());
    ColumnMapping {
        has_header,
        sku: col("SKU", "Column 1"),
        name_en: col("Name", "Column 2"),
        price: col("Price", "Column 3"),
        fixed_currency: Some("EUR".into()),
        attributes: attributes.iter().map(|a| (*a).to_owned()).collect(),
        ..ColumnMapping::default()
    }
}

#[test]
fn csv_columns_mapped_as_attributes() {
    let text = String::from_utf8(own("csv_attributes.csv")).unwrap();
    let mapping = csv_mapping(true, &["Colour", "Cross-section", "Material"]);
    let cat = csv::parse(&text, "wires", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(
        shown(item(&cat, "W-1"), Lang::En),
        ["Colour: red", "Cross-section: 2.5 mm²", "Material: copper"]
    );
    // An empty cell gives no attribute.
    assert_eq!(
        shown(item(&cat, "W-2"), Lang::En),
        ["Colour: blue", "Cross-section: 1.5 mm²"]
    );
    // Without a header, the core's column names name them.
    let body = text.split_once('\n').unwrap().1;
    let headerless = csv_mapping(false, &["Column 5"]);
    let cat = csv::parse(body, "wires", &headerless, &ImportLimits::default()).unwrap();
    assert_eq!(shown(item(&cat, "W-3"), Lang::En), ["Column 5: 1.5 mm²"]);
}

#[test]
fn a_mapped_attribute_column_the_file_lacks_is_an_error() {
    let text = String::from_utf8(own("csv_attributes.csv")).unwrap();
    let mapping = csv_mapping(true, &["Weight"]);
    let err = csv::parse(&text, "wires", &mapping, &ImportLimits::default()).unwrap_err();
    assert!(
        matches!(*err.errors[0].kind, IssueKind::CsvColumnMissing { .. }),
        "{err}"
    );
}

#[test]
fn too_many_features_are_cut_with_a_warning() {
    let features: String = (0..MAX_ATTRIBUTES + 10)
        .map(|i| format!("<FEATURE><FNAME>F{i}</FNAME><FVALUE>{i}</FVALUE></FEATURE>"))
        .collect();
    let long = "x".repeat(MAX_TEXT_CHARS * 2);
    let xml = format!(
        "<BMECAT version=\"2005\"><HEADER><CATALOG><CURRENCY>EUR</CURRENCY></CATALOG></HEADER>\
         <T_NEW_CATALOG><PRODUCT><SUPPLIER_PID>A</SUPPLIER_PID>\
         <PRODUCT_DETAILS><DESCRIPTION_SHORT>A</DESCRIPTION_SHORT></PRODUCT_DETAILS>\
         <PRODUCT_FEATURES><FEATURE><FNAME>{long}</FNAME><FVALUE>v</FVALUE></FEATURE>{features}</PRODUCT_FEATURES>\
         <PRODUCT_ORDER_DETAILS><ORDER_UNIT>C62</ORDER_UNIT></PRODUCT_ORDER_DETAILS>\
         <PRODUCT_PRICE_DETAILS><PRODUCT_PRICE><PRICE_AMOUNT>1</PRICE_AMOUNT></PRODUCT_PRICE></PRODUCT_PRICE_DETAILS>\
         </PRODUCT></T_NEW_CATALOG></BMECAT>"
    );
    let cat = bmecat::parse(xml.as_bytes(), "s", &ImportLimits::default()).unwrap();
    let a = &cat.items[0];
    assert_eq!(a.attributes.len(), MAX_ATTRIBUTES);
    assert_eq!(a.attributes[0].name.en.chars().count(), MAX_TEXT_CHARS);
    let codes: Vec<&str> = cat.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(codes, ["import.attributes_cut", "import.attributes_cut"]);
}

/// One `FEATURE` from arbitrary parts: names, values, units, orders, languages.
fn feature() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        Just(String::new()),
        Just("-".to_owned()),
        Just("EF000008".to_owned()),
        Just("EV000154".to_owned()),
        "[a-zA-Z0-9 ²µ×中文]{0,12}",
        "[a-z]{1,3}".prop_map(|s| s.repeat(300)),
    ];
    let lang = prop_oneof![
        Just(""),
        Just(" lang=\"eng\""),
        Just(" lang=\"zho\""),
        Just(" lang=\"deu\"")
    ];
    (
        prop::collection::vec((text.clone(), lang.clone()), 0..3),
        prop::collection::vec((text.clone(), lang), 0..40),
        prop::option::of(text.clone()),
        prop::option::of("[-0-9a-z]{0,12}"),
        prop::option::of(text),
    )
        .prop_map(|(names, values, unit, order, descr)| {
            let mut f = String::from("<FEATURE>");
            for (n, l) in names {
                f += &format!("<FNAME{l}>{n}</FNAME>");
            }
            if let Some(d) = descr {
                f += &format!("<FDESCR>{d}</FDESCR><FVALUE_DETAILS>{d}</FVALUE_DETAILS>");
            }
            for (v, l) in values {
                f += &format!("<FVALUE{l}>{v}</FVALUE>");
            }
            if let Some(u) = unit {
                f += &format!("<FUNIT>{u}</FUNIT>");
            }
            if let Some(o) = order {
                f += &format!("<FORDER>{o}</FORDER>");
            }
            f + "</FEATURE>"
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_feature_block_panics_or_passes_the_limits(
        features in prop::collection::vec(feature(), 0..20),
        copies in 1usize..30,
    ) {
        let block: String = features.concat().repeat(copies);
        let xml = format!(
            "<BMECAT version=\"2005\"><HEADER><CATALOG><CURRENCY>EUR</CURRENCY></CATALOG></HEADER>\
             <T_NEW_CATALOG><PRODUCT><SUPPLIER_PID>A</SUPPLIER_PID>\
             <PRODUCT_DETAILS><DESCRIPTION_SHORT>A</DESCRIPTION_SHORT></PRODUCT_DETAILS>\
             <PRODUCT_FEATURES><REFERENCE_FEATURE_SYSTEM_NAME>ETIM-7.0</REFERENCE_FEATURE_SYSTEM_NAME>{block}</PRODUCT_FEATURES>\
             <PRODUCT_PRICE_DETAILS><PRODUCT_PRICE><PRICE_AMOUNT>1</PRICE_AMOUNT></PRODUCT_PRICE></PRODUCT_PRICE_DETAILS>\
             </PRODUCT></T_NEW_CATALOG></BMECAT>"
        );
        // Too many elements for one record is a clean refusal, never a panic.
        if let Ok(cat) = bmecat::parse(xml.as_bytes(), "s", &ImportLimits::default()) {
            for item in &cat.items {
                prop_assert!(item.attributes.len() <= MAX_ATTRIBUTES);
                for a in &item.attributes {
                    prop_assert!(a.values.len() <= MAX_VALUES && a.values_zh.len() <= MAX_VALUES);
                    let texts = [&a.name.en, &a.name.zh].into_iter()
                        .chain(&a.values).chain(&a.values_zh).chain(a.unit.iter());
                    for t in texts {
                        prop_assert!(t.chars().count() <= MAX_TEXT_CHARS);
                        prop_assert_eq!(t.trim(), t.as_str());
                    }
                    prop_assert!(!a.name.en.is_empty() || !a.name.zh.is_empty() || !a.values.is_empty());
                }
                let orders: Vec<u32> = item.attributes.iter().map(|a| a.order.unwrap_or(u32::MAX)).collect();
                prop_assert!(orders.windows(2).all(|w| w[0] <= w[1]));
            }
        }
    }
}

#[test]
fn json_items_carry_attributes_as_an_object() {
    let json = r#"{"format": "procura-catalog/1", "currency": "EUR", "items": [
        {"sku": "W-1", "name": "Wire", "price_tiers": [{"unit_price": "1.20"}],
         "attributes": {"Colour": "red", "Cross-section": 2.5, "Material": null}},
        {"sku": "W-2", "name": "Wire", "price_tiers": [{"unit_price": "1.10"}],
         "attributes": ["red"]}
    ]}"#;
    let err = procura_catalog::import::json::parse(json.as_bytes(), "w", &ImportLimits::default())
        .unwrap_err();
    assert_eq!(err.errors.len(), 1, "{err}");
    assert_eq!(err.errors[0].location.path, "/items/1/attributes");
    let cat = err.partial.expect("the good item");
    assert_eq!(
        shown(item(&cat, "W-1"), Lang::En),
        ["Colour: red", "Cross-section: 2.5"]
    );
}
