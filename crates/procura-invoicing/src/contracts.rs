//! Contracts (框架协议): framework agreements with a supplier that price its catalog items.
//!
//! A buyer or an admin records a contract ([`save`]): the supplier, the currency, the days it
//! is valid (both inclusive), the agreed prices — a net unit price for one catalog item, or a
//! discount off the catalog price for a UNSPSC category — a ceiling on what may be ordered
//! under it, and when to warn before it expires or runs out. It is changed from the revision
//! seen, and ended early with a reason ([`end`]); an ended contract does not change again.
//!
//! While a contract is in force ([`in_force`]) its prices replace the catalog's for the
//! supplier's items it covers ([`priced`]): on the device (catalog, cart, requisition) and at
//! the hub, which re-prices every catalog line of a submitted requisition the same way and
//! stamps the line with the contract ([`verify_draft`]), so a device cannot claim a contract
//! price it does not have or miss one it should. Orders carry the stamp per line; what they
//! commit counts against the ceiling ([`consumed`]); [`standing`] says where a contract stands
//! and what to warn about. Invoice matching holds a contract line to its agreed price with no
//! tolerance (`matching`).

use procura_catalog::catalog::{CatalogItem, PriceTier};
use procura_ground::date::{self, Date};
use procura_ground::id::{ContractRef, SupplierId, UserId};
use procura_ground::money;
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use procura_orders::order::{self, PurchaseOrder};
use procura_procurement::approval::requisition::RequisitionDraft;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A contract's id (made by the device) is 1 to this many bytes.
pub const MAX_ID: usize = 64;
/// The contract number both sides use.
pub const MAX_NUMBER: usize = 40;
pub const MAX_TITLE: usize = 200;
pub const MAX_NOTE: usize = 1_000;
pub const MAX_REASON: usize = 200;
/// Most agreed prices on one contract.
pub const MAX_PRICES: usize = 500;
/// The longest validity: ten years and leap days.
pub const MAX_DAYS: u32 = 3_653;
/// The earliest warning before expiry.
pub const MAX_ALERT_DAYS: u32 = 365;
/// Most contracts not ended one supplier may have: the hub reads them all to price a line.
pub const MAX_LIVE_PER_SUPPLIER: usize = 50;
/// Contract-priced unit prices are kept to this many decimals (a discount on a cheap item
/// needs more than the currency's minor units).
const PRICE_DP: u32 = 4;

/// One agreed price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgreedPrice {
    /// A net price for one unit (the catalog's order unit) of one of the supplier's items
    /// (`{supplier}/{sku}`), at any quantity the catalog sells.
    Item {
        item_id: String,
        unit_price: Decimal,
    },
    /// A discount in percent off the catalog's tier prices for every item whose UNSPSC code
    /// starts with `unspsc` (2, 4, 6 or 8 digits; the longest prefix wins).
    Category {
        unspsc: String,
        discount_percent: Decimal,
    },
}

/// What a buyer agrees and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractTerms {
    pub number: String,
    pub title: String,
    pub supplier_id: SupplierId,
    /// ISO 4217; the prices and the ceiling are in it, and only the supplier's items in it are
    /// priced by the contract.
    pub currency: String,
    #[serde(with = "date::day")]
    pub valid_from: Date,
    /// The last day it is in force.
    #[serde(with = "date::day")]
    pub valid_to: Date,
    #[serde(default)]
    pub prices: Vec<AgreedPrice>,
    /// Net, in `currency`: the most that may be ordered under it.
    #[serde(default)]
    pub ceiling: Option<Decimal>,
    /// Warn this many days before `valid_to`.
    pub alert_days: u32,
    /// Warn when this share of the ceiling (percent) is committed.
    pub alert_percent: Decimal,
    #[serde(default)]
    pub note: String,
}

/// A new contract or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractDraft {
    /// Made on the device (a UUID); the same for every revision.
    pub id: String,
    /// 0 for a new contract, else the revision this change edits.
    pub base_revision: u32,
    pub terms: ContractTerms,
}

/// Who ended a contract early, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    pub by: UserId,
    pub by_name: String,
    pub at_ms: i64,
    pub reason: String,
}

