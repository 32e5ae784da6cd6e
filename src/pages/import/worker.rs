//! The import worker, seen from the page.
//!
//! The worker (`crates/procura-import-worker`, a second wasm module) is spawned when the buyer
//! first checks a file, not at start, and kept while the import page is open. A cancel
//! terminates it: a parse in progress can be stopped no other way. The next check spawns a
//! fresh one. A worker that crashes, cannot start, or answers something unreadable is ended
//! too, and the check fails with a reason the page says in the buyer's language: never a
//! "Checking…" screen that waits forever.
//!
//! The answer is MessagePack (the encoding the catalog snapshot already uses), decoded here, on
//! the page's thread, one message at a time: the items arrive in slices of 2,000 and the issues
//! of 500, the next asked for once the page has drawn a frame, so no decode keeps the page from
//! answering input. The time spent decoding is measured as the performance entries
//! `procura-import-answer` (one per message).

use futures::channel::mpsc;
use futures::StreamExt;
use procura_catalog::import::job::{self, Assembly, CheckJob, CheckReply};
use procura_catalog::import::{ImportFailure, ImportLimits, ImportedCatalog};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Trunk's loader for the worker module (`data-loader-shim`): it loads the wasm-bindgen glue
/// and the module next to it. The names are not hashed (trunk names workers after the binary);
/// the service worker's precache and the hub's `no-cache` keep them current.
const SCRIPT: &str = "/procura-import-worker_loader.js";

/// How far a check has come, for the page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The worker has the file, `bytes` long, and parses it.
    Reading { bytes: u64 },
    /// Parsed: `items` valid items and `errors` errors; the answer is on its way.
    Parsed { items: u64, errors: u64 },
    /// `received` of the `items` have arrived (the check found `errors` errors).
    Receiving {
        received: u64,
        items: u64,
        errors: u64,
    },
}

/// Why a check has no outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerError {
    /// The buyer cancelled, or the page closed.
    Cancelled,
    /// The worker could not be started (its files are missing or refused).
    Unavailable(String),
    /// The worker stopped (a crash) or said something that cannot be read.
    Stopped(String),
}

enum Event {
    Reply(CheckReply),
    /// A message that is not a reply.
    Garbled,
    Crashed(String),
    Cancelled,
}

