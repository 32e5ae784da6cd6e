//! What hub processes kept in memory and now share through the database, so that any process
//! of several on one PostgreSQL database answers as the one a device spoke to before: the
//! one-use tickets of the change notices (`crate::events`) and the failed-login counts
//! (`crate::throttle`). The rules (how long a ticket lives, what a failure costs) stay with
//! their modules; here is only where the state is kept, bounded by the callers' limits.

use super::db::{params, Db, OptionalExtension};
use super::{Store, StoreError};

/// The failed logins counted against one key (a user name or a client address), times in
/// milliseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    pub failures: u32,
    pub last_failure_ms: i64,
    /// Until when a login under this key is refused (the last failure's time when not).
    pub blocked_until_ms: i64,
}

impl Store {
    /// Records change-notice ticket `ticket_hash`, issued at `now_ms`. Tickets older than
    /// `ttl_ms` are forgotten first, and the oldest while `max` are outstanding.
    pub fn issue_event_ticket(
        &self,
        ticket_hash: &str,
        now_ms: i64,
        ttl_ms: i64,
        max: usize,
    ) -> Result<(), StoreError> {
        let tx = self.db().transaction()?;
        tx.prepare_cached("DELETE FROM event_tickets WHERE issued_ms <= ?1")?
            .execute([now_ms - ttl_ms])?;
        make_room(&tx, "event_tickets", "ticket_hash", "issued_ms", max)?;
        tx.prepare_cached("INSERT INTO event_tickets (ticket_hash, issued_ms) VALUES (?1, ?2)")?
            .execute(params![ticket_hash, now_ms])?;
        tx.commit()?;
        Ok(())
    }

    /// Takes ticket `ticket_hash`: true once, if it was issued less than `ttl_ms` before
    /// `now_ms`, whichever process issued it and however many redeem it at once (one
    /// statement: the database lets one of them delete the row).
    pub fn redeem_event_ticket(
        &self,
        ticket_hash: &str,
        now_ms: i64,
        ttl_ms: i64,
    ) -> Result<bool, StoreError> {
        let taken = self
            .db()
            .prepare_cached("DELETE FROM event_tickets WHERE ticket_hash = ?1 AND issued_ms > ?2")?
            .execute(params![ticket_hash, now_ms - ttl_ms])?;
        Ok(taken == 1)
    }

    /// How many change-notice tickets the store holds (expired ones not yet forgotten too).
    pub fn event_tickets_outstanding(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .db()
            .query_row("SELECT count(*) FROM event_tickets", (), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The failures counted against `key`, if any.
    pub fn login_failures(&self, key: &str) -> Result<Option<LoginFailures>, StoreError> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT failures, last_failure_ms, blocked_until_ms FROM login_failures
                 WHERE key = ?1",
            )?
            .query_row([key], |r| {
                Ok(LoginFailures {
                    failures: r.get(0)?,
                    last_failure_ms: r.get(1)?,
                    blocked_until_ms: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Counts a failure against `key` as `count` says from what was counted before, under the
    /// write lock (two processes counting at once both count). A new key first makes room:
    /// keys idle since `forget_before_ms` go, then the stalest while `max` are held.
    pub fn count_login_failure(
        &self,
        key: &str,
        forget_before_ms: i64,
        max: usize,
        count: impl FnOnce(Option<LoginFailures>) -> LoginFailures,
    ) -> Result<LoginFailures, StoreError> {
        let tx = self.db().transaction()?;
        let before = self.login_failures(key)?;
        if before.is_none() {
            tx.prepare_cached(
                "DELETE FROM login_failures WHERE last_failure_ms <= ?1 AND blocked_until_ms <= ?1",
            )?
            .execute([forget_before_ms])?;
            make_room(&tx, "login_failures", "key", "last_failure_ms", max)?;
        }
        let after = count(before);
        tx.prepare_cached(
            "INSERT INTO login_failures (key, failures, last_failure_ms, blocked_until_ms)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET failures = ?2, last_failure_ms = ?3,
                 blocked_until_ms = ?4",
        )?
        .execute(params![
            key,
            after.failures,
            after.last_failure_ms,
            after.blocked_until_ms
        ])?;
        tx.commit()?;
        Ok(after)
    }

    /// Forgets the failures counted against `key`.
    pub fn forget_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.db()
            .prepare_cached("DELETE FROM login_failures WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    /// How many keys have failures counted (for tests).
    pub fn login_failure_keys(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .db()
            .query_row("SELECT count(*) FROM login_failures", (), |r| r.get(0))?;
        Ok(n as usize)
    }
}

/// Makes room for one more row in `table`, which its caller bounds to `max` rows: while `max` or
/// more are held, the oldest by `oldest_first` go (ties by `key`, the table's key). The names
/// are this module's constants, never input.
fn make_room(
    db: &Db<'_>,
    table: &str,
    key: &str,
    oldest_first: &str,
    max: usize,
) -> Result<(), StoreError> {
    let held: i64 = db
        .prepare_cached(&format!("SELECT count(*) FROM {table}"))?
        .query_row((), |r| r.get(0))?;
    let over = held + 1 - max as i64;
    if over > 0 {
        db.prepare_cached(&format!(
            "DELETE FROM {table} WHERE {key} IN
                 (SELECT {key} FROM {table} ORDER BY {oldest_first}, {key} LIMIT ?1)"
        ))?
        .execute([over])?;
    }
    Ok(())
}
