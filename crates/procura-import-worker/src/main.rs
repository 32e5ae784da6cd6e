//! Procura's import worker: a second, small wasm module that parses a supplier's catalog file
//! in a Web Worker, so the page keeps answering the buyer during a 100,000-item check and a
//! cancel can end the parse at any moment (the page terminates the worker; nothing else could
//! interrupt a parse in progress).
//!
//! It knows the message format and the domain's one call ([`job::run`]), nothing else: no
//! business rule, no storage, no UI. The page spawns it when the buyer first checks a file
//! (`src/pages/import/worker.rs`), and trunk builds it next to the app (`index.html`,
//! `data-type="worker"`).
//!
//! Messages in: `[job, file]`, the [`CheckJob`] as MessagePack in a `Uint8Array` and the file's
//! bytes as a transferred `ArrayBuffer`. Messages out: each [`CheckReply`] as MessagePack in a
//! transferred `Uint8Array`; the outcome's items go ahead of it in slices ([`job::split`]), one
//! each time the page posts [`job::NEXT`]. Anything else that arrives is answered with `BadJob`,
//! never a panic.

use procura_catalog::import::job::{self, CheckJob, CheckReply};
use procura_catalog::import::ImportLimits;
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The replies of the last answer not yet asked for.
    static PENDING: RefCell<VecDeque<CheckReply>> = const { RefCell::new(VecDeque::new()) };
}

/// The most a job description may take: a column mapping is a few hundred bytes.
const MAX_JOB_BYTES: u32 = 64 * 1024;

fn main() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return; // Not in a worker: nothing to serve.
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&replies, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    send(&scope, &CheckReply::Ready);
}

/// Checks one job and says how it went: received, parsed, the outcome's first reply; or, when
/// the page asks for it, the next reply of the outcome.
fn answer(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    if data.as_string().as_deref() == Some(job::NEXT) {
        if let Some(reply) = PENDING.with_borrow_mut(VecDeque::pop_front) {
            send(scope, &reply);
        }
        return;
    }
    PENDING.with_borrow_mut(VecDeque::clear);
    let limits = ImportLimits::default();
    let Some((job, file)) = read_job(data) else {
        return send(scope, &CheckReply::BadJob);
    };
    let size = u64::from(file.byte_length());
    send(scope, &CheckReply::Received { bytes: size });
    // Refused before a byte is copied into the module's memory.
    if let Some(refused) = job::too_large(size, &limits) {
        return send(scope, &CheckReply::Done(Box::new(Err(refused))));
    }
    let bytes = js_sys::Uint8Array::new(&file).to_vec();
    let outcome = job::run(&job, &bytes, &limits);
    drop(bytes);
    send(scope, &job::parsed(&outcome));
    // The items in slices the page asks for one at a time, then the rest.
    let mut replies = VecDeque::from(job::split(outcome));
    if let Some(first) = replies.pop_front() {
        send(scope, &first);
    }
    PENDING.set(replies);
}

/// `[job, file]` as the page posts it, or `None` for anything else.
fn read_job(data: &JsValue) -> Option<(CheckJob, js_sys::ArrayBuffer)> {
    let parts = data.dyn_ref::<js_sys::Array>()?;
    let job = parts.get(0).dyn_into::<js_sys::Uint8Array>().ok()?;
    let file = parts.get(1).dyn_into::<js_sys::ArrayBuffer>().ok()?;
    if job.length() > MAX_JOB_BYTES {
        return None;
    }
    let job = rmp_serde::from_slice(&job.to_vec()).ok()?;
    Some((job, file))
}

/// Posts `reply` as MessagePack (field names kept: issue kinds are tagged enums), its buffer
/// transferred rather than copied.
fn send(scope: &DedicatedWorkerGlobalScope, reply: &CheckReply) {
    let Ok(bytes) = rmp_serde::to_vec_named(reply) else {
        return;
    };
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    let _ = scope.post_message_with_transfer(&array, &transfer);
}
