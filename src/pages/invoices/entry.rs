//! Accounts payable types in a paper invoice or credit note (`/invoices/new`): the supplier,
//! optionally one of its orders (which fills the lines with what was accepted on receipt and
//! not billed yet, at the order's prices and tax), the document's number, dates, currency,
//! lines, stated tax and total, and a note. The core checks it
//! ([`procura_invoicing::invoice::enter`], the hub's own rule) before it is queued.

use super::{enters_invoices, href, use_invoices, InvoiceMsg, Shared};
use crate::i18n::{invoices, use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::sync::records;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use procura_ground::date::{self, Date};
use procura_ground::id::SupplierId;
use procura_ground::money;
use procura_invoicing::invoice::{self, DocKind, EnteredInvoice, InvoiceDocument, InvoiceLine};
use procura_orders::order::PurchaseOrder;
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One line of the form; every field a signal of its own so typing re-renders nothing else.
#[derive(Clone, Copy)]
struct LineRow {
    key: u32,
    order_line: RwSignal<String>,
    part: RwSignal<String>,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit: RwSignal<String>,
    price: RwSignal<String>,
    tax: RwSignal<String>,
}

impl LineRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            order_line: RwSignal::new(String::new()),
            part: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            quantity: RwSignal::new(String::new()),
            unit: RwSignal::new("EA".into()),
            price: RwSignal::new(String::new()),
            tax: RwSignal::new("0".into()),
        }
    }
}

fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A number typed in; blank is zero where `blank_zero`.
fn number(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim()).ok()
}

/// The order's lines as the form's, each with what was accepted on receipt and not billed yet
/// (the core's [`procura_invoicing::matching::LineBilling`]); `false` when nothing is left.
fn order_lines(d: &Shared, order: &PurchaseOrder, next_key: &mut u32) -> (Vec<LineRow>, bool) {
    let billing = d.0.billing(order.id.as_str());
    let open = |line_no: u32| {
        billing
            .as_ref()
            .and_then(|b| b.lines.iter().find(|l| l.line_no == line_no))
            .map(|l| (l.accepted - l.billed()).max(Decimal::ZERO))
            .unwrap_or_default()
    };
    let mut rows: Vec<LineRow> = Vec::new();
    let any = order.lines.iter().any(|l| open(l.line_no) > Decimal::ZERO);
    for l in &order.lines {
        let q = open(l.line_no);
        if any && q.is_zero() {
            continue;
        }
        *next_key += 1;
        let row = LineRow::new(*next_key);
        row.order_line.set(l.line_no.to_string());
        row.part.set(l.supplier_part.clone());
        row.description.set(l.description.clone());
        row.quantity.set(plain(q));
        row.unit.set(l.unit.clone());
        row.price.set(plain(l.unit_price));
        row.tax.set(plain(l.tax_percent));
        rows.push(row);
    }
    (rows, any)
}

/// The lines' tax and total as matching works them out, `None` past the bounds.
fn worked_out(lines: &[InvoiceLine], currency: &str) -> Option<(Decimal, Decimal)> {
    procura_invoicing::matching::totals(lines, currency).map(|(_, tax, total)| (tax, total))
}

/// The lines as the document states them; `Err` names the first line that is not numbers.
fn read_lines(rows: &[LineRow], currency: &str) -> Result<Vec<InvoiceLine>, u32> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let quantity = number(&r.quantity.get_untracked()).ok_or(line_no)?;
            let unit_price = number(&r.price.get_untracked()).ok_or(line_no)?;
            let tax = r.tax.get_untracked();
            let tax_percent = if tax.trim().is_empty() {
                Decimal::ZERO
            } else {
                number(&tax).ok_or(line_no)?
            };
            let order_line = r.order_line.get_untracked().trim().parse::<u32>().ok();
            let net = money::line_net(quantity, unit_price, currency).unwrap_or(Decimal::MAX);
            Ok(InvoiceLine {
                line_no,
                order_line,
                supplier_part: r.part.get_untracked().trim().to_owned(),
                description: r.description.get_untracked().trim().to_owned(),
                quantity,
                unit: r.unit.get_untracked().trim().to_owned(),
                unit_price,
                tax_percent,
                net,
            })
        })
        .collect()
}