/// One entry of a contract's trail, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractChange {
    pub revision: u32,
    pub by: UserId,
    pub by_name: String,
    pub at_ms: i64,
    pub what: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Created,
    Changed,
    Ended,
}

/// A contract as the hub records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: String,
    pub revision: u32,
    pub terms: ContractTerms,
    pub supplier_name: String,
    #[serde(default)]
    pub ended: Option<Ended>,
    pub history: Vec<ContractChange>,
}

impl Contract {
    pub fn reference(&self) -> ContractRef {
        ContractRef {
            id: self.id.clone(),
            number: self.terms.number.clone(),
        }
    }
}

/// A new or changed contract (`existing`: the hub's record under the draft's id).
/// `supplier_name`: the organisation's name for the draft's supplier, `None` when it has no
/// such supplier.
pub fn save(
    existing: Option<&Contract>,
    draft: &ContractDraft,
    supplier_name: Option<String>,
    author: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<Contract, Refusal> {
    may_manage(roles)?;
    if draft.id.trim().is_empty() || draft.id.len() > MAX_ID {
        return Err(Reason::ContractIdInvalid { max: MAX_ID }.into());
    }
    let terms = check_terms(&draft.terms)?;
    let Some(supplier_name) = supplier_name else {
        return Err(Reason::ContractUnknownSupplier {}.into());
    };
    let change = |revision, what| ContractChange {
        revision,
        by: author.0.clone(),
        by_name: author.1.to_owned(),
        at_ms: now_ms,
        what,
    };
    match existing {
        None => {
            if draft.base_revision != 0 {
                return Err(Reason::ContractNotFound {}.into());
            }
            Ok(Contract {
                id: draft.id.clone(),
                revision: 1,
                terms,
                supplier_name,
                ended: None,
                history: vec![change(1, ChangeKind::Created)],
            })
        }
        Some(c) => {
            if c.ended.is_some() {
                return Err(Reason::ContractEnded {}.into());
            }
            if draft.base_revision != c.revision {
                return Err(Reason::ContractStale {
                    revision: c.revision,
                    base: draft.base_revision,
                }
                .into());
            }
            if terms.supplier_id != c.terms.supplier_id || terms.currency != c.terms.currency {
                return Err(Reason::ContractSupplierFixed {}.into());
            }
            let mut next = c.clone();
            next.revision = c.revision + 1;
            next.terms = terms;
            next.supplier_name = supplier_name;
            next.history
                .push(change(next.revision, ChangeKind::Changed));
            Ok(next)
        }
    }
}

/// Whether another contract may be made with a supplier that has `live` contracts not ended.
pub fn may_add(live: usize) -> Result<(), Refusal> {
    if live >= MAX_LIVE_PER_SUPPLIER {
        return Err(Reason::ContractTooMany {
            max: MAX_LIVE_PER_SUPPLIER,
        }
        .into());
    }
    Ok(())
}

/// Ends `existing` from today on, with a reason.
pub fn end(
    existing: Option<&Contract>,
    base_revision: u32,
    reason: &str,
    author: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<Contract, Refusal> {
    may_manage(roles)?;
    let Some(c) = existing else {
        return Err(Reason::ContractNotFound {}.into());
    };
    if c.ended.is_some() {
        return Err(Reason::ContractEnded {}.into());
    }
    if base_revision != c.revision {
        return Err(Reason::ContractStale {
            revision: c.revision,
            base: base_revision,
        }
        .into());
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON || has_control(reason) {
        return Err(Reason::ContractEndReasonRequired { max: MAX_REASON }.into());
    }
    let mut next = c.clone();
    next.revision = c.revision + 1;
    next.ended = Some(Ended {
        by: author.0.clone(),
        by_name: author.1.to_owned(),
        at_ms: now_ms,
        reason: reason.to_owned(),
    });
    next.history.push(ContractChange {
        revision: next.revision,
        by: author.0.clone(),
        by_name: author.1.to_owned(),
        at_ms: now_ms,
        what: ChangeKind::Ended,
    });
    Ok(next)
}

fn may_manage(roles: &[Role]) -> Result<(), Refusal> {
    if roles.iter().any(|r| matches!(r, Role::Buyer | Role::Admin)) {
        Ok(())
    } else {
        Err(Reason::ContractRole {}.into())
    }
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

fn text_ok(text: &str, max: usize, required: bool) -> bool {
    (!required || !text.is_empty()) && text.chars().count() <= max && !has_control(text)
}

/// Checks terms and returns them tidied (texts trimmed, numbers normalised).
pub fn check_terms(t: &ContractTerms) -> Result<ContractTerms, Refusal> {
    let mut t = t.clone();
    t.number = t.number.trim().to_owned();
    t.title = t.title.trim().to_owned();
    t.note = t.note.trim().to_owned();
    if !text_ok(&t.number, MAX_NUMBER, true) || t.number.contains('\n') {
        return Err(Reason::ContractNumberInvalid { max: MAX_NUMBER }.into());
    }
    if !text_ok(&t.title, MAX_TITLE, true) || t.title.contains('\n') {
        return Err(Reason::ContractTitleInvalid { max: MAX_TITLE }.into());
    }
    if !text_ok(&t.note, MAX_NOTE, false) {
        return Err(Reason::ContractNoteTooLong { max: MAX_NOTE }.into());
    }
    if t.supplier_id.as_str().trim().is_empty()
        || t.supplier_id.as_str().len() > procura_ground::limits::MAX_ID_BYTES
    {
        return Err(Reason::ContractUnknownSupplier {}.into());
    }
    if !procura_ground::currency::is_active(&t.currency) {
        return Err(Reason::ContractCurrencyInvalid {
            currency: t.currency.chars().take(8).collect(),
        }
        .into());
    }
    let span = (t.valid_to - t.valid_from).whole_days();
    if span < 0 || span >= i64::from(MAX_DAYS) {
        return Err(Reason::ContractDatesInvalid { max_days: MAX_DAYS }.into());
    }
    if t.prices.is_empty() && t.ceiling.is_none() {
        return Err(Reason::ContractTermsMissing {}.into());
    }
    if t.prices.len() > MAX_PRICES {
        return Err(Reason::ContractTooManyPrices { max: MAX_PRICES }.into());
    }
    let prefix = format!("{}/", t.supplier_id.as_str());
    let mut items = BTreeSet::new();
    let mut categories = BTreeSet::new();
    for (i, p) in t.prices.iter_mut().enumerate() {
        let entry = i as u32 + 1;
        match p {
            AgreedPrice::Item {
                item_id,
                unit_price,
            } => {
                let sku = item_id.strip_prefix(&prefix).unwrap_or("");
                if sku.trim().is_empty()
                    || item_id.len() > procura_ground::limits::MAX_ID_BYTES
                    || *unit_price <= Decimal::ZERO
                    || money::check_price(*unit_price).is_err()
                {
                    return Err(Reason::ContractItemInvalid { entry }.into());
                }
                *unit_price = unit_price.normalize();
                if !items.insert(item_id.clone()) {
                    return Err(Reason::ContractPriceTwice { entry }.into());
                }
            }
            AgreedPrice::Category {
                unspsc,
                discount_percent,
            } => {
                let digits = unspsc.trim();
                if !matches!(digits.len(), 2 | 4 | 6 | 8)
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || *discount_percent <= Decimal::ZERO
                    || *discount_percent >= Decimal::ONE_HUNDRED
                    || discount_percent.scale() > 4
                {
                    return Err(Reason::ContractCategoryInvalid { entry }.into());
                }
                *unspsc = digits.to_owned();
                *discount_percent = discount_percent.normalize();
                if !categories.insert(unspsc.clone()) {
                    return Err(Reason::ContractPriceTwice { entry }.into());
                }
            }
        }
    }
    if let Some(c) = t.ceiling {
        if c <= Decimal::ZERO || money::check_amount(c).is_err() {
            return Err(Reason::ContractCeilingInvalid {}.into());
        }
        t.ceiling = Some(money::round(c, &t.currency).normalize());
    }
    if t.alert_days > MAX_ALERT_DAYS
        || t.alert_percent < Decimal::ONE
        || t.alert_percent > Decimal::ONE_HUNDRED
        || t.alert_percent.scale() > 2
    {
        return Err(Reason::ContractAlertsInvalid {
            max_days: MAX_ALERT_DAYS,
        }
        .into());
    }
    t.alert_percent = t.alert_percent.normalize();
    Ok(t)
}

/// Whether `c` prices orders on `day`: not ended, and `day` within its validity.
pub fn in_force(c: &Contract, day: Date) -> bool {
    c.ended.is_none() && c.terms.valid_from <= day && day <= c.terms.valid_to
}

/// What `c` agrees for `item`: `Some(tiers)` (the item's tiers at the contract's prices), or
/// `None` when it does not cover the item. An item price applies at every quantity the
/// catalog sells (from its minimum order quantity); a category discount applies to each tier.
pub fn agreed_tiers(c: &Contract, item: &CatalogItem) -> Option<Vec<PriceTier>> {
    if c.terms.supplier_id != item.supplier_id || c.terms.currency != item.currency {
        return None;
    }
    let item_price = c.terms.prices.iter().find_map(|p| match p {
        AgreedPrice::Item {
            item_id,
            unit_price,
        } if item_id == item.id.as_str() => Some(*unit_price),
        _ => None,
    });
    // An agreed item price prices even an item whose catalog price is on request: the
    // contract is the quote.
    if let Some(price) = item_price {
        return Some(vec![PriceTier {
            min_qty: item.min_order_qty(),
            unit_price: price,
        }]);
    }
    // A discount needs a catalog price to discount.
    if item.price_on_request() {
        return None;
    }
    let discount = c
        .terms
        .prices
        .iter()
        .filter_map(|p| match p {
            AgreedPrice::Category {
                unspsc,
                discount_percent,
            } if !item.unspsc.is_empty() && item.unspsc.starts_with(unspsc.as_str()) => {
                Some((unspsc.len(), *discount_percent))
            }
            _ => None,
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, d)| d)?;
    let factor = (Decimal::ONE_HUNDRED - discount) / Decimal::ONE_HUNDRED;
    item.price_tiers
        .iter()
        .map(|t| {
            let price = t
                .unit_price
                .checked_mul(factor)?
                .round_dp_with_strategy(PRICE_DP, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            Some(PriceTier {
                min_qty: t.min_qty,
                unit_price: price,
            })
        })
        .collect()
}

/// `item` as the organisation buys it on `day`: at the prices of the contract in force that
/// covers it (its tiers replaced), with that contract; or `None` when no contract covers it.
/// When several do, the one with the lowest price at the item's minimum order quantity
/// applies (then the lower number, then the lower id), the same on every device and at the
/// hub.
pub fn priced<'c>(
    item: &CatalogItem,
    contracts: impl IntoIterator<Item = &'c Contract>,
    day: Date,
) -> Option<(CatalogItem, ContractRef)> {
    let (tiers, contract) = contracts
        .into_iter()
        .filter(|c| in_force(c, day))
        .filter_map(|c| agreed_tiers(c, item).map(|t| (t, c)))
        .min_by(|(a, ca), (b, cb)| {
            let first = |t: &[PriceTier]| t.first().map(|t| t.unit_price);
            first(a)
                .cmp(&first(b))
                .then_with(|| ca.terms.number.cmp(&cb.terms.number))
                .then_with(|| ca.id.cmp(&cb.id))
        })?;
    let mut priced = item.clone();
    priced.price_tiers = tiers;
    Some((priced, contract.reference()))
}

/// The hub's check of a submitted draft's catalog lines: like
/// [`procura_procurement::approval::act::verify_catalog_lines`], against the catalog as the
/// contracts in force on `day` price it (`contracts_of`: a supplier's contracts), and each
/// catalog line stamped with the contract that priced it (or none, whatever the device said).
pub fn verify_draft(
    draft: &RequisitionDraft,
    lookup: &dyn Fn(&str) -> Option<CatalogItem>,
    contracts_of: &dyn Fn(&SupplierId) -> Vec<Contract>,
    day: Date,
) -> Result<RequisitionDraft, Refusal> {
    // Each supplier's contracts are asked for once, however many lines name it.
    let held: std::cell::RefCell<std::collections::BTreeMap<SupplierId, Vec<Contract>>> =
        Default::default();
    let as_bought = |id: &str| -> Option<(CatalogItem, Option<ContractRef>)> {
        let item = lookup(id)?;
        let mut held = held.borrow_mut();
        let contracts = held
            .entry(item.supplier_id.clone())
            .or_insert_with(|| contracts_of(&item.supplier_id));
        Some(match priced(&item, contracts.iter(), day) {
            Some((p, c)) => (p, Some(c)),
            None => (item, None),
        })
    };
    let mut checked = procura_procurement::approval::act::verify_catalog_lines(draft, &|id| {
        as_bought(id).map(|(item, _)| item)
    })?;
    for line in &mut checked.lines {
        line.contract = line
            .item_id
            .as_ref()
            .and_then(|id| as_bought(id.as_str()))
            .and_then(|(_, c)| c);
    }
    Ok(checked)
}

/// What `orders` commit under contract `id` (net, in the orders' currency): each line priced
/// by it, at the quantity the supplier confirmed (else ordered); lines the supplier rejected
/// and orders cancelled or rejected count for nothing. `None` past the money bounds.
pub fn consumed<'o>(
    id: &str,
    orders: impl IntoIterator<Item = &'o PurchaseOrder>,
) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for o in orders {
        if order::is_closed(o) || !o.lines.iter().any(|l| on_contract(l, id)) {
            continue;
        }
        let progress = order::progress(o);
        for l in o.lines.iter().filter(|l| on_contract(l, id)) {
            let quantity = progress
                .iter()
                .find(|p| p.line_no == l.line_no)
                .map_or(l.quantity, |p| p.confirmed.unwrap_or(p.ordered));
            let net = money::line_net(quantity, l.unit_price, &o.currency).ok()?;
            total = money::add(total, net).ok()?;
        }
    }
    Some(total)
}

fn on_contract(l: &procura_orders::order::OrderLine, id: &str) -> bool {
    l.contract.as_ref().is_some_and(|c| c.id == id)
}

/// Where a contract stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Starts later.
    Upcoming,
    InForce,
    /// Past its last day.
    Expired,
    /// Ended early.
    Ended,
}

/// What to warn a buyer of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alert {
    /// In force, and its last day is `days` away (0: today), within the contract's warning.
    ExpiresSoon { days: i64 },
    /// `percent` of the ceiling is committed, at or above the contract's warning share.
    CeilingNear { percent: Decimal },
    /// Orders commit the whole ceiling or more.
    CeilingReached { over: Decimal },
}

