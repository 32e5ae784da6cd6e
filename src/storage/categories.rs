//! Each supplier's own category tree, kept in [`META`] under `categories/{supplier_id}` as JSON:
//! read when the buyer browses that supplier, written by the import that brings it, in the
//! import's transaction.

use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use procura_catalog::catalog::groups::CategoryTree;

pub(crate) fn key(supplier_id: &str) -> String {
    format!("categories/{supplier_id}")
}

fn decode(json: Option<String>) -> Result<Option<CategoryTree>> {
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| StorageError::Other(format!("stored categories: {e}")))
    })
    .transpose()
}

/// The tree held for `supplier_id`, inside `tx` (which includes [`META`]).
pub(crate) async fn read(tx: &Transaction<'_>, supplier_id: &str) -> Result<Option<CategoryTree>> {
    let json: Option<String> = tx
        .object_store(META)?
        .get(key(supplier_id))
        .primitive()?
        .await?;
    decode(json)
}

/// Keeps `tree` as `supplier_id`'s (none: removes it), inside `tx`.
pub(crate) fn write(
    tx: &Transaction<'_>,
    supplier_id: &str,
    tree: Option<&CategoryTree>,
) -> Result<()> {
    let meta = tx.object_store(META)?;
    match tree {
        Some(tree) => {
            let json =
                serde_json::to_string(tree).map_err(|e| StorageError::Other(e.to_string()))?;
            drop(meta.put(json).with_key(key(supplier_id)).primitive()?);
        }
        None => drop(meta.delete(key(supplier_id)).primitive()?),
    }
    Ok(())
}

impl LocalDb {
    /// `supplier_id`'s own category tree, if it has one on this device.
    pub async fn categories(&self, supplier_id: &str) -> Result<Option<CategoryTree>> {
        if !self.has_meta() {
            return Ok(None);
        }
        let tx = self.db.transaction(META).build()?;
        read(&tx, supplier_id).await
    }
}
