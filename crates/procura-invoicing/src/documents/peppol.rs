//! Peppol BIS Billing 3.0 (UBL 2.1): `Invoice` and `CreditNote`.
//!
//! Reading ([`super::parse_invoice`]):
//! - `cbc:ID` → `number`; `cbc:UUID`, when there, → `document_id`; `cbc:IssueDate` →
//!   `issued`; `cbc:DueDate` (an `Invoice`), else `cac:PaymentMeans/cbc:PaymentDueDate` → `due`;
//!   `DocumentCurrencyCode`.
//! - `cac:OrderReference/cbc:ID` → `order_number`; an `AdditionalDocumentReference` whose
//!   `DocumentType` (as in the orders we send) or `DocumentDescription` (as this writer puts it:
//!   BIS Billing warns against a `DocumentType`) is `ProcuraOrderId` → `order_id`.
//! - `cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID` → `credit_for` on a credit note
//!   (further ones, and any on an invoice, go to the note).
//! - The first `cac:ContractDocumentReference/cbc:ID` → `contract`.
//! - To the note: `cbc:Note`, `DespatchDocumentReference`, `ReceiptDocumentReference`, further
//!   `ContractDocumentReference`s, the `InvoiceTypeCode` when not 380, document-level
//!   `AllowanceCharge`s, `PrepaidAmount`, line allowances and charges, and each
//!   `PaymentTerms/cbc:Note` — except the two forms this writer uses, which are read back as
//!   terms: `Net <n> days` → `payment_days`, `<p>% discount if paid within <d> days` →
//!   `discount`, the two joined by `; ` in one note (BIS allows one `PaymentTerms`).
//! - `cac:TaxTotal/cbc:TaxAmount` in the document currency (a second `TaxTotal` in the tax
//!   currency is skipped) → `tax_total`; `LegalMonetaryTotal/PayableAmount` (else
//!   `TaxInclusiveAmount`) → `total`.
//! - Lines (`cac:InvoiceLine` / `cac:CreditNoteLine`, at most [`MAX_LINES`](crate::invoice::MAX_LINES)):
//!   `cbc:ID` → `line_no` (its position when not a whole number), `InvoicedQuantity` /
//!   `CreditedQuantity` and `unitCode`, `LineExtensionAmount` → `net`,
//!   `OrderLineReference/LineID` → `order_line` when a whole number, `Item/Name` (else
//!   `Item/Description`), `Item/SellersItemIdentification/ID`, `Item/ClassifiedTaxCategory/Percent`,
//!   `Price/PriceAmount ÷ Price/BaseQuantity` (rounded to 6 decimals).
//! - A negative line (Peppol's correction inside a document: quantity and amount negative, the
//!   price positive) is kept signed, and matching nets it against the order line it corrects
//!   (the official `base-example.xml` has one on line 2); a line whose amount and quantity have
//!   opposite signs is refused.
//! - Sender: `AccountingSupplierParty/Party/EndpointID` as `schemeID:value`.
//!
//! Writing ([`write_peppol_invoice`]): an `Invoice` (type 380) or `CreditNote` (381) in the
//! element order of the UBL 2.1 schemas, with the BIS customization and profile ids; no `UUID`
//! (BIS warns against it), so `document_id` is not carried. Its output validates against the
//! UBL 2.1 `Invoice`/`CreditNote` XSDs. Of the EN 16931 business rules it still breaks those on
//! what the signature does not give it: the seller's and buyer's postal addresses (BR-08, BR-10),
//! the seller's VAT or legal identifier (BR-CO-26, BR-S-02). The parties
//! carry only their `EndpointID` (and the id as `PartyLegalEntity/RegistrationName`): names and
//! addresses, which the BIS rules require, are not known here. One `TaxSubtotal` per VAT rate
//! (category `S`, or `Z` at 0 %) worked out from the lines.

use super::{
    amount_text, check_amount, check_line_count, check_price, check_quantity, check_tax_percent,
    day_at, decimal, invalid, join_notes, lines_net, money_text, number, per_unit, req, req_text,
    DocumentError, Format, ParsedInvoice, XmlOut,
};
use crate::invoice::{DocKind, EarlyDiscount, InvoiceDocument, InvoiceLine};
use procura_ground::money;
use procura_orders::order::documents::ORDER_ID_EXTRINSIC;
use procura_xml::Node;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

pub const CUSTOMIZATION_ID: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
pub const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

