//! What is ready for payment ([`procura_invoicing::payment::payables`]): due date, supplier,
//! number, amount (credit notes negative), the early-payment discount, totals per currency, and
//! the list as CSV for the payment run.

use super::{href, InvoiceMsg, Shared};
use crate::i18n::{invoices, use_i18n, Lang};
use crate::ui::csv::{self, Field};
use crate::ui::format;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_invoicing::payment::{payables, Payable};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn list(d: &Shared) -> Vec<Payable> {
    let docs =
        d.0.invoices
            .iter()
            .filter_map(|i| d.0.status(&i.id).map(|s| (i, s)));
    payables(docs, |order| {
        d.0.orders.get(order).map(|o| o.terms.payment_days)
    })
}

/// The sum per currency (amounts of different currencies are never added).
fn totals(list: &[Payable]) -> BTreeMap<String, Decimal> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for p in list {
        let slot = out.entry(p.currency.clone()).or_default();
        *slot = slot.saturating_add(p.amount);
    }
    out
}

fn download(list: &[Payable], lang: Lang) -> Result<(), String> {
    let t = |m: InvoiceMsg| m.text(lang).to_owned();
    let header = vec![
        t(InvoiceMsg::ColDue),
        t(InvoiceMsg::ColSupplier),
        t(InvoiceMsg::ColNumber),
        t(InvoiceMsg::ColKind),
        t(InvoiceMsg::ColIssued),
        t(InvoiceMsg::Currency),
        t(InvoiceMsg::ColAmount),
        format!(
            "{} ({})",
            t(InvoiceMsg::ColDiscount),
            t(InvoiceMsg::DiscountUntil)
        ),
        t(InvoiceMsg::ColDiscount),
    ];
    let rows: Vec<Vec<Field>> = list
        .iter()
        .map(|p| {
            vec![
                Field::Text(p.due.to_string()),
                Field::Text(p.supplier_name.clone()),
                Field::Text(p.number.clone()),
                Field::Text(invoices::kind(lang, p.kind).to_owned()),
                Field::Text(p.issued.to_string()),
                Field::Text(p.currency.clone()),
                Field::Number(p.amount),
                Field::Text(p.discount_until.map(|d| d.to_string()).unwrap_or_default()),
                match p.discount_amount {
                    Some(a) => Field::Number(a),
                    None => Field::Text(String::new()),
                },
            ]
        })
        .collect();
    let today = procura_ground::date::day_of_ms(crate::org::now_ms());
    csv::download(
        &InvoiceMsg::csv_name(lang, &today.to_string()),
        &header,
        &rows,
    )
}

#[component]
pub fn Payments(data: Memo<Shared>) -> impl IntoView {
    let i18n = use_i18n();
    let payable = Memo::new(move |_| data.with(list));
    let error = RwSignal::new(None::<String>);
    let rows = move || {
        let lang = i18n.lang();
        let d = data.get();
        payable
            .get()
            .into_iter()
            .map(|p| {
                // The supplier's name in the UI language where the app knows it.
                let supplier = match d.0.invoice(&p.invoice_id) {
                    Some(i) => crate::ui::names::supplier_name(i.supplier_id.as_str(), &p.supplier_name, lang),
                    None => p.supplier_name.clone(),
                };
                let t = move |m: InvoiceMsg| m.text(lang);
                let discount = match (p.discount_until, p.discount_amount) {
                    (Some(until), Some(amount)) => InvoiceMsg::discount_amount(
                        lang,
                        &format::money(lang, amount, &p.currency),
                        &format::day(lang, until),
                    ),
                    _ => "—".to_owned(),
                };
                view! {
                    <tr data-testid="payable-row" data-id=p.invoice_id.clone() data-amount=p.amount.normalize().to_string()>
                        <td class="nowrap" data-label=t(InvoiceMsg::ColDue)>{format::day(lang, p.due)}</td>
                        <td data-label=t(InvoiceMsg::ColSupplier)><span data-content="">{supplier}</span></td>
                        <td data-label=t(InvoiceMsg::ColNumber)>
                            <A href=href(&p.invoice_id)><span data-content="">{p.number.clone()}</span></A>
                            <div class="muted small">{invoices::kind(lang, p.kind)} " · " {invoices::status(lang, p.status)}</div>
                        </td>
                        <td class="num nowrap" data-label=t(InvoiceMsg::ColAmount)>{format::money(lang, p.amount, &p.currency)}</td>
                        <td data-label=t(InvoiceMsg::ColDiscount)>{discount}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let sums = move || {
        let lang = i18n.lang();
        totals(&payable.get())
            .into_iter()
            .map(|(cur, sum)| {
                view! { <li data-testid="payable-total" data-currency=cur.clone() data-amount=sum.normalize().to_string()>{format::money(lang, sum, &cur)}</li> }
            })
            .collect_view()
    };
    view! {
        <section class="req-section payments" data-testid="payments">
            <h2>{move || i18n.t(InvoiceMsg::TabPayments)}</h2>
            <p class="muted">{move || i18n.t(InvoiceMsg::PaymentsIntro)}</p>
            <Show when=move || payable.with(|p| !p.is_empty())
                fallback=move || view! { <p class="empty" data-testid="nothing-payable">{move || i18n.t(InvoiceMsg::NothingPayable)}</p> }>
                <div class="actions">
                    <button data-testid="payments-csv" on:click=move |_| {
                        error.set(download(&payable.get_untracked(), i18n.lang_untracked()).err());
                    }>{move || i18n.t(InvoiceMsg::DownloadCsv)}</button>
                    {move || error.get().map(|e| view! { <span class="error" role="status">{e}</span> })}
                </div>
                <div class="table-scroll">
                    <table class="data payables stack" data-testid="payables">
                        <thead><tr>
                            <th>{move || i18n.t(InvoiceMsg::ColDue)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColSupplier)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColNumber)}</th>
                            <th class="num">{move || i18n.t(InvoiceMsg::ColAmount)}</th>
                            <th>{move || i18n.t(InvoiceMsg::ColDiscount)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <h3>{move || i18n.t(InvoiceMsg::TotalsPerCurrency)}</h3>
                <ul class="payable-totals">{sums}</ul>
            </Show>
        </section>
    }
}
