//! Product pictures on screen: the thumbnail of a list row and the pictures of the product page.
//!
//! A picture is shown from the device's cache ([`crate::storage::thumbs`]) when it holds one,
//! else loaded from the supplier's address. A thumbnail loaded with the server's permission
//! (CORS) is shrunk on a canvas and kept for offline use; one the server does not share is shown
//! online only (a canvas it painted cannot be read). A picture that fails to load becomes a
//! neutral placeholder: a missing picture never breaks a row. Addresses are never sent a
//! referrer, so a supplier's server does not learn the app's pages.

use crate::storage::thumbs;
use leptos::prelude::*;
use procura_catalog::catalog::media::cache::THUMB_EDGE;
use wasm_bindgen::JsCast;

/// How a picture is being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    /// Looking in the cache.
    Looking,
    /// From the cache (a `data:` URL).
    Kept(String),
    /// From the address, asking the server to share it (so it can be kept).
    Shared,
    /// From the address, as an ordinary picture (the server did not share it).
    Plain,
    /// Nothing could be shown.
    Missing,
}

/// Shrinks the loaded picture to a thumbnail (`data:` URL); `None` when the browser refuses to
/// read it back (a picture the server did not share taints the canvas).
fn shrink(img: &web_sys::HtmlImageElement) -> Option<String> {
    let (w, h) = (img.natural_width(), img.natural_height());
    if w == 0 || h == 0 {
        return None;
    }
    let scale = (f64::from(THUMB_EDGE) / f64::from(w.max(h))).min(1.0);
    let (tw, th) = (
        ((f64::from(w) * scale).round() as u32).max(1),
        ((f64::from(h) * scale).round() as u32).max(1),
    );
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(tw);
    canvas.set_height(th);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, tw.into(), th.into())
        .ok()?;
    canvas
        .to_data_url_with_type_and_encoder_options("image/webp", &0.8.into())
        .ok()
}

/// A product's thumbnail (48 CSS pixels), from `url`: kept, loaded, or a placeholder.
#[component]
pub fn Thumb(url: String) -> impl IntoView {
    let (shown, set_shown) = signal(Shown::Looking);
    {
        let url = url.clone();
        leptos::task::spawn_local(async move {
            let kept = match thumbs::cache().await {
                Some(cache) => cache.get(&url).await,
                None => None,
            };
            set_shown.set(kept.map_or(Shown::Shared, Shown::Kept));
        });
    }
    let keep = {
        let url = url.clone();
        move |ev: leptos::ev::Event| {
            let Some(img) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlImageElement>().ok())
            else {
                return;
            };
            let Some(data) = shrink(&img) else {
                return;
            };
            let url = url.clone();
            leptos::task::spawn_local(async move {
                if let Some(cache) = thumbs::cache().await {
                    // Not kept (over the budget, storage full): it is shown anyway.
                    let _ = cache.put(&url, &data).await;
                }
            });
        }
    };
    move || {
        match shown.get() {
        Shown::Looking | Shown::Missing => {
            view! { <span class="thumb thumb-none" data-testid="thumb-missing" aria-hidden="true"></span> }.into_any()
        }
        Shown::Kept(data) => {
            view! { <img class="thumb" data-testid="thumb" data-kept="true" src=data alt="" /> }.into_any()
        }
        Shown::Shared => view! {
            <img class="thumb" data-testid="thumb" src=url.clone() alt="" crossorigin="anonymous"
                referrerpolicy="no-referrer" loading="lazy" decoding="async"
                on:load=keep.clone() on:error=move |_| set_shown.set(Shown::Plain) />
        }
        .into_any(),
        Shown::Plain => view! {
            <img class="thumb" data-testid="thumb" src=url.clone() alt="" referrerpolicy="no-referrer"
                loading="lazy" decoding="async" on:error=move |_| set_shown.set(Shown::Missing) />
        }
        .into_any(),
    }
    }
}

/// A large picture for the product page, with `alt` text: loaded from `url`, else (no network,
/// or the address fails) the thumbnail kept for the item's `thumb_url`, else a placeholder
/// saying so.
#[component]
pub fn Picture(
    url: String,
    thumb_url: Option<String>,
    alt: String,
    missing: String,
) -> impl IntoView {
    let (failed, set_failed) = signal(false);
    let (kept, set_kept) = signal(None::<String>);
    let fallback_url = thumb_url;
    Effect::new(move |_| {
        if failed.get() && kept.get_untracked().is_none() {
            let Some(url) = fallback_url.clone() else {
                return;
            };
            leptos::task::spawn_local(async move {
                if let Some(cache) = thumbs::cache().await {
                    set_kept.set(cache.get(&url).await);
                }
            });
        }
    });
    move || {
        if !failed.get() {
            view! {
                <img class="picture" data-testid="item-picture" src=url.clone() alt=alt.clone()
                    referrerpolicy="no-referrer" decoding="async" on:error=move |_| set_failed.set(true) />
            }
            .into_any()
        } else if let Some(data) = kept.get() {
            view! { <img class="picture" data-testid="item-picture" data-kept="true" src=data alt=alt.clone() /> }.into_any()
        } else {
            view! { <div class="picture picture-none" data-testid="item-picture-missing" role="img" aria-label=alt.clone()>{missing.clone()}</div> }.into_any()
        }
    }
}
