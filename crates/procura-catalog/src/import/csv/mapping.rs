//! Which CSV column holds which item field.

use crate::import::record::DecimalSeparator;
use crate::import::CatalogAction;
use serde::{Deserialize, Serialize};

/// One price tier spread over two columns: from the quantity in `min_qty`, the price in `price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierColumns {
    pub min_qty: String,
    pub price: String,
}

/// How to read one supplier's CSV files; the app saves one per supplier.
///
/// Columns are named by their header text (trimmed; matched exactly, else ignoring case). In a
/// file without a header row they are named `Column 1`, `Column 2`, … as [`super::sniff`] shows.
/// Missing fields in stored JSON take their defaults, so mappings saved by older versions load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnMapping {
    /// Whether the first record names the columns.
    pub has_header: bool,
    /// `,`, `;` or a tab; `None` detects it as [`super::sniff`] does.
    pub delimiter: Option<char>,
    pub decimal_separator: DecimalSeparator,
    /// Replace the supplier's catalog, or update the items the file names.
    pub action: CatalogAction,
    /// Required: the supplier's article number.
    pub sku: Option<String>,
    pub name_en: Option<String>,
    pub name_zh: Option<String>,
    pub description_en: Option<String>,
    pub description_zh: Option<String>,
    pub manufacturer: Option<String>,
    pub mpn: Option<String>,
    pub gtin: Option<String>,
    pub unspsc: Option<String>,
    /// The supplier's category of each row as a path, `Hobbies > Model Trains > Locomotives`
    /// (see [`crate::catalog::groups::split_path`]): the rows' paths make the supplier's tree.
    /// Not written when unset: a saved mapping without it stays the text it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_path: Option<String>,
    /// The column with each row's picture addresses (see `record::pictures`). Not written
    /// when unset: a saved mapping without it stays the text it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    pub order_unit: Option<String>,
    pub content_unit: Option<String>,
    pub content_per_order_unit: Option<String>,
    /// The column with each row's ISO 4217 code…
    pub currency: Option<String>,
    /// …or one currency for the whole file (also used for rows whose currency cell is empty).
    pub fixed_currency: Option<String>,
    /// The first tier's price (from the minimum order quantity, else from 1).
    pub price: Option<String>,
    /// Further tiers, each a quantity column and a price column.
    pub tier_columns: Vec<TierColumns>,
    /// One column with every tier, written `1:24.00;10:21.60` (quantity:price, `;` between).
    pub tiers: Option<String>,
    pub min_qty: Option<String>,
    pub lead_time_days: Option<String>,
    pub stock: Option<String>,
    /// Columns read as product attributes: the column's name (its header, or `Column 3` in a
    /// file without one) names the attribute, each row's cell is its value. Not written when
    /// empty: a saved mapping without attributes stays the text it was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

impl Default for ColumnMapping {
    fn default() -> Self {
        Self {
            has_header: true,
            delimiter: None,
            decimal_separator: DecimalSeparator::Point,
            action: CatalogAction::Replace,
            sku: None,
            name_en: None,
            name_zh: None,
            description_en: None,
            description_zh: None,
            manufacturer: None,
            mpn: None,
            gtin: None,
            unspsc: None,
            category_path: None,
            image_url: None,
            order_unit: None,
            content_unit: None,
            content_per_order_unit: None,
            currency: None,
            fixed_currency: None,
            price: None,
            tier_columns: Vec::new(),
            tiers: None,
            min_qty: None,
            lead_time_days: None,
            stock: None,
            attributes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_serde_tolerates_missing_fields() {
        let m: ColumnMapping = serde_json::from_str(r#"{"sku":"SKU"}"#).unwrap();
        assert_eq!(m.sku.as_deref(), Some("SKU"));
        assert!(m.has_header);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<ColumnMapping>(&json).unwrap(), m);
        assert!(!json.contains("attributes"), "saved as before: {json}");
        let with = ColumnMapping {
            attributes: vec!["Colour".into()],
            ..m
        };
        let json = serde_json::to_string(&with).unwrap();
        assert_eq!(serde_json::from_str::<ColumnMapping>(&json).unwrap(), with);
    }
}
