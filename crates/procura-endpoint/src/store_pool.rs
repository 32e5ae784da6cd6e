//! The hub's stores, one per database connection, lent to one request at a time.
//!
//! SQLite: one store, as ever (one writer at a time is what the file allows; its reads are
//! microseconds). PostgreSQL: a few stores, each on a connection of its own, so a request
//! waiting on the database (a write waiting for the write lock, a slow read) does not hold up
//! the others; what must be one writer at a time still is, by the store's write lock
//! ([`crate::store::db`]), exactly as between hub processes. A store whose connection dropped
//! (the server restarted, a network cut) is replaced by a new one the next time it is lent,
//! so the hub recovers without a restart; the request that met the drop fails.

use crate::store::{Store, StoreError};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Opens a new store on the same database (a reconnection).
pub type Reopen = Box<dyn Fn() -> Result<Store, StoreError> + Send + Sync>;

/// The idle stores, and how to replace one whose connection dropped.
pub struct Stores {
    idle: Mutex<Vec<Store>>,
    returned: Condvar,
    size: usize,
    reopen: Option<Reopen>,
}

impl Stores {
    /// One store, never replaced.
    pub fn one(store: Store) -> Self {
        Self {
            idle: Mutex::new(vec![store]),
            returned: Condvar::new(),
            size: 1,
            reopen: None,
        }
    }

    /// `stores` (at least one), each replaced by `reopen`'s when its connection dropped.
    pub fn reconnecting(stores: Vec<Store>, reopen: Reopen) -> Self {
        assert!(!stores.is_empty(), "a pool of at least one store");
        Self {
            size: stores.len(),
            idle: Mutex::new(stores),
            returned: Condvar::new(),
            reopen: Some(reopen),
        }
    }

    /// How many stores (connections) the pool holds.
    pub fn size(&self) -> usize {
        self.size
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Store>> {
        // Held only to push or pop: a panic cannot leave the list half changed.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle store, waiting for one when all are lent (blocks: call it on a blocking
    /// thread). It comes back when the lease is dropped, a panic's unwinding included (an
    /// open transaction was rolled back by then).
    pub fn lend(&self) -> Lease<'_> {
        let mut idle = self.idle();
        let store = loop {
            match idle.pop() {
                Some(store) => break store,
                None => {
                    idle = self
                        .returned
                        .wait(idle)
                        .unwrap_or_else(PoisonError::into_inner)
                }
            }
        };
        drop(idle);
        Lease {
            pool: self,
            store: Some(self.alive(store)),
        }
    }

    /// `store`, or a new one in its place if its connection dropped and a new one opens (if
    /// not, `store` still, whose requests fail until the database answers again).
    fn alive(&self, store: Store) -> Store {
        let Some(reopen) = &self.reopen else {
            return store;
        };
        if !store.connection_closed() {
            return store;
        }
        match reopen() {
            Ok(fresh) => {
                tracing::warn!("the database connection had dropped; reconnected");
                fresh
            }
            Err(e) => {
                tracing::warn!("the database connection dropped, and reconnecting failed: {e}");
                store
            }
        }
    }
}

/// A store lent by [`Stores::lend`].
pub struct Lease<'a> {
    pool: &'a Stores,
    store: Option<Store>,
}

impl std::ops::Deref for Lease<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("lent until dropped")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store.as_mut().expect("lent until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.idle().push(store);
            self.pool.returned.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_store_is_lent_to_one_at_a_time_and_comes_back_after_a_panic() {
        let pool = Arc::new(Stores::one(Store::open_in_memory().unwrap()));
        let lease = pool.lend();
        let waiting = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || pool.lend().backend_name())
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiting.is_finished(), "waits while the only store is lent");
        drop(lease);
        assert_eq!(waiting.join().unwrap(), "sqlite");
        let panicked = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || {
                let _lease = pool.lend();
                panic!("a request's panic");
            })
        };
        assert!(panicked.join().is_err());
        assert_eq!(pool.lend().backend_name(), "sqlite", "it came back");
    }
}
