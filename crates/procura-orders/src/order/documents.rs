//! What the order document formats ([`super::cxml`], [`super::peppol`]) share: the parties a
//! document is addressed between, what a parsed order and a parsed supplier message are, the
//! errors, the limits of the XML reader (`doc_xml.rs`), and ISO 8601 timestamps. It names
//! neither format: reading a document of either is `order::parse_order_document` and
//! `order::parse_supplier_messages` (`read.rs`).
//!
//! Reading is safe by construction, with the reader catalog imports use too ([`procura_xml`]):
//! a document above
//! [`MAX_DOCUMENT_BYTES`] is refused before parsing; a DOCTYPE may name an external DTD (cXML
//! documents always do; it is never fetched) but an internal subset (`<!DOCTYPE x [ … ]>`, where
//! entities are declared) is refused; only the five predefined entities and character references
//! are resolved, any other `&name;` is refused; nesting is limited to [`MAX_DEPTH`], the
//! document to [`MAX_ELEMENTS`] elements, names to [`MAX_NAME_BYTES`] and an element to
//! [`MAX_ATTRIBUTES`] attributes. Reading takes time and memory linear in the document. Element names are matched on their local part, so
//! namespace prefixes (`cac:`, `cbc:`) do not matter.

use super::{OrderEvent, OrderLine, PurchaseOrder, ShippedLine};
use procura_ground::date::{self, Date, OffsetDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The largest document read (10 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// The deepest element nesting read.
pub const MAX_DEPTH: usize = procura_xml::MAX_DEPTH;
/// The most elements a document may have.
pub const MAX_ELEMENTS: usize = 500_000;
/// The longest element or attribute name read, prefix included (the longest in cXML or UBL is
/// under 40).
pub const MAX_NAME_BYTES: usize = procura_xml::MAX_NAME_BYTES;
/// The most attributes one element may have (namespace declarations included).
pub const MAX_ATTRIBUTES: usize = procura_xml::MAX_ATTRIBUTES;

/// The name of the cXML `Extrinsic` (and the Peppol `AdditionalDocumentReference/DocumentType`)
/// that carries [`PurchaseOrder::id`], so that answers can be matched to the order.
pub const ORDER_ID_EXTRINSIC: &str = "ProcuraOrderId";

/// Who a document is between, and what the core cannot know by itself (no clock, no entropy).
///
/// Party ids may name their scheme as `scheme:value`: an ISO 6523 ICD (`0088:7300010000001`,
/// `0192:987654325`) or a cXML credential domain (`DUNS:123456789`, `NetworkID:AN01000000001`).
/// Without a scheme, nine digits are taken as a DUNS number (ICD 0060), thirteen as a GLN (ICD
/// 0088), anything else as a cXML `NetworkID` (and, in Peppol, written without a `schemeID`).
/// In cXML, ICD 0060 is the domain `DUNS`, 0088 `GLN`, any other ICD the domain `NetworkID` with
/// the whole `icd:value` as identity; in Peppol a domain name other than DUNS/GLN gives no
/// `schemeID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub buyer_id: String,
    pub buyer_name: String,
    pub supplier_id: String,
    pub supplier_name: String,
    /// The document's unique id (cXML `payloadID`), e.g. `<timestamp>.<order id>@procura`. Make it
    /// anew for every document; the order's id goes into the document on its own.
    pub payload_id: String,
    /// When the document is made, written with its offset (`2026-11-25T09:30:00+00:00`, see
    /// [`date::moment_text`]). Also the order date (cXML `orderDate`, Peppol `IssueDate`).
    #[serde(with = "date::moment")]
    pub timestamp: OffsetDateTime,
    /// ISO 3166-1 alpha-2 code of the ship-to country, when known (the ship-to is free text).
    #[serde(default)]
    pub ship_to_country: Option<String>,
}

impl Default for Parties {
    /// Nobody, at 1970-01-01T00:00:00+00:00.
    fn default() -> Self {
        Self {
            buyer_id: String::new(),
            buyer_name: String::new(),
            supplier_id: String::new(),
            supplier_name: String::new(),
            payload_id: String::new(),
            timestamp: OffsetDateTime::UNIX_EPOCH,
            ship_to_country: None,
        }
    }
}

/// An order as a document states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedOrder {
    /// cXML `orderID`, Peppol `cbc:ID`: the order number people see.
    pub order_number: String,
    /// [`PurchaseOrder::id`], when the document carries it (see [`ORDER_ID_EXTRINSIC`]).
    pub order_id: Option<String>,
    /// cXML `orderDate`, Peppol `IssueDate` (+ `IssueTime`), when stated; a time without a
    /// zone is UTC. A date that is not ISO 8601 is refused.
    #[serde(default, with = "date::moment_opt")]
    pub order_date: Option<OffsetDateTime>,
    /// cXML `From` credential identity as written, Peppol buyer `EndpointID` (without its
    /// `schemeID`).
    pub buyer_id: String,
    /// cXML `To` credential identity as written, Peppol seller `EndpointID` (without its
    /// `schemeID`).
    pub supplier_id: String,
    pub currency: String,
    /// The order's total before tax (cXML `Total`, Peppol `AnticipatedMonetaryTotal/
    /// LineExtensionAmount`), when stated.
    pub total: Option<Decimal>,
    /// The delivery address, one line per address line (the country apart).
    pub ship_to: String,
    /// The ship-to country's ISO 3166-1 code, when stated.
    pub ship_to_country: Option<String>,
    /// Net payment days, when stated.
    pub payment_days: Option<u32>,
    /// Incoterms code, when stated.
    pub incoterm: Option<String>,
    /// Free text for the whole order.
    pub note: String,
    pub lines: Vec<ParsedLine>,
}

