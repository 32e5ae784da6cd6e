//! Search that does not leave the buyer empty-handed: the partial-match fallback, the
//! organisation's synonyms, a typo in a four-letter word, and prices sorted and banded in the
//! buyer's currency.

mod search_support;

use procura_catalog::catalog::{CatalogItem, PriceTier};
use procura_catalog::search::{
    ConvertedPrices, Match, PriceBand, SearchContext, SearchFilters, SearchQuery, SortOrder,
    SynonymError, Synonyms, MAX_GROUPS, MAX_TERMS_PER_GROUP, MAX_TERM_CHARS,
};
use procura_demo::demo;
use procura_ground::currency::Rates;
use procura_procurement::approval::Policy;
use rust_decimal::Decimal;
use search_support::{item, Fixture};
use std::collections::BTreeSet;

fn priced(id: &str, currency: &str, price: Option<Decimal>) -> CatalogItem {
    let mut it = item(id, "widget");
    it.currency = currency.into();
    it.price_tiers = price
        .map(|unit_price| PriceTier {
            min_qty: Decimal::ONE,
            unit_price,
        })
        .into_iter()
        .collect();
    it
}

fn all(text: &str) -> SearchQuery {
    SearchQuery {
        limit: usize::MAX,
        ..SearchQuery::text(text)
    }
}

fn ids(fx: &Fixture, query: &SearchQuery, context: &SearchContext<'_>) -> Vec<String> {
    fx.index
        .search_with(&fx.items, query, context)
        .hits
        .iter()
        .map(|h| fx.items[h.item].id.to_string())
        .collect()
}

fn copy_paper(fx: &Fixture) -> BTreeSet<usize> {
    (0..fx.items.len())
        .filter(|&i| fx.items[i].name.zh.contains("复印纸"))
        .collect()
}

#[test]
fn printing_paper_finds_copy_paper_through_the_demo_synonyms() {
    let fx = search_support::demo();
    let expected = copy_paper(fx);
    assert!(expected.len() > 100, "the demo has copy paper");
    let synonyms = demo::synonyms();
    let context = SearchContext {
        synonyms: Some(&synonyms),
        ..SearchContext::default()
    };
    let results = fx.index.search_with(&fx.items, &all("打印纸"), &context);
    assert_eq!(results.matched, Match::All);
    let hits: BTreeSet<usize> = results.hits.iter().map(|h| h.item).collect();
    assert!(expected.is_subset(&hits), "every copy paper is found");
    // Nothing but paper: copy paper, or the A4 … 纸 of the group's third term.
    for &i in &hits {
        let zh = &fx.items[i].name.zh;
        assert!(
            zh.contains("复印纸") || (zh.contains("A4") && zh.contains('纸')),
            "{zh}"
        );
    }
    // English multi-word synonyms, and the group applies inside a longer query.
    let a4 = fx.index.search_with(&fx.items, &all("A4 paper "), &context);
    let a4: BTreeSet<usize> = a4.hits.iter().map(|h| h.item).collect();
    assert!(expected.is_subset(&a4));
    let printer = fx
        .index
        .search_with(&fx.items, &all("printer paper 80g "), &context);
    assert!(printer.total > 0);
    assert!(printer.hits.iter().all(|h| expected.contains(&h.item)));
    // Without the synonyms, the query falls back to its closest matches, copy paper included.
    let plain = fx.run(&all("打印纸"));
    assert_eq!(
        plain.matched,
        Match::Partial {
            matched: 1,
            least: 1,
            of: 2
        }
    );
    let plain: BTreeSet<usize> = plain.hits.iter().map(|h| h.item).collect();
    assert!(expected.is_subset(&plain));
}

#[test]
fn papr_finds_paper_in_the_demo_catalog() {
    let fx = search_support::demo();
    let expected = copy_paper(fx);
    for text in ["papr", "papr ", "Papr a4"] {
        let results = fx.run(&all(text));
        assert_eq!(results.matched, Match::All, "{text}");
        let hits: BTreeSet<usize> = results.hits.iter().map(|h| h.item).collect();
        assert!(expected.is_subset(&hits), "{text}");
    }
}

