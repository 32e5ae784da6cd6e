//! One purchase order: where it stands and how sending it goes, its lines (ordered, confirmed
//! with the supplier's changes marked, shipped, received, damaged; late and changed marks; each
//! line's own timeline), the order's timeline, its documents, and the change and cancel
//! requests a buyer may send.

use super::change::RequestPanel;
use super::timeline::{entries, line_entries, line_timeline_view, timeline_view, Entry};
use super::transmit::{provide_clock, TransmitBadge};
use super::{line_state_key, net_total, status_msg, OrderMsg, OrderView};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_orders::order::{is_late, LineProgress, OrderLine, PurchaseOrder};
use procura_procurement::approval::time::Date;
use std::collections::BTreeSet;

/// Names a user id as the policy knows them (the order's buyer by the order).
pub fn namer(app: AppState, po: &PurchaseOrder) -> impl Fn(&str) -> String {
    let policy = crate::org::policy(app);
    let (buyer, buyer_name) = (po.buyer.clone(), po.buyer_name.clone());
    move |id: &str| {
        if id == buyer {
            buyer_name.clone()
        } else {
            policy
                .as_ref()
                .map_or_else(|| id.to_owned(), |p| p.name_of(id).to_owned())
        }
    }
}

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    crate::sync::orders::watch(app);
    provide_clock();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let view_of = Memo::new(move |_| {
        let id = id.get();
        crate::org::order(app, &id)
            .map(|o| OrderView::new(o, super::creation_queued(app, &id), super::today()))
    });
    let exists = Memo::new(move |_| view_of.with(Option::is_some));
    let pending = Memo::new(move |_| super::has_pending(app, &id.get()));
    // Unfolded lines survive a sync re-rendering the table.
    let unfolded = RwSignal::new(BTreeSet::<u32>::new());
    view! {
        <section class="page order-detail">
            <A href="/orders" attr:class="back-link">"← " {move || i18n.t(OrderMsg::BackToList)}</A>
            {move || match view_of.get() {
                None if app.storage.get() != StorageStatus::Ready => view! { <p class="muted">{move || i18n.t(OrderMsg::Loading)}</p> }.into_any(),
                None => view! { <p class="empty" data-testid="order-missing">{move || i18n.t(OrderMsg::NotFound)}</p> }.into_any(),
                Some(v) => header(app, v, pending.get(), i18n.lang()).into_any(),
            }}
            {move || view_of.get().map(|v| body(app, v, unfolded, i18n.lang()))}
            {move || exists.get().then(|| view! { <super::billing::Billing order_id=id/> })}
            // Outside the blocks that follow the record, so a sync does not reset what is typed.
            {move || exists.get().then(move || view! { <crate::pages::returns::ReturnsOnOrder order_id=id.get()/> })}
            {move || exists.get().then(move || view! { <RequestPanel order_id=id.get()/> })}
        </section>
    }
}

fn header(app: AppState, v: OrderView, pending: bool, lang: Lang) -> impl IntoView {
    let t = move |m: OrderMsg| m.text(lang);
    let o = v.order.clone();
    let requisitions = o
        .requisitions
        .iter()
        .map(|id| {
            let title = crate::org::requisition(app, id.as_str())
                .map(|r| r.title)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| id.to_string());
            view! { <A href=format!("/requisitions/{id}") attr:class="req-link" attr:data-testid="order-requisition">{title}</A> " " }
        })
        .collect_view();
    let mut terms = OrderMsg::net_days(lang, o.terms.payment_days);
    if let Some(i) = &o.terms.incoterm {
        terms.push_str(&OrderMsg::incoterms(lang, i));
    }
    if !o.terms.note.is_empty() {
        terms.push_str(&format!(" · {}", o.terms.note));
    }
    let sent = crate::sync::orders::is_sent(&o);
    let open = !matches!(v.status, "cancelled" | "rejected" | "received" | "draft");
    let receive = (open && super::is_buyer(app)).then(|| {
        view! {
            <A href=format!("/orders/{}/receive", o.id) attr:class="button primary" attr:data-testid="receive-goods">
                {t(OrderMsg::ReceiveGoods)}
            </A>
        }
    });
    let return_goods = super::is_buyer(app)
        .then(|| crate::pages::returns::return_button(app, &o, lang))
        .flatten();
    let unsent = (!sent && !matches!(v.status, "cancelled" | "rejected"))
        .then(|| view! { <TransmitBadge order=o.clone() queued=v.queued/> });
    view! {
        <div class="page-head order-head">
            <div>
                <h1 data-testid="order-number">{o.number.clone()}</h1>
                <div class="head-marks">
                    <span class=format!("order-state {}", v.status) data-testid="order-status" data-status=v.status>
                        {t(status_msg(v.status))}
                    </span>
                    {v.late.then(|| view! { <span class="mark late">{t(OrderMsg::Late)}</span> })}
                    {v.changed.then(|| view! { <span class="mark changed">{t(OrderMsg::Changed)}</span> })}
                    {(pending && !v.queued).then(|| view! { <small class="badge pending" data-testid="pending-sync">{t(OrderMsg::WaitingToSync)}</small> })}
                    {unsent}
                </div>
            </div>
            <div class="actions">
                {receive}
                {return_goods}
                {super::exports::export_buttons(&o, lang)}
            </div>
        </div>
        <div class="requisition-summary">
            <dl class="facts">
                <dt>{t(OrderMsg::ColSupplier)}</dt><dd data-testid="order-supplier">{crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, lang)}</dd>
                <dt>{t(OrderMsg::Buyer)}</dt><dd>{o.buyer_name.clone()}</dd>
                <dt>{t(OrderMsg::ShipTo)}</dt><dd class="pre">{o.ship_to.clone()}</dd>
                <dt>{t(OrderMsg::Terms)}</dt><dd>{terms}</dd>
                <dt>{t(OrderMsg::Requisitions)}</dt><dd>{requisitions}</dd>
                <dt>{t(OrderMsg::ColCreated)}</dt><dd>{crate::ui::format::date_time(lang, o.created_at_ms)}</dd>
            </dl>
            <div class="summary-totals">
                <h2>{t(OrderMsg::ColTotal)}</h2>
                <p class="order-total" data-testid="order-total">{money(lang, net_total(&o), &o.currency)}</p>
            </div>
        </div>
    }
}

