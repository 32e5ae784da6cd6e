//! Filters and disjunctive facet counts.
//!
//! Each matching item is checked against the seven filter dimensions once (attributes are one
//! dimension here; within it each attribute counts disjunctively, see [`super::attributes`]). An item failing none
//! is a result and counts in every facet; an item failing exactly one dimension counts only in
//! that dimension's facet (which ignores its own filter); failing two or more, it counts nowhere.

use super::attributes::{AttributeCounter, AttributeFilter};
use super::index::{SearchIndex, IN_STOCK, NONE, NO_BAND};
use super::prices::ConvertedPrices;
use super::{Facets, PriceBand, SearchFilters};
use crate::catalog::{CatalogItem, Lang};

const SUPPLIER: u8 = 1;
const SEGMENT: u8 = 2;
const MANUFACTURER: u8 = 4;
const BAND: u8 = 8;
const STOCK: u8 = 16;
const FAMILY: u8 = 32;
const ATTRIBUTE: u8 = 64;

/// The filters resolved to the index's value ids: `None` filters nothing, otherwise
/// `allowed[id]` says whether a value passes.
pub(crate) struct Filter {
    suppliers: Option<Vec<bool>>,
    segments: Option<Vec<bool>>,
    families: Option<Vec<bool>>,
    manufacturers: Option<Vec<bool>>,
    band: Option<u8>,
    in_stock_only: bool,
    attributes: AttributeFilter,
}

fn allowed(values: &[String], wanted: &[String]) -> Option<Vec<bool>> {
    (!wanted.is_empty()).then(|| values.iter().map(|v| wanted.contains(v)).collect())
}

fn passes(allowed: &Option<Vec<bool>>, id: u32) -> bool {
    allowed
        .as_ref()
        .is_none_or(|a| id != NONE && a[id as usize])
}

impl Filter {
    pub(crate) fn new(index: &SearchIndex, filters: &SearchFilters) -> Self {
        Self {
            suppliers: allowed(&index.suppliers, &filters.suppliers),
            segments: allowed(&index.segments, &filters.segments),
            families: allowed(&index.families, &filters.families),
            manufacturers: allowed(&index.manufacturers, &filters.manufacturers),
            band: filters.price_band.map(|b| b as u8),
            in_stock_only: filters.in_stock_only,
            attributes: AttributeFilter::new(&filters.attributes),
        }
    }

    /// The dimensions item `i` (whose price band is `band`) fails, as bits.
    fn fails(&self, index: &SearchIndex, i: usize, band: u8) -> u8 {
        let mut fails = 0;
        if !passes(&self.suppliers, index.supplier_of[i]) {
            fails |= SUPPLIER;
        }
        if !passes(&self.segments, index.segment_of[i]) {
            fails |= SEGMENT;
        }
        if !passes(&self.families, index.family_of[i]) {
            fails |= FAMILY;
        }
        if !passes(&self.manufacturers, index.manufacturer_of[i]) {
            fails |= MANUFACTURER;
        }
        let flags = index.flags[i];
        if self.band.is_some_and(|b| band != b) {
            fails |= BAND;
        }
        if self.in_stock_only && flags & IN_STOCK == 0 {
            fails |= STOCK;
        }
        fails
    }
}

/// Facet counts by value id, accumulated item by item.
pub(crate) struct Counter<'a> {
    index: &'a SearchIndex,
    /// With converted prices, bands are of the list price in the buyer's currency (no rate:
    /// no band); without, the index's bands of the raw amount.
    prices: Option<&'a ConvertedPrices>,
    items: &'a [CatalogItem],
    filter: Filter,
    /// While a category is in view (see [`super::attributes`]).
    attributes: Option<AttributeCounter<'a>>,
    suppliers: Vec<usize>,
    segments: Vec<usize>,
    families: Vec<usize>,
    manufacturers: Vec<usize>,
    bands: [usize; 8],
    in_stock: usize,
}

