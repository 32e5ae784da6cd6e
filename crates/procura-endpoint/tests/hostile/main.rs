//! Attacks on a real hub process, as a hostile client would make them.
//!
//! Every test here spawns the endpoint *binary* (not the router in-process), so what is tested is
//! what an organisation deploys: `scripts/test` builds it with the hub's release profile and names
//! it in `PROCURA_HUB_BIN`; without that variable the debug binary of this workspace is used.
//! Each attack asserts the refusal *and* that `/health` still answers afterwards.

mod approvals;
mod auth;
// Each attack file uses a different part of the shared API client (the module allows what
// each leaves unused).
#[path = "../common/mod.rs"]
mod common;
mod http;
mod invoices;
mod money;
mod selections;
mod stock;
mod store;
mod support;
mod xml;
