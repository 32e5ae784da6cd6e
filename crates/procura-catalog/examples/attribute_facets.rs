//! Attribute facets at catalog scale: 5 suppliers × 20,000 demo items, each given 12 attributes
//! (values spread as real value lists are), searched with the largest UNSPSC segment in view,
//! with and without an attribute chosen. Prints the index build time with and without the
//! attributes and per-query p50/max over 10 repetitions.
//!
//! `cargo run --release -p procura-catalog --example attribute_facets`

use procura_catalog::catalog::attribute::Attribute;
use procura_catalog::catalog::{CatalogItem, LocalizedText};
use procura_catalog::search::{AttributeChoice, SearchFilters, SearchIndex, SearchQuery};
use procura_demo::demo;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const REPS: usize = 10;

fn with_attributes(mut item: CatalogItem, n: usize) -> CatalogItem {
    item.attributes = (0..12)
        .map(|a| Attribute {
            name: LocalizedText::new(format!("Feature {a}"), ""),
            values: vec![format!("{}", (n * (a + 3)) % (4 + a * 3))],
            unit: (a % 3 == 0).then(|| "MMT".to_owned()),
            ..Attribute::default()
        })
        .collect();
    item
}

fn time(reps: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::new();
    let mut out = 0;
    for _ in 0..reps {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[reps / 2], times[reps - 1], out)
}

fn main() {
    let plain: Vec<CatalogItem> = demo::suppliers(5)
        .iter()
        .flat_map(|s| demo::generate_catalog(42, s, 20_000))
        .collect();
    let mut items: Vec<CatalogItem> = plain
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, i)| with_attributes(i, n))
        .collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let (build_plain, _, _) = time(3, || SearchIndex::build(&plain).len());
    let (build, _, _) = time(3, || SearchIndex::build(&items).len());
    println!(
        "{} items × 12 attributes; index build {build_plain:?} without attributes, {build:?} with",
        items.len()
    );
    let index = SearchIndex::build(&items);
    let mut segments: HashMap<&str, usize> = HashMap::new();
    for i in &items {
        *segments.entry(&i.unspsc[..2]).or_default() += 1;
    }
    let (segment, in_view) = segments.into_iter().max_by_key(|(_, n)| *n).unwrap();
    let in_segment = SearchFilters {
        segments: vec![segment.to_owned()],
        ..SearchFilters::default()
    };
    let cases = [
        (
            "no category in view (no attribute facets)",
            SearchFilters::default(),
        ),
        ("largest segment in view", in_segment.clone()),
        (
            "largest segment, one value chosen",
            SearchFilters {
                attributes: vec![AttributeChoice {
                    key: "Feature 3".into(),
                    value: "2".into(),
                }],
                ..in_segment
            },
        ),
    ];
    for (what, filters) in cases {
        let query = SearchQuery {
            filters,
            ..SearchQuery::default()
        };
        let (p50, max, total) = time(REPS, || {
            let r = index.search(&items, &query);
            r.total + r.facets.attributes.len()
        });
        println!("{what} ({in_view} items in the segment): p50 {p50:?}, max {max:?} (total + facets {total})");
    }
}