#[test]
fn four_letter_words_take_a_typo_only_when_nothing_matches_as_typed() {
    let fx = Fixture::new(vec![
        item("1", "window pane"),
        item("2", "pine shelf"),
        item("3", "ream of paper"),
    ]);
    let none = SearchContext::default();
    // `pane` is a word: `pine`, one edit away, stays out.
    assert_eq!(ids(&fx, &all("pane "), &none), ["1"]);
    // `pxne` is not: both words one edit away match.
    let mut typo = ids(&fx, &all("pxne "), &none);
    typo.sort();
    assert_eq!(typo, ["1", "2"]);
    assert_eq!(ids(&fx, &all("papr "), &none), ["3"]);
    // Typed last, `pape` is the start of `paper`: no typo.
    assert_eq!(ids(&fx, &all("pape"), &none), ["3"]);
    // Three letters never take a typo.
    assert!(ids(&fx, &all("pxn "), &none).is_empty());
}

#[test]
fn partial_matches_need_half_the_words_and_rank_by_how_many() {
    let fx = Fixture::new(vec![
        item("red-stapler", "red stapler"),
        item("blue-stapler", "blue stapler"),
        item("red-pen", "red pen"),
        item("red-heavy-stapler", "red heavy duty stapler"),
    ]);
    let none = SearchContext::default();
    // All words match one item: no fallback.
    let full = fx.run(&all("red heavy stapler"));
    assert_eq!(full.matched, Match::All);
    assert_eq!(full.total, 1);
    // Three words, none matching all: two of three needed.
    let results = fx.run(&all("red stapler green"));
    assert_eq!(
        results.matched,
        Match::Partial {
            matched: 2,
            least: 2,
            of: 3
        }
    );
    let mut got = ids(&fx, &all("red stapler green"), &none);
    got.sort();
    assert_eq!(got, ["red-heavy-stapler", "red-stapler"]);
    // Four words: two needed; three matched rank above two, one is not enough.
    let got = ids(&fx, &all("red heavy stapler green"), &none);
    assert_eq!(got, ["red-heavy-stapler", "red-stapler"]);
    // Fewer than half: nothing, and no partial flag.
    let nothing = fx.run(&all("green yellow stapler"));
    assert_eq!((nothing.total, nothing.matched), (0, Match::All));
    // One word that matches nothing has no fallback.
    let one = fx.run(&all("green "));
    assert_eq!((one.total, one.matched), (0, Match::All));
    // Filters still apply to the fallback, and facets count it.
    let filtered = fx.run(&SearchQuery {
        filters: SearchFilters {
            suppliers: vec!["nobody".into()],
            ..SearchFilters::default()
        },
        ..all("red stapler green")
    });
    assert_eq!(filtered.total, 0);
    assert_eq!(filtered.facets.suppliers, [("acme".to_owned(), 2)]);
}

#[test]
fn cjk_fallback_counts_bigrams() {
    let fx = Fixture::new(vec![
        {
            let mut it = item("copy", "copy paper");
            it.name.zh = "A4 复印纸".into();
            it
        },
        {
            let mut it = item("printer", "printer");
            it.name.zh = "激光打印机".into();
            it
        },
        {
            let mut it = item("pen", "pen");
            it.name.zh = "圆珠笔".into();
            it
        },
    ]);
    let results = fx.run(&all("打印纸"));
    assert!(matches!(results.matched, Match::Partial { of: 2, .. }));
    let got: BTreeSet<String> = ids(&fx, &all("打印纸"), &SearchContext::default())
        .into_iter()
        .collect();
    assert_eq!(got, BTreeSet::from(["copy".into(), "printer".into()]));
    // With a synonym group, only the copy paper, as a full match.
    let synonyms = Synonyms::parse("打印纸 = 复印纸").unwrap();
    let context = SearchContext {
        synonyms: Some(&synonyms),
        ..SearchContext::default()
    };
    assert_eq!(ids(&fx, &all("打印纸"), &context), ["copy"]);
    assert_eq!(ids(&fx, &all("A4 打印纸"), &context), ["copy"]);
}

