//! Sending an order to its supplier exactly once, whatever the network does.
//!
//! Every attempt carries the order's id as its idempotency key, and the supplier endpoint
//! stores an order under its key once: a retry after a lost answer, a timeout or a dropped
//! connection is answered with the order already stored instead of creating a second one. So
//! retrying is always safe for "no answer", timeouts, 5xx and 429, and the device retries them
//! with backoff and full jitter. A 4xx says the supplier refuses the request itself; sending it
//! again would be refused again, so it waits for a person ("needs action"), never retried
//! blindly. The state is stored with the order, so a closed tab resumes where it was.

use procura_ground::id::OrderId;
use procura_ground::retry::{classify, Backoff, FailureKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TransmitState {
    /// To be sent when the clock reaches `not_before_ms` (0: at once).
    Waiting { not_before_ms: i64 },
    /// A request is out (or was, when the tab closed: it is sent again, which is safe).
    InFlight { since_ms: i64 },
    /// The supplier endpoint has it.
    Sent { at_ms: i64 },
    /// The supplier refused the request (a 4xx); a person must look at it.
    NeedsAction { status: u16, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transmission {
    pub order_id: OrderId,
    pub attempts: u32,
    pub state: TransmitState,
    /// The last failure, for the screen ("timed out, retrying in 8 s").
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(skip, default)]
    backoff: Backoff,
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// 2xx: stored at the supplier (the first time or, for a retry, already).
    Stored,
    /// An HTTP error status, with the body's message.
    Status(u16, String),
    /// No answer: the connection failed, dropped or timed out.
    NoAnswer(String),
}

impl Transmission {
    pub fn new(order_id: impl Into<OrderId>) -> Self {
        Self {
            order_id: order_id.into(),
            attempts: 0,
            state: TransmitState::Waiting { not_before_ms: 0 },
            last_error: None,
            backoff: Backoff::new(1_000, 60_000),
        }
    }

    /// Whether an attempt should start now. An attempt found in flight (the tab closed
    /// during it) is due again: the idempotency key makes the repeat harmless.
    pub fn due(&self, now_ms: i64) -> bool {
        match self.state {
            TransmitState::Waiting { not_before_ms } => now_ms >= not_before_ms,
            TransmitState::InFlight { .. } => true,
            TransmitState::Sent { .. } | TransmitState::NeedsAction { .. } => false,
        }
    }

    /// Marks an attempt as started; store this before sending.
    pub fn start(&mut self, now_ms: i64) {
        self.attempts += 1;
        self.state = TransmitState::InFlight { since_ms: now_ms };
    }

    /// Records an attempt's result. `random` is any uniformly random `u64` (the jitter).
    pub fn finish(&mut self, attempt: Attempt, now_ms: i64, random: u64) {
        let retry = |t: &mut Self, why: String| {
            let wait = t.backoff.failed(random) as i64;
            t.last_error = Some(why);
            t.state = TransmitState::Waiting {
                not_before_ms: now_ms + wait,
            };
        };
        match attempt {
            Attempt::Stored => {
                self.backoff.succeeded();
                self.last_error = None;
                self.state = TransmitState::Sent { at_ms: now_ms };
            }
            Attempt::NoAnswer(why) => retry(self, why),
            Attempt::Status(status, message) => match classify(Some(status)) {
                FailureKind::Retry => retry(self, format!("{status}: {message}")),
                _ => {
                    self.last_error = Some(format!("{status}: {message}"));
                    self.state = TransmitState::NeedsAction { status, message };
                }
            },
        }
    }

    /// A person looked at a refused order (and changed it): try again now.
    pub fn retry_now(&mut self) {
        self.backoff.succeeded();
        self.state = TransmitState::Waiting { not_before_ms: 0 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_and_5xx_are_retried_with_growing_jittered_waits_4xx_are_not() {
        let mut t = Transmission::new("po-1");
        assert!(t.due(0));
        t.start(0);
        t.finish(Attempt::NoAnswer("connection reset".into()), 10, u64::MAX);
        let TransmitState::Waiting { not_before_ms } = t.state else {
            panic!("retried")
        };
        assert!((10..=1_010).contains(&not_before_ms));
        assert!(!t.due(not_before_ms - 1) || not_before_ms == 10);
        t.start(2_000);
        t.finish(Attempt::Status(503, "busy".into()), 2_000, u64::MAX);
        let TransmitState::Waiting { not_before_ms } = t.state else {
            panic!("retried")
        };
        assert!(
            not_before_ms <= 2_000 + 2_000,
            "second failure waits at most 2 s"
        );
        t.start(5_000);
        t.finish(Attempt::Status(422, "unknown part".into()), 5_000, 7);
        assert!(matches!(
            t.state,
            TransmitState::NeedsAction { status: 422, .. }
        ));
        assert!(!t.due(1_000_000), "never retried blindly");
        t.retry_now();
        t.start(6_000);
        t.finish(Attempt::Stored, 6_100, 0);
        assert_eq!(t.state, TransmitState::Sent { at_ms: 6_100 });
        assert_eq!(t.attempts, 4);
    }

    #[test]
    fn an_attempt_interrupted_by_a_closed_tab_is_due_again() {
        let mut t = Transmission::new("po-1");
        t.start(0);
        let stored: Transmission =
            serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert!(stored.due(0));
    }
}
