//! One module per screen.

pub mod account;
pub mod approvals;
pub mod cart;
pub mod catalog;
pub mod compare;
pub mod contracts;
pub mod import;
pub mod invoices;
pub mod lazy;
pub mod login;
pub mod not_built;
pub mod not_found;
pub mod orders;
pub mod policy;
pub mod rates;
pub mod requisitions;
pub mod returns;
pub mod selections;
pub mod settings;
pub mod spend;
pub mod stock;
pub mod suppliers;
pub mod sync_status;
