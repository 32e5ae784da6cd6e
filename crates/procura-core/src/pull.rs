//! Pulling supplier catalogs into local storage, sans-IO.
//!
//! The shell drives a [`CatalogPull`] in a loop: it asks [`CatalogPull::poll_action`] what to do,
//! does it (an HTTP fetch, a storage transaction) and reports back. The pull never advances a
//! supplier's cursor by itself: [`PullAction::Store`] hands the shell the changes *together with*
//! the cursor that follows them, and the shell writes both in one transaction. So an interrupted
//! pull resumes exactly where the last committed page ended, and a page is never half-applied.

use crate::api::{CatalogChange, CatalogPage, Cursor};
use std::collections::VecDeque;

/// What the shell must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullAction {
    /// Fetch the page of `supplier_id`'s feed after `cursor`, then call
    /// [`CatalogPull::page_received`].
    Fetch { supplier_id: String, cursor: Cursor },
    /// Apply `changes` and store `next_cursor` for `supplier_id` in **one** transaction, then call
    /// [`CatalogPull::page_stored`].
    Store {
        supplier_id: String,
        changes: Vec<CatalogChange>,
        next_cursor: Cursor,
    },
    /// Waiting for the shell to report the outcome of the last action.
    Wait,
    /// Every supplier is up to date.
    Done,
}

/// A page the pull refuses to store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PullError {
    #[error("a page arrived while none was asked for")]
    UnexpectedPage,
    #[error("asked for supplier {expected}'s feed, got {got}'s")]
    WrongSupplier { expected: String, got: String },
    #[error("supplier {supplier}'s feed carries item {item} of another supplier")]
    ForeignItem { supplier: String, item: String },
}

/// Counts for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PullProgress {
    /// Changes committed locally in this pull, all suppliers together.
    pub stored: u64,
    /// Changes committed for the supplier being pulled now.
    pub current_stored: u64,
    /// Changes the endpoint says still wait in the current supplier's feed.
    pub current_remaining: u64,
    pub suppliers_done: usize,
    pub suppliers_total: usize,
}

