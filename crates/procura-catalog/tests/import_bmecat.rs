//! BMEcat import: real-world samples (skipped when `../shared/fixtures` is absent) and hand-written
//! fixtures in `tests/fixtures/`, hostile ones included. Each case states its whole outcome through
//! `check`: the action, the SKUs in order, deleted SKUs and warnings, or exactly which errors.

mod common;

use common::*;
use procura_catalog::import::{bmecat, CatalogAction, ImportLimits, ImportedCatalog};

fn check(bytes: &[u8], limits: ImportLimits, want: Want<'_>) -> Option<ImportedCatalog> {
    check_with(bmecat::parse, bytes, limits, want)
}

/// The MacBook of the olivere samples, identical in 1.2 and 2005.
fn macbook() -> Facts<'static> {
    Facts {
        sku: "1000",
        name: ("Apple MacBook Pro 13\"", ""),
        description: ("Das Kraftpaket unter den Notebooks.", ""),
        gtin: Some("8712670911213"),
        manufacturer: "Microsoft",
        mpn: "MPN",
        // ECLASS-5.1 in the file: eCl@ss segment 19 is IT, UNSPSC segment 19 is musical
        // instruments, so it must not land in `unspsc`.
        unspsc: "",
        eclass: Some("19010203"),
        units: ("BX", "H87", "6"),
        currency: "EUR",
        tiers: &[("1", "1499.5"), ("100", "1300.9")],
        lead_time_days: 2,
    }
}

#[test]
fn olivere_bmecat12_new_catalog() {
    let Some(bytes) = shared("bmecat/olivere_bmecat12_testdata_new_catalog.golden.xml") else {
        return;
    };
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["1000"],
        deleted: &[],
        warnings: &[(
            95,
            "GTIN 8712670911213 is not valid (check digit is 3, expected 1)",
        )],
    };
    let cat = check(&bytes, defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("SupplyCo Ltd."));
    assert_eq!(cat.warnings[0].sku.as_deref(), Some("1000"));
    assert_eq!(
        cat.warnings[0].location.path,
        "/BMECAT/T_NEW_CATALOG/ARTICLE[1]/ARTICLE_DETAILS/EAN"
    );
    assert_item(&cat, macbook());
}

#[test]
fn olivere_bmecat12_update_products() {
    let Some(bytes) = shared("bmecat/olivere_bmecat12_testdata_update_products.golden.xml") else {
        return;
    };
    let want = Want::Imported {
        action: CatalogAction::Update,
        skus: &["1000"],
        deleted: &["2000"],
        warnings: &[(65, "GTIN 8712670911213")],
    };
    assert_item(&check(&bytes, defaults(), want).unwrap(), macbook());
}

