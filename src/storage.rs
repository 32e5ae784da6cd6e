//! Local storage in IndexedDB: the catalog, per-supplier feed cursors and supplier names.
//!
//! The schema is versioned. Each version's migration runs in order from the version the browser
//! has to [`SCHEMA_VERSION`], inside IndexedDB's upgrade transaction, so an upgrade either
//! completes or leaves the old database untouched. Data written by any earlier version opens
//! intact under the new one (tested in `tests/storage.rs`).
//!
//! Transactions in `indexed_db_futures` roll back when dropped: every write path ends in
//! `commit().await`, and writes that belong together share one transaction.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyPath;
use procura_core::api::{CatalogChange, Cursor, Supplier};
use procura_core::catalog::CatalogItem;
use serde::{Deserialize, Serialize};

pub const DB_NAME: &str = "procura";
/// Bump when adding a migration to [`migrate`].
pub const SCHEMA_VERSION: u32 = 2;

pub const CATALOG_ITEMS: &str = "catalog_items";
pub const SYNC_CURSORS: &str = "sync_cursors";
pub const SUPPLIERS: &str = "suppliers";
/// Index of [`CATALOG_ITEMS`] by `supplier_id` (since version 2).
pub const BY_SUPPLIER: &str = "by_supplier";

#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    #[error("local storage is full: free space on the device or remove other sites' data ({0})")]
    QuotaExceeded(String),
    #[error("local storage failed: {0}")]
    Other(String),
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") {
            StorageError::QuotaExceeded(text)
        } else {
            StorageError::Other(text)
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        StorageError::Other(e.to_string())
    }
}

type Result<T> = std::result::Result<T, StorageError>;

/// The last committed position in one supplier's catalog feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorRecord {
    pub supplier_id: String,
    pub cursor: Cursor,
}

/// An open connection to the local database.
#[derive(Clone)]
pub struct LocalDb {
    db: Database,
}

impl LocalDb {
    /// Opens the app's database, upgrading it to the current schema. `on_blocked` runs if an
    /// older tab keeps the database open at an older version (the open then waits for it).
    pub async fn open(on_blocked: impl FnOnce() + 'static) -> Result<Self> {
        Self::open_at_with(DB_NAME, SCHEMA_VERSION, on_blocked).await
    }

    /// Opens `name` at schema `version` (tests open older versions to check upgrades).
    pub async fn open_at(name: &str, version: u32) -> Result<Self> {
        Self::open_at_with(name, version, || {}).await
    }

