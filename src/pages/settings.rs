//! Settings: language, who is signed in, what the device stores.

use crate::app::LanguageSwitch;
use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use crate::storage::{DB_NAME, SCHEMA_VERSION};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <section class="page settings">
            <h1>{move || i18n.t(Msg::NavSettings)}</h1>
            <dl class="settings-list">
                <dt>{move || i18n.t(Msg::Language)}</dt>
                <dd><LanguageSwitch/></dd>
                <dt>{move || i18n.t(Msg::SignedInAs)}</dt>
                <dd>{move || app.session.with(|s| s.as_ref().map(|s| format!("{} ({}, {:?})", s.user.display_name, s.user.username, s.user.roles)))}</dd>
                <dt>{move || i18n.t(Msg::LocalData)}</dt>
                <dd>
                    {move || format!("{} {} · IndexedDB “{DB_NAME}” v{SCHEMA_VERSION}", app.catalog.with(|c| c.len()), i18n.t(Msg::Items))}
                </dd>
                <dt>{move || i18n.t(Msg::LastSynced)}</dt>
                <dd>{move || app.last_sync.get().unwrap_or_else(|| i18n.t(Msg::NeverSynced).to_owned())}</dd>
            </dl>
        </section>
    }
}