#[test]
fn olivere_bmecat12_update_prices() {
    let Some(bytes) = shared("bmecat/olivere_bmecat12_testdata_update_prices.golden.xml") else {
        return;
    };
    let want = Want::Imported {
        action: CatalogAction::UpdatePrices,
        skus: &["1000"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(&bytes, defaults(), want).unwrap();
    let prices_only = Facts {
        sku: "1000",
        units: ("", "", "1"),
        currency: "EUR",
        tiers: macbook().tiers,
        ..Facts::default()
    };
    assert_item(&cat, prices_only);
}

#[test]
fn olivere_bmecat2005_new_catalog() {
    let Some(bytes) = shared("bmecat/olivere_bmecat2005_testdata_new_catalog.golden.xml") else {
        return;
    };
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["1000"],
        deleted: &[],
        warnings: &[(95, "GTIN 8712670911213")],
    };
    let cat = check(&bytes, defaults(), want).unwrap();
    assert_eq!(
        cat.warnings[0].location.path,
        "/BMECAT/T_NEW_CATALOG/PRODUCT[1]/PRODUCT_DETAILS/INTERNATIONAL_PID"
    );
    assert_item(&cat, macbook());
}

#[test]
fn fischer_nexmart_bmecat12() {
    let Some(bytes) = shared("bmecat/fischer_nexmart_bmecat12_726groups.xml") else {
        return;
    };
    // 726 catalog groups (with 1,371 features among them) around one article of 19; net_list wins over nrp, the
    // first tier starts at QUANTITY_MIN 8, only supplier-defined feature systems: no code.
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["079685"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(&bytes, defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("fischerwerke_de"));
    let description = "Der fischer Schiebeschlitten SBS nimmt Rohrausdehnungen auf. Der Schiebeweg beträgt 60 mm. \
        Die zweifache Rohrabstützung verhindert wirksam das Ausgleiten aus der Führung. Platzsparende Montage durch \
        eine geringe Bauhöhe. Anschlussgewinde M8.";
    assert_item(
        &cat,
        Facts {
            sku: "079685",
            name: ("Schiebeschlitten SBS M8", ""),
            description: (description, ""),
            gtin: Some("4006209796856"),
            manufacturer: "fischer",
            mpn: "079685",
            units: ("C62", "C62", "1"),
            currency: "EUR",
            tiers: &[("8", "17.779")],
            ..Facts::default()
        },
    );
}

#[test]
fn fraunhofer_bmecat101_decimal_commas_are_refused() {
    let Some(bytes) = shared("bmecat/bmecat101_new_catalog_ok_fraunhofer.xml") else {
        return;
    };
    let p = "/BMECAT/T_NEW_CATALOG/ARTICLE[1]/ARTICLE_PRICE_DETAILS/ARTICLE_PRICE";
    let q = "/BMECAT/T_NEW_CATALOG/ARTICLE[2]/ARTICLE_PRICE_DETAILS/ARTICLE_PRICE";
    let comma = "not a number: write decimals with a point";
    let errors: Vec<(Option<u64>, String, &str)> = vec![
        (Some(247), format!("{p}/PRICE_AMOUNT"), "\"17,23\""),
        (Some(250), format!("{p}/PRICE_FACTOR"), "\",8\""),
        (Some(256), format!("{p}[2]/PRICE_AMOUNT"), "\"8,61\""),
        (Some(259), format!("{p}[2]/PRICE_FACTOR"), comma),
        (Some(265), format!("{p}[3]/PRICE_AMOUNT"), "\"20,00\""),
        (Some(268), format!("{p}[3]/PRICE_FACTOR"), comma),
        (Some(274), format!("{p}[4]/PRICE_AMOUNT"), "\"10,00\""),
        (Some(277), format!("{p}[4]/PRICE_FACTOR"), comma),
        (Some(346), format!("{q}/PRICE_AMOUNT"), comma),
        (Some(351), format!("{q}[2]/PRICE_AMOUNT"), comma),
    ];
    let errors: Vec<(Option<u64>, &str, &str)> = errors
        .iter()
        .map(|(l, p, m)| (*l, p.as_str(), *m))
        .collect();
    check(&bytes, defaults(), Want::Refused(&errors));
}

#[test]
fn fraunhofer_bmecat101_with_points_imports_with_obsolete_dem() {
    let Some(bytes) = shared("bmecat/bmecat101_new_catalog_ok_fraunhofer.xml") else {
        return;
    };
    let mut text = String::from_utf8(bytes).unwrap();
    for (comma, point) in [
        (">17,23<", ">17.23<"),
        (">8,61<", ">8.61<"),
        (">20,00<", ">20.00<"),
        (">10,00<", ">10.00<"),
        (">,8<", ">0.8<"),
    ] {
        text = text.replace(comma, point);
    }
    // The DOCTYPE declares an internal parameter entity: tolerated, never expanded.
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["54-Charlie-R", "54-Dennis-B"],
        deleted: &[],
        warnings: &[(22, "currency DEM is obsolete")],
    };
    let cat = check(text.as_bytes(), defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("Universitaet GH Essen"));
    // net_customer in EUR (active) over DEM; PRICE_FACTOR 0.8 applies: 8.61 × 0.8.
    assert_item(
        &cat,
        Facts {
            sku: "54-Charlie-R",
            name: ("Freizeithemd Charlie", ""),
            description: ("Das modische Hemd der Extraklasse.", ""),
            gtin: Some("87126709"),
            manufacturer: "Faden und Soehne",
            mpn: "123-RD-67-U",
            units: ("PK", "H87", "6"),
            currency: "EUR",
            tiers: &[("1", "6.888")],
            lead_time_days: 4,
            ..Facts::default()
        },
    );
    assert_item(
        &cat,
        Facts {
            sku: "54-Dennis-B",
            name: ("Businesshemd Dennis", ""),
            description: ("Da macht die Vertragsverhandlung Spass.", ""),
            gtin: Some("87126709"),
            manufacturer: "Faden und Soehne",
            mpn: "123-DF-69-U",
            units: ("PK", "PK", "1"),
            currency: "DEM",
            tiers: &[("1", "17.23")],
            lead_time_days: 4,
            ..Facts::default()
        },
    );
}

#[test]
fn bmecat2005_chinese_with_tiers_and_prefixes() {
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["P-100", "P-200"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(&own("bmecat2005_zho_tiers.xml"), defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("华东办公用品有限公司"));
    // Header LANGUAGE zho puts untagged text into zh; lang="eng" goes to en. nrp is ignored, the
    // currency comes from the header where a price names none, DELIVERY_TIME 2.5 rounds up.
    assert_item(
        &cat,
        Facts {
            sku: "P-100",
            name: ("Ballpoint pen, blue, box of 12", "圆珠笔 蓝色 12支装"),
            description: ("", "0.7 毫米笔尖"),
            gtin: Some("4006381333931"),
            manufacturer: "Nordline",
            mpn: "NL-BP-07",
            unspsc: "44121704",
            eclass: Some("24-29-01-01"),
            units: ("BX", "H87", "12"),
            currency: "CNY",
            tiers: &[("1", "24.00"), ("10", "21.60")],
            lead_time_days: 3,
        },
    );
    // eCl@ss kept apart from the (absent) UNSPSC; udf_ systems ignored.
    // PRICE_AMOUNT 250 × PRICE_FACTOR 0.9 ÷ PRICE_QUANTITY 2, from QUANTITY_MIN 2.
    assert_item(
        &cat,
        Facts {
            sku: "P-200",
            name: ("", "复印纸 A4 80克"),
            unspsc: "",
            eclass: Some("24-32-01-01"),
            units: ("CT", "RM", "5"),
            currency: "CNY",
            tiers: &[("2", "112.5")],
            ..Facts::default()
        },
    );
}

#[test]
fn update_products_with_deletes() {
    let want = Want::Imported {
        action: CatalogAction::Update,
        skus: &["A-7"],
        deleted: &["OLD-1", "OLD-2"],
        warnings: &[],
    };
    let cat = check(&own("bmecat12_update_delete.xml"), defaults(), want).unwrap();
    let stapler = Facts {
        sku: "A-7",
        name: ("Stapler, 24/6", ""),
        gtin: Some("4006381333931"),
        units: ("H87", "H87", "1"),
        currency: "EUR",
        tiers: &[("1", "7.5")],
        ..Facts::default()
    };
    assert_item(&cat, stapler);
}

#[test]
fn text_with_markup_is_kept_as_plain_text() {
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["S-1", "S-2"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(&own("bmecat_script_text.xml"), defaults(), want).unwrap();
    assert_eq!(cat.items[0].name.en, "Marker <script>alert(1)</script>");
    assert_eq!(
        cat.items[0].description.en,
        "<b>Bold</b> <script>alert(\"x\")</script> & more"
    );
    assert_eq!(
        cat.items[1].description.en, "Soft rubber",
        "markup elements are dropped, their text kept"
    );
}

#[test]
fn units_and_currencies() {
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["U-1"],
        deleted: &[],
        warnings: &[(
            9,
            "unit \"Eimer\" is not a known UN/ECE Rec 20 code; kept as EIMER",
        )],
    };
    let cat = check(&own("bmecat_unknown_unit.xml"), defaults(), want).unwrap();
    assert_eq!(
        (
            cat.items[0].order_unit.as_str(),
            cat.items[0].content_unit.as_str()
        ),
        ("EIMER", "LTR")
    );

    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["DM-1", "DM-2"],
        deleted: &[],
        warnings: &[(3, "currency DEM is obsolete")],
    };
    let cat = check(&own("bmecat_obsolete_currency.xml"), defaults(), want).unwrap();
    assert_eq!(
        (
            cat.items[0].order_unit.as_str(),
            cat.items[0].currency.as_str()
        ),
        ("H87", "DEM")
    );
    assert_eq!(cat.items[1].order_unit, "PK");

    let path =
        "/BMECAT/T_NEW_CATALOG/ARTICLE[1]/ARTICLE_PRICE_DETAILS/ARTICLE_PRICE/PRICE_CURRENCY";
    let errors = [(
        Some(12),
        path,
        "currency \"XBT\" is not an ISO 4217 currency code",
    )];
    check(
        &own("bmecat_unknown_currency.xml"),
        defaults(),
        Want::Refused(&errors),
    );
}

#[test]
fn every_error_is_listed_in_file_order() {
    let a = "/BMECAT/T_NEW_CATALOG/ARTICLE";
    let (price1, price3) = (
        format!("{a}[1]/ARTICLE_PRICE_DETAILS/ARTICLE_PRICE/PRICE_AMOUNT"),
        format!("{a}[3]/ARTICLE_PRICE_DETAILS/ARTICLE_PRICE/PRICE_AMOUNT"),
    );
    let errors = [
        (Some(10), price1.as_str(), "negative price -5.00"),
        (
            Some(26),
            price3.as_str(),
            "\"1,5\" is not a number: write decimals with a point",
        ),
    ];
    check(
        &own("bmecat_bad_prices.xml"),
        defaults(),
        Want::Refused(&errors),
    );

    // The first article has no price: on request (a warning, not listed with the errors).
    let paths = [
        format!("{a}[2]/SUPPLIER_AID"),
        format!("{a}[3]/ARTICLE_DETAILS/DESCRIPTION_SHORT"),
    ];
    let errors = [
        (Some(10), paths[0].as_str(), "without SUPPLIER_AID"),
        (Some(15), paths[1].as_str(), "missing DESCRIPTION_SHORT"),
    ];
    check(
        &own("bmecat_missing_fields.xml"),
        defaults(),
        Want::Refused(&errors),
    );

    // A refused header currency is reported once, not again for each price relying on it.
    let errors = [
        (
            Some(3),
            "/BMECAT/HEADER/CATALOG/CURRENCY",
            "currency \"Euro\" is not an ISO 4217",
        ),
        (
            Some(13),
            "/BMECAT/T_NEW_CATALOG/ARTICLE[2]",
            "article number D-1 appears twice (first at line 5)",
        ),
    ];
    check(
        &own("bmecat_duplicate_sku.xml"),
        defaults(),
        Want::Refused(&errors),
    );
}

#[test]
fn hostile_and_broken_files_are_refused() {
    let entity = "the DOCTYPE declares an entity";
    check(
        &own("bmecat_xxe.xml"),
        defaults(),
        Want::Refused(&[(Some(2), "/", entity)]),
    );
    check(
        &own("bmecat_billion_laughs.xml"),
        defaults(),
        Want::Refused(&[(Some(2), "/", entity)]),
    );
    let path = "/BMECAT/T_NEW_CATALOG/ARTICLE[1]/ARTICLE_DETAILS/DESCRIPTION_SHORT";
    let errors = [(
        Some(7),
        path,
        "unknown entity reference &uuml; (entities are never expanded)",
    )];
    check(
        &own("bmecat_entity_ref.xml"),
        defaults(),
        Want::Refused(&errors),
    );
    let errors = [(
        Some(8),
        path,
        "malformed XML: ill-formed document: expected `</DESCRIPTION_SHORT>`",
    )];
    check(
        &own("bmecat_malformed.xml"),
        defaults(),
        Want::Refused(&errors),
    );
    let bad_utf8 = b"<?xml version=\"1.0\"?>\n<BMECAT>\n<HEADER>\xC3\x28</HEADER></BMECAT>";
    check(
        bad_utf8,
        defaults(),
        Want::Refused(&[(Some(3), "/", "not valid UTF-8")]),
    );
    let truncated = b"<BMECAT version=\"1.2\">\n<T_NEW_CATALOG>\n<ARTICLE>";
    check(
        truncated,
        defaults(),
        Want::Refused(&[(
            Some(3),
            "/BMECAT/T_NEW_CATALOG/ARTICLE[1]",
            "the file ends inside",
        )]),
    );
    let not_bmecat = b"<?xml version=\"1.0\"?>\n<Catalogue/>";
    check(
        not_bmecat,
        defaults(),
        Want::Refused(&[(Some(2), "/Catalogue", "not a BMEcat file")]),
    );
    let empty = b"<BMECAT version=\"1.2\"><HEADER/></BMECAT>";
    check(
        empty,
        defaults(),
        Want::Refused(&[(Some(1), "/BMECAT", "no T_NEW_CATALOG")]),
    );
}

#[test]
fn limits_are_enforced_before_and_while_parsing() {
    let file = own("bmecat2005_zho_tiers.xml");
    let tiny = ImportLimits {
        max_bytes: 100,
        max_items: 10,
    };
    let (size, unit) = procura_catalog::import::file_size(file.len() as u64);
    let message = format!("the file is {size} {unit}, more than the 100 bytes an import accepts");
    check(&file, tiny, Want::Refused(&[(None, "/", &message)]));
    let one = ImportLimits {
        max_bytes: 1 << 20,
        max_items: 1,
    };
    let errors = [(
        Some(56),
        "/BMECAT/T_NEW_CATALOG/PRODUCT[2]",
        "more than 1 articles",
    )];
    check(&file, one, Want::Refused(&errors));
}

/// `bmecat2005_price_on_request.xml` was written for this test: `PRODUCT_PRICE` with a
/// `LOWER_BOUND` and no `PRICE_AMOUNT` is a price on request, as is a product with no price.
#[test]
fn bmecat2005_prices_on_request() {
    let p = "/BMECAT/T_NEW_CATALOG/PRODUCT";
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["D-900", "D-950", "B-12", "B-14"],
        deleted: &[],
        warnings: &[
            (30, "no price: imported as price on request"),
            (36, "no price: imported as price on request"),
            (50, "price without PRICE_AMOUNT"),
        ],
    };
    let cat = check(&own("bmecat2005_price_on_request.xml"), defaults(), want).unwrap();
    let paths: Vec<&str> = cat
        .warnings
        .iter()
        .map(|w| w.location.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{p}[1]/PRODUCT_PRICE_DETAILS/PRODUCT_PRICE"),
            format!("{p}[2]/PRODUCT_PRICE_DETAILS"),
            format!("{p}[3]/PRODUCT_PRICE_DETAILS/PRODUCT_PRICE[2]/PRICE_AMOUNT"),
        ]
    );
    let by_sku = |sku: &str| cat.items.iter().find(|i| i.sku == sku).unwrap();
    // The price's own currency, else the header's.
    let drill = by_sku("D-900");
    assert!(drill.price_on_request());
    assert_eq!((drill.currency.as_str(), drill.list_price()), ("CHF", None));
    assert_eq!(drill.name.en, "Magnetic core drill, 1,800 W");
    let stand = by_sku("D-950");
    assert!(stand.price_on_request());
    assert_eq!(stand.currency, "EUR");
    // Priced up to 10 and on request above: the priced tier is kept, not the open one.
    let cutter = by_sku("B-12");
    assert_eq!(cutter.price_tiers.len(), 1);
    assert_eq!(
        cutter.list_price(),
        Some(rust_decimal::Decimal::new(3850, 2))
    );
    assert!(!by_sku("B-14").price_on_request());
}

