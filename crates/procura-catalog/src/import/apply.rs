//! Turning a parsed import file into the writes that apply it to one supplier's catalog.
//!
//! The shell reads the supplier's current items and writes the plan in one storage transaction,
//! so the plan is computed against exactly what it replaces, and either all of it lands or none.

use crate::catalog::groups::CategoryTree;
use crate::catalog::CatalogItem;
use crate::import::{
    CatalogAction, ImportFailure, ImportIssue, ImportedCatalog, IssueKind, Location, Severity,
};
use procura_ground::id::ItemId;
use std::collections::{HashMap, HashSet};

/// The writes that apply an import: items to store (whole records) and ids to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogWrite {
    pub put: Vec<CatalogItem>,
    pub delete: Vec<ItemId>,
}

/// What applying an import changes, for the buyer's summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

impl CatalogWrite {
    /// Counts what the plan adds, changes and deletes relative to `existing`.
    pub fn summary(&self, existing: &[CatalogItem]) -> ImportSummary {
        let before: HashMap<&str, &CatalogItem> =
            existing.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut summary = ImportSummary {
            deleted: self.delete.len(),
            ..ImportSummary::default()
        };
        for item in &self.put {
            match before.get(item.id.as_str()) {
                None => summary.added += 1,
                Some(old) if *old == item => summary.unchanged += 1,
                Some(_) => summary.changed += 1,
            }
        }
        summary
    }
}

/// Plans applying `imported` to a supplier whose catalog is now `existing`.
///
/// - [`CatalogAction::Replace`]: the file is the whole catalog, so items not in it are deleted.
/// - [`CatalogAction::Update`]: the file's items are stored; its deletions apply to items held
///   (deleting an item not held is nothing to do). A deletion by GTIN deletes every held item
///   with that GTIN (compared without leading zeros, so a GTIN-13 matches its GTIN-14 form).
/// - [`CatalogAction::Withdraw`]: every held item is deleted. Withdrawing a catalog of which
///   nothing is held fails the import: it would only create an empty supplier.
/// - [`CatalogAction::UpdatePrices`]: each item's held record gets the file's tiers and
///   currency, everything else kept. A price for an item not held cannot be applied, and the
///   buyer would not notice it vanish, so it fails the import.
pub fn plan_import(
    supplier_id: &str,
    existing: &[CatalogItem],
    imported: &ImportedCatalog,
) -> Result<CatalogWrite, ImportFailure> {
    let mut errors = Vec::new();
    for item in &imported.items {
        if item.supplier_id != supplier_id {
            let kind = IssueKind::OtherSuppliersItem {
                supplier: item.supplier_id.to_string(),
                expected: supplier_id.to_owned(),
            };
            errors.push(issue(&item.sku, kind));
        }
    }
    let held: HashMap<&str, &CatalogItem> = existing.iter().map(|i| (i.id.as_str(), i)).collect();
    // A record left out of a partial import leaves its item as held: not replaced, not deleted.
    let skipped: HashSet<ItemId> = imported
        .skipped
        .iter()
        .filter_map(|s| s.sku.as_deref())
        .map(|sku| CatalogItem::make_id(supplier_id, sku))
        .collect();
    let write = match imported.action {
        CatalogAction::Replace => {
            let keep: HashSet<&str> = imported.items.iter().map(|i| i.id.as_str()).collect();
            CatalogWrite {
                put: imported.items.clone(),
                delete: existing
                    .iter()
                    .filter(|i| !keep.contains(i.id.as_str()) && !skipped.contains(&i.id))
                    .map(|i| i.id.clone())
                    .collect(),
            }
        }
        CatalogAction::Update => CatalogWrite {
            put: keep_groups(&held, imported),
            delete: deletions(supplier_id, existing, &held, imported)
                .into_iter()
                .filter(|id| !skipped.contains(id))
                .collect(),
        },
        CatalogAction::Withdraw => {
            if existing.is_empty() {
                let supplier = supplier_id.to_owned();
                let kind = IssueKind::WithdrawNothingHeld { supplier };
                errors.push(ImportIssue::new(Severity::Error, nowhere(), None, kind));
            }
            CatalogWrite {
                put: Vec::new(),
                delete: existing.iter().map(|i| i.id.clone()).collect(),
            }
        }
        CatalogAction::UpdatePrices => {
            let mut put = Vec::with_capacity(imported.items.len());
            for item in &imported.items {
                match held.get(item.id.as_str()) {
                    Some(old) => {
                        let mut new = (*old).clone();
                        new.price_tiers = item.price_tiers.clone();
                        new.currency = item.currency.clone();
                        put.push(new);
                    }
                    None => {
                        let sku = item.sku.clone();
                        errors.push(issue(&item.sku, IssueKind::PriceForUnknownItem { sku }));
                    }
                }
            }
            CatalogWrite {
                put,
                delete: Vec::new(),
            }
        }
    };
    if errors.is_empty() {
        Ok(write)
    } else {
        Err(ImportFailure {
            errors,
            partial: None,
        })
    }
}

