//! Collecting every error and warning of one import, each with where it is.
//!
//! Parsers report and carry on, so a buyer sees all of a file's problems at once rather than one
//! per attempt; [`Issues::finish`] then turns any error into a refusal of the whole file.

use super::{ImportFailure, ImportIssue, Location, Severity};
use crate::currency::{self, CurrencyStatus};
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
    message: String,
) -> ImportIssue {
    ImportIssue {
        severity,
        location: at.location(),
        sku: sku.map(str::to_owned),
        message,
    }
}

/// An error about the whole file, before there is anything more precise to point at.
pub(crate) fn file_error(line: Option<u64>, message: String) -> ImportFailure {
    let location = Location {
        line,
        path: "/".into(),
    };
    ImportFailure {
        errors: vec![ImportIssue {
            severity: Severity::Error,
            location,
            sku: None,
            message,
        }],
    }
}

/// Errors and warnings of one import, returned in file order.
#[derive(Default)]
pub(crate) struct Issues {
    errors: Vec<ImportIssue>,
    warnings: Vec<ImportIssue>,
    obsolete_warned: BTreeSet<String>,
    /// Line of each SKU's first item.
    skus: HashMap<String, u64>,
}

impl Issues {
    pub fn error(
        &mut self,
        at: &(impl Locate + ?Sized),
        sku: Option<&str>,
        message: impl Into<String>,
    ) {
        self.errors
            .push(issue(Severity::Error, at, sku, message.into()));
    }

    /// Checks the pack size, tier quantities and prices of `item` against the bounds of
    /// [`crate::money`]: an error for each value out of range.
    pub fn item_bounds(&mut self, item: &crate::catalog::CatalogItem, at: &(impl Locate + ?Sized)) {
        let sku = Some(item.sku.as_str());
        if let Err(e) = crate::money::check_quantity(item.content_per_order_unit) {
            self.error(at, sku, format!("content per order unit: {e}"));
        }
        for t in &item.price_tiers {
            if let Err(e) = crate::money::check_quantity(t.min_qty) {
                self.error(at, sku, format!("tier quantity: {e}"));
            }
            if let Err(e) = crate::money::check_price(t.unit_price) {
                self.error(at, sku, format!("price: {e}"));
            }
        }
    }

    pub fn warn(
        &mut self,
        at: &(impl Locate + ?Sized),
        sku: Option<&str>,
        message: impl Into<String>,
    ) {
        self.warnings
            .push(issue(Severity::Warning, at, sku, message.into()));
    }

    /// Two items with one SKU cannot both be imported.
    pub fn unique_sku(&mut self, sku: &str, at: &(impl Locate + ?Sized)) {
        let line = at.location().line.unwrap_or(0);
        if let Some(first) = self.skus.get(sku).copied() {
            self.error(
                at,
                Some(sku),
                format!("article number {sku} appears twice (first at line {first})"),
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
            errors: sorted(self.errors),
        }
    }

    /// The warnings, or every error.
    pub fn finish(self) -> Result<Vec<ImportIssue>, ImportFailure> {
        if self.errors.is_empty() {
            Ok(sorted(self.warnings))
        } else {
            Err(ImportFailure {
                errors: sorted(self.errors),
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
                    self.warn(at, sku, format!("currency {code} is obsolete (withdrawn from ISO 4217); prices kept as written"));
                }
                true
            }
            CurrencyStatus::Unknown => {
                self.error(
                    at,
                    sku,
                    format!("currency \"{code}\" is not an ISO 4217 currency code"),
                );
                false
            }
        }
    }

    /// A GTIN with a bad check digit is kept (so it can be flagged), with a warning.
    pub fn gtin(&mut self, gtin: &str, at: &(impl Locate + ?Sized), sku: &str) {
        if let Err(e) = crate::gtin::validate(gtin) {
            let hint = if gtin.contains(['E', 'e']) && gtin.contains(['.', ',']) {
                " (it looks like a spreadsheet turned it into a number like 4.00638E+12: format \
                 the column as text)"
            } else {
                ""
            };
            self.warn(
                at,
                Some(sku),
                format!("GTIN {gtin} is not valid ({e}){hint}; kept so it can be checked"),
            );
        }
    }

    /// A unit as a UN/ECE Rec 20 code; an unknown one is kept uppercased, with a warning.
    pub fn unit(&mut self, raw: &str, at: &(impl Locate + ?Sized), sku: &str) -> String {
        match crate::unit::normalize(raw) {
            Ok(code) => code.to_owned(),
            Err(upper) => {
                self.warn(
                    at,
                    Some(sku),
                    format!("unit \"{raw}\" is not a known UN/ECE Rec 20 code; kept as {upper}"),
                );
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
