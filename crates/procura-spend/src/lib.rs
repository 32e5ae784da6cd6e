//! Spend and stock, sans-IO: where the organisation's money goes and what to reorder.
//!
//! * [`inventory`]: the textbook formulas, in `f64` as statistics: the economic order quantity,
//!   safety stock (with and without lead-time variability), the reorder point and ABC
//!   classification. Exposed on their own so they can be checked against published examples.
//! * [`spend`]: the spend cube over orders and approved requisitions (by supplier, category,
//!   cost centre, account, requester, period, catalog or not), each cell with the order lines
//!   behind it; price variance against the best offer; budget against actual. Money is
//!   `Decimal`, converted with the policy's rates by the one rounding rule of
//!   [`procura_ground::money`].
//! * [`replenish`]: stocked items, their demand and lead-time statistics from history, and the
//!   reorder suggestions (quantities as `Decimal`, rounded up to pack size and minimum order).
//! * [`stock`]: the stocked-item and goods-issue records and their rules, stock levels from
//!   counts, issues and receipts, and the reorder list built on [`replenish`].
//!
//! * [`sample`]: a seeded synthetic organisation at a real organisation's size, for the
//!   benchmarks.
//!
//! Nothing here reads a clock: the day, the period and the days elapsed are arguments.

pub mod inventory;
pub mod replenish;
pub mod sample;
pub mod spend;
pub mod stock;