pub(crate) fn read(root: Node<'_>) -> Result<ParsedInvoice, DocumentError> {
    let credit = root.name() == "CreditNote";
    let kind = if credit {
        DocKind::CreditNote
    } else {
        DocKind::Invoice
    };
    let number = req_text(root, &["ID"])?;
    let document_id = root.text_at(&["UUID"]).unwrap_or_default();
    let issued_el = req(root, &["IssueDate"])?;
    let issued = day_at(&issued_el.path(), &issued_el.value())?;
    let due_el = root
        .child("DueDate")
        .or_else(|| root.find(&["PaymentMeans", "PaymentDueDate"]));
    let due = match due_el {
        Some(d) if !d.value().is_empty() => Some(day_at(&d.path(), &d.value())?),
        _ => None,
    };
    let currency = req_text(root, &["DocumentCurrencyCode"])?;
    let mut notes: Vec<String> = root.children("Note").map(Node::value).collect();
    let type_code = root
        .text_at(&["InvoiceTypeCode"])
        .or_else(|| root.text_at(&["CreditNoteTypeCode"]));
    if let Some(code) = type_code.filter(|c| c != "380" && c != "381") {
        notes.push(format!("document type {code}"));
    }
    let order_number = root.text_at(&["OrderReference", "ID"]);
    let order_id = root
        .children("AdditionalDocumentReference")
        .find(|r| {
            [&["DocumentType"][..], &["DocumentDescription"][..]]
                .iter()
                .any(|p| r.text_at(p).as_deref() == Some(ORDER_ID_EXTRINSIC))
        })
        .and_then(|r| r.text_at(&["ID"]));
    let mut billed: Vec<String> = root
        .children("BillingReference")
        .filter_map(|b| b.text_at(&["InvoiceDocumentReference", "ID"]))
        .collect();
    let credit_for = if credit && !billed.is_empty() {
        Some(billed.remove(0))
    } else {
        None
    };
    for b in billed {
        notes.push(format!("refers to invoice {b}"));
    }
    let mut contracts = root
        .children("ContractDocumentReference")
        .filter_map(|r| r.text_at(&["ID"]));
    let contract = contracts.next();
    for other in contracts {
        notes.push(format!("contract {other}"));
    }
    for (el, what) in [
        ("DespatchDocumentReference", "despatch advice"),
        ("ReceiptDocumentReference", "receipt"),
    ] {
        for r in root.children(el) {
            if let Some(id) = r.text_at(&["ID"]) {
                notes.push(format!("{what} {id}"));
            }
        }
    }
    let mut payment_days = None;
    let mut discount = None;
    for n in root.find_all(&["PaymentTerms", "Note"]) {
        let text = n.value();
        let parts: Vec<Option<Terms>> = text.split("; ").map(own_terms).collect();
        if parts.iter().all(Option::is_some) {
            for t in parts.into_iter().flatten() {
                match t {
                    Terms::Net(d) => {
                        payment_days.get_or_insert(d);
                    }
                    Terms::Discount(d) => {
                        discount.get_or_insert(d);
                    }
                }
            }
        } else {
            notes.push(format!("payment terms: {text}"));
        }
    }
    for ac in root.children("AllowanceCharge") {
        notes.push(allowance_charge(ac, &currency)?);
    }

    let tax_totals: Vec<Node<'_>> = root.children("TaxTotal").collect();
    let tax_el = tax_totals
        .iter()
        .filter_map(|t| t.child("TaxAmount"))
        .find(|a| a.attr("currencyID").is_none_or(|c| c == currency))
        .ok_or_else(|| DocumentError::MissingElement {
            path: format!("{}/TaxTotal/TaxAmount", root.path()),
        })?;
    let tax_total = check_amount(&tax_el.path(), amount_in(tax_el, &currency)?)?;
    let totals = req(root, &["LegalMonetaryTotal"])?;
    let total_el = totals
        .child("PayableAmount")
        .or_else(|| totals.child("TaxInclusiveAmount"))
        .ok_or_else(|| DocumentError::MissingElement {
            path: format!("{}/PayableAmount", totals.path()),
        })?;
    let total = check_amount(&total_el.path(), amount_in(total_el, &currency)?)?;
    if let Some(p) = totals.child("PrepaidAmount") {
        let prepaid = decimal(p)?;
        if !prepaid.is_zero() {
            notes.push(format!("prepaid {prepaid} {currency}"));
        }
    }

    let (line_name, qty_name) = if credit {
        ("CreditNoteLine", "CreditedQuantity")
    } else {
        ("InvoiceLine", "InvoicedQuantity")
    };
    let line_nodes: Vec<Node<'_>> = root.children(line_name).collect();
    check_line_count(&root.path(), line_nodes.len(), line_name)?;
    let mut lines = Vec::with_capacity(line_nodes.len());
    for (i, l) in line_nodes.iter().enumerate() {
        lines.push(read_line(*l, i, qty_name, &currency, &mut notes)?);
    }

    let sender_id = root
        .find(&["AccountingSupplierParty", "Party", "EndpointID"])
        .map(|e| {
            let v = e.value();
            match e.attr("schemeID") {
                Some(s) => format!("{s}:{v}"),
                None => v,
            }
        })
        .unwrap_or_default();
    Ok(ParsedInvoice {
        format: Format::Peppol,
        sender_id,
        document: InvoiceDocument {
            kind,
            number,
            document_id,
            issued,
            due,
            currency,
            order_id,
            order_number,
            credit_for,
            contract,
            lines,
            tax_total,
            total,
            payment_days,
            discount,
            note: join_notes(notes.iter().map(String::as_str)),
        },
    })
}

