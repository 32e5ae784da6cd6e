//! The catalog the screens read: every item on the device with its search index, kept together
//! so an index can never address a different list than the one it was built from.
//!
//! Start-up reads both from IndexedDB's catalog snapshot when it is current (see
//! `storage::snapshot`); otherwise the items are read one by one, the index is built, and a new
//! snapshot is stored for the next start.

use crate::storage::{LocalDb, StoredCatalog};
use procura_catalog::catalog::CatalogItem;
use procura_catalog::compare::OfferGroups;
use procura_catalog::search::SearchIndex;
use std::sync::OnceLock;

pub struct LocalCatalog {
    /// In id order (IndexedDB key order), the order the index addresses.
    pub items: Vec<CatalogItem>,
    pub index: SearchIndex,
    /// Offers of the same product from different suppliers; grouped on first use, so start-up
    /// does not wait for it.
    groups: OnceLock<OfferGroups>,
}

impl Default for LocalCatalog {
    fn default() -> Self {
        Self::new(Vec::new(), SearchIndex::build(&[]))
    }
}

impl LocalCatalog {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    fn new(items: Vec<CatalogItem>, index: SearchIndex) -> Self {
        Self {
            items,
            index,
            groups: OnceLock::new(),
        }
    }

    /// Positions of every offer of the same product as item `i` (itself included).
    pub fn offers_of(&self, i: usize) -> &[usize] {
        let groups = self.groups.get_or_init(|| OfferGroups::build(&self.items));
        groups.members(groups.group_of(i))
    }

    /// The comparison groups of every item (built on first use).
    pub fn groups(&self) -> &OfferGroups {
        self.groups.get_or_init(|| OfferGroups::build(&self.items))
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.items.binary_search_by(|i| i.id.as_str().cmp(id)).ok()
    }

    pub fn item(&self, id: &str) -> Option<&CatalogItem> {
        self.position(id).map(|i| &self.items[i])
    }

    /// Builds the screen's catalog from what storage holds, reusing the stored index when it
    /// came with the items (a current snapshot); otherwise the index is built, and items and
    /// index are stored as the snapshot for the next start.
    pub async fn from_storage(db: &LocalDb, stored: StoredCatalog) -> Self {
        let StoredCatalog {
            items,
            version,
            search_index,
            offer_groups,
        } = stored;
        let reused = search_index
            .and_then(|bytes| SearchIndex::from_bytes(&bytes).ok())
            .filter(|index| index.len() == items.len());
        crate::device::mark("procura:index-decoded");
        match reused {
            Some(index) => {
                let catalog = Self::new(items, index);
                // Grouped when stored with the snapshot; otherwise on first use, as ever.
                if let Some(groups) = offer_groups
                    .and_then(|numbers| OfferGroups::from_numbers(&numbers, &catalog.items))
                {
                    let _ = catalog.groups.set(groups);
                }
                catalog
            }
            None => {
                let index = SearchIndex::build(&items);
                let catalog = Self::new(items, index);
                if let Some(version) = &version {
                    // Not fatal when it fails: the next start reads the chunks again.
                    let index = catalog.index.to_bytes();
                    let _ = db
                        .save_snapshot(version, &catalog.items, &index, catalog.groups())
                        .await;
                }
                catalog
            }
        }
    }
}
