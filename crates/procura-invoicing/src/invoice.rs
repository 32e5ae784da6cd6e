//! Supplier invoices and credit notes as records, and the rules that make and decide them.
//!
//! A document arrives from the supplier's system (cXML, Peppol BIS Billing), from the demo
//! supplier, or typed in by accounts payable from paper. The hub records it once per supplier,
//! kind and number ([`invoice_id`]); the record keeps what the document said, the order it was
//! matched to, and the decisions people took on its exceptions (an audit trail, oldest first).

use crate::matching::Status;
use procura_ground::date::{self, Date};
use procura_ground::id::{OrderId, SupplierId, UserId};
use procura_ground::money;
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use procura_orders::order::PurchaseOrder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub const MAX_NUMBER: usize = 64;
pub const MAX_LINES: usize = 1_000;
pub const MAX_TEXT: usize = 500;
pub const MAX_NOTE: usize = 2_000;
pub const MAX_COMMENT: usize = 500;
/// An invoice may be dated at most a day ahead (time zones, a supplier's clock).
const FUTURE_SLACK_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Invoice,
    CreditNote,
}

impl DocKind {
    fn key(self) -> &'static str {
        match self {
            DocKind::Invoice => "inv",
            DocKind::CreditNote => "cn",
        }
    }
}

/// How the document reached the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Cxml,
    Peppol,
    /// Typed in by accounts payable from a paper or PDF invoice.
    Entered,
    /// Sent by the demo supplier simulation.
    Demo,
}

/// An early-payment discount: `percent` off when paid within `days` of the invoice date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyDiscount {
    pub days: u32,
    pub percent: Decimal,
}

/// One line as the document states it. Quantities and amounts are positive on a credit note
/// too: the kind says which way the money goes. A negative line (quantity and net) corrects
/// within its document, as Peppol allows; matching nets it against its order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// The document's own line number.
    pub line_no: u32,
    /// The order line it bills (cXML `invoiceLineNumber`/`InvoiceDetailItemReference@lineNumber`,
    /// UBL `OrderLineReference/LineID`); `None` when the document does not say.
    #[serde(default)]
    pub order_line: Option<u32>,
    #[serde(default)]
    pub supplier_part: String,
    #[serde(default)]
    pub description: String,
    pub quantity: Decimal,
    /// UN/ECE Rec 20.
    #[serde(default)]
    pub unit: String,
    pub unit_price: Decimal,
    #[serde(default)]
    pub tax_percent: Decimal,
    /// The line's net as stated (quantity × price, rounded by the supplier).
    pub net: Decimal,
}

/// What a supplier's invoice or credit note says, whoever read or typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    pub kind: DocKind,
    /// The supplier's invoice (or credit note) number.
    pub number: String,
    /// The document's own id where it has one (cXML `payloadID`), for the audit trail.
    #[serde(default)]
    pub document_id: String,
    #[serde(with = "date::day")]
    pub issued: Date,
    /// The due date the document states, if any.
    #[serde(default, with = "date::day_opt")]
    pub due: Option<Date>,
    pub currency: String,
    /// Our order id, when the document carries it (we send it in every order).
    #[serde(default)]
    pub order_id: Option<String>,
    /// The order number as the document names it (`PO-…`).
    #[serde(default)]
    pub order_number: Option<String>,
    /// On a credit note: the invoice number it credits.
    #[serde(default)]
    pub credit_for: Option<String>,
    /// The contract (framework agreement) number the document names (cXML
    /// `MasterAgreementIDInfo`/`MasterAgreementReference@agreementID`, UBL
    /// `ContractDocumentReference/ID`); matching checks the order is under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    pub lines: Vec<InvoiceLine>,
    pub tax_total: Decimal,
    /// What the document says is payable (net + tax), ≥ 0.
    pub total: Decimal,
    /// Net payment days, when the document states terms.
    #[serde(default)]
    pub payment_days: Option<u32>,
    #[serde(default)]
    pub discount: Option<EarlyDiscount>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Pay it as it is, with a comment saying why.
    Accept,
    /// Ask the supplier for a credit note; a credit note that brings the order back within
    /// tolerance makes it match.
    RequestCredit,
    /// Do not pay it.
    Reject,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDecision {
    pub by: UserId,
    pub by_name: String,
    pub at_ms: i64,
    pub action: Action,
    #[serde(default)]
    pub comment: String,
}

