//! Keeping the device and the endpoint in step: catalog feeds (`catalog.rs`), the organisation's
//! records through the outbox and the hub (`records.rs`), the hub's change notices that make the
//! leader pull at once (`events.rs`), and which tab does it (`tabs.rs`).

pub mod catalog;
pub mod events;
pub mod orders;
pub mod records;
pub mod tabs;

pub use catalog::{load_from_device, sync_catalog};
