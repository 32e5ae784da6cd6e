//! The optional photo on the return form (退货照片): the buyer picks or takes a picture; the
//! device downscales it to at most [`LONG_SIDE`] pixels on the long side and re-encodes it as
//! JPEG (lower quality, then smaller, until it fits [`MAX_PHOTO_BYTES`]), so a phone's 5 MB
//! picture goes out as a few hundred kilobytes, offline too. The core checks the result
//! ([`returns::check_photo`]) before it is kept.

use super::ReturnMsg;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_invoicing::returns::{self, Photo, MAX_PHOTO_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Longest side of a photo, in pixels, once downscaled.
pub const LONG_SIDE: f64 = 1280.0;
/// The JPEG qualities tried, best first, at each size.
const QUALITIES: [f64; 4] = [0.8, 0.7, 0.6, 0.5];
/// How many times the size is reduced (by a quarter) when no quality fits.
const SHRINKS: usize = 3;

/// Why a chosen file is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    NotAnImage,
    TooBig,
}

impl PhotoError {
    fn msg(self) -> ReturnMsg {
        match self {
            PhotoError::NotAnImage => ReturnMsg::PhotoNotImage,
            PhotoError::TooBig => ReturnMsg::PhotoTooBig,
        }
    }
}

/// The image of `file`, downscaled and encoded as a JPEG within the photo limit.
async fn shrink(file: web_sys::File) -> Result<Photo, PhotoError> {
    if !file.type_().starts_with("image/") {
        return Err(PhotoError::NotAnImage);
    }
    let url =
        web_sys::Url::create_object_url_with_blob(&file).map_err(|_| PhotoError::NotAnImage)?;
    let img = web_sys::HtmlImageElement::new().map_err(|_| PhotoError::NotAnImage)?;
    img.set_src(&url);
    let loaded = JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    loaded.map_err(|_| PhotoError::NotAnImage)?;
    let (w, h) = (
        f64::from(img.natural_width()),
        f64::from(img.natural_height()),
    );
    if w < 1.0 || h < 1.0 {
        return Err(PhotoError::NotAnImage);
    }
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or(PhotoError::TooBig)?;
    let mut scale = (LONG_SIDE / w.max(h)).min(1.0);
    for _ in 0..=SHRINKS {
        let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
        canvas.set_width(cw as u32);
        canvas.set_height(ch as u32);
        let ctx: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or(PhotoError::TooBig)?;
        // A transparent PNG becomes a white, not a black, background in the JPEG.
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, cw, ch);
        ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw, ch)
            .map_err(|_| PhotoError::NotAnImage)?;
        for q in QUALITIES {
            let Ok(url) = canvas.to_data_url_with_type_and_encoder_options(
                "image/jpeg",
                &wasm_bindgen::JsValue::from_f64(q),
            ) else {
                continue;
            };
            let Some(data) = url.strip_prefix("data:image/jpeg;base64,") else {
                // This browser cannot make a JPEG.
                return Err(PhotoError::TooBig);
            };
            // Decoded bytes: three per four base64 characters.
            if data.len() / 4 * 3 > MAX_PHOTO_BYTES {
                continue;
            }
            let photo = Photo {
                content_type: "image/jpeg".into(),
                data: data.to_owned(),
            };
            if returns::check_photo(&photo).is_ok() {
                return Ok(photo);
            }
        }
        scale *= 0.75;
    }
    Err(PhotoError::TooBig)
}

/// The photo field of the return form: choose or take a picture, see it, remove it.
#[component]
pub fn PhotoField(photo: RwSignal<Option<Photo>>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<PhotoError>);
    let working = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        working.set(true);
        error.set(None);
        spawn_local(async move {
            match shrink(file).await {
                Ok(p) => {
                    photo.try_set(Some(p));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            working.try_set(false);
        });
    };
    view! {
        <div class="wide return-photo" data-testid="return-photo-field">
            <span class="field-label">{move || i18n.t(ReturnMsg::Photo)}</span>
            {move || match photo.get() {
                Some(p) => view! {
                    <div class="photo-preview">
                        <img class="photo-thumb" data-testid="return-photo-preview" src=p.data_url()
                            alt=move || i18n.t(ReturnMsg::PhotoAlt)/>
                        <button type="button" class="small-button" data-testid="remove-photo"
                            on:click=move |_| photo.set(None)>
                            {move || i18n.t(ReturnMsg::RemovePhoto)}
                        </button>
                    </div>
                }.into_any(),
                None => view! {
                    <div class="photo-pick">
                        <label class="button-like">
                            {move || i18n.t(ReturnMsg::ChoosePhoto)}
                            <input type="file" accept="image/*" capture="environment" class="visually-hidden"
                                data-testid="return-photo-input" on:change=chosen/>
                        </label>
                        <span class="muted small">{move || i18n.t(ReturnMsg::PhotoHint)}</span>
                    </div>
                }.into_any(),
            }}
            {move || working.get().then(|| view! { <p class="muted small" role="status">{i18n.t(ReturnMsg::PhotoWorking)}</p> })}
            {move || error.get().map(|e| view! {
                <p class="notice error" role="alert" data-testid="return-photo-error">{i18n.t(e.msg())}</p>
            })}
        </div>
    }
}

/// A return's photo, small, on the list and the order page.
pub fn thumb(photo: Option<&Photo>, lang: crate::i18n::Lang) -> Option<impl IntoView + use<>> {
    photo.map(|p| {
        view! {
            <img class="photo-thumb small" data-testid="return-photo" src=p.data_url()
                alt=ReturnMsg::PhotoAlt.text(lang)/>
        }
    })
}
