//! Search index benchmark on the demo catalog: 5 suppliers × 20,000 items, seed 42.
//!
//! `cargo run --release -p procura-catalog --example search_bench [-- --build-only]`
//!
//! Prints build, encode and decode times, sizes, and per-query p50/p95 over 20 repetitions,
//! next to the naive list filter (`CatalogFilter::apply`) on the same text.

use procura_catalog::catalog::{CatalogFilter, CatalogItem, Lang};
use procura_catalog::search::{PriceBand, SearchFilters, SearchIndex, SearchQuery, SortOrder};
use procura_demo::demo;
use std::time::{Duration, Instant};

const SEED: u64 = 42;
const REPS: usize = 20;
const NAIVE_REPS: usize = 3;

struct Case {
    kind: &'static str,
    query: SearchQuery,
}

fn text(kind: &'static str, text: &str) -> Case {
    Case {
        kind,
        query: SearchQuery::text(text),
    }
}

fn filtered(text: &str, filters: SearchFilters, sort: SortOrder) -> Case {
    Case {
        kind: "facet",
        query: SearchQuery {
            text: text.into(),
            filters,
            sort,
            ..SearchQuery::default()
        },
    }
}

fn cases(items: &[CatalogItem]) -> Vec<Case> {
    let mut cases = Vec::new();
    let words = [
        "paper",
        "stapler",
        "monitor",
        "gloves",
        "nitrile",
        "toner",
        "keyboard",
        "batteries",
        "envelopes",
        "beaker",
        "laptop",
        "mouse",
    ];
    cases.extend(words.iter().map(|w| text("single", &format!("{w} "))));
    let prefixes = [
        "pap", "stap", "moni", "glo", "key", "lapt", "cent", "pipe", "env", "hig",
    ];
    cases.extend(prefixes.iter().map(|p| text("prefix", p)));
    let multi = [
        "copy paper a4",
        "nitrile gloves",
        "usb flash drive",
        "lumetra monitor",
        "ballpoint pen blue",
        "network cable cat",
        "safety glasses anti",
        "gel pen black",
        "lever arch file",
        "centrifuge tubes sterile",
    ];
    cases.extend(multi.iter().map(|m| text("multi", m)));
    let typos = [
        "stapeler",
        "monitr",
        "keybaord",
        "nitirle",
        "envelops",
        "laptpo",
        "centrifge",
        "batteires",
    ];
    cases.extend(typos.iter().map(|t| text("typo", t)));
    let chinese = [
        "复印纸",
        "笔记本",
        "笔记本电脑",
        "显示器",
        "手套",
        "丁腈手套",
        "纸",
        "订书机",
        "A4 复印纸",
        "硒鼓",
    ];
    cases.extend(chinese.iter().map(|c| text("chinese", c)));
    for &i in &[123, 45_678, 99_001] {
        cases.push(text("gtin", items[i].gtin.as_deref().unwrap_or("")));
    }
    for &i in &[7, 61_234] {
        cases.push(text("sku", &items[i].sku));
    }
    cases.push(text("mpn", &items[2_024].mpn));
    cases.push(text(
        "mpn",
        &items[77_777].mpn.to_lowercase().replace('-', ""),
    ));
    let f = SearchFilters::default;
    cases.push(filtered(
        "paper",
        SearchFilters {
            suppliers: vec!["officeplus".into()],
            ..f()
        },
        SortOrder::Relevance,
    ));
    cases.push(filtered(
        "pen",
        SearchFilters {
            segments: vec!["44".into()],
            in_stock_only: true,
            ..f()
        },
        SortOrder::Relevance,
    ));
    cases.push(filtered(
        "",
        SearchFilters {
            suppliers: vec!["labcore".into()],
            ..f()
        },
        SortOrder::Relevance,
    ));
    cases.push(filtered(
        "gloves",
        SearchFilters {
            price_band: Some(PriceBand::From10To50),
            ..f()
        },
        SortOrder::Relevance,
    ));
    cases.push(filtered("", f(), SortOrder::UnitPriceAscending));
    cases.push(filtered(
        "cable",
        SearchFilters {
            in_stock_only: true,
            ..f()
        },
        SortOrder::UnitPriceDescending,
    ));
    cases.push(filtered(
        "",
        SearchFilters {
            manufacturers: vec!["Nordline".into()],
            ..f()
        },
        SortOrder::Relevance,
    ));
    cases
}