#[test]
fn a_price_update_without_an_amount_is_refused() {
    let xml = br#"<?xml version="1.0"?>
<BMECAT version="2005"><HEADER><CATALOG><LANGUAGE>eng</LANGUAGE><CURRENCY>EUR</CURRENCY></CATALOG></HEADER>
<T_UPDATE_PRICES><PRODUCT><SUPPLIER_PID>D-900</SUPPLIER_PID>
<PRODUCT_PRICE_DETAILS><PRODUCT_PRICE price_type="net_customer"><LOWER_BOUND>1</LOWER_BOUND></PRODUCT_PRICE></PRODUCT_PRICE_DETAILS>
</PRODUCT><PRODUCT><SUPPLIER_PID>D-950</SUPPLIER_PID></PRODUCT></T_UPDATE_PRICES></BMECAT>"#;
    let failure = bmecat::parse(xml, "sup", &defaults()).unwrap_err();
    let codes: Vec<&str> = failure.errors.iter().map(|e| e.kind.code()).collect();
    assert_eq!(codes, ["import.price_without_amount", "import.no_price"]);
}

#[test]
fn german_catalog_keeps_its_texts_as_the_fallback() {
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["NYM-3x1.5", "WAGO-221"],
        deleted: &[],
        // XRO is a Rec 21 roll: known, no warning; Stk is a piece.
        warnings: &[],
    };
    let cat = check(&own("bmecat2005_deu_only.xml"), defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("Elektro Schmidt GmbH"));
    // LANGUAGE deu: untagged texts are German, kept in the fallback (English) slot.
    assert_item(
        &cat,
        Facts {
            sku: "NYM-3x1.5",
            name: ("Mantelleitung NYM-J 3x1,5 mm²", ""),
            description: ("Installationsleitung für feste Verlegung, grau", ""),
            units: ("XRO", "MTR", "100"),
            currency: "EUR",
            tiers: &[("1", "64.90")],
            ..Facts::default()
        },
    );
    // A real English text wins over the German default, whatever their order.
    assert_eq!(cat.items[1].name.en, "Splicing connector, 3 conductors");
    assert_eq!(
        cat.items[0].name.get(procura_ground::text::Lang::ZhCn),
        "Mantelleitung NYM-J 3x1,5 mm²"
    );
}