/// An amount element's value, in the document currency (its `currencyID`, when given, must be
/// that currency).
fn amount_in(node: Node<'_>, currency: &str) -> Result<Decimal, DocumentError> {
    match node.attr("currencyID") {
        Some(c) if c != currency => Err(invalid(
            node.path(),
            format!("currency {c}, the document is in {currency}"),
        )),
        _ => decimal(node),
    }
}

fn allowance_charge(ac: Node<'_>, currency: &str) -> Result<String, DocumentError> {
    let charge = ac.text_at(&["ChargeIndicator"]).as_deref() == Some("true");
    let amount = decimal(req(ac, &["Amount"])?)?;
    let reason = ac
        .text_at(&["AllowanceChargeReason"])
        .or_else(|| ac.text_at(&["AllowanceChargeReasonCode"]))
        .unwrap_or_default();
    let what = if charge { "charge" } else { "allowance" };
    Ok(join_words(&[
        what,
        &reason,
        &format!("{amount} {currency}"),
    ]))
}

fn join_words(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_line(
    l: Node<'_>,
    index: usize,
    qty_name: &str,
    currency: &str,
    notes: &mut Vec<String>,
) -> Result<InvoiceLine, DocumentError> {
    let id = l.text_at(&["ID"]).unwrap_or_default();
    let line_no = id
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or_else(|| u32::try_from(index + 1).unwrap_or(u32::MAX));
    // A negative line is Peppol's correction within the document (goods returned, a line
    // billed before): quantity and amount both negative, the price positive. It is kept signed;
    // matching nets it against the line it corrects.
    let q_el = req(l, &[qty_name])?;
    let quantity = decimal(q_el)?;
    let signed = |magnitude: Decimal, negative: bool| if negative { -magnitude } else { magnitude };
    let quantity = signed(
        check_quantity(&q_el.path(), quantity.abs())?,
        quantity.is_sign_negative(),
    );
    let unit = q_el.attr("unitCode").unwrap_or_default().to_owned();
    let net_el = req(l, &["LineExtensionAmount"])?;
    let net = amount_in(net_el, currency)?;
    if net.is_sign_negative() != quantity.is_sign_negative() && !net.is_zero() {
        return Err(invalid(
            net_el.path(),
            format!(
                "line {line_no}: the amount {net} and the quantity {quantity} have opposite signs"
            ),
        ));
    }
    let net = signed(
        check_amount(&net_el.path(), net.abs())?,
        net < Decimal::ZERO,
    );
    let order_line = l
        .text_at(&["OrderLineReference", "LineID"])
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|n| *n > 0);
    let item = req(l, &["Item"])?;
    let description = item
        .text_at(&["Name"])
        .or_else(|| item.text_at(&["Description"]))
        .unwrap_or_default();
    let supplier_part = item
        .text_at(&["SellersItemIdentification", "ID"])
        .unwrap_or_default();
    let tax_percent = match item.find(&["ClassifiedTaxCategory", "Percent"]) {
        Some(p) if !p.value().is_empty() => check_tax_percent(&p.path(), decimal(p)?)?,
        _ => Decimal::ZERO,
    };
    let price_el = req(l, &["Price", "PriceAmount"])?;
    let price = check_price(&price_el.path(), amount_in(price_el, currency)?)?;
    let unit_price = match l.find(&["Price", "BaseQuantity"]) {
        Some(b) if !b.value().is_empty() => {
            let base = check_quantity(&b.path(), decimal(b)?)?;
            per_unit(&b.path(), price, base)?
        }
        _ => price,
    };
    for ac in l.children("AllowanceCharge") {
        notes.push(format!(
            "line {line_no}: {}",
            allowance_charge(ac, currency)?
        ));
    }
    Ok(InvoiceLine {
        line_no,
        order_line,
        supplier_part,
        description,
        quantity,
        unit,
        unit_price,
        tax_percent,
        net,
    })
}

