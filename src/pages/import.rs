//! Buyer-managed content: importing a supplier's catalog file (CSV, BMEcat, Peppol, JSON).
//!
//! The steps: pick the supplier and the file → (CSV only) map columns with a preview → check:
//! the core parses the whole file in the import worker (off the page's thread, with progress and
//! a cancel that ends the worker) and lists every error → import: one IndexedDB transaction
//! with progress, which a cancel or a failure rolls back, so the previous catalog stays intact.
//! When only some items have errors, the buyer chooses: import the valid items and skip the
//! others (named in the report, and for CSV downloadable as rows to fix), or import nothing.

pub(crate) mod file;
mod mapping;
mod worker;

use crate::i18n::import_issues::{self as texts, issue_text, kind_text};
use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::{local_db, use_app, AppState};
use crate::storage::{ImportWriteError, WriteProgress};
use crate::sync::load_from_device;
use crate::ui::files::PickedFile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use mapping::MappingStep;
use procura_catalog::catalog::LocalizedText;
use procura_catalog::import::csv::{self, ColumnMapping, CsvPreview};
use procura_catalog::import::encoding::{detect_encoding, strip_bom};
use procura_catalog::import::job::CheckJob;
use procura_catalog::import::ImportSummary;
use procura_catalog::import::{
    detect_format, plan_import, CatalogAction, FileFormat, ImportFailure, ImportIssue,
    ImportLimits, ImportedCatalog, IssueKind,
};
use procura_sync::api::{ContentManager, Role, Supplier};
use std::sync::Arc;
use worker::{Progress, WorkerError};

#[derive(Clone)]
enum Stage {
    Choose,
    /// CSV: columns are being mapped.
    Mapping,
    /// The import worker is reading the whole file.
    Checking,
    Checked(Arc<Result<ImportedCatalog, ImportFailure>>),
    /// The file withdraws the supplier's catalog: the buyer confirms before anything is written.
    ConfirmWithdraw(Arc<Result<ImportedCatalog, ImportFailure>>),
    Writing(WriteProgress),
    Done(Done),
}

/// What an import did, and for a partial import what it left out.
#[derive(Clone)]
struct Done {
    summary: ImportSummary,
    /// The check's outcome when items were skipped: its errors are the report, its skipped
    /// records the rows to fix.
    skipped: Option<Arc<Result<ImportedCatalog, ImportFailure>>>,
}

/// What stopped a step, said in the current language when shown.
#[derive(Clone)]
enum PageError {
    Msg(Msg),
    Issue(IssueKind),
    /// A storage failure, as the browser reported it.
    Text(String),
}

impl PageError {
    fn text(&self, lang: Lang) -> String {
        match self {
            PageError::Msg(m) => m.text(lang).to_owned(),
            PageError::Issue(kind) => kind_text(kind, lang),
            PageError::Text(t) => t.clone(),
        }
    }
}