/// A decision as a device sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDraft {
    pub invoice_id: String,
    /// The revision the decider saw.
    pub revision: u32,
    pub action: Action,
    #[serde(default)]
    pub comment: String,
}

/// An invoice typed in by accounts payable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredInvoice {
    pub supplier_id: SupplierId,
    pub document: InvoiceDocument,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// [`invoice_id`] of supplier, kind and number.
    pub id: String,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub source: Source,
    pub document: InvoiceDocument,
    /// The order it was matched to on arrival; `None`: it names no order of this supplier.
    #[serde(default)]
    pub order_id: Option<OrderId>,
    pub received_at_ms: i64,
    /// Who typed it in (an [`Source::Entered`] invoice).
    #[serde(default)]
    pub entered_by: Option<UserId>,
    #[serde(default)]
    pub decisions: Vec<InvoiceDecision>,
    pub revision: u32,
}

impl Invoice {
    pub fn kind(&self) -> DocKind {
        self.document.kind
    }

    /// The last decision, which is the one in force.
    pub fn decision(&self) -> Option<&InvoiceDecision> {
        self.decisions.last()
    }
}

/// The record id of a supplier's document: the same supplier, kind and number is the same
/// document (a duplicate), whatever route it came by. Numbers are compared as written, trimmed.
pub fn invoice_id(supplier: &SupplierId, kind: DocKind, number: &str) -> String {
    format!("{}:{}:{}", supplier.as_str(), kind.key(), number.trim())
}

/// The order a document is about, among the supplier's orders: by our order id first, then by
/// the order number. An order of another supplier is never matched.
pub fn find_order<'a>(
    doc: &InvoiceDocument,
    supplier: &SupplierId,
    orders: impl IntoIterator<Item = &'a PurchaseOrder>,
) -> Option<&'a PurchaseOrder> {
    let mut by_number = None;
    for o in orders {
        if o.supplier_id != *supplier {
            continue;
        }
        if doc.order_id.as_deref().map(str::trim) == Some(o.id.as_str()) {
            return Some(o);
        }
        if by_number.is_none()
            && doc
                .order_number
                .as_deref()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(&o.number))
        {
            by_number = Some(o);
        }
    }
    by_number
}

/// What is wrong with a document, if anything: every bound a hostile or careless sender could
/// cross, before any arithmetic.
pub fn check_document(doc: &InvoiceDocument, now_ms: i64) -> Result<(), Refusal> {
    let number = doc.number.trim();
    if number.is_empty()
        || number.chars().count() > MAX_NUMBER
        || number.chars().any(char::is_control)
    {
        return Err(Reason::InvoiceNumberInvalid { max: MAX_NUMBER }.into());
    }
    if doc.currency.len() != 3 || !doc.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Reason::InvoiceCurrencyInvalid {
            currency: doc.currency.chars().take(16).collect(),
        }
        .into());
    }
    if doc.lines.is_empty() || doc.lines.len() > MAX_LINES {
        return Err(Reason::InvoiceNoLines { max: MAX_LINES }.into());
    }
    let texts = [
        Some(doc.document_id.as_str()),
        doc.order_id.as_deref(),
        doc.order_number.as_deref(),
        doc.credit_for.as_deref(),
    ];
    if texts
        .into_iter()
        .flatten()
        .any(|t| t.chars().count() > MAX_TEXT)
        || doc.note.chars().count() > MAX_NOTE
    {
        return Err(Reason::InvoiceTextTooLong { max: MAX_TEXT }.into());
    }
    for l in &doc.lines {
        // A negative line corrects within the document (Peppol): quantity and net negative.
        let ok = money::check_quantity(l.quantity.abs()).is_ok()
            && money::check_price(l.unit_price).is_ok()
            && money::check_tax_percent(l.tax_percent).is_ok()
            && money::check_amount(l.net.abs()).is_ok()
            && (l.net.is_zero() || l.net.is_sign_negative() == l.quantity.is_sign_negative());
        if !ok {
            return Err(Reason::InvoiceLineInvalid { line: l.line_no }.into());
        }
        if l.description.chars().count() > MAX_TEXT
            || l.supplier_part.chars().count() > MAX_TEXT
            || l.unit.chars().count() > 8
        {
            return Err(Reason::InvoiceTextTooLong { max: MAX_TEXT }.into());
        }
    }
    let amount_ok = |a: Decimal| a >= Decimal::ZERO && money::check_amount(a).is_ok();
    if !amount_ok(doc.total) || !amount_ok(doc.tax_total) {
        return Err(Reason::InvoiceTotalInvalid {}.into());
    }
    if let Some(d) = &doc.discount {
        if d.days > 3_650 || d.percent <= Decimal::ZERO || d.percent >= Decimal::ONE_HUNDRED {
            return Err(Reason::InvoiceDatesInvalid {}.into());
        }
    }
    let latest = date::day_of_ms(now_ms.saturating_add(FUTURE_SLACK_MS));
    if doc.issued > latest
        || doc.due.is_some_and(|due| due < doc.issued)
        || doc.payment_days.is_some_and(|d| d > 3_650)
    {
        return Err(Reason::InvoiceDatesInvalid {}.into());
    }
    Ok(())
}

