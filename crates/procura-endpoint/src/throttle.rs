//! Login throttling: failed logins slow down, then lock out, the user name and the client
//! address they came from; and Argon2 runs on [`ARGON2_WORKERS`] threads of its own, behind a
//! bounded queue.
//!
//! All of it lives in memory: a restart forgets the counts (an attacker gains little from that:
//! restarting the hub is not in their hands). Both maps are bounded ([`MAX_TRACKED`]).

use crate::{ApiFailure, AppState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Argon2 verifications at once (each takes ~19 MiB and a core for tens of milliseconds).
///
/// They run on threads of their own rather than tokio's blocking pool: the allocator keeps a
/// freed 19 MiB block in the arena of the thread that used it, so spreading hashes over the
/// pool's many threads grew the hub by hundreds of MiB under a burst of logins.
pub const ARGON2_WORKERS: usize = 2;
/// Logins that may wait for a worker; one more is answered 503 `busy` at once.
pub const ARGON2_QUEUE: usize = 32;
/// Most user names (and, apart, addresses) tracked; beyond, the stalest are forgotten.
pub const MAX_TRACKED: usize = 10_000;
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
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: Instant,
    blocked_until: Instant,
}

/// Failure counts by key, with the policy that turns them into waits.
struct Attempts<K> {
    policy: Policy,
    entries: HashMap<K, Entry>,
}

impl<K: std::hash::Hash + Eq + Clone> Attempts<K> {
    fn new(policy: Policy) -> Self {
        Self {
            policy,
            entries: HashMap::new(),
        }
    }

    fn expired(&self, entry: &Entry, now: Instant) -> bool {
        now >= entry.blocked_until.max(entry.last_failure) + self.policy.forget_after
    }

    /// How long `key` must still wait, if at all.
    fn wait(&mut self, key: &K, now: Instant) -> Option<Duration> {
        let entry = *self.entries.get(key)?;
        if self.expired(&entry, now) {
            self.entries.remove(key);
            return None;
        }
        (entry.blocked_until > now).then(|| entry.blocked_until - now)
    }

    /// Counts a failure; returns the failures so far and the wait it imposes.
    fn fail(&mut self, key: K, now: Instant) -> (u32, Duration) {
        if !self.entries.contains_key(&key) && self.entries.len() >= MAX_TRACKED {
            self.make_room(now);
        }
        let policy = self.policy;
        let entry = self.entries.entry(key).or_insert(Entry {
            failures: 0,
            last_failure: now,
            blocked_until: now,
        });
        if now >= entry.blocked_until.max(entry.last_failure) + policy.forget_after {
            entry.failures = 0;
        }
        entry.failures = entry.failures.saturating_add(1);
        entry.last_failure = now;
        let wait = policy.wait_after(entry.failures);
        entry.blocked_until = entry.blocked_until.max(now + wait);
        (entry.failures, wait)
    }

    fn forget(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Drops the expired entries, and the stalest if none had expired.
    fn make_room(&mut self, now: Instant) {
        let policy = self.policy;
        self.entries
            .retain(|_, e| now < e.blocked_until.max(e.last_failure) + policy.forget_after);
        if self.entries.len() >= MAX_TRACKED {
            let stalest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.blocked_until.max(e.last_failure))
                .map(|(k, _)| k.clone());
            if let Some(key) = stalest {
                self.entries.remove(&key);
            }
        }
    }
}

/// The login throttle and the Argon2 gate, shared by every request.
pub struct LoginGuard {
    users: Mutex<Attempts<String>>,
    addresses: Mutex<Attempts<IpAddr>>,
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

/// Whole seconds for `Retry-After`, rounded up, at least 1.
fn retry_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl LoginGuard {
    pub fn new(user: Policy, address: Policy) -> Self {
        Self {
            users: Mutex::new(Attempts::new(user)),
            addresses: Mutex::new(Attempts::new(address)),
            argon2: OnceLock::new(),
        }
    }

    /// Refuses with 429 `too_many_attempts` while the user name or the address must wait.
    /// Checked before the password, so a correct password is refused too.
    pub fn check(&self, user: &str, address: Option<IpAddr>) -> Result<(), ApiFailure> {
        let now = Instant::now();
        let by_user = lock(&self.users).wait(&user_key(user), now);
        let by_address = address.and_then(|a| lock(&self.addresses).wait(&a, now));
        match by_user.max(by_address) {
            Some(wait) => Err(ApiFailure::too_many_attempts(retry_secs(wait))),
            None => Ok(()),
        }
    }

    /// Counts a failed login against the user name and the address.
    pub fn failed(&self, user: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        let (failures, wait) = lock(&self.users).fail(user_key(user), now);
        let by_address = address.map(|a| lock(&self.addresses).fail(a, now));
        let address_text = address.map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        tracing::warn!(
            user = ?user,
            address = %address_text,
            failures,
            address_failures = by_address.map_or(0, |(n, _)| n),
            "failed login"
        );
        let longest = by_address.map_or(wait, |(_, w)| w.max(wait));
        if !longest.is_zero() {
            tracing::warn!(
                user = ?user,
                address = %address_text,
                "login throttled for {} s",
                retry_secs(longest)
            );
        }
    }

    /// A successful login clears the user name's count (not the address's: one valid account
    /// must not reset a password-guessing address).
    pub fn succeeded(&self, user: &str) {
        lock(&self.users).forget(&user_key(user));
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
        let mut a = Attempts::new(Policy::USER);
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(a.fail("ana".to_owned(), t0).1, Duration::ZERO);
        }
        assert_eq!(a.wait(&"ana".to_owned(), t0), None);
        a.fail("ana".to_owned(), t0);
        assert_eq!(a.wait(&"ana".to_owned(), t0), Some(Duration::from_secs(1)));
        assert_eq!(a.wait(&"bob".to_owned(), t0), None);
        let later = t0 + Duration::from_secs(2);
        assert_eq!(a.wait(&"ana".to_owned(), later), None);
        // Still counted: the next failure waits longer.
        assert_eq!(a.fail("ana".to_owned(), later).1, Duration::from_secs(2));
        let much_later = later + Duration::from_secs(3600);
        assert_eq!(a.wait(&"ana".to_owned(), much_later), None);
        assert_eq!(a.fail("ana".to_owned(), much_later).0, 1, "forgotten");
    }

    #[test]
    fn the_maps_stay_bounded() {
        let mut a = Attempts::new(Policy::ADDRESS);
        let now = Instant::now();
        for i in 0..(MAX_TRACKED as u32 + 50) {
            a.fail(i, now + Duration::from_millis(u64::from(i)));
        }
        assert!(a.entries.len() <= MAX_TRACKED);
        assert!(!a.entries.contains_key(&0), "the stalest went first");
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