/// The organisation's suppliers (and any an order names), by name.
fn suppliers(app: AppState, d: &Shared, lang: Lang) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = app.suppliers.with(|s| {
        s.iter()
            .map(|s| {
                (
                    s.id.to_string(),
                    s.name.get(lang).to_owned(),
                    s.currency.clone(),
                )
            })
            .collect()
    });
    for o in d.0.orders.values() {
        if !out.iter().any(|(id, _, _)| id == o.supplier_id.as_str()) {
            out.push((
                o.supplier_id.to_string(),
                o.supplier_name.clone(),
                o.currency.clone(),
            ));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[component]
pub fn NewInvoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <section class="page invoice-new" data-testid="invoice-new">
            <A href="/invoices" attr:class="back-link">"← " {move || i18n.t(InvoiceMsg::BackToList)}</A>
            <h1>{move || i18n.t(InvoiceMsg::NewTitle)}</h1>
            <p class="muted">{move || i18n.t(InvoiceMsg::NewIntro)}</p>
            {move || if enters_invoices(app) {
                view! { <EntryForm/> }.into_any()
            } else {
                view! { <p class="muted" data-testid="entry-not-for-role">{move || i18n.t(InvoiceMsg::EntryOnly)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn EntryForm() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_invoices(app);
    let navigate = use_navigate();
    let today = date::day_of_ms(crate::org::now_ms());
    let supplier = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let kind = RwSignal::new("invoice".to_owned());
    let number_text = RwSignal::new(String::new());
    let issued = RwSignal::new(today.to_string());
    let due = RwSignal::new(String::new());
    let payment_days = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let credit_for = RwSignal::new(String::new());
    let tax_total = RwSignal::new(String::new());
    let total = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let next_key = StoredValue::new(1u32);
    let lines = RwSignal::new(vec![LineRow::new(1)]);
    let notice = RwSignal::new(None::<&'static str>);
    let message = RwSignal::new(None::<(bool, String)>);
    let saved = RwSignal::new(None::<String>);

    // The lines' totals now, as the core's money rule works them out.
    let worked = Memo::new(move |_| {
        let cur = currency.get();
        let rows = lines.get();
        // Track every field.
        for r in &rows {
            r.quantity.track();
            r.price.track();
            r.tax.track();
        }
        let parsed = read_lines(&rows, &cur).ok()?;
        worked_out(&parsed, &cur)
    });
    // The stated tax and total follow the lines until typed over.
    let typed_totals = RwSignal::new(false);
    let stated_tax = move || match (typed_totals.get(), worked.get()) {
        (false, Some((tax, _))) => plain(tax),
        _ => tax_total.get(),
    };
    let stated_total = move || match (typed_totals.get(), worked.get()) {
        (false, Some((_, sum))) => plain(sum),
        _ => total.get(),
    };
    let use_worked = move || {
        if let Some((tax, sum)) = worked.get_untracked() {
            tax_total.set(plain(tax));
            total.set(plain(sum));
        }
        typed_totals.set(false);
    };

    let choose_supplier = move |id: String| {
        supplier.set(id.clone());
        order.set(String::new());
        notice.set(None);
        let d = data.get_untracked();
        let cur = suppliers(app, &d, i18n.lang_untracked())
            .into_iter()
            .find(|s| s.0 == id)
            .map(|s| s.2)
            .unwrap_or_default();
        currency.set(cur);
    };
    let choose_order = move |id: String| {
        order.set(id.clone());
        notice.set(None);
        let d = data.get_untracked();
        let Some(o) = d.0.orders.get(&id).cloned() else {
            return;
        };
        currency.set(o.currency.clone());
        payment_days.set(o.terms.payment_days.to_string());
        let mut key = next_key.get_value();
        let (rows, any) = order_lines(&d, &o, &mut key);
        next_key.set_value(key);
        if !any {
            notice.set(Some(InvoiceMsg::NothingToBill.text(i18n.lang_untracked())));
        }
        if !rows.is_empty() {
            lines.set(rows);
        }
        use_worked();
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang_untracked();
        let t = move |m: InvoiceMsg| m.text(lang).to_owned();
        let d = data.get_untracked();
        let supplier_id = supplier.get_untracked();
        let Some((_, name, _)) = suppliers(app, &d, lang)
            .into_iter()
            .find(|s| s.0 == supplier_id)
        else {
            message.set(Some((
                false,
                crate::i18n::reasons::text(
                    lang,
                    &procura_ground::reason::Reason::InvoiceUnknownSupplier {},
                ),
            )));
            return;
        };
        let cur = currency.get_untracked().trim().to_uppercase();
        let doc_lines = match read_lines(&lines.get_untracked(), &cur) {
            Ok(l) => l,
            Err(line) => {
                message.set(Some((
                    false,
                    crate::i18n::reasons::text(
                        lang,
                        &procura_ground::reason::Reason::InvoiceLineInvalid { line },
                    ),
                )));
                return;
            }
        };
        let Some(issued_day) = date::parse_day(issued.get_untracked().trim()) else {
            message.set(Some((false, t(InvoiceMsg::BadDate))));
            return;
        };
        let due_text = due.get_untracked();
        let due_day: Option<Date> = if due_text.trim().is_empty() {
            None
        } else {
            match date::parse_day(due_text.trim()) {
                Some(d) => Some(d),
                None => {
                    message.set(Some((false, t(InvoiceMsg::BadDate))));
                    return;
                }
            }
        };
        let days_text = payment_days.get_untracked();
        let days: Option<u32> = if days_text.trim().is_empty() {
            None
        } else {
            match days_text.trim().parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    message.set(Some((false, t(InvoiceMsg::BadNumber))));
                    return;
                }
            }
        };
        let (Some(tax_amount), Some(total_amount)) =
            (number(&untrack(stated_tax)), number(&untrack(stated_total)))
        else {
            message.set(Some((false, t(InvoiceMsg::BadNumber))));
            return;
        };
        let doc_kind = if kind.get_untracked() == "credit_note" {
            DocKind::CreditNote
        } else {
            DocKind::Invoice
        };
        let order_id = order.get_untracked();
        let chosen = d.0.orders.get(&order_id).cloned();
        let credit = credit_for.get_untracked().trim().to_owned();
        let document = InvoiceDocument {
            kind: doc_kind,
            number: number_text.get_untracked().trim().to_owned(),
            document_id: String::new(),
            issued: issued_day,
            due: due_day,
            currency: cur,
            order_id: chosen.as_ref().map(|o| o.id.to_string()),
            order_number: chosen.as_ref().map(|o| o.number.clone()),
            credit_for: (doc_kind == DocKind::CreditNote && !credit.is_empty()).then_some(credit),
            lines: doc_lines,
            tax_total: tax_amount,
            total: total_amount,
            payment_days: days,
            discount: None,
            note: note.get_untracked().trim().to_owned(),
            contract: None,
        };
        let Some(me) = crate::org::me(app) else {
            return;
        };
        let supplier_id = SupplierId::from(supplier_id);
        let id = invoice::invoice_id(&supplier_id, doc_kind, &document.number);
        let entered = EnteredInvoice {
            supplier_id,
            document,
        };
        // The hub's own rule, with what the device holds: bounds, duplicates, the role.
        if let Err(r) = invoice::enter(
            d.0.invoice(&id),
            entered.clone(),
            Some(&name),
            chosen.as_ref(),
            &me.id,
            &me.roles,
            crate::org::now_ms(),
        ) {
            message.set(Some((false, crate::i18n::reasons::text(lang, &r.reason))));
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match records::queue(app, Op::EnterInvoice { invoice: entered }).await {
                Ok(()) => {
                    message.set(Some((true, t(InvoiceMsg::Saved))));
                    saved.set(Some(id.clone()));
                    navigate(&href(&id), Default::default());
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };

    let supplier_options = move || {
        let lang = i18n.lang();
        let d = data.get();
        suppliers(app, &d, lang)
            .into_iter()
            .map(|(id, name, _)| {
                let selected = supplier.get_untracked() == id;
                view! { <option value=id.clone() selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let order_options = move || {
        let s = supplier.get();
        let d = data.get();
        let mut list: Vec<&PurchaseOrder> =
            d.0.orders
                .values()
                .filter(|o| o.supplier_id.as_str() == s)
                .collect();
        list.sort_by_key(|o| std::cmp::Reverse(o.created_at_ms));
        list.into_iter()
            .map(|o| {
                let selected = order.get_untracked() == o.id.as_str();
                view! { <option value=o.id.to_string() selected=selected>{o.number.clone()}</option> }
            })
            .collect_view()
    };
    let remove = move |key: u32| lines.update(|l| l.retain(|r| r.key != key));
    let add = move |_| {
        let key = next_key.get_value() + 1;
        next_key.set_value(key);
        lines.update(|l| l.push(LineRow::new(key)));
    };
    let worked_line = move || {
        let lang = i18n.lang();
        let cur = currency.get();
        worked.get().map(|(tax, sum)| {
            InvoiceMsg::worked_out(
                lang,
                &format::money(lang, sum, &cur),
                &format::money(lang, tax, &cur),
            )
        })
    };
    view! {
        <form class="invoice-form" data-testid="invoice-form" on:submit=submit>
            <div class="form-grid">
                <label>{move || i18n.t(InvoiceMsg::ColSupplier)}
                    <select data-testid="entry-supplier" required on:change=move |ev| choose_supplier(event_target_value(&ev))>
                        <option value="" selected=move || supplier.get().is_empty()>{move || i18n.t(InvoiceMsg::ChooseSupplier)}</option>
                        {supplier_options}
                    </select>
                </label>
                <label>{move || i18n.t(InvoiceMsg::ColOrder)}
                    <select data-testid="entry-order" on:change=move |ev| choose_order(event_target_value(&ev))>
                        <option value="" selected=move || order.get().is_empty()>{move || i18n.t(InvoiceMsg::NoOrderChosen)}</option>
                        {order_options}
                    </select>
                </label>
                <label>{move || i18n.t(InvoiceMsg::Kind)}
                    <select data-testid="entry-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="invoice">{move || invoices::kind(i18n.lang(), DocKind::Invoice)}</option>
                        <option value="credit_note">{move || invoices::kind(i18n.lang(), DocKind::CreditNote)}</option>
                    </select>
                </label>
                <label>{move || i18n.t(InvoiceMsg::Number)}
                    <input type="text" required maxlength=invoice::MAX_NUMBER.to_string() data-testid="entry-number"
                        prop:value=move || number_text.get() on:input=move |ev| number_text.set(event_target_value(&ev))/>
                </label>
                {move || (kind.get() == "credit_note").then(|| view! {
                    <label>{move || i18n.t(InvoiceMsg::CreditForField)}
                        <input type="text" data-testid="entry-credit-for"
                            prop:value=move || credit_for.get() on:input=move |ev| credit_for.set(event_target_value(&ev))/>
                    </label>
                })}
                <label>{move || i18n.t(InvoiceMsg::IssuedField)}
                    <input type="date" required data-testid="entry-issued"
                        prop:value=move || issued.get() on:input=move |ev| issued.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t(InvoiceMsg::DueField)}
                    <input type="date" data-testid="entry-due"
                        prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t(InvoiceMsg::PaymentDaysField)}
                    <input type="number" inputmode="numeric" min="0" step="1" data-testid="entry-payment-days"
                        prop:value=move || payment_days.get() on:input=move |ev| payment_days.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t(InvoiceMsg::Currency)}
                    <input type="text" required maxlength="3" data-testid="entry-currency" translate="no"
                        prop:value=move || currency.get() on:input=move |ev| currency.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || notice.get().map(|n| view! { <p class="notice warn" data-testid="entry-notice">{n}</p> })}
            <h2>{move || i18n.t(InvoiceMsg::Lines)}</h2>
            <div class="invoice-entry-lines" data-testid="entry-lines">
                <For each=move || lines.get() key=|r| r.key let:row>
                    <fieldset class="entry-line" data-testid="entry-line">
                        <label>{move || i18n.t(InvoiceMsg::ColOrderLine)}
                            <input type="number" min="1" step="1" inputmode="numeric" data-testid="line-order-line"
                                prop:value=move || row.order_line.get() on:input=move |ev| row.order_line.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(InvoiceMsg::PartField)}
                            <input type="text" data-testid="line-part"
                                prop:value=move || row.part.get() on:input=move |ev| row.part.set(event_target_value(&ev))/>
                        </label>
                        <label class="wide">{move || i18n.t(InvoiceMsg::ColDescription)}
                            <input type="text" data-testid="line-description"
                                prop:value=move || row.description.get() on:input=move |ev| row.description.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(InvoiceMsg::ColQuantity)}
                            <input type="text" inputmode="decimal" required data-testid="line-quantity"
                                prop:value=move || row.quantity.get() on:input=move |ev| row.quantity.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(InvoiceMsg::ColUnitPrice)}
                            <input type="text" inputmode="decimal" required data-testid="line-price"
                                prop:value=move || row.price.get() on:input=move |ev| row.price.set(event_target_value(&ev))/>
                        </label>
                        <label>{move || i18n.t(InvoiceMsg::ColTax)}
                            <input type="text" inputmode="decimal" data-testid="line-tax"
                                prop:value=move || row.tax.get() on:input=move |ev| row.tax.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" class="link-button" data-testid="line-remove"
                            disabled=move || lines.with(|l| l.len() <= 1)
                            on:click=move |_| remove(row.key)>{move || i18n.t(InvoiceMsg::RemoveLine)}</button>
                    </fieldset>
                </For>
            </div>
            <button type="button" data-testid="entry-add-line" on:click=add>{move || i18n.t(InvoiceMsg::AddLine)}</button>
            <div class="form-grid">
                <label>{move || i18n.t(InvoiceMsg::TaxTotalField)}
                    <input type="text" inputmode="decimal" required data-testid="entry-tax-total"
                        prop:value=stated_tax on:input=move |ev| {
                            tax_total.set(event_target_value(&ev));
                            total.set(untrack(stated_total));
                            typed_totals.set(true);
                        }/>
                </label>
                <label>{move || i18n.t(InvoiceMsg::TotalField)}
                    <input type="text" inputmode="decimal" required data-testid="entry-total"
                        prop:value=stated_total on:input=move |ev| {
                            total.set(event_target_value(&ev));
                            tax_total.set(untrack(stated_tax));
                            typed_totals.set(true);
                        }/>
                </label>
            </div>
            <p class="muted small" data-testid="entry-worked-out">
                {worked_line} " "
                <button type="button" class="link-button" data-testid="entry-use-worked-out" on:click=move |_| use_worked()>{move || i18n.t(InvoiceMsg::UseWorkedOut)}</button>
            </p>
            <label class="block">{move || i18n.t(InvoiceMsg::NoteField)}
                <textarea rows="2" maxlength=invoice::MAX_NOTE.to_string() data-testid="entry-note"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="entry-save">{move || i18n.t(InvoiceMsg::Save)}</button>
                <A href="/invoices" attr:class="button">{move || i18n.t(InvoiceMsg::Cancel)}</A>
                {move || message.get().map(|(ok, text)| view! {
                    <span class=if ok { "ok" } else { "error" } role="status" data-testid="entry-message">{text}</span>
                })}
                {move || saved.get().map(|id| view! { <A href=href(&id)>{move || i18n.t(InvoiceMsg::OpenIt)}</A> })}
            </div>
        </form>
    }
}
