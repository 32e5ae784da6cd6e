//! Every invoice and credit note with its status, filtered by status chips; "Needs a decision"
//! (exceptions and credit notes asked for) first, and what accounts payable opens on.

use super::{has_pending, href, is_accounts_payable, status_badge, InvoiceMsg, Shared};
use crate::i18n::{invoices, use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::ui::format;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_invoicing::invoice::{DocKind, Invoice};
use procura_invoicing::matching::Status;

/// The filters, in the order the chips show them.
const FILTERS: [&str; 7] = [
    "needs_decision",
    "all",
    "exception",
    "credit_requested",
    "matched",
    "accepted",
    "rejected",
];

fn matches(filter: &str, s: Option<Status>) -> bool {
    match (filter, s) {
        ("all", _) => true,
        ("needs_decision", Some(Status::Exception | Status::CreditRequested)) => true,
        (key, Some(s)) => s.key() == key,
        _ => false,
    }
}

fn label(filter: &str, lang: Lang) -> &'static str {
    match filter {
        "needs_decision" => InvoiceMsg::FilterNeedsDecision.text(lang),
        "all" => InvoiceMsg::FilterAll.text(lang),
        "exception" => invoices::status(lang, Status::Exception),
        "credit_requested" => invoices::status(lang, Status::CreditRequested),
        "matched" => invoices::status(lang, Status::Matched),
        "accepted" => invoices::status(lang, Status::Accepted),
        _ => invoices::status(lang, Status::Rejected),
    }
}

#[component]
pub fn InvoiceList(data: Memo<Shared>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let initial = if is_accounts_payable(app) {
        "needs_decision"
    } else {
        "all"
    };
    let filter = RwSignal::new(initial.to_owned());
    let chips = move || {
        let lang = i18n.lang();
        let d = data.get();
        FILTERS
            .into_iter()
            .map(|key| {
                let count = d
                    .0
                    .invoices
                    .iter()
                    .filter(|i| matches(key, d.0.status(&i.id)))
                    .count();
                let active = move || filter.get() == key;
                view! {
                    <button class="chip" class:active=active aria-pressed=move || active().to_string()
                        data-testid="invoice-filter" data-status=key data-count=count
                        on:click=move |_| filter.set(key.to_owned())>
                        {label(key, lang)} " " <span class="count">{count}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let rows = move || {
        let lang = i18n.lang();
        let d = data.get();
        let f = filter.get();
        let shown: Vec<_> =
            d.0.invoices
                .iter()
                .filter(|i| matches(&f, d.0.status(&i.id)))
                .map(|i| row(app, &d, i, lang))
                .collect();
        if shown.is_empty() && !d.0.invoices.is_empty() {
            return view! { <tr><td colspan="8" class="muted" data-testid="no-matching-invoices">{InvoiceMsg::NoMatch.text(lang)}</td></tr> }.into_any();
        }
        shown.collect_view().into_any()
    };
    view! {
        <section class="req-section invoice-list-section">
            <div class="chips" role="group">{chips}</div>
            <Show when=move || data.with(|d| !d.0.invoices.is_empty())
                fallback=move || view! { <p class="empty" data-testid="no-invoices">{move || i18n.t(InvoiceMsg::NoInvoices)}</p> }>
                <div class="table-scroll">
                    <table class="data invoice-list stack" data-testid="invoice-list">
                        <thead><tr>
                            <th>{move || i18n.t(InvoiceMsg::ColNumber)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColSupplier)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColOrder)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColIssued)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColDue)}</th>
                            <th class="num">{move || i18n.t(InvoiceMsg::ColAmount)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColStatus)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

fn row(app: AppState, d: &Shared, inv: &Invoice, lang: Lang) -> impl IntoView {
    let t = move |m: InvoiceMsg| m.text(lang);
    let doc = &inv.document;
    let status = d.0.status(&inv.id);
    let order = d.0.order_of(inv);
    let due = procura_invoicing::payment::due_date(inv, order.map(|o| o.terms.payment_days));
    let order_cell = match order {
        Some(o) => {
            let (to, number) = (format!("/orders/{}", o.id), o.number.clone());
            view! { <A href=to attr:data-testid="invoice-order">{number}</A> }.into_any()
        }
        None => view! { <span class="muted">{t(InvoiceMsg::NoOrder)}</span> }.into_any(),
    };
    let amount = match doc.kind {
        DocKind::Invoice => doc.total,
        DocKind::CreditNote => -doc.total,
    };
    let pending = has_pending(app, &inv.id);
    let (to, number) = (href(&inv.id), doc.number.clone());
    view! {
        <tr data-testid="invoice-row" data-id=inv.id.clone() data-status=status.map(|s| s.key()).unwrap_or_default()>
            <td data-label=t(InvoiceMsg::ColNumber)>
                <A href=to attr:class="row-link"><span data-content="">{number}</span></A>
                <div class="muted small">{invoices::kind(lang, doc.kind)}</div>
            </td>
            <td data-label=t(InvoiceMsg::ColSupplier)><span data-content="">{crate::ui::names::supplier_name(inv.supplier_id.as_str(), &inv.supplier_name, lang)}</span></td>
            <td data-label=t(InvoiceMsg::ColOrder)>{order_cell}</td>
            <td class="nowrap" data-label=t(InvoiceMsg::ColIssued)>{format::day(lang, doc.issued)}</td>
            <td class="nowrap" data-label=t(InvoiceMsg::ColDue)>{format::day(lang, due)}</td>
            <td class="num nowrap" data-label=t(InvoiceMsg::ColAmount)>{format::money(lang, amount, &doc.currency)}</td>
            <td data-label=t(InvoiceMsg::ColStatus)>
                {status.map(|s| status_badge(s, lang))}
                {pending.then(|| view! { <small class="badge pending" data-testid="pending-sync">{t(InvoiceMsg::WaitingToSync)}</small> })}
            </td>
        </tr>
    }
}