/// Records a supplier's document. `existing` is the record already under its
/// [`invoice_id`]: a document is recorded once, a second one with the same number is a
/// duplicate and refused. `order` is what [`find_order`] found.
pub fn record(
    existing: Option<&Invoice>,
    supplier: (&SupplierId, &str),
    mut document: InvoiceDocument,
    order: Option<&PurchaseOrder>,
    source: Source,
    now_ms: i64,
) -> Result<Invoice, Refusal> {
    check_document(&document, now_ms)?;
    document.number = document.number.trim().to_owned();
    let id = invoice_id(supplier.0, document.kind, &document.number);
    if existing.is_some() {
        return Err(Reason::InvoiceDuplicate {
            number: document.number,
        }
        .into());
    }
    Ok(Invoice {
        id,
        supplier_id: supplier.0.clone(),
        supplier_name: supplier.1.to_owned(),
        source,
        order_id: order.map(|o| o.id.clone()),
        document,
        received_at_ms: now_ms,
        entered_by: None,
        decisions: Vec::new(),
        revision: 1,
    })
}

/// Accounts payable (or an admin) types in a paper invoice. `supplier_name` is `None` when the
/// supplier is not one of the organisation's.
#[allow(clippy::too_many_arguments)]
pub fn enter(
    existing: Option<&Invoice>,
    entered: EnteredInvoice,
    supplier_name: Option<&str>,
    order: Option<&PurchaseOrder>,
    author: &UserId,
    roles: &[Role],
    now_ms: i64,
) -> Result<Invoice, Refusal> {
    if !roles
        .iter()
        .any(|r| matches!(r, Role::AccountsPayable | Role::Admin))
    {
        return Err(Reason::InvoiceEntryRole {}.into());
    }
    let Some(name) = supplier_name else {
        return Err(Reason::InvoiceUnknownSupplier {}.into());
    };
    let mut invoice = record(
        existing,
        (&entered.supplier_id, name),
        entered.document,
        order,
        Source::Entered,
        now_ms,
    )?;
    invoice.entered_by = Some(author.clone());
    Ok(invoice)
}

/// A person decides an invoice in exception. `status` is the invoice's status as
/// [`crate::matching`] works it out now; `requesters` are the people whose requisitions the
/// order fulfils (none of them may decide: segregation of duties).
#[allow(clippy::too_many_arguments)]
pub fn decide(
    invoice: &Invoice,
    draft: &DecisionDraft,
    status: Status,
    requesters: &[UserId],
    author: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<Invoice, Refusal> {
    if !roles
        .iter()
        .any(|r| matches!(r, Role::AccountsPayable | Role::Buyer))
    {
        return Err(Reason::InvoiceDecideRole {}.into());
    }
    if requesters.contains(author.0) {
        return Err(Reason::InvoiceOwnRequest {}.into());
    }
    if draft.revision != invoice.revision {
        return Err(Reason::InvoiceStale {
            revision: invoice.revision,
            base: draft.revision,
        }
        .into());
    }
    if !matches!(status, Status::Exception | Status::CreditRequested) {
        return Err(Reason::InvoiceNotException {}.into());
    }
    let comment = draft.comment.trim();
    let needs_comment = draft.action != Action::RequestCredit;
    if comment.chars().count() > MAX_COMMENT || (needs_comment && comment.is_empty()) {
        return Err(Reason::InvoiceCommentRequired { max: MAX_COMMENT }.into());
    }
    let mut next = invoice.clone();
    next.decisions.push(InvoiceDecision {
        by: author.0.clone(),
        by_name: author.1.to_owned(),
        at_ms: now_ms,
        action: draft.action,
        comment: comment.to_owned(),
    });
    next.revision = invoice.revision.saturating_add(1);
    Ok(next)
}
