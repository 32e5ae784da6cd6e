//! The catalog model: one supplier's offer of one product, with price tiers, packaging, lead time
//! and stock. Offers from different suppliers for the same product stay separate records; grouping
//! them for comparison is a view over this model, not a change to it.

pub mod attribute;
pub mod chunks;
mod encoding;
mod filter;
pub mod groups;
pub mod media;

pub use attribute::{Attribute, AttributeRef};
pub use filter::{CatalogFilter, FilterOptions};

use procura_ground::id::{ItemId, SupplierId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use procura_ground::text::{Lang, LocalizedText};

/// From this order quantity (in order units) on, each order unit costs `unit_price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTier {
    pub min_qty: Decimal,
    pub unit_price: Decimal,
}

/// One supplier's offer of one product.
///
/// Written by hand (`catalog/encoding.rs`) and read by the derive: a field added here is added
/// there too, at the end, `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CatalogItem {
    /// Unique across the virtual catalog: `{supplier_id}/{sku}`.
    pub id: ItemId,
    pub supplier_id: SupplierId,
    /// The supplier's own article number.
    pub sku: String,
    pub gtin: Option<String>,
    pub manufacturer: String,
    /// Manufacturer part number.
    pub mpn: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    /// UNSPSC commodity code (8 digits); drives the category facets. Empty when unknown.
    pub unspsc: String,
    /// eCl@ss class (`24-32-01-01`) when the supplier gave one: kept and shown, but not mixed
    /// into the UNSPSC categories (the two trees do not map onto each other).
    #[serde(default)]
    pub eclass: Option<String>,
    /// UN/ECE Rec 20 code of the unit the supplier sells in (e.g. `BX`).
    pub order_unit: String,
    /// UN/ECE Rec 20 code of what one order unit contains (e.g. `H87`, piece).
    pub content_unit: String,
    /// How many content units one order unit holds (a box of 12 pens: 12).
    pub content_per_order_unit: Decimal,
    /// ISO 4217.
    pub currency: String,
    /// Ascending by `min_qty`; the first tier starts at the minimum order quantity. Empty: the
    /// supplier quotes the price on request ([`CatalogItem::price_on_request`]). An empty list
    /// rather than a flag, so records stored and synced before stay as they were, and every
    /// reader that asks for a price already gets `None`, never a price of 0.
    pub price_tiers: Vec<PriceTier>,
    pub lead_time_days: u32,
    /// Order units in stock, when the supplier tells.
    pub stock: Option<u32>,
    /// What the supplier states about the product beyond the fields above (BMEcat features,
    /// Peppol additional properties, CSV columns), sorted by the supplier's order and bounded
    /// (see [`attribute::bound`]). Left out of the text forms when empty (see
    /// `catalog/encoding.rs`), so an item without attributes is written as before.
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    /// The groups of the supplier's own category tree the item is filed under (their ids in
    /// the supplier's [`groups::CategoryTree`]); empty when the supplier has no tree. At most
    /// [`groups::MAX_GROUPS_PER_ITEM`]. Left out of the text forms when empty (see
    /// `catalog/encoding.rs`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Pictures and documents the supplier references ([`media::Media`]), at most
    /// [`media::MAX_MEDIA`]. Left out of the text forms when empty (see `catalog/encoding.rs`).
    #[serde(default)]
    pub media: Vec<media::Media>,
}

impl CatalogItem {
    pub fn make_id(supplier_id: &str, sku: &str) -> ItemId {
        ItemId::from(format!("{supplier_id}/{sku}"))
    }

    /// The supplier gives no price in the catalog: it is quoted on request. Such an item has no
    /// list price, no price band, sorts after priced items and compares as "no price"; in a cart
    /// it becomes a line that needs a quote, at the buyer's estimate.
    pub fn price_on_request(&self) -> bool {
        self.price_tiers.is_empty()
    }

