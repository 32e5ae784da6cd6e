//! One module per screen.

pub mod catalog;
pub mod compare;
pub mod import;
pub mod login;
pub mod not_built;
pub mod rates;
pub mod settings;
pub mod suppliers;

pub use procura_core::money::format as money;
