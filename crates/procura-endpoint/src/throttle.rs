//! Login throttling: failed logins slow down, then lock out, the user name and the client
//! address they came from; and Argon2 runs on [`ARGON2_WORKERS`] threads of its own, behind a
//! bounded queue.
//!
//! The counts live in the store ([`Store::count_login_failure`]), not in the process: several
//! hub processes serve one PostgreSQL database, and counts of their own would give a password
//! guesser as many tries per account as there are processes. The table is bounded
//! ([`MAX_TRACKED`]). The Argon2 workers and their queue stay per process: they bound what one
//! process spends, not what an account may be tried.

use crate::store::{LoginFailures, Store, StoreError};
use crate::{ApiFailure, AppState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Argon2 verifications at once (each takes ~19 MiB and a core for tens of milliseconds).
///
/// They run on threads of their own rather than tokio's blocking pool: the allocator keeps a
/// freed 19 MiB block in the arena of the thread that used it, so spreading hashes over the
/// pool's many threads grew the hub by hundreds of MiB under a burst of logins.
pub const ARGON2_WORKERS: usize = 2;
/// Logins that may wait for a worker; one more is answered 503 `busy` at once.
pub const ARGON2_QUEUE: usize = 32;
/// Most keys (user names and addresses together) with failures counted; beyond, the stalest
/// are forgotten.
pub const MAX_TRACKED: usize = 20_000;
/// Longest user-name prefix used as a key.
const MAX_KEY_BYTES: usize = 128;

/// When failures start to cost time, and when they lock out.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures answered at once.
    pub free: u32,
    /// The wait after the first failure beyond `free`; it doubles with each further failure.
    pub first_delay: Duration,
    /// Failures after which the key is locked out for `lock_for` (longest delay too).
    pub lock_after: u32,
    pub lock_for: Duration,
    /// Counts are forgotten this long after the last failure (and the end of any wait).
    pub forget_after: Duration,
}

impl Policy {
    /// Per user name: 5 free failures, then 1 s, 2 s, 4 s…, locked 15 min after 20.
    pub const USER: Self = Self {
        free: 5,
        first_delay: Duration::from_secs(1),
        lock_after: 20,
        lock_for: Duration::from_secs(15 * 60),
        forget_after: Duration::from_secs(15 * 60),
    };
    /// Per client address (several people may share one): 20 free failures, locked after 100.
    pub const ADDRESS: Self = Self {
        free: 20,
        first_delay: Duration::from_secs(1),
        lock_after: 100,
        lock_for: Duration::from_secs(15 * 60),
        forget_after: Duration::from_secs(15 * 60),
    };

    /// The wait that `failures` failures impose from the last one.
    fn wait_after(&self, failures: u32) -> Duration {
        if failures >= self.lock_after {
            self.lock_for
        } else if failures > self.free {
            let doublings = (failures - self.free - 1).min(30);
            self.first_delay
                .saturating_mul(1 << doublings)
                .min(self.lock_for)
        } else {
            Duration::ZERO
        }
    }

    fn forget_ms(&self) -> i64 {
        millis(self.forget_after)
    }

    /// Whether `entry` is forgotten at `now_ms`.
    fn expired(&self, entry: &LoginFailures, now_ms: i64) -> bool {
        now_ms >= entry.blocked_until_ms.max(entry.last_failure_ms) + self.forget_ms()
    }

    /// How long a key with `entry` must still wait at `now_ms`, if at all.
    fn wait(&self, entry: Option<&LoginFailures>, now_ms: i64) -> Option<Duration> {
        let entry = entry.filter(|e| !self.expired(e, now_ms))?;
        (entry.blocked_until_ms > now_ms)
            .then(|| Duration::from_millis((entry.blocked_until_ms - now_ms) as u64))
    }

