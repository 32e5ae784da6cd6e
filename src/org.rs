//! The organisation as this device sees it: the approval policy, delegations and requisitions
//! among the synced records (pulled, with this user's queued changes on top), and the core's
//! rules asked with them. Screens use these instead of digging in the record map.

use crate::state::AppState;
use leptos::prelude::*;
use procura_procurement::approval::time::Quarter;
use procura_procurement::approval::{committed_in, Actor, Delegation, Org, Policy, Requisition};
use procura_sync::sync::Record;

/// Milliseconds since 1970 by this device's clock: the "now" the core's rules take.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The logged-in user as the rules see them (reactive).
pub fn me(app: AppState) -> Option<Actor> {
    app.session
        .with(|s| s.as_ref().map(|s| Actor::from(&s.user)))
}

/// The organisation's approval policy, once pulled (reactive).
pub fn policy(app: AppState) -> Option<Policy> {
    app.work.with(|w| {
        w.records.values().find_map(|r| match r {
            Record::Policy(p) => Some(p.clone()),
            _ => None,
        })
    })
}

pub fn delegations(app: AppState) -> Vec<Delegation> {
    app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Delegation(d) => Some(d.clone()),
                _ => None,
            })
            .collect()
    })
}

/// Every requisition on the device, newest change first (reactive).
pub fn requisitions(app: AppState) -> Vec<Requisition> {
    let mut list: Vec<Requisition> = app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Requisition(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    });
    list.sort_by_key(|r| std::cmp::Reverse(r.updated_at_ms));
    list
}

pub fn requisition(app: AppState, id: &str) -> Option<Requisition> {
    app.work.with(|w| {
        w.records.values().find_map(|r| match r {
            Record::Requisition(r) if r.id == id => Some(r.clone()),
            _ => None,
        })
    })
}

/// Runs `f` with the organisation as the core's rules take it (`None` before the policy has
/// been pulled). Budgets count the requisitions on the device.
pub fn with_org<T>(app: AppState, f: impl FnOnce(&Org<'_>) -> T) -> Option<T> {
    let policy = policy(app)?;
    let delegations = delegations(app);
    let all = requisitions(app);
    let committed = |cc: &str, period: Quarter, excluding: &str| {
        committed_in(all.iter(), cc, period, excluding)
    };
    Some(f(&Org {
        policy: &policy,
        delegations: &delegations,
        committed: &committed,
    }))
}

/// Every order on the device, newest first (reactive).
pub fn orders(app: AppState) -> Vec<procura_orders::order::PurchaseOrder> {
    let mut list: Vec<procura_orders::order::PurchaseOrder> = app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Order(o) => Some(o.clone()),
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

/// One order (reactive).
pub fn order(app: AppState, id: &str) -> Option<procura_orders::order::PurchaseOrder> {
    let key = procura_sync::sync::RecordKey::new(procura_sync::api::sync::RecordKind::Order, id);
    app.work.with(|w| match w.records.get(&key) {
        Some(Record::Order(o)) => Some(o.clone()),
        _ => None,
    })
}
