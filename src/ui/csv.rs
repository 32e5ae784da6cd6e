//! A screen's table as CSV for a spreadsheet (Spend, Stock): a byte order mark so Excel reads UTF-8,
//! CRLF line ends, every text cell quoted and made inert as the import error report's
//! (`crate::ui::files::csv_field`), amounts as plain numbers with a point.

use crate::ui::files::csv_field;
use rust_decimal::Decimal;

/// One cell.
pub enum Field {
    /// Text from data or the UI: quoted, a leading `= + - @` defused.
    Text(String),
    /// A figure the app computed, written as the number it is (`-12.50`, never `'-12.50`).
    Number(Decimal),
}

/// The table as CSV text.
pub fn table(header: &[String], rows: &[Vec<Field>]) -> String {
    let mut out = String::from("\u{FEFF}");
    let head: Vec<String> = header.iter().map(|h| csv_field(h)).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|f| match f {
                Field::Text(t) => csv_field(t),
                Field::Number(n) => n.normalize().to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Offers the table as a download named `name`.
pub fn download(name: &str, header: &[String], rows: &[Vec<Field>]) -> Result<(), String> {
    crate::ui::files::download(name, "text/csv;charset=utf-8", &table(header, rows))
}
