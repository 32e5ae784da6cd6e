//! Buyer-managed catalog content: parsing supplier files into catalog items.
//!
//! Formats: BMEcat 1.2/2005 ([`bmecat`]), Peppol BIS 3 Catalogue ([`peppol`]), CSV with a column
//! mapping ([`csv`]) and Procura's own JSON ([`json`]); [`detect_format`] tells them apart. What
//! each reads is documented for buyers and suppliers in `docs/import-formats.md`.
//!
//! Every format parser returns either the whole catalog (with warnings) or a failure listing
//! every error found, each with where it is. When every error belongs to an item (a row, an
//! article, a line) and the file could be read to its end, the failure also offers the rest of
//! the file as a partial import ([`ImportFailure::partial`]): the buyer chooses between importing
//! the valid items and importing nothing. Either way what is written is one transaction, so a bad
//! file can never leave a half-written catalog behind.

mod apply;
pub mod bmecat;
pub mod csv;
mod detect;
pub mod encoding;
mod issues;
pub mod job;
pub mod json;
mod kind;
pub mod peppol;
mod record;
pub mod xml;

pub use apply::{plan_categories, plan_import, CatalogWrite, ImportSummary};
pub use detect::{detect_format, FileFormat};
pub use kind::{
    file_size, Bound, FieldName, GtinProblem, IssueKind, JsonPlace, JsonSyntax, JsonType,
    NumberProblem, RecordName,
};

use crate::catalog::groups::CategoryTree;
use crate::catalog::CatalogItem;
use serde::{Deserialize, Serialize};

/// The most errors, and the most warnings, one import lists; past them one issue says how many
/// more were found. The buyer fixes the file from the first few anyway, and a tablet must not
/// hold millions of messages for a hostile file.
pub const MAX_LISTED_ISSUES: usize = 10_000;

/// Limits an import refuses to exceed, stated up front so a hostile file cannot exhaust a tablet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    pub max_bytes: usize,
    pub max_items: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_items: 200_000,
        }
    }
}

/// What the file asks to do with the supplier's catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CatalogAction {
    /// The file is the supplier's whole catalog: items not in it are withdrawn.
    Replace,
    /// The file adds or changes the items it names (and deletes those it marks deleted).
    Update,
    /// The file changes only the prices of items already held.
    UpdatePrices,
    /// The file withdraws the supplier's whole catalog (Peppol `ActionCode` `Delete`): every
    /// item held is deleted. The buyer confirms it before anything is written.
    Withdraw,
}

/// Where in the file an issue is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// 1-based line in the file, when known.
    pub line: Option<u64>,
    /// Element path (`/BMECAT/T_NEW_CATALOG/ARTICLE[3]/ARTICLE_DETAILS`) or CSV column.
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// The file cannot be imported while this stands.
    Error,
    /// Imported, but the buyer should know (an unknown unit, an invalid GTIN).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    pub severity: Severity,
    pub location: Location,
    /// The item the issue belongs to (supplier article number), when there is one.
    pub sku: Option<String>,
    /// What the problem is, with its arguments: what the app says in the buyer's language.
    /// Absent in issues stored before kinds existed ([`IssueKind::Unclassified`]).
    /// Boxed: issues travel as `Err` values, which stay small this way.
    #[serde(default)]
    pub kind: Box<IssueKind>,
    /// The same in English, for logs and the report's English column.
    pub message: String,
}

impl ImportIssue {
    /// An issue of `kind` at `location`, its English message made from the kind.
    pub fn new(
        severity: Severity,
        location: Location,
        sku: Option<String>,
        kind: IssueKind,
    ) -> Self {
        Self {
            severity,
            location,
            message: kind.to_string(),
            sku,
            kind: Box::new(kind),
        }
    }
}

/// A parsed file, ready to be applied to the supplier's catalog in one transaction.
/// Serializable: the import worker ([`job`]) hands it to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCatalog {
    pub action: CatalogAction,
    /// The supplier's name as the file states it.
    pub supplier_name: Option<String>,
    pub items: Vec<CatalogItem>,
    /// Supplier article numbers the file marks as deleted.
    pub deleted_skus: Vec<String>,
    /// Standard identifications (GTINs) of items the file marks as deleted without naming their
    /// article number (a Peppol line identified by `StandardItemIdentification` only). Only
    /// [`plan_import`] can resolve them, against the items held.
    pub deleted_gtins: Vec<String>,
    pub warnings: Vec<ImportIssue>,
    /// The records left out of a partial import for their errors; empty in a clean import.
    /// Their items are kept as held, even when the file replaces the whole catalog.
    pub skipped: Vec<SkippedRecord>,
    /// The supplier's own category tree, when the file has one (BMEcat `CATALOG_STRUCTURE`, a
    /// CSV category path column); items name its groups in [`CatalogItem::groups`].
    pub categories: Option<CategoryTree>,
}

/// A record of the file left out of a partial import: where it is and, when it has one, its SKU.
/// The errors that left it out are in [`ImportFailure::errors`] at the same line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    pub line: Option<u64>,
    pub sku: Option<String>,
}

impl ImportedCatalog {
    /// The same catalog for supplier `supplier_id`: every item re-keyed `{supplier_id}/{sku}`.
    /// For a file parsed before its supplier was known (the file itself names it).
    pub fn for_supplier(mut self, supplier_id: &str) -> Self {
        for item in &mut self.items {
            item.supplier_id = supplier_id.into();
            item.id = CatalogItem::make_id(supplier_id, &item.sku);
        }
        self
    }
}

/// Why the file cannot be imported as it is: every error found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub struct ImportFailure {
    pub errors: Vec<ImportIssue>,
    /// What can be imported without the records that have errors (listed in its `skipped`),
    /// when every error belongs to a record and at least one record is clean. `None` when the
    /// file as a whole is at fault (it cannot be read, its header or mapping is wrong).
    pub partial: Option<Box<ImportedCatalog>>,
}

impl std::fmt::Display for ImportFailure {
    /// English, for logs: the count and the first error. The app says it with the kinds.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.errors.len();
        let first = self.errors.first().map_or("", |e| e.message.as_str());
        let errors = if n == 1 { "error" } else { "errors" };
        write!(
            f,
            "the file was not imported: {n} {errors}, the first: {first}"
        )
    }
}

#[cfg(test)]
mod rekey_tests {
    use super::*;

    #[test]
    fn a_catalog_parsed_before_its_supplier_was_known_is_rekeyed() {
        let mut item = crate::catalog::samples::pens();
        item.supplier_id = "local-unnamed".into();
        item.id = CatalogItem::make_id("local-unnamed", &item.sku);
        let catalog = ImportedCatalog {
            action: CatalogAction::Replace,
            supplier_name: Some("Acme".into()),
            items: vec![item],
            deleted_skus: Vec::new(),
            deleted_gtins: Vec::new(),
            warnings: Vec::new(),
            skipped: Vec::new(),
            categories: None,
        }
        .for_supplier("local-acme");
        assert_eq!(catalog.items[0].supplier_id, "local-acme");
        assert_eq!(catalog.items[0].id, "local-acme/P-100");
    }
}
