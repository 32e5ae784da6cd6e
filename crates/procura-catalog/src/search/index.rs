//! The index itself and how it is built.

use super::dict::{prefix_key, Dict, DictBuilder, FxMap, TypoCandidates, MAX_ITEMS};
use super::tokenize::{compact_key, Token, Tokenizer};
use super::PriceBand;
use crate::catalog::{CatalogItem, Lang};
use crate::unspsc;
use rust_decimal::Decimal;

/// Field bits of a word posting's mask.
pub(crate) const NAME: u8 = 1;
pub(crate) const BRAND: u8 = 2;
pub(crate) const CODE: u8 = 4;
pub(crate) const DESC: u8 = 8;

/// Kind bits of a code posting's mask.
pub(crate) const GTIN: u8 = 1;
pub(crate) const SKU: u8 = 2;
pub(crate) const MPN: u8 = 4;

/// No value in a facet column.
pub(crate) const NONE: u32 = u32::MAX;
/// `flags`: low three bits the price band (`NO_BAND`: no price), bit 3 in stock.
pub(crate) const NO_BAND: u8 = 7;
pub(crate) const IN_STOCK: u8 = 8;

/// A search index over a catalog slice. See the [module docs](super).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    /// Number of items indexed.
    pub(crate) len: u32,
    /// Words, CJK unigrams and bigrams, with field masks.
    pub(crate) words: Dict,
    /// Compact GTIN / SKU / MPN keys, with kind masks.
    pub(crate) codes: Dict,
    /// Derived from `words`.
    pub(crate) typos: TypoCandidates,
    /// Facet values, in order of first appearance; items refer to them by position.
    pub(crate) suppliers: Vec<String>,
    pub(crate) segments: Vec<String>,
    pub(crate) families: Vec<String>,
    pub(crate) manufacturers: Vec<String>,
    pub(crate) supplier_of: Vec<u32>,
    pub(crate) segment_of: Vec<u32>,
    pub(crate) family_of: Vec<u32>,
    pub(crate) manufacturer_of: Vec<u32>,
    pub(crate) flags: Vec<u8>,
    /// Each item's rank by name (then id), in English and in Chinese.
    pub(crate) name_rank: [Vec<u32>; 2],
    /// Each item's rank by price per content unit, ascending and descending (then id, no price
    /// last).
    pub(crate) price_rank: [Vec<u32>; 2],
}

fn index_text(tokenizer: &mut Tokenizer, words: &mut DictBuilder, text: &str, item: u32, mask: u8) {
    let mut gram = String::new();
    tokenizer.tokens(text, |token| match token {
        Token::Word(word) => words.add(word, item, mask),
        Token::Cjk(run) => {
            for c in run {
                words.add(c.encode_utf8(&mut [0; 4]), item, mask);
            }
            for pair in run.windows(2) {
                gram.clear();
                gram.extend(pair);
                words.add(&gram, item, mask);
            }
        }
    });
}

/// Interns facet values.
#[derive(Default)]
struct Interner {
    ids: FxMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.to_owned(), id);
        self.values.push(value.to_owned());
        id
    }
}

/// Price per content unit, exact.
fn content_unit_price(item: &CatalogItem) -> Option<Decimal> {
    item.list_price()?.checked_div(item.content_per_order_unit)
}

