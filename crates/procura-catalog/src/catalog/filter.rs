//! Filtering the catalog list: free text plus supplier, category and stock filters.
//!
//! This is the plain list filter of the catalog screen; every term must occur (case-insensitive)
//! in one of the item's identifying fields.

use super::{CatalogItem, Lang};
use crate::unspsc;
use std::collections::BTreeMap;

/// What the buyer filters the catalog by. Empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogFilter {
    pub text: String,
    pub supplier_id: Option<String>,
    /// UNSPSC segment (two digits).
    pub segment: Option<String>,
    pub in_stock_only: bool,
}

impl CatalogFilter {
    /// Positions in `items` of the matching items, in a stable order (by name in `lang`, then id).
    pub fn apply(&self, items: &[CatalogItem], lang: Lang) -> Vec<usize> {
        let terms: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut hits: Vec<usize> = (0..items.len())
            .filter(|&i| self.matches_fields(&items[i]) && matches_terms(&items[i], &terms))
            .collect();
        hits.sort_by(|&a, &b| {
            let (a, b) = (&items[a], &items[b]);
            a.name
                .get(lang)
                .cmp(b.name.get(lang))
                .then_with(|| a.id.cmp(&b.id))
        });
        hits
    }

    fn matches_fields(&self, item: &CatalogItem) -> bool {
        self.supplier_id
            .as_ref()
            .is_none_or(|s| *s == item.supplier_id)
            && self
                .segment
                .as_deref()
                .is_none_or(|seg| unspsc::segment(&item.unspsc) == Some(seg))
            && (!self.in_stock_only || item.in_stock())
    }
}

fn matches_terms(item: &CatalogItem, terms: &[String]) -> bool {
    if terms.is_empty() {
        return true;
    }
    let haystack = [
        item.name.en.as_str(),
        item.name.zh.as_str(),
        item.manufacturer.as_str(),
        item.mpn.as_str(),
        item.sku.as_str(),
        item.gtin.as_deref().unwrap_or(""),
    ]
    .join("\u{1f}")
    .to_lowercase();
    terms.iter().all(|term| haystack.contains(term.as_str()))
}

/// The choices the filter bar offers, with how many items each holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterOptions {
    pub suppliers: BTreeMap<String, usize>,
    pub segments: BTreeMap<String, usize>,
}

impl FilterOptions {
    pub fn from_items(items: &[CatalogItem]) -> Self {
        let mut options = Self::default();
        for item in items {
            *options
                .suppliers
                .entry(item.supplier_id.to_string())
                .or_default() += 1;
            if let Some(seg) = unspsc::segment(&item.unspsc) {
                *options.segments.entry(seg.to_owned()).or_default() += 1;
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::samples::pens;

    fn catalog() -> Vec<CatalogItem> {
        let mut paper = pens();
        paper.id = "lab/A4".into();
        paper.supplier_id = "lab".into();
        paper.name.en = "Copy paper A4 80 g".into();
        paper.name.zh = "A4 复印纸 80g".into();
        paper.unspsc = "14111507".into();
        paper.stock = Some(0);
        vec![pens(), paper]
    }

    fn ids(filter: &CatalogFilter) -> Vec<String> {
        let items = catalog();
        let hits = filter.apply(&items, Lang::En);
        hits.into_iter().map(|i| items[i].id.to_string()).collect()
    }

    #[test]
    fn text_terms_must_all_match_any_field() {
        let f = |text: &str| CatalogFilter {
            text: text.into(),
            ..Default::default()
        };
        assert_eq!(ids(&f("")), ["office/P-100", "lab/A4"], "sorted by name");
        assert_eq!(ids(&f("PEN blue")), ["office/P-100"]);
        assert_eq!(ids(&f("复印纸")), ["lab/A4"]);
        assert_eq!(ids(&f("nl-bp")), ["office/P-100", "lab/A4"]);
        assert_eq!(ids(&f("pen paper")), Vec::<String>::new());
        assert_eq!(ids(&f("4006381333931")).len(), 2);
    }

    #[test]
    fn field_filters_combine() {
        let by_segment = CatalogFilter {
            segment: Some("44".into()),
            ..Default::default()
        };
        assert_eq!(ids(&by_segment), ["office/P-100"]);
        let in_stock = CatalogFilter {
            in_stock_only: true,
            ..Default::default()
        };
        assert_eq!(ids(&in_stock), ["office/P-100"]);
        let lab = CatalogFilter {
            supplier_id: Some("lab".into()),
            ..Default::default()
        };
        assert_eq!(ids(&lab), ["lab/A4"]);
    }

    #[test]
    fn options_count_items() {
        let options = FilterOptions::from_items(&catalog());
        assert_eq!(options.suppliers["office"], 1);
        assert_eq!(options.segments["14"], 1);
        assert_eq!(options.segments["44"], 1);
    }
}
