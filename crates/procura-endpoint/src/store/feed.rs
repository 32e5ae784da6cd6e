//! Catalog change feeds: a supplier's own (`/suppliers/{id}/catalog`) and a marketplace's
//! (`/marketplaces/{id}/catalog`, every seller's items in one log), with their cursors.
//!
//! Both read the same rows in `seq` order; they differ only in which suppliers' rows they
//! select. Cursors name their kind (`c1` supplier, `m1` marketplace), the database epoch and the
//! feed id, so a cursor is refused anywhere but the feed that issued it.

use super::db::{params, OptionalExtension};
use super::{Store, StoreError};
use procura_catalog::catalog::LocalizedText;
use procura_sync::api::{CatalogChange, CatalogPage, Cursor, FeedId, Marketplace};

/// Where a client stands in one feed: after change `after`; tombstones up to `horizon` are not
/// sent (the pull began from scratch when the feed stood at `horizon`).
#[derive(Debug, Clone, Copy)]
struct FeedPosition {
    after: i64,
    horizon: i64,
}

/// The rows of one feed: `?1` is the feed id. A marketplace's rows are its sellers' rows.
fn rows_of(feed: &FeedId) -> &'static str {
    match feed {
        FeedId::Supplier(_) => "supplier_id = ?1",
        FeedId::Marketplace(_) => {
            "supplier_id IN (SELECT id FROM suppliers WHERE marketplace_id = ?1)"
        }
    }
}

fn id_of(feed: &FeedId) -> &str {
    match feed {
        FeedId::Supplier(id) | FeedId::Marketplace(id) => id,
    }
}

/// The cursor format's first field: which kind of feed issued it.
fn tag_of(feed: &FeedId) -> &'static str {
    match feed {
        FeedId::Supplier(_) => "c1",
        FeedId::Marketplace(_) => "m1",
    }
}

impl Store {
    /// The marketplaces and their sellers, sorted by id.
    pub fn marketplaces(&self) -> Result<Vec<Marketplace>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare("SELECT id, name_en, name_zh FROM marketplaces ORDER BY id")?;
        let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        // The sellers by a query of their own (one per marketplace, a handful): the one
        // statement both databases read alike.
        let mut sellers =
            db.prepare_cached("SELECT id FROM suppliers WHERE marketplace_id = ?1 ORDER BY id")?;
        rows.map(|row| {
            let (id, en, zh): (String, String, String) = row?;
            let seller_ids = sellers
                .query_map([&id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(Marketplace {
                id,
                name: LocalizedText::new(en, zh),
                seller_ids,
            })
        })
        .collect()
    }

    /// The feed exists and may be served. A marketplace's seller has no feed of its own: its
    /// items come through the marketplace's feed, and serving them twice would let two cursors
    /// disagree about the same items.
    fn require_feed(&self, feed: &FeedId) -> Result<(), StoreError> {
        match feed {
            FeedId::Supplier(id) => {
                let found: Option<Option<String>> = self
                    .db()
                    .query_row(
                        "SELECT marketplace_id FROM suppliers WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                match found {
                    None => Err(StoreError::NoSupplier(id.clone())),
                    Some(Some(marketplace)) => Err(StoreError::SoldOnMarketplace {
                        supplier: id.clone(),
                        marketplace,
                    }),
                    Some(None) => Ok(()),
                }
            }
            FeedId::Marketplace(id) => {
                let found: Option<i64> = self
                    .db()
                    .query_row("SELECT 1 FROM marketplaces WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                found
                    .map(|_| ())
                    .ok_or_else(|| StoreError::NoMarketplace(id.clone()))
            }
        }
    }

    /// The changes to `feed` after `cursor`, at most `limit` of them.
    ///
    /// A pull that began from the empty cursor skips the tombstones that already existed when it
    /// began (the client never held those items), on every page of that pull: the cursor
    /// remembers that point as its `horizon`. Later tombstones are sent, since the client may
    /// have received the item earlier in the same pull.
    pub fn feed_page(
        &self,
        feed: &FeedId,
        cursor: &Cursor,
        limit: u32,
    ) -> Result<CatalogPage, StoreError> {
        self.require_feed(feed)?;
        self.refresh_epoch()?;
        let FeedPosition { after, horizon } = match self.parse_cursor(feed, cursor)? {
            Some(position) => position,
            None => FeedPosition {
                after: 0,
                horizon: self.max_seq()?,
            },
        };
        let rows = rows_of(feed);
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT seq, id, deleted, body FROM catalog_items
             WHERE {rows} AND seq > ?2 AND (deleted = 0 OR seq > ?3)
             ORDER BY seq LIMIT ?4"
        ))?;
        let mut last_seq = after;
        let mut changes = Vec::new();
        let mut result = stmt.query(params![id_of(feed), after, horizon, limit])?;
        while let Some(row) = result.next()? {
            last_seq = row.get(0)?;
            let id: String = row.get(1)?;
            let change = if row.get::<_, i64>(2)? == 1 {
                CatalogChange::Delete { id }
            } else {
                let body: String = row.get(3)?;
                CatalogChange::Upsert {
                    item: Box::new(serde_json::from_str(&body)?),
                }
            };
            changes.push(change);
        }
        let remaining: i64 = self.db().query_row(
            &format!(
                "SELECT count(*) FROM catalog_items
                 WHERE {rows} AND seq > ?2 AND (deleted = 0 OR seq > ?3)"
            ),
            params![id_of(feed), last_seq, horizon],
            |r| r.get(0),
        )?;
        let next = FeedPosition {
            after: last_seq,
            horizon,
        };
        let (supplier_id, marketplace_id) = match feed {
            FeedId::Supplier(id) => (id.clone(), None),
            FeedId::Marketplace(id) => (String::new(), Some(id.clone())),
        };
        Ok(CatalogPage {
            supplier_id,
            marketplace_id,
            changes,
            next_cursor: self.cursor_for(feed, next),
            has_more: remaining > 0,
            remaining: remaining as u64,
        })
    }

    /// Cursors read `{c1|m1}.{epoch}.{after}.{horizon}.{feed id}`: the epoch ties them to this
    /// database, the kind and id to one feed (sequence numbers are shared by all feeds).
    fn cursor_for(&self, feed: &FeedId, position: FeedPosition) -> Cursor {
        Cursor(format!(
            "{}.{}.{}.{}.{}",
            tag_of(feed),
            self.epoch.borrow(),
            position.after,
            position.horizon,
            id_of(feed)
        ))
    }

    /// `None` for the empty cursor (start of the feed).
    fn parse_cursor(
        &self,
        feed: &FeedId,
        cursor: &Cursor,
    ) -> Result<Option<FeedPosition>, StoreError> {
        if cursor.is_start() {
            return Ok(None);
        }
        let bad = || StoreError::BadCursor(cursor.0.clone());
        let parts: Vec<&str> = cursor.0.splitn(5, '.').collect();
        let [tag, epoch, after, horizon, id] = parts[..] else {
            return Err(bad());
        };
        let after: i64 = after.parse().map_err(|_| bad())?;
        let horizon: i64 = horizon.parse().map_err(|_| bad())?;
        if tag != tag_of(feed) || id != id_of(feed) || after < 0 || horizon < 0 {
            return Err(bad());
        }
        if epoch != *self.epoch.borrow() || after.max(horizon) > self.max_seq()? {
            return Err(StoreError::CursorReset);
        }
        Ok(Some(FeedPosition { after, horizon }))
    }
}