enum Terms {
    Net(u32),
    Discount(EarlyDiscount),
}

/// The payment terms this writer puts in `PaymentTerms/cbc:Note`, read back; any other text is
/// not interpreted.
fn own_terms(text: &str) -> Option<Terms> {
    let t = text.trim();
    if let Some(days) = t.strip_prefix("Net ").and_then(|r| r.strip_suffix(" days")) {
        return days
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= 3_650)
            .map(Terms::Net);
    }
    let (percent, rest) = t.split_once("% discount if paid within ")?;
    let days = rest
        .strip_suffix(" days")?
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= 3_650)?;
    let percent = Decimal::from_str(percent)
        .ok()
        .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED && p.scale() <= 6)?;
    Some(Terms::Discount(EarlyDiscount { days, percent }))
}

// ---------------------------------------------------------------------------------------------
// Writing

/// `schemeID` and value of an endpoint written `icd:value` (a four-digit ISO 6523 ICD).
fn endpoint(id: &str) -> (Option<&str>, &str) {
    let id = id.trim();
    match id.split_once(':') {
        Some((s, v)) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => (Some(s), v),
        _ => (None, id),
    }
}

fn party(x: &mut XmlOut, el: &str, id: &str) {
    let (scheme, value) = endpoint(id);
    x.open(el, &[]);
    x.open("cac:Party", &[]);
    match scheme {
        Some(s) => x.leaf("cbc:EndpointID", &[("schemeID", s)], value),
        None => x.leaf("cbc:EndpointID", &[], value),
    }
    x.open("cac:PartyLegalEntity", &[]);
    x.leaf("cbc:RegistrationName", &[], value);
    x.close("cac:PartyLegalEntity");
    x.close("cac:Party");
    x.close(el);
}

fn tax_category(x: &mut XmlOut, el: &str, percent: Decimal) {
    x.open(el, &[]);
    x.leaf("cbc:ID", &[], if percent.is_zero() { "Z" } else { "S" });
    x.leaf("cbc:Percent", &[], &number(percent));
    x.open("cac:TaxScheme", &[]);
    x.leaf("cbc:ID", &[], "VAT");
    x.close("cac:TaxScheme");
    x.close(el);
}

