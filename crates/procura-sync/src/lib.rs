//! Sync: the wire types (`api`), the hub's dispatch of each device mutation to its domain's rules
//! (`sync::hub`), the device's sync engine (`sync::round`), the catalog feed pull (`pull`) and the
//! bounds every mutation is held to (`limits`).
//!
//! Pure: the shell and the hub do the IO and feed results back. This is the only domain crate
//! that knows every domain; none of them knows it.

pub mod api;
pub mod limits;
pub mod pull;
pub mod sync;
