//! The coding a user gave their last requisition (cost centre, account, delivery address),
//! kept on the device in [`META`] under `req-defaults/{user_id}` so the next requisition form
//! opens filled in. Working state like carts: it never leaves the device.

use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequisitionDefaults {
    pub cost_centre: String,
    pub account: String,
    pub delivery_address: String,
}

fn key(user_id: &str) -> String {
    format!("req-defaults/{user_id}")
}

impl LocalDb {
    /// What `user_id` last used; `None` before their first requisition on this device.
    pub async fn requisition_defaults(&self, user_id: &str) -> Result<Option<RequisitionDefaults>> {
        if !self.has_meta() {
            return Ok(None);
        }
        let tx = self.db.transaction(META).build()?;
        let json: Option<String> = tx
            .object_store(META)?
            .get(key(user_id))
            .primitive()?
            .await?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| StorageError::Other(e.to_string())))
            .transpose()
    }

    pub async fn save_requisition_defaults(
        &self,
        user_id: &str,
        defaults: &RequisitionDefaults,
    ) -> Result<()> {
        if !self.has_meta() {
            return Ok(());
        }
        self.put_meta_json(&key(user_id), defaults).await
    }
}