/// `rank[i]`: position of item `i` when sorted by `keys[i]`, then by id.
pub(crate) fn ranks<K: Ord>(items: &[CatalogItem], keys: impl Iterator<Item = K>) -> Vec<u32> {
    let mut order: Vec<(K, &str, u32)> = keys
        .zip(items)
        .enumerate()
        .map(|(i, (key, item))| (key, item.id.as_str(), i as u32))
        .collect();
    order.sort_unstable();
    let mut rank = vec![0; items.len()];
    for (r, &(_, _, i)) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

impl SearchIndex {
    /// Indexes `items`; they are addressed by position from then on.
    ///
    /// # Panics
    /// With 2^28 items or more.
    pub fn build(items: &[CatalogItem]) -> Self {
        assert!(items.len() < MAX_ITEMS, "too many items for one index");
        let mut words = DictBuilder::default();
        let mut codes = DictBuilder::default();
        let mut tokenizer = Tokenizer::default();
        let (mut suppliers, mut segments, mut families, mut manufacturers) = (
            Interner::default(),
            Interner::default(),
            Interner::default(),
            Interner::default(),
        );
        let mut family_of = Vec::with_capacity(items.len());
        let n = items.len();
        let (mut supplier_of, mut segment_of, mut manufacturer_of, mut flags) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for (i, item) in items.iter().enumerate() {
            let i = i as u32;
            let mut text = |text: &str, mask| index_text(&mut tokenizer, &mut words, text, i, mask);
            text(&item.name.en, NAME);
            text(&item.name.zh, NAME);
            text(&item.manufacturer, BRAND);
            text(&item.description.en, DESC);
            text(&item.description.zh, DESC);
            // Attribute values are found like the description ("2.5", "grey"); their names are
            // not indexed: "colour" would match every item that has one.
            for a in &item.attributes {
                for value in a.values.iter().chain(&a.values_zh) {
                    text(value, DESC);
                }
            }
            text(&item.sku, CODE);
            text(&item.mpn, CODE);
            let gtin = item.gtin.as_deref().unwrap_or("");
            text(gtin, CODE);
            for (code, kind) in [(gtin, GTIN), (item.sku.as_str(), SKU), (&item.mpn, MPN)] {
                let key = compact_key(code);
                if !key.is_empty() {
                    codes.add(&key, i, kind);
                }
            }
            supplier_of.push(suppliers.id(item.supplier_id.as_str()));
            segment_of.push(unspsc::segment(&item.unspsc).map_or(NONE, |s| segments.id(s)));
            family_of.push(unspsc::family(&item.unspsc).map_or(NONE, |f| families.id(f)));
            manufacturer_of.push(manufacturers.id(&item.manufacturer));
            let band = item
                .list_price()
                .map_or(NO_BAND, |price| PriceBand::of(price) as u8);
            flags.push(band | if item.in_stock() { IN_STOCK } else { 0 });
        }
        let by_name = |lang| {
            let names = items.iter().map(|item| item.name.get(lang));
            ranks(items, names.map(|name| (prefix_key(name), name)))
        };
        // Prices per content unit, computed once; no price sorts last.
        let prices: Vec<Option<Decimal>> = items.iter().map(content_unit_price).collect();
        let by_price = |descending: bool| {
            let keys = prices.iter().map(|price| match *price {
                Some(p) => (false, if descending { -p } else { p }),
                None => (true, Decimal::ZERO),
            });
            ranks(items, keys)
        };
        let words = words.finish();
        Self {
            len: n as u32,
            typos: TypoCandidates::new(&words),
            words,
            codes: codes.finish(),
            suppliers: suppliers.values,
            segments: segments.values,
            families: families.values,
            manufacturers: manufacturers.values,
            supplier_of,
            segment_of,
            family_of,
            manufacturer_of,
            flags,
            name_rank: [by_name(Lang::En), by_name(Lang::ZhCn)],
            price_rank: [by_price(false), by_price(true)],
        }
    }

    /// Number of items indexed.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of distinct terms (words, CJK unigrams and bigrams) in the index.
    pub fn term_count(&self) -> usize {
        self.words.len()
    }

    /// Number of postings (term, item) in the index.
    pub fn posting_count(&self) -> usize {
        self.words.postings.len() + self.codes.postings.len()
    }

    /// Approximate heap memory of the index, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let strings = |v: &[String]| v.iter().map(|s| s.len() + 24).sum::<usize>();
        self.words.heap_bytes()
            + self.codes.heap_bytes()
            + self.typos.heap_bytes()
            + strings(&self.suppliers)
            + strings(&self.segments)
            + strings(&self.families)
            + strings(&self.manufacturers)
            + self.len() * (4 * 4 + 1 + 4 * 4)
    }
}
