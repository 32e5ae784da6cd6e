//! Shopping carts: what a buyer collects before asking for it in a requisition. A user keeps
//! several named carts on the device (one per project, say) and works on one of them, the
//! active one. A line is either a catalog offer, with a snapshot of the item so it prices by
//! tier offline, or a free-text (non-catalog) request with the buyer's estimate. A catalog item
//! whose price is on request makes a catalog line that needs a quote: the buyer types an estimate
//! on it, and it becomes a non-catalog requisition line at that estimate, still to the item's
//! supplier and naming its SKU.
//!
//! Carts are the user's own working state: they never sync. Turning a cart into requisition
//! lines ([`Cart::requisition_lines`]) is where they meet the approval rules.

use crate::approval::act::MAX_LINES;
use crate::approval::RequisitionLine;
use procura_catalog::catalog::{CatalogItem, Lang, LocalizedText, PriceTier};
use procura_ground::id::ContractRef;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Longest cart name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Most carts one user keeps.
pub const MAX_CARTS: usize = 50;

/// One user's carts, and which one they are working on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Carts {
    /// The user they belong to.
    pub owner: String,
    /// The id of the active cart (`None`: the first, if any).
    #[serde(default)]
    pub active: Option<String>,
    pub carts: Vec<Cart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub lines: Vec<CartLine>,
    pub updated_at_ms: i64,
    /// The number the next line's id takes (line ids are never reused within a cart).
    #[serde(default)]
    pub next_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// Unique within its cart (`L1`, `L2`, …).
    pub id: String,
    /// In the line's unit: order units (boxes, packs, …) for a catalog line.
    pub quantity: Decimal,
    #[serde(default)]
    pub note: String,
    pub item: LineItem,
}

/// What a line asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineItem {
    /// Boxed: the item snapshot is much larger than a free-text line.
    Catalog(Box<CatalogLine>),
    FreeText(FreeText),
}

/// A catalog offer as it was when added: enough to describe and price it with no network
/// (name, supplier, order unit, pack, currency, price tiers, UNSPSC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogLine {
    /// The item, without its long description.
    pub snapshot: CatalogItem,
    pub supplier_name: LocalizedText,
    /// The contract whose agreed prices `snapshot` carries, if one was in force when added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractRef>,
    /// The buyer's estimated net price of one order unit, for an item whose price is on request
    /// (which has no price to snapshot); `None` until typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Decimal>,
}

/// A non-catalog request: the buyer describes it and estimates its price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeText {
    pub description: String,
    /// Estimated net price of one unit.
    pub unit_price: Decimal,
    pub currency: String,
    /// UN/ECE Rec 20 code.
    pub unit: String,
    /// A supplier the buyer suggests: a known supplier's id, or empty with only a name.
    #[serde(default)]
    pub supplier_id: String,
    #[serde(default)]
    pub supplier_name: String,
}

/// Why a line cannot be priced (shown on the line; a cart with one cannot become a
/// requisition).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    #[error("the quantity must be above zero")]
    QuantityNotPositive,
    #[error("below the minimum order quantity of {min}")]
    BelowMinimum { min: Decimal },
    #[error("the item has no price")]
    NoPrice,
    /// The item's price is on request and the buyer has not estimated it yet.
    #[error("the price is on request: enter an estimate")]
    NeedsEstimate,
    /// A quantity, price or total past the bounds of [`procura_ground::money`].
    #[error("{0}")]
    OutOfRange(procura_ground::money::MoneyError),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("there is no such cart")]
    NoSuchCart,
    #[error("there is no such line in the cart")]
    NoSuchLine,
    #[error("a cart needs a name")]
    EmptyName,
    #[error("a cart name has at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("at most {MAX_CARTS} carts")]
    TooManyCarts,
    #[error("a cart with this id exists")]
    DuplicateId,
    #[error("a cart has at most {MAX_LINES} lines")]
    TooManyLines,
    #[error("the quantity must be above zero")]
    QuantityNotPositive,
    #[error("a non-catalog line needs a description")]
    NoDescription,
    #[error("the estimated price cannot be negative")]
    NegativePrice,
    #[error("{0:?} is not an ISO 4217 currency")]
    BadCurrency(String),
    #[error("a non-catalog line needs a unit")]
    NoUnit,
    #[error("line {line}: {problem}")]
    Line { line: usize, problem: LineProblem },
    #[error("the cart is empty")]
    Empty,
    #[error("only a line whose price is on request takes an estimate")]
    NotOnRequest,
    /// A quantity or price past the bounds of [`procura_ground::money`].
    #[error("{0}")]
    OutOfRange(procura_ground::money::MoneyError),
}

