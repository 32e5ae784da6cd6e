//! The order's billing (shown to those who see invoices): per line what was ordered, accepted
//! on receipt, damaged, invoiced and credited, the order's billing status, and the invoices and
//! credit notes on it ([`procura_invoicing::matching::match_order`]).

use crate::i18n::{invoices, use_i18n};
use crate::pages::invoices::{
    billing_table, href, sees_invoices, status_badge, use_invoices, InvoiceMsg,
};
use crate::state::use_app;
use crate::ui::format;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_invoicing::invoice::DocKind;

#[component]
pub fn Billing(order_id: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_invoices(app);
    move || {
        if !sees_invoices(app) {
            return None;
        }
        let lang = i18n.lang();
        let t = move |m: InvoiceMsg| m.text(lang);
        let d = data.get();
        let id = order_id.get();
        let order = d.0.orders.get(&id)?.clone();
        let billing = d.0.billing(&id)?;
        let docs = d.0.on_order(&id);
        let list = if docs.is_empty() {
            view! { <p class="muted" data-testid="no-order-invoices">{t(InvoiceMsg::NoDocuments)}</p> }.into_any()
        } else {
            let items = docs
                .into_iter()
                .map(|inv| {
                    let doc = &inv.document;
                    let (to, number) = (href(&inv.id), doc.number.clone());
                    let amount = match doc.kind {
                        DocKind::Invoice => doc.total,
                        DocKind::CreditNote => -doc.total,
                    };
                    view! {
                        <li data-testid="order-invoice" data-id=inv.id.clone()>
                            <A href=to><span data-content="">{number}</span></A>
                            " · " {invoices::kind(lang, doc.kind)}
                            " · " {format::day(lang, doc.issued)}
                            " · " {format::money(lang, amount, &doc.currency)}
                            " " {d.0.status(&inv.id).map(|s| status_badge(s, lang))}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="order-invoices">{items}</ul> }.into_any()
        };
        Some(view! {
            <section class="req-section order-billing" data-testid="order-billing">
                <h2>{t(InvoiceMsg::Billing)}</h2>
                <p class="muted small">{t(InvoiceMsg::BillingIntro)}</p>
                {billing_table(&order, &billing, lang)}
                <h3>{t(InvoiceMsg::Documents)}</h3>
                {list}
            </section>
        })
    }
}
