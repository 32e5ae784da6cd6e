//! Runs a catalog pull: the core's [`CatalogPull`] decides, this module fetches and stores.

use crate::catalog::LocalCatalog;
use crate::endpoint::{Endpoint, EndpointError};
use crate::state::{local_db, AppState, SyncStatus};
use crate::storage::{LocalDb, StorageError};
use leptos::prelude::*;
use procura_sync::api::{ContentManager, Cursor, FeedId};
use procura_sync::pull::{CatalogPull, Feed, PullAction, PullError, PullProgress};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("the endpoint sent a page Procura refuses: {0}")]
    Feed(#[from] PullError),
    #[error("{}'s feed was reset by the endpoint", .0.id)]
    FeedReset(Feed),
}

/// Pulls every feed's catalog changes (each supplier-managed supplier's, each marketplace's) into
/// local storage and refreshes the screen's copy.
/// Does nothing if a sync is already running or nobody is logged in.
pub async fn sync_catalog(app: AppState) {
    if matches!(app.sync.get_untracked(), SyncStatus::Running { .. }) {
        return;
    }
    let (Some(token), Some(db)) = (app.token(), local_db()) else {
        return;
    };
    app.sync.set(SyncStatus::Running {
        fraction: 0.0,
        stored: 0,
    });
    let endpoint = Endpoint::same_origin(Some(token));
    let report = |p: PullProgress| {
        app.sync.set(SyncStatus::Running {
            fraction: p.fraction(),
            stored: p.stored,
        })
    };
    let mut outcome = pull_all(&db, &endpoint, report).await;
    // The endpoint lost the state a cursor pointed to (it was reset): drop that feed's local
    // copy (for a marketplace, all its sellers' items) and pull again from the start, once.
    if let Err(SyncError::FeedReset(feed)) = &outcome {
        let suppliers: Vec<String> = feed.suppliers.iter().cloned().collect();
        outcome = match db.reset_feed(&feed.id.storage_key(), &suppliers).await {
            Ok(()) => pull_all(&db, &endpoint, report).await,
            Err(e) => Err(e.into()),
        };
    }
    // Whatever was committed, before a failure too, is shown, and only then is the sync
    // reported finished: the screen never says "up to date" over an older catalog.
    load_from_device(app, &db).await;
    match outcome {
        Ok(stored) => {
            app.reachable.set(true);
            app.mark_synced();
            app.sync.set(SyncStatus::Done { stored });
            if stored > 0 {
                crate::sync::tabs::announce(crate::sync::tabs::TabMessage::Catalog);
            }
        }
        Err(e) => {
            if let SyncError::Endpoint(endpoint_error) = &e {
                app.reachable
                    .set(*endpoint_error != EndpointError::Unreachable);
                if endpoint_error.is_unauthorized() {
                    crate::session::session_ended(app);
                }
            }
            app.sync.set(match e {
                SyncError::Storage(StorageError::Corrupt(_)) => SyncStatus::StorageCorrupt,
                e => SyncStatus::Failed(e.to_string()),
            });
        }
    }
}

async fn pull_all(
    db: &LocalDb,
    endpoint: &Endpoint,
    report: impl Fn(PullProgress),
) -> Result<u64, SyncError> {
    let suppliers = endpoint.suppliers().await?;
    let marketplaces = endpoint.marketplaces().await?;
    db.save_suppliers(&suppliers).await?;
    db.save_marketplaces(&marketplaces).await?;
    let mut cursors: HashMap<String, Cursor> = db
        .cursors()
        .await?
        .into_iter()
        .map(|r| (r.supplier_id, r.cursor))
        .collect();
    let mut cursor_of = |feed: &FeedId| cursors.remove(&feed.storage_key()).unwrap_or_default();
    // A marketplace's sellers come through the marketplace's feed only (their own feed would
    // deliver the same items again); buyer-managed suppliers live on the device alone.
    let mut feeds: Vec<Feed> = suppliers
        .iter()
        .filter(|s| s.managed_by == ContentManager::Supplier)
        .map(|s| {
            Feed::supplier(
                s.id.as_str(),
                cursor_of(&FeedId::Supplier(s.id.to_string())),
            )
        })
        .collect();
    for market in &marketplaces {
        let cursor = cursor_of(&FeedId::Marketplace(market.id.clone()));
        feeds.push(Feed::marketplace(
            &market.id,
            market.seller_ids.iter().cloned(),
            cursor,
        ));
    }
    let mut pull = CatalogPull::new(feeds);
    loop {
        match pull.poll_action() {
            PullAction::Fetch { feed, cursor } => match endpoint.feed_page(&feed, &cursor).await {
                Ok(page) => pull.page_received(page)?,
                Err(e) if e.code() == Some("cursor_reset") => {
                    let current = pull.current().cloned();
                    return Err(SyncError::FeedReset(
                        current.expect("the feed being fetched is current"),
                    ));
                }
                Err(e) => return Err(e.into()),
            },
            PullAction::Store {
                feed,
                changes,
                next_cursor,
            } => {
                db.apply_catalog_page(&feed.storage_key(), &changes, &next_cursor)
                    .await?;
                pull.page_stored(next_cursor);
                report(pull.progress());
            }
            // Every fetch and store above reports back before polling again.
            PullAction::Wait => unreachable!("catalog pull waits although nothing is in flight"),
            PullAction::Done => return Ok(pull.progress().stored),
        }
    }
}

/// Reads the catalog (with its search index) and supplier names from the device into the app
/// state, then, once the screen has rendered it, marks the page as ready
/// (`<body data-catalog-ready="N">`: tests and the benchmark wait for it).
pub async fn load_from_device(app: AppState, db: &LocalDb) {
    // Marketplace names are only for display: without them the page still shows everything.
    let marketplaces = db.marketplaces().await.unwrap_or_default();
    match (db.load_catalog().await, db.suppliers().await) {
        (Ok(stored), Ok(mut suppliers)) => {
            let catalog = LocalCatalog::from_storage(db, stored).await;
            let count = catalog.len();
            suppliers.sort_by(|a, b| a.id.cmp(&b.id));
            app.catalog.set(Arc::new(catalog));
            app.suppliers.set(suppliers);
            app.marketplaces.set(marketplaces);
            crate::device::mark("procura:catalog-set");
            // Ready means rendered: let the screens' effects run (the first page of results,
            // with the offer groups it needs) before saying so.
            gloo_timers::future::TimeoutFuture::new(0).await;
            if let Some(body) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = body.set_attribute("data-catalog-ready", &count.to_string());
            }
        }
        (Err(StorageError::Corrupt(_)), _) => app.sync.set(SyncStatus::StorageCorrupt),
        (Err(e), _) | (_, Err(e)) => app.sync.set(SyncStatus::Failed(e.to_string())),
    }
}