/// A supplier's invoice or credit note as a Peppol BIS Billing 3.0 `Invoice` or `CreditNote`
/// between two Peppol endpoints (`icd:value`, e.g. `0088:7300010000001`).
pub fn write_peppol_invoice(
    doc: &InvoiceDocument,
    supplier_endpoint: &str,
    buyer_endpoint: &str,
) -> String {
    let credit = doc.kind == DocKind::CreditNote;
    let c = doc.currency.as_str();
    let cur = [("currencyID", c)];
    let (root, ns) = if credit {
        ("CreditNote", NS_CREDIT_NOTE)
    } else {
        ("Invoice", NS_INVOICE)
    };
    let mut x = XmlOut::new("");
    x.open(
        root,
        &[("xmlns", ns), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)],
    );
    x.leaf("cbc:CustomizationID", &[], CUSTOMIZATION_ID);
    x.leaf("cbc:ProfileID", &[], PROFILE_ID);
    x.leaf("cbc:ID", &[], doc.number.trim());
    x.leaf("cbc:IssueDate", &[], &doc.issued.to_string());
    if let (false, Some(due)) = (credit, doc.due) {
        x.leaf("cbc:DueDate", &[], &due.to_string());
    }
    if credit {
        x.leaf("cbc:CreditNoteTypeCode", &[], "381");
    } else {
        x.leaf("cbc:InvoiceTypeCode", &[], "380");
    }
    if !doc.note.trim().is_empty() {
        x.leaf("cbc:Note", &[], doc.note.trim());
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], c);
    if let Some(n) = doc.order_number.as_deref().filter(|n| !n.trim().is_empty()) {
        x.open("cac:OrderReference", &[]);
        x.leaf("cbc:ID", &[], n.trim());
        x.close("cac:OrderReference");
    }
    if let Some(original) = doc.credit_for.as_deref().filter(|n| !n.trim().is_empty()) {
        x.open("cac:BillingReference", &[]);
        x.open("cac:InvoiceDocumentReference", &[]);
        x.leaf("cbc:ID", &[], original.trim());
        x.close("cac:InvoiceDocumentReference");
        x.close("cac:BillingReference");
    }
    if let Some(c) = doc.contract.as_deref().filter(|c| !c.trim().is_empty()) {
        x.open("cac:ContractDocumentReference", &[]);
        x.leaf("cbc:ID", &[], c.trim());
        x.close("cac:ContractDocumentReference");
    }
    if let Some(id) = doc.order_id.as_deref().filter(|n| !n.trim().is_empty()) {
        x.open("cac:AdditionalDocumentReference", &[]);
        x.leaf("cbc:ID", &[], id.trim());
        x.leaf("cbc:DocumentDescription", &[], ORDER_ID_EXTRINSIC);
        x.close("cac:AdditionalDocumentReference");
    }
    party(&mut x, "cac:AccountingSupplierParty", supplier_endpoint);
    party(&mut x, "cac:AccountingCustomerParty", buyer_endpoint);
    if let (true, Some(due)) = (credit, doc.due) {
        x.open("cac:PaymentMeans", &[]);
        x.leaf("cbc:PaymentMeansCode", &[], "1");
        x.leaf("cbc:PaymentDueDate", &[], &due.to_string());
        x.close("cac:PaymentMeans");
    }
    let mut terms = Vec::new();
    if let Some(days) = doc.payment_days {
        terms.push(format!("Net {days} days"));
    }
    if let Some(d) = &doc.discount {
        terms.push(format!(
            "{}% discount if paid within {} days",
            number(d.percent),
            d.days
        ));
    }
    if !terms.is_empty() {
        x.open("cac:PaymentTerms", &[]);
        x.leaf("cbc:Note", &[], &terms.join("; "));
        x.close("cac:PaymentTerms");
    }
    // One subtotal per rate, worked out from the lines.
    let mut by_rate: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    for l in &doc.lines {
        let e = by_rate.entry(l.tax_percent.normalize()).or_default();
        *e = money::add(*e, l.net).unwrap_or(*e);
    }
    x.open("cac:TaxTotal", &[]);
    x.leaf("cbc:TaxAmount", &cur, &amount_text(doc.tax_total, c));
    for (rate, taxable) in &by_rate {
        x.open("cac:TaxSubtotal", &[]);
        x.leaf("cbc:TaxableAmount", &cur, &money_text(*taxable, c));
        let tax = money::tax(*taxable, *rate, c).unwrap_or_default();
        x.leaf("cbc:TaxAmount", &cur, &money_text(tax, c));
        tax_category(&mut x, "cac:TaxCategory", *rate);
        x.close("cac:TaxSubtotal");
    }
    x.close("cac:TaxTotal");
    let net = lines_net(doc);
    x.open("cac:LegalMonetaryTotal", &[]);
    x.leaf("cbc:LineExtensionAmount", &cur, &amount_text(net, c));
    x.leaf("cbc:TaxExclusiveAmount", &cur, &amount_text(net, c));
    x.leaf(
        "cbc:TaxInclusiveAmount",
        &cur,
        &amount_text(money::add(net, doc.tax_total).unwrap_or(net), c),
    );
    x.leaf("cbc:PayableAmount", &cur, &amount_text(doc.total, c));
    x.close("cac:LegalMonetaryTotal");
    let (line_el, qty_el) = if credit {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    for l in &doc.lines {
        x.open(line_el, &[]);
        x.leaf("cbc:ID", &[], &l.line_no.to_string());
        x.leaf(qty_el, &[("unitCode", l.unit.trim())], &number(l.quantity));
        x.leaf("cbc:LineExtensionAmount", &cur, &amount_text(l.net, c));
        if let Some(o) = l.order_line {
            x.open("cac:OrderLineReference", &[]);
            x.leaf("cbc:LineID", &[], &o.to_string());
            x.close("cac:OrderLineReference");
        }
        x.open("cac:Item", &[]);
        x.leaf("cbc:Name", &[], l.description.trim());
        if !l.supplier_part.trim().is_empty() {
            x.open("cac:SellersItemIdentification", &[]);
            x.leaf("cbc:ID", &[], l.supplier_part.trim());
            x.close("cac:SellersItemIdentification");
        }
        tax_category(&mut x, "cac:ClassifiedTaxCategory", l.tax_percent);
        x.close("cac:Item");
        x.open("cac:Price", &[]);
        x.leaf("cbc:PriceAmount", &cur, &number(l.unit_price));
        x.close("cac:Price");
        x.close(line_el);
    }
    x.close(root);
    x.finish()
}
