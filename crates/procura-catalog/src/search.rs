//! Catalog search: an in-memory inverted index over catalog items
//! ([`CatalogItem`](crate::catalog::CatalogItem)) with field-weighted relevance,
//! search-as-you-type prefixes, one-typo tolerance, Chinese (CJK bigrams), disjunctive facets,
//! price sorting and paging.
//!
//! The index addresses items by their position in the slice it was built from; pass the same
//! slice to [`SearchIndex::search`]. Rebuild it when the catalog changes (it is immutable, and a
//! build of 100,000 items takes a fraction of a second natively).
//!
//! # Matching
//! * Text is folded (NFKD, combining marks dropped, lower case; full-width forms become ASCII)
//!   and split into words (letters and digits) and CJK runs (Han ideographs, kana).
//! * Every query term must match (AND), in any field: name (en, zh), manufacturer, description
//!   (en, zh), or the word parts of SKU, MPN and GTIN.
//! * A word term matches an equal word; the last word of the query (2+ chars, and no whitespace
//!   after it: the buyer is still typing) also matches as a prefix (`stap` → `stapler`, `staples`); a purely alphabetic term of 5+ chars also matches
//!   words one edit away (insertion, deletion, substitution, adjacent transposition), and so
//!   does one of 4 chars when no word equals it (nor, typed last, starts with it): `papr` →
//!   `paper`, while `pane` stays `pane`.
//! * Synonyms ([`Synonyms`], the organisation's, passed in [`SearchContext`]): query terms
//!   equal to a term of a group match any term of the group.
//! * When no item matches every term, the closest matches are returned instead, flagged
//!   [`Match::Partial`]: items matching at least half (rounded up, at least one) of the query's
//!   units (words, single CJK chars, bigrams of longer CJK runs, synonym groups), ranked by how
//!   many they match, then by score. A query of one unit has no fallback.
//! * A CJK run of n chars matches text containing exactly that run: single chars through a
//!   unigram index, longer runs by intersecting the posting lists of their bigrams and, for three
//!   or more chars, checking the surviving candidates' text for the contiguous run.
//! * The whole query with separators removed (`NL-BP 07` → `nlbp07`) is also looked up as a
//!   code: an item whose GTIN, SKU or MPN equals it matches (even if the terms do not) and ranks
//!   above everything else; codes it is a prefix of (4+ chars) rank above plain text matches.
//!
//! # Ranking ([`SortOrder::Relevance`])
//! Per term, the best of its matches counts: exact word (40) above prefix (20) above typo (0),
//! plus the weight of the field it was found in: name 8, manufacturer 4, code parts 3,
//! description 1 (a quarter point more for each further field). Terms' scores add up. Ties, and
//! browsing without text, go by name in the query's language, then id (the order of
//! [`crate::catalog::CatalogFilter::apply`]).
//!
//! # Facets
//! Counts are disjunctive: each dimension counts the items matching the text and every *other*
//! filter, so choosing a supplier does not hide the other suppliers' counts. UNSPSC families are
//! the category tree's second level: they count within the segment filter too, so choosing a
//! segment lists its families (and their siblings stay listed when one is chosen).
//! Attribute values are searched like the description and, for the category in view, offered
//! as facets ([`attributes`]).
//!
//! # Prices
//! [`PriceBand`]s classify the list price (one order unit at the minimum quantity);
//! [`SortOrder::UnitPriceAscending`] compares the price per content unit (list price /
//! `content_per_order_unit`). With [`SearchContext::prices`] both are in the buyer's currency:
//! items whose currency has no rate have no band, sort after every converted price, and are
//! marked [`Hit::no_rate`]. The conversion is done once per catalog and rate table
//! ([`ConvertedPrices`]), so sorting by converted price costs what sorting by raw price does.
//! Without it (plain [`SearchIndex::search`]) they use the raw amount in each item's own
//! currency, from ranks precomputed in the index.
//!
//! # Persistence
//! [`SearchIndex::to_bytes`] / [`SearchIndex::from_bytes`]: a compact, versioned binary encoding
//! (delta and varint coded postings), meant to be stored next to the catalog for a fast cold
//! start. There is no serde derive: the encoding is smaller and faster than any generic one.

pub mod attributes;
mod codec;
mod dict;
mod facets;
mod index;
mod prices;
mod query;
mod synonyms;
mod term;
mod tokenize;

pub use attributes::{AttributeChoice, AttributeFacet, AttributeFacetValue};
pub use codec::DecodeError;
pub use index::SearchIndex;
pub use prices::ConvertedPrices;
pub use synonyms::{SynonymError, Synonyms, MAX_GROUPS, MAX_TERMS_PER_GROUP, MAX_TERM_CHARS};

use crate::catalog::Lang;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What the organisation adds to every query: its synonyms and its prices converted with the
/// exchange rates prices are compared with. The default adds nothing (prices stay raw amounts
/// in each item's currency).
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchContext<'a> {
    /// Expanded at query time (see [`Synonyms`]).
    pub synonyms: Option<&'a Synonyms>,
    /// Price sorting and price bands in the buyer currency of the rates these prices were
    /// converted with (built from the same items as the index); an item whose currency has no
    /// rate sorts after every converted price, has no price band, and its hit says
    /// [`Hit::no_rate`].
    pub prices: Option<&'a ConvertedPrices>,
}

