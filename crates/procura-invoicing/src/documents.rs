//! Supplier invoices and credit notes as documents: read from cXML (`InvoiceDetailRequest`) and
//! Peppol BIS Billing 3.0 (UBL 2.1 `Invoice`, `CreditNote`) into an [`InvoiceDocument`], and
//! written back for the demo supplier and tests.
//!
//! [`parse_invoice`] tells the format by the root element (`cXML`, `Invoice`, `CreditNote`, or
//! a `StandardBusinessDocument` envelope around one of the last two; the namespace prefix does
//! not matter). What each format's reader takes and leaves is in
//! [`cxml`] and [`peppol`].
//!
//! Reading is safe by construction, with the one XML reader of [`procura_xml`] under the limits
//! of the order documents ([`procura_orders::order::documents`]): a document above
//! [`MAX_DOCUMENT_BYTES`] is refused before parsing, nesting and element counts are capped, a DTD
//! internal subset and any entity but the five predefined ones are refused. Every number is an
//! XML Schema decimal within the money bounds ([`procura_ground::money`]): quantities above 0
//! and at most 10⁹, prices and amounts at most 10¹², at most 6 decimals; a document has at most
//! [`MAX_LINES`] lines, counted before any line is read. Nothing here panics on any input
//! (`tests/documents.rs` throws arbitrary and mutated documents at it).
//!
//! Quantities and amounts are stored positive on a credit note: the kind says which way the
//! money goes. A Peppol line may be negative (a correction inside the document, as Peppol
//! allows): it is kept signed and matching nets it. cXML corrects with credit memos, so a
//! negative line on a cXML standard invoice is refused with a message saying so.
//!
//! What [`check_document`](crate::invoice::check_document) checks later (text lengths, the
//! currency code, dates in the future) is not repeated here.

pub mod cxml;
pub mod peppol;

use crate::invoice::{InvoiceDocument, MAX_LINES};
use procura_ground::date::{self, Date};
use procura_ground::money;
pub use procura_orders::order::documents::DocumentError;
use procura_orders::order::documents::{MAX_DOCUMENT_BYTES, MAX_ELEMENTS};
use procura_xml::{Config, DoctypeRule, Node, PathStyle, Tree};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

pub use cxml::write_cxml_invoice;
pub use peppol::write_peppol_invoice;

/// The format a document came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Cxml,
    Peppol,
}

/// A supplier's invoice or credit note as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedInvoice {
    pub format: Format,
    /// Who sent it: the cXML `From` credential identity as written; the Peppol supplier's
    /// `EndpointID` as `schemeID:value` (`0088:7300010000001`), the value alone without a
    /// `schemeID`. Empty when the document does not say.
    pub sender_id: String,
    pub document: InvoiceDocument,
}