/// Everything the steps share. The app state is held here because the async steps run outside
/// the component tree, where context cannot be looked up.
#[derive(Clone, Copy)]
struct ImportState {
    app: AppState,
    stage: RwSignal<Stage>,
    /// The supplier to import into: a buyer-managed supplier's id, or empty for a new one.
    target: RwSignal<String>,
    new_name: RwSignal<String>,
    new_currency: RwSignal<String>,
    file: RwSignal<Option<Arc<PickedFile>>>,
    format: RwSignal<Option<FileFormat>>,
    /// CSV: the encoding label the text was decoded with, the text, its preview and mapping.
    encoding: RwSignal<String>,
    text: RwSignal<Arc<String>>,
    preview: RwSignal<Option<Arc<CsvPreview>>>,
    mapping: RwSignal<ColumnMapping>,
    /// How far the running check has come.
    progress: RwSignal<Option<Progress>>,
    cancel: RwSignal<bool>,
    error: RwSignal<Option<PageError>>,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let may_import = move || {
        app.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.has_role(Role::Buyer) || s.user.has_role(Role::Admin))
        })
    };
    let state = ImportState {
        app,
        stage: RwSignal::new(Stage::Choose),
        target: RwSignal::new(String::new()),
        new_name: RwSignal::new(String::new()),
        new_currency: RwSignal::new("CNY".into()),
        file: RwSignal::new(None),
        format: RwSignal::new(None),
        encoding: RwSignal::new("utf-8".into()),
        text: RwSignal::new(Arc::new(String::new())),
        preview: RwSignal::new(None),
        mapping: RwSignal::new(ColumnMapping::default()),
        progress: RwSignal::new(None),
        cancel: RwSignal::new(false),
        error: RwSignal::new(None),
    };
    // The worker lives while the page is open.
    on_cleanup(worker::cancel);

    view! {
        <section class="page import">
            <div class="page-head">
                <h1>{move || i18n.t(Msg::ImportFile)}</h1>
                <A href="/catalog" attr:class="button">{move || i18n.t(Msg::BackToCatalog)}</A>
            </div>
            <p class="muted">{move || i18n.t(Msg::ImportIntro)}</p>
            <Show when=may_import fallback=move || view! { <p class="notice">{move || i18n.t(Msg::ImportNeedsRole)}</p> }>
                {move || state.error.get().map(|e| view! { <p class="notice error" data-testid="import-error">{move || e.text(i18n.lang())}</p> })}
                {move || match state.stage.get() {
                    Stage::Choose => view! { <ChooseStep state/> }.into_any(),
                    Stage::Mapping => view! { <MappingStep mapping=state.mapping preview=state.preview encoding=state.encoding
                        on_encoding=move |label: String| decode_csv(state, &label)
                        on_check=move || check(state) on_back=move || reset(state)/> }.into_any(),
                    Stage::Checking => view! { <CheckingStep state/> }.into_any(),
                    Stage::Checked(outcome) => view! { <CheckedStep state outcome/> }.into_any(),
                    Stage::ConfirmWithdraw(outcome) => view! { <WithdrawStep state outcome/> }.into_any(),
                    Stage::Writing(progress) => view! { <WritingStep state progress/> }.into_any(),
                    Stage::Done(done) => view! { <DoneStep state done/> }.into_any(),
                }}
            </Show>
        </section>
    }
}

/// Buyer-managed suppliers on the device: the ones an import may write into.
fn local_suppliers(list: &[Supplier]) -> Vec<Supplier> {
    list.iter()
        .filter(|s| s.managed_by == ContentManager::Buyer)
        .cloned()
        .collect()
}

/// The organisation's suppliers whose catalog comes from the hub (their own feed or a
/// marketplace's). Listed so the buyer finds them, but not chosen: the feed is the catalog on
/// every device, and a pull only applies the feed's changes since its cursor, so a file written
/// here would silently differ from the other devices until the feed touched (or a cursor reset
/// wiped) those items.
fn feed_suppliers(list: &[Supplier]) -> Vec<Supplier> {
    list.iter()
        .filter(|s| s.managed_by != ContentManager::Buyer)
        .cloned()
        .collect()
}

/// How many items of supplier `id` the device holds (0 for a supplier not yet on it).
fn held_items(state: ImportState, id: &str) -> u64 {
    state.app.suppliers.with_untracked(|list| {
        list.iter()
            .find(|s| s.id.as_str() == id)
            .map_or(0, |s| s.item_count)
    })
}

/// Shows a checked file: a withdrawal first asks the buyer (or, when nothing of the supplier is
/// held, says so as the plan would); everything else goes to the check step.
fn show_checked(state: ImportState, outcome: Result<ImportedCatalog, ImportFailure>) {
    let withdraws = matches!(&outcome, Ok(c) if c.action == CatalogAction::Withdraw);
    let Some(supplier) = target_supplier(state).filter(|_| withdraws) else {
        return state.stage.set(Stage::Checked(Arc::new(outcome)));
    };
    if held_items(state, supplier.id.as_str()) == 0 {
        if let Ok(catalog) = &outcome {
            let refused = plan_import(supplier.id.as_str(), &[], catalog).map(|_| catalog.clone());
            return state.stage.set(Stage::Checked(Arc::new(refused)));
        }
    }
    state.stage.set(Stage::ConfirmWithdraw(Arc::new(outcome)));
}

