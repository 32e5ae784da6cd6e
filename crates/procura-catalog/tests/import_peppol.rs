//! Peppol BIS 3 Catalogue import: the official example (skipped when `../shared/fixtures` is absent) and hand-written
//! fixtures in `tests/fixtures/`, hostile ones included. Each case states its whole outcome through
//! `check`: the action, the SKUs in order, deleted SKUs and warnings, or exactly which errors.

mod common;

use common::*;
use procura_catalog::import::{peppol, CatalogAction, ImportLimits, ImportedCatalog};

fn check(bytes: &[u8], limits: ImportLimits, want: Want<'_>) -> Option<ImportedCatalog> {
    check_with(peppol::parse, bytes, limits, want)
}

#[test]
fn official_catalogue_example() {
    let Some(bytes) = shared("peppol/Catalogue_Example.xml") else {
        return;
    };
    // Declared ISO-8859-1; ActionCode Add is a whole new catalogue. Both GTINs in the example
    // fail the check digit and are kept, with a warning each.
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["MNTR011", "MNTR012"],
        deleted: &[],
        warnings: &[
            (
                202,
                "GTIN 1234567890114 is not valid (check digit is 4, expected 1)",
            ),
            (
                286,
                "GTIN 1234567890124 is not valid (check digit is 4, expected 8)",
            ),
        ],
    };
    let cat = check(&bytes, defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("Medical"));
    assert_eq!(cat.warnings[1].sku.as_deref(), Some("MNTR012"));
    assert_eq!(
        cat.warnings[1].location.path,
        "/Catalogue/CatalogueLine[2]/Item/StandardItemIdentification/ID"
    );
    // listID "MP" with UNSPSC version 19.0501; OrderableUnit LBR; ContentUnitQuantity 10 C62;
    // the RequiredItemLocationQuantity price, not the ItemComparison one; lead time 2 DAY.
    assert_item(
        &cat,
        Facts {
            sku: "MNTR011",
            name: ("Copy paper", ""),
            description: ("Photo copy paper 80g A4, package of 500 sheets.", ""),
            gtin: Some("1234567890114"),
            manufacturer: "Manufacturer AS",
            mpn: "MNTR01349087911",
            unspsc: "20101601",
            eclass: None,
            units: ("LBR", "C62", "10"),
            currency: "EUR",
            tiers: &[("1", "10.00")],
            lead_time_days: 2,
        },
    );
    assert_item(
        &cat,
        Facts {
            sku: "MNTR012",
            name: ("Copy paper", ""),
            description: (
                "Photo copy paper 80g A4, carton of 10 units with 500 sheets each",
                "",
            ),
            gtin: Some("1234567890124"),
            mpn: "MNTR01349087912",
            unspsc: "20101601",
            units: ("C62", "C62", "1"),
            currency: "EUR",
            tiers: &[("1", "90.00")],
            ..Facts::default()
        },
    );
}

#[test]
fn other_peppol_documents_are_not_catalogues() {
    for (name, line, root) in [
        ("peppol/Order_Example.xml", 3, "/Order"),
        (
            "peppol/CatalogueResponse_Example.xml",
            2,
            "/ApplicationResponse",
        ),
    ] {
        let Some(bytes) = shared(name) else { return };
        check(
            &bytes,
            defaults(),
            Want::Refused(&[(Some(line), root, "not a Peppol catalogue")]),
        );
    }
}

#[test]
fn update_with_languages_tiers_and_a_delete() {
    let want = Want::Imported {
        action: CatalogAction::Update,
        skus: &["P-100", "P-200"],
        deleted: &["OLD-9"],
        warnings: &[
            (34, "price in USD ignored: this item is priced in CNY"),
            (73, "GTIN 4006381333932 is not valid"),
        ],
    };
    let cat = check(&own("peppol_zh_tiers.xml"), defaults(), want).unwrap();
    assert_eq!(
        cat.supplier_name.as_deref(),
        Some("Huadong Office Supplies Ltd.")
    );
    // languageID sorts names; TST (UNSPSC) wins over STI; BOX and PCE become BX and H87;
    // tiers come out ascending though the file lists 10 before 1; 1 WEE is 7 days.
    assert_item(
        &cat,
        Facts {
            sku: "P-100",
            name: ("Ballpoint pen, blue, box of 12", "圆珠笔 蓝色 12支装"),
            description: ("", "0.7 毫米笔尖"),
            gtin: Some("4006381333931"),
            manufacturer: "Nordline",
            unspsc: "44121704",
            units: ("BX", "H87", "12"),
            currency: "CNY",
            tiers: &[("1", "24.00"), ("10", "21.60")],
            lead_time_days: 7,
            ..Facts::default()
        },
    );
    // Order unit from PackQuantity, 5 pieces from PackSizeNumeric, 180 per BaseQuantity 4,
    // the eCl@ss code kept apart from the (absent) UNSPSC.
    assert_item(
        &cat,
        Facts {
            sku: "P-200",
            name: ("Copy paper A4 80 g", ""),
            gtin: Some("4006381333932"),
            unspsc: "",
            eclass: Some("24-32-01-01"),
            units: ("CT", "C62", "5"),
            currency: "CNY",
            tiers: &[("1", "45")],
            ..Facts::default()
        },
    );
}

