//! Procura's domain core.
//!
//! Everything here is pure: no network, no storage, no clock, no randomness that is not seeded by
//! the caller. The browser shell and the reference endpoint feed it inputs and carry out the effects
//! it asks for. That keeps every rule testable natively in milliseconds, and lets the same rules run
//! in the browser (wasm32) and on the endpoint, so the two cannot disagree.
//!
//! The dependency invariant (no leptos, web-sys, wasm-bindgen, gloo, tokio, reqwest, …) is
//! enforced by `tests/dependency_invariant.rs`.

pub mod api;
pub mod approval;
pub mod cart;
pub mod catalog;
pub mod compare;
pub mod currency;
pub mod demo;
pub mod gtin;
pub mod import;
pub mod limits;
pub mod money;
pub mod order;
pub mod password;
pub mod pull;
pub mod reason;
pub mod scorecard;
pub mod search;
pub mod sync;
pub mod unit;
pub mod unspsc;
