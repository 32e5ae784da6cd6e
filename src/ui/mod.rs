//! What every screen shares that is not a screen: formatters today (dates, times, numbers and
//! money in the UI language).

pub mod format;