/// An update's items; one the file files under no group keeps the groups it was filed under
/// (an update of a few fields says nothing about where the item belongs).
fn keep_groups(held: &HashMap<&str, &CatalogItem>, imported: &ImportedCatalog) -> Vec<CatalogItem> {
    let mut items = imported.items.clone();
    for item in items.iter_mut().filter(|i| i.groups.is_empty()) {
        if let Some(old) = held.get(item.id.as_str()) {
            item.groups.clone_from(&old.groups);
        }
    }
    items
}

/// The supplier's category tree after an import, from the one held:
/// - [`CatalogAction::Replace`]: the file's (none when the file has none);
/// - [`CatalogAction::Update`]: the held tree with the file's groups added or renamed
///   ([`CategoryTree::merged`]), or the held one when the file has none;
/// - [`CatalogAction::UpdatePrices`]: the held one;
/// - [`CatalogAction::Withdraw`]: no tree.
pub fn plan_categories(
    held: Option<&CategoryTree>,
    imported: &ImportedCatalog,
) -> Option<CategoryTree> {
    match (imported.action, held, &imported.categories) {
        (CatalogAction::Replace, _, file) => file.clone(),
        (CatalogAction::Update, Some(held), Some(file)) => Some(held.merged(file)),
        (CatalogAction::Update, None, Some(file)) => Some(file.clone()),
        (CatalogAction::Update | CatalogAction::UpdatePrices, held, _) => held.cloned(),
        (CatalogAction::Withdraw, _, _) => None,
    }
}

/// The held items an update file deletes: by article number, then by GTIN; each once.
fn deletions(
    supplier_id: &str,
    existing: &[CatalogItem],
    held: &HashMap<&str, &CatalogItem>,
    imported: &ImportedCatalog,
) -> Vec<ItemId> {
    let mut delete: Vec<ItemId> = imported
        .deleted_skus
        .iter()
        .map(|sku| CatalogItem::make_id(supplier_id, sku))
        .filter(|id| held.contains_key(id.as_str()))
        .collect();
    let gtins: HashSet<&str> = imported
        .deleted_gtins
        .iter()
        .map(|g| gtin_key(g))
        .filter(|g| !g.is_empty())
        .collect();
    if !gtins.is_empty() {
        let mut seen: HashSet<ItemId> = delete.iter().cloned().collect();
        for item in existing {
            let matches = item
                .gtin
                .as_deref()
                .is_some_and(|g| gtins.contains(gtin_key(g)));
            if matches && seen.insert(item.id.clone()) {
                delete.push(item.id.clone());
            }
        }
    }
    delete
}

/// A GTIN as compared: without surrounding spaces and leading zeros (GTIN-8/12/13 are GTIN-14
/// padded with zeros).
fn gtin_key(gtin: &str) -> &str {
    gtin.trim().trim_start_matches('0')
}

fn issue(sku: &str, kind: IssueKind) -> ImportIssue {
    ImportIssue::new(Severity::Error, nowhere(), Some(sku.to_owned()), kind)
}

