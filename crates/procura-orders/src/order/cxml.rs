//! cXML 1.2: the `OrderRequest` Procura sends, and what suppliers answer with
//! (`ConfirmationRequest`, `ShipNoticeRequest`, `StatusUpdateRequest`).
//!
//! Writing ([`order_request`]):
//! - `Header`: `From` (buyer), `To` (supplier), `Sender` (buyer, `UserAgent` Procura) credentials;
//!   the domain comes from the id's scheme (see [`Parties`]). No `SharedSecret` is written: the
//!   endpoint adds authentication at the transport.
//! - `OrderRequestHeader orderID` = the order number, `orderDate` = [`Parties::timestamp`],
//!   `type="new"`; `Total` = Σ quantity × unit price (each line rounded to 2 decimals); `ShipTo`
//!   with the buyer's name and one `Street` per line of the ship-to text (`City` is left empty,
//!   the text being free; `Country` from [`Parties::ship_to_country`]); `BillTo` with the buyer's
//!   name; `PaymentTerm payInNumberOfDays`; the terms' note as `Comments`; the Incoterm as
//!   `TermsOfDelivery/TransportTerms@value`; the order's id as `Extrinsic name="ProcuraOrderId"`.
//! - One `ItemOut` per line: `quantity`, `lineNumber`, `requestedDeliveryDate` (need-by, at
//!   midnight UTC); `ItemID/SupplierPartID` (empty for a non-catalog line) and
//!   `SupplierPartAuxiliaryID` = the catalog item id; `ItemDetail` with `UnitPrice`, `Description`
//!   (`xml:lang` `zh` for Chinese text, else `en`), `UnitOfMeasure` (UN/ECE Rec 20 as held),
//!   `Classification domain="UNSPSC"`, the GTIN as `Extrinsic name="GTIN"`; a VAT rate other than
//!   zero as `Tax/TaxDetail percentageRate`; the contract a line is priced by as
//!   `MasterAgreementIDInfo agreementID` (its number).
//!
//! Reading supplier messages ([`parse_supplier_message`]):
//! - `ConfirmationRequest`: header type `reject` → [`OrderEvent::Rejected`] (reason: the
//!   comments); `requestToPay` → no event; any other type → [`OrderEvent::Acknowledged`], one
//!   [`LineAck`] per `ConfirmationItem`: all its `ConfirmationStatus` portions `reject` →
//!   `Rejected`; all `unknown` → not named; otherwise `Changed` when the confirmed quantity (the
//!   portions that are not `reject`/`unknown`) differs from the item's, or a portion gives a
//!   `deliveryDate` (the latest counts) or a `UnitPrice` (also inside `ItemIn/ItemDetail`), else
//!   `Accepted`. `at_ms` is `noticeDate`.
//! - `ShipNoticeRequest` → [`OrderEvent::Shipped`] per `ShipNoticePortion` (order): shipment id
//!   `shipmentID`, carrier the `CarrierIdentifier` of domain `companyName` (else the first),
//!   tracking the first `ShipmentIdentifier`, expected `deliveryDate`, lines from
//!   `ShipNoticeItem lineNumber quantity` (none: the whole order). `at_ms` is `shipmentDate`, else
//!   `noticeDate`. `operation="delete"` gives no event (the notice is withdrawn).
//! - `StatusUpdateRequest` → no event; the note is `status <code> <text>: <content>` and
//!   `order_ref.payload_id` the referenced document.
//!
//! Dates without a zone are UTC. `at_ms` falls back to the `cXML@timestamp`, else 0.

use super::doc_xml::{self, Node, Required, XmlOut};
use super::documents::{
    self, cxml_credential, date_at, decimal_at, join_notes, lang_of, line_amount, line_no_at,
    money, DocumentError, ParsedLine, ParsedOrder, Parties, ORDER_ID_EXTRINSIC,
};
use super::PurchaseOrder;
use procura_ground::date::{self, Date};

