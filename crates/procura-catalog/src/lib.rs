//! The catalog: what can be bought, from whom, at what price. The item model, the importers for
//! the files buyers and suppliers send (CSV, BMEcat, Peppol, JSON), the search index and the
//! comparison of one product's offers at the wanted quantity.
//!
//! Pure, like every domain crate: no IO, no clock. It knows nothing of carts, requisitions,
//! orders or sync.

pub mod catalog;
pub mod compare;
pub mod import;
pub mod search;
pub mod unspsc;
