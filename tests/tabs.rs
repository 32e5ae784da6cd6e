//! Which tab leads sync, in headless Chromium with real Web Locks: the first to ask leads, the
//! next waits, and leadership passes on when the leader steps down (its database was closed for
//! another tab's schema upgrade).
#![cfg(target_arch = "wasm32")]

use procura::sync::tabs::{seek_leadership, step_down};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(50).await;
}

#[wasm_bindgen_test]
async fn leadership_passes_on_when_the_leader_steps_down() {
    let (first, second) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
    let (a, b) = (first.clone(), second.clone());
    seek_leadership(move || a.set(true));
    seek_leadership(move || b.set(true));
    settle().await;
    assert!(first.get(), "the first to ask leads");
    assert!(
        !second.get(),
        "the second waits while the first holds the lock"
    );
    step_down();
    settle().await;
    assert!(second.get(), "the next leads once the leader steps down");
    step_down();
}