impl<'a> Counter<'a> {
    pub(crate) fn new(
        index: &'a SearchIndex,
        items: &'a [CatalogItem],
        filters: &SearchFilters,
        prices: Option<&'a ConvertedPrices>,
        lang: Lang,
    ) -> Self {
        let in_view = !filters.segments.is_empty() || !filters.families.is_empty();
        Self {
            index,
            prices,
            items,
            filter: Filter::new(index, filters),
            attributes: in_view.then(|| AttributeCounter::new(lang)),
            suppliers: vec![0; index.suppliers.len()],
            segments: vec![0; index.segments.len()],
            families: vec![0; index.families.len()],
            manufacturers: vec![0; index.manufacturers.len()],
            bands: [0; 8],
            in_stock: 0,
        }
    }

    /// Counts item `i` (which matches the text) and tells whether it passes all filters.
    #[inline]
    pub(crate) fn add(&mut self, i: usize) -> bool {
        let band = match self.prices {
            None => self.index.flags[i] & 7,
            Some(prices) => prices.band(i),
        };
        let mut fails = self.filter.fails(self.index, i, band);
        let (failed_attributes, failed_key) = if self.filter.attributes.is_empty() {
            (0, None)
        } else {
            self.filter.attributes.failures(&self.items[i])
        };
        if failed_attributes > 0 {
            fails |= ATTRIBUTE;
        }
        if fails & fails.wrapping_sub(1) != 0 {
            return false; // two or more dimensions fail
        }
        if let Some(counter) = &mut self.attributes {
            let item = &self.items[i];
            match (fails, failed_attributes) {
                (0, _) => counter.add(i, item, None),
                // Failing one attribute only, it counts for that attribute's other values.
                (ATTRIBUTE, 1) => counter.add(i, item, failed_key),
                _ => {}
            }
        }
        let counts = |dim: u8| fails == 0 || fails == dim;
        let index = self.index;
        if counts(SUPPLIER) {
            self.suppliers[index.supplier_of[i] as usize] += 1;
        }
        if counts(SEGMENT) && index.segment_of[i] != NONE {
            self.segments[index.segment_of[i] as usize] += 1;
        }
        // Families are the segment's children: they count only items inside the chosen
        // segments, so the segment filter applies to them too.
        if (fails == 0 || fails == FAMILY) && index.family_of[i] != NONE {
            self.families[index.family_of[i] as usize] += 1;
        }
        if counts(MANUFACTURER) {
            self.manufacturers[index.manufacturer_of[i] as usize] += 1;
        }
        if counts(BAND) {
            self.bands[usize::from(band)] += 1;
        }
        if counts(STOCK) && index.flags[i] & IN_STOCK != 0 {
            self.in_stock += 1;
        }
        fails == 0
    }

    pub(crate) fn facets(self, filters: &SearchFilters) -> Facets {
        let list = |values: &[String], counts: Vec<usize>, selected: &[String]| {
            let mut list: Vec<(String, usize)> = values
                .iter()
                .zip(counts)
                .filter(|(v, n)| *n > 0 || selected.contains(v))
                .map(|(v, n)| (v.clone(), n))
                .collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list
        };
        let price_bands = (0..NO_BAND)
            .filter_map(|b| PriceBand::from_index(b).map(|band| (band, self.bands[usize::from(b)])))
            .filter(|&(band, n)| n > 0 || filters.price_band == Some(band))
            .collect();
        Facets {
            suppliers: list(&self.index.suppliers, self.suppliers, &filters.suppliers),
            segments: list(&self.index.segments, self.segments, &filters.segments),
            families: list(&self.index.families, self.families, &filters.families),
            manufacturers: list(
                &self.index.manufacturers,
                self.manufacturers,
                &filters.manufacturers,
            ),
            price_bands,
            in_stock: self.in_stock,
            attributes: self
                .attributes
                .map(|c| c.finish(&filters.attributes))
                .unwrap_or_default(),
            groups: Vec::new(),
        }
    }
}