/// Reads a supplier's cXML `InvoiceDetailRequest` or Peppol BIS Billing 3.0 `Invoice` /
/// `CreditNote`.
pub fn parse_invoice(xml: &str) -> Result<ParsedInvoice, DocumentError> {
    let tree = parse_tree(xml)?;
    let mut root = tree.root();
    // A Peppol document as it travels, in its Standard Business Document envelope.
    if root.name() == "StandardBusinessDocument" {
        if let Some(inner) = root.child(&["Invoice", "CreditNote"][..]) {
            root = inner;
        }
    }
    match root.name() {
        "cXML" => cxml::read(root),
        "Invoice" | "CreditNote" => peppol::read(root),
        other => Err(DocumentError::WrongRoot {
            found: other.to_owned(),
            expected: "a cXML InvoiceDetailRequest or a Peppol Invoice or CreditNote".into(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

const CONFIG: Config = Config {
    max_bytes: MAX_DOCUMENT_BYTES,
    max_elements: MAX_ELEMENTS,
    doctype: DoctypeRule::NoInternalSubset,
    paths: PathStyle::Shared,
};

pub(crate) fn parse_tree(xml: &str) -> Result<Tree, DocumentError> {
    procura_xml::parse(xml, CONFIG).map_err(DocumentError::from)
}

pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> DocumentError {
    DocumentError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

pub(crate) fn unsupported(path: impl Into<String>, message: impl Into<String>) -> DocumentError {
    DocumentError::Unsupported {
        path: path.into(),
        message: message.into(),
    }
}

/// The child at a path of names; missing is an error naming where it was expected.
pub(crate) fn req<'d>(node: Node<'d>, path: &[&str]) -> Result<Node<'d>, DocumentError> {
    let mut at = node;
    for name in path {
        at = at
            .child(*name)
            .ok_or_else(|| DocumentError::MissingElement {
                path: at.missing(name).path(),
            })?;
    }
    Ok(at)
}

pub(crate) fn req_attr<'d>(node: Node<'d>, name: &str) -> Result<&'d str, DocumentError> {
    node.attr(name)
        .ok_or_else(|| DocumentError::MissingAttribute {
            path: node.path(),
            attribute: name.to_owned(),
        })
}

/// The trimmed text at a path; missing or empty is an error.
pub(crate) fn req_text(node: Node<'_>, path: &[&str]) -> Result<String, DocumentError> {
    let at = req(node, path)?;
    let v = at.value();
    if v.is_empty() {
        return Err(invalid(at.path(), "empty, a value is needed"));
    }
    Ok(v)
}

/// An XML Schema decimal (optional sign, digits, optional point and digits) within the money
/// bounds: |value| ≤ 10¹², at most 6 decimals.
pub(crate) fn decimal_at(path: &str, text: &str) -> Result<Decimal, DocumentError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(invalid(path, "empty, a number is needed"));
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return Err(invalid(path, format!("\"{}\" is not a number", shown(t))));
    }
    let value = Decimal::from_str(t.strip_prefix('+').unwrap_or(t))
        .map_err(|_| invalid(path, format!("\"{}\" is not a usable number", shown(t))))?;
    if value.abs() > money::MAX_AMOUNT || value.normalize().scale() > money::MAX_DECIMALS {
        return Err(invalid(
            path,
            format!(
                "\"{}\" is out of range (at most {} and {} decimals)",
                shown(t),
                money::MAX_AMOUNT,
                money::MAX_DECIMALS
            ),
        ));
    }
    Ok(value.normalize())
}

/// At most 40 characters of a text, for an error message.
fn shown(t: &str) -> String {
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t.to_owned()
    }
}

/// The decimal value of an element.
pub(crate) fn decimal(node: Node<'_>) -> Result<Decimal, DocumentError> {
    decimal_at(&node.path(), &node.value())
}

/// A quantity: above 0, at most 10⁹, at most 6 decimals.
pub(crate) fn check_quantity(path: &str, q: Decimal) -> Result<Decimal, DocumentError> {
    money::check_quantity(q).map_err(|e| invalid(path, e.to_string()))
}

pub(crate) fn check_price(path: &str, p: Decimal) -> Result<Decimal, DocumentError> {
    money::check_price(p).map_err(|e| invalid(path, e.to_string()))
}

pub(crate) fn check_tax_percent(path: &str, t: Decimal) -> Result<Decimal, DocumentError> {
    money::check_tax_percent(t).map_err(|e| invalid(path, e.to_string()))
}

/// An amount that must not be negative (a total, a line net): 0 to 10¹².
pub(crate) fn check_amount(path: &str, a: Decimal) -> Result<Decimal, DocumentError> {
    if a < Decimal::ZERO {
        return Err(invalid(path, format!("{a} is negative")));
    }
    money::check_amount(a).map_err(|e| invalid(path, e.to_string()))
}

/// A line number: a whole number from 1 (leading zeros allowed: `001`).
pub(crate) fn line_no_at(path: &str, text: &str) -> Result<u32, DocumentError> {
    let t = text.trim();
    t.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        invalid(
            path,
            format!("line number \"{}\" is not a whole number from 1", shown(t)),
        )
    })
}

/// A number of days: a whole number from 0 to 3650.
pub(crate) fn days_at(path: &str, text: &str) -> Result<u32, DocumentError> {
    let t = text.trim();
    t.parse::<u32>()
        .ok()
        .filter(|d| *d <= 3_650)
        .ok_or_else(|| {
            invalid(
                path,
                format!("\"{}\" is not a number of days (0 to 3650)", shown(t)),
            )
        })
}

