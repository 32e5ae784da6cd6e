//! The contract form (`/contracts/new`, `/contracts/:id`): supplier and currency (fixed once
//! recorded), number, title, validity, agreed prices (an item of the supplier's catalog at a
//! unit price, beside its catalog price, or a UNSPSC category at a discount), ceiling, warnings,
//! note; the history; and "End contract" with a reason. Saving checks the terms with the core's
//! rule first, so a mistake shows at once, then queues the change (offline too).

use super::{alert_key, alert_text, has_pending, standing_of, state_key, state_msg, ContractMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::sync::records;
use crate::ui::format::{date_time, day, money};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::parse_day;
use procura_ground::id::SupplierId;
use procura_invoicing::contracts::{
    self, AgreedPrice, ChangeKind, ContractDraft, ContractTerms, MAX_NOTE, MAX_NUMBER, MAX_REASON,
    MAX_TITLE,
};
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Item,
    Category,
}

/// One agreed price as typed.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    kind: Kind,
    item_id: RwSignal<String>,
    query: RwSignal<String>,
    price: RwSignal<String>,
    unspsc: RwSignal<String>,
    discount: RwSignal<String>,
}

fn number(text: &str) -> Option<Decimal> {
    Decimal::from_str(&text.trim().replace(',', ".")).ok()
}

fn item_of(app: AppState, id: &str) -> Option<CatalogItem> {
    app.catalog.with(|c| c.item(id).cloned())
}

/// Up to eight of the supplier's items whose name or SKU holds `query`.
fn matches(app: AppState, supplier: &str, query: &str, lang: Lang) -> Vec<(String, String)> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    app.catalog.with(|c| {
        c.items
            .iter()
            .filter(|i| i.supplier_id.as_str() == supplier)
            .filter(|i| {
                i.sku.to_lowercase().contains(&q) || i.name.get(lang).to_lowercase().contains(&q)
            })
            .take(8)
            .map(|i| {
                let price = i
                    .list_price()
                    .map(|p| money(lang, p, &i.currency))
                    .unwrap_or_default();
                (
                    i.id.to_string(),
                    format!("{} · {} · {price}", i.name.get(lang), i.sku),
                )
            })
            .collect()
    })
}

