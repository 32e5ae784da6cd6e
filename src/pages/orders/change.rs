//! After sending, a buyer may ask the supplier to change lines (a new quantity and/or delivery
//! date) or to cancel the order. Both queue a change (offline too); the core's `order::hub`
//! rules run first, so what the hub would refuse is shown instead of queued.

use super::OrderMsg;
use crate::i18n::use_i18n;
use crate::org::now_ms;
use crate::state::{use_app, AppState};
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_orders::order::{hub, LineAck, PurchaseOrder};
use procura_procurement::approval::time::{Date, Entered};
use procura_procurement::approval::Actor;
use procura_sync::sync::hub::Refusal;
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// What the buyer typed for one line.
#[derive(Clone, Copy)]
struct LineInput {
    qty: RwSignal<String>,
    date: RwSignal<String>,
}

/// The hub's answer to `check` as the device would get it, in `lang`: `None` if it would pass.
fn refusal(
    app: AppState,
    lang: crate::i18n::Lang,
    check: impl FnOnce(&Actor) -> Result<PurchaseOrder, Refusal>,
) -> Option<String> {
    let me = crate::org::me(app)?;
    check(&me)
        .err()
        .map(|r| crate::i18n::reasons::text(lang, &r.reason))
}

/// The lines' number, description, ordered quantity and need-by date (what the form shows).
type LineInfo = Vec<(u32, String, Decimal, Date)>;

