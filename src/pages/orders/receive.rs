//! Goods receipt at the door, made for a tablet: per line what is expected and received so far,
//! and what arrived now (accepted, and damaged with the reason the supplier sees as a claim).
//! Scanning (a hand scanner typing into the field, or the camera) jumps to the matching line.
//! Confirming checks the receipt with the core's `order::hub::receive` and queues it (offline
//! too).

use super::scan::CameraScan;
use super::{line_state_key, status_msg, OrderMsg};
use crate::catalog::LocalCatalog;
use crate::i18n::use_i18n;
use crate::state::{use_app, StorageStatus};
use crate::sync::records;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use procura_orders::order::{hub, LineProgress, PurchaseOrder, ReceivedLine};
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use wasm_bindgen::JsCast;

/// What the receiver typed for one line.
#[derive(Clone, Copy)]
struct Inputs {
    qty: RwSignal<String>,
    damaged: RwSignal<String>,
    reason: RwSignal<String>,
}

/// Number, description, article number · GTIN, unit: what does not change while receiving.
type LineInfo = Vec<(u32, String, String, String)>;

fn digits(code: &str) -> Option<String> {
    let code = code.trim();
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| code.trim_start_matches('0').to_owned())
}

/// The line a scanned or typed code names: its GTIN (the order's, else the catalog item's;
/// leading zeros aside, so a GTIN-14 finds its GTIN-13) or the supplier's article number.
pub fn find_line(po: &PurchaseOrder, catalog: &LocalCatalog, code: &str) -> Option<u32> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    let wanted = digits(code);
    po.lines
        .iter()
        .find(|l| {
            let gtin = l.gtin.clone().or_else(|| {
                l.item_id
                    .as_ref().map(|i| i.as_str())
                    .and_then(|id| catalog.item(id))
                    .and_then(|i| i.gtin.clone())
            });
            let by_gtin = matches!((&wanted, gtin.as_deref().and_then(digits)), (Some(a), Some(b)) if *a == b);
            by_gtin || (!l.supplier_part.is_empty() && l.supplier_part.eq_ignore_ascii_case(code))
        })
        .map(|l| l.line_no)
}

fn parse(text: &str) -> Result<Decimal, ()> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(Decimal::ZERO);
    }
    Decimal::from_str(&text)
        .ok()
        .filter(|d| *d >= Decimal::ZERO)
        .ok_or(())
}