impl PullProgress {
    /// Fraction done in `0.0..=1.0`: whole suppliers done, plus the share of the current one.
    pub fn fraction(&self) -> f64 {
        if self.suppliers_total == 0 {
            return 1.0;
        }
        let current_known = self.current_stored + self.current_remaining;
        let current_share = if current_known == 0 {
            0.0
        } else {
            self.current_stored as f64 / current_known as f64
        };
        ((self.suppliers_done as f64 + current_share) / self.suppliers_total as f64).min(1.0)
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
struct SupplierFeed {
    supplier_id: String,
    cursor: Cursor,
    step: Step,
}

/// Pulls a set of suppliers' feeds, one supplier and one page at a time.
#[derive(Debug)]
pub struct CatalogPull {
    queue: VecDeque<SupplierFeed>,
    pending_store: Option<(Vec<CatalogChange>, Cursor)>,
    progress: PullProgress,
}

impl CatalogPull {
    /// `feeds`: each supplier with the cursor last committed for it ([`Cursor::start`] if none).
    pub fn new(feeds: impl IntoIterator<Item = (String, Cursor)>) -> Self {
        let queue: VecDeque<_> = feeds
            .into_iter()
            .map(|(supplier_id, cursor)| SupplierFeed {
                supplier_id,
                cursor,
                step: Step::NeedFetch,
            })
            .collect();
        let progress = PullProgress {
            suppliers_total: queue.len(),
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

    pub fn poll_action(&mut self) -> PullAction {
        let Some(feed) = self.queue.front_mut() else {
            return PullAction::Done;
        };
        match feed.step {
            Step::NeedFetch => {
                feed.step = Step::Fetching;
                PullAction::Fetch {
                    supplier_id: feed.supplier_id.clone(),
                    cursor: feed.cursor.clone(),
                }
            }
            Step::Fetching => PullAction::Wait,
            Step::Storing { .. } => match self.pending_store.take() {
                Some((changes, next_cursor)) => PullAction::Store {
                    supplier_id: feed.supplier_id.clone(),
                    changes,
                    next_cursor,
                },
                None => PullAction::Wait,
            },
        }
    }

    /// The page fetched for the current supplier. Refuses pages that would write outside it.
    pub fn page_received(&mut self, page: CatalogPage) -> Result<(), PullError> {
        let feed = self.queue.front_mut().ok_or(PullError::UnexpectedPage)?;
        if !matches!(feed.step, Step::Fetching) {
            return Err(PullError::UnexpectedPage);
        }
        if page.supplier_id != feed.supplier_id {
            return Err(PullError::WrongSupplier {
                expected: feed.supplier_id.clone(),
                got: page.supplier_id,
            });
        }
        let prefix = format!("{}/", feed.supplier_id);
        for change in &page.changes {
            let foreign = match change {
                CatalogChange::Upsert { item } => (item.supplier_id != feed.supplier_id
                    || !item.id.starts_with(&prefix))
                .then(|| item.id.clone()),
                CatalogChange::Delete { id } => (!id.starts_with(&prefix)).then(|| id.clone()),
            };
            if let Some(item) = foreign {
                return Err(PullError::ForeignItem {
                    supplier: feed.supplier_id.clone(),
                    item,
                });
            }
        }
        feed.step = Step::Storing {
            has_more: page.has_more,
            remaining: page.remaining,
            count: page.changes.len() as u64,
        };
        self.pending_store = Some((page.changes, page.next_cursor));
        Ok(())
    }

    /// The shell committed the last [`PullAction::Store`] (changes and cursor together).
    pub fn page_stored(&mut self, committed_cursor: Cursor) {
        let Some(feed) = self.queue.front_mut() else {
            return;
        };
        let Step::Storing {
            has_more,
            remaining,
            count,
        } = feed.step
        else {
            return;
        };
        feed.cursor = committed_cursor;
        self.progress.stored += count;
        self.progress.current_stored += count;
        self.progress.current_remaining = remaining;
        // An empty page that still claims more would loop forever: treat it as the end.
        if has_more && count > 0 {
            feed.step = Step::NeedFetch;
        } else {
            self.queue.pop_front();
            self.progress.suppliers_done += 1;
            self.progress.current_stored = 0;
            self.progress.current_remaining = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn page(
        supplier: &str,
        ids: std::ops::Range<usize>,
        next: &str,
        remaining: u64,
    ) -> CatalogPage {
        let items = demo::generate_catalog(7, &demo::suppliers(3)[0], ids.end);
        let changes = items[ids]
            .iter()
            .map(|item| {
                let mut item = item.clone();
                item.supplier_id = supplier.into();
                item.id = format!("{supplier}/{}", item.sku);
                CatalogChange::Upsert {
                    item: Box::new(item),
                }
            })
            .collect();
        CatalogPage {
            supplier_id: supplier.into(),
            changes,
            next_cursor: Cursor(next.into()),
            has_more: remaining > 0,
            remaining,
        }
    }

    #[test]
    fn pulls_every_page_of_every_supplier_in_order() {
        let mut pull = CatalogPull::new([
            ("a".into(), Cursor::start()),
            ("b".into(), Cursor("7".into())),
        ]);
        assert_eq!(
            pull.poll_action(),
            PullAction::Fetch {
                supplier_id: "a".into(),
                cursor: Cursor::start()
            }
        );
        assert_eq!(pull.poll_action(), PullAction::Wait);
        pull.page_received(page("a", 0..2, "2", 1)).unwrap();
        let PullAction::Store {
            supplier_id,
            changes,
            next_cursor,
        } = pull.poll_action()
        else {
            panic!()
        };
        assert_eq!(
            (supplier_id.as_str(), changes.len(), next_cursor.0.as_str()),
            ("a", 2, "2")
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
                supplier_id: "a".into(),
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
                supplier_id: "b".into(),
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
        assert_eq!((progress.stored, progress.suppliers_done), (3, 2));
        assert!((progress.fraction() - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn refuses_pages_that_write_outside_the_supplier() {
        let mut pull = CatalogPull::new([("a".into(), Cursor::start())]);
        assert_eq!(
            pull.page_received(page("a", 0..1, "1", 0)),
            Err(PullError::UnexpectedPage)
        );
        pull.poll_action();
        assert!(matches!(
            pull.page_received(page("b", 0..1, "1", 0)),
            Err(PullError::WrongSupplier { .. })
        ));
        let mut sneaky = page("a", 0..1, "1", 0);
        sneaky
            .changes
            .push(CatalogChange::Delete { id: "b/X".into() });
        assert!(matches!(
            pull.page_received(sneaky),
            Err(PullError::ForeignItem { .. })
        ));
    }

    #[test]
    fn an_empty_page_claiming_more_ends_the_supplier() {
        let mut pull = CatalogPull::new([("a".into(), Cursor::start())]);
        pull.poll_action();
        let mut empty = page("a", 0..0, "", 5);
        empty.has_more = true;
        pull.page_received(empty).unwrap();
        let PullAction::Store { next_cursor, .. } = pull.poll_action() else {
            panic!()
        };
        pull.page_stored(next_cursor);
        assert_eq!(pull.poll_action(), PullAction::Done);
    }
}