#[component]
pub fn RequestPanel(order_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let id = StoredValue::new(order_id);
    let order = Memo::new(move |_| crate::org::order(app, &id.get_value()));
    let buyer = Memo::new(move |_| super::is_buyer(app));
    let lines: Memo<LineInfo> = Memo::new(move |_| {
        order.with(|o| {
            o.iter()
                .flat_map(|o| &o.lines)
                .map(|l| (l.line_no, l.description.clone(), l.quantity, l.need_by))
                .collect()
        })
    });
    let inputs = StoredValue::new(BTreeMap::<u32, LineInput>::new());
    // The fields belong to the panel, not to the rows' closure: a row re-rendered (the language
    // switched) must find its fields alive, with what was typed.
    let owner = StoredValue::new(Owner::current().expect("a component has an owner"));
    let input = move |n: u32| {
        if let Some(i) = inputs.with_value(|m| m.get(&n).copied()) {
            return i;
        }
        let i = owner.with_value(|o| {
            o.with(|| LineInput {
                qty: RwSignal::new(String::new()),
                date: RwSignal::new(String::new()),
            })
        });
        inputs.update_value(|m| {
            m.insert(n, i);
        });
        i
    };
    let reason = RwSignal::new(String::new());
    let change_msg = RwSignal::new(None::<Result<&'static str, String>>);
    let cancel_msg = RwSignal::new(None::<Result<&'static str, String>>);
    // Whether each line could be changed now, and whether the order could be cancelled.
    let line_refusal = move |n: u32| {
        let o = order.get()?;
        // Whether this line may be changed at all: probe with a change the rules accept for an
        // open line (the actual quantities are checked when the buyer asks).
        let ask = [LineAck::Changed {
            line_no: n,
            quantity: Some(rust_decimal::Decimal::ONE),
            delivery_date: None,
            unit_price: None,
        }];
        refusal(app, i18n.lang(), |me| {
            hub::request_change(&o, "check", &ask, me, now_ms())
        })
    };
    let cancel_refusal = Memo::new(move |_| {
        let o = order.get()?;
        refusal(app, i18n.lang(), |me| {
            hub::request_cancel(&o, "check", me, now_ms())
        })
    });

    let request_change = move |_| {
        let Some(o) = order.get_untracked() else {
            return;
        };
        let lang = i18n.lang();
        let mut asked = Vec::new();
        for (n, ..) in lines.get_untracked() {
            let i = input(n);
            let (q, d) = (i.qty.get_untracked(), i.date.get_untracked());
            let (q, d) = (q.trim().to_owned(), d.trim().to_owned());
            if q.is_empty() && d.is_empty() {
                continue;
            }
            let quantity = if q.is_empty() {
                None
            } else {
                match Decimal::from_str(&q.replace(',', ".")) {
                    Ok(v) if v > Decimal::ZERO => Some(v),
                    _ => {
                        change_msg.set(Some(Err(OrderMsg::bad_quantity(lang, n))));
                        return;
                    }
                }
            };
            asked.push(LineAck::Changed {
                line_no: n,
                quantity,
                // The date input's `YYYY-MM-DD`, as entered (the hub refuses one that is not a day).
                delivery_date: (!d.is_empty()).then(|| Entered::parse(&d)),
                unit_price: None,
            });
        }
        if asked.is_empty() {
            change_msg.set(Some(Err(OrderMsg::NothingToChange.text(lang).to_owned())));
            return;
        }
        let request_id = crate::device::random_uuid();
        if let Some(why) = refusal(app, lang, |me| {
            hub::request_change(&o, &request_id, &asked, me, now_ms())
        }) {
            change_msg.set(Some(Err(why)));
            return;
        }
        let op = Op::RequestOrderChange {
            order_id: o.id.to_string(),
            request_id,
            lines: asked,
        };
        spawn_local(async move {
            match records::queue(app, op).await {
                Ok(()) => {
                    inputs.with_value(|m| {
                        for i in m.values() {
                            i.qty.try_set(String::new());
                            i.date.try_set(String::new());
                        }
                    });
                    change_msg.try_set(Some(Ok(OrderMsg::ChangeQueued.text(lang))));
                }
                Err(e) => {
                    change_msg.try_set(Some(Err(e.to_string())));
                }
            }
        });
    };
    let request_cancel = move |_| {
        let Some(o) = order.get_untracked() else {
            return;
        };
        let lang = i18n.lang();
        let why = reason.get_untracked();
        if let Some(no) = refusal(app, lang, |me| hub::request_cancel(&o, &why, me, now_ms())) {
            cancel_msg.set(Some(Err(no)));
            return;
        }
        let op = Op::RequestOrderCancel {
            order_id: o.id.to_string(),
            reason: why.trim().to_owned(),
        };
        spawn_local(async move {
            match records::queue(app, op).await {
                Ok(()) => {
                    reason.try_set(String::new());
                    cancel_msg.try_set(Some(Ok(OrderMsg::CancelQueued.text(lang))));
                }
                Err(e) => {
                    cancel_msg.try_set(Some(Err(e.to_string())));
                }
            }
        });
    };
    let notice = |m: Option<Result<&'static str, String>>| {
        m.map(|m| match m {
            Ok(text) => view! { <p class="notice ok" role="status">{text}</p> }.into_any(),
            Err(e) => {
                view! { <p class="notice error" role="alert" data-testid="request-refused">{e}</p> }
                    .into_any()
            }
        })
    };
    let rows = move || {
        let lang = i18n.lang();
        lines
            .get()
            .into_iter()
            .map(|(n, description, qty, need_by)| {
                let i = input(n);
                let disabled = move || line_refusal(n).is_some();
                view! {
                    <tr data-testid="change-line" data-line=n>
                        <td class="num muted">{n}</td>
                        <td class="wide" data-label=OrderMsg::ColItem.text(lang)>
                            {description}
                            {move || line_refusal(n).map(|r| view! { <div class="muted small" data-testid="change-line-refused">{r}</div> })}
                        </td>
                        <td data-label=OrderMsg::NewQuantity.text(lang)>
                            <input class="qty" inputmode="decimal" data-testid="change-qty" disabled=disabled
                                placeholder=qty.normalize().to_string()
                                aria-label=OrderMsg::NewQuantity.text(lang)
                                prop:value=move || i.qty.get() on:input=move |ev| i.qty.set(event_target_value(&ev))/>
                        </td>
                        <td data-label=OrderMsg::NewDate.text(lang)>
                            <input type="date" data-testid="change-date" disabled=disabled
                                aria-label=OrderMsg::NewDate.text(lang) title=need_by.to_string()
                                prop:value=move || i.date.get() on:input=move |ev| i.date.set(event_target_value(&ev))/>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || buyer.get()>
            <div class="requisition-columns order-requests">
                <section class="req-card change-request" data-testid="change-request">
                    <h2>{move || i18n.t(OrderMsg::ChangeTitle)}</h2>
                    <p class="muted small">{move || i18n.t(OrderMsg::ChangeIntro)}</p>
                    <div class="table-scroll">
                        <table class="data change-lines stack">
                            <thead><tr>
                                <th class="num">"#"</th>
                                <th>{move || i18n.t(OrderMsg::ColItem)}</th>
                                <th>{move || i18n.t(OrderMsg::NewQuantity)}</th>
                                <th>{move || i18n.t(OrderMsg::NewDate)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {move || notice(change_msg.get())}
                    <button class="primary" data-testid="request-change" on:click=request_change>
                        {move || i18n.t(OrderMsg::RequestChange)}
                    </button>
                </section>
                <section class="req-card cancel-request" data-testid="cancel-request">
                    <h2>{move || i18n.t(OrderMsg::CancelTitle)}</h2>
                    {move || cancel_refusal.get().map(|r| view! {
                        <p class="muted small" data-testid="cancel-not-possible">{i18n.t(OrderMsg::NotPossible)} ": " {r}</p>
                    })}
                    <label class="field">
                        <span>{move || i18n.t(OrderMsg::CancelReason)}</span>
                        <textarea rows="2" data-testid="cancel-reason" maxlength={procura_sync::limits::MAX_COMMENT_CHARS.to_string()} disabled=move || cancel_refusal.with(Option::is_some)
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || notice(cancel_msg.get())}
                    <button class="danger-outline" data-testid="request-cancel"
                        disabled=move || cancel_refusal.with(Option::is_some)
                        on:click=request_cancel>
                        {move || i18n.t(OrderMsg::RequestCancel)}
                    </button>
                </section>
            </div>
        </Show>
    }
}
