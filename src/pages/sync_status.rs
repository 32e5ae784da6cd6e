//! What the user sees of sync: a status line in the top bar (pending changes, progress, last
//! sync, failures with a retry button), and the Settings section with the device's sync
//! details, the changes the hub refused, and the local-data backup.

use crate::i18n::{use_i18n, Msg};
use crate::state::{local_db, use_app};
use crate::storage::{DeviceBackup, RestoreError};
use crate::sync::records::{self, RecordSyncStatus};
use crate::ui::changes::describe;
use crate::ui::files::{download, read};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The top bar's sync line.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Ticks once a second while a retry is scheduled, so the countdown moves.
    let now = RwSignal::new(js_sys::Date::now());
    let ticker = leptos::prelude::set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    let pending = move || app.work.with(|w| w.pending.len());
    let text = move || {
        let pending = pending();
        let waiting = Msg::sync_pending(i18n.lang(), pending);
        match app.record_sync.get() {
            RecordSyncStatus::Running { pulled, remaining } if remaining > 0 => {
                let lang = i18n.lang();
                let count = |n| crate::ui::format::count(lang, n);
                Msg::sync_receiving(lang, &count(pulled), &count(pulled + remaining))
            }
            // Offline: the connection badge says so; the title says what happens next.
            _ if !app.online.get() && pending > 0 => waiting,
            RecordSyncStatus::Retrying {
                message,
                next_at_ms,
            } => {
                let secs = ((next_at_ms - now.get()) / 1000.0).max(0.0).ceil() as u64;
                let retry = Msg::sync_retrying(i18n.lang(), &message, secs);
                if pending > 0 {
                    format!("{waiting} · {retry}")
                } else {
                    retry
                }
            }
            RecordSyncStatus::SignInAgain => i18n.t(Msg::SessionExpired).to_owned(),
            RecordSyncStatus::NeedsAttention(message) => {
                format!("{}: {message}", i18n.t(Msg::SyncStopped))
            }
            _ if pending > 0 => waiting,
            RecordSyncStatus::UpToDate { at, .. } => {
                let lang = i18n.lang();
                format!(
                    "{} · {}",
                    i18n.t(Msg::SyncAllSent),
                    Msg::synced_at(lang, &crate::ui::format::time(lang, at))
                )
            }
            _ => String::new(),
        }
    };
    let state = move || match app.record_sync.get() {
        RecordSyncStatus::Retrying { .. } | RecordSyncStatus::NeedsAttention(_) => "failed",
        RecordSyncStatus::SignInAgain => "failed",
        RecordSyncStatus::Running { .. } => "running",
        _ if pending() > 0 => "pending",
        _ => "ok",
    };
    let can_retry = move || matches!(state(), "failed") && app.online.get();
    // The last round's figures, for tests and the benchmark.
    let figures = move || match app.record_sync.get() {
        RecordSyncStatus::UpToDate { last, .. } => Some(last),
        _ => None,
    };
    view! {
        <span class=move || format!("record-sync {}", state()) role="status"
            data-testid="record-sync" data-pending=move || pending().to_string()
            data-state=state
            title=move || (!app.online.get()).then(|| i18n.t(Msg::SyncWaitingOffline))
            data-round-pushed=move || figures().map(|f| f.report.pushed.to_string())
            data-round-pulled=move || figures().map(|f| f.report.pulled.to_string())
            data-round-push-ms=move || figures().map(|f| format!("{:.1}", f.push_ms))
            data-round-pull-ms=move || figures().map(|f| format!("{:.1}", f.pull_ms))>
            {text}
            <Show when=can_retry>
                <button class="link-button" data-testid="record-sync-retry" on:click=move |_| records::kick()>
                    {move || i18n.t(Msg::RetryNow)}
                </button>
            </Show>
        </span>
    }
}

