//! The return form (`/orders/:id/return`): per order line what may still go back (accepted
//! goods) and what may still be claimed (goods refused at the door as damaged), the reason,
//! replace or refund, a note and an optional photo. When the receipts recorded damage the claim is filled in with
//! it. Sending checks the return with the core's rule and queues it (offline too).

use super::photo::PhotoField;
use super::ReturnMsg;
use crate::i18n::use_i18n;
use crate::state::{use_app, StorageStatus};
use crate::sync::records;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use procura_invoicing::returns::{
    self, Remedy, Return, ReturnDraft, ReturnFrom, ReturnLine, Returnable, MAX_NOTE, MAX_REASON,
};
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// What the buyer typed for one line: returned of accepted, claimed of refused.
#[derive(Clone, Copy)]
struct Inputs {
    ret: RwSignal<String>,
    claim: RwSignal<String>,
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

/// The reasons the receipts gave for damaged goods, in order, once each.
fn damage_reasons(po: &PurchaseOrder) -> String {
    let mut out: Vec<String> = Vec::new();
    for e in &po.events {
        if let OrderEvent::Received { lines, .. } = e {
            for l in lines {
                let r = l.reason.trim();
                if !l.damaged.is_zero() && !r.is_empty() && !out.iter().any(|o| o == r) {
                    out.push(r.to_owned());
                }
            }
        }
    }
    out.join("; ").chars().take(MAX_REASON).collect()
}

#[component]
pub fn NewReturnPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let order = Memo::new(move |_| crate::org::order(app, &id.get()));
    let others = Memo::new(move |_| super::on_order(app, &id.get()));
    let room: Memo<BTreeMap<u32, Returnable>> = Memo::new(move |_| {
        order.with(|o| {
            o.as_ref()
                .map(|o| {
                    others.with(|r| returns::returnable(o, &r.iter().collect::<Vec<&Return>>()))
                })
                .unwrap_or_default()
        })
    });
    let inputs = StoredValue::new(BTreeMap::<u32, Inputs>::new());
    // The fields belong to the page, not to the rows or the effect that first ask for them:
    // those re-run when a sync changes the order or its returns, and would take the fields
    // (and what was typed) with them.
    let page = StoredValue::new(Owner::current().expect("a component has an owner"));
    let input = move |n: u32| {
        if let Some(i) = inputs.with_value(|m| m.get(&n).copied()) {
            return i;
        }
        let i = page.with_value(|owner| {
            owner.with(|| Inputs {
                ret: RwSignal::new(String::new()),
                claim: RwSignal::new(String::new()),
            })
        });
        inputs.update_value(|m| {
            m.insert(n, i);
        });
        i
    };
    let reason = RwSignal::new(String::new());
    let remedy = RwSignal::new(Remedy::Replace);
    let note = RwSignal::new(String::new());
    let photo = RwSignal::new(None::<returns::Photo>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Damaged goods on the receipts: the claim, filled in once the order is read.
    let prefilled = RwSignal::new(false);
    let claim_prefilled = RwSignal::new(false);
    Effect::new(move |_| {
        if prefilled.get_untracked() {
            return;
        }
        let Some(po) = order.get() else {
            return;
        };
        let room = room.get();
        let mut any = false;
        for (n, r) in &room {
            if r.refused > Decimal::ZERO {
                input(*n).claim.set(r.refused.normalize().to_string());
                any = true;
            }
        }
        if any {
            reason.set(damage_reasons(&po));
        }
        prefilled.set(true);
        claim_prefilled.set(any);
    });

    let submit = move |_| {
        let Some(po) = order.get_untracked() else {
            return;
        };
        let lang = i18n.lang();
        let mut lines = Vec::new();
        for n in room.get_untracked().keys().copied() {
            let i = input(n);
            let (Ok(back), Ok(claim)) = (
                parse(&i.ret.get_untracked()),
                parse(&i.claim.get_untracked()),
            ) else {
                error.set(Some(ReturnMsg::bad_quantity(lang, n)));
                return;
            };
            for (q, from) in [(back, ReturnFrom::Accepted), (claim, ReturnFrom::Refused)] {
                if !q.is_zero() {
                    lines.push(ReturnLine {
                        order_line: n,
                        quantity: q,
                        from,
                    });
                }
            }
        }
        if lines.is_empty() {
            error.set(Some(ReturnMsg::NothingChosen.text(lang).to_owned()));
            return;
        }
        let Some(me) = crate::org::me(app) else {
            return;
        };
        let draft = ReturnDraft {
            id: crate::device::random_uuid(),
            order_id: po.id.clone(),
            lines,
            reason: reason.get_untracked().trim().to_owned(),
            remedy: remedy.get_untracked(),
            note: note.get_untracked().trim().to_owned(),
            photo: photo.get_untracked(),
        };
        let held = others.get_untracked();
        let held: Vec<&Return> = held.iter().collect();
        if let Err(refusal) = returns::open(
            None,
            &draft,
            Some(&po),
            &held,
            (&me.id, &me.name),
            &me.roles,
            crate::org::now_ms(),
        ) {
            error.set(Some(crate::i18n::reasons::text(lang, &refusal.reason)));
            return;
        }
        error.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        let back = format!("/orders/{}", po.id);
        spawn_local(async move {
            match records::queue(app, Op::OpenReturn { ret: draft }).await {
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
        let t = move |m: ReturnMsg| m.text(lang);
        let po = order.get()?;
        let room = room.get();
        let rows = po
            .lines
            .iter()
            .filter_map(|l| {
                let r = room.get(&l.line_no).copied()?;
                (r.accepted > Decimal::ZERO || r.refused > Decimal::ZERO).then_some((l, r))
            })
            .map(|(l, r)| {
                let n = l.line_no;
                let i = input(n);
                let unit = unit_label(&l.unit, lang);
                let field = |sig: RwSignal<String>, testid: &'static str, label: ReturnMsg, max: Decimal| {
                    (max > Decimal::ZERO).then(|| view! {
                        <label>
                            <span>{t(label)}</span>
                            <input class="big qty" inputmode="decimal" data-testid=testid
                                placeholder="0"
                                prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
                        </label>
                    })
                };
                view! {
                    <tr data-testid="return-line" data-line=n>
                        <td class="num muted">{n}</td>
                        <td class="item-cell wide" data-label=t(ReturnMsg::ColItem)>
                            <div class="line-description">{l.description.clone()}</div>
                            <div class="muted small">{l.supplier_part.clone()}</div>
                        </td>
                        <td class="num nowrap" data-label=t(ReturnMsg::ColAccepted) data-testid="returnable-accepted">
                            {r.accepted.normalize().to_string()} " " {unit.clone()}
                        </td>
                        <td class="num nowrap" data-label=t(ReturnMsg::ColDamaged) data-testid="returnable-refused">
                            {r.refused.normalize().to_string()} " " {unit}
                        </td>
                        <td><div class="receive-inputs">
                            {field(i.ret, "return-qty", ReturnMsg::ReturnQty, r.accepted)}
                            {field(i.claim, "claim-qty", ReturnMsg::ClaimQty, r.refused)}
                        </div></td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        Some(if rows.is_empty() {
            view! { <tr><td colspan="5" class="empty" data-testid="nothing-to-return">{t(ReturnMsg::NothingToReturn)}</td></tr> }.into_any()
        } else {
            rows.collect_view().into_any()
        })
    };
    let may = Memo::new(move |_| crate::pages::orders::is_buyer(app));

    view! {
        <section class="page return-page">
            <A href=move || format!("/orders/{}", id.get()) attr:class="back-link">"← " {move || i18n.t(ReturnMsg::BackToOrder)}</A>
            {move || match order.get() {
                None if app.storage.get() != StorageStatus::Ready => view! { <p class="muted">{move || i18n.t(ReturnMsg::Loading)}</p> }.into_any(),
                None => view! { <p class="empty" data-testid="order-missing">{move || i18n.t(ReturnMsg::NotFound)}</p> }.into_any(),
                Some(o) => view! {
                    <div class="page-head">
                        <h1>{i18n.t(ReturnMsg::FormTitle)} " · " <span data-testid="order-number">{o.number.clone()}</span></h1>
                    </div>
                    <p class="muted">{crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, i18n.lang())}</p>
                }.into_any(),
            }}
            <p class="muted">{move || i18n.t(ReturnMsg::FormIntro)}</p>
            {move || claim_prefilled.get().then(|| view! {
                <p class="notice" role="status" data-testid="claim-prefilled">{i18n.t(ReturnMsg::ClaimPrefilled)}</p>
            })}
            {move || (!may.get()).then(|| view! { <p class="notice warn">{i18n.t(ReturnMsg::BuyersOnly)}</p> })}
            <div class="table-scroll">
                <table class="data receive-lines stack" data-testid="return-lines">
                    <thead><tr>
                        <th class="num">"#"</th>
                        <th>{move || i18n.t(ReturnMsg::ColItem)}</th>
                        <th class="num">{move || i18n.t(ReturnMsg::ColAccepted)}</th>
                        <th class="num">{move || i18n.t(ReturnMsg::ColDamaged)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="form-grid return-form">
                <label class="wide">
                    <span>{move || i18n.t(ReturnMsg::Reason)}</span>
                    <input data-testid="return-reason" maxlength=MAX_REASON.to_string()
                        placeholder=move || i18n.t(ReturnMsg::ReasonHint)
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                </label>
                <fieldset class="choice">
                    <legend>{move || i18n.t(ReturnMsg::Remedy)}</legend>
                    <label>
                        <input type="radio" name="remedy" data-testid="remedy-replace"
                            prop:checked=move || remedy.get() == Remedy::Replace
                            on:change=move |_| remedy.set(Remedy::Replace)/>
                        {move || i18n.t(ReturnMsg::Replace)}
                    </label>
                    <label>
                        <input type="radio" name="remedy" data-testid="remedy-refund"
                            prop:checked=move || remedy.get() == Remedy::Refund
                            on:change=move |_| remedy.set(Remedy::Refund)/>
                        {move || i18n.t(ReturnMsg::Refund)}
                    </label>
                </fieldset>
                <label class="wide">
                    <span>{move || i18n.t(ReturnMsg::Note)}</span>
                    <textarea data-testid="return-note" maxlength=MAX_NOTE.to_string()
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </label>
                <PhotoField photo=photo/>
            </div>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="return-error">{e}</p> })}
            <div class="submit-row sticky-actions">
                <button class="primary big" data-testid="submit-return"
                    disabled=move || busy.get() || order.with(Option::is_none) || !may.get()
                    on:click=submit>
                    {move || if busy.get() { i18n.t(ReturnMsg::Sending) } else { i18n.t(ReturnMsg::Submit) }}
                </button>
            </div>
        </section>
    }
}
