//! Stock on the shelf: which catalog items the organisation keeps at which location, what was
//! counted there, what was taken out (goods issues, recorded on a tablet) and what came in
//! (goods receipts of orders); from them the stock level now, the history of movements
//! [`crate::replenish`] measures demand on, and the reorder list.
//!
//! # Records
//!
//! A [`Stock`] (one per item and location, set by an admin) and a [`GoodsIssue`] (one per
//! issue, by anyone in the organisation) are synced records. The hub decides both with
//! [`save`] and [`issue`]; nothing else changes them.
//!
//! # Units
//!
//! Stock is kept in the catalog item's **order unit** (boxes of copy paper, not sheets): what
//! is counted, issued, received and reordered is the same unit, whole numbers only. A reorder
//! is rounded up to the supplier's minimum order quantity; each order unit is one pack.
//!
//! # The level now
//!
//! `on hand = counted + received since the count − issued since the count`, where "since" is
//! strictly after the count's time. A receipt counts for the stocked item whose location is the
//! order's ship-to; when none is, and the item is stocked at one location only, for that one.
//! `on order` is what open orders (not closed) still await of the item, by the same location
//! rule. Two tablets issuing offline may take the level below zero: both issues happened on
//! the shelf, so both are kept and the level shows the shortfall (a recount settles it).

use crate::replenish::{self, History, Holding, ItemPlan, Movement, MovementKind, StockedItem};
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{self, Date};
use procura_ground::id::{ItemId, SupplierId, UserId};
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use procura_orders::order::{self, OrderEvent, PurchaseOrder};
use procura_procurement::approval::stock::{check, StockDefaults};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Longest location name, in characters.
pub const MAX_LOCATION_CHARS: usize = 60;
/// Longest goods-issue note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;
/// Longest lead time a stocked item may state, in days.
pub const MAX_LEAD_DAYS: u32 = 365;
/// How far back a goods issue may be dated.
pub const MAX_ISSUE_AGE_MS: i64 = 366 * 86_400_000;
/// How far ahead of the hub's clock a device's time may run.
pub const CLOCK_SLACK_MS: i64 = 10 * 60_000;

/// What an admin sets for one item at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockDraft {
    pub item_id: ItemId,
    pub location: String,
    /// On hand at the last count, in order units.
    pub counted: Decimal,
    /// When it was counted (the device's clock).
    pub counted_at_ms: i64,
    /// Overrides of the organisation's [`StockDefaults`].
    #[serde(default)]
    pub order_cost: Option<Decimal>,
    #[serde(default)]
    pub holding_rate: Option<Decimal>,
    #[serde(default)]
    pub service_level_pct: Option<Decimal>,
    /// The revision this edit starts from: 0 for a new stocked item.
    pub base_revision: u32,
}

impl StockDraft {
    /// The record key: item and location.
    pub fn key(&self) -> String {
        key(&self.item_id, &self.location)
    }
}

/// The key of a stocked item's record.
pub fn key(item_id: &ItemId, location: &str) -> String {
    format!("{item_id}@{location}")
}

/// A stocked item as the hub keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    pub item_id: ItemId,
    pub location: String,
    /// The catalog item's supplier (whose lead times count).
    pub supplier_id: SupplierId,
    pub counted: Decimal,
    pub counted_at_ms: i64,
    #[serde(default)]
    pub order_cost: Option<Decimal>,
    #[serde(default)]
    pub holding_rate: Option<Decimal>,
    #[serde(default)]
    pub service_level_pct: Option<Decimal>,
    pub revision: u32,
    pub updated_by: UserId,
    pub updated_by_name: String,
    pub updated_at_ms: i64,
}

impl Stock {
    pub fn key(&self) -> String {
        key(&self.item_id, &self.location)
    }

    /// What an edit of it starts from.
    pub fn draft(&self) -> StockDraft {
        StockDraft {
            item_id: self.item_id.clone(),
            location: self.location.clone(),
            counted: self.counted,
            counted_at_ms: self.counted_at_ms,
            order_cost: self.order_cost,
            holding_rate: self.holding_rate,
            service_level_pct: self.service_level_pct,
            base_revision: self.revision,
        }
    }
}

fn whole(q: Decimal) -> bool {
    q.fract().is_zero()
}