#[test]
fn every_error_is_listed_in_file_order() {
    let l = "/Catalogue/CatalogueLine";
    let paths = [
        format!("{l}[1]/RequiredItemLocationQuantity/Price/PriceAmount"),
        format!("{l}[2]/RequiredItemLocationQuantity/Price/PriceAmount"),
        format!("{l}[3]/RequiredItemLocationQuantity"),
        format!("{l}[4]/RequiredItemLocationQuantity/Price/PriceAmount"),
        format!("{l}[4]/Item/Name"),
        format!("{l}[5]/Item/SellersItemIdentification"),
    ];
    let errors = [
        (
            Some(9),
            paths[0].as_str(),
            "PriceAmount must be zero or more, not -1.00",
        ),
        (
            Some(19),
            paths[1].as_str(),
            "currency \"EURO\" is not an ISO 4217 currency code",
        ),
        (Some(26), paths[2].as_str(), "no price"),
        (
            Some(36),
            paths[3].as_str(),
            "\"2,50\" is not a number: write decimals with a point",
        ),
        (
            Some(36),
            paths[3].as_str(),
            "PriceAmount without currencyID",
        ),
        (Some(38), paths[4].as_str(), "missing Name"),
        (
            Some(44),
            paths[5].as_str(),
            "without SellersItemIdentification/ID",
        ),
    ];
    check(
        &own("peppol_bad_lines.xml"),
        defaults(),
        Want::Refused(&errors),
    );
}

#[test]
fn hostile_and_broken_files_are_refused() {
    let external = "external parameter entity";
    check(
        &own("peppol_xxe.xml"),
        defaults(),
        Want::Refused(&[(Some(2), "/", external)]),
    );
    let path = "/Catalogue/CatalogueLine[1]/Item/Name";
    let errors = [(Some(8), path, "unknown entity reference &xxe;")];
    check(
        &own("peppol_unknown_entity.xml"),
        defaults(),
        Want::Refused(&errors),
    );
    let truncated = b"<Catalogue>\n<CatalogueLine>\n<Item>";
    let errors = [(
        Some(3),
        "/Catalogue/CatalogueLine[1]/Item",
        "the file ends inside",
    )];
    check(truncated, defaults(), Want::Refused(&errors));
    let mismatched = b"<Catalogue>\n<CatalogueLine></Item>\n</Catalogue>";
    let errors = [(Some(2), "/Catalogue/CatalogueLine[1]", "malformed XML")];
    check(mismatched, defaults(), Want::Refused(&errors));
    let unsupported = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><Catalogue/>";
    check(
        unsupported,
        defaults(),
        Want::Refused(&[(Some(1), "/", "encoding \"shift_jis\"")]),
    );
}