    /// The count after one more failure at `now_ms`.
    fn fail(&self, entry: Option<LoginFailures>, now_ms: i64) -> LoginFailures {
        let mut entry = entry.unwrap_or(LoginFailures {
            failures: 0,
            last_failure_ms: now_ms,
            blocked_until_ms: now_ms,
        });
        if self.expired(&entry, now_ms) {
            entry.failures = 0;
        }
        entry.failures = entry.failures.saturating_add(1);
        entry.last_failure_ms = now_ms;
        let wait = millis(self.wait_after(entry.failures));
        entry.blocked_until_ms = entry.blocked_until_ms.max(now_ms + wait);
        entry
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

/// Milliseconds since 1970, the clock the counts are kept in (shared by processes, unlike a
/// process's `Instant`).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The login throttle's policies and the Argon2 gate, shared by every request.
pub struct LoginGuard {
    user: Policy,
    address: Policy,
    /// Started on the first login.
    argon2: OnceLock<Argon2Pool>,
}

impl Default for LoginGuard {
    fn default() -> Self {
        Self::new(Policy::USER, Policy::ADDRESS)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The throttle's key for a user name: trimmed, lower-case, at most [`MAX_KEY_BYTES`].
pub fn user_key(username: &str) -> String {
    let mut key = username.trim().to_lowercase();
    if key.len() > MAX_KEY_BYTES {
        let mut end = MAX_KEY_BYTES;
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        key.truncate(end);
    }
    key
}

/// The store's keys: a user name's and an address's never meet.
fn stored_user(user: &str) -> String {
    format!("user:{}", user_key(user))
}

fn stored_address(address: IpAddr) -> String {
    format!("addr:{address}")
}

/// Whole seconds for `Retry-After`, rounded up, at least 1.
fn retry_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl LoginGuard {
    pub fn new(user: Policy, address: Policy) -> Self {
        Self {
            user,
            address,
            argon2: OnceLock::new(),
        }
    }

    /// How long the user name or the address must still wait (the longer), if at all, by the
    /// counts in `store`. Checked before the password, so a correct password is refused too
    /// (see [`too_many_attempts`]).
    pub fn wait(
        &self,
        store: &Store,
        user: &str,
        address: Option<IpAddr>,
        now_ms: i64,
    ) -> Result<Option<Duration>, StoreError> {
        let by_user = self
            .user
            .wait(store.login_failures(&stored_user(user))?.as_ref(), now_ms);
        let by_address = match address {
            Some(a) => {
                let entry = store.login_failures(&stored_address(a))?;
                self.address.wait(entry.as_ref(), now_ms)
            }
            None => None,
        };
        Ok(by_user.max(by_address))
    }

    /// Counts a failed login against the user name and the address, in `store`.
    pub fn failed(
        &self,
        store: &Store,
        user: &str,
        address: Option<IpAddr>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let count = |policy: Policy, key: &str| {
            let forget_before = now_ms - policy.forget_ms();
            store.count_login_failure(key, forget_before, MAX_TRACKED, |e| policy.fail(e, now_ms))
        };
        let by_user = count(self.user, &stored_user(user))?;
        let by_address = match address {
            Some(a) => Some(count(self.address, &stored_address(a))?),
            None => None,
        };
        let address_text = address.map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        tracing::warn!(
            user = ?user,
            address = %address_text,
            failures = by_user.failures,
            address_failures = by_address.map_or(0, |e| e.failures),
            "failed login"
        );
        let until = by_address.map_or(by_user.blocked_until_ms, |e| {
            e.blocked_until_ms.max(by_user.blocked_until_ms)
        });
        if until > now_ms {
            tracing::warn!(
                user = ?user,
                address = %address_text,
                "login throttled for {} s",
                retry_secs(Duration::from_millis((until - now_ms) as u64))
            );
        }
        Ok(())
    }

    /// A successful login clears the user name's count (not the address's: one valid account
    /// must not reset a password-guessing address).
    pub fn succeeded(&self, store: &Store, user: &str) -> Result<(), StoreError> {
        store.forget_login_failures(&stored_user(user))
    }

    /// Runs `f` (an Argon2 verification) on an Argon2 worker; 503 `busy` when
    /// [`ARGON2_QUEUE`] are already waiting.
    pub async fn argon2<T, F>(&self, f: F) -> Result<T, ApiFailure>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let pool = self
            .argon2
            .get_or_init(|| Argon2Pool::start(ARGON2_WORKERS, ARGON2_QUEUE));
        pool.run(f).await
    }
}

impl AppState {
    /// Refuses with 429 `too_many_attempts` while the user name or the address must wait.
    pub(crate) async fn login_allowed(
        &self,
        user: &str,
        address: Option<IpAddr>,
    ) -> Result<(), ApiFailure> {
        let (guard, user) = (Arc::clone(&self.login), user.to_owned());
        let wait = self
            .with_store(move |store| guard.wait(store, &user, address, now_ms()))
            .await?;
        wait.map_or(Ok(()), |w| Err(too_many_attempts(w)))
    }

    /// Counts a failed login (or a wrong current password) against the user name and address.
    pub(crate) async fn login_failed(
        &self,
        user: &str,
        address: Option<IpAddr>,
    ) -> Result<(), ApiFailure> {
        let (guard, user) = (Arc::clone(&self.login), user.to_owned());
        self.with_store(move |store| guard.failed(store, &user, address, now_ms()))
            .await
    }

    /// Clears the user name's count after a correct password.
    pub(crate) async fn login_succeeded(&self, user: &str) -> Result<(), ApiFailure> {
        let (guard, user) = (Arc::clone(&self.login), user.to_owned());
        self.with_store(move |store| guard.succeeded(store, &user))
            .await
    }
}

/// The answer to a login that must wait: 429 `too_many_attempts` with `Retry-After`.
pub fn too_many_attempts(wait: Duration) -> ApiFailure {
    ApiFailure::too_many_attempts(retry_secs(wait))
}

type Job = Box<dyn FnOnce() + Send>;

/// A few threads that run queued jobs one at a time each.
struct Argon2Pool {
    jobs: SyncSender<Job>,
}

impl Argon2Pool {
    fn start(workers: usize, queue: usize) -> Self {
        let (jobs, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..workers {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || Self::work(&receiver))
                .expect("the OS starts a thread");
        }
        Self { jobs }
    }

    fn work(receiver: &Mutex<Receiver<Job>>) {
        loop {
            let job = lock(receiver).recv();
            let Ok(job) = job else { return };
            if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)) {
                let message = crate::layers::panic_message(&*payload);
                tracing::error!(panic = message, "an Argon2 job panicked");
            }
        }
    }

    async fn run<T, F>(&self, f: F) -> Result<T, ApiFailure>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let span = tracing::Span::current();
        let job: Job = Box::new(move || {
            // A request given up on while queued costs no hash.
            if !answer.is_closed() {
                let _entered = span.enter();
                let _ = answer.send(f());
            }
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                tracing::warn!("login refused: {ARGON2_QUEUE} logins already waiting");
                return Err(ApiFailure::busy(
                    "too many logins at once; try again shortly",
                ));
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(ApiFailure::internal("the password checker stopped"));
            }
        }
        answered
            .await
            .map_err(|_| ApiFailure::internal("the endpoint failed while handling this request"))
    }
}

