//! App-wide state, provided as context at the root: who is logged in, what the device holds,
//! whether the endpoint answers, and how the last sync went.

use crate::catalog::LocalCatalog;
use crate::storage::LocalDb;
use crate::sync::records::{RecordSyncStatus, WorkView};
use leptos::prelude::*;
use procura_catalog::search::ConvertedPrices;
use procura_ground::currency::Rates;
use procura_sync::api::{LoginResponse, Marketplace, Supplier};
use procura_sync::sync::Record;
use std::cell::RefCell;
use std::sync::Arc;

const SESSION_KEY: &str = "procura.session";
const LANG_KEY: &str = "procura.lang";
const LAST_SYNC_KEY: &str = "procura.last_sync";
/// This device's own rates (for currencies the organisation has none for; display only).
const DEVICE_RATES_KEY: &str = "procura.device_rates";
/// Where a device kept its whole rate table before the organisation's became the one used.
const OLD_RATES_KEY: &str = "procura.rates";

#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    Idle,
    Running {
        fraction: f64,
        stored: u64,
    },
    Done {
        stored: u64,
    },
    Failed(String),
    /// The device's stored catalog cannot be read (said in the user's language).
    StorageCorrupt,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageStatus {
    Opening,
    /// Another tab holds the database at an older schema version; opening waits for it.
    BlockedByOtherTab,
    Ready,
    /// Another tab upgraded the schema: this tab closed its connection and must reload.
    Outdated,
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Option<LoginResponse>>,
    /// The browser believes it has a network (`navigator.onLine`).
    pub online: RwSignal<bool>,
    /// The last call to the endpoint got an answer.
    pub reachable: RwSignal<bool>,
    pub catalog: RwSignal<Arc<LocalCatalog>>,
    pub suppliers: RwSignal<Vec<Supplier>>,
    /// The endpoint's marketplaces: who manages their sellers' content.
    pub marketplaces: RwSignal<Vec<Marketplace>>,
    pub sync: RwSignal<SyncStatus>,
    /// When the last sync finished, as the browser's locale shows it.
    /// When the catalog was last synced (ms since the epoch), shown in the UI language.
    pub last_sync: RwSignal<Option<i64>>,
    pub storage: RwSignal<StorageStatus>,
    /// The browser's answer to "keep this data under storage pressure" (`None`: not asked yet
    /// or no Storage API).
    pub persisted: RwSignal<Option<bool>>,
    /// The organisation's exchange rates, from the synced policy (`None` until it is on the
    /// device): the one table comparisons, price sorting, carts and requisitions use.
    pub org_rates: Memo<Option<Rates>>,
    /// The catalog's prices converted with the organisation's rates, once per catalog and rate
    /// change (what price sorting and price bands read).
    pub prices: Memo<Option<Arc<ConvertedPrices>>>,
    /// This device's own rates for currencies the organisation has none for (Settings): only
    /// for showing a price converted, marked as this device's, never to compare or total.
    pub device_rates: RwSignal<Rates>,
    /// The organisation's records as this device shows them, its queued changes, refusals.
    pub work: RwSignal<Arc<WorkView>>,
    pub record_sync: RwSignal<RecordSyncStatus>,
    /// This tab leads sync (holds the sync lock).
    pub sync_leader: RwSignal<bool>,
}

thread_local! {
    /// The open database. Browser handles are not `Send`, so it lives here rather than in a signal.
    static DB: RefCell<Option<LocalDb>> = const { RefCell::new(None) };
}

pub fn local_db() -> Option<LocalDb> {
    DB.with(|db| db.borrow().clone())
}

pub fn set_local_db(db: LocalDb) {
    DB.with(|slot| *slot.borrow_mut() = Some(db));
}

/// Closes the database connection (another tab needs to upgrade it).
pub fn close_local_db() {
    if let Some(db) = DB.with(|slot| slot.borrow_mut().take()) {
        db.close();
    }
}