/// An admin's change of a stocked item, decided: `existing` is the record under the draft's
/// key, `supplier` the catalog item's supplier (`None`: no such item in the catalog).
pub fn save(
    existing: Option<&Stock>,
    draft: &StockDraft,
    supplier: Option<&SupplierId>,
    by: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<Stock, Refusal> {
    if !roles.contains(&Role::Admin) {
        return Err(Reason::StockAdminsOnly {}.into());
    }
    let location = draft.location.trim();
    if location.is_empty()
        || location.chars().count() > MAX_LOCATION_CHARS
        || location != draft.location
    {
        return Err(Reason::StockLocationInvalid {
            max: MAX_LOCATION_CHARS,
        }
        .into());
    }
    let Some(supplier) = supplier else {
        return Err(Reason::StockNoItem {
            item: draft.item_id.to_string(),
        }
        .into());
    };
    let counted_ok =
        draft.counted.is_zero() || procura_ground::money::check_quantity(draft.counted).is_ok();
    if draft.counted < Decimal::ZERO || !whole(draft.counted) || !counted_ok {
        return Err(Reason::StockCountInvalid {
            value: draft.counted.to_string(),
        }
        .into());
    }
    if draft.counted_at_ms > now_ms.saturating_add(CLOCK_SLACK_MS) {
        return Err(Reason::StockCountInFuture {}.into());
    }
    if let Some(p) = check(
        draft.order_cost,
        draft.holding_rate,
        draft.service_level_pct,
    )
    .into_iter()
    .next()
    {
        return Err(p.into());
    }
    let revision = existing.map_or(0, |s| s.revision);
    if let Some(s) = existing {
        if s.item_id != draft.item_id || s.location != draft.location {
            return Err(Reason::NotAStock {}.into());
        }
    }
    if draft.base_revision != revision {
        return Err(Reason::StockStale {
            revision,
            base: draft.base_revision,
        }
        .into());
    }
    Ok(Stock {
        item_id: draft.item_id.clone(),
        location: draft.location.clone(),
        supplier_id: supplier.clone(),
        counted: draft.counted.normalize(),
        counted_at_ms: draft.counted_at_ms,
        order_cost: draft.order_cost,
        holding_rate: draft.holding_rate,
        service_level_pct: draft.service_level_pct,
        revision: revision.saturating_add(1),
        updated_by: by.0.clone(),
        updated_by_name: by.1.to_owned(),
        updated_at_ms: now_ms,
    })
}

/// What a tablet records when someone takes goods out of stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodsIssueDraft {
    /// Made by the device (a UUID): the same issue sent twice is recorded once.
    pub id: String,
    pub item_id: ItemId,
    pub location: String,
    /// Order units taken, whole.
    pub quantity: Decimal,
    /// When (the device's clock: an issue recorded offline keeps its time).
    pub issued_at_ms: i64,
    /// What for (a job, a cost centre), may be empty.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodsIssue {
    pub id: String,
    pub item_id: ItemId,
    pub location: String,
    pub quantity: Decimal,
    pub issued_at_ms: i64,
    #[serde(default)]
    pub note: String,
    pub by: UserId,
    pub by_name: String,
    /// When the hub recorded it.
    pub recorded_at_ms: i64,
}

impl GoodsIssue {
    pub fn draft(&self) -> GoodsIssueDraft {
        GoodsIssueDraft {
            id: self.id.clone(),
            item_id: self.item_id.clone(),
            location: self.location.clone(),
            quantity: self.quantity,
            issued_at_ms: self.issued_at_ms,
            note: self.note.clone(),
        }
    }
}

/// What the hub does with a goods issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueOutcome {
    Record(GoodsIssue),
    /// The same issue is already recorded (a retry): nothing to write.
    AlreadyRecorded,
}

