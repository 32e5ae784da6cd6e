//! The order list: every order on the device with its status (from its lines' progress), late
//! and changed marks and, until the supplier has it, how sending it goes. Filtered by status
//! chips and a search over number, supplier, item descriptions and requisition titles.

use super::transmit::TransmitBadge;
use super::{creation_queued, net_total, status_msg, OrderMsg, OrderView, STATUSES};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::ui::format::money;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

/// Every order as a row shows it (reactive).
fn views(app: AppState) -> Vec<OrderView> {
    let today = super::today();
    crate::org::orders(app)
        .into_iter()
        .map(|o| {
            let queued = creation_queued(app, o.id.as_str());
            OrderView::new(o, queued, today)
        })
        .collect()
}

/// Lower-case text a search matches against.
fn haystack(v: &OrderView, titles: &BTreeMap<String, String>) -> String {
    let o = &v.order;
    let mut text = format!("{} {} {}", o.number, o.supplier_name, o.supplier_id);
    for l in &o.lines {
        text.push(' ');
        text.push_str(&l.description);
        text.push(' ');
        text.push_str(&l.supplier_part);
    }
    for id in &o.requisitions {
        if let Some(t) = titles.get(id.as_str()) {
            text.push(' ');
            text.push_str(t);
        }
    }
    text.to_lowercase()
}

fn matches_filter(v: &OrderView, filter: &str) -> bool {
    v.matches(filter)
}

#[component]
pub fn OrderList() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let all = Memo::new(move |_| views(app));
    let titles = Memo::new(move |_| {
        crate::org::requisitions(app)
            .into_iter()
            .map(|r| (r.id.into_string(), r.title))
            .collect::<BTreeMap<_, _>>()
    });
    let filter = RwSignal::new("all".to_owned());
    let search = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        let terms: Vec<String> = search
            .get()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        titles.with(|titles| {
            all.get()
                .into_iter()
                .filter(|v| matches_filter(v, &filter))
                .filter(|v| {
                    let text = haystack(v, titles);
                    terms.iter().all(|t| text.contains(t.as_str()))
                })
                .collect::<Vec<_>>()
        })
    });
    let chips = move || {
        let lang = i18n.lang();
        let list = all.get();
        let mut keys = vec!["all"];
        keys.extend(STATUSES);
        keys.extend(["late", "changed"]);
        keys.into_iter()
            .map(|key| {
                let count = list.iter().filter(|v| matches_filter(v, key)).count();
                let label = match key {
                    "all" => OrderMsg::FilterAll.text(lang),
                    "late" => OrderMsg::FilterLate.text(lang),
                    "changed" => OrderMsg::FilterChanged.text(lang),
                    s => status_msg(s).text(lang),
                };
                let active = move || filter.get() == key;
                view! {
                    <button class="chip" class:active=active aria-pressed=move || active().to_string()
                        data-testid="order-filter" data-status=key data-count=count
                        on:click=move |_| filter.set(key.to_owned())>
                        {label} " " <span class="count">{count}</span>
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <section class="req-section order-list-section">
            <h2>{move || i18n.t(OrderMsg::ListTitle)}</h2>
            <div class="order-tools">
                <input type="search" class="order-search" data-testid="order-search"
                    placeholder=move || i18n.t(OrderMsg::SearchPlaceholder)
                    aria-label=move || i18n.t(OrderMsg::SearchPlaceholder)
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
                <div class="chips" role="group">{chips}</div>
            </div>
            <Show when=move || all.with(|l| !l.is_empty())
                fallback=move || view! { <p class="empty" data-testid="no-orders">{move || i18n.t(OrderMsg::NoOrders)}</p> }>
                <div class="table-scroll">
                    <table class="data order-list" data-testid="order-list">
                        <thead><tr>
                            <th>{move || i18n.t(OrderMsg::ColNumber)}</th>
                            <th>{move || i18n.t(OrderMsg::ColSupplier)}</th>
                            <th class="num">{move || i18n.t(OrderMsg::ColTotal)}</th>
                            <th class="num">{move || i18n.t(OrderMsg::ColLines)}</th>
                            <th>{move || i18n.t(OrderMsg::ColCreated)}</th>
                            <th>{move || i18n.t(OrderMsg::ColStatus)}</th>
                        </tr></thead>
                        <tbody>
                            {move || {
                                let lang = i18n.lang();
                                shown.get().into_iter().map(|v| row(v, lang)).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <Show when=move || shown.with(Vec::is_empty)>
                    <p class="muted" data-testid="no-matching-orders">{move || i18n.t(OrderMsg::NoMatch)}</p>
                </Show>
            </Show>
        </section>
    }
}

fn row(v: OrderView, lang: Lang) -> impl IntoView {
    let t = move |m: OrderMsg| m.text(lang);
    let o = v.order.clone();
    let href = format!("/orders/{}", o.id);
    let (number, total) = (o.number.clone(), money(lang, net_total(&o), &o.currency));
    let sent = crate::sync::orders::is_sent(&o);
    let unsent = (!sent && !matches!(v.status, "cancelled" | "rejected")).then(|| {
        view! { <TransmitBadge order=o.clone() queued=v.queued/> }
    });
    view! {
        <tr data-testid="order-row" data-id=o.id.to_string() data-status=v.status
            data-late=v.late.to_string() data-changed=v.changed.to_string()>
            <td>
                <A href=href attr:class="row-link">{number}</A>
                <div class="muted small">{o.currency.clone()}</div>
            </td>
            <td>{crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, lang)}</td>
            <td class="num">{total}</td>
            <td class="num">{o.lines.len()}</td>
            <td class="muted nowrap">{crate::ui::format::date_time(lang, o.created_at_ms)}</td>
            <td>
                <span class=format!("order-state {}", v.status)>{t(status_msg(v.status))}</span>
                {v.late.then(|| view! { <span class="mark late" data-testid="late-mark">{t(OrderMsg::Late)}</span> })}
                {v.changed.then(|| view! { <span class="mark changed" data-testid="changed-mark">{t(OrderMsg::Changed)}</span> })}
                {unsent}
            </td>
        </tr>
    }
}
