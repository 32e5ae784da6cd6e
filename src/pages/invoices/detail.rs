//! One invoice or credit note (`/invoices/:id`): what the document says, how each line maps to
//! its order line, the order's billing per line, what matching found (exceptions and what is
//! within tolerance), the totals stated against worked out, the decisions taken, and the
//! decision panel. Whether the user may decide is the core's answer
//! ([`procura_invoicing::invoice::decide`], asked as the hub asks it).

use super::{
    billing_table, has_pending, requesters, status_badge, use_invoices, InvoiceMsg, Shared,
};
use crate::i18n::{invoices, use_i18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::sync::records;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_invoicing::invoice::{self, Action, DecisionDraft, DocKind, Invoice, Source};
use procura_invoicing::matching::{DocMatch, Status};
use procura_sync::sync::Op;
use rust_decimal::Decimal;

/// The invoice id in the route, as it was encoded by [`super::href`].
fn route_id(raw: &str) -> String {
    js_sys::decode_uri_component(raw)
        .map(String::from)
        .unwrap_or_else(|_| raw.to_owned())
}

#[component]
pub fn InvoiceDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| route_id(&params.with(|p| p.get("id")).unwrap_or_default()));
    let data = use_invoices(app);
    let found = Memo::new(move |_| {
        let id = id.get();
        data.with(|d| d.0.invoice(&id).is_some())
    });
    view! {
        <section class="page invoice-detail" data-testid="invoice-detail">
            <A href="/invoices" attr:class="back-link">"← " {move || i18n.t(InvoiceMsg::BackToList)}</A>
            {move || {
                let lang = i18n.lang();
                let d = data.get();
                match d.0.invoice(&id.get()) {
                    None if app.storage.get() != StorageStatus::Ready => view! { <p class="muted">{InvoiceMsg::Loading.text(lang)}</p> }.into_any(),
                    None => view! { <p class="empty" data-testid="invoice-missing">{InvoiceMsg::NotFound.text(lang)}</p> }.into_any(),
                    Some(inv) => body(app, &d, inv, lang).into_any(),
                }
            }}
            // Outside the block that follows the record, so a sync does not reset the comment;
            // another invoice starts afresh.
            {move || {
                id.track();
                found.get().then(|| {
                    let comment = RwSignal::new(String::new());
                    let message = RwSignal::new(None::<(bool, String)>);
                    view! { <DecisionPanel data id comment message/> }
                })
            }}
        </section>
    }
}

