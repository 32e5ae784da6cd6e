//! What the organisation's context costs a search: the demo catalog (5 suppliers × 20,000
//! items, seed 42) queried with `search` (no synonyms, raw prices) and with `search_with`
//! (the demo synonyms and the illustrative CNY rates, prices converted once beforehand), median of 20 runs per query.
//!
//! `cargo run --release -p procura-catalog --example search_context_bench`

use procura_catalog::search::{
    ConvertedPrices, SearchContext, SearchIndex, SearchQuery, SortOrder,
};
use procura_demo::demo;
use procura_ground::currency::Rates;
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let items: Vec<_> = demo::suppliers(5)
        .iter()
        .flat_map(|s| demo::generate_catalog(42, s, 20_000))
        .collect();
    let index = SearchIndex::build(&items);
    let synonyms = demo::synonyms();
    let rates = Rates::illustrative("CNY").expect("CNY is a currency");
    let t = Instant::now();
    let prices = ConvertedPrices::new(&items, &rates);
    println!(
        "converting {} prices once: {:.2}ms",
        prices.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let context = SearchContext {
        synonyms: Some(&synonyms),
        prices: Some(&prices),
    };
    let rates_only = SearchContext {
        synonyms: None,
        prices: Some(&prices),
    };
    let queries = [
        ("browse", SearchQuery::default()),
        (
            "browse, price ascending",
            SearchQuery {
                sort: SortOrder::UnitPriceAscending,
                ..SearchQuery::default()
            },
        ),
        ("paper", SearchQuery::text("paper ")),
        (
            "paper, price ascending",
            SearchQuery {
                sort: SortOrder::UnitPriceAscending,
                ..SearchQuery::text("paper ")
            },
        ),
        ("复印纸", SearchQuery::text("复印纸")),
        ("打印纸 (synonym / fallback)", SearchQuery::text("打印纸")),
        ("papr (4-letter typo)", SearchQuery::text("papr ")),
        (
            "copy paper purple (fallback)",
            SearchQuery::text("copy paper purple"),
        ),
    ];
    println!(
        "{:<32} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "query", "search", "rates only", "search_with", "hits", "hits+"
    );
    for (name, query) in &queries {
        let mut plain = Vec::new();
        let mut with = Vec::new();
        let mut rated = Vec::new();
        let (mut n, mut m) = (0, 0);
        for _ in 0..20 {
            let t = Instant::now();
            n = index.search(&items, query).total;
            plain.push(t.elapsed());
            let t = Instant::now();
            index.search_with(&items, query, &rates_only);
            rated.push(t.elapsed());
            let t = Instant::now();
            m = index.search_with(&items, query, &context).total;
            with.push(t.elapsed());
        }
        println!(
            "{name:<32} {:>10.2}ms {:>10.2}ms {:>10.2}ms {n:>8} {m:>8}",
            median(plain).as_secs_f64() * 1e3,
            median(rated).as_secs_f64() * 1e3,
            median(with).as_secs_f64() * 1e3
        );
    }
}
