//! The demo marketplace: a third party that publishes several sellers' catalogs in one feed.
//!
//! Its sellers carry families the office and IT suppliers carry too, so the same products show
//! up from a supplier's own feed and from the marketplace, and can be compared.

use super::{DemoSupplier, Profile};
use procura_catalog::catalog::LocalizedText;

/// A demo marketplace and the sellers whose catalogs its feed carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMarketplace {
    pub id: String,
    pub name: LocalizedText,
    pub sellers: Vec<DemoSupplier>,
}

const SELLERS: &[Profile] = &[
    Profile {
        id: "gh-deskmart",
        en: "DeskMart Office Direct",
        zh: "桌面优品办公直营",
        currency: "CNY",
        sku_prefix: "DM",
        price_level: 94,
        lead_days: (2, 6),
        families: &[
            "copy_paper",
            "notebook",
            "ballpoint_pen",
            "gel_pen",
            "highlighter",
            "stapler",
            "staples",
            "envelope",
            "toner",
        ],
    },
    Profile {
        id: "gh-bytebay",
        en: "ByteBay Electronics",
        zh: "字节湾电子",
        currency: "CNY",
        sku_prefix: "BB",
        price_level: 99,
        lead_days: (1, 5),
        families: &[
            "laptop",
            "monitor",
            "keyboard",
            "mouse",
            "usb_drive",
            "network_cable",
            "battery",
        ],
    },
    Profile {
        id: "gh-anbao",
        en: "Anbao Safety Store",
        zh: "安保防护用品店",
        currency: "CNY",
        sku_prefix: "AB",
        price_level: 90,
        lead_days: (3, 9),
        families: &[
            "nitrile_gloves",
            "safety_glasses",
            "ear_plugs",
            "cable_ties",
            "lab_wipes",
            "battery",
        ],
    },
];

/// The demo marketplace with its first `sellers` sellers (at most three).
pub fn marketplace(sellers: usize) -> DemoMarketplace {
    DemoMarketplace {
        id: "goodshub".to_owned(),
        name: LocalizedText::new("GoodsHub Marketplace", "好物汇商城"),
        sellers: SELLERS
            .iter()
            .take(sellers)
            .map(|p| p.supplier(p.id, p.en, p.zh))
            .collect(),
    }
}

/// Any demo supplier or marketplace seller by id (the endpoint's churn generates items for it).
pub fn find_supplier(id: &str) -> Option<DemoSupplier> {
    super::suppliers(64)
        .into_iter()
        .chain(marketplace(SELLERS.len()).sellers)
        .find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate_catalog, suppliers};
    use std::collections::HashSet;

    #[test]
    fn sellers_are_distinct_from_suppliers_and_share_products_with_them() {
        let market = marketplace(3);
        assert_eq!(market.sellers.len(), 3);
        let supplier_ids: HashSet<_> = suppliers(5).into_iter().map(|s| s.id).collect();
        assert!(market.sellers.iter().all(|s| !supplier_ids.contains(&s.id)));
        let gtins = |s: &DemoSupplier| -> HashSet<_> {
            generate_catalog(1, s, 400)
                .into_iter()
                .filter_map(|i| i.gtin)
                .collect()
        };
        let office = gtins(&suppliers(1)[0]);
        let shared = gtins(&market.sellers[0]).intersection(&office).count();
        assert!(shared > 10, "only {shared} products in common");
        assert_eq!(
            find_supplier("gh-bytebay").map(|s| s.id),
            Some("gh-bytebay".into())
        );
    }
}
