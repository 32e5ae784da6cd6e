//! Several tabs, one sync. The tab that holds the Web Lock `procura-sync` leads: it alone talks
//! to the hub, so two tabs never push the same outbox at once. The lock is released when the
//! tab closes (or crashes), and the next waiting tab takes over.
//!
//! Tabs tell each other about changes on a BroadcastChannel: a tab that queued a change says
//! `outbox` (the leader syncs soon); the leader says `records` after each committed step, and
//! any tab says `catalog` after storing catalog changes (the others re-read IndexedDB).
//! Messages carry no data: IndexedDB is the only truth.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const LOCK_NAME: &str = "procura-sync";
const CHANNEL_NAME: &str = "procura-sync";

/// What a tab tells the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabMessage {
    /// A change was queued: the leader should push.
    Outbox,
    /// Records or the outbox changed after a sync step: re-read them.
    Records,
    /// The catalog changed (a pull or an import): re-read it.
    Catalog,
}

impl TabMessage {
    fn as_str(self) -> &'static str {
        match self {
            TabMessage::Outbox => "outbox",
            TabMessage::Records => "records",
            TabMessage::Catalog => "catalog",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "outbox" => Some(TabMessage::Outbox),
            "records" => Some(TabMessage::Records),
            "catalog" => Some(TabMessage::Catalog),
            _ => None,
        }
    }
}

thread_local! {
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
    /// Resolves the promise that holds the sync lock: calling it hands leadership on.
    static RELEASE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Opens the channel and calls `on_message` for every message another tab sends.
pub fn listen(on_message: impl Fn(TabMessage) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL_NAME) else {
        return;
    };
    let handler =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(message) = event
                .data()
                .as_string()
                .as_deref()
                .and_then(TabMessage::parse)
            {
                on_message(message);
            }
        });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The channel and its handler live as long as the page.
    handler.forget();
    CHANNEL.with(|slot| *slot.borrow_mut() = Some(channel));
}

/// Tells the other tabs (a tab does not hear its own messages).
pub fn announce(message: TabMessage) {
    CHANNEL.with(|slot| {
        if let Some(channel) = slot.borrow().as_ref() {
            let _ = channel.post_message(&JsValue::from_str(message.as_str()));
        }
    });
}

/// Calls `lead` once this tab holds the sync lock, which it then keeps until it closes. Without
/// Web Locks (very old browsers) every tab leads; the hub's exactly-once rule still holds, at
/// the cost of duplicate requests.
pub fn seek_leadership(lead: impl FnOnce() + 'static) {
    let locks = web_sys::window()
        .map(|w| {
            js_sys::Reflect::get(&w.navigator(), &"locks".into()).unwrap_or(JsValue::UNDEFINED)
        })
        .unwrap_or(JsValue::UNDEFINED);
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request.filter(|_| !locks.is_undefined()) else {
        lead();
        return;
    };
    let granted = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        lead();
        // Settles only on `step_down`: otherwise the lock is held for the life of the tab.
        js_sys::Promise::new(&mut |resolve, _| {
            RELEASE.with(|slot| *slot.borrow_mut() = Some(resolve));
        })
    });
    let _ = request.call2(&locks, &JsValue::from_str(LOCK_NAME), &granted);
}

/// Gives the sync lock up (this tab's database was closed for another tab's schema upgrade), so
/// the next tab leads instead of waiting for this one to be reloaded or closed.
pub fn step_down() {
    if let Some(release) = RELEASE.with(|slot| slot.borrow_mut().take()) {
        let _ = release.call0(&JsValue::NULL);
    }
}
