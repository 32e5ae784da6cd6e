//! Change notices: connected devices learn within a moment that the hub recorded something
//! they should pull (a supplier's answer, a decision, a new requisition for an approver).
//!
//! A notice carries no data, only the hub's latest change number: the device answers it with
//! its normal pull, so nothing depends on a notice arriving (the periodic pull stays the
//! fallback) and nothing can be learned from one that a pull would not show.
//!
//! `POST /sync/events/ticket` (bearer) gives a one-time ticket valid for [`TICKET_SECS`];
//! `GET /sync/events?ticket=…` redeems it for a server-sent event stream that ends after
//! [`STREAM_SECS`] (the device opens a new one). Tickets and streams are bounded, so no client
//! can make the hub hold unbounded state.
//!
//! **Several processes.** Tickets are kept in the store (by their hash, as session tokens), so
//! a ticket bought from one hub process is redeemed at any other, once. Each process holds the
//! hub's latest change number for its own streams; on PostgreSQL, every process hears the
//! numbers the others commit (`store::db::listen_for_changes`, started by
//! [`crate::AppState::listen_for_changes`]), so a device connected to one hears of a change
//! made through another. The stream limit stays per process: it bounds what one process holds.

use crate::auth::{random_hex, token_hash, Authenticated};
use crate::openapi::wire;
use crate::{ApiFailure, AppState};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream};
use procura_sync::api::sync::EventTicket;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// How long a ticket may be redeemed.
pub const TICKET_SECS: u32 = 60;
/// Tickets outstanding at once, over all users; the oldest go first when full.
pub const MAX_TICKETS: usize = 4_096;
/// Open streams at once; one more is refused with 503 (the device keeps polling).
pub const MAX_STREAMS: usize = 1_024;
/// A stream ends after this long; the device opens a new one with a new ticket.
pub const STREAM_SECS: u64 = 300;

/// The hub's change notices in this process: its latest change number, and the open streams.
pub struct Events {
    head: watch::Sender<i64>,
    streams: Arc<Semaphore>,
    /// A listener hears every commit of the database ([`Events::listened`]).
    listened: std::sync::atomic::AtomicBool,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            head: watch::Sender::new(0),
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
            listened: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

const TICKET_MS: i64 = TICKET_SECS as i64 * 1000;

impl Events {
    /// From now on a listener hears every commit to the database, this process's own included
    /// (PostgreSQL's notices: [`crate::AppState::listen_for_changes`]), so a request need not
    /// read the head after its work.
    pub fn listened(&self) {
        self.listened
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether [`Events::listened`] was called.
    pub fn is_listened(&self) -> bool {
        self.listened.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records the hub's latest change number; streams hear of it when it grew.
    pub fn advance(&self, head: i64) {
        self.head.send_if_modified(|current| {
            let grew = head > *current;
            if grew {
                *current = head;
            }
            grew
        });
    }
}

/// A new ticket, recorded in the store (by its hash).
fn issue(store: &crate::store::Store, now_ms: i64) -> Result<String, crate::store::StoreError> {
    let ticket = random_hex(24);
    store.issue_event_ticket(&token_hash(&ticket), now_ms, TICKET_MS, MAX_TICKETS)?;
    Ok(ticket)
}

/// Takes a ticket: true once, within its time, whichever process issued it.
fn redeem(
    store: &crate::store::Store,
    ticket: &str,
    now_ms: i64,
) -> Result<bool, crate::store::StoreError> {
    store.redeem_event_ticket(&token_hash(ticket), now_ms, TICKET_MS)
}

/// Buys a ticket for the change notices with the session's token.
#[utoipa::path(
    post,
    path = "/api/v1/sync/events/ticket",
    tag = "sync",
    operation_id = "change_notice_ticket",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A one-use ticket, valid for 60 s", body = wire::EventTicket),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
    ),
)]
pub async fn ticket(
    State(state): State<AppState>,
    _who: Authenticated,
) -> Result<Json<EventTicket>, ApiFailure> {
    let ticket = state
        .with_store(|store| issue(store, crate::throttle::now_ms()))
        .await?;
    Ok(Json(EventTicket {
        ticket,
        expires_in: TICKET_SECS,
    }))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// From `POST /sync/events/ticket`; redeemed once.
    #[serde(default)]
    ticket: String,
}

/// Change notices as server-sent events: `changed` at once and each time the hub's latest
/// record change grows (its data the change number); a comment every 15 s; the stream ends
/// after 5 minutes. A device answers a notice with its normal pull.
#[utoipa::path(
    get,
    path = "/api/v1/sync/events",
    tag = "sync",
    operation_id = "change_notices",
    security(("event_ticket" = [])),
    params(TicketQuery),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = String, example = "event: changed\ndata: 1234\n\n"),
        (status = 401, description = "`unauthorized`: an unknown, spent or expired ticket", body = wire::ApiError),
        (status = 503, description = "`busy`: more than 1,024 open streams", body = wire::ApiError),
    ),
)]
pub async fn stream(
    State(state): State<AppState>,
    Query(q): Query<TicketQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiFailure> {
    let ticket = q.ticket;
    let valid = ticket.len() <= 64
        && state
            .with_store(move |store| redeem(store, &ticket, crate::throttle::now_ms()))
            .await?;
    if !valid {
        return Err(ApiFailure::unauthorized(
            "unknown or expired ticket: ask for a new one",
        ));
    }
    let permit = Arc::clone(&state.events.streams)
        .try_acquire_owned()
        .map_err(|_| {
            ApiFailure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many devices are listening; changes still arrive by pulling",
            )
        })?;
    let head = state.events.head.subscribe();
    Ok(Sse::new(notices(head, permit))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// The stream: the current change number at once, then each time it grows, until
/// [`STREAM_SECS`] have passed. The permit is held for as long as the stream lives.
fn notices(
    head: watch::Receiver<i64>,
    permit: OwnedSemaphorePermit,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(STREAM_SECS);
    let state = (head, permit, true);
    stream::unfold(state, move |(mut head, permit, first)| async move {
        if !first {
            match tokio::time::timeout_at(deadline, head.changed()).await {
                Ok(Ok(())) => {}
                // Time is up, or the hub is shutting down.
                _ => return None,
            }
        }
        let value = *head.borrow_and_update();
        let event = Event::default().event("changed").data(value.to_string());
        Some((Ok(event), (head, permit, false)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_is_redeemed_once_within_its_time() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let t0 = 1_000_000;
        let ticket = issue(&store, t0).unwrap();
        assert!(redeem(&store, &ticket, t0 + 1).unwrap());
        assert!(!redeem(&store, &ticket, t0 + 1).unwrap());
        assert!(!redeem(&store, "not-a-ticket", t0).unwrap());
        let late = issue(&store, t0).unwrap();
        assert!(!redeem(&store, &late, t0 + TICKET_MS).unwrap(), "expired");
    }

    #[test]
    fn tickets_are_bounded() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let t0 = 1_000_000;
        let first = issue(&store, t0).unwrap();
        for i in 0..MAX_TICKETS as i64 + 10 {
            issue(&store, t0 + 1 + i / 100).unwrap();
        }
        assert_eq!(store.event_tickets_outstanding().unwrap(), MAX_TICKETS);
        assert!(
            !redeem(&store, &first, t0 + 100).unwrap(),
            "the oldest went"
        );
    }

    #[test]
    fn the_head_only_grows() {
        let events = Events::default();
        let mut rx = events.head.subscribe();
        events.advance(5);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 5);
        events.advance(3);
        events.advance(5);
        assert!(!rx.has_changed().unwrap());
    }
}
