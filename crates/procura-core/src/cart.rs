//! Shopping carts: what a buyer collects before asking for it in a requisition. A user keeps
//! several named carts on the device (one per project, say) and works on one of them, the
//! active one. A line is either a catalog offer, with a snapshot of the item so it prices by
//! tier offline, or a free-text (non-catalog) request with the buyer's estimate.
//!
//! Carts are the user's own working state: they never sync. Turning a cart into requisition
//! lines ([`Cart::requisition_lines`]) is where they meet the approval rules.

use crate::approval::act::MAX_LINES;
use crate::approval::RequisitionLine;
use crate::catalog::{CatalogItem, Lang, LocalizedText, PriceTier};
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
    /// none.
    pub fn active_or_create(
        &mut self,
        new_id: &str,
        default_name: &str,
        now_ms: i64,
    ) -> Result<String, CartError> {
        if let Some(cart) = self.active() {
            return Ok(cart.id.clone());
        }
        Ok(self.create(new_id, default_name, now_ms)?.id.clone())
    }

    /// Adds a catalog item to the active cart (created as `default_name` with `new_id` if the
    /// user has none) at `quantity`, or at its minimum order quantity.
    pub fn add_to_active(
        &mut self,
        new_id: &str,
        default_name: &str,
        item: &CatalogItem,
        supplier_name: LocalizedText,
        quantity: Option<Decimal>,
        now_ms: i64,
    ) -> Result<Added, CartError> {
        let id = self.active_or_create(new_id, default_name, now_ms)?;
        self.get_mut(&id)?
            .add_item(item, supplier_name, quantity, now_ms)
    }
}

