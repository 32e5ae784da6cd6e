//! Settings: language, who is signed in, what the device stores.

mod pictures;

use crate::app::LanguageSwitch;
use crate::device::storage_estimate;
use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use crate::storage::{DB_NAME, SCHEMA_VERSION};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Re-estimated whenever the catalog on the device changes.
    let estimate = LocalResource::new(move || {
        app.catalog.track();
        storage_estimate()
    });
    let usage = move || match estimate.get() {
        Some(Some((used, quota))) => format!(
            "{} / {}",
            format::bytes(i18n.lang(), used),
            format::bytes(i18n.lang(), quota)
        ),
        Some(None) => i18n.t(Msg::Unknown).to_owned(),
        None => i18n.t(Msg::Loading).to_owned(),
    };
    let persistence = move || match app.persisted.get() {
        Some(true) => i18n.t(Msg::StoragePersistent),
        Some(false) => i18n.t(Msg::StorageBestEffort),
        None => i18n.t(Msg::Unknown),
    };
    view! {
        <section class="page settings">
            <h1>{move || i18n.t(Msg::NavSettings)}</h1>
            <dl class="settings-list">
                <dt>{move || i18n.t(Msg::Language)}</dt>
                <dd><LanguageSwitch/></dd>
                <dt>{move || i18n.t(Msg::SignedInAs)}</dt>
                <dd>{move || app.session.with(|s| s.as_ref().map(|s| {
                    let roles: Vec<&str> = s.user.roles.iter().map(|r| i18n.t(Msg::role(*r))).collect();
                    view! {
                        <span data-content="">{s.user.display_name.clone()}</span>
                        " (" <span data-content="" translate="no">{s.user.username.clone()}</span>
                        {format!(", {})", roles.join(", "))}
                    }
                }))}</dd>
                <dt>{move || i18n.t(Msg::LocalData)}</dt>
                <dd>
                    {move || {
                        let n = app.catalog.with(|c| c.len());
                        Msg::items_count(i18n.lang(), &format::count(i18n.lang(), n as u64), n)
                    }}
                    " · " <span class="muted" translate="no">{format!("IndexedDB “{DB_NAME}” v{SCHEMA_VERSION}")}</span>
                </dd>
                <dt>{move || i18n.t(Msg::StorageUsage)}</dt>
                <dd data-testid="storage-usage">{usage}</dd>
                <dt>{move || i18n.t(Msg::StorageProtection)}</dt>
                <dd data-testid="storage-persistence">{persistence}</dd>
                <dt>{move || i18n.t(Msg::LastSynced)}</dt>
                <dd>{move || app.last_sync.get().map_or_else(|| i18n.t(Msg::NeverSynced).to_owned(), |ms| format::date_time(i18n.lang(), ms))}</dd>
            </dl>
            <crate::pages::account::AccountSection/>
            <crate::pages::sync_status::SyncPanel/>
            <pictures::PictureCacheSettings/>
            <h2>{move || i18n.t(Msg::ExchangeRates)}</h2>
            <crate::pages::rates::RatesEditor/>
        </section>
    }
}
