//! Returns and claims (退货与索赔): the list of the organisation's returns (`/returns`), the
//! return form opened from an order (`/orders/:id/return`, pre-filled as a claim when the
//! receipt recorded damaged goods), and the returns on an order as the order page shows them.
//! What may go back and whether a return is allowed are the core's
//! ([`procura_invoicing::returns`]); these screens show them and queue the change (offline
//! too: it shows at once).

mod form;
mod list;
mod msg;
mod photo;

pub use form::NewReturnPage;
pub use list::{ReturnsOnOrder, ReturnsPage};
pub use msg::ReturnMsg;

use crate::state::AppState;
use leptos::prelude::*;
use procura_invoicing::returns::{Return, ReturnStatus};
use procura_sync::api::sync::RecordKind;
use procura_sync::sync::{Record, RecordKey};

/// Every return on the device, newest first (reactive).
pub fn returns(app: AppState) -> Vec<Return> {
    let mut list: Vec<Return> = app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Return(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    });
    list.sort_by(|a, b| {
        b.created_at_ms
            .cmp(&a.created_at_ms)
            .then_with(|| a.number.cmp(&b.number))
    });
    list
}

/// The returns on order `id`, newest first (reactive).
pub fn on_order(app: AppState, id: &str) -> Vec<Return> {
    returns(app)
        .into_iter()
        .filter(|r| r.order_id.as_str() == id)
        .collect()
}

/// Whether this user has a queued change to return `id` (reactive).
pub fn has_pending(app: AppState, id: &str) -> bool {
    let key = RecordKey::new(RecordKind::Return, id);
    app.work
        .with(|w| w.pending.iter().any(|m| m.op.key() == key))
}

/// "Return goods" (or "Claim damaged goods" when the receipts refused some) for an order with
/// something that may still go back; `None` otherwise.
pub fn return_button(
    app: AppState,
    po: &procura_orders::order::PurchaseOrder,
    lang: crate::i18n::Lang,
) -> Option<impl IntoView> {
    let held = on_order(app, po.id.as_str());
    let held: Vec<&Return> = held.iter().collect();
    let room = procura_invoicing::returns::returnable(po, &held);
    let zero = rust_decimal::Decimal::ZERO;
    let claim = room.values().any(|r| r.refused > zero);
    let any = claim || room.values().any(|r| r.accepted > zero);
    let label = if claim {
        ReturnMsg::ClaimDamaged
    } else {
        ReturnMsg::ReturnGoods
    };
    any.then(|| {
        view! {
            <leptos_router::components::A href=format!("/orders/{}/return", po.id) attr:class="button" attr:data-testid="return-goods">
                {label.text(lang)}
            </leptos_router::components::A>
        }
    })
}

pub fn status_msg(s: ReturnStatus) -> ReturnMsg {
    match s {
        ReturnStatus::Requested => ReturnMsg::StatusRequested,
        ReturnStatus::Accepted => ReturnMsg::StatusAccepted,
        ReturnStatus::Refused => ReturnMsg::StatusRefused,
        ReturnStatus::Collected => ReturnMsg::StatusCollected,
        ReturnStatus::Replaced => ReturnMsg::StatusReplaced,
        ReturnStatus::Credited => ReturnMsg::StatusCredited,
        ReturnStatus::Cancelled => ReturnMsg::StatusCancelled,
    }
}
