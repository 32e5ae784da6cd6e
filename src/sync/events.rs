//! The hub's change notices: while this tab leads sync, it keeps one server-sent event stream
//! open, and every notice that the hub recorded a change kicks a round, so a supplier's answer or
//! a colleague's decision shows within a moment instead of at the next periodic pull.
//!
//! Nothing relies on a notice: it only says "pull now", and the periodic pull stays. A failed or
//! ended stream is opened again with a fresh ticket after a growing pause.

use crate::endpoint::Endpoint;
use crate::state::AppState;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use web_sys::EventSource;

/// Pause before opening a stream again after a failure: doubling from the first to the last.
const RETRY_FIRST_MS: f64 = 1_000.0;
const RETRY_MAX_MS: f64 = 60_000.0;

/// The open stream and the callbacks it holds.
struct Listener {
    source: EventSource,
    _on_change: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.source.close();
    }
}

thread_local! {
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
    /// A ticket is being fetched.
    static OPENING: Cell<bool> = const { Cell::new(false) };
    /// When the next attempt may start, and how many failed in a row.
    static RETRY_AT: Cell<f64> = const { Cell::new(0.0) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
}

/// Called on each tick of the leader's loop: keeps a stream open while `ready` (online and
/// logged in), closes it otherwise.
pub fn keep(app: AppState, ready: bool) {
    if !ready {
        close();
        return;
    }
    let open = LISTENER.with(|l| l.borrow().is_some());
    if open || OPENING.get() || js_sys::Date::now() < RETRY_AT.get() {
        return;
    }
    OPENING.set(true);
    spawn_local(async move {
        let endpoint = Endpoint::same_origin(app.token());
        match endpoint.event_ticket().await {
            Ok(ticket) => match listen(&endpoint.events_url(&ticket.ticket)) {
                Ok(listener) => LISTENER.with(|l| *l.borrow_mut() = Some(listener)),
                Err(_) => failed(),
            },
            Err(_) => failed(),
        }
        OPENING.set(false);
    });
}

/// Closes the stream (logged out, offline, or no longer leading).
pub fn close() {
    LISTENER.with(|l| l.borrow_mut().take());
}

fn failed() {
    let failures = FAILURES.get().saturating_add(1);
    FAILURES.set(failures);
    let pause = (RETRY_FIRST_MS * 2f64.powi(failures.min(16) as i32 - 1)).min(RETRY_MAX_MS);
    RETRY_AT.set(js_sys::Date::now() + pause);
}

fn listen(url: &str) -> Result<Listener, JsValue> {
    let source = EventSource::new(url)?;
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {
        FAILURES.set(0);
        super::records::kick();
    });
    // An ended stream (the hub closes each after a few minutes), a refused ticket or a lost
    // connection: the browser would retry the spent ticket, so close and start over.
    // Closed from a task, not from inside the callback the close drops.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {
        failed();
        spawn_local(async { close() });
    });
    source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref())?;
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Listener {
        source,
        _on_change: on_change,
        _on_error: on_error,
    })
}
