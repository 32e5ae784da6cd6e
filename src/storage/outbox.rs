//! The device's side of record sync in IndexedDB: the sync state (client id, mutation counter,
//! cursor, hub epoch), the outbox of queued mutations, the records pulled from the hub, and the
//! changes the hub refused.
//!
//! Every method is one transaction, and each commits exactly what the core's sync round handed
//! back for one step (`procura_sync::sync`), so a crash or a closed tab at any point leaves
//! the device at the end of the last committed step. Other tabs write the outbox too: the
//! mutation counter is read and bumped inside the same transaction as the outbox write, and a
//! round's commit changes only the cursor and epoch of the stored state.

use super::{LocalDb, Result, StorageError, META};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use procura_procurement::approval::Actor;
use procura_sync::sync::{
    applied_changes, local_view, needs_records, Mutation, Op, Position, Pushed, Record,
    RecordChange, RecordKey, SyncState,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Queued mutations ([`Queued`]), by id (since version 4).
pub const OUTBOX: &str = "outbox";
/// Index of [`OUTBOX`] by author, in id order within each author (since version 4).
pub const BY_AUTHOR: &str = "by_author";
/// Records pulled from the hub (since version 4), as an ordered log of change pages: each value
/// is the JSON text of one page's `Vec<RecordChange>` under an auto-incremented key, and the
/// records are what replaying the pages in key order gives. One write per page, not one per
/// record: IndexedDB's cost is per value, and a 10,000-record pull is then a handful of writes.
/// Nothing reads a single record: every reader wants them all. Once the log is longer than
/// [`COMPACT_AFTER`] pages it is rewritten as one page of the live records, in the same
/// transaction.
pub const RECORDS: &str = "records";
const COMPACT_AFTER: u32 = 32;
/// Changes the hub refused, kept until the user dismisses them (since version 4).
pub const REFUSED: &str = "refused";
/// In [`META`]: the device's [`SyncState`] (JSON).
const SYNC_STATE_KEY: &str = "sync_state";

/// A queued mutation and the user who made it: a shared tablet queues for several users, and
/// each user's changes are pushed only with that user's session (under their own client id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub id: u64,
    pub author: String,
    pub mutation: Mutation,
}

/// `author`'s mutations from `outbox`, oldest first.
pub fn mutations_of(outbox: &[Queued], author: &str) -> Vec<Mutation> {
    outbox
        .iter()
        .filter(|q| q.author == author)
        .map(|q| q.mutation.clone())
        .collect()
}

/// The whole outbox, oldest first.
async fn read_outbox(tx: &Transaction<'_>) -> Result<Vec<Queued>> {
    let mut outbox: Vec<Queued> = read_all(tx, OUTBOX).await?;
    outbox.sort_by_key(|q| q.id);
    Ok(outbox)
}

pub(super) fn put_queued(tx: &Transaction<'_>, queued: &Queued) -> Result<()> {
    drop(tx.object_store(OUTBOX)?.put(queued).serde()?);
    Ok(())
}

/// A queued change the hub refused: what it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedChange {
    /// The mutation's id.
    pub id: u64,
    /// Who made the change: only they see the refusal ("" when refused before authors were
    /// kept with refusals).
    #[serde(default)]
    pub author: String,
    pub mutation: Mutation,
    pub code: String,
    pub message: String,
    /// Why, typed, to be said in the user's language (`None`: refused by a hub older than
    /// typed reasons, or stored before they were kept).
    #[serde(default, deserialize_with = "procura_ground::reason::lenient")]
    pub reason: Option<procura_ground::reason::Reason>,
}

impl RefusedChange {
    /// Why it was refused, in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::reasons::refusal(lang, self.reason.as_ref(), &self.code)
    }
}

fn other(e: impl std::fmt::Display) -> StorageError {
    StorageError::Other(e.to_string())
}

/// The stored sync state, or a new one (a new device identity) if none is stored yet; the
/// caller stores it with whatever else it writes.
pub(super) async fn read_or_new_state(tx: &Transaction<'_>) -> Result<SyncState> {
    Ok(read_state(tx)
        .await?
        .unwrap_or_else(|| SyncState::new(crate::device::random_uuid())))
}

pub(super) async fn read_state(tx: &Transaction<'_>) -> Result<Option<SyncState>> {
    let json: Option<String> = tx
        .object_store(META)?
        .get(SYNC_STATE_KEY)
        .primitive()?
        .await?;
    json.map(|j| serde_json::from_str(&j).map_err(other))
        .transpose()
}

pub(super) fn write_state(tx: &Transaction<'_>, state: &SyncState) -> Result<()> {
    let json = serde_json::to_string(state).map_err(other)?;
    drop(
        tx.object_store(META)?
            .put(json)
            .with_key(SYNC_STATE_KEY)
            .primitive()?,
    );
    Ok(())
}

