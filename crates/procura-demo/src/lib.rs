//! The demo organisation: seeded suppliers, catalogs, a marketplace and its sellers, users,
//! the approval policy, and two years of purchasing history. Deterministic from a seed. Used by the hub (`--demo`), tests and
//! benchmarks; the shipped app does not contain it.

pub mod demo;
