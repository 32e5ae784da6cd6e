//! Where each purchase order's transmission to its supplier stands: one JSON value per order in
//! [`META`] under `transmit/{order_id}` ([`procura_orders::order::transmit::Transmission`]). The
//! leading tab writes it before every attempt (in flight) and after (sent, waiting to retry,
//! needs action), so a tab closed mid-attempt resumes where it was: an attempt found in flight
//! is due again, which the order's idempotency key makes harmless. Every tab reads it to show
//! the state.

use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_orders::order::transmit::Transmission;

/// Keys of transmissions sort between these (`/` is followed by `0` in code point order).
const FROM: &str = "transmit/";
const TO: &str = "transmit0";

/// The [`META`] key of an order's transmission.
pub fn transmission_key(order_id: &str) -> String {
    format!("{FROM}{order_id}")
}

fn decode(json: &str) -> Result<Transmission> {
    serde_json::from_str(json).map_err(|e| StorageError::Other(format!("stored transmission: {e}")))
}

impl LocalDb {
    /// The stored transmission of `order_id`, if any.
    pub async fn load_transmission(&self, order_id: &str) -> Result<Option<Transmission>> {
        if !self.has_meta() {
            return Ok(None);
        }
        let tx = self.db.transaction(META).build()?;
        let json: Option<String> = tx
            .object_store(META)?
            .get(transmission_key(order_id))
            .primitive()?
            .await?;
        json.as_deref().map(decode).transpose()
    }

    /// Every stored transmission, in order id order.
    pub async fn transmissions(&self) -> Result<Vec<Transmission>> {
        if !self.has_meta() {
            return Ok(Vec::new());
        }
        let tx = self.db.transaction(META).build()?;
        let values = tx
            .object_store(META)?
            .get_all::<String>()
            .with_query(FROM.to_owned()..TO.to_owned())
            .primitive()?
            .await?;
        values.map(|json| decode(&json?)).collect()
    }

    /// Stores `t` (replacing what was stored for its order), committed before this returns.
    pub async fn save_transmission(&self, t: &Transmission) -> Result<()> {
        self.put_meta_json(&transmission_key(t.order_id.as_str()), t)
            .await
    }

    /// Forgets an order's transmission (the order's record shows it sent, or it is gone).
    pub async fn delete_transmission(&self, order_id: &str) -> Result<()> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        drop(
            tx.object_store(META)?
                .delete(transmission_key(order_id))
                .primitive()?,
        );
        super::commit(tx).await
    }

    /// Reads `order_id`'s transmission (a new one when none is stored), applies `change` and
    /// writes it back, in one transaction; returns it as stored.
    pub async fn update_transmission(
        &self,
        order_id: &str,
        change: impl FnOnce(&mut Transmission),
    ) -> Result<Transmission> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        let json: Option<String> = store.get(transmission_key(order_id)).primitive()?.await?;
        let mut t = match json {
            Some(json) => decode(&json)?,
            None => Transmission::new(order_id),
        };
        change(&mut t);
        let json = serde_json::to_string(&t).map_err(|e| StorageError::Other(e.to_string()))?;
        drop(
            store
                .put(json)
                .with_key(transmission_key(order_id))
                .primitive()?,
        );
        super::commit(tx).await?;
        Ok(t)
    }
}
