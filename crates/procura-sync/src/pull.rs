//! Pulling catalog feeds into local storage, sans-IO.
//!
//! The shell drives a [`CatalogPull`] in a loop: it asks [`CatalogPull::poll_action`] what to do,
//! does it (an HTTP fetch, a storage transaction) and reports back. The pull never advances a
//! feed's cursor by itself: [`PullAction::Store`] hands the shell the changes *together with*
//! the cursor that follows them, and the shell writes both in one transaction. So an interrupted
//! pull resumes exactly where the last committed page ended, and a page is never half-applied.
//!
//! A feed is a supplier's own (its items only) or a marketplace's (the items of its sellers).
//! Either way the pull knows which suppliers the feed may write, and refuses a page that would
//! write any other: a feed never overwrites or deletes what another source manages.

use crate::api::{CatalogChange, CatalogPage, Cursor, FeedId};
use std::collections::{BTreeSet, VecDeque};

/// One feed to pull: its id, the suppliers whose items it may carry, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: FeedId,
    pub suppliers: BTreeSet<String>,
    /// The cursor last committed for it ([`Cursor::start`] if none).
    pub cursor: Cursor,
}

impl Feed {
    /// A supplier's own feed: it may carry only that supplier's items.
    pub fn supplier(supplier_id: impl Into<String>, cursor: Cursor) -> Self {
        let supplier_id = supplier_id.into();
        Self {
            suppliers: BTreeSet::from([supplier_id.clone()]),
            id: FeedId::Supplier(supplier_id),
            cursor,
        }
    }

    /// A marketplace's feed: it may carry the items of `sellers`, and only theirs.
    pub fn marketplace(
        marketplace_id: impl Into<String>,
        sellers: impl IntoIterator<Item = String>,
        cursor: Cursor,
    ) -> Self {
        Self {
            id: FeedId::Marketplace(marketplace_id.into()),
            suppliers: sellers.into_iter().collect(),
            cursor,
        }
    }

    /// The supplier an item id (`{supplier_id}/{sku}`) names, if this feed may write it.
    fn owner_of<'a>(&'a self, item_id: &str) -> Option<&'a str> {
        self.suppliers
            .iter()
            .find(|s| {
                item_id
                    .strip_prefix(s.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(String::as_str)
    }

    /// Whether `change` stays inside the suppliers this feed may write.
    fn may_write(&self, change: &CatalogChange) -> bool {
        match change {
            // The id must name the item's own supplier too: a put under another supplier's id
            // would overwrite that supplier's item.
            CatalogChange::Upsert { item } => {
                self.owner_of(item.id.as_str()) == Some(item.supplier_id.as_str())
            }
            CatalogChange::Delete { id } => self.owner_of(id).is_some(),
        }
    }
}

/// What the shell must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullAction {
    /// Fetch the page of `feed` after `cursor`, then call [`CatalogPull::page_received`].
    Fetch { feed: FeedId, cursor: Cursor },
    /// Apply `changes` and store `next_cursor` for `feed` (under [`FeedId::storage_key`]) in
    /// **one** transaction, then call [`CatalogPull::page_stored`].
    Store {
        feed: FeedId,
        changes: Vec<CatalogChange>,
        next_cursor: Cursor,
    },
    /// Waiting for the shell to report the outcome of the last action.
    Wait,
    /// Every feed is up to date.
    Done,
}

/// A page the pull refuses to store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PullError {
    #[error("a page arrived while none was asked for")]
    UnexpectedPage,
    #[error("asked for {expected}'s feed, got {got}'s")]
    WrongFeed { expected: FeedId, got: FeedId },
    #[error("{feed}'s feed carries item {item} of a supplier it does not manage")]
    ForeignItem { feed: FeedId, item: String },
}

/// Counts for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PullProgress {
    /// Changes committed locally in this pull, all feeds together.
    pub stored: u64,
    /// Changes committed for the feed being pulled now.
    pub current_stored: u64,
    /// Changes the endpoint says still wait in the current feed.
    pub current_remaining: u64,
    pub feeds_done: usize,
    pub feeds_total: usize,
}