/// One order line as a document states it. `ParsedLine::from(&order_line)` is what a document
/// written from that line reads back as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedLine {
    pub line_no: u32,
    /// Empty for a non-catalog line.
    pub supplier_part: String,
    /// The buyer's catalog item id (cXML `SupplierPartAuxiliaryID`, Peppol
    /// `BuyersItemIdentification`).
    pub item_id: Option<String>,
    pub gtin: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Decimal,
    /// VAT rate, when stated and not zero.
    pub tax_percent: Option<Decimal>,
    /// Requested delivery date, `YYYY-MM-DD`.
    #[serde(default, with = "date::day_opt")]
    pub need_by: Option<Date>,
    /// UNSPSC code, empty when not stated.
    pub unspsc: String,
}

impl From<&OrderLine> for ParsedLine {
    fn from(l: &OrderLine) -> Self {
        let some = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Self {
            line_no: l.line_no,
            supplier_part: l.supplier_part.trim().to_owned(),
            item_id: some(&l.item_id.as_ref().map(|i| i.to_string())),
            gtin: some(&l.gtin),
            description: l.description.trim().to_owned(),
            quantity: l.quantity,
            unit: l.unit.trim().to_owned(),
            unit_price: l.unit_price,
            tax_percent: (!l.tax_percent.is_zero()).then_some(l.tax_percent),
            need_by: Some(l.need_by),
            unspsc: l.unspsc.trim().to_owned(),
        }
    }
}

/// Which document a supplier message came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    CxmlConfirmation,
    CxmlShipNotice,
    CxmlStatusUpdate,
    PeppolOrderResponse,
    PeppolDespatchAdvice,
}

/// Which order a supplier message is about, as far as the document says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    /// [`PurchaseOrder::id`], when the supplier echoed the `ProcuraOrderId` extrinsic.
    pub order_id: Option<String>,
    /// The order number (cXML `OrderReference/@orderID`, Peppol `OrderReference/cbc:ID`).
    pub order_number: Option<String>,
    /// The `payloadID` of the buyer's document this answers (cXML `DocumentReference`).
    pub payload_id: Option<String>,
}