const DOCTYPE: &str =
    "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">\n";

/// The names a GTIN goes by in `ItemDetail/Extrinsic@name` or `ItemID/IdReference@domain`.
const GTIN_NAMES: &[&str] = &["GTIN", "EAN", "EAN-13", "EAN13", "UPC", "GTIN-13"];

/// The order as a cXML 1.2 `OrderRequest`.
pub fn order_request(po: &PurchaseOrder, parties: &Parties) -> String {
    let mut x = XmlOut::new(DOCTYPE);
    x.open(
        "cXML",
        &[
            ("payloadID", &parties.payload_id),
            ("timestamp", &date::moment_text(parties.timestamp)),
            ("version", "1.2.050"),
            ("xml:lang", "en"),
        ],
    );
    x.open("Header", &[]);
    for (el, id) in [("From", &parties.buyer_id), ("To", &parties.supplier_id)] {
        x.open(el, &[]);
        credential(&mut x, id);
        x.close(el);
    }
    x.open("Sender", &[]);
    credential(&mut x, &parties.buyer_id);
    x.leaf("UserAgent", &[], "Procura");
    x.close("Sender");
    x.close("Header");

    x.open("Request", &[("deploymentMode", "production")]);
    x.open("OrderRequest", &[]);
    x.open(
        "OrderRequestHeader",
        &[
            ("orderID", &po.number),
            ("orderDate", &date::moment_text(parties.timestamp)),
            ("type", "new"),
        ],
    );
    let total = documents::total(po.lines.iter().map(|l| line_amount(l, &po.currency)));
    x.open("Total", &[]);
    x.leaf(
        "Money",
        &[("currency", &po.currency)],
        &money(total, &po.currency),
    );
    x.close("Total");
    x.open("ShipTo", &[]);
    ship_to_address(&mut x, po, parties);
    x.close("ShipTo");
    x.open("BillTo", &[]);
    x.open("Address", &[]);
    name(&mut x, &parties.buyer_name);
    x.close("Address");
    x.close("BillTo");
    x.empty(
        "PaymentTerm",
        &[("payInNumberOfDays", &po.terms.payment_days.to_string())],
    );
    if !po.terms.note.trim().is_empty() {
        x.leaf(
            "Comments",
            &[("xml:lang", lang_of(&po.terms.note))],
            po.terms.note.trim(),
        );
    }
    if let Some(incoterm) = po
        .terms
        .incoterm
        .as_deref()
        .filter(|i| !i.trim().is_empty())
    {
        x.open("TermsOfDelivery", &[]);
        x.empty("TermsOfDeliveryCode", &[("value", "TransportCondition")]);
        x.leaf("ShippingPaymentMethod", &[("value", "Other")], "As agreed");
        x.leaf(
            "TransportTerms",
            &[("value", incoterm.trim())],
            incoterm.trim(),
        );
        x.close("TermsOfDelivery");
    }
    x.leaf("Extrinsic", &[("name", ORDER_ID_EXTRINSIC)], po.id.as_str());
    x.close("OrderRequestHeader");

    for line in &po.lines {
        let quantity = line.quantity.to_string();
        let line_no = line.line_no.to_string();
        let mut attrs = vec![
            ("quantity", quantity.as_str()),
            ("lineNumber", line_no.as_str()),
        ];
        let need_by = ParsedLine::from(line)
            .need_by
            .map(|d| format!("{d}T00:00:00+00:00"));
        if let Some(d) = &need_by {
            attrs.push(("requestedDeliveryDate", d));
        }
        x.open("ItemOut", &attrs);
        x.open("ItemID", &[]);
        x.leaf("SupplierPartID", &[], line.supplier_part.trim());
        if let Some(item) = line
            .item_id
            .as_ref()
            .map(|i| i.as_str())
            .filter(|i| !i.trim().is_empty())
        {
            x.leaf("SupplierPartAuxiliaryID", &[], item.trim());
        }
        x.close("ItemID");
        x.open("ItemDetail", &[]);
        x.open("UnitPrice", &[]);
        x.leaf(
            "Money",
            &[("currency", &po.currency)],
            &line.unit_price.to_string(),
        );
        x.close("UnitPrice");
        let description = line.description.trim();
        x.leaf(
            "Description",
            &[("xml:lang", lang_of(description))],
            description,
        );
        x.leaf("UnitOfMeasure", &[], line.unit.trim());
        x.leaf(
            "Classification",
            &[("domain", "UNSPSC")],
            line.unspsc.trim(),
        );
        if let Some(gtin) = line.gtin.as_deref().filter(|g| !g.trim().is_empty()) {
            x.leaf("Extrinsic", &[("name", "GTIN")], gtin.trim());
        }
        x.close("ItemDetail");
        if !line.tax_percent.is_zero() {
            let tax = documents::tax_amount(line, &po.currency);
            x.open("Tax", &[]);
            x.leaf(
                "Money",
                &[("currency", &po.currency)],
                &money(tax, &po.currency),
            );
            x.leaf("Description", &[("xml:lang", "en")], "VAT");
            x.open(
                "TaxDetail",
                &[
                    ("purpose", "tax"),
                    ("category", "vat"),
                    ("percentageRate", &line.tax_percent.to_string()),
                ],
            );
            x.open("TaxableAmount", &[]);
            x.leaf(
                "Money",
                &[("currency", &po.currency)],
                &money(line_amount(line, &po.currency), &po.currency),
            );
            x.close("TaxableAmount");
            x.open("TaxAmount", &[]);
            x.leaf(
                "Money",
                &[("currency", &po.currency)],
                &money(tax, &po.currency),
            );
            x.close("TaxAmount");
            x.close("TaxDetail");
            x.close("Tax");
        }
        if let Some(contract) = &line.contract {
            x.empty(
                "MasterAgreementIDInfo",
                &[("agreementID", contract.number.trim())],
            );
        }
        x.close("ItemOut");
    }
    x.close("OrderRequest");
    x.close("Request");
    x.close("cXML");
    x.finish()
}