impl PullProgress {
    /// Fraction done in `0.0..=1.0`: whole feeds done, plus the share of the current one.
    pub fn fraction(&self) -> f64 {
        if self.feeds_total == 0 {
            return 1.0;
        }
        let current_known = self.current_stored + self.current_remaining;
        let current_share = if current_known == 0 {
            0.0
        } else {
            self.current_stored as f64 / current_known as f64
        };
        ((self.feeds_done as f64 + current_share) / self.feeds_total as f64).min(1.0)
    }
}

#[derive(Debug)]
enum Step {
    NeedFetch,
    Fetching,
    Storing {
        has_more: bool,
        remaining: u64,
        count: u64,
    },
}

#[derive(Debug)]
struct FeedState {
    feed: Feed,
    step: Step,
}

/// Pulls a set of feeds, one feed and one page at a time.
#[derive(Debug)]
pub struct CatalogPull {
    queue: VecDeque<FeedState>,
    pending_store: Option<(Vec<CatalogChange>, Cursor)>,
    progress: PullProgress,
}

impl CatalogPull {
    pub fn new(feeds: impl IntoIterator<Item = Feed>) -> Self {
        let queue: VecDeque<_> = feeds
            .into_iter()
            .map(|feed| FeedState {
                feed,
                step: Step::NeedFetch,
            })
            .collect();
        let progress = PullProgress {
            feeds_total: queue.len(),
            ..PullProgress::default()
        };
        Self {
            queue,
            pending_store: None,
            progress,
        }
    }

    pub fn progress(&self) -> PullProgress {
        self.progress
    }

    /// The feed being pulled now (for the shell to know what a 410 `cursor_reset` resets).
    pub fn current(&self) -> Option<&Feed> {
        self.queue.front().map(|state| &state.feed)
    }

    pub fn poll_action(&mut self) -> PullAction {
        let Some(state) = self.queue.front_mut() else {
            return PullAction::Done;
        };
        match state.step {
            Step::NeedFetch => {
                state.step = Step::Fetching;
                PullAction::Fetch {
                    feed: state.feed.id.clone(),
                    cursor: state.feed.cursor.clone(),
                }
            }
            Step::Fetching => PullAction::Wait,
            Step::Storing { .. } => match self.pending_store.take() {
                Some((changes, next_cursor)) => PullAction::Store {
                    feed: state.feed.id.clone(),
                    changes,
                    next_cursor,
                },
                None => PullAction::Wait,
            },
        }
    }

    /// The page fetched for the current feed. Refuses pages that would write outside it.
    pub fn page_received(&mut self, mut page: CatalogPage) -> Result<(), PullError> {
        let state = self.queue.front_mut().ok_or(PullError::UnexpectedPage)?;
        if !matches!(state.step, Step::Fetching) {
            return Err(PullError::UnexpectedPage);
        }
        let got = page.feed();
        if got != state.feed.id {
            return Err(PullError::WrongFeed {
                expected: state.feed.id.clone(),
                got,
            });
        }
        if let Some(change) = page.changes.iter().find(|c| !state.feed.may_write(c)) {
            let item = match change {
                CatalogChange::Upsert { item } => item.id.to_string(),
                CatalogChange::Delete { id } => id.clone(),
            };
            return Err(PullError::ForeignItem {
                feed: state.feed.id.clone(),
                item,
            });
        }
        // A feed's attributes, pictures and documents are held to the bounds a file's are (a
        // page is bounded in bytes, not in what one item carries).
        for change in &mut page.changes {
            if let CatalogChange::Upsert { item } = change {
                procura_catalog::catalog::attribute::bound(&mut item.attributes);
                procura_catalog::catalog::media::bound(&mut item.media);
            }
        }
        state.step = Step::Storing {
            has_more: page.has_more,
            remaining: page.remaining,
            count: page.changes.len() as u64,
        };
        self.pending_store = Some((page.changes, page.next_cursor));
        Ok(())
    }

