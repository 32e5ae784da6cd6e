//! What the search tests share: an index over a set of items, the ids a query returns, and the
//! seeded demo catalog indexed once.
// Each test file uses a different part of this.
#![allow(dead_code)]

use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
use procura_catalog::search::{SearchIndex, SearchQuery, SearchResults};
use procura_demo::demo;
use rust_decimal::Decimal;
use std::sync::OnceLock;

pub struct Fixture {
    pub items: Vec<CatalogItem>,
    pub index: SearchIndex,
}

impl Fixture {
    pub fn new(items: Vec<CatalogItem>) -> Self {
        let index = SearchIndex::build(&items);
        Self { items, index }
    }

    pub fn run(&self, query: &SearchQuery) -> SearchResults {
        self.index.search(&self.items, query)
    }

    /// Ids of all hits, in order.
    pub fn ids(&self, query: &SearchQuery) -> Vec<&str> {
        let all = SearchQuery {
            offset: 0,
            limit: usize::MAX,
            ..query.clone()
        };
        let results = self.run(&all);
        assert_eq!(results.total, results.hits.len());
        results
            .hits
            .iter()
            .map(|h| self.items[h.item].id.as_str())
            .collect()
    }
}

/// 3 suppliers × 2000 demo items, indexed once.
pub fn demo() -> &'static Fixture {
    static DEMO: OnceLock<Fixture> = OnceLock::new();
    DEMO.get_or_init(|| {
        let items = demo::suppliers(3)
            .iter()
            .flat_map(|s| demo::generate_catalog(demo::DEFAULT_SEED, s, 2000))
            .collect();
        Fixture::new(items)
    })
}

/// A hand-made item: `id` doubles as SKU; everything but the English name is empty or neutral.
pub fn item(id: &str, name: &str) -> CatalogItem {
    CatalogItem {
        id: id.into(),
        supplier_id: "acme".into(),
        sku: id.into(),
        gtin: None,
        manufacturer: String::new(),
        mpn: String::new(),
        name: LocalizedText::new(name, ""),
        description: LocalizedText::default(),
        unspsc: "44000000".into(),
        eclass: None,
        order_unit: "H87".into(),
        content_unit: "H87".into(),
        content_per_order_unit: Decimal::ONE,
        currency: "CNY".into(),
        price_tiers: vec![PriceTier {
            min_qty: Decimal::ONE,
            unit_price: Decimal::from(10),
        }],
        lead_time_days: 1,
        stock: Some(1),
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}
