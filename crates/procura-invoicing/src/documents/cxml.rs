//! cXML 1.2 `InvoiceDetailRequest`: a supplier's invoice or credit memo.
//!
//! Reading ([`super::parse_invoice`]):
//! - `cXML@payloadID` → `document_id`; `Header/From/Credential/Identity` → the sender.
//! - `InvoiceDetailRequestHeader`: `invoiceID` → `number`; `invoiceDate` → `issued` (the day as
//!   written); `purpose` `standard` (the default) → an invoice, `creditMemo` or
//!   `lineLevelCreditMemo` → a credit note; any other purpose (`debitMemo`, …) and
//!   `operation="delete"` are refused. `InvoiceDetailPaymentTerm`: a term with a positive
//!   `percentageRate` is the early-payment discount, one with rate 0 the net days (a negative
//!   rate, a late-payment penalty, goes to the note); without any, `PaymentTerm@payInNumberOfDays`
//!   and its `Discount` are read as written by some networks. `InvoiceIDInfo@invoiceID` (else an
//!   `Extrinsic` named `invoiceID`/`originalInvoiceID`/`originalInvoiceNumber`) → `credit_for` on
//!   a credit memo. `Comments` → the note. The `ProcuraOrderId` `Extrinsic` → `order_id`.
//! - `InvoiceDetailOrder` (several only when they name the same order; an invoice over several
//!   orders is refused): `InvoiceDetailOrderInfo` `OrderReference@orderID` (else
//!   `OrderIDInfo@orderID`, `SupplierOrderInfo@orderID`) → `order_number`;
//!   the first `MasterAgreementIDInfo`/`MasterAgreementReference` `agreementID` (else its
//!   `DocumentReference@payloadID`) → `contract`; further ones and an order `DocumentReference`
//!   go to the note. Lines are `InvoiceDetailItem` and `InvoiceDetailServiceItem`: `invoiceLineNumber`,
//!   `quantity`, `UnitOfMeasure`, `UnitPrice/Money` (÷ `PriceBasisQuantity@quantity` when given),
//!   `InvoiceDetail(Service)ItemReference@lineNumber` → the order line, its `ItemID/SupplierPartID`
//!   and `Description`, `SubtotalAmount` (else quantity × price by the money rule),
//!   `Tax/TaxDetail@percentageRate` (the `vat` one, else the first). A service line priced by a
//!   `UnitRate`, or without a `quantity`, is refused (it has no unit price to match).
//! - `InvoiceDetailSummary`: `Tax/Money` → `tax_total` (empty: the lines' tax amounts, else 0);
//!   `DueAmount`, else `NetAmount` → `total`; when both are missing or empty the total is worked
//!   out as `SubtotalAmount + Tax + SpecialHandlingAmount + ShippingAmount − InvoiceDetailDiscount`
//!   and the note says so. Shipping, special handling, discounts and deposits the summary states
//!   go to the note: they are on no line, so matching will show the total as differing.
//! - A credit memo's amounts may be negative (cXML's convention): they are stored positive. A
//!   negative quantity, price or amount on a standard invoice is refused.
//! - A header-level invoice (`InvoiceDetailHeaderOrder`, no lines) is refused: matching needs lines.
//!
//! Writing ([`write_cxml_invoice`]): the same elements in the order of the cXML 1.2 DTD; a credit
//! note as `purpose="lineLevelCreditMemo"` with negative quantities and amounts; the order as
//! `OrderIDInfo@orderID` (we do not know the payloadID an `OrderReference` needs), after the
//! contract's `MasterAgreementIDInfo` when there is one; a line without
//! an order line is written with its own number as `lineNumber` (the DTD requires one). cXML has
//! no due date: a document's `due` is not written.

