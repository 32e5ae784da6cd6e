//! Procura's browser shell: Leptos components, IndexedDB storage and HTTP to the endpoint.
//!
//! The shell holds no business rules: it feeds user input and endpoint answers to
//! the domain crates (`procura_catalog`, `procura_procurement`, `procura_orders`, `procura_sync`, …),
//! and carries out the effects they ask for.

pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
pub mod catalog;
pub mod device;
pub mod endpoint;
pub mod i18n;
pub mod org;
pub mod pages;
pub mod session;
pub mod state;
pub mod storage;
pub mod sync;
pub mod ui;
