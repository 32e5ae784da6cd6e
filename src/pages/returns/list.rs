//! The returns list (`/returns`) and the returns on one order (the order page's section):
//! number, order, supplier, what goes back, the remedy and where it stands; a requested return
//! may be cancelled by a buyer.

use super::{has_pending, status_msg, ReturnMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use procura_invoicing::returns::{Remedy, Return, ReturnFrom, ReturnStatus};
use procura_sync::sync::Op;

fn lines_text(r: &Return, lang: Lang) -> String {
    r.lines
        .iter()
        .map(|l| {
            let how = match l.from {
                ReturnFrom::Accepted => ReturnMsg::FromAccepted,
                ReturnFrom::Refused => ReturnMsg::FromRefused,
            };
            ReturnMsg::line(
                lang,
                &l.quantity.normalize().to_string(),
                how.text(lang),
                l.order_line,
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn remedy_msg(r: Remedy) -> ReturnMsg {
    match r {
        Remedy::Replace => ReturnMsg::Replace,
        Remedy::Refund => ReturnMsg::Refund,
    }
}

/// One return as a table row; `order_column` shows its order (the list, not the order page).
fn row(app: AppState, r: Return, order_column: bool, lang: Lang) -> impl IntoView {
    let t = move |m: ReturnMsg| m.text(lang);
    let pending = has_pending(app, &r.id);
    let status = r.status;
    let may_cancel = status == ReturnStatus::Requested && crate::pages::orders::is_buyer(app);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (id, revision) = (r.id.clone(), r.revision);
    let cancel = move |_| {
        busy.set(true);
        let op = Op::CancelReturn {
            id: id.clone(),
            revision,
        };
        spawn_local(async move {
            if let Err(e) = records::queue(app, op).await {
                error.try_set(Some(e.to_string()));
            }
            busy.try_set(false);
        });
    };
    let (order_href, order_number) = (format!("/orders/{}", r.order_id), r.order_number.clone());
    let supplier = crate::ui::names::supplier_name(r.supplier_id.as_str(), &r.supplier_name, lang);
    let order = order_column.then(move || {
        view! {
            <td data-label=t(ReturnMsg::ColOrder)>
                <A href=order_href>{order_number}</A>
            </td>
            <td data-label=t(ReturnMsg::ColSupplier)>{supplier}</td>
        }
    });
    let last_note = r
        .history
        .last()
        .filter(|h| !h.note.is_empty() && h.status != ReturnStatus::Requested)
        .map(|h| view! { <div class="muted small">{h.note.clone()}</div> });
    view! {
        <tr data-testid="return-row" data-id=r.id.clone() data-status=status.key()>
            <td data-label=t(ReturnMsg::ColNumber) data-testid="return-number">{r.number.clone()}</td>
            {order}
            <td class="wide" data-label=t(ReturnMsg::ColLines)>
                <div>{lines_text(&r, lang)}</div>
                <div class="muted small">{r.reason.clone()}</div>
                {super::photo::thumb(r.photo.as_ref(), lang)}
            </td>
            <td data-label=t(ReturnMsg::ColRemedy)>{t(remedy_msg(r.remedy))}</td>
            <td data-label=t(ReturnMsg::ColStatus)>
                <span class=format!("return-state {}", status.key()) data-testid="return-status">{t(status_msg(status))}</span>
                {pending.then(|| view! { <small class="badge pending" data-testid="pending-sync">{t(ReturnMsg::WaitingToSync)}</small> })}
                {last_note}
            </td>
            <td class="nowrap" data-label=t(ReturnMsg::ColOpened)>{crate::ui::format::date_time(lang, r.created_at_ms)}</td>
            <td>
                {may_cancel.then(|| view! {
                    <button class="small-button" data-testid="cancel-return" disabled=move || busy.get() || pending on:click=cancel.clone()>
                        {t(ReturnMsg::CancelReturn)}
                    </button>
                })}
                {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            </td>
        </tr>
    }
}

fn table(app: AppState, list: Vec<Return>, order_column: bool, lang: Lang) -> impl IntoView {
    let t = move |m: ReturnMsg| m.text(lang);
    let rows = list
        .into_iter()
        .map(|r| row(app, r, order_column, lang))
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data returns stack" data-testid="returns-table">
                <thead><tr>
                    <th>{t(ReturnMsg::ColNumber)}</th>
                    {order_column.then(|| view! {
                        <th>{t(ReturnMsg::ColOrder)}</th>
                        <th>{t(ReturnMsg::ColSupplier)}</th>
                    })}
                    <th>{t(ReturnMsg::ColLines)}</th>
                    <th>{t(ReturnMsg::ColRemedy)}</th>
                    <th>{t(ReturnMsg::ColStatus)}</th>
                    <th>{t(ReturnMsg::ColOpened)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ReturnsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let list = Memo::new(move |_| super::returns(app));
    view! {
        <section class="page returns-page" data-testid="returns-page">
            <div class="page-head">
                <h1>{move || i18n.t(ReturnMsg::Title)}</h1>
            </div>
            <p class="muted">{move || i18n.t(ReturnMsg::Intro)}</p>
            {move || {
                let lang = i18n.lang();
                let list = list.get();
                if list.is_empty() {
                    if app.storage.get() != StorageStatus::Ready {
                        view! { <p class="muted">{ReturnMsg::Loading.text(lang)}</p> }.into_any()
                    } else {
                        view! { <p class="empty" data-testid="no-returns">{ReturnMsg::Empty.text(lang)}</p> }.into_any()
                    }
                } else {
                    table(app, list, true, lang).into_any()
                }
            }}
        </section>
    }
}

/// The returns on an order, for the order page (nothing when there are none).
#[component]
pub fn ReturnsOnOrder(order_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let list = Memo::new(move |_| super::on_order(app, &order_id));
    move || {
        let list = list.get();
        let lang = i18n.lang();
        (!list.is_empty()).then(|| {
            view! {
                <section class="req-section" data-testid="order-returns">
                    <h2>{ReturnMsg::OnOrder.text(lang)}</h2>
                    {table(app, list, false, lang)}
                </section>
            }
        })
    }
}