    /// Price of one order unit when ordering `qty` order units, or `None` below the minimum
    /// (always `None` for an item on request).
    pub fn unit_price_at(&self, qty: Decimal) -> Option<Decimal> {
        self.price_tiers
            .iter()
            .rev()
            .find(|tier| tier.min_qty <= qty)
            .map(|tier| tier.unit_price)
    }

    /// The smallest quantity the supplier sells (the first tier's lower bound; 1 for an item on
    /// request).
    pub fn min_order_qty(&self) -> Decimal {
        self.price_tiers
            .first()
            .map_or(Decimal::ONE, |tier| tier.min_qty)
    }

    /// The list price: one order unit at the minimum order quantity.
    pub fn list_price(&self) -> Option<Decimal> {
        self.price_tiers.first().map(|tier| tier.unit_price)
    }

    /// Price per content unit (per piece, per sheet) at `qty` order units: what makes a box of
    /// 12 comparable with a box of 10.
    pub fn content_unit_price_at(&self, qty: Decimal) -> Option<Decimal> {
        let price = self.unit_price_at(qty)?;
        Some(price.checked_div(self.content_per_order_unit)?.round_dp(4))
    }

    pub fn in_stock(&self) -> bool {
        self.stock.is_some_and(|s| s > 0)
    }
}

/// Example items for tests, here and in the crates above (the `samples` feature).
#[cfg(any(test, feature = "samples"))]
pub mod samples {
    use super::*;
    use rust_decimal_macros::dec;

    /// A box of twelve pens from "office", in CNY, with three price tiers.
    pub fn pens() -> CatalogItem {
        CatalogItem {
            id: "office/P-100".into(),
            supplier_id: "office".into(),
            sku: "P-100".into(),
            gtin: Some("4006381333931".into()),
            manufacturer: "Nordline".into(),
            mpn: "NL-BP-07".into(),
            name: LocalizedText::new("Ballpoint pen, blue, box of 12", "圆珠笔 蓝色 12支装"),
            description: LocalizedText::default(),
            unspsc: "44121704".into(),
            eclass: None,
            order_unit: "BX".into(),
            content_unit: "H87".into(),
            content_per_order_unit: dec!(12),
            currency: "CNY".into(),
            price_tiers: vec![
                PriceTier {
                    min_qty: dec!(1),
                    unit_price: dec!(24.00),
                },
                PriceTier {
                    min_qty: dec!(10),
                    unit_price: dec!(21.60),
                },
                PriceTier {
                    min_qty: dec!(50),
                    unit_price: dec!(19.20),
                },
            ],
            lead_time_days: 2,
            stock: Some(340),
            attributes: Vec::new(),
            groups: Vec::new(),
            media: Vec::new(),
        }
    }

