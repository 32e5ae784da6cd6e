//! The catalog search index on the seeded demo catalog: browsing order, paging, every code and
//! word finding its items, and facet counts equal to filtered totals.

mod search_support;

use procura_catalog::catalog::{CatalogFilter, CatalogItem, Lang};
use procura_catalog::search::{PriceBand, SearchFilters, SearchQuery, SortOrder};
use search_support::demo;
use std::collections::BTreeSet;

#[test]
fn browsing_orders_by_name_like_the_list_filter() {
    let fx = demo();
    for lang in [Lang::En, Lang::ZhCn] {
        let query = SearchQuery {
            lang,
            ..SearchQuery::default()
        };
        let results = fx.run(&query);
        assert_eq!(results.total, fx.items.len());
        let naive = CatalogFilter::default().apply(&fx.items, lang);
        let hits: Vec<usize> = results.hits.iter().map(|h| h.item).collect();
        assert_eq!(hits, naive[..50], "{lang:?}");
    }
    // Browsing with a filter is the list filter with that filter.
    let query = SearchQuery {
        filters: SearchFilters {
            suppliers: vec!["labcore".into()],
            segments: vec!["46".into()],
            in_stock_only: true,
            ..SearchFilters::default()
        },
        limit: usize::MAX,
        ..SearchQuery::default()
    };
    let naive = CatalogFilter {
        supplier_id: Some("labcore".into()),
        segment: Some("46".into()),
        in_stock_only: true,
        ..CatalogFilter::default()
    }
    .apply(&fx.items, Lang::En);
    let hits: Vec<usize> = fx.run(&query).hits.iter().map(|h| h.item).collect();
    assert!(!naive.is_empty());
    assert_eq!(hits, naive);
}

#[test]
fn pages_add_up_to_the_whole() {
    let fx = demo();
    for (text, sort) in [
        ("paper", SortOrder::Relevance),
        ("", SortOrder::UnitPriceAscending),
        ("nitrile glov", SortOrder::UnitPriceDescending),
    ] {
        let query = |offset, limit| SearchQuery {
            text: text.into(),
            sort,
            offset,
            limit,
            ..SearchQuery::default()
        };
        let whole = fx.run(&query(0, usize::MAX));
        assert!(whole.total > 30, "{text:?}: {}", whole.total);
        let mut paged = Vec::new();
        for page in 0.. {
            let results = fx.run(&query(page * 7, 7));
            assert_eq!(results.total, whole.total);
            assert_eq!(results.facets, whole.facets);
            if results.hits.is_empty() {
                break;
            }
            paged.extend(results.hits);
        }
        assert_eq!(paged, whole.hits, "{text:?}");
        assert!(fx.run(&query(whole.total, 10)).hits.is_empty());
    }
}

#[test]
fn every_demo_code_finds_its_item_first() {
    let fx = demo();
    for item in fx.items.iter().step_by(97) {
        let gtin = item.gtin.as_deref().unwrap();
        let first = |text: &str| {
            let results = fx.run(&SearchQuery::text(text));
            &fx.items[results.hits[0].item]
        };
        assert_eq!(first(gtin).gtin.as_deref(), Some(gtin));
        assert_eq!(first(&item.sku).id, item.id);
        let mpn = item.mpn.to_lowercase().replace('-', "");
        assert_eq!(first(&mpn).mpn, item.mpn, "{mpn}");
        // Offers of the same product (same GTIN) all come before anything else.
        let results = fx.run(&SearchQuery {
            limit: usize::MAX,
            ..SearchQuery::text(gtin)
        });
        let same = fx
            .items
            .iter()
            .filter(|i| i.gtin.as_deref() == Some(gtin))
            .count();
        assert!(results.hits[..same]
            .iter()
            .all(|h| fx.items[h.item].gtin.as_deref() == Some(gtin)));
    }
}

/// Every text field an item is searched by.
fn texts(item: &CatalogItem) -> [&str; 8] {
    [
        &item.name.en,
        &item.name.zh,
        &item.manufacturer,
        &item.description.en,
        &item.description.zh,
        &item.sku,
        &item.mpn,
        item.gtin.as_deref().unwrap_or(""),
    ]
}