/// The supplier record the import writes into.
fn target_supplier(state: ImportState) -> Option<Supplier> {
    let app = state.app;
    let target = state.target.get_untracked();
    if !target.is_empty() {
        return app
            .suppliers
            .with_untracked(|list| list.iter().find(|s| s.id == target).cloned());
    }
    let name = state.new_name.get_untracked().trim().to_owned();
    if name.is_empty() {
        return None;
    }
    let is_zh = !name.is_ascii();
    Some(Supplier {
        id: local_supplier_id(&name).into(),
        name: if is_zh {
            LocalizedText::new("", name)
        } else {
            LocalizedText::new(name, "")
        },
        currency: state.new_currency.get_untracked(),
        item_count: 0,
        managed_by: ContentManager::Buyer,
    })
}

/// `local-` and a slug of the name; names without ASCII letters get a stable hash instead.
fn local_supplier_id(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.len() >= 3 {
        format!("local-{slug}")
    } else {
        // FNV-1a: stable across sessions, so the same name finds the same supplier.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("local-{hash:016x}")
    }
}

fn reset(state: ImportState) {
    state.file.set(None);
    state.format.set(None);
    state.preview.set(None);
    state.error.set(None);
    state.stage.set(Stage::Choose);
}

const MAPPING_KEY: &str = "procura.csv-mapping.";

fn saved_mapping(supplier_id: &str) -> Option<ColumnMapping> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let json = storage
        .get_item(&format!("{MAPPING_KEY}{supplier_id}"))
        .ok()??;
    serde_json::from_str(&json).ok()
}

fn save_mapping(supplier_id: &str, mapping: &ColumnMapping) {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if let (Some(storage), Ok(json)) = (storage, serde_json::to_string(mapping)) {
        let _ = storage.set_item(&format!("{MAPPING_KEY}{supplier_id}"), &json);
    }
}

/// A file arrived: read it, recognise its format, and go on to mapping (CSV) or checking.
fn take_file(state: ImportState, picked: web_sys::File) {
    state.error.set(None);
    spawn_local(async move {
        let limits = ImportLimits::default();
        let picked = match crate::ui::files::read(picked, limits.max_bytes).await {
            Ok(p) => p,
            Err(kind) => return state.error.set(Some(PageError::Issue(kind))),
        };
        let Some(format) = detect_format(&picked.name, &picked.bytes) else {
            let file = picked.name.clone();
            return state
                .error
                .set(Some(PageError::Issue(IssueKind::UnknownFormat { file })));
        };
        let label = if format == FileFormat::Csv {
            detect_encoding(&picked.bytes).label().to_owned()
        } else {
            String::new()
        };
        state.file.set(Some(Arc::new(picked)));
        state.format.set(Some(format));
        if format == FileFormat::Csv {
            decode_csv(state, &label);
            if state.preview.with_untracked(Option::is_some) {
                state.stage.set(Stage::Mapping);
            }
        } else {
            check(state);
        }
    });
}

/// Decodes the CSV with `label` and refreshes the preview (the buyer may change the encoding).
fn decode_csv(state: ImportState, label: &str) {
    let Some(picked) = state.file.get_untracked() else {
        return;
    };
    state.encoding.set(label.to_owned());
    let text = match crate::ui::files::decode(&picked.bytes, label) {
        Ok(text) => strip_bom(&text).to_owned(),
        Err(kind) => return state.error.set(Some(PageError::Issue(kind))),
    };
    match csv::sniff(&text) {
        Ok(preview) => {
            let supplier_id = target_supplier(state).map(|s| s.id);
            let saved = supplier_id
                .as_ref()
                .map(|i| i.as_str())
                .and_then(saved_mapping);
            // A saved mapping is reused when every column it names is still in the file.
            let mut mapping = saved
                .filter(|m| mapping::columns_exist(m, &preview.headers))
                .unwrap_or_else(|| preview.suggest_mapping());
            // A file without a currency column is in the chosen supplier's currency.
            if mapping.currency.is_none() && mapping.fixed_currency.is_none() {
                mapping.fixed_currency = target_supplier(state)
                    .map(|s| s.currency)
                    .filter(|c| !c.is_empty());
            }
            state.mapping.set(mapping);
            state.preview.set(Some(Arc::new(preview)));
            state.text.set(Arc::new(text));
            state.error.set(None);
        }
        Err(failure) => state.stage.set(Stage::Checked(Arc::new(Err(failure)))),
    }
}