    /// A drill from "tools" whose price the supplier quotes on request (no price tiers).
    pub fn drill_on_request() -> CatalogItem {
        CatalogItem {
            id: "tools/D-900".into(),
            supplier_id: "tools".into(),
            sku: "D-900".into(),
            gtin: None,
            manufacturer: "Boreline".into(),
            mpn: "BL-D900".into(),
            name: LocalizedText::new("Magnetic core drill, 1,800 W", "磁力钻 1800瓦"),
            description: LocalizedText::default(),
            unspsc: "27112703".into(),
            eclass: None,
            order_unit: "H87".into(),
            content_unit: "H87".into(),
            content_per_order_unit: dec!(1),
            currency: "CNY".into(),
            price_tiers: Vec::new(),
            lead_time_days: 10,
            stock: None,
            attributes: Vec::new(),
            groups: Vec::new(),
            media: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::samples::pens;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn tiers_apply_from_their_lower_bound() {
        let item = pens();
        assert_eq!(item.unit_price_at(dec!(0.5)), None);
        assert_eq!(item.unit_price_at(dec!(1)), Some(dec!(24.00)));
        assert_eq!(item.unit_price_at(dec!(9)), Some(dec!(24.00)));
        assert_eq!(item.unit_price_at(dec!(10)), Some(dec!(21.60)));
        assert_eq!(item.unit_price_at(dec!(500)), Some(dec!(19.20)));
        assert_eq!(item.content_unit_price_at(dec!(10)), Some(dec!(1.8)));
    }

    #[test]
    fn an_item_on_request_has_no_price_at_any_quantity() {
        let item = super::samples::drill_on_request();
        assert!(item.price_on_request());
        assert!(!pens().price_on_request());
        assert_eq!(item.list_price(), None);
        assert_eq!(item.unit_price_at(dec!(1)), None);
        assert_eq!(item.content_unit_price_at(dec!(1)), None);
        assert_eq!(item.min_order_qty(), dec!(1));
    }

    #[test]
    fn localized_text_falls_back() {
        let t = LocalizedText::new("Paper", "");
        assert_eq!(t.get(Lang::ZhCn), "Paper");
        assert_eq!(LocalizedText::new("Paper", "纸").get(Lang::ZhCn), "纸");
    }

    #[test]
    fn items_stored_before_attributes_still_read() {
        let mut json: serde_json::Value = serde_json::to_value(pens()).unwrap();
        json.as_object_mut().unwrap().remove("attributes");
        let back: CatalogItem = serde_json::from_value(json).unwrap();
        assert_eq!(back, pens());
        let mut with = pens();
        with.attributes = vec![Attribute {
            name: LocalizedText::new("Colour", "颜色"),
            values: vec!["blue".into()],
            ..Attribute::default()
        }];
        // The snapshot encodes items by field position (see `encoding.rs`): without attributes
        // or groups, an item is the array the release before wrote; with attributes, one
        // element longer; with groups, two (the empty attributes keep their place).
        let mut filed = pens();
        filed.groups = vec!["10".into()];
        let before = rmp_serde::to_vec(&pens()).unwrap();
        let packed = rmp_serde::to_vec(&with).unwrap();
        let grouped = rmp_serde::to_vec(&filed).unwrap();
        assert_eq!(
            rmp_serde::from_slice::<CatalogItem>(&before).unwrap(),
            pens()
        );
        assert_eq!(rmp_serde::from_slice::<CatalogItem>(&packed).unwrap(), with);
        assert_eq!(
            rmp_serde::from_slice::<CatalogItem>(&grouped).unwrap(),
            filed
        );
        // An array of 16+ elements: marker 0xdc and a big-endian u16 count.
        assert_eq!(
            (before[0], before[2]),
            (0xdc, 17),
            "the fields before attributes"
        );
        assert_eq!((packed[0], packed[2]), (0xdc, 18), "one element more");
        assert_eq!(
            (grouped[0], grouped[2]),
            (0xdc, 19),
            "attributes kept in place"
        );
        // An array the release before wrote (its 17 fields) still reads.
        let text = serde_json::to_value(pens()).unwrap();
        let fields = [
            "id",
            "supplier_id",
            "sku",
            "gtin",
            "manufacturer",
            "mpn",
            "name",
            "description",
            "unspsc",
            "eclass",
            "order_unit",
            "content_unit",
            "content_per_order_unit",
            "currency",
            "price_tiers",
            "lead_time_days",
            "stock",
        ];
        let old: Vec<serde_json::Value> = fields.iter().map(|f| text[*f].clone()).collect();
        let old = rmp_serde::to_vec(&old).unwrap();
        assert_eq!(rmp_serde::from_slice::<CatalogItem>(&old).unwrap(), pens());
    }

    #[test]
    fn money_serialises_as_exact_strings() {
        let json = serde_json::to_string(&pens()).unwrap();
        assert!(json.contains(r#""unit_price":"21.60""#), "{json}");
        let back: CatalogItem = serde_json::from_str(&json).unwrap();
        assert_eq!(back, pens());
    }
}