#[test]
fn demo_chinese_queries_match_exactly_the_items_containing_them() {
    let fx = demo();
    for text in [
        "复印纸",
        "笔记本",
        "笔记本电脑",
        "电脑",
        "纸",
        "制造商型号",
        "擦拭纸",
        "吸头",
    ] {
        let expected: BTreeSet<usize> = (0..fx.items.len())
            .filter(|&i| texts(&fx.items[i]).iter().any(|t| t.contains(text)))
            .collect();
        let results = fx.run(&SearchQuery {
            limit: usize::MAX,
            ..SearchQuery::text(text)
        });
        let got: BTreeSet<usize> = results.hits.iter().map(|h| h.item).collect();
        assert!(!expected.is_empty(), "{text}");
        assert_eq!(results.total, expected.len(), "{text}");
        assert_eq!(got, expected, "{text}");
    }
}

#[test]
fn demo_words_find_every_item_containing_them() {
    let fx = demo();
    let whole_word = |t: &str, word: &str| {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
    };
    let containing = |word: &str| -> BTreeSet<usize> {
        (0..fx.items.len())
            .filter(|&i| texts(&fx.items[i]).iter().any(|t| whole_word(t, word)))
            .collect()
    };
    let ids = |text: &str| -> Vec<usize> {
        let q = SearchQuery {
            limit: usize::MAX,
            ..SearchQuery::text(text)
        };
        fx.run(&q).hits.iter().map(|h| h.item).collect()
    };
    for text in ["stapler", "paper", "nitrile", "lumetra", "a4", "gloves"] {
        let hits = ids(text);
        let got: BTreeSet<usize> = hits.iter().copied().collect();
        let expected = containing(text);
        assert!(!expected.is_empty(), "{text}");
        assert!(got.is_superset(&expected), "{text}");
        // Items with the word in their name rank before those without.
        let in_name: Vec<bool> = hits
            .iter()
            .map(|&i| whole_word(&fx.items[i].name.en, text))
            .collect();
        assert!(in_name.windows(2).all(|w| w[0] || !w[1]), "{text}");
    }
    // A typo finds every stapler; a finished word (trailing space) is no prefix.
    let set = |text| ids(text).into_iter().collect::<BTreeSet<_>>();
    assert!(set("stapeler").is_superset(&containing("stapler")));
    assert!(set("monitr").is_superset(&containing("monitor")));
    assert!(set("stap").is_superset(&containing("staples")));
    assert!(set("stap ").is_empty());
}

#[test]
fn demo_facet_counts_equal_the_filtered_totals() {
    let fx = demo();
    let base = SearchQuery {
        text: "pap".into(),
        filters: SearchFilters {
            suppliers: vec!["officeplus".into(), "labcore".into()],
            in_stock_only: true,
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    };
    let facets = fx.run(&base).facets;
    let total = |f: &dyn Fn(&mut SearchFilters)| {
        let mut q = base.clone();
        f(&mut q.filters);
        let results = fx.run(&q);
        // Every hit really passes the filters.
        for hit in &results.hits {
            let item = &fx.items[hit.item];
            let filters = &q.filters;
            assert!(
                filters.suppliers.is_empty()
                    || filters.suppliers.contains(&item.supplier_id.to_string())
            );
            assert!(!filters.in_stock_only || item.in_stock());
            assert!(filters
                .price_band
                .is_none_or(|b| item.list_price().map(PriceBand::of) == Some(b)));
        }
        results.total
    };
    assert!(facets.suppliers.len() >= 3, "{:?}", facets.suppliers);
    for (s, n) in &facets.suppliers {
        assert_eq!(*n, total(&|f| f.suppliers = vec![s.clone()]), "{s}");
    }
    for (s, n) in &facets.segments {
        assert_eq!(*n, total(&|f| f.segments = vec![s.clone()]), "{s}");
    }
    for (m, n) in &facets.manufacturers {
        assert_eq!(*n, total(&|f| f.manufacturers = vec![m.clone()]), "{m}");
    }
    for &(b, n) in &facets.price_bands {
        assert_eq!(n, total(&|f| f.price_band = Some(b)), "{b:?}");
    }
    assert_eq!(facets.in_stock, total(&|_| {}));
    assert_eq!(
        facets.suppliers.iter().map(|(_, n)| n).sum::<usize>(),
        total(&|f| f.suppliers.clear())
    );
}