/// An issue of the plan, not of a place in the file.
fn nowhere() -> Location {
    Location {
        line: None,
        path: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::PriceTier;
    use rust_decimal_macros::dec;

    fn item(sku: &str, price: rust_decimal::Decimal) -> CatalogItem {
        let mut item = crate::catalog::samples::pens();
        item.supplier_id = "local-acme".into();
        item.sku = sku.into();
        item.id = CatalogItem::make_id("local-acme", sku);
        item.price_tiers = vec![PriceTier {
            min_qty: dec!(1),
            unit_price: price,
        }];
        item
    }

    fn imported(action: CatalogAction, items: Vec<CatalogItem>) -> ImportedCatalog {
        ImportedCatalog {
            action,
            supplier_name: None,
            items,
            deleted_skus: Vec::new(),
            deleted_gtins: Vec::new(),
            warnings: Vec::new(),
            skipped: Vec::new(),
            categories: None,
        }
    }

    #[test]
    fn replace_deletes_what_the_file_no_longer_has() {
        let existing = [item("A", dec!(1)), item("B", dec!(2))];
        let file = imported(
            CatalogAction::Replace,
            vec![item("B", dec!(3)), item("C", dec!(4))],
        );
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/A"]);
        assert_eq!(write.put.len(), 2);
        let summary = write.summary(&existing);
        assert_eq!(
            summary,
            ImportSummary {
                added: 1,
                changed: 1,
                unchanged: 0,
                deleted: 1
            }
        );
    }

    #[test]
    fn a_partial_replace_keeps_the_items_of_skipped_records() {
        let existing = [item("A", dec!(1)), item("B", dec!(2)), item("C", dec!(3))];
        let mut file = imported(CatalogAction::Replace, vec![item("B", dec!(5))]);
        // A's row had an error: A stays as held. C is not in the file: withdrawn.
        file.skipped = vec![crate::import::SkippedRecord {
            line: Some(2),
            sku: Some("A".into()),
        }];
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/C"]);
        assert_eq!(write.put.len(), 1);
        assert_eq!(write.put[0].sku, "B");
    }

    #[test]
    fn a_partial_update_deletes_nothing_a_skipped_record_names() {
        let existing = [item("A", dec!(1)), item("B", dec!(2))];
        let mut file = imported(CatalogAction::Update, Vec::new());
        file.deleted_skus = vec!["A".into(), "B".into()];
        file.skipped = vec![crate::import::SkippedRecord {
            line: None,
            sku: Some("B".into()),
        }];
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/A"]);
    }

    #[test]
    fn update_deletes_only_held_items() {
        let existing = [item("A", dec!(1))];
        let mut file = imported(CatalogAction::Update, vec![item("B", dec!(2))]);
        file.deleted_skus = vec!["A".into(), "Z".into()];
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/A"]);
        assert_eq!(write.put[0].sku, "B");
    }

    #[test]
    fn update_deletes_by_gtin_the_held_items_that_carry_it() {
        let mut a = item("A", dec!(1));
        a.gtin = Some("4012345678901".into());
        let mut b = item("B", dec!(1));
        b.gtin = Some("4000000000006".into());
        let existing = [a, b, item("C", dec!(1))];
        let mut file = imported(CatalogAction::Update, Vec::new());
        // GTIN-14 form of A's GTIN-13, a GTIN no item carries, and A again by SKU.
        file.deleted_gtins = vec!["04012345678901".into(), "9999999999994".into()];
        file.deleted_skus = vec!["A".into()];
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/A"]);
        assert!(write.put.is_empty());
    }

    #[test]
    fn withdraw_deletes_everything_held_and_refuses_when_nothing_is() {
        let existing = [item("A", dec!(1)), item("B", dec!(2))];
        let file = imported(CatalogAction::Withdraw, Vec::new());
        let write = plan_import("local-acme", &existing, &file).unwrap();
        assert_eq!(write.delete, ["local-acme/A", "local-acme/B"]);
        assert!(write.put.is_empty());
        assert_eq!(write.summary(&existing).deleted, 2);
        let failure = plan_import("local-acme", &[], &file).unwrap_err();
        assert_eq!(
            failure.errors[0].kind.code(),
            "import.withdraw_nothing_held"
        );
    }

    #[test]
    fn price_update_keeps_everything_but_prices() {
        let mut held = item("A", dec!(1));
        held.name.en = "Kept name".into();
        let mut price = item("A", dec!(9.50));
        price.name.en = String::new();
        price.currency = "EUR".into();
        let write = plan_import(
            "local-acme",
            &[held],
            &imported(CatalogAction::UpdatePrices, vec![price]),
        )
        .unwrap();
        assert_eq!(write.put[0].name.en, "Kept name");
        assert_eq!(write.put[0].currency, "EUR");
        assert_eq!(write.put[0].list_price(), Some(dec!(9.50)));
    }

    #[test]
    fn price_for_an_unknown_item_fails_the_whole_import() {
        let file = imported(
            CatalogAction::UpdatePrices,
            vec![item("A", dec!(1)), item("Q", dec!(2))],
        );
        let failure = plan_import("local-acme", &[item("A", dec!(5))], &file).unwrap_err();
        assert_eq!(failure.errors.len(), 1);
        assert_eq!(failure.errors[0].sku.as_deref(), Some("Q"));
    }

    #[test]
    fn items_of_another_supplier_are_refused() {
        let mut stray = item("A", dec!(1));
        stray.supplier_id = "officeplus".into();
        let failure = plan_import(
            "local-acme",
            &[],
            &imported(CatalogAction::Replace, vec![stray]),
        )
        .unwrap_err();
        assert!(failure.errors[0].message.contains("officeplus"));
    }
}