fn body(app: AppState, d: &Shared, inv: &Invoice, lang: Lang) -> impl IntoView {
    let t = move |m: InvoiceMsg| m.text(lang);
    let doc = &inv.document;
    let (status, m) =
        d.0.statuses
            .get(&inv.id)
            .cloned()
            .unwrap_or((Status::Exception, empty_match()));
    let order = d.0.order_of(inv).cloned();
    let due =
        procura_invoicing::payment::due_date(inv, order.as_ref().map(|o| o.terms.payment_days));
    let order_link = match &order {
        Some(o) => {
            let (to, number) = (format!("/orders/{}", o.id), o.number.clone());
            view! { <A href=to attr:data-testid="invoice-order">{number}</A> }.into_any()
        }
        None => view! { <span class="muted">{t(InvoiceMsg::NoOrder)}</span> }.into_any(),
    };
    let original = matches!(inv.source, Source::Cxml | Source::Peppol | Source::Demo).then(|| {
        let url = format!(
            "/api/v1/invoices/{}/original",
            String::from(js_sys::encode_uri_component(&inv.id))
        );
        view! { " · " <a href=url target="_blank" rel="noopener" data-testid="invoice-original">{t(InvoiceMsg::Original)}</a> }
    });
    let credit_for = doc.credit_for.clone().map(|n| {
        let credited = d
            .0
            .invoices
            .iter()
            .find(|i| {
                i.supplier_id == inv.supplier_id
                    && i.document.kind == DocKind::Invoice
                    && i.document.number == n.trim()
            })
            .map(|i| i.id.clone());
        let link = match credited {
            Some(id) => view! { <A href=super::href(&id)><span data-content="">{n.clone()}</span></A> }.into_any(),
            None => view! { <span data-content="">{n.clone()}</span> }.into_any(),
        };
        view! { <dt>{t(InvoiceMsg::CreditFor)}</dt><dd data-testid="invoice-credit-for">{link}</dd> }
    });
    let terms = {
        let mut text = format::day(lang, due);
        if let Some(days) = doc.payment_days {
            text.push_str(&format!(" · {}", InvoiceMsg::net_days(lang, days)));
        }
        if let Some(disc) = &doc.discount {
            text.push_str(&format!(
                " · {}",
                InvoiceMsg::discount(lang, &format::number(lang, disc.percent), disc.days)
            ));
        }
        text
    };
    let entered_by = inv.entered_by.as_ref().map(|u| {
        let name = match crate::org::me(app) {
            Some(me) if &me.id == u => me.name,
            _ => crate::org::policy(app)
                .map(|p| p.name_of(u.as_str()).to_owned())
                .unwrap_or_else(|| u.to_string()),
        };
        view! { <dt>{t(InvoiceMsg::EnteredBy)}</dt><dd data-content="">{name}</dd> }
    });
    let note = (!doc.note.is_empty()).then(|| {
        view! { <dt>{t(InvoiceMsg::Note)}</dt><dd class="pre" data-content="">{doc.note.clone()}</dd> }
    });
    let pending = has_pending(app, &inv.id);
    let lines = lines_table(inv, &m, order.as_ref(), lang);
    let billing = order.as_ref().and_then(|o| {
        d.0.billing(o.id.as_str())
            .map(|b| billing_table(o, &b, lang))
    });
    view! {
        <div class="page-head">
            <div>
                <h1 data-testid="invoice-number"><span data-content="">{doc.number.clone()}</span></h1>
                <div class="head-marks">
                    {status_badge(status, lang)}
                    <span class="muted">{invoices::kind(lang, doc.kind)}</span>
                    {pending.then(|| view! { <small class="badge pending" data-testid="pending-sync">{t(InvoiceMsg::WaitingToSync)}</small> })}
                </div>
            </div>
        </div>
        <div class="requisition-summary">
            <dl class="facts">
                <dt>{t(InvoiceMsg::ColSupplier)}</dt>
                <dd data-testid="invoice-supplier"><span data-content="">{crate::ui::names::supplier_name(inv.supplier_id.as_str(), &inv.supplier_name, lang)}</span></dd>
                <dt>{t(InvoiceMsg::ColOrder)}</dt><dd>{order_link}</dd>
                {credit_for}
                <dt>{t(InvoiceMsg::ColIssued)}</dt><dd>{format::day(lang, doc.issued)}</dd>
                <dt>{t(InvoiceMsg::PaymentTerms)}</dt><dd data-testid="invoice-due">{terms}</dd>
                <dt>{t(InvoiceMsg::Currency)}</dt><dd>{doc.currency.clone()}</dd>
                <dt>{t(InvoiceMsg::Source)}</dt><dd>{invoices::source(lang, inv.source)} {original}</dd>
                <dt>{t(InvoiceMsg::Received)}</dt><dd>{format::date_time(lang, inv.received_at_ms)}</dd>
                {entered_by}
                {note}
            </dl>
            {totals(inv, &m, lang)}
        </div>
        {findings(inv, &m, lang)}
        <section class="req-section">
            <h2>{t(InvoiceMsg::Lines)}</h2>
            {lines}
        </section>
        {billing.map(|b| view! {
            <section class="req-section">
                <h2>{t(InvoiceMsg::Billing)}</h2>
                <p class="muted small">{t(InvoiceMsg::BillingIntro)}</p>
                {b}
            </section>
        })}
        {decisions(inv, lang)}
    }
}

