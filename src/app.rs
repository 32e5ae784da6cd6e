//! The root component: context, start-up, the shell around every page, and the routes.

use crate::i18n::{use_i18n, I18n, Lang, Msg};
use crate::pages::{
    account::PasswordChangeRequired,
    approvals::ApprovalsPage,
    cart::CartPage,
    catalog::CatalogPage,
    lazy,
    login::LoginPage,
    orders::{OrderDetailPage, OrdersPage},
    requisitions::{NewRequisitionPage, RequisitionDetailPage, RequisitionsPage},
};
use crate::state::{
    close_local_db, save_lang, saved_lang, set_local_db, use_app, AppState, StorageStatus,
};
use crate::storage::LocalDb;
use crate::sync::load_from_device;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, Lazy};
use wasm_bindgen::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    provide_context(crate::pages::suppliers::performance::PerformanceContext(
        crate::pages::suppliers::performance::performance_memo(app),
    ));
    let spend = crate::pages::spend::spend_memo(app);
    provide_context(crate::pages::spend::SpendContext(spend));
    provide_context(crate::pages::spend::classes::ClassContext(
        crate::pages::spend::classes::class_memo(app),
    ));
    let lang = RwSignal::new(saved_lang().unwrap_or_default());
    provide_context(I18n(lang));
    Effect::new(move |_| save_lang(lang.get()));
    watch_connectivity(app);
    crate::session::follow_other_tabs(app);
    spawn_local(open_device_storage(app));
    let must_change_password = move || {
        app.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password))
    };

    view! {
        <Router>
            <Show when=move || app.session.with(Option::is_some) fallback=|| view! { <LoginPage/> }>
                // An administrator-set password is replaced before anything else opens.
                <Show when=move || !must_change_password() fallback=|| view! { <PasswordChangeRequired/> }>
                <Shell>
                    <Routes fallback=crate::pages::not_found::NotFoundPage>
                        <Route path=path!("/") view=move || {
                            let home = if crate::pages::approvals::starts_on_inbox(app) { "/approvals" } else { "/catalog" };
                            view! { <Redirect path=home/> }
                        }/>
                        <Route path=path!("/catalog") view=CatalogPage/>
                        <Route path=path!("/catalog/import") view={Lazy::<lazy::ImportRoute>::new()}/>
                        <Route path=path!("/catalog/item/:id") view=crate::pages::catalog::detail::ItemDetailPage/>
                        <Route path=path!("/cart") view=CartPage/>
                        <Route path=path!("/requisitions") view=RequisitionsPage/>
                        <Route path=path!("/requisitions/new/:cart") view=NewRequisitionPage/>
                        <Route path=path!("/requisitions/:id") view=RequisitionDetailPage/>
                        <Route path=path!("/approvals") view=ApprovalsPage/>
                        <Route path=path!("/policy") view={Lazy::<lazy::PolicyRoute>::new()}/>
                        <Route path=path!("/orders") view=OrdersPage/>
                        <Route path=path!("/spend") view={Lazy::<lazy::SpendRoute>::new()}/>
                        <Route path=path!("/stock") view={Lazy::<lazy::StockRoute>::new()}/>
                        <Route path=path!("/invoices") view={Lazy::<lazy::InvoicesRoute>::new()}/>
                        <Route path=path!("/invoices/new") view={Lazy::<lazy::NewInvoiceRoute>::new()}/>
                        <Route path=path!("/invoices/:id") view={Lazy::<lazy::InvoiceDetailRoute>::new()}/>
                        <Route path=path!("/orders/:id") view=OrderDetailPage/>
                        <Route path=path!("/orders/:id/receive") view={Lazy::<lazy::ReceiveRoute>::new()}/>
                        <Route path=path!("/orders/:id/return") view={Lazy::<lazy::NewReturnRoute>::new()}/>
                        <Route path=path!("/returns") view={Lazy::<lazy::ReturnsRoute>::new()}/>
                        <Route path=path!("/contracts") view={Lazy::<lazy::ContractsRoute>::new()}/>
                        <Route path=path!("/contracts/new") view={Lazy::<lazy::ContractRoute>::new()}/>
                        <Route path=path!("/contracts/:id") view={Lazy::<lazy::ContractRoute>::new()}/>
                        <Route path=path!("/suppliers") view={Lazy::<lazy::SuppliersRoute>::new()}/>
                        <Route path=path!("/suppliers/selections") view={Lazy::<lazy::SelectionsRoute>::new()}/>
                        <Route path=path!("/suppliers/selections/:id") view={Lazy::<lazy::SelectionRoute>::new()}/>
                        <Route path=path!("/suppliers/:id") view={Lazy::<lazy::SupplierDetailRoute>::new()}/>
                        <Route path=path!("/settings") view={Lazy::<lazy::SettingsRoute>::new()}/>
                    </Routes>
                </Shell>
                </Show>
            </Show>
        </Router>
    }
}