/// Moves to line `n`: into view, and (when `focus`) into its quantity field.
fn go_to_line(n: u32, focus: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector =
        format!("[data-testid=\"receive-line\"][data-line=\"{n}\"] [data-testid=\"receive-qty\"]");
    if let Ok(Some(input)) = document.query_selector(&selector) {
        input.scroll_into_view();
        if focus {
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    }
}

#[component]
pub fn ReceivePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let order = Memo::new(move |_| crate::org::order(app, &id.get()));
    let lines: Memo<LineInfo> = Memo::new(move |_| {
        order.with(|o| {
            o.iter()
                .flat_map(|o| &o.lines)
                .map(|l| {
                    let part = [l.supplier_part.clone(), l.gtin.clone().unwrap_or_default()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    (l.line_no, l.description.clone(), part, l.unit.clone())
                })
                .collect()
        })
    });
    let progress = Memo::new(move |_| {
        order.with(|o| {
            o.as_ref()
                .map(procura_orders::order::progress)
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.line_no, p))
                .collect::<BTreeMap<u32, LineProgress>>()
        })
    });
    let inputs = StoredValue::new(BTreeMap::<u32, Inputs>::new());
    let input = move |n: u32| {
        if let Some(i) = inputs.with_value(|m| m.get(&n).copied()) {
            return i;
        }
        let i = Inputs {
            qty: RwSignal::new(String::new()),
            damaged: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        };
        inputs.update_value(|m| {
            m.insert(n, i);
        });
        i
    };
    let highlight = RwSignal::new(None::<u32>);
    let scan = RwSignal::new(String::new());
    let scan_miss = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // A code typed or read: highlight its line (and, when `focus`, go to its quantity).
    let look_up = move |code: String, focus: bool| {
        let found = order.with_untracked(|o| {
            o.as_ref()
                .and_then(|o| find_line(o, &app.catalog.get_untracked(), &code))
        });
        scan_miss.set(found.is_none() && !code.trim().is_empty());
        if let Some(n) = found {
            highlight.set(Some(n));
            go_to_line(n, focus);
        }
    };
    // A code scanned before the order was read from the device finds its line once it is.
    Effect::new(move |_| {
        if order.with(Option::is_some) && highlight.get_untracked().is_none() {
            let code = scan.get_untracked();
            if !code.trim().is_empty() {
                look_up(code, false);
            }
        }
    });
    let on_camera = Callback::new(move |code: String| {
        scan.set(code.clone());
        look_up(code, true);
    });

    let confirm = move |_| {
        let Some(po) = order.get_untracked() else {
            return;
        };
        let lang = i18n.lang();
        let mut received = Vec::new();
        for (n, ..) in lines.get_untracked() {
            let i = input(n);
            let (Ok(accepted), Ok(damaged)) = (
                parse(&i.qty.get_untracked()),
                parse(&i.damaged.get_untracked()),
            ) else {
                error.set(Some(OrderMsg::bad_quantity(lang, n)));
                return;
            };
            if accepted.is_zero() && damaged.is_zero() {
                continue;
            }
            received.push(ReceivedLine {
                line_no: n,
                accepted,
                damaged,
                reason: i.reason.get_untracked().trim().to_owned(),
            });
        }
        if received.is_empty() {
            error.set(Some(OrderMsg::NothingReceived.text(lang).to_owned()));
            return;
        }
        let Some(me) = crate::org::me(app) else {
            return;
        };
        let receipt_id = crate::device::random_uuid();
        if let Err(refusal) = hub::receive(&po, &receipt_id, &received, &me, crate::org::now_ms()) {
            error.set(Some(crate::i18n::reasons::text(lang, &refusal.reason)));
            return;
        }
        error.set(None);
        busy.set(true);
        let op = Op::ReceiveGoods {
            order_id: po.id.to_string(),
            receipt_id,
            lines: received,
        };
        let navigate = navigate.clone();
        let back = format!("/orders/{}", po.id);
        spawn_local(async move {
            match records::queue(app, op).await {
                Ok(()) => navigate(&back, Default::default()),
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                    busy.try_set(false);
                }
            }
        });
    };

    let rows = move || {
        let lang = i18n.lang();
        let t = move |m: OrderMsg| m.text(lang);
        lines
            .get()
            .into_iter()
            .map(|(n, description, part, unit)| {
                let i = input(n);
                let p = move || progress.with(|p| p.get(&n).cloned());
                let expected = move || p().map(|p| p.confirmed.unwrap_or(p.ordered)).unwrap_or_default();
                let so_far = move || p().map(|p| p.received).unwrap_or_default();
                let open = move || (expected() - so_far()).max(Decimal::ZERO);
                let unit = unit_label(&unit, lang);
                let state = move || p().map_or("draft", |p| line_state_key(p.state));
                view! {
                    <tr data-testid="receive-line" data-line=n class:highlight=move || highlight.get() == Some(n)
                        data-state=state>
                        <td class="num muted">{n}</td>
                        <td class="item-cell wide" data-label=t(OrderMsg::ColItem)>
                            <div class="line-description">{description}</div>
                            <div class="muted small">{part}</div>
                            <span class="muted small">{move || t(status_msg(state()))}</span>
                        </td>
                        <td class="num nowrap" data-testid="receive-expected" data-label=t(OrderMsg::Expected)>{move || expected().normalize().to_string()} " " {unit.clone()}</td>
                        <td class="num" data-testid="receive-so-far" data-label=t(OrderMsg::ReceivedSoFar)>
                            {move || so_far().normalize().to_string()}
                            {move || p().filter(|p| !p.damaged.is_zero()).map(|p| view! {
                                <div class="muted small">{t(OrderMsg::ColDamaged)} " " {p.damaged.normalize().to_string()}</div>
                            })}
                        </td>
                        <td><div class="receive-inputs">
                            <label>
                                <span>{t(OrderMsg::ReceivedNow)}</span>
                                <input class="big qty" inputmode="decimal" data-testid="receive-qty"
                                    placeholder=move || open().normalize().to_string()
                                    prop:value=move || i.qty.get() on:input=move |ev| i.qty.set(event_target_value(&ev))/>
                            </label>
                            <button class="small-button" data-testid="receive-all"
                                on:click=move |_| i.qty.set(open().normalize().to_string())>
                                {t(OrderMsg::AllOpen)}
                            </button>
                        </div></td>
                        <td><div class="receive-inputs">
                            <label>
                                <span>{t(OrderMsg::Damaged)}</span>
                                <input class="big qty" inputmode="decimal" data-testid="receive-damaged"
                                    prop:value=move || i.damaged.get() on:input=move |ev| i.damaged.set(event_target_value(&ev))/>
                            </label>
                            <label>
                                <span>{t(OrderMsg::DamageReason)}</span>
                                <input class="big" data-testid="receive-reason" maxlength={procura_sync::limits::MAX_COMMENT_CHARS.to_string()}
                                    prop:value=move || i.reason.get() on:input=move |ev| i.reason.set(event_target_value(&ev))/>
                            </label>
                        </div></td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="page receive-page">
            <A href=move || format!("/orders/{}", id.get()) attr:class="back-link">"← " {move || i18n.t(OrderMsg::BackToOrder)}</A>
            {move || match order.get() {
                None if app.storage.get() != StorageStatus::Ready => view! { <p class="muted">{move || i18n.t(OrderMsg::Loading)}</p> }.into_any(),
                None => view! { <p class="empty" data-testid="order-missing">{move || i18n.t(OrderMsg::NotFound)}</p> }.into_any(),
                Some(o) => view! {
                    <div class="page-head">
                        <h1>{i18n.t(OrderMsg::ReceiveTitle)} " · " <span data-testid="order-number">{o.number.clone()}</span></h1>
                        {super::is_buyer(app).then(|| crate::pages::returns::return_button(app, &o, i18n.lang())).flatten()}
                    </div>
                    <p class="muted">{crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, i18n.lang())} " · " {o.ship_to.clone()}</p>
                }.into_any(),
            }}
            <div class="scan-bar">
                <label class="scan-field">
                    <span>{move || i18n.t(OrderMsg::ScanLabel)}</span>
                    <input class="big" data-testid="scan-input" autocomplete="off" inputmode="text"
                        prop:value=move || scan.get()
                        on:input=move |ev| {
                            let code = event_target_value(&ev);
                            scan.set(code.clone());
                            look_up(code, false);
                        }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                look_up(scan.get_untracked(), true);
                            }
                        }/>
                </label>
                <CameraScan on_code=on_camera/>
            </div>
            {move || scan_miss.get().then(|| view! {
                <p class="notice warn" role="status" data-testid="scan-miss">
                    {OrderMsg::scan_no_match(i18n.lang(), scan.get().trim())}
                </p>
            })}
            <div class="table-scroll">
                <table class="data receive-lines stack" data-testid="receive-lines">
                    <thead><tr>
                        <th class="num">"#"</th>
                        <th>{move || i18n.t(OrderMsg::ColItem)}</th>
                        <th class="num">{move || i18n.t(OrderMsg::Expected)}</th>
                        <th class="num">{move || i18n.t(OrderMsg::ReceivedSoFar)}</th>
                        <th>{move || i18n.t(OrderMsg::ReceivedNow)}</th>
                        <th>{move || i18n.t(OrderMsg::Damaged)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="receive-error">{e}</p> })}
            <div class="submit-row sticky-actions">
                <button class="primary big" data-testid="confirm-receipt" disabled=move || busy.get() || order.with(Option::is_none)
                    on:click=confirm>
                    {move || i18n.t(OrderMsg::ConfirmReceipt)}
                </button>
            </div>
        </section>
    }
}
