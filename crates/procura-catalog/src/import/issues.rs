//! Collecting every error and warning of one import, each with where it is.
//!
//! Parsers report and carry on, so a buyer sees all of a file's problems at once rather than one
//! per attempt; [`Issues::finish`] then turns any error into a refusal of the whole file.

use super::{FieldName, GtinProblem, ImportFailure, ImportIssue, IssueKind, Location, Severity};
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
}

impl Issues {
    pub fn error(&mut self, at: &(impl Locate + ?Sized), sku: Option<&str>, kind: IssueKind) {
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
        !self.errors.is_empty()
    }

    /// Stops at an error that makes reading on impossible, keeping those found before it.
    pub fn fatal(mut self, issue: ImportIssue) -> ImportFailure {
        self.errors.push(issue);
        ImportFailure {
            errors: listed(self.errors, self.errors_unlisted, Severity::Error),
        }
    }

    /// The warnings, or every error.
    pub fn finish(self) -> Result<Vec<ImportIssue>, ImportFailure> {
        if self.errors.is_empty() {
            Ok(listed(
                self.warnings,
                self.warnings_unlisted,
                Severity::Warning,
            ))
        } else {
            Err(ImportFailure {
                errors: listed(self.errors, self.errors_unlisted, Severity::Error),
            })
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