/// Parses the whole file in the core; shows every error, or what an import would do.
fn check(state: ImportState) {
    let (Some(picked), Some(format)) = (state.file.get_untracked(), state.format.get_untracked())
    else {
        return;
    };
    // XML and JSON files name their supplier: for a new supplier with no name typed, that name
    // is used.
    let named_by_file = format != FileFormat::Csv
        && state.target.with_untracked(String::is_empty)
        && state.new_name.with_untracked(|n| n.trim().is_empty());
    if !named_by_file && target_supplier(state).is_none() {
        return state
            .error
            .set(Some(PageError::Msg(Msg::ChooseSupplierFirst)));
    }
    state.error.set(None);
    state.progress.set(None);
    state.stage.set(Stage::Checking);
    spawn_local(async move {
        // Parsed under the supplier's id, or under a provisional one when the file names it.
        let supplier_id = if named_by_file {
            "local-unnamed".to_owned()
        } else {
            match target_supplier(state) {
                Some(supplier) => supplier.id.to_string(),
                None => return,
            }
        };
        let job = CheckJob {
            format,
            supplier_id,
            mapping: state.mapping.get_untracked(),
        };
        // A CSV file travels as the text the buyer saw in the preview, in the encoding chosen.
        let file = if format == FileFormat::Csv {
            state.text.with_untracked(|text| buffer_of(text.as_bytes()))
        } else {
            buffer_of(&picked.bytes)
        };
        let outcome = match worker::check(&job, file, |p| state.progress.set(Some(p))).await {
            Ok(outcome) => outcome,
            Err(e) => return check_failed(state, e),
        };
        if !named_by_file {
            return show_checked(state, outcome);
        }
        // Re-keyed to the supplier the file names.
        let outcome = match outcome {
            Ok(catalog) => match catalog.supplier_name.clone() {
                Some(name) => {
                    state.new_name.set(name);
                    let Some(supplier) = target_supplier(state) else {
                        return;
                    };
                    Ok(catalog.for_supplier(supplier.id.as_str()))
                }
                None => {
                    state.stage.set(Stage::Choose);
                    return state
                        .error
                        .set(Some(PageError::Msg(Msg::ChooseSupplierFirst)));
                }
            },
            // Errors do not depend on the supplier: show them.
            Err(failure) => Err(failure),
        };
        show_checked(state, outcome);
    });
}

/// A copy of `bytes` in a buffer of their own, to hand to the worker (the page keeps its copy:
/// the skipped rows and a second check read it).
fn buffer_of(bytes: &[u8]) -> js_sys::ArrayBuffer {
    js_sys::Uint8Array::from(bytes).buffer()
}

/// A check that has no outcome: after a cancel the page is already back at the start; a
/// worker that stopped or could not start is said so, and the buyer may try again.
fn check_failed(state: ImportState, error: WorkerError) {
    let msg = match error {
        WorkerError::Cancelled => return,
        WorkerError::Unavailable(detail) => {
            web_sys::console::warn_1(&format!("import worker unavailable: {detail}").into());
            Msg::CheckerUnavailable
        }
        WorkerError::Stopped(detail) => {
            web_sys::console::warn_1(&format!("import worker stopped: {detail}").into());
            Msg::CheckerStopped
        }
    };
    state.stage.set(Stage::Choose);
    state.error.set(Some(PageError::Msg(msg)));
}

/// Cancels a check: the worker is ended mid-parse, nothing was written, the page is back at
/// the start.
fn cancel_check(state: ImportState) {
    worker::cancel();
    reset(state);
    state.error.set(Some(PageError::Msg(Msg::CheckCancelled)));
}

/// The catalog a checked file imports: all of it, or, when the buyer chose so, its valid part.
fn importable(outcome: &Result<ImportedCatalog, ImportFailure>) -> Option<&ImportedCatalog> {
    match outcome {
        Ok(catalog) => Some(catalog),
        Err(failure) => failure.partial.as_deref(),
    }
}

