//! Sending purchase orders to their suppliers, exactly once, from the tab that leads sync.
//!
//! Every order record this user created that the hub has (its `CreateOrder` is no longer
//! queued) and that shows no `Sent` event gets a [`Transmission`], kept in IndexedDB
//! (`storage/transmissions.rs`). When it is due the leader stores it as in flight, POSTs the
//! order with its id as the idempotency key (aborted after [`TIMEOUT`]), stores the outcome, and
//! waits until the next one is due. The core's state machine decides what an outcome means
//! (stored, retry with backoff, or needs a person); the shell only maps the HTTP answer to an
//! [`Attempt`]. The hub appends `Sent` to the order when the supplier stores it; once the pulled
//! record shows it, the transmission is forgotten.
//!
//! The loop looks again after every records refresh, when the network comes back, when kicked
//! ("Try again") and every [`PERIOD_MS`].

use crate::endpoint::{Endpoint, EndpointError, OrderSendError};
use crate::state::{local_db, AppState};
use crate::storage::{LocalDb, StorageError};
use crate::sync::records::WorkView;
use crate::sync::tabs::{self, TabMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_orders::order::transmit::{Attempt, Transmission, TransmitState};
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_sync::sync::{Op, Record};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// How long one attempt may take before the fetch is aborted (and retried later).
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How often the leader looks even when nothing asks it to.
const PERIOD_MS: f64 = 30_000.0;
/// How often the loop checks whether something is due.
const TICK_MS: u32 = 250;

thread_local! {
    static KICKED: Cell<bool> = const { Cell::new(false) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// What every screen of this tab shows, by order id.
    static SHOWN: ArcRwSignal<BTreeMap<String, Transmission>> = ArcRwSignal::new(BTreeMap::new());
}

/// The transmissions this tab knows of, by order id (reactive).
pub fn transmissions() -> ArcRwSignal<BTreeMap<String, Transmission>> {
    SHOWN.with(Clone::clone)
}

fn publish(t: &Transmission) {
    let t = t.clone();
    transmissions().update(|map| {
        map.insert(t.order_id.to_string(), t);
    });
}

/// Asks the leading loop (in this tab) to look now.
pub fn kick() {
    KICKED.with(|k| k.set(true));
}

fn take_kick() -> bool {
    KICKED.with(|k| k.replace(false))
}

/// Whether the order's record says the supplier has it.
pub fn is_sent(order: &PurchaseOrder) -> bool {
    order
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Sent { .. }))
}

/// Whether this user's `CreateOrder` for `order_id` still waits in the outbox (the hub does not
/// have the order yet, so the supplier endpoint would not know it).
pub fn creation_queued(work: &WorkView, order_id: &str) -> bool {
    work.pending
        .iter()
        .any(|m| matches!(&m.op, Op::CreateOrder { order } if order.id == order_id))
}

/// Orders `me` created that the records do not show sent.
fn unsent<'a>(work: &'a WorkView, me: &'a str) -> impl Iterator<Item = &'a PurchaseOrder> + 'a {
    work.records.values().filter_map(move |r| match r {
        Record::Order(o) if o.buyer == me && !is_sent(o) => Some(o),
        _ => None,
    })
}

/// Re-reads the stored transmissions into [`transmissions`].
pub async fn reload() {
    let Some(db) = local_db() else {
        return;
    };
    if let Ok(list) = db.transmissions().await {
        let map: BTreeMap<String, Transmission> = list
            .into_iter()
            .map(|t| (t.order_id.to_string(), t))
            .collect();
        transmissions().set(map);
    }
}

/// Keeps [`transmissions`] in step with IndexedDB while the calling screen lives: re-read when
/// the records change (the leading tab announces its writes as `records`).
pub fn watch(app: AppState) {
    Effect::new(move |_| {
        app.work.track();
        spawn_local(reload());
    });
}

/// "Try again" on an order that needs action: due at once. Works from any tab: the leading
/// one hears of it and sends.
pub async fn retry_now(order_id: &str) -> Result<(), StorageError> {
    let db = local_db().ok_or_else(|| StorageError::Other("local storage is not open".into()))?;
    let t = db.update_transmission(order_id, |t| t.retry_now()).await?;
    publish(&t);
    kick();
    tabs::announce(TabMessage::Outbox);
    Ok(())
}

/// Starts the sending loop in this tab, which leads sync (once; it ends when the tab steps
/// down).
pub fn start(app: AppState) {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    spawn_local(async move {
        run(app).await;
        RUNNING.with(|r| r.set(false));
    });
}

