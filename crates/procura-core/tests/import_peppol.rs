//! Peppol BIS 3 Catalogue import: the official example (skipped when `../shared/fixtures` is absent) and hand-written
//! fixtures in `tests/fixtures/`, hostile ones included. Each case states its whole outcome through
//! `check`: the action, the SKUs in order, deleted SKUs and warnings, or exactly which errors.

use procura_core::catalog::CatalogItem;
use procura_core::import::{peppol, CatalogAction, ImportLimits, ImportedCatalog, Severity};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

fn own(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A real-world sample, or `None` (with a note) when the shared folder is not there.
fn shared(name: &str) -> Option<Vec<u8>> {
    if !Path::new(SHARED).is_dir() {
        eprintln!("note: {SHARED} is absent; skipping the real-world sample {name}");
        return None;
    }
    Some(std::fs::read(Path::new(SHARED).join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// What an import must come to.
enum Want<'a> {
    Imported {
        action: CatalogAction,
        skus: &'a [&'a str],
        deleted: &'a [&'a str],
        /// (line, message fragment), in file order.
        warnings: &'a [(u64, &'a str)],
    },
    /// (line, element path, message fragment), exactly these, in file order.
    Refused(&'a [(Option<u64>, &'a str, &'a str)]),
}

fn check(bytes: &[u8], limits: ImportLimits, want: Want<'_>) -> Option<ImportedCatalog> {
    let result = peppol::parse(bytes, "sup", &limits);
    match (want, result) {
        (
            Want::Imported {
                action,
                skus,
                deleted,
                warnings,
            },
            Ok(cat),
        ) => {
            assert_eq!(cat.action, action);
            let got: Vec<&str> = cat.items.iter().map(|i| i.sku.as_str()).collect();
            assert_eq!(got, skus);
            assert_eq!(cat.deleted_skus, deleted);
            let got: Vec<(u64, &str)> = cat
                .warnings
                .iter()
                .map(|w| (w.location.line.unwrap_or(0), w.message.as_str()))
                .collect();
            assert_eq!(got.len(), warnings.len(), "warnings: {got:#?}");
            for ((line, message), (want_line, fragment)) in got.iter().zip(warnings) {
                assert_eq!(line, want_line, "{message}");
                assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
            }
            assert!(cat.warnings.iter().all(|w| w.severity == Severity::Warning));
            for item in &cat.items {
                assert_eq!(item.id, CatalogItem::make_id("sup", &item.sku));
                assert_eq!(item.supplier_id, "sup");
                assert_eq!(item.stock, None);
                assert!(item
                    .price_tiers
                    .windows(2)
                    .all(|t| t[0].min_qty < t[1].min_qty));
            }
            Some(cat)
        }
        (Want::Refused(errors), Err(failure)) => {
            let got: Vec<_> = failure
                .errors
                .iter()
                .map(|e| {
                    (
                        e.location.line,
                        e.location.path.as_str(),
                        e.message.as_str(),
                    )
                })
                .collect();
            assert_eq!(got.len(), errors.len(), "errors: {got:#?}");
            for ((line, path, message), (want_line, want_path, fragment)) in got.iter().zip(errors)
            {
                assert_eq!((line, path), (want_line, want_path), "{message}");
                assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
            }
            assert!(failure.errors.iter().all(|e| e.severity == Severity::Error));
            None
        }
        (Want::Imported { .. }, Err(failure)) => panic!("refused: {:#?}", failure.errors),
        (Want::Refused(_), Ok(cat)) => panic!("imported: {:#?}", cat.items),
    }
}

/// Facts about one item; every field is compared.
#[derive(Default)]
struct Facts<'a> {
    sku: &'a str,
    name: (&'a str, &'a str),
    description: (&'a str, &'a str),
    gtin: Option<&'a str>,
    manufacturer: &'a str,
    mpn: &'a str,
    unspsc: &'a str,
    eclass: Option<&'a str>,
    /// Order unit, content unit, content units per order unit.
    units: (&'a str, &'a str, &'a str),
    currency: &'a str,
    tiers: &'a [(&'a str, &'a str)],
    lead_time_days: u32,
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn assert_item(cat: &ImportedCatalog, want: Facts<'_>) {
    let item = cat
        .items
        .iter()
        .find(|i| i.sku == want.sku)
        .unwrap_or_else(|| panic!("no item {}", want.sku));
    assert_eq!(
        (item.name.en.as_str(), item.name.zh.as_str()),
        want.name,
        "{}",
        want.sku
    );
    assert_eq!(
        (item.description.en.as_str(), item.description.zh.as_str()),
        want.description,
        "{}",
        want.sku
    );
    assert_eq!(item.gtin.as_deref(), want.gtin, "{}", want.sku);
    assert_eq!(
        (item.manufacturer.as_str(), item.mpn.as_str()),
        (want.manufacturer, want.mpn),
        "{}",
        want.sku
    );
    assert_eq!(item.unspsc, want.unspsc, "{}", want.sku);
    assert_eq!(item.eclass.as_deref(), want.eclass, "{}", want.sku);
    let units = (
        item.order_unit.as_str(),
        item.content_unit.as_str(),
        item.content_per_order_unit,
    );
    assert_eq!(
        units,
        (want.units.0, want.units.1, dec(want.units.2)),
        "{}",
        want.sku
    );
    assert_eq!(item.currency, want.currency, "{}", want.sku);
    let tiers: Vec<(Decimal, Decimal)> = item
        .price_tiers
        .iter()
        .map(|t| (t.min_qty, t.unit_price))
        .collect();
    let want_tiers: Vec<(Decimal, Decimal)> =
        want.tiers.iter().map(|(q, p)| (dec(q), dec(p))).collect();
    assert_eq!(tiers, want_tiers, "{}", want.sku);
    assert_eq!(item.lead_time_days, want.lead_time_days, "{}", want.sku);
}

fn defaults() -> ImportLimits {
    ImportLimits::default()
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
            "PriceAmount must not be negative: -1.00",
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
        (Some(38), paths[4].as_str(), "item without Name"),
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
    let message = format!(
        "the file has {} bytes, more than the 1000 an import accepts",
        file.len()
    );
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