/// Writes a checked catalog (`checked`, or its valid part) in one transaction, with progress
/// and a cancel; a cancel or a failure returns to the check.
fn write(state: ImportState, checked: Arc<Result<ImportedCatalog, ImportFailure>>) {
    let app = state.app;
    let (Some(db), Some(supplier)) = (local_db(), target_supplier(state)) else {
        return;
    };
    let Some(imported) = importable(&checked).cloned() else {
        return;
    };
    let partial = checked.is_err();
    state.cancel.set(false);
    spawn_local(async move {
        let outcome = db
            .apply_import(
                &supplier,
                &imported,
                |p| state.stage.set(Stage::Writing(p)),
                || state.cancel.get_untracked(),
            )
            .await;
        match outcome {
            Ok(summary) => {
                if state.format.get_untracked() == Some(FileFormat::Csv) {
                    state
                        .mapping
                        .with_untracked(|m| save_mapping(supplier.id.as_str(), m));
                }
                state.target.set(supplier.id.to_string());
                load_from_device(app, &db).await;
                crate::sync::tabs::announce(crate::sync::tabs::TabMessage::Catalog);
                let skipped = partial.then(|| checked.clone());
                state.stage.set(Stage::Done(Done { summary, skipped }));
            }
            Err(ImportWriteError::Refused(failure)) => {
                state.stage.set(Stage::Checked(Arc::new(Err(failure))));
            }
            Err(e) => {
                let error = match e {
                    ImportWriteError::Cancelled => PageError::Msg(Msg::ImportCancelled),
                    ImportWriteError::Storage(crate::storage::StorageError::Corrupt(_)) => {
                        PageError::Msg(Msg::StorageCorrupt)
                    }
                    e => PageError::Text(e.to_string()),
                };
                state.error.set(Some(error));
                state.stage.set(Stage::Checked(checked.clone()));
            }
        }
    });
}

#[component]
fn ChooseStep(state: ImportState) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let dragging = RwSignal::new(false);
    let locals = Memo::new(move |_| app.suppliers.with(|s| local_suppliers(s)));
    let feeds = Memo::new(move |_| app.suppliers.with(|s| feed_suppliers(s)));
    let chosen_currency = move || {
        let target = state.target.get();
        app.suppliers.with(|list| {
            list.iter()
                .find(|s| !target.is_empty() && s.id.as_str() == target)
                .map(|s| s.currency.clone())
        })
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            take_file(state, file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(state, file);
        }
    };
    view! {
        <div class="import-choose">
            <fieldset class="import-target">
                <legend>{move || i18n.t(Msg::ImportInto)}</legend>
                <select data-testid="import-target" aria-label=move || i18n.t(Msg::ImportInto) prop:value=state.target
                    on:change=move |ev| state.target.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(Msg::NewSupplier)}</option>
                    <Show when=move || locals.with(|l| !l.is_empty())>
                        <optgroup label=move || i18n.t(Msg::ImportedSuppliers)>
                            {move || locals.get().into_iter().map(|s| view! {
                                <option value=s.id.to_string()>{s.name.get(i18n.lang()).to_owned()}</option>
                            }).collect_view()}
                        </optgroup>
                    </Show>
                    <Show when=move || feeds.with(|l| !l.is_empty())>
                        <optgroup label=move || i18n.t(Msg::FeedSuppliers)>
                            {move || feeds.get().into_iter().map(|s| view! {
                                <option value=s.id.to_string() disabled=true>{s.name.get(i18n.lang()).to_owned()}</option>
                            }).collect_view()}
                        </optgroup>
                    </Show>
                </select>
                {move || chosen_currency().map(|c| view! {
                    <p class="muted" data-testid="import-target-currency">{move || Msg::import_supplier_currency(i18n.lang(), &c)}</p>
                })}
                <Show when=move || state.target.with(String::is_empty)>
                    <input type="text" data-testid="new-supplier-name" placeholder=move || i18n.t(Msg::SupplierName)
                        aria-label=move || i18n.t(Msg::SupplierName)
                        prop:value=state.new_name on:input=move |ev| state.new_name.set(event_target_value(&ev))/>
                    <select data-testid="new-supplier-currency" aria-label=move || i18n.t(Msg::Currency) prop:value=state.new_currency
                        on:change=move |ev| state.new_currency.set(event_target_value(&ev))>
                        {mapping::CURRENCIES.iter().map(|c| view! { <option value=*c>{*c}</option> }).collect_view()}
                    </select>
                </Show>
                <Show when=move || feeds.with(|l| !l.is_empty())>
                    <p class="muted" data-testid="feed-suppliers-note">{move || i18n.t(Msg::FeedSuppliersNote)}</p>
                </Show>
            </fieldset>
            <label class="drop-zone" class:dragging=dragging data-testid="drop-zone"
                on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <strong>{move || i18n.t(Msg::DropFile)}</strong>
                <span class="muted">{move || i18n.t(Msg::Formats)}</span>
                <input type="file" data-testid="import-file" accept=".csv,.txt,.xml,.json,text/csv,application/xml,application/json"
                    on:change=on_pick/>
            </label>
        </div>
    }
}