/// Durations sorted, then the value at `p` percent.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[((sorted.len() - 1) * p + 50) / 100]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The naive filter's closest equivalent of a query (it knows no price band or manufacturer).
fn naive(query: &SearchQuery) -> CatalogFilter {
    CatalogFilter {
        text: query.text.clone(),
        supplier_id: query.filters.suppliers.first().cloned(),
        segment: query.filters.segments.first().cloned(),
        in_stock_only: query.filters.in_stock_only,
    }
}

fn main() {
    let started = Instant::now();
    let items: Vec<CatalogItem> = demo::suppliers(5)
        .iter()
        .flat_map(|s| demo::generate_catalog(SEED, s, 20_000))
        .collect();
    println!(
        "catalog: {} items generated in {:.0} ms",
        items.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut builds = Vec::new();
    let mut index = None;
    for _ in 0..3 {
        let t = Instant::now();
        index = Some(SearchIndex::build(&items));
        builds.push(t.elapsed());
    }
    let index = index.expect("built");
    builds.sort();
    let t = Instant::now();
    let bytes = index.to_bytes();
    let encode = t.elapsed();
    let t = Instant::now();
    let decoded = SearchIndex::from_bytes(&bytes).expect("round trip");
    let decode = t.elapsed();
    assert!(decoded == index);
    println!(
        "build: median {:.0} ms (of {:?} ms)",
        builds[1].as_secs_f64() * 1e3,
        builds.iter().map(|d| d.as_millis()).collect::<Vec<_>>()
    );
    println!(
        "index: {} terms, {} postings, ~{:.1} MB in memory, {:.1} MB serialized (encode {:.0} ms, decode {:.0} ms)",
        index.term_count(),
        index.posting_count(),
        index.heap_bytes() as f64 / 1e6,
        bytes.len() as f64 / 1e6,
        encode.as_secs_f64() * 1e3,
        decode.as_secs_f64() * 1e3
    );

    if std::env::args().any(|a| a == "--build-only") {
        return;
    }
    let cases = cases(&items);
    println!(
        "\n{} queries × {REPS} repetitions (naive filter × {NAIVE_REPS})",
        cases.len()
    );
    println!(
        "{:<8} {:<28} {:>7} {:>9} {:>9} {:>11} {:>8}",
        "kind", "query", "total", "p50 µs", "p95 µs", "naive p50", "ratio"
    );
    let mut all = Vec::new();
    let (mut ours_sum, mut naive_sum) = (0.0, 0.0);
    for case in &cases {
        let mut times = Vec::with_capacity(REPS);
        let mut total = 0;
        for _ in 0..REPS {
            let t = Instant::now();
            let results = index.search(&items, &case.query);
            times.push(t.elapsed());
            total = std::hint::black_box(results).total;
        }
        times.sort();
        let mut naive_times: Vec<Duration> = (0..NAIVE_REPS)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(naive(&case.query).apply(&items, Lang::En));
                t.elapsed()
            })
            .collect();
        naive_times.sort();
        let (p50, naive_p50) = (percentile(&times, 50), percentile(&naive_times, 50));
        ours_sum += micros(p50);
        naive_sum += micros(naive_p50);
        println!(
            "{:<8} {:<28} {:>7} {:>9.1} {:>9.1} {:>11.0} {:>7.0}×",
            case.kind,
            format!("{:?}", case.query.text),
            total,
            micros(p50),
            micros(percentile(&times, 95)),
            micros(naive_p50),
            micros(naive_p50) / micros(p50)
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "\noverall: p50 {:.1} µs, p95 {:.1} µs, max {:.1} µs over {} runs",
        micros(percentile(&all, 50)),
        micros(percentile(&all, 95)),
        micros(*all.last().expect("runs")),
        all.len()
    );
    println!(
        "sum of per-query p50: index {:.2} ms, naive filter {:.1} ms ({:.0}× faster)",
        ours_sum / 1e3,
        naive_sum / 1e3,
        naive_sum / ours_sum
    );
}