use super::{
    amount_text, check_amount, check_line_count, check_price, check_quantity, check_tax_percent,
    day_at, days_at, decimal, decimal_at, invalid, join_notes, line_no_at, lines_net, money_text,
    number, per_unit, req, req_attr, unsupported, DocumentError, Format, ParsedInvoice, XmlOut,
};
use crate::invoice::{DocKind, EarlyDiscount, InvoiceDocument, InvoiceLine};
use procura_ground::date;
use procura_ground::money;
use procura_orders::order::documents::ORDER_ID_EXTRINSIC;
use procura_xml::Node;
use rust_decimal::Decimal;

const DOCTYPE: &str =
    "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/InvoiceDetail.dtd\">\n";

/// Extrinsic names suppliers use for the invoice a credit memo credits.
const CREDIT_FOR_NAMES: &[&str] = &[
    "invoiceID",
    "originalInvoiceID",
    "originalInvoiceNumber",
    "originalInvoiceNo",
];

fn extrinsic(node: Node<'_>, name: &str) -> Option<String> {
    node.children("Extrinsic")
        .find(|e| e.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(Node::value)
        .filter(|v| !v.is_empty())
}

/// The element's own text (without child elements such as `ShortName`), else all its text.
fn own_text(node: Node<'_>) -> String {
    let own = node.text().trim();
    if own.is_empty() {
        node.value()
    } else {
        own.to_owned()
    }
}

/// A `Money` child's amount and currency; `None` when the element or its value is absent or
/// empty.
fn money_at(node: Node<'_>, path: &[&str]) -> Result<Option<(Decimal, String)>, DocumentError> {
    let Some(m) = node.find(path) else {
        return Ok(None);
    };
    if m.value().is_empty() {
        return Ok(None);
    }
    let currency = req_attr(m, "currency")?.to_owned();
    Ok(Some((decimal(m)?, currency)))
}

pub(crate) fn read(root: Node<'_>) -> Result<ParsedInvoice, DocumentError> {
    let Some(request) = root.child("Request") else {
        return Err(DocumentError::MissingElement {
            path: format!("{}/Request", root.path()),
        });
    };
    let Some(req_node) = request.all_children().next() else {
        return Err(DocumentError::MissingElement {
            path: format!("{}/InvoiceDetailRequest", request.path()),
        });
    };
    if req_node.name() != "InvoiceDetailRequest" {
        return Err(unsupported(
            req_node.path(),
            format!(
                "a {} is not an invoice (expected InvoiceDetailRequest)",
                req_node.name()
            ),
        ));
    }
    let document_id = req_attr(root, "payloadID")?.to_owned();
    let sender_id = root
        .text_at(&["Header", "From", "Credential", "Identity"])
        .unwrap_or_default();
    let header = req(req_node, &["InvoiceDetailRequestHeader"])?;
    let number = req_attr(header, "invoiceID")?.to_owned();
    let purpose = header.attr("purpose").unwrap_or("standard");
    let kind = match purpose {
        "standard" => DocKind::Invoice,
        "creditMemo" | "lineLevelCreditMemo" => DocKind::CreditNote,
        other => {
            return Err(unsupported(
                header.attr_path("purpose"),
                format!(
                    "purpose \"{other}\" is not read: only standard invoices and credit memos \
                     (creditMemo, lineLevelCreditMemo) are"
                ),
            ))
        }
    };
    if header.attr("operation") == Some("delete") {
        return Err(unsupported(
            header.attr_path("operation"),
            "a cancelled invoice (operation=\"delete\") is not read; a credit memo reverses an invoice",
        ));
    }
    let issued = day_at(
        &header.attr_path("invoiceDate"),
        req_attr(header, "invoiceDate")?,
    )?;
    let credit = kind == DocKind::CreditNote;
    let mut notes: Vec<String> = vec![comments(header)];

    // Payment terms.
    let mut payment_days = None;
    let mut discount = None;
    for t in header.children("InvoiceDetailPaymentTerm") {
        let days = days_at(
            &t.attr_path("payInNumberOfDays"),
            req_attr(t, "payInNumberOfDays")?,
        )?;
        let rate = decimal_at(
            &t.attr_path("percentageRate"),
            req_attr(t, "percentageRate")?,
        )?;
        if rate > Decimal::ZERO {
            if discount.is_none() {
                discount = Some(EarlyDiscount {
                    days,
                    percent: check_tax_percent(&t.attr_path("percentageRate"), rate)?,
                });
            }
        } else if rate.is_zero() {
            payment_days.get_or_insert(days);
        } else {
            notes.push(format!("{}% penalty after {days} days", rate.abs()));
        }
    }
    if payment_days.is_none() && discount.is_none() {
        if let Some(t) = header.child("PaymentTerm") {
            if let Some(days) = t.attr("payInNumberOfDays") {
                payment_days = Some(days_at(&t.attr_path("payInNumberOfDays"), days)?);
            }
            if let Some(d) = t.child("Discount") {
                let percent = d.find(&["DiscountPercent"]).and_then(|p| p.attr("percent"));
                let days = d.text_at(&["DiscountDueDays"]);
                if let (Some(p), Some(days)) = (percent, days) {
                    let path = d.path();
                    let percent = check_tax_percent(&path, decimal_at(&path, p)?)?;
                    if percent > Decimal::ZERO {
                        discount = Some(EarlyDiscount {
                            days: days_at(&path, &days)?,
                            percent,
                        });
                    }
                }
            }
        }
    }

    // What a credit memo credits.
    let credit_for = header
        .child("InvoiceIDInfo")
        .and_then(|i| i.attr("invoiceID"))
        .map(str::to_owned)
        .or_else(|| CREDIT_FOR_NAMES.iter().find_map(|n| extrinsic(header, n)));
    if let Some(reference) = header
        .child("DocumentReference")
        .and_then(|d| d.attr("payloadID"))
    {
        notes.push(format!("refers to document {reference}"));
    }
    let credit_for = match (credit, credit_for) {
        (true, c) => c,
        (false, Some(c)) => {
            notes.push(format!("refers to invoice {c}"));
            None
        }
        (false, None) => None,
    };

    // Orders and lines.
    if req_node.child("InvoiceDetailHeaderOrder").is_some() {
        return Err(unsupported(
            format!("{}/InvoiceDetailHeaderOrder", req_node.path()),
            "a header-level invoice without lines is not read: matching needs the lines",
        ));
    }
    let orders: Vec<Node<'_>> = req_node.children("InvoiceDetailOrder").collect();
    if orders.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/InvoiceDetailOrder", req_node.path()),
        });
    }
    let items: Vec<Node<'_>> = orders
        .iter()
        .flat_map(|o| o.children(&["InvoiceDetailItem", "InvoiceDetailServiceItem"][..]))
        .collect();
    check_line_count(&orders[0].path(), items.len(), "InvoiceDetailItem")?;

    let mut order_number: Option<String> = None;
    let mut contract: Option<String> = None;
    let mut order_refs: Vec<String> = Vec::new();
    for o in &orders {
        let info = req(*o, &["InvoiceDetailOrderInfo"])?;
        let number = ["OrderReference", "OrderIDInfo", "SupplierOrderInfo"]
            .iter()
            .find_map(|n| info.child(*n).and_then(|r| r.attr("orderID")))
            .map(str::to_owned);
        let payload = info
            .find(&["OrderReference", "DocumentReference"])
            .and_then(|d| d.attr("payloadID"))
            .map(str::to_owned);
        let key = number
            .clone()
            .or_else(|| payload.as_ref().map(|p| format!("document {p}")))
            .unwrap_or_default();
        if !order_refs.contains(&key) {
            order_refs.push(key);
        }
        if order_number.is_none() {
            order_number = number;
            if let Some(p) = payload {
                notes.push(format!("order document {p}"));
            }
        }
        for agreement in ["MasterAgreementReference", "MasterAgreementIDInfo"] {
            if let Some(a) = info.child(agreement) {
                let id = a
                    .attr("agreementID")
                    .map(str::to_owned)
                    .or_else(|| {
                        a.find(&["DocumentReference"])
                            .and_then(|d| d.attr("payloadID"))
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                if contract.is_none() && !id.trim().is_empty() {
                    contract = Some(id.trim().to_owned());
                } else {
                    notes.push(format!("master agreement {id}"));
                }
            }
        }
    }
    if order_refs.len() > 1 {
        return Err(unsupported(
            req_node.path(),
            format!(
                "the invoice bills several orders ({}); one order per invoice is read",
                order_refs.join(", ")
            ),
        ));
    }
    let order_id = extrinsic(header, ORDER_ID_EXTRINSIC)
        .or_else(|| items.iter().find_map(|i| extrinsic(*i, ORDER_ID_EXTRINSIC)));

    let summary = req(req_node, &["InvoiceDetailSummary"])?;
    let (subtotal, currency) =
        money_at(summary, &["SubtotalAmount", "Money"])?.ok_or_else(|| {
            invalid(
                format!("{}/SubtotalAmount/Money", summary.path()),
                "empty, an amount is needed",
            )
        })?;
    let sign = |d: Decimal| if credit { d.abs() } else { d };
    let mut lines = Vec::with_capacity(items.len());
    let mut line_taxes = Decimal::ZERO;
    for item in &items {
        let (line, tax) = read_item(*item, credit, &currency)?;
        line_taxes =
            money::add(line_taxes, tax).map_err(|e| invalid(item.path(), e.to_string()))?;
        lines.push(line);
    }

    let amount = |path: &[&str]| -> Result<Option<Decimal>, DocumentError> {
        match money_at(summary, path)? {
            None => Ok(None),
            Some((a, c)) => {
                if c != currency {
                    return Err(invalid(
                        format!("{}/{}", summary.path(), path.join("/")),
                        format!("currency {c}, the invoice is in {currency}"),
                    ));
                }
                Ok(Some(a))
            }
        }
    };
    let stated_tax = amount(&["Tax", "Money"])?;
    let tax_total = sign(stated_tax.unwrap_or(line_taxes));
    let shipping = amount(&["ShippingAmount", "Money"])?;
    let handling = amount(&["SpecialHandlingAmount", "Money"])?;
    let discount_amount = amount(&["InvoiceDetailDiscount", "Money"])?;
    let deposit = amount(&["DepositAmount", "Money"])?;
    for (what, a) in [
        ("shipping", shipping),
        ("special handling", handling),
        ("discount", discount_amount),
        ("deposit", deposit),
    ] {
        if let Some(a) = a.filter(|a| !a.is_zero()) {
            notes.push(format!("{what} {} {currency}", sign(a)));
        }
    }
    let stated_total = match amount(&["DueAmount", "Money"])? {
        Some(a) => Some(a),
        None => amount(&["NetAmount", "Money"])?,
    };
    let total = match stated_total {
        Some(t) => sign(t),
        None => {
            let worked = money::sum([
                sign(subtotal),
                tax_total,
                sign(handling.unwrap_or_default()),
                sign(shipping.unwrap_or_default()),
                -sign(discount_amount.unwrap_or_default()),
            ])
            .map_err(|e| invalid(summary.path(), e.to_string()))?;
            notes.push(format!(
                "the document states no net or due amount; total worked out from its summary: {worked} {currency}"
            ));
            worked
        }
    };
    let path = format!("{}/DueAmount", summary.path());
    let total = check_amount(&path, total)?;
    let tax_total = check_amount(&format!("{}/Tax", summary.path()), tax_total)?;

    let document = InvoiceDocument {
        kind,
        number,
        document_id,
        issued,
        due: None,
        currency,
        order_id,
        order_number: order_number.filter(|n| !n.trim().is_empty()),
        credit_for,
        contract,
        lines,
        tax_total,
        total,
        payment_days,
        discount,
        note: join_notes(notes.iter().map(String::as_str)),
    };
    Ok(ParsedInvoice {
        format: Format::Cxml,
        sender_id,
        document,
    })
}

fn comments(node: Node<'_>) -> String {
    join_notes(
        node.children("Comments")
            .map(|c| c.text().trim())
            .collect::<Vec<_>>(),
    )
}

/// One line and its tax amount as stated (0 when none).
fn read_item(
    item: Node<'_>,
    credit: bool,
    currency: &str,
) -> Result<(InvoiceLine, Decimal), DocumentError> {
    let refuse_negative = |path: String, what: &str| {
        invalid(
            path,
            format!(
                "a negative {what} on a standard invoice (a correction) is not read; \
                 the supplier sends a credit memo"
            ),
        )
    };
    let positive = |path: String, d: Decimal, what: &str| -> Result<Decimal, DocumentError> {
        if d < Decimal::ZERO && !credit {
            Err(refuse_negative(path, what))
        } else {
            Ok(d.abs())
        }
    };
    let line_no = line_no_at(
        &item.attr_path("invoiceLineNumber"),
        req_attr(item, "invoiceLineNumber")?,
    )?;
    let qpath = item.attr_path("quantity");
    let quantity = positive(
        qpath.clone(),
        decimal_at(&qpath, req_attr(item, "quantity")?)?,
        "quantity",
    )?;
    let quantity = check_quantity(&qpath, quantity)?;
    let unit = item.text_at(&["UnitOfMeasure"]).unwrap_or_default();
    let price_el = req(item, &["UnitPrice", "Money"])?;
    let price_currency = req_attr(price_el, "currency")?;
    if price_currency != currency {
        return Err(invalid(
            price_el.path(),
            format!("currency {price_currency}, the invoice is in {currency}"),
        ));
    }
    let mut unit_price = positive(price_el.path(), decimal(price_el)?, "price")?;
    if let Some(basis) = item.child("PriceBasisQuantity") {
        let path = basis.attr_path("quantity");
        let base = check_quantity(&path, decimal_at(&path, req_attr(basis, "quantity")?)?)?;
        unit_price = per_unit(&path, unit_price, base)?;
    }
    let unit_price = check_price(&price_el.path(), unit_price)?;
    let reference = req(
        item,
        &[if item.name() == "InvoiceDetailServiceItem" {
            "InvoiceDetailServiceItemReference"
        } else {
            "InvoiceDetailItemReference"
        }],
    )?;
    let order_line = match reference.attr("lineNumber") {
        Some(n) => Some(line_no_at(&reference.attr_path("lineNumber"), n)?),
        None => None,
    };
    let supplier_part = reference
        .text_at(&["ItemID", "SupplierPartID"])
        .unwrap_or_default();
    let description = reference
        .child("Description")
        .or_else(|| item.child("Description"))
        .map(own_text)
        .unwrap_or_default();
    let net = match money_at(item, &["SubtotalAmount", "Money"])? {
        Some((n, _)) => positive(format!("{}/SubtotalAmount", item.path()), n, "amount")?,
        None => money::line_net(quantity, unit_price, currency)
            .map_err(|e| invalid(item.path(), e.to_string()))?,
    };
    let net = check_amount(&format!("{}/SubtotalAmount", item.path()), net)?;
    let mut tax_percent = Decimal::ZERO;
    let mut tax = Decimal::ZERO;
    if let Some(t) = item.child("Tax") {
        let details: Vec<Node<'_>> = t.children("TaxDetail").collect();
        let detail = details
            .iter()
            .find(|d| {
                d.attr("category")
                    .is_some_and(|c| c.eq_ignore_ascii_case("vat"))
            })
            .or(details.first());
        if let Some((d, rate)) = detail.and_then(|d| d.attr("percentageRate").map(|r| (d, r))) {
            let path = d.attr_path("percentageRate");
            tax_percent = check_tax_percent(&path, decimal_at(&path, rate)?)?;
        }
        if let Some((a, _)) = money_at(t, &["Money"])? {
            tax = a.abs();
        }
    }
    Ok((
        InvoiceLine {
            line_no,
            order_line,
            supplier_part,
            description,
            quantity,
            unit,
            unit_price,
            tax_percent,
            net,
        },
        tax,
    ))
}

// ---------------------------------------------------------------------------------------------
// Writing

/// `zh` for text with Chinese characters, else `en` (an `xml:lang` for free text).
fn lang_of(text: &str) -> &'static str {
    let cjk = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    if text.chars().any(cjk) {
        "zh"
    } else {
        "en"
    }
}