    pub async fn open_at_with(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Self> {
        assert!(
            (1..=SCHEMA_VERSION).contains(&version),
            "unknown schema version {version}"
        );
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(move |event, db| {
                migrate(&db, event.old_version() as u32, version)
            })
            .await?;
        Ok(Self { db })
    }

    /// Runs `f` when another tab must upgrade the schema. This connection should then close
    /// (so the upgrade is not blocked) and the page reload to get the new app version.
    pub fn on_version_change(&self, f: impl Fn() + 'static) {
        use indexed_db_futures::internals::SystemRepr;
        let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
        self.db
            .as_sys()
            .set_onversionchange(Some(wasm_bindgen::JsCast::unchecked_ref(handler.as_ref())));
        // The handler lives as long as the connection, which lives as long as the page.
        handler.forget();
    }

    pub fn close(self) {
        self.db.close();
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
    }

    /// Applies one page of a supplier's feed and stores the cursor that follows it, atomically:
    /// either both are committed or neither is.
    pub async fn apply_catalog_page(
        &self,
        supplier_id: &str,
        changes: &[CatalogChange],
        next_cursor: &Cursor,
    ) -> Result<()> {
        let tx = self
            .db
            .transaction([CATALOG_ITEMS, SYNC_CURSORS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let items = tx.object_store(CATALOG_ITEMS)?;
        let cursors = tx.object_store(SYNC_CURSORS)?;
        // Requests go out when built; the commit waits for all of them.
        for change in changes {
            match change {
                CatalogChange::Upsert { item } => drop(items.put(item.as_ref()).serde()?),
                CatalogChange::Delete { id } => drop(items.delete(id.as_str()).primitive()?),
            }
        }
        let record = CursorRecord {
            supplier_id: supplier_id.to_owned(),
            cursor: next_cursor.clone(),
        };
        drop(cursors.put(&record).serde()?);
        tx.commit().await?;
        Ok(())
    }

    /// Forgets a supplier's items and cursor (its endpoint lost the state the cursor pointed to).
    pub async fn reset_supplier(&self, supplier_id: &str) -> Result<()> {
        let tx = self
            .db
            .transaction([CATALOG_ITEMS, SYNC_CURSORS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let items = tx.object_store(CATALOG_ITEMS)?;
        let ids: Vec<String> = items
            .index(BY_SUPPLIER)?
            .get_all_keys::<String>()
            .with_query(supplier_id.to_owned())
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        for id in ids {
            drop(items.delete(id).primitive()?);
        }
        drop(
            tx.object_store(SYNC_CURSORS)?
                .delete(supplier_id)
                .primitive()?,
        );
        tx.commit().await?;
        Ok(())
    }

    pub async fn all_items(&self) -> Result<Vec<CatalogItem>> {
        let tx = self.db.transaction(CATALOG_ITEMS).build()?;
        let items = tx
            .object_store(CATALOG_ITEMS)?
            .get_all::<CatalogItem>()
            .serde()?
            .await?;
        Ok(items.collect::<std::result::Result<_, _>>()?)
    }

    pub async fn item_count(&self) -> Result<u32> {
        let tx = self.db.transaction(CATALOG_ITEMS).build()?;
        Ok(tx.object_store(CATALOG_ITEMS)?.count().await?)
    }

    pub async fn cursors(&self) -> Result<Vec<CursorRecord>> {
        let tx = self.db.transaction(SYNC_CURSORS).build()?;
        let records = tx
            .object_store(SYNC_CURSORS)?
            .get_all::<CursorRecord>()
            .serde()?
            .await?;
        Ok(records.collect::<std::result::Result<_, _>>()?)
    }

    pub async fn save_suppliers(&self, suppliers: &[Supplier]) -> Result<()> {
        let tx = self
            .db
            .transaction(SUPPLIERS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(SUPPLIERS)?;
        for supplier in suppliers {
            drop(store.put(supplier).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn suppliers(&self) -> Result<Vec<Supplier>> {
        let tx = self.db.transaction(SUPPLIERS).build()?;
        let records = tx
            .object_store(SUPPLIERS)?
            .get_all::<Supplier>()
            .serde()?
            .await?;
        Ok(records.collect::<std::result::Result<_, _>>()?)
    }
}

/// Brings the schema from `old` to `target`, one version at a time.
fn migrate(db: &Database, old: u32, target: u32) -> indexed_db_futures::Result<()> {
    for version in old + 1..=target {
        match version {
            // Version 1: the catalog and where each supplier's feed stands.
            1 => {
                db.create_object_store(CATALOG_ITEMS)
                    .with_key_path(KeyPath::One("id"))
                    .build()?;
                db.create_object_store(SYNC_CURSORS)
                    .with_key_path(KeyPath::One("supplier_id"))
                    .build()?;
            }
            // Version 2: supplier names for offline display, and items by supplier (so one
            // supplier's items can be dropped without reading the whole catalog).
            2 => {
                let suppliers = db
                    .create_object_store(SUPPLIERS)
                    .with_key_path(KeyPath::One("id"))
                    .build()?;
                // Existing stores are reached through the upgrade transaction.
                suppliers
                    .transaction()
                    .object_store(CATALOG_ITEMS)?
                    .create_index(BY_SUPPLIER, KeyPath::One("supplier_id"))
                    .build()?;
            }
            _ => unreachable!("no migration to version {version}"),
        }
    }
    Ok(())
}