async fn run(app: AppState) {
    // Transmissions as this loop last left them: the stored form drops the backoff's failure
    // count, so a copy kept here lets waits grow while the tab lives.
    let mut memory: BTreeMap<String, Transmission> = BTreeMap::new();
    let mut seen: Option<Arc<WorkView>> = None;
    let mut was_online = app.online.get_untracked();
    let mut next_due = 0.0;
    while app.sync_leader.get_untracked() {
        let work = app.work.get_untracked();
        let changed = !seen.as_ref().is_some_and(|w| Arc::ptr_eq(w, &work));
        let online = app.online.get_untracked();
        let came_online = online && !was_online;
        was_online = online;
        let kicked = take_kick();
        let now = js_sys::Date::now();
        let ready = app.can_sync();
        if ready && (changed || came_online || kicked || now >= next_due) {
            seen = Some(work.clone());
            next_due = match local_db() {
                Some(db) => pass(app, &db, &work, &mut memory)
                    .await
                    .unwrap_or(now + PERIOD_MS),
                None => now + PERIOD_MS,
            };
        }
        gloo_timers::future::TimeoutFuture::new(TICK_MS).await;
    }
}

/// One look at every unsent order: forget those the records show sent, send those due. Returns
/// when the next one is due.
async fn pass(
    app: AppState,
    db: &LocalDb,
    work: &WorkView,
    memory: &mut BTreeMap<String, Transmission>,
) -> Result<f64, StorageError> {
    let me = app
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.id.clone()));
    let Some(me) = me else {
        return Ok(js_sys::Date::now() + PERIOD_MS);
    };
    let stored: BTreeMap<String, Transmission> = db
        .transmissions()
        .await?
        .into_iter()
        .map(|t| (t.order_id.to_string(), t))
        .collect();
    let mut wrote = false;
    // The record is the truth once it shows the order sent.
    for id in stored.keys() {
        let sent = work.records.values().any(|r| match r {
            Record::Order(o) => &o.id == id && is_sent(o),
            _ => false,
        });
        if sent {
            db.delete_transmission(id).await?;
            memory.remove(id);
            transmissions().update(|m| {
                m.remove(id);
            });
            wrote = true;
        }
    }
    let orders: Vec<PurchaseOrder> = unsent(work, me.as_str()).cloned().collect();
    let mut next = js_sys::Date::now() + PERIOD_MS;
    let endpoint = Endpoint::same_origin(app.token());
    for order in orders {
        let mut t = match (
            memory.remove(order.id.as_str()),
            stored.get(order.id.as_str()),
        ) {
            // Another tab changed it ("Try again"): the stored one wins.
            (Some(m), Some(s)) if m.state != s.state || m.attempts != s.attempts => s.clone(),
            (Some(m), _) => m,
            (None, Some(s)) => s.clone(),
            (None, None) => Transmission::new(order.id.clone()),
        };
        let at_hub = !creation_queued(work, order.id.as_str());
        let now = js_sys::Date::now() as i64;
        let online = app.online.get_untracked() && app.can_sync();
        if at_hub && online && t.due(now) {
            t.start(now);
            db.save_transmission(&t).await?;
            publish(&t);
            tabs::announce(TabMessage::Records);
            let attempt = attempt(&endpoint, &order).await;
            let random = (js_sys::Math::random() * 2f64.powi(53)) as u64;
            t.finish(attempt, js_sys::Date::now() as i64, random);
            db.save_transmission(&t).await?;
            publish(&t);
            wrote = true;
            if matches!(t.state, TransmitState::Sent { .. }) {
                // The hub has appended `Sent`: pull it.
                crate::sync::records::kick();
            }
        } else if !stored.contains_key(order.id.as_str()) {
            db.save_transmission(&t).await?;
            publish(&t);
            wrote = true;
        }
        if let TransmitState::Waiting { not_before_ms } = t.state {
            next = next.min(not_before_ms as f64);
        }
        memory.insert(order.id.to_string(), t);
    }
    if wrote {
        tabs::announce(TabMessage::Records);
    }
    Ok(next)
}

/// One POST of `order`, as the core's state machine takes it.
async fn attempt(endpoint: &Endpoint, order: &PurchaseOrder) -> Attempt {
    match endpoint.send_order(order, TIMEOUT).await {
        Ok(_) => Attempt::Stored,
        Err(e) => outcome(e),
    }
}

/// What a failed POST means for the transmission.
pub fn outcome(error: OrderSendError) -> Attempt {
    match error {
        OrderSendError::TimedOut(_) => Attempt::NoAnswer(error.to_string()),
        OrderSendError::Endpoint(EndpointError::Unreachable) => {
            Attempt::NoAnswer(EndpointError::Unreachable.to_string())
        }
        // The hub has not got the order yet (its creation is still on the way), or the session
        // ended: neither is the order's fault, so both are retried, never put before a person.
        OrderSendError::Endpoint(EndpointError::Refused { status, error })
            if (status == 404 && error.code == "unknown_order") || status == 401 =>
        {
            Attempt::NoAnswer(format!("{status}: {}", error.message))
        }
        OrderSendError::Endpoint(EndpointError::Refused { status, error }) => {
            Attempt::Status(status, error.message)
        }
        // A 2xx whose body could not be read: like a server fault, retried (the key makes it safe).
        OrderSendError::Endpoint(e @ EndpointError::BadAnswer(_)) => {
            Attempt::Status(e.status().unwrap_or(502), e.to_string())
        }
    }
}