fn credential(x: &mut XmlOut, id: &str) {
    let (domain, identity) = match id.split_once(':') {
        Some((d, v)) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            (d.to_owned(), v.to_owned())
        }
        _ => ("NetworkID".to_owned(), id.to_owned()),
    };
    x.open("Credential", &[("domain", &domain)]);
    x.leaf("Identity", &[], identity.trim());
    x.close("Credential");
}

fn money_el(x: &mut XmlOut, name: &str, amount: Decimal, currency: &str) {
    x.open(name, &[]);
    x.leaf(
        "Money",
        &[("currency", currency)],
        &amount_text(amount, currency),
    );
    x.close(name);
}

/// A supplier's invoice or credit note as a cXML 1.2 `InvoiceDetailRequest` from `from` to
/// `to` (party ids as `domain:identity`, else a `NetworkID`), made at `timestamp_ms`.
pub fn write_cxml_invoice(
    doc: &InvoiceDocument,
    from: &str,
    to: &str,
    payload_id: &str,
    timestamp_ms: i64,
) -> String {
    let credit = doc.kind == DocKind::CreditNote;
    // A credit memo states its quantities and amounts negative.
    let signed = |d: Decimal| if credit { -d } else { d };
    let c = doc.currency.as_str();
    let mut x = XmlOut::new(DOCTYPE);
    let stamp = date::moment_text(date::moment_of_ms(
        timestamp_ms.saturating_sub(timestamp_ms.rem_euclid(1000)),
    ));
    x.open(
        "cXML",
        &[
            ("payloadID", payload_id),
            ("timestamp", &stamp),
            ("version", "1.2.050"),
            ("xml:lang", "en"),
        ],
    );
    x.open("Header", &[]);
    for (el, id) in [("From", from), ("To", to)] {
        x.open(el, &[]);
        credential(&mut x, id);
        x.close(el);
    }
    x.open("Sender", &[]);
    credential(&mut x, from);
    x.leaf("UserAgent", &[], "Procura");
    x.close("Sender");
    x.close("Header");
    x.open("Request", &[("deploymentMode", "production")]);
    x.open("InvoiceDetailRequest", &[]);
    let issued = format!("{}T00:00:00+00:00", doc.issued);
    x.open(
        "InvoiceDetailRequestHeader",
        &[
            ("invoiceID", doc.number.trim()),
            (
                "purpose",
                if credit {
                    "lineLevelCreditMemo"
                } else {
                    "standard"
                },
            ),
            ("operation", "new"),
            ("invoiceDate", &issued),
        ],
    );
    x.empty("InvoiceDetailHeaderIndicator", &[]);
    x.empty("InvoiceDetailLineIndicator", &[("isTaxInLine", "yes")]);
    if let Some(original) = doc.credit_for.as_deref().filter(|c| !c.trim().is_empty()) {
        x.empty("InvoiceIDInfo", &[("invoiceID", original.trim())]);
    }
    if let Some(days) = doc.payment_days {
        x.empty(
            "InvoiceDetailPaymentTerm",
            &[
                ("payInNumberOfDays", &days.to_string()),
                ("percentageRate", "0"),
            ],
        );
    }
    if let Some(d) = &doc.discount {
        x.empty(
            "InvoiceDetailPaymentTerm",
            &[
                ("payInNumberOfDays", &d.days.to_string()),
                ("percentageRate", &number(d.percent)),
            ],
        );
    }
    if !doc.note.trim().is_empty() {
        x.leaf(
            "Comments",
            &[("xml:lang", lang_of(&doc.note))],
            doc.note.trim(),
        );
    }
    if let Some(id) = doc.order_id.as_deref().filter(|i| !i.trim().is_empty()) {
        x.leaf("Extrinsic", &[("name", ORDER_ID_EXTRINSIC)], id.trim());
    }
    x.close("InvoiceDetailRequestHeader");

    x.open("InvoiceDetailOrder", &[]);
    x.open("InvoiceDetailOrderInfo", &[]);
    // Without the order's payloadID there is no OrderReference; the agreement comes first
    // then (`MasterAgreementIDInfo`, `OrderIDInfo`).
    if let Some(c) = doc.contract.as_deref().filter(|c| !c.trim().is_empty()) {
        x.empty("MasterAgreementIDInfo", &[("agreementID", c.trim())]);
    }
    x.empty(
        "OrderIDInfo",
        &[("orderID", doc.order_number.as_deref().unwrap_or("").trim())],
    );
    x.close("InvoiceDetailOrderInfo");
    for l in &doc.lines {
        x.open(
            "InvoiceDetailItem",
            &[
                ("invoiceLineNumber", &l.line_no.to_string()),
                ("quantity", &number(signed(l.quantity))),
            ],
        );
        x.leaf("UnitOfMeasure", &[], l.unit.trim());
        money_el(&mut x, "UnitPrice", l.unit_price, c);
        x.open(
            "InvoiceDetailItemReference",
            &[("lineNumber", &l.order_line.unwrap_or(l.line_no).to_string())],
        );
        if !l.supplier_part.trim().is_empty() {
            x.open("ItemID", &[]);
            x.leaf("SupplierPartID", &[], l.supplier_part.trim());
            x.close("ItemID");
        }
        x.leaf(
            "Description",
            &[("xml:lang", lang_of(&l.description))],
            l.description.trim(),
        );
        x.close("InvoiceDetailItemReference");
        money_el(&mut x, "SubtotalAmount", signed(l.net), c);
        if !l.tax_percent.is_zero() {
            let tax = money::tax(l.net, l.tax_percent, c).unwrap_or_default();
            x.open("Tax", &[]);
            x.leaf("Money", &[("currency", c)], &money_text(signed(tax), c));
            x.leaf("Description", &[("xml:lang", "en")], "VAT");
            x.open(
                "TaxDetail",
                &[
                    ("purpose", "tax"),
                    ("category", "vat"),
                    ("percentageRate", &number(l.tax_percent)),
                ],
            );
            money_el(&mut x, "TaxableAmount", signed(l.net), c);
            x.open("TaxAmount", &[]);
            x.leaf("Money", &[("currency", c)], &money_text(signed(tax), c));
            x.close("TaxAmount");
            x.close("TaxDetail");
            x.close("Tax");
        }
        x.close("InvoiceDetailItem");
    }
    x.close("InvoiceDetailOrder");

    x.open("InvoiceDetailSummary", &[]);
    money_el(&mut x, "SubtotalAmount", signed(lines_net(doc)), c);
    x.open("Tax", &[]);
    x.leaf(
        "Money",
        &[("currency", c)],
        &amount_text(signed(doc.tax_total), c),
    );
    x.leaf("Description", &[("xml:lang", "en")], "VAT");
    x.close("Tax");
    money_el(&mut x, "NetAmount", signed(doc.total), c);
    money_el(&mut x, "DueAmount", signed(doc.total), c);
    x.close("InvoiceDetailSummary");
    x.close("InvoiceDetailRequest");
    x.close("Request");
    x.close("cXML");
    x.finish()
}
