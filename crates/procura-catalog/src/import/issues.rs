//! Collecting every error and warning of one import, each with where it is.
//!
//! Parsers report and carry on, so a buyer sees all of a file's problems at once rather than one
//! per attempt; [`Issues::finish`] then turns any error into a refusal of the whole file.
//!
//! Each item of a file is read between [`Issues::begin_record`] and [`Issues::end_record`], so an
//! error is known to belong to one record or to the file as a whole. When every error belongs to
//! a record, [`Issues::finish_catalog`] offers the rest of the file as a partial import: the
//! records with errors left out, and named, for the buyer to fix and import again.

use super::{
    FieldName, GtinProblem, ImportFailure, ImportIssue, ImportedCatalog, IssueKind, Location,
    Severity, SkippedRecord,
};
use procura_ground::currency::{self, CurrencyStatus};
use std::collections::{BTreeSet, HashMap};

/// Anything an issue can point at: an XML element, a CSV cell, a JSON value.
pub(crate) trait Locate {
    fn location(&self) -> Location;
}

impl Locate for Location {
    fn location(&self) -> Location {
        self.clone()
    }
}

pub(crate) fn issue(
    severity: Severity,
    at: &(impl Locate + ?Sized),
    sku: Option<&str>,
    kind: IssueKind,
) -> ImportIssue {
    ImportIssue::new(severity, at.location(), sku.map(str::to_owned), kind)
}

/// An error about the whole file, before there is anything more precise to point at.
pub(crate) fn file_error(line: Option<u64>, kind: IssueKind) -> ImportFailure {
    let location = Location {
        line,
        path: "/".into(),
    };
    ImportFailure {
        errors: vec![ImportIssue::new(Severity::Error, location, None, kind)],
        partial: None,
    }
}

/// Errors and warnings of one import, returned in file order: at most
/// [`MAX_LISTED_ISSUES`](super::MAX_LISTED_ISSUES) of each, then one issue counting the rest
/// (a hostile file of 200,000 bad rows must not become millions of messages on a tablet).
#[derive(Default)]
pub(crate) struct Issues {
    errors: Vec<ImportIssue>,
    warnings: Vec<ImportIssue>,
    /// Found past the limit, not kept.
    errors_unlisted: u64,
    warnings_unlisted: u64,
    obsolete_warned: BTreeSet<String>,
    /// Line of each SKU's first item.
    skus: HashMap<String, u64>,
    /// Every error found, listed or not.
    total_errors: u64,
    /// Errors found outside any record: the file as a whole cannot be imported, not even in part.
    file_errors: u64,
    /// `total_errors` when the record being read began; `None` between records.
    record_start: Option<u64>,
    /// The records left out for their errors, in file order.
    skipped: Vec<SkippedRecord>,
}

impl Issues {
    pub fn error(&mut self, at: &(impl Locate + ?Sized), sku: Option<&str>, kind: IssueKind) {
        self.total_errors += 1;
        if self.record_start.is_none() {
            self.file_errors += 1;
        }
        if self.errors.len() >= super::MAX_LISTED_ISSUES {
            self.errors_unlisted += 1;
            return;
        }
        self.errors.push(issue(Severity::Error, at, sku, kind));
    }

    /// Checks the pack size, tier quantities and prices of `item` against the bounds of
    /// [`procura_ground::money`]: an error for each value out of range.
    pub fn item_bounds(&mut self, item: &crate::catalog::CatalogItem, at: &(impl Locate + ?Sized)) {
        let sku = Some(item.sku.as_str());
        let value = |e: procura_ground::money::MoneyError| match e {
            procura_ground::money::MoneyError::Quantity(v)
            | procura_ground::money::MoneyError::Price(v)
            | procura_ground::money::MoneyError::Rate(v) => v,
            procura_ground::money::MoneyError::Amount => String::new(),
        };
        if let Err(e) = procura_ground::money::check_quantity(item.content_per_order_unit) {
            let (field, value) = (FieldName::ContentPerOrderUnit, value(e));
            self.error(at, sku, IssueKind::QuantityOutOfRange { field, value });
        }
        for t in &item.price_tiers {
            if let Err(e) = procura_ground::money::check_quantity(t.min_qty) {
                let (field, value) = (FieldName::TierQuantity, value(e));
                self.error(at, sku, IssueKind::QuantityOutOfRange { field, value });
            }
            if let Err(e) = procura_ground::money::check_price(t.unit_price) {
                let (field, value) = (FieldName::Price, value(e));
                self.error(at, sku, IssueKind::PriceOutOfRange { field, value });
            }
        }
    }

