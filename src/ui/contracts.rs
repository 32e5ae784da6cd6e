//! Contract prices where a buyer buys: the device's contracts by supplier, an item as the
//! organisation buys it today (the core's [`contracts::priced`]), and the mark every screen
//! shows beside a contract price or a line priced by a contract.

use crate::i18n::{use_i18n, Lang};
use crate::pages::contracts::ContractMsg;
use crate::state::AppState;
use leptos::prelude::*;
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{day_of_ms, Date};
use procura_ground::id::{ContractRef, SupplierId};
use procura_invoicing::contracts::{self, Contract};
use procura_sync::sync::Record;
use std::collections::BTreeMap;

/// Today, as contracts count days (UTC).
pub fn today() -> Date {
    day_of_ms(crate::org::now_ms())
}

/// Every contract on the device (reactive), as the hub recorded it or as a queued change shows it.
pub fn all(app: AppState) -> Vec<Contract> {
    app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Contract(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    })
}

/// The device's contracts by supplier (reactive).
pub fn by_supplier(app: AppState) -> BTreeMap<SupplierId, Vec<Contract>> {
    let mut map: BTreeMap<SupplierId, Vec<Contract>> = BTreeMap::new();
    for c in all(app) {
        map.entry(c.terms.supplier_id.clone()).or_default().push(c);
    }
    map
}

/// `item` at the price of the contract in force today that covers it, with that contract; `None`
/// when no contract on the device covers it.
pub fn priced_in(
    by_supplier: &BTreeMap<SupplierId, Vec<Contract>>,
    item: &CatalogItem,
) -> Option<(CatalogItem, ContractRef)> {
    let of = by_supplier.get(&item.supplier_id)?;
    contracts::priced(item, of, today())
}

/// [`priced_in`] over the device's contracts (not reactive: for an action such as adding to the
/// cart).
pub fn priced_now(app: AppState, item: &CatalogItem) -> Option<(CatalogItem, ContractRef)> {
    let by = untrack(move || by_supplier(app));
    priced_in(&by, item)
}

/// "Contract price · CT-…": beside a price set by a contract (`price`) or, for a requisition or
/// order line priced by one, "Contract CT-…".
#[component]
pub fn ContractMark(
    contract: ContractRef,
    /// The mark beside a price the contract sets (catalog, comparison, cart), not a line's note.
    #[prop(optional)]
    price: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = contract.number.clone();
    let text = move || mark_text(i18n.lang(), &number, price);
    view! {
        <span class="mark contract" data-testid="contract-mark" data-contract=contract.id.clone()>{text}</span>
    }
}

fn mark_text(lang: Lang, number: &str, price: bool) -> String {
    if price {
        ContractMsg::price_mark(lang, number)
    } else {
        ContractMsg::line_mark(lang, number)
    }
}
