//! The account: changing the password (in Settings, and alone on screen while an
//! administrator-set one must be replaced) and logging out everywhere.

use crate::app::LanguageSwitch;
use crate::endpoint::{Endpoint, EndpointError};
use crate::i18n::{use_i18n, AccountMsg, I18n, Msg};
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_ground::password::{check_new_password, PasswordProblem};

/// What the form says after a try.
#[derive(Debug, Clone, PartialEq)]
enum Note {
    Changed,
    Problem(AccountMsg),
    SessionEnded,
    /// A refusal the app has no words for: the hub's own message.
    Other(String),
}

fn problem_text(problem: PasswordProblem) -> AccountMsg {
    match problem {
        PasswordProblem::TooShort => AccountMsg::PasswordTooShort,
        PasswordProblem::TooLong => AccountMsg::PasswordTooLong,
        PasswordProblem::SameAsUsername => AccountMsg::PasswordIsUsername,
    }
}

/// The hub's refusal of a password change or a log out everywhere, by its code.
fn refusal_note(error: &EndpointError) -> Note {
    match (error.status(), error.code()) {
        (_, Some("weak_password")) => Note::Problem(AccountMsg::WeakPassword),
        (_, Some("wrong_password")) => Note::Problem(AccountMsg::WrongCurrentPassword),
        (None, _) => Note::Problem(AccountMsg::NeedsServer),
        (Some(401), _) => Note::SessionEnded,
        (Some(429), _) => Note::Problem(AccountMsg::TooManyAttemptsLater),
        (Some(503), _) => Note::Problem(AccountMsg::ServerBusy),
        _ => Note::Other(error.to_string()),
    }
}

fn note_view(i18n: I18n, note: Note, failed: AccountMsg) -> impl IntoView {
    let (class, text) = match note {
        Note::Changed => ("ok", i18n.t(AccountMsg::PasswordChanged).to_owned()),
        Note::Problem(msg) => ("error", i18n.t(msg).to_owned()),
        Note::SessionEnded => ("error", i18n.t(Msg::SessionExpired).to_owned()),
        Note::Other(message) => ("error", format!("{}: {message}", i18n.t(failed))),
    };
    let role = if class == "ok" { "status" } else { "alert" };
    view! { <p class=class role=role data-testid="account-note">{text}</p> }
}

/// Current, new and repeated password. The client checks mirror the hub's (the core's
/// `check_new_password`) so the user hears at once; the hub's refusals are shown by code.
/// `on_changed` runs once the hub has the new password.
#[component]
pub fn ChangePasswordForm(#[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let change = Action::new_local(move |(current, new): &(String, String)| {
        let (current, new) = (current.clone(), new.clone());
        async move {
            Endpoint::same_origin(app.token())
                .change_password(&current, &new)
                .await
        }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            current.set(String::new());
            new.set(String::new());
            repeat.set(String::new());
            note.set(Some(Note::Changed));
            app.reachable.set(true);
            on_changed.run(());
        }
        Some(Err(e)) => note.set(Some(refusal_note(&e))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let username = app
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.user.username.clone()))
            .unwrap_or_default();
        let (cur, next) = (current.get_untracked(), new.get_untracked());
        let problem = match check_new_password(&username, &next) {
            Err(problem) => Some(problem_text(problem)),
            Ok(()) if next != repeat.get_untracked() => Some(AccountMsg::PasswordsDiffer),
            Ok(()) => None,
        };
        match problem {
            Some(msg) => note.set(Some(Note::Problem(msg))),
            None => {
                note.set(None);
                change.dispatch((cur, next));
            }
        }
    };
    let field = move |label: AccountMsg,
                      name: &'static str,
                      autocomplete: &'static str,
                      value: RwSignal<String>| {
        view! {
            <label>
                {move || i18n.t(label)}
                <input type="password" name=name autocomplete=autocomplete required
                    data-testid=format!("password-{name}")
                    prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="password-form" on:submit=submit data-testid="change-password">
            {field(AccountMsg::CurrentPassword, "current", "current-password", current)}
            {field(AccountMsg::NewPassword, "new", "new-password", new)}
            {field(AccountMsg::RepeatPassword, "repeat", "new-password", repeat)}
            <p class="muted hint">{move || i18n.t(AccountMsg::PasswordRules)}</p>
            {move || note.get().map(|n| note_view(i18n, n, AccountMsg::PasswordNotChanged))}
            <div>
                <button type="submit" class="primary" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { i18n.t(AccountMsg::Saving) } else { i18n.t(AccountMsg::ChangePassword) }}
                </button>
            </div>
        </form>
    }
}

/// Settings → Account: change the password; log out on every device.
#[component]
pub fn AccountSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let everywhere = Action::new_local(move |_: &()| crate::session::log_out_everywhere(app));
    let failure = move || {
        everywhere
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| note_view(i18n, refusal_note(&e), AccountMsg::LogOutEverywhereFailed))
    };
    let ask = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(i18n.t(AccountMsg::LogOutEverywhereConfirm))
                    .ok()
            })
            .unwrap_or(false);
        if confirmed {
            everywhere.dispatch(());
        }
    };
    view! {
        <section class="account" data-testid="account">
            <h2>{move || i18n.t(AccountMsg::Account)}</h2>
            <h3>{move || i18n.t(AccountMsg::ChangePassword)}</h3>
            <ChangePasswordForm on_changed=move |_| {}/>
            <h3>{move || i18n.t(AccountMsg::LogOutEverywhere)}</h3>
            <p class="muted">{move || i18n.t(AccountMsg::LogOutEverywhereNote)}</p>
            {failure}
            <button data-testid="log-out-everywhere" on:click=ask disabled=move || everywhere.pending().get()>
                {move || if everywhere.pending().get() { i18n.t(AccountMsg::LoggingOut) } else { i18n.t(AccountMsg::LogOutEverywhere) }}
            </button>
        </section>
    }
}

/// All the app shows while the user owes a new password: the form, the language, log out.
#[component]
pub fn PasswordChangeRequired() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let on_changed = move |_| password_changed(app);
    view! {
        <div class="login-screen">
            <div class="login-card" data-testid="password-change-required">
                <div class="login-head">
                    <span class="logo" aria-hidden="true">"P"</span>
                    <div>
                        <h1>{move || i18n.t(AccountMsg::MustChangeTitle)}</h1>
                        <p class="muted">{move || app.session.with(|s| s.as_ref().map(|s| s.user.display_name.clone()))}</p>
                    </div>
                    <LanguageSwitch/>
                </div>
                <p>{move || i18n.t(AccountMsg::MustChangeBody)}</p>
                <ChangePasswordForm on_changed=on_changed/>
                <button class="link-button" on:click=move |_| crate::app::log_out_checked(app, i18n)>
                    {move || i18n.t(Msg::LogOut)}
                </button>
            </div>
        </div>
    }
}

/// The owed password is set: the app opens and syncs as after a log in.
fn password_changed(app: AppState) {
    app.update_session(|s| s.user.must_change_password = false);
    spawn_local(crate::sync::sync_catalog(app));
    spawn_local(crate::sync::records::refresh(app));
    crate::sync::records::kick();
}