/// What adding a catalog item did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub cart_id: String,
    pub cart_name: String,
    pub line_id: String,
    /// The line's quantity now (raised, when the item was already in the cart).
    pub quantity: Decimal,
    /// The item was already in the cart: its quantity was raised.
    pub merged: bool,
}

fn check_name(name: &str) -> Result<String, CartError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CartError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CartError::NameTooLong);
    }
    Ok(name.to_owned())
}

impl Carts {
    pub fn new(owner: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
            active: None,
            carts: Vec::new(),
        }
    }

    /// Adds the carts of `other` (the same user's, from a backup) that this set does not have
    /// by id; a cart present in both keeps this set's version (the device's own is newer or
    /// the same). Returns how many were added.
    pub fn merge(&mut self, other: Carts) -> usize {
        let mut added = 0;
        for cart in other.carts {
            if self.get(&cart.id).is_none() {
                self.carts.push(cart);
                added += 1;
            }
        }
        if self.active.is_none() {
            self.active = other.active;
        }
        added
    }

    pub fn get(&self, id: &str) -> Option<&Cart> {
        self.carts.iter().find(|c| c.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Result<&mut Cart, CartError> {
        self.carts
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(CartError::NoSuchCart)
    }

    /// The cart being worked on: the chosen one, else the first.
    pub fn active(&self) -> Option<&Cart> {
        self.active
            .as_deref()
            .and_then(|id| self.get(id))
            .or_else(|| self.carts.first())
    }

    /// A new empty cart, which becomes the active one.
    pub fn create(&mut self, id: &str, name: &str, now_ms: i64) -> Result<&Cart, CartError> {
        let name = check_name(name)?;
        self.push_cart(id, name, now_ms)
    }

    fn push_cart(&mut self, id: &str, name: String, now_ms: i64) -> Result<&Cart, CartError> {
        if self.carts.len() >= MAX_CARTS {
            return Err(CartError::TooManyCarts);
        }
        if id.trim().is_empty() || self.get(id).is_some() {
            return Err(CartError::DuplicateId);
        }
        self.carts.push(Cart {
            id: id.to_owned(),
            name,
            owner: self.owner.clone(),
            lines: Vec::new(),
            updated_at_ms: now_ms,
            next_line: 1,
        });
        self.active = Some(id.to_owned());
        Ok(self.carts.last().expect("just pushed"))
    }

    pub fn rename(&mut self, id: &str, name: &str, now_ms: i64) -> Result<(), CartError> {
        let name = check_name(name)?;
        let cart = self.get_mut(id)?;
        cart.name = name;
        cart.updated_at_ms = now_ms;
        Ok(())
    }

    /// Removes a cart (deleted, or turned into a requisition). If it was the active one, the
    /// first remaining cart becomes active.
    pub fn delete(&mut self, id: &str) -> Result<Cart, CartError> {
        let at = self
            .carts
            .iter()
            .position(|c| c.id == id)
            .ok_or(CartError::NoSuchCart)?;
        let cart = self.carts.remove(at);
        if self.active.as_deref() == Some(id) {
            self.active = self.carts.first().map(|c| c.id.clone());
        }
        Ok(cart)
    }

    pub fn choose(&mut self, id: &str) -> Result<(), CartError> {
        if self.get(id).is_none() {
            return Err(CartError::NoSuchCart);
        }
        self.active = Some(id.to_owned());
        Ok(())
    }

    /// The active cart's id, creating a cart named `default_name` with `new_id` when there is
    /// none. An empty `default_name` leaves the new cart unnamed ([`Cart::is_unnamed`]): the
    /// UI shows its own default name in the viewer's language, so no language is stored.
    pub fn active_or_create(
        &mut self,
        new_id: &str,
        default_name: &str,
        now_ms: i64,
    ) -> Result<String, CartError> {
        if let Some(cart) = self.active() {
            return Ok(cart.id.clone());
        }
        let cart = if default_name.is_empty() {
            self.push_cart(new_id, String::new(), now_ms)?
        } else {
            self.create(new_id, default_name, now_ms)?
        };
        Ok(cart.id.clone())
    }

    /// Adds a catalog item to the active cart (created as `default_name` with `new_id` if the
    /// user has none) at `quantity`, or at its minimum order quantity.
    #[allow(clippy::too_many_arguments)]
    pub fn add_to_active(
        &mut self,
        new_id: &str,
        default_name: &str,
        item: &CatalogItem,
        contract: Option<ContractRef>,
        supplier_name: LocalizedText,
        quantity: Option<Decimal>,
        now_ms: i64,
    ) -> Result<Added, CartError> {
        let id = self.active_or_create(new_id, default_name, now_ms)?;
        self.get_mut(&id)?
            .add_item(item, contract, supplier_name, quantity, now_ms)
    }
}

impl Cart {
    /// Created for the user without a name (the first add to cart); a rename names it.
    pub fn is_unnamed(&self) -> bool {
        self.name.is_empty()
    }

    fn take_line_id(&mut self) -> String {
        let n = self.next_line.max(1);
        self.next_line = n + 1;
        format!("L{n}")
    }

    pub fn line(&self, line_id: &str) -> Option<&CartLine> {
        self.lines.iter().find(|l| l.id == line_id)
    }

    fn line_mut(&mut self, line_id: &str) -> Result<&mut CartLine, CartError> {
        self.lines
            .iter_mut()
            .find(|l| l.id == line_id)
            .ok_or(CartError::NoSuchLine)
    }

    /// Adds `item` at `quantity` (its minimum order quantity when `None`). An item already in
    /// the cart is not added twice: its line's quantity rises by `quantity`, and its snapshot
    /// takes the item as it is now. `contract`: the contract whose prices `item` carries
    /// (`procura_invoicing::contracts::priced` makes both).
    pub fn add_item(
        &mut self,
        item: &CatalogItem,
        contract: Option<ContractRef>,
        supplier_name: LocalizedText,
        quantity: Option<Decimal>,
        now_ms: i64,
    ) -> Result<Added, CartError> {
        let quantity = quantity.unwrap_or_else(|| item.min_order_qty());
        if quantity <= Decimal::ZERO {
            return Err(CartError::QuantityNotPositive);
        }
        procura_ground::money::check_quantity(quantity).map_err(CartError::OutOfRange)?;
        let mut snapshot = item.clone();
        snapshot.description = LocalizedText::default();
        let mut line = Box::new(CatalogLine {
            snapshot,
            supplier_name,
            contract,
            estimate: None,
        });
        let existing = self
            .lines
            .iter_mut()
            .find(|l| l.catalog().is_some_and(|c| c.snapshot.id == item.id));
        let (line_id, total, merged) = match existing {
            Some(l) => {
                l.quantity =
                    procura_ground::money::check_quantity(l.quantity.saturating_add(quantity))
                        .map_err(CartError::OutOfRange)?;
                if item.price_on_request() {
                    line.estimate = l.catalog().and_then(|c| c.estimate);
                }
                l.item = LineItem::Catalog(line);
                (l.id.clone(), l.quantity, true)
            }
            None => {
                if self.lines.len() >= MAX_LINES {
                    return Err(CartError::TooManyLines);
                }
                let id = self.take_line_id();
                self.lines.push(CartLine {
                    id: id.clone(),
                    quantity,
                    note: String::new(),
                    item: LineItem::Catalog(line),
                });
                (id, quantity, false)
            }
        };
        self.updated_at_ms = now_ms;
        Ok(Added {
            cart_id: self.id.clone(),
            cart_name: self.name.clone(),
            line_id,
            quantity: total,
            merged,
        })
    }

    /// Adds a non-catalog line; returns its id.
    pub fn add_free_text(
        &mut self,
        item: FreeText,
        quantity: Decimal,
        note: &str,
        now_ms: i64,
    ) -> Result<String, CartError> {
        let item = FreeText {
            description: item.description.trim().to_owned(),
            currency: item.currency.trim().to_uppercase(),
            unit: item.unit.trim().to_owned(),
            supplier_id: item.supplier_id.trim().to_owned(),
            supplier_name: item.supplier_name.trim().to_owned(),
            unit_price: item.unit_price,
        };
        if item.description.is_empty() {
            return Err(CartError::NoDescription);
        }
        if item.unit_price < Decimal::ZERO {
            return Err(CartError::NegativePrice);
        }
        if !procura_ground::currency::is_active(&item.currency) {
            return Err(CartError::BadCurrency(item.currency));
        }
        if item.unit.is_empty() {
            return Err(CartError::NoUnit);
        }
        if quantity <= Decimal::ZERO {
            return Err(CartError::QuantityNotPositive);
        }
        procura_ground::money::check_quantity(quantity).map_err(CartError::OutOfRange)?;
        procura_ground::money::check_price(item.unit_price).map_err(CartError::OutOfRange)?;
        if self.lines.len() >= MAX_LINES {
            return Err(CartError::TooManyLines);
        }
        let id = self.take_line_id();
        self.lines.push(CartLine {
            id: id.clone(),
            quantity,
            note: note.trim().to_owned(),
            item: LineItem::FreeText(item),
        });
        self.updated_at_ms = now_ms;
        Ok(id)
    }

    /// Sets a line's quantity. Any quantity is kept (so what the buyer typed stays); one the
    /// line cannot be priced at shows as the line's [`CartLine::problem`].
    pub fn set_quantity(
        &mut self,
        line_id: &str,
        quantity: Decimal,
        now_ms: i64,
    ) -> Result<(), CartError> {
        self.line_mut(line_id)?.quantity = quantity;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// Sets the buyer's estimate on a line whose price is on request (`None` clears it). Refused
    /// on any other line: a catalog price is the supplier's, a free-text line is re-entered.
    pub fn set_estimate(
        &mut self,
        line_id: &str,
        estimate: Option<Decimal>,
        now_ms: i64,
    ) -> Result<(), CartError> {
        if let Some(price) = estimate {
            if price < Decimal::ZERO {
                return Err(CartError::NegativePrice);
            }
            procura_ground::money::check_price(price).map_err(CartError::OutOfRange)?;
        }
        let line = self.line_mut(line_id)?;
        match &mut line.item {
            LineItem::Catalog(c) if c.snapshot.price_on_request() => c.estimate = estimate,
            _ => return Err(CartError::NotOnRequest),
        }
        self.updated_at_ms = now_ms;
        Ok(())
    }

    pub fn set_note(&mut self, line_id: &str, note: &str, now_ms: i64) -> Result<(), CartError> {
        self.line_mut(line_id)?.note = note.to_owned();
        self.updated_at_ms = now_ms;
        Ok(())
    }

    pub fn remove_line(&mut self, line_id: &str, now_ms: i64) -> Result<CartLine, CartError> {
        let at = self
            .lines
            .iter()
            .position(|l| l.id == line_id)
            .ok_or(CartError::NoSuchLine)?;
        self.updated_at_ms = now_ms;
        Ok(self.lines.remove(at))
    }

    /// The first line that cannot be priced, with its 1-based position.
    pub fn first_problem(&self) -> Option<(usize, LineProblem)> {
        self.lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| l.problem().map(|p| (i + 1, p)))
    }

    /// Net totals of the lines that can be priced, one per currency (in first-seen order).
    pub fn totals_by_currency(&self) -> Vec<(String, Decimal)> {
        let mut totals: Vec<(String, Decimal)> = Vec::new();
        for line in &self.lines {
            let Ok(total) = line.total() else { continue };
            let currency = line.currency();
            match totals.iter_mut().find(|(c, _)| c == currency) {
                Some((_, t)) => *t = t.saturating_add(total),
                None => totals.push((currency.to_owned(), total)),
            }
        }
        totals
    }

    /// The cart as requisition lines: catalog lines at their tier price for their quantity,
    /// free-text lines (with `item_id: None`) at the buyer's estimate; descriptions and
    /// supplier names in `lang`. Refused while a line cannot be priced, or for an empty cart.
    pub fn requisition_lines(&self, lang: Lang) -> Result<Vec<RequisitionLine>, CartError> {
        if self.lines.is_empty() {
            return Err(CartError::Empty);
        }
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                l.requisition_line(lang).map_err(|problem| CartError::Line {
                    line: i + 1,
                    problem,
                })
            })
            .collect()
    }
}