/// Settings → Sync: the device's identity, who syncs, refusals, backup.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let client_id = LocalResource::new(move || async move {
        match local_db() {
            Some(db) => db
                .sync_state()
                .await
                .map(|s| s.client_id)
                .unwrap_or_default(),
            None => String::new(),
        }
    });
    view! {
        <h2>{move || i18n.t(Msg::SyncSection)}</h2>
        <dl class="settings-list">
            <dt>{move || i18n.t(Msg::SyncSection)}</dt>
            <dd>
                <SyncIndicator/> " "
                <button data-testid="sync-now" disabled=move || !app.online.get()
                    on:click=move |_| records::sync_now()>{move || i18n.t(Msg::SyncRecordsNow)}</button>
            </dd>
            <dt>{move || i18n.t(Msg::DeviceId)}</dt>
            <dd><code translate="no" data-content="">{move || client_id.get().unwrap_or_default()}</code></dd>
            <dt></dt>
            <dd data-testid="sync-leader" data-leader=move || app.sync_leader.get().to_string()>
                {move || i18n.t(if app.sync_leader.get() { Msg::LeaderTab } else { Msg::FollowerTab })}
            </dd>
        </dl>
        <Show when=move || app.work.with(|w| w.others_pending > 0)>
            <p class="muted" data-testid="others-pending">
                {move || Msg::others_pending(i18n.lang(), app.work.with(|w| w.others_pending))}
            </p>
        </Show>
        <Show when=move || app.work.with(|w| !w.refused.is_empty())>
            <h3>{move || i18n.t(Msg::RefusedChanges)}</h3>
            <ul class="refused" data-testid="refused-changes">
                {move || app.work.with(|w| w.refused.clone()).into_iter().map(|r| {
                    let id = r.id;
                    let why = r.text(i18n.0.get());
                    view! {
                        <li>
                            <span>{describe(&r.mutation, i18n.lang())}</span> " — "
                            <strong>{why}</strong> " "
                            <button class="link-button" on:click=move |_| spawn_local(records::dismiss_refused(app, id))>
                                {move || i18n.t(Msg::Dismiss)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
        <BackupPanel/>
    }
}

#[component]
fn BackupPanel() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        spawn_local(async move {
            let Some(db) = local_db() else { return };
            let now = js_sys::Date::now();
            let result = db
                .export_backup(now as i64)
                .await
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    let json = serde_json::to_string(&b).map_err(|e| e.to_string())?;
                    let day = String::from(js_sys::Date::new_0().to_iso_string())
                        .chars()
                        .take(10)
                        .collect::<String>();
                    download(
                        &format!("procura-backup-{day}.json"),
                        "application/json",
                        &json,
                    )
                });
            if let Err(e) = result {
                message.set(Some((false, e)));
            }
        })
    };
    let restore = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let outcome = async {
                let db = local_db().ok_or_else(|| "local storage is not open".to_owned())?;
                let lang = i18n.0.get_untracked();
                let file = read(file, 512 * 1024 * 1024)
                    .await
                    .map_err(|e| crate::i18n::import_issues::kind_text(&e, lang))?;
                let text = String::from_utf8(file.bytes)
                    .map_err(|e| RestoreError::NotABackup(e.to_string()).to_string())?;
                let backup = DeviceBackup::parse(&text).map_err(|e| e.to_string())?;
                db.restore_backup(&backup).await.map_err(|e| e.to_string())
            }
            .await;
            match outcome {
                Ok(summary) => {
                    let lang = i18n.lang();
                    let text = Msg::restored(
                        lang,
                        &Msg::queued_changes(lang, summary.queued as u64),
                        &Msg::records_count(lang, summary.records as u64),
                        &Msg::imported_items(lang, summary.items as u64),
                    );
                    message.set(Some((true, text)));
                    records::refresh(app).await;
                    if let Some(db) = local_db() {
                        crate::sync::load_from_device(app, &db).await;
                    }
                    records::kick();
                }
                Err(e) => message.set(Some((
                    false,
                    format!("{}: {e}", i18n.t(Msg::RestoreFailed)),
                ))),
            }
        });
    };
    view! {
        <h2>{move || i18n.t(Msg::BackupTitle)}</h2>
        <p class="muted">{move || i18n.t(Msg::BackupNote)}</p>
        <div class="backup-actions">
            <button data-testid="export-data" on:click=export>{move || i18n.t(Msg::ExportData)}</button>
            <label class="button-like">
                {move || i18n.t(Msg::ImportData)}
                <input type="file" accept=".json,application/json" class="visually-hidden"
                    data-testid="restore-file" on:change=restore/>
            </label>
        </div>
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "notice" } else { "error" } role="status" data-testid="backup-message">{text}</p>
        })}
    }
}
