//! What every screen shares that is not a screen: formatters (dates, times, numbers and money
//! in the UI language) and the names shown for data.

pub mod format;
pub mod names;
