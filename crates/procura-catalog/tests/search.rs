//! The catalog search index on hand-built items: ranking, prefixes, typos, folding, Chinese,
//! facets, sorting and the persisted form. On the seeded demo catalog (browsing, paging,
//! exhaustive matches, facet totals): `search_demo.rs`.

use procura_catalog::catalog::{CatalogItem, PriceTier};
use procura_catalog::search::{
    DecodeError, Match, PriceBand, SearchFilters, SearchIndex, SearchQuery, SortOrder,
};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

mod search_support;
use search_support::{demo, Fixture};

/// Builds a hand-made item: `id` doubles as SKU; everything not set is empty or neutral.
struct Item(CatalogItem);

impl Item {
    fn new(id: &str, name: &str) -> Self {
        Self(search_support::item(id, name))
    }
    fn zh(mut self, zh: &str) -> Self {
        self.0.name.zh = zh.into();
        self
    }
    fn brand(mut self, brand: &str) -> Self {
        self.0.manufacturer = brand.into();
        self
    }
    fn desc(mut self, en: &str) -> Self {
        self.0.description.en = en.into();
        self
    }
    fn codes(mut self, sku: &str, mpn: &str, gtin: &str) -> Self {
        (self.0.sku, self.0.mpn, self.0.gtin) = (sku.into(), mpn.into(), Some(gtin.into()));
        self
    }
    fn supplier(mut self, supplier: &str, unspsc: &str) -> Self {
        (self.0.supplier_id, self.0.unspsc) = (supplier.into(), unspsc.into());
        self
    }
    /// List price `price` for a pack of `pack`; `None`: no price at all.
    fn price(mut self, price: Option<&str>, pack: u32) -> Self {
        self.0.price_tiers = price
            .map(|p| PriceTier {
                min_qty: Decimal::ONE,
                unit_price: p.parse().unwrap(),
            })
            .into_iter()
            .collect();
        self.0.content_per_order_unit = Decimal::from(pack);
        self
    }
    fn stock(mut self, stock: Option<u32>) -> Self {
        self.0.stock = stock;
        self
    }
}

/// What a query must return.
enum Expect<'a> {
    /// These ids first, in this order (more may follow).
    First(&'a [&'a str]),
    /// Exactly these ids, in any order.
    Set(&'a [&'a str]),
}

/// The one assertion of the data-driven tests, on the items matching the whole query (the
/// closest matches shown when none does are tested in `search_fallback.rs`).
fn check(fx: &Fixture, text: &str, expect: Expect<'_>) {
    let full = fx.run(&SearchQuery::text(text)).matched == Match::All;
    let ids = if full {
        fx.ids(&SearchQuery::text(text))
    } else {
        Vec::new()
    };
    match expect {
        Expect::First(first) => assert!(
            ids.len() >= first.len() && ids[..first.len()] == *first,
            "{text:?}: expected {first:?} first, got {ids:?}"
        ),
        Expect::Set(set) => {
            let got: BTreeSet<_> = ids.iter().copied().collect();
            let want: BTreeSet<_> = set.iter().copied().collect();
            assert_eq!(got, want, "{text:?}: got {ids:?}");
            assert_eq!(got.len(), ids.len(), "{text:?}: duplicate hits {ids:?}");
        }
    }
}

fn office() -> Fixture {
    Fixture::new(vec![
        Item::new("stapler", "Rapida stapler, 20 sheets")
            .zh("订书机")
            .brand("Rapida")
            .codes("ST-20", "NL-ST-20", "4006381333931")
            .0,
        Item::new("refill", "Stapler refill")
            .desc("For stapler 4006381333931")
            .0,
        Item::new("staples", "Staples 24/6, box of 1000")
            .zh("订书钉")
            .brand("Papyra")
            .desc("Fits every stapler")
            .0,
        Item::new("pen-blue", "Ballpoint pen").desc("Blue ink").0,
        Item::new("pen-red", "Ballpoint pen, red").0,
        Item::new("n-name", "Nordline folder").brand("Other").0,
        Item::new("n-brand", "Folder").brand("Nordline").0,
        Item::new("n-desc", "Folder")
            .desc("Compatible with Nordline rails")
            .0,
        Item::new("paper-print", "Printing paper A4")
            .zh("A4 打印纸 70g")
            .0,
        Item::new("paper-apart", "Printer kit")
            .zh("打印机 印纸袋")
            .0,
        Item::new("paper-copy", "Copy paper A4 80 g")
            .zh("A4 复印纸 80g")
            .0,
        Item::new("etagere", "Étagère murale").brand("Möbelwerk").0,
        Item::new("fullwidth", "ＡＢＣ Marker").0,
        Item::new("monitor", "Lumetra monitor 27 inch")
            .brand("Lumetra")
            .0,
    ])
}