/// Opens IndexedDB, shows what the device holds, and pulls changes when logged in and online.
async fn open_device_storage(app: AppState) {
    match LocalDb::open(move || app.storage.set(StorageStatus::BlockedByOtherTab)).await {
        Ok(db) => {
            // A newer tab wants to upgrade the schema: step aside instead of blocking it.
            db.on_version_change(move || {
                close_local_db();
                // No database, no syncing: let a tab of the new version lead.
                app.sync_leader.set(false);
                crate::sync::tabs::step_down();
                app.storage.set(StorageStatus::Outdated);
            });
            set_local_db(db.clone());
            load_from_device(app, &db).await;
            app.storage.set(StorageStatus::Ready);
            crate::sync::records::start(app);
            // Log outs queued while offline go now (and are retried while some wait).
            crate::session::start();
            app.persisted
                .set(crate::device::request_persistence().await);
            // The leading tab pulls the catalog on start (see `sync::records::start`); other
            // tabs show what it stores and can still sync on request.
        }
        Err(e) => app.storage.set(StorageStatus::Failed(e.to_string())),
    }
}

/// Keeps `online` in step with the browser's `online`/`offline` events.
fn watch_connectivity(app: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    for (event, online) in [("online", true), ("offline", false)] {
        let handler = Closure::<dyn Fn()>::new(move || {
            app.online.set(online);
            if online {
                // Back online: queued changes go out now, not at the next period, and so do
                // log outs that could not reach the hub.
                crate::sync::records::kick();
                spawn_local(crate::session::send_pending_logouts());
            }
        });
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        // The listeners live as long as the page.
        handler.forget();
    }
}

#[component]
fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let nav = [
        ("/catalog", Msg::NavCatalog),
        ("/cart", Msg::NavCart),
        ("/requisitions", Msg::NavRequisitions),
        ("/approvals", Msg::NavApprovals),
        ("/orders", Msg::NavOrders),
        ("/returns", Msg::NavReturns),
        ("/contracts", Msg::NavContracts),
        ("/stock", Msg::NavStock),
        ("/invoices", Msg::NavInvoices),
        ("/suppliers", Msg::NavSuppliers),
        ("/policy", Msg::NavPolicy),
        ("/settings", Msg::NavSettings),
    ];
    let waiting = crate::pages::approvals::use_waiting_count();
    view! {
        <div class="shell">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"P"</span>
                    <span class="name">"Procura"</span>
                </div>
                <ConnectionBadge/>
                <crate::pages::sync_status::SyncIndicator/>
                <div class="topbar-actions">
                    <LanguageSwitch/>
                    <span class="user" data-content="user" title=move || i18n.t(Msg::SignedInAs)>
                        {move || app.session.with(|s| s.as_ref().map(|s| s.user.display_name.clone()))}
                    </span>
                    <button class="link-button" on:click=move |_| log_out_checked(app, i18n)>{move || i18n.t(Msg::LogOut)}</button>
                </div>
            </header>
            <nav class="sidenav" aria-label=move || i18n.t(Msg::MainNav)>
                {nav.into_iter().map(|(href, msg)| {
                    // Invoices only for the roles that work with them, returns for the people who
                    // receive and return goods (reactive: a log in as someone else changes it).
                    let shown = move || match href {
                        "/invoices" => crate::pages::invoices::sees_invoices(app),
                        "/returns" => crate::pages::orders::is_buyer(app),
                        "/contracts" => crate::pages::contracts::sees_contracts(app),
                        _ => true,
                    };
                    move || shown().then(|| view! {
                        <A href=href>
                            {move || i18n.t(msg)}
                            {(href == "/approvals").then_some(move || (waiting.get() > 0).then(|| view! {
                                <span class="nav-count" data-testid="approvals-count"
                                    title=move || waiting_title(i18n.lang(), waiting.get())>{waiting.get()}</span>
                            }))}
                        </A>
                    })
                }).collect_view()}
            </nav>
            <StorageBanner/>
            <UpdateBanner/>
            <main class="content">{children()}</main>
        </div>
    }
}

