//! What the browser says about the device's storage: whether our data is protected from
//! eviction, and how much room is used and left.

use wasm_bindgen_futures::JsFuture;

/// Asks the browser to keep Procura's data even under storage pressure. `None` when the
/// browser has no Storage API; otherwise whether the data is now persistent.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    if let Some(true) = JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
    {
        return Some(true);
    }
    JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?
        .as_bool()
}

/// Bytes used and the quota the browser grants, when it tells.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate: web_sys::StorageEstimate =
        JsFuture::from(storage.estimate().ok()?).await.ok()?.into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Marks a moment of the start in the browser's performance timeline (`performance.mark`), so
/// a trace or the benchmark (`tests/bench/run.mjs`) sees where an offline start's time goes:
/// `procura:snapshot-read`, `procura:items-decoded`, `procura:index-decoded`,
/// `procura:catalog-set` (and `procura:snapshot-prefetched`, set by `index.html`).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// A random UUID from the browser's CSPRNG (a device identity, a new record's id). Without
/// `crypto.randomUUID` (very old browsers) the time and `Math.random` stand in.
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("r{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}