fn empty_match() -> DocMatch {
    DocMatch {
        findings: Vec::new(),
        order_lines: Vec::new(),
        net: None,
        tax: None,
        total: None,
    }
}

fn lines_table(
    inv: &Invoice,
    m: &DocMatch,
    order: Option<&procura_orders::order::PurchaseOrder>,
    lang: Lang,
) -> impl IntoView {
    let t = move |x: InvoiceMsg| x.text(lang);
    let cur = inv.document.currency.clone();
    let rows = inv
        .document
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let ol = m.order_lines.get(i).copied().flatten();
            let ordered_price = ol.and_then(|n| {
                order.and_then(|o| o.lines.iter().find(|x| x.line_no == n))
            });
            let over = ordered_price.is_some_and(|o| l.unit_price > o.unit_price);
            let unit = crate::ui::units::unit_label(&l.unit, lang);
            view! {
                <tr data-testid="invoice-line" data-line=l.line_no>
                    <td class="num muted">{l.line_no}</td>
                    <td data-label=t(InvoiceMsg::ColOrderLine)>{match ol {
                        Some(n) => n.to_string(),
                        None => t(InvoiceMsg::NoOrderLine).to_owned(),
                    }}</td>
                    <td class="wide" data-label=t(InvoiceMsg::ColDescription)>
                        <div data-content="">{l.description.clone()}</div>
                        <div class="muted small" data-content="">{l.supplier_part.clone()}</div>
                    </td>
                    <td class="num nowrap" data-label=t(InvoiceMsg::ColQuantity)>{format::number(lang, l.quantity.normalize())} " " {unit}</td>
                    <td class="num nowrap" class:changed-value=over data-label=t(InvoiceMsg::ColUnitPrice)>{format::money(lang, l.unit_price, &cur)}</td>
                    <td class="num nowrap" data-label=t(InvoiceMsg::ColOrderedPrice)>{ordered_price.map(|o| format::money(lang, o.unit_price, &cur)).unwrap_or_else(|| "—".into())}</td>
                    <td class="num" data-label=t(InvoiceMsg::ColTax)>{format::number(lang, l.tax_percent.normalize())}</td>
                    <td class="num nowrap" data-label=t(InvoiceMsg::ColNet)>{format::money(lang, l.net, &cur)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data invoice-lines stack" data-testid="invoice-lines">
                <thead><tr>
                    <th class="num">{t(InvoiceMsg::ColLine)}</th>
                    <th>{t(InvoiceMsg::ColOrderLine)}</th>
                    <th>{t(InvoiceMsg::ColDescription)}</th>
                    <th class="num">{t(InvoiceMsg::ColQuantity)}</th>
                    <th class="num">{t(InvoiceMsg::ColUnitPrice)}</th>
                    <th class="num">{t(InvoiceMsg::ColOrderedPrice)}</th>
                    <th class="num">{t(InvoiceMsg::ColTax)}</th>
                    <th class="num">{t(InvoiceMsg::ColNet)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn findings(inv: &Invoice, m: &DocMatch, lang: Lang) -> impl IntoView {
    let t = move |x: InvoiceMsg| x.text(lang);
    let items = if m.findings.is_empty() {
        view! { <p class="muted" data-testid="no-findings">{t(InvoiceMsg::NoFindings)}</p> }
            .into_any()
    } else {
        let list = m
            .findings
            .iter()
            .map(|f| {
                let (class, mark) = if f.exception {
                    ("finding exception", InvoiceMsg::Exception)
                } else {
                    ("finding within", InvoiceMsg::WithinTolerance)
                };
                let kind = serde_json::to_value(&f.variance)
                    .ok()
                    .and_then(|v| v.get("kind").and_then(|k| k.as_str().map(str::to_owned)))
                    .unwrap_or_default();
                view! {
                    <li class=class data-testid="invoice-finding" data-kind=kind data-exception=f.exception.to_string()>
                        <span class="finding-mark">{t(mark)}</span>
                        " "
                        <span>{invoices::variance(lang, &f.variance, &inv.document.currency)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="findings">{list}</ul> }.into_any()
    };
    view! {
        <section class="req-section" data-testid="invoice-findings">
            <h2>{t(InvoiceMsg::Findings)}</h2>
            {items}
        </section>
    }
}

fn totals(inv: &Invoice, m: &DocMatch, lang: Lang) -> impl IntoView {
    let t = move |x: InvoiceMsg| x.text(lang);
    let cur = inv.document.currency.clone();
    let worked = move |v: Option<Decimal>| match v {
        Some(v) => format::money(lang, v, &cur),
        None => t(InvoiceMsg::TooLarge).to_owned(),
    };
    let stated_net = inv.document.total - inv.document.tax_total;
    let cur2 = inv.document.currency.clone();
    let stated = move |v: Decimal| format::money(lang, v, &cur2);
    view! {
        <div class="summary-totals invoice-totals">
            <h2>{t(InvoiceMsg::Totals)}</h2>
            <div class="table-scroll">
            <table class="data compact" data-testid="invoice-totals">
                <thead><tr><th></th><th class="num">{t(InvoiceMsg::Stated)}</th><th class="num">{t(InvoiceMsg::WorkedOut)}</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{t(InvoiceMsg::NetTotal)}</th><td class="num nowrap">{stated(stated_net)}</td><td class="num nowrap">{worked(m.net)}</td></tr>
                    <tr><th scope="row">{t(InvoiceMsg::TaxTotal)}</th><td class="num nowrap">{stated(inv.document.tax_total)}</td><td class="num nowrap">{worked(m.tax)}</td></tr>
                    <tr><th scope="row">{t(InvoiceMsg::GrandTotal)}</th><td class="num nowrap" data-testid="stated-total">{stated(inv.document.total)}</td><td class="num nowrap" data-testid="worked-total">{worked(m.total)}</td></tr>
                </tbody>
            </table>
            </div>
        </div>
    }
}

fn decisions(inv: &Invoice, lang: Lang) -> impl IntoView {
    let t = move |x: InvoiceMsg| x.text(lang);
    let list = if inv.decisions.is_empty() {
        view! { <p class="muted">{t(InvoiceMsg::NoDecisions)}</p> }.into_any()
    } else {
        let items = inv.decisions
            .iter()
            .map(|d| {
                view! {
                    <li data-testid="invoice-decision" data-action=format!("{:?}", d.action).to_lowercase()>
                        <strong>{invoices::action(lang, d.action)}</strong>
                        " · "
                        <span data-content="">{InvoiceMsg::decided_by(lang, &d.by_name, &format::date_time(lang, d.at_ms))}</span>
                        {(!d.comment.is_empty()).then(|| view! { <div class="pre" data-content="">{d.comment.clone()}</div> })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="decision-trail">{items}</ul> }.into_any()
    };
    view! {
        <section class="req-section" data-testid="invoice-decisions">
            <h2>{t(InvoiceMsg::Decisions)}</h2>
            {list}
        </section>
    }
}

/// What the core says about this user deciding now: `Ok` or the refusal (a comment stands in
/// for the one not typed yet, which is asked on submit).
fn may_decide(app: AppState, d: &Shared, inv: &Invoice, lang: Lang) -> Result<(), String> {
    let me = crate::org::me(app).ok_or_else(String::new)?;
    let status = d.0.status(&inv.id).unwrap_or(Status::Exception);
    let requesters =
        d.0.order_of(inv)
            .map(|o| requesters(app, o))
            .unwrap_or_default();
    let draft = DecisionDraft {
        invoice_id: inv.id.clone(),
        revision: inv.revision,
        action: Action::RequestCredit,
        comment: String::new(),
    };
    invoice::decide(
        inv,
        &draft,
        status,
        &requesters,
        (&me.id, &me.name),
        &me.roles,
        crate::org::now_ms(),
    )
    .map(|_| ())
    .map_err(|r| crate::i18n::reasons::text(lang, &r.reason))
}

#[component]
fn DecisionPanel(
    data: Memo<Shared>,
    id: Memo<String>,
    comment: RwSignal<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Shown while the document waits for a decision, to those whose role decides.
    let open = move || {
        data.with(|d| {
            d.0.status(&id.get())
                .is_some_and(|s| matches!(s, Status::Exception | Status::CreditRequested))
        }) && crate::org::me(app).is_some_and(|a| {
            a.has(procura_ground::role::Role::AccountsPayable)
                || a.has(procura_ground::role::Role::Buyer)
        })
    };
    let refusal = move || {
        let d = data.get();
        match d.0.invoice(&id.get()) {
            Some(inv) => may_decide(app, &d, inv, i18n.lang()).err(),
            None => Some(String::new()),
        }
    };
    let submit = move |action: Action| {
        let lang = i18n.lang_untracked();
        let d = data.get_untracked();
        let Some(inv) = d.0.invoice(&id.get_untracked()).cloned() else {
            return;
        };
        let Some(me) = crate::org::me(app) else {
            return;
        };
        let draft = DecisionDraft {
            invoice_id: inv.id.clone(),
            revision: inv.revision,
            action,
            comment: comment.get_untracked().trim().to_owned(),
        };
        let status = d.0.status(&inv.id).unwrap_or(Status::Exception);
        let requesters =
            d.0.order_of(&inv)
                .map(|o| requesters(app, o))
                .unwrap_or_default();
        if let Err(r) = invoice::decide(
            &inv,
            &draft,
            status,
            &requesters,
            (&me.id, &me.name),
            &me.roles,
            crate::org::now_ms(),
        ) {
            message.set(Some((false, crate::i18n::reasons::text(lang, &r.reason))));
            return;
        }
        spawn_local(async move {
            match records::queue(app, Op::DecideInvoice { decision: draft }).await {
                Ok(()) => {
                    comment.set(String::new());
                    message.set(Some((true, InvoiceMsg::Decided.text(lang).to_owned())));
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };
    view! {
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "ok" } else { "error" } role="status" data-testid="decision-message">{text}</p>
        })}
        {move || open().then(|| {
            let blocked = refusal();
            let disabled = blocked.is_some();
            view! {
                <section class="req-section decision-panel" data-testid="decision-panel" data-disabled=disabled.to_string()>
                    <h2>{move || i18n.t(InvoiceMsg::Decide)}</h2>
                    <p class="muted small">{move || i18n.t(InvoiceMsg::DecideIntro)}</p>
                    {blocked.clone().filter(|b| !b.is_empty()).map(|b| view! { <p class="notice warn" data-testid="decision-blocked">{b}</p> })}
                    <label class="block">{move || i18n.t(InvoiceMsg::Comment)}
                        <textarea rows="3" maxlength=invoice::MAX_COMMENT.to_string() data-testid="decision-comment" disabled=disabled
                            prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="actions">
                        <button class="primary" data-testid="decide-accept" disabled=disabled on:click=move |_| submit(Action::Accept)>{move || i18n.t(InvoiceMsg::Accept)}</button>
                        <button data-testid="decide-credit" disabled=disabled on:click=move |_| submit(Action::RequestCredit)>{move || i18n.t(InvoiceMsg::RequestCredit)}</button>
                        <button class="danger" data-testid="decide-reject" disabled=disabled on:click=move |_| submit(Action::Reject)>{move || i18n.t(InvoiceMsg::Reject)}</button>
                    </div>
                </section>
            }
        })}
    }
}