/// "2 requisitions wait for your decision" (the tooltip of the count on the Approvals tab).
fn waiting_title(lang: Lang, n: usize) -> String {
    use crate::i18n::plural::{form, Form};
    match (lang, form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("{n} requisition waits for your decision"),
        (Lang::En, _) => format!("{n} requisitions wait for your decision"),
        (Lang::ZhCn, _) => format!("{n} 份采购申请待您审批"),
    }
}

/// Logs out, first asking when this user's changes have not reached the endpoint yet (they stay
/// queued on the device and go when the same user logs in again). The session ends at the hub
/// and the organisation's records leave the device (`session.rs`).
pub fn log_out_checked(app: AppState, i18n: I18n) {
    let pending = app.work.with_untracked(|w| w.pending.len());
    if pending > 0 {
        let question = Msg::log_out_with_pending(i18n.lang(), pending);
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(true);
        if !confirmed {
            return;
        }
    }
    crate::session::log_out(app);
}

#[component]
fn ConnectionBadge() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let state = move || match (app.online.get(), app.reachable.get()) {
        (false, _) => ("offline", Msg::Offline),
        (true, false) => ("unreachable", Msg::EndpointUnreachable),
        (true, true) => ("online", Msg::Online),
    };
    view! {
        <span class=move || format!("connection {}", state().0) role="status" data-testid="connection">
            <span class="dot" aria-hidden="true"></span>
            {move || i18n.t(state().1)}
        </span>
    }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{move || i18n.t(Msg::Language)}</span>
            <select
                data-testid="language"
                prop:value=move || i18n.lang().tag()
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        i18n.0.set(lang);
                    }
                }
            >
                <option value="en" lang="en" translate="no">"English"</option>
                <option value="zh-CN">"简体中文"</option>
            </select>
        </label>
    }
}

#[component]
fn StorageBanner() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    move || {
        match app.storage.get() {
        StorageStatus::Failed(reason) => Some(
            view! { <div class="banner error" role="alert">{i18n.t(Msg::StorageUnavailable)} " (" {reason} ")"</div> }
                .into_any(),
        ),
        StorageStatus::BlockedByOtherTab => Some(
            view! { <div class="banner warn" role="alert">{i18n.t(Msg::StorageBlocked)}</div> }.into_any(),
        ),
        StorageStatus::Outdated => Some(
            view! {
                <div class="banner warn" role="alert">
                    {i18n.t(Msg::StorageOutdated)} " "
                    <button on:click=reload>{i18n.t(Msg::Reload)}</button>
                </div>
            }
            .into_any(),
        ),
        StorageStatus::Opening | StorageStatus::Ready => None,
    }
    }
}

/// Offers the new app version the service worker has downloaded; applying it reloads the page.
#[component]
fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let available = RwSignal::new(false);
    if let Some(window) = web_sys::window() {
        let handler = Closure::<dyn Fn()>::new(move || available.set(true));
        let _ = window.add_event_listener_with_callback(
            "procura-update-available",
            handler.as_ref().unchecked_ref(),
        );
        handler.forget();
    }
    let apply = |_| {
        let apply = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"procuraApplyUpdate".into()).ok());
        if let Some(function) = apply.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            let _ = function.call0(&JsValue::NULL);
        }
    };
    move || {
        available.get().then(|| {
            view! {
                <div class="banner info" role="status">
                    {i18n.t(Msg::NewVersion)} " "
                    <button on:click=apply>{i18n.t(Msg::Reload)}</button>
                </div>
            }
        })
    }
}
