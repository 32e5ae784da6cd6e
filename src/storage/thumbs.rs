//! The device's picture cache: small thumbnails of product pictures, kept so the catalog shows
//! them with no network, within the budget the buyer sets in Settings.
//!
//! A database of its own ([`THUMBS_DB`]), apart from the buyer's data: it is a cache. The
//! backup leaves it out, clearing it loses nothing a sync or the next look online does not
//! bring back, and the app's schema migrations never touch it.
//!
//! Two stores, both keyed by the picture's address: [`META_STORE`] holds what the budget rule
//! needs ([`Held`]: size, last shown) as JSON, [`DATA_STORE`] the thumbnail as a `data:` URL.
//! The sizes are read once per page load into memory, so deciding what to drop never reads a
//! picture. What stays and what goes is [`procura_catalog::catalog::media::cache`]'s decision.

use super::{commit, Result, StorageError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use procura_catalog::catalog::media::cache::{self, Admit, Held};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub const THUMBS_DB: &str = "procura-media";
const VERSION: u32 = 1;
const META_STORE: &str = "thumb_meta";
const DATA_STORE: &str = "thumb_data";
/// Where the buyer's budget is kept (a device setting, like the language).
const BUDGET_KEY: &str = "procura.thumbs.budget_mb";

/// The open cache: its database and the sizes of what it holds.
pub struct ThumbCache {
    db: Database,
    held: RefCell<HashMap<String, Held>>,
}

/// The one opening of the cache, shared by everyone who asks.
type Opening =
    futures::future::Shared<futures::future::LocalBoxFuture<'static, Option<Rc<ThumbCache>>>>;

thread_local! {
    static OPEN: RefCell<Option<Opening>> = const { RefCell::new(None) };
}

/// The cache, opened once per page (every row asking at once shares the one opening); `None`
/// when the browser refuses IndexedDB (private modes): pictures then show online only.
pub async fn cache() -> Option<Rc<ThumbCache>> {
    use futures::FutureExt;
    let opening = OPEN.with(|o| {
        o.borrow_mut()
            .get_or_insert_with(|| {
                async { ThumbCache::open().await.ok().map(Rc::new) }
                    .boxed_local()
                    .shared()
            })
            .clone()
    });
    opening.await
}

/// The budget in megabytes the buyer set, else the default.
pub fn budget_mb() -> u32 {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(BUDGET_KEY).ok().flatten())
        .and_then(|text| cache::parse_budget_mb(&text).ok())
        .unwrap_or(cache::DEFAULT_BUDGET_MB)
}

fn now() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

fn decode(json: &str) -> Option<Held> {
    serde_json::from_str(json).ok()
}

impl ThumbCache {
    async fn open() -> Result<Self> {
        let db = Database::open(THUMBS_DB)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(META_STORE).build()?;
                    db.create_object_store(DATA_STORE).build()?;
                }
                Ok(())
            })
            .await?;
        let tx = db.transaction(META_STORE).build()?;
        let all = tx
            .object_store(META_STORE)?
            .get_all::<String>()
            .primitive()?
            .await?;
        let mut held = HashMap::new();
        for json in all {
            if let Some(h) = decode(&json?) {
                held.insert(h.key.clone(), h);
            }
        }
        drop(tx);
        Ok(Self {
            db,
            held: RefCell::new(held),
        })
    }

    /// The thumbnail held for `url`, as a `data:` URL. Showing it records the time, at most
    /// once an hour ([`cache::should_touch`]).
    pub async fn get(&self, url: &str) -> Option<String> {
        let used = self.held.borrow().get(url).map(|h| h.used)?;
        let tx = self.db.transaction(DATA_STORE).build().ok()?;
        let data: Option<String> = tx
            .object_store(DATA_STORE)
            .ok()?
            .get(url.to_owned())
            .primitive()
            .ok()?
            .await
            .ok()?;
        drop(tx);
        if data.is_some() && cache::should_touch(used, now()) {
            let touched = self.held.borrow().get(url).map(|h| Held {
                used: now(),
                ..h.clone()
            });
            if let Some(h) = touched {
                // Only the order of eviction depends on it: a failed write changes nothing else.
                let _ = self.write(&[h], None, &[]).await;
            }
        }
        data
    }

    /// Keeps `data` (a thumbnail's `data:` URL) for `url` when the budget allows, dropping the
    /// least recently shown to make room. Returns whether it was kept.
    pub async fn put(&self, url: &str, data: &str) -> Result<bool> {
        let bytes = data.len() as u64;
        let budget = cache::budget_bytes(budget_mb());
        let held: Vec<Held> = self.held.borrow().values().cloned().collect();
        let Admit::Keep { drop } = cache::admit(&held, url, bytes, budget) else {
            return Ok(false);
        };
        let entry = Held {
            key: url.to_owned(),
            bytes,
            used: now(),
        };
        self.write(&[entry], Some(data), &drop).await?;
        Ok(true)
    }

    /// How many thumbnails are held and their bytes.
    pub fn usage(&self) -> (usize, u64) {
        let held = self.held.borrow();
        (held.len(), held.values().map(|h| h.bytes).sum())
    }

    /// Sets the budget and drops what no longer fits.
    pub async fn set_budget(&self, mb: u32) -> Result<()> {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .ok_or_else(|| StorageError::Other("no local storage".into()))?
            .set_item(BUDGET_KEY, &mb.to_string())
            .map_err(|_| StorageError::Other("the setting could not be saved".into()))?;
        let held: Vec<Held> = self.held.borrow().values().cloned().collect();
        let drop = cache::trim(&held, cache::budget_bytes(mb));
        self.write(&[], None, &drop).await
    }

    /// Drops every thumbnail.
    pub async fn clear(&self) -> Result<()> {
        let keys: Vec<String> = self.held.borrow().keys().cloned().collect();
        self.write(&[], None, &keys).await
    }

    /// Writes `put` entries' sizes and times (and `data`, the picture of the one entry put, when
    /// given) and removes `drop` with their pictures, in one transaction, then mirrors it in
    /// memory.
    async fn write(&self, put: &[Held], data: Option<&str>, drop: &[String]) -> Result<()> {
        if put.is_empty() && drop.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction([META_STORE, DATA_STORE])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(META_STORE)?;
        let store = tx.object_store(DATA_STORE)?;
        for key in drop {
            std::mem::drop(meta.delete(key.clone()).primitive()?);
            std::mem::drop(store.delete(key.clone()).primitive()?);
        }
        for h in put {
            let json = serde_json::to_string(h).map_err(|e| StorageError::Other(e.to_string()))?;
            std::mem::drop(meta.put(json).with_key(h.key.clone()).primitive()?);
            if let Some(data) = data {
                std::mem::drop(
                    store
                        .put(data.to_owned())
                        .with_key(h.key.clone())
                        .primitive()?,
                );
            }
        }
        commit(tx).await?;
        let mut held = self.held.borrow_mut();
        for key in drop {
            held.remove(key);
        }
        for h in put {
            held.insert(h.key.clone(), h.clone());
        }
        Ok(())
    }
}
