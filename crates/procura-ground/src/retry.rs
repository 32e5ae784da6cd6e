//! When to try again after a failed request (a sync round, an order's transmission): exponential backoff with full jitter, so devices that
//! lost the hub at the same moment do not all come back at the same moment.

/// Retry delays: the n-th consecutive failure waits a uniformly random time in
/// `[0, min(max, base × 2ⁿ)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: u64,
    pub max_ms: u64,
    failures: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(1_000, 60_000)
    }
}

impl Backoff {
    pub fn new(base_ms: u64, max_ms: u64) -> Self {
        Self {
            base_ms,
            max_ms,
            failures: 0,
        }
    }

    /// Consecutive failures so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Records a failure and returns how long to wait. `random` is any uniformly random `u64`
    /// from the caller (the core has no randomness of its own).
    pub fn failed(&mut self, random: u64) -> u64 {
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << self.failures.min(30))
            .min(self.max_ms);
        self.failures = self.failures.saturating_add(1);
        random % (ceiling + 1)
    }

    /// The next attempt starts from the base again.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

/// What to do about a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No answer, a timeout, 5xx, 429: nothing is lost, try again after [`Backoff`].
    Retry,
    /// 401: the session ended; sign in again (the outbox waits).
    SignIn,
    /// 410 on a pull: the hub lost its state (`SyncRound::cursor_reset`).
    CursorReset,
    /// Another 4xx: the hub refuses the request itself; retrying would repeat it. Shown as
    /// needing attention, with the hub's message.
    NeedsAttention,
}

/// Classifies a failed request by its HTTP status (`None`: no answer at all).
pub fn classify(status: Option<u16>) -> FailureKind {
    match status {
        None => FailureKind::Retry,
        Some(401) => FailureKind::SignIn,
        Some(410) => FailureKind::CursorReset,
        Some(408 | 429) => FailureKind::Retry,
        Some(s) if s >= 500 => FailureKind::Retry,
        Some(_) => FailureKind::NeedsAttention,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap_and_reset() {
        let mut b = Backoff::new(100, 1_000);
        assert_eq!(b.failed(u64::MAX), u64::MAX % 101);
        assert!(b.failed(u64::MAX) <= 200);
        for _ in 0..10 {
            assert!(b.failed(u64::MAX - 1) <= 1_000);
        }
        assert_eq!(b.failures(), 12);
        b.succeeded();
        assert!(b.failed(12_345) <= 100);
    }

    #[test]
    fn jitter_spreads_over_the_whole_window() {
        let mut seen = std::collections::BTreeSet::new();
        for r in 0..1_000u64 {
            let mut b = Backoff::new(100, 1_000);
            b.failed(0);
            seen.insert(b.failed(r.wrapping_mul(0x9E37_79B9_7F4A_7C15)) / 20);
        }
        assert!(seen.len() >= 10, "delays cluster: {seen:?}");
    }
}