#[test]
fn latin1_files_are_transcoded() {
    let latin1: &[u8] = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Catalogue><CatalogueLine>\
        <RequiredItemLocationQuantity><Price><PriceAmount currencyID=\"EUR\">2.5</PriceAmount></Price>\
        </RequiredItemLocationQuantity><Item><Name>Gr\xFC\xDFe</Name><SellersItemIdentification><ID>L-1</ID>\
        </SellersItemIdentification></Item></CatalogueLine></Catalogue>";
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["L-1"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(latin1, defaults(), want).unwrap();
    assert_eq!(cat.items[0].name.en, "Grüße");
}

#[test]
fn limits_are_enforced_before_and_while_parsing() {
    let file = own("peppol_zh_tiers.xml");
    let tiny = ImportLimits {
        max_bytes: 1000,
        max_items: 10,
    };
    let (size, unit) = procura_catalog::import::file_size(file.len() as u64);
    let message = format!("the file is {size} {unit}, more than the 1000 bytes an import accepts");
    check(&file, tiny, Want::Refused(&[(None, "/", &message)]));
    let one = ImportLimits {
        max_bytes: 1 << 20,
        max_items: 1,
    };
    let errors = [(
        Some(52),
        "/Catalogue/CatalogueLine[2]",
        "more than 1 catalogue lines",
    )];
    check(&file, one, Want::Refused(&errors));
}

#[test]
fn lines_deleted_by_standard_identification_and_rec21_package_units() {
    let want = Want::Imported {
        action: CatalogAction::Update,
        skus: &["ST-246"],
        deleted: &["OLD-9"],
        // XCS and XBX are Rec 21 package codes Peppol allows: no unknown-unit warning.
        warnings: &[],
    };
    let cat = check(&own("peppol_delete_by_gtin_rec21.xml"), defaults(), want).unwrap();
    // The line deleted by its GTIN only is kept for the plan, which knows the items held.
    assert_eq!(cat.deleted_gtins, ["4012345678901"]);
    assert_item(
        &cat,
        Facts {
            sku: "ST-246",
            name: ("Staples 24/6, case of 10 boxes", ""),
            gtin: Some("5901234123457"),
            units: ("XCS", "XBX", "10"),
            currency: "EUR",
            tiers: &[("1", "42.50")],
            ..Facts::default()
        },
    );
    assert_eq!(procura_ground::unit::name("XCS").unwrap().en, "case");
    assert_eq!(procura_ground::unit::name("XBX").unwrap().zh, "盒");

    // Planned against the held catalog: the GTIN finds the held copy paper, OLD-9 is held too.
    let held = |sku: &str, gtin: Option<&str>| {
        let mut item = cat.items[0].clone();
        item.sku = sku.into();
        item.id = procura_catalog::catalog::CatalogItem::make_id("sup", sku);
        item.gtin = gtin.map(str::to_owned);
        item
    };
    let existing = [
        held("PAPER-A4", Some("4012345678901")),
        held("OLD-9", None),
        held("KEEP", Some("4006381333931")),
    ];
    let write = procura_catalog::import::plan_import("sup", &existing, &cat).unwrap();
    assert_eq!(write.delete, ["sup/OLD-9", "sup/PAPER-A4"]);
    assert_eq!(write.put.len(), 1);
}

#[test]
fn a_deleted_line_must_name_its_item_somehow() {
    let xml = r#"<Catalogue><ActionCode>Update</ActionCode>
<CatalogueLine><ID>1</ID><ActionCode>Delete</ActionCode><Item><Name>Nameless</Name></Item></CatalogueLine>
</Catalogue>"#;
    let errors = [(
        Some(2),
        "/Catalogue/CatalogueLine[1]/Item/SellersItemIdentification",
        "StandardItemIdentification/ID",
    )];
    check(xml.as_bytes(), defaults(), Want::Refused(&errors));
}

#[test]
fn a_catalogue_action_delete_withdraws_the_whole_catalog() {
    let want = Want::Imported {
        action: CatalogAction::Withdraw,
        skus: &[],
        deleted: &[],
        warnings: &[],
    };
    // Its line has no price: a withdrawal reads no lines.
    let cat = check(&own("peppol_withdraw.xml"), defaults(), want).unwrap();
    assert_eq!(cat.supplier_name.as_deref(), Some("Nordline Office AB"));
}

#[test]
fn texts_in_other_languages_are_kept_as_the_fallback() {
    let want = Want::Imported {
        action: CatalogAction::Replace,
        skus: &["KS-01", "RG-02"],
        deleted: &[],
        warnings: &[],
    };
    let cat = check(&own("peppol_language_ids.xml"), defaults(), want).unwrap();
    // German first does not take English's place; zh-CN goes to Chinese; the German-only
    // description and name are kept and shown to buyers of either language.
    assert_item(
        &cat,
        Facts {
            sku: "KS-01",
            name: ("Ballpoint pen, blue", "蓝色圆珠笔"),
            description: ("Mit Clip, nachfüllbar", ""),
            units: ("C62", "C62", "1"),
            currency: "EUR",
            tiers: &[("1", "3.20")],
            ..Facts::default()
        },
    );
    let eraser = &cat.items[1].name;
    assert_eq!(
        eraser.get(procura_ground::text::Lang::ZhCn),
        "Radiergummi weiß"
    );
    assert_eq!(
        eraser.get(procura_ground::text::Lang::En),
        "Radiergummi weiß"
    );
}