#[test]
fn codes_rank_first() {
    let fx = office();
    let cases: &[(&str, &[&str])] = &[
        ("4006381333931", &["stapler", "refill"]),
        ("ST-20", &["stapler"]),
        ("st20", &["stapler"]),
        ("NL-ST-20", &["stapler"]),
        ("nlst20", &["stapler"]),
        ("nl st 20", &["stapler"]),
        ("NLST2", &["stapler"]), // code prefix while typing
    ];
    for (text, first) in cases {
        check(&fx, text, Expect::First(first));
    }
}

#[test]
fn fields_weigh_name_then_brand_then_description() {
    let fx = office();
    check(
        &fx,
        "nordline",
        Expect::First(&["n-name", "n-brand", "n-desc"]),
    );
    check(
        &fx,
        "nordline",
        Expect::Set(&["n-name", "n-brand", "n-desc"]),
    );
    // "stapler" in the name beats "stapler" in the description only; name and description
    // together beat the name alone.
    check(
        &fx,
        "stapler",
        Expect::First(&["refill", "stapler", "staples"]),
    );
}

#[test]
fn terms_combine_and_the_last_one_is_a_prefix() {
    let fx = office();
    let cases: &[(&str, &[&str])] = &[
        ("pen blue", &["pen-blue"]),
        ("BLUE pen", &["pen-blue"]),
        ("pen", &["pen-blue", "pen-red"]),
        ("stap", &["stapler", "refill", "staples"]),
        ("ballpoint r", &[]), // one char is not a prefix
        ("ballpoint re", &["pen-red"]),
        ("stap pen", &[]), // only the last term is a prefix
        ("pen paper", &[]),
        ("lumetra monitor", &["monitor"]),
    ];
    for (text, set) in cases {
        check(&fx, text, Expect::Set(set));
    }
}

#[test]
fn one_typo_in_longer_terms() {
    let fx = office();
    let cases: &[(&str, &[&str])] = &[
        ("stapeler", &["stapler", "refill", "staples"]), // insertion
        ("staplr", &["stapler", "refill", "staples"]),   // deletion
        ("monitr", &["monitor"]),
        ("moniter", &["monitor"]), // substitution
        ("mointor", &["monitor"]), // transposition
        ("lumetra moniter", &["monitor"]),
        ("pne", &[]),                       // short terms need exact matches
        ("inhc", &["monitor"]),             // four letters: a typo as no word is "inhc" ("inch")
        ("pene", &["pen-blue", "pen-red"]), // a deletion away from "pen"
        ("pen", &["pen-blue", "pen-red"]),  // a word: "pene" and "pent" are not looked for
        ("moinotr", &[]),                   // two edits
        ("stapplerr", &[]),                 // two edits
    ];
    for (text, set) in cases {
        check(&fx, text, Expect::Set(set));
    }
    // Exact matches outrank typo matches: "staples" is one substitution from "stapler".
    check(&fx, "staples", Expect::First(&["staples"]));
    check(
        &fx,
        "staples",
        Expect::Set(&["staples", "stapler", "refill"]),
    );
}

#[test]
fn case_diacritics_and_width_fold() {
    let fx = office();
    for text in [
        "etagere",
        "ÉTAGÈRE",
        "Étagère",
        "etag",
        "mobelwerk",
        "MÖBELWERK",
    ] {
        check(&fx, text, Expect::Set(&["etagere"]));
    }
    for text in ["abc", "ABC marker", "ａｂｃ", "ＡＢＣ"] {
        check(&fx, text, Expect::Set(&["fullwidth"]));
    }
}

