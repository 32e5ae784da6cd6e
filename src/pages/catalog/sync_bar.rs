//! The catalog's sync button, status and progress.

use crate::i18n::{use_i18n, Msg};
use crate::state::{use_app, SyncStatus};
use crate::sync::sync_catalog;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let running = move || matches!(app.sync.get(), SyncStatus::Running { .. });
    let status = move || match app.sync.get() {
        SyncStatus::Idle => app.last_sync.get().map_or_else(
            || i18n.t(Msg::NeverSynced).to_owned(),
            |ms| Msg::last_synced(i18n.lang(), &format::date_time(i18n.lang(), ms)),
        ),
        SyncStatus::Running { stored, .. } => format!(
            "{} {}",
            i18n.t(Msg::Syncing),
            Msg::changes_stored(i18n.lang(), stored)
        ),
        SyncStatus::Done { stored } => {
            let lang = i18n.lang();
            let mut text = format!(
                "{} · {}",
                i18n.t(Msg::SyncDone),
                Msg::changes_stored(lang, stored)
            );
            if let Some(ms) = app.last_sync.get() {
                text.push_str(" · ");
                text.push_str(&Msg::last_synced(lang, &format::date_time(lang, ms)));
            }
            text
        }
        SyncStatus::Failed(reason) => format!("{}: {reason}", i18n.t(Msg::SyncFailed)),
        SyncStatus::StorageCorrupt => i18n.t(Msg::StorageCorrupt).to_owned(),
    };
    let fraction = move || match app.sync.get() {
        SyncStatus::Running { fraction, .. } => fraction,
        _ => 1.0,
    };
    view! {
        <div class="sync-bar" data-testid="sync-bar">
            <button class="primary" disabled=running on:click=move |_| spawn_local(sync_catalog(app))>
                {move || i18n.t(Msg::SyncNow)}
            </button>
            <div class="sync-status">
                <span data-testid="sync-status" class:error=move || matches!(app.sync.get(), SyncStatus::Failed(_) | SyncStatus::StorageCorrupt)>{status}</span>
                <Show when=running>
                    <progress max="1" value=move || fraction().to_string() data-testid="sync-progress"></progress>
                </Show>
            </div>
        </div>
    }
}