impl AppState {
    pub fn new() -> Self {
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        let work = RwSignal::new(Arc::new(WorkView::default()));
        let catalog = RwSignal::new(Arc::new(LocalCatalog::default()));
        let org_rates = Memo::new(move |_| {
            work.with(|w| {
                w.records.values().find_map(|r| match r {
                    Record::Policy(p) => p.exchange_rates(),
                    _ => None,
                })
            })
        });
        let prices = Memo::new(move |_| {
            org_rates.with(|rates| {
                let rates = rates.as_ref()?;
                Some(catalog.with(|c| Arc::new(ConvertedPrices::new(&c.items, rates))))
            })
        });
        Self {
            session: RwSignal::new(read_json(SESSION_KEY)),
            online: RwSignal::new(online),
            reachable: RwSignal::new(true),
            catalog,
            suppliers: RwSignal::new(Vec::new()),
            marketplaces: RwSignal::new(Vec::new()),
            sync: RwSignal::new(SyncStatus::Idle),
            last_sync: RwSignal::new(
                local_storage()
                    .and_then(|s| s.get_item(LAST_SYNC_KEY).ok().flatten())
                    // Older versions stored the browser's text; that is dropped.
                    .and_then(|t| t.parse::<i64>().ok()),
            ),
            storage: RwSignal::new(StorageStatus::Opening),
            persisted: RwSignal::new(None),
            org_rates,
            prices,
            device_rates: RwSignal::new(read_device_rates()),
            work,
            record_sync: RwSignal::new(RecordSyncStatus::Idle),
            sync_leader: RwSignal::new(false),
        }
    }

    pub fn log_in(&self, session: LoginResponse) {
        write_json(SESSION_KEY, &session);
        self.session.set(Some(session));
    }

    pub fn log_out(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(SESSION_KEY);
        }
        self.session.set(None);
    }

    /// Changes the stored session (the user's flags after a password change).
    pub fn update_session(&self, change: impl FnOnce(&mut LoginResponse)) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        change(&mut session);
        write_json(SESSION_KEY, &session);
        self.session.set(Some(session));
    }

    /// Someone is logged in and may use the hub (no password change is owed first).
    pub fn can_sync(&self) -> bool {
        self.session
            .with_untracked(|s| s.as_ref().is_some_and(|s| !s.user.must_change_password))
    }

    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    pub fn set_device_rates(&self, rates: Rates) {
        write_json(DEVICE_RATES_KEY, &rates);
        self.device_rates.set(rates);
    }

    pub fn mark_synced(&self) {
        let now = js_sys::Date::now() as i64;
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(LAST_SYNC_KEY, &now.to_string());
        }
        self.last_sync.set(Some(now));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The session as stored for every tab (another tab may have logged out or in).
pub fn stored_session() -> Option<LoginResponse> {
    read_json(SESSION_KEY)
}

/// The `localStorage` key of the session: a `storage` event under it means another tab logged
/// in or out.
pub fn is_session_key(key: &str) -> bool {
    key == SESSION_KEY
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

pub fn saved_lang() -> Option<procura_catalog::catalog::Lang> {
    let tag = local_storage()?.get_item(LANG_KEY).ok().flatten()?;
    procura_catalog::catalog::Lang::from_tag(&tag)
}

pub fn save_lang(lang: procura_catalog::catalog::Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// This device's own rates. A table from before (the whole table, prefilled with example rates)
/// moves over once: the examples go, the buyer's own entries stay as this device's additions.
/// A stored table is validated as it loads; a damaged one counts as none.
fn read_device_rates() -> Rates {
    let empty = || Rates::new("CNY").expect("CNY is a currency");
    if let Some(rates) = read_json::<Rates>(DEVICE_RATES_KEY) {
        return rates;
    }
    let Some(old) = local_storage().and_then(|s| s.get_item(OLD_RATES_KEY).ok().flatten()) else {
        return empty();
    };
    let moved = serde_json::from_str::<Rates>(&old)
        .map(Rates::without_examples)
        .unwrap_or_else(|_| empty());
    write_json(DEVICE_RATES_KEY, &moved);
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(OLD_RATES_KEY);
    }
    moved
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&local_storage()?.get_item(key).ok()??).ok()
}

fn write_json<T: serde::Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &json);
    }
}
