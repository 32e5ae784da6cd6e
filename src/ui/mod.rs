//! What every screen shares that is not a screen: formatters (dates, times, numbers and money
//! in the UI language), the names shown for data and units, reading and offering files, tables as CSV, the
//! logged-in user, the line that says what a queued change does, and the SVG charts.

pub mod changes;
pub mod chart;
pub mod contracts;
pub mod csv;
pub mod files;
pub mod format;
pub mod names;
pub mod picture;
pub mod units;
pub mod user;