impl CartLine {
    pub fn catalog(&self) -> Option<&CatalogLine> {
        match &self.item {
            LineItem::Catalog(c) => Some(c),
            LineItem::FreeText(_) => None,
        }
    }

    pub fn is_catalog(&self) -> bool {
        self.catalog().is_some()
    }

    /// A catalog line whose price is on request: it needs a quote, and is priced at the buyer's
    /// estimate until then.
    pub fn needs_quote(&self) -> bool {
        self.catalog()
            .is_some_and(|c| c.snapshot.price_on_request())
    }

    pub fn currency(&self) -> &str {
        match &self.item {
            LineItem::Catalog(c) => &c.snapshot.currency,
            LineItem::FreeText(f) => &f.currency,
        }
    }

    /// The unit the quantity is in (Rec 20).
    pub fn unit(&self) -> &str {
        match &self.item {
            LineItem::Catalog(c) => &c.snapshot.order_unit,
            LineItem::FreeText(f) => &f.unit,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match &self.item {
            LineItem::Catalog(c) => c.snapshot.name.get(lang),
            LineItem::FreeText(f) => &f.description,
        }
    }

    pub fn supplier_id(&self) -> &str {
        match &self.item {
            LineItem::Catalog(c) => c.snapshot.supplier_id.as_str(),
            LineItem::FreeText(f) => &f.supplier_id,
        }
    }

    pub fn supplier_name(&self, lang: Lang) -> &str {
        match &self.item {
            LineItem::Catalog(c) => {
                let name = c.supplier_name.get(lang);
                if name.is_empty() {
                    c.snapshot.supplier_id.as_str()
                } else {
                    name
                }
            }
            LineItem::FreeText(f) => &f.supplier_name,
        }
    }

    /// The least a catalog line may order (`None` for a free-text line).
    pub fn min_quantity(&self) -> Option<Decimal> {
        self.catalog().map(|c| c.snapshot.min_order_qty())
    }

    /// A catalog line's next price tier above its quantity: what ordering more would cost.
    pub fn next_tier(&self) -> Option<&PriceTier> {
        let quantity = self.quantity;
        self.catalog()?
            .snapshot
            .price_tiers
            .iter()
            .find(|t| t.min_qty > quantity)
    }

    /// The net price of one unit at the line's quantity: the catalog tier reached, or the
    /// buyer's estimate.
    pub fn unit_price(&self) -> Result<Decimal, LineProblem> {
        if self.quantity <= Decimal::ZERO {
            return Err(LineProblem::QuantityNotPositive);
        }
        procura_ground::money::check_quantity(self.quantity).map_err(LineProblem::OutOfRange)?;
        let price = match &self.item {
            LineItem::Catalog(c) => {
                if c.snapshot.price_on_request() {
                    return c.estimate.ok_or(LineProblem::NeedsEstimate);
                }
                let min = c.snapshot.min_order_qty();
                if self.quantity < min {
                    return Err(LineProblem::BelowMinimum { min });
                }
                c.snapshot
                    .unit_price_at(self.quantity)
                    .ok_or(LineProblem::NoPrice)
            }
            LineItem::FreeText(f) => Ok(f.unit_price),
        }?;
        procura_ground::money::check_price(price).map_err(LineProblem::OutOfRange)
    }

    /// Quantity × unit price, rounded to the currency's minor units ([`procura_ground::money::line_net`]).
    pub fn total(&self) -> Result<Decimal, LineProblem> {
        procura_ground::money::line_net(self.quantity, self.unit_price()?, self.currency())
            .map_err(LineProblem::OutOfRange)
    }

    pub fn problem(&self) -> Option<LineProblem> {
        self.total().err()
    }

    pub fn requisition_line(&self, lang: Lang) -> Result<RequisitionLine, LineProblem> {
        self.total()?;
        let unit_price = self.unit_price()?;
        let mut description = self.description(lang).to_owned();
        let (item_id, unspsc, contract) = match &self.item {
            // A quote to ask for: a non-catalog line at the estimate (the hub has no catalog
            // price to check it against), to the item's supplier, naming the supplier's SKU.
            LineItem::Catalog(c) if c.snapshot.price_on_request() => {
                description = format!("{description} ({})", c.snapshot.sku);
                (None, c.snapshot.unspsc.clone(), None)
            }
            LineItem::Catalog(c) => (
                Some(c.snapshot.id.clone()),
                c.snapshot.unspsc.clone(),
                c.contract.clone(),
            ),
            LineItem::FreeText(_) => (None, String::new(), None),
        };
        Ok(RequisitionLine {
            item_id,
            description,
            supplier_id: self.supplier_id().into(),
            supplier_name: self.supplier_name(lang).to_owned(),
            unspsc,
            quantity: self.quantity,
            unit: self.unit().to_owned(),
            unit_price,
            currency: self.currency().to_owned(),
            tax_percent: None,
            note: self.note.trim().to_owned(),
            contract,
        })
    }
}

#[cfg(test)]
mod tests;