    pub fn warn(&mut self, at: &(impl Locate + ?Sized), sku: Option<&str>, kind: IssueKind) {
        if self.warnings.len() >= super::MAX_LISTED_ISSUES {
            self.warnings_unlisted += 1;
            return;
        }
        self.warnings.push(issue(Severity::Warning, at, sku, kind));
    }

    /// Two items with one SKU cannot both be imported.
    pub fn unique_sku(&mut self, sku: &str, at: &(impl Locate + ?Sized)) {
        let line = at.location().line.unwrap_or(0);
        if let Some(first) = self.skus.get(sku).copied() {
            let (sku, first_line) = (sku.to_owned(), first);
            self.error(
                at,
                Some(&sku),
                IssueKind::SkuTwice {
                    sku: sku.clone(),
                    first_line,
                },
            );
        } else {
            self.skus.insert(sku.to_owned(), line);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.total_errors > 0
    }

    /// The errors that follow, until [`Issues::end_record`], belong to one record.
    pub fn begin_record(&mut self) {
        self.record_start = Some(self.total_errors);
    }

    /// Ends the record begun last: whether it is clean (no error since it began). A record with
    /// errors is noted as skipped, at `line` and with its SKU when it has one.
    pub fn end_record(&mut self, line: Option<u64>, sku: Option<&str>) -> bool {
        let start = self.record_start.take().unwrap_or(self.total_errors);
        let clean = self.total_errors == start;
        if !clean {
            self.skipped.push(SkippedRecord {
                line,
                sku: sku.map(str::to_owned),
            });
        }
        clean
    }

    /// Stops at an error that makes reading on impossible, keeping those found before it. No
    /// partial import is offered: the file could not be read to its end.
    pub fn fatal(mut self, issue: ImportIssue) -> ImportFailure {
        self.errors.push(issue);
        ImportFailure {
            errors: listed(self.errors, self.errors_unlisted, Severity::Error),
            partial: None,
        }
    }

    /// The catalog of the clean records (`catalog.items` and `catalog.deleted_skus` hold only
    /// those) with the warnings; or, with errors, the refusal. The refusal carries the clean part
    /// as a partial import when every error belongs to a record and something clean is left.
    pub fn finish_catalog(
        mut self,
        mut catalog: ImportedCatalog,
    ) -> Result<ImportedCatalog, ImportFailure> {
        let file_errors = self.file_errors;
        let skipped = std::mem::take(&mut self.skipped);
        let (errors, warnings) = match self.finish_split() {
            Ok(warnings) => (None, warnings),
            Err((errors, warnings)) => (Some(errors), warnings),
        };
        catalog.warnings = warnings;
        let Some(errors) = errors else {
            return Ok(catalog);
        };
        let offer = file_errors == 0
            && !skipped.is_empty()
            && (!catalog.items.is_empty()
                || !catalog.deleted_skus.is_empty()
                || !catalog.deleted_gtins.is_empty());
        catalog.skipped = skipped;
        Err(ImportFailure {
            errors,
            partial: offer.then(|| Box::new(catalog)),
        })
    }

    /// The warnings, or every error.
    pub fn finish(self) -> Result<Vec<ImportIssue>, ImportFailure> {
        self.finish_split().map_err(|(errors, _)| ImportFailure {
            errors,
            partial: None,
        })
    }

    /// The warnings; or every error, and the warnings.
    fn finish_split(self) -> Result<Vec<ImportIssue>, (Vec<ImportIssue>, Vec<ImportIssue>)> {
        let warnings = listed(self.warnings, self.warnings_unlisted, Severity::Warning);
        if self.total_errors == 0 {
            Ok(warnings)
        } else {
            let errors = listed(self.errors, self.errors_unlisted, Severity::Error);
            Err((errors, warnings))
        }
    }

    /// Checks an ISO 4217 code: unknown is an error, withdrawn a warning (once per code).
    /// Returns whether the code may be used.
    pub fn currency(&mut self, code: &str, at: &(impl Locate + ?Sized), sku: Option<&str>) -> bool {
        match currency::status(code) {
            CurrencyStatus::Active => true,
            CurrencyStatus::Obsolete => {
                if self.obsolete_warned.insert(code.to_owned()) {
                    let currency = code.to_owned();
                    self.warn(at, sku, IssueKind::CurrencyObsolete { currency });
                }
                true
            }
            CurrencyStatus::Unknown => {
                let currency = code.to_owned();
                self.error(at, sku, IssueKind::CurrencyUnknown { currency });
                false
            }
        }
    }

    /// A GTIN with a bad check digit is kept (so it can be flagged), with a warning.
    pub fn gtin(&mut self, gtin: &str, at: &(impl Locate + ?Sized), sku: &str) {
        if let Err(e) = procura_ground::gtin::validate(gtin) {
            let spreadsheet = gtin.contains(['E', 'e']) && gtin.contains(['.', ',']);
            let kind = IssueKind::GtinInvalid {
                gtin: gtin.to_owned(),
                problem: GtinProblem::from(e),
                spreadsheet,
            };
            self.warn(at, Some(sku), kind);
        }
    }

    /// Bounds an item's attributes (see [`crate::catalog::attribute::bound`]): a warning for
    /// each limit they were cut to.
    pub fn attributes(
        &mut self,
        attributes: &mut Vec<crate::catalog::Attribute>,
        at: &(impl Locate + ?Sized),
        sku: &str,
    ) {
        for limit in crate::catalog::attribute::bound(attributes) {
            self.warn(at, Some(sku), IssueKind::AttributesCut { limit });
        }
    }

    /// Bounds an item's pictures and documents, with a warning when something was cut.
    pub fn media(
        &mut self,
        media: &mut Vec<crate::catalog::media::Media>,
        at: &(impl Locate + ?Sized),
        sku: &str,
    ) {
        if crate::catalog::media::bound(media) {
            let max = crate::catalog::media::MAX_MEDIA as u32;
            self.warn(at, Some(sku), IssueKind::MediaCut { max });
        }
    }

    /// A unit as a UN/ECE Rec 20 code; an unknown one is kept uppercased, with a warning.
    pub fn unit(&mut self, raw: &str, at: &(impl Locate + ?Sized), sku: &str) -> String {
        match procura_ground::unit::normalize(raw) {
            Ok(code) => code.to_owned(),
            Err(upper) => {
                let (unit, kept) = (raw.to_owned(), upper.clone());
                self.warn(at, Some(sku), IssueKind::UnitUnknown { unit, kept });
                upper
            }
        }
    }
}

/// In file order: by line, ties (and formats without lines) in the order they were found.
fn sorted(mut issues: Vec<ImportIssue>) -> Vec<ImportIssue> {
    issues.sort_by_key(|i| i.location.line.unwrap_or(u64::MAX));
    issues
}

/// `issues` in file order, then how many more were found and not kept.
fn listed(issues: Vec<ImportIssue>, unlisted: u64, severity: Severity) -> Vec<ImportIssue> {
    let mut issues = sorted(issues);
    if unlisted > 0 {
        let location = Location {
            line: None,
            path: "/".into(),
        };
        let more = IssueKind::MoreIssues { more: unlisted };
        issues.push(ImportIssue::new(severity, location, None, more));
    }
    issues
}