/// The client's address: the peer of the connection, or, when the hub is told it sits behind a
/// proxy, the last address that proxy appended to `X-Forwarded-For`. `None` when the server
/// recorded no peer (an in-process test serving without connect info).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if !state.trusts_forwarded_for() {
            return Ok(Self(peer));
        }
        // Only the proxy's own entry (the last) is trustworthy; earlier ones are the client's.
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|a| a.trim().parse::<IpAddr>().ok());
        Ok(Self(forwarded.or(peer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_free_failures_then_doubling_then_lock_out() {
        let p = Policy::USER;
        let waits: Vec<u64> = (1..=21).map(|n| p.wait_after(n).as_secs()).collect();
        assert_eq!(&waits[..5], &[0, 0, 0, 0, 0]);
        assert_eq!(&waits[5..9], &[1, 2, 4, 8]);
        assert!(waits[..19].iter().all(|&w| w <= 900));
        assert_eq!(waits[19], 900, "locked 15 min after 20 failures");
        assert_eq!(waits[20], 900);
    }

    #[test]
    fn a_waiting_key_is_refused_and_forgotten_later() {
        let p = Policy::USER;
        let t0 = 1_000_000;
        let mut ana = None;
        for _ in 0..5 {
            ana = Some(p.fail(ana, t0));
            assert_eq!(p.wait(ana.as_ref(), t0), None);
        }
        ana = Some(p.fail(ana, t0));
        assert_eq!(p.wait(ana.as_ref(), t0), Some(Duration::from_secs(1)));
        assert_eq!(p.wait(None, t0), None);
        let later = t0 + 2_000;
        assert_eq!(p.wait(ana.as_ref(), later), None);
        // Still counted: the next failure waits longer.
        ana = Some(p.fail(ana, later));
        assert_eq!(p.wait(ana.as_ref(), later), Some(Duration::from_secs(2)));
        let much_later = later + 3_600_000;
        assert_eq!(p.wait(ana.as_ref(), much_later), None);
        assert_eq!(p.fail(ana, much_later).failures, 1, "forgotten");
    }

    #[test]
    fn the_counts_are_in_the_store_and_bounded() {
        let store = Store::open_in_memory().unwrap();
        let guard = LoginGuard::default();
        let t0 = 1_000_000;
        for _ in 0..6 {
            guard.failed(&store, "Ana", None, t0).unwrap();
        }
        // Another process over the same store sees the wait.
        let other = LoginGuard::default();
        assert!(other.wait(&store, "ana", None, t0).unwrap().is_some());
        other.succeeded(&store, " ANA").unwrap();
        assert_eq!(guard.wait(&store, "ana", None, t0).unwrap(), None);
        let p = Policy::ADDRESS;
        let max = 100;
        for i in 0..150 {
            let key = format!("addr:{i}");
            store
                .count_login_failure(&key, 0, max, |e| p.fail(e, t0 + i))
                .unwrap();
        }
        assert_eq!(store.login_failure_keys().unwrap(), max);
        assert!(
            store.login_failures("addr:0").unwrap().is_none(),
            "the stalest went first"
        );
    }

    #[test]
    fn user_keys_are_normalised_and_short() {
        assert_eq!(user_key("  Admin "), "admin");
        let long = "é".repeat(200);
        assert!(user_key(&long).len() <= MAX_KEY_BYTES);
    }

    #[tokio::test]
    async fn argon2_runs_on_two_workers_behind_a_bounded_queue() {
        let guard = Arc::new(LoginGuard::default());
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Arc::new(Mutex::new(released));
        let mut jobs = Vec::new();
        let block = |released: Arc<Mutex<Receiver<()>>>| {
            move || {
                let _ = lock(&released).recv();
                std::thread::current().name().map(str::to_owned)
            }
        };
        // Two jobs occupy the workers; then the queue fills.
        for _ in 0..ARGON2_WORKERS + ARGON2_QUEUE {
            let (guard, job) = (Arc::clone(&guard), block(Arc::clone(&released)));
            jobs.push(tokio::spawn(async move { guard.argon2(job).await }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let refused = guard.argon2(|| ()).await.unwrap_err();
        assert_eq!((refused.status().as_u16(), refused.code()), (503, "busy"));
        for _ in 0..jobs.len() {
            release.send(()).unwrap();
        }
        for job in jobs {
            let thread = job.await.unwrap().expect("a queued login gets its turn");
            assert!(thread.unwrap().starts_with("argon2-"));
        }
        // A panic costs its request a 500 and leaves the workers working.
        let panicked = guard.argon2::<(), _>(|| panic!("test panic")).await;
        assert_eq!(panicked.unwrap_err().status().as_u16(), 500);
        assert_eq!(guard.argon2(|| 7).await.unwrap(), 7);
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_secs(Duration::from_secs(2)), 2);
        assert_eq!(retry_secs(Duration::from_millis(2100)), 3);
        assert_eq!(retry_secs(Duration::ZERO), 1);
    }
}
