//! What a session leaves on a shared device, and what logging out removes.
//!
//! The records pulled from the hub (requisitions, orders, the policy, delegations, evaluations)
//! are the organisation's and were fetched with one user's session; the next person on the
//! tablet must not read them. Logging out ([`LocalDb::end_session`]) deletes them and starts
//! the record cursor over, in one transaction, so the next user pulls afresh under their own
//! session. It keeps what is the device's or nobody else's copy: the catalog (supplier data),
//! the outbox of every author (unsynced work goes when its author logs in again), the device
//! id and mutation counter, the carts (per user, never shown to another), the transmissions.
//!
//! The same transaction queues the session's token to be ended at the hub (`POST /logout`):
//! offline, it waits in [`META`] under `pending_logouts` and goes with the next connection.
//!
//! A round that was running when its user logged out (in this tab or another) must not write
//! the pulled records back: the user whose session holds the records is kept under
//! `records_for`, which logging out sets to "" (nobody). A pull or push commit then refuses to
//! write, and the next round starts with [`LocalDb::begin_round`], which claims the records for
//! its user (and drops any left by another user's session).

use super::outbox::{read_or_new_state, read_state, write_state, RefusedChange, RECORDS, REFUSED};
use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use procura_sync::api::Cursor;
use procura_sync::sync::SyncState;

/// In [`META`]: the id of the user whose session pulled the stored records; "" after a log
/// out (nobody's: no commit may write records until a round claims them); absent on a device
/// from before this key existed (treated as the current user's).
const RECORDS_FOR_KEY: &str = "records_for";
/// In [`META`]: the tokens of sessions logged out on this device that the hub has not ended
/// yet (JSON list, oldest first).
const PENDING_LOGOUTS_KEY: &str = "pending_logouts";

fn other(e: impl std::fmt::Display) -> StorageError {
    StorageError::Other(e.to_string())
}

/// Why a sync commit wrote nothing: its user logged out meanwhile.
pub const SESSION_ENDED: &str = "the session ended: nothing was stored";

async fn read_string(tx: &Transaction<'_>, key: &str) -> Result<Option<String>> {
    Ok(tx.object_store(META)?.get(key).primitive()?.await?)
}

fn write_string(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    drop(
        tx.object_store(META)?
            .put(value.to_owned())
            .with_key(key)
            .primitive()?,
    );
    Ok(())
}

/// Fails (and so aborts `tx`) unless the stored records may be written by `user`'s round:
/// they are `user`'s, or unclaimed by any session (`None` accepts any claim but nobody's).
pub(super) async fn check_records_for(tx: &Transaction<'_>, user: Option<&str>) -> Result<()> {
    match (read_string(tx, RECORDS_FOR_KEY).await?, user) {
        (None, _) => Ok(()),
        (Some(holder), _) if holder.is_empty() => Err(other(SESSION_ENDED)),
        (Some(holder), Some(user)) if holder != user => Err(other(SESSION_ENDED)),
        _ => Ok(()),
    }
}

pub(super) async fn read_records_for(tx: &Transaction<'_>) -> Result<Option<String>> {
    read_string(tx, RECORDS_FOR_KEY).await
}

async fn read_pending(tx: &Transaction<'_>) -> Result<Vec<String>> {
    match read_string(tx, PENDING_LOGOUTS_KEY).await? {
        Some(json) => serde_json::from_str(&json).map_err(other),
        None => Ok(Vec::new()),
    }
}

fn write_pending(tx: &Transaction<'_>, tokens: &[String]) -> Result<()> {
    let store = tx.object_store(META)?;
    if tokens.is_empty() {
        drop(store.delete(PENDING_LOGOUTS_KEY).primitive()?);
        return Ok(());
    }
    let json = serde_json::to_string(tokens).map_err(other)?;
    drop(store.put(json).with_key(PENDING_LOGOUTS_KEY).primitive()?);
    Ok(())
}

/// Drops the pulled records and starts the record cursor over, keeping the device id, the
/// mutation counter and the hub epoch (it names the hub's database, not a session: a hub that
/// lost its state is still noticed).
async fn drop_records(tx: &Transaction<'_>) -> Result<()> {
    tx.object_store(RECORDS)?.clear()?;
    if let Some(mut state) = read_state(tx).await? {
        state.cursor = Cursor::start();
        write_state(tx, &state)?;
    }
    Ok(())
}

impl LocalDb {
    fn session_tx(&self) -> Result<Transaction<'_>> {
        Ok(self
            .db
            .transaction([META, RECORDS, REFUSED])
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// Before a round of `user`: the sync state (made and stored on first use), and the stored
    /// records claimed for `user`'s session. Records another user's session pulled (a log out
    /// that never ran: an old app version, cleared site storage) are dropped first, in the same
    /// transaction, so the round pulls them afresh.
    pub async fn begin_round(&self, user: &str) -> Result<SyncState> {
        let tx = self.session_tx()?;
        let mut state = read_or_new_state(&tx).await?;
        let holder = read_string(&tx, RECORDS_FOR_KEY).await?;
        if holder.as_deref().is_some_and(|h| h != user) {
            tx.object_store(RECORDS)?.clear()?;
            state.cursor = Cursor::start();
        }
        write_state(&tx, &state)?;
        write_string(&tx, RECORDS_FOR_KEY, user)?;
        super::commit(tx).await?;
        Ok(state)
    }

    /// `user` logs out: in one transaction, the pulled records are deleted and the cursor starts
    /// over, `user`'s refusals (and any of unknown author) are deleted, no session holds the
    /// records any more, and `end_token` (the session's bearer token) is queued to be ended at
    /// the hub. Everything else stays (see the module's documentation).
    pub async fn end_session(&self, user: &str, end_token: Option<&str>) -> Result<()> {
        let tx = self.session_tx()?;
        drop_records(&tx).await?;
        let refused = tx.object_store(REFUSED)?;
        let all: Vec<RefusedChange> = refused
            .get_all::<RefusedChange>()
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        for r in all {
            if r.author.is_empty() || r.author == user {
                drop(refused.delete(r.id as f64).primitive()?);
            }
        }
        write_string(&tx, RECORDS_FOR_KEY, "")?;
        if let Some(token) = end_token {
            let mut pending = read_pending(&tx).await?;
            if !pending.iter().any(|t| t == token) {
                pending.push(token.to_owned());
            }
            write_pending(&tx, &pending)?;
        }
        super::commit(tx).await
    }

    /// The tokens of sessions logged out here that the hub has not ended yet, oldest first.
    pub async fn pending_logouts(&self) -> Result<Vec<String>> {
        if !self.has_meta() {
            return Ok(Vec::new());
        }
        let tx = self.db.transaction(META).build()?;
        read_pending(&tx).await
    }

    /// The hub ended `token`'s session (or no longer knows it): forget it.
    pub async fn logout_done(&self, token: &str) -> Result<()> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut pending = read_pending(&tx).await?;
        pending.retain(|t| t != token);
        write_pending(&tx, &pending)?;
        super::commit(tx).await
    }

    /// Whose session the stored records were pulled with: `Some("")` after a log out, `None`
    /// when not recorded.
    pub async fn records_for(&self) -> Result<Option<String>> {
        let tx = self.db.transaction(META).build()?;
        read_string(&tx, RECORDS_FOR_KEY).await
    }
}