/// The calendar day a date or date-time is written for (`2009-05-01T11:45:51-07:00` →
/// `2009-05-01`), not moved to UTC: an invoice date is the supplier's day.
pub(crate) fn day_at(path: &str, text: &str) -> Result<Date, DocumentError> {
    let t = text.trim();
    let day = t.get(..10).and_then(date::parse_day);
    let rest_ok = t
        .get(10..)
        .is_some_and(|r| r.is_empty() || r.starts_with(['T', 't', ' ']));
    match day {
        Some(d) if rest_ok => Ok(d),
        _ => Err(invalid(
            path,
            format!("\"{}\" is not an ISO 8601 date (YYYY-MM-DD)", shown(t)),
        )),
    }
}

/// A price per base quantity (`price ÷ base`), rounded to 6 decimals, halves away from zero.
pub(crate) fn per_unit(
    path: &str,
    price: Decimal,
    base: Decimal,
) -> Result<Decimal, DocumentError> {
    let p = price
        .checked_div(base)
        .ok_or_else(|| invalid(path, "the price per base quantity cannot be worked out"))?
        .round_dp_with_strategy(money::MAX_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
    check_price(path, p.normalize())
}

/// The lines of a document, counted before any is read: none, or more than [`MAX_LINES`], is
/// refused.
pub(crate) fn check_line_count(path: &str, n: usize, what: &str) -> Result<(), DocumentError> {
    if n == 0 {
        return Err(DocumentError::MissingElement {
            path: format!("{path}/{what}"),
        });
    }
    if n > MAX_LINES {
        return Err(unsupported(
            path,
            format!("{n} lines, more than the {MAX_LINES} an invoice may have"),
        ));
    }
    Ok(())
}

pub(crate) fn join_notes<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(p);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Writing

/// An amount in the currency's minor units (`12.50` CNY, `1250` JPY).
pub(crate) fn money_text(amount: Decimal, currency: &str) -> String {
    let dp = money::minor_units(currency) as usize;
    format!("{:.*}", dp, money::round(amount, currency))
}

/// An amount as a document states it: in the currency's minor units when it has no more
/// decimals than those (`91` → `91.00` EUR), else every decimal it has (never rounded).
pub(crate) fn amount_text(amount: Decimal, currency: &str) -> String {
    let dp = money::minor_units(currency);
    if amount.normalize().scale() <= dp {
        format!("{:.*}", dp as usize, amount)
    } else {
        number(amount)
    }
}

/// A decimal as written: normalized (`1.50` → `1.5`).
pub(crate) fn number(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The sum of the lines' nets as stated; past the money bounds, one above the bound (which no
/// reader accepts) rather than a panic.
pub(crate) fn lines_net(doc: &InvoiceDocument) -> Decimal {
    money::sum(doc.lines.iter().map(|l| l.net)).unwrap_or(money::MAX_AMOUNT + Decimal::ONE)
}

pub(crate) use procura_xml::write::XmlOut;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_days_and_dates() {
        assert_eq!(decimal_at("/x", " .00 ").unwrap(), Decimal::ZERO);
        assert_eq!(decimal_at("/x", "+12.50").unwrap(), Decimal::new(125, 1));
        assert!(decimal_at("/x", "1e5").is_err());
        assert!(decimal_at("/x", "1,5").is_err());
        assert!(decimal_at("/x", "").is_err());
        assert!(decimal_at("/x", "1.0000001").is_err());
        assert!(decimal_at("/x", "1000000000001").is_err());
        assert_eq!(line_no_at("/x", "001").unwrap(), 1);
        assert!(line_no_at("/x", "0").is_err());
        assert!(days_at("/x", "3651").is_err());
        assert_eq!(
            day_at("/x", "2009-05-01T11:45:51-07:00")
                .unwrap()
                .to_string(),
            "2009-05-01"
        );
        assert!(day_at("/x", "20060428").is_err());
        assert_eq!(amount_text(Decimal::from(91), "EUR"), "91.00");
        assert_eq!(amount_text(Decimal::new(1005, 3), "EUR"), "1.005");
        assert_eq!(amount_text(Decimal::from(1250), "JPY"), "1250");
        assert_eq!(amount_text(Decimal::new(-9150, 2), "CNY"), "-91.50");
        assert!(day_at("/x", "2006-04-28X").is_err());
        assert_eq!(
            per_unit("/x", Decimal::from(10), Decimal::from(3)).unwrap(),
            Decimal::from_str("3.333333").unwrap()
        );
    }
}