async fn read_all<T: serde::de::DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<T>> {
    let values = tx.object_store(store)?.get_all::<T>().serde()?.await?;
    Ok(values.collect::<std::result::Result<_, _>>()?)
}

/// Every stored record, by key: the change pages replayed in order.
pub(super) async fn read_records(tx: &Transaction<'_>) -> Result<BTreeMap<RecordKey, Record>> {
    let pages = tx
        .object_store(RECORDS)?
        .get_all::<String>()
        .primitive()?
        .await?;
    let mut records = BTreeMap::new();
    for page in pages {
        let changes: Vec<RecordChange> = serde_json::from_str(&page?).map_err(other)?;
        for change in changes {
            match change {
                RecordChange::Upsert { record } => {
                    records.insert(record.key(), record);
                }
                RecordChange::Delete { key } => {
                    records.remove(&key);
                }
            }
        }
    }
    Ok(records)
}

/// Appends a page of changes to the records, compacting the log when it has grown long.
pub(super) async fn append_records(tx: &Transaction<'_>, changes: &[RecordChange]) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let store = tx.object_store(RECORDS)?;
    let json = serde_json::to_string(changes).map_err(other)?;
    drop(store.add(json).primitive()?);
    if store.count().await? > COMPACT_AFTER {
        let live: Vec<RecordChange> = read_records(tx)
            .await?
            .into_values()
            .map(|record| RecordChange::Upsert { record })
            .collect();
        store.clear()?;
        drop(
            store
                .add(serde_json::to_string(&live).map_err(other)?)
                .primitive()?,
        );
    }
    Ok(())
}

/// Everything a tab shows about sync, read in one transaction so the parts agree.
#[derive(Debug, Clone, Default)]
pub struct WorkSnapshot {
    pub state: Option<SyncState>,
    pub records: BTreeMap<RecordKey, Record>,
    /// Every user's queued mutations, oldest first.
    pub outbox: Vec<Queued>,
    pub refused: Vec<RefusedChange>,
    /// Whose session pulled the records (see `session.rs`): `Some("")` after a log out,
    /// `None` when not recorded.
    pub records_for: Option<String>,
}

/// The sync state, records, outbox and refusals, inside `tx` (which must cover their stores).
pub(super) async fn read_work(tx: &Transaction<'_>) -> Result<WorkSnapshot> {
    Ok(WorkSnapshot {
        state: read_state(tx).await?,
        records: read_records(tx).await?,
        outbox: read_outbox(tx).await?,
        refused: read_all(tx, REFUSED).await?,
        records_for: super::session::read_records_for(tx).await?,
    })
}