#[component]
fn CheckedStep(
    state: ImportState,
    outcome: Arc<Result<ImportedCatalog, ImportFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (items, issues, ok): (usize, Vec<ImportIssue>, bool) = match outcome.as_ref() {
        Ok(c) => (c.items.len(), c.warnings.clone(), true),
        Err(f) => (0, f.errors.clone(), false),
    };
    // Some items have errors, the rest can be imported: (valid items, skipped records).
    let partial = match outcome.as_ref() {
        Err(f) => f
            .partial
            .as_deref()
            .map(|p| (p.items.len(), p.skipped.len())),
        Ok(_) => None,
    };
    let is_csv = state.format.get_untracked() == Some(FileFormat::Csv);
    let report = issues.clone();
    let shown: Vec<ImportIssue> = issues.iter().take(200).cloned().collect();
    let more = issues.len().saturating_sub(shown.len());
    let file_name = state
        .file
        .with_untracked(|f| f.as_ref().map(|f| f.name.clone()).unwrap_or_default());
    let count = issues.len();
    let summary = move || {
        let lang = i18n.lang();
        if ok {
            format!(
                "{file_name}: {} · {}",
                texts::items_ready(lang, items),
                texts::warnings(lang, count)
            )
        } else {
            format!(
                "{file_name}: {} · {}",
                i18n.t(Msg::NotImported),
                texts::errors(lang, count)
            )
        }
    };
    let outcome_for_write = outcome.clone();
    let outcome_for_partial = outcome.clone();
    let outcome_for_rows = outcome.clone();
    let no_rate = missing_rates(state, outcome.as_ref());
    view! {
        <div class="import-checked">
            <p class=if ok { "notice" } else { "notice error" } data-testid="check-summary">{summary}</p>
            {partial.map(|(valid, skipped)| view! {
                <p class="notice warn" role="status" data-testid="partial-offer">
                    {move || texts::partial_offer(i18n.lang(), valid, skipped)}
                </p>
            })}
            {no_rate.into_iter().map(|(currency, n)| (currency.clone(), currency, n)).map(|(attr, currency, n)| view! {
                <p class="notice warn" role="status" data-testid="import-no-rate" data-currency=attr>
                    {move || Msg::import_no_rate(i18n.lang(), &currency, n)}
                </p>
            }).collect_view()}
            <div class="actions">
                {ok.then(|| view! {
                    <button class="primary" data-testid="import-confirm"
                        on:click=move |_| write(state, outcome_for_write.clone())>
                        {move || i18n.t(Msg::ImportNow)}
                    </button>
                })}
                {partial.map(|(valid, skipped)| view! {
                    <button class="primary" data-testid="import-partial"
                        on:click=move |_| write(state, outcome_for_partial.clone())>
                        {move || texts::import_valid(i18n.lang(), valid, skipped)}
                    </button>
                    <button data-testid="import-nothing" on:click=move |_| reset(state)>
                        {move || i18n.t(Msg::ImportNothing)}
                    </button>
                })}
                {(!report.is_empty()).then(|| view! {
                    <button data-testid="download-report" on:click=move |_| {
                        let _ = crate::ui::files::download("import-report.csv", "text/csv;charset=utf-8", &file::report_csv(&report, i18n.lang()));
                    }>{move || i18n.t(Msg::DownloadReport)}</button>
                })}
                {(is_csv && partial.is_some()).then(|| view! {
                    <button data-testid="download-skipped" on:click=move |_| download_skipped(state, &outcome_for_rows)>
                        {move || i18n.t(Msg::DownloadSkippedRows)}
                    </button>
                })}
                {partial.is_none().then(|| view! {
                    <button on:click=move |_| reset(state)>{move || i18n.t(Msg::ChooseAnotherFile)}</button>
                })}
                {is_csv.then(|| view! {
                    <button on:click=move |_| state.stage.set(Stage::Mapping)>{move || i18n.t(Msg::EditMapping)}</button>
                })}
            </div>
            {(is_csv && partial.is_some()).then(|| view! {
                <p class="muted">{move || i18n.t(Msg::SkippedRowsHint)}</p>
            })}
            {(!shown.is_empty()).then(|| view! {
                <table class="data issues stack" data-testid="import-issues">
                    <thead><tr>
                        <th>{move || i18n.t(Msg::Line)}</th>
                        <th>{move || i18n.t(Msg::Where)}</th>
                        <th>{move || i18n.t(Msg::Article)}</th>
                        <th>{move || i18n.t(Msg::Problem)}</th>
                    </tr></thead>
                    <tbody>
                        {shown.into_iter().map(|issue| {
                            let class = if issue.severity == procura_catalog::import::Severity::Error { "error" } else { "warning" };
                            let line = issue.location.line.map(|l| l.to_string());
                            let (path, sku) = (issue.location.path.clone(), issue.sku.clone());
                            let code = issue.kind.code();
                            view! {
                                <tr class=class data-code=code>
                                    <td class="num" data-label=move || i18n.t(Msg::Line)>{line}</td>
                                    <td data-label=move || i18n.t(Msg::Where)>{move || texts::place(&path, i18n.lang())}</td>
                                    <td data-content="product" data-label=move || i18n.t(Msg::Article)>{sku}</td>
                                    <td class="wide" data-label=move || i18n.t(Msg::Problem)>{move || issue_text(&issue, i18n.lang())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {(more > 0).then(|| view! { <p class="muted">{move || texts::more_in_report(i18n.lang(), more)}</p> })}
            })}
        </div>
    }
}

/// The currencies of a checked file the organisation has no exchange rate for, with how many
/// items are in each (none before the policy is on the device: nothing to tell yet).
fn missing_rates(
    state: ImportState,
    outcome: &Result<ImportedCatalog, ImportFailure>,
) -> Vec<(String, usize)> {
    let Some(catalog) = importable(outcome) else {
        return Vec::new();
    };
    state.app.org_rates.with_untracked(|rates| {
        rates.as_ref().map_or_else(Vec::new, |r| {
            r.missing(catalog.items.iter().map(|i| i.currency.as_str()))
        })
    })
}

/// Asks before a file withdraws a supplier's whole catalog, naming the supplier and how many
/// items go. Withdrawing is then one all-or-nothing write like any import.
#[component]
fn WithdrawStep(
    state: ImportState,
    outcome: Arc<Result<ImportedCatalog, ImportFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = target_supplier(state);
    let count = supplier
        .as_ref()
        .map_or(0, |s| held_items(state, s.id.as_str()));
    let name = move || {
        supplier
            .as_ref()
            .map(|s| s.name.get(i18n.lang()).to_owned())
            .unwrap_or_default()
    };
    view! {
        <div class="confirm-box reject" role="alertdialog" aria-labelledby="withdraw-title" data-testid="withdraw-dialog">
            <h2 id="withdraw-title">{move || i18n.t(Msg::WithdrawTitle)}</h2>
            <p data-testid="withdraw-question">{move || Msg::withdraw_question(i18n.lang(), name(), count)}</p>
            <div class="row-actions">
                <button class="danger" data-testid="withdraw-confirm"
                    on:click=move |_| write(state, outcome.clone())>{move || i18n.t(Msg::WithdrawConfirm)}</button>
                <button data-testid="withdraw-keep" on:click=move |_| reset(state)>{move || i18n.t(Msg::KeepCatalog)}</button>
            </div>
        </div>
    }
}

/// The check in progress: what the worker has done so far, and a cancel.
#[component]
fn CheckingStep(state: ImportState) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let lang = i18n.lang();
        match state.progress.get() {
            None => i18n.t(Msg::CheckingFile).to_owned(),
            Some(Progress::Reading { bytes }) => {
                Msg::checking_bytes(lang, &texts::size(bytes, lang))
            }
            Some(
                Progress::Parsed { items, errors } | Progress::Receiving { items, errors, .. },
            ) => Msg::checked_items(lang, items, errors),
        }
    };
    // Indeterminate while the worker parses; how much of the answer has arrived after.
    let arrived = move || match state.progress.get() {
        Some(Progress::Receiving {
            received, items, ..
        }) => Some((received, items.max(1))),
        _ => None,
    };
    view! {
        <div class="import-writing">
            <p data-testid="import-checking" role="status">{text}</p>
            <progress data-testid="import-progress" aria-label=move || i18n.t(Msg::CheckingFile)
                max=move || arrived().map(|(_, n)| n.to_string()) value=move || arrived().map(|(r, _)| r.to_string())></progress>
            <button data-testid="check-cancel" on:click=move |_| cancel_check(state)>{move || i18n.t(Msg::Cancel)}</button>
        </div>
    }
}

#[component]
fn WritingStep(state: ImportState, progress: WriteProgress) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="import-writing">
            <p data-testid="import-progress-text">{move || i18n.t(Msg::Importing)} " " {progress.done} " / " {progress.total}</p>
            <progress data-testid="import-progress" max=progress.total.max(1).to_string() value=progress.done.to_string()></progress>
            <button data-testid="import-cancel" disabled=move || state.cancel.get()
                on:click=move |_| state.cancel.set(true)>{move || i18n.t(Msg::Cancel)}</button>
        </div>
    }
}

/// Offers the rows a partial import of a CSV file skipped, as the file wrote them, to fix and
/// import again.
fn download_skipped(state: ImportState, checked: &Result<ImportedCatalog, ImportFailure>) {
    let Some(partial) = importable(checked) else {
        return;
    };
    let lines: Vec<u64> = partial.skipped.iter().filter_map(|s| s.line).collect();
    let rows = state.text.with_untracked(|text| {
        state
            .mapping
            .with_untracked(|m| csv::rows_at(text, m, &lines))
    });
    let name = state.file.with_untracked(|f| {
        let name = f.as_ref().map_or("catalog.csv", |f| f.name.as_str());
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        format!("{stem}-skipped.csv")
    });
    let _ = crate::ui::files::download(&name, "text/csv;charset=utf-8", &format!("\u{FEFF}{rows}"));
}

#[component]
fn DoneStep(state: ImportState, done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let summary = done.summary;
    let skipped = done.skipped.as_ref().and_then(|checked| {
        let failure = checked.as_ref().as_ref().err()?;
        let n = failure.partial.as_ref().map_or(0, |p| p.skipped.len());
        Some((n, failure.errors.clone(), checked.clone()))
    });
    let is_csv = state.format.get_untracked() == Some(FileFormat::Csv);
    view! {
        <div class="import-done">
            <p class="notice" data-testid="import-done">
                {move || texts::imported(i18n.lang(), summary.added, summary.changed, summary.unchanged, summary.deleted)}
            </p>
            {skipped.map(|(n, report, checked)| view! {
                <p class="notice warn" role="status" data-testid="import-skipped">{move || texts::skipped_done(i18n.lang(), n)}</p>
                <div class="actions">
                    <button data-testid="download-report" on:click=move |_| {
                        let _ = crate::ui::files::download("import-report.csv", "text/csv;charset=utf-8", &file::report_csv(&report, i18n.lang()));
                    }>{move || i18n.t(Msg::DownloadReport)}</button>
                    {is_csv.then(|| view! {
                        <button data-testid="download-skipped" on:click=move |_| download_skipped(state, &checked)>
                            {move || i18n.t(Msg::DownloadSkippedRows)}
                        </button>
                    })}
                </div>
            })}
            <div class="actions">
                <A href="/catalog" attr:class="button primary">{move || i18n.t(Msg::BackToCatalog)}</A>
                // The next file starts with no new supplier named: a name left from this import
                // would send a file that names its own supplier into this one's catalog.
                <button data-testid="import-another" on:click=move |_| {
                    state.new_name.set(String::new());
                    reset(state);
                }>{move || i18n.t(Msg::ImportAnother)}</button>
            </div>
        </div>
    }
}