/// A goods issue, decided: `existing` is the record with its id, `stock` the stocked item at
/// its item and location. Anyone in the organisation may issue goods.
pub fn issue(
    existing: Option<&GoodsIssue>,
    draft: &GoodsIssueDraft,
    stock: Option<&Stock>,
    by: (&UserId, &str),
    now_ms: i64,
) -> Result<IssueOutcome, Refusal> {
    if draft.id.is_empty() || draft.id.len() > 64 {
        return Err(Reason::IssueIdInvalid {}.into());
    }
    if let Some(e) = existing {
        return if e.draft() == *draft && e.by == *by.0 {
            Ok(IssueOutcome::AlreadyRecorded)
        } else {
            Err(Reason::IssueExists {}.into())
        };
    }
    if stock.is_none_or(|s| s.item_id != draft.item_id || s.location != draft.location) {
        return Err(Reason::IssueNotStocked {
            item: draft.item_id.to_string(),
            location: draft.location.clone(),
        }
        .into());
    }
    let q = draft.quantity;
    if q <= Decimal::ZERO || !whole(q) || procura_ground::money::check_quantity(q).is_err() {
        return Err(Reason::IssueQuantityInvalid {
            value: q.to_string(),
        }
        .into());
    }
    if draft.issued_at_ms > now_ms.saturating_add(CLOCK_SLACK_MS)
        || draft.issued_at_ms < now_ms.saturating_sub(MAX_ISSUE_AGE_MS)
    {
        return Err(Reason::IssueWhenInvalid {}.into());
    }
    let note = draft.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Reason::IssueNoteTooLong {
            max: MAX_NOTE_CHARS,
        }
        .into());
    }
    Ok(IssueOutcome::Record(GoodsIssue {
        id: draft.id.clone(),
        item_id: draft.item_id.clone(),
        location: draft.location.clone(),
        quantity: q.normalize(),
        issued_at_ms: draft.issued_at_ms,
        note: note.to_owned(),
        by: by.0.clone(),
        by_name: by.1.to_owned(),
        recorded_at_ms: now_ms,
    }))
}

/// A timed movement of one stocked item (index into the `stocks` it was made from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub stock: usize,
    pub at_ms: i64,
    pub kind: MovementKind,
    pub quantity: Decimal,
}