fn credential(x: &mut XmlOut, id: &str) {
    let (domain, identity) = cxml_credential(id);
    x.open("Credential", &[("domain", &domain)]);
    x.leaf("Identity", &[], &identity);
    x.close("Credential");
}

fn name(x: &mut XmlOut, text: &str) {
    let text = text.trim();
    x.leaf("Name", &[("xml:lang", lang_of(text))], text);
}

fn ship_to_address(x: &mut XmlOut, po: &PurchaseOrder, parties: &Parties) {
    let country = parties
        .ship_to_country
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if country.is_empty() {
        x.open("Address", &[]);
    } else {
        x.open("Address", &[("isoCountryCode", country)]);
    }
    name(x, &parties.buyer_name);
    let lines = documents::address_lines(&po.ship_to);
    if !lines.is_empty() {
        x.open("PostalAddress", &[("name", "default")]);
        for l in lines {
            x.leaf("Street", &[], l);
        }
        x.leaf("City", &[], "");
        x.leaf("Country", &[("isoCountryCode", country)], country);
        x.close("PostalAddress");
    }
    x.close("Address");
}

/// Reads a cXML `OrderRequest`.
pub fn parse_order_request(xml: &str) -> Result<ParsedOrder, DocumentError> {
    read_order(doc_xml::parse(xml)?.root())
}

fn expect_cxml(root: Node<'_>) -> Result<(), DocumentError> {
    if root.name() == "cXML" {
        Ok(())
    } else {
        Err(DocumentError::WrongRoot {
            found: root.name().to_owned(),
            expected: "a cXML document".into(),
        })
    }
}