#[test]
fn chinese_runs_match_contiguously() {
    let fx = office();
    let cases: &[(&str, &[&str])] = &[
        ("打印纸", &["paper-print"]), // not "打印机 印纸袋", which has both bigrams
        ("复印纸", &["paper-copy"]),
        ("印纸", &["paper-print", "paper-apart", "paper-copy"]),
        ("打印", &["paper-print", "paper-apart"]),
        ("纸", &["paper-print", "paper-apart", "paper-copy"]),
        ("A4 复印纸", &["paper-copy"]),
        ("a4 打印纸 70g", &["paper-print"]),
        ("复印纸 paper", &["paper-copy"]),
        ("订书", &["stapler", "staples"]),
        ("订书钉机", &[]),
        ("复印机", &[]),
    ];
    for (text, set) in cases {
        check(&fx, text, Expect::Set(set));
    }
}

/// (id, supplier, segment, price, pack, stock).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    u32,
    Option<u32>,
);

/// Items for facet and sort tests.
fn shop() -> Fixture {
    let rows: &[Row] = &[
        ("a", "acme", "44", Some("10"), 1, Some(5)),
        ("b", "acme", "44", Some("24"), 12, Some(0)),
        ("c", "bolt", "14", Some("20"), 10, None),
        ("d", "bolt", "44", None, 1, Some(9)),
        ("e", "core", "14", Some("5"), 1, Some(3)),
        ("f", "acme", "14", Some("600"), 1, Some(2)),
    ];
    Fixture::new(
        rows.iter()
            .map(|&(id, supplier, segment, price, pack, stock)| {
                Item::new(id, &format!("Widget {id}"))
                    .brand(if id < "d" { "Alpha" } else { "Beta" })
                    .supplier(supplier, &format!("{segment}000000"))
                    .price(price, pack)
                    .stock(stock)
                    .0
            })
            .collect(),
    )
}

fn counts<T: Clone>(list: &[(T, usize)]) -> Vec<(T, usize)> {
    list.to_vec()
}

