//! Export and restore of the device's local data as one JSON file: the answer to a browser
//! that evicts site data, and the way to move unsynced work to another tablet.
//!
//! The file holds what may exist nowhere else: the sync identity and queued mutations, the
//! changes the hub refused, buyer-imported catalogs (they live on the device only), and the
//! records pulled with the cursor they belong to. Whether a restore may adopt the file's sync
//! identity is the core's rule (`procura_sync::sync::restore`); the restore is one transaction.

use super::outbox::{append_records, put_queued, Queued, RefusedChange};
use super::{
    new_catalog_version, LocalDb, StorageError, CATALOG_CHUNKS, CATALOG_HEADS, META, OUTBOX,
    RECORDS, REFUSED, SUPPLIERS,
};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_catalog::catalog::chunks::Change;
use procura_catalog::catalog::groups::CategoryTree;
use procura_catalog::catalog::CatalogItem;
use procura_sync::api::{ContentManager, Supplier};
use procura_sync::sync::restore::{restore, RestoreRefusal};
use procura_sync::sync::{Mutation, Record, RecordChange, SyncState};
use serde::{Deserialize, Serialize};

pub const BACKUP_FORMAT: &str = "procura-device-backup";
pub const BACKUP_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceBackup {
    pub format: String,
    pub version: u32,
    pub exported_at_ms: i64,
    pub sync_state: SyncState,
    /// Unsynced changes, each with the user who made it.
    pub outbox: Vec<Queued>,
    pub refused: Vec<RefusedChange>,
    pub records: Vec<Record>,
    /// Suppliers whose catalogs a buyer imported from files, and their items.
    pub buyer_suppliers: Vec<Supplier>,
    pub buyer_items: Vec<CatalogItem>,
    /// Every user's carts on the device (working state that exists nowhere else). Files from
    /// before carts existed have none.
    #[serde(default)]
    pub carts: Vec<procura_procurement::cart::Carts>,
    /// The category trees of `buyer_suppliers`, by supplier id. Files from before trees were
    /// kept have none; a device without any writes the file as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buyer_categories: Vec<(String, CategoryTree)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreSummary {
    pub queued: usize,
    pub records: usize,
    pub items: usize,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum RestoreError {
    #[error("this is not a Procura backup file ({0})")]
    NotABackup(String),
    #[error(transparent)]
    Refused(#[from] RestoreRefusal),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<indexed_db_futures::error::Error> for RestoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        RestoreError::Storage(e.into())
    }
}

impl DeviceBackup {
    /// Reads a backup file, refusing anything else with a reason.
    pub fn parse(text: &str) -> Result<Self, RestoreError> {
        let backup: DeviceBackup =
            serde_json::from_str(text).map_err(|e| RestoreError::NotABackup(e.to_string()))?;
        if backup.format != BACKUP_FORMAT || backup.version != BACKUP_VERSION {
            return Err(RestoreError::NotABackup(format!(
                "format {} version {}",
                backup.format, backup.version
            )));
        }
        Ok(backup)
    }
}

const STORES: [&str; 7] = [
    META,
    OUTBOX,
    RECORDS,
    REFUSED,
    SUPPLIERS,
    CATALOG_CHUNKS,
    CATALOG_HEADS,
];
/// The [`META`] keys of carts: `carts/{user}` sorts between these.
const CARTS_FROM: &str = "carts/";
const CARTS_TO: &str = "carts0";

impl LocalDb {
    /// Everything for a backup, read in one transaction so the parts agree.
    pub async fn export_backup(&self, now_ms: i64) -> Result<DeviceBackup, StorageError> {
        let tx = self.db.transaction(STORES).build()?;
        let sync_state = super::outbox::read_or_new_state(&tx).await?;
        let work = super::outbox::read_work(&tx).await?;
        let suppliers: Vec<Supplier> = tx
            .object_store(SUPPLIERS)?
            .get_all::<Supplier>()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        let buyer_suppliers: Vec<Supplier> = suppliers
            .into_iter()
            .filter(|s| s.managed_by == ContentManager::Buyer)
            .collect();
        let mut buyer_items = Vec::new();
        let mut buyer_categories = Vec::new();
        for supplier in &buyer_suppliers {
            if let Some(tree) = super::categories::read(&tx, supplier.id.as_str()).await? {
                buyer_categories.push((supplier.id.to_string(), tree));
            }
            let store = tx.object_store(CATALOG_CHUNKS)?;
            buyer_items.extend(super::chunks::supplier_items(&store, supplier.id.as_str()).await?);
        }
        let carts = tx
            .object_store(META)?
            .get_all::<String>()
            .with_query(CARTS_FROM.to_owned()..CARTS_TO.to_owned())
            .primitive()?
            .await?
            .map(|json| {
                serde_json::from_str(&json?)
                    .map_err(|e| StorageError::Other(format!("stored carts: {e}")))
            })
            .collect::<Result<Vec<procura_procurement::cart::Carts>, StorageError>>()?;
        Ok(DeviceBackup {
            carts,
            format: BACKUP_FORMAT.into(),
            version: BACKUP_VERSION,
            exported_at_ms: now_ms,
            sync_state,
            outbox: work.outbox,
            refused: work.refused,
            records: work.records.into_values().collect(),
            buyer_suppliers,
            buyer_items,
            buyer_categories,
        })
    }

    /// Restores `backup` in one transaction: all of it or, on any refusal or failure, nothing.
    pub async fn restore_backup(
        &self,
        backup: &DeviceBackup,
    ) -> Result<RestoreSummary, RestoreError> {
        let tx = self
            .db
            .transaction(STORES)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let local_state = super::outbox::read_or_new_state(&tx).await?;
        let work = super::outbox::read_work(&tx).await?;
        let mutations = |queued: &[Queued]| -> Vec<Mutation> {
            queued.iter().map(|q| q.mutation.clone()).collect()
        };
        let (state, outbox) = restore(
            &local_state,
            &mutations(&work.outbox),
            &backup.sync_state,
            &mutations(&backup.outbox),
        )?;
        // Who made each change: the device's own entries win, as in the core's merge.
        let authors: std::collections::BTreeMap<u64, String> = backup
            .outbox
            .iter()
            .chain(&work.outbox)
            .map(|q| (q.id, q.author.clone()))
            .collect();
        tx.object_store(OUTBOX)?.clear()?;
        for m in outbox.iter() {
            let queued = Queued {
                id: m.id,
                author: authors.get(&m.id).cloned().unwrap_or_default(),
                mutation: m.clone(),
            };
            put_queued(&tx, &queued)?;
        }
        tx.object_store(RECORDS)?.clear()?;
        let records: Vec<RecordChange> = backup
            .records
            .iter()
            .map(|record| RecordChange::Upsert {
                record: record.clone(),
            })
            .collect();
        append_records(&tx, &records).await?;
        let refused = tx.object_store(REFUSED)?;
        for r in &backup.refused {
            drop(refused.put(r).serde()?);
        }
        super::outbox::write_state(&tx, &state)?;
        let suppliers = tx.object_store(SUPPLIERS)?;
        for s in &backup.buyer_suppliers {
            drop(suppliers.put(s).serde()?);
        }
        // Each item replaces the device's item of its id, as a feed page's upserts do.
        if !backup.buyer_items.is_empty() {
            let changes: Vec<Change<'_>> = backup.buyer_items.iter().map(Change::Put).collect();
            super::chunks::append(
                &tx.object_store(CATALOG_CHUNKS)?,
                &tx.object_store(CATALOG_HEADS)?,
                &changes,
            )
            .await?;
            new_catalog_version(&tx)?;
        }
        for (supplier_id, tree) in &backup.buyer_categories {
            super::categories::write(&tx, supplier_id, Some(tree))?;
        }
        // Carts: the device's own win; the backup adds those the device does not have.
        let meta = tx.object_store(META)?;
        for carts in &backup.carts {
            let key = super::carts_key(&carts.owner);
            let held: Option<String> = meta.get(key.clone()).primitive()?.await?;
            let mut merged = match held {
                Some(json) => serde_json::from_str(&json)
                    .map_err(|e| StorageError::Other(format!("stored carts: {e}")))?,
                None => procura_procurement::cart::Carts::new(carts.owner.clone()),
            };
            merged.merge(carts.clone());
            let json =
                serde_json::to_string(&merged).map_err(|e| StorageError::Other(e.to_string()))?;
            drop(meta.put(json).with_key(key).primitive()?);
        }
        super::commit(tx).await?;
        Ok(RestoreSummary {
            queued: outbox.len(),
            records: backup.records.len(),
            items: backup.buyer_items.len(),
        })
    }
}
