//! Logging out on a shared device: the session ends at the hub (now, or with the next
//! connection), and the organisation's records pulled with it leave the device, so the next
//! person on the tablet reads nothing of the previous user's requisitions, orders or addresses.
//!
//! Log out, in order: the session leaves this tab's memory and `localStorage` (other tabs hear
//! the `storage` event and follow), the view of the records is emptied, then one IndexedDB
//! transaction deletes the pulled records and queues the token to be ended
//! (`LocalDb::end_session`), then the queue is sent (`POST /logout`). A token leaves the queue
//! when the hub answers 204 or 401 (already ended); no answer or any other refusal keeps it for
//! the next attempt: when the network comes back, every [`RETRY_MS`] while some wait, at start
//! and after a log in. Queued changes stay in the outbox for their author, as before.

use crate::endpoint::{Endpoint, EndpointError};
use crate::state::{is_session_key, local_db, stored_session, AppState};
use crate::sync::records::{RecordSyncStatus, WorkView};
use crate::sync::tabs::{self, TabMessage};
use leptos::prelude::*;
// The log out's tasks belong to no screen: the one that started them is gone by then.
use std::cell::Cell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// How often queued log outs are tried again while some wait.
const RETRY_MS: u32 = 30_000;

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// How many log outs wait for the hub (reactive; the login screen says so).
    static WAITING: ArcRwSignal<usize> = ArcRwSignal::new(0);
}

/// How many sessions logged out on this device the hub has not ended yet.
pub fn logouts_waiting() -> ArcRwSignal<usize> {
    WAITING.with(Clone::clone)
}

/// Logs the current user out of this device and ends the session at the hub.
pub fn log_out(app: AppState) {
    let Some(session) = app.session.get_untracked() else {
        return;
    };
    forget_in_memory(app);
    spawn_local(async move {
        let token = session.token;
        match local_db() {
            Some(db) => match db.end_session(session.user.id.as_str(), Some(&token)).await {
                Ok(()) => {
                    tabs::announce(TabMessage::Records);
                    send_pending_logouts().await;
                }
                Err(e) => {
                    // The records stay until the next user's first round drops them (they
                    // are not shown to anyone else meanwhile, see `sync::records::refresh`).
                    web_sys::console::error_1(&format!("log out: {e}").into());
                    let _ = Endpoint::same_origin(Some(token)).logout().await;
                }
            },
            // No local storage: nothing was pulled into it; end the session if the hub answers.
            None => {
                let _ = Endpoint::same_origin(Some(token)).logout().await;
            }
        }
    });
}

/// Ends every session of the current user at the hub (needs the network), then logs out here.
/// Nothing is queued: the hub has already ended this session too.
pub async fn log_out_everywhere(app: AppState) -> Result<(), EndpointError> {
    let Some(session) = app.session.get_untracked() else {
        return Ok(());
    };
    Endpoint::same_origin(Some(session.token))
        .logout_all()
        .await?;
    session_ended(app);
    Ok(())
}

/// The hub ended the session (401 where the app did not expect one: a log out everywhere, a
/// password change on another device): log out here without queueing anything.
pub fn session_ended(app: AppState) {
    let Some(session) = app.session.get_untracked() else {
        return;
    };
    forget_in_memory(app);
    spawn_local(async move {
        if let Some(db) = local_db() {
            if let Err(e) = db.end_session(session.user.id.as_str(), None).await {
                web_sys::console::error_1(&format!("log out: {e}").into());
            }
            tabs::announce(TabMessage::Records);
        }
    });
}

/// The session leaves this tab (and `localStorage`, so the other tabs), and nothing of the
/// user's view stays on screen.
fn forget_in_memory(app: AppState) {
    app.log_out();
    clear_view(app);
}

fn clear_view(app: AppState) {
    app.work.set(Arc::new(WorkView::default()));
    app.record_sync.set(RecordSyncStatus::Idle);
}

/// Sends the queued log outs, oldest first, until one gets no answer. One sender per tab.
pub async fn send_pending_logouts() {
    if SENDING.with(|s| s.replace(true)) {
        return;
    }
    if let Some(db) = local_db() {
        if let Ok(tokens) = db.pending_logouts().await {
            let mut left = tokens.len();
            for token in tokens {
                match Endpoint::same_origin(Some(token.clone())).logout().await {
                    // Ended now, or already (expired, ended elsewhere): either way done.
                    Ok(()) => {}
                    Err(e) if e.is_unauthorized() => {}
                    Err(_) => break,
                }
                if db.logout_done(&token).await.is_ok() {
                    left -= 1;
                }
            }
            logouts_waiting().set(left);
        }
    }
    SENDING.with(|s| s.set(false));
}

/// Starts, once per tab (with the local database open): sends what waits and retries while
/// some wait.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    spawn_local(async move {
        loop {
            // Reads the queue each time (another tab may have queued one) and counts what is
            // left. Offline the fetch fails at once; the `online` event sends sooner.
            send_pending_logouts().await;
            gloo_timers::future::TimeoutFuture::new(RETRY_MS).await;
        }
    });
}

/// Another tab logged out (or a different user logged in): this tab follows at once, so it
/// shows nothing of a session that ended.
pub fn follow_other_tabs(app: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        // `key` is none when the whole storage was cleared.
        if !e.key().is_none_or(|k| is_session_key(&k)) {
            return;
        }
        let stored = stored_session();
        let current = app.session.get_untracked();
        if stored == current {
            return;
        }
        let same_session = stored.as_ref().map(|s| &s.token) == current.as_ref().map(|s| &s.token);
        if !same_session {
            clear_view(app);
        }
        // The same session with changed flags (a password change) just updates.
        app.session.set(stored.clone());
        if !same_session && stored.is_some() {
            spawn_local(crate::sync::records::refresh(app));
            crate::sync::records::kick();
        }
    });
    let _ = window.add_event_listener_with_callback("storage", handler.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    handler.forget();
}