/// The request inside `cXML/Request`, by name.
fn request<'d>(root: Node<'d>, want: &[&str]) -> Result<Node<'d>, DocumentError> {
    let Some(req) = root.child("Request") else {
        let what = root
            .all_children()
            .map(|c| c.name())
            .find(|n| *n == "Message" || *n == "Response");
        return Err(match what {
            Some(other) => DocumentError::Unsupported {
                path: format!("{}/{other}", root.path()),
                message: format!("a cXML {other} is not read here; a Request is expected"),
            },
            None => DocumentError::MissingElement {
                path: format!("{}/Request", root.path()),
            },
        });
    };
    let Some(inner) = req.all_children().next() else {
        return Err(DocumentError::MissingElement {
            path: format!("{}/{}", req.path(), want.join("|")),
        });
    };
    if want.contains(&inner.name()) {
        return Ok(inner);
    }
    let message = if inner.name() == "OrderRequest" {
        "an OrderRequest is a buyer's order, not a supplier message".to_owned()
    } else {
        format!(
            "a {} is not read here (expected {})",
            inner.name(),
            want.join(", ")
        )
    };
    Err(DocumentError::Unsupported {
        path: inner.path(),
        message,
    })
}

fn identity(root: Node<'_>, party: &str) -> String {
    root.text_at(&["Header", party, "Credential", "Identity"])
        .unwrap_or_default()
}

/// An `Extrinsic name=…` among a node's children.
fn extrinsic(node: Node<'_>, name: &str) -> Option<String> {
    node.children("Extrinsic")
        .find(|e| e.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(Node::value)
        .filter(|v| !v.is_empty())
}

/// The element's own text (without child elements such as `ShortName` or `Attachment`),
/// falling back to all its text.
fn own_text(node: Node<'_>) -> String {
    let own = node.text().trim();
    if own.is_empty() {
        node.value()
    } else {
        own.to_owned()
    }
}

fn comments(node: Node<'_>) -> String {
    join_notes(
        node.children("Comments")
            .map(|c| c.text().trim())
            .collect::<Vec<_>>(),
    )
}

pub(crate) fn read_order(root: Node<'_>) -> Result<ParsedOrder, DocumentError> {
    expect_cxml(root)?;
    let order = request(root, &["OrderRequest"])?;
    let header = order.req(&["OrderRequestHeader"])?;
    let money = header.req(&["Total", "Money"])?;
    let currency = money.req_attr("currency")?.to_owned();
    let total = money.decimal()?;
    let ship_to_address = header.find(&["ShipTo", "Address"]);
    let postal = ship_to_address.and_then(|a| a.child("PostalAddress"));
    let ship_to = postal.map(postal_lines).unwrap_or_default();
    let ship_to_country = postal
        .and_then(|p| p.child("Country"))
        .and_then(|c| c.attr("isoCountryCode"))
        .or_else(|| ship_to_address.and_then(|a| a.attr("isoCountryCode")))
        .map(str::to_owned);
    let payment_days = match header.find(&["PaymentTerm"]) {
        None => None,
        Some(term) => {
            let days = term.req_attr("payInNumberOfDays")?;
            Some(days.parse::<u32>().map_err(|_| DocumentError::Invalid {
                path: term.attr_path("payInNumberOfDays"),
                message: format!("\"{days}\" is not a number of days"),
            })?)
        }
    };
    let header_need_by = date_at(
        &header.attr_path("requestedDeliveryDate"),
        header.attr("requestedDeliveryDate"),
    )?;
    let items: Vec<Node<'_>> = order.children("ItemOut").collect();
    if items.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/ItemOut", order.path()),
        });
    }
    let lines = items
        .iter()
        .enumerate()
        .map(|(i, item)| read_item(*item, i, header_need_by))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ParsedOrder {
        order_number: header.req_attr("orderID")?.to_owned(),
        order_id: extrinsic(header, ORDER_ID_EXTRINSIC),
        order_date: documents::moment_at(&header.attr_path("orderDate"), header.attr("orderDate"))?,
        buyer_id: identity(root, "From"),
        supplier_id: identity(root, "To"),
        currency,
        total: Some(total),
        ship_to,
        ship_to_country,
        payment_days,
        incoterm: header
            .find(&["TermsOfDelivery", "TransportTerms"])
            .and_then(|t| t.attr("value"))
            .map(str::to_owned),
        note: comments(header),
        lines,
    })
}