#[component]
pub fn ContractPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let params = use_params_map();
    // "/contracts/new" has no id; a new contract's id is made once for the page.
    let new_id = crate::device::random_uuid();
    let path_id = Memo::new(move |_| params.with(|p| p.get("id")));
    let is_new = move || path_id.with(Option::is_none);
    let id = {
        let new_id = new_id.clone();
        Memo::new(move |_| path_id.get().unwrap_or_else(|| new_id.clone()))
    };
    let contract = Memo::new(move |_| {
        let id = id.get();
        crate::ui::contracts::all(app)
            .into_iter()
            .find(|c| c.id == id)
    });
    let page = StoredValue::new(Owner::current().expect("a component has an owner"));
    let keys = StoredValue::new(0u32);
    let new_row = move |kind: Kind| -> Row {
        keys.update_value(|k| *k += 1);
        page.with_value(|owner| {
            owner.with(|| Row {
                key: keys.get_value(),
                kind,
                item_id: RwSignal::new(String::new()),
                query: RwSignal::new(String::new()),
                price: RwSignal::new(String::new()),
                unspsc: RwSignal::new(String::new()),
                discount: RwSignal::new(String::new()),
            })
        })
    };
    let supplier = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let number_text = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let from = RwSignal::new(crate::ui::contracts::today().to_string());
    let to = RwSignal::new(String::new());
    let ceiling = RwSignal::new(String::new());
    let alert_days = RwSignal::new("30".to_owned());
    let alert_percent = RwSignal::new("80".to_owned());
    let note = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let ending = RwSignal::new(false);
    let end_reason = RwSignal::new(String::new());

    // A recorded contract fills the form once it is read.
    let loaded = StoredValue::new(false);
    Effect::new(move |_| {
        if loaded.get_value() {
            return;
        }
        let Some(c) = contract.get() else {
            return;
        };
        loaded.set_value(true);
        let t = &c.terms;
        supplier.set(t.supplier_id.to_string());
        currency.set(t.currency.clone());
        number_text.set(t.number.clone());
        title.set(t.title.clone());
        from.set(t.valid_from.to_string());
        to.set(t.valid_to.to_string());
        ceiling.set(t.ceiling.map(|c| c.to_string()).unwrap_or_default());
        alert_days.set(t.alert_days.to_string());
        alert_percent.set(t.alert_percent.to_string());
        note.set(t.note.clone());
        let list = t
            .prices
            .iter()
            .map(|p| match p {
                AgreedPrice::Item {
                    item_id,
                    unit_price,
                } => {
                    let r = new_row(Kind::Item);
                    r.item_id.set(item_id.clone());
                    r.price.set(unit_price.to_string());
                    r
                }
                AgreedPrice::Category {
                    unspsc,
                    discount_percent,
                } => {
                    let r = new_row(Kind::Category);
                    r.unspsc.set(unspsc.clone());
                    r.discount.set(discount_percent.to_string());
                    r
                }
            })
            .collect();
        rows.set(list);
    });

    let may = Memo::new(move |_| super::may_manage(app));
    let ended = move || contract.with(|c| c.as_ref().is_some_and(|c| c.ended.is_some()));
    let read_only = move || !may.get() || ended();
    let recorded = move || contract.with(Option::is_some);

    // Choosing a supplier on a new contract takes its currency.
    let choose_supplier = move |ev| {
        let s = event_target_value(&ev);
        let cur = app.suppliers.with(|l| {
            l.iter()
                .find(|x| x.id.as_str() == s)
                .map(|x| x.currency.clone())
        });
        supplier.set(s);
        if let Some(cur) = cur {
            currency.set(cur);
        }
        rows.update(|r| r.retain(|r| r.kind == Kind::Category));
    };

    let terms = move |lang: Lang| -> Result<ContractTerms, String> {
        let (Some(valid_from), Some(valid_to)) = (
            parse_day(from.get_untracked().trim()),
            parse_day(to.get_untracked().trim()),
        ) else {
            return Err(ContractMsg::BadDate.text(lang).to_owned());
        };
        let mut prices = Vec::new();
        for (i, r) in rows.get_untracked().iter().enumerate() {
            let entry = i + 1;
            match r.kind {
                Kind::Item => {
                    let item_id = r.item_id.get_untracked();
                    if item_id.is_empty() {
                        return Err(ContractMsg::no_item(lang, entry));
                    }
                    let unit_price = number(&r.price.get_untracked())
                        .ok_or_else(|| ContractMsg::bad_entry(lang, entry))?;
                    prices.push(AgreedPrice::Item {
                        item_id,
                        unit_price,
                    });
                }
                Kind::Category => {
                    let discount_percent = number(&r.discount.get_untracked())
                        .ok_or_else(|| ContractMsg::bad_entry(lang, entry))?;
                    prices.push(AgreedPrice::Category {
                        unspsc: r.unspsc.get_untracked().trim().to_owned(),
                        discount_percent,
                    });
                }
            }
        }
        let not_a_number = || ContractMsg::NotANumber.text(lang).to_owned();
        let ceiling = match ceiling.get_untracked().trim() {
            "" => None,
            t => Some(number(t).ok_or_else(not_a_number)?),
        };
        let terms = ContractTerms {
            number: number_text.get_untracked(),
            title: title.get_untracked(),
            supplier_id: SupplierId::from(supplier.get_untracked()),
            currency: currency.get_untracked().trim().to_uppercase(),
            valid_from,
            valid_to,
            prices,
            ceiling,
            alert_days: alert_days
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| not_a_number())?,
            alert_percent: number(&alert_percent.get_untracked()).ok_or_else(not_a_number)?,
            note: note.get_untracked(),
        };
        if supplier.get_untracked().is_empty() {
            return Err(ContractMsg::ChooseSupplier.text(lang).to_owned());
        }
        contracts::check_terms(&terms).map_err(|r| crate::i18n::reasons::text(lang, &r.reason))
    };

    let save = {
        let navigate = navigate.clone();
        move |_| {
            let lang = i18n.lang();
            let terms = match terms(lang) {
                Ok(t) => t,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            };
            let draft = ContractDraft {
                id: id.get_untracked(),
                base_revision: contract.with_untracked(|c| c.as_ref().map_or(0, |c| c.revision)),
                terms,
            };
            error.set(None);
            busy.set(true);
            let navigate = navigate.clone();
            spawn_local(async move {
                match records::queue(app, Op::SaveContract { contract: draft }).await {
                    Ok(()) => navigate("/contracts", Default::default()),
                    Err(e) => {
                        error.try_set(Some(e.to_string()));
                        busy.try_set(false);
                    }
                }
            });
        }
    };

    let end = move |_| {
        let lang = i18n.lang();
        let reason = end_reason.get_untracked().trim().to_owned();
        if reason.is_empty() || reason.chars().count() > MAX_REASON {
            error.set(Some(crate::i18n::reasons::text(
                lang,
                &procura_ground::reason::Reason::ContractEndReasonRequired { max: MAX_REASON },
            )));
            return;
        }
        let Some(c) = contract.get_untracked() else {
            return;
        };
        error.set(None);
        ending.set(false);
        busy.set(true);
        let op = Op::EndContract {
            id: c.id.clone(),
            revision: c.revision,
            reason,
        };
        spawn_local(async move {
            if let Err(e) = records::queue(app, op).await {
                error.try_set(Some(e.to_string()));
            }
            busy.try_set(false);
        });
    };

    let suppliers = move || {
        let lang = i18n.lang();
        let chosen = supplier.get();
        app.suppliers.with(|l| {
            l.iter()
                .map(|s| {
                    let id = s.id.to_string();
                    let selected = id == chosen;
                    view! { <option value=id selected=selected>{s.name.get(lang).to_owned()}</option> }
                })
                .collect_view()
        })
    };

    let price_row = move |r: Row, n: usize| {
        let lang = i18n.lang();
        let t = move |m: ContractMsg| m.text(lang);
        let remove = move |_| rows.update(|l| l.retain(|x| x.key != r.key));
        let body = match r.kind {
            Kind::Item => {
                let chosen = move || {
                    let id = r.item_id.get();
                    (!id.is_empty()).then(|| {
                        let item = item_of(app, &id);
                        let (name, sku, list) = item.as_ref().map_or_else(
                            || (id.clone(), String::new(), String::new()),
                            |i| {
                                (
                                    i.name.get(lang).to_owned(),
                                    i.sku.clone(),
                                    i.list_price()
                                        .map(|p| money(lang, p, &i.currency))
                                        .unwrap_or_default(),
                                )
                            },
                        );
                        view! {
                            <div class="chosen-item" data-testid="chosen-item">
                                <strong data-content="product">{name}</strong> " " <span class="muted small">{sku}</span>
                                <div class="muted small" data-testid="catalog-price">{ContractMsg::catalog_price(lang, &list)}</div>
                            </div>
                        }
                    })
                };
                let options = move || {
                    if read_only() {
                        return None;
                    }
                    let q = r.query.get();
                    let found = matches(app, &supplier.get(), &q, lang);
                    if q.trim().is_empty() {
                        return None;
                    }
                    Some(if found.is_empty() {
                        view! { <p class="muted small">{t(ContractMsg::NoItems)}</p> }.into_any()
                    } else {
                        found
                            .into_iter()
                            .map(|(id, label)| {
                                view! {
                                    <li><button type="button" class="link-button" data-testid="item-option"
                                        on:click=move |_| { r.item_id.set(id.clone()); r.query.set(String::new()); }>
                                        {label}
                                    </button></li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
                };
                view! {
                    <div class="price-item">
                        {chosen}
                        <label>
                            <span>{t(ContractMsg::FindItem)}</span>
                            <input type="search" data-testid="item-search" disabled=read_only
                                prop:value=move || r.query.get() on:input=move |ev| r.query.set(event_target_value(&ev))/>
                        </label>
                        <ul class="item-options">{options}</ul>
                    </div>
                    <label>
                        <span>{t(ContractMsg::AgreedPrice)} " (" {move || currency.get()} ")"</span>
                        <input inputmode="decimal" class="qty" data-testid="agreed-price" disabled=read_only
                            prop:value=move || r.price.get() on:input=move |ev| r.price.set(event_target_value(&ev))/>
                    </label>
                }
                .into_any()
            }
            Kind::Category => view! {
                <label>
                    <span>{t(ContractMsg::Unspsc)}</span>
                    <input inputmode="numeric" maxlength="8" data-testid="category-unspsc" disabled=read_only
                        prop:value=move || r.unspsc.get() on:input=move |ev| r.unspsc.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{t(ContractMsg::Discount)}</span>
                    <input inputmode="decimal" class="qty" data-testid="category-discount" disabled=read_only
                        prop:value=move || r.discount.get() on:input=move |ev| r.discount.set(event_target_value(&ev))/>
                </label>
            }
            .into_any(),
        };
        let kind = match r.kind {
            Kind::Item => t(ContractMsg::KindItem),
            Kind::Category => t(ContractMsg::KindCategory),
        };
        view! {
            <li class="agreed-price" data-testid="agreed-price-row">
                <div class="agreed-kind"><span class="muted">{n}". "</span>{kind}</div>
                <div class="agreed-fields">{body}</div>
                {move || (!read_only()).then(|| view! {
                    <button type="button" class="small-button" data-testid="remove-price" on:click=remove>{t(ContractMsg::Remove)}</button>
                })}
            </li>
        }
    };

    let standing = move || {
        let c = contract.get()?;
        let lang = i18n.lang();
        let t = move |m: ContractMsg| m.text(lang);
        let s = standing_of(&c, &crate::org::orders(app));
        let alerts = s
            .alerts
            .iter()
            .map(|a| view! { <li class=format!("contract-alert {}", alert_key(a)) data-testid="contract-alert">{alert_text(a, &c.terms.currency, lang)}</li> })
            .collect_view();
        let history = c
            .history
            .iter()
            .map(|h| {
                let what = match h.what {
                    ChangeKind::Created => t(ContractMsg::Created),
                    ChangeKind::Changed => t(ContractMsg::Changed),
                    ChangeKind::Ended => t(ContractMsg::Ended),
                };
                view! { <li data-testid="contract-history-entry">{ContractMsg::history_entry(lang, what, &h.by_name, &date_time(lang, h.at_ms))}</li> }
            })
            .collect_view();
        let why = c
            .ended
            .as_ref()
            .map(|e| view! { <p class="muted" data-testid="ended-reason">{ContractMsg::ended_because(lang, &e.reason)}</p> });
        let pending = has_pending(app, &c.id);
        Some(view! {
            <section class="req-section contract-standing" data-testid="contract-standing">
                <h2>{t(ContractMsg::Standing)}</h2>
                <p>
                    <span class=format!("contract-state {}", state_key(s.state)) data-testid="contract-state">{t(state_msg(s.state))}</span>
                    {pending.then(|| view! { " " <small class="badge pending" data-testid="pending-sync">{t(ContractMsg::WaitingToSync)}</small> })}
                    " · " {ContractMsg::validity(lang, &day(lang, c.terms.valid_from), &day(lang, c.terms.valid_to))}
                </p>
                {c.terms.ceiling.map(|ceil| view! {
                    <p data-testid="contract-committed">{ContractMsg::committed_of(
                        lang,
                        &s.consumed.map_or_else(|| "—".to_owned(), |u| money(lang, u, &c.terms.currency)),
                        &money(lang, ceil, &c.terms.currency),
                        &money(lang, s.remaining.unwrap_or_default(), &c.terms.currency),
                    )}</p>
                })}
                {(!s.alerts.is_empty()).then(|| view! { <ul class="contract-alerts">{alerts}</ul> })}
                {why}
                <h2>{t(ContractMsg::History)}</h2>
                <ul class="contract-history">{history}</ul>
            </section>
        })
    };

    view! {
        <section class="page contract-page" data-testid="contract-page">
            <A href="/contracts" attr:class="back-link">"← " {move || i18n.t(ContractMsg::BackToList)}</A>
            <div class="page-head">
                <h1>{move || if is_new() { i18n.t(ContractMsg::FormNew).to_owned() } else {
                    format!("{} {}", i18n.t(ContractMsg::FormEdit), contract.with(|c| c.as_ref().map(|c| c.terms.number.clone()).unwrap_or_default()))
                }}</h1>
                {move || (recorded() && !read_only()).then(|| view! {
                    <button class="danger" data-testid="end-contract" disabled=move || busy.get()
                        on:click=move |_| { end_reason.set(String::new()); ending.set(true); }>{i18n.t(ContractMsg::EndContract)}</button>
                })}
            </div>
            {move || match (is_new(), contract.with(Option::is_some)) {
                (false, false) if app.storage.get() != StorageStatus::Ready => Some(view! { <p class="muted">{i18n.t(ContractMsg::Loading)}</p> }.into_any()),
                (false, false) => Some(view! { <p class="empty" data-testid="contract-missing">{i18n.t(ContractMsg::NotFound)}</p> }.into_any()),
                _ => None,
            }}
            {move || ended().then(|| view! { <p class="notice" data-testid="contract-ended">{i18n.t(ContractMsg::EndedReadOnly)}</p> })}
            {move || (!may.get()).then(|| view! { <p class="notice warn">{i18n.t(ContractMsg::ReadOnly)}</p> })}
            {standing}
            <div class="form-grid contract-form">
                <label>
                    <span>{move || i18n.t(ContractMsg::Supplier)}</span>
                    <select data-testid="contract-supplier" disabled=move || read_only() || recorded() on:change=choose_supplier>
                        <option value="" selected=move || supplier.with(String::is_empty)>{move || i18n.t(ContractMsg::ChooseSupplier)}</option>
                        {suppliers}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(ContractMsg::Currency)}</span>
                    <input data-testid="contract-currency" maxlength="3" disabled=move || read_only() || recorded()
                        prop:value=move || currency.get() on:input=move |ev| currency.set(event_target_value(&ev))/>
                </label>
                {move || recorded().then(|| view! { <p class="muted small wide">{i18n.t(ContractMsg::SupplierFixed)}</p> })}
                <label>
                    <span>{move || i18n.t(ContractMsg::Number)}</span>
                    <input data-testid="contract-number-input" maxlength=MAX_NUMBER.to_string() disabled=read_only
                        prop:value=move || number_text.get() on:input=move |ev| number_text.set(event_target_value(&ev))/>
                </label>
                <label class="wide">
                    <span>{move || i18n.t(ContractMsg::TitleField)}</span>
                    <input data-testid="contract-title" maxlength=MAX_TITLE.to_string() disabled=read_only
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(ContractMsg::ValidFrom)}</span>
                    <input type="date" data-testid="contract-from" disabled=read_only
                        prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(ContractMsg::ValidTo)}</span>
                    <input type="date" data-testid="contract-to" disabled=read_only
                        prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </label>
            </div>
            <section class="req-section">
                <h2>{move || i18n.t(ContractMsg::Prices)}</h2>
                <p class="muted small">{move || i18n.t(ContractMsg::PricesHint)}</p>
                {move || {
                    let list = rows.get();
                    if list.is_empty() {
                        view! { <p class="muted">{i18n.t(ContractMsg::NoPrices)}</p> }.into_any()
                    } else {
                        view! { <ol class="agreed-prices">{list.into_iter().enumerate().map(|(i, r)| price_row(r, i + 1)).collect_view()}</ol> }.into_any()
                    }
                }}
                {move || (!read_only()).then(|| view! {
                    <div class="row-actions">
                        <button type="button" data-testid="add-item-price" disabled=move || supplier.with(String::is_empty)
                            on:click=move |_| { let r = new_row(Kind::Item); rows.update(|l| l.push(r)); }>{i18n.t(ContractMsg::AddItemPrice)}</button>
                        <button type="button" data-testid="add-category"
                            on:click=move |_| { let r = new_row(Kind::Category); rows.update(|l| l.push(r)); }>{i18n.t(ContractMsg::AddCategory)}</button>
                    </div>
                })}
            </section>
            <div class="form-grid contract-form">
                <label>
                    <span>{move || i18n.t(ContractMsg::Ceiling)} " (" {move || currency.get()} ")"</span>
                    <input inputmode="decimal" data-testid="contract-ceiling" disabled=read_only
                        prop:value=move || ceiling.get() on:input=move |ev| ceiling.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(ContractMsg::AlertDays)}</span>
                    <input inputmode="numeric" data-testid="contract-alert-days" disabled=read_only
                        prop:value=move || alert_days.get() on:input=move |ev| alert_days.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t(ContractMsg::AlertPercent)}</span>
                    <input inputmode="decimal" data-testid="contract-alert-percent" disabled=read_only
                        prop:value=move || alert_percent.get() on:input=move |ev| alert_percent.set(event_target_value(&ev))/>
                </label>
                <label class="wide">
                    <span>{move || i18n.t(ContractMsg::Note)}</span>
                    <textarea data-testid="contract-note" maxlength=MAX_NOTE.to_string() disabled=read_only
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </label>
            </div>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="contract-error">{e}</p> })}
            {move || (!read_only()).then(|| view! {
                <div class="submit-row sticky-actions">
                    <button class="primary big" data-testid="save-contract" disabled=move || busy.get() on:click=save.clone()>
                        {move || if busy.get() { i18n.t(ContractMsg::Saving) } else { i18n.t(ContractMsg::Save) }}
                    </button>
                </div>
            })}
            {move || ending.get().then(|| view! {
                <div class="compare-backdrop" on:click=move |_| ending.set(false)>
                    <div class="compare-panel end-dialog" role="dialog" aria-modal="true" aria-labelledby="end-title" data-testid="end-dialog"
                        on:click=|ev| ev.stop_propagation()>
                        <h2 id="end-title">{i18n.t(ContractMsg::EndTitle)}</h2>
                        <p class="muted">{i18n.t(ContractMsg::EndIntro)}</p>
                        <label class="stacked">
                            <span>{i18n.t(ContractMsg::EndReason)}</span>
                            <textarea data-testid="end-reason" maxlength=MAX_REASON.to_string()
                                prop:value=move || end_reason.get() on:input=move |ev| end_reason.set(event_target_value(&ev))></textarea>
                        </label>
                        {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
                        <div class="row-actions">
                            <button class="danger" data-testid="confirm-end" on:click=end>{i18n.t(ContractMsg::EndConfirm)}</button>
                            <button data-testid="cancel-end" on:click=move |_| ending.set(false)>{i18n.t(ContractMsg::Cancel)}</button>
                        </div>
                    </div>
                </div>
            })}
        </section>
    }
}