/// Every movement of `stocks`: their goods issues and the goods receipts of `orders` (by the
/// module's location rule), oldest first. Receipts of orders with no stocked item are left out.
pub fn movements(stocks: &[Stock], issues: &[GoodsIssue], orders: &[PurchaseOrder]) -> Vec<Moved> {
    let places = Places::new(stocks);
    let mut out = Vec::new();
    for g in issues {
        if let Some(&i) = places
            .by_key
            .get(&(g.item_id.as_str(), g.location.as_str()))
        {
            out.push(Moved {
                stock: i,
                at_ms: g.issued_at_ms,
                kind: MovementKind::Issue,
                quantity: g.quantity,
            });
        }
    }
    for o in orders {
        for e in &o.events {
            let OrderEvent::Received { at_ms, lines, .. } = e else {
                continue;
            };
            for r in lines {
                let Some(item) = o
                    .lines
                    .iter()
                    .find(|l| l.line_no == r.line_no)
                    .and_then(|l| l.item_id.as_ref())
                else {
                    continue;
                };
                if let Some(i) = places.of(item.as_str(), &o.ship_to) {
                    if r.accepted > Decimal::ZERO {
                        out.push(Moved {
                            stock: i,
                            at_ms: *at_ms,
                            kind: MovementKind::Receipt,
                            quantity: r.accepted,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|m| m.at_ms);
    out
}

/// Where stocked items are, by item and location and by item alone (first listing wins).
struct Places<'s> {
    by_key: HashMap<(&'s str, &'s str), usize>,
    by_item: HashMap<&'s str, Vec<usize>>,
}

impl<'s> Places<'s> {
    fn new(stocks: &'s [Stock]) -> Self {
        let mut by_key = HashMap::with_capacity(stocks.len());
        let mut by_item: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in stocks.iter().enumerate() {
            by_key
                .entry((s.item_id.as_str(), s.location.as_str()))
                .or_insert(i);
            by_item.entry(s.item_id.as_str()).or_default().push(i);
        }
        Self { by_key, by_item }
    }

    /// The stocked item a receipt of `item` shipped to `ship_to` counts for.
    fn of(&self, item: &str, ship_to: &str) -> Option<usize> {
        self.by_key.get(&(item, ship_to)).copied().or_else(|| {
            self.by_item
                .get(item)
                .and_then(|v| (v.len() == 1).then(|| v[0]))
        })
    }
}

/// One stocked item's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Level {
    pub on_hand: Decimal,
    /// Ordered on open orders, not received yet.
    pub on_order: Decimal,
}

/// The level of each of `stocks` (same order) from `moved` ([`movements`]) and the open
/// `orders`. `None` for an item whose figures overflow.
pub fn levels(stocks: &[Stock], moved: &[Moved], orders: &[PurchaseOrder]) -> Vec<Option<Level>> {
    let mut out: Vec<Option<Level>> = stocks
        .iter()
        .map(|s| {
            Some(Level {
                on_hand: s.counted,
                on_order: Decimal::ZERO,
            })
        })
        .collect();
    for m in moved {
        let s = &stocks[m.stock];
        if m.at_ms <= s.counted_at_ms {
            continue;
        }
        let slot = &mut out[m.stock];
        *slot = slot.and_then(|l| {
            let on_hand = match m.kind {
                MovementKind::Issue => l.on_hand.checked_sub(m.quantity),
                MovementKind::Receipt => l.on_hand.checked_add(m.quantity),
            }?;
            Some(Level { on_hand, ..l })
        });
    }
    let places = Places::new(stocks);
    for o in orders.iter().filter(|o| !order::is_closed(o)) {
        for (line, p) in o.lines.iter().zip(order::progress(o)) {
            let Some(item) = &line.item_id else { continue };
            let Some(i) = places.of(item.as_str(), &o.ship_to) else {
                continue;
            };
            let open = p
                .confirmed
                .unwrap_or(p.ordered)
                .checked_sub(p.received)
                .unwrap_or_default()
                .max(Decimal::ZERO);
            let slot = &mut out[i];
            *slot = slot.and_then(|l| {
                Some(Level {
                    on_order: l.on_order.checked_add(open)?,
                    ..l
                })
            });
        }
    }
    out
}

/// Days from sending an order to its first goods receipt, per supplier: the lead times
/// replenishment measures its variability on. Orders never sent or never received are left out.
pub fn lead_times(orders: &[PurchaseOrder]) -> BTreeMap<SupplierId, Vec<f64>> {
    let mut out: BTreeMap<SupplierId, Vec<f64>> = BTreeMap::new();
    for o in orders {
        let sent = o.events.iter().find_map(|e| match e {
            OrderEvent::Sent { at_ms } => Some(*at_ms),
            _ => None,
        });
        let received = o.events.iter().find_map(|e| match e {
            OrderEvent::Received { at_ms, .. } => Some(*at_ms),
            _ => None,
        });
        if let (Some(s), Some(r)) = (sent, received) {
            if r >= s {
                out.entry(o.supplier_id.clone())
                    .or_default()
                    .push((r - s) as f64 / 86_400_000.0);
            }
        }
    }
    out
}

/// One row of the reorder list: the stocked item, its level and figures, and what to order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the `stocks` given.
    pub stock: usize,
    pub level: Level,
    pub plan: ItemPlan,
    /// Order units to order now; `None`: not due.
    pub suggested: Option<Decimal>,
    /// The unit price at the suggested (or minimum) quantity, from the catalog.
    pub unit_price: Decimal,
}

/// Why a stocked item has no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Its catalog item is gone (the supplier's feed dropped it).
    NotInCatalog,
    /// Its figures could not be planned.
    Plan(replenish::PlanProblem),
    /// Its level overflows.
    Level,
}

/// The whole stock picture at `today`: a row per stocked item (input order) with its level,
/// demand and lead-time figures, EOQ, safety stock, reorder point and, when due, the quantity
/// to order (EOQ or what restores the reorder point, at least the minimum order, whole
/// units, priced at the catalog's tier for that quantity). Demand is measured over the
/// `weeks` whole weeks before `today`. `moved` is [`movements`] of the same stocks and orders
/// (a screen that also draws the stock chart computes it once).
pub fn reorder(
    stocks: &[Stock],
    moved: &[Moved],
    orders: &[PurchaseOrder],
    catalog: impl Fn(&ItemId) -> Option<CatalogItem>,
    defaults: &StockDefaults,
    today: Date,
    weeks: u32,
) -> Vec<Result<Row, Missing>> {
    let levels = levels(stocks, moved, orders);
    let lead = lead_times(orders);
    let history = History {
        first_day: date::add_days(today, -i64::from(weeks) * 7),
        period_days: 7,
        periods: weeks,
    };
    let hundred = Decimal::ONE_HUNDRED;
    let mut items = Vec::with_capacity(stocks.len());
    let mut prices = Vec::with_capacity(stocks.len());
    let mut slots: Vec<Result<usize, Missing>> = Vec::with_capacity(stocks.len());
    for (i, s) in stocks.iter().enumerate() {
        let Some(level) = levels[i] else {
            slots.push(Err(Missing::Level));
            continue;
        };
        let Some(c) = catalog(&s.item_id) else {
            slots.push(Err(Missing::NotInCatalog));
            continue;
        };
        let min = c.min_order_qty().max(Decimal::ONE).ceil();
        let price = c.unit_price_at(min).unwrap_or_default();
        let service = s
            .service_level_pct
            .unwrap_or(defaults.service_level_pct)
            .checked_div(hundred)
            .and_then(|d| d.to_f64())
            .unwrap_or(0.0);
        let lead_time_days = c.lead_time_days.min(MAX_LEAD_DAYS);
        slots.push(Ok(items.len()));
        prices.push((price, c));
        items.push(StockedItem {
            item_id: s.item_id.clone(),
            location: s.location.clone(),
            supplier_id: s.supplier_id.clone(),
            on_hand: level.on_hand,
            on_order: level.on_order,
            order_cost: s.order_cost.unwrap_or(defaults.order_cost),
            holding: Holding::Rate {
                rate_per_year: s.holding_rate.unwrap_or(defaults.holding_rate),
                unit_price: price,
            },
            service_level: service,
            pack_size: Decimal::ONE,
            min_order_qty: min,
            lead_time_days,
        });
    }
    let mut demand = Vec::new();
    for m in moved.iter().filter(|m| m.kind == MovementKind::Issue) {
        if let Ok(j) = &slots[m.stock] {
            let day = date::day_of_ms(m.at_ms);
            demand.push(Movement {
                item_id: items[*j].item_id.clone(),
                location: items[*j].location.clone(),
                day,
                kind: MovementKind::Issue,
                quantity: m.quantity,
            });
        }
    }
    let (plans, skipped) = replenish::plan(&items, &demand, &lead, history);
    let mut plan_of: HashMap<(&str, &str), &ItemPlan> = HashMap::new();
    for p in &plans {
        plan_of.insert((p.item_id.as_str(), p.location.as_str()), p);
    }
    let mut skip_of: HashMap<(&str, &str), replenish::PlanProblem> = HashMap::new();
    for s in &skipped {
        skip_of.insert((s.item_id.as_str(), s.location.as_str()), s.problem);
    }
    let suggestions = replenish::suggestions(&items, &plans);
    let due: HashMap<(&str, &str), Decimal> = suggestions
        .iter()
        .map(|s| ((s.item_id.as_str(), s.location.as_str()), s.quantity))
        .collect();
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            let j = slot?;
            let item = &items[j];
            let k = (item.item_id.as_str(), item.location.as_str());
            let Some(plan) = plan_of.get(&k) else {
                return Err(Missing::Plan(
                    skip_of
                        .get(&k)
                        .copied()
                        .unwrap_or(replenish::PlanProblem::TooLarge),
                ));
            };
            let suggested = due.get(&k).copied();
            let (min_price, c) = &prices[j];
            let unit_price = suggested
                .and_then(|q| c.unit_price_at(q))
                .unwrap_or(*min_price);
            Ok(Row {
                stock: i,
                level: levels[i].unwrap_or_default(),
                plan: (*plan).clone(),
                suggested,
                unit_price,
            })
        })
        .collect()
}

/// The on-hand level of one stocked item at the end of each of the `weeks` weeks before
/// `today` (oldest first), from its count and movements, for the stock chart. Before the count
/// the level is worked back from the count.
pub fn weekly_levels(
    stock: &Stock,
    moved: &[Moved],
    index: usize,
    today: Date,
    weeks: u32,
) -> Vec<Decimal> {
    let mine: Vec<&Moved> = moved.iter().filter(|m| m.stock == index).collect();
    let signed = |m: &Moved| match m.kind {
        MovementKind::Issue => -m.quantity,
        MovementKind::Receipt => m.quantity,
    };
    let add = |a: Decimal, b: Decimal| a.checked_add(b).unwrap_or(a);
    (0..weeks)
        .map(|w| {
            let end = date::start_ms(date::add_days(today, 1 - i64::from(weeks - 1 - w) * 7));
            let mut level = stock.counted;
            for m in &mine {
                if m.at_ms > stock.counted_at_ms && m.at_ms < end {
                    level = add(level, signed(m));
                } else if m.at_ms <= stock.counted_at_ms && m.at_ms >= end {
                    level = add(level, -signed(m));
                }
            }
            level
        })
        .collect()
}
