//! Local storage in IndexedDB: the catalog, per-supplier feed cursors, supplier names, the
//! persisted search index that makes an offline cold start fast, and record sync (outbox, pulled
//! records, sync state: `outbox.rs`).
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
use procura_catalog::catalog::CatalogItem;
use procura_sync::api::{CatalogChange, Cursor, Marketplace, Supplier};
use serde::{Deserialize, Serialize};

mod backup;
mod carts;
mod categories;
mod outbox;
mod req_defaults;
mod session;
mod snapshot;
pub mod thumbs;
mod transmissions;

pub use backup::{DeviceBackup, RestoreError, RestoreSummary};
pub use carts::carts_key;
pub use outbox::{
    mutations_of, Queued, RefusedChange, WorkSnapshot, BY_AUTHOR, OUTBOX, RECORDS, REFUSED,
};
pub use req_defaults::RequisitionDefaults;
pub use session::SESSION_ENDED;
pub use snapshot::StoredCatalog;
pub use transmissions::transmission_key;

pub const DB_NAME: &str = "procura";
/// Bump when adding a migration to [`migrate`].
pub const SCHEMA_VERSION: u32 = 4;

pub const CATALOG_ITEMS: &str = "catalog_items";
pub const SYNC_CURSORS: &str = "sync_cursors";
pub const SUPPLIERS: &str = "suppliers";
/// Index of [`CATALOG_ITEMS`] by `supplier_id` (since version 2).
pub const BY_SUPPLIER: &str = "by_supplier";
/// Small records under fixed keys (since version 3).
pub const META: &str = "meta";
/// In [`META`]: a token that changes with every write to [`CATALOG_ITEMS`].
const CATALOG_VERSION_KEY: &str = "catalog_version";
/// In [`META`]: the endpoint's marketplaces (JSON), so their names show offline.
const MARKETPLACES_KEY: &str = "marketplaces";

#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    /// The detail is the browser's (often empty); the message says what to do.
    #[error("local storage is full: free space on the device or remove other sites' data")]
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

/// Commits `tx`. When the browser aborts it, the transaction's own error says why: a full disk
/// (`QuotaExceededError`) becomes [`StorageError::QuotaExceeded`], whose message tells the user
/// what to do, instead of a bare "aborted". Either way nothing of the transaction was stored.
pub(crate) async fn commit(tx: indexed_db_futures::transaction::Transaction<'_>) -> Result<()> {
    use indexed_db_futures::internals::SystemRepr;
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().into();
    match tx.commit().await {
        Ok(_) => Ok(()),
        Err(e) => Err(match raw.error() {
            Some(cause) if cause.name() == "QuotaExceededError" => {
                StorageError::QuotaExceeded(cause.message())
            }
            Some(cause) => StorageError::Other(format!("{}: {}", cause.name(), cause.message())),
            None => e.into(),
        }),
    }
}

/// The last committed position in one catalog feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorRecord {
    /// The feed's key ([`procura_sync::api::FeedId::storage_key`]): a supplier id for a
    /// supplier's feed, `market:{id}` for a marketplace's. The field keeps its version-1 name
    /// because it is the store's key path.
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

    /// Whether the schema has the [`META`] store (version 3 on; older handles exist in tests
    /// and in an old tab that has not reloaded yet).
    fn has_meta(&self) -> bool {
        self.db.object_store_names().any(|n| n == META)
    }

    /// `stores` plus [`META`] when the schema has it: catalog writes bump the catalog version.
    fn with_meta(&self, stores: &[&'static str]) -> Vec<&'static str> {
        let mut all = stores.to_vec();
        if self.has_meta() {
            all.push(META);
        }
        all
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
    }

    /// Applies one page of a feed and stores the cursor that follows it under `feed_key`,
    /// atomically: either both are committed or neither is.
    pub async fn apply_catalog_page(
        &self,
        feed_key: &str,
        changes: &[CatalogChange],
        next_cursor: &Cursor,
    ) -> Result<()> {
        let tx = self
            .db
            .transaction(self.with_meta(&[CATALOG_ITEMS, SYNC_CURSORS]))
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
            supplier_id: feed_key.to_owned(),
            cursor: next_cursor.clone(),
        };
        drop(cursors.put(&record).serde()?);
        // An empty page only moves the cursor: the catalog (and its search index) stays valid.
        if self.has_meta() && !changes.is_empty() {
            new_catalog_version(&tx)?;
        }
        commit(tx).await?;
        Ok(())
    }

    /// Forgets a supplier's items and cursor (its endpoint lost the state the cursor pointed to).
    pub async fn reset_supplier(&self, supplier_id: &str) -> Result<()> {
        self.reset_feed(supplier_id, &[supplier_id.to_owned()])
            .await
    }

    /// Forgets a feed's cursor (under `feed_key`) and the items of every supplier it carries, in
    /// one transaction: a pull from the empty cursor carries no deletes, so items kept from the
    /// old state of the feed would never leave.
    pub async fn reset_feed(&self, feed_key: &str, supplier_ids: &[String]) -> Result<()> {
        let tx = self
            .db
            .transaction(self.with_meta(&[CATALOG_ITEMS, SYNC_CURSORS]))
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let items = tx.object_store(CATALOG_ITEMS)?;
        for supplier_id in supplier_ids {
            let ids: Vec<String> = items
                .index(BY_SUPPLIER)?
                .get_all_keys::<String>()
                .with_query(supplier_id.clone())
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?;
            for id in ids {
                drop(items.delete(id).primitive()?);
            }
        }
        drop(
            tx.object_store(SYNC_CURSORS)?
                .delete(feed_key)
                .primitive()?,
        );
        if self.has_meta() {
            new_catalog_version(&tx)?;
        }
        commit(tx).await?;
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
        commit(tx).await?;
        Ok(())
    }

    /// Stores `value` as JSON text under `key` in [`META`], in a transaction of its own,
    /// committed before this returns.
    pub(crate) async fn put_meta_json<T: Serialize + ?Sized>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| StorageError::Other(e.to_string()))?;
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        drop(tx.object_store(META)?.put(json).with_key(key).primitive()?);
        commit(tx).await
    }

    /// Keeps the endpoint's marketplace list (replacing the previous one). Schemas before
    /// version 3 have no [`META`] store: there it is not kept.
    pub async fn save_marketplaces(&self, marketplaces: &[Marketplace]) -> Result<()> {
        if !self.has_meta() {
            return Ok(());
        }
        self.put_meta_json(MARKETPLACES_KEY, marketplaces).await
    }

    pub async fn marketplaces(&self) -> Result<Vec<Marketplace>> {
        if !self.has_meta() {
            return Ok(Vec::new());
        }
        let tx = self.db.transaction(META).build()?;
        let json: Option<String> = tx
            .object_store(META)?
            .get(MARKETPLACES_KEY)
            .primitive()?
            .await?;
        match json {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| StorageError::Other(e.to_string()))
            }
            None => Ok(Vec::new()),
        }
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

