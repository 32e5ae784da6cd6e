//! The category tree: UNSPSC segments, and below a chosen segment its families, each with the
//! number of items a click on it would show.

use procura_catalog::search::{SearchFilters, SearchIndex, SearchQuery};
use procura_demo::demo;

#[test]
fn choosing_a_segment_lists_its_families_with_true_counts() {
    let items: Vec<_> = demo::suppliers(3)
        .iter()
        .flat_map(|s| demo::generate_catalog(5, s, 400))
        .collect();
    let index = SearchIndex::build(&items);
    let run = |filters: SearchFilters| {
        index.search(
            &items,
            &SearchQuery {
                filters,
                limit: items.len(),
                ..SearchQuery::default()
            },
        )
    };
    let office = SearchFilters {
        segments: vec!["44".into()],
        ..SearchFilters::default()
    };
    let in_segment = run(office.clone());
    let families = &in_segment.facets.families;
    assert!(families.len() >= 2, "{families:?}");
    assert!(
        families.iter().all(|(f, _)| f.starts_with("44")),
        "{families:?}"
    );
    assert_eq!(
        families.iter().map(|(_, n)| n).sum::<usize>(),
        in_segment.total,
        "every item of the segment is in exactly one family"
    );
    for (family, n) in families {
        let chosen = run(SearchFilters {
            families: vec![family.clone()],
            ..office.clone()
        });
        assert_eq!(chosen.total, *n, "{family}");
        assert!(chosen
            .hits
            .iter()
            .all(|h| items[h.item].unspsc.starts_with(family.as_str())));
        // Siblings stay listed with their counts, so the buyer can switch family.
        assert_eq!(&chosen.facets.families, families);
    }
}

#[test]
fn the_family_level_survives_the_persisted_index() {
    let items = demo::generate_catalog(9, &demo::suppliers(1)[0], 300);
    let index = SearchIndex::build(&items);
    let decoded = SearchIndex::from_bytes(&index.to_bytes()).unwrap();
    let query = SearchQuery {
        filters: SearchFilters {
            families: vec!["4412".into()],
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    };
    assert_eq!(index.search(&items, &query), decoded.search(&items, &query));
    assert!(index.search(&items, &query).total > 0);
}