fn rates() -> Rates {
    let mut rates = Rates::new("CNY").unwrap();
    rates.set("EUR", Decimal::new(780, 2)).unwrap();
    rates
}

fn price_fixture() -> Fixture {
    Fixture::new(vec![
        priced("cny-50", "CNY", Some(Decimal::from(50))),
        priced("eur-10", "EUR", Some(Decimal::from(10))), // 78 CNY
        priced("cny-100", "CNY", Some(Decimal::from(100))),
        priced("usd-1", "USD", Some(Decimal::ONE)), // no rate
        priced("none", "CNY", None),
        priced("eur-5", "EUR", Some(Decimal::from(5))), // 39 CNY
    ])
}

#[test]
fn price_sort_converts_to_the_buyers_currency() {
    let fx = price_fixture();
    let prices = ConvertedPrices::new(&fx.items, &rates());
    let context = SearchContext {
        prices: Some(&prices),
        ..SearchContext::default()
    };
    let query = |sort| SearchQuery { sort, ..all("") };
    assert_eq!(
        ids(&fx, &query(SortOrder::UnitPriceAscending), &context),
        ["eur-5", "cny-50", "eur-10", "cny-100", "usd-1", "none"]
    );
    assert_eq!(
        ids(&fx, &query(SortOrder::UnitPriceDescending), &context),
        ["cny-100", "eur-10", "cny-50", "eur-5", "usd-1", "none"]
    );
    // Without rates, raw amounts (the old behaviour): 1 USD and 5 EUR first.
    assert_eq!(
        ids(
            &fx,
            &query(SortOrder::UnitPriceAscending),
            &SearchContext::default()
        ),
        ["usd-1", "eur-5", "eur-10", "cny-50", "cny-100", "none"]
    );
    // Paging agrees with the full order.
    let page = fx.index.search_with(
        &fx.items,
        &SearchQuery {
            sort: SortOrder::UnitPriceAscending,
            offset: 2,
            limit: 2,
            ..SearchQuery::default()
        },
        &context,
    );
    let page: Vec<&str> = page
        .hits
        .iter()
        .map(|h| fx.items[h.item].id.as_str())
        .collect();
    assert_eq!(page, ["eur-10", "cny-100"]);
}

#[test]
fn items_without_a_rate_go_last_and_are_marked() {
    let fx = price_fixture();
    let prices = ConvertedPrices::new(&fx.items, &rates());
    let context = SearchContext {
        prices: Some(&prices),
        ..SearchContext::default()
    };
    for sort in [
        SortOrder::Relevance,
        SortOrder::UnitPriceAscending,
        SortOrder::UnitPriceDescending,
    ] {
        let results = fx
            .index
            .search_with(&fx.items, &SearchQuery { sort, ..all("") }, &context);
        let marked: Vec<&str> = results
            .hits
            .iter()
            .filter(|h| h.no_rate)
            .map(|h| fx.items[h.item].id.as_str())
            .collect();
        assert_eq!(marked, ["usd-1"], "{sort:?}");
    }
    // Without rates nothing is marked.
    let plain = fx.run(&all(""));
    assert!(plain.hits.iter().all(|h| !h.no_rate));
}

