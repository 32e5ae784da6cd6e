//! The ground every domain stands on: money and its checked arithmetic, quantities and units,
//! currencies and rates, GTINs, localized text, dates, roles, the refusal reasons and the bounds
//! on every input.
//!
//! Pure: no network, no storage, no clock, no randomness. Time, ids and randomness come in as
//! arguments. It knows no domain: no catalog, requisition, order or sync type.

pub mod currency;
pub mod date;
pub mod gtin;
pub mod id;
pub mod limits;
pub mod money;
pub mod password;
pub mod reason;
pub mod retry;
pub mod role;
pub mod text;
pub mod unit;
pub mod via_json;
pub mod vocab;
