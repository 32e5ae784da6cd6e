//! The Invoices screen (`/invoices`): every supplier invoice and credit note on the device with
//! its matching status, the ones that need a decision first; one document's detail with its
//! findings and the decision panel (`/invoices/:id`); typing in a paper invoice
//! (`/invoices/new`); and the list of what is ready for payment. Statuses, findings, who may
//! decide and what is payable are the core's answers ([`procura_invoicing`]); the screen shows
//! them and queues changes.

mod detail;
mod entry;
mod list;
mod msg;
mod payments;

pub use detail::InvoiceDetailPage;
pub use entry::NewInvoicePage;
pub use msg::InvoiceMsg;

use crate::i18n::use_i18n;
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use procura_ground::id::UserId;
use procura_ground::role::Role;
use procura_invoicing::invoice::Invoice;
use procura_invoicing::matching::{self, DocMatch, OrderMatch, Status};
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::invoicing::InvoiceTolerances;
use procura_sync::api::sync::RecordKind;
use procura_sync::sync::{Record, RecordKey};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything the invoice screens show, computed once per change of the records.
pub struct InvoicesView {
    /// Newest first.
    pub invoices: Vec<Invoice>,
    /// Status and findings per document id ([`matching::statuses`]).
    pub statuses: BTreeMap<String, (Status, DocMatch)>,
    /// The orders on the device, by id.
    pub orders: BTreeMap<String, PurchaseOrder>,
    /// Every return and claim on the device: returned goods are not payable.
    pub returns: Vec<procura_invoicing::returns::Return>,
    pub tolerances: InvoiceTolerances,
}

#[derive(Clone)]
pub struct Shared(pub Arc<InvoicesView>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The invoice picture of this device's records (reactive).
pub fn use_invoices(app: AppState) -> Memo<Shared> {
    Memo::new(move |_| Shared(Arc::new(compute(app))))
}

fn compute(app: AppState) -> InvoicesView {
    let tolerances = crate::org::policy(app)
        .map(|p| p.invoicing)
        .unwrap_or_default();
    let orders: BTreeMap<String, PurchaseOrder> = crate::org::orders(app)
        .into_iter()
        .map(|o| (o.id.to_string(), o))
        .collect();
    let mut invoices = invoices(app);
    invoices.sort_by(|a, b| (b.received_at_ms, &a.id).cmp(&(a.received_at_ms, &b.id)));
    let returns = crate::pages::returns::returns(app);
    let refs: Vec<&Invoice> = invoices.iter().collect();
    let rets: Vec<&procura_invoicing::returns::Return> = returns.iter().collect();
    let statuses = matching::statuses(|id| orders.get(id), &refs, &rets, &tolerances);
    InvoicesView {
        invoices,
        statuses,
        orders,
        returns,
        tolerances,
    }
}

/// Every invoice and credit note on the device (reactive).
pub fn invoices(app: AppState) -> Vec<Invoice> {
    app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Invoice(i) => Some(i.clone()),
                _ => None,
            })
            .collect()
    })
}

impl InvoicesView {
    pub fn status(&self, id: &str) -> Option<Status> {
        self.statuses.get(id).map(|s| s.0)
    }

    pub fn invoice(&self, id: &str) -> Option<&Invoice> {
        self.invoices.iter().find(|i| i.id == id)
    }

    pub fn order_of(&self, inv: &Invoice) -> Option<&PurchaseOrder> {
        inv.order_id
            .as_ref()
            .and_then(|o| self.orders.get(o.as_str()))
    }

    /// Every document on an order.
    pub fn on_order(&self, order_id: &str) -> Vec<&Invoice> {
        self.invoices
            .iter()
            .filter(|i| i.order_id.as_ref().is_some_and(|o| o.as_str() == order_id))
            .collect()
    }

    /// The order's billing per line, over every document on it ([`matching::match_order`]).
    pub fn billing(&self, order_id: &str) -> Option<OrderMatch> {
        let order = self.orders.get(order_id)?;
        let rets: Vec<&procura_invoicing::returns::Return> = self
            .returns
            .iter()
            .filter(|r| r.order_id.as_str() == order_id)
            .collect();
        Some(matching::match_order(
            Some(order),
            &self.on_order(order_id),
            &rets,
            &self.tolerances,
        ))
    }
}

/// The people whose requisitions the order fulfils (none of them may decide its invoices), as
/// the hub works them out from the requisition records (reactive).
pub fn requesters(app: AppState, order: &PurchaseOrder) -> Vec<UserId> {
    let mut out: Vec<UserId> = Vec::new();
    for r in &order.requisitions {
        if let Some(req) = crate::org::requisition(app, r.as_str()) {
            if !out.contains(&req.requester) {
                out.push(req.requester);
            }
        }
    }
    out
}

/// Whether a change to this invoice waits in the outbox (reactive).
pub fn has_pending(app: AppState, id: &str) -> bool {
    let key = RecordKey::new(RecordKind::Invoice, id);
    app.work
        .with(|w| w.pending.iter().any(|m| m.op.key() == key))
}

fn has_any(app: AppState, roles: &[Role]) -> bool {
    crate::org::me(app).is_some_and(|a| roles.iter().any(|r| a.has(*r)))
}