#[test]
fn price_bands_are_in_the_buyers_currency() {
    let fx = price_fixture();
    let prices = ConvertedPrices::new(&fx.items, &rates());
    let context = SearchContext {
        prices: Some(&prices),
        ..SearchContext::default()
    };
    let results = fx.index.search_with(&fx.items, &all(""), &context);
    assert_eq!(
        results.facets.price_bands,
        [
            (PriceBand::From10To50, 1),  // 5 EUR = 39 CNY
            (PriceBand::From50To100, 2), // 50 CNY, 10 EUR = 78 CNY
            (PriceBand::From100To500, 1),
        ]
    );
    let band = |band| {
        let query = SearchQuery {
            filters: SearchFilters {
                price_band: Some(band),
                ..SearchFilters::default()
            },
            ..all("")
        };
        let mut got = ids(&fx, &query, &context);
        got.sort();
        got
    };
    assert_eq!(band(PriceBand::From50To100), ["cny-50", "eur-10"]);
    assert_eq!(band(PriceBand::Under10), Vec::<String>::new());
    // Raw amounts without rates: 1 USD and 5 EUR are under 10.
    let raw = fx.run(&all(""));
    assert_eq!(raw.facets.price_bands[0], (PriceBand::Under10, 2));
}

#[test]
fn synonym_lists_are_bounded_with_codes() {
    let group = |n: usize| -> Vec<String> { (0..n).map(|i| format!("term{i}")).collect() };
    let many: Vec<Vec<String>> = (0..=MAX_GROUPS)
        .map(|g| vec![format!("a{g}"), format!("b{g}")])
        .collect();
    let err = Synonyms::new(many.clone()).unwrap_err();
    assert_eq!(err.code(), "synonyms_too_many_groups");
    assert!(Synonyms::new(many[..MAX_GROUPS].to_vec()).is_ok());
    let err = Synonyms::new(vec![group(MAX_TERMS_PER_GROUP + 1)]).unwrap_err();
    assert_eq!(err.code(), "synonyms_too_many_terms");
    assert!(Synonyms::new(vec![group(MAX_TERMS_PER_GROUP)]).is_ok());
    let long = "纸".repeat(MAX_TERM_CHARS + 1);
    let err = Synonyms::new(vec![vec!["paper".into(), long]]).unwrap_err();
    assert_eq!(err.code(), "synonyms_term_too_long");
    assert!(Synonyms::new(vec![vec!["paper".into(), "纸".repeat(MAX_TERM_CHARS)]]).is_ok());
    let err = Synonyms::parse("paper = PAPER").unwrap_err();
    assert_eq!(err, SynonymError::TooFewTerms { group: 1 });
    assert_eq!(err.code(), "synonyms_too_few_terms");
    let err = Synonyms::parse("a = b\n# note\n\nc = --").unwrap_err();
    assert_eq!((err.code(), err.group()), ("synonyms_empty_term", Some(2)));
    let err = Synonyms::parse("pen = biro\nBiro = ballpoint").unwrap_err();
    assert_eq!((err.code(), err.group()), ("synonyms_duplicate", Some(2)));
    // The editor's text round-trips.
    let list = Synonyms::parse(" 打印纸 =复印纸 \n\nA4 paper = copy paper = A4 paper").unwrap();
    assert_eq!(list.to_text(), "打印纸 = 复印纸\nA4 paper = copy paper");
    assert_eq!(Synonyms::parse(&list.to_text()).unwrap(), list);
}

#[test]
fn synonyms_live_in_the_policy_and_old_policies_still_read() {
    let policy = demo::policy();
    assert!(!policy.synonyms.is_empty());
    let json = policy.to_json();
    assert_eq!(Policy::from_json(&json).unwrap(), policy);
    // A policy stored before synonyms existed.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value.as_object_mut().unwrap().remove("synonyms");
    let old = Policy::from_json(&value.to_string()).unwrap();
    assert!(old.synonyms.is_empty());
    // An over-long list is refused when read.
    value["synonyms"] = serde_json::json!([["a", "a"]]);
    assert!(Policy::from_json(&value.to_string()).is_err());
    let groups: Vec<Vec<String>> = (0..=MAX_GROUPS)
        .map(|g| vec![format!("a{g}"), format!("b{g}")])
        .collect();
    value["synonyms"] = serde_json::json!(groups);
    let err = Policy::from_json(&value.to_string()).unwrap_err();
    assert!(err.to_string().contains("synonym groups"), "{err}");
}