    /// The shell committed the last [`PullAction::Store`] (changes and cursor together).
    pub fn page_stored(&mut self, committed_cursor: Cursor) {
        let Some(state) = self.queue.front_mut() else {
            return;
        };
        let Step::Storing {
            has_more,
            remaining,
            count,
        } = state.step
        else {
            return;
        };
        state.feed.cursor = committed_cursor;
        self.progress.stored += count;
        self.progress.current_stored += count;
        self.progress.current_remaining = remaining;
        // An empty page that still claims more would loop forever: treat it as the end.
        if has_more && count > 0 {
            state.step = Step::NeedFetch;
        } else {
            self.queue.pop_front();
            self.progress.feeds_done += 1;
            self.progress.current_stored = 0;
            self.progress.current_remaining = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use procura_catalog::catalog::CatalogItem;
    use procura_demo::demo;
    use proptest::prelude::*;

    fn item(supplier: &str, n: usize) -> CatalogItem {
        let mut item = demo::generate_catalog(7, &demo::suppliers(3)[0], n + 1)[n].clone();
        item.supplier_id = supplier.into();
        item.id = format!("{supplier}/{}", item.sku).into();
        item
    }

    fn upsert(item: CatalogItem) -> CatalogChange {
        CatalogChange::Upsert {
            item: Box::new(item),
        }
    }

    fn page(
        supplier: &str,
        ids: std::ops::Range<usize>,
        next: &str,
        remaining: u64,
    ) -> CatalogPage {
        CatalogPage {
            supplier_id: supplier.into(),
            marketplace_id: None,
            changes: ids.map(|n| upsert(item(supplier, n))).collect(),
            next_cursor: Cursor(next.into()),
            has_more: remaining > 0,
            remaining,
        }
    }

    fn market_page(market: &str, changes: Vec<CatalogChange>) -> CatalogPage {
        CatalogPage {
            supplier_id: String::new(),
            marketplace_id: Some(market.into()),
            changes,
            next_cursor: Cursor("m".into()),
            has_more: false,
            remaining: 0,
        }
    }

    fn fetching(feed: Feed) -> CatalogPull {
        let mut pull = CatalogPull::new([feed]);
        assert!(matches!(pull.poll_action(), PullAction::Fetch { .. }));
        pull
    }

    fn market() -> Feed {
        Feed::marketplace("hub", ["s1".into(), "s2".into()], Cursor::start())
    }

    #[test]
    fn a_feed_item_s_attributes_and_pictures_are_bounded_like_a_file_s() {
        use procura_catalog::catalog::attribute::{Attribute, MAX_ATTRIBUTES};
        let mut pull = fetching(Feed::supplier("a", Cursor::start()));
        let mut bloated = item("a", 0);
        bloated.attributes = vec![
            Attribute {
                name: procura_catalog::catalog::LocalizedText::new("Colour", ""),
                values: vec!["red".into()],
                ..Attribute::default()
            };
            MAX_ATTRIBUTES * 3
        ];
        // Pictures too: many, and one address far past the bound.
        bloated.media = (0..50)
            .map(|i| procura_catalog::catalog::media::Media {
                kind: procura_catalog::catalog::media::MediaKind::Picture,
                source: if i == 0 {
                    format!("https://img.example/{}", "x".repeat(100_000))
                } else {
                    format!("https://img.example/{i}.jpg")
                },
                mime: None,
                caption: Default::default(),
            })
            .collect();
        let mut p = page("a", 0..0, "1", 0);
        p.changes.push(upsert(bloated));
        pull.page_received(p).unwrap();
        let PullAction::Store { changes, .. } = pull.poll_action() else {
            panic!("a page to store");
        };
        let CatalogChange::Upsert { item } = &changes[0] else {
            panic!("an upsert");
        };
        assert_eq!(item.attributes.len(), MAX_ATTRIBUTES);
        assert_eq!(item.media.len(), procura_catalog::catalog::media::MAX_MEDIA);
        assert_eq!(item.media[0].source, "https://img.example/1.jpg");
    }

    #[test]
    fn pulls_every_page_of_every_feed_in_order() {
        let mut pull = CatalogPull::new([
            Feed::supplier("a", Cursor::start()),
            Feed::supplier("b", Cursor("7".into())),
        ]);
        assert_eq!(
            pull.poll_action(),
            PullAction::Fetch {
                feed: FeedId::Supplier("a".into()),
                cursor: Cursor::start()
            }
        );
        assert_eq!(pull.poll_action(), PullAction::Wait);
        pull.page_received(page("a", 0..2, "2", 1)).unwrap();
        let PullAction::Store {
            feed,
            changes,
            next_cursor,
        } = pull.poll_action()
        else {
            panic!()
        };
        assert_eq!(
            (feed, changes.len(), next_cursor.0.as_str()),
            (FeedId::Supplier("a".into()), 2, "2")
        );
        assert_eq!(
            pull.poll_action(),
            PullAction::Wait,
            "nothing more until the store is committed"
        );
        pull.page_stored(next_cursor);
        assert_eq!(
            pull.poll_action(),
            PullAction::Fetch {
                feed: FeedId::Supplier("a".into()),
                cursor: Cursor("2".into())
            }
        );
        pull.page_received(page("a", 2..3, "3", 0)).unwrap();
        let PullAction::Store { next_cursor, .. } = pull.poll_action() else {
            panic!()
        };
        pull.page_stored(next_cursor);
        assert_eq!(
            pull.poll_action(),
            PullAction::Fetch {
                feed: FeedId::Supplier("b".into()),
                cursor: Cursor("7".into())
            }
        );
        pull.page_received(page("b", 0..0, "7", 0)).unwrap();
        let PullAction::Store { next_cursor, .. } = pull.poll_action() else {
            panic!()
        };
        pull.page_stored(next_cursor);
        assert_eq!(pull.poll_action(), PullAction::Done);
        let progress = pull.progress();
        assert_eq!((progress.stored, progress.feeds_done), (3, 2));
        assert!((progress.fraction() - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn refuses_pages_that_write_outside_the_supplier() {
        let mut pull = CatalogPull::new([Feed::supplier("a", Cursor::start())]);
        assert_eq!(
            pull.page_received(page("a", 0..1, "1", 0)),
            Err(PullError::UnexpectedPage)
        );
        pull.poll_action();
        assert!(matches!(
            pull.page_received(page("b", 0..1, "1", 0)),
            Err(PullError::WrongFeed { .. })
        ));
        let mut sneaky = page("a", 0..1, "1", 0);
        sneaky
            .changes
            .push(CatalogChange::Delete { id: "b/X".into() });
        assert!(matches!(
            pull.page_received(sneaky),
            Err(PullError::ForeignItem { .. })
        ));
        // A supplier id that merely starts like the feed's is another supplier.
        let mut prefixed = page("a", 0..0, "1", 0);
        prefixed
            .changes
            .push(CatalogChange::Delete { id: "ab/X".into() });
        assert!(pull.page_received(prefixed).is_err());
    }

    #[test]
    fn an_empty_page_claiming_more_ends_the_feed() {
        let mut pull = fetching(Feed::supplier("a", Cursor::start()));
        let mut empty = page("a", 0..0, "", 5);
        empty.has_more = true;
        pull.page_received(empty).unwrap();
        let PullAction::Store { next_cursor, .. } = pull.poll_action() else {
            panic!()
        };
        pull.page_stored(next_cursor);
        assert_eq!(pull.poll_action(), PullAction::Done);
    }

    #[test]
    fn a_marketplace_feed_carries_its_sellers_items() {
        let mut pull = fetching(market());
        assert_eq!(pull.current().map(|f| f.suppliers.len()), Some(2));
        let changes = vec![
            upsert(item("s1", 0)),
            upsert(item("s2", 1)),
            CatalogChange::Delete { id: "s2/X".into() },
        ];
        pull.page_received(market_page("hub", changes)).unwrap();
        let PullAction::Store { feed, changes, .. } = pull.poll_action() else {
            panic!()
        };
        assert_eq!(feed, FeedId::Marketplace("hub".into()));
        assert_eq!(feed.storage_key(), "market:hub");
        assert_eq!(changes.len(), 3);
    }

    #[test]
    fn a_marketplace_feed_refuses_other_suppliers_and_other_feeds() {
        let mut pull = fetching(market());
        let foreign = market_page("hub", vec![upsert(item("officeplus", 0))]);
        assert_eq!(
            pull.page_received(foreign),
            Err(PullError::ForeignItem {
                feed: FeedId::Marketplace("hub".into()),
                item: item("officeplus", 0).id.to_string(),
            })
        );
        // An item claiming one seller under another seller's id would overwrite that one's.
        let mut mixed = item("s1", 0);
        mixed.supplier_id = "s2".into();
        assert!(pull
            .page_received(market_page("hub", vec![upsert(mixed)]))
            .is_err());
        // A supplier page with the marketplace's id, or another marketplace's page.
        assert!(matches!(
            pull.page_received(page("hub", 0..1, "1", 0)),
            Err(PullError::WrongFeed { .. })
        ));
        assert!(matches!(
            pull.page_received(market_page("other", vec![])),
            Err(PullError::WrongFeed { .. })
        ));
        // A supplier feed refuses a marketplace page even when the ids agree.
        let mut pull = fetching(Feed::supplier("s1", Cursor::start()));
        assert!(matches!(
            pull.page_received(market_page("s1", vec![])),
            Err(PullError::WrongFeed { .. })
        ));
    }

    proptest! {
        /// Whatever mix of suppliers a page carries, the pull accepts it exactly when every
        /// change belongs to one of the feed's sellers.
        #[test]
        fn accepts_a_page_iff_every_change_is_a_sellers(
            owners in proptest::collection::vec((0usize..4, any::<bool>()), 0..12)
        ) {
            const SUPPLIERS: [&str; 4] = ["s1", "s2", "s10", "other"];
            let changes: Vec<CatalogChange> = owners
                .iter()
                .enumerate()
                .map(|(n, &(owner, delete))| {
                    let item = item(SUPPLIERS[owner], n);
                    if delete {
                        CatalogChange::Delete { id: item.id.to_string() }
                    } else {
                        upsert(item)
                    }
                })
                .collect();
            let allowed = owners.iter().all(|&(owner, _)| owner < 2);
            let mut pull = fetching(market());
            prop_assert_eq!(pull.page_received(market_page("hub", changes)).is_ok(), allowed);
        }

        /// Progress never goes backwards and ends at 1 however the pages fall.
        #[test]
        fn progress_only_grows(pages in proptest::collection::vec(0usize..5, 1..6)) {
            let mut pull = CatalogPull::new([
                Feed::supplier("s1", Cursor::start()),
                market(),
            ]);
            let mut last = 0.0;
            for (round, &size) in pages.iter().chain(pages.iter()).enumerate() {
                let PullAction::Fetch { feed, .. } = pull.poll_action() else { break };
                let more = (round + 1) % pages.len() != 0;
                let changes: Vec<_> = (0..size).map(|n| upsert(item("s1", n))).collect();
                let mut p = match feed {
                    FeedId::Supplier(_) => page("s1", 0..size, "n", 0),
                    FeedId::Marketplace(_) => market_page("hub", changes),
                };
                p.has_more = more;
                p.remaining = if more { 3 } else { 0 };
                pull.page_received(p).unwrap();
                let PullAction::Store { next_cursor, .. } = pull.poll_action() else { panic!() };
                pull.page_stored(next_cursor);
                let now = pull.progress().fraction();
                prop_assert!(now >= last - 1e-9, "{now} < {last}");
                last = now;
            }
        }
    }
}