/// `DeliverTo`s, `Street`s, `PostalCode City`, `State`: one line each, empty ones left out (the
/// country is read apart).
fn postal_lines(addr: Node<'_>) -> String {
    let mut lines: Vec<String> = Vec::new();
    for n in addr.all_children() {
        match n.name() {
            "DeliverTo" | "Street" => lines.push(n.value()),
            _ => {}
        }
    }
    let city = join_words(&[
        addr.text_at(&["PostalCode"]).unwrap_or_default(),
        addr.text_at(&["City"]).unwrap_or_default(),
    ]);
    lines.push(city);
    lines.push(addr.text_at(&["State"]).unwrap_or_default());
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn join_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_item(
    item: Node<'_>,
    index: usize,
    header_need_by: Option<Date>,
) -> Result<ParsedLine, DocumentError> {
    let quantity = documents::quantity_at(&item.attr_path("quantity"), item.req_attr("quantity")?)?;
    let line_no = match item.attr("lineNumber") {
        Some(n) => line_no_at(&item.attr_path("lineNumber"), n)?,
        None => u32::try_from(index + 1).unwrap_or(u32::MAX),
    };
    let need_by = date_at(
        &item.attr_path("requestedDeliveryDate"),
        item.attr("requestedDeliveryDate"),
    )?
    .or(header_need_by);
    let id = item.req(&["ItemID"])?;
    let supplier_part = id.req(&["SupplierPartID"])?.value();
    let item_id = id.text_at(&["SupplierPartAuxiliaryID"]);
    let detail = item.req(&["ItemDetail"])?;
    let unit_price = detail.req(&["UnitPrice", "Money"])?.decimal()?;
    let description = detail.req(&["Description"]).map(own_text)?;
    let unit = detail.req(&["UnitOfMeasure"])?.value();
    let unspsc = detail
        .children("Classification")
        .find(|c| {
            c.attr("domain")
                .is_some_and(|d| d.eq_ignore_ascii_case("UNSPSC"))
        })
        .map(Node::value)
        .unwrap_or_default();
    let gtin = GTIN_NAMES
        .iter()
        .find_map(|n| extrinsic(detail, n))
        .or_else(|| {
            id.children("IdReference")
                .find(|r| {
                    r.attr("domain")
                        .is_some_and(|d| GTIN_NAMES.iter().any(|n| n.eq_ignore_ascii_case(d)))
                })
                .and_then(|r| r.attr("identifier"))
                .map(str::to_owned)
        });
    let tax_percent = match item.find(&["Tax"]) {
        None => None,
        Some(tax) => {
            let details: Vec<Node<'_>> = tax.children("TaxDetail").collect();
            let detail = details
                .iter()
                .find(|d| {
                    d.attr("category")
                        .is_some_and(|c| c.eq_ignore_ascii_case("vat"))
                })
                .or(details.first());
            match detail.and_then(|d| d.attr("percentageRate").map(|r| (d, r))) {
                Some((d, rate)) => {
                    Some(decimal_at(&d.attr_path("percentageRate"), rate)?).filter(|r| !r.is_zero())
                }
                None => None,
            }
        }
    };
    Ok(ParsedLine {
        line_no,
        supplier_part,
        item_id,
        gtin,
        description,
        quantity,
        unit,
        unit_price,
        tax_percent,
        need_by,
        unspsc,
    })
}

mod answers;

pub(crate) use answers::messages;
pub use answers::{parse_supplier_message, parse_supplier_messages};