/// The worker of the open import page, with what feeds its replies to the check waiting on
/// them. `events` is taken by the running check and given back when it ends well.
struct Live {
    id: u64,
    worker: web_sys::Worker,
    tx: mpsc::UnboundedSender<Event>,
    events: Option<mpsc::UnboundedReceiver<Event>>,
    ready: bool,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Checks `file` as `job` says in the worker, reporting progress; the file's buffer is handed
/// over, not copied.
pub async fn check(
    job: &CheckJob,
    file: js_sys::ArrayBuffer,
    mut on_progress: impl FnMut(Progress),
) -> Result<Result<ImportedCatalog, ImportFailure>, WorkerError> {
    let (id, mut events, ready) = take_or_spawn()?;
    let outcome = run(id, &mut events, ready, job, file, &mut on_progress).await;
    match outcome {
        Ok(_) => give_back(id, events),
        Err(_) => end(Some(id), None),
    }
    outcome
}

/// Ends the worker now (a cancel, or the page closing): a check in progress returns
/// [`WorkerError::Cancelled`].
pub fn cancel() {
    end(None, Some(Event::Cancelled));
}

async fn run(
    id: u64,
    events: &mut mpsc::UnboundedReceiver<Event>,
    ready: bool,
    job: &CheckJob,
    file: js_sys::ArrayBuffer,
    on_progress: &mut impl FnMut(Progress),
) -> Result<Result<ImportedCatalog, ImportFailure>, WorkerError> {
    if !ready {
        loop {
            match next(events).await? {
                CheckReply::Ready => break,
                _ => continue,
            }
        }
    }
    post(id, job, file)?;
    let (limits, mut assembly) = (ImportLimits::default(), Assembly::default());
    let (mut expected, mut found) = (0, 0);
    loop {
        match next(events).await? {
            CheckReply::Received { bytes } => on_progress(Progress::Reading { bytes }),
            CheckReply::Parsed { items, errors } => {
                (expected, found) = (items, errors);
                assembly.reserve(items, &limits);
                on_progress(Progress::Parsed { items, errors });
            }
            CheckReply::Items(slice) => {
                if !assembly.add(slice, &limits) {
                    return Err(WorkerError::Stopped(
                        "more items than an import takes".into(),
                    ));
                }
                let received = assembly.len() as u64;
                let items = expected.max(received);
                on_progress(Progress::Receiving {
                    received,
                    items,
                    errors: found,
                });
                next_frame().await;
                ask_next(id)?;
            }
            CheckReply::Issues(slice) => {
                if !assembly.add_issues(slice) {
                    return Err(WorkerError::Stopped(
                        "more issues than an import lists".into(),
                    ));
                }
                next_frame().await;
                ask_next(id)?;
            }
            CheckReply::Done(outcome) => return Ok(assembly.finish(*outcome)),
            CheckReply::BadJob => return Err(WorkerError::Stopped("job refused".into())),
            CheckReply::Ready => continue,
        }
    }
}

/// The worker's next reply; an end of any kind is an error.
async fn next(events: &mut mpsc::UnboundedReceiver<Event>) -> Result<CheckReply, WorkerError> {
    match events.next().await {
        Some(Event::Reply(reply)) => Ok(reply),
        Some(Event::Garbled) => Err(WorkerError::Stopped("unreadable answer".into())),
        Some(Event::Crashed(detail)) => Err(WorkerError::Stopped(detail)),
        Some(Event::Cancelled) | None => Err(WorkerError::Cancelled),
    }
}

/// Posts `[job, file]`, the file's buffer transferred.
fn post(id: u64, job: &CheckJob, file: js_sys::ArrayBuffer) -> Result<(), WorkerError> {
    let worker = LIVE
        .with_borrow(|live| {
            live.as_ref()
                .filter(|l| l.id == id)
                .map(|l| l.worker.clone())
        })
        .ok_or(WorkerError::Cancelled)?;
    let job = rmp_serde::to_vec_named(job).map_err(|e| WorkerError::Stopped(e.to_string()))?;
    let message = js_sys::Array::of2(&js_sys::Uint8Array::from(job.as_slice()), &file);
    worker
        .post_message_with_transfer(&message, &js_sys::Array::of1(&file))
        .map_err(|e| WorkerError::Stopped(describe(&e)))
}

/// Asks the worker for the next reply of its answer.
fn ask_next(id: u64) -> Result<(), WorkerError> {
    let worker = LIVE
        .with_borrow(|live| {
            live.as_ref()
                .filter(|l| l.id == id)
                .map(|l| l.worker.clone())
        })
        .ok_or(WorkerError::Cancelled)?;
    worker
        .post_message(&JsValue::from_str(job::NEXT))
        .map_err(|e| WorkerError::Stopped(describe(&e)))
}

/// Resolves after the page's next frame (or 100 ms, in a hidden tab that draws none): input and
/// drawing come between two slices of an answer.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The open page's worker, spawned when there is none: its id, its events, and whether it
/// has said it is ready.
fn take_or_spawn() -> Result<(u64, mpsc::UnboundedReceiver<Event>, bool), WorkerError> {
    let idle = LIVE.with_borrow_mut(|live| {
        let l = live.as_mut()?;
        Some((l.id, l.events.take()?, l.ready))
    });
    if let Some(idle) = idle {
        return Ok(idle);
    }
    // None, or one still busy with a check the page no longer waits for: start afresh.
    end(None, Some(Event::Cancelled));
    let worker =
        web_sys::Worker::new(SCRIPT).map_err(|e| WorkerError::Unavailable(describe(&e)))?;
    let id = NEXT_ID.replace(NEXT_ID.get() + 1);
    let (tx, events) = mpsc::unbounded();
    let replies = tx.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let _ = replies.unbounded_send(decode(&event.data()));
        });
    let crashes = tx.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map_or_else(|| event.type_(), |e| e.message());
        let _ = crashes.unbounded_send(Event::Crashed(detail));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    LIVE.set(Some(Live {
        id,
        worker,
        tx,
        events: None,
        ready: false,
        _on_message: on_message,
        _on_error: on_error,
    }));
    Ok((id, events, false))
}

/// A reply as the worker posts it: MessagePack in a `Uint8Array`.
fn decode(data: &JsValue) -> Event {
    let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
        return Event::Garbled;
    };
    let performance = web_sys::window().and_then(|w| w.performance());
    const START: &str = "procura-import-answer-start";
    if let Some(p) = &performance {
        let _ = p.mark(START);
    }
    let event = match rmp_serde::from_slice::<CheckReply>(&bytes.to_vec()) {
        Ok(reply) => Event::Reply(reply),
        Err(_) => Event::Garbled,
    };
    if let Some(p) = &performance {
        // Read by the end-to-end test and the benchmark; harmless anywhere else.
        let _ = p.measure_with_start_mark("procura-import-answer", START);
        p.clear_marks_with_mark_name(START);
    }
    event
}

/// Gives the events back to the idle worker after a check that ended well.
fn give_back(id: u64, events: mpsc::UnboundedReceiver<Event>) {
    LIVE.with_borrow_mut(|live| {
        if let Some(l) = live.as_mut().filter(|l| l.id == id) {
            l.events = Some(events);
            l.ready = true;
        }
    });
}

/// Terminates the worker (only worker `only`, when given), telling a waiting check `why`.
fn end(only: Option<u64>, why: Option<Event>) {
    let live = LIVE.with_borrow_mut(|live| {
        if only.is_some_and(|id| live.as_ref().is_some_and(|l| l.id != id)) {
            return None;
        }
        live.take()
    });
    if let Some(live) = live {
        // No handler may run once the closures are gone with `live`.
        live.worker.set_onmessage(None);
        live.worker.set_onerror(None);
        live.worker.set_onmessageerror(None);
        live.worker.terminate();
        if let Some(why) = why {
            let _ = live.tx.unbounded_send(why);
        }
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}