impl Cart {
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
    /// takes the item as it is now.
    pub fn add_item(
        &mut self,
        item: &CatalogItem,
        supplier_name: LocalizedText,
        quantity: Option<Decimal>,
        now_ms: i64,
    ) -> Result<Added, CartError> {
        let quantity = quantity.unwrap_or_else(|| item.min_order_qty());
        if quantity <= Decimal::ZERO {
            return Err(CartError::QuantityNotPositive);
        }
        let mut snapshot = item.clone();
        snapshot.description = LocalizedText::default();
        let line = Box::new(CatalogLine {
            snapshot,
            supplier_name,
        });
        let existing = self
            .lines
            .iter_mut()
            .find(|l| l.catalog().is_some_and(|c| c.snapshot.id == item.id));
        let (line_id, total, merged) = match existing {
            Some(l) => {
                l.quantity += quantity;
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
        if !crate::currency::is_active(&item.currency) {
            return Err(CartError::BadCurrency(item.currency));
        }
        if item.unit.is_empty() {
            return Err(CartError::NoUnit);
        }
        if quantity <= Decimal::ZERO {
            return Err(CartError::QuantityNotPositive);
        }
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
                Some((_, t)) => *t += total,
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
            LineItem::Catalog(c) => &c.snapshot.supplier_id,
            LineItem::FreeText(f) => &f.supplier_id,
        }
    }

    pub fn supplier_name(&self, lang: Lang) -> &str {
        match &self.item {
            LineItem::Catalog(c) => {
                let name = c.supplier_name.get(lang);
                if name.is_empty() {
                    &c.snapshot.supplier_id
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
        match &self.item {
            LineItem::Catalog(c) => {
                let min = c.snapshot.min_order_qty();
                if self.quantity < min {
                    return Err(LineProblem::BelowMinimum { min });
                }
                c.snapshot
                    .unit_price_at(self.quantity)
                    .ok_or(LineProblem::NoPrice)
            }
            LineItem::FreeText(f) => Ok(f.unit_price),
        }
    }

    /// Quantity × unit price, rounded to cents.
    pub fn total(&self) -> Result<Decimal, LineProblem> {
        Ok((self.quantity * self.unit_price()?).round_dp(2))
    }

    pub fn problem(&self) -> Option<LineProblem> {
        self.unit_price().err()
    }

    pub fn requisition_line(&self, lang: Lang) -> Result<RequisitionLine, LineProblem> {
        let unit_price = self.unit_price()?;
        let (item_id, unspsc) = match &self.item {
            LineItem::Catalog(c) => (Some(c.snapshot.id.clone()), c.snapshot.unspsc.clone()),
            LineItem::FreeText(_) => (None, String::new()),
        };
        Ok(RequisitionLine {
            item_id,
            description: self.description(lang).to_owned(),
            supplier_id: self.supplier_id().to_owned(),
            supplier_name: self.supplier_name(lang).to_owned(),
            unspsc,
            quantity: self.quantity,
            unit: self.unit().to_owned(),
            unit_price,
            currency: self.currency().to_owned(),
            tax_percent: None,
            note: self.note.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::pens;
    use rust_decimal_macros::dec;

    fn office() -> LocalizedText {
        LocalizedText::new("Office Plus", "办公伙伴")
    }

    fn cart_with_pens(qty: Option<Decimal>) -> Carts {
        let mut carts = Carts::new("u-buyer");
        carts
            .add_to_active("c1", "Cart", &pens(), office(), qty, 1)
            .unwrap();
        carts
    }

    fn scanner() -> FreeText {
        FreeText {
            description: "  Document scanner, A3  ".into(),
            unit_price: dec!(1200),
            currency: "eur".into(),
            unit: "H87".into(),
            supplier_id: String::new(),
            supplier_name: "ScanShop".into(),
        }
    }

    #[test]
    fn first_add_creates_the_default_cart_at_the_minimum_quantity() {
        let carts = cart_with_pens(None);
        let cart = carts.active().unwrap();
        assert_eq!((cart.id.as_str(), cart.name.as_str()), ("c1", "Cart"));
        assert_eq!(cart.owner, "u-buyer");
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].quantity, dec!(1));
        assert_eq!(cart.lines[0].unit(), "BX");
        assert!(cart.lines[0]
            .catalog()
            .unwrap()
            .snapshot
            .description
            .en
            .is_empty());
    }

    #[test]
    fn quantities_reprice_by_tier() {
        let mut carts = cart_with_pens(Some(dec!(9)));
        let line = carts.active().unwrap().lines[0].clone();
        assert_eq!(line.unit_price(), Ok(dec!(24.00)));
        assert_eq!(line.total(), Ok(dec!(216.00)));
        assert_eq!(line.next_tier().map(|t| t.min_qty), Some(dec!(10)));
        let cart = carts.get_mut("c1").unwrap();
        cart.set_quantity(&line.id, dec!(10), 2).unwrap();
        assert_eq!(cart.lines[0].unit_price(), Ok(dec!(21.60)));
        assert_eq!(cart.lines[0].total(), Ok(dec!(216.00)));
        cart.set_quantity(&line.id, dec!(50), 3).unwrap();
        assert_eq!(cart.lines[0].unit_price(), Ok(dec!(19.20)));
        assert_eq!(cart.lines[0].total(), Ok(dec!(960.00)));
        assert_eq!(cart.lines[0].next_tier(), None);
        assert_eq!(cart.updated_at_ms, 3);
        assert_eq!(
            cart.totals_by_currency(),
            vec![("CNY".into(), dec!(960.00))]
        );
    }

    #[test]
    fn adding_the_same_item_again_raises_its_quantity() {
        let mut carts = cart_with_pens(Some(dec!(6)));
        let again = carts
            .add_to_active("c2", "Cart", &pens(), office(), Some(dec!(4)), 5)
            .unwrap();
        assert!(again.merged);
        assert_eq!(again.cart_id, "c1");
        assert_eq!(again.quantity, dec!(10));
        let cart = carts.active().unwrap();
        assert_eq!(cart.lines.len(), 1);
        // The merged quantity reaches the next tier.
        assert_eq!(cart.lines[0].unit_price(), Ok(dec!(21.60)));
        // A new snapshot is taken: a changed price counts from now on.
        let mut dearer = pens();
        dearer.price_tiers[1].unit_price = dec!(22.00);
        carts
            .add_to_active("c2", "Cart", &dearer, office(), None, 6)
            .unwrap();
        let line = &carts.active().unwrap().lines[0];
        assert_eq!(line.quantity, dec!(11));
        assert_eq!(line.unit_price(), Ok(dec!(22.00)));
    }

    #[test]
    fn below_the_minimum_order_quantity_is_a_line_problem() {
        let mut item = pens();
        item.price_tiers[0].min_qty = dec!(5);
        let mut carts = Carts::new("u-buyer");
        let added = carts
            .add_to_active("c1", "Cart", &item, office(), None, 1)
            .unwrap();
        assert_eq!(added.quantity, dec!(5));
        let cart = carts.get_mut("c1").unwrap();
        assert_eq!(cart.lines[0].min_quantity(), Some(dec!(5)));
        cart.set_quantity(&added.line_id, dec!(3), 2).unwrap();
        assert_eq!(
            cart.lines[0].problem(),
            Some(LineProblem::BelowMinimum { min: dec!(5) })
        );
        assert!(cart.totals_by_currency().is_empty());
        assert_eq!(
            cart.requisition_lines(Lang::En),
            Err(CartError::Line {
                line: 1,
                problem: LineProblem::BelowMinimum { min: dec!(5) }
            })
        );
        cart.set_quantity(&added.line_id, dec!(0), 3).unwrap();
        assert_eq!(
            cart.lines[0].problem(),
            Some(LineProblem::QuantityNotPositive)
        );
        assert_eq!(
            cart.add_item(&item, office(), Some(dec!(0)), 4),
            Err(CartError::QuantityNotPositive)
        );
    }

    #[test]
    fn free_text_lines_are_checked_and_kept_apart() {
        let mut carts = cart_with_pens(None);
        let cart = carts.get_mut("c1").unwrap();
        let id = cart
            .add_free_text(scanner(), dec!(2), " for the archive ", 2)
            .unwrap();
        assert_eq!(id, "L2");
        let line = cart.line(&id).unwrap();
        assert!(!line.is_catalog());
        assert_eq!(line.description(Lang::ZhCn), "Document scanner, A3");
        assert_eq!(line.currency(), "EUR");
        assert_eq!(line.note, "for the archive");
        assert_eq!(line.total(), Ok(dec!(2400)));
        assert_eq!(
            cart.totals_by_currency(),
            vec![("CNY".into(), dec!(24.00)), ("EUR".into(), dec!(2400))]
        );
        let bad = |f: fn(&mut FreeText)| {
            let mut item = scanner();
            f(&mut item);
            item
        };
        assert_eq!(
            cart.add_free_text(bad(|i| i.description = " ".into()), dec!(1), "", 3),
            Err(CartError::NoDescription)
        );
        assert_eq!(
            cart.add_free_text(bad(|i| i.unit_price = dec!(-1)), dec!(1), "", 3),
            Err(CartError::NegativePrice)
        );
        assert_eq!(
            cart.add_free_text(bad(|i| i.currency = "XYZ".into()), dec!(1), "", 3),
            Err(CartError::BadCurrency("XYZ".into()))
        );
        assert_eq!(
            cart.add_free_text(scanner(), dec!(0), "", 3),
            Err(CartError::QuantityNotPositive)
        );
        // Removing a line never reuses its id.
        cart.remove_line("L2", 4).unwrap();
        assert_eq!(cart.add_free_text(scanner(), dec!(1), "", 5).unwrap(), "L3");
    }

    #[test]
    fn converts_to_requisition_lines() {
        let mut carts = cart_with_pens(Some(dec!(12)));
        let cart = carts.get_mut("c1").unwrap();
        cart.set_note("L1", "blue only", 2).unwrap();
        cart.add_free_text(scanner(), dec!(1), "", 3).unwrap();
        let lines = cart.requisition_lines(Lang::ZhCn).unwrap();
        assert_eq!(
            lines[0],
            RequisitionLine {
                item_id: Some("office/P-100".into()),
                description: "圆珠笔 蓝色 12支装".into(),
                supplier_id: "office".into(),
                supplier_name: "办公伙伴".into(),
                unspsc: "44121704".into(),
                quantity: dec!(12),
                unit: "BX".into(),
                unit_price: dec!(21.60),
                currency: "CNY".into(),
                tax_percent: None,
                note: "blue only".into(),
            }
        );
        assert_eq!(lines[1].item_id, None);
        assert!(!lines[1].is_catalog());
        assert_eq!(lines[1].supplier_id, "");
        assert_eq!(lines[1].supplier_name, "ScanShop");
        assert_eq!(lines[1].unit_price, dec!(1200));
        assert_eq!(lines[1].currency, "EUR");
        // The lines are what the approval rules take.
        let policy = crate::demo::policy();
        let totals = crate::approval::requisition::totals(&lines, &policy).unwrap();
        assert_eq!(totals.net, dec!(259.20) + dec!(9360.00));
        assert_eq!(
            Carts::new("x")
                .get("c1")
                .map(|c| c.requisition_lines(Lang::En)),
            None
        );
        cart.lines.clear();
        assert_eq!(cart.requisition_lines(Lang::En), Err(CartError::Empty));
    }

    #[test]
    fn several_named_carts() {
        let mut carts = Carts::new("u-buyer");
        carts.create("a", " Office move ", 1).unwrap();
        carts.create("b", "Lab", 2).unwrap();
        assert_eq!(carts.active().unwrap().id, "b");
        assert_eq!(carts.create("b", "Again", 3), Err(CartError::DuplicateId));
        assert_eq!(carts.create("c", "  ", 3), Err(CartError::EmptyName));
        assert_eq!(
            carts.create("c", &"x".repeat(81), 3),
            Err(CartError::NameTooLong)
        );
        carts.choose("a").unwrap();
        assert_eq!(carts.active().unwrap().name, "Office move");
        assert_eq!(carts.choose("zzz"), Err(CartError::NoSuchCart));
        carts.rename("a", "Office move 2026", 4).unwrap();
        assert_eq!(carts.get("a").unwrap().name, "Office move 2026");
        // Adding goes to the active cart.
        let added = carts
            .add_to_active("new", "Cart", &pens(), office(), None, 5)
            .unwrap();
        assert_eq!(added.cart_name, "Office move 2026");
        assert!(carts.get("b").unwrap().lines.is_empty());
        // Deleting the active cart makes the first remaining one active.
        carts.delete("a").unwrap();
        assert_eq!(carts.active().unwrap().id, "b");
        carts.delete("b").unwrap();
        assert!(carts.active().is_none());
        assert_eq!(carts.delete("b"), Err(CartError::NoSuchCart));
        // Stored as JSON and read back unchanged.
        let mut carts = cart_with_pens(Some(dec!(3)));
        carts
            .get_mut("c1")
            .unwrap()
            .add_free_text(scanner(), dec!(1), "n", 2)
            .unwrap();
        let json = serde_json::to_string(&carts).unwrap();
        assert!(json.contains(r#""kind":"free_text""#), "{json}");
        assert_eq!(serde_json::from_str::<Carts>(&json).unwrap(), carts);
    }

    #[test]
    fn merging_a_backup_keeps_the_devices_carts_and_adds_the_others() {
        let mut device = Carts::new("u1");
        device.create("c1", "Device copy", 1).unwrap();
        let mut backup = Carts::new("u1");
        backup.create("c1", "Backup copy", 0).unwrap();
        backup.create("c2", "Only in the backup", 0).unwrap();
        assert_eq!(device.merge(backup), 1);
        let names: Vec<_> = device.carts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Device copy", "Only in the backup"]);
    }
}