/// What a supplier document says, for the endpoint to record on the order (or just log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierMessage {
    pub kind: DocumentKind,
    /// The document's own id (cXML `payloadID`, Peppol `cbc:ID`), to recognise a repeat.
    pub document_id: String,
    /// Who sent it (cXML `From` identity, Peppol supplier `EndpointID`), empty if not stated.
    pub sender_id: String,
    pub order_ref: OrderRef,
    /// `None` when the document changes nothing on the order (a status update, a receipt
    /// acknowledgement, a withdrawn ship notice): log `note`.
    ///
    /// Its `at_ms` is the document's own time when it states one, else 0 (the endpoint fills in
    /// its clock). A `Shipped` event with no lines means the whole order (cXML: a
    /// `ShipNoticePortion` without items); [`outstanding_lines`] says what that is.
    pub event: Option<OrderEvent>,
    /// What a person should read: comments, status texts, changes the event cannot hold.
    pub note: String,
}

/// Why a document could not be read. Paths are element paths (`/cXML/Request/OrderRequest/
/// ItemOut[2]/ItemDetail`), an index only where siblings share a name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DocumentError {
    #[error("the document has {bytes} bytes, more than the {max} accepted")]
    TooLarge { bytes: usize, max: usize },
    #[error("malformed XML at line {line}: {message}")]
    Malformed { line: u64, message: String },
    #[error("refused at line {line}: {message}")]
    Refused { line: u64, message: String },
    #[error("not {expected}: the root element is <{found}>")]
    WrongRoot { found: String, expected: String },
    #[error("missing required element {path}")]
    MissingElement { path: String },
    #[error("{path}: missing required attribute {attribute}")]
    MissingAttribute { path: String, attribute: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: {message}")]
    Unsupported { path: String, message: String },
    #[error("{path}: the document is about several orders ({orders}); read it with parse_supplier_messages")]
    SeveralOrders { path: String, orders: String },
}