/// How far an import's write has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteProgress {
    pub done: usize,
    pub total: usize,
}

/// Why an import's write did not happen. Either way nothing of it was stored.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImportWriteError {
    #[error("import cancelled: nothing was changed")]
    Cancelled,
    #[error("{0}")]
    Refused(procura_catalog::import::ImportFailure),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<indexed_db_futures::error::Error> for ImportWriteError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        ImportWriteError::Storage(e.into())
    }
}

/// Writes are awaited in slices of this many, so progress can be shown and a cancel honoured.
const IMPORT_SLICE: usize = 500;

impl LocalDb {
    /// Applies an imported catalog to supplier `supplier` in one transaction: its current
    /// items are read, the core plans the writes, and they are stored with the supplier record.
    /// Cancelling (or any failure) aborts the transaction, so the previous catalog stays intact.
    pub async fn apply_import(
        &self,
        supplier: &Supplier,
        imported: &procura_catalog::import::ImportedCatalog,
        progress: impl Fn(WriteProgress),
        cancelled: impl Fn() -> bool,
    ) -> std::result::Result<procura_catalog::import::ImportSummary, ImportWriteError> {
        let tx = self
            .db
            .transaction([CATALOG_ITEMS, SUPPLIERS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let items = tx.object_store(CATALOG_ITEMS)?;
        let existing: Vec<CatalogItem> = items
            .index(BY_SUPPLIER)?
            .get_all::<CatalogItem>()
            .with_query(supplier.id.to_string())
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let plan = procura_catalog::import::plan_import(supplier.id.as_str(), &existing, imported)
            .map_err(ImportWriteError::Refused)?;
        let held_tree = categories::read(&tx, supplier.id.as_str()).await?;
        let tree = procura_catalog::import::plan_categories(held_tree.as_ref(), imported);
        let summary = plan.summary(&existing);
        let total = plan.put.len() + plan.delete.len();
        let mut done = 0;
        progress(WriteProgress { done, total });
        for slice in plan.put.chunks(IMPORT_SLICE) {
            if cancelled() {
                // Dropping the transaction aborts it.
                return Err(ImportWriteError::Cancelled);
            }
            let mut last = None;
            for item in slice {
                last = Some(items.put(item).serde()?);
            }
            if let Some(last) = last {
                // Requests complete in order: the last one done means the slice is done.
                last.await?;
            }
            done += slice.len();
            progress(WriteProgress { done, total });
        }
        for id in &plan.delete {
            drop(items.delete(id.as_str()).primitive()?);
        }
        if cancelled() {
            return Err(ImportWriteError::Cancelled);
        }
        let mut record = supplier.clone();
        record.item_count = (existing.len() + summary.added - summary.deleted) as u64;
        drop(tx.object_store(SUPPLIERS)?.put(&record).serde()?);
        if tree != held_tree {
            categories::write(&tx, supplier.id.as_str(), tree.as_ref())?;
        }
        new_catalog_version(&tx)?;
        commit(tx).await?;
        progress(WriteProgress { done: total, total });
        Ok(summary)
    }
}

/// Marks the catalog as changed, inside the writing transaction (so a persisted search index
/// built from the previous catalog is recognised as stale).
fn new_catalog_version(tx: &indexed_db_futures::transaction::Transaction<'_>) -> Result<()> {
    let token = format!(
        "{}-{}",
        js_sys::Date::now(),
        (js_sys::Math::random() * 1e9) as u64
    );
    drop(
        tx.object_store(META)?
            .put(token)
            .with_key(CATALOG_VERSION_KEY)
            .primitive()?,
    );
    Ok(())
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
            // Version 3: the catalog version and the persisted search index.
            3 => {
                db.create_object_store(META).build()?;
            }
            // Version 4: record sync (the outbox of queued changes, the records pulled from
            // the hub, the changes it refused).
            4 => {
                db.create_object_store(OUTBOX)
                    .with_key_path(KeyPath::One("id"))
                    .build()?
                    .create_index(BY_AUTHOR, KeyPath::One("author"))
                    .build()?;
                // A log of change pages under increasing keys (see `outbox::RECORDS`).
                db.create_object_store(RECORDS)
                    .with_auto_increment(true)
                    .build()?;
                db.create_object_store(REFUSED)
                    .with_key_path(KeyPath::One("id"))
                    .build()?;
            }
            _ => unreachable!("no migration to version {version}"),
        }
    }
    Ok(())
}