/// A contract's state and alerts on `day`, with `consumed` committed under it
/// ([`consumed`]; `None`: past the money bounds, shown as reached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub state: State,
    pub consumed: Option<Decimal>,
    /// What is left under the ceiling (never below zero).
    pub remaining: Option<Decimal>,
    pub alerts: Vec<Alert>,
}

pub fn standing(c: &Contract, consumed: Option<Decimal>, day: Date) -> Standing {
    let state = if c.ended.is_some() {
        State::Ended
    } else if day < c.terms.valid_from {
        State::Upcoming
    } else if day > c.terms.valid_to {
        State::Expired
    } else {
        State::InForce
    };
    let mut alerts = Vec::new();
    if state == State::InForce {
        let days = (c.terms.valid_to - day).whole_days();
        if days <= i64::from(c.terms.alert_days) {
            alerts.push(Alert::ExpiresSoon { days });
        }
    }
    let mut remaining = None;
    if let Some(ceiling) = c.terms.ceiling {
        match consumed {
            Some(used) if used < ceiling => {
                remaining = Some(ceiling - used);
                let percent = (used * Decimal::ONE_HUNDRED / ceiling)
                    .round_dp_with_strategy(1, RoundingStrategy::ToZero)
                    .normalize();
                if state != State::Ended && percent >= c.terms.alert_percent {
                    alerts.push(Alert::CeilingNear { percent });
                }
            }
            Some(used) => {
                remaining = Some(Decimal::ZERO);
                if state != State::Ended {
                    alerts.push(Alert::CeilingReached {
                        over: (used - ceiling).normalize(),
                    });
                }
            }
            None => {
                remaining = Some(Decimal::ZERO);
                if state != State::Ended {
                    alerts.push(Alert::CeilingReached {
                        over: Decimal::ZERO,
                    });
                }
            }
        }
    }
    Standing {
        state,
        consumed,
        remaining,
        alerts,
    }
}