impl DocumentError {
    /// The element path the error is at, when it is at one.
    pub fn path(&self) -> Option<&str> {
        match self {
            DocumentError::MissingElement { path }
            | DocumentError::MissingAttribute { path, .. }
            | DocumentError::Invalid { path, .. }
            | DocumentError::Unsupported { path, .. }
            | DocumentError::SeveralOrders { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// What a shipment "of the whole order" ships: each line's confirmed (else ordered) quantity less
/// what was already shipped, lines with nothing left left out.
pub fn outstanding_lines(po: &PurchaseOrder) -> Vec<ShippedLine> {
    super::progress(po)
        .into_iter()
        .filter(|p| p.state != super::LineState::Rejected && p.state != super::LineState::Cancelled)
        .filter_map(|p| {
            let left = p.confirmed.unwrap_or(p.ordered).saturating_sub(p.shipped);
            (left > Decimal::ZERO).then_some(ShippedLine {
                line_no: p.line_no,
                quantity: left,
            })
        })
        .collect()
}

pub(crate) fn single(mut messages: Vec<SupplierMessage>) -> Result<SupplierMessage, DocumentError> {
    if messages.len() == 1 {
        return Ok(messages.remove(0));
    }
    let orders: Vec<String> = messages
        .iter()
        .map(|m| {
            m.order_ref
                .order_number
                .clone()
                .or_else(|| m.order_ref.payload_id.clone())
                .unwrap_or_else(|| "?".into())
        })
        .collect();
    Err(DocumentError::SeveralOrders {
        path: "/".into(),
        orders: orders.join(", "),
    })
}

// ---------------------------------------------------------------------------------------------
// Time

/// An ISO 8601 date or date-time in milliseconds since 1970 (UTC): `YYYY-MM-DD` (the start of
/// that day, UTC), or with `THH:MM[:SS[.fff]]` and an optional zone (`Z`, `±HH:MM`, `±HHMM`,
/// `±HH`; none means UTC). `None` when the text is not one.
pub fn parse_timestamp_ms(text: &str) -> Option<i64> {
    parse_moment(text).map(date::ms_of)
}

pub use date::parse_moment;

/// `2026-11-25T09:30:00+00:00`: a moment in milliseconds as documents write it (UTC, to the
/// second).
pub fn iso_timestamp(ms: i64) -> String {
    date::moment_text(date::moment_of_ms(ms - ms.rem_euclid(1000)))
}

/// The calendar day a date or date-time is written for (`2020-02-28T00:00:00-08:00` →
/// `2020-02-28`), without moving it to UTC: a delivery date is a local day.
pub(crate) fn date_part(text: &str) -> Option<Date> {
    let text = text.trim();
    let day = date::parse_day(text.get(..10)?)?;
    let rest = &text[10..];
    (rest.is_empty() || rest.starts_with(['T', 't', ' '])).then_some(day)
}

/// A timestamp attribute or element: absent → `None`; present but not ISO 8601 → an error.
pub(crate) fn timestamp_at(path: &str, text: Option<&str>) -> Result<Option<i64>, DocumentError> {
    Ok(moment_at(path, text)?.map(date::ms_of))
}

/// A date-time attribute or element as a moment: absent → `None`; present but not ISO 8601 →
/// an error.
pub(crate) fn moment_at(
    path: &str,
    text: Option<&str>,
) -> Result<Option<OffsetDateTime>, DocumentError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_moment(t)
            .map(Some)
            .ok_or_else(|| DocumentError::Invalid {
                path: path.to_owned(),
                message: format!("\"{t}\" is not an ISO 8601 date or date-time"),
            }),
    }
}

/// A date attribute or element, as its calendar day.
pub(crate) fn date_at(path: &str, text: Option<&str>) -> Result<Option<Date>, DocumentError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => date_part(t)
            .map(Some)
            .ok_or_else(|| DocumentError::Invalid {
                path: path.to_owned(),
                message: format!("\"{t}\" is not an ISO 8601 date (YYYY-MM-DD)"),
            }),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers, ids, text

/// An XML Schema decimal: optional sign, digits, optional point and digits.
pub(crate) fn decimal_at(path: &str, text: &str) -> Result<Decimal, DocumentError> {
    let t = text.trim();
    let invalid = |message: String| DocumentError::Invalid {
        path: path.to_owned(),
        message,
    };
    if t.is_empty() {
        return Err(invalid("empty, a number is needed".into()));
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return Err(invalid(format!("\"{t}\" is not a number")));
    }
    let value = Decimal::from_str(t.strip_prefix('+').unwrap_or(t))
        .map_err(|e| invalid(format!("\"{t}\" is not a usable number ({e})")))?;
    if value.abs() > procura_ground::money::MAX_AMOUNT
        || value.normalize().scale() > procura_ground::money::MAX_DECIMALS
    {
        return Err(invalid(format!(
            "\"{t}\" is out of range (at most {} and {} decimals)",
            procura_ground::money::MAX_AMOUNT,
            procura_ground::money::MAX_DECIMALS
        )));
    }
    Ok(value)
}

/// A quantity a supplier states (ordered, confirmed, shipped): 0 to
/// [`procura_ground::money::MAX_QUANTITY`], at most [`procura_ground::money::MAX_DECIMALS`] decimals.
pub(crate) fn quantity_at(path: &str, text: &str) -> Result<Decimal, DocumentError> {
    let q = decimal_at(path, text)?;
    procura_ground::money::check_count(q).map_err(|e| DocumentError::Invalid {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// A line number: a whole number from 1.
pub(crate) fn line_no_at(path: &str, text: &str) -> Result<u32, DocumentError> {
    let t = text.trim();
    t.parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| DocumentError::Invalid {
            path: path.to_owned(),
            message: format!("line number \"{t}\" is not a whole number from 1"),
        })
}

/// `a + b` of two quantities, refused past [`procura_ground::money::MAX_QUANTITY`].
pub(crate) fn add_quantity(path: &str, a: Decimal, b: Decimal) -> Result<Decimal, DocumentError> {
    a.checked_add(b)
        .filter(|q| *q <= procura_ground::money::MAX_QUANTITY)
        .ok_or_else(|| DocumentError::Invalid {
            path: path.to_owned(),
            message: format!(
                "the quantities add up to more than {}",
                procura_ground::money::MAX_QUANTITY
            ),
        })
}

/// Amounts are written in the currency's minor units ([`procura_ground::money::round`]: halves away
/// from zero), e.g. `12.50` CNY, `1250` JPY, `1.250` KWD.
pub(crate) fn money(amount: Decimal, currency: &str) -> String {
    let dp = procura_ground::money::minor_units(currency) as usize;
    format!("{:.*}", dp, procura_ground::money::round(amount, currency))
}

/// A line's net by the rule of [`procura_ground::money::line_net`]. The hub refuses an order whose lines
/// are out of bounds, so for a stored order this never saturates; a document is still written
/// (with [`procura_ground::money::MAX_AMOUNT`] + 1, which no reader accepts) rather than panicking.
pub(crate) fn line_amount(line: &OrderLine, currency: &str) -> Decimal {
    procura_ground::money::line_net(line.quantity, line.unit_price, currency).unwrap_or(OVER)
}

pub(crate) fn tax_amount(line: &OrderLine, currency: &str) -> Decimal {
    procura_ground::money::tax(line_amount(line, currency), line.tax_percent, currency)
        .unwrap_or(OVER)
}

/// The sum of amounts; past the bounds it is [`OVER`].
pub(crate) fn total(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    procura_ground::money::sum(amounts).unwrap_or(OVER)
}

/// What an out-of-bounds amount is written as: one above [`procura_ground::money::MAX_AMOUNT`].
const OVER: Decimal = Decimal::from_parts(3_567_587_329, 232, 0, false, 0);

/// A party id split into its scheme (as written, if any) and value.
pub(crate) fn split_id(id: &str) -> (Option<&str>, &str) {
    let id = id.trim();
    match id.split_once(':') {
        Some((scheme, value))
            if !scheme.is_empty()
                && scheme.len() <= 32
                && !value.starts_with("//")
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            (Some(scheme), value.trim())
        }
        _ => (None, id),
    }
}

fn digits(value: &str, n: usize) -> bool {
    value.len() == n && value.bytes().all(|b| b.is_ascii_digit())
}

/// The cXML credential domain and identity of a party id.
pub(crate) fn cxml_credential(id: &str) -> (String, String) {
    let (scheme, value) = split_id(id);
    let domain = match scheme {
        Some("0060") => "DUNS",
        Some("0088") => "GLN",
        Some(s) if s.eq_ignore_ascii_case("duns") => "DUNS",
        // Another ISO 6523 scheme has no cXML domain: the whole id is the network id.
        Some(s) if digits(s, 4) => return ("NetworkID".to_owned(), id.trim().to_owned()),
        Some(s) => s,
        None if digits(value, 9) => "DUNS",
        None if digits(value, 13) => "GLN",
        None => "NetworkID",
    };
    (domain.to_owned(), value.to_owned())
}

/// The Peppol `schemeID` (ISO 6523 ICD) and value of a party id.
pub(crate) fn peppol_endpoint(id: &str) -> (Option<String>, String) {
    let (scheme, value) = split_id(id);
    let icd = match scheme {
        Some(s) if digits(s, 4) => Some(s.to_owned()),
        Some(s) if s.eq_ignore_ascii_case("duns") => Some("0060".to_owned()),
        Some(s) if s.eq_ignore_ascii_case("gln") => Some("0088".to_owned()),
        Some(_) => None,
        None if digits(value, 9) => Some("0060".to_owned()),
        None if digits(value, 13) => Some("0088".to_owned()),
        None => None,
    };
    (icd, value.to_owned())
}

/// The lines of a free-text address, trimmed, empty ones dropped.
pub(crate) fn address_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// `zh` for text with Chinese characters, else `en` (an `xml:lang` for free text).
pub(crate) fn lang_of(text: &str) -> &'static str {
    let cjk = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    if text.chars().any(cjk) {
        "zh"
    } else {
        "en"
    }
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
