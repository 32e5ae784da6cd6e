//! Logging in against the endpoint. The session is kept on the device, so the app opens
//! offline afterwards.

use crate::app::LanguageSwitch;
use crate::endpoint::{Endpoint, EndpointError};
use crate::i18n::{use_i18n, Msg};
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
    Effect::new(move |_| {
        if let Some(Ok(session)) = login.value().get() {
            app.reachable.set(true);
            app.log_in(session);
            spawn_local(sync_catalog(app));
            // Queued changes wait for a session; show this user's view and send them.
            spawn_local(crate::sync::records::refresh(app));
            crate::sync::records::kick();
        }
    });
    let error = move || match login.value().get() {
        Some(Err(EndpointError::Unreachable)) => Some(format!(
            "{}: {}",
            i18n.t(Msg::LoginFailed),
            i18n.t(Msg::LoginNeedsNetwork)
        )),
        // The hub throttles failed logins (429) and refuses logins when saturated (503).
        Some(Err(EndpointError::Refused { error, .. })) if error.code == "too_many_attempts" => {
            Some(format!(
                "{}: {}",
                i18n.t(Msg::LoginFailed),
                i18n.t(Msg::LoginTooManyAttempts)
            ))
        }
        Some(Err(EndpointError::Refused { error, .. })) if error.code == "busy" => Some(format!(
            "{}: {}",
            i18n.t(Msg::LoginFailed),
            i18n.t(Msg::LoginBusy)
        )),
        Some(Err(e)) => Some(format!("{}: {e}", i18n.t(Msg::LoginFailed))),
        _ => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
                {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { i18n.t(Msg::LoggingIn) } else { i18n.t(Msg::LogIn) }}
                </button>
                <p class="hint muted">{move || i18n.t(Msg::DemoLogins)}</p>
            </form>
        </div>
    }
}
