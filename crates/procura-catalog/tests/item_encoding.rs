//! How a catalog item is written: JSON (the hub's feed, the device's records) and MessagePack
//! arrays (the app's catalog snapshot). An item without a supplier tree is written as earlier
//! releases wrote it, and records written before a field existed still read.

use procura_catalog::catalog::CatalogItem;
use procura_demo::demo;

fn pens() -> CatalogItem {
    demo::generate_catalog(3, &demo::suppliers(1)[0], 1).remove(0)
}

#[test]
fn json_leaves_out_empty_groups_and_keeps_filled_ones() {
    let plain = pens();
    let json = serde_json::to_value(&plain).unwrap();
    assert!(json.get("groups").is_none(), "{json}");
    let mut filed = pens();
    filed.groups = vec!["10".into(), "11".into()];
    let json = serde_json::to_value(&filed).unwrap();
    assert_eq!(json["groups"], serde_json::json!(["10", "11"]));
    assert_eq!(serde_json::from_value::<CatalogItem>(json).unwrap(), filed);
}

/// Every field set to something other than its default: a field the hand-written encoding
/// forgot would read back as its default and fail the round trips below.
fn full() -> CatalogItem {
    let mut item = pens();
    item.gtin = Some("4006209796856".into());
    item.eclass = Some("24-32-01-01".into());
    item.stock = Some(7);
    item.groups = vec!["10".into(), "11".into()];
    item.media = vec![procura_catalog::catalog::media::Media {
        kind: procura_catalog::catalog::media::MediaKind::Thumbnail,
        source: "https://img.example/p.jpg".into(),
        mime: Some("image/jpeg".into()),
        caption: procura_catalog::catalog::LocalizedText::new("Front", "正面"),
    }];
    item.attributes = vec![procura_catalog::catalog::Attribute {
        name: procura_catalog::catalog::LocalizedText::new("Cross-section", "截面"),
        values: vec!["2.5".into()],
        unit: Some("MMK".into()),
        ..Default::default()
    }];
    item
}

/// Only one of the two lists the text forms leave out when empty.
fn attributes_only() -> CatalogItem {
    let mut item = full();
    item.groups.clear();
    item.media.clear();
    item
}

/// Only the last list: the binary form must still write the two empty ones before it.
fn media_only() -> CatalogItem {
    let mut item = full();
    item.groups.clear();
    item.attributes.clear();
    item
}

#[test]
fn every_field_round_trips_in_both_forms() {
    let item = full();
    let json = serde_json::to_string(&item).unwrap();
    assert_eq!(serde_json::from_str::<CatalogItem>(&json).unwrap(), item);
    let bytes = rmp_serde::to_vec(&item).unwrap();
    assert_eq!(rmp_serde::from_slice::<CatalogItem>(&bytes).unwrap(), item);
    // The text form names every field.
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json.as_object().unwrap().len(), 20, "{json}");
}

#[test]
fn the_snapshot_form_reads_items_with_and_without_each_list_side_by_side() {
    let items = vec![pens(), full(), attributes_only(), media_only(), pens()];
    let bytes = rmp_serde::to_vec(&items).unwrap();
    assert_eq!(
        rmp_serde::from_slice::<Vec<CatalogItem>>(&bytes).unwrap(),
        items
    );
}
