use super::*;
use crate::catalog::samples::pens;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Item `sku` of `supplier`, with `stock` to tell versions apart.
fn item(supplier: &str, sku: &str, stock: u32) -> CatalogItem {
    let mut item = pens();
    item.id = CatalogItem::make_id(supplier, sku);
    item.supplier_id = supplier.into();
    item.sku = sku.into();
    item.stock = Some(stock);
    item
}

fn roundtrip(chunks: &[ChunkRef<'_>]) -> Vec<Chunk> {
    chunks
        .iter()
        .map(|c| decode(&c.encode()).unwrap())
        .collect()
}

#[test]
fn a_chunk_reads_back_as_written() {
    let (a, b) = (item("office", "A", 1), item("office", "B", 2));
    let chunk = ChunkRef {
        puts: vec![&a, &b],
        deletes: vec!["office/C"],
    };
    let read = decode(&chunk.encode()).unwrap();
    assert_eq!(read.puts, vec![a, b]);
    assert_eq!(read.deletes, vec!["office/C".to_owned()]);
}

#[test]
fn a_snapshot_list_reads_back_through_the_shared_item_reader() {
    let items = vec![item("office", "A", 1), item("lab", "B", 2)];
    let bytes = rmp_serde::to_vec(&items).unwrap();
    assert_eq!(decode_items(&bytes).unwrap(), items);
    // The list the snapshot stores reads the same as the generic reader reads it.
    assert_eq!(
        rmp_serde::from_slice::<Vec<CatalogItem>>(&bytes).unwrap(),
        items
    );
    assert!(decode_items(&bytes[..bytes.len() / 2]).is_err());
    assert!(decode_items(b"\xc1").is_err());
}

#[test]
fn later_entries_override_earlier_ones_and_tombstones_hide_earlier_puts() {
    let (a1, b1, a2, c1) = (
        item("office", "A", 1),
        item("office", "B", 1),
        item("office", "A", 2),
        item("office", "C", 1),
    );
    let chunks = [
        ChunkRef {
            puts: vec![&a1, &b1, &c1],
            deletes: vec![],
        },
        ChunkRef {
            puts: vec![&a2],
            deletes: vec!["office/B"],
        },
        // Deleted, then written again: the later put stands.
        ChunkRef {
            puts: vec![],
            deletes: vec!["office/C"],
        },
        ChunkRef {
            puts: vec![&c1],
            deletes: vec![],
        },
    ];
    assert_eq!(merge(roundtrip(&chunks)), vec![a2, c1]);
}

#[test]
fn merged_items_come_in_id_order_whatever_the_chunk_order() {
    let (b, a) = (item("office", "B", 1), item("office", "A", 1));
    let chunks = [ChunkRef {
        puts: vec![&b, &a],
        deletes: vec![],
    }];
    assert_eq!(merge(roundtrip(&chunks)), vec![a, b]);
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(matches!(
        decode(&[0xc1, 0x00, 0xff]),
        Err(ChunkError::Undecodable(_))
    ));
    assert!(matches!(decode(&[]), Err(ChunkError::Undecodable(_))));
    assert!(matches!(
        decode(&vec![0; MAX_CHUNK_BYTES + 1]),
        Err(ChunkError::TooLarge(_))
    ));
}

#[test]
fn a_page_is_split_by_supplier_and_deletes_find_their_supplier_by_id() {
    let (o, t) = (item("office", "A", 1), item("office/eu", "T", 1));
    let changes = [
        Change::Put(&o),
        Change::Put(&t),
        Change::Delete("office/eu/X"),
        Change::Delete("office/B"),
        Change::Delete("nobody/Z"),
    ];
    let plan = plan_page(&changes, &["office"]);
    let by: BTreeMap<_, _> = plan.suppliers.into_iter().collect();
    assert_eq!(by.len(), 2, "the delete no supplier holds is dropped");
    assert_eq!(by["office"][0].puts, vec![&o]);
    assert_eq!(by["office"][0].deletes, vec!["office/B"]);
    // The longest supplier id that prefixes the id owns it.
    assert_eq!(by["office/eu"][0].deletes, vec!["office/eu/X"]);
}

#[test]
fn a_page_keeps_the_last_change_of_an_id() {
    let (a1, a2) = (item("office", "A", 1), item("office", "A", 2));
    let changes = [
        Change::Put(&a1),
        Change::Delete("office/A"),
        Change::Put(&a2),
    ];
    let plan = plan_page(&changes, &[]);
    let (supplier, chunks) = &plan.suppliers[0];
    assert_eq!(supplier, "office");
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].puts, vec![&a2]);
    assert!(chunks[0].deletes.is_empty());
}

