//! Local storage in IndexedDB: the catalog, per-supplier feed cursors, supplier names, the
//! persisted search index that makes an offline cold start fast, and record sync (outbox, pulled
//! records, sync state: `outbox.rs`).
//!
//! The schema is versioned. Each version's migration runs in order from the version the browser
//! has to [`SCHEMA_VERSION`], inside IndexedDB's upgrade transaction, so an upgrade either
//! completes or leaves the old database untouched. Data written by any earlier version opens
//! intact under the new one (tested in `tests/storage.rs`).
//!
//! Items are stored in chunks of up to 1,000 per record (`chunks.rs`, since version 5): a store
//! writes a record at a roughly fixed cost, so one record per item capped imports at ~8,000
//! items/s.
//!
//! Transactions in `indexed_db_futures` roll back when dropped: every write path ends in
//! `commit().await`, and writes that belong together share one transaction.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyPath;
use procura_catalog::catalog::chunks::Change;
use procura_catalog::catalog::CatalogItem;
use procura_sync::api::{CatalogChange, Cursor, Marketplace, Supplier};
use serde::{Deserialize, Serialize};

mod backup;
mod carts;
mod categories;
mod chunks;
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
pub const SCHEMA_VERSION: u32 = 5;

/// One record per item, schema versions 1 to 4; version 5 moves its items into
/// [`CATALOG_CHUNKS`] and deletes it.
pub const CATALOG_ITEMS: &str = "catalog_items";
/// The items as chunks under `[supplier_id, seq]` (since version 5; see `chunks.rs`).
pub const CATALOG_CHUNKS: &str = "catalog_chunks";
/// Per supplier, what is known of its chunks without reading them (since version 5).
pub const CATALOG_HEADS: &str = "catalog_heads";
pub const SYNC_CURSORS: &str = "sync_cursors";
pub const SUPPLIERS: &str = "suppliers";
/// Index of [`CATALOG_ITEMS`] by `supplier_id` (versions 2 to 4).
pub const BY_SUPPLIER: &str = "by_supplier";
/// Small records under fixed keys (since version 3).
pub const META: &str = "meta";
/// In [`META`]: a token that changes with every write to the catalog's items.
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
    /// Stored data this app cannot read: damaged, or written by something else.
    #[error("the catalog stored on this device is damaged ({0}): sync again or restore a backup")]
    Corrupt(String),
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
            .with_on_upgrade_needed_fut(move |event, db| {
                let old = event.old_version() as u32;
                async move { migrate(db, old, version).await }
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

    /// Whether the schema stores items in chunks (version 5 on; older handles exist only in
    /// tests that build a device as an earlier release left it).
    fn has_chunks(&self) -> bool {
        self.db.object_store_names().any(|n| n == CATALOG_CHUNKS)
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
        if !self.has_chunks() {
            return self
                .apply_page_per_item(feed_key, changes, next_cursor)
                .await;
        }
        let tx = self
            .db
            .transaction([CATALOG_CHUNKS, CATALOG_HEADS, SYNC_CURSORS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        if !changes.is_empty() {
            let changes: Vec<Change<'_>> = changes.iter().map(change_of).collect();
            chunks::append(
                &tx.object_store(CATALOG_CHUNKS)?,
                &tx.object_store(CATALOG_HEADS)?,
                &changes,
            )
            .await?;
            // An empty page only moves the cursor: the catalog (and its search index) stays
            // valid.
            new_catalog_version(&tx)?;
        }
        let record = CursorRecord {
            supplier_id: feed_key.to_owned(),
            cursor: next_cursor.clone(),
        };
        drop(tx.object_store(SYNC_CURSORS)?.put(&record).serde()?);
        commit(tx).await?;
        Ok(())
    }

    /// [`Self::apply_catalog_page`] on a schema before version 5, one record per item, as
    /// earlier releases wrote (tests build older devices with it).
    async fn apply_page_per_item(
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
            .transaction([CATALOG_CHUNKS, CATALOG_HEADS, SYNC_CURSORS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CATALOG_CHUNKS)?;
        let heads = tx.object_store(CATALOG_HEADS)?;
        for supplier_id in supplier_ids {
            chunks::remove_supplier(&store, &heads, supplier_id)?;
        }
        drop(
            tx.object_store(SYNC_CURSORS)?
                .delete(feed_key)
                .primitive()?,
        );
        new_catalog_version(&tx)?;
        commit(tx).await?;
        Ok(())
    }

    /// Every item, in id order.
    pub async fn all_items(&self) -> Result<Vec<CatalogItem>> {
        let tx = self.db.transaction(CATALOG_CHUNKS).build()?;
        chunks::all_items(&tx.object_store(CATALOG_CHUNKS)?).await
    }

    /// How many items the device holds (read and merged: chunks do not know their live count).
    pub async fn item_count(&self) -> Result<u32> {
        Ok(self.all_items().await?.len() as u32)
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

impl LocalDb {
    /// Applies an imported catalog to supplier `supplier` in one transaction: its current
    /// items are read, the core plans the writes, and the supplier's chunks are replaced by
    /// compact ones of the result, with the supplier record. Cancelling (or any failure) aborts
    /// the transaction, so the previous catalog stays intact.
    pub async fn apply_import(
        &self,
        supplier: &Supplier,
        imported: &procura_catalog::import::ImportedCatalog,
        progress: impl Fn(WriteProgress),
        cancelled: impl Fn() -> bool,
    ) -> std::result::Result<procura_catalog::import::ImportSummary, ImportWriteError> {
        let tx = self
            .db
            .transaction([CATALOG_CHUNKS, CATALOG_HEADS, SUPPLIERS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CATALOG_CHUNKS)?;
        let heads = tx.object_store(CATALOG_HEADS)?;
        let existing = chunks::supplier_items(&store, supplier.id.as_str()).await?;
        let plan = procura_catalog::import::plan_import(supplier.id.as_str(), &existing, imported)
            .map_err(ImportWriteError::Refused)?;
        let held_tree = categories::read(&tx, supplier.id.as_str()).await?;
        let tree = procura_catalog::import::plan_categories(held_tree.as_ref(), imported);
        let summary = plan.summary(&existing);
        let changes: Vec<Change<'_>> = existing
            .iter()
            .map(Change::Put)
            .chain(plan.delete.iter().map(|id| Change::Delete(id.as_str())))
            .chain(plan.put.iter().map(Change::Put))
            .collect();
        let items = procura_catalog::catalog::chunks::apply(&changes);
        let total = items.len();
        progress(WriteProgress { done: 0, total });
        let written = chunks::rewrite(
            &store,
            &heads,
            supplier.id.as_str(),
            &items,
            |done| progress(WriteProgress { done, total }),
            &cancelled,
        )
        .await;
        match written {
            Ok(()) => {}
            // Dropping the transaction aborts it.
            Err(chunks::RewriteStop::Cancelled) => return Err(ImportWriteError::Cancelled),
            Err(chunks::RewriteStop::Failed(e)) => return Err(e.into()),
        }
        if cancelled() {
            return Err(ImportWriteError::Cancelled);
        }
        let mut record = supplier.clone();
        record.item_count = total as u64;
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

/// A feed change as the chunk rules see it.
fn change_of(change: &CatalogChange) -> Change<'_> {
    match change {
        CatalogChange::Upsert { item } => Change::Put(item),
        CatalogChange::Delete { id } => Change::Delete(id),
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
async fn migrate(db: Database, old: u32, target: u32) -> indexed_db_futures::Result<()> {
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
            // Version 5: items in chunks. The per-item store's items move in this upgrade
            // transaction, so the move is all or nothing: on any failure the upgrade aborts and
            // the database stays at its old version, items and all.
            5 => {
                let store = db.create_object_store(CATALOG_CHUNKS).build()?;
                db.create_object_store(CATALOG_HEADS).build()?;
                let tx = store.transaction();
                let moved = chunks::move_items(
                    &tx.object_store(CATALOG_ITEMS)?,
                    &store,
                    &tx.object_store(CATALOG_HEADS)?,
                )
                .await;
                if let Err(e) = moved {
                    use indexed_db_futures::internals::SystemRepr;
                    let raw: web_sys::IdbTransaction = tx.as_sys().clone().into();
                    let _ = raw.abort();
                    return Err(js_sys::Error::new(&e.to_string()).into());
                }
                db.delete_object_store(CATALOG_ITEMS)?;
            }
            _ => unreachable!("no migration to version {version}"),
        }
    }
    Ok(())
}