fn body(
    app: AppState,
    v: OrderView,
    unfolded: RwSignal<BTreeSet<u32>>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: OrderMsg| m.text(lang);
    let name_of = namer(app, &v.order);
    let all = entries(&v.order, &name_of, lang);
    let today = super::today();
    let rows = v
        .order
        .lines
        .iter()
        .zip(&v.progress)
        .map(|(line, p)| line_row(&v.order, line, p, &all, today, unfolded, lang))
        .collect_view();
    view! {
        <section class="req-section">
            <h2>{t(OrderMsg::Lines)}</h2>
            <div class="table-scroll">
                <table class="data order-lines stack" data-testid="order-lines">
                    <thead><tr>
                        <th class="num">"#"</th>
                        <th>{t(OrderMsg::ColItem)}</th>
                        <th>{t(OrderMsg::NeedBy)}</th>
                        <th class="num">{t(OrderMsg::ColOrdered)}</th>
                        <th class="num">{t(OrderMsg::ColConfirmed)}</th>
                        <th class="num">{t(OrderMsg::ColShipped)}</th>
                        <th class="num">{t(OrderMsg::ColReceived)}</th>
                        <th class="num">{t(OrderMsg::ColDamaged)}</th>
                        <th>{t(OrderMsg::ColStatus)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section class="req-section">
            <h2>{t(OrderMsg::Timeline)}</h2>
            {timeline_view(&all, lang)}
        </section>
    }
}

fn line_row(
    po: &PurchaseOrder,
    line: &OrderLine,
    p: &LineProgress,
    all: &[Entry],
    today: Date,
    unfolded: RwSignal<BTreeSet<u32>>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: OrderMsg| m.text(lang);
    let n = line.line_no;
    let late = is_late(line, p, today);
    let state = line_state_key(p.state);
    let unit = unit_label(&line.unit, lang);
    let confirmed_qty = p.confirmed.filter(|c| *c != p.ordered);
    let confirmed = match p.confirmed {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(c) => view! {
            <span class:changed-value=confirmed_qty.is_some() data-testid="confirmed-qty">{c.normalize().to_string()}</span>
        }
        .into_any(),
    };
    let price = p.confirmed_price.filter(|c| *c != line.unit_price).map(|c| {
        view! { <div class="changed-value small" data-testid="confirmed-price">{money(lang, c, &po.currency)}</div> }
    });
    let date = p
        .confirmed_date
        .filter(|d| *d != line.need_by)
        .map(|d| {
            view! { <div class="changed-value small" data-testid="confirmed-date" data-date=d.to_string()>"→ " {crate::ui::format::day(lang, d)}</div> }
        });
    let history = line_timeline_view(line_entries(all, n, lang), lang);
    let is_open = move || unfolded.with(|u| u.contains(&n));
    let toggle = move |_| {
        unfolded.update(|u| {
            if !u.remove(&n) {
                u.insert(n);
            }
        })
    };
    let part = [
        line.supplier_part.clone(),
        line.gtin.clone().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <tr data-testid="order-line" data-line=n data-state=state data-late=late.to_string() data-changed=p.changed.to_string()
            class:late=late>
            <td class="num muted">{n}</td>
            <td class="item-cell wide" data-label=t(OrderMsg::ColItem)>
                <div>{line.description.clone()}</div>
                <div class="muted small">{part}</div>
                {line.contract.clone().map(|c| view! { <crate::ui::contracts::ContractMark contract=c/> })}
            </td>
            <td class="nowrap" data-label=t(OrderMsg::NeedBy) data-date=line.need_by.to_string()>{crate::ui::format::day(lang, line.need_by)} {date}</td>
            <td class="num nowrap" data-label=t(OrderMsg::ColOrdered)>{p.ordered.normalize().to_string()} " " {unit.clone()}</td>
            <td class="num nowrap" data-label=t(OrderMsg::ColConfirmed)>{confirmed} {price}</td>
            <td class="num" data-label=t(OrderMsg::ColShipped)>{p.shipped.normalize().to_string()}</td>
            <td class="num" data-label=t(OrderMsg::ColReceived)>{p.received.normalize().to_string()}</td>
            <td class="num" class:damaged=!p.damaged.is_zero() data-label=t(OrderMsg::ColDamaged)>{p.damaged.normalize().to_string()}</td>
            <td data-label=t(OrderMsg::ColStatus)>
                <span class=format!("line-state {state}")>{t(super::status_msg(state))}</span>
                {late.then(|| view! { <span class="mark late">{t(OrderMsg::Late)}</span> })}
                {p.changed.then(|| view! { <span class="mark changed">{t(OrderMsg::Changed)}</span> })}
            </td>
            <td>
                <button class="link-button" data-testid="line-history-toggle" aria-expanded=move || is_open().to_string() on:click=toggle>
                    {move || if is_open() { t(OrderMsg::HideHistory) } else { t(OrderMsg::ShowHistory) }}
                </button>
            </td>
        </tr>
        <tr class="line-history" data-testid="line-history" data-line=n hidden=move || !is_open()>
            <td></td>
            <td colspan="9" class="wide">{history}</td>
        </tr>
    }
}