#[test]
fn large_pages_are_chunked_at_the_limit() {
    let items: Vec<_> = (0..2_500)
        .map(|n| item("office", &format!("{n:05}"), 1))
        .collect();
    let changes: Vec<_> = items.iter().map(Change::Put).collect();
    let plan = plan_page(&changes, &[]);
    let sizes: Vec<_> = plan.suppliers[0].1.iter().map(ChunkRef::entries).collect();
    assert_eq!(sizes, [1_000, 1_000, 500]);
    assert_eq!(compact(&items).len(), 3);
}

#[test]
fn an_initial_sync_compacts_a_logarithmic_number_of_times() {
    // 100,000 items of one supplier in pages of 500: no deletes, every put new.
    let mut head = Head::new("office");
    let page = ChunkRef {
        puts: Vec::new(),
        deletes: Vec::new(),
    };
    let mut rewritten = 0u64;
    let mut live = 0usize;
    for _ in 0..200 {
        // `appended` only counts: a chunk of 500 entries.
        head = Head {
            entries: head.entries + 500,
            ..head.appended(std::slice::from_ref(&page))
        };
        live += 500;
        if head.needs_compaction() {
            rewritten += live as u64;
            head = Head::rewritten("office", live);
        }
    }
    assert!(
        rewritten <= 100_000,
        "rewrote {rewritten} items for 100,000"
    );
    assert!(head.chunks <= 4 * 100 + COMPACT_SLACK_CHUNKS);
}

#[test]
fn many_small_pages_are_compacted_by_chunk_count() {
    let mut head = Head::rewritten("office", 5_000);
    assert!(!head.needs_compaction());
    let (a,) = (item("office", "A", 1),);
    let page = [ChunkRef {
        puts: vec![&a],
        deletes: vec![],
    }];
    let mut pages = 0;
    while !head.needs_compaction() {
        head = head.appended(&page);
        pages += 1;
    }
    assert_eq!(pages as u64, 4 * 5 + COMPACT_SLACK_CHUNKS - 5 + 1);
}

/// Changes to a few ids of two suppliers, as a feed might send them.
fn arb_changes() -> impl Strategy<Value = Vec<(bool, u8, u8, u32)>> {
    // (put?, supplier 0..2, sku 0..20, stock)
    prop::collection::vec((any::<bool>(), 0u8..2, 0u8..20, 0u32..1000), 0..120)
}

fn materialise(raw: &[(bool, u8, u8, u32)]) -> Vec<(Option<CatalogItem>, String)> {
    raw.iter()
        .map(|(put, s, sku, stock)| {
            let it = item(["office", "tools"][*s as usize], &format!("S{sku}"), *stock);
            let id = it.id.to_string();
            (put.then_some(it), id)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Storing changes page by page as chunks, then merging, equals applying them to a map;
    /// and compacting the merged set changes nothing.
    #[test]
    fn merge_equals_applying_the_changes_to_a_map(
        raw in arb_changes(),
        page_len in 1usize..40,
    ) {
        let changes = materialise(&raw);
        let mut model: BTreeMap<String, CatalogItem> = BTreeMap::new();
        let mut stored: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
        for page in changes.chunks(page_len) {
            let page: Vec<Change<'_>> = page
                .iter()
                .map(|(put, id)| match put {
                    Some(item) => Change::Put(item),
                    None => Change::Delete(id),
                })
                .collect();
            for change in &page {
                match change {
                    Change::Put(item) => { model.insert(item.id.to_string(), (*item).clone()); }
                    Change::Delete(id) => { model.remove(*id); }
                }
            }
            let known: Vec<String> = stored.keys().cloned().collect();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            for (supplier, chunks) in plan_page(&page, &known).suppliers {
                for chunk in chunks {
                    prop_assert!(chunk.entries() <= CHUNK_ENTRIES);
                    stored.entry(supplier.clone()).or_default().push(chunk.encode());
                }
            }
        }
        // Applying every change at once agrees with the chunks.
        let every: Vec<Change<'_>> = changes
            .iter()
            .map(|(put, id)| match put {
                Some(item) => Change::Put(item),
                None => Change::Delete(id),
            })
            .collect();
        let applied: Vec<CatalogItem> = apply(&every).into_iter().cloned().collect();
        prop_assert_eq!(&applied, &model.values().cloned().collect::<Vec<_>>());
        let mut all = Vec::new();
        for chunks in stored.values() {
            let merged = merge(chunks.iter().map(|b| decode(b).unwrap()));
            let again = merge(roundtrip(&compact(&merged)));
            prop_assert_eq!(&again, &merged, "compaction keeps the live set");
            all.extend(merged);
        }
        all.sort_by(|a, b| a.id.cmp(&b.id));
        let expected: Vec<CatalogItem> = model.into_values().collect();
        prop_assert_eq!(all, expected);
    }

    #[test]
    fn any_bytes_decode_to_a_chunk_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&bytes);
    }
}