/// What the buyer searches for.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Free text; empty browses the catalog.
    pub text: String,
    pub filters: SearchFilters,
    pub sort: SortOrder,
    /// Language of the name order that breaks relevance ties.
    pub lang: Lang,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Most hits to return.
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            filters: SearchFilters::default(),
            sort: SortOrder::Relevance,
            lang: Lang::En,
            offset: 0,
            limit: 50,
        }
    }
}

impl SearchQuery {
    /// A query for `text` with no filters, first page.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// Filters; an empty list filters nothing, several values in one list are alternatives (OR),
/// and the dimensions combine (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    /// Supplier ids.
    pub suppliers: Vec<String>,
    /// UNSPSC segments (two digits).
    pub segments: Vec<String>,
    /// UNSPSC families (four digits): the level below segments in the category tree.
    pub families: Vec<String>,
    /// Manufacturer names, exactly as in the catalog.
    pub manufacturers: Vec<String>,
    pub price_band: Option<PriceBand>,
    pub in_stock_only: bool,
    /// Chosen attribute values: alternatives within one attribute, attributes combined (see
    /// [`attributes`]).
    pub attributes: Vec<AttributeChoice>,
    /// A place in one supplier's own category tree: only that supplier's items filed under
    /// one of its groups match. Not a facet dimension but a place, like the text: the other
    /// facets count within it.
    pub group: Option<GroupFilter>,
}

/// A group of a supplier's own tree, with every group below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupFilter {
    pub supplier_id: String,
    /// The group and its descendants, as
    /// [`crate::catalog::groups::CategoryTree::subtree`] gives them.
    pub groups: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Best match first; without text, by name.
    #[default]
    Relevance,
    /// Cheapest per content unit first; items without a price last; ties by id.
    UnitPriceAscending,
    /// Dearest per content unit first; items without a price last; ties by id.
    UnitPriceDescending,
}

/// One result: the item's position in the indexed slice, and its relevance score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub item: usize,
    pub score: f32,
    /// The query had converted prices ([`SearchContext::prices`]) and the item's price is in a currency
    /// they do not convert: its price cannot be compared.
    pub no_rate: bool,
}

/// Whether the hits match the whole query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Match {
    /// Every hit matches every term (or the query is empty).
    #[default]
    All,
    /// No item matched every term: the hits are the closest matches. The query's units are its
    /// words, its single CJK chars, the bigrams of its longer CJK runs and its synonym groups
    /// (`of` of them); a hit matches at least `least` of them (half, rounded up), the best
    /// `matched`. Hits rank by how many units they match, then by relevance.
    Partial {
        matched: usize,
        least: usize,
        of: usize,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// How many items match, over all pages.
    pub total: usize,
    /// The hits of the requested page (`offset..offset + limit`), in order.
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Whether the hits match the whole query or are a fallback to the closest matches.
    pub matched: Match,
}

/// Counts per filter value over the items matching the query and the other dimensions' filters.
/// Values with no item are left out unless they are selected; lists run by count (descending),
/// then value, price bands in their own order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub suppliers: Vec<(String, usize)>,
    /// By UNSPSC segment (two digits; see [`crate::unspsc::segment_name`]).
    pub segments: Vec<(String, usize)>,
    /// By UNSPSC family (four digits; see [`crate::unspsc::family_name`]). Counted within the
    /// other filters, the segment filter included: choosing a segment lists its families.
    pub families: Vec<(String, usize)>,
    pub manufacturers: Vec<(String, usize)>,
    pub price_bands: Vec<(PriceBand, usize)>,
    /// How many matching items are in stock (ignoring the in-stock filter itself).
    pub in_stock: usize,
    /// Attribute facets, only while a category (segment or family) is chosen; bounded (see
    /// [`attributes`]). Sorted by name.
    pub attributes: Vec<AttributeFacet>,
    /// When the filters name exactly one supplier: how many results are filed directly under
    /// each group of its own category tree, by group id (sum them up the tree with
    /// [`crate::catalog::groups::CategoryTree::totals`]). Empty otherwise.
    pub groups: Vec<(String, usize)>,
}

/// Bands of the list price per order unit: in the buyer's currency when the query has rates
/// ([`SearchContext::prices`]), else as a raw amount in the item's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PriceBand {
    /// Below 10.
    Under10,
    /// 10 to below 50.
    From10To50,
    /// 50 to below 100.
    From50To100,
    /// 100 to below 500.
    From100To500,
    /// 500 to below 1000.
    From500To1000,
    /// 1000 and above.
    From1000,
}

impl PriceBand {
    pub const ALL: [PriceBand; 6] = [
        PriceBand::Under10,
        PriceBand::From10To50,
        PriceBand::From50To100,
        PriceBand::From100To500,
        PriceBand::From500To1000,
        PriceBand::From1000,
    ];

    /// Lower bound (inclusive) and upper bound (exclusive; `None`: open).
    pub fn bounds(self) -> (Decimal, Option<Decimal>) {
        let lower = [0, 10, 50, 100, 500, 1000].map(Decimal::from);
        let i = self as usize;
        (lower[i], lower.get(i + 1).copied())
    }

    /// The band an amount falls into.
    pub fn of(amount: Decimal) -> PriceBand {
        PriceBand::ALL
            .into_iter()
            .rev()
            .find(|band| amount >= band.bounds().0)
            .unwrap_or(PriceBand::Under10)
    }

    pub(crate) fn from_index(i: u8) -> Option<PriceBand> {
        PriceBand::ALL.get(usize::from(i)).copied()
    }
}
