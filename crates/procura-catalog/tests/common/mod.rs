//! Shared by the XML importers' tests (BMEcat, Peppol): fixtures, and `check`, which states a
//! file's whole outcome (the action, the SKUs in order, deleted SKUs and warnings, or exactly which
//! errors), and `assert_item`, which compares every fact of one item.
#![allow(dead_code)] // each test crate uses its own part

use procura_catalog::catalog::CatalogItem;
use procura_catalog::import::{
    CatalogAction, ImportFailure, ImportIssue, ImportLimits, ImportedCatalog, IssueKind, Severity,
};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

pub const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

pub fn own(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A real-world sample, or `None` (with a note) when the shared folder is not there.
pub fn shared(name: &str) -> Option<Vec<u8>> {
    if !Path::new(SHARED).is_dir() {
        eprintln!("note: {SHARED} is absent; skipping the real-world sample {name}");
        return None;
    }
    Some(std::fs::read(Path::new(SHARED).join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// What an import must come to.
pub enum Want<'a> {
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

/// Every issue has a specific kind, and its English message is the kind's.
pub fn assert_specific(issues: &[ImportIssue]) {
    for issue in issues {
        assert_ne!(*issue.kind, IssueKind::Unclassified, "{issue:?}");
        assert_eq!(issue.message, issue.kind.to_string(), "{issue:?}");
        assert!(issue.kind.code().starts_with("import."), "{issue:?}");
    }
}

/// A format's parser, as `bmecat::parse` and `peppol::parse` are.
pub type Parser = fn(&[u8], &str, &ImportLimits) -> Result<ImportedCatalog, ImportFailure>;

pub fn check_with(
    parse: Parser,
    bytes: &[u8],
    limits: ImportLimits,
    want: Want<'_>,
) -> Option<ImportedCatalog> {
    let result = parse(bytes, "sup", &limits);
    match &result {
        Ok(cat) => assert_specific(&cat.warnings),
        Err(failure) => assert_specific(&failure.errors),
    }
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
pub struct Facts<'a> {
    pub sku: &'a str,
    pub name: (&'a str, &'a str),
    pub description: (&'a str, &'a str),
    pub gtin: Option<&'a str>,
    pub manufacturer: &'a str,
    pub mpn: &'a str,
    pub unspsc: &'a str,
    pub eclass: Option<&'a str>,
    /// Order unit, content unit, content units per order unit.
    pub units: (&'a str, &'a str, &'a str),
    pub currency: &'a str,
    pub tiers: &'a [(&'a str, &'a str)],
    pub lead_time_days: u32,
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn assert_item(cat: &ImportedCatalog, want: Facts<'_>) {
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

pub fn defaults() -> ImportLimits {
    ImportLimits::default()
}
