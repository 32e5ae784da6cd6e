//! Contracts (合同): the list of the organisation's framework agreements (`/contracts`) with
//! where each stands and what to warn of, and the contract form (`/contracts/new`,
//! `/contracts/:id`) with its history and "End contract". The rules are the core's
//! ([`procura_invoicing::contracts`]); these screens show them and queue the change (offline too:
//! it shows at once). Contract prices where a buyer buys are `crate::ui::contracts`.

mod form;
mod list;
mod msg;

pub use form::ContractPage;
pub use list::ContractsPage;
pub use msg::ContractMsg;

use crate::i18n::Lang;
use crate::state::AppState;
use crate::ui::format::money;
use leptos::prelude::*;
use procura_invoicing::contracts::{Alert, Contract, Standing, State};
use procura_sync::api::sync::RecordKind;
use procura_sync::sync::RecordKey;

/// Who changes contracts: buyers and admins (others see them).
pub fn may_manage(app: AppState) -> bool {
    crate::pages::orders::is_buyer(app)
}

/// Who sees the Contracts screen: everyone who buys, approves or pays.
pub fn sees_contracts(app: AppState) -> bool {
    use procura_ground::role::Role;
    crate::org::me(app).is_some_and(|a| {
        a.has(Role::Buyer)
            || a.has(Role::Admin)
            || a.has(Role::Approver)
            || a.has(Role::AccountsPayable)
    })
}

/// Whether this user has a queued change to contract `id` (reactive).
pub fn has_pending(app: AppState, id: &str) -> bool {
    let key = RecordKey::new(RecordKind::Contract, id);
    app.work
        .with(|w| w.pending.iter().any(|m| m.op.key() == key))
}

/// Where `c` stands today, with what the device's orders commit under it.
pub fn standing_of(c: &Contract, orders: &[procura_orders::order::PurchaseOrder]) -> Standing {
    let used = procura_invoicing::contracts::consumed(&c.id, orders);
    procura_invoicing::contracts::standing(c, used, crate::ui::contracts::today())
}

pub fn state_msg(s: State) -> ContractMsg {
    match s {
        State::Upcoming => ContractMsg::StateUpcoming,
        State::InForce => ContractMsg::StateInForce,
        State::Expired => ContractMsg::StateExpired,
        State::Ended => ContractMsg::StateEnded,
    }
}

pub fn state_key(s: State) -> &'static str {
    match s {
        State::Upcoming => "upcoming",
        State::InForce => "in-force",
        State::Expired => "expired",
        State::Ended => "ended",
    }
}

/// One alert in words.
pub fn alert_text(a: &Alert, currency: &str, lang: Lang) -> String {
    match a {
        Alert::ExpiresSoon { days: 0 } => ContractMsg::expires_today(lang),
        Alert::ExpiresSoon { days } => ContractMsg::expires_in(lang, *days),
        Alert::CeilingNear { percent } => ContractMsg::ceiling_near(lang, &percent.to_string()),
        Alert::CeilingReached { over } if over.is_zero() => {
            ContractMsg::ceiling_reached_exactly(lang)
        }
        Alert::CeilingReached { over } => {
            ContractMsg::ceiling_reached(lang, &money(lang, *over, currency))
        }
    }
}

pub fn alert_key(a: &Alert) -> &'static str {
    match a {
        Alert::ExpiresSoon { .. } => "expires-soon",
        Alert::CeilingNear { .. } => "ceiling-near",
        Alert::CeilingReached { .. } => "ceiling-reached",
    }
}
