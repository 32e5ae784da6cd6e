//! What an offline start does with the stored catalog, timed natively on the demo catalog
//! (5 suppliers × 20,000 items, seed 42): decoding the snapshot's items (one list, and pieces
//! of 1,000), decoding the search index, building the offer groups.
//!
//! `cargo run --release -p procura-catalog --example start_bench`

use procura_catalog::catalog::chunks::{decode_items, CHUNK_ENTRIES};
use procura_catalog::compare::OfferGroups;
use procura_catalog::search::SearchIndex;
use procura_demo::demo;
use std::time::Instant;

fn main() {
    let mut items = Vec::new();
    for supplier in demo::suppliers(5) {
        items.extend(demo::generate_catalog(42, &supplier, 20_000));
    }
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let one_list = rmp_serde::to_vec(&items).unwrap();
    let pieces: Vec<Vec<u8>> = items
        .chunks(CHUNK_ENTRIES)
        .map(|p| rmp_serde::to_vec(p).unwrap())
        .collect();
    let index = SearchIndex::build(&items).to_bytes();
    println!(
        "{} items: snapshot items {} bytes, index {} bytes",
        items.len(),
        one_list.len(),
        index.len()
    );
    for _ in 0..3 {
        let t = Instant::now();
        let decoded = decode_items(&one_list).unwrap();
        let one = t.elapsed();
        drop(decoded);
        let t = Instant::now();
        let mut decoded = Vec::with_capacity(items.len());
        for piece in &pieces {
            decoded.append(&mut decode_items(piece).unwrap());
        }
        let in_pieces = t.elapsed();
        let t = Instant::now();
        let search = SearchIndex::from_bytes(&index).unwrap();
        let index_ms = t.elapsed();
        let t = Instant::now();
        let groups = OfferGroups::build(&decoded);
        let groups_ms = t.elapsed();
        println!(
            "items: one list {one:?}, in pieces {in_pieces:?}; index {index_ms:?} ({} items); offer groups {groups_ms:?} (item 0 in group {})",
            search.len(),
            groups.group_of(0).0
        );
    }
}
