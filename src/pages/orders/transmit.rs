//! How sending an order to its supplier goes, as the screens show it: waiting (to sync, or to
//! retry in N s and why), sending, sent, or needing a person ("Try again").

use super::OrderMsg;
use crate::i18n::{use_i18n, Lang};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_orders::order::transmit::{Transmission, TransmitState};
use procura_orders::order::PurchaseOrder;

/// A clock ticking once a second while the screen lives (for "retry in N s").
#[derive(Clone, Copy)]
pub struct Clock(pub RwSignal<f64>);

/// Provides the [`Clock`] to the screen's badges.
pub fn provide_clock() {
    let now = RwSignal::new(js_sys::Date::now());
    let ticker = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    provide_context(Clock(now));
}

/// What a badge shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    /// `data-state`, text.
    Plain(&'static str, String),
    NeedsAction(String),
}

fn shown(t: Option<&Transmission>, queued: bool, now: f64, lang: Lang) -> Shown {
    let text = |m: OrderMsg| m.text(lang);
    if queued {
        return Shown::Plain("waiting", text(OrderMsg::WaitingForHub).to_owned());
    }
    let Some(t) = t else {
        return Shown::Plain("waiting", text(OrderMsg::WaitingToSend).to_owned());
    };
    match &t.state {
        TransmitState::Sent { .. } => Shown::Plain("sent", text(OrderMsg::TransmitSent).to_owned()),
        TransmitState::InFlight { .. } => {
            Shown::Plain("in_flight", text(OrderMsg::Sending).to_owned())
        }
        TransmitState::NeedsAction { status, message } => {
            Shown::NeedsAction(format!("{status}: {message}"))
        }
        TransmitState::Waiting { not_before_ms } => {
            let secs = ((*not_before_ms as f64 - now) / 1000.0).ceil();
            match &t.last_error {
                Some(reason) if secs > 0.0 => {
                    Shown::Plain("waiting", OrderMsg::retry_in(lang, secs, reason))
                }
                Some(reason) => Shown::Plain("waiting", OrderMsg::retrying_now(lang, reason)),
                None => Shown::Plain("waiting", text(OrderMsg::WaitingToSend).to_owned()),
            }
        }
    }
}

/// The transmission state of `order` (not yet shown sent by its record).
#[component]
pub fn TransmitBadge(order: PurchaseOrder, queued: bool) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let clock = use_context::<Clock>();
    let map = crate::sync::orders::transmissions();
    let id = StoredValue::new(order.id.clone());
    let buyer = order.buyer.clone();
    let mine = Memo::new(move |_| crate::org::me(app).is_some_and(|a| a.id == buyer));
    let error = RwSignal::new(None::<String>);
    let retry = move |_| {
        let id = id.get_value();
        spawn_local(async move {
            if let Err(e) = crate::sync::orders::retry_now(id.as_str()).await {
                error.try_set(Some(e.to_string()));
            }
        });
    };
    move || {
        let now = clock.map_or_else(js_sys::Date::now, |c| c.0.get());
        let t = map.with(|m| m.get(id.get_value().as_str()).cloned());
        let lang = i18n.lang();
        let attempts = t.as_ref().map_or(0, |t| t.attempts);
        match shown(t.as_ref(), queued, now, lang) {
            Shown::Plain(state, text) => view! {
                <span class=format!("transmit {state}") data-testid="transmit-state" data-state=state data-attempts=attempts>
                    {text}
                </span>
            }
            .into_any(),
            Shown::NeedsAction(message) => view! {
                <span class="transmit needs_action" data-testid="transmit-state" data-state="needs_action" data-attempts=attempts role="alert">
                    <span>{OrderMsg::needs_action(lang, &message)}</span>
                    {mine.get().then(|| view! {
                        <button class="small-button" data-testid="transmit-retry" on:click=retry>{OrderMsg::TryAgain.text(lang)}</button>
                    })}
                    {error.get().map(|e| view! { <span class="error">{e}</span> })}
                </span>
            }
            .into_any(),
        }
    }
}