#[test]
fn facets_are_disjunctive() {
    let fx = shop();
    let query = SearchQuery {
        text: "widget".into(),
        filters: SearchFilters {
            suppliers: vec!["acme".into()],
            segments: vec!["44".into()],
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    };
    let results = fx.run(&query);
    assert_eq!(fx.ids(&query), ["a", "b"]);
    assert_eq!(results.total, 2);
    let f = &results.facets;
    // Suppliers ignore the supplier filter but respect the segment filter (a, b, d are in 44).
    let s = |id: &str, n| (id.to_owned(), n);
    assert_eq!(counts(&f.suppliers), [s("acme", 2), s("bolt", 1)]);
    // Segments ignore the segment filter but respect the supplier filter (a, b, f are acme's).
    assert_eq!(counts(&f.segments), [s("44", 2), s("14", 1)]);
    assert_eq!(counts(&f.manufacturers), [s("Alpha", 2)]);
    assert_eq!(
        counts(&f.price_bands),
        [(PriceBand::From10To50, 2)],
        "a: 10, b: 24"
    );
    assert_eq!(f.in_stock, 1, "a has stock, b has none");

    let by_band = SearchQuery {
        filters: SearchFilters {
            price_band: Some(PriceBand::Under10),
            in_stock_only: true,
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    };
    assert_eq!(fx.ids(&by_band), ["e"]);
    let f = fx.run(&by_band).facets;
    assert_eq!(
        counts(&f.price_bands),
        [
            (PriceBand::Under10, 1),
            (PriceBand::From10To50, 1),
            (PriceBand::From500To1000, 1)
        ],
        "in-stock items by band: e (5), a (10), f (600); d has no price"
    );
    assert_eq!(f.in_stock, 1, "in-stock among the items under 10: e");
    // A selected value with no items is still listed, with 0.
    let nobody = SearchQuery {
        text: "widget a".into(),
        filters: SearchFilters {
            suppliers: vec!["core".into()],
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    };
    let results = fx.run(&nobody);
    assert_eq!(results.total, 0);
    assert_eq!(
        counts(&results.facets.suppliers),
        [s("acme", 1), s("core", 0)]
    );
}

#[test]
fn sorts_by_price_per_content_unit_with_ties_by_id() {
    let fx = shop();
    let sorted = |sort| {
        fx.ids(&SearchQuery {
            sort,
            ..SearchQuery::default()
        })
    };
    // Per unit: a 10, b 2, c 2, d none, e 5, f 600.
    assert_eq!(
        sorted(SortOrder::UnitPriceAscending),
        ["b", "c", "e", "a", "f", "d"]
    );
    assert_eq!(
        sorted(SortOrder::UnitPriceDescending),
        ["f", "a", "e", "b", "c", "d"]
    );
    assert_eq!(sorted(SortOrder::Relevance), ["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn price_bands_cover_amounts() {
    let band = |s: &str| PriceBand::of(s.parse().unwrap());
    assert_eq!(band("0.01"), PriceBand::Under10);
    assert_eq!(band("9.99"), PriceBand::Under10);
    assert_eq!(band("10"), PriceBand::From10To50);
    assert_eq!(band("999.99"), PriceBand::From500To1000);
    assert_eq!(band("1000"), PriceBand::From1000);
    assert_eq!(PriceBand::From1000.bounds(), (Decimal::from(1000), None));
}

#[test]
fn bytes_round_trip() {
    for fx in [office(), shop(), Fixture::new(Vec::new())] {
        let bytes = fx.index.to_bytes();
        let back = SearchIndex::from_bytes(&bytes).unwrap();
        assert_eq!(back, fx.index);
        assert_eq!(back.to_bytes(), bytes);
    }
    let fx = demo();
    let bytes = fx.index.to_bytes();
    let back = SearchIndex::from_bytes(&bytes).unwrap();
    assert_eq!(back, fx.index);
    assert_eq!(
        SearchIndex::build(&fx.items).to_bytes(),
        bytes,
        "deterministic"
    );
    for text in ["复印纸", "stapeler", "", "4006381333931", "pap"] {
        let q = SearchQuery::text(text);
        assert_eq!(back.search(&fx.items, &q), fx.run(&q), "{text}");
    }
}

#[test]
fn corrupt_bytes_are_errors() {
    let bytes = office().index.to_bytes();
    assert_eq!(
        SearchIndex::from_bytes(b"nope"),
        Err(DecodeError::NotAnIndex)
    );
    let mut future = bytes.clone();
    future[4] = 99;
    assert_eq!(
        SearchIndex::from_bytes(&future),
        Err(DecodeError::Version(99))
    );
    for cut in (5..bytes.len()).step_by(3) {
        assert!(
            SearchIndex::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    // Flipped bytes never panic (they may still decode to some index).
    for at in 5..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x5a;
        let _ = SearchIndex::from_bytes(&flipped);
    }
}

#[test]
fn items_on_request_sort_last_and_are_in_no_price_band() {
    let fx = shop();
    let d = fx.items.iter().position(|i| i.id == "d").unwrap();
    assert!(fx.items[d].price_on_request());
    // Cheapest first or dearest first, an item with no price never ranks as cheapest.
    for sort in [
        SortOrder::UnitPriceAscending,
        SortOrder::UnitPriceDescending,
    ] {
        let ids = fx.ids(&SearchQuery {
            sort,
            ..SearchQuery::default()
        });
        assert_eq!(ids.last(), Some(&"d"), "{sort:?}");
    }
    // No band holds it, and the bands count only priced items.
    let all = fx.run(&SearchQuery::default());
    let banded: usize = all.facets.price_bands.iter().map(|(_, n)| n).sum();
    assert_eq!(banded, fx.items.len() - 1);
    for band in PriceBand::ALL {
        let query = SearchQuery {
            filters: SearchFilters {
                price_band: Some(band),
                ..SearchFilters::default()
            },
            ..SearchQuery::default()
        };
        assert!(!fx.ids(&query).contains(&"d"), "{band:?}");
    }
    // The stored index keeps it so.
    let back = SearchIndex::from_bytes(&fx.index.to_bytes()).unwrap();
    let q = SearchQuery {
        sort: SortOrder::UnitPriceAscending,
        ..SearchQuery::default()
    };
    assert_eq!(back.search(&fx.items, &q), fx.run(&q));
}
