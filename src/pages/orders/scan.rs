//! Reading barcodes with the tablet's camera: where the browser has `BarcodeDetector` (and a
//! camera API), "Scan with camera" opens the rear camera and reads EAN-13, EAN-8 and Code 128
//! codes; the first one read is handed on and the camera closes. Without it the button is not
//! shown (a hand scanner typing into the field works everywhere).

use super::OrderMsg;
use crate::i18n::use_i18n;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How often a camera frame is looked at.
const FRAME_MS: u32 = 200;

thread_local! {
    /// The open camera (one at a time).
    static STREAM: RefCell<Option<web_sys::MediaStream>> = const { RefCell::new(None) };
    /// Bumped when the camera closes, so a reading loop of an earlier opening stops.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Whether this browser can read barcodes from the camera.
pub fn camera_scanning_supported() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let detector =
        js_sys::Reflect::has(&window, &JsValue::from_str("BarcodeDetector")).unwrap_or(false);
    detector && !get(&window.navigator(), "mediaDevices").is_undefined()
}

/// Closes the camera, if open.
pub fn stop_camera() {
    GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
    if let Some(stream) = STREAM.with(|s| s.borrow_mut().take()) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }
}

fn js_error(e: JsValue) -> String {
    let name = get(&e, "name").as_string();
    let message = get(&e, "message").as_string();
    match (name, message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        _ => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// A `BarcodeDetector` for the codes on cartons and labels.
fn detector() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let ctor: js_sys::Function = get(&window, "BarcodeDetector").dyn_into()?;
    let formats = js_sys::Array::of3(&"ean_13".into(), &"ean_8".into(), &"code_128".into());
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"formats".into(), &formats)?;
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&options))
}

/// Opens the rear camera into `video` and reads until a code is found (returned) or the camera
/// is closed (`None`).
async fn read_code(video: web_sys::HtmlVideoElement) -> Result<Option<String>, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let devices = window.navigator().media_devices()?;
    let facing = js_sys::Object::new();
    js_sys::Reflect::set(&facing, &"ideal".into(), &"environment".into())?;
    let wanted = js_sys::Object::new();
    js_sys::Reflect::set(&wanted, &"facingMode".into(), &facing)?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&wanted);
    constraints.set_audio(&JsValue::FALSE);
    stop_camera();
    let generation = GENERATION.with(Cell::get);
    let stream: web_sys::MediaStream =
        JsFuture::from(devices.get_user_media_with_constraints(&constraints)?)
            .await?
            .dyn_into()?;
    if GENERATION.with(Cell::get) != generation {
        // Closed while the browser asked for permission.
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
        return Ok(None);
    }
    STREAM.with(|s| *s.borrow_mut() = Some(stream.clone()));
    video.set_muted(true);
    video.set_src_object(Some(&stream));
    let _ = JsFuture::from(video.play()?).await;
    let detector = detector()?;
    let detect: js_sys::Function = get(&detector, "detect").dyn_into()?;
    while GENERATION.with(Cell::get) == generation {
        gloo_timers::future::TimeoutFuture::new(FRAME_MS).await;
        // HAVE_CURRENT_DATA or better: there is a frame to look at.
        if GENERATION.with(Cell::get) != generation || video.ready_state() < 2 {
            continue;
        }
        let promise: js_sys::Promise = detect.call1(&detector, &video)?.dyn_into()?;
        let found: js_sys::Array = JsFuture::from(promise).await?.dyn_into()?;
        if let Some(code) = found
            .iter()
            .find_map(|b| get(&b, "rawValue").as_string())
            .filter(|c| !c.trim().is_empty())
        {
            stop_camera();
            return Ok(Some(code.trim().to_owned()));
        }
    }
    Ok(None)
}

/// "Scan with camera" and the camera's picture while it reads; hands each code read to
/// `on_code`. Renders nothing where the browser cannot read barcodes.
#[component]
pub fn CameraScan(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let supported = camera_scanning_supported();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let video = NodeRef::<Video>::new();
    on_cleanup(stop_camera);
    let start = move |_| {
        let Some(element) = video.get_untracked() else {
            return;
        };
        error.set(None);
        open.set(true);
        spawn_local(async move {
            match read_code(element).await {
                Ok(Some(code)) => on_code.run(code),
                Ok(None) => {}
                Err(e) => {
                    stop_camera();
                    error.try_set(Some(js_error(e)));
                }
            }
            open.try_set(false);
        });
    };
    let close = move |_| {
        stop_camera();
        open.set(false);
    };
    supported.then(|| {
        view! {
            <div class="camera-scan">
                <Show when=move || !open.get()>
                    <button class="scan-camera" data-testid="scan-camera" on:click=start>
                        {move || i18n.t(OrderMsg::ScanCamera)}
                    </button>
                </Show>
                <div class="camera-view" hidden=move || !open.get()>
                    <video node_ref=video playsinline=true muted=true data-testid="scan-video"></video>
                    <button data-testid="scan-stop" on:click=close>{move || i18n.t(OrderMsg::StopCamera)}</button>
                </div>
                {move || error.get().map(|e| view! {
                    <p class="notice error" role="alert">{i18n.t(OrderMsg::CameraFailed)} " " {e}</p>
                })}
            </div>
        }
    })
}
