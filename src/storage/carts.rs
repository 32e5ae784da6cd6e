//! The user's carts: all of one user's carts as one JSON value in [`META`] under
//! `carts/{user_id}`, read in one transaction and written in one. Carts never leave the device
//! (they are working state, not the organisation's records); a change goes through
//! [`LocalDb::update_carts`], which reads, changes and writes in the same transaction, so two
//! tabs adding at once both land.

use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_procurement::cart::Carts;

/// The [`META`] key of `user_id`'s carts.
pub fn carts_key(user_id: &str) -> String {
    format!("carts/{user_id}")
}

fn decode(user_id: &str, json: Option<String>) -> Result<Carts> {
    match json {
        Some(json) => {
            let carts: Carts = serde_json::from_str(&json)
                .map_err(|e| StorageError::Other(format!("stored carts: {e}")))?;
            Ok(carts)
        }
        None => Ok(Carts::new(user_id)),
    }
}

impl LocalDb {
    /// `user_id`'s carts (none yet: an empty set).
    pub async fn load_carts(&self, user_id: &str) -> Result<Carts> {
        if !self.has_meta() {
            return Ok(Carts::new(user_id));
        }
        let tx = self.db.transaction(META).build()?;
        let json: Option<String> = tx
            .object_store(META)?
            .get(carts_key(user_id))
            .primitive()?
            .await?;
        decode(user_id, json)
    }

    /// Replaces the stored carts of `carts.owner` with `carts`.
    pub async fn save_carts(&self, carts: &Carts) -> Result<()> {
        self.put_meta_json(&carts_key(&carts.owner), carts).await
    }

    /// Reads `user_id`'s carts, applies `change` and writes them back, in one transaction.
    /// The change's result comes back with the carts as stored; an `Err` from `change` writes
    /// nothing (and the carts come back as they were).
    pub async fn update_carts<T, E>(
        &self,
        user_id: &str,
        change: impl FnOnce(&mut Carts) -> std::result::Result<T, E>,
    ) -> Result<(Carts, std::result::Result<T, E>)> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        let json: Option<String> = store.get(carts_key(user_id)).primitive()?.await?;
        let stored = decode(user_id, json)?;
        let mut carts = stored.clone();
        let result = change(&mut carts);
        if result.is_err() {
            // Dropping the transaction aborts it: nothing was written.
            return Ok((stored, result));
        }
        carts.owner = user_id.to_owned();
        let json = serde_json::to_string(&carts).map_err(|e| StorageError::Other(e.to_string()))?;
        drop(store.put(json).with_key(carts_key(user_id)).primitive()?);
        super::commit(tx).await?;
        Ok((carts, result))
    }
}
