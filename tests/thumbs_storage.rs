//! The device's picture cache against a real IndexedDB in headless Chromium: thumbnails are kept
//! and read back, the least recently shown make room when the budget is full, a lower budget
//! trims, and clearing empties it.
#![cfg(target_arch = "wasm32")]

use procura::storage::thumbs;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A thumbnail-like `data:` URL of `len` bytes.
fn data(len: usize, fill: char) -> String {
    let head = "data:image/webp;base64,";
    format!("{head}{}", fill.to_string().repeat(len - head.len()))
}

#[wasm_bindgen_test]
async fn kept_evicted_least_recent_first_trimmed_and_cleared() {
    let cache = thumbs::cache().await.expect("IndexedDB is there");
    cache.clear().await.unwrap();
    // A 1 MB budget takes four 250 kB thumbnails; the fifth makes the oldest go.
    cache.set_budget(1).await.unwrap();
    assert_eq!(thumbs::budget_mb(), 1);
    for (i, fill) in ['a', 'b', 'c', 'd'].into_iter().enumerate() {
        let kept = cache
            .put(
                &format!("https://img.example/k{i}.png"),
                &data(250_000, fill),
            )
            .await;
        assert!(kept.unwrap(), "k{i} fits");
    }
    assert_eq!(cache.usage(), (4, 1_000_000));
    assert_eq!(
        cache.get("https://img.example/k2.png").await,
        Some(data(250_000, 'c'))
    );
    assert!(cache
        .put("https://img.example/k4.png", &data(250_000, 'e'))
        .await
        .unwrap());
    assert_eq!(cache.usage(), (4, 1_000_000));
    assert_eq!(
        cache.get("https://img.example/k0.png").await,
        None,
        "the oldest made room"
    );
    assert_eq!(
        cache.get("https://img.example/k4.png").await,
        Some(data(250_000, 'e'))
    );
    // Larger than a thumbnail may be: not kept, nothing dropped for it.
    assert!(!cache
        .put("https://img.example/huge.png", &data(300_000, 'h'))
        .await
        .unwrap());
    assert_eq!(cache.usage().0, 4);
    // What is kept is still there for the next page load: the store, not only the memory.
    let stored = indexed_count().await;
    assert_eq!(stored, 4);
    // A budget of 0 keeps nothing.
    cache.set_budget(0).await.unwrap();
    assert_eq!(cache.usage(), (0, 0));
    assert_eq!(cache.get("https://img.example/k4.png").await, None);
    assert_eq!(indexed_count().await, 0);
    cache.set_budget(50).await.unwrap();
    assert!(cache
        .put("https://img.example/again.png", &data(1_000, 'x'))
        .await
        .unwrap());
    cache.clear().await.unwrap();
    assert_eq!(cache.usage(), (0, 0));
}

/// How many thumbnails the database holds, counted through a connection of its own.
async fn indexed_count() -> u32 {
    use indexed_db_futures::prelude::*;
    let db = indexed_db_futures::database::Database::open(thumbs::THUMBS_DB)
        .await
        .unwrap();
    let tx = db.transaction("thumb_data").build().unwrap();
    let n = tx
        .object_store("thumb_data")
        .unwrap()
        .count()
        .await
        .unwrap();
    drop(tx);
    db.close();
    n
}
