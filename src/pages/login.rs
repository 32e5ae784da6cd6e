//! Logging in against the endpoint. The session is kept on the device, so the app opens
//! offline afterwards.

use crate::app::LanguageSwitch;
use crate::endpoint::{Endpoint, EndpointError, LoginFailure};
use crate::i18n::{use_i18n, AccountMsg, Msg};
use crate::state::use_app;
use crate::sync::sync_catalog;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = Action::new_local(move |(user, pass): &(String, String)| {
        let (user, pass) = (user.clone(), pass.clone());
        async move { Endpoint::same_origin(None).login(&user, &pass).await }
    });
    // When the hub lets the next attempt in (after a 429), and a clock that moves while the
    // wait is shown.
    let wait_until = RwSignal::new(0.0);
    let now = RwSignal::new(js_sys::Date::now());
    let ticker = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    let seconds_left = move || ((wait_until.get() - now.get()) / 1000.0).ceil().max(0.0) as u64;
    Effect::new(move |_| match login.value().get() {
        Some(Ok(session)) => {
            app.reachable.set(true);
            let can_sync = !session.user.must_change_password;
            app.log_in(session);
            // The hub answered: log outs queued on this device can go now.
            spawn_local(crate::session::send_pending_logouts());
            if can_sync {
                spawn_local(sync_catalog(app));
                // Queued changes wait for a session; show this user's view and send them.
                spawn_local(crate::sync::records::refresh(app));
                crate::sync::records::kick();
            }
        }
        Some(Err(LoginFailure::TooManyAttempts {
            retry_after_s: Some(s),
        })) => {
            let at = js_sys::Date::now();
            now.set(at);
            wait_until.set(at + s as f64 * 1000.0);
        }
        _ => {}
    });
    let error = move || {
        let failed = i18n.t(Msg::LoginFailed);
        match login.value().get()? {
            Ok(_) => None,
            Err(LoginFailure::Other(EndpointError::Unreachable)) => {
                Some(format!("{failed}: {}", i18n.t(Msg::LoginNeedsNetwork)))
            }
            Err(LoginFailure::WrongCredentials) => {
                Some(i18n.t(AccountMsg::WrongCredentials).to_owned())
            }
            Err(LoginFailure::TooManyAttempts {
                retry_after_s: Some(_),
            }) => Some(match seconds_left() {
                0 => i18n.t(AccountMsg::TryAgainNow).to_owned(),
                n => AccountMsg::too_many_attempts(i18n.lang(), n),
            }),
            Err(LoginFailure::TooManyAttempts {
                retry_after_s: None,
            }) => Some(i18n.t(AccountMsg::TooManyAttemptsLater).to_owned()),
            Err(LoginFailure::Busy) => Some(i18n.t(AccountMsg::ServerBusy).to_owned()),
            Err(LoginFailure::Other(e)) => Some(format!("{failed}: {e}")),
        }
    };
    let waiting = crate::session::logouts_waiting();
    let logouts_waiting = move || match waiting.get() {
        0 => None,
        1 => Some(i18n.t(AccountMsg::LogoutWaitingOne).to_owned()),
        n => Some(AccountMsg::logout_waiting(i18n.lang(), n)),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if seconds_left() > 0 {
            return;
        }
        login.dispatch((username.get_untracked(), password.get_untracked()));
    };
    view! {
        <div class="login-screen">
            <form class="login-card" on:submit=submit>
                <div class="login-head">
                    <span class="logo" aria-hidden="true">"P"</span>
                    <div>
                        <h1>"Procura"</h1>
                        <p class="muted">{move || i18n.t(Msg::AppTagline)}</p>
                    </div>
                    <LanguageSwitch/>
                </div>
                <label>
                    {move || i18n.t(Msg::Username)}
                    <input name="username" autocomplete="username" required
                        prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                </label>
                <label>
                    {move || i18n.t(Msg::Password)}
                    <input name="password" type="password" autocomplete="current-password" required
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                {move || error().map(|e| view! { <p class="error" role="alert" data-testid="login-error">{e}</p> })}
                <button type="submit" class="primary" disabled={move || login.pending().get() || seconds_left() > 0}>
                    {move || if login.pending().get() { i18n.t(Msg::LoggingIn) } else { i18n.t(Msg::LogIn) }}
                </button>
                <p class="hint muted" data-testid="demo-logins">
                    {move || i18n.t(Msg::DemoLogins)} " "
                    // User names and the password are what one types: data, never translated.
                    <span translate="no">"buyer, approver1, approver2, admin"</span>
                    " · " {move || i18n.t(Msg::DemoPassword)} " " <code translate="no">"procura"</code>
                </p>
                {move || logouts_waiting().map(|t| view! { <p class="hint muted" data-testid="logouts-waiting">{t}</p> })}
            </form>
        </div>
    }
}