/// Accounts payable, buyers and admins see invoices (reactive).
pub fn sees_invoices(app: AppState) -> bool {
    has_any(app, &[Role::AccountsPayable, Role::Buyer, Role::Admin])
}

/// Accounts payable and admins type in invoices (reactive).
pub fn enters_invoices(app: AppState) -> bool {
    has_any(app, &[Role::AccountsPayable, Role::Admin])
}

/// Accounts payable (reactive).
pub fn is_accounts_payable(app: AppState) -> bool {
    has_any(app, &[Role::AccountsPayable])
}

/// The invoice's detail route (the id holds the supplier's number, which may hold anything).
pub fn href(id: &str) -> String {
    format!(
        "/invoices/{}",
        String::from(js_sys::encode_uri_component(id))
    )
}

/// The status badge.
pub fn status_badge(s: Status, lang: crate::i18n::Lang) -> impl IntoView {
    view! {
        <span class=format!("invoice-state {}", s.key()) data-testid="invoice-status" data-status=s.key()>
            {crate::i18n::invoices::status(lang, s)}
        </span>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    List,
    Payments,
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_invoices(app);
    let tab = RwSignal::new(Tab::List);
    let tab_button = move |t: Tab, msg: InvoiceMsg, testid: &'static str| {
        view! {
            <button class="chip" class:active=move || tab.get() == t aria-pressed=move || (tab.get() == t).to_string()
                data-testid=testid on:click=move |_| tab.set(t)>
                {move || i18n.t(msg)}
            </button>
        }
    };
    view! {
        <section class="page invoices" data-testid="invoices-page">
            <div class="page-head">
                <h1>{move || i18n.t(InvoiceMsg::Title)}</h1>
                {move || enters_invoices(app).then(|| view! {
                    <A href="/invoices/new" attr:class="button primary" attr:data-testid="enter-invoice">{move || i18n.t(InvoiceMsg::EnterInvoice)}</A>
                })}
            </div>
            <p class="muted">{move || i18n.t(InvoiceMsg::Intro)}</p>
            {move || (!sees_invoices(app)).then(|| view! {
                <p class="muted" data-testid="invoices-not-for-role">{move || i18n.t(InvoiceMsg::NotForRole)}</p>
            })}
            <div class="chips invoice-tabs" role="group">
                {tab_button(Tab::List, InvoiceMsg::TabDocuments, "tab-documents")}
                {tab_button(Tab::Payments, InvoiceMsg::TabPayments, "tab-payments")}
            </div>
            {move || match tab.get() {
                Tab::List => view! { <list::InvoiceList data=data/> }.into_any(),
                Tab::Payments => view! { <payments::Payments data=data/> }.into_any(),
            }}
        </section>
    }
}

/// The order's billing per line: ordered, accepted on receipt, damaged, invoiced, credited, and
/// the order's billing status (the core's [`OrderMatch`]). The order detail shows it too.
pub fn billing_table(
    order: &PurchaseOrder,
    billing: &OrderMatch,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let t = move |m: InvoiceMsg| m.text(lang);
    let q = move |d: rust_decimal::Decimal| crate::ui::format::number(lang, d.normalize());
    let rows = billing
        .lines
        .iter()
        .map(|l| {
            let line = order.lines.iter().find(|o| o.line_no == l.line_no);
            let over = l.billed() > l.accepted;
            view! {
                <tr data-testid="billing-line" data-line=l.line_no data-over=over.to_string()>
                    <td class="num muted">{l.line_no}</td>
                    <td class="wide" data-label=t(InvoiceMsg::ColDescription)><span data-content="">{line.map(|o| o.description.clone()).unwrap_or_default()}</span></td>
                    <td class="num" data-label=t(InvoiceMsg::ColOrdered)>{q(l.ordered)}</td>
                    <td class="num" data-label=t(InvoiceMsg::ColAccepted) data-testid="billing-accepted">{q(l.accepted)}</td>
                    <td class="num" class:damaged=!l.damaged.is_zero() data-label=t(InvoiceMsg::ColDamaged)>{q(l.damaged)}</td>
                    <td class="num" class:changed-value=over data-label=t(InvoiceMsg::ColInvoiced) data-testid="billing-invoiced">{q(l.invoiced)}</td>
                    <td class="num" data-label=t(InvoiceMsg::ColCredited) data-testid="billing-credited">{q(l.credited)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="billing-status">
            {t(InvoiceMsg::BillingStatus)} {crate::ui::format::colon(lang)}
            <span class=format!("billing-state {}", billing.billing.key()) data-testid="billing-status" data-status=billing.billing.key()>
                {crate::i18n::invoices::billing(lang, billing.billing)}
            </span>
        </p>
        <div class="table-scroll">
            <table class="data billing-lines stack" data-testid="billing-lines">
                <thead><tr>
                    <th class="num">"#"</th>
                    <th>{t(InvoiceMsg::ColDescription)}</th>
                    <th class="num">{t(InvoiceMsg::ColOrdered)}</th>
                    <th class="num">{t(InvoiceMsg::ColAccepted)}</th>
                    <th class="num">{t(InvoiceMsg::ColDamaged)}</th>
                    <th class="num">{t(InvoiceMsg::ColInvoiced)}</th>
                    <th class="num">{t(InvoiceMsg::ColCredited)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