impl LocalDb {
    fn work_tx(&self, mode: TransactionMode) -> Result<Transaction<'_>> {
        Ok(self
            .db
            .transaction([META, OUTBOX, RECORDS, REFUSED])
            .with_mode(mode)
            .build()?)
    }

    /// The stored sync state; made (with a new client id) and stored on first use.
    pub async fn sync_state(&self) -> Result<SyncState> {
        let tx = self.work_tx(TransactionMode::Readwrite)?;
        let state = read_or_new_state(&tx).await?;
        write_state(&tx, &state)?;
        super::commit(tx).await?;
        Ok(state)
    }

    /// Queues `op` by `author`: the next mutation id and the outbox entry are written together.
    pub async fn queue(&self, op: Op, author: &str, now_ms: i64) -> Result<Mutation> {
        let tx = self.work_tx(TransactionMode::Readwrite)?;
        let mut state = read_or_new_state(&tx).await?;
        let mutation = state.enqueue(op, now_ms);
        put_queued(
            &tx,
            &Queued {
                id: mutation.id,
                author: author.to_owned(),
                mutation: mutation.clone(),
            },
        )?;
        write_state(&tx, &state)?;
        super::commit(tx).await?;
        Ok(mutation)
    }

    /// Every user's queued mutations, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Queued>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        read_outbox(&tx).await
    }

    /// `author`'s oldest `limit` queued mutations: what a round pushes next for them (read
    /// through the author index, so other users' queues and the rest of this one cost nothing).
    pub async fn outbox_of(&self, author: &str, limit: usize) -> Result<Vec<Mutation>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let queued = tx
            .object_store(OUTBOX)?
            .index(BY_AUTHOR)?
            .get_all::<Queued>()
            .with_query(author.to_owned())
            .with_limit(limit.min(u32::MAX as usize) as u32)
            .serde()?
            .await?;
        let mut mutations = Vec::new();
        for q in queued {
            mutations.push(q?.mutation);
        }
        Ok(mutations)
    }

    pub async fn work(&self) -> Result<WorkSnapshot> {
        let tx = self.work_tx(TransactionMode::Readonly)?;
        read_work(&tx).await
    }

    /// How many change pages the record log holds (compaction keeps it short).
    pub async fn record_pages(&self) -> Result<u32> {
        let tx = self.db.transaction(RECORDS).build()?;
        Ok(tx.object_store(RECORDS)?.count().await?)
    }

    pub async fn dismiss_refused(&self, id: u64) -> Result<()> {
        let tx = self
            .db
            .transaction(REFUSED)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        drop(tx.object_store(REFUSED)?.delete(id as f64).primitive()?);
        super::commit(tx).await?;
        Ok(())
    }

    /// Commits a push: processed mutations leave the outbox, applied ones are folded into the
    /// records, refused ones are kept for the user, the position advances, and if the hub lost
    /// its state the recovery is queued, all in one transaction.
    pub async fn commit_push(
        &self,
        pushed: &Pushed,
        position: &Position,
        me: &Actor,
        now_ms: i64,
    ) -> Result<()> {
        let tx = self.work_tx(TransactionMode::Readwrite)?;
        // `me` logged out meanwhile: the answer is stored by the round after the next log in.
        super::session::check_records_for(&tx, Some(me.id.as_str())).await?;
        // The hub processed the batch: drop exactly its mutations. (Ids of this user's client
        // up to `processed_through` that were not in it go out with the next batch, and the hub
        // answers them from its outcomes.)
        let outbox = tx.object_store(OUTBOX)?;
        let sent = pushed
            .applied
            .iter()
            .chain(pushed.refused.iter().map(|r| &r.mutation));
        for m in sent {
            drop(outbox.delete(m.id as f64).primitive()?);
        }
        // What the hub applied goes into the records now, before the next pull brings its copy.
        // A requisition's transition is replayed on the stored records, so only then are they
        // read.
        let mut records = if pushed.applied.iter().any(needs_records) {
            read_records(&tx).await?
        } else {
            Default::default()
        };
        let applied = applied_changes(&mut records, &pushed.applied, me);
        append_records(&tx, &applied).await?;
        for r in &pushed.refused {
            let refused = RefusedChange {
                id: r.mutation.id,
                author: me.id.to_string(),
                mutation: r.mutation.clone(),
                code: r.code.clone(),
                message: r.message.clone(),
                reason: r.reason.clone(),
            };
            drop(tx.object_store(REFUSED)?.put(&refused).serde()?);
        }
        let mut state = read_state(&tx)
            .await?
            .ok_or_else(|| other("sync state missing"))?;
        state.advance(position);
        write_state(&tx, &state)?;
        if let Some(epoch) = &pushed.recover {
            // Rare: now read everything (the deletes and puts above are already visible).
            let records = read_records(&tx).await?;
            let remaining = mutations_of(&read_outbox(&tx).await?, me.id.as_str());
            recover_in(
                &tx,
                &mut state,
                Some(epoch),
                records,
                &remaining,
                me,
                now_ms,
            )?;
        }
        super::commit(tx).await?;
        Ok(())
    }

    /// Commits a pulled page with the position that follows it.
    /// Nothing is written once the round's user has logged out (see `session.rs`).
    pub async fn commit_pull(&self, changes: &[RecordChange], position: &Position) -> Result<()> {
        let tx = self.work_tx(TransactionMode::Readwrite)?;
        super::session::check_records_for(&tx, None).await?;
        append_records(&tx, changes).await?;
        let mut state = read_state(&tx)
            .await?
            .ok_or_else(|| other("sync state missing"))?;
        state.advance(position);
        write_state(&tx, &state)?;
        super::commit(tx).await?;
        Ok(())
    }

    /// The hub lost its state: queue `me`'s current records again, forget the pulled ones and
    /// start the cursor over (see `SyncState::recover`).
    pub async fn recover(&self, epoch: Option<&str>, me: &Actor, now_ms: i64) -> Result<()> {
        let tx = self.work_tx(TransactionMode::Readwrite)?;
        super::session::check_records_for(&tx, Some(me.id.as_str())).await?;
        let mut state = read_state(&tx)
            .await?
            .ok_or_else(|| other("sync state missing"))?;
        let records = read_records(&tx).await?;
        let queued = mutations_of(&read_outbox(&tx).await?, me.id.as_str());
        recover_in(&tx, &mut state, epoch, records, &queued, me, now_ms)?;
        super::commit(tx).await?;
        Ok(())
    }
}

fn recover_in(
    tx: &Transaction<'_>,
    state: &mut SyncState,
    epoch: Option<&str>,
    records: BTreeMap<RecordKey, Record>,
    queued: &[Mutation],
    me: &Actor,
    now_ms: i64,
) -> Result<()> {
    let view = local_view(records, queued, me);
    let requeued = state.recover(epoch, &view, me, now_ms);
    for m in requeued {
        let queued = Queued {
            id: m.id,
            author: me.id.to_string(),
            mutation: m,
        };
        put_queued(tx, &queued)?;
    }
    tx.object_store(RECORDS)?.clear()?;
    write_state(tx, state)
}
